"""After adverts go live: automatic bids for applicants who have them, and property alerts by
email (``lettings.services.follow_up``; DOMAIN.md §4.8 auto-bid / assisted bidding)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from lettings.models import Advert, AdvertAlertSent, Bid, BiddingPreference
from lettings.services.bidding import bid_place
from lettings.services.follow_up import publication_follow_up
from tests.factories import AdvertFactory, CycleFactory, PropertyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_advert():  # type: ignore[no-untyped-def]
    """A live advert in this week's open cycle that has not been followed up yet."""
    cycle = CycleFactory()

    def make(bedrooms: int, area: str = "Northfield", **advert: Any) -> Advert:
        prop = PropertyFactory(bedrooms=bedrooms, bedspaces=max(bedrooms * 2, 2), area=area)
        return cast(Advert, AdvertFactory(cycle=cycle, property=prop, followed_up_at=None,
                                          **advert))

    return make


def auto_bidding(application: Application, **changes: Any) -> BiddingPreference:
    return BiddingPreference.objects.create(
        application=application, auto_bid=True, auto_bid_set_by="officer",
        auto_bid_reason="Time-limited emergency award", **changes)


def alerts_for(application: Application, **changes: Any) -> BiddingPreference:
    return BiddingPreference.objects.create(application=application, alerts_enabled=True,
                                            **changes)


def _bid_adverts(application: Application) -> set[int]:
    return set(Bid.objects.filter(application=application, status=Bid.Status.PLACED)
               .values_list("advert_id", flat=True))


# --- Automatic bids -------------------------------------------------------------------------------

def test_auto_bids_go_on_the_best_matching_valid_adverts_up_to_the_limit(make_bidder,
                                                                         new_advert):
    application = make_bidder(sizes=(1, 2))  # needs 2 bedrooms, may also bid for 1
    auto_bidding(application, areas=["Eastwood"])
    one_elsewhere = new_advert(1, area="Northfield")
    one_preferred = new_advert(1, area="Eastwood")
    two_a = new_advert(2, area="Northfield")
    two_b = new_advert(2, area="Westbrook")
    two_not_for_auto = new_advert(2, auto_bid_eligible=False)
    three = new_advert(3)

    assert publication_follow_up() == 6

    bids = Bid.objects.filter(application=application)
    assert {b.advert_id for b in bids} == {two_a.pk, two_b.pk, one_preferred.pk}
    assert {(b.placed_by, b.channel, b.placed_by_user_id) for b in bids} == {
        (Bid.PlacedBy.AUTO, Bid.Channel.AUTO, None)}
    assert two_not_for_auto.pk not in _bid_adverts(application)
    assert one_elsewhere.pk not in _bid_adverts(application)
    assert three.pk not in _bid_adverts(application)
    assert not Advert.objects.filter(followed_up_at__isnull=True).exists()


def test_auto_bids_count_bids_the_applicant_already_holds(make_bidder, new_advert):
    application = make_bidder(sizes=(2,))
    auto_bidding(application)
    held = [new_advert(2) for _ in range(2)]
    Advert.objects.filter(pk__in=[a.pk for a in held]).update(followed_up_at=timezone.now())
    for advert in held:
        bid_place(application=application, advert=advert, actor=None)
    fresh = [new_advert(2) for _ in range(3)]

    publication_follow_up()

    assert Bid.objects.filter(application=application, status=Bid.Status.PLACED).count() == 3
    assert len(_bid_adverts(application) & {a.pk for a in fresh}) == 1


def test_no_auto_bids_once_auto_bid_until_has_passed(make_bidder, new_advert):
    application = make_bidder()
    auto_bidding(application, auto_bid_until=timezone.localdate() - dt.timedelta(days=1))
    new_advert(2)

    publication_follow_up()

    assert not Bid.objects.exists()


def test_auto_bids_continue_until_the_last_day(make_bidder, new_advert):
    application = make_bidder()
    auto_bidding(application, auto_bid_until=timezone.localdate())
    advert = new_advert(2)

    publication_follow_up()

    assert _bid_adverts(application) == {advert.pk}


def test_no_auto_bids_for_applications_that_cannot_bid_or_have_auto_bid_off(make_bidder,
                                                                           new_advert):
    suspended = make_bidder(status="active_suspended")
    auto_bidding(suspended)
    turned_off = make_bidder()
    BiddingPreference.objects.create(application=turned_off, auto_bid=False)
    new_advert(2)

    publication_follow_up()

    assert not Bid.objects.exists()


def test_running_the_follow_up_again_places_nothing_more(make_bidder, new_advert):
    application = make_bidder(sizes=(2,))
    auto_bidding(application)
    for _ in range(4):
        new_advert(2)
    publication_follow_up()
    first = set(Bid.objects.values_list("pk", flat=True))
    assert len(first) == 3

    assert publication_follow_up() == 0
    # Even after a crash that lost the "done" marks, a re-run adds nothing.
    Advert.objects.update(followed_up_at=None)
    assert publication_follow_up() == 4

    assert set(Bid.objects.values_list("pk", flat=True)) == first


def test_adverts_that_have_closed_are_not_followed_up(make_bidder, new_advert):
    application = make_bidder()
    auto_bidding(application)
    advert = new_advert(2)

    assert publication_follow_up(now=advert.closes_at) == 0
    assert not Bid.objects.exists()


# --- Property alerts ------------------------------------------------------------------------------

def _advert_url(advert: Advert) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("lettings:home-detail",
                                                          args=[advert.reference])


def test_alert_email_lists_only_the_adverts_each_applicant_could_bid_for(
        make_bidder, new_advert, django_capture_on_commit_callbacks):
    alice = make_bidder(sizes=(2,))
    alerts_for(alice)
    bob = make_bidder(sizes=(1,))
    alerts_for(bob, alerts_email="bob.alerts@example.org")
    make_bidder(sizes=(2,))  # no preferences: no email
    suspended = make_bidder(sizes=(2,), status="active_suspended")
    alerts_for(suspended)
    two = new_advert(2, area="Northfield")
    one = new_advert(1, area="Eastwood")
    three = new_advert(3)

    with django_capture_on_commit_callbacks(execute=True):
        publication_follow_up()

    assert len(mail.outbox) == 2
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    to_alice = by_recipient[(alice.applicant_user.email,)]
    to_bob = by_recipient[("bob.alerts@example.org",)]
    assert to_alice.subject == f"New homes you can bid for – {settings.COUNCIL_NAME}"
    assert _advert_url(two) in to_alice.body
    assert "2 bedroom flat, Northfield, £110.00 a week." in to_alice.body
    assert _advert_url(one) not in to_alice.body
    assert _advert_url(one) in to_bob.body
    assert _advert_url(two) not in to_bob.body
    for message in mail.outbox:
        assert _advert_url(three) not in message.body
    assert set(AdvertAlertSent.objects.values_list("application_id", "advert_id")) == {
        (alice.pk, two.pk), (bob.pk, one.pk)}
    assert BiddingPreference.objects.get(application=alice).alerts_last_sent_at is not None


def test_alerts_are_not_sent_twice(make_bidder, new_advert,
                                   django_capture_on_commit_callbacks):
    alice = make_bidder(sizes=(2,))
    alerts_for(alice)
    first = new_advert(2)
    with django_capture_on_commit_callbacks(execute=True):
        publication_follow_up()
    assert len(mail.outbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        publication_follow_up()
        Advert.objects.update(followed_up_at=None)
        publication_follow_up()
    assert len(mail.outbox) == 1

    second = new_advert(2)
    with django_capture_on_commit_callbacks(execute=True):
        publication_follow_up()
    assert len(mail.outbox) == 2
    assert _advert_url(second) in mail.outbox[1].body
    assert _advert_url(first) not in mail.outbox[1].body


def test_no_alert_email_when_nothing_new_matches(make_bidder, new_advert,
                                                 django_capture_on_commit_callbacks):
    alerts_for(make_bidder(sizes=(1,)))
    new_advert(3)

    with django_capture_on_commit_callbacks(execute=True):
        publication_follow_up()

    assert mail.outbox == []
    assert not AdvertAlertSent.objects.exists()
