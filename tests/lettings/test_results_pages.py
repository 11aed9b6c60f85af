"""The public lettings results page, /homes/results/ (DOMAIN.md §4.7 "Result publication",
§7.2): anyone may read it; it lists published lets by cycle or for the last three months,
counts the lets not listed, and never shows a name or an application reference."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re

import pytest
from django.urls import resolve
from django.utils import timezone

from lettings.models import LettingResult
from lettings.rules.refusals import add_months
from tests.factories import OrganisationFactory
from tests.lettings.results_data import closed_cycle, make_result

pytestmark = pytest.mark.django_db

URL = "/homes/results/"


def _text(html: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _rows(html: str) -> list[str]:
    body = html.split('<tbody class="govuk-table__body">', 1)
    if len(body) < 2:
        return []
    return [_text(row) for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>",
                                             body[1].split("</tbody>", 1)[0], re.S)]


def test_the_results_url_is_not_taken_for_an_advert_reference():
    assert resolve(URL).view_name == "lettings:results"
    assert resolve("/homes/ADV-000123/").view_name == "lettings:home-detail"


def test_anyone_can_read_the_results_of_the_latest_cycle_with_lets(client):
    older, latest, empty = closed_cycle(3), closed_cycle(2), closed_cycle(1)
    make_result(cycle=older, band="A")
    mine, _ = make_result(cycle=latest, band="C", bids=41,
                          landlord=OrganisationFactory(name="Riverside Homes"))
    mine2, _ = make_result(cycle=latest, band="B", bids=7, route="quota",
                           effective_date=None)

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    text = _text(html)
    assert f"Homes let from {latest.name}" in text
    assert f'<option value="{latest.pk}" selected>' in html  # the default, shown as chosen
    assert f'<option value="{empty.pk}">' in html  # a closed cycle with no lets yet
    rows = _rows(html)
    assert len(rows) == 2
    row = next(r for r in rows if mine.reference in r)
    for part in ("2 bedroom flat", "General needs", "BF3, St Anne's", "Riverside Homes", "41",
                 "Band C", "Band date 5 April 2023", "Bidding"):
        assert part in row
    quota = next(r for r in rows if mine2.reference in r)
    # No band date: the registration date is shown instead.
    assert "Registered 8 July 2021" in quota and "Bidding (quota)" in quota
    assert "2 homes were let" in text
    assert "Find a home to bid for" in text


def test_no_names_or_application_references_appear(client):
    cycle = closed_cycle(1)
    housed = [make_result(cycle=cycle)[1] for _ in range(2)]
    housed.append(make_result(route="direct_match", published=False)[1])
    html = client.get(URL, {"cycle": "recent"}).content.decode()
    for application in housed:
        assert application.reference not in html
        for member in application.members.all():
            assert member.first_name not in html
            assert member.last_name not in html


def test_unpublished_lets_are_counted_but_not_listed(client):
    cycle = closed_cycle(1)
    shown, _ = make_result(cycle=cycle)
    hidden = [make_result(route="direct_match", published=False, band="A")[0]
              for _ in range(2)]
    make_result(route="direct_match", published=True, band="B")

    response = client.get(URL, {"cycle": "recent"})

    text = _text(response.content.decode())
    rows = _rows(response.content.decode())
    # The published lets (one through bidding, one direct match) are listed; the two others
    # are only counted.
    assert len(rows) == 2
    assert any(shown.reference in row for row in rows)
    assert any("Not advertised" in row and "Direct match" in row for row in rows)
    assert ("4 homes were let. 2 homes were let by direct match and are not listed "
            "individually, to protect the privacy of the people who moved.") in text
    # The summary counts all four: by route and by band.
    assert "Homes let by route Route Homes Bidding 1 Direct match 3 Total 4" in text
    assert "Band A 2 Band B 2" in text
    for result in hidden:
        assert result.offer.property.address_line_1 not in text


def test_the_cycle_and_recent_filters(client):
    older, latest = closed_cycle(3), closed_cycle(1)
    old, _ = make_result(cycle=older, let_on=timezone.localdate() - dt.timedelta(days=20))
    new, _ = make_result(cycle=latest)
    direct, _ = make_result(route="direct_match")  # not advertised: no cycle
    stale, _ = make_result(cycle=older,
                           let_on=add_months(timezone.localdate(), -3) - dt.timedelta(days=1))

    older_page = client.get(URL, {"cycle": older.pk}).content.decode()
    assert {old.reference, stale.reference} == {r.split()[0] for r in _rows(older_page)}

    recent = client.get(URL, {"cycle": "recent"}).content.decode()
    assert "Homes let since" in recent
    refs = [r.split()[0] for r in _rows(recent)]
    assert sorted(refs) == sorted([old.reference, new.reference, "Not"])
    assert stale.reference not in recent
    assert direct.pk  # listed as "Not advertised"


def test_a_bad_choice_is_reported_and_the_default_shown(client):
    cycle = closed_cycle(1)
    result, _ = make_result(cycle=cycle)
    open_cycle = closed_cycle(0)
    open_cycle.status = "open"
    open_cycle.save()

    for bad in ("nonsense", str(open_cycle.pk), "99999999999999999999"):
        response = client.get(URL, {"cycle": bad})
        assert response.status_code == 400
        html = response.content.decode()
        assert "There is a problem" in html and "Select a bidding cycle from the list" in html
        assert result.reference in html


def test_no_lets_yet(client):
    cycle = closed_cycle(1)
    text = _text(client.get(URL).content.decode())
    assert "Homes let since" in text  # no cycle has lets: the recent view
    assert "No lets have been recorded in the last 3 months." in text
    text = _text(client.get(URL, {"cycle": cycle.pk}).content.decode())
    assert "No lets from this cycle have been recorded yet." in text


def test_the_homes_page_and_the_navigation_link_to_the_results(client):
    html = client.get("/homes/").content.decode()
    assert html.count(f'href="{URL}"') == 2  # the navigation and the page's own link


def test_the_results_page_reads_a_fixed_number_of_queries(client, django_assert_num_queries,
                                                          django_assert_max_num_queries):
    cycle = closed_cycle(1)
    make_result(cycle=cycle)
    make_result(route="direct_match", published=False)
    with django_assert_max_num_queries(12) as baseline:
        client.get(URL, {"cycle": cycle.pk})
    for band in "ABCD":
        make_result(cycle=cycle, band=band)
        make_result(route="direct_match", published=False, band=band)
    with django_assert_num_queries(len(baseline.captured_queries)):
        response = client.get(URL, {"cycle": cycle.pk})
    assert len(_rows(response.content.decode())) == 5
    assert LettingResult.objects.count() == 10
