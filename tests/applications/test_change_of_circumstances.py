"""Reporting a change (DOMAIN.md §5.7): a case event; priority-affecting changes pause bidding
until verified when the scheme says so."""

from __future__ import annotations

import pytest

from applications.models import ChangeOfCircumstances
from applications.services.casework import change_report, change_review
from housing.core.exceptions import ApplicationError, ConflictError
from housing.scheme.selectors import scheme_in_force
from tests.factories import ApplicationFactory


@pytest.mark.django_db
def test_a_household_change_pauses_bidding_until_an_officer_verifies_it(applicant, officer):
    application = ApplicationFactory(applicant_user=applicant, status="active")
    change = change_report(application=application, actor=applicant, kind="household",
                           details="Our son Leo was born on 2 November.")
    application.refresh_from_db()
    assert change.suspended_bidding and application.status == "active_suspended"
    change_review(change=change, actor=officer, accepted=True, note="Birth certificate seen.")
    application.refresh_from_db()
    assert application.status == "active"
    change.refresh_from_db()
    assert change.status == ChangeOfCircumstances.Status.VERIFIED


@pytest.mark.django_db
def test_a_contact_change_does_not_pause_bidding(applicant):
    application = ApplicationFactory(applicant_user=applicant, status="active")
    change = change_report(application=application, actor=applicant, kind="contact",
                           details="New phone number.")
    application.refresh_from_db()
    assert not change.suspended_bidding and application.status == "active"


@pytest.mark.django_db
def test_the_scheme_can_keep_bidding_open_while_a_change_is_checked(applicant):
    scheme = scheme_in_force()
    scheme.change_suspends_bidding = False
    scheme.save(update_fields=["change_suspends_bidding"])
    application = ApplicationFactory(applicant_user=applicant, status="active",
                                     scheme_version=scheme)
    change = change_report(application=application, actor=applicant, kind="household",
                           details="My partner moved in.")
    application.refresh_from_db()
    assert change.affects_priority and not change.suspended_bidding
    assert application.status == "active"


@pytest.mark.django_db
def test_bad_or_late_reports_are_refused_and_change_nothing(applicant, officer):
    application = ApplicationFactory(applicant_user=applicant, status="active")
    with pytest.raises(ApplicationError) as blank:
        change_report(application=application, actor=applicant, kind="household", details=" ")
    assert blank.value.errors == {"details": ["Tell us about the change"]}
    assert not application.changes.exists()
    closed = ApplicationFactory(applicant_user=applicant, status="closed")
    with pytest.raises(ConflictError):
        change_report(application=closed, actor=applicant, kind="money", details="Pay rise")
    change = change_report(application=application, actor=applicant, kind="money",
                           details="New job from March.")
    with pytest.raises(ApplicationError):
        change_review(change=change, actor=officer, accepted=True, note="")
    change.refresh_from_db()
    assert change.status == ChangeOfCircumstances.Status.REPORTED
