"""Medical and welfare assessments (DOMAIN.md §3.7, §5.9).

The question is how the *housing* affects the person's health and whether a move would help,
not how serious the illness is. The applicant fills in a form for a member; an officer screens
it and decides without a referral or refers it to a medical adviser; the adviser recommends;
the officer decides, and the decision feeds the band (through the scheme's ``medical_*``
triggers) and the property requirements.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from applications.models.register import Application, HouseholdMember
from housing.core.models import TimeStampedModel


class MedicalAssessment(TimeStampedModel):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Form requested"
        EVIDENCE_RECEIVED = "evidence_received", "Form received: to screen"
        WITH_ADVISER = "with_adviser", "With the medical adviser"
        RECOMMENDED = "recommended", "Recommendation received"
        DECIDED = "decided", "Decided"
        NOTIFIED = "notified", "Decision sent"

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.REQUESTED: frozenset({Status.EVIDENCE_RECEIVED}),
        Status.EVIDENCE_RECEIVED: frozenset({Status.WITH_ADVISER, Status.DECIDED}),
        Status.WITH_ADVISER: frozenset({Status.RECOMMENDED}),
        Status.RECOMMENDED: frozenset({Status.DECIDED, Status.WITH_ADVISER}),
        Status.DECIDED: frozenset({Status.NOTIFIED}),
        Status.NOTIFIED: frozenset(),
    }

    class Level(models.TextChoices):
        URGENT = "urgent", "Urgent"
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        NONE = "none", "No medical priority"

    class Mobility(models.TextChoices):
        NONE = "", "No mobility requirement"
        GROUND_OR_LIFT = "ground_or_lift", "Ground floor or a lift"
        STEP_FREE = "step_free", "Step-free, accessible and adaptable (M4(2))"
        WHEELCHAIR = "wheelchair", "Wheelchair user dwelling (M4(3))"

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="medical_assessments")
    member = models.ForeignKey(HouseholdMember, on_delete=models.CASCADE,
                               related_name="medical_assessments")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED,
                              db_index=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    # The applicant's form
    condition = models.TextField(blank=True, help_text="The condition or disability.")
    how_housing_affects = models.TextField(blank=True)
    what_would_help = models.TextField(blank=True)
    mobility_difficulties = models.TextField(blank=True)
    form_submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                          null=True, blank=True, related_name="+")
    form_submitted_at = models.DateTimeField(null=True, blank=True)
    evidence = models.ManyToManyField("applications.EvidenceItem", blank=True, related_name="+")
    # Officer screening
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    screened_at = models.DateTimeField(null=True, blank=True)
    screening_note = models.TextField(blank=True)
    # Referral and the adviser's recommendation
    adviser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                blank=True, related_name="medical_referrals")
    referred_at = models.DateTimeField(null=True, blank=True)
    referral_question = models.TextField(blank=True)
    recommendation_due = models.DateField(null=True, blank=True)
    recommended_level = models.CharField(max_length=8, choices=Level.choices, blank=True)
    recommended_mobility = models.CharField(max_length=20, choices=Mobility.choices, blank=True)
    recommended_ground_floor = models.BooleanField(default=False)
    recommended_lift = models.BooleanField(default=False)
    recommended_extra_bedroom = models.BooleanField(default=False)
    recommended_near_support = models.BooleanField(default=False)
    recommendation_rationale = models.TextField(blank=True)
    recommended_at = models.DateTimeField(null=True, blank=True)
    # The officer's decision
    decided_level = models.CharField(max_length=8, choices=Level.choices, blank=True)
    decided_mobility = models.CharField(max_length=20, choices=Mobility.choices, blank=True)
    decided_ground_floor = models.BooleanField(default=False)
    decided_extra_bedroom = models.BooleanField(default=False)
    extra_bedroom_approved = models.BooleanField(
        default=False, help_text="Set when a manager approves the extra bedroom.")
    decision_rationale = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    is_current = models.BooleanField(
        default=True, help_text="The latest decided assessment for this person counts.")
    letter = models.ForeignKey("letters.Letter", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="medical_decision_has_rationale",
                condition=Q(decided_level="") | ~Q(decision_rationale="")),
        ]

    def __str__(self) -> str:
        return f"medical assessment for {self.member.first_name}"
