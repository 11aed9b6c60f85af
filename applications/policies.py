"""Who may see and do what on the register (STYLE: one policy answers both questions)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from applications.models import Application, CaseNote
from housing.accounts import policies as account_policies
from housing.accounts.models import Role


def is_caseworker(user: Any) -> bool:
    """Officers, managers and administrators work cases; medical advisers see only referrals."""
    return account_policies.has_role(user, Role.OFFICER, Role.MANAGER, Role.ADMIN)


def applications_visible_to(user: Any) -> QuerySet[Application]:
    """Caseworkers see the register (restricted cases only if in the restricted group); an
    applicant only their own applications; anyone else nothing."""
    if is_caseworker(user):
        qs = Application.objects.all()
        if not user.in_restricted_group:
            qs = qs.filter(restricted_access=False)
        return qs
    if account_policies.can_use_applicant_account(user):
        return Application.objects.filter(applicant_user=user)
    return Application.objects.none()


def can_work_case(user: Any, application: Application) -> bool:
    """Caseworkers on cases they may see: assess, verify, decide, add notes."""
    return is_caseworker(user) and (not application.restricted_access
                                     or user.in_restricted_group)


def can_edit_draft(user: Any, application: Application) -> bool:
    """The applicant who owns a draft, or a caseworker filling it in on their behalf."""
    if application.status != Application.Status.DRAFT:
        return False
    owner = (application.applicant_user_id == getattr(user, "pk", None)
             and account_policies.can_use_applicant_account(user))
    return owner or can_work_case(user, application)


def can_view_as_applicant(user: Any, application: Application) -> bool:
    return account_policies.can_use_applicant_account(user) \
        and application.applicant_user_id == user.pk


def notes_visible_to(user: Any) -> QuerySet[CaseNote]:
    """Case notes: caseworkers see ordinary notes; restricted notes (domestic abuse, MAPPA,
    safeguarding) only the restricted group. Applicants and partners see none here."""
    if not is_caseworker(user):
        return CaseNote.objects.none()
    qs = CaseNote.objects.all()
    if not user.in_restricted_group:
        qs = qs.filter(restricted=False)
    return qs
