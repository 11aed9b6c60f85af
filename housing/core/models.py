"""Base model and the calendar's bank-holiday table."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class TimeStampedModel(models.Model):
    """Every Homeward record knows when it was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class BankHoliday(models.Model):
    """An English bank holiday. Editable in admin: the government announces extra days (a royal
    funeral, a coronation) at short notice, so this is a table, not code."""

    date = models.DateField(unique=True)
    title = models.CharField(max_length=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y}: {self.title}"


class Sequence(models.Model):
    """A named counter for human-readable references (HR-2026-000123). Incremented under a row
    lock, so two submissions never get the same number."""

    name = models.CharField(max_length=60, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"
