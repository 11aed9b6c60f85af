"""Applicant self-registration and email verification."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from housing.accounts.models import User
from housing.letters.models import Letter
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

EMAIL = "sam.new@example.org"
NEW_PASSWORD = "correct-horse-battery"
CHECK_EMAIL_URL = "/register/check-your-email/"


def _register(client, django_capture_on_commit_callbacks, email=EMAIL,  # type: ignore[no-untyped-def]
              password=NEW_PASSWORD):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/register/", {"first_name": "Sam", "last_name": "Newton",
                                           "email": email, "password": password})


def _verify_link() -> str:
    assert len(mail.outbox) == 1
    match = re.search(r"https?://testserver(/register/verify/[^/\s]+/)", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    return match.group(1)


def test_registration_creates_an_unverified_applicant_and_emails_a_link(
        client, django_capture_on_commit_callbacks):
    response = _register(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == CHECK_EMAIL_URL
    user = User.objects.get(email=EMAIL)
    assert user.role == "applicant"
    assert user.email_verified_at is None
    assert user.check_password(NEW_PASSWORD)
    assert mail.outbox[0].to == [EMAIL]
    assert _verify_link().startswith("/register/verify/")
    assert "_auth_user_id" not in client.session


def test_registration_normalises_the_email_address(client, django_capture_on_commit_callbacks):
    _register(client, django_capture_on_commit_callbacks, email="  Sam.New@Example.ORG ")
    assert User.objects.filter(email=EMAIL, username=EMAIL).exists()


def test_check_email_page_is_public(client):
    assert client.get(CHECK_EMAIL_URL).status_code == 200


def test_registration_page_is_public(client):
    assert client.get("/register/").status_code == 200


def test_weak_password_is_refused_and_nothing_is_created(client,
                                                         django_capture_on_commit_callbacks):
    response = _register(client, django_capture_on_commit_callbacks, password="short")
    assert response.status_code == 400
    assert not User.objects.filter(email=EMAIL).exists()
    assert mail.outbox == []


def test_missing_fields_are_refused(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/register/", {"email": EMAIL})
    assert response.status_code == 400
    assert not User.objects.filter(email=EMAIL).exists()
    assert mail.outbox == []


def test_sign_in_before_verifying_is_refused_with_a_message(client,
                                                            django_capture_on_commit_callbacks):
    _register(client, django_capture_on_commit_callbacks)
    response = client.post("/sign-in/", {"username": EMAIL, "password": NEW_PASSWORD})
    assert response.status_code == 200
    assert "Confirm your email address first" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_following_the_link_verifies_signs_in_and_sends_one_welcome_letter(
        client, django_capture_on_commit_callbacks):
    _register(client, django_capture_on_commit_callbacks)
    link = _verify_link()
    user = User.objects.get(email=EMAIL)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(link)

    assert response.status_code == 302
    assert response["Location"] == "/account/"
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert client.session["_auth_user_id"] == str(user.pk)
    letters = Letter.objects.filter(recipient=user, template__code="welcome")
    assert letters.count() == 1
    assert letters.get().status == Letter.Status.SENT
    assert client.get("/account/").status_code == 200


def test_following_the_link_twice_still_sends_one_welcome_letter(
        client, django_capture_on_commit_callbacks):
    _register(client, django_capture_on_commit_callbacks)
    link = _verify_link()
    user = User.objects.get(email=EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(link)
    verified_at = User.objects.get(pk=user.pk).email_verified_at

    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(link)

    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert Letter.objects.filter(recipient=user, template__code="welcome").count() == 1
    assert User.objects.get(pk=user.pk).email_verified_at == verified_at


def test_after_verifying_the_applicant_can_sign_in(client, django_capture_on_commit_callbacks):
    _register(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(_verify_link())
    client.logout()

    response = client.post("/sign-in/", {"username": EMAIL, "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("mangle", [
    lambda link: link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:],
    lambda link: "/register/verify/not-a-token/",
])
def test_tampered_link_is_refused(client, django_capture_on_commit_callbacks, mangle):
    _register(client, django_capture_on_commit_callbacks)
    response = client.get(mangle(_verify_link()))

    assert response.status_code == 400
    assert User.objects.get(email=EMAIL).email_verified_at is None
    assert "_auth_user_id" not in client.session
    assert not Letter.objects.exists()


def test_registering_an_existing_email_creates_nobody_and_tells_the_owner(
        client, applicant, django_capture_on_commit_callbacks):
    users_before = User.objects.count()
    response = _register(client, django_capture_on_commit_callbacks,
                         email=applicant.email.upper())

    # The same response as a new registration: the form cannot reveal who has an account.
    assert response.status_code == 302
    assert response["Location"] == CHECK_EMAIL_URL
    assert User.objects.count() == users_before
    assert applicant.check_password(PASSWORD)
    User.objects.get(pk=applicant.pk).check_password(PASSWORD)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [applicant.email]
    assert "already have an account" in message.subject.lower()
    assert "/register/verify/" not in message.body
    assert "/sign-in/" in message.body


def test_registering_an_existing_username_as_email_creates_nobody(
        client, django_capture_on_commit_callbacks):
    from tests.factories import UserFactory

    UserFactory(username=EMAIL, email="other@example.org")
    users_before = User.objects.count()
    response = _register(client, django_capture_on_commit_callbacks)
    assert response["Location"] == CHECK_EMAIL_URL
    assert User.objects.count() == users_before
