"""Banding: which band an application is in, and the date it holds in that band.

DOMAIN §4.4.2 (bands and reason codes), §4.4.3 (band adjustments) and §4.4.4 (band date rules),
with Appendix A.2 as the worked example.

* The band is the highest band among the applicant's reason codes (§4.4.2). With no reason
  codes the applicant qualifies but has no reasonable preference, and goes in the lowest band.
* Cumulative need (§4.4.3, optional): K or more distinct reasons in one band (default two in
  Band C) lift the applicant to a higher band (default Band B). *R (Ahmad) v Newham* [2009]
  UKHL 14 means a council need not do this, so the scheme can switch it off.
* Reduced priority (§4.4.3, s166A(5)): the applicant goes to the lowest band, or one band down,
  as the scheme chooses.
* Band date (§4.4.4): first award dates from the application (high bands from the award, if the
  scheme says so); moving up dates from the new award; moving down keeps the date held in the
  higher band (variant: back to the application date); same band keeps the date; a review
  overturned or a reinstatement restores the date the applicant should have had.

Band codes, names, ranks and reason codes are all configuration (``BandScheme``), never
hard-coded: A–D, A–E or "Emergency" plus 1–4 all work. Reasons speak to the applicant ("you").

Pure Python: no Django imports.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

__all__ = [
    "REDUCED_PRIORITY_EFFECTS",
    "Band",
    "BandProposal",
    "BandScheme",
    "DateDecision",
    "DateRule",
    "ReasonRule",
    "band_effective_date",
    "parse_rp_categories",
    "propose_band",
]

ADDITIONAL_PREFERENCE = "ap"
REDUCED_PRIORITY_EFFECTS: tuple[str, ...] = ("lowest", "one_down")


def parse_rp_categories(value: str | Iterable[str]) -> tuple[str, ...]:
    """Reasonable-preference categories from ``"a,d"`` (or a list): lower case, sorted, unique."""
    parts = value.split(",") if isinstance(value, str) else list(value)
    return tuple(sorted({part.strip().lower() for part in parts if part and part.strip()}))


def _long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _sentence(text: str) -> str:
    """Drop a trailing full stop so reasons can be joined into one sentence."""
    return text.strip().rstrip(".")


@dataclass(frozen=True)
class Band:
    """A band in the scheme (DOMAIN §4.4.2). ``rank`` 1 is the highest priority."""

    code: str
    name: str
    rank: int


@dataclass(frozen=True)
class ReasonRule:
    """A reason code (DOMAIN §4.4.2): the band it gives, and the RP categories it maps to.

    ``rp_categories`` are the s166A(3) letters ``a``–``e``, plus ``ap`` for additional
    preference; they feed statutory reporting (LAHS).
    """

    code: str
    band_code: str
    title: str
    rp_categories: tuple[str, ...] = ()
    requires_approval: bool = False
    trigger: str = ""
    date_rule: str = ""
    discretionary: bool = False


@dataclass(frozen=True)
class BandScheme:
    """The banding choices of one scheme version (DOMAIN §4.4.2–§4.4.4).

    ``cumulative_uplift_*`` and ``uplift_*_band`` are the cumulative-need rule (§4.4.3);
    ``reduced_priority_effect`` is ``"lowest"`` (to the lowest band) or ``"one_down"``;
    ``demotion_keeps_higher_band_date`` and ``high_band_date_is_award_date`` are the date rules
    (§4.4.4), and ``high_bands`` are the bands that date from the award rather than the
    application. Bands are kept in rank order, highest first.
    """

    bands: tuple[Band, ...]
    reasons: tuple[ReasonRule, ...]
    cumulative_uplift_enabled: bool = True
    cumulative_uplift_reasons: int = 2
    uplift_from_band: str = "C"
    uplift_to_band: str = "B"
    reduced_priority_effect: str = "lowest"
    demotion_keeps_higher_band_date: bool = True
    high_band_date_is_award_date: bool = True
    high_bands: tuple[str, ...] = ("A", "B")
    _bands_by_code: dict[str, Band] = field(init=False, repr=False, compare=False)
    _reasons_by_code: dict[str, ReasonRule] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.bands:
            raise ValueError("A band scheme needs at least one band.")
        ordered = tuple(sorted(self.bands, key=lambda band: band.rank))
        object.__setattr__(self, "bands", ordered)
        by_code: dict[str, Band] = {}
        ranks: set[int] = set()
        for band in ordered:
            if band.code in by_code:
                raise ValueError(f"Band code {band.code!r} is used twice in the scheme.")
            if band.rank in ranks:
                raise ValueError(f"Two bands share rank {band.rank}; each band needs its own.")
            by_code[band.code] = band
            ranks.add(band.rank)
        object.__setattr__(self, "_bands_by_code", by_code)

        reasons: dict[str, ReasonRule] = {}
        for reason in self.reasons:
            if reason.code in reasons:
                raise ValueError(f"Reason code {reason.code!r} is used twice in the scheme.")
            if reason.band_code not in by_code:
                raise ValueError(f"Reason code {reason.code!r} points to band "
                                 f"{reason.band_code!r}, which is not in the scheme.")
            reasons[reason.code] = reason
        object.__setattr__(self, "_reasons_by_code", reasons)

        if self.reduced_priority_effect not in REDUCED_PRIORITY_EFFECTS:
            raise ValueError(f"Reduced priority effect must be one of "
                             f"{', '.join(REDUCED_PRIORITY_EFFECTS)}, not "
                             f"{self.reduced_priority_effect!r}.")
        unknown_high = [code for code in self.high_bands if code not in by_code]
        if unknown_high:
            raise ValueError(f"High band(s) {', '.join(unknown_high)} are not in the scheme.")
        if self.cumulative_uplift_enabled:
            for label, code in (("from", self.uplift_from_band), ("to", self.uplift_to_band)):
                if code not in by_code:
                    raise ValueError(f"Cumulative uplift {label} band {code!r} is not in the "
                                     "scheme; set the uplift bands or switch the uplift off.")
            if self.cumulative_uplift_reasons < 1:
                raise ValueError("Cumulative uplift needs at least one reason.")
            if self.rank_of(self.uplift_to_band) >= self.rank_of(self.uplift_from_band):
                raise ValueError(f"Cumulative uplift must go to a higher band: "
                                 f"{self.uplift_to_band!r} is not above "
                                 f"{self.uplift_from_band!r}.")

    @classmethod
    def from_scheme(cls, scheme: Any, **overrides: Any) -> BandScheme:
        """Read the bands, reason codes and banding switches from a scheme version.

        ``scheme`` is a ``SchemeVersion`` or anything shaped like one: ``bands.all()`` giving
        objects with ``code``, ``name`` and ``rank``; ``reason_codes.select_related("band")
        .all()`` giving objects with ``code``, ``band.code``, ``title``, ``rp_categories``
        (``"a,d"``) and ``requires_manager_approval``. Settings the model does not hold yet
        (uplift bands, reduced-priority effect, high bands) are read if present, otherwise the
        defaults; ``overrides`` replace any of them.
        """
        defaults: dict[str, Any] = {
            "uplift_from_band": "C",
            "uplift_to_band": "B",
            "reduced_priority_effect": "lowest",
            "high_bands": ("A", "B"),
        }
        bands = tuple(Band(code=str(band.code), name=str(band.name), rank=int(band.rank))
                      for band in scheme.bands.all())
        reasons = tuple(
            ReasonRule(code=str(reason.code), band_code=str(reason.band.code),
                       title=str(reason.title),
                       rp_categories=parse_rp_categories(reason.rp_categories or ""),
                       requires_approval=bool(reason.requires_manager_approval),
                       trigger=str(getattr(reason, "trigger", "") or ""),
                       date_rule=str(getattr(reason, "date_rule", "") or ""),
                       discretionary=bool(getattr(reason, "is_discretionary", False)))
            for reason in scheme.reason_codes.select_related("band").all()
            if getattr(reason, "is_active", True)
        )
        values: dict[str, Any] = {
            "cumulative_uplift_enabled": bool(scheme.cumulative_uplift_enabled),
            "cumulative_uplift_reasons": int(scheme.cumulative_uplift_reasons),
            "demotion_keeps_higher_band_date": bool(scheme.demotion_keeps_higher_band_date),
            "high_band_date_is_award_date": bool(scheme.high_band_date_is_award_date),
        }
        for name, default in defaults.items():
            value = getattr(scheme, name, None)
            values[name] = value if value not in (None, "", ()) else default
        values["high_bands"] = tuple(values["high_bands"])
        values.update(overrides)
        return cls(bands=bands, reasons=reasons, **values)

    # Look-ups -----------------------------------------------------------------------------

    def band_by_code(self, code: str) -> Band:
        """The band with this code; ``ValueError`` if the scheme has none."""
        try:
            return self._bands_by_code[code]
        except KeyError:
            known = ", ".join(band.code for band in self.bands)
            raise ValueError(f"Band {code!r} is not in this scheme (bands: {known}).") from None

    def reason_by_code(self, code: str) -> ReasonRule:
        """The reason code with this code; ``ValueError`` if the scheme has none."""
        try:
            return self._reasons_by_code[code]
        except KeyError:
            raise ValueError(f"Reason code {code!r} is not in this scheme.") from None

    def rank_of(self, band_code: str) -> int:
        """The band's rank: 1 is the highest priority."""
        return self.band_by_code(band_code).rank

    def is_higher(self, band_code: str, than: str) -> bool:
        """Whether ``band_code`` is a higher priority than ``than``."""
        return self.rank_of(band_code) < self.rank_of(than)

    @property
    def highest_band(self) -> Band:
        return self.bands[0]

    @property
    def lowest_band(self) -> Band:
        return self.bands[-1]

    def band_below(self, band_code: str) -> Band:
        """The next band down; the lowest band stays where it is."""
        index = self.bands.index(self.band_by_code(band_code))
        return self.bands[min(index + 1, len(self.bands) - 1)]

    def validate_reason_codes(self, codes: Sequence[str]) -> tuple[ReasonRule, ...]:
        """The reason rules for ``codes`` in order, duplicates dropped.

        Raises ``ValueError`` naming every code the scheme does not have.
        """
        unknown = [code for code in codes if code not in self._reasons_by_code]
        if unknown:
            raise ValueError(f"Unknown reason code(s) for this scheme: {', '.join(unknown)}.")
        seen: dict[str, ReasonRule] = {}
        for code in codes:
            seen.setdefault(code, self._reasons_by_code[code])
        return tuple(seen.values())


# Band proposal (§4.4.2, §4.4.3) -------------------------------------------------------------


@dataclass(frozen=True)
class BandProposal:
    """The band the system proposes; the officer confirms it (DOMAIN §7 step 8)."""

    band: str
    reason_codes: tuple[str, ...]
    rp_categories: tuple[str, ...]
    additional_preference: bool
    needs_manager_approval: bool
    uplift_applied: bool
    reduced: bool
    reasons: tuple[str, ...]


def _describe(rules: Iterable[ReasonRule]) -> str:
    return "; ".join(f"{_sentence(rule.title)} ({rule.code})" for rule in rules)


def propose_band(scheme: BandScheme, reason_codes: Sequence[str],
                 reduced_priority_reasons: Sequence[str] = ()) -> BandProposal:
    """Propose a band from reason codes (DOMAIN §4.4.2), then adjust it (§4.4.3).

    1. The band is the highest band among the reason codes; with none, the lowest band
       (qualifies with no reasonable preference, like D1).
    2. Cumulative need: if the scheme switches it on and there are at least
       ``cumulative_uplift_reasons`` distinct reasons in ``uplift_from_band``, and no reason
       already gives ``uplift_to_band`` or higher, the band becomes ``uplift_to_band``.
    3. Reduced priority (s166A(5)): each entry of ``reduced_priority_reasons`` is a
       plain-English reason (debt, behaviour, resources...). Any reason moves the applicant to
       the lowest band, or one band down, as the scheme says; never below the lowest band.

    Raises ``ValueError`` for a reason code the scheme does not have.
    """
    rules = scheme.validate_reason_codes(reason_codes)
    codes = tuple(rule.code for rule in rules)
    categories = parse_rp_categories(cat for rule in rules for cat in rule.rp_categories)
    reasons: list[str] = []

    if rules:
        best_rank = min(scheme.rank_of(rule.band_code) for rule in rules)
        band = next(b for b in scheme.bands if b.rank == best_rank)
        in_band = [rule for rule in rules if rule.band_code == band.code]
        others = [rule for rule in rules if rule.band_code != band.code]
        reasons.append(f"You are in {band.name} because: {_describe(in_band)}.")
        if others:
            reasons.append(f"We also recorded: {_describe(others)}. These are in lower bands, "
                           "so they do not change your band.")
    else:
        band = scheme.lowest_band
        reasons.append(f"You are in {band.name} because you qualify to join the register but "
                       "none of your circumstances gives you reasonable preference.")

    uplift_applied = False
    if scheme.cumulative_uplift_enabled and rules:
        from_band = scheme.band_by_code(scheme.uplift_from_band)
        to_band = scheme.band_by_code(scheme.uplift_to_band)
        counted = [rule for rule in rules if rule.band_code == from_band.code]
        if (len(counted) >= scheme.cumulative_uplift_reasons
                and scheme.is_higher(to_band.code, band.code)):
            steps = from_band.rank - to_band.rank
            how_far = "one band higher" if steps == 1 else f"{steps} bands higher"
            reasons.append(
                f"You have {len(counted)} separate needs that each count for {from_band.name} "
                f"({', '.join(rule.code for rule in counted)}), so the scheme places you "
                f"{how_far}, in {to_band.name}."
            )
            band = to_band
            uplift_applied = True

    reduced = False
    why = [_sentence(text) for text in reduced_priority_reasons if text and text.strip()]
    if why:
        target = (scheme.lowest_band if scheme.reduced_priority_effect == "lowest"
                  else scheme.band_below(band.code))
        if target.code != band.code:
            band = target
            reduced = True
            reasons.append(f"Your priority is reduced to {band.name} because: "
                           f"{'; '.join(why)}.")
        else:
            reasons.append(f"Your priority would be reduced because: {'; '.join(why)}. You are "
                           f"already in {band.name}, the lowest band, so it does not change.")

    return BandProposal(
        band=band.code,
        reason_codes=codes,
        rp_categories=categories,
        additional_preference=ADDITIONAL_PREFERENCE in categories,
        needs_manager_approval=any(rule.requires_approval for rule in rules),
        uplift_applied=uplift_applied,
        reduced=reduced,
        reasons=tuple(reasons),
    )


# Band date (§4.4.4) ------------------------------------------------------------------------


class DateRule(StrEnum):
    """Which §4.4.4 rule set the band date; recorded on the award as ``date_rule_applied``."""

    NEW_AWARD = "new_award"
    RETAINED_EARLIER = "retained_earlier"
    BACKDATED = "backdated"
    RESTORED = "restored"


@dataclass(frozen=True)
class DateDecision:
    """The date the applicant holds in the band, the rule that set it, and why."""

    effective_date: date
    rule: DateRule
    reason: str


def band_effective_date(scheme: BandScheme, *, new_band: str, award_date: date,
                        application_date: date, previous_band: str | None,
                        previous_effective_date: date | None,
                        highest_band_date: dict[str, date] | None = None,
                        restored_date: date | None = None,
                        first_award_rule: str = "") -> DateDecision:
    """The band (effective) date for a new award (DOMAIN §4.4.4, Appendix A.2).

    * ``restored_date`` given (review overturned, rule 7; reinstatement after closure,
      rule 8): that date.
    * First award (rule 1): high bands date from the award if
      ``high_band_date_is_award_date``; otherwise, and for other bands, from the application.
      A reason code's own date rule (``first_award_rule``: ``"award"`` or ``"application"``)
      wins over the scheme's.
    * Move up (rule 2): the award date.
    * Move down (rule 3): keep the date held in the higher band (``highest_band_date`` for the
      band being left if given, else ``previous_effective_date``) when
      ``demotion_keeps_higher_band_date``; otherwise back to the application date.
    * Same band, different reason (rule 4): unchanged.
    """
    band = scheme.band_by_code(new_band)
    if restored_date is not None:
        return DateDecision(restored_date, DateRule.RESTORED,
                            f"Your {band.name} date is {_long_date(restored_date)}: we have "
                            "restored the date you would have had if the earlier decision "
                            "had been right.")

    if previous_band is None:
        from_award = (first_award_rule == "award" if first_award_rule in ("award", "application")
                      else band.code in scheme.high_bands and scheme.high_band_date_is_award_date)
        if from_award:
            return DateDecision(award_date, DateRule.NEW_AWARD,
                                f"Your {band.name} date is {_long_date(award_date)}, the date "
                                "your need was accepted.")
        return DateDecision(application_date, DateRule.BACKDATED,
                            f"Your {band.name} date is {_long_date(application_date)}, the "
                            "date you applied.")

    previous = scheme.band_by_code(previous_band)
    if previous_effective_date is None:
        raise ValueError("previous_effective_date is needed when there is a previous band.")

    if scheme.is_higher(band.code, previous.code):
        return DateDecision(award_date, DateRule.NEW_AWARD,
                            f"Your {band.name} date is {_long_date(award_date)}, the date of "
                            f"this award, because you have moved up from {previous.name}.")

    if band.code == previous.code:
        return DateDecision(previous_effective_date, DateRule.RETAINED_EARLIER,
                            f"Your {band.name} date stays {_long_date(previous_effective_date)} "
                            "because you are still in the same band.")

    if scheme.demotion_keeps_higher_band_date:
        held = (highest_band_date or {}).get(previous.code, previous_effective_date)
        return DateDecision(held, DateRule.RETAINED_EARLIER,
                            f"Your {band.name} date is {_long_date(held)}: you have moved down "
                            f"from {previous.name}, and you keep the date you held there.")
    return DateDecision(application_date, DateRule.BACKDATED,
                        f"Your {band.name} date is {_long_date(application_date)}, the date you "
                        f"applied, because you have moved down from {previous.name}.")


# Suggested reasons (§4.4.2 indicators, 2012 Guidance Annex 1) ---------------------------------


@dataclass(frozen=True)
class BandingFacts:
    """The facts from an application that point to reason codes. The officer confirms."""

    bedroom_need: int | None = None
    current_bedrooms: int | None = None
    tenure: str = ""
    shares_kitchen: bool = False
    shares_bathroom: bool = False
    disrepair: bool = False
    application_type: str = "homeseeker"
    fled_domestic_abuse: bool = False
    armed_forces: bool = False
    hardship_to_move_for_work: bool = False
    medical_level: str = ""
    is_social_tenant: bool = False


SOCIAL_TENURES = frozenset({"council_tenant", "ha_tenant"})
INSECURE_TENURES = frozenset({"no_fixed_abode", "hostel", "temporary_accommodation"})


def triggers_for(facts: BandingFacts) -> list[tuple[str, str]]:
    """Which suggestion triggers the facts set off, each with the fact behind it."""
    fired: list[tuple[str, str]] = []
    need, have = facts.bedroom_need, facts.current_bedrooms
    if need is not None and have is not None:
        if need - have >= 2:
            fired.append(("lacking_two_bedrooms", f"You need {need} bedrooms and have {have}."))
        elif need - have == 1:
            fired.append(("lacking_one_bedroom", f"You need {need} bedrooms and have {have}."))
        social = facts.tenure in SOCIAL_TENURES or facts.is_social_tenant
        if social and have - need >= 2:
            fired.append(("under_occupying_two", f"Your social home has {have} bedrooms and "
                                                 f"you need {need}."))
        elif social and have - need == 1:
            fired.append(("under_occupying_one", f"Your social home has {have} bedrooms and "
                                                 f"you need {need}."))
    shared = [name for name, flag in (("a kitchen", facts.shares_kitchen),
                                      ("a bathroom", facts.shares_bathroom)) if flag]
    if shared or facts.disrepair:
        parts = [f"you share {' and '.join(shared)} with people outside your household"] \
            if shared else []
        if facts.disrepair:
            parts.append("your home is in serious disrepair")
        fired.append(("poor_conditions", "; ".join(parts).capitalize() + "."))
    if facts.application_type == "homeless":
        fired.append(("homeless_main_duty", "The council owes you the main homelessness "
                                            "duty."))
    elif facts.tenure in INSECURE_TENURES:
        fired.append(("homeless_insecure", "You have no settled home."))
    level = facts.medical_level
    if level in ("urgent", "high", "medium"):
        fired.append((f"medical_{level}", f"Your medical or welfare assessment found a {level} "
                                          "need to move."))
    if facts.fled_domestic_abuse:
        fired.append(("domestic_abuse", "You have had to leave your home because of abuse."))
    if facts.application_type == "decant":
        fired.append(("decant", "The council needs your home back."))
    if facts.application_type == "move_on":
        fired.append(("move_on", "You are ready to move on from supported housing."))
    if facts.application_type == "right_to_move" or facts.hardship_to_move_for_work:
        fired.append(("right_to_move", "You need to move for work, and would face hardship "
                                       "if you could not."))
    rp_fired = {t for t, _ in fired} - {"under_occupying_one", "under_occupying_two"}
    if facts.armed_forces and rp_fired:
        fired.append(("armed_forces", "You have served in the armed forces and have a "
                                      "reasonable-preference need."))
    return fired


def suggest_reason_codes(scheme: BandScheme, facts: BandingFacts) -> list[tuple[str, str]]:
    """The scheme's reason codes the facts suggest, as (code, why). A trigger the scheme does
    not map to a code suggests nothing."""
    by_trigger = {rule.trigger: rule.code for rule in scheme.reasons if rule.trigger}
    suggested: list[tuple[str, str]] = []
    for trigger, why in triggers_for(facts):
        code = by_trigger.get(trigger)
        if code and all(code != existing for existing, _ in suggested):
            suggested.append((code, why))
    return suggested


# Property eligibility (§4.6 inputs recorded on the award) ------------------------------------


@dataclass(frozen=True)
class PropertyEligibility:
    sizes: tuple[int, ...]
    sheltered_eligible: bool
    ground_floor_only: bool
    level_access: bool
    mobility_category: str
    extra_bedroom: bool
    reasons: tuple[str, ...]

    def as_flags(self) -> dict[str, Any]:
        return {"sheltered_eligible": self.sheltered_eligible,
                "ground_floor_only": self.ground_floor_only,
                "level_access": self.level_access,
                "mobility_category": self.mobility_category,
                "extra_bedroom": self.extra_bedroom}


MOBILITY_TEXT = {
    "ground_or_lift": "a home on the ground floor or with a lift",
    "step_free": "a step-free home (accessible and adaptable, M4(2))",
    "wheelchair": "a wheelchair user home (M4(3))",
}


def _size_text(sizes: Sequence[int]) -> str:
    words = [("studio" if n == 0 else f"{n}-bedroom") for n in sizes]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def property_eligibility(*, sizes: Sequence[int], oldest_tenant_age: int | None,
                         sheltered_age: int, mobility: str = "", ground_floor: bool = False,
                         extra_bedroom: bool = False) -> PropertyEligibility:
    """Which homes the applicant may bid for: sizes from the bedroom need, sheltered housing
    from the age of the oldest proposed tenant, and the mobility requirements the medical
    decision set."""
    reasons: list[str] = []
    if sizes:
        reasons.append(f"You can bid for {_size_text(sizes)} homes.")
    sheltered = oldest_tenant_age is not None and oldest_tenant_age >= sheltered_age
    if sheltered:
        reasons.append(f"You can also bid for sheltered housing for people aged "
                       f"{sheltered_age} or over.")
    level_access = mobility in ("step_free", "wheelchair")
    ground_only = ground_floor or mobility == "ground_or_lift"
    if mobility:
        reasons.append(f"Because of your medical assessment you need "
                       f"{MOBILITY_TEXT.get(mobility, mobility)}.")
    elif ground_floor:
        reasons.append("Because of your medical assessment you need a home on the ground "
                       "floor or with a lift.")
    if extra_bedroom:
        reasons.append("You have been awarded an extra bedroom for medical reasons.")
    return PropertyEligibility(sizes=tuple(sizes), sheltered_eligible=sheltered,
                               ground_floor_only=ground_only, level_access=level_access,
                               mobility_category=mobility, extra_bedroom=extra_bedroom,
                               reasons=tuple(reasons))


def what_would_change(scheme: BandScheme, proposal: BandProposal) -> list[str]:
    """Plain-English pointers to what would change the band, for the applicant's page."""
    lines: list[str] = []
    band = scheme.band_by_code(proposal.band)
    if proposal.reduced:
        lines.append("If the reason your priority was reduced no longer applies (for example "
                     "you keep to a repayment arrangement), tell us and we will reassess you.")
    if band.code != scheme.highest_band.code:
        lines.append("If your circumstances get worse, or something changes about your "
                     "health, your home or your household, tell us: we will reassess your "
                     "band.")
        if (scheme.cumulative_uplift_enabled and not proposal.uplift_applied
                and band.code == scheme.uplift_from_band):
            count = sum(1 for code in proposal.reason_codes
                        if scheme.reason_by_code(code).band_code == band.code)
            more = scheme.cumulative_uplift_reasons - count
            if more > 0:
                to = scheme.band_by_code(scheme.uplift_to_band).name
                lines.append(f"If you had {more} more separate need{'s' if more > 1 else ''} "
                             f"at this level, you would move up to {to}.")
    lines.append("If you think we have got the facts wrong, you can ask for a review of this "
                 "decision.")
    return lines
