"""API: direct matches (``/api/v1/direct-matches/…``; DOMAIN.md §4.11, §5.5).

Who may use it: lettings staff (officers, managers, administrators) only, on the cases they may
see (restricted cases only in the restricted group). Applicants, medical advisers and registered
provider users are refused (403); anonymous callers 401/403. An applicant sees a direct offer
through ``/api/v1/offers/`` like any other offer.

A match the caller may not see is a 404. A home, application or advert named in a proposal
that the caller may not see is refused exactly as one that does not exist (400, naming the
field). Writes go through ``lettings.services.direct_matches``: a category the scheme does not
allow, a missing justification and any blocking check are 400s with field errors; a home or
applicant that already has an open match, a home not free to match, an advert that may still
have an acceptable bidder, and offering a match that is not approved are conflicts (409).
A manager decides a proposal in the approvals queue (``/api/v1/approvals/``), never their own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from applications.policies import applications_visible_to, can_work_case
from housing.core.api import Pagination
from lettings import policies
from lettings.api.common import (
    MAX_ID,
    LettingsApi,
    error_responses,
    not_found,
    paginate,
    validated,
)
from lettings.api.serializers import OfferSerializer, OrganisationRefSerializer
from lettings.api.shortlists import IsLettingsStaff, validate_viewing
from lettings.models import DirectMatch, Offer
from lettings.services import direct_matches

NO_HOME = "There is no home with that id."
NO_APPLICATION = "There is no application with that reference you can work on."
NO_ADVERT = "There is no advert with that reference."


@extend_schema_field({"type": "string", "description": "proposed, approved, rejected, "
                                                       "offered, let, ended or cancelled."})
class MatchStatusField(serializers.ChoiceField):
    """Documented as a string listing its values rather than an enum component, so that a
    generic "status" enum name is not claimed for the whole API."""


class IsDirectMatchStaff(IsLettingsStaff):
    """Lettings staff only (``policies.is_lettings_staff``)."""

    message = "Only lettings staff can use direct matches."


# --- What a match looks like -------------------------------------------------------------------

@extend_schema_serializer(component_name="DirectMatchCheck")
class CheckSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="For example size, occupancy, not_active, priority.")
    message = serializers.CharField(help_text="What the check found, in plain English.")
    blocking = serializers.BooleanField(help_text="Whether it stops the match.")


@extend_schema_serializer(component_name="DirectMatchHome")
class HomeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    address = serializers.CharField()
    bedrooms = serializers.IntegerField()
    landlord = OrganisationRefSerializer()


@extend_schema_serializer(component_name="DirectMatch")
class DirectMatchSerializer(serializers.Serializer):
    """A direct match (§4.11): the home, the applicant, the scheme's category, why, what the
    checks found (when proposed and again before the offer), the manager's decision (through
    the approval request) and the single offer."""

    id = serializers.IntegerField()
    reference = serializers.CharField(help_text="DM-000001 and so on.")
    status = serializers.CharField(help_text="proposed, approved, rejected, offered, let, ended "
                                             "or cancelled.")
    status_display = serializers.CharField(source="get_status_display")
    category = serializers.CharField(help_text="A code from the scheme's direct match "
                                               "categories.")
    home = HomeSerializer(source="property")
    void = serializers.IntegerField(source="void_id", allow_null=True)
    application = serializers.CharField(source="application.reference")
    from_advert = serializers.CharField(source="from_advert.reference", allow_null=True,
                                        help_text="The advert that found no acceptable bidder, "
                                                  "if the home was converted.")
    justification = serializers.CharField()
    not_highest_priority_reason = serializers.CharField()
    checks = CheckSerializer(many=True)
    checked_at = serializers.DateTimeField(allow_null=True)
    proposed_at = serializers.DateTimeField()
    approval = serializers.IntegerField(source="approval_id", allow_null=True,
                                        help_text="The approval request a manager decides.")
    decided_at = serializers.DateTimeField(allow_null=True)
    offer = serializers.IntegerField(source="offer_id", allow_null=True)
    ended_reason = serializers.CharField()


def _matches(user: Any) -> QuerySet[DirectMatch]:
    return (policies.direct_matches_visible_to(user)
            .select_related("property", "property__landlord", "application", "from_advert"))


def _match(user: Any, pk: int) -> DirectMatch:
    match = _matches(user).filter(pk=pk).first() if pk <= MAX_ID else None
    if match is None:
        raise not_found("direct match")
    return match


def _out(user: Any, match: DirectMatch) -> dict[str, Any]:
    return dict(DirectMatchSerializer(_match(user, match.pk)).data)


# --- Endpoints ---------------------------------------------------------------------------------

class DirectMatchListCreateApi(LettingsApi):
    """``GET``: the direct matches on the cases the caller may see, newest first; filter by
    ``status``, ``category`` and ``application`` (reference).

    ``POST``: propose a direct match of a home (``property``: its id) with an applicant
    (``application``: the reference) under a ``category`` from the scheme's list, with a
    ``justification``; ``not_highest_priority_reason`` when an active applicant in a higher band
    also needs a home of this size. The home needs a void that is ready to let, or give
    ``advert`` (its reference) to convert a home whose advert found no acceptable bidder.
    201 with the match, waiting for a manager's decision."""

    permission_classes = [IsDirectMatchStaff]
    pagination_class = Pagination

    @extend_schema_serializer(component_name="DirectMatchListFilter")
    class FilterSerializer(serializers.Serializer):
        status = MatchStatusField(choices=DirectMatch.Status.choices, required=False,
                                  allow_blank=True)
        category = serializers.CharField(required=False, allow_blank=True, max_length=40)
        application = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                            help_text="An application's reference.")

    @extend_schema_serializer(component_name="DirectMatchCreate")
    class InputSerializer(serializers.Serializer):
        property = serializers.IntegerField(
            min_value=1, max_value=MAX_ID, help_text="The home's id.",
            error_messages={"required": "Say which home.", "invalid": "Give the home's id as a "
                                                                       "number.",
                            "min_value": NO_HOME, "max_value": NO_HOME})
        application = serializers.CharField(
            max_length=20, help_text="The application's reference.",
            error_messages={"required": "Say which application.",
                            "blank": "Say which application."})
        category = serializers.CharField(
            max_length=40, help_text="A code from the scheme's direct match categories.",
            error_messages={"required": "Choose a category the scheme allows",
                            "blank": "Choose a category the scheme allows"})
        justification = serializers.CharField(
            max_length=4000, error_messages={
                "required": "Say why this home should go to this applicant",
                "blank": "Say why this home should go to this applicant"})
        not_highest_priority_reason = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=2000,
            help_text="Why this applicant rather than a higher-priority applicant who needs a "
                      "home of this size (required when there is one).")
        advert = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=20,
            help_text="The reference of the home's advert that found no acceptable bidder, to "
                      "convert it.")

    @extend_schema(operation_id="v1_direct_matches_list", parameters=[FilterSerializer],
                   responses={200: DirectMatchSerializer(many=True), **error_responses(400, 403)})
    def get(self, request: Request) -> Response:
        f = validated(self.FilterSerializer, request, data=request.query_params)
        queryset = _matches(request.user).order_by("-proposed_at", "-pk")
        if f.get("status"):
            queryset = queryset.filter(status=f["status"])
        if f.get("category"):
            queryset = queryset.filter(category=f["category"].strip())
        if f.get("application"):
            queryset = queryset.filter(application__reference=f["application"].strip())
        paginator, page = paginate(self, request, queryset)
        return paginator.get_paginated_response(DirectMatchSerializer(page, many=True).data)

    @extend_schema(operation_id="v1_direct_matches_create", request=InputSerializer,
                   responses={201: DirectMatchSerializer,
                              **error_responses(400, 403, 409)},
                   examples=[OpenApiExample("Proposal", request_only=True, value={
                       "property": 41, "application": "HR-2025-000123",
                       "category": "homeless_in_ta",
                       "justification": "In temporary accommodation for 14 months after six "
                                        "unsuccessful cycles."})])
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request)
        user = request.user
        errors: dict[str, list[str]] = {}
        prop = policies.properties_visible_to(user).filter(pk=data["property"]).first()
        if prop is None:
            errors["property"] = [NO_HOME]
        application = (applications_visible_to(user)
                       .filter(reference=data["application"].strip()).first())
        if application is None or not can_work_case(user, application):
            errors["application"] = [NO_APPLICATION]
        advert = None
        if data["advert"].strip():
            advert = (policies.adverts_visible_to(user)
                      .filter(reference=data["advert"].strip()).first())
            if advert is None:
                errors["advert"] = [NO_ADVERT]
        if errors:
            raise serializers.ValidationError(errors)
        assert prop is not None and application is not None
        match = direct_matches.direct_match_propose(
            property=prop, application=application, category=data["category"].strip(),
            justification=data["justification"],
            not_highest_priority_reason=data["not_highest_priority_reason"],
            from_advert=advert, actor=user)
        return Response(_out(user, match), status=status.HTTP_201_CREATED)


class DirectMatchDetailApi(LettingsApi):
    """``GET`` one direct match on a case the caller may see; any other is a 404."""

    permission_classes = [IsDirectMatchStaff]

    @extend_schema(operation_id="v1_direct_matches_retrieve",
                   responses={200: DirectMatchSerializer, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_out(request.user, _match(request.user, pk)))


class DirectMatchOfferApi(LettingsApi):
    """Make the single offer of an approved match (201 with the offer). The checks run again
    (400 if the applicant no longer fits) and housing debt over the threshold without a
    manager's override stops it (409); a match not approved, or a home or applicant already
    under offer, is a 409. The applicant is sent the offer letter, which says it is a direct
    offer."""

    permission_classes = [IsDirectMatchStaff]

    @extend_schema_serializer(component_name="DirectMatchOffer")
    class InputSerializer(serializers.Serializer):
        viewing_at = serializers.DateTimeField(
            required=False, allow_null=True, default=None,
            help_text="When the viewing is (ISO 8601). Without one, the applicant has the "
                      "scheme's days to view and answer.",
            error_messages={"invalid": "Enter the viewing time as a date and time, like "
                                       "2026-11-25T14:30:00+00:00"})

        def validate_viewing_at(self, value: dt.datetime | None) -> dt.datetime | None:
            return validate_viewing(value)

    @extend_schema(request=InputSerializer,
                   responses={201: OfferSerializer, **error_responses(400, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        match = _match(request.user, pk)
        data = validated(self.InputSerializer, request)
        offer = direct_matches.direct_match_offer(match=match, actor=request.user,
                                                  viewing_at=data["viewing_at"])
        fresh = (Offer.objects.select_related("application", "property", "property__landlord")
                 .get(pk=offer.pk))
        return Response(OfferSerializer(fresh, context={"now": timezone.now()}).data,
                        status=status.HTTP_201_CREATED)


class DirectMatchCancelApi(LettingsApi):
    """Call off a match before the offer, with a ``reason``; the home is ready to let again.
    While it waits for a manager, only the officer who proposed it or a manager may (400
    otherwise); once offered it cannot be cancelled (409)."""

    permission_classes = [IsDirectMatchStaff]

    @extend_schema_serializer(component_name="DirectMatchCancel")
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(
            max_length=300, error_messages={"required": "Enter a reason",
                                            "blank": "Enter a reason",
                                            "max_length": "Give the reason in 300 characters "
                                                          "or fewer"})

    @extend_schema(request=InputSerializer,
                   responses={200: DirectMatchSerializer, **error_responses(400, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        match = _match(request.user, pk)
        data = validated(self.InputSerializer, request)
        direct_matches.direct_match_cancel(match=match, actor=request.user,
                                           reason=data["reason"])
        return Response(_out(request.user, match))
