"""Published lettings results (DOMAIN.md §4.7 "Result publication", §7.2).

One row per let, written when the let is recorded, holding only what may be published: the
home's summary, how many bid, the successful applicant's band and dates, and the route. No
personal data; nothing here points at the applicant. Direct matches are counted (and shown
without details) even where the scheme does not publish them individually.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from housing.core.models import TimeStampedModel
from lettings.models.adverts import Advert, BiddingCycle
from lettings.models.offers import Offer
from lettings.models.stock import Property


class LettingResult(TimeStampedModel):
    class Route(models.TextChoices):
        BID = "bid", "Bidding"
        QUOTA = "quota", "Bidding (quota)"
        LOCAL_LETTINGS = "llp", "Bidding (local lettings plan)"
        DIRECT_MATCH = "direct_match", "Direct match"
        NOMINATION = "nomination", "Nomination to a housing association"

    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="result")
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="results")
    advert = models.ForeignKey(Advert, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="results")
    cycle = models.ForeignKey(BiddingCycle, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="results")
    route = models.CharField(max_length=16, choices=Route.choices)
    let_on = models.DateField(db_index=True)
    # The published summary, copied at the let so later edits to the home do not rewrite it.
    reference = models.CharField(max_length=20, blank=True, help_text="The advert reference.")
    area = models.CharField(max_length=60, help_text="Postcode district and area name.")
    property_type = models.CharField(max_length=40)
    bedrooms = models.PositiveSmallIntegerField()
    landlord = models.CharField(max_length=200)
    designation = models.CharField(max_length=40, blank=True)
    bids = models.PositiveIntegerField(null=True, blank=True,
                                       help_text="Blank for a home that was not advertised.")
    band = models.CharField(max_length=8, blank=True)
    band_name = models.CharField(max_length=60, blank=True)
    effective_date = models.DateField(null=True, blank=True)
    registration_date = models.DateField(null=True, blank=True)
    published = models.BooleanField(
        default=True, help_text="Off: counted in the totals but not shown line by line (a "
                                "direct match let for safeguarding reasons, say).")

    class Meta:
        ordering = ["-let_on", "-pk"]
        constraints = [
            models.CheckConstraint(name="advertised_result_has_bids",
                                   condition=Q(advert__isnull=True) | Q(bids__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"Let of {self.reference or self.property_id} on {self.let_on}"
