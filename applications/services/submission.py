"""Submitting an application: checks, evidence requests, bedroom need, duplicates, the
acknowledgement letter (DOMAIN.md §5.1 steps 2–3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from applications.models import Application, EvidenceItem, HouseholdMember
from applications.sections import SECTION_KEYS, SECTIONS_BY_KEY
from applications.services.assessment import application_bedroom_need_refresh
from applications.services.status import application_transition
from housing.core.exceptions import ApplicationError
from housing.letters.services import letter_create
from housing.scheme.selectors import scheme_in_force

_NOT_SUBJECT_TO_CONTROL = {"british", "irish"}


def evidence_needed(application: Application) -> list[tuple[str, HouseholdMember | None, str]]:
    """The documents an application of this shape needs (kind, person, plain description)."""
    needed: list[tuple[str, HouseholdMember | None, str]] = []
    circumstances = application.circumstances
    for member in application.members.all():
        if not member.is_proposed_tenant:
            if member.due_date:
                needed.append((EvidenceItem.Kind.PREGNANCY, member,
                               "Pregnancy confirmation (MATB1) for the baby due on "
                               f"{member.due_date:%-d %B %Y}"))
            continue
        name = member.first_name
        needed.append((EvidenceItem.Kind.IDENTITY, member,
                       f"Proof of identity for {name}, such as a passport or driving licence"))
        if member.immigration_status and member.immigration_status not in _NOT_SUBJECT_TO_CONTROL:
            needed.append((EvidenceItem.Kind.IMMIGRATION, member,
                           f"Proof of immigration status for {name}: a share code or your "
                           "biometric residence permit"))
    needed.append((EvidenceItem.Kind.ADDRESS, None,
                   "Proof of your current address dated in the last 3 months, such as a "
                   "council tax bill or tenancy agreement"))
    if circumstances.household_income_annual or circumstances.savings:
        needed.append((EvidenceItem.Kind.INCOME, None,
                       "Proof of household income and savings: the last 2 months of payslips "
                       "or benefit letters, and bank statements"))
    if circumstances.has_medical_needs:
        needed.append((EvidenceItem.Kind.MEDICAL, None,
                       "Any letters from doctors or other professionals about how your home "
                       "affects your health"))
    if circumstances.armed_forces in ("veteran_regular", "reservist_injured", "bereaved_partner",
                                      "separated_spouse", "serving_regular"):
        needed.append((EvidenceItem.Kind.ARMED_FORCES, None,
                       "Proof of armed forces service, such as discharge papers"))
    if circumstances.care_leaver:
        needed.append((EvidenceItem.Kind.CARE_LEAVER, None,
                       "A letter from your leaving care team"))
    if circumstances.works_in_district:
        needed.append((EvidenceItem.Kind.EMPLOYMENT, None,
                       "A letter from your employer confirming your hours and start date"))
    return needed


def _check_complete(application: Application) -> None:
    missing = [SECTIONS_BY_KEY[k].title for k in SECTION_KEYS
               if k not in application.sections_completed]
    errors: dict[str, list[str]] = {}
    if missing:
        errors["sections"] = [f"Complete “{title}”." for title in missing]
    lead = application.members.filter(role=HouseholdMember.Role.LEAD).first()
    if lead is None or lead.date_of_birth is None:
        errors.setdefault("sections", []).append("Tell us your date of birth in “About you”.")
    if application.circumstances.declaration_accepted_at is None:
        errors.setdefault("sections", []).append("Accept the declaration.")
    if errors:
        raise ApplicationError("The application is not complete yet.", errors)


@transaction.atomic
def application_submit(*, application: Application, actor: Any) -> Application:
    """Submit a complete draft: DRAFT → SUBMITTED; record the application date and the scheme
    version; request the evidence it needs with a deadline (default 28 days); flag possible
    duplicates; work out the bedroom need; send the acknowledgement letter (L1)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _check_complete(application)
    today = timezone.localdate()
    scheme = scheme_in_force(on=today)
    application_transition(application=application, to=Application.Status.SUBMITTED,
                           actor=actor, reason="Application submitted")
    application.refresh_from_db()
    application.submitted_at = timezone.now()
    application.application_date = today
    application.scheme_version = scheme
    application.evidence_due_date = today + dt.timedelta(days=scheme.evidence_deadline_days)
    from applications.selectors import find_duplicates

    application.possible_duplicates = sorted({d.reference
                                              for d in find_duplicates(application=application)})
    application._change_reason = "Submitted"  # type: ignore[attr-defined]
    application.save(update_fields=["submitted_at", "application_date", "scheme_version",
                                    "evidence_due_date", "possible_duplicates", "updated_at"])
    for kind, member, description in evidence_needed(application):
        EvidenceItem.objects.create(application=application, member=member, kind=kind,
                                    description=description,
                                    due_date=application.evidence_due_date)
    application_bedroom_need_refresh(application=application, actor=actor)
    _send_acknowledgement(application)
    return application


def _send_acknowledgement(application: Application) -> None:
    scheme = application.scheme_version
    letter_create(
        template_code="acknowledgement", recipient=application.applicant_user,
        subject=application, actor=None,
        context={
            "reference": application.reference,
            "application_date": application.application_date.isoformat()
            if application.application_date else "",
            "evidence_due_date": application.evidence_due_date.isoformat()
            if application.evidence_due_date else "",
            "evidence": [e.description for e in application.evidence.all()],
            "review_days": scheme.review_request_days if scheme else 21,
        },
    )
