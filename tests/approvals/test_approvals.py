"""The approvals queue pages (maker–checker, DOMAIN.md §3.16, §5.1 step 9): managers work the
queue, cannot decide their own requests, and approving a Band A award puts the application on
the register in Band A; officers see their own requests; restricted cases stay restricted."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from applications.models import Application, BandAward
from applications.services.banding import award_confirm
from housing.approvals.models import ApprovalRequest
from housing.approvals.services import approval_request_create
from housing.core.dashboard import STAFF, cards_for
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "/staff/approvals/"


def detail(approval: ApprovalRequest) -> str:
    return reverse("approvals:detail", args=[approval.pk])


def band_a(application: Application, actor: Any) -> ApprovalRequest:
    award_confirm(application=application, actor=actor, reason_codes=["A1"],
                  justification="Hospital discharge blocked by stairs.")
    return ApprovalRequest.objects.get(case_reference=application.reference)


def debt_override(actor: Any, **kwargs: Any) -> ApprovalRequest:
    application = kwargs.pop("application", None) or ApplicationFactory()
    return approval_request_create(type="debt_override", subject=application, actor=actor,
                                   justification="The arrears are being cleared.",
                                   summary=f"{application.reference}: debt override",
                                   case_reference=application.reference, **kwargs)


def decide(client: Any, approval: ApprovalRequest, decision: str = "approve",
           reason: str = "Evidence from the ward is clear.", **extra: str) -> Any:
    return client.post(detail(approval), {"decision-decision": decision,
                                          "decision-reason": reason, **extra})


def test_an_officers_band_a_award_waits_in_the_managers_queue(client, officer, manager,
                                                             qualified_case):
    client.force_login(officer)
    client.post(reverse("applications:staff-assessment", args=[qualified_case.reference]),
                {"reason_codes": ["A1"], "justification": "Ward confirms the stairs."})
    client.force_login(manager)
    response = client.get(QUEUE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Band A / emergency award" in html
    assert reverse("applications:staff-case", args=[qualified_case.reference]) in html
    assert [a.case_reference for a in response.context["approvals"]] == [
        qualified_case.reference]


def test_another_manager_approves_and_the_application_is_active_in_band_a(
        client, manager, second_manager, qualified_case):
    approval = band_a(qualified_case, manager)
    client.force_login(second_manager)
    page = client.get(detail(approval)).content.decode()
    assert "Your decision" in page and "Hospital discharge blocked by stairs." in page
    assert "Why approval is needed" in page  # the request's details, as a summary list
    response = decide(client, approval)
    assert response.status_code == 302 and response["Location"] == QUEUE
    approval.refresh_from_db()
    qualified_case.refresh_from_db()
    assert (approval.status, approval.decided_by) == ("approved", second_manager)
    assert (qualified_case.status, qualified_case.band) == ("active", "A")
    assert BandAward.objects.get(application=qualified_case).approved_by == second_manager


def test_a_manager_cannot_decide_their_own_request(client, manager, qualified_case):
    approval = band_a(qualified_case, manager)
    client.force_login(manager)
    page = client.get(detail(approval)).content.decode()
    assert "Another manager must decide this" in page
    assert "Your decision" not in page
    response = decide(client, approval)
    assert response.status_code == 400
    assert "another manager must decide it" in response.content.decode()
    approval.refresh_from_db()
    qualified_case.refresh_from_db()
    assert approval.status == "pending" and qualified_case.status == "under_assessment"


def test_rejecting_sends_the_award_back_to_the_officer(client, officer, manager,
                                                      qualified_case):
    approval = band_a(qualified_case, officer)
    client.force_login(manager)
    assert decide(client, approval, "reject", "No medical evidence yet.").status_code == 302
    award = BandAward.objects.get(application=qualified_case)
    assert award.status == "rejected" and award.end_reason == "No medical evidence yet."
    client.force_login(officer)
    response = client.get(QUEUE)
    assert [a.status for a in response.context["approvals"]] == ["rejected"]
    assert "No medical evidence yet." in client.get(detail(approval)).content.decode()


@pytest.mark.parametrize("data, message", [
    ({"decision-decision": "approve", "decision-reason": ""}, "Give the reason"),
    ({"decision-decision": "maybe", "decision-reason": "x"}, "Select approve or reject"),
    ({"decision-decision": "approve", "decision-reason": "x", "decision-valid_until_0": "1",
      "decision-valid_until_1": "1", "decision-valid_until_2": "2020"},
     "until today or later"),
    ({"decision-decision": "approve", "decision-reason": "x", "decision-valid_until_0": "31",
      "decision-valid_until_1": "2", "decision-valid_until_2": "2030"}, "real date"),
])
def test_bad_decisions_are_a_400_and_change_nothing(client, officer, manager, qualified_case,
                                                    data, message):
    approval = band_a(qualified_case, officer)
    client.force_login(manager)
    response = client.post(detail(approval), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    approval.refresh_from_db()
    assert approval.status == "pending"


def test_an_already_decided_request_cannot_be_decided_again(client, officer, manager,
                                                            second_manager, qualified_case):
    approval = band_a(qualified_case, officer)
    client.force_login(manager)
    decide(client, approval)
    client.force_login(second_manager)
    response = decide(client, approval, "reject")
    assert response.status_code == 400 and "already been approved" in response.content.decode()
    approval.refresh_from_db()
    assert (approval.status, approval.decided_by) == ("approved", manager)


def test_officers_cannot_decide_and_see_only_their_own_requests(client, officer, manager,
                                                               qualified_case):
    mine = band_a(qualified_case, officer)
    theirs = debt_override(UserFactory(role="officer"))
    client.force_login(officer)
    assert decide(client, mine).status_code == 403
    assert client.get(detail(theirs)).status_code == 404
    page = client.get(detail(mine)).content.decode()
    assert "Another manager must decide this" in page and "Your decision" not in page
    listed = client.get(QUEUE).context["approvals"]
    assert [a.pk for a in listed] == [mine.pk]
    mine.refresh_from_db()
    assert mine.status == "pending"


def test_the_requester_withdraws_their_request(client, officer, qualified_case):
    approval = band_a(qualified_case, officer)
    client.force_login(officer)
    response = client.post(reverse("approvals:withdraw", args=[approval.pk]),
                           {"withdraw-reason": "Reassessing"}, follow=True)
    assert "Request withdrawn" in response.content.decode()
    approval.refresh_from_db()
    assert approval.status == "withdrawn"
    assert BandAward.objects.get(application=qualified_case).status == "withdrawn"
    again = client.post(reverse("approvals:withdraw", args=[approval.pk]), {})
    assert again.status_code == 400


def test_requests_on_restricted_cases_are_only_for_the_restricted_group(client, officer,
                                                                       manager):
    restricted = ApplicationFactory(restricted_access=True)
    approval = debt_override(officer, application=restricted, restricted=True)
    client.force_login(manager)
    assert client.get(QUEUE).context["approvals"].count() == 0
    assert client.get(detail(approval)).status_code == 404
    assert decide(client, approval).status_code == 404
    insider = UserFactory(role="manager", in_restricted_group=True)
    client.force_login(insider)
    assert [a.pk for a in client.get(QUEUE).context["approvals"]] == [approval.pk]
    approval.refresh_from_db()
    assert approval.status == "pending"


def test_the_queue_filters_by_type_and_status(client, officer, manager, qualified_case):
    award = band_a(qualified_case, officer)
    override = debt_override(officer)
    client.force_login(manager)
    assert [a.pk for a in client.get(QUEUE).context["approvals"]] == [award.pk, override.pk]
    by_type = client.get(QUEUE, {"type": "debt_override"}).context["approvals"]
    assert [a.pk for a in by_type] == [override.pk]
    decide(client, override)
    assert [a.pk for a in client.get(QUEUE).context["approvals"]] == [award.pk]
    approved = client.get(QUEUE, {"status": "approved"}).context["approvals"]
    assert [a.pk for a in approved] == [override.pk]
    everything = client.get(QUEUE, {"status": "all"}).context["approvals"]
    assert len(everything) == 2


@pytest.mark.parametrize("role", ["applicant", "provider", "medical_adviser"])
def test_people_who_do_not_raise_approvals_are_refused(client, role, officer, provider_a):
    approval = debt_override(officer)
    user = UserFactory(role=role, organisation=provider_a if role == "provider" else None)
    client.force_login(user)
    assert client.get(QUEUE).status_code == 403
    assert client.get(detail(approval)).status_code == 403
    assert decide(client, approval).status_code == 403
    approval.refresh_from_db()
    assert approval.status == "pending"


def test_the_queue_uses_a_fixed_number_of_queries(client, officer, manager,
                                                  django_assert_num_queries,
                                                  django_assert_max_num_queries):
    debt_override(officer)
    client.force_login(manager)
    client.get(QUEUE)  # warm up: session, content types
    with django_assert_max_num_queries(10) as baseline:
        assert client.get(QUEUE).status_code == 200
    for _ in range(5):
        debt_override(UserFactory(role="officer"))
    with django_assert_num_queries(len(baseline.captured_queries)):
        response = client.get(QUEUE)
    assert len(response.context["approvals"]) == 6


def test_managers_see_a_dashboard_card_of_pending_approvals(client, officer, manager,
                                                            second_manager, qualified_case):
    band_a(qualified_case, officer)
    debt_override(manager)
    cards = {c.title: c for c in cards_for(STAFF, manager)}
    card = cards["Approvals waiting for you"]
    # Their own request is not waiting for them.
    assert card.total == 1 and card.rows == [("Band A / emergency award", 1)]
    assert cards_for(STAFF, second_manager)[0] is not None
    assert {c.title for c in cards_for(STAFF, second_manager)} >= {"Approvals waiting for you"}
    assert "Approvals waiting for you" not in {c.title for c in cards_for(STAFF, officer)}
    client.force_login(manager)
    html = client.get(reverse("staff:home")).content.decode()
    assert "Approvals waiting for you" in html and QUEUE in html
