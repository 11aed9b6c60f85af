"""A registered provider's users see and change only their own organisation's homes, voids and
adverts — those it owns and those it manages for someone else (``lettings.policies``; STYLE
"Permissions"). Lettings staff see all; applicants and medical advisers see none."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

import pytest

from housing.core.exceptions import ApplicationError
from lettings import policies
from lettings.models import Property, Void
from lettings.services.stock import (
    property_create,
    property_update,
    void_create,
    void_transition,
    void_update,
)
from tests.factories import AdvertFactory, BidFactory, PropertyFactory, VoidFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stock(council, provider_a, provider_b) -> dict[str, Any]:
    """Homes owned by provider A, owned by the council but managed by provider A, and owned by
    provider B; each with a void and an advert."""
    homes = {
        "a_owns": PropertyFactory(landlord=provider_a),
        "a_manages": PropertyFactory(landlord=council, managing_org=provider_a),
        "b_owns": PropertyFactory(landlord=provider_b),
    }
    voids = {name: VoidFactory(property=prop) for name, prop in homes.items()}
    adverts = {name: AdvertFactory(property=prop, void=voids[name])
               for name, prop in homes.items()}
    return {"homes": homes, "voids": voids, "adverts": adverts}


def _ids(objects: Any) -> set[int]:
    return {obj.pk for obj in objects}


def home_data(**changes: Any) -> dict[str, Any]:
    return {"reference": "RVH-1", "address_line_1": "3 Quay Street", "town": "Brackenfield",
            "postcode": "BF2 1AA", "property_type": "house", "bedrooms": 3, "bedspaces": 5,
            "weekly_rent": Decimal("120.00"), **changes}


def test_provider_user_sees_only_homes_their_organisation_owns_or_manages(stock,
                                                                            provider_user_a):
    mine = {stock["homes"]["a_owns"].pk, stock["homes"]["a_manages"].pk}

    assert _ids(policies.properties_visible_to(provider_user_a)) == mine
    assert _ids(policies.voids_visible_to(provider_user_a)) == {
        stock["voids"]["a_owns"].pk, stock["voids"]["a_manages"].pk}
    assert _ids(policies.adverts_visible_to(provider_user_a)) == {
        stock["adverts"]["a_owns"].pk, stock["adverts"]["a_manages"].pk}


def test_the_other_provider_sees_only_its_own(stock, provider_user_b):
    assert _ids(policies.properties_visible_to(provider_user_b)) == {
        stock["homes"]["b_owns"].pk}
    assert _ids(policies.voids_visible_to(provider_user_b)) == {stock["voids"]["b_owns"].pk}
    assert _ids(policies.adverts_visible_to(provider_user_b)) == {
        stock["adverts"]["b_owns"].pk}


@pytest.mark.parametrize("role", ["officer", "manager", "admin_user"])
def test_lettings_staff_see_all_stock(stock, role, request):
    user = request.getfixturevalue(role)

    assert _ids(policies.properties_visible_to(user)) == _ids(stock["homes"].values())
    assert _ids(policies.voids_visible_to(user)) == _ids(stock["voids"].values())
    assert _ids(policies.adverts_visible_to(user)) == _ids(stock["adverts"].values())


@pytest.mark.parametrize("role", ["applicant", "adviser"])
def test_applicants_and_advisers_see_no_stock(stock, role, request):
    user = request.getfixturevalue(role)

    assert not policies.properties_visible_to(user).exists()
    assert not policies.voids_visible_to(user).exists()
    assert not policies.adverts_visible_to(user).exists()
    assert not policies.cycles_visible_to(user).exists()


def test_provider_users_see_no_cycles_or_bids(stock, provider_user_a):
    BidFactory(advert=stock["adverts"]["a_owns"])

    assert not policies.cycles_visible_to(provider_user_a).exists()
    assert not policies.bids_visible_to(provider_user_a).exists()


def test_provider_user_updates_a_home_their_organisation_manages(stock, provider_user_a):
    prop = stock["homes"]["a_manages"]

    updated = property_update(prop=prop, actor=provider_user_a, data={"area": "Riverside"})

    assert updated.area == "Riverside"


def test_provider_user_cannot_update_another_providers_home(stock, provider_user_a):
    prop = stock["homes"]["b_owns"]

    with pytest.raises(ApplicationError) as exc:
        property_update(prop=prop, actor=provider_user_a, data={"area": "Riverside"})

    assert exc.value.message == "You cannot change this home."
    prop.refresh_from_db()
    assert prop.area == ""


def test_provider_user_cannot_give_their_home_to_another_provider(stock, provider_user_a,
                                                                  provider_b):
    prop = stock["homes"]["a_owns"]

    with pytest.raises(ApplicationError) as exc:
        property_update(prop=prop, actor=provider_user_a, data={"landlord": provider_b})

    assert exc.value.errors == {"landlord": ["Choose your own organisation."]}
    prop.refresh_from_db()
    assert prop.landlord != provider_b


def test_provider_user_adds_a_home_for_their_own_organisation(provider_user_a, provider_a):
    prop = property_create(actor=provider_user_a, data=home_data())

    assert prop.landlord == provider_a


def test_provider_user_cannot_add_a_home_for_another_provider(provider_user_a, provider_b):
    with pytest.raises(ApplicationError) as exc:
        property_create(actor=provider_user_a, data=home_data(landlord=provider_b))

    assert exc.value.message == "You can only add homes your organisation owns or manages."
    assert exc.value.errors == {"landlord": ["Choose your own organisation."]}
    assert not Property.objects.exists()


@pytest.mark.parametrize("role", ["applicant", "adviser"])
def test_applicants_and_advisers_cannot_add_homes(role, request, council):
    with pytest.raises(ApplicationError) as exc:
        property_create(actor=request.getfixturevalue(role), data=home_data(landlord=council))

    assert exc.value.message == "You cannot add homes."
    assert not Property.objects.exists()


def test_provider_user_records_a_void_on_their_own_home(stock, provider_user_a, provider_a):
    prop = cast(Property, PropertyFactory(landlord=provider_a))

    void = void_create(prop=prop, actor=provider_user_a, data={"reason_vacant": "tenant_notice"})

    assert void.notified_by == provider_a
    assert void.created_by == provider_user_a


def test_provider_user_cannot_record_a_void_on_another_providers_home(provider_user_a,
                                                                      provider_b):
    prop = cast(Property, PropertyFactory(landlord=provider_b))

    with pytest.raises(ApplicationError) as exc:
        void_create(prop=prop, actor=provider_user_a, data={"reason_vacant": "tenant_notice"})

    assert exc.value.message == "You cannot change this home."
    assert not Void.objects.filter(property=prop).exists()


def test_provider_user_cannot_change_another_providers_void(stock, provider_user_a):
    void = stock["voids"]["b_owns"]

    with pytest.raises(ApplicationError):
        void_update(void=void, actor=provider_user_a, data={"works_description": "Paint"})
    with pytest.raises(ApplicationError):
        void_transition(void=void, to=Void.Status.IN_WORKS, actor=provider_user_a)

    void.refresh_from_db()
    assert (void.status, void.works_description) == (Void.Status.READY_TO_LET, "")


def test_inactive_provider_loses_access(stock, provider_user_a, provider_a):
    provider_a.is_active = False
    provider_a.save(update_fields=["is_active"])
    provider_user_a.refresh_from_db()

    assert not policies.properties_visible_to(provider_user_a).exists()
    with pytest.raises(ApplicationError):
        property_update(prop=stock["homes"]["a_owns"], actor=provider_user_a,
                        data={"area": "X"})
