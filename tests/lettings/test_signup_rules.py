"""The pure rules behind sign-ups (DOMAIN.md §4.16, §5.3): which tenancy a new tenant gets, who
may hold it jointly, whether the household can afford it, which checks are outstanding, and the
CORE lettings log record. No database."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from applications.rules.eligibility import EligibilityOutcome, EligibilityResult
from lettings.rules.affordability import (
    AFFORDABLE,
    AFFORDABLE_WITH_ADVICE,
    NOT_AFFORDABLE,
    AffordabilityFacts,
    AffordabilityThresholds,
    assess_affordability,
)
from lettings.rules.core_log import CoreLogFacts, CorePerson, assemble_core_log
from lettings.rules.signup_checks import BY_CODE, CHECKS, outstanding_checks
from lettings.rules.tenancy_type import (
    ASSURED,
    FLEXIBLE,
    INTRODUCTORY,
    SECURE,
    STARTER,
    TenancyPolicy,
    TenantFacts,
    joint_tenancy,
    tenancy_type_for,
)

START = dt.date(2026, 6, 1)
NEW = TenantFacts("Maya Thornbury")
TRANSFER = TenantFacts("Priya Castell", existing_social_tenant=True)
FLED = TenantFacts("Dana Reyes", existing_social_tenant=True, fled_domestic_abuse=True)


def council(*tenants: TenantFacts, policy: TenancyPolicy | None = None,
            home_is_flexible: bool = False, start: dt.date = START) -> Any:
    return tenancy_type_for(landlord_type="LA", home_is_flexible=home_is_flexible,
                            tenants=list(tenants) or [NEW], start=start,
                            policy=policy or TenancyPolicy())


def provider(*tenants: TenantFacts, start: dt.date = START,
             until: dt.date | None = dt.date(2026, 5, 1)) -> Any:
    return tenancy_type_for(landlord_type="PRP", home_is_flexible=False,
                            tenants=list(tenants) or [NEW], start=start,
                            policy=TenancyPolicy(rp_starter_until=until))


def shape(decision: Any) -> tuple[Any, ...]:
    return (decision.tenancy_type, decision.converts_to, decision.probation_months,
            decision.fixed_term_years)


# --- Tenancy type (§4.16) -----------------------------------------------------------------------

def test_new_council_tenant_gets_an_introductory_tenancy_that_becomes_secure() -> None:
    decision = council(NEW)
    assert shape(decision) == (INTRODUCTORY, SECURE, 12, None)
    assert len(decision.reasons) == 1
    assert "introductory tenancy of 12 months" in decision.reasons[0]
    assert "Housing Act 1996 s124" in decision.reasons[0]
    assert "a secure tenancy" in decision.reasons[0]


def test_introductory_length_comes_from_the_policy() -> None:
    decision = council(NEW, policy=TenancyPolicy(introductory_months=18))
    assert shape(decision) == (INTRODUCTORY, SECURE, 18, None)
    assert "introductory tenancy of 18 months" in decision.reasons[0]


def test_council_that_gives_secure_tenancies_from_the_start() -> None:
    decision = council(NEW, policy=TenancyPolicy(council_new_tenants=SECURE))
    assert shape(decision) == (SECURE, "", None, None)
    assert "a secure tenancy from the start" in decision.reasons[0]


def test_flexible_policy_for_all_new_tenancies() -> None:
    policy = TenancyPolicy(flexible_policy="all", flexible_term_years=5)
    for home_is_flexible in (False, True):
        decision = council(NEW, policy=policy, home_is_flexible=home_is_flexible)
        assert shape(decision) == (INTRODUCTORY, FLEXIBLE, 12, 5)
        assert "flexible tenancy for a fixed term of 5 years" in decision.reasons[0]
        assert "flexible tenancies for all new tenancies" in decision.reasons[0]


def test_flexible_policy_for_all_with_secure_from_the_start_is_flexible_at_once() -> None:
    policy = TenancyPolicy(council_new_tenants=SECURE, flexible_policy="all",
                           flexible_term_years=7)
    assert shape(council(NEW, policy=policy)) == (FLEXIBLE, "", None, 7)


def test_flexible_policy_by_property_applies_only_to_homes_marked_flexible() -> None:
    policy = TenancyPolicy(flexible_policy="property", flexible_term_years=5)
    marked = council(NEW, policy=policy, home_is_flexible=True)
    assert shape(marked) == (INTRODUCTORY, FLEXIBLE, 12, 5)
    assert "lets this home on a flexible tenancy" in marked.reasons[0]
    unmarked = council(NEW, policy=policy, home_is_flexible=False)
    assert shape(unmarked) == (INTRODUCTORY, SECURE, 12, None)
    assert "flexible" not in unmarked.reasons[0]


def test_no_flexible_policy_ignores_a_home_marked_flexible() -> None:
    assert shape(council(NEW, home_is_flexible=True)) == (INTRODUCTORY, SECURE, 12, None)


@pytest.mark.parametrize(("configured", "expected"), [(0, 2), (1, 2), (2, 2), (10, 10)])
def test_flexible_term_is_never_below_two_years(configured: int, expected: int) -> None:
    policy = TenancyPolicy(flexible_policy="all", flexible_term_years=configured)
    decision = council(NEW, policy=policy)
    assert decision.fixed_term_years == expected
    assert f"fixed term of {expected} years" in decision.reasons[0]


def test_existing_social_tenant_gets_a_secure_tenancy_even_under_a_flexible_policy() -> None:
    for policy in (TenancyPolicy(), TenancyPolicy(flexible_policy="all"),
                   TenancyPolicy(flexible_policy="property")):
        decision = council(TRANSFER, policy=policy, home_is_flexible=True)
        assert shape(decision) == (SECURE, "", None, None)
        assert "Priya Castell is already a social tenant" in decision.reasons[0]
        assert "s124(2)" in decision.reasons[0]


def test_a_joint_tenant_who_is_already_a_social_tenant_makes_the_tenancy_secure() -> None:
    decision = council(NEW, TRANSFER)
    assert shape(decision) == (SECURE, "", None, None)
    assert decision.reasons[0].startswith("Priya Castell is already a social tenant")


def test_domestic_abuse_rule_applies_on_and_after_its_date() -> None:
    policy = TenancyPolicy(flexible_policy="all", da_non_flexible_from=START)
    for start in (START, START + dt.timedelta(days=1)):
        decision = council(FLED, policy=policy, start=start)
        assert shape(decision) == (SECURE, "", None, None)
        assert "Dana Reyes is a social tenant moving because of domestic abuse" in \
            decision.reasons[0]
        assert "Housing Act 1985 s81ZA" in decision.reasons[0]


def test_before_the_domestic_abuse_date_the_existing_tenant_rule_applies() -> None:
    policy = TenancyPolicy(flexible_policy="all", da_non_flexible_from=START)
    decision = council(FLED, policy=policy, start=START - dt.timedelta(days=1))
    assert shape(decision) == (SECURE, "", None, None)
    assert "domestic abuse" not in decision.reasons[0]
    assert "Dana Reyes is already a social tenant" in decision.reasons[0]
    assert "s124(2)" in decision.reasons[0]


def test_domestic_abuse_rule_with_no_date_set_falls_back_to_the_existing_tenant_rule() -> None:
    decision = council(FLED, policy=TenancyPolicy(da_non_flexible_from=None))
    assert "s124(2)" in decision.reasons[0]
    assert "domestic abuse" not in decision.reasons[0]


def test_domestic_abuse_alone_does_not_make_a_new_tenant_secure() -> None:
    fled_new = TenantFacts("Dana Reyes", fled_domestic_abuse=True)
    policy = TenancyPolicy(da_non_flexible_from=dt.date(2020, 1, 1))
    assert shape(council(fled_new, policy=policy)) == (INTRODUCTORY, SECURE, 12, None)


def test_housing_association_new_tenant_starts_on_a_starter_tenancy_before_the_cut_off() -> None:
    decision = provider(NEW, start=dt.date(2026, 4, 30))
    assert shape(decision) == (STARTER, ASSURED, 12, None)
    assert "12-month starter tenancy" in decision.reasons[0]


def test_housing_association_new_tenant_gets_assured_on_and_after_the_cut_off() -> None:
    for start in (dt.date(2026, 5, 1), dt.date(2026, 5, 2)):
        decision = provider(NEW, start=start)
        assert shape(decision) == (ASSURED, "", None, None)
        assert "on or after 1 May 2026" in decision.reasons[0]
        assert "Renters' Rights Act 2025" in decision.reasons[0]


def test_housing_association_with_no_cut_off_keeps_starter_tenancies() -> None:
    assert shape(provider(NEW, start=dt.date(2030, 1, 1), until=None)) == (
        STARTER, ASSURED, 12, None)


def test_housing_association_existing_tenant_gets_assured_even_before_the_cut_off() -> None:
    decision = provider(TRANSFER, start=dt.date(2026, 1, 5))
    assert shape(decision) == (ASSURED, "", None, None)
    assert "Priya Castell is already a social tenant" in decision.reasons[0]


def test_housing_association_ignores_the_councils_flexible_policy() -> None:
    decision = tenancy_type_for(landlord_type="PRP", home_is_flexible=True, tenants=[NEW],
                                start=dt.date(2026, 4, 1),
                                policy=TenancyPolicy(flexible_policy="all",
                                                     rp_starter_until=dt.date(2026, 5, 1)))
    assert shape(decision) == (STARTER, ASSURED, 12, None)


def test_tenancy_type_needs_at_least_the_lead_tenant() -> None:
    with pytest.raises(ValueError, match="lead tenant"):
        tenancy_type_for(landlord_type="LA", home_is_flexible=False, tenants=[],
                         start=START, policy=TenancyPolicy())


# --- Joint tenancy (s160ZA(1)(b)) ---------------------------------------------------------------

def person(name: str, outcome: EligibilityOutcome) -> EligibilityResult:
    return EligibilityResult(outcome=outcome, reasons=(f"{name}: {outcome}",), basis="x",
                             person=name)


def test_joint_tenancy_allowed_when_everyone_is_eligible() -> None:
    decision = joint_tenancy([person("Sam", EligibilityOutcome.ELIGIBLE),
                              person("Jo", EligibilityOutcome.EXEMPT_EXISTING_TENANT)])
    assert decision.allowed
    assert (decision.not_eligible, decision.undecided) == ((), ())
    assert "Everyone who will sign is eligible" in decision.reason


def test_joint_tenancy_refused_when_a_joint_tenant_is_not_eligible() -> None:
    decision = joint_tenancy([person("Sam", EligibilityOutcome.ELIGIBLE),
                              person("Jo", EligibilityOutcome.INELIGIBLE)])
    assert not decision.allowed
    assert decision.not_eligible == ("Jo",)
    assert "because Jo is not eligible" in decision.reason
    assert "s160ZA(1)(b)" in decision.reason
    assert "lead tenant's sole name" in decision.reason


def test_joint_tenancy_names_everyone_who_is_not_eligible() -> None:
    decision = joint_tenancy([person("Sam", EligibilityOutcome.ELIGIBLE),
                              person("Jo", EligibilityOutcome.INELIGIBLE),
                              person("Kim", EligibilityOutcome.INELIGIBLE),
                              person("Lee", EligibilityOutcome.INELIGIBLE)])
    assert decision.not_eligible == ("Jo", "Kim", "Lee")
    assert "Jo, Kim and Lee are not eligible" in decision.reason


def test_joint_tenancy_waits_for_an_undecided_eligibility() -> None:
    decision = joint_tenancy([person("Sam", EligibilityOutcome.ELIGIBLE),
                              person("Jo", EligibilityOutcome.NEEDS_OFFICER_DECISION)])
    assert not decision.allowed
    assert (decision.not_eligible, decision.undecided) == ((), ("Jo",))
    assert "until an officer has decided whether Jo is eligible" in decision.reason


def test_ineligibility_is_reported_before_an_undecided_person() -> None:
    decision = joint_tenancy([person("Sam", EligibilityOutcome.ELIGIBLE),
                              person("Jo", EligibilityOutcome.NEEDS_OFFICER_DECISION),
                              person("Kim", EligibilityOutcome.INELIGIBLE)])
    assert not decision.allowed
    assert decision.not_eligible == ("Kim",)
    assert decision.undecided == ("Jo",)
    assert "Kim is not eligible" in decision.reason


def test_a_single_person_is_not_a_joint_tenancy() -> None:
    for results in ([], [person("Sam", EligibilityOutcome.ELIGIBLE)]):
        decision = joint_tenancy(results)
        assert not decision.allowed
        assert decision.reason == "There is no joint tenant."


# --- Affordability (§5.3 step 1) ----------------------------------------------------------------

THRESHOLDS = AffordabilityThresholds(min_residual_weekly=Decimal("60.00"), max_rent_share_pct=40)
D = Decimal


def test_affordable_with_hand_worked_figures() -> None:
    facts = AffordabilityFacts(
        rent_and_charges=D("110.00"), earnings=D("450.00"), other_benefits=D("20.00"),
        council_tax=D("25.00"), utilities=D("35.00"), food_and_household=D("90.00"),
        travel=D("20.00"), debt_repayments=D("10.00"), other_outgoings=D("5.00"))
    outcome = assess_affordability(facts, THRESHOLDS)
    # Income 450 + 20 = 470; outgoings 25 + 35 + 90 + 20 + 10 + 5 = 185;
    # residual 470 − 110 − 185 = 175; nothing from housing support, so the whole 110 is a
    # shortfall: 110 / 470 = 23.40…%.
    assert outcome.total_income == D("470.00")
    assert outcome.total_outgoings == D("185.00")
    assert outcome.residual == D("175.00")
    assert outcome.shortfall == D("110.00")
    assert outcome.rent_share_pct == D("23.4")
    assert outcome.result == AFFORDABLE
    assert outcome.referrals == ()
    assert outcome.reasons[0] == ("Weekly income £470.00, of which help with housing costs "
                                  "£0.00.")
    assert outcome.reasons[1] == ("Rent and charges £110.00 a week; essential outgoings "
                                  "£185.00 a week.")
    assert outcome.reasons[2] == ("Left each week after rent, charges and essential outgoings: "
                                  "£175.00.")
    assert "£110.00 a week of the rent and charges to pay from other income (23.4% of it)" in \
        outcome.reasons[3]
    assert outcome.reasons[-1] == "The household can afford the rent and charges."


def test_housing_support_that_meets_the_whole_rent_leaves_no_shortfall() -> None:
    facts = AffordabilityFacts(rent_and_charges=D("110.00"), universal_credit=D("250.00"),
                               housing_support=D("110.00"), food_and_household=D("80.00"),
                               utilities=D("30.00"))
    outcome = assess_affordability(facts, THRESHOLDS)
    # Income 250 + 110 = 360; residual 360 − 110 − 110 = 140; shortfall 0, share 0.
    assert (outcome.total_income, outcome.residual, outcome.shortfall,
            outcome.rent_share_pct) == (D("360.00"), D("140.00"), D("0.00"), D("0.0"))
    assert outcome.result == AFFORDABLE
    assert outcome.referrals == ()
    assert not any("to pay from other income" in r for r in outcome.reasons)


def test_low_residual_is_affordable_with_money_advice() -> None:
    facts = AffordabilityFacts(rent_and_charges=D("110.00"), earnings=D("300.00"),
                               food_and_household=D("100.00"), utilities=D("40.00"))
    outcome = assess_affordability(facts, THRESHOLDS)
    # Residual 300 − 110 − 140 = 50 (< 60); share 110 / 300 = 36.7% (not over 40).
    assert (outcome.residual, outcome.rent_share_pct) == (D("50.00"), D("36.7"))
    assert outcome.result == AFFORDABLE_WITH_ADVICE
    assert outcome.referrals == ("money_advice",)
    assert any("Less than £60.00 a week is left" in r for r in outcome.reasons)
    assert not any("More than 40%" in r for r in outcome.reasons)


def test_high_rent_share_is_affordable_with_money_advice() -> None:
    facts = AffordabilityFacts(rent_and_charges=D("110.00"), earnings=D("250.00"),
                               food_and_household=D("50.00"))
    outcome = assess_affordability(facts, THRESHOLDS)
    # Residual 250 − 110 − 50 = 90 (fine); share 110 / 250 = 44% (over 40).
    assert (outcome.residual, outcome.rent_share_pct) == (D("90.00"), D("44.0"))
    assert outcome.result == AFFORDABLE_WITH_ADVICE
    assert outcome.referrals == ("money_advice",)
    assert any("More than 40% of the household's own income" in r for r in outcome.reasons)
    assert not any("Less than" in r for r in outcome.reasons)


def test_negative_residual_is_not_affordable_with_referrals() -> None:
    facts = AffordabilityFacts(rent_and_charges=D("110.00"), earnings=D("200.00"),
                               food_and_household=D("100.00"), utilities=D("35.00"),
                               debt_repayments=D("15.00"))
    outcome = assess_affordability(facts, THRESHOLDS)
    # Residual 200 − 110 − 150 = −60.
    assert outcome.residual == D("-60.00")
    assert outcome.result == NOT_AFFORDABLE
    assert outcome.referrals == ("money_advice", "dhp", "debt_advice")
    assert "Left each week after rent, charges and essential outgoings: -£60.00." in \
        outcome.reasons
    assert any("cannot meet the rent" in r and "a manager decides" in r
               for r in outcome.reasons)


def test_inconclusive_evidence_gives_the_household_the_benefit_of_the_doubt() -> None:
    facts = AffordabilityFacts(rent_and_charges=D("110.00"), earnings=D("200.00"),
                               food_and_household=D("100.00"), utilities=D("35.00"),
                               debt_repayments=D("15.00"), evidence_inconclusive=True)
    outcome = assess_affordability(facts, THRESHOLDS)
    assert outcome.residual == D("-60.00")
    assert outcome.result == AFFORDABLE_WITH_ADVICE
    assert outcome.referrals == ("money_advice", "dhp", "debt_advice")
    assert any("benefit of the doubt" in r for r in outcome.reasons)


def test_debt_advice_only_when_the_result_is_not_plainly_affordable() -> None:
    facts = AffordabilityFacts(rent_and_charges=D("110.00"), earnings=D("600.00"),
                               debt_repayments=D("40.00"))
    assert assess_affordability(facts, THRESHOLDS).referrals == ()


def test_no_own_income_means_the_whole_shortfall_is_unaffordable() -> None:
    facts = AffordabilityFacts(rent_and_charges=D("110.00"), housing_support=D("50.00"))
    outcome = assess_affordability(facts, THRESHOLDS)
    assert (outcome.shortfall, outcome.rent_share_pct, outcome.residual) == (
        D("60.00"), D("100.0"), D("-60.00"))
    assert outcome.result == NOT_AFFORDABLE


def test_universal_credit_without_a_housing_element_needs_a_housing_costs_claim() -> None:
    facts = AffordabilityFacts(rent_and_charges=D("110.00"), universal_credit=D("300.00"),
                               food_and_household=D("80.00"), utilities=D("30.00"))
    outcome = assess_affordability(facts, THRESHOLDS)
    # Residual 300 − 110 − 110 = 80; share 36.7%: affordable, but the claim needs starting.
    assert outcome.result == AFFORDABLE
    assert outcome.referrals == ("housing_costs_claim",)
    assert any("no housing element is recorded" in r for r in outcome.reasons)


@pytest.mark.parametrize("field", ["rent_and_charges", "earnings", "universal_credit",
                                   "housing_support", "other_benefits", "other_income",
                                   "council_tax", "utilities", "food_and_household", "travel",
                                   "childcare", "debt_repayments", "other_outgoings"])
def test_a_negative_amount_is_refused(field: str) -> None:
    facts = dataclasses.replace(AffordabilityFacts(rent_and_charges=D("110.00"),
                                                   earnings=D("400.00")),
                                **{field: D("-0.01")})
    with pytest.raises(ValueError, match="cannot be negative"):
        assess_affordability(facts, THRESHOLDS)


def test_exactly_at_both_thresholds_is_affordable() -> None:
    facts = AffordabilityFacts(rent_and_charges=D("110.00"), earnings=D("275.00"),
                               food_and_household=D("105.00"))
    outcome = assess_affordability(facts, THRESHOLDS)
    # Residual 275 − 110 − 105 = 60 exactly; share 110 / 275 = 40% exactly.
    assert (outcome.residual, outcome.rent_share_pct) == (D("60.00"), D("40.0"))
    assert outcome.result == AFFORDABLE
    assert outcome.referrals == ()


def test_a_penny_below_the_residual_threshold_needs_advice() -> None:
    facts = AffordabilityFacts(rent_and_charges=D("110.00"), earnings=D("274.99"),
                               food_and_household=D("105.00"))
    outcome = assess_affordability(facts, THRESHOLDS)
    # Residual 59.99; share 110 / 274.99 = 40.001…% rounds to 40.0, not over the line.
    assert (outcome.residual, outcome.rent_share_pct) == (D("59.99"), D("40.0"))
    assert outcome.result == AFFORDABLE_WITH_ADVICE
    assert outcome.referrals == ("money_advice",)
    assert not any("More than 40%" in r for r in outcome.reasons)


def test_thresholds_come_from_the_scheme() -> None:
    facts = AffordabilityFacts(rent_and_charges=D("110.00"), earnings=D("300.00"),
                               food_and_household=D("100.00"), utilities=D("40.00"))
    lenient = AffordabilityThresholds(min_residual_weekly=D("40.00"), max_rent_share_pct=40)
    assert assess_affordability(facts, lenient).result == AFFORDABLE


# --- The checklist ------------------------------------------------------------------------------

def test_every_check_is_listed_once_and_only_some_may_be_not_needed() -> None:
    codes = [c.code for c in CHECKS]
    assert len(codes) == len(set(codes)) == 8
    assert set(BY_CODE) == set(codes)
    assert {c.code for c in CHECKS if not c.may_be_not_needed} == {
        "identity", "eligibility", "household", "affordability"}


def test_outstanding_checks_in_checklist_order_ignoring_unknown_codes() -> None:
    statuses = {"identity": "done", "eligibility": "to_do", "benefit_claim": "not_needed",
                "made_up": "to_do"}
    required = ["tenancy_end", "made_up", "identity", "eligibility", "household",
                "benefit_claim", "no_such_check"]
    assert outstanding_checks(statuses, required) == [
        "Eligibility checked again", "Household unchanged", "Existing tenancy end date"]


def test_nothing_outstanding_when_every_required_check_is_settled() -> None:
    statuses = {c.code: "done" for c in CHECKS} | {"support": "not_needed"}
    assert outstanding_checks(statuses, [c.code for c in CHECKS]) == []
    assert outstanding_checks({}, []) == []


def test_a_check_that_is_not_required_never_blocks() -> None:
    assert outstanding_checks({}, ["identity"]) == ["Identity of every adult tenant"]


# --- CORE lettings log record -------------------------------------------------------------------

def core_facts(**changes: Any) -> CoreLogFacts:
    base = CoreLogFacts(
        owning_org="Brackenfield Borough Council", managing_org="", needs_type="general_needs",
        rent_type="social", start_date=dt.date(2026, 12, 7), tenancy_code="T0000042",
        property_reference="P-00017", uprn="100090000017", postcode="BF1 4QA",
        local_authority="Brackenfield", first_let=False, reason_vacant="tenant_notice",
        unit_type="flat", wheelchair_standard=False, bedrooms=2,
        void_date=dt.date(2026, 11, 2), void_days=35, major_repairs=False,
        major_repairs_date=None, times_offered=1, joint=False, starter=True,
        tenancy_type="secure", fixed_term_years=None, sheltered=False,
        people=(CorePerson(age=34, sex="female", relationship="lead",
                           working_situation="part_time"),
                CorePerson(age=11, sex="male", relationship="child",
                           working_situation="child")),
        previous_tenure="private_rent", previous_postcode="BF2 3LT", cbl=True,
        referral_source="bid", weekly_income=D("412.50"), housing_benefit=True,
        rent_period="weekly", basic_rent=D("98.40"), service_charge=D("6.10"),
        support_charge=D("0.00"), shortfall=D("12.00"))
    return dataclasses.replace(base, **changes)


def test_a_complete_record_has_nothing_missing() -> None:
    record, missing = assemble_core_log(core_facts())
    assert missing == []
    assert record["startdate"] == "2026-12-07"
    assert record["managing_org"] == "Brackenfield Borough Council"
    assert (record["beds"], record["vacdays"], record["voiddate"]) == (2, 35, "2026-11-02")
    assert (record["hhmemb"], record["age1"], record["sex1"], record["ecstat1"]) == (
        2, 34, "female", "part_time")
    assert record["relat2"] == "child" and "relat1" not in record
    assert (record["brent"], record["scharge"], record["supcharg"]) == ("98.40", "6.10", "0.00")
    assert record["tcharge"] == "104.50"
    assert (record["earnings"], record["incfreq"], record["tshortfall"]) == (
        "412.50", "weekly", "12.00")


def test_total_charge_counts_only_the_charges_that_are_known() -> None:
    record, _ = assemble_core_log(core_facts(service_charge=None, support_charge=D("3.25")))
    assert record["scharge"] is None
    assert record["tcharge"] == "101.65"


def test_no_basic_rent_means_no_total_charge_and_it_is_missing() -> None:
    record, missing = assemble_core_log(core_facts(basic_rent=None))
    assert record["brent"] is None and record["tcharge"] is None
    assert missing == ["Basic rent"]


def test_missing_lead_tenant_details_are_listed_by_label() -> None:
    lead = CorePerson(age=34, sex="", relationship="lead", working_situation="")
    _, missing = assemble_core_log(core_facts(people=(lead,)))
    assert missing == ["Lead tenant's sex", "Lead tenant's working situation"]


def test_no_people_and_no_income_are_listed_in_order() -> None:
    _, missing = assemble_core_log(core_facts(people=(), weekly_income=None, rent_period="",
                                              previous_tenure=""))
    assert missing == ["Number of people in the household", "Lead tenant's age",
                       "Lead tenant's sex", "Lead tenant's working situation",
                       "Where the household lived immediately before", "Rent period",
                       "Household income"]


def test_more_than_eight_people_are_capped_at_eight() -> None:
    people = tuple(CorePerson(age=40 - n, sex="female", relationship="lead" if n == 0
                              else "child", working_situation="full_time" if n == 0 else "")
                   for n in range(10))
    record, missing = assemble_core_log(core_facts(people=people))
    assert record["hhmemb"] == 8
    assert record["age8"] == 33
    assert "age9" not in record and "age10" not in record
    assert missing == []
