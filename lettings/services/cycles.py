"""Opening and closing bidding (DOMAIN.md §3.10, §5.2 steps 3–5).

Celery beat calls ``lettings_run_due`` every minute; the ``bidding_cycles`` management command
calls the same services by hand. Everything here is safe to run twice and after a crash
part-way: each cycle and each advert changes in its own transaction under a row lock, and each
step first checks whether it has already been done.

Weekly cycles (the default) open on Thursday at 00:00 and close on Monday at 23:59, UK time, as
the scheme says; rolling schemes give each advert its own window (``adverts.rolling_window``).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from housing.core.exceptions import ApplicationError, ConflictError
from housing.scheme.models import SchemeVersion
from housing.scheme.selectors import scheme_in_force
from lettings import policies
from lettings.models import Advert, BiddingCycle
from lettings.services.adverts import advert_go_live, advert_transition
from lettings.services.bidding import bids_recheck_at_close
from lettings.services.follow_up import publication_follow_up
from lettings.services.offers import offers_lapse_due
from lettings.services.shortlisting import shortlist_generate

LONDON = ZoneInfo("Europe/London")
logger = logging.getLogger(__name__)


def weekly_window(scheme: SchemeVersion, on_or_after: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first weekly cycle that opens on or after ``on_or_after``: it opens on the scheme's
    opening day and time and closes at the next closing day and time (UK time, so the hour is
    right either side of the clocks changing)."""
    days = (scheme.cycle_opens_weekday - on_or_after.weekday()) % 7
    open_day = on_or_after + dt.timedelta(days=days)
    opens = dt.datetime.combine(open_day, scheme.cycle_opens_time, tzinfo=LONDON)
    close_days = (scheme.cycle_closes_weekday - scheme.cycle_opens_weekday) % 7
    close_day = open_day + dt.timedelta(days=close_days)
    closes = dt.datetime.combine(close_day, scheme.cycle_closes_time, tzinfo=LONDON)
    if closes <= opens:
        closes = dt.datetime.combine(close_day + dt.timedelta(days=7), scheme.cycle_closes_time,
                                     tzinfo=LONDON)
    return opens, closes


def cycle_name(opens_at: dt.datetime) -> str:
    local = opens_at.astimezone(LONDON)
    return f"Week of {local.day} {local:%B %Y}"


def cycles_schedule(*, now: dt.datetime | None = None, weeks_ahead: int = 3) -> list[BiddingCycle]:
    """Make sure the weekly cycles for the coming weeks exist (the one open now, if any, and the
    next ``weeks_ahead``). Creating one that exists already does nothing."""
    now = now or timezone.now()
    scheme = scheme_in_force(on=timezone.localdate(now))
    if scheme.cycle_mode != "weekly":
        return []
    created = []
    ahead = 0
    day = now.astimezone(LONDON).date() - dt.timedelta(days=7)
    for _ in range(weeks_ahead + 2):
        opens, closes = weekly_window(scheme, day)
        day = opens.date() + dt.timedelta(days=1)
        if closes <= now:
            continue
        if opens > now:
            if ahead == weeks_ahead:
                break
            ahead += 1
        # A cycle opened or closed early by hand has moved its times but still is that week's.
        if BiddingCycle.objects.filter(opens_at__lt=closes, closes_at__gt=opens).exists():
            continue
        cycle, made = BiddingCycle.objects.get_or_create(
            opens_at=opens, defaults={"closes_at": closes, "name": cycle_name(opens)})
        if made:
            created.append(cycle)
    return created


def cycle_open(*, cycle: BiddingCycle, now: dt.datetime | None = None,
               go_live: bool = True) -> bool:
    """Open a scheduled cycle whose time has come: its published adverts go live (automatic
    bids and property alerts follow in ``follow_up``), unless the caller puts them live itself
    (``go_live`` False). Returns False if there was nothing to do."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = BiddingCycle.objects.select_for_update().get(pk=cycle.pk)
        if locked.status != BiddingCycle.Status.SCHEDULED or locked.opens_at > now:
            return False
        locked.status = BiddingCycle.Status.OPEN
        locked.opened_at = now
        locked._change_reason = "Bidding opened"  # type: ignore[attr-defined]
        locked.save(update_fields=["status", "opened_at", "updated_at"])
    if go_live:
        adverts_go_live(now=now)
    return True


def adverts_go_live(*, now: dt.datetime | None = None) -> list[int]:
    """Every published advert whose window has started (its cycle is open, or it has its own
    window) goes live. Each advert in its own transaction."""
    now = now or timezone.now()
    due = (Advert.objects.filter(status=Advert.Status.APPROVED, published_at__isnull=False,
                                 opens_at__lte=now, closes_at__gt=now)
           .exclude(cycle__status=BiddingCycle.Status.SCHEDULED)
           .values_list("pk", flat=True))
    live = []
    for pk in list(due):
        if advert_go_live(advert=Advert(pk=pk), now=now):
            live.append(pk)
    return live


def advert_close(*, advert: Advert, now: dt.datetime | None = None) -> bool:
    """Close one live advert whose window has ended (§5.2 step 5): re-check its bids, keep each
    valid bidder's priority snapshot and store the ranked shortlist, all in one transaction.
    The advert ends up shortlisted (with no entries if no bid was valid)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (Advert.objects.select_for_update(of=("self",))
                  .select_related("property", "local_lettings_plan").get(pk=advert.pk))
        if locked.status != Advert.Status.LIVE or locked.closes_at is None \
                or locked.closes_at > now:
            return False
        advert_transition(advert=locked, to=Advert.Status.CLOSED, reason="Bidding closed")
        locked.closed_at = now
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        valid, invalid = bids_recheck_at_close(advert=locked, now=now)
        shortlist_generate(advert=locked, bids=valid, now=now)
    logger.info("advert closed", extra={"advert": locked.pk, "valid_bids": len(valid),
                                        "invalid_bids": invalid})
    return True


def cycle_close(*, cycle: BiddingCycle, now: dt.datetime | None = None) -> bool:
    """Close an open cycle whose time has come: every live advert in it closes first (each in
    its own transaction), then the cycle. Running it again finishes what a crash left."""
    now = now or timezone.now()
    if cycle.closes_at > now:
        return False
    for pk in list(Advert.objects.filter(cycle=cycle, status=Advert.Status.LIVE)
                   .values_list("pk", flat=True)):
        advert_close(advert=Advert(pk=pk), now=now)
    with transaction.atomic():
        locked = BiddingCycle.objects.select_for_update().get(pk=cycle.pk)
        if locked.status != BiddingCycle.Status.OPEN:
            return False
        locked.status = BiddingCycle.Status.CLOSED
        locked.closed_at = now
        locked._change_reason = "Bidding closed"  # type: ignore[attr-defined]
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        if not Advert.objects.filter(cycle=locked, status__in=[Advert.Status.LIVE,
                                                               Advert.Status.CLOSED]).exists():
            # Every advert has its shortlist: the cycle's shortlisting is done.
            locked.status = BiddingCycle.Status.SHORTLISTED
            locked._change_reason = "Shortlists made"  # type: ignore[attr-defined]
            locked.save(update_fields=["status", "updated_at"])
    return True


@dataclass(frozen=True)
class RunResult:
    scheduled: int
    opened: int
    went_live: int
    adverts_closed: int
    closed: int
    followed_up: int = 0
    offers_lapsed: int = 0

    def __str__(self) -> str:
        return (f"{self.scheduled} cycles scheduled, {self.opened} opened, {self.went_live} "
                f"adverts went live, {self.followed_up} new adverts matched for automatic bids "
                f"and alerts, {self.adverts_closed} adverts closed, {self.closed} cycles "
                f"closed, {self.offers_lapsed} offers lapsed")


def lettings_run_due(*, now: dt.datetime | None = None) -> RunResult:
    """Everything that is due: schedule the coming cycles, open the cycles whose time has come,
    put published adverts live, close adverts and cycles whose time has passed. What Celery beat
    runs every minute."""
    now = now or timezone.now()
    scheduled = len(cycles_schedule(now=now))
    opened = 0
    for cycle in BiddingCycle.objects.filter(status=BiddingCycle.Status.SCHEDULED,
                                             opens_at__lte=now, closes_at__gt=now):
        # Its adverts go live just below, so that they are counted.
        opened += cycle_open(cycle=cycle, now=now, go_live=False)
    went_live = len(adverts_go_live(now=now))
    adverts_closed = 0
    for pk in list(Advert.objects.filter(status=Advert.Status.LIVE, closes_at__lte=now)
                   .values_list("pk", flat=True)):
        adverts_closed += advert_close(advert=Advert(pk=pk), now=now)
    closed = 0
    for cycle in BiddingCycle.objects.filter(status=BiddingCycle.Status.OPEN, closes_at__lte=now):
        closed += cycle_close(cycle=cycle, now=now)
    # A cycle whose whole window passed while nothing ran (Redis down over a weekend, say)
    # opens and closes in one go, so its adverts are still closed and re-checked.
    for cycle in BiddingCycle.objects.filter(status=BiddingCycle.Status.SCHEDULED,
                                             closes_at__lte=now):
        opened += cycle_open(cycle=cycle, now=cycle.closes_at - dt.timedelta(microseconds=1))
        closed += cycle_close(cycle=cycle, now=now)
    followed_up = publication_follow_up(now=now)
    lapsed = offers_lapse_due(now=now)
    return RunResult(scheduled, opened, went_live, adverts_closed, closed, followed_up, lapsed)


def cycle_open_now(*, cycle: BiddingCycle, actor: Any, now: dt.datetime | None = None) -> bool:
    """Open a scheduled cycle early, by hand (the demo, or a cycle that must start at once).
    The cycle's opening time becomes now; everything else is what opening on time does."""
    if actor is not None and not policies.can_run_cycles(actor):
        raise ApplicationError("Only a manager can open or close bidding by hand.")
    now = now or timezone.now()
    with transaction.atomic():
        locked = BiddingCycle.objects.select_for_update().get(pk=cycle.pk)
        if locked.status == BiddingCycle.Status.OPEN:
            return False
        if locked.status != BiddingCycle.Status.SCHEDULED or locked.closes_at <= now:
            raise ConflictError("Only a scheduled cycle that has not ended can be opened.",
                                {"cycle": [f"This cycle is “{locked.get_status_display()}”."]})
        if locked.opens_at > now:
            locked.opens_at = now
            locked.save(update_fields=["opens_at", "updated_at"])
            Advert.objects.filter(cycle=locked, status=Advert.Status.APPROVED,
                                  published_at__isnull=False).update(opens_at=now)
    return cycle_open(cycle=cycle, now=now)


def cycle_close_now(*, cycle: BiddingCycle, actor: Any, now: dt.datetime | None = None) -> bool:
    """Close an open cycle early, by hand: its closing time becomes now."""
    if actor is not None and not policies.can_run_cycles(actor):
        raise ApplicationError("Only a manager can open or close bidding by hand.")
    now = now or timezone.now()
    with transaction.atomic():
        locked = BiddingCycle.objects.select_for_update().get(pk=cycle.pk)
        if locked.status != BiddingCycle.Status.OPEN:
            if locked.status in (BiddingCycle.Status.CLOSED, BiddingCycle.Status.SHORTLISTED):
                return False
            raise ConflictError("Only an open cycle can be closed.",
                                {"cycle": [f"This cycle is “{locked.get_status_display()}”."]})
        if now <= locked.opens_at:
            raise ConflictError("This cycle opened this very moment; it cannot close before "
                                "it has opened.", {"cycle": ["Try again in a moment."]})
        if locked.closes_at > now:
            locked.closes_at = now
            locked.save(update_fields=["closes_at", "updated_at"])
            Advert.objects.filter(cycle=locked, status__in=[Advert.Status.LIVE,
                                                            Advert.Status.APPROVED]
                                  ).update(closes_at=now)
    cycle.refresh_from_db()
    return cycle_close(cycle=cycle, now=now)
