"""The shortlist and offers API: who may do what, the shortlist in rank order, bypasses (some
needing a manager), verification, contact, offers and their answers, assessments, withdrawals
and viewings; bad input is a 400 with field errors and changes nothing; conflicts are 409."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from applications.models import Application
from housing.approvals.models import ApprovalRequest
from lettings.models import Advert, Bid, BiddingCycle, Offer, ShortlistEntry
from lettings.services.bidding import bid_place
from lettings.services.cycles import advert_close
from lettings.services.offers import offer_make, offer_refuse
from tests.factories import AdvertFactory, CycleFactory, PropertyFactory, UserFactory, VoidFactory

pytestmark = pytest.mark.django_db

ENTRIES = "/api/v1/shortlist-entries/"
OFFERS = "/api/v1/offers/"
ALL_CHECKS = {"identity": True, "eligibility": True, "household": True, "debt": True,
              "readiness": True}


def api(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def errors_of(response: Any, status: int) -> dict[str, list[str]]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["detail"]
    return body["errors"]


def _shortlisted(make_bidder: Any, *bidders: dict[str, Any]) -> tuple[Advert, list[ShortlistEntry]]:
    """An advert closed and shortlisted with the bidders given (``make_bidder`` arguments)."""
    cycle = cast(BiddingCycle, CycleFactory())
    void = VoidFactory(status="advertised", property=PropertyFactory(bedrooms=2, bedspaces=4))
    advert = cast(Advert, AdvertFactory(cycle=cycle, property=void.property, void=void,
                                        allowed_sizes=[2]))
    for kwargs in bidders:
        bid_place(application=make_bidder(**kwargs), advert=advert, actor=None)
    advert_close(advert=advert, now=cycle.closes_at)
    advert.refresh_from_db()
    return advert, list(advert.shortlist.select_related("bid__application").order_by("rank"))


def _offer_to(make_bidder: Any, officer: Any, user: Any) -> Offer:
    _advert, entries = _shortlisted(make_bidder, {"band": "A", "user": user}, {"band": "C"})
    return offer_make(entry=entries[0], actor=officer)


# --- Who may use it ------------------------------------------------------------------------------

ROLES = ["anonymous", "applicant", "adviser", "provider_user_a", "officer", "manager"]


def _client(request: Any, role: str) -> APIClient:
    return api(None if role == "anonymous" else request.getfixturevalue(role))


@pytest.mark.parametrize("role", ROLES)
def test_shortlist_endpoints_are_for_lettings_staff_only(request, role, make_bidder):
    advert, entries = _shortlisted(make_bidder, {"band": "A"}, {"band": "B"})
    client = _client(request, role)
    staff = role in ("officer", "manager")

    listing = client.get(f"/api/v1/adverts/{advert.pk}/shortlist/")
    contact = client.post(f"{ENTRIES}{entries[0].pk}/contact/", {"note": "Phoned"},
                          format="json")
    bypass = client.post(f"{ENTRIES}{entries[1].pk}/bypass/",
                         {"code": "APPLICANT_WITHDREW", "note": "Moved away"}, format="json")

    if staff:
        assert (listing.status_code, contact.status_code, bypass.status_code) == (200, 200, 200)
        return
    expected = {401, 403} if role == "anonymous" else {403}
    for response in (listing, contact, bypass):
        assert response.status_code in expected, (role, response.content)
    assert list(ShortlistEntry.objects.filter(advert=advert).values_list("status", flat=True)
                .order_by("rank")) == ["ranked", "ranked"]


@pytest.mark.parametrize("role", ROLES)
def test_offer_endpoints_by_role(request, role, make_bidder, officer, applicant):
    offer = _offer_to(make_bidder, officer, applicant)
    client = _client(request, role)

    listing = client.get(OFFERS)
    detail = client.get(f"{OFFERS}{offer.pk}/")
    withdraw = client.post(f"{OFFERS}{offer.pk}/withdraw/", {"reason": "Gas leak"},
                           format="json")

    if role == "anonymous":
        assert {listing.status_code, detail.status_code, withdraw.status_code} <= {401, 403}
    elif role in ("adviser", "provider_user_a"):
        assert (listing.status_code, detail.status_code, withdraw.status_code) == (403, 403, 403)
    elif role == "applicant":
        assert [row["id"] for row in listing.json()["results"]] == [offer.pk]
        assert detail.status_code == 200
        assert withdraw.status_code == 403
    else:
        assert [row["id"] for row in listing.json()["results"]] == [offer.pk]
        assert detail.status_code == 200
        assert withdraw.status_code == 200
        return
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ISSUED


def test_applicant_sees_and_answers_only_their_own_offers(make_bidder, officer, applicant):
    mine = _offer_to(make_bidder, officer, applicant)
    theirs = _offer_to(make_bidder, officer, UserFactory(username="other-applicant",
                                                         role="applicant"))
    client = api(applicant)

    assert [row["id"] for row in client.get(OFFERS).json()["results"]] == [mine.pk]
    assert [row["id"] for row in client.get(OFFERS, {"application": theirs.application.reference})
            .json()["results"]] == []
    errors_of(client.get(f"{OFFERS}{theirs.pk}/"), 404)
    errors_of(client.post(f"{OFFERS}{theirs.pk}/accept/", {}, format="json"), 404)
    errors_of(client.post(f"{OFFERS}{theirs.pk}/refuse/", {"reason_code": "decor"},
                          format="json"), 404)
    errors_of(client.get(f"{OFFERS}{10**12}/"), 404)
    for action in ("assess", "withdraw", "viewing"):
        errors_of(client.post(f"{OFFERS}{mine.pk}/{action}/", {}, format="json"), 403)
    theirs.refresh_from_db()
    assert theirs.status == Offer.Status.ISSUED


# --- The shortlist -------------------------------------------------------------------------------

def test_shortlist_lists_entries_in_rank_order_with_the_snapshot(make_bidder, officer):
    advert, entries = _shortlisted(
        make_bidder,
        {"band": "B", "effective": dt.date(2024, 3, 1), "registered": dt.date(2022, 5, 10)},
        {"band": "A", "effective": dt.date(2025, 1, 15), "registered": dt.date(2025, 1, 15)},
        {"band": "B", "effective": dt.date(2024, 3, 1), "registered": dt.date(2021, 11, 2)},
        {"band": "C", "effective": dt.date(2019, 6, 1), "registered": dt.date(2019, 6, 1)})

    response = api(officer).get(f"/api/v1/adverts/{advert.pk}/shortlist/")

    assert response.status_code == 200
    rows = response.json()
    assert [row["rank"] for row in rows] == [1, 2, 3, 4]
    assert [row["band"] for row in rows] == ["A", "B", "B", "C"]
    # Appendix A.1: the same band and band date is broken by the earlier registration.
    assert [row["registration_date"] for row in rows] == ["2025-01-15", "2021-11-02",
                                                          "2022-05-10", "2019-06-01"]
    assert rows[0] == {
        "id": entries[0].pk, "rank": 1, "application": entries[0].bid.application.reference,
        "band": "A", "effective_date": "2025-01-15", "registration_date": "2025-01-15",
        "status": "ranked", "status_display": "Ranked", "bypass_reason": "", "bypass_note": "",
        "contacted_at": None, "contact_deadline": None, "checks": {}, "verified": False,
        "offer": None}
    assert [row["application"] for row in rows] == [e.bid.application.reference
                                                    for e in entries]


def test_shortlist_of_an_advert_still_taking_bids_is_empty_and_an_unknown_advert_is_404(officer):
    advert = cast(Advert, AdvertFactory())
    assert api(officer).get(f"/api/v1/adverts/{advert.pk}/shortlist/").json() == []
    errors_of(api(officer).get("/api/v1/adverts/999999/shortlist/"), 404)
    errors_of(api(officer).get(f"/api/v1/adverts/{10**12}/shortlist/"), 404)


def test_a_restricted_case_keeps_its_place_but_is_hidden_from_officers_outside_the_group(
        make_bidder, officer):
    advert, entries = _shortlisted(make_bidder, {"band": "A", "restricted_access": True},
                                   {"band": "B"})

    rows = api(officer).get(f"/api/v1/adverts/{advert.pk}/shortlist/").json()

    assert [(row["rank"], row["application"]) for row in rows] == [
        (1, None), (2, entries[1].bid.application.reference)]
    errors_of(api(officer).post(f"{ENTRIES}{entries[0].pk}/contact/", {}, format="json"), 404)
    errors_of(api(officer).post(f"{ENTRIES}{entries[0].pk}/offer/", {}, format="json"), 404)
    assert not Offer.objects.exists()


# --- Working the shortlist -----------------------------------------------------------------------

def test_bypass_with_an_ordinary_reason_takes_effect_at_once(make_bidder, officer):
    _advert, entries = _shortlisted(make_bidder, {"band": "A"}, {"band": "B"})

    response = api(officer).post(f"{ENTRIES}{entries[0].pk}/bypass/", {
        "code": "NO_CONTACT_WITHIN_DEADLINE", "note": "Phoned twice; no answer."}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["bypass_reason"], body["bypass_note"]) == (
        "bypassed", "NO_CONTACT_WITHIN_DEADLINE", "Phoned twice; no answer.")
    entries[0].refresh_from_db()
    assert (entries[0].status, entries[0].bypassed_by) == ("bypassed", officer)


def test_bypass_needing_a_manager_is_202_with_the_pending_approval(make_bidder, officer):
    _advert, entries = _shortlisted(make_bidder, {"band": "A"}, {"band": "B"})

    response = api(officer).post(f"{ENTRIES}{entries[0].pk}/bypass/", {
        "code": "SENSITIVE_LET_RISK", "note": "Known risk in this block."}, format="json")

    assert response.status_code == 202
    approval = ApprovalRequest.objects.get(type=ApprovalRequest.Type.BYPASS)
    assert response.json() == {"approval": approval.pk, "status": "pending"}
    entries[0].refresh_from_db()
    assert entries[0].status == ShortlistEntry.Status.RANKED  # not until a manager approves


def test_bad_bypass_is_400_with_field_errors_and_changes_nothing(make_bidder, officer):
    _advert, entries = _shortlisted(make_bidder, {"band": "A"})
    url = f"{ENTRIES}{entries[0].pk}/bypass/"

    errors = errors_of(api(officer).post(url, {"code": "NOPE", "note": " "}, format="json"), 400)
    assert errors == {"code": ["Choose a reason from the list"],
                      "note": ["Explain why, in a note the applicant could be shown"]}
    assert set(errors_of(api(officer).post(url, {}, format="json"), 400)) == {"code", "note"}
    assert set(errors_of(api(officer).post(url, {"code": "APPLICANT_WITHDREW", "note": "x",
                                                 "status": "offered"}, format="json"),
                         400)) == {"status"}
    errors_of(api(officer).post(url, "not json", content_type="application/json"), 400)
    entries[0].refresh_from_db()
    assert entries[0].status == ShortlistEntry.Status.RANKED
    assert not ApprovalRequest.objects.exists()


def test_bypassing_a_settled_entry_is_a_conflict(make_bidder, officer):
    _advert, entries = _shortlisted(make_bidder, {"band": "A"})
    url = f"{ENTRIES}{entries[0].pk}/bypass/"
    api(officer).post(url, {"code": "APPLICANT_WITHDREW", "note": "Moved."}, format="json")
    errors = errors_of(api(officer).post(url, {"code": "APPLICANT_WITHDREW", "note": "Again"},
                                         format="json"), 409)
    assert errors == {"entry": ["They are “Bypassed”."]}


def test_verification_records_each_check_and_verifies_when_all_pass(make_bidder, officer):
    _advert, entries = _shortlisted(make_bidder, {"band": "A"})
    url = f"{ENTRIES}{entries[0].pk}/verify/"

    partial = api(officer).post(url, {"checks": {"identity": True, "debt": False},
                                      "note": "Seen passport"}, format="json")
    assert partial.status_code == 200
    assert (partial.json()["checks"], partial.json()["verified"]) == (
        {"identity": True, "debt": False}, False)

    full = api(officer).post(url, {"checks": ALL_CHECKS}, format="json")
    assert (full.json()["status"], full.json()["verified"]) == ("verifying", True)


def test_bad_verification_is_400_and_changes_nothing(make_bidder, officer):
    _advert, entries = _shortlisted(make_bidder, {"band": "A"})
    url = f"{ENTRIES}{entries[0].pk}/verify/"

    assert set(errors_of(api(officer).post(url, {"checks": {"shoe_size": True}},
                                           format="json"), 400)) == {"checks"}
    assert set(errors_of(api(officer).post(url, {"checks": {}}, format="json"), 400)) == {
        "checks"}
    assert set(errors_of(api(officer).post(url, {"checks": {"identity": "perhaps"}},
                                           format="json"), 400)) == {"checks.identity"}
    entries[0].refresh_from_db()
    assert (entries[0].status, entries[0].verification_result) == ("ranked", {})


def test_contact_sets_the_deadline_and_bad_hours_are_400(make_bidder, officer):
    _advert, entries = _shortlisted(make_bidder, {"band": "A"})
    url = f"{ENTRIES}{entries[0].pk}/contact/"

    for hours in (0, 24 * 15, "soon", 10**20):
        errors = errors_of(api(officer).post(url, {"respond_within_hours": hours},
                                             format="json"), 400)
        assert set(errors) == {"respond_within_hours"}
    entries[0].refresh_from_db()
    assert entries[0].contacted_at is None

    before = timezone.now()
    response = api(officer).post(url, {"note": "Emailed", "respond_within_hours": 24},
                                 format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "contacted"
    entries[0].refresh_from_db()
    assert entries[0].contact_deadline is not None
    assert before + dt.timedelta(hours=24) <= entries[0].contact_deadline
    assert entries[0].contact_note == "Emailed"


# --- Offers --------------------------------------------------------------------------------------

def test_offer_is_201_and_the_entry_shows_it(make_bidder, officer):
    advert, entries = _shortlisted(make_bidder, {"band": "A"}, {"band": "B"})
    viewing = (timezone.now() + dt.timedelta(days=3)).replace(microsecond=0)

    response = api(officer).post(f"{ENTRIES}{entries[0].pk}/offer/",
                                 {"viewing_at": viewing.isoformat(), "is_final_offer": True},
                                 format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    offer = Offer.objects.get()
    assert body["id"] == offer.pk
    assert (body["status"], body["is_final_offer"], body["application"]) == (
        "viewing_arranged", True, entries[0].bid.application.reference)
    assert body["home"]["address"] == advert.property.address
    assert body["can_answer"] is True
    assert offer.viewing_at == viewing
    rows = api(officer).get(f"/api/v1/adverts/{advert.pk}/shortlist/").json()
    assert (rows[0]["status"], rows[0]["offer"]) == ("offered", offer.pk)


def test_a_second_offer_of_the_same_home_is_409_and_changes_nothing(make_bidder, officer):
    _advert, entries = _shortlisted(make_bidder, {"band": "A"}, {"band": "B"})
    api(officer).post(f"{ENTRIES}{entries[0].pk}/offer/", {}, format="json")

    response = api(officer).post(f"{ENTRIES}{entries[1].pk}/offer/", {}, format="json")

    errors = errors_of(response, 409)
    assert response.json()["detail"] == "This home has already been offered to someone else."
    assert errors == {"entry": ["The home is already under offer."]}
    assert Offer.objects.count() == 1
    entries[1].refresh_from_db()
    assert entries[1].status == ShortlistEntry.Status.RANKED


def test_bad_offer_input_is_400_and_makes_no_offer(make_bidder, officer):
    _advert, entries = _shortlisted(make_bidder, {"band": "A"})
    url = f"{ENTRIES}{entries[0].pk}/offer/"
    far = (timezone.now() + dt.timedelta(days=400)).isoformat()
    past = (timezone.now() - dt.timedelta(days=3)).isoformat()

    assert set(errors_of(api(officer).post(url, {"viewing_at": "next tuesday"}, format="json"),
                         400)) == {"viewing_at"}
    assert set(errors_of(api(officer).post(url, {"viewing_at": far}, format="json"),
                         400)) == {"viewing_at"}
    assert set(errors_of(api(officer).post(url, {"viewing_at": past}, format="json"),
                         400)) == {"viewing_at"}
    assert set(errors_of(api(officer).post(url, {"is_final_offer": "perhaps"}, format="json"),
                         400)) == {"is_final_offer"}
    assert not Offer.objects.exists()
    assert Application.objects.get(pk=entries[0].bid.application_id).status == "active"


def test_applicant_accepts_their_offer_and_their_other_bids_are_withdrawn(
        make_bidder, officer, applicant):
    offer = _offer_to(make_bidder, officer, applicant)
    other = cast(Advert, AdvertFactory())
    bid = Bid.objects.create(application=offer.application, advert=other,
                             placed_at=timezone.now())

    response = api(applicant).post(f"{OFFERS}{offer.pk}/accept/", format="json")

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["can_answer"]) == ("accepted", False)
    bid.refresh_from_db()
    assert bid.status == Bid.Status.WITHDRAWN
    again = api(applicant).post(f"{OFFERS}{offer.pk}/accept/", format="json")
    assert errors_of(again, 409) == {"offer": ["You have already accepted this offer."]}


def test_staff_can_answer_for_the_applicant(make_bidder, officer, applicant):
    offer = _offer_to(make_bidder, officer, applicant)

    response = api(officer).post(f"{OFFERS}{offer.pk}/refuse/",
                                 {"reason_code": "safety_risk",
                                  "reason_text": "Perpetrator lives nearby"}, format="json")

    assert response.status_code == 200
    offer.refresh_from_db()
    assert (offer.status, offer.refusal_reason_code) == ("refused", "safety_risk")


def test_applicant_cannot_answer_after_the_deadline(make_bidder, officer, applicant):
    offer = _offer_to(make_bidder, officer, applicant)
    now = timezone.now()
    Offer.objects.filter(pk=offer.pk).update(offered_at=now - dt.timedelta(days=9),
                                             respond_by=now - dt.timedelta(hours=1))

    accept = api(applicant).post(f"{OFFERS}{offer.pk}/accept/", format="json")
    refuse = api(applicant).post(f"{OFFERS}{offer.pk}/refuse/", {"reason_code": "decor"},
                                 format="json")

    for response in (accept, refuse):
        assert "The time to answer this offer ended at" in response.json()["detail"]
        errors_of(response, 409)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ISSUED
    assert api(applicant).get(f"{OFFERS}{offer.pk}/").json()["can_answer"] is False


@pytest.mark.parametrize(("data", "fields"), [
    ({}, {"reason_code"}),
    ({"reason_code": "nope"}, {"reason_code"}),
    ({"reason_code": "other", "reason_text": "  "}, {"reason_text"}),
    ({"reason_code": "decor", "reason_text": "x" * 2001}, {"reason_text"}),
    ({"reason_code": "decor", "status": "refused"}, {"status"}),
])
def test_bad_refusals_are_400_with_field_errors_and_change_nothing(
        make_bidder, officer, applicant, data, fields):
    offer = _offer_to(make_bidder, officer, applicant)

    response = api(applicant).post(f"{OFFERS}{offer.pk}/refuse/", data, format="json")

    assert set(errors_of(response, 400)) == fields
    offer.refresh_from_db()
    assert (offer.status, offer.refusal_reason_code) == ("issued", "")


def test_refusal_then_assessment_as_unreasonable(make_bidder, officer, applicant):
    offer = _offer_to(make_bidder, officer, applicant)
    refused = api(applicant).post(f"{OFFERS}{offer.pk}/refuse/",
                                  {"reason_code": "decor"}, format="json")
    assert refused.json()["status"] == "refused"
    assert api(applicant).post(f"{OFFERS}{offer.pk}/assess/",
                               {"assessment": "reasonable", "note": "x"},
                               format="json").status_code == 403

    url = f"{OFFERS}{offer.pk}/assess/"
    assert set(errors_of(api(officer).post(url, {"assessment": "maybe", "note": ""},
                                           format="json"), 400)) == {"assessment", "note"}
    offer.refresh_from_db()
    assert offer.refusal_assessment == ""

    response = api(officer).post(url, {"assessment": "unreasonable",
                                       "note": "Decoration is not a good reason."},
                                 format="json")

    assert response.status_code == 200
    body = response.json()
    assert (body["refusal_assessment"], body["assessment_note"]) == (
        "unreasonable", "Decoration is not a good reason.")
    assert "Band A priority to be removed" in body["penalty_applied"]
    errors_of(api(officer).post(url, {"assessment": "reasonable", "note": "Changed my mind"},
                                format="json"), 409)


def test_assessing_an_offer_that_was_not_refused_is_a_conflict(make_bidder, officer, applicant):
    offer = _offer_to(make_bidder, officer, applicant)
    errors_of(api(officer).post(f"{OFFERS}{offer.pk}/assess/",
                                {"assessment": "reasonable", "note": "n/a"}, format="json"), 409)
    offer.refresh_from_db()
    assert offer.refusal_assessment == ""


def test_withdrawal_frees_the_home_and_needs_a_reason(make_bidder, officer, applicant):
    offer = _offer_to(make_bidder, officer, applicant)
    url = f"{OFFERS}{offer.pk}/withdraw/"

    assert set(errors_of(api(officer).post(url, {"reason": ""}, format="json"), 400)) == {
        "reason"}
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ISSUED

    response = api(officer).post(url, {"reason": "Failed the gas safety check"}, format="json")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["withdrawn_reason"]) == (
        "withdrawn", "Failed the gas safety check")
    assert ShortlistEntry.objects.get(offer=offer).status == "offer_withdrawn"
    errors_of(api(officer).post(url, {"reason": "Again"}, format="json"), 409)
    # The home is free again: the next bidder can be offered it.
    nxt = ShortlistEntry.objects.get(advert=offer.advert, rank=2)
    assert api(officer).post(f"{ENTRIES}{nxt.pk}/offer/", {}, format="json").status_code == 201


def test_viewing_sets_the_deadline_and_bad_times_are_400(make_bidder, officer, applicant):
    offer = _offer_to(make_bidder, officer, applicant)
    url = f"{OFFERS}{offer.pk}/viewing/"
    past = (timezone.now() - dt.timedelta(hours=2)).isoformat()

    for data in ({}, {"viewing_at": None}, {"viewing_at": "soon"}, {"viewing_at": past},
                 {"viewing_at": "9999-12-31T23:59:59+00:00"}):
        assert set(errors_of(api(officer).post(url, data, format="json"), 400)) == {
            "viewing_at"}, data
    offer.refresh_from_db()
    assert (offer.status, offer.viewing_at) == ("issued", None)

    viewing = (timezone.now() + dt.timedelta(days=2)).replace(microsecond=0)
    response = api(officer).post(url, {"viewing_at": viewing.isoformat()}, format="json")

    assert response.status_code == 200
    offer.refresh_from_db()
    assert (offer.status, offer.viewing_at) == ("viewing_arranged", viewing)
    assert offer.respond_by == viewing + dt.timedelta(hours=48)


def test_staff_list_shows_live_offers_and_filters_by_status_and_application(
        make_bidder, officer, applicant):
    live = _offer_to(make_bidder, officer, applicant)
    refused = _offer_to(make_bidder, officer, None)
    offer_refuse(offer=refused, actor=officer, reason_code="decor")
    client = api(officer)

    assert [row["id"] for row in client.get(OFFERS).json()["results"]] == [live.pk]
    assert [row["id"] for row in client.get(OFFERS, {"status": "refused"}).json()[
        "results"]] == [refused.pk]
    assert [row["id"] for row in client.get(OFFERS, {
        "application": live.application.reference}).json()["results"]] == [live.pk]
    assert set(errors_of(client.get(OFFERS, {"status": "nope"}), 400)) == {"status"}


# --- The schema ----------------------------------------------------------------------------------

def test_the_schema_documents_the_shortlist_and_offer_endpoints():
    paths = api().get("/api/schema/", {"format": "json"}).json()["paths"]
    for path, methods in {
        "/api/v1/adverts/{id}/shortlist/": {"get"},
        "/api/v1/shortlist-entries/{id}/bypass/": {"post"},
        "/api/v1/shortlist-entries/{id}/verify/": {"post"},
        "/api/v1/shortlist-entries/{id}/contact/": {"post"},
        "/api/v1/shortlist-entries/{id}/offer/": {"post"},
        "/api/v1/offers/": {"get"}, "/api/v1/offers/{id}/": {"get"},
        "/api/v1/offers/{id}/accept/": {"post"}, "/api/v1/offers/{id}/refuse/": {"post"},
        "/api/v1/offers/{id}/assess/": {"post"}, "/api/v1/offers/{id}/withdraw/": {"post"},
        "/api/v1/offers/{id}/viewing/": {"post"},
    }.items():
        assert methods <= set(paths[path]), path
        for method in methods:
            assert paths[path][method]["description"], (path, method)
    assert "202" in paths["/api/v1/shortlist-entries/{id}/bypass/"]["post"]["responses"]
    assert "409" in paths["/api/v1/shortlist-entries/{id}/offer/"]["post"]["responses"]
