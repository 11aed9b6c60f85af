"""The assessment and debts API: who sees what, the proposal (no write), confirming and
overriding a band, Band A waiting for a manager, withdrawal, debts, and bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from applications.models import Application, BandAward, DebtRecord
from housing.approvals.models import ApprovalRequest
from tests.factories import ApplicationFactory, HouseholdMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

STAFF_ONLY = {"id", "proposed_band", "overridden", "override_reason", "officer_note",
              "qualifying_debt", "needs_approval", "approval_reason", "proposed_by",
              "approved_by", "end_reason"}


def api(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def url(application: Application, *parts: str) -> str:
    return f"/api/v1/applications/{application.reference}/" + "".join(f"{p}/" for p in parts)


def error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"]
    return body


def state(application: Application) -> tuple[Any, ...]:
    app = Application.objects.get(pk=application.pk)
    return (app.status, app.band, BandAward.objects.filter(application=app).count(),
            ApprovalRequest.objects.count(), DebtRecord.objects.count())


def test_an_officer_confirms_band_c_and_reads_the_assessment(officer, qualified_case):
    response = api(officer).post(url(qualified_case, "assessment"),
                                 {"reason_codes": ["C2"], "officer_note": "Checked."},
                                 format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["band"], body["band_name"]) == ("current", "C", "Band C")
    assert body["proposed_by"] == "officer" and body["officer_note"] == "Checked."
    assert body["registration_date"] == timezone.localdate().isoformat()
    read = api(officer).get(url(qualified_case, "assessment")).json()
    assert read["application_status"] == "active"
    assert read["current"]["reason_codes"] == ["C2"] and read["pending"] is None
    for key in ("band", "band_name", "reasons", "reason_codes", "rp_categories",
                "effective_date", "date_rule_applied", "registration_date", "bedroom_need",
                "eligible_sizes", "property_flags", "property_reasons", "local_connection",
                "what_would_change"):
        assert key in read["current"], key
    assert read["current"]["rp_categories"] == ["c"]
    assert read["current"]["effective_date"] == "2026-01-10"


def test_the_applicant_sees_their_own_assessment_without_staff_fields(officer, applicant,
                                                                      qualified_case):
    api(officer).post(url(qualified_case, "assessment"), {"reason_codes": ["C2"]},
                      format="json")
    response = api(applicant).get(url(qualified_case, "assessment"))
    assert response.status_code == 200
    current = response.json()["current"]
    assert current["band"] == "C" and current["local_connection"]
    assert not STAFF_ONLY & set(current)


def test_an_applicant_cannot_see_another_applicants_assessment(applicant, qualified_case):
    other = UserFactory(role="applicant")
    error(api(other).get(url(qualified_case, "assessment")), 404)


@pytest.mark.parametrize("role", ["provider", "medical_adviser"])
def test_providers_and_advisers_are_refused(role, provider_a, qualified_case):
    user = UserFactory(role=role, organisation=provider_a if role == "provider" else None)
    before = state(qualified_case)
    error(api(user).get(url(qualified_case, "assessment")), 403)
    error(api(user).post(url(qualified_case, "assessment"), {"reason_codes": ["C2"]},
                         format="json"), 403)
    error(api(user).post(url(qualified_case, "assessment", "proposal"), {}, format="json"),
          403)
    error(api(user).get(url(qualified_case, "debts")), 403)
    assert state(qualified_case) == before


def test_applicants_cannot_assess_or_read_debts(applicant, qualified_case):
    before = state(qualified_case)
    error(api(applicant).post(url(qualified_case, "assessment"), {"reason_codes": ["A1"]},
                              format="json"), 403)
    error(api(applicant).post(url(qualified_case, "assessment", "proposal"), {},
                              format="json"), 403)
    error(api(applicant).get(url(qualified_case, "debts")), 403)
    assert state(qualified_case) == before


def test_anonymous_requests_are_refused(qualified_case):
    assert api().get(url(qualified_case, "assessment")).status_code in (401, 403)


def test_the_proposal_computes_without_writing(officer, qualified_case):
    before = state(qualified_case)
    suggested = api(officer).post(url(qualified_case, "assessment", "proposal"), {},
                                  format="json")
    assert suggested.status_code == 200, suggested.content
    body = suggested.json()
    assert body["band"] == "C" and body["suggested"][0]["code"] == "C2"
    assert not body["needs_approval"] and body["debt"]["blocks"] is False
    band_a = api(officer).post(url(qualified_case, "assessment", "proposal"),
                               {"reason_codes": ["A1"]}, format="json").json()
    assert band_a["band"] == "A" and band_a["needs_approval"]
    assert band_a["approval_type"] == "band_a_award"
    reduced = api(officer).post(url(qualified_case, "assessment", "proposal"),
                                {"reason_codes": ["C2"], "behaviour": True},
                                format="json").json()
    assert reduced["band"] == "D" and reduced["reduced_priority_reasons"]
    assert state(qualified_case) == before


@pytest.mark.parametrize("body, field", [
    ({"reason_codes": ["Z9"]}, "reason_codes"),
    ({"override_band": "Q"}, "override_band"),
    ({"reason_codes": "C2"}, "reason_codes"),
    ({"behaviour": "perhaps"}, "behaviour"),
])
def test_a_bad_proposal_request_is_a_400(officer, qualified_case, body, field):
    body_json = error(api(officer).post(url(qualified_case, "assessment", "proposal"), body,
                                        format="json"), 400)
    assert field in body_json["errors"]


def test_band_a_waits_for_a_manager_and_another_manager_approves(manager, second_manager,
                                                                 qualified_case):
    response = api(manager).post(url(qualified_case, "assessment"), {
        "reason_codes": ["A1"], "justification": "Discharge blocked."}, format="json")
    assert response.status_code == 201 and response.json()["status"] == "proposed"
    read = api(manager).get(url(qualified_case, "assessment")).json()
    assert read["current"] is None and read["pending"]["band"] == "A"
    approval = ApprovalRequest.objects.get()
    own = api(manager).post(f"/api/v1/approvals/{approval.pk}/decision/",
                            {"decision": "approve", "reason": "Fine"}, format="json")
    assert "another manager must decide" in error(own, 400)["detail"]
    assert state(qualified_case)[:2] == ("under_assessment", "")
    ok = api(second_manager).post(f"/api/v1/approvals/{approval.pk}/decision/",
                                  {"decision": "approve", "reason": "Evidence is clear."},
                                  format="json")
    assert ok.status_code == 200, ok.content
    qualified_case.refresh_from_db()
    assert (qualified_case.status, qualified_case.band) == ("active", "A")
    read = api(manager).get(url(qualified_case, "assessment")).json()
    assert read["current"]["approved_by"] == "manager2" and read["pending"] is None


@pytest.mark.parametrize("body, status, field", [
    ({}, 400, "reason_codes"),
    ({"reason_codes": ["A1"]}, 400, "justification"),
    ({"reason_codes": ["C2"], "override_band": "B"}, 400, "override_reason"),
    ({"reason_codes": ["Nope"]}, 400, "reason_codes"),
    ({"reason_codes": ["C2"], "override_band": "Q", "override_reason": "x"}, 400,
     "override_band"),
])
def test_bad_input_is_refused_and_changes_nothing(officer, qualified_case, body, status,
                                                  field):
    before = state(qualified_case)
    body_json = error(api(officer).post(url(qualified_case, "assessment"), body,
                                        format="json"), status)
    assert field in body_json["errors"], body_json
    assert state(qualified_case) == before


def test_assessing_twice_while_an_award_waits_is_a_409_until_withdrawn(officer,
                                                                        qualified_case):
    api(officer).post(url(qualified_case, "assessment"),
                      {"reason_codes": ["A1"], "justification": "Urgent"}, format="json")
    before = state(qualified_case)
    error(api(officer).post(url(qualified_case, "assessment"), {"reason_codes": ["C2"]},
                            format="json"), 409)
    assert state(qualified_case) == before
    withdrawn = api(officer).post(url(qualified_case, "assessment", "withdraw"),
                                  {"reason": "Wrong code"}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert ApprovalRequest.objects.get().status == "withdrawn"
    error(api(officer).post(url(qualified_case, "assessment", "withdraw"), {},
                            format="json"), 409)
    assert api(officer).post(url(qualified_case, "assessment"), {"reason_codes": ["C2"]},
                             format="json").status_code == 201


def test_an_application_not_ready_for_banding_is_a_409(officer):
    application = ApplicationFactory(status="submitted", band="")
    error(api(officer).post(url(application, "assessment"), {"reason_codes": ["C2"]},
                            format="json"), 409)


def test_restricted_cases_are_not_found_outside_the_restricted_group(officer, qualified_case):
    Application.objects.filter(pk=qualified_case.pk).update(restricted_access=True)
    error(api(officer).get(url(qualified_case, "assessment")), 404)
    error(api(officer).post(url(qualified_case, "assessment"), {"reason_codes": ["C2"]},
                            format="json"), 404)
    error(api(officer).get(url(qualified_case, "debts")), 404)


def test_malformed_json_is_a_400(officer, qualified_case):
    response = api(officer).post(url(qualified_case, "assessment"), "{not json",
                                 content_type="application/json")
    error(response, 400)


# --- Debts -----------------------------------------------------------------------------------

def debt_body(application: Application, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "member": application.members.get(role="lead").pk, "creditor": "council",
        "type": "rent_arrears", "amount": "750.00",
        "as_of": (timezone.localdate() - dt.timedelta(days=2)).isoformat()}
    body.update(overrides)
    return body


def test_an_officer_records_and_lists_debts(officer, qualified_case):
    response = api(officer).post(url(qualified_case, "debts"), debt_body(qualified_case),
                                 format="json")
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == "750.00"
    listing = api(officer).get(url(qualified_case, "debts")).json()
    assert [d["type"] for d in listing["debts"]] == ["rent_arrears"]
    assert listing["result"]["blocks"] is True
    assert listing["result"]["qualifying_debt"] == "750.00"
    assert listing["result"]["threshold"] == "500.00"


def test_excluded_debts_are_listed_with_the_reason(officer, qualified_case):
    api(officer).post(url(qualified_case, "debts"),
                      debt_body(qualified_case, domestic_abuse_related=True), format="json")
    result = api(officer).get(url(qualified_case, "debts")).json()["result"]
    assert result["blocks"] is False and "domestic abuse" in result["excluded"][0]["reason"]


@pytest.mark.parametrize("overrides, field", [
    ({"amount": "-1"}, "amount"),
    ({"amount": "lots"}, "amount"),
    ({"as_of": "2999-01-01"}, "as_of"),
    ({"arrangement_frequency": "weekly"}, "arrangement_amount"),
    ({"arrangement_frequency": "weekly", "arrangement_amount": "5"}, "arrangement_start"),
    ({"type": "parking"}, "type"),
    ({"member": 999999}, "member"),
])
def test_bad_debts_are_a_400_and_record_nothing(officer, qualified_case, overrides, field):
    body = error(api(officer).post(url(qualified_case, "debts"),
                                   debt_body(qualified_case, **overrides), format="json"), 400)
    assert field in body["errors"], body
    assert not DebtRecord.objects.exists()


def test_a_debt_cannot_be_recorded_against_someone_on_another_application(officer,
                                                                          qualified_case):
    stranger = HouseholdMemberFactory(application=ApplicationFactory(), role="joint")
    body = error(api(officer).post(url(qualified_case, "debts"),
                                   debt_body(qualified_case, member=stranger.pk),
                                   format="json"), 400)
    assert body["errors"] == {"member": ["Choose someone on this application"]}


def test_the_schema_documents_the_assessment_endpoints(client):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    base = "/api/v1/applications/{reference}/"
    assert {"get", "post"} <= set(paths[f"{base}assessment/"])
    assert "post" in paths[f"{base}assessment/proposal/"]
    assert "post" in paths[f"{base}assessment/withdraw/"]
    assert {"get", "post"} <= set(paths[f"{base}debts/"])
