"""API: offers of a home (``/api/v1/offers/…``; DOMAIN.md §3.13, §4.9, §5.2 steps 8–9).

Who may use it:
- applicants with a verified email: their own household's offers (list, read, accept, refuse,
  while the offer is open and its deadline has not passed);
- lettings staff (officers, managers, administrators): offers on the cases they may see
  (restricted cases only in the restricted group); they may also answer for the applicant, and
  only they assess refusals, withdraw offers and arrange viewings.
Registered provider users and medical advisers are refused (403); anonymous callers 401/403.

An offer the caller may not see is a 404. Writes go through ``lettings.services.offers``; every
one is atomic and recorded in the offer's history. Answering an offer that is no longer open, or
after its deadline, is a conflict (409), as is assessing an offer twice.
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
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from housing.accounts import policies as account_policies
from housing.core.api import Pagination
from housing.core.exceptions import ConflictError
from lettings import policies
from lettings.api.common import (
    MAX_ID,
    LettingsApi,
    error_responses,
    not_found,
    paginate,
    validated,
)
from lettings.api.serializers import OfferSerializer
from lettings.api.shortlists import IsLettingsStaff, validate_viewing
from lettings.models import LIVE_OFFER_STATUSES, Offer
from lettings.services import offers


@extend_schema_field({"type": "string", "description": "reasonable or unreasonable."})
class AssessmentField(serializers.ChoiceField):
    """Documented as a string rather than an enum component named after the field, so that a
    generic "assessment" enum name is not claimed for the whole API."""


class CanUseOffers(BasePermission):
    """Applicants (their own household's offers) and lettings staff."""

    message = "Only applicants and lettings staff can use offers."

    def has_permission(self, request: Any, view: Any) -> bool:
        return account_policies.can_use_applicant_account(request.user) or \
            policies.is_lettings_staff(request.user)


class IsOfferStaff(IsLettingsStaff):
    message = "Only lettings staff can assess, withdraw or arrange viewings for offers."


def _offers(user: Any) -> QuerySet[Offer]:
    return policies.offers_visible_to(user).select_related("application", "property",
                                                  "property__landlord")


def _offer(user: Any, pk: int) -> Offer:
    offer = _offers(user).filter(pk=pk).first() if pk <= MAX_ID else None
    if offer is None:
        raise not_found("offer")
    return offer


def _out(user: Any, offer: Offer) -> dict[str, Any]:
    return dict(OfferSerializer(_offer(user, offer.pk), context={"now": timezone.now()}).data)


def _check_applicant_may_answer(user: Any, offer: Offer) -> None:
    """An applicant answers only an open offer before its deadline (as on their offer page);
    staff answering for them are held to the service's rules."""
    if policies.is_lettings_staff(user):
        return
    problem = policies.offer_answer_problem(offer)
    if problem:
        raise ConflictError(problem, {"offer": [problem]})


class OfferListApi(LettingsApi):
    """``GET``: lettings staff see the live offers (offered, viewing arranged, viewed,
    accepted) on the cases they may see, newest first; filter by ``status`` (any status, for
    example ``refused`` to find refusals to assess) and ``application`` (reference). Applicants
    see all their own household's offers, with the same filters."""

    permission_classes = [CanUseOffers]
    pagination_class = Pagination

    @extend_schema_serializer(component_name="OfferListFilter")
    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=Offer.Status.choices, required=False,
                                         allow_blank=True)
        application = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                            help_text="An application's reference.")

    @extend_schema(
        operation_id="v1_offers_list",
        parameters=[FilterSerializer],
        responses={200: OfferSerializer(many=True), **error_responses(400, 403)})
    def get(self, request: Request) -> Response:
        f = validated(self.FilterSerializer, request, data=request.query_params)
        queryset = _offers(request.user).order_by("-offered_at", "-pk")
        if f.get("status"):
            queryset = queryset.filter(status=f["status"])
        elif policies.is_lettings_staff(request.user):
            queryset = queryset.filter(status__in=LIVE_OFFER_STATUSES)
        if f.get("application"):
            queryset = queryset.filter(application__reference=f["application"].strip())
        paginator, page = paginate(self, request, queryset)
        data = OfferSerializer(page, many=True, context={"now": timezone.now()}).data
        return paginator.get_paginated_response(data)


class OfferDetailApi(LettingsApi):
    """``GET`` one offer: applicants their own household's, lettings staff those on cases they
    may see. Any other offer is a 404."""

    permission_classes = [CanUseOffers]

    @extend_schema(responses={200: OfferSerializer, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_out(request.user, _offer(request.user, pk)))


class OfferAcceptApi(LettingsApi):
    """Accept the offer: the applicant for their own household, or lettings staff on their
    behalf. The applicant's other bids are withdrawn (§4.8). 409 once the offer is answered,
    withdrawn or past its deadline."""

    permission_classes = [CanUseOffers]

    @extend_schema_serializer(component_name="OfferAccept")
    class InputSerializer(serializers.Serializer):
        """Nothing to send: an empty object (or no body)."""

    @extend_schema(request=InputSerializer,
                   responses={200: OfferSerializer, **error_responses(400, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        offer = _offer(request.user, pk)
        validated(self.InputSerializer, request)
        _check_applicant_may_answer(request.user, offer)
        offers.offer_accept(offer=offer, actor=request.user)
        return Response(_out(request.user, offer))


class OfferRefuseApi(LettingsApi):
    """Refuse the offer with a reason code from the scheme's list (``reason_text`` is needed
    when the code is ``other``): the applicant for their own household, or lettings staff on
    their behalf. An officer then assesses the refusal. 409 once the offer is finished, or
    (for applicants) past its deadline."""

    permission_classes = [CanUseOffers]

    @extend_schema_serializer(component_name="OfferRefuse")
    class InputSerializer(serializers.Serializer):
        reason_code = serializers.CharField(
            max_length=40, help_text="A code from the scheme's refusal reasons.",
            error_messages={"required": "Choose a reason from the list",
                            "blank": "Choose a reason from the list"})
        reason_text = serializers.CharField(
            required=False, allow_blank=True, max_length=2000, default="",
            help_text="More detail; required when the code is ``other``.")

    @extend_schema(request=InputSerializer,
                   responses={200: OfferSerializer, **error_responses(400, 403, 404, 409)},
                   examples=[OpenApiExample("Refusal", request_only=True, value={
                       "reason_code": "medical_need_not_met",
                       "reason_text": "The flat is on the 4th floor with no lift."})])
    def post(self, request: Request, pk: int) -> Response:
        offer = _offer(request.user, pk)
        data = validated(self.InputSerializer, request)
        _check_applicant_may_answer(request.user, offer)
        offers.offer_refuse(offer=offer, actor=request.user, reason_code=data["reason_code"],
                            reason_text=data["reason_text"])
        return Response(_out(request.user, offer))


class OfferAssessApi(LettingsApi):
    """Lettings staff only: decide whether a refusal (or a lapsed offer, when the scheme counts
    that as a refusal) was ``reasonable`` or ``unreasonable``, with a note. An unreasonable one
    may bring the scheme's penalty (``penalty_applied``); the applicant is sent the decision
    letter with review rights. 409 if the offer was not refused or is already assessed."""

    permission_classes = [IsOfferStaff]

    @extend_schema_serializer(component_name="OfferAssess")
    class InputSerializer(serializers.Serializer):
        assessment = AssessmentField(
            choices=Offer.Assessment.choices,
            error_messages={"required": "Choose reasonable or unreasonable",
                            "invalid_choice": "Choose reasonable or unreasonable"})
        note = serializers.CharField(
            max_length=4000, error_messages={"required": "Explain the assessment",
                                             "blank": "Explain the assessment"})

    @extend_schema(request=InputSerializer,
                   responses={200: OfferSerializer, **error_responses(400, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        offer = _offer(request.user, pk)
        data = validated(self.InputSerializer, request)
        offers.offer_assess_refusal(offer=offer, actor=request.user,
                                    assessment=data["assessment"], note=data["note"])
        return Response(_out(request.user, offer))


class OfferWithdrawApi(LettingsApi):
    """Lettings staff only: the landlord withdraws the offer, with a reason (for example the
    home failed a safety check). It never counts as a refusal; the home goes back to the
    shortlist. 409 once the offer is finished."""

    permission_classes = [IsOfferStaff]

    @extend_schema_serializer(component_name="OfferWithdraw")
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(
            max_length=300, error_messages={"required": "Enter a reason",
                                            "blank": "Enter a reason",
                                            "max_length": "Give the reason in 300 characters "
                                                          "or fewer"})

    @extend_schema(request=InputSerializer,
                   responses={200: OfferSerializer, **error_responses(400, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        offer = _offer(request.user, pk)
        data = validated(self.InputSerializer, request)
        offers.offer_withdraw(offer=offer, actor=request.user, reason=data["reason"])
        return Response(_out(request.user, offer))


class OfferViewingApi(LettingsApi):
    """Lettings staff only: arrange or move the viewing (in the future, within a year). The
    applicant then has the scheme's hours after it to answer, and is sent the viewing letter.
    409 once the offer is answered."""

    permission_classes = [IsOfferStaff]

    @extend_schema_serializer(component_name="OfferViewing")
    class InputSerializer(serializers.Serializer):
        viewing_at = serializers.DateTimeField(
            help_text="When the viewing is (ISO 8601).",
            error_messages={"required": "Enter the viewing time",
                            "null": "Enter the viewing time",
                            "invalid": "Enter the viewing time as a date and time, like "
                                       "2026-11-25T14:30:00+00:00"})

        def validate_viewing_at(self, value: dt.datetime) -> dt.datetime:
            validate_viewing(value)
            return value

    @extend_schema(request=InputSerializer,
                   responses={200: OfferSerializer, **error_responses(400, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        offer = _offer(request.user, pk)
        data = validated(self.InputSerializer, request)
        offers.offer_arrange_viewing(offer=offer, actor=request.user,
                                     viewing_at=data["viewing_at"])
        return Response(_out(request.user, offer))
