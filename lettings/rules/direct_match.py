"""The checks on a proposed direct match (DOMAIN.md §4.11, §5.5 step 3).

Pure functions over plain data. A direct match is held to the same standing rules as a bid at
offer (§4.6: the application is active, the household fits the home, age, access, label, band
or quota, local lettings and landlord rules; ``bid_validity.check_bid`` at ``Stage.OFFER``), with
three differences:

- the words are the officer's, not the applicant's ("The applicant's application is closed",
  not "You cannot bid because …");
- a category the scheme lets match a home of another size (a safeguarding move, a management
  transfer, a decant, extra care) turns the bedroom-size rule into a note, not a bar;
- the applicant should normally be the highest-priority one with the relevant need; when an
  active applicant in a higher band also needs a home of this size, the officer must record why
  this applicant was chosen instead (§4.11 "record why if not").

Each check is ``{code, message, blocking}``: a blocking check stops the proposal (and the offer,
when the checks are run again before it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from lettings.rules.bid_validity import (
    NEED_TEXT,
    AdvertFacts,
    BidderFacts,
    BidPolicy,
    Reason,
    Stage,
    check_bid,
)

# The bid rules' codes whose words speak to the applicant ("you"), in the officer's words.
_STATUS_TEXT = {
    "draft": "The application has not been sent yet.",
    "submitted": "The application is still being checked.",
    "awaiting_information": "The application is waiting for information from the applicant.",
    "under_assessment": "The application is still being assessed.",
    "not_eligible": "The applicant was found not eligible to join the register.",
    "not_qualifying": "The applicant was found not to qualify to join the register.",
    "housed": "The applicant has been housed.",
    "closed": "The application is closed.",
}


@dataclass(frozen=True)
class Category:
    """One of the scheme's direct match categories (``SchemeVersion.direct_match_categories``)."""

    code: str
    label: str
    bedroom_need_must_match: bool = True

    @classmethod
    def from_scheme(cls, data: Mapping[str, Any]) -> Category:
        return cls(code=str(data["code"]), label=str(data.get("label") or data["code"]),
                   bedroom_need_must_match=bool(data.get("bedroom_need_must_match", True)))


@dataclass(frozen=True)
class Check:
    code: str
    message: str
    blocking: bool

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "blocking": self.blocking}


@dataclass(frozen=True)
class MatchChecks:
    checks: tuple[Check, ...]

    @property
    def blocking(self) -> list[Check]:
        return [check for check in self.checks if check.blocking]

    @property
    def passed(self) -> bool:
        return not self.blocking

    def as_list(self) -> list[dict[str, Any]]:
        return [check.as_dict() for check in self.checks]


def _sizes_text(sizes: tuple[int, ...]) -> str:
    words = ["a studio" if n == 0 else f"{n} bedroom{'s' if n != 1 else ''}"
             for n in sorted(set(sizes))]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _officer_words(reason: Reason, bidder: BidderFacts, home: AdvertFacts) -> str:
    """The bid rule's reason as the officer reads it about the applicant."""
    if reason.code == "not_active":
        return _STATUS_TEXT.get(bidder.status, "The application is not active.")
    if reason.code == "suspended":
        why = f": {bidder.suspension_reason}" if bidder.suspension_reason else "."
        return f"The applicant's bidding is suspended{why}"
    if reason.code == "under_offer":
        return ("The applicant is under offer for another home. They cannot be matched until "
                "that offer is settled.")
    if reason.code == "size":
        size = "a studio" if home.bedrooms == 0 else \
            f"{home.bedrooms} bedroom{'s' if home.bedrooms != 1 else ''}"
        if not bidder.eligible_sizes:
            return f"This home has {size}. The applicant's bedroom need has not been worked out."
        return (f"This home has {size}. The applicant needs "
                f"{_sizes_text(bidder.eligible_sizes)}.")
    if reason.code == "occupancy":
        span = (_people(home.max_occupancy) if home.min_occupancy == home.max_occupancy
                else f"{home.min_occupancy} to {_people(home.max_occupancy)}")
        return (f"This home is for {span}. The applicant's household is "
                f"{_people(bidder.household_size)}.")
    if reason.code == "partner_age":
        return (f"The applicant's partner must also be aged {home.min_age} or over for this "
                f"home.")
    if reason.code == "mobility_not_met":
        need = NEED_TEXT.get(bidder.mobility_need, "an accessible home")
        return (f"The applicant's medical assessment says they need {need}. This home does not "
                f"meet that need.")
    if reason.code == "local_connection":
        return reason.message.replace("you must live there or have lived there",
                                      "the applicant must live there or have lived there")
    return reason.message


def direct_match_checks(bidder: BidderFacts, home: AdvertFacts, policy: BidPolicy, *,
                        category: Category, now: dt.datetime, higher_priority: int,
                        priority_reason: str = "", at_offer: bool = False) -> MatchChecks:
    """Every check on matching this applicant with this home under ``category``, in a stable
    order: the standing bid rules (each failing one blocks, except the bedroom-size rule under a
    category that allows another size, which is noted), then priority.

    ``higher_priority`` is how many active applicants in a higher band also need a home of this
    size. When there are any, the proposal needs ``priority_reason``; before the offer
    (``at_offer``) the count is shown again but never blocks, since a manager approved the match
    knowing who was waiting then."""
    # Being under offer elsewhere always stops a match, whatever the scheme says about bidding.
    strict = replace(policy, bid_while_under_offer=False)
    validity = check_bid(bidder, home, strict, now=now, stage=Stage.OFFER)
    checks: list[Check] = []
    for reason in validity.reasons:
        words = _officer_words(reason, bidder, home)
        if reason.code == "size" and not category.bedroom_need_must_match:
            checks.append(Check("size", f"{words} The category “{category.label}” allows a "
                                        f"home of another size, so this is noted, not a bar.",
                                blocking=False))
        else:
            checks.append(Check(reason.code, words, blocking=True))
    if not validity.reasons:
        checks.append(Check("criteria_met", "The applicant's application is active and they "
                                            "meet the home's criteria (size, occupancy, age, "
                                            "access, label and local rules).", blocking=False))
    checks.append(_priority_check(higher_priority, priority_reason, at_offer=at_offer))
    return MatchChecks(tuple(checks))


def _priority_check(higher: int, reason: str, *, at_offer: bool) -> Check:
    """§4.11: normally the highest-priority applicant with the relevant need is chosen; record
    why if not."""
    if higher <= 0:
        return Check("highest_priority", "No active applicant in a higher band needs a home of "
                                         "this size.", blocking=False)
    who = ("1 active applicant in a higher band also needs" if higher == 1
           else f"{higher} active applicants in a higher band also need")
    if reason.strip():
        return Check("priority", f"{who} a home of this size. The reason for choosing this "
                                 f"applicant is recorded.", blocking=False)
    if at_offer:
        return Check("priority", f"{who} a home of this size.", blocking=False)
    return Check("priority", f"{who} a home of this size. Say why this applicant should have it "
                             f"instead.", blocking=True)
