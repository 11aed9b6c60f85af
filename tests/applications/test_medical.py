"""Medical and welfare assessments (DOMAIN.md §3.7, §5.9, L8): the lifecycle, who sees what
(the adviser only what is referred to them), maker–checker on an extra bedroom, and refusals that
change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, HouseholdMember, MedicalAssessment
from applications.policies import can_advise, medical_assessments_visible_to
from applications.priority import assessment_for
from applications.services.assessment import application_bedroom_need_refresh
from applications.services.medical import (
    DEFAULT_QUESTION,
    medical_assessment_request,
    medical_decide,
    medical_form_submit,
    medical_recommend,
    medical_screen,
)
from housing.approvals.models import ApprovalRequest
from housing.approvals.services import approval_decide
from housing.core.calendar import add_working_days
from housing.core.exceptions import ApplicationError, ConflictError, IllegalTransition
from housing.letters.models import Letter
from housing.scheme.selectors import scheme_in_force
from tests.factories import (
    ApplicationFactory,
    CaseNoteFactory,
    HouseholdMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

FORM = {"condition": "Chronic obstructive pulmonary disease.",
        "how_housing_affects": "Black mould in the bedroom; third floor with no lift, so she "
                               "cannot get out.",
        "what_would_help": "A dry ground-floor flat.",
        "mobility_difficulties": "Breathless after a few steps."}
HIGH = {"level": "high", "mobility": "ground_or_lift", "ground_floor": True,
        "extra_bedroom": False, "rationale": "Damp and stairs make her breathing markedly "
                                             "worse; a dry ground-floor home would help."}


def lead(application: Application) -> HouseholdMember:
    return application.members.get(role="lead")


def medical_letters(application: Application) -> list[Letter]:
    return list(Letter.objects.filter(
        subject_type=ContentType.objects.get_for_model(Application),
        subject_id=str(application.pk), template__code="medical-outcome"))


def received(application: Application, actor: Any, member: HouseholdMember | None = None
             ) -> MedicalAssessment:
    return medical_form_submit(application=application,
                               member_id=(member or lead(application)).pk, actor=actor, **FORM)


def referred(application: Application, officer: Any, adviser: Any) -> MedicalAssessment:
    assessment = received(application, officer)
    return medical_screen(assessment=assessment, actor=officer, outcome="refer",
                          note="Possible effect of damp on breathing.", adviser_id=adviser.pk)


def recommended(application: Application, officer: Any, adviser: Any,
                **overrides: Any) -> MedicalAssessment:
    assessment = referred(application, officer, adviser)
    data = {"level": "high", "mobility": "ground_or_lift", "ground_floor": True, "lift": True,
            "extra_bedroom": False, "near_support": False,
            "rationale": "Marked effect on breathing; move recommended.", **overrides}
    return medical_recommend(assessment=assessment, actor=adviser, **data)


def snapshot(assessment: MedicalAssessment) -> tuple[Any, ...]:
    a = MedicalAssessment.objects.get(pk=assessment.pk)
    return (a.status, a.adviser_id, a.screening_note, a.recommended_level, a.decided_level,
            a.decision_rationale, a.letter_id, MedicalAssessment.objects.count(),
            Letter.objects.count(), ApprovalRequest.objects.count())


# --- The lifecycle (services) ------------------------------------------------------------------

def test_the_whole_lifecycle_ends_with_l8_and_feeds_the_banding_suggestion(
        qualified_case, applicant, officer, adviser):
    member = lead(qualified_case)
    asked = medical_assessment_request(application=qualified_case, member_id=member.pk,
                                       actor=officer)
    assert asked.status == MedicalAssessment.Status.REQUESTED

    filled = received(qualified_case, applicant)
    assert filled.pk == asked.pk  # the form we asked for is filled, not a second one
    assert filled.status == MedicalAssessment.Status.EVIDENCE_RECEIVED
    assert filled.form_submitted_by == applicant

    sent = medical_screen(assessment=filled, actor=officer, outcome="refer",
                          note="Damp may affect her breathing.", adviser_id=adviser.pk)
    assert sent.status == MedicalAssessment.Status.WITH_ADVISER
    assert sent.adviser == adviser
    assert sent.referral_question == DEFAULT_QUESTION
    days = scheme_in_force().medical_adviser_working_days
    assert sent.recommendation_due == add_working_days(timezone.localdate(), days)

    advice = medical_recommend(assessment=sent, actor=adviser, level="high",
                               mobility="ground_or_lift", ground_floor=True, lift=True,
                               extra_bedroom=False, near_support=False,
                               rationale="Marked effect on breathing.")
    assert advice.status == MedicalAssessment.Status.RECOMMENDED

    decided = medical_decide(assessment=advice, actor=officer, **HIGH)
    assert decided.status == MedicalAssessment.Status.NOTIFIED
    assert (decided.decided_level, decided.decided_by, decided.is_current) == (
        "high", officer, True)
    assert decided.letter is not None and decided.letter.template.code == "medical-outcome"
    assert medical_letters(qualified_case) == [decided.letter]
    # The band itself does not change; the suggestion for the reassessment reads the decision.
    qualified_case.refresh_from_db()
    assert qualified_case.band == ""
    suggested = [code for code, _ in assessment_for(qualified_case,
                                                    scheme=scheme_in_force()).suggested]
    assert "B2" in suggested
    history = [h.history_change_reason for h in decided.history.order_by("history_date")]
    assert history[0] == "Medical form requested" and history[-1] == "Decision letter sent"


def test_the_applicant_can_send_a_form_nobody_asked_for(qualified_case, applicant):
    assessment = received(qualified_case, applicant)
    assert assessment.status == MedicalAssessment.Status.EVIDENCE_RECEIVED
    assert MedicalAssessment.objects.count() == 1


def test_an_officer_decides_without_a_referral_when_the_home_clearly_does_not_matter(
        qualified_case, officer):
    assessment = received(qualified_case, officer)
    decided = medical_screen(assessment=assessment, actor=officer, outcome="decide",
                             note="Condition is not affected by the home.", level="none",
                             mobility="", rationale="The flat does not affect the condition.")
    assert decided.status == MedicalAssessment.Status.NOTIFIED
    assert decided.adviser is None and decided.screened_by == officer
    assert decided.decided_level == "none"
    assert len(medical_letters(qualified_case)) == 1


def test_deciding_without_a_referral_needs_the_decision_fields(qualified_case, officer):
    assessment = received(qualified_case, officer)
    before = snapshot(assessment)
    with pytest.raises(ApplicationError) as exc:
        medical_screen(assessment=assessment, actor=officer, outcome="decide", note="")
    assert {"note", "level", "rationale"} <= set(exc.value.errors)
    assert snapshot(assessment) == before


def test_one_open_assessment_per_person(qualified_case, officer):
    member = lead(qualified_case)
    medical_assessment_request(application=qualified_case, member_id=member.pk, actor=officer)
    with pytest.raises(ConflictError):
        medical_assessment_request(application=qualified_case, member_id=member.pk,
                                   actor=officer)
    received(qualified_case, officer)
    with pytest.raises(ConflictError):
        received(qualified_case, officer)  # already being assessed
    assert MedicalAssessment.objects.count() == 1


def test_a_new_form_after_a_decision_starts_a_new_assessment_and_replaces_the_old_one(
        qualified_case, officer, adviser):
    first = medical_decide(assessment=recommended(qualified_case, officer, adviser),
                           actor=officer, **HIGH)
    second = received(qualified_case, officer)
    assert second.pk != first.pk
    medical_screen(assessment=second, actor=officer, outcome="decide", note="Improved.",
                   level="medium", mobility="", rationale="Moderate effect now.")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_current, second.is_current) == (False, True)


def test_the_form_needs_the_condition_and_how_the_home_affects_it(qualified_case, applicant):
    with pytest.raises(ApplicationError) as exc:
        medical_form_submit(application=qualified_case, member_id=lead(qualified_case).pk,
                            actor=applicant, condition=" ", how_housing_affects="")
    assert set(exc.value.errors) == {"condition", "how_housing_affects"}
    assert MedicalAssessment.objects.count() == 0


def test_no_medical_form_on_a_draft(applicant):
    draft = ApplicationFactory(status="draft", applicant_user=applicant)
    with pytest.raises(ConflictError):
        received(draft, applicant)


def test_an_applicant_cannot_send_a_form_for_another_household(qualified_case):
    stranger = UserFactory(username="stranger", role="applicant")
    with pytest.raises(ApplicationError):
        received(qualified_case, stranger)
    assert MedicalAssessment.objects.count() == 0


def test_referral_needs_an_active_medical_adviser_and_a_note(qualified_case, officer):
    assessment = received(qualified_case, officer)
    retired = UserFactory(username="retired-adviser", role="medical_adviser", is_active=False)
    for bad in (officer.pk, retired.pk, None):
        with pytest.raises(ApplicationError) as exc:
            medical_screen(assessment=assessment, actor=officer, outcome="refer", note="",
                           adviser_id=bad)
        assert set(exc.value.errors) == {"adviser", "note"}
    assert MedicalAssessment.objects.get().status == MedicalAssessment.Status.EVIDENCE_RECEIVED


def test_an_officer_cannot_recommend_and_an_adviser_cannot_decide(qualified_case, officer,
                                                                  adviser, manager):
    assessment = referred(qualified_case, officer, adviser)
    for actor in (officer, manager):
        with pytest.raises(ApplicationError, match="Only the medical adviser"):
            medical_recommend(assessment=assessment, actor=actor, level="high", mobility="",
                              ground_floor=False, lift=False, extra_bedroom=False,
                              near_support=False, rationale="Because.")
    assessment = medical_recommend(assessment=assessment, actor=adviser, level="high",
                                   mobility="", ground_floor=False, lift=False,
                                   extra_bedroom=False, near_support=False, rationale="Because.")
    with pytest.raises(ApplicationError, match="housing officer"):
        medical_decide(assessment=assessment, actor=adviser, **HIGH)
    assert MedicalAssessment.objects.get().status == MedicalAssessment.Status.RECOMMENDED


def test_only_the_adviser_it_was_referred_to_can_recommend(qualified_case, officer, adviser):
    other = UserFactory(username="adviser2", role="medical_adviser")
    assessment = referred(qualified_case, officer, adviser)
    with pytest.raises(ApplicationError):
        medical_recommend(assessment=assessment, actor=other, level="none", mobility="",
                          ground_floor=False, lift=False, extra_bedroom=False,
                          near_support=False, rationale="No effect.")
    assert not can_advise(other, assessment) and can_advise(adviser, assessment)


def test_the_transitions_table_refuses_a_bad_move(qualified_case, officer, adviser):
    assessment = recommended(qualified_case, officer, adviser)
    with pytest.raises(IllegalTransition):  # already recommended
        medical_recommend(assessment=assessment, actor=adviser, level="high", mobility="",
                          ground_floor=False, lift=False, extra_bedroom=False,
                          near_support=False, rationale="Again.")
    with pytest.raises(IllegalTransition):  # screening "decide" is only for unreferred forms
        medical_screen(assessment=assessment, actor=officer, outcome="decide", note="No.",
                       **HIGH)
    decided = medical_decide(assessment=assessment, actor=officer, **HIGH)
    with pytest.raises(IllegalTransition):
        medical_decide(assessment=decided, actor=officer, **HIGH)
    with pytest.raises(IllegalTransition):
        medical_screen(assessment=decided, actor=officer, outcome="refer", note="Again.",
                       adviser_id=adviser.pk)


# --- Extra bedroom: maker–checker --------------------------------------------------------------

def test_an_extra_bedroom_counts_only_after_a_different_manager_approves(
        qualified_case, manager, second_manager, adviser):
    application_bedroom_need_refresh(application=qualified_case, actor=manager)
    qualified_case.refresh_from_db()
    before = qualified_case.bedroom_need
    assessment = recommended(qualified_case, manager, adviser, extra_bedroom=True)
    decided = medical_decide(assessment=assessment, actor=manager,
                             **{**HIGH, "extra_bedroom": True})
    approval = ApprovalRequest.objects.get(type=ApprovalRequest.Type.EXTRA_BEDROOM)
    assert approval.subject == decided and approval.case_reference == qualified_case.reference
    assert approval.justification == HIGH["rationale"]
    qualified_case.refresh_from_db()
    assert qualified_case.bedroom_need == before  # not yet

    with pytest.raises(ApplicationError, match="another manager"):
        approval_decide(approval=approval, actor=manager, decision="approve", reason="Fine.")
    decided.refresh_from_db()
    assert not decided.extra_bedroom_approved

    approval_decide(approval=approval, actor=second_manager, decision="approve",
                    reason="Oxygen equipment needs its own room.")
    decided.refresh_from_db()
    qualified_case.refresh_from_db()
    assert decided.extra_bedroom_approved
    assert qualified_case.bedroom_need == before + 1
    assert any("medical need of" in reason for reason in qualified_case.bedroom_reasons)


def test_a_rejected_extra_bedroom_changes_nothing(qualified_case, officer, manager, adviser):
    application_bedroom_need_refresh(application=qualified_case, actor=officer)
    qualified_case.refresh_from_db()
    before = qualified_case.bedroom_need
    medical_decide(assessment=recommended(qualified_case, officer, adviser), actor=officer,
                   **{**HIGH, "extra_bedroom": True})
    approval = ApprovalRequest.objects.get()
    approval_decide(approval=approval, actor=manager, decision="reject",
                    reason="Not needed for the equipment described.")
    qualified_case.refresh_from_db()
    assert qualified_case.bedroom_need == before
    assert not MedicalAssessment.objects.get().extra_bedroom_approved


# --- The letter --------------------------------------------------------------------------------

def test_l8_says_the_level_the_home_requirements_the_test_and_review_rights(
        qualified_case, officer, adviser):
    decided = medical_decide(assessment=recommended(qualified_case, officer, adviser),
                             actor=officer, **HIGH)
    letter = decided.letter
    assert letter is not None and letter.contains_review_rights
    html = letter.html
    assert "high medical or welfare priority" in html
    assert "ground-floor home" in html.lower()
    assert "not a decision about how serious an illness" in html
    assert "right to ask for a review" in html
    assert letter.context["review_days"] == scheme_in_force().review_request_days
    assert letter.recipient == qualified_case.applicant_user


def test_l8_says_so_when_no_priority_is_awarded(qualified_case, officer):
    decided = medical_screen(assessment=received(qualified_case, officer), actor=officer,
                             outcome="decide", note="No effect.", level="none", mobility="",
                             rationale="Your home does not affect the condition.")
    assert decided.letter is not None
    assert "We have not awarded medical or welfare priority" in decided.letter.html


# --- Who sees what -----------------------------------------------------------------------------

def test_visibility_adviser_only_referred_caseworkers_by_restriction(qualified_case, officer,
                                                                    adviser, applicant):
    mine = referred(qualified_case, officer, adviser)
    other_case = ApplicationFactory(status="active")
    received(other_case, officer)
    restricted = ApplicationFactory(status="active", restricted_access=True)
    insider = UserFactory(username="insider", role="officer", in_restricted_group=True)
    hidden = received(restricted, insider)

    assert list(medical_assessments_visible_to(adviser)) == [mine]
    assert hidden not in medical_assessments_visible_to(officer)
    assert medical_assessments_visible_to(officer).count() == 2
    assert medical_assessments_visible_to(insider).count() == 3
    assert not medical_assessments_visible_to(applicant).exists()


# --- Pages: the officer ------------------------------------------------------------------------

def staff_url(name: str, application: Application, *args: Any) -> str:
    return reverse(f"applications:{name}", args=[application.reference, *args])


def test_the_officer_pages_work_the_whole_lifecycle(client, qualified_case, officer, adviser,
                                                   applicant):
    member = lead(qualified_case)
    client.force_login(officer)
    response = client.get(staff_url("staff-medical", qualified_case))
    assert response.status_code == 200
    assert "Ask for a medical form" in response.content.decode()

    response = client.post(staff_url("staff-medical-request", qualified_case),
                           {"request-member": member.pk})
    assert response.status_code == 302
    assessment = MedicalAssessment.objects.get()
    assert assessment.status == "requested"

    client.force_login(applicant)
    response = client.post(reverse("applications:portal-medical-form", args=[member.pk]),
                           FORM)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "evidence_received"

    client.force_login(officer)
    detail = staff_url("staff-medical-detail", qualified_case, assessment.pk)
    page = client.get(detail).content.decode()
    assert FORM["condition"] in page and "Refer to the adviser" in page
    response = client.post(staff_url("staff-medical-refer", qualified_case, assessment.pk),
                           {"refer-adviser": adviser.pk, "refer-question": "",
                            "refer-note": "Damp may matter."})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "with_adviser"

    client.force_login(adviser)
    response = client.post(reverse("applications:adviser-detail", args=[assessment.pk]),
                           {"level": "high", "mobility": "ground_or_lift",
                            "ground_floor": "on", "rationale": "Marked effect."})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "recommended"

    client.force_login(officer)
    page = client.get(detail).content.decode()
    assert "Marked effect." in page and "Decide and send the letter" in page
    response = client.post(staff_url("staff-medical-decide", qualified_case, assessment.pk),
                           {"decide-level": "high", "decide-mobility": "ground_or_lift",
                            "decide-ground_floor": "on",
                            "decide-rationale": "Damp and stairs affect her breathing."})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "notified" and assessment.letter is not None
    page = client.get(detail).content.decode()
    assert "Now reassess the band" in page
    assert staff_url("staff-assessment", qualified_case) in page


def test_bad_input_on_the_decision_is_a_400_with_an_error_summary_and_changes_nothing(
        client, qualified_case, officer, adviser):
    assessment = recommended(qualified_case, officer, adviser)
    before = snapshot(assessment)
    client.force_login(officer)
    response = client.post(staff_url("staff-medical-decide", qualified_case, assessment.pk),
                           {"decide-level": "severe", "decide-mobility": "none",
                            "decide-rationale": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Choose the medical priority level" in page
    assert "Give the reasons" in page
    assert snapshot(assessment) == before


def test_bad_input_on_a_referral_or_a_request_is_a_400(client, qualified_case, officer):
    assessment = received(qualified_case, officer)
    before = snapshot(assessment)
    client.force_login(officer)
    response = client.post(staff_url("staff-medical-refer", qualified_case, assessment.pk),
                           {"refer-adviser": officer.pk, "refer-note": ""})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    # Asking again for someone being assessed: refused by the service, shown on the form.
    response = client.post(staff_url("staff-medical-request", qualified_case),
                           {"request-member": lead(qualified_case).pk})
    assert response.status_code == 400
    assert "already has a medical assessment in progress" in response.content.decode()
    assert snapshot(assessment) == before


def test_a_restricted_case_is_not_found_for_an_officer_outside_the_group(client, officer):
    restricted = ApplicationFactory(status="active", restricted_access=True)
    client.force_login(officer)
    assert client.get(staff_url("staff-medical", restricted)).status_code == 404


# --- Pages: the medical adviser ----------------------------------------------------------------

def test_the_adviser_sees_only_their_referrals_and_only_the_medical_parts(
        client, qualified_case, officer, adviser):
    HouseholdMemberFactory(application=qualified_case, first_name="Zebedee", role="child")
    CaseNoteFactory(application=qualified_case, body="Confidential note about rent arrears.")
    mine = referred(qualified_case, officer, adviser)
    other_adviser = UserFactory(username="adviser2", role="medical_adviser")
    theirs = referred(ApplicationFactory(status="active"), officer, other_adviser)
    MedicalAssessment.objects.filter(pk=theirs.pk).update(
        recommendation_due=timezone.localdate().replace(year=2020))
    MedicalAssessment.objects.filter(pk=mine.pk).update(
        recommendation_due=timezone.localdate().replace(year=2020))

    client.force_login(adviser)
    queue = client.get(reverse("applications:adviser-queue"))
    assert queue.status_code == 200
    page = queue.content.decode()
    assert reverse("applications:adviser-detail", args=[mine.pk]) in page
    assert reverse("applications:adviser-detail", args=[theirs.pk]) not in page
    assert "Overdue" in page

    response = client.get(reverse("applications:adviser-detail", args=[mine.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert FORM["condition"] in page and DEFAULT_QUESTION.split("'")[0] in page
    assert "Sam" in page  # first name only
    assert lead(qualified_case).last_name not in page
    assert "Zebedee" not in page and "rent arrears" not in page
    assert qualified_case.reference not in page and "18000" not in page

    assert client.get(reverse("applications:adviser-detail",
                              args=[theirs.pk])).status_code == 404
    response = client.post(reverse("applications:adviser-detail", args=[theirs.pk]),
                           {"level": "none", "mobility": "none", "rationale": "x"})
    assert response.status_code == 404
    assert MedicalAssessment.objects.get(pk=theirs.pk).status == "with_adviser"
    # The case's own pages are not theirs to open.
    assert client.get(staff_url("staff-medical", qualified_case)).status_code == 403
    assert client.get(staff_url("staff-medical-detail", qualified_case,
                                mine.pk)).status_code == 403


def test_the_adviser_cannot_decide_and_the_officer_cannot_recommend_through_the_pages(
        client, qualified_case, officer, adviser):
    assessment = recommended(qualified_case, officer, adviser)
    before = snapshot(assessment)
    client.force_login(adviser)
    response = client.post(staff_url("staff-medical-decide", qualified_case, assessment.pk),
                           {"decide-level": "high", "decide-mobility": "none",
                            "decide-rationale": "I decide."})
    assert response.status_code == 403
    client.force_login(officer)
    assert client.get(reverse("applications:adviser-queue")).status_code == 403
    response = client.post(reverse("applications:adviser-detail", args=[assessment.pk]),
                           {"level": "urgent", "mobility": "none", "rationale": "Me."})
    assert response.status_code == 403
    assert snapshot(assessment) == before


def test_a_recommendation_without_reasons_is_a_400_and_changes_nothing(client, qualified_case,
                                                                       officer, adviser):
    assessment = referred(qualified_case, officer, adviser)
    before = snapshot(assessment)
    client.force_login(adviser)
    response = client.post(reverse("applications:adviser-detail", args=[assessment.pk]),
                           {"level": "high", "mobility": "none", "rationale": "  "})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert snapshot(assessment) == before


def test_the_adviser_has_a_dashboard_card(client, qualified_case, officer, adviser):
    referred(qualified_case, officer, adviser)
    client.force_login(adviser)
    page = client.get(reverse("staff:home")).content.decode()
    assert "Medical referrals" in page
    assert reverse("applications:adviser-queue") in page


# --- Pages: the applicant ----------------------------------------------------------------------

def test_the_applicant_sees_their_household_and_fills_in_a_form(client, qualified_case,
                                                                applicant):
    child = HouseholdMemberFactory(application=qualified_case, first_name="Amy")
    client.force_login(applicant)
    page = client.get(reverse("applications:portal-medical")).content.decode()
    assert "how the home affects" in page.lower() or "how your current home" in page.lower()
    assert "Amy" in page and "No form sent" in page
    form_url = reverse("applications:portal-medical-form", args=[child.pk])
    assert "does Amy have" in client.get(form_url).content.decode()

    response = client.post(form_url, {"condition": "", "how_housing_affects": ""})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert MedicalAssessment.objects.count() == 0

    assert client.post(form_url, FORM).status_code == 302
    assessment = MedicalAssessment.objects.get()
    assert assessment.member == child and assessment.form_submitted_by == applicant
    assert "Form received" in client.get(reverse("applications:portal-medical")).content.decode()
    assert "We already have a medical form" in client.get(form_url).content.decode()


def test_the_applicant_cannot_open_another_households_form(client, qualified_case, applicant):
    other = ApplicationFactory(status="active",
                               applicant_user=UserFactory(username="neighbour"))
    someone_else = lead(other)
    client.force_login(applicant)
    url = reverse("applications:portal-medical-form", args=[someone_else.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, FORM).status_code == 404
    assert MedicalAssessment.objects.count() == 0
    assert someone_else.last_name not in client.get(
        reverse("applications:portal-medical")).content.decode()


def test_no_medical_form_before_the_application_is_sent(client, applicant):
    draft = ApplicationFactory(status="draft", applicant_user=applicant)
    client.force_login(applicant)
    page = client.get(reverse("applications:portal-medical"))
    assert page.status_code == 200
    assert "once you have sent us your housing application" in page.content.decode()
    url = reverse("applications:portal-medical-form", args=[lead(draft).pk])
    assert client.get(url).status_code == 404


def test_staff_cannot_use_the_applicant_pages(client, officer):
    client.force_login(officer)
    assert client.get(reverse("applications:portal-medical")).status_code == 403

