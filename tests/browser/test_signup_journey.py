"""Issue 8, "Done when", through the real pages in a real browser.

After the applicant accepts the offer of a council flat, the officer starts the sign-up, sets
the start date, works through every pre-tenancy check including an affordability assessment
with its figures, and makes the tenancy pack. The applicant signs it online in the portal (typed
name, confirmation, the fingerprint of the PDF shown). The officer counter-signs, and the home
shows as let with its void days.
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


def _world() -> dict[str, Any]:
    """A council flat whose last tenancy ended three weeks ago, and an accepted offer of it to
    a household that bid for it."""
    from applications.models import BandAward, Circumstances
    from housing.accounts.models import Organisation
    from housing.scheme.selectors import scheme_in_force
    from lettings.services.bidding import bid_place
    from lettings.services.cycles import advert_close
    from lettings.services.offers import offer_accept, offer_make
    from tests.factories import (
        AdvertFactory,
        ApplicationFactory,
        CycleFactory,
        PropertyFactory,
        UserFactory,
        VoidFactory,
    )

    today = timezone.localdate()
    council = Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).first() \
        or Organisation.objects.create(name="Brackenfield Borough Council", code="BBC",
                                       kind=Organisation.Kind.COUNCIL)
    officer = UserFactory(username="officer", role="officer", organisation=council,
                          first_name="Olive", last_name="Officer")
    user = UserFactory(username="tenant", role="applicant")
    application = ApplicationFactory(
        status="active", band="B", bedroom_need=2, eligible_sizes=[2], applicant_user=user,
        postcode="BF2 4QT", application_date=dt.date(2024, 3, 1),
        registration_date=dt.date(2024, 3, 1), effective_date=dt.date(2024, 3, 1))
    lead = application.members.get(role="lead")
    lead.first_name, lead.last_name = "Priya", "Tenant"
    lead.date_of_birth = today.replace(year=today.year - 34) - dt.timedelta(days=20)
    lead.immigration_status, lead.habitually_resident, lead.sex = "british", True, "female"
    lead.save()
    Circumstances.objects.create(application=application, tenure="private_rent")
    BandAward.objects.create(
        application=application, status=BandAward.Status.CURRENT, band="B", band_name="Band B",
        proposed_band="B", award_date=dt.date(2024, 3, 1), effective_date=dt.date(2024, 3, 1),
        eligible_sizes=[2], bedroom_need=2, proposed_by=officer, scheme_version=scheme_in_force())
    prop = PropertyFactory(landlord=council, bedrooms=2, bedspaces=4,
                           address_line_1="7 Heron Court", weekly_rent=Decimal("98.40"),
                           service_charge=Decimal("6.10"))
    void = VoidFactory(status="advertised", property=prop,
                       tenancy_end_date=today - dt.timedelta(days=21))
    cycle = CycleFactory()
    advert = AdvertFactory(cycle=cycle, property=prop, void=void, allowed_sizes=[2])
    bid_place(application=application, advert=advert, actor=None)
    advert_close(advert=advert, now=cycle.closes_at)
    offer = offer_make(entry=advert.shortlist.get(), actor=officer)
    offer_accept(offer=offer, actor=user)
    return {"officer": officer, "application": application, "offer": offer, "void": void,
            "lead": lead, "property": prop}


def _save_check(page: Any, title: str, status: str, outcome: str) -> None:
    page.get_by_role("link", name=title).click()
    page.get_by_label(status, exact=True).check()
    page.get_by_label("What was checked and found").fill(outcome)
    with page.expect_navigation():
        page.get_by_role("button", name="Save the check").click()


def test_officer_signs_up_the_tenant_and_the_home_is_let(new_page: Any, screenshot: Any,
                                                        media_root: Any) -> None:
    from playwright.sync_api import expect

    from lettings.models import SignUp, Tenancy, TenancySignature
    from lettings.services.signups import sha256_of_file

    world = _world()
    offer, void = world["offer"], world["void"]
    today = timezone.localdate()
    start = today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)

    # 1. The officer starts the sign-up from the accepted offer.
    officer = _signed_in(new_page, "officer")
    officer.goto(f"/staff/offers/{offer.pk}/")
    with officer.expect_navigation():
        officer.get_by_role("button", name="Start the sign-up").click()
    signup = SignUp.objects.get(offer=offer)
    expect(officer.get_by_role("heading", name="Pre-tenancy checks")).to_be_visible()
    screenshot(officer, "01-officer-signup-started")

    # 2. The tenancy's start date (next Monday): a council home, so introductory.
    officer.goto(f"/staff/signups/{signup.pk}/terms/")
    officer.locator("input[name='start_date_0']").fill(str(start.day))
    officer.locator("input[name='start_date_1']").fill(str(start.month))
    officer.locator("input[name='start_date_2']").fill(str(start.year))
    with officer.expect_navigation():
        officer.get_by_role("button", name="Save the terms").click()
    signup.refresh_from_db()
    assert (signup.start_date, signup.tenancy_type) == (start, "introductory")

    # 3. Making the pack now is refused: the checks are not done.
    with officer.expect_navigation():
        officer.get_by_role("button", name="Make the tenancy pack").click()
    expect(officer.locator(".govuk-error-summary")).to_contain_text("Identity of every adult")
    screenshot(officer, "02-officer-pack-refused-checks-outstanding")

    # 4. The checks: eligibility re-run by the rules, affordability from the figures.
    officer.goto(f"/staff/signups/{signup.pk}/")
    officer.get_by_role("link", name="Eligibility checked again").click()
    with officer.expect_navigation():
        officer.get_by_role("button", name="Check eligibility again").click()
    officer.goto(f"/staff/signups/{signup.pk}/")
    officer.get_by_role("link", name="Affordability assessment").click()
    officer.get_by_label(re.compile("Earnings")).fill("310.00")
    officer.get_by_label(re.compile("Universal Credit")).fill("62.50")
    officer.get_by_label(re.compile("Help with housing costs")).fill("40.00")
    officer.get_by_label(re.compile("Council Tax")).fill("18.00")
    officer.get_by_label(re.compile("Gas, electricity and water")).fill("32.00")
    officer.get_by_label(re.compile("Food and household goods")).fill("85.00")
    officer.get_by_label(re.compile("Travel")).fill("20.00")
    officer.get_by_label("Evidence seen").fill("Payslips for 3 months; UC statement.")
    screenshot(officer, "03-officer-affordability-form")
    with officer.expect_navigation():
        officer.get_by_role("button", name="Work out affordability").click()
    officer.goto(f"/staff/signups/{signup.pk}/")
    affordability = officer.locator("main")
    # Income 412.50; rent and charges 104.50; outgoings 155.00: 153.00 a week left.
    expect(affordability).to_contain_text("£412.50")
    expect(affordability).to_contain_text("£153.00")
    screenshot(officer, "04-officer-affordability-result")
    for title, status, outcome in (
            ("Identity of every adult tenant", "Done", "Passport and bank statement seen."),
            ("Household unchanged", "Done", "Same household as on the application."),
            ("Rent in advance", "Done", "One week's rent paid by card."),
            ("Claim for help with housing costs", "Done", "UC housing element reported."),
            ("Support needs and referrals", "Not needed", "No support needs identified."),
            ("Existing tenancy end date", "Not needed", "Lodging: no tenancy to end.")):
        officer.goto(f"/staff/signups/{signup.pk}/")
        _save_check(officer, title, status, outcome)
    officer.goto(f"/staff/signups/{signup.pk}/")
    screenshot(officer, "05-officer-checks-done")

    # 5. The pack is made: a PDF whose fingerprint is kept.
    with officer.expect_navigation():
        officer.get_by_role("button", name="Make the tenancy pack").click()
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.READY
    pack = signup.packs.get()
    assert sha256_of_file(pack.letter.pdf) == pack.sha256
    expect(officer.locator("main")).to_contain_text(pack.sha256)
    screenshot(officer, "06-officer-pack-made")

    # 6. The applicant signs online: a wrong name is refused, then the right one is taken.
    tenant = _signed_in(new_page, "tenant")
    tenant.goto(f"/account/offers/{offer.pk}/")
    tenant.get_by_role("button", name="Sign your tenancy").click()
    expect(tenant.get_by_role("heading", name="Sign your tenancy", level=1)).to_be_visible()
    expect(tenant.get_by_role("link", name=re.compile("Read your tenancy pack"))).to_be_visible()
    screenshot(tenant, "07-applicant-sign-page")
    tenant.get_by_label("Type your full name").fill("P Tenant")
    tenant.get_by_label("I have read the tenancy agreement and agree to its terms").check()
    tenant.get_by_role("button", name="Sign the tenancy").click()
    expect(tenant.locator(".govuk-error-summary")).to_contain_text("Priya Tenant")
    screenshot(tenant, "08-applicant-wrong-name")
    assert not TenancySignature.objects.exists()
    tenant.get_by_label("Type your full name").fill("priya  tenant")
    tenant.get_by_label("I have read the tenancy agreement and agree to its terms").check()
    tenant.get_by_role("button", name="Sign the tenancy").click()
    expect(tenant.get_by_text("You have signed your tenancy").first).to_be_visible()
    screenshot(tenant, "09-applicant-signed")
    signature = TenancySignature.objects.get(role="tenant")
    assert signature.pdf_sha256 == pack.sha256 and signature.ip_address
    assert "Chrome" in signature.user_agent or "HeadlessChrome" in signature.user_agent

    # 7. The officer counter-signs: the signed copy is made and the let completed.
    officer.goto(f"/staff/signups/{signup.pk}/")
    officer.get_by_label("Type your full name").fill("Olive Officer")
    officer.get_by_label("I have checked the tenancy and sign for the landlord").check()
    with officer.expect_navigation():
        officer.get_by_role("button", name="Counter-sign and start the tenancy").click()
    signup.refresh_from_db()
    tenancy = Tenancy.objects.get(signup=signup)
    void.refresh_from_db()
    world["application"].refresh_from_db()
    assert signup.status == SignUp.Status.SIGNED
    assert sha256_of_file(signup.signed_pdf) == signup.signed_pdf_sha256
    assert (void.status, void.let_date) == ("let", start)
    days = (start - void.tenancy_end_date).days
    assert tenancy.void_days == days
    assert (world["application"].status, world["application"].closed_reason) == ("closed",
                                                                                 "housed")
    expect(officer.locator("main")).to_contain_text(tenancy.reference)
    screenshot(officer, "10-officer-tenancy")

    # 8. The home shows as let, with its void days.
    officer.goto(f"/staff/voids/{void.pk}/")
    main = officer.locator("main")
    expect(main).to_contain_text("Let")
    expect(main).to_contain_text(str(days))
    screenshot(officer, "11-officer-void-let")
    tenant.goto(f"/account/tenancy/{signup.pk}/")
    expect(tenant.get_by_text("Your tenancy is signed").first).to_be_visible()
    screenshot(tenant, "12-applicant-tenancy-signed")
