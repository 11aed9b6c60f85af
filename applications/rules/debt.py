"""Housing-related debt: how much counts, and whether it stands in the way (DOMAIN.md §4.10).

1. Qualifying debt is the sum of the household's debts of the scheme's types, owed by someone
   who will be a tenant, that arose within the look-back period, leaving out debts caused by an
   abuser (when the scheme says so) and debts caused by benefit delays — not the applicant's
   making. Council tax and parking debts are never housing debts.
2. The threshold is an amount (default £500) or a number of weeks' rent.
3. Above the threshold with no arrangement kept for long enough (default 6 months), the debt
   blocks: what that means (bypassed at offer, bidding suspended, or a lower band) is the
   scheme's ``debt_effect``; a manager may override it.

Pure Python: no Django imports.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

__all__ = ["DebtFacts", "DebtPolicy", "DebtResult", "assess_debt"]

TYPE_LABELS = {
    "rent_arrears": "rent arrears", "ta_charges": "temporary accommodation charges",
    "rechargeable_repairs": "rechargeable repairs", "court_costs": "housing court costs",
    "hb_overpayment": "Housing Benefit overpayment", "other": "other debt",
}
EFFECT_TEXT = {
    "bypass": "you can stay on the register and bid, but we cannot offer you a home",
    "suspend": "your bidding is suspended",
    "reduce": "your priority is reduced",
}


def _money(value: Decimal) -> str:
    return f"£{value:,.2f}"


def _months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + (end.month - start.month)
    return months - (1 if end.day < start.day else 0)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class DebtFacts:
    """One debt as the rule sees it."""

    id: int
    type: str
    amount: Decimal
    owed_by_tenant: bool = True
    accrued_date: date | None = None
    weekly_rent_reference: Decimal | None = None
    has_arrangement: bool = False
    arrangement_kept_since: date | None = None
    domestic_abuse_related: bool = False
    benefit_delay_related: bool = False
    cleared: bool = False
    label: str = ""


@dataclass(frozen=True)
class DebtPolicy:
    types: tuple[str, ...]
    lookback_years: int = 6
    threshold_amount: Decimal | None = Decimal("500")
    threshold_weeks_rent: int | None = None
    arrangement_months: int = 6
    exclude_domestic_abuse_related: bool = True
    effect: str = "bypass"

    @classmethod
    def from_scheme(cls, scheme: Any) -> DebtPolicy:
        amount = scheme.debt_threshold_amount
        return cls(types=tuple(scheme.debt_types or ()),
                   lookback_years=int(scheme.debt_lookback_years),
                   threshold_amount=Decimal(amount) if amount is not None else None,
                   threshold_weeks_rent=scheme.debt_threshold_weeks_rent,
                   arrangement_months=int(scheme.debt_arrangement_months),
                   exclude_domestic_abuse_related=bool(
                       scheme.debt_exclude_domestic_abuse_related),
                   effect=str(scheme.debt_effect))


@dataclass(frozen=True)
class DebtResult:
    qualifying_debt: Decimal
    threshold: Decimal | None
    over_threshold: bool
    arrangement_kept: bool
    blocks: bool
    counted: tuple[int, ...]
    excluded: tuple[tuple[int, str], ...]
    reasons: tuple[str, ...]
    what_would_lift: tuple[str, ...]
    effect: str


def _threshold(policy: DebtPolicy, debts: Sequence[DebtFacts]) -> tuple[Decimal | None, str]:
    if policy.threshold_weeks_rent:
        rents = [d.weekly_rent_reference for d in debts if d.weekly_rent_reference]
        if rents:
            rent = max(rents)
            value = rent * policy.threshold_weeks_rent
            return value, (f"{policy.threshold_weeks_rent} weeks' rent ({_money(value)} at "
                           f"{_money(rent)} a week)")
    if policy.threshold_amount is not None:
        return policy.threshold_amount, _money(policy.threshold_amount)
    return None, ""


def assess_debt(debts: Iterable[DebtFacts], policy: DebtPolicy, today: date) -> DebtResult:
    """Qualifying debt, the threshold, and whether the debt blocks (DOMAIN §4.10)."""
    debts = list(debts)
    cutoff = _years_before(today, policy.lookback_years)
    counted: list[DebtFacts] = []
    excluded: list[tuple[int, str]] = []
    for debt in debts:
        name = debt.label or TYPE_LABELS.get(debt.type, debt.type)
        if debt.cleared or debt.amount <= 0:
            excluded.append((debt.id, f"The {name} has been cleared."))
        elif debt.type not in policy.types:
            excluded.append((debt.id, f"The {name} is not a type of housing debt the scheme "
                                      "counts."))
        elif not debt.owed_by_tenant:
            excluded.append((debt.id, f"The {name} is owed by someone who will not be a "
                                      "tenant."))
        elif debt.accrued_date is not None and debt.accrued_date < cutoff:
            excluded.append((debt.id, f"The {name} arose more than {policy.lookback_years} "
                                      "years ago."))
        elif debt.domestic_abuse_related and policy.exclude_domestic_abuse_related:
            excluded.append((debt.id, f"The {name} was caused by domestic abuse, so it is not "
                                      "held against you."))
        elif debt.benefit_delay_related:
            excluded.append((debt.id, f"The {name} was caused by benefit delays, not by you."))
        else:
            counted.append(debt)
    total = sum((d.amount for d in counted), Decimal("0"))
    threshold, threshold_text = _threshold(policy, counted)
    over = threshold is not None and total > threshold
    kept = bool(counted) and all(
        d.has_arrangement and d.arrangement_kept_since is not None
        and _months_between(d.arrangement_kept_since, today) >= policy.arrangement_months
        for d in counted)
    blocks = over and not kept
    reasons: list[str] = []
    lift: list[str] = []
    if not counted:
        reasons.append("You have no housing-related debt that counts under the scheme.")
    else:
        reasons.append(f"Your housing-related debt that counts is {_money(total)}.")
        if threshold is None:
            reasons.append("The scheme sets no debt threshold.")
        elif not over:
            reasons.append(f"This is not more than the threshold of {threshold_text}.")
        elif kept:
            reasons.append(f"This is more than the threshold of {threshold_text}, but you have "
                           f"kept to a repayment arrangement for at least "
                           f"{policy.arrangement_months} months, so it does not count "
                           "against you.")
        else:
            reasons.append(f"This is more than the threshold of {threshold_text} and you have "
                           f"not kept to a repayment arrangement for "
                           f"{policy.arrangement_months} months, so "
                           f"{EFFECT_TEXT.get(policy.effect, policy.effect)}.")
            lift.append(f"Make a repayment arrangement and keep to it for "
                        f"{policy.arrangement_months} months, or bring the debt to "
                        f"{threshold_text} or less.")
            lift.append("A manager may agree an exception, for example where the debt is being "
                        "cleared or the move would reduce your rent.")
    return DebtResult(qualifying_debt=total, threshold=threshold, over_threshold=over,
                      arrangement_kept=kept, blocks=blocks,
                      counted=tuple(d.id for d in counted), excluded=tuple(excluded),
                      reasons=tuple(reasons), what_would_lift=tuple(lift), effect=policy.effect)
