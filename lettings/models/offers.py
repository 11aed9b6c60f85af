"""Offers of a home (DOMAIN.md §3.13, §4.9)."""

from __future__ import annotations

import builtins

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from applications.models import Application
from housing.core.models import TimeStampedModel
from lettings.models.adverts import Advert
from lettings.models.bidding import ShortlistEntry
from lettings.models.stock import Property

# An offer that still holds the home and the applicant (one of each at a time, §4.9 rule 1).
LIVE_OFFER_STATUSES = ("issued", "viewing_arranged", "viewed", "accepted")


class Offer(TimeStampedModel):
    class Type(models.TextChoices):
        CBL = "cbl", "Choice-based lettings"
        DIRECT_LET = "direct_let", "Direct let"
        MANAGEMENT_TRANSFER = "management_transfer", "Management transfer"
        DECANT = "decant", "Decant"
        FINAL = "final", "Homelessness final offer"
        NOMINATION = "nomination", "Nomination offer by a housing association"

    class Status(models.TextChoices):
        ISSUED = "issued", "Offered"
        VIEWING_ARRANGED = "viewing_arranged", "Viewing arranged"
        VIEWED = "viewed", "Viewed"
        ACCEPTED = "accepted", "Accepted"
        SIGNED_UP = "signed_up", "Signed up"
        REFUSED = "refused", "Refused"
        LAPSED = "lapsed", "No response (deemed refusal)"
        WITHDRAWN = "withdrawn", "Withdrawn by the landlord"

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.ISSUED: frozenset({Status.VIEWING_ARRANGED, Status.VIEWED, Status.ACCEPTED,
                                  Status.REFUSED, Status.LAPSED, Status.WITHDRAWN}),
        Status.VIEWING_ARRANGED: frozenset({Status.VIEWED, Status.ACCEPTED, Status.REFUSED,
                                            Status.LAPSED, Status.WITHDRAWN}),
        Status.VIEWED: frozenset({Status.ACCEPTED, Status.REFUSED, Status.LAPSED,
                                  Status.WITHDRAWN}),
        Status.ACCEPTED: frozenset({Status.SIGNED_UP, Status.WITHDRAWN, Status.REFUSED}),
        Status.SIGNED_UP: frozenset(),
        Status.REFUSED: frozenset(),
        Status.LAPSED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    }

    class Assessment(models.TextChoices):
        REASONABLE = "reasonable", "Reasonable"
        UNREASONABLE = "unreasonable", "Unreasonable"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="offers")
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="offers")
    advert = models.ForeignKey(Advert, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="offers")
    shortlist_entry = models.OneToOneField(ShortlistEntry, on_delete=models.PROTECT, null=True,
                                           blank=True, related_name="offer")
    offer_type = models.CharField(max_length=24, choices=Type.choices, default=Type.CBL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ISSUED,
                              db_index=True)
    is_final_offer = models.BooleanField(
        default=False, help_text="A Part 6 offer that ends the homelessness duty (s193): the "
                                 "letter says so and explains the s202 review.")
    offered_at = models.DateTimeField()
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    viewing_at = models.DateTimeField(null=True, blank=True)
    respond_by = models.DateTimeField()
    response_at = models.DateTimeField(null=True, blank=True)
    refusal_reason_code = models.CharField(max_length=40, blank=True)
    refusal_reason_text = models.TextField(blank=True)
    refusal_assessment = models.CharField(max_length=16, choices=Assessment.choices,
                                          blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    assessed_at = models.DateTimeField(null=True, blank=True)
    assessment_note = models.TextField(blank=True)
    penalty_applied = models.CharField(max_length=300, blank=True)
    withdrawn_reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-offered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["property"], name="one_live_offer_per_property",
                                    condition=Q(status__in=LIVE_OFFER_STATUSES)),
            models.UniqueConstraint(fields=["application"],
                                    name="one_live_offer_per_application",
                                    condition=Q(status__in=LIVE_OFFER_STATUSES)),
            models.CheckConstraint(name="offer_respond_after_offered",
                                   condition=Q(respond_by__gt=models.F("offered_at"))),
            models.CheckConstraint(
                name="assessed_refusal_has_assessor",
                condition=Q(refusal_assessment="") | Q(assessed_by__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"Offer of {self.property} to {self.application}"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    @builtins.property
    def is_live(self) -> bool:
        return self.status in LIVE_OFFER_STATUSES
