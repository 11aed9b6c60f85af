"""Who may bid for a home (DOMAIN.md §4.6) and how many bids they may hold (§4.8): the pure
rules in ``lettings.rules.bid_validity``, and the shortlist order (§4.7, Appendix A.1) in
``lettings.rules.shortlist_order``. No database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from lettings.rules.bid_validity import (
    AdvertFacts,
    BidderFacts,
    BidPolicy,
    Stage,
    check_bid,
    in_areas,
)
from lettings.rules.shortlist_order import PriorityFacts, advert_tiers, sort_key

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.UTC)
WHEELCHAIR_HOME = ("wheelchair", "step_free", "ground_or_lift")


def bidder(**changes: Any) -> BidderFacts:
    """A household of two (the lead, 35, and a partner, 33) in Band C who need two bedrooms and
    live in BF1: valid for ``advert()``."""
    base = BidderFacts(application_id=1, status="active", band="C", eligible_sizes=(2,),
                       household_size=2, lead_age=35, partner_age=33, postcodes=("BF1 2AB",))
    return dataclasses.replace(base, **changes)


def advert(**changes: Any) -> AdvertFacts:
    """A live two-bedroom general-needs flat for 1 to 4 people, open from two days ago until
    two days from now."""
    base = AdvertFacts(reference="ADV-000001", status="live",
                       opens_at=NOW - dt.timedelta(days=2), closes_at=NOW + dt.timedelta(days=2),
                       bedrooms=2, sizes=(2,), min_occupancy=1, max_occupancy=4)
    return dataclasses.replace(base, **changes)


def check(b: BidderFacts | None = None, a: AdvertFacts | None = None,
          p: BidPolicy | None = None, *, now: dt.datetime = NOW,
          stage: Stage = Stage.PLACEMENT) -> Any:
    return check_bid(b or bidder(), a or advert(), p or BidPolicy(), now=now, stage=stage)


def test_a_bid_that_meets_every_rule_is_valid_with_no_reasons():
    result = check()

    assert result.valid
    assert result.reasons == ()
    assert result.messages == []
    assert result.codes == []


# --- Rule 1: the application may bid --------------------------------------------------------------

def test_active_application_may_bid():
    assert check(bidder(status="active")).valid


def test_suspended_bidding_is_refused_with_the_suspension_reason():
    result = check(bidder(status="active_suspended",
                          suspension_reason="you refused two suitable offers in 12 months"))

    assert result.codes == ["suspended"]
    assert result.messages == [
        "Your bidding is suspended: you refused two suitable offers in 12 months"]


def test_suspended_bidding_without_a_recorded_reason_still_says_so():
    result = check(bidder(status="active_suspended"))

    assert result.messages == ["Your bidding is suspended."]


def test_applicant_under_offer_cannot_bid_by_default():
    result = check(bidder(status="under_offer"))

    assert result.codes == ["under_offer"]
    assert result.messages == ["You have been offered a home. You cannot bid for others until "
                               "you decide about that offer."]


def test_applicant_under_offer_may_bid_when_the_scheme_allows_it():
    assert check(bidder(status="under_offer"), p=BidPolicy(bid_while_under_offer=True)).valid


@pytest.mark.parametrize(("status", "message"), [
    ("draft", "Your application has not been sent yet, so you cannot bid."),
    ("submitted", "We are still checking your application, so you cannot bid yet."),
    ("awaiting_information", "We are waiting for information from you before we can assess "
                             "your application, so you cannot bid yet."),
    ("under_assessment", "We are still assessing your application, so you cannot bid yet."),
    ("not_eligible", "You cannot bid because we decided you are not eligible to join the "
                     "register."),
    ("not_qualifying", "You cannot bid because we decided you do not qualify to join the "
                       "register."),
    ("housed", "You cannot bid because you have been housed."),
    ("closed", "You cannot bid because your application is closed."),
    ("something_new", "Your application is not active, so you cannot bid."),
])
def test_each_other_application_status_is_refused_with_its_own_message(status, message):
    result = check(bidder(status=status))

    assert result.codes == ["not_active"]
    assert result.messages == [message]


# --- The bidding window ---------------------------------------------------------------------------

def test_bid_inside_the_window_is_allowed_including_the_opening_moment():
    assert check(a=advert(opens_at=NOW)).valid
    assert check(now=NOW + dt.timedelta(days=2) - dt.timedelta(microseconds=1)).valid


def test_bid_before_the_window_opens_says_when_it_opens_in_uk_time():
    opens = dt.datetime(2026, 3, 12, 0, 0, tzinfo=LONDON)
    result = check(a=advert(status="approved", opens_at=opens,
                            closes_at=dt.datetime(2026, 3, 16, 23, 59, tzinfo=LONDON)))

    assert result.codes == ["not_open"]
    assert result.messages == ["Bidding for this home opens on Thursday 12 March 2026 at "
                               "midnight."]


def test_bid_after_the_window_closes_says_when_it_closed():
    closes = dt.datetime(2026, 3, 2, 23, 59, tzinfo=LONDON)
    result = check(a=advert(opens_at=closes - dt.timedelta(days=4), closes_at=closes))

    assert result.codes == ["closed"]
    assert result.messages == ["Bidding for this home closed on Monday 2 March 2026 at 23:59."]


def test_closing_time_is_shown_in_uk_summer_time():
    closes = dt.datetime(2026, 6, 1, 22, 59, tzinfo=dt.UTC)  # 23:59 BST
    result = check(a=advert(opens_at=closes - dt.timedelta(days=4), closes_at=closes),
                   now=closes + dt.timedelta(hours=1))

    assert result.messages == ["Bidding for this home closed on Monday 1 June 2026 at 23:59."]


def test_a_bid_at_exactly_the_closing_time_counts_as_closed():
    result = check(a=advert(closes_at=NOW))

    assert result.codes == ["closed"]


def test_an_advert_that_is_not_live_takes_no_bids_even_inside_its_window():
    result = check(a=advert(status="withdrawn"))

    assert result.codes == ["closed"]
    assert result.messages == ["This home is not taking bids."]


def test_an_advert_without_a_window_takes_no_bids():
    result = check(a=advert(status="draft", opens_at=None, closes_at=None))

    assert result.messages == ["This home is not taking bids."]


# --- One bid per home, and the bid limit (§4.8) ---------------------------------------------------

def test_second_bid_for_the_same_home_is_refused():
    result = check(bidder(already_bid=True))

    assert result.codes == ["duplicate"]
    assert result.messages == ["You have already bid for this home."]


def test_live_limit_allows_bids_below_the_limit():
    assert check(bidder(live_bids=2), p=BidPolicy(max_bids=3)).valid


def test_live_limit_refuses_a_bid_at_the_limit():
    result = check(bidder(live_bids=3), p=BidPolicy(max_bids=3))

    assert result.codes == ["limit"]
    assert result.messages == ["You already have 3 live bids, the most you can have at one "
                               "time. Withdraw one to bid for this home."]


def test_live_limit_ignores_how_many_bids_were_made_this_cycle():
    assert check(bidder(live_bids=1, bids_this_cycle=5), p=BidPolicy(max_bids=3)).valid


def test_cycle_limit_refuses_once_the_cycles_bids_are_used():
    result = check(bidder(live_bids=0, bids_this_cycle=3),
                   p=BidPolicy(max_bids=3, limit_scope="cycle"))

    assert result.codes == ["limit"]
    assert result.messages == ["You have used all 3 of your bids for this cycle. Withdraw one "
                               "before bidding closes to bid for this home instead."]


def test_limit_of_one_bid_is_explained_in_the_singular():
    live = check(bidder(live_bids=1), p=BidPolicy(max_bids=1))
    cycle = check(bidder(bids_this_cycle=1), p=BidPolicy(max_bids=1, limit_scope="cycle"))

    assert live.messages == ["You already have 1 live bid, the most you can have at one time. "
                             "Withdraw it to bid for this home."]
    assert cycle.messages == ["You have used your bid for this cycle. Withdraw it before "
                              "bidding closes to bid for this home instead."]


def test_cycle_limit_ignores_live_bids_in_other_cycles():
    assert check(bidder(live_bids=4, bids_this_cycle=0),
                 p=BidPolicy(max_bids=1, limit_scope="cycle")).valid


# --- Rule 3: size and occupancy -------------------------------------------------------------------

def test_home_of_the_wrong_size_is_refused_naming_the_sizes_the_applicant_may_bid_for():
    result = check(bidder(eligible_sizes=(1, 2)), advert(bedrooms=3, sizes=(3,)))

    assert result.codes == ["size"]
    assert result.messages == ["This home has 3 bedrooms. You can bid for 1-bedroom or "
                               "2-bedroom homes."]


def test_size_message_for_a_one_bedroom_home_and_a_studio():
    one = check(bidder(eligible_sizes=(2,)), advert(bedrooms=1, sizes=(1,)))
    studio = check(bidder(eligible_sizes=(1,)), advert(bedrooms=0, sizes=(0,)))
    three = check(bidder(eligible_sizes=(0, 1, 2)), advert(bedrooms=3, sizes=(3,)))

    assert one.messages == ["This home has 1 bedroom. You can bid for 2-bedroom homes."]
    assert studio.messages == ["This is a studio. You can bid for 1-bedroom homes."]
    assert three.messages == ["This home has 3 bedrooms. You can bid for studio, 1-bedroom or "
                              "2-bedroom homes."]


def test_size_refused_when_the_bedroom_need_is_not_worked_out():
    result = check(bidder(eligible_sizes=()))

    assert result.messages == ["This home has 2 bedrooms. We have not yet worked out the size "
                               "of home you need."]


def test_advert_may_widen_the_sizes_that_can_bid():
    assert check(bidder(eligible_sizes=(2,)), advert(bedrooms=3, sizes=(2, 3))).valid


def test_household_smaller_than_the_minimum_occupancy_is_refused():
    result = check(bidder(household_size=2), advert(min_occupancy=3, max_occupancy=5))

    assert result.codes == ["occupancy"]
    assert result.messages == ["This home is for 3 to 5 people. Your household is 2 people."]


def test_household_larger_than_the_maximum_occupancy_is_refused():
    result = check(bidder(household_size=3), advert(min_occupancy=1, max_occupancy=2))

    assert result.messages == ["This home is for 1 to 2 people. Your household is 3 people."]


def test_occupancy_message_for_an_exact_size_and_a_single_person():
    result = check(bidder(household_size=1), advert(min_occupancy=2, max_occupancy=2))

    assert result.messages == ["This home is for 2 people. Your household is 1 person."]


def test_household_at_either_end_of_the_occupancy_range_may_bid():
    assert check(bidder(household_size=2), advert(min_occupancy=2, max_occupancy=3)).valid
    assert check(bidder(household_size=3), advert(min_occupancy=2, max_occupancy=3)).valid


# --- Rule 4: age designation ----------------------------------------------------------------------

def older(**changes: Any) -> AdvertFacts:
    return advert(designation="older_persons", min_age=60, **changes)


def test_lead_applicant_under_the_minimum_age_is_refused():
    result = check(bidder(lead_age=59, partner_age=None, household_size=1), older())

    assert result.codes == ["age"]
    assert result.messages == ["This home is for people aged 60 or over."]


def test_lead_applicant_of_unknown_age_is_refused_an_age_restricted_home():
    assert check(bidder(lead_age=None, partner_age=None), older()).codes == ["age"]


def test_lead_applicant_at_the_minimum_age_may_bid():
    assert check(bidder(lead_age=60, partner_age=50), older()).valid


def test_younger_partner_is_refused_when_the_advert_says_partners_must_meet_the_age():
    result = check(bidder(lead_age=64, partner_age=58), older(partner_min_age=True))

    assert result.codes == ["partner_age"]
    assert result.messages == ["Your partner must also be aged 60 or over for this home."]


def test_younger_partner_may_bid_when_the_partner_rule_is_off():
    assert check(bidder(lead_age=64, partner_age=58), older(partner_min_age=False)).valid


def test_minimum_age_applies_to_a_general_needs_advert_that_sets_one():
    result = check(bidder(lead_age=50), advert(min_age=55))

    assert result.messages == ["This home is for people aged 55 or over."]


def test_children_are_barred_from_sheltered_homes_when_the_scheme_says_so():
    result = check(bidder(lead_age=70, partner_age=None, children_ages=(12,)),
                   advert(designation="sheltered", min_age=60),
                   BidPolicy(sheltered_bars_children=True))

    assert result.codes == ["children"]
    assert result.messages == ["Children cannot live in this home because it is housing for "
                               "older people."]


def test_children_are_allowed_in_sheltered_homes_when_the_scheme_does_not_bar_them():
    assert check(bidder(lead_age=70, partner_age=None, children_ages=(12,)),
                 advert(designation="sheltered", min_age=60),
                 BidPolicy(sheltered_bars_children=False)).valid


def test_children_do_not_matter_for_general_needs_homes():
    assert check(bidder(children_ages=(3, 7), household_size=4)).valid


# --- Rule 5: accessibility ------------------------------------------------------------------------

def test_home_kept_for_a_mobility_need_is_refused_to_someone_without_one():
    result = check(bidder(mobility_need=""),
                   advert(mobility_required=True, access_needs_met=("wheelchair",)))

    assert result.codes == ["mobility_required"]
    assert result.messages == ["This home is kept for people with an assessed need for a "
                               "wheelchair user home (M4(3))."]


def test_home_kept_for_several_needs_names_every_need_that_may_bid():
    result = check(bidder(mobility_need=""),
                   advert(mobility_required=True, access_needs_met=WHEELCHAIR_HOME))

    assert result.messages == ["This home is kept for people with an assessed need for a "
                               "wheelchair user home (M4(3)), a step-free home (accessible and "
                               "adaptable, M4(2)) or a home on the ground floor or with a lift."]


def test_home_kept_for_a_mobility_need_without_listed_needs_says_so_generally():
    result = check(bidder(mobility_need=""), advert(mobility_required=True, access_needs_met=()))

    assert result.messages == ["This home is kept for people with an assessed mobility need."]


def test_applicant_whose_assessed_need_the_home_does_not_meet_is_refused():
    result = check(bidder(mobility_need="wheelchair"),
                   advert(access_needs_met=("ground_or_lift",)))

    assert result.codes == ["mobility_not_met"]
    assert result.messages == ["Your medical assessment says you need a wheelchair user home "
                               "(M4(3)). This home does not meet that need."]


def test_applicant_whose_assessed_need_the_home_meets_may_bid():
    assert check(bidder(mobility_need="wheelchair"),
                 advert(mobility_required=True, access_needs_met=WHEELCHAIR_HOME)).valid
    assert check(bidder(mobility_need="ground_or_lift"),
                 advert(access_needs_met=("ground_or_lift",))).valid


# --- Rule 6: labels -------------------------------------------------------------------------------

def test_transfer_only_home_is_refused_to_someone_who_is_not_a_social_tenant():
    result = check(bidder(is_social_tenant=False), advert(label="transfer"))

    assert result.codes == ["label"]
    assert result.messages == ["This home is only for existing council or housing association "
                               "tenants who want to move."]


def test_transfer_only_home_is_open_to_a_social_tenant():
    assert check(bidder(is_social_tenant=True), advert(label="transfer")).valid


def test_homeseeker_only_home_is_refused_to_a_social_tenant():
    result = check(bidder(is_social_tenant=True), advert(label="homeseeker"))

    assert result.messages == ["This home is only for people who are not already council or "
                               "housing association tenants."]


def test_homeseeker_only_home_is_open_to_a_homeseeker():
    assert check(bidder(is_social_tenant=False), advert(label="homeseeker")).valid


# --- Rule 7: band and quota -----------------------------------------------------------------------

def test_band_restricted_home_is_refused_to_other_bands_naming_the_bands():
    policy = BidPolicy(band_names={"A": "Band A (urgent)", "B": "Band B (high)"})
    result = check(bidder(band="C"), advert(band_restriction=("A", "B")), policy)

    assert result.codes == ["band"]
    assert result.messages == ["This home is only for applicants in Band A (urgent) or Band B "
                               "(high)."]


def test_band_restriction_falls_back_to_band_codes_and_lists_three_bands():
    result = check(bidder(band="D"), advert(band_restriction=("A", "B", "C")))

    assert result.messages == ["This home is only for applicants in Band A, Band B or Band C."]


def test_band_restricted_home_is_open_to_a_listed_band():
    assert check(bidder(band="B"), advert(band_restriction=("A", "B"))).valid


def test_quota_home_in_restrict_mode_is_refused_to_someone_outside_the_group():
    result = check(bidder(application_type="homeseeker"),
                   advert(quota_group="homeless", quota_mode="restrict"))

    assert result.codes == ["quota"]
    assert result.messages == ["This home is kept for homeless households the council owes a "
                               "housing duty."]


def test_quota_home_in_restrict_mode_is_open_to_its_group():
    assert check(bidder(application_type="homeless"),
                 advert(quota_group="homeless", quota_mode="restrict")).valid
    assert check(bidder(is_social_tenant=True),
                 advert(quota_group="transfer", quota_mode="restrict")).valid


def test_quota_home_in_priority_mode_lets_everyone_bid():
    assert check(bidder(application_type="homeseeker"),
                 advert(quota_group="homeless", quota_mode="priority")).valid


# --- Rules 8 and 9: local lettings plans and local connection -------------------------------------

def test_llp_condition_district_matches_postcodes_in_that_district():
    a = advert(llp_name="Mill Lane", llp_condition_areas=("BF3",))

    assert check(bidder(postcodes=("BF3 4AB",)), a).valid
    assert check(bidder(postcodes=("bf3 4ab",)), a).valid
    assert check(bidder(postcodes=("BF34AB",)), a).valid


def test_llp_condition_district_does_not_match_a_longer_district():
    result = check(bidder(postcodes=("BF30 1AA",)),
                   advert(llp_name="Mill Lane", llp_condition_areas=("BF3",)))

    assert result.codes == ["llp"]
    assert result.messages == ["Under the local lettings plan (Mill Lane) this home is for "
                               "people who live or have lived in BF3."]


def test_llp_condition_sector_matches_only_that_sector():
    a = advert(llp_name="Mill Lane", llp_condition_areas=("BF3 4",))

    assert check(bidder(postcodes=("BF3 4AB",)), a).valid
    assert check(bidder(postcodes=("BF3 5AB",)), a).codes == ["llp"]
    assert check(bidder(postcodes=("BF30 4AB",)), a).codes == ["llp"]


def test_llp_condition_is_met_by_a_previous_address():
    assert check(bidder(postcodes=("BF1 2AB", "BF3 4AB")),
                 advert(llp_name="Mill Lane", llp_condition_areas=("BF3",))).valid


def test_llp_condition_lists_every_area_in_its_message():
    result = check(bidder(postcodes=("BF1 2AB",)),
                   advert(llp_name="Mill Lane", llp_condition_areas=("BF3", "BF4 2")))

    assert result.messages == ["Under the local lettings plan (Mill Lane) this home is for "
                               "people who live or have lived in BF3, BF4 2."]


def test_full_postcode_area_matches_only_that_postcode():
    assert in_areas(["BF3 4AB"], ["BF3 4AB"])
    assert not in_areas(["BF3 4AC"], ["BF3 4AB"])


def test_local_connection_area_is_refused_to_someone_from_elsewhere():
    result = check(bidder(postcodes=("BF1 2AB",)), advert(local_connection_areas=("BF7",)))

    assert result.codes == ["local_connection"]
    assert result.messages == ["This home is for people with a local connection to BF7: you "
                               "must live there or have lived there."]


def test_local_connection_area_is_open_to_someone_who_lives_there():
    assert check(bidder(postcodes=("BF7 1XY",)), advert(local_connection_areas=("BF7",))).valid


# --- Rule 10: the landlord's own rules ------------------------------------------------------------

def test_landlord_no_children_rule_refuses_children_under_16_only():
    a = advert(landlord_rules=("no_children",))
    result = check(bidder(children_ages=(15,), household_size=3), a)

    assert result.codes == ["landlord_no_children"]
    assert result.messages == ["The landlord does not let this home to households with "
                               "children under 16."]
    assert check(bidder(children_ages=(16,), household_size=3), a).valid


def test_landlord_floor_rule_refuses_young_children_above_the_first_floor():
    rules = ("no_young_children_above_first_floor",)
    result = check(bidder(children_ages=(9,), household_size=3),
                   advert(landlord_rules=rules, floor_level=2))

    assert result.codes == ["landlord_floor"]
    assert result.messages == ["The landlord does not let homes above the first floor to "
                               "households with children under 10."]


def test_landlord_floor_rule_allows_first_floor_homes_and_older_children():
    rules = ("no_young_children_above_first_floor",)

    assert check(bidder(children_ages=(9,), household_size=3),
                 advert(landlord_rules=rules, floor_level=1)).valid
    assert check(bidder(children_ages=(10,), household_size=3),
                 advert(landlord_rules=rules, floor_level=3)).valid


def test_landlord_adults_only_rule_refuses_any_child():
    result = check(bidder(children_ages=(17,), household_size=3),
                   advert(landlord_rules=("adults_only",)))

    assert result.codes == ["landlord_adults_only"]
    assert result.messages == ["This home is for adults only."]


def test_landlord_rules_do_not_affect_households_without_children():
    rules = ("no_children", "no_young_children_above_first_floor", "adults_only")

    assert check(bidder(children_ages=()), advert(landlord_rules=rules, floor_level=5)).valid


# --- Every reason at once, and the stages -----------------------------------------------------

def _everything_wrong() -> tuple[BidderFacts, AdvertFacts]:
    b = bidder(status="active_suspended", suspension_reason="rent arrears", already_bid=True,
               live_bids=3, eligible_sizes=(1,), household_size=5, lead_age=40,
               children_ages=(4,), mobility_need="wheelchair", postcodes=("BF9 9ZZ",),
               band="D")
    a = advert(closes_at=NOW - dt.timedelta(hours=1), bedrooms=2, sizes=(2,),
               max_occupancy=4, designation="sheltered", min_age=60,
               access_needs_met=("ground_or_lift",), label="transfer", band_restriction=("A",),
               quota_group="homeless", llp_name="Mill Lane", llp_condition_areas=("BF3",),
               local_connection_areas=("BF7",), landlord_rules=("adults_only",))
    return b, a


def test_every_failing_rule_is_reported_at_once_in_a_stable_order():
    b, a = _everything_wrong()

    first = check(b, a)
    second = check(b, a)

    assert first.codes == [
        "suspended", "closed", "duplicate", "limit", "size", "occupancy", "age", "children",
        "mobility_not_met", "label", "band", "quota", "llp", "local_connection",
        "landlord_adults_only"]
    assert second.reasons == first.reasons
    assert first.messages[0] == "Your bidding is suspended: rent arrears"
    assert len(first.messages) == len(set(first.messages))


@pytest.mark.parametrize("stage", [Stage.CLOSE, Stage.OFFER])
def test_close_and_offer_checks_skip_window_limit_and_duplicate_but_keep_the_rest(stage):
    b, a = _everything_wrong()

    result = check(b, a, stage=stage)

    assert result.codes == [
        "suspended", "size", "occupancy", "age", "children", "mobility_not_met", "label",
        "band", "quota", "llp", "local_connection", "landlord_adults_only"]


@pytest.mark.parametrize("stage", [Stage.CLOSE, Stage.OFFER])
def test_bid_on_a_closed_advert_at_the_limit_is_still_valid_at_close_and_offer(stage):
    result = check(bidder(already_bid=True, live_bids=9),
                   advert(status="closed", closes_at=NOW - dt.timedelta(days=1)), stage=stage)

    assert result.valid


# A property the rules must have: making one more fact fail never makes an invalid bid valid,
# and every rule's reason survives whatever else fails. Each change touches different facts.
FAILURES: dict[str, Callable[[BidderFacts, AdvertFacts], tuple[BidderFacts, AdvertFacts]]] = {
    "suspended": lambda b, a: (dataclasses.replace(b, status="active_suspended"), a),
    "closed": lambda b, a: (b, dataclasses.replace(a, closes_at=NOW)),
    "duplicate": lambda b, a: (dataclasses.replace(b, already_bid=True), a),
    "limit": lambda b, a: (dataclasses.replace(b, live_bids=3), a),
    "size": lambda b, a: (dataclasses.replace(b, eligible_sizes=(3,)), a),
    "occupancy": lambda b, a: (b, dataclasses.replace(a, min_occupancy=3)),
    "age": lambda b, a: (b, dataclasses.replace(a, min_age=65)),
    "mobility_required": lambda b, a: (b, dataclasses.replace(
        a, mobility_required=True, access_needs_met=WHEELCHAIR_HOME)),
    "label": lambda b, a: (b, dataclasses.replace(a, label="transfer")),
    "band": lambda b, a: (b, dataclasses.replace(a, band_restriction=("A",))),
    "quota": lambda b, a: (b, dataclasses.replace(a, quota_group="armed_forces")),
    "llp": lambda b, a: (b, dataclasses.replace(a, llp_condition_areas=("BF30",))),
    "local_connection": lambda b, a: (b, dataclasses.replace(a, local_connection_areas=("BF7",))),
    "landlord_adults_only": lambda b, a: (dataclasses.replace(b, children_ages=(17,)),
                                          dataclasses.replace(a, landlord_rules=("adults_only",))),
}


def test_adding_a_failing_fact_never_makes_an_invalid_bid_valid():
    assert check().valid
    for size in (1, 2, 3):
        for combo in itertools.combinations(sorted(FAILURES), size):
            b, a = bidder(), advert()
            for name in combo:
                b, a = FAILURES[name](b, a)
            result = check(b, a)
            assert not result.valid, combo
            assert set(result.codes) == set(combo), combo


# --- Shortlist order (§4.7, Appendix A.1) ---------------------------------------------------------

RANKS = {"A": 1, "B": 2, "C": 3, "D": 4}


def _priority(band: str, effective: str, registered: str, app_id: int) -> PriorityFacts:
    return PriorityFacts(band_rank=RANKS[band], effective_date=dt.date.fromisoformat(effective),
                         registration_date=dt.date.fromisoformat(registered),
                         application_id=app_id)


APPENDIX_A1 = {
    "P": _priority("B", "2024-03-01", "2022-05-10", 1),
    "Q": _priority("A", "2025-01-15", "2025-01-15", 2),
    "R": _priority("B", "2024-03-01", "2021-11-02", 3),
    "S": _priority("C", "2019-06-01", "2019-06-01", 4),
}


def test_appendix_a1_worked_example_orders_q_r_p_s():
    for order in itertools.permutations(APPENDIX_A1):
        ranked = sorted(order, key=lambda name: sort_key([], APPENDIX_A1[name]))
        assert ranked == ["Q", "R", "P", "S"]


def test_placement_time_is_not_part_of_the_key():
    # The key is built only from tiers and priority facts: there is nowhere for a bid's time to
    # go, so two bidders with the same priority tie until the deterministic application id.
    assert {f.name for f in dataclasses.fields(PriorityFacts)} == {
        "band_rank", "effective_date", "registration_date", "application_id"}
    early = _priority("B", "2024-03-01", "2022-05-10", 7)
    late = _priority("B", "2024-03-01", "2022-05-10", 3)

    assert sort_key([], late) < sort_key([], early)
    assert sort_key([], late) == (0, 0, 0, 2, dt.date(2024, 3, 1), dt.date(2022, 5, 10), 3)


def test_tiers_come_before_the_band():
    band_d_matching = sort_key([0, 0, 0], _priority("D", "2025-01-01", "2025-01-01", 1))
    band_a_not_matching = sort_key([1, 0, 0], _priority("A", "2019-01-01", "2019-01-01", 2))
    llp_tier = sort_key([0, 1, 0], _priority("A", "2019-01-01", "2019-01-01", 3))
    quota_tier = sort_key([0, 0, 1], _priority("A", "2019-01-01", "2019-01-01", 4))

    assert band_d_matching < quota_tier < llp_tier < band_a_not_matching


def test_missing_tiers_count_as_first_tier_and_missing_dates_rank_last():
    facts = _priority("B", "2024-03-01", "2022-05-10", 1)
    undated = PriorityFacts(band_rank=2, effective_date=None, registration_date=None,
                            application_id=0)

    assert sort_key([], facts) == sort_key([0, 0, 0], facts)
    assert sort_key([], facts) < sort_key([], undated)


def test_advert_tiers_rank_matching_need_llp_area_and_quota_group_first():
    a = advert(access_needs_met=WHEELCHAIR_HOME, quota_group="homeless", quota_mode="priority")
    matching = bidder(mobility_need="wheelchair", postcodes=("BF3 4AB",),
                      application_type="homeless")
    other = bidder(mobility_need="", postcodes=("BF1 2AB",))

    assert advert_tiers(matching, a, accessible_priority=True,
                        llp_priority_areas=("BF3",)) == [0, 0, 0]
    assert advert_tiers(other, a, accessible_priority=True,
                        llp_priority_areas=("BF3",)) == [1, 1, 1]
    # Without the priorities switched on, nobody is put ahead.
    assert advert_tiers(other, advert(), accessible_priority=False,
                        llp_priority_areas=None) == [0, 0, 0]
    # A quota in "restrict" mode filters bidders; it does not rank them.
    restrict = advert(quota_group="homeless", quota_mode="restrict")
    assert advert_tiers(other, restrict, accessible_priority=False,
                        llp_priority_areas=None) == [0, 0, 0]
