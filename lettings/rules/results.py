"""What a published lettings result says (DOMAIN.md §4.7 "Result publication", §7.2 "Published
lettings feedback", §4.11, §5.5 step 5).

Pure functions over plain data: the route a home was let by, whether the let is listed line by
line, and the home's published area. Nothing here sees a person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

BID, QUOTA, LOCAL_LETTINGS, DIRECT_MATCH, NOMINATION = (
    "bid", "quota", "llp", "direct_match", "nomination")

# Direct match categories whose lets are counted but never listed line by line when the scheme
# does not say otherwise (a category in the scheme may carry ``"published": true/false``):
# listing a safeguarding move or a management transfer by home, area and date could point at
# the household (DOMAIN.md §4.11: "counted and reported in aggregate even where not published
# individually for confidentiality"; Basildon).
CONFIDENTIAL_CATEGORIES = frozenset({"safeguarding", "management_transfer"})

# The demo's snapshots (and ranking keys) write a missing date as the far future.
_NO_DATE = "9999-12-31"


@dataclass(frozen=True)
class RouteFacts:
    """The let as the route rule needs it: whether it was a direct match or a nomination,
    the advert's local lettings plan (``"condition"``, ``"priority"`` or None) and quota
    (group and mode), and the successful bid's advert tiers ``[accessible, llp, quota]``
    (0 = met; ``lettings.rules.shortlist_order.advert_tiers``)."""

    direct_match: bool = False
    nomination: bool = False
    llp_mode: str | None = None
    quota_group: str = ""
    quota_mode: str = ""
    tiers: Sequence[int] = ()


def _tier(tiers: Sequence[int], index: int) -> int | None:
    return tiers[index] if len(tiers) > index else None


def letting_route(facts: RouteFacts) -> str:
    """How the home was let, as published (§4.7): by direct match; as a nomination; through
    the advert's local lettings plan, when the plan was a condition of bidding (everyone who
    could bid met it) or a priority the successful bidder met; through its quota, when the
    advert was kept for the quota group or the successful bidder was in the group the advert
    ranked first; otherwise an ordinary bid. A plan comes before a quota, as in the shortlist
    order."""
    if facts.direct_match:
        return DIRECT_MATCH
    if facts.nomination:
        return NOMINATION
    if facts.llp_mode == "condition" or (facts.llp_mode == "priority"
                                         and _tier(facts.tiers, 1) == 0):
        return LOCAL_LETTINGS
    if facts.quota_group and (facts.quota_mode == "restrict" or _tier(facts.tiers, 2) == 0):
        return QUOTA
    return BID


def is_published(*, route: str, category: str = "",
                 categories: Iterable[Mapping[str, Any]] = ()) -> bool:
    """Whether the let is listed line by line. Every let is counted; a direct match in a
    confidential category (a safeguarding move, a management transfer, or any category the
    scheme marks ``"published": false``) is counted but not listed."""
    if route != DIRECT_MATCH:
        return True
    for entry in categories:
        if entry.get("code") == category and "published" in entry:
            return bool(entry["published"])
    return category not in CONFIDENTIAL_CATEGORIES


def postcode_district(postcode: str) -> str:
    """The outward code ("BF3 4QT" → "BF3"): all of a postcode that is published."""
    text = "".join(postcode.split()).upper()
    if len(text) <= 3:
        return text
    return text[:-3]


def published_area(*, postcode: str, area: str) -> str:
    """"BF3, St Anne's": the postcode district and, where the home has one, its area name."""
    district = postcode_district(postcode)
    name = area.strip()
    if district and name:
        return f"{district}, {name}"[:60]
    return (district or name)[:60]


def snapshot_date(value: Any) -> dt.date | None:
    """A date from a bid's snapshot (ISO text), or None when missing or the far-future
    stand-in."""
    if not value or value == _NO_DATE:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
