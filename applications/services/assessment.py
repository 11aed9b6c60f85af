"""Recalculated assessment outputs kept on the application (bedroom need and its reasons)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from applications.models import Application


@transaction.atomic
def application_bedroom_need_refresh(*, application: Application, actor: Any) -> Application:
    """Work out the bedroom need from the household now (DOMAIN.md §4.5) and store it with its
    reasons. Called whenever the household changes, and when a manager approves an extra
    bedroom on medical grounds."""
    from applications.priority import extra_bedroom_reasons
    from applications.rules.bedroom_need import BedroomRules, bedroom_need
    from applications.selectors import occupants_for
    from housing.scheme.selectors import scheme_in_force

    today = timezone.localdate()
    scheme = application.scheme_version or scheme_in_force(on=today)
    result = bedroom_need(occupants_for(application), BedroomRules.from_scheme(scheme), today,
                          extra_bedroom_reasons=extra_bedroom_reasons(application))
    application.bedroom_need = result.bedrooms
    application.eligible_sizes = list(result.eligible_sizes)
    application.bedroom_reasons = list(result.reasons)
    application._change_reason = "Bedroom need worked out"  # type: ignore[attr-defined]
    application.save(update_fields=["bedroom_need", "eligible_sizes", "bedroom_reasons",
                                    "updated_at"])
    return application
