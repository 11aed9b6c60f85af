"""Recording the let and the published result (DOMAIN.md §4.7 "Result publication", §5.2 step
10, §7.2): the service's moves, the result row for each route, bad dates, and the officer's
form on the offer page."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest
from django.utils import timezone

from applications.models import Application, BandAward
from housing.approvals.services import approval_decide
from housing.core.exceptions import ApplicationError, ConflictError
from lettings.models import (
    Advert,
    Bid,
    BiddingCycle,
    DirectMatch,
    LettingResult,
    LocalLettingsPlan,
    Offer,
    ShortlistEntry,
    SignUp,
    Void,
)
from lettings.rules.results import (
    RouteFacts,
    is_published,
    letting_route,
    postcode_district,
    published_area,
    snapshot_date,
)
from lettings.services.bidding import bid_place
from lettings.services.cycles import advert_close
from lettings.services.direct_matches import direct_match_offer, direct_match_propose
from lettings.services.lets import LET_MAX_DAYS_AHEAD, let_record
from lettings.services.offers import offer_accept, offer_make
from tests.factories import (
    AdvertFactory,
    CycleFactory,
    OrganisationFactory,
    PropertyFactory,
    VoidFactory,
)

# --- The rules (pure) ----------------------------------------------------------------------------


def test_route_is_a_bid_unless_a_plan_quota_match_or_nomination_applies():
    assert letting_route(RouteFacts()) == "bid"
    assert letting_route(RouteFacts(tiers=(0, 0, 0))) == "bid"  # no plan, no quota
    assert letting_route(RouteFacts(direct_match=True, llp_mode="condition")) == "direct_match"
    assert letting_route(RouteFacts(nomination=True)) == "nomination"


def test_route_through_a_local_lettings_plan():
    # A plan that is a condition: everyone who could bid met it.
    assert letting_route(RouteFacts(llp_mode="condition", tiers=(0, 0, 0))) == "llp"
    # A priority plan: only when the successful bidder met it (tier 0).
    assert letting_route(RouteFacts(llp_mode="priority", tiers=(0, 0, 0))) == "llp"
    assert letting_route(RouteFacts(llp_mode="priority", tiers=(0, 1, 0))) == "bid"
    assert letting_route(RouteFacts(llp_mode="priority", tiers=())) == "bid"


def test_route_through_a_quota_and_a_plan_comes_first():
    assert letting_route(RouteFacts(quota_group="homeless", quota_mode="restrict")) == "quota"
    assert letting_route(RouteFacts(quota_group="homeless", quota_mode="priority",
                                    tiers=(0, 0, 0))) == "quota"
    assert letting_route(RouteFacts(quota_group="homeless", quota_mode="priority",
                                    tiers=(0, 0, 1))) == "bid"
    assert letting_route(RouteFacts(llp_mode="priority", quota_group="homeless",
                                    quota_mode="restrict", tiers=(0, 0, 0))) == "llp"


def test_confidential_direct_matches_are_not_published_unless_the_scheme_says_so():
    assert is_published(route="bid", category="safeguarding")
    assert not is_published(route="direct_match", category="safeguarding")
    assert not is_published(route="direct_match", category="management_transfer")
    assert is_published(route="direct_match", category="accessible_home")
    scheme = [{"code": "safeguarding", "published": True},
              {"code": "decant", "published": False}]
    assert is_published(route="direct_match", category="safeguarding", categories=scheme)
    assert not is_published(route="direct_match", category="decant", categories=scheme)


def test_the_published_area_is_the_postcode_district_and_area_name():
    assert postcode_district("bf3 4qt") == "BF3"
    assert postcode_district("BF34QT") == "BF3"
    assert postcode_district("SW1A 1AA") == "SW1A"
    assert published_area(postcode="BF3 4QT", area="St Anne's") == "BF3, St Anne's"
    assert published_area(postcode="BF3 4QT", area=" ") == "BF3"
    assert published_area(postcode="", area="Northfield") == "Northfield"


def test_snapshot_dates_ignore_the_far_future_stand_in():
    assert snapshot_date("2024-03-01") == dt.date(2024, 3, 1)
    assert snapshot_date("9999-12-31") is None
    assert snapshot_date(None) is None
    assert snapshot_date("not a date") is None


# --- Recording the let ---------------------------------------------------------------------------

ALLOWED = {"id", "created_at", "updated_at", "offer", "property", "advert", "cycle", "route",
           "let_on", "reference", "area", "property_type", "bedrooms", "landlord",
           "designation", "bids", "band", "band_name", "effective_date", "registration_date",
           "published"}


def _advert(**fields: Any) -> Advert:
    cycle = cast(BiddingCycle, CycleFactory())
    landlord = OrganisationFactory(name="Riverside Homes", code="RVX")
    void = VoidFactory(status="advertised", property=PropertyFactory(
        bedrooms=2, bedspaces=4, postcode="BF3 4QT", area="St Anne's", landlord=landlord))
    return cast(Advert, AdvertFactory(cycle=cycle, property=void.property, void=void,
                                      allowed_sizes=[2], **fields))


def _accepted(make_bidder: Any, officer: Any, advert: Advert,
              *bidders: dict[str, Any]) -> tuple[Offer, list[ShortlistEntry]]:
    """Bids from ``bidders`` (make_bidder arguments), the advert closed, the top bidder
    offered the home and accepted."""
    for kwargs in bidders:
        bid_place(application=make_bidder(**kwargs), advert=advert, actor=None)
    advert_close(advert=advert, now=cast(BiddingCycle, advert.cycle).closes_at)
    entries = list(advert.shortlist.order_by("rank"))
    offer = offer_make(entry=entries[0], actor=officer)
    offer_accept(offer=offer, actor=officer)
    offer.refresh_from_db()
    return offer, entries


@pytest.mark.django_db
def test_recording_the_let_signs_up_the_offer_lets_the_home_and_houses_the_applicant(
        make_bidder, officer):
    advert = _advert()
    offer, entries = _accepted(make_bidder, officer, advert, {"band": "A"}, {"band": "B"})
    let_on = timezone.localdate() + dt.timedelta(days=5)

    result = let_record(offer=offer, actor=officer, let_on=let_on)

    offer.refresh_from_db()
    advert.refresh_from_db()
    void = Void.objects.get(pk=advert.void_id)
    assert offer.status == Offer.Status.SIGNED_UP
    assert advert.status == Advert.Status.LET
    assert (void.status, void.let_date) == (Void.Status.LET, let_on)
    assert Application.objects.values_list("status", "closed_reason").get(
        pk=offer.application_id) == (Application.Status.CLOSED, "housed")
    # The winner's place stays "accepted"; the other bidders' places are left as they were.
    assert ShortlistEntry.objects.get(pk=entries[0].pk).status == ShortlistEntry.Status.ACCEPTED
    assert ShortlistEntry.objects.get(pk=entries[1].pk).status == ShortlistEntry.Status.RANKED
    assert Bid.objects.get(pk=entries[1].bid_id).status == Bid.Status.SHORTLISTED
    assert offer.history.first().history_change_reason == (
        f"Let: tenancy starts {let_on.day} {let_on:%B %Y}")
    assert result.offer == offer


@pytest.mark.django_db
def test_the_result_of_a_let_through_bidding(make_bidder, officer):
    advert = _advert()
    early = cast(Application, make_bidder(band="C"))
    late = cast(Application, make_bidder(band="C"))
    invalid = cast(Application, make_bidder(band="C"))
    for application in (early, late, invalid):
        bid_place(application=application, advert=advert, actor=None)
    # Withdrawn before bidding closed: not counted.
    bid_place(application=make_bidder(band="B"), advert=advert, actor=None)
    withdrawn = Bid.objects.filter(advert=advert).latest("pk")
    Bid.objects.filter(pk=withdrawn.pk).update(status="withdrawn",
                                               withdrawn_at=timezone.now())
    # Found invalid at close: counted (it stood when bidding closed).
    Application.objects.filter(pk=invalid.pk).update(status="closed")
    cycle = cast(BiddingCycle, advert.cycle)
    advert_close(advert=advert, now=cycle.closes_at)
    assert Bid.objects.get(application=invalid).status == Bid.Status.INVALIDATED
    entries = list(advert.shortlist.order_by("rank"))
    winner = entries[0].bid.application
    # Withdrawn after the close (say the second bidder was housed elsewhere): still counted.
    Bid.objects.filter(pk=entries[1].bid_id).update(
        status="withdrawn", withdrawn_at=cycle.closes_at + dt.timedelta(hours=1))
    # Their band changes after the close: the result shows the band they were ranked with.
    Application.objects.filter(pk=winner.pk).update(band="A", effective_date=dt.date(2026, 1, 1))
    offer = offer_make(entry=entries[0], actor=officer)
    offer_accept(offer=offer, actor=officer)
    let_on = timezone.localdate()

    result = let_record(offer=offer, actor=officer, let_on=let_on)

    result.refresh_from_db()
    assert (result.route, result.published, result.advert, result.cycle, result.let_on) == (
        "bid", True, advert, cycle, let_on)
    assert (result.reference, result.area, result.property_type, result.bedrooms,
            result.landlord, result.designation) == (
        advert.reference, "BF3, St Anne's", "flat", 2, "Riverside Homes", "general_needs")
    assert result.bids == 3
    assert (result.band, result.band_name, result.effective_date, result.registration_date) == (
        "C", "Band C", dt.date(2025, 1, 1), dt.date(2025, 1, 1))


@pytest.mark.django_db
def test_a_result_holds_no_personal_data(make_bidder, officer):
    advert = _advert()
    offer, _entries = _accepted(make_bidder, officer, advert, {"band": "B"})
    result = let_record(offer=offer, actor=officer, let_on=timezone.localdate())

    assert {f.name for f in LettingResult._meta.concrete_fields} == ALLOWED
    application = offer.application
    lead = application.members.get(role="lead")
    values = [str(getattr(result, name)) for name in ALLOWED - {"offer", "property", "advert",
                                                                "cycle"}]
    for value in values:
        for secret in (application.reference, lead.first_name, lead.last_name,
                       application.applicant_user.username):
            assert secret not in value


@pytest.mark.django_db
def test_the_result_of_a_quota_let(make_bidder, officer):
    advert = _advert(quota_group="homeless", quota_mode="priority")
    # Band A is not homeless, so the homeless Band C bidder is ranked first and wins.
    offer, entries = _accepted(make_bidder, officer, advert, {"band": "A"},
                               {"band": "C", "application_type": "homeless"})
    assert offer.application.application_type == "homeless"
    assert entries[0].bid.tiers == [0, 0, 0]

    result = let_record(offer=offer, actor=officer, let_on=timezone.localdate())

    assert (result.route, result.band, result.bids) == ("quota", "C", 2)


@pytest.mark.django_db
def test_the_result_of_a_priority_quota_advert_won_outside_the_group_is_a_bid(make_bidder,
                                                                              officer):
    advert = _advert(quota_group="homeless", quota_mode="priority")
    offer, _entries = _accepted(make_bidder, officer, advert, {"band": "A"})

    assert let_record(offer=offer, actor=officer, let_on=timezone.localdate()).route == "bid"


@pytest.mark.django_db
def test_the_result_of_a_local_lettings_plan_let(make_bidder, officer):
    plan = LocalLettingsPlan.objects.create(code="st-annes", name="St Anne's new homes",
                                            description="People from St Anne's first.",
                                            mode=LocalLettingsPlan.Mode.PRIORITY,
                                            postcode_areas=["BF3"])
    advert = _advert(local_lettings_plan=plan)
    offer, _entries = _accepted(make_bidder, officer, advert, {"band": "A"},
                                {"band": "D", "postcode": "BF3 1AB"})
    assert offer.application.band == "D"  # met the plan, so ranked first

    result = let_record(offer=offer, actor=officer, let_on=timezone.localdate())

    assert (result.route, result.band, result.band_name) == ("llp", "D", "Band D")


def _direct_match(make_bidder: Any, officer: Any, category: str) -> tuple[Offer, DirectMatch]:
    """An accepted direct-match offer (made as ``direct_match_offer`` makes them: no advert,
    no shortlist; the void waiting as a direct match)."""
    application = cast(Application, make_bidder(band="B", effective=dt.date(2024, 5, 6),
                                                registered=dt.date(2023, 2, 1),
                                                status="under_offer"))
    void = VoidFactory(status="direct_match", property=PropertyFactory(
        postcode="BF2 7XY", area="Northfield"))
    now = timezone.now()
    offer = Offer.objects.create(application=application, property=void.property,
                                 offer_type=Offer.Type.DIRECT_LET, status=Offer.Status.ACCEPTED,
                                 offered_at=now - dt.timedelta(days=1), offered_by=officer,
                                 respond_by=now + dt.timedelta(days=6), response_at=now)
    match = DirectMatch.objects.create(
        reference=f"DM-{offer.pk:06d}", property=void.property, void=void,
        application=application, category=category, justification="Synthetic test case.",
        status=DirectMatch.Status.OFFERED, proposed_by=officer, proposed_at=now, offer=offer)
    return offer, match


@pytest.mark.django_db
def test_the_result_of_a_direct_match(make_bidder, officer):
    offer, match = _direct_match(make_bidder, officer, "accessible_home")
    let_on = timezone.localdate() + dt.timedelta(days=7)

    result = let_record(offer=offer, actor=officer, let_on=let_on)

    match.refresh_from_db()
    void = Void.objects.get(pk=match.void_id)
    assert match.status == DirectMatch.Status.LET
    assert (void.status, void.let_date) == (Void.Status.LET, let_on)
    assert Application.objects.values_list("status", "closed_reason").get(
        pk=offer.application_id) == (Application.Status.CLOSED, "housed")
    award = BandAward.objects.get(application=offer.application_id, status="current")
    assert (result.route, result.published, result.advert, result.cycle, result.bids,
            result.reference) == ("direct_match", True, None, None, None, "")
    assert (result.band, result.band_name, result.effective_date, result.registration_date) == (
        "B", award.band_name, dt.date(2024, 5, 6), dt.date(2023, 2, 1))
    assert result.area == "BF2, Northfield"


@pytest.mark.django_db
def test_a_safeguarding_direct_match_is_counted_but_not_published(make_bidder, officer):
    offer, _match = _direct_match(make_bidder, officer, "safeguarding")

    result = let_record(offer=offer, actor=officer, let_on=timezone.localdate())

    assert (result.route, result.published) == ("direct_match", False)


@pytest.mark.django_db
def test_a_direct_match_made_through_its_services_is_let(make_bidder, officer, manager):
    """The whole direct match journey (``lettings.services.direct_matches``): proposed,
    approved by a manager, offered, accepted, let."""
    void = VoidFactory(property=PropertyFactory(bedrooms=2, bedspaces=4, postcode="BF5 1AA",
                                                area=""))
    application = make_bidder(band="A", sizes=(2,))
    match = direct_match_propose(
        property=void.property, application=application, category="homeless_in_ta",
        justification="In temporary accommodation for 14 months after six cycles.",
        actor=officer)
    assert match.approval is not None
    approval_decide(approval=match.approval, actor=manager, decision="approve",
                    reason="Meets the category.")
    offer = direct_match_offer(match=DirectMatch.objects.get(pk=match.pk), actor=officer)
    offer_accept(offer=offer, actor=officer)

    result = let_record(offer=offer, actor=officer, let_on=timezone.localdate())

    assert DirectMatch.objects.get(pk=match.pk).status == DirectMatch.Status.LET
    assert Void.objects.get(pk=void.pk).status == Void.Status.LET
    assert (result.route, result.published, result.area, result.band, result.bids) == (
        "direct_match", True, "BF5", "A", None)


@pytest.mark.django_db
def test_bids_left_at_the_let_are_withdrawn(make_bidder, officer):
    advert = _advert()
    offer, _entries = _accepted(make_bidder, officer, advert, {"band": "B"})
    # A bid placed after acceptance (a scheme may allow bidding while under offer).
    elsewhere = AdvertFactory(allowed_sizes=[2], property=PropertyFactory(bedrooms=2,
                                                                          bedspaces=4))
    late = Bid.objects.create(application=offer.application, advert=elsewhere,
                              placed_at=timezone.now())

    let_record(offer=offer, actor=officer, let_on=timezone.localdate())

    late.refresh_from_db()
    assert late.status == Bid.Status.WITHDRAWN
    assert late.invalid_reasons == ["You have been housed."]


def _unchanged(offer: Offer, advert: Advert) -> None:
    offer.refresh_from_db()
    advert.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    assert advert.status == Advert.Status.OFFER_IN_PROGRESS
    assert Void.objects.get(pk=advert.void_id).status == Void.Status.OFFERED
    assert Application.objects.get(pk=offer.application_id).status == "under_offer"
    assert not LettingResult.objects.exists()


@pytest.mark.django_db
def test_bad_tenancy_start_dates_are_refused_and_nothing_changes(make_bidder, officer):
    advert = _advert()
    offer, _entries = _accepted(make_bidder, officer, advert, {"band": "B"})
    today = timezone.localdate()
    void = Void.objects.get(pk=advert.void_id)

    for let_on, message in (
        (today - dt.timedelta(days=1), "The tenancy cannot start before the home was offered"),
        (today + dt.timedelta(days=LET_MAX_DAYS_AHEAD + 1),
         f"The tenancy must start within {LET_MAX_DAYS_AHEAD} days"),
    ):
        with pytest.raises(ApplicationError) as exc:
            let_record(offer=offer, actor=officer, let_on=let_on)
        assert exc.value.status_code == 400
        assert exc.value.errors["let_on"][0].startswith(message)
        _unchanged(offer, advert)

    # The previous tenancy ends after the offer (a let agreed before the old tenant left).
    Void.objects.filter(pk=void.pk).update(tenancy_end_date=today + dt.timedelta(days=3))
    with pytest.raises(ApplicationError) as exc:
        let_record(offer=offer, actor=officer, let_on=today + dt.timedelta(days=3))
    assert exc.value.errors["let_on"][0].startswith(
        "The tenancy must start after the previous one ended")
    _unchanged(offer, advert)
    # The furthest allowed day is fine.
    let_record(offer=offer, actor=officer, let_on=today + dt.timedelta(days=LET_MAX_DAYS_AHEAD))


@pytest.mark.django_db
def test_only_an_accepted_offer_can_be_let_and_only_once(make_bidder, officer):
    advert = _advert()
    for kwargs in ({"band": "A"},):
        bid_place(application=make_bidder(**kwargs), advert=advert, actor=None)
    advert_close(advert=advert, now=cast(BiddingCycle, advert.cycle).closes_at)
    offer = offer_make(entry=advert.shortlist.get(), actor=officer)

    with pytest.raises(ConflictError) as exc:
        let_record(offer=offer, actor=officer, let_on=timezone.localdate())
    assert exc.value.status_code == 409
    assert exc.value.errors == {"offer": ["The offer is “Offered”."]}
    assert not LettingResult.objects.exists()

    offer_accept(offer=offer, actor=officer)
    let_record(offer=offer, actor=officer, let_on=timezone.localdate())
    with pytest.raises(ConflictError) as exc:
        let_record(offer=offer, actor=officer, let_on=timezone.localdate())
    assert exc.value.errors == {"offer": ["The offer is “Signed up”."]}
    assert LettingResult.objects.count() == 1


@pytest.mark.django_db
def test_only_lettings_staff_can_record_a_let(make_bidder, officer, adviser, provider_user_a):
    advert = _advert()
    offer, _entries = _accepted(make_bidder, officer, advert, {"band": "B"})

    for who in (offer.application.applicant_user, adviser, provider_user_a):
        with pytest.raises(ApplicationError) as exc:
            let_record(offer=offer, actor=who, let_on=timezone.localdate())
        assert exc.value.message == "Only lettings officers can record a let."
        _unchanged(offer, advert)


# --- The officer's offer page ----------------------------------------------------------------
# The let is recorded by counter-signing the sign-up (tests/lettings/test_signup_pages.py); the
# offer page starts the sign-up and shows the published result once the home is let.


@pytest.mark.django_db
def test_the_offer_page_starts_the_sign_up_and_shows_the_result_once_let(client, make_bidder,
                                                                        officer):
    advert = _advert()
    offer, _entries = _accepted(make_bidder, officer, advert, {"band": "B"})
    client.force_login(officer)

    page = client.get(f"/staff/offers/{offer.pk}/").content.decode()
    assert "Start the sign-up" in page
    assert f'action="/staff/offers/{offer.pk}/signup/"' in page
    assert f'action="/staff/offers/{offer.pk}/let/"' not in page
    assert client.post(f"/staff/offers/{offer.pk}/let/").status_code == 404

    let_on = timezone.localdate() + dt.timedelta(days=3)
    let_record(offer=offer, actor=officer, let_on=let_on)
    page = client.get(f"/staff/offers/{offer.pk}/").content.decode()
    assert "Start the sign-up" not in page
    assert f"{let_on:%A} {let_on.day} {let_on:%B %Y}" in page
    assert f"/homes/results/?cycle={advert.cycle_id}" in page


@pytest.mark.django_db
def test_the_sign_up_of_an_offer_not_accepted_is_refused_on_the_page(client, make_bidder,
                                                                     officer):
    advert = _advert()
    bid_place(application=make_bidder(band="B"), advert=advert, actor=None)
    advert_close(advert=advert, now=cast(BiddingCycle, advert.cycle).closes_at)
    offer = offer_make(entry=advert.shortlist.get(), actor=officer)
    client.force_login(officer)

    assert "Start the sign-up" not in client.get(
        f"/staff/offers/{offer.pk}/").content.decode()
    response = client.post(f"/staff/offers/{offer.pk}/signup/")
    assert response.status_code == 400
    assert "Only an accepted offer can be signed up." in response.content.decode()
    assert not SignUp.objects.exists()


@pytest.mark.django_db
def test_only_lettings_staff_can_start_a_sign_up(client, make_bidder, officer, adviser):
    advert = _advert()
    offer, _entries = _accepted(make_bidder, officer, advert, {"band": "B"})
    for user in (adviser, offer.application.applicant_user):
        client.force_login(user)
        assert client.post(f"/staff/offers/{offer.pk}/signup/").status_code == 403
    client.logout()
    assert client.post(f"/staff/offers/{offer.pk}/signup/").status_code == 302
    _unchanged(offer, advert)
    assert not SignUp.objects.exists()


@pytest.mark.django_db
def test_a_direct_match_offer_page_links_to_the_match_and_shows_an_unlisted_result(
        client, make_bidder, officer):
    offer, match = _direct_match(make_bidder, officer, "safeguarding")
    client.force_login(officer)

    page = client.get(f"/staff/offers/{offer.pk}/").content.decode()
    assert f"Direct match {match.reference}" in page
    assert f'href="/staff/direct-matches/{match.pk}/"' in page
    assert "Start the sign-up" in page

    let_record(offer=offer, actor=officer, let_on=timezone.localdate())
    page = client.get(f"/staff/offers/{offer.pk}/").content.decode()
    assert "not listed individually" in page
    assert LettingResult.objects.get().published is False
