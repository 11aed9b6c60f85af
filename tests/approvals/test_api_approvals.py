"""The approvals API (maker–checker): listing, creating requests about an application,
deciding (not your own; not twice), withdrawing, and who may do what."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from applications.models import Application, BandAward
from applications.services.banding import award_confirm
from housing.approvals.models import ApprovalRequest
from housing.approvals.services import approval_request_create
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/approvals/"


def api(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"]
    return body


def decision(approval: ApprovalRequest) -> str:
    return f"{LIST}{approval.pk}/decision/"


def band_a(application: Application, actor: Any) -> ApprovalRequest:
    award_confirm(application=application, actor=actor, reason_codes=["A1"],
                  justification="Discharge blocked by stairs.")
    return ApprovalRequest.objects.get(case_reference=application.reference)


def override(actor: Any, application: Application | None = None,
             **kwargs: Any) -> ApprovalRequest:
    application = application or ApplicationFactory()
    return approval_request_create(type="debt_override", subject=application, actor=actor,
                                   justification="Being cleared.", summary="Debt override",
                                   case_reference=application.reference, **kwargs)


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_managers_list_pending_requests_oldest_first(officer, manager, qualified_case):
    first = band_a(qualified_case, officer)
    second = override(officer)
    assert ids(api(manager).get(LIST)) == [first.pk, second.pk]
    assert ids(api(manager).get(LIST, {"type": "debt_override"})) == [second.pk]
    row = api(manager).get(LIST).json()["results"][0]
    assert row["case_reference"] == qualified_case.reference
    assert row["type"] == "band_a_award" and row["requested_by"] == "officer"
    assert row["details"]["Band"] == "Band A"


def test_officers_list_their_own_requests_and_outcomes(officer, manager, qualified_case):
    mine = band_a(qualified_case, officer)
    override(UserFactory(role="officer"))
    assert ids(api(officer).get(LIST)) == [mine.pk]
    api(manager).post(decision(mine), {"decision": "reject", "reason": "No evidence"},
                      format="json")
    rows = api(officer).get(LIST).json()["results"]
    assert [(r["id"], r["status"], r["decision_reason"]) for r in rows] == [
        (mine.pk, "rejected", "No evidence")]
    assert ids(api(officer).get(LIST, {"status": "pending"})) == []


def test_another_manager_approves_a_band_a_award(officer, manager, qualified_case):
    approval = band_a(qualified_case, officer)
    response = api(manager).post(decision(approval),
                                 {"decision": "approve", "reason": "Ward letter seen."},
                                 format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    assert response.json()["decided_by"] == "manager"
    qualified_case.refresh_from_db()
    assert (qualified_case.status, qualified_case.band) == ("active", "A")


def test_a_manager_cannot_approve_their_own_request(manager, qualified_case):
    approval = band_a(qualified_case, manager)
    body = error(api(manager).post(decision(approval),
                                   {"decision": "approve", "reason": "Fine"}, format="json"),
                 400)
    assert "another manager must decide it" in body["detail"]
    assert body["errors"] == {"decision": ["You cannot decide a request you made"]}
    approval.refresh_from_db()
    qualified_case.refresh_from_db()
    assert approval.status == "pending" and qualified_case.status == "under_assessment"


def test_deciding_twice_is_a_409(officer, manager, second_manager, qualified_case):
    approval = band_a(qualified_case, officer)
    api(manager).post(decision(approval), {"decision": "approve", "reason": "Yes"},
                      format="json")
    error(api(second_manager).post(decision(approval),
                                   {"decision": "reject", "reason": "No"}, format="json"), 409)
    approval.refresh_from_db()
    assert approval.decided_by == manager


@pytest.mark.parametrize("body, field", [
    ({"decision": "maybe", "reason": "x"}, "decision"),
    ({"decision": "approve"}, "reason"),
    ({"decision": "approve", "reason": ""}, "reason"),
    ({"decision": "approve", "reason": "x", "valid_until": "2001-01-01"}, "valid_until"),
    ({"decision": "approve", "reason": "x", "valid_until": "not a date"}, "valid_until"),
])
def test_bad_decisions_are_a_400_and_change_nothing(officer, manager, qualified_case, body,
                                                    field):
    approval = band_a(qualified_case, officer)
    assert field in error(api(manager).post(decision(approval), body, format="json"),
                          400)["errors"]
    approval.refresh_from_db()
    assert approval.status == "pending"


def test_non_managers_cannot_decide(officer, senior_officer, admin_user, qualified_case):
    approval = band_a(qualified_case, officer)
    for user in (officer, senior_officer, admin_user):
        error(api(user).post(decision(approval), {"decision": "approve", "reason": "x"},
                             format="json"), 403)
    approval.refresh_from_db()
    assert approval.status == "pending"


@pytest.mark.parametrize("role", ["applicant", "provider", "medical_adviser"])
def test_applicants_providers_and_advisers_are_refused_everywhere(role, officer, provider_a):
    approval = override(officer)
    user = UserFactory(role=role, organisation=provider_a if role == "provider" else None)
    client = api(user)
    error(client.get(LIST), 403)
    error(client.get(f"{LIST}{approval.pk}/"), 403)
    error(client.post(decision(approval), {"decision": "approve", "reason": "x"},
                      format="json"), 403)
    error(client.post(LIST, {"type": "debt_override", "justification": "x",
                             "subject": {"application": approval.case_reference}},
                      format="json"), 403)
    assert ApprovalRequest.objects.count() == 1


def test_restricted_requests_are_only_for_the_restricted_group(officer, manager):
    restricted = ApplicationFactory(restricted_access=True)
    approval = override(officer, restricted, restricted=True)
    assert ids(api(manager).get(LIST)) == []
    error(api(manager).get(f"{LIST}{approval.pk}/"), 404)
    error(api(manager).post(decision(approval), {"decision": "approve", "reason": "x"},
                            format="json"), 404)
    insider = UserFactory(role="manager", in_restricted_group=True)
    assert ids(api(insider).get(LIST)) == [approval.pk]


def test_an_officer_asks_for_a_debt_override_on_an_application(officer, manager,
                                                              qualified_case):
    response = api(officer).post(LIST, {
        "type": "debt_override", "subject": {"application": qualified_case.reference},
        "justification": "The move halves the rent.",
        "details": {"Debt": "£1,240 rent arrears"}}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["case_reference"] == qualified_case.reference and body["status"] == "pending"
    assert body["summary"] == f"{qualified_case.reference}: Housing debt override"
    approval = ApprovalRequest.objects.get()
    assert approval.subject == qualified_case
    # Asking twice is a conflict.
    error(api(officer).post(LIST, {
        "type": "debt_override", "subject": {"application": qualified_case.reference},
        "justification": "Again."}, format="json"), 409)
    decided = api(manager).post(decision(approval), {
        "decision": "approve", "reason": "Exceptional need.", "valid_until": "2099-12-31"},
        format="json")
    assert decided.json()["valid_until"] == "2099-12-31"


@pytest.mark.parametrize("body, field", [
    ({"type": "band_a_award"}, "type"),
    ({"type": "discretionary_award"}, "type"),
    ({"type": "extra_bedroom"}, "type"),
    ({"type": "nonsense"}, "type"),
    ({"type": "debt_override", "justification": ""}, "justification"),
    ({"type": "debt_override", "subject": {"property": "P-1"}}, "subject"),
    ({"type": "debt_override", "subject": {"application": "HR-NOPE"}}, "subject"),
    ({"type": "debt_override", "subject": "HR-1"}, "subject"),
])
def test_bad_requests_to_create_are_a_400(officer, qualified_case, body, field):
    full = {"subject": {"application": qualified_case.reference},
            "justification": "Because.", **body}
    assert field in error(api(officer).post(LIST, full, format="json"), 400)["errors"]
    assert not ApprovalRequest.objects.exists()
    assert BandAward.objects.count() == 0


def test_an_officer_cannot_ask_about_a_case_they_cannot_see(officer):
    restricted = ApplicationFactory(restricted_access=True)
    error(api(officer).post(LIST, {"type": "debt_override", "justification": "x",
                                   "subject": {"application": restricted.reference}},
                            format="json"), 400)
    assert not ApprovalRequest.objects.exists()


def test_the_requester_withdraws_and_can_read_the_request(officer, qualified_case):
    approval = band_a(qualified_case, officer)
    detail = api(officer).get(f"{LIST}{approval.pk}/")
    assert detail.status_code == 200 and detail.json()["justification"]
    other = UserFactory(role="officer")
    error(api(other).get(f"{LIST}{approval.pk}/"), 404)
    error(api(other).post(f"{LIST}{approval.pk}/withdraw/", {}, format="json"), 404)
    response = api(officer).post(f"{LIST}{approval.pk}/withdraw/", {"reason": "Reassess"},
                                 format="json")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert BandAward.objects.get().status == "withdrawn"
    error(api(officer).post(f"{LIST}{approval.pk}/withdraw/", {}, format="json"), 409)


def test_bad_filters_are_a_400(manager):
    assert "status" in error(api(manager).get(LIST, {"status": "lost"}), 400)["errors"]


def test_the_schema_documents_the_approvals_endpoints(client):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    assert {"get", "post"} <= set(paths[LIST])
    assert "get" in paths["/api/v1/approvals/{id}/"]
    assert "post" in paths["/api/v1/approvals/{id}/decision/"]
    assert "post" in paths["/api/v1/approvals/{id}/withdraw/"]
