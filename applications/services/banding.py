"""Band awards: the officer confirms or overrides the rules' proposal; managers approve Band A
and discretionary awards; exactly one award is current (DOMAIN.md §3.6, §4.4, §5.1 steps 8–10).

* ``award_confirm`` makes an award from the officer's reason codes. If the scheme says a
  manager must approve it, the award waits (``PROPOSED``) with an approval request; otherwise
  it is current at once.
* ``award_activate`` (here and from the approvals handler) makes an award current: the band
  date is worked out afresh against the award it replaces, the old award is superseded, the
  application's band and dates follow, and the applicant is told — L6 when the application
  goes live on the register, L7 on a reassessment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from applications.models import Application, BandAward
from applications.priority import (
    Assessment,
    assessment_for,
    award_date_decision,
    current_award,
    proposed_award,
)
from applications.rules.banding import BandScheme
from applications.services.status import application_transition
from housing.approvals.models import ApprovalRequest
from housing.approvals.registry import register_handler
from housing.approvals.services import approval_request_create, approval_withdraw
from housing.core.exceptions import ApplicationError, ConflictError, IllegalTransition
from housing.letters.services import letter_create
from housing.scheme.selectors import scheme_in_force

# An application is assessed once eligibility and qualification are decided, and reassessed
# while it is on the register.
REASSESSABLE = frozenset({Application.Status.ACTIVE, Application.Status.ACTIVE_SUSPENDED,
                          Application.Status.UNDER_OFFER})
ELIGIBLE = frozenset({"eligible", "eligible_sole_tenancy_only"})


def _long(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def _check_assessable(application: Application) -> None:
    if application.status in REASSESSABLE:
        return
    if application.status != Application.Status.UNDER_ASSESSMENT:
        raise ConflictError(
            f"An application that is “{application.get_status_display()}” cannot be banded.",
            {"status": ["Band an application under assessment or on the register"]})
    if (application.eligibility_outcome not in ELIGIBLE
            or application.qualification_outcome != "qualifies"):
        raise ConflictError("Decide eligibility and qualification before the band.",
                            {"status": ["Decide eligibility and qualification first"]})


def _transition(award: BandAward, to: str, reason: str, fields: list[str]) -> None:
    if to not in BandAward.TRANSITIONS[award.status]:
        raise IllegalTransition(f"A {award.get_status_display().lower()} award cannot become "
                                f"{BandAward.Status(to).label.lower()}.")
    award.status = to
    award._change_reason = reason  # type: ignore[attr-defined]
    award.save(update_fields=["status", "updated_at", *fields])


def _clean_codes(codes: Sequence[str]) -> list[str]:
    return [c.strip() for c in codes if c and c.strip()]


def _award_from(assessment: Assessment, *, application: Application, actor: Any, origin: str,
                overridden: bool, override_reason: str, officer_note: str,
                expires_at: dt.date | None) -> BandAward:
    """An unsaved award recording everything the assessment found (DOMAIN §3.6)."""
    return BandAward(
        application=application, origin=origin, scheme_version=assessment.scheme,
        band=assessment.band, band_name=assessment.band_name,
        proposed_band=assessment.proposal.band, reason_codes=assessment.reason_codes,
        rp_categories=list(assessment.proposal.rp_categories),
        additional_preference=assessment.proposal.additional_preference,
        cumulative_uplift_applied=assessment.proposal.uplift_applied,
        reduced_priority_reasons=assessment.reduced_priority_reasons,
        reasons=assessment.reasons, what_would_change=assessment.what_would_change,
        overridden=overridden, override_reason=override_reason if overridden else "",
        officer_note=officer_note, bedroom_need=application.bedroom_need,
        eligible_sizes=list(assessment.homes.sizes),
        property_flags=assessment.homes.as_flags(),
        property_reasons=list(assessment.homes.reasons),
        local_connection=assessment.local_connection,
        qualifying_debt=assessment.debt.qualifying_debt,
        debt_over_threshold=assessment.debt.blocks, award_date=timezone.localdate(),
        effective_date=assessment.date.effective_date,
        date_rule_applied=assessment.date.rule.value, date_reason=assessment.date.reason,
        expires_at=expires_at, proposed_by=actor, replaces=assessment.previous)


@transaction.atomic
def award_confirm(*, application: Application, actor: Any, reason_codes: Sequence[str],
                  deliberate_worsening: bool = False, behaviour: bool = False,
                  override_band: str = "", override_reason: str = "",
                  justification: str = "", officer_note: str = "",
                  origin: str = BandAward.Origin.ASSESSMENT) -> BandAward:
    """The officer confirms a band from ``reason_codes`` (or overrides the band, with a reason).

    Returns the award: current, or proposed and waiting for a manager (with an approval
    request carrying ``justification``). Refused with field errors: unknown reason codes or
    band, an override without a reason, approval needed without a justification, and an award
    already waiting for a manager (409).
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    _check_assessable(application)
    if proposed_award(application) is not None:
        raise ConflictError("An award for this application is already waiting for a manager. "
                            "Withdraw it before assessing again.",
                            {"reason_codes": ["An award is waiting for approval"]})
    scheme = scheme_in_force()
    codes = _clean_codes(reason_codes)
    errors: dict[str, list[str]] = {}
    override_band = (override_band or "").strip()
    try:
        assessment = assessment_for(application, scheme=scheme, reason_codes=codes,
                                    deliberate_worsening=deliberate_worsening,
                                    behaviour=behaviour, override_band=override_band)
    except ValueError as exc:
        field = "override_band" if "Band " in str(exc) else "reason_codes"
        raise ApplicationError(str(exc), {field: [str(exc)]}) from None
    overridden = bool(override_band) and override_band != assessment.proposal.band \
        and assessment.band == override_band
    if override_band and not override_reason.strip():
        errors["override_reason"] = ["Give the reason you are placing the applicant in a "
                                     "different band"]
    if assessment.needs_approval and not (justification.strip() or override_reason.strip()):
        errors["justification"] = ["Say why the manager should approve this award"]
    if errors:
        raise ApplicationError("Check the assessment.", errors)

    award = _award_from(assessment, application=application, actor=actor, origin=origin,
                        overridden=overridden, override_reason=override_reason.strip(),
                        officer_note=officer_note.strip(), expires_at=assessment.expires_at)
    award.needs_approval = assessment.needs_approval
    award.approval_reason = " ".join(assessment.approval_reasons)[:300]
    award.full_clean(validate_constraints=False)
    award._change_reason = "Band assessed"  # type: ignore[attr-defined]
    award.save()
    if assessment.needs_approval:
        approval_request_create(
            type=assessment.approval_type, subject=award, actor=actor,
            justification=(justification.strip() or override_reason.strip()),
            summary=f"{application.reference}: {award.band_name} "
                    f"({', '.join(award.reason_codes) or 'no reason codes'})",
            case_reference=application.reference, restricted=application.restricted_access,
            details={"Band": award.band_name,
                     "Reasons": " ".join(award.reasons),
                     "Why approval is needed": award.approval_reason,
                     "Band date if approved": _long(award.effective_date),
                     "Bedroom need": str(award.bedroom_need or "")})
        return award
    return award_activate(award=award, actor=actor)


def _letter_recipient(application: Application) -> dict[str, Any]:
    lead = next((m for m in application.members.all() if m.role == "lead"), None)
    return {"recipient": application.applicant_user,
            "recipient_name": (lead.full_name if lead else None)}


def award_letter_context(application: Application, award: BandAward,
                         previous: BandAward | None = None) -> dict[str, Any]:
    """What L6 and L7 say (DOMAIN §6): JSON-serialisable, stored with the letter."""
    scheme = award.scheme_version
    today = timezone.localdate()
    flags = award.property_flags or {}
    context: dict[str, Any] = {
        "reference": application.reference,
        "band_name": award.band_name,
        "reasons": list(award.reasons),
        "reason_codes": list(award.reason_codes),
        "effective_date": award.effective_date.isoformat() if award.effective_date else "",
        "date_reason": award.date_reason,
        "registration_date": (application.registration_date.isoformat()
                              if application.registration_date else ""),
        "bedroom_need": award.bedroom_need,
        "property_reasons": list(award.property_reasons),
        "sheltered_eligible": bool(flags.get("sheltered_eligible")),
        "local_connection": award.local_connection,
        "reduced_priority_reasons": list(award.reduced_priority_reasons),
        "debt_over_threshold": award.debt_over_threshold,
        "max_live_bids": scheme.max_live_bids,
        "renewal_months": scheme.renewal_period_months,
        "expires_at": award.expires_at.isoformat() if award.expires_at else "",
        "what_would_change": list(award.what_would_change),
        "review_days": scheme.review_request_days,
        "review_by": (today + dt.timedelta(days=scheme.review_request_days)).isoformat(),
    }
    if previous is not None:
        context.update({
            "old_band_name": previous.band_name,
            "old_effective_date": (previous.effective_date.isoformat()
                                   if previous.effective_date else ""),
            "old_bedroom_need": previous.bedroom_need,
            "old_reasons": list(previous.reasons),
        })
    return context


@transaction.atomic
def award_activate(*, award: BandAward, actor: Any, approved_by: Any = None,
                   restore_from: BandAward | None = None, send_letter: bool = True
                   ) -> BandAward:
    """Make ``award`` the current award (DOMAIN §3.6): work out its band date against the award
    it replaces (or restore the date a review says it should have had), supersede that award,
    bring the application's band and dates up to date, put a new application on the register,
    and send L6 or L7.
    """
    application = Application.objects.select_for_update().get(pk=award.application_id)
    award = BandAward.objects.select_for_update().get(pk=award.pk)
    if award.status != BandAward.Status.PROPOSED:
        raise IllegalTransition(f"This award is already {award.get_status_display().lower()}.")
    _check_assessable(application)
    today = timezone.localdate()
    # The date is worked out when the award takes effect: for an award that waited for a
    # manager, that is when the need was accepted (DOMAIN §4.4.4 rule 1).
    previous = current_award(application)
    date = award_date_decision(application, BandScheme.from_scheme(award.scheme_version),
                               band=award.band, reason_codes=award.reason_codes,
                               previous=previous, on=today, restore_from=restore_from)
    award.award_date = today
    award.effective_date = date.effective_date
    award.date_rule_applied = date.rule.value
    award.date_reason = date.reason
    award.replaces = previous
    if approved_by is not None:
        award.approved_by = approved_by
        award.approved_at = timezone.now()
    if previous is not None:
        previous.ended_at = timezone.now()
        previous.end_reason = "Replaced by a new assessment"
        _transition(previous, BandAward.Status.SUPERSEDED, "Superseded by a new award",
                    ["ended_at", "end_reason"])
    _transition(award, BandAward.Status.CURRENT,
                "Approved by a manager" if approved_by else "Band confirmed",
                ["award_date", "effective_date", "date_rule_applied", "date_reason",
                 "replaces", "approved_by", "approved_at"])

    going_live = application.status == Application.Status.UNDER_ASSESSMENT
    application.band = award.band
    application.effective_date = award.effective_date
    fields = ["band", "effective_date", "updated_at"]
    if going_live:
        application.registration_date = max(today, application.application_date or today)
        fields.append("registration_date")
    application._change_reason = f"{award.band_name} awarded"  # type: ignore[attr-defined]
    application.save(update_fields=fields)
    if going_live:
        application_transition(application=application, to=Application.Status.ACTIVE,
                               actor=actor, reason="Accepted onto the register")
        application.refresh_from_db()
    if send_letter:
        letter = letter_create(
            template_code="accepted" if going_live else "reassessment",
            subject=application, actor=actor,
            context=award_letter_context(application, award,
                                         None if going_live else previous),
            **_letter_recipient(application))
        award.decision_letter = letter
        award._change_reason = f"Decision letter sent: {letter.title}"  # type: ignore[attr-defined]
        award.save(update_fields=["decision_letter", "updated_at"])
    return award


@transaction.atomic
def award_withdraw(*, award: BandAward, actor: Any, reason: str = "") -> BandAward:
    """Withdraw an award still waiting for a manager (the officer wants to reassess)."""
    from housing.approvals.selectors import pending_approval_for

    if award.status != BandAward.Status.PROPOSED:
        raise IllegalTransition("Only an award waiting for approval can be withdrawn.")
    approval = pending_approval_for(award, ApprovalRequest.Type.BAND_A_AWARD) \
        or pending_approval_for(award, ApprovalRequest.Type.DISCRETIONARY_AWARD)
    if approval is not None:
        approval_withdraw(approval=approval, actor=actor, reason=reason)
        award.refresh_from_db()
    else:
        award.ended_at = timezone.now()
        award.end_reason = reason.strip() or "Withdrawn"
        _transition(award, BandAward.Status.WITHDRAWN, "Withdrawn", ["ended_at", "end_reason"])
    return award


def _on_award_decided(*, approval: ApprovalRequest, actor: Any) -> None:
    """Approvals handler: approved → current; rejected → back to the officer; withdrawn."""
    award = BandAward.objects.select_for_update().get(pk=int(approval.subject_id))
    if approval.status == ApprovalRequest.Status.APPROVED:
        award_activate(award=award, actor=actor, approved_by=actor)
        return
    award.ended_at = timezone.now()
    award.end_reason = approval.decision_reason[:300]
    to = (BandAward.Status.REJECTED if approval.status == ApprovalRequest.Status.REJECTED
          else BandAward.Status.WITHDRAWN)
    _transition(award, to, f"{approval.get_status_display()}: {approval.decision_reason}",
                ["ended_at", "end_reason"])


def register_approval_handlers() -> None:
    for kind in (ApprovalRequest.Type.BAND_A_AWARD, ApprovalRequest.Type.DISCRETIONARY_AWARD):
        register_handler(kind, _on_award_decided)


@transaction.atomic
def award_correct(*, application: Application, actor: Any, reason_codes: Sequence[str],
                  restore_from: BandAward, reason: str, override_band: str = "",
                  origin: str = BandAward.Origin.REVIEW) -> BandAward:
    """A corrected award after a review is overturned or varied (DOMAIN §4.15, §5.8 step 6).

    The reviewer's decision is itself the senior decision, so no further approval is asked.
    The band date is restored to what the applicant would have had if the decision under
    review (``restore_from``) had been right (§4.4.4 rule 7). No L7 is sent: the review
    decision letter (L21) tells the applicant.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    _check_assessable(application)
    pending = proposed_award(application)
    if pending is not None:
        award_withdraw(award=pending, actor=actor, reason="Replaced by a review decision")
    scheme = scheme_in_force()
    try:
        assessment = assessment_for(application, scheme=scheme,
                                    reason_codes=_clean_codes(reason_codes),
                                    override_band=(override_band or "").strip(),
                                    restore_from=restore_from)
    except ValueError as exc:
        field = "override_band" if "Band " in str(exc) else "reason_codes"
        raise ApplicationError(str(exc), {field: [str(exc)]}) from None
    overridden = assessment.band != assessment.proposal.band
    expires_at = assessment.expires_at
    if assessment.band == restore_from.band and restore_from.expires_at:
        # Same band after the review: the time limit runs from the original award.
        expires_at = restore_from.expires_at
    award = _award_from(assessment, application=application, actor=actor, origin=origin,
                        overridden=overridden, override_reason=reason.strip(),
                        officer_note=reason.strip(), expires_at=expires_at)
    award.full_clean(validate_constraints=False)
    award._change_reason = "Corrected after review"  # type: ignore[attr-defined]
    award.save()
    return award_activate(award=award, actor=actor, approved_by=actor,
                          restore_from=restore_from, send_letter=False)
