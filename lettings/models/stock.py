"""Homes and their vacancies (DOMAIN.md §3.8, §3.9, §5.10).

A ``Property`` is a dwelling the council or a registered provider lets; a ``Void`` is one period in
which it stands empty, from the outgoing tenant's notice to the new tenancy's start. Void days and
rent loss are worked out from the void's dates (§7.3), never stored.
"""

from __future__ import annotations

import builtins
import datetime as dt
from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from housing.accounts.models import Organisation
from housing.core.models import TimeStampedModel


class MobilityCategory(models.TextChoices):
    """How accessible a home is, on the same scale as the applicant's assessed need
    (``applications.rules.banding.MOBILITY_TEXT``)."""

    NONE = "", "No particular access features"
    GROUND_OR_LIFT = "ground_or_lift", "Ground floor or lift access"
    STEP_FREE = "step_free", "Step-free, accessible and adaptable (M4(2))"
    WHEELCHAIR = "wheelchair", "Wheelchair user home (M4(3))"


# Which assessed needs a home in each category meets: a wheelchair home also suits someone who
# needs level access, and both suit someone who only needs to avoid stairs.
NEEDS_MET_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    MobilityCategory.WHEELCHAIR: ("wheelchair", "step_free", "ground_or_lift"),
    MobilityCategory.STEP_FREE: ("step_free", "ground_or_lift"),
    MobilityCategory.GROUND_OR_LIFT: ("ground_or_lift",),
    MobilityCategory.NONE: (),
}


class LocalLettingsPlan(TimeStampedModel):
    """A local lettings plan (DOMAIN.md §4.6 rules 8–9, §4.7 key 2): who a development or a
    village is let to first. As a *condition* only those who meet it may bid; as a *priority*
    everyone may bid and those who meet it are ranked first."""

    class Mode(models.TextChoices):
        CONDITION = "condition", "Only people who meet the plan may bid"
        PRIORITY = "priority", "People who meet the plan are ranked first"

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(help_text="What the plan says, in plain English, as shown on "
                                             "the advert.")
    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.CONDITION)
    postcode_areas = models.JSONField(
        default=list, blank=True,
        help_text="Postcode districts or sectors (for example BF3 or BF3 4). The applicant must "
                  "live there now, or have lived there before, to meet the plan.")
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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
        KEY_WORKER = "key_worker", "Key worker"

    AGE_DESIGNATIONS = frozenset({Designation.OLDER, Designation.SHELTERED,
                                  Designation.EXTRA_CARE})

    class RentType(models.TextChoices):
        SOCIAL = "social", "Social rent"
        AFFORDABLE = "affordable", "Affordable rent"
        LONDON_AFFORDABLE = "lar", "London Affordable Rent"
        INTERMEDIATE = "intermediate", "Intermediate rent"

    class TenancyType(models.TextChoices):
        INTRODUCTORY = "introductory", "Introductory tenancy"
        SECURE = "secure", "Secure tenancy"
        FLEXIBLE = "flexible", "Flexible (fixed-term) tenancy"
        STARTER = "starter", "Starter tenancy"
        ASSURED = "assured", "Assured tenancy"
        LICENCE = "licence", "Licence to occupy"

    class PetPolicy(models.TextChoices):
        NONE = "none", "No pets"
        PERMISSION = "permission", "Pets with the landlord's permission"
        ALLOWED = "allowed", "Pets allowed"

    reference = models.CharField(max_length=20, unique=True)
    uprn = models.CharField("UPRN", max_length=12, null=True, blank=True, unique=True,
                            help_text="Unique Property Reference Number (up to 12 digits).")
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=10)
    area = models.CharField(max_length=100, blank=True)
    landlord = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                 related_name="properties", verbose_name="owning organisation")
    managing_org = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="managed_properties",
                                     verbose_name="managing organisation",
                                     help_text="Blank when the owner manages the home itself.")
    property_type = models.CharField(max_length=16, choices=Type.choices)
    bedrooms = models.PositiveSmallIntegerField()
    bedspaces = models.PositiveSmallIntegerField(help_text="The most people who may live here.")
    min_occupancy = models.PositiveSmallIntegerField(default=1)
    floor_level = models.SmallIntegerField(default=0, help_text="0 is the ground floor.")
    has_lift = models.BooleanField(default=False)
    steps_to_entrance = models.PositiveSmallIntegerField(default=0)
    mobility_category = models.CharField(max_length=16, choices=MobilityCategory.choices,
                                         blank=True, default=MobilityCategory.NONE)
    adaptations = models.JSONField(default=list, blank=True,
                                   help_text="For example level-access shower, stairlift, ramp.")
    designation = models.CharField(max_length=16, choices=Designation.choices,
                                   default=Designation.GENERAL)
    min_age = models.PositiveSmallIntegerField(null=True, blank=True,
                                               help_text="For older persons' housing: 55 or 60.")
    rent_type = models.CharField(max_length=16, choices=RentType.choices, default=RentType.SOCIAL)
    weekly_rent = models.DecimalField(max_digits=7, decimal_places=2)
    service_charge = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    tenancy_type_offered = models.CharField(max_length=16, choices=TenancyType.choices,
                                            blank=True)
    is_first_let = models.BooleanField(default=False, help_text="A new home, never let before.")
    sensitive_let = models.BooleanField(
        default=False, help_text="Checks at verification before an offer (not shown to "
                                 "applicants).")
    pet_policy = models.CharField(max_length=16, choices=PetPolicy.choices, blank=True)
    has_garden = models.BooleanField(default=False)
    parking = models.CharField(max_length=100, blank=True)
    council_tax_band = models.CharField(max_length=1, blank=True)
    epc_rating = models.CharField("EPC rating", max_length=1, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "properties"
        ordering = ["reference"]
        indexes = [models.Index(fields=["landlord", "reference"]),
                   models.Index(fields=["managing_org", "reference"])]
        constraints = [
            models.CheckConstraint(name="property_bedspaces_at_least_bedrooms",
                                   condition=Q(bedspaces__gte=F("bedrooms"))),
            models.CheckConstraint(name="property_occupancy_range",
                                   condition=Q(bedspaces__gte=F("min_occupancy"))),
            models.CheckConstraint(name="property_money_not_negative",
                                   condition=Q(weekly_rent__gte=0) & Q(service_charge__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.address_line_1}, {self.town}"

    @builtins.property
    def address(self) -> str:
        return ", ".join(part for part in (self.address_line_1, self.address_line_2, self.town,
                                           self.postcode) if part)

    @builtins.property
    def weekly_total(self) -> Decimal:
        return self.weekly_rent + self.service_charge

    @builtins.property
    def landlord_type(self) -> str:
        """CORE's landlord type: LA for the council's own stock, PRP for a provider's."""
        return "LA" if self.landlord.kind == Organisation.Kind.COUNCIL else "PRP"

    @builtins.property
    def access_needs_met(self) -> tuple[str, ...]:
        """Which assessed mobility needs this home meets (a ground-floor or lift flat meets the
        'no stairs' need even when it has no formal category)."""
        needs = set(NEEDS_MET_BY_CATEGORY.get(self.mobility_category, ()))
        if self.floor_level <= 0 or self.has_lift:
            needs.add("ground_or_lift")
        order = ("wheelchair", "step_free", "ground_or_lift")
        return tuple(need for need in order if need in needs)


def _photo_path(instance: PropertyPhoto, filename: str) -> str:
    # The stored name never uses the uploaded filename (§ security: filenames are not trusted).
    return f"property-photos/{instance.property_id}/{instance.token}"


class PropertyPhoto(TimeStampedModel):
    property = models.ForeignKey(Property, on_delete=models.CASCADE, related_name="photos")
    token = models.CharField(max_length=40, unique=True)
    image = models.FileField(upload_to=_photo_path)
    content_type = models.CharField(max_length=40)
    alt_text = models.CharField(max_length=200, help_text="What the photo shows, for people who "
                                                          "cannot see it.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["property", "position", "pk"]

    def __str__(self) -> str:
        return self.alt_text


StageRow = tuple[str, dt.date | None, dt.date | None, int | None]


class Void(TimeStampedModel):
    """One vacancy of a home (DOMAIN.md §3.9). Stage dates are recorded as the void moves on;
    the days in each stage, void days and rent loss are computed from them."""

    class Status(models.TextChoices):
        NOTICE = "notice", "Notice received"
        VACANT = "vacant", "Vacant"
        IN_WORKS = "in_works", "In works"
        READY_TO_LET = "ready_to_let", "Ready to let"
        ADVERTISED = "advertised", "Advertised"
        NOMINATION_REQUESTED = "nomination_requested", "Nomination requested"
        DIRECT_MATCH = "direct_match", "Direct match"
        OFFERED = "offered", "Offered"
        LET = "let", "Let"
        WITHDRAWN = "withdrawn", "Withdrawn (tenant stays)"
        DISPOSAL = "disposal", "Disposal or demolition"

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.NOTICE: frozenset({Status.VACANT, Status.IN_WORKS, Status.READY_TO_LET,
                                  Status.WITHDRAWN, Status.DISPOSAL}),
        Status.VACANT: frozenset({Status.IN_WORKS, Status.READY_TO_LET, Status.DISPOSAL}),
        Status.IN_WORKS: frozenset({Status.READY_TO_LET, Status.DISPOSAL}),
        Status.READY_TO_LET: frozenset({Status.ADVERTISED, Status.NOMINATION_REQUESTED,
                                        Status.DIRECT_MATCH, Status.IN_WORKS, Status.DISPOSAL}),
        Status.ADVERTISED: frozenset({Status.READY_TO_LET, Status.OFFERED}),
        Status.NOMINATION_REQUESTED: frozenset({Status.READY_TO_LET, Status.OFFERED}),
        Status.DIRECT_MATCH: frozenset({Status.READY_TO_LET, Status.OFFERED}),
        Status.OFFERED: frozenset({Status.LET, Status.ADVERTISED, Status.READY_TO_LET}),
        Status.LET: frozenset(),
        Status.WITHDRAWN: frozenset(),
        Status.DISPOSAL: frozenset(),
    }
    OPEN_STATUSES = frozenset(set(Status.values) - {Status.LET, Status.WITHDRAWN,
                                                    Status.DISPOSAL})

    class ReasonVacant(models.TextChoices):
        # CORE's "reason for vacancy" (rsnvac), in the officer's words.
        TENANT_NOTICE = "tenant_notice", "Previous tenant gave notice"
        TRANSFER = "transfer", "Previous tenant transferred to another social home"
        DEATH = "death", "Previous tenant died"
        EVICTION_ARREARS = "eviction_arrears", "Previous tenant evicted for rent arrears"
        EVICTION_OTHER = "eviction_other", "Previous tenant evicted for other reasons"
        ABANDONED = "abandoned", "Property abandoned"
        MOVED_TO_CARE = "moved_to_care", "Previous tenant moved into care or hospital"
        BOUGHT = "bought", "Previous tenant bought a home"
        NEW_BUILD = "new_build", "Newly built home (first let)"
        CONVERSION = "conversion", "First let after conversion or acquisition"
        DECANT = "decant", "Previous tenant decanted"
        OTHER = "other", "Other"

    class VoidType(models.TextChoices):
        STANDARD = "standard", "Standard"
        MAJOR_WORKS = "major_works", "Major works"
        DECANT = "decant", "Held for decant"
        NEW_BUILD = "new_build", "New build"

    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="voids")
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.NOTICE,
                              db_index=True)
    reason_vacant = models.CharField(max_length=24, choices=ReasonVacant.choices)
    void_type = models.CharField(max_length=16, choices=VoidType.choices,
                                 default=VoidType.STANDARD)
    notice_received_date = models.DateField(null=True, blank=True)
    tenancy_end_date = models.DateField(
        null=True, blank=True, help_text="The last day of the previous tenancy (blank for a "
                                         "first let).")
    keys_returned_date = models.DateField(null=True, blank=True)
    works_ordered_date = models.DateField(null=True, blank=True)
    works_completed_date = models.DateField(null=True, blank=True)
    works_description = models.TextField(blank=True)
    target_ready_date = models.DateField(null=True, blank=True)
    ready_to_let_date = models.DateField(null=True, blank=True)
    advertised_date = models.DateField(null=True, blank=True)
    let_date = models.DateField(null=True, blank=True, help_text="The new tenancy's start date.")
    times_offered = models.PositiveSmallIntegerField(
        default=0, help_text="Offers made before the let (CORE 'offered').")
    end_reason = models.CharField(max_length=300, blank=True)
    notified_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+",
                                    help_text="Who told us about the vacancy.")
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["property"], name="one_open_void_per_property",
                condition=~Q(status__in=["let", "withdrawn", "disposal"])),
            models.CheckConstraint(
                name="void_let_not_before_tenancy_end",
                condition=(Q(let_date__isnull=True) | Q(tenancy_end_date__isnull=True)
                           | Q(let_date__gt=F("tenancy_end_date")))),
            models.CheckConstraint(
                name="void_works_complete_after_ordered",
                condition=(Q(works_completed_date__isnull=True)
                           | Q(works_ordered_date__isnull=True)
                           | Q(works_completed_date__gte=F("works_ordered_date")))),
        ]

    def __str__(self) -> str:
        return f"Void at {self.property} ({self.get_status_display().lower()})"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    @builtins.property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def void_days(self, today: dt.date) -> int | None:
        """Calendar days from the end of the previous tenancy (or the day the keys came back,
        or for a first let the day it was ready) to the new tenancy's start — or to today while
        it is still empty (§5.10 step 3, §7.3)."""
        start = self.tenancy_end_date or self.keys_returned_date or self.ready_to_let_date
        if start is None:
            return None
        end = self.let_date or today
        return max((end - start).days, 0)

    def rent_loss(self, today: dt.date) -> Decimal | None:
        """Weekly rent and service charge × void weeks (§3.9 ``rent_loss``)."""
        days = self.void_days(today)
        if days is None:
            return None
        weekly = self.property.weekly_rent + self.property.service_charge
        return (weekly * Decimal(days) / Decimal(7)).quantize(Decimal("0.01"))

    def stages(self, today: dt.date) -> list[StageRow]:
        """Each stage with its start, end and days (the last open stage counts to today)."""
        points = [
            ("Notice to keys returned", self.notice_received_date, self.keys_returned_date),
            ("Keys returned to works complete", self.keys_returned_date,
             self.works_completed_date or (self.ready_to_let_date if self.works_ordered_date
                                           is None else None)),
            ("Ready to let to advertised", self.ready_to_let_date, self.advertised_date),
            ("Advertised to let", self.advertised_date, self.let_date),
        ]
        rows: list[StageRow] = []
        for label, start, end in points:
            if start is None:
                rows.append((label, None, end, None))
                continue
            finish = end or (today if self.is_open else None)
            rows.append((label, start, end, None if finish is None
                         else max((finish - start).days, 0)))
        return rows
