"""API: bidding cycles (``/api/v1/cycles/…``; DOMAIN.md §3.10).

Who may use it: lettings staff (officers, managers, administrators) only; everyone else gets
403. Cycles are opened and closed by the scheduler (``lettings.services.cycles``), not here.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from housing.core.api import Pagination
from lettings import policies
from lettings.api.common import MAX_ID, LettingsApi, error_responses, not_found, paginate
from lettings.api.permissions import IsLettingsStaff
from lettings.models import Advert, BiddingCycle


@extend_schema_serializer(component_name="BiddingCycle")
class CycleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    opened_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    advert_count = serializers.SerializerMethodField()
    adverts_by_status = serializers.SerializerMethodField()

    def _counts(self, cycle: BiddingCycle) -> dict[str, int]:
        return dict(self.context["advert_counts"].get(cycle.pk, {}))

    @extend_schema_field(serializers.IntegerField())
    def get_advert_count(self, cycle: BiddingCycle) -> int:
        return sum(self._counts(cycle).values())

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_adverts_by_status(self, cycle: BiddingCycle) -> dict[str, int]:
        """Adverts in the cycle by status (statuses with none are left out)."""
        return self._counts(cycle)


def _out(cycles: list[BiddingCycle], *, many: bool) -> Any:
    """Serialise with the adverts counted by status in one query for the whole page."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (Advert.objects.filter(cycle__in=cycles).values_list("cycle_id", "status")
            .annotate(n=Count("pk")).order_by())
    for cycle_id, advert_status, n in rows:
        counts[cycle_id][advert_status] = n
    context = {"advert_counts": counts}
    return CycleSerializer(cycles if many else cycles[0], many=many, context=context).data


class CycleListApi(LettingsApi):
    """Lettings staff only: bidding cycles, latest first (filter by ``status``), each with its
    number of adverts in total and by status."""

    permission_classes = [IsLettingsStaff]
    pagination_class = Pagination

    @extend_schema_serializer(component_name="CycleListFilter")
    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=BiddingCycle.Status.choices, required=False,
                                         allow_blank=True)

    @extend_schema(parameters=[FilterSerializer],
                   responses={200: CycleSerializer(many=True), **error_responses(400, 403)})
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        queryset = policies.cycles_visible_to(request.user).order_by("-opens_at")
        if filters.validated_data.get("status"):
            queryset = queryset.filter(status=filters.validated_data["status"])
        paginator, page = paginate(self, request, queryset)
        return paginator.get_paginated_response(_out(page, many=True))


class CycleDetailApi(LettingsApi):
    """Lettings staff only: one bidding cycle with its advert counts."""

    permission_classes = [IsLettingsStaff]

    @extend_schema(responses={200: CycleSerializer, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        cycle = policies.cycles_visible_to(request.user).filter(pk=pk).first() \
            if pk <= MAX_ID else None
        if cycle is None:
            raise not_found("bidding cycle")
        return Response(_out([cycle], many=False))
