"""The Celery application. Tasks live in each app's ``tasks.py``; the beat schedule is in code."""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "housing.settings")

app = Celery("homeward")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic work, by readable name. Later issues add the register reviews here.
app.conf.beat_schedule = {
    "letters: re-queue letters stuck in the queue": {
        "task": "housing.letters.tasks.letters_requeue_stuck",
        "schedule": crontab(minute="*/5"),
    },
    "lettings: open and close bidding, automatic bids and alerts": {
        "task": "lettings.tasks.lettings_run_due",
        "schedule": crontab(minute="*"),
    },
    "nominations: chase SLAs and return lapsed vacancies to providers": {
        "task": "nominations.tasks.nominations_chase_due",
        "schedule": crontab(minute="*/15"),
    },
}
