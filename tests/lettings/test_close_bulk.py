"""Closing a cycle in bulk (issue 6 performance): the many-bidder read gives the same facts as
the one-bidder read, and the bulk writes leave the same rows and history as
django-simple-history's bulk functions."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Application, BandAward, Circumstances, HouseholdMember
from lettings import selectors
from lettings.models import Advert, Bid, BiddingCycle, ShortlistEntry
from lettings.services import _bulk
from lettings.services.bidding import bid_place
from tests.factories import (
    AddressHistoryFactory,
    AdvertFactory,
    CycleFactory,
    PropertyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _household_variety(make_bidder: Any) -> list[Application]:
    """Bidders that exercise every branch of the facts: partner, children, an expected baby,
    a member who is not moving, past addresses, a social tenure, mobility needs (assessed
    category and ground-floor flag), no award, no circumstances, a transfer, a suspension."""
    family = make_bidder(band="B", sizes=(3,), partner_age=40, children=(4, 12),
                         tenure="council_tenant", postcode="BF2 1AA")
    HouseholdMember.objects.create(application=family, role="child", first_name="Baby",
                                   last_name="Example", date_of_birth=None,
                                   due_date=timezone.localdate() + dt.timedelta(days=40))
    HouseholdMember.objects.create(application=family, role="other_adult", first_name="Gran",
                                   last_name="Example", date_of_birth=dt.date(1950, 1, 1),
                                   to_be_rehoused=False)
    lead = family.members.get(role="lead")
    AddressHistoryFactory(member=lead, postcode="BF3 4CD", from_date=dt.date(2010, 1, 1),
                          to_date=dt.date(2015, 1, 1))
    AddressHistoryFactory(member=lead, postcode="", from_date=dt.date(2015, 1, 2))
    partner = family.members.get(role="partner")
    AddressHistoryFactory(member=partner, postcode="BF9 9ZZ", from_date=dt.date(2012, 1, 1))
    wheelchair = make_bidder(band="A", sizes=(1, 2), mobility="wheelchair", lead_age=70)
    ground = make_bidder(band="C", sizes=(1,))
    BandAward.objects.filter(application=ground).update(
        property_flags={"ground_floor_only": True})
    no_award = make_bidder(band="D", sizes=(2,), postcode="")
    BandAward.objects.filter(application=no_award).delete()
    no_circumstances = make_bidder(band="C", sizes=(2,), application_type="transfer")
    Circumstances.objects.filter(application=no_circumstances).delete()
    suspended = make_bidder(band="C", sizes=(2,), status="active_suspended",
                            suspension_reason="Rent arrears")
    return [family, wheelchair, ground, no_award, no_circumstances, suspended]


def test_bidders_at_close_gives_the_same_facts_as_bidder_facts(make_bidder):
    people = _household_variety(make_bidder)
    ids = [a.pk for a in people]
    on = dt.date(2026, 3, 1)

    many = selectors.bidders_at_close(ids, on=on)

    assert set(many) == set(ids)
    for app in selectors.bidder_applications(ids):
        one = selectors.bidder_facts(app, on=on)
        assert many[app.pk].facts == one
        assert (many[app.pk].effective_date, many[app.pk].registration_date,
                many[app.pk].bedroom_need) == (app.effective_date, app.registration_date,
                                               app.bedroom_need)
    # The variety is real: each branch gave something different.
    family = many[people[0].pk].facts
    assert family.household_size == 5 and family.is_social_tenant
    assert family.children_ages[-1] == 0 and family.postcodes == ("BF2 1AA", "BF3 4CD",
                                                                    "BF9 9ZZ")
    assert many[people[1].pk].facts.mobility_need == "wheelchair"
    assert many[people[2].pk].facts.mobility_need == "ground_or_lift"
    assert many[people[3].pk].facts.eligible_sizes == (2,)
    assert many[people[4].pk].facts.is_social_tenant
    assert selectors.bidders_at_close([], on=on) == {}


def _placed_bids(make_bidder: Any, count: int = 4) -> tuple[Advert, list[Bid]]:
    cycle = cast(BiddingCycle, CycleFactory())
    prop = PropertyFactory(bedrooms=2, bedspaces=4, property_type="flat")
    advert = cast(Advert, AdvertFactory(cycle=cycle, property=prop, allowed_sizes=[2]))
    bids = [bid_place(application=make_bidder(band="B"), advert=advert, actor=None)
            for _ in range(count)]
    return advert, bids


def _written(model: Any, pks: list[int], date: dt.datetime, *,
             leave_out: tuple[str, ...] = ()) -> tuple[list[dict], list[dict]]:
    """The rows and the history rows written at ``date``, without what differs between two
    runs by nature (history ids; the clock for auto timestamps)."""
    rows = [{k: v for k, v in row.items() if k not in leave_out}
            for row in model.objects.filter(pk__in=pks).order_by("pk").values()]
    history = [{k: v for k, v in row.items() if k not in ("history_id", *leave_out)}
               for row in model.history.filter(history_date=date).order_by("history_id")
               .values()]
    return rows, history


@pytest.mark.postgres
def test_update_with_history_writes_what_simple_history_writes(make_bidder, monkeypatch):
    _advert, placed = _placed_bids(make_bidder)
    officer = UserFactory(username="closer", role="officer")
    now = timezone.now().replace(microsecond=123456)

    def run(*, bulk: bool) -> tuple[list[dict], list[dict]]:
        with transaction.atomic():
            if not bulk:   # simple_history's bulk_update_with_history, as before
                monkeypatch.setattr(_bulk, "_history_model", lambda model, fields: None)
            bids = list(Bid.objects.filter(pk__in=[b.pk for b in placed]).order_by("pk"))
            for i, bid in enumerate(bids):
                bid.snapshot = {"band": "B", "n": i, "dates": ["2024-01-01", None]}
                bid.invalid_reasons = [f"Reason {i}"] if i % 2 else []
                bid.status = Bid.Status.INVALIDATED if i % 2 else Bid.Status.PLACED
                bid.updated_at = now
                if i:   # the first keeps no reason: the default (none) is recorded
                    bid._change_reason = f"Checked {i}"  # type: ignore[attr-defined]
            bids[1]._history_user = officer  # type: ignore[attr-defined]
            with CaptureQueriesContext(connection) as queries:
                _bulk.update_with_history(bids, Bid, ["status", "snapshot", "invalid_reasons",
                                                      "updated_at"], date=now)
            if bulk:   # the rows, then their history: two statements for any number
                assert len(queries) == 2
            written = _written(Bid, [b.pk for b in bids], now)
            transaction.set_rollback(True)
        monkeypatch.undo()
        return written

    rows, history = run(bulk=True)
    assert (rows, history) == run(bulk=False)
    assert [h["history_change_reason"] for h in history] == [
        None, "Checked 1", "Checked 2", "Checked 3"]
    assert [h["history_user_id"] for h in history] == [None, officer.pk, None, None]
    assert rows[1]["status"] == Bid.Status.INVALIDATED and rows[2]["snapshot"]["n"] == 2
    assert {h["history_type"] for h in history} == {"~"}


@pytest.mark.postgres
def test_create_with_history_writes_what_simple_history_writes(make_bidder, monkeypatch):
    advert, placed = _placed_bids(make_bidder)
    now = timezone.now().replace(microsecond=654321)

    def run(*, bulk: bool) -> tuple[list[dict], list[dict], list[int]]:
        with transaction.atomic():
            if not bulk:   # simple_history's bulk_create_with_history, as before
                monkeypatch.setattr(_bulk, "_history_model", lambda model, fields: None)
            entries = [ShortlistEntry(advert=advert, bid=bid, rank=rank,
                                      sort_key=[0, 0, 0, 2, "2024-03-01", None, bid.pk],
                                      created_at=now, updated_at=now)
                       for rank, bid in enumerate(placed, start=1)]
            with CaptureQueriesContext(connection) as queries:
                _bulk.create_with_history(entries, ShortlistEntry, date=now,
                                          change_reason="Ranked at close")
            if bulk:
                assert len(queries) == 2
            pks = [e.pk for e in entries]
            assert all(e.pk and not e._state.adding for e in entries)
            rows, history = _written(ShortlistEntry, pks, now,
                                     leave_out=("id", "created_at", "updated_at"))
            ids = list(ShortlistEntry.history.filter(history_date=now).order_by("history_id")
                       .values_list("id", flat=True))
            assert ids == pks   # one history row per entry, in order
            # bulk_create's pre_save sets the auto timestamps: the same in both ways.
            stamps = {e.created_at for e in ShortlistEntry.objects.filter(pk__in=pks)}
            assert now not in stamps
            transaction.set_rollback(True)
        monkeypatch.undo()
        return rows, history, [e.rank for e in entries]

    rows, history, ranks = run(bulk=True)
    assert (rows, history, ranks) == run(bulk=False)
    assert [r["rank"] for r in rows] == [1, 2, 3, 4]
    assert {(h["history_type"], h["history_change_reason"]) for h in history} == {
        ("+", "Ranked at close")}


def test_nothing_to_write_writes_nothing(make_bidder):
    now = timezone.now()
    _bulk.update_with_history([], Bid, ["status"], date=now)
    _bulk.create_with_history([], ShortlistEntry, date=now, change_reason="x")
    assert not Bid.history.filter(history_date=now).exists()
