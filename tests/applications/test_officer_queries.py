"""Query budgets for the officer workspace: the list and the case view cost the same whatever
the number of rows, the size of the household or the length of the history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Circumstances, Decision
from housing.letters.services import letter_create
from housing.scheme.selectors import scheme_in_force
from tests.factories import (
    AddressHistoryFactory,
    ApplicationFactory,
    CaseNoteFactory,
    ChangeOfCircumstancesFactory,
    EvidenceItemFactory,
    HouseholdMemberFactory,
    UserFactory,
)

LIST = "/staff/applications/"


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{}, {"queue": "new"}, {"queue": "mine"},
                                    {"q": "Example"}, {"status": "submitted"}])
def test_the_list_makes_a_constant_number_of_queries(client, officer, params,
                                                     django_assert_num_queries,
                                                     django_assert_max_num_queries):
    def make(n: int) -> None:
        for app in ApplicationFactory.create_batch(n, status="submitted",
                                                   submitted_at=timezone.now(),
                                                   assigned_officer=officer):
            app.members.update(last_name="Example")

    client.force_login(officer)
    make(2)
    with django_assert_max_num_queries(30) as baseline:
        response = client.get(LIST, params)
    assert len(response.context["applications"]) == 2
    make(28)
    with django_assert_num_queries(len(baseline.captured_queries)):
        response = client.get(LIST, params)
    assert len(response.context["applications"]) == 30


def _case(size: int, officer, media_root) -> Application:  # type: ignore[no-untyped-def]
    """A case whose household has ``size`` people, each adult with three addresses, two
    documents per person, notes, changes, decisions, letters and a history of edits."""
    application = ApplicationFactory(status="under_assessment", assigned_officer=officer,
                                     submitted_at=timezone.now(), scheme_version=None)
    Circumstances.objects.create(application=application, household_income_annual=20000,
                                 savings=100)
    lead = application.members.get()
    lead.immigration_status, lead.habitually_resident = "british", True
    lead.save()
    members = [lead]
    joint = HouseholdMemberFactory(application=application, role="joint", first_name="Jo",
                                   date_of_birth=dt.date(1988, 1, 1), partner=lead,
                                   immigration_status="british", habitually_resident=True)
    members.append(joint)
    for i in range(size - 2):
        members.append(HouseholdMemberFactory(
            application=application, role="other_adult" if i % 2 else "child",
            date_of_birth=dt.date(1999, 1, 1) if i % 2 else dt.date(2016, 1, 1)))
    for member in members:
        for year in (2012, 2017, 2021):
            AddressHistoryFactory(member=member, from_date=dt.date(year, 1, 1),
                                  to_date=None if year == 2021 else dt.date(year + 4, 1, 1))
        EvidenceItemFactory(application=application, member=member)
        EvidenceItemFactory(application=application, member=member, status="received",
                            original_filename="doc.pdf", content_type="application/pdf",
                            size=9, file=SimpleUploadedFile("x", b"%PDF-1.4\n"))
        CaseNoteFactory(application=application, author=officer)
        CaseNoteFactory(application=application, author=officer, restricted=True,
                        category="mappa")
        ChangeOfCircumstancesFactory(application=application, reported_by=officer)
        member.first_name = member.first_name + "e"
        member._change_reason = "Spelling corrected"
        member.save()
    scheme = scheme_in_force()
    for member in (lead, joint):
        Decision.objects.create(application=application, kind="eligibility", member=member,
                                proposed_outcome="eligible", outcome="eligible",
                                decided_by=officer, scheme_version=scheme)
    for _ in range(size):
        letter_create(template_code="information-request", recipient=None,
                      subject=application, actor=officer,
                      context={"reference": application.reference, "items": []})
    return application


@pytest.mark.django_db
def test_the_case_view_makes_the_same_number_of_queries_for_any_household(
        client, officer, media_root, django_assert_num_queries, django_assert_max_num_queries):
    small = _case(2, officer, media_root)
    large = _case(6, officer, media_root)
    client.force_login(officer)
    with django_assert_max_num_queries(40) as baseline:
        response = client.get(reverse("applications:staff-case", args=[small.reference]))
    assert response.status_code == 200
    with django_assert_num_queries(len(baseline.captured_queries)):
        response = client.get(reverse("applications:staff-case", args=[large.reference]))
    assert response.status_code == 200
    assert response.content.decode().count("Check: Proof of identity") == 6


@pytest.mark.django_db
def test_the_case_view_costs_the_same_for_the_restricted_group(
        client, council, officer, media_root, django_assert_num_queries,
        django_assert_max_num_queries):
    restricted = UserFactory(username="rg", role="officer", organisation=council,
                             in_restricted_group=True)
    application = _case(4, officer, media_root)
    url = reverse("applications:staff-case", args=[application.reference])
    client.force_login(officer)
    with django_assert_max_num_queries(40) as baseline:
        client.get(url)
    client.force_login(restricted)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        assert client.get(url).status_code == 200
