"""Adverts: made from a ready void, approved, published into a cycle (or their own window),
withdrawn or re-advertised (DOMAIN.md §3.10, §5.2 steps 2–3).

``advert_transition`` is the one place that changes an advert's status.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from housing.core.exceptions import ApplicationError, ConflictError
from housing.scheme.selectors import scheme_in_force
from lettings import policies
from lettings.models import Advert, Bid, BiddingCycle, Property, Void
from lettings.services._common import apply_fields, full_clean_or_raise, refuse_transition
from lettings.services.stock import void_transition

LONDON = ZoneInfo("Europe/London")
CRITERIA_FIELDS = (
    "title", "description", "label", "allowed_sizes", "min_occupancy", "max_occupancy",
    "min_age", "partner_min_age", "mobility_required", "mobility_accepted",
    "accessible_need_priority", "band_restriction", "quota_group", "quota_mode",
    "local_lettings_plan", "local_connection_areas", "landlord_rules", "auto_bid_eligible")
_LABELS = dict(Advert.Status.choices)
_ACCESS_NEEDS = ("wheelchair", "step_free", "ground_or_lift")


def _locked_adverts(*related: str) -> Any:
    """Adverts locked FOR UPDATE (only the advert row, not the joined ones)."""
    return Advert.objects.select_for_update(of=("self",)).select_related(*related)


def _require_staff(actor: Any) -> None:
    if not policies.can_manage_adverts(actor):
        raise ApplicationError("Only lettings officers can manage adverts.")


def advert_transition(*, advert: Advert, to: str, reason: str) -> Advert:
    """Move a locked advert to ``to`` (the caller holds the row lock and saves other fields
    with it), refusing any move the transitions table does not allow."""
    if not advert.can_move_to(to):
        raise refuse_transition("advert", _LABELS[advert.status], _LABELS.get(to, to))
    advert.status = to
    advert._change_reason = reason  # type: ignore[attr-defined]
    return advert


def _give_reference(advert: Advert) -> None:
    """The advert's reference comes from its id, known only once saved. Written without a
    second history entry, and the first entry is corrected to show it."""
    advert.reference = f"ADV-{advert.pk:06d}"
    Advert.objects.filter(pk=advert.pk).update(reference=advert.reference)
    advert.history.all().update(reference=advert.reference)


def default_criteria(prop: Property) -> dict[str, Any]:
    """What an advert for this home says by default: its own size and occupancy, the age limit
    of older persons' housing, and the access needs the home meets (a wheelchair home is kept
    for people who need one)."""
    return {
        "allowed_sizes": [prop.bedrooms],
        "min_occupancy": prop.min_occupancy,
        "max_occupancy": prop.bedspaces,
        "min_age": prop.min_age if prop.designation in Property.AGE_DESIGNATIONS else None,
        # A wheelchair home is kept for wheelchair users (§4.6 rule 5: the applicant's need
        # must be of the home's category); officers may widen it on the advert.
        "mobility_accepted": (["wheelchair"] if prop.mobility_category == "wheelchair"
                              else list(prop.access_needs_met)),
        "mobility_required": prop.mobility_category == "wheelchair",
        "accessible_need_priority": prop.mobility_category in ("wheelchair", "step_free"),
    }


def _check_criteria(advert: Advert) -> None:
    errors: dict[str, list[str]] = {}
    sizes = advert.allowed_sizes
    if not isinstance(sizes, list) or not all(isinstance(n, int) and 0 <= n <= 10
                                              for n in sizes):
        errors["allowed_sizes"] = ["Bedroom needs must be whole numbers from 0 to 10"]
    if advert.max_occupancy is not None and advert.max_occupancy > advert.property.bedspaces:
        errors["max_occupancy"] = [f"No more than the home's {advert.property.bedspaces} "
                                   f"bedspaces"]
    if not isinstance(advert.mobility_accepted, list) or any(
            n not in _ACCESS_NEEDS for n in advert.mobility_accepted):
        errors["mobility_accepted"] = ["Choose from the mobility needs listed"]
    if advert.mobility_required and not advert.mobility_accepted:
        errors["mobility_accepted"] = ["Say which mobility needs this home meets"]
    rules = set(Advert.LandlordRule.values)
    if not isinstance(advert.landlord_rules, list) or any(r not in rules
                                                          for r in advert.landlord_rules):
        errors["landlord_rules"] = ["Choose from the landlord rules listed"]
    for name in ("band_restriction", "local_connection_areas"):
        value = getattr(advert, name)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                                  for v in value):
            errors[name] = ["Enter a list of codes"]
    if not errors and advert.band_restriction:
        known = set(scheme_in_force().bands.values_list("code", flat=True))
        unknown = [code for code in advert.band_restriction if code not in known]
        if unknown:
            errors["band_restriction"] = [f"The scheme has no band {', '.join(unknown)}"]
    if errors:
        raise ApplicationError("Check the advert's criteria.", errors)


@transaction.atomic
def advert_create(*, void: Void, actor: Any, data: Mapping[str, Any] | None = None) -> Advert:
    """Draft an advert for a void that is ready to let. Criteria default from the home
    (``default_criteria``); ``data`` overrides them."""
    _require_staff(actor)
    locked = Void.objects.select_for_update(of=("self",)).select_related("property").get(pk=void.pk)
    if locked.status != Void.Status.READY_TO_LET:
        raise ConflictError("Only a void that is ready to let can be advertised.",
                            {"void": [f"This void is “{locked.get_status_display()}”."]})
    if Advert.objects.filter(void=locked, status__in=Advert.ACTIVE_STATUSES).exists():
        raise ConflictError("This void already has an advert.",
                            {"void": ["Already advertised."]})
    advert = Advert(property=locked.property, void=locked, created_by=actor,
                    reference=f"NEW-{secrets.token_hex(6)}",
                    **default_criteria(locked.property))
    apply_fields(advert, data or {}, CRITERIA_FIELDS)
    _check_criteria(advert)
    full_clean_or_raise(advert, "Check the advert's criteria.", exclude=["reference"])
    advert._change_reason = "Advert drafted"  # type: ignore[attr-defined]
    advert.save()
    _give_reference(advert)
    return advert


@transaction.atomic
def advert_update(*, advert: Advert, actor: Any, data: Mapping[str, Any]) -> Advert:
    """Change a draft's criteria. Changing an approved advert sends it back to draft, to be
    approved again."""
    _require_staff(actor)
    locked = _locked_adverts("property").get(pk=advert.pk)
    if locked.status not in (Advert.Status.DRAFT, Advert.Status.APPROVED):
        raise ConflictError("Only a draft or approved advert can be changed. Withdraw it and "
                            "re-advertise instead.")
    changed = apply_fields(locked, data, CRITERIA_FIELDS)
    _check_criteria(locked)
    full_clean_or_raise(locked, "Check the advert's criteria.")
    fields = [*changed, "updated_at"]
    if locked.status == Advert.Status.APPROVED:
        advert_transition(advert=locked, to=Advert.Status.DRAFT,
                          reason="Changed after approval: needs approving again")
        locked.approved_by = None
        locked.approved_at = None
        locked.cycle = None
        locked.opens_at = locked.closes_at = None
        fields += ["status", "approved_by", "approved_at", "cycle", "opens_at", "closes_at"]
    else:
        locked._change_reason = "Criteria changed"  # type: ignore[attr-defined]
    locked.save(update_fields=fields)
    return locked


@transaction.atomic
def advert_approve(*, advert: Advert, actor: Any) -> Advert:
    """A manager or senior officer checks the draft and approves it for publication."""
    if not policies.can_approve_adverts(actor):
        raise ApplicationError("Only a manager or senior officer can approve adverts.")
    locked = _locked_adverts("property").get(pk=advert.pk)
    if locked.status == Advert.Status.APPROVED:
        return locked
    advert_transition(advert=locked, to=Advert.Status.APPROVED, reason="Approved")
    locked.approved_by = actor
    locked.approved_at = timezone.now()
    locked.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return locked


def rolling_window(scheme: Any, start: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """A rolling advert takes bids from ``start`` until 23:59 on the last day of its window."""
    local = start.astimezone(LONDON)
    last_day = local.date() + dt.timedelta(days=scheme.rolling_window_days - 1)
    closes = dt.datetime.combine(last_day, dt.time(23, 59), tzinfo=LONDON)
    return start, closes


@transaction.atomic
def advert_publish(*, advert: Advert, actor: Any, cycle: BiddingCycle | None = None,
                   now: dt.datetime | None = None) -> Advert:
    """Publish an approved advert: into a cycle (the next one that has not closed, unless the
    officer picks one), or, for rolling schemes, into its own window starting now. It goes live
    straight away if its window has started; otherwise when the cycle opens."""
    _require_staff(actor)
    now = now or timezone.now()
    locked = Advert.objects.select_for_update(of=("self",)).select_related("property", "void").get(
        pk=advert.pk)
    if locked.status != Advert.Status.APPROVED:
        raise ConflictError("Only an approved advert can be published.",
                            {"status": [f"This advert is “{locked.get_status_display()}”."]})
    scheme = scheme_in_force(on=timezone.localdate(now))
    if cycle is None and scheme.cycle_mode == "rolling":
        locked.cycle = None
        locked.opens_at, locked.closes_at = rolling_window(scheme, now)
    else:
        if cycle is None:
            cycle = (BiddingCycle.objects.filter(
                status__in=[BiddingCycle.Status.SCHEDULED, BiddingCycle.Status.OPEN],
                closes_at__gt=now).order_by("opens_at").first())
            if cycle is None:
                raise ConflictError("There is no bidding cycle to publish into. Schedule the "
                                    "next cycles first.", {"cycle": ["No cycle scheduled."]})
        cycle = BiddingCycle.objects.select_for_update().get(pk=cycle.pk)
        if cycle.status not in (BiddingCycle.Status.SCHEDULED, BiddingCycle.Status.OPEN) \
                or cycle.closes_at <= now:
            raise ConflictError("That cycle has closed. Choose a later one.",
                                {"cycle": ["This cycle has closed."]})
        locked.cycle = cycle
        locked.opens_at = max(cycle.opens_at, now) if cycle.status == "open" else cycle.opens_at
        locked.closes_at = cycle.closes_at
    locked.published_at = now
    fields = ["cycle", "opens_at", "closes_at", "published_at", "updated_at"]
    if locked.opens_at <= now and (locked.cycle is None
                                   or locked.cycle.status == BiddingCycle.Status.OPEN):
        _go_live(locked, now)
        fields += ["status"]
    else:
        locked._change_reason = "Published: goes live when bidding opens"  # type: ignore[attr-defined]
    locked.save(update_fields=fields)
    return locked


def _go_live(advert: Advert, now: dt.datetime) -> None:
    advert_transition(advert=advert, to=Advert.Status.LIVE, reason="Live: taking bids")
    if advert.void is not None and advert.void.status == Void.Status.READY_TO_LET:
        void_transition(void=advert.void, to=Void.Status.ADVERTISED, actor=None,
                        on=timezone.localdate(now), reason=f"Advertised as {advert.reference}")
        advert.void.refresh_from_db()
    if advert.opens_at is None or advert.opens_at > now:
        advert.opens_at = now


def advert_go_live(*, advert: Advert, now: dt.datetime) -> bool:
    """Called when a cycle opens (and for rolling adverts when their window starts): an approved,
    published advert starts taking bids. Safe to call twice."""
    with transaction.atomic():
        locked = _locked_adverts("void").get(pk=advert.pk)
        if locked.status != Advert.Status.APPROVED or locked.published_at is None:
            return False
        _go_live(locked, now)
        locked.save(update_fields=["status", "opens_at", "updated_at"])
    return True


def _withdraw_live_bids(advert: Advert, actor: Any, why: str, now: dt.datetime) -> int:
    bids = list(Bid.objects.select_for_update().filter(advert=advert,
                                                       status__in=Bid.LIVE_STATUSES))
    for bid in bids:
        bid.status = Bid.Status.WITHDRAWN
        bid.withdrawn_at = now
        bid.withdrawn_by = actor if getattr(actor, "pk", None) else None
        bid.invalid_reasons = [why]
        bid._change_reason = why  # type: ignore[attr-defined]
        bid.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "invalid_reasons",
                                "updated_at"])
    return len(bids)


@transaction.atomic
def advert_withdraw(*, advert: Advert, actor: Any, reason: str,
                    now: dt.datetime | None = None) -> Advert:
    """Take an advert down (for example the tenant withdrew their notice). Its live bids are
    withdrawn with the reason, freeing the bidders' slots; an advertised void goes back to
    ready to let."""
    _require_staff(actor)
    if not reason.strip():
        raise ApplicationError("Say why the advert is being withdrawn.",
                               {"reason": ["Enter a reason"]})
    now = now or timezone.now()
    locked = _locked_adverts("void").get(pk=advert.pk)
    advert_transition(advert=locked, to=Advert.Status.WITHDRAWN,
                      reason=f"Withdrawn: {reason.strip()}")
    locked.withdrawn_reason = reason.strip()[:300]
    locked.save(update_fields=["status", "withdrawn_reason", "updated_at"])
    _withdraw_live_bids(locked, actor, "This home is no longer being advertised.", now)
    if locked.void is not None and locked.void.status == Void.Status.ADVERTISED:
        void_transition(void=locked.void, to=Void.Status.READY_TO_LET, actor=None,
                        reason=f"Advert {locked.reference} withdrawn")
    return locked


@transaction.atomic
def advert_readvertise(*, advert: Advert, actor: Any, reason: str) -> Advert:
    """No acceptable bidder: close this advert as re-advertised and draft a new one for the
    same home with the same criteria, to be checked (and widened if need be) and approved."""
    _require_staff(actor)
    if not reason.strip():
        raise ApplicationError("Say why the home is being re-advertised.",
                               {"reason": ["Enter a reason"]})
    locked = _locked_adverts("property").get(pk=advert.pk)
    advert_transition(advert=locked, to=Advert.Status.READVERTISED,
                      reason=f"Re-advertised: {reason.strip()}")
    locked.save(update_fields=["status", "updated_at"])
    copy = Advert(property=locked.property, void=locked.void, created_by=actor,
                  readvertised_from=locked, reference=f"NEW-{secrets.token_hex(6)}",
                  max_occupancy=locked.max_occupancy)
    for name in CRITERIA_FIELDS:
        setattr(copy, name, getattr(locked, name))
    copy._change_reason = f"Re-advertisement of {locked.reference}"  # type: ignore[attr-defined]
    copy.save()
    _give_reference(copy)
    return copy
