"""DRF permission classes for the lettings API: one-line adapters over ``lettings.policies``."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from housing.accounts import policies as account_policies
from lettings import policies


class CanManageStock(BasePermission):
    """Lettings staff (all homes) and registered provider users (their own organisation's)."""

    message = "Only lettings staff and registered provider users can manage homes and voids."

    def has_permission(self, request: Any, view: Any) -> bool:
        return policies.is_lettings_staff(request.user) or account_policies.can_use_partner_surface(
            request.user)


class CanBid(BasePermission):
    """Applicants (for their own household) and lettings staff (on an applicant's behalf)."""

    message = "Only applicants and lettings staff can use bids."

    def has_permission(self, request: Any, view: Any) -> bool:
        return account_policies.can_use_applicant_account(request.user) or \
            policies.is_lettings_staff(request.user)


class IsLettingsStaff(BasePermission):
    message = "Only lettings staff can see bidding cycles."

    def has_permission(self, request: Any, view: Any) -> bool:
        return policies.is_lettings_staff(request.user)
