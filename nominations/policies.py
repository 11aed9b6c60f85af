"""Who may see and do what in nominations (DOMAIN.md §3.14, §5.4, §7.5).

- Lettings staff (officers, managers, administrators) work every vacancy and nomination.
- Managers and administrators edit nomination agreements.
- A registered provider's users see only their own organisation's vacancies and the
  nominations sent for them (and about a nominee only the agreed minimum: see the partner
  views).
- Nobody else (applicants, medical advisers, other providers) sees any of it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from housing.accounts import policies as account_policies
from housing.accounts.models import Role
from lettings.policies import is_lettings_staff
from nominations.models import Nomination, NominationAgreement, NominationRequest


def provider_org(user: Any) -> int | None:
    """The registered provider a partner user works for, or None for anyone else."""
    if account_policies.can_use_partner_surface(user) and user.organisation_id:
        return int(user.organisation_id)
    return None


def is_nominations_staff(user: Any) -> bool:
    """The council's lettings staff work nominations."""
    return is_lettings_staff(user)


def can_edit_agreements(user: Any) -> bool:
    """Managers and administrators set agreements' shares, SLAs and rejection reasons."""
    return account_policies.has_role(user, Role.MANAGER, Role.ADMIN)


def can_see_monitoring(user: Any) -> bool:
    """Managers and lettings staff see the monitoring of agreements."""
    return is_nominations_staff(user)


def agreements_visible_to(user: Any) -> QuerySet[NominationAgreement]:
    if is_nominations_staff(user):
        return NominationAgreement.objects.all()
    org = provider_org(user)
    if org is not None:
        return NominationAgreement.objects.filter(provider_id=org)
    return NominationAgreement.objects.none()


def requests_visible_to(user: Any) -> QuerySet[NominationRequest]:
    """Staff see every vacancy; a provider user their organisation's; everyone else none."""
    if is_nominations_staff(user):
        return NominationRequest.objects.all()
    org = provider_org(user)
    if org is not None:
        return NominationRequest.objects.filter(provider_id=org)
    return NominationRequest.objects.none()


def nominations_visible_to(user: Any) -> QuerySet[Nomination]:
    """Staff see every nomination; a provider user those sent to their organisation."""
    if is_nominations_staff(user):
        return Nomination.objects.all()
    org = provider_org(user)
    if org is not None:
        return Nomination.objects.filter(request__provider_id=org)
    return Nomination.objects.none()
