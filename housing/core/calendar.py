"""Working-day calendar for every SLA and deadline (DOMAIN.md §0: working days exclude weekends and
English bank holidays)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.cache import cache

_CACHE_KEY = "core:bank-holidays:v1"


def bank_holidays() -> frozenset[dt.date]:
    """All bank holiday dates, cached briefly (the table changes a few times a year)."""
    cached = cache.get(_CACHE_KEY)
    if cached is None:
        from housing.core.models import BankHoliday

        cached = frozenset(BankHoliday.objects.values_list("date", flat=True))
        cache.set(_CACHE_KEY, cached, 300)
    return frozenset(cached)


def clear_cache() -> None:
    cache.delete(_CACHE_KEY)


def is_working_day(day: dt.date, holidays: Iterable[dt.date] | None = None) -> bool:
    """Monday to Friday and not a bank holiday."""
    hols = bank_holidays() if holidays is None else holidays
    return day.weekday() < 5 and day not in hols


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (``start`` itself is never counted).

    A vacancy notified on Friday with a 3-working-day SLA is due on Wednesday; a bank holiday in
    between pushes it to Thursday (DOMAIN.md Appendix A.5). Negative ``days`` count backwards.
    """
    hols = bank_holidays()
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    day = start
    while remaining:
        day += dt.timedelta(days=step)
        if is_working_day(day, hols):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``)."""
    if end <= start:
        return 0
    hols = bank_holidays()
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, hols):
            count += 1
    return count


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself if it is a working day, else the next one."""
    hols = bank_holidays()
    while not is_working_day(day, hols):
        day += dt.timedelta(days=1)
    return day
