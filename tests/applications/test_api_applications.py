"""The register API: the applicant's journey, who sees what, caseworker actions, conflicts and
the OpenAPI schema. Bad input on every endpoint is in test_api_bad_input.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from applications.models import Application, CaseNote, Decision, EvidenceItem, HouseholdMember
from applications.services import casework, evidence
from applications.services.status import application_transition
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/applications/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

CIRCUMSTANCES_ANSWERS: dict[str, dict[str, Any]] = {
    "current-home": {"tenure": "private_rent", "landlord_name": "A. Landlord",
                     "current_bedrooms": 1, "shares_kitchen": False, "shares_bathroom": False,
                     "disrepair": True, "disrepair_details": "Damp in the bedroom",
                     "has_housing_need": True},
    "local-connection": {"works_in_district": False, "family_in_district": True,
                         "family_relationship": "Mother", "family_years": 20},
    "money": {"household_income_annual": 21000, "savings": 1500, "owns_property": False},
    "debts": {"has_housing_debt": False},
    "health": {"has_medical_needs": False},
    "circumstances": {"armed_forces": "none", "service_related_bereavement": False,
                      "care_leaver": False, "fled_domestic_abuse": False,
                      "is_social_tenant_in_england": False,
                      "has_job_or_offer_in_district": False,
                      "hardship_to_move_for_work": False, "seeking_sheltered_only": False,
                      "unacceptable_behaviour": False},
}
ABOUT_YOU = {"first_name": "Jo", "last_name": "Bloggs", "date_of_birth": "1988-04-12",
             "sex": "female", "ni_number": "JT 12 34 56 C", "phone": "07700 900123",
             "email": "jo@example.org"}


def api(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def url(reference: str, *parts: object) -> str:
    return f"{LIST}{reference}/" + "".join(f"{p}/" for p in parts)


def assert_error_shape(response: Any, status: int, *keys: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], dict)
    for field, messages in body["errors"].items():
        assert isinstance(field, str)
        assert messages and all(isinstance(m, str) and m for m in messages)
    for key in keys:
        assert key in body["errors"], body["errors"]
    return body


def start(client: APIClient) -> str:
    response = client.post(LIST, {}, format="json")
    assert response.status_code in (200, 201), response.content
    return response.json()["reference"]


def patch_section(client: APIClient, reference: str, section: str, data: dict[str, Any]
                  ) -> dict[str, Any]:
    response = client.patch(url(reference), {"section": section, "data": data}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def fill_in(client: APIClient, reference: str) -> dict[str, int]:
    """Every section of a draft through the API: the applicant, a joint applicant and a child,
    five years of addresses, circumstances and immigration status, then the declaration."""
    body = patch_section(client, reference, "about-you", ABOUT_YOU)
    lead = body["members"][0]["id"]
    partner = client.post(url(reference, "members"), {
        "role": "joint", "first_name": "Sam", "last_name": "Bloggs",
        "date_of_birth": "1987-09-30", "sex": "male"}, format="json")
    assert partner.status_code == 201, partner.content
    child = client.post(url(reference, "members"), {
        "role": "child", "first_name": "Amy", "last_name": "Bloggs",
        "date_of_birth": "2016-02-01", "sex": "female"}, format="json")
    assert child.status_code == 201, child.content
    patch_section(client, reference, "household", {"confirmed": True})
    for member in (lead, partner.json()["id"]):
        response = client.post(url(reference, "members", member, "addresses"), {
            "line_1": "1 High Street", "town": "Brackenfield", "postcode": "bf1 2ab",
            "from_date": "2012-05-01", "in_district": True, "tenure": "private_rent"},
            format="json")
        assert response.status_code == 201, response.content
        assert response.json()["postcode"] == "BF1 2AB"
    patch_section(client, reference, "addresses", {"confirmed": True})
    for section, answers in CIRCUMSTANCES_ANSWERS.items():
        patch_section(client, reference, section, answers)
    for member in (lead, partner.json()["id"]):
        response = client.patch(url(reference, "members", member), {
            "nationality": "British", "immigration_status": "british",
            "is_existing_social_tenant": False}, format="json")
        assert response.status_code == 200, response.content
    response = client.post(url(reference, "declaration"), {"consent": True}, format="json")
    assert response.status_code == 200, response.content
    return {"lead": lead, "partner": partner.json()["id"], "child": child.json()["id"]}


def submitted(user: Any) -> tuple[Application, dict[str, int]]:
    client = api(user)
    reference = start(client)
    members = fill_in(client, reference)
    response = client.post(url(reference, "submit"), format="json")
    assert response.status_code == 200, response.content
    return Application.objects.get(reference=reference), members


def under_assessment(user: Any, actor: Any) -> tuple[Application, dict[str, int]]:
    application, members = submitted(user)
    application_transition(application=application, to=Application.Status.UNDER_ASSESSMENT,
                           actor=actor, reason="Test: ready to assess")
    application.refresh_from_db()
    return application, members


# --- The applicant's journey -------------------------------------------------------------------

def test_applicant_completes_and_submits_an_application_through_the_api(applicant, media_root):
    client = api(applicant)
    created = client.post(LIST, {}, format="json")
    assert created.status_code == 201
    reference = created.json()["reference"]
    assert created.json()["status"] == "draft"
    assert created.json()["sections_completed"] == []

    members = fill_in(client, reference)
    detail = client.get(url(reference)).json()
    assert detail["sections_completed"] == ["about-you", "household", "addresses",
                                            "current-home", "local-connection", "immigration",
                                            "money", "debts", "health", "circumstances",
                                            "declaration"]
    assert detail["circumstances"]["tenure"] == "private_rent"
    assert detail["circumstances"]["household_income_annual"] == 21000
    assert detail["circumstances"]["consent_data_sharing"] is True
    lead = next(m for m in detail["members"] if m["id"] == members["lead"])
    assert lead["ni_number"] == "JT123456C"
    assert lead["addresses"][0]["town"] == "Brackenfield"
    assert {m["role"] for m in detail["members"]} == {"lead", "joint", "child"}

    response = client.post(url(reference, "submit"), format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "submitted"
    assert body["application_date"] is not None
    assert body["evidence_due_date"] is not None
    assert body["bedroom_need"] is not None and body["bedroom_reasons"]
    kinds = {item["kind"] for item in body["outstanding_evidence"]}
    assert {"identity", "proof_of_address", "income"} <= kinds
    assert EvidenceItem.objects.filter(application__reference=reference).count() == len(
        body["outstanding_evidence"])

    # The applicant uploads a document against one of the items.
    item = body["outstanding_evidence"][0]["id"]
    upload = client.post(url(reference, "evidence", item, "upload"),
                         {"file": SimpleUploadedFile("passport.pdf", PDF)}, format="multipart")
    assert upload.status_code == 200, upload.content
    assert upload.json()["status"] == "received"
    assert upload.json()["content_type"] == "application/pdf"


def test_starting_again_returns_the_application_they_already_have(applicant):
    client = api(applicant)
    first = client.post(LIST, {}, format="json")
    again = client.post(LIST, {}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["reference"] == first.json()["reference"]
    assert Application.objects.filter(applicant_user=applicant).count() == 1


def test_members_and_addresses_can_be_removed_from_a_draft(applicant):
    client = api(applicant)
    reference = start(client)
    body = patch_section(client, reference, "about-you", ABOUT_YOU)
    lead = body["members"][0]["id"]
    child = client.post(url(reference, "members"), {
        "role": "child", "first_name": "Amy", "last_name": "Bloggs",
        "date_of_birth": "2016-02-01"}, format="json").json()["id"]
    address = client.post(url(reference, "members", lead, "addresses"), {
        "line_1": "1 High Street", "town": "Brackenfield", "from_date": "2012-05-01",
        "in_district": True}, format="json").json()["id"]

    assert client.delete(url(reference, "members", child)).status_code == 204
    assert client.delete(url(reference, "addresses", address)).status_code == 204
    members = client.get(url(reference, "members")).json()
    assert [m["id"] for m in members] == [lead]
    assert members[0]["addresses"] == []
    assert client.delete(url(reference, "members", child)).status_code == 404
    assert client.delete(url(reference, "addresses", address)).status_code == 404
    assert_error_shape(client.delete(url(reference, "members", lead)), 400)


def test_an_expected_baby_is_added_with_a_due_date(applicant):
    client = api(applicant)
    reference = start(client)
    due = (dt.date.today() + dt.timedelta(days=90)).isoformat()
    response = client.post(url(reference, "members"), {
        "role": "child", "first_name": "Baby", "last_name": "Bloggs", "due_date": due},
        format="json")
    assert response.status_code == 201, response.content
    assert response.json()["due_date"] == due
    assert response.json()["date_of_birth"] is None


def test_change_of_circumstances_is_reported_on_a_live_application(applicant, media_root):
    application, _ = submitted(applicant)
    response = api(applicant).post(url(application.reference, "changes"), {
        "kind": "household", "details": "Our second baby is due in June."}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "reported"
    assert response.json()["affects_priority"] is True
    detail = api(applicant).get(url(application.reference)).json()
    assert detail["changes"][0]["details"] == "Our second baby is due in June."


# --- Who sees what -----------------------------------------------------------------------------

def test_an_applicant_cannot_see_or_touch_another_applicants_application(applicant):
    other = UserFactory(username="applicant-b", role="applicant")
    theirs = start(api(other))
    member = HouseholdMember.objects.get(application__reference=theirs).pk
    client = api(applicant)
    mine = start(client)

    listing = client.get(LIST).json()
    assert [row["reference"] for row in listing["results"]] == [mine]
    for method, path, body in [
        ("get", url(theirs), None),
        ("patch", url(theirs), {"section": "health", "data": {"has_medical_needs": False}}),
        ("get", url(theirs, "members"), None),
        ("post", url(theirs, "members"), {"role": "child", "first_name": "A",
                                          "last_name": "B", "date_of_birth": "2015-01-01"}),
        ("delete", url(theirs, "members", member), None),
        ("patch", url(theirs, "members", member), {"nationality": "British"}),
        ("post", url(theirs, "members", member, "addresses"), {"line_1": "x"}),
        ("get", url(theirs, "evidence"), None),
        ("post", url(theirs, "evidence", 1, "upload"), None),
        ("post", url(theirs, "declaration"), {"consent": True}),
        ("post", url(theirs, "submit"), None),
        ("post", url(theirs, "changes"), {"kind": "other", "details": "x"}),
    ]:
        response = getattr(client, method)(path, body, format="json")
        assert_error_shape(response, 404)
    assert HouseholdMember.objects.filter(application__reference=theirs).count() == 1
    assert Application.objects.get(reference=theirs).sections_completed == []


@pytest.mark.parametrize("who", ["provider_user_a", "adviser"])
def test_provider_users_and_medical_advisers_are_refused(request, who):
    user = request.getfixturevalue(who)
    application = ApplicationFactory()
    client = api(user)
    assert_error_shape(client.get(LIST), 403)
    assert_error_shape(client.post(LIST, {}, format="json"), 403)
    assert_error_shape(client.get(url(application.reference)), 403)
    assert_error_shape(client.post(url(application.reference, "notes"),
                                   {"category": "contact", "body": "x"}, format="json"), 403)


def test_an_applicant_whose_email_is_not_verified_is_refused(db):
    user = UserFactory(username="unverified", role="applicant", email_verified_at=None)
    assert_error_shape(api(user).get(LIST), 403)


def test_anonymous_requests_are_refused():
    response = api().get(LIST)
    assert response.status_code in (401, 403)


def test_applicants_do_not_receive_staff_only_fields(applicant, officer):
    client = api(applicant)
    reference = start(client)
    application = Application.objects.get(reference=reference)
    casework.application_assign(application=application, actor=officer, officer=officer)
    casework.case_note_add(application=application, actor=officer, category="contact",
                           body="Phoned the applicant.")
    staff_only = {"assigned_officer", "possible_duplicates", "restricted_access", "notes",
                  "closure_proposed_at", "closure_proposed_reason"}

    mine = client.get(url(reference)).json()
    assert staff_only.isdisjoint(mine)
    assert "habitually_resident" not in mine["members"][0]
    assert staff_only.isdisjoint(client.get(LIST).json()["results"][0])

    theirs = api(officer).get(url(reference)).json()
    assert staff_only <= set(theirs)
    assert theirs["assigned_officer"] == "officer"
    assert [n["body"] for n in theirs["notes"]] == ["Phoned the applicant."]
    assert "habitually_resident" in theirs["members"][0]


def test_applicants_cannot_use_caseworker_endpoints_on_their_own_application(applicant, officer,
                                                                             media_root):
    application, _ = submitted(applicant)
    item = application.evidence.first()
    client = api(applicant)
    reference = application.reference
    for method, path, body in [
        ("patch", url(reference), {"assigned_officer": "officer"}),
        ("get", url(reference, "notes"), None),
        ("post", url(reference, "notes"), {"category": "contact", "body": "x"}),
        ("post", url(reference, "evidence"), {"kind": "identity", "description": "x"}),
        ("post", url(reference, "evidence", item.pk, "verify"), {"method": "original_seen"}),
        ("post", url(reference, "evidence", item.pk, "reject"), {"reason": "Blurred"}),
        ("post", url(reference, "eligibility"), {}),
        ("post", url(reference, "qualification"), {}),
        ("post", url(reference, "duplicates"), None),
    ]:
        response = getattr(client, method)(path, body, format="json")
        assert_error_shape(response, 403)
    application.refresh_from_db()
    assert application.assigned_officer is None
    assert not CaseNote.objects.exists()


def test_restricted_cases_are_hidden_from_officers_outside_the_restricted_group(officer,
                                                                                council):
    application = ApplicationFactory(restricted_access=True)
    insider = UserFactory(username="insider", role="officer", organisation=council,
                          in_restricted_group=True)
    assert_error_shape(api(officer).get(url(application.reference)), 404)
    assert application.reference not in str(api(officer).get(LIST).json())
    assert api(insider).get(url(application.reference)).status_code == 200


# --- Caseworkers -------------------------------------------------------------------------------

def test_officer_lists_searches_and_filters_the_register(officer):
    active = ApplicationFactory(status="active")
    closed = ApplicationFactory(status="closed")
    submitted_app = ApplicationFactory(status="submitted")
    client = api(officer)

    everything = client.get(LIST).json()
    assert everything["count"] == 3
    assert {"reference", "status", "lead_name", "assigned_officer"} <= set(
        everything["results"][0])

    only_closed = client.get(LIST, {"status": "closed"}).json()["results"]
    assert [row["reference"] for row in only_closed] == [closed.reference]
    new = client.get(LIST, {"queue": "new"}).json()["results"]
    assert [row["reference"] for row in new] == [submitted_app.reference]
    by_reference = client.get(LIST, {"q": active.reference.lower()}).json()["results"]
    assert [row["reference"] for row in by_reference] == [active.reference]
    by_name = client.get(LIST, {"q": f"Sam Example{active.pk}"}).json()["results"]
    assert [row["reference"] for row in by_name] == [active.reference]
    assert by_name[0]["lead_name"] == f"Sam Example{active.pk}"
    paged = client.get(LIST, {"page_size": 2}).json()
    assert len(paged["results"]) == 2 and paged["next"]


def test_the_register_list_makes_a_constant_number_of_queries(officer,
                                                              django_assert_max_num_queries,
                                                              django_assert_num_queries):
    client = api(officer)
    ApplicationFactory.create_batch(2)
    with django_assert_max_num_queries(20) as baseline:
        assert client.get(LIST).status_code == 200
    ApplicationFactory.create_batch(20)
    with django_assert_num_queries(len(baseline.captured_queries)):
        assert client.get(LIST).status_code == 200


def test_officer_starts_an_application_on_behalf_of_an_applicant(officer, applicant):
    response = api(officer).post(LIST, {"applicant_username": "applicant"}, format="json")
    assert response.status_code == 201, response.content
    application = Application.objects.get(reference=response.json()["reference"])
    assert application.applicant_user == applicant
    assert application.status == "draft"
    # The applicant sees it as their own, and the officer can fill it in for them.
    assert api(applicant).get(LIST).json()["count"] == 1
    patch_section(api(officer), application.reference, "health", {"has_medical_needs": False})
    again = api(officer).post(LIST, {"applicant_username": "applicant"}, format="json")
    assert again.status_code == 200
    assert again.json()["reference"] == application.reference


def test_officer_assigns_a_case(officer, manager):
    application = ApplicationFactory()
    response = api(manager).patch(url(application.reference), {"assigned_officer": "officer"},
                                  format="json")
    assert response.status_code == 200, response.content
    assert response.json()["assigned_officer"] == "officer"
    application.refresh_from_db()
    assert application.assigned_officer == officer
    response = api(manager).patch(url(application.reference), {"assigned_officer": None},
                                  format="json")
    assert response.json()["assigned_officer"] is None


def test_officer_requests_verifies_and_rejects_evidence(officer, applicant, media_root):
    application, members = submitted(applicant)
    client = api(officer)
    reference = application.reference
    requested = client.post(url(reference, "evidence"), {
        "kind": "landlord_reference", "description": "A reference from your landlord",
        "member": members["lead"]}, format="json")
    assert requested.status_code == 201, requested.content
    assert requested.json()["member_name"] == "Jo Bloggs"
    application.refresh_from_db()
    assert application.status == "awaiting_information"

    items = client.get(url(reference, "evidence")).json()
    assert requested.json()["id"] in [i["id"] for i in items]
    first, second = (EvidenceItem.objects.get(pk=i["id"]) for i in items[:2])
    for item in (first, second):
        evidence.evidence_upload(item=item, actor=applicant,
                                 upload=SimpleUploadedFile("doc.pdf", PDF))
    verified = client.post(url(reference, "evidence", first.pk, "verify"),
                           {"method": "original_seen"}, format="json")
    assert verified.status_code == 200, verified.content
    assert verified.json()["status"] == "verified"
    rejected = client.post(url(reference, "evidence", second.pk, "reject"),
                           {"reason": "The photo is blurred"}, format="json")
    assert rejected.status_code == 200, rejected.content
    assert rejected.json()["rejection_reason"] == "The photo is blurred"
    # Verifying twice is a conflict, not an error in the request.
    assert_error_shape(client.post(url(reference, "evidence", first.pk, "verify"),
                                   {"method": "original_seen"}, format="json"), 409)
    assert_error_shape(client.post(url(reference, "evidence", 999999, "verify"),
                                   {"method": "original_seen"}, format="json"), 404)


def test_eligibility_and_qualification_decisions_are_recorded_with_reasons(officer, applicant,
                                                                           media_root):
    application, members = under_assessment(applicant, officer)
    client = api(officer)
    reference = application.reference
    response = client.post(url(reference, "eligibility"), {"overrides": [
        {"member": members["lead"], "outcome": "eligible",
         "reason": "British passport seen; lived here all her life."},
        {"member": members["partner"], "outcome": "eligible",
         "reason": "British passport seen; lived here all his life."}]}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["outcome"] == "eligible"
    assert {d["member"] for d in body["decisions"]} == {members["lead"], members["partner"]}
    assert all(d["scheme_version"] and d["reasons"] and d["overridden"]
               for d in body["decisions"])

    response = client.post(url(reference, "qualification"), {
        "outcome": "qualifies", "reason": "Local connection through family; housing need."},
        format="json")
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "qualifies"
    assert response.json()["decision"]["kind"] == "qualification"
    assert Decision.objects.filter(application=application, is_current=True).count() == 3

    # The applicant reads the decisions and their reasons, without the officer's workings.
    decisions = api(applicant).get(url(reference)).json()["decisions"]
    assert len(decisions) == 3
    assert all(d["reasons"] and d["scheme_version"] for d in decisions)
    assert all("override_reason" not in d and "decided_by" not in d for d in decisions)


def test_a_not_eligible_decision_closes_the_door_with_a_letter(officer, applicant, media_root):
    application, members = under_assessment(applicant, officer)
    response = api(officer).post(url(application.reference, "eligibility"), {"overrides": [
        {"member": members["lead"], "outcome": "ineligible",
         "reason": "Not habitually resident in the Common Travel Area."},
        {"member": members["partner"], "outcome": "eligible", "reason": "Passport seen."}]},
        format="json")
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "ineligible"
    application.refresh_from_db()
    assert application.status == "not_eligible"


def test_duplicates_are_found_for_caseworkers(officer, applicant, media_root):
    application, _ = submitted(applicant)
    other = ApplicationFactory(status="active")
    HouseholdMember.objects.filter(application=other).update(
        first_name="Jo", last_name="Bloggs", date_of_birth=dt.date(1988, 4, 12))
    response = api(officer).post(url(application.reference, "duplicates"), format="json")
    assert response.status_code == 200, response.content
    assert response.json() == [{"reference": other.reference, "status": "Active",
                                "person": "Jo Bloggs", "matched_on": "name and date of birth"}]


def test_restricted_notes_are_only_listed_for_the_restricted_group(officer, council):
    insider = UserFactory(username="insider", role="officer", organisation=council,
                          in_restricted_group=True)
    application = ApplicationFactory()
    reference = application.reference
    ordinary = api(officer).post(url(reference, "notes"), {
        "category": "contact", "body": "Called back about the form."}, format="json")
    assert ordinary.status_code == 201, ordinary.content
    secret = api(insider).post(url(reference, "notes"), {
        "category": "domestic_abuse", "body": "Refuge address: do not disclose."},
        format="json")
    assert secret.status_code == 201, secret.content
    assert secret.json()["restricted"] is True

    seen_by_officer = api(officer).get(url(reference, "notes")).json()
    assert [n["body"] for n in seen_by_officer] == ["Called back about the form."]
    assert "Refuge" not in str(api(officer).get(url(reference)).json())
    seen_by_insider = api(insider).get(url(reference, "notes")).json()
    assert {n["body"] for n in seen_by_insider} == {"Called back about the form.",
                                                   "Refuge address: do not disclose."}
    # An officer outside the group cannot write a note they could not then read.
    refused = api(officer).post(url(reference, "notes"), {
        "category": "mappa", "body": "x"}, format="json")
    assert_error_shape(refused, 400, "restricted")


# --- Conflicts ---------------------------------------------------------------------------------

def test_a_submitted_application_cannot_be_edited_or_submitted_again(applicant, media_root):
    application, members = submitted(applicant)
    client = api(applicant)
    reference = application.reference
    for method, path, body in [
        ("patch", url(reference), {"section": "health", "data": {"has_medical_needs": True}}),
        ("patch", url(reference), {"section": "about-you", "data": ABOUT_YOU}),
        ("post", url(reference, "members"), {"role": "child", "first_name": "A",
                                             "last_name": "B", "date_of_birth": "2015-01-01"}),
        ("delete", url(reference, "members", members["child"]), None),
        ("post", url(reference, "members", members["lead"], "addresses"), {
            "line_1": "2 Low Road", "town": "Brackenfield", "from_date": "2011-01-01",
            "to_date": "2012-04-30", "in_district": True}),
        ("patch", url(reference, "members", members["lead"]), {
            "nationality": "Irish", "immigration_status": "irish",
            "is_existing_social_tenant": False}),
        ("post", url(reference, "declaration"), {"consent": False}),
        ("post", url(reference, "submit"), None),
    ]:
        response = getattr(client, method)(path, body, format="json")
        assert_error_shape(response, 409)
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.circumstances.has_medical_needs is False
    assert application.members.count() == 3


def test_decisions_outside_assessment_are_conflicts(officer, applicant, media_root):
    application, _ = submitted(applicant)
    client = api(officer)
    assert_error_shape(client.post(url(application.reference, "eligibility"), {},
                                   format="json"), 409)
    assert_error_shape(client.post(url(application.reference, "qualification"), {},
                                   format="json"), 409)


def test_changes_cannot_be_reported_on_a_draft(applicant):
    reference = start(api(applicant))
    response = api(applicant).post(url(reference, "changes"), {
        "kind": "other", "details": "x"}, format="json")
    assert_error_shape(response, 409)


# --- The schema --------------------------------------------------------------------------------

def test_the_openapi_schema_documents_the_register_endpoints(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    expected = {
        "/api/v1/applications/": {"get", "post"},
        "/api/v1/applications/{reference}/": {"get", "patch"},
        "/api/v1/applications/{reference}/members/": {"get", "post"},
        "/api/v1/applications/{reference}/members/{member_id}/": {"patch", "delete"},
        "/api/v1/applications/{reference}/members/{member_id}/addresses/": {"post"},
        "/api/v1/applications/{reference}/addresses/{address_id}/": {"delete"},
        "/api/v1/applications/{reference}/evidence/": {"get", "post"},
        "/api/v1/applications/{reference}/evidence/{item_id}/upload/": {"post"},
        "/api/v1/applications/{reference}/evidence/{item_id}/verify/": {"post"},
        "/api/v1/applications/{reference}/evidence/{item_id}/reject/": {"post"},
        "/api/v1/applications/{reference}/notes/": {"get", "post"},
        "/api/v1/applications/{reference}/changes/": {"post"},
        "/api/v1/applications/{reference}/declaration/": {"post"},
        "/api/v1/applications/{reference}/submit/": {"post"},
        "/api/v1/applications/{reference}/eligibility/": {"post"},
        "/api/v1/applications/{reference}/qualification/": {"post"},
        "/api/v1/applications/{reference}/duplicates/": {"post"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), (path, set(paths[path]))
    upload = paths["/api/v1/applications/{reference}/evidence/{item_id}/upload/"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert "409" in paths["/api/v1/applications/{reference}/"]["patch"]["responses"]
    listing = paths["/api/v1/applications/"]["get"]
    assert {"status", "queue", "q", "page"} <= {p["name"] for p in listing["parameters"]}
