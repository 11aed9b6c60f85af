"""Reads for priority: the facts the banding and debt rules need, and the assessment the
officer sees before confirming (DOMAIN.md §4.4, §4.10, §5.1 step 8). Nothing here writes.

Kept apart from ``selectors.py`` (the register's reads) because every piece of priority reads
the same bundle: the scheme's band rules, suggested reasons, band date, property eligibility,
debt and local connection.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from applications.models import (
    Application,
    BandAward,
    Circumstances,
    DebtRecord,
    Decision,
    HouseholdMember,
    MedicalAssessment,
)
from applications.rules.banding import (
    BandingFacts,
    BandProposal,
    BandScheme,
    DateDecision,
    PropertyEligibility,
    band_effective_date,
    property_eligibility,
    propose_band,
    suggest_reason_codes,
    what_would_change,
)
from applications.rules.debt import DebtFacts, DebtPolicy, DebtResult, assess_debt
from housing.approvals.models import ApprovalRequest

LEVEL_ORDER = ("urgent", "high", "medium", "none")
MOBILITY_ORDER = ("wheelchair", "step_free", "ground_or_lift", "")
DECIDED_MEDICAL = (MedicalAssessment.Status.DECIDED, MedicalAssessment.Status.NOTIFIED)


def current_award(application: Application) -> BandAward | None:
    return application.awards.filter(status=BandAward.Status.CURRENT).first()


def proposed_award(application: Application) -> BandAward | None:
    return application.awards.filter(status=BandAward.Status.PROPOSED).first()


def decided_medical(application: Application) -> list[MedicalAssessment]:
    """The current, decided medical assessments (one per person: the latest counts)."""
    return list(application.medical_assessments
                .filter(status__in=DECIDED_MEDICAL, is_current=True)
                .select_related("member").order_by("-decided_at"))


def medical_level(assessments: Sequence[MedicalAssessment]) -> str:
    levels = [a.decided_level for a in assessments if a.decided_level]
    return min(levels, key=LEVEL_ORDER.index) if levels else ""


def extra_bedroom_reasons(application: Application) -> list[str]:
    """Approved extra bedrooms from medical decisions (fed to the bedroom-need rule)."""
    return [f"medical need of {a.member.first_name}"
            for a in decided_medical(application)
            if a.decided_extra_bedroom and a.extra_bedroom_approved]


def debt_facts(application: Application) -> list[DebtFacts]:
    tenants = {m.pk for m in application.members.all() if m.is_proposed_tenant}
    return [DebtFacts(id=d.pk, type=d.type, amount=d.amount, owed_by_tenant=d.member_id in tenants,
                      accrued_date=d.accrued_date, weekly_rent_reference=d.weekly_rent_reference,
                      has_arrangement=bool(d.arrangement_frequency),
                      arrangement_kept_since=d.arrangement_kept_since,
                      domestic_abuse_related=d.domestic_abuse_related,
                      benefit_delay_related=d.benefit_delay_related,
                      cleared=d.cleared_at is not None,
                      label=d.get_type_display().lower())
            for d in DebtRecord.objects.filter(application=application)]


def debt_assessment(application: Application, scheme: Any, on: dt.date | None = None
                    ) -> DebtResult:
    """The scheme's debt policy applied to the household's debts (DOMAIN §4.10)."""
    return assess_debt(debt_facts(application), DebtPolicy.from_scheme(scheme),
                       on or timezone.localdate())


def local_connection_text(application: Application) -> tuple[bool | None, str]:
    """Whether the household has a local connection, from the qualification decision."""
    decision = (application.decisions.filter(kind=Decision.Kind.QUALIFICATION, is_current=True)
                .order_by("-created_at").first())
    if decision is None:
        return None, "Not decided yet"
    basis = decision.basis or ""
    if basis in ("residence", "employment", "family"):
        return True, f"Local connection through {basis}"
    if basis.startswith("exemption_"):
        label = basis.removeprefix("exemption_").replace("_", " ")
        return False, f"No local connection needed: exempt ({label})"
    if decision.outcome == "qualifies":
        return None, "Qualifies (officer decision)"
    return False, "No local connection"


def banding_facts(application: Application, level: str) -> BandingFacts:
    c = getattr(application, "circumstances", None) or Circumstances(application=application)
    return BandingFacts(
        bedroom_need=application.bedroom_need, current_bedrooms=c.current_bedrooms,
        tenure=c.tenure or "", shares_kitchen=c.shares_kitchen,
        shares_bathroom=c.shares_bathroom, disrepair=c.disrepair,
        application_type=application.application_type,
        fled_domestic_abuse=c.fled_domestic_abuse,
        armed_forces=(c.armed_forces or "none") != "none",
        hardship_to_move_for_work=c.hardship_to_move_for_work, medical_level=level,
        is_social_tenant=c.is_social_tenant_in_england)


@dataclass
class Assessment:
    """Everything the officer sees, and the award stores, for one assessment."""

    scheme: Any
    band_scheme: BandScheme
    suggested: list[tuple[str, str]]
    reason_codes: list[str]
    proposal: BandProposal
    band: str
    band_name: str
    reasons: list[str]
    date: DateDecision
    homes: PropertyEligibility
    debt: DebtResult
    has_local_connection: bool | None
    local_connection: str
    reduced_priority_reasons: list[str]
    approval_type: str
    approval_reasons: list[str]
    what_would_change: list[str]
    previous: BandAward | None
    medical: list[MedicalAssessment] = field(default_factory=list)
    expires_at: dt.date | None = None

    @property
    def needs_approval(self) -> bool:
        return bool(self.approval_type)


def _oldest_tenant_age(application: Application, on: dt.date) -> int | None:
    ages = [m.age_on(on) for m in application.members.all()
            if m.role in (HouseholdMember.Role.LEAD, HouseholdMember.Role.JOINT)
            or m.partner_id]
    known = [a for a in ages if a is not None]
    return max(known) if known else None


def award_date_decision(application: Application, bands: BandScheme, *, band: str,
                        reason_codes: Sequence[str], previous: BandAward | None, on: dt.date,
                        restore_from: BandAward | None = None) -> DateDecision:
    """The band date for an award in ``band`` taking effect on ``on`` (DOMAIN §4.4.4).

    A reason code's own first-award date rule wins over the scheme's. With ``restore_from``
    (the award a review found wrong) and a higher corrected band, the date is the one the
    applicant would have had if that award had been right (rule 7).
    """
    first_rule = next((bands.reason_by_code(code).date_rule for code in reason_codes
                       if bands.reason_by_code(code).band_code == band
                       and bands.reason_by_code(code).date_rule), "")
    application_date = application.application_date or on
    restored: dt.date | None = None
    if restore_from is not None and bands.is_higher(band, restore_from.band):
        before = restore_from.replaces
        restored = band_effective_date(
            bands, new_band=band, award_date=restore_from.award_date,
            application_date=application_date,
            previous_band=before.band if before else None,
            previous_effective_date=before.effective_date if before else None,
            first_award_rule=first_rule).effective_date
    return band_effective_date(
        bands, new_band=band, award_date=on, application_date=application_date,
        previous_band=previous.band if previous else None,
        previous_effective_date=previous.effective_date if previous else None,
        restored_date=restored, first_award_rule=first_rule)


def assessment_for(application: Application, *, scheme: Any,
                   reason_codes: Sequence[str] | None = None,
                   deliberate_worsening: bool = False, behaviour: bool = False,
                   override_band: str = "", on: dt.date | None = None,
                   restore_from: BandAward | None = None) -> Assessment:
    """Work out the assessment: with ``reason_codes`` None, the rules' own suggestion.

    Raises ``ValueError`` for a reason code or band the scheme does not have.
    """
    on = on or timezone.localdate()
    bands = BandScheme.from_scheme(scheme)
    medical = decided_medical(application)
    level = medical_level(medical)
    suggested = suggest_reason_codes(bands, banding_facts(application, level))
    codes = [c for c, _ in suggested] if reason_codes is None else list(reason_codes)
    debt = debt_assessment(application, scheme, on)
    has_connection, connection_text = local_connection_text(application)

    reduced: list[str] = []
    if debt.blocks and debt.effect == "reduce":
        reduced.append(f"you owe £{debt.qualifying_debt:,.2f} of housing-related debt "
                       "without a kept repayment arrangement")
    c = getattr(application, "circumstances", None)
    threshold = scheme.resources_reduced_priority_threshold
    if threshold is not None and c is not None and (c.savings or 0) > threshold:
        reduced.append(f"you have savings of £{c.savings:,}, more than £{threshold:,}")
    if deliberate_worsening:
        reduced.append(f"you deliberately made your housing circumstances worse (this applies "
                       f"for {scheme.deliberate_worsening_months} months)")
    if behaviour:
        reduced.append("your behaviour affects your suitability as a tenant")
    proposal = propose_band(bands, codes, reduced)
    band = bands.band_by_code(proposal.band)
    reasons = list(proposal.reasons)
    if (scheme.no_local_connection_effect == "one_down" and has_connection is False
            and band.code != bands.lowest_band.code):
        band = bands.band_below(band.code)
        reasons.append(f"You do not have a local connection, so the scheme places you one band "
                       f"lower, in {band.name}.")
    if override_band:
        chosen = bands.band_by_code(override_band)
        if chosen.code != band.code:
            reasons.append(f"The officer placed you in {chosen.name} instead of {band.name}.")
            band = chosen

    previous = current_award(application)
    date = award_date_decision(application, bands, band=band.code,
                               reason_codes=proposal.reason_codes, previous=previous, on=on,
                               restore_from=restore_from)

    mobility = min((a.decided_mobility or "" for a in medical), key=MOBILITY_ORDER.index,
                   default="")
    prop = property_eligibility(
        sizes=list(application.eligible_sizes or []),
        oldest_tenant_age=_oldest_tenant_age(application, on),
        sheltered_age=scheme.sheltered_qualifying_age, mobility=mobility,
        ground_floor=any(a.decided_ground_floor for a in medical),
        extra_bedroom=any(a.decided_extra_bedroom and a.extra_bedroom_approved
                          for a in medical))

    approval_type, approval_reasons = "", []
    needing = [code for code in proposal.reason_codes
               if bands.reason_by_code(code).requires_approval]
    if needing:
        approval_type = ApprovalRequest.Type.BAND_A_AWARD
        approval_reasons.append(f"Reason {', '.join(needing)} needs a manager's approval.")
    elif band.code == bands.highest_band.code and scheme.band_a_requires_manager_approval:
        approval_type = ApprovalRequest.Type.BAND_A_AWARD
        approval_reasons.append(f"Awards in {band.name} need a manager's approval.")
    discretionary = [code for code in proposal.reason_codes
                     if bands.reason_by_code(code).discretionary]
    upward_override = bool(override_band) and bands.is_higher(band.code, proposal.band)
    if scheme.discretionary_requires_manager_approval and (discretionary or upward_override):
        if not approval_type:
            approval_type = ApprovalRequest.Type.DISCRETIONARY_AWARD
        approval_reasons.append("A discretionary award needs a manager's approval."
                                if discretionary else
                                "Placing someone in a higher band than the rules propose "
                                "needs a manager's approval.")
    expires_at = None
    if band.code == bands.highest_band.code and scheme.band_a_time_limit_cycles:
        expires_at = on + dt.timedelta(weeks=scheme.band_a_time_limit_cycles)

    return Assessment(
        scheme=scheme, band_scheme=bands, suggested=suggested, reason_codes=list(
            proposal.reason_codes), proposal=proposal, band=band.code, band_name=band.name,
        reasons=reasons, date=date, homes=prop, debt=debt,
        has_local_connection=has_connection, local_connection=connection_text,
        reduced_priority_reasons=reduced, approval_type=approval_type,
        approval_reasons=approval_reasons,
        what_would_change=what_would_change(bands, proposal) + list(debt.what_would_lift),
        previous=previous, medical=medical, expires_at=expires_at)


def award_history(application: Application) -> list[BandAward]:
    return list(application.awards.select_related("proposed_by", "approved_by")
                .order_by("-created_at", "-pk"))
