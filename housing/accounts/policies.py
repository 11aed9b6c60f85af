"""Who may use which surface. Each domain app's policies build on these.

Surfaces: the public portal (applicants), staff pages (officers, managers, medical advisers,
administrators) and the partner portal (registered provider users).
"""

from __future__ import annotations

from typing import Any

from housing.accounts.models import STAFF_ROLES, Role


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_use_staff_surface(user: Any) -> bool:
    """Officers, managers, medical advisers and administrators."""
    return _active(user) and user.role in STAFF_ROLES


def can_use_partner_surface(user: Any) -> bool:
    """Users of a registered provider, and only while the provider is active."""
    return (_active(user) and user.role == Role.PROVIDER and user.organisation_id is not None
            and user.organisation.is_active)


def can_use_applicant_account(user: Any) -> bool:
    """Applicants whose email address has been verified."""
    return _active(user) and user.role == Role.APPLICANT and user.email_verified_at is not None


def has_role(user: Any, *roles: str) -> bool:
    return _active(user) and user.role in roles


def home_url_name(user: Any) -> str:
    """Where a person lands after signing in."""
    if can_use_staff_surface(user):
        return "staff:home"
    if user.role == Role.PROVIDER:
        return "partners:home"
    return "portal:account"
