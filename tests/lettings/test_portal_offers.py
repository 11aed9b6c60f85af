"""The applicant's offer pages: their own offers only, the deadline in plain English, the
final-offer warning, accepting, refusing with a reason, and what happens next (DOMAIN.md §3.13,
§4.9, §5.2 steps 8–9)."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any, cast

import pytest
from django.utils import timezone

from housing.core.dates import spoken_moment as when
from lettings.models import Advert, BiddingCycle, Offer, ShortlistEntry
from lettings.services.bidding import bid_place
from lettings.services.cycles import advert_close
from lettings.services.offers import offer_make, offer_withdraw
from tests.factories import AdvertFactory, CycleFactory, PropertyFactory, UserFactory, VoidFactory

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _offer(make_bidder: Any, officer: Any, user: Any, *, others: int = 1,
           **offer_kwargs: Any) -> Offer:
    """An offer to ``user``'s application, top of a shortlist with ``others`` bidders below."""
    cycle = cast(BiddingCycle, CycleFactory())
    void = VoidFactory(status="advertised",
                       property=PropertyFactory(bedrooms=2, bedspaces=4, area="Northfield",
                                                service_charge="12.50",
                                                tenancy_type_offered="introductory"))
    advert = cast(Advert, AdvertFactory(cycle=cycle, property=void.property, void=void,
                                        allowed_sizes=[2]))
    bid_place(application=make_bidder(band="A", user=user), advert=advert, actor=None)
    for _ in range(others):
        bid_place(application=make_bidder(band="C"), advert=advert, actor=None)
    advert_close(advert=advert, now=cycle.closes_at)
    entry = advert.shortlist.get(rank=1)
    return offer_make(entry=entry, actor=officer, **offer_kwargs)


def _past_deadline(offer: Offer) -> Offer:
    now = timezone.now()
    Offer.objects.filter(pk=offer.pk).update(offered_at=now - dt.timedelta(days=9),
                                             respond_by=now - dt.timedelta(hours=2))
    offer.refresh_from_db()
    return offer


def _url(offer: Offer, action: str = "") -> str:
    return f"/account/offers/{offer.pk}/{action + '/' if action else ''}"


# --- Plain English times -------------------------------------------------------------------------

def test_deadlines_are_said_in_uk_time_in_plain_english():
    winter = dt.datetime(2026, 11, 27, 14, 30, tzinfo=dt.UTC)
    summer = dt.datetime(2026, 7, 3, 13, 5, tzinfo=dt.UTC)  # 2:05pm British Summer Time
    assert when(winter) == "2:30pm on Friday 27 November 2026"
    assert when(summer) == "2:05pm on Friday 3 July 2026"
    noon = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
    assert when(noon) == "midday on Friday 27 November 2026"
    assert when(noon.replace(hour=9)) == "9:00am on Friday 27 November 2026"


# --- Seeing the offer ----------------------------------------------------------------------------

def test_applicant_sees_their_offer_with_the_home_rent_landlord_and_deadline(
        client, make_bidder, officer, applicant):
    offer = _offer(make_bidder, officer, applicant)
    client.force_login(applicant)

    response = client.get(_url(offer))

    assert response.status_code == 200
    text = _text(response)
    prop = offer.property
    assert "2 bedroom flat in Northfield" in text
    assert prop.address in text
    assert "£110.00 a week" in text and "£12.50 a week" in text and "£122.50 a week" in text
    assert "Introductory tenancy" in text
    assert prop.landlord.name in text
    assert f"Answer by {when(offer.respond_by)}" in text
    assert "We will contact you to arrange a viewing." in text
    html = response.content.decode()
    assert f'href="{_url(offer, "accept")}"' in html
    assert f'href="{_url(offer, "refuse")}"' in html
    assert "This is a final offer" not in text


def test_a_viewing_is_shown_in_plain_english(client, make_bidder, officer, applicant):
    viewing = timezone.now() + dt.timedelta(days=2)
    offer = _offer(make_bidder, officer, applicant, viewing_at=viewing)
    client.force_login(applicant)

    text = _text(client.get(_url(offer)))

    assert f"Your viewing is at {when(viewing)} (UK time)." in text
    assert f"Answer by {when(viewing + dt.timedelta(hours=48))}" in text


def test_a_final_offer_carries_the_s193_warning_and_the_advice_to_accept_and_ask_for_a_review(
        client, make_bidder, officer, applicant):
    offer = _offer(make_bidder, officer, applicant, is_final_offer=True)
    client.force_login(applicant)

    for page in ("", "accept", "refuse"):
        text = _text(client.get(_url(offer, page)))
        assert "This is a final offer" in text, page
        assert "Housing Act 1996, section 193" in text
        assert "(section 202) within 21 days" in text
        assert "We strongly advise you to accept the offer and ask for a review at the same " \
               "time." in text

    client.post(_url(offer, "refuse"), {"reason_code": "decor"})
    text = _text(client.get(_url(offer)))
    assert "This was a final offer. Refusing it is likely to end our homelessness duty to " \
           "you." in text
    assert "(section 202) within 21 days" in text


def test_only_the_applicant_whose_offer_it_is_can_see_or_answer_it(
        client, make_bidder, officer, applicant):
    offer = _offer(make_bidder, officer, applicant)
    someone_else = UserFactory(username="someone-else", role="applicant")
    client.force_login(someone_else)

    for page in ("", "accept", "refuse"):
        assert client.get(_url(offer, page)).status_code == 404
    assert client.post(_url(offer, "accept")).status_code == 404
    assert client.post(_url(offer, "refuse"), {"reason_code": "decor"}).status_code == 404
    assert client.get("/account/offers/999999/").status_code == 404

    offer.refresh_from_db()
    assert offer.status == Offer.Status.ISSUED


def test_staff_and_anonymous_people_cannot_use_the_applicant_offer_pages(
        client, make_bidder, officer, applicant):
    offer = _offer(make_bidder, officer, applicant)
    response = client.get(_url(offer))
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    client.force_login(officer)
    assert client.get(_url(offer)).status_code == 403
    assert client.post(_url(offer, "accept")).status_code == 403
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ISSUED


# --- Accepting -----------------------------------------------------------------------------------

def test_applicant_confirms_then_accepts_and_is_told_what_happens_next(
        client, make_bidder, officer, applicant):
    offer = _offer(make_bidder, officer, applicant)
    client.force_login(applicant)

    confirm = client.get(_url(offer, "accept"))
    assert confirm.status_code == 200
    assert "Are you sure you want to accept this home?" in _text(confirm)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ISSUED  # looking at the page changes nothing

    response = client.post(_url(offer, "accept"))

    assert response.status_code == 302 and response["Location"] == _url(offer)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED and offer.response_at is not None
    assert ShortlistEntry.objects.get(offer=offer).status == ShortlistEntry.Status.ACCEPTED
    text = _text(client.get(_url(offer)))
    assert "You accepted the offer of" in text
    assert "You have accepted this offer" in text
    assert "pre-tenancy checks" in text and "tenancy agreement" in text
    assert "Accept this offer" not in text

    again = client.post(_url(offer, "accept"))
    assert again.status_code == 409
    assert "You have already accepted this offer." in _text(again)


# --- Refusing ------------------------------------------------------------------------------------

def test_refusal_page_lists_the_schemes_reasons_as_radios_with_a_legend(
        client, make_bidder, officer, applicant):
    offer = _offer(make_bidder, officer, applicant)
    client.force_login(applicant)

    response = client.get(_url(offer, "refuse"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<legend" in html and "Why are you refusing this home?" in html
    assert html.count('type="radio"') == 9  # the default scheme's refusal reasons
    assert "The home does not meet an assessed medical or mobility need" in html
    assert 'value="other"' in html
    assert "<textarea" in html


def test_applicant_refuses_with_a_reason_and_is_told_an_officer_will_assess_it(
        client, make_bidder, officer, applicant):
    offer = _offer(make_bidder, officer, applicant)
    client.force_login(applicant)

    response = client.post(_url(offer, "refuse"), {"reason_code": "area_preference",
                                                    "reason_text": "  Too far from school. "})

    assert response.status_code == 302 and response["Location"] == _url(offer)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.REFUSED
    assert (offer.refusal_reason_code, offer.refusal_reason_text) == ("area_preference",
                                                                      "Too far from school.")
    text = _text(client.get(_url(offer)))
    assert "You refused this offer" in text
    assert "An officer will look at your reason and decide whether refusing this home was " \
           "reasonable." in text
    assert "2 refusals without a good reason within 12 months means your bidding is suspended " \
           "for 6 months." in text
    assert "You are in a priority band." in text  # band A under the default scheme
    # The offer is no longer live, so the bids page does not list it.
    assert _url(offer) not in client.get("/account/bids/").content.decode()


def test_another_reason_without_saying_why_is_refused_and_changes_nothing(
        client, make_bidder, officer, applicant):
    offer = _offer(make_bidder, officer, applicant)
    client.force_login(applicant)

    response = client.post(_url(offer, "refuse"), {"reason_code": "other", "reason_text": "  "})

    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Tell us why you are refusing the offer" in _text(response)
    assert 'href="#id_reason_text"' in html
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ISSUED and offer.refusal_reason_code == ""


@pytest.mark.parametrize(("data", "message"), [
    ({}, "Select why you are refusing the offer"),
    ({"reason_code": "not-a-reason"}, "Select a reason from the list"),
    ({"reason_code": "decor", "reason_text": "x" * 2001},
     "Tell us more in 2,000 characters or fewer"),
])
def test_bad_refusals_show_an_error_summary_and_change_nothing(
        client, make_bidder, officer, applicant, data, message):
    offer = _offer(make_bidder, officer, applicant)
    client.force_login(applicant)

    response = client.post(_url(offer, "refuse"), data)

    assert response.status_code == 400
    assert "There is a problem" in _text(response) and message in _text(response)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ISSUED


# --- The deadline --------------------------------------------------------------------------------

def test_after_the_deadline_the_applicant_cannot_answer_and_is_told_why(
        client, make_bidder, officer, applicant):
    offer = _past_deadline(_offer(make_bidder, officer, applicant))
    client.force_login(applicant)
    expected = (f"The time to answer this offer ended at {when(offer.respond_by)}. You can no "
                f"longer accept or refuse it online.")

    page = client.get(_url(offer))
    assert expected in _text(page)
    assert _url(offer, "accept") not in page.content.decode()
    assert expected in _text(client.get(_url(offer, "accept")))
    assert expected in _text(client.get(_url(offer, "refuse")))

    accept = client.post(_url(offer, "accept"))
    refuse = client.post(_url(offer, "refuse"), {"reason_code": "decor"})

    for response in (accept, refuse):
        assert response.status_code == 409
        assert "There is a problem" in _text(response) and expected in _text(response)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ISSUED and offer.response_at is None


def test_a_withdrawn_offer_says_it_does_not_count_as_a_refusal(
        client, make_bidder, officer, applicant):
    offer = _offer(make_bidder, officer, applicant)
    offer_withdraw(offer=offer, actor=officer, reason="Failed the gas safety check")
    client.force_login(applicant)

    text = _text(client.get(_url(offer)))

    assert "The landlord withdrew this offer" in text
    assert "This does not count as a refusal." in text
    assert client.post(_url(offer, "accept")).status_code == 409


# --- The bids page -------------------------------------------------------------------------------

def test_bids_page_links_to_the_applicants_live_offer_only(
        client, make_bidder, officer, applicant):
    offer = _offer(make_bidder, officer, applicant)
    stranger = UserFactory(username="stranger", role="applicant")
    theirs = _offer(make_bidder, officer, stranger)
    client.force_login(applicant)

    response = client.get("/account/bids/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Offers" in _text(response)
    assert f'href="{_url(offer)}"' in html
    assert _url(theirs) not in html
    assert "answer by" in _text(response)
