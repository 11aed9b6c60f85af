"""API: homes and voids (``/api/v1/properties/…``, ``/api/v1/voids/…``; DOMAIN.md §3.8, §3.9,
§5.10).

Who may use it: lettings staff (officers, managers, administrators) for all stock, and a
registered provider's users for the homes their organisation owns or manages, and those homes'
voids. Applicants and medical advisers are refused (403). A home or void the caller may not see
is a 404 (and in a request body, refused exactly as one that does not exist), so ids cannot be
probed. A provider user adds homes only for their own organisation (the landlord defaults to
it); naming another organisation as both owner and manager is a 403.

Writes go through ``lettings.services.stock``; every write is atomic and recorded in the
home's or void's history.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from housing.accounts.models import Organisation
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
from lettings.api.permissions import CanManageStock
from lettings.api.serializers import MANUAL_VOID_STATUSES, OrganisationRefSerializer
from lettings.models import MobilityCategory, Property, Void
from lettings.services import stock

POSTCODE = r"^\s*[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\s*$"


class OrganisationCodeField(serializers.CharField):
    """An organisation given by its code (case does not matter); the value is the
    Organisation."""

    def to_internal_value(self, data: Any) -> Organisation:  # type: ignore[override]
        code = super().to_internal_value(data)
        organisation = (Organisation.objects.filter(code__iexact=code, is_active=True).first()
                        if len(code) <= 20 else None)
        if organisation is None:
            raise serializers.ValidationError(f"There is no organisation with the code "
                                              f"“{code}”.")
        return organisation

    def to_representation(self, value: Any) -> str:
        return str(value.code)


def _money_errors(what: str) -> dict[str, Any]:
    return {"required": f"Enter the {what}", "min_value": f"The {what} cannot be less than £0",
            "invalid": f"Enter the {what} in pounds and pence, like 110.50",
            "max_digits": f"The {what} must be less than £100,000",
            "max_whole_digits": f"The {what} must be less than £100,000",
            "max_decimal_places": f"Enter the {what} to the nearest penny"}


def _int_errors(what: str) -> dict[str, Any]:
    return {"required": f"Enter the {what}", "invalid": f"Enter the {what} as a whole number"}


# --- Homes ----------------------------------------------------------------------------------------

@extend_schema_serializer(component_name="Property")
class PropertySerializer(serializers.ModelSerializer):
    landlord = OrganisationRefSerializer()
    managing_org = OrganisationRefSerializer(allow_null=True)
    landlord_type = serializers.CharField(help_text="LA (the council's own) or PRP.")
    weekly_total = serializers.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        model = Property
        fields = ["id", *stock.PROPERTY_FIELDS, "landlord_type", "weekly_total", "created_at",
                  "updated_at"]


@extend_schema_serializer(component_name="PropertyWrite")
class PropertyInputSerializer(serializers.Serializer):
    """A home's details. On create, ``reference``, the address, ``property_type``,
    ``bedrooms``, ``bedspaces`` and ``weekly_rent`` are required, and ``landlord`` too for
    lettings staff (provider users default to their own organisation). PATCH takes any
    subset."""

    reference = serializers.CharField(max_length=20, error_messages={
        "required": "Enter the home's reference", "blank": "Enter the home's reference"})
    uprn = serializers.RegexField(
        r"^\d{1,12}$", required=False, allow_null=True, allow_blank=True,
        error_messages={"invalid": "A UPRN is a number of up to 12 digits"})
    address_line_1 = serializers.CharField(max_length=200, error_messages={
        "required": "Enter the first line of the address",
        "blank": "Enter the first line of the address"})
    address_line_2 = serializers.CharField(max_length=200, required=False, allow_blank=True)
    town = serializers.CharField(max_length=100, error_messages={
        "required": "Enter the town", "blank": "Enter the town"})
    postcode = serializers.RegexField(POSTCODE, max_length=10, error_messages={
        "required": "Enter the postcode", "blank": "Enter the postcode",
        "invalid": "Enter a full postcode, like BF1 2AB"})
    area = serializers.CharField(max_length=100, required=False, allow_blank=True)
    landlord = OrganisationCodeField(required=False,
                                     help_text="The owning organisation's code.")
    managing_org = OrganisationCodeField(required=False, allow_null=True,
                                         help_text="The managing organisation's code (null: the "
                                                   "owner manages it).")
    property_type = serializers.ChoiceField(choices=Property.Type.choices, error_messages={
        "required": "Choose the type of home"})
    bedrooms = serializers.IntegerField(min_value=0, max_value=20,
                                        error_messages=_int_errors("number of bedrooms"))
    bedspaces = serializers.IntegerField(min_value=1, max_value=50,
                                         error_messages=_int_errors("number of bedspaces"))
    min_occupancy = serializers.IntegerField(required=False, min_value=1, max_value=50)
    floor_level = serializers.IntegerField(required=False, min_value=-5, max_value=100,
                                           help_text="0 is the ground floor.")
    has_lift = serializers.BooleanField(required=False)
    steps_to_entrance = serializers.IntegerField(required=False, min_value=0, max_value=500)
    mobility_category = serializers.ChoiceField(choices=MobilityCategory.choices,
                                                required=False, allow_blank=True)
    adaptations = serializers.ListField(child=serializers.CharField(max_length=100),
                                        max_length=30, required=False)
    designation = serializers.ChoiceField(choices=Property.Designation.choices, required=False)
    min_age = serializers.IntegerField(required=False, allow_null=True, min_value=16,
                                       max_value=100)
    rent_type = serializers.ChoiceField(choices=Property.RentType.choices, required=False)
    weekly_rent = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=Decimal("0"),
                                           error_messages=_money_errors("weekly rent"))
    service_charge = serializers.DecimalField(max_digits=7, decimal_places=2,
                                              min_value=Decimal("0"), required=False,
                                              error_messages=_money_errors("service charge"))
    tenancy_type_offered = serializers.ChoiceField(choices=Property.TenancyType.choices,
                                                   required=False, allow_blank=True)
    is_first_let = serializers.BooleanField(required=False)
    sensitive_let = serializers.BooleanField(required=False)
    pet_policy = serializers.ChoiceField(choices=Property.PetPolicy.choices, required=False,
                                         allow_blank=True)
    has_garden = serializers.BooleanField(required=False)
    parking = serializers.CharField(max_length=100, required=False, allow_blank=True)
    council_tax_band = serializers.ChoiceField(choices=list("ABCDEFGH"), required=False,
                                               allow_blank=True)
    epc_rating = serializers.ChoiceField(choices=list("ABCDEFG"), required=False,
                                         allow_blank=True)

    def validate_postcode(self, value: str) -> str:
        return " ".join(value.upper().split())

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        prop: Property | None = self.context.get("property")

        def value(name: str, default: Any = None) -> Any:
            return attrs[name] if name in attrs else getattr(prop, name, default)

        errors: dict[str, list[str]] = {}
        bedrooms, bedspaces = value("bedrooms"), value("bedspaces")
        if bedrooms is not None and bedspaces is not None and bedspaces < bedrooms:
            errors["bedspaces"] = [f"A home with {bedrooms} bedrooms has at least {bedrooms} "
                                   f"bedspaces"]
        least = value("min_occupancy", 1)
        if bedspaces is not None and least is not None and least > bedspaces:
            errors["min_occupancy"] = ["The fewest people who may live here cannot be more "
                                       "than the bedspaces"]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


def _require_own_organisation(user: Any, landlord: Organisation | None,
                              manager: Organisation | None) -> None:
    """A provider user may hold only homes their organisation owns or manages: naming another
    organisation as both is refused outright (the service would refuse it too)."""
    if policies.is_lettings_staff(user):
        return
    mine = user.organisation_id
    if (landlord is None or landlord.pk != mine) and (manager is None or manager.pk != mine):
        raise exceptions.PermissionDenied("You can only add or change homes your organisation "
                                          "owns or manages.")


def _properties(user: Any) -> QuerySet[Property]:
    return policies.properties_visible_to(user).select_related("landlord", "managing_org")


def _property(user: Any, pk: int) -> Property:
    prop = _properties(user).filter(pk=pk).first() if pk <= MAX_ID else None
    if prop is None:
        raise not_found("home")
    return prop


class PropertyListCreateApi(LettingsApi):
    """Lettings staff: all homes; registered provider users: their own organisation's.
    ``GET`` lists them (filter by ``landlord`` code, ``property_type``, ``bedrooms``,
    ``area``); ``POST`` adds one (201). Everyone else: 403."""

    permission_classes = [CanManageStock]
    pagination_class = Pagination

    @extend_schema_serializer(component_name="PropertyListFilter")
    class FilterSerializer(serializers.Serializer):
        landlord = serializers.CharField(required=False, allow_blank=True, max_length=20)
        property_type = serializers.ChoiceField(choices=Property.Type.choices, required=False,
                                                allow_blank=True)
        bedrooms = serializers.IntegerField(required=False, min_value=0, max_value=20)
        area = serializers.CharField(required=False, allow_blank=True, max_length=100)

    @extend_schema(parameters=[FilterSerializer],
                   responses={200: PropertySerializer(many=True), **error_responses(400, 403)})
    def get(self, request: Request) -> Response:
        f = validated(self.FilterSerializer, request, data=request.query_params)
        queryset = _properties(request.user).order_by("reference")
        if f.get("landlord"):
            queryset = queryset.filter(landlord__code__iexact=f["landlord"])
        if f.get("property_type"):
            queryset = queryset.filter(property_type=f["property_type"])
        if f.get("bedrooms") is not None:
            queryset = queryset.filter(bedrooms=f["bedrooms"])
        if f.get("area"):
            queryset = queryset.filter(area__iexact=f["area"].strip())
        paginator, page = paginate(self, request, queryset)
        return paginator.get_paginated_response(PropertySerializer(page, many=True).data)

    @extend_schema(request=PropertyInputSerializer,
                   responses={201: PropertySerializer, **error_responses(400, 403, 409)})
    def post(self, request: Request) -> Response:
        user: Any = request.user
        data = validated(PropertyInputSerializer, request)
        staff = policies.is_lettings_staff(user)
        if staff and "landlord" not in data:
            raise serializers.ValidationError(
                {"landlord": ["Enter the code of the organisation that owns the home"]})
        if not staff:
            own = Organisation.objects.get(pk=user.organisation_id)
            _require_own_organisation(user, data.get("landlord", own), data.get("managing_org"))
        prop = stock.property_create(actor=user, data=data)
        return Response(PropertySerializer(_property(user, prop.pk)).data,
                        status=status.HTTP_201_CREATED)


class PropertyDetailApi(LettingsApi):
    """Lettings staff (any home) and provider users (their own organisation's): ``GET`` one
    home; ``PATCH`` any of its details. A home the caller cannot see is a 404."""

    permission_classes = [CanManageStock]

    @extend_schema(responses={200: PropertySerializer, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(PropertySerializer(_property(request.user, pk)).data)

    @extend_schema(request=PropertyInputSerializer,
                   responses={200: PropertySerializer, **error_responses(400, 403, 404, 409)})
    def patch(self, request: Request, pk: int) -> Response:
        prop = _property(request.user, pk)
        data = validated(PropertyInputSerializer, request, partial=True, property=prop)
        _require_own_organisation(request.user, data.get("landlord", prop.landlord),
                                  data.get("managing_org", prop.managing_org))
        stock.property_update(prop=prop, actor=request.user, data=data)
        return Response(PropertySerializer(_property(request.user, pk)).data)


# --- Voids ----------------------------------------------------------------------------------------

@extend_schema_serializer(component_name="VoidHome")
class VoidHomeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    address = serializers.CharField()
    landlord = serializers.CharField(source="landlord.code")


@extend_schema_serializer(component_name="Void")
class VoidSerializer(serializers.ModelSerializer):
    property = VoidHomeSerializer()
    # Plain strings, not enums: another component's "status" enum keeps its name that way.
    status = serializers.CharField(help_text="The void's stage (see ``status_display``).")
    status_display = serializers.CharField(source="get_status_display")
    notified_by = serializers.CharField(source="notified_by.code", allow_null=True, default=None)
    void_days = serializers.SerializerMethodField()
    rent_loss = serializers.SerializerMethodField()
    next_statuses = serializers.SerializerMethodField()

    class Meta:
        model = Void
        fields = ["id", "property", "status", "status_display", *stock.VOID_FIELDS,
                  "advertised_date", "let_date", "times_offered", "end_reason", "notified_by",
                  "void_days", "rent_loss", "next_statuses", "created_at", "updated_at"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_void_days(self, void: Void) -> int | None:
        return void.void_days(timezone.localdate())

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2,
                                                  allow_null=True))
    def get_rent_loss(self, void: Void) -> str | None:
        loss = void.rent_loss(timezone.localdate())
        return None if loss is None else f"{loss:.2f}"

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_next_statuses(self, void: Void) -> list[str]:
        """The statuses this void may be moved to through ``…/transition/``."""
        return [s.value for s in MANUAL_VOID_STATUSES if void.can_move_to(s)]


@extend_schema_field({
    "type": "string",
    "description": "One of: " + ", ".join(s.value for s in MANUAL_VOID_STATUSES) + "."})
class _VoidStatusField(serializers.ChoiceField):
    """Documented as a string listing its values, not as an enum: every enum component is
    named after its field, and a second "status" enum would rename the register's."""


def _date_errors(what: str) -> dict[str, Any]:
    return {"invalid": f"Enter the {what} as a real date, like 2026-03-31"}


@extend_schema_serializer(component_name="VoidWrite")
class VoidInputSerializer(serializers.Serializer):
    """A void's details. On create ``reason_vacant`` is required; PATCH takes any subset."""

    reason_vacant = serializers.ChoiceField(choices=Void.ReasonVacant.choices, error_messages={
        "required": "Choose why the home is empty"})
    void_type = serializers.ChoiceField(choices=Void.VoidType.choices, required=False)
    notice_received_date = serializers.DateField(
        required=False, allow_null=True, error_messages=_date_errors("date notice was received"))
    tenancy_end_date = serializers.DateField(
        required=False, allow_null=True, error_messages=_date_errors("tenancy end date"))
    keys_returned_date = serializers.DateField(
        required=False, allow_null=True, error_messages=_date_errors("date the keys came back"))
    works_ordered_date = serializers.DateField(
        required=False, allow_null=True, error_messages=_date_errors("date works were ordered"))
    works_completed_date = serializers.DateField(
        required=False, allow_null=True,
        error_messages=_date_errors("date works were completed"))
    works_description = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    target_ready_date = serializers.DateField(
        required=False, allow_null=True, error_messages=_date_errors("target ready date"))
    ready_to_let_date = serializers.DateField(
        required=False, allow_null=True, error_messages=_date_errors("ready-to-let date"))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        void: Void | None = self.context.get("void")

        def value(name: str) -> Any:
            return attrs[name] if name in attrs else getattr(void, name, None)

        ordered, completed = value("works_ordered_date"), value("works_completed_date")
        if ordered and completed and completed < ordered:
            raise serializers.ValidationError({"works_completed_date": [
                "The works cannot be completed before they were ordered"]})
        return attrs


@extend_schema_serializer(component_name="VoidCreate")
class VoidCreateSerializer(VoidInputSerializer):
    property = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The home's id.",
        error_messages={"required": "Say which home is empty",
                        "invalid": "Give the home's id as a number",
                        "min_value": "There is no home with that id.",
                        "max_value": "There is no home with that id."})


def _voids(user: Any) -> QuerySet[Void]:
    return (policies.voids_visible_to(user)
            .select_related("property", "property__landlord", "notified_by"))


def _void(user: Any, pk: int) -> Void:
    void = _voids(user).filter(pk=pk).first() if pk <= MAX_ID else None
    if void is None:
        raise not_found("void")
    return void


class VoidListCreateApi(LettingsApi):
    """Lettings staff: all voids; provider users: their own organisation's homes' voids.
    ``GET`` lists them, newest first (filter by ``status`` and ``property`` id); ``POST``
    records a new void on a home (201; 409 if the home already has an open void). A home the
    caller cannot see is refused as if it did not exist. Everyone else: 403."""

    permission_classes = [CanManageStock]
    pagination_class = Pagination

    @extend_schema_serializer(component_name="VoidListFilter")
    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=Void.Status.choices, required=False,
                                         allow_blank=True)
        property = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    @extend_schema(parameters=[FilterSerializer],
                   responses={200: VoidSerializer(many=True), **error_responses(400, 403)})
    def get(self, request: Request) -> Response:
        f = validated(self.FilterSerializer, request, data=request.query_params)
        queryset = _voids(request.user).order_by("-created_at", "-pk")
        if f.get("status"):
            queryset = queryset.filter(status=f["status"])
        if f.get("property"):
            queryset = queryset.filter(property_id=f["property"])
        paginator, page = paginate(self, request, queryset)
        return paginator.get_paginated_response(VoidSerializer(page, many=True).data)

    @extend_schema(request=VoidCreateSerializer,
                   responses={201: VoidSerializer, **error_responses(400, 403, 409)})
    def post(self, request: Request) -> Response:
        data = validated(VoidCreateSerializer, request)
        prop = policies.properties_visible_to(request.user).filter(pk=data.pop("property")).first()
        if prop is None:
            raise serializers.ValidationError({"property": ["There is no home with that id."]})
        void = stock.void_create(prop=prop, actor=request.user, data=data)
        return Response(VoidSerializer(_void(request.user, void.pk)).data,
                        status=status.HTTP_201_CREATED)


class VoidDetailApi(LettingsApi):
    """Lettings staff (any void) and provider users (their own homes' voids): ``GET`` one
    void with its void days and rent loss so far; ``PATCH`` its dates, works and reason (409
    once the void is finished). A void the caller cannot see is a 404."""

    permission_classes = [CanManageStock]

    @extend_schema(responses={200: VoidSerializer, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(VoidSerializer(_void(request.user, pk)).data)

    @extend_schema(request=VoidInputSerializer,
                   responses={200: VoidSerializer, **error_responses(400, 403, 404, 409)})
    def patch(self, request: Request, pk: int) -> Response:
        void = _void(request.user, pk)
        data = validated(VoidInputSerializer, request, partial=True, void=void)
        stock.void_update(void=void, actor=request.user, data=data)
        return Response(VoidSerializer(_void(request.user, pk)).data)


class VoidTransitionApi(LettingsApi):
    """Lettings staff and provider users (their own homes' voids): move a void on — to
    vacant, in works, ready to let, nomination requested, direct match, or end it (withdrawn
    or disposal, which need a ``reason``). ``date`` is when it happened (default today; not in
    the future) and is recorded as the stage's date if none is recorded yet. A move the
    lifecycle does not allow is a 409. "Advertised", "offered" and "let" are recorded by
    publishing an advert, making an offer and signing a tenancy, not here."""

    permission_classes = [CanManageStock]

    @extend_schema_serializer(component_name="VoidTransition")
    class InputSerializer(serializers.Serializer):
        status = _VoidStatusField(
            choices=[(s.value, s.label) for s in MANUAL_VOID_STATUSES],
            error_messages={"required": "Choose the void's new status"})
        reason = serializers.CharField(required=False, allow_blank=True, max_length=300,
                                       default="")
        date = serializers.DateField(required=False, allow_null=True, default=None,
                                     error_messages=_date_errors("date"))

        def validate_date(self, value: dt.date | None) -> dt.date | None:
            if value is not None and value > timezone.localdate():
                raise serializers.ValidationError("The date cannot be in the future")
            return value

    @extend_schema(request=InputSerializer,
                   responses={200: VoidSerializer, **error_responses(400, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        void = _void(request.user, pk)
        data = validated(self.InputSerializer, request)
        stock.void_transition(void=void, to=data["status"], actor=request.user, on=data["date"],
                              reason=data["reason"])
        return Response(VoidSerializer(_void(request.user, pk)).data)
