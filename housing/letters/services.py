"""Writes for letters: create (render the exact HTML), render the PDF once, deliver once.

A letter row is committed before any background work is queued, so a broker outage never loses a
letter: it stays ``queued`` and :func:`letters_requeue_stuck` (every five minutes on beat) or an
inline render (``LETTERS_RENDER_INLINE_WHEN_BROKER_DOWN``) picks it up.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from housing.core.exceptions import ApplicationError
from housing.letters.models import Letter, LetterTemplate
from housing.letters.pdf import render_pdf

logger = logging.getLogger(__name__)


def _base_context(*, letter_title: str, recipient_name: str, today: dt.date) -> dict[str, Any]:
    return {
        "council_name": settings.COUNCIL_NAME,
        "council_address": settings.COUNCIL_ADDRESS,
        "council_phone": settings.COUNCIL_CONTACT_PHONE,
        "council_email": settings.COUNCIL_CONTACT_EMAIL,
        "council_logo": settings.COUNCIL_LOGO,
        "service_name": settings.SERVICE_NAME,
        "letter_title": letter_title,
        "recipient_name": recipient_name,
        "today": today,
    }


@transaction.atomic
def letter_create(*, template_code: str, recipient: Any, context: dict[str, Any],
                  actor: Any, subject: models.Model | None = None,
                  channel: str = Letter.Channel.EMAIL_AND_PORTAL,
                  recipient_name: str | None = None, recipient_email: str | None = None
                  ) -> Letter:
    """Render a letter's HTML now (it is the record of what was said) and queue its PDF.

    ``context`` must be JSON-serialisable: it is stored with the letter.
    """
    template = LetterTemplate.objects.filter(code=template_code, is_active=True).first()
    if template is None:
        raise ApplicationError(f"There is no active letter template “{template_code}”.")
    name = recipient_name or (recipient.get_full_name() if recipient else "") or "Applicant"
    email = recipient_email if recipient_email is not None else (
        getattr(recipient, "email", "") or "")
    full_context = {**_base_context(letter_title=template.title, recipient_name=name,
                                    today=timezone.localdate()), **context}
    html = render_to_string(template.template_name, full_context)
    letter = Letter(
        template=template, template_version=template.version, title=template.title,
        recipient=recipient, recipient_name=name, recipient_email=email, channel=channel,
        context=context, html=html, contains_review_rights=template.contains_review_rights,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if subject is not None:
        letter.subject_type = ContentType.objects.get_for_model(subject)
        letter.subject_id = str(subject.pk)
    letter.full_clean(exclude=["pdf"])
    letter.save()
    transaction.on_commit(lambda: letter_enqueue(letter_id=letter.pk))
    return letter


def letter_enqueue(*, letter_id: int) -> None:
    """Hand the letter to a worker. If the broker is unreachable the letter stays queued (or is
    rendered here, by setting); it is never lost.

    With no broker configured (the embedded default) the work runs here and now; a failure is
    logged with its traceback and recorded on the letter, never raised into the request that
    committed it.
    """
    from kombu.exceptions import OperationalError as BrokerError

    from housing.letters.tasks import letter_process_task

    if settings.CELERY_TASK_ALWAYS_EAGER:
        _process_here(letter_id)
        return
    try:
        letter_process_task.delay(letter_id)
    except (BrokerError, ConnectionError, OSError) as exc:
        logger.warning("Letter %s not queued (%s); it will be retried", letter_id,
                       type(exc).__name__)
        if settings.LETTERS_RENDER_INLINE_WHEN_BROKER_DOWN:
            _process_here(letter_id)


def _process_here(letter_id: int) -> None:
    try:
        letter_process(letter_id=letter_id)
    except Exception as exc:
        logger.exception("Letter %s could not be rendered or sent", letter_id)
        letter_record_failure(letter_id=letter_id, error=type(exc).__name__)


@transaction.atomic
def letter_render(*, letter_id: int) -> Letter:
    """Produce the PDF once. Re-running is a no-op: the row is locked and checked."""
    letter = Letter.objects.select_for_update().get(pk=letter_id)
    if letter.pdf:
        return letter
    pdf_bytes, pages = render_pdf(letter.html)
    letter.pdf.save(f"{letter.public_id}.pdf", ContentFile(pdf_bytes), save=False)
    letter.pdf_pages = pages
    letter.status = Letter.Status.RENDERED
    letter.rendered_at = timezone.now()
    letter.attempts += 1
    letter.last_error = ""
    letter.save(update_fields=["pdf", "pdf_pages", "status", "rendered_at", "attempts",
                               "last_error", "updated_at"])
    return letter


@transaction.atomic
def letter_deliver(*, letter_id: int) -> Letter:
    """Send the letter once: by email when the channel says so (the online account always has
    it). Re-running after it was sent does nothing."""
    letter = Letter.objects.select_for_update().get(pk=letter_id)
    if letter.sent_at is not None:
        return letter
    if not letter.pdf:
        raise ApplicationError("The letter has no PDF yet.")
    if letter.channel == Letter.Channel.EMAIL_AND_PORTAL and letter.recipient_email:
        message = EmailMessage(
            subject=f"{letter.title} – {settings.COUNCIL_NAME}",
            body=(f"Dear {letter.recipient_name},\n\nWe have sent you a letter: {letter.title}."
                  f"\n\nYou can also read it in your online housing account.\n\n"
                  f"{settings.COUNCIL_NAME}"),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[letter.recipient_email],
        )
        if settings.LETTERS_EMAIL_ATTACH_PDF:
            with letter.pdf.open("rb") as fh:
                message.attach(f"{letter.title}.pdf", fh.read(), "application/pdf")
        message.send(fail_silently=False)
    letter.status = Letter.Status.SENT
    letter.sent_at = timezone.now()
    letter.save(update_fields=["status", "sent_at", "updated_at"])
    return letter


def letter_process(*, letter_id: int) -> Letter:
    """Render, then deliver. Each step is idempotent on its own."""
    letter_render(letter_id=letter_id)
    return letter_deliver(letter_id=letter_id)


def letter_record_failure(*, letter_id: int, error: str) -> None:
    Letter.objects.filter(pk=letter_id).update(last_error=error[:300],
                                              attempts=models.F("attempts") + 1)


def letters_requeue_stuck(*, older_than_minutes: int = 5, limit: int = 500) -> int:
    """Queue again letters that have waited too long (the broker was down, a worker died).
    Bounded so one sweep never floods the queue."""
    cutoff = timezone.now() - dt.timedelta(minutes=older_than_minutes)
    ids = list(Letter.objects.filter(status__in=[Letter.Status.QUEUED, Letter.Status.RENDERED],
                                     updated_at__lt=cutoff)
               .order_by("updated_at").values_list("pk", flat=True)[:limit])
    for letter_id in ids:
        letter_enqueue(letter_id=letter_id)
    return len(ids)
