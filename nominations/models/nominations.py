"""Vacancies a registered provider asks the council to nominate to, and the nominations sent
(DOMAIN.md §3.14, §5.4).

A ``NominationRequest`` is one vacancy under an agreement: the provider notifies it (or the
council advertises the provider's home), the SLA to nominate starts, and it ends let, returned
to the provider (the council missed the SLA or had no suitable nominee) or withdrawn. Each
``Nomination`` is one nominee sent for it: the provider reviews and accepts or rejects with a
reason; the council accepts the rejection or challenges it, and renominates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from applications.models import Application
from housing.accounts.models import Organisation
from housing.core.models import TimeStampedModel
from lettings.models import Advert, Offer, Property, ShortlistEntry, Void
from nominations.models.agreements import NominationAgreement


class NominationRequest(TimeStampedModel):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Waiting for a nominee"
        NOMINATED = "nominated", "Nominee with the provider"
        LET = "let", "Let to a nominee"
        RETURNED_TO_RP = "returned_to_rp", "Returned to the provider"
        WITHDRAWN = "withdrawn", "Withdrawn by the provider"

    # The one place that changes status is nominations.services.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.REQUESTED: frozenset({Status.NOMINATED, Status.RETURNED_TO_RP, Status.WITHDRAWN}),
        Status.NOMINATED: frozenset({Status.REQUESTED, Status.LET, Status.RETURNED_TO_RP,
                                     Status.WITHDRAWN}),
        Status.LET: frozenset(),
        Status.RETURNED_TO_RP: frozenset(),
        Status.WITHDRAWN: frozenset(),
    }
    OPEN_STATUSES = (Status.REQUESTED, Status.NOMINATED)

    class Route(models.TextChoices):
        ADVERTISED = "advertised", "Advertised: nominate from the shortlist"
        NOMINATION_ONLY = "nomination_only", "Nomination only: match from the register"

    reference = models.CharField(max_length=20, unique=True)
    agreement = models.ForeignKey(NominationAgreement, on_delete=models.PROTECT,
                                  related_name="requests")
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                 related_name="nomination_requests")
    property = models.ForeignKey(Property, on_delete=models.PROTECT,
                                 related_name="nomination_requests")
    void = models.ForeignKey(Void, on_delete=models.PROTECT, related_name="nomination_requests")
    advert = models.ForeignKey(Advert, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="nomination_requests")
    route = models.CharField(max_length=16, choices=Route.choices, default=Route.ADVERTISED)
    is_first_let = models.BooleanField(default=False)
    received_at = models.DateTimeField(help_text="When the provider notified the vacancy.")
    notified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    nominate_by = models.DateField(help_text="The council's SLA to send a nominee (working "
                                             "days from notification, or from a rejection).")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REQUESTED,
                              db_index=True)
    special_criteria = models.TextField(blank=True, help_text="Criteria agreed in advance for "
                                                              "this home, from the provider.")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=300, blank=True)
    chased_at = models.JSONField(
        default=dict, blank=True, help_text="When each SLA reminder was sent (the chaser runs "
                                            "safely twice).")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["void"], name="one_open_request_per_void",
                                    condition=Q(status__in=("requested", "nominated"))),
        ]

    def __str__(self) -> str:
        return f"Nomination request {self.reference}"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())


class Nomination(TimeStampedModel):
    class Status(models.TextChoices):
        SENT = "sent", "Sent to the provider"
        RP_REVIEWING = "rp_reviewing", "Provider reviewing"
        ACCEPTED = "accepted", "Accepted by the provider"
        OFFERED = "offered", "Offered by the provider"
        LET = "let", "Let"
        RP_REJECTED = "rp_rejected", "Rejected by the provider"
        CHALLENGED = "challenged", "Rejection challenged by the council"
        REJECTION_UPHELD = "rejection_upheld", "Rejection upheld"
        WITHDRAWN = "withdrawn", "Withdrawn"
        LAPSED = "lapsed", "Provider did not decide in time"

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.SENT: frozenset({Status.RP_REVIEWING, Status.ACCEPTED, Status.RP_REJECTED,
                                Status.WITHDRAWN, Status.LAPSED}),
        Status.RP_REVIEWING: frozenset({Status.ACCEPTED, Status.RP_REJECTED, Status.WITHDRAWN,
                                        Status.LAPSED}),
        Status.ACCEPTED: frozenset({Status.OFFERED, Status.LET, Status.WITHDRAWN}),
        Status.OFFERED: frozenset({Status.LET, Status.WITHDRAWN}),
        Status.RP_REJECTED: frozenset({Status.CHALLENGED, Status.REJECTION_UPHELD}),
        # A challenge upheld by the provider ends in rejection; overturned, they accept.
        Status.CHALLENGED: frozenset({Status.ACCEPTED, Status.REJECTION_UPHELD}),
        Status.LET: frozenset(),
        Status.REJECTION_UPHELD: frozenset(),
        Status.WITHDRAWN: frozenset(),
        Status.LAPSED: frozenset(),
    }
    # Nominations still holding the vacancy (the provider has them, or they are being let).
    LIVE_STATUSES = (Status.SENT, Status.RP_REVIEWING, Status.ACCEPTED, Status.OFFERED,
                     Status.CHALLENGED)

    request = models.ForeignKey(NominationRequest, on_delete=models.PROTECT,
                                related_name="nominations")
    application = models.ForeignKey(Application, on_delete=models.PROTECT,
                                    related_name="nominations")
    shortlist_entry = models.ForeignKey(ShortlistEntry, on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="nominations")
    rank = models.PositiveSmallIntegerField(default=1, help_text="Where several are nominated "
                                                                 "for one vacancy, in order.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SENT,
                              db_index=True)
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    sent_within_sla = models.BooleanField(default=True)
    decide_by = models.DateField(help_text="The provider's SLA to decide (working days).")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decided_within_sla = models.BooleanField(null=True, blank=True)
    rejection_reason_code = models.CharField(max_length=40, blank=True)
    rejection_reason_text = models.TextField(blank=True)
    challenge_note = models.TextField(blank=True)
    challenged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+")
    challenged_at = models.DateTimeField(null=True, blank=True)
    viewing_at = models.DateTimeField(null=True, blank=True)
    offered_on = models.DateField(null=True, blank=True)
    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="nomination")
    tenancy_start_date = models.DateField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=300, blank=True)
    not_top_reason = models.TextField(
        blank=True, help_text="Why this applicant was nominated from the register when someone "
                              "higher in priority also fitted the home.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at", "rank", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "application"],
                                    name="one_nomination_per_applicant_per_vacancy"),
            models.CheckConstraint(
                name="rejection_has_reason",
                condition=~Q(status__in=("rp_rejected", "challenged", "rejection_upheld"))
                | ~Q(rejection_reason_code="")),
        ]

    def __str__(self) -> str:
        return f"Nomination of {self.application} for {self.request}"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())
