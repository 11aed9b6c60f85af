"""Offers, refusals and penalties (DOMAIN.md §3.13, §4.9; Appendix A.4)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any, cast

import pytest
from django.db import connection
from django.utils import timezone

from applications.models import Application
from housing.core.exceptions import ApplicationError, ConflictError
from lettings.models import Advert, Bid, BiddingCycle, Offer, ShortlistEntry, Void
from lettings.rules.refusals import add_months, refusal_penalty
from lettings.services.bidding import bid_place
from lettings.services.cycles import advert_close, lettings_run_due
from lettings.services.offers import (
    offer_accept,
    offer_assess_refusal,
    offer_make,
    offer_refuse,
    offer_withdraw,
    offers_lapse_due,
)
from tests.factories import AdvertFactory, CycleFactory, PropertyFactory, VoidFactory

# --- The penalty rule (pure) ---------------------------------------------------------------------


def test_appendix_a4_second_unreasonable_refusal_in_12_months_suspends_for_6():
    penalty = refusal_penalty(unreasonable_refusals=[dt.date(2025, 1, 10), dt.date(2025, 6, 1)],
                              on=dt.date(2025, 6, 1), limit=2, window_months=12,
                              suspension_months=6)
    assert penalty is not None
    assert (penalty.suspended_from, penalty.suspended_until) == (dt.date(2025, 6, 1),
                                                                 dt.date(2025, 12, 1))
    assert penalty.reason == ("Bidding suspended until 1 December 2025: 2 offers refused "
                              "without good reason in 12 months (10 January 2025 and 1 June "
                              "2025).")


def test_a_first_unreasonable_refusal_or_one_outside_the_window_brings_no_penalty():
    assert refusal_penalty(unreasonable_refusals=[dt.date(2025, 6, 1)], on=dt.date(2025, 6, 1),
                           limit=2, window_months=12, suspension_months=6) is None
    assert refusal_penalty(unreasonable_refusals=[dt.date(2024, 5, 31), dt.date(2025, 6, 1)],
                           on=dt.date(2025, 6, 1), limit=2, window_months=12,
                           suspension_months=6) is None


def test_add_months_keeps_the_day_or_the_months_last_day():
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2025, 6, 1), -12) == dt.date(2024, 6, 1)


# --- Making offers -------------------------------------------------------------------------------



def _shortlisted(make_bidder: Any, *bands: str, void: bool = True) -> tuple[Advert, list[Any]]:
    """An advert closed and shortlisted with one bidder per band given, in that order."""
    cycle = cast(BiddingCycle, CycleFactory())
    if void:
        v = VoidFactory(status="advertised", property=PropertyFactory(bedrooms=2, bedspaces=4))
        advert = cast(Advert, AdvertFactory(cycle=cycle, property=v.property, void=v,
                                            allowed_sizes=[2]))
    else:
        advert = cast(Advert, AdvertFactory(cycle=cycle, allowed_sizes=[2],
                                            property=PropertyFactory(bedrooms=2, bedspaces=4)))
    for band in bands:
        bid_place(application=make_bidder(band=band), advert=advert, actor=None)
    advert_close(advert=advert, now=cycle.closes_at)
    advert.refresh_from_db()
    return advert, list(advert.shortlist.order_by("rank"))


@pytest.mark.django_db
def test_offer_puts_the_applicant_under_offer_and_the_home_on_offer(make_bidder, officer):
    advert, entries = _shortlisted(make_bidder, "A", "B")
    now = timezone.now()

    offer = offer_make(entry=entries[0], actor=officer, now=now)

    assert (offer.status, offer.offer_type, offer.offered_by) == (Offer.Status.ISSUED, "cbl",
                                                                  officer)
    assert offer.respond_by == now + dt.timedelta(days=7)  # the scheme's view-within days
    advert.refresh_from_db()
    entries[0].refresh_from_db()
    assert advert.status == Advert.Status.OFFER_IN_PROGRESS
    assert entries[0].status == ShortlistEntry.Status.OFFERED
    assert Void.objects.get(pk=advert.void_id).status == Void.Status.OFFERED
    assert offer.application.status == Application.Status.UNDER_OFFER


@pytest.mark.django_db
def test_a_viewing_sets_the_deadline_hours_after_it(make_bidder, officer):
    _advert, entries = _shortlisted(make_bidder, "B")
    viewing = timezone.now() + dt.timedelta(days=2)

    offer = offer_make(entry=entries[0], actor=officer, viewing_at=viewing)

    assert offer.status == Offer.Status.VIEWING_ARRANGED
    assert offer.respond_by == viewing + dt.timedelta(hours=48)


@pytest.mark.django_db
def test_one_live_offer_per_home_and_per_applicant(make_bidder, officer):
    _advert, entries = _shortlisted(make_bidder, "A", "B")
    offer_make(entry=entries[0], actor=officer)

    with pytest.raises(ConflictError) as exc:
        offer_make(entry=entries[1], actor=officer)
    assert exc.value.message == "This home has already been offered to someone else."

    # The first bidder, now under offer, cannot be offered another home too.
    other, _ = _shortlisted(make_bidder, "C")
    first = entries[0].bid.application
    bid = Bid.objects.create(application=first, advert=other, placed_at=timezone.now(),
                             status=Bid.Status.SHORTLISTED)
    entry = ShortlistEntry.objects.create(advert=other, bid=bid, rank=2, sort_key=[])
    with pytest.raises(ConflictError) as exc:
        offer_make(entry=entry, actor=officer)
    assert "already has a live offer" in exc.value.message
    assert Offer.objects.count() == 1


@pytest.mark.django_db
def test_a_bidder_who_no_longer_qualifies_cannot_be_offered(make_bidder, officer):
    _advert, entries = _shortlisted(make_bidder, "B")
    Application.objects.filter(pk=entries[0].bid.application_id).update(status="closed")

    with pytest.raises(ApplicationError) as exc:
        offer_make(entry=entries[0], actor=officer)
    assert exc.value.errors["entry"] == ["You cannot bid because your application is closed."]
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_accepting_withdraws_the_applicants_other_bids(make_bidder, officer):
    _advert, entries = _shortlisted(make_bidder, "B")
    application = entries[0].bid.application
    elsewhere = AdvertFactory(allowed_sizes=[2], property=PropertyFactory(bedrooms=2,
                                                                          bedspaces=4))
    other_bid = bid_place(application=application, advert=elsewhere, actor=None)
    offer = offer_make(entry=entries[0], actor=officer)

    offer_accept(offer=offer, actor=application.applicant_user)

    offer.refresh_from_db()
    other_bid.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    assert other_bid.status == Bid.Status.WITHDRAWN
    assert other_bid.invalid_reasons == ["You accepted an offer of another home."]


@pytest.mark.django_db
def test_refusal_returns_the_home_to_the_shortlist_and_the_applicant_to_bidding(make_bidder,
                                                                               officer):
    advert, entries = _shortlisted(make_bidder, "B", "C")
    offer = offer_make(entry=entries[0], actor=officer)

    offer_refuse(offer=offer, actor=offer.application.applicant_user, reason_code="decor")

    offer.refresh_from_db()
    advert.refresh_from_db()
    assert offer.status == Offer.Status.REFUSED
    assert advert.status == Advert.Status.SHORTLISTED
    assert Application.objects.get(pk=offer.application_id).status == Application.Status.ACTIVE
    assert ShortlistEntry.objects.get(pk=entries[0].pk).status == ShortlistEntry.Status.REFUSED
    # The next bidder can now be offered the home.
    assert offer_make(entry=entries[1], actor=officer).status == Offer.Status.ISSUED


@pytest.mark.django_db
def test_refusal_needs_a_reason_from_the_list(make_bidder, officer):
    _advert, entries = _shortlisted(make_bidder, "B")
    offer = offer_make(entry=entries[0], actor=officer)

    with pytest.raises(ApplicationError) as exc:
        offer_refuse(offer=offer, actor=officer, reason_code="too_far")
    assert exc.value.errors == {"reason_code": ["Choose a reason from the list"]}
    with pytest.raises(ApplicationError):
        offer_refuse(offer=offer, actor=officer, reason_code="other", reason_text="  ")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ISSUED


@pytest.mark.django_db
def test_second_unreasonable_refusal_suspends_bidding_and_a_reasonable_one_does_not_count(
        make_bidder, officer):
    applicant = make_bidder(band="C")

    def refuse_on(day: dt.date, assessment: str) -> Offer:
        cycle = cast(BiddingCycle, CycleFactory())
        advert = cast(Advert, AdvertFactory(cycle=cycle, allowed_sizes=[2],
                                            property=PropertyFactory(bedrooms=2, bedspaces=4)))
        bid_place(application=applicant, advert=advert, actor=None)
        advert_close(advert=advert, now=cycle.closes_at)
        entry = advert.shortlist.get()
        at = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
        offer = offer_make(entry=entry, actor=officer, now=at)
        offer_refuse(offer=offer, actor=officer, reason_code="decor", now=at)
        return offer_assess_refusal(offer=offer, actor=officer, assessment=assessment,
                                    note="Assessed against the scheme's list.", now=at)

    today = timezone.localdate()
    first = refuse_on(today - dt.timedelta(days=140), "unreasonable")
    assert first.penalty_applied == ""
    reasonable = refuse_on(today - dt.timedelta(days=60), "reasonable")
    assert reasonable.penalty_applied == ""
    assert Application.objects.get(pk=applicant.pk).status == Application.Status.ACTIVE

    second = refuse_on(today, "unreasonable")

    applicant.refresh_from_db()
    assert applicant.status == Application.Status.ACTIVE_SUSPENDED
    assert applicant.suspended_until == add_months(today, 6)
    assert second.penalty_applied.startswith("Bidding suspended until")
    assert applicant.suspension_reason == second.penalty_applied


@pytest.mark.django_db
def test_priority_band_refusal_flags_the_priority_for_removal(make_bidder, officer):
    _advert, entries = _shortlisted(make_bidder, "A")
    offer = offer_make(entry=entries[0], actor=officer)
    offer_refuse(offer=offer, actor=officer, reason_code="area_preference")

    assessed = offer_assess_refusal(offer=offer, actor=officer, assessment="unreasonable",
                                    note="A suitable home in an area they bid for.")

    assert assessed.penalty_applied == ("Band A priority to be removed: a suitable offer was "
                                        "refused.")
    # The removal goes to the officers as a change to reassess (a new, reviewable decision).
    from applications.models import ChangeOfCircumstances

    [change] = ChangeOfCircumstances.objects.filter(application=offer.application_id)
    assert change.affects_priority and change.status == ChangeOfCircumstances.Status.REPORTED
    assert "removes Band A priority: reassess the band" in change.details
    with pytest.raises(ConflictError):
        offer_assess_refusal(offer=offer, actor=officer, assessment="reasonable", note="again")


@pytest.mark.django_db
def test_landlord_withdrawal_never_counts_as_a_refusal(make_bidder, officer):
    _advert, entries = _shortlisted(make_bidder, "B")
    offer = offer_make(entry=entries[0], actor=officer)

    withdrawn = offer_withdraw(offer=offer, actor=officer, reason="Gas safety check failed")

    assert withdrawn.status == Offer.Status.WITHDRAWN
    with pytest.raises(ConflictError):
        offer_assess_refusal(offer=withdrawn, actor=officer, assessment="unreasonable",
                             note="x")
    assert Application.objects.get(pk=offer.application_id).status == Application.Status.ACTIVE


@pytest.mark.django_db
def test_unanswered_offers_lapse_once_and_can_be_assessed_as_deemed_refusals(make_bidder,
                                                                            officer):
    _advert, entries = _shortlisted(make_bidder, "B")
    offer = offer_make(entry=entries[0], actor=officer)
    later = offer.respond_by + dt.timedelta(minutes=1)

    assert offers_lapse_due(now=offer.respond_by - dt.timedelta(minutes=1)) == 0
    assert offers_lapse_due(now=later) == 1
    assert offers_lapse_due(now=later) == 0
    offer.refresh_from_db()
    assert offer.status == Offer.Status.LAPSED
    assert ShortlistEntry.objects.get(pk=entries[0].pk).status == ShortlistEntry.Status.NO_RESPONSE
    assert offer_assess_refusal(offer=offer, actor=officer, assessment="unreasonable",
                                note="No contact despite three calls.").refusal_assessment
    assert "0 offers lapsed" in str(lettings_run_due(now=later))


@pytest.mark.django_db
def test_only_lettings_staff_make_offers(make_bidder, adviser):
    _advert, entries = _shortlisted(make_bidder, "B")
    with pytest.raises(ApplicationError):
        offer_make(entry=entries[0], actor=adviser)


# --- Concurrency (Postgres) ----------------------------------------------------------------------

@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_offering_the_same_home_at_once_make_one_offer(make_bidder, officer,
                                                                    manager):
    # Both press "offer" for the bidder next in line (an offer past them is refused by the
    # order rule, tests/lettings/test_offer_order.py).
    _advert, entries = _shortlisted(make_bidder, "A", "B")
    barrier = threading.Barrier(2)
    results: list[Any] = [None, None]

    def offer(index: int, actor: Any) -> None:
        try:
            barrier.wait()
            results[index] = offer_make(entry=entries[0], actor=actor)
        except Exception as exc:  # noqa: BLE001 - the test inspects what each got
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=offer, args=(0, officer)),
               threading.Thread(target=offer, args=(1, manager))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    offers = [r for r in results if isinstance(r, Offer)]
    refusals = [r for r in results if isinstance(r, ConflictError)]
    assert (len(offers), len(refusals)) == (1, 1), results
    assert refusals[0].message in ("This bidder cannot be offered the home now.",
                                   "This home has already been offered to someone else.",
                                   "This home or this applicant is already under offer.")
    assert Offer.objects.count() == 1
    assert Application.objects.filter(status="under_offer").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_officers_offering_one_applicant_two_homes_at_once_make_one_offer(
        make_bidder, officer, manager):
    applicant = make_bidder(band="A")
    cycle = cast(BiddingCycle, CycleFactory())
    adverts = [cast(Advert, AdvertFactory(cycle=cycle, allowed_sizes=[2],
                                          property=PropertyFactory(bedrooms=2, bedspaces=4)))
               for _ in range(2)]
    for advert in adverts:
        bid_place(application=applicant, advert=advert, actor=None)
    # Each home is offered in its own close, so neither bid is frozen by the other's offer.
    for advert in adverts:
        advert_close(advert=advert, now=cycle.closes_at)
    entries = [advert.shortlist.get() for advert in adverts]
    barrier = threading.Barrier(2)
    results: list[Any] = [None, None]

    def offer(index: int, actor: Any) -> None:
        try:
            barrier.wait()
            results[index] = offer_make(entry=entries[index], actor=actor)
        except Exception as exc:  # noqa: BLE001 - the test inspects what each got
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=offer, args=(0, officer)),
               threading.Thread(target=offer, args=(1, manager))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    offers = [r for r in results if isinstance(r, Offer)]
    refusals = [r for r in results if isinstance(r, ConflictError)]
    assert (len(offers), len(refusals)) == (1, 1), results
    assert refusals[0].message in ("This applicant already has a live offer. One offer at a time.",
                                   "This home or this applicant is already under offer.")
    assert Offer.objects.filter(application=applicant).count() == 1


# --- Letters (L11, L12, L13) ---------------------------------------------------------------------

def _letters(code: str) -> list[Any]:
    from housing.letters.models import Letter

    return list(Letter.objects.filter(template__code=code).order_by("pk"))


@pytest.mark.django_db
def test_an_offer_sends_the_offer_letter_and_a_final_offer_says_so(make_bidder, officer,
                                                                   media_root):
    _advert, entries = _shortlisted(make_bidder, "A", "B")
    offer_make(entry=entries[0], actor=officer)
    _other, more = _shortlisted(make_bidder, "A")

    offer_make(entry=more[0], actor=officer, is_final_offer=True)

    ordinary, final = _letters("offer")
    assert "This is a final offer" not in ordinary.html
    assert "Please tell us whether you accept or refuse the offer by" in ordinary.html
    assert "This is a final offer" in final.html
    assert "section 202" in final.html
    assert final.recipient == more[0].bid.application.applicant_user


@pytest.mark.django_db
def test_arranging_a_viewing_sets_the_deadline_and_sends_the_viewing_letter(make_bidder,
                                                                            officer,
                                                                            media_root):
    from lettings.services.offers import offer_arrange_viewing

    _advert, entries = _shortlisted(make_bidder, "B")
    offer = offer_make(entry=entries[0], actor=officer)
    viewing = timezone.now() + dt.timedelta(days=3)

    arranged = offer_arrange_viewing(offer=offer, actor=officer, viewing_at=viewing)

    assert arranged.status == Offer.Status.VIEWING_ARRANGED
    assert arranged.respond_by == viewing + dt.timedelta(hours=48)
    assert len(_letters("offer-viewing")) == 1
    with pytest.raises(ApplicationError):
        offer_arrange_viewing(offer=offer, actor=officer,
                              viewing_at=timezone.now() - dt.timedelta(days=1))


@pytest.mark.django_db
def test_the_refusal_decision_letter_gives_the_reasons_penalty_and_review_rights(make_bidder,
                                                                                officer,
                                                                                media_root):
    _advert, entries = _shortlisted(make_bidder, "A")
    offer = offer_make(entry=entries[0], actor=officer)
    offer_refuse(offer=offer, actor=officer, reason_code="decor")

    offer_assess_refusal(offer=offer, actor=officer, assessment="unreasonable",
                         note="The home meets every need we assessed.")

    (letter,) = _letters("refusal-decision")
    assert "was <strong>not reasonable</strong>" in letter.html
    assert "The home meets every need we assessed." in letter.html
    assert "Band A priority to be removed" in letter.html
    assert "ask for a review" in letter.html
