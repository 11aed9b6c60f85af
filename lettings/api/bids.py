"""API: bids (``/api/v1/bids/…``; DOMAIN.md §3.11, §4.6, §4.8, §5.2 step 4).

Who may use it: applicants with a verified email, for their own household's applications, and
lettings staff (officers, managers, administrators) on an applicant's behalf, for cases they
may work (a bid placed by staff is recorded as placed by an officer, through the API channel).
Registered provider users and medical advisers are refused (403).

A bid the caller may not see is a 404. An advert or application the caller may not see is
refused exactly as one that does not exist (400, naming the field), so references cannot be
probed. Every refused bid lists every failing rule under ``errors.advert``: 409 when the refusal
is about timing or state (already bid, bid limit reached, bidding closed or not open yet),
400 when it is about the applicant (size, age, band, label, …).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    OpenApiTypes,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from applications.api.serializers import ErrorSerializer
from applications.models import Application
from applications.policies import applications_visible_to
from housing.accounts import policies as account_policies
from housing.scheme.selectors import scheme_in_force
from lettings import policies, selectors
from lettings.api.common import (
    MAX_ID,
    LettingsApi,
    error_responses,
    not_found,
    paginate,
    validated,
)
from lettings.api.permissions import CanBid
from lettings.api.serializers import (
    AllowanceSerializer,
    BidListSerializer,
    BidSerializer,
    bid_row,
)
from lettings.models import Advert, Bid, BiddingCycle
from lettings.selectors import BidRow
from lettings.services import bidding

NO_APPLICATION = "There is no application with that reference that you can bid for."
NO_ADVERT = "There is no advert with that id."


def bid_rows(bids: list[Bid], *, now: dt.datetime | None = None) -> list[BidRow]:
    """Each bid with its queue position by today's priority data (live bids only; four
    queries for the whole page). Bids need ``advert`` loaded."""
    now = now or timezone.now()
    live = {bid.advert_id for bid in bids if bid.status in Bid.LIVE_STATUSES}
    positions: dict[int, dict[int, int]] = {}
    if live:
        ranks = selectors.band_ranks(scheme_in_force(on=timezone.localdate(now)))
        positions = selectors.queue_positions_many(live, ranks=ranks)
    rows = []
    for bid in bids:
        position, count = None, 0
        if bid.advert_id in positions and bid.status in Bid.LIVE_STATUSES:
            position, count = positions[bid.advert_id].get(bid.pk), len(positions[bid.advert_id])
        rows.append(bid_row(bid, position, count, now))
    return rows


def _row(bid: Bid) -> dict[str, Any]:
    """The bid as the API shows it (``bid`` with its advert and application loaded, as
    ``bid_place`` returns it)."""
    return dict(BidSerializer(bid_rows([bid])[0]).data)


def allowance_for(application: Application) -> dict[str, Any]:
    """The application's bid allowance (§4.8): per live bids, or in the cycle open now."""
    cycle_id = (BiddingCycle.objects.filter(status=BiddingCycle.Status.OPEN)
                .order_by("-opens_at").values_list("pk", flat=True).first())
    allowance = selectors.bid_allowance(application, cycle_id=cycle_id)
    return dict(AllowanceSerializer(allowance).data)


def _biddable_application(user: Any, reference: str) -> Application | None:
    application = applications_visible_to(user).filter(reference=reference).first()
    if application is None or not policies.can_bid_for(user, application):
        return None
    return application


def _biddable_advert(user: Any, pk: int) -> Advert | None:
    """Any advert lettings staff may see; for applicants, only adverts the public can see."""
    if policies.is_lettings_staff(user):
        return policies.adverts_visible_to(user).filter(pk=pk).first()
    return selectors.public_advert_by_pk(pk)


class BidListCreateApi(LettingsApi):
    """``GET``: an applicant's own bids (newest first, with queue positions for live bids and
    their bid ``allowance``); lettings staff see bids on the cases they may see, filtered by
    ``application`` (reference), ``advert`` (id) and ``status`` (``allowance`` is that of the
    application named in the filter, else null). The page is an object: ``count``, ``next``,
    ``previous``, ``allowance`` and ``results``.

    ``POST``: place a bid. An applicant bids for their own application (``application`` may be
    left out: their current application is used); lettings staff name the application and bid
    on the applicant's behalf. 201 with the bid and its position in the queue."""

    permission_classes = [CanBid]

    @extend_schema_serializer(component_name="BidListFilter")
    class FilterSerializer(serializers.Serializer):
        application = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                            help_text="An application's reference.")
        advert = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                                          help_text="An advert's id.")
        status = serializers.ChoiceField(choices=Bid.Status.choices, required=False,
                                         allow_blank=True)

    @extend_schema_serializer(component_name="BidCreate")
    class InputSerializer(serializers.Serializer):
        advert = serializers.IntegerField(
            min_value=1, max_value=MAX_ID,
            error_messages={"required": "Say which advert to bid for.",
                            "invalid": "Give the advert's id as a number.",
                            "min_value": NO_ADVERT, "max_value": NO_ADVERT})
        application = serializers.CharField(
            required=False, max_length=20,
            help_text="The application's reference. Applicants may leave it out; lettings staff "
                      "must give it.")

    @extend_schema(
        operation_id="v1_bids_list",
        parameters=[FilterSerializer,
                    OpenApiParameter("page", OpenApiTypes.INT, required=False),
                    OpenApiParameter("page_size", OpenApiTypes.INT, required=False)],
        responses={200: BidListSerializer, **error_responses(400, 403)})
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        queryset = (policies.bids_visible_to(request.user)
                    .select_related("advert", "application").order_by("-placed_at", "-pk"))
        if f.get("application"):
            queryset = queryset.filter(application__reference=f["application"])
        if f.get("advert"):
            queryset = queryset.filter(advert_id=f["advert"])
        if f.get("status"):
            queryset = queryset.filter(status=f["status"])
        paginator, page = paginate(self, request, queryset)

        application = None
        if f.get("application"):
            application = applications_visible_to(request.user).filter(
                reference=f["application"]).first()
        elif account_policies.can_use_applicant_account(request.user):
            application = selectors.bidding_application_for(request.user)
        return Response({
            "count": paginator.page.paginator.count if paginator.page else 0,
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            "allowance": allowance_for(application) if application is not None else None,
            "results": BidSerializer(bid_rows(page), many=True).data,
        })

    @extend_schema(
        request=InputSerializer,
        responses={201: BidSerializer,
                   **error_responses(400, 403),
                   409: OpenApiResponse(
                       ErrorSerializer,
                       description="Refused because of timing or state: already bid, bid limit "
                                   "reached, bidding closed or not open yet. ``errors.advert`` "
                                   "lists every reason.")},
        examples=[OpenApiExample("Applicant", request_only=True,
                                 value={"advert": 123, "application": "HR-2026-000123"})])
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request)
        reference = data.get("application", "").strip()
        errors: dict[str, list[str]] = {}
        application = None
        if reference:
            application = _biddable_application(request.user, reference)
            if application is None:
                errors["application"] = [NO_APPLICATION]
        elif policies.bids_on_behalf(request.user):
            errors["application"] = ["Enter the reference of the application to bid for."]
        else:
            application = selectors.bidding_application_for(request.user)
            if application is None:
                errors["application"] = ["You do not have an application that can bid."]
        advert = _biddable_advert(request.user, data["advert"])
        if advert is None:
            errors["advert"] = [NO_ADVERT]
        if errors or application is None or advert is None:
            raise serializers.ValidationError(errors)
        bid = bidding.bid_place(application=application, advert=advert, actor=request.user,
                                channel=Bid.Channel.API)
        return Response(_row(bid), status=status.HTTP_201_CREATED)


def _visible_bid(user: Any, pk: int) -> Bid:
    bid = (policies.bids_visible_to(user).select_related("advert", "application")
           .filter(pk=pk).first()) if pk <= MAX_ID else None
    if bid is None:
        raise not_found("bid")
    return bid


class BidDetailApi(LettingsApi):
    """``GET``: one bid with its queue position. ``DELETE``: withdraw it while the advert is
    still taking bids; the slot is freed at once. Answers 200 with the withdrawn bid (not 204),
    so the caller sees its new status; withdrawing a bid already withdrawn is a 200 too. After
    bidding has closed it is a 409. Applicants may see and withdraw only their own household's
    bids; lettings staff bids on cases they may work. Any other bid is a 404."""

    permission_classes = [CanBid]

    @extend_schema(responses={200: BidSerializer, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_row(_visible_bid(request.user, pk)))

    @extend_schema(responses={200: BidSerializer, **error_responses(403, 404, 409)})
    def delete(self, request: Request, pk: int) -> Response:
        bid = _visible_bid(request.user, pk)
        if not policies.can_withdraw_bid(request.user, bid):
            raise exceptions.PermissionDenied("You cannot withdraw this bid.")
        bid = bidding.bid_withdraw(bid=bid, actor=request.user)
        return Response(_row(bid))
