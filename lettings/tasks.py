"""Thin Celery tasks for lettings: call a service; the services are safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from lettings.services import cycles


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def lettings_run_due() -> str:
    """Every minute: schedule coming cycles, open and close bidding that is due, put published
    adverts live and follow them up with automatic bids and alerts."""
    return str(cycles.lettings_run_due())
