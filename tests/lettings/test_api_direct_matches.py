"""The direct matches API (``/api/v1/direct-matches/``; DOMAIN.md §4.11, §5.5): lettings staff
only, restricted cases hidden (404), proposing (201; bad input a 400 with field errors that
changes nothing; an open match a 409), the single offer and cancelling, and the schema."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from applications.models import Application
from housing.approvals.models import ApprovalRequest
from housing.approvals.services import approval_decide
from lettings.models import DirectMatch, Offer, Property, Void
from lettings.services.direct_matches import direct_match_propose
from tests.factories import PropertyFactory, VoidFactory

pytestmark = pytest.mark.django_db

MATCHES = "/api/v1/direct-matches/"
JUSTIFICATION = "In temporary accommodation for 14 months after six unsuccessful cycles."


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
    return dict(body["errors"])


@pytest.fixture
def home() -> Property:
    return cast(Property, VoidFactory(property=PropertyFactory(bedrooms=2, bedspaces=4)).property)


@pytest.fixture
def case(make_bidder: Any) -> Application:
    return make_bidder(band="B", sizes=(2,))


def _body(prop: Property, case: Application, **extra: Any) -> dict[str, Any]:
    return {"property": prop.pk, "application": case.reference, "category": "homeless_in_ta",
            "justification": JUSTIFICATION, **extra}


def _unchanged(prop: Property) -> None:
    assert not DirectMatch.objects.exists()
    assert not ApprovalRequest.objects.filter(type="direct_let").exists()
    assert Void.objects.get(property=prop).status == Void.Status.READY_TO_LET


@pytest.fixture
def match(home: Property, case: Application, officer: Any) -> DirectMatch:
    return direct_match_propose(property=home, application=case, category="homeless_in_ta",
                                justification=JUSTIFICATION, actor=officer)


def _approve(match: DirectMatch, manager: Any) -> None:
    assert match.approval is not None
    approval_decide(approval=match.approval, actor=manager, decision="approve",
                    reason="The category fits.")


# --- Who may use it ------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["adviser", "provider_user_a", "applicant"])
def test_only_lettings_staff_may_use_direct_matches(request, match, home, case, who):
    client = api(request.getfixturevalue(who))
    assert client.get(MATCHES).status_code == 403
    assert client.get(f"{MATCHES}{match.pk}/").status_code == 403
    other = VoidFactory(property=PropertyFactory(bedrooms=2)).property
    assert client.post(MATCHES, _body(other, case), format="json").status_code == 403
    assert client.post(f"{MATCHES}{match.pk}/cancel/", {"reason": "x"},
                       format="json").status_code == 403
    assert client.post(f"{MATCHES}{match.pk}/offer/", {}, format="json").status_code == 403
    assert DirectMatch.objects.get().status == DirectMatch.Status.PROPOSED


def test_anonymous_callers_are_turned_away(match):
    assert api().get(MATCHES).status_code in (401, 403)
    assert api().post(f"{MATCHES}{match.pk}/cancel/", {"reason": "x"},
                      format="json").status_code in (401, 403)


def test_a_restricted_case_is_hidden(make_bidder, manager, officer, home):
    manager.in_restricted_group = True
    manager.save(update_fields=["in_restricted_group"])
    hidden = make_bidder(band="B", sizes=(2,), restricted_access=True)
    restricted = direct_match_propose(property=home, application=hidden,
                                      category="safeguarding", justification="MAPPA move.",
                                      actor=manager)
    client = api(officer)
    assert client.get(f"{MATCHES}{restricted.pk}/").status_code == 404
    assert client.post(f"{MATCHES}{restricted.pk}/cancel/", {"reason": "x"},
                       format="json").status_code == 404
    assert client.get(MATCHES).json()["count"] == 0
    assert api(manager).get(f"{MATCHES}{restricted.pk}/").status_code == 200


# --- Proposing -----------------------------------------------------------------------------------

def test_proposing_returns_the_match_waiting_for_a_manager(officer, home, case):
    response = api(officer).post(MATCHES, _body(home, case), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    match = DirectMatch.objects.get()
    assert body["id"] == match.pk and body["reference"] == match.reference
    assert (body["status"], body["application"], body["home"]["id"]) == (
        "proposed", case.reference, home.pk)
    assert body["approval"] == match.approval_id
    assert body["from_advert"] is None
    assert [c["code"] for c in body["checks"]] == ["criteria_met", "highest_priority"]
    listed = api(officer).get(MATCHES, {"status": "proposed"}).json()
    assert [m["id"] for m in listed["results"]] == [match.pk]
    assert api(officer).get(MATCHES, {"status": "let"}).json()["count"] == 0


@pytest.mark.parametrize(("change", "fields"), [
    ({"category": "holiday_let"}, {"category"}),
    ({"justification": "   "}, {"justification"}),
    ({"property": 999_999}, {"property"}),
    ({"property": 99_999_999_999}, {"property"}),
    ({"property": "four"}, {"property"}),
    ({"application": "HR-NOPE-1"}, {"application"}),
    ({"advert": "ADV-NOPE"}, {"advert"}),
    ({"surprise": 1}, {"surprise"}),
])
def test_bad_input_is_a_400_naming_the_field_and_changes_nothing(officer, home, case, change,
                                                                 fields):
    response = api(officer).post(MATCHES, _body(home, case, **change), format="json")
    assert set(errors_of(response, 400)) == fields
    _unchanged(home)


def test_an_applicant_who_does_not_fit_is_a_400_with_every_reason(officer, home, make_bidder):
    wrong = make_bidder(band="B", sizes=(3,), status="active_suspended")
    errors = errors_of(api(officer).post(MATCHES, _body(home, wrong), format="json"), 400)
    assert errors == {"application": [
        "The applicant's bidding is suspended.",
        "This home has 2 bedrooms. The applicant needs 3 bedrooms."]}
    _unchanged(home)


def test_malformed_json_is_a_400(officer, home):
    response = api(officer).post(MATCHES, "{not json", content_type="application/json")
    assert response.status_code == 400
    _unchanged(home)


def test_a_second_open_match_for_the_home_is_a_409(officer, match, home, make_bidder):
    other = make_bidder(band="B", sizes=(2,))
    errors = errors_of(api(officer).post(MATCHES, _body(home, other), format="json"), 409)
    assert set(errors) == {"property"}
    assert DirectMatch.objects.count() == 1


# --- Offer and cancel ----------------------------------------------------------------------------

def test_offering_a_match_not_approved_is_a_409_and_an_approved_one_a_201(officer, manager,
                                                                          match, media_root):
    url = f"{MATCHES}{match.pk}/offer/"
    errors_of(api(officer).post(url, {}, format="json"), 409)
    _approve(match, manager)
    assert set(errors_of(api(officer).post(url, {"viewing_at": "soon"}, format="json"),
                         400)) == {"viewing_at"}
    viewing = (timezone.now() + dt.timedelta(days=2)).replace(microsecond=0)

    response = api(officer).post(url, {"viewing_at": viewing.isoformat()}, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["offer_type"], body["advert"], body["status"]) == ("direct_let", None,
                                                                    "viewing_arranged")
    detail = api(officer).get(f"{MATCHES}{match.pk}/").json()
    assert (detail["status"], detail["offer"]) == ("offered", body["id"])
    errors_of(api(officer).post(url, {}, format="json"), 409)
    assert Offer.objects.count() == 1
    # Once offered, it cannot be cancelled.
    errors_of(api(officer).post(f"{MATCHES}{match.pk}/cancel/", {"reason": "Too late"},
                                format="json"), 409)


def test_cancelling_needs_a_reason_and_hands_the_home_back(officer, match, home):
    url = f"{MATCHES}{match.pk}/cancel/"
    assert set(errors_of(api(officer).post(url, {"reason": " "}, format="json"), 400)) == {
        "reason"}
    assert DirectMatch.objects.get().status == DirectMatch.Status.PROPOSED

    response = api(officer).post(url, {"reason": "The household moved away."}, format="json")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["ended_reason"]) == (
        "cancelled", "The household moved away.")
    assert Void.objects.get(property=home).status == Void.Status.READY_TO_LET


def test_ids_out_of_range_or_unknown_are_404s(officer):
    for path in (f"{MATCHES}99999999999/", f"{MATCHES}424242/"):
        assert api(officer).get(path).status_code == 404
    assert api(officer).post(f"{MATCHES}99999999999/offer/", {},
                             format="json").status_code == 404


# --- The schema ----------------------------------------------------------------------------------

def test_the_schema_documents_the_direct_match_endpoints():
    paths = api().get("/api/schema/", {"format": "json"}).json()["paths"]
    for path, methods in {
        "/api/v1/direct-matches/": {"get", "post"},
        "/api/v1/direct-matches/{id}/": {"get"},
        "/api/v1/direct-matches/{id}/offer/": {"post"},
        "/api/v1/direct-matches/{id}/cancel/": {"post"},
    }.items():
        assert methods <= set(paths[path]), path
        for method in methods:
            assert paths[path][method]["description"], (path, method)
    assert "409" in paths["/api/v1/direct-matches/"]["post"]["responses"]
