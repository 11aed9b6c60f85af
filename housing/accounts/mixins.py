"""One-line adapters from policies to views. Every view names the policy it uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.mixins import AccessMixin
from django.http import HttpRequest, HttpResponseBase

from housing.accounts import policies


class PolicyRequiredMixin(AccessMixin):
    """Anonymous people are sent to sign in; signed-in people without permission get 403."""

    policy: Callable[[Any], bool]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not type(self).policy(request.user):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class StaffRequiredMixin(PolicyRequiredMixin):
    policy = staticmethod(policies.can_use_staff_surface)


class PartnerRequiredMixin(PolicyRequiredMixin):
    policy = staticmethod(policies.can_use_partner_surface)


class ApplicantRequiredMixin(PolicyRequiredMixin):
    policy = staticmethod(policies.can_use_applicant_account)
