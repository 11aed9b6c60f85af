"""A nomination agreement between the council and a registered provider (DOMAIN.md §3.14,
§4.13): the share of lets the council nominates to, which homes it covers, the reasons the
provider may reject a nominee, and the working-day SLAs (blank: the scheme's defaults)."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from housing.accounts.models import Organisation
from housing.core.models import TimeStampedModel
from housing.scheme import defaults


def _default_rejection_reasons() -> list[dict[str, object]]:
    return [dict(reason) for reason in defaults.NOMINATION_REJECTION_REASONS]


class NominationAgreement(TimeStampedModel):
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                 related_name="nomination_agreements",
                                 limit_choices_to={"kind": "registered_provider"})
    name = models.CharField(max_length=200)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    first_let_share_pct = models.PositiveSmallIntegerField(
        default=100, validators=[MaxValueValidator(100)],
        help_text="Share of first lets on new schemes the council nominates to.")
    relet_share_pct = models.PositiveSmallIntegerField(
        default=50, validators=[MaxValueValidator(100)],
        help_text="Share of re-lets the council nominates to (commonly 50–75%).")
    property_scope = models.TextField(
        blank=True, help_text="Which of the provider's homes the agreement covers, in words "
                              "(blank: all of them).")
    scope_areas = models.JSONField(
        default=list, blank=True, help_text="Postcode areas or districts covered (blank: all).")
    nominees_per_vacancy = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="One nominee per vacancy, or a ranked few where agreed.")
    rejection_reasons = models.JSONField(
        default=_default_rejection_reasons,
        help_text="The reasons the provider may give for rejecting a nominee.")
    # Working-day SLAs; blank means the scheme's default (SchemeVersion.nomination_*).
    nominate_relet_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    nominate_first_let_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    rp_decision_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    renominate_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    dispute_process = models.TextField(blank=True,
                                       help_text="How the council challenges a rejection.")
    data_sharing_agreement_ref = models.CharField(max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["provider__name", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "effective_from"],
                                    name="one_agreement_per_provider_per_start"),
            models.CheckConstraint(
                name="agreement_ends_after_it_starts",
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=F("effective_from"))),
        ]

    def __str__(self) -> str:
        return self.name

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)
