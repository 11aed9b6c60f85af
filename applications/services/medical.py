"""Medical and welfare assessments (DOMAIN.md §3.7, §5.9, letter L8).

The question is how the *housing* affects a person's health and whether a move would help, not
how serious the illness is (Hillingdon). The flow:

* an officer asks for a form for a member (``medical_assessment_request``), or the applicant
  sends one unasked (``medical_form_submit``);
* the officer screens it (``medical_screen``): refers it to a medical adviser, with a working-day
  target from the scheme, or decides at once when the home clearly does not affect the
  condition;
* the adviser the case was referred to recommends (``medical_recommend``) — advisory only;
* the officer decides (``medical_decide``) and the applicant is sent L8. An extra bedroom needs a
  manager's approval (maker–checker); when it is approved the bedroom need is worked out again.

The decision does not change the band by itself: the officer reassesses the band afterwards,
and the banding rules read the decided level through the scheme's ``medical_*`` triggers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from applications.models import Application, EvidenceItem, HouseholdMember, MedicalAssessment
from applications.policies import can_view_as_applicant, can_work_case
from housing.accounts import policies as account_policies
from housing.accounts.models import Role, User
from housing.approvals.models import ApprovalRequest
from housing.approvals.registry import register_handler
from housing.approvals.services import approval_request_create
from housing.core.calendar import add_working_days
from housing.core.exceptions import ApplicationError, ConflictError, IllegalTransition
from housing.letters.services import letter_create
from housing.scheme.selectors import scheme_in_force

Status = MedicalAssessment.Status
# Decided (and then notified at once) assessments are finished; anything else is open.
CLOSED_STATUSES = frozenset({Status.DECIDED, Status.NOTIFIED})
OPEN_STATUSES = frozenset(set(Status.values) - CLOSED_STATUSES)
SCREEN_OUTCOMES = ("refer", "decide")
DEFAULT_QUESTION = ("Does the applicant's current home affect this person's health, and would "
                    "moving to a different home help? If so, what kind of home do they need?")
TEXT_MAX = 5000

_PRIORITY_LABELS: dict[str, str] = {
    MedicalAssessment.Level.URGENT: "urgent medical or welfare priority",
    MedicalAssessment.Level.HIGH: "high medical or welfare priority",
    MedicalAssessment.Level.MEDIUM: "medium medical or welfare priority",
}


# --- Helpers -----------------------------------------------------------------------------------

def _transition(assessment: MedicalAssessment, to: str) -> None:
    """Check the move against the transitions table and set the new status (the caller saves,
    with its reason, in the same write as the fields that go with the move)."""
    if to not in MedicalAssessment.TRANSITIONS[assessment.status]:
        raise IllegalTransition(
            f"An assessment that is “{assessment.get_status_display()}” cannot become "
            f"“{Status(to).label}”.",
            {"status": [f"Not allowed while the assessment is "
                        f"“{assessment.get_status_display()}”"]})
    assessment.status = to


def _save(assessment: MedicalAssessment, reason: str, fields: list[str]) -> None:
    assessment._change_reason = reason  # type: ignore[attr-defined]
    assessment.save(update_fields=["status", "updated_at", *fields])


def _lock_application(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _lock(assessment: MedicalAssessment) -> MedicalAssessment:
    return (MedicalAssessment.objects.select_for_update()
            .select_related("application", "member").get(pk=assessment.pk))


def _check_live(application: Application) -> None:
    if not application.is_live:
        raise ConflictError(
            f"An application that is “{application.get_status_display()}” cannot have a "
            "medical assessment.",
            {"status": ["Medical assessments are for applications that are submitted or on "
                        "the register"]})


def _check_caseworker(actor: Any, application: Application) -> None:
    if not can_work_case(actor, application):
        raise ApplicationError("Only a housing officer who may work this case can do this.")


def _member(application: Application, member_id: Any) -> HouseholdMember:
    member = (HouseholdMember.objects.filter(application=application, pk=member_id).first()
              if str(member_id or "").isdigit() else None)
    if member is None:
        raise ApplicationError("Choose someone on this application.",
                               {"member": ["Choose someone on this application"]})
    return member


def _open_for(member: HouseholdMember) -> MedicalAssessment | None:
    return (MedicalAssessment.objects.select_for_update()
            .filter(member=member, status__in=OPEN_STATUSES).order_by("-created_at").first())


def _text(value: Any) -> str:
    return str(value or "").strip()


def _too_long(errors: dict[str, list[str]], name: str, value: str, label: str) -> None:
    if len(value) > TEXT_MAX:
        errors.setdefault(name, []).append(f"{label} must be {TEXT_MAX} characters or fewer")


def _link_evidence(assessment: MedicalAssessment) -> None:
    """Medical evidence the household has sent for this person goes with the assessment, so
    the officer and the adviser read it alongside the form."""
    items = EvidenceItem.objects.filter(
        application_id=assessment.application_id, member_id=assessment.member_id,
        kind=EvidenceItem.Kind.MEDICAL,
        status__in=[EvidenceItem.Status.RECEIVED, EvidenceItem.Status.VERIFIED])
    assessment.evidence.add(*items)


def _decision_errors(*, level: str, mobility: str, rationale: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if level not in MedicalAssessment.Level.values:
        errors["level"] = ["Choose the medical priority level"]
    if mobility not in MedicalAssessment.Mobility.values:
        errors["mobility"] = ["Choose a mobility requirement from the list"]
    if not rationale:
        errors["rationale"] = ["Give the reasons: how the home affects their health"]
    _too_long(errors, "rationale", rationale, "Reasons")
    return errors


# --- Request and form --------------------------------------------------------------------------

@transaction.atomic
def medical_assessment_request(*, application: Application, member_id: int,
                               actor: Any) -> MedicalAssessment:
    """An officer asks the household for a medical form for one member (DOMAIN §5.9 step 1).

    Refused: someone who may not work the case; a person not on the application; an application
    that is not live; a member who already has an open assessment (409).
    """
    _check_caseworker(actor, application)
    application = _lock_application(application)
    _check_live(application)
    member = _member(application, member_id)
    if _open_for(member) is not None:
        raise ConflictError(
            f"{member.first_name} already has a medical assessment in progress.",
            {"member": [f"{member.first_name} already has a medical assessment in progress"]})
    assessment = MedicalAssessment(application=application, member=member,
                                   status=Status.REQUESTED)
    assessment.full_clean(validate_constraints=False)
    assessment._change_reason = "Medical form requested"  # type: ignore[attr-defined]
    assessment.save()
    return assessment


@transaction.atomic
def medical_form_submit(*, application: Application, member_id: int, actor: Any,
                        condition: str, how_housing_affects: str, what_would_help: str = "",
                        mobility_difficulties: str = "") -> MedicalAssessment:
    """The medical form for one member, from the applicant (their own application) or an
    officer filling it in for them. Fills the form we asked for, or starts an assessment when
    none is open. ``condition`` and ``how_housing_affects`` are required.

    Refused: anyone else; an application that is not live; a form already received and being
    assessed (409).
    """
    if not (can_view_as_applicant(actor, application) or can_work_case(actor, application)):
        raise ApplicationError("You cannot send a medical form for this application.")
    application = _lock_application(application)
    _check_live(application)
    member = _member(application, member_id)
    condition, how_housing_affects = _text(condition), _text(how_housing_affects)
    what_would_help, mobility_difficulties = _text(what_would_help), _text(mobility_difficulties)
    errors: dict[str, list[str]] = {}
    if not condition:
        errors["condition"] = ["Tell us about the health condition or disability"]
    if not how_housing_affects:
        errors["how_housing_affects"] = ["Tell us how your current home affects their health"]
    for name, value, label in (("condition", condition, "The condition"),
                               ("how_housing_affects", how_housing_affects,
                                "How the home affects their health"),
                               ("what_would_help", what_would_help, "What would help"),
                               ("mobility_difficulties", mobility_difficulties,
                                "Mobility difficulties")):
        _too_long(errors, name, value, label)
    if errors:
        raise ApplicationError("Check the medical form.", errors)

    assessment = _open_for(member)
    if assessment is not None and assessment.status != Status.REQUESTED:
        raise ConflictError(
            f"We already have a medical form for {member.first_name} and are assessing it.",
            {"condition": [f"We already have a form for {member.first_name}. Contact us if "
                           "something has changed."]})
    created = assessment is None
    if assessment is None:
        assessment = MedicalAssessment(application=application, member=member,
                                       status=Status.REQUESTED)
    _transition(assessment, Status.EVIDENCE_RECEIVED)
    assessment.condition = condition
    assessment.how_housing_affects = how_housing_affects
    assessment.what_would_help = what_would_help
    assessment.mobility_difficulties = mobility_difficulties
    assessment.form_submitted_by = actor
    assessment.form_submitted_at = timezone.now()
    assessment.full_clean(validate_constraints=False)
    reason = ("Medical form received from the applicant"
              if can_view_as_applicant(actor, application)
              else "Medical form entered by an officer")
    if created:
        assessment._change_reason = reason  # type: ignore[attr-defined]
        assessment.save()
    else:
        _save(assessment, reason, ["condition", "how_housing_affects", "what_would_help",
                                   "mobility_difficulties", "form_submitted_by",
                                   "form_submitted_at"])
    _link_evidence(assessment)
    return assessment


# --- Screening and referral --------------------------------------------------------------------

def _adviser(adviser_id: Any) -> User | None:
    if not str(adviser_id or "").isdigit():
        return None
    user = User.objects.filter(pk=int(adviser_id), is_active=True,
                               role=Role.MEDICAL_ADVISER).first()
    return user


@transaction.atomic
def medical_screen(*, assessment: MedicalAssessment, actor: Any, outcome: str, note: str,
                   adviser_id: int | None = None, question: str = "", level: str = "",
                   mobility: str = "", ground_floor: bool = False, extra_bedroom: bool = False,
                   rationale: str = "") -> MedicalAssessment:
    """The officer screens a received form (DOMAIN §5.9 step 2): is the condition affected by
    the housing?

    * ``outcome="refer"``: to an active medical adviser, with a question, due back within the
      scheme's ``medical_adviser_working_days`` (working days: weekends and bank holidays do not
      count). A recommendation already received may be referred again (a further question, or
      a different adviser).
    * ``outcome="decide"``: clearly no referral needed; the officer decides at once with the
      decision fields of :func:`medical_decide` (level, mobility, ground floor, extra bedroom,
      rationale), and L8 is sent.

    ``note`` (why) is required either way.
    """
    application = assessment.application
    _check_caseworker(actor, application)
    _check_live(application)
    note, question = _text(note), _text(question)
    errors: dict[str, list[str]] = {}
    if outcome not in SCREEN_OUTCOMES:
        errors["outcome"] = ["Choose refer to the medical adviser or decide now"]
    if not note:
        errors["note"] = ["Say what you found when you screened the form"]
    _too_long(errors, "note", note, "The note")
    adviser = None
    if outcome == "refer":
        adviser = _adviser(adviser_id)
        if adviser is None:
            errors["adviser"] = ["Choose a medical adviser from the list"]
        _too_long(errors, "question", question, "The question")
    elif outcome == "decide":
        errors.update(_decision_errors(level=level, mobility=mobility,
                                       rationale=_text(rationale)))
    if errors:
        raise ApplicationError("Check the screening.", errors)

    assessment = _lock(assessment)
    if outcome == "decide":
        if assessment.status != Status.EVIDENCE_RECEIVED:
            raise IllegalTransition(
                "Only a form waiting to be screened can be decided without a referral.",
                {"outcome": ["Decide a recommended assessment with the decision form"]})
        assessment.screened_by = actor
        assessment.screened_at = timezone.now()
        assessment.screening_note = note
        assessment._change_reason = "Screened: decided without a referral"  # type: ignore[attr-defined]
        assessment.save(update_fields=["screened_by", "screened_at", "screening_note",
                                       "updated_at"])
        return medical_decide(assessment=assessment, actor=actor, level=level,
                              mobility=mobility, ground_floor=ground_floor,
                              extra_bedroom=extra_bedroom, rationale=rationale)

    assert adviser is not None
    _transition(assessment, Status.WITH_ADVISER)
    today = timezone.localdate()
    assessment.screened_by = actor
    assessment.screened_at = timezone.now()
    assessment.screening_note = note
    assessment.adviser = adviser
    assessment.referred_at = timezone.now()
    assessment.referral_question = question or DEFAULT_QUESTION
    assessment.recommendation_due = add_working_days(
        today, scheme_in_force(on=today).medical_adviser_working_days)
    # A new referral starts afresh; the earlier recommendation stays in the history.
    assessment.recommended_level = ""
    assessment.recommended_mobility = ""
    assessment.recommended_ground_floor = False
    assessment.recommended_lift = False
    assessment.recommended_extra_bedroom = False
    assessment.recommended_near_support = False
    assessment.recommendation_rationale = ""
    assessment.recommended_at = None
    _save(assessment, f"Referred to the medical adviser: {note}"[:100],
          ["screened_by", "screened_at", "screening_note", "adviser", "referred_at",
           "referral_question", "recommendation_due", "recommended_level",
           "recommended_mobility", "recommended_ground_floor", "recommended_lift",
           "recommended_extra_bedroom", "recommended_near_support",
           "recommendation_rationale", "recommended_at"])
    _link_evidence(assessment)
    return assessment


# --- The adviser's recommendation --------------------------------------------------------------

@transaction.atomic
def medical_recommend(*, assessment: MedicalAssessment, actor: Any, level: str, mobility: str,
                      ground_floor: bool, lift: bool, extra_bedroom: bool, near_support: bool,
                      rationale: str) -> MedicalAssessment:
    """The medical adviser the assessment was referred to recommends a level and the property
    requirements, with reasons (DOMAIN §5.9 step 3). Advisory only: the officer decides.

    Refused: anyone but that adviser (officers cannot recommend); an assessment not with the
    adviser (409); a missing level or rationale.
    """
    if not (account_policies.has_role(actor, Role.MEDICAL_ADVISER)
            and assessment.adviser_id == actor.pk):
        raise ApplicationError("Only the medical adviser this was referred to can recommend.")
    rationale = _text(rationale)
    errors = _decision_errors(level=level, mobility=mobility, rationale=rationale)
    if errors:
        raise ApplicationError("Check the recommendation.", errors)
    assessment = _lock(assessment)
    if assessment.adviser_id != actor.pk:
        raise ApplicationError("Only the medical adviser this was referred to can recommend.")
    _transition(assessment, Status.RECOMMENDED)
    assessment.recommended_level = level
    assessment.recommended_mobility = mobility
    assessment.recommended_ground_floor = bool(ground_floor)
    assessment.recommended_lift = bool(lift)
    assessment.recommended_extra_bedroom = bool(extra_bedroom)
    assessment.recommended_near_support = bool(near_support)
    assessment.recommendation_rationale = rationale
    assessment.recommended_at = timezone.now()
    _save(assessment, "Medical adviser's recommendation received",
          ["recommended_level", "recommended_mobility", "recommended_ground_floor",
           "recommended_lift", "recommended_extra_bedroom", "recommended_near_support",
           "recommendation_rationale", "recommended_at"])
    return assessment


# --- The officer's decision and L8 -------------------------------------------------------------

def property_requirements(assessment: MedicalAssessment) -> list[str]:
    """The decided property requirements, in the words of the letter."""
    lines = []
    if assessment.decided_mobility:
        lines.append(f"A home suitable for your mobility needs: "
                     f"{assessment.get_decided_mobility_display().lower()}.")
    if assessment.decided_ground_floor:
        lines.append("A ground-floor home.")
    if assessment.decided_extra_bedroom:
        lines.append("An extra bedroom because of "
                     f"{assessment.member.first_name}'s medical needs. A manager must approve "
                     "an extra bedroom; we will tell you if the number of bedrooms you need "
                     "changes.")
    return lines


def medical_letter_context(application: Application,
                           assessment: MedicalAssessment) -> dict[str, Any]:
    """What L8 says (DOMAIN §6): JSON-serialisable, stored with the letter."""
    scheme = scheme_in_force()
    today = timezone.localdate()
    level = assessment.decided_level
    return {
        "reference": application.reference,
        "member_name": assessment.member.first_name,
        "priority_awarded": level in _PRIORITY_LABELS,
        "level": level,
        "level_label": _PRIORITY_LABELS.get(level, "no medical priority"),
        "requirements": property_requirements(assessment),
        "extra_bedroom": assessment.decided_extra_bedroom,
        "rationale": assessment.decision_rationale,
        "adviser_consulted": assessment.adviser_id is not None,
        "review_days": scheme.review_request_days,
        "review_by": (today + dt.timedelta(days=scheme.review_request_days)).isoformat(),
    }


@transaction.atomic
def medical_decide(*, assessment: MedicalAssessment, actor: Any, level: str, mobility: str,
                   ground_floor: bool, extra_bedroom: bool,
                   rationale: str) -> MedicalAssessment:
    """The officer decides (DOMAIN §5.9 step 4): the medical priority level and the property
    requirements, with reasons; from a screened form (no referral) or the adviser's
    recommendation. The decision replaces any earlier one for the same person, the applicant is
    sent L8 and the assessment is ``NOTIFIED``. An extra bedroom goes to a manager for approval
    (an ``EXTRA_BEDROOM`` approval request); the bedroom need changes only when it is approved.

    The band does not change here: the officer reassesses the band next.
    """
    application = assessment.application
    _check_caseworker(actor, application)
    _check_live(application)
    rationale = _text(rationale)
    errors = _decision_errors(level=level, mobility=mobility, rationale=rationale)
    if errors:
        raise ApplicationError("Check the decision.", errors)
    assessment = _lock(assessment)
    application = assessment.application
    _transition(assessment, Status.DECIDED)
    assessment.decided_level = level
    assessment.decided_mobility = mobility
    assessment.decided_ground_floor = bool(ground_floor)
    assessment.decided_extra_bedroom = bool(extra_bedroom)
    assessment.extra_bedroom_approved = False
    assessment.decision_rationale = rationale
    assessment.decided_by = actor
    assessment.decided_at = timezone.now()
    assessment.is_current = True
    _save(assessment, f"Decided: {assessment.get_decided_level_display().lower()}",
          ["decided_level", "decided_mobility", "decided_ground_floor", "decided_extra_bedroom",
           "extra_bedroom_approved", "decision_rationale", "decided_by", "decided_at",
           "is_current"])

    # The latest decision for a person counts; earlier ones stay on file.
    lost_extra_bedroom = False
    earlier = (MedicalAssessment.objects.select_for_update()
               .filter(member_id=assessment.member_id, is_current=True)
               .exclude(pk=assessment.pk))
    for old in earlier:
        lost_extra_bedroom = lost_extra_bedroom or (old.decided_extra_bedroom
                                                    and old.extra_bedroom_approved)
        old.is_current = False
        old._change_reason = "Replaced by a later decision"  # type: ignore[attr-defined]
        old.save(update_fields=["is_current", "updated_at"])
    if lost_extra_bedroom:
        from applications.services.assessment import application_bedroom_need_refresh

        application_bedroom_need_refresh(application=application, actor=actor)

    if assessment.decided_extra_bedroom:
        approval_request_create(
            type=ApprovalRequest.Type.EXTRA_BEDROOM, subject=assessment, actor=actor,
            justification=rationale,
            summary=f"{application.reference}: extra bedroom for "
                    f"{assessment.member.first_name} on medical grounds",
            case_reference=application.reference, restricted=application.restricted_access,
            details={"Person": assessment.member.first_name,
                     "Medical priority": assessment.get_decided_level_display(),
                     "Adviser recommended an extra bedroom": (
                         "Yes" if assessment.recommended_extra_bedroom else
                         "No" if assessment.recommended_at else "Not referred"),
                     "Bedroom need now": str(application.bedroom_need or "")})

    lead = application.members.filter(role=HouseholdMember.Role.LEAD).first()
    letter = letter_create(
        template_code="medical-outcome", subject=application, actor=actor,
        recipient=application.applicant_user,
        recipient_name=lead.full_name if lead else None,
        context=medical_letter_context(application, assessment))
    _transition(assessment, Status.NOTIFIED)
    assessment.letter = letter
    _save(assessment, "Decision letter sent", ["letter"])
    return assessment


# --- Approval of an extra bedroom --------------------------------------------------------------

def _on_extra_bedroom_decided(*, approval: ApprovalRequest, actor: Any) -> None:
    """Approvals handler: an approved extra bedroom counts in the bedroom need from now on."""
    if approval.status != ApprovalRequest.Status.APPROVED:
        return  # rejected or withdrawn: the bedroom need stays as it is
    from applications.services.assessment import application_bedroom_need_refresh

    assessment = (MedicalAssessment.objects.select_for_update().select_related("application")
                  .get(pk=int(approval.subject_id)))
    assessment.extra_bedroom_approved = True
    assessment._change_reason = "Extra bedroom approved by a manager"  # type: ignore[attr-defined]
    assessment.save(update_fields=["extra_bedroom_approved", "updated_at"])
    application_bedroom_need_refresh(application=assessment.application, actor=actor)


def register_approval_handlers() -> None:
    register_handler(ApprovalRequest.Type.EXTRA_BEDROOM, _on_extra_bedroom_decided)
