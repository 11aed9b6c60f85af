"""The application lifecycle (DOMAIN.md §3.1): one service moves status, by the table only."""

from __future__ import annotations

import itertools

import pytest

from applications.models import Application
from applications.services.status import application_transition
from housing.core.exceptions import IllegalTransition
from tests.factories import ApplicationFactory

S = Application.Status
ALL = list(S.values)

# The lifecycle as DOMAIN.md §3.1 draws it, written out independently of the model's table.
EXPECTED = {
    (S.DRAFT, S.SUBMITTED),
    (S.SUBMITTED, S.AWAITING_INFORMATION), (S.SUBMITTED, S.UNDER_ASSESSMENT),
    (S.SUBMITTED, S.CLOSED),
    (S.AWAITING_INFORMATION, S.UNDER_ASSESSMENT), (S.AWAITING_INFORMATION, S.CLOSED),
    (S.UNDER_ASSESSMENT, S.NOT_ELIGIBLE), (S.UNDER_ASSESSMENT, S.NOT_QUALIFYING),
    (S.UNDER_ASSESSMENT, S.ACTIVE), (S.UNDER_ASSESSMENT, S.AWAITING_INFORMATION),
    (S.NOT_ELIGIBLE, S.UNDER_ASSESSMENT), (S.NOT_ELIGIBLE, S.ACTIVE),
    (S.NOT_QUALIFYING, S.UNDER_ASSESSMENT), (S.NOT_QUALIFYING, S.ACTIVE),
    (S.ACTIVE, S.ACTIVE_SUSPENDED), (S.ACTIVE, S.UNDER_OFFER), (S.ACTIVE, S.CLOSED),
    (S.ACTIVE_SUSPENDED, S.ACTIVE), (S.ACTIVE_SUSPENDED, S.CLOSED),
    (S.UNDER_OFFER, S.ACTIVE), (S.UNDER_OFFER, S.ACTIVE_SUSPENDED), (S.UNDER_OFFER, S.HOUSED),
    (S.HOUSED, S.CLOSED),
    (S.CLOSED, S.UNDER_ASSESSMENT), (S.CLOSED, S.ACTIVE),
}


def test_transitions_table_matches_the_documented_lifecycle():
    table = {(a, b) for a, targets in Application.TRANSITIONS.items() for b in targets}
    assert table == EXPECTED
    assert set(Application.TRANSITIONS) == set(ALL), "every status has a row"


def test_closed_and_housed_are_reached_only_through_the_lifecycle():
    assert not Application.TRANSITIONS[S.DRAFT] & {S.ACTIVE, S.HOUSED, S.CLOSED}
    assert Application.TRANSITIONS[S.HOUSED] == {S.CLOSED}


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"),
                         [p for p in itertools.product(ALL, ALL) if p[0] != p[1]])
def test_every_move_is_allowed_exactly_when_the_table_says(officer, source, target):
    application = ApplicationFactory(status=source)
    if (source, target) in EXPECTED:
        application_transition(application=application, to=target, actor=officer,
                               reason="test")
        application.refresh_from_db()
        assert application.status == target
    else:
        with pytest.raises(IllegalTransition) as refused:
            application_transition(application=application, to=target, actor=officer,
                                   reason="test")
        assert "cannot become" in refused.value.message
        application.refresh_from_db()
        assert application.status == source


@pytest.mark.django_db
def test_closing_records_when_and_why_in_the_history(officer):
    application = ApplicationFactory(status=S.ACTIVE)
    application_transition(application=application, to=S.CLOSED, actor=officer,
                           reason="Applicant asked to withdraw", closed_reason="withdrawn")
    application.refresh_from_db()
    assert application.closed_at is not None and application.closed_reason == "withdrawn"
    latest = application.history.first()
    assert latest.history_change_reason == "Applicant asked to withdraw"
