"""Thin Celery tasks for letters: take a primary key, call a service, retry transient errors."""

from __future__ import annotations

import smtplib

from celery import shared_task
from django.db import OperationalError

from housing.letters import services

TRANSIENT = (OperationalError, smtplib.SMTPException, ConnectionError, TimeoutError, OSError)


@shared_task(bind=True, autoretry_for=TRANSIENT, retry_backoff=True, retry_backoff_max=600,
             retry_jitter=True, max_retries=8, acks_late=True)
def letter_process_task(self, letter_id: int) -> str:  # type: ignore[no-untyped-def]
    """Render the letter's PDF and deliver it; a re-run for the same letter is a no-op."""
    try:
        letter = services.letter_process(letter_id=letter_id)
    except TRANSIENT as exc:
        services.letter_record_failure(letter_id=letter_id, error=type(exc).__name__)
        raise
    return letter.status


@shared_task
def letters_requeue_stuck() -> int:
    """Every five minutes: queue again any letter still waiting after five minutes."""
    return services.letters_requeue_stuck()
