"""Issue 6, "Done when", through the real pages in a real browser.

Bidding on a 2-bedroom flat closes on schedule (the job Celery beat runs every minute) and the
four bidders of DOMAIN.md Appendix A.1 are ranked Q, R, P, S. The officer works the shortlist
from the top: Q has stopped answering and is bypassed with a reason (Q gets a bypass notice);
R owes £900 rent arrears with no arrangement, so the officer asks for a debt override, which a
manager approves from the approvals queue; R is offered the home and refuses it on the portal
because they prefer another area, which the officer assesses as unreasonable (R gets the
decision letter); P is next, is offered the home and accepts it on the portal; the officer
signs the tenant up, and the public results page shows it with the band and date of the
successful bidder and no personal data. Meanwhile a manager approves a direct match of a
ground-floor flat to a household that needs step-free access.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(new_page: Any, username: str) -> Any:
    page = new_page()
    sign_in(page, username)
    page.wait_for_url(lambda url: "/sign-in/" not in url)
    return page


def _sign_up_by_services(offer: Any, officer: Any, start: dt.date) -> None:
    """Complete the sign-up of ``offer`` through the services: every check, the pack, the
    tenant's signature and the counter-signature."""
    from lettings.models import SignUp
    from lettings.services import signups

    signup = SignUp.objects.get(offer=offer)
    lead = offer.application.members.get(role="lead")
    lead.immigration_status, lead.habitually_resident = "british", True
    lead.save(update_fields=["immigration_status", "habitually_resident"])
    signups.signup_terms_update(signup=signup, actor=officer, data={"start_date": start})
    signups.signup_eligibility_recheck(signup=signup, actor=officer)
    signups.affordability_record(signup=signup, actor=officer, figures={
        "earnings": "420.00", "council_tax": "22.00", "utilities": "35.00",
        "food_and_household": "90.00"})
    for code in ("identity", "household", "rent_in_advance"):
        signups.signup_check_record(signup=signup, actor=officer, code=code, status="done",
                                    outcome="Checked at the pre-tenancy interview.")
    for code in ("benefit_claim", "support", "tenancy_end"):
        signups.signup_check_record(signup=signup, actor=officer, code=code,
                                    status="not_needed", outcome="Not needed for this household.")
    pack = signups.pack_generate(signup=signup, actor=officer)
    signups.tenant_sign(signup=signup, actor=officer, member_id=lead.pk,
                        typed_name=lead.full_name, confirmed=True, pdf_sha256=pack.sha256,
                        in_person=True)
    signups.countersign(signup=signup, actor=officer,
                        typed_name=officer.get_full_name() or officer.get_username(),
                        confirmed=True, pdf_sha256=pack.sha256)


def _bidder(username: str, *, band: str, effective: dt.date, registered: dt.date,
            postcode: str = "BF2 4QT", sizes: tuple[int, ...] = (2,),
            mobility: str = "") -> Any:
    from applications.models import Application, BandAward, Circumstances
    from housing.scheme.selectors import scheme_in_force
    from tests.factories import ApplicationFactory, UserFactory

    user = UserFactory(username=username, role="applicant")
    today = timezone.localdate()
    application = ApplicationFactory(
        status="active", band=band, bedroom_need=max(sizes), eligible_sizes=list(sizes),
        applicant_user=user, postcode=postcode, application_date=registered,
        registration_date=registered, effective_date=effective)
    lead = application.members.get(role="lead")
    lead.date_of_birth = today.replace(year=today.year - 38) - dt.timedelta(days=40)
    lead.save(update_fields=["date_of_birth"])
    Circumstances.objects.create(application=application, tenure="private_rent")
    assessor = UserFactory(username=f"assessor-{username}", role="officer")
    BandAward.objects.create(
        application=application, status=BandAward.Status.CURRENT, band=band,
        band_name=f"Band {band}", proposed_band=band, award_date=effective,
        effective_date=effective, eligible_sizes=list(sizes), bedroom_need=max(sizes),
        proposed_by=assessor, scheme_version=scheme_in_force(),
        property_flags={"mobility_category": mobility} if mobility else {})
    return Application.objects.get(pk=application.pk)


def _world() -> dict[str, Any]:
    from applications.services.debts import debt_record_add
    from lettings.models import Advert, Property, Void
    from lettings.services.bidding import bid_place
    from tests.factories import (
        AdvertFactory,
        CycleFactory,
        OrganisationFactory,
        PropertyFactory,
        UserFactory,
    )

    council = OrganisationFactory(kind="council", name="Brackenfield Borough Council",
                                  code="BBC")
    officer = UserFactory(username="officer", role="officer", organisation=council,
                          first_name="Jordan", last_name="Price")
    manager = UserFactory(username="manager", role="manager", organisation=council,
                          first_name="Casey", last_name="Lee")
    flat = PropertyFactory(reference="BBC-2041", address_line_1="Flat 6, Kingfisher House",
                           address_line_2="Weaver Close", postcode="BF2 4QT", area="Millbrook",
                           landlord=council, property_type="flat", bedrooms=2, bedspaces=4,
                           min_occupancy=1, weekly_rent="112.40", service_charge="8.15",
                           tenancy_type_offered=Property.TenancyType.INTRODUCTORY)
    void = Void.objects.create(
        property=flat, status=Void.Status.ADVERTISED, reason_vacant="transfer",
        tenancy_end_date=timezone.localdate() - dt.timedelta(days=20),
        keys_returned_date=timezone.localdate() - dt.timedelta(days=19),
        ready_to_let_date=timezone.localdate() - dt.timedelta(days=10))
    now = timezone.now()
    cycle = CycleFactory(name="Week 47", opens_at=now - dt.timedelta(days=4),
                         closes_at=now - dt.timedelta(minutes=5), status="open")
    advert = AdvertFactory(reference="ADV-002041", property=flat, void=void, cycle=cycle,
                           allowed_sizes=[2], max_occupancy=4)
    people = {
        "P": _bidder("bidder-p", band="B", effective=dt.date(2024, 3, 1),
                     registered=dt.date(2022, 5, 10)),
        "Q": _bidder("bidder-q", band="A", effective=dt.date(2025, 1, 15),
                     registered=dt.date(2025, 1, 15)),
        "R": _bidder("bidder-r", band="B", effective=dt.date(2024, 3, 1),
                     registered=dt.date(2021, 11, 2)),
        "S": _bidder("bidder-s", band="C", effective=dt.date(2019, 6, 1),
                     registered=dt.date(2019, 6, 1)),
    }
    # Bids placed while the advert was open (the window is moved back after).
    Advert.objects.filter(pk=advert.pk).update(closes_at=now + dt.timedelta(hours=1))
    for application in people.values():
        bid_place(application=application, advert=advert, actor=application.applicant_user)
    Advert.objects.filter(pk=advert.pk).update(closes_at=cycle.closes_at)
    r = people["R"]
    debt_record_add(application=r, actor=officer, data={
        "member": r.members.get(role="lead").pk, "creditor": "council",
        "type": "rent_arrears", "amount": Decimal("900.00"),
        "as_of": timezone.localdate() - dt.timedelta(days=3),
        "accrued_date": timezone.localdate() - dt.timedelta(days=200)})
    # Another home, ready to let, never advertised: for the direct match.
    ground = PropertyFactory(reference="BBC-0713", address_line_1="12 Orchard Walk",
                             postcode="BF3 2RN", area="St Anne's", landlord=council,
                             property_type="flat", bedrooms=1, bedspaces=2, min_occupancy=1,
                             floor_level=0, mobility_category="step_free",
                             weekly_rent="96.20", service_charge="4.10")
    ground_void = Void.objects.create(
        property=ground, status=Void.Status.READY_TO_LET, reason_vacant="death",
        tenancy_end_date=timezone.localdate() - dt.timedelta(days=30),
        keys_returned_date=timezone.localdate() - dt.timedelta(days=25),
        ready_to_let_date=timezone.localdate() - dt.timedelta(days=2))
    matched = _bidder("bidder-t", band="A", effective=dt.date(2025, 8, 4),
                      registered=dt.date(2025, 8, 4), postcode="BF3 9XX", sizes=(1,),
                      mobility="step_free")
    return {"officer": officer, "manager": manager, "advert": advert, "cycle": cycle,
            "void": void, "people": people, "ground": ground, "ground_void": ground_void,
            "matched": matched}


def _manager_approves(page: Any, reference: str, reason: str) -> None:
    from playwright.sync_api import expect

    page.goto("/staff/approvals/")
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_have_count(1)
    row.get_by_role("link", name=re.compile(r": request \d+$")).click()
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("Reason for your decision").fill(reason)
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url("**/staff/approvals/")


def test_shortlist_to_let_with_bypass_debt_override_refusal_and_a_direct_match(
        new_page, screenshot):
    from playwright.sync_api import expect

    from housing.approvals.models import ApprovalRequest
    from housing.letters.models import Letter
    from lettings.models import Advert, DirectMatch, Offer, ShortlistEntry
    from lettings.services.cycles import lettings_run_due

    world = _world()
    people, advert = world["people"], world["advert"]
    ref = {name: application.reference for name, application in people.items()}

    # 1. Bidding closes on schedule: the bids are checked again and ranked (A.1: Q, R, P, S).
    lettings_run_due(now=timezone.now())
    advert.refresh_from_db()
    assert advert.status == Advert.Status.SHORTLISTED
    entries = {name: ShortlistEntry.objects.get(bid__application=application)
               for name, application in people.items()}
    assert [entries[n].rank for n in "QRPS"] == [1, 2, 3, 4]

    # 2. The officer opens the shortlist: Q is next.
    officer = _signed_in(new_page, "officer")
    officer.goto(f"/staff/adverts/{advert.pk}/shortlist/")
    expect(officer.get_by_role("heading", name="Shortlist", level=1)).to_be_visible()
    first_row = officer.get_by_role("row").filter(has_text=ref["Q"])
    expect(first_row.get_by_text("Next", exact=True)).to_be_visible()
    screenshot(officer, "01-officer-shortlist")

    # 3. Q has not answered three calls and an email: bypassed with a reason and a note.
    first_row.get_by_role("link", name=re.compile("Work this bidder")).click()
    officer.get_by_label("No contact within the deadline").check()
    officer.get_by_label("Note", exact=True).fill(
        "No answer to three calls and an email over 48 hours.")
    with officer.expect_navigation():
        officer.get_by_role("button", name="Bypass the bidder").click()
    entries["Q"].refresh_from_db()
    assert entries["Q"].status == ShortlistEntry.Status.BYPASSED
    assert entries["Q"].bypass_reason_code == "NO_CONTACT_WITHIN_DEADLINE"
    assert Letter.objects.filter(template__code="bypass-notice",
                                 recipient=people["Q"].applicant_user).count() == 1
    screenshot(officer, "02-officer-bypassed-q")

    # 4. R is next but owes £900 with no arrangement: making the offer is refused with the
    #    reason; the officer asks a manager for a debt override.
    officer.goto(f"/staff/shortlist/{entries['R'].pk}/")
    expect(officer.get_by_role("heading", name="Housing debt")).to_be_visible()
    officer.get_by_label("Why should a manager let the offer go ahead?").fill(
        "The arrears built up while R's former partner controlled the household's money; a "
        "repayment plan of £10 a week starts on moving, agreed with the rent team.")
    with officer.expect_navigation():
        officer.get_by_role("button", name="Send to a manager").click()
    approval = ApprovalRequest.objects.get(type="debt_override", status="pending")
    screenshot(officer, "03-officer-debt-override-requested")

    # The officer cannot approve their own request (maker–checker): no decision form for them.
    officer.goto(f"/staff/approvals/{approval.pk}/")
    assert officer.get_by_role("button", name="Record the decision").count() == 0

    manager = _signed_in(new_page, "manager")
    _manager_approves(manager, ref["R"], "Economic abuse by a former partner; a repayment "
                                         "plan is agreed. Override for this offer.")
    approval.refresh_from_db()
    assert (approval.status, approval.decided_by) == ("approved", world["manager"])
    screenshot(manager, "04-manager-approved-debt-override")

    # The override shows on the shortlist; the officer offers R the home.
    officer.goto(f"/staff/adverts/{advert.pk}/shortlist/")
    expect(officer.get_by_role("row").filter(has_text=ref["R"])
           .get_by_text("Override")).to_be_visible()
    officer.goto(f"/staff/shortlist/{entries['R'].pk}/")
    with officer.expect_navigation():
        officer.get_by_role("button", name="Make the offer").click()
    offer_r = Offer.objects.get(application=people["R"])
    assert offer_r.status == Offer.Status.ISSUED
    screenshot(officer, "05-officer-offered-r")

    # 5. R refuses on the portal: they would rather live in another area.
    applicant_r = _signed_in(new_page, "bidder-r")
    applicant_r.goto(f"/account/offers/{offer_r.pk}/")
    screenshot(applicant_r, "06-applicant-r-offer")
    applicant_r.get_by_role("button", name="Refuse this offer").click()
    applicant_r.get_by_label("Prefers another area").check()
    applicant_r.get_by_role("button", name="Refuse this offer").click()
    applicant_r.wait_for_url(lambda url: "/refuse/" not in url)
    offer_r.refresh_from_db()
    assert offer_r.status == Offer.Status.REFUSED

    # The officer assesses the refusal as unreasonable: the decision letter (L13) goes to R.
    officer.goto(f"/staff/offers/{offer_r.pk}/")
    officer.get_by_label("Unreasonable (a penalty may follow under the scheme)").check()
    officer.get_by_label("Reasons for your decision").fill(
        "A suitable home in an area R bid for; preferring another area is not a reason under "
        "the scheme.")
    with officer.expect_navigation():
        officer.get_by_role("button", name="Record the decision").click()
    offer_r.refresh_from_db()
    assert offer_r.refusal_assessment == Offer.Assessment.UNREASONABLE
    assert Letter.objects.filter(template__code="refusal-decision",
                                 recipient=people["R"].applicant_user).count() == 1
    screenshot(officer, "07-officer-refusal-assessed")

    # 6. P is next: offered the home, and accepts it on the portal.
    officer.goto(f"/staff/adverts/{advert.pk}/shortlist/")
    expect(officer.get_by_role("row").filter(has_text=ref["P"])
           .get_by_text("Next", exact=True)).to_be_visible()
    officer.goto(f"/staff/shortlist/{entries['P'].pk}/")
    with officer.expect_navigation():
        officer.get_by_role("button", name="Make the offer").click()
    offer_p = Offer.objects.get(application=people["P"])
    applicant_p = _signed_in(new_page, "bidder-p")
    applicant_p.goto(f"/account/offers/{offer_p.pk}/")
    applicant_p.get_by_role("button", name="Accept this offer").click()
    applicant_p.get_by_role("button", name="Accept this offer").click()
    applicant_p.wait_for_url(lambda url: "/accept/" not in url)
    offer_p.refresh_from_db()
    assert offer_p.status == Offer.Status.ACCEPTED
    screenshot(applicant_p, "08-applicant-p-accepted")

    # 7. The officer starts the sign-up from the offer page. The checks, the pack and the
    #    signatures are made through the services here (their pages have their own journey,
    #    tests/browser/test_signup_journey.py); counter-signing lets the home from next Monday.
    officer.goto(f"/staff/offers/{offer_p.pk}/")
    with officer.expect_navigation():
        officer.get_by_role("button", name="Start the sign-up").click()
    today = timezone.localdate()
    monday = today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)
    _sign_up_by_services(offer_p, world["officer"], monday)
    offer_p.refresh_from_db()
    advert.refresh_from_db()
    world["void"].refresh_from_db()
    people["P"].refresh_from_db()
    assert offer_p.status == Offer.Status.SIGNED_UP
    assert (advert.status, world["void"].status, people["P"].status) == ("let", "let", "closed")
    assert people["P"].closed_reason == "housed"
    officer.goto(f"/staff/voids/{world['void'].pk}/")
    screenshot(officer, "09-officer-let-recorded")

    # 8. A manager approves a direct match of the step-free ground-floor flat, proposed by the
    #    officer for a Band A household who needs step-free access.
    matched = world["matched"]
    officer.goto("/staff/direct-matches/")
    officer.get_by_role("button", name="Propose a direct match").click()
    officer.get_by_label(re.compile("12 Orchard Walk")).check()
    officer.get_by_label("Applicant's application reference").fill(matched.reference)
    officer.get_by_label(re.compile("Adapted or wheelchair home")).check()
    officer.get_by_label("Why should this home go to this applicant?").fill(
        "The household's assessed need is a step-free home; this is the only step-free "
        "one-bedroom home free this month and they are in Band A.")
    with officer.expect_navigation():
        officer.get_by_role("button", name="Propose the match").click()
    match = DirectMatch.objects.get(application=matched)
    assert match.status == DirectMatch.Status.PROPOSED
    screenshot(officer, "10-officer-direct-match-proposed")

    _manager_approves(manager, matched.reference,
                      "Meets the accessible-home category; highest-priority household with "
                      "this need.")
    match.refresh_from_db()
    assert (match.status, match.decided_by) == (DirectMatch.Status.APPROVED, world["manager"])
    manager.goto(f"/staff/direct-matches/{match.pk}/")
    expect(manager.get_by_text("Approved", exact=True).first).to_be_visible()
    screenshot(manager, "11-manager-direct-match-approved")

    # 9. The public results page shows the let: bids, band and date, route; no personal data.
    public = new_page()
    public.goto("/homes/results/")
    expect(public.get_by_role("heading", level=1)).to_be_visible()
    body = public.locator("main").inner_text()
    assert advert.reference in body
    assert "Millbrook" in body and "Band B" in body
    assert "1 March 2024" in body  # P's band date
    for name in "PQRS":
        assert ref[name] not in body
    screenshot(public, "12-public-results")
