"""Placing and withdrawing bids (``lettings.services.bidding``), the live queue position
(``lettings.selectors``) and the re-check before an offer (DOMAIN.md §3.11, §4.6–4.8, §5.2)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from applications.models import Application
from applications.services.status import application_transition
from housing.core.exceptions import ApplicationError, ConflictError
from lettings import selectors
from lettings.models import Advert, Bid
from lettings.services.bidding import BidRefused, bid_check_at_offer, bid_place, bid_withdraw
from lettings.services.cycles import advert_close
from tests.factories import AdvertFactory, CycleFactory, PropertyFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def live_advert(cycle=None, **prop):  # type: ignore[no-untyped-def]
    """A live advert for a two-bedroom flat (unless ``prop`` says otherwise) in an open cycle."""
    fields = {"bedrooms": 2, "bedspaces": 4, **prop}
    return AdvertFactory(property=PropertyFactory(**fields), cycle=cycle or CycleFactory())


def ranks() -> dict[str, int]:
    return {"A": 1, "B": 2, "C": 3, "D": 4}


# --- Who places the bid ---------------------------------------------------------------------------

def test_applicant_places_their_own_bid(make_bidder, applicant):
    application = make_bidder(user=applicant)
    advert = live_advert()

    bid = bid_place(application=application, advert=advert, actor=applicant)

    bid.refresh_from_db()
    assert bid.status == Bid.Status.PLACED
    assert bid.placed_by == Bid.PlacedBy.APPLICANT
    assert bid.placed_by_user == applicant
    assert bid.channel == Bid.Channel.WEB
    assert bid.application == application
    assert bid.tiers == [0, 0, 0]
    assert bid.history.first().history_change_reason == "Bid placed by the applicant"


def test_officer_places_a_bid_on_the_applicants_behalf(make_bidder, officer):
    application = make_bidder()
    advert = live_advert()

    bid = bid_place(application=application, advert=advert, actor=officer,
                    channel=Bid.Channel.PHONE)

    bid.refresh_from_db()
    assert bid.placed_by == Bid.PlacedBy.OFFICER
    assert bid.placed_by_user == officer
    assert bid.channel == Bid.Channel.PHONE
    assert bid.history.first().history_change_reason == ("Bid placed by an officer on the "
                                                         "applicant's behalf")


def test_system_bid_without_an_actor_is_an_automatic_bid(make_bidder):
    application = make_bidder()
    advert = live_advert()

    bid = bid_place(application=application, advert=advert, actor=None,
                    channel=Bid.Channel.WEB)

    bid.refresh_from_db()
    assert bid.placed_by == Bid.PlacedBy.AUTO
    assert bid.placed_by_user is None
    assert bid.channel == Bid.Channel.AUTO


def test_bid_stores_the_advert_specific_tiers(make_bidder):
    # A wheelchair home that ranks people whose assessed need it meets first.
    advert = live_advert(mobility_category="wheelchair")
    Advert.objects.filter(pk=advert.pk).update(
        accessible_need_priority=True, mobility_accepted=["wheelchair", "step_free"])
    advert.refresh_from_db()
    needs_it = make_bidder(mobility="wheelchair")
    does_not = make_bidder()

    assert bid_place(application=needs_it, advert=advert, actor=None).tiers == [0, 0, 0]
    assert bid_place(application=does_not, advert=advert, actor=None).tiers == [1, 0, 0]


def test_applicant_cannot_bid_for_someone_elses_application(make_bidder, applicant):
    mine = make_bidder(user=applicant)
    theirs = make_bidder()
    advert = live_advert()

    with pytest.raises(ApplicationError) as exc:
        bid_place(application=theirs, advert=advert, actor=applicant)

    assert exc.value.message == "You cannot bid for this application."
    assert not Bid.objects.exists()
    # Their own still works.
    assert bid_place(application=mine, advert=advert, actor=applicant).pk


def test_provider_user_cannot_bid_for_an_applicant(make_bidder, provider_user_a):
    with pytest.raises(ApplicationError):
        bid_place(application=make_bidder(), advert=live_advert(), actor=provider_user_a)
    assert not Bid.objects.exists()


# --- Refusals -------------------------------------------------------------------------------------

def test_refused_bid_lists_every_reason_and_creates_nothing(make_bidder, applicant):
    application = make_bidder(user=applicant, sizes=(1,))
    advert = live_advert(bedrooms=3, bedspaces=5)
    Advert.objects.filter(pk=advert.pk).update(label=Advert.Label.TRANSFER)

    with pytest.raises(BidRefused) as exc:
        bid_place(application=application, advert=advert, actor=applicant)

    assert exc.value.status_code == 400
    assert exc.value.codes == ["size", "label"]
    assert exc.value.reasons == [
        "This home has 3 bedrooms. You can bid for 1-bedroom homes.",
        "This home is only for existing council or housing association tenants who want to "
        "move.",
    ]
    assert exc.value.errors == {"advert": exc.value.reasons}
    assert exc.value.message == "You cannot bid for this home."
    assert not Bid.objects.exists()


def test_suspended_applicant_is_refused_with_the_suspension_reason(make_bidder, officer):
    application = make_bidder()
    application_transition(application=application, to=Application.Status.ACTIVE_SUSPENDED,
                           actor=officer, reason="You refused two suitable offers.")

    with pytest.raises(BidRefused) as exc:
        bid_place(application=application, advert=live_advert(), actor=officer)

    assert exc.value.reasons == ["Your bidding is suspended: You refused two suitable offers."]
    assert exc.value.status_code == 400


def test_duplicate_bid_is_a_conflict(make_bidder, applicant):
    application = make_bidder(user=applicant)
    advert = live_advert()
    bid_place(application=application, advert=advert, actor=applicant)

    with pytest.raises(BidRefused) as exc:
        bid_place(application=application, advert=advert, actor=applicant)

    assert exc.value.status_code == 409
    assert exc.value.reasons == ["You have already bid for this home."]
    assert Bid.objects.count() == 1


def test_bid_over_the_limit_is_a_conflict(make_bidder, applicant):
    application = make_bidder(user=applicant)
    cycle = CycleFactory()
    adverts = [live_advert(cycle) for _ in range(4)]
    for advert in adverts[:3]:
        bid_place(application=application, advert=advert, actor=applicant)

    with pytest.raises(BidRefused) as exc:
        bid_place(application=application, advert=adverts[3], actor=applicant)

    assert exc.value.status_code == 409
    assert exc.value.codes == ["limit"]
    assert exc.value.reasons == ["You already have 3 live bids, the most you can have at one "
                                 "time. Withdraw one to bid for this home."]
    assert Bid.objects.count() == 3


def test_bid_after_the_advert_closes_is_refused_with_a_clear_message(make_bidder, applicant):
    application = make_bidder(user=applicant)
    cycle = CycleFactory(opens_at=dt.datetime(2026, 3, 5, 0, 0, tzinfo=LONDON),
                         closes_at=dt.datetime(2026, 3, 9, 23, 59, tzinfo=LONDON))
    advert = live_advert(cycle)
    after = advert.closes_at + dt.timedelta(minutes=1)
    expected = "Bidding for this home closed on Monday 9 March 2026 at 23:59."

    with pytest.raises(BidRefused) as still_live:
        bid_place(application=application, advert=advert, actor=applicant, now=after)
    assert advert_close(advert=advert, now=after)
    with pytest.raises(BidRefused) as closed:
        bid_place(application=application, advert=advert, actor=applicant, now=after)

    for exc in (still_live, closed):
        assert exc.value.status_code == 409
        assert exc.value.codes == ["closed"]
        assert exc.value.reasons == [expected]
    assert not Bid.objects.exists()


def test_bid_on_a_draft_advert_is_refused(make_bidder, applicant):
    advert = live_advert()
    Advert.objects.filter(pk=advert.pk).update(status=Advert.Status.DRAFT)

    with pytest.raises(BidRefused) as exc:
        bid_place(application=make_bidder(user=applicant), advert=advert, actor=applicant)

    assert exc.value.reasons == ["This home is not taking bids."]


# --- Withdrawing ----------------------------------------------------------------------------------

def test_withdrawing_a_bid_frees_a_slot(make_bidder, applicant):
    application = make_bidder(user=applicant)
    cycle = CycleFactory()
    adverts = [live_advert(cycle) for _ in range(4)]
    bids = [bid_place(application=application, advert=a, actor=applicant) for a in adverts[:3]]
    assert selectors.bid_allowance(application).left == 0

    withdrawn = bid_withdraw(bid=bids[0], actor=applicant)

    assert withdrawn.status == Bid.Status.WITHDRAWN
    assert withdrawn.withdrawn_at is not None
    assert withdrawn.withdrawn_by == applicant
    assert selectors.bid_allowance(application).left == 1
    assert bid_place(application=application, advert=adverts[3], actor=applicant).is_live


def test_withdrawing_twice_changes_nothing(make_bidder, applicant):
    bid = bid_place(application=make_bidder(user=applicant), advert=live_advert(),
                    actor=applicant)
    first = bid_withdraw(bid=bid, actor=applicant)

    again = bid_withdraw(bid=bid, actor=applicant)

    assert again.withdrawn_at == first.withdrawn_at


def test_bid_cannot_be_withdrawn_after_the_advert_closes(make_bidder, applicant):
    advert = live_advert()
    bid = bid_place(application=make_bidder(user=applicant), advert=advert, actor=applicant)
    after = advert.closes_at + dt.timedelta(seconds=1)
    advert_close(advert=advert, now=after)

    with pytest.raises(ConflictError) as exc:
        bid_withdraw(bid=bid, actor=applicant, now=after)

    assert exc.value.message == ("Bidding for this home has closed, so the bid can no longer "
                                 "be withdrawn. If you no longer want this home, contact us.")
    bid.refresh_from_db()
    assert bid.status == Bid.Status.SHORTLISTED  # closing ranked it; withdrawing changed nothing


def test_someone_else_cannot_withdraw_a_bid(make_bidder, applicant):
    bid = bid_place(application=make_bidder(), advert=live_advert(), actor=None)

    with pytest.raises(ApplicationError):
        bid_withdraw(bid=bid, actor=applicant)
    bid.refresh_from_db()
    assert bid.status == Bid.Status.PLACED


def test_officer_may_withdraw_a_bid_on_the_applicants_behalf(make_bidder, officer):
    bid = bid_place(application=make_bidder(), advert=live_advert(), actor=None)

    withdrawn = bid_withdraw(bid=bid, actor=officer)

    assert withdrawn.status == Bid.Status.WITHDRAWN
    assert withdrawn.withdrawn_by == officer


# --- Queue position -------------------------------------------------------------------------------

def test_queue_position_follows_band_then_band_date_then_registration_never_placement_time(
        make_bidder):
    advert = live_advert()
    start = advert.opens_at + dt.timedelta(hours=1)
    # Placed in this order, an hour apart: the last to bid ranks first.
    people = [
        ("c_old", make_bidder(band="C", effective=dt.date(2019, 1, 1),
                              registered=dt.date(2019, 1, 1))),
        ("b_late_reg", make_bidder(band="B", effective=dt.date(2024, 3, 1),
                                   registered=dt.date(2022, 5, 10))),
        ("b_late_date", make_bidder(band="B", effective=dt.date(2024, 6, 1),
                                    registered=dt.date(2020, 1, 1))),
        ("b_early_reg", make_bidder(band="B", effective=dt.date(2024, 3, 1),
                                    registered=dt.date(2021, 11, 2))),
        ("a_new", make_bidder(band="A", effective=dt.date(2025, 1, 15),
                              registered=dt.date(2025, 1, 15))),
    ]
    bids = {name: bid_place(application=app, advert=advert, actor=None,
                            now=start + dt.timedelta(hours=i))
            for i, (name, app) in enumerate(people)}

    positions = selectors.queue_positions(advert.pk, ranks=ranks())

    by_name = {name: positions[bid.pk] for name, bid in bids.items()}
    assert by_name == {"a_new": 1, "b_early_reg": 2, "b_late_reg": 3, "b_late_date": 4,
                       "c_old": 5}
    assert selectors.bid_position(bids["a_new"]) == 1
    assert selectors.bid_position(bids["c_old"]) == 5


def test_higher_band_bid_placed_later_goes_above_an_earlier_one(make_bidder):
    advert = live_advert()
    early = bid_place(application=make_bidder(band="C"), advert=advert, actor=None,
                      now=advert.opens_at + dt.timedelta(minutes=1))
    assert selectors.bid_position(early) == 1

    late = bid_place(application=make_bidder(band="B"), advert=advert, actor=None,
                     now=advert.opens_at + dt.timedelta(days=1))

    assert selectors.bid_position(late) == 1
    assert selectors.bid_position(early) == 2


def test_withdrawn_bids_leave_the_queue(make_bidder, officer):
    advert = live_advert()
    top = bid_place(application=make_bidder(band="A"), advert=advert, actor=None)
    second = bid_place(application=make_bidder(band="B"), advert=advert, actor=None)
    assert selectors.bid_position(second) == 2

    bid_withdraw(bid=top, actor=officer)
    top.refresh_from_db()

    assert selectors.queue_positions(advert.pk, ranks=ranks()) == {second.pk: 1}
    assert selectors.bid_position(top) is None
    assert selectors.bid_position(second) == 1


def test_applicants_bid_list_shows_position_count_and_whether_they_can_withdraw(make_bidder):
    advert = live_advert()
    other = make_bidder(band="A")
    mine = make_bidder(band="C")
    bid_place(application=other, advert=advert, actor=None)
    bid = bid_place(application=mine, advert=advert, actor=None)

    rows = selectors.bids_for_application(mine)

    assert [(r.bid.pk, r.position, r.bid_count, r.can_withdraw) for r in rows] == [
        (bid.pk, 2, 2, True)]
    after = selectors.bids_for_application(mine, now=advert.closes_at)
    assert after[0].can_withdraw is False


# --- Re-checked before an offer -------------------------------------------------------------------

def test_check_at_offer_is_clean_when_nothing_changed(make_bidder):
    advert = live_advert()
    bid = bid_place(application=make_bidder(), advert=advert, actor=None)
    advert_close(advert=advert, now=advert.closes_at)

    assert bid_check_at_offer(bid=bid, now=advert.closes_at + dt.timedelta(days=3)) == []


def test_check_at_offer_reports_why_when_circumstances_changed_after_bidding(make_bidder,
                                                                              officer):
    advert = live_advert()
    application = make_bidder()
    bid = bid_place(application=application, advert=advert, actor=None)
    advert_close(advert=advert, now=advert.closes_at)
    application_transition(application=application, to=Application.Status.ACTIVE_SUSPENDED,
                           actor=officer, reason="Rent arrears over £500 with no arrangement.")

    reasons = bid_check_at_offer(bid=bid, now=advert.closes_at + dt.timedelta(days=3))

    assert reasons == ["Your bidding is suspended: Rent arrears over £500 with no arrangement."]
