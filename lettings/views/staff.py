"""Lettings officer pages (staff only)."""

from __future__ import annotations

from typing import Any

from django.views.generic import ListView

from housing.accounts.mixins import StaffRequiredMixin
from lettings.selectors import advert_list


class AdvertListView(StaffRequiredMixin, ListView):
    """Staff only: adverts by cycle with their bid counts."""

    template_name = "lettings/staff/adverts.html"
    context_object_name = "adverts"
    paginate_by = 50

    def get_queryset(self) -> Any:
        return advert_list(user=self.request.user)
