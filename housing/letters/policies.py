"""Who may read which letters."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from housing.accounts import policies as account_policies
from housing.letters.models import Letter


def letters_visible_to(user: Any) -> QuerySet[Letter]:
    """Staff see every letter; an applicant only letters addressed to them; others none."""
    if account_policies.can_use_staff_surface(user):
        return Letter.objects.all()
    if account_policies.can_use_applicant_account(user):
        return Letter.objects.filter(recipient=user)
    return Letter.objects.none()


def can_download_letter(user: Any, letter: Letter) -> bool:
    return letters_visible_to(user).filter(pk=letter.pk).exists() and bool(letter.pdf)
