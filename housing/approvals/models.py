"""Maker–checker approvals (DOMAIN.md §3.16): one generic request that a manager decides.

Band A and discretionary awards, extra bedrooms, debt overrides, direct lets, bypasses,
management transfers, penalty waivers and late review requests all go through this one queue.
The request points at what it is about (an award, a review, a bid …) through a generic link,
because approvals sit below the domain apps (dependencies point one way); what happens when a
request is decided is registered by the app that owns the subject (``registry``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from housing.core.models import TimeStampedModel


class ApprovalRequest(TimeStampedModel):
    class Type(models.TextChoices):
        BAND_A_AWARD = "band_a_award", "Band A / emergency award"
        DISCRETIONARY_AWARD = "discretionary_award", "Discretionary award"
        EXTRA_BEDROOM = "extra_bedroom", "Extra bedroom"
        DEBT_OVERRIDE = "debt_override", "Housing debt override"
        DIRECT_LET = "direct_let", "Direct let"
        BYPASS = "bypass", "Shortlist bypass"
        MANAGEMENT_TRANSFER = "management_transfer", "Management transfer"
        PENALTY_WAIVER = "penalty_waiver", "Refusal penalty waiver"
        LATE_REVIEW = "late_review", "Late review request"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.PENDING: frozenset({Status.APPROVED, Status.REJECTED, Status.WITHDRAWN}),
        Status.APPROVED: frozenset(),
        Status.REJECTED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    }

    type = models.CharField(max_length=32, choices=Type.choices, db_index=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    subject_id = models.CharField(max_length=64)
    subject = GenericForeignKey("subject_type", "subject_id")
    case_reference = models.CharField(
        max_length=20, blank=True, db_index=True,
        help_text="The application the request is about, so the queue can link to the case.")
    summary = models.CharField(max_length=300, help_text="What is asked, in one line.")
    details = models.JSONField(default=dict, blank=True,
                               help_text="Facts the manager needs to decide (shown as a list).")
    restricted = models.BooleanField(
        default=False, help_text="About a restricted case: only the restricted group sees it.")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="approval_requests")
    justification = models.TextField()
    approver_role_required = models.CharField(max_length=32, default="manager")
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="approvals_decided")
    decided_at = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True,
                                   help_text="An approval that lasts for a period (a debt "
                                             "override) stops applying after this date.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]
        constraints = [
            # Maker–checker, in the database as well as in the service.
            models.CheckConstraint(
                name="approval_not_decided_by_requester",
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("requested_by"))),
            models.CheckConstraint(
                name="approval_decided_has_decider",
                condition=Q(status="pending") | Q(status="withdrawn")
                | Q(decided_by__isnull=False, decided_at__isnull=False)),
            models.CheckConstraint(name="approval_has_justification",
                                   condition=~Q(justification="")),
            # One open request per subject and type: asking twice is a conflict.
            models.UniqueConstraint(fields=["type", "subject_type", "subject_id"],
                                    condition=Q(status="pending"),
                                    name="one_pending_approval_per_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.summary}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
