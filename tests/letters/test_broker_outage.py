"""A broker outage never loses a letter: the row stays queued and the sweeper re-queues it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from housing.letters.models import Letter
from housing.letters.services import letter_create, letters_requeue_stuck

pytestmark = pytest.mark.django_db


def _make_stale(letter: Letter, minutes: int = 10) -> None:
    Letter.objects.filter(pk=letter.pk).update(
        updated_at=timezone.now() - dt.timedelta(minutes=minutes))


def test_letter_stays_queued_when_the_broker_is_unreachable(
        applicant, broker_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        letter = letter_create(template_code="welcome", recipient=applicant, context={},
                               actor=None)

    letter.refresh_from_db()
    assert letter.status == Letter.Status.QUEUED
    assert not letter.pdf
    assert letter.html
    assert mail.outbox == []


def test_sweeper_picks_up_a_letter_stuck_while_the_broker_was_down(
        applicant, settings, django_capture_on_commit_callbacks):
    from tests.letters.conftest import celery_broker

    with celery_broker(settings, "redis://127.0.0.1:1/0"), \
            django_capture_on_commit_callbacks(execute=True):
        stuck = letter_create(template_code="welcome", recipient=applicant, context={},
                              actor=None)
    with django_capture_on_commit_callbacks(execute=False):
        recent = letter_create(template_code="welcome", recipient=applicant, context={},
                               actor=None)
    _make_stale(stuck)

    # Broker back (eager in tests): the sweep re-queues only letters older than five minutes.
    assert letters_requeue_stuck() == 1

    stuck.refresh_from_db()
    recent.refresh_from_db()
    assert stuck.status == Letter.Status.SENT
    assert stuck.pdf
    assert recent.status == Letter.Status.QUEUED
    assert len(mail.outbox) == 1


def test_sweeper_leaves_sent_letters_alone(applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        letter = letter_create(template_code="welcome", recipient=applicant, context={},
                               actor=None)
    _make_stale(letter)
    assert letters_requeue_stuck() == 0
    assert len(mail.outbox) == 1


def test_sweeper_is_bounded(applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        letters = [letter_create(template_code="welcome", recipient=applicant, context={},
                                 actor=None) for _ in range(3)]
    for letter in letters:
        _make_stale(letter)
    with django_capture_on_commit_callbacks(execute=False):
        assert letters_requeue_stuck(limit=2) == 2


def test_letter_is_rendered_inline_when_the_broker_is_down_if_configured(
        applicant, broker_down, settings, django_capture_on_commit_callbacks):
    settings.LETTERS_RENDER_INLINE_WHEN_BROKER_DOWN = True
    with django_capture_on_commit_callbacks(execute=True):
        letter = letter_create(template_code="welcome", recipient=applicant, context={},
                               actor=None)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT
    assert len(mail.outbox) == 1
