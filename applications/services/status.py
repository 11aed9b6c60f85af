"""The one place that changes an application's status (DOMAIN.md §3.1 lifecycle)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from applications.models import Application
from housing.core.exceptions import IllegalTransition

_LABELS = dict(Application.Status.choices)


@transaction.atomic
def application_transition(*, application: Application, to: str, actor: Any, reason: str,
                           closed_reason: str = "",
                           suspended_until: dt.date | None = None) -> Application:
    """Move ``application`` to status ``to``, refusing any move the transitions table does not
    allow, and record who did it and why in the case history. Suspending bidding keeps the
    reason (the applicant reads it on every advert) and, for a penalty, its end date."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.can_move_to(to):
        raise IllegalTransition(
            f"An application that is “{_LABELS[locked.status]}” cannot become "
            f"“{_LABELS.get(to, to)}”.",
            {"status": [f"Not allowed from “{_LABELS[locked.status]}”."]},
        )
    locked.status = to
    fields = ["status", "updated_at"]
    if to == Application.Status.ACTIVE_SUSPENDED:
        locked.suspension_reason = reason[:300]
        locked.suspended_until = suspended_until
        fields += ["suspension_reason", "suspended_until"]
    elif locked.suspension_reason or locked.suspended_until:
        locked.suspension_reason = ""
        locked.suspended_until = None
        fields += ["suspension_reason", "suspended_until"]
    if to == Application.Status.CLOSED:
        locked.closed_at = timezone.now()
        locked.closed_reason = closed_reason or reason[:60]
        locked.closure_proposed_at = None
        locked.closure_proposed_reason = ""
        fields += ["closed_at", "closed_reason", "closure_proposed_at", "closure_proposed_reason"]
    locked._change_reason = reason  # type: ignore[attr-defined]
    locked.save(update_fields=fields)
    application.refresh_from_db()
    return locked
