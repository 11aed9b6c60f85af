"""Issue 4, "Done when", through the real pages in a real browser: an officer assesses, a manager
approves a Band A award, the applicant sees their band and the reasons, asks for a review, a
different senior officer decides it, and the award is corrected with the right band date and
the letters sent.

The scenario. The applicant rents privately, one bedroom short of their need (the rules suggest
C2). Environmental health have found a Category 1 hazard (damp and mould) in the flat, so the
officer also records A3 and asks a manager to approve the Band A award. The manager approves:
the application goes on the register in Band A, dated the day the need was accepted (L6).
Ten days later the applicant asks for a review (one click from their priority page) and tells
the reviewer that their son's consultant says the mould is causing life-threatening asthma
attacks: the urgent medical need (A1) should have been recorded too, so that their Band A does
not rest on the hazard alone. A manager who took no part allocates the review to a senior
officer who took no part (the officer who proposed the award and the manager who approved it
cannot be chosen). The reviewer varies the decision: A1 is added to A3 and C2. The band stays
A, so the band date is the one the applicant already held (DOMAIN §4.4.4 rule 4, same band:
unchanged), not the day of the review; the corrected award replaces the old one, and L21 tells
the applicant.

A review of a Band A award cannot move the applicant up (A is the top band), so the "restored"
date rule (§4.4.4 rule 7, which applies only when the corrected band is higher than the band
under review) is not what a correct system does here; the service tests cover it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db.models import F
from django.utils import timezone

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAYS_BEFORE_REVIEW = 10


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _signed_in(new_page: Any, username: str) -> Any:
    """A fresh browser context for one person, signed in through the sign-in page."""
    page = new_page()
    sign_in(page, username)
    page.wait_for_url(lambda url: "/sign-in/" not in url)
    return page


def _people() -> dict[str, Any]:
    from tests.factories import OrganisationFactory, UserFactory

    council = OrganisationFactory(kind="council", name="Brackenfield Borough Council",
                                  code="BBC")

    def staff(username: str, role: str, first: str, last: str, senior: bool = False) -> Any:
        return UserFactory(username=username, role=role, organisation=council,
                           first_name=first, last_name=last, is_senior_officer=senior)

    return {
        # A senior officer too, so that only having taken part keeps them off the review.
        "officer": staff("officer", "officer", "Jordan", "Price", senior=True),
        "manager": staff("manager", "manager", "Casey", "Lee"),
        "manager2": staff("manager2", "manager", "Morgan", "Ellis"),
        "reviewer": staff("senior", "officer", "Robin", "Shah", senior=True),
        "applicant": UserFactory(username="applicant", role="applicant", first_name="Sam",
                                 last_name="Example"),
    }


def _qualified_case(applicant: Any) -> Any:
    """As ``tests/conftest.py::qualified_case``: under assessment, eligible and qualifying
    (local connection through residence), one bedroom short of the need: the rules suggest C2."""
    from applications.models import Application, Circumstances, Decision
    from housing.scheme.selectors import scheme_in_force
    from tests.factories import ApplicationFactory, UserFactory

    application = ApplicationFactory(status="under_assessment", band="", bedroom_need=2,
                                     eligible_sizes=[2], applicant_user=applicant,
                                     application_date=dt.date(2026, 1, 10),
                                     eligibility_outcome="eligible",
                                     qualification_outcome="qualifies")
    Circumstances.objects.create(application=application, tenure="private_rent",
                                 current_bedrooms=1, household_income_annual=18000, savings=500,
                                 has_housing_need=True)
    decider = UserFactory(username="decider", role="officer")
    Decision.objects.create(application=application, kind="qualification",
                            proposed_outcome="qualifies", outcome="qualifies",
                            basis="residence", reasons=["Lived in the district 4 years."],
                            decided_by=decider, scheme_version=scheme_in_force())
    return Application.objects.get(pk=application.pk)


def _as_if_approved_days_ago(award: Any, days: int) -> dt.date:
    """Time passes: move the approved award, the application's dates and the L6 letter ``days``
    into the past, as if the manager had approved the award then. Returns the band date."""
    from applications.models import Application, BandAward
    from housing.letters.models import Letter

    delta = dt.timedelta(days=days)
    award.refresh_from_db()
    then = award.effective_date - delta
    BandAward.objects.filter(pk=award.pk).update(
        award_date=F("award_date") - delta, effective_date=then,
        approved_at=F("approved_at") - delta, expires_at=F("expires_at") - delta,
        date_reason=award.date_reason.replace(_long(award.effective_date), _long(then)))
    Application.objects.filter(pk=award.application_id).update(
        effective_date=then, registration_date=F("registration_date") - delta)
    Letter.objects.filter(pk=award.decision_letter_id).update(
        created_at=F("created_at") - delta, rendered_at=F("rendered_at") - delta,
        sent_at=F("sent_at") - delta)
    return then


def _row(page: Any, key: str) -> Any:
    """The summary-list row whose key is ``key``."""
    return page.locator(".govuk-summary-list__row").filter(
        has=page.locator(".govuk-summary-list__key", has_text=re.compile(rf"^{key}$")))


def _letters(application: Any, code: str) -> Any:
    from django.contrib.contenttypes.models import ContentType

    from housing.letters.models import Letter

    return Letter.objects.filter(subject_type=ContentType.objects.get_for_model(application),
                                 subject_id=str(application.pk), template__code=code)


def test_band_a_award_approved_reviewed_and_corrected(new_page, screenshot, media_root):
    from playwright.sync_api import expect

    from applications.models import Application, BandAward, ReviewRequest
    from housing.approvals.models import ApprovalRequest

    people = _people()
    officer, manager, reviewer = people["officer"], people["manager"], people["reviewer"]
    applicant = people["applicant"]
    application = _qualified_case(applicant)
    ref = application.reference

    # 1. The officer assesses: the rules' C2 stays ticked, A3 is added; Band A goes to a manager.
    page = _signed_in(new_page, "officer")
    page.goto(f"/staff/applications/{ref}/assessment/")
    expect(page.get_by_role("heading", name="Band assessment", level=1)).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile(r"^C2 "))).to_be_checked()
    a3 = page.get_by_role("checkbox", name=re.compile(r"^A3 Serious and immediate hazard"))
    expect(a3).not_to_be_checked()
    a3.check()
    page.get_by_label("Why should a manager approve this award?").fill(
        "Environmental health inspected last week: Category 1 damp and mould hazard, "
        "prohibition order served. Report on file.")
    page.get_by_role("button", name="Confirm the band").click()
    expect(page.get_by_text("Sent to a manager for approval")).to_be_visible()
    expect(page.get_by_role("heading", name="Waiting for a manager's approval")).to_be_visible()
    screenshot(page, "1-officer-sent-to-manager")

    proposed = BandAward.objects.get(application=application, status="proposed")
    assert proposed.band == "A" and sorted(proposed.reason_codes) == ["A3", "C2"]
    assert proposed.proposed_by == officer
    approval = ApprovalRequest.objects.get(type="band_a_award", status="pending")
    assert approval.requested_by == officer and approval.subject_id == str(proposed.pk)

    # 2. The manager approves it from the approvals queue.
    page = _signed_in(new_page, "manager")
    page.goto("/staff/approvals/")
    row = page.get_by_role("row").filter(has_text=ref)
    expect(row).to_have_count(1)
    row.get_by_role("link", name=re.compile(r": request \d+$")).click()
    expect(page.get_by_role("heading", name="Band A / emergency award", level=1)).to_be_visible()
    expect(page.get_by_text(f"{ref}: Band A (")).to_be_visible()
    page.get_by_label("Approve", exact=True).check()
    # A full reason, as managers write them (the history keeps it whole).
    page.get_by_label("Reason for your decision").fill(
        "The Environmental Health report of 3 November confirms a Category 1 damp and mould "
        "hazard with a prohibition order; the landlord cannot put it right within six months, "
        "so A3 applies and the household needs to move urgently.")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url("**/staff/approvals/")
    expect(page.get_by_text(f"Approved: {ref}: Band A")).to_be_visible()
    screenshot(page, "2-manager-approved")

    application.refresh_from_db()
    original = BandAward.objects.get(pk=proposed.pk)
    assert application.status == Application.Status.ACTIVE
    assert application.band == "A"
    assert original.status == BandAward.Status.CURRENT
    assert original.approved_by == manager
    assert original.effective_date == timezone.localdate()  # rule 1: the day it was accepted
    assert original.date_rule_applied == "new_award"
    assert application.effective_date == original.effective_date
    accepted = _letters(application, "accepted").get()
    assert accepted.recipient == applicant
    assert original.decision_letter == accepted
    assert ApprovalRequest.objects.get(pk=approval.pk).decided_by == manager

    # Ten days pass before the applicant asks for a review.
    band_date = _as_if_approved_days_ago(original, DAYS_BEFORE_REVIEW)
    original.refresh_from_db()

    # 3. The applicant sees their band, reasons and dates, and asks for a review in one click.
    page = _signed_in(new_page, "applicant")
    page.goto("/account/priority/")
    expect(page.get_by_role("heading", name="You are in Band A", level=1)).to_be_visible()
    for reason in original.reasons:
        expect(page.get_by_text(reason, exact=True)).to_be_visible()
    expect(page.get_by_text("serious and immediate hazard in the current home (A3)",
                            exact=False)).to_be_visible()
    expect(_row(page, "Band date")).to_contain_text(_long(band_date))
    expect(_row(page, "Band date")).to_contain_text(original.date_reason)
    screenshot(page, "3-applicant-priority-band-a")
    page.get_by_role("button", name="Ask for a review of this decision").click()
    page.wait_for_url(re.compile(r"/account/reviews/RV-\d{4}-\d{6}/$"))
    expect(page.get_by_text("We have your request for a review (reference")).to_be_visible()
    expect(page.get_by_role("heading", name="Your review request")).to_be_visible()

    review = ReviewRequest.objects.get(application=application)
    assert review.status == ReviewRequest.Status.ACKNOWLEDGED
    assert review.in_time and review.award == original and review.type == "band"
    assert review.channel == "portal" and review.requested_by == applicant
    acknowledgement = _letters(application, "review-acknowledgement").get()
    assert acknowledgement.recipient == applicant
    assert acknowledgement.context["review_reference"] == review.reference

    page.get_by_label("What do you want the reviewer to consider?").fill(
        "My son Alfie has severe asthma. His consultant's letter (sent by email today) says "
        "the mould in this flat is causing life-threatening attacks and he has been admitted "
        "to hospital twice. Please record his urgent medical need as well as the hazard.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("The reviewer will consider what you have told us")).to_be_visible()
    screenshot(page, "4-applicant-review-requested")

    # 4. A manager who took no part allocates the review. The officer who proposed the award
    #    and the manager who approved it cannot be chosen, and the page says why.
    page = _signed_in(new_page, "manager2")
    page.goto("/staff/reviews/")
    page.get_by_role("link", name=review.reference, exact=True).click()
    expect(page.get_by_role("heading", name=f"Review {review.reference}")).to_be_visible()
    allocation = page.get_by_role("group", name="Reviewer")
    expect(allocation.get_by_role("radio")).to_have_count(2)
    expect(allocation.get_by_role("radio", name="Robin Shah (Senior officer)")).to_be_visible()
    expect(allocation.get_by_role("radio", name="Morgan Ellis (Manager)")).to_be_visible()
    for name in ("Jordan Price", "Casey Lee"):
        expect(page.get_by_role("radio", name=re.compile(name))).to_have_count(0)
    page.get_by_text("Why some managers and senior officers are not listed (2)").click()
    expect(page.get_by_text(re.compile(r"^Jordan Price proposed the award under review"))) \
        .to_be_visible()
    expect(page.get_by_text(re.compile(r"^Casey Lee approved the award under review"))) \
        .to_be_visible()
    screenshot(page, "5-allocation")
    allocation.get_by_role("radio", name="Robin Shah (Senior officer)").check()
    page.get_by_role("button", name="Allocate", exact=True).click()
    expect(page.get_by_text("The review is allocated to Robin Shah")).to_be_visible()
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.ALLOCATED and review.reviewer == reviewer

    # 5. The reviewer varies the decision: A1 is added to A3 and C2.
    page = _signed_in(new_page, "senior")
    page.goto("/staff/reviews/")
    page.get_by_role("link", name=review.reference, exact=True).click()
    expect(page.get_by_role("heading", name="Decide the review")).to_be_visible()
    expect(page.get_by_text("Alfie has severe asthma")).to_be_visible()
    page.get_by_label("Original decision varied").check()
    page.get_by_label("Reasons", exact=True).fill(
        "The hazard decision (A3) was right: the prohibition order is still in force.\n"
        "The consultant's letter shows that the conditions in the flat are causing Alfie "
        "life-threatening asthma attacks, which is an urgent medical need (A1). It should "
        "have been recorded. You stay in Band A and keep your band date.")
    for code in ("A1", "A3", "C2"):
        page.get_by_role("checkbox", name=re.compile(rf"^{code}: ")).check()
    page.get_by_role("button", name="Decide and send the letter").click()
    expect(page.get_by_text("Review decided: original decision varied")).to_be_visible()
    expect(page.get_by_text("The corrected award (Band A) is now current")).to_be_visible()
    screenshot(page, "6-reviewer-decided")

    # The award is corrected: the old one is superseded, the corrected one is current with the
    # band date the applicant already held in Band A (same band: unchanged), not today's.
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.DECIDED
    assert review.outcome == ReviewRequest.Outcome.VARIED
    corrected = review.corrected_award
    assert corrected is not None
    original.refresh_from_db()
    assert original.status == BandAward.Status.SUPERSEDED and original.ended_at is not None
    assert corrected.status == BandAward.Status.CURRENT
    assert corrected.origin == BandAward.Origin.REVIEW
    assert corrected.band == "A" and sorted(corrected.reason_codes) == ["A1", "A3", "C2"]
    assert corrected.replaces == original
    assert corrected.proposed_by == reviewer and corrected.approved_by == reviewer
    assert band_date == timezone.localdate() - dt.timedelta(days=DAYS_BEFORE_REVIEW)
    assert corrected.effective_date == band_date
    assert corrected.date_rule_applied == "retained_earlier"
    assert corrected.award_date == timezone.localdate()
    assert list(application.awards.filter(status="current")) == [corrected]
    application.refresh_from_db()
    assert application.band == "A" and application.effective_date == band_date
    assert application.status == Application.Status.ACTIVE
    decision_letter = _letters(application, "review-decision").get()
    assert review.decision_letter == decision_letter
    assert decision_letter.recipient == applicant
    assert decision_letter.context["review_reference"] == review.reference
    assert decision_letter.context["changed"] is True
    assert decision_letter.context["outcome"] == "varied"
    assert decision_letter.context["effective_date"] == band_date.isoformat()
    assert "Your corrected priority" in decision_letter.html
    assert decision_letter.html.count(_long(band_date)) >= 2  # before the review, and now
    assert "Urgent medical or disability need (A1)" in decision_letter.html
    # No reassessment letter (L7): the review decision letter tells the applicant.
    assert not _letters(application, "reassessment").exists()

    # 6. The applicant sees the corrected reasons with the same band date, and the letters.
    page = _signed_in(new_page, "applicant")
    page.goto("/account/priority/")
    expect(page.get_by_role("heading", name="You are in Band A", level=1)).to_be_visible()
    for reason in corrected.reasons:
        expect(page.get_by_text(reason, exact=True)).to_be_visible()
    expect(page.get_by_text("Urgent medical or disability need (A1)", exact=False)) \
        .to_be_visible()
    expect(_row(page, "Band date")).to_contain_text(_long(band_date))
    expect(_row(page, "Band date")).to_contain_text(corrected.date_reason)
    # A review decision is final within the council: no second review, the Ombudsman instead.
    expect(page.get_by_role("button", name="Ask for a review of this decision")).to_have_count(0)
    expect(page.get_by_text("Local Government and Social Care Ombudsman")).to_be_visible()
    screenshot(page, "7-applicant-priority-corrected")

    page.get_by_role("link", name="Read your decision letters").click()
    page.wait_for_url("**/account/letters/")
    expect(page.get_by_role("heading", name="Your letters", level=1)).to_be_visible()
    letters = page.get_by_role("table")
    expect(letters.get_by_text("The decision on your review")).to_be_visible()
    expect(letters.get_by_text("We have received your request for a review")).to_be_visible()
    expect(letters.get_by_text(accepted.title)).to_be_visible()
    screenshot(page, "8-applicant-letters")
