"""Issue 7, "Done when", through the real pages in a real browser.

Riverside Vale Housing Association's 2-bedroom flat is empty. Their lettings officer tells the
council through the partner portal and asks for it to be advertised; the council advertises it,
bidding closes and the top two bidders are verified. The council nominates the first; the
provider rejects them with a reason from the agreement (they cannot afford the rent after an
affordability check); the council accepts the rejection (the applicant gets the L15 letter) and
nominates the next bidder, whom the provider accepts, offers the home to and signs up: the
tenancy start is recorded and the home is let through the nomination.
"""

from __future__ import annotations

import datetime as dt
import re
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


def _fill_date(page: Any, name: str, day: dt.date) -> None:
    page.locator(f"input[name='{name}_0']").fill(str(day.day))
    page.locator(f"input[name='{name}_1']").fill(str(day.month))
    page.locator(f"input[name='{name}_2']").fill(str(day.year))


def _world() -> dict[str, Any]:
    from nominations.models import NominationAgreement
    from tests.browser.test_shortlist_journey import _bidder
    from tests.factories import OrganisationFactory, PropertyFactory, UserFactory

    council = OrganisationFactory(kind="council", name="Brackenfield Borough Council",
                                  code="BBC")
    rvh = OrganisationFactory(kind="registered_provider", code="RVH",
                              name="Riverside Vale Housing Association",
                              contact_email="lettings@rvh.example")
    officer = UserFactory(username="officer", role="officer", organisation=council)
    manager = UserFactory(username="manager", role="manager", organisation=council)
    provider = UserFactory(username="provider-a", role="provider", organisation=rvh,
                           first_name="Robin", last_name="Hale")
    NominationAgreement.objects.create(provider=rvh, name="Riverside Vale 2026",
                                       effective_from=dt.date(2026, 1, 1), relet_share_pct=75)
    home = PropertyFactory(reference="RVH-2201", address_line_1="4 Heron Court",
                           postcode="BF2 7LD", area="Millbrook", landlord=rvh,
                           property_type="flat", bedrooms=2, bedspaces=4, min_occupancy=1,
                           weekly_rent="118.20", service_charge="9.60")
    first = _bidder("bidder-one", band="A", effective=dt.date(2025, 2, 3),
                    registered=dt.date(2025, 2, 3))
    second = _bidder("bidder-two", band="B", effective=dt.date(2024, 6, 10),
                     registered=dt.date(2023, 9, 1))
    return {"officer": officer, "manager": manager, "provider": provider, "rvh": rvh,
            "home": home, "first": first, "second": second}


def test_provider_notifies_council_nominates_provider_rejects_then_accepts_and_lets(
        new_page, screenshot):
    from playwright.sync_api import expect

    from housing.letters.models import Letter
    from lettings.models import Advert, BiddingCycle, LettingResult, ShortlistEntry
    from lettings.services.adverts import advert_approve, advert_publish
    from lettings.services.bidding import bid_place
    from lettings.services.cycles import lettings_run_due
    from nominations.models import Nomination, NominationRequest
    from tests.factories import CycleFactory
    from tests.nominations.conftest import verify

    world = _world()
    today = timezone.localdate()

    # 1. The provider tells the council the flat is empty and asks for it to be advertised.
    rp = _signed_in(new_page, "provider-a")
    rp.goto("/partners/vacancies/new/")
    rp.get_by_label("Which home is empty, or about to be?").select_option(
        value=str(world["home"].pk))
    rp.get_by_label("Advertise the home, then nominate from the shortlist").check()
    rp.get_by_label("Why the home is empty").select_option(index=1)
    rp.get_by_label("Standard", exact=False).first.check()
    _fill_date(rp, "void-tenancy_end_date", today - dt.timedelta(days=9))
    _fill_date(rp, "void-keys_returned_date", today - dt.timedelta(days=8))
    _fill_date(rp, "void-ready_to_let_date", today - dt.timedelta(days=1))
    screenshot(rp, "01-provider-notifies")
    with rp.expect_navigation():
        rp.get_by_role("button", name="Send to the council").click()
    vacancy = NominationRequest.objects.get()
    assert (vacancy.provider, vacancy.route) == (world["rvh"], "advertised")
    expect(rp.get_by_text("sent to the council", exact=False).first).to_be_visible()
    screenshot(rp, "02-provider-vacancy-sent")

    # 2. The council advertises it: the officer drafts the advert from the void...
    officer = _signed_in(new_page, "officer")
    officer.goto(f"/staff/voids/{vacancy.void_id}/")
    officer.get_by_role("button", name="Create advert").click()
    with officer.expect_navigation():
        officer.get_by_role("button", name="Create the draft advert").click()
    advert = Advert.objects.get(void=vacancy.void)
    # ... a manager approves and publishes it into this week's open cycle, bids come in, and
    # bidding closes on schedule (Celery beat's job, run here at the closing time).
    now = timezone.now()
    cycle = CycleFactory(name="Week 48", opens_at=now - dt.timedelta(days=1),
                         closes_at=now + dt.timedelta(days=3), status="open")
    advert_approve(advert=advert, actor=world["manager"])
    advert_publish(advert=advert, actor=world["manager"], cycle=cycle)
    lettings_run_due(now=now)
    advert.refresh_from_db()
    assert advert.status == Advert.Status.LIVE
    for application in (world["first"], world["second"]):
        bid_place(application=application, advert=advert, actor=application.applicant_user)
    closing = timezone.now()
    BiddingCycle.objects.filter(pk=cycle.pk).update(closes_at=closing)
    Advert.objects.filter(pk=advert.pk).update(closes_at=closing)
    lettings_run_due(now=closing + dt.timedelta(seconds=1))
    entries = {name: ShortlistEntry.objects.get(bid__application=world[name])
               for name in ("first", "second")}
    assert [entries["first"].rank, entries["second"].rank] == [1, 2]
    for entry in entries.values():
        verify(entry, world["officer"])

    # 3. The officer nominates the top verified bidder from the vacancy page.
    officer.goto(f"/staff/adverts/{advert.pk}/shortlist/")
    officer.get_by_role("link", name=re.compile("Nominate to Riverside Vale")).click()
    officer.wait_for_url(f"**/staff/nominations/requests/{vacancy.pk}/")
    screenshot(officer, "03-officer-vacancy")
    officer.get_by_label(re.compile(f"Rank 1: {world['first'].reference}")).check()
    with officer.expect_navigation():
        officer.get_by_role("button", name="Nominate").first.click()
    first = Nomination.objects.get(application=world["first"])
    assert first.status == Nomination.Status.SENT
    assert Letter.objects.filter(template__code="nomination-notice",
                                 recipient=world["first"].applicant_user).count() == 1

    # 4. The provider rejects them: they cannot afford the rent after an affordability check.
    rp.goto("/partners/nominations/")
    screenshot(rp, "04-provider-nominations")
    rp.goto(f"/partners/nominations/{first.pk}/")
    body = rp.locator("main").inner_text()
    assert world["second"].reference not in body  # nobody else's details
    rp.get_by_label(re.compile("Cannot afford the rent")).check()
    rp.get_by_label("Your reasons in writing").fill(
        "Our affordability check shows a shortfall of £34 a week after essential outgoings; "
        "we referred them to the council's money advice service.")
    with rp.expect_navigation():
        rp.get_by_role("button", name="Reject the nominee").click()
    first.refresh_from_db()
    assert (first.status, first.rejection_reason_code) == (Nomination.Status.RP_REJECTED,
                                                           "affordability")
    screenshot(rp, "05-provider-rejected")

    # 5. The council accepts the rejection (L15 to the applicant) and renominates.
    officer.goto(f"/staff/nominations/{first.pk}/")
    expect(officer.get_by_text("shortfall of £34 a week", exact=False)).to_be_visible()
    with officer.expect_navigation():
        officer.get_by_role("button", name="Accept the rejection").click()
    first.refresh_from_db()
    assert first.status == Nomination.Status.REJECTION_UPHELD
    assert Letter.objects.filter(template__code="nomination-rejected",
                                 recipient=world["first"].applicant_user).count() == 1
    officer.goto(f"/staff/nominations/requests/{vacancy.pk}/")
    officer.get_by_label(re.compile(f"Rank 2: {world['second'].reference}")).check()
    with officer.expect_navigation():
        officer.get_by_role("button", name="Nominate").first.click()
    second = Nomination.objects.get(application=world["second"])
    screenshot(officer, "06-officer-renominated")

    # 6. The provider accepts, offers the home, records the acceptance and the tenancy start.
    rp.goto(f"/partners/nominations/{second.pk}/")
    with rp.expect_navigation():
        rp.get_by_role("button", name="Accept the nominee").click()
    _fill_date(rp, "offer-offered_on", today)
    with rp.expect_navigation():
        rp.get_by_role("button", name="Record the offer").click()
    with rp.expect_navigation():
        rp.get_by_role("button", name="Record their acceptance").click()
    start = today + dt.timedelta(days=7)
    _fill_date(rp, "let-tenancy_start", start)
    with rp.expect_navigation():
        rp.get_by_role("button", name="Record the tenancy start").click()
    screenshot(rp, "07-provider-let")
    second.refresh_from_db()
    vacancy.refresh_from_db()
    vacancy.void.refresh_from_db()
    world["second"].refresh_from_db()
    assert (second.status, second.tenancy_start_date) == (Nomination.Status.LET, start)
    assert vacancy.status == NominationRequest.Status.LET
    assert (vacancy.void.status, vacancy.void.let_date) == ("let", start)
    assert (world["second"].status, world["second"].closed_reason) == ("closed", "housed")
    assert LettingResult.objects.get().route == "nomination"
