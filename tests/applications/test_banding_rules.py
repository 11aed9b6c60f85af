"""Banding (DOMAIN §4.4.2–§4.4.4, Appendix A.2): pure rules, plus one read of the real scheme."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from applications.rules.banding import (
    Band,
    BandScheme,
    DateRule,
    ReasonRule,
    band_effective_date,
    parse_rp_categories,
    propose_band,
)
from housing.scheme import defaults


def default_scheme(**changes: object) -> BandScheme:
    scheme = BandScheme(
        bands=tuple(Band(code, name, rank) for code, name, rank, _text in defaults.BANDS),
        reasons=tuple(ReasonRule(code, band, title, parse_rp_categories(rp), approval)
                      for code, band, title, rp, approval in defaults.REASON_CODES),
    )
    return replace(scheme, **changes) if changes else scheme  # type: ignore[arg-type]


SCHEME = default_scheme()


def five_band_scheme(**changes: object) -> BandScheme:
    """Ashford-style bands A–E, built purely as configuration."""
    return BandScheme(
        bands=tuple(Band(code, f"Band {code}", rank)
                    for rank, code in enumerate("ABCDE", start=1)),
        reasons=(
            ReasonRule("A1", "A", "Urgent medical need", ("d",), True),
            ReasonRule("B1", "B", "Owed the main homelessness duty", ("b",)),
            ReasonRule("C1", "C", "High medical need", ("d",)),
            ReasonRule("D1", "D", "Overcrowded by one bedroom", ("c",)),
            ReasonRule("D2", "D", "Lacking facilities", ("c",)),
            ReasonRule("E1", "E", "Local priority", ()),
        ),
        **{"uplift_from_band": "D", "uplift_to_band": "C", "high_bands": ("A", "B", "C"),
           **changes},  # type: ignore[arg-type]
    )


def emergency_scheme(**changes: object) -> BandScheme:
    """Kingston-style Emergency plus Bands 1–4: codes and names are not hard-coded."""
    return BandScheme(
        bands=(Band("4", "Band 4", 5), Band("EM", "Emergency", 1), Band("1", "Band 1", 2),
               Band("3", "Band 3", 4), Band("2", "Band 2", 3)),
        reasons=(
            ReasonRule("EMG", "EM", "Blocked hospital discharge", ("d",), True),
            ReasonRule("H1", "1", "Owed the main homelessness duty", ("b",)),
            ReasonRule("M1", "2", "Overcrowded by one bedroom", ("c",)),
            ReasonRule("M2", "2", "Moderate medical need", ("d",)),
            ReasonRule("L1", "3", "Local priority", ()),
        ),
        **{"uplift_from_band": "2", "uplift_to_band": "1", "high_bands": ("EM", "1"),
           **changes},  # type: ignore[arg-type]
    )


# Band proposal (§4.4.2, §4.4.3) -------------------------------------------------------------


def test_single_reason_gives_its_band() -> None:
    result = propose_band(SCHEME, ["B1"])
    assert result.band == "B"
    assert result.reason_codes == ("B1",)
    assert result.rp_categories == ("b",)
    assert not result.uplift_applied and not result.reduced
    assert result.reasons[0] == "You are in Band B because: Owed the main homelessness duty (B1)."


def test_highest_of_several_reasons_wins() -> None:
    result = propose_band(SCHEME, ["C2", "B2", "C4", "C2"])
    assert result.band == "B"
    assert result.reason_codes == ("C2", "B2", "C4")
    assert result.rp_categories == ("c", "d")
    assert not result.uplift_applied  # already in B: no uplift needed
    assert "High medical or welfare need (B2)" in result.reasons[0]
    assert "(C2)" in result.reasons[1] and "lower bands" in result.reasons[1]


def test_rp_categories_and_additional_preference() -> None:
    result = propose_band(SCHEME, ["A6", "C1"])
    assert result.band == "A"
    assert result.rp_categories == ("a", "ap", "b")
    assert result.additional_preference is True
    assert propose_band(SCHEME, ["A2"]).rp_categories == ("a", "d")
    assert propose_band(SCHEME, ["A2"]).additional_preference is False


def test_band_a_codes_need_manager_approval() -> None:
    assert propose_band(SCHEME, ["A1"]).needs_manager_approval is True
    assert propose_band(SCHEME, ["C4", "A3"]).needs_manager_approval is True
    assert propose_band(SCHEME, ["B1", "C4"]).needs_manager_approval is False


def test_cumulative_uplift_when_switched_on() -> None:
    result = propose_band(SCHEME, ["C2", "C4"])
    assert result.band == "B"
    assert result.uplift_applied is True
    assert result.reasons[0] == ("You are in Band C because: Overcrowded by one bedroom (C2); "
                                 "Moderate medical or welfare need (C4).")
    assert result.reasons[1] == ("You have 2 separate needs that each count for Band C (C2, C4), "
                                 "so the scheme places you one band higher, in Band B.")


def test_cumulative_uplift_needs_enough_distinct_reasons() -> None:
    assert propose_band(SCHEME, ["C2", "C2"]).band == "C"
    three = default_scheme(cumulative_uplift_reasons=3)
    assert propose_band(three, ["C2", "C4"]).band == "C"
    assert propose_band(three, ["C2", "C4", "C5"]).band == "B"


def test_cumulative_uplift_switched_off() -> None:
    result = propose_band(default_scheme(cumulative_uplift_enabled=False), ["C2", "C4"])
    assert result.band == "C"
    assert result.uplift_applied is False
    assert len(result.reasons) == 1


def test_no_reasons_gives_lowest_band() -> None:
    result = propose_band(SCHEME, [])
    assert result.band == "D"
    assert result.reason_codes == () and result.rp_categories == ()
    assert not result.needs_manager_approval
    assert "no" in result.reasons[0] or "none" in result.reasons[0]
    assert result.reasons[0].startswith("You are in Band D because you qualify")


def test_reduced_priority_to_lowest_band() -> None:
    result = propose_band(SCHEME, ["B1"], ["You owe £1,200 rent arrears with no repayment plan."])
    assert result.band == "D"
    assert result.reduced is True
    assert result.reasons[-1] == ("Your priority is reduced to Band D because: You owe £1,200 "
                                  "rent arrears with no repayment plan.")


def test_reduced_priority_one_band_down() -> None:
    scheme = default_scheme(reduced_priority_effect="one_down")
    assert propose_band(scheme, ["A1"], ["Deliberately worsened circumstances"]).band == "B"
    assert propose_band(scheme, ["B1"], ["Rent arrears"]).band == "C"
    # Applied after the cumulative uplift: C+C -> B, then one down -> C.
    uplifted = propose_band(scheme, ["C2", "C4"], ["Rent arrears"])
    assert uplifted.band == "C" and uplifted.uplift_applied and uplifted.reduced
    assert uplifted.reasons[-1] == "Your priority is reduced to Band C because: Rent arrears."


def test_reduced_priority_never_below_lowest_band() -> None:
    scheme = default_scheme(reduced_priority_effect="one_down")
    result = propose_band(scheme, [], ["Rent arrears"])
    assert result.band == "D"
    assert result.reduced is False
    assert "already in Band D" in result.reasons[-1]


def test_unknown_reason_code_raises() -> None:
    with pytest.raises(ValueError, match=r"Unknown reason code.*Z9, X1"):
        propose_band(SCHEME, ["B1", "Z9", "X1"])


def test_scheme_validation() -> None:
    with pytest.raises(ValueError, match="not in the scheme"):
        BandScheme(bands=(Band("A", "Band A", 1),),
                   reasons=(ReasonRule("B1", "B", "Homeless"),), cumulative_uplift_enabled=False,
                   high_bands=())
    with pytest.raises(ValueError, match="Reduced priority effect"):
        default_scheme(reduced_priority_effect="half")
    with pytest.raises(ValueError, match="uplift"):
        default_scheme(uplift_from_band="B", uplift_to_band="C")
    with pytest.raises(ValueError, match="Band 'Z' is not in this scheme"):
        SCHEME.band_by_code("Z")
    assert SCHEME.rank_of("A") == 1 and SCHEME.lowest_band.code == "D"
    assert SCHEME.band_below("B").code == "C" and SCHEME.band_below("D").code == "D"


# Band date (§4.4.4, Appendix A.2) ------------------------------------------------------------

APPLIED = date(2023, 4, 1)
COC = date(2024, 2, 10)
IMPROVED = date(2024, 9, 1)


def _a2_path(scheme: BandScheme) -> list[date]:
    first = band_effective_date(scheme, new_band="C", award_date=date(2023, 5, 20),
                                application_date=APPLIED, previous_band=None,
                                previous_effective_date=None)
    up = band_effective_date(scheme, new_band="B", award_date=COC, application_date=APPLIED,
                             previous_band="C", previous_effective_date=first.effective_date)
    down = band_effective_date(scheme, new_band="C", award_date=IMPROVED,
                               application_date=APPLIED, previous_band="B",
                               previous_effective_date=up.effective_date)
    assert up.rule == DateRule.NEW_AWARD
    return [first.effective_date, up.effective_date, down.effective_date]


def test_appendix_a2_default_keeps_higher_band_date() -> None:
    assert _a2_path(SCHEME) == [APPLIED, COC, COC]
    down = band_effective_date(SCHEME, new_band="C", award_date=IMPROVED,
                               application_date=APPLIED, previous_band="B",
                               previous_effective_date=COC)
    assert down.rule == DateRule.RETAINED_EARLIER
    assert down.reason == ("Your Band C date is 10 February 2024: you have moved down from "
                           "Band B, and you keep the date you held there.")


def test_appendix_a2_variant_reverts_to_application_date() -> None:
    variant = default_scheme(demotion_keeps_higher_band_date=False)
    assert _a2_path(variant) == [APPLIED, COC, APPLIED]
    down = band_effective_date(variant, new_band="C", award_date=IMPROVED,
                               application_date=APPLIED, previous_band="B",
                               previous_effective_date=COC)
    assert down.rule == DateRule.BACKDATED
    assert "1 April 2023, the date you applied" in down.reason


def test_first_award_dates() -> None:
    c = band_effective_date(SCHEME, new_band="C", award_date=COC, application_date=APPLIED,
                            previous_band=None, previous_effective_date=None)
    assert (c.effective_date, c.rule) == (APPLIED, DateRule.BACKDATED)
    b = band_effective_date(SCHEME, new_band="B", award_date=COC, application_date=APPLIED,
                            previous_band=None, previous_effective_date=None)
    assert (b.effective_date, b.rule) == (COC, DateRule.NEW_AWARD)
    assert "the date your need was accepted" in b.reason
    all_from_application = default_scheme(high_band_date_is_award_date=False)
    a = band_effective_date(all_from_application, new_band="A", award_date=COC,
                            application_date=APPLIED, previous_band=None,
                            previous_effective_date=None)
    assert a.effective_date == APPLIED


def test_same_band_different_reason_unchanged() -> None:
    same = band_effective_date(SCHEME, new_band="B", award_date=IMPROVED,
                               application_date=APPLIED, previous_band="B",
                               previous_effective_date=COC)
    assert (same.effective_date, same.rule) == (COC, DateRule.RETAINED_EARLIER)
    assert "still in the same band" in same.reason


def test_demotion_uses_date_held_in_higher_band_when_given() -> None:
    down = band_effective_date(SCHEME, new_band="D", award_date=IMPROVED,
                               application_date=APPLIED, previous_band="B",
                               previous_effective_date=COC,
                               highest_band_date={"B": date(2024, 1, 5)})
    assert down.effective_date == date(2024, 1, 5)


def test_restored_date() -> None:
    restored = band_effective_date(SCHEME, new_band="A", award_date=IMPROVED,
                                   application_date=APPLIED, previous_band="C",
                                   previous_effective_date=APPLIED,
                                   restored_date=date(2023, 11, 30))
    assert restored.effective_date == date(2023, 11, 30)
    assert restored.rule == DateRule.RESTORED == "restored"
    assert "restored" in restored.reason


def test_previous_band_without_date_raises() -> None:
    with pytest.raises(ValueError, match="previous_effective_date"):
        band_effective_date(SCHEME, new_band="C", award_date=COC, application_date=APPLIED,
                            previous_band="B", previous_effective_date=None)


# Other band structures, as configuration only -----------------------------------------------


def test_five_band_a_to_e_scheme() -> None:
    scheme = five_band_scheme()
    assert propose_band(scheme, ["E1"]).band == "E"
    assert propose_band(scheme, []).band == "E"
    assert propose_band(scheme, ["E1", "C1"]).band == "C"
    uplift = propose_band(scheme, ["D1", "D2", "E1"])
    assert uplift.band == "C" and uplift.uplift_applied
    assert "count for Band D (D1, D2)" in uplift.reasons[-1]
    assert propose_band(scheme, ["B1"], ["Rent arrears"]).band == "E"
    one_down = five_band_scheme(reduced_priority_effect="one_down")
    assert propose_band(one_down, ["D1"], ["Rent arrears"]).band == "E"

    first_c = band_effective_date(scheme, new_band="C", award_date=COC, application_date=APPLIED,
                                  previous_band=None, previous_effective_date=None)
    assert first_c.effective_date == COC  # C is a high band in this scheme
    first_d = band_effective_date(scheme, new_band="D", award_date=COC, application_date=APPLIED,
                                  previous_band=None, previous_effective_date=None)
    assert first_d.effective_date == APPLIED
    down = band_effective_date(scheme, new_band="E", award_date=IMPROVED,
                               application_date=APPLIED, previous_band="C",
                               previous_effective_date=COC)
    assert (down.effective_date, down.rule) == (COC, DateRule.RETAINED_EARLIER)


def test_emergency_plus_numbered_bands_scheme() -> None:
    scheme = emergency_scheme()
    assert [band.code for band in scheme.bands] == ["EM", "1", "2", "3", "4"]
    emergency = propose_band(scheme, ["EMG", "L1"])
    assert emergency.band == "EM" and emergency.needs_manager_approval
    assert emergency.reasons[0] == "You are in Emergency because: Blocked hospital discharge (EMG)."
    uplift = propose_band(scheme, ["M1", "M2"])
    assert uplift.band == "1" and uplift.uplift_applied
    assert "in Band 1." in uplift.reasons[-1]
    assert propose_band(scheme, []).band == "4"
    reduced = propose_band(emergency_scheme(reduced_priority_effect="one_down"), ["H1"],
                           ["Behaviour"])
    assert reduced.band == "2"
    assert reduced.reasons[-1] == "Your priority is reduced to Band 2 because: Behaviour."

    up = band_effective_date(scheme, new_band="EM", award_date=COC, application_date=APPLIED,
                             previous_band="2", previous_effective_date=APPLIED)
    assert (up.effective_date, up.rule) == (COC, DateRule.NEW_AWARD)
    assert "moved up from Band 2" in up.reason


def test_scheme_without_uplift_bands_must_switch_uplift_off() -> None:
    with pytest.raises(ValueError, match="switch the uplift off"):
        emergency_scheme(uplift_from_band="C", uplift_to_band="B")
    off = emergency_scheme(uplift_from_band="C", uplift_to_band="B",
                           cumulative_uplift_enabled=False)
    assert propose_band(off, ["M1", "M2"]).band == "2"


# The real scheme in force ---------------------------------------------------------------------


@pytest.mark.django_db
def test_from_scheme_reads_the_scheme_in_force() -> None:
    from housing.scheme.selectors import scheme_in_force

    version = scheme_in_force()
    scheme = BandScheme.from_scheme(version)
    assert [band.code for band in scheme.bands] == ["A", "B", "C", "D"]
    assert scheme.reason_by_code("A2").rp_categories == ("a", "d")
    assert scheme.reason_by_code("A1").requires_approval is True
    assert scheme.cumulative_uplift_enabled is True
    assert scheme.cumulative_uplift_reasons == 2
    assert scheme.demotion_keeps_higher_band_date is True
    assert propose_band(scheme, ["C2", "C4"]).band == "B"
    assert propose_band(scheme, ["A6"]).additional_preference is True

    version.cumulative_uplift_enabled = False
    version.demotion_keeps_higher_band_date = False
    switched = BandScheme.from_scheme(version)
    assert propose_band(switched, ["C2", "C4"]).band == "C"
    assert _a2_path(switched) == [APPLIED, COC, APPLIED]
    assert BandScheme.from_scheme(version, reduced_priority_effect="one_down") \
        .reduced_priority_effect == "one_down"
