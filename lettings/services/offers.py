"""Offers: making one from the shortlist, the applicant's answer, refusals assessed and the
penalties they bring, lapsed offers and landlord withdrawals (DOMAIN.md §3.13, §4.9, §5.2 steps
8–9; Appendix A.4).

One live offer per home and per applicant: ``offer_make`` locks the advert and the application
rows and checks, and two partial unique indexes are the last line (two officers offering the
same home at the same moment: one succeeds, the other is told the home is already offered).
Letters (L11, L12, L13) come with the offers pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.models import Application, ChangeOfCircumstances
from applications.services.status import application_transition
from housing.core.exceptions import ApplicationError, ConflictError
from housing.scheme.selectors import scheme_in_force
from lettings import policies
from lettings.models import LIVE_OFFER_STATUSES, Advert, Bid, Offer, ShortlistEntry, Void
from lettings.rules.refusals import refusal_penalty, removes_priority
from lettings.selectors import entries_ahead
from lettings.services._common import refuse_transition
from lettings.services.adverts import advert_transition
from lettings.services.bidding import bid_check_at_offer
from lettings.services.direct_matches import direct_match_release
from lettings.services.offer_letters import offer_letter_send
from lettings.services.shortlisting import debt_check
from lettings.services.signups import signup_cancel_for_offer
from lettings.services.stock import void_transition

_LABELS = dict(Offer.Status.choices)


def _require_staff(actor: Any) -> None:
    if not policies.is_lettings_staff(actor):
        raise ApplicationError("Only lettings officers can make and record offers.")


def _landlord_of_nomination_offer(actor: Any, offer: Offer) -> bool:
    """A registered provider makes a nomination offer itself (§5.4 step 5), so its users record
    the applicant's acceptance and withdraw the offer; other offers are the council's."""
    return offer.offer_type == Offer.Type.NOMINATION and policies.can_record_let(actor,
                                                                                offer.property)


def _move(offer: Offer, to: str, reason: str) -> None:
    if not offer.can_move_to(to):
        raise refuse_transition("offer", _LABELS[offer.status], _LABELS.get(to, to))
    offer.status = to
    offer._change_reason = reason  # type: ignore[attr-defined]


@transaction.atomic
def offer_make(*, entry: ShortlistEntry, actor: Any, viewing_at: dt.datetime | None = None,
               is_final_offer: bool = False, now: dt.datetime | None = None) -> Offer:
    """Offer the home to a shortlisted bidder (§5.2 step 8). The bid is checked again first
    (§4.6: at placement, at close and at offer). The applicant is then under offer and their
    other bids are frozen; the respond-by deadline comes from the scheme."""
    _require_staff(actor)
    now = now or timezone.now()
    entry = ShortlistEntry.objects.select_related("bid").get(pk=entry.pk)
    advert = (Advert.objects.select_for_update(of=("self",)).select_related("property", "void")
              .get(pk=entry.advert_id))
    application = Application.objects.select_for_update().get(pk=entry.bid.application_id)
    entry = ShortlistEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status not in ShortlistEntry.WORKABLE_STATUSES:
        raise ConflictError("This bidder cannot be offered the home now.",
                            {"entry": [f"They are “{entry.get_status_display()}”."]})
    if Offer.objects.filter(property=advert.property, status__in=LIVE_OFFER_STATUSES).exists():
        raise ConflictError("This home has already been offered to someone else.",
                            {"entry": ["The home is already under offer."]})
    if Offer.objects.filter(application=application, status__in=LIVE_OFFER_STATUSES).exists():
        raise ConflictError("This applicant already has a live offer. One offer at a time.",
                            {"entry": ["The applicant is already under offer."]})
    basis = scheme_in_force(on=timezone.localdate(now)).rank_basis
    ahead = entries_ahead(entry, basis=basis)
    if ahead:
        order = "rank at close" if basis != "offer" else "priority now"
        raise ConflictError(
            "Someone higher on the shortlist is still being considered. Offer the home to them "
            "first, or bypass them with a reason.",
            {"entry": [f"Rank {other.rank} comes before this bidder (by {order}) and is still "
                       f"being considered." for other in ahead[:5]]
             + ([f"And {len(ahead) - 5} more."] if len(ahead) > 5 else [])})
    problems = bid_check_at_offer(bid=entry.bid, now=now)
    if problems:
        raise ApplicationError("This bidder no longer qualifies for this home. Bypass them "
                               "with a reason instead.", {"entry": problems})
    debt = debt_check(application, on=timezone.localdate(now))
    if debt.blocks:
        raise ConflictError(
            "Housing debt stands in the way of this offer. Bypass the bidder "
            "(ARREARS_OVER_THRESHOLD_NO_APPROVAL) or ask a manager for a debt override.",
            {"entry": list(debt.reasons) or ["Housing debt over the threshold."]})
    scheme = scheme_in_force(on=timezone.localdate(now))
    if viewing_at is not None and viewing_at < now - dt.timedelta(days=1):
        raise ApplicationError("Check the viewing date.",
                               {"viewing_at": ["The viewing cannot be in the past"]})
    respond_by = (viewing_at + dt.timedelta(hours=scheme.decide_within_hours) if viewing_at
                  else now + dt.timedelta(days=scheme.view_within_days))
    offer = Offer(application=application, property=advert.property, advert=advert,
                  shortlist_entry=entry, offer_type=(Offer.Type.FINAL if is_final_offer
                                                     else Offer.Type.CBL),
                  is_final_offer=is_final_offer, offered_at=now, offered_by=actor,
                  viewing_at=viewing_at, respond_by=respond_by,
                  status=Offer.Status.VIEWING_ARRANGED if viewing_at else Offer.Status.ISSUED)
    offer._change_reason = "Offered"  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError as exc:
        raise ConflictError("This home or this applicant is already under offer.",
                            {"entry": ["Someone else made an offer at the same moment."]}) from exc
    entry.status = ShortlistEntry.Status.OFFERED
    entry._change_reason = "Offered"  # type: ignore[attr-defined]
    entry.save(update_fields=["status", "updated_at"])
    if advert.status == Advert.Status.SHORTLISTED:
        advert_transition(advert=advert, to=Advert.Status.OFFER_IN_PROGRESS, reason="Offered")
        advert.save(update_fields=["status", "updated_at"])
    if advert.void is not None and advert.void.status == Void.Status.ADVERTISED:
        void_transition(void=advert.void, to=Void.Status.OFFERED, actor=None,
                        reason=f"Offered to {application.reference}")
    application_transition(application=application, to=Application.Status.UNDER_OFFER,
                           actor=actor, reason=f"Offered {advert.property}")
    offer_letter_send(offer, "offer", actor)
    return offer


@transaction.atomic
def offer_arrange_viewing(*, offer: Offer, actor: Any, viewing_at: dt.datetime,
                          now: dt.datetime | None = None) -> Offer:
    """Arrange (or move) the viewing; the applicant then has the scheme's hours after it to
    answer. Sends the viewing letter (L11)."""
    _require_staff(actor)
    now = now or timezone.now()
    locked = _locked(offer)
    if viewing_at < now:
        raise ApplicationError("Check the viewing date.",
                               {"viewing_at": ["The viewing must be in the future"]})
    if locked.status not in (Offer.Status.ISSUED, Offer.Status.VIEWING_ARRANGED):
        raise ConflictError("A viewing can only be arranged before the offer is answered.")
    scheme = scheme_in_force(on=timezone.localdate(now))
    if locked.status == Offer.Status.ISSUED:
        _move(locked, Offer.Status.VIEWING_ARRANGED, "Viewing arranged")
    else:
        locked._change_reason = "Viewing moved"  # type: ignore[attr-defined]
    locked.viewing_at = viewing_at
    locked.respond_by = viewing_at + dt.timedelta(hours=scheme.decide_within_hours)
    locked.save(update_fields=["status", "viewing_at", "respond_by", "updated_at"])
    offer_letter_send(locked, "offer-viewing", actor)
    return locked


def _locked(offer: Offer) -> Offer:
    return (Offer.objects.select_for_update(of=("self",))
            .select_related("advert", "advert__void", "shortlist_entry", "application")
            .get(pk=offer.pk))


def _release(offer: Offer, actor: Any, entry_status: str, why: str) -> None:
    """The home goes back to the shortlist and the applicant back to bidding. A direct offer's
    match ends instead, and its home is ready to let another way (§5.5)."""
    if offer.shortlist_entry is not None:
        offer.shortlist_entry.status = entry_status
        offer.shortlist_entry._change_reason = why  # type: ignore[attr-defined]
        offer.shortlist_entry.save(update_fields=["status", "updated_at"])
    advert = offer.advert
    if advert is not None and advert.status == Advert.Status.OFFER_IN_PROGRESS:
        advert_transition(advert=advert, to=Advert.Status.SHORTLISTED, reason=why)
        advert.save(update_fields=["status", "updated_at"])
    if advert is not None and advert.void is not None \
            and advert.void.status == Void.Status.OFFERED:
        void_transition(void=advert.void, to=Void.Status.ADVERTISED, actor=None, reason=why)
    direct_match_release(offer=offer, reason=why)
    signup_cancel_for_offer(offer=offer, reason=why)
    application = offer.application
    application.refresh_from_db()
    if application.status == Application.Status.UNDER_OFFER:
        application_transition(application=application, to=Application.Status.ACTIVE,
                               actor=actor, reason=why)


@transaction.atomic
def offer_accept(*, offer: Offer, actor: Any, now: dt.datetime | None = None) -> Offer:
    """The applicant (or an officer for them) accepts: their other bids are withdrawn (§4.8);
    the applicant stays under offer until they sign up."""
    now = now or timezone.now()
    locked = _locked(offer)
    if not (policies.is_lettings_staff(actor)
            or locked.application.applicant_user_id == getattr(actor, "pk", None)
            or _landlord_of_nomination_offer(actor, locked)):
        raise ApplicationError("You cannot answer this offer.")
    if locked.respond_by < now and locked.status != Offer.Status.ACCEPTED:
        raise ConflictError("The time to answer this offer has passed. Contact us.",
                            {"offer": ["The deadline has passed."]})
    _move(locked, Offer.Status.ACCEPTED, "Accepted")
    locked.response_at = now
    locked.save(update_fields=["status", "response_at", "updated_at"])
    if locked.shortlist_entry is not None:
        locked.shortlist_entry.status = ShortlistEntry.Status.ACCEPTED
        locked.shortlist_entry.save(update_fields=["status", "updated_at"])
    others = Bid.objects.filter(application=locked.application_id,
                                status__in=Bid.LIVE_STATUSES).exclude(advert=locked.advert_id)
    withdrawn = []
    for bid in others.select_for_update():
        bid.status = Bid.Status.WITHDRAWN
        bid.withdrawn_at = now
        bid.invalid_reasons = ["You accepted an offer of another home."]
        bid._change_reason = "Withdrawn: offer of another home accepted"  # type: ignore[attr-defined]
        bid.save(update_fields=["status", "withdrawn_at", "invalid_reasons", "updated_at"])
        withdrawn.append(bid.pk)
    # On other shortlists they are settled too, so nobody there waits for them (the home is
    # offered in order): passed over as under offer elsewhere, with no notice (they chose).
    for entry in ShortlistEntry.objects.select_for_update().filter(
            bid__in=withdrawn, status__in=ShortlistEntry.WORKABLE_STATUSES):
        entry.status = ShortlistEntry.Status.BYPASSED
        entry.bypass_reason_code = "UNDER_OFFER_ELSEWHERE"
        entry.bypass_note = "Accepted an offer of another home."
        entry.bypassed_at = now
        entry._change_reason = "Bypassed: accepted an offer of another home"  # type: ignore[attr-defined]
        entry.save(update_fields=["status", "bypass_reason_code", "bypass_note", "bypassed_at",
                                  "updated_at"])
    return locked


@transaction.atomic
def offer_refuse(*, offer: Offer, actor: Any, reason_code: str, reason_text: str = "",
                 now: dt.datetime | None = None) -> Offer:
    """The applicant refuses, giving a reason from the scheme's list. The home goes back to the
    shortlist; an officer then assesses the refusal (``offer_assess_refusal``)."""
    now = now or timezone.now()
    locked = _locked(offer)
    if not (policies.is_lettings_staff(actor)
            or locked.application.applicant_user_id == getattr(actor, "pk", None)):
        raise ApplicationError("You cannot answer this offer.")
    scheme = scheme_in_force(on=timezone.localdate(now))
    codes = {r["code"] for r in scheme.refusal_reasons}
    if reason_code not in codes:
        raise ApplicationError("Choose why the offer is being refused.",
                               {"reason_code": ["Choose a reason from the list"]})
    if reason_code == "other" and not reason_text.strip():
        raise ApplicationError("Say why the offer is being refused.",
                               {"reason_text": ["Enter the reason"]})
    _move(locked, Offer.Status.REFUSED, "Refused")
    locked.response_at = now
    locked.refusal_reason_code = reason_code
    locked.refusal_reason_text = reason_text.strip()
    locked.save(update_fields=["status", "response_at", "refusal_reason_code",
                               "refusal_reason_text", "updated_at"])
    _release(locked, actor, ShortlistEntry.Status.REFUSED, "Offer refused")
    return locked


@transaction.atomic
def offer_assess_refusal(*, offer: Offer, actor: Any, assessment: str, note: str,
                         now: dt.datetime | None = None) -> Offer:
    """An officer decides whether a refusal (or a lapsed offer, a deemed refusal) was
    reasonable. An unreasonable one may bring the scheme's penalty: the N-th within the window
    suspends bidding (§4.9 rule 4; A.4); in a priority band it flags the priority for removal
    (rule 5). The decision is reviewable (its letter, L13, gives review rights)."""
    _require_staff(actor)
    now = now or timezone.now()
    locked = _locked(offer)
    if locked.status not in (Offer.Status.REFUSED, Offer.Status.LAPSED):
        raise ConflictError("Only a refused or lapsed offer can be assessed.")
    if locked.refusal_assessment:
        raise ConflictError("This refusal has already been assessed.")
    if locked.status == Offer.Status.LAPSED and not scheme_in_force(
            on=timezone.localdate(now)).no_response_is_refusal:
        raise ConflictError("Under the scheme, not answering an offer is not a refusal.")
    if assessment not in Offer.Assessment.values:
        raise ApplicationError("Say whether the refusal was reasonable.",
                               {"assessment": ["Choose reasonable or unreasonable"]})
    if not note.strip():
        raise ApplicationError("Explain the assessment.", {"note": ["Enter a note"]})
    locked.refusal_assessment = assessment
    locked.assessed_by = actor
    locked.assessed_at = now
    locked.assessment_note = note.strip()
    penalties: list[str] = []
    if assessment == Offer.Assessment.UNREASONABLE:
        scheme = scheme_in_force(on=timezone.localdate(now))
        day = timezone.localdate(locked.response_at or now)
        dates = [timezone.localdate(o.response_at or o.respond_by) for o in
                 Offer.objects.filter(application=locked.application_id,
                                      refusal_assessment=Offer.Assessment.UNREASONABLE)
                 .exclude(pk=locked.pk)] + [day]
        penalty = refusal_penalty(unreasonable_refusals=dates, on=day,
                                  limit=scheme.unreasonable_refusals_limit,
                                  window_months=scheme.refusal_window_months,
                                  suspension_months=scheme.refusal_suspension_months)
        application = Application.objects.select_for_update().get(pk=locked.application_id)
        if removes_priority(band=application.band, high_bands=scheme.high_bands,
                            enabled=scheme.priority_band_refusal_removes_priority):
            penalties.append(f"Band {application.band} priority to be removed: a suitable offer "
                             f"was refused.")
            # The removal is a new banding decision (with its own letter and review rights):
            # it goes to the officers' queue of changes to reassess, like a reported change.
            ChangeOfCircumstances.objects.create(
                application=application, kind=ChangeOfCircumstances.Kind.OTHER,
                affects_priority=True, reported_by=actor,
                details=f"Unreasonable refusal of {locked.property} assessed on "
                        f"{timezone.localdate(now):%d %B %Y}. Under the scheme, refusing a "
                        f"suitable offer removes Band {application.band} priority: reassess the "
                        f"band.")
        if penalty is not None:
            penalties.append(penalty.reason)
            if application.status == Application.Status.ACTIVE:
                application_transition(application=application,
                                       to=Application.Status.ACTIVE_SUSPENDED, actor=actor,
                                       reason=penalty.reason,
                                       suspended_until=penalty.suspended_until)
    locked.penalty_applied = " ".join(penalties)[:300]
    locked._change_reason = f"Refusal assessed as {assessment}"  # type: ignore[attr-defined]
    locked.save(update_fields=["refusal_assessment", "assessed_by", "assessed_at",
                               "assessment_note", "penalty_applied", "updated_at"])
    reasons = {r["code"]: r["label"] for r in scheme_in_force().refusal_reasons}
    offer_letter_send(locked, "refusal-decision", actor,
                      reasonable=assessment == Offer.Assessment.REASONABLE,
                      lapsed=locked.status == Offer.Status.LAPSED, note=locked.assessment_note,
                      reason=locked.refusal_reason_text
                      or reasons.get(locked.refusal_reason_code, ""),
                      penalties=penalties)
    return locked


def offers_lapse_due(*, now: dt.datetime | None = None) -> int:
    """Offers not answered by their deadline lapse (a deemed refusal when the scheme says so,
    §4.9 rule 2). Each in its own transaction; safe to run twice."""
    now = now or timezone.now()
    lapsed = 0
    due = Offer.objects.filter(status__in=[Offer.Status.ISSUED, Offer.Status.VIEWING_ARRANGED,
                                           Offer.Status.VIEWED], respond_by__lte=now)
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            locked = _locked(Offer(pk=pk))
            if not locked.can_move_to(Offer.Status.LAPSED) or locked.respond_by > now:
                continue
            _move(locked, Offer.Status.LAPSED, "No response by the deadline")
            locked.response_at = now
            locked.save(update_fields=["status", "response_at", "updated_at"])
            _release(locked, None, ShortlistEntry.Status.NO_RESPONSE, "No response to the offer")
            lapsed += 1
    return lapsed


@transaction.atomic
def offer_withdraw(*, offer: Offer, actor: Any, reason: str) -> Offer:
    """The landlord withdraws the offer (for example the home failed a safety check). Never
    counts as a refusal (§4.9 rule 8). Lettings staff, or the provider for its own nomination
    offer."""
    locked = _locked(offer)
    if not _landlord_of_nomination_offer(actor, locked):
        _require_staff(actor)
    if not reason.strip():
        raise ApplicationError("Say why the offer is withdrawn.", {"reason": ["Enter a reason"]})
    _move(locked, Offer.Status.WITHDRAWN, f"Withdrawn by the landlord: {reason.strip()}")
    locked.withdrawn_reason = reason.strip()[:300]
    locked.save(update_fields=["status", "withdrawn_reason", "updated_at"])
    _release(locked, actor, ShortlistEntry.Status.OFFER_WITHDRAWN, "Offer withdrawn")
    return locked
