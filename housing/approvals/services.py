"""Writes for maker–checker approvals (DOMAIN.md §3.16, §4.10, §4.11, §5.1 step 9).

A request is made by one person and decided by another: the service refuses a manager deciding
their own request, and the database refuses it too (``approval_not_decided_by_requester``).
Deciding runs the subject's handler in the same transaction, so an approved Band A award
becomes current at the moment it is approved, or not at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from housing.approvals import registry
from housing.approvals.models import ApprovalRequest
from housing.approvals.policies import can_decide_approvals, can_request_approval
from housing.core.exceptions import ApplicationError, ConflictError, IllegalTransition

DECISIONS = ("approve", "reject")


@transaction.atomic
def approval_request_create(*, type: str, subject: Model, actor: Any, justification: str,
                            summary: str, case_reference: str = "", restricted: bool = False,
                            details: dict[str, Any] | None = None) -> ApprovalRequest:
    """Ask a manager to approve something. One open request per subject and type."""
    if not can_request_approval(actor):
        raise ApplicationError("Only officers and managers can ask for an approval.")
    if type not in ApprovalRequest.Type.values:
        raise ApplicationError("Choose what needs approval.",
                               {"type": ["Choose what needs approval"]})
    if not justification or not justification.strip():
        raise ApplicationError("Say why this should be approved.",
                               {"justification": ["Say why this should be approved"]})
    approval = ApprovalRequest(
        type=type, subject_type=ContentType.objects.get_for_model(subject),
        subject_id=str(subject.pk), case_reference=case_reference, summary=summary[:300],
        details=details or {}, restricted=restricted, requested_by=actor,
        justification=justification.strip())
    approval.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            approval.save()
    except IntegrityError:
        raise ConflictError("There is already a request waiting for a manager's decision on "
                            "this.", {"type": ["A request for this is already waiting"]}) from None
    return approval


def _lock(approval: ApprovalRequest) -> ApprovalRequest:
    return ApprovalRequest.objects.select_for_update().get(pk=approval.pk)


@transaction.atomic
def approval_decide(*, approval: ApprovalRequest, actor: Any, decision: str, reason: str,
                    valid_until: dt.date | None = None) -> ApprovalRequest:
    """A manager approves or rejects a pending request, with a reason.

    Refused: anyone but a manager; the person who made the request (maker–checker); a request
    already decided (409). ``valid_until`` limits an approval to a period (debt overrides).
    """
    if not can_decide_approvals(actor):
        raise ApplicationError("Only a manager can decide an approval request.")
    errors: dict[str, list[str]] = {}
    if decision not in DECISIONS:
        errors["decision"] = ["Choose approve or reject"]
    if not reason or not reason.strip():
        errors["reason"] = ["Give the reason for your decision"]
    if valid_until is not None and valid_until < timezone.localdate():
        errors["valid_until"] = ["The approval must last until today or later"]
    if errors:
        raise ApplicationError("Check your decision.", errors)
    approval = _lock(approval)
    if approval.requested_by_id == actor.pk:
        raise ApplicationError(
            "You made this request, so another manager must decide it (maker–checker).",
            {"decision": ["You cannot decide a request you made"]})
    status = (ApprovalRequest.Status.APPROVED if decision == "approve"
              else ApprovalRequest.Status.REJECTED)
    if status not in ApprovalRequest.TRANSITIONS[approval.status]:
        raise IllegalTransition(
            f"This request has already been {approval.get_status_display().lower()}.",
            {"decision": ["Already decided"]})
    approval.status = status
    approval.decision_reason = reason.strip()
    approval.decided_by = actor
    approval.decided_at = timezone.now()
    approval.valid_until = valid_until if status == ApprovalRequest.Status.APPROVED else None
    approval._change_reason = f"{approval.get_status_display()}: {approval.decision_reason}"  # type: ignore[attr-defined]
    approval.save(update_fields=["status", "decision_reason", "decided_by", "decided_at",
                                 "valid_until", "updated_at"])
    registry.run_handler(approval, actor)
    return approval


@transaction.atomic
def approval_withdraw(*, approval: ApprovalRequest, actor: Any,
                      reason: str = "") -> ApprovalRequest:
    """The requester (or a manager) withdraws a pending request, e.g. the officer reassesses."""
    approval = _lock(approval)
    if approval.requested_by_id != actor.pk and not can_decide_approvals(actor):
        raise ApplicationError("Only the person who asked, or a manager, can withdraw this.")
    if ApprovalRequest.Status.WITHDRAWN not in ApprovalRequest.TRANSITIONS[approval.status]:
        raise IllegalTransition("This request has already been decided.")
    approval.status = ApprovalRequest.Status.WITHDRAWN
    approval.decision_reason = reason.strip()
    approval._change_reason = "Withdrawn" + (f": {reason.strip()}" if reason.strip() else "")  # type: ignore[attr-defined]
    approval.save(update_fields=["status", "decision_reason", "updated_at"])
    registry.run_handler(approval, actor)
    return approval


def approval_is_valid(approval: ApprovalRequest | None, *, on: dt.date | None = None) -> bool:
    """An approved request still in force on ``on`` (today)."""
    if approval is None or approval.status != ApprovalRequest.Status.APPROVED:
        return False
    on = on or timezone.localdate()
    return approval.valid_until is None or approval.valid_until >= on
