"""The partner portal (registered provider users only; each sees only its own organisation)."""

from __future__ import annotations

from typing import Any

from django.views.generic import TemplateView

from housing.accounts.mixins import PartnerRequiredMixin
from lettings.selectors import advert_list, properties_visible_to


class PartnerHomeView(PartnerRequiredMixin, TemplateView):
    """Provider users only: their organisation's homes and adverts."""

    template_name = "partners/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["organisation"] = user.organisation  # type: ignore[union-attr]
        context["properties"] = properties_visible_to(user).order_by("reference")[:100]
        context["adverts"] = advert_list(user=user)[:50]
        return context
