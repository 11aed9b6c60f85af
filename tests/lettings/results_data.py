"""Published lettings results for the results page and API tests, made directly (the service
that writes them is tested in test_lets.py): a signed-up offer to a synthetic applicant and the
result row copied from it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from applications.models import Application
from housing.accounts.models import Organisation
from lettings.models import Advert, BiddingCycle, LettingResult, Offer
from tests.factories import (
    AdvertFactory,
    ApplicationFactory,
    CycleFactory,
    OrganisationFactory,
    PropertyFactory,
    UserFactory,
)


def closed_cycle(weeks_ago: int) -> BiddingCycle:
    """A weekly cycle that closed ``weeks_ago`` weeks ago (shortlisted)."""
    opens = timezone.now().replace(microsecond=0) - dt.timedelta(weeks=weeks_ago, days=4)
    cycle: BiddingCycle = CycleFactory(name=f"Week ending {weeks_ago} weeks ago",
                                       opens_at=opens, closes_at=opens + dt.timedelta(days=4),
                                       status="shortlisted")
    return cycle


def make_result(*, cycle: BiddingCycle | None = None, route: str = "bid",
                published: bool = True, let_on: dt.date | None = None, band: str = "B",
                bids: int | None = 12, landlord: Organisation | None = None,
                **fields: Any) -> tuple[LettingResult, Application]:
    """A let (and the application housed by it, whose details must never be published)."""
    officer = UserFactory(role="officer")
    landlord = landlord or OrganisationFactory(name="Brackenfield Borough Council")
    prop = PropertyFactory(landlord=landlord, postcode="BF3 4QT", area="St Anne's")
    advert: Advert | None = None
    if cycle is not None:
        advert = AdvertFactory(property=prop, cycle=cycle, status="let")
    application = ApplicationFactory(status="housed")
    now = timezone.now()
    offer = Offer.objects.create(application=application, property=prop, advert=advert,
                                 status=Offer.Status.SIGNED_UP, offered_by=officer,
                                 offered_at=now - dt.timedelta(days=3),
                                 respond_by=now + dt.timedelta(days=4))
    values: dict[str, Any] = {
        "offer": offer, "property": prop, "advert": advert, "cycle": cycle, "route": route,
        "let_on": let_on or timezone.localdate(),
        "reference": advert.reference if advert else "", "area": "BF3, St Anne's",
        "property_type": "flat", "bedrooms": 2, "landlord": landlord.name,
        "designation": "general_needs", "bids": bids if advert else None, "band": band,
        "band_name": f"Band {band}", "effective_date": dt.date(2023, 4, 5),
        "registration_date": dt.date(2021, 7, 8), "published": published}
    values.update(fields)
    return LettingResult.objects.create(**values), application
