"""An applicant applies end to end through the portal pages, then uploads evidence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.models import Application, EvidenceItem
from housing.letters.models import Letter

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month),
            f"{prefix}_2": str(day.year)}


def _ok(response, to: str = "/account/application/") -> None:  # type: ignore[no-untyped-def]
    if response.status_code != 302:
        import re
        summary = re.findall(r"error-summary__list\">(.*?)</ul>", response.content.decode(), re.S)
        raise AssertionError(summary or response.content.decode()[:2000])
    assert response["Location"] == to


@pytest.fixture
def applying(client, applicant, media_root):  # type: ignore[no-untyped-def]
    client.force_login(applicant)
    assert client.get("/account/application/").status_code == 200  # the start page
    _ok(client.post("/account/application/start/"))
    return client


@pytest.mark.django_db
def test_applicant_applies_end_to_end_and_uploads_evidence(applying, applicant,
                                                           django_capture_on_commit_callbacks):
    client = applying
    today = timezone.localdate()
    page = client.get("/account/application/")
    assert b"govuk-task-list" in page.content and b"0 of 11" in page.content

    _ok(client.post("/account/application/about-you/", {
        "first_name": "Nadia", "last_name": "Okafor", **_date("date_of_birth", dt.date(1990, 4, 2)),
        "sex": "female", "ni_number": "QQ 12 34 56 C", "phone": "07700 900123",
        "email": "nadia@example.org"}))

    _ok(client.post("/account/application/household/add/", {
        "first_name": "Sam", "last_name": "Okafor", "role": "joint", "expecting": "False",
        **_date("date_of_birth", dt.date(1988, 1, 9)), "sex": "male"}),
        "/account/application/household/")
    _ok(client.post("/account/application/household/add/", {
        "first_name": "Amy", "last_name": "Okafor", "role": "child", "expecting": "False",
        **_date("date_of_birth", today.replace(year=today.year - 12)), "sex": "female"}),
        "/account/application/household/")
    _ok(client.post("/account/application/household/", {}))

    application = Application.objects.get(applicant_user=applicant)
    for member in application.members.filter(role__in=["lead", "joint"]):
        _ok(client.post(f"/account/application/addresses/{member.pk}/add/", {
            "line_1": "4 Mill Lane", "town": "Brackenfield", "postcode": "bf2 3qt",
            **_date("from_date", today.replace(year=today.year - 6)), "in_district": "True"}),
            "/account/application/addresses/")
    _ok(client.post("/account/application/addresses/", {}))

    _ok(client.post("/account/application/current-home/", {
        "tenure": "private_rent", "current_bedrooms": "1", "shares_kitchen": "False",
        "shares_bathroom": "False", "disrepair": "False", "has_housing_need": "True"}))
    _ok(client.post("/account/application/local-connection/", {
        "works_in_district": "False", "family_in_district": "False"}))
    _ok(client.post("/account/application/money/", {
        "household_income_annual": "24000", "savings": "800", "owns_property": "False"}))
    _ok(client.post("/account/application/debts/", {"has_housing_debt": "False"}))
    _ok(client.post("/account/application/health/", {"has_medical_needs": "False"}))
    _ok(client.post("/account/application/circumstances/", {
        "armed_forces": "none", "service_related_bereavement": "False", "care_leaver": "False",
        "fled_domestic_abuse": "False", "is_social_tenant_in_england": "False",
        "has_job_or_offer_in_district": "False", "hardship_to_move_for_work": "False",
        "seeking_sheltered_only": "False", "unacceptable_behaviour": "False"}))
    for member in application.members.filter(role__in=["lead", "joint"]).order_by("id"):
        response = client.post(f"/account/application/immigration/{member.pk}/", {
            "nationality": "British", "immigration_status": "british",
            "is_existing_social_tenant": "False"})
        assert response.status_code == 302
    _ok(client.post("/account/application/declaration/", {"declaration": "on", "consent": "on"}),
        "/account/application/check/")

    check = client.get("/account/application/check/")
    assert check.status_code == 200
    assert b"You appear to qualify" in check.content
    assert b"2 bedrooms" in check.content

    with django_capture_on_commit_callbacks(execute=True):
        _ok(client.post("/account/application/check/"), "/account/application/submitted/")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.bedroom_need == 2
    assert application.evidence_due_date == today + dt.timedelta(days=28)
    assert application.scheme_version is not None
    ack = Letter.objects.get(template__code="acknowledgement", recipient=applicant)
    assert ack.pdf and application.reference in ack.html

    item = application.evidence.filter(kind="identity").first()
    page = client.get("/account/application/")
    assert item.description.encode() in page.content
    bad = client.post(f"/account/application/evidence/{item.pk}/",
                      {"file": SimpleUploadedFile("passport.pdf", b"not really a pdf")})
    assert bad.status_code == 400 and b"must be a PDF, JPG or PNG" in bad.content
    _ok(client.post(f"/account/application/evidence/{item.pk}/",
                    {"file": SimpleUploadedFile("../../etc/passport.pdf", PDF)}))
    item.refresh_from_db()
    assert item.status == EvidenceItem.Status.RECEIVED
    assert item.content_type == "application/pdf"
    assert ".." not in item.file.name and "passport" not in item.file.name


@pytest.mark.django_db
def test_bad_input_shows_an_error_summary_and_changes_nothing(applying, applicant):
    client = applying
    response = client.post("/account/application/about-you/", {
        "first_name": "", "last_name": "X", **_date("date_of_birth", dt.date(2999, 1, 1)),
        "sex": "", "email": "not-an-email"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and "Enter your first name" in html
    assert "<title>Error:" in html
    application = Application.objects.get(applicant_user=applicant)
    assert application.sections_completed == []
    assert application.members.get(role="lead").date_of_birth is None


@pytest.mark.django_db
def test_submit_is_refused_until_every_section_is_complete(applying, applicant):
    response = applying.post("/account/application/check/")
    assert response.status_code == 400
    assert b"Complete" in response.content
    assert Application.objects.get(applicant_user=applicant).status == "draft"


@pytest.mark.django_db
def test_applicant_cannot_reach_another_applicants_evidence(applying, client):
    from tests.factories import ApplicationFactory, UserFactory

    other_user = UserFactory(username="other-applicant")
    other = ApplicationFactory(applicant_user=other_user, status="submitted")
    item = EvidenceItem.objects.create(application=other, kind="identity",
                                       description="Passport")
    assert applying.get(f"/account/application/evidence/{item.pk}/").status_code == 404


@pytest.mark.django_db
def test_overdue_evidence_is_proposed_for_closure_and_an_officer_confirms_it(
        client, officer, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    from tests.factories import ApplicationFactory, UserFactory

    owner = UserFactory(username="late-applicant")
    application = ApplicationFactory(applicant_user=owner, status="awaiting_information",
                                     evidence_due_date=dt.date(2026, 1, 1))
    EvidenceItem.objects.create(application=application, kind="identity",
                                description="Passport")
    call_command("propose_incomplete_closures", "--on", "2026-01-02")
    application.refresh_from_db()
    assert application.closure_proposed_at is not None
    assert application.status == "awaiting_information"  # nothing closed without an officer
    from applications.services.casework import incomplete_closure_confirm

    with django_capture_on_commit_callbacks(execute=True):
        incomplete_closure_confirm(application=application, actor=officer)
    application.refresh_from_db()
    assert application.status == "closed" and application.closed_reason == "incomplete"
    assert Letter.objects.filter(template__code="closure-incomplete", recipient=owner).exists()


@pytest.mark.django_db
def test_triage_with_every_document_received_goes_straight_to_assessment(
        officer, media_root, django_capture_on_commit_callbacks):
    from applications.services.evidence import application_triage
    from tests.factories import ApplicationFactory, UserFactory

    owner = UserFactory(username="prompt-applicant")
    application = ApplicationFactory(applicant_user=owner, status="submitted")
    item = EvidenceItem.objects.create(application=application, kind="identity",
                                       description="Passport")
    item.file.save("x", SimpleUploadedFile("x.pdf", PDF))
    EvidenceItem.objects.filter(pk=item.pk).update(status="received")
    with django_capture_on_commit_callbacks(execute=True):
        application_triage(application=application, actor=officer)
    application.refresh_from_db()
    assert application.status == "under_assessment"
    assert not Letter.objects.filter(template__code="information-request").exists()


@pytest.mark.django_db
def test_triage_with_a_missing_document_asks_for_exactly_that(
        officer, django_capture_on_commit_callbacks):
    from applications.services.evidence import application_triage
    from tests.factories import ApplicationFactory, UserFactory

    owner = UserFactory(username="slow-applicant")
    application = ApplicationFactory(applicant_user=owner, status="submitted")
    EvidenceItem.objects.create(application=application, kind="identity",
                                description="Passport for Jo")
    with django_capture_on_commit_callbacks(execute=True):
        application_triage(application=application, actor=officer)
    application.refresh_from_db()
    assert application.status == "awaiting_information"
    letter = Letter.objects.get(template__code="information-request", recipient=owner)
    assert "Passport for Jo" in letter.html
