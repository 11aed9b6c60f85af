"""Duplicate detection: the same person on another live application is flagged with what
matched (DOMAIN.md §3.1: one live application per person)."""

from __future__ import annotations

import datetime as dt

import pytest

from applications.models import HouseholdMember
from applications.selectors import find_duplicates
from tests.factories import ApplicationFactory


def _person(application, **kwargs):  # type: ignore[no-untyped-def]
    defaults = {"role": "other_adult", "first_name": "Jo", "last_name": "Bloggs",
                "date_of_birth": dt.date(1980, 5, 17)}
    return HouseholdMember.objects.create(application=application, **{**defaults, **kwargs})


@pytest.mark.django_db
def test_same_name_and_date_of_birth_on_another_live_application_is_flagged():
    mine, theirs = ApplicationFactory(status="submitted"), ApplicationFactory(status="active")
    _person(mine, first_name="JO", last_name="bloggs")
    _person(theirs)
    [match] = find_duplicates(application=mine)
    assert match.reference == theirs.reference
    assert match.matched_on == "name and date of birth"


@pytest.mark.django_db
def test_ni_number_or_email_match_alone_is_enough():
    mine, a, b = (ApplicationFactory(status="submitted") for _ in range(3))
    _person(mine, ni_number="QQ123456C", email="jo@example.org", first_name="Joanne")
    _person(a, ni_number="QQ123456C", first_name="Someone", last_name="Else")
    _person(b, email="JO@example.org", first_name="Another", last_name="Person")
    matches = {m.reference: m.matched_on for m in find_duplicates(application=mine)}
    assert matches == {a.reference: "National Insurance number",
                       b.reference: "email address"}


@pytest.mark.django_db
def test_closed_applications_and_different_people_are_not_duplicates():
    mine = ApplicationFactory(status="submitted")
    _person(mine)
    _person(ApplicationFactory(status="closed"))
    _person(ApplicationFactory(status="active"), date_of_birth=dt.date(1980, 5, 18))
    assert find_duplicates(application=mine) == []


@pytest.mark.django_db
def test_submission_stores_the_possible_duplicates(officer, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from applications.models import Application, Circumstances
    from applications.sections import SECTION_KEYS
    from applications.services.submission import application_submit

    theirs = ApplicationFactory(status="active")
    _person(theirs)
    mine = ApplicationFactory(status="draft")
    _person(mine)
    Circumstances.objects.create(application=mine, declaration_accepted_at=timezone.now())
    Application.objects.filter(pk=mine.pk).update(sections_completed=list(SECTION_KEYS))
    mine.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=mine, actor=officer)
    mine.refresh_from_db()
    assert mine.possible_duplicates == [theirs.reference]
