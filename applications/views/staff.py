"""Officer pages for the register (staff only)."""

from __future__ import annotations

from typing import Any

from django.views.generic import ListView

from applications.models import Application
from applications.selectors import application_list
from housing.accounts.mixins import StaffRequiredMixin


class ApplicationListView(StaffRequiredMixin, ListView):
    """Staff only: the register, filterable by status."""

    template_name = "applications/staff/list.html"
    context_object_name = "applications"
    paginate_by = 50

    def get_queryset(self) -> Any:
        status = self.request.GET.get("status", "")
        if status not in Application.Status.values:
            status = ""
        self.status = status
        return application_list(user=self.request.user, status=status)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["status"] = self.status
        context["statuses"] = Application.Status.choices
        return context
