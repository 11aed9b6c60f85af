"""Qualification to join the register (DOMAIN §4.3, Appendix A.3): pure rule, no database."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from applications.rules.qualification import (
    ArmedForcesStatus,
    QualificationFacts,
    QualificationOutcome,
    QualificationRules,
    ResidencePeriod,
    assess_qualification,
    continuous_residence,
)

QO = QualificationOutcome
AF = ArmedForcesStatus
RULES = QualificationRules()
ON = date(2025, 9, 1)
STATUTORY = {
    "armed_forces_serving",
    "armed_forces_veteran",
    "armed_forces_bereaved",
    "armed_forces_reservist",
    "right_to_move",
    "domestic_abuse",
    "care_leaver",
}


def here_since(start: date) -> tuple[ResidencePeriod, ...]:
    return (ResidencePeriod(start, None, in_district=True),)


def months_before(on: date, months: int) -> date:
    total = on.year * 12 + on.month - 1 - months
    return date(total // 12, total % 12 + 1, 1)


def facts(on: date = ON, **kwargs: object) -> QualificationFacts:
    """A 35-year-old who moved into the district 8 months before ``on`` (Appendix A.3), with
    income and savings inside the limits."""
    values: dict[str, object] = {
        "lead_name": "Jo",
        "lead_date_of_birth": date(on.year - 35, 1, 15),
        "residence": here_since(months_before(on, 8)),
        "household_income": 20000,
        "savings": 1000,
    }
    values.update(kwargs)
    return QualificationFacts(**values)  # type: ignore[arg-type]


def assess(f: QualificationFacts, on: date = ON, rules: QualificationRules = RULES):  # type: ignore[no-untyped-def]
    return assess_qualification(f, rules, on)


# --- Appendix A.3 ---------------------------------------------------------------------------


def test_eight_months_residence_against_three_year_rule_does_not_qualify():
    result = assess(facts())
    assert result.outcome is QO.DOES_NOT_QUALIFY
    assert result.failed_criteria == ("local_connection",)
    assert result.basis == "none"
    assert ("You have lived in the district for 8 months. The scheme asks for 3 years of "
            "continuous residence.") in result.reasons
    assert "1 January 2028" in result.how_to_reapply


def test_a_regular_forces_veteran_discharged_long_ago_is_exempt_after_18_december_2024():
    on = date(2025, 1, 10)
    result = assess(facts(on, armed_forces=AF.VETERAN_REGULAR,
                          discharge_date=date(2001, 5, 1)), on)
    assert result.outcome is QO.QUALIFIES
    assert result.basis == "exemption_armed_forces"
    assert any("local connection rule does not apply" in r for r in result.reasons)


def test_same_veteran_discharged_ten_years_earlier_is_not_exempt_on_1_june_2024():
    on = date(2024, 6, 1)
    result = assess(facts(on, armed_forces=AF.VETERAN_REGULAR,
                          discharge_date=date(2014, 6, 1)), on)
    assert result.outcome is QO.DOES_NOT_QUALIFY
    assert result.failed_criteria == ("local_connection",)
    veteran_line = next(line for line in result.exemptions_considered
                        if line.startswith("Former member of the regular armed forces"))
    assert "does not apply" in veteran_line
    assert "five years" in veteran_line


def test_veteran_within_five_years_of_discharge_was_exempt_before_18_december_2024():
    on = date(2024, 6, 1)
    result = assess(facts(on, armed_forces=AF.VETERAN_REGULAR,
                          discharge_date=date(2021, 1, 1)), on)
    assert result.outcome is QO.QUALIFIES
    assert result.basis == "exemption_armed_forces"


def test_veteran_without_discharge_date_before_18_december_2024_cannot_tell():
    on = date(2024, 6, 1)
    result = assess(facts(on, armed_forces=AF.VETERAN_REGULAR), on)
    assert result.outcome is QO.CANNOT_TELL
    assert result.unknown_criteria == ("local_connection",)


def test_b_fled_domestic_abuse_is_exempt_from_10_july_2025_but_not_before():
    on = date(2025, 7, 10)
    result = assess(facts(on, fled_domestic_abuse=True), on)
    assert result.outcome is QO.QUALIFIES
    assert result.basis == "exemption_domestic_abuse"

    day_before = date(2025, 7, 9)
    before = assess(facts(day_before, fled_domestic_abuse=True), day_before)
    assert before.outcome is QO.DOES_NOT_QUALIFY
    assert before.failed_criteria == ("local_connection",)
    line = next(x for x in before.exemptions_considered if x.startswith("Victim of domestic"))
    assert "10 July 2025" in line


def test_c_care_leaver_under_25_is_exempt_from_10_july_2025():
    on = date(2025, 7, 10)
    young = facts(on, care_leaver=True, lead_date_of_birth=date(2004, 1, 1))  # 21
    result = assess(young, on)
    assert result.outcome is QO.QUALIFIES
    assert result.basis == "exemption_care_leaver"
    # Not before commencement.
    assert assess(young, date(2025, 7, 9)).outcome is QO.DOES_NOT_QUALIFY


def test_care_leaver_aged_25_is_not_exempt():
    on = date(2025, 8, 1)
    result = assess(facts(on, care_leaver=True, lead_date_of_birth=date(2000, 8, 1)), on)
    assert result.outcome is QO.DOES_NOT_QUALIFY
    line = next(x for x in result.exemptions_considered if x.startswith("Care leaver"))
    assert "You are 25" in line


def test_d_right_to_move_social_tenant_with_job_in_district_and_hardship_is_exempt():
    result = assess(facts(is_social_tenant_in_england=True, has_job_or_offer_in_district=True,
                          hardship_to_move_for_work=True))
    assert result.outcome is QO.QUALIFIES
    assert result.basis == "exemption_right_to_move"


def test_right_to_move_needs_every_part_and_its_commencement_date():
    missing_hardship = assess(facts(is_social_tenant_in_england=True,
                                    has_job_or_offer_in_district=True))
    assert missing_hardship.outcome is QO.DOES_NOT_QUALIFY
    on = date(2015, 4, 19)
    before = assess(facts(on, is_social_tenant_in_england=True,
                          has_job_or_offer_in_district=True, hardship_to_move_for_work=True), on)
    assert before.outcome is QO.DOES_NOT_QUALIFY
    assert assess(facts(date(2015, 4, 20), is_social_tenant_in_england=True,
                        has_job_or_offer_in_district=True, hardship_to_move_for_work=True),
                  date(2015, 4, 20)).basis == "exemption_right_to_move"


# --- Other exemptions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "basis"),
    [
        ({"armed_forces": AF.SERVING_REGULAR}, "exemption_armed_forces"),
        ({"armed_forces": AF.RESERVIST_INJURED}, "exemption_armed_forces"),
        ({"armed_forces": AF.BEREAVED_PARTNER, "service_related_bereavement": True},
         "exemption_armed_forces"),
        ({"armed_forces": AF.SEPARATED_SPOUSE}, "exemption_separated_spouse"),
        ({"exceptional_circumstances_approved": True}, "exemption_exceptional"),
    ],
)
def test_other_exemptions_from_local_connection(extra, basis):
    result = assess(facts(**extra))
    assert result.outcome is QO.QUALIFIES
    assert result.basis == basis


def test_bereaved_partner_needs_a_service_related_death():
    result = assess(facts(armed_forces=AF.BEREAVED_PARTNER))
    assert result.outcome is QO.DOES_NOT_QUALIFY


def test_exemptions_considered_lists_every_statutory_exemption_with_a_reason():
    result = assess(facts())
    codes = {c.code for c in result.exemption_checks}
    assert codes >= STATUTORY
    assert {c.code for c in result.exemption_checks if c.statutory} == STATUTORY
    assert len(result.exemptions_considered) == len(result.exemption_checks)
    for line in result.exemptions_considered:
        assert ": does not apply. " in line
        assert line.split(": does not apply. ")[1]  # a reason follows
    assert any("SI 2012/1869" in x for x in result.exemptions_considered)
    assert any("SI 2015/967" in x for x in result.exemptions_considered)
    assert sum("SI 2025/706" in x for x in result.exemptions_considered) == 2


def test_exemption_that_applied_is_marked_in_the_list():
    result = assess(facts(fled_domestic_abuse=True))
    line = next(x for x in result.exemptions_considered if x.startswith("Victim of domestic"))
    assert ": applies." in line


# --- Local connection routes ----------------------------------------------------------------


def test_three_years_continuous_residence_qualifies_on_residence():
    result = assess(facts(residence=here_since(date(2022, 9, 1))))
    assert result.outcome is QO.QUALIFIES
    assert result.basis == "residence"
    assert result.failed_criteria == ()
    assert result.how_to_reapply == ""


def test_a_day_short_of_three_years_does_not_qualify():
    result = assess(facts(residence=here_since(date(2022, 9, 2))))
    assert result.outcome is QO.DOES_NOT_QUALIFY


def test_time_in_prison_does_not_break_residence():
    history = (
        ResidencePeriod(date(2021, 1, 1), date(2022, 12, 31), in_district=True),
        ResidencePeriod(date(2023, 1, 1), date(2023, 12, 31), in_district=False,
                        gap_reason="prison"),
        ResidencePeriod(date(2024, 1, 1), None, in_district=True),
    )
    result = assess(facts(residence=history))
    assert result.outcome is QO.QUALIFIES
    assert result.basis == "residence"
    assert any("in prison, which does not break residence" in r for r in result.reasons)


def test_a_private_move_out_of_the_district_breaks_residence():
    history = (
        ResidencePeriod(date(2015, 1, 1), date(2022, 12, 31), in_district=True),
        ResidencePeriod(date(2023, 1, 1), date(2023, 12, 31), in_district=False),
        ResidencePeriod(date(2024, 1, 1), None, in_district=True),
    )
    result = assess(facts(residence=history))
    assert result.outcome is QO.DOES_NOT_QUALIFY
    assert any("You have lived in the district for 1 year and 8 months" in r
               for r in result.reasons)
    assert any("outside the district from 1 January 2023" in r for r in result.reasons)


def test_an_unexplained_gap_in_the_history_breaks_residence():
    history = (
        ResidencePeriod(date(2015, 1, 1), date(2022, 12, 31), in_district=True),
        ResidencePeriod(date(2024, 1, 1), None, in_district=True),
    )
    result = assess(facts(residence=history))
    assert result.outcome is QO.DOES_NOT_QUALIFY
    assert any("gap from 1 January 2023 to 31 December 2023" in r for r in result.reasons)


def test_time_away_before_first_living_in_the_district_does_not_count():
    history = (
        ResidencePeriod(date(2019, 1, 1), date(2024, 12, 31), in_district=False,
                        gap_reason="armed_forces"),
        ResidencePeriod(date(2025, 1, 1), None, in_district=True),
    )
    summary = continuous_residence(history, ON)
    assert summary.since == date(2025, 1, 1)
    assert summary.excused == ()


def test_a_later_move_wins_over_an_overlapping_earlier_address():
    history = (
        ResidencePeriod(date(2015, 1, 1), None, in_district=True),
        ResidencePeriod(date(2024, 1, 1), date(2024, 6, 30), in_district=False),
    )
    summary = continuous_residence(history, ON)
    assert summary.since is not None
    assert summary.since > date(2024, 6, 30)


def test_not_living_in_the_district_now_gives_no_residence():
    history = (
        ResidencePeriod(date(2010, 1, 1), date(2024, 12, 31), in_district=True),
        ResidencePeriod(date(2025, 1, 1), None, in_district=False),
    )
    summary = continuous_residence(history, ON)
    assert summary.known
    assert summary.since is None
    result = assess(facts(residence=history))
    assert result.outcome is QO.DOES_NOT_QUALIFY
    assert any("You do not live in the district at the moment" in r for r in result.reasons)


def test_employment_route_qualifies():
    result = assess(facts(works_in_district_hours=20, work_months=14))
    assert result.outcome is QO.QUALIFIES
    assert result.basis == "employment"


@pytest.mark.parametrize(("hours", "months"), [(10, 24), (20, 6)])
def test_too_little_work_is_not_a_local_connection(hours, months):
    result = assess(facts(works_in_district_hours=hours, work_months=months))
    assert result.outcome is QO.DOES_NOT_QUALIFY
    assert any("16 hours a week" in r for r in result.reasons)


def test_family_route_qualifies():
    result = assess(facts(family_in_district_years=6))
    assert result.outcome is QO.QUALIFIES
    assert result.basis == "family"
    assert assess(facts(family_in_district_years=4)).outcome is QO.DOES_NOT_QUALIFY


def test_scheme_without_a_residence_rule_needs_no_local_connection():
    rules = QualificationRules(residence_years_required=0)
    result = assess(facts(residence=()), rules=rules)
    assert result.outcome is QO.QUALIFIES
    assert result.basis == "no_local_connection_rule"


# --- Criteria the exemptions do not lift ----------------------------------------------------


def test_under_18_does_not_qualify_even_when_exempt_from_residence():
    on = date(2025, 8, 1)
    result = assess(facts(on, care_leaver=True, lead_date_of_birth=date(2008, 3, 5)), on)
    assert result.outcome is QO.DOES_NOT_QUALIFY
    assert result.failed_criteria == ("minimum_age",)
    assert result.basis == "exemption_care_leaver"
    assert "18th birthday on 5 March 2026" in result.how_to_reapply


def test_income_over_the_cap_does_not_qualify_even_for_a_veteran():
    result = assess(facts(armed_forces=AF.VETERAN_REGULAR, household_income=42000))
    assert result.outcome is QO.DOES_NOT_QUALIFY
    assert result.failed_criteria == ("income",)
    assert result.basis == "exemption_armed_forces"
    assert any("£42,000" in r and "£30,000" in r and "does not change this limit" in r
               for r in result.reasons)
    assert "£30,000" in result.how_to_reapply


def test_family_income_cap_is_higher():
    family = facts(residence=here_since(date(2020, 1, 1)), household_income=45000,
                   has_children_or_is_family=True)
    assert assess(family).outcome is QO.QUALIFIES
    single = facts(residence=here_since(date(2020, 1, 1)), household_income=45000)
    assert assess(single).failed_criteria == ("income",)


def test_savings_over_the_cap_do_not_qualify():
    result = assess(facts(residence=here_since(date(2020, 1, 1)), savings=30001))
    assert result.outcome is QO.DOES_NOT_QUALIFY
    assert result.failed_criteria == ("savings",)


def test_owning_a_property_does_not_qualify():
    result = assess(facts(residence=here_since(date(2020, 1, 1)), owns_property=True))
    assert result.outcome is QO.DOES_NOT_QUALIFY
    assert result.failed_criteria == ("property",)


def test_unacceptable_behaviour_does_not_qualify():
    result = assess(facts(residence=here_since(date(2020, 1, 1)), unacceptable_behaviour=True))
    assert result.failed_criteria == ("behaviour",)
    assert "behaviour has changed" in result.how_to_reapply


def test_several_failures_are_all_reported():
    result = assess(facts(household_income=90000, owns_property=True))
    assert result.failed_criteria == ("local_connection", "income", "property")


def test_housing_need_required_by_the_scheme():
    rules = QualificationRules(housing_need_required=True)
    settled = here_since(date(2020, 1, 1))
    assert assess(facts(residence=settled, has_housing_need=True), rules=rules).outcome is (
        QO.QUALIFIES
    )
    no_need = assess(facts(residence=settled, has_housing_need=False), rules=rules)
    assert no_need.failed_criteria == ("housing_need",)
    unknown = assess(facts(residence=settled), rules=rules)
    assert unknown.outcome is QO.CANNOT_TELL
    assert unknown.unknown_criteria == ("housing_need",)


def test_people_of_sheltered_age_seeking_sheltered_housing_need_not_show_housing_need():
    rules = QualificationRules(housing_need_required=True)
    older = facts(residence=here_since(date(2020, 1, 1)), has_housing_need=False,
                  seeking_sheltered_only=True, lead_date_of_birth=date(1960, 1, 1))
    assert assess(older, rules=rules).outcome is QO.QUALIFIES


# --- Cannot tell (the applicant's instant pre-check) ----------------------------------------


def test_missing_residence_history_cannot_tell():
    result = assess(facts(residence=()))
    assert result.outcome is QO.CANNOT_TELL
    assert result.unknown_criteria == ("local_connection",)
    assert result.failed_criteria == ()
    assert "can't tell yet" in result.how_to_reapply
    assert any("address history" in r for r in result.reasons)


def test_history_that_does_not_reach_today_cannot_tell():
    history = (ResidencePeriod(date(2010, 1, 1), date(2024, 12, 31), in_district=True),)
    assert assess(facts(residence=history)).outcome is QO.CANNOT_TELL


def test_missing_residence_history_is_no_obstacle_when_another_route_succeeds():
    result = assess(facts(residence=(), works_in_district_hours=30, work_months=24))
    assert result.outcome is QO.QUALIFIES
    assert result.basis == "employment"


def test_missing_income_or_savings_cannot_tell():
    result = assess(facts(residence=here_since(date(2020, 1, 1)), household_income=None,
                          savings=None))
    assert result.outcome is QO.CANNOT_TELL
    assert result.unknown_criteria == ("income", "savings")


def test_a_definite_failure_beats_missing_facts():
    result = assess(facts(residence=(), owns_property=True))
    assert result.outcome is QO.DOES_NOT_QUALIFY
    assert result.failed_criteria == ("property",)
    assert result.unknown_criteria == ("local_connection",)


# --- Rules from the scheme ------------------------------------------------------------------


def test_rules_read_from_a_scheme_version():
    scheme = SimpleNamespace(
        minimum_age=16, residence_years_required=5, employment_hours_per_week=24,
        family_connection_years=10, income_cap_single=35000, income_cap_family=60000,
        savings_cap=16000, housing_need_required=True, sheltered_qualifying_age=55,
    )
    rules = QualificationRules.from_scheme(scheme)
    assert rules == QualificationRules(
        minimum_age=16, residence_years_required=5, employment_hours_per_week=24,
        employment_months_required=12, family_connection_years=10, income_cap_single=35000,
        income_cap_family=60000, savings_cap=16000, housing_need_required=True,
        sheltered_qualifying_age=55,
    )


def test_scheme_money_limit_of_zero_means_no_limit():
    scheme = SimpleNamespace(
        minimum_age=18, residence_years_required=3, employment_hours_per_week=16,
        family_connection_years=5, income_cap_single=0, income_cap_family=0, savings_cap=0,
        housing_need_required=False, sheltered_qualifying_age=60,
    )
    rules = QualificationRules.from_scheme(scheme)
    assert rules.income_cap_single is None and rules.savings_cap is None
    rich = facts(residence=here_since(date(2020, 1, 1)), household_income=None,
                 savings=None)
    assert assess(rich, rules=rules).outcome is QO.QUALIFIES


def test_default_rules_match_the_scheme_defaults():
    assert RULES.minimum_age == 18
    assert RULES.residence_years_required == 3
    assert RULES.employment_hours_per_week == 16
    assert RULES.family_connection_years == 5
    assert (RULES.income_cap_single, RULES.income_cap_family, RULES.savings_cap) == (
        30000, 50000, 30000)
    assert RULES.housing_need_required is False
    assert RULES.sheltered_qualifying_age == 60


def test_residence_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        ResidencePeriod(date(2024, 1, 2), date(2024, 1, 1), in_district=True)
