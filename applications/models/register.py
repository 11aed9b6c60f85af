"""The housing register: applications, the people in each household, their circumstances and
address history (DOMAIN.md §3.1–3.3)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
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
    postcode = models.CharField(max_length=10, blank=True,
                                help_text="Current address postcode, stored upper case.")
    closed_reason = models.CharField(max_length=60, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    # Casework
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="assigned_applications")
    scheme_version = models.ForeignKey(
        "scheme.SchemeVersion", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", help_text="The scheme version applied at submission.")
    evidence_due_date = models.DateField(null=True, blank=True)
    restricted_access = models.BooleanField(
        default=False, help_text="Domestic abuse, MAPPA, staff or councillor connection: only "
                                 "the restricted group may open the case.")
    sections_completed = models.JSONField(default=list, blank=True)
    eligibility_outcome = models.CharField(max_length=32, blank=True)
    qualification_outcome = models.CharField(max_length=32, blank=True)
    eligible_sizes = models.JSONField(default=list, blank=True)
    bedroom_reasons = models.JSONField(default=list, blank=True)
    possible_duplicates = models.JSONField(default=list, blank=True,
                                           help_text="References of live applications that "
                                                     "share a person with this one.")
    suspension_reason = models.CharField(
        max_length=300, blank=True, help_text="Why bidding is suspended, as the applicant reads "
                                              "it.")
    suspended_until = models.DateField(null=True, blank=True)
    closure_proposed_at = models.DateTimeField(null=True, blank=True)
    closure_proposed_reason = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True,
                                      help_text="When the eligibility/qualification decision "
                                                "was made (processing-time KPI).")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-submitted_at"]),
            models.Index(fields=["assigned_officer", "status"]),
            models.Index(fields=["postcode"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="application_registered_not_before_applied",
                condition=Q(registration_date__isnull=True) | Q(application_date__isnull=True)
                | Q(registration_date__gte=models.F("application_date")),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())


class Circumstances(TimeStampedModel):
    """Everything about the household's situation that is not a person or an address: the
    current home, local connection, money, needs and the special categories the law protects.
    One row per application, filled in section by section while the application is a draft."""

    class Tenure(models.TextChoices):
        COUNCIL_TENANT = "council_tenant", "Council tenant"
        HA_TENANT = "ha_tenant", "Housing association tenant"
        PRIVATE_RENT = "private_rent", "Renting privately"
        OWNER = "owner", "Owner or shared owner"
        TEMPORARY = "temporary_accommodation", "Temporary accommodation from the council"
        HOSTEL = "hostel", "Hostel or supported housing"
        FAMILY = "living_with_family", "Living with family or friends"
        NO_FIXED_ABODE = "no_fixed_abode", "No fixed address"
        PRISON = "prison", "Prison"
        HOSPITAL = "hospital", "Hospital"
        OTHER = "other", "Other"

    class ArmedForces(models.TextChoices):
        NONE = "none", "No connection"
        SERVING_REGULAR = "serving_regular", "Serving in the regular armed forces"
        VETERAN_REGULAR = "veteran_regular", "Former member of the regular armed forces"
        RESERVIST_INJURED = "reservist_injured", "Reservist with a serious injury from service"
        BEREAVED_PARTNER = "bereaved_partner", "Bereaved partner leaving forces accommodation"
        SEPARATED_SPOUSE = "separated_spouse", "Separated partner leaving forces accommodation"

    application = models.OneToOneField(Application, on_delete=models.CASCADE,
                                       related_name="circumstances")
    # Current home
    tenure = models.CharField(max_length=32, choices=Tenure.choices, blank=True)
    landlord_name = models.CharField(max_length=200, blank=True)
    current_bedrooms = models.PositiveSmallIntegerField(null=True, blank=True)
    shares_kitchen = models.BooleanField(default=False)
    shares_bathroom = models.BooleanField(default=False)
    disrepair = models.BooleanField(default=False)
    disrepair_details = models.TextField(blank=True)
    has_housing_need = models.BooleanField(null=True, blank=True)
    # Local connection
    works_in_district = models.BooleanField(default=False)
    work_hours_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    work_months = models.PositiveSmallIntegerField(null=True, blank=True)
    family_in_district = models.BooleanField(default=False)
    family_relationship = models.CharField(max_length=100, blank=True)
    family_years = models.PositiveSmallIntegerField(null=True, blank=True)
    # Money
    household_income_annual = models.PositiveIntegerField(null=True, blank=True)
    savings = models.PositiveIntegerField(null=True, blank=True)
    owns_property = models.BooleanField(default=False)
    property_details = models.TextField(blank=True)
    has_housing_debt = models.BooleanField(default=False)
    housing_debt_amount = models.DecimalField(max_digits=9, decimal_places=2, null=True,
                                              blank=True)
    housing_debt_details = models.TextField(blank=True)
    # Needs
    has_medical_needs = models.BooleanField(default=False)
    medical_summary = models.TextField(blank=True)
    # Special categories (statutory exemptions and priority, DOMAIN.md §4.3)
    armed_forces = models.CharField(max_length=32, choices=ArmedForces.choices,
                                    default=ArmedForces.NONE)
    discharge_date = models.DateField(null=True, blank=True)
    service_related_bereavement = models.BooleanField(default=False)
    care_leaver = models.BooleanField(default=False)
    fled_domestic_abuse = models.BooleanField(default=False)
    is_social_tenant_in_england = models.BooleanField(default=False)
    has_job_or_offer_in_district = models.BooleanField(default=False)
    hardship_to_move_for_work = models.BooleanField(default=False)
    seeking_sheltered_only = models.BooleanField(default=False)
    unacceptable_behaviour = models.BooleanField(default=False)
    behaviour_details = models.TextField(blank=True)
    # Declarations
    declaration_accepted_at = models.DateTimeField(null=True, blank=True)
    consent_data_sharing = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "circumstances"

    def __str__(self) -> str:
        return "household circumstances"


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
    ni_number = models.CharField("NI number", max_length=9, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    partner = models.OneToOneField("self", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="partner_of",
                                   help_text="The person they live with as a couple.")
    to_be_rehoused = models.BooleanField(default=True)
    main_home = models.BooleanField(default=True, help_text="No: a child who stays part-time.")
    cannot_share_bedroom = models.BooleanField(default=False)
    # Eligibility facts (DOMAIN.md §4.2), for adults proposed as tenants
    nationality = models.CharField(max_length=60, blank=True)
    immigration_status = models.CharField(max_length=32, blank=True)
    status_expiry_date = models.DateField(null=True, blank=True)
    right_to_reside = models.CharField(max_length=32, blank=True)
    habitually_resident = models.BooleanField(null=True, blank=True)
    is_existing_social_tenant = models.BooleanField(default=False)
    sponsored_immigrant = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application"], condition=Q(role="lead"),
                                    name="one_lead_applicant_per_application"),
            # A born person has a date of birth, an expected baby a due date, never both. A
            # draft's lead may have neither until "About you" is saved; submission checks.
            models.CheckConstraint(name="member_not_both_birth_and_due_date",
                                   condition=Q(date_of_birth__isnull=True)
                                   | Q(due_date__isnull=True)),
        ]
        indexes = [
            models.Index(fields=["last_name", "first_name", "date_of_birth"]),
            # Case search compares names case-insensitively (UPPER(name) = UPPER(%s)).
            models.Index(Upper("last_name"), Upper("first_name"), name="member_name_upper"),
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["ni_number"]),
            models.Index(fields=["email"]),
            models.Index(fields=["phone"]),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_proposed_tenant(self) -> bool:
        """Lead and joint applicants are the people who would sign the tenancy."""
        return self.role in (self.Role.LEAD, self.Role.JOINT)

    def age_on(self, day: dt.date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class AddressHistory(TimeStampedModel):
    """Where an adult has lived (DOMAIN.md §3.3): residence qualification, local connection,
    fraud checks and CORE's 'last settled home'."""

    class GapReason(models.TextChoices):
        NONE = "", "Not applicable"
        PRISON = "prison", "Prison"
        HOSPITAL = "hospital", "Hospital"
        ARMED_FORCES = "armed_forces", "Armed forces posting"
        REFUGE = "refuge", "Refuge"

    member = models.ForeignKey(HouseholdMember, on_delete=models.CASCADE,
                               related_name="addresses")
    line_1 = models.CharField("address line 1", max_length=200)
    line_2 = models.CharField("address line 2", max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=10, blank=True)
    from_date = models.DateField()
    to_date = models.DateField(null=True, blank=True, help_text="Blank if they live there now.")
    in_district = models.BooleanField(default=False)
    tenure = models.CharField(max_length=32, blank=True)
    reason_for_leaving = models.CharField(max_length=200, blank=True)
    gap_reason = models.CharField(max_length=16, choices=GapReason.choices, blank=True,
                                  help_text="Time away that does not break residence.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "-from_date"]
        verbose_name_plural = "address history"
        constraints = [
            models.CheckConstraint(name="address_dates_in_order",
                                   condition=Q(to_date__isnull=True)
                                   | Q(to_date__gte=models.F("from_date"))),
        ]

    def __str__(self) -> str:
        return f"{self.line_1}, {self.town}"
