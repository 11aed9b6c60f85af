"""A provider user of organisation A never sees or changes anything of organisation B, through
any partner page or nominations API endpoint (issue 7 "Done when"; DOMAIN.md §2 provider row):
B's vacancies and nominations are 404 (pages, API detail and actions alike, so ids cannot be
probed), lists, counts and exports hold only A's, and a POST against B's objects changes
nothing. Applicants and medical advisers are refused (403) everywhere here.

The routes are read from the URL conf, so a new partner page or nominations endpoint that this
test does not exercise fails ``test_every_partner_page_and_nominations_endpoint_is_covered``.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import get_resolver
from django.utils import timezone
from rest_framework.test import APIClient

from lettings.models import Offer, Property, Void
from nominations.models import Nomination, NominationRequest
from nominations.services.provider import nomination_accept, nomination_reject
from tests.factories import PropertyFactory
from tests.nominations.provider_fixtures import challenged, fresh

pytestmark = pytest.mark.django_db

B_NAMES = ("Bram Northfield", "Bea Northfield", "99 Northgate Row", "98 Northgate Row")

# Every partner page and nominations API route, by name, with how this test exercises it.
PAGE_ROUTES = {"home", "vacancies", "vacancy-new", "vacancy", "nominations",
               "nominations-export", "nomination", "nomination-accept", "nomination-reject",
               "nomination-challenge", "nomination-viewing", "nomination-offer",
               "nomination-acceptance", "nomination-let", "nomination-withdraw"}
API_ROUTES = {"nomination-list", "nomination-vacancy-list", "nomination-detail",
              "nomination-review", "nomination-accept", "nomination-reject",
              "nomination-challenge", "nomination-outcome"}
# A valid-looking body for each action, so a refusal is about whose object it is.
PAGE_POSTS: dict[str, dict[str, Any]] = {
    "nomination-accept": {},
    "nomination-reject": {"reject-reason_code": "arrears", "reject-reason_text": "Owes rent."},
    "nomination-challenge": {"challenge-answer": "accept"},
    "nomination-viewing": {"viewing-viewing_date_0": "1", "viewing-viewing_date_1": "6",
                           "viewing-viewing_date_2": str(timezone.localdate().year + 1),
                           "viewing-viewing_time": "2pm"},
    "nomination-offer": {"offer-offered_on_0": str(timezone.localdate().day),
                         "offer-offered_on_1": str(timezone.localdate().month),
                         "offer-offered_on_2": str(timezone.localdate().year)},
    "nomination-acceptance": {},
    "nomination-let": {"let-tenancy_start_0": str(timezone.localdate().day),
                       "let-tenancy_start_1": str(timezone.localdate().month),
                       "let-tenancy_start_2": str(timezone.localdate().year)},
    "nomination-withdraw": {"withdraw-reason": "Moved away."},
}
API_POSTS: dict[str, dict[str, Any]] = {
    "review": {}, "accept": {},
    "reject": {"reason_code": "arrears", "reason_text": "Owes rent."},
    "challenge": {"uphold": False},
    "outcome": {"outcome": "offer", "date": timezone.localdate().isoformat()},
}


@pytest.fixture
def world(provider_a, provider_b, agreement_a, agreement_b, make_void, open_request, nominate,
          provider_user_a, provider_user_b, officer) -> dict[str, Any]:
    """Both organisations with vacancies and nominations in several states; B has more of each,
    so a count that included B's would show it."""
    def vacancy(provider: Any, address: str) -> NominationRequest:
        return open_request(make_void(provider, property={"address_line_1": address}))

    a_sent = nominate(vacancy(provider_a, "1 Riverside Walk"), first="Ayla", last="Riverdale")
    a_accepted = nominate(vacancy(provider_a, "2 Riverside Walk"), first="Alfie",
                          last="Riverdale")
    nomination_accept(nomination=a_accepted, actor=provider_user_a)
    a_waiting = vacancy(provider_a, "3 Riverside Walk")

    b_sent = nominate(vacancy(provider_b, "99 Northgate Row"), first="Bram", last="Northfield")
    b_accepted = nominate(vacancy(provider_b, "98 Northgate Row"), first="Bea",
                          last="Northfield")
    nomination_accept(nomination=b_accepted, actor=provider_user_b)
    b_challenged = nominate(vacancy(provider_b, "97 Northgate Row"), first="Bo",
                            last="Northfield")
    challenged(b_challenged, provider_user_b, officer)
    b_rejected = nominate(vacancy(provider_b, "96 Northgate Row"), first="Bel",
                          last="Northfield")
    nomination_reject(nomination=b_rejected, actor=provider_user_b, reason_code="arrears",
                      reason_text="Owes rent.")
    b_waiting = vacancy(provider_b, "95 Northgate Row")
    b_home = PropertyFactory(landlord=provider_b, address_line_1="94 Northgate Row")
    return {"a": [a_sent, a_accepted], "a_requests": [a_sent.request, a_accepted.request,
                                                       a_waiting],
            "b": [b_sent, b_accepted, b_challenged, b_rejected],
            "b_requests": [n.request for n in (b_sent, b_accepted, b_challenged, b_rejected)]
            + [b_waiting], "b_home": b_home}


def _snapshot(world: dict[str, Any]) -> Any:
    rows = [(n.pk, n.status, n.updated_at, n.history.count())
            for n in Nomination.objects.filter(pk__in=[n.pk for n in world["b"]]).order_by("pk")]
    requests = list(NominationRequest.objects.filter(pk__in=[r.pk for r in world["b_requests"]])
                    .order_by("pk").values_list("pk", "status", "updated_at"))
    return rows, requests, Offer.objects.count(), Void.objects.count(), Property.objects.count()


def _no_b(text: str, world: dict[str, Any]) -> None:
    for marker in B_NAMES:
        assert marker not in text, marker
    for request in world["b_requests"]:
        assert request.reference not in text, request.reference
    for n in world["b"]:
        assert n.application.reference not in text, n.application.reference


def test_every_partner_page_and_nominations_endpoint_is_covered():
    resolver = get_resolver()
    partners = set(resolver.namespace_dict["partners"][1].reverse_dict.keys())
    api = set(resolver.namespace_dict["api"][1].reverse_dict.keys())
    assert {n for n in partners if isinstance(n, str)} == PAGE_ROUTES
    assert {n for n in api if isinstance(n, str) and n.startswith("nomination")} == API_ROUTES


def test_partner_pages_show_nothing_of_another_organisation(client, provider_user_a, world):
    client.force_login(provider_user_a)
    before = _snapshot(world)
    for url in ("/partners/", "/partners/vacancies/", "/partners/vacancies/new/",
                "/partners/nominations/"):
        response = client.get(url)
        assert response.status_code == 200, url
        _no_b(response.content.decode(), world)
    home = client.get("/partners/").content.decode()
    assert 'data-count="to_decide">1' in home  # A has one to decide; B has one more
    assert 'data-count="accepted">1' in home
    assert 'data-count="challenged">0' in home
    assert 'data-count="open_vacancies">3 ' in home
    for n in world["a"]:
        assert client.get(f"/partners/nominations/{n.pk}/").status_code == 200
    for request in world["a_requests"]:
        assert client.get(f"/partners/vacancies/{request.pk}/").status_code == 200
    for request in world["b_requests"]:
        assert client.get(f"/partners/vacancies/{request.pk}/").status_code == 404
    for n in world["b"]:
        assert client.get(f"/partners/nominations/{n.pk}/").status_code == 404
        for name, body in PAGE_POSTS.items():
            action = name.removeprefix("nomination-")
            response = client.post(f"/partners/nominations/{n.pk}/{action}/", body)
            assert response.status_code == 404, (name, n.status)
    assert _snapshot(world) == before


def test_the_export_has_only_the_organisations_nominations(client, provider_user_a, world):
    client.force_login(provider_user_a)
    response = client.get("/partners/nominations/export.csv")
    body = b"".join(response.streaming_content).decode()
    _no_b(body, world)
    rows = list(csv.reader(io.StringIO(body)))
    assert sorted(row[0] for row in rows[1:]) == sorted(n.request.reference
                                                        for n in world["a"])


def test_posting_another_organisations_objects_through_the_portal_changes_nothing(
        client, provider_user_a, world):
    client.force_login(provider_user_a)
    before = _snapshot(world)
    b_sent = world["b"][0]
    bulk = client.post("/partners/nominations/", {"nominations": [b_sent.pk],
                                                  "decision": "accept"})
    assert bulk.status_code == 400
    _no_b(bulk.content.decode(), world)
    notify = client.post("/partners/vacancies/new/", {
        "home": world["b_home"].pk, "route": "nomination_only",
        "void-reason_vacant": "tenant_notice", "void-void_type": "standard"})
    assert notify.status_code == 400
    _no_b(notify.content.decode(), world)
    assert _snapshot(world) == before


def test_the_api_shows_and_changes_nothing_of_another_organisation(provider_user_a, world):
    client = APIClient()
    client.force_authenticate(provider_user_a)
    before = _snapshot(world)
    listed = client.get("/api/v1/nominations/", {"page_size": 200})
    assert {row["id"] for row in listed.json()["results"]} == {n.pk for n in world["a"]}
    assert listed.json()["count"] == len(world["a"])
    _no_b(listed.content.decode(), world)
    for code in ("NGH", "ngh"):
        assert client.get("/api/v1/nominations/", {"provider": code}).json()["count"] == 0
    for status in ("challenged", "rp_rejected"):
        assert client.get("/api/v1/nominations/", {"status": status}).json()["count"] == 0
    vacancies = client.get("/api/v1/nominations/vacancies/", {"page_size": 200})
    assert {row["id"] for row in vacancies.json()["results"]} == {
        r.pk for r in world["a_requests"]}
    _no_b(vacancies.content.decode(), world)
    for n in world["b"]:
        response = client.get(f"/api/v1/nominations/{n.pk}/")
        assert response.status_code == 404
        _no_b(response.content.decode(), world)
        for action, body in API_POSTS.items():
            response = client.post(f"/api/v1/nominations/{n.pk}/{action}/", body, format="json")
            assert response.status_code == 404, (action, n.status)
    response = client.post("/api/v1/nominations/vacancies/", {
        "property": world["b_home"].pk, "void": {"reason_vacant": "tenant_notice"}},
        format="json")
    assert response.status_code == 400
    assert _snapshot(world) == before


@pytest.mark.parametrize("role", ["applicant", "adviser"])
def test_applicants_and_advisers_are_refused_everywhere(role, request, client, world):
    user = request.getfixturevalue(role)
    client.force_login(user)
    a = world["a"][0]
    before = _snapshot(world)
    pages = ["/partners/", "/partners/vacancies/", "/partners/vacancies/new/",
             f"/partners/vacancies/{a.request.pk}/", "/partners/nominations/",
             "/partners/nominations/export.csv", f"/partners/nominations/{a.pk}/"]
    for url in pages:
        assert client.get(url).status_code == 403, url
    for name, body in PAGE_POSTS.items():
        action = name.removeprefix("nomination-")
        assert client.post(f"/partners/nominations/{a.pk}/{action}/", body).status_code == 403
    assert client.post("/partners/nominations/", {"nominations": [a.pk],
                                                  "decision": "accept"}).status_code == 403
    api = APIClient()
    api.force_authenticate(user)
    for url in ("/api/v1/nominations/", "/api/v1/nominations/vacancies/",
                f"/api/v1/nominations/{a.pk}/"):
        assert api.get(url).status_code == 403, url
    for action, body in API_POSTS.items():
        assert api.post(f"/api/v1/nominations/{a.pk}/{action}/", body,
                        format="json").status_code == 403
    assert api.post("/api/v1/nominations/vacancies/", {}, format="json").status_code == 403
    assert fresh(a).status == Nomination.Status.SENT
    assert _snapshot(world) == before


def test_council_staff_do_not_use_the_partner_portal(client, officer, world):
    client.force_login(officer)
    assert client.get("/partners/").status_code == 403
    assert client.get("/partners/nominations/").status_code == 403
