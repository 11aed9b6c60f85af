"""The CORE lettings log record of one let (DOMAIN.md §5.3 step 5, §7.4), assembled from what
the system already holds in structured form. The reports issue exports these records in the
bulk-upload column layout of the collection year; here each record is assembled at sign-up and
what is missing is listed, so officers can fill the gaps before the export.

Field names follow CORE's lettings log (2024/25 definitions); values are our own codes, which
the export maps to CORE's numeric codes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

MAX_PEOPLE = 8


@dataclass(frozen=True)
class CorePerson:
    age: int | None
    sex: str
    relationship: str  # "lead", "partner", "child", "other"
    working_situation: str = ""


@dataclass(frozen=True)
class CoreLogFacts:
    # Setup
    owning_org: str
    managing_org: str
    needs_type: str  # "general_needs" | "supported_housing"
    rent_type: str
    start_date: dt.date
    tenancy_code: str
    property_reference: str
    # Property
    uprn: str
    postcode: str
    local_authority: str
    first_let: bool
    reason_vacant: str
    unit_type: str
    wheelchair_standard: bool
    bedrooms: int
    void_date: dt.date | None
    void_days: int | None
    major_repairs: bool
    major_repairs_date: dt.date | None
    times_offered: int
    # Tenancy
    joint: bool
    starter: bool
    tenancy_type: str
    fixed_term_years: int | None
    sheltered: bool
    # Household
    people: Sequence[CorePerson] = field(default_factory=tuple)
    armed_forces: str = ""
    pregnant: bool = False
    access_needs: str = ""
    illness: bool = False
    # Situation
    years_on_register: int | None = None
    previous_tenure: str = ""
    previous_postcode: str = ""
    homeless: bool = False
    reasonable_preference: bool = False
    rp_categories: Sequence[str] = field(default_factory=tuple)
    cbl: bool = False
    referral_source: str = ""
    # Income and charges
    weekly_income: Decimal | None = None
    housing_benefit: bool | None = None
    rent_period: str = ""
    basic_rent: Decimal | None = None
    service_charge: Decimal | None = None
    support_charge: Decimal | None = None
    shortfall: Decimal | None = None


# (key, label, required): the label is what an officer reads when it is missing.
_REQUIRED: tuple[tuple[str, str], ...] = (
    ("owning_org", "Owning organisation"),
    ("needs_type", "Needs type"),
    ("rent_type", "Rent type"),
    ("startdate", "Tenancy start date"),
    ("postcode_full", "Property postcode"),
    ("la", "Local authority"),
    ("rsnvac", "Reason the home was vacant"),
    ("unittype_gn", "Unit type"),
    ("beds", "Number of bedrooms"),
    ("tenancy", "Tenancy type"),
    ("hhmemb", "Number of people in the household"),
    ("age1", "Lead tenant's age"),
    ("sex1", "Lead tenant's sex"),
    ("ecstat1", "Lead tenant's working situation"),
    ("prevten", "Where the household lived immediately before"),
    ("period", "Rent period"),
    ("brent", "Basic rent"),
    ("earnings", "Household income"),
)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def assemble_core_log(facts: CoreLogFacts) -> tuple[dict[str, Any], list[str]]:
    """The record as a JSON-ready mapping, and the labels of required fields that are
    missing (empty when the record is complete)."""
    people = list(facts.people)[:MAX_PEOPLE]
    record: dict[str, Any] = {
        "owning_org": facts.owning_org,
        "managing_org": facts.managing_org or facts.owning_org,
        "needs_type": facts.needs_type,
        "rent_type": facts.rent_type,
        "renewal": False,
        "startdate": facts.start_date.isoformat(),
        "tenancycode": facts.tenancy_code,
        "propcode": facts.property_reference,
        "uprn": facts.uprn or None,
        "postcode_full": facts.postcode,
        "la": facts.local_authority,
        "first_time_property_let_as_social_housing": facts.first_let,
        "rsnvac": facts.reason_vacant,
        "unittype_gn": facts.unit_type,
        "wchair": facts.wheelchair_standard,
        "beds": facts.bedrooms,
        "voiddate": facts.void_date.isoformat() if facts.void_date else None,
        "vacdays": facts.void_days,
        "majorrepairs": facts.major_repairs,
        "mrcdate": facts.major_repairs_date.isoformat() if facts.major_repairs_date else None,
        "offered": facts.times_offered,
        "joint": facts.joint,
        "startertenancy": facts.starter,
        "tenancy": facts.tenancy_type,
        "tenancylength": facts.fixed_term_years,
        "sheltered": facts.sheltered,
        "hhmemb": len(people) or None,
        "armedforces": facts.armed_forces or None,
        "preg_occ": facts.pregnant,
        "housingneeds": facts.access_needs or None,
        "illness": facts.illness,
        "waityear": facts.years_on_register,
        "prevten": facts.previous_tenure or None,
        "ppostcode_full": facts.previous_postcode or None,
        "homeless": facts.homeless,
        "reasonpref": facts.reasonable_preference,
        "rp_categories": list(facts.rp_categories),
        "cbl": facts.cbl,
        "referral": facts.referral_source or None,
        "earnings": _money(facts.weekly_income),
        "incfreq": "weekly" if facts.weekly_income is not None else None,
        "hb": facts.housing_benefit,
        "period": facts.rent_period or None,
        "brent": _money(facts.basic_rent),
        "scharge": _money(facts.service_charge),
        "supcharg": _money(facts.support_charge),
        "tcharge": _money(sum((v for v in (facts.basic_rent, facts.service_charge,
                                             facts.support_charge) if v is not None),
                              Decimal("0")) if facts.basic_rent is not None else None),
        "tshortfall": _money(facts.shortfall),
    }
    for number, person in enumerate(people, start=1):
        record[f"age{number}"] = person.age
        record[f"sex{number}"] = person.sex or None
        record[f"ecstat{number}"] = person.working_situation or None
        if number > 1:
            record[f"relat{number}"] = person.relationship
    missing = [label for key, label in _REQUIRED if _is_missing(record, key)]
    return record, missing


def _is_missing(record: Mapping[str, Any], key: str) -> bool:
    value = record.get(key)
    return value is None or value == ""
