"""Fixtures for lettings tests: bidders with a current band award, and the scheme in force."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from applications.models import Application, BandAward, Circumstances, HouseholdMember
from housing.scheme.selectors import scheme_in_force
from tests.factories import ApplicationFactory, UserFactory


def _born(age: int) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - age) - dt.timedelta(days=30)


@pytest.fixture
def make_bidder(db) -> Callable[..., Application]:  # type: ignore[no-untyped-def]
    """An ACTIVE application that can bid: ``band``, ``sizes`` (eligible bedroom sizes),
    ``lead_age``, ``partner_age``, ``children`` (ages), ``tenure``, ``mobility`` (assessed
    need), ``postcode``, ``effective``/``registered`` dates, ``user`` (the applicant's
    account; one is made when not given), ``status``."""
    counter = {"n": 0}

    def make(*, band: str = "C", sizes: tuple[int, ...] = (2,), lead_age: int = 35,
             partner_age: int | None = None, children: tuple[int, ...] = (),
             tenure: str = "private_rent", mobility: str = "", postcode: str = "BF1 2AB",
             effective: dt.date = dt.date(2025, 1, 1), registered: dt.date = dt.date(2025, 1, 1),
             application_type: str = "homeseeker", status: str = "active",
             user: Any = None, **extra: Any) -> Application:
        counter["n"] += 1
        if user is None:
            user = UserFactory(username=f"bidder{counter['n']}", role="applicant")
        application = ApplicationFactory(
            status=status, band=band, bedroom_need=max(sizes) if sizes else None,
            eligible_sizes=list(sizes), applicant_user=user, postcode=postcode,
            application_date=registered, registration_date=registered, effective_date=effective,
            application_type=application_type, **extra)
        lead = application.members.get(role="lead")
        lead.date_of_birth = _born(lead_age)
        lead.save(update_fields=["date_of_birth"])
        if partner_age is not None:
            HouseholdMember.objects.create(application=application, role="partner",
                                           first_name="Alex", last_name="Partner",
                                           date_of_birth=_born(partner_age))
        for i, age in enumerate(children):
            HouseholdMember.objects.create(application=application, role="child",
                                           first_name=f"Child{i}", last_name="Example",
                                           date_of_birth=_born(age))
        Circumstances.objects.create(application=application, tenure=tenure)
        officer = UserFactory(username=f"assessor{counter['n']}", role="officer")
        flags = {"mobility_category": mobility} if mobility else {}
        BandAward.objects.create(
            application=application, status=BandAward.Status.CURRENT, band=band,
            band_name=f"Band {band}", proposed_band=band, award_date=effective,
            effective_date=effective, eligible_sizes=list(sizes), property_flags=flags,
            bedroom_need=max(sizes) if sizes else None, proposed_by=officer,
            scheme_version=scheme_in_force())
        return Application.objects.get(pk=application.pk)

    return make
