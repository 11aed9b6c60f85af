"""Statutory reviews of register decisions (Housing Act 1996 s166A(9); DOMAIN.md §3.17, §4.15,
§5.8; letters L19 and L21).

* ``review_request`` records a request from the applicant (their online account, "one click"
  from the priority page) or from an officer on their behalf (phone, letter, email, in person).
  The request window runs from the day the decision letter is deemed served (the letter's date
  plus ``letter_deemed_served_working_days`` working days) for ``review_request_days`` calendar
  days. In time: it is acknowledged at once (L19). Late: the reason is required and a manager
  decides whether to accept it through the approvals queue (``LATE_REVIEW``); an applicant's own
  late request is referred to a manager by an officer (``review_late_refer``), because only
  staff raise approval requests.
* ``review_allocate`` gives the review to a reviewer who is senior (a manager, or an officer
  marked as a senior officer) and who took no part in any step of the decision under review
  (``decision_actor_reasons`` lists every person on the decision's chain). The service refuses
  anyone else and says why.
* ``review_decide``: the allocated reviewer upholds, overturns or varies the decision, with
  reasons. Overturning or varying a band decision creates a corrected current award with the
  band date restored (``award_correct``); L21 tells the applicant, with no further internal
  review and the Ombudsman signposted.

Reads used by the pages and the API (the review list and overdue reviews) are at the end.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from applications.models import Application, BandAward, Decision, MedicalAssessment
from applications.models import ReviewRequest as Review
from applications.policies import (
    can_allocate_reviews,
    can_view_as_applicant,
    can_work_case,
    is_caseworker,
    is_senior_reviewer,
    reviews_visible_to,
)
from housing.approvals.models import ApprovalRequest
from housing.approvals.registry import register_handler
from housing.approvals.services import (
    approval_is_valid,
    approval_request_create,
    approval_withdraw,
)
from housing.core.calendar import add_working_days
from housing.core.exceptions import ApplicationError, ConflictError, IllegalTransition
from housing.core.sequences import sequence_next
from housing.letters.models import Letter
from housing.letters.services import letter_create
from housing.scheme.selectors import scheme_in_force

# Decisions reviewed through the band award that recorded them (band, band date, bedroom need,
# the homes the applicant may bid for, the debt finding).
AWARD_TYPES = frozenset({Review.Type.BAND, Review.Type.BEDROOM_NEED,
                         Review.Type.PROPERTY_ELIGIBILITY, Review.Type.DEBT})
DECISION_TYPES: dict[str, Decision.Kind] = {
    Review.Type.ELIGIBILITY: Decision.Kind.ELIGIBILITY,
    Review.Type.QUALIFICATION: Decision.Kind.QUALIFICATION}
# Decisions the register does not hold as a record here: the officer describes them.
UNLINKED_TYPES = frozenset({Review.Type.CLOSURE, Review.Type.REFUSAL_PENALTY,
                            Review.Type.SUITABILITY})
# What an applicant can ask for from their priority page.
PORTAL_TYPES = (Review.Type.BAND, Review.Type.BEDROOM_NEED, Review.Type.PROPERTY_ELIGIBILITY)
REVIEWABLE_AWARD_STATUSES = (BandAward.Status.CURRENT, BandAward.Status.SUPERSEDED,
                             BandAward.Status.EXPIRED, BandAward.Status.REVOKED)
DECIDED_MEDICAL = (MedicalAssessment.Status.DECIDED, MedicalAssessment.Status.NOTIFIED)
DECISION_LETTERS: dict[str, str] = {Decision.Kind.ELIGIBILITY: "not-eligible",
                                    Decision.Kind.QUALIFICATION: "not-qualifying"}
ADVERSE_OUTCOMES = frozenset({"ineligible", "does_not_qualify"})
REPRESENTATIONS_DAYS = 14
GROUNDS_MAX = 5000
REVIEWER_ROLE = "a senior officer who was not involved in the decision"


def _long(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def _person(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def review_reference_next() -> str:
    """The next free review reference, e.g. RV-2026-000042 (numbers are never reused)."""
    year = timezone.localdate().year
    while True:
        reference = f"RV-{year}-{sequence_next(f'review-{year}'):06d}"
        if not Review.objects.filter(reference=reference).exists():
            return reference


def _transition(review: Review, to: str, reason: str, fields: Sequence[str] = ()) -> None:
    """The one place a review's status changes (the transitions table on the model)."""
    if to not in Review.TRANSITIONS[review.status]:
        raise IllegalTransition(
            f"A review that is “{review.get_status_display().lower()}” cannot become "
            f"“{Review.Status(to).label.lower()}”.",
            {"status": [f"Not allowed while the review is "
                        f"“{review.get_status_display().lower()}”"]})
    review.status = to
    review._change_reason = reason  # type: ignore[attr-defined]
    review.save(update_fields=["status", "updated_at", *fields])


def _lock(review: Review) -> Review:
    return Review.objects.select_for_update().select_related("application").get(pk=review.pk)


def _is_owner(user: Any, application: Application) -> bool:
    return can_view_as_applicant(user, application)


def _letter_recipient(application: Application) -> dict[str, Any]:
    lead = application.members.filter(role="lead").first()
    return {"recipient": application.applicant_user,
            "recipient_name": (lead.full_name if lead else None)}


# --- The decision under review -----------------------------------------------------------------

@dataclass(frozen=True)
class DecisionUnderReview:
    """What is being challenged: the record (one of award, decision, medical), a readable
    summary kept with the review, and the date of the letter that told the applicant."""

    summary: str
    letter_date: dt.date
    scheme: Any
    award: BandAward | None = None
    decision: Decision | None = None
    medical: MedicalAssessment | None = None


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def _award_summary(type: str, award: BandAward) -> str:
    on = _long(award.award_date)
    if type == Review.Type.BEDROOM_NEED:
        return f"Bedroom need of {award.bedroom_need} decided on {on}"
    if type == Review.Type.PROPERTY_ELIGIBILITY:
        sizes = ", ".join(str(size) for size in award.eligible_sizes) or "none"
        return f"Homes you can bid for (bedrooms: {sizes}) decided on {on}"
    if type == Review.Type.DEBT:
        return f"Housing debt finding with {award.band_name} on {on}"
    return f"{award.band_name} awarded on {on}"


def _decision_letter_date(decision: Decision) -> dt.date:
    code = DECISION_LETTERS.get(decision.kind)
    letter = None
    if code:
        letter = (Letter.objects
                  .filter(subject_type=ContentType.objects.get_for_model(Application),
                          subject_id=str(decision.application_id), template__code=code,
                          created_at__gte=decision.created_at)
                  .order_by("created_at").first())
    moment = letter.created_at if letter else decision.created_at
    return timezone.localdate(moment)


def _resolve(application: Application, *, type: str, award_id: Any, decision_id: Any,
             medical_assessment_id: Any, decision_summary: str,
             decision_date: dt.date | None) -> DecisionUnderReview:
    """Find the decision challenged (by default the one in force) or say what is missing."""
    if type in AWARD_TYPES:
        awards = application.awards.filter(status__in=REVIEWABLE_AWARD_STATUSES)
        if award_id not in (None, ""):
            award = awards.filter(pk=_as_int(award_id, "award")).first()
            if award is None:
                raise ApplicationError("Choose a band decision on this application.",
                                       {"award": ["Choose a band decision on this application"]})
        else:
            award = awards.filter(status=BandAward.Status.CURRENT).first()
            if award is None:
                raise ApplicationError("There is no band decision to review yet.",
                                       {"award": ["There is no band decision to review yet"]})
        letter_date = (_local_date(award.decision_letter.created_at)
                       if award.decision_letter_id and award.decision_letter
                       else award.award_date)
        return DecisionUnderReview(summary=_award_summary(type, award),
                                   letter_date=letter_date or award.award_date,
                                   scheme=award.scheme_version, award=award)
    if type in DECISION_TYPES:
        kind = DECISION_TYPES[type]
        decisions = application.decisions.filter(kind=kind)
        if decision_id not in (None, ""):
            decision = decisions.filter(pk=_as_int(decision_id, "decision")).first()
        else:
            current = decisions.filter(is_current=True).order_by("-created_at")
            # The adverse decision is the one challenged (one person found not eligible).
            decision = (current.filter(outcome__in=ADVERSE_OUTCOMES).first()
                        or current.first())
        if decision is None:
            message = f"There is no {kind.label.lower()} decision on this application to review"
            raise ApplicationError(message + ".", {"decision": [message]})
        person = f" for {decision.member.full_name}" if decision.member is not None else ""
        outcome = decision.outcome.replace("_", " ")
        when = timezone.localdate(decision.created_at)
        return DecisionUnderReview(
            summary=f"{kind.label} decision{person}: {outcome}, on {_long(when)}",
            letter_date=_decision_letter_date(decision), scheme=decision.scheme_version,
            decision=decision)
    if type == Review.Type.MEDICAL:
        assessments = application.medical_assessments.filter(status__in=DECIDED_MEDICAL)
        if medical_assessment_id not in (None, ""):
            medical = assessments.filter(
                pk=_as_int(medical_assessment_id, "medical_assessment")).first()
        else:
            medical = assessments.filter(is_current=True).order_by("-decided_at").first()
        if medical is None:
            message = "There is no decided medical assessment on this application to review"
            raise ApplicationError(message + ".", {"medical_assessment": [message]})
        level = (MedicalAssessment.Level(medical.decided_level).label
                 if medical.decided_level else "No level")
        decided = _local_date(medical.decided_at) or timezone.localdate(medical.created_at)
        letter_date = (_local_date(medical.letter.created_at)
                       if medical.letter_id and medical.letter else decided)
        return DecisionUnderReview(
            summary=f"Medical assessment for {medical.member.full_name}: {level.lower()} "
                    f"priority, decided on {_long(decided)}",
            letter_date=letter_date or decided, scheme=scheme_in_force(), medical=medical)
    # Closures, refusal penalties and suitability: the officer says what was decided and when.
    errors: dict[str, list[str]] = {}
    if not decision_summary.strip():
        errors["decision_summary"] = ["Describe the decision the applicant wants reviewed"]
    elif len(decision_summary.strip()) > 300:
        errors["decision_summary"] = ["Describe the decision in 300 characters or fewer"]
    if decision_date is None:
        errors["decision_date"] = ["Enter the date of the decision letter"]
    elif decision_date > timezone.localdate():
        errors["decision_date"] = ["The decision letter's date must be today or in the past"]
    if errors:
        raise ApplicationError("Say which decision is to be reviewed.", errors)
    assert decision_date is not None
    return DecisionUnderReview(summary=decision_summary.strip(), letter_date=decision_date,
                               scheme=scheme_in_force())


def _as_int(value: Any, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApplicationError("Choose a decision from the list.",
                               {field: ["Choose a decision from the list"]}) from None


def request_window(letter_date: dt.date, scheme: Any) -> tuple[dt.date, dt.date]:
    """(when the applicant is treated as told, the last day to ask): the letter is deemed
    served ``letter_deemed_served_working_days`` working days after its date, and the window
    is ``review_request_days`` calendar days from then (DOMAIN §4.15; default 2 and 21)."""
    notified = add_working_days(letter_date, int(scheme.letter_deemed_served_working_days))
    return notified, notified + dt.timedelta(days=int(scheme.review_request_days))


def reviewable_decisions(application: Application) -> list[tuple[str, DecisionUnderReview]]:
    """The decisions the applicant can ask to have reviewed from their account, as
    (type, decision): the parts of their current band award (band, bedroom need, homes they
    can bid for), an adverse eligibility or qualification decision, and their latest medical
    decision."""
    found: list[tuple[str, DecisionUnderReview]] = []

    def add(kind: str) -> None:
        with contextlib.suppress(ApplicationError):  # nothing of that kind to review
            found.append((kind, _resolve(application, type=kind, award_id=None,
                                         decision_id=None, medical_assessment_id=None,
                                         decision_summary="", decision_date=None)))

    if application.awards.filter(status=BandAward.Status.CURRENT).exists():
        for award_type in PORTAL_TYPES:
            add(award_type)
    for decision_type, decision_kind in DECISION_TYPES.items():
        if application.decisions.filter(kind=decision_kind, is_current=True,
                                        outcome__in=ADVERSE_OUTCOMES).exists():
            add(decision_type)
    if application.medical_assessments.filter(status__in=DECIDED_MEDICAL,
                                              is_current=True).exists():
        add(Review.Type.MEDICAL)
    return found


# --- Who took part in the decision -------------------------------------------------------------

def decision_actor_reasons(review: Review) -> dict[int, list[str]]:
    """Everyone who took part in any step of the decision under review, with what they did
    (DOMAIN §2: the person who makes a decision must not review it; §5.8 step 4). For an award:
    who proposed and approved it, and who asked for and decided every approval on it; for an
    eligibility or qualification decision: who decided it; for a medical decision: who
    screened it, the adviser and who decided it; and the officer who recorded the request."""
    reasons: dict[int, list[str]] = {}

    def add(user_id: int | None, what: str) -> None:
        if user_id is not None and what not in reasons.setdefault(user_id, []):
            reasons[user_id].append(what)

    if review.award_id:
        from housing.approvals.selectors import approvals_for

        award = review.award
        assert award is not None
        add(award.proposed_by_id, "proposed the award under review")
        add(award.approved_by_id, "approved the award under review")
        for approval in approvals_for(award):
            add(approval.requested_by_id, "asked a manager to approve the award under review")
            add(approval.decided_by_id, "decided the approval of the award under review")
    if review.decision_id:
        decision = review.decision
        assert decision is not None
        add(decision.decided_by_id,
            f"made the {decision.get_kind_display().lower()} decision under review")
    if review.medical_assessment_id:
        medical = review.medical_assessment
        assert medical is not None
        add(medical.screened_by_id, "screened the medical assessment under review")
        add(medical.adviser_id, "gave the medical recommendation under review")
        add(medical.decided_by_id, "decided the medical assessment under review")
    requester = review.requested_by
    if requester is not None and is_caseworker(requester):
        add(requester.pk, "recorded this review request")
    return reasons


def decision_actors(review: Review) -> set[int]:
    """The ids of everyone who took part in the decision under review (see
    :func:`decision_actor_reasons`)."""
    return set(decision_actor_reasons(review))


def reviewer_exclusion(review: Review, user: Any,
                       actor_reasons: dict[int, list[str]] | None = None) -> str | None:
    """Why ``user`` may not review this decision, or None if they may (DOMAIN §4.15: senior to
    and not involved in the original decision; a restricted case only for the restricted
    group)."""
    problems = list((decision_actor_reasons(review) if actor_reasons is None
                     else actor_reasons).get(user.pk, []))
    if not problems and user.pk == review.requested_by_id:
        problems.append("asked for this review")
    if not is_senior_reviewer(user):
        problems.append("is not a manager or senior officer")
    if review.application.restricted_access and not getattr(user, "in_restricted_group", False):
        problems.append("is not in the restricted group, so cannot open this case")
    if not problems:
        return None
    return f"{_person(user)} {', and '.join(problems)}"


def reviewer_candidates(review: Review) -> tuple[list[Any], list[tuple[Any, str]]]:
    """(eligible reviewers, [(excluded person, why)]) among active managers and senior
    officers, for the allocation form."""
    User = get_user_model()
    people = (User.objects.filter(is_active=True, role__in=["manager", "officer"])
              .order_by("first_name", "last_name", "username"))
    actor_reasons = decision_actor_reasons(review)
    eligible: list[Any] = []
    excluded: list[tuple[Any, str]] = []
    for person in people:
        if not is_senior_reviewer(person):
            continue
        why = reviewer_exclusion(review, person, actor_reasons)
        if why is None:
            eligible.append(person)
        else:
            excluded.append((person, why))
    return eligible, excluded


# --- Requesting a review -----------------------------------------------------------------------

@transaction.atomic
def review_request(*, application: Application, actor: Any, type: str, grounds: str = "",
                   channel: str = Review.Channel.PORTAL, representative: str = "",
                   received_at: dt.date | None = None, late_reason: str = "",
                   award_id: Any = None, decision_id: Any = None,
                   medical_assessment_id: Any = None, decision_summary: str = "",
                   decision_date: dt.date | None = None) -> Review:
    """Record a request for a review (DOMAIN §5.8 steps 1–3).

    The applicant asks from their account (the channel is then the online account and the
    request is received today); an officer records one made any other way, on the day it
    arrived. By default the decision challenged is the one in force (the current award for a
    band, bedroom-need or property review). In time: acknowledged at once with L19. Late: the
    reason is required, and a manager decides whether to accept it.

    Refused with field errors: an unknown type or channel, a received date in the future or
    before the decision letter, no decision to review, a late request without a reason; 409 if
    the decision already has an open review.
    """
    owner = _is_owner(actor, application)
    staff = can_work_case(actor, application)
    if not (owner or staff):
        raise ApplicationError("You cannot ask for a review on this application.")
    application = Application.objects.select_for_update().get(pk=application.pk)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if type not in Review.Type.values:
        errors["type"] = ["Choose what you want reviewed"]
    if owner and not staff:
        channel, received_at = Review.Channel.PORTAL, today
    if channel not in Review.Channel.values:
        errors["channel"] = ["Choose how the request was made"]
    received_at = received_at or today
    if received_at > today:
        errors["received_at"] = ["The date the request was received must be today or in the "
                                 "past"]
    grounds, representative = (grounds or "").strip(), (representative or "").strip()
    if len(grounds) > GROUNDS_MAX:
        errors["grounds"] = [f"Reasons must be {GROUNDS_MAX} characters or fewer"]
    if len(representative) > 200:
        errors["representative"] = ["Representative's name must be 200 characters or fewer"]
    if errors:
        raise ApplicationError("Check the review request.", errors)

    target = _resolve(application, type=type, award_id=award_id, decision_id=decision_id,
                      medical_assessment_id=medical_assessment_id,
                      decision_summary=decision_summary or "", decision_date=decision_date)
    if received_at < target.letter_date:
        raise ApplicationError("A review request cannot be received before the decision.",
                               {"received_at": ["The request cannot be received before the "
                                                f"decision letter of {_long(target.letter_date)}"]})
    notified, deadline = request_window(target.letter_date, target.scheme)
    in_time = received_at <= deadline
    late_reason = (late_reason or "").strip()
    if not in_time and not late_reason:
        raise ApplicationError(
            f"The request is late: the last day to ask was {_long(deadline)}.",
            {"late_reason": [f"Say why the review was not requested by {_long(deadline)}"]})

    open_reviews = Review.objects.filter(application=application,
                                         status__in=Review.OPEN_STATUSES)
    if target.award is not None:
        open_reviews, field = open_reviews.filter(award=target.award), "award"
    elif target.decision is not None:
        open_reviews, field = open_reviews.filter(decision=target.decision), "decision"
    elif target.medical is not None:
        open_reviews, field = (open_reviews.filter(medical_assessment=target.medical),
                               "medical_assessment")
    else:
        open_reviews, field = open_reviews.filter(type=type, award=None, decision=None,
                                                  medical_assessment=None), "type"
    existing = open_reviews.first()
    if existing is not None:
        raise ConflictError(f"This decision is already being reviewed ({existing.reference}).",
                            {field: [f"This decision is already being reviewed "
                                     f"({existing.reference})"]})

    review = Review(
        application=application, reference=review_reference_next(), type=type,
        award=target.award, decision=target.decision, medical_assessment=target.medical,
        decision_summary=target.summary[:300], grounds=grounds, channel=channel,
        representative=representative, received_at=received_at, notified_at=notified,
        request_deadline=deadline, in_time=in_time,
        late_reason="" if in_time else late_reason, requested_by=actor)
    review.full_clean(validate_constraints=False)
    review._change_reason = (  # type: ignore[attr-defined]
        f"Review requested ({review.get_channel_display().lower()})"
        + ("" if in_time else f", {(received_at - deadline).days} days late"))
    review.save()
    if in_time:
        return review_acknowledge(review=review, actor=actor)
    _transition(review, Review.Status.AWAITING_LATE_DECISION,
                f"Late: asked {_long(received_at)}, the last day was {_long(deadline)}")
    if staff:
        review_late_refer(review=review, actor=actor)
    review.refresh_from_db()
    return review


@transaction.atomic
def review_late_refer(*, review: Review, actor: Any, note: str = "") -> Review:
    """Ask a manager to accept a late request (DOMAIN §5.8 step 2), through the approvals
    queue. The manager who decides must not be the officer who asks (maker–checker). Done at
    once when an officer records a late request; for an applicant's own late request, an
    officer refers it."""
    review = _lock(review)
    if not can_work_case(actor, review.application):
        raise ApplicationError("Only a caseworker can refer a late review request to a manager.")
    if review.status != Review.Status.AWAITING_LATE_DECISION:
        raise IllegalTransition("Only a late request waiting for a manager can be referred.")
    if review.late_approval_id and review.late_approval \
            and review.late_approval.status == ApprovalRequest.Status.PENDING:
        raise ConflictError("This late request is already with a manager.",
                            {"note": ["Already waiting for a manager's decision"]})
    days_late = (review.received_at - review.request_deadline).days \
        if review.request_deadline else 0
    justification = f"Applicant's reason for asking late: {review.late_reason}"
    if note.strip():
        justification += f"\n\nOfficer: {note.strip()}"
    approval = approval_request_create(
        type=ApprovalRequest.Type.LATE_REVIEW, subject=review, actor=actor,
        justification=justification,
        summary=f"{review.application.reference}: late review request {review.reference} "
                f"({days_late} day{'s' if days_late != 1 else ''} late) – "
                f"{review.decision_summary}",
        case_reference=review.application.reference,
        restricted=review.application.restricted_access,
        details={"Review": review.reference, "Decision under review": review.decision_summary,
                 "Request received": _long(review.received_at),
                 "Last day to ask": _long(review.request_deadline),
                 "Days late": str(days_late), "Reason for asking late": review.late_reason,
                 "Grounds": review.grounds or "None given"})
    review.late_approval = approval
    review._change_reason = "Late request referred to a manager"  # type: ignore[attr-defined]
    review.save(update_fields=["late_approval", "updated_at"])
    return review


@transaction.atomic
def review_acknowledge(*, review: Review, actor: Any) -> Review:
    """Acknowledge the request (L19): the date received, the decision under review, who will
    review it, the date for representations (14 days) and the target date for the decision
    (``review_decision_days`` after the request; default 56). A late request only once a
    manager has accepted it."""
    review = _lock(review)
    if review.status == Review.Status.AWAITING_LATE_DECISION \
            and not approval_is_valid(review.late_approval):
        raise ConflictError("A manager must accept this late request before it is "
                            "acknowledged.", {"status": ["Waiting for a manager"]})
    today = timezone.localdate()
    scheme = scheme_in_force()
    review.acknowledged_at = timezone.now()
    review.representations_due = today + dt.timedelta(days=REPRESENTATIONS_DAYS)
    review.target_date = review.received_at + dt.timedelta(days=int(scheme.review_decision_days))
    _transition(review, Review.Status.ACKNOWLEDGED,
                "Late request accepted: acknowledged" if not review.in_time
                else "Acknowledged", ["acknowledged_at", "representations_due", "target_date"])
    application = review.application
    letter_create(
        template_code="review-acknowledgement", subject=application, actor=actor,
        context={"reference": application.reference, "review_reference": review.reference,
                 "received_at": _iso(review.received_at),
                 "decision_summary": review.decision_summary,
                 "type_label": review.get_type_display(), "grounds": review.grounds,
                 "representative": review.representative, "in_time": review.in_time,
                 "reviewer_role": REVIEWER_ROLE,
                 "representations_due": _iso(review.representations_due),
                 "target_date": _iso(review.target_date),
                 "suitability": review.type == Review.Type.SUITABILITY},
        **_letter_recipient(application))
    return review


def _on_late_review_decided(*, approval: ApprovalRequest, actor: Any) -> None:
    """Approvals handler (``LATE_REVIEW``): accepted → acknowledged (L19); refused → late
    request not accepted (letter); withdrawn → back to waiting, to be referred again."""
    review = Review.objects.select_for_update().get(pk=int(approval.subject_id))
    if review.status != Review.Status.AWAITING_LATE_DECISION:
        return
    if approval.status == ApprovalRequest.Status.APPROVED:
        review.late_approval = approval
        review.save(update_fields=["late_approval", "updated_at"])
        review_acknowledge(review=review, actor=actor)
        return
    if approval.status == ApprovalRequest.Status.REJECTED:
        _transition(review, Review.Status.LATE_REJECTED,
                    f"Late request not accepted: {approval.decision_reason}")
        application = review.application
        letter_create(
            template_code="review-late-refused", subject=application, actor=actor,
            context={"reference": application.reference, "review_reference": review.reference,
                     "received_at": _iso(review.received_at),
                     "request_deadline": _iso(review.request_deadline),
                     "decision_summary": review.decision_summary,
                     "late_reason": review.late_reason,
                     "manager_reason": approval.decision_reason},
            **_letter_recipient(application))
        return
    review.late_approval = None
    review._change_reason = "Referral to a manager withdrawn"  # type: ignore[attr-defined]
    review.save(update_fields=["late_approval", "updated_at"])


def register_review_approval_handlers() -> None:
    register_handler(ApprovalRequest.Type.LATE_REVIEW, _on_late_review_decided)


# --- Working the review ------------------------------------------------------------------------

@transaction.atomic
def review_allocate(*, review: Review, actor: Any, reviewer_id: Any) -> Review:
    """A manager or senior officer gives the review to a reviewer (DOMAIN §5.8 step 4). The
    reviewer must be senior and must not have taken part in any step of the decision under
    review; the refusal says why. A review with its reviewer can be given to someone else."""
    if not can_allocate_reviews(actor):
        raise ApplicationError("Only a manager or a senior officer can allocate a review.",
                               {"reviewer": ["Only a manager or a senior officer can allocate "
                                             "a review"]})
    review = _lock(review)
    if review.status not in (Review.Status.ACKNOWLEDGED, Review.Status.ALLOCATED):
        raise IllegalTransition(
            f"A review that is “{review.get_status_display().lower()}” cannot be allocated.",
            {"reviewer": ["This review cannot be allocated now"]})
    User = get_user_model()
    try:
        reviewer = User.objects.filter(pk=int(reviewer_id), is_active=True).first()
    except (TypeError, ValueError):
        reviewer = None
    if reviewer is None:
        raise ApplicationError("Choose a reviewer from the list.",
                               {"reviewer": ["Choose a reviewer from the list"]})
    why = reviewer_exclusion(review, reviewer)
    if why is not None:
        raise ApplicationError(f"{why}.", {"reviewer": [why]})
    previous = review.reviewer
    review.reviewer = reviewer
    review.allocated_by = actor
    review.allocated_at = timezone.now()
    reason = (f"Re-allocated from {_person(previous)} to {_person(reviewer)}"
              if previous is not None and previous.pk != reviewer.pk
              else f"Allocated to {_person(reviewer)}")
    _transition(review, Review.Status.ALLOCATED, reason,
                ["reviewer", "allocated_by", "allocated_at"])
    return review


@transaction.atomic
def review_representations_add(*, review: Review, actor: Any, text: str) -> Review:
    """Add the applicant's representations (theirs, or taken down by an officer), while the
    review waits for or is with its reviewer (DOMAIN §5.8 step 5). Each is kept with the date
    and who gave it; nothing earlier is changed."""
    review = _lock(review)
    application = review.application
    owner = _is_owner(actor, application)
    if not (owner or can_work_case(actor, application)):
        raise ApplicationError("You cannot add representations to this review.")
    if review.status not in (Review.Status.ACKNOWLEDGED, Review.Status.ALLOCATED):
        raise IllegalTransition("Representations can only be added while the review is open.",
                                {"text": ["This review is not open for representations"]})
    text = (text or "").strip()
    if not text:
        raise ApplicationError("Enter the representations.",
                               {"text": ["Enter what you want the reviewer to consider"]})
    if len(text) > GROUNDS_MAX:
        raise ApplicationError("The representations are too long.",
                               {"text": [f"Enter {GROUNDS_MAX} characters or fewer"]})
    who = "the applicant" if owner else f"{_person(actor)} (for the applicant)"
    entry = f"{_long(timezone.localdate())}, from {who}:\n{text}"
    review.representations = (f"{review.representations}\n\n{entry}" if review.representations
                               else entry)
    review._change_reason = f"Representations added by {who}"  # type: ignore[attr-defined]
    review.save(update_fields=["representations", "updated_at"])
    return review


@transaction.atomic
def review_decide(*, review: Review, actor: Any, outcome: str, reasons: str,
                  reason_codes: Sequence[str] | None = None, override_band: str = "") -> Review:
    """The allocated reviewer decides (DOMAIN §5.8 steps 6–7; L21). Upheld: nothing changes.
    Overturned or varied on a band, bedroom-need, property or debt review: a corrected award
    from ``reason_codes`` (and ``override_band``) becomes current with the band date the
    applicant should have had. Other decisions overturned are put into effect by an officer.

    Refused: anyone but the allocated reviewer, a reviewer who took part in the decision, no
    outcome or reasons, no reason codes for a corrected award.
    """
    review = _lock(review)
    if review.status != Review.Status.ALLOCATED:
        raise IllegalTransition(
            f"A review that is “{review.get_status_display().lower()}” cannot be decided.",
            {"outcome": ["Allocate the review to a reviewer first"
                         if review.status == Review.Status.ACKNOWLEDGED
                         else "This review cannot be decided now"]})
    if review.reviewer_id != getattr(actor, "pk", None):
        raise ApplicationError("Only the allocated reviewer can decide this review.",
                               {"outcome": ["Only the allocated reviewer can decide this "
                                            "review"]})
    why = reviewer_exclusion(review, actor)
    if why is not None:
        raise ApplicationError(f"{why}.", {"outcome": [why]})
    errors: dict[str, list[str]] = {}
    if outcome not in Review.Outcome.values:
        errors["outcome"] = ["Choose upheld, overturned or varied"]
    reasons = (reasons or "").strip()
    if not reasons:
        errors["reasons"] = ["Give the reasons for the decision, answering the applicant's "
                             "points"]
    codes = [c.strip() for c in (reason_codes or []) if c and c.strip()]
    correcting = outcome in (Review.Outcome.OVERTURNED, Review.Outcome.VARIED) \
        and review.award_id is not None
    if correcting and not codes:
        errors["reason_codes"] = ["Choose the reason codes for the corrected award"]
    if errors:
        raise ApplicationError("Check the review decision.", errors)

    from applications.services.banding import award_correct

    previous = review.award
    corrected = None
    if correcting:
        assert previous is not None
        corrected = award_correct(application=review.application, actor=actor,
                                  reason_codes=codes, restore_from=previous, reason=reasons,
                                  override_band=override_band or "")
    review.outcome = outcome
    review.outcome_reasons = reasons
    review.decided_at = timezone.now()
    review.corrected_award = corrected
    _transition(review, Review.Status.DECIDED, f"Decided: {review.get_outcome_display()}",
                ["outcome", "outcome_reasons", "decided_at", "corrected_award"])
    application = review.application
    context: dict[str, Any] = {
        "reference": application.reference, "review_reference": review.reference,
        "received_at": _iso(review.received_at), "decision_summary": review.decision_summary,
        "grounds": review.grounds, "outcome": outcome, "outcome_label":
        review.get_outcome_display(), "reasons": reasons.splitlines(),
        "changed": corrected is not None,
        "officer_to_act": outcome != Review.Outcome.UPHELD and corrected is None,
    }
    if corrected is not None:
        context.update({
            "band_name": corrected.band_name,
            "effective_date": _iso(corrected.effective_date),
            "date_reason": corrected.date_reason,
            "new_reasons": list(corrected.reasons),
            "bedroom_need": corrected.bedroom_need,
            "property_reasons": list(corrected.property_reasons),
            "old_band_name": previous.band_name if previous else "",
            "old_effective_date": _iso(previous.effective_date if previous else None),
        })
    letter = letter_create(template_code="review-decision", subject=application, actor=actor,
                           context=context, **_letter_recipient(application))
    review.decision_letter = letter
    review._change_reason = "Decision letter sent"  # type: ignore[attr-defined]
    review.save(update_fields=["decision_letter", "updated_at"])
    return review


@transaction.atomic
def review_withdraw(*, review: Review, actor: Any, reason: str = "") -> Review:
    """The applicant (or an officer for them) withdraws a review that is still open. A late
    request waiting for a manager is taken out of the approvals queue too."""
    review = _lock(review)
    application = review.application
    owner = _is_owner(actor, application)
    if not (owner or can_work_case(actor, application)):
        raise ApplicationError("You cannot withdraw this review.")
    if not review.is_open:
        raise IllegalTransition("Only an open review can be withdrawn.",
                                {"status": [f"This review is already "
                                            f"“{review.get_status_display().lower()}”"]})
    approval = review.late_approval
    if approval is not None and approval.status == ApprovalRequest.Status.PENDING:
        from housing.approvals.policies import can_decide_approvals

        # The approvals service lets the person who asked (or a manager) withdraw a request;
        # when the applicant withdraws, the request is withdrawn in that officer's name, with
        # the reason saying who really did it.
        withdrawer = actor if (actor.pk == approval.requested_by_id
                               or can_decide_approvals(actor)) else approval.requested_by
        approval_withdraw(approval=approval, actor=withdrawer,
                          reason="The review request was withdrawn"
                                 + (" by the applicant" if owner else f" by {_person(actor)}"))
        review.refresh_from_db()
    who = "the applicant" if owner else _person(actor)
    _transition(review, Review.Status.WITHDRAWN,
                f"Withdrawn by {who}" + (f": {reason.strip()}" if reason.strip() else ""))
    return review


# --- Reads -------------------------------------------------------------------------------------

def review_list(*, user: Any, status: str = "", mine: bool = False, overdue: bool = False,
                application: Application | None = None) -> QuerySet[Review]:
    """The reviews this user may see, filtered (``status`` may be ``"open"``); the earliest
    target date first, so the queue is worked in order."""
    qs = reviews_visible_to(user).select_related("application", "reviewer", "award")
    if status == "open":
        qs = qs.filter(status__in=Review.OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(reviewer=user)
    if overdue:
        qs = qs.filter(pk__in=reviews_overdue(user=user).values("pk"))
    if application is not None:
        qs = qs.filter(application=application)
    return qs.order_by("target_date", "received_at", "pk")


def reviews_overdue(*, user: Any, on: dt.date | None = None) -> QuerySet[Review]:
    """Open reviews past their target decision date (DOMAIN §4.15: default 56 days)."""
    on = on or timezone.localdate()
    return reviews_visible_to(user).filter(status__in=Review.OPEN_STATUSES,
                                           target_date__lt=on)


def is_overdue(review: Review, on: dt.date | None = None) -> bool:
    on = on or timezone.localdate()
    return bool(review.is_open and review.target_date and review.target_date < on)


def review_detail(*, user: Any, reference: str) -> Review | None:
    """One review this user may see (None otherwise: the pages and API answer 404)."""
    return (reviews_visible_to(user)
            .select_related("application", "award", "award__proposed_by",
                            "award__approved_by", "award__decision_letter", "decision",
                            "decision__decided_by", "medical_assessment", "reviewer",
                            "requested_by", "allocated_by", "corrected_award", "late_approval",
                            "decision_letter")
            .filter(reference=reference).first())
