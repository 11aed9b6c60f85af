"""Opening and closing bidding (``lettings.services.cycles``, DOMAIN.md §3.10, §5.2 steps 3–5):
weekly windows in UK time, scheduling, opening, closing with the re-check of every bid, what
Celery beat runs every minute, rolling windows and the ``bidding_cycles`` command."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import cast
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from applications.models import Application
from applications.services.status import application_transition
from housing.core.exceptions import ApplicationError
from housing.scheme.models import SchemeVersion
from housing.scheme.selectors import scheme_in_force
from lettings.models import Advert, Bid, BiddingCycle, Void
from lettings.services.adverts import advert_approve, advert_create, advert_publish
from lettings.services.bidding import bid_place
from lettings.services.cycles import (
    advert_close,
    cycle_close,
    cycle_close_now,
    cycle_open,
    cycle_open_now,
    cycles_schedule,
    lettings_run_due,
    weekly_window,
)
from tests.factories import AdvertFactory, CycleFactory, PropertyFactory, VoidFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
HOUR = dt.timedelta(hours=1)
# A Tuesday: the week's cycle opens on Thursday 12 March 2026 at midnight and closes on Monday
# 16 March at 23:59 (all GMT). The clocks go forward on Sunday 29 March.
TUESDAY = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def open_cycle() -> BiddingCycle:
    """A cycle that opened two days ago and closes in two days (real time)."""
    return cast(BiddingCycle, CycleFactory())


def live_advert(cycle: BiddingCycle) -> Advert:
    prop = PropertyFactory(bedrooms=2, bedspaces=4)
    return cast(Advert, AdvertFactory(cycle=cycle, property=prop))


def first_cycle() -> BiddingCycle:
    return BiddingCycle.objects.earliest("opens_at")


@pytest.fixture
def scheme() -> SchemeVersion:
    return scheme_in_force(on=TUESDAY.date())


@pytest.fixture
def at_tuesday():  # type: ignore[no-untyped-def]
    """The clock stands still at ``TUESDAY`` (factories' defaults and the command use it)."""
    with time_machine.travel(TUESDAY, tick=False):
        yield TUESDAY


@pytest.fixture
def rolling():  # type: ignore[no-untyped-def]
    """The scheme in force gives each advert its own seven-day window. (Published versions are
    frozen for people; the test changes the row directly and the test's transaction undoes
    it.)"""
    SchemeVersion.objects.filter(status=SchemeVersion.Status.PUBLISHED).update(
        cycle_mode="rolling", rolling_window_days=7)


def published(officer, manager, cycle=None, now=None, **prop):  # type: ignore[no-untyped-def]
    """A ready-to-let void's advert, drafted, approved and published (into ``cycle``, or the
    next one)."""
    void = cast(Void, VoidFactory(property=PropertyFactory(bedrooms=2, bedspaces=4, **prop)))
    advert = advert_create(void=void, actor=officer)
    advert_approve(advert=advert, actor=manager)
    return advert_publish(advert=advert, actor=officer, cycle=cycle, now=now)


# --- The weekly window ----------------------------------------------------------------------------

def test_weekly_window_opens_thursday_midnight_and_closes_monday_2359_uk_time(scheme):
    opens, closes = weekly_window(scheme, dt.date(2026, 1, 13))  # a Tuesday

    assert opens == london(2026, 1, 15, 0, 0)
    assert closes == london(2026, 1, 19, 23, 59)
    assert opens.strftime("%A %H:%M") == "Thursday 00:00"
    assert closes.strftime("%A %H:%M") == "Monday 23:59"


def test_weekly_window_starts_that_day_when_asked_on_a_thursday(scheme):
    assert weekly_window(scheme, dt.date(2026, 1, 15))[0] == london(2026, 1, 15, 0, 0)
    assert weekly_window(scheme, dt.date(2026, 1, 16))[0] == london(2026, 1, 22, 0, 0)


def test_weekly_window_across_the_clocks_going_forward_in_march(scheme):
    opens, closes = weekly_window(scheme, dt.date(2026, 3, 24))

    assert (opens.strftime("%A %d %B %H:%M"), opens.utcoffset()) == (
        "Thursday 26 March 00:00", dt.timedelta(0))
    assert (closes.strftime("%A %d %B %H:%M"), closes.utcoffset()) == (
        "Monday 30 March 23:59", HOUR)
    assert opens.astimezone(dt.UTC) == dt.datetime(2026, 3, 26, 0, 0, tzinfo=dt.UTC)
    assert closes.astimezone(dt.UTC) == dt.datetime(2026, 3, 30, 22, 59, tzinfo=dt.UTC)


def test_weekly_window_across_the_clocks_going_back_in_october(scheme):
    opens, closes = weekly_window(scheme, dt.date(2026, 10, 20))

    assert (opens.strftime("%A %d %B %H:%M"), opens.utcoffset()) == (
        "Thursday 22 October 00:00", HOUR)
    assert (closes.strftime("%A %d %B %H:%M"), closes.utcoffset()) == (
        "Monday 26 October 23:59", dt.timedelta(0))
    assert opens.astimezone(dt.UTC) == dt.datetime(2026, 10, 21, 23, 0, tzinfo=dt.UTC)
    assert closes.astimezone(dt.UTC) == dt.datetime(2026, 10, 26, 23, 59, tzinfo=dt.UTC)


# --- Scheduling -----------------------------------------------------------------------------------

def test_schedule_creates_the_next_three_weekly_cycles_once():
    created = cycles_schedule(now=TUESDAY)

    assert [(c.opens_at, c.closes_at, c.name, c.status) for c in created] == [
        (london(2026, 3, 12, 0, 0), london(2026, 3, 16, 23, 59), "Week of 12 March 2026",
         "scheduled"),
        (london(2026, 3, 19, 0, 0), london(2026, 3, 23, 23, 59), "Week of 19 March 2026",
         "scheduled"),
        (london(2026, 3, 26, 0, 0), london(2026, 3, 30, 23, 59), "Week of 26 March 2026",
         "scheduled"),
    ]
    assert cycles_schedule(now=TUESDAY) == []
    assert BiddingCycle.objects.count() == 3


def test_schedule_includes_the_cycle_open_now_and_the_three_after_it():
    saturday = london(2026, 3, 14, 10, 0)

    created = cycles_schedule(now=saturday)

    assert [c.opens_at for c in created] == [london(2026, 3, d, 0, 0) for d in (12, 19, 26)] + [
        london(2026, 4, 2, 0, 0)]


def test_schedule_makes_nothing_for_a_rolling_scheme(rolling):
    assert cycles_schedule(now=TUESDAY) == []
    assert not BiddingCycle.objects.exists()


# --- Opening --------------------------------------------------------------------------------------

def test_opening_a_cycle_puts_its_published_adverts_live_and_the_void_advertised(officer,
                                                                                  manager):
    cycles_schedule(now=TUESDAY)
    advert = published(officer, manager, now=TUESDAY)
    cycle = first_cycle()
    assert (advert.status, advert.cycle) == (Advert.Status.APPROVED, cycle)
    assert advert.void.status == Void.Status.READY_TO_LET

    assert cycle_open(cycle=cycle, now=cycle.opens_at) is True

    advert.refresh_from_db()
    cycle.refresh_from_db()
    assert cycle.status == BiddingCycle.Status.OPEN
    assert cycle.opened_at == cycle.opens_at
    assert advert.status == Advert.Status.LIVE
    assert advert.opens_at == cycle.opens_at
    assert advert.void.status == Void.Status.ADVERTISED
    assert advert.void.advertised_date == dt.date(2026, 3, 12)


def test_opening_a_cycle_before_its_time_or_twice_does_nothing(officer, manager):
    cycles_schedule(now=TUESDAY)
    cycle = first_cycle()
    advert = published(officer, manager, now=TUESDAY)

    assert cycle_open(cycle=cycle, now=cycle.opens_at - dt.timedelta(seconds=1)) is False
    assert cycle_open(cycle=cycle, now=cycle.opens_at) is True
    history = advert.history.count()
    assert cycle_open(cycle=cycle, now=cycle.opens_at + HOUR) is False

    cycle.refresh_from_db()
    assert cycle.opened_at == cycle.opens_at
    assert advert.history.count() == history


def test_manager_opens_a_cycle_early_by_hand(officer, manager):
    cycles_schedule(now=TUESDAY)
    cycle = first_cycle()
    advert = published(officer, manager, now=TUESDAY)

    assert cycle_open_now(cycle=cycle, actor=manager, now=TUESDAY) is True

    cycle.refresh_from_db()
    advert.refresh_from_db()
    assert (cycle.status, cycle.opens_at, cycle.closes_at) == (
        BiddingCycle.Status.OPEN, TUESDAY, london(2026, 3, 16, 23, 59))
    assert (advert.status, advert.opens_at) == (Advert.Status.LIVE, TUESDAY)
    assert cycle_open_now(cycle=cycle, actor=manager, now=TUESDAY + HOUR) is False


def test_opening_a_cycle_early_does_not_schedule_a_second_cycle_for_that_week(manager):
    cycles_schedule(now=TUESDAY)
    cycle = first_cycle()
    cycle_open_now(cycle=cycle, actor=manager, now=TUESDAY)

    assert cycles_schedule(now=TUESDAY + HOUR) == []
    assert BiddingCycle.objects.count() == 3


def test_officer_cannot_open_or_close_a_cycle_by_hand(officer):
    cycles_schedule(now=TUESDAY)
    cycle = first_cycle()

    with pytest.raises(ApplicationError) as exc:
        cycle_open_now(cycle=cycle, actor=officer, now=TUESDAY)
    assert exc.value.message == "Only a manager can open or close bidding by hand."
    with pytest.raises(ApplicationError):
        cycle_close_now(cycle=cycle, actor=officer, now=TUESDAY)
    cycle.refresh_from_db()
    assert cycle.status == BiddingCycle.Status.SCHEDULED


# --- Closing --------------------------------------------------------------------------------------

def test_closing_freezes_the_bids_of_someone_under_offer_elsewhere_instead_of_invalidating(
        make_bidder, officer):
    """DOMAIN §4.8: while under offer, other bids are frozen until the offer is decided (so a
    refusal brings them back), not thrown away at close."""
    cycle = open_cycle()
    advert = live_advert(cycle)
    offered = make_bidder(band="B", sizes=(2,))
    bid = bid_place(application=offered, advert=advert, actor=None)
    application_transition(application=offered, to=Application.Status.UNDER_OFFER,
                           actor=officer, reason="Offered 12 Mill Race")

    assert cycle_close(cycle=cycle, now=cycle.closes_at) is True

    bid.refresh_from_db()
    assert bid.status == Bid.Status.PLACED
    assert bid.invalid_reasons == []
    assert bid.snapshot["frozen_under_offer"] is True
    assert bid.snapshot["band"] == "B"


def test_closing_rechecks_bids_invalidating_with_reasons_and_snapshotting_valid_ones(
        make_bidder, officer):
    cycle = open_cycle()
    advert = live_advert(cycle)
    keeps = make_bidder(band="B", sizes=(2,), effective=dt.date(2024, 3, 1),
                        registered=dt.date(2022, 5, 10))
    loses = make_bidder(band="A")
    good = bid_place(application=keeps, advert=advert, actor=None)
    bad = bid_place(application=loses, advert=advert, actor=None)
    application_transition(application=loses, to=Application.Status.ACTIVE_SUSPENDED,
                           actor=officer, reason="You did not reply to the review letter.")
    close_at = cycle.closes_at

    assert cycle_close(cycle=cycle, now=close_at) is True

    cycle.refresh_from_db()
    advert.refresh_from_db()
    good.refresh_from_db()
    bad.refresh_from_db()
    # Closing shortlists at once: every advert in the cycle is ranked, so the cycle is too.
    assert (cycle.status, cycle.closed_at) == (BiddingCycle.Status.SHORTLISTED, close_at)
    assert (advert.status, advert.closed_at) == (Advert.Status.SHORTLISTED, close_at)
    assert bad.status == Bid.Status.INVALIDATED
    assert bad.invalid_reasons == ["Your bidding is suspended: You did not reply to the review "
                                   "letter."]
    assert bad.snapshot == {}
    assert good.status == Bid.Status.SHORTLISTED
    assert good.shortlist_entry.rank == 1
    assert good.invalid_reasons == []
    assert good.snapshot == {
        "taken_at": close_at.isoformat(), "band": "B", "band_rank": 2,
        "effective_date": "2024-03-01", "registration_date": "2022-05-10", "bedroom_need": 2,
        "eligible_sizes": [2], "household_size": 1, "mobility_need": "",
        "is_social_tenant": False, "application_type": "homeseeker", "tiers": [0, 0, 0],
        "frozen_under_offer": False,
    }


def test_closing_twice_is_a_no_op(make_bidder):
    cycle = open_cycle()
    advert = live_advert(cycle)
    bid = bid_place(application=make_bidder(), advert=advert, actor=None)
    assert cycle_close(cycle=cycle, now=cycle.closes_at) is True
    bid.refresh_from_db()
    snapshot = bid.snapshot

    assert cycle_close(cycle=cycle, now=cycle.closes_at + HOUR) is False
    assert advert_close(advert=advert, now=cycle.closes_at + HOUR) is False

    bid.refresh_from_db()
    assert bid.snapshot == snapshot
    assert bid.snapshot["taken_at"] == cycle.closes_at.isoformat()


def test_closing_before_the_closing_time_does_nothing():
    cycle = open_cycle()
    advert = live_advert(cycle)

    assert cycle_close(cycle=cycle, now=cycle.closes_at - dt.timedelta(seconds=1)) is False
    assert advert_close(advert=advert, now=cycle.closes_at - dt.timedelta(seconds=1)) is False
    advert.refresh_from_db()
    assert advert.status == Advert.Status.LIVE


def test_manager_closes_a_cycle_early_by_hand(make_bidder, manager):
    cycle = open_cycle()
    advert = live_advert(cycle)
    bid = bid_place(application=make_bidder(), advert=advert, actor=None)
    now = cycle.closes_at - dt.timedelta(days=1)

    assert cycle_close_now(cycle=cycle, actor=manager, now=now) is True

    cycle.refresh_from_db()
    advert.refresh_from_db()
    bid.refresh_from_db()
    assert (cycle.status, cycle.closes_at) == (BiddingCycle.Status.SHORTLISTED, now)
    assert (advert.status, advert.closes_at) == (Advert.Status.SHORTLISTED, now)
    assert bid.snapshot["taken_at"] == now.isoformat()
    assert cycle_close_now(cycle=cycle, actor=manager, now=now + HOUR) is False


# --- What beat runs every minute ------------------------------------------------------------------

def test_run_due_schedules_opens_and_closes_at_the_right_moments(officer, manager, make_bidder,
                                                                 at_tuesday):
    first = lettings_run_due(now=TUESDAY)
    assert (first.scheduled, first.opened, first.closed) == (3, 0, 0)
    advert = published(officer, manager, now=TUESDAY)
    cycle = advert.cycle
    assert cycle.opens_at == london(2026, 3, 12, 0, 0)

    before = lettings_run_due(now=cycle.opens_at - dt.timedelta(seconds=1))
    assert (before.opened, before.went_live) == (0, 0)
    opening = lettings_run_due(now=cycle.opens_at)
    advert.refresh_from_db()
    assert (opening.opened, opening.went_live) == (1, 1)
    assert advert.status == Advert.Status.LIVE
    assert opening.followed_up == 1

    bid = bid_place(application=make_bidder(), advert=advert, actor=None,
                    now=cycle.opens_at + HOUR)
    still_open = lettings_run_due(now=cycle.closes_at - dt.timedelta(seconds=1))
    assert (still_open.adverts_closed, still_open.closed) == (0, 0)

    closing = lettings_run_due(now=cycle.closes_at)
    assert (closing.adverts_closed, closing.closed) == (1, 1)
    advert.refresh_from_db()
    cycle.refresh_from_db()
    bid.refresh_from_db()
    assert advert.status == Advert.Status.SHORTLISTED
    assert cycle.status == BiddingCycle.Status.SHORTLISTED
    assert bid.snapshot["taken_at"] == cycle.closes_at.isoformat()

    again = lettings_run_due(now=cycle.closes_at + dt.timedelta(minutes=1))
    assert (again.scheduled, again.opened, again.went_live, again.adverts_closed,
            again.closed, again.followed_up) == (0, 0, 0, 0, 0, 0)


def test_run_due_closes_at_2359_uk_time_after_the_clocks_go_forward(officer, manager):
    lettings_run_due(now=dt.datetime(2026, 3, 24, 12, 0, tzinfo=dt.UTC))
    cycle = BiddingCycle.objects.get(opens_at=london(2026, 3, 26, 0, 0))
    lettings_run_due(now=cycle.opens_at)

    # 23:59 BST on Monday 30 March is 22:59 UTC.
    assert lettings_run_due(now=dt.datetime(2026, 3, 30, 22, 58, tzinfo=dt.UTC)).closed == 0
    assert lettings_run_due(now=dt.datetime(2026, 3, 30, 22, 59, tzinfo=dt.UTC)).closed == 1


def test_a_cycle_whose_whole_window_passed_unnoticed_is_opened_and_closed_in_one_run(
        officer, manager):
    cycles_schedule(now=TUESDAY)
    advert = published(officer, manager, now=TUESDAY)
    cycle = advert.cycle
    much_later = cycle.closes_at + dt.timedelta(days=2)

    result = lettings_run_due(now=much_later)

    cycle.refresh_from_db()
    advert.refresh_from_db()
    assert (result.opened, result.closed) == (1, 1)
    assert cycle.status == BiddingCycle.Status.SHORTLISTED
    assert cycle.opened_at < cycle.closes_at
    assert advert.status == Advert.Status.SHORTLISTED
    assert advert.closed_at == much_later
    assert advert.void.status == Void.Status.ADVERTISED


# --- Rolling windows ------------------------------------------------------------------------------

def test_rolling_scheme_gives_each_advert_its_own_window(rolling, officer, manager, make_bidder):
    advert = published(officer, manager, now=TUESDAY)

    assert advert.cycle is None
    assert advert.status == Advert.Status.LIVE
    assert advert.opens_at == TUESDAY
    assert advert.closes_at == london(2026, 3, 16, 23, 59)
    assert Void.objects.get(pk=advert.void_id).status == Void.Status.ADVERTISED

    later = published(officer, manager, now=TUESDAY + dt.timedelta(days=2))
    assert later.closes_at == london(2026, 3, 18, 23, 59)

    bid = bid_place(application=make_bidder(), advert=advert, actor=None, now=TUESDAY + HOUR)
    run = lettings_run_due(now=advert.closes_at)
    assert (run.scheduled, run.adverts_closed) == (0, 1)
    advert.refresh_from_db()
    later.refresh_from_db()
    bid.refresh_from_db()
    assert advert.status == Advert.Status.SHORTLISTED
    assert later.status == Advert.Status.LIVE
    assert bid.snapshot["band"] == "C"


# --- The management command ---------------------------------------------------------------------

def _command(*args: str) -> str:
    out = StringIO()
    call_command("bidding_cycles", *args, stdout=out)
    return out.getvalue()


def test_command_run_does_everything_due(at_tuesday):
    output = _command("run")

    assert output.strip() == ("3 cycles scheduled, 0 opened, 0 adverts went live, 0 new "
                              "adverts matched for automatic bids and alerts, 0 adverts closed, "
                              "0 cycles closed, 0 offers lapsed")
    assert BiddingCycle.objects.count() == 3


def test_command_list_shows_the_cycles(at_tuesday):
    _command("run")

    lines = _command("list").splitlines()

    assert len(lines) == 3
    assert "Week of 26 March 2026" in lines[0]
    assert "Scheduled" in lines[0]
    assert "Thu 12 Mar 00:00 → Mon 16 Mar 23:59" in lines[2]


def test_command_opens_the_next_cycle_and_closes_the_current_one(officer, manager):
    with time_machine.travel(TUESDAY, tick=False) as clock:
        cycles_schedule(now=TUESDAY)
        advert = published(officer, manager, now=TUESDAY)

        opened = _command("open-next")

        assert opened.splitlines()[0] == "Week of 12 March 2026: opened"
        advert.refresh_from_db()
        assert advert.status == Advert.Status.LIVE
        assert BiddingCycle.objects.filter(status=BiddingCycle.Status.OPEN).count() == 1
        assert BiddingCycle.objects.count() == 3

        clock.shift(HOUR)
        closed = _command("close-current")

        assert closed.splitlines()[0] == "Week of 12 March 2026: closed"
        advert.refresh_from_db()
        assert advert.status == Advert.Status.SHORTLISTED
        assert advert.closes_at == TUESDAY + HOUR
        assert not BiddingCycle.objects.filter(status=BiddingCycle.Status.OPEN).exists()


def test_command_close_current_with_nothing_open_says_so(at_tuesday):
    with pytest.raises(CommandError, match=r"^No cycle is open\.$"):
        _command("close-current")
