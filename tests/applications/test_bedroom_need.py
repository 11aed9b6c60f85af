"""Bedroom need (DOMAIN.md §4.5.1): the test table, the variants, the reasons, and a check of the
matching against the textbook bedroom standard on random households."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import combinations

import pytest

from applications.rules.bedroom_need import (
    MAX_HOUSEHOLD,
    BedroomRules,
    Occupant,
    age_on,
    bedroom_need,
    eligible_sizes,
    maximum_matching,
)

ON = date(2026, 6, 15)
DEFAULT = BedroomRules()
HB = BedroomRules(adult_age=16, same_sex_sharing_max_age=15)
KINGSTON_GAP = BedroomRules(max_sharing_age_gap=7)
KINGSTON = BedroomRules(max_sharing_age_gap=7, same_sex_siblings_share_regardless_of_age=True)
INFANT = BedroomRules(infant_with_parent_max_age=0)


def born(age: int) -> date:
    """A birthday that makes the person exactly ``age`` on ON (plus a few months)."""
    return date(ON.year - age, 2, 10)


def person(key: str, age: int, sex: str | None = None, **kw) -> Occupant:  # type: ignore[no-untyped-def]
    kw.setdefault("name", key.capitalize())
    return Occupant(key=key, date_of_birth=born(age), due_date=None, sex=sex,
                    partner_key=kw.pop("partner_key", None), **kw)


def unborn(key: str, due: date, sex: str | None = None, **kw) -> Occupant:  # type: ignore[no-untyped-def]
    kw.setdefault("name", "")
    return Occupant(key=key, date_of_birth=None, due_date=due, sex=sex, partner_key=None, **kw)


def couple(**kw) -> list[Occupant]:  # type: ignore[no-untyped-def]
    return [person("you", 34, "female", partner_key="alex", is_applicant=True,
                   needs_own_room_medical=kw.get("medical", False)),
            person("alex", 36, "male", partner_key="you")]


def single(age: int = 30, sex: str = "female") -> list[Occupant]:
    return [person("you", age, sex, is_applicant=True)]


def need(occupants: list[Occupant], rules: BedroomRules = DEFAULT, **kw) -> int:  # type: ignore[no-untyped-def]
    return bedroom_need(occupants, rules, ON, **kw).bedrooms


# --- the DOMAIN §4.5.1 test table ----------------------------------------------------------


def test_single_adult_needs_one_bedroom_and_may_bid_for_a_studio():
    result = bedroom_need(single(30), DEFAULT, ON)
    assert result.bedrooms == 1
    assert result.eligible_sizes == (0, 1)
    assert result.reasons == ("You need 1 bedroom.", "One bedroom for you.")


def test_couple_with_a_baby_needs_two_bedrooms():
    assert need([*couple(), person("baby", 0, "male")]) == 2


def test_couple_with_a_baby_needs_one_bedroom_when_babies_sleep_with_parents():
    result = bedroom_need([*couple(), person("baby", 0, "male", name="Leo")], INFANT, ON)
    assert result.bedrooms == 1
    assert result.rooms == (("you", "alex", "baby"),)
    assert result.reasons[1] == ("One bedroom for you, Alex (your partner) and Leo (0): a baby "
                                 "under 1 can sleep in a parent's room.")


def test_couple_with_boy_8_and_girl_6_needs_two_bedrooms():
    assert need([*couple(), person("b", 8, "male"), person("g", 6, "female")]) == 2


def test_couple_with_boy_12_and_girl_8_needs_three_bedrooms():
    assert need([*couple(), person("b", 12, "male"), person("g", 8, "female")]) == 3


def test_couple_with_boys_12_and_5_and_girls_6_and_7_needs_three_bedrooms():
    result = bedroom_need([*couple(), person("b12", 12, "male"), person("b5", 5, "male"),
                           person("g6", 6, "female"), person("g7", 7, "female")], DEFAULT, ON)
    assert result.bedrooms == 3
    # The pairing DOMAIN.md gives: boy 12 + boy 5, girl 6 + girl 7.
    assert result.rooms == (("you", "alex"), ("b12", "b5"), ("g7", "g6"))


def test_lone_parent_with_son_22_and_daughter_15_needs_three_bedrooms():
    assert need([*single(45), person("son", 22, "male"), person("dau", 15, "female")]) == 3


def test_couple_with_girls_17_and_19_needs_two_bedrooms():
    assert need([*couple(), person("a", 17, "female"), person("b", 19, "female")]) == 2


def test_couple_with_girls_17_and_19_needs_three_under_housing_benefit_rules():
    assert need([*couple(), person("a", 17, "female"), person("b", 19, "female")], HB) == 3


def test_couple_with_brothers_5_and_14_needs_two_bedrooms():
    assert need([*couple(), person("a", 5, "male"), person("b", 14, "male")]) == 2


def test_couple_with_brothers_5_and_14_needs_three_under_the_seven_year_gap_rule():
    assert need([*couple(), person("a", 5, "male"), person("b", 14, "male")], KINGSTON_GAP) == 3


def test_couple_expecting_a_baby_in_8_weeks_with_a_girl_of_3_needs_two_bedrooms():
    household = [*couple(), unborn("bump", ON + timedelta(weeks=8)), person("g", 3, "female")]
    result = bedroom_need(household, DEFAULT, ON)
    assert result.bedrooms == 2
    assert result.rooms == (("you", "alex"), ("g", "bump"))
    assert "The baby due on 10 August 2026 is counted as a child under 10." in result.reasons
    # Counting the baby only after birth does not change this household's need.
    assert need(household, BedroomRules(count_unborn_from_weeks=None)) == 2


# --- expected babies -------------------------------------------------------------------------


def test_an_expected_baby_can_add_a_bedroom_when_counted():
    household = [*couple(), person("boy", 12, "male"), unborn("bump", ON + timedelta(weeks=8))]
    assert need(household) == 3  # a boy of 12 cannot share with a baby of unknown sex
    result = bedroom_need(household, BedroomRules(count_unborn_from_weeks=None), ON)
    assert result.bedrooms == 2
    assert result.reasons[-1] == ("The baby due on 10 August 2026 is not counted yet: babies "
                                  "are counted once they are born.")


def test_an_expected_baby_is_counted_from_the_schemes_week_of_pregnancy():
    rules = BedroomRules(count_unborn_from_weeks=24)
    boy = person("boy", 12, "male")
    # Due in 16 weeks: 24 weeks pregnant. Due in 16 weeks and a day: not yet 24 weeks.
    assert need([*couple(), boy, unborn("bump", ON + timedelta(weeks=16))], rules) == 3
    result = bedroom_need([*couple(), boy, unborn("bump", ON + timedelta(weeks=16, days=1))],
                          rules, ON)
    assert result.bedrooms == 2
    assert result.reasons[-1].endswith("is not counted yet: babies are counted from 24 weeks of "
                                       "pregnancy.")


def test_an_expected_boy_may_share_with_an_older_brother():
    household = [*couple(), person("boy", 12, "male"),
                 unborn("bump", ON + timedelta(weeks=8), sex="male")]
    assert need(household) == 2


# --- variants ---------------------------------------------------------------------------------


def test_kingston_brothers_of_22_and_25_share_when_siblings_share_regardless_of_age():
    household = [*single(52, "female"), person("tom", 25, "male"), person("jim", 22, "male")]
    assert need(household) == 3
    assert need(household, KINGSTON_GAP) == 3
    result = bedroom_need(household, KINGSTON, ON)
    assert result.bedrooms == 2
    assert result.reasons[2] == ("One bedroom shared by Tom (25) and Jim (22): two men whose "
                                 "ages are less than 7 years apart can share.")


def test_kingston_brothers_seven_or_more_years_apart_do_not_share():
    household = [*single(52, "female"), person("tom", 29, "male"), person("jim", 22, "male")]
    assert need(household, KINGSTON) == 3


def test_lone_parent_shares_with_a_baby_under_the_infant_variant():
    household = [*single(28), person("baby", 0, "male", name="Leo")]
    assert need(household) == 2
    result = bedroom_need(household, INFANT, ON)
    assert result.bedrooms == 1
    assert result.reasons[1] == ("One bedroom for you and Leo (0): a baby under 1 can sleep in "
                                 "a parent's room.")


def test_infant_variant_places_the_baby_so_that_the_fewest_rooms_are_needed():
    # A baby boy can share with his brother of 12; the baby girl goes with the parents.
    household = [*couple(), person("boy0", 0, "male"), person("girl0", 0, "female"),
                 person("boy12", 12, "male")]
    result = bedroom_need(household, INFANT, ON)
    assert result.bedrooms == 2
    assert result.rooms == (("you", "alex", "girl0"), ("boy12", "boy0"))


def test_couple_gets_separate_rooms_for_a_medical_need():
    household = [*couple(medical=True), person("kid", 4, "male")]
    result = bedroom_need(household, DEFAULT, ON)
    assert result.bedrooms == 3
    assert result.rooms[:2] == (("you",), ("alex",))
    assert result.reasons[1].startswith("One bedroom each for you and Alex (your partner): a "
                                        "couple can have separate bedrooms")
    refused = bedroom_need(household, BedroomRules(couple_separate_rooms_if_medical=False), ON)
    assert refused.bedrooms == 2
    assert any("does not give a couple separate bedrooms" in r for r in refused.reasons)


def test_staying_contact_children_count_only_when_the_scheme_says_so():
    household = [*single(40), person("dana", 12, "female", main_home=False)]
    result = bedroom_need(household, DEFAULT, ON)
    assert result.bedrooms == 1
    assert result.reasons[-1] == ("Dana (staying contact) is not counted: only children whose "
                                  "main home is with you count.")
    counted = bedroom_need(household, BedroomRules(count_staying_contact_children=True), ON)
    assert counted.bedrooms == 2


def test_people_not_moving_are_not_counted():
    household = [*couple(), person("gran", 70, "female", to_be_rehoused=False)]
    result = bedroom_need(household, DEFAULT, ON)
    assert result.bedrooms == 1
    assert result.reasons[-1] == "Gran (70) is not counted: they are not moving with you."


def test_a_partner_not_moving_leaves_a_single_person():
    household = [person("you", 34, "female", partner_key="alex", is_applicant=True),
                 person("alex", 36, "male", to_be_rehoused=False)]
    result = bedroom_need(household, DEFAULT, ON)
    assert result.bedrooms == 1
    assert result.reasons[-1] == "Alex (your partner) is not counted: they are not moving with you."


def test_a_child_who_cannot_share_has_their_own_room():
    household = [*couple(), person("a", 6, "male", cannot_share=True), person("b", 4, "male")]
    result = bedroom_need(household, DEFAULT, ON)
    assert result.bedrooms == 3
    assert "One bedroom for A (6), who cannot share a bedroom." in result.reasons


def test_extra_bedroom_reasons_each_add_a_room():
    result = bedroom_need(single(30), DEFAULT, ON,
                          extra_bedroom_reasons=["an overnight carer must stay.",
                                                 "medical equipment (adviser recommendation)"])
    assert result.bedrooms == 3
    assert result.eligible_sizes == (3,)
    assert result.rooms == (("you",), (), ())
    assert result.reasons[-2:] == ("An extra bedroom: an overnight carer must stay.",
                                   "An extra bedroom: medical equipment (adviser recommendation).")


def test_partner_link_on_one_side_is_enough():
    household = [person("you", 34, "female", partner_key="alex", is_applicant=True),
                 person("alex", 36, "male")]
    assert need(household) == 1


def test_a_couple_of_young_people_shares_a_room():
    household = [*single(45), person("a", 19, "male", partner_key="b"),
                 person("b", 18, "female")]
    result = bedroom_need(household, DEFAULT, ON)
    assert result.bedrooms == 2
    assert "One bedroom for A (19) and B (18), who are a couple." in result.reasons


def test_nobody_counted_still_needs_one_bedroom():
    result = bedroom_need([unborn("bump", ON + timedelta(weeks=8))],
                          BedroomRules(count_unborn_from_weeks=None), ON)
    assert result.bedrooms == 1
    assert result.rooms == ()


# --- reasons -----------------------------------------------------------------------------------


def test_reasons_read_as_the_house_style_example():
    household = [*couple(), person("sam", 12, "male"), person("amy", 8, "female"),
                 person("ben", 5, "male")]
    result = bedroom_need(household, DEFAULT, ON)
    assert result.reasons == (
        "You need 3 bedrooms.",
        "One bedroom for you and Alex (your partner).",
        "One bedroom for Sam (12).",
        "One bedroom shared by Amy (8) and Ben (5): children under 10 can share whatever their "
        "sex.",
    )
    assert result.rooms == (("you", "alex"), ("sam",), ("amy", "ben"))


def test_same_sex_reason_names_the_rule_age():
    household = [*couple(), person("kim", 17, "female"), person("jo", 15, "female")]
    result = bedroom_need(household, DEFAULT, ON)
    assert result.reasons[2] == ("One bedroom shared by Kim (17) and Jo (15): two girls aged under "
                                 "21 can share.")
    hb = bedroom_need([*couple(), person("kim", 14, "female"), person("jo", 12, "female")], HB,
                      ON)
    assert hb.reasons[2] == ("One bedroom shared by Kim (14) and Jo (12): two girls aged under 16 "
                             "can share.")


def test_result_is_the_same_whatever_the_order_of_input():
    household = [*couple(), person("b12", 12, "male"), person("b5", 5, "male"),
                 person("g6", 6, "female"), person("g7", 7, "female")]
    first = bedroom_need(household, DEFAULT, ON)
    assert bedroom_need(household, DEFAULT, ON) == first
    again = bedroom_need(list(reversed(household)), DEFAULT, ON)
    assert again.bedrooms == first.bedrooms
    assert set(again.rooms) == set(first.rooms)


# --- eligible sizes, ages, bad input --------------------------------------------------------


def test_eligible_sizes():
    assert eligible_sizes(1, DEFAULT) == (0, 1)
    assert eligible_sizes(1, BedroomRules(studio_for_single=False)) == (1,)
    assert eligible_sizes(2, DEFAULT) == (2,)
    assert bedroom_need(couple(), BedroomRules(studio_for_single=False), ON).eligible_sizes == (1,)


def test_age_is_in_whole_years_on_the_date():
    assert age_on(date(2016, 6, 15), ON) == 10
    assert age_on(date(2016, 6, 16), ON) == 9
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_rules_come_from_the_scheme_version():
    class Scheme:
        bedroom_adult_age = 16
        bedroom_any_sex_sharing_max_age = 9
        bedroom_same_sex_sharing_max_age = 15
        bedroom_max_sharing_age_gap = 7
        bedroom_same_sex_siblings_share_regardless_of_age = True
        bedroom_infant_with_parent_max_age = 0
        bedroom_couple_separate_rooms_if_medical = False
        bedroom_count_staying_contact_children = True
        bedroom_count_unborn_from_weeks = None
        bedroom_studio_for_single = False

    assert BedroomRules.from_scheme(Scheme()) == BedroomRules(
        adult_age=16, same_sex_sharing_max_age=15, max_sharing_age_gap=7,
        same_sex_siblings_share_regardless_of_age=True, infant_with_parent_max_age=0,
        couple_separate_rooms_if_medical=False, count_staying_contact_children=True,
        count_unborn_from_weeks=None, studio_for_single=False)


@pytest.mark.django_db
def test_rules_from_the_default_scheme_are_the_bedroom_standard():
    from housing.scheme.selectors import scheme_in_force

    assert BedroomRules.from_scheme(scheme_in_force(on=ON)) == DEFAULT


@pytest.mark.parametrize("household", [
    [person("a", 30, partner_key="a")],
    [person("a", 30, partner_key="zz")],
    [person("a", 30, partner_key="b"), person("b", 30, partner_key="c"), person("c", 30)],
    [person("a", 30), person("a", 20)],
    [person("a", 30, is_applicant=True), person("b", 30, is_applicant=True)],
    [Occupant(key="x", name="X", date_of_birth=None, due_date=None, sex=None, partner_key=None)],
    [Occupant(key="x", name="X", date_of_birth=ON + timedelta(days=1), due_date=None, sex=None,
              partner_key=None)],
    [person(f"p{i}", 5) for i in range(MAX_HOUSEHOLD + 1)],
])
def test_inconsistent_households_are_refused(household):
    with pytest.raises(ValueError):
        bedroom_need(household, DEFAULT, ON)


def test_largest_household_is_quick_and_exact():
    household = [person(f"p{i}", i % 10, "female" if i % 3 else "male")
                 for i in range(MAX_HOUSEHOLD)]
    assert need(household) == 10


# --- the matching, and the matching against the textbook procedure -------------------------


def _brute_matching_size(n: int, edges: set[frozenset[int]]) -> int:
    best = 0

    def extend(free: tuple[int, ...], size: int) -> None:
        nonlocal best
        best = max(best, size)
        if len(free) < 2 or size + len(free) // 2 <= best:
            return
        first, rest = free[0], free[1:]
        extend(rest, size)
        for other in rest:
            if frozenset((first, other)) in edges:
                extend(tuple(v for v in rest if v != other), size + 1)

    extend(tuple(range(n)), 0)
    return best


def test_blossom_matching_agrees_with_brute_force_on_random_graphs():
    rng = random.Random(4519)
    for _ in range(600):
        n = rng.randint(0, 11)
        density = rng.random()
        edges = {frozenset(pair) for pair in combinations(range(n), 2) if rng.random() < density}
        mate = maximum_matching(n, [tuple(e) for e in edges])  # type: ignore[misc]
        for v, m in enumerate(mate):
            if m != -1:
                assert mate[m] == v
                assert frozenset((v, m)) in edges
        assert sum(m != -1 for m in mate) // 2 == _brute_matching_size(n, edges)


def test_blossom_matching_handles_an_odd_cycle():
    # A triangle with a tail needs a blossom to find the perfect matching.
    mate = maximum_matching(6, [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5)])
    assert -1 not in mate


def _textbook(children: list[tuple[int, str | None]], rooms_for_adults: int) -> int:
    """The bedroom standard as usually written: pair same-sex 10–20s; pair a leftover 10–20 with
    a same-sex under-10; pair the remaining under-10s; everyone else has their own room."""
    rooms = rooms_for_adults
    young = [sex for age, sex in children if age <= 9]
    for sex in ("female", "male"):
        teens = sum(1 for age, s in children if 10 <= age <= 20 and s == sex)
        rooms += teens // 2 + teens % 2
        if teens % 2 and sex in young:
            young.remove(sex)
    return rooms + (len(young) + 1) // 2


def test_matching_agrees_with_the_textbook_procedure_on_random_households():
    rng = random.Random(20260615)
    for trial in range(2000):
        occupants: list[Occupant] = []
        adult_rooms = 0
        if rng.random() < 0.6:
            occupants += couple()
        else:
            occupants += single(rng.randint(21, 70), rng.choice(["female", "male"]))
        adult_rooms += 1
        for i in range(rng.randint(0, 2)):
            occupants.append(person(f"adult{i}", rng.randint(21, 80),
                                    rng.choice(["female", "male"])))
            adult_rooms += 1
        children: list[tuple[int, str | None]] = []
        for i in range(rng.randint(0, 9)):
            if rng.random() < 0.05:
                occupants.append(unborn(f"bump{i}", ON + timedelta(weeks=rng.randint(1, 30))))
                children.append((0, None))
                continue
            age, sex = rng.randint(0, 20), rng.choice(["female", "male"])
            occupants.append(person(f"child{i}", age, sex))
            children.append((age, sex))
        rng.shuffle(occupants)
        result = bedroom_need(occupants, DEFAULT, ON)
        assert result.bedrooms == _textbook(children, adult_rooms), (trial, occupants)
        assert len(result.rooms) == result.bedrooms
        assert sorted(k for room in result.rooms for k in room) == sorted(o.key
                                                                          for o in occupants)
