"""Fixtures for the provider side of nominations (the partner portal, the provider services and
the nominations API). They build on ``tests/nominations/conftest.py`` (agreements, voids,
vacancies opened through the council's service, ``make_bidder``): a test module imports the ones
it uses from here.

A nominee has a household (partner and two children), contact details, a housing debt, and
things a provider must never see: a restricted case note, an evidence item and a medical
summary, each with a marker string the tests look for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from applications.models import (
    CaseNote,
    Circumstances,
    DebtRecord,
    EvidenceItem,
    HouseholdMember,
)
from nominations.models import Nomination, NominationRequest
from nominations.services.council import nominate_from_register, rejection_challenge
from nominations.services.provider import nomination_reject

SECRET_NOTE = "SECRET-NOTE-do-not-share"
SECRET_EVIDENCE = "SECRET-EVIDENCE-passport"
SECRET_MEDICAL = "SECRET-MEDICAL-summary"


@pytest.fixture
def make_nominee(make_bidder: Any, officer: Any) -> Callable[..., Any]:
    """An applicant who can be nominated for a 2-bedroom home (band B), named
    ``first`` ``last``, with the data a provider may and may not see."""
    def make(first: str = "Ayla", last: str = "Riverdale", *, band: str = "B",
             debt: Decimal | None = Decimal("250.00")) -> Any:
        application = make_bidder(band=band, sizes=(2,), partner_age=33, children=(7,),
                                  effective=dt.date(2024, 5, 1))
        lead = application.members.get(role="lead")
        lead.first_name, lead.last_name = first, last
        lead.phone, lead.email = "07700 900123", f"{first.lower()}@example.org"
        lead.save(update_fields=["first_name", "last_name", "phone", "email"])
        HouseholdMember.objects.filter(application=application).exclude(role="lead").update(
            last_name=last)
        CaseNote.objects.create(application=application, category="domestic_abuse",
                                body=SECRET_NOTE, restricted=True, author=officer)
        EvidenceItem.objects.create(application=application, kind="identity",
                                    description=SECRET_EVIDENCE, status="requested",
                                    due_date=timezone.localdate())
        Circumstances.objects.filter(application=application).update(
            has_medical_needs=True, medical_summary=SECRET_MEDICAL)
        if debt is not None:
            DebtRecord.objects.create(application=application, member=lead,
                                      creditor="council", type="rent_arrears", amount=debt,
                                      as_of=timezone.localdate() - dt.timedelta(days=30),
                                      accrued_date=timezone.localdate() - dt.timedelta(days=400),
                                      recorded_by=officer)
        return application
    return make


@pytest.fixture
def nominate(officer: Any, make_nominee: Any) -> Callable[..., Nomination]:
    """The council nominates someone (a new nominee unless ``application`` is given) from the
    register for ``request``, through its own service."""
    def nominate_(request: NominationRequest, application: Any = None, **nominee: Any
                  ) -> Nomination:
        person = application or make_nominee(**nominee)
        return nominate_from_register(request=request, application=person, actor=officer,
                                      not_top_reason="Test: chosen by the test")
    return nominate_


@pytest.fixture
def nomination_a(request_a: NominationRequest, nominate: Any) -> Nomination:
    """Provider A's vacancy with its nominee, Ayla Riverdale, just sent."""
    return nominate(request_a, first="Ayla", last="Riverdale")


@pytest.fixture
def nomination_b(request_b: NominationRequest, nominate: Any) -> Nomination:
    """Provider B's vacancy with its nominee, Bram Northfield, just sent."""
    return nominate(request_b, first="Bram", last="Northfield")


def challenged(nomination: Nomination, provider_user: Any, officer: Any) -> Nomination:
    """The provider rejected the nominee and the council challenged it."""
    nomination_reject(nomination=nomination, actor=provider_user, reason_code="arrears",
                      reason_text="Owes £1,200 in rent arrears with no arrangement.")
    return rejection_challenge(nomination=nomination, actor=officer,
                               note="The arrears are under an arrangement kept since May.")


def fresh(obj: Any) -> Any:
    """The row as the database has it now."""
    return type(obj).objects.get(pk=obj.pk)
