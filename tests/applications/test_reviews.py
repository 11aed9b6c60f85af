"""Statutory reviews (s166A(9); DOMAIN §4.15, §5.8): the request window in working days, late
requests decided by a manager, the reviewer's independence, outcomes and letters, and the
pages."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import BandAward, ReviewRequest
from applications.policies import can_decide_review, reviews_visible_to
from applications.services.banding import award_confirm
from applications.services.reviews import (
    decision_actors,
    review_allocate,
    review_decide,
    review_late_refer,
    review_list,
    review_representations_add,
    review_request,
    review_withdraw,
    reviewer_candidates,
    reviews_overdue,
)
from housing.approvals.models import ApprovalRequest
from housing.approvals.services import approval_decide, approval_request_create
from housing.core.exceptions import ApplicationError, ConflictError
from housing.letters.models import Letter
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def _letters(application, code):  # type: ignore[no-untyped-def]
    return Letter.objects.filter(subject_id=str(application.pk), template__code=code)


def _award(application, actor, codes=("C2",)):  # type: ignore[no-untyped-def]
    return award_confirm(application=application, actor=actor, reason_codes=list(codes))


def _letter_dated(award, day):  # type: ignore[no-untyped-def]
    """Pretend the award's decision letter was written on ``day``."""
    Letter.objects.filter(pk=award.decision_letter_id).update(
        created_at=dt.datetime.combine(day, dt.time(10), tzinfo=LONDON))
    award.refresh_from_db()


def _acknowledged(application, officer, applicant):  # type: ignore[no-untyped-def]
    award = _award(application, officer)
    review = review_request(application=application, actor=applicant, type="band",
                            grounds="I share a bedroom with my two children.")
    return award, review


# --- Requesting: in time, late and the window ---------------------------------------------------

def test_an_in_time_request_from_the_portal_is_acknowledged_with_l19(qualified_case, officer,
                                                                      applicant):
    award, review = _acknowledged(qualified_case, officer, applicant)
    today = timezone.localdate()
    assert re.fullmatch(rf"RV-{today.year}-\d{{6}}", review.reference)
    assert review.status == ReviewRequest.Status.ACKNOWLEDGED
    assert review.award == award and review.in_time
    assert review.channel == "portal" and review.received_at == today
    assert review.decision_summary == (f"Band C awarded on {award.award_date.day} "
                                       f"{award.award_date:%B %Y}")
    assert review.representations_due == today + dt.timedelta(days=14)
    assert review.target_date == today + dt.timedelta(days=56)
    assert review.request_deadline == review.notified_at + dt.timedelta(days=21)
    letter = _letters(qualified_case, "review-acknowledgement").get()
    assert letter.context["review_reference"] == review.reference
    assert letter.context["target_date"] == review.target_date.isoformat()
    assert "senior officer who was not involved" in letter.html
    assert "Band C awarded on" in letter.html


def test_the_window_counts_working_days_of_service_and_bank_holidays(qualified_case, officer):
    award = _award(qualified_case, officer)
    # Thursday 30 April 2026: deemed served 2 working days later, skipping Friday's count and
    # the Early May bank holiday on Monday 4 May, so on Tuesday 5 May; 21 days run from then.
    _letter_dated(award, dt.date(2026, 4, 30))
    review = review_request(application=qualified_case, actor=officer, type="band",
                            channel="phone", received_at=dt.date(2026, 5, 26))
    assert review.notified_at == dt.date(2026, 5, 5)
    assert review.request_deadline == dt.date(2026, 5, 26)
    assert review.in_time and review.status == "acknowledged"
    assert review.target_date == dt.date(2026, 5, 26) + dt.timedelta(days=56)


def test_a_request_a_day_after_the_window_is_late_and_needs_a_reason(qualified_case, officer):
    award = _award(qualified_case, officer)
    _letter_dated(award, dt.date(2026, 4, 30))
    with pytest.raises(ApplicationError) as refused:
        review_request(application=qualified_case, actor=officer, type="band",
                       channel="letter", received_at=dt.date(2026, 5, 27))
    assert "26 May 2026" in refused.value.errors["late_reason"][0]
    assert not ReviewRequest.objects.exists()

    review = review_request(application=qualified_case, actor=officer, type="band",
                            channel="letter", received_at=dt.date(2026, 5, 27),
                            late_reason="In hospital from 1 to 28 May.")
    assert not review.in_time
    assert review.status == ReviewRequest.Status.AWAITING_LATE_DECISION
    approval = ApprovalRequest.objects.get(type="late_review")
    assert review.late_approval == approval and approval.requested_by == officer
    assert approval.case_reference == qualified_case.reference
    assert "In hospital" in approval.justification
    assert not _letters(qualified_case, "review-acknowledgement").exists()


def test_a_late_request_needs_a_manager_who_did_not_ask(qualified_case, officer, manager,
                                                        second_manager):
    award = _award(qualified_case, officer)
    _letter_dated(award, dt.date(2026, 4, 30))
    review = review_request(application=qualified_case, actor=manager, type="band",
                            channel="phone", received_at=dt.date(2026, 6, 10),
                            late_reason="Letter went to an old address.")
    approval = review.late_approval
    with pytest.raises(ApplicationError, match="Only a manager"):
        approval_decide(approval=approval, actor=officer, decision="approve", reason="OK")
    with pytest.raises(ApplicationError, match="another manager must decide"):
        approval_decide(approval=approval, actor=manager, decision="approve", reason="OK")
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.AWAITING_LATE_DECISION

    approval_decide(approval=approval, actor=second_manager, decision="approve",
                    reason="The letter was misaddressed: good reason.")
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.ACKNOWLEDGED
    assert review.target_date == dt.date(2026, 6, 10) + dt.timedelta(days=56)
    assert _letters(qualified_case, "review-acknowledgement").count() == 1


def test_a_manager_refusing_a_late_request_sends_the_refusal_letter(qualified_case, officer,
                                                                    second_manager):
    award = _award(qualified_case, officer)
    _letter_dated(award, dt.date(2026, 4, 30))
    review = review_request(application=qualified_case, actor=officer, type="band",
                            channel="email", received_at=dt.date(2026, 9, 1),
                            late_reason="Forgot.")
    approval_decide(approval=review.late_approval, actor=second_manager, decision="reject",
                    reason="Three months late with no good reason.")
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.LATE_REJECTED
    letter = _letters(qualified_case, "review-late-refused").get()
    assert "Three months late" in letter.html and "Ombudsman" in letter.html


def test_an_applicants_own_late_request_is_referred_by_an_officer(qualified_case, officer,
                                                                 applicant, second_manager):
    award = _award(qualified_case, officer)
    _letter_dated(award, timezone.localdate() - dt.timedelta(days=60))
    with pytest.raises(ApplicationError) as refused:
        review_request(application=qualified_case, actor=applicant, type="band")
    assert "late_reason" in refused.value.errors
    review = review_request(application=qualified_case, actor=applicant, type="band",
                            late_reason="I was caring for my mother after her operation.")
    assert review.status == ReviewRequest.Status.AWAITING_LATE_DECISION
    assert review.late_approval is None  # only staff raise approval requests
    with pytest.raises(ApplicationError, match="caseworker"):
        review_late_refer(review=review, actor=applicant)
    review = review_late_refer(review=review, actor=officer, note="Carer's letter seen.")
    approval = review.late_approval
    assert approval is not None and approval.requested_by == officer
    with pytest.raises(ConflictError):
        review_late_refer(review=review, actor=officer)

    # The applicant withdraws: the request leaves the manager's queue too.
    review_withdraw(review=review, actor=applicant)
    review.refresh_from_db()
    approval.refresh_from_db()
    assert review.status == ReviewRequest.Status.WITHDRAWN
    assert approval.status == ApprovalRequest.Status.WITHDRAWN


def test_one_open_review_per_decision(qualified_case, officer, applicant):
    _, review = _acknowledged(qualified_case, officer, applicant)
    with pytest.raises(ConflictError, match=review.reference):
        review_request(application=qualified_case, actor=officer, type="bedroom_need",
                       channel="phone")
    review_withdraw(review=review, actor=applicant)
    again = review_request(application=qualified_case, actor=applicant, type="band")
    assert again.status == "acknowledged"


def test_bad_requests_are_refused_with_field_errors(qualified_case, officer, applicant):
    with pytest.raises(ApplicationError) as no_award:
        review_request(application=qualified_case, actor=applicant, type="band")
    assert "award" in no_award.value.errors
    _award(qualified_case, officer)
    cases = [
        ({"type": "nonsense"}, "type"),
        ({"type": "band", "channel": "pigeon"}, "channel"),
        ({"type": "band", "channel": "phone",
          "received_at": timezone.localdate() + dt.timedelta(days=1)}, "received_at"),
        ({"type": "band", "channel": "phone",
          "received_at": timezone.localdate() - dt.timedelta(days=400)}, "received_at"),
        ({"type": "band", "award_id": "abc"}, "award"),
        ({"type": "band", "award_id": 999999}, "award"),
        ({"type": "eligibility"}, "decision"),
        ({"type": "closure"}, "decision_summary"),
        ({"type": "band", "representative": "x" * 201}, "representative"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ApplicationError) as refused:
            review_request(application=qualified_case, actor=officer, **kwargs)
        assert field in refused.value.errors, (kwargs, refused.value.errors)
    assert not ReviewRequest.objects.exists()


def test_someone_elses_household_cannot_ask(qualified_case, officer):
    _award(qualified_case, officer)
    stranger = UserFactory(username="stranger", role="applicant")
    with pytest.raises(ApplicationError):
        review_request(application=qualified_case, actor=stranger, type="band")


def test_a_closure_review_is_recorded_from_the_officers_description(qualified_case, officer):
    review = review_request(application=qualified_case, actor=officer, type="closure",
                            channel="letter",
                            decision_summary="Application closed for non-response",
                            decision_date=timezone.localdate() - dt.timedelta(days=3))
    assert review.status == "acknowledged" and review.award is None
    assert review.decision_summary == "Application closed for non-response"


# --- Allocation: senior and not involved -------------------------------------------------------

def test_the_reviewer_must_be_senior_and_allocated_by_someone_senior(qualified_case, officer,
                                                                    applicant, manager,
                                                                    senior_officer):
    _, review = _acknowledged(qualified_case, officer, applicant)
    other_officer = UserFactory(username="officer2", role="officer", first_name="Pat")
    with pytest.raises(ApplicationError) as junior:
        review_allocate(review=review, actor=manager, reviewer_id=other_officer.pk)
    assert "not a manager or senior officer" in junior.value.errors["reviewer"][0]
    with pytest.raises(ApplicationError) as not_allowed:
        review_allocate(review=review, actor=other_officer, reviewer_id=senior_officer.pk)
    assert "reviewer" in not_allowed.value.errors
    with pytest.raises(ApplicationError):
        review_allocate(review=review, actor=manager, reviewer_id="nobody")
    review = review_allocate(review=review, actor=manager, reviewer_id=senior_officer.pk)
    assert review.status == "allocated" and review.reviewer == senior_officer
    # A senior officer may allocate, and re-allocation is allowed while allocated.
    review = review_allocate(review=review, actor=senior_officer, reviewer_id=manager.pk)
    assert review.reviewer == manager and review.allocated_by == senior_officer


def test_the_officer_who_proposed_the_award_cannot_review_it(qualified_case, senior_officer,
                                                             applicant, manager):
    award = _award(qualified_case, senior_officer)
    review = review_request(application=qualified_case, actor=applicant, type="band")
    assert senior_officer.pk in decision_actors(review)
    with pytest.raises(ApplicationError) as refused:
        review_allocate(review=review, actor=manager, reviewer_id=senior_officer.pk)
    message = refused.value.errors["reviewer"][0]
    assert message.startswith("Robin") and "proposed the award under review" in message
    eligible, excluded = reviewer_candidates(review)
    assert senior_officer not in eligible and manager in eligible
    assert any(person == senior_officer for person, _why in excluded)
    assert award.proposed_by == senior_officer


def test_the_manager_who_approved_the_award_cannot_review_it(qualified_case, officer, manager,
                                                             second_manager, applicant,
                                                             senior_officer):
    award = award_confirm(application=qualified_case, actor=officer, reason_codes=["A1"],
                          justification="Hospital discharge blocked by stairs.")
    approval_decide(approval=ApprovalRequest.objects.get(), actor=second_manager,
                    decision="approve", reason="Evidence is clear.")
    award.refresh_from_db()
    assert award.approved_by == second_manager
    review = review_request(application=qualified_case, actor=applicant, type="band")
    with pytest.raises(ApplicationError) as approver:
        review_allocate(review=review, actor=manager, reviewer_id=second_manager.pk)
    assert "approved the award under review" in approver.value.errors["reviewer"][0]
    assert {officer.pk, second_manager.pk} <= decision_actors(review)
    assert manager.pk not in decision_actors(review)
    review_allocate(review=review, actor=manager, reviewer_id=senior_officer.pk)


def test_a_manager_who_asked_for_an_approval_on_the_award_cannot_review_it(
        qualified_case, officer, manager, second_manager, applicant, senior_officer):
    award = _award(qualified_case, officer)
    approval = approval_request_create(type="extra_bedroom", subject=award, actor=manager,
                                       justification="Carer stays overnight.",
                                       summary="Extra bedroom")
    approval_decide(approval=approval, actor=second_manager, decision="reject",
                    reason="No overnight care evidenced.")
    review = review_request(application=qualified_case, actor=applicant, type="bedroom_need")
    with pytest.raises(ApplicationError) as requester:
        review_allocate(review=review, actor=senior_officer, reviewer_id=manager.pk)
    assert "asked a manager to approve" in requester.value.errors["reviewer"][0]
    with pytest.raises(ApplicationError) as decider:
        review_allocate(review=review, actor=senior_officer, reviewer_id=second_manager.pk)
    assert "decided the approval" in decider.value.errors["reviewer"][0]


def test_an_officer_who_recorded_the_request_cannot_review_it(qualified_case, officer, manager,
                                                              senior_officer):
    _award(qualified_case, officer)
    review = review_request(application=qualified_case, actor=senior_officer, type="band",
                            channel="phone")
    with pytest.raises(ApplicationError) as refused:
        review_allocate(review=review, actor=manager, reviewer_id=senior_officer.pk)
    assert "recorded this review request" in refused.value.errors["reviewer"][0]


def test_the_reviewer_is_checked_again_when_deciding(qualified_case, officer, manager,
                                                     second_manager, applicant):
    award, review = _acknowledged(qualified_case, officer, applicant)
    review = review_allocate(review=review, actor=manager, reviewer_id=second_manager.pk)
    assert can_decide_review(second_manager, review)
    # Later, the reviewer takes part in the decision's chain (decides an approval on it).
    approval = approval_request_create(type="extra_bedroom", subject=award, actor=manager,
                                       justification="Carer.", summary="Extra bedroom")
    approval_decide(approval=approval, actor=second_manager, decision="reject", reason="No.")
    review.refresh_from_db()
    assert not can_decide_review(second_manager, review)
    with pytest.raises(ApplicationError, match="decided the approval"):
        review_decide(review=review, actor=second_manager, outcome="upheld",
                      reasons="The band is right.")
    review.refresh_from_db()
    assert review.status == "allocated"


# --- Deciding ----------------------------------------------------------------------------------

def _allocated(qualified_case, officer, applicant, manager, reviewer):  # type: ignore[no-untyped-def]
    award, review = _acknowledged(qualified_case, officer, applicant)
    return award, review_allocate(review=review, actor=manager, reviewer_id=reviewer.pk)


def test_upheld_leaves_the_award_as_it_was_and_sends_l21(qualified_case, officer, applicant,
                                                         manager, senior_officer):
    award, review = _allocated(qualified_case, officer, applicant, manager, senior_officer)
    review = review_decide(review=review, actor=senior_officer, outcome="upheld",
                           reasons="You lack one bedroom, which is Band C.\nNothing else "
                                   "applies.")
    award.refresh_from_db()
    assert award.status == BandAward.Status.CURRENT
    assert BandAward.objects.filter(application=qualified_case).count() == 1
    assert review.status == "decided" and review.corrected_award is None
    letter = review.decision_letter
    assert letter is not None and letter.template.code == "review-decision"
    assert "Original decision upheld" in letter.html
    assert "no further right to ask us for a review" in letter.html
    assert "Local Government and Social Care Ombudsman" in letter.html
    assert "Nothing else applies." in letter.html


def test_overturned_creates_a_corrected_current_award_with_the_restored_date(
        qualified_case, officer, applicant, manager, senior_officer):
    award, review = _allocated(qualified_case, officer, applicant, manager, senior_officer)
    # The award being reviewed was made on 2 March 2026.
    BandAward.objects.filter(pk=award.pk).update(award_date=dt.date(2026, 3, 2))
    review = review_decide(review=review, actor=senior_officer, outcome="overturned",
                           reasons="The home is overcrowded and your son's asthma is made "
                                   "worse by damp: Band B.", reason_codes=["B3"])
    award.refresh_from_db()
    corrected = review.corrected_award
    assert corrected is not None and corrected.status == BandAward.Status.CURRENT
    assert corrected.band == "B" and corrected.origin == "review"
    assert corrected.effective_date == dt.date(2026, 3, 2)
    assert corrected.date_rule_applied == "restored"
    assert corrected.replaces == award
    assert award.status == BandAward.Status.SUPERSEDED
    qualified_case.refresh_from_db()
    assert (qualified_case.band, qualified_case.effective_date) == ("B", dt.date(2026, 3, 2))
    letter = review.decision_letter
    assert letter.context["band_name"] == "Band B"
    assert letter.context["effective_date"] == "2026-03-02"
    assert "2 March 2026" in letter.html and "Original decision overturned" in letter.html
    # No L7 for the correction: L21 tells the applicant.
    assert not _letters(qualified_case, "reassessment").exists()


def test_bad_decisions_are_refused_and_change_nothing(qualified_case, officer, applicant,
                                                      manager, senior_officer):
    _, review = _allocated(qualified_case, officer, applicant, manager, senior_officer)
    cases = [
        ({"outcome": "maybe", "reasons": "x"}, "outcome"),
        ({"outcome": "upheld", "reasons": "  "}, "reasons"),
        ({"outcome": "overturned", "reasons": "Wrong band."}, "reason_codes"),
        ({"outcome": "varied", "reasons": "Wrong.", "reason_codes": ["ZZ9"]}, "reason_codes"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ApplicationError) as refused:
            review_decide(review=review, actor=senior_officer, **kwargs)
        assert field in refused.value.errors, (kwargs, refused.value.errors)
    with pytest.raises(ApplicationError, match="allocated reviewer"):
        review_decide(review=review, actor=manager, outcome="upheld", reasons="Fine.")
    review.refresh_from_db()
    assert review.status == "allocated" and review.outcome == ""
    assert BandAward.objects.filter(application=qualified_case).count() == 1
    assert not _letters(qualified_case, "review-decision").exists()


def test_representations_are_added_while_open_and_kept_in_order(qualified_case, officer,
                                                                 applicant, manager,
                                                                 senior_officer):
    _, review = _acknowledged(qualified_case, officer, applicant)
    review_representations_add(review=review, actor=applicant, text="GP letter attached.")
    review = review_representations_add(review=review, actor=officer,
                                        text="Applicant phoned: the damp is worse.")
    assert review.representations.index("GP letter") < review.representations.index("damp")
    assert "from the applicant" in review.representations
    with pytest.raises(ApplicationError) as empty:
        review_representations_add(review=review, actor=applicant, text=" ")
    assert "text" in empty.value.errors
    review_withdraw(review=review, actor=applicant)
    with pytest.raises(ConflictError):
        review_representations_add(review=review, actor=applicant, text="More.")


def test_overdue_reviews_and_the_lists(qualified_case, officer, manager, applicant):
    award = _award(qualified_case, officer)
    _letter_dated(award, dt.date(2026, 4, 30))
    review = review_request(application=qualified_case, actor=officer, type="band",
                            channel="phone", received_at=dt.date(2026, 5, 20))
    assert review.target_date < timezone.localdate()
    assert list(reviews_overdue(user=manager)) == [review]
    assert list(review_list(user=manager, overdue=True)) == [review]
    assert list(review_list(user=manager, status="open")) == [review]
    assert list(review_list(user=manager, mine=True)) == []
    stranger = UserFactory(username="stranger", role="applicant")
    assert not reviews_visible_to(stranger).exists()
    assert list(reviews_visible_to(applicant)) == [review]
    adviser = UserFactory(username="adviser2", role="medical_adviser")
    assert not reviews_visible_to(adviser).exists()


# --- Pages -------------------------------------------------------------------------------------

def test_the_applicant_asks_with_one_click_from_the_priority_page(client, qualified_case,
                                                                  officer, applicant):
    award = _award(qualified_case, officer)
    client.force_login(applicant)
    page = client.get(reverse("applications:portal-review-request"))
    assert page.status_code == 200
    assert "Band C" in page.content.decode()
    response = client.post(reverse("applications:portal-review-request"), {"award": award.pk})
    review = ReviewRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:portal-review", args=[review.reference])
    assert review.status == "acknowledged" and review.grounds == ""
    page = client.get(response["Location"])
    assert review.target_date.strftime("%B %Y") in page.content.decode()
    listing = client.get(reverse("applications:portal-reviews"))
    assert review.reference in listing.content.decode()


def test_a_late_portal_request_asks_why(client, qualified_case, officer, applicant):
    award = _award(qualified_case, officer)
    _letter_dated(award, timezone.localdate() - dt.timedelta(days=60))
    client.force_login(applicant)
    response = client.post(reverse("applications:portal-review-request"), {"award": award.pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and "Why are you asking after the time limit?" in html
    assert not ReviewRequest.objects.exists()
    response = client.post(reverse("applications:portal-review-request"),
                           {"award": award.pk, "late_reason": "I was in hospital."})
    assert response.status_code == 302
    assert ReviewRequest.objects.get().status == "awaiting_late_decision"


def test_applicants_cannot_see_another_households_review(client, qualified_case, officer,
                                                        applicant):
    _, review = _acknowledged(qualified_case, officer, applicant)
    other = UserFactory(username="other-applicant", role="applicant")
    ApplicationFactory(applicant_user=other)
    client.force_login(other)
    assert client.get(reverse("applications:portal-review",
                              args=[review.reference])).status_code == 404
    assert client.post(reverse("applications:portal-review", args=[review.reference]),
                       {"text": "Hello"}).status_code == 404
    assert client.post(reverse("applications:portal-review-withdraw",
                               args=[review.reference])).status_code == 404
    assert review.reference not in client.get(
        reverse("applications:portal-reviews")).content.decode()
    assert client.get(reverse("applications:staff-review",
                              args=[review.reference])).status_code == 403
    review.refresh_from_db()
    assert review.status == "acknowledged" and review.representations == ""


def test_staff_record_allocate_and_decide_through_the_pages(client, qualified_case, officer,
                                                            manager, second_manager,
                                                            senior_officer):
    award = _award(qualified_case, second_manager)
    client.force_login(officer)
    new_url = reverse("applications:staff-review-new", args=[qualified_case.reference])
    assert client.get(new_url).status_code == 200
    today = timezone.localdate()
    bad = client.post(new_url, {"type": "band", "channel": "phone"})
    assert bad.status_code == 400 and "govuk-error-summary" in bad.content.decode()
    response = client.post(new_url, {
        "type": "band", "channel": "phone", "received_at_0": today.day,
        "received_at_1": today.month, "received_at_2": today.year,
        "grounds": "Phoned: says the damp is serious."})
    review = ReviewRequest.objects.get()
    assert response.status_code == 302 and review.channel == "phone"
    assert review.award == award and review.requested_by == officer

    # An officer who is not senior sees no allocation form and may not allocate.
    page = client.get(reverse("applications:staff-review", args=[review.reference]))
    assert page.status_code == 200 and "Allocate a reviewer" not in page.content.decode()
    assert client.post(reverse("applications:staff-review-allocate", args=[review.reference]),
                       {"allocate-reviewer": senior_officer.pk}).status_code == 403

    client.force_login(manager)
    page = client.get(reverse("applications:staff-review", args=[review.reference])).content
    html = page.decode()
    assert "Allocate a reviewer" in html
    # Morgan (a manager) proposed the award: not offered, and the page says why.
    assert "Morgan" in html and "proposed the award under review" in html
    refused = client.post(reverse("applications:staff-review-allocate", args=[review.reference]),
                          {"allocate-reviewer": second_manager.pk})
    assert refused.status_code == 400
    assert "proposed the award under review" in refused.content.decode()
    refused = client.post(reverse("applications:staff-review-allocate", args=[review.reference]),
                          {"allocate-reviewer": officer.pk})
    assert refused.status_code == 400
    assert "not a manager or senior officer" in refused.content.decode()
    response = client.post(reverse("applications:staff-review-allocate",
                                   args=[review.reference]),
                           {"allocate-reviewer": senior_officer.pk})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.reviewer == senior_officer
    # Only the reviewer decides.
    assert client.post(reverse("applications:staff-review-decide", args=[review.reference]),
                       {"decide-outcome": "upheld",
                        "decide-reasons": "Fine."}).status_code == 403

    client.force_login(senior_officer)
    decide_url = reverse("applications:staff-review-decide", args=[review.reference])
    page = client.get(reverse("applications:staff-review", args=[review.reference]))
    assert 'value="B3"' in page.content.decode()
    bad = client.post(decide_url, {"decide-outcome": "overturned", "decide-reasons": "Wrong."})
    assert bad.status_code == 400 and "Choose the reason codes" in bad.content.decode()
    response = client.post(decide_url, {"decide-outcome": "varied",
                                        "decide-reasons": "Damp affects health: Band B.",
                                        "decide-reason_codes": ["B3"]})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "decided" and review.corrected_award.band == "B"
    listing = client.get(reverse("applications:staff-reviews"), {"status": "decided"})
    assert review.reference in listing.content.decode()


def test_the_staff_list_highlights_overdue_reviews_in_words(client, qualified_case, officer,
                                                           manager):
    award = _award(qualified_case, officer)
    _letter_dated(award, dt.date(2026, 4, 30))
    review_request(application=qualified_case, actor=officer, type="band", channel="phone",
                   received_at=dt.date(2026, 5, 20))
    client.force_login(manager)
    html = client.get(reverse("applications:staff-reviews"), {"overdue": "on"}).content.decode()
    assert "Overdue" in html and "past its target date" in html
    assert client.get(reverse("applications:staff-reviews"),
                      {"status": "nonsense", "mine": "on"}).status_code == 200


def test_the_review_pages_show_every_state(client, qualified_case, officer, manager,
                                           second_manager, senior_officer, applicant):
    award = _award(qualified_case, officer)
    _letter_dated(award, dt.date(2026, 4, 30))
    review = review_request(application=qualified_case, actor=applicant, type="band",
                            late_reason="My letter went to my old address.")
    staff_url = reverse("applications:staff-review", args=[review.reference])
    portal_url = reverse("applications:portal-review", args=[review.reference])

    def staff_page(user):  # type: ignore[no-untyped-def]
        client.force_login(user)
        response = client.get(staff_url)
        assert response.status_code == 200
        return response.content.decode()

    def portal_page():  # type: ignore[no-untyped-def]
        client.force_login(applicant)
        response = client.get(portal_url)
        assert response.status_code == 200
        return response.content.decode()

    assert "Ask a manager to accept the late request" in staff_page(officer)
    assert "A manager will decide whether to accept" in portal_page()
    client.force_login(officer)
    assert client.post(reverse("applications:staff-review-refer", args=[review.reference]),
                       {"refer-note": "Returned post seen."}).status_code == 302
    assert "Waiting for a manager" in staff_page(officer)
    approval_decide(approval=ApprovalRequest.objects.get(type="late_review"),
                    actor=second_manager, decision="approve", reason="Good reason.")
    html = staff_page(manager)
    assert "Allocate a reviewer" in html and "Add representations" in html
    assert "Tell the reviewer more" in portal_page()
    client.force_login(applicant)
    assert client.post(portal_url, {"text": ""}).status_code == 400
    assert client.post(portal_url, {"text": "New GP letter."}).status_code == 302

    review_allocate(review=review, actor=manager, reviewer_id=senior_officer.pk)
    assert "Decide the review" in staff_page(senior_officer)
    assert "Decide the review" not in staff_page(manager)
    review_decide(review=review, actor=senior_officer, outcome="varied",
                  reasons="Band B applies.", reason_codes=["B3"])
    html = staff_page(manager)
    assert "Original decision varied" in html and "Corrected award" in html
    html = portal_page()
    assert "Original decision varied" in html and "Band B" in html
    client.force_login(applicant)
    withdraw = client.post(reverse("applications:portal-review-withdraw",
                                   args=[review.reference]))
    assert withdraw.status_code == 400 and "govuk-error-summary" in withdraw.content.decode()


def test_an_eligibility_review_is_recorded_against_the_decision(client, qualified_case,
                                                                officer, manager):
    from applications.models import Decision

    decision = Decision.objects.get(application=qualified_case)
    client.force_login(officer)
    page = client.get(reverse("applications:staff-review-new", args=[qualified_case.reference]))
    assert page.status_code == 200 and "Qualification: qualifies" in page.content.decode()
    today = timezone.localdate()
    response = client.post(
        reverse("applications:staff-review-new", args=[qualified_case.reference]),
        {"type": "qualification", "channel": "letter", "decision": decision.pk,
         "received_at_0": today.day, "received_at_1": today.month,
         "received_at_2": today.year})
    assert response.status_code == 302
    review = ReviewRequest.objects.get()
    assert review.decision == decision and review.decision_summary.startswith(
        "Qualification decision: qualifies")
    # The officer who made the decision ("decider" in the fixture) may not review it.
    assert decision.decided_by_id in decision_actors(review)
    client.force_login(manager)
    html = client.get(reverse("applications:staff-review", args=[review.reference])).content
    assert "Qualification" in html.decode()
