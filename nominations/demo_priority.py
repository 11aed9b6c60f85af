"""Demo data for priority (issue 4): band awards behind every banded case, a Band A award
waiting in the manager's queue, housing debts, and the demo applicant's acceptance letter (L6).

Every step only creates what is missing, so ``seed_demo`` stays safe to run again. Awards for
the existing register are written as the history a live system would hold: one current award
per banded case, its reasons from the scheme's own rules.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Prefetch

from applications.models import Application, BandAward, DebtRecord, HouseholdMember
from applications.priority import banding_facts
from applications.rules.banding import (
    BandScheme,
    property_eligibility,
    propose_band,
    suggest_reason_codes,
    what_would_change,
)
from housing.accounts.models import User
from housing.approvals.models import ApprovalRequest
from housing.core.exceptions import ApplicationError

REGISTER_PREFIX = "HR-2026-"
BANDED = (Application.Status.ACTIVE, Application.Status.ACTIVE_SUSPENDED,
          Application.Status.UNDER_OFFER)
# The reason an existing case's band is put down to when the facts suggest none in its band.
FALLBACK_REASON = {"A": "A8", "B": "B3", "C": "C2", "D": "D1"}
PENDING_BAND_A_JUSTIFICATION = (
    "Environmental Health served a prohibition order on the flat on 3 November (category 1 "
    "damp and mould hazard). The landlord cannot remedy it within six months.")


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def seed_awards(*, scheme: Any, officer: User, manager: User) -> int:
    """One current award for every banded case in the small register that has none."""
    bands = BandScheme.from_scheme(scheme)
    apps = (Application.objects.filter(reference__startswith=REGISTER_PREFIX, status__in=BANDED)
            .exclude(band="").filter(awards__isnull=True).select_related("circumstances")
            .prefetch_related(Prefetch("members", HouseholdMember.objects.order_by("id"))))
    created = 0
    for app in apps:
        if app.band not in {b.code for b in bands.bands}:
            continue
        suggested = [code for code, _ in suggest_reason_codes(bands, banding_facts(app, ""))
                     if bands.reason_by_code(code).band_code == app.band]
        codes = suggested[:1] or [FALLBACK_REASON.get(app.band, bands.reasons[0].code)]
        proposal = propose_band(bands, codes)
        band = bands.band_by_code(app.band)
        effective = app.effective_date or app.application_date or app.registration_date
        registered = app.registration_date or effective
        if effective is None or registered is None:
            continue
        backdated = effective == app.application_date
        members = list(app.members.all())
        ages = [m.age_on(registered) for m in members if m.is_proposed_tenant]
        homes = property_eligibility(
            sizes=list(app.eligible_sizes or []),
            oldest_tenant_age=max((a for a in ages if a is not None), default=None),
            sheltered_age=scheme.sheltered_qualifying_age)
        needs_manager = band.code == bands.highest_band.code or proposal.needs_manager_approval
        award = BandAward(
            application=app, status=BandAward.Status.CURRENT, scheme_version=scheme,
            band=band.code, band_name=band.name, proposed_band=proposal.band,
            reason_codes=list(proposal.reason_codes),
            rp_categories=list(proposal.rp_categories),
            additional_preference=proposal.additional_preference,
            reasons=list(proposal.reasons), what_would_change=what_would_change(bands, proposal),
            bedroom_need=app.bedroom_need, eligible_sizes=list(app.eligible_sizes or []),
            property_flags=homes.as_flags(), property_reasons=list(homes.reasons),
            local_connection="Local connection through residence", award_date=registered,
            effective_date=effective,
            date_rule_applied="backdated" if backdated else "new_award",
            date_reason=(f"Your {band.name} date is {_long(effective)}, the date you applied."
                         if backdated else
                         f"Your {band.name} date is {_long(effective)}, the date your need "
                         "was accepted."),
            proposed_by=officer, approved_by=manager if needs_manager else None,
            needs_approval=needs_manager)
        award._change_reason = "Demo data: award"  # type: ignore[attr-defined]
        award.save()
        created += 1
    return created


def seed_pending_band_a(*, officer: User, warn: Callable[[str], None]) -> bool:
    """A case under assessment with a Band A award waiting for a manager (the queue is never
    empty in the demo)."""
    from applications.services.banding import award_confirm
    from applications.services.decisions import eligibility_decide, qualification_decide

    if ApprovalRequest.objects.filter(type=ApprovalRequest.Type.BAND_A_AWARD).exists():
        return False
    cases = (Application.objects.filter(reference__startswith=REGISTER_PREFIX,
                                        status=Application.Status.UNDER_ASSESSMENT,
                                        restricted_access=False, awards__isnull=True)
             .order_by("-reference"))
    for case in cases:
        # The officer decides eligibility and qualification through the services, then
        # assesses Band A; a case the rules cannot decide is left for the next one.
        try:
            with transaction.atomic(), contextlib.redirect_stdout(io.StringIO()):
                if eligibility_decide(application=case, actor=officer) != "eligible":
                    raise ApplicationError("not eligible")
                if qualification_decide(application=case, actor=officer) != "qualifies":
                    raise ApplicationError("does not qualify")
                award_confirm(application=case, actor=officer, reason_codes=["A3"],
                              justification=PENDING_BAND_A_JUSTIFICATION)
        except ApplicationError:
            continue
        return True
    warn("No case under assessment could take the pending Band A award.")
    return False


def seed_debts(*, officer: User, today: dt.date) -> int:
    """Housing debts on two banded cases: one over the threshold with no arrangement, one with
    a repayment arrangement kept for eight months."""
    cases = list(Application.objects.filter(reference__startswith=REGISTER_PREFIX,
                                            status=Application.Status.ACTIVE)
                 .exclude(reference=f"{REGISTER_PREFIX}000001").order_by("reference")[2:4])
    plans = [
        {"creditor": DebtRecord.Creditor.PRIVATE_LANDLORD, "creditor_name": "Kestrel Lettings",
         "type": DebtRecord.Type.RENT_ARREARS, "amount": Decimal("940.00"),
         "accrued_date": today - dt.timedelta(days=400), "notes": "Landlord reference."},
        {"creditor": DebtRecord.Creditor.COUNCIL, "type": DebtRecord.Type.TA_CHARGES,
         "amount": Decimal("1210.50"), "accrued_date": today - dt.timedelta(days=700),
         "arrangement_amount": Decimal("15.00"),
         "arrangement_frequency": DebtRecord.Frequency.WEEKLY,
         "arrangement_start": today - dt.timedelta(days=260),
         "arrangement_kept_since": today - dt.timedelta(days=245),
         "notes": "Arrangement checked with the income team."},
    ]
    created = 0
    for case, plan in zip(cases, plans, strict=False):
        if case.debts.exists():
            continue
        lead = case.members.filter(role=HouseholdMember.Role.LEAD).first()
        if lead is None:
            continue
        debt = DebtRecord(application=case, member=lead, as_of=today - dt.timedelta(days=20),
                          recorded_by=officer, **plan)
        debt._change_reason = "Demo data: debt"  # type: ignore[attr-defined]
        debt.save()
        created += 1
    return created


def seed_priority(*, scheme: Any, users: dict[str, User], today: dt.date,
                  warn: Callable[[str], None]) -> dict[str, int]:
    awards = seed_awards(scheme=scheme, officer=users["officer"], manager=users["manager"])
    debts = seed_debts(officer=users["officer"], today=today)
    pending = seed_pending_band_a(officer=users["officer"], warn=warn)
    made = seed_medical_and_reviews(users=users, today=today, warn=warn)
    return {"awards": awards, "debts": debts, "pending_band_a": int(pending), **made}


def demo_acceptance_letter(applicant: User) -> tuple[Any, dict[str, Any]] | None:
    """The demo applicant's case and the L6 context from its current award."""
    from applications.services.banding import award_letter_context

    application = Application.objects.filter(applicant_user=applicant,
                                             reference=f"{REGISTER_PREFIX}000001").first()
    award = application.awards.filter(status=BandAward.Status.CURRENT).first() \
        if application else None
    if application is None or award is None:
        return None
    return application, award_letter_context(application, award)


MEDICAL_FORM = {
    "condition": "Chronic obstructive pulmonary disease; uses oxygen at night.",
    "how_housing_affects": "The flat is on the third floor with no lift. Carrying the oxygen "
                           "cylinders up the stairs leaves me breathless and I have fallen "
                           "twice this year. Damp in the bedroom makes my chest worse.",
    "what_would_help": "A ground-floor home, or one with a lift, that is dry and warm.",
    "mobility_difficulties": "I cannot manage more than a few steps without resting.",
}


def seed_medical_and_reviews(*, users: dict[str, User], today: dt.date,
                             warn: Callable[[str], None]) -> dict[str, int]:
    """A medical referral waiting for the adviser, and two statutory reviews: one in time and
    with a reviewer, one late and waiting for an officer to refer it to a manager."""
    from applications.models import MedicalAssessment, ReviewRequest
    from applications.services.medical import medical_form_submit, medical_screen
    from applications.services.reviews import review_allocate, review_request

    officer, manager, adviser = users["officer"], users["manager"], users["adviser"]
    made = {"medical": 0, "reviews": 0}
    # Cases whose award the demo manager took no part in, so the manager can review them.
    active = list(Application.objects.filter(reference__startswith=REGISTER_PREFIX,
                                             status=Application.Status.ACTIVE,
                                             restricted_access=False,
                                             awards__status=BandAward.Status.CURRENT,
                                             awards__approved_by__isnull=True)
                  .exclude(reference=f"{REGISTER_PREFIX}000001").order_by("reference"))
    try:
        with transaction.atomic(), contextlib.redirect_stdout(io.StringIO()):
            if not MedicalAssessment.objects.exists() and active:
                case = active[0]
                lead = case.members.get(role=HouseholdMember.Role.LEAD)
                assessment = medical_form_submit(application=case, member_id=lead.pk,
                                                 actor=officer, **MEDICAL_FORM)
                medical_screen(assessment=assessment, actor=officer, outcome="refer",
                               note="Stairs and damp are said to affect a lung condition: "
                                    "needs the adviser's view.",
                               adviser_id=adviser.pk,
                               question="Does the current home make the condition worse, "
                                        "and what kind of home is needed?")
                made["medical"] = 1
            if not ReviewRequest.objects.exists() and len(active) >= 3:
                in_time, late = active[1], active[2]
                award = in_time.awards.get(status=BandAward.Status.CURRENT)
                review = review_request(
                    application=in_time, actor=officer, type=ReviewRequest.Type.BAND,
                    channel=ReviewRequest.Channel.LETTER,
                    grounds="My son has autism and cannot share a bedroom; I think we need "
                            "an extra bedroom and a higher band.",
                    received_at=award.award_date + dt.timedelta(days=10),
                    decision_summary="", award_id=award.pk)
                if review.status == ReviewRequest.Status.ACKNOWLEDGED:
                    review_allocate(review=review, actor=manager, reviewer_id=manager.pk)
                late_award = late.awards.get(status=BandAward.Status.CURRENT)
                review_request(
                    application=late, actor=officer, type=ReviewRequest.Type.BAND,
                    channel=ReviewRequest.Channel.PHONE, award_id=late_award.pk,
                    grounds="Says the disrepair was not taken into account.",
                    late_reason="The applicant was in hospital when the decision letter "
                                "arrived.")
                made["reviews"] = 2
    except ApplicationError as exc:
        warn(f"Medical referral or reviews not seeded: {exc}")
    return made
