"""The partner portal (registered provider users only; each sees only its own organisation).

The home page: the organisation's numbers (vacancies open, nominations to decide and overdue,
challenges to answer, nominees accepted and offered), the nominations waiting for a decision
with the working days left, its adverts and its homes. Everything is read through
``nominations.selectors`` / ``lettings.selectors``, scoped to the user's organisation.
"""

from __future__ import annotations

from typing import Any

from django.views.generic import TemplateView

from housing.accounts.mixins import PartnerRequiredMixin
from lettings.selectors import advert_list, properties_visible_to
from nominations import selectors

HOME_WAITING_ROWS = 10


class PartnerHomeView(PartnerRequiredMixin, TemplateView):
    """Provider users only: their organisation's nominations, vacancies, homes and adverts."""

    template_name = "partners/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["organisation"] = user.organisation  # type: ignore[union-attr]
        context["counts"] = selectors.partner_counts(user=user)
        context["waiting"] = [row for row in selectors.partner_nomination_rows(
            user=user, limit=HOME_WAITING_ROWS) if row.nomination.status
            in selectors.PARTNER_WAITING]
        context["properties"] = properties_visible_to(user).order_by("reference")[:100]
        context["adverts"] = advert_list(user=user)[:50]
        return context
