"""Bidding cycles and adverts (DOMAIN.md §3.10)."""

from __future__ import annotations

import builtins
import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from housing.core.models import TimeStampedModel
from lettings.models.stock import LocalLettingsPlan, Property, Void


class BiddingCycle(TimeStampedModel):
    """A weekly (or other regular) bidding window shared by every advert published into it.
    Opening and closing are done by ``lettings.services.cycles``, which Celery beat calls."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        SHORTLISTED = "shortlisted", "Shortlisted"
        ARCHIVED = "archived", "Archived"

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.SCHEDULED: frozenset({Status.OPEN}),
        Status.OPEN: frozenset({Status.CLOSED}),
        Status.CLOSED: frozenset({Status.SHORTLISTED, Status.ARCHIVED}),
        Status.SHORTLISTED: frozenset({Status.ARCHIVED}),
        Status.ARCHIVED: frozenset(),
    }

    name = models.CharField(max_length=100)
    opens_at = models.DateTimeField(unique=True)
    closes_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED,
                              db_index=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(name="cycle_closes_after_it_opens",
                                   condition=Q(closes_at__gt=F("opens_at"))),
        ]

    def __str__(self) -> str:
        return self.name

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())


class Advert(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        LIVE = "live", "Live"
        CLOSED = "closed", "Closed"
        SHORTLISTED = "shortlisted", "Shortlisted"
        OFFER_IN_PROGRESS = "offer_in_progress", "Offer in progress"
        LET = "let", "Let"
        WITHDRAWN = "withdrawn", "Withdrawn"
        READVERTISED = "readvertised", "Re-advertised"
        CONVERTED_TO_DIRECT_LET = "direct_let", "Converted to a direct let"

    # DOMAIN.md §3.10. ``lettings.services.adverts.advert_transition`` is the one place that
    # changes status.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.DRAFT: frozenset({Status.APPROVED, Status.WITHDRAWN}),
        Status.APPROVED: frozenset({Status.LIVE, Status.DRAFT, Status.WITHDRAWN}),
        Status.LIVE: frozenset({Status.CLOSED, Status.WITHDRAWN}),
        Status.CLOSED: frozenset({Status.SHORTLISTED, Status.READVERTISED, Status.WITHDRAWN,
                                  Status.CONVERTED_TO_DIRECT_LET}),
        Status.SHORTLISTED: frozenset({Status.OFFER_IN_PROGRESS, Status.READVERTISED,
                                       Status.WITHDRAWN, Status.CONVERTED_TO_DIRECT_LET}),
        Status.OFFER_IN_PROGRESS: frozenset({Status.LET, Status.SHORTLISTED,
                                             Status.READVERTISED,
                                             Status.CONVERTED_TO_DIRECT_LET}),
        Status.LET: frozenset(),
        Status.WITHDRAWN: frozenset(),
        Status.READVERTISED: frozenset(),
        Status.CONVERTED_TO_DIRECT_LET: frozenset(),
    }
    # An advert that still holds its home (so the void cannot get a second one).
    ACTIVE_STATUSES = frozenset({Status.DRAFT, Status.APPROVED, Status.LIVE, Status.CLOSED,
                                 Status.SHORTLISTED, Status.OFFER_IN_PROGRESS})

    class Label(models.TextChoices):
        BOTH = "both", "Homeseekers and transfers"
        HOMESEEKER = "homeseeker", "Homeseekers only"
        TRANSFER = "transfer", "Transfers only"

    class QuotaGroup(models.TextChoices):
        NONE = "", "No quota"
        HOMELESS = "homeless", "Homeless households"
        TRANSFER = "transfer", "Existing social tenants (transfers)"
        HOMESEEKER = "homeseeker", "Homeseekers"
        MOVE_ON = "move_on", "Supported housing move-on"
        RIGHT_TO_MOVE = "right_to_move", "Right to Move"
        ARMED_FORCES = "armed_forces", "Armed forces"

    class QuotaMode(models.TextChoices):
        RESTRICT = "restrict", "Only this group may bid"
        PRIORITY = "priority", "This group is ranked first"

    class LandlordRule(models.TextChoices):
        NO_CHILDREN = "no_children", "No children under 16"
        NO_YOUNG_CHILDREN_ABOVE_FIRST_FLOOR = (
            "no_young_children_above_first_floor",
            "No children under 10, because the home is above the first floor")
        ADULTS_ONLY_SHARED = "adults_only", "Adults only"

    reference = models.CharField(max_length=20, unique=True)
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="adverts")
    void = models.ForeignKey(Void, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="adverts")
    cycle = models.ForeignKey(BiddingCycle, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="adverts",
                              help_text="Blank for an advert with its own (rolling) window.")
    opens_at = models.DateTimeField(null=True, blank=True,
                                    help_text="When bidding opens (the cycle's, or its own).")
    closes_at = models.DateTimeField(null=True, blank=True, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    title = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    # Who may bid (§4.6)
    label = models.CharField(max_length=16, choices=Label.choices, default=Label.BOTH)
    allowed_sizes = models.JSONField(
        default=list, blank=True,
        help_text="Bedroom needs that may bid (0 = studio). Blank: the home's own size.")
    min_occupancy = models.PositiveSmallIntegerField(default=1)
    max_occupancy = models.PositiveSmallIntegerField()
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    partner_min_age = models.BooleanField(
        default=False, help_text="A partner who will live here must also meet the minimum age.")
    mobility_required = models.BooleanField(
        default=False, help_text="Only people with an assessed mobility need this home meets "
                                 "may bid.")
    mobility_accepted = models.JSONField(
        default=list, blank=True, help_text="Assessed mobility needs this home meets.")
    accessible_need_priority = models.BooleanField(
        default=False, help_text="People whose assessed need matches the home are ranked "
                                 "first.")
    band_restriction = models.JSONField(default=list, blank=True,
                                        help_text="Only these bands may bid (blank: any band).")
    quota_group = models.CharField(max_length=16, choices=QuotaGroup.choices, blank=True)
    quota_mode = models.CharField(max_length=16, choices=QuotaMode.choices,
                                  default=QuotaMode.RESTRICT)
    local_lettings_plan = models.ForeignKey(LocalLettingsPlan, on_delete=models.PROTECT,
                                            null=True, blank=True, related_name="adverts")
    local_connection_areas = models.JSONField(
        default=list, blank=True,
        help_text="Rural exception sites: postcode districts or sectors the applicant must live "
                  "in or have lived in.")
    landlord_rules = models.JSONField(default=list, blank=True)
    auto_bid_eligible = models.BooleanField(default=True)
    # Who did what
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    followed_up_at = models.DateTimeField(
        null=True, blank=True, help_text="When automatic bids and property alerts were done for "
                                         "this advert (blank: still to do).")
    withdrawn_reason = models.CharField(max_length=300, blank=True)
    readvertised_from = models.ForeignKey("self", on_delete=models.PROTECT, null=True,
                                          blank=True, related_name="readvertisements")
    history = HistoricalRecords()

    class Meta:
        ordering = ["reference"]
        indexes = [models.Index(fields=["status", "closes_at"])]
        constraints = [
            models.CheckConstraint(name="advert_occupancy_range",
                                   condition=Q(max_occupancy__gte=F("min_occupancy"))),
            models.CheckConstraint(
                name="advert_window_order",
                condition=(Q(opens_at__isnull=True) | Q(closes_at__isnull=True)
                           | Q(closes_at__gt=F("opens_at")))),
            models.CheckConstraint(
                name="live_advert_has_window",
                condition=~Q(status="live") | (Q(opens_at__isnull=False)
                                               & Q(closes_at__isnull=False))),
            models.UniqueConstraint(
                fields=["void"], name="one_active_advert_per_void",
                condition=Q(status__in=["draft", "approved", "live", "closed", "shortlisted",
                                        "offer_in_progress"])),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.property}"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    @builtins.property
    def sizes(self) -> list[int]:
        return list(self.allowed_sizes) or [self.property.bedrooms]

    def is_open_for_bids(self, at: dt.datetime) -> bool:
        return (self.status == self.Status.LIVE and self.opens_at is not None
                and self.closes_at is not None and self.opens_at <= at < self.closes_at)
