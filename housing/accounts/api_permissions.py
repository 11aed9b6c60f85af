"""DRF permission classes: one-line adapters over housing.accounts.policies."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from housing.accounts import policies


class IsStaff(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return policies.can_use_staff_surface(request.user)


class IsPartner(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return policies.can_use_partner_surface(request.user)


class IsApplicant(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return policies.can_use_applicant_account(request.user)
