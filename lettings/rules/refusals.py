"""Refusal penalties (DOMAIN.md §4.9 rules 4–5, 8; Appendix A.4). Pure functions.

Default: a second unreasonable refusal within 12 months suspends bidding for 6 months from the
day of that refusal. Reasonable refusals and offers the landlord withdrew never count.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Penalty:
    suspended_from: dt.date
    suspended_until: dt.date
    counted: tuple[dt.date, ...]
    window_months: int = 12

    @property
    def reason(self) -> str:
        dates = " and ".join(f"{d.day} {d:%B %Y}" for d in self.counted)
        return (f"Bidding suspended until {self.suspended_until.day} "
                f"{self.suspended_until:%B %Y}: {len(self.counted)} offers refused without good "
                f"reason in {self.window_months} months ({dates}).")


def refusal_penalty(*, unreasonable_refusals: Sequence[dt.date], on: dt.date, limit: int,
                    window_months: int, suspension_months: int) -> Penalty | None:
    """The suspension that the unreasonable refusal on ``on`` brings, if it is the ``limit``-th
    within ``window_months`` (counting it). ``unreasonable_refusals`` includes ``on``."""
    since = add_months(on, -window_months)
    counted = tuple(sorted(d for d in unreasonable_refusals if since < d <= on))
    if limit <= 0 or len(counted) < limit:
        return None
    return Penalty(suspended_from=on, suspended_until=add_months(on, suspension_months),
                   counted=counted, window_months=window_months)


def removes_priority(*, band: str, high_bands: Sequence[str], enabled: bool) -> bool:
    """§4.9 rule 5: an applicant in a priority band who refuses a suitable offer without good
    reason loses that priority (the officer then reassesses the band)."""
    return enabled and band in high_bands
