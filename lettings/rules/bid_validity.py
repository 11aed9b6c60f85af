"""Who may bid for a home (DOMAIN.md §4.6) and how many bids they may hold (§4.8).

Pure functions over plain data. Each rule returns the reasons it fails, in the words the applicant
reads on the advert ("This home has 3 bedrooms. You can bid for 1-bedroom or 2-bedroom homes."),
so the portal, the API and the officer all see every failing rule, not just the first.

The same checks run when a bid is placed, again when the cycle closes, and again before an offer
(``Stage``). At close and at offer the bid already exists, so the window, the limit and the
duplicate checks do not apply; everything about the applicant and the home does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo

ACTIVE = "active"
SUSPENDED = "active_suspended"
UNDER_OFFER = "under_offer"
AGE_DESIGNATIONS = frozenset({"older_persons", "sheltered", "extra_care"})
NEED_TEXT = {
    "ground_or_lift": "a home on the ground floor or with a lift",
    "step_free": "a step-free home (accessible and adaptable, M4(2))",
    "wheelchair": "a wheelchair user home (M4(3))",
}
QUOTA_TEXT = {
    "homeless": "homeless households the council owes a housing duty",
    "transfer": "existing council and housing association tenants",
    "homeseeker": "applicants who are not already social tenants",
    "move_on": "people ready to move on from supported housing",
    "right_to_move": "social tenants moving for work (Right to Move)",
    "armed_forces": "members and former members of the armed forces",
}
STATUS_TEXT = {
    "draft": "Your application has not been sent yet, so you cannot bid.",
    "submitted": "We are still checking your application, so you cannot bid yet.",
    "awaiting_information": "We are waiting for information from you before we can assess "
                            "your application, so you cannot bid yet.",
    "under_assessment": "We are still assessing your application, so you cannot bid yet.",
    "not_eligible": "You cannot bid because we decided you are not eligible to join the "
                    "register.",
    "not_qualifying": "You cannot bid because we decided you do not qualify to join the "
                      "register.",
    "housed": "You cannot bid because you have been housed.",
    "closed": "You cannot bid because your application is closed.",
}


class Stage(StrEnum):
    PLACEMENT = "placement"
    CLOSE = "close"
    OFFER = "offer"


@dataclass(frozen=True)
class Reason:
    code: str
    message: str


@dataclass(frozen=True)
class BidderFacts:
    """What the rules need to know about the applicant, read from their application and
    current band award."""

    application_id: int
    status: str
    application_type: str = "homeseeker"
    is_social_tenant: bool = False
    band: str = ""
    eligible_sizes: tuple[int, ...] = ()
    household_size: int = 1
    lead_age: int | None = None
    partner_age: int | None = None
    children_ages: tuple[int, ...] = ()
    mobility_need: str = ""
    postcodes: tuple[str, ...] = ()
    suspension_reason: str = ""
    live_bids: int = 0
    bids_this_cycle: int = 0
    already_bid: bool = False


@dataclass(frozen=True)
class AdvertFacts:
    reference: str
    status: str
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    bedrooms: int
    sizes: tuple[int, ...]
    min_occupancy: int
    max_occupancy: int
    designation: str = "general_needs"
    min_age: int | None = None
    partner_min_age: bool = False
    floor_level: int = 0
    access_needs_met: tuple[str, ...] = ()
    mobility_required: bool = False
    label: str = "both"
    band_restriction: tuple[str, ...] = ()
    quota_group: str = ""
    quota_mode: str = "restrict"
    llp_name: str = ""
    llp_condition_areas: tuple[str, ...] | None = None
    local_connection_areas: tuple[str, ...] = ()
    landlord_rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class BidPolicy:
    """The scheme's bidding settings (SchemeVersion, §4.8)."""

    max_bids: int = 3
    limit_scope: str = "live"
    bid_while_under_offer: bool = False
    sheltered_bars_children: bool = True
    band_names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BidValidity:
    reasons: tuple[Reason, ...]

    @property
    def valid(self) -> bool:
        return not self.reasons

    @property
    def messages(self) -> list[str]:
        return [reason.message for reason in self.reasons]

    @property
    def codes(self) -> list[str]:
        return [reason.code for reason in self.reasons]


Rule = Callable[[BidderFacts, AdvertFacts, BidPolicy, dt.datetime], list[Reason]]


def _sizes_text(sizes: Sequence[int]) -> str:
    words = ["studio" if n == 0 else f"{n}-bedroom" for n in sorted(set(sizes))]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _split(postcode: str) -> tuple[str, str]:
    """Outward and inward parts: "bf3 4ab" → ("BF3", "4AB"); an outward code alone → ("BF3",
    "")."""
    parts = postcode.upper().split()
    if len(parts) >= 2:
        return parts[0], "".join(parts[1:])
    code = "".join(parts)
    return (code[:-3], code[-3:]) if len(code) > 4 else (code, "")


def in_areas(postcodes: Sequence[str], areas: Sequence[str]) -> bool:
    """Whether any postcode is in any area. An area is a district ("BF3"), a sector ("BF3 4")
    or a full postcode; "BF3" does not match "BF30 1AA"."""
    for postcode in postcodes:
        outward, inward = _split(postcode)
        for area in areas:
            a_out, a_in = _split(area) if " " in area.strip() else (area.strip().upper(), "")
            if outward == a_out and inward.startswith(a_in):
                return True
    return False


def application_can_bid(b: BidderFacts, a: AdvertFacts, p: BidPolicy,
                        now: dt.datetime) -> list[Reason]:
    """Rule 1: the application is active, bidding is not suspended, and the applicant is not
    under offer (unless the scheme lets people bid while under offer)."""
    if b.status == ACTIVE:
        return []
    if b.status == SUSPENDED:
        why = f": {b.suspension_reason}" if b.suspension_reason else "."
        return [Reason("suspended", f"Your bidding is suspended{why}")]
    if b.status == UNDER_OFFER:
        if p.bid_while_under_offer:
            return []
        return [Reason("under_offer", "You have been offered a home. You cannot bid for "
                                      "others until you decide about that offer.")]
    return [Reason("not_active", STATUS_TEXT.get(b.status, "Your application is not active, "
                                                           "so you cannot bid."))]


def advert_is_open(b: BidderFacts, a: AdvertFacts, p: BidPolicy,
                   now: dt.datetime) -> list[Reason]:
    """Bids are taken only between the advert's opening and closing times. When in that window
    a bid is placed never affects priority (§3.11)."""
    if a.status == "live" and a.opens_at and a.closes_at and a.opens_at <= now < a.closes_at:
        return []
    if a.opens_at and now < a.opens_at and a.status in ("approved", "live"):
        return [Reason("not_open", f"Bidding for this home opens on "
                                   f"{_when(a.opens_at)}.")]
    if a.closes_at and now >= a.closes_at:
        return [Reason("closed", f"Bidding for this home closed on {_when(a.closes_at)}.")]
    return [Reason("closed", "This home is not taking bids.")]


def not_already_bid(b: BidderFacts, a: AdvertFacts, p: BidPolicy,
                    now: dt.datetime) -> list[Reason]:
    """One bid per home."""
    if b.already_bid:
        return [Reason("duplicate", "You have already bid for this home.")]
    return []


def within_bid_limit(b: BidderFacts, a: AdvertFacts, p: BidPolicy,
                     now: dt.datetime) -> list[Reason]:
    """Rule 2 / §4.8: no more than the scheme's number of bids — live at any one time, or in
    each cycle. Withdrawing a bid before the advert closes frees its slot."""
    one = p.max_bids == 1
    if p.limit_scope == "cycle":
        if b.bids_this_cycle >= p.max_bids:
            used = "your bid" if one else f"all {p.max_bids} of your bids"
            return [Reason("limit", f"You have used {used} for this cycle. Withdraw "
                                    f"{'it' if one else 'one'} before bidding closes to bid for "
                                    f"this home instead.")]
        return []
    if b.live_bids >= p.max_bids:
        held = "1 live bid" if one else f"{p.max_bids} live bids"
        return [Reason("limit", f"You already have {held}, the most you can have at one time. "
                                f"Withdraw {'it' if one else 'one'} to bid for this home.")]
    return []


def right_size(b: BidderFacts, a: AdvertFacts, p: BidPolicy, now: dt.datetime) -> list[Reason]:
    """Rule 3: the home is a size the applicant may bid for, and the household fits the
    advert's occupancy."""
    reasons = []
    if not set(a.sizes) & set(b.eligible_sizes):
        home = "This is a studio" if a.bedrooms == 0 else f"This home has {a.bedrooms} bedroom" \
            + ("s" if a.bedrooms != 1 else "")
        if b.eligible_sizes:
            reasons.append(Reason("size", f"{home}. You can bid for {_sizes_text(b.eligible_sizes)}"
                                          f" homes."))
        else:
            reasons.append(Reason("size", f"{home}. We have not yet worked out the size of home "
                                          f"you need."))
    if not a.min_occupancy <= b.household_size <= a.max_occupancy:
        span = (_people(a.max_occupancy) if a.min_occupancy == a.max_occupancy
                else f"{a.min_occupancy} to {_people(a.max_occupancy)}")
        reasons.append(Reason("occupancy", f"This home is for {span}. Your household is "
                                           f"{_people(b.household_size)}."))
    return reasons


def age_designation(b: BidderFacts, a: AdvertFacts, p: BidPolicy,
                    now: dt.datetime) -> list[Reason]:
    """Rule 4: older persons', sheltered and extra care homes have a minimum age for the lead
    applicant (and the partner where the advert says so); the scheme may bar children."""
    if a.designation not in AGE_DESIGNATIONS and not a.min_age:
        return []
    reasons = []
    if a.min_age:
        if b.lead_age is None or b.lead_age < a.min_age:
            reasons.append(Reason("age", f"This home is for people aged {a.min_age} or over."))
        elif a.partner_min_age and b.partner_age is not None and b.partner_age < a.min_age:
            reasons.append(Reason("partner_age", f"Your partner must also be aged "
                                                 f"{a.min_age} or over for this home."))
    if a.designation in AGE_DESIGNATIONS and p.sheltered_bars_children and b.children_ages:
        reasons.append(Reason("children", "Children cannot live in this home because it is "
                                          "housing for older people."))
    return reasons


def accessibility(b: BidderFacts, a: AdvertFacts, p: BidPolicy,
                  now: dt.datetime) -> list[Reason]:
    """Rule 5: a home kept for people with a mobility need may be bid for only by someone whose
    assessed need it meets; and someone with an assessed need may bid only for homes that meet
    it."""
    reasons = []
    if a.mobility_required and b.mobility_need not in a.access_needs_met:
        needs = [NEED_TEXT[n] for n in a.access_needs_met if n in NEED_TEXT]
        listed = needs[0] if len(needs) == 1 else ", ".join(needs[:-1]) + " or " + needs[-1] \
            if needs else ""
        what = f"an assessed need for {listed}" if needs else "an assessed mobility need"
        reasons.append(Reason("mobility_required", f"This home is kept for people with {what}."))
    elif b.mobility_need and b.mobility_need not in a.access_needs_met:
        need = NEED_TEXT.get(b.mobility_need, "an accessible home")
        reasons.append(Reason("mobility_not_met", f"Your medical assessment says you need "
                                                  f"{need}. This home does not meet that need."))
    return reasons


def label(b: BidderFacts, a: AdvertFacts, p: BidPolicy, now: dt.datetime) -> list[Reason]:
    """Rule 6: transfer-only homes are for existing social tenants; homeseeker-only homes for
    everyone else."""
    if a.label == "transfer" and not b.is_social_tenant:
        return [Reason("label", "This home is only for existing council or housing association "
                                "tenants who want to move.")]
    if a.label == "homeseeker" and b.is_social_tenant:
        return [Reason("label", "This home is only for people who are not already council or "
                                "housing association tenants.")]
    return []


def quota_group_of(b: BidderFacts) -> set[str]:
    """The quota groups an applicant belongs to (§4.4.5)."""
    groups = set()
    if b.application_type == "homeless":
        groups.add("homeless")
    if b.is_social_tenant or b.application_type in ("transfer", "management_transfer", "decant"):
        groups.add("transfer")
    else:
        groups.add("homeseeker")
    if b.application_type in ("move_on", "right_to_move", "armed_forces"):
        groups.add(b.application_type)
    return groups


def band_or_quota(b: BidderFacts, a: AdvertFacts, p: BidPolicy,
                  now: dt.datetime) -> list[Reason]:
    """Rule 7: a band restriction, or a quota group that only its members may bid for."""
    reasons = []
    if a.band_restriction and b.band not in a.band_restriction:
        names = [p.band_names.get(code, f"Band {code}") for code in a.band_restriction]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        reasons.append(Reason("band", f"This home is only for applicants in {listed}."))
    if a.quota_group and a.quota_mode == "restrict" and a.quota_group not in quota_group_of(b):
        reasons.append(Reason("quota", f"This home is kept for "
                                       f"{QUOTA_TEXT.get(a.quota_group, a.quota_group)}."))
    return reasons


def local_lettings(b: BidderFacts, a: AdvertFacts, p: BidPolicy,
                   now: dt.datetime) -> list[Reason]:
    """Rules 8 and 9: a local lettings plan that is a condition, and the local-connection areas
    of a rural exception site, need the applicant to live in (or have lived in) the area."""
    reasons = []
    if a.llp_condition_areas is not None and not in_areas(b.postcodes, a.llp_condition_areas):
        reasons.append(Reason("llp", f"Under the local lettings plan ({a.llp_name}) this home is "
                                     f"for people who live or have lived in "
                                     f"{', '.join(a.llp_condition_areas)}."))
    if a.local_connection_areas and not in_areas(b.postcodes, a.local_connection_areas):
        reasons.append(Reason("local_connection",
                              f"This home is for people with a local connection to "
                              f"{', '.join(a.local_connection_areas)}: you must live there or "
                              f"have lived there."))
    return reasons


def landlord_rules(b: BidderFacts, a: AdvertFacts, p: BidPolicy,
                   now: dt.datetime) -> list[Reason]:
    """Rule 10: the landlord's own rules declared on the advert."""
    reasons = []
    rules = set(a.landlord_rules)
    if "no_children" in rules and any(age < 16 for age in b.children_ages):
        reasons.append(Reason("landlord_no_children", "The landlord does not let this home to "
                                                      "households with children under 16."))
    if ("no_young_children_above_first_floor" in rules and a.floor_level > 1
            and any(age < 10 for age in b.children_ages)):
        reasons.append(Reason("landlord_floor", "The landlord does not let homes above the "
                                                "first floor to households with children under "
                                                "10."))
    if "adults_only" in rules and b.children_ages:
        reasons.append(Reason("landlord_adults_only", "This home is for adults only."))
    return reasons


# Rules about the applicant and the home apply at every stage; these only when a bid is placed.
PLACEMENT_RULES: tuple[Rule, ...] = (advert_is_open, not_already_bid, within_bid_limit)
STANDING_RULES: tuple[Rule, ...] = (application_can_bid, right_size, age_designation,
                                    accessibility, label, band_or_quota, local_lettings,
                                    landlord_rules)


def check_bid(bidder: BidderFacts, advert: AdvertFacts, policy: BidPolicy, *,
              now: dt.datetime, stage: Stage = Stage.PLACEMENT) -> BidValidity:
    """Every reason the bid is not allowed, in a stable order (empty: the bid is valid)."""
    rules = STANDING_RULES if stage != Stage.PLACEMENT else (
        STANDING_RULES[:1] + PLACEMENT_RULES + STANDING_RULES[1:])
    reasons: list[Reason] = []
    for rule in rules:
        reasons.extend(rule(bidder, advert, policy, now))
    return BidValidity(tuple(reasons))


def _when(moment: dt.datetime) -> str:
    local = moment.astimezone(ZoneInfo("Europe/London"))
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M}".replace(" at 00:00",
                                                                              " at midnight")
