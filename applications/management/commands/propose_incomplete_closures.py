"""Flag applications whose evidence deadline has passed, for an officer to confirm closure.

Nothing is closed here: an officer confirms each closure from the "Closure to confirm" queue
(DOMAIN.md §5.1 step 4; no solely automated decision with legal effect). The scheduled-jobs issue
runs this from Celery beat; until then run it daily from cron or by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from applications.services.casework import incomplete_closures_propose


class Command(BaseCommand):
    help = "Propose closure of applications whose evidence deadline has passed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", help="Treat this date (YYYY-MM-DD) as today.")

    def handle(self, *args: Any, **options: Any) -> None:
        on = None
        if options["on"]:
            try:
                on = dt.date.fromisoformat(options["on"])
            except ValueError as exc:
                raise CommandError("--on must be a date like 2026-11-23") from exc
        count = incomplete_closures_propose(on=on)
        self.stdout.write(f"{count} application{'s' if count != 1 else ''} proposed for closure.")
