"""Eligibility of persons from abroad (DOMAIN §4.2): pure rule, no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from applications.rules.eligibility import (
    EligibilityFacts,
    EligibilityOutcome,
    HouseholdEligibilityOutcome,
    ImmigrationStatus,
    PrescribedClass,
    RightToReside,
    assess_eligibility,
    household_eligibility,
)
from applications.rules.prescribed_classes import DEFAULT_PRESCRIBED_CLASSES

ON = date(2025, 9, 1)
CLASSES = DEFAULT_PRESCRIBED_CLASSES
S = ImmigrationStatus
EO = EligibilityOutcome


def facts(
    name: str = "Amara",
    status: ImmigrationStatus = S.BRITISH,
    habitually_resident: bool | None = True,
    **kwargs: object,
) -> EligibilityFacts:
    values: dict[str, object] = {
        "name": name,
        "is_existing_social_tenant": False,
        "immigration_status": status,
        "status_expiry_date": None,
        "habitually_resident": habitually_resident,
    }
    values.update(kwargs)
    return EligibilityFacts(**values)  # type: ignore[arg-type]


def assess(f: EligibilityFacts, on: date = ON):  # type: ignore[no-untyped-def]
    return assess_eligibility(f, CLASSES, on)


# --- DOMAIN §4.2 test examples -------------------------------------------------------------


def test_british_returner_without_ties_is_ineligible_for_failing_habitual_residence():
    result = assess(facts("Tom", S.BRITISH, habitually_resident=False))
    assert result.outcome is EO.INELIGIBLE
    assert result.basis == "fails_habitual_residence"
    assert any("Tom is not habitually resident" in r for r in result.reasons)
    assert any("reg 4" in r for r in result.reasons)


def test_british_returner_awaiting_habitual_residence_decision_needs_officer():
    result = assess(facts("Tom", S.BRITISH, habitually_resident=None))
    assert result.outcome is EO.NEEDS_OFFICER_DECISION
    assert result.basis == "habitual_residence_undecided"
    assert any(r.startswith("We need to decide whether Tom is habitually resident")
               for r in result.reasons)


def test_refugee_with_five_year_leave_is_eligible_in_class_a_without_habitual_residence():
    result = assess(facts("Amara", S.REFUGEE, habitually_resident=None,
                          status_expiry_date=date(2029, 3, 1)))
    assert result.outcome is EO.ELIGIBLE
    assert result.basis == "class_A"
    assert "Amara has refugee status" in result.reasons[0]
    assert "reg 3, class A" in result.reasons[0]
    assert "No habitual residence test applies." in result.reasons[0]
    # The leave expires, so a re-check before offer is flagged (2012 Guidance 3.3).
    assert any("1 March 2029" in r and "before any offer" in r for r in result.reasons)


def test_eu_national_with_pre_settled_status_in_work_is_eligible_as_a_worker():
    result = assess(facts("Ana", S.EUSS_PRE_SETTLED, habitually_resident=None,
                          right_to_reside=RightToReside.WORKER))
    assert result.outcome is EO.ELIGIBLE
    assert result.basis == "euss_pre_settled_worker"
    assert any("do not have to pass the habitual residence test" in r for r in result.reasons)


@pytest.mark.parametrize("right", [RightToReside.SELF_EMPLOYED,
                                   RightToReside.RETAINED_WORKER_STATUS,
                                   RightToReside.FAMILY_OF_WORKER])
def test_other_worker_type_rights_to_reside_qualify_a_pre_settled_person(right):
    result = assess(facts("Ana", S.EUSS_PRE_SETTLED, habitually_resident=None,
                          right_to_reside=right))
    assert result.outcome is EO.ELIGIBLE
    assert result.basis == f"euss_pre_settled_{right.value}"


@pytest.mark.parametrize("right", [RightToReside.JOBSEEKER, RightToReside.FAMILY_OF_JOBSEEKER])
def test_pre_settled_person_whose_only_right_is_as_jobseeker_is_ineligible(right):
    result = assess(facts("Ana", S.EUSS_PRE_SETTLED, habitually_resident=True,
                          right_to_reside=right))
    assert result.outcome is EO.INELIGIBLE
    assert result.basis == "jobseeker_only"
    assert any("Ana's only right to reside" in r and "reg 4(1)(b)" in r for r in result.reasons)


def test_pre_settled_person_in_first_three_months_is_ineligible():
    result = assess(facts("Ana", S.EUSS_PRE_SETTLED,
                          right_to_reside=RightToReside.INITIAL_THREE_MONTHS))
    assert result.outcome is EO.INELIGIBLE
    assert result.basis == "initial_three_months"


def test_pre_settled_person_with_no_right_to_reside_is_ineligible():
    result = assess(facts("Ana", S.EUSS_PRE_SETTLED, right_to_reside=RightToReside.NONE))
    assert result.outcome is EO.INELIGIBLE
    assert result.basis == "no_right_to_reside"


def test_pre_settled_person_with_unknown_right_to_reside_needs_officer():
    result = assess(facts("Ana", S.EUSS_PRE_SETTLED))
    assert result.outcome is EO.NEEDS_OFFICER_DECISION
    assert result.basis == "right_to_reside_not_known"


def test_pre_settled_permanent_residence_still_needs_habitual_residence():
    undecided = assess(facts("Ana", S.EUSS_PRE_SETTLED, habitually_resident=None,
                             right_to_reside=RightToReside.PERMANENT_RESIDENCE))
    assert undecided.outcome is EO.NEEDS_OFFICER_DECISION
    passed = assess(facts("Ana", S.EUSS_PRE_SETTLED, habitually_resident=True,
                          right_to_reside=RightToReside.PERMANENT_RESIDENCE))
    assert passed.outcome is EO.ELIGIBLE
    assert passed.basis == "euss_pre_settled_permanent_residence_habitually_resident"


def test_spouse_on_spousal_visa_with_no_recourse_to_public_funds_is_ineligible():
    result = assess(facts("Priya", S.LIMITED_LEAVE_NRPF, habitually_resident=True,
                          status_expiry_date=date(2027, 1, 1)))
    assert result.outcome is EO.INELIGIBLE
    assert result.basis == "nrpf"
    assert any("no recourse to public funds" in r for r in result.reasons)
    # Still counted for bedroom need (2012 Guidance 3.4).
    assert any("bedroom need" in r for r in result.reasons)


@pytest.mark.parametrize("status", [S.LIMITED_LEAVE_NRPF, S.ASYLUM_SEEKER, S.NOT_KNOWN, S.BRITISH])
def test_existing_secure_council_tenant_is_outside_the_test(status):
    result = assess(facts("Joan", status, habitually_resident=False,
                          is_existing_social_tenant=True))
    assert result.outcome is EO.EXEMPT_EXISTING_TENANT
    assert result.basis == "existing_social_tenant"
    assert result.is_eligible
    assert "s160ZA(5)" in result.reasons[0]


def test_indefinite_leave_and_habitually_resident_is_eligible_in_class_c():
    result = assess(facts("Raj", S.INDEFINITE_LEAVE, habitually_resident=True))
    assert result.outcome is EO.ELIGIBLE
    assert result.basis == "class_C"
    assert any("Raj is habitually resident" in r for r in result.reasons)


def test_indefinite_leave_card_expiry_is_not_an_expiry_of_leave():
    result = assess(facts("Raj", S.INDEFINITE_LEAVE, habitually_resident=True,
                          status_expiry_date=date(2024, 12, 31)))
    assert result.outcome is EO.ELIGIBLE


def test_indefinite_leave_but_not_habitually_resident_is_ineligible():
    result = assess(facts("Raj", S.INDEFINITE_LEAVE, habitually_resident=False))
    assert result.outcome is EO.INELIGIBLE
    assert result.basis == "fails_habitual_residence"


def test_indefinite_leave_undecided_habitual_residence_needs_officer():
    result = assess(facts("Raj", S.INDEFINITE_LEAVE, habitually_resident=None))
    assert result.outcome is EO.NEEDS_OFFICER_DECISION
    assert result.basis == "habitual_residence_undecided"


def test_sponsored_immigrant_within_five_years_is_flagged_for_an_officer_not_refused():
    """Chosen: needs_officer_decision, because the class C exclusion lifts if every sponsor has
    died, which only an officer can establish."""
    result = assess(facts("Raj", S.INDEFINITE_LEAVE, habitually_resident=True,
                          sponsored_immigrant_within_five_years=True))
    assert result.outcome is EO.NEEDS_OFFICER_DECISION
    assert result.basis == "sponsored_immigrant"
    assert any("Raj's sponsor is still alive" in r for r in result.reasons)


def test_sponsored_immigrant_who_fails_habitual_residence_is_simply_ineligible():
    result = assess(facts("Raj", S.INDEFINITE_LEAVE, habitually_resident=False,
                          sponsored_immigrant_within_five_years=True))
    assert result.outcome is EO.INELIGIBLE
    assert result.basis == "fails_habitual_residence"


def test_asylum_seeker_is_ineligible():
    result = assess(facts("Yonas", S.ASYLUM_SEEKER, habitually_resident=None))
    assert result.outcome is EO.INELIGIBLE
    assert result.basis == "asylum_seeker"


def test_person_excluded_by_section_115_is_ineligible_even_in_a_class():
    result = assess(facts("Lia", S.HUMANITARIAN_PROTECTION, s115_excluded=True))
    assert result.outcome is EO.INELIGIBLE
    assert result.basis == "s115"
    assert "s160ZA(3)" in result.reasons[0]


def test_class_whose_effective_to_has_passed_does_not_count():
    lapsed = PrescribedClass(
        code="Z", title="People on a closed scheme", description="Closed.",
        statuses=(S.VISA_OTHER,), requires_habitual_residence=False,
        effective_from=date(2006, 6, 1), effective_to=date(2020, 12, 31),
    )
    person = facts("Mo", S.VISA_OTHER)
    assert assess_eligibility(person, (lapsed,), date(2020, 12, 31)).basis == "class_Z"
    later = assess_eligibility(person, (lapsed,), ON)
    assert later.outcome is EO.INELIGIBLE
    assert later.basis == "no_prescribed_class"


def test_class_not_yet_in_force_does_not_count():
    # Class E (Afghan locally employed staff) came into force on 31 March 2014.
    person = facts("Farid", S.AFGHAN_RELOCATION, habitually_resident=True)
    before = assess(person, on=date(2014, 3, 30))
    assert before.outcome is EO.INELIGIBLE
    assert before.basis == "no_prescribed_class"
    assert assess(person, on=date(2014, 3, 31)).basis == "class_E"


def test_class_without_habitual_residence_test_is_preferred_when_several_apply():
    # From 15 September 2021 the Afghan schemes class needs no habitual residence test.
    result = assess(facts("Farid", S.AFGHAN_RELOCATION, habitually_resident=None))
    assert result.outcome is EO.ELIGIBLE
    assert result.basis == "class_AFG"


def test_expired_limited_leave_needs_officer_decision():
    result = assess(facts("Lia", S.LIMITED_LEAVE, status_expiry_date=date(2025, 8, 31)))
    assert result.outcome is EO.NEEDS_OFFICER_DECISION
    assert result.basis == "leave_expired"
    assert "31 August 2025" in result.reasons[0]
    assert "Lia" in result.reasons[0]


def test_leave_ending_today_has_not_expired():
    result = assess(facts("Lia", S.REFUGEE, status_expiry_date=ON))
    assert result.outcome is EO.ELIGIBLE


def test_expired_pre_settled_status_needs_officer_decision():
    result = assess(facts("Ana", S.EUSS_PRE_SETTLED, right_to_reside=RightToReside.WORKER,
                          status_expiry_date=date(2025, 1, 1)))
    assert result.outcome is EO.NEEDS_OFFICER_DECISION
    assert result.basis == "leave_expired"


def test_limited_leave_without_nrpf_is_eligible_and_notes_the_alternative_class():
    result = assess(facts("Lia", S.LIMITED_LEAVE, habitually_resident=None))
    assert result.outcome is EO.ELIGIBLE
    assert result.basis == "class_B"
    assert any("class F" in r for r in result.reasons)


def test_other_visa_is_in_no_class():
    result = assess(facts("Mo", S.VISA_OTHER))
    assert result.outcome is EO.INELIGIBLE
    assert result.basis == "no_prescribed_class"


def test_unknown_status_needs_officer_decision():
    result = assess(facts("Mo", S.NOT_KNOWN))
    assert result.outcome is EO.NEEDS_OFFICER_DECISION
    assert result.basis == "status_not_known"


@pytest.mark.parametrize("status", [S.IRISH, S.EUSS_SETTLED])
def test_irish_and_euss_settled_need_only_habitual_residence(status):
    result = assess(facts("Niamh", status, habitually_resident=True))
    assert result.outcome is EO.ELIGIBLE
    assert result.basis == f"{status.value}_habitually_resident"
    assert assess(facts("Niamh", status, habitually_resident=False)).outcome is EO.INELIGIBLE


def test_person_exempt_from_habitual_residence_test_is_eligible_without_a_decision():
    result = assess(facts("Tom", S.BRITISH, habitually_resident=None, hrt_exempt=True))
    assert result.outcome is EO.ELIGIBLE
    assert result.basis == "british_hrt_exempt"


def test_classes_loaded_with_plain_string_statuses_still_match():
    as_stored = tuple(replace(c, statuses=tuple(str(s.value) for s in c.statuses))
                      for c in CLASSES)
    result = assess_eligibility(facts("Amara", S.REFUGEE), as_stored, ON)  # type: ignore[arg-type]
    assert result.basis == "class_A"


# --- Reasons name the person ----------------------------------------------------------------


@pytest.mark.parametrize(
    "person",
    [
        facts("Zainab", S.BRITISH, habitually_resident=False),
        facts("Zainab", S.BRITISH, habitually_resident=None),
        facts("Zainab", S.REFUGEE),
        facts("Zainab", S.EUSS_PRE_SETTLED, right_to_reside=RightToReside.JOBSEEKER),
        facts("Zainab", S.LIMITED_LEAVE_NRPF),
        facts("Zainab", S.INDEFINITE_LEAVE, sponsored_immigrant_within_five_years=True),
        facts("Zainab", S.ASYLUM_SEEKER),
        facts("Zainab", S.VISA_OTHER),
        facts("Zainab", S.NOT_KNOWN),
        facts("Zainab", S.LIMITED_LEAVE, status_expiry_date=date(2020, 1, 1)),
        facts("Zainab", S.BRITISH, is_existing_social_tenant=True),
    ],
)
def test_every_result_names_the_person(person):
    result = assess(person)
    assert result.person == "Zainab"
    assert result.reasons
    assert "Zainab" in result.reasons[0]


# --- Household ------------------------------------------------------------------------------


def test_lead_eligible_and_joint_applicant_with_nrpf_gets_a_sole_tenancy_only():
    lead = assess(facts("Amara", S.REFUGEE))
    joint = assess(facts("Sam", S.LIMITED_LEAVE_NRPF))
    household = household_eligibility([lead, joint])
    assert household.outcome is HouseholdEligibilityOutcome.ELIGIBLE_SOLE_TENANCY_ONLY
    assert household.tenants == ("Amara",)
    assert household.ineligible_people == ("Sam",)
    assert household.can_join_register
    assert any("s160ZA(1)(b)" in r and "Amara" in r and "Sam" in r for r in household.reasons)
    # Each person's own reasons are carried through.
    assert set(lead.reasons) | set(joint.reasons) <= set(household.reasons)


def test_all_proposed_tenants_eligible_or_exempt_gives_a_joint_tenancy():
    household = household_eligibility([
        assess(facts("Amara", S.BRITISH)),
        assess(facts("Joan", S.ASYLUM_SEEKER, is_existing_social_tenant=True)),
    ])
    assert household.outcome is HouseholdEligibilityOutcome.ELIGIBLE
    assert household.tenants == ("Amara", "Joan")


def test_sole_applicant_eligible():
    household = household_eligibility([assess(facts("Amara", S.BRITISH))])
    assert household.outcome is HouseholdEligibilityOutcome.ELIGIBLE
    assert household.tenants == ("Amara",)


def test_lead_ineligible_makes_the_household_ineligible_whatever_the_joint_applicant():
    household = household_eligibility([
        assess(facts("Yonas", S.ASYLUM_SEEKER)),
        assess(facts("Amara", S.BRITISH)),
    ])
    assert household.outcome is HouseholdEligibilityOutcome.INELIGIBLE
    assert household.tenants == ()
    assert not household.can_join_register
    assert any("Yonas is the main applicant" in r for r in household.reasons)


def test_any_undecided_person_needs_an_officer_decision():
    household = household_eligibility([
        assess(facts("Amara", S.BRITISH)),
        assess(facts("Tom", S.BRITISH, habitually_resident=None)),
        assess(facts("Sam", S.LIMITED_LEAVE_NRPF)),
    ])
    assert household.outcome is HouseholdEligibilityOutcome.NEEDS_OFFICER_DECISION
    assert household.undecided_people == ("Tom",)


def test_household_needs_at_least_the_lead():
    with pytest.raises(ValueError):
        household_eligibility([])


# --- Data -----------------------------------------------------------------------------------


def test_default_classes_cover_reg_3_classes_a_to_h():
    codes = [c.code for c in DEFAULT_PRESCRIBED_CLASSES]
    assert codes[:8] == ["A", "B", "C", "D", "E", "F", "G", "H"]
    assert len(set(codes)) == len(codes)
    by_code = {c.code: c for c in DEFAULT_PRESCRIBED_CLASSES}
    assert by_code["C"].requires_habitual_residence
    assert by_code["C"].excludes_sponsored_immigrants
    assert not by_code["A"].requires_habitual_residence
    assert all(c.effective_from >= date(2006, 6, 1) for c in DEFAULT_PRESCRIBED_CLASSES)
    assert all(c.effective_from == date(2006, 6, 1) for c in DEFAULT_PRESCRIBED_CLASSES[:4])


def test_status_choices_have_labels_for_every_code():
    choices = dict(ImmigrationStatus.choices())
    assert set(choices) == {s.value for s in ImmigrationStatus}
    assert all(choices.values())
    assert dict(RightToReside.choices())["jobseeker"] == "Jobseeker"
