"""Reads of the approvals queue."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from housing.approvals.models import ApprovalRequest
from housing.approvals.policies import approvals_visible_to


def approval_queue(*, user: Any, status: str = ApprovalRequest.Status.PENDING,
                   type: str = "") -> QuerySet[ApprovalRequest]:
    """The requests this user may see, oldest first (the queue is worked in order)."""
    qs = approvals_visible_to(user).select_related("requested_by", "decided_by")
    if status:
        qs = qs.filter(status=status)
    if type:
        qs = qs.filter(type=type)
    return qs.order_by("created_at", "pk")


def approvals_for(subject: Model) -> QuerySet[ApprovalRequest]:
    """Every request about one object, newest first."""
    return (ApprovalRequest.objects
            .filter(subject_type=ContentType.objects.get_for_model(subject),
                    subject_id=str(subject.pk))
            .select_related("requested_by", "decided_by").order_by("-created_at"))


def pending_approval_for(subject: Model, type: str) -> ApprovalRequest | None:
    return approvals_for(subject).filter(type=type,
                                         status=ApprovalRequest.Status.PENDING).first()
