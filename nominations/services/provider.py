"""The registered provider's side of nominations (DOMAIN.md §3.14, §4.13, §5.4 steps 1 and 5).

A provider's user notifies a vacancy (for one of its homes, or a new home), which opens the
nomination request and starts the council's clock; decides each nominee within its own SLA
(accept, or reject with a reason its agreement permits and written reasons); answers a council
challenge of a rejection; and records what happened next: the viewing, its offer (a lettings
``Offer`` of type "nomination"), the applicant's acceptance, and the tenancy start, which
completes the let through ``lettings.services.lets.let_record`` (the void is let, the applicant
housed, the published result's route is "nomination").

Who may act: a provider user only for its own organisation's requests and nominations
(``nominations.policies``). Lettings staff may accept, reject, answer a challenge and record
outcomes on the provider's behalf (for example when the provider emailed its answer); the
history then says a council officer recorded it. Everything else is refused.

Every service here is atomic and locks the nomination row before reading its status, so two
people deciding the same nomination at once cannot both succeed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.models import Application
from applications.services.status import application_transition
from housing.core.exceptions import ApplicationError, ConflictError
from housing.scheme.selectors import scheme_in_force
from lettings import policies as lettings_policies
from lettings.models import LIVE_OFFER_STATUSES, Advert, Offer, Property, Void
from lettings.services import lets as lettings_lets
from lettings.services import offers as lettings_offers
from lettings.services import stock
from lettings.services.adverts import advert_transition
from nominations import policies, selectors
from nominations.models import Nomination, NominationRequest
from nominations.rules import sla
from nominations.rules.rejections import reason_label
from nominations.services import council
from nominations.services._common import holidays, nomination_move, request_move, slas_for

_LABELS = dict(Nomination.Status.choices)
# Statuses the provider decides from (SENT, or opened and being reviewed).
UNDECIDED = (Nomination.Status.SENT, Nomination.Status.RP_REVIEWING)
# How far ahead a viewing may be recorded (a viewing is arranged within days, not months).
VIEWING_MAX_DAYS_AHEAD = 60
DECISIONS = ("accept", "reject")
FIRST_LET_REASONS = (Void.ReasonVacant.NEW_BUILD, Void.ReasonVacant.CONVERSION)


def nomination_label(nomination: Nomination) -> str:
    """How a nomination is named in messages: its vacancy's reference and the nominee's
    application reference (unique together)."""
    return f"{nomination.request.reference} ({nomination.application.reference})"


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


# --- Who may act ------------------------------------------------------------------------------

def _acting_for(actor: Any, provider_id: int, *, staff_may: bool) -> str:
    """Check ``actor`` may act for the provider; return the words the history records: "" for
    the provider's own user, or a note that a council officer recorded it on their behalf."""
    if policies.provider_org(actor) == provider_id:
        return ""
    if staff_may and policies.is_nominations_staff(actor):
        return " (recorded by a council officer for the provider)"
    raise ApplicationError("Only the registered provider this was sent to can do this.")


def _locked(nomination: Nomination) -> Nomination:
    return (Nomination.objects.select_for_update(of=("self",))
            .select_related("request", "request__agreement", "application")
            .get(pk=nomination.pk))


def _refuse_unless(nomination: Nomination, statuses: Iterable[str], doing: str) -> None:
    if nomination.status not in tuple(statuses):
        raise ConflictError(
            f"You cannot {doing}: this nomination is “{_LABELS[nomination.status]}”.",
            {"nomination": [f"The nomination is “{_LABELS[nomination.status]}”."]})


# --- Notifying a vacancy ------------------------------------------------------------------------

@transaction.atomic
def void_notify(*, actor: Any, property: Property | None = None,
                property_data: Mapping[str, Any] | None = None, void_data: Mapping[str, Any],
                is_first_let: bool = False, special_criteria: str = "",
                advertise: bool = False, now: dt.datetime | None = None) -> NominationRequest:
    """A provider's user notifies a vacancy (§5.4 step 1, §4.13 "RP notifies the vacancy as
    soon as it knows"): for one of its homes (``property``), or a home not yet on the stock
    list (``property_data``, added through ``stock.property_create``). The void is recorded
    (``stock.void_create``) and the nomination request opened under the provider's agreement
    with the vacancy received now, which starts the council's SLA to nominate (3 working days
    for a re-let, 10 for a first let). The route is "nomination only" (the council matches from
    the register) unless the provider asks the council to advertise the home. A first let is
    what the provider says, or a void for a new build or conversion. All or nothing: bad input
    is a 400 with field errors and nothing is created."""
    now = now or timezone.now()
    org = policies.provider_org(actor)
    if org is None:
        raise ApplicationError("Only a registered provider's users can notify a vacancy.")
    if (property is None) == (property_data is None):
        raise ApplicationError("Say which home is empty.",
                               {"property": ["Choose one of your homes, or give a new home's "
                                             "details"]})
    if len(special_criteria) > 2000:
        raise ApplicationError("Check the special criteria.", {"special_criteria": [
            "The special criteria must be 2,000 characters or fewer"]})
    if property is not None:
        prop = (lettings_policies.properties_visible_to(actor).filter(pk=property.pk).first())
        if prop is None:
            raise ApplicationError("Say which home is empty.",
                                   {"property": ["Choose one of your homes"]})
    else:
        prop = stock.property_create(actor=actor, data=dict(property_data or {}))
    void = stock.void_create(prop=prop, actor=actor, data=dict(void_data))
    first_let = bool(is_first_let or prop.is_first_let or void.reason_vacant in FIRST_LET_REASONS)
    route = (NominationRequest.Route.ADVERTISED if advertise
             else NominationRequest.Route.NOMINATION_ONLY)
    return council.nomination_request_open(void=void, actor=actor, route=route,
                                           is_first_let=first_let, received_at=now,
                                           special_criteria=special_criteria.strip())


# --- Deciding -----------------------------------------------------------------------------------

@transaction.atomic
def nomination_review_start(*, nomination: Nomination, actor: Any) -> Nomination:
    """The provider has opened the nomination: "sent" becomes "provider reviewing". Only the
    provider's own user starts the review (an officer looking at it does not); opening it again
    changes nothing."""
    locked = _locked(nomination)
    _acting_for(actor, locked.request.provider_id, staff_may=False)
    if locked.status != Nomination.Status.SENT:
        return locked
    nomination_move(locked, Nomination.Status.RP_REVIEWING, "Opened by the provider")
    locked.save(update_fields=["status", "updated_at"])
    return locked


def _decided(locked: Nomination, actor: Any, now: dt.datetime) -> None:
    locked.decided_at = now
    locked.decided_by = actor
    locked.decided_within_sla = timezone.localdate(now) <= locked.decide_by


@transaction.atomic
def nomination_accept(*, nomination: Nomination, actor: Any,
                      now: dt.datetime | None = None) -> Nomination:
    """The provider accepts the nominee (§5.4 step 5): it will go on to offer them the home.
    Records when and by whom, and whether it was within the provider's SLA (on or before the
    decide-by date, in working days from sending)."""
    now = now or timezone.now()
    locked = _locked(nomination)
    on_behalf = _acting_for(actor, locked.request.provider_id, staff_may=True)
    _refuse_unless(locked, UNDECIDED, "accept this nominee")
    nomination_move(locked, Nomination.Status.ACCEPTED, f"Accepted by the provider{on_behalf}")
    _decided(locked, actor, now)
    locked.save(update_fields=["status", "decided_at", "decided_by", "decided_within_sla",
                               "updated_at"])
    return locked


def _check_reason(agreement_reasons: Any, reason_code: str, reason_text: str) -> None:
    errors: dict[str, list[str]] = {}
    codes = {str(r.get("code")) for r in (agreement_reasons or []) if isinstance(r, Mapping)}
    if not reason_code or reason_code not in codes:
        errors["reason_code"] = ["Choose a reason your nomination agreement allows"]
    if not reason_text.strip():
        errors["reason_text"] = ["Explain why the nominee is rejected: the applicant is told"]
    elif len(reason_text) > 4000:
        errors["reason_text"] = ["The reason must be 4,000 characters or fewer"]
    if errors:
        raise ApplicationError("Give a permitted reason for rejecting the nominee, in writing.",
                               errors)


@transaction.atomic
def nomination_reject(*, nomination: Nomination, actor: Any, reason_code: str,
                      reason_text: str, now: dt.datetime | None = None) -> Nomination:
    """The provider rejects the nominee (§4.13: only for a reason its agreement permits, and
    with written reasons, which the applicant is told). The council then accepts the rejection
    or challenges it (§5.4 step 5)."""
    now = now or timezone.now()
    locked = _locked(nomination)
    on_behalf = _acting_for(actor, locked.request.provider_id, staff_may=True)
    _check_reason(locked.request.agreement.rejection_reasons, reason_code, reason_text)
    _refuse_unless(locked, UNDECIDED, "reject this nominee")
    label = reason_label(locked.request.agreement.rejection_reasons, reason_code)
    nomination_move(locked, Nomination.Status.RP_REJECTED,
                    f"Rejected by the provider: {label}{on_behalf}")
    _decided(locked, actor, now)
    locked.rejection_reason_code = reason_code
    locked.rejection_reason_text = reason_text.strip()
    locked.save(update_fields=["status", "decided_at", "decided_by", "decided_within_sla",
                               "rejection_reason_code", "rejection_reason_text", "updated_at"])
    return locked


@transaction.atomic
def challenge_decide(*, nomination: Nomination, actor: Any, uphold: bool, note: str,
                     now: dt.datetime | None = None) -> Nomination:
    """The provider answers the council's challenge of its rejection (§4.13 dispute clause):
    it upholds the rejection (with its reasons: then the council's follow-up runs, telling the
    applicant and renominating), or withdraws it and accepts the nominee."""
    now = now or timezone.now()
    locked = _locked(nomination)
    on_behalf = _acting_for(actor, locked.request.provider_id, staff_may=True)
    note = note.strip()
    if uphold and not note:
        raise ApplicationError("Say why the rejection stands.",
                               {"note": ["Explain why you still reject the nominee"]})
    if len(note) > 4000:
        raise ApplicationError("Check the note.",
                               {"note": ["The note must be 4,000 characters or fewer"]})
    _refuse_unless(locked, (Nomination.Status.CHALLENGED,), "answer a challenge")
    said = f": {note}" if note else ""
    if uphold:
        nomination_move(locked, Nomination.Status.REJECTION_UPHELD,
                        f"Rejection upheld by the provider after the challenge{said}{on_behalf}")
    else:
        nomination_move(locked, Nomination.Status.ACCEPTED,
                        f"Challenge accepted: the provider accepts the nominee{said}{on_behalf}")
    locked.save(update_fields=["status", "updated_at"])
    if uphold:
        council.rejection_upheld_effects(locked, actor)
    return locked


@transaction.atomic
def bulk_decide(*, nominations: Iterable[Nomination], actor: Any, decision: str,
                reason_code: str = "", reason_text: str = "",
                now: dt.datetime | None = None) -> list[Nomination]:
    """Accept, or reject with one reason, several nominations at once. Each is decided exactly
    as on its own; if any one cannot be, none is (the errors name each nomination that could
    not be decided)."""
    now = now or timezone.now()
    if decision not in DECISIONS:
        raise ApplicationError("Choose whether to accept or reject the nominees.",
                               {"decision": ["Choose accept or reject"]})
    pks = sorted({n.pk for n in nominations})
    if not pks:
        raise ApplicationError("Choose the nominations to decide.",
                               {"nominations": ["Choose at least one nomination"]})
    # Lock in one order, so two bulk decisions over the same rows cannot deadlock.
    rows = list(Nomination.objects.select_for_update(of=("self",))
                .select_related("request", "application").filter(pk__in=pks).order_by("pk"))
    problems: list[str] = []
    field_errors: dict[str, list[str]] = {}
    done: list[Nomination] = []
    for row in rows:
        try:
            with transaction.atomic():
                if decision == "accept":
                    done.append(nomination_accept(nomination=row, actor=actor, now=now))
                else:
                    done.append(nomination_reject(nomination=row, actor=actor, now=now,
                                                  reason_code=reason_code,
                                                  reason_text=reason_text))
        except ApplicationError as exc:
            shared = {k: v for k, v in exc.errors.items() if k in ("reason_code", "reason_text")}
            if shared:
                field_errors.update(shared)
            else:
                problems.append(f"{nomination_label(row)}: {exc.message}")
    if len(rows) != len(pks):
        problems.append("One or more of the chosen nominations could not be found.")
    if problems or field_errors:
        errors = dict(field_errors)
        if problems:
            errors["nominations"] = problems
        raise ApplicationError("None of the nominations was decided. Put right the problems "
                               "below and try again.", errors)
    return done


# --- Outcomes -----------------------------------------------------------------------------------

@transaction.atomic
def nomination_record_viewing(*, nomination: Nomination, actor: Any, viewing_at: dt.datetime,
                              now: dt.datetime | None = None) -> Nomination:
    """The provider records the nominee's viewing (arranged, or already held)."""
    now = now or timezone.now()
    locked = _locked(nomination)
    on_behalf = _acting_for(actor, locked.request.provider_id, staff_may=True)
    if viewing_at < locked.sent_at - dt.timedelta(days=1):
        raise ApplicationError("Check the viewing date.", {"viewing_at": [
            "The viewing cannot be before the nomination was sent "
            f"({_long(timezone.localdate(locked.sent_at))})"]})
    if viewing_at > now + dt.timedelta(days=VIEWING_MAX_DAYS_AHEAD):
        raise ApplicationError("Check the viewing date.", {"viewing_at": [
            f"The viewing must be within {VIEWING_MAX_DAYS_AHEAD} days"]})
    _refuse_unless(locked, (Nomination.Status.ACCEPTED, Nomination.Status.OFFERED),
                   "record a viewing before accepting the nominee")
    locked.viewing_at = viewing_at
    locked._change_reason = f"Viewing recorded{on_behalf}"  # type: ignore[attr-defined]
    locked.save(update_fields=["viewing_at", "updated_at"])
    return locked


def _offered_at(offered_on: dt.date, now: dt.datetime) -> dt.datetime:
    if offered_on >= timezone.localdate(now):
        return now
    return timezone.make_aware(dt.datetime.combine(offered_on, dt.time(12, 0)))


@transaction.atomic
def nomination_record_offer(*, nomination: Nomination, actor: Any, offered_on: dt.date,
                            now: dt.datetime | None = None) -> Offer:
    """The provider has offered the home to the accepted nominee (§5.4 step 5): a lettings
    offer of type "nomination" is made (one live offer per home and per applicant, as for any
    offer), the applicant is under offer and the void offered. The applicant has the scheme's
    days to answer, from when the offer is recorded. The provider sends its own offer letter."""
    now = now or timezone.now()
    locked = _locked(nomination)
    on_behalf = _acting_for(actor, locked.request.provider_id, staff_may=True)
    request = (NominationRequest.objects.select_for_update(of=("self",))
               .select_related("property", "void", "advert").get(pk=locked.request_id))
    decided = timezone.localdate(locked.decided_at or locked.sent_at)
    if offered_on > timezone.localdate(now):
        raise ApplicationError("Check the offer date.",
                               {"offered_on": ["The offer date cannot be in the future"]})
    if offered_on < decided:
        raise ApplicationError("Check the offer date.", {"offered_on": [
            f"The offer cannot be before the nominee was accepted ({_long(decided)})"]})
    _refuse_unless(locked, (Nomination.Status.ACCEPTED,), "record an offer now")
    application = Application.objects.select_for_update().get(pk=locked.application_id)
    if application.status != Application.Status.ACTIVE:
        raise ConflictError(
            "The nominee cannot be offered a home now. Contact the council.",
            {"nomination": [f"The nominee's application is "
                            f"“{application.get_status_display()}”."]})
    if Offer.objects.filter(property=request.property_id, status__in=LIVE_OFFER_STATUSES).exists():
        raise ConflictError("This home is already under offer to someone else.",
                            {"nomination": ["The home is already under offer."]})
    if Offer.objects.filter(application=application, status__in=LIVE_OFFER_STATUSES).exists():
        raise ConflictError("The nominee already has a live offer of another home.",
                            {"nomination": ["The nominee is already under offer."]})
    scheme = scheme_in_force(on=timezone.localdate(now))
    viewing = locked.viewing_at if locked.viewing_at and locked.viewing_at > now else None
    respond_by = (viewing + dt.timedelta(hours=scheme.decide_within_hours) if viewing
                  else now + dt.timedelta(days=scheme.view_within_days))
    offered_at = _offered_at(offered_on, now)
    # An advertised home's advert (linked when the council nominated from its shortlist, or
    # found for the void): the let then closes it too.
    advert = request.advert or (selectors.request_advert(request)
                                if request.route == NominationRequest.Route.ADVERTISED else None)
    offer = Offer(application=application, property=request.property, advert=advert,
                  shortlist_entry=None, offer_type=Offer.Type.NOMINATION, is_final_offer=False,
                  offered_at=offered_at, offered_by=actor, viewing_at=viewing,
                  respond_by=respond_by,
                  status=Offer.Status.VIEWING_ARRANGED if viewing else Offer.Status.ISSUED)
    offer._change_reason = (f"Nomination offer by the provider ({request.reference})"  # type: ignore[attr-defined]
                            f"{on_behalf}")
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError as exc:
        raise ConflictError("This home or this nominee is already under offer.",
                            {"nomination": ["Someone else made an offer at the same moment."]}
                            ) from exc
    if advert is not None:
        locked_advert = Advert.objects.select_for_update(of=("self",)).get(pk=advert.pk)
        if locked_advert.status == Advert.Status.SHORTLISTED:
            advert_transition(advert=locked_advert, to=Advert.Status.OFFER_IN_PROGRESS,
                              reason=f"Offered to a nominee ({request.reference})")
            locked_advert.save(update_fields=["status", "updated_at"])
    _void_offered(request.void, f"Offered to nominee {application.reference}")
    application_transition(application=application, to=Application.Status.UNDER_OFFER,
                           actor=actor, reason=f"Nomination offer of {request.property}")
    nomination_move(locked, Nomination.Status.OFFERED, f"Offered by the provider{on_behalf}")
    locked.offered_on = offered_on
    locked.offer = offer
    locked.save(update_fields=["status", "offered_on", "offer", "updated_at"])
    return offer


def _void_offered(void: Void, reason: str) -> None:
    """The void is offered. A home notified before it was ready (at notice, or in works) is
    ready to let once the provider offers it, so it is moved on through the stages first."""
    void = Void.objects.get(pk=void.pk)
    if void.status in (Void.Status.NOTICE, Void.Status.VACANT, Void.Status.IN_WORKS):
        void = stock.void_transition(void=void, to=Void.Status.READY_TO_LET, actor=None,
                                     reason="Ready to let: offered to a nominee")
    if void.status == Void.Status.READY_TO_LET:
        void = stock.void_transition(void=void, to=Void.Status.NOMINATION_REQUESTED, actor=None,
                                     reason="Held for the nominee")
    if void.can_move_to(Void.Status.OFFERED):
        stock.void_transition(void=void, to=Void.Status.OFFERED, actor=None, reason=reason)


def _live_offer(locked: Nomination) -> Offer:
    if locked.offer_id is None:
        raise ConflictError("Record the offer first.", {"nomination": ["No offer recorded."]})
    return Offer.objects.select_related("property").get(pk=locked.offer_id)


@transaction.atomic
def nomination_record_acceptance(*, nomination: Nomination, actor: Any,
                                 now: dt.datetime | None = None) -> Offer:
    """The nominee accepted the provider's offer: the lettings offer is accepted (the
    applicant's other bids are withdrawn, §4.8); they stay under offer until the tenancy
    starts."""
    locked = _locked(nomination)
    _acting_for(actor, locked.request.provider_id, staff_may=True)
    _refuse_unless(locked, (Nomination.Status.OFFERED,), "record an acceptance now")
    offer = _live_offer(locked)
    if offer.status == Offer.Status.ACCEPTED:
        raise ConflictError("The nominee's acceptance is already recorded.",
                            {"nomination": ["Already accepted."]})
    return lettings_offers.offer_accept(offer=offer, actor=actor, now=now)


@transaction.atomic
def nomination_record_let(*, nomination: Nomination, actor: Any, tenancy_start: dt.date,
                          now: dt.datetime | None = None) -> Nomination:
    """The tenancy has started (§5.4 step 5 "reports outcome"): the let is recorded through
    ``let_record`` (the offer is signed up, the void let from the tenancy start, the applicant
    housed, the published result's route "nomination"); then the nomination and its vacancy
    are let, and any other nominee still waiting for the same home is withdrawn."""
    now = now or timezone.now()
    locked = _locked(nomination)
    on_behalf = _acting_for(actor, locked.request.provider_id, staff_may=True)
    _refuse_unless(locked, (Nomination.Status.OFFERED,), "record the tenancy start now")
    offer = _live_offer(locked)
    if offer.status != Offer.Status.ACCEPTED:
        raise ConflictError("Record the nominee's acceptance of the offer first.",
                            {"nomination": [f"The offer is “{offer.get_status_display()}”."]})
    try:
        lettings_lets.let_record(offer=offer, actor=actor, let_on=tenancy_start, now=now)
    except ApplicationError as exc:
        if "let_on" in exc.errors:
            raise ApplicationError(exc.message,
                                   {"tenancy_start": exc.errors["let_on"]}) from exc
        raise
    why = f"Let: tenancy starts {_long(tenancy_start)}"
    nomination_move(locked, Nomination.Status.LET, f"{why}{on_behalf}")
    locked.tenancy_start_date = tenancy_start
    locked.save(update_fields=["status", "tenancy_start_date", "updated_at"])
    request = NominationRequest.objects.select_for_update(of=("self",)).get(pk=locked.request_id)
    request_move(request, NominationRequest.Status.LET, why)
    request.closed_at = now
    request.closed_reason = why[:300]
    request.save(update_fields=["status", "closed_at", "closed_reason", "updated_at"])
    others = (Nomination.objects.select_for_update(of=("self",))
              .filter(request=request, status__in=Nomination.LIVE_STATUSES).exclude(pk=locked.pk))
    for other in others:
        nomination_move(other, Nomination.Status.WITHDRAWN, "Withdrawn: the home was let to "
                                                            "another nominee")
        other.withdrawn_reason = "The home was let to another nominee."
        other.save(update_fields=["status", "withdrawn_reason", "updated_at"])
    return locked


@transaction.atomic
def nomination_withdraw(*, nomination: Nomination, actor: Any, reason: str,
                        now: dt.datetime | None = None) -> Nomination:
    """An accepted nominee will not be let the home after all (they refused the provider's
    offer, or withdrew, or a check failed): the nomination is withdrawn with the reason, any
    live offer is withdrawn by the landlord (never counted as a refusal, §4.9 rule 8), and the
    vacancy goes back to the council to nominate again within its renomination SLA (§4.13)."""
    now = now or timezone.now()
    locked = _locked(nomination)
    on_behalf = _acting_for(actor, locked.request.provider_id, staff_may=True)
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Say why the nomination is withdrawn.",
                               {"reason": ["Enter why the nominee will not be let the home"]})
    if len(reason) > 300:
        raise ApplicationError("Check the reason.",
                               {"reason": ["The reason must be 300 characters or fewer"]})
    _refuse_unless(locked, (Nomination.Status.ACCEPTED, Nomination.Status.OFFERED),
                   "withdraw this nomination (reject it instead)")
    request = (NominationRequest.objects.select_for_update(of=("self",))
               .select_related("agreement", "void").get(pk=locked.request_id))
    if locked.offer_id is not None:
        offer = Offer.objects.get(pk=locked.offer_id)
        if offer.status in LIVE_OFFER_STATUSES:
            lettings_offers.offer_withdraw(offer=offer, actor=actor,
                                           reason=f"Nomination withdrawn: {reason}")
    nomination_move(locked, Nomination.Status.WITHDRAWN, f"Withdrawn: {reason}{on_behalf}")
    locked.withdrawn_reason = reason
    locked.save(update_fields=["status", "withdrawn_reason", "updated_at"])
    void = Void.objects.get(pk=request.void_id)
    if void.status == Void.Status.OFFERED:
        # The home waits for the council's next nominee again (an advertised home's void went
        # back to "advertised" with its advert when the offer was withdrawn).
        void = stock.void_transition(void=void, to=Void.Status.READY_TO_LET, actor=None,
                                     reason="Nomination withdrawn")
        stock.void_transition(void=void, to=Void.Status.NOMINATION_REQUESTED, actor=None,
                              reason="Waiting for another nominee")
    still_live = Nomination.objects.filter(request=request,
                                           status__in=Nomination.LIVE_STATUSES).exists()
    if request.status == NominationRequest.Status.NOMINATED and not still_live:
        request_move(request, NominationRequest.Status.REQUESTED,
                     f"Nominee withdrawn: {reason}")
        request.nominate_by = sla.renominate_by(timezone.localtime(now),
                                                slas=slas_for(request.agreement),
                                                holidays=holidays())
        request.chased_at = {key: value for key, value in (request.chased_at or {}).items()
                             if key not in council.NOMINATE_KEYS}
        request.save(update_fields=["status", "nominate_by", "chased_at", "updated_at"])
    return locked
