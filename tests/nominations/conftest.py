"""Fixtures for nominations tests: agreements for the two test providers, a provider's home with
a void ready to let, vacancies opened through the service, an advertised home with the A.1
shortlist, and bidders (``make_bidder`` from the lettings tests).

The provider side may add its own fixtures in ``tests/nominations/provider_fixtures.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.utils import timezone

from housing.core import calendar
from lettings.models import Advert, BiddingCycle, ShortlistEntry, Void
from lettings.rules.bypass import CHECK_CODES
from lettings.services.bidding import bid_place
from lettings.services.cycles import advert_close
from lettings.services.shortlisting import shortlist_verify
from nominations.models import NominationAgreement, NominationRequest
from nominations.services.council import nomination_request_open
from tests.factories import AdvertFactory, CycleFactory, PropertyFactory, VoidFactory
from tests.lettings import conftest as _lettings_fixtures

# The lettings tests' bidders (an ACTIVE application with a current band award).
make_bidder = _lettings_fixtures.make_bidder


@pytest.fixture(autouse=True)
def _fresh_bank_holidays() -> Any:
    """The calendar caches bank holidays; each test reads the table afresh."""
    calendar.clear_cache()
    yield
    calendar.clear_cache()


def _agreement(provider: Any, **overrides: Any) -> NominationAgreement:
    data: dict[str, Any] = {
        "name": f"{provider.name} nomination agreement", "provider": provider,
        "effective_from": dt.date(2020, 4, 1), "first_let_share_pct": 100,
        "relet_share_pct": 50, "nominees_per_vacancy": 1}
    data.update(overrides)
    return NominationAgreement.objects.create(**data)


@pytest.fixture
def make_agreement() -> Callable[..., NominationAgreement]:
    return _agreement


@pytest.fixture
def agreement_a(provider_a: Any) -> NominationAgreement:
    return _agreement(provider_a)


@pytest.fixture
def agreement_b(provider_b: Any) -> NominationAgreement:
    return _agreement(provider_b)


@pytest.fixture
def make_void() -> Callable[..., Void]:
    """A void ready to let of a 2-bedroom flat owned by ``landlord``."""
    def make(landlord: Any, **extra: Any) -> Void:
        prop = PropertyFactory(landlord=landlord, bedrooms=2, bedspaces=4,
                               **extra.pop("property", {}))
        return cast(Void, VoidFactory(property=prop, **extra))
    return make


@pytest.fixture
def void_a(provider_a: Any, make_void: Any) -> Void:
    return cast(Void, make_void(provider_a))


@pytest.fixture
def void_b(provider_b: Any, make_void: Any) -> Void:
    return cast(Void, make_void(provider_b))


@pytest.fixture
def open_request(officer: Any) -> Callable[..., NominationRequest]:
    """Open a vacancy through the service (default: nomination only, a re-let, notified an hour
    ago, by the officer)."""
    def open_(void: Void, *, actor: Any = None,
              route: str = NominationRequest.Route.NOMINATION_ONLY, **extra: Any
              ) -> NominationRequest:
        extra.setdefault("received_at", timezone.now() - dt.timedelta(hours=1))
        return nomination_request_open(void=void, actor=actor or officer, route=route, **extra)
    return open_


@pytest.fixture
def request_a(agreement_a: Any, void_a: Void, open_request: Any) -> NominationRequest:
    """A nomination-only vacancy of provider A's home, waiting for a nominee."""
    return cast(NominationRequest, open_request(void_a))


@pytest.fixture
def request_b(agreement_b: Any, void_b: Void, open_request: Any) -> NominationRequest:
    return cast(NominationRequest, open_request(void_b))


def verify(entry: ShortlistEntry, officer: Any) -> ShortlistEntry:
    """Every verification check passed."""
    return shortlist_verify(entry=entry, actor=officer,
                            checks={code: True for code in CHECK_CODES})


@pytest.fixture
def advertised(provider_a: Any, agreement_a: Any, make_bidder: Any,
               open_request: Any
               ) -> tuple[NominationRequest, Advert, dict[str, ShortlistEntry]]:
    """Appendix A.1 on provider A's advertised home: Q (A), R (B, 2021), P (B, 2022), S (C)
    bid, bidding closed and the shortlist ranked Q, R, P, S; the vacancy is open on the
    advertised route (the advert found lazily when nominating)."""
    people = {
        "P": make_bidder(band="B", effective=dt.date(2024, 3, 1),
                         registered=dt.date(2022, 5, 10)),
        "Q": make_bidder(band="A", effective=dt.date(2025, 1, 15),
                         registered=dt.date(2025, 1, 15)),
        "R": make_bidder(band="B", effective=dt.date(2024, 3, 1),
                         registered=dt.date(2021, 11, 2)),
        "S": make_bidder(band="C", effective=dt.date(2019, 6, 1),
                         registered=dt.date(2019, 6, 1)),
    }
    prop = PropertyFactory(landlord=provider_a, bedrooms=2, bedspaces=4)
    void = cast(Void, VoidFactory(property=prop, status=Void.Status.ADVERTISED))
    request = open_request(void, route=NominationRequest.Route.ADVERTISED)
    cycle = cast(BiddingCycle, CycleFactory())
    advert = cast(Advert, AdvertFactory(cycle=cycle, allowed_sizes=[2], property=prop,
                                        void=void))
    for application in people.values():
        bid_place(application=application, advert=advert, actor=None)
    advert_close(advert=advert, now=cycle.closes_at)
    entries = {name: ShortlistEntry.objects.get(bid__application=application)
               for name, application in people.items()}
    return request, advert, entries


# The provider side's fixtures (nominees with data a provider may and may not see, nominations
# sent to providers A and B): tests/nominations/provider_fixtures.py.
from tests.nominations.provider_fixtures import (  # noqa: E402, F401
    make_nominee,
    nominate,
    nomination_a,
    nomination_b,
)
