"""The officer pages for direct matches (DOMAIN.md §4.11, §5.5): who may open them, restricted
cases, the list with its separate counts, checking and proposing (bad input: 400, an error
summary, nothing changed), the manager's decision in the approvals queue, the single offer,
cancelling, and the "convert to a direct match" link on an advert with no acceptable bidder."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from housing.approvals.models import ApprovalRequest
from housing.approvals.services import approval_decide
from lettings.models import Advert, BiddingCycle, DirectMatch, Offer, Property, Void
from lettings.services.bidding import bid_place
from lettings.services.cycles import advert_close
from lettings.services.direct_matches import direct_match_propose
from lettings.services.shortlisting import shortlist_bypass
from tests.factories import AdvertFactory, CycleFactory, PropertyFactory, VoidFactory
from tests.lettings.test_shortlist_pages import assert_refused, html, text

pytestmark = pytest.mark.django_db

JUSTIFICATION = "In temporary accommodation for 14 months after six unsuccessful cycles."


def url(name: str, *args: Any) -> str:
    return reverse(f"lettings:{name}", args=args)


@pytest.fixture
def home() -> Property:
    void = VoidFactory(property=PropertyFactory(bedrooms=2, bedspaces=4,
                                                address_line_1="4 Orchard Row"))
    return cast(Property, void.property)


@pytest.fixture
def applicant_case(make_bidder: Any) -> Application:
    return make_bidder(band="B", sizes=(2,))


@pytest.fixture
def match(home: Property, applicant_case: Application, officer: Any) -> DirectMatch:
    return direct_match_propose(property=home, application=applicant_case,
                                category="homeless_in_ta", justification=JUSTIFICATION,
                                actor=officer)


def _approve(match: DirectMatch, manager: Any) -> DirectMatch:
    assert match.approval is not None
    approval_decide(approval=match.approval, actor=manager, decision="approve",
                    reason="Checks passed; the category fits.")
    return DirectMatch.objects.get(pk=match.pk)


def _form(prop: Property, case: Application, **extra: Any) -> dict[str, Any]:
    data = {"property": prop.pk, "application": case.reference,
            "category": "homeless_in_ta", "justification": JUSTIFICATION,
            "not_highest_priority_reason": "", "advert": "", "action": "propose"}
    data.update(extra)
    return data


# --- Who may open the pages ---------------------------------------------------------------------

def _pages(match: DirectMatch) -> list[str]:
    return [url("staff-direct-matches"), url("staff-direct-match-new"),
            url("staff-direct-match", match.pk)]


@pytest.mark.parametrize("who", ["officer", "manager"])
def test_lettings_staff_open_every_page_and_see_it_in_the_navigation(client, request, match,
                                                                     who):
    client.force_login(request.getfixturevalue(who))
    for page in _pages(match):
        response = client.get(page)
        assert response.status_code == 200, page
    navigation = html(client.get(url("staff-offers")))
    assert 'href="/staff/direct-matches/">Direct matches</a>' in navigation


@pytest.mark.parametrize("who", ["adviser", "provider_user_a", "applicant"])
def test_advisers_providers_and_applicants_are_refused_and_change_nothing(client, request,
                                                                         match, home,
                                                                         applicant_case, who):
    client.force_login(request.getfixturevalue(who))
    for page in _pages(match):
        assert client.get(page).status_code == 403, page
    other = VoidFactory(property=PropertyFactory(bedrooms=2, bedspaces=4)).property
    assert client.post(url("staff-direct-match-new"),
                       _form(other, applicant_case)).status_code == 403
    assert client.post(url("staff-direct-match-cancel", match.pk),
                       {"cancel-reason": "x"}).status_code == 403
    assert client.post(url("staff-direct-match-offer", match.pk), {}).status_code == 403
    assert DirectMatch.objects.get().status == DirectMatch.Status.PROPOSED


def test_a_restricted_case_is_not_found_for_an_officer_outside_the_group(client, make_bidder,
                                                                        manager, officer, home):
    hidden = make_bidder(band="B", sizes=(2,), restricted_access=True)
    # The manager (in the restricted group in this test) proposes it.
    manager.in_restricted_group = True
    manager.save(update_fields=["in_restricted_group"])
    restricted = direct_match_propose(property=home, application=hidden, category="safeguarding",
                                      justification="MAPPA-managed move.", actor=manager)

    client.force_login(officer)
    assert client.get(url("staff-direct-match", restricted.pk)).status_code == 404
    assert client.post(url("staff-direct-match-cancel", restricted.pk),
                       {"cancel-reason": "x"}).status_code == 404
    listing = text(client.get(url("staff-direct-matches")))
    assert restricted.reference not in listing
    assert "There are no direct matches" in listing
    # Nor can the officer propose one for the restricted case by typing its reference.
    other = VoidFactory(property=PropertyFactory(bedrooms=2, bedspaces=4)).property
    assert_refused(client.post(url("staff-direct-match-new"), _form(other, hidden)),
                   "There is no application with that reference you can work on")

    client.force_login(manager)
    assert client.get(url("staff-direct-match", restricted.pk)).status_code == 200


# --- The list -----------------------------------------------------------------------------------

def test_the_list_counts_matches_by_status_and_category_and_filters(client, match, manager,
                                                                    officer, make_bidder):
    _approve(match, manager)
    second_home = VoidFactory(property=PropertyFactory(bedrooms=2, bedspaces=4)).property
    second = direct_match_propose(property=second_home,
                                  application=make_bidder(band="B", sizes=(3,)),
                                  category="decant", justification="Block being repaired.",
                                  actor=officer)
    client.force_login(officer)

    page = text(client.get(url("staff-direct-matches")))
    assert "Counted separately" in page
    assert "2 direct matches in all" in page
    assert "Decant: the tenant's home is being redeveloped or repaired 1 1 0" in page
    assert match.reference in page and second.reference in page

    only = text(client.get(url("staff-direct-matches"), {"status": "approved"}))
    assert match.reference in only and second.reference not in only
    ignored = client.get(url("staff-direct-matches"), {"status": "nonsense"})
    assert ignored.status_code == 200 and second.reference in text(ignored)


def test_the_list_queries_do_not_grow_with_the_number_of_matches(client, officer, match,
                                                                 make_bidder,
                                                                 django_assert_num_queries):
    client.force_login(officer)
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(url("staff-direct-matches")).status_code == 200
    for _ in range(3):
        prop = VoidFactory(property=PropertyFactory(bedrooms=2, bedspaces=4)).property
        direct_match_propose(property=prop, application=make_bidder(band="B", sizes=(2,)),
                             category="homeless_in_ta", justification=JUSTIFICATION,
                             actor=officer)
    with django_assert_num_queries(len(baseline.captured_queries)):
        assert client.get(url("staff-direct-matches")).status_code == 200


# --- Checking and proposing ---------------------------------------------------------------------

def test_the_form_is_filled_in_from_the_link(client, officer, home, applicant_case):
    client.force_login(officer)
    page = html(client.get(url("staff-direct-match-new"),
                           {"property": home.pk, "application": applicant_case.reference}))
    assert f'value="{applicant_case.reference}"' in page
    assert re.search(rf'value="{home.pk}"\s*checked', page)
    assert "4 Orchard Row" in page


def test_checking_shows_what_the_checks_find_and_saves_nothing(client, officer, home,
                                                               make_bidder):
    wrong_size = make_bidder(band="B", sizes=(3,))
    client.force_login(officer)

    response = client.post(url("staff-direct-match-new"),
                           _form(home, wrong_size, action="check", justification=""))

    assert response.status_code == 200
    page = text(response)
    assert "What the checks found" in page
    assert "Stops the match This home has 2 bedrooms. The applicant needs 3 bedrooms." in page
    assert not DirectMatch.objects.exists()


def test_proposing_sends_it_to_a_manager_who_sees_the_reference_in_the_queue(
        client, officer, manager, home, applicant_case):
    client.force_login(officer)

    response = client.post(url("staff-direct-match-new"), _form(home, applicant_case))

    match = DirectMatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("staff-direct-match", match.pk)
    page = text(client.get(response["Location"]))
    assert "Waiting for a manager's decision" in page
    assert "See the approval request" in page
    assert Void.objects.get(property=home).status == Void.Status.DIRECT_MATCH
    approval = ApprovalRequest.objects.get(type="direct_let")

    client.force_login(manager)
    queue = text(client.get(reverse("approvals:queue")))
    assert f"Direct match {match.reference}: 4 Orchard Row" in queue
    detail = text(client.get(reverse("approvals:detail", args=[approval.pk])))
    assert f"Direct match {match.reference}" in detail
    assert JUSTIFICATION in detail

    client.post(reverse("approvals:detail", args=[approval.pk]),
                {"decision-decision": "approve", "decision-reason": "The category fits."})
    match.refresh_from_db()
    assert (match.status, match.decided_by) == (DirectMatch.Status.APPROVED, manager)


def test_the_proposer_cannot_approve_their_own_match_in_the_queue(client, manager, home,
                                                                  applicant_case):
    client.force_login(manager)
    client.post(url("staff-direct-match-new"), _form(home, applicant_case))
    approval = ApprovalRequest.objects.get(type="direct_let")

    response = client.post(reverse("approvals:detail", args=[approval.pk]),
                           {"decision-decision": "approve", "decision-reason": "Fine."})

    assert response.status_code == 400
    assert DirectMatch.objects.get().status == DirectMatch.Status.PROPOSED
    assert ApprovalRequest.objects.get(pk=approval.pk).status == "pending"


def _unchanged(home: Property) -> None:
    assert not DirectMatch.objects.exists()
    assert not ApprovalRequest.objects.filter(type="direct_let").exists()
    assert Void.objects.get(property=home).status == Void.Status.READY_TO_LET


def test_bad_input_shows_every_problem_and_changes_nothing(client, officer, home, applicant_case):
    client.force_login(officer)
    empty = client.post(url("staff-direct-match-new"), {"action": "propose"})
    assert_refused(empty, "Choose the home", "Enter the applicant's application reference",
                   "Choose the category of direct match",
                   "Say why this home should go to this applicant")

    unknown = client.post(url("staff-direct-match-new"),
                          _form(home, applicant_case, application="HR-NOPE-1"))
    assert_refused(unknown, "There is no application with that reference you can work on")

    bad_category = client.post(url("staff-direct-match-new"),
                               _form(home, applicant_case, category="holiday_let"))
    assert_refused(bad_category, "Choose a category from the list")
    _unchanged(home)


def test_a_refused_proposal_shows_the_checks_and_changes_nothing(client, officer, home,
                                                                 make_bidder):
    make_bidder(band="A", sizes=(2,))
    lower = make_bidder(band="C", sizes=(2,))
    client.force_login(officer)

    response = client.post(url("staff-direct-match-new"), _form(home, lower))

    assert_refused(response, "1 active applicant in a higher band also needs a home of this "
                             "size. Say why this applicant should have it instead.")
    assert "What the checks found" in text(response)
    _unchanged(home)


def test_a_home_already_matched_is_a_clear_refusal(client, officer, match, home, make_bidder):
    client.force_login(officer)
    page = html(client.get(url("staff-direct-match-new")))
    assert "4 Orchard Row" not in page  # no longer offered as a choice

    response = client.post(url("staff-direct-match-new"),
                           _form(home, make_bidder(band="B", sizes=(2,))))
    assert_refused(response, "Choose a home from the list")
    assert DirectMatch.objects.count() == 1


# --- The offer and cancelling -------------------------------------------------------------------

def test_an_approved_match_is_offered_from_its_page(client, officer, manager, match,
                                                    media_root):
    _approve(match, manager)
    client.force_login(officer)
    assert "Make the offer" in text(client.get(url("staff-direct-match", match.pk)))
    day = timezone.localdate() + dt.timedelta(days=3)

    response = client.post(url("staff-direct-match-offer", match.pk),
                           {"offer-viewing_date_0": day.day, "offer-viewing_date_1": day.month,
                            "offer-viewing_date_2": day.year, "offer-viewing_time": "2:30pm"})

    offer = Offer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("staff-offer", offer.pk)
    assert offer.offer_type == Offer.Type.DIRECT_LET
    assert timezone.localtime(offer.viewing_at).time() == dt.time(14, 30)
    page = text(client.get(url("staff-direct-match", match.pk)))
    assert "Offered: the offer (viewing arranged)" in page
    offer_page = html(client.get(url("staff-offer", offer.pk)))
    assert f'href="{url("staff-direct-match", match.pk)}">direct match {match.reference}' in \
        offer_page


def test_offer_form_errors_and_a_match_not_yet_approved(client, officer, manager, match):
    client.force_login(officer)
    assert "Make the offer" not in text(client.get(url("staff-direct-match", match.pk)))
    not_yet = client.post(url("staff-direct-match-offer", match.pk), {})
    assert_refused(not_yet, "Only an approved direct match can be offered.")

    _approve(match, manager)
    bad_time = client.post(url("staff-direct-match-offer", match.pk),
                           {"offer-viewing_date_0": "3", "offer-viewing_date_1": "4",
                            "offer-viewing_date_2": "2031", "offer-viewing_time": "25:99"})
    assert_refused(bad_time, "Enter a real time, like 2:30pm or 14:30")
    past = timezone.localdate() - dt.timedelta(days=5)
    in_the_past = client.post(url("staff-direct-match-offer", match.pk),
                              {"offer-viewing_date_0": past.day,
                               "offer-viewing_date_1": past.month,
                               "offer-viewing_date_2": past.year,
                               "offer-viewing_time": "10am"})
    assert_refused(in_the_past, "The viewing cannot be in the past")
    assert not Offer.objects.exists()
    assert DirectMatch.objects.get().status == DirectMatch.Status.APPROVED


def test_cancelling_needs_a_reason_and_hands_the_home_back(client, officer, match, home):
    client.force_login(officer)
    assert_refused(client.post(url("staff-direct-match-cancel", match.pk),
                               {"cancel-reason": "  "}),
                   "Enter why the direct match is being cancelled")
    assert DirectMatch.objects.get().status == DirectMatch.Status.PROPOSED

    response = client.post(url("staff-direct-match-cancel", match.pk),
                           {"cancel-reason": "The household moved away."})

    assert response.status_code == 302
    match.refresh_from_db()
    assert (match.status, match.ended_reason) == ("cancelled", "The household moved away.")
    assert Void.objects.get(property=home).status == Void.Status.READY_TO_LET
    assert "Cancel the match" not in text(client.get(url("staff-direct-match", match.pk)))


# --- Converting an advert -----------------------------------------------------------------------

def _shortlisted(make_bidder: Any) -> Advert:
    cycle = cast(BiddingCycle, CycleFactory())
    void = VoidFactory(status="advertised", property=PropertyFactory(bedrooms=2, bedspaces=4))
    advert = cast(Advert, AdvertFactory(cycle=cycle, property=void.property, void=void,
                                        allowed_sizes=[2]))
    bid_place(application=make_bidder(band="B"), advert=advert, actor=None)
    advert_close(advert=advert, now=cycle.closes_at)
    advert.refresh_from_db()
    return advert


CONVERT = "convert it to a direct match"


def test_the_advert_and_shortlist_offer_conversion_only_with_no_acceptable_bidder(
        client, officer, make_bidder):
    advert = _shortlisted(make_bidder)
    client.force_login(officer)
    assert CONVERT not in text(client.get(url("staff-advert", advert.pk))).lower()
    assert CONVERT not in text(client.get(url("staff-shortlist", advert.pk))).lower()

    shortlist_bypass(entry=advert.shortlist.get(), actor=officer, code="APPLICANT_WITHDREW",
                     note="Housed privately.")

    link = f'{url("staff-direct-match-new")}?advert={advert.reference}'
    for page in (url("staff-advert", advert.pk), url("staff-shortlist", advert.pk)):
        response = client.get(page)
        assert CONVERT in text(response).lower(), page
        assert link in html(response), page


def test_converting_from_the_advert_link(client, officer, make_bidder):
    advert = _shortlisted(make_bidder)
    shortlist_bypass(entry=advert.shortlist.get(), actor=officer, code="APPLICANT_WITHDREW",
                     note="Housed privately.")
    chosen = make_bidder(band="B", sizes=(2,))
    client.force_login(officer)
    page = text(client.get(url("staff-direct-match-new"), {"advert": advert.reference}))
    assert "found no acceptable bidder, so its home can be matched directly" in page

    response = client.post(url("staff-direct-match-new"),
                           _form(advert.property, chosen, advert=advert.reference,
                                 category="no_acceptable_bids"))

    assert response.status_code == 302
    match = DirectMatch.objects.get()
    assert match.from_advert == advert
    advert.refresh_from_db()
    assert advert.status == Advert.Status.CONVERTED_TO_DIRECT_LET


def test_an_advert_with_a_bidder_left_is_not_converted(client, officer, make_bidder):
    advert = _shortlisted(make_bidder)
    chosen = make_bidder(band="B", sizes=(2,))
    client.force_login(officer)
    assert "may still have an acceptable bidder" in text(
        client.get(url("staff-direct-match-new"), {"advert": advert.reference}))

    response = client.post(url("staff-direct-match-new"),
                           _form(advert.property, chosen, advert=advert.reference,
                                 category="no_acceptable_bids"))

    assert_refused(response, "Only a home whose advert found no acceptable bidder can be "
                             "converted to a direct match")
    assert not DirectMatch.objects.exists()
    advert.refresh_from_db()
    assert advert.status == Advert.Status.SHORTLISTED
