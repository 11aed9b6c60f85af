"""Group viewings before an offer (DOMAIN.md §3.12, §5.2 step 6): several of the top bidders
still being considered are invited to view the home together (RBKC invites about six,
Westminster three). An invitation is not an offer: the home still goes to the highest-placed
bidder who wants it (``offer_make`` enforces the order). Each invitee gets the viewing
invitation (L11) and counts as contacted, with the time to reply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from housing.core.dates import spoken_moment
from housing.core.exceptions import ApplicationError, ConflictError
from housing.letters.services import letter_create
from housing.scheme.selectors import scheme_in_force
from lettings import policies
from lettings.models import Advert, ShortlistEntry, Viewing

LATEST_VIEWING_DAYS = 60


def _invitation(entry: ShortlistEntry, viewing: Viewing, actor: Any) -> None:
    application = entry.bid.application
    lead = application.members.filter(role="lead").first()
    letter_create(
        template_code="viewing-invitation", subject=application, actor=actor,
        recipient=application.applicant_user, recipient_name=lead.full_name if lead else None,
        context={"reference": application.reference, "address": viewing.advert.property.address,
                 "viewing_at": spoken_moment(viewing.starts_at),
                 "meeting_point": viewing.meeting_point, "note": viewing.note,
                 "respond_by": (spoken_moment(entry.contact_deadline)
                                if entry.contact_deadline else "")})


@transaction.atomic
def viewing_arrange(*, advert: Advert, entries: Sequence[ShortlistEntry], starts_at: dt.datetime,
                    actor: Any, meeting_point: str = "", note: str = "",
                    respond_within_hours: int = 48, now: dt.datetime | None = None) -> Viewing:
    """Invite bidders still being considered for ``advert`` to one viewing. Every invitee must
    be on this advert's shortlist and still being considered; no more than the scheme's group
    size; the viewing in the next 60 days. A bidder already invited to a viewing is moved to
    this one."""
    if not policies.is_lettings_staff(actor):
        raise ApplicationError("Only lettings officers can arrange viewings.")
    now = now or timezone.now()
    scheme = scheme_in_force(on=timezone.localdate(now))
    errors: dict[str, list[str]] = {}
    pks = sorted({entry.pk for entry in entries})
    if not pks:
        errors["entries"] = ["Choose the bidders to invite"]
    elif len(pks) > scheme.group_viewing_max:
        errors["entries"] = [f"Invite at most {scheme.group_viewing_max} bidders to one viewing"]
    if starts_at <= now:
        errors["starts_at"] = ["The viewing must be in the future"]
    elif starts_at > now + dt.timedelta(days=LATEST_VIEWING_DAYS):
        errors["starts_at"] = [f"The viewing must be within {LATEST_VIEWING_DAYS} days"]
    if not 1 <= respond_within_hours <= 24 * 14:
        errors["respond_within_hours"] = ["Give between 1 hour and 14 days to reply"]
    if len(meeting_point) > 200:
        errors["meeting_point"] = ["Where to meet must be 200 characters or fewer"]
    if errors:
        raise ApplicationError("Check the viewing.", errors)
    locked = list(ShortlistEntry.objects.select_for_update(of=("self",))
                  .select_related("bid__application__applicant_user")
                  .filter(pk__in=pks).order_by("pk"))
    strangers = len(pks) - sum(1 for entry in locked if entry.advert_id == advert.pk)
    if strangers:
        raise ApplicationError("Check the viewing.", {"entries": [
            "Only bidders on this advert's shortlist can be invited"]})
    settled = [entry for entry in locked if entry.status not in ShortlistEntry.WORKABLE_STATUSES]
    if settled:
        raise ConflictError("Some of these bidders are no longer being considered.", {
            "entries": [f"Rank {entry.rank} is “{entry.get_status_display()}”."
                        for entry in settled]})
    advert = Advert.objects.select_related("property").get(pk=advert.pk)
    viewing = Viewing(advert=advert, starts_at=starts_at, meeting_point=meeting_point.strip(),
                      note=note.strip(), arranged_by=actor)
    viewing._change_reason = f"Group viewing for {len(locked)}"  # type: ignore[attr-defined]
    viewing.save()
    deadline = now + dt.timedelta(hours=respond_within_hours)
    for entry in locked:
        entry.viewing = viewing
        if entry.contacted_at is None:
            entry.contacted_at = now
        entry.contact_deadline = min(deadline, starts_at)
        if entry.status == ShortlistEntry.Status.RANKED:
            entry.status = ShortlistEntry.Status.CONTACTED
        entry._change_reason = "Invited to a viewing"  # type: ignore[attr-defined]
        entry.save(update_fields=["viewing", "contacted_at", "contact_deadline", "status",
                                  "updated_at"])
        _invitation(entry, viewing, actor)
    return viewing


@transaction.atomic
def viewing_cancel(*, viewing: Viewing, actor: Any, now: dt.datetime | None = None) -> Viewing:
    """Cancel a viewing that has not happened; its invitees are no longer invited."""
    if not policies.is_lettings_staff(actor):
        raise ApplicationError("Only lettings officers can cancel viewings.")
    now = now or timezone.now()
    locked = Viewing.objects.select_for_update().get(pk=viewing.pk)
    if locked.cancelled_at is not None:
        raise ConflictError("This viewing is already cancelled.")
    if locked.starts_at <= now:
        raise ConflictError("This viewing has already happened.")
    locked.cancelled_at = now
    locked._change_reason = "Cancelled"  # type: ignore[attr-defined]
    locked.save(update_fields=["cancelled_at", "updated_at"])
    for entry in ShortlistEntry.objects.select_for_update().filter(viewing=locked):
        entry.viewing = None
        entry._change_reason = "Viewing cancelled"  # type: ignore[attr-defined]
        entry.save(update_fields=["viewing", "updated_at"])
    return locked
