"""A letter is rendered to HTML at once, then to one PDF and delivered once (DOMAIN.md §6)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from pypdf import PdfReader

from housing.celery import app as celery_app
from housing.core.exceptions import ApplicationError
from housing.letters.models import Letter, LetterTemplate
from housing.letters.services import letter_create, letter_deliver, letter_process, letter_render

pytestmark = pytest.mark.django_db


def _pdf_files(media_root: Path) -> list[Path]:
    return sorted(p for p in Path(media_root).rglob("*.pdf") if p.is_file())


def _pdf_bytes(letter: Letter) -> bytes:
    with letter.pdf.open("rb") as fh:
        return fh.read()


def test_tests_run_celery_eagerly_without_a_broker():
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert celery_app.conf.task_always_eager is True


def test_welcome_letter_is_queued_then_rendered_once_and_sent_once(
        applicant, media_root, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        letter = letter_create(template_code="welcome", recipient=applicant, context={},
                               actor=None)
        # The row is written before any background work.
        assert letter.status == Letter.Status.QUEUED
        assert not letter.pdf

    assert applicant.get_full_name() in letter.html
    assert "<html" in letter.html
    assert letter.recipient_name == applicant.get_full_name()
    assert letter.recipient_email == applicant.email
    assert letter.template_version == LetterTemplate.objects.get(code="welcome").version

    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT
    assert letter.sent_at is not None
    assert letter.rendered_at is not None
    pdf = _pdf_bytes(letter)
    assert pdf.startswith(b"%PDF")
    assert letter.pdf_pages == 1
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert len(_pdf_files(media_root)) == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [applicant.email]
    attachments = [a for a in message.attachments if a[2] == "application/pdf"]
    assert len(attachments) == 1
    assert attachments[0][1].startswith(b"%PDF")


def test_processing_a_sent_letter_again_changes_nothing(
        applicant, media_root, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        letter = letter_create(template_code="welcome", recipient=applicant, context={},
                               actor=None)
    letter.refresh_from_db()
    name, sent_at = letter.pdf.name, letter.sent_at

    letter_process(letter_id=letter.pk)
    letter_render(letter_id=letter.pk)
    letter_deliver(letter_id=letter.pk)

    letter.refresh_from_db()
    assert letter.pdf.name == name
    assert letter.sent_at == sent_at
    assert letter.status == Letter.Status.SENT
    assert len(_pdf_files(media_root)) == 1
    assert len(mail.outbox) == 1


def test_each_step_is_idempotent_on_its_own(applicant, media_root,
                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        letter = letter_create(template_code="welcome", recipient=applicant, context={},
                               actor=None)

    with pytest.raises(ApplicationError):
        letter_deliver(letter_id=letter.pk)  # nothing to send before the PDF exists
    assert mail.outbox == []

    first = letter_render(letter_id=letter.pk)
    second = letter_render(letter_id=letter.pk)
    assert first.status == Letter.Status.RENDERED
    assert second.pdf.name == first.pdf.name
    assert second.attempts == 1
    assert len(_pdf_files(media_root)) == 1

    letter_deliver(letter_id=letter.pk)
    letter_deliver(letter_id=letter.pk)
    assert len(mail.outbox) == 1
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.SENT


def test_portal_only_letter_is_not_emailed(applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        letter = letter_create(template_code="welcome", recipient=applicant, context={},
                               actor=None, channel=Letter.Channel.PORTAL)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT
    assert letter.pdf
    assert mail.outbox == []


def test_unknown_or_inactive_template_is_refused(applicant):
    with pytest.raises(ApplicationError):
        letter_create(template_code="no-such-letter", recipient=applicant, context={},
                      actor=None)
    LetterTemplate.objects.filter(code="welcome").update(is_active=False)
    with pytest.raises(ApplicationError):
        letter_create(template_code="welcome", recipient=applicant, context={}, actor=None)
    assert not Letter.objects.exists()


def test_letter_records_its_subject(applicant, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        letter = letter_create(template_code="welcome", recipient=applicant, subject=applicant,
                               context={"reference": "HR-000123"}, actor=officer)
    assert letter.subject == applicant
    assert letter.created_by == officer
    assert letter.context == {"reference": "HR-000123"}
    assert "HR-000123" in letter.html


def test_database_refuses_a_sent_letter_without_a_pdf(applicant,
                                                      django_capture_on_commit_callbacks):
    from django.db import IntegrityError, transaction

    with django_capture_on_commit_callbacks(execute=False):
        letter = letter_create(template_code="welcome", recipient=applicant, context={},
                               actor=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.SENT)
