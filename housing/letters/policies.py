"""Who may read which letters."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from housing.accounts import policies as account_policies
from housing.accounts.models import Role
from housing.letters.models import Letter


def letters_visible_to(user: Any) -> QuerySet[Letter]:
    """Caseworkers (officers, managers, administrators) see every letter; an applicant only
    letters addressed to them; others — medical advisers included, who see only the medical
    parts of the cases referred to them — none."""
    if account_policies.has_role(user, Role.OFFICER, Role.MANAGER, Role.ADMIN):
        return Letter.objects.all()
    if account_policies.can_use_applicant_account(user):
        return Letter.objects.filter(recipient=user)
    return Letter.objects.none()


def can_download_letter(user: Any, letter: Letter) -> bool:
    return letters_visible_to(user).filter(pk=letter.pk).exists() and bool(letter.pdf)
