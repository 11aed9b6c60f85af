"""Recording the let of an accepted offer, and publishing its result (DOMAIN.md §4.7 "Result
publication", §5.2 step 10, §5.3 step 3, §7.2 "Published lettings feedback").

A council let is completed by the sign-up (``lettings.services.signups.countersign``), a
housing association's nomination let by the provider recording the tenancy start; both call
``let_record``: the offer is signed up, the advert and the void are let (with the tenancy's start
date), the applicant is housed and their application closed, a direct match is let, and one
``LettingResult`` row holds what may be published about the let. That row is copied at the let
and never points at the person.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from applications.models import Application, BandAward
from applications.services.status import application_transition
from housing.core.exceptions import ApplicationError, ConflictError
from housing.scheme.models import BandDefinition
from housing.scheme.selectors import scheme_in_force
from lettings import policies
from lettings.models import (
    Advert,
    Bid,
    DirectMatch,
    LettingResult,
    Offer,
    ShortlistEntry,
    Void,
)
from lettings.rules.results import (
    RouteFacts,
    is_published,
    letting_route,
    published_area,
    snapshot_date,
)
from lettings.services._common import refuse_transition
from lettings.services.adverts import advert_transition
from lettings.services.stock import void_transition

# How far ahead a tenancy start date may be recorded: a let is recorded when the tenancy is
# agreed, and tenancies usually start within a few weeks (commonly on a Monday).
LET_MAX_DAYS_AHEAD = 90
_OFFER_LABELS = dict(Offer.Status.choices)
# A void not yet marked offered (a direct match or a nomination the earlier steps did not move
# on) goes through "offered" to "let".
_VOID_BEFORE_OFFER = (Void.Status.ADVERTISED, Void.Status.DIRECT_MATCH,
                      Void.Status.NOMINATION_REQUESTED)


def _require_may_record(actor: Any, offer: Offer) -> None:
    """Lettings officers record any let; a registered provider's user records the let of
    their own nomination offer (the provider makes that offer and signs the tenancy, §5.4
    step 5)."""
    if policies.is_lettings_staff(actor):
        return
    if offer.offer_type == Offer.Type.NOMINATION and policies.can_record_let(actor,
                                                                            offer.property):
        return
    raise ApplicationError("Only lettings officers can record a let.")


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _check_let_on(offer: Offer, void: Void | None, let_on: dt.date, today: dt.date) -> None:
    offered_on = timezone.localdate(offer.offered_at)
    problem = ""
    if let_on < offered_on:
        problem = (f"The tenancy cannot start before the home was offered "
                   f"({_long(offered_on)})")
    elif let_on > today + dt.timedelta(days=LET_MAX_DAYS_AHEAD):
        problem = (f"The tenancy must start within {LET_MAX_DAYS_AHEAD} days "
                   f"(by {_long(today + dt.timedelta(days=LET_MAX_DAYS_AHEAD))})")
    elif void is not None and void.tenancy_end_date and let_on <= void.tenancy_end_date:
        problem = (f"The tenancy must start after the previous one ended "
                   f"({_long(void.tenancy_end_date)})")
    if problem:
        raise ApplicationError("Check the date the tenancy starts.", {"let_on": [problem]})


def bids_at_close(advert: Advert) -> int:
    """The number of bids published for an advert: every bid that still stood when bidding
    closed (valid, frozen or found invalid at close), so the figure matches the bid count
    people saw while it was open. Bids withdrawn before the close are not counted; bids
    withdrawn afterwards (say, the bidder accepted another home) still are."""
    closed = advert.closed_at or advert.closes_at
    bids = Bid.objects.filter(advert=advert)
    if closed is None:
        return bids.exclude(status=Bid.Status.WITHDRAWN).count()
    return bids.exclude(Q(status=Bid.Status.WITHDRAWN)
                        & (Q(withdrawn_at__isnull=True) | Q(withdrawn_at__lt=closed))).count()


def _band_name(code: str, on: dt.date) -> str:
    if not code:
        return ""
    try:
        scheme = scheme_in_force(on=on)
    except ApplicationError:
        return f"Band {code}"
    name = (BandDefinition.objects.filter(scheme=scheme, code=code)
            .values_list("name", flat=True).first())
    return name or f"Band {code}"


def _priority(offer: Offer, entry: ShortlistEntry | None, on: dt.date) -> dict[str, Any]:
    """The successful applicant's band and dates as published: from the winning bid's
    snapshot at close for a let through bidding (the priority the shortlist was ranked by),
    otherwise from their current band award."""
    snap = entry.bid.snapshot if entry is not None else {}
    if snap.get("band"):
        taken = snapshot_date(str(snap.get("taken_at") or "")[:10]) or on
        return {"band": str(snap["band"])[:8], "band_name": _band_name(str(snap["band"]), taken),
                "effective_date": snapshot_date(snap.get("effective_date")),
                "registration_date": snapshot_date(snap.get("registration_date"))}
    application = offer.application
    award = (BandAward.objects.filter(application=application, status=BandAward.Status.CURRENT)
             .first())
    band = award.band if award else application.band
    return {"band": band, "band_name": (award.band_name if award and award.band_name
                                        else _band_name(band, on)),
            "effective_date": award.effective_date if award else application.effective_date,
            "registration_date": application.registration_date}


def _route(offer: Offer, advert: Advert | None, match: DirectMatch | None,
           entry: ShortlistEntry | None) -> str:
    plan = advert.local_lettings_plan if advert is not None else None
    snap = entry.bid.snapshot if entry is not None else {}
    tiers = (snap.get("tiers") or entry.bid.tiers or []) if entry is not None else []
    return letting_route(RouteFacts(
        direct_match=match is not None,
        nomination=offer.offer_type == Offer.Type.NOMINATION,
        llp_mode=plan.mode if plan is not None else None,
        quota_group=advert.quota_group if advert is not None else "",
        quota_mode=advert.quota_mode if advert is not None else "",
        tiers=tuple(int(t) for t in tiers)))


def _void_for(offer: Offer, advert: Advert | None, match: DirectMatch | None) -> Void | None:
    if advert is not None and advert.void_id is not None:
        return Void.objects.select_for_update().get(pk=advert.void_id)
    if match is not None and match.void_id is not None:
        return Void.objects.select_for_update().get(pk=match.void_id)
    return (Void.objects.select_for_update()
            .filter(property=offer.property_id, status__in=Void.OPEN_STATUSES).first())


def _let_void(void: Void, let_on: dt.date, reason: str) -> None:
    if void.status in _VOID_BEFORE_OFFER:
        void = void_transition(void=void, to=Void.Status.OFFERED, actor=None, reason=reason)
    void_transition(void=void, to=Void.Status.LET, actor=None, on=let_on, reason=reason)


@transaction.atomic
def let_record(*, offer: Offer, actor: Any, let_on: dt.date,
               now: dt.datetime | None = None) -> LettingResult:
    """Record that the tenancy of an accepted offer has started on ``let_on`` (§5.2 step 10,
    §5.3 step 3): the offer is signed up, the advert and the void are let (the void's let date
    is the tenancy's start), the applicant is housed (and their application closed) and any bid
    they still have is withdrawn,
    a direct match is let; the other bidders' places on the shortlist stay as they are. Then
    the result is written for publication (§4.7): the home's summary, the bids, the band and
    dates the successful applicant was ranked with, and the route; a direct match in a
    confidential category is counted but not listed. Recording twice is refused: the offer is
    no longer "accepted"."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    locked = (Offer.objects.select_for_update(of=("self",))
              .select_related("property", "property__landlord", "shortlist_entry",
                              "shortlist_entry__bid")
              .get(pk=offer.pk))
    _require_may_record(actor, locked)
    if locked.status != Offer.Status.ACCEPTED:
        raise ConflictError(
            "Only an accepted offer can be recorded as let.",
            {"offer": [f"The offer is “{_OFFER_LABELS[locked.status]}”."]})
    match = (DirectMatch.objects.select_for_update(of=("self",))
             .filter(offer=locked).first())
    advert_id = locked.advert_id or (match.from_advert_id if match is not None else None)
    advert = (Advert.objects.select_for_update(of=("self",))
              .select_related("local_lettings_plan", "cycle").get(pk=advert_id)
              if advert_id is not None else None)
    void = _void_for(locked, advert, match)
    _check_let_on(locked, void, let_on, today)
    application = Application.objects.select_for_update().get(pk=locked.application_id)
    prop = locked.property
    entry = locked.shortlist_entry
    why = f"Let: tenancy starts {_long(let_on)}"

    if match is not None and not match.can_move_to(DirectMatch.Status.LET):
        labels = dict(DirectMatch.Status.choices)
        raise refuse_transition("direct match", labels[match.status],
                                labels[DirectMatch.Status.LET])
    if not locked.can_move_to(Offer.Status.SIGNED_UP):
        raise refuse_transition("offer", _OFFER_LABELS[locked.status],
                                _OFFER_LABELS[Offer.Status.SIGNED_UP])
    locked.status = Offer.Status.SIGNED_UP
    locked._change_reason = why  # type: ignore[attr-defined]
    locked.save(update_fields=["status", "updated_at"])

    if advert is not None and advert.pk == locked.advert_id \
            and advert.status == Advert.Status.OFFER_IN_PROGRESS:
        advert_transition(advert=advert, to=Advert.Status.LET, reason=why)
        advert.save(update_fields=["status", "updated_at"])
    if void is not None and void.status != Void.Status.LET:
        _let_void(void, let_on, why)
    application_transition(application=application, to=Application.Status.HOUSED,
                           actor=actor, reason=f"Housed: {prop} let from {_long(let_on)}")
    # Housed, and so closed on the register (§5.3 step 3): a later need is a new application.
    application_transition(application=application, to=Application.Status.CLOSED,
                           actor=actor, reason=f"Closed: housed at {prop}",
                           closed_reason="housed")
    # A housed applicant bids no more. Acceptance withdrew their other bids; any placed since
    # (where the scheme allows bidding while under offer) go now.
    leftover = (Bid.objects.select_for_update()
                .filter(application=application, status__in=Bid.LIVE_STATUSES)
                .exclude(advert=locked.advert_id))
    for bid in leftover:
        bid.status = Bid.Status.WITHDRAWN
        bid.withdrawn_at = now
        bid.invalid_reasons = ["You have been housed."]
        bid._change_reason = "Withdrawn: the applicant has been housed"  # type: ignore[attr-defined]
        bid.save(update_fields=["status", "withdrawn_at", "invalid_reasons", "updated_at"])
    if match is not None:
        match.status = DirectMatch.Status.LET
        match._change_reason = why  # type: ignore[attr-defined]
        match.save(update_fields=["status", "updated_at"])

    route = _route(locked, advert, match, entry)
    try:
        categories = scheme_in_force(on=min(let_on, today)).direct_match_categories
    except ApplicationError:
        categories = []
    result = LettingResult(
        offer=locked, property=prop, advert=advert,
        cycle=advert.cycle if advert is not None else None,
        route=route, let_on=let_on,
        reference=advert.reference if advert is not None else "",
        area=published_area(postcode=prop.postcode, area=prop.area),
        property_type=prop.property_type, bedrooms=prop.bedrooms,
        landlord=prop.landlord.name[:200], designation=prop.designation,
        bids=bids_at_close(advert) if advert is not None else None,
        published=is_published(route=route, category=match.category if match else "",
                               categories=categories),
        **_priority(locked, entry, let_on))
    result.full_clean(exclude=["offer"])
    result.save()
    return result
