"""API sign-in: POST /api/v1/auth/token/ and GET /api/v1/me/."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from tests.core.test_api_errors import assert_error_shape
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
ME_URL = "/api/v1/me/"


def _token(client, username, password=PASSWORD, **extra):  # type: ignore[no-untyped-def]
    return client.post(TOKEN_URL, {"username": username, "password": password, **extra},
                       content_type="application/json")


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):0{device.digits}d}"


def test_token_from_username_and_password_works_on_me(client, officer):
    response = _token(client, "officer")
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=officer).key == token

    me = client.get(ME_URL, HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code == 200
    body = me.json()
    assert body["username"] == "officer"
    assert body["role"] == "officer"
    assert body["organisation"] == "BBC"


def test_me_for_provider_user_names_their_organisation(client, provider_user_a):
    token = _token(client, "provider-a").json()["token"]
    body = client.get(ME_URL, HTTP_AUTHORIZATION=f"Token {token}").json()
    assert body["role"] == "provider"
    assert body["organisation"] == "RVH"


def test_me_for_applicant_has_no_organisation(client, applicant):
    token = _token(client, "applicant").json()["token"]
    body = client.get(ME_URL, HTTP_AUTHORIZATION=f"Token {token}").json()
    assert body["role"] == "applicant"
    assert body["organisation"] is None


def test_asking_twice_returns_the_same_token(client, officer):
    assert _token(client, "officer").json() == _token(client, "officer").json()


def test_wrong_password_is_400_in_the_error_shape(client, officer):
    response = _token(client, "officer", password="wrong-password-123")
    assert response.status_code == 400
    body = response.json()
    assert_error_shape(body)
    assert body["errors"]
    assert not Token.objects.filter(user=officer).exists()


def test_unknown_user_is_400_in_the_error_shape(client, db):
    response = _token(client, "nobody")
    assert response.status_code == 400
    assert_error_shape(response.json())


def test_unverified_applicant_gets_no_token(client, db):
    user = UserFactory(username="new@example.org", email_verified_at=None)
    response = _token(client, "new@example.org")
    assert response.status_code == 400
    assert_error_shape(response.json())
    assert not Token.objects.filter(user=user).exists()


def test_inactive_user_gets_no_token(client, db):
    UserFactory(username="gone", is_active=False)
    response = _token(client, "gone")
    assert response.status_code == 400
    assert_error_shape(response.json())


def test_api_is_locked_after_repeated_failures(client, officer):
    for _ in range(5):
        _token(client, "officer", password="wrong-password-123")
    response = _token(client, "officer")
    assert response.status_code in (403, 429)
    assert "token" not in response.content.decode()
    assert not Token.objects.filter(user=officer).exists()


class TestStaffTwoFactor:
    @pytest.fixture(autouse=True)
    def _two_factor_on(self, settings):  # type: ignore[no-untyped-def]
        settings.STAFF_TWO_FACTOR_REQUIRED = True

    def test_staff_token_without_otp_is_refused_with_an_otp_error(self, client, officer):
        TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
        response = _token(client, "officer")
        assert response.status_code == 400
        body = response.json()
        assert_error_shape(body)
        assert "otp" in body["errors"]
        assert not Token.objects.filter(user=officer).exists()

    def test_staff_token_with_wrong_otp_is_refused(self, client, officer):
        device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
        wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
        response = _token(client, "officer", otp=wrong)
        assert response.status_code == 400
        assert "otp" in response.json()["errors"]

    def test_staff_without_a_confirmed_device_cannot_get_a_token(self, client, officer):
        device = TOTPDevice.objects.create(user=officer, name="app", confirmed=False)
        response = _token(client, "officer", otp=_code(device))
        assert response.status_code == 400
        assert "otp" in response.json()["errors"]

    def test_staff_token_with_valid_otp_is_issued_and_works(self, client, officer):
        device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
        response = _token(client, "officer", otp=_code(device))
        assert response.status_code == 200
        token = response.json()["token"]
        me = client.get(ME_URL, HTTP_AUTHORIZATION=f"Token {token}")
        assert me.status_code == 200
        assert me.json()["role"] == "officer"

    def test_applicants_and_providers_need_no_otp(self, client, applicant, provider_user_a):
        assert _token(client, "applicant").status_code == 200
        assert _token(client, "provider-a").status_code == 200

    def test_password_only_staff_session_cannot_use_the_api(self, client, officer):
        client.force_login(officer)
        response = client.get(ME_URL)
        assert response.status_code == 403
        assert_error_shape(response.json())
