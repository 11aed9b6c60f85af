"""Qualification: who may join the council's housing register (DOMAIN §4.3, Appendix A.3).

Housing Act 1996 s160ZA(6)–(8) lets the council decide who qualifies; the scheme version holds
its choices (``QualificationRules``). Regulations forbid disqualifying some people for lack of
a local connection, and those exemptions apply from the date each came into force:

* Armed forces (Allocation of Housing (Qualification Criteria for Armed Forces) (England)
  Regulations 2012, SI 2012/1869, from 24 August 2012): serving regulars; former regulars
  within five years of discharge, and from 18 December 2024 any veteran of the regular forces;
  bereaved spouses or civil partners leaving Ministry of Defence accommodation after a
  service-related death; serving or former reservists with a serious service-related injury,
  illness or disability.
* Right to Move (SI 2015/967, from 20 April 2015): social tenants in England who need to move
  to the district for work they have or have been offered, to avoid hardship.
* Victims of domestic abuse who need to move because of it, and care leavers under 25
  (SI 2025/706, from 10 July 2025).

Guidance adds the separated spouse or civil partner of a service member leaving MoD
accommodation, and a general discretion for exceptional circumstances approved by a manager.

Every exemption lifts only the local-connection (residence) criterion. The minimum age, the
financial limits, property ownership, behaviour and any housing-need rule still apply.

Outcomes: ``qualifies``, ``does_not_qualify`` and ``cannot_tell`` (facts missing), which
powers the applicant's instant pre-check. Reasons speak to the applicant ("you").

Pure Python: no Django imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

__all__ = [
    "ArmedForcesStatus",
    "ExemptionCheck",
    "QualificationFacts",
    "QualificationOutcome",
    "QualificationResult",
    "QualificationRules",
    "ResidencePeriod",
    "ResidenceSummary",
    "assess_qualification",
    "continuous_residence",
]

ARMED_FORCES_REGS_START = date(2012, 8, 24)
ALL_VETERANS_FROM = date(2024, 12, 18)
RIGHT_TO_MOVE_FROM = date(2015, 4, 20)
DOMESTIC_ABUSE_AND_CARE_LEAVERS_FROM = date(2025, 7, 10)
CARE_LEAVER_AGE_LIMIT = 25
VETERAN_YEARS_AFTER_DISCHARGE = 5

DEFAULT_GAP_REASONS: tuple[str, ...] = ("prison", "hospital", "armed_forces", "refuge")
GAP_REASON_LABELS: dict[str, str] = {
    "prison": "in prison",
    "hospital": "in hospital",
    "armed_forces": "away with the armed forces",
    "refuge": "in a refuge",
}


@dataclass(frozen=True)
class ResidencePeriod:
    """One line of the lead applicant's address history (DOMAIN §3.3).

    ``to_date`` of ``None`` means this is the current address. ``gap_reason`` explains time
    away from the district that does not break residence (by default prison, hospital, armed
    forces postings and refuges; the scheme can change the list).
    """

    from_date: date
    to_date: date | None
    in_district: bool
    gap_reason: str = ""

    def __post_init__(self) -> None:
        if self.to_date is not None and self.to_date < self.from_date:
            raise ValueError("A residence period cannot end before it starts.")


class ArmedForcesStatus(StrEnum):
    NONE = "none"
    SERVING_REGULAR = "serving_regular"
    VETERAN_REGULAR = "veteran_regular"
    RESERVIST_INJURED = "reservist_injured"
    BEREAVED_PARTNER = "bereaved_partner"
    SEPARATED_SPOUSE = "separated_spouse"

    @property
    def label(self) -> str:
        return ARMED_FORCES_LABELS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(code, label)`` pairs, ready for a model field's or form field's ``choices``."""
        return [(member.value, member.label) for member in cls]


ARMED_FORCES_LABELS: dict[ArmedForcesStatus, str] = {
    ArmedForcesStatus.NONE: "No armed forces connection",
    ArmedForcesStatus.SERVING_REGULAR: "Serving in the regular forces",
    ArmedForcesStatus.VETERAN_REGULAR: "Former member of the regular forces",
    ArmedForcesStatus.RESERVIST_INJURED: "Reservist with a serious injury, illness or "
    "disability caused by service",
    ArmedForcesStatus.BEREAVED_PARTNER: "Bereaved spouse or civil partner leaving forces "
    "accommodation",
    ArmedForcesStatus.SEPARATED_SPOUSE: "Separated spouse or civil partner leaving forces "
    "accommodation",
}


@dataclass(frozen=True)
class QualificationFacts:
    """What the rule needs to know about the household (the lead applicant, mostly).

    ``None`` means "not known yet" wherever it is allowed; unknown facts the decision depends
    on give ``cannot_tell``. Money is whole pounds a year (income) or in total (savings).
    ``has_job_or_offer_in_district`` and ``hardship_to_move_for_work`` are the Right to Move
    tests; ``unacceptable_behaviour`` is the officer's decision that behaviour makes the person
    unsuitable to be a tenant, having considered whether it has since improved.
    """

    lead_name: str
    lead_date_of_birth: date
    residence: tuple[ResidencePeriod, ...]
    works_in_district_hours: int = 0
    work_months: int = 0
    family_in_district_years: int = 0
    household_income: int | None = None
    savings: int | None = None
    has_children_or_is_family: bool = False
    owns_property: bool = False
    has_housing_need: bool | None = None
    armed_forces: ArmedForcesStatus = ArmedForcesStatus.NONE
    discharge_date: date | None = None
    service_related_bereavement: bool = False
    fled_domestic_abuse: bool = False
    care_leaver: bool = False
    is_social_tenant_in_england: bool = False
    has_job_or_offer_in_district: bool = False
    hardship_to_move_for_work: bool = False
    seeking_sheltered_only: bool = False
    unacceptable_behaviour: bool = False
    exceptional_circumstances_approved: bool = False


@dataclass(frozen=True)
class QualificationRules:
    """The council's qualification criteria from one scheme version (SchemeVersion fields).

    A money limit of ``None`` means no limit. ``employment_months_required`` and
    ``residence_gap_reasons`` are not on the scheme yet, so they keep their defaults.
    """

    minimum_age: int = 18
    residence_years_required: int = 3
    employment_hours_per_week: int = 16
    employment_months_required: int = 12
    family_connection_years: int = 5
    income_cap_single: int | None = 30000
    income_cap_family: int | None = 50000
    savings_cap: int | None = 30000
    housing_need_required: bool = False
    sheltered_qualifying_age: int = 60
    residence_gap_reasons: tuple[str, ...] = DEFAULT_GAP_REASONS

    @classmethod
    def from_scheme(cls, scheme: Any) -> QualificationRules:
        """Read the criteria from a scheme version, or anything with the same attributes.

        A money limit of 0 on the scheme is read as "no limit", since the scheme's fields
        cannot be left blank.
        """
        defaults = cls()

        def cap(name: str) -> int | None:
            value = getattr(scheme, name)
            return int(value) if value else None

        return cls(
            minimum_age=int(scheme.minimum_age),
            residence_years_required=int(scheme.residence_years_required),
            employment_hours_per_week=int(scheme.employment_hours_per_week),
            employment_months_required=int(
                getattr(scheme, "employment_months_required", defaults.employment_months_required)
            ),
            family_connection_years=int(scheme.family_connection_years),
            income_cap_single=cap("income_cap_single"),
            income_cap_family=cap("income_cap_family"),
            savings_cap=cap("savings_cap"),
            housing_need_required=bool(scheme.housing_need_required),
            sheltered_qualifying_age=int(scheme.sheltered_qualifying_age),
            residence_gap_reasons=tuple(
                getattr(scheme, "residence_gap_reasons", None) or defaults.residence_gap_reasons
            ),
        )


class QualificationOutcome(StrEnum):
    QUALIFIES = "qualifies"
    DOES_NOT_QUALIFY = "does_not_qualify"
    CANNOT_TELL = "cannot_tell"


@dataclass(frozen=True)
class ExemptionCheck:
    """One exemption from the local-connection criterion, and whether it applied.

    ``applies`` is ``None`` when a missing fact means we cannot tell yet.
    """

    code: str
    title: str
    authority: str
    statutory: bool
    applies: bool | None
    reason: str
    basis: str

    @property
    def line(self) -> str:
        verdict = {True: "applies", False: "does not apply", None: "cannot tell yet"}
        return f"{self.title} ({self.authority}): {verdict[self.applies]}. {self.reason}"


@dataclass(frozen=True)
class QualificationResult:
    """The decision, its reasons, and what a non-qualification letter (L5) needs.

    ``basis``: the local-connection route or exemption that applied (``residence``,
    ``employment``, ``family``, ``no_local_connection_rule``, ``exemption_armed_forces``,
    ``exemption_right_to_move``, ``exemption_domestic_abuse``, ``exemption_care_leaver``,
    ``exemption_separated_spouse``, ``exemption_exceptional``) or ``none``.
    ``failed_criteria`` and ``unknown_criteria`` use the codes ``minimum_age``,
    ``local_connection``, ``income``, ``savings``, ``property``, ``housing_need``,
    ``behaviour``. ``exemptions_considered`` has one line per exemption saying whether it
    applied and why; ``exemption_checks`` holds the same as data.
    """

    outcome: QualificationOutcome
    reasons: tuple[str, ...]
    basis: str
    failed_criteria: tuple[str, ...]
    exemptions_considered: tuple[str, ...]
    how_to_reapply: str
    unknown_criteria: tuple[str, ...] = ()
    exemption_checks: tuple[ExemptionCheck, ...] = field(default=())


@dataclass(frozen=True)
class ResidenceSummary:
    """Continuous residence in the district ending on a date.

    ``known`` is False when the history does not say where the person lives on that date.
    ``since`` is the start of the unbroken residence (``None`` if not living in the district).
    ``breaks`` describe what ended the run (for reasons); ``excused`` names the reasons for time
    away that did not break it.
    """

    known: bool
    since: date | None
    breaks: tuple[str, ...] = ()
    excused: tuple[str, ...] = ()


def continuous_residence(
    periods: Sequence[ResidencePeriod], on: date, gap_reasons: Sequence[str] = DEFAULT_GAP_REASONS
) -> ResidenceSummary:
    """Find the unbroken run of residence in the district that ends on ``on``.

    Time away for a reason in ``gap_reasons`` (prison, hospital, armed forces, refuge by
    default) does not break the run and counts towards it once the person has lived in the
    district (DOMAIN §3.3). A move out of the district for any other reason, or an unexplained
    gap in the history, breaks it. Where periods overlap, the one that started later wins for
    the days they share (a move supersedes the address before it).
    """
    excused_reasons = set(gap_reasons)
    relevant = sorted(
        (p for p in periods if p.from_date <= on), key=lambda p: p.from_date, reverse=True
    )

    def winner(day: date) -> ResidencePeriod | None:
        for p in relevant:  # latest start first
            if p.from_date <= day and (p.to_date is None or day <= p.to_date):
                return p
        return None

    def counts(p: ResidencePeriod) -> bool:
        return p.in_district or p.gap_reason in excused_reasons

    if winner(on) is None:
        return ResidenceSummary(known=False, since=None)

    since: date | None = None
    excused: list[tuple[date, str]] = []
    breaks: list[str] = []
    earliest = relevant[-1].from_date
    day = on
    while True:
        current = winner(day)
        if current is None:
            gap_start = day
            while gap_start > earliest and winner(gap_start - timedelta(days=1)) is None:
                gap_start -= timedelta(days=1)
            if since is not None:
                breaks.append(
                    f"Your address history has a gap from {_d(gap_start)} to {_d(day)} that we "
                    "have no explanation for."
                )
            break
        if not counts(current):
            if since is not None:
                breaks.append(
                    f"You lived outside the district from {_d(current.from_date)}"
                    + (f" to {_d(current.to_date)}" if current.to_date else "")
                    + ", which breaks continuous residence."
                )
            break
        # This period wins every day back to the day after ``next_day``: normally the day before
        # it starts, but if another period ends inside it, the walk stops at that period's last
        # day, because the other period may win the days from there back.
        next_day = current.from_date - timedelta(days=1)
        for p in relevant:
            if p is not current and p.to_date is not None and next_day < p.to_date < day:
                next_day = p.to_date
        segment_start = next_day + timedelta(days=1)
        if current.in_district:
            since = segment_start
        else:
            excused.append((segment_start, current.gap_reason))
        if next_day < earliest:
            break
        day = next_day
    # Time away before the person first lived in the district does not count.
    used: list[str] = []
    for started, reason in excused:
        if since is not None and started >= since and reason not in used:
            used.append(reason)
    return ResidenceSummary(known=True, since=since, breaks=tuple(breaks), excused=tuple(used))


def assess_qualification(
    facts: QualificationFacts, rules: QualificationRules, on: date
) -> QualificationResult:
    """Decide whether the household qualifies to join the register on ``on``.

    Housing Act 1996 s160ZA(6)–(8); 2012 Guidance ch.3; 2013 Local People Guidance; the
    exemptions listed in this module's docstring, each from its commencement date. Criteria:
    minimum age; a local connection by continuous residence, work in the district or close
    family living here (unless an exemption applies); income and savings limits; not owning a
    property; no unacceptable behaviour; and an identified housing need where the scheme asks
    for one (except people of sheltered-housing age seeking only sheltered housing).
    A criterion that fails makes the outcome ``does_not_qualify`` even if another is unknown;
    otherwise any unknown criterion gives ``cannot_tell``.
    """
    reasons: list[str] = []
    failed: list[str] = []
    unknown: list[str] = []
    reapply: list[str] = []
    age = _age(facts.lead_date_of_birth, on)

    # Minimum age.
    if age < rules.minimum_age:
        failed.append("minimum_age")
        turns = _add_years(facts.lead_date_of_birth, rules.minimum_age)
        reasons.append(
            f"You are {age}. You must be at least {rules.minimum_age} to join the housing "
            "register."
        )
        reapply.append(f"You can apply again from your {_ordinal(rules.minimum_age)} birthday "
                       f"on {_d(turns)}.")
    else:
        reasons.append(f"You are {age}, so you meet the minimum age of {rules.minimum_age}.")

    # Local connection, then the exemptions from it.
    checks = _exemption_checks(facts, on, age)
    route, route_reasons, residence = _local_connection(facts, rules, on)
    basis = "none"
    if route in ("residence", "employment", "family", "no_local_connection_rule"):
        basis = route
        reasons.extend(route_reasons)
    else:
        applied = next((c for c in checks if c.applies), None)
        if route != "unknown" or applied is None:
            reasons.extend(route_reasons)
        if applied is not None:
            basis = applied.basis
            reasons.append(
                f"{applied.reason} This means the local connection rule does not apply to you "
                f"({applied.authority})."
            )
        elif route == "unknown" or any(c.applies is None for c in checks):
            unknown.append("local_connection")
            reasons.extend(f"{c.title}: {c.reason}" for c in checks if c.applies is None)
        else:
            failed.append("local_connection")
            reapply.append(_local_connection_reapply(rules, residence))

    # Financial resources: the exemptions do not lift these.
    exemption_used = basis.startswith("exemption_")
    lifted_only = (
        " Your exemption from the local connection rule does not change this limit."
        if exemption_used else ""
    )
    income_cap = rules.income_cap_family if facts.has_children_or_is_family else (
        rules.income_cap_single
    )
    if income_cap is not None:
        who = ("a household with children" if facts.has_children_or_is_family
               else "a single person or couple")
        if facts.household_income is None:
            unknown.append("income")
            reasons.append(f"We need to know your household income. The limit for {who} is "
                           f"{_money(income_cap)} a year.")
        elif facts.household_income > income_cap:
            failed.append("income")
            reasons.append(
                f"Your household income is {_money(facts.household_income)} a year. The limit "
                f"for {who} is {_money(income_cap)}.{lifted_only}"
            )
            reapply.append(f"You can apply again if your household income falls to "
                           f"{_money(income_cap)} a year or less.")
        else:
            reasons.append(f"Your household income of {_money(facts.household_income)} is within "
                           f"the limit of {_money(income_cap)}.")
    if rules.savings_cap is not None:
        if facts.savings is None:
            unknown.append("savings")
            reasons.append(f"We need to know your savings. The limit is "
                           f"{_money(rules.savings_cap)}.")
        elif facts.savings > rules.savings_cap:
            failed.append("savings")
            reasons.append(f"You have {_money(facts.savings)} in savings. The limit is "
                           f"{_money(rules.savings_cap)}.{lifted_only}")
            reapply.append(f"You can apply again if your savings fall to "
                           f"{_money(rules.savings_cap)} or less.")
        else:
            reasons.append(f"Your savings of {_money(facts.savings)} are within the limit of "
                           f"{_money(rules.savings_cap)}.")
    if facts.owns_property:
        failed.append("property")
        reasons.append("You own a home in the UK or abroad. People who own a property do not "
                       "qualify to join the register."
                       + (" Your exemption from the local connection rule does not change "
                          "this." if exemption_used else ""))
        reapply.append("You can apply again if you no longer own a property. Tell us if you "
                       "cannot live in the property you own, for example because it is unsafe.")

    # Behaviour (an officer's decision, having considered whether it has improved).
    if facts.unacceptable_behaviour:
        failed.append("behaviour")
        reasons.append("We have decided that unacceptable behaviour makes you unsuitable to be a "
                       "tenant at the moment.")
        reapply.append("You can apply again when you can show your behaviour has changed, for "
                       "example by keeping to a tenancy or a repayment arrangement.")

    # Housing need, where the scheme requires it.
    if rules.housing_need_required:
        if facts.seeking_sheltered_only and age >= rules.sheltered_qualifying_age:
            reasons.append(f"You are {rules.sheltered_qualifying_age} or over and want sheltered "
                           "housing only, so you do not need to show a housing need.")
        elif facts.has_housing_need is None:
            unknown.append("housing_need")
            reasons.append("We need to know about your housing situation to see whether you have "
                           "a housing need, which the scheme asks for.")
        elif not facts.has_housing_need:
            failed.append("housing_need")
            reasons.append("The scheme asks for an identified housing need, and from what you "
                           "have told us you do not have one at the moment.")
            reapply.append("You can apply again if your housing situation changes, for example "
                           "if your home becomes overcrowded or unsuitable for your health.")

    if failed:
        outcome = QualificationOutcome.DOES_NOT_QUALIFY
        how_to_reapply = " ".join(reapply)
    elif unknown:
        outcome = QualificationOutcome.CANNOT_TELL
        needed = [_UNKNOWN_PHRASES.get(code, code.replace("_", " ")) for code in unknown]
        how_to_reapply = (f"We can't tell yet. We need to know: {'; '.join(needed)}. Then we "
                          "can check again.")
    else:
        outcome = QualificationOutcome.QUALIFIES
        how_to_reapply = ""
    return QualificationResult(
        outcome=outcome,
        reasons=tuple(reasons),
        basis=basis,
        failed_criteria=tuple(failed),
        exemptions_considered=tuple(c.line for c in checks),
        how_to_reapply=how_to_reapply,
        unknown_criteria=tuple(unknown),
        exemption_checks=checks,
    )


def _local_connection(
    facts: QualificationFacts, rules: QualificationRules, on: date
) -> tuple[str, list[str], ResidenceSummary | None]:
    """Return (route, reasons, residence). Route is a basis code, ``not_met`` or ``unknown``."""
    if rules.residence_years_required <= 0:
        return "no_local_connection_rule", [
            "The scheme does not ask for a local connection."
        ], None
    years = rules.residence_years_required
    reasons: list[str] = []
    residence: ResidenceSummary | None = None
    residence_known = bool(facts.residence)
    if residence_known:
        residence = continuous_residence(facts.residence, on, rules.residence_gap_reasons)
        residence_known = residence.known
    if residence is not None and residence.known and residence.since is not None:
        lived = _duration(residence.since, on)
        excused = ""
        if residence.excused:
            away = " or ".join(GAP_REASON_LABELS.get(r, r.replace("_", " "))
                               for r in residence.excused)
            excused = f" This includes time {away}, which does not break residence."
        if residence.since <= _add_years(on, -years):
            return "residence", [
                f"You have lived in the district continuously for {lived}. The scheme asks "
                f"for {_years(years)}.{excused}"
            ], residence
        reasons.append(f"You have lived in the district for {lived}. The scheme asks for "
                       f"{_years(years)} of continuous residence.{excused}")
        reasons.extend(residence.breaks)
    elif residence is not None and residence.known:
        reasons.append(f"You do not live in the district at the moment. The scheme asks for "
                       f"{_years(years)} of continuous residence.")
    else:
        reasons.append("We don't have your address history, so we can't tell yet how long you "
                       "have lived in the district.")

    hours, months = facts.works_in_district_hours, facts.work_months
    if (hours >= rules.employment_hours_per_week and months >= rules.employment_months_required
            and hours > 0):
        return "employment", [
            f"You have worked in the district for {hours} hours a week for {_months(months)}. "
            f"The scheme accepts work of at least {rules.employment_hours_per_week} hours a "
            f"week for {_months(rules.employment_months_required)} as a local connection."
        ], residence
    if hours > 0:
        reasons.append(
            f"You work in the district {hours} hours a week and have done for "
            f"{_months(months)}. Work counts as a local connection at "
            f"{rules.employment_hours_per_week} hours a week or more for "
            f"{_months(rules.employment_months_required)}."
        )
    family_years = facts.family_in_district_years
    if rules.family_connection_years > 0 and family_years >= rules.family_connection_years:
        return "family", [
            f"Close family of yours have lived in the district for {_years(family_years)}. The "
            f"scheme accepts {_years(rules.family_connection_years)} as a local connection."
        ], residence
    if family_years > 0:
        reasons.append(
            f"Your close family have lived in the district for {_years(family_years)}. Family "
            f"counts as a local connection after {_years(rules.family_connection_years)}."
        )
    return ("not_met" if residence_known else "unknown"), reasons, residence


def _local_connection_reapply(rules: QualificationRules, residence: ResidenceSummary | None) -> str:
    years = rules.residence_years_required
    if residence is not None and residence.since is not None:
        when = _add_years(residence.since, years)
        return (f"If you keep living in the district, you can apply again from {_d(when)}, when "
                f"you will have lived here for {_years(years)}.")
    return (f"You can apply again once you have lived in the district for {_years(years)} in a "
            f"row, have worked here for {rules.employment_hours_per_week} hours a week or more "
            f"for {_months(rules.employment_months_required)}, or if one of the exemptions "
            "applies to you.")


def _exemption_checks(facts: QualificationFacts, on: date, age: int) -> tuple[ExemptionCheck, ...]:
    af = facts.armed_forces
    af_law = "SI 2012/1869"
    af_in_force = on >= ARMED_FORCES_REGS_START
    not_yet_af = "The armed forces regulations start on 24 August 2012."
    checks: list[ExemptionCheck] = []

    def add(code: str, title: str, authority: str, applies: bool | None, reason: str,
            basis: str, statutory: bool = True) -> None:
        checks.append(ExemptionCheck(code=code, title=title, authority=authority,
                                     statutory=statutory, applies=applies, reason=reason,
                                     basis=basis))

    # Serving regular forces.
    serving = af is ArmedForcesStatus.SERVING_REGULAR
    add("armed_forces_serving", "Serving in the regular armed forces", af_law,
        serving and af_in_force,
        ("You are serving in the regular armed forces." if serving and af_in_force
         else not_yet_af if serving
         else "You have not told us you are serving in the regular forces."),
        "exemption_armed_forces")

    # Former regular forces.
    veteran = af is ArmedForcesStatus.VETERAN_REGULAR
    applies: bool | None
    if not veteran:
        applies, why = False, "You have not told us you served in the regular forces."
    elif not af_in_force:
        applies, why = False, not_yet_af
    elif on >= ALL_VETERANS_FROM:
        applies, why = True, ("You are a veteran of the regular forces. Since 18 December 2024 "
                              "this applies however long ago you left.")
    elif facts.discharge_date is None:
        applies, why = None, ("We need your discharge date: before 18 December 2024 this only "
                              "applies within five years of leaving.")
    elif on <= _add_years(facts.discharge_date, VETERAN_YEARS_AFTER_DISCHARGE):
        applies, why = True, (f"You left the regular forces on {_d(facts.discharge_date)}, "
                              "less than five years ago.")
    else:
        applies, why = False, (f"You left the regular forces on {_d(facts.discharge_date)}. "
                               "Before 18 December 2024 this only applies within five years "
                               "of leaving.")
    add("armed_forces_veteran", "Former member of the regular armed forces",
        f"{af_law}, as amended from 18 December 2024", applies, why, "exemption_armed_forces")

    # Bereaved spouse or civil partner leaving MoD accommodation.
    bereaved = af is ArmedForcesStatus.BEREAVED_PARTNER
    if not bereaved:
        applies, why = False, ("You have not told us you are a bereaved spouse or civil partner "
                               "leaving forces accommodation.")
    elif not af_in_force:
        applies, why = False, not_yet_af
    elif facts.service_related_bereavement:
        applies, why = True, ("You are leaving forces accommodation after your spouse or civil "
                              "partner's death, which was caused by their service.")
    else:
        applies, why = False, ("This applies only where the death was caused wholly or partly "
                               "by service.")
    add("armed_forces_bereaved", "Bereaved spouse or civil partner of a service member", af_law,
        applies, why, "exemption_armed_forces")

    # Injured reservists.
    reservist = af is ArmedForcesStatus.RESERVIST_INJURED
    add("armed_forces_reservist", "Reservist with a serious injury, illness or disability from "
        "service", af_law, reservist and af_in_force,
        ("You are a serving or former reservist with a serious injury, illness or disability "
         "caused by service." if reservist and af_in_force
         else not_yet_af if reservist
         else "You have not told us you are an injured reservist."),
        "exemption_armed_forces")

    # Right to Move.
    rtm_facts = (facts.is_social_tenant_in_england and facts.has_job_or_offer_in_district
                 and facts.hardship_to_move_for_work)
    if on < RIGHT_TO_MOVE_FROM:
        applies, why = False, "Right to Move starts on 20 April 2015."
    elif rtm_facts:
        applies, why = True, ("You are a social tenant in England who needs to move to the "
                              "district for work you have or have been offered, and would "
                              "face hardship otherwise.")
    else:
        missing = [text for ok, text in (
            (facts.is_social_tenant_in_england, "a social tenant in England"),
            (facts.has_job_or_offer_in_district, "working or offered work in the district"),
            (facts.hardship_to_move_for_work, "facing hardship if you cannot move for the work"),
        ) if not ok]
        applies, why = False, "You have not told us you are " + _join(missing, "or") + "."
    add("right_to_move", "Right to Move (social tenants moving for work)", "SI 2015/967",
        applies, why, "exemption_right_to_move")

    # Domestic abuse.
    da_in_force = on >= DOMESTIC_ABUSE_AND_CARE_LEAVERS_FROM
    if not facts.fled_domestic_abuse:
        applies, why = False, ("You have not told us you need to move because of domestic "
                               "abuse.")
    elif da_in_force:
        applies, why = True, "You need to move because of domestic abuse."
    else:
        applies, why = False, ("This exemption starts on 10 July 2025. Before then a manager "
                               "can consider exceptional circumstances.")
    add("domestic_abuse", "Victim of domestic abuse who needs to move", "SI 2025/706",
        applies, why, "exemption_domestic_abuse")

    # Care leavers under 25.
    if not facts.care_leaver:
        applies, why = False, "You have not told us you are a care leaver."
    elif not da_in_force:
        applies, why = False, "This exemption starts on 10 July 2025."
    elif age >= CARE_LEAVER_AGE_LIMIT:
        applies, why = False, (f"You are {age}. This applies to care leavers under "
                               f"{CARE_LEAVER_AGE_LIMIT}.")
    else:
        applies, why = True, f"You are a care leaver aged {age}, under {CARE_LEAVER_AGE_LIMIT}."
    add("care_leaver", "Care leaver under 25", "SI 2025/706", applies, why,
        "exemption_care_leaver")

    # Guidance: separated spouse or civil partner leaving MoD accommodation.
    separated = af is ArmedForcesStatus.SEPARATED_SPOUSE
    add("separated_spouse", "Separated spouse or civil partner of a service member",
        "Armed Forces guidance 2020", separated,
        ("You are a divorced or separated spouse or civil partner of a service member who must "
         "leave forces accommodation." if separated
         else "You have not told us you are leaving forces accommodation after separating."),
        "exemption_separated_spouse", statutory=False)

    # Guidance: exceptional circumstances approved by a manager.
    exceptional = facts.exceptional_circumstances_approved
    add("exceptional", "Exceptional circumstances", "council's discretion, 2012 Guidance ch.3",
        exceptional,
        ("A manager has agreed your circumstances are exceptional." if exceptional
         else "A manager has not agreed any exceptional circumstances."),
        "exemption_exceptional", statutory=False)
    return tuple(checks)


_UNKNOWN_PHRASES: dict[str, str] = {
    "local_connection": "where you have lived, worked and have family",
    "income": "your household income",
    "savings": "your savings",
    "housing_need": "your housing situation",
}


# --- Small helpers ---------------------------------------------------------------------------


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _add_years(value: date, years: int) -> date:
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February in a year without one
        return value.replace(year=value.year + years, day=28)


def _duration(start: date, end: date) -> str:
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    months = max(months, 0)
    years, months = divmod(months, 12)
    if years == 0 and months == 0:
        return "less than a month"
    parts = []
    if years:
        parts.append(_years(years))
    if months:
        parts.append(_months(months))
    return " and ".join(parts)


def _years(n: int) -> str:
    return f"{n} year" if n == 1 else f"{n} years"


def _months(n: int) -> str:
    return f"{n} month" if n == 1 else f"{n} months"


def _money(amount: int) -> str:
    return f"£{amount:,}"


def _ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _join(items: Sequence[str], word: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _d(value: date) -> str:
    return f"{value.day} {value:%B %Y}"
