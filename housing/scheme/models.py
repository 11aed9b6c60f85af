"""The council's allocation scheme as versioned configuration (DOMAIN.md §3.20, §8).

Councils change their schemes often, and every decision must say which version it applied. A
version is edited as a draft; once published it is frozen (change it by copying it into a new
draft with a later ``effective_from``). The version in force on a date is the published version
with the latest ``effective_from`` on or before that date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from housing.core.models import TimeStampedModel
from housing.scheme import defaults


def _default_debt_types() -> list[str]:
    return list(defaults.DEBT_TYPES)


def _default_refusal_reasons() -> list[dict[str, object]]:
    return [dict(reason) for reason in defaults.REFUSAL_REASONS]


def _default_direct_match_categories() -> list[dict[str, object]]:
    return [dict(category) for category in defaults.DIRECT_MATCH_CATEGORIES]


def _default_signup_required_checks() -> list[str]:
    return list(defaults.SIGNUP_REQUIRED_CHECKS)


def _default_high_bands() -> list[str]:
    return list(defaults.HIGH_BANDS)


WEEKDAYS = [(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday"),
            (5, "Saturday"), (6, "Sunday")]


class SchemeVersion(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    name = models.CharField(max_length=200)
    effective_from = models.DateField(help_text="The first day this version applies.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    summary_of_changes = models.TextField(blank=True)

    # Application and evidence (§5.1)
    evidence_deadline_days = models.PositiveSmallIntegerField(default=28)
    address_history_years = models.PositiveSmallIntegerField(default=5)

    # Qualification (§4.3)
    minimum_age = models.PositiveSmallIntegerField(default=18)
    residence_years_required = models.PositiveSmallIntegerField(default=3)
    employment_hours_per_week = models.PositiveSmallIntegerField(
        default=16, help_text="Working this many hours a week in the district counts as a local "
                              "connection.")
    family_connection_years = models.PositiveSmallIntegerField(default=5)
    income_cap_single = models.PositiveIntegerField(default=30000)
    income_cap_family = models.PositiveIntegerField(default=50000)
    savings_cap = models.PositiveIntegerField(default=30000)
    housing_need_required = models.BooleanField(default=False)
    sheltered_qualifying_age = models.PositiveSmallIntegerField(default=60)

    # Bands (§4.4)
    cumulative_uplift_enabled = models.BooleanField(default=True)
    cumulative_uplift_reasons = models.PositiveSmallIntegerField(default=2)
    demotion_keeps_higher_band_date = models.BooleanField(
        default=True, help_text="On moving down a band keep the date held in the higher band "
                                "(off: revert to the application date).")
    high_band_date_is_award_date = models.BooleanField(
        default=True, help_text="Bands A and B date from the award; C and D from application.")
    uplift_from_band = models.CharField(
        max_length=8, default="C", help_text="Cumulative need: reasons in this band count …")
    uplift_to_band = models.CharField(
        max_length=8, default="B",
        help_text="… and enough of them lift the applicant to this band.")
    reduced_priority_effect = models.CharField(
        max_length=16, default="lowest",
        choices=[("lowest", "To the lowest band"), ("one_down", "One band down")],
        help_text="Reduced priority (debt, deliberate worsening, resources, behaviour).")
    high_bands = models.JSONField(
        default=_default_high_bands,
        help_text="Bands whose date is the date the need was accepted (others: application "
                  "date), when the high-band date rule is on.")
    no_local_connection_effect = models.CharField(
        max_length=16, default="none",
        choices=[("none", "No effect on the band"),
                 ("one_down", "One band lower without a local connection")])
    resources_reduced_priority_threshold = models.PositiveIntegerField(
        null=True, blank=True,
        help_text="Savings or capital above this reduce priority (blank: not used).")
    deliberate_worsening_months = models.PositiveSmallIntegerField(default=12)
    medical_adviser_working_days = models.PositiveSmallIntegerField(
        default=10, help_text="Target for the medical adviser's recommendation.")
    band_a_time_limit_cycles = models.PositiveSmallIntegerField(null=True, blank=True, default=6)
    band_a_requires_manager_approval = models.BooleanField(default=True)
    discretionary_requires_manager_approval = models.BooleanField(default=True)

    # Bedroom standard (§4.5.1)
    bedroom_adult_age = models.PositiveSmallIntegerField(default=21)
    bedroom_any_sex_sharing_max_age = models.PositiveSmallIntegerField(default=9)
    bedroom_same_sex_sharing_max_age = models.PositiveSmallIntegerField(default=20)
    bedroom_max_sharing_age_gap = models.PositiveSmallIntegerField(null=True, blank=True)
    bedroom_same_sex_siblings_share_regardless_of_age = models.BooleanField(default=False)
    bedroom_infant_with_parent_max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    bedroom_couple_separate_rooms_if_medical = models.BooleanField(default=True)
    bedroom_count_staying_contact_children = models.BooleanField(default=False)
    bedroom_count_unborn_from_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, default=0,
        help_text="Count an expected baby from this many weeks of a confirmed pregnancy "
                  "(0: from confirmation; blank: only after birth).")
    bedroom_studio_for_single = models.BooleanField(default=True)

    # Changes of circumstances (§5.7)
    change_suspends_bidding = models.BooleanField(
        default=True, help_text="Pause bidding while a reported change that could affect "
                                "priority or bedroom size is checked (Tonbridge & Malling, "
                                "Camden). Off: bidding continues until the officer reassesses.")

    # Bidding (§4.8)
    max_live_bids = models.PositiveSmallIntegerField(default=3)
    bid_while_under_offer = models.BooleanField(default=False)
    show_queue_position = models.BooleanField(default=True)
    bid_limit_scope = models.CharField(
        max_length=8, default="live",
        choices=[("live", "Live bids at any one time"), ("cycle", "Bids in each cycle")],
        help_text="Kent Homechoice: 3 live bids at any time. Swindon: 1 bid each cycle, which "
                  "can be moved until the cycle closes.")
    cycle_mode = models.CharField(
        max_length=8, default="weekly",
        choices=[("weekly", "Weekly cycles"), ("rolling", "Each advert has its own window")])
    cycle_opens_weekday = models.PositiveSmallIntegerField(
        default=3, choices=WEEKDAYS, help_text="Weekly cycles open on this day …")
    cycle_opens_time = models.TimeField(default=dt.time(0, 0), help_text="… at this time "
                                                                          "(UK time).")
    cycle_closes_weekday = models.PositiveSmallIntegerField(
        default=0, choices=WEEKDAYS, help_text="… and close on this day …")
    cycle_closes_time = models.TimeField(default=dt.time(23, 59),
                                         help_text="… at this time (UK time).")
    rolling_window_days = models.PositiveSmallIntegerField(
        default=7, validators=[MinValueValidator(1)],
        help_text="Rolling adverts take bids for this many days.")
    older_persons_partner_must_meet_age = models.BooleanField(
        default=False, help_text="For older persons' and sheltered homes, a partner must also "
                                 "meet the minimum age.")
    sheltered_bars_children = models.BooleanField(
        default=True, help_text="Households with children under 18 may not bid for older "
                                "persons', sheltered or extra care homes.")
    rank_basis = models.CharField(max_length=8, default="close",
                                  choices=[("close", "Snapshot at cycle close"),
                                           ("offer", "Priority at the time of offer")])
    bypass_notice_letters = models.BooleanField(
        default=True, help_text="Tell a bidder by letter (L16) when they are passed over on a "
                                "shortlist, why, and what they can do.")
    group_viewing_max = models.PositiveSmallIntegerField(
        default=6, validators=[MinValueValidator(1)],
        help_text="The most bidders invited to one group viewing (RBKC invites about six, "
                  "Westminster three).")

    # Direct matches (§4.11)
    direct_match_categories = models.JSONField(
        default=_default_direct_match_categories,
        help_text="The categories of direct match the scheme allows, each with whether the "
                  "household must need the home's size.")

    # Offers and refusals (§4.9)
    view_within_days = models.PositiveSmallIntegerField(default=7)
    decide_within_hours = models.PositiveSmallIntegerField(default=48)
    no_response_is_refusal = models.BooleanField(default=True)
    unreasonable_refusals_limit = models.PositiveSmallIntegerField(default=2)
    refusal_window_months = models.PositiveSmallIntegerField(default=12)
    refusal_suspension_months = models.PositiveSmallIntegerField(default=6)
    priority_band_refusal_removes_priority = models.BooleanField(default=True)
    refusal_reasons = models.JSONField(
        default=_default_refusal_reasons,
        help_text="Reasons for refusing an offer, each with whether it is usually reasonable.")

    # Debt (§4.10)
    debt_threshold_amount = models.DecimalField(max_digits=9, decimal_places=2, default=500,
                                                null=True, blank=True)
    debt_threshold_weeks_rent = models.PositiveSmallIntegerField(null=True, blank=True)
    debt_lookback_years = models.PositiveSmallIntegerField(default=6)
    debt_arrangement_months = models.PositiveSmallIntegerField(default=6)
    debt_types = models.JSONField(default=_default_debt_types)
    debt_exclude_domestic_abuse_related = models.BooleanField(default=True)
    debt_effect = models.CharField(max_length=16, default="bypass",
                                   choices=[("bypass", "Bypassed at offer"),
                                            ("suspend", "Bidding suspended"),
                                            ("reduce", "Reduced band")])
    debt_override_valid_months = models.PositiveSmallIntegerField(default=3)
    transfer_requires_clear_account = models.BooleanField(default=True)

    # Reviews (§4.15) and renewals (§4.12)
    review_request_days = models.PositiveSmallIntegerField(default=21)
    review_decision_days = models.PositiveSmallIntegerField(default=56)
    renewal_period_months = models.PositiveSmallIntegerField(default=12)
    renewal_response_days = models.PositiveSmallIntegerField(default=28)
    renewal_reminder_day = models.PositiveSmallIntegerField(default=14)
    reinstatement_months = models.PositiveSmallIntegerField(default=6)
    letter_deemed_served_working_days = models.PositiveSmallIntegerField(default=2)

    # Nominations (§4.13), the defaults for agreements that do not set their own
    nomination_relet_working_days = models.PositiveSmallIntegerField(default=3)
    nomination_first_let_working_days = models.PositiveSmallIntegerField(default=10)
    nomination_rp_decision_working_days = models.PositiveSmallIntegerField(default=5)
    nomination_renominate_working_days = models.PositiveSmallIntegerField(default=3)

    # Tenancy policy (§4.16) and sign-up (§5.3)
    tenancy_council_new_tenants = models.CharField(
        max_length=16, default="introductory",
        choices=[("introductory", "Introductory tenancy first"),
                 ("secure", "Secure tenancy from the start")],
        help_text="What a new council tenant is given (existing social tenants who transfer "
                  "always get a secure tenancy).")
    tenancy_introductory_months = models.PositiveSmallIntegerField(
        default=12, validators=[MinValueValidator(1)],
        help_text="How long an introductory tenancy lasts before it becomes secure (or "
                  "flexible); it may be extended by 6 months.")
    tenancy_flexible_policy = models.CharField(
        max_length=16, default="none",
        choices=[("none", "The council does not use flexible tenancies"),
                 ("property", "Only for homes marked as let on a flexible tenancy"),
                 ("all", "All new council tenancies")],
        help_text="Where the council's tenancy policy uses flexible (fixed-term) tenancies.")
    tenancy_flexible_term_years = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(2)],
        help_text="The fixed term of a flexible tenancy (the law's minimum is 2 years).")
    tenancy_da_non_flexible_from = models.DateField(
        null=True, blank=True,
        help_text="From this date a former secure or assured social tenant rehoused because "
                  "of domestic abuse gets a secure, non-flexible tenancy (Domestic Abuse Act "
                  "2021 s79; Housing Act 1985 s81ZA). Blank: the council has not set a date.")
    tenancy_rp_starter_until = models.DateField(
        null=True, blank=True, default=dt.date(2026, 5, 1),
        help_text="Housing association starter (assured shorthold) tenancies may be granted "
                  "only for tenancies starting before this date (Renters' Rights Act 2025). "
                  "Blank: no end date set.")
    tenancy_rp_starter_months = models.PositiveSmallIntegerField(
        default=12, validators=[MinValueValidator(1)])
    signup_required_checks = models.JSONField(
        default=_default_signup_required_checks,
        help_text="The pre-tenancy checks that must be done (or marked not needed, with a "
                  "reason) before the tenancy pack is made.")
    rent_in_advance_weeks = models.PositiveSmallIntegerField(
        default=1, help_text="Rent asked for in advance, in weeks (4 for a monthly payer).")
    affordability_min_residual_weekly = models.DecimalField(
        max_digits=7, decimal_places=2, default=Decimal("60.00"),
        help_text="Below this much left each week after rent, charges and essential "
                  "outgoings, refer the household for money advice.")
    affordability_max_rent_share_pct = models.PositiveSmallIntegerField(
        default=40, validators=[MaxValueValidator(100)],
        help_text="Above this share of income going on rent and charges (after help with "
                  "housing costs), refer the household for money advice.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["effective_from"],
                                    condition=Q(status="published"),
                                    name="one_published_scheme_per_effective_date"),
            models.CheckConstraint(
                name="scheme_same_sex_age_not_above_adult_age",
                condition=Q(bedroom_same_sex_sharing_max_age__lt=models.F("bedroom_adult_age")),
                violation_error_message="Same-sex sharing must end before adulthood.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (from {self.effective_from:%d %B %Y})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class BandDefinition(models.Model):
    """A band in a scheme version. ``rank`` 1 is the highest priority."""

    scheme = models.ForeignKey(SchemeVersion, on_delete=models.CASCADE, related_name="bands")
    code = models.CharField(max_length=8)
    name = models.CharField(max_length=60)
    rank = models.PositiveSmallIntegerField(validators=[MinValueValidator(1),
                                                        MaxValueValidator(20)])
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scheme", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="band_code_unique_in_scheme"),
            models.UniqueConstraint(fields=["scheme", "rank"], name="band_rank_unique_in_scheme"),
        ]

    def __str__(self) -> str:
        return self.name


class ReasonCode(models.Model):
    """Why a band is awarded. Each code maps to a reasonable-preference category for statutory
    reporting (a = homeless, b = homelessness duty, c = conditions, d = medical/welfare,
    e = hardship; ap = additional preference)."""

    scheme = models.ForeignKey(SchemeVersion, on_delete=models.CASCADE,
                               related_name="reason_codes")
    code = models.CharField(max_length=8)
    band = models.ForeignKey(BandDefinition, on_delete=models.PROTECT, related_name="reasons")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    rp_categories = models.CharField(max_length=20, blank=True,
                                     help_text="Comma-separated: a, b, c, d, e, ap.")
    requires_manager_approval = models.BooleanField(default=False)
    trigger = models.CharField(
        max_length=40, blank=True, choices=defaults.TRIGGER_CHOICES,
        help_text="The fact from the application that suggests this reason to the officer "
                  "(blank: the officer chooses it).")
    date_rule = models.CharField(
        max_length=16, blank=True,
        choices=[("", "The scheme's date rule"), ("application", "From the application date"),
                 ("award", "From the date of the award")],
        help_text="For a first award in this reason's band.")
    is_discretionary = models.BooleanField(
        default=False, help_text="A discretionary award (needs a manager's approval when the "
                                 "scheme says so).")
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scheme", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="reason_code_unique_in_scheme"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
