"""Case notes, assignment, changes of circumstances and incomplete-application closure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from applications.models import Application, CaseNote, ChangeOfCircumstances, EvidenceItem
from applications.services.status import application_transition
from housing.core.exceptions import ApplicationError, ConflictError
from housing.letters.services import letter_create
from housing.scheme.selectors import scheme_in_force


@transaction.atomic
def case_note_add(*, application: Application, actor: Any, category: str, body: str,
                  restricted: bool | None = None) -> CaseNote:
    """Domestic abuse, MAPPA and safeguarding notes are restricted unless the officer says
    otherwise; an officer outside the restricted group cannot write a restricted note they
    could not then read."""
    if restricted is None:
        restricted = category in CaseNote.RESTRICTED_BY_DEFAULT
    if restricted and not actor.in_restricted_group:
        raise ApplicationError("Only the restricted group can write restricted notes.",
                               {"restricted": ["Ask a member of the restricted group to "
                                               "record this note"]})
    note = CaseNote(application=application, category=category, body=body.strip(),
                    restricted=restricted, author=actor)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def application_assign(*, application: Application, actor: Any, officer: Any) -> Application:
    application.assigned_officer = officer
    application._change_reason = f"Assigned to {officer}"  # type: ignore[attr-defined]
    application.save(update_fields=["assigned_officer", "updated_at"])
    return application


@transaction.atomic
def change_report(*, application: Application, actor: Any, kind: str, details: str
                  ) -> ChangeOfCircumstances:
    """The applicant reports a change (DOMAIN.md §5.7). Changes that could affect priority or
    bedroom size suspend bidding on an active application until an officer verifies them, when
    the scheme says so (``change_suspends_bidding``)."""
    if not application.is_live:
        raise ConflictError("This application is not open, so changes cannot be reported here.")
    if not details.strip():
        raise ApplicationError("Tell us about the change.",
                               {"details": ["Tell us about the change"]})
    affects_priority = kind in (ChangeOfCircumstances.Kind.HOUSEHOLD,
                                ChangeOfCircumstances.Kind.ADDRESS,
                                ChangeOfCircumstances.Kind.HOUSING_CONDITIONS,
                                ChangeOfCircumstances.Kind.MEDICAL)
    change = ChangeOfCircumstances(application=application, kind=kind, details=details.strip(),
                                   affects_priority=affects_priority, reported_by=actor)
    change.full_clean()
    scheme = application.scheme_version or scheme_in_force()
    suspend = (affects_priority and scheme.change_suspends_bidding
               and application.status == Application.Status.ACTIVE)
    change.suspended_bidding = suspend
    change.save()
    if suspend:
        application_transition(application=application,
                               to=Application.Status.ACTIVE_SUSPENDED, actor=actor,
                               reason="Bidding paused while a reported change is checked")
    return change


@transaction.atomic
def change_review(*, change: ChangeOfCircumstances, actor: Any, accepted: bool,
                  note: str) -> ChangeOfCircumstances:
    change = ChangeOfCircumstances.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeOfCircumstances.Status.REPORTED:
        raise ConflictError("This change has already been checked.")
    if not note.strip():
        raise ApplicationError("Record what you found.",
                               {"note": ["Enter what you checked and found"]})
    change.status = (ChangeOfCircumstances.Status.VERIFIED if accepted
                     else ChangeOfCircumstances.Status.REJECTED)
    change.reviewed_by, change.reviewed_at = actor, timezone.now()
    change.outcome_note = note.strip()
    change.save()
    application = change.application
    others_pending = application.changes.filter(status=ChangeOfCircumstances.Status.REPORTED,
                                                suspended_bidding=True).exists()
    if change.suspended_bidding and not others_pending \
            and application.status == Application.Status.ACTIVE_SUSPENDED:
        application_transition(application=application, to=Application.Status.ACTIVE,
                               actor=actor, reason="Reported change checked: bidding resumed")
    return change


def incomplete_applications_due(*, on: dt.date | None = None) -> list[Application]:
    """Awaiting-information applications past their evidence deadline, not yet proposed."""
    on = on or timezone.localdate()
    return list(Application.objects.filter(
        status=Application.Status.AWAITING_INFORMATION, evidence_due_date__lt=on,
        closure_proposed_at__isnull=True))


@transaction.atomic
def incomplete_closures_propose(*, on: dt.date | None = None) -> int:
    """Flag incomplete applications for an officer to confirm closure (DOMAIN.md §5.1 step 4).
    No application is closed without a person confirming it (UK GDPR Art 22)."""
    on = on or timezone.localdate()
    count = 0
    for application in incomplete_applications_due(on=on):
        missing = application.evidence.exclude(status=EvidenceItem.Status.VERIFIED).count()
        application.closure_proposed_at = timezone.now()
        application.closure_proposed_reason = (
            f"Evidence deadline {application.evidence_due_date:%-d %B %Y} passed with "
            f"{missing} document{'s' if missing != 1 else ''} outstanding")
        application._change_reason = "Closure proposed: incomplete"  # type: ignore[attr-defined]
        application.save(update_fields=["closure_proposed_at", "closure_proposed_reason",
                                        "updated_at"])
        count += 1
    return count


@transaction.atomic
def incomplete_closure_confirm(*, application: Application, actor: Any) -> Application:
    """An officer confirms the proposed closure: CLOSED (incomplete) and letter L3. This is
    not a decision on eligibility or qualification."""
    if application.closure_proposed_at is None:
        raise ConflictError("No closure has been proposed for this application.")
    application_transition(application=application, to=Application.Status.CLOSED, actor=actor,
                           reason="Closed: incomplete application", closed_reason="incomplete")
    letter_create(template_code="closure-incomplete", recipient=application.applicant_user,
                  subject=application, actor=actor,
                  context={"reference": application.reference,
                           "application_date": application.application_date.isoformat()
                           if application.application_date else ""})
    return application


@transaction.atomic
def incomplete_closure_cancel(*, application: Application, actor: Any, reason: str) -> None:
    if not reason.strip():
        raise ApplicationError("Give a reason.", {"reason": ["Enter why the application "
                                                             "should stay open"]})
    application.closure_proposed_at = None
    application.closure_proposed_reason = ""
    application._change_reason = f"Closure not confirmed: {reason.strip()}"  # type: ignore[attr-defined]
    application.save(update_fields=["closure_proposed_at", "closure_proposed_reason",
                                    "updated_at"])
