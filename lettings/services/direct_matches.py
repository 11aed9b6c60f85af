"""Direct matches: a home let to a chosen applicant without bidding (DOMAIN.md §4.11, §5.5).

An officer proposes a home and an applicant under a category the scheme allows, with a
justification. The system checks the match as it would a bid at offer (eligibility and
qualification through the application's status, bedroom need, the advert-style criteria; see
``lettings.rules.direct_match``) and whether a higher-priority applicant needs a home of this
size (then the officer must say why not them). A manager who did not propose it approves it in
the approvals queue (maker–checker); then a single offer follows, with its own letter. A home
whose advert found no acceptable bidder can be converted into one.

The home is held while the match is open: its void moves to "direct match" (and "offered" with
the offer); a rejected, cancelled or ended match hands it back as ready to let. One open match
per home and per applicant: the home's row is locked while proposing, and two partial unique
indexes are the last line (two officers proposing the same home at once: one succeeds, the
other is told it already has one).

``_move`` here is the one place that changes a match's status.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.models import Application
from applications.policies import can_work_case
from applications.services.status import application_transition
from housing.approvals.models import ApprovalRequest
from housing.approvals.policies import can_decide_approvals
from housing.approvals.registry import register_handler
from housing.approvals.services import approval_request_create, approval_withdraw
from housing.core.exceptions import ApplicationError, ConflictError
from housing.scheme.selectors import scheme_in_force
from lettings import policies
from lettings.models import LIVE_OFFER_STATUSES, Advert, DirectMatch, Offer, Property, Void
from lettings.rules.direct_match import Category, MatchChecks
from lettings.selectors import (
    advert_has_no_acceptable_bidder,
    direct_match_categories,
    direct_match_checks_for,
)
from lettings.services._common import refuse_transition, validation_to_application_error
from lettings.services.adverts import advert_transition
from lettings.services.offer_letters import offer_letter_send
from lettings.services.shortlisting import debt_check
from lettings.services.stock import void_transition

_LABELS = dict(DirectMatch.Status.choices)
# Before the offer, a match can still be called off (and its home handed back).
CANCELLABLE = (DirectMatch.Status.PROPOSED, DirectMatch.Status.APPROVED)
# The scheme's category for a home whose advert found no acceptable bidder (§4.11).
NO_ACCEPTABLE_BIDS = "no_acceptable_bids"


def _require_staff(actor: Any) -> None:
    if not policies.is_lettings_staff(actor):
        raise ApplicationError("Only lettings officers can propose and offer direct matches.")


def _move(match: DirectMatch, to: str, reason: str) -> None:
    """The one place that changes a match's status (``DirectMatch.TRANSITIONS``); the caller
    holds the row lock and saves."""
    if not match.can_move_to(to):
        raise refuse_transition("direct match", _LABELS[match.status], _LABELS.get(to, to))
    match.status = to
    match._change_reason = reason  # type: ignore[attr-defined]


def _locked(match: DirectMatch) -> DirectMatch:
    return (DirectMatch.objects.select_for_update(of=("self",))
            .select_related("property", "property__landlord", "application", "void", "approval")
            .get(pk=match.pk))


def _give_reference(match: DirectMatch) -> None:
    """The reference comes from the id, known only once saved ("DM-000001"); written without a
    second history entry, and the first entry is corrected to show it."""
    match.reference = f"DM-{match.pk:06d}"
    DirectMatch.objects.filter(pk=match.pk).update(reference=match.reference)
    match.history.all().update(reference=match.reference)


def _hand_back(void: Void | None, reason: str) -> None:
    """The home is ready to let another way (advertised, or another match)."""
    if void is None:
        return
    void.refresh_from_db()
    if void.status in (Void.Status.DIRECT_MATCH, Void.Status.OFFERED):
        void_transition(void=void, to=Void.Status.READY_TO_LET, actor=None, reason=reason)


def _check_errors(checks: MatchChecks) -> ApplicationError:
    """Blocking checks as field errors: the priority check needs a reason from the officer;
    the rest are about the applicant and the home."""
    errors: dict[str, list[str]] = {}
    for check in checks.blocking:
        field = "not_highest_priority_reason" if check.code == "priority" else "application"
        errors.setdefault(field, []).append(check.message)
    if list(errors) == ["not_highest_priority_reason"]:
        return ApplicationError("Say why this applicant should have the home rather than a "
                                "higher-priority applicant.", errors)
    return ApplicationError("This applicant cannot be matched with this home.", errors)


def _category(code: str) -> Category | None:
    return next((c for c in direct_match_categories() if c.code == code), None)


def _home_for_advert(advert: Advert, prop: Property, actor: Any) -> tuple[Advert, Void | None]:
    """An advert with no acceptable bidder, locked, and the void behind it."""
    locked = (Advert.objects.select_for_update(of=("self",))
              .select_related("property", "local_lettings_plan", "void").get(pk=advert.pk))
    if locked.property_id != prop.pk:
        raise ApplicationError("That advert is for another home.",
                               {"advert": ["Choose the advert for this home"]})
    if not policies.adverts_visible_to(actor).filter(pk=locked.pk).exists():
        raise ApplicationError("There is no advert with that reference.",
                               {"advert": ["There is no advert with that reference"]})
    if not advert_has_no_acceptable_bidder(locked):
        raise ConflictError(
            "Only a home whose advert found no acceptable bidder can be converted to a direct "
            "match: bidding must have closed, with nobody left on the shortlist who could be "
            "offered it and no live offer.",
            {"advert": [f"Advert {locked.reference} is “{locked.get_status_display()}” and "
                        f"may still have an acceptable bidder."]})
    void = locked.void or Void.objects.filter(property=prop, status__in=Void.OPEN_STATUSES).first()
    return locked, void


def _ready_void(prop: Property) -> Void:
    void = (Void.objects.select_for_update(of=("self",))
            .filter(property=prop, status__in=Void.OPEN_STATUSES).first())
    if void is None or void.status != Void.Status.READY_TO_LET:
        state = f"Its void is “{void.get_status_display()}”." if void else "It has no open void."
        raise ConflictError("A direct match needs a home that is ready to let.",
                            {"property": [f"This home is not ready to let. {state}"]})
    busy = Advert.objects.filter(void=void, status__in=Advert.ACTIVE_STATUSES).first()
    if busy is not None:
        raise ConflictError(
            f"This home has an advert in progress ({busy.reference}). Withdraw it first, or "
            f"convert it once it has found no acceptable bidder.",
            {"property": [f"Advert {busy.reference} is “{busy.get_status_display()}”."]})
    return void


@transaction.atomic
def direct_match_propose(*, property: Property, application: Application, category: str,
                         justification: str, not_highest_priority_reason: str = "",
                         from_advert: Advert | None = None, actor: Any,
                         now: dt.datetime | None = None) -> DirectMatch:
    """Propose letting ``property`` to ``application`` directly (§5.5 steps 1–3) under a
    category from the scheme's list, with a justification; a manager decides in the approvals
    queue. The home needs a void that is ready to let, or (``from_advert``) an advert that found
    no acceptable bidder, which is converted. Refused: a category the scheme does not allow, no
    justification, any blocking check (400); a home or applicant with an open match, a home not
    free to match (409)."""
    _require_staff(actor)
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    chosen = _category(category)
    if chosen is None:
        errors["category"] = ["Choose a category the scheme allows"]
    elif chosen.code == NO_ACCEPTABLE_BIDS and from_advert is None:
        errors["category"] = ["This category is for converting an advert that found no "
                              "acceptable bidder"]
    if not justification.strip():
        errors["justification"] = ["Say why this home should go to this applicant"]
    if not can_work_case(actor, application):
        errors["application"] = ["There is no application with that reference you can work on"]
    if errors:
        raise ApplicationError("Check the direct match.", errors)
    assert chosen is not None
    # Locks: the home first (two proposals for one home queue here), then the advert (as an
    # offer does), then the applicant.
    prop = (Property.objects.select_for_update(of=("self",)).select_related("landlord")
            .get(pk=property.pk))
    if DirectMatch.objects.filter(property=prop, status__in=DirectMatch.OPEN_STATUSES).exists():
        raise ConflictError("This home already has a direct match in progress.",
                            {"property": ["A direct match for this home is already open"]})
    advert = None
    if from_advert is not None:
        advert, void = _home_for_advert(from_advert, prop, actor)
    else:
        void = _ready_void(prop)
    locked_app = Application.objects.select_for_update().get(pk=application.pk)
    if DirectMatch.objects.filter(application=locked_app,
                                  status__in=DirectMatch.OPEN_STATUSES).exists():
        raise ConflictError("This applicant already has a direct match in progress.",
                            {"application": ["A direct match for this applicant is already "
                                             "open"]})
    if Offer.objects.filter(property=prop, status__in=LIVE_OFFER_STATUSES).exists():
        raise ConflictError("This home is under offer.", {"property": ["Already offered"]})
    reason = not_highest_priority_reason.strip()
    checks = direct_match_checks_for(prop=prop, application=locked_app, category=chosen,
                                     priority_reason=reason, advert=advert, now=now)
    if not checks.passed:
        raise _check_errors(checks)

    match = DirectMatch(
        reference=f"NEW-{secrets.token_hex(6)}", property=prop, void=void,
        application=locked_app, category=chosen.code, justification=justification.strip(),
        not_highest_priority_reason=reason, from_advert=advert, checks=checks.as_list(),
        checked_at=now, proposed_by=actor, proposed_at=now)
    try:
        match.full_clean(exclude=["reference"], validate_constraints=False)
    except ValidationError as exc:
        raise validation_to_application_error(exc, "Check the direct match.") from exc
    match._change_reason = f"Proposed: {chosen.label}"  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            match.save()
    except IntegrityError as exc:
        raise ConflictError("This home or this applicant already has a direct match in "
                            "progress.", {"property": ["Someone proposed a match at the same "
                                                       "moment"]}) from exc
    _give_reference(match)
    why = f"Direct match {match.reference} proposed"
    if advert is not None:
        advert_transition(advert=advert, to=Advert.Status.CONVERTED_TO_DIRECT_LET,
                          reason=f"No acceptable bidder: converted to {match.reference}")
        advert.save(update_fields=["status", "updated_at"])
        if void is not None and void.status == Void.Status.ADVERTISED:
            void = void_transition(void=void, to=Void.Status.READY_TO_LET, actor=None,
                                   reason=f"Advert {advert.reference} converted to a direct "
                                          f"match")
    if void is not None:
        void_transition(void=void, to=Void.Status.DIRECT_MATCH, actor=None, reason=why)
    match.approval = approval_request_create(
        type=ApprovalRequest.Type.DIRECT_LET, subject=match, actor=actor,
        justification=match.justification, case_reference=locked_app.reference,
        restricted=locked_app.restricted_access,
        summary=f"Direct match {match.reference}: {prop.address_line_1}, {prop.postcode} for "
                f"{locked_app.reference} ({chosen.label})",
        details={
            "Direct match": match.reference,
            "Home": f"{prop.address} ({prop.bedrooms} bedroom{'s' if prop.bedrooms != 1 else ''}"
                    f", {prop.landlord.name})",
            "Category": chosen.label,
            "From advert": advert.reference if advert is not None else "",
            "What the checks found": "\n".join(c.message for c in checks.checks),
            "Why not a higher-priority applicant": reason,
        })
    DirectMatch.objects.filter(pk=match.pk).update(approval=match.approval)
    return match


def _on_direct_match_decided(*, approval: ApprovalRequest, actor: Any) -> None:
    """Approvals handler (in the decision's transaction): approved → the match may be offered;
    rejected → it ends and the home is ready to let again; a withdrawn request cancels it."""
    match = (DirectMatch.objects.select_for_update(of=("self",)).select_related("void")
             .filter(approval=approval).first())
    if match is None or match.status != DirectMatch.Status.PROPOSED:
        return
    fields = ["status", "updated_at"]
    if approval.status == ApprovalRequest.Status.APPROVED:
        _move(match, DirectMatch.Status.APPROVED, f"Approved: {approval.decision_reason}")
    elif approval.status == ApprovalRequest.Status.REJECTED:
        _move(match, DirectMatch.Status.REJECTED, f"Not approved: {approval.decision_reason}")
        match.ended_reason = f"Not approved: {approval.decision_reason}"[:300]
        fields.append("ended_reason")
    elif approval.status == ApprovalRequest.Status.WITHDRAWN:
        _move(match, DirectMatch.Status.CANCELLED, "Request for approval withdrawn")
        match.ended_reason = ("Request for approval withdrawn"
                              + (f": {approval.decision_reason}" if approval.decision_reason
                                 else ""))[:300]
        fields.append("ended_reason")
    else:
        return
    if approval.status != ApprovalRequest.Status.WITHDRAWN:
        match.decided_by = actor
        match.decided_at = approval.decided_at or timezone.now()
        fields += ["decided_by", "decided_at"]
    match.save(update_fields=fields)
    if match.status != DirectMatch.Status.APPROVED:
        _hand_back(match.void, f"Direct match {match.reference} "
                               f"{_LABELS[match.status].lower()}")


def register_approval_handlers() -> None:
    register_handler(ApprovalRequest.Type.DIRECT_LET, _on_direct_match_decided)


@transaction.atomic
def direct_match_cancel(*, match: DirectMatch, actor: Any, reason: str) -> DirectMatch:
    """Call off a match before the offer (for example the applicant's needs changed), with a
    reason; the home is ready to let again. While it waits for a manager, only the officer who
    proposed it or a manager may (as with withdrawing any approval request); the request is
    withdrawn with it."""
    _require_staff(actor)
    if not reason.strip():
        raise ApplicationError("Say why the direct match is cancelled.",
                               {"reason": ["Enter a reason"]})
    locked = _locked(match)
    if locked.status not in CANCELLABLE:
        raise ConflictError(f"A direct match that is “{_LABELS[locked.status]}” cannot be "
                            f"cancelled.", {"status": ["Only before the offer"]})
    pending = locked.approval if locked.approval is not None and locked.approval.is_pending \
        else None
    if pending is not None and pending.requested_by_id != actor.pk \
            and not can_decide_approvals(actor):
        raise ApplicationError("While it waits for a manager, only the officer who proposed "
                               "this match or a manager can cancel it.",
                               {"reason": ["Ask the officer who proposed it, or a manager"]})
    _move(locked, DirectMatch.Status.CANCELLED, f"Cancelled: {reason.strip()}")
    locked.ended_reason = reason.strip()[:300]
    locked.save(update_fields=["status", "ended_reason", "updated_at"])
    if pending is not None:
        approval_withdraw(approval=pending, actor=actor, reason="The direct match was cancelled")
    _hand_back(locked.void, f"Direct match {locked.reference} cancelled")
    return locked


@transaction.atomic
def direct_match_offer(*, match: DirectMatch, actor: Any, viewing_at: dt.datetime | None = None,
                       now: dt.datetime | None = None) -> Offer:
    """Make the single offer of an approved match (§5.5 step 4). The checks are run again
    (the applicant must still be active and fit the home) and housing debt is checked as for
    any offer (§4.10); then the applicant is under offer and is sent the offer letter (L12)
    saying it is a direct offer and what refusing a reasonable one means. The respond-by
    deadline comes from the scheme, as for other offers."""
    _require_staff(actor)
    now = now or timezone.now()
    locked = _locked(match)
    if locked.status != DirectMatch.Status.APPROVED:
        raise ConflictError("Only an approved direct match can be offered.",
                            {"match": [f"This match is “{_LABELS[locked.status]}”."]})
    application = Application.objects.select_for_update().get(pk=locked.application_id)
    if Offer.objects.filter(property=locked.property_id, status__in=LIVE_OFFER_STATUSES).exists():
        raise ConflictError("This home has already been offered to someone else.",
                            {"match": ["The home is already under offer."]})
    if Offer.objects.filter(application=application, status__in=LIVE_OFFER_STATUSES).exists():
        raise ConflictError("This applicant already has a live offer. One offer at a time.",
                            {"match": ["The applicant is already under offer."]})
    chosen = _category(locked.category) or Category(locked.category, locked.category)
    checks = direct_match_checks_for(prop=locked.property, application=application,
                                     category=chosen,
                                     priority_reason=locked.not_highest_priority_reason,
                                     advert=None, now=now, at_offer=True)
    if not checks.passed:
        raise ApplicationError("This applicant no longer fits this home. Cancel the match.",
                               {"match": [c.message for c in checks.blocking]})
    debt = debt_check(application, on=timezone.localdate(now))
    if debt.blocks:
        raise ConflictError(
            "Housing debt stands in the way of this offer. Ask a manager for a debt override, "
            "or cancel the match.",
            {"match": list(debt.reasons) or ["Housing debt over the threshold."]})
    if viewing_at is not None and viewing_at < now - dt.timedelta(days=1):
        raise ApplicationError("Check the viewing date.",
                               {"viewing_at": ["The viewing cannot be in the past"]})
    scheme = scheme_in_force(on=timezone.localdate(now))
    respond_by = (viewing_at + dt.timedelta(hours=scheme.decide_within_hours) if viewing_at
                  else now + dt.timedelta(days=scheme.view_within_days))
    offer = Offer(application=application, property=locked.property, advert=None,
                  shortlist_entry=None, offer_type=Offer.Type.DIRECT_LET, is_final_offer=False,
                  offered_at=now, offered_by=actor, viewing_at=viewing_at, respond_by=respond_by,
                  status=Offer.Status.VIEWING_ARRANGED if viewing_at else Offer.Status.ISSUED)
    offer._change_reason = f"Direct offer ({locked.reference})"  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError as exc:
        raise ConflictError("This home or this applicant is already under offer.",
                            {"match": ["Someone else made an offer at the same moment."]}) from exc
    if locked.void is not None and locked.void.status == Void.Status.DIRECT_MATCH:
        void_transition(void=locked.void, to=Void.Status.OFFERED, actor=None,
                        reason=f"Direct offer to {application.reference}")
    application_transition(application=application, to=Application.Status.UNDER_OFFER,
                           actor=actor, reason=f"Direct offer of {locked.property}")
    _move(locked, DirectMatch.Status.OFFERED, "Offered")
    locked.offer = offer
    locked.checks = checks.as_list()
    locked.checked_at = now
    locked.save(update_fields=["status", "offer", "checks", "checked_at", "updated_at"])
    offer_letter_send(offer, "offer", actor, is_direct_offer=True)
    return offer


def direct_match_release(*, offer: Offer, reason: str) -> DirectMatch | None:
    """When a direct offer is refused, lapses or is withdrawn, its match ends (with the reason)
    and the home is ready to let again. Called by the offers service inside its transaction; a
    no-op for offers that are not direct offers."""
    match = (DirectMatch.objects.select_for_update(of=("self",)).select_related("void")
             .filter(offer=offer).first())
    if match is None or match.status != DirectMatch.Status.OFFERED:
        return None
    _move(match, DirectMatch.Status.ENDED, f"Ended: {reason}")
    match.ended_reason = reason[:300]
    match.save(update_fields=["status", "ended_reason", "updated_at"])
    _hand_back(match.void, f"Direct match {match.reference} ended: {reason}")
    return match
