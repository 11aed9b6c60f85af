"""The reviews API (``/api/v1/reviews/``): the applicant asks and follows their own review, staff
work it, who sees what, and bad input (400 with field errors, 409 for conflicts, never 500)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from applications.models import BandAward, ReviewRequest
from applications.services.banding import award_confirm
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/reviews/"


def api(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def url(reference: str, *parts: str) -> str:
    return f"{LIST}{reference}/" + "".join(f"{p}/" for p in parts)


def errors(response: Any, status: int) -> dict[str, list[str]]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"]
    return dict(body["errors"])


@pytest.fixture
def award(qualified_case, officer):  # type: ignore[no-untyped-def]
    return award_confirm(application=qualified_case, actor=officer, reason_codes=["C2"])


def _ask(applicant, qualified_case, **body):  # type: ignore[no-untyped-def]
    return api(applicant).post(LIST, {"application": qualified_case.reference, "type": "band",
                                      **body}, format="json")


def test_the_applicant_asks_and_the_staff_work_the_review(qualified_case, award, applicant,
                                                         officer, manager, senior_officer):
    response = _ask(applicant, qualified_case, grounds="The damp makes my son ill.")
    assert response.status_code == 201, response.content
    body = response.json()
    reference = body["reference"]
    assert body["status"] == "acknowledged" and body["in_time"] is True
    assert body["award"] == award.pk and body["channel"] == "portal"
    assert body["reviewer"] is None and body["requested_by"] is None  # staff-only fields
    assert body["target_date"] == (timezone.localdate() + dt.timedelta(days=56)).isoformat()

    # The applicant sees their own review and adds representations.
    assert api(applicant).get(url(reference)).status_code == 200
    assert [r["reference"] for r in api(applicant).get(LIST).json()["results"]] == [reference]
    response = api(applicant).post(url(reference, "representations"),
                                   {"text": "GP letter to follow."}, format="json")
    assert response.status_code == 200 and "GP letter" in response.json()["representations"]
    # …but does not allocate or decide.
    assert api(applicant).post(url(reference, "allocate"), {"reviewer": "senior"},
                               format="json").status_code == 403
    assert api(applicant).post(url(reference, "decision"),
                               {"outcome": "upheld", "reasons": "x"},
                               format="json").status_code == 403

    # An officer who is not senior cannot allocate; the proposer cannot be the reviewer.
    assert api(officer).post(url(reference, "allocate"), {"reviewer": "senior"},
                             format="json").status_code == 403
    refused = api(manager).post(url(reference, "allocate"), {"reviewer": "officer"},
                                format="json")
    assert "proposed the award under review" in errors(refused, 400)["reviewer"][0]
    response = api(manager).post(url(reference, "allocate"), {"reviewer": "senior"},
                                 format="json")
    assert response.status_code == 200 and response.json()["reviewer"] == "senior"

    # Only the reviewer decides.
    assert api(manager).post(url(reference, "decision"), {"outcome": "upheld", "reasons": "x"},
                             format="json").status_code == 403
    response = api(senior_officer).post(
        url(reference, "decision"),
        {"outcome": "overturned", "reasons": "Overcrowded with damp: Band B.",
         "reason_codes": ["B3"]}, format="json")
    assert response.status_code == 200, response.content
    decided = response.json()
    assert decided["status"] == "decided" and decided["outcome"] == "overturned"
    assert decided["corrected_award"]["band"] == "B"
    assert BandAward.objects.get(status="current").band == "B"
    # Decided: nothing more can happen to it.
    assert errors(api(applicant).post(url(reference, "withdraw"), {}, format="json"), 409)


def test_an_applicant_cannot_see_or_touch_another_households_review(qualified_case, award,
                                                                    applicant):
    reference = _ask(applicant, qualified_case).json()["reference"]
    other = UserFactory(username="other-applicant", role="applicant")
    other_case = ApplicationFactory(applicant_user=other)
    client = api(other)
    assert client.get(url(reference)).status_code == 404
    assert client.get(LIST).json()["results"] == []
    for action, body in (("representations", {"text": "Hi"}), ("withdraw", {})):
        assert client.post(url(reference, action), body, format="json").status_code == 404
    # Nor ask for a review on someone else's application.
    errors(client.post(LIST, {"application": qualified_case.reference, "type": "band"},
                       format="json"), 404)
    errors(client.get(LIST, {"application": qualified_case.reference}), 404)
    assert ReviewRequest.objects.get().representations == ""
    assert other_case.reviews.count() == 0


def test_providers_and_medical_advisers_are_refused(qualified_case, award, applicant,
                                                    provider_user_a, adviser):
    reference = _ask(applicant, qualified_case).json()["reference"]
    for user in (provider_user_a, adviser):
        assert api(user).get(LIST).status_code == 403
        assert api(user).get(url(reference)).status_code == 403
    assert api().get(LIST).status_code in (401, 403)


def test_bad_input_is_400_with_field_errors_and_conflicts_are_409(qualified_case, award,
                                                                  applicant, officer, manager):
    client = api(officer)
    cases = [
        ({"application": qualified_case.reference, "type": "nope"}, "type"),
        ({"application": qualified_case.reference, "type": "band", "channel": "fax"},
         "channel"),
        ({"application": qualified_case.reference, "type": "band", "received_at": "soon"},
         "received_at"),
        ({"application": qualified_case.reference, "type": "band", "channel": "phone",
          "received_at": (timezone.localdate() + dt.timedelta(days=2)).isoformat()},
         "received_at"),
        ({"application": qualified_case.reference, "type": "band", "award": "x"}, "award"),
        ({"application": qualified_case.reference, "type": "band", "award": 987654},
         "award"),
        ({"application": qualified_case.reference, "type": "closure"}, "decision_summary"),
        ({"type": "band"}, "application"),
    ]
    for body, field in cases:
        assert field in errors(client.post(LIST, body, format="json"), 400), body
    errors(client.post(LIST, "not json", content_type="application/json"), 400)
    errors(client.post(LIST, {"application": "HR-NOPE", "type": "band"}, format="json"), 404)
    assert not ReviewRequest.objects.exists()

    # Late without a reason: 400 on late_reason.
    BandAward.objects.filter(pk=award.pk).update(award_date=dt.date(2026, 1, 5))
    from housing.letters.models import Letter

    Letter.objects.filter(pk=award.decision_letter_id).update(
        created_at=timezone.now() - dt.timedelta(days=90))
    late = errors(_ask(applicant, qualified_case), 400)
    assert "late_reason" in late
    response = _ask(applicant, qualified_case, late_reason="In hospital.")
    assert response.status_code == 201 and response.json()["status"] == "awaiting_late_decision"
    reference = response.json()["reference"]
    # One open review per decision.
    assert "award" in errors(_ask(applicant, qualified_case, late_reason="Again"), 409)
    # Cannot allocate a review still waiting for a manager's acceptance.
    errors(api(manager).post(url(reference, "allocate"), {"reviewer": "manager"},
                             format="json"), 409)
    assert "reviewer" in errors(api(manager).post(url(reference, "allocate"),
                                                  {"reviewer": "ghost"}, format="json"), 400)
    # Refer it to a manager once; twice is a conflict.
    assert api(officer).post(url(reference, "late-referral"), {"note": "Seen the letter."},
                             format="json").status_code == 200
    errors(api(officer).post(url(reference, "late-referral"), {}, format="json"), 409)
    assert "text" in errors(api(applicant).post(url(reference, "representations"), {},
                                                format="json"), 400)
    errors(api(applicant).post(url(reference, "decision"), {}, format="json"), 403)


def test_decision_input_is_checked(qualified_case, award, applicant, manager, senior_officer):
    reference = _ask(applicant, qualified_case).json()["reference"]
    api(manager).post(url(reference, "allocate"), {"reviewer": "senior"}, format="json")
    client = api(senior_officer)
    for body, field in (({"outcome": "maybe", "reasons": "x"}, "outcome"),
                        ({"outcome": "upheld"}, "reasons"),
                        ({"outcome": "upheld", "reasons": " "}, "reasons"),
                        ({"outcome": "varied", "reasons": "x"}, "reason_codes"),
                        ({"outcome": "varied", "reasons": "x", "reason_codes": "B3"},
                         "reason_codes"),
                        ({"outcome": "varied", "reasons": "x", "reason_codes": ["Q9"]},
                         "reason_codes"),
                        ({"outcome": "varied", "reasons": "x", "reason_codes": ["B3"],
                          "override_band": "Z"}, "override_band")):
        assert field in errors(client.post(url(reference, "decision"), body, format="json"),
                               400), body
    assert ReviewRequest.objects.get().status == "allocated"
    response = client.post(url(reference, "decision"),
                           {"outcome": "upheld", "reasons": "Band C is right."}, format="json")
    assert response.status_code == 200 and response.json()["corrected_award"] is None


def test_staff_filter_the_list(qualified_case, award, applicant, manager, senior_officer):
    reference = _ask(applicant, qualified_case).json()["reference"]
    client = api(manager)
    assert [r["reference"] for r in client.get(LIST, {"status": "open"}).json()["results"]] \
        == [reference]
    assert client.get(LIST, {"mine": "true"}).json()["results"] == []
    assert client.get(LIST, {"overdue": "true"}).json()["results"] == []
    assert client.get(LIST, {"application": qualified_case.reference}).json()["count"] == 1
    errors(client.get(LIST, {"status": "sideways"}), 400)
    api(manager).post(url(reference, "allocate"), {"reviewer": "senior"}, format="json")
    mine = api(senior_officer).get(LIST, {"mine": "true"}).json()["results"]
    assert [r["reference"] for r in mine] == [reference]
