"""Letter pages: the applicant's inbox and PDF downloads (applicant: own letters; staff: any)."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest, HttpResponseBase
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from housing.accounts import policies as account_policies
from housing.accounts.mixins import ApplicantRequiredMixin
from housing.core.views_helpers import private_pdf
from housing.letters.models import Letter
from housing.letters.policies import can_download_letter, letters_visible_to


class InboxView(ApplicantRequiredMixin, TemplateView):
    """Applicants only: every letter sent to them, newest first."""

    template_name = "letters/inbox.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["letters"] = letters_visible_to(self.request.user).only(
            "public_id", "title", "status", "created_at", "sent_at", "pdf", "pdf_pages")
        return context


@require_GET
def download(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    """Signed-in applicants (their own letters) and staff (any letter). Anyone else: 404, so the
    existence of someone else's letter is not revealed."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not (account_policies.can_use_staff_surface(request.user)
            or account_policies.can_use_applicant_account(request.user)):
        raise Http404
    letter = Letter.objects.filter(public_id=public_id).first()
    if letter is None or not can_download_letter(request.user, letter):
        raise Http404
    return private_pdf(letter.pdf, f"{letter.title}.pdf")
