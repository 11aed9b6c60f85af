"""API: statutory reviews (``/api/v1/reviews/…``; s166A(9), DOMAIN.md §5.8).

Who may use it: caseworkers (officers, managers, administrators) on the reviews of cases they may
see, and applicants with a verified email on their own reviews (they may ask for a review, add
representations and withdraw). Allocating needs a manager or senior officer; deciding, the
allocated reviewer. A review the user may not see is a 404, never a 403, so references cannot be
probed. Errors: 400 with field errors, 403, 404, 409 for a clash with the review's state.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from applications.api.applications import (
    IsCaseworker,
    _errors,
    _RegisterApi,
    _require,
    _validated,
)
from applications.models import ReviewRequest
from applications.policies import (
    applications_visible_to,
    can_allocate_reviews,
    can_request_review,
    can_view_as_applicant,
    can_work_case,
    is_caseworker,
)
from applications.services import reviews as services
from housing.core.api import Pagination

User = get_user_model()


# --- Output ------------------------------------------------------------------------------------

@extend_schema_serializer(component_name="ReviewCorrectedAward")
class CorrectedAwardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    band = serializers.CharField()
    band_name = serializers.CharField()
    effective_date = serializers.DateField(allow_null=True)
    date_reason = serializers.CharField()


@extend_schema_serializer(component_name="Review")
class ReviewSerializer(serializers.Serializer):
    """A review. ``reviewer`` and ``requested_by`` (usernames) are for caseworkers only."""

    reference = serializers.CharField()
    application = serializers.CharField(source="application.reference")
    type = serializers.CharField()
    type_display = serializers.CharField(source="get_type_display")
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    decision_summary = serializers.CharField()
    award = serializers.IntegerField(source="award_id", allow_null=True)
    decision = serializers.IntegerField(source="decision_id", allow_null=True)
    medical_assessment = serializers.IntegerField(source="medical_assessment_id",
                                                  allow_null=True)
    grounds = serializers.CharField()
    channel = serializers.CharField()
    representative = serializers.CharField()
    received_at = serializers.DateField()
    notified_at = serializers.DateField(allow_null=True)
    request_deadline = serializers.DateField(allow_null=True)
    in_time = serializers.BooleanField()
    late_reason = serializers.CharField()
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    representations_due = serializers.DateField(allow_null=True)
    target_date = serializers.DateField(allow_null=True)
    overdue = serializers.SerializerMethodField()
    reviewer_role = serializers.SerializerMethodField()
    reviewer = serializers.SerializerMethodField(
        help_text="The reviewer's username (caseworkers only; null for applicants).")
    requested_by = serializers.SerializerMethodField(
        help_text="Who recorded the request (caseworkers only; null for applicants).")
    representations = serializers.CharField()
    outcome = serializers.CharField()
    outcome_reasons = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    corrected_award = CorrectedAwardSerializer(allow_null=True)

    def _staff(self) -> bool:
        request = self.context.get("request")
        return bool(request and is_caseworker(request.user))

    def get_overdue(self, review: ReviewRequest) -> bool:
        return services.is_overdue(review, timezone.localdate())

    def get_reviewer_role(self, review: ReviewRequest) -> str:
        return services.REVIEWER_ROLE

    def get_reviewer(self, review: ReviewRequest) -> str | None:
        if not self._staff() or review.reviewer is None:
            return None
        return str(review.reviewer.get_username())

    def get_requested_by(self, review: ReviewRequest) -> str | None:
        if not self._staff():
            return None
        return str(review.requested_by.get_username())


def _data(request: Request, review: ReviewRequest) -> dict[str, Any]:
    fresh = services.review_detail(user=request.user, reference=review.reference) or review
    return dict(ReviewSerializer(fresh, context={"request": request}).data)


def _review(user: Any, reference: str) -> ReviewRequest:
    """The review, if this user may see it (the policy decides); otherwise 404."""
    review = services.review_detail(user=user, reference=reference)
    if review is None:
        raise exceptions.NotFound("No review with that reference.")
    return review


def _may_act_for_applicant(user: Any, review: ReviewRequest) -> bool:
    return can_view_as_applicant(user, review.application) or can_work_case(
        user, review.application)


# --- Endpoints ---------------------------------------------------------------------------------

class ReviewListCreateApi(_RegisterApi):
    """``GET``: the reviews this user may see, the earliest target date first (filter by
    ``status`` – or ``open`` –, ``mine`` for reviews allocated to me, ``overdue``,
    ``application``). ``POST``: ask for a review. An applicant asks on their own application
    (the channel is their online account and the request is received today); a caseworker
    records a request made any other way, with the date it arrived. By default the decision
    in force is reviewed (the current award for ``band``, ``bedroom_need``,
    ``property_eligibility`` and ``debt``). A late request needs ``late_reason``; a decision
    already under review is a 409."""

    pagination_class = Pagination

    @extend_schema_serializer(component_name="ReviewListFilter")
    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=["open", *ReviewRequest.Status.values],
                                         required=False, allow_blank=True)
        mine = serializers.BooleanField(required=False, default=False,
                                        help_text="Only reviews allocated to me.")
        overdue = serializers.BooleanField(required=False, default=False,
                                           help_text="Only open reviews past their target "
                                                     "date.")
        application = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                            help_text="An application reference.")

    @extend_schema_serializer(component_name="ReviewCreate")
    class InputSerializer(serializers.Serializer):
        application = serializers.CharField(max_length=20,
                                            help_text="The application's reference.")
        type = serializers.ChoiceField(choices=ReviewRequest.Type.choices)
        grounds = serializers.CharField(required=False, allow_blank=True, default="",
                                        max_length=services.GROUNDS_MAX)
        channel = serializers.ChoiceField(choices=ReviewRequest.Channel.choices,
                                          required=False, default=ReviewRequest.Channel.PORTAL,
                                          help_text="Caseworkers: how the request was made.")
        representative = serializers.CharField(required=False, allow_blank=True, default="",
                                               max_length=200)
        received_at = serializers.DateField(required=False, allow_null=True, default=None,
                                            help_text="Caseworkers: the day it arrived "
                                                      "(default today).")
        late_reason = serializers.CharField(required=False, allow_blank=True, default="",
                                            max_length=services.GROUNDS_MAX)
        award = serializers.IntegerField(required=False, allow_null=True, default=None)
        decision = serializers.IntegerField(required=False, allow_null=True, default=None)
        medical_assessment = serializers.IntegerField(required=False, allow_null=True,
                                                      default=None)
        decision_summary = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=300,
            help_text="Closure, refusal penalty or suitability reviews: what was decided.")
        decision_date = serializers.DateField(
            required=False, allow_null=True, default=None,
            help_text="Closure, refusal penalty or suitability reviews: the letter's date.")

    @extend_schema(parameters=[FilterSerializer],
                   responses={200: ReviewSerializer(many=True), **_errors(400, 403)})
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        application = None
        if data.get("application"):
            application = applications_visible_to(request.user).filter(
                reference=data["application"]).first()
            if application is None:
                raise exceptions.NotFound("No application with that reference.")
        queryset = services.review_list(user=request.user, status=data.get("status", ""),
                                        mine=data["mine"], overdue=data["overdue"],
                                        application=application)
        paginator = Pagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(
            ReviewSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(request=InputSerializer,
                   responses={201: ReviewSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request) -> Response:
        data = _validated(self.InputSerializer, request)
        application = applications_visible_to(request.user).filter(
            reference=data["application"]).first()
        if application is None:
            raise exceptions.NotFound("No application with that reference.")
        _require(can_request_review(request.user, application))
        review = services.review_request(
            application=application, actor=request.user, type=data["type"],
            grounds=data["grounds"], channel=data["channel"],
            representative=data["representative"], received_at=data["received_at"],
            late_reason=data["late_reason"], award_id=data["award"],
            decision_id=data["decision"], medical_assessment_id=data["medical_assessment"],
            decision_summary=data["decision_summary"], decision_date=data["decision_date"])
        return Response(_data(request, review), status=status.HTTP_201_CREATED)


class ReviewDetailApi(_RegisterApi):
    """One review."""

    @extend_schema(responses={200: ReviewSerializer, **_errors(403, 404)})
    def get(self, request: Request, reference: str) -> Response:
        return Response(_data(request, _review(request.user, reference)))


class ReviewLateReferralApi(_RegisterApi):
    """Caseworkers: ask a manager to accept a late request (an applicant's own late request
    waits for this). The manager decides in the approvals queue."""

    permission_classes = [IsCaseworker]

    @extend_schema_serializer(component_name="ReviewLateReferral")
    class InputSerializer(serializers.Serializer):
        note = serializers.CharField(required=False, allow_blank=True, default="",
                                     max_length=services.GROUNDS_MAX)

    @extend_schema(request=InputSerializer,
                   responses={200: ReviewSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request, reference: str) -> Response:
        review = _review(request.user, reference)
        _require(can_work_case(request.user, review.application))
        data = _validated(self.InputSerializer, request)
        review = services.review_late_refer(review=review, actor=request.user, note=data["note"])
        return Response(_data(request, review))


class ReviewAllocateApi(_RegisterApi):
    """Managers and senior officers: give the review to a reviewer (by username), who must be
    senior and must not have taken part in the decision under review (400 says why)."""

    permission_classes = [IsCaseworker]

    @extend_schema_serializer(component_name="ReviewAllocate")
    class InputSerializer(serializers.Serializer):
        reviewer = serializers.SlugRelatedField(
            slug_field="username", queryset=User.objects.filter(is_active=True),
            error_messages={"does_not_exist": "There is no active user with that username.",
                            "required": "Choose a reviewer."})

    @extend_schema(request=InputSerializer,
                   responses={200: ReviewSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request, reference: str) -> Response:
        review = _review(request.user, reference)
        _require(can_allocate_reviews(request.user))
        data = _validated(self.InputSerializer, request)
        review = services.review_allocate(review=review, actor=request.user,
                                          reviewer_id=data["reviewer"].pk)
        return Response(_data(request, review))


class ReviewRepresentationsApi(_RegisterApi):
    """The applicant (or a caseworker for them) adds representations while the review is
    open."""

    @extend_schema_serializer(component_name="ReviewRepresentations")
    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=services.GROUNDS_MAX)

    @extend_schema(request=InputSerializer,
                   responses={200: ReviewSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request, reference: str) -> Response:
        review = _review(request.user, reference)
        _require(_may_act_for_applicant(request.user, review))
        data = _validated(self.InputSerializer, request)
        review = services.review_representations_add(review=review, actor=request.user,
                                                     text=data["text"])
        return Response(_data(request, review))


class ReviewDecisionApi(_RegisterApi):
    """The allocated reviewer decides: ``upheld``, ``overturned`` or ``varied``, with reasons.
    Overturning or varying a band decision needs ``reason_codes`` for the corrected award
    (optionally ``override_band``); the corrected award becomes current with the band date
    restored, and L21 is sent."""

    permission_classes = [IsCaseworker]

    @extend_schema_serializer(component_name="ReviewDecision")
    class InputSerializer(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=ReviewRequest.Outcome.choices)
        reasons = serializers.CharField(max_length=services.GROUNDS_MAX)
        reason_codes = serializers.ListField(child=serializers.CharField(max_length=20),
                                             required=False, default=list, max_length=50)
        override_band = serializers.CharField(required=False, allow_blank=True, default="",
                                              max_length=8)

    @extend_schema(request=InputSerializer,
                   responses={200: ReviewSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request, reference: str) -> Response:
        review = _review(request.user, reference)
        _require(review.reviewer_id == request.user.pk)
        data = _validated(self.InputSerializer, request)
        review = services.review_decide(review=review, actor=request.user,
                                        outcome=data["outcome"], reasons=data["reasons"],
                                        reason_codes=data["reason_codes"],
                                        override_band=data["override_band"])
        return Response(_data(request, review))


class ReviewWithdrawApi(_RegisterApi):
    """The applicant (or a caseworker for them) withdraws an open review."""

    @extend_schema_serializer(component_name="ReviewWithdraw")
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(required=False, allow_blank=True, default="",
                                       max_length=300)

    @extend_schema(request=InputSerializer,
                   responses={200: ReviewSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request, reference: str) -> Response:
        review = _review(request.user, reference)
        _require(_may_act_for_applicant(request.user, review))
        data = _validated(self.InputSerializer, request)
        review = services.review_withdraw(review=review, actor=request.user,
                                          reason=data["reason"])
        return Response(_data(request, review))

