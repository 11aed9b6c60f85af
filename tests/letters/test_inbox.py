"""Who may read which letters: applicants their own, staff any, everyone else nothing."""

from __future__ import annotations

import uuid

import pytest

from housing.letters.models import Letter
from housing.letters.services import letter_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_letter(applicant, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        letter = letter_create(template_code="welcome", recipient=applicant, context={},
                               actor=None)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT
    return letter


@pytest.fixture
def other_applicant(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="other-applicant", role="applicant")


def _download(client, letter, surface="account"):  # type: ignore[no-untyped-def]
    prefix = "/account/letters/" if surface == "account" else "/staff/letters/"
    return client.get(f"{prefix}{letter.public_id}/")


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)


def test_applicant_sees_own_letters_in_the_inbox(client, applicant, other_applicant,
                                                 sent_letter,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        theirs = letter_create(template_code="welcome", recipient=other_applicant, context={},
                               actor=None)
    client.force_login(applicant)
    response = client.get("/account/letters/")

    assert response.status_code == 200
    shown = list(response.context["letters"])
    assert shown == [sent_letter]
    html = response.content.decode()
    assert f"/account/letters/{sent_letter.public_id}/" in html
    assert str(theirs.public_id) not in html


def test_applicant_downloads_own_pdf(client, applicant, sent_letter):
    client.force_login(applicant)
    response = _download(client, sent_letter)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert _body(response).startswith(b"%PDF")


def test_another_applicant_gets_404_for_someone_elses_letter(client, other_applicant,
                                                             sent_letter):
    client.force_login(other_applicant)
    assert _download(client, sent_letter).status_code == 404
    assert _download(client, sent_letter, surface="staff").status_code == 404


def test_provider_user_gets_404(client, provider_user_a, sent_letter):
    client.force_login(provider_user_a)
    assert _download(client, sent_letter).status_code == 404
    assert _download(client, sent_letter, surface="staff").status_code == 404


def test_medical_adviser_gets_404_for_letters(client, adviser, sent_letter):
    # Advisers see only the medical parts of the cases referred to them, never letters.
    client.force_login(adviser)
    assert _download(client, sent_letter, surface="staff").status_code == 404


def test_unverified_applicant_cannot_download_even_their_own(client, applicant, sent_letter):
    applicant.email_verified_at = None
    applicant.save(update_fields=["email_verified_at"])
    client.force_login(applicant)
    assert _download(client, sent_letter).status_code == 404


def test_unknown_letter_is_404(client, applicant, sent_letter):
    client.force_login(applicant)
    response = client.get(f"/account/letters/{uuid.uuid4()}/")
    assert response.status_code == 404


def test_staff_can_download_any_letter(client, officer, sent_letter):
    client.force_login(officer)
    response = _download(client, sent_letter, surface="staff")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert _body(response).startswith(b"%PDF")


def test_letter_without_a_pdf_yet_is_404(client, applicant,
                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        letter = letter_create(template_code="welcome", recipient=applicant, context={},
                               actor=None)
    client.force_login(applicant)
    assert _download(client, letter).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, sent_letter):
    response = _download(client, sent_letter)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")
    response = client.get("/account/letters/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_inbox_is_for_applicants_only(client, officer, provider_user_a):
    client.force_login(officer)
    assert client.get("/account/letters/").status_code == 403
    client.force_login(provider_user_a)
    assert client.get("/account/letters/").status_code == 403


def test_inbox_query_count_does_not_grow_with_letters(client, applicant,
                                                      django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(applicant)

    def queries_for_inbox(expected: int) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/account/letters/")
        assert len(response.context["letters"]) == expected
        return len(ctx.captured_queries)

    with django_capture_on_commit_callbacks(execute=False):
        letter_create(template_code="welcome", recipient=applicant, context={}, actor=None)
    one = queries_for_inbox(1)
    with django_capture_on_commit_callbacks(execute=False):
        for _ in range(4):
            letter_create(template_code="welcome", recipient=applicant, context={}, actor=None)
    assert queries_for_inbox(5) == one
