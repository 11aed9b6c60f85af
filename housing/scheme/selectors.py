"""Reads of the scheme configuration."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from housing.core.exceptions import ApplicationError
from housing.scheme.models import SchemeVersion


def scheme_in_force(*, on: dt.date | None = None) -> SchemeVersion:
    """The published scheme version that applies on ``on`` (default today, London time)."""
    on = on or timezone.localdate()
    version = (SchemeVersion.objects.filter(status=SchemeVersion.Status.PUBLISHED,
                                            effective_from__lte=on)
               .order_by("-effective_from").first())
    if version is None:
        raise ApplicationError(f"No allocation scheme is in force on {on:%d %B %Y}. An "
                               "administrator must publish one.")
    return version
