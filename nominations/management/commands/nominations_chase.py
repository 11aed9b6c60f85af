"""Run the nominations SLA chaser now (what Celery beat runs every 15 minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nominations.services.chasing import nominations_chase_due


class Command(BaseCommand):
    help = ("Send the nomination SLA reminders that are due and return lapsed vacancies to "
            "their provider. Safe to run twice.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(nominations_chase_due()))
