"""English bank holidays (England and Wales division) used to seed the editable table.

Source: the published GOV.UK list; substitute days included. Add new years in a data migration or
in admin when they are announced.
"""

from __future__ import annotations

import datetime as dt

ENGLAND_AND_WALES: list[tuple[dt.date, str]] = [
    (dt.date(2024, 1, 1), "New Year’s Day"),
    (dt.date(2024, 3, 29), "Good Friday"),
    (dt.date(2024, 4, 1), "Easter Monday"),
    (dt.date(2024, 5, 6), "Early May bank holiday"),
    (dt.date(2024, 5, 27), "Spring bank holiday"),
    (dt.date(2024, 8, 26), "Summer bank holiday"),
    (dt.date(2024, 12, 25), "Christmas Day"),
    (dt.date(2024, 12, 26), "Boxing Day"),
    (dt.date(2025, 1, 1), "New Year’s Day"),
    (dt.date(2025, 4, 18), "Good Friday"),
    (dt.date(2025, 4, 21), "Easter Monday"),
    (dt.date(2025, 5, 5), "Early May bank holiday"),
    (dt.date(2025, 5, 26), "Spring bank holiday"),
    (dt.date(2025, 8, 25), "Summer bank holiday"),
    (dt.date(2025, 12, 25), "Christmas Day"),
    (dt.date(2025, 12, 26), "Boxing Day"),
    (dt.date(2026, 1, 1), "New Year’s Day"),
    (dt.date(2026, 4, 3), "Good Friday"),
    (dt.date(2026, 4, 6), "Easter Monday"),
    (dt.date(2026, 5, 4), "Early May bank holiday"),
    (dt.date(2026, 5, 25), "Spring bank holiday"),
    (dt.date(2026, 8, 31), "Summer bank holiday"),
    (dt.date(2026, 12, 25), "Christmas Day"),
    (dt.date(2026, 12, 28), "Boxing Day (substitute day)"),
    (dt.date(2027, 1, 1), "New Year’s Day"),
    (dt.date(2027, 3, 26), "Good Friday"),
    (dt.date(2027, 3, 29), "Easter Monday"),
    (dt.date(2027, 5, 3), "Early May bank holiday"),
    (dt.date(2027, 5, 31), "Spring bank holiday"),
    (dt.date(2027, 8, 30), "Summer bank holiday"),
    (dt.date(2027, 12, 27), "Christmas Day (substitute day)"),
    (dt.date(2027, 12, 28), "Boxing Day (substitute day)"),
    (dt.date(2028, 1, 3), "New Year’s Day (substitute day)"),
    (dt.date(2028, 4, 14), "Good Friday"),
    (dt.date(2028, 4, 17), "Easter Monday"),
    (dt.date(2028, 5, 1), "Early May bank holiday"),
    (dt.date(2028, 5, 29), "Spring bank holiday"),
    (dt.date(2028, 8, 28), "Summer bank holiday"),
    (dt.date(2028, 12, 25), "Christmas Day"),
    (dt.date(2028, 12, 26), "Boxing Day"),
]
