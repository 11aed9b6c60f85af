"""The housing register's models, split by subdomain (STYLE: a package once a module grows)."""

from applications.models.casework import (
    CaseNote,
    ChangeOfCircumstances,
    Decision,
    EvidenceItem,
    PrescribedClass,
)
from applications.models.register import (
    AddressHistory,
    Application,
    Circumstances,
    HouseholdMember,
)

__all__ = [
    "AddressHistory",
    "Application",
    "CaseNote",
    "ChangeOfCircumstances",
    "Circumstances",
    "Decision",
    "EvidenceItem",
    "HouseholdMember",
    "PrescribedClass",
]
