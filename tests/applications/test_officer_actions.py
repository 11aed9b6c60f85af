"""Actions on a case from the officer workspace: each is POST only, caseworkers only, calls one
service, and on refusal shows a GOV.UK error summary (400) and changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.models import (
    Application,
    CaseNote,
    ChangeOfCircumstances,
    Circumstances,
    Decision,
    EvidenceItem,
    HouseholdMember,
)
from housing.letters.models import Letter
from tests.factories import (
    ApplicationFactory,
    ChangeOfCircumstancesFactory,
    EvidenceItemFactory,
    HouseholdMemberFactory,
    UserFactory,
)


def url(name: str, application: Application, *args: Any) -> str:
    return reverse(f"applications:{name}", args=[application.reference, *args])


def case_url(application: Application) -> str:
    return url("staff-case", application)


def letters(application: Application, code: str) -> int:
    return Letter.objects.filter(subject_type=ContentType.objects.get_for_model(Application),
                                 subject_id=str(application.pk), template__code=code).count()


def received_item(application: Application, **kwargs: Any) -> EvidenceItem:
    defaults: dict[str, Any] = {
        "status": "received", "original_filename": "passport.pdf",
        "content_type": "application/pdf", "size": 9, "uploaded_at": timezone.now(),
        "file": SimpleUploadedFile("upload", b"%PDF-1.4\n"),
    }
    return EvidenceItemFactory(application=application, **{**defaults, **kwargs})


def snapshot(application: Application) -> tuple[Any, ...]:
    """Everything an action could change."""
    app = Application.objects.get(pk=application.pk)
    return (
        app.status, app.assigned_officer_id, app.closure_proposed_at, app.eligibility_outcome,
        app.qualification_outcome,
        sorted(EvidenceItem.objects.filter(application=app).values_list(
            "pk", "status", "verification_method", "rejection_reason")),
        CaseNote.objects.filter(application=app).count(),
        Decision.objects.filter(application=app).count(),
        sorted(ChangeOfCircumstances.objects.filter(application=app).values_list(
            "pk", "status")),
        sorted(HouseholdMember.objects.filter(application=app).values_list(
            "pk", "habitually_resident", "right_to_reside")),
        Letter.objects.count(),
    )


@pytest.fixture
def working_case(media_root):  # type: ignore[no-untyped-def]
    """A case every action has something to act on: a received document, a reported change,
    a proposed closure."""
    application = ApplicationFactory(status="awaiting_information",
                                     closure_proposed_at=timezone.now(),
                                     closure_proposed_reason="Evidence deadline passed")
    item = received_item(application)
    change = ChangeOfCircumstancesFactory(application=application)
    return application, item, change


def _routes(application: Application, item: EvidenceItem, change: ChangeOfCircumstances,
            ) -> dict[str, str]:
    lead = application.members.get()
    return {
        "assign": url("staff-case-assign", application),
        "triage": url("staff-case-triage", application),
        "request": url("staff-evidence-request", application),
        "verify": url("staff-evidence-verify", application, item.pk),
        "reject": url("staff-evidence-reject", application, item.pk),
        "note": url("staff-case-note", application),
        "duplicates": url("staff-case-duplicates", application),
        "findings": url("staff-eligibility-findings", application, lead.pk),
        "eligibility": url("staff-eligibility", application),
        "qualification": url("staff-qualification", application),
        "closure-confirm": url("staff-closure-confirm", application),
        "closure-cancel": url("staff-closure-cancel", application),
        "change": url("staff-change-review", application, change.pk),
    }


def _good_data(application: Application, item: EvidenceItem, change: ChangeOfCircumstances,
               user: Any) -> dict[str, dict[str, str]]:
    lead = application.members.get()
    return {
        "assign": {"assign-officer": str(user.pk)},
        "triage": {},
        "request": {"request-kind": "income", "request-description": "Payslips"},
        "verify": {f"verify-{item.pk}-method": "original_seen"},
        "reject": {f"reject-{item.pk}-reason": "Blurred"},
        "note": {"note-category": "contact", "note-body": "Hello"},
        "duplicates": {},
        "findings": {f"findings-{lead.pk}-habitually_resident": "yes",
                     f"findings-{lead.pk}-right_to_reside": "worker"},
        "eligibility": {},
        "qualification": {},
        "closure-confirm": {},
        "closure-cancel": {"closure-cancel-reason": "Documents arrived"},
        "change": {f"change-{change.pk}-decision": "accept",
                   f"change-{change.pk}-note": "Checked"},
    }


ACTIONS = ["assign", "triage", "request", "verify", "reject", "note", "duplicates", "findings",
           "eligibility", "qualification", "closure-confirm", "closure-cancel", "change"]


@pytest.mark.django_db
@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_refuses_get(client, officer, working_case, action):
    application, item, change = working_case
    client.force_login(officer)
    before = snapshot(application)
    assert client.get(_routes(application, item, change)[action]).status_code == 405
    assert snapshot(application) == before


@pytest.mark.django_db
@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_sends_anonymous_people_to_sign_in(client, officer, working_case, action):
    application, item, change = working_case
    before = snapshot(application)
    response = client.post(_routes(application, item, change)[action],
                           _good_data(application, item, change, officer)[action])
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
    assert snapshot(application) == before


@pytest.mark.django_db
@pytest.mark.parametrize("user_fixture", ["applicant", "adviser", "provider_user_a"])
@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_refuses_people_who_are_not_caseworkers(client, request, working_case,
                                                             action, user_fixture):
    application, item, change = working_case
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    before = snapshot(application)
    response = client.post(_routes(application, item, change)[action],
                           _good_data(application, item, change, user)[action])
    assert response.status_code == 403
    assert snapshot(application) == before


# --- Bad input: 400, an error summary, nothing changed ------------------------------------------

def _assert_refused(client, path: str, data: dict[str, str], application: Application,
                    message: str) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(application)
    response = client.post(path, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "govuk-error-summary" in html
    assert message in html, html[html.find("govuk-error-summary"):][:1500]
    assert "<title>Error: " in html
    assert snapshot(application) == before


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "data", "message"), [
    ("assign", {"assign-officer": ""}, "Choose an officer"),
    ("assign", {"assign-officer": "999999"}, "Choose an officer from the list"),
    ("request", {"request-kind": "", "request-description": "x"},
     "Choose the document you need"),
    ("request", {"request-kind": "income", "request-description": ""},
     "Enter what the applicant needs to send"),
    ("request", {"request-kind": "income", "request-description": "x",
                 "request-due_date_0": "1", "request-due_date_1": "1",
                 "request-due_date_2": "2001"}, "Due date must be today or in the future"),
    ("verify", {}, "Select how you checked the document"),
    ("reject", {}, "Enter a reason"),
    ("note", {"note-category": "contact", "note-body": ""}, "Enter the note"),
    ("note", {"note-category": "", "note-body": "Hello"}, "Choose a category"),
    ("note", {"note-category": "mappa", "note-body": "Hello"},
     "Only the restricted group can write restricted notes."),
    ("findings", {"findings-LEAD-right_to_reside": "astronaut"},
     "Choose a right to reside from the list"),
    ("closure-cancel", {"closure-cancel-reason": "  "}, "Enter a reason"),
    ("change", {"change-CHANGE-note": "Checked"}, "Select accept or reject"),
    ("change", {"change-CHANGE-decision": "accept"}, "Enter what you checked and found"),
])
def test_bad_input_shows_an_error_summary_and_changes_nothing(client, officer, working_case,
                                                              action, data, message):
    application, item, change = working_case
    lead = application.members.get()
    data = {key.replace("LEAD", str(lead.pk)).replace("CHANGE", str(change.pk)): value
            for key, value in data.items()}
    client.force_login(officer)
    _assert_refused(client, _routes(application, item, change)[action], data, application,
                    message)


@pytest.mark.django_db
def test_triage_on_an_active_case_is_refused_with_a_clear_message(client, officer):
    application = ApplicationFactory(status="active")
    client.force_login(officer)
    _assert_refused(client, url("staff-case-triage", application), {}, application,
                    "Only a new submission can be triaged.")


@pytest.mark.django_db
def test_decisions_outside_assessment_are_refused_with_a_clear_message(client, officer):
    application = ApplicationFactory(status="active")
    client.force_login(officer)
    _assert_refused(client, url("staff-eligibility", application), {}, application,
                    "Decisions are made while the application is under assessment.")
    _assert_refused(client, url("staff-qualification", application), {}, application,
                    "Move the case to “Under assessment” first.")


@pytest.mark.django_db
def test_confirming_a_closure_nobody_proposed_is_refused(client, officer):
    application = ApplicationFactory(status="awaiting_information")
    client.force_login(officer)
    _assert_refused(client, url("staff-closure-confirm", application), {}, application,
                    "No closure has been proposed for this application.")


@pytest.mark.django_db
def test_checking_a_document_twice_is_refused(client, officer, working_case):
    application, item, _change = working_case
    client.force_login(officer)
    client.post(url("staff-evidence-verify", application, item.pk),
                {f"verify-{item.pk}-method": "original_seen"})
    # The item is no longer "received", so the page has no form for it: the error still shows.
    _assert_refused(client, url("staff-evidence-reject", application, item.pk),
                    {f"reject-{item.pk}-reason": "Blurred"}, application,
                    "Only a document that has been received can be rejected.")


@pytest.mark.django_db
def test_evidence_of_another_application_is_404(client, officer, working_case):
    application, _item, _change = working_case
    other_item = received_item(ApplicationFactory(status="awaiting_information"))
    client.force_login(officer)
    before = snapshot(application)
    response = client.post(url("staff-evidence-verify", application, other_item.pk),
                           {f"verify-{other_item.pk}-method": "original_seen"})
    assert response.status_code == 404
    assert snapshot(application) == before
    assert EvidenceItem.objects.get(pk=other_item.pk).status == "received"


# --- The happy paths -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_assign_to_me_and_to_another_officer(client, officer, manager):
    application = ApplicationFactory(status="submitted")
    client.force_login(officer)
    response = client.post(url("staff-case-assign", application),
                           {"assign-officer": str(officer.pk)})
    assert response.status_code == 302
    assert response["Location"] == case_url(application) + "#summary"
    application.refresh_from_db()
    assert application.assigned_officer == officer
    assert "The case is assigned to you" in client.get(case_url(application)).content.decode()
    client.post(url("staff-case-assign", application), {"assign-officer": str(manager.pk)})
    application.refresh_from_db()
    assert application.assigned_officer == manager


@pytest.mark.django_db
def test_applicants_cannot_be_assigned_cases(client, officer, applicant):
    application = ApplicationFactory(status="submitted")
    client.force_login(officer)
    _assert_refused(client, url("staff-case-assign", application),
                    {"assign-officer": str(applicant.pk)}, application,
                    "Choose an officer from the list")


@pytest.mark.django_db
def test_triage_of_a_complete_submission_moves_it_to_ready_to_assess(client, officer):
    application = ApplicationFactory(status="submitted")
    client.force_login(officer)
    response = client.post(url("staff-case-triage", application))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "under_assessment"
    assert application.assigned_officer == officer


@pytest.mark.django_db
def test_requesting_evidence_moves_the_case_to_awaiting_information_and_sends_a_letter(
        client, officer):
    application = ApplicationFactory(status="under_assessment")
    lead = application.members.get()
    client.force_login(officer)
    response = client.post(url("staff-evidence-request", application), {
        "request-kind": "income", "request-member": str(lead.pk),
        "request-description": "Your last three payslips",
        "request-due_date_0": "1", "request-due_date_1": "2", "request-due_date_2": "2099"})
    assert response.status_code == 302
    item = EvidenceItem.objects.get(application=application)
    assert (item.kind, item.member, item.due_date) == ("income", lead, dt.date(2099, 2, 1))
    application.refresh_from_db()
    assert application.status == "awaiting_information"
    assert letters(application, "information-request") == 1


@pytest.mark.django_db
def test_verifying_the_last_document_moves_the_case_to_ready_to_assess(client, officer,
                                                                       media_root):
    application = ApplicationFactory(status="awaiting_information")
    first, second = received_item(application), received_item(application)
    client.force_login(officer)
    response = client.post(url("staff-evidence-reject", application, first.pk),
                           {f"reject-{first.pk}-reason": "The photo is blurred"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.status, first.rejection_reason) == ("rejected", "The photo is blurred")
    client.post(url("staff-evidence-verify", application, second.pk),
                {f"verify-{second.pk}-method": "original_seen"})
    application.refresh_from_db()
    assert application.status == "awaiting_information"  # the rejected one is outstanding
    # The applicant sends it again; the officer accepts it.
    EvidenceItem.objects.filter(pk=first.pk).update(status="received")
    response = client.post(url("staff-evidence-verify", application, first.pk),
                           {f"verify-{first.pk}-method": "share_code"})
    assert response.status_code == 302
    assert response["Location"].endswith("#evidence")
    application.refresh_from_db()
    assert application.status == "under_assessment"
    first.refresh_from_db()
    assert (first.status, first.verification_method, first.reviewed_by) == (
        "verified", "share_code", officer)


@pytest.mark.django_db
def test_adding_notes(client, officer, council):
    restricted = UserFactory(username="rg", role="officer", organisation=council,
                             in_restricted_group=True)
    application = ApplicationFactory(status="under_assessment")
    client.force_login(officer)
    # An ordinary officer cannot tick "restricted": the field is not offered, and is ignored.
    client.post(url("staff-case-note", application),
                {"note-category": "contact", "note-body": "Called back.",
                 "note-restricted": "on"})
    client.force_login(restricted)
    client.post(url("staff-case-note", application),
                {"note-category": "contact", "note-body": "Neighbour reported threats.",
                 "note-restricted": "on"})
    client.post(url("staff-case-note", application),
                {"note-category": "mappa", "note-body": "MAPPA level 2."})
    notes = {n.body: n.restricted for n in CaseNote.objects.filter(application=application)}
    assert notes == {"Called back.": False, "Neighbour reported threats.": True,
                     "MAPPA level 2.": True}


@pytest.mark.django_db
def test_check_for_duplicates_shows_what_matched(client, officer):
    application = ApplicationFactory(status="submitted")
    application.members.update(ni_number="QQ123456C")
    other = ApplicationFactory(status="active")
    other.members.update(ni_number="QQ123456C", first_name="Sam", last_name="Other")
    client.force_login(officer)
    response = client.post(url("staff-case-duplicates", application))
    assert response.status_code == 200
    html = response.content.decode()
    assert other.reference in html
    assert "National Insurance number" in html
    alone = ApplicationFactory(status="submitted")
    html = client.post(url("staff-case-duplicates", alone)).content.decode()
    assert "No other live application shares a person with this one" in html


@pytest.fixture
def assessing():  # type: ignore[no-untyped-def]
    application = ApplicationFactory(status="under_assessment")
    lead = application.members.get()
    lead.immigration_status = "british"
    lead.habitually_resident = True
    lead.save()
    return application


@pytest.mark.django_db
def test_recording_eligibility_findings(client, officer, assessing):
    lead = assessing.members.get()
    client.force_login(officer)
    response = client.post(url("staff-eligibility-findings", assessing, lead.pk), {
        f"findings-{lead.pk}-habitually_resident": "no",
        f"findings-{lead.pk}-right_to_reside": "worker",
        f"findings-{lead.pk}-is_existing_social_tenant": "on"})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.habitually_resident, lead.right_to_reside, lead.is_existing_social_tenant,
            lead.sponsored_immigrant) == (False, "worker", True, False)


@pytest.mark.django_db
def test_findings_only_for_a_lead_or_joint_applicant(client, officer, assessing):
    child = HouseholdMemberFactory(application=assessing)
    client.force_login(officer)
    _assert_refused(client, url("staff-eligibility-findings", assessing, child.pk),
                    {f"findings-{child.pk}-habitually_resident": "yes"}, assessing,
                    "Choose a lead or joint applicant.")


@pytest.mark.django_db
def test_confirming_the_eligibility_proposal(client, officer, assessing):
    client.force_login(officer)
    response = client.post(url("staff-eligibility", assessing))
    assert response.status_code == 302
    assessing.refresh_from_db()
    assert assessing.eligibility_outcome == "eligible"
    decision = Decision.objects.get(application=assessing)
    assert (decision.outcome, decision.overridden) == ("eligible", False)
    html = client.get(case_url(assessing)).content.decode()
    assert "Decision recorded: eligible" in html
    assert str(decision.scheme_version) in html  # decisions show the scheme version


@pytest.mark.django_db
def test_an_ineligible_lead_makes_the_application_not_eligible_with_a_letter(client, officer,
                                                                             assessing):
    assessing.members.update(immigration_status="asylum_seeker")
    client.force_login(officer)
    response = client.post(url("staff-eligibility", assessing))
    assert response.status_code == 302
    assessing.refresh_from_db()
    assert assessing.status == "not_eligible"
    assert letters(assessing, "not-eligible") == 1


@pytest.mark.django_db
def test_an_eligibility_override_needs_a_reason(client, officer, assessing):
    lead = assessing.members.get()
    client.force_login(officer)
    _assert_refused(client, url("staff-eligibility", assessing),
                    {f"eligibility-member_{lead.pk}": "ineligible"}, assessing,
                    "Give your reason for departing from the proposal for Sam")
    response = client.post(url("staff-eligibility", assessing), {
        f"eligibility-member_{lead.pk}": "ineligible",
        f"eligibility-override_reason_{lead.pk}": "Home Office check shows no leave."})
    assert response.status_code == 302
    decision = Decision.objects.get(application=assessing)
    assert (decision.proposed_outcome, decision.outcome, decision.overridden,
            decision.override_reason) == ("eligible", "ineligible", True,
                                          "Home Office check shows no leave.")


@pytest.mark.django_db
def test_an_undecided_finding_must_be_decided_before_eligibility(client, officer, assessing):
    assessing.members.update(habitually_resident=None, immigration_status="")
    client.force_login(officer)
    _assert_refused(client, url("staff-eligibility", assessing), {}, assessing,
                    "Record your finding for Sam")


@pytest.mark.django_db
def test_eligibility_without_a_lead_applicant_is_refused_not_a_crash(client, officer,
                                                                      assessing):
    assessing.members.all().delete()
    client.force_login(officer)
    _assert_refused(client, url("staff-eligibility", assessing), {}, assessing,
                    "There is no lead applicant on this application")


@pytest.fixture
def eligible_case(assessing):  # type: ignore[no-untyped-def]
    Application.objects.filter(pk=assessing.pk).update(eligibility_outcome="eligible")
    return assessing


@pytest.mark.django_db
def test_does_not_qualify_makes_the_application_not_qualifying_with_a_letter(
        client, officer, eligible_case):
    # Savings far above the scheme's cap.
    Circumstances.objects.create(application=eligible_case, household_income_annual=90000,
                                 savings=250000, has_housing_need=True)
    client.force_login(officer)
    response = client.post(url("staff-qualification", eligible_case))
    assert response.status_code == 302
    eligible_case.refresh_from_db()
    assert eligible_case.qualification_outcome == "does_not_qualify"
    assert eligible_case.status == "not_qualifying"
    assert letters(eligible_case, "not-qualifying") == 1


@pytest.mark.django_db
def test_a_qualification_override_needs_a_reason(client, officer, eligible_case):
    client.force_login(officer)
    _assert_refused(client, url("staff-qualification", eligible_case),
                    {"qualification-outcome": "does_not_qualify"}, eligible_case,
                    "Give your reason for departing from the proposal")
    response = client.post(url("staff-qualification", eligible_case), {
        "qualification-outcome": "does_not_qualify",
        "qualification-override_reason": "Owns a house in Spain that they could live in."})
    assert response.status_code == 302
    eligible_case.refresh_from_db()
    assert eligible_case.status == "not_qualifying"
    decision = Decision.objects.get(application=eligible_case)
    assert decision.overridden and decision.outcome == "does_not_qualify"
    assert letters(eligible_case, "not-qualifying") == 1


@pytest.mark.django_db
def test_qualification_waits_for_eligibility(client, officer, assessing):
    client.force_login(officer)
    _assert_refused(client, url("staff-qualification", assessing), {}, assessing,
                    "Decide eligibility first.")


@pytest.mark.django_db
def test_confirming_a_closure_closes_the_case_with_a_letter(client, officer, working_case):
    application, _item, _change = working_case
    client.force_login(officer)
    response = client.post(url("staff-closure-confirm", application))
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.closed_reason) == ("closed", "incomplete")
    assert letters(application, "closure-incomplete") == 1


@pytest.mark.django_db
def test_cancelling_a_closure_keeps_the_case_open_and_says_why(client, officer, working_case):
    application, _item, _change = working_case
    client.force_login(officer)
    response = client.post(url("staff-closure-cancel", application),
                           {"closure-cancel-reason": "Documents arrived by post"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.closure_proposed_at is None
    assert application.status == "awaiting_information"
    assert letters(application, "closure-incomplete") == 0
    html = client.get(case_url(application)).content.decode()
    assert "Closure not confirmed: Documents arrived by post" in html  # on the timeline


@pytest.mark.django_db
def test_accepting_a_change_resumes_bidding(client, officer):
    application = ApplicationFactory(status="active_suspended")
    change = ChangeOfCircumstancesFactory(application=application, suspended_bidding=True)
    client.force_login(officer)
    response = client.post(url("staff-change-review", application, change.pk), {
        f"change-{change.pk}-decision": "accept",
        f"change-{change.pk}-note": "Birth certificate seen."})
    assert response.status_code == 302
    change.refresh_from_db()
    assert (change.status, change.outcome_note, change.reviewed_by) == (
        "verified", "Birth certificate seen.", officer)
    application.refresh_from_db()
    assert application.status == "active"


# --- Evidence download ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_caseworker_downloads_a_document_as_an_attachment(client, officer, media_root):
    application = ApplicationFactory(status="awaiting_information")
    item = received_item(application, original_filename='../../etc/pass"wd\r\n.pdf',
                         file=SimpleUploadedFile("upload", b"%PDF-1.4 hello"))
    client.force_login(officer)
    response = client.get(url("staff-evidence-download", application, item.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert "/" not in disposition and '"wd' not in disposition and "\r" not in disposition
    assert disposition == 'attachment; filename="pass_wd_.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.4 hello"


@pytest.mark.django_db
@pytest.mark.parametrize("user_fixture", ["applicant", "adviser", "provider_user_a"])
def test_only_caseworkers_download_documents_from_the_staff_url(client, request, media_root,
                                                                user_fixture):
    user = request.getfixturevalue(user_fixture)
    application = ApplicationFactory(status="awaiting_information", applicant_user=None)
    if user_fixture == "applicant":
        Application.objects.filter(pk=application.pk).update(applicant_user=user)
    item = received_item(application)
    client.force_login(user)
    assert client.get(url("staff-evidence-download", application, item.pk)).status_code == 403


@pytest.mark.django_db
def test_downloading_needs_a_file_and_a_visible_case(client, officer, media_root):
    application = ApplicationFactory(status="awaiting_information")
    requested = EvidenceItemFactory(application=application)
    client.force_login(officer)
    assert client.get(url("staff-evidence-download", application, requested.pk)
                      ).status_code == 404
    hidden = ApplicationFactory(status="awaiting_information", restricted_access=True)
    item = received_item(hidden)
    assert client.get(url("staff-evidence-download", hidden, item.pk)).status_code == 404
    response = client.get(url("staff-evidence-download", application, item.pk))
    assert response.status_code == 404  # not this application's document
