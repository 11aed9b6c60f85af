"""Priority: band awards and housing-related debt (DOMAIN.md §3.6, §3.16, §4.4, §4.10)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from applications.models.register import Application, HouseholdMember
from housing.core.models import TimeStampedModel


class BandAward(TimeStampedModel):
    """One assessment of an application's priority. An application has many awards over time;
    exactly one is current (a partial unique constraint says so).

    Lifecycle: ``PROPOSED`` (waiting for a manager) → ``CURRENT`` → ``SUPERSEDED`` | ``EXPIRED``
    | ``REVOKED``; ``PROPOSED`` → ``REJECTED`` (the manager disagrees) or ``WITHDRAWN`` (the
    officer reassessed first). An award that needs no approval is current when confirmed.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for a manager's approval"
        CURRENT = "current", "Current"
        SUPERSEDED = "superseded", "Superseded"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"
        REJECTED = "rejected", "Rejected by a manager"
        WITHDRAWN = "withdrawn", "Withdrawn"

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.PROPOSED: frozenset({Status.CURRENT, Status.REJECTED, Status.WITHDRAWN}),
        Status.CURRENT: frozenset({Status.SUPERSEDED, Status.EXPIRED, Status.REVOKED}),
        Status.SUPERSEDED: frozenset(),
        Status.EXPIRED: frozenset(),
        Status.REVOKED: frozenset(),
        Status.REJECTED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    }

    class Origin(models.TextChoices):
        ASSESSMENT = "assessment", "Assessment"
        CHANGE = "change", "Change of circumstances"
        MEDICAL = "medical", "Medical assessment"
        REVIEW = "review", "Statutory review"
        RENEWAL = "renewal", "Annual renewal"
        SCHEME_CHANGE = "scheme_change", "Scheme change"

    class DateRule(models.TextChoices):
        NEW_AWARD = "new_award", "Date of the new award"
        RETAINED_EARLIER = "retained_earlier", "Retained earlier date"
        BACKDATED = "backdated", "Backdated to the application"
        RESTORED = "restored", "Restored after review or reinstatement"

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="awards")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED,
                              db_index=True)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.ASSESSMENT)
    scheme_version = models.ForeignKey("scheme.SchemeVersion", on_delete=models.PROTECT,
                                       related_name="+")
    band = models.CharField(max_length=8)
    band_name = models.CharField(max_length=60)
    proposed_band = models.CharField(max_length=8, help_text="What the rules proposed.")
    reason_codes = models.JSONField(default=list, blank=True)
    rp_categories = models.JSONField(default=list, blank=True)
    additional_preference = models.BooleanField(default=False)
    cumulative_uplift_applied = models.BooleanField(default=False)
    reduced_priority_reasons = models.JSONField(default=list, blank=True)
    reasons = models.JSONField(default=list, blank=True, help_text="Plain-English reasons, as the "
                                                       "applicant reads them.")
    what_would_change = models.JSONField(default=list, blank=True)
    overridden = models.BooleanField(default=False)
    override_reason = models.TextField(blank=True)
    officer_note = models.TextField(blank=True)
    # Property eligibility
    bedroom_need = models.PositiveSmallIntegerField(null=True, blank=True)
    eligible_sizes = models.JSONField(default=list, blank=True)
    property_flags = models.JSONField(default=dict, blank=True, help_text="sheltered_eligible, "
                                      "ground_floor_only, level_access, mobility_category, "
                                      "extra_bedroom")
    property_reasons = models.JSONField(default=list, blank=True)
    local_connection = models.CharField(max_length=200, blank=True)
    qualifying_debt = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    debt_over_threshold = models.BooleanField(default=False)
    # Dates (§4.4.4)
    award_date = models.DateField()
    effective_date = models.DateField(null=True, blank=True)
    date_rule_applied = models.CharField(max_length=20, choices=DateRule.choices, blank=True)
    date_reason = models.TextField(blank=True)
    expires_at = models.DateField(null=True, blank=True,
                                  help_text="A time-limited award ends on this date.")
    # Who and when
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    needs_approval = models.BooleanField(default=False)
    approval_reason = models.CharField(max_length=300, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)
    replaces = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="replaced_by")
    decision_letter = models.ForeignKey("letters.Letter", on_delete=models.SET_NULL, null=True,
                                        blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["application"], condition=Q(status="current"),
                                    name="one_current_award_per_application"),
            models.UniqueConstraint(fields=["application"], condition=Q(status="proposed"),
                                    name="one_proposed_award_per_application"),
            models.CheckConstraint(name="award_override_has_reason",
                                   condition=Q(overridden=False) | ~Q(override_reason="")),
            models.CheckConstraint(name="current_award_has_date",
                                   condition=(~Q(status="current")
                                              | Q(effective_date__isnull=False))),
        ]

    def __str__(self) -> str:
        return f"{self.band_name} ({self.get_status_display().lower()})"

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.CURRENT


class DebtRecord(TimeStampedModel):
    """A housing-related debt owed by someone in the household (DOMAIN.md §3.16, §4.10)."""

    class Creditor(models.TextChoices):
        COUNCIL = "council", "The council"
        HOUSING_ASSOCIATION = "housing_association", "A housing association"
        PRIVATE_LANDLORD = "private_landlord", "A private landlord"
        TA_PROVIDER = "ta_provider", "A temporary accommodation provider"

    class Type(models.TextChoices):
        RENT_ARREARS = "rent_arrears", "Rent arrears"
        TA_CHARGES = "ta_charges", "Temporary accommodation charges"
        RECHARGEABLE_REPAIRS = "rechargeable_repairs", "Rechargeable repairs"
        COURT_COSTS = "court_costs", "Housing court costs"
        HB_OVERPAYMENT = "hb_overpayment", "Housing Benefit overpayment"
        OTHER = "other", "Other"

    class Frequency(models.TextChoices):
        NONE = "", "No arrangement"
        WEEKLY = "weekly", "Weekly"
        FORTNIGHTLY = "fortnightly", "Fortnightly"
        FOUR_WEEKLY = "four_weekly", "Every four weeks"
        MONTHLY = "monthly", "Monthly"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="debts")
    member = models.ForeignKey(HouseholdMember, on_delete=models.CASCADE, related_name="debts")
    creditor = models.CharField(max_length=32, choices=Creditor.choices)
    creditor_name = models.CharField(max_length=200, blank=True)
    type = models.CharField(max_length=32, choices=Type.choices)
    amount = models.DecimalField(max_digits=9, decimal_places=2)
    as_of = models.DateField(help_text="The date the amount was confirmed.")
    accrued_date = models.DateField(null=True, blank=True,
                                    help_text="When the debt arose (for the look-back period).")
    weekly_rent_reference = models.DecimalField(max_digits=7, decimal_places=2, null=True,
                                                blank=True)
    arrangement_amount = models.DecimalField(max_digits=7, decimal_places=2, null=True,
                                             blank=True)
    arrangement_frequency = models.CharField(max_length=16, choices=Frequency.choices,
                                             blank=True)
    arrangement_start = models.DateField(null=True, blank=True)
    arrangement_kept_since = models.DateField(
        null=True, blank=True, help_text="Payments have been kept without a break since this "
                                         "date (blank: not being kept).")
    domestic_abuse_related = models.BooleanField(
        default=False, help_text="Caused by an abuser, for example through economic abuse.")
    benefit_delay_related = models.BooleanField(
        default=False, help_text="Caused by benefit administration delays, not the applicant.")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    cleared_at = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-as_of", "-pk"]
        constraints = [
            models.CheckConstraint(name="debt_amount_not_negative", condition=Q(amount__gte=0)),
            models.CheckConstraint(
                name="debt_arrangement_complete",
                condition=Q(arrangement_frequency="") | (Q(arrangement_amount__gt=0)
                                                         & Q(arrangement_start__isnull=False))),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} £{self.amount}"
