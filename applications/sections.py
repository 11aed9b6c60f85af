"""The application form's task list: one section per topic, saved as a draft in the database."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    hint: str
    circumstances_fields: tuple[str, ...] = ()


SECTIONS: tuple[Section, ...] = (
    Section("about-you", "About you", "Your name, date of birth and how to contact you."),
    Section("household", "People who will live with you",
            "Everyone who will move with you, including any baby on the way."),
    Section("addresses", "Where you have lived", "Every address for the last 5 years."),
    Section("current-home", "Your current home", "Who owns it, its size and its condition.",
            ("tenure", "landlord_name", "current_bedrooms", "shares_kitchen", "shares_bathroom",
             "disrepair", "disrepair_details", "has_housing_need")),
    Section("local-connection", "Your connection to the area", "Work and family nearby.",
            ("works_in_district", "work_hours_per_week", "work_months", "family_in_district",
             "family_relationship", "family_years")),
    Section("immigration", "Nationality and immigration status",
            "For you and anyone applying with you."),
    Section("money", "Income, savings and property", "Before tax, for the whole household.",
            ("household_income_annual", "savings", "owns_property", "property_details")),
    Section("debts", "Housing debts", "Rent arrears or other money owed to a landlord.",
            ("has_housing_debt", "housing_debt_amount", "housing_debt_details")),
    Section("health", "Health and disability",
            "Any condition made worse by where you live now.",
            ("has_medical_needs", "medical_summary")),
    Section("circumstances", "Armed forces, leaving care and safety",
            "These can change which rules apply to you.",
            ("armed_forces", "discharge_date", "service_related_bereavement", "care_leaver",
             "fled_domestic_abuse", "is_social_tenant_in_england", "has_job_or_offer_in_district",
             "hardship_to_move_for_work", "seeking_sheltered_only", "unacceptable_behaviour",
             "behaviour_details")),
    Section("declaration", "Declaration and consent", "Check and confirm what you told us."),
)

SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}
SECTION_KEYS = tuple(section.key for section in SECTIONS)
