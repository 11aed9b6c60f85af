"""Staff two-factor sign-in: when ``STAFF_TWO_FACTOR_REQUIRED`` is on, staff who signed in with a
password only are sent to the authenticator step before any staff page, admin page or API call."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from housing.accounts.policies import can_use_staff_surface

_GUARDED_PREFIXES = ("/staff/", "/admin/", "/api/v1/")
_OPEN_PATHS = ("/staff/two-factor/", "/sign-out/")


class StaffTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.STAFF_TWO_FACTOR_REQUIRED and self._needs_second_factor(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Two-factor sign-in is required.", "errors": {}},
                                    status=403)
            return redirect(f"/staff/two-factor/?next={request.path}")
        return self.get_response(request)

    @staticmethod
    def _needs_second_factor(request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not can_use_staff_surface(user):
            return False
        if not request.path.startswith(_GUARDED_PREFIXES) or request.path.startswith(_OPEN_PATHS):
            return False
        if request.path == "/api/v1/auth/token/":
            return False
        # Token-authenticated API calls never reach here with a session user; the token endpoint
        # itself demands the code (housing/accounts/api.py).
        return not user.is_verified()
