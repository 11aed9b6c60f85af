"""The lettings officer pages: homes, photos, voids, adverts, cycles and bidding on an
applicant's behalf. Who may open them, what bad input does (400, an error summary, nothing
changed), the void → advert → approve → publish → open → live journey, and constant query
counts on the lists."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from housing.core.exceptions import ApplicationError
from lettings.models import (
    Advert,
    Bid,
    BiddingCycle,
    BiddingPreference,
    Property,
    PropertyPhoto,
    Void,
)
from lettings.services.adverts import advert_approve, advert_create
from lettings.services.preferences import bidding_preference_set
from lettings.services.stock import property_photo_add
from tests.factories import (
    AdvertFactory,
    BidFactory,
    CycleFactory,
    PropertyFactory,
    UserFactory,
    VoidFactory,
)

pytestmark = pytest.mark.django_db

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
       b"5\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")
ERROR_SUMMARY = "govuk-error-summary"


def url(name: str, *args: Any) -> str:
    return reverse(f"lettings:{name}", args=args)


def html(response: Any) -> str:
    return str(response.content.decode())


def assert_refused_with_summary(response: Any, *messages: str) -> None:
    assert response.status_code == 400
    page = html(response)
    assert ERROR_SUMMARY in page and "There is a problem" in page
    assert "<title>Error:" in page
    for message in messages:
        assert message in page, message


def later(days: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


@pytest.fixture
def home(council):
    return PropertyFactory(landlord=council, reference="BBC-00001",
                           address_line_1="12 Mill Lane", postcode="BF1 2AB", area="Millbrook",
                           bedrooms=2, bedspaces=4)


@pytest.fixture
def ready_void(home):
    return VoidFactory(property=home)


@pytest.fixture
def draft(ready_void, officer):
    return advert_create(void=ready_void, actor=officer, data={"title": "2 bedroom flat"})


@pytest.fixture
def scheduled_cycle():
    return CycleFactory(name="Next week", status="scheduled", opens_at=later(3),
                        closes_at=later(7))


@pytest.fixture
def photo(home, officer, media_root):
    return property_photo_add(prop=home, actor=officer,
                              upload=SimpleUploadedFile("kitchen.png", PNG), alt_text="Kitchen")


@pytest.fixture
def world(home, ready_void, draft, photo, make_bidder):
    """One of everything the pages show."""
    live = AdvertFactory(property=PropertyFactory(bedrooms=2, bedspaces=4))
    bidder = make_bidder(sizes=(2,))
    bid = BidFactory(application=bidder, advert=live)
    return {"home": home, "void": ready_void, "draft": draft, "photo": photo, "live": live,
            "bidder": bidder, "bid": bid}


def get_pages(world: dict[str, Any]) -> list[str]:
    home, void, draft = world["home"], world["void"], world["draft"]
    return [
        url("staff-properties"), url("staff-property-new"), url("staff-property", home.pk),
        url("staff-property-edit", home.pk), url("staff-property-photos", home.pk),
        url("staff-property-photo", world["photo"].token), url("staff-void-new", home.pk),
        url("staff-voids"), url("staff-void", void.pk), url("staff-advert-new", void.pk),
        url("staff-adverts"), url("staff-advert", draft.pk), url("staff-advert", world["live"].pk),
        url("staff-advert-edit", draft.pk), url("staff-advert-withdraw", draft.pk),
        url("staff-advert-readvertise", world["live"].pk), url("staff-cycles"),
        url("staff-application-bids", world["bidder"].reference),
    ]


def post_only_pages(world: dict[str, Any]) -> list[str]:
    cycle = world["live"].cycle
    return [
        url("staff-void-dates", world["void"].pk), url("staff-void-status", world["void"].pk),
        url("staff-advert-approve", world["draft"].pk),
        url("staff-advert-publish", world["draft"].pk), url("staff-cycle-open", cycle.pk),
        url("staff-cycle-close", cycle.pk), url("staff-bid-withdraw", world["bid"].pk),
        url("staff-property-photo-remove", world["photo"].token),
        url("staff-application-auto-bid", world["bidder"].reference),
    ]


# --- Who may use the pages ------------------------------------------------------------------

def test_every_page_renders_for_an_officer(client, officer, world):
    client.force_login(officer)
    for page in get_pages(world):
        response = client.get(page)
        assert response.status_code == 200, page
    assert client.get(url("staff-property-photo", world["photo"].token))["Content-Type"] \
        == "image/png"


def test_every_page_renders_for_a_manager_and_an_administrator(client, manager, admin_user,
                                                               world):
    for user in (manager, admin_user):
        client.force_login(user)
        for page in get_pages(world):
            assert client.get(page).status_code == 200, (user, page)


@pytest.mark.parametrize("who", ["adviser", "provider_user_a"])
def test_medical_advisers_and_provider_users_are_refused_everywhere(client, request, world,
                                                                    who):
    client.force_login(request.getfixturevalue(who))
    for page in get_pages(world):
        assert client.get(page).status_code == 403, page
    before = (Advert.objects.filter(status="draft").count(), Bid.objects.filter(
        status="placed").count(), PropertyPhoto.objects.count(),
        BiddingCycle.objects.filter(status="open").count(), Void.objects.get().status)
    for page in post_only_pages(world):
        assert client.post(page, {"status-to": "in_works", "status-reason": "x",
                                  "publish-cycle": "", "auto-auto_bid": "yes",
                                  "auto-auto_bid_reason": "x"}).status_code == 403, page
    assert client.post(url("staff-property-new"), {"reference": "X"}).status_code == 403
    after = (Advert.objects.filter(status="draft").count(), Bid.objects.filter(
        status="placed").count(), PropertyPhoto.objects.count(),
        BiddingCycle.objects.filter(status="open").count(), Void.objects.get().status)
    assert before == after


def test_the_staff_navigation_lists_the_lettings_pages(client, officer, adviser):
    client.force_login(officer)
    page = html(client.get(url("staff-voids")))
    for name in ("staff-properties", "staff-voids", "staff-adverts", "staff-cycles"):
        assert f'href="{url(name)}"' in page
    assert 'aria-current="page">Voids</a>' in page
    client.force_login(adviser)
    page = html(client.get(reverse("staff:home")))
    assert url("staff-properties") not in page and url("staff-cycles") not in page


# --- Homes ------------------------------------------------------------------------------------

def property_post(council: Any, **overrides: Any) -> dict[str, Any]:
    data = {"reference": "BBC-00999", "address_line_1": "3 Quarry Road", "town": "Brackenfield",
            "postcode": "bf3 4xy", "area": "Quarrybank", "landlord": council.pk,
            "property_type": "house", "bedrooms": "3", "bedspaces": "5", "min_occupancy": "3",
            "floor_level": "0", "steps_to_entrance": "0", "mobility_category": "",
            "designation": "general_needs", "rent_type": "social", "weekly_rent": "125.40",
            "service_charge": "", "adaptations": "Level-access shower\nRamp",
            "has_garden": "on"}
    data.update(overrides)
    return data


def test_an_officer_adds_a_home_and_sees_its_details(client, officer, council):
    client.force_login(officer)
    response = client.post(url("staff-property-new"), property_post(council), follow=True)
    prop = Property.objects.get(reference="BBC-00999")
    assert response.redirect_chain[-1][0] == url("staff-property", prop.pk)
    assert (prop.postcode, prop.bedrooms, prop.weekly_rent, prop.adaptations, prop.has_garden) \
        == ("BF3 4XY", 3, Decimal("125.40"), ["Level-access shower", "Ramp"], True)
    page = html(response)
    assert "Home BBC-00999 added" in page
    assert "govuk-summary-list" in page and "£125.40 a week" in page
    assert "Home added" in page  # the history of changes


def test_adding_a_home_with_bad_input_changes_nothing(client, officer, council):
    client.force_login(officer)
    response = client.post(url("staff-property-new"), {"bedrooms": "two"})
    assert_refused_with_summary(response, "Enter the home&#x27;s reference",
                                "Enter the first line of the address", "Enter the postcode",
                                "The number of bedrooms must be a whole number, like 2")
    response = client.post(url("staff-property-new"),
                           property_post(council, bedspaces="2", postcode="nonsense"))
    assert_refused_with_summary(response, "Enter a real postcode, like BF1 2AB",
                                "must be at least the number of bedrooms")
    assert not Property.objects.exists()


def test_a_duplicate_reference_is_refused_on_the_page(client, officer, council, home):
    client.force_login(officer)
    response = client.post(url("staff-property-new"),
                           property_post(council, reference=home.reference))
    assert_refused_with_summary(response, "Another home already has this reference")
    assert Property.objects.count() == 1


def test_an_officer_corrects_a_home_and_bad_input_changes_nothing(client, officer, council,
                                                                  home):
    client.force_login(officer)
    page = html(client.get(url("staff-property-edit", home.pk)))
    assert 'value="BBC-00001"' in page
    response = client.post(url("staff-property-edit", home.pk),
                           property_post(council, reference=home.reference, bedspaces="1"))
    assert_refused_with_summary(response)
    home.refresh_from_db()
    assert home.bedspaces == 4
    response = client.post(url("staff-property-edit", home.pk),
                           property_post(council, reference=home.reference, weekly_rent="99"))
    assert response.status_code == 302
    home.refresh_from_db()
    assert (home.weekly_rent, home.bedrooms) == (Decimal("99"), 3)


def test_photos_are_uploaded_with_alt_text_served_and_removed(client, officer, home,
                                                              media_root):
    client.force_login(officer)
    response = client.post(url("staff-property-photos", home.pk),
                           {"image": SimpleUploadedFile("front.png", PNG,
                                                        content_type="image/png"),
                            "alt_text": "Front of the house"}, follow=True)
    assert "Photo added" in html(response)
    photo = PropertyPhoto.objects.get()
    assert photo.content_type == "image/png"
    page = html(client.get(url("staff-property", home.pk)))
    assert f'src="{url("staff-property-photo", photo.token)}" alt="Front of the house"' in page
    download = client.get(url("staff-property-photo", photo.token))
    assert download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == PNG
    response = client.post(url("staff-property-photo-remove", photo.token), follow=True)
    assert "Photo removed" in html(response)
    assert not PropertyPhoto.objects.exists()


def test_a_photo_that_is_not_an_image_or_has_no_description_is_refused(client, officer, home,
                                                                      media_root):
    client.force_login(officer)
    response = client.post(url("staff-property-photos", home.pk),
                           {"image": SimpleUploadedFile("kitchen.jpg", b"%PDF-1.4 not a photo",
                                                        content_type="image/jpeg"),
                            "alt_text": "Kitchen"})
    assert_refused_with_summary(response, "The photo must be a JPG or PNG")
    response = client.post(url("staff-property-photos", home.pk), {"alt_text": ""})
    assert_refused_with_summary(response, "Choose a photo to upload",
                                "Describe what the photo shows")
    assert not PropertyPhoto.objects.exists()


def test_a_photo_of_another_providers_home_is_not_found_for_a_provider(client, photo,
                                                                       provider_user_a):
    client.force_login(provider_user_a)
    assert client.get(url("staff-property-photo", photo.token)).status_code == 403


# --- Voids ------------------------------------------------------------------------------------

def test_an_officer_records_a_void_and_bad_input_changes_nothing(client, officer, home):
    client.force_login(officer)
    response = client.post(url("staff-void-new", home.pk), {"void_type": "standard"})
    assert_refused_with_summary(response, "Choose why the home is empty")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(url("staff-void-new", home.pk), {
        "reason_vacant": "tenant_notice", "void_type": "standard",
        "keys_returned_date_0": tomorrow.day, "keys_returned_date_1": tomorrow.month,
        "keys_returned_date_2": tomorrow.year})
    assert_refused_with_summary(response, "This date cannot be in the future")
    assert not Void.objects.exists()
    ended = timezone.localdate() - dt.timedelta(days=10)
    response = client.post(url("staff-void-new", home.pk), {
        "reason_vacant": "tenant_notice", "void_type": "standard",
        "tenancy_end_date_0": ended.day, "tenancy_end_date_1": ended.month,
        "tenancy_end_date_2": ended.year, "keys_returned_date_0": ended.day,
        "keys_returned_date_1": ended.month, "keys_returned_date_2": ended.year}, follow=True)
    void = Void.objects.get()
    assert void.status == "vacant" and void.created_by == officer
    page = html(response)
    assert "Void recorded: vacant" in page
    assert "10 days so far" in page
    assert "£157.14 so far" in page  # £110 a week for 10 days


def test_the_void_page_offers_only_the_allowed_next_statuses(client, officer, home):
    void = VoidFactory(property=home, status="vacant", ready_to_let_date=None)
    client.force_login(officer)
    response = client.get(url("staff-void", void.pk))
    form = response.context["status_form"]
    assert [value for value, _label in form.fields["to"].choices] == ["in_works",
                                                                      "ready_to_let",
                                                                      "disposal"]
    assert "Create advert" not in html(response)
    stages = response.context["stages"]
    assert stages[0][0] == "Notice to keys returned"


def test_moving_a_void_on_records_the_stage_date(client, officer, home):
    void = VoidFactory(property=home, status="vacant", ready_to_let_date=None)
    client.force_login(officer)
    response = client.post(url("staff-void-status", void.pk), {"status-to": "in_works"},
                           follow=True)
    assert "Void is now in works" in html(response)
    void.refresh_from_db()
    assert (void.status, void.works_ordered_date) == ("in_works", timezone.localdate())


def test_ending_a_void_needs_a_reason_and_a_refusal_changes_nothing(client, officer, home):
    void = VoidFactory(property=home, status="notice", keys_returned_date=None,
                       ready_to_let_date=None)
    client.force_login(officer)
    response = client.post(url("staff-void-status", void.pk), {"status-to": "withdrawn"})
    assert_refused_with_summary(response, "Enter why the void is ending")
    response = client.post(url("staff-void-status", void.pk), {"status-to": "let"})
    assert_refused_with_summary(response, "Choose one of the statuses listed")
    void.refresh_from_db()
    assert void.status == "notice" and void.end_reason == ""
    response = client.post(url("staff-void-status", void.pk),
                           {"status-to": "withdrawn", "status-reason": "Tenant is staying"})
    void.refresh_from_db()
    assert (void.status, void.end_reason) == ("withdrawn", "Tenant is staying")


def test_void_dates_are_saved_and_a_future_date_is_refused(client, officer, ready_void):
    client.force_login(officer)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    before = ready_void.keys_returned_date
    data = {"dates-reason_vacant": "tenant_notice", "dates-void_type": "standard",
            "dates-keys_returned_date_0": tomorrow.day,
            "dates-keys_returned_date_1": tomorrow.month,
            "dates-keys_returned_date_2": tomorrow.year}
    response = client.post(url("staff-void-dates", ready_void.pk), data)
    assert_refused_with_summary(response, "This date cannot be in the future")
    ready_void.refresh_from_db()
    assert ready_void.keys_returned_date == before
    target = timezone.localdate() + dt.timedelta(days=5)
    data.update({"dates-keys_returned_date_0": before.day,
                 "dates-keys_returned_date_1": before.month,
                 "dates-keys_returned_date_2": before.year,
                 "dates-target_ready_date_0": target.day,
                 "dates-target_ready_date_1": target.month,
                 "dates-target_ready_date_2": target.year})
    response = client.post(url("staff-void-dates", ready_void.pk), data)
    assert response.status_code == 302
    ready_void.refresh_from_db()
    assert ready_void.target_ready_date == target


def test_the_voids_list_filters_by_status(client, officer):
    VoidFactory(property=PropertyFactory(address_line_1="1 Ready Row"))
    VoidFactory(property=PropertyFactory(address_line_1="2 Works Walk"), status="in_works",
                ready_to_let_date=None, target_ready_date=timezone.localdate()
                - dt.timedelta(days=1))
    VoidFactory(property=PropertyFactory(address_line_1="3 Let Lane"), status="let",
                let_date=timezone.localdate())
    client.force_login(officer)
    page = html(client.get(url("staff-voids")))
    assert "1 Ready Row" in page and "2 Works Walk" in page and "3 Let Lane" not in page
    assert "Overdue" in page
    page = html(client.get(url("staff-voids"), {"status": "in_works"}))
    assert "2 Works Walk" in page and "1 Ready Row" not in page


# --- Adverts ----------------------------------------------------------------------------------

def test_the_advert_form_is_filled_in_from_the_home(client, officer, council):
    home = PropertyFactory(landlord=council, bedrooms=1, bedspaces=2,
                           mobility_category="wheelchair", designation="older_persons",
                           min_age=60)
    void = VoidFactory(property=home)
    client.force_login(officer)
    response = client.get(url("staff-advert-new", void.pk))
    form = response.context["criteria_form"]
    assert form.initial["allowed_sizes"] == ["1"]
    assert form.initial["min_age"] == 60 and form.initial["mobility_required"] is True
    assert form.initial["max_occupancy"] == 2
    page = html(response)
    ticked = re.search(r'id="id_allowed_sizes_(\d)"\s+value="(\d)"\s+checked', page)
    assert ticked is not None and ticked.groups() == ("2", "1")
    bands = [value for value, _label in form.fields["band_restriction"].choices]
    assert bands[:1] == ["A"]


def advert_post(**overrides: Any) -> dict[str, Any]:
    data = {"title": "2 bedroom flat in Millbrook", "allowed_sizes": ["1", "2"],
            "min_occupancy": "1", "max_occupancy": "4", "label": "both",
            "quota_mode": "restrict", "auto_bid_eligible": "on",
            "local_connection_areas": "bf3, BF4 2", "landlord_rules": ["no_children"],
            "band_restriction": ["A", "B"]}
    data.update(overrides)
    return data


def test_an_officer_creates_a_draft_advert_from_a_ready_void(client, officer, ready_void):
    client.force_login(officer)
    page = html(client.get(url("staff-void", ready_void.pk)))
    assert url("staff-advert-new", ready_void.pk) in page and "Create advert" in page
    response = client.post(url("staff-advert-new", ready_void.pk), advert_post(), follow=True)
    advert = Advert.objects.get()
    assert response.redirect_chain[-1][0] == url("staff-advert", advert.pk)
    assert (advert.status, advert.allowed_sizes, advert.local_connection_areas,
            advert.band_restriction, advert.landlord_rules, advert.created_by) == (
        "draft", [1, 2], ["BF3", "BF4 2"], ["A", "B"], ["no_children"], officer)
    page = html(response)
    assert "Households who need a 1-bedroom or 2-bedroom home" in page
    assert "Only Band A and Band B" in page
    assert "Only people who live in, or have lived in, BF3 and BF4 2" in page
    assert "No children under 16" in page


def test_bad_advert_criteria_change_nothing(client, officer, ready_void):
    client.force_login(officer)
    response = client.post(url("staff-advert-new", ready_void.pk),
                           advert_post(allowed_sizes=[], max_occupancy="0",
                                       local_connection_areas="Millbrook village"))
    assert_refused_with_summary(response, "Choose at least one bedroom need",
                                "The most people in the household must be 1 or more",
                                "Enter postcode districts or sectors")
    response = client.post(url("staff-advert-new", ready_void.pk),
                           advert_post(max_occupancy="9"))
    assert_refused_with_summary(response, "No more than the home&#x27;s 4 bedspaces")
    assert not Advert.objects.exists()


def test_a_void_that_is_not_ready_cannot_be_advertised(client, officer, home):
    void = VoidFactory(property=home, status="in_works", ready_to_let_date=None)
    client.force_login(officer)
    page = html(client.get(url("staff-advert-new", void.pk)))
    assert "Only a void that is ready to let can be advertised" in page
    response = client.post(url("staff-advert-new", void.pk), advert_post())
    assert_refused_with_summary(response, "Only a void that is ready to let can be advertised.")
    assert not Advert.objects.exists()


def test_editing_a_draft_saves_and_bad_input_changes_nothing(client, officer, draft):
    client.force_login(officer)
    response = client.post(url("staff-advert-edit", draft.pk),
                           advert_post(min_occupancy="3", max_occupancy="2"))
    assert_refused_with_summary(response, "The most people must be at least the fewest people")
    draft.refresh_from_db()
    assert draft.min_occupancy == 1
    response = client.post(url("staff-advert-edit", draft.pk),
                           advert_post(title="Changed title", min_occupancy="2"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.min_occupancy) == ("Changed title", 2)


def test_an_officer_who_is_not_senior_cannot_approve(client, officer, draft):
    client.force_login(officer)
    page = html(client.get(url("staff-advert", draft.pk)))
    assert url("staff-advert-approve", draft.pk) not in page
    assert "needs approving by a manager or senior officer" in page
    assert client.post(url("staff-advert-approve", draft.pk)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.approved_by is None


def test_approving_an_advert_twice_is_refused_on_the_page(client, senior_officer, draft):
    client.force_login(senior_officer)
    assert client.post(url("staff-advert-approve", draft.pk)).status_code == 302
    response = client.post(url("staff-advert-approve", draft.pk))
    assert_refused_with_summary(response, "Only a draft can be approved")


def test_the_void_to_live_advert_journey_through_the_pages(client, officer, senior_officer,
                                                          manager, home, scheduled_cycle):
    # The officer records a void that is ready to let now.
    client.force_login(officer)
    ready = timezone.localdate()
    client.post(url("staff-void-new", home.pk), {
        "reason_vacant": "tenant_notice", "void_type": "standard",
        "ready_to_let_date_0": ready.day, "ready_to_let_date_1": ready.month,
        "ready_to_let_date_2": ready.year})
    void = Void.objects.get()
    assert void.status == "ready_to_let"
    # … drafts the advert from the void …
    client.post(url("staff-advert-new", void.pk), advert_post())
    advert = Advert.objects.get()
    assert advert.status == "draft"
    # … a senior officer approves it …
    client.force_login(senior_officer)
    page = html(client.get(url("staff-advert", advert.pk)))
    assert url("staff-advert-approve", advert.pk) in page
    response = client.post(url("staff-advert-approve", advert.pk), follow=True)
    assert "approved. It can now be published" in html(response)
    # … the officer publishes it into the scheduled cycle …
    client.force_login(officer)
    page = html(client.get(url("staff-advert", advert.pk)))
    assert "Next week (scheduled" in page
    response = client.post(url("staff-advert-publish", advert.pk),
                           {"publish-cycle": str(scheduled_cycle.pk)}, follow=True)
    assert "goes live when bidding opens" in html(response)
    advert.refresh_from_db()
    assert (advert.status, advert.cycle, advert.approved_by) == ("approved", scheduled_cycle,
                                                                 senior_officer)
    # … officers cannot open bidding, a manager can.
    page = html(client.get(url("staff-cycles")))
    assert "Open next cycle now" not in page
    assert client.post(url("staff-cycle-open", scheduled_cycle.pk)).status_code == 403
    client.force_login(manager)
    page = html(client.get(url("staff-cycles")))
    assert "Open next cycle now" in page and "every minute" in page
    response = client.post(url("staff-cycle-open", scheduled_cycle.pk), follow=True)
    assert "Bidding is open for Next week: 1 advert is live" in html(response)
    advert.refresh_from_db()
    void.refresh_from_db()
    assert advert.status == "live" and void.status == "advertised"
    page = html(client.get(url("staff-advert", advert.pk)))
    assert "Taking bids until" in page and "Live: taking bids" in page
    # Closing by hand closes the advert.
    response = client.post(url("staff-cycle-close", scheduled_cycle.pk), follow=True)
    assert "Bidding has closed for Next week" in html(response)
    advert.refresh_from_db()
    assert advert.status == "shortlisted"


def test_publishing_into_an_unknown_cycle_is_refused(client, officer, senior_officer, draft):
    advert_approve(advert=draft, actor=senior_officer)
    client.force_login(officer)
    response = client.post(url("staff-advert-publish", draft.pk), {"publish-cycle": "999999"})
    assert_refused_with_summary(response, "Choose a cycle from the list")
    draft.refresh_from_db()
    assert draft.published_at is None and draft.status == "approved"


def test_publishing_with_no_cycle_to_publish_into_is_refused(client, officer, senior_officer,
                                                            draft):
    advert_approve(advert=draft, actor=senior_officer)
    client.force_login(officer)
    response = client.post(url("staff-advert-publish", draft.pk), {"publish-cycle": ""})
    assert_refused_with_summary(response, "There is no bidding cycle to publish into")
    draft.refresh_from_db()
    assert draft.published_at is None


def test_publishing_into_an_open_cycle_goes_live_at_once(client, officer, senior_officer,
                                                        draft):
    cycle = CycleFactory()
    advert_approve(advert=draft, actor=senior_officer)
    client.force_login(officer)
    response = client.post(url("staff-advert-publish", draft.pk),
                           {"publish-cycle": str(cycle.pk)}, follow=True)
    assert "is live and taking bids" in html(response)
    draft.refresh_from_db()
    assert draft.status == "live"


def test_withdrawing_an_advert_needs_a_reason(client, officer, make_bidder):
    advert = AdvertFactory()
    bid = BidFactory(advert=advert, application=make_bidder())
    client.force_login(officer)
    page = html(client.get(url("staff-advert-withdraw", advert.pk)))
    assert "It has 1 live bid" in page
    response = client.post(url("staff-advert-withdraw", advert.pk), {"reason": "  "})
    assert_refused_with_summary(response, "Enter why you are withdrawing the advert")
    advert.refresh_from_db()
    assert advert.status == "live"
    response = client.post(url("staff-advert-withdraw", advert.pk),
                           {"reason": "Tenant withdrew notice"}, follow=True)
    assert "withdrawn" in html(response)
    advert.refresh_from_db()
    bid.refresh_from_db()
    assert (advert.status, advert.withdrawn_reason, bid.status) == (
        "withdrawn", "Tenant withdrew notice", "withdrawn")
    page = html(client.get(url("staff-advert", advert.pk)))
    assert "This home is no longer being advertised." in page  # the withdrawn bid's reason


def test_readvertising_needs_a_reason_and_makes_a_new_draft(client, officer):
    advert = AdvertFactory(status="closed")
    client.force_login(officer)
    response = client.post(url("staff-advert-readvertise", advert.pk), {"reason": ""})
    assert_refused_with_summary(response, "Enter why the home is being re-advertised")
    assert Advert.objects.count() == 1
    response = client.post(url("staff-advert-readvertise", advert.pk),
                           {"reason": "Every bidder refused"}, follow=True)
    copy = Advert.objects.exclude(pk=advert.pk).get()
    assert response.redirect_chain[-1][0] == url("staff-advert", copy.pk)
    assert copy.status == "draft" and copy.readvertised_from == advert
    advert.refresh_from_db()
    assert advert.status == "readvertised"


def test_a_live_advert_cannot_be_readvertised(client, officer):
    advert = AdvertFactory()
    client.force_login(officer)
    page = html(client.get(url("staff-advert-readvertise", advert.pk)))
    assert "this cannot be done now" in page
    response = client.post(url("staff-advert-readvertise", advert.pk), {"reason": "Because"})
    assert_refused_with_summary(response, "cannot become")
    assert Advert.objects.get().status == "live"


def test_the_advert_page_lists_bids_in_queue_order_with_who_placed_them(client, officer,
                                                                       make_bidder):
    advert = AdvertFactory()
    band_c = make_bidder(band="C")
    band_a = make_bidder(band="A")
    BidFactory(advert=advert, application=band_c, placed_by="officer",
               placed_by_user=officer, channel="phone")
    BidFactory(advert=advert, application=band_a, placed_by="auto")
    BidFactory(advert=advert, application=make_bidder(), status="invalidated",
               invalid_reasons=["This home has 2 bedrooms. You can bid for 3-bedroom homes."])
    client.force_login(officer)
    response = client.get(url("staff-advert", advert.pk))
    lines = response.context["live_bids"]
    assert [(line.position, line.bid.application) for line in lines] == [(1, band_a),
                                                                         (2, band_c)]
    page = html(response)
    case_url = reverse("applications:staff-case", args=[band_a.reference])
    assert f'href="{case_url}"' in page
    assert "Officer on the applicant&#x27;s behalf" in page and "Automatic bid" in page
    assert "You can bid for 3-bedroom homes." in page


def test_bids_from_restricted_cases_are_counted_but_not_shown(client, officer, make_bidder):
    advert = AdvertFactory()
    BidFactory(advert=advert, application=make_bidder(restricted_access=True))
    BidFactory(advert=advert, application=make_bidder())
    client.force_login(officer)
    response = client.get(url("staff-advert", advert.pk))
    assert len(response.context["live_bids"]) == 1
    assert "1 more live bid from restricted cases is counted" in html(response)


def test_the_adverts_list_filters_by_status_and_cycle(client, officer, draft):
    live = AdvertFactory()
    client.force_login(officer)
    response = client.get(url("staff-adverts"), {"status": "draft"})
    assert list(response.context["adverts"]) == [draft]
    response = client.get(url("staff-adverts"), {"cycle": str(live.cycle_id)})
    assert list(response.context["adverts"]) == [live]
    response = client.get(url("staff-adverts"), {"cycle": "none"})
    assert list(response.context["adverts"]) == [draft]


# --- Cycles -----------------------------------------------------------------------------------

def test_the_cycles_page_shows_open_upcoming_and_recent_cycles(client, officer):
    open_cycle = CycleFactory(name="This week")
    AdvertFactory(cycle=open_cycle)
    CycleFactory(name="Next week", status="scheduled", opens_at=later(3), closes_at=later(7))
    CycleFactory(name="Last week", status="closed", opens_at=later(-9), closes_at=later(-5))
    CycleFactory(name="Long ago", status="closed", opens_at=later(-200), closes_at=later(-196))
    client.force_login(officer)
    response = client.get(url("staff-cycles"))
    assert [c.name for c in response.context["open_cycles"]] == ["This week"]
    assert response.context["open_cycles"][0].advert_count == 1
    assert [c.name for c in response.context["upcoming"]] == ["Next week"]
    assert [c.name for c in response.context["recent"]] == ["Last week"]
    page = html(response)
    assert "Close this cycle now" not in page and "Open next cycle now" not in page


def test_opening_a_closed_cycle_is_refused_on_the_page(client, manager):
    cycle = CycleFactory(status="closed", opens_at=later(-9), closes_at=later(-5))
    client.force_login(manager)
    response = client.post(url("staff-cycle-open", cycle.pk))
    assert_refused_with_summary(response, "Only a scheduled cycle that has not ended can be "
                                          "opened.")
    cycle.refresh_from_db()
    assert cycle.status == "closed"


# --- Bidding on an applicant's behalf -------------------------------------------------------

def test_an_officer_bids_on_an_applicants_behalf(client, officer, make_bidder):
    application = make_bidder(sizes=(2,))
    advert = AdvertFactory(property=PropertyFactory(bedrooms=2, bedspaces=4))
    too_big = AdvertFactory(property=PropertyFactory(bedrooms=4, bedspaces=7),
                            max_occupancy=7)
    client.force_login(officer)
    response = client.get(url("staff-application-bids", application.reference))
    assert response.context["allowed_adverts"] == [advert]
    assert [a for a, _reasons in response.context["refused_adverts"]] == [too_big]
    assert "This home has 4 bedrooms." in html(response)
    response = client.post(url("staff-application-bids", application.reference),
                           {"bid-advert": advert.reference, "bid-channel": "phone"},
                           follow=True)
    assert f"Bid placed on {advert.reference}" in html(response)
    bid = Bid.objects.get()
    assert (bid.application, bid.advert, bid.placed_by, bid.placed_by_user, bid.channel) == (
        application, advert, "officer", officer, "phone")
    assert "1 of 1" in html(response)  # its queue position


def test_a_bid_the_rules_refuse_shows_every_reason_and_changes_nothing(client, officer,
                                                                       make_bidder):
    application = make_bidder(sizes=(2,))
    too_big = AdvertFactory(property=PropertyFactory(bedrooms=4, bedspaces=7), max_occupancy=7,
                            band_restriction=["A"])
    client.force_login(officer)
    page_url = url("staff-application-bids", application.reference)
    response = client.post(page_url, {"bid-channel": "phone"})
    assert_refused_with_summary(response, "Choose the home to bid for")
    response = client.post(page_url, {"bid-advert": "other", "bid-channel": "phone"})
    assert_refused_with_summary(response, "Enter the advert reference")
    response = client.post(page_url, {"bid-advert": "other", "bid-other_reference": "ADV-NOPE",
                                      "bid-channel": "phone"})
    assert_refused_with_summary(response, "There is no advert with the reference ADV-NOPE")
    response = client.post(page_url, {"bid-advert": "other",
                                      "bid-other_reference": too_big.reference.lower(),
                                      "bid-channel": "in_person"})
    assert_refused_with_summary(response, "This home has 4 bedrooms.", "Band A")
    assert 'href="#id_bid-other_reference"' in html(response)
    assert not Bid.objects.exists()


def test_an_officer_withdraws_a_bid_for_the_applicant(client, officer, make_bidder):
    application = make_bidder()
    bid = BidFactory(application=application)
    client.force_login(officer)
    response = client.post(url("staff-bid-withdraw", bid.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("staff-application-bids",
                                                 application.reference)
    bid.refresh_from_db()
    assert (bid.status, bid.withdrawn_by) == ("withdrawn", officer)
    response = client.post(url("staff-bid-withdraw", bid.pk))
    assert response.status_code == 302  # withdrawing twice changes nothing


def test_a_bid_on_a_closed_advert_cannot_be_withdrawn(client, officer, make_bidder):
    application = make_bidder()
    bid = BidFactory(application=application, advert=AdvertFactory(status="closed"))
    client.force_login(officer)
    response = client.post(url("staff-bid-withdraw", bid.pk))
    assert_refused_with_summary(response, "Bidding for this home has closed")
    bid.refresh_from_db()
    assert bid.status == "placed"


def test_restricted_cases_stay_hidden_from_officers_outside_the_group(client, officer,
                                                                      make_bidder):
    application = make_bidder(restricted_access=True)
    bid = BidFactory(application=application)
    client.force_login(officer)
    assert client.get(url("staff-application-bids", application.reference)).status_code == 404
    assert client.post(url("staff-bid-withdraw", bid.pk)).status_code == 404
    officer.in_restricted_group = True
    officer.save(update_fields=["in_restricted_group"])
    assert client.get(url("staff-application-bids", application.reference)).status_code == 200


def test_an_officer_sets_up_automatic_bidding_with_a_reason(client, officer, make_bidder):
    application = make_bidder()
    client.force_login(officer)
    page_url = url("staff-application-auto-bid", application.reference)
    response = client.post(page_url, {"auto-auto_bid": "yes"})
    assert_refused_with_summary(response, "Enter why automatic bidding is being set up")
    assert not BiddingPreference.objects.exists()
    until = timezone.localdate() + dt.timedelta(days=90)
    response = client.post(page_url, {
        "auto-auto_bid": "yes", "auto-auto_bid_reason": "Time-limited emergency award",
        "auto-auto_bid_until_0": until.day, "auto-auto_bid_until_1": until.month,
        "auto-auto_bid_until_2": until.year}, follow=True)
    assert "Automatic bidding is on" in html(response)
    pref = BiddingPreference.objects.get()
    assert (pref.auto_bid, pref.auto_bid_set_by, pref.auto_bid_reason, pref.auto_bid_until,
            pref.updated_by) == (True, "officer", "Time-limited emergency award", until,
                                 officer)
    assert pref.history.first().history_change_reason == (
        "Automatic bidding on, set by an officer: Time-limited emergency award")


# --- The bidding preference service ----------------------------------------------------------

def test_an_applicant_opts_in_to_alerts_and_automatic_bids(make_bidder):
    application = make_bidder()
    user = application.applicant_user
    pref = bidding_preference_set(application=application, actor=user,
                                  data={"alerts_enabled": True, "auto_bid": True,
                                        "areas": [" Millbrook", "Millbrook", ""]})
    assert (pref.alerts_enabled, pref.alerts_email, pref.auto_bid, pref.auto_bid_set_by,
            pref.areas) == (True, user.email, True, "applicant", ["Millbrook"])


def test_an_applicant_cannot_give_a_reason_or_switch_off_what_an_officer_set(make_bidder,
                                                                             officer):
    application = make_bidder()
    user = application.applicant_user
    with pytest.raises(ApplicationError) as refused:
        bidding_preference_set(application=application, actor=user,
                               data={"auto_bid_reason": "I say so"})
    assert "auto_bid_reason" in refused.value.errors
    bidding_preference_set(application=application, actor=officer,
                           data={"auto_bid": True, "auto_bid_reason": "Homeless duty"})
    with pytest.raises(ApplicationError) as refused:
        bidding_preference_set(application=application, actor=user, data={"auto_bid": False})
    assert "Contact us" in refused.value.errors["auto_bid"][0]
    assert BiddingPreference.objects.get().auto_bid is True


def test_the_preference_service_refuses_bad_values_and_other_peoples_applications(
        make_bidder, officer, adviser):
    application = make_bidder()
    with pytest.raises(ApplicationError) as refused:
        bidding_preference_set(application=application, actor=officer, data={
            "alerts_email": "not an email", "auto_bid_until": dt.date(2000, 1, 1),
            "alerts_enabled": "yes"})
    assert set(refused.value.errors) == {"alerts_email", "auto_bid_until", "alerts_enabled"}
    other = UserFactory(username="someone-else", role="applicant")
    for actor in (other, adviser):
        with pytest.raises(ApplicationError):
            bidding_preference_set(application=application, actor=actor,
                                   data={"alerts_enabled": True})
    assert not BiddingPreference.objects.exists()


def test_an_officer_stopping_automatic_bids_needs_a_reason_and_clears_the_end_date(
        make_bidder, officer):
    application = make_bidder()
    until = timezone.localdate() + dt.timedelta(days=30)
    bidding_preference_set(application=application, actor=officer, data={
        "auto_bid": True, "auto_bid_reason": "Homeless duty", "auto_bid_until": until})
    with pytest.raises(ApplicationError) as refused:
        bidding_preference_set(application=application, actor=officer,
                               data={"auto_bid": False, "auto_bid_reason": ""})
    assert refused.value.errors == {"auto_bid_reason": ["Enter why automatic bidding is being "
                                                        "stopped"]}
    pref = bidding_preference_set(application=application, actor=officer, data={
        "auto_bid": False, "auto_bid_reason": "Housed elsewhere"})
    assert (pref.auto_bid, pref.auto_bid_until, pref.auto_bid_set_by) == (False, None,
                                                                          "officer")


# --- Query counts -----------------------------------------------------------------------------

def _constant_queries(client: Any, page: str, make_more: Any, django_assert_num_queries: Any,
                      django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(40) as baseline:
        assert client.get(page).status_code == 200
    make_more()
    with django_assert_num_queries(len(baseline.captured_queries)):
        assert client.get(page).status_code == 200


def test_the_homes_list_runs_a_constant_number_of_queries(client, officer,
                                                          django_assert_num_queries,
                                                          django_assert_max_num_queries):
    client.force_login(officer)
    VoidFactory()

    def more() -> None:
        for _ in range(12):
            VoidFactory(property=PropertyFactory(landlord=PropertyFactory().landlord))
        PropertyFactory.create_batch(5)

    _constant_queries(client, url("staff-properties"), more, django_assert_num_queries,
                      django_assert_max_num_queries)
    _constant_queries(client, url("staff-properties") + "?q=Test&bedrooms=2", lambda: None,
                      django_assert_num_queries, django_assert_max_num_queries)


def test_the_voids_list_runs_a_constant_number_of_queries(client, officer,
                                                          django_assert_num_queries,
                                                          django_assert_max_num_queries):
    client.force_login(officer)
    VoidFactory()

    def more() -> None:
        for status in ("notice", "vacant", "in_works", "ready_to_let") * 4:
            VoidFactory(status=status)

    _constant_queries(client, url("staff-voids"), more, django_assert_num_queries,
                      django_assert_max_num_queries)


def test_the_adverts_list_with_filters_runs_a_constant_number_of_queries(
        client, officer, django_assert_num_queries, django_assert_max_num_queries):
    client.force_login(officer)
    cycle = CycleFactory()
    AdvertFactory(cycle=cycle)

    def more() -> None:
        for _ in range(15):
            BidFactory(advert=AdvertFactory(cycle=cycle))

    _constant_queries(client, url("staff-adverts") + f"?status=live&cycle={cycle.pk}", more,
                      django_assert_num_queries, django_assert_max_num_queries)
