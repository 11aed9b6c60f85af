"""Writes for accounts: applicant self-registration and email verification, two-factor devices."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from housing.accounts.models import Role, User
from housing.core.exceptions import ApplicationError

_VERIFY_SALT = "homeward.accounts.verify-email"
VERIFY_MAX_AGE_SECONDS = 3 * 24 * 60 * 60


def _normalise_email(email: str) -> str:
    return email.strip().lower()


@transaction.atomic
def applicant_register(*, email: str, password: str, first_name: str, last_name: str,
                       base_url: str) -> User | None:
    """Create an applicant account and email a link to verify the address.

    The account cannot be used until the link is followed. If the address already has an account
    we email its owner instead and return ``None``: the page says the same either way, so the form
    cannot be used to find out who has an account.
    """
    email = _normalise_email(email)
    existing = User.objects.filter(email__iexact=email).first() \
        or User.objects.filter(username__iexact=email).first()
    if existing is not None:
        sign_in = base_url.rstrip("/") + reverse("accounts:sign-in")
        transaction.on_commit(lambda: send_mail(
            subject=f"You already have an account – {settings.COUNCIL_NAME}",
            message=(f"Someone tried to register with this email address, which already has an "
                     f"account. Sign in here: {sign_in}\n\nIf it was not you, ignore this "
                     f"email.\n\n{settings.COUNCIL_NAME}"),
            from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[email]))
        return None
    user = User(username=email, email=email, first_name=first_name.strip(),
                last_name=last_name.strip(), role=Role.APPLICANT)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError("Choose a different password.",
                               {"password": list(exc.messages)}) from exc
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    token = signing.dumps({"u": user.pk, "e": email}, salt=_VERIFY_SALT)
    link = base_url.rstrip("/") + reverse("accounts:verify-email", args=[token])
    transaction.on_commit(lambda: send_mail(
        subject=f"Confirm your email address – {settings.COUNCIL_NAME}",
        message=(
            f"Hello {user.first_name},\n\nTo finish creating your housing account, open this "
            f"link within 3 days:\n\n{link}\n\nIf you did not ask for an account, ignore this "
            f"email.\n\n{settings.COUNCIL_NAME}"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    ))
    return user


def _welcome(user: User) -> None:
    from housing.letters.services import letter_create

    letter_create(template_code="welcome", recipient=user, subject=user, context={},
                  actor=None)


@transaction.atomic
def applicant_verify_email(*, token: str) -> User:
    """Mark the applicant's email address verified and send the welcome letter (once)."""
    try:
        data: dict[str, Any] = signing.loads(token, salt=_VERIFY_SALT,
                                             max_age=VERIFY_MAX_AGE_SECONDS)
    except signing.SignatureExpired as exc:
        raise ApplicationError("This link has expired. Register again to get a new link.") from exc
    except signing.BadSignature as exc:
        raise ApplicationError("This link is not valid. Check you copied all of it.") from exc
    user = User.objects.select_for_update().filter(pk=data.get("u") or 0,
                                                   email=data.get("e") or "").first()
    if user is None:
        raise ApplicationError("This link is not valid. Check you copied all of it.")
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user._change_reason = "Email address verified"  # type: ignore[attr-defined]
        user.save(update_fields=["email_verified_at"])
        _welcome(user)
    return user


@transaction.atomic
def totp_device_get_or_create(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator device, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> None:
    """Confirm a new authenticator device with the first code it shows."""
    if not device.verify_token(token.strip().replace(" ", "")):
        raise ApplicationError("The code is wrong or has expired.",
                               {"token": ["Enter the 6-digit code shown in your app"]})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
