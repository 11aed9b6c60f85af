"""The public lettings results API (``/api/v1/lettings-results/``; DOMAIN.md §4.7, §7.2): shape,
filters, bad filters, the summary, and no person data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.lettings.results_data import closed_cycle, make_result

pytestmark = pytest.mark.django_db

LIST = "/api/v1/lettings-results/"
SUMMARY = "/api/v1/lettings-results/summary/"
FIELDS = {"reference", "area", "property_type", "bedrooms", "landlord", "designation", "bids",
          "band", "band_name", "effective_date", "registration_date", "route", "let_on",
          "cycle"}


def api(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def errors_of(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return body["errors"]


def test_anyone_can_list_the_published_results_and_nothing_else():
    cycle = closed_cycle(1)
    shown, housed = make_result(cycle=cycle, band="C", bids=23, route="llp")
    make_result(route="direct_match", published=False)

    response = api().get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and set(body) >= {"count", "next", "previous", "results"}
    (row,) = body["results"]
    assert set(row) == FIELDS
    assert row == {
        "reference": shown.reference, "area": "BF3, St Anne's", "property_type": "flat",
        "bedrooms": 2, "landlord": "Brackenfield Borough Council",
        "designation": "general_needs", "bids": 23, "band": "C", "band_name": "Band C",
        "effective_date": "2023-04-05", "registration_date": "2021-07-08", "route": "llp",
        "let_on": timezone.localdate().isoformat(), "cycle": cycle.pk}
    text = response.content.decode()
    assert housed.reference not in text
    assert housed.members.get(role="lead").last_name not in text


def test_the_list_is_read_only(officer):
    for client in (api(), api(officer)):
        assert client.post(LIST, {}, format="json").status_code in (403, 405)
        assert client.delete(LIST).status_code in (403, 405)


def test_filters_by_cycle_and_tenancy_start_dates():
    older, latest = closed_cycle(3), closed_cycle(1)
    today = timezone.localdate()
    a, _ = make_result(cycle=older, let_on=today - dt.timedelta(days=30))
    b, _ = make_result(cycle=latest, let_on=today - dt.timedelta(days=5))
    c, _ = make_result(cycle=latest, let_on=today)

    def refs(**params: Any) -> list[str]:
        response = api().get(LIST, params)
        assert response.status_code == 200, response.content
        return [row["reference"] for row in response.json()["results"]]

    assert refs() == [c.reference, b.reference, a.reference]  # newest let first
    assert refs(cycle=latest.pk) == [c.reference, b.reference]
    assert refs(cycle=older.pk) == [a.reference]
    since = (today - dt.timedelta(days=5)).isoformat()
    assert refs(**{"from": since}) == [c.reference, b.reference]
    assert refs(to=since) == [b.reference, a.reference]
    assert refs(**{"from": since, "to": since}) == [b.reference]
    assert refs(cycle=older.pk, **{"from": since}) == []


def test_bad_filters_are_400_with_field_errors():
    assert set(errors_of(api().get(LIST, {"cycle": "abc"}))) == {"cycle"}
    assert set(errors_of(api().get(LIST, {"cycle": 0}))) == {"cycle"}
    assert set(errors_of(api().get(LIST, {"cycle": 10**30}))) == {"cycle"}
    assert errors_of(api().get(LIST, {"cycle": 99999})) == {
        "cycle": ["There is no bidding cycle with the id 99999."]}
    assert errors_of(api().get(LIST, {"from": "2026-13-01"})) == {
        "from": ["Enter a date as YYYY-MM-DD, like 2026-03-27."]}
    assert set(errors_of(api().get(LIST, {"to": "yesterday"}))) == {"to"}
    assert errors_of(api().get(LIST, {"from": "2026-03-02", "to": "2026-03-01"})) == {
        "to": ["“to” must be on or after “from”."]}
    assert set(errors_of(api().get(SUMMARY, {"cycle": "abc", "from": "x"}))) == {"cycle",
                                                                                 "from"}


def test_the_summary_counts_every_let_by_route_and_band():
    cycle = closed_cycle(1)
    make_result(cycle=cycle, band="B")
    make_result(cycle=cycle, band="B", route="quota")
    make_result(route="direct_match", published=False, band="A")
    make_result(route="direct_match", published=True, band="", band_name="")

    body = api().get(SUMMARY).json()

    assert (body["total"], body["listed"], body["not_listed"]) == (4, 3, 1)
    assert body["by_route"] == [
        {"code": "bid", "label": "Bidding", "count": 1},
        {"code": "quota", "label": "Bidding (quota)", "count": 1},
        {"code": "direct_match", "label": "Direct match", "count": 2}]
    assert body["by_band"] == [{"code": "A", "label": "Band A", "count": 1},
                               {"code": "B", "label": "Band B", "count": 2},
                               {"code": "", "label": "No band", "count": 1}]
    assert body["not_listed_by_route"] == [
        {"code": "direct_match", "label": "Direct match", "count": 1}]
    # The same filters as the list: this cycle's lets only.
    body = api().get(SUMMARY, {"cycle": cycle.pk}).json()
    assert (body["total"], body["not_listed"]) == (2, 0)


def test_the_list_reads_a_fixed_number_of_queries(django_assert_num_queries,
                                                  django_assert_max_num_queries):
    cycle = closed_cycle(1)
    make_result(cycle=cycle)
    with django_assert_max_num_queries(4) as baseline:
        api().get(LIST, {"cycle": cycle.pk})
    for _ in range(6):
        make_result(cycle=cycle)
    with django_assert_num_queries(len(baseline.captured_queries)):
        response = api().get(LIST, {"cycle": cycle.pk})
    assert response.json()["count"] == 7
    with django_assert_max_num_queries(3):
        api().get(SUMMARY, {"cycle": cycle.pk})
