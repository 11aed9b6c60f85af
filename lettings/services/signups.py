"""Sign-ups: pre-tenancy checks, the tenancy pack, signatures and the let (DOMAIN.md §3.15,
§4.16, §5.3; decision record 0012).

The order is fixed by ``SignUp.TRANSITIONS``: checks → ready to sign (the pack is made) →
signed by every tenant → counter-signed, when the signed copy is made and locked and the let is
completed through ``let_record``. Any change after the pack is made goes back to the checks and
supersedes the pack; the signatures stay on the version they signed.

External e-signature services (DocuSign and the like) would plug in at
:func:`tenant_sign`: the adapter calls it with the signer's details and the SHA-256 of the PDF
the service showed them, exactly as the portal does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from applications.models import Application, HouseholdMember
from applications.rules.eligibility import assess_eligibility
from applications.selectors import eligibility_facts_for, prescribed_classes
from housing.core.exceptions import ApplicationError, ConflictError
from housing.letters.models import Letter
from housing.letters.pdf import render_pdf
from housing.letters.services import letter_create, letter_render
from housing.scheme.models import SchemeVersion
from housing.scheme.selectors import scheme_in_force
from lettings import policies
from lettings.models import (
    AffordabilityAssessment,
    Offer,
    SignUp,
    SignUpCheck,
    Tenancy,
    TenancyPack,
    TenancySignature,
    Void,
)
from lettings.rules import affordability as afford_rule
from lettings.rules import signup_checks
from lettings.rules.tenancy_type import (
    TenancyPolicy,
    TenantFacts,
    joint_tenancy,
    tenancy_type_for,
)
from lettings.services._common import refuse_transition
from lettings.services.lets import LET_MAX_DAYS_AHEAD, let_record

_STATUS = dict(SignUp.Status.choices)
_OFFER_LABELS = dict(Offer.Status.choices)
AFFORDABILITY_FIELDS = (
    "earnings", "universal_credit", "housing_support", "other_benefits", "other_income",
    "council_tax", "utilities", "food_and_household", "travel", "childcare",
    "debt_repayments", "other_outgoings")
TERMS_FIELDS = ("start_date", "rent_period", "weekly_rent", "service_charge", "support_charge",
                "additional_conditions")
# Check details an officer may record, per check (anything else is refused).
CHECK_DETAILS: dict[str, tuple[str, ...]] = {
    "identity": ("documents",),
    "household": ("working_situation",),
    "rent_in_advance": ("amount_paid",),
    "benefit_claim": ("claim_type", "claim_reference"),
    "support": ("referrals",),
    "tenancy_end": ("end_date",),
}
WORKING_SITUATIONS = (
    ("full_time", "Working full time (30 hours a week or more)"),
    ("part_time", "Working part time"),
    ("seeking_work", "Unemployed and looking for work"),
    ("not_seeking_work", "Not working and not looking for work"),
    ("retired", "Retired"),
    ("student", "Full-time student"),
    ("unable_to_work", "Unable to work because of long-term illness or disability"),
    ("other", "Other"),
    ("refused", "Prefers not to say"),
)
CLAIM_TYPES = (("uc_housing_element", "Universal Credit housing element"),
               ("housing_benefit", "Housing Benefit"))


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _money(value: Decimal) -> str:
    return f"£{value:,.2f}"


def _amount(value: Any) -> Decimal | None:
    """A sum of money from £0 to £99,999.99, or None when ``value`` is not one."""
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        return None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("100000"):
        return None
    return amount.quantize(Decimal("0.01"))


def _require_worker(actor: Any, signup: SignUp) -> None:
    if not policies.can_work_signup(actor, signup):
        raise ApplicationError("Only lettings officers who may work this case can do this.")


def _locked(signup: SignUp) -> SignUp:
    return (SignUp.objects.select_for_update(of=("self",))
            .select_related("application", "property", "property__landlord", "offer")
            .get(pk=signup.pk))


def _move(signup: SignUp, to: str, reason: str) -> None:
    if not signup.can_move_to(to):
        raise refuse_transition("sign-up", _STATUS[signup.status], _STATUS[to])
    signup.status = to
    signup._change_reason = reason  # type: ignore[attr-defined]


def _require_status(signup: SignUp, *allowed: str, doing: str) -> None:
    if signup.status not in allowed:
        raise ConflictError(
            f"You cannot {doing} now: the sign-up is “{_STATUS[signup.status]}”.",
            {"status": [f"The sign-up is “{_STATUS[signup.status]}”."]})


def _scheme(on: dt.date) -> SchemeVersion:
    return scheme_in_force(on=min(on, timezone.localdate()))


def _lead(application: Application) -> HouseholdMember | None:
    return next((m for m in application.members.all()
                 if m.role == HouseholdMember.Role.LEAD), None)


def tenants_of(signup: SignUp) -> list[HouseholdMember]:
    """The people who sign the tenancy: the lead tenant, then any joint tenants."""
    lead = _lead(signup.application)
    joint = list(signup.joint_tenants.order_by("pk"))
    return ([lead] if lead is not None else []) + joint


def _policy(scheme: SchemeVersion) -> TenancyPolicy:
    return TenancyPolicy(
        council_new_tenants=scheme.tenancy_council_new_tenants,
        introductory_months=scheme.tenancy_introductory_months,
        flexible_policy=scheme.tenancy_flexible_policy,
        flexible_term_years=scheme.tenancy_flexible_term_years,
        da_non_flexible_from=scheme.tenancy_da_non_flexible_from,
        rp_starter_until=scheme.tenancy_rp_starter_until,
        rp_starter_months=scheme.tenancy_rp_starter_months)


def _decide_tenancy(signup: SignUp) -> None:
    """Set the tenancy type from the scheme's tenancy policy (§4.16)."""
    circumstances = getattr(signup.application, "circumstances", None)
    fled = bool(circumstances and circumstances.fled_domestic_abuse)
    start = signup.start_date or timezone.localdate()
    people = tenants_of(signup)
    decision = tenancy_type_for(
        landlord_type=signup.property.landlord_type,
        home_is_flexible=signup.property.tenancy_type_offered == "flexible",
        tenants=[TenantFacts(name=m.full_name, existing_social_tenant=m.is_existing_social_tenant,
                             fled_domestic_abuse=fled) for m in people] or [TenantFacts("")],
        start=start, policy=_policy(_scheme(start)))
    signup.tenancy_type = decision.tenancy_type
    signup.converts_to = decision.converts_to
    signup.probation_months = decision.probation_months
    signup.fixed_term_years = decision.fixed_term_years
    signup.tenancy_reasons = list(decision.reasons)


@transaction.atomic
def signup_start(*, offer: Offer, actor: Any) -> SignUp:
    """Open the sign-up of an accepted offer: the rent and charges come from the home, the
    checklist is laid out, joint applicants are proposed as joint tenants and the tenancy type
    is set by the scheme's tenancy policy. A housing association's nomination offer is signed
    up by the provider, not here."""
    locked = Offer.objects.select_for_update(of=("self",)).select_related(
        "application", "property", "property__landlord").get(pk=offer.pk)
    if not (policies.is_lettings_staff(actor)
            and policies.can_work_case(actor, locked.application)):
        raise ApplicationError("Only lettings officers who may work this case can do this.")
    if locked.status != Offer.Status.ACCEPTED:
        raise ConflictError("Only an accepted offer can be signed up.",
                            {"offer": [f"The offer is “{_OFFER_LABELS[locked.status]}”."]})
    if locked.offer_type == Offer.Type.NOMINATION:
        raise ConflictError("The housing association signs up its own nomination offers.",
                            {"offer": ["This is a nomination offer."]})
    if SignUp.objects.filter(offer=locked).exists():
        raise ConflictError("This offer's sign-up has already been started.",
                            {"offer": ["A sign-up already exists."]})
    prop = locked.property
    signup = SignUp(offer=locked, application=locked.application, property=prop,
                    started_by=actor, weekly_rent=prop.weekly_rent,
                    service_charge=prop.service_charge)
    signup._change_reason = "Sign-up started"  # type: ignore[attr-defined]
    signup.save()
    joint = [m for m in locked.application.members.all() if m.role == HouseholdMember.Role.JOINT]
    if joint:
        signup.joint_tenants.set(joint)
    SignUpCheck.objects.bulk_create(
        [SignUpCheck(signup=signup, code=check.code) for check in signup_checks.CHECKS])
    _decide_tenancy(signup)
    signup.save(update_fields=["tenancy_type", "converts_to", "probation_months",
                               "fixed_term_years", "tenancy_reasons", "updated_at"])
    return signup


def _check_start(signup: SignUp, start: dt.date, today: dt.date) -> None:
    void = (Void.objects.filter(property=signup.property_id, status__in=Void.OPEN_STATUSES)
            .first())
    problem = ""
    if start < today:
        problem = "The tenancy cannot start in the past"
    elif start > today + dt.timedelta(days=LET_MAX_DAYS_AHEAD):
        problem = (f"The tenancy must start within {LET_MAX_DAYS_AHEAD} days "
                   f"(by {_long(today + dt.timedelta(days=LET_MAX_DAYS_AHEAD))})")
    elif void is not None and void.tenancy_end_date and start <= void.tenancy_end_date:
        problem = (f"The tenancy must start after the previous one ended "
                   f"({_long(void.tenancy_end_date)})")
    if problem:
        raise ApplicationError("Check the date the tenancy starts.", {"start_date": [problem]})


@transaction.atomic
def signup_terms_update(*, signup: SignUp, actor: Any, data: Mapping[str, Any],
                        joint_member_ids: Iterable[int] | None = None) -> SignUp:
    """Set the proposed start date, rent and charges, additional conditions and joint tenants
    while the checks are open. Joint tenants must be adults on the application and every one
    of them eligible today (§4.16). The tenancy type is worked out again."""
    locked = _locked(signup)
    _require_worker(actor, locked)
    _require_status(locked, SignUp.Status.CHECKS, doing="change the tenancy's terms")
    unknown = sorted(set(data) - set(TERMS_FIELDS))
    if unknown:
        raise ApplicationError("Some fields cannot be set here.",
                               {name: ["This field cannot be set."] for name in unknown})
    errors: dict[str, list[str]] = {}
    for name in ("weekly_rent", "service_charge", "support_charge"):
        if name in data and _amount(data[name]) is None:
            errors[name] = ["Enter an amount of £0 or more"]
    if "rent_period" in data and data["rent_period"] not in dict(SignUp._meta.get_field(
            "rent_period").choices or []):
        errors["rent_period"] = ["Choose how often rent is paid"]
    if errors:
        raise ApplicationError("Check the tenancy's terms.", errors)
    if data.get("start_date") is not None:
        _check_start(locked, data["start_date"], timezone.localdate())
    for name in TERMS_FIELDS:
        if name in data:
            value = data[name]
            if name in ("weekly_rent", "service_charge", "support_charge"):
                value = _amount(value)
            setattr(locked, name, value)
    if joint_member_ids is not None:
        _set_joint_tenants(locked, list(joint_member_ids))
    _decide_tenancy(locked)
    locked._change_reason = "Tenancy terms updated"  # type: ignore[attr-defined]
    locked.save()
    return locked


def _set_joint_tenants(signup: SignUp, member_ids: list[int]) -> None:
    members = {m.pk: m for m in signup.application.members.all()}
    today = timezone.localdate()
    problems = []
    chosen = []
    for member_id in dict.fromkeys(member_ids):
        member = members.get(member_id)
        if member is None or member.role == HouseholdMember.Role.LEAD:
            problems.append("Choose joint tenants from the adults on the application")
            continue
        age = member.age_on(today)
        if age is None or age < 18:
            problems.append(f"{member.full_name} is under 18, so cannot hold a tenancy")
            continue
        chosen.append(member)
    if problems:
        raise ApplicationError("Check the joint tenants.", {"joint_tenants": problems})
    if chosen:
        lead = _lead(signup.application)
        people = ([lead] if lead else []) + chosen
        classes = prescribed_classes()
        decision = joint_tenancy([assess_eligibility(eligibility_facts_for(m), classes, today)
                                  for m in people])
        if not decision.allowed:
            raise ApplicationError("A joint tenancy cannot be granted.",
                                   {"joint_tenants": [decision.reason]})
    signup.joint_tenants.set(chosen)


def _check_row(signup: SignUp, code: str) -> SignUpCheck:
    if code not in signup_checks.BY_CODE:
        raise ApplicationError("There is no such check.", {"code": ["Unknown check"]})
    return SignUpCheck.objects.select_for_update().get(signup=signup, code=code)


def _settle(check: SignUpCheck, actor: Any, status: str, outcome: str,
            details: Mapping[str, Any], now: dt.datetime, why: str) -> SignUpCheck:
    check.status = status
    check.outcome = outcome
    check.details = dict(details)
    settled = status != SignUpCheck.Status.TO_DO
    check.done_by = actor if settled else None
    check.done_at = now if settled else None
    check._change_reason = why  # type: ignore[attr-defined]
    check.save()
    return check


def _clean_details(code: str, details: Mapping[str, Any]) -> dict[str, Any]:
    allowed = CHECK_DETAILS.get(code, ())
    unknown = sorted(set(details) - set(allowed))
    if unknown:
        raise ApplicationError("Some details cannot be recorded for this check.",
                               {name: ["This detail cannot be recorded here."]
                                for name in unknown})
    clean: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, value in details.items():
        if value in (None, "", []):
            continue
        if name == "end_date":
            if not isinstance(value, dt.date):
                errors[name] = ["Enter a real date"]
            else:
                clean[name] = value.isoformat()
        elif name == "amount_paid":
            amount = _amount(value)
            if amount is None:
                errors[name] = ["Enter an amount of £0 or more"]
            else:
                clean[name] = f"{amount:.2f}"
        elif name == "referrals":
            codes = dict(signup_checks.SUPPORT_REFERRALS)
            if not isinstance(value, (list, tuple)) or any(v not in codes for v in value):
                errors[name] = ["Choose referrals from the list"]
            else:
                clean[name] = list(value)
        elif name == "working_situation":
            if value not in dict(WORKING_SITUATIONS):
                errors[name] = ["Choose the lead tenant's working situation"]
            else:
                clean[name] = value
        elif name == "claim_type":
            if value not in dict(CLAIM_TYPES):
                errors[name] = ["Choose the kind of claim"]
            else:
                clean[name] = value
        else:
            clean[name] = str(value).strip()[:300]
    if errors:
        raise ApplicationError("Check the details of the check.", errors)
    return clean


@transaction.atomic
def signup_check_record(*, signup: SignUp, actor: Any, code: str, status: str, outcome: str,
                        details: Mapping[str, Any] | None = None,
                        now: dt.datetime | None = None) -> SignUpCheck:
    """Record one check as done, not needed (where the check allows it, with the reason), or
    back to not done, with what was found. Eligibility and affordability are recorded by
    their own services, which work the result out."""
    now = now or timezone.now()
    locked = _locked(signup)
    _require_worker(actor, locked)
    _require_status(locked, SignUp.Status.CHECKS, doing="change the checks")
    check = _check_row(locked, code)
    definition = signup_checks.BY_CODE[code]
    if code in ("eligibility", "affordability"):
        raise ApplicationError(f"“{definition.title}” is recorded from its own page.",
                               {"code": ["Use the check's own page"]})
    if status not in SignUpCheck.Status.values:
        raise ApplicationError("Choose whether the check is done.",
                               {"status": ["Choose done, not needed or not done"]})
    if status == SignUpCheck.Status.NOT_NEEDED and not definition.may_be_not_needed:
        raise ApplicationError(f"“{definition.title}” is always needed.",
                               {"status": ["This check cannot be marked not needed"]})
    outcome = (outcome or "").strip()
    if status != SignUpCheck.Status.TO_DO and not outcome:
        raise ApplicationError("Say what was checked and found.",
                               {"outcome": ["Enter what was checked and found, or why the "
                                            "check is not needed"]})
    clean = _clean_details(code, details or {})
    if code == "tenancy_end" and status == SignUpCheck.Status.DONE and "end_date" not in clean:
        raise ApplicationError("Enter the date the current tenancy ends.",
                               {"end_date": ["Enter the date the current tenancy ends"]})
    label = dict(SignUpCheck.Status.choices)[status]
    return _settle(check, actor, status, outcome, clean, now,
                   f"{definition.title}: {label.lower()}")


@transaction.atomic
def signup_eligibility_recheck(*, signup: SignUp, actor: Any,
                               now: dt.datetime | None = None) -> SignUpCheck:
    """Run the eligibility rules again for everyone who will sign the tenancy, on today's
    facts (§5.3 step 1). The check is done only when the lead tenant is eligible and, for a
    joint tenancy, every joint tenant is; otherwise it stays not done with the reasons."""
    now = now or timezone.now()
    locked = _locked(signup)
    _require_worker(actor, locked)
    _require_status(locked, SignUp.Status.CHECKS, doing="check eligibility")
    today = timezone.localdate(now)
    classes = prescribed_classes()
    people = tenants_of(locked)
    if not people:
        raise ApplicationError("The application has no lead applicant.")
    results = [assess_eligibility(eligibility_facts_for(m), classes, today) for m in people]
    reasons = [reason for result in results for reason in result.reasons]
    lead_ok = results[0].is_eligible
    joint = joint_tenancy(results) if len(results) > 1 else None
    if joint is not None:
        reasons.append(joint.reason)
    passed = lead_ok and (joint is None or joint.allowed)
    if not lead_ok:
        reasons.append(f"{people[0].full_name} is not shown as eligible today: an officer must "
                       "look at this before the tenancy can go ahead.")
    elif not passed:
        reasons.append("Remove the joint tenant (the tenancy can be in the lead tenant's sole "
                       "name) or settle their eligibility, then check again.")
    details = {"people": [{"name": p.full_name, "outcome": str(r.outcome), "basis": r.basis}
                          for p, r in zip(people, results, strict=True)],
               "checked_on": today.isoformat()}
    check = _check_row(locked, "eligibility")
    status = SignUpCheck.Status.DONE if passed else SignUpCheck.Status.TO_DO
    return _settle(check, actor, status, "\n".join(reasons), details, now,
                   "Eligibility checked again: " + ("eligible" if passed else "not settled"))


@transaction.atomic
def affordability_record(*, signup: SignUp, actor: Any, figures: Mapping[str, Any],
                         evidence_seen: str = "", evidence_inconclusive: bool = False,
                         proceed_reason: str = "",
                         now: dt.datetime | None = None) -> AffordabilityAssessment:
    """Assess affordability from weekly figures against the sign-up's rent and charges
    (§5.3 step 1) and keep the figures, the result and its reasons. The check is done unless
    the household cannot afford the home on the evidence; then it is done only when the officer
    says why the tenancy can still go ahead (for example a Discretionary Housing Payment was
    awarded)."""
    now = now or timezone.now()
    locked = _locked(signup)
    _require_worker(actor, locked)
    _require_status(locked, SignUp.Status.CHECKS, doing="assess affordability")
    unknown = sorted(set(figures) - set(AFFORDABILITY_FIELDS))
    errors: dict[str, list[str]] = {name: ["This figure cannot be set here."]
                                    for name in unknown}
    amounts: dict[str, Decimal] = {}
    for name in AFFORDABILITY_FIELDS:
        raw = figures.get(name, Decimal("0"))
        try:
            value = Decimal(str(raw if raw not in (None, "") else "0"))
        except ArithmeticError:
            errors[name] = ["Enter an amount in pounds, like 120.50"]
            continue
        if not value.is_finite() or value < 0 or value >= Decimal("100000"):
            errors[name] = ["Enter a weekly amount from £0 to £99,999.99"]
            continue
        amounts[name] = value.quantize(Decimal("0.01"))
    if errors:
        raise ApplicationError("Check the affordability figures.", errors)
    if locked.weekly_rent is None:
        raise ApplicationError("Enter the rent before assessing affordability.",
                               {"weekly_rent": ["Enter the weekly rent"]})
    scheme = _scheme(locked.start_date or timezone.localdate(now))
    outcome = afford_rule.assess_affordability(
        afford_rule.AffordabilityFacts(rent_and_charges=locked.weekly_total,
                                       evidence_inconclusive=evidence_inconclusive, **amounts),
        afford_rule.AffordabilityThresholds(
            min_residual_weekly=scheme.affordability_min_residual_weekly,
            max_rent_share_pct=scheme.affordability_max_rent_share_pct))
    assessment = (AffordabilityAssessment.objects.select_for_update()
                  .filter(signup=locked).first()) or AffordabilityAssessment(signup=locked)
    for name, value in amounts.items():
        setattr(assessment, name, value)
    assessment.evidence_seen = evidence_seen.strip()
    assessment.evidence_inconclusive = evidence_inconclusive
    assessment.rent_and_charges = locked.weekly_total
    assessment.total_income = outcome.total_income
    assessment.total_outgoings = outcome.total_outgoings
    assessment.residual = outcome.residual
    assessment.shortfall = outcome.shortfall
    assessment.result = outcome.result
    assessment.reasons = list(outcome.reasons)
    assessment.referrals = list(outcome.referrals)
    assessment.assessed_by = actor
    assessment.assessed_at = now
    assessment._change_reason = "Affordability assessed"  # type: ignore[attr-defined]
    assessment.save()

    label = dict(AffordabilityAssessment.Result.choices)[outcome.result]
    summary = (f"{label}: {_money(outcome.residual)} a week left after rent, charges and "
               f"essential outgoings.")
    referrals = [afford_rule.REFERRALS[code] for code in outcome.referrals]
    if referrals:
        summary += " Referrals: " + "; ".join(referrals) + "."
    status = SignUpCheck.Status.DONE
    proceed = proceed_reason.strip()
    if outcome.result == afford_rule.NOT_AFFORDABLE:
        if proceed:
            summary += f" Going ahead because: {proceed}"
        else:
            status = SignUpCheck.Status.TO_DO
            summary += (" Not done: refer the household for advice and assess again, or say why "
                        "the tenancy can still go ahead.")
    _settle(_check_row(locked, "affordability"), actor, status, summary,
            {"result": outcome.result, "residual": str(outcome.residual),
             "proceed_reason": proceed}, now, f"Affordability assessed: {label.lower()}")
    return assessment


def _statuses(signup: SignUp) -> dict[str, str]:
    return dict(SignUpCheck.objects.filter(signup=signup).values_list("code", "status"))


def signup_outstanding(signup: SignUp) -> list[str]:
    """The required checks still to do, by title (the scheme in force on the start date, or
    today, says which are required)."""
    scheme = _scheme(signup.start_date or timezone.localdate())
    return signup_checks.outstanding_checks(_statuses(signup), scheme.signup_required_checks)


def sha256_of_file(field_file: Any) -> str:
    digest = hashlib.sha256()
    with field_file.open("rb") as fh:
        for chunk in iter(lambda: fh.read(64 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pack_context(signup: SignUp, version: int) -> dict[str, Any]:
    prop = signup.property
    people = tenants_of(signup)
    start = signup.start_date
    assert start is not None and signup.weekly_rent is not None
    scheme = _scheme(start)
    rent_in_advance = (signup.weekly_total * scheme.rent_in_advance_weeks).quantize(
        Decimal("0.01"))
    labels = dict(SignUp._meta.get_field("tenancy_type").choices or [])
    periods = dict(SignUp._meta.get_field("rent_period").choices or [])
    return {
        "pack_version": version,
        "tenancy_reference": signup.application.reference,
        "tenants": [p.full_name for p in people],
        "is_joint": len(people) > 1,
        "landlord": prop.landlord.name,
        "landlord_type": prop.landlord_type,
        "address": prop.address,
        "property_description": (f"{prop.bedrooms}-bedroom {prop.get_property_type_display()}"
                                 .lower()),
        "start_date": start.isoformat(),
        "start_weekday": f"{start:%A}",
        "tenancy_type": signup.tenancy_type,
        "tenancy_type_label": labels.get(signup.tenancy_type, ""),
        "converts_to_label": labels.get(signup.converts_to, ""),
        "probation_months": signup.probation_months,
        "fixed_term_years": signup.fixed_term_years,
        "tenancy_reasons": list(signup.tenancy_reasons),
        "weekly_rent": f"{signup.weekly_rent:.2f}",
        "service_charge": f"{signup.service_charge or 0:.2f}",
        "support_charge": f"{signup.support_charge:.2f}",
        "weekly_total": f"{signup.weekly_total:.2f}",
        "rent_period": periods.get(signup.rent_period, ""),
        "rent_in_advance": f"{rent_in_advance:.2f}",
        "rent_in_advance_weeks": scheme.rent_in_advance_weeks,
        "additional_conditions": signup.additional_conditions,
        "pet_policy": prop.get_pet_policy_display() if prop.pet_policy else "",
    }


@transaction.atomic
def pack_generate(*, signup: SignUp, actor: Any) -> TenancyPack:
    """Make the tenancy sign-up pack (L22) once the required checks are done: the letters
    engine renders it to PDF now, its SHA-256 is kept, and the applicant is told it is ready to
    sign. The sign-up is then ready to sign."""
    locked = _locked(signup)
    _require_worker(actor, locked)
    _require_status(locked, SignUp.Status.CHECKS, doing="make the tenancy pack")
    errors: dict[str, list[str]] = {}
    outstanding = signup_outstanding(locked)
    if outstanding:
        errors["checks"] = [f"“{title}” is not done" for title in outstanding]
    if locked.start_date is None:
        errors["start_date"] = ["Enter the date the tenancy starts"]
    elif locked.start_date < timezone.localdate():
        errors["start_date"] = ["The start date has passed: enter a new one"]
    if locked.weekly_rent is None:
        errors["weekly_rent"] = ["Enter the weekly rent"]
    if errors:
        raise ApplicationError("The tenancy pack cannot be made yet.", errors)
    _decide_tenancy(locked)
    version = (TenancyPack.objects.filter(signup=locked).count()) + 1
    applicant = locked.application.applicant_user
    lead = _lead(locked.application)
    letter = letter_create(
        template_code="tenancy-pack", recipient=applicant, actor=actor, subject=locked,
        context=_pack_context(locked, version),
        recipient_name=lead.full_name if lead else None,
        channel=Letter.Channel.EMAIL_AND_PORTAL if applicant else Letter.Channel.POST)
    rendered = letter_render(letter_id=letter.pk)
    pack = TenancyPack(signup=locked, version=version, letter=rendered,
                       sha256=sha256_of_file(rendered.pdf), created_by=actor)
    pack._change_reason = f"Tenancy pack version {version} made"  # type: ignore[attr-defined]
    pack.save()
    _move(locked, SignUp.Status.READY, f"Tenancy pack version {version} made: ready to sign")
    locked.save()
    return pack


def current_pack(signup: SignUp) -> TenancyPack | None:
    return (TenancyPack.objects.filter(signup=signup, superseded_at__isnull=True)
            .select_related("letter").first())


@transaction.atomic
def signup_reopen(*, signup: SignUp, actor: Any, reason: str,
                  now: dt.datetime | None = None) -> SignUp:
    """Something changed after the pack was made: the pack (and any signatures on it) is
    superseded and the sign-up goes back to the checks; a new pack version is made after."""
    now = now or timezone.now()
    locked = _locked(signup)
    _require_worker(actor, locked)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Say what has changed.", {"reason": ["Enter what has changed"]})
    _require_status(locked, SignUp.Status.READY, SignUp.Status.TENANT_SIGNED,
                    doing="reopen the checks")
    pack = current_pack(locked)
    if pack is not None:
        pack.superseded_at = now
        pack.superseded_reason = reason[:300]
        pack._change_reason = f"Superseded: {reason}"  # type: ignore[attr-defined]
        pack.save(update_fields=["superseded_at", "superseded_reason", "updated_at"])
    _move(locked, SignUp.Status.CHECKS, f"Checks reopened: {reason}")
    locked.save()
    return locked


def _normalise(name: str) -> str:
    return re.sub(r"\s+", " ", name or "").strip().casefold()


def _verified_pack(signup: SignUp, shown_sha256: str) -> TenancyPack:
    """The current pack, after checking it is the one the signer saw and that the stored PDF
    still has the hash it had when it was made."""
    pack = current_pack(signup)
    if pack is None:
        raise ConflictError("There is no tenancy pack to sign.")
    if (shown_sha256 or "").strip().lower() != pack.sha256:
        raise ConflictError("The tenancy pack has changed since it was opened. Read the new "
                            "version and sign again.",
                            {"pdf_sha256": ["This is not the current tenancy pack"]})
    if sha256_of_file(pack.letter.pdf) != pack.sha256:
        raise ConflictError("The stored tenancy pack does not match the one that was made, so "
                            "it cannot be signed. Make a new version.",
                            {"pdf_sha256": ["The stored PDF has changed"]})
    return pack


@transaction.atomic
def tenant_sign(*, signup: SignUp, actor: Any, member_id: int, typed_name: str,
                confirmed: bool, pdf_sha256: str, ip_address: str | None = None,
                user_agent: str = "", in_person: bool = False,
                now: dt.datetime | None = None) -> TenancySignature:
    """A tenant signs the current pack: online by the applicant in the portal, or in person
    recorded by an officer. The typed name must be the tenant's full name, the confirmation
    given, and ``pdf_sha256`` the hash of the exact PDF they were shown. When every tenant has
    signed the sign-up waits for the officer's counter-signature."""
    now = now or timezone.now()
    locked = _locked(signup)
    if in_person:
        _require_worker(actor, locked)
    elif not policies.can_sign_as_tenant(actor, locked):
        raise ApplicationError("Only the applicant can sign their tenancy online.")
    _require_status(locked, SignUp.Status.READY, doing="sign the tenancy")
    errors: dict[str, list[str]] = {}
    people = {m.pk: m for m in tenants_of(locked)}
    member = people.get(member_id) if isinstance(member_id, int) else None
    if member is None:
        errors["member"] = ["Choose who is signing"]
    if not (typed_name or "").strip():
        errors["typed_name"] = ["Type your full name to sign"]
    elif member is not None and _normalise(typed_name) != _normalise(member.full_name):
        errors["typed_name"] = [f"Type the name exactly as it is on the tenancy: "
                                f"{member.full_name}"]
    if not confirmed:
        errors["confirmed"] = ["Confirm that you have read the tenancy agreement and agree to "
                               "its terms"]
    if errors:
        raise ApplicationError("The tenancy has not been signed.", errors)
    assert member is not None
    pack = _verified_pack(locked, pdf_sha256)
    if TenancySignature.objects.filter(pack=pack, member=member,
                                       role=TenancySignature.Role.TENANT).exists():
        raise ConflictError(f"{member.full_name} has already signed this tenancy pack.",
                            {"member": ["Already signed"]})
    signature = TenancySignature(
        pack=pack, role=TenancySignature.Role.TENANT,
        method=(TenancySignature.Method.IN_PERSON if in_person
                else TenancySignature.Method.ONLINE),
        member=member, user=actor, typed_name=typed_name.strip()[:200], signed_at=now,
        ip_address=ip_address or None, user_agent=(user_agent or "")[:500],
        pdf_sha256=pack.sha256)
    signature._change_reason = f"Signed by {member.full_name}"  # type: ignore[attr-defined]
    signature.save()
    signed = set(TenancySignature.objects.filter(pack=pack, role=TenancySignature.Role.TENANT)
                 .values_list("member_id", flat=True))
    if set(people) <= signed:
        _move(locked, SignUp.Status.TENANT_SIGNED, "Signed by every tenant: to counter-sign")
        locked.save()
    return signature


def _signature_page(signup: SignUp, pack: TenancyPack) -> str:
    signatures = list(pack.signatures.select_related("member").order_by("signed_at", "pk"))
    return render_to_string("letters/includes/tenancy_signature_page.html", {
        "signup": signup, "pack": pack, "signatures": signatures,
        "council_name": settings.COUNCIL_NAME})


def signed_copy_html(signup: SignUp, pack: TenancyPack) -> str:
    """The pack's stored HTML with the signature page added at the end."""
    html = pack.letter.html
    page = _signature_page(signup, pack)
    marker = html.lower().rfind("</body>")
    return html[:marker] + page + html[marker:] if marker != -1 else html + page


@transaction.atomic
def countersign(*, signup: SignUp, actor: Any, typed_name: str, confirmed: bool,
                pdf_sha256: str, ip_address: str | None = None, user_agent: str = "",
                now: dt.datetime | None = None) -> Tenancy:
    """The officer counter-signs for the landlord once every tenant has signed. The signed copy
    (the pack with a signature page listing every signature and the pack's SHA-256) is made and
    locked, and the let is completed: the tenancy starts on its start date, the offer is signed
    up, the home let, the applicant housed and closed and the result published (through
    ``let_record``), and the CORE lettings log record is assembled."""
    from lettings.services.tenancies import tenancy_create

    now = now or timezone.now()
    locked = _locked(signup)
    _require_worker(actor, locked)
    _require_status(locked, SignUp.Status.TENANT_SIGNED, doing="counter-sign")
    errors: dict[str, list[str]] = {}
    own_name = actor.get_full_name() or actor.get_username()
    if not (typed_name or "").strip():
        errors["typed_name"] = ["Type your full name to counter-sign"]
    elif _normalise(typed_name) != _normalise(own_name):
        errors["typed_name"] = [f"Type your own name as it is on your account: {own_name}"]
    if not confirmed:
        errors["confirmed"] = ["Confirm that you have checked the tenancy and sign for the "
                               "landlord"]
    if errors:
        raise ApplicationError("The tenancy has not been counter-signed.", errors)
    if locked.start_date is None or locked.start_date < timezone.localdate(now):
        raise ConflictError("The tenancy's start date has passed. Reopen the checks, set a new "
                            "start date and make a new pack.",
                            {"start_date": ["The start date has passed"]})
    pack = _verified_pack(locked, pdf_sha256)
    signature = TenancySignature(
        pack=pack, role=TenancySignature.Role.LANDLORD, method=TenancySignature.Method.ONLINE,
        user=actor, typed_name=typed_name.strip()[:200], signed_at=now,
        ip_address=ip_address or None, user_agent=(user_agent or "")[:500],
        pdf_sha256=pack.sha256)
    signature._change_reason = "Counter-signed for the landlord"  # type: ignore[attr-defined]
    signature.save()

    pdf_bytes, _pages = render_pdf(signed_copy_html(locked, pack))
    locked.signed_pdf.save(f"{locked.pk}-v{pack.version}-signed.pdf", ContentFile(pdf_bytes),
                           save=False)
    locked.signed_pdf_sha256 = hashlib.sha256(pdf_bytes).hexdigest()
    locked.countersigned_by = actor
    locked.countersigned_at = now
    locked.countersigned_name = typed_name.strip()[:200]
    _move(locked, SignUp.Status.SIGNED, "Counter-signed: the tenancy is signed")
    locked.save()

    result = let_record(offer=locked.offer, actor=actor, let_on=locked.start_date, now=now)
    tenancy = tenancy_create(signup=locked, result=result)
    applicant = locked.application.applicant_user
    lead = _lead(locked.application)
    letter_create(
        template_code="tenancy-signed", recipient=applicant, actor=actor, subject=locked,
        recipient_name=lead.full_name if lead else None,
        channel=Letter.Channel.EMAIL_AND_PORTAL if applicant else Letter.Channel.POST,
        context={"address": locked.property.address,
                 "start_date": locked.start_date.isoformat(),
                 "tenancy_reference": tenancy.reference,
                 "signed_sha256": locked.signed_pdf_sha256,
                 "landlord": locked.property.landlord.name})
    return tenancy


def signup_verify(signup: SignUp) -> list[str]:
    """Check every stored document against the hashes kept when it was made and signed, and
    say what does not match (an empty list means everything matches)."""
    problems: list[str] = []
    for pack in signup.packs.select_related("letter").prefetch_related("signatures"):
        if not pack.letter.pdf:
            problems.append(f"Tenancy pack version {pack.version} has no stored PDF.")
            continue
        actual = sha256_of_file(pack.letter.pdf)
        if actual != pack.sha256:
            problems.append(f"Tenancy pack version {pack.version} has changed since it was "
                            "made: its PDF no longer matches the hash kept then.")
        for signature in pack.signatures.all():
            if signature.pdf_sha256 != actual:
                problems.append(f"{signature.typed_name}'s signature on version {pack.version} "
                                "does not match the stored PDF.")
    if signup.status == SignUp.Status.SIGNED and (
            not signup.signed_pdf
            or sha256_of_file(signup.signed_pdf) != signup.signed_pdf_sha256):
        problems.append("The signed copy has changed since it was counter-signed.")
    return problems


@transaction.atomic
def signup_cancel_for_offer(*, offer: Offer, reason: str) -> None:
    """The offer was withdrawn or refused after acceptance: an open sign-up ends with it (its
    checks, packs and signatures are kept)."""
    signup = SignUp.objects.select_for_update().filter(
        offer=offer, status__in=SignUp.OPEN_STATUSES).first()
    if signup is None:
        return
    pack = current_pack(signup)
    if pack is not None:
        pack.superseded_at = timezone.now()
        pack.superseded_reason = reason[:300]
        pack.save(update_fields=["superseded_at", "superseded_reason", "updated_at"])
    _move(signup, SignUp.Status.CANCELLED, f"Cancelled: {reason}")
    signup.cancelled_reason = reason[:300]
    signup.save(update_fields=["status", "cancelled_reason", "updated_at"])
