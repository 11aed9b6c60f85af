"""Properties, bidding cycles, adverts, bids and shortlists (DOMAIN.md §3.8–3.12).

The foundation's cut: enough to advertise, bid and rank. The lettings issues add voids, offers,
refusals, direct matches and sign-ups.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from applications.models import Application
from housing.accounts.models import Organisation
from housing.core.models import TimeStampedModel


class Property(TimeStampedModel):
    class Type(models.TextChoices):
        HOUSE = "house", "House"
        FLAT = "flat", "Flat"
        MAISONETTE = "maisonette", "Maisonette"
        BUNGALOW = "bungalow", "Bungalow"
        STUDIO = "studio", "Studio or bedsit"

    class Designation(models.TextChoices):
        GENERAL = "general_needs", "General needs"
        OLDER = "older_persons", "Older persons"
        SHELTERED = "sheltered", "Sheltered"
        EXTRA_CARE = "extra_care", "Extra care"
        SUPPORTED = "supported", "Supported"

    reference = models.CharField(max_length=20, unique=True)
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=10)
    area = models.CharField(max_length=100, blank=True)
    landlord = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                 related_name="properties")
    property_type = models.CharField(max_length=16, choices=Type.choices)
    bedrooms = models.PositiveSmallIntegerField()
    bedspaces = models.PositiveSmallIntegerField()
    floor_level = models.SmallIntegerField(default=0)
    has_lift = models.BooleanField(default=False)
    designation = models.CharField(max_length=16, choices=Designation.choices,
                                   default=Designation.GENERAL)
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    weekly_rent = models.DecimalField(max_digits=7, decimal_places=2)
    service_charge = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "properties"
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(name="property_bedspaces_at_least_bedrooms",
                                   condition=Q(bedspaces__gte=models.F("bedrooms"))),
        ]

    def __str__(self) -> str:
        return f"{self.address_line_1}, {self.town}"


class BiddingCycle(TimeStampedModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        SHORTLISTED = "shortlisted", "Shortlisted"
        ARCHIVED = "archived", "Archived"

    name = models.CharField(max_length=100)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(name="cycle_closes_after_it_opens",
                                   condition=Q(closes_at__gt=models.F("opens_at"))),
        ]

    def __str__(self) -> str:
        return self.name


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

    class Label(models.TextChoices):
        BOTH = "both", "Homeseekers and transfers"
        HOMESEEKER = "homeseeker", "Homeseekers only"
        TRANSFER = "transfer", "Transfers only"

    reference = models.CharField(max_length=20, unique=True)
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="adverts")
    cycle = models.ForeignKey(BiddingCycle, on_delete=models.PROTECT, related_name="adverts")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    label = models.CharField(max_length=16, choices=Label.choices, default=Label.BOTH)
    min_occupancy = models.PositiveSmallIntegerField(default=1)
    max_occupancy = models.PositiveSmallIntegerField()
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(name="advert_occupancy_range",
                                   condition=Q(max_occupancy__gte=models.F("min_occupancy"))),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.property}"


class Bid(TimeStampedModel):
    class Status(models.TextChoices):
        PLACED = "placed", "Placed"
        WITHDRAWN = "withdrawn", "Withdrawn"
        INVALIDATED = "invalidated", "Invalid at close"
        SHORTLISTED = "shortlisted", "Shortlisted"

    class PlacedBy(models.TextChoices):
        APPLICANT = "applicant", "Applicant"
        OFFICER = "officer", "Officer on the applicant's behalf"
        AUTO = "auto", "Automatic bid"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="bids")
    advert = models.ForeignKey(Advert, on_delete=models.PROTECT, related_name="bids")
    placed_at = models.DateTimeField()
    placed_by = models.CharField(max_length=16, choices=PlacedBy.choices,
                                 default=PlacedBy.APPLICANT)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLACED)
    snapshot = models.JSONField(default=dict, blank=True,
                                help_text="Priority data frozen at cycle close.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["placed_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "advert"],
                                    condition=Q(status__in=["placed", "shortlisted"]),
                                    name="one_live_bid_per_application_per_advert"),
        ]


class ShortlistEntry(TimeStampedModel):
    class Status(models.TextChoices):
        RANKED = "ranked", "Ranked"
        CONTACTED = "contacted", "Contacted"
        VERIFYING = "verifying", "Verifying"
        BYPASSED = "bypassed", "Bypassed"
        NOMINATED = "nominated", "Nominated"
        OFFERED = "offered", "Offered"

    advert = models.ForeignKey(Advert, on_delete=models.PROTECT, related_name="shortlist")
    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="shortlist_entry")
    rank = models.PositiveIntegerField()
    sort_key = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RANKED)
    bypass_reason_code = models.CharField(max_length=60, blank=True)
    bypass_note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "shortlist entries"
        ordering = ["advert", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["advert", "rank"], name="one_bidder_per_rank"),
            models.CheckConstraint(name="bypass_needs_reason",
                                   condition=~Q(status="bypassed") | ~Q(bypass_reason_code="")),
        ]
