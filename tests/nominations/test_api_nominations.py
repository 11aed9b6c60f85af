"""The nominations API (``/api/v1/nominations/…``): staff see every nomination, a provider user
its own organisation's with the agreed minimum about each nominee; accept, reject (with a reason
the agreement permits), answer a challenge and record outcomes; notify a vacancy. Bad input is
a 400, a move the status does not allow a 409, and neither changes anything."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from applications.models import Application
from lettings.models import LettingResult, Offer, Property, Void
from nominations.models import Nomination, NominationRequest
from tests.factories import PropertyFactory
from tests.nominations.provider_fixtures import (
    SECRET_EVIDENCE,
    SECRET_MEDICAL,
    SECRET_NOTE,
    challenged,
    fresh,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/nominations/"
VACANCIES = "/api/v1/nominations/vacancies/"
TODAY = timezone.localdate


def api(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def errors_of(response: Any, status: int) -> dict[str, list[str]]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"]
    return body["errors"]


def ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# --- Reading ------------------------------------------------------------------------------------

def test_staff_see_every_nomination_and_filter_by_provider_and_status(officer, nomination_a,
                                                                      nomination_b):
    client = api(officer)
    assert ids(client.get(URL)) == {nomination_a.pk, nomination_b.pk}
    assert ids(client.get(URL, {"provider": "rvh"})) == {nomination_a.pk}
    assert ids(client.get(URL, {"status": "accepted"})) == set()
    assert set(errors_of(client.get(URL, {"status": "nope"}), 400)) == {"status"}


def test_a_provider_user_sees_only_its_own(provider_user_a, nomination_a, nomination_b):
    client = api(provider_user_a)
    assert ids(client.get(URL)) == {nomination_a.pk}
    assert ids(client.get(URL, {"provider": "NGH"})) == set()
    row = client.get(URL).json()["results"][0]
    assert row["nominee_name"] == "Ayla Riverdale"
    assert row["status"] == "sent" and row["decide_working_days_left"] is not None


def test_token_auth_works_for_a_provider(provider_user_a, nomination_a):
    token = Token.objects.create(user=provider_user_a)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert ids(client.get(URL)) == {nomination_a.pk}


def test_detail_has_the_agreed_minimum_only(provider_user_a, nomination_a, nomination_b):
    response = api(provider_user_a).get(f"{URL}{nomination_a.pk}/")
    assert response.status_code == 200
    body = response.json()
    nominee = body["nominee"]
    assert nominee["name"] == "Ayla Riverdale" and nominee["phone"] == "07700 900123"
    assert sorted((p["relationship"], p["age"]) for p in nominee["household"]) == [
        ("Child", 7), ("Lead applicant", 35), ("Partner", 33)]
    assert nominee["bedroom_need"] == 2 and nominee["band"] == "B"
    assert nominee["debt"]["total"] == "250.00"
    assert {"code": "arrears", "label": "Housing debt above the agreed threshold without a "
                                        "kept arrangement"} in body["rejection_reasons"]
    text = response.content.decode()
    for hidden in (SECRET_NOTE, SECRET_EVIDENCE, SECRET_MEDICAL, "Northfield"):
        assert hidden not in text
    # Reading does not start the review (POST …/review/ does).
    assert fresh(nomination_a).status == Nomination.Status.SENT
    assert api(provider_user_a).get(f"{URL}{nomination_b.pk}/").status_code == 404
    assert api(provider_user_a).get(f"{URL}99999999999/").status_code == 404


def test_review_start(provider_user_a, officer, nomination_a):
    response = api(provider_user_a).post(f"{URL}{nomination_a.pk}/review/", {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "rp_reviewing"
    # Only the provider's own user starts its review.
    errors_of(api(officer).post(f"{URL}{nomination_a.pk}/review/", {}, format="json"), 400)


@pytest.mark.parametrize("role", ["applicant", "adviser"])
def test_applicants_and_advisers_are_refused(role, request, nomination_a):
    client = api(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}{nomination_a.pk}/").status_code == 403
    assert client.post(f"{URL}{nomination_a.pk}/accept/", {}, format="json").status_code == 403
    assert client.get(VACANCIES).status_code == 403
    assert fresh(nomination_a).status == Nomination.Status.SENT


def test_anonymous_callers_are_refused(nomination_a):
    assert api().get(URL).status_code in (401, 403)
    assert api().post(f"{URL}{nomination_a.pk}/accept/", {}, format="json").status_code in (
        401, 403)


# --- Deciding -----------------------------------------------------------------------------------

def test_accept(provider_user_a, nomination_a):
    response = api(provider_user_a).post(f"{URL}{nomination_a.pk}/accept/", {}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "accepted" and body["decided_within_sla"] is True
    errors_of(api(provider_user_a).post(f"{URL}{nomination_a.pk}/accept/", {}, format="json"),
              409)


def test_accept_refuses_unknown_fields_and_bad_json(provider_user_a, nomination_a):
    client = api(provider_user_a)
    assert set(errors_of(client.post(f"{URL}{nomination_a.pk}/accept/", {"status": "let"},
                                     format="json"), 400)) == {"status"}
    bad = client.post(f"{URL}{nomination_a.pk}/accept/", "{not json", content_type=
                      "application/json")
    assert bad.status_code == 400
    assert fresh(nomination_a).status == Nomination.Status.SENT


@pytest.mark.parametrize("body,fields", [
    ({}, {"reason_code", "reason_text"}),
    ({"reason_code": "made_up", "reason_text": "Owes rent."}, {"reason_code"}),
    ({"reason_code": "arrears", "reason_text": "   "}, {"reason_text"}),
    ({"reason_code": "arrears", "reason_text": "x" * 4001}, {"reason_text"}),
])
def test_reject_needs_a_permitted_reason_in_writing(body, fields, provider_user_a,
                                                    nomination_a):
    response = api(provider_user_a).post(f"{URL}{nomination_a.pk}/reject/", body,
                                         format="json")
    assert set(errors_of(response, 400)) == fields
    assert fresh(nomination_a).status == Nomination.Status.SENT


def test_reject(provider_user_a, nomination_a):
    response = api(provider_user_a).post(f"{URL}{nomination_a.pk}/reject/", {
        "reason_code": "affordability", "reason_text": "Income does not cover the rent."},
        format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["rejection_reason_code"]) == ("rp_rejected", "affordability")
    assert body["rejection_reason"].startswith("Cannot afford the rent")


def test_staff_decide_on_the_providers_behalf(officer, nomination_a):
    response = api(officer).post(f"{URL}{nomination_a.pk}/accept/", {}, format="json")
    assert response.status_code == 200
    assert fresh(nomination_a).decided_by == officer


def test_answer_a_challenge(provider_user_a, officer, nomination_a, media_root):
    challenged(nomination_a, provider_user_a, officer)
    url = f"{URL}{nomination_a.pk}/challenge/"
    client = api(provider_user_a)
    assert set(errors_of(client.post(url, {}, format="json"), 400)) == {"uphold"}
    assert set(errors_of(client.post(url, {"uphold": True}, format="json"), 400)) == {"note"}
    assert fresh(nomination_a).status == Nomination.Status.CHALLENGED
    response = client.post(url, {"uphold": True, "note": "The arrangement lapsed."},
                           format="json")
    assert response.status_code == 200 and response.json()["status"] == "rejection_upheld"
    errors_of(client.post(url, {"uphold": False}, format="json"), 409)


# --- Outcomes -----------------------------------------------------------------------------------

def test_outcomes_through_to_the_let(provider_user_a, nomination_a):
    client = api(provider_user_a)
    url = f"{URL}{nomination_a.pk}/outcome/"
    errors_of(client.post(url, {"outcome": "offer", "date": TODAY().isoformat()},
                          format="json"), 409)  # not accepted yet
    client.post(f"{URL}{nomination_a.pk}/accept/", {}, format="json")
    viewing = (timezone.now() + dt.timedelta(days=1)).replace(microsecond=0)
    response = client.post(url, {"outcome": "viewing", "viewing_at": viewing.isoformat()},
                           format="json")
    assert response.status_code == 200, response.content
    response = client.post(url, {"outcome": "offer", "date": TODAY().isoformat()},
                           format="json")
    assert response.status_code == 200 and response.json()["status"] == "offered"
    offer = Offer.objects.get()
    assert response.json()["offer"] == offer.pk
    assert client.post(url, {"outcome": "acceptance"}, format="json").status_code == 200
    assert fresh(offer).status == Offer.Status.ACCEPTED
    bad = client.post(url, {"outcome": "let", "date": (TODAY() - dt.timedelta(days=9))
                            .isoformat()}, format="json")
    assert set(errors_of(bad, 400)) == {"date"}
    start = TODAY() + dt.timedelta(days=4)
    response = client.post(url, {"outcome": "let", "date": start.isoformat()}, format="json")
    assert response.status_code == 200
    assert response.json()["tenancy_start_date"] == start.isoformat()
    housed = fresh(nomination_a.application)
    assert (housed.status, housed.closed_reason) == (Application.Status.CLOSED, "housed")
    assert fresh(nomination_a.request.void).status == Void.Status.LET
    assert LettingResult.objects.get().route == "nomination"
    assert fresh(nomination_a.request).status == NominationRequest.Status.LET


@pytest.mark.parametrize("body,fields", [
    ({}, {"outcome"}),
    ({"outcome": "signed"}, {"outcome"}),
    ({"outcome": "viewing"}, {"viewing_at"}),
    ({"outcome": "offer"}, {"date"}),
    ({"outcome": "let", "date": "31/02/2026"}, {"date"}),
    ({"outcome": "withdrawn"}, {"reason"}),
    ({"outcome": "acceptance", "extra": 1}, {"extra"}),
])
def test_bad_outcomes_are_400_and_change_nothing(body, fields, provider_user_a, nomination_a):
    api(provider_user_a).post(f"{URL}{nomination_a.pk}/accept/", {}, format="json")
    response = api(provider_user_a).post(f"{URL}{nomination_a.pk}/outcome/", body,
                                         format="json")
    assert set(errors_of(response, 400)) == fields
    assert fresh(nomination_a).status == Nomination.Status.ACCEPTED
    assert not Offer.objects.exists()


def test_withdrawn_outcome(provider_user_a, nomination_a):
    client = api(provider_user_a)
    client.post(f"{URL}{nomination_a.pk}/accept/", {}, format="json")
    response = client.post(f"{URL}{nomination_a.pk}/outcome/",
                           {"outcome": "withdrawn", "reason": "Refused after viewing."},
                           format="json")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert fresh(nomination_a.request).status == NominationRequest.Status.REQUESTED


# --- Vacancies ----------------------------------------------------------------------------------

def _void() -> dict[str, Any]:
    return {"reason_vacant": "tenant_notice",
            "notice_received_date": TODAY().isoformat()}


def test_provider_notifies_a_vacancy_for_its_home(provider_user_a, provider_a, agreement_a):
    home = PropertyFactory(landlord=provider_a)
    response = api(provider_user_a).post(VACANCIES, {
        "property": home.pk, "void": _void(), "special_criteria": "Ground floor."},
        format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    request = NominationRequest.objects.get()
    assert body["id"] == request.pk and body["reference"] == request.reference
    assert body["route"] == "nomination_only" and body["status"] == "requested"
    assert body["nominate_working_days_left"] is not None
    assert ids(api(provider_user_a).get(VACANCIES)) == {request.pk}


def test_provider_notifies_a_vacancy_for_a_new_home(provider_user_a, provider_a, agreement_a):
    response = api(provider_user_a).post(VACANCIES, {
        "new_property": {"reference": "RVH-API-1", "address_line_1": "3 Api Lane",
                         "town": "Brackenfield", "postcode": "BF3 1AB",
                         "property_type": "flat", "bedrooms": 1, "bedspaces": 2,
                         "weekly_rent": "99.00"},
        "void": {"reason_vacant": "new_build"}, "advertise": True}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["is_first_let"] is True and body["route"] == "advertised"
    assert Property.objects.get(reference="RVH-API-1").landlord == provider_a


@pytest.mark.parametrize("case", ["neither", "both", "other_home", "bad_home", "bad_void",
                                  "foreign_landlord"])
def test_bad_vacancies_create_nothing(case, provider_user_a, provider_a, provider_b,
                                      agreement_a):
    own = PropertyFactory(landlord=provider_a)
    theirs = PropertyFactory(landlord=provider_b)
    home = {"reference": "RVH-API-2", "address_line_1": "4 Api Lane", "town": "Brackenfield",
            "postcode": "BF3 1AB", "property_type": "flat", "bedrooms": 1, "bedspaces": 2,
            "weekly_rent": "99.00"}
    body, status = {
        "neither": ({"void": _void()}, 400),
        "both": ({"property": own.pk, "new_property": home, "void": _void()}, 400),
        "other_home": ({"property": theirs.pk, "void": _void()}, 400),
        "bad_home": ({"new_property": {**home, "bedspaces": 0}, "void": _void()}, 400),
        "bad_void": ({"property": own.pk, "void": {
            "reason_vacant": "tenant_notice",
            "keys_returned_date": (TODAY() + dt.timedelta(days=4)).isoformat()}}, 400),
        "foreign_landlord": ({"new_property": {**home, "landlord": "NGH"}, "void": _void()},
                             403),
    }[case]
    before = (Property.objects.count(), Void.objects.count(),
              NominationRequest.objects.count())
    response = api(provider_user_a).post(VACANCIES, body, format="json")
    assert response.status_code == status, response.content
    if case == "bad_void":
        assert set(response.json()["errors"]) == {"void.keys_returned_date"}
    assert (Property.objects.count(), Void.objects.count(),
            NominationRequest.objects.count()) == before


def test_staff_cannot_notify_a_vacancy_but_see_them_all(officer, request_a, request_b,
                                                        provider_a):
    assert ids(api(officer).get(VACANCIES)) == {request_a.pk, request_b.pk}
    response = api(officer).post(VACANCIES, {"property": PropertyFactory(landlord=provider_a).pk,
                                             "void": _void()}, format="json")
    assert response.status_code == 403


def test_providers_can_still_record_a_void_on_its_own(provider_user_a, provider_a):
    home = PropertyFactory(landlord=provider_a)
    response = api(provider_user_a).post("/api/v1/voids/", {"property": home.pk,
                                                            **_void()}, format="json")
    assert response.status_code == 201
    assert not NominationRequest.objects.exists()


# --- The schema ---------------------------------------------------------------------------------

def test_the_schema_documents_the_nominations_endpoints():
    paths = api().get("/api/schema/", {"format": "json"}).json()["paths"]
    for path, methods in {
        "/api/v1/nominations/": {"get"}, "/api/v1/nominations/{id}/": {"get"},
        "/api/v1/nominations/{id}/accept/": {"post"},
        "/api/v1/nominations/{id}/reject/": {"post"},
        "/api/v1/nominations/{id}/review/": {"post"},
        "/api/v1/nominations/{id}/challenge/": {"post"},
        "/api/v1/nominations/{id}/outcome/": {"post"},
        "/api/v1/nominations/vacancies/": {"get", "post"},
    }.items():
        assert methods <= set(paths[path]), path
        for method in methods:
            assert paths[path][method]["description"], (path, method)
    assert "409" in paths["/api/v1/nominations/{id}/outcome/"]["post"]["responses"]
