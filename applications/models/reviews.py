"""Statutory reviews of register decisions (Housing Act 1996 s166A(9); DOMAIN.md §3.17, §4.15,
§5.8).

Lifecycle: ``RECEIVED`` → ``ACKNOWLEDGED`` → ``ALLOCATED`` → ``DECIDED``; a late request waits
for a manager (``AWAITING_LATE_DECISION``) and is then acknowledged or ``LATE_REJECTED``; the
applicant may ``WITHDRAWN`` it before a decision. The reviewer must be senior and must not have
taken part in any step of the decision under review: the service checks every actor on it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from applications.models.register import Application
from housing.core.models import TimeStampedModel


class ReviewRequest(TimeStampedModel):
    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        AWAITING_LATE_DECISION = "awaiting_late_decision", "Late: waiting for a manager"
        LATE_REJECTED = "late_rejected", "Late request not accepted"
        ACKNOWLEDGED = "acknowledged", "Acknowledged: to allocate"
        ALLOCATED = "allocated", "With the reviewer"
        DECIDED = "decided", "Decided"
        WITHDRAWN = "withdrawn", "Withdrawn"

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.RECEIVED: frozenset({Status.ACKNOWLEDGED, Status.AWAITING_LATE_DECISION,
                                    Status.WITHDRAWN}),
        Status.AWAITING_LATE_DECISION: frozenset({Status.ACKNOWLEDGED, Status.LATE_REJECTED,
                                                  Status.WITHDRAWN}),
        Status.ACKNOWLEDGED: frozenset({Status.ALLOCATED, Status.WITHDRAWN}),
        Status.ALLOCATED: frozenset({Status.DECIDED, Status.ALLOCATED, Status.WITHDRAWN}),
        Status.LATE_REJECTED: frozenset(),
        Status.DECIDED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    }
    OPEN_STATUSES = frozenset({Status.RECEIVED, Status.AWAITING_LATE_DECISION,
                               Status.ACKNOWLEDGED, Status.ALLOCATED})

    class Type(models.TextChoices):
        BAND = "band", "Band, reasons or band date"
        BEDROOM_NEED = "bedroom_need", "Bedroom need"
        PROPERTY_ELIGIBILITY = "property_eligibility", "Types of home I can bid for"
        ELIGIBILITY = "eligibility", "Eligibility"
        QUALIFICATION = "qualification", "Qualification"
        MEDICAL = "medical", "Medical or welfare decision"
        CLOSURE = "closure", "Closure of my application"
        REFUSAL_PENALTY = "refusal_penalty", "Refusal penalty"
        DEBT = "debt", "Housing debt decision"
        SUITABILITY = "suitability", "Suitability of a final offer (homelessness)"

    class Channel(models.TextChoices):
        PORTAL = "portal", "Online account"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        PHONE = "phone", "Phone"
        IN_PERSON = "in_person", "In person"

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Original decision upheld"
        OVERTURNED = "overturned", "Original decision overturned"
        VARIED = "varied", "Original decision varied"

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="reviews")
    reference = models.CharField(max_length=20, unique=True)
    type = models.CharField(max_length=24, choices=Type.choices)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.RECEIVED,
                              db_index=True)
    stage = models.PositiveSmallIntegerField(default=1)
    # The decision under review: an award, an eligibility/qualification decision or a medical
    # decision, with a readable description kept as it was.
    award = models.ForeignKey("applications.BandAward", on_delete=models.PROTECT, null=True,
                              blank=True, related_name="reviews")
    decision = models.ForeignKey("applications.Decision", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="reviews")
    medical_assessment = models.ForeignKey("applications.MedicalAssessment",
                                           on_delete=models.PROTECT, null=True, blank=True,
                                           related_name="reviews")
    decision_summary = models.CharField(max_length=300)
    grounds = models.TextField(blank=True, help_text="Why the applicant disagrees.")
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.PORTAL)
    representative = models.CharField(max_length=200, blank=True)
    received_at = models.DateField()
    notified_at = models.DateField(null=True, blank=True,
                                   help_text="When the applicant was told of the decision.")
    request_deadline = models.DateField(null=True, blank=True)
    in_time = models.BooleanField(default=True)
    late_reason = models.TextField(blank=True)
    late_approval = models.ForeignKey("approvals.ApprovalRequest", on_delete=models.SET_NULL,
                                      null=True, blank=True, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    representations_due = models.DateField(null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="reviews_to_decide")
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    allocated_at = models.DateTimeField(null=True, blank=True)
    representations = models.TextField(blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    outcome_reasons = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    corrected_award = models.ForeignKey("applications.BandAward", on_delete=models.SET_NULL,
                                        null=True, blank=True, related_name="+")
    decision_letter = models.ForeignKey("letters.Letter", on_delete=models.SET_NULL, null=True,
                                        blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="review_reviewer_is_not_requester",
                                   condition=Q(reviewer__isnull=True)
                                   | ~Q(reviewer=F("requested_by"))),
            models.CheckConstraint(name="review_decided_has_outcome",
                                   condition=~Q(status="decided")
                                   | (~Q(outcome="") & ~Q(outcome_reasons="")
                                      & Q(reviewer__isnull=False))),
            models.CheckConstraint(name="review_late_has_reason",
                                   condition=Q(in_time=True) | ~Q(late_reason="")),
        ]

    def __str__(self) -> str:
        return f"review {self.reference}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES
