"""The provider's side of nominations (DOMAIN.md §4.13, §5.4): notifying a vacancy, deciding
nominees (alone and in bulk), answering a challenge, and recording the viewing, the offer, the
acceptance and the let; staff recording on a provider's behalf; bad input changing nothing."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from applications.models import Application
from housing.core.exceptions import ApplicationError, ConflictError
from housing.letters.models import Letter
from lettings.models import Advert, LettingResult, Offer, Property, ShortlistEntry, Void
from nominations.models import Nomination, NominationRequest
from nominations.rules import sla
from nominations.services._common import holidays, slas_for
from nominations.services.council import nominate_from_shortlist
from nominations.services.provider import (
    bulk_decide,
    challenge_decide,
    nomination_accept,
    nomination_record_acceptance,
    nomination_record_let,
    nomination_record_offer,
    nomination_record_viewing,
    nomination_reject,
    nomination_review_start,
    nomination_withdraw,
    void_notify,
)
from tests.factories import PropertyFactory
from tests.nominations.conftest import verify
from tests.nominations.provider_fixtures import challenged, fresh

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _home_data(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "reference": "RVH-NEW-1", "address_line_1": "12 Willow Court", "town": "Brackenfield",
        "postcode": "bf2 3cd", "property_type": "flat", "bedrooms": 2, "bedspaces": 4,
        "weekly_rent": Decimal("118.50")}
    data.update(extra)
    return data


def _counts() -> tuple[int, int, int]:
    return (Property.objects.count(), Void.objects.count(), NominationRequest.objects.count())


# --- Notifying a vacancy ------------------------------------------------------------------------

def test_provider_notifies_a_vacancy_for_one_of_its_homes(agreement_a, provider_a,
                                                         provider_user_a):
    home = PropertyFactory(landlord=provider_a)
    now = timezone.now()
    request = void_notify(actor=provider_user_a, property=home, void_data={
        "reason_vacant": "tenant_notice", "notice_received_date": TODAY() - dt.timedelta(days=1),
        "tenancy_end_date": TODAY() + dt.timedelta(days=20)},
        special_criteria="  Ground floor: for someone with a mobility need. ", now=now)

    assert request.provider == provider_a and request.property == home
    assert request.status == NominationRequest.Status.REQUESTED
    assert request.route == NominationRequest.Route.NOMINATION_ONLY
    assert request.received_at == now and request.notified_by == provider_user_a
    assert not request.is_first_let
    assert request.special_criteria == "Ground floor: for someone with a mobility need."
    assert request.nominate_by == sla.nominate_by(timezone.localtime(now), first_let=False,
                                                  slas=slas_for(agreement_a),
                                                  holidays=holidays())
    void = fresh(request.void)
    assert (void.property, void.status, void.notified_by) == (home, Void.Status.NOTICE,
                                                             provider_a)


def test_provider_notifies_a_new_home_as_a_first_let_and_asks_for_an_advert(
        agreement_a, provider_a, provider_user_a):
    now = timezone.now()
    request = void_notify(actor=provider_user_a, property_data=_home_data(), void_data={
        "reason_vacant": "new_build", "ready_to_let_date": TODAY()}, advertise=True, now=now)

    home = request.property
    assert (home.reference, home.landlord, home.postcode) == ("RVH-NEW-1", provider_a,
                                                             "BF2 3CD")
    assert request.is_first_let  # a new build is a first let
    assert request.route == NominationRequest.Route.ADVERTISED
    assert request.nominate_by == sla.nominate_by(timezone.localtime(now), first_let=True,
                                                  slas=slas_for(agreement_a),
                                                  holidays=holidays())
    # Advertised: the council advertises it, so the void is not held for a nomination.
    assert fresh(request.void).status == Void.Status.READY_TO_LET


def test_a_ready_home_on_the_nomination_route_is_held_for_the_nominee(agreement_a, provider_a,
                                                                     provider_user_a):
    request = void_notify(actor=provider_user_a, property=PropertyFactory(landlord=provider_a),
                          void_data={"reason_vacant": "transfer",
                                     "tenancy_end_date": TODAY() - dt.timedelta(days=9),
                                     "keys_returned_date": TODAY() - dt.timedelta(days=8),
                                     "ready_to_let_date": TODAY()})
    assert fresh(request.void).status == Void.Status.NOMINATION_REQUESTED


@pytest.mark.parametrize("case", ["other_providers_home", "bad_home", "bad_void_on_new_home",
                                  "no_home", "both_homes", "long_criteria"])
def test_bad_input_creates_nothing(case, agreement_a, provider_a, provider_b,
                                   provider_user_a):
    own = PropertyFactory(landlord=provider_a)
    theirs = PropertyFactory(landlord=provider_b)
    void_data: dict[str, Any] = {"reason_vacant": "tenant_notice"}
    kwargs: dict[str, Any] = {
        "other_providers_home": {"property": theirs},
        "bad_home": {"property_data": _home_data(bedrooms=3, bedspaces=2)},
        "bad_void_on_new_home": {"property_data": _home_data()},
        "no_home": {},
        "both_homes": {"property": own, "property_data": _home_data()},
        "long_criteria": {"property": own, "special_criteria": "x" * 2001},
    }[case]
    if case == "bad_void_on_new_home":
        void_data["keys_returned_date"] = TODAY() + dt.timedelta(days=3)
    before = _counts()

    with pytest.raises(ApplicationError) as exc:
        void_notify(actor=provider_user_a, void_data=void_data, **kwargs)

    assert exc.value.status_code == 400
    assert exc.value.errors
    assert _counts() == before


def test_no_agreement_in_force_is_a_conflict_and_creates_nothing(provider_a, provider_user_a):
    before = _counts()
    with pytest.raises(ConflictError):
        void_notify(actor=provider_user_a, property_data=_home_data(),
                    void_data={"reason_vacant": "new_build"})
    assert _counts() == before


@pytest.mark.parametrize("role", ["officer", "applicant", "adviser"])
def test_only_a_provider_user_notifies_a_vacancy(role, request, agreement_a, provider_a):
    user = request.getfixturevalue(role)
    home = PropertyFactory(landlord=provider_a)
    before = _counts()
    with pytest.raises(ApplicationError):
        void_notify(actor=user, property=home, void_data={"reason_vacant": "tenant_notice"})
    assert _counts() == before


# --- Deciding -----------------------------------------------------------------------------------

def test_opening_the_nomination_starts_the_review_once(nomination_a, provider_user_a, officer):
    nomination_review_start(nomination=nomination_a, actor=provider_user_a)
    assert fresh(nomination_a).status == Nomination.Status.RP_REVIEWING
    nomination_review_start(nomination=nomination_a, actor=provider_user_a)  # no change
    assert fresh(nomination_a).history.count() == 2  # sent, reviewing
    with pytest.raises(ApplicationError):
        nomination_review_start(nomination=nomination_a, actor=officer)


def test_provider_accepts_within_its_sla(nomination_a, provider_user_a):
    done = nomination_accept(nomination=nomination_a, actor=provider_user_a)
    assert done.status == Nomination.Status.ACCEPTED
    assert done.decided_by == provider_user_a and done.decided_at is not None
    assert done.decided_within_sla is True
    with pytest.raises(ConflictError):
        nomination_accept(nomination=nomination_a, actor=provider_user_a)


def test_a_decision_after_the_decide_by_date_is_outside_the_sla(nomination_a, provider_user_a):
    late = timezone.make_aware(dt.datetime.combine(
        nomination_a.decide_by + dt.timedelta(days=1), dt.time(10)))
    done = nomination_accept(nomination=nomination_a, actor=provider_user_a, now=late)
    assert done.decided_within_sla is False


def test_decision_on_the_due_day_is_within_the_sla(nomination_a, provider_user_a):
    due = timezone.make_aware(dt.datetime.combine(nomination_a.decide_by, dt.time(16, 59)))
    done = nomination_reject(nomination=nomination_a, actor=provider_user_a, now=due,
                             reason_code="affordability", reason_text="Rent too high.")
    assert done.decided_within_sla is True


@pytest.mark.parametrize("code,text,fields", [
    ("", "Owes rent.", {"reason_code"}),
    ("not_in_the_agreement", "Owes rent.", {"reason_code"}),
    ("arrears", "   ", {"reason_text"}),
    ("made_up", "", {"reason_code", "reason_text"}),
])
def test_a_rejection_needs_a_permitted_reason_in_writing(code, text, fields, nomination_a,
                                                         provider_user_a):
    with pytest.raises(ApplicationError) as exc:
        nomination_reject(nomination=nomination_a, actor=provider_user_a, reason_code=code,
                          reason_text=text)
    assert set(exc.value.errors) == fields
    assert fresh(nomination_a).status == Nomination.Status.SENT


def test_reasons_come_from_the_providers_own_agreement(nomination_a, provider_user_a):
    agreement = nomination_a.request.agreement
    agreement.rejection_reasons = [{"code": "no_pets", "label": "Cannot keep the dog"}]
    agreement.save()
    with pytest.raises(ApplicationError):
        nomination_reject(nomination=nomination_a, actor=provider_user_a,
                          reason_code="arrears", reason_text="Owes rent.")
    done = nomination_reject(nomination=nomination_a, actor=provider_user_a,
                             reason_code="no_pets", reason_text="  Has a large dog.  ")
    assert (done.status, done.rejection_reason_code, done.rejection_reason_text) == (
        Nomination.Status.RP_REJECTED, "no_pets", "Has a large dog.")
    assert "Cannot keep the dog" in done.history.first().history_change_reason


def test_another_provider_cannot_decide(nomination_a, provider_user_b, applicant):
    for who in (provider_user_b, applicant):
        with pytest.raises(ApplicationError):
            nomination_accept(nomination=nomination_a, actor=who)
        with pytest.raises(ApplicationError):
            nomination_reject(nomination=nomination_a, actor=who, reason_code="arrears",
                              reason_text="x")
    assert fresh(nomination_a).status == Nomination.Status.SENT


def test_staff_may_decide_on_the_providers_behalf_and_it_says_so(nomination_a, officer):
    done = nomination_accept(nomination=nomination_a, actor=officer)
    assert done.decided_by == officer
    assert "council officer" in done.history.first().history_change_reason


# --- Bulk decisions -----------------------------------------------------------------------------

@pytest.fixture
def two_more(provider_a, make_void, open_request, nominate, agreement_a) -> list[Nomination]:
    return [nominate(open_request(make_void(provider_a)), first=name, last="Bulk")
            for name in ("Cara", "Dev")]


def test_bulk_accept(nomination_a, two_more, provider_user_a):
    done = bulk_decide(nominations=[nomination_a, *two_more], actor=provider_user_a,
                       decision="accept")
    assert len(done) == 3
    assert {fresh(n).status for n in [nomination_a, *two_more]} == {Nomination.Status.ACCEPTED}


def test_bulk_reject_with_one_reason(nomination_a, two_more, provider_user_a):
    bulk_decide(nominations=two_more, actor=provider_user_a, decision="reject",
                reason_code="no_engagement", reason_text="Did not reply to three letters.")
    for n in two_more:
        n = fresh(n)
        assert (n.status, n.rejection_reason_code) == (Nomination.Status.RP_REJECTED,
                                                       "no_engagement")
    assert fresh(nomination_a).status == Nomination.Status.SENT


def test_bulk_is_all_or_nothing_and_names_the_nominations(nomination_a, two_more,
                                                          provider_user_a):
    nomination_accept(nomination=two_more[0], actor=provider_user_a)
    with pytest.raises(ApplicationError) as exc:
        bulk_decide(nominations=[nomination_a, *two_more], actor=provider_user_a,
                    decision="accept")
    [problem] = exc.value.errors["nominations"]
    assert two_more[0].request.reference in problem
    assert two_more[0].application.reference in problem
    assert fresh(nomination_a).status == Nomination.Status.SENT
    assert fresh(two_more[1]).status == Nomination.Status.SENT


def test_bulk_including_another_providers_nomination_changes_nothing(nomination_a,
                                                                     nomination_b,
                                                                     provider_user_a):
    with pytest.raises(ApplicationError) as exc:
        bulk_decide(nominations=[nomination_a, nomination_b], actor=provider_user_a,
                    decision="accept")
    assert nomination_b.request.reference in exc.value.errors["nominations"][0]
    assert fresh(nomination_a).status == fresh(nomination_b).status == Nomination.Status.SENT


def test_bulk_reject_with_a_bad_reason_changes_nothing(nomination_a, two_more,
                                                       provider_user_a):
    with pytest.raises(ApplicationError) as exc:
        bulk_decide(nominations=[nomination_a, *two_more], actor=provider_user_a,
                    decision="reject", reason_code="made_up", reason_text="")
    assert {"reason_code", "reason_text"} <= set(exc.value.errors)
    assert {fresh(n).status for n in [nomination_a, *two_more]} == {Nomination.Status.SENT}
    with pytest.raises(ApplicationError):
        bulk_decide(nominations=[], actor=provider_user_a, decision="accept")
    with pytest.raises(ApplicationError):
        bulk_decide(nominations=[nomination_a], actor=provider_user_a, decision="maybe")


# --- Challenges ---------------------------------------------------------------------------------

def test_provider_upholds_its_rejection_after_a_challenge(nomination_a, provider_user_a,
                                                          officer, media_root):
    challenged(nomination_a, provider_user_a, officer)
    with pytest.raises(ApplicationError) as exc:
        challenge_decide(nomination=nomination_a, actor=provider_user_a, uphold=True, note=" ")
    assert "note" in exc.value.errors
    assert fresh(nomination_a).status == Nomination.Status.CHALLENGED

    done = challenge_decide(nomination=nomination_a, actor=provider_user_a, uphold=True,
                            note="The arrangement was broken in June.")
    assert done.status == Nomination.Status.REJECTION_UPHELD
    # The council's follow-up: L15 to the applicant, the vacancy waits for a nominee again.
    assert Letter.objects.filter(template__code="nomination-rejected").count() == 1
    assert fresh(nomination_a.request).status == NominationRequest.Status.REQUESTED


def test_provider_accepts_the_nominee_after_a_challenge(nomination_a, provider_user_a, officer):
    challenged(nomination_a, provider_user_a, officer)
    done = challenge_decide(nomination=nomination_a, actor=provider_user_a, uphold=False,
                            note="")
    assert done.status == Nomination.Status.ACCEPTED
    assert fresh(nomination_a.request).status == NominationRequest.Status.NOMINATED
    with pytest.raises(ConflictError):
        challenge_decide(nomination=nomination_a, actor=provider_user_a, uphold=True,
                         note="Changed our minds.")


def test_only_a_challenged_nomination_can_be_answered(nomination_a, provider_user_a):
    with pytest.raises(ConflictError):
        challenge_decide(nomination=nomination_a, actor=provider_user_a, uphold=False, note="")
    assert fresh(nomination_a).status == Nomination.Status.SENT


# --- Outcomes -----------------------------------------------------------------------------------

def test_from_acceptance_to_the_let(nomination_a, provider_user_a):
    nominee = nomination_a.application
    nomination_accept(nomination=nomination_a, actor=provider_user_a)
    viewing = timezone.now() + dt.timedelta(days=2)
    nomination_record_viewing(nomination=nomination_a, actor=provider_user_a,
                              viewing_at=viewing)
    assert fresh(nomination_a).viewing_at == viewing

    offer = nomination_record_offer(nomination=nomination_a, actor=provider_user_a,
                                    offered_on=TODAY())
    assert (offer.offer_type, offer.application, offer.property, offer.offered_by) == (
        Offer.Type.NOMINATION, nominee, nomination_a.request.property, provider_user_a)
    assert offer.advert is None and offer.shortlist_entry is None
    assert offer.status == Offer.Status.VIEWING_ARRANGED and offer.respond_by > viewing
    assert fresh(nominee).status == Application.Status.UNDER_OFFER
    assert fresh(nomination_a.request.void).status == Void.Status.OFFERED
    n = fresh(nomination_a)
    assert (n.status, n.offer, n.offered_on) == (Nomination.Status.OFFERED, offer, TODAY())

    nomination_record_acceptance(nomination=nomination_a, actor=provider_user_a)
    assert fresh(offer).status == Offer.Status.ACCEPTED

    start = TODAY() + dt.timedelta(days=7)
    nomination_record_let(nomination=nomination_a, actor=provider_user_a, tenancy_start=start)
    n = fresh(nomination_a)
    assert (n.status, n.tenancy_start_date) == (Nomination.Status.LET, start)
    assert fresh(offer).status == Offer.Status.SIGNED_UP
    void = fresh(nomination_a.request.void)
    assert (void.status, void.let_date) == (Void.Status.LET, start)
    housed = fresh(nominee)
    assert (housed.status, housed.closed_reason) == (Application.Status.CLOSED, "housed")
    request = fresh(nomination_a.request)
    assert request.status == NominationRequest.Status.LET and request.closed_at is not None
    result = LettingResult.objects.get(offer=offer)
    assert (result.route, result.let_on, result.advert) == ("nomination", start, None)


def test_staff_record_the_outcomes_on_the_providers_behalf(nomination_a, officer):
    nomination_accept(nomination=nomination_a, actor=officer,
                      now=timezone.now() - dt.timedelta(days=1))
    offer = nomination_record_offer(nomination=nomination_a, actor=officer,
                                    offered_on=TODAY() - dt.timedelta(days=1))
    assert offer.status == Offer.Status.ISSUED
    assert offer.offered_at < offer.respond_by
    nomination_record_acceptance(nomination=nomination_a, actor=officer)
    nomination_record_let(nomination=nomination_a, actor=officer, tenancy_start=TODAY())
    n = fresh(nomination_a)
    assert n.status == Nomination.Status.LET
    assert "council officer" in n.history.first().history_change_reason


def test_outcomes_in_the_wrong_order_are_refused(nomination_a, provider_user_a):
    with pytest.raises(ConflictError):
        nomination_record_offer(nomination=nomination_a, actor=provider_user_a,
                                offered_on=TODAY())
    with pytest.raises(ConflictError):
        nomination_record_viewing(nomination=nomination_a, actor=provider_user_a,
                                  viewing_at=timezone.now())
    nomination_accept(nomination=nomination_a, actor=provider_user_a)
    with pytest.raises(ConflictError):
        nomination_record_acceptance(nomination=nomination_a, actor=provider_user_a)
    nomination_record_offer(nomination=nomination_a, actor=provider_user_a, offered_on=TODAY())
    with pytest.raises(ConflictError):  # the nominee has not accepted yet
        nomination_record_let(nomination=nomination_a, actor=provider_user_a,
                              tenancy_start=TODAY())
    assert fresh(nomination_a).status == Nomination.Status.OFFERED
    assert not LettingResult.objects.exists()


@pytest.mark.parametrize("days,field", [(1, "offered_on"), (-400, "offered_on")])
def test_bad_offer_dates_change_nothing(days, field, nomination_a, provider_user_a):
    nomination_accept(nomination=nomination_a, actor=provider_user_a)
    with pytest.raises(ApplicationError) as exc:
        nomination_record_offer(nomination=nomination_a, actor=provider_user_a,
                                offered_on=TODAY() + dt.timedelta(days=days))
    assert set(exc.value.errors) == {field}
    assert fresh(nomination_a).status == Nomination.Status.ACCEPTED
    assert not Offer.objects.exists()
    assert fresh(nomination_a.application).status == Application.Status.ACTIVE


def test_a_tenancy_start_before_the_offer_changes_nothing(nomination_a, provider_user_a):
    nomination_accept(nomination=nomination_a, actor=provider_user_a)
    nomination_record_offer(nomination=nomination_a, actor=provider_user_a, offered_on=TODAY())
    nomination_record_acceptance(nomination=nomination_a, actor=provider_user_a)
    with pytest.raises(ApplicationError) as exc:
        nomination_record_let(nomination=nomination_a, actor=provider_user_a,
                              tenancy_start=TODAY() - dt.timedelta(days=3))
    assert set(exc.value.errors) == {"tenancy_start"}
    assert fresh(nomination_a).status == Nomination.Status.OFFERED
    assert fresh(nomination_a.request.void).status == Void.Status.OFFERED
    assert fresh(nomination_a.application).status == Application.Status.UNDER_OFFER
    assert not LettingResult.objects.exists()


def test_another_provider_cannot_record_outcomes(nomination_a, provider_user_a,
                                                 provider_user_b):
    nomination_accept(nomination=nomination_a, actor=provider_user_a)
    with pytest.raises(ApplicationError):
        nomination_record_offer(nomination=nomination_a, actor=provider_user_b,
                                offered_on=TODAY())
    with pytest.raises(ApplicationError):
        nomination_withdraw(nomination=nomination_a, actor=provider_user_b, reason="No.")
    assert fresh(nomination_a).status == Nomination.Status.ACCEPTED
    assert not Offer.objects.exists()


def test_withdrawing_an_offered_nominee_sends_the_vacancy_back_to_the_council(
        nomination_a, provider_user_a):
    nomination_accept(nomination=nomination_a, actor=provider_user_a)
    offer = nomination_record_offer(nomination=nomination_a, actor=provider_user_a,
                                    offered_on=TODAY())
    with pytest.raises(ApplicationError):
        nomination_withdraw(nomination=nomination_a, actor=provider_user_a, reason="  ")
    assert fresh(offer).status == Offer.Status.ISSUED

    before = timezone.now()
    done = nomination_withdraw(nomination=nomination_a, actor=provider_user_a,
                               reason="Refused the offer after the viewing.")
    assert (done.status, done.withdrawn_reason) == (Nomination.Status.WITHDRAWN,
                                                    "Refused the offer after the viewing.")
    offer = fresh(offer)
    assert offer.status == Offer.Status.WITHDRAWN and not offer.refusal_assessment
    assert fresh(nomination_a.application).status == Application.Status.ACTIVE
    assert fresh(nomination_a.request.void).status == Void.Status.NOMINATION_REQUESTED
    request = fresh(nomination_a.request)
    assert request.status == NominationRequest.Status.REQUESTED
    assert request.nominate_by == sla.renominate_by(timezone.localtime(before),
                                                    slas=slas_for(request.agreement),
                                                    holidays=holidays())


def test_an_undecided_nomination_is_rejected_not_withdrawn(nomination_a, provider_user_a):
    with pytest.raises(ConflictError):
        nomination_withdraw(nomination=nomination_a, actor=provider_user_a, reason="No.")
    assert fresh(nomination_a).status == Nomination.Status.SENT


def test_an_advertised_home_let_to_a_shortlisted_nominee(advertised, officer, provider_user_a):
    request, advert, entries = advertised
    verify(entries["Q"], officer)
    [nomination] = nominate_from_shortlist(request=request, entries=[entries["Q"]],
                                           actor=officer)
    nomination_accept(nomination=nomination, actor=provider_user_a)
    offer = nomination_record_offer(nomination=nomination, actor=provider_user_a,
                                    offered_on=TODAY())
    assert offer.advert == advert
    assert fresh(advert).status == Advert.Status.OFFER_IN_PROGRESS
    nomination_record_acceptance(nomination=nomination, actor=provider_user_a)
    nomination_record_let(nomination=nomination, actor=provider_user_a,
                          tenancy_start=TODAY() + dt.timedelta(days=3))
    assert fresh(advert).status == Advert.Status.LET
    assert fresh(request.void).status == Void.Status.LET
    result = LettingResult.objects.get(offer=offer)
    assert result.route == "nomination" and result.bids == 4
    assert fresh(entries["Q"]).status == ShortlistEntry.Status.NOMINATED


# --- Two people deciding at once ----------------------------------------------------------------

@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_one_wins(agreement_a, void_a, open_request, nominate,
                                        provider_user_a, provider_a, media_root):
    from tests.factories import UserFactory

    nomination = nominate(open_request(void_a))
    colleague = UserFactory(username="provider-a2", role="provider", organisation=provider_a)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(actor: Any, accept: bool) -> None:
        try:
            barrier.wait(timeout=5)
            if accept:
                nomination_accept(nomination=nomination, actor=actor)
            else:
                nomination_reject(nomination=nomination, actor=actor, reason_code="arrears",
                                  reason_text="Owes rent.")
            outcomes.append("done")
        except ConflictError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(provider_user_a, True)),
               threading.Thread(target=decide, args=(colleague, False))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert sorted(outcomes) == ["conflict", "done"]
    assert fresh(nomination).status in (Nomination.Status.ACCEPTED,
                                        Nomination.Status.RP_REJECTED)
