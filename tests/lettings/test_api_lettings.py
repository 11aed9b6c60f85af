"""The lettings API: public adverts, bidding, homes, voids and cycles — who sees what, what is
refused and why, and that refused or bad requests change nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from lettings import selectors
from lettings.api.bids import NO_ADVERT, NO_APPLICATION
from lettings.models import Advert, Bid, Property, PropertyPhoto, Void
from lettings.services import bidding
from tests.factories import (
    AdvertFactory,
    ApplicationFactory,
    CycleFactory,
    PropertyFactory,
    VoidFactory,
)

pytestmark = pytest.mark.django_db

ADVERTS = "/api/v1/adverts/"
BIDS = "/api/v1/bids/"
PROPERTIES = "/api/v1/properties/"
VOIDS = "/api/v1/voids/"
CYCLES = "/api/v1/cycles/"
ROLES = ["anonymous", "applicant", "adviser", "officer", "manager", "provider_user_a",
         "provider_user_b"]
DENIED = {"anonymous", "applicant", "adviser"}


def api(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def as_role(request: Any, role: str) -> APIClient:
    return api(None if role == "anonymous" else request.getfixturevalue(role))


def errors_of(response: Any, status: int) -> dict[str, list[str]]:
    """The error body's field errors, after checking the status and the one error shape."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["detail"]
    return body["errors"]


def refused(response: Any) -> bool:
    return response.status_code in (401, 403)


def references(response: Any) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["reference"] for row in response.json()["results"]}


def closed_cycle() -> Any:
    now = timezone.now()
    return CycleFactory(opens_at=now - dt.timedelta(days=5), closes_at=now - dt.timedelta(hours=1),
                        status="open")


# --- Public adverts ----------------------------------------------------------------------------


def test_anonymous_list_shows_only_adverts_taking_bids_now():
    live = AdvertFactory()
    AdvertFactory(status="draft")
    AdvertFactory(status="approved")
    AdvertFactory(status="withdrawn")
    AdvertFactory(status="closed")
    AdvertFactory(cycle=closed_cycle())  # still "live" but its window has passed
    response = api().get(ADVERTS)
    assert references(response) == {live.reference}
    row = response.json()["results"][0]
    assert row["can_bid"] is None and row["reasons"] == [] and row["bid"] is None
    assert row["bid_count"] is None


def test_anonymous_list_filters_by_area_bedrooms_type_landlord_and_access(provider_a):
    north = AdvertFactory(property=PropertyFactory(area="Northfield", bedrooms=1, bedspaces=2,
                                                   landlord=provider_a))
    house = AdvertFactory(property=PropertyFactory(area="Southbank", property_type="house",
                                                   bedrooms=3, bedspaces=5))
    level = AdvertFactory(property=PropertyFactory(area="Southbank",
                                                   mobility_category="wheelchair"))
    client = api()
    assert references(client.get(ADVERTS, {"area": "northfield"})) == {north.reference}
    assert references(client.get(ADVERTS, {"bedrooms": 3})) == {house.reference}
    assert references(client.get(ADVERTS, {"property_type": "house"})) == {house.reference}
    assert references(client.get(ADVERTS, {"landlord": "rvh"})) == {north.reference}
    assert references(client.get(ADVERTS, {"accessible": "true"})) == {level.reference}
    assert references(client.get(ADVERTS, {"accessible": "false"})) == {
        north.reference, house.reference, level.reference}


def test_bad_advert_filters_are_400_with_field_errors():
    AdvertFactory()
    errors = errors_of(api().get(ADVERTS, {"bedrooms": "three", "property_type": "castle",
                                           "landlord": "NOPE", "accessible": "maybe"}), 400)
    assert set(errors) == {"bedrooms", "property_type", "landlord", "accessible"}
    assert errors["landlord"] == ["There is no landlord with the code “NOPE”."]
    assert set(errors_of(api().get(ADVERTS, {"bedrooms": 10**30}), 400)) == {"bedrooms"}


def test_status_and_cycle_filters_are_for_staff_and_landlords_only(applicant):
    errors = errors_of(api(applicant).get(ADVERTS, {"status": "draft", "cycle": 1}), 400)
    assert set(errors) == {"status", "cycle"}


def test_staff_see_every_advert_and_filter_by_status_and_cycle(officer):
    live = AdvertFactory()
    draft = AdvertFactory(status="draft")
    other_cycle = AdvertFactory(status="closed", cycle=closed_cycle())
    Bid.objects.create(application=ApplicationFactory(), advert=live,
                       placed_at=timezone.now())
    client = api(officer)
    response = client.get(ADVERTS)
    assert references(response) == {live.reference, draft.reference, other_cycle.reference}
    counts = {row["reference"]: row["bid_count"] for row in response.json()["results"]}
    assert counts[live.reference] == 1 and counts[draft.reference] == 0
    assert references(client.get(ADVERTS, {"status": "draft"})) == {draft.reference}
    assert references(client.get(ADVERTS, {"cycle": other_cycle.cycle_id})) == {
        other_cycle.reference}
    assert set(errors_of(client.get(ADVERTS, {"status": "nonsense"}), 400)) == {"status"}


def test_provider_users_see_only_their_own_organisations_adverts(provider_a, provider_b,
                                                                provider_user_a,
                                                                provider_user_b):
    draft_a = AdvertFactory(status="draft", property=PropertyFactory(landlord=provider_a))
    live_b = AdvertFactory(property=PropertyFactory(landlord=provider_b))
    draft_b = AdvertFactory(status="draft", property=PropertyFactory(landlord=provider_b))
    assert references(api(provider_user_a).get(ADVERTS)) == {draft_a.reference}
    assert references(api(provider_user_b).get(ADVERTS)) == {live_b.reference,
                                                             draft_b.reference}
    client = api(provider_user_b)
    assert client.get(f"{ADVERTS}{draft_a.pk}/").status_code == 404
    assert client.get(f"{ADVERTS}{draft_b.pk}/").status_code == 200
    # A live advert is public, so anyone may read it by id.
    assert api(provider_user_a).get(f"{ADVERTS}{live_b.pk}/").status_code == 200


def test_anonymous_advert_detail_shows_a_live_or_closed_advert_and_hides_the_rest(provider_a):
    prop = PropertyFactory(landlord=provider_a, address_line_1="4 Mill Lane", postcode="BF2 3CD",
                           area="Millbrook", weekly_rent=Decimal("98.50"),
                           service_charge=Decimal("6.25"), tenancy_type_offered="assured")
    live = AdvertFactory(property=prop, allowed_sizes=[1, 2], landlord_rules=["no_children"])
    PropertyPhoto.objects.create(property=prop, token="abc123", image="property-photos/x/abc123",
                                 content_type="image/jpeg", alt_text="The kitchen")
    client = api()
    response = client.get(f"{ADVERTS}{live.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == live.reference and body["status"] == "live"
    assert body["window"]["opens_at"] and body["window"]["closes_at"]
    assert body["property"]["address_line_1"] == "4 Mill Lane"
    assert body["property"]["postcode"] == "BF2 3CD"
    assert body["property"]["area"] == "Millbrook"
    assert "sensitive_let" not in body["property"]
    assert body["landlord"] == {"code": "RVH", "name": "Riverside Vale Housing"}
    assert (body["weekly_rent"], body["service_charge"], body["weekly_total"]) == (
        "98.50", "6.25", "104.75")
    assert body["tenancy_type"] == "assured"
    assert body["criteria"]["allowed_sizes"] == [1, 2]
    assert body["criteria"]["landlord_rules"] == ["no_children"]
    assert body["criteria"]["local_lettings_plan"] is None
    assert body["photos"] == [{"url": f"http://testserver/homes/{live.reference}/photos/abc123/",
                               "alt_text": "The kitchen"}]
    assert body["can_bid"] is None

    closed = AdvertFactory(status="closed", cycle=closed_cycle())
    assert client.get(f"{ADVERTS}{closed.pk}/").status_code == 200
    for status in ("draft", "approved", "withdrawn"):
        hidden = AdvertFactory(status=status)
        errors_of(client.get(f"{ADVERTS}{hidden.pk}/"), 404)
    errors_of(client.get(f"{ADVERTS}999999/"), 404)
    errors_of(client.get(f"{ADVERTS}{10**15}/"), 404)


def test_advert_detail_tells_an_unsuitable_applicant_every_reason(make_bidder):
    application = make_bidder(sizes=(1,), lead_age=30)
    advert = AdvertFactory(
        property=PropertyFactory(bedrooms=3, bedspaces=5, designation="older_persons"),
        min_age=60, label="transfer")
    response = api(application.applicant_user).get(f"{ADVERTS}{advert.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["can_bid"] is False
    expected = selectors.bid_validity(application, advert).messages
    assert body["reasons"] == expected
    assert "This home has 3 bedrooms. You can bid for 1-bedroom homes." in body["reasons"]
    assert "This home is for people aged 60 or over." in body["reasons"]
    assert any("only for existing council or housing association tenants" in reason
               for reason in body["reasons"])
    assert body["bid"] is None


def test_advert_detail_shows_a_suitable_applicant_their_bid_and_place_in_the_queue(make_bidder):
    advert = AdvertFactory()
    first = make_bidder(band="C")
    higher = make_bidder(band="A")
    bidding.bid_place(application=first, advert=advert, actor=first.applicant_user)
    response = api(first.applicant_user).get(f"{ADVERTS}{advert.pk}/")
    body = response.json()
    assert body["can_bid"] is False
    assert body["reasons"] == ["You have already bid for this home."]
    assert body["bid"]["status"] == "placed" and body["bid"]["position"] == 1
    bidding.bid_place(application=higher, advert=advert, actor=higher.applicant_user)
    assert api(first.applicant_user).get(f"{ADVERTS}{advert.pk}/").json()["bid"][
        "position"] == 2
    other = AdvertFactory()
    body = api(first.applicant_user).get(f"{ADVERTS}{other.pk}/").json()
    assert body["can_bid"] is True and body["reasons"] == [] and body["bid"] is None


def test_advert_list_takes_the_same_queries_for_many_adverts(make_bidder, officer,
                                                             django_assert_num_queries,
                                                             django_assert_max_num_queries):
    application = make_bidder()
    AdvertFactory()
    for user in (None, application.applicant_user, officer):
        client = api(user)
        with django_assert_max_num_queries(40) as baseline:
            assert client.get(ADVERTS).status_code == 200
        AdvertFactory.create_batch(4)
        with django_assert_num_queries(len(baseline.captured_queries)):
            assert client.get(ADVERTS).status_code == 200


# --- Bids ----------------------------------------------------------------------------------------


def bid(client: APIClient, advert: Advert, application: Any = None) -> Any:
    body: dict[str, Any] = {"advert": advert.pk}
    if application is not None:
        body["application"] = application.reference
    return client.post(BIDS, body, format="json")


def test_applicant_places_a_bid_and_is_told_their_place_in_the_queue(make_bidder):
    application = make_bidder()
    advert = AdvertFactory()
    response = bid(api(application.applicant_user), advert, application)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["advert"]["id"] == advert.pk
    assert body["advert"]["reference"] == advert.reference
    assert body["application"] == application.reference
    assert (body["status"], body["placed_by"], body["channel"]) == ("placed", "applicant", "api")
    assert body["placed_at"] and body["position"] == 1 and body["bid_count"] == 1
    assert body["can_withdraw"] is True
    saved = Bid.objects.get(pk=body["id"])
    assert saved.application == application and saved.placed_by_user == application.applicant_user


def test_applicant_bid_uses_their_own_application_when_none_is_named(make_bidder):
    application = make_bidder()
    response = bid(api(application.applicant_user), AdvertFactory())
    assert response.status_code == 201, response.content
    assert response.json()["application"] == application.reference


def test_a_second_bid_on_the_same_home_is_a_conflict(make_bidder):
    application = make_bidder()
    advert = AdvertFactory()
    client = api(application.applicant_user)
    assert bid(client, advert, application).status_code == 201
    errors = errors_of(bid(client, advert, application), 409)
    assert errors["advert"] == ["You have already bid for this home."]
    assert Bid.objects.filter(application=application).count() == 1


def test_a_bid_over_the_limit_is_a_conflict_and_nothing_is_placed(make_bidder):
    application = make_bidder()
    client = api(application.applicant_user)
    for advert in AdvertFactory.create_batch(3):
        assert bid(client, advert, application).status_code == 201
    errors = errors_of(bid(client, AdvertFactory(), application), 409)
    assert errors["advert"] == ["You already have 3 live bids, the most you can have at one "
                                "time. Withdraw one to bid for this home."]
    assert Bid.objects.filter(application=application).count() == 3


def test_an_ineligible_bid_is_400_with_every_reason(make_bidder):
    application = make_bidder(sizes=(1,), lead_age=30)
    advert = AdvertFactory(property=PropertyFactory(designation="older_persons"), min_age=60)
    errors = errors_of(bid(api(application.applicant_user), advert, application), 400)
    assert errors["advert"] == selectors.bid_validity(application, advert).messages
    assert len(errors["advert"]) == 2
    assert not Bid.objects.exists()


def test_a_bid_after_bidding_closed_is_a_conflict(make_bidder):
    application = make_bidder()
    client = api(application.applicant_user)
    late = AdvertFactory(cycle=closed_cycle())
    errors = errors_of(bid(client, late, application), 409)
    assert errors["advert"][0].startswith("Bidding for this home closed on")
    closed = AdvertFactory(status="closed", cycle=closed_cycle())
    errors_of(bid(client, closed, application), 409)
    assert not Bid.objects.exists()


def test_staff_bid_on_an_applicants_behalf_is_recorded_as_placed_by_an_officer(make_bidder,
                                                                              officer):
    application = make_bidder()
    response = bid(api(officer), AdvertFactory(), application)
    assert response.status_code == 201, response.content
    assert response.json()["placed_by"] == "officer"
    saved = Bid.objects.get()
    assert (saved.placed_by_user, saved.channel) == (officer, "api")


def test_staff_must_say_which_application_to_bid_for(officer):
    errors = errors_of(bid(api(officer), AdvertFactory()), 400)
    assert set(errors) == {"application"}


def test_an_applicant_cannot_bid_for_someone_elses_application(make_bidder):
    mine = make_bidder()
    theirs = make_bidder()
    advert = AdvertFactory()
    client = api(mine.applicant_user)
    refused_other = client.post(BIDS, {"advert": advert.pk, "application": theirs.reference},
                                format="json")
    refused_missing = client.post(BIDS, {"advert": advert.pk, "application": "HR-NOPE"},
                                  format="json")
    assert errors_of(refused_other, 400) == {"application": [NO_APPLICATION]}
    assert refused_other.json() == refused_missing.json()
    assert not Bid.objects.exists()


def test_an_advert_the_public_cannot_see_is_refused_as_if_missing(make_bidder):
    application = make_bidder()
    draft = AdvertFactory(status="draft")
    client = api(application.applicant_user)
    hidden = bid(client, draft, application)
    missing = client.post(BIDS, {"advert": 99999999, "application": application.reference},
                          format="json")
    assert errors_of(hidden, 400) == {"advert": [NO_ADVERT]}
    assert hidden.json() == missing.json()
    assert not Bid.objects.exists()


@pytest.mark.parametrize("body", [
    {},
    {"advert": "abc"},
    {"advert": 10**20},
    {"advert": -1},
    {"advert": 1.5},
    {"advert": [1]},
    {"advert": 1, "application": ["HR-1"]},
    {"advert": 1, "application": "x" * 500},
])
def test_malformed_bids_are_400_and_place_nothing(make_bidder, body):
    application = make_bidder()
    AdvertFactory()
    errors = errors_of(api(application.applicant_user).post(BIDS, body, format="json"), 400)
    assert errors
    assert not Bid.objects.exists()


def test_a_bid_that_is_not_json_is_400(make_bidder):
    application = make_bidder()
    response = api(application.applicant_user).post(BIDS, "{not json",
                                                     content_type="application/json")
    errors_of(response, 400)
    assert not Bid.objects.exists()


def test_withdrawing_a_bid_frees_its_slot(make_bidder):
    application = make_bidder()
    client = api(application.applicant_user)
    ids = [bid(client, advert, application).json()["id"]
           for advert in AdvertFactory.create_batch(3)]
    spare = AdvertFactory()
    errors_of(bid(client, spare, application), 409)
    response = client.delete(f"{BIDS}{ids[0]}/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "withdrawn"
    assert response.json()["withdrawn_at"]
    assert client.get(BIDS).json()["allowance"] == {"limit": 3, "scope": "live", "used": 2,
                                                    "left": 1}
    assert bid(client, spare, application).status_code == 201


def test_a_bid_cannot_be_withdrawn_after_bidding_closes(make_bidder):
    application = make_bidder()
    advert = AdvertFactory()
    placed = bidding.bid_place(application=application, advert=advert,
                               actor=application.applicant_user)
    Advert.objects.filter(pk=advert.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    errors_of(api(application.applicant_user).delete(f"{BIDS}{placed.pk}/"), 409)
    placed.refresh_from_db()
    assert placed.status == "placed"


def test_someone_elses_bid_is_not_found(make_bidder, provider_user_a):
    mine = make_bidder()
    theirs = make_bidder()
    advert = AdvertFactory()
    their_bid = bidding.bid_place(application=theirs, advert=advert,
                                  actor=theirs.applicant_user)
    client = api(mine.applicant_user)
    errors_of(client.get(f"{BIDS}{their_bid.pk}/"), 404)
    errors_of(client.delete(f"{BIDS}{their_bid.pk}/"), 404)
    errors_of(client.delete(f"{BIDS}{10**15}/"), 404)
    assert refused(api(provider_user_a).delete(f"{BIDS}{their_bid.pk}/"))
    their_bid.refresh_from_db()
    assert their_bid.status == "placed"


def test_applicants_list_only_their_own_bids_with_positions_and_allowance(make_bidder):
    mine = make_bidder(band="C")
    theirs = make_bidder(band="A")
    shared, only_mine = AdvertFactory(), AdvertFactory()
    for application, advert in ((mine, shared), (mine, only_mine), (theirs, shared)):
        bidding.bid_place(application=application, advert=advert,
                          actor=application.applicant_user)
    response = api(mine.applicant_user).get(BIDS)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {row["application"] for row in body["results"]} == {mine.reference}
    positions = {row["advert"]["id"]: (row["position"], row["bid_count"])
                 for row in body["results"]}
    assert positions == {shared.pk: (2, 2), only_mine.pk: (1, 1)}
    assert body["allowance"] == {"limit": 3, "scope": "live", "used": 2, "left": 1}
    # Naming someone else's application finds nothing.
    other = api(mine.applicant_user).get(BIDS, {"application": theirs.reference}).json()
    assert other["count"] == 0 and other["allowance"] is None


def test_staff_list_bids_by_application_and_advert(make_bidder, officer):
    first, second = make_bidder(), make_bidder()
    advert, other = AdvertFactory(), AdvertFactory()
    for application, on in ((first, advert), (second, advert), (first, other)):
        bidding.bid_place(application=application, advert=on, actor=officer)
    client = api(officer)
    everything = client.get(BIDS).json()
    assert everything["count"] == 3 and everything["allowance"] is None
    by_application = client.get(BIDS, {"application": first.reference}).json()
    assert by_application["count"] == 2
    assert by_application["allowance"]["used"] == 2
    by_advert = client.get(BIDS, {"advert": advert.pk}).json()
    assert {row["application"] for row in by_advert["results"]} == {first.reference,
                                                                    second.reference}
    assert sorted(row["position"] for row in by_advert["results"]) == [1, 2]
    assert set(errors_of(client.get(BIDS, {"advert": "abc", "status": "x"}), 400)) == {
        "advert", "status"}


@pytest.mark.parametrize("role", ["anonymous", "adviser", "provider_user_a"])
def test_bids_are_only_for_applicants_and_lettings_staff(request, role, make_bidder):
    application = make_bidder()
    advert = AdvertFactory()
    client = as_role(request, role)
    assert refused(client.get(BIDS))
    assert refused(bid(client, advert, application))
    assert not Bid.objects.exists()


# --- Homes: who sees and changes what -------------------------------------------------------------


@pytest.fixture
def stock(provider_a, provider_b) -> dict[str, Any]:
    home_a = PropertyFactory(landlord=provider_a, reference="RVH-0001", area="Northfield")
    home_b = PropertyFactory(landlord=provider_b, reference="NGH-0001", area="Southbank")
    return {
        "home_a": home_a, "home_b": home_b,
        "spare_a": PropertyFactory(landlord=provider_a, reference="RVH-0002"),
        "void_a": VoidFactory(property=home_a, status="notice", keys_returned_date=None,
                              ready_to_let_date=None),
        "void_b": VoidFactory(property=home_b, status="notice", keys_returned_date=None,
                              ready_to_let_date=None),
    }


SEES = {"officer": {"A", "B"}, "manager": {"A", "B"}, "provider_user_a": {"A"},
        "provider_user_b": {"B"}}


@pytest.mark.parametrize("role", ROLES)
def test_property_list_by_role(request, stock, role):
    response = as_role(request, role).get(PROPERTIES)
    if role in DENIED:
        assert refused(response)
        return
    wanted = {f"{'RVH' if side == 'A' else 'NGH'}-0001" for side in SEES[role]}
    if "A" in SEES[role]:
        wanted.add("RVH-0002")
    assert references(response) == wanted


def test_property_list_filters_and_refuses_bad_filters(officer, stock):
    client = api(officer)
    assert references(client.get(PROPERTIES, {"landlord": "ngh"})) == {"NGH-0001"}
    assert references(client.get(PROPERTIES, {"area": "northfield"})) == {"RVH-0001"}
    assert references(client.get(PROPERTIES, {"bedrooms": 4})) == set()
    errors = errors_of(client.get(PROPERTIES, {"bedrooms": "lots", "property_type": "tent"}),
                       400)
    assert set(errors) == {"bedrooms", "property_type"}


def test_stock_lists_take_the_same_queries_for_many_homes(officer, stock,
                                                          django_assert_num_queries,
                                                          django_assert_max_num_queries):
    client = api(officer)
    for url in (PROPERTIES, VOIDS, CYCLES):
        with django_assert_max_num_queries(20) as baseline:
            assert client.get(url).status_code == 200
        for void in VoidFactory.create_batch(3):
            AdvertFactory(property=void.property, void=void)
        with django_assert_num_queries(len(baseline.captured_queries)):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_property_detail_and_change_by_role(request, stock, role):
    client = as_role(request, role)
    home_a = stock["home_a"]
    url = f"{PROPERTIES}{home_a.pk}/"
    shown = client.get(url)
    changed = client.patch(url, {"area": "Changed"}, format="json")
    home_a.refresh_from_db()
    if role in DENIED:
        assert refused(shown) and refused(changed)
        assert home_a.area == "Northfield"
    elif "A" in SEES[role]:
        assert shown.status_code == 200 and shown.json()["reference"] == "RVH-0001"
        assert changed.status_code == 200 and changed.json()["area"] == "Changed"
        assert home_a.area == "Changed"
    else:
        errors_of(shown, 404)
        errors_of(changed, 404)
        assert home_a.area == "Northfield"


def _new_home(**overrides: Any) -> dict[str, Any]:
    return {"reference": "NEW-0001", "address_line_1": "1 New Road", "town": "Brackenfield",
            "postcode": "bf1 9zz", "property_type": "flat", "bedrooms": 1, "bedspaces": 2,
            "weekly_rent": "95.00", **overrides}


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_home_for_provider_a_by_role(request, stock, role):
    response = as_role(request, role).post(PROPERTIES, _new_home(landlord="RVH"), format="json")
    if role in DENIED or role == "provider_user_b":
        assert response.status_code in (401, 403), response.content
        assert not Property.objects.filter(reference="NEW-0001").exists()
        return
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["landlord"]["code"] == "RVH" and body["postcode"] == "BF1 9ZZ"
    assert body["landlord_type"] == "PRP" and body["weekly_total"] == "95.00"


def test_a_provider_users_new_home_belongs_to_their_organisation(provider_user_b):
    response = api(provider_user_b).post(PROPERTIES, _new_home(), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["landlord"]["code"] == "NGH"


def test_a_provider_user_cannot_give_their_home_to_another_organisation(stock, provider_user_b):
    home_b = stock["home_b"]
    response = api(provider_user_b).patch(f"{PROPERTIES}{home_b.pk}/", {"landlord": "RVH"},
                                          format="json")
    assert refused(response)
    home_b.refresh_from_db()
    assert home_b.landlord.code == "NGH"


def test_staff_must_name_the_landlord_of_a_new_home(officer):
    errors = errors_of(api(officer).post(PROPERTIES, _new_home(), format="json"), 400)
    assert set(errors) == {"landlord"}


@pytest.mark.parametrize(("change", "fields"), [
    ({"weekly_rent": "-5"}, {"weekly_rent"}),
    ({"weekly_rent": "1e10"}, {"weekly_rent"}),
    ({"weekly_rent": "NaN"}, {"weekly_rent"}),
    ({"weekly_rent": "12.345"}, {"weekly_rent"}),
    ({"bedrooms": "three"}, {"bedrooms"}),
    ({"bedrooms": 10**30}, {"bedrooms"}),
    ({"bedspaces": 10**12}, {"bedspaces"}),
    ({"landlord": "NOPE"}, {"landlord"}),
    ({"managing_org": "NOPE"}, {"managing_org"}),
    ({"postcode": "not a postcode"}, {"postcode"}),
    ({"property_type": "castle"}, {"property_type"}),
    ({"uprn": "12ab"}, {"uprn"}),
    ({"reference": ""}, {"reference"}),
    ({"bedrooms": 3, "bedspaces": 2}, {"bedspaces"}),
    ({"min_occupancy": 5}, {"min_occupancy"}),
    ({"adaptations": "ramp"}, {"adaptations"}),
    ({"council_tax_band": "Z"}, {"council_tax_band"}),
])
def test_bad_home_details_are_400_and_add_nothing(officer, provider_a, change, fields):
    response = api(officer).post(PROPERTIES, _new_home(**{"landlord": "RVH", **change}),
                                 format="json")
    assert set(errors_of(response, 400)) == fields
    assert not Property.objects.exists()


def test_bad_changes_to_a_home_are_400_and_change_nothing(officer, stock):
    home = stock["home_a"]
    client = api(officer)
    url = f"{PROPERTIES}{home.pk}/"
    errors = errors_of(client.patch(url, {"weekly_rent": "-1", "bedspaces": "many"},
                                    format="json"), 400)
    assert set(errors) == {"weekly_rent", "bedspaces"}
    assert errors["weekly_rent"] == ["The weekly rent cannot be less than £0"]
    errors = errors_of(client.patch(url, {"bedspaces": 1}, format="json"), 400)
    assert errors["bedspaces"] == ["A home with 2 bedrooms has at least 2 bedspaces"]
    assert client.patch(url, {"reference": "NGH-0001"}, format="json").status_code in (400, 409)
    errors_of(client.patch(url, "{oops", content_type="application/json"), 400)
    fresh = Property.objects.get(pk=home.pk)
    assert (fresh.weekly_rent, fresh.bedspaces, fresh.reference) == (
        home.weekly_rent, home.bedspaces, "RVH-0001")


# --- Voids ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_void_list_and_detail_by_role(request, stock, role):
    client = as_role(request, role)
    listed = client.get(VOIDS)
    shown = client.get(f"{VOIDS}{stock['void_a'].pk}/")
    if role in DENIED:
        assert refused(listed) and refused(shown)
        return
    assert listed.status_code == 200
    homes = {row["property"]["reference"] for row in listed.json()["results"]}
    assert homes == {"RVH-0001" if side == "A" else "NGH-0001" for side in SEES[role]}
    if "A" in SEES[role]:
        assert shown.status_code == 200 and shown.json()["status"] == "notice"
    else:
        errors_of(shown, 404)


@pytest.mark.parametrize("role", ROLES)
def test_void_change_and_transition_by_role(request, stock, role):
    client = as_role(request, role)
    void = stock["void_a"]
    notice = (timezone.localdate() - dt.timedelta(days=10)).isoformat()
    changed = client.patch(f"{VOIDS}{void.pk}/", {"notice_received_date": notice},
                           format="json")
    moved = client.post(f"{VOIDS}{void.pk}/transition/", {"status": "vacant"}, format="json")
    void.refresh_from_db()
    if role in DENIED:
        assert refused(changed) and refused(moved)
        assert (void.status, void.notice_received_date) == ("notice", None)
    elif "A" in SEES[role]:
        assert changed.status_code == 200, changed.content
        assert moved.status_code == 200, moved.content
        assert moved.json()["status"] == "vacant"
        assert (void.status, void.notice_received_date.isoformat()) == ("vacant", notice)
        assert void.keys_returned_date == timezone.localdate()
    else:
        errors_of(changed, 404)
        errors_of(moved, 404)
        assert (void.status, void.notice_received_date) == ("notice", None)


@pytest.mark.parametrize("role", ROLES)
def test_recording_a_void_on_provider_as_home_by_role(request, stock, role):
    spare = stock["spare_a"]
    response = as_role(request, role).post(
        VOIDS, {"property": spare.pk, "reason_vacant": "tenant_notice"}, format="json")
    if role in DENIED:
        assert refused(response)
    elif "A" in SEES[role]:
        assert response.status_code == 201, response.content
        assert response.json()["property"]["id"] == spare.pk
        return
    else:
        # Someone else's home is refused exactly like a home that does not exist.
        assert errors_of(response, 400) == {"property": ["There is no home with that id."]}
    assert not Void.objects.filter(property=spare).exists()


def test_a_void_with_the_keys_back_starts_as_vacant_and_a_second_open_void_conflicts(officer,
                                                                                    stock):
    client = api(officer)
    keys = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    response = client.post(VOIDS, {"property": stock["spare_a"].pk, "reason_vacant": "death",
                                   "keys_returned_date": keys}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "vacant"
    assert response.json()["void_days"] == 3
    again = client.post(VOIDS, {"property": stock["spare_a"].pk, "reason_vacant": "death"},
                        format="json")
    assert set(errors_of(again, 409)) == {"property"}
    assert Void.objects.filter(property=stock["spare_a"]).count() == 1


@pytest.mark.parametrize(("body", "fields"), [
    ({"reason_vacant": "bored"}, {"reason_vacant"}),
    ({}, {"reason_vacant"}),
    ({"reason_vacant": "death", "keys_returned_date": "2026-02-30"}, {"keys_returned_date"}),
    ({"reason_vacant": "death", "keys_returned_date": "yesterday"}, {"keys_returned_date"}),
    ({"reason_vacant": "death", "works_ordered_date": "2025-05-02",
      "works_completed_date": "2025-05-01"}, {"works_completed_date"}),
    ({"reason_vacant": "death", "keys_returned_date": "2999-01-01"}, {"keys_returned_date"}),
    ({"reason_vacant": "new_build", "tenancy_end_date": "2025-01-01"}, {"tenancy_end_date"}),
])
def test_bad_void_details_are_400_and_record_nothing(officer, stock, body, fields):
    response = api(officer).post(VOIDS, {"property": stock["spare_a"].pk, **body},
                                 format="json")
    assert set(errors_of(response, 400)) == fields
    assert not Void.objects.filter(property=stock["spare_a"]).exists()


@pytest.mark.parametrize("prop", ["abc", 10**20, None, -3])
def test_a_void_needs_a_real_home_id(officer, stock, prop):
    response = api(officer).post(VOIDS, {"property": prop, "reason_vacant": "death"},
                                 format="json")
    assert set(errors_of(response, 400)) == {"property"}


def test_void_moves_follow_the_lifecycle(officer, stock):
    client = api(officer)
    void = stock["void_a"]
    url = f"{VOIDS}{void.pk}/transition/"
    assert client.post(url, {"status": "in_works"}, format="json").status_code == 200
    ready = client.post(url, {"status": "ready_to_let"}, format="json")
    assert ready.status_code == 200 and ready.json()["status"] == "ready_to_let"
    assert "vacant" not in ready.json()["next_statuses"]
    assert set(errors_of(client.post(url, {"status": "vacant"}, format="json"), 409)) == {
        "status"}
    # Advertised, offered and let are recorded by adverts, offers and sign-ups, not here.
    assert set(errors_of(client.post(url, {"status": "advertised"}, format="json"), 400)) == {
        "status"}
    void.refresh_from_db()
    assert void.status == "ready_to_let"


def test_ending_a_void_needs_a_reason_and_a_real_past_date(officer, stock):
    client = api(officer)
    void = stock["void_a"]
    url = f"{VOIDS}{void.pk}/transition/"
    assert set(errors_of(client.post(url, {"status": "withdrawn"}, format="json"), 400)) == {
        "reason"}
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    for date in (tomorrow, "2026-13-01"):
        errors = errors_of(client.post(url, {"status": "withdrawn", "reason": "Stays",
                                             "date": date}, format="json"), 400)
        assert set(errors) == {"date"}
    void.refresh_from_db()
    assert void.status == "notice"
    ended = client.post(url, {"status": "withdrawn", "reason": "The tenant is staying"},
                        format="json")
    assert ended.status_code == 200
    assert ended.json()["end_reason"] == "The tenant is staying"
    # A finished void's dates can no longer change.
    errors_of(client.patch(f"{VOIDS}{void.pk}/", {"notice_received_date": "2025-01-01"},
                           format="json"), 409)


def test_bad_void_changes_are_400_and_change_nothing(officer, stock):
    void = stock["void_a"]
    client = api(officer)
    url = f"{VOIDS}{void.pk}/"
    errors_of(client.patch(url, {"works_ordered_date": "2025-05-02",
                                 "works_completed_date": "2025-05-01"}, format="json"), 400)
    errors_of(client.patch(url, {"void_type": "huge"}, format="json"), 400)
    # Fields that are not the void's details are refused, not quietly ignored.
    errors = errors_of(client.patch(url, {"status": "let", "times_offered": 9}, format="json"),
                       400)
    assert set(errors) == {"status", "times_offered"}
    void.refresh_from_db()
    assert (void.works_ordered_date, void.void_type) == (None, "standard")
    assert (void.status, void.times_offered) == ("notice", 0)


def test_void_list_filters_by_status_and_home(officer, stock):
    client = api(officer)
    listed = client.get(VOIDS, {"property": stock["home_b"].pk}).json()
    assert [row["id"] for row in listed["results"]] == [stock["void_b"].pk]
    assert client.get(VOIDS, {"status": "let"}).json()["count"] == 0
    assert set(errors_of(client.get(VOIDS, {"status": "gone", "property": "x"}), 400)) == {
        "status", "property"}


# --- Cycles --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_cycles_are_for_lettings_staff_only(request, role):
    cycle = CycleFactory()
    client = as_role(request, role)
    listed = client.get(CYCLES)
    shown = client.get(f"{CYCLES}{cycle.pk}/")
    if role in ("officer", "manager"):
        assert listed.status_code == 200 and shown.status_code == 200
    else:
        assert refused(listed) and refused(shown)


def test_cycles_show_their_advert_counts(officer):
    cycle = CycleFactory()
    AdvertFactory.create_batch(2, cycle=cycle)
    AdvertFactory(cycle=cycle, status="closed")
    empty = CycleFactory(opens_at=timezone.now() + dt.timedelta(days=7),
                         closes_at=timezone.now() + dt.timedelta(days=11), status="scheduled")
    client = api(officer)
    body = client.get(f"{CYCLES}{cycle.pk}/").json()
    assert body["advert_count"] == 3
    assert body["adverts_by_status"] == {"live": 2, "closed": 1}
    rows = {row["id"]: row for row in client.get(CYCLES).json()["results"]}
    assert rows[empty.pk]["advert_count"] == 0
    assert [row["id"] for row in client.get(CYCLES, {"status": "scheduled"}).json()[
        "results"]] == [empty.pk]
    errors_of(client.get(f"{CYCLES}999999/"), 404)
    assert set(errors_of(client.get(CYCLES, {"status": "nope"}), 400)) == {"status"}


# --- The schema ----------------------------------------------------------------------------------


def test_the_schema_documents_every_lettings_endpoint():
    paths = api().get("/api/schema/", {"format": "json"}).json()["paths"]
    for path, methods in {
        "/api/v1/adverts/": {"get"}, "/api/v1/adverts/{id}/": {"get"},
        "/api/v1/bids/": {"get", "post"}, "/api/v1/bids/{id}/": {"get", "delete"},
        "/api/v1/properties/": {"get", "post"}, "/api/v1/properties/{id}/": {"get", "patch"},
        "/api/v1/voids/": {"get", "post"}, "/api/v1/voids/{id}/": {"get", "patch"},
        "/api/v1/voids/{id}/transition/": {"post"},
        "/api/v1/cycles/": {"get"}, "/api/v1/cycles/{id}/": {"get"},
    }.items():
        assert methods <= set(paths[path]), path
        for method in methods:
            assert paths[path][method]["description"], (path, method)
