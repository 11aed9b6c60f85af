"""Who the home is offered to next (DOMAIN.md §4.7 "snapshot vs live", §2, Appendix A.1).

The home goes to the highest-placed bidder still being considered: an officer cannot offer it
past someone higher without a recorded bypass (or their refusal). By default the order is the
rank at close; a scheme with ``rank_basis = offer`` (Tonbridge & Malling) orders by each
bidder's priority at the time of the offer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from applications.models import Application
from housing.core.exceptions import ConflictError
from housing.scheme.models import SchemeVersion
from lettings.models import Offer, ShortlistEntry
from lettings.selectors import entries_ahead, offer_order
from lettings.services.offers import offer_make, offer_refuse
from lettings.services.shortlisting import shortlist_bypass
from tests.lettings.test_shortlist_workspace import _a1

pytestmark = pytest.mark.django_db


def _basis(value: str) -> None:
    SchemeVersion.objects.filter(status=SchemeVersion.Status.PUBLISHED).update(rank_basis=value)


def _names(entries: dict[str, ShortlistEntry], order: list[ShortlistEntry]) -> str:
    by_pk = {entry.pk: name for name, entry in entries.items()}
    return "".join(by_pk[entry.pk] for entry in order)


def test_by_default_the_order_is_the_rank_at_close(make_bidder: Any) -> None:
    advert, entries = _a1(make_bidder)
    assert _names(entries, offer_order(advert.pk, basis="close")) == "QRPS"
    # A band change after close does not move anyone: the snapshot decides.
    Application.objects.filter(pk=entries["S"].bid.application_id).update(band="A")
    assert _names(entries, offer_order(advert.pk, basis="close")) == "QRPS"


def test_an_offer_past_a_bidder_still_being_considered_is_refused(make_bidder: Any,
                                                                    officer: Any) -> None:
    _advert, entries = _a1(make_bidder)
    with pytest.raises(ConflictError) as refused:
        offer_make(entry=entries["R"], actor=officer)
    assert refused.value.errors["entry"] == [
        "Rank 1 comes before this bidder (by rank at close) and is still being considered."]
    assert not Offer.objects.exists()
    assert ShortlistEntry.objects.get(pk=entries["R"].pk).status == ShortlistEntry.Status.RANKED


def test_after_a_recorded_bypass_the_next_bidder_can_be_offered(make_bidder: Any,
                                                                officer: Any) -> None:
    _advert, entries = _a1(make_bidder)
    shortlist_bypass(entry=entries["Q"], actor=officer, code="APPLICANT_WITHDREW",
                     note="Q has accepted a private tenancy.")
    assert [e.pk for e in entries_ahead(entries["R"], basis="close")] == []
    offer = offer_make(entry=entries["R"], actor=officer)
    assert offer.application_id == entries["R"].bid.application_id


def test_after_a_refusal_the_next_bidder_can_be_offered(make_bidder: Any,
                                                        officer: Any) -> None:
    _advert, entries = _a1(make_bidder)
    first = offer_make(entry=entries["Q"], actor=officer)
    with pytest.raises(ConflictError):  # the home is under offer to Q
        offer_make(entry=entries["R"], actor=officer)
    offer_refuse(offer=first, actor=officer, reason_code="area_preference")
    offer = offer_make(entry=entries["R"], actor=officer)
    assert offer.status == Offer.Status.ISSUED


def test_with_rank_basis_offer_priority_now_decides(make_bidder: Any, officer: Any) -> None:
    advert, entries = _a1(make_bidder)
    _basis("offer")
    # S (Band C at close, oldest dates) is awarded Band A after close: S is now first, ahead
    # of Q (Band A since 2025); R and P keep their order.
    Application.objects.filter(pk=entries["S"].bid.application_id).update(band="A")
    assert _names(entries, offer_order(advert.pk, basis="offer")) == "SQRP"
    with pytest.raises(ConflictError) as refused:
        offer_make(entry=entries["Q"], actor=officer)
    assert refused.value.errors["entry"] == [
        f"Rank {entries['S'].rank} comes before this bidder (by priority now) and is still "
        f"being considered."]
    offer = offer_make(entry=entries["S"], actor=officer)
    assert offer.application_id == entries["S"].bid.application_id
    # The stored ranks (the record of the close) do not change.
    assert [ShortlistEntry.objects.get(pk=entries[n].pk).rank for n in "QRPS"] == [1, 2, 3, 4]


def test_with_rank_basis_offer_a_lower_band_now_moves_down(make_bidder: Any) -> None:
    advert, entries = _a1(make_bidder)
    Application.objects.filter(pk=entries["Q"].bid.application_id).update(
        band="C", effective_date=dt.date(2025, 6, 1))
    assert _names(entries, offer_order(advert.pk, basis="offer")) == "RPSQ"


def test_the_order_is_the_same_every_time(make_bidder: Any) -> None:
    advert, entries = _a1(make_bidder)
    Application.objects.filter(pk__in=[entries[n].bid.application_id for n in "PR"]).update(
        band="B", effective_date=dt.date(2024, 3, 1), registration_date=dt.date(2022, 6, 1))
    first = [e.pk for e in offer_order(advert.pk, basis="offer")]
    assert all([e.pk for e in offer_order(advert.pk, basis="offer")] == first for _ in range(5))
    # Same band and dates for P and R: the application id breaks the tie.
    p, r = entries["P"].bid.application_id, entries["R"].bid.application_id
    names = _names(entries, offer_order(advert.pk, basis="offer"))
    assert names.index("P") < names.index("R") if p < r else names.index("R") < names.index("P")


def test_accepting_one_home_settles_the_bidders_place_on_other_shortlists(
        make_bidder: Any, officer: Any) -> None:
    from lettings.models import Advert, BiddingCycle
    from lettings.services.bidding import bid_place
    from lettings.services.cycles import advert_close
    from lettings.services.offers import offer_accept
    from tests.factories import AdvertFactory, CycleFactory, PropertyFactory

    top = make_bidder(band="A")
    other = make_bidder(band="C")
    cycle: BiddingCycle = CycleFactory()
    adverts: list[Advert] = [AdvertFactory(cycle=cycle, allowed_sizes=[2],
                                           property=PropertyFactory(bedrooms=2, bedspaces=4))
                             for _ in range(2)]
    for advert in adverts:
        bid_place(application=top, advert=advert, actor=None)
    bid_place(application=other, advert=adverts[1], actor=None)
    for advert in adverts:
        advert_close(advert=advert, now=cycle.closes_at)
    offer = offer_make(entry=adverts[0].shortlist.get(), actor=officer)
    offer_accept(offer=offer, actor=top.applicant_user)
    elsewhere = adverts[1].shortlist.get(bid__application=top)
    assert elsewhere.status == ShortlistEntry.Status.BYPASSED
    assert elsewhere.bypass_reason_code == "UNDER_OFFER_ELSEWHERE"
    # The next bidder there no longer waits for them.
    nxt = adverts[1].shortlist.get(bid__application=other)
    assert offer_make(entry=nxt, actor=officer).application_id == other.pk
