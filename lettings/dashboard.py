"""Lettings' cards: adverts and voids on the staff dashboard; bids and a tenancy to sign on the
applicant's account."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from housing.accounts import policies as account_policies
from housing.core.dashboard import ACCOUNT, STAFF, Card, register_card
from lettings import policies, selectors
from lettings.models import Advert, Bid, SignUp, Void


@register_card(surface=STAFF, order=20)
def lettings_card(user: Any) -> Card | None:
    """Lettings staff: adverts by status, and voids waiting to be advertised."""
    if not policies.is_lettings_staff(user):
        return None
    counts = dict(Advert.objects.values_list("status").annotate(n=Count("id")))
    rows: list[tuple[str, Any]] = [(label, counts.get(value, 0))
                                   for value, label in Advert.Status.choices
                                   if counts.get(value)]
    ready = Void.objects.filter(status=Void.Status.READY_TO_LET).count()
    rows.append(("Voids ready to advertise", ready))
    return Card(title="Adverts", rows=rows, total=sum(counts.values()),
                link_name="lettings:staff-adverts")


@register_card(surface=ACCOUNT, order=30)
def bids_card(user: Any) -> Card | None:
    """The applicant: their live bids and how many they have left."""
    if not account_policies.can_use_applicant_account(user):
        return None
    application = selectors.bidding_application_for(user)
    if application is None:
        return None
    live = Bid.objects.filter(application=application, status=Bid.Status.PLACED,
                              advert__status=Advert.Status.LIVE).count()
    allowance = selectors.bid_allowance(application)
    return Card(title="Your bids",
                rows=[("Live bids", live), ("Bids left", allowance.left)],
                link_name="lettings:portal-bids", link_text="See your bids and your place "
                                                            "in the queue")


@register_card(surface=ACCOUNT, order=25)
def tenancy_to_sign_card(user: Any) -> Card | None:
    """The applicant: a tenancy pack ready for them to sign (``signups_visible_to``)."""
    if not account_policies.can_use_applicant_account(user):
        return None
    ready = (policies.signups_visible_to(user).filter(status=SignUp.Status.READY)
             .select_related("property").first())
    if ready is None:
        return None
    return Card(title="Sign your tenancy",
                text=f"Your tenancy pack for {ready.property.address} is ready. Read it and "
                     "sign it online.",
                link_name="lettings:portal-tenancies", link_text="Read and sign your tenancy")
