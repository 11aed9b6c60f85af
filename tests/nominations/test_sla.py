"""DOMAIN.md Appendix A.5: nomination SLAs in working days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from nominations.rules.sla import Slas, decide_by, nominate_by, renominate_by, working_days_left

UK = ZoneInfo("Europe/London")
FRIDAY_4PM = dt.datetime(2025, 5, 2, 16, 0, tzinfo=UK)  # Friday 2 May 2025
EARLY_MAY_BANK_HOLIDAY = dt.date(2025, 5, 5)  # Monday


def test_a5_a_relet_notified_friday_at_4pm_is_due_on_wednesday() -> None:
    due = nominate_by(FRIDAY_4PM, first_let=False, slas=Slas(), holidays=[])
    assert due == dt.date(2025, 5, 7)
    assert due.strftime("%A") == "Wednesday"


def test_a5_a_bank_holiday_in_between_adds_a_day() -> None:
    due = nominate_by(FRIDAY_4PM, first_let=False, slas=Slas(),
                      holidays=[EARLY_MAY_BANK_HOLIDAY])
    assert due == dt.date(2025, 5, 8)  # Thursday


def test_a5_the_provider_decides_within_5_working_days_of_the_nomination() -> None:
    sent = dt.datetime(2025, 5, 7, 11, 0, tzinfo=UK)  # Wednesday
    assert decide_by(sent, slas=Slas(), holidays=[]) == dt.date(2025, 5, 14)
    assert decide_by(sent, slas=Slas(), holidays=[dt.date(2025, 5, 9)]) == dt.date(2025, 5, 15)


def test_first_lets_have_10_working_days_and_renomination_3() -> None:
    assert nominate_by(FRIDAY_4PM, first_let=True, slas=Slas(), holidays=[]) == \
        dt.date(2025, 5, 16)
    assert renominate_by(FRIDAY_4PM, slas=Slas(), holidays=[]) == dt.date(2025, 5, 7)


def test_a_notification_after_the_working_day_counts_from_the_next_day() -> None:
    friday_6pm = dt.datetime(2025, 5, 2, 18, 0, tzinfo=UK)
    assert nominate_by(friday_6pm, first_let=False, slas=Slas(), holidays=[]) == \
        dt.date(2025, 5, 7)  # Saturday is day 0: Mon, Tue, Wed
    thursday_6pm = dt.datetime(2025, 5, 1, 18, 0, tzinfo=UK)
    assert nominate_by(thursday_6pm, first_let=False, slas=Slas(), holidays=[]) == \
        dt.date(2025, 5, 7)


def test_agreement_slas_replace_the_defaults() -> None:
    assert nominate_by(FRIDAY_4PM, first_let=False, slas=Slas(nominate_relet=1),
                       holidays=[]) == dt.date(2025, 5, 5)


def test_working_days_left_counts_down_and_goes_negative_when_overdue() -> None:
    due = dt.date(2025, 5, 7)  # Wednesday
    assert working_days_left(dt.date(2025, 5, 2), due, []) == 3
    assert working_days_left(due, due, []) == 0
    assert working_days_left(dt.date(2025, 5, 9), due, []) == -2
    assert working_days_left(dt.date(2025, 5, 12), due, []) == -3  # over the weekend
