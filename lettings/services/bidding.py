"""Placing and withdrawing bids (DOMAIN.md §3.11, §4.6, §4.8, §5.2 step 4).

Concurrency: a bid locks the applicant's application row first, so one applicant's bids are
counted and placed one at a time (20 simultaneous bids at a limit of 3 make exactly 3), then the
advert row, so a bid and the advert's closing cannot interleave. The unique constraint on live
bids per application and advert is the last line against duplicates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.models import Application
from housing.core.exceptions import ApplicationError, ConflictError
from housing.scheme.selectors import scheme_in_force
from lettings import policies, selectors
from lettings.models import Advert, Bid
from lettings.rules.bid_validity import Stage, check_bid
from lettings.rules.shortlist_order import advert_tiers
from lettings.services._bulk import update_with_history

# Refusals about the state of things (not about who the applicant is) are conflicts (409).
CONFLICT_CODES = frozenset({"duplicate", "limit", "closed", "not_open"})


_PLACED_REASON: dict[str, str] = {
    Bid.PlacedBy.APPLICANT: "Bid placed by the applicant",
    Bid.PlacedBy.OFFICER: "Bid placed by an officer on the applicant's behalf",
    Bid.PlacedBy.AUTO: "Automatic bid",
}


class BidRefused(ApplicationError):
    """The rules do not allow this bid; ``reasons`` lists every failing rule."""

    def __init__(self, reasons: list[str], codes: list[str]) -> None:
        super().__init__("You cannot bid for this home.", {"advert": reasons})
        self.reasons = reasons
        self.codes = codes
        if set(codes) & CONFLICT_CODES:
            self.status_code = 409


def _placed_by(actor: Any, application: Application) -> str:
    if actor is None:
        return Bid.PlacedBy.AUTO
    if policies.bids_on_behalf(actor):
        return Bid.PlacedBy.OFFICER
    return Bid.PlacedBy.APPLICANT


@transaction.atomic
def bid_place(*, application: Application, advert: Advert, actor: Any,
              channel: str = Bid.Channel.WEB, now: dt.datetime | None = None) -> Bid:
    """Place a bid for ``application`` on ``advert``: by the applicant, by an officer on their
    behalf (recorded as such), or by the system (``actor`` None: an automatic bid). Every rule
    is checked; a refusal lists every reason."""
    now = now or timezone.now()
    if actor is not None and not policies.can_bid_for(actor, application):
        raise ApplicationError("You cannot bid for this application.",
                               {"application": ["Not an application you can bid for."]})
    # Lock order: application, then advert (close locks only adverts and bids).
    Application.objects.select_for_update().filter(pk=application.pk).first()
    locked_advert = (Advert.objects.select_for_update(no_key=True, of=("self",))
                     .select_related("property", "local_lettings_plan")
                     .filter(pk=advert.pk).first())
    if locked_advert is None:
        raise ApplicationError("There is no such advert.", {"advert": ["No such advert."]})
    app = selectors.bidder_applications([application.pk]).get()
    scheme = scheme_in_force(on=timezone.localdate(now))
    counts = selectors.bid_counts(app)
    facts = selectors.bidder_facts(app, on=timezone.localdate(now), live_bids=counts.live,
                                   bids_this_cycle=counts.by_cycle.get(locked_advert.cycle_id, 0),
                                   already_bid=locked_advert.pk in counts.adverts)
    advert_facts = selectors.advert_facts(locked_advert)
    validity = check_bid(facts, advert_facts, selectors.bid_policy(scheme), now=now,
                         stage=Stage.PLACEMENT)
    if not validity.valid:
        raise BidRefused(validity.messages, validity.codes)
    placed_by = _placed_by(actor, app)
    bid = Bid(application=app, advert=locked_advert, placed_at=now, placed_by=placed_by,
              placed_by_user=actor if actor is not None else None,
              channel=Bid.Channel.AUTO if actor is None else channel,
              tiers=advert_tiers(facts, advert_facts,
                                 accessible_priority=locked_advert.accessible_need_priority,
                                 llp_priority_areas=selectors.llp_priority_areas(locked_advert)))
    bid._change_reason = _PLACED_REASON[placed_by]  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            bid.save()
    except IntegrityError as exc:
        raise BidRefused(["You have already bid for this home."], ["duplicate"]) from exc
    return bid


@transaction.atomic
def bid_withdraw(*, bid: Bid, actor: Any, now: dt.datetime | None = None) -> Bid:
    """Withdraw a bid while the advert is still taking bids; its slot is freed at once."""
    now = now or timezone.now()
    if not policies.can_withdraw_bid(actor, bid):
        raise ApplicationError("You cannot withdraw this bid.")
    Application.objects.select_for_update().filter(pk=bid.application_id).first()
    locked = (Bid.objects.select_for_update(of=("self",)).select_related("advert").get(pk=bid.pk))
    if locked.status == Bid.Status.WITHDRAWN:
        return locked
    if locked.status != Bid.Status.PLACED or not locked.advert.is_open_for_bids(now):
        raise ConflictError("Bidding for this home has closed, so the bid can no longer be "
                            "withdrawn. If you no longer want this home, contact us.",
                            {"bid": ["Bidding has closed."]})
    locked.status = Bid.Status.WITHDRAWN
    locked.withdrawn_at = now
    locked.withdrawn_by = actor
    locked._change_reason = ("Withdrawn by an officer" if policies.bids_on_behalf(actor)  # type: ignore[attr-defined]
                             else "Withdrawn by the applicant")
    locked.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "updated_at"])
    return locked


def bids_recheck_at_close(*, advert: Advert, now: dt.datetime) -> tuple[list[Bid], int]:
    """Re-check every placed bid on a closed advert (inside the caller's transaction, with the
    advert locked). Bids that are no longer valid are marked invalid with the reasons; valid
    ones get their priority snapshot (§3.11 ``snapshot_at_close``). Someone under offer
    elsewhere keeps their bids, frozen until that offer is decided (§4.8). The bidders' facts
    are read in five queries (``selectors.bidders_at_close``).

    Invalid and frozen bids are written here (with history, two statements). The valid bids
    are returned with their snapshot set but not saved: ``shortlist_generate`` writes each of
    them once, snapshot and new status together, with one history row — writing them here too
    would rewrite 5,000 rows and their history twice on a popular home (docs/performance.md).
    Returns the valid, unfrozen bids (to be shortlisted) and the number made invalid."""
    today = timezone.localdate(now)
    scheme = scheme_in_force(on=today)
    policy = selectors.bid_policy(scheme)
    ranks = selectors.band_ranks(scheme)
    advert_facts = selectors.advert_facts(advert)
    # Only what is read or rewritten here (the history is copied from the rows themselves).
    bids = list(Bid.objects.select_for_update().filter(advert=advert, status=Bid.Status.PLACED)
                .only("id", "application_id", "advert_id", "status", "tiers", "snapshot",
                      "invalid_reasons").order_by("pk"))
    bidders = selectors.bidders_at_close({b.application_id for b in bids}, on=today)
    taken_at = now.isoformat()
    valid: list[Bid] = []
    written: list[Bid] = []   # invalid and frozen
    invalid = 0
    for bid in bids:
        bidder = bidders[bid.application_id]
        facts = bidder.facts
        result = check_bid(facts, advert_facts, policy, now=now, stage=Stage.CLOSE)
        frozen = result.codes == ["under_offer"]
        if result.valid or frozen:
            bid.snapshot = {
                "taken_at": taken_at, "band": facts.band,
                "band_rank": ranks.get(facts.band),
                "effective_date": (bidder.effective_date.isoformat()
                                   if bidder.effective_date else None),
                "registration_date": (bidder.registration_date.isoformat()
                                      if bidder.registration_date else None),
                "bedroom_need": bidder.bedroom_need, "eligible_sizes": list(facts.eligible_sizes),
                "household_size": facts.household_size, "mobility_need": facts.mobility_need,
                "is_social_tenant": facts.is_social_tenant,
                "application_type": facts.application_type, "tiers": list(bid.tiers or []),
                "frozen_under_offer": frozen,
            }
            if not frozen:
                valid.append(bid)   # saved by shortlist_generate, with its new status
                continue
            bid._change_reason = "Checked at close: frozen while under offer"  # type: ignore[attr-defined]
        else:
            bid.status = Bid.Status.INVALIDATED
            bid.invalid_reasons = result.messages
            bid._change_reason = "Checked at close: no longer valid"  # type: ignore[attr-defined]
            invalid += 1
        bid.updated_at = now
        written.append(bid)
    update_with_history(written, Bid, ["status", "snapshot", "invalid_reasons", "updated_at"],
                        date=now)
    return valid, invalid


def bid_check_at_offer(*, bid: Bid, now: dt.datetime | None = None) -> list[str]:
    """The rules again, before an offer (§4.6: checked at placement, at close and at offer).
    Returns every reason the bidder no longer qualifies (empty: still valid)."""
    advert = (Advert.objects.select_related("property", "local_lettings_plan")
              .get(pk=bid.advert_id))
    app = selectors.bidder_applications([bid.application_id]).get()
    return selectors.bid_validity(app, advert, now=now, stage=Stage.OFFER).messages
