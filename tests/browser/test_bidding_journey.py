"""Issue 5, "Done when", through the real pages in a real browser: an officer turns a ready void
into an advert, a manager approves and publishes it and opens the cycle, the applicant finds it,
is told why they cannot bid for another home, bids, sees their place in the queue, withdraws and
bids again; and the cycle closes on schedule (the same service Celery beat runs every minute),
after which the bid is checked again and its priority snapshot kept.

The scenario. A council 2-bedroom flat in Millbrook has been empty since its tenant moved to a
bungalow; the works are done and it is ready to let. The applicant (Band B, needs two bedrooms,
aged 34) also looks at a sheltered flat for people aged 60 or over, with one bedroom: the advert
tells them both reasons they cannot bid. Another household in Band A bids for the flat first, so
the applicant is second in the queue (the time a bid is placed never counts).
"""

from __future__ import annotations

import datetime as dt
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


def _bidder(user: Any, *, band: str, sizes: tuple[int, ...], age: int,
            effective: dt.date) -> Any:
    from applications.models import Application, BandAward, Circumstances
    from housing.scheme.selectors import scheme_in_force
    from tests.factories import ApplicationFactory, UserFactory

    today = timezone.localdate()
    application = ApplicationFactory(
        status="active", band=band, bedroom_need=max(sizes), eligible_sizes=list(sizes),
        applicant_user=user, postcode="BF2 4QT", application_date=effective,
        registration_date=effective, effective_date=effective)
    lead = application.members.get(role="lead")
    lead.date_of_birth = today.replace(year=today.year - age) - dt.timedelta(days=40)
    lead.save(update_fields=["date_of_birth"])
    Circumstances.objects.create(application=application, tenure="private_rent")
    assessor = UserFactory(username=f"assessor-{application.pk}", role="officer")
    BandAward.objects.create(
        application=application, status=BandAward.Status.CURRENT, band=band,
        band_name=f"Band {band}", proposed_band=band, award_date=effective,
        effective_date=effective, eligible_sizes=list(sizes), bedroom_need=max(sizes),
        proposed_by=assessor, scheme_version=scheme_in_force())
    return Application.objects.get(pk=application.pk)


def _world() -> dict[str, Any]:
    from lettings.models import Property, Void
    from lettings.services.cycles import cycles_schedule
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
    applicant = UserFactory(username="applicant", role="applicant", first_name="Sam",
                            last_name="Example")
    flat = PropertyFactory(reference="BBC-2041", address_line_1="Flat 6, Kingfisher House",
                           address_line_2="Weaver Close", postcode="BF2 4QT", area="Millbrook",
                           landlord=council, property_type="flat", bedrooms=2, bedspaces=4,
                           min_occupancy=1, floor_level=1, has_lift=False,
                           weekly_rent="112.40", service_charge="8.15",
                           tenancy_type_offered=Property.TenancyType.INTRODUCTORY)
    void = Void.objects.create(
        property=flat, status=Void.Status.READY_TO_LET, reason_vacant="transfer",
        tenancy_end_date=timezone.localdate() - dt.timedelta(days=16),
        keys_returned_date=timezone.localdate() - dt.timedelta(days=15),
        ready_to_let_date=timezone.localdate() - dt.timedelta(days=1))
    # A sheltered flat already advertised in the cycle open now (this week's).
    sheltered = PropertyFactory(reference="BBC-3007", address_line_1="Flat 2, Chantry House",
                                postcode="BF3 1LP", area="St Anne's", landlord=council,
                                property_type="flat", bedrooms=1, bedspaces=2,
                                designation="sheltered", min_age=60, has_lift=True,
                                weekly_rent="98.10", service_charge="31.50")
    now = timezone.now()
    this_week = CycleFactory(name="This week", opens_at=now - dt.timedelta(days=1),
                             closes_at=now + dt.timedelta(days=2), status="open")
    AdvertFactory(reference="ADV-000900", property=sheltered, cycle=this_week,
                  max_occupancy=2, min_age=60, allowed_sizes=[1])
    cycles_schedule(now=now)  # next weeks' cycles, as beat would have made them
    applicant_case = _bidder(applicant, band="B", sizes=(2,), age=34,
                             effective=dt.date(2024, 3, 1))
    rival_user = UserFactory(username="rival", role="applicant")
    rival = _bidder(rival_user, band="A", sizes=(2,), age=41, effective=dt.date(2025, 9, 1))
    return {"officer": officer, "manager": manager, "applicant": applicant, "void": void,
            "case": applicant_case, "rival": rival}


def test_void_to_advert_to_bid_and_the_cycle_closes_on_schedule(new_page, screenshot):
    from lettings.models import Advert, Bid, BiddingCycle
    from lettings.services.bidding import bid_place
    from lettings.services.cycles import lettings_run_due

    world = _world()

    # 1. The officer turns the ready void into a draft advert (criteria from the home).
    officer = _signed_in(new_page, "officer")
    officer.goto("/staff/voids/")
    screenshot(officer, "01-officer-voids")
    officer.get_by_role("link", name="Flat 6, Kingfisher House").first.click()
    officer.get_by_role("button", name="Create advert").click()
    screenshot(officer, "02-officer-advert-form")
    with officer.expect_navigation():
        officer.get_by_role("button", name="Create the draft advert").click()
    advert = Advert.objects.get(void=world["void"])
    assert advert.status == Advert.Status.DRAFT
    assert (advert.allowed_sizes, advert.created_by) == ([2], world["officer"])
    # A plain officer cannot approve it.
    assert officer.get_by_role("button", name="Approve the advert").count() == 0
    screenshot(officer, "03-officer-draft-advert")

    # 2. The manager approves it, publishes it into next week's cycle and opens that cycle.
    manager = _signed_in(new_page, "manager")
    manager.goto(f"/staff/adverts/{advert.pk}/")
    manager.get_by_role("button", name="Approve the advert").click()
    manager.get_by_role("button", name="Publish the advert").wait_for()
    next_cycle = (BiddingCycle.objects.filter(status=BiddingCycle.Status.SCHEDULED)
                  .order_by("opens_at").first())
    assert next_cycle is not None
    manager.get_by_label(next_cycle.name, exact=False).first.check()
    with manager.expect_navigation():
        manager.get_by_role("button", name="Publish the advert").click()
    advert.refresh_from_db()
    assert (advert.status, advert.cycle_id) == (Advert.Status.APPROVED, next_cycle.pk)
    assert advert.approved_by == world["manager"]
    screenshot(manager, "04-manager-published")
    manager.goto("/staff/cycles/")
    screenshot(manager, "05-manager-cycles")
    with manager.expect_navigation():
        manager.get_by_role("button", name="Open next cycle now").click()
    advert.refresh_from_db()
    next_cycle.refresh_from_db()
    assert (advert.status, next_cycle.status) == (Advert.Status.LIVE, BiddingCycle.Status.OPEN)
    world["void"].refresh_from_db()
    assert world["void"].status == "advertised"

    # Another household (Band A) bids first.
    bid_place(application=world["rival"], advert=advert, actor=world["rival"].applicant_user)

    # 3. The applicant finds the flat, and is told why they cannot bid for the sheltered flat.
    page = _signed_in(new_page, "applicant")
    page.goto("/homes/")
    page.get_by_role("link", name="2 bedroom flat", exact=False).first.wait_for()
    screenshot(page, "06-applicant-homes")
    page.goto("/homes/ADV-000900/")
    page.get_by_text("You cannot bid", exact=True).wait_for()
    body = page.locator("main").inner_text()
    assert "This home is for people aged 60 or over." in body
    assert "This home has 1 bedroom. You can bid for 2-bedroom homes." in body
    screenshot(page, "07-applicant-cannot-bid")

    page.goto(f"/homes/{advert.reference}/")
    page.get_by_text("You can bid", exact=True).wait_for()
    page.get_by_role("button", name="Place a bid").click()
    page.wait_for_url("**/account/bids/**")
    screenshot(page, "08-applicant-bid-placed")
    bid = Bid.objects.get(application=world["case"], advert=advert)
    assert (bid.status, bid.placed_by) == (Bid.Status.PLACED, Bid.PlacedBy.APPLICANT)
    assert "2 of 2" in page.locator("main").inner_text()

    # 4. Withdraw, then bid again: the place in the queue is the same (timing never counts).
    page.get_by_role("link", name="Withdraw", exact=False).first.click()
    page.get_by_role("button", name="Withdraw bid").click()
    page.wait_for_url("**/account/bids/**")
    bid.refresh_from_db()
    assert bid.status == Bid.Status.WITHDRAWN
    page.goto(f"/homes/{advert.reference}/")
    page.get_by_role("button", name="Place a bid").click()
    page.wait_for_url("**/account/bids/**")
    again = Bid.objects.get(application=world["case"], advert=advert, status="placed")
    assert again.pk != bid.pk
    assert "2 of 2" in page.locator("main").inner_text()
    screenshot(page, "09-applicant-bid-again")

    # 5. The cycle closes on schedule: the job beat runs every minute, at the closing time.
    result = lettings_run_due(now=next_cycle.closes_at)
    assert result.adverts_closed >= 1 and result.closed >= 1
    advert.refresh_from_db()
    next_cycle.refresh_from_db()
    again.refresh_from_db()
    # Closing re-checks the bids and ranks them at once (the shortlist, §5.2 step 5).
    assert (advert.status, next_cycle.status) == (Advert.Status.SHORTLISTED,
                                                  BiddingCycle.Status.SHORTLISTED)
    assert again.status == Bid.Status.SHORTLISTED and again.snapshot["band"] == "B"
    assert again.shortlist_entry.rank == 2  # behind the Band A household
    page.goto(f"/homes/{advert.reference}/")
    assert page.get_by_role("button", name="Place a bid").count() == 0
    screenshot(page, "10-applicant-after-close")
