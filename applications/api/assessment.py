"""API: priority — the band assessment and housing-related debts
(``/api/v1/applications/{reference}/assessment/…`` and ``…/debts/``; DOMAIN.md §4.4, §4.10).

Who may use it: ``GET …/assessment/`` is open to caseworkers on the cases they may see and to
the applicant who owns the application (the applicant gets the same award fields, without the
officer's note, override reason and who proposed it). Everything else is for caseworkers only:
registered provider users, medical advisers and applicants get 403. An application the user
may not see is a 404.

Band A and discretionary awards are asked for here (``POST …/assessment/``): the award waits
for a manager, who decides it through ``/api/v1/approvals/{id}/decision/``.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from applications.api.applications import (
    IsCaseworker,
    IsCaseworkerOrApplicant,
    _application,
    _errors,
    _RegisterApi,
    _validated,
)
from applications.models import Application, BandAward, DebtRecord
from applications.policies import applications_visible_to, can_work_case, is_caseworker
from applications.priority import (
    Assessment,
    assessment_for,
    current_award,
    debt_assessment,
    proposed_award,
)
from applications.rules.debt import DebtResult
from applications.services import banding
from applications.services.debts import debt_record_add
from housing.approvals.api.subjects import Subject
from housing.core.exceptions import ApplicationError, ConflictError
from housing.scheme.selectors import scheme_in_force

# --- Output ----------------------------------------------------------------------------------


@extend_schema_serializer(component_name="BandAward")
class AwardSerializer(serializers.Serializer):
    """A band award as the applicant reads it (DOMAIN §3.6)."""

    status = serializers.CharField()
    band = serializers.CharField()
    band_name = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    reason_codes = serializers.ListField(child=serializers.CharField())
    rp_categories = serializers.ListField(child=serializers.CharField())
    additional_preference = serializers.BooleanField()
    reduced_priority_reasons = serializers.ListField(child=serializers.CharField())
    award_date = serializers.DateField()
    effective_date = serializers.DateField(allow_null=True)
    date_rule_applied = serializers.CharField()
    date_reason = serializers.CharField()
    expires_at = serializers.DateField(allow_null=True)
    registration_date = serializers.DateField(source="application.registration_date",
                                              allow_null=True)
    bedroom_need = serializers.IntegerField(allow_null=True)
    eligible_sizes = serializers.ListField(child=serializers.IntegerField())
    property_flags = serializers.DictField()  # type: ignore[assignment]
    property_reasons = serializers.ListField(child=serializers.CharField())
    local_connection = serializers.CharField()
    debt_over_threshold = serializers.BooleanField()
    what_would_change = serializers.ListField(child=serializers.CharField())
    approved_at = serializers.DateTimeField(allow_null=True)


@extend_schema_serializer(component_name="BandAwardStaff")
class StaffAwardSerializer(AwardSerializer):
    """Caseworkers also see how the award was reached."""

    id = serializers.IntegerField()
    proposed_band = serializers.CharField()
    overridden = serializers.BooleanField()
    override_reason = serializers.CharField()
    officer_note = serializers.CharField()
    qualifying_debt = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    needs_approval = serializers.BooleanField()
    approval_reason = serializers.CharField()
    proposed_by = serializers.CharField(source="proposed_by.username")
    approved_by = serializers.CharField(source="approved_by.username", allow_null=True,
                                        default=None)
    end_reason = serializers.CharField()


@extend_schema_serializer(component_name="ApplicationAssessment")
class AssessmentOutputSerializer(serializers.Serializer):
    reference = serializers.CharField()
    application_status = serializers.CharField()
    current = StaffAwardSerializer(allow_null=True, help_text="The award in force, if any. "
                                   "Applicants receive the fields of ``BandAward`` only.")
    pending = StaffAwardSerializer(allow_null=True, help_text="An award waiting for a "
                                   "manager's approval, if any.")


def _award_data(award: BandAward | None, staff: bool) -> dict[str, Any] | None:
    if award is None:
        return None
    serializer = StaffAwardSerializer if staff else AwardSerializer
    return dict(serializer(award).data)


def _assessment_data(application: Application, staff: bool) -> dict[str, Any]:
    return {"reference": application.reference, "application_status": application.status,
            "current": _award_data(current_award(application), staff),
            "pending": _award_data(proposed_award(application), staff)}


@extend_schema_serializer(component_name="DebtExcluded")
class DebtExcludedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.CharField()


@extend_schema_serializer(component_name="DebtAssessment")
class DebtResultSerializer(serializers.Serializer):
    qualifying_debt = serializers.DecimalField(max_digits=11, decimal_places=2)
    threshold = serializers.DecimalField(max_digits=11, decimal_places=2, allow_null=True)
    over_threshold = serializers.BooleanField()
    arrangement_kept = serializers.BooleanField()
    blocks = serializers.BooleanField(help_text="The debt stands in the way (see ``effect``).")
    effect = serializers.CharField(help_text="bypass, suspend or reduce (the scheme's choice).")
    counted = serializers.ListField(child=serializers.IntegerField(),
                                    help_text="Ids of the debts that count.")
    excluded = serializers.SerializerMethodField()
    reasons = serializers.ListField(child=serializers.CharField())
    what_would_lift = serializers.ListField(child=serializers.CharField())

    @extend_schema_field(DebtExcludedSerializer(many=True))
    def get_excluded(self, result: DebtResult) -> list[dict[str, Any]]:
        return [{"id": pk, "reason": reason} for pk, reason in result.excluded]



@extend_schema_serializer(component_name="AssessmentProposal")
class ProposalSerializer(serializers.Serializer):
    """What the rules (and the officer's choices) would give. Nothing is saved."""

    band = serializers.CharField()
    band_name = serializers.CharField()
    rules_band = serializers.CharField(help_text="The band before any override.")
    suggested = serializers.ListField(child=serializers.DictField(),
                                      help_text="[{code, why}]: what the facts suggest.")
    reason_codes = serializers.ListField(child=serializers.CharField())
    rp_categories = serializers.ListField(child=serializers.CharField())
    additional_preference = serializers.BooleanField()
    cumulative_uplift_applied = serializers.BooleanField()
    reduced_priority_reasons = serializers.ListField(child=serializers.CharField())
    reasons = serializers.ListField(child=serializers.CharField())
    effective_date = serializers.DateField()
    date_rule_applied = serializers.CharField()
    date_reason = serializers.CharField()
    expires_at = serializers.DateField(allow_null=True)
    bedroom_need = serializers.IntegerField(allow_null=True)
    eligible_sizes = serializers.ListField(child=serializers.IntegerField())
    property_flags = serializers.DictField()  # type: ignore[assignment]
    property_reasons = serializers.ListField(child=serializers.CharField())
    local_connection = serializers.CharField()
    debt = DebtResultSerializer()
    needs_approval = serializers.BooleanField()
    approval_type = serializers.CharField()
    approval_reasons = serializers.ListField(child=serializers.CharField())
    what_would_change = serializers.ListField(child=serializers.CharField())


def _proposal_data(application: Application, a: Assessment) -> dict[str, Any]:
    return dict(ProposalSerializer({
        "band": a.band, "band_name": a.band_name, "rules_band": a.proposal.band,
        "suggested": [{"code": code, "why": why} for code, why in a.suggested],
        "reason_codes": a.reason_codes, "rp_categories": list(a.proposal.rp_categories),
        "additional_preference": a.proposal.additional_preference,
        "cumulative_uplift_applied": a.proposal.uplift_applied,
        "reduced_priority_reasons": a.reduced_priority_reasons, "reasons": a.reasons,
        "effective_date": a.date.effective_date, "date_rule_applied": a.date.rule.value,
        "date_reason": a.date.reason, "expires_at": a.expires_at,
        "bedroom_need": application.bedroom_need, "eligible_sizes": list(a.homes.sizes),
        "property_flags": a.homes.as_flags(), "property_reasons": list(a.homes.reasons),
        "local_connection": a.local_connection, "debt": a.debt,
        "needs_approval": a.needs_approval, "approval_type": a.approval_type,
        "approval_reasons": a.approval_reasons, "what_would_change": a.what_would_change,
    }).data)


def _staff_application(request: Request, reference: str) -> Application:
    application = _application(request.user, reference)
    if not can_work_case(request.user, application):
        raise exceptions.PermissionDenied()
    return application


# --- The assessment --------------------------------------------------------------------------


class _ChoicesInput(serializers.Serializer):
    reason_codes = serializers.ListField(
        child=serializers.CharField(max_length=8), required=False, allow_empty=True,
        help_text="The scheme's reason codes. Leave out for the rules' own suggestion "
                  "(proposal); an empty list means none apply.")
    deliberate_worsening = serializers.BooleanField(required=False, default=False)
    behaviour = serializers.BooleanField(required=False, default=False)
    override_band = serializers.CharField(max_length=8, required=False, allow_blank=True,
                                          default="")


class AssessmentApi(_RegisterApi):
    """``GET``: the current award and any award waiting for a manager. ``POST`` (caseworkers):
    confirm the band from ``reason_codes``, or place the applicant in ``override_band`` with an
    ``override_reason``. The award is current at once (201, ``status`` "current") or waits for
    a manager (201, ``status`` "proposed"; give a ``justification``). An award already waiting
    is a 409; an application that cannot be banded yet is a 409."""

    permission_classes = [IsCaseworkerOrApplicant]

    @extend_schema_serializer(component_name="AssessmentConfirm")
    class InputSerializer(_ChoicesInput):
        reason_codes = serializers.ListField(child=serializers.CharField(max_length=8),
                                             allow_empty=True)
        override_reason = serializers.CharField(required=False, allow_blank=True, default="",
                                                max_length=2000)
        justification = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=2000,
            help_text="Why a manager should approve it (needed when approval is needed).")
        officer_note = serializers.CharField(required=False, allow_blank=True, default="",
                                             max_length=2000)

    @extend_schema(responses={200: AssessmentOutputSerializer, **_errors(403, 404)})
    def get(self, request: Request, reference: str) -> Response:
        application = _application(request.user, reference)
        return Response(_assessment_data(application, is_caseworker(request.user)))

    @extend_schema(request=InputSerializer,
                   responses={201: StaffAwardSerializer, **_errors(400, 403, 404, 409)},
                   examples=[OpenApiExample("Confirm Band C", request_only=True,
                                            value={"reason_codes": ["C2"]}),
                             OpenApiExample("Band A (needs a manager)", request_only=True,
                                            value={"reason_codes": ["A1"],
                                                   "justification": "Hospital discharge "
                                                                    "blocked by stairs."})])
    def post(self, request: Request, reference: str) -> Response:
        if not is_caseworker(request.user):
            raise exceptions.PermissionDenied()
        application = _staff_application(request, reference)
        data = _validated(self.InputSerializer, request)
        award = banding.award_confirm(application=application, actor=request.user, **data)
        award = BandAward.objects.select_related(
            "application", "proposed_by", "approved_by").get(pk=award.pk)
        return Response(StaffAwardSerializer(award).data, status=status.HTTP_201_CREATED)


class AssessmentProposalApi(_RegisterApi):
    """Caseworkers: what the rules would give for these choices, with the band date, the homes
    the applicant could bid for, the debt position and whether a manager must approve. With no
    ``reason_codes`` the rules' own suggestion is used. Nothing is saved."""

    permission_classes = [IsCaseworker]

    @extend_schema_serializer(component_name="AssessmentProposalRequest")
    class InputSerializer(_ChoicesInput):
        pass

    @extend_schema(request=InputSerializer,
                   responses={200: ProposalSerializer, **_errors(400, 403, 404)})
    def post(self, request: Request, reference: str) -> Response:
        application = _staff_application(request, reference)
        data = _validated(self.InputSerializer, request)
        codes = data.get("reason_codes")
        try:
            result = assessment_for(
                application, scheme=scheme_in_force(),
                reason_codes=[c.strip() for c in codes if c.strip()] if codes is not None
                else None,
                deliberate_worsening=data["deliberate_worsening"],
                behaviour=data["behaviour"], override_band=data["override_band"].strip())
        except ValueError as exc:
            field = "override_band" if "Band " in str(exc) else "reason_codes"
            raise ApplicationError(str(exc), {field: [str(exc)]}) from None
        return Response(_proposal_data(application, result))


class AssessmentWithdrawApi(_RegisterApi):
    """Caseworkers: withdraw the award waiting for a manager (to assess again). 409 if none is
    waiting."""

    permission_classes = [IsCaseworker]

    @extend_schema_serializer(component_name="AssessmentWithdraw")
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(required=False, allow_blank=True, default="",
                                       max_length=300)

    @extend_schema(request=InputSerializer,
                   responses={200: StaffAwardSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request, reference: str) -> Response:
        application = _staff_application(request, reference)
        data = _validated(self.InputSerializer, request)
        pending = proposed_award(application)
        if pending is None:
            raise ConflictError("No award is waiting for a manager's approval.")
        award = banding.award_withdraw(award=pending, actor=request.user,
                                       reason=data["reason"])
        award = BandAward.objects.select_related(
            "application", "proposed_by", "approved_by").get(pk=award.pk)
        return Response(StaffAwardSerializer(award).data)


# --- Debts -----------------------------------------------------------------------------------


@extend_schema_serializer(component_name="DebtRecord")
class DebtSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    member = serializers.IntegerField(source="member_id")
    member_name = serializers.CharField(source="member.full_name")
    creditor = serializers.CharField()
    creditor_name = serializers.CharField()
    type = serializers.CharField()
    amount = serializers.DecimalField(max_digits=9, decimal_places=2)
    as_of = serializers.DateField()
    accrued_date = serializers.DateField(allow_null=True)
    weekly_rent_reference = serializers.DecimalField(max_digits=7, decimal_places=2,
                                                     allow_null=True)
    arrangement_frequency = serializers.CharField()
    arrangement_amount = serializers.DecimalField(max_digits=7, decimal_places=2,
                                                  allow_null=True)
    arrangement_start = serializers.DateField(allow_null=True)
    arrangement_kept_since = serializers.DateField(allow_null=True)
    domestic_abuse_related = serializers.BooleanField()
    benefit_delay_related = serializers.BooleanField()
    notes = serializers.CharField()
    cleared_at = serializers.DateField(allow_null=True)
    recorded_by = serializers.CharField(source="recorded_by.username")


@extend_schema_serializer(component_name="DebtList")
class DebtListSerializer(serializers.Serializer):
    debts = DebtSerializer(many=True)
    result = DebtResultSerializer(allow_null=True, help_text="The scheme's debt rule applied "
                                  "to these debts (null if no scheme is in force).")


class DebtListCreateApi(_RegisterApi):
    """Caseworkers. ``GET``: the household's housing-related debts and what the scheme's debt
    rule makes of them (the total that counts, the threshold, whether it blocks, which debts
    are left out and why, what would lift it). ``POST``: record a debt owed by someone on the
    application. Refused with field errors: an amount below zero, an arrangement without its
    amount and start date, a date in the future, a person not on this application."""

    permission_classes = [IsCaseworker]

    @extend_schema_serializer(component_name="DebtRecordCreate")
    class InputSerializer(serializers.Serializer):
        member = serializers.IntegerField(help_text="The id of the person who owes it.")
        creditor = serializers.ChoiceField(choices=DebtRecord.Creditor.choices)
        creditor_name = serializers.CharField(required=False, allow_blank=True, default="",
                                              max_length=200)
        type = serializers.ChoiceField(choices=DebtRecord.Type.choices)
        amount = serializers.DecimalField(max_digits=9, decimal_places=2)
        as_of = serializers.DateField()
        accrued_date = serializers.DateField(required=False, allow_null=True, default=None)
        weekly_rent_reference = serializers.DecimalField(max_digits=7, decimal_places=2,
                                                         required=False, allow_null=True,
                                                         default=None)
        arrangement_frequency = serializers.ChoiceField(
            choices=DebtRecord.Frequency.choices, required=False, allow_blank=True,
            default="")
        arrangement_amount = serializers.DecimalField(max_digits=7, decimal_places=2,
                                                      required=False, allow_null=True,
                                                      default=None)
        arrangement_start = serializers.DateField(required=False, allow_null=True,
                                                  default=None)
        arrangement_kept_since = serializers.DateField(required=False, allow_null=True,
                                                       default=None)
        domestic_abuse_related = serializers.BooleanField(required=False, default=False)
        benefit_delay_related = serializers.BooleanField(required=False, default=False)
        notes = serializers.CharField(required=False, allow_blank=True, default="",
                                      max_length=2000)

    @extend_schema(responses={200: DebtListSerializer, **_errors(403, 404)})
    def get(self, request: Request, reference: str) -> Response:
        application = _staff_application(request, reference)
        debts = (DebtRecord.objects.filter(application=application)
                 .select_related("member", "recorded_by"))
        try:
            result: DebtResult | None = debt_assessment(application, scheme_in_force())
        except ApplicationError:
            result = None
        return Response(DebtListSerializer({"debts": debts, "result": result}).data)

    @extend_schema(request=InputSerializer,
                   responses={201: DebtSerializer, **_errors(400, 403, 404)})
    def post(self, request: Request, reference: str) -> Response:
        application = _staff_application(request, reference)
        data = _validated(self.InputSerializer, request)
        debt = debt_record_add(application=application, actor=request.user, data=data)
        debt = DebtRecord.objects.select_related("member", "recorded_by").get(pk=debt.pk)
        return Response(DebtSerializer(debt).data, status=status.HTTP_201_CREATED)


# --- Approvals about an application ------------------------------------------------------------


def application_subject(user: Any, reference: str) -> Subject | None:
    """For ``POST /api/v1/approvals/`` with ``{"subject": {"application": reference}}``: the
    application, if this user may work it (registered in ``ApplicationsConfig.ready``)."""
    application = (applications_visible_to(user).filter(reference=str(reference))
                   .only("pk", "reference", "restricted_access").first())
    if application is None or not can_work_case(user, application):
        return None
    return Subject(obj=application, case_reference=application.reference,
                   restricted=application.restricted_access)
