"""Dates and times as people read them (GOV.UK style), in UK time."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def spoken_moment(moment: dt.datetime) -> str:
    """A moment in UK time as people say it: "2:30pm on Friday 27 November 2026" ("midday"
    and "midnight" rather than 12:00pm and 12:00am, as GOV.UK style does)."""
    local = timezone.localtime(moment)
    if (local.hour, local.minute) == (12, 0):
        time = "midday"
    elif (local.hour, local.minute) == (0, 0):
        time = "midnight"
    else:
        time = f"{local.hour % 12 or 12}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"
    return f"{time} on {local:%A} {local.day} {local:%B %Y}"
