"""The council's side of nominations to registered providers (DOMAIN.md §3.14, §4.13, §5.4
steps 1–7).

- A vacancy (``NominationRequest``) is opened when a provider notifies one of its homes under an
  agreement in force, by the provider in the partner portal or by an officer. The SLA clock
  starts: nominate within 3 working days for a re-let, 10 for a first let (the agreement's own
  figures where it sets them), counted from the next working day when the notice arrives after
  17:00 (``nominations.rules.sla``).
- The council nominates: for an advertised home, the top verified bidders on the advert's
  shortlist in offer order (one, or a ranked few where the agreement allows); for a
  nomination-only vacancy, a match from the register in priority order that passes the same
  standing rules as a bid at offer. Passing over someone higher on the register needs a reason.
  Each nominee is sent L14.
- The provider decides (the partner portal, ``nominations.services.provider``). A rejection
  comes back to the council, which accepts it or challenges it; once a rejection stands
  (``rejection_upheld_effects``), the applicant is sent L15 with the provider's reason and what
  they can do, a shortlisted bidder is bypassed with ``RP_REJECTED``, and the council has 3
  working days to nominate again.
- With no suitable nominee, or when the SLA lapses (the chaser), the vacancy goes back to the
  provider.

Status changes go through ``nomination_move`` and ``request_move`` (the transitions tables).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.models import Application
from housing.accounts.models import Organisation
from housing.core.exceptions import ApplicationError, ConflictError
from housing.letters.services import letter_create
from housing.scheme.selectors import scheme_in_force
from lettings.models import LIVE_OFFER_STATUSES, Advert, Offer, ShortlistEntry, Void
from lettings.policies import voids_visible_to
from lettings.rules.direct_match import Category, direct_match_checks
from lettings.selectors import (
    bid_policy,
    bidder_applications,
    bidder_facts,
    home_facts,
    offer_order,
)
from lettings.services.bidding import bid_check_at_offer
from lettings.services.stock import void_transition
from nominations import policies, selectors
from nominations.models import Nomination, NominationAgreement, NominationRequest
from nominations.rules import sla
from nominations.rules.rejections import reason_label, what_you_can_do
from nominations.services._common import (
    agreement_in_force,
    holidays,
    nomination_move,
    request_move,
    slas_for,
)

# A register match is checked with the direct-match checks (the standing bid rules at offer, in
# the officer's words), under a category that keeps the bedroom-size rule.
_NOMINATION = Category(code="nomination", label="Nomination to a housing association")
# The chaser's reminder keys about the nominate-by date carry that date
# ("nominate:2026-06-03:due_soon", ``services.chasing``), so a new date gets its own reminders
# without clearing anything. Kept (empty) for callers that filter ``chased_at`` by it.
NOMINATE_KEYS: tuple[str, ...] = ()
_WORKABLE = ShortlistEntry.WORKABLE_STATUSES


def _require_staff(actor: Any) -> None:
    if not policies.is_nominations_staff(actor):
        raise ApplicationError("Only the council's lettings officers can do this.")


def _who(actor: Any) -> str:
    if actor is None:
        return "the system"
    return actor.get_full_name() or actor.get_username()


def _locked_request(request: NominationRequest) -> NominationRequest:
    return (NominationRequest.objects.select_for_update(of=("self",))
            .select_related("agreement", "provider", "property", "property__landlord", "void",
                            "advert")
            .get(pk=request.pk))


def _locked_nomination(nomination: Nomination) -> Nomination:
    return (Nomination.objects.select_for_update(of=("self",))
            .select_related("request", "request__agreement", "request__provider",
                            "request__property", "application", "application__applicant_user",
                            "shortlist_entry")
            .get(pk=nomination.pk))


def _give_reference(request: NominationRequest) -> None:
    """"NR-000001" from the id, known once saved; the first history entry is corrected too."""
    request.reference = f"NR-{request.pk:06d}"
    NominationRequest.objects.filter(pk=request.pk).update(reference=request.reference)
    request.history.all().update(reference=request.reference)


def _void_to(void: Void, to: str, reason: str) -> None:
    """Move the void if its transitions allow it (an advertised home stays advertised)."""
    void.refresh_from_db()
    if void.status != to and void.can_move_to(to):
        void_transition(void=void, to=to, actor=None, reason=reason)


# --- 1. Opening a vacancy -----------------------------------------------------------------------

@transaction.atomic
def nomination_request_open(*, void: Void, actor: Any, route: str, is_first_let: bool = False,
                            received_at: dt.datetime | None = None,
                            special_criteria: str = "") -> NominationRequest:
    """Open a vacancy for nomination (§5.4 step 1) for a void of a registered provider's home
    with an agreement in force: by a lettings officer, or by the provider's own user for their
    organisation's home. The nominate-by date is worked out from when the provider notified it
    (``received_at``, default now), first let or re-let, the agreement's SLAs and the bank
    holidays. Refused: a route not listed, a home not the provider's (400); no agreement in
    force, a vacancy already open for the void, a void already let or ended (409)."""
    staff = policies.is_nominations_staff(actor)
    org = policies.provider_org(actor)
    if not staff and org is None:
        raise ApplicationError("Only lettings officers and the home's housing association can "
                               "ask for a nomination.")
    if route not in NominationRequest.Route.values:
        raise ApplicationError("Check the vacancy.", {"route": ["Choose how the council will "
                                                                "find a nominee"]})
    locked = (Void.objects.select_for_update(of=("self",))
              .select_related("property", "property__landlord").get(pk=void.pk))
    prop = locked.property
    if not staff and not voids_visible_to(actor).filter(pk=locked.pk).exists():
        raise ApplicationError("There is no such void among your homes.",
                               {"void": ["Choose one of your organisation's homes"]})
    if prop.landlord.kind != Organisation.Kind.REGISTERED_PROVIDER:
        raise ConflictError("Only a housing association's home can be nominated to.",
                            {"void": [f"{prop.landlord.name} is not a registered provider."]})
    if locked.status not in Void.OPEN_STATUSES:
        raise ConflictError("This void has ended.",
                            {"void": [f"The void is “{locked.get_status_display()}”."]})
    agreement = agreement_in_force(prop.landlord_id)
    if agreement is None:
        raise ConflictError(f"{prop.landlord.name} has no nomination agreement in force.",
                            {"void": ["There is no nomination agreement in force for this "
                                      "home's landlord."]})
    if NominationRequest.objects.filter(void=locked,
                                        status__in=NominationRequest.OPEN_STATUSES).exists():
        raise ConflictError("A nomination is already open for this vacancy.",
                            {"void": ["This void already has an open nomination request."]})
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + dt.timedelta(minutes=5):
        raise ApplicationError("Check when the vacancy was notified.",
                               {"received_at": ["The notification cannot be in the future"]})
    due = sla.nominate_by(timezone.localtime(received_at), first_let=is_first_let,
                          slas=slas_for(agreement), holidays=holidays())
    request = NominationRequest(
        reference=f"NEW-{secrets.token_hex(6)}", agreement=agreement, provider=prop.landlord,
        property=prop, void=locked, route=route, is_first_let=is_first_let,
        received_at=received_at, notified_by=actor if getattr(actor, "pk", None) else None,
        nominate_by=due, special_criteria=special_criteria.strip())
    request._change_reason = (  # type: ignore[attr-defined]
        f"Vacancy notified by {_who(actor)}" if not staff else f"Vacancy opened by {_who(actor)}")
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as exc:
        raise ConflictError("A nomination is already open for this vacancy.",
                            {"void": ["Someone opened one at the same moment."]}) from exc
    _give_reference(request)
    if route == NominationRequest.Route.NOMINATION_ONLY \
            and locked.status == Void.Status.READY_TO_LET:
        # Held for the nomination, so it is not advertised or matched another way meanwhile.
        _void_to(locked, Void.Status.NOMINATION_REQUESTED,
                 f"Nomination requested ({request.reference})")
    return request


# --- 2. Nominating ------------------------------------------------------------------------------

def _open_for_nominating(request: NominationRequest, wanted: int) -> None:
    if request.status not in NominationRequest.OPEN_STATUSES:
        raise ConflictError("This vacancy is closed.",
                            {"request": [f"It is “{request.get_status_display()}”."]})
    live = selectors.live_nominations(request).count()
    allowed = request.agreement.nominees_per_vacancy - live
    if wanted > allowed:
        noun = "nominee" if request.agreement.nominees_per_vacancy == 1 else "nominees"
        raise ConflictError(
            f"The agreement allows {request.agreement.nominees_per_vacancy} {noun} at a time "
            f"for a vacancy.",
            {"entries": [f"{live} already with the provider; you can send "
                         f"{max(allowed, 0)} more."]})


def _not_busy(application: Application, request: NominationRequest) -> list[str]:
    """Reasons an applicant cannot be nominated whatever the home: under offer, nominated
    elsewhere and still live, or already nominated for this vacancy."""
    problems = []
    if Offer.objects.filter(application=application, status__in=LIVE_OFFER_STATUSES).exists():
        problems.append(f"{application.reference} is under offer for another home.")
    if Nomination.objects.filter(application=application, request=request).exists():
        problems.append(f"{application.reference} has already been nominated for this "
                        f"vacancy.")
    elif Nomination.objects.filter(application=application,
                                   status__in=Nomination.LIVE_STATUSES).exists():
        problems.append(f"{application.reference} is already nominated for another home.")
    return problems


def _create_nomination(*, request: NominationRequest, application: Application, rank: int,
                       actor: Any, now: dt.datetime, entry: ShortlistEntry | None = None,
                       not_top_reason: str = "", why: str = "") -> Nomination:
    decide_by = sla.decide_by(timezone.localtime(now), slas=slas_for(request.agreement),
                              holidays=holidays())
    nomination = Nomination(
        request=request, application=application, shortlist_entry=entry, rank=rank,
        sent_at=now, sent_by=actor, sent_within_sla=timezone.localdate(now) <= request.nominate_by,
        decide_by=decide_by, not_top_reason=not_top_reason)
    nomination._change_reason = why or (  # type: ignore[attr-defined]
        f"Nominated to {request.provider.name}"
        + (f" (rank {rank})" if request.agreement.nominees_per_vacancy > 1 else ""))
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError as exc:
        raise ConflictError("This applicant has already been nominated for this vacancy.",
                            {"application": ["Already nominated"]}) from exc
    return nomination


def _nominated(request: NominationRequest, nominations: list[Nomination], actor: Any) -> None:
    """The vacancy is with the provider; the void is held (unless it is advertised); each
    nominee is sent L14."""
    if request.status == NominationRequest.Status.REQUESTED:
        request_move(request, NominationRequest.Status.NOMINATED,
                     f"Nominated: {', '.join(n.application.reference for n in nominations)}")
        request.save(update_fields=["status", "advert", "updated_at"])
    elif request.advert_id is not None:
        request.save(update_fields=["advert", "updated_at"])
    _void_to(request.void, Void.Status.NOMINATION_REQUESTED,
             f"Nominated to {request.provider.name} ({request.reference})")
    for nomination in nominations:
        nomination_notice_send(nomination, actor=actor, nominees=len(nominations))


def nomination_notice_send(nomination: Nomination, *, actor: Any, nominees: int = 1) -> None:
    """L14: the applicant is being nominated to the named provider for the named home; the
    provider will contact them and make its own checks; what to get ready (§6)."""
    application = nomination.application
    request = nomination.request
    lead = application.members.filter(role="lead").first()
    letter_create(template_code="nomination-notice", subject=nomination, actor=actor,
                  recipient=application.applicant_user,
                  recipient_name=lead.full_name if lead else None,
                  context={"reference": application.reference,
                           "address": request.property.address,
                           "provider": request.provider.name, "rank": nomination.rank,
                           "nominees": nominees,
                           "decide_by": nomination.decide_by.isoformat()})


@transaction.atomic
def nominate_from_shortlist(*, request: NominationRequest, entries: Sequence[ShortlistEntry],
                            actor: Any, now: dt.datetime | None = None) -> list[Nomination]:
    """Nominate the top verified bidders on the vacancy's advert (§5.4 step 2): the chosen
    entries must be the first still being considered in offer order (rank at close, or
    priority now where the scheme says so), as many as the agreement allows, each verified and
    still meeting the advert's rules. Each entry becomes "nominated", each nominee is sent
    L14, and the vacancy is with the provider."""
    _require_staff(actor)
    now = now or timezone.now()
    if not entries:
        raise ApplicationError("Choose who to nominate.",
                               {"entries": ["Choose at least one bidder from the shortlist"]})
    locked = _locked_request(request)
    if locked.route != NominationRequest.Route.ADVERTISED:
        raise ConflictError("This vacancy is nomination only: nominate from the register.")
    _open_for_nominating(locked, len(entries))
    advert = selectors.request_advert(locked)
    if advert is None:
        raise ConflictError("This home has no advert with a shortlist yet.",
                            {"entries": ["Advertise the home and close bidding first."]})
    advert = (Advert.objects.select_for_update(of=("self",)).select_related("property")
              .get(pk=advert.pk))
    if Offer.objects.filter(property=advert.property, status__in=LIVE_OFFER_STATUSES).exists():
        raise ConflictError("This home is under offer.", {"entries": ["Already offered."]})
    locked.advert = advert
    chosen = {entry.pk for entry in entries}
    order = offer_order(advert.pk, basis=scheme_in_force(on=timezone.localdate(now)).rank_basis)
    top = order[:len(chosen)]
    if {entry.pk for entry in top} != chosen:
        names = ", ".join(f"rank {entry.rank}" for entry in top) or "nobody"
        raise ApplicationError(
            "Nominate the bidders at the top of the shortlist, in order. Bypass anyone ahead "
            "of them with a reason first.",
            {"entries": [f"The first {len(chosen)} still being considered are {names}."
                         if len(chosen) > 1 else
                         f"The first still being considered is {names}."]})
    problems: list[str] = []
    locked_entries = list(ShortlistEntry.objects.select_for_update(of=("self",))
                          .select_related("bid", "bid__application")
                          .filter(pk__in=chosen))
    by_pk = {entry.pk: entry for entry in locked_entries}
    ordered = [by_pk[entry.pk] for entry in top]
    for entry in ordered:
        application = entry.bid.application
        if entry.status not in _WORKABLE:
            problems.append(f"Rank {entry.rank} is “{entry.get_status_display()}”.")
            continue
        if entry.verified_at is None:
            problems.append(f"Rank {entry.rank} ({application.reference}) is not verified yet. "
                            f"Finish the checks first.")
        problems += [f"Rank {entry.rank}: {problem}" for problem in
                     bid_check_at_offer(bid=entry.bid, now=now)]
        problems += _not_busy(application, locked)
    if problems:
        raise ApplicationError("These bidders cannot be nominated yet.", {"entries": problems})
    start = selectors.live_nominations(locked).count()
    nominations = []
    for offset, entry in enumerate(ordered, start=1):
        Application.objects.select_for_update().get(pk=entry.bid.application_id)
        nomination = _create_nomination(request=locked, application=entry.bid.application,
                                        rank=start + offset, actor=actor, now=now, entry=entry)
        entry.status = ShortlistEntry.Status.NOMINATED
        entry._change_reason = (  # type: ignore[attr-defined]
            f"Nominated to {locked.provider.name} ({locked.reference})")
        entry.save(update_fields=["status", "updated_at"])
        nominations.append(nomination)
    _nominated(locked, nominations, actor)
    return nominations


@transaction.atomic
def nominate_from_register(*, request: NominationRequest, application: Application, actor: Any,
                           not_top_reason: str = "",
                           now: dt.datetime | None = None) -> Nomination:
    """Nominate an applicant from the register for a nomination-only vacancy (§5.4 step 2):
    they must pass the standing bid rules for the home at offer (as a direct match is checked)
    and not be under offer or nominated elsewhere. Anyone but the first of the register's
    matches in priority order needs a reason (``not_top_reason``, recorded on the nomination).
    Sends L14; the vacancy is with the provider."""
    _require_staff(actor)
    now = now or timezone.now()
    locked = _locked_request(request)
    if locked.route != NominationRequest.Route.NOMINATION_ONLY:
        raise ConflictError("This vacancy is advertised: nominate from the advert's "
                            "shortlist.")
    _open_for_nominating(locked, 1)
    person = Application.objects.select_for_update().get(pk=application.pk)
    problems = _not_busy(person, locked)
    app = bidder_applications([person.pk]).get()
    scheme = scheme_in_force(on=timezone.localdate(now))
    checks = direct_match_checks(bidder_facts(app, on=timezone.localdate(now)),
                                 home_facts(locked.property, advert=locked.advert),
                                 bid_policy(scheme), category=_NOMINATION, now=now,
                                 higher_priority=0, at_offer=True)
    problems += [check.message for check in checks.blocking]
    if problems:
        raise ApplicationError("This applicant cannot be nominated for this home.",
                               {"application": problems})
    reason = not_top_reason.strip()
    matches = selectors.register_matches(locked, limit=1, now=now)
    top = matches[0].application if matches else None
    if top is not None and top.pk != person.pk and not reason:
        raise ApplicationError(
            f"{top.reference} is higher in priority and fits this home. Say why you are "
            f"nominating {person.reference} instead.",
            {"not_top_reason": ["Say why this applicant rather than the first on the list"]})
    passed_over = top is not None and top.pk != person.pk
    why = (f"Nominated to {locked.provider.name} ahead of {top.reference} (band {top.band}): "
           f"{reason}" if passed_over and top is not None else "")
    nomination = _create_nomination(request=locked, application=person,
                                    rank=selectors.live_nominations(locked).count() + 1,
                                    actor=actor, now=now,
                                    not_top_reason=reason if passed_over else "", why=why)
    _nominated(locked, [nomination], actor)
    return nomination


# --- 3. A provider's rejection ------------------------------------------------------------------

def rejection_upheld_effects(nomination: Nomination, actor: Any,
                             now: dt.datetime | None = None) -> None:
    """What follows once a provider's rejection stands, whether the council accepted it or the
    provider upheld it after a challenge (§5.4 step 6). Inside the caller's transaction, with
    the nomination locked and already "rejection upheld":

    - L15 to the applicant: the provider's reason, whether the council challenged, what they
      can do, and that their application is unchanged;
    - a shortlisted nominee is bypassed with ``RP_REJECTED`` and the provider's reason (no L16:
      L15 says it);
    - with no other nominee still live, the vacancy waits for a nominee again, due within the
      renominate SLA (3 working days) from now."""
    now = now or timezone.now()
    request = _locked_request(nomination.request)
    agreement = request.agreement
    label = reason_label(agreement.rejection_reasons, nomination.rejection_reason_code)
    application = nomination.application
    lead = application.members.filter(role="lead").first()
    letter_create(template_code="nomination-rejected", subject=nomination, actor=actor,
                  recipient=application.applicant_user,
                  recipient_name=lead.full_name if lead else None,
                  context={"reference": application.reference,
                           "address": request.property.address,
                           "provider": request.provider.name, "reason": label,
                           "reason_text": nomination.rejection_reason_text,
                           "challenged": nomination.challenged_at is not None,
                           "what_you_can_do": what_you_can_do(nomination.rejection_reason_code),
                           "bidding": application.status == Application.Status.ACTIVE})
    entry = nomination.shortlist_entry
    if entry is not None:
        entry = ShortlistEntry.objects.select_for_update(of=("self",)).get(pk=entry.pk)
        if entry.status == ShortlistEntry.Status.NOMINATED:
            entry.status = ShortlistEntry.Status.BYPASSED
            entry.bypass_reason_code = "RP_REJECTED"
            entry.bypass_note = (nomination.rejection_reason_text or label)[:2000]
            entry.bypassed_by = actor if getattr(actor, "pk", None) else None
            entry.bypassed_at = now
            entry._change_reason = (  # type: ignore[attr-defined]
                f"Bypassed: rejected by {request.provider.name}")
            entry.save(update_fields=["status", "bypass_reason_code", "bypass_note",
                                      "bypassed_by", "bypassed_at", "updated_at"])
    others = selectors.live_nominations(request).exclude(pk=nomination.pk).exists()
    if request.status == NominationRequest.Status.NOMINATED and not others:
        request_move(request, NominationRequest.Status.REQUESTED,
                     f"Rejection of {application.reference} stands: nominate again")
        request.nominate_by = sla.renominate_by(timezone.localtime(now),
                                                slas=slas_for(agreement), holidays=holidays())
        request.save(update_fields=["status", "nominate_by", "updated_at"])


@transaction.atomic
def rejection_accept(*, nomination: Nomination, actor: Any, note: str = "") -> Nomination:
    """The council accepts the provider's rejection (§5.4 step 5): the rejection stands, with
    its effects (``rejection_upheld_effects``)."""
    _require_staff(actor)
    locked = _locked_nomination(nomination)
    if locked.status != Nomination.Status.RP_REJECTED:
        raise ConflictError("Only a rejection waiting for the council can be accepted.",
                            {"nomination": [f"It is “{locked.get_status_display()}”."]})
    why = "Rejection accepted by the council"
    nomination_move(locked, Nomination.Status.REJECTION_UPHELD,
                    f"{why}: {note.strip()}"[:100] if note.strip() else why)
    locked.save(update_fields=["status", "updated_at"])
    rejection_upheld_effects(locked, actor)
    return locked


@transaction.atomic
def rejection_challenge(*, nomination: Nomination, actor: Any, note: str) -> Nomination:
    """The council challenges the provider's rejection under the agreement's dispute process
    (§4.13), saying why. The provider then upholds it or accepts the nominee."""
    _require_staff(actor)
    if not note.strip():
        raise ApplicationError("Say why you are challenging the rejection.",
                               {"note": ["Say why the council disagrees with the rejection"]})
    locked = _locked_nomination(nomination)
    if locked.status != Nomination.Status.RP_REJECTED:
        raise ConflictError("Only a rejection waiting for the council can be challenged.",
                            {"nomination": [f"It is “{locked.get_status_display()}”."]})
    nomination_move(locked, Nomination.Status.CHALLENGED, "Rejection challenged by the council")
    locked.challenge_note = note.strip()
    locked.challenged_by = actor
    locked.challenged_at = timezone.now()
    locked.save(update_fields=["status", "challenge_note", "challenged_by", "challenged_at",
                               "updated_at"])
    return locked


# Before the provider has accepted (after, the provider's side withdraws: its offer is involved).
COUNCIL_WITHDRAWABLE = (Nomination.Status.SENT, Nomination.Status.RP_REVIEWING,
                        Nomination.Status.CHALLENGED)


@transaction.atomic
def nomination_withdraw(*, nomination: Nomination, actor: Any, reason: str) -> Nomination:
    """The council withdraws a nominee the provider has not yet accepted (they were housed
    elsewhere, or no longer want the home), with a reason; a challenged rejection is dropped
    (the rejection then stands, with its effects). With nobody else live the vacancy waits for a
    nominee again, due within the renominate SLA. A provider that has not decided is never
    lapsed automatically: it is chased, and staff may withdraw."""
    _require_staff(actor)
    if not reason.strip():
        raise ApplicationError("Say why the nomination is withdrawn.",
                               {"reason": ["Say why the nomination is withdrawn"]})
    locked = _locked_nomination(nomination)
    if locked.status not in COUNCIL_WITHDRAWABLE:
        raise ConflictError("This nomination can no longer be withdrawn.",
                            {"nomination": [f"It is “{locked.get_status_display()}”."]})
    if locked.status == Nomination.Status.CHALLENGED:
        # A challenged rejection the council drops: the rejection stands.
        nomination_move(locked, Nomination.Status.REJECTION_UPHELD,
                        f"Challenge dropped: {reason.strip()}"[:100])
        locked.save(update_fields=["status", "updated_at"])
        rejection_upheld_effects(locked, actor)
        return locked
    nomination_move(locked, Nomination.Status.WITHDRAWN, f"Withdrawn: {reason.strip()}"[:100])
    locked.withdrawn_reason = reason.strip()[:300]
    locked.save(update_fields=["status", "withdrawn_reason", "updated_at"])
    request = _locked_request(locked.request)
    if request.status == NominationRequest.Status.NOMINATED \
            and not selectors.live_nominations(request).exists():
        request_move(request, NominationRequest.Status.REQUESTED,
                     f"Nomination of {locked.application.reference} withdrawn: nominate again")
        request.nominate_by = sla.renominate_by(timezone.localtime(timezone.now()),
                                                slas=slas_for(request.agreement),
                                                holidays=holidays())
        request.save(update_fields=["status", "nominate_by", "updated_at"])
    return locked


# --- 4. Back to the provider --------------------------------------------------------------------

def _return_to_rp(request: NominationRequest, reason: str, *, now: dt.datetime) -> None:
    """The vacancy ends "returned to the provider" (the caller holds the lock); a void held for
    the nomination is ready to let again (the provider lets it another way)."""
    request_move(request, NominationRequest.Status.RETURNED_TO_RP, reason[:100])
    request.closed_at = now
    request.closed_reason = reason[:300]
    request.save(update_fields=["status", "closed_at", "closed_reason", "updated_at"])
    _void_to(request.void, Void.Status.READY_TO_LET, f"{request.reference}: {reason}"[:300])


@transaction.atomic
def request_return_to_rp(*, request: NominationRequest, actor: Any,
                         reason: str) -> NominationRequest:
    """The council has no suitable nominee (§5.4 step 7): the vacancy goes back to the provider,
    who may let it another way; it is counted per the agreement. Only while no nominee is with
    the provider."""
    _require_staff(actor)
    if not reason.strip():
        raise ApplicationError("Say why the vacancy goes back to the provider.",
                               {"reason": ["Say why there is no suitable nominee"]})
    locked = _locked_request(request)
    if locked.status != NominationRequest.Status.REQUESTED:
        raise ConflictError("Only a vacancy waiting for a nominee can be returned.",
                            {"reason": [f"It is “{locked.get_status_display()}”."
                                        + (" Withdraw the nominations first." if
                                           locked.status == NominationRequest.Status.NOMINATED
                                           else "")]})
    _return_to_rp(locked, f"No suitable nominee: {reason.strip()}", now=timezone.now())
    return locked


def request_lapse(request: NominationRequest, *, now: dt.datetime) -> bool:
    """The nominate-by date has passed with nobody nominated (§5.4 step 7, "SLA_LAPSED →
    RETURNED_TO_RP"). Inside the caller's transaction; True when it lapsed (the chaser calls
    this once per vacancy, so running it twice changes nothing)."""
    locked = _locked_request(request)
    if locked.status != NominationRequest.Status.REQUESTED \
            or locked.nominate_by >= timezone.localdate(now):
        return False
    _return_to_rp(locked, f"SLA lapsed: no nominee by {locked.nominate_by:%d/%m/%Y}", now=now)
    return True


# --- Agreements (managers) ----------------------------------------------------------------------

AGREEMENT_FIELDS = ("name", "effective_from", "effective_to", "first_let_share_pct",
                    "relet_share_pct", "property_scope", "scope_areas", "nominees_per_vacancy",
                    "rejection_reasons", "nominate_relet_working_days",
                    "nominate_first_let_working_days", "rp_decision_working_days",
                    "renominate_working_days", "dispute_process", "data_sharing_agreement_ref")


@transaction.atomic
def agreement_save(*, actor: Any, data: dict[str, Any],
                   agreement: NominationAgreement | None = None) -> NominationAgreement:
    """Create or change a nomination agreement (managers and administrators): shares, scope,
    the reasons the provider may give for a rejection and the SLAs (blank: the scheme's)."""
    from django.core.exceptions import ValidationError

    if not policies.can_edit_agreements(actor):
        raise ApplicationError("Only managers can change nomination agreements.")
    if agreement is None:
        provider = data.get("provider")
        if not isinstance(provider, Organisation) \
                or provider.kind != Organisation.Kind.REGISTERED_PROVIDER:
            raise ApplicationError("Check the agreement.",
                                   {"provider": ["Choose a registered provider"]})
        agreement = NominationAgreement(provider=provider)
    else:
        agreement = NominationAgreement.objects.select_for_update().get(pk=agreement.pk)
    for name in AGREEMENT_FIELDS:
        if name in data:
            setattr(agreement, name, data[name])
    try:
        agreement.full_clean()
    except ValidationError as exc:
        errors = {name: [str(m) for m in messages]
                  for name, messages in exc.message_dict.items()}
        if "__all__" in errors:
            errors["effective_from"] = errors.pop("__all__")
        raise ApplicationError("Check the agreement.", errors) from exc
    agreement._change_reason = f"Agreement saved by {_who(actor)}"  # type: ignore[attr-defined]
    agreement.save()
    return agreement
