"""API: the public bedroom-need calculator (DOMAIN.md §4.5.1)."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from applications.rules.bedroom_need import (
    MAX_HOUSEHOLD,
    BedroomRules,
    Occupant,
    age_on,
    bedroom_need,
)
from housing.core.exceptions import ApplicationError
from housing.scheme.selectors import scheme_in_force

RELATIONSHIPS = ("applicant", "partner", "child", "other")
MAX_AGE = 130
DUE_WITHIN_MONTHS = 10


def _add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months (the 31st becomes the month's last day); date.max on overflow."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > dt.MAXYEAR:
        return dt.date.max
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _flat_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as flat paths: ``members[1].date_of_birth``."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            if isinstance(key, int):
                path = f"{prefix}[{key}]"
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            out.update(_flat_errors(value, path))
        return out
    if isinstance(detail, list) and detail and isinstance(detail[0], dict | list):
        out = {}
        for index, item in enumerate(detail):
            out.update(_flat_errors(item, f"{prefix}[{index}]"))
        return out
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(m) for m in messages]}


class _MemberList(serializers.ListSerializer):
    """The members list, with its size checked before any member is read."""

    def to_internal_value(self, data: Any) -> list[dict[str, Any]]:
        if not isinstance(data, list):
            raise serializers.ValidationError(["Give the household members as a list."])
        if not data:
            raise serializers.ValidationError(["Add at least one household member."])
        if len(data) > MAX_HOUSEHOLD:
            raise serializers.ValidationError(
                [f"A household can have at most {MAX_HOUSEHOLD} members."])
        return super().to_internal_value(data)  # type: ignore[no-any-return]


@extend_schema_serializer(component_name="BedroomNeedMember")
class MemberSerializer(serializers.Serializer):
    """One member of the household (or an expected baby)."""

    date_of_birth = serializers.DateField(required=False, allow_null=True)
    due_date = serializers.DateField(
        required=False, allow_null=True,
        help_text="For an expected baby, instead of date_of_birth.")
    sex = serializers.ChoiceField(choices=["female", "male"], required=False,
                                  allow_null=True)
    relationship = serializers.ChoiceField(
        choices=RELATIONSHIPS,
        help_text='To the applicant; "partner" is the applicant\'s partner.')
    partner_of = serializers.IntegerField(
        required=False, allow_null=True,
        help_text="Index (from 0) of the member this person is a couple with. One side of "
                  "the couple is enough.")

    class Meta:
        list_serializer_class = _MemberList

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        born, due = attrs.get("date_of_birth"), attrs.get("due_date")
        if born is None and due is None:
            raise serializers.ValidationError(
                {"date_of_birth": ["Give a date of birth, or a due date for an expected "
                                   "baby."]})
        if born is not None and due is not None:
            raise serializers.ValidationError(
                {"due_date": ["Give a date of birth or a due date, not both."]})
        return attrs


class BedroomNeedApi(APIView):
    """Public. How many bedrooms a household needs under the allocation scheme in force, with
    the reasons in plain English (DOMAIN.md §4.5.1). No sign-in needed and nothing is stored.

    Members are numbered from 0 in ``partner_of`` and in error keys
    (``members[1].date_of_birth``); the reasons call the applicant "you", the applicant's partner
    "your partner" and anyone else "member N" counting from 1, with their age.
    """

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema_serializer(component_name="BedroomNeedHousehold")
    class InputSerializer(serializers.Serializer):
        on = serializers.DateField(required=False, allow_null=True,
                                   help_text="Calculation date; default today (UK time).")
        members = MemberSerializer(many=True)

        def to_internal_value(self, data: Any) -> dict[str, Any]:
            try:
                return super().to_internal_value(data)  # type: ignore[no-any-return]
            except serializers.ValidationError as exc:
                raise serializers.ValidationError(_flat_errors(exc.detail)) from None

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            on = attrs.get("on") or timezone.localdate()
            attrs["on"] = on
            members: list[dict[str, Any]] = attrs["members"]
            errors: dict[str, list[str]] = {}

            def refuse(index: int, field: str, message: str) -> None:
                errors.setdefault(f"members[{index}].{field}", []).append(message)

            latest_due = _add_months(on, DUE_WITHIN_MONTHS)
            for index, member in enumerate(members):
                born, due = member.get("date_of_birth"), member.get("due_date")
                if born is not None and born > on:
                    refuse(index, "date_of_birth", "The date of birth cannot be after the "
                                                   f"calculation date ({on.isoformat()}).")
                elif born is not None and age_on(born, on) > MAX_AGE:
                    refuse(index, "date_of_birth", "Check the date of birth: it makes this "
                                                   f"person older than {MAX_AGE}.")
                if due is not None and due < on:
                    refuse(index, "due_date", "The due date has passed: give the baby's date "
                                              "of birth instead.")
                elif due is not None and due > latest_due:
                    refuse(index, "due_date", "The due date must be within "
                                              f"{DUE_WITHIN_MONTHS} months of the calculation "
                                              "date.")

                if due is not None and member["relationship"] in ("applicant", "partner"):
                    refuse(index, "due_date", "Only a child or other member can be an expected "
                                              "baby: give the date of birth.")

            applicants = [i for i, m in enumerate(members) if m["relationship"] == "applicant"]
            for index in applicants[1:]:
                refuse(index, "relationship", "Only one member can be the applicant.")
            partners: dict[int, int] = {}
            for index, member in enumerate(members):
                other = member.get("partner_of")
                if other is None:
                    continue
                if not 0 <= other < len(members):
                    refuse(index, "partner_of", f"There is no member {other}: members are "
                                                f"numbered from 0 to {len(members) - 1}.")
                elif other == index:
                    refuse(index, "partner_of", "A member cannot be their own partner.")
                elif members[index].get("date_of_birth") is None or members[other].get(
                        "date_of_birth") is None:
                    refuse(index, "partner_of", "An expected baby cannot be a partner.")
                elif partners.get(index, other) != other:
                    refuse(index, "partner_of", "This member is already the partner of member "
                                                f"{partners[index]}.")
                elif partners.get(other, index) != index:
                    refuse(index, "partner_of", f"Member {other} is already the partner of "
                                                f"member {partners[other]}.")
                else:
                    partners[index] = other
                    partners[other] = index
            said_partner = [i for i, m in enumerate(members) if m["relationship"] == "partner"]
            for index in said_partner[1:]:
                refuse(index, "relationship", "Only one member can be the applicant's partner.")
            if said_partner and not errors:
                index = said_partner[0]
                if not applicants:
                    refuse(index, "relationship", "A partner needs an applicant: mark one member "
                                                  'as "applicant".')
                elif partners.get(index, applicants[0]) != applicants[0]:
                    refuse(index, "partner_of", "The applicant's partner must be the partner of "
                                                "the applicant.")
                elif partners.get(applicants[0], index) != index:
                    refuse(index, "relationship", "The applicant already has a partner: member "
                                                  f"{partners[applicants[0]]}.")
                else:
                    partners[index] = applicants[0]
                    partners[applicants[0]] = index
            if errors:
                raise serializers.ValidationError(errors)
            attrs["partners"] = partners
            return attrs

    @extend_schema_serializer(component_name="BedroomNeed")
    class OutputSerializer(serializers.Serializer):
        bedrooms = serializers.IntegerField()
        eligible_sizes = serializers.ListField(
            child=serializers.IntegerField(),
            help_text="Bedroom counts of homes the household may bid for (0 = studio).")
        reasons = serializers.ListField(child=serializers.CharField())
        scheme_version = serializers.CharField()

    @extend_schema(
        request=InputSerializer, responses={200: OutputSerializer},
        examples=[OpenApiExample("A couple with three children", request_only=True, value={
            "on": "2026-06-15",
            "members": [
                {"date_of_birth": "1990-03-01", "relationship": "applicant", "sex": "female"},
                {"date_of_birth": "1988-07-12", "relationship": "partner", "partner_of": 0,
                 "sex": "male"},
                {"date_of_birth": "2014-01-20", "relationship": "child", "sex": "male"},
                {"date_of_birth": "2018-05-02", "relationship": "child", "sex": "female"},
                {"date_of_birth": "2021-02-11", "relationship": "child", "sex": "male"},
            ]})])
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        on: dt.date = data.validated_data["on"]
        try:
            scheme = scheme_in_force(on=on)
        except ApplicationError as exc:
            raise ApplicationError(exc.message, {"on": [exc.message]}) from None
        occupants = _occupants(data.validated_data["members"], data.validated_data["partners"])
        result = bedroom_need(occupants, BedroomRules.from_scheme(scheme), on)
        return Response(self.OutputSerializer({
            "bedrooms": result.bedrooms,
            "eligible_sizes": list(result.eligible_sizes),
            "reasons": list(result.reasons),
            "scheme_version": scheme.name,
        }).data)


def _occupants(members: list[dict[str, Any]], partners: dict[int, int]) -> list[Occupant]:
    occupants = []
    applicant = next((i for i, m in enumerate(members) if m["relationship"] == "applicant"), None)
    for index, member in enumerate(members):
        is_applicant = index == applicant
        born = member.get("date_of_birth")
        partner = partners.get(index)
        # With no name the rules call the applicant "you", the applicant's partner "your
        # partner" and an expected baby "the baby due on …".
        unnamed = is_applicant or born is None or (applicant is not None and partner == applicant)
        occupants.append(Occupant(
            key=str(index),
            name="" if unnamed else f"member {index + 1}",
            date_of_birth=born,
            due_date=member.get("due_date"),
            sex=member.get("sex"),
            partner_key=None if partner is None else str(partner),
            is_applicant=is_applicant,
        ))
    return occupants
