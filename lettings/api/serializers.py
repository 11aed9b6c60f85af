"""Output serializers the lettings endpoints share (inputs live with their views)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from lettings.models import Advert, Bid, PropertyPhoto, Void
from lettings.selectors import BidRow

# Statuses a person records on a void by hand. Advertised, offered and let are recorded by the
# steps that cause them (publishing an advert, making an offer, signing a tenancy).
MANUAL_VOID_STATUSES = (Void.Status.VACANT, Void.Status.IN_WORKS, Void.Status.READY_TO_LET,
                        Void.Status.NOMINATION_REQUESTED, Void.Status.DIRECT_MATCH,
                        Void.Status.WITHDRAWN, Void.Status.DISPOSAL)


@extend_schema_serializer(component_name="LettingsOrganisation")
class OrganisationRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


# --- Adverts -------------------------------------------------------------------------------------

def photo_url(request: Any, advert_reference: str, photo: PropertyPhoto) -> str:
    """The public address of a photo on an advert (served by the homes pages)."""
    try:
        path = reverse("lettings:home-photo", args=[advert_reference, photo.token])
    except NoReverseMatch:
        path = f"/homes/{advert_reference}/photos/{photo.token}/"
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_serializer(component_name="AdvertPhoto")
class PhotoSerializer(serializers.Serializer):
    url = serializers.CharField()
    alt_text = serializers.CharField()


@extend_schema_serializer(component_name="AdvertWindow")
class WindowSerializer(serializers.Serializer):
    opens_at = serializers.DateTimeField(allow_null=True)
    closes_at = serializers.DateTimeField(allow_null=True)


@extend_schema_serializer(component_name="AdvertHome")
class AdvertHomeSerializer(serializers.Serializer):
    """The home, as shown on the advert (never the sensitive-let flag)."""

    id = serializers.IntegerField()
    property_type = serializers.CharField()
    property_type_display = serializers.CharField(source="get_property_type_display")
    bedrooms = serializers.IntegerField()
    bedspaces = serializers.IntegerField()
    address_line_1 = serializers.CharField()
    town = serializers.CharField()
    postcode = serializers.CharField()
    area = serializers.CharField()
    floor_level = serializers.IntegerField()
    has_lift = serializers.BooleanField()
    steps_to_entrance = serializers.IntegerField()
    mobility_category = serializers.CharField()
    adaptations = serializers.ListField(child=serializers.CharField())
    has_garden = serializers.BooleanField()
    parking = serializers.CharField()
    pet_policy = serializers.CharField()
    council_tax_band = serializers.CharField()
    epc_rating = serializers.CharField()


@extend_schema_serializer(component_name="AdvertCriteria")
class CriteriaSerializer(serializers.Serializer):
    """Who may bid (DOMAIN.md §4.6)."""

    allowed_sizes = serializers.ListField(child=serializers.IntegerField(), source="sizes",
                                          help_text="Bedroom needs that may bid (0 = studio).")
    min_occupancy = serializers.IntegerField()
    max_occupancy = serializers.IntegerField()
    label = serializers.CharField(  # type: ignore[assignment]
        help_text="both, homeseeker or transfer.")
    band_restriction = serializers.ListField(child=serializers.CharField())
    quota_group = serializers.CharField()
    quota_mode = serializers.CharField()
    mobility_required = serializers.BooleanField()
    mobility_accepted = serializers.ListField(child=serializers.CharField())
    accessible_need_priority = serializers.BooleanField()
    partner_min_age = serializers.BooleanField()
    local_lettings_plan = serializers.CharField(source="local_lettings_plan.name",
                                                allow_null=True, default=None)
    local_connection_areas = serializers.ListField(child=serializers.CharField())
    landlord_rules = serializers.ListField(child=serializers.CharField())


@extend_schema_serializer(component_name="AdvertOwnBid")
class OwnBidSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="bid.id")
    status = serializers.CharField(source="bid.status")
    position = serializers.IntegerField(allow_null=True,
                                        help_text="Place in the queue today (live bids only).")


@extend_schema_serializer(component_name="Advert")
class AdvertSerializer(serializers.Serializer):
    """An advert. ``can_bid``, ``reasons`` and ``bid`` are filled in only for a signed-in
    applicant with an application that can bid (null / empty for everyone else);
    ``bid_count`` only for lettings staff and the home's own landlord."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    cycle = serializers.IntegerField(source="cycle_id", allow_null=True)
    window = WindowSerializer(source="*")
    property = AdvertHomeSerializer()
    landlord = OrganisationRefSerializer(source="property.landlord")
    weekly_rent = serializers.DecimalField(source="property.weekly_rent", max_digits=7,
                                           decimal_places=2)
    service_charge = serializers.DecimalField(source="property.service_charge", max_digits=7,
                                              decimal_places=2)
    weekly_total = serializers.DecimalField(source="property.weekly_total", max_digits=8,
                                            decimal_places=2)
    rent_type = serializers.CharField(source="property.rent_type")
    tenancy_type = serializers.CharField(source="property.tenancy_type_offered")
    designation = serializers.CharField(source="property.designation")
    min_age = serializers.IntegerField(allow_null=True)
    criteria = CriteriaSerializer(source="*")
    photos = serializers.SerializerMethodField()
    bid_count = serializers.SerializerMethodField()
    can_bid = serializers.SerializerMethodField()
    reasons = serializers.SerializerMethodField()
    bid = serializers.SerializerMethodField()

    @extend_schema_field(PhotoSerializer(many=True))
    def get_photos(self, advert: Advert) -> list[dict[str, str]]:
        request = self.context.get("request")
        return [{"url": photo_url(request, advert.reference, photo), "alt_text": photo.alt_text}
                for photo in advert.property.photos.all()]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_bid_count(self, advert: Advert) -> int | None:
        return getattr(advert, "bid_count", None)

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_can_bid(self, advert: Advert) -> bool | None:
        validity = self.context.get("validity", {}).get(advert.pk)
        return None if validity is None else validity.valid

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_reasons(self, advert: Advert) -> list[str]:
        validity = self.context.get("validity", {}).get(advert.pk)
        return [] if validity is None else validity.messages

    @extend_schema_field(OwnBidSerializer(allow_null=True))
    def get_bid(self, advert: Advert) -> dict[str, Any] | None:
        row = self.context.get("own_bids", {}).get(advert.pk)
        return None if row is None else dict(OwnBidSerializer(row).data)


# --- Bids ----------------------------------------------------------------------------------------

@extend_schema_serializer(component_name="BidAdvert")
class BidAdvertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    closes_at = serializers.DateTimeField(allow_null=True)


@extend_schema_serializer(component_name="Bid")
class BidSerializer(serializers.Serializer):
    """A bid with its place in the queue (live bids only, by today's priority data)."""

    id = serializers.IntegerField(source="bid.id")
    advert = BidAdvertSerializer(source="bid.advert")
    application = serializers.CharField(source="bid.application.reference")
    status = serializers.CharField(source="bid.status")
    placed_by = serializers.CharField(source="bid.placed_by",
                                      help_text="applicant, officer or auto.")
    channel = serializers.CharField(source="bid.channel")
    placed_at = serializers.DateTimeField(source="bid.placed_at")
    withdrawn_at = serializers.DateTimeField(source="bid.withdrawn_at", allow_null=True)
    invalid_reasons = serializers.ListField(source="bid.invalid_reasons",
                                            child=serializers.CharField())
    position = serializers.IntegerField(allow_null=True)
    bid_count = serializers.IntegerField(help_text="Live bids on the advert (0 once closed).")
    can_withdraw = serializers.BooleanField()


@extend_schema_serializer(component_name="BidAllowance")
class AllowanceSerializer(serializers.Serializer):
    limit = serializers.IntegerField()
    scope = serializers.CharField(help_text="live: bids held at one time; cycle: per cycle.")
    used = serializers.IntegerField()
    left = serializers.IntegerField()


@extend_schema_serializer(component_name="BidList")
class BidListSerializer(serializers.Serializer):
    """A page of bids, with the bid allowance of the application they belong to."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    allowance = AllowanceSerializer(
        allow_null=True, help_text="Applicants: their allowance. Staff: the allowance of the "
                                   "application named in the ``application`` filter.")
    results = BidSerializer(many=True)


def bid_row(bid: Bid, position: int | None, bid_count: int, now: dt.datetime) -> BidRow:
    """A bid as ``selectors.bids_for_application`` describes it."""
    return BidRow(bid=bid, position=position, bid_count=bid_count,
                  can_withdraw=(bid.status == Bid.Status.PLACED
                                and bid.advert.is_open_for_bids(now)))


# --- Shortlists and offers -----------------------------------------------------------------------

@extend_schema_serializer(component_name="ShortlistEntry")
class ShortlistEntrySerializer(serializers.Serializer):
    """One bidder on an advert's shortlist, ranked at close by the scheme's order (§4.7) with
    the priority data snapshot taken then. ``application`` is null for a restricted case the
    caller may not see (the entry keeps its place, so the order still reads true)."""

    id = serializers.IntegerField()
    rank = serializers.IntegerField()
    application = serializers.CharField(allow_null=True, help_text="The application's reference.")
    band = serializers.CharField(allow_null=True, help_text="The band at close.")
    effective_date = serializers.DateField(allow_null=True, help_text="The band date at close.")
    registration_date = serializers.DateField(allow_null=True)
    status = serializers.CharField(
        help_text="ranked, contacted, verifying, bypassed, nominated, offered, accepted, refused, "
                  "no_response or offer_withdrawn.")
    status_display = serializers.CharField()
    bypass_reason = serializers.CharField(help_text="The bypass reason code (blank if none).")
    bypass_note = serializers.CharField()
    contacted_at = serializers.DateTimeField(allow_null=True)
    contact_deadline = serializers.DateTimeField(allow_null=True)
    checks = serializers.DictField(child=serializers.BooleanField(),
                                   help_text="Each verification check made: whether it passed.")
    verified = serializers.BooleanField(help_text="Every verification check has passed.")
    offer = serializers.IntegerField(allow_null=True, help_text="The offer's id, if one was made.")


@extend_schema_serializer(component_name="ShortlistBypassPending")
class ApprovalPendingSerializer(serializers.Serializer):
    """A bypass that needs a manager: the approval request raised, waiting for a decision."""

    approval = serializers.IntegerField(help_text="The approval request's id.")
    status = serializers.CharField(help_text="pending")


@extend_schema_serializer(component_name="OfferHome")
class OfferHomeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    address = serializers.CharField()
    property_type = serializers.CharField()
    bedrooms = serializers.IntegerField()
    landlord = OrganisationRefSerializer()
    weekly_rent = serializers.DecimalField(max_digits=7, decimal_places=2)
    service_charge = serializers.DecimalField(max_digits=7, decimal_places=2)
    weekly_total = serializers.DecimalField(max_digits=8, decimal_places=2)
    rent_type = serializers.CharField()
    tenancy_type = serializers.CharField(source="tenancy_type_offered")


# An offer the applicant may still accept or refuse (before its deadline).
OPEN_OFFER_STATUSES = ("issued", "viewing_arranged", "viewed")


@extend_schema_serializer(component_name="Offer")
class OfferSerializer(serializers.Serializer):
    """An offer of a home (§3.13, §4.9). ``respond_by`` is the deadline to answer;
    ``can_answer`` says whether it may still be accepted or refused (open, deadline not
    passed)."""

    id = serializers.IntegerField()
    status = serializers.CharField(
        help_text="issued, viewing_arranged, viewed, accepted, signed_up, refused, lapsed or "
                  "withdrawn.")
    status_display = serializers.CharField(source="get_status_display")
    offer_type = serializers.CharField()
    is_final_offer = serializers.BooleanField(
        help_text="A homelessness final offer (s193): refusing it can end the duty; the applicant "
                  "may ask for a suitability review (s202).")
    application = serializers.CharField(source="application.reference")
    home = OfferHomeSerializer(source="property")
    advert = serializers.IntegerField(source="advert_id", allow_null=True)
    shortlist_entry = serializers.IntegerField(source="shortlist_entry_id", allow_null=True)
    offered_at = serializers.DateTimeField()
    viewing_at = serializers.DateTimeField(allow_null=True)
    respond_by = serializers.DateTimeField()
    response_at = serializers.DateTimeField(allow_null=True)
    can_answer = serializers.SerializerMethodField()
    refusal_reason_code = serializers.CharField()
    refusal_reason_text = serializers.CharField()
    refusal_assessment = serializers.CharField(help_text="reasonable, unreasonable or blank.")
    assessed_at = serializers.DateTimeField(allow_null=True)
    assessment_note = serializers.CharField()
    penalty_applied = serializers.CharField()
    withdrawn_reason = serializers.CharField()

    @extend_schema_field(serializers.BooleanField())
    def get_can_answer(self, offer: Any) -> bool:
        now = self.context.get("now") or dt.datetime.now(tz=dt.UTC)
        return bool(offer.status in OPEN_OFFER_STATUSES and offer.respond_by >= now)
