"""Staff two-factor sign-in (TOTP) when STAFF_TWO_FACTOR_REQUIRED is on."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

TWO_FACTOR = "/staff/two-factor/"


@pytest.fixture(autouse=True)
def _two_factor_on(settings):  # type: ignore[no-untyped-def]
    settings.STAFF_TWO_FACTOR_REQUIRED = True


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):0{device.digits}d}"


def _wrong(device: TOTPDevice) -> str:
    return f"{(int(_code(device)) + 1) % 10 ** device.digits:0{device.digits}d}"


def _sign_in(client, username):  # type: ignore[no-untyped-def]
    response = client.post("/sign-in/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_password_only_officer_is_sent_to_the_two_factor_step(client, officer):
    _sign_in(client, "officer")
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == f"{TWO_FACTOR}?next=/staff/"
    # Every staff page and the admin are guarded, not just the home page.
    assert client.get("/staff/applications/")["Location"].startswith(TWO_FACTOR)
    assert client.get("/admin/")["Location"].startswith(TWO_FACTOR)


def test_valid_code_from_a_confirmed_device_lets_the_officer_in(client, officer):
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    _sign_in(client, "officer")

    response = client.post(f"{TWO_FACTOR}?next=/staff/applications/", {"token": _code(device)})
    assert response.status_code == 302
    assert response["Location"] == "/staff/applications/"
    assert client.get("/staff/").status_code == 200


def test_wrong_code_is_refused_and_the_officer_stays_outside(client, officer):
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    _sign_in(client, "officer")

    response = client.post(TWO_FACTOR, {"token": _wrong(device)})
    assert response.status_code == 400
    assert client.get("/staff/")["Location"].startswith(TWO_FACTOR)


def test_offsite_next_is_ignored_after_the_code(client, officer):
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    _sign_in(client, "officer")
    response = client.post(f"{TWO_FACTOR}?next=https://evil.example.com/",
                           {"token": _code(device)})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"


def test_first_visit_sets_up_an_authenticator_and_the_first_code_confirms_it(client, officer):
    _sign_in(client, "officer")
    page = client.get(TWO_FACTOR)
    assert page.status_code == 200
    assert page.context["setting_up"] is True
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=officer)
    assert not device.confirmed
    assert page.context["secret"]

    # Reloading the page does not create a second device.
    client.get(TWO_FACTOR)
    assert TOTPDevice.objects.filter(user=officer).count() == 1

    response = client.post(TWO_FACTOR, {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/staff/").status_code == 200


def test_setting_up_with_a_wrong_code_leaves_the_device_unconfirmed(client, officer):
    _sign_in(client, "officer")
    client.get(TWO_FACTOR)
    device = TOTPDevice.objects.get(user=officer)
    assert client.post(TWO_FACTOR, {"token": _wrong(device)}).status_code == 400
    device.refresh_from_db()
    assert not device.confirmed


def test_applicants_are_never_asked_for_a_code(client, applicant):
    _sign_in(client, "applicant")
    assert client.get("/signed-in/")["Location"] == "/account/"
    assert client.get("/account/").status_code == 200
    assert client.get(TWO_FACTOR).status_code == 403


def test_provider_users_are_never_asked_for_a_code(client, provider_user_a):
    _sign_in(client, "provider-a")
    assert client.get("/partners/").status_code == 200


def test_sign_out_is_allowed_before_the_second_step(client, officer):
    _sign_in(client, "officer")
    response = client.post("/sign-out/")
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_two_factor_off_lets_password_only_staff_in(client, officer, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    _sign_in(client, "officer")
    assert client.get("/staff/").status_code == 200
