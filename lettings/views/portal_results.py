"""The public lettings results page (DOMAIN.md §4.7 "Result publication", §7.2 "Published lettings
feedback").

Anyone, signed in or not, sees the homes let from a bidding cycle (or in the last few months):
each home's summary, how many bid, the band and band date of the successful applicant and the
route it was let by, with no names and no application references; and summary tables by route
and by band. Lets that are not published line by line (a direct match for safeguarding
reasons, say) are counted in the summaries and in one sentence, never listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from lettings import selectors
from lettings.forms_results import RECENT, ResultsFilterForm
from lettings.models import BiddingCycle, LettingResult, Property
from lettings.rules.refusals import add_months
from lettings.selectors import RESULTS_RECENT_MONTHS, ResultCount, ResultFilters

RESULTS_PER_PAGE = 50
_TYPES = dict(Property.Type.choices)
_DESIGNATIONS = dict(Property.Designation.choices)


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class ResultRow:
    """One published let as the page shows it."""

    result: LettingResult
    home: str
    designation: str
    band: str
    band_date: str
    route: str


def result_row(result: LettingResult) -> ResultRow:
    if result.property_type == Property.Type.STUDIO or result.bedrooms == 0:
        home = "Studio"
    else:
        kind = _TYPES.get(result.property_type, result.property_type).lower()
        home = f"{result.bedrooms} bedroom {kind}"
    if result.effective_date:
        band_date = f"Band date {_long(result.effective_date)}"
    elif result.registration_date:
        band_date = f"Registered {_long(result.registration_date)}"
    else:
        band_date = ""
    band = result.band_name or (f"Band {result.band}" if result.band else "")
    return ResultRow(result=result, home=home,
                     designation=_DESIGNATIONS.get(result.designation, result.designation),
                     band=band, band_date=band_date, route=result.get_route_display())


def not_listed_text(count: ResultCount) -> str:
    """"2 homes were let by direct match and are not listed individually"."""
    homes = "1 home was" if count.count == 1 else f"{count.count} homes were"
    how = ("by direct match" if count.code == LettingResult.Route.DIRECT_MATCH
           else f"through {count.label[0].lower()}{count.label[1:]}")
    verb = "is" if count.count == 1 else "are"
    return f"{homes} let {how} and {verb} not listed individually"


class ResultsView(View):
    """Anyone: the published lettings results of one closed bidding cycle (by default the most
    recent with lets recorded) or of the last few months, with summaries by route and band.
    A choice that is not on the list is reported (400) and the default shown."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        cycles = selectors.result_cycles()
        latest = selectors.latest_cycle_with_results()
        if latest is not None and latest.pk not in {c.pk for c in cycles}:
            cycles.append(latest)
        form = ResultsFilterForm(request.GET if "cycle" in request.GET else None,
                                 cycles=cycles, recent_months=RESULTS_RECENT_MONTHS)
        valid = not form.is_bound or form.is_valid()
        choice = form.choice() if form.is_bound else ""
        if not choice:
            choice = str(latest.pk) if latest is not None else RECENT
        cycle: BiddingCycle | None = None
        if choice == RECENT:
            filters = ResultFilters(let_from=add_months(today, -RESULTS_RECENT_MONTHS))
        else:
            cycle = next(c for c in cycles if str(c.pk) == choice)
            filters = ResultFilters(cycle=cycle.pk)
        if not form.is_bound:  # show the default as chosen
            form = ResultsFilterForm({"cycle": choice}, cycles=cycles,
                                     recent_months=RESULTS_RECENT_MONTHS)
            form.is_valid()
        page = Paginator(selectors.published_results(filters),
                         RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        summary = selectors.results_summary(filters)
        context: dict[str, Any] = {
            "form": form, "cycle": cycle, "recent_months": RESULTS_RECENT_MONTHS,
            "since": filters.let_from, "choice": choice,
            "rows": [result_row(result) for result in page.object_list],
            "page_obj": page, "is_paginated": page.has_other_pages(),
            "summary": summary,
            "not_listed": [not_listed_text(count) for count in summary.not_listed_by_route],
        }
        return render(request, "lettings/portal/results.html", context,
                      status=200 if valid else 400)
