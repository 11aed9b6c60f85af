"""The order bidders are ranked in (DOMAIN.md §4.7, default keys).

Ascending; the first element matters most:
1. accessible-need match (when the advert ranks matching needs first),
2. local lettings plan tier (when the plan is a priority, not a condition),
3. quota group (when the advert ranks its quota group first),
4. band rank (A = 1),
5. band (effective) date, earliest first,
6. registration date, earliest first,
7. application id, a deterministic final tie-break.

When in the bidding window a bid was placed is deliberately not part of the key (§3.11).
Issue 6's shortlist generation uses the same key with the snapshot taken at close; the live
queue position the applicant sees uses it with today's data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lettings.rules.bid_validity import AdvertFacts, BidderFacts, in_areas, quota_group_of

FAR_FUTURE = dt.date(9999, 12, 31)


@dataclass(frozen=True)
class PriorityFacts:
    band_rank: int
    effective_date: dt.date | None
    registration_date: dt.date | None
    application_id: int


def advert_tiers(bidder: BidderFacts, advert: AdvertFacts, *, accessible_priority: bool,
                 llp_priority_areas: tuple[str, ...] | None) -> list[int]:
    """The parts of the key that depend on this advert (0 ranks first)."""
    accessible = 0
    if accessible_priority:
        accessible = 0 if bidder.mobility_need and bidder.mobility_need in \
            advert.access_needs_met else 1
    llp = 0
    if llp_priority_areas is not None:
        llp = 0 if in_areas(bidder.postcodes, llp_priority_areas) else 1
    quota = 0
    if advert.quota_group and advert.quota_mode == "priority":
        quota = 0 if advert.quota_group in quota_group_of(bidder) else 1
    return [accessible, llp, quota]


def sort_key(tiers: list[int] | tuple[int, ...], priority: PriorityFacts) -> tuple:
    """The full key: tiers, band rank, band date, registration date, application id."""
    padded = tuple(tiers) + (0,) * (3 - len(tiers))
    return (*padded[:3], priority.band_rank, priority.effective_date or FAR_FUTURE,
            priority.registration_date or FAR_FUTURE, priority.application_id)
