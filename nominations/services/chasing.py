"""Chasing nomination SLAs (DOMAIN.md §2 "System: start/stop SLA clocks; send reminders",
§4.13, §5.4 steps 5 and 7).

Every 15 minutes (Celery beat) the sweeper looks at the open vacancies and the nominations the
provider has not decided:

- the council's clock: one working day before the nominate-by date it emails the council and
  the provider "due tomorrow"; once the date has passed with nobody nominated, the vacancy goes
  back to the provider ("SLA lapsed", ``council.request_lapse``) and both are told;
- the provider's clock: one working day before a nomination's decide-by date it emails the
  provider and the council (the officer who sent it, and the council's address) "due tomorrow",
  and again once it is overdue. An undecided nomination is never lapsed automatically: the
  provider is chased, and an officer may withdraw it.

Each reminder sent is recorded in ``request.chased_at`` under its own key (the nominate-by
reminders include the date they are about, so a new date after a rejection gets its own), in the
same transaction as the vacancy's row lock, so running the sweeper twice, or two at once, sends
nothing twice. One transaction per vacancy: one failure does not stop the rest. Emails name the
vacancy, the home and the application reference, never the applicant.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from nominations.models import Nomination, NominationRequest
from nominations.rules.sla import working_days_left
from nominations.services import council
from nominations.services._common import holidays

logger = logging.getLogger(__name__)

UNDECIDED = (Nomination.Status.SENT, Nomination.Status.RP_REVIEWING)


@dataclass
class ChaseCounts:
    nominate_due_soon: int = 0
    lapsed: int = 0
    decide_due_soon: int = 0
    decide_overdue: int = 0
    emails: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)

    def __str__(self) -> str:
        return ", ".join(f"{key}={value}" for key, value in self.as_dict().items())


def _recipients(request: NominationRequest, *extra: str) -> list[str]:
    found = [request.provider.contact_email, settings.COUNCIL_CONTACT_EMAIL, *extra]
    unique: list[str] = []
    for address in found:
        if address and address not in unique:
            unique.append(address)
    return unique


def _date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _send(request: NominationRequest, subject: str, body: str, *extra: str) -> int:
    to = _recipients(request, *extra)
    if not to:
        return 0
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    return 1


def _home(request: NominationRequest) -> str:
    return f"{request.property.address_line_1}, {request.property.postcode}"


def _chase_request(pk: int, now: dt.datetime, counts: ChaseCounts) -> None:
    today = timezone.localdate(now)
    hols = holidays()
    request = (NominationRequest.objects.select_for_update(of=("self",))
               .select_related("provider", "property").get(pk=pk))
    chased: dict[str, Any] = dict(request.chased_at or {})
    stamp = now.isoformat()
    if request.status == NominationRequest.Status.REQUESTED:
        due = request.nominate_by
        left = working_days_left(today, due, hols)
        if due < today:
            key = f"nominate:{due.isoformat()}:overdue"
            if council.request_lapse(request, now=now):
                counts.lapsed += 1
                request.refresh_from_db()
                chased = dict(request.chased_at or {})
                if key not in chased:
                    counts.emails += _send(
                        request, f"Nomination SLA lapsed: {request.reference} returned to "
                                 f"{request.provider.name}",
                        f"The council did not nominate anyone for vacancy {request.reference} "
                        f"({_home(request)}) by {_date(due)}.\n\nThe vacancy has been "
                        f"returned to {request.provider.name}, who may now let the home "
                        f"another way. It is counted under the nomination agreement.")
                    chased[key] = stamp
        elif 0 <= left <= 1:
            key = f"nominate:{due.isoformat()}:due_soon"
            if key not in chased:
                when = "today" if left == 0 else "tomorrow"
                counts.emails += _send(
                    request, f"Nomination due {when}: {request.reference}",
                    f"The council must nominate for vacancy {request.reference} "
                    f"({_home(request)}) by the end of {_date(due)}. Nobody has been nominated "
                    f"yet.\n\nIf nobody is nominated by then, the vacancy goes back to "
                    f"{request.provider.name}.")
                chased[key] = stamp
                counts.nominate_due_soon += 1
    nominations = (Nomination.objects.filter(request=request, status__in=UNDECIDED)
                   .select_related("application", "sent_by").order_by("rank", "pk"))
    for nomination in nominations:
        left = working_days_left(today, nomination.decide_by, hols)
        officer = getattr(nomination.sent_by, "email", "") or ""
        who = nomination.application.reference
        if nomination.decide_by < today:
            key = f"decide:{nomination.pk}:overdue"
            if key not in chased:
                counts.emails += _send(
                    request, f"Nomination decision overdue: {request.reference} ({who})",
                    f"{request.provider.name} was due to decide on the nomination of {who} for "
                    f"vacancy {request.reference} ({_home(request)}) by "
                    f"{_date(nomination.decide_by)}. No decision has been recorded.\n\n"
                    f"Please accept or reject the nomination in the partner portal, with a "
                    f"reason if you reject it.", officer)
                chased[key] = stamp
                counts.decide_overdue += 1
        elif 0 <= left <= 1:
            key = f"decide:{nomination.pk}:due_soon"
            if key not in chased:
                when = "today" if left == 0 else "tomorrow"
                counts.emails += _send(
                    request, f"Nomination decision due {when}: {request.reference} ({who})",
                    f"{request.provider.name} is due to decide on the nomination of {who} for "
                    f"vacancy {request.reference} ({_home(request)}) by the end of "
                    f"{_date(nomination.decide_by)}.\n\nPlease accept or reject the nomination "
                    f"in the partner portal.", officer)
                chased[key] = stamp
                counts.decide_due_soon += 1
    if chased != (request.chased_at or {}):
        request.chased_at = chased
        request._change_reason = "SLA reminder sent"  # type: ignore[attr-defined]
        request.save(update_fields=["chased_at", "updated_at"])


def nominations_chase_due(*, now: dt.datetime | None = None) -> ChaseCounts:
    """Send the SLA reminders that are due and return lapsed vacancies to their provider (see
    the module's docstring). Safe to run twice; returns what it did."""
    now = now or timezone.now()
    counts = ChaseCounts()
    pks = list(NominationRequest.objects.filter(status__in=NominationRequest.OPEN_STATUSES)
               .order_by("nominate_by", "pk").values_list("pk", flat=True))
    for pk in pks:
        try:
            with transaction.atomic():
                _chase_request(pk, now, counts)
        except Exception:  # one vacancy's failure must not stop the others
            counts.failed += 1
            logger.exception("Chasing nomination request %s failed", pk)
    return counts
