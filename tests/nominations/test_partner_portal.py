"""The partner portal shows a registered provider only its own organisation's homes and adverts."""

from __future__ import annotations

import pytest

from lettings.selectors import adverts_visible_to, properties_visible_to
from tests.factories import AdvertFactory, PropertyFactory


@pytest.fixture
def stock(provider_a, provider_b, council):  # type: ignore[no-untyped-def]
    own = AdvertFactory(property=PropertyFactory(landlord=provider_a,
                                                 address_line_1="1 Riverside Walk"))
    other = AdvertFactory(property=PropertyFactory(landlord=provider_b,
                                                   address_line_1="2 Northgate Row"))
    council_home = PropertyFactory(landlord=council, address_line_1="3 Civic Close")
    return own, other, council_home


@pytest.mark.django_db
def test_provider_sees_only_its_own_homes_and_adverts(client, provider_user_a, stock):
    own, _other, _council_home = stock
    client.force_login(provider_user_a)
    response = client.get("/partners/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 Riverside Walk" in html
    assert "2 Northgate Row" not in html
    assert "3 Civic Close" not in html
    assert list(properties_visible_to(provider_user_a)) == [own.property]
    assert list(adverts_visible_to(provider_user_a)) == [own]


@pytest.mark.django_db
def test_the_other_provider_sees_only_its_own(client, provider_user_b, stock):
    _own, other, _ = stock
    client.force_login(provider_user_b)
    html = client.get("/partners/").content.decode()
    assert "2 Northgate Row" in html
    assert "1 Riverside Walk" not in html
    assert list(adverts_visible_to(provider_user_b)) == [other]


@pytest.mark.django_db
def test_applicants_and_anonymous_people_see_no_stock_through_selectors(applicant, stock):
    from django.contrib.auth.models import AnonymousUser

    assert not properties_visible_to(applicant).exists()
    assert not adverts_visible_to(AnonymousUser()).exists()


@pytest.mark.django_db
def test_partner_home_query_count_does_not_grow_with_stock(client, provider_user_a,
                                                          django_assert_max_num_queries):
    client.force_login(provider_user_a)
    for _ in range(3):
        AdvertFactory(property=PropertyFactory(landlord=provider_user_a.organisation))
    with django_assert_max_num_queries(12) as few:
        client.get("/partners/")
    for _ in range(20):
        AdvertFactory(property=PropertyFactory(landlord=provider_user_a.organisation))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/partners/").status_code == 200
