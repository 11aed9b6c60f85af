"""API: maker–checker approvals (``/api/v1/approvals/…``; DOMAIN.md §3.16).

Who may use it: officers, managers and administrators. Managers see every request they may
see (requests about restricted cases only in the restricted group) and decide requests they
did not make; everyone else sees only the requests they made. Applicants, registered provider
users and medical advisers get 403. A request the user may not see is a 404.

Creating a request here (``POST /api/v1/approvals/``) is for the kinds of approval that are
about an application as a whole (a debt override, a direct let, a bypass, a management
transfer, a penalty waiver): ``{"type": …, "subject": {"application": "<reference>"},
"justification": …}``. Requests whose subject is something more specific are raised by the
endpoint that makes that thing, and refused here: Band A and discretionary awards through
``POST /api/v1/applications/{reference}/assessment/``; extra bedrooms and late reviews through
their own endpoints.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from housing.approvals import registry
from housing.approvals.api.subjects import resolve_subject, subject_kinds
from housing.approvals.models import ApprovalRequest
from housing.approvals.policies import (
    approvals_visible_to,
    can_decide_approvals,
    can_request_approval,
)
from housing.approvals.selectors import approval_queue
from housing.approvals.services import approval_decide, approval_request_create, approval_withdraw
from housing.approvals.views import approvals_for_user
from housing.core.api import Pagination

ALL = "all"
ASSESSMENT_TYPES = (ApprovalRequest.Type.BAND_A_AWARD, ApprovalRequest.Type.DISCRETIONARY_AWARD)


class _Error(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()))


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    text = {400: "Bad input: see ``errors``.", 403: "Not allowed for this account.",
            404: "No such request for this account.", 409: "Already decided."}
    return {code: OpenApiResponse(_Error, description=text[code]) for code in codes}


class CanRequestApproval(BasePermission):
    message = "Only council officers and managers can use approvals."

    def has_permission(self, request: Any, view: Any) -> bool:
        return can_request_approval(request.user)


class CanDecideApprovals(BasePermission):
    message = "Only a manager can decide an approval request."

    def has_permission(self, request: Any, view: Any) -> bool:
        return can_decide_approvals(request.user)


@extend_schema_serializer(component_name="ApprovalRequest")
class ApprovalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField()
    type_display = serializers.CharField(source="get_type_display")
    status = serializers.CharField()
    case_reference = serializers.CharField()
    summary = serializers.CharField()
    details = serializers.DictField()  # type: ignore[assignment]
    restricted = serializers.BooleanField()
    justification = serializers.CharField()
    requested_by = serializers.CharField(source="requested_by.username")
    approver_role_required = serializers.CharField()
    decision_reason = serializers.CharField()
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True,
                                       default=None)
    decided_at = serializers.DateTimeField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    created_at = serializers.DateTimeField()


class _ApprovalsApi(APIView):
    permission_classes = [CanRequestApproval]
    parser_classes: list[Any] = [JSONParser]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if request.method in ("POST", "PUT", "PATCH"):
            request.data  # noqa: B018 - parse now, so bad JSON fails before anything is done


def _validated(serializer_class: type[serializers.Serializer], request: Request,
               **context: Any) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, context={"request": request, **context})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _out(approval: ApprovalRequest) -> dict[str, Any]:
    approval = ApprovalRequest.objects.select_related("requested_by", "decided_by").get(
        pk=approval.pk)
    return dict(ApprovalSerializer(approval).data)


def _generic_types() -> list[tuple[str, str]]:
    """Types that may be created here: those whose subject is the application itself (no
    handler registered by another app for a more specific subject)."""
    return [(value, label) for value, label in ApprovalRequest.Type.choices
            if value not in ASSESSMENT_TYPES and registry.handler_for(value) is None]


class ApprovalListCreateApi(_ApprovalsApi):
    """``GET``: managers see the queue, oldest first (pending by default; filter with
    ``status`` — ``pending``, ``approved``, ``rejected``, ``withdrawn`` or ``all`` — and
    ``type``); officers see the requests they made (any status by default). ``POST``: ask a
    manager to approve something about an application (see the module description for which
    types)."""

    pagination_class = Pagination

    @extend_schema_serializer(component_name="ApprovalListFilter")
    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(
            choices=[*ApprovalRequest.Status.values, ALL], required=False, allow_blank=True,
            help_text="Default: pending for managers, all for everyone else.")
        type = serializers.ChoiceField(choices=ApprovalRequest.Type.choices, required=False,
                                       allow_blank=True)

    @extend_schema_serializer(component_name="ApprovalSubject")
    class SubjectSerializer(serializers.Serializer):
        application = serializers.CharField(max_length=20,
                                            help_text="The application's reference.")

    @extend_schema_serializer(component_name="ApprovalRequestCreate")
    class InputSerializer(serializers.Serializer):
        type = serializers.ChoiceField(choices=ApprovalRequest.Type.choices)
        subject = serializers.DictField(
            child=serializers.CharField(max_length=64),
            help_text='What it is about: {"application": "<reference>"}.')
        justification = serializers.CharField(max_length=4000)
        summary = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                        default="",
                                        help_text="What is asked, in one line (default: the "
                                                  "type and the reference).")
        details = serializers.DictField(child=serializers.CharField(max_length=1000),
                                        required=False, default=dict,
                                        help_text="Facts the manager needs, shown as a list.")

        def validate_type(self, value: str) -> str:
            if value in ASSESSMENT_TYPES:
                raise serializers.ValidationError(
                    "Ask for a band award through POST /api/v1/applications/{reference}/"
                    "assessment/: the award waits for a manager there.")
            if value not in dict(_generic_types()):
                raise serializers.ValidationError(
                    "This kind of approval is asked for where its subject is made (for "
                    "example the medical or review endpoints), not here.")
            return value

        def validate_subject(self, value: dict[str, str]) -> dict[str, str]:
            if len(value) != 1 or next(iter(value)) not in subject_kinds():
                raise serializers.ValidationError(
                    'Give what the request is about as {"application": "<reference>"}.')
            return value

    @extend_schema(parameters=[FilterSerializer],
                   responses={200: ApprovalSerializer(many=True), **_errors(400, 403)})
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        manager = can_decide_approvals(request.user)
        wanted = filters.validated_data.get("status") or (
            ApprovalRequest.Status.PENDING if manager else ALL)
        queryset = approval_queue(user=request.user, status="" if wanted == ALL else wanted,
                                  type=filters.validated_data.get("type") or "")
        if not manager:
            queryset = queryset.filter(requested_by_id=request.user.pk).order_by(
                "-created_at", "-pk")
        paginator = Pagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(ApprovalSerializer(page, many=True).data)

    @extend_schema(request=InputSerializer,
                   responses={201: ApprovalSerializer, **_errors(400, 403, 409)},
                   examples=[OpenApiExample("Debt override", request_only=True, value={
                       "type": "debt_override", "subject": {"application": "HR-2026-000123"},
                       "justification": "The arrears are being cleared from the sale of a "
                                        "car; the move halves the rent.",
                       "details": {"Debt": "£1,240 rent arrears"}})])
    def post(self, request: Request) -> Response:
        data = _validated(self.InputSerializer, request)
        kind, key = next(iter(data["subject"].items()))
        subject = resolve_subject(kind, request.user, key)
        if subject is None:
            raise serializers.ValidationError(
                {"subject": [f"There is no {kind} with that reference that you can work."]})
        label = ApprovalRequest.Type(data["type"]).label
        approval = approval_request_create(
            type=data["type"], subject=subject.obj, actor=request.user,
            justification=data["justification"],
            summary=data["summary"].strip() or f"{subject.case_reference}: {label}",
            case_reference=subject.case_reference, restricted=subject.restricted,
            details=data["details"])
        return Response(_out(approval), status=status.HTTP_201_CREATED)


def _approval(request: Request, pk: int, *, deciding: bool = False) -> ApprovalRequest:
    qs = approvals_visible_to(request.user) if deciding else approvals_for_user(request.user)
    approval = qs.select_related("requested_by", "decided_by").filter(pk=pk).first()
    if approval is None:
        raise exceptions.NotFound("No approval request with that id.")
    return approval


class ApprovalDetailApi(_ApprovalsApi):
    """One request, with its facts, justification and decision."""

    @extend_schema(responses={200: ApprovalSerializer, **_errors(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(ApprovalSerializer(_approval(request, pk)).data)


class ApprovalDecisionApi(_ApprovalsApi):
    """Managers: approve or reject a pending request, with a reason. You cannot decide a
    request you made (400: another manager must decide it); a request already decided is a
    409. ``valid_until`` limits an approval to a period (a debt override)."""

    permission_classes = [CanDecideApprovals]

    @extend_schema_serializer(component_name="ApprovalDecision")
    class InputSerializer(serializers.Serializer):
        decision = serializers.ChoiceField(choices=["approve", "reject"])
        reason = serializers.CharField(max_length=2000)
        valid_until = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer,
                   responses={200: ApprovalSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        approval = _approval(request, pk, deciding=True)
        data = _validated(self.InputSerializer, request)
        approval = approval_decide(approval=approval, actor=request.user,
                                   decision=data["decision"], reason=data["reason"],
                                   valid_until=data["valid_until"])
        return Response(_out(approval))


class ApprovalWithdrawApi(_ApprovalsApi):
    """The person who made a pending request (or a manager) withdraws it. 409 if already
    decided."""

    @extend_schema_serializer(component_name="ApprovalWithdraw")
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(required=False, allow_blank=True, default="",
                                       max_length=300)

    @extend_schema(request=InputSerializer,
                   responses={200: ApprovalSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        approval = _approval(request, pk)
        data = _validated(self.InputSerializer, request)
        approval = approval_withdraw(approval=approval, actor=request.user,
                                     reason=data["reason"])
        return Response(_out(approval))
