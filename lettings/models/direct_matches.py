"""Direct matches: a home let to a chosen applicant without advertising (DOMAIN.md §4.11, §5.5).

An officer proposes a home and an applicant under a category the scheme allows, with a
justification; the system checks eligibility, bedroom need and the advert-style criteria; a
manager approves through the approvals queue; then a single offer follows. A home whose advert
found no acceptable bidder can be converted into one (``from_advert``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from applications.models import Application
from housing.approvals.models import ApprovalRequest
from housing.core.models import TimeStampedModel
from lettings.models.adverts import Advert
from lettings.models.offers import Offer
from lettings.models.stock import Property, Void


class DirectMatch(TimeStampedModel):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for a manager"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Not approved"
        OFFERED = "offered", "Offered"
        LET = "let", "Let"
        ENDED = "ended", "Ended without a let"
        CANCELLED = "cancelled", "Cancelled"

    # The one place that changes status is ``lettings.services.direct_matches``.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.PROPOSED: frozenset({Status.APPROVED, Status.REJECTED, Status.CANCELLED}),
        Status.APPROVED: frozenset({Status.OFFERED, Status.CANCELLED}),
        Status.OFFERED: frozenset({Status.LET, Status.ENDED}),
        Status.REJECTED: frozenset(),
        Status.LET: frozenset(),
        Status.ENDED: frozenset(),
        Status.CANCELLED: frozenset(),
    }
    # A match that still holds its home and its applicant.
    OPEN_STATUSES = (Status.PROPOSED, Status.APPROVED, Status.OFFERED)

    reference = models.CharField(max_length=20, unique=True)
    property = models.ForeignKey(Property, on_delete=models.PROTECT,
                                 related_name="direct_matches")
    void = models.ForeignKey(Void, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="direct_matches")
    application = models.ForeignKey(Application, on_delete=models.PROTECT,
                                    related_name="direct_matches")
    category = models.CharField(max_length=40, help_text="A code from the scheme's list of "
                                                          "direct match categories.")
    justification = models.TextField()
    not_highest_priority_reason = models.TextField(
        blank=True, help_text="Why this applicant rather than the highest-priority applicant "
                              "with the same need (DOMAIN.md §4.11), where that applies.")
    from_advert = models.ForeignKey(Advert, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="direct_matches",
                                    help_text="The advert that found no acceptable bidder.")
    checks = models.JSONField(
        default=list, blank=True,
        help_text="What the checks found when proposed and again before the offer: each "
                  "{code, message, blocking}.")
    checked_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED,
                              db_index=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    proposed_at = models.DateTimeField()
    approval = models.OneToOneField(ApprovalRequest, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="direct_match")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="direct_match")
    ended_reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "direct matches"
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["property"], name="one_open_direct_match_per_home",
                                    condition=Q(status__in=("proposed", "approved", "offered"))),
            models.UniqueConstraint(fields=["application"],
                                    name="one_open_direct_match_per_application",
                                    condition=Q(status__in=("proposed", "approved", "offered"))),
            models.CheckConstraint(name="direct_match_has_justification",
                                   condition=~Q(justification="")),
            models.CheckConstraint(
                name="offered_direct_match_has_offer",
                condition=~Q(status__in=("offered", "let")) | Q(offer__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"Direct match {self.reference}"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())
