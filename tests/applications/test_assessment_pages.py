"""The officer's band assessment page: the rules' proposal, confirming a band, sending Band A to
a manager, refusals (400, nothing changed), withdrawal, who may open it, and the case page's
Priority section."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from applications.models import Application, BandAward
from housing.approvals.models import ApprovalRequest
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(application: Application, name: str = "staff-assessment") -> str:
    return reverse(f"applications:{name}", args=[application.reference])


def snapshot(application: Application) -> tuple[Any, ...]:
    app = Application.objects.get(pk=application.pk)
    return (app.status, app.band, app.effective_date, app.registration_date,
            BandAward.objects.filter(application=app).count(),
            ApprovalRequest.objects.count())


def test_the_page_shows_the_rules_proposal_with_the_suggestion_ticked(client, officer,
                                                                      qualified_case):
    client.force_login(officer)
    response = client.get(url(qualified_case))
    assert response.status_code == 200
    html = response.content.decode()
    assert "What the rules propose" in html
    assert "You need 2 bedrooms and have 1." in html
    # C2 is pre-ticked; A1 is offered but not ticked.
    assert 'value="C2" aria-describedby="reason-C2-hint" checked' in html
    assert 'value="A1" aria-describedby="reason-A1-hint">' in html
    assert "Needs a manager&#x27;s approval." in html or "Needs a manager's approval." in html
    assert "Award history" in html and "No band has been awarded yet." in html
    assert response.context["proposal"].band == "C"


def test_an_officer_confirms_band_c_and_the_application_goes_live(client, officer,
                                                                  qualified_case):
    client.force_login(officer)
    response = client.post(url(qualified_case), {"reason_codes": ["C2"]}, follow=True)
    assert response.redirect_chain[-1][0] == url(qualified_case)
    assert "Band C confirmed" in response.content.decode()
    qualified_case.refresh_from_db()
    assert (qualified_case.status, qualified_case.band) == ("active", "C")
    award = BandAward.objects.get(application=qualified_case)
    assert award.status == "current" and award.proposed_by == officer
    # The history now lists it, and the form stays available for a reassessment.
    html = response.content.decode()
    assert "Current award" in html and "Confirm the band" in html


def test_band_a_goes_to_a_manager_and_the_page_offers_withdrawal(client, officer,
                                                                qualified_case):
    client.force_login(officer)
    response = client.post(url(qualified_case), {
        "reason_codes": ["A1"], "justification": "Ward sister confirms discharge is blocked."},
        follow=True)
    html = response.content.decode()
    assert "Sent to a manager for approval" in html
    award = BandAward.objects.get(application=qualified_case)
    assert award.status == "proposed"
    approval = ApprovalRequest.objects.get()
    assert (approval.type, approval.status, approval.requested_by) == (
        "band_a_award", "pending", officer)
    assert "Waiting for a manager" in html
    assert reverse("approvals:detail", args=[approval.pk]) in html
    assert url(qualified_case, "staff-assessment-withdraw") in html
    # The form is not offered while an award waits.
    assert "Confirm the band" not in html
    qualified_case.refresh_from_db()
    assert qualified_case.status == "under_assessment"


def test_withdrawing_the_waiting_award_withdraws_the_request(client, officer, qualified_case):
    client.force_login(officer)
    client.post(url(qualified_case), {"reason_codes": ["A1"], "justification": "Urgent."})
    response = client.post(url(qualified_case, "staff-assessment-withdraw"),
                           {"withdraw-reason": "Wrong reason code"}, follow=True)
    assert "Award withdrawn" in response.content.decode()
    assert BandAward.objects.get(application=qualified_case).status == "withdrawn"
    assert ApprovalRequest.objects.get().status == "withdrawn"


def test_withdrawing_with_nothing_waiting_is_refused(client, officer, qualified_case):
    client.force_login(officer)
    response = client.post(url(qualified_case, "staff-assessment-withdraw"), {})
    assert response.status_code == 400
    assert "No award is waiting" in response.content.decode()


@pytest.mark.parametrize("data, field, message", [
    ({"reason_codes": ["A1"]}, "justification", "Say why the manager should approve"),
    ({"reason_codes": ["C2"], "override_band": "B"}, "override_reason",
     "Give the reason you are placing the applicant in a different band"),
    ({"reason_codes": ["Z9"]}, "reason_codes", "Choose reasons from the list"),
    ({"reason_codes": ["C2"], "override_band": "Q"}, "override_band",
     "Choose a band from the list"),
])
def test_bad_input_is_a_400_with_an_error_summary_and_changes_nothing(
        client, officer, qualified_case, data, field, message):
    client.force_login(officer)
    before = snapshot(qualified_case)
    response = client.post(url(qualified_case), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    # The summary links to the field (a checkbox group: its first box, as GOV.UK numbers them).
    anchor = f"id_{field}_1" if field == "reason_codes" else f"id_{field}"
    assert f'href="#{anchor}"' in html and f'id="{anchor}"' in html
    assert snapshot(qualified_case) == before


def test_an_application_not_ready_for_banding_says_why(client, officer, applicant):
    application = ApplicationFactory(status="submitted", band="", applicant_user=applicant)
    client.force_login(officer)
    page = client.get(url(application)).content.decode()
    assert "cannot be banded" in page
    assert "Confirm the band" not in page
    before = snapshot(application)
    response = client.post(url(application), {"reason_codes": ["C2"]})
    assert response.status_code == 400
    assert "cannot be banded" in response.content.decode()
    assert snapshot(application) == before


def test_a_restricted_case_does_not_exist_outside_the_restricted_group(client, officer,
                                                                       qualified_case):
    Application.objects.filter(pk=qualified_case.pk).update(restricted_access=True)
    client.force_login(officer)
    assert client.get(url(qualified_case)).status_code == 404
    assert client.post(url(qualified_case), {"reason_codes": ["C2"]}).status_code == 404
    assert client.get(url(qualified_case, "staff-debts")).status_code == 404
    insider = UserFactory(role="officer", in_restricted_group=True)
    client.force_login(insider)
    assert client.get(url(qualified_case)).status_code == 200


@pytest.mark.parametrize("role", ["medical_adviser", "provider", "applicant"])
def test_people_who_are_not_caseworkers_are_refused(client, qualified_case, role, provider_a):
    user = UserFactory(role=role, organisation=provider_a if role == "provider" else None)
    client.force_login(user)
    before = snapshot(qualified_case)
    assert client.get(url(qualified_case)).status_code == 403
    assert client.post(url(qualified_case), {"reason_codes": ["C2"]}).status_code == 403
    assert client.get(url(qualified_case, "staff-debts")).status_code == 403
    assert snapshot(qualified_case) == before


def test_anonymous_people_are_sent_to_sign_in(client, qualified_case):
    response = client.get(url(qualified_case))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_the_case_page_has_a_priority_section(client, officer, qualified_case):
    client.force_login(officer)
    html = client.get(reverse("applications:staff-case",
                              args=[qualified_case.reference])).content.decode()
    assert 'id="priority"' in html and "No band has been awarded yet." in html
    assert url(qualified_case) in html and url(qualified_case, "staff-debts") in html
    assert url(qualified_case, "staff-medical") in html
    client.post(url(qualified_case), {"reason_codes": ["C2"]})
    html = client.get(reverse("applications:staff-case",
                              args=[qualified_case.reference])).content.decode()
    assert "Reason codes: C2." in html


def test_the_award_history_lists_every_award(client, officer, manager, second_manager,
                                             qualified_case):
    client.force_login(officer)
    client.post(url(qualified_case), {"reason_codes": ["C2"]})
    client.post(url(qualified_case), {"reason_codes": ["A1"], "justification": "Urgent."})
    client.force_login(second_manager)
    approval = ApprovalRequest.objects.get()
    client.post(reverse("approvals:detail", args=[approval.pk]),
                {"decision-decision": "reject", "decision-reason": "Not enough evidence."})
    client.force_login(officer)
    response = client.get(url(qualified_case))
    history = response.context["history"]
    assert [a.status for a in history] == ["rejected", "current"]
    html = response.content.decode()
    assert "Rejected by a manager" in html and "Not enough evidence." in html


def test_with_no_scheme_in_force_the_page_says_so_and_nothing_is_banded(client, officer,
                                                                      qualified_case):
    from housing.scheme.models import SchemeVersion

    SchemeVersion.objects.update(status=SchemeVersion.Status.DRAFT)
    client.force_login(officer)
    page = client.get(url(qualified_case))
    assert page.status_code == 200
    assert "No allocation scheme is in force" in page.content.decode()
    before = snapshot(qualified_case)
    assert client.post(url(qualified_case), {"reason_codes": ["C2"]}).status_code == 400
    assert snapshot(qualified_case) == before
