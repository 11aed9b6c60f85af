"""Reads of the register, always scoped to the person asking."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from applications.models import Application, HouseholdMember
from housing.accounts import policies as account_policies


def applications_visible_to(user: Any) -> QuerySet[Application]:
    """Staff see the register; an applicant only their own applications; others nothing."""
    if account_policies.can_use_staff_surface(user):
        return Application.objects.all()
    if account_policies.can_use_applicant_account(user):
        return Application.objects.filter(applicant_user=user)
    return Application.objects.none()


def application_list(*, user: Any, status: str = "") -> QuerySet[Application]:
    """Applications for a list page, with the lead applicant loaded in the same query budget."""
    qs = applications_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    leads = HouseholdMember.objects.filter(role=HouseholdMember.Role.LEAD)
    return qs.prefetch_related(Prefetch("members", queryset=leads, to_attr="leads")) \
        .order_by("-created_at")
