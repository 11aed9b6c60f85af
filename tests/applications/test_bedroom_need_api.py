"""The public bedroom-need calculator: POST /api/v1/bedroom-need/ (DOMAIN.md §4.5.1)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from housing.scheme.models import SchemeVersion
from tests.core.test_api_errors import assert_error_shape

pytestmark = pytest.mark.django_db

URL = "/api/v1/bedroom-need/"
ON = dt.date(2026, 6, 15)


def dob(age: int, on: dt.date = ON) -> str:
    return dt.date(on.year - age, 2, 10).isoformat()


def applicant(age: int = 34, sex: str = "female") -> dict[str, Any]:
    return {"date_of_birth": dob(age), "sex": sex, "relationship": "applicant"}


def partner(age: int = 36, sex: str = "male") -> dict[str, Any]:
    return {"date_of_birth": dob(age), "sex": sex, "relationship": "partner", "partner_of": 0}


def child(age: int, sex: str | None) -> dict[str, Any]:
    return {"date_of_birth": dob(age), "sex": sex, "relationship": "child"}


def post(client: Client, members: Any, on: dt.date | None = ON, **extra: Any) -> Any:
    body: dict[str, Any] = {"members": members, **extra}
    if on is not None:
        body["on"] = on.isoformat()
    return client.post(URL, body, content_type="application/json")


def ok(client: Client, members: Any, **kw: Any) -> dict[str, Any]:
    response = post(client, members, **kw)
    assert response.status_code == 200, response.content
    return response.json()  # type: ignore[no-any-return]


def bad(client: Client, members: Any, **kw: Any) -> dict[str, list[str]]:
    response = post(client, members, **kw)
    assert response.status_code == 400, response.content
    body = response.json()
    assert_error_shape(body)
    return body["errors"]  # type: ignore[no-any-return]


# --- the DOMAIN §4.5.1 table through the API -------------------------------------------------


@pytest.mark.parametrize(("members", "bedrooms"), [
    pytest.param([applicant(30)], 1, id="single adult 30"),
    pytest.param([applicant(), partner(), child(0, "male")], 2, id="couple + baby"),
    pytest.param([applicant(), partner(), child(8, "male"), child(6, "female")], 2,
                 id="couple + boy 8 + girl 6"),
    pytest.param([applicant(), partner(), child(12, "male"), child(8, "female")], 3,
                 id="couple + boy 12 + girl 8"),
    pytest.param([applicant(), partner(), child(12, "male"), child(5, "male"),
                  child(6, "female"), child(7, "female")], 3, id="couple + four children"),
    pytest.param([applicant(45), child(22, "male"), child(15, "female")], 3,
                 id="lone parent + son 22 + daughter 15"),
    pytest.param([applicant(), partner(), child(17, "female"), child(19, "female")], 2,
                 id="couple + girls 17 and 19"),
    pytest.param([applicant(), partner(), child(5, "male"), child(14, "male")], 2,
                 id="couple + brothers 5 and 14"),
    pytest.param([applicant(), partner(),
                  {"due_date": (ON + dt.timedelta(weeks=8)).isoformat(), "relationship": "child"},
                  child(3, "female")], 2, id="couple + pregnant + girl 3"),
])
def test_the_domain_table_through_the_api(client, members, bedrooms):
    body = ok(client, members)
    assert body["bedrooms"] == bedrooms
    assert body["reasons"][0] == f"You need {bedrooms} bedroom{'s' if bedrooms > 1 else ''}."
    assert body["scheme_version"] == "Default allocation scheme"


def test_answer_has_sizes_reasons_and_scheme(client):
    body = ok(client, [applicant(30)])
    assert body == {"bedrooms": 1, "eligible_sizes": [0, 1],
                    "reasons": ["You need 1 bedroom.", "One bedroom for you."],
                    "scheme_version": "Default allocation scheme"}


def test_reasons_name_you_your_partner_and_numbered_members(client):
    body = ok(client, [applicant(), partner(), child(12, "male"), child(8, "female"),
                       child(5, "male")])
    # The boy of 12 could share with the boy of 5 instead; children nearest in age are paired.
    assert body["reasons"] == [
        "You need 3 bedrooms.",
        "One bedroom for you and your partner.",
        "One bedroom for member 3 (12).",
        "One bedroom shared by member 4 (8) and member 5 (5): children under 10 can share "
        "whatever their sex.",
    ]


def test_expected_baby_is_described_by_its_due_date(client):
    body = ok(client, [applicant(), partner(), child(3, "female"),
                       {"due_date": "2026-08-10", "relationship": "child", "sex": None}])
    assert body["reasons"][2] == ("One bedroom shared by member 3 (3) and the baby due on 10 "
                                  "August 2026: children under 10 can share whatever their sex.")
    assert body["reasons"][3] == "The baby due on 10 August 2026 is counted as a child under 10."


def test_partner_relationship_makes_a_couple_without_partner_of(client):
    body = ok(client, [applicant(), {"date_of_birth": dob(36), "relationship": "partner"}])
    assert body["bedrooms"] == 1


def test_partner_of_on_one_side_is_enough(client):
    body = ok(client, [{"date_of_birth": dob(34), "relationship": "other", "partner_of": 1},
                       {"date_of_birth": dob(35), "relationship": "other"}])
    assert body["bedrooms"] == 1
    assert body["reasons"][1] == ("One bedroom for member 1 (34) and member 2 (35), who are a "
                                  "couple.")


def test_uses_the_scheme_in_force_on_the_date(client):
    SchemeVersion.objects.create(name="Housing benefit sizes", effective_from=dt.date(2026, 1, 1),
                                 status=SchemeVersion.Status.PUBLISHED, bedroom_adult_age=16,
                                 bedroom_same_sex_sharing_max_age=15)
    members = [applicant(), partner(), child(17, "female"), child(19, "female")]
    later = ok(client, members)
    assert later["bedrooms"] == 3
    assert later["scheme_version"] == "Housing benefit sizes"
    earlier = ok(client, [applicant(), partner(),
                          child(17, "female") | {"date_of_birth": "2008-02-10"},
                          child(19, "female") | {"date_of_birth": "2006-02-10"}],
                 on=dt.date(2025, 6, 15))
    assert earlier["bedrooms"] == 2
    assert earlier["scheme_version"] == "Default allocation scheme"


def test_date_defaults_to_today(client):
    today = timezone.localdate()
    members = [{"date_of_birth": dob(30, today), "relationship": "applicant"},
               {"due_date": (today + dt.timedelta(days=1)).isoformat(), "relationship": "child"}]
    body = ok(client, members, on=None)
    assert body["bedrooms"] == 2


def test_needs_no_sign_in_or_csrf_token(client):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(URL, {"on": ON.isoformat(), "members": [applicant()]},
                           content_type="application/json",
                           HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code == 200


# --- bad input: always 400 in the one error shape --------------------------------------------


def test_members_are_required(client):
    response = client.post(URL, {"on": ON.isoformat()}, content_type="application/json")
    assert response.status_code == 400
    assert "members" in response.json()["errors"]


def test_empty_household_is_refused(client):
    assert bad(client, []) == {"members": ["Add at least one household member."]}


def test_more_than_twenty_members_is_refused(client):
    errors = bad(client, [applicant(), *[child(5, "male") for _ in range(20)]])
    assert errors == {"members": ["A household can have at most 20 members."]}


def test_members_must_be_a_list(client):
    assert "members" in bad(client, {"0": applicant()})


def test_member_must_be_an_object(client):
    assert "members[1].non_field_errors" in bad(client, [applicant(), 5])


def test_member_needs_a_date_of_birth_or_due_date(client):
    errors = bad(client, [applicant(), {"relationship": "child", "sex": "male"}])
    assert errors == {"members[1].date_of_birth": ["Give a date of birth, or a due date for an "
                                                   "expected baby."]}


def test_member_cannot_have_both_dates(client):
    errors = bad(client, [applicant(), {"relationship": "child", "date_of_birth": dob(2),
                                        "due_date": "2026-09-01"}])
    assert set(errors) == {"members[1].due_date"}


def test_date_of_birth_cannot_be_after_the_calculation_date(client):
    errors = bad(client, [applicant(), {"relationship": "child", "date_of_birth": "2026-06-16"}])
    assert set(errors) == {"members[1].date_of_birth"}


def test_implausibly_old_date_of_birth_is_refused(client):
    errors = bad(client, [{"relationship": "applicant", "date_of_birth": "1800-01-01"}])
    assert set(errors) == {"members[0].date_of_birth"}


def test_due_date_cannot_be_in_the_past(client):
    errors = bad(client, [applicant(), {"relationship": "child", "due_date": "2026-06-14"}])
    assert errors == {"members[1].due_date": ["The due date has passed: give the baby's date of "
                                              "birth instead."]}


def test_due_date_cannot_be_more_than_ten_months_ahead(client):
    assert ok(client, [applicant(), {"relationship": "child", "due_date": "2027-04-15"}])
    errors = bad(client, [applicant(), {"relationship": "child", "due_date": "2027-04-16"}])
    assert set(errors) == {"members[1].due_date"}


def test_applicant_cannot_be_an_expected_baby(client):
    errors = bad(client, [{"relationship": "applicant", "due_date": "2026-09-01"}])
    assert set(errors) == {"members[0].due_date"}


@pytest.mark.parametrize("partner_of", [2, 7, -1])
def test_partner_of_must_be_another_member(client, partner_of):
    errors = bad(client, [applicant(), {**child(30, "male"), "partner_of": partner_of}])
    assert set(errors) == {"members[1].partner_of"}


def test_member_cannot_be_their_own_partner(client):
    errors = bad(client, [applicant(), {**child(30, "male"), "partner_of": 1}])
    assert errors == {"members[1].partner_of": ["A member cannot be their own partner."]}


def test_a_member_cannot_have_two_partners(client):
    errors = bad(client, [{**applicant(), "partner_of": 1},
                          {"date_of_birth": dob(35), "relationship": "other"},
                          {"date_of_birth": dob(36), "relationship": "other", "partner_of": 1}])
    assert errors == {"members[2].partner_of": ["Member 1 is already the partner of member 0."]}


def test_asymmetric_partner_links_are_refused(client):
    errors = bad(client, [{**applicant(), "partner_of": 1},
                          {"date_of_birth": dob(35), "relationship": "other", "partner_of": 2},
                          {"date_of_birth": dob(36), "relationship": "other"}])
    assert errors == {"members[1].partner_of": ["This member is already the partner of "
                                                "member 0."]}


def test_an_expected_baby_cannot_be_a_partner(client):
    errors = bad(client, [applicant(), {"due_date": "2026-09-01", "relationship": "child"},
                          {"date_of_birth": dob(20), "relationship": "other", "partner_of": 1}])
    assert set(errors) == {"members[2].partner_of"}


def test_only_one_applicant(client):
    errors = bad(client, [applicant(), applicant()])
    assert errors == {"members[1].relationship": ["Only one member can be the applicant."]}


def test_applicants_partner_must_be_linked_to_the_applicant(client):
    errors = bad(client, [applicant(), child(30, "male"), {**partner(), "partner_of": 1}])
    assert set(errors) == {"members[2].partner_of"}


def test_partner_needs_an_applicant(client):
    errors = bad(client, [{"date_of_birth": dob(36), "relationship": "partner"}])
    assert set(errors) == {"members[0].relationship"}


def test_only_one_partner_of_the_applicant(client):
    errors = bad(client, [applicant(), partner(),
                          {"date_of_birth": dob(33), "relationship": "partner"}])
    assert set(errors) == {"members[2].relationship"}


def test_relationship_must_be_from_the_list(client):
    errors = bad(client, [{**applicant(), "relationship": "lodger"}])
    assert set(errors) == {"members[0].relationship"}


def test_sex_must_be_from_the_list(client):
    errors = bad(client, [{**applicant(), "sex": "f"}])
    assert set(errors) == {"members[0].sex"}


@pytest.mark.parametrize("value", ["15/06/1990", "1990-02-30", "yesterday", 19900615])
def test_malformed_dates_are_refused(client, value):
    errors = bad(client, [{**applicant(), "date_of_birth": value}])
    assert set(errors) == {"members[0].date_of_birth"}


def test_malformed_calculation_date_is_refused(client):
    response = client.post(URL, {"on": "2026-13-01", "members": [applicant()]},
                           content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"on"}


def test_date_with_no_scheme_in_force_is_refused_on_the_date_field(client):
    errors = bad(client, [{"relationship": "applicant", "date_of_birth": "1950-01-01"}],
                 on=dt.date(1990, 1, 1))
    assert set(errors) == {"on"}


def test_far_future_date_does_not_crash(client):
    body = ok(client, [{"relationship": "applicant", "date_of_birth": "9950-01-01"},
                       {"relationship": "child", "due_date": "9999-12-31"}],
              on=dt.date(9999, 12, 1))
    assert body["bedrooms"] == 2


@pytest.mark.parametrize("raw", ['{"members": [', "[1, 2]", '"text"', "null", ""])
def test_malformed_or_wrong_json_is_a_400(client, raw):
    response = client.post(URL, raw, content_type="application/json")
    assert response.status_code == 400
    assert_error_shape(response.json())


def test_errors_for_several_members_are_reported_together(client):
    errors = bad(client, [applicant(), {**child(3, "x")},
                          {"relationship": "child", "date_of_birth": "2030-01-01"}])
    assert "members[1].sex" in errors
    assert "members[2].date_of_birth" not in errors  # cross checks wait for valid fields


def test_get_is_a_405_in_the_error_shape(client):
    response = client.get(URL)
    assert response.status_code == 405
    assert_error_shape(response.json())


# --- documentation -----------------------------------------------------------------------------


def test_schema_documents_the_endpoint(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert "post" in schema["paths"][URL]
    components = schema["components"]["schemas"]
    assert "BedroomNeed" in components
    assert "BedroomNeedMember" in components or "BedroomNeedMemberRequest" in components
    assert json.dumps(schema)  # serialisable end to end
