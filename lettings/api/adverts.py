"""API: adverts (``/api/v1/adverts/…``; DOMAIN.md §3.10, §5.2 step 3–4).

Who may use it: anyone, signed in or not, sees the adverts taking bids now (and, by id, an
advert that has stopped taking bids, so a bidder can still see what they bid for: whatever
``selectors.public_advert`` shows; never drafts, approved adverts not yet live, or withdrawn
ones).
Lettings staff see every advert in any status; a registered provider's users see their own
organisation's adverts in any status. A signed-in applicant is told, for each advert, whether
they may bid and every reason why not, and sees their own bid on it with its queue position.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from housing.accounts import policies as account_policies
from housing.accounts.models import Organisation
from housing.core.api import Pagination
from lettings import policies, selectors
from lettings.api.bids import bid_rows
from lettings.api.common import MAX_ID, LettingsApi, error_responses, not_found, paginate
from lettings.api.serializers import AdvertSerializer
from lettings.models import Advert, Bid, Property
from lettings.selectors import AdvertFilters, BidRow


def _sees_all_statuses(user: Any) -> bool:
    """Staff and provider users work from the adverts the policy gives them (any status)."""
    return policies.is_lettings_staff(user) or account_policies.can_use_partner_surface(user)


def _scoped_adverts(user: Any) -> QuerySet[Advert]:
    return (selectors.advert_list(user=user)
            .select_related("local_lettings_plan").prefetch_related("property__photos"))


def _filter_q(f: AdvertFilters) -> Q:
    """The same filters ``selectors.live_adverts`` applies, for the staff and landlord lists."""
    q = Q()
    if f.area:
        q &= Q(property__area__iexact=f.area)
    if f.bedrooms is not None:
        q &= Q(property__bedrooms=f.bedrooms)
    if f.property_type:
        q &= Q(property__property_type=f.property_type)
    if f.landlord:
        q &= Q(property__landlord__code=f.landlord)
    if f.accessible:
        q &= (Q(property__mobility_category__in=["step_free", "wheelchair"])
              | Q(mobility_required=True))
    return q


def _applicant_context(user: Any, adverts: list[Advert]) -> dict[str, Any]:
    """For a signed-in applicant with an application that can bid: whether they may bid for
    each advert (every failing rule), and their own bid on it with its queue position."""
    if not account_policies.can_use_applicant_account(user) or not adverts:
        return {}
    application = selectors.bidding_application_for(user)
    if application is None:
        return {}
    validity = selectors.bid_validity_many(application, adverts)
    # Their latest bid on each advert (a live one if they have one).
    latest: dict[int, Bid] = {}
    for bid in (Bid.objects.filter(application=application, advert__in=adverts)
                .select_related("advert", "application").order_by("placed_at", "pk")):
        current = latest.get(bid.advert_id)
        if current is None or not current.is_live or bid.is_live:
            latest[bid.advert_id] = bid
    rows: dict[int, BidRow] = {row.bid.advert_id: row for row in bid_rows(list(latest.values()))}
    return {"validity": validity, "own_bids": rows}


def _out(request: Request, adverts: list[Advert]) -> list[dict[str, Any]]:
    context = {"request": request, **_applicant_context(request.user, adverts)}
    return list(AdvertSerializer(adverts, many=True, context=context).data)


class AdvertListApi(LettingsApi):
    """Public (no sign-in needed): the adverts taking bids now, soonest closing first, filtered
    by ``area``, ``bedrooms``, ``property_type``, ``landlord`` (organisation code) and
    ``accessible``. Lettings staff instead see every advert (newest cycle first) and may also
    filter by ``status`` and ``cycle``; registered provider users see their own organisation's
    adverts the same way. A signed-in applicant gets ``can_bid`` and ``reasons`` on each
    advert. A bad filter value is a 400 naming the filter."""

    permission_classes = [AllowAny]
    pagination_class = Pagination

    @extend_schema_serializer(component_name="AdvertListFilter")
    class FilterSerializer(serializers.Serializer):
        area = serializers.CharField(required=False, allow_blank=True, max_length=100)
        bedrooms = serializers.IntegerField(
            required=False, min_value=0, max_value=20,
            error_messages={"invalid": "Enter the number of bedrooms as a number, like 2."})
        property_type = serializers.ChoiceField(choices=Property.Type.choices, required=False,
                                                allow_blank=True)
        landlord = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                         help_text="The landlord's organisation code.")
        accessible = serializers.BooleanField(
            required=False, help_text="Only homes with level access or for wheelchair users.")
        status = serializers.ChoiceField(choices=Advert.Status.choices, required=False,
                                         allow_blank=True,
                                         help_text="Lettings staff and landlords only.")
        cycle = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                                         help_text="A bidding cycle's id. Lettings staff and "
                                                   "landlords only.")

        def validate_landlord(self, value: str) -> str:
            value = value.strip()
            if not value:
                return ""
            code = (Organisation.objects.filter(code__iexact=value)
                    .values_list("code", flat=True).first())
            if code is None:
                raise serializers.ValidationError(f"There is no landlord with the code "
                                                  f"“{value}”.")
            return code

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if not self.context["sees_all"]:
                errors = {name: ["Only lettings staff and landlords can filter by "
                                 f"{name}. Everyone else sees adverts taking bids now."]
                          for name in ("status", "cycle") if attrs.get(name)}
                if errors:
                    raise serializers.ValidationError(errors)
            return attrs

    @extend_schema(parameters=[FilterSerializer],
                   responses={200: AdvertSerializer(many=True), **error_responses(400)})
    def get(self, request: Request) -> Response:
        sees_all = _sees_all_statuses(request.user)
        data = self.FilterSerializer(data=request.query_params, context={"sees_all": sees_all})
        data.is_valid(raise_exception=True)
        f = data.validated_data
        filters = AdvertFilters(area=f.get("area", "").strip(), bedrooms=f.get("bedrooms"),
                                property_type=f.get("property_type", ""),
                                landlord=f.get("landlord", ""),
                                accessible=bool(f.get("accessible")))
        queryset: QuerySet[Advert]
        if sees_all:
            queryset = _scoped_adverts(request.user).filter(_filter_q(filters))
            if f.get("status"):
                queryset = queryset.filter(status=f["status"])
            if f.get("cycle"):
                queryset = queryset.filter(cycle_id=f["cycle"])
        else:
            queryset = selectors.live_adverts(filters=filters)
        paginator, page = paginate(self, request, queryset)
        return paginator.get_paginated_response(_out(request, page))


def advert_for(user: Any, pk: int) -> Advert | None:
    """The advert with this id if this user may read it: by the policy (staff, its landlord),
    or because it is public (``selectors.public_advert``). Otherwise None, exactly as if it did
    not exist."""
    advert = _scoped_adverts(user).filter(pk=pk).first()
    if advert is not None:
        return advert
    reference = Advert.objects.filter(pk=pk).values_list("reference", flat=True).first()
    return selectors.public_advert(reference) if reference else None


class AdvertDetailApi(LettingsApi):
    """Public (no sign-in needed) for an advert ``selectors.public_advert`` shows (taking bids,
    or past its window; never a draft, an approved advert not yet live, or a withdrawn one);
    lettings staff see any advert and provider users their own organisation's. A signed-in
    applicant with an application that can bid also gets ``can_bid``, every reason they may
    not bid (``reasons``) and their own ``bid`` with its queue position."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: AdvertSerializer, **error_responses(404)})
    def get(self, request: Request, pk: int) -> Response:
        advert = advert_for(request.user, pk) if pk <= MAX_ID else None
        if advert is None:
            raise not_found("advert")
        return Response(_out(request, [advert])[0])
