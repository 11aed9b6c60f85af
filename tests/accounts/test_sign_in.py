"""One sign-in page for every role; each lands on their own surface; lockout after failures."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = "/sign-in/"


def _sign_in(client, username, password=PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(SIGN_IN, {"username": username, "password": password})


def test_sign_in_page_is_public(client):
    assert client.get(SIGN_IN).status_code == 200


@pytest.mark.parametrize(("fixture", "username", "home"), [
    ("officer", "officer", "/staff/"),
    ("manager", "manager", "/staff/"),
    ("adviser", "adviser", "/staff/"),
    ("admin_user", "admin", "/staff/"),
    ("provider_user_a", "provider-a", "/partners/"),
    ("applicant", "applicant", "/account/"),
])
def test_sign_in_lands_each_role_on_its_own_surface(client, request, fixture, username, home):
    user = request.getfixturevalue(fixture)
    response = _sign_in(client, username)
    assert response.status_code == 302
    assert response["Location"] == "/signed-in/"
    assert client.session[SESSION_KEY] == str(user.pk)

    landing = client.get("/signed-in/")
    assert landing.status_code == 302
    assert landing["Location"] == home
    assert client.get(home).status_code == 200


def test_sign_in_honours_a_safe_next_url(client, officer):
    response = client.post(f"{SIGN_IN}?next=/staff/applications/",
                           {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/staff/applications/"


def test_sign_in_ignores_an_offsite_next_url(client, officer):
    response = client.post(f"{SIGN_IN}?next=https://evil.example.com/",
                           {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302
    assert "evil.example.com" not in response["Location"]


def test_wrong_password_is_refused_with_a_message(client, officer):
    response = _sign_in(client, "officer", "not-the-password")
    assert response.status_code == 200
    assert "Enter a correct email address or username and password" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_inactive_user_cannot_sign_in(client, officer):
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    response = _sign_in(client, "officer")
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_account_is_locked_after_five_wrong_passwords(client, officer):
    for _ in range(4):
        assert _sign_in(client, "officer", "not-the-password").status_code == 200
    fifth = _sign_in(client, "officer", "not-the-password")
    assert fifth.status_code == 429

    response = _sign_in(client, "officer")
    assert response.status_code == 429
    assert "Your account is locked for now" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_four_wrong_passwords_do_not_lock_the_account(client, officer):
    for _ in range(4):
        _sign_in(client, "officer", "not-the-password")
    response = _sign_in(client, "officer")
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(officer.pk)


def test_lockout_is_per_username(client, officer, manager):
    for _ in range(5):
        _sign_in(client, "officer", "not-the-password")
    response = _sign_in(client, "manager")
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(manager.pk)


def test_sign_out_needs_post_and_ends_the_session(client, officer):
    client.force_login(officer)
    assert client.get("/sign-out/").status_code == 405
    assert SESSION_KEY in client.session

    response = client.post("/sign-out/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert SESSION_KEY not in client.session


def test_signed_in_person_visiting_sign_in_is_sent_on(client, applicant):
    client.force_login(applicant)
    response = client.get(SIGN_IN)
    assert response.status_code == 302
