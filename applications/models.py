"""The housing register: applications and the people in each household (DOMAIN.md §3.1–3.2).

This is the foundation's cut: identity, status and the assessment outputs the lettings cycle needs.
The register issue adds address history, evidence, notes, eligibility and qualification.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from housing.core.models import TimeStampedModel


class Application(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        AWAITING_INFORMATION = "awaiting_information", "Awaiting information"
        UNDER_ASSESSMENT = "under_assessment", "Under assessment"
        NOT_ELIGIBLE = "not_eligible", "Not eligible"
        NOT_QUALIFYING = "not_qualifying", "Does not qualify"
        ACTIVE = "active", "Active"
        ACTIVE_SUSPENDED = "active_suspended", "Active – bidding suspended"
        UNDER_OFFER = "under_offer", "Under offer"
        HOUSED = "housed", "Housed"
        CLOSED = "closed", "Closed"

    # The lifecycle of DOMAIN.md §3.1. One service changes status (the register issue); it
    # refuses any move not listed here.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.DRAFT: frozenset({Status.SUBMITTED}),
        Status.SUBMITTED: frozenset({Status.AWAITING_INFORMATION, Status.UNDER_ASSESSMENT,
                                     Status.CLOSED}),
        Status.AWAITING_INFORMATION: frozenset({Status.UNDER_ASSESSMENT, Status.CLOSED}),
        Status.UNDER_ASSESSMENT: frozenset({Status.NOT_ELIGIBLE, Status.NOT_QUALIFYING,
                                            Status.ACTIVE, Status.AWAITING_INFORMATION}),
        Status.NOT_ELIGIBLE: frozenset({Status.UNDER_ASSESSMENT, Status.ACTIVE}),
        Status.NOT_QUALIFYING: frozenset({Status.UNDER_ASSESSMENT, Status.ACTIVE}),
        Status.ACTIVE: frozenset({Status.ACTIVE_SUSPENDED, Status.UNDER_OFFER, Status.CLOSED}),
        Status.ACTIVE_SUSPENDED: frozenset({Status.ACTIVE, Status.CLOSED}),
        Status.UNDER_OFFER: frozenset({Status.ACTIVE, Status.ACTIVE_SUSPENDED, Status.HOUSED}),
        Status.HOUSED: frozenset({Status.CLOSED}),
        Status.CLOSED: frozenset({Status.UNDER_ASSESSMENT, Status.ACTIVE}),
    }
    LIVE_STATUSES = frozenset({Status.SUBMITTED, Status.AWAITING_INFORMATION,
                               Status.UNDER_ASSESSMENT, Status.ACTIVE, Status.ACTIVE_SUSPENDED,
                               Status.UNDER_OFFER})

    class Type(models.TextChoices):
        HOMESEEKER = "homeseeker", "Homeseeker"
        TRANSFER = "transfer", "Transfer"
        HOMELESS = "homeless", "Homeless duty"
        MOVE_ON = "move_on", "Supported move-on"
        RIGHT_TO_MOVE = "right_to_move", "Right to Move"
        ARMED_FORCES = "armed_forces", "Armed forces"
        DECANT = "decant", "Decant"
        MANAGEMENT_TRANSFER = "management_transfer", "Management transfer"

    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    application_type = models.CharField(max_length=32, choices=Type.choices,
                                        default=Type.HOMESEEKER)
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="applications", help_text="The online account that owns this application.")
    submitted_at = models.DateTimeField(null=True, blank=True)
    application_date = models.DateField(null=True, blank=True)
    registration_date = models.DateField(null=True, blank=True)
    effective_date = models.DateField(null=True, blank=True, help_text="The current band date.")
    band = models.CharField(max_length=8, blank=True)
    bedroom_need = models.PositiveSmallIntegerField(null=True, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    closed_reason = models.CharField(max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="application_registered_not_before_applied",
                condition=Q(registration_date__isnull=True) | Q(application_date__isnull=True)
                | Q(registration_date__gte=models.F("application_date")),
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class HouseholdMember(TimeStampedModel):
    class Role(models.TextChoices):
        LEAD = "lead", "Lead applicant"
        JOINT = "joint", "Joint applicant"
        PARTNER = "partner", "Partner"
        CHILD = "child", "Child"
        OTHER_ADULT = "other_adult", "Other adult relative"
        CARER = "carer", "Carer"

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="members")
    role = models.CharField(max_length=16, choices=Role.choices)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True, help_text="For an expected baby.")
    sex = models.CharField(max_length=8, choices=Sex.choices, blank=True)
    ni_number = models.CharField(max_length=9, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application"], condition=Q(role="lead"),
                                    name="one_lead_applicant_per_application"),
            models.CheckConstraint(name="member_has_birth_or_due_date",
                                   condition=Q(date_of_birth__isnull=False)
                                   | Q(due_date__isnull=False)),
        ]
        indexes = [models.Index(fields=["last_name", "first_name", "date_of_birth"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"
