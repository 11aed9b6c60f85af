"""Thin Celery tasks for nominations: call a service; the services are safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from nominations.services import chasing


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def nominations_chase_due() -> str:
    """Every 15 minutes: SLA reminders to providers and the council, and vacancies whose
    nominate-by date has passed with nobody nominated returned to their provider."""
    return str(chasing.nominations_chase_due())
