"""Who may ask for and decide approvals (maker–checker, DOMAIN.md §3.16)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from housing.accounts import policies as account_policies
from housing.accounts.models import Role
from housing.approvals.models import ApprovalRequest


def can_request_approval(user: Any) -> bool:
    """Officers, managers and administrators raise requests."""
    return account_policies.has_role(user, Role.OFFICER, Role.MANAGER, Role.ADMIN)


def can_decide_approvals(user: Any) -> bool:
    """Managers decide (the checker). Administrators configure the system; they do not decide
    cases."""
    return account_policies.has_role(user, Role.MANAGER)


def can_decide(user: Any, approval: ApprovalRequest) -> bool:
    """A manager, on a request they did not make, that they may see."""
    return (can_decide_approvals(user) and approval.requested_by_id != user.pk
            and approvals_visible_to(user).filter(pk=approval.pk).exists())


def approvals_visible_to(user: Any) -> QuerySet[ApprovalRequest]:
    """Caseworkers see requests (restricted cases only in the restricted group)."""
    if not can_request_approval(user):
        return ApprovalRequest.objects.none()
    qs = ApprovalRequest.objects.all()
    if not getattr(user, "in_restricted_group", False):
        qs = qs.filter(restricted=False)
    return qs
