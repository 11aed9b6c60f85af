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
