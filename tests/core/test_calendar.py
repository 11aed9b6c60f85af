"""The working-day calendar behind every SLA (DOMAIN.md §0 and Appendix A.5)."""

from __future__ import annotations

import datetime as dt

import pytest

from housing.core import calendar
from housing.core.models import BankHoliday

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2026, 11, 20)


def test_relet_vacancy_notified_friday_is_due_wednesday():
    assert FRIDAY.weekday() == 4
    due = calendar.add_working_days(FRIDAY, 3)
    assert due == dt.date(2026, 11, 25)
    assert due.weekday() == 2


def test_bank_holiday_on_the_monday_pushes_the_deadline_to_thursday():
    BankHoliday.objects.create(date=dt.date(2026, 11, 23), title="Extra bank holiday")
    calendar.clear_cache()
    assert calendar.add_working_days(FRIDAY, 3) == dt.date(2026, 11, 26)


def test_provider_decision_due_five_working_days_after_nomination():
    assert calendar.add_working_days(dt.date(2026, 11, 25), 5) == dt.date(2026, 12, 2)


def test_christmas_2026_skips_christmas_day_weekend_and_substitute_boxing_day():
    assert calendar.add_working_days(dt.date(2026, 12, 24), 1) == dt.date(2026, 12, 29)
    assert calendar.add_working_days(dt.date(2026, 12, 23), 2) == dt.date(2026, 12, 29)


def test_counting_backwards_skips_weekends_and_holidays():
    assert calendar.add_working_days(dt.date(2026, 11, 25), -3) == FRIDAY
    assert calendar.add_working_days(dt.date(2026, 12, 29), -1) == dt.date(2026, 12, 24)


def test_zero_working_days_is_the_start_date_itself():
    assert calendar.add_working_days(dt.date(2026, 11, 21), 0) == dt.date(2026, 11, 21)


def test_working_days_between_counts_days_after_start_up_to_end():
    assert calendar.working_days_between(FRIDAY, dt.date(2026, 11, 25)) == 3
    assert calendar.working_days_between(dt.date(2026, 12, 24), dt.date(2026, 12, 29)) == 1
    assert calendar.working_days_between(dt.date(2026, 12, 24), dt.date(2026, 12, 28)) == 0


def test_working_days_between_is_zero_when_end_is_not_after_start():
    assert calendar.working_days_between(FRIDAY, FRIDAY) == 0
    assert calendar.working_days_between(dt.date(2026, 11, 25), FRIDAY) == 0


def test_next_working_day_keeps_a_working_day_and_skips_holidays_and_weekends():
    assert calendar.next_working_day(FRIDAY) == FRIDAY
    assert calendar.next_working_day(dt.date(2026, 11, 21)) == dt.date(2026, 11, 23)
    assert calendar.next_working_day(dt.date(2026, 12, 25)) == dt.date(2026, 12, 29)


def test_is_working_day_knows_weekends_and_bank_holidays():
    assert calendar.is_working_day(FRIDAY)
    assert not calendar.is_working_day(dt.date(2026, 11, 22))  # Sunday
    assert not calendar.is_working_day(dt.date(2026, 12, 28))  # substitute Boxing Day


def test_editing_the_bank_holiday_table_takes_effect_after_clearing_the_cache():
    # Prime the cache with the table as installed by the migration.
    assert calendar.add_working_days(FRIDAY, 3) == dt.date(2026, 11, 25)

    BankHoliday.objects.create(date=dt.date(2026, 11, 24), title="Royal occasion")
    calendar.clear_cache()
    assert calendar.add_working_days(FRIDAY, 3) == dt.date(2026, 11, 26)

    BankHoliday.objects.filter(date=dt.date(2026, 12, 28)).delete()
    calendar.clear_cache()
    assert calendar.add_working_days(dt.date(2026, 12, 24), 1) == dt.date(2026, 12, 28)


@pytest.mark.django_db
def test_a_bank_holiday_added_in_admin_applies_without_waiting_for_the_cache():
    import datetime as dt

    from housing.core.calendar import add_working_days, bank_holidays
    from housing.core.models import BankHoliday

    friday = dt.date(2026, 11, 20)
    assert add_working_days(friday, 3) == dt.date(2026, 11, 25)  # warms the cache
    BankHoliday.objects.create(date=dt.date(2026, 11, 23), title="Extra bank holiday")
    assert dt.date(2026, 11, 23) in bank_holidays()
    assert add_working_days(friday, 3) == dt.date(2026, 11, 26)
