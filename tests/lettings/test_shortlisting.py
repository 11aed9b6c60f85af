"""Shortlists made when bidding closes (DOMAIN.md §4.7, §5.2 step 5, Appendix A.1)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest

from applications.models import Application
from applications.services.status import application_transition
from lettings.models import Advert, Bid, BiddingCycle, ShortlistEntry
from lettings.services.bidding import bid_place
from lettings.services.cycles import advert_close, cycle_close
from tests.factories import AdvertFactory, CycleFactory, PropertyFactory

pytestmark = pytest.mark.django_db


def _advert(cycle: BiddingCycle) -> Advert:
    prop = PropertyFactory(bedrooms=2, bedspaces=4, property_type="flat")
    return cast(Advert, AdvertFactory(cycle=cycle, property=prop, allowed_sizes=[2]))


def _appendix_a1(make_bidder: Any) -> dict[str, Application]:
    """A.1: a 2-bed general-needs flat; bidders P, Q, R, S."""
    return {
        "P": make_bidder(band="B", effective=dt.date(2024, 3, 1), registered=dt.date(2022, 5, 10)),
        "Q": make_bidder(band="A", effective=dt.date(2025, 1, 15),
                         registered=dt.date(2025, 1, 15)),
        "R": make_bidder(band="B", effective=dt.date(2024, 3, 1), registered=dt.date(2021, 11, 2)),
        "S": make_bidder(band="C", effective=dt.date(2019, 6, 1), registered=dt.date(2019, 6, 1)),
    }


def _ranks(advert: Advert) -> list[int]:
    return list(ShortlistEntry.objects.filter(advert=advert).order_by("rank")
                .values_list("bid__application_id", flat=True))


def test_appendix_a1_order_is_q_r_p_s_whatever_order_the_bids_came_in(make_bidder):
    cycle = cast(BiddingCycle, CycleFactory())
    advert = _advert(cycle)
    people = _appendix_a1(make_bidder)
    # Q, the highest priority, bids last: when a bid is placed never counts (§3.11).
    for name in ("S", "P", "R", "Q"):
        bid_place(application=people[name], advert=advert, actor=None)

    assert cycle_close(cycle=cycle, now=cycle.closes_at) is True

    advert.refresh_from_db()
    assert advert.status == Advert.Status.SHORTLISTED
    assert _ranks(advert) == [people[n].pk for n in ("Q", "R", "P", "S")]
    top = ShortlistEntry.objects.get(advert=advert, rank=1)
    assert top.sort_key == [0, 0, 0, 1, "2025-01-15", "2025-01-15", people["Q"].pk]
    assert top.status == ShortlistEntry.Status.RANKED
    assert set(Bid.objects.filter(advert=advert).values_list("status", flat=True)) == {
        Bid.Status.SHORTLISTED}


def test_the_same_inputs_give_the_same_shortlist(make_bidder):
    """Two adverts closing with the same bidders rank them identically; an exact tie on band
    and both dates is broken by the application id, never by chance."""
    cycle = cast(BiddingCycle, CycleFactory())
    first, second = _advert(cycle), _advert(cycle)
    twins = [make_bidder(band="B", effective=dt.date(2024, 3, 1), registered=dt.date(2023, 1, 1))
             for _ in range(3)]
    for application in reversed(twins):
        bid_place(application=application, advert=first, actor=None)
    for application in twins:
        bid_place(application=application, advert=second, actor=None)

    cycle_close(cycle=cycle, now=cycle.closes_at)

    expected = sorted(a.pk for a in twins)
    assert _ranks(first) == _ranks(second) == expected


def test_the_shortlist_uses_the_snapshot_at_close_not_later_changes(make_bidder):
    cycle = cast(BiddingCycle, CycleFactory())
    advert = _advert(cycle)
    people = _appendix_a1(make_bidder)
    for application in people.values():
        bid_place(application=application, advert=advert, actor=None)
    advert_close(advert=advert, now=cycle.closes_at)
    before = _ranks(advert)

    Application.objects.filter(pk=people["Q"].pk).update(band="D")
    # Closing again changes nothing (it is safe to run twice).
    assert advert_close(advert=advert, now=cycle.closes_at) is False
    assert _ranks(advert) == before
    assert ShortlistEntry.objects.filter(advert=advert).count() == 4


def test_invalid_and_frozen_bids_are_not_shortlisted(make_bidder, officer):
    cycle = cast(BiddingCycle, CycleFactory())
    advert = _advert(cycle)
    keeps = make_bidder(band="C")
    suspended = make_bidder(band="A")
    offered = make_bidder(band="A")
    bids = {app.pk: bid_place(application=app, advert=advert, actor=None)
            for app in (keeps, suspended, offered)}
    application_transition(application=suspended, to=Application.Status.ACTIVE_SUSPENDED,
                           actor=officer, reason="Checking a change in your household.")
    application_transition(application=offered, to=Application.Status.UNDER_OFFER,
                           actor=officer, reason="Offered another home")

    advert_close(advert=advert, now=cycle.closes_at)

    assert _ranks(advert) == [keeps.pk]
    frozen = Bid.objects.get(pk=bids[offered.pk].pk)
    assert (frozen.status, frozen.snapshot["frozen_under_offer"]) == (Bid.Status.PLACED, True)
    invalid = Bid.objects.get(pk=bids[suspended.pk].pk)
    assert invalid.status == Bid.Status.INVALIDATED
    assert invalid.invalid_reasons == ["Your bidding is suspended: Checking a change in your "
                                       "household."]


def test_an_advert_with_no_valid_bids_is_shortlisted_empty(make_bidder):
    cycle = cast(BiddingCycle, CycleFactory())
    advert = _advert(cycle)

    advert_close(advert=advert, now=cycle.closes_at)

    advert.refresh_from_db()
    assert advert.status == Advert.Status.SHORTLISTED
    assert not ShortlistEntry.objects.filter(advert=advert).exists()
    history = list(advert.history.values_list("history_change_reason", flat=True)[:2])
    assert history[0] == "Shortlisted: 0 bidders"


def test_shortlisting_records_history_for_each_entry_and_bid(make_bidder, officer):
    """Closing writes each bid once, with one history row: a shortlisted bid's row holds both
    its snapshot and its new status; invalid and frozen bids get their own single row."""
    cycle = cast(BiddingCycle, CycleFactory())
    advert = _advert(cycle)
    bid = bid_place(application=make_bidder(), advert=advert, actor=None)
    suspended, offered = make_bidder(band="A"), make_bidder(band="A")
    invalid = bid_place(application=suspended, advert=advert, actor=None)
    frozen = bid_place(application=offered, advert=advert, actor=None)
    application_transition(application=suspended, to=Application.Status.ACTIVE_SUSPENDED,
                           actor=officer, reason="Checking a change in your household.")
    application_transition(application=offered, to=Application.Status.UNDER_OFFER,
                           actor=officer, reason="Offered another home")

    advert_close(advert=advert, now=cycle.closes_at)

    entry = ShortlistEntry.objects.get(bid=bid)
    assert entry.history.first().history_change_reason == "Ranked at close"

    def rows(pk: int) -> list[tuple[str, str, bool]]:
        return [(h.history_change_reason, h.status, bool(h.snapshot))
                for h in Bid.objects.get(pk=pk).history.order_by("history_date", "history_id")]

    assert rows(bid.pk) == [("Automatic bid", Bid.Status.PLACED, False),
                            ("Checked at close and shortlisted", Bid.Status.SHORTLISTED, True)]
    closed = Bid.objects.get(pk=bid.pk).history.first()
    assert closed.snapshot["taken_at"] == cycle.closes_at.isoformat()
    assert closed.history_date == closed.updated_at == cycle.closes_at
    assert rows(invalid.pk)[1:] == [("Checked at close: no longer valid",
                                     Bid.Status.INVALIDATED, False)]
    assert rows(frozen.pk)[1:] == [("Checked at close: frozen while under offer",
                                    Bid.Status.PLACED, True)]
