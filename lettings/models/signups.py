"""Sign-ups and tenancies (DOMAIN.md §3.15, §4.16, §5.3).

Once an offer is accepted a lettings officer works through the pre-tenancy checks
(``SignUpCheck``, one row per check, with who did it and when), including an affordability
assessment with its figures (``AffordabilityAssessment``). When the required checks are done the
tenancy pack is made (``TenancyPack``: a letter rendered to PDF, whose SHA-256 is kept). Every
tenant signs it (``TenancySignature``: typed name, time, IP address, browser and the hash of the
exact PDF they saw) online or in person; the officer counter-signs; the signed copy (the pack
with a signature page) is stored with its own hash and the let is completed: a ``Tenancy``
starts and the home is let. A change after the pack is made needs a new pack version.
"""

from __future__ import annotations

import builtins
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from applications.models import Application, HouseholdMember
from housing.core.models import TimeStampedModel
from housing.letters.models import Letter
from lettings.models.offers import Offer
from lettings.models.stock import Property


def _money(**options: Any) -> models.DecimalField:  # type: ignore[type-arg]
    """A weekly amount in pounds and pence."""
    return models.DecimalField(max_digits=8, decimal_places=2, **options)


class TenancyType(models.TextChoices):
    """Tenancy types (DOMAIN.md §3.15, §4.16; CORE's tenancy type)."""

    INTRODUCTORY = "introductory", "Introductory tenancy"
    SECURE = "secure", "Secure tenancy"
    FLEXIBLE = "flexible", "Flexible (fixed-term) secure tenancy"
    STARTER = "starter", "Starter tenancy (assured shorthold)"
    ASSURED = "assured", "Assured (periodic) tenancy"
    NON_SECURE = "non_secure", "Non-secure tenancy"
    LICENCE = "licence", "Licence to occupy"


class RentPeriod(models.TextChoices):
    """How often rent is paid (CORE's rent period)."""

    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"
    FOUR_WEEKLY = "four_weekly", "Every 4 weeks"
    MONTHLY = "monthly", "Calendar monthly"


class SignUp(TimeStampedModel):
    """The sign-up of one accepted offer."""

    class Status(models.TextChoices):
        CHECKS = "checks", "Pre-tenancy checks"
        READY = "ready_to_sign", "Ready to sign"
        TENANT_SIGNED = "tenant_signed", "Signed by the tenant: to counter-sign"
        SIGNED = "signed", "Signed: tenancy started"
        CANCELLED = "cancelled", "Cancelled"

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.CHECKS: frozenset({Status.READY, Status.CANCELLED}),
        Status.READY: frozenset({Status.TENANT_SIGNED, Status.CHECKS, Status.CANCELLED}),
        Status.TENANT_SIGNED: frozenset({Status.SIGNED, Status.CHECKS, Status.CANCELLED}),
        Status.SIGNED: frozenset(),
        Status.CANCELLED: frozenset(),
    }
    OPEN_STATUSES = frozenset({Status.CHECKS, Status.READY, Status.TENANT_SIGNED})

    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="signup")
    application = models.ForeignKey(Application, on_delete=models.PROTECT,
                                    related_name="signups")
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="signups")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CHECKS,
                              db_index=True)
    # The tenancy as proposed: settled by the tenancy-type rule and the officer, then frozen
    # into the pack.
    tenancy_type = models.CharField(max_length=16, choices=TenancyType.choices, blank=True)
    converts_to = models.CharField(max_length=16, choices=TenancyType.choices, blank=True,
                                   help_text="What an introductory or starter tenancy becomes.")
    probation_months = models.PositiveSmallIntegerField(null=True, blank=True)
    fixed_term_years = models.PositiveSmallIntegerField(null=True, blank=True)
    tenancy_reasons = models.JSONField(default=list, blank=True,
                                       help_text="Why this tenancy type, in plain English.")
    joint_tenants = models.ManyToManyField(HouseholdMember, blank=True, related_name="+",
                                           help_text="Joint tenants besides the lead tenant.")
    start_date = models.DateField(null=True, blank=True)
    weekly_rent = _money(null=True, blank=True)
    service_charge = _money(null=True, blank=True)
    support_charge = _money(default=Decimal("0"))
    rent_period = models.CharField(max_length=16, choices=RentPeriod.choices,
                                   default=RentPeriod.WEEKLY)
    additional_conditions = models.TextField(
        blank=True, help_text="Additional tenancy conditions or a support agreement, if any.")
    # The counter-signed copy: the pack with a signature page, locked once made.
    signed_pdf = models.FileField(upload_to="tenancies/signed/%Y/%m/", blank=True)
    signed_pdf_sha256 = models.CharField(max_length=64, blank=True)
    countersigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                         null=True, blank=True, related_name="+")
    countersigned_at = models.DateTimeField(null=True, blank=True)
    countersigned_name = models.CharField(max_length=200, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    cancelled_reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["joint_tenants"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="signup_money_not_negative",
                condition=(Q(weekly_rent__isnull=True) | Q(weekly_rent__gte=0))
                & (Q(service_charge__isnull=True) | Q(service_charge__gte=0))
                & Q(support_charge__gte=0)),
            models.CheckConstraint(
                name="signup_signed_has_document",
                condition=~Q(status="signed") | (~Q(signed_pdf="") & ~Q(signed_pdf_sha256="")
                                                 & Q(countersigned_at__isnull=False))),
        ]

    def __str__(self) -> str:
        return f"Sign-up for {self.property}"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    @builtins.property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @builtins.property
    def weekly_total(self) -> Decimal:
        return ((self.weekly_rent or Decimal("0")) + (self.service_charge or Decimal("0"))
                + self.support_charge)


class SignUpCheck(TimeStampedModel):
    """One pre-tenancy check on one sign-up (the checks are listed in
    ``lettings.rules.signup_checks``)."""

    class Status(models.TextChoices):
        TO_DO = "to_do", "Not done"
        DONE = "done", "Done"
        NOT_NEEDED = "not_needed", "Not needed"

    signup = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="checks")
    code = models.CharField(max_length=24)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.TO_DO)
    outcome = models.TextField(blank=True, help_text="What was checked and found, or why the "
                                                     "check is not needed.")
    details = models.JSONField(default=dict, blank=True,
                               help_text="Structured answers (documents seen, amounts, dates).")
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["signup", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["signup", "code"], name="one_check_per_code"),
            models.CheckConstraint(
                name="signup_check_done_has_who_and_when",
                condition=Q(status="to_do") | (Q(done_by__isnull=False)
                                               & Q(done_at__isnull=False))),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_status_display().lower()})"

    @builtins.property
    def is_settled(self) -> bool:
        return self.status != self.Status.TO_DO


class AffordabilityAssessment(TimeStampedModel):
    """The household's weekly income and essential outgoings against the rent and charges
    (DOMAIN.md §5.3 step 1). Amounts are per week; the result and its reasons are worked out by
    ``lettings.rules.affordability`` and stored as shown to the officer."""

    class Result(models.TextChoices):
        AFFORDABLE = "affordable", "Affordable"
        AFFORDABLE_WITH_ADVICE = "affordable_with_advice", "Affordable with money advice"
        NOT_AFFORDABLE = "not_affordable", "Not affordable on the evidence"

    signup = models.OneToOneField(SignUp, on_delete=models.CASCADE,
                                  related_name="affordability")
    # Income (weekly)
    earnings = _money(default=Decimal("0"))
    universal_credit = _money(default=Decimal("0"),
                              help_text="Universal Credit other than the housing element.")
    housing_support = _money(default=Decimal("0"),
                             help_text="Universal Credit housing element or Housing Benefit "
                                       "expected for this home.")
    other_benefits = _money(default=Decimal("0"))
    other_income = _money(default=Decimal("0"))
    # Essential outgoings (weekly)
    council_tax = _money(default=Decimal("0"))
    utilities = _money(default=Decimal("0"))
    food_and_household = _money(default=Decimal("0"))
    travel = _money(default=Decimal("0"))
    childcare = _money(default=Decimal("0"))
    debt_repayments = _money(default=Decimal("0"))
    other_outgoings = _money(default=Decimal("0"))
    evidence_seen = models.TextField(blank=True, help_text="Payslips, benefit statements, bank "
                                                           "statements seen.")
    evidence_inconclusive = models.BooleanField(default=False)
    # Worked out by the rule
    rent_and_charges = _money()
    total_income = _money()
    total_outgoings = _money()
    residual = models.DecimalField(max_digits=9, decimal_places=2)
    shortfall = _money(help_text="Rent and charges not met by help with "
                                                        "housing costs.")
    result = models.CharField(max_length=24, choices=Result.choices)
    reasons = models.JSONField(default=list)
    referrals = models.JSONField(default=list, blank=True,
                                 help_text="Codes of the referrals the rule suggests.")
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    assessed_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="affordability_amounts_not_negative",
                condition=Q(earnings__gte=0) & Q(universal_credit__gte=0)
                & Q(housing_support__gte=0) & Q(other_benefits__gte=0)
                & Q(other_income__gte=0) & Q(council_tax__gte=0) & Q(utilities__gte=0)
                & Q(food_and_household__gte=0) & Q(travel__gte=0) & Q(childcare__gte=0)
                & Q(debt_repayments__gte=0) & Q(other_outgoings__gte=0)),
        ]

    def __str__(self) -> str:
        return f"Affordability: {self.get_result_display().lower()}"


def _pack_upload(instance: TenancyPack, filename: str) -> str:
    return f"tenancies/packs/{instance.signup_id}/v{instance.version}.pdf"


class TenancyPack(TimeStampedModel):
    """One version of the tenancy sign-up pack (L22), rendered by the letters engine. The
    SHA-256 is of the PDF exactly as stored; any later change needs a new version, which
    supersedes this one and the signatures on it."""

    signup = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="packs")
    version = models.PositiveSmallIntegerField()
    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["signup", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["signup", "version"], name="one_pack_per_version"),
            models.UniqueConstraint(fields=["signup"], condition=Q(superseded_at__isnull=True),
                                    name="one_current_pack_per_signup"),
        ]

    def __str__(self) -> str:
        return f"Tenancy pack v{self.version}"

    @builtins.property
    def is_current(self) -> bool:
        return self.superseded_at is None


class TenancySignature(TimeStampedModel):
    """One signature on one pack version: a tenant's (online or in person) or the officer's
    counter-signature. Never changed or deleted."""

    class Role(models.TextChoices):
        TENANT = "tenant", "Tenant"
        LANDLORD = "landlord", "Counter-signed for the landlord"

    class Method(models.TextChoices):
        ONLINE = "online", "Signed online"
        IN_PERSON = "in_person", "Signed in person"

    pack = models.ForeignKey(TenancyPack, on_delete=models.PROTECT, related_name="signatures")
    role = models.CharField(max_length=12, choices=Role.choices)
    method = models.CharField(max_length=12, choices=Method.choices)
    member = models.ForeignKey(HouseholdMember, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", help_text="The tenant who signed.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+", help_text="The account that recorded it.")
    typed_name = models.CharField(max_length=200)
    signed_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    pdf_sha256 = models.CharField(max_length=64, help_text="SHA-256 of the exact PDF signed.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["pack", "signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "member"], condition=Q(role="tenant"),
                                    name="one_signature_per_tenant_per_pack"),
            models.UniqueConstraint(fields=["pack"], condition=Q(role="landlord"),
                                    name="one_countersignature_per_pack"),
            models.CheckConstraint(name="tenant_signature_names_tenant",
                                   condition=~Q(role="tenant") | Q(member__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.typed_name}"


class Tenancy(TimeStampedModel):
    """A tenancy that started through a sign-up, with the CORE lettings log record assembled
    from what the system already holds (the export comes with the reports)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    class CoreStatus(models.TextChoices):
        COMPLETE = "complete", "Ready for CORE"
        INCOMPLETE = "incomplete", "Missing information for CORE"

    signup = models.OneToOneField(SignUp, on_delete=models.PROTECT, related_name="tenancy")
    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="tenancy")
    application = models.ForeignKey(Application, on_delete=models.PROTECT,
                                    related_name="tenancies")
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="tenancies")
    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    tenancy_type = models.CharField(max_length=16, choices=TenancyType.choices)
    converts_to = models.CharField(max_length=16, choices=TenancyType.choices, blank=True)
    start_date = models.DateField()
    probation_end_date = models.DateField(null=True, blank=True)
    fixed_term_end_date = models.DateField(null=True, blank=True)
    tenants = models.JSONField(help_text="The tenants' names as they signed, lead first.")
    is_joint = models.BooleanField(default=False)
    weekly_rent = _money()
    service_charge = _money(default=Decimal("0"))
    support_charge = _money(default=Decimal("0"))
    rent_period = models.CharField(max_length=16, choices=RentPeriod.choices,
                                   default=RentPeriod.WEEKLY)
    void_days = models.PositiveIntegerField(null=True, blank=True)
    rent_loss = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    core_log = models.JSONField(default=dict, blank=True)
    core_status = models.CharField(max_length=12, choices=CoreStatus.choices,
                                   default=CoreStatus.INCOMPLETE)
    core_missing = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "tenancies"
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["property", "-start_date"])]
        constraints = [
            models.UniqueConstraint(fields=["property"], condition=Q(status="active"),
                                    name="one_active_tenancy_per_property"),
            models.CheckConstraint(name="tenancy_money_not_negative",
                                   condition=Q(weekly_rent__gte=0) & Q(service_charge__gte=0)
                                   & Q(support_charge__gte=0)),
            models.CheckConstraint(
                name="tenancy_probation_after_start",
                condition=Q(probation_end_date__isnull=True)
                | Q(probation_end_date__gt=F("start_date"))),
        ]

    def __str__(self) -> str:
        return f"Tenancy {self.reference}"
