"""Nomination SLAs in working days (DOMAIN.md §4.13; Appendix A.5).

Pure functions over dates and a bank-holiday set, so A.5 is a plain test: a re-let notified on a
Friday at 16:00 with a 3-working-day SLA is due by the end of Wednesday; a bank holiday in
between adds a day. A notification after the working day ends (17:00) counts from the next one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

END_OF_WORKING_DAY = dt.time(17, 0)


@dataclass(frozen=True)
class Slas:
    """The working days an agreement allows (the scheme's defaults fill any it leaves blank)."""

    nominate_relet: int = 3
    nominate_first_let: int = 10
    rp_decision: int = 5
    renominate: int = 3


def _working(day: dt.date, holidays: frozenset[dt.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: dt.date, days: int, holidays: Iterable[dt.date]) -> dt.date:
    """The date ``days`` working days after ``start`` (``start`` itself never counts)."""
    hols = frozenset(holidays)
    day, remaining = start, days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if _working(day, hols):
            remaining -= 1
    return day


def counting_from(moment: dt.datetime) -> dt.date:
    """The day the clock starts from: the day of the notification, or the next day when it
    arrives after the working day has ended (the next day is then day 0)."""
    local = moment
    return local.date() if local.time() < END_OF_WORKING_DAY else local.date() + dt.timedelta(
        days=1)


def nominate_by(received_at: dt.datetime, *, first_let: bool, slas: Slas,
                holidays: Iterable[dt.date]) -> dt.date:
    """When the council must nominate by: 3 working days for a re-let, 10 for a first let."""
    days = slas.nominate_first_let if first_let else slas.nominate_relet
    return add_working_days(counting_from(received_at), days, holidays)


def decide_by(sent_at: dt.datetime, *, slas: Slas, holidays: Iterable[dt.date]) -> dt.date:
    """When the provider must decide by: 5 working days after the nomination is sent."""
    return add_working_days(counting_from(sent_at), slas.rp_decision, holidays)


def renominate_by(rejected_at: dt.datetime, *, slas: Slas,
                  holidays: Iterable[dt.date]) -> dt.date:
    """When the council must nominate again after a failed nomination: 3 working days."""
    return add_working_days(counting_from(rejected_at), slas.renominate, holidays)


def working_days_left(today: dt.date, due: dt.date, holidays: Iterable[dt.date]) -> int:
    """Working days from ``today`` to ``due`` (0 on the due day; negative once overdue)."""
    hols = frozenset(holidays)
    if due >= today:
        return sum(1 for n in range(1, (due - today).days + 1)
                   if _working(today + dt.timedelta(days=n), hols))
    return -sum(1 for n in range(0, (today - due).days)
                if _working(due + dt.timedelta(days=n + 1), hols))
