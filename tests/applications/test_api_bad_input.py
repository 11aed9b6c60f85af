"""Bad input on every register endpoint is a 400 in the one error shape, naming the field at
fault, and changes nothing. Malformed JSON, wrong types, unknown sections and fields, and files
that are not what they claim to be are all refused before any service runs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import Application, EvidenceItem
from applications.services import drafts, evidence
from applications.services.evidence import MAX_UPLOAD_BYTES
from tests.applications.test_api_applications import (
    LIST,
    PDF,
    api,
    assert_error_shape,
    start,
    url,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(applicant, media_root) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A draft owned by ``applicant`` (lead, a child, one recent address, so the five years
    have a gap) and someone else's case under assessment with one document received and one
    still requested."""
    client = api(applicant)
    draft = start(client)
    lead = client.get(url(draft, "members")).json()[0]["id"]
    child = client.post(url(draft, "members"), {
        "role": "child", "first_name": "Amy", "last_name": "Bloggs",
        "date_of_birth": "2016-02-01"}, format="json").json()["id"]
    address = client.post(url(draft, "members", lead, "addresses"), {
        "line_1": "1 High Street", "town": "Brackenfield", "from_date": "2024-05-01",
        "in_district": True}, format="json").json()["id"]
    owner = UserFactory(username="case-owner", role="applicant")
    case = _case_under_assessment(owner)
    case_lead = case.members.get()
    received, requested = (
        EvidenceItem.objects.create(application=case, member=case_lead, kind=kind,
                                    description=description)
        for kind, description in [("identity", "Passport"), ("proof_of_address", "A bill")])
    evidence.evidence_upload(item=received, actor=owner,
                             upload=SimpleUploadedFile("doc.pdf", PDF))
    return {"draft": draft, "lead": lead, "child": child, "address": address,
            "case": case.reference, "case_lead": case_lead.pk, "received": received.pk,
            "requested": requested.pk, "owner": owner}


def _case_under_assessment(owner: Any) -> Application:
    """Quicker than the whole journey (which test_api_applications.py covers): these tests are
    about input, so the case is put straight into assessment."""
    application = drafts.application_start(user=owner, actor=owner)
    application.members.update(date_of_birth=dt.date(1980, 1, 1), immigration_status="british",
                               nationality="British")
    Application.objects.filter(pk=application.pk).update(status="under_assessment")
    application.refresh_from_db()
    return application


CIRCUMSTANCES_OK = {"armed_forces": "none", "service_related_bereavement": False,
                    "care_leaver": False, "fled_domestic_abuse": False,
                    "is_social_tenant_in_england": False, "has_job_or_offer_in_district": False,
                    "hardship_to_move_for_work": False, "seeking_sheltered_only": False,
                    "unacceptable_behaviour": False}

# (who, method, path, body, error keys expected). Paths are formatted with the world.
CASES: list[tuple[str, str, str, Any, tuple[str, ...]]] = [
    # The register
    ("officer", "get", "applications/?status=lost", None, ("status",)),
    ("officer", "get", "applications/?queue=elsewhere", None, ("queue",)),
    ("officer", "post", "applications/", {}, ("applicant_username",)),
    ("officer", "post", "applications/", {"applicant_username": "nobody"},
     ("applicant_username",)),
    ("officer", "post", "applications/", {"applicant_username": "officer"},
     ("applicant_username",)),
    ("applicant", "post", "applications/", {"applicant_username": "applicant"},
     ("applicant_username",)),
    ("officer", "post", "applications/", {"applicant_username": ["applicant"]},
     ("applicant_username",)),
    # Saving sections
    ("applicant", "patch", "{draft}/", {}, ("non_field_errors",)),
    ("applicant", "patch", "{draft}/", {"section": "garden", "data": {}}, ("section",)),
    ("applicant", "patch", "{draft}/", {"section": "declaration", "data": {}}, ("section",)),
    ("applicant", "patch", "{draft}/", {"section": "health"}, ("data",)),
    ("applicant", "patch", "{draft}/", {"section": "health", "data": ["yes"]}, ("data",)),
    ("applicant", "patch", "{draft}/",
     {"section": "health", "data": {"has_medical_needs": False, "favourite_colour": "red"}},
     ("data.favourite_colour",)),
    ("applicant", "patch", "{draft}/", {"section": "health", "data": {}},
     ("data.has_medical_needs",)),
    ("applicant", "patch", "{draft}/",
     {"section": "current-home", "data": {"tenure": "castle", "current_bedrooms": "three",
                                          "shares_kitchen": "sometimes",
                                          "shares_bathroom": False, "disrepair": False,
                                          "has_housing_need": None}},
     ("data.tenure", "data.current_bedrooms", "data.shares_kitchen",
      "data.has_housing_need")),
    ("applicant", "patch", "{draft}/",
     {"section": "money", "data": {"household_income_annual": -5, "savings": 1e12,
                                   "owns_property": False}},
     ("data.household_income_annual", "data.savings")),
    ("applicant", "patch", "{draft}/",
     {"section": "debts", "data": {"has_housing_debt": True, "housing_debt_amount": "lots"}},
     ("data.housing_debt_amount",)),
    ("applicant", "patch", "{draft}/",
     {"section": "local-connection", "data": {"works_in_district": True,
                                              "work_hours_per_week": 40000,
                                              "family_in_district": False}},
     ("data.work_hours_per_week",)),
    ("applicant", "patch", "{draft}/",
     {"section": "circumstances", "data": {**CIRCUMSTANCES_OK, "armed_forces": "navy",
                                           "discharge_date": "last year"}},
     ("data.armed_forces", "data.discharge_date")),
    ("applicant", "patch", "{draft}/",
     {"section": "about-you", "data": {"first_name": "", "last_name": "Bloggs",
                                       "date_of_birth": "2999-01-01", "sex": "other",
                                       "ni_number": "12345", "email": "not-an-email"}},
     ("data.first_name", "data.date_of_birth", "data.sex", "data.ni_number", "data.email")),
    ("applicant", "patch", "{draft}/", {"section": "household", "data": {"confirmed": False}},
     ("data.confirmed",)),
    ("applicant", "patch", "{draft}/", {"section": "addresses", "data": {"confirmed": True}},
     ("addresses",)),
    ("officer", "patch", "{draft}/", {"assigned_officer": "nobody"}, ("assigned_officer",)),
    ("officer", "patch", "{draft}/", {"assigned_officer": "applicant"},
     ("assigned_officer",)),
    ("officer", "patch", "{draft}/", {"assigned_officer": "officer", "section": "health",
                                      "data": {}}, ("non_field_errors",)),
    # Declaration and submission
    ("applicant", "post", "{draft}/declaration/", {}, ("consent",)),
    ("applicant", "post", "{draft}/declaration/", {"consent": "perhaps"}, ("consent",)),
    ("applicant", "post", "{draft}/submit/", None, ("sections",)),
    # Household members
    ("applicant", "post", "{draft}/members/", {}, ("role", "first_name", "last_name")),
    ("applicant", "post", "{draft}/members/",
     {"role": "lead", "first_name": "A", "last_name": "B", "date_of_birth": "2000-01-01"},
     ("role",)),
    ("applicant", "post", "{draft}/members/",
     {"role": "child", "first_name": "A", "last_name": "B", "date_of_birth": "2999-01-01",
      "due_date": "2000-01-01", "sex": "x"}, ("date_of_birth", "due_date", "sex")),
    ("applicant", "post", "{draft}/members/",
     {"role": "child", "first_name": "A", "last_name": "B"}, ("date_of_birth",)),
    ("applicant", "patch", "{draft}/members/{lead}/",
     {"nationality": "British", "immigration_status": "martian",
      "right_to_reside": "tourist", "is_existing_social_tenant": "no idea"},
     ("immigration_status", "right_to_reside", "is_existing_social_tenant")),
    ("applicant", "patch", "{draft}/members/{child}/",
     {"nationality": "British", "immigration_status": "british",
      "is_existing_social_tenant": False}, ("non_field_errors",)),
    ("applicant", "post", "{draft}/members/{lead}/addresses/", {"from_date": "yesterday"},
     ("line_1", "town", "from_date", "in_district")),
    ("applicant", "post", "{draft}/members/{lead}/addresses/",
     {"line_1": "1 St", "town": "T", "from_date": "2020-01-01", "to_date": "2019-01-01",
      "in_district": True, "gap_reason": "holiday"}, ("gap_reason",)),
    ("applicant", "post", "{draft}/members/{lead}/addresses/",
     {"line_1": "1 St", "town": "T", "from_date": "2020-01-01", "to_date": "2019-01-01",
      "in_district": True}, ("to_date",)),
    ("applicant", "post", "{draft}/members/{lead}/addresses/",
     {"line_1": "x" * 201, "town": "T", "postcode": "X" * 11, "from_date": "2020-01-01",
      "in_district": True}, ("line_1", "postcode")),
    # Evidence
    ("officer", "post", "{case}/evidence/", {"kind": "passport", "description": ""},
     ("kind", "description")),
    ("officer", "post", "{case}/evidence/",
     {"kind": "identity", "description": "Passport", "member": 999999}, ("member",)),
    ("officer", "post", "{case}/evidence/",
     {"kind": "identity", "description": "Passport", "due_date": "2000-01-01"},
     ("due_date",)),
    ("officer", "post", "{case}/evidence/{received}/verify/", {"method": "vibes"},
     ("method",)),
    ("officer", "post", "{case}/evidence/{received}/verify/", {}, ("method",)),
    ("officer", "post", "{case}/evidence/{received}/reject/", {"reason": ""}, ("reason",)),
    ("officer", "post", "{case}/evidence/{received}/reject/", {"reason": "x" * 301},
     ("reason",)),
    # Notes and changes
    ("officer", "post", "{case}/notes/", {"category": "gossip", "body": ""},
     ("category", "body")),
    ("officer", "post", "{case}/notes/",
     {"category": "safeguarding", "body": "Concern raised by school."}, ("restricted",)),
    ("owner", "post", "{case}/changes/", {"kind": "lottery", "details": ""},
     ("kind", "details")),
    # Decisions
    ("officer", "post", "{case}/eligibility/", {"overrides": "everyone"}, ("overrides",)),
    ("officer", "post", "{case}/eligibility/",
     {"overrides": [{"member": 999999, "outcome": "eligible", "reason": "Passport seen"}]},
     ("overrides[0].member",)),
    ("officer", "post", "{case}/eligibility/",
     {"overrides": [{"member": "{case_lead}", "outcome": "maybe", "reason": ""}]},
     ("overrides[0].outcome", "overrides[0].reason")),
    ("officer", "post", "{case}/qualification/", {"outcome": "does_not_qualify"},
     ("reason",)),
    ("officer", "post", "{case}/qualification/", {"outcome": "perhaps", "reason": "x"},
     ("outcome",)),
]


def _fill(value: Any, world: dict[str, Any]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") \
            and value[1:-1] in world:
        return world[value[1:-1]]
    if isinstance(value, dict):
        return {k: _fill(v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, world) for v in value]
    return value


def _user(who: str, request: Any, world: dict[str, Any]) -> Any:
    return world["owner"] if who == "owner" else request.getfixturevalue(who)


def _snapshot() -> list[Any]:
    return [list(Application.objects.order_by("pk").values()),
            list(EvidenceItem.objects.order_by("pk").values("pk", "status", "kind"))]


@pytest.mark.parametrize(("who", "method", "path", "body", "keys"), CASES,
                         ids=[f"{c[1]} {c[2]} {sorted(c[4])}" for c in CASES])
def test_bad_input_is_a_400_naming_the_field(request, world, who, method, path, body, keys):
    client = api(_user(who, request, world))
    target = "/api/v1/" + (path if path.startswith("applications/")
                           else "applications/" + path).format(**world)
    before = _snapshot()
    response = getattr(client, method)(target, _fill(body, world), format="json")
    assert_error_shape(response, 400, *keys)
    assert _snapshot() == before


MALFORMED = [
    ("applicant", "post", "applications/"),
    ("applicant", "patch", "{draft}/"),
    ("applicant", "post", "{draft}/declaration/"),
    ("applicant", "post", "{draft}/submit/"),
    ("applicant", "post", "{draft}/members/"),
    ("applicant", "patch", "{draft}/members/{lead}/"),
    ("applicant", "post", "{draft}/members/{lead}/addresses/"),
    ("officer", "post", "{case}/evidence/"),
    ("officer", "post", "{case}/evidence/{received}/verify/"),
    ("officer", "post", "{case}/evidence/{received}/reject/"),
    ("officer", "post", "{case}/notes/"),
    ("owner", "post", "{case}/changes/"),
    ("officer", "post", "{case}/eligibility/"),
    ("officer", "post", "{case}/qualification/"),
    ("officer", "post", "{case}/duplicates/"),
]


@pytest.mark.parametrize(("who", "method", "path"), MALFORMED,
                         ids=[f"{m[1]} {m[2]}" for m in MALFORMED])
def test_malformed_json_is_a_400_on_every_write(request, world, who, method, path):
    client = api(_user(who, request, world))
    target = "/api/v1/" + (path if path.startswith("applications/")
                           else "applications/" + path).format(**world)
    before = _snapshot()
    response = getattr(client, method)(target, '{"section": "health", "data": {',
                                       content_type="application/json")
    assert_error_shape(response, 400)
    assert _snapshot() == before


def test_a_form_encoded_body_is_refused_in_the_error_shape(applicant, world):
    response = api(applicant).patch(url(world["draft"]), "section=health",
                                    content_type="application/x-www-form-urlencoded")
    assert_error_shape(response, 415)


def _upload(world: dict[str, Any], payload: Any) -> Any:
    client = api(world["owner"])
    return client.post(url(world["case"], "evidence", world["requested"], "upload"),
                       payload, format="multipart")


@pytest.mark.parametrize(("name", "content"), [
    ("notes.pdf", b"Just some text pretending to be a PDF."),
    ("photo.jpg", b"GIF89a not a jpeg"),
    ("script.png", b"#!/bin/sh\nrm -rf /\n"),
])
def test_an_upload_whose_content_is_not_pdf_jpg_or_png_is_refused(world, name, content):
    response = _upload(world, {"file": SimpleUploadedFile(name, content)})
    body = assert_error_shape(response, 400, "file")
    assert "PDF, JPG or PNG" in body["errors"]["file"][0]
    assert EvidenceItem.objects.get(pk=world["requested"]).status == "requested"


def test_an_upload_that_is_too_big_is_refused(world):
    big = PDF + b"0" * (MAX_UPLOAD_BYTES + 1 - len(PDF))
    response = _upload(world, {"file": SimpleUploadedFile("big.pdf", big)})
    assert_error_shape(response, 400, "file")
    assert EvidenceItem.objects.get(pk=world["requested"]).status == "requested"


@pytest.mark.parametrize("payload", [{}, {"file": "not a file"}])
def test_an_upload_without_a_file_is_refused(world, payload):
    assert_error_shape(_upload(world, payload), 400, "file")


def test_an_empty_upload_is_refused(world):
    response = _upload(world, {"file": SimpleUploadedFile("empty.pdf", b"")})
    assert_error_shape(response, 400, "file")


def test_an_upload_to_another_applications_item_is_a_404(applicant, world):
    response = api(applicant).post(
        url(world["draft"], "evidence", world["requested"], "upload"),
        {"file": SimpleUploadedFile("doc.pdf", PDF)}, format="multipart")
    assert_error_shape(response, 404)


def test_unknown_sub_resources_are_404s(applicant, officer, world):
    client = api(applicant)
    assert_error_shape(client.delete(url(world["draft"], "members", 999999)), 404)
    assert_error_shape(client.delete(url(world["draft"], "addresses", 999999)), 404)
    assert_error_shape(client.post(url(world["draft"], "members", 999999, "addresses"),
                                   {}, format="json"), 404)
    assert_error_shape(api(officer).post(url(world["case"], "evidence", 999999, "reject"),
                                         {"reason": "x"}, format="json"), 404)
    assert_error_shape(client.get(f"{LIST}HR-NOPE-1/"), 404)
