"""Bids placed at the same moment, on PostgreSQL with real row locks (STYLE: "Tests of concurrency
run on Postgres"). Each thread has its own database connection and all start together at a
barrier; ``lettings.services.bidding`` explains the lock order these tests rely on."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from functools import partial
from typing import Any, cast

import pytest
from django.db import connection

from lettings.models import Advert, Bid, BiddingCycle
from lettings.services.bidding import BidRefused, bid_place
from lettings.services.cycles import advert_close
from tests.factories import AdvertFactory, CycleFactory, PropertyFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run every call in its own thread, released together; each result is what the call
    returned or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            connection.ensure_connection()  # connect first, so the start is simultaneous
            barrier.wait(timeout=20)
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - the test asserts on whatever happened
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return results


def live_advert(cycle: BiddingCycle | None = None) -> Advert:
    """A live two-bedroom flat in an open cycle (its own, unless given one)."""
    prop = PropertyFactory(bedrooms=2, bedspaces=4)
    if cycle is None:
        return cast(Advert, AdvertFactory(property=prop))
    return cast(Advert, AdvertFactory(cycle=cycle, property=prop))


def _refusals(results: list[Any]) -> list[BidRefused]:
    unexpected = [r for r in results if not isinstance(r, Bid | BidRefused)]
    assert unexpected == []
    return [r for r in results if isinstance(r, BidRefused)]


def test_twenty_simultaneous_bids_by_one_applicant_at_a_limit_of_three_make_three(make_bidder):
    application = make_bidder()
    cycle = cast(BiddingCycle, CycleFactory())
    adverts = [live_advert(cycle) for _ in range(20)]

    results = race([partial(bid_place, application=application, advert=a, actor=None)
                    for a in adverts])

    refused = _refusals(results)
    assert Bid.objects.filter(application=application, status=Bid.Status.PLACED).count() == 3
    assert len(refused) == 17
    assert {tuple(r.codes) for r in refused} == {("limit",)}
    assert {r.status_code for r in refused} == {409}


def test_ten_simultaneous_identical_bids_make_one(make_bidder):
    application = make_bidder()
    advert = live_advert()

    results = race([partial(bid_place, application=application, advert=advert, actor=None)
                    for _ in range(10)])

    refused = _refusals(results)
    assert Bid.objects.filter(application=application, advert=advert).count() == 1
    assert len(refused) == 9
    assert {tuple(r.reasons) for r in refused} == {("You have already bid for this home.",)}
    assert {r.status_code for r in refused} == {409}


def test_simultaneous_bids_by_different_applicants_all_land(make_bidder):
    advert = live_advert()
    applications = [make_bidder() for _ in range(10)]

    results = race([partial(bid_place, application=app, advert=advert, actor=None)
                    for app in applications])

    assert _refusals(results) == []
    assert Bid.objects.filter(advert=advert, status=Bid.Status.PLACED).count() == 10


def test_a_bid_racing_the_close_lands_before_it_and_is_rechecked_or_is_refused(make_bidder):
    bidders = [make_bidder() for _ in range(6)]
    for _round in range(3):
        advert = live_advert()
        closes = advert.closes_at
        assert closes is not None
        just_before = closes - dt.timedelta(milliseconds=1)
        calls: list[Callable[[], Any]] = [
            partial(bid_place, application=app, advert=advert, actor=None, now=just_before)
            for app in bidders]
        calls.insert(3, partial(advert_close, advert=advert, now=closes))

        results = race(calls)

        assert results[3] is True
        bid_results = results[:3] + results[4:]
        refused = _refusals(bid_results)
        assert {tuple(r.codes) for r in refused} <= {("closed",)}
        advert.refresh_from_db()
        assert advert.status == Advert.Status.SHORTLISTED
        placed = Bid.objects.filter(advert=advert, status=Bid.Status.SHORTLISTED)
        assert placed.count() == len(bid_results) - len(refused)
        # Never a placed bid on the closed advert that the close did not re-check.
        assert not placed.filter(snapshot={}).exists()
        for bid in placed:
            assert bid.snapshot["taken_at"] == closes.isoformat()

