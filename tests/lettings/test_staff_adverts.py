"""Adverts list for lettings officers."""

from __future__ import annotations

import pytest

from tests.factories import AdvertFactory


@pytest.mark.django_db
def test_adverts_list_shows_bid_counts_in_constant_queries(client, officer,
                                                           django_assert_num_queries,
                                                           django_assert_max_num_queries):
    client.force_login(officer)
    AdvertFactory()
    with django_assert_max_num_queries(50) as baseline:
        response = client.get("/staff/adverts/")
    assert response.status_code == 200
    AdvertFactory.create_batch(25)
    with django_assert_num_queries(len(baseline.captured_queries)):
        assert client.get("/staff/adverts/").status_code == 200
