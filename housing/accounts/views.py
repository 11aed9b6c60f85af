"""Sign-in, sign-out, applicant registration and staff two-factor pages.

Who may use them: sign-in, registration and email verification are public; sign-out needs a
signed-in person (POST only); the two-factor step is for staff only.
"""

from __future__ import annotations

import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views import View
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from housing.accounts import policies, services
from housing.accounts.forms import RegisterForm, SignInForm, TwoFactorForm
from housing.accounts.mixins import StaffRequiredMixin
from housing.core.exceptions import ApplicationError
from housing.core.views_helpers import add_form_errors


class SignInView(auth_views.LoginView):
    """Public. One sign-in for every role; people land on their own surface afterwards."""

    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if policies.has_role(user, "applicant") and user.email_verified_at is None:
            form.add_error(None, "Confirm your email address first: open the link we emailed "
                                 "you when you registered.")
            return self.form_invalid(form)
        return super().form_valid(form)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Signed-in people (POST, with CSRF). Ends the session."""
    if not request.user.is_authenticated:
        return redirect("accounts:sign-in")
    from django.contrib.auth import logout

    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("portal:home")


@login_required
def after_sign_in(request: HttpRequest) -> HttpResponse:
    """Signed-in people: send them to their own surface."""
    return redirect(policies.home_url_name(request.user))


class RegisterView(View):
    """Public. Applicant self-registration; the account works once the email is confirmed."""

    template_name = "accounts/register.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": RegisterForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RegisterForm(request.POST)
        if form.is_valid():
            try:
                services.applicant_register(
                    email=form.cleaned_data["email"], password=form.cleaned_data["password"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    base_url=request.build_absolute_uri("/"),
                )
            except ApplicationError as exc:
                add_form_errors(form, exc)
            else:
                return redirect("accounts:check-email")
        return render(request, self.template_name, {"form": form}, status=400)


def check_email(request: HttpRequest) -> HttpResponse:
    """Public. Tells the applicant to open the link we emailed."""
    return render(request, "accounts/check_email.html")


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """Public (the signed token is the credential). Confirms the address and signs the applicant
    in."""
    try:
        user = services.applicant_verify_email(token=token)
    except ApplicationError as exc:
        return render(request, "accounts/verify_failed.html", {"message": exc.message}, status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, "Your email address is confirmed. Welcome to your housing account.")
    return redirect("portal:account")


class TwoFactorView(StaffRequiredMixin, View):
    """Staff only. Set up an authenticator app on first use, then enter its code each sign-in."""

    template_name = "accounts/two_factor.html"

    def _context(self, request: HttpRequest, form: TwoFactorForm) -> dict[str, Any]:
        confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
        context: dict[str, Any] = {"form": form, "setting_up": not confirmed}
        if not confirmed:
            device = services.totp_device_get_or_create(user=request.user)  # type: ignore[arg-type]
            image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
            buffer = io.BytesIO()
            image.save(buffer)
            context["qr_svg"] = mark_safe(buffer.getvalue().decode())
            context["secret"] = device.config_url.split("secret=")[1].split("&")[0]
        return context

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, self._context(request, TwoFactorForm()))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TwoFactorForm(request.POST)
        if form.is_valid():
            token = form.cleaned_data["token"]
            device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
            try:
                if device is None:
                    device = services.totp_device_get_or_create(user=request.user)  # type: ignore[arg-type]
                    services.totp_device_confirm(device=device, token=token)
                elif not device.verify_token(token.strip().replace(" ", "")):
                    raise ApplicationError("The code is wrong or has expired.",
                                           {"token": ["The code is wrong or has expired"]})
            except ApplicationError as exc:
                add_form_errors(form, exc)
            else:
                otp_login(request, device)
                next_url = request.GET.get("next", "")
                if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                    next_url = "/staff/"
                return HttpResponseRedirect(next_url)
        return render(request, self.template_name, self._context(request, form), status=400)
