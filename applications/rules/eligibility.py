"""Eligibility of persons from abroad for an allocation (DOMAIN §4.2).

Housing Act 1996 s160ZA(1)–(5) and the Allocation of Housing and Homelessness (Eligibility)
(England) Regulations 2006 ("Eligibility Regulations 2006"): reg 3 lists the classes of people
*subject to immigration control* who are eligible; reg 4 makes other people from abroad
ineligible if they are not habitually resident in the Common Travel Area or if their only right
to reside is an initial three months' residence or as a jobseeker (or a jobseeker's family).

The test is applied to each adult proposed as a tenant (the lead applicant and any joint
applicant), at application and again at offer (2012 Guidance para 3.3). ``assess_eligibility``
judges one person; ``household_eligibility`` combines the results for a joint application.

The prescribed classes are data (``PrescribedClass``), passed in by the caller: they are amended
often, so they live in an editable, versioned table. ``prescribed_classes.py`` holds the
defaults.

Pure Python: no Django imports. Reasons are written for the officer and the applicant to read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

__all__ = [
    "EligibilityFacts",
    "EligibilityOutcome",
    "EligibilityResult",
    "HouseholdEligibility",
    "HouseholdEligibilityOutcome",
    "ImmigrationStatus",
    "PrescribedClass",
    "RightToReside",
    "assess_eligibility",
    "household_eligibility",
]

REGS = "Eligibility Regulations 2006"


class ImmigrationStatus(StrEnum):
    """A person's immigration status as recorded on the household member (DOMAIN §3.2).

    The values are the codes stored in the database.
    """

    BRITISH = "british"
    IRISH = "irish"
    EUSS_SETTLED = "euss_settled"
    EUSS_PRE_SETTLED = "euss_pre_settled"
    INDEFINITE_LEAVE = "indefinite_leave"
    REFUGEE = "refugee"
    HUMANITARIAN_PROTECTION = "humanitarian_protection"
    LIMITED_LEAVE = "limited_leave"
    LIMITED_LEAVE_NRPF = "limited_leave_nrpf"
    RESETTLEMENT_SCHEME = "resettlement_scheme"
    AFGHAN_RELOCATION = "afghan_relocation"
    ASYLUM_SEEKER = "asylum_seeker"
    VISA_OTHER = "visa_other"
    NOT_KNOWN = "not_known"

    @property
    def label(self) -> str:
        return IMMIGRATION_STATUS_LABELS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(code, label)`` pairs, ready for a model field's or form field's ``choices``."""
        return [(member.value, member.label) for member in cls]

    @property
    def is_subject_to_immigration_control(self) -> bool:
        """Whether the person needs leave to enter or remain.

        British and Irish citizens do not. People with status under the EU Settlement Scheme are
        treated as outside immigration control for this test, as DOMAIN §4.2 directs: settled
        status behaves like indefinite leave, and pre-settled status needs a qualifying right to
        reside. ``NOT_KNOWN`` answers ``False`` here but is never judged on it.
        """
        return self not in _NOT_SUBJECT_TO_CONTROL and self is not ImmigrationStatus.NOT_KNOWN


IMMIGRATION_STATUS_LABELS: dict[ImmigrationStatus, str] = {
    ImmigrationStatus.BRITISH: "British citizen",
    ImmigrationStatus.IRISH: "Irish citizen",
    ImmigrationStatus.EUSS_SETTLED: "EU Settlement Scheme: settled status",
    ImmigrationStatus.EUSS_PRE_SETTLED: "EU Settlement Scheme: pre-settled status",
    ImmigrationStatus.INDEFINITE_LEAVE: "Indefinite leave to enter or remain",
    ImmigrationStatus.REFUGEE: "Refugee with leave to remain",
    ImmigrationStatus.HUMANITARIAN_PROTECTION: "Humanitarian protection",
    ImmigrationStatus.LIMITED_LEAVE: "Limited leave with recourse to public funds",
    ImmigrationStatus.LIMITED_LEAVE_NRPF: "Limited leave with no recourse to public funds",
    ImmigrationStatus.RESETTLEMENT_SCHEME: "Leave under a named resettlement scheme",
    ImmigrationStatus.AFGHAN_RELOCATION: "Afghan relocation scheme (ARAP or earlier scheme)",
    ImmigrationStatus.ASYLUM_SEEKER: "Asylum seeker (claim not yet decided)",
    ImmigrationStatus.VISA_OTHER: "Other visa",
    ImmigrationStatus.NOT_KNOWN: "Not known yet",
}

_NOT_SUBJECT_TO_CONTROL = frozenset(
    {
        ImmigrationStatus.BRITISH,
        ImmigrationStatus.IRISH,
        ImmigrationStatus.EUSS_SETTLED,
        ImmigrationStatus.EUSS_PRE_SETTLED,
    }
)

# Statuses whose leave never runs out, so an expiry date on a card is not an expiry of status.
_NO_EXPIRY = frozenset(
    {
        ImmigrationStatus.BRITISH,
        ImmigrationStatus.IRISH,
        ImmigrationStatus.EUSS_SETTLED,
        ImmigrationStatus.INDEFINITE_LEAVE,
        ImmigrationStatus.ASYLUM_SEEKER,
        ImmigrationStatus.NOT_KNOWN,
    }
)


class RightToReside(StrEnum):
    """The basis of an EU Settlement Scheme pre-settled person's right to reside."""

    WORKER = "worker"
    SELF_EMPLOYED = "self_employed"
    RETAINED_WORKER_STATUS = "retained_worker_status"
    FAMILY_OF_WORKER = "family_of_worker"
    PERMANENT_RESIDENCE = "permanent_residence"
    JOBSEEKER = "jobseeker"
    FAMILY_OF_JOBSEEKER = "family_of_jobseeker"
    INITIAL_THREE_MONTHS = "initial_three_months"
    NONE = "none"
    NOT_KNOWN = "not_known"

    @property
    def label(self) -> str:
        return RIGHT_TO_RESIDE_LABELS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(code, label)`` pairs, ready for a model field's or form field's ``choices``."""
        return [(member.value, member.label) for member in cls]


RIGHT_TO_RESIDE_LABELS: dict[RightToReside, str] = {
    RightToReside.WORKER: "Worker",
    RightToReside.SELF_EMPLOYED: "Self-employed",
    RightToReside.RETAINED_WORKER_STATUS: "Kept worker or self-employed status",
    RightToReside.FAMILY_OF_WORKER: "Family member of a worker or self-employed person",
    RightToReside.PERMANENT_RESIDENCE: "Permanent right of residence",
    RightToReside.JOBSEEKER: "Jobseeker",
    RightToReside.FAMILY_OF_JOBSEEKER: "Family member of a jobseeker",
    RightToReside.INITIAL_THREE_MONTHS: "First three months in the UK",
    RightToReside.NONE: "No right to reside",
    RightToReside.NOT_KNOWN: "Not known yet",
}

# Rights to reside that qualify a pre-settled person *and* lift the habitual residence test
# (Eligibility Regulations 2006 reg 4(2)(a)–(d), as preserved for EUSS pre-settled people).
_WORKER_RIGHTS = frozenset(
    {
        RightToReside.WORKER,
        RightToReside.SELF_EMPLOYED,
        RightToReside.RETAINED_WORKER_STATUS,
        RightToReside.FAMILY_OF_WORKER,
    }
)
_JOBSEEKER_RIGHTS = frozenset({RightToReside.JOBSEEKER, RightToReside.FAMILY_OF_JOBSEEKER})


@dataclass(frozen=True)
class PrescribedClass:
    """One class of people subject to immigration control who are eligible (reg 3).

    ``statuses`` lists the register's immigration statuses that fall in the class (stored codes
    or ``ImmigrationStatus`` members both work). A class counts only on dates from
    ``effective_from`` up to and including ``effective_to``.

    ``excludes_sponsored_immigrants`` marks class C: people given leave on a sponsor's
    undertaking, resident under five years, whose sponsor is alive, fall outside it. Whether a
    sponsor has died is for an officer to check, so the rule flags such cases for a decision.
    ``legal_reference`` is quoted in reasons; when blank the rule says "reg 3, class <code>".
    """

    code: str
    title: str
    description: str
    statuses: tuple[ImmigrationStatus, ...]
    requires_habitual_residence: bool
    effective_from: date
    effective_to: date | None = None
    excludes_sponsored_immigrants: bool = False
    legal_reference: str = ""

    def is_effective(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    @property
    def citation(self) -> str:
        return self.legal_reference or f"{REGS}, reg 3, class {self.code}"


@dataclass(frozen=True)
class EligibilityFacts:
    """What the rule needs to know about one adult proposed as a tenant.

    ``is_existing_social_tenant``: a secure or introductory council tenant, or an assured
    (not shorthold) tenant of a registered provider. ``habitually_resident`` is the officer's
    decision on the habitual residence test; ``None`` means not decided yet. ``hrt_exempt``
    records that the law exempts the person from that test (for example people who arrived
    because of the crises the regulations name). ``sponsored_immigrant_within_five_years``:
    leave given on a sponsor's undertaking less than five years ago. ``s115_excluded``: the
    person is excluded from benefits by s115 Immigration and Asylum Act 1999.
    """

    name: str
    is_existing_social_tenant: bool
    immigration_status: ImmigrationStatus
    status_expiry_date: date | None
    habitually_resident: bool | None
    hrt_exempt: bool = False
    right_to_reside: RightToReside = RightToReside.NOT_KNOWN
    sponsored_immigrant_within_five_years: bool = False
    s115_excluded: bool = False


class EligibilityOutcome(StrEnum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    EXEMPT_EXISTING_TENANT = "exempt_existing_tenant"
    NEEDS_OFFICER_DECISION = "needs_officer_decision"


@dataclass(frozen=True)
class EligibilityResult:
    """The outcome for one person, the plain-English reasons, and a short ``basis`` code.

    Basis codes: ``existing_social_tenant``; ``<status>_habitually_resident`` (for example
    ``british_habitually_resident``) and ``<status>_hrt_exempt``; ``euss_pre_settled_<right>``;
    ``class_<code>``; ``nrpf``; ``s115``; ``asylum_seeker``; ``no_prescribed_class``;
    ``fails_habitual_residence``; ``jobseeker_only``; ``initial_three_months``;
    ``no_right_to_reside``; and for officer decisions ``habitual_residence_undecided``,
    ``right_to_reside_not_known``, ``status_not_known``, ``leave_expired``,
    ``sponsored_immigrant``.
    """

    outcome: EligibilityOutcome
    reasons: tuple[str, ...]
    basis: str
    person: str

    @property
    def is_eligible(self) -> bool:
        """Eligible, or outside the test as an existing social tenant."""
        return self.outcome in (
            EligibilityOutcome.ELIGIBLE,
            EligibilityOutcome.EXEMPT_EXISTING_TENANT,
        )


def assess_eligibility(
    facts: EligibilityFacts, classes: Iterable[PrescribedClass], on: date
) -> EligibilityResult:
    """Decide whether one adult proposed as a tenant is eligible for an allocation on ``on``.

    Housing Act 1996 s160ZA(1)–(5); Eligibility Regulations 2006 regs 3 and 4; 2012 Guidance
    ch.3. In order:

    1. Existing secure/introductory council tenants and assured (non-shorthold) housing
       association tenants are outside the test (s160ZA(5); 2012 Guidance para 3.5).
    2. People subject to immigration control: ineligible if excluded by s115 Immigration and
       Asylum Act 1999 (s160ZA(3)), if their leave carries no recourse to public funds, or if
       they are asylum seekers; an officer must look again if limited leave has run out;
       otherwise eligible only if in a prescribed class in force on ``on``, passing the habitual
       residence test where the class requires it.
    3. Everyone else (British, Irish, EU Settlement Scheme): must be habitually resident in the
       Common Travel Area unless exempt; a pre-settled person needs a qualifying right to reside,
       and a right to reside only as a jobseeker or in the first three months does not count
       (reg 4). Worker-type rights also lift the habitual residence test (reg 4(2)).

    Definite grounds of ineligibility are reported before questions an officer still has to
    decide, so the reasons never ask for a decision that could not change the outcome.

    A person with indefinite leave who was sponsored less than five years ago gets
    ``needs_officer_decision`` (basis ``sponsored_immigrant``), not ``ineligible``: the class C
    exclusion falls away if every sponsor has died, which only an officer can check.
    """
    name = facts.name
    status = facts.immigration_status

    if facts.is_existing_social_tenant:
        return _result(
            facts,
            EligibilityOutcome.EXEMPT_EXISTING_TENANT,
            "existing_social_tenant",
            f"{name} is already a secure or introductory council tenant, or an assured tenant "
            "of a housing association, so the rules on people from abroad do not apply "
            "(Housing Act 1996 s160ZA(5); 2012 Guidance para 3.5).",
        )

    if status is ImmigrationStatus.NOT_KNOWN:
        return _result(
            facts,
            EligibilityOutcome.NEEDS_OFFICER_DECISION,
            "status_not_known",
            f"We do not know {name}'s nationality or immigration status yet. We need it, with "
            f"evidence, to decide whether {name} is eligible (Housing Act 1996 s160ZA).",
        )

    if status.is_subject_to_immigration_control:
        return _assess_subject_to_control(facts, classes, on)
    return _assess_not_subject_to_control(facts, on)


def _assess_subject_to_control(
    facts: EligibilityFacts, classes: Iterable[PrescribedClass], on: date
) -> EligibilityResult:
    name = facts.name
    status = facts.immigration_status
    ineligible = EligibilityOutcome.INELIGIBLE

    if facts.s115_excluded:
        return _result(
            facts,
            ineligible,
            "s115",
            f"{name} is excluded from benefits by section 115 of the Immigration and Asylum Act "
            "1999. The law does not allow anyone in that position to be made eligible for an "
            "allocation (Housing Act 1996 s160ZA(3)).",
        )
    if status is ImmigrationStatus.LIMITED_LEAVE_NRPF:
        return _result(
            facts,
            ineligible,
            "nrpf",
            f"{name} has leave to be in the UK on condition of no recourse to public funds, so "
            f"{name} is not eligible for an allocation ({REGS}, reg 3 classes B and F exclude "
            "leave with that condition; Housing Act 1996 s160ZA(2)). "
            f"{name} still counts as part of the household when we work out bedroom need "
            "(2012 Guidance para 3.4).",
        )
    if status is ImmigrationStatus.ASYLUM_SEEKER:
        return _result(
            facts,
            ineligible,
            "asylum_seeker",
            f"{name} is waiting for a decision on an asylum claim. People without leave to be "
            "in the UK are not in any eligible class, so "
            f"{name} is not eligible yet (Housing Act 1996 s160ZA(2); {REGS}, reg 3). "
            f"If {name} is granted refugee status or other leave, we can look again.",
        )
    active = [c for c in classes if c.is_effective(on) and status in c.statuses]
    if not active:
        return _result(
            facts,
            ineligible,
            "no_prescribed_class",
            f"{name}'s immigration status ({status.label.lower()}) is not in any of the classes "
            f"of people subject to immigration control who are eligible on {_d(on)} "
            f"(Housing Act 1996 s160ZA(2); {REGS}, reg 3).",
        )
    expired = _expired_leave(facts, on)
    if expired is not None:
        return expired

    # The person is eligible if they fall in any one class: prefer a class with no habitual
    # residence test, then one with no sponsorship exclusion.
    no_hrt = [c for c in active if not c.requires_habitual_residence]
    if no_hrt:
        chosen = no_hrt[0]
        return _result(
            facts,
            EligibilityOutcome.ELIGIBLE,
            f"class_{chosen.code}",
            f"{name} has {_status_phrase(status)}. {chosen.title} are eligible "
            f"({chosen.citation}). No habitual residence test applies.",
            *_also_classes(no_hrt),
            *_expiry_note(facts),
        )

    chosen = next((c for c in active if not c.excludes_sponsored_immigrants), active[0])
    sponsored = chosen.excludes_sponsored_immigrants and facts.sponsored_immigrant_within_five_years
    intro = (
        f"{name} has {_status_phrase(status)}. {chosen.title} are eligible if they are "
        "habitually resident in the UK, Channel Islands, Isle of Man or Ireland "
        f"({chosen.citation})."
    )
    if facts.habitually_resident is False and not facts.hrt_exempt:
        return _result(
            facts,
            ineligible,
            "fails_habitual_residence",
            intro,
            f"We have decided that {name} is not habitually resident, so {name} is not "
            "eligible.",
        )
    pending: list[str] = []
    if sponsored:
        pending.append(
            f"{name} was given leave on a sponsor's undertaking less than five years ago. "
            f"Sponsored immigrants are outside this class for five years unless every sponsor "
            f"has died ({chosen.citation}). An officer needs to check whether {name}'s sponsor "
            "is still alive."
        )
    if facts.habitually_resident is None and not facts.hrt_exempt:
        pending.append(_hrt_question(name))
    if pending:
        basis = "sponsored_immigrant" if sponsored else "habitual_residence_undecided"
        return _result(facts, EligibilityOutcome.NEEDS_OFFICER_DECISION, basis, intro, *pending)
    return _result(
        facts,
        EligibilityOutcome.ELIGIBLE,
        f"class_{chosen.code}",
        intro,
        _hrt_passed(name, facts.hrt_exempt),
        *_expiry_note(facts),
    )


def _assess_not_subject_to_control(facts: EligibilityFacts, on: date) -> EligibilityResult:
    name = facts.name
    status = facts.immigration_status
    rtr = facts.right_to_reside

    if status is not ImmigrationStatus.EUSS_PRE_SETTLED:
        # British, Irish, EUSS settled: only the habitual residence test (reg 4(1)(a)).
        intro = (
            f"{name} has {_status_phrase(status)}, so the immigration classes do not apply. "
            f"{name} must be habitually resident in the UK, Channel Islands, Isle of Man or "
            f"Ireland ({REGS}, reg 4)."
        )
        return _habitual_residence_decides(facts, intro, f"{status.value}_")

    expired = _expired_leave(facts, on)
    if expired is not None:
        return expired
    intro = (
        f"{name} has pre-settled status under the EU Settlement Scheme, which on its own does "
        f"not make {name} eligible: {name} also needs a qualifying right to reside "
        f"({REGS}, reg 4)."
    )
    if rtr in _WORKER_RIGHTS:
        return _result(
            facts,
            EligibilityOutcome.ELIGIBLE,
            f"euss_pre_settled_{rtr.value}",
            intro,
            f"{name}'s right to reside is as a {rtr.label.lower()}, which qualifies. People with "
            f"this right do not have to pass the habitual residence test ({REGS}, reg 4(2)).",
            *_expiry_note(facts),
        )
    if rtr in _JOBSEEKER_RIGHTS:
        return _result(
            facts,
            EligibilityOutcome.INELIGIBLE,
            "jobseeker_only",
            intro,
            f"{name}'s only right to reside is as a {rtr.label.lower()}, which does not count, "
            f"so {name} is not eligible ({REGS}, reg 4(1)(b)). If {name} starts work or "
            "self-employment, we can look again.",
        )
    if rtr is RightToReside.INITIAL_THREE_MONTHS:
        return _result(
            facts,
            EligibilityOutcome.INELIGIBLE,
            "initial_three_months",
            intro,
            f"{name}'s only right to reside is the initial right to live in the UK for three "
            f"months, which does not count, so {name} is not eligible ({REGS}, reg 4(1)(b)).",
        )
    if rtr is RightToReside.NONE:
        return _result(
            facts,
            EligibilityOutcome.INELIGIBLE,
            "no_right_to_reside",
            intro,
            f"We have decided that {name} has no qualifying right to reside, so {name} is not "
            "eligible.",
        )
    if rtr is RightToReside.NOT_KNOWN:
        return _result(
            facts,
            EligibilityOutcome.NEEDS_OFFICER_DECISION,
            "right_to_reside_not_known",
            intro,
            f"We need to decide what right to reside {name} has, for example as a worker or "
            "self-employed person. Payslips, a contract or self-employment records help.",
        )
    # Permanent residence qualifies but the habitual residence test still applies.
    intro += f" {name} has a permanent right of residence, which qualifies."
    return _habitual_residence_decides(facts, intro, "euss_pre_settled_permanent_residence_")


def _habitual_residence_decides(
    facts: EligibilityFacts, intro: str, basis_prefix: str
) -> EligibilityResult:
    name = facts.name
    if facts.hrt_exempt:
        return _result(
            facts,
            EligibilityOutcome.ELIGIBLE,
            f"{basis_prefix}hrt_exempt",
            intro,
            _hrt_passed(name, exempt=True),
            *_expiry_note(facts),
        )
    if facts.habitually_resident is None:
        return _result(
            facts,
            EligibilityOutcome.NEEDS_OFFICER_DECISION,
            "habitual_residence_undecided",
            intro,
            _hrt_question(name),
        )
    if not facts.habitually_resident:
        return _result(
            facts,
            EligibilityOutcome.INELIGIBLE,
            "fails_habitual_residence",
            intro,
            f"We have decided that {name} is not habitually resident at the moment, so {name} "
            f"is not eligible ({REGS}, reg 4(1)(a)). {name} can apply again once {name} has "
            "settled here.",
        )
    return _result(
        facts,
        EligibilityOutcome.ELIGIBLE,
        f"{basis_prefix}habitually_resident",
        intro,
        _hrt_passed(name, exempt=False),
        *_expiry_note(facts),
    )


def _expired_leave(facts: EligibilityFacts, on: date) -> EligibilityResult | None:
    expiry = facts.status_expiry_date
    if facts.immigration_status in _NO_EXPIRY or expiry is None or expiry >= on:
        return None
    return _result(
        facts,
        EligibilityOutcome.NEEDS_OFFICER_DECISION,
        "leave_expired",
        f"{facts.name}'s {facts.immigration_status.label.lower()} ended on {_d(expiry)}. An "
        f"officer needs to check {facts.name}'s current status, for example whether an "
        "application to extend it was made in time, before deciding eligibility "
        "(2012 Guidance para 3.3).",
    )


def _hrt_question(name: str) -> str:
    return (
        f"We need to decide whether {name} is habitually resident: how long {name} has lived "
        f"here, why {name} came, and {name}'s work, family and other ties here."
    )


def _hrt_passed(name: str, exempt: bool) -> str:
    if exempt:
        return (
            f"{name} does not have to pass the habitual residence test, so {name} is eligible."
        )
    return f"We have decided that {name} is habitually resident, so {name} is eligible."


def _expiry_note(facts: EligibilityFacts) -> tuple[str, ...]:
    expiry = facts.status_expiry_date
    if facts.immigration_status in _NO_EXPIRY or expiry is None:
        return ()
    return (
        f"{facts.name}'s current leave runs until {_d(expiry)}. We will check "
        f"{facts.name}'s status again before any offer (2012 Guidance para 3.3).",
    )


def _also_classes(classes: Sequence[PrescribedClass]) -> tuple[str, ...]:
    others = [c.code for c in classes[1:]]
    if not others:
        return ()
    return (
        "The same status can also fall within class " + ", ".join(others) + "; an officer "
        "should record which kind of leave the Home Office granted.",
    )


def _status_phrase(status: ImmigrationStatus) -> str:
    return _STATUS_PHRASES.get(status, status.label.lower())


_STATUS_PHRASES: dict[ImmigrationStatus, str] = {
    ImmigrationStatus.BRITISH: "British citizenship",
    ImmigrationStatus.IRISH: "Irish citizenship",
    ImmigrationStatus.EUSS_SETTLED: "settled status under the EU Settlement Scheme",
    ImmigrationStatus.INDEFINITE_LEAVE: "indefinite leave to remain",
    ImmigrationStatus.REFUGEE: "refugee status with leave to remain",
    ImmigrationStatus.HUMANITARIAN_PROTECTION: "humanitarian protection",
    ImmigrationStatus.LIMITED_LEAVE: "limited leave to remain without a no-public-funds "
    "condition",
    ImmigrationStatus.RESETTLEMENT_SCHEME: "leave under a named resettlement scheme",
    ImmigrationStatus.AFGHAN_RELOCATION: "leave under an Afghan relocation scheme",
    ImmigrationStatus.VISA_OTHER: "a visa",
}


def _result(
    facts: EligibilityFacts, outcome: EligibilityOutcome, basis: str, *reasons: str
) -> EligibilityResult:
    return EligibilityResult(outcome=outcome, reasons=tuple(reasons), basis=basis,
                             person=facts.name)


def _d(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


# --- Household -------------------------------------------------------------------------------


class HouseholdEligibilityOutcome(StrEnum):
    ELIGIBLE = "eligible"
    ELIGIBLE_SOLE_TENANCY_ONLY = "eligible_sole_tenancy_only"
    INELIGIBLE = "ineligible"
    NEEDS_OFFICER_DECISION = "needs_officer_decision"


@dataclass(frozen=True)
class HouseholdEligibility:
    """The combined eligibility of everyone proposed as a tenant on one application.

    ``tenants`` are the people who may hold the tenancy on the current facts (the lead alone
    when the outcome is ``eligible_sole_tenancy_only``; nobody when ``ineligible``).
    ``results`` keeps each person's result, lead first.
    """

    outcome: HouseholdEligibilityOutcome
    reasons: tuple[str, ...]
    tenants: tuple[str, ...] = ()
    ineligible_people: tuple[str, ...] = ()
    undecided_people: tuple[str, ...] = ()
    results: tuple[EligibilityResult, ...] = field(default=())

    @property
    def can_join_register(self) -> bool:
        return self.outcome in (
            HouseholdEligibilityOutcome.ELIGIBLE,
            HouseholdEligibilityOutcome.ELIGIBLE_SOLE_TENANCY_ONLY,
        )


def household_eligibility(results: Sequence[EligibilityResult]) -> HouseholdEligibility:
    """Combine per-person results for a sole or joint application. ``results[0]`` is the lead.

    No joint tenancy may be granted if any proposed joint tenant is ineligible, but the
    eligible lead may be granted a sole tenancy (Housing Act 1996 s160ZA(1)(b); 2012 Guidance
    para 3.4). So: lead ineligible → ineligible; anyone still needing an officer's decision →
    needs_officer_decision; a joint applicant ineligible → eligible for a sole tenancy only;
    otherwise eligible. Ineligible members still count for bedroom need (2012 Guidance 3.4).
    """
    if not results:
        raise ValueError("household_eligibility needs at least the lead applicant's result")
    lead, joint = results[0], list(results[1:])
    reasons = tuple(reason for result in results for reason in result.reasons)
    ineligible = tuple(
        r.person for r in results if r.outcome is EligibilityOutcome.INELIGIBLE
    )
    undecided = tuple(
        r.person for r in results if r.outcome is EligibilityOutcome.NEEDS_OFFICER_DECISION
    )

    def made(outcome: HouseholdEligibilityOutcome, *extra: str,
             tenants: tuple[str, ...] = ()) -> HouseholdEligibility:
        return HouseholdEligibility(
            outcome=outcome,
            reasons=reasons + extra,
            tenants=tenants,
            ineligible_people=ineligible,
            undecided_people=undecided,
            results=tuple(results),
        )

    if lead.outcome is EligibilityOutcome.INELIGIBLE:
        return made(
            HouseholdEligibilityOutcome.INELIGIBLE,
            f"{lead.person} is the main applicant and is not eligible, so the application "
            "cannot join the housing register.",
        )
    if undecided:
        return made(
            HouseholdEligibilityOutcome.NEEDS_OFFICER_DECISION,
            "We cannot finish the eligibility decision until an officer has decided the "
            f"questions above for {_join(undecided)}.",
        )
    if ineligible:
        return made(
            HouseholdEligibilityOutcome.ELIGIBLE_SOLE_TENANCY_ONLY,
            f"A joint tenancy cannot be granted because {_join(ineligible)} "
            f"{'is' if len(ineligible) == 1 else 'are'} not eligible. {lead.person} can be "
            "offered a tenancy in their sole name (Housing Act 1996 s160ZA(1)(b); 2012 "
            f"Guidance para 3.4). {_join(ineligible)} can still live in the home and "
            "count when we work out how many bedrooms the household needs.",
            tenants=(lead.person,),
        )
    return made(
        HouseholdEligibilityOutcome.ELIGIBLE,
        *(
            ("Everyone proposed as a joint tenant is eligible, so a joint tenancy is possible.",)
            if joint
            else ()
        ),
        tenants=tuple(r.person for r in results),
    )


def _join(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
