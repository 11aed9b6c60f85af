"""The housing register's models, split by subdomain (STYLE: a package once a module grows)."""

from applications.models.banding import BandAward, DebtRecord
from applications.models.casework import (
    CaseNote,
    ChangeOfCircumstances,
    Decision,
    EvidenceItem,
    PrescribedClass,
)
from applications.models.medical import MedicalAssessment
from applications.models.register import (
    AddressHistory,
    Application,
    Circumstances,
    HouseholdMember,
)
from applications.models.reviews import ReviewRequest

__all__ = [
    "AddressHistory",
    "Application",
    "BandAward",
    "CaseNote",
    "ChangeOfCircumstances",
    "Circumstances",
    "DebtRecord",
    "Decision",
    "EvidenceItem",
    "HouseholdMember",
    "MedicalAssessment",
    "PrescribedClass",
    "ReviewRequest",
]
