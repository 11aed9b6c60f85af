"""The sign-ups and tenancies API: the whole sign-up from an accepted offer to the let, who may
see and do what (applicants only their own household's, without the officer's working notes;
providers only their own homes' tenancies), bad input as 400s with field errors that change
nothing, and conflicts as 409s (DOMAIN.md §3.15, §4.16, §5.3)."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from applications.models import Application
from lettings.models import (
    AffordabilityAssessment,
    SignUp,
    SignUpCheck,
    Tenancy,
    TenancyPack,
    TenancySignature,
    Void,
)
from lettings.services import signups as s
from tests.factories import UserFactory
from tests.lettings.test_portal_signing import (
    accepted_offer,
    complete_checks,
    lead_of,
    pack_of,
    ready_signup,
)

pytestmark = pytest.mark.django_db

SIGNUPS = "/api/v1/signups/"
TENANCIES = "/api/v1/tenancies/"
APP_BROWSER = "HomewardApp/2.0 (Android 14)"


def api(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def errors_of(response: Any, status: int) -> dict[str, list[str]]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["detail"]
    return body["errors"]


def streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def _path(url: str) -> str:
    return url.replace("http://testserver", "")


def _snapshot(signup: SignUp) -> tuple[Any, ...]:
    """Everything a refused request must leave alone."""
    fresh = SignUp.objects.get(pk=signup.pk)
    return (fresh.status, fresh.start_date, fresh.weekly_rent, fresh.service_charge,
            fresh.rent_period, fresh.updated_at,
            sorted(SignUpCheck.objects.filter(signup=signup)
                   .values_list("code", "status", "outcome", "updated_at")),
            list(AffordabilityAssessment.objects.filter(signup=signup)
                 .values_list("earnings", "updated_at")),
            TenancyPack.objects.filter(signup=signup).count(),
            TenancySignature.objects.filter(pack__signup=signup).count(),
            Tenancy.objects.count())


@pytest.fixture
def applicant_b(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="applicant-b", role="applicant")


# --- The whole way through -----------------------------------------------------------------------

def test_the_whole_sign_up_goes_through_the_api(make_bidder, officer, applicant, media_root):
    offer = accepted_offer(make_bidder, officer, applicant)
    staff, tenant = api(officer), api(applicant)

    started = staff.post(SIGNUPS, {"offer": offer.pk}, format="json")
    assert started.status_code == 201, started.content
    body = started.json()
    pk = body["id"]
    detail = f"{SIGNUPS}{pk}/"
    assert body["status"] == "checks"
    assert body["offer"] == offer.pk
    assert body["application"] == offer.application.reference
    assert body["tenancy_type"] and body["tenancy_reasons"]
    assert {c["code"] for c in body["checks"]} == {
        "identity", "eligibility", "household", "affordability", "rent_in_advance",
        "benefit_claim", "support", "tenancy_end"}
    assert body["outstanding"] and body["affordability"] is None
    assert body["current_pack"] is None
    # Before the pack the applicant cannot see it (the checks are the officer's working notes).
    assert tenant.get(detail).status_code == 404

    start = timezone.localdate() + dt.timedelta(days=7)
    terms = staff.post(f"{detail}terms/", {
        "start_date": start.isoformat(), "weekly_rent": "104.50", "service_charge": "8.20",
        "rent_period": "fortnightly", "additional_conditions": "Keep the garden tidy."},
        format="json")
    assert terms.status_code == 200, terms.content
    assert terms.json()["weekly_total"] == "112.70"
    assert terms.json()["rent_period"] == "fortnightly"
    assert terms.json()["start_date"] == start.isoformat()

    answers = {
        "identity": {"status": "done", "outcome": "Passport seen.",
                     "details": {"documents": "Passport"}},
        "household": {"status": "done", "outcome": "Nobody has joined or left.",
                      "details": {"working_situation": "full_time"}},
        "rent_in_advance": {"status": "done", "outcome": "Paid at the office.",
                            "details": {"amount_paid": "112.70"}},
        "benefit_claim": {"status": "not_needed", "outcome": "Working full time."},
        "support": {"status": "done", "outcome": "Referred for furniture.",
                    "details": {"referrals": ["furniture"]}},
        "tenancy_end": {"status": "done", "outcome": "Notice given to the landlord.",
                        "details": {"end_date": (start - dt.timedelta(days=1)).isoformat()}},
    }
    for code, answer in answers.items():
        response = staff.post(f"{detail}checks/{code}/", answer, format="json")
        assert response.status_code == 200, (code, response.content)
    eligibility = staff.post(f"{detail}eligibility/", {}, format="json")
    assert eligibility.status_code == 200, eligibility.content
    afford = staff.post(f"{detail}affordability/", {
        "earnings": "400", "council_tax": "20", "utilities": "30",
        "food_and_household": "80", "evidence_seen": "Payslips for 3 months"}, format="json")
    assert afford.status_code == 200, afford.content
    body = afford.json()
    assessment = AffordabilityAssessment.objects.get(signup_id=pk)
    assert body["affordability"]["earnings"] == "400.00"
    assert body["affordability"]["result"] == assessment.result
    assert body["affordability"]["reasons"] == assessment.reasons
    assert body["affordability"]["assessed_by"] == officer.get_full_name()
    checks = {c["code"]: c for c in body["checks"]}
    assert all(c["status"] != "to_do" for c in checks.values()), checks
    assert checks["identity"]["done_by"] == officer.get_full_name()
    assert checks["identity"]["done_at"] is not None
    assert checks["tenancy_end"]["details"] == {
        "end_date": (start - dt.timedelta(days=1)).isoformat()}
    assert checks["eligibility"]["status"] == "done"
    assert body["outstanding"] == []

    made = staff.post(f"{detail}pack/", {}, format="json")
    assert made.status_code == 201, made.content
    body = made.json()
    pack = TenancyPack.objects.get(signup_id=pk)
    assert body["status"] == "ready_to_sign"
    assert body["current_pack"]["version"] == 1
    assert body["current_pack"]["sha256"] == pack.sha256
    assert body["current_pack"]["pdf_url"].endswith(f"/api/v1/signups/{pk}/pack.pdf")

    # The applicant: status, terms, the pack and who signs; not the working notes.
    seen = tenant.get(detail)
    assert seen.status_code == 200
    seen_body = seen.json()
    assert {"checks", "outstanding", "affordability"}.isdisjoint(seen_body)
    assert seen_body["current_pack"]["sha256"] == pack.sha256
    assert [t["has_signed"] for t in seen_body["tenants"]] == [False]
    assert [row["id"] for row in tenant.get(SIGNUPS).json()["results"]] == [pk]
    pdf = tenant.get(_path(seen_body["current_pack"]["pdf_url"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert hashlib.sha256(streamed(pdf)).hexdigest() == pack.sha256

    lead = seen_body["tenants"][0]
    signed = tenant.post(f"{detail}sign/", {
        "member": lead["id"], "typed_name": lead["name"], "confirmed": True,
        "pdf_sha256": pack.sha256}, format="json", REMOTE_ADDR="203.0.113.20",
        HTTP_USER_AGENT=APP_BROWSER)
    assert signed.status_code == 201, signed.content
    body = signed.json()
    assert body["status"] == "tenant_signed"
    assert body["tenants"][0]["has_signed"] is True
    [signature] = body["signatures"]
    assert "ip_address" not in signature and "user_agent" not in signature
    assert signature["pdf_sha256"] == pack.sha256 == s.sha256_of_file(pack.letter.pdf)
    [signature] = staff.get(detail).json()["signatures"]
    assert signature["ip_address"] == "203.0.113.20"
    assert signature["user_agent"] == APP_BROWSER
    assert signature["method"] == "online" and signature["role"] == "tenant"

    counter = staff.post(f"{detail}countersign/", {
        "typed_name": officer.get_full_name(), "confirmed": True, "pdf_sha256": pack.sha256},
        format="json")
    assert counter.status_code == 201, counter.content
    tenancy = counter.json()
    stored = Tenancy.objects.get(signup_id=pk)
    assert tenancy["id"] == stored.pk and tenancy["reference"] == stored.reference
    assert tenancy["start_date"] == start.isoformat()
    assert tenancy["void_days"] == 27  # the last tenancy ended 20 days ago; this starts in 7
    assert Decimal(tenancy["rent_loss"]) == stored.rent_loss
    assert tenancy["core_status"] == stored.core_status
    assert tenancy["core_log"] == stored.core_log and tenancy["core_log"]
    assert Void.objects.get(property=offer.property).status == Void.Status.LET
    assert Application.objects.get(pk=offer.application_id).status == "closed"

    done = staff.get(detail).json()
    assert done["status"] == "signed" and done["tenancy"] == stored.pk
    assert done["signed_copy"]["sha256"] == SignUp.objects.get(pk=pk).signed_pdf_sha256
    copy = tenant.get(_path(done["signed_copy"]["pdf_url"]))
    assert copy.status_code == 200
    assert hashlib.sha256(streamed(copy)).hexdigest() == done["signed_copy"]["sha256"]

    assert [t["id"] for t in staff.get(TENANCIES).json()["results"]] == [stored.pk]
    own = tenant.get(f"{TENANCIES}{stored.pk}/")
    assert own.status_code == 200
    assert {"void_days", "rent_loss", "core_log", "core_status",
            "core_missing"}.isdisjoint(own.json())
    assert [t["id"] for t in tenant.get(TENANCIES).json()["results"]] == [stored.pk]


def test_an_officer_records_a_joint_tenants_signature_given_in_person(
        make_bidder, officer, applicant, media_root):
    signup = ready_signup(make_bidder, officer, applicant, joint=True)
    pack = pack_of(signup)
    joint = signup.application.members.get(role="joint")

    response = api(officer).post(f"{SIGNUPS}{signup.pk}/sign/", {
        "member": joint.pk, "typed_name": joint.full_name, "confirmed": True,
        "pdf_sha256": pack.sha256}, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "ready_to_sign"  # the lead tenant has still to sign
    assert [(t["name"], t["has_signed"]) for t in body["tenants"]] == [
        (lead_of(signup).full_name, False), (joint.full_name, True)]
    signature = TenancySignature.objects.get(pack=pack)
    assert signature.method == TenancySignature.Method.IN_PERSON
    assert signature.user == officer


# --- Who may use it ------------------------------------------------------------------------------

ROLES = ["anonymous", "applicant_b", "adviser", "provider_user_a", "provider_user_b"]


@pytest.mark.parametrize("role", ROLES)
def test_nobody_else_sees_or_signs_a_sign_up(request, role, make_bidder, officer, applicant,
                                             provider_a, media_root):
    signup = ready_signup(make_bidder, officer, applicant, landlord=provider_a)
    pack = pack_of(signup)
    lead = lead_of(signup)
    if role == "applicant_b":
        make_bidder(user=request.getfixturevalue("applicant_b"))
    client = api(None if role == "anonymous" else request.getfixturevalue(role))
    before = _snapshot(signup)
    detail = f"{SIGNUPS}{signup.pk}/"

    listing = client.get(SIGNUPS)
    reads = [client.get(detail), client.get(f"{detail}pack.pdf")]
    sign = client.post(f"{detail}sign/", {"member": lead.pk, "typed_name": lead.full_name,
                                          "confirmed": True, "pdf_sha256": pack.sha256},
                       format="json")
    staff_only = [
        client.post(SIGNUPS, {"offer": signup.offer_id}, format="json"),
        client.post(f"{detail}terms/", {"weekly_rent": "1.00"}, format="json"),
        client.post(f"{detail}checks/identity/", {"status": "done", "outcome": "x"},
                    format="json"),
        client.post(f"{detail}reopen/", {"reason": "Because"}, format="json"),
        client.post(f"{detail}countersign/", {"typed_name": "x", "confirmed": True,
                                              "pdf_sha256": pack.sha256}, format="json"),
    ]

    if role == "anonymous":
        for response in (listing, *reads, sign, *staff_only):
            assert response.status_code in (401, 403)
    elif role == "applicant_b":
        assert listing.status_code == 200 and listing.json()["results"] == []
        assert [r.status_code for r in reads] == [404, 404]
        assert sign.status_code == 404
        assert [r.status_code for r in staff_only] == [403] * 5
    else:
        for response in (listing, *reads, sign, *staff_only):
            assert response.status_code == 403, (role, response.content)
    assert _snapshot(signup) == before


def test_staff_only_actions_are_refused_to_the_applicant_themselves(
        make_bidder, officer, applicant, media_root):
    signup = ready_signup(make_bidder, officer, applicant)
    tenant = api(applicant)
    before = _snapshot(signup)
    detail = f"{SIGNUPS}{signup.pk}/"

    for path, data in ((f"{detail}terms/", {"weekly_rent": "1.00"}),
                       (f"{detail}checks/identity/", {"status": "done", "outcome": "x"}),
                       (f"{detail}eligibility/", {}),
                       (f"{detail}affordability/", {"earnings": "900"}),
                       (f"{detail}pack/", {}),
                       (f"{detail}reopen/", {"reason": "I changed my mind"}),
                       (f"{detail}countersign/", {"typed_name": "x", "confirmed": True,
                                                  "pdf_sha256": pack_of(signup).sha256}),
                       (SIGNUPS, {"offer": signup.offer_id})):
        assert tenant.post(path, data, format="json").status_code == 403, path
    assert _snapshot(signup) == before


def test_tenancies_are_seen_by_staff_the_household_and_the_homes_landlord_only(
        request, make_bidder, officer, applicant, applicant_b, provider_a, provider_user_a,
        provider_user_b, adviser, media_root):
    signup = ready_signup(make_bidder, officer, applicant, landlord=provider_a)
    pack = pack_of(signup)
    lead = lead_of(signup)
    s.tenant_sign(signup=signup, actor=applicant, member_id=lead.pk, typed_name=lead.full_name,
                  confirmed=True, pdf_sha256=pack.sha256)
    tenancy = s.countersign(signup=signup, actor=officer, typed_name=officer.get_full_name(),
                            confirmed=True, pdf_sha256=pack.sha256)
    make_bidder(user=applicant_b)
    detail = f"{TENANCIES}{tenancy.pk}/"

    landlord = api(provider_user_a)
    assert [t["id"] for t in landlord.get(TENANCIES).json()["results"]] == [tenancy.pk]
    body = landlord.get(detail).json()
    assert body["core_log"] == tenancy.core_log and "void_days" in body
    other_org = api(provider_user_b)
    assert other_org.get(TENANCIES).json()["results"] == []
    assert other_org.get(detail).status_code == 404
    assert api(applicant_b).get(detail).status_code == 404
    assert api(applicant_b).get(TENANCIES).json()["results"] == []
    assert api(adviser).get(TENANCIES).status_code == 403
    assert api(adviser).get(detail).status_code == 403
    assert api().get(detail).status_code in (401, 403)
    assert api(applicant).get(f"{TENANCIES}99999999999/").status_code == 404


# --- Bad input -----------------------------------------------------------------------------------

def test_bad_input_is_a_400_with_field_errors_and_changes_nothing(
        make_bidder, officer, applicant, media_root):
    offer = accepted_offer(make_bidder, officer, applicant)
    signup = s.signup_start(offer=offer, actor=officer)
    staff = api(officer)
    detail = f"{SIGNUPS}{signup.pk}/"
    before = _snapshot(signup)
    lead = lead_of(signup)
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()

    cases: list[tuple[str, Any, str]] = [
        (SIGNUPS, {"offer": "x"}, "offer"),
        (SIGNUPS, {"offer": 10 ** 12}, "offer"),
        (SIGNUPS, {}, "offer"),
        (f"{detail}terms/", {"weekly_rent": "abc"}, "weekly_rent"),
        (f"{detail}terms/", {"weekly_rent": "-1"}, "weekly_rent"),
        (f"{detail}terms/", {"service_charge": None}, "service_charge"),
        (f"{detail}terms/", {"start_date": "next week"}, "start_date"),
        (f"{detail}terms/", {"start_date": yesterday}, "start_date"),
        (f"{detail}terms/", {"rent_period": "daily"}, "rent_period"),
        (f"{detail}terms/", {"joint_tenants": ["x"]}, "joint_tenants[0]"),
        (f"{detail}terms/", {"joint_tenants": [lead.pk]}, "joint_tenants"),
        (f"{detail}terms/", {"colour": "red"}, "colour"),
        (f"{detail}checks/identity/", {"status": "maybe", "outcome": "x"}, "status"),
        (f"{detail}checks/identity/", {"status": "done"}, "outcome"),
        (f"{detail}checks/identity/", {"status": "not_needed", "outcome": "x"}, "status"),
        (f"{detail}checks/identity/", {"status": "done", "outcome": "x",
                                       "details": {"amount_paid": "5"}}, "amount_paid"),
        (f"{detail}checks/identity/", {"status": "done", "outcome": "x",
                                       "details": "passport"}, "details.non_field_errors"),
        (f"{detail}checks/identity/", {"status": "done", "outcome": "x",
                                       "details": {"colour": "red"}}, "details.colour"),
        (f"{detail}checks/tenancy_end/", {"status": "done", "outcome": "x",
                                          "details": {"end_date": "soon"}}, "details.end_date"),
        (f"{detail}checks/tenancy_end/", {"status": "done", "outcome": "x"}, "end_date"),
        (f"{detail}checks/household/", {"status": "done", "outcome": "x",
                                        "details": {"working_situation": "astronaut"}},
         "working_situation"),
        (f"{detail}checks/support/", {"status": "done", "outcome": "x",
                                      "details": {"referrals": ["spa_days"]}}, "referrals"),
        (f"{detail}checks/eligibility/", {"status": "done", "outcome": "x"}, "code"),
        (f"{detail}affordability/", {"earnings": "abc"}, "earnings"),
        (f"{detail}affordability/", {"earnings": "1e400"}, "earnings"),
        (f"{detail}affordability/", {"council_tax": -5}, "council_tax"),
        (f"{detail}affordability/", {"childcare": [1]}, "childcare"),
        (f"{detail}affordability/", {"evidence_inconclusive": "perhaps"},
         "evidence_inconclusive"),
        (f"{detail}affordability/", {"bingo": "10"}, "bingo"),
        (f"{detail}reopen/", {"reason": ""}, "reason"),
    ]
    for path, data, field in cases:
        errors = errors_of(staff.post(path, data, format="json"), 400)
        assert field in errors, (path, data, errors)
    # The pack cannot be made before the checks are done.
    errors = errors_of(staff.post(f"{detail}pack/", {}, format="json"), 400)
    assert "checks" in errors and "start_date" in errors
    # Malformed JSON, and a body that is not an object.
    for path in (f"{detail}terms/", f"{detail}affordability/", SIGNUPS):
        errors_of(staff.post(path, "{not json", content_type="application/json"), 400)
        errors_of(staff.post(path, "[1, 2]", content_type="application/json"), 400)
    # An unknown check, or an id too large for the database, is not found.
    assert staff.post(f"{detail}checks/gas_safety/", {"status": "done", "outcome": "x"},
                      format="json").status_code == 404
    assert staff.get(f"{SIGNUPS}99999999999/").status_code == 404
    assert staff.get(SIGNUPS, {"status": "lost"}).status_code == 400
    assert _snapshot(signup) == before


def test_bad_signatures_are_refused_and_nothing_is_stored(make_bidder, officer, applicant,
                                                          media_root):
    signup = ready_signup(make_bidder, officer, applicant)
    pack = pack_of(signup)
    lead = lead_of(signup)
    tenant = api(applicant)
    sign = f"{SIGNUPS}{signup.pk}/sign/"
    good = {"member": lead.pk, "typed_name": lead.full_name, "confirmed": True,
            "pdf_sha256": pack.sha256}
    before = _snapshot(signup)

    for change, field in (({"member": "x"}, "member"), ({"member": None}, "member"),
                          ({"member": 99999}, "member"),
                          ({"typed_name": "Somebody Else"}, "typed_name"),
                          ({"typed_name": ""}, "typed_name"),
                          ({"typed_name": ["x"]}, "typed_name"),
                          ({"confirmed": False}, "confirmed"),
                          ({"confirmed": "x"}, "confirmed"),
                          ({"pdf_sha256": ["x"]}, "pdf_sha256"),
                          ({"pdf_sha256": "a" * 65}, "pdf_sha256"),
                          ({"extra": 1}, "extra")):
        errors = errors_of(tenant.post(sign, good | change, format="json"), 400)
        assert field in errors, (change, errors)
    errors_of(tenant.post(sign, "{oops", content_type="application/json"), 400)
    # The hash of a different PDF: the pack shown is not the one stored.
    errors = errors_of(tenant.post(sign, good | {"pdf_sha256": "0" * 64}, format="json"), 409)
    assert "pdf_sha256" in errors
    assert _snapshot(signup) == before


# --- Conflicts -----------------------------------------------------------------------------------

def test_conflicts_with_the_sign_ups_state_are_409s(make_bidder, officer, applicant,
                                                     media_root):
    offer = accepted_offer(make_bidder, officer, applicant)
    staff = api(officer)
    signup = s.signup_start(offer=offer, actor=officer)
    detail = f"{SIGNUPS}{signup.pk}/"

    errors_of(staff.post(SIGNUPS, {"offer": offer.pk}, format="json"), 409)  # started already
    errors_of(staff.post(f"{detail}reopen/", {"reason": "x"}, format="json"), 409)
    errors_of(staff.post(f"{detail}countersign/", {
        "typed_name": officer.get_full_name(), "confirmed": True, "pdf_sha256": "0" * 64},
        format="json"), 409)

    complete_checks(signup, officer)
    s.pack_generate(signup=signup, actor=officer)
    old = pack_of(signup)
    errors_of(staff.post(f"{detail}terms/", {"weekly_rent": "99.00"}, format="json"), 409)
    errors_of(staff.post(f"{detail}pack/", {}, format="json"), 409)
    errors_of(staff.post(f"{detail}affordability/", {"earnings": "500"}, format="json"), 409)

    # The pack is remade after a change: a signature on the old one is refused.
    reopened = staff.post(f"{detail}reopen/", {"reason": "The start date moved"}, format="json")
    assert reopened.status_code == 200 and reopened.json()["current_pack"] is None
    assert staff.post(f"{detail}pack/", {}, format="json").status_code == 201
    lead = lead_of(signup)
    errors = errors_of(api(applicant).post(f"{detail}sign/", {
        "member": lead.pk, "typed_name": lead.full_name, "confirmed": True,
        "pdf_sha256": old.sha256}, format="json"), 409)
    assert "pdf_sha256" in errors
    assert not TenancySignature.objects.exists()

    new = pack_of(signup)
    assert api(applicant).post(f"{detail}sign/", {
        "member": lead.pk, "typed_name": lead.full_name, "confirmed": True,
        "pdf_sha256": new.sha256}, format="json").status_code == 201
    # Signed already: signing again, or changing the checks, is a conflict.
    errors_of(api(applicant).post(f"{detail}sign/", {
        "member": lead.pk, "typed_name": lead.full_name, "confirmed": True,
        "pdf_sha256": new.sha256}, format="json"), 409)
    errors_of(staff.post(f"{detail}checks/identity/", {"status": "done", "outcome": "x"},
                         format="json"), 409)
    # The counter-signature needs the officer's own name (400), then succeeds once.
    errors = errors_of(staff.post(f"{detail}countersign/", {
        "typed_name": "Someone Else", "confirmed": True, "pdf_sha256": new.sha256},
        format="json"), 400)
    assert "typed_name" in errors
    assert staff.post(f"{detail}countersign/", {
        "typed_name": officer.get_full_name(), "confirmed": True, "pdf_sha256": new.sha256},
        format="json").status_code == 201
    errors_of(staff.post(f"{detail}countersign/", {
        "typed_name": officer.get_full_name(), "confirmed": True, "pdf_sha256": new.sha256},
        format="json"), 409)
    assert Tenancy.objects.filter(signup=signup).count() == 1


def test_the_openapi_schema_documents_the_sign_up_endpoints(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path in ("/api/v1/signups/", "/api/v1/signups/{id}/", "/api/v1/signups/{id}/sign/",
                 "/api/v1/signups/{id}/checks/{code}/", "/api/v1/signups/{id}/countersign/",
                 "/api/v1/tenancies/", "/api/v1/tenancies/{id}/"):
        assert path in paths, path
    pdf = paths["/api/v1/signups/{id}/pack.pdf"]["get"]["responses"]["200"]["content"]
    assert "application/pdf" in pdf


def test_listing_sign_ups_and_tenancies_does_not_query_per_row(make_bidder, officer, applicant,
                                                               media_root):
    staff = api(officer)
    s.signup_start(offer=accepted_offer(make_bidder, officer, applicant), actor=officer)
    with CaptureQueriesContext(connection) as one:
        assert len(staff.get(SIGNUPS).json()["results"]) == 1
    for n in range(2):
        user = UserFactory(username=f"more-{n}", role="applicant")
        s.signup_start(offer=accepted_offer(make_bidder, officer, user), actor=officer)
    with CaptureQueriesContext(connection) as three:
        assert len(staff.get(SIGNUPS).json()["results"]) == 3
    assert len(three.captured_queries) == len(one.captured_queries)
