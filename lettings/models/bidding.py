"""Bids, shortlists and an applicant's bidding preferences (DOMAIN.md §3.11, §3.12, §4.8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from applications.models import Application
from housing.core.models import TimeStampedModel
from lettings.models.adverts import Advert


class Bid(TimeStampedModel):
    class Status(models.TextChoices):
        PLACED = "placed", "Placed"
        WITHDRAWN = "withdrawn", "Withdrawn"
        INVALIDATED = "invalidated", "Invalid at close"
        SHORTLISTED = "shortlisted", "Shortlisted"

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.PLACED: frozenset({Status.WITHDRAWN, Status.INVALIDATED, Status.SHORTLISTED}),
        Status.WITHDRAWN: frozenset(),
        Status.INVALIDATED: frozenset(),
        Status.SHORTLISTED: frozenset({Status.WITHDRAWN}),
    }
    LIVE_STATUSES = (Status.PLACED, Status.SHORTLISTED)

    class PlacedBy(models.TextChoices):
        APPLICANT = "applicant", "Applicant"
        OFFICER = "officer", "Officer on the applicant's behalf"
        AUTO = "auto", "Automatic bid"

    class Channel(models.TextChoices):
        WEB = "web", "Website"
        API = "api", "API"
        PHONE = "phone", "Phone"
        IN_PERSON = "in_person", "In person"
        AUTO = "auto", "Automatic"

    # No index of their own: the (advert, status) and (application, status) indexes below
    # serve a filter on the column alone, and every index costs an entry per row written
    # (closing a popular advert rewrites 5,000 bids: docs/performance.md).
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="bids",
                                    db_index=False)
    advert = models.ForeignKey(Advert, on_delete=models.PROTECT, related_name="bids",
                               db_index=False)
    placed_at = models.DateTimeField()
    placed_by = models.CharField(max_length=16, choices=PlacedBy.choices,
                                 default=PlacedBy.APPLICANT)
    placed_by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="+")
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.WEB)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLACED)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    tiers = models.JSONField(
        default=list, blank=True,
        help_text="The advert-specific parts of the shortlist order worked out when the bid was "
                  "placed: accessible-need match, local lettings plan, quota group (0 first).")
    invalid_reasons = models.JSONField(
        default=list, blank=True, help_text="Why the bid stopped being valid, as shown to the "
                                            "applicant.")
    snapshot = models.JSONField(default=dict, blank=True,
                                help_text="Priority data frozen at cycle close.")
    # History is read by bid (id) and by date only: no index on the other columns, which
    # closing a cycle would otherwise fill for every row it writes.
    history = HistoricalRecords(no_db_index=["advert", "application", "created_at",
                                             "placed_by_user", "withdrawn_by"])

    class Meta:
        ordering = ["placed_at"]
        indexes = [models.Index(fields=["advert", "status"]),
                   models.Index(fields=["application", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["application", "advert"],
                                    condition=Q(status__in=["placed", "shortlisted"]),
                                    name="one_live_bid_per_application_per_advert"),
            models.CheckConstraint(name="withdrawn_bid_has_time",
                                   condition=~Q(status="withdrawn")
                                   | Q(withdrawn_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"Bid by {self.application} on {self.advert.reference}"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES


class Viewing(TimeStampedModel):
    """A viewing of an advertised home to which one or more shortlisted bidders are invited
    before an offer (a group viewing: DOMAIN.md §3.12, §5.2 step 6). Being invited is not an
    offer; each invitee gets the viewing invitation (L11)."""

    advert = models.ForeignKey(Advert, on_delete=models.PROTECT, related_name="viewings")
    starts_at = models.DateTimeField()
    meeting_point = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    arranged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["advert", "starts_at", "pk"]

    def __str__(self) -> str:
        return f"Viewing of {self.advert} at {self.starts_at:%d %b %Y %H:%M}"


class ShortlistEntry(TimeStampedModel):
    class Status(models.TextChoices):
        RANKED = "ranked", "Ranked"
        CONTACTED = "contacted", "Contacted"
        VERIFYING = "verifying", "Verifying"
        BYPASSED = "bypassed", "Bypassed"
        NOMINATED = "nominated", "Nominated"
        OFFERED = "offered", "Offered"
        ACCEPTED = "accepted", "Accepted"
        REFUSED = "refused", "Refused"
        NO_RESPONSE = "no_response", "No response"
        OFFER_WITHDRAWN = "offer_withdrawn", "Offer withdrawn"

    # No index of its own: the unique (advert, rank) index serves a filter on the advert.
    advert = models.ForeignKey(Advert, on_delete=models.PROTECT, related_name="shortlist",
                               db_index=False)
    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="shortlist_entry")
    rank = models.PositiveIntegerField()
    sort_key = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RANKED)
    bypass_reason_code = models.CharField(max_length=60, blank=True)
    bypass_note = models.TextField(blank=True)
    bypassed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    bypassed_at = models.DateTimeField(null=True, blank=True)
    bypass_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                           null=True, blank=True, related_name="+")
    contacted_at = models.DateTimeField(null=True, blank=True)
    contact_deadline = models.DateTimeField(null=True, blank=True)
    contact_note = models.TextField(blank=True)
    verification_result = models.JSONField(
        default=dict, blank=True, help_text="Each check: whether it passed, who checked and "
                                            "when, and a note.")
    verified_at = models.DateTimeField(null=True, blank=True)
    viewing = models.ForeignKey(Viewing, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="invitees")
    # Still being considered for the home: not yet settled one way or the other.
    WORKABLE_STATUSES = (Status.RANKED, Status.CONTACTED, Status.VERIFYING)
    # As for bids: history is read by entry (id) and by date only.
    history = HistoricalRecords(no_db_index=["advert", "bid", "created_at", "bypassed_by",
                                             "bypass_approved_by", "viewing"])

    class Meta:
        verbose_name_plural = "shortlist entries"
        ordering = ["advert", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["advert", "rank"], name="one_bidder_per_rank"),
            models.CheckConstraint(name="bypass_needs_reason",
                                   condition=~Q(status="bypassed") | ~Q(bypass_reason_code="")),
        ]


class BiddingPreference(TimeStampedModel):
    """An applicant's choices about bidding: property alerts by email, and automatic bidding
    (opted in by the applicant, or assigned by an officer, for example for a time-limited
    emergency award; DOMAIN.md §4.8)."""

    class AutoBidSetBy(models.TextChoices):
        APPLICANT = "applicant", "The applicant"
        OFFICER = "officer", "An officer"

    application = models.OneToOneField(Application, on_delete=models.CASCADE,
                                       related_name="bidding_preference")
    alerts_enabled = models.BooleanField(default=False)
    alerts_email = models.EmailField(blank=True)
    alerts_last_sent_at = models.DateTimeField(null=True, blank=True)
    auto_bid = models.BooleanField(default=False, db_index=True)
    auto_bid_set_by = models.CharField(max_length=16, choices=AutoBidSetBy.choices, blank=True)
    auto_bid_reason = models.CharField(max_length=300, blank=True)
    auto_bid_until = models.DateField(null=True, blank=True)
    areas = models.JSONField(default=list, blank=True,
                             help_text="Areas the applicant prefers (auto-bids and alerts).")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["alerts_enabled"])]

    def __str__(self) -> str:
        return f"Bidding preferences for {self.application}"


class AdvertAlertSent(models.Model):
    """One alert email per application per advert, so a sweep that runs twice sends nothing
    twice."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    advert = models.ForeignKey(Advert, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "advert"],
                                               name="one_alert_per_application_per_advert")]

    def __str__(self) -> str:
        return f"Alert about {self.advert_id} for {self.application_id}"
