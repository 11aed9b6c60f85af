"""The default allocation scheme: realistic values from DOMAIN.md §4 and §8.

These are configuration, not code: the first scheme version is created from them and councils edit
their own versions in admin. Rules read the version in force, never these constants.
"""

from __future__ import annotations

# (code, name, rank, description) — rank 1 is the highest priority (DOMAIN.md §4.4.2).
BANDS: list[tuple[str, str, int, str]] = [
    ("A", "Band A", 1, "Emergency or urgent need (additional preference)."),
    ("B", "Band B", 2, "High need."),
    ("C", "Band C", 3, "Moderate need (reasonable preference)."),
    ("D", "Band D", 4, "Qualifies but no reasonable preference, or reduced priority."),
]

# (code, band, title, reasonable-preference category, manager approval needed)
REASON_CODES: list[tuple[str, str, str, str, bool]] = [
    ("A1", "A", "Urgent medical or disability need", "d", True),
    ("A2", "A", "Urgent need to move because of violence, threats or abuse", "a,d", True),
    ("A3", "A", "Serious and immediate hazard in the current home", "c", True),
    ("A4", "A", "Statutory overcrowding, or lacking two or more bedrooms", "c", True),
    ("A5", "A", "Decant: the council needs the home back", "c", True),
    ("A6", "A", "Armed forces additional preference", "ap", True),
    ("A7", "A", "Releasing a family-sized or adapted social home", "", True),
    ("A8", "A", "Exceptional case approved by a manager", "", True),
    ("B1", "B", "Owed the main homelessness duty", "b", False),
    ("B2", "B", "High medical or welfare need", "d", False),
    ("B3", "B", "Overcrowded with other reasonable-preference factors", "c", False),
    ("B4", "B", "Ready to move on from supported housing or care", "d", False),
    ("B5", "B", "Social tenant under-occupying by one bedroom", "", False),
    ("B6", "B", "Needs to move to give or receive care, or Right to Move", "e", False),
    ("B7", "B", "Two or more moderate needs together (cumulative need)", "", False),
    ("C1", "C", "Homeless but not owed the main duty, or in insecure accommodation", "a,b", False),
    ("C2", "C", "Overcrowded by one bedroom", "c", False),
    ("C3", "C", "Lacking or sharing essential facilities, or serious disrepair", "c", False),
    ("C4", "C", "Moderate medical or welfare need", "d", False),
    ("C5", "C", "Young children living above the ground floor", "c", False),
    ("C6", "C", "Other hardship: needs to move to a particular area", "e", False),
    ("D1", "D", "Qualifies with no reasonable preference", "", False),
    ("D2", "D", "Reduced priority applied", "", False),
]

HIGH_BANDS = ["A", "B"]

# Facts from the application that suggest a reason code (the officer confirms). A scheme maps
# each to one of its own codes (``ReasonCode.trigger``), so the codes stay configuration.
TRIGGER_CHOICES: list[tuple[str, str]] = [
    ("", "None: the officer chooses it"),
    ("lacking_one_bedroom", "Lacking one bedroom"),
    ("lacking_two_bedrooms", "Lacking two or more bedrooms"),
    ("poor_conditions", "Shares a kitchen or bathroom, or serious disrepair"),
    ("homeless_insecure", "Homeless or in insecure accommodation"),
    ("homeless_main_duty", "Owed the main homelessness duty"),
    ("medical_urgent", "Medical decision: urgent"),
    ("medical_high", "Medical decision: high"),
    ("medical_medium", "Medical decision: medium"),
    ("domestic_abuse", "Fled domestic abuse"),
    ("decant", "Decant"),
    ("move_on", "Move-on from supported housing"),
    ("right_to_move", "Right to Move or hardship"),
    ("under_occupying_one", "Social tenant under-occupying by one bedroom"),
    ("under_occupying_two", "Social tenant under-occupying by two or more bedrooms"),
    ("armed_forces", "Armed forces, with another reasonable-preference need"),
]

# code -> (trigger, date rule, discretionary) for the default scheme.
REASON_SETTINGS: dict[str, tuple[str, str, bool]] = {
    "A1": ("medical_urgent", "", False),
    "A2": ("domestic_abuse", "", False),
    "A4": ("lacking_two_bedrooms", "", False),
    "A5": ("decant", "", False),
    "A6": ("armed_forces", "", False),
    "A7": ("under_occupying_two", "", False),
    "A8": ("", "", True),
    "B1": ("homeless_main_duty", "", False),
    "B2": ("medical_high", "", False),
    "B4": ("move_on", "", False),
    "B5": ("under_occupying_one", "", False),
    "B6": ("right_to_move", "", False),
    "C1": ("homeless_insecure", "", False),
    "C2": ("lacking_one_bedroom", "", False),
    "C3": ("poor_conditions", "", False),
    "C4": ("medical_medium", "", False),
}

DEBT_TYPES = ["rent_arrears", "ta_charges", "rechargeable_repairs", "court_costs"]

# Reasons people give for refusing an offer (DOMAIN.md §4.9 rule 3), with how an officer would
# usually assess each. The officer decides every refusal; this only suggests.
REFUSAL_REASONS = [
    {"code": "medical_need_not_met", "label": "The home does not meet an assessed medical or "
                                             "mobility need", "reasonable": True},
    {"code": "safety_risk", "label": "A genuine risk to safety in that area (for example a "
                                     "perpetrator nearby)", "reasonable": True},
    {"code": "circumstances_changed", "label": "A significant change in circumstances since "
                                               "bidding", "reasonable": True},
    {"code": "below_lettable_standard", "label": "The home is below the lettable standard",
     "reasonable": True},
    {"code": "not_in_line_with_scheme", "label": "The offer was not in line with the scheme",
     "reasonable": True},
    {"code": "decor", "label": "Does not like the decoration or condition of the home",
     "reasonable": False},
    {"code": "no_garden_or_living_room", "label": "No garden or separate living room (not "
                                                  "assessed as needed)", "reasonable": False},
    {"code": "area_preference", "label": "Prefers another area", "reasonable": False},
    {"code": "other", "label": "Another reason", "reasonable": False},
]

# Categories the scheme allows a home to be let by direct match rather than advertised
# (DOMAIN.md §4.11; East Devon, Basildon, Doncaster, Kingston). ``bedroom_need_must_match``: the
# matched household must need the home's size (a decant or a management move may allow otherwise).
DIRECT_MATCH_CATEGORIES = [
    {"code": "safeguarding", "label": "Emergency or urgent safeguarding move (MAPPA, witness "
                                      "protection, domestic abuse)",
     "bedroom_need_must_match": False},
    {"code": "management_transfer", "label": "Management transfer of an existing tenant",
     "bedroom_need_must_match": False},
    {"code": "decant", "label": "Decant: the tenant's home is being redeveloped or repaired",
     "bedroom_need_must_match": False},
    {"code": "accessible_home", "label": "Adapted or wheelchair home matched from the accessible "
                                         "housing register", "bedroom_need_must_match": True},
    {"code": "homeless_in_ta", "label": "Homeless household in temporary accommodation after "
                                        "unsuccessful bidding", "bedroom_need_must_match": True},
    {"code": "move_on", "label": "Move-on from supported housing",
     "bedroom_need_must_match": True},
    {"code": "extra_care", "label": "Extra care housing", "bedroom_need_must_match": False},
    {"code": "downsizing", "label": "Under-occupier who needs help to downsize",
     "bedroom_need_must_match": True},
    {"code": "no_acceptable_bids", "label": "The home was advertised and had no acceptable "
                                            "bidder", "bedroom_need_must_match": True},
]

# Reasons a registered provider may give for rejecting a nominee (DOMAIN.md §4.13; MHS Homes,
# Wiltshire's provider refusal appendix). An agreement starts from these and may narrow them.
NOMINATION_REJECTION_REASONS = [
    {"code": "arrears", "label": "Housing debt above the agreed threshold without a kept "
                                 "arrangement"},
    {"code": "affordability", "label": "Cannot afford the rent and charges after an "
                                       "affordability check"},
    {"code": "asb_violence", "label": "Recent serious anti-social behaviour or violence, "
                                      "including domestic abuse perpetration"},
    {"code": "support_needs", "label": "Support needs the tenancy cannot safely meet"},
    {"code": "other_property", "label": "A legal interest in another property"},
    {"code": "false_information", "label": "False or misleading information"},
    {"code": "property_unsuitable", "label": "The home is unsuitable (size, adaptations, local "
                                            "lettings plan)"},
    {"code": "no_engagement", "label": "Did not engage with the provider's checks"},
]

# Pre-tenancy checks that must be done, or marked not needed with a reason, before the tenancy
# pack is made (DOMAIN.md §5.3 step 1). The checks themselves are listed in
# lettings/rules/signup_checks.py; a council may require fewer or more of them.
SIGNUP_REQUIRED_CHECKS = [
    "identity", "eligibility", "household", "affordability", "rent_in_advance",
    "benefit_claim", "support", "tenancy_end",
]
