"""The officer pages for working a shortlist and handling offers (DOMAIN.md §4.7, §4.9, §4.10,
§5.2 steps 6–9; Appendix A.1, A.4): who may open them, the ranked list with the priority
frozen at close, each form's bad input (400, an error summary, nothing changed), contact,
verification, bypasses (one needing a manager), the debt override, making an offer, the
applicant's answer, assessing a refusal and its penalty, withdrawal, and constant query counts
on the shortlist."""

from __future__ import annotations

import datetime as dt
import html as entities
import re
from typing import Any, cast

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from housing.approvals.models import ApprovalRequest
from lettings.models import Advert, BiddingCycle, Offer, ShortlistEntry
from lettings.rules.bypass import CHECK_CODES
from lettings.services.bidding import bid_place
from lettings.services.cycles import advert_close
from lettings.services.offers import offer_make, offer_refuse
from lettings.services.shortlisting import shortlist_bypass
from lettings.views import staff_shortlist
from tests.factories import AdvertFactory, CycleFactory, PropertyFactory, UserFactory
from tests.lettings.test_shortlist_workspace import _a1, _arrears

pytestmark = pytest.mark.django_db

ERROR_SUMMARY = "govuk-error-summary"


def url(name: str, *args: Any) -> str:
    return reverse(f"lettings:{name}", args=args)


def html(response: Any) -> str:
    return str(response.content.decode())


def words(markup: str) -> str:
    """Markup's words, without tags, entities or repeated spaces."""
    return " ".join(entities.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def text(response: Any) -> str:
    return words(html(response))


def table_row(response: Any, reference: str) -> str:
    """The words of the table row that names ``reference``."""
    rows = [words(row.split("</tr>")[0])
            for row in html(response).split('<tr class="govuk-table__row">')[1:]]
    (row,) = [row for row in rows if reference in row]
    return row


def assert_refused(response: Any, *messages: str) -> None:
    assert response.status_code == 400
    page = html(response)
    assert ERROR_SUMMARY in page and "There is a problem" in page
    assert "<title>Error:" in page
    words = text(response)
    for message in messages:
        assert message in words, message


@pytest.fixture
def a1(make_bidder: Any) -> tuple[Advert, dict[str, ShortlistEntry]]:
    """Appendix A.1 closed and shortlisted: Q (A), R (B, registered 2021), P (B, 2022), S (C)."""
    return _a1(make_bidder)


@pytest.fixture
def offer(a1: Any, officer: Any) -> Offer:
    _advert, entries = a1
    return offer_make(entry=entries["Q"], actor=officer)


def _shortlisted(make_bidder: Any, people: int) -> Advert:
    cycle = cast(BiddingCycle, CycleFactory())
    advert = cast(Advert, AdvertFactory(cycle=cycle, allowed_sizes=[2],
                                        property=PropertyFactory(bedrooms=2, bedspaces=4)))
    for n in range(people):
        bid_place(application=make_bidder(band="BC"[n % 2],
                                          effective=dt.date(2024, 1, 1) + dt.timedelta(days=n)),
                  advert=advert, actor=None)
    advert_close(advert=advert, now=cycle.closes_at)
    return advert


def _refresh(entry: ShortlistEntry) -> ShortlistEntry:
    return ShortlistEntry.objects.get(pk=entry.pk)


# --- Who may open the pages ---------------------------------------------------------------------

def _pages(a1: Any, offer: Offer) -> list[str]:
    advert, entries = a1
    return [url("staff-shortlist", advert.pk), url("staff-shortlist-entry", entries["R"].pk),
            url("staff-offer", offer.pk), url("staff-offers")]


@pytest.mark.parametrize("who", ["officer", "manager"])
def test_lettings_staff_can_open_every_shortlist_and_offer_page(client, request, a1, offer,
                                                                who):
    client.force_login(request.getfixturevalue(who))
    for page in _pages(a1, offer):
        assert client.get(page).status_code == 200, page


@pytest.mark.parametrize("who", ["adviser", "provider_user_a", "applicant"])
def test_advisers_providers_and_applicants_are_refused(client, request, a1, offer, who):
    client.force_login(request.getfixturevalue(who))
    for page in _pages(a1, offer):
        assert client.get(page).status_code == 403, page
    _advert, entries = a1
    response = client.post(url("staff-shortlist-bypass", entries["R"].pk),
                           {"bypass-code": "APPLICANT_WITHDREW", "bypass-note": "Moved away."})
    assert response.status_code == 403
    assert _refresh(entries["R"]).status == ShortlistEntry.Status.RANKED
    response = client.post(url("staff-offer-withdraw", offer.pk),
                           {"withdraw-reason": "Gas safety check failed"})
    assert response.status_code == 403
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.ISSUED


def test_anonymous_people_are_sent_to_sign_in(client, a1, offer):
    for page in _pages(a1, offer):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_a_restricted_bidder_is_counted_but_not_shown(client, a1, officer):
    advert, entries = a1
    Application.objects.filter(pk=entries["P"].bid.application_id).update(
        restricted_access=True)
    client.force_login(officer)

    page = text(client.get(url("staff-shortlist", advert.pk)))

    assert entries["P"].bid.application.reference not in page
    assert "1 more bidder from restricted cases is on the shortlist but not shown" in page
    assert client.get(url("staff-shortlist-entry", entries["P"].pk)).status_code == 404


# --- The shortlist ------------------------------------------------------------------------------

def test_the_shortlist_shows_appendix_a1_in_rank_order_with_the_priority_at_close(client, a1,
                                                                               officer):
    advert, entries = a1
    refs = {name: entry.bid.application.reference for name, entry in entries.items()}
    # After close, Q's band is changed: the page still shows the band frozen at close.
    Application.objects.filter(pk=entries["Q"].bid.application_id).update(
        band="B", effective_date=dt.date(2025, 6, 1))
    client.force_login(officer)

    response = client.get(url("staff-shortlist", advert.pk))

    assert response.status_code == 200
    page = text(response)
    positions = [page.index(refs[name]) for name in "QRPS"]
    assert positions == sorted(positions)
    assert "Bidders in rank order</caption>" in html(response)
    assert advert.reference in page and "4 shortlisted from 4 bids" in page
    q_row = table_row(response, refs["Q"])
    assert q_row.startswith("1 ")
    assert "A 15 Jan 2025 15 Jan 2025" in q_row  # band, band date and registered at close
    assert "Changed since close" in q_row and "Band now B (was A)" in q_row
    r_row = table_row(response, refs["R"])
    assert r_row.startswith("2 ")
    assert "B 1 Mar 2024 2 Nov 2021" in r_row and "No change" in r_row


def test_the_shortlist_flags_debt_only_for_bidders_still_being_worked(client, a1, officer):
    advert, entries = a1
    _arrears(entries["R"], officer)
    _arrears(entries["S"], officer)
    shortlist_bypass(entry=entries["S"], actor=officer, code="NO_CONTACT_WITHIN_DEADLINE",
                     note="Three calls and an email, no reply in 48 hours.")
    client.force_login(officer)

    response = client.get(url("staff-shortlist", advert.pk))

    refs = {name: entry.bid.application.reference for name, entry in entries.items()}
    assert table_row(response, refs["R"]).endswith(" No Debt")
    assert table_row(response, refs["P"]).endswith(" No None in the way")
    s_row = table_row(response, refs["S"])
    assert s_row.endswith(" No –")
    assert "No contact within the deadline: Three calls and an email" in s_row


def test_the_shortlist_runs_at_most_ten_debt_checks(client, make_bidder, officer,
                                                    monkeypatch):
    advert = _shortlisted(make_bidder, 12)
    calls: list[int] = []
    real = staff_shortlist.debt_check

    def counted(application: Application) -> Any:
        calls.append(application.pk)
        return real(application)

    monkeypatch.setattr(staff_shortlist, "debt_check", counted)
    client.force_login(officer)

    response = client.get(url("staff-shortlist", advert.pk))

    assert len(calls) == 10
    assert "2 more are checked when you open each one" in text(response)


def test_the_shortlist_takes_the_same_number_of_queries_for_1_or_30_bidders(
        client, make_bidder, officer, monkeypatch, django_assert_num_queries,
        django_assert_max_num_queries):
    # Debt checks are bounded by DEBT_CHECKS_ON_SHORTLIST; with one allowed, the rest of the
    # page must not grow with the number of bidders.
    monkeypatch.setattr(staff_shortlist, "DEBT_CHECKS_ON_SHORTLIST", 1)
    one = _shortlisted(make_bidder, 1)
    many = _shortlisted(make_bidder, 30)
    client.force_login(officer)
    with django_assert_max_num_queries(60) as baseline:
        assert client.get(url("staff-shortlist", one.pk)).status_code == 200
    with django_assert_num_queries(len(baseline.captured_queries)):
        response = client.get(url("staff-shortlist", many.pk))
    assert response.status_code == 200
    assert "30 shortlisted from 30 bids" in text(response)


def test_the_advert_page_links_to_its_shortlist(client, a1, officer):
    advert, _entries = a1
    client.force_login(officer)
    page = html(client.get(url("staff-advert", advert.pk)))
    assert f'href="{url("staff-shortlist", advert.pk)}"' in page


# --- Contact, checks and bypass -----------------------------------------------------------------

def test_recording_contact_sets_the_reply_deadline(client, a1, officer):
    _advert, entries = a1
    client.force_login(officer)
    before = timezone.now()

    response = client.post(url("staff-shortlist-contact", entries["Q"].pk),
                           {"contact-note": "Phoned; can view Friday.",
                            "contact-respond_within_hours": "24"}, follow=True)

    entry = _refresh(entries["Q"])
    assert entry.status == ShortlistEntry.Status.CONTACTED
    assert entry.contact_note == "Phoned; can view Friday."
    assert entry.contact_deadline is not None
    assert before + dt.timedelta(hours=24) <= entry.contact_deadline
    assert entry.contact_deadline <= timezone.now() + dt.timedelta(hours=24)
    assert "Contact recorded" in text(response)


def test_bad_contact_input_changes_nothing(client, a1, officer):
    _advert, entries = a1
    client.force_login(officer)
    response = client.post(url("staff-shortlist-contact", entries["Q"].pk),
                           {"contact-respond_within_hours": "soon"})
    assert_refused(response, "The hours to reply must be a whole number, like 48")
    response = client.post(url("staff-shortlist-contact", entries["Q"].pk),
                           {"contact-respond_within_hours": "999"})
    assert_refused(response, "Give no more than 14 days (336 hours) to reply")
    entry = _refresh(entries["Q"])
    assert (entry.status, entry.contacted_at) == (ShortlistEntry.Status.RANKED, None)


def test_a_settled_bidder_cannot_be_contacted(client, a1, officer):
    _advert, entries = a1
    shortlist_bypass(entry=entries["S"], actor=officer, code="APPLICANT_WITHDREW",
                     note="They told us by phone.")
    client.force_login(officer)
    response = client.post(url("staff-shortlist-contact", entries["S"].pk),
                           {"contact-respond_within_hours": "48"})
    assert_refused(response, "This bidder's place on the shortlist is settled.")
    assert _refresh(entries["S"]).contacted_at is None


def test_recording_checks_keeps_passes_and_failures(client, a1, officer):
    _advert, entries = a1
    client.force_login(officer)

    client.post(url("staff-shortlist-verify", entries["Q"].pk),
                {"verify-check_identity": "passed", "verify-check_household": "failed",
                 "verify-check_debt": "not_checked", "verify-note": "A new partner moved in."})

    entry = _refresh(entries["Q"])
    assert entry.status == ShortlistEntry.Status.VERIFYING
    assert entry.verification_result["identity"]["passed"] is True
    assert entry.verification_result["household"]["passed"] is False
    assert entry.verification_result["household"]["note"] == "A new partner moved in."
    assert "debt" not in entry.verification_result
    assert entry.verified_at is None
    page = text(client.get(url("staff-shortlist-entry", entries["Q"].pk)))
    assert "Household unchanged since the assessment Failed" in page

    client.post(url("staff-shortlist-verify", entries["Q"].pk),
                {f"verify-check_{code}": "passed" for code in CHECK_CODES})
    assert _refresh(entries["Q"]).verified_at is not None


def test_recording_no_checks_is_refused(client, a1, officer):
    _advert, entries = a1
    client.force_login(officer)
    response = client.post(url("staff-shortlist-verify", entries["Q"].pk),
                           {"verify-note": "Nothing yet"})
    assert_refused(response, "Choose passed or failed for at least one check")
    assert _refresh(entries["Q"]).verification_result == {}


def test_a_bypass_with_a_note_passes_over_the_bidder(client, a1, officer):
    advert, entries = a1
    client.force_login(officer)

    response = client.post(url("staff-shortlist-bypass", entries["Q"].pk),
                           {"bypass-code": "APPLICANT_WITHDREW",
                            "bypass-note": "Accepted a private tenancy."}, follow=True)

    entry = _refresh(entries["Q"])
    assert (entry.status, entry.bypass_reason_code, entry.bypassed_by) == (
        ShortlistEntry.Status.BYPASSED, "APPLICANT_WITHDREW", officer)
    assert "Rank 1 bypassed: The applicant withdrew" in text(response)
    page = text(client.get(url("staff-shortlist", advert.pk)))
    assert "The applicant withdrew: Accepted a private tenancy." in page


def test_a_bypass_needs_a_reason_and_a_note(client, a1, officer):
    _advert, entries = a1
    client.force_login(officer)
    response = client.post(url("staff-shortlist-bypass", entries["Q"].pk),
                           {"bypass-note": "   "})
    assert_refused(response, "Choose a reason for the bypass",
                   "Explain why, in a note the applicant could be shown")
    assert _refresh(entries["Q"]).status == ShortlistEntry.Status.RANKED


def test_a_discretionary_bypass_is_sent_to_a_manager(client, a1, officer):
    _advert, entries = a1
    client.force_login(officer)
    page = html(client.get(url("staff-shortlist-entry", entries["Q"].pk)))
    assert "Another reason (discretionary)" in page and "Needs a manager&#x27;s approval" in page

    response = client.post(url("staff-shortlist-bypass", entries["Q"].pk),
                           {"bypass-code": "OTHER_DISCRETIONARY",
                            "bypass-note": "The landlord asks for a household without pets."},
                           follow=True)

    request = ApprovalRequest.objects.get(type=ApprovalRequest.Type.BYPASS)
    assert request.status == ApprovalRequest.Status.PENDING
    assert _refresh(entries["Q"]).status == ShortlistEntry.Status.RANKED
    assert "Sent to a manager for approval" in text(response)
    assert f'href="{reverse("approvals:detail", args=[request.pk])}"' in html(response)


# --- Housing debt -------------------------------------------------------------------------------

def test_the_debt_override_form_appears_only_when_debt_blocks(client, a1, officer):
    _advert, entries = a1
    client.force_login(officer)
    clear = text(client.get(url("staff-shortlist-entry", entries["Q"].pk)))
    assert "Ask for a debt override" not in clear
    assert "Debt does not stand in the way of an offer" in clear and "Make the offer" in clear
    _arrears(entries["R"], officer)

    page = text(client.get(url("staff-shortlist-entry", entries["R"].pk)))

    assert "Housing debt stands in the way of an offer" in page
    assert "Your housing-related debt that counts is £900.00" in page  # the rule's reason
    assert "Ask for a debt override" in page
    assert "Make the offer" not in page


def test_asking_for_a_debt_override(client, a1, officer):
    _advert, entries = a1
    _arrears(entries["R"], officer)
    client.force_login(officer)
    response = client.post(url("staff-shortlist-debt-override", entries["R"].pk),
                           {"debt-justification": " "})
    assert_refused(response, "Say why a manager should let the offer go ahead")
    assert not ApprovalRequest.objects.exists()

    response = client.post(url("staff-shortlist-debt-override", entries["R"].pk),
                           {"debt-justification": "Arrears from a tenancy the abuser ran up."},
                           follow=True)

    request = ApprovalRequest.objects.get(type=ApprovalRequest.Type.DEBT_OVERRIDE)
    assert request.requested_by == officer
    page = text(response)
    assert "A debt override was sent to a manager" in page
    assert "Ask for a debt override" not in page


def test_no_override_is_asked_for_when_debt_does_not_block(client, a1, officer):
    _advert, entries = a1
    client.force_login(officer)
    response = client.post(url("staff-shortlist-debt-override", entries["Q"].pk),
                           {"debt-justification": "Just in case."})
    assert_refused(response, "Debt does not stand in the way of an offer to this applicant.")
    assert not ApprovalRequest.objects.exists()


# --- Making an offer ----------------------------------------------------------------------------

def test_making_an_offer_with_a_viewing_goes_to_the_offer_page(client, a1, officer):
    _advert, entries = a1
    client.force_login(officer)
    day = timezone.localdate() + dt.timedelta(days=3)

    response = client.post(url("staff-shortlist-offer", entries["Q"].pk),
                           {"offer-viewing_date_0": day.day, "offer-viewing_date_1": day.month,
                            "offer-viewing_date_2": day.year, "offer-viewing_time": "2:30pm",
                            "offer-is_final_offer": "on"})

    offer = Offer.objects.get()
    assert response.status_code == 302 and response["Location"] == url("staff-offer", offer.pk)
    assert timezone.localtime(offer.viewing_at).replace(tzinfo=None) == dt.datetime.combine(
        day, dt.time(14, 30))
    assert offer.is_final_offer and offer.status == Offer.Status.VIEWING_ARRANGED
    assert _refresh(entries["Q"]).status == ShortlistEntry.Status.OFFERED
    page = text(client.get(response["Location"]))
    assert "Final offer" in page and "14:30 (UK time)" in page


def test_bad_offer_input_makes_no_offer(client, a1, officer):
    _advert, entries = a1
    client.force_login(officer)
    day = timezone.localdate() + dt.timedelta(days=3)
    response = client.post(url("staff-shortlist-offer", entries["Q"].pk),
                           {"offer-viewing_date_0": day.day, "offer-viewing_date_1": day.month,
                            "offer-viewing_date_2": day.year, "offer-viewing_time": "25:99"})
    assert_refused(response, "Enter a real time, like 2:30pm or 14:30")
    response = client.post(url("staff-shortlist-offer", entries["Q"].pk),
                           {"offer-viewing_time": "10am"})
    assert_refused(response, "Enter the date of the viewing, or clear the time")
    assert not Offer.objects.exists()
    assert _refresh(entries["Q"]).status == ShortlistEntry.Status.RANKED


def test_an_offer_blocked_by_debt_is_refused_with_the_reason(client, a1, officer):
    _advert, entries = a1
    _arrears(entries["R"], officer)
    shortlist_bypass(entry=entries["Q"], actor=officer, code="APPLICANT_WITHDREW",
                     note="Q has found a home elsewhere.")
    client.force_login(officer)
    response = client.post(url("staff-shortlist-offer", entries["R"].pk), {})
    assert_refused(response, "Housing debt stands in the way of this offer.")
    assert not Offer.objects.exists()


def test_an_offer_past_someone_higher_still_being_considered_is_refused(client, a1, officer):
    _advert, entries = a1
    client.force_login(officer)
    response = client.post(url("staff-shortlist-offer", entries["P"].pk), {})
    assert_refused(response, "Someone higher on the shortlist is still being considered.",
                   "Rank 1 comes before this bidder", "Rank 2 comes before this bidder")
    assert not Offer.objects.exists()
    assert _refresh(entries["P"]).status == ShortlistEntry.Status.RANKED


# --- The offer ----------------------------------------------------------------------------------

def test_accepting_the_offer(client, offer, officer):
    client.force_login(officer)
    response = client.post(url("staff-offer-accept", offer.pk), follow=True)
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.ACCEPTED
    assert "Acceptance recorded" in text(response)


def test_arranging_a_viewing_needs_a_date_and_time(client, offer, officer):
    client.force_login(officer)
    response = client.post(url("staff-offer-viewing", offer.pk), {"viewing-viewing_time": ""})
    assert_refused(response, "Enter the date of the viewing")
    assert Offer.objects.get(pk=offer.pk).viewing_at is None

    day = timezone.localdate() + dt.timedelta(days=2)
    client.post(url("staff-offer-viewing", offer.pk),
                {"viewing-viewing_date_0": day.day, "viewing-viewing_date_1": day.month,
                 "viewing-viewing_date_2": day.year, "viewing-viewing_time": "10:00"})
    changed = Offer.objects.get(pk=offer.pk)
    assert changed.status == Offer.Status.VIEWING_ARRANGED
    assert timezone.localtime(changed.viewing_at).time() == dt.time(10, 0)


def test_refusing_then_assessing_unreasonable_shows_the_penalty(client, a1, offer, officer):
    client.force_login(officer)
    response = client.post(url("staff-offer-refuse", offer.pk), {"refuse-reason_text": "x"})
    assert_refused(response, "Choose why they refused the offer")
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.ISSUED

    client.post(url("staff-offer-refuse", offer.pk),
                {"refuse-reason_code": "decor", "refuse-reason_text": "Dislikes the kitchen."})
    refused = Offer.objects.get(pk=offer.pk)
    assert (refused.status, refused.refusal_reason_code) == (Offer.Status.REFUSED, "decor")
    page = text(client.get(url("staff-offer", offer.pk)))
    assert "Usually not a reasonable reason" in page and "Assess the refusal" in page

    response = client.post(url("staff-offer-assess", offer.pk),
                           {"assess-assessment": "unreasonable", "assess-note": "  "})
    assert_refused(response, "Enter the reasons for your decision")
    assert Offer.objects.get(pk=offer.pk).refusal_assessment == ""

    response = client.post(url("staff-offer-assess", offer.pk),
                           {"assess-assessment": "unreasonable",
                            "assess-note": "The home meets every need we assessed."},
                           follow=True)

    assessed = Offer.objects.get(pk=offer.pk)
    assert assessed.refusal_assessment == Offer.Assessment.UNREASONABLE
    page = text(response)
    assert "Band A priority to be removed: a suitable offer was refused." in page
    assert "Assess the refusal" not in page


def test_withdrawing_the_offer_needs_a_reason(client, offer, officer):
    client.force_login(officer)
    response = client.post(url("staff-offer-withdraw", offer.pk), {"withdraw-reason": ""})
    assert_refused(response, "Enter why the offer is being withdrawn")
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.ISSUED

    response = client.post(url("staff-offer-withdraw", offer.pk),
                           {"withdraw-reason": "Gas safety check failed"}, follow=True)

    withdrawn = Offer.objects.get(pk=offer.pk)
    assert (withdrawn.status, withdrawn.withdrawn_reason) == (Offer.Status.WITHDRAWN,
                                                              "Gas safety check failed")
    assert "Withdrawn because Gas safety check failed" in text(response)


def test_a_refused_offer_cannot_be_accepted(client, offer, officer):
    offer_refuse(offer=offer, actor=officer, reason_code="decor")
    client.force_login(officer)
    response = client.post(url("staff-offer-accept", offer.pk))
    assert_refused(response)
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.REFUSED


def test_the_live_offers_list_marks_overdue_offers(client, a1, offer, officer, make_bidder):
    Offer.objects.filter(pk=offer.pk).update(
        offered_at=timezone.now() - dt.timedelta(days=10),
        respond_by=timezone.now() - dt.timedelta(hours=1))
    client.force_login(officer)

    page = text(client.get(url("staff-offers")))

    assert offer.application.reference in page and "Overdue" in page


def test_a_provider_user_cannot_work_a_shortlist_of_their_own_home(client, a1, provider_a):
    advert, entries = a1
    advert.property.landlord = provider_a
    advert.property.save(update_fields=["landlord"])
    client.force_login(UserFactory(username="provider-a2", role="provider",
                                   organisation=provider_a))
    assert client.get(url("staff-shortlist", advert.pk)).status_code == 403
    assert client.get(url("staff-shortlist-entry", entries["Q"].pk)).status_code == 403
