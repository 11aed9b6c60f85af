"""The public homes pages and the applicant's bids: browsing, filters, who may bid and why not,
placing and withdrawing bids, queue positions, bid limits, photos and preferences."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from lettings.models import Advert, Bid, BiddingPreference, Property, PropertyPhoto
from tests.factories import (
    AdvertFactory,
    BidFactory,
    CycleFactory,
    PropertyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def _text(response) -> str:  # type: ignore[no-untyped-def]
    """The page as text with tags removed and spaces collapsed, for reading sentences."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _can_bid_tags(response) -> int:  # type: ignore[no-untyped-def]
    return response.content.decode().count('govuk-tag--green">You can bid<')


def _listed(response) -> set[str]:  # type: ignore[no-untyped-def]
    """The advert references the homes list links to (not the lettings results page, which
    the navigation and the list link to as well)."""
    return set(re.findall(r'href="/homes/([^/"]+)/"', response.content.decode())) - {"results"}


def _closed_advert(**kwargs) -> Advert:  # type: ignore[no-untyped-def]
    now = timezone.now()
    cycle = CycleFactory(opens_at=now - dt.timedelta(days=7), closes_at=now - dt.timedelta(hours=1))
    return AdvertFactory(cycle=cycle, **kwargs)


def _sheltered_three_bed() -> Advert:
    prop = PropertyFactory(bedrooms=3, bedspaces=5, designation=Property.Designation.SHELTERED,
                           min_age=60)
    return AdvertFactory(property=prop, min_age=60, max_occupancy=5)


# --- Browsing --------------------------------------------------------------------------------

def test_anyone_can_browse_and_only_live_adverts_are_listed(client):
    live = AdvertFactory(property__area="Northfield")
    draft = AdvertFactory(status=Advert.Status.DRAFT, cycle=None)
    approved = AdvertFactory(status=Advert.Status.APPROVED)
    withdrawn = AdvertFactory(status=Advert.Status.WITHDRAWN)
    closed_by_time = _closed_advert()

    response = client.get("/homes/")

    assert response.status_code == 200
    assert _listed(response) == {live.reference}
    for hidden in (draft, approved, withdrawn, closed_by_time):
        assert hidden.reference not in response.content.decode()
    text = _text(response)
    assert "1 home " in text
    assert "2 bedroom flat in Northfield" in text


def test_homes_list_card_shows_cost_floor_designation_and_closing_time(client):
    prop = PropertyFactory(bedrooms=1, bedspaces=2, weekly_rent=Decimal("95.50"),
                           service_charge=Decimal("12.25"), floor_level=3, has_lift=True,
                           designation=Property.Designation.SHELTERED, min_age=60,
                           mobility_category="step_free", area="Eastwood")
    closes = dt.datetime(2099, 3, 9, 23, 59, tzinfo=dt.UTC)  # 11:59pm UTC is 11:59pm in March
    cycle = CycleFactory(closes_at=closes)
    AdvertFactory(property=prop, cycle=cycle, min_age=60)

    text = _text(client.get("/homes/"))

    assert "1 bedroom flat in Eastwood" in text
    assert "£107.75 a week (£95.50 rent and £12.25 service charge)" in text
    assert "3rd floor, with a lift" in text
    assert "Step-free, accessible and adaptable (M4(2))" in text
    assert "Sheltered, 60 and over" in text
    assert "11:59pm on Monday 9 March 2099" in text
    assert prop.landlord.name in text


def test_closing_time_is_shown_in_uk_time(client):
    closes = dt.datetime(2099, 7, 6, 22, 59, tzinfo=dt.UTC)  # British Summer Time: 11:59pm
    AdvertFactory(cycle=CycleFactory(closes_at=closes))
    assert "11:59pm on Monday 6 July 2099" in _text(client.get("/homes/"))


def test_anyone_can_read_a_live_advert_and_is_asked_to_sign_in_to_bid(client):
    advert = AdvertFactory(property__area="Northfield", description="A bright flat.")

    response = client.get(f"/homes/{advert.reference}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/sign-in/?next=%2Fhomes%2F{advert.reference}%2F"' in html
    text = _text(response)
    assert "Sign in to bid" in text
    assert "Who can bid" in text
    assert "Households who can bid for 2-bedroom homes." in text
    assert "Households of up to 4 people." in text
    assert "Place a bid" not in text


@pytest.mark.parametrize("status", [Advert.Status.DRAFT, Advert.Status.APPROVED,
                                    Advert.Status.WITHDRAWN])
def test_adverts_not_published_are_not_found(client, status):
    advert = AdvertFactory(status=status)
    assert client.get(f"/homes/{advert.reference}/").status_code == 404


def test_unknown_advert_is_not_found(client):
    assert client.get("/homes/NO-SUCH/").status_code == 404


def test_who_can_bid_lists_every_criterion_in_plain_english(client, council):
    from lettings.models import LocalLettingsPlan

    plan = LocalLettingsPlan.objects.create(
        code="mill", name="Mill Lane", description="Homes go first to people from the village.",
        mode=LocalLettingsPlan.Mode.CONDITION, postcode_areas=["BF9"])
    prop = PropertyFactory(bedrooms=1, bedspaces=2, designation=Property.Designation.SHELTERED,
                           mobility_category="wheelchair", landlord=council)
    advert = AdvertFactory(property=prop, allowed_sizes=[1], min_occupancy=1, max_occupancy=2,
                           min_age=60, partner_min_age=True, mobility_required=True,
                           label=Advert.Label.TRANSFER, band_restriction=["A", "B"],
                           quota_group="armed_forces", local_lettings_plan=plan,
                           local_connection_areas=["BF9 2"],
                           landlord_rules=["no_children"])

    text = _text(client.get(f"/homes/{advert.reference}/"))

    assert "Households who can bid for 1-bedroom homes." in text
    assert "Households of up to 2 people." in text
    assert "The main applicant must be aged 60 or over. So must a partner who will live here." \
        in text
    assert "Children cannot live here, because it is housing for older people." in text
    assert "Only people whose medical assessment says they need a wheelchair user home" in text
    assert "Only existing council or housing association tenants who want to move." in text
    assert "Only applicants in Band A or Band B." in text
    assert "Kept for members and former members of the armed forces." in text
    assert "Only people who meet the local lettings plan, Mill Lane: Homes go first to people " \
           "from the village. (BF9)" in text
    assert "Only people who live in, or have lived in, BF9 2." in text
    assert "The landlord's rule: No children under 16." in text


def test_who_is_considered_first_is_told_apart_from_who_may_bid(client):
    prop = PropertyFactory(mobility_category="step_free")
    advert = AdvertFactory(property=prop, accessible_need_priority=True, quota_group="homeless",
                           quota_mode=Advert.QuotaMode.PRIORITY)

    text = _text(client.get(f"/homes/{advert.reference}/"))

    first = text.split("these are considered first:")[1]
    assert "People whose assessed mobility need this home meets." in first
    assert "Homeless households the council owes a housing duty." in first
    assert "Kept for" not in text


def test_account_page_and_navigation_link_to_homes_and_bids(client, applicant):
    client.force_login(applicant)
    html = client.get("/account/").content.decode()
    assert 'href="/homes/"' in html
    assert 'href="/account/bids/"' in html
    assert 'href="/account/bids/preferences/"' in html


def test_navigation_offers_find_a_home_to_everyone(client):
    assert '>Find a home</a>' in client.get("/").content.decode()


# --- Filters ---------------------------------------------------------------------------------

def test_filter_by_area(client):
    north = AdvertFactory(property__area="Northfield")
    AdvertFactory(property__area="Eastwood")
    response = client.get("/homes/", {"area": "Northfield"})
    assert response.status_code == 200
    assert _listed(response) == {north.reference}
    assert "1 home " in _text(response)


def test_filter_by_bedrooms(client):
    AdvertFactory(property__bedrooms=1, property__bedspaces=2)
    three = AdvertFactory(property__bedrooms=3, property__bedspaces=5)
    assert _listed(client.get("/homes/", {"bedrooms": "3"})) == {three.reference}


def test_filter_for_studios_finds_none_and_offers_to_clear(client):
    AdvertFactory()
    response = client.get("/homes/", {"bedrooms": "0"})
    assert _listed(response) == set()
    assert "No homes match your filters." in _text(response)


def test_filter_by_property_type(client):
    house = AdvertFactory(property__property_type=Property.Type.HOUSE)
    AdvertFactory(property__property_type=Property.Type.FLAT)
    assert _listed(client.get("/homes/", {"property_type": "house"})) == {house.reference}


def test_filter_by_landlord_lists_only_landlords_with_live_homes(client, provider_a,
                                                                 provider_b, council):
    ours = AdvertFactory(property__landlord=provider_a)
    AdvertFactory(property__landlord=council)
    AdvertFactory(property__landlord=provider_b, status=Advert.Status.DRAFT, cycle=None)

    response = client.get("/homes/", {"landlord": provider_a.code})

    assert _listed(response) == {ours.reference}
    html = response.content.decode()
    assert f'value="{provider_a.code}"' in html
    assert f'value="{council.code}"' in html
    assert f'value="{provider_b.code}"' not in html


def test_filter_accessible_homes_only(client):
    wheelchair = AdvertFactory(property__mobility_category="wheelchair")
    kept = AdvertFactory(mobility_required=True)
    AdvertFactory()
    assert _listed(client.get("/homes/", {"accessible": "on"})) == {wheelchair.reference,
                                                                     kept.reference}


def test_invalid_filters_show_an_error_summary_and_are_ignored(client):
    advert = AdvertFactory(property__area="Northfield")
    response = client.get("/homes/", {"bedrooms": "lots", "area": "Atlantis",
                                      "property_type": "castle", "landlord": "nobody",
                                      "page": "banana"})
    assert response.status_code == 400
    text = _text(response)
    assert "There is a problem" in text
    assert "Select a number of bedrooms from the list" in text
    assert "Select an area from the list" in text
    assert "Select a type of home from the list" in text
    assert "Select a landlord from the list" in text
    assert 'href="#id_bedrooms"' in response.content.decode()
    assert _listed(response) == {advert.reference}


def test_homes_list_is_paginated_by_twenty(client):
    AdvertFactory.create_batch(21)
    first = client.get("/homes/")
    assert len(_listed(first)) == 20
    assert "21 homes" in _text(first)
    assert len(_listed(client.get("/homes/", {"page": "2"}))) == 1


# --- Who may bid, for a signed-in applicant --------------------------------------------------

def test_applicant_sees_on_each_card_whether_they_can_bid(client, applicant, make_bidder):
    make_bidder(user=applicant, sizes=(2,))
    AdvertFactory(property__area="Northfield")
    AdvertFactory(property__bedrooms=4, property__bedspaces=7, property__area="Eastwood",
                  max_occupancy=7)
    client.force_login(applicant)

    response = client.get("/homes/")

    assert _can_bid_tags(response) == 1
    text = _text(response)
    assert "You cannot bid This home has 4 bedrooms. You can bid for 2-bedroom homes." in text


def test_applicant_sees_every_reason_they_cannot_bid(client, applicant, make_bidder):
    make_bidder(user=applicant, sizes=(2,), lead_age=35)
    advert = _sheltered_three_bed()
    client.force_login(applicant)

    response = client.get(f"/homes/{advert.reference}/")

    text = _text(response)
    assert "You cannot bid" in text
    assert "This home has 3 bedrooms. You can bid for 2-bedroom homes." in text
    assert "This home is for people aged 60 or over." in text
    assert "Place a bid" not in text


def test_applicant_who_can_bid_sees_the_bid_button_and_allowance(client, applicant,
                                                                  make_bidder):
    application = make_bidder(user=applicant)
    BidFactory(application=application)
    advert = AdvertFactory()
    client.force_login(applicant)

    text = _text(client.get(f"/homes/{advert.reference}/"))

    assert "You can bid" in text
    assert "Place a bid" in text
    assert "You have used 1 of your 3 bids" in text


def test_applicant_still_being_assessed_is_told_why_they_cannot_bid(client, applicant,
                                                                    make_bidder):
    make_bidder(user=applicant, status="under_assessment")
    advert = AdvertFactory()
    client.force_login(applicant)
    text = _text(client.get(f"/homes/{advert.reference}/"))
    assert "We are still assessing your application, so you cannot bid yet." in text


# --- Placing a bid ---------------------------------------------------------------------------

def test_applicant_places_a_bid_and_sees_their_position(client, applicant, make_bidder):
    application = make_bidder(user=applicant, band="C")
    advert = AdvertFactory()
    BidFactory(advert=advert, application=make_bidder(band="A"))
    client.force_login(applicant)

    response = client.post(f"/homes/{advert.reference}/bid/")

    assert response.status_code == 302
    assert response["Location"] == "/account/bids/"
    bid = Bid.objects.get(application=application, advert=advert)
    assert bid.placed_by == Bid.PlacedBy.APPLICANT
    assert bid.placed_by_user == applicant
    assert bid.channel == Bid.Channel.WEB
    page = _text(client.get("/account/bids/"))
    assert "Bid placed for the 2 bedroom flat at" in page
    assert "You are number 2 of 2 bidders." in page


def test_detail_shows_position_and_withdraw_link_after_bidding(client, applicant, make_bidder):
    application = make_bidder(user=applicant, band="B")
    advert = AdvertFactory()
    for band in ("A", "A", "C"):
        BidFactory(advert=advert, application=make_bidder(band=band))
    bid = BidFactory(advert=advert, application=application)
    client.force_login(applicant)

    response = client.get(f"/homes/{advert.reference}/")

    text = _text(response)
    assert "You are number 3 of 4 bidders." in text
    assert f'href="/account/bids/{bid.pk}/withdraw/"' in response.content.decode()
    assert "Place a bid" not in text


def test_refused_bid_shows_every_reason_and_creates_nothing(client, applicant, make_bidder):
    make_bidder(user=applicant, sizes=(2,), lead_age=35)
    advert = _sheltered_three_bed()
    client.force_login(applicant)

    response = client.post(f"/homes/{advert.reference}/bid/")

    assert response.status_code == 400
    text = _text(response)
    assert "There is a problem" in text
    assert "This home has 3 bedrooms. You can bid for 2-bedroom homes." in text
    assert "This home is for people aged 60 or over." in text
    assert 'href="#bid"' in response.content.decode()
    assert "<title>Error:" in response.content.decode()
    assert not Bid.objects.exists()


def test_bid_limit_reached_is_explained_and_refused(client, applicant, make_bidder):
    application = make_bidder(user=applicant)
    for _ in range(3):
        BidFactory(application=application)
    advert = AdvertFactory()
    client.force_login(applicant)

    page = _text(client.get(f"/homes/{advert.reference}/"))
    assert "You already have 3 live bids, the most you can have at one time." in page
    assert "You have used 3 of your 3 bids" in page

    response = client.post(f"/homes/{advert.reference}/bid/")
    assert response.status_code == 409
    assert "There is a problem" in _text(response)
    assert not Bid.objects.filter(advert=advert).exists()


def test_bid_page_get_goes_back_to_the_advert(client, applicant, make_bidder):
    make_bidder(user=applicant)
    advert = AdvertFactory()
    client.force_login(applicant)
    response = client.get(f"/homes/{advert.reference}/bid/")
    assert response.status_code == 302
    assert response["Location"] == f"/homes/{advert.reference}/"
    assert not Bid.objects.exists()


def test_applicant_without_an_application_cannot_bid(client, applicant):
    advert = AdvertFactory()
    client.force_login(applicant)
    assert "Apply to join the housing register" in _text(
        client.get(f"/homes/{advert.reference}/"))
    response = client.post(f"/homes/{advert.reference}/bid/")
    assert response.status_code == 400
    assert not Bid.objects.exists()


def test_staff_cannot_bid_from_the_public_page(client, officer, make_bidder):
    make_bidder()
    advert = AdvertFactory()
    client.force_login(officer)
    assert client.post(f"/homes/{advert.reference}/bid/").status_code == 403
    assert not Bid.objects.exists()


def test_anonymous_bid_is_sent_to_sign_in(client):
    advert = AdvertFactory()
    response = client.post(f"/homes/{advert.reference}/bid/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
    assert not Bid.objects.exists()


# --- Withdrawing -----------------------------------------------------------------------------

def test_withdrawing_a_bid_frees_a_slot(client, applicant, make_bidder):
    application = make_bidder(user=applicant)
    bids = [BidFactory(application=application) for _ in range(3)]
    advert = AdvertFactory()
    client.force_login(applicant)

    confirm = client.get(f"/account/bids/{bids[0].pk}/withdraw/")
    assert confirm.status_code == 200
    assert "Are you sure you want to withdraw your bid?" in _text(confirm)

    response = client.post(f"/account/bids/{bids[0].pk}/withdraw/")
    assert response.status_code == 302
    assert response["Location"] == "/account/bids/"
    bids[0].refresh_from_db()
    assert bids[0].status == Bid.Status.WITHDRAWN
    assert bids[0].withdrawn_by == applicant

    assert client.post(f"/homes/{advert.reference}/bid/").status_code == 302
    assert Bid.objects.filter(advert=advert, application=application,
                              status=Bid.Status.PLACED).exists()


def test_cannot_withdraw_someone_elses_bid(client, applicant, make_bidder):
    make_bidder(user=applicant)
    other = BidFactory(application=make_bidder())
    client.force_login(applicant)

    assert client.get(f"/account/bids/{other.pk}/withdraw/").status_code == 404
    assert client.post(f"/account/bids/{other.pk}/withdraw/").status_code == 404
    other.refresh_from_db()
    assert other.status == Bid.Status.PLACED


def test_cannot_withdraw_after_bidding_closes(client, applicant, make_bidder):
    application = make_bidder(user=applicant)
    bid = BidFactory(application=application, advert=_closed_advert())
    client.force_login(applicant)

    page = client.get(f"/account/bids/{bid.pk}/withdraw/")
    assert "You cannot withdraw this bid" in _text(page)
    assert "Withdraw bid" not in _text(page)

    response = client.post(f"/account/bids/{bid.pk}/withdraw/")
    assert response.status_code == 409
    assert "There is a problem" in _text(response)
    assert "Bidding for this home has closed" in _text(response)
    bid.refresh_from_db()
    assert bid.status == Bid.Status.PLACED


# --- The applicant's bids page ---------------------------------------------------------------

def test_bids_page_shows_positions_allowance_and_reasons(client, applicant, make_bidder):
    application = make_bidder(user=applicant, band="C")
    first = AdvertFactory(property__area="Northfield")
    BidFactory(advert=first, application=make_bidder(band="A"))
    live = BidFactory(advert=first, application=application)
    invalid = BidFactory(application=application, advert=_closed_advert(),
                         status=Bid.Status.INVALIDATED,
                         invalid_reasons=["Your household is now 5 people."])
    client.force_login(applicant)

    response = client.get("/account/bids/")

    assert response.status_code == 200
    html = response.content.decode()
    text = _text(response)
    assert "You can have 3 live bids at a time. You have 2 left." in text
    assert "Your place 2 of 2" in text
    assert "Invalid at close" in text
    assert "Your household is now 5 people." in text
    assert f'href="/account/bids/{live.pk}/withdraw/"' in html
    assert f'href="/account/bids/{invalid.pk}/withdraw/"' not in html
    assert 'href="/account/bids/preferences/"' in html


def test_bids_page_explains_why_an_application_cannot_bid_yet(client, applicant, make_bidder):
    make_bidder(user=applicant, status="submitted")
    client.force_login(applicant)
    text = _text(client.get("/account/bids/"))
    assert "We are still checking your application, so you cannot bid yet." in text
    assert "See your application" in text


def test_bids_page_without_an_application_says_how_to_apply(client, applicant):
    client.force_login(applicant)
    text = _text(client.get("/account/bids/"))
    assert "You need a housing application before you can bid for homes." in text


@pytest.mark.parametrize("url", ["/account/bids/", "/account/bids/preferences/",
                                 "/account/bids/1/withdraw/"])
def test_bids_pages_are_for_applicants_only(client, officer, url):
    client.force_login(officer)
    assert client.get(url).status_code == 403


def test_unverified_applicant_cannot_use_the_bids_pages(client):
    user = UserFactory(username="unverified", email_verified_at=None)
    client.force_login(user)
    assert client.get("/account/bids/").status_code == 403


# --- Preferences -----------------------------------------------------------------------------

def test_preferences_save_alerts_and_automatic_bidding(client, applicant, make_bidder):
    application = make_bidder(user=applicant)
    PropertyFactory(area="Northfield")
    PropertyFactory(area="Eastwood")
    client.force_login(applicant)

    page = client.get("/account/bids/preferences/")
    assert page.status_code == 200
    assert f'value="{applicant.email}"' in page.content.decode()

    response = client.post("/account/bids/preferences/", {
        "alerts_enabled": "True", "alerts_email": "me@example.org", "auto_bid": "on",
        "areas": ["Northfield"]})

    assert response.status_code == 302
    pref = BiddingPreference.objects.get(application=application)
    assert pref.alerts_enabled is True
    assert pref.alerts_email == "me@example.org"
    assert pref.auto_bid is True
    assert pref.auto_bid_set_by == BiddingPreference.AutoBidSetBy.APPLICANT
    assert pref.areas == ["Northfield"]


def test_preferences_with_a_bad_email_show_an_error_and_save_nothing(client, applicant,
                                                                     make_bidder):
    make_bidder(user=applicant)
    client.force_login(applicant)

    response = client.post("/account/bids/preferences/", {
        "alerts_enabled": "True", "alerts_email": "not an email"})

    assert response.status_code == 400
    text = _text(response)
    assert "There is a problem" in text
    assert "Enter an email address in the correct format, like name@example.com" in text
    assert 'href="#id_alerts_email"' in response.content.decode()
    assert not BiddingPreference.objects.exists()


def test_automatic_bidding_set_by_an_officer_cannot_be_switched_off_here(client, applicant,
                                                                         make_bidder):
    application = make_bidder(user=applicant)
    BiddingPreference.objects.create(application=application, auto_bid=True,
                                     auto_bid_set_by="officer",
                                     auto_bid_reason="Emergency award")
    client.force_login(applicant)

    page = client.get("/account/bids/preferences/")
    assert "Your housing officer has set up automatic bidding for you" in _text(page)
    assert 'name="auto_bid"' not in page.content.decode()

    response = client.post("/account/bids/preferences/", {"alerts_enabled": "False"})
    assert response.status_code == 302
    pref = BiddingPreference.objects.get(application=application)
    assert pref.auto_bid is True
    assert pref.auto_bid_set_by == "officer"


# --- Photos ----------------------------------------------------------------------------------

def _photo(prop: Property, token: str = "a" * 32, alt: str = "The living room") -> PropertyPhoto:
    photo = PropertyPhoto(property=prop, token=token, content_type="image/png", alt_text=alt)
    photo.image.save(token, ContentFile(PNG), save=False)
    photo.save()
    return photo


def test_photo_is_served_with_its_content_type(client, media_root):
    advert = AdvertFactory()
    photo = _photo(advert.property)

    response = client.get(f"/homes/{advert.reference}/photos/{photo.token}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG


def test_photos_appear_with_their_alt_text(client, media_root):
    advert = AdvertFactory()
    photo = _photo(advert.property, alt="The kitchen, with a window over the garden")
    url = f"/homes/{advert.reference}/photos/{photo.token}/"
    for page in ("/homes/", f"/homes/{advert.reference}/"):
        html = client.get(page).content.decode()
        assert f'src="{url}" alt="The kitchen, with a window over the garden"' in html


def test_photo_of_an_unpublished_advert_or_another_home_is_not_found(client, media_root):
    draft = AdvertFactory(status=Advert.Status.DRAFT, cycle=None)
    hidden = _photo(draft.property)
    live = AdvertFactory()
    assert client.get(f"/homes/{draft.reference}/photos/{hidden.token}/").status_code == 404
    assert client.get(f"/homes/{live.reference}/photos/{hidden.token}/").status_code == 404


# --- Query counts ----------------------------------------------------------------------------

def test_homes_list_queries_do_not_grow_with_the_number_of_homes(client, media_root,
                                                                 django_assert_num_queries,
                                                                 django_assert_max_num_queries):
    _photo(AdvertFactory().property)
    with django_assert_max_num_queries(20) as baseline:
        assert client.get("/homes/").status_code == 200
    for n, advert in enumerate(AdvertFactory.create_batch(19)):
        _photo(advert.property, token=f"{n:032d}")
    with django_assert_num_queries(len(baseline.captured_queries)):
        response = client.get("/homes/")
    assert len(_listed(response)) == 20


def test_homes_list_queries_for_an_applicant_do_not_grow_with_the_number_of_homes(
        client, applicant, make_bidder, django_assert_num_queries,
        django_assert_max_num_queries):
    application = make_bidder(user=applicant, children=(4,))
    BidFactory(application=application)
    AdvertFactory()
    client.force_login(applicant)
    with django_assert_max_num_queries(40) as baseline:
        assert _can_bid_tags(client.get("/homes/")) == 1
    AdvertFactory.create_batch(18)
    with django_assert_num_queries(len(baseline.captured_queries)):
        response = client.get("/homes/")
    assert len(_listed(response)) == 20
    assert _can_bid_tags(response) == 19
