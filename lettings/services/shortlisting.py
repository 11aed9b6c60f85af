"""Shortlists (DOMAIN.md §3.12, §4.7, §5.2 step 5): when bidding on an advert closes, the valid
bids are ranked by the scheme's order with the priority snapshot taken at close, and the ranks
are stored, so the published result and any review can be reproduced. The same inputs always
give the same shortlist: the key ends with the application id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from lettings.models import Advert, Bid, ShortlistEntry
from lettings.rules.shortlist_order import PriorityFacts, sort_key
from lettings.services.adverts import advert_transition


def snapshot_key(bid: Bid) -> tuple[Any, ...]:
    """The §4.7 key from the bid's snapshot at close (band rank missing ranks last)."""
    snap = bid.snapshot
    facts = PriorityFacts(
        band_rank=snap.get("band_rank") or 99,
        effective_date=_date(snap.get("effective_date")),
        registration_date=_date(snap.get("registration_date")),
        application_id=bid.application_id)
    return sort_key(snap.get("tiers") or bid.tiers or [], facts)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _stored(key: tuple[Any, ...]) -> list[Any]:
    return [part.isoformat() if isinstance(part, dt.date) else part for part in key]


def shortlist_generate(*, advert: Advert, bids: Sequence[Bid], now: dt.datetime) -> int:
    """Rank ``bids`` (valid at close, with their snapshots) and store the shortlist; the bids
    become shortlisted and the advert moves to shortlisted. Inside the caller's transaction,
    with the advert locked and closed. Returns the number of entries."""
    ranked = sorted(bids, key=snapshot_key)
    entries = [ShortlistEntry(advert=advert, bid=bid, rank=rank,
                              sort_key=_stored(snapshot_key(bid)), created_at=now,
                              updated_at=now)
               for rank, bid in enumerate(ranked, start=1)]
    if entries:
        bulk_create_with_history(entries, ShortlistEntry, default_change_reason="Ranked at close",
                                 default_date=now)
        for bid in ranked:
            bid.status = Bid.Status.SHORTLISTED
            bid._change_reason = "Shortlisted"  # type: ignore[attr-defined]
        bulk_update_with_history(ranked, Bid, ["status"], default_date=now)
    people = f"{len(entries)} bidder{'s' if len(entries) != 1 else ''}"
    advert_transition(advert=advert, to=Advert.Status.SHORTLISTED, reason=f"Shortlisted: {people}")
    advert.save(update_fields=["status", "updated_at"])
    return len(entries)
