"""API: working an advert's shortlist (``/api/v1/adverts/{id}/shortlist/``,
``/api/v1/shortlist-entries/{id}/…``; DOMAIN.md §3.12, §4.7, §4.10, §5.2 steps 5–8).

Who may use it: lettings staff (officers, managers, administrators) only. Applicants, medical
advisers and registered provider users are refused (403); anonymous callers 401/403.

An advert the caller may not see is a 404. An entry on a restricted case the caller may not see
is listed without its application reference (so the order still reads true) and is a 404 for
every action. Writes go through ``lettings.services.shortlisting`` and
``lettings.services.offers``; every one is atomic and recorded in the entry's history. A bidder
whose place is settled (bypassed, offered, …), a home already under offer and an applicant
already under offer are conflicts (409).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from applications.policies import applications_visible_to
from housing.approvals.models import ApprovalRequest
from lettings import policies
from lettings.api.common import MAX_ID, LettingsApi, error_responses, not_found, validated
from lettings.api.serializers import (
    ApprovalPendingSerializer,
    OfferSerializer,
    ShortlistEntrySerializer,
)
from lettings.models import Offer, ShortlistEntry
from lettings.rules.bypass import BYPASS_REASONS, CHECK_CODES
from lettings.services import offers, shortlisting

# A viewing or deadline further ahead than this is a typing mistake (and would overflow).
FURTHEST_VIEWING = dt.timedelta(days=366)


@extend_schema_field({
    "type": "string",
    "description": "A bypass reason code, one of: " + ", ".join(r.code for r in BYPASS_REASONS)
    + "."})
class BypassCodeField(serializers.ChoiceField):
    """Documented as a string listing its values rather than an enum component, so that a
    generic "code" enum name is not claimed for the whole API."""


class IsLettingsStaff(BasePermission):
    """Lettings staff only (``policies.is_lettings_staff``)."""

    message = "Only lettings staff can work shortlists."

    def has_permission(self, request: Any, view: Any) -> bool:
        return policies.is_lettings_staff(request.user)


def _entries(user: Any) -> QuerySet[ShortlistEntry]:
    """Entries on adverts the user may see, with their offer's id."""
    return (ShortlistEntry.objects.filter(advert__in=policies.adverts_visible_to(user))
            .select_related("bid", "bid__application").annotate(offer_pk=F("offer__pk")))


def entry_row(entry: ShortlistEntry, *, visible: bool) -> dict[str, Any]:
    """An entry as ``ShortlistEntrySerializer`` shows it (``entry`` from ``_entries``)."""
    snapshot = entry.bid.snapshot or {}
    result = entry.verification_result or {}
    return {
        "id": entry.pk, "rank": entry.rank,
        "application": entry.bid.application.reference if visible else None,
        "band": snapshot.get("band") or None,
        "effective_date": snapshot.get("effective_date") or None,
        "registration_date": snapshot.get("registration_date") or None,
        "status": entry.status, "status_display": entry.get_status_display(),
        "bypass_reason": entry.bypass_reason_code, "bypass_note": entry.bypass_note,
        "contacted_at": entry.contacted_at, "contact_deadline": entry.contact_deadline,
        "checks": {code: bool(check.get("passed")) for code, check in result.items()},
        "verified": entry.verified_at is not None,
        "offer": getattr(entry, "offer_pk", None),
    }


def _out(user: Any, entry: ShortlistEntry) -> dict[str, Any]:
    fresh = _entries(user).get(pk=entry.pk)
    return dict(ShortlistEntrySerializer(entry_row(fresh, visible=True)).data)


def _workable_entry(user: Any, pk: int) -> ShortlistEntry:
    """An entry on a case the user may work, else 404."""
    entry = (_entries(user).filter(bid__application__in=applications_visible_to(user))
             .filter(pk=pk).first()) if pk <= MAX_ID else None
    if entry is None:
        raise not_found("shortlist entry")
    return entry


class ShortlistApi(LettingsApi):
    """Lettings staff only: an advert's shortlist in rank order (empty until bidding closes),
    each entry with the priority snapshot taken at close, its status, any bypass and its
    verification, and the offer made to it if any."""

    permission_classes = [IsLettingsStaff]

    @extend_schema(operation_id="v1_adverts_shortlist",
                   responses={200: ShortlistEntrySerializer(many=True),
                              **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        advert = (policies.adverts_visible_to(request.user).filter(pk=pk).first()
                  if pk <= MAX_ID else None)
        if advert is None:
            raise not_found("advert")
        entries = list(_entries(request.user).filter(advert=advert).order_by("rank"))
        visible = set(applications_visible_to(request.user)
                      .filter(pk__in=[e.bid.application_id for e in entries])
                      .values_list("pk", flat=True))
        rows = [entry_row(e, visible=e.bid.application_id in visible) for e in entries]
        return Response(ShortlistEntrySerializer(rows, many=True).data)


class EntryBypassApi(LettingsApi):
    """Lettings staff only: pass over a bidder with a reason code (§4.7) and a note (both
    required). 200 with the entry; 202 with the approval request when the reason needs a
    manager (a sensitive-let risk, a discretionary reason): the bypass happens when a manager
    approves it."""

    permission_classes = [IsLettingsStaff]

    @extend_schema_serializer(component_name="ShortlistBypass")
    class InputSerializer(serializers.Serializer):
        code = BypassCodeField(
            choices=[(reason.code, reason.label) for reason in BYPASS_REASONS],
            error_messages={"required": "Choose a reason from the list",
                            "invalid_choice": "Choose a reason from the list"})
        note = serializers.CharField(
            max_length=4000, help_text="Why, in words the applicant could be shown.",
            error_messages={"required": "Explain why, in a note the applicant could be shown",
                            "blank": "Explain why, in a note the applicant could be shown"})

    @extend_schema(request=InputSerializer,
                   responses={200: ShortlistEntrySerializer, 202: ApprovalPendingSerializer,
                              **error_responses(400, 403, 404, 409)},
                   examples=[OpenApiExample("Bypass", request_only=True, value={
                       "code": "NO_CONTACT_WITHIN_DEADLINE",
                       "note": "Phoned twice and emailed; no answer within 48 hours."})])
    def post(self, request: Request, pk: int) -> Response:
        entry = _workable_entry(request.user, pk)
        data = validated(self.InputSerializer, request)
        result = shortlisting.shortlist_bypass(entry=entry, actor=request.user,
                                               code=data["code"], note=data["note"])
        if isinstance(result, ApprovalRequest):
            return Response(ApprovalPendingSerializer(
                {"approval": result.pk, "status": result.status}).data,
                status=status.HTTP_202_ACCEPTED)
        return Response(_out(request.user, result))


class EntryVerifyApi(LettingsApi):
    """Lettings staff only: record verification checks (``identity``, ``eligibility``,
    ``household``, ``debt``, ``readiness``), each passed or not, with a note. When every
    check has passed the entry is ``verified``."""

    permission_classes = [IsLettingsStaff]

    @extend_schema_serializer(component_name="ShortlistVerify")
    class InputSerializer(serializers.Serializer):
        checks = serializers.DictField(
            child=serializers.BooleanField(), allow_empty=False,
            help_text="Check code → whether it passed. Codes: " + ", ".join(CHECK_CODES) + ".",
            error_messages={"required": "Choose the checks you made",
                            "empty": "Choose at least one check from the list"})
        note = serializers.CharField(required=False, allow_blank=True, max_length=4000,
                                     default="")

        def validate_checks(self, value: dict[str, bool]) -> dict[str, bool]:
            unknown = sorted(set(value) - set(CHECK_CODES))
            if unknown:
                raise serializers.ValidationError(
                    f"There is no check called {', '.join(unknown)}. Checks: "
                    f"{', '.join(CHECK_CODES)}")
            return value

    @extend_schema(request=InputSerializer,
                   responses={200: ShortlistEntrySerializer,
                              **error_responses(400, 403, 404, 409)},
                   examples=[OpenApiExample("Checks", request_only=True, value={
                       "checks": {"identity": True, "eligibility": True, "household": True,
                                  "debt": True, "readiness": True},
                       "note": "Seen passports; household unchanged."})])
    def post(self, request: Request, pk: int) -> Response:
        entry = _workable_entry(request.user, pk)
        data = validated(self.InputSerializer, request)
        entry = shortlisting.shortlist_verify(entry=entry, actor=request.user,
                                              checks=data["checks"], note=data["note"])
        return Response(_out(request.user, entry))


class EntryContactApi(LettingsApi):
    """Lettings staff only: record that the bidder was contacted, with a note and how many
    hours they have to reply (1 to 336; default 48)."""

    permission_classes = [IsLettingsStaff]

    @extend_schema_serializer(component_name="ShortlistContact")
    class InputSerializer(serializers.Serializer):
        note = serializers.CharField(required=False, allow_blank=True, max_length=4000,
                                     default="")
        respond_within_hours = serializers.IntegerField(
            required=False, default=48, min_value=1, max_value=24 * 14,
            error_messages={"invalid": "Give the hours to reply as a whole number",
                            "min_value": "Give between 1 hour and 14 days to reply",
                            "max_value": "Give between 1 hour and 14 days to reply"})

    @extend_schema(request=InputSerializer,
                   responses={200: ShortlistEntrySerializer,
                              **error_responses(400, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        entry = _workable_entry(request.user, pk)
        data = validated(self.InputSerializer, request)
        entry = shortlisting.shortlist_contact(
            entry=entry, actor=request.user, note=data["note"],
            respond_within_hours=data["respond_within_hours"])
        return Response(_out(request.user, entry))


def validate_viewing(value: dt.datetime | None) -> dt.datetime | None:
    """A viewing within the next year (a later one is a typing mistake)."""
    if value is not None and value > timezone.now() + FURTHEST_VIEWING:
        raise serializers.ValidationError("The viewing must be within the next year")
    return value


class EntryOfferApi(LettingsApi):
    """Lettings staff only: offer the home to this bidder (201 with the offer). The bid is
    checked again first; housing debt over the threshold without a manager's override stops
    the offer (409). One live offer per home and per applicant: a second is a 409."""

    permission_classes = [IsLettingsStaff]

    @extend_schema_serializer(component_name="OfferCreate")
    class InputSerializer(serializers.Serializer):
        viewing_at = serializers.DateTimeField(
            required=False, allow_null=True, default=None,
            help_text="When the viewing is (ISO 8601). Without one, the applicant has the "
                      "scheme's days to view and answer.",
            error_messages={"invalid": "Enter the viewing time as a date and time, like "
                                       "2026-11-25T14:30:00+00:00"})
        is_final_offer = serializers.BooleanField(required=False, default=False)

        def validate_viewing_at(self, value: dt.datetime | None) -> dt.datetime | None:
            return validate_viewing(value)

    @extend_schema(request=InputSerializer,
                   responses={201: OfferSerializer, **error_responses(400, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        entry = _workable_entry(request.user, pk)
        data = validated(self.InputSerializer, request)
        offer = offers.offer_make(entry=entry, actor=request.user, viewing_at=data["viewing_at"],
                                  is_final_offer=data["is_final_offer"])
        fresh = (Offer.objects.select_related("application", "property", "property__landlord")
                 .get(pk=offer.pk))
        return Response(OfferSerializer(fresh, context={"now": timezone.now()}).data,
                        status=status.HTTP_201_CREATED)
