"""Public portal pages (anyone) and the applicant's account page (applicants only)."""

from __future__ import annotations

from typing import Any

from django.views.generic import TemplateView

from housing.accounts.mixins import ApplicantRequiredMixin, StaffRequiredMixin
from housing.core.dashboard import ACCOUNT, STAFF, cards_for


class HomeView(TemplateView):
    """Public: what the service is, how to apply, sign in or create an account."""

    template_name = "portal/home.html"


class AccessibilityView(TemplateView):
    """Public: the accessibility statement."""

    template_name = "portal/accessibility.html"


class PrivacyView(TemplateView):
    """Public: the privacy notice for the housing register."""

    template_name = "portal/privacy.html"


class AccountView(ApplicantRequiredMixin, TemplateView):
    """Applicants only: their application, letters and what to do next."""

    template_name = "portal/account.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from housing.letters.policies import letters_visible_to

        context = super().get_context_data(**kwargs)
        context["cards"] = cards_for(ACCOUNT, self.request.user)
        context["recent_letters"] = letters_visible_to(self.request.user)[:3]
        return context


class StaffHomeView(StaffRequiredMixin, TemplateView):
    """Staff only: work queues and counts across the register and lettings."""

    template_name = "staff/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cards"] = cards_for(STAFF, self.request.user)
        return context
