"""Casework on an application: evidence, notes, changes of circumstances, decisions, and the
prescribed-classes table the eligibility rule reads (DOMAIN.md §3.4, §3.5, §4.2, §5.7)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from applications.models.register import Application, HouseholdMember
from housing.core.models import TimeStampedModel


def _evidence_path(instance: EvidenceItem, filename: str) -> str:
    # The uploaded name is never trusted or reused: files are stored under a random name.
    return f"evidence/{instance.application_id}/{uuid.uuid4().hex}"


class EvidenceItem(TimeStampedModel):
    """A document we asked for, and what happened to it: requested → received → verified or
    rejected with a reason."""

    class Kind(models.TextChoices):
        IDENTITY = "identity", "Proof of identity"
        IMMIGRATION = "immigration_status", "Proof of immigration status"
        ADDRESS = "proof_of_address", "Proof of address"
        INCOME = "income", "Proof of income and savings"
        TENANCY = "tenancy_agreement", "Tenancy agreement or licence"
        LANDLORD_REFERENCE = "landlord_reference", "Landlord reference"
        PREGNANCY = "pregnancy", "Pregnancy confirmation (MATB1)"
        MEDICAL = "medical", "Medical evidence"
        DOMESTIC_ABUSE = "domestic_abuse", "Evidence of domestic abuse"
        EMPLOYMENT = "employment", "Proof of employment in the district"
        ARMED_FORCES = "armed_forces", "Armed forces discharge papers"
        CARE_LEAVER = "care_leaver", "Care leaver letter"
        OTHER = "other", "Other document"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        RECEIVED = "received", "Received"
        VERIFIED = "verified", "Verified"
        REJECTED = "rejected", "Rejected"

    class Method(models.TextChoices):
        NONE = "", "Not verified"
        ORIGINAL_SEEN = "original_seen", "Original seen"
        SHARE_CODE = "share_code", "Home Office online status check (share code)"
        THIRD_PARTY = "third_party", "Confirmed by a third party"
        COPY_ACCEPTED = "copy_accepted", "Copy accepted"

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.REQUESTED: frozenset({Status.RECEIVED}),
        Status.RECEIVED: frozenset({Status.VERIFIED, Status.REJECTED, Status.RECEIVED}),
        Status.REJECTED: frozenset({Status.RECEIVED}),
        Status.VERIFIED: frozenset(),
    }

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="evidence")
    member = models.ForeignKey(HouseholdMember, on_delete=models.CASCADE, null=True,
                               blank=True, related_name="evidence")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    description = models.CharField(max_length=300, help_text="What we need, in plain English.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REQUESTED)
    due_date = models.DateField(null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    file = models.FileField(upload_to=_evidence_path, blank=True)
    original_filename = models.CharField(max_length=255, blank=True,
                                         help_text="Shown to people; never used as a path.")
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    uploaded_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    verification_method = models.CharField(max_length=32, choices=Method.choices, blank=True)
    rejection_reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "id"]
        constraints = [
            models.CheckConstraint(name="evidence_rejection_has_reason",
                                   condition=~Q(status="rejected") | ~Q(rejection_reason="")),
            models.CheckConstraint(name="evidence_received_has_file",
                                   condition=Q(status="requested") | ~Q(file="")),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_outstanding(self) -> bool:
        return self.status in (self.Status.REQUESTED, self.Status.REJECTED)


class CaseNote(TimeStampedModel):
    """An officer's note on a case. Domestic abuse, MAPPA and safeguarding notes are restricted by
    default: only the restricted group reads them. Applicants never see case notes here (they are
    disclosable on a subject access request, so write them accordingly)."""

    class Category(models.TextChoices):
        CONTACT = "contact", "Contact"
        ASSESSMENT = "assessment", "Assessment"
        SAFEGUARDING = "safeguarding", "Safeguarding"
        DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
        MAPPA = "mappa", "MAPPA"
        MEDICAL = "medical", "Medical"
        COMPLAINT = "complaint", "Complaint"
        REVIEW = "review", "Review"

    RESTRICTED_BY_DEFAULT = frozenset({Category.SAFEGUARDING, Category.DOMESTIC_ABUSE,
                                       Category.MAPPA})

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    category = models.CharField(max_length=32, choices=Category.choices)
    body = models.TextField()
    restricted = models.BooleanField(default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_category_display().lower()} note"


class ChangeOfCircumstances(TimeStampedModel):
    """A change the applicant (or someone on their behalf) reported (DOMAIN.md §5.7)."""

    class Kind(models.TextChoices):
        HOUSEHOLD = "household", "Someone moved in or out, or a baby is due or born"
        ADDRESS = "address", "We moved home"
        HOUSING_CONDITIONS = "housing_conditions", "Our home or our landlord situation changed"
        MEDICAL = "medical", "A health condition changed"
        MONEY = "money", "Income or savings changed"
        CONTACT = "contact", "Contact details changed"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        REPORTED = "reported", "Waiting to be checked"
        VERIFIED = "verified", "Checked and applied"
        REJECTED = "rejected", "Checked: no change made"

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="changes")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    details = models.TextField()
    affects_priority = models.BooleanField(default=False)
    suspended_bidding = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REPORTED)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    outcome_note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "changes of circumstances"

    def __str__(self) -> str:
        return self.get_kind_display().lower()


class Decision(TimeStampedModel):
    """An eligibility (per proposed tenant) or qualification decision. The system proposes with
    reasons; the officer confirms or overrides with a reason. Records the scheme version."""

    class Kind(models.TextChoices):
        ELIGIBILITY = "eligibility", "Eligibility"
        QUALIFICATION = "qualification", "Qualification"

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="decisions")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    member = models.ForeignKey(HouseholdMember, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="decisions")
    proposed_outcome = models.CharField(max_length=32)
    proposed_reasons = models.JSONField(default=list)
    outcome = models.CharField(max_length=32)
    reasons = models.JSONField(default=list)
    basis = models.CharField(max_length=64, blank=True)
    overridden = models.BooleanField(default=False)
    override_reason = models.TextField(blank=True)
    is_current = models.BooleanField(default=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    scheme_version = models.ForeignKey("scheme.SchemeVersion", on_delete=models.PROTECT,
                                       related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(name="override_has_reason",
                                   condition=Q(overridden=False) | ~Q(override_reason="")),
        ]

    def __str__(self) -> str:
        person = f" for {self.member.first_name}" if self.member_id and self.member else ""
        return f"{self.get_kind_display().lower()} decision{person}"


class PrescribedClass(TimeStampedModel):
    """A class of people subject to immigration control who are eligible (Eligibility Regulations
    2006, reg 3). A versioned data table, not code: the regulations are amended often."""

    code = models.CharField(max_length=8)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    statuses = models.JSONField(default=list, help_text="Immigration status codes in the class.")
    requires_habitual_residence = models.BooleanField(default=False)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "-effective_from"]
        verbose_name_plural = "prescribed classes"
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"],
                                    name="prescribed_class_version_unique"),
        ]

    def __str__(self) -> str:
        return f"Class {self.code}: {self.title}"
