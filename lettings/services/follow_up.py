"""What happens after adverts go live: automatic bids for applicants who have them (DOMAIN.md
§4.8 auto-bid / assisted bidding) and property alerts for applicants who asked for them.

``publication_follow_up`` runs from ``cycles.lettings_run_due`` (so from Celery beat) and works
in bounded batches of adverts. It is safe to run twice and after a crash: an advert is marked
done only after both steps; an automatic bid goes through ``bid_place`` (which refuses
duplicates and respects the limit under a row lock), and each alert is recorded once per
applicant per advert.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Sequence

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from housing.core.exceptions import ApplicationError
from housing.scheme.selectors import scheme_in_force
from lettings import selectors
from lettings.models import Advert, AdvertAlertSent, BiddingPreference
from lettings.rules.bid_validity import AdvertFacts, BidPolicy, Stage, check_bid
from lettings.services.bidding import bid_place

logger = logging.getLogger(__name__)
ADVERT_BATCH = 500
APPLICATION_BATCH = 500


def _chunks(ids: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start:start + size])


def publication_follow_up(*, now: dt.datetime | None = None) -> int:
    """Automatic bids and alerts for live adverts not yet followed up (one batch)."""
    now = now or timezone.now()
    adverts = list(Advert.objects.filter(status=Advert.Status.LIVE, followed_up_at__isnull=True,
                                         closes_at__gt=now)
                   .select_related("property", "local_lettings_plan")
                   .order_by("pk")[:ADVERT_BATCH])
    if not adverts:
        return 0
    auto_bids_place(adverts=adverts, now=now)
    alerts_send(adverts=adverts, now=now)
    Advert.objects.filter(pk__in=[a.pk for a in adverts]).update(followed_up_at=now)
    return len(adverts)


def _auto_bidders(today: dt.date) -> list[int]:
    return list(BiddingPreference.objects
                .filter(auto_bid=True, application__status=Application.Status.ACTIVE)
                .filter(Q(auto_bid_until__isnull=True) | Q(auto_bid_until__gte=today))
                .values_list("application_id", flat=True).order_by("application_id"))


def _best_first(app: Application, adverts: Sequence[Advert], areas: Sequence[str]) -> list[Advert]:
    """The best-matching homes first: the exact size the household needs, then the areas they
    prefer, then those closing soonest."""
    need = app.bedroom_need
    latest = dt.datetime.max.replace(tzinfo=dt.UTC)

    def key(advert: Advert) -> tuple[int, int, dt.datetime, str]:
        return (0 if advert.property.bedrooms == need else 1,
                0 if advert.property.area in areas else 1,
                advert.closes_at or latest, advert.reference)

    return sorted(adverts, key=key)


def auto_bids_place(*, adverts: Sequence[Advert], now: dt.datetime) -> int:
    """Place automatic bids, within each applicant's limit, on the best-matching adverts they
    may bid for among ``adverts``."""
    candidates = [(a, selectors.advert_facts(a)) for a in adverts if a.auto_bid_eligible]
    if not candidates:
        return 0
    scheme = scheme_in_force(on=timezone.localdate(now))
    policy = selectors.bid_policy(scheme)
    placed = 0
    for ids in _chunks(_auto_bidders(timezone.localdate(now)), APPLICATION_BATCH):
        prefs = dict(BiddingPreference.objects.filter(application_id__in=ids)
                     .values_list("application_id", "areas"))
        for app in selectors.bidder_applications(ids):
            facts = selectors.bidder_facts(app, on=timezone.localdate(now))
            suitable = [a for a, a_facts in candidates
                        if check_bid(facts, a_facts, policy, now=now, stage=Stage.CLOSE).valid]
            for advert in _best_first(app, suitable, prefs.get(app.pk) or []):
                try:
                    bid_place(application=app, advert=advert, actor=None, now=now)
                except ApplicationError as exc:
                    # At the limit, or already bid: the rest of this applicant's list is moot
                    # once the limit is reached.
                    if "limit" in getattr(exc, "codes", []):
                        break
                    continue
                placed += 1
    logger.info("automatic bids placed", extra={"bids": placed})
    return placed


def _alert_recipients() -> list[int]:
    return list(BiddingPreference.objects
                .filter(alerts_enabled=True, application__status=Application.Status.ACTIVE)
                .values_list("application_id", flat=True).order_by("application_id"))


def _matching(app: Application, adverts: Sequence[tuple[Advert, AdvertFacts]],
              policy: BidPolicy, now: dt.datetime) -> list[Advert]:
    facts = selectors.bidder_facts(app, on=timezone.localdate(now))
    return [a for a, a_facts in adverts
            if check_bid(facts, a_facts, policy, now=now, stage=Stage.CLOSE).valid]


def alerts_send(*, adverts: Sequence[Advert], now: dt.datetime) -> int:
    """Email each applicant who asked for alerts about the new adverts they could bid for, once
    per advert."""
    if not adverts:
        return 0
    scheme = scheme_in_force(on=timezone.localdate(now))
    policy = selectors.bid_policy(scheme)
    with_facts = [(a, selectors.advert_facts(a)) for a in adverts]
    sent = 0
    for ids in _chunks(_alert_recipients(), APPLICATION_BATCH):
        already = set(AdvertAlertSent.objects.filter(application_id__in=ids,
                                                     advert__in=adverts)
                      .values_list("application_id", "advert_id"))
        prefs = {p.application_id: p for p in BiddingPreference.objects
                 .filter(application_id__in=ids).select_related("application__applicant_user")}
        for app in selectors.bidder_applications(ids):
            new = [a for a in _matching(app, with_facts, policy, now)
                   if (app.pk, a.pk) not in already]
            pref = prefs[app.pk]
            user = pref.application.applicant_user
            email = pref.alerts_email or (user.email if user else "")
            if not new or not email:
                continue
            if _record_alert(app, new, pref, now):
                sent += 1
                _email_alert(email, new)
    return sent


def _record_alert(app: Application, adverts: Sequence[Advert], pref: BiddingPreference,
                  now: dt.datetime) -> bool:
    try:
        with transaction.atomic():
            AdvertAlertSent.objects.bulk_create(
                [AdvertAlertSent(application=app, advert=a, sent_at=now) for a in adverts])
            BiddingPreference.objects.filter(pk=pref.pk).update(alerts_last_sent_at=now)
    except IntegrityError:
        return False  # another run got there first
    return True


def _email_alert(email: str, adverts: Sequence[Advert]) -> None:
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    lines = []
    for advert in adverts:
        prop = advert.property
        size = "Studio" if prop.bedrooms == 0 else f"{prop.bedrooms} bedroom"
        closes = timezone.localtime(advert.closes_at)
        kind = prop.get_property_type_display().lower()
        lines.append(f"- {size} {kind}, {prop.area or prop.town}, £{prop.weekly_total:.2f} a "
                     f"week. Bids close {closes:%A %d %B at %H:%M}.\n"
                     f"  {base}{reverse('lettings:home-detail', args=[advert.reference])}")
    body = ("New homes you can bid for have been advertised:\n\n" + "\n".join(lines)
            + "\n\nYou get these emails because you asked for property alerts. You can turn "
              "them off on your bids page.\n\n" + settings.COUNCIL_NAME)
    transaction.on_commit(lambda: send_mail(
        subject=f"New homes you can bid for – {settings.COUNCIL_NAME}", message=body,
        from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[email], fail_silently=True))
