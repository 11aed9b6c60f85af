"""Shortlists (DOMAIN.md §3.12, §4.7, §5.2 step 5): when bidding on an advert closes, the valid
bids are ranked by the scheme's order with the priority snapshot taken at close, and the ranks
are stored, so the published result and any review can be reproduced. The same inputs always
give the same shortlist: the key ends with the application id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from applications.models import Application
from applications.priority import debt_assessment
from housing.approvals.models import ApprovalRequest
from housing.approvals.registry import register_handler
from housing.approvals.selectors import approvals_for
from housing.approvals.services import approval_is_valid, approval_request_create
from housing.core.exceptions import ApplicationError, ConflictError
from housing.letters.services import letter_create
from housing.scheme.selectors import scheme_in_force
from lettings import policies
from lettings.models import Advert, Bid, ShortlistEntry
from lettings.rules.bypass import BYPASS_BY_CODE, CHECK_CODES
from lettings.rules.shortlist_order import PriorityFacts, sort_key
from lettings.services._bulk import create_with_history, update_with_history
from lettings.services.adverts import advert_transition


def snapshot_key(bid: Bid) -> tuple[Any, ...]:
    """The §4.7 key from the bid's snapshot at close (band rank missing ranks last)."""
    snap = bid.snapshot
    facts = PriorityFacts(
        band_rank=snap.get("band_rank") or 99,
        effective_date=_date(snap.get("effective_date")),
        registration_date=_date(snap.get("registration_date")),
        application_id=bid.application_id)
    return sort_key(snap.get("tiers") or bid.tiers or [], facts)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _stored(key: tuple[Any, ...]) -> list[Any]:
    return [part.isoformat() if isinstance(part, dt.date) else part for part in key]


def shortlist_generate(*, advert: Advert, bids: Sequence[Bid], now: dt.datetime) -> int:
    """Rank ``bids`` (valid at close, with their snapshots, as ``bids_recheck_at_close``
    returns them: not yet saved) and store the shortlist; the bids are written once, snapshot
    and status shortlisted together with one history row, and the advert moves to
    shortlisted. Inside the caller's transaction, with the advert locked and closed and the
    bids locked. Returns the number of entries."""
    # Each key worked out once; a stable sort on the key alone, as sorted(bids, key=…).
    keyed = sorted(((snapshot_key(bid), bid) for bid in bids), key=lambda pair: pair[0])
    ranked = [bid for _key, bid in keyed]
    # By id: setting the related objects would also fill each bid's reverse cache, a third of
    # the time it takes to make 5,000 entries (docs/performance.md).
    entries = [ShortlistEntry(advert_id=advert.pk, bid_id=bid.pk, rank=rank,
                              sort_key=_stored(key), created_at=now, updated_at=now)
               for rank, (key, bid) in enumerate(keyed, start=1)]
    if entries:
        # Two statements each on PostgreSQL, whatever the number of bids (services._bulk).
        create_with_history(entries, ShortlistEntry, date=now, change_reason="Ranked at close")
        for bid in ranked:
            bid.status = Bid.Status.SHORTLISTED
            bid.updated_at = now
            bid._change_reason = "Checked at close and shortlisted"  # type: ignore[attr-defined]
        update_with_history(ranked, Bid, ["status", "snapshot", "updated_at"], date=now)
    people = f"{len(entries)} bidder{'s' if len(entries) != 1 else ''}"
    advert_transition(advert=advert, to=Advert.Status.SHORTLISTED, reason=f"Shortlisted: {people}")
    advert.save(update_fields=["status", "updated_at"])
    return len(entries)


# --- Working the shortlist (§5.2 step 6) --------------------------------------------------------

_WORKABLE = ShortlistEntry.WORKABLE_STATUSES


def _require_staff(actor: Any) -> None:
    if not policies.is_lettings_staff(actor):
        raise ApplicationError("Only lettings officers can work a shortlist.")


def _locked_entry(entry: ShortlistEntry) -> ShortlistEntry:
    locked = (ShortlistEntry.objects.select_for_update(of=("self",))
              .select_related("bid", "bid__application", "advert").get(pk=entry.pk))
    if locked.status not in _WORKABLE:
        raise ConflictError("This bidder's place on the shortlist is settled.",
                            {"entry": [f"They are “{locked.get_status_display()}”."]})
    return locked


@transaction.atomic
def shortlist_contact(*, entry: ShortlistEntry, actor: Any, note: str = "",
                      respond_within_hours: int = 48,
                      now: dt.datetime | None = None) -> ShortlistEntry:
    """Record that the bidder was contacted, with the deadline for their reply (several top
    bidders may be contacted at once)."""
    _require_staff(actor)
    now = now or timezone.now()
    if not 1 <= respond_within_hours <= 24 * 14:
        raise ApplicationError("Check the deadline.", {"respond_within_hours": [
            "Give between 1 hour and 14 days to reply"]})
    locked = _locked_entry(entry)
    locked.contacted_at = now
    locked.contact_deadline = now + dt.timedelta(hours=respond_within_hours)
    locked.contact_note = note.strip()
    if locked.status == ShortlistEntry.Status.RANKED:
        locked.status = ShortlistEntry.Status.CONTACTED
    locked._change_reason = "Contacted"  # type: ignore[attr-defined]
    locked.save(update_fields=["contacted_at", "contact_deadline", "contact_note", "status",
                               "updated_at"])
    return locked


@transaction.atomic
def shortlist_verify(*, entry: ShortlistEntry, actor: Any, checks: dict[str, bool],
                     note: str = "", now: dt.datetime | None = None) -> ShortlistEntry:
    """Record verification checks (identity, eligibility, household, debt, readiness). When
    every check has passed the bidder is verified and can be offered the home."""
    _require_staff(actor)
    now = now or timezone.now()
    unknown = sorted(set(checks) - set(CHECK_CODES))
    if unknown or not checks:
        raise ApplicationError("Choose the checks you made.",
                               {"checks": ["Choose at least one check from the list"]})
    locked = _locked_entry(entry)
    result = dict(locked.verification_result)
    who = getattr(actor, "get_full_name", lambda: "")() or getattr(actor, "username", "")
    for code, passed in checks.items():
        result[code] = {"passed": bool(passed), "by": who, "at": now.isoformat(),
                        "note": note.strip()}
    locked.verification_result = result
    locked.status = ShortlistEntry.Status.VERIFYING
    all_passed = all(result.get(code, {}).get("passed") for code in CHECK_CODES)
    locked.verified_at = now if all_passed else None
    locked._change_reason = ("Verified: every check passed" if all_passed  # type: ignore[attr-defined]
                             else "Verification recorded")
    locked.save(update_fields=["verification_result", "status", "verified_at", "updated_at"])
    return locked


def _apply_bypass(entry: ShortlistEntry, *, code: str, note: str, actor: Any,
                  approved_by: Any, now: dt.datetime) -> None:
    entry.status = ShortlistEntry.Status.BYPASSED
    entry.bypass_reason_code = code
    entry.bypass_note = note
    entry.bypassed_by = actor
    entry.bypassed_at = now
    entry.bypass_approved_by = approved_by
    entry._change_reason = f"Bypassed: {BYPASS_BY_CODE[code].label}"  # type: ignore[attr-defined]
    entry.save(update_fields=["status", "bypass_reason_code", "bypass_note", "bypassed_by",
                              "bypassed_at", "bypass_approved_by", "updated_at"])
    _bypass_notice(entry, actor=actor)


def _bypass_notice(entry: ShortlistEntry, *, actor: Any) -> None:
    """The bypass notice (L16) where the scheme sends one: the home, why the bidder was passed
    over, what they can do, and their right to a review of a decision about the facts."""
    reason = BYPASS_BY_CODE[entry.bypass_reason_code]
    scheme = scheme_in_force()
    if not (scheme.bypass_notice_letters and reason.notify):
        return
    entry = (ShortlistEntry.objects
             .select_related("bid__application__applicant_user", "advert__property")
             .get(pk=entry.pk))
    application = entry.bid.application
    lead = application.members.filter(role="lead").first()
    letter_create(template_code="bypass-notice", subject=application, actor=actor,
                  recipient=application.applicant_user,
                  recipient_name=lead.full_name if lead else None,
                  context={"reference": application.reference, "rank": entry.rank,
                           "address": entry.advert.property.address,
                           "advert": entry.advert.reference, "reason": reason.label,
                           "note": entry.bypass_note, "how_to_fix": reason.how_to_fix,
                           "review_days": scheme.review_request_days})


@transaction.atomic
def shortlist_bypass(*, entry: ShortlistEntry, actor: Any, code: str, note: str,
                     now: dt.datetime | None = None) -> ShortlistEntry | ApprovalRequest:
    """Pass over a bidder with a reason code from §4.7 and a note (both required). Reasons that
    need a manager (a sensitive-let risk, a discretionary reason) go to the approvals queue and
    the bypass happens when a manager approves; returns that request."""
    _require_staff(actor)
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if code not in BYPASS_BY_CODE:
        errors["code"] = ["Choose a reason from the list"]
    if not note.strip():
        errors["note"] = ["Explain why, in a note the applicant could be shown"]
    if errors:
        raise ApplicationError("Give a reason and a note for the bypass.", errors)
    locked = _locked_entry(entry)
    if BYPASS_BY_CODE[code].needs_approval:
        return approval_request_create(
            type=ApprovalRequest.Type.BYPASS, subject=locked, actor=actor,
            justification=note.strip(), case_reference=locked.bid.application.reference,
            restricted=locked.bid.application.restricted_access,
            summary=f"Bypass rank {locked.rank} on {locked.advert.reference}: "
                    f"{BYPASS_BY_CODE[code].label}",
            details={"code": code})
    _apply_bypass(locked, code=code, note=note.strip(), actor=actor, approved_by=None, now=now)
    return locked


def _on_bypass_decided(*, approval: ApprovalRequest, actor: Any) -> None:
    """Approvals handler: an approved bypass takes effect, recorded as approved by the manager."""
    if approval.status != ApprovalRequest.Status.APPROVED:
        return
    entry = (ShortlistEntry.objects.select_for_update(of=("self",))
             .filter(pk=int(approval.subject_id)).first())
    if entry is None or entry.status not in _WORKABLE:
        return
    _apply_bypass(entry, code=approval.details.get("code", "OTHER_DISCRETIONARY"),
                  note=approval.justification, actor=approval.requested_by, approved_by=actor,
                  now=timezone.now())


def register_approval_handlers() -> None:
    register_handler(ApprovalRequest.Type.BYPASS, _on_bypass_decided)


# --- Housing debt at offer (§4.10) ----------------------------------------------------------------

@dataclass(frozen=True)
class DebtCheck:
    blocks: bool
    reasons: tuple[str, ...]
    override: ApprovalRequest | None

    @property
    def overridden(self) -> bool:
        return self.override is not None


def debt_check(application: Application, *, on: dt.date | None = None) -> DebtCheck:
    """Whether housing debt stands in the way of an offer: over the threshold with no kept
    arrangement (the debt rule), unless a manager's override is in force."""
    on = on or timezone.localdate()
    result = debt_assessment(application, scheme_in_force(on=on), on)
    override = (approvals_for(application)
                .filter(type=ApprovalRequest.Type.DEBT_OVERRIDE,
                        status=ApprovalRequest.Status.APPROVED).first())
    valid = override if approval_is_valid(override, on=on) else None
    return DebtCheck(blocks=result.blocks and valid is None, reasons=tuple(result.reasons),
                     override=valid)


@transaction.atomic
def debt_override_request(*, entry: ShortlistEntry, actor: Any,
                          justification: str) -> ApprovalRequest:
    """Ask a manager to let an offer go ahead despite the debt (§4.10 rule 4). The manager's
    approval is valid for the scheme's period (or until a date they set) and shows on every
    shortlist the applicant is on."""
    _require_staff(actor)
    locked = _locked_entry(entry)
    application = locked.bid.application
    check = debt_check(application)
    if not check.blocks:
        raise ConflictError("Debt does not stand in the way of an offer to this applicant.")
    return approval_request_create(
        type=ApprovalRequest.Type.DEBT_OVERRIDE, subject=application, actor=actor,
        justification=justification, case_reference=application.reference,
        restricted=application.restricted_access,
        summary=f"Debt override for an offer of {locked.advert.reference}",
        details={"advert": locked.advert.reference, "reasons": list(check.reasons)})
