"""Open and close bidding by hand — the same services Celery beat runs every minute.

    manage.py bidding_cycles run            # everything due now (what beat does)
    manage.py bidding_cycles open-next      # open the next scheduled cycle now (demo)
    manage.py bidding_cycles close-current  # close the open cycle now (demo)
    manage.py bidding_cycles list
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from housing.core.exceptions import ApplicationError
from lettings.models import BiddingCycle
from lettings.services import cycles


class Command(BaseCommand):
    help = "Open and close bidding cycles (what Celery beat does every minute)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["run", "open-next", "close-current", "list"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        now = timezone.now()
        try:
            if action == "open-next":
                cycles.cycles_schedule(now=now)
                cycle = (BiddingCycle.objects.filter(status=BiddingCycle.Status.SCHEDULED,
                                                     closes_at__gt=now)
                         .order_by("opens_at").first())
                if cycle is None:
                    raise CommandError("There is no scheduled cycle to open.")
                opened = cycles.cycle_open_now(cycle=cycle, actor=None, now=now)
                self.stdout.write(f"{cycle.name}: {'opened' if opened else 'already open'}")
            elif action == "close-current":
                cycle = (BiddingCycle.objects.filter(status=BiddingCycle.Status.OPEN)
                         .order_by("opens_at").first())
                if cycle is None:
                    raise CommandError("No cycle is open.")
                closed = cycles.cycle_close_now(cycle=cycle, actor=None, now=now)
                self.stdout.write(f"{cycle.name}: {'closed' if closed else 'already closed'}")
            elif action == "list":
                for cycle in BiddingCycle.objects.order_by("-opens_at")[:10]:
                    self.stdout.write(
                        f"{cycle.pk:>5}  {cycle.name:<28} {cycle.get_status_display():<12} "
                        f"{timezone.localtime(cycle.opens_at):%a %d %b %H:%M} → "
                        f"{timezone.localtime(cycle.closes_at):%a %d %b %H:%M}")
                return
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(str(cycles.lettings_run_due(now=timezone.now())))
