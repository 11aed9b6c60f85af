"""People who sign in, their roles, and the organisations they belong to."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from housing.core.models import TimeStampedModel


class Organisation(TimeStampedModel):
    """The council that runs the register, or a registered provider (housing association) that
    takes nominations. Providers are identified by a short code used in the API and reports."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        REGISTERED_PROVIDER = "registered_provider", "Registered provider"

    kind = models.CharField(max_length=32, choices=Kind.choices)
    name = models.CharField(max_length=200)
    code = models.SlugField(max_length=20, unique=True,
                            help_text="Short code, for example RVH. Used in the API and reports.")
    is_active = models.BooleanField(default=True)
    contact_email = models.EmailField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    APPLICANT = "applicant", "Applicant"
    OFFICER = "officer", "Allocations officer"
    MANAGER = "manager", "Manager"
    MEDICAL_ADVISER = "medical_adviser", "Medical adviser"
    PROVIDER = "provider", "Registered provider user"
    ADMIN = "admin", "Administrator"


STAFF_ROLES = frozenset({Role.OFFICER, Role.MANAGER, Role.MEDICAL_ADVISER, Role.ADMIN})


class User(AbstractUser):
    """Anyone who signs in. ``role`` decides which surface they use; provider users belong to
    exactly one registered provider and see only its data."""

    role = models.CharField(max_length=32, choices=Role.choices, default=Role.APPLICANT)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users",
        help_text="Required for registered provider users; the council for staff.",
    )
    email_verified_at = models.DateTimeField(null=True, blank=True)
    in_restricted_group = models.BooleanField(
        default=False,
        help_text="May read restricted case notes (domestic abuse, MAPPA, safeguarding).",
    )
    is_senior_officer = models.BooleanField(
        default=False,
        help_text="A senior officer who may decide statutory reviews (managers always may).")
    phone = models.CharField(max_length=30, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="provider_user_has_organisation",
                condition=~Q(role="provider") | Q(organisation__isnull=False),
                violation_error_message="A registered provider user must belong to a provider.",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_provider_user(self) -> bool:
        return self.role == Role.PROVIDER

    @property
    def is_applicant(self) -> bool:
        return self.role == Role.APPLICANT
