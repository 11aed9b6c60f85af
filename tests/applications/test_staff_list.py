"""The register list for officers: scoped, filterable, and a constant number of queries."""

from __future__ import annotations

import pytest

from tests.factories import ApplicationFactory


@pytest.mark.django_db
def test_officer_sees_the_register_with_lead_applicants(client, officer):
    application = ApplicationFactory()
    client.force_login(officer)
    response = client.get("/staff/applications/")
    assert response.status_code == 200
    html = response.content.decode()
    assert application.reference in html
    assert f"Example{application.pk}" in html


@pytest.mark.django_db
def test_status_filter_shows_only_that_status(client, officer):
    active = ApplicationFactory(status="active")
    closed = ApplicationFactory(status="closed")
    client.force_login(officer)
    html = client.get("/staff/applications/?status=closed").content.decode()
    assert closed.reference in html
    assert active.reference not in html


@pytest.mark.django_db
def test_an_unknown_status_filter_is_ignored_not_an_error(client, officer):
    ApplicationFactory()
    client.force_login(officer)
    assert client.get("/staff/applications/?status=<script>").status_code == 200
    assert client.get("/staff/applications/?page=999").status_code == 404


@pytest.mark.django_db
def test_register_list_makes_a_constant_number_of_queries(client, officer,
                                                          django_assert_num_queries,
                                                          django_assert_max_num_queries):
    client.force_login(officer)
    ApplicationFactory.create_batch(2)
    with django_assert_max_num_queries(50) as baseline:
        client.get("/staff/applications/")
    ApplicationFactory.create_batch(30)
    with django_assert_num_queries(len(baseline.captured_queries)):
        assert client.get("/staff/applications/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("user_fixture", ["applicant", "provider_user_a"])
def test_non_staff_cannot_list_the_register(client, request, user_fixture):
    ApplicationFactory()
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get("/staff/applications/").status_code == 403
