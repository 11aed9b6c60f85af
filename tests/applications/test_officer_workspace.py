"""The officer workspace: queues, search, the case view, and who may open them.

Actions on a case (evidence, decisions, closure, notes …) are tested in
test_officer_actions.py; query budgets in test_officer_queries.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, CaseNote
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


def case_url(application: Application) -> str:
    return reverse("applications:staff-case", args=[application.reference])


@pytest.fixture
def restricted_officer(council):  # type: ignore[no-untyped-def]
    return UserFactory(username="restricted-officer", role="officer", organisation=council,
                       in_restricted_group=True, first_name="Rita", last_name="Stone")


# --- Queues ------------------------------------------------------------------------------------

@pytest.fixture
def register(officer):  # type: ignore[no-untyped-def]
    """Two new submissions, one awaiting information (closure proposed), one ready to assess
    and assigned to the officer, one active with a change to verify, one closed."""
    now = timezone.now()
    apps = {
        "new1": ApplicationFactory(status="submitted", submitted_at=now),
        "new2": ApplicationFactory(status="submitted", submitted_at=now),
        "awaiting": ApplicationFactory(status="awaiting_information", submitted_at=now,
                                       closure_proposed_at=now,
                                       closure_proposed_reason="Evidence deadline passed"),
        "assess": ApplicationFactory(status="under_assessment", submitted_at=now,
                                     assigned_officer=officer),
        "active": ApplicationFactory(status="active", submitted_at=now),
        "closed": ApplicationFactory(status="closed", submitted_at=now,
                                     assigned_officer=officer),
    }
    ChangeOfCircumstancesFactory(application=apps["active"])
    ChangeOfCircumstancesFactory(application=apps["active"], kind="money")
    return apps


def _queue_counts(response) -> dict[str, int | None]:  # type: ignore[no-untyped-def]
    return {link.key: link.count for link in response.context["queues"]}


@pytest.mark.django_db
def test_queue_navigation_shows_a_count_for_every_queue(client, officer, register):
    client.force_login(officer)
    response = client.get(LIST)
    assert response.status_code == 200
    assert _queue_counts(response) == {"": None, "new": 2, "awaiting": 1, "assess": 1,
                                       "mine": 1, "changes": 1, "closure": 1}
    html = response.content.decode()
    for label in ("New submissions", "Awaiting information", "Ready to assess", "My cases",
                  "Changes to verify", "Closure to confirm"):
        assert label in html
    assert 'aria-current="page">All' in html


@pytest.mark.django_db
@pytest.mark.parametrize(("queue", "expected"), [
    ("new", {"new1", "new2"}),
    ("awaiting", {"awaiting"}),
    ("assess", {"assess"}),
    ("mine", {"assess"}),  # the closed case assigned to the officer is not "open work"
    ("changes", {"active"}),
    ("closure", {"awaiting"}),
])
def test_each_queue_lists_only_its_cases(client, officer, register, queue, expected):
    client.force_login(officer)
    response = client.get(LIST, {"queue": queue})
    assert response.status_code == 200
    shown = {app.reference for app in response.context["applications"]}
    assert shown == {register[key].reference for key in expected}
    assert f'href="{LIST}?queue={queue}" aria-current="page"' in response.content.decode()


@pytest.mark.django_db
def test_status_filter_combines_with_a_queue_and_unknown_queues_are_ignored(client, officer,
                                                                            register):
    client.force_login(officer)
    response = client.get(LIST, {"queue": "mine", "status": "closed"})
    assert list(response.context["applications"]) == []
    response = client.get(LIST, {"queue": "nonsense", "status": "closed"})
    assert [a.reference for a in response.context["applications"]] == [
        register["closed"].reference]


@pytest.mark.django_db
def test_the_list_shows_the_columns_officers_need(client, officer):
    application = ApplicationFactory(status="submitted", assigned_officer=officer,
                                     submitted_at=dt.datetime(2025, 3, 4, 10, tzinfo=dt.UTC),
                                     band="B", bedroom_need=3)
    client.force_login(officer)
    html = client.get(LIST).content.decode()
    assert f'href="{case_url(application)}"' in html
    assert f"Sam Example{application.pk}" in html
    assert "1 Jan 1990" in html
    assert "4 Mar 2025" in html
    assert ">Submitted</strong>" in html
    assert ">You<" in html


@pytest.mark.django_db
def test_pagination_keeps_the_queue_search_and_status(client, officer):
    for _ in range(51):
        app = ApplicationFactory(status="submitted")
        app.members.update(last_name="Pager")
    client.force_login(officer)
    html = client.get(LIST, {"queue": "new", "q": "Pager", "status": "submitted"}
                      ).content.decode()
    assert "?queue=new&amp;q=Pager&amp;status=submitted&amp;page=2" in html


# --- Search ------------------------------------------------------------------------------------

@pytest.fixture
def priya(db):  # type: ignore[no-untyped-def]
    application = ApplicationFactory(status="active", postcode="BF1 2AB")
    application.members.update(first_name="Priya", last_name="Sharma",
                               date_of_birth=dt.date(1985, 3, 27), ni_number="QQ123456C",
                               email="priya.sharma@example.org", phone="07700900123")
    return application


@pytest.fixture
def decoy(db):  # type: ignore[no-untyped-def]
    application = ApplicationFactory(status="active", postcode="BF9 9ZZ")
    application.members.update(first_name="Priya", last_name="Shah",
                               date_of_birth=dt.date(1985, 3, 28), ni_number="QQ654321C",
                               email="someone@example.org", phone="07700900999")
    return application


@pytest.mark.django_db
@pytest.mark.parametrize("query", [
    "reference", "Priya Sharma", "priya sharma", "Sharma", "27/03/1985", "QQ123456C",
    "qq 12 34 56 c", "BF1 2AB", "bf12ab", "priya.sharma@example.org", "07700900123",
    "07700 900123",
])
def test_search_finds_a_case_by_each_key(client, officer, priya, decoy, query):
    if query == "reference":
        query = priya.reference.lower()
    client.force_login(officer)
    response = client.get(LIST, {"q": query})
    assert response.status_code == 200
    assert [a.reference for a in response.context["applications"]] == [priya.reference]


@pytest.mark.django_db
def test_search_with_no_match_says_so(client, officer, priya):
    client.force_login(officer)
    html = client.get(LIST, {"q": "Nobody Here"}).content.decode()
    assert "No applications match “Nobody Here”" in html
    assert client.get(LIST, {"q": "31/02/1985"}).status_code == 200


@pytest.mark.django_db
def test_search_never_shows_a_restricted_case_to_an_officer_outside_the_group(
        client, officer, restricted_officer, priya):
    Application.objects.filter(pk=priya.pk).update(restricted_access=True)
    client.force_login(officer)
    assert list(client.get(LIST, {"q": "Sharma"}).context["applications"]) == []
    client.force_login(restricted_officer)
    assert [a.pk for a in client.get(LIST, {"q": "Sharma"}).context["applications"]] == [
        priya.pk]


# --- The case view -----------------------------------------------------------------------------

@pytest.fixture
def full_case(officer, media_root):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications.models import Circumstances

    application = ApplicationFactory(
        status="under_assessment", submitted_at=timezone.now(), postcode="BF1 2AB",
        bedroom_need=2, bedroom_reasons=["One bedroom for you and your partner",
                                         "One bedroom for Amy (8)"],
        possible_duplicates=["HR-TEST-999999"], evidence_due_date=dt.date(2030, 1, 31))
    lead = application.members.get()
    lead.immigration_status = "british"
    lead.habitually_resident = True
    lead.ni_number = "QQ123456C"
    lead.save()
    partner = HouseholdMemberFactory(application=application, role="joint", first_name="Jo",
                                     date_of_birth=dt.date(1989, 5, 5), sex="male",
                                     immigration_status="asylum_seeker", partner=lead)
    HouseholdMemberFactory(application=application, first_name="Amy")
    AddressHistoryFactory(member=lead, line_1="12 Elm Road", from_date=dt.date(2012, 1, 1))
    AddressHistoryFactory(member=partner, line_1="3 Oak Lane", from_date=dt.date(2024, 1, 1))
    Circumstances.objects.create(application=application, tenure="private_rent",
                                 household_income_annual=21000, savings=500)
    EvidenceItemFactory(application=application, member=lead, kind="identity",
                        description="Your passport")
    EvidenceItemFactory(application=application, kind="income", description="Payslips",
                        status="received", original_filename="payslips.pdf",
                        content_type="application/pdf", size=9,
                        file=SimpleUploadedFile("x.pdf", b"%PDF-1.4\n"))
    CaseNoteFactory(application=application, body="Phoned about the passport.")
    ChangeOfCircumstancesFactory(application=application, details="New baby due in May.")
    return application


@pytest.mark.django_db
def test_case_view_shows_every_section(client, officer, full_case):
    client.force_login(officer)
    response = client.get(case_url(full_case))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        full_case.reference, "Under assessment", "Assign to me", "Check for duplicates",
        "HR-TEST-999999",  # possible duplicate stored at submission
        "31 January 2030",  # evidence deadline
        # household
        "Household", "Jo Example", "Amy", "Joint applicant", "Partner", "QQ123456C",
        # addresses, with the partner's gap
        "12 Elm Road", "3 Oak Lane", "Jo&#x27;s addresses have a gap",
        # circumstances
        "Current home", "Renting privately", "£21,000",
        # bedroom need
        "One bedroom for Amy (8)",
        # evidence
        "Your passport", "Payslips", "payslips.pdf", "Requested", "Received",
        "How did you check it?", "Why can it not be accepted?", "Request a document",
        # eligibility: facts, proposal with reasons, findings and decision forms
        "British citizen", "Asylum seeker", "Eligible",
        "Not eligible", "Record findings for Jo", "Record the eligibility decision",
        "Default allocation scheme",
        # qualification
        "Exemptions considered", "Record the qualification decision",
        # notes, changes, letters, timeline
        "Phoned about the passport.", "Add a note", "New baby due in May.",
        "Record the outcome", "No letters yet", "Timeline", "Created household member",
    ):
        assert text in html, text


@pytest.mark.django_db
def test_case_view_lists_letters_about_the_application(client, officer, full_case):
    from housing.letters.services import letter_create

    letter_create(template_code="information-request", recipient=None, subject=full_case,
                  actor=officer, context={"reference": full_case.reference, "items": []})
    client.force_login(officer)
    html = client.get(case_url(full_case)).content.decode()
    assert "Not ready yet" in html  # queued, PDF not rendered yet
    assert "No letters yet" not in html


@pytest.mark.django_db
def test_unknown_reference_is_404(client, officer):
    client.force_login(officer)
    assert client.get("/staff/applications/HR-NOPE/").status_code == 404


# --- Restricted notes and restricted cases ----------------------------------------------------

@pytest.fixture
def case_with_restricted_note(officer, restricted_officer):  # type: ignore[no-untyped-def]
    application = ApplicationFactory(status="under_assessment")
    CaseNoteFactory(application=application, body="Ordinary contact note.")
    note = CaseNoteFactory(application=application, category="domestic_abuse",
                           restricted=True, author=restricted_officer,
                           body="MARAC referral: perpetrator lives nearby.")
    note.body = "MARAC referral updated: perpetrator moved to Elmstead."
    note._change_reason = "Corrected after MARAC"
    note.save()
    return application


@pytest.mark.django_db
def test_restricted_notes_are_hidden_from_officers_outside_the_group(
        client, officer, case_with_restricted_note):
    client.force_login(officer)
    html = client.get(case_url(case_with_restricted_note)).content.decode()
    assert "Ordinary contact note." in html
    assert "MARAC" not in html  # neither the note, nor its history in the timeline
    assert "perpetrator" not in html
    assert "Elmstead" not in html
    assert "Domestic abuse note" not in html
    assert 'name="note-restricted"' not in html  # cannot write restricted notes either


@pytest.mark.django_db
def test_the_restricted_group_reads_restricted_notes_and_their_history(
        client, restricted_officer, case_with_restricted_note):
    client.force_login(restricted_officer)
    html = client.get(case_url(case_with_restricted_note)).content.decode()
    assert "MARAC referral updated: perpetrator moved to Elmstead." in html
    assert ">Restricted</strong>" in html
    assert "Corrected after MARAC" in html  # the timeline's "why"
    assert "MARAC referral: perpetrator lives nearby." in html  # the timeline's old value
    assert 'name="note-restricted"' in html


@pytest.mark.django_db
def test_a_restricted_case_does_not_exist_for_an_officer_outside_the_group(
        client, officer, restricted_officer):
    application = ApplicationFactory(status="under_assessment", restricted_access=True)
    client.force_login(officer)
    assert client.get(case_url(application)).status_code == 404
    response = client.post(reverse("applications:staff-case-note",
                                   args=[application.reference]),
                           {"note-category": "contact", "note-body": "Hello"})
    assert response.status_code == 404
    assert not CaseNote.objects.filter(application=application).exists()
    client.force_login(restricted_officer)
    response = client.get(case_url(application))
    assert response.status_code == 200
    assert "Restricted case" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("user_fixture", ["applicant", "adviser", "provider_user_a"])
def test_only_caseworkers_reach_the_register_pages(client, request, user_fixture):
    application = ApplicationFactory()
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(LIST).status_code == 403
    assert client.get(case_url(application)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("user_fixture", ["officer", "manager", "admin_user"])
def test_caseworkers_reach_the_register_pages(client, request, user_fixture):
    application = ApplicationFactory()
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(LIST).status_code == 200
    assert client.get(case_url(application)).status_code == 200


@pytest.mark.django_db
def test_anonymous_people_are_sent_to_sign_in(client):
    application = ApplicationFactory()
    for url in (LIST, case_url(application)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")
