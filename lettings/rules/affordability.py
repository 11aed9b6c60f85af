"""Can the household afford the rent? (DOMAIN.md §5.3 step 1.)

All amounts are per week. Income counts earnings, Universal Credit, the help with housing costs
expected for this home (the UC housing element or Housing Benefit), other benefits and other
income. The rent and charges and the essential outgoings come off; what is left is the residual.
The shortfall is the rent and charges that help with housing costs does not meet.

The result is advice for the officer, not a refusal: under public-law standards the household
gets the benefit of the doubt where the evidence is inconclusive (National Housing Federation,
"Allocating social rented housing: affordability checks"), and a household that looks unable to
afford the home is referred for money advice and a Discretionary Housing Payment before anyone
decides against them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
PENNY = Decimal("0.01")

REFERRALS: dict[str, str] = {
    "money_advice": "Money advice (budgeting and income maximisation)",
    "debt_advice": "Debt advice",
    "dhp": "Discretionary Housing Payment application",
    "housing_costs_claim": "Start a claim for help with housing costs",
}

AFFORDABLE = "affordable"
AFFORDABLE_WITH_ADVICE = "affordable_with_advice"
NOT_AFFORDABLE = "not_affordable"


@dataclass(frozen=True)
class AffordabilityFacts:
    rent_and_charges: Decimal
    earnings: Decimal = ZERO
    universal_credit: Decimal = ZERO
    housing_support: Decimal = ZERO
    other_benefits: Decimal = ZERO
    other_income: Decimal = ZERO
    council_tax: Decimal = ZERO
    utilities: Decimal = ZERO
    food_and_household: Decimal = ZERO
    travel: Decimal = ZERO
    childcare: Decimal = ZERO
    debt_repayments: Decimal = ZERO
    other_outgoings: Decimal = ZERO
    evidence_inconclusive: bool = False


@dataclass(frozen=True)
class AffordabilityThresholds:
    min_residual_weekly: Decimal = Decimal("60.00")
    max_rent_share_pct: int = 40


@dataclass(frozen=True)
class AffordabilityOutcome:
    total_income: Decimal
    total_outgoings: Decimal
    residual: Decimal
    shortfall: Decimal
    rent_share_pct: Decimal
    result: str
    reasons: tuple[str, ...]
    referrals: tuple[str, ...]


def _money(value: Decimal) -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.2f}"


def assess_affordability(facts: AffordabilityFacts,
                         thresholds: AffordabilityThresholds) -> AffordabilityOutcome:
    """Work out the figures and the result (see the module docstring)."""
    amounts = [facts.rent_and_charges, facts.earnings, facts.universal_credit,
               facts.housing_support, facts.other_benefits, facts.other_income,
               facts.council_tax, facts.utilities, facts.food_and_household, facts.travel,
               facts.childcare, facts.debt_repayments, facts.other_outgoings]
    if any(amount < 0 for amount in amounts):
        raise ValueError("Affordability amounts cannot be negative.")
    income = (facts.earnings + facts.universal_credit + facts.housing_support
              + facts.other_benefits + facts.other_income)
    outgoings = (facts.council_tax + facts.utilities + facts.food_and_household + facts.travel
                 + facts.childcare + facts.debt_repayments + facts.other_outgoings)
    rent = facts.rent_and_charges
    residual = income - rent - outgoings
    shortfall = max(rent - facts.housing_support, ZERO)
    own_income = income - facts.housing_support
    if shortfall == 0:
        share = ZERO
    elif own_income <= 0:
        share = Decimal("100")
    else:
        share = min(shortfall * 100 / own_income, Decimal("100"))
    share = share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    reasons = [
        f"Weekly income {_money(income)}, of which help with housing costs "
        f"{_money(facts.housing_support)}.",
        f"Rent and charges {_money(rent)} a week; essential outgoings {_money(outgoings)} a "
        "week.",
        f"Left each week after rent, charges and essential outgoings: {_money(residual)}.",
    ]
    if shortfall > 0:
        reasons.append(f"Help with housing costs leaves {_money(shortfall)} a week of the rent "
                       f"and charges to pay from other income ({share}% of it).")
    referrals: list[str] = []
    low_residual = residual < thresholds.min_residual_weekly
    high_share = share > thresholds.max_rent_share_pct

    if residual < 0:
        referrals += ["money_advice", "dhp"]
        if facts.evidence_inconclusive:
            result = AFFORDABLE_WITH_ADVICE
            reasons.append("On these figures the household would be short each week, but the "
                           "evidence is inconclusive, so they get the benefit of the doubt: "
                           "refer them for money advice and a Discretionary Housing Payment.")
        else:
            result = NOT_AFFORDABLE
            reasons.append("On the evidence the household cannot meet the rent, charges and "
                           "essential outgoings. Refer them for money advice and a "
                           "Discretionary Housing Payment; a manager decides whether the "
                           "tenancy can go ahead.")
    elif low_residual or high_share:
        result = AFFORDABLE_WITH_ADVICE
        referrals.append("money_advice")
        if low_residual:
            reasons.append(f"Less than {_money(thresholds.min_residual_weekly)} a week is left, "
                           "so refer the household for money advice.")
        if high_share:
            reasons.append(f"More than {thresholds.max_rent_share_pct}% of the household's "
                           "own income goes on rent and charges, so refer them for money "
                           "advice.")
    else:
        result = AFFORDABLE
        reasons.append("The household can afford the rent and charges.")
    if facts.debt_repayments > 0 and result != AFFORDABLE:
        referrals.append("debt_advice")
    if facts.housing_support == 0 and facts.universal_credit > 0:
        referrals.append("housing_costs_claim")
        reasons.append("The household receives Universal Credit but no housing element is "
                       "recorded for this home: help them report the new rent.")
    return AffordabilityOutcome(
        total_income=income.quantize(PENNY), total_outgoings=outgoings.quantize(PENNY),
        residual=residual.quantize(PENNY), shortfall=shortfall.quantize(PENNY),
        rent_share_pct=share, result=result, reasons=tuple(reasons),
        referrals=tuple(dict.fromkeys(referrals)))
