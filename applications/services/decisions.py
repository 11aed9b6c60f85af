"""Eligibility and qualification decisions (DOMAIN.md §4.2, §4.3, §5.1 steps 6–7).

The rules propose, with reasons; the officer confirms or overrides with a reason. Every decision
records the scheme version it applied. Adverse decisions send a letter with review rights.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from applications.models import Application, Decision, HouseholdMember
from applications.services.status import application_transition
from housing.core.exceptions import ApplicationError, ConflictError
from housing.letters.services import letter_create
from housing.scheme.selectors import scheme_in_force

ELIGIBLE_OUTCOMES = {"eligible", "exempt_existing_tenant"}


def _require_assessing(application: Application) -> None:
    if application.status != Application.Status.UNDER_ASSESSMENT:
        raise ConflictError("Decisions are made while the application is under assessment.",
                            {"status": ["Move the case to “Under assessment” first."]})


@transaction.atomic
def member_eligibility_facts_update(*, application: Application, actor: Any, member_id: int,
                                    habitually_resident: bool | None, right_to_reside: str,
                                    is_existing_social_tenant: bool,
                                    sponsored_immigrant: bool) -> HouseholdMember:
    """The officer records findings the rules need (habitual residence is an officer judgement)."""
    member = application.members.filter(pk=member_id).first()
    if member is None or not member.is_proposed_tenant:
        raise ApplicationError("Choose a lead or joint applicant.")
    member.habitually_resident = habitually_resident
    member.right_to_reside = right_to_reside
    member.is_existing_social_tenant = is_existing_social_tenant
    member.sponsored_immigrant = sponsored_immigrant
    member.full_clean()
    member._change_reason = "Eligibility findings recorded"  # type: ignore[attr-defined]
    member.save()
    return member


def _review_deadline(scheme: Any, today: dt.date) -> dt.date:
    return today + dt.timedelta(days=scheme.review_request_days)


@transaction.atomic
def eligibility_decide(*, application: Application, actor: Any,
                       overrides: dict[int, tuple[str, str]] | None = None) -> str:
    """Decide eligibility for every proposed tenant. ``overrides`` maps a member id to
    (outcome, reason) where the officer departs from the proposal. Returns the household
    outcome: eligible, eligible_sole_tenancy_only or ineligible."""
    from applications.rules.eligibility import (
        EligibilityOutcome,
        EligibilityResult,
        assess_eligibility,
        household_eligibility,
    )
    from applications.selectors import eligibility_facts_for, prescribed_classes, proposed_tenants

    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_assessing(application)
    overrides = overrides or {}
    today = timezone.localdate()
    scheme = scheme_in_force(on=today)
    classes = prescribed_classes()
    tenants = proposed_tenants(application)
    if not tenants:
        raise ApplicationError("There is no lead applicant on this application, so there is "
                               "nobody to decide eligibility for.")
    errors: dict[str, list[str]] = {}
    finals = []
    rows = []
    for member in tenants:
        proposal = assess_eligibility(eligibility_facts_for(member), classes, today)
        outcome, reason = overrides.get(member.pk, ("", ""))
        if outcome:
            if outcome not in {o.value for o in EligibilityOutcome} - {"needs_officer_decision"}:
                errors[f"member_{member.pk}"] = ["Choose eligible or not eligible"]
                continue
            if not reason.strip():
                errors[f"override_reason_{member.pk}"] = [
                    f"Give your reason for departing from the proposal for {member.first_name}"]
                continue
            final = EligibilityResult(outcome=EligibilityOutcome(outcome),
                                      reasons=(reason.strip(),), basis="officer_decision",
                                      person=member.first_name)
        else:
            if proposal.outcome == EligibilityOutcome.NEEDS_OFFICER_DECISION:
                errors[f"member_{member.pk}"] = [
                    f"Record your finding for {member.first_name}: " + " ".join(proposal.reasons)]
                continue
            final = proposal
        finals.append(final)
        rows.append((member, proposal, final, bool(outcome), reason.strip()))
    if errors:
        raise ApplicationError("Some eligibility questions need your decision.", errors)
    application.decisions.filter(kind=Decision.Kind.ELIGIBILITY).update(is_current=False)
    for member, proposal, final, overridden, reason in rows:
        Decision.objects.create(
            application=application, kind=Decision.Kind.ELIGIBILITY, member=member,
            proposed_outcome=proposal.outcome.value, proposed_reasons=list(proposal.reasons),
            outcome=final.outcome.value, reasons=list(final.reasons), basis=final.basis,
            overridden=overridden, override_reason=reason, decided_by=actor,
            scheme_version=scheme)
    household = household_eligibility(finals)
    outcome = household.outcome.value if hasattr(household.outcome, "value") \
        else str(household.outcome)
    application.eligibility_outcome = outcome
    application.decided_at = timezone.now()
    application.save(update_fields=["eligibility_outcome", "decided_at", "updated_at"])
    if outcome == "ineligible":
        application_transition(application=application, to=Application.Status.NOT_ELIGIBLE,
                               actor=actor, reason="Decision: not eligible")
        letter_create(
            template_code="not-eligible", recipient=application.applicant_user,
            subject=application, actor=actor,
            context={"reference": application.reference,
                     "people": [{"name": m.full_name, "eligible": f.outcome.value
                                 in ELIGIBLE_OUTCOMES, "reasons": list(f.reasons)}
                                for m, _p, f, _o, _r in rows],
                     "household_reasons": list(household.reasons),
                     "review_days": scheme.review_request_days,
                     "review_by": _review_deadline(scheme, today).isoformat()})
    return outcome


@transaction.atomic
def qualification_decide(*, application: Application, actor: Any, override_outcome: str = "",
                         override_reason: str = "") -> str:
    """Decide qualification (local connection and the scheme's other criteria, with the
    statutory exemptions). Returns qualifies or does_not_qualify."""
    from applications.rules.qualification import QualificationRules, assess_qualification
    from applications.selectors import qualification_facts_for

    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_assessing(application)
    if application.eligibility_outcome not in ("eligible", "eligible_sole_tenancy_only"):
        raise ConflictError("Decide eligibility first.",
                            {"eligibility": ["Decide eligibility before qualification."]})
    today = timezone.localdate()
    scheme = scheme_in_force(on=today)
    facts = qualification_facts_for(application)
    if facts.lead_date_of_birth is None:
        raise ApplicationError("The lead applicant's date of birth is missing.")
    proposal = assess_qualification(facts, QualificationRules.from_scheme(scheme), today)
    proposed = proposal.outcome.value
    if override_outcome:
        if override_outcome not in ("qualifies", "does_not_qualify"):
            raise ApplicationError("Choose qualifies or does not qualify.",
                                   {"outcome": ["Choose qualifies or does not qualify"]})
        if not override_reason.strip():
            raise ApplicationError("Give your reason for departing from the proposal.",
                                   {"override_reason": ["Give your reason for departing from "
                                                        "the proposal"]})
        outcome, reasons = override_outcome, [override_reason.strip()]
    else:
        if proposed == "cannot_tell":
            raise ApplicationError("The rules cannot decide this yet.",
                                   {"outcome": list(proposal.reasons)})
        outcome, reasons = proposed, list(proposal.reasons)
    application.decisions.filter(kind=Decision.Kind.QUALIFICATION).update(is_current=False)
    Decision.objects.create(
        application=application, kind=Decision.Kind.QUALIFICATION,
        proposed_outcome=proposed, proposed_reasons=list(proposal.reasons), outcome=outcome,
        reasons=reasons, basis=proposal.basis if not override_outcome else "officer_decision",
        overridden=bool(override_outcome), override_reason=override_reason.strip(),
        decided_by=actor, scheme_version=scheme)
    application.qualification_outcome = outcome
    application.decided_at = timezone.now()
    application.save(update_fields=["qualification_outcome", "decided_at", "updated_at"])
    if outcome == "does_not_qualify":
        application_transition(application=application, to=Application.Status.NOT_QUALIFYING,
                               actor=actor, reason="Decision: does not qualify")
        letter_create(
            template_code="not-qualifying", recipient=application.applicant_user,
            subject=application, actor=actor,
            context={"reference": application.reference, "reasons": reasons,
                     "failed_criteria": list(proposal.failed_criteria),
                     "exemptions_considered": list(proposal.exemptions_considered),
                     "how_to_reapply": proposal.how_to_reapply,
                     "review_days": scheme.review_request_days,
                     "review_by": _review_deadline(scheme, today).isoformat()})
    return outcome
