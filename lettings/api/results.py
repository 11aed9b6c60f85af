"""API: published lettings results (``/api/v1/lettings-results/…``; DOMAIN.md §4.7 "Result
publication", §7.2 "Published lettings feedback").

Who may use it: anyone, signed in or not; read only. The list holds only the lets published
line by line; the summary counts every let (a confidential direct match is counted there, never
listed). Nothing here carries person data: no names, no application references.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from housing.core.api import Pagination
from lettings import selectors
from lettings.api.common import MAX_ID, LettingsApi, error_responses, paginate
from lettings.models import BiddingCycle, LettingResult
from lettings.selectors import ResultFilters, ResultsSummary

DATE_ERROR = "Enter a date as YYYY-MM-DD, like 2026-03-27."


@extend_schema_serializer(component_name="LettingResultFilter")
class ResultFilterSerializer(serializers.Serializer):
    """``?cycle=<id>`` (a bidding cycle) and/or ``?from=YYYY-MM-DD&to=YYYY-MM-DD`` (the date
    the tenancy started, both inclusive)."""

    cycle = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="A bidding cycle's id.",
        error_messages={"invalid": "Enter a bidding cycle's id, like 12."})

    def get_fields(self) -> dict[str, serializers.Field]:
        # "from" is a Python keyword, so these two cannot be class attributes.
        fields: dict[str, serializers.Field] = super().get_fields()
        fields["from"] = serializers.DateField(
            required=False, help_text="Lets whose tenancy started on or after this date.",
            error_messages={"invalid": DATE_ERROR})
        fields["to"] = serializers.DateField(
            required=False, help_text="Lets whose tenancy started on or before this date.",
            error_messages={"invalid": DATE_ERROR})
        return fields

    def validate_cycle(self, value: int) -> int:
        if not BiddingCycle.objects.filter(pk=value).exists():
            raise serializers.ValidationError(f"There is no bidding cycle with the id {value}.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("from"), attrs.get("to")
        if start and end and start > end:
            raise serializers.ValidationError({"to": ["“to” must be on or after “from”."]})
        return attrs


def _filters(request: Request) -> ResultFilters:
    data = ResultFilterSerializer(data=request.query_params)
    data.is_valid(raise_exception=True)
    f = data.validated_data
    return ResultFilters(cycle=f.get("cycle"), let_from=f.get("from"), let_to=f.get("to"))


@extend_schema_serializer(component_name="LettingResult")
class ResultSerializer(serializers.ModelSerializer):
    """One published let. ``reference`` is the advert's (blank for a home that was not
    advertised, when ``bids`` is null too); ``band``, ``effective_date`` and
    ``registration_date`` are the successful applicant's as ranked when bidding closed;
    ``route`` is bid, quota, llp, direct_match or nomination."""

    cycle = serializers.IntegerField(source="cycle_id", allow_null=True,
                                     help_text="The bidding cycle's id (null if not advertised).")

    class Meta:
        model = LettingResult
        fields = ["reference", "area", "property_type", "bedrooms", "landlord", "designation",
                  "bids", "band", "band_name", "effective_date", "registration_date", "route",
                  "let_on", "cycle"]
        read_only_fields = fields


class ResultListApi(LettingsApi):
    """Public (no sign-in needed): the published lets, newest first, filtered by ``cycle`` and
    by the tenancy start date (``from``, ``to``). A bad filter is a 400 naming it."""

    permission_classes = [AllowAny]
    pagination_class = Pagination
    http_method_names = ["get", "head", "options"]

    @extend_schema(parameters=[ResultFilterSerializer],
                   responses={200: ResultSerializer(many=True), **error_responses(400)})
    def get(self, request: Request) -> Response:
        queryset = selectors.published_results(_filters(request)).select_related(None)
        paginator, page = paginate(self, request, queryset)
        return paginator.get_paginated_response(ResultSerializer(page, many=True).data)


class _CountSerializer(serializers.Serializer):
    code = serializers.CharField()
    # A field called "label" (DRF collects declared fields; it is not ``Field.label``).
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()


@extend_schema_serializer(component_name="LettingResultSummary")
class SummarySerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Every let in the selection.")
    listed = serializers.IntegerField(help_text="Lets published line by line.")
    not_listed = serializers.IntegerField(
        help_text="Lets counted but not listed (direct matches for safeguarding reasons, say).")
    by_route = _CountSerializer(many=True)
    by_band = _CountSerializer(many=True, help_text="By the successful applicant's band.")
    not_listed_by_route = _CountSerializer(many=True)


def summary_data(summary: ResultsSummary) -> dict[str, Any]:
    return dict(SummarySerializer({
        "total": summary.total, "listed": summary.total - summary.not_listed,
        "not_listed": summary.not_listed, "by_route": summary.by_route,
        "by_band": summary.by_band, "not_listed_by_route": summary.not_listed_by_route}).data)


class ResultSummaryApi(LettingsApi):
    """Public (no sign-in needed): how many homes were let in the selection (the same filters
    as the list), by route and by the successful applicant's band, counting the lets that are
    not listed individually too."""

    permission_classes = [AllowAny]
    http_method_names = ["get", "head", "options"]

    @extend_schema(parameters=[ResultFilterSerializer],
                   responses={200: SummarySerializer, **error_responses(400)})
    def get(self, request: Request) -> Response:
        return Response(summary_data(selectors.results_summary(_filters(request))))
