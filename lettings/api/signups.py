"""API: sign-ups and tenancies (``/api/v1/signups/…``, ``/api/v1/tenancies/…``; DOMAIN.md §3.15,
§4.16, §5.3; decision record 0012).

Who may use it:
- lettings staff (officers, managers, administrators): sign-ups on the cases they may see
  (restricted cases only in the restricted group); those who may work the case start a sign-up
  from an accepted offer, set its terms, record the pre-tenancy checks, the eligibility re-check
  and the affordability assessment, make the tenancy pack, reopen the checks, record a tenant's
  signature given in person and counter-sign;
- applicants with a verified email: their own household's sign-ups once the pack is made (not
  the checks, the affordability assessment or where anyone signed from: those are the officer's
  working notes), and they sign the pack online;
- tenancies: lettings staff, the applicant (their own) and a registered provider's users (the
  tenancies of homes their organisation owns or manages). Void days, rent loss and the CORE
  lettings log record are for staff and the landlord only.
Medical advisers, and provider users on sign-ups, are refused (403); anonymous callers 401/403.

A sign-up or tenancy the caller may not see is a 404. Writes go through
``lettings.services.signups``: bad input is a 400 with field errors and changes nothing; doing
something the sign-up's status does not allow, or signing a pack that has changed since it was
read (``pdf_sha256`` is not the current pack's), is a conflict (409).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from housing.accounts import policies as account_policies
from housing.core.api import Pagination
from housing.core.views_helpers import client_ip, private_pdf
from lettings import policies
from lettings.api.common import (
    MAX_ID,
    LettingsApi,
    error_responses,
    not_found,
    paginate,
    validated,
)
from lettings.api.signup_serializers import (
    SignUpListItemSerializer,
    SignUpSerializer,
    TenancySerializer,
)
from lettings.models import (
    AffordabilityAssessment,
    SignUp,
    SignUpCheck,
    Tenancy,
    TenancyPack,
    TenancySignature,
)
from lettings.rules import signup_checks
from lettings.services import signups

NO_OFFER = "There is no accepted offer with that id you can see."
MONEY_INVALID = "Enter an amount in pounds, like 120.50"
SHA_HELP = "The SHA-256 of the tenancy pack PDF you read (``current_pack.sha256``)."


# --- Who may use it ------------------------------------------------------------------------------

class CanUseSignups(BasePermission):
    """Applicants (their own household's sign-ups) and lettings staff."""

    message = "Only applicants and lettings staff can use sign-ups."

    def has_permission(self, request: Any, view: Any) -> bool:
        return (account_policies.can_use_applicant_account(request.user)
                or policies.is_lettings_staff(request.user))


class IsSignupStaff(BasePermission):
    """Lettings staff only (``policies.is_lettings_staff``)."""

    message = "Only lettings staff can do this."

    def has_permission(self, request: Any, view: Any) -> bool:
        return policies.is_lettings_staff(request.user)


class CanUseTenancies(BasePermission):
    """Lettings staff, applicants (their own) and registered provider users (their homes')."""

    message = "Only lettings staff, applicants and registered provider users can see tenancies."

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        return (policies.is_lettings_staff(user)
                or account_policies.can_use_applicant_account(user)
                or account_policies.can_use_partner_surface(user))


# --- Documented choice fields (strings, not enum components claimed for the whole API) ---------

@extend_schema_field({"type": "string", "description": "checks, ready_to_sign, tenant_signed, "
                                                       "signed or cancelled."})
class SignUpStatusField(serializers.ChoiceField):
    """A sign-up's status."""


@extend_schema_field({"type": "string", "description": "done, not_needed or to_do."})
class CheckStatusField(serializers.ChoiceField):
    """A check's status."""


# --- Reading -----------------------------------------------------------------------------------

def _signups(user: Any) -> QuerySet[SignUp]:
    return policies.signups_visible_to(user).select_related(
        "application", "property", "property__landlord", "offer")


def _signup(user: Any, pk: int) -> SignUp:
    signup = _signups(user).filter(pk=pk).first() if pk <= MAX_ID else None
    if signup is None:
        raise not_found("sign-up")
    return signup


def _worked_signup(user: Any, pk: int) -> SignUp:
    """A sign-up the caller may see (else 404) and work (else 403)."""
    signup = _signup(user, pk)
    if not policies.can_work_signup(user, signup):
        raise exceptions.PermissionDenied("You cannot work this case.")
    return signup


def _url(request: Request, name: str, pk: int) -> str:
    return request.build_absolute_uri(reverse(f"api:{name}", args=[pk]))


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username()) if user is not None else ""


def _home(signup: SignUp | Tenancy) -> dict[str, Any]:
    prop = signup.property
    return {"id": prop.pk, "reference": prop.reference, "address": prop.address,
            "landlord": prop.landlord.name}


def _signature(signature: TenancySignature, staff: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "role": signature.role, "member": signature.member_id, "name": signature.typed_name,
        "method": signature.method, "signed_at": signature.signed_at,
        "pdf_sha256": signature.pdf_sha256}
    if staff:
        data["ip_address"] = signature.ip_address
        data["user_agent"] = signature.user_agent
    return data


def _pack(request: Request, signup: SignUp, pack: TenancyPack | None) -> dict[str, Any] | None:
    if pack is None:
        return None
    return {"version": pack.version, "sha256": pack.sha256, "pages": pack.letter.pdf_pages,
            "pdf_url": _url(request, "signup-pack-pdf", signup.pk),
            "created_at": pack.created_at}


def _affordability(signup: SignUp) -> dict[str, Any] | None:
    assessment = (AffordabilityAssessment.objects.select_related("assessed_by")
                  .filter(signup=signup).first())
    if assessment is None:
        return None
    data: dict[str, Any] = {name: getattr(assessment, name)
                            for name in signups.AFFORDABILITY_FIELDS}
    data.update(
        evidence_seen=assessment.evidence_seen,
        evidence_inconclusive=assessment.evidence_inconclusive,
        rent_and_charges=assessment.rent_and_charges, total_income=assessment.total_income,
        total_outgoings=assessment.total_outgoings, residual=assessment.residual,
        shortfall=assessment.shortfall, result=assessment.result,
        result_display=assessment.get_result_display(), reasons=list(assessment.reasons),
        referrals=list(assessment.referrals), assessed_by=_name(assessment.assessed_by),
        assessed_at=assessment.assessed_at)
    return data


def _checks(signup: SignUp) -> list[dict[str, Any]]:
    rows = []
    for check in SignUpCheck.objects.filter(signup=signup).select_related("done_by"):
        definition = signup_checks.BY_CODE.get(check.code)
        rows.append({"code": check.code, "title": definition.title if definition else check.code,
                     "status": check.status, "outcome": check.outcome,
                     "details": dict(check.details),
                     "may_be_not_needed": bool(definition and definition.may_be_not_needed),
                     "done_by": _name(check.done_by) if check.done_by else None,
                     "done_at": check.done_at})
    return rows


def signup_data(request: Request, signup: SignUp) -> dict[str, Any]:
    """What the caller may see of one sign-up (see the module docstring)."""
    staff = policies.is_lettings_staff(request.user)
    pack = signups.current_pack(signup)
    signatures = (list(pack.signatures.order_by("signed_at", "pk")) if pack is not None else [])
    signed = {s.member_id for s in signatures if s.role == TenancySignature.Role.TENANT}
    people = signups.tenants_of(signup)
    tenancy_id = Tenancy.objects.filter(signup=signup).values_list("pk", flat=True).first()
    data: dict[str, Any] = {
        "id": signup.pk, "status": signup.status, "status_display": signup.get_status_display(),
        "offer": signup.offer_id, "application": signup.application.reference,
        "property": _home(signup), "start_date": signup.start_date,
        "rent_period": signup.rent_period, "weekly_rent": signup.weekly_rent,
        "service_charge": signup.service_charge, "support_charge": signup.support_charge,
        "weekly_total": signup.weekly_total,
        "additional_conditions": signup.additional_conditions,
        "tenancy_type": signup.tenancy_type,
        "tenancy_type_display": signup.get_tenancy_type_display(),
        "converts_to": signup.converts_to, "probation_months": signup.probation_months,
        "fixed_term_years": signup.fixed_term_years,
        "tenancy_reasons": list(signup.tenancy_reasons),
        "tenants": [{"id": m.pk, "name": m.full_name,
                     "role": "lead" if i == 0 else "joint", "has_signed": m.pk in signed}
                    for i, m in enumerate(people)],
        "current_pack": _pack(request, signup, pack),
        "signatures": [_signature(s, staff) for s in signatures],
        "signed_copy": ({"sha256": signup.signed_pdf_sha256,
                         "pdf_url": _url(request, "signup-signed-pdf", signup.pk),
                         "countersigned_at": signup.countersigned_at}
                        if signup.status == SignUp.Status.SIGNED and signup.signed_pdf
                        else None),
        "tenancy": tenancy_id,
        "cancelled_reason": signup.cancelled_reason,
    }
    if staff:
        data["checks"] = _checks(signup)
        data["outstanding"] = (signups.signup_outstanding(signup) if signup.is_open else [])
        data["affordability"] = _affordability(signup)
    return data


def _out(request: Request, signup: SignUp) -> dict[str, Any]:
    fresh = _signups(request.user).filter(pk=signup.pk).first() or signup
    return dict(SignUpSerializer(signup_data(request, fresh)).data)


def _list_item(signup: SignUp) -> dict[str, Any]:
    return {"id": signup.pk, "status": signup.status,
            "status_display": signup.get_status_display(), "offer": signup.offer_id,
            "application": signup.application.reference, "property": _home(signup),
            "start_date": signup.start_date, "tenancy_type": signup.tenancy_type,
            "created_at": signup.created_at}


# --- Input -------------------------------------------------------------------------------------

def _amount(help_text: str = "", **options: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=8, decimal_places=2, min_value=0, required=False, help_text=help_text,
        error_messages={"invalid": MONEY_INVALID, "min_value": "Enter an amount of £0 or more",
                        "max_digits": "Enter an amount under £1,000,000",
                        "max_whole_digits": "Enter an amount under £1,000,000",
                        "max_decimal_places": "Enter pounds and pence, like 120.50",
                        "null": MONEY_INVALID},
        **options)


def _weekly(name: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=0, max_value=Decimal("99999.99"),
        required=False,
        help_text=f"{name}, a week, in pounds.",
        error_messages={"invalid": MONEY_INVALID,
                        "min_value": "Enter a weekly amount from £0 to £99,999.99",
                        "max_value": "Enter a weekly amount from £0 to £99,999.99",
                        "max_digits": "Enter a weekly amount from £0 to £99,999.99",
                        "max_whole_digits": "Enter a weekly amount from £0 to £99,999.99",
                        "max_decimal_places": "Enter pounds and pence, like 120.50",
                        "null": MONEY_INVALID})


def _typed_name(required_message: str) -> serializers.CharField:
    return serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="",
        help_text="The signer's full name, typed as their signature.",
        error_messages={"max_length": "The name must be 200 characters or fewer",
                        "invalid": required_message})


def _confirmed(help_text: str) -> serializers.BooleanField:
    return serializers.BooleanField(required=False, default=False, help_text=help_text,
                                    error_messages={"invalid": "Give true or false"})


def _sha256() -> serializers.CharField:
    return serializers.CharField(
        max_length=64, help_text=SHA_HELP,
        error_messages={"required": "Give the SHA-256 of the tenancy pack you read",
                        "blank": "Give the SHA-256 of the tenancy pack you read",
                        "max_length": "A SHA-256 is 64 characters"})


@extend_schema_serializer(component_name="SignUpCheckDetails")
class CheckDetailsSerializer(serializers.Serializer):
    """Structured answers a check may record (each check takes only its own: identity
    ``documents``; household ``working_situation``; rent in advance ``amount_paid``; benefit
    claim ``claim_type`` and ``claim_reference``; support ``referrals``; existing tenancy
    ``end_date``)."""

    documents = serializers.CharField(required=False, allow_blank=True, max_length=300)
    working_situation = serializers.CharField(
        required=False, allow_blank=True, max_length=40,
        help_text="One of: " + ", ".join(code for code, _ in signups.WORKING_SITUATIONS) + ".")
    amount_paid = _amount("Rent in advance paid, in pounds.")
    claim_type = serializers.CharField(
        required=False, allow_blank=True, max_length=40,
        help_text="One of: " + ", ".join(code for code, _ in signups.CLAIM_TYPES) + ".")
    claim_reference = serializers.CharField(required=False, allow_blank=True, max_length=300)
    referrals = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, max_length=20,
        help_text="Codes from: " + ", ".join(c for c, _ in signup_checks.SUPPORT_REFERRALS)
        + ".")
    end_date = serializers.DateField(required=False, allow_null=True,
                                     error_messages={"invalid": "Enter a real date, like "
                                                                "2026-11-30"})

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: ["This detail cannot be recorded."] for name in unknown})
        return super().to_internal_value(data)


# --- Sign-ups ----------------------------------------------------------------------------------

class SignUpListCreateApi(LettingsApi):
    """``GET``: the sign-ups the caller may see, newest first; filter by ``status`` and
    ``application`` (reference). Lettings staff see those on the cases they may see; an applicant
    their own household's once the pack is made.

    ``POST`` (lettings staff who may work the case): start the sign-up of an accepted offer
    (``offer``: its id). The rent and charges come from the home, the checklist is laid out and
    the tenancy type is set by the scheme's tenancy policy. 201 with the sign-up; 409 if the
    offer is not accepted, is a nomination offer, or already has a sign-up."""

    permission_classes = [CanUseSignups]
    pagination_class = Pagination

    @extend_schema_serializer(component_name="SignUpListFilter")
    class FilterSerializer(serializers.Serializer):
        status = SignUpStatusField(choices=SignUp.Status.choices, required=False,
                                   allow_blank=True)
        application = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                            help_text="An application's reference.")

    @extend_schema_serializer(component_name="SignUpStart")
    class InputSerializer(serializers.Serializer):
        offer = serializers.IntegerField(
            min_value=1, max_value=MAX_ID, help_text="The accepted offer's id.",
            error_messages={"required": "Say which offer.", "null": "Say which offer.",
                            "invalid": "Give the offer's id as a number.",
                            "min_value": NO_OFFER, "max_value": NO_OFFER})

    @extend_schema(operation_id="v1_signups_list", parameters=[FilterSerializer],
                   responses={200: SignUpListItemSerializer(many=True),
                              **error_responses(400, 403)})
    def get(self, request: Request) -> Response:
        f = validated(self.FilterSerializer, request, data=request.query_params)
        queryset = _signups(request.user).order_by("-created_at", "-pk")
        if f.get("status"):
            queryset = queryset.filter(status=f["status"])
        if f.get("application"):
            queryset = queryset.filter(application__reference=f["application"].strip())
        paginator, page = paginate(self, request, queryset)
        data = SignUpListItemSerializer([_list_item(s) for s in page], many=True).data
        return paginator.get_paginated_response(data)

    @extend_schema(operation_id="v1_signups_create", request=InputSerializer,
                   responses={201: SignUpSerializer, **error_responses(400, 403, 409)},
                   examples=[OpenApiExample("Start", request_only=True, value={"offer": 57})])
    def post(self, request: Request) -> Response:
        if not policies.is_lettings_staff(request.user):
            raise exceptions.PermissionDenied("Only lettings staff can start a sign-up.")
        data = validated(self.InputSerializer, request)
        offer = policies.offers_visible_to(request.user).filter(pk=data["offer"]).first()
        if offer is None:
            raise serializers.ValidationError({"offer": [NO_OFFER]})
        signup = signups.signup_start(offer=offer, actor=request.user)
        return Response(_out(request, signup), status=status.HTTP_201_CREATED)


class SignUpDetailApi(LettingsApi):
    """``GET`` one sign-up. Applicants see their own household's once the pack is made, without
    the checks, the affordability assessment or where anyone signed from; any other is a 404."""

    permission_classes = [CanUseSignups]

    @extend_schema(operation_id="v1_signups_retrieve",
                   responses={200: SignUpSerializer, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_out(request, _signup(request.user, pk)))


class SignUpTermsApi(LettingsApi):
    """Lettings staff: set the start date, rent and charges, how often rent is paid, additional
    conditions and the joint tenants (household member ids; every one an adult on the
    application and eligible) while the checks are open. Only what is sent changes; the tenancy
    type is worked out again. 409 once the pack is made (reopen the checks first)."""

    permission_classes = [IsSignupStaff]

    @extend_schema_serializer(component_name="SignUpTerms")
    class InputSerializer(serializers.Serializer):
        start_date = serializers.DateField(
            required=False, help_text="The day the tenancy starts (within the scheme's limit).",
            error_messages={"invalid": "Enter a real date, like 2026-11-30",
                            "null": "Enter the date the tenancy starts"})
        rent_period = serializers.CharField(
            required=False, max_length=16,
            help_text="weekly, fortnightly, four_weekly or monthly.",
            error_messages={"blank": "Choose how often rent is paid"})
        weekly_rent = _amount("Rent a week, in pounds.")
        service_charge = _amount("Service charge a week, in pounds.")
        support_charge = _amount("Support charge a week, in pounds.")
        additional_conditions = serializers.CharField(required=False, allow_blank=True,
                                                      max_length=4000)
        joint_tenants = serializers.ListField(
            child=serializers.IntegerField(min_value=1, max_value=MAX_ID,
                                           error_messages={"invalid": "Give member ids as "
                                                                      "numbers"}),
            required=False, max_length=10,
            help_text="Household member ids of the joint tenants (an empty list for a sole "
                      "tenancy).")

    @extend_schema(request=InputSerializer,
                   responses={200: SignUpSerializer, **error_responses(400, 403, 404, 409)},
                   examples=[OpenApiExample("Terms", request_only=True, value={
                       "start_date": "2026-11-30", "weekly_rent": "104.50",
                       "service_charge": "8.20", "rent_period": "weekly"})])
    def post(self, request: Request, pk: int) -> Response:
        signup = _worked_signup(request.user, pk)
        data = validated(self.InputSerializer, request)
        joint = data.pop("joint_tenants", None)
        signups.signup_terms_update(signup=signup, actor=request.user, data=data,
                                    joint_member_ids=joint)
        return Response(_out(request, signup))


class SignUpCheckApi(LettingsApi):
    """Lettings staff: record one pre-tenancy check (``code`` in the path, one of
    ``identity``, ``household``, ``rent_in_advance``, ``benefit_claim``, ``support``,
    ``tenancy_end``) as ``done``, ``not_needed`` (where the check allows it) or back to
    ``to_do``, with what was found (``outcome``) and any structured ``details``. The eligibility
    and affordability checks have their own endpoints. 409 once the pack is made."""

    permission_classes = [IsSignupStaff]

    @extend_schema_serializer(component_name="SignUpCheckRecord")
    class InputSerializer(serializers.Serializer):
        status = CheckStatusField(
            choices=SignUpCheck.Status.choices,
            error_messages={"required": "Choose done, not needed or not done",
                            "invalid_choice": "Choose done, not needed or not done"})
        outcome = serializers.CharField(required=False, allow_blank=True, default="",
                                        max_length=4000,
                                        help_text="What was checked and found, or why the "
                                                  "check is not needed.")
        details = CheckDetailsSerializer(required=False)

    @extend_schema(request=InputSerializer,
                   parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH,
                                                description="The check's code.")],
                   responses={200: SignUpSerializer, **error_responses(400, 403, 404, 409)},
                   examples=[OpenApiExample("Identity", request_only=True, value={
                       "status": "done", "outcome": "Passport seen for the lead tenant.",
                       "details": {"documents": "Passport"}})])
    def post(self, request: Request, pk: int, code: str) -> Response:
        signup = _worked_signup(request.user, pk)
        if code not in signup_checks.BY_CODE:
            raise not_found("check")
        data = validated(self.InputSerializer, request)
        details = {k: v for k, v in (data.get("details") or {}).items()}
        signups.signup_check_record(signup=signup, actor=request.user, code=code,
                                    status=data["status"], outcome=data["outcome"],
                                    details=details)
        return Response(_out(request, signup))


class SignUpEligibilityApi(LettingsApi):
    """Lettings staff: run the eligibility rules again for everyone who will sign the tenancy,
    on today's facts. The check is done only when the lead tenant (and every joint tenant) is
    eligible; the reasons are in its outcome. 409 once the pack is made."""

    permission_classes = [IsSignupStaff]

    @extend_schema_serializer(component_name="SignUpEligibility")
    class InputSerializer(serializers.Serializer):
        """Nothing to send: an empty object (or no body)."""

    @extend_schema(request=InputSerializer,
                   responses={200: SignUpSerializer, **error_responses(400, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        signup = _worked_signup(request.user, pk)
        validated(self.InputSerializer, request)
        signups.signup_eligibility_recheck(signup=signup, actor=request.user)
        return Response(_out(request, signup))


class SignUpAffordabilityApi(LettingsApi):
    """Lettings staff: assess affordability from the household's weekly income and essential
    outgoings (each in pounds; a figure not sent counts as £0) against the rent and charges.
    The result, its reasons and any money-advice referrals are kept with the figures. If the
    household cannot afford the home on the evidence the check stays not done unless
    ``proceed_reason`` says why the tenancy can still go ahead. Where the evidence is
    inconclusive, say so (``evidence_inconclusive``): the household gets the benefit of the
    doubt. 409 once the pack is made."""

    permission_classes = [IsSignupStaff]

    @extend_schema_serializer(component_name="SignUpAffordabilityRecord")
    class InputSerializer(serializers.Serializer):
        earnings = _weekly("Earnings after tax")
        universal_credit = _weekly("Universal Credit other than the housing element")
        housing_support = _weekly("Universal Credit housing element or Housing Benefit "
                                  "expected for this home")
        other_benefits = _weekly("Other benefits")
        other_income = _weekly("Other income")
        council_tax = _weekly("Council tax")
        utilities = _weekly("Gas, electricity and water")
        food_and_household = _weekly("Food and household")
        travel = _weekly("Travel")
        childcare = _weekly("Childcare")
        debt_repayments = _weekly("Debt repayments")
        other_outgoings = _weekly("Other essential outgoings")
        evidence_seen = serializers.CharField(required=False, allow_blank=True, default="",
                                              max_length=4000,
                                              help_text="Payslips, benefit statements, bank "
                                                        "statements seen.")
        evidence_inconclusive = serializers.BooleanField(
            required=False, default=False, error_messages={"invalid": "Give true or false"})
        proceed_reason = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=2000,
            help_text="Why the tenancy can go ahead although it is not affordable on the "
                      "evidence (for example a Discretionary Housing Payment was awarded).")

    @extend_schema(request=InputSerializer,
                   responses={200: SignUpSerializer, **error_responses(400, 403, 404, 409)},
                   examples=[OpenApiExample("Assessment", request_only=True, value={
                       "earnings": "320.00", "housing_support": "95.00",
                       "council_tax": "18.40", "utilities": "32.00",
                       "food_and_household": "85.00", "evidence_seen": "Payslips for 3 months"})])
    def post(self, request: Request, pk: int) -> Response:
        signup = _worked_signup(request.user, pk)
        data = validated(self.InputSerializer, request)
        figures = {name: data[name] for name in signups.AFFORDABILITY_FIELDS if name in data}
        signups.affordability_record(
            signup=signup, actor=request.user, figures=figures,
            evidence_seen=data["evidence_seen"],
            evidence_inconclusive=data["evidence_inconclusive"],
            proceed_reason=data["proceed_reason"])
        return Response(_out(request, signup))


class SignUpPackApi(LettingsApi):
    """Lettings staff: make the tenancy pack once the required checks are done and the start
    date and rent are set. It is rendered to PDF now and its SHA-256 kept; the applicant is
    told it is ready to sign. 201 with the sign-up (now ready to sign, with ``current_pack``);
    400 with what is missing; 409 if a pack is already current."""

    permission_classes = [IsSignupStaff]

    @extend_schema_serializer(component_name="SignUpPackMake")
    class InputSerializer(serializers.Serializer):
        """Nothing to send: an empty object (or no body)."""

    @extend_schema(request=InputSerializer,
                   responses={201: SignUpSerializer, **error_responses(400, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        signup = _worked_signup(request.user, pk)
        validated(self.InputSerializer, request)
        signups.pack_generate(signup=signup, actor=request.user)
        return Response(_out(request, signup), status=status.HTTP_201_CREATED)


class SignUpReopenApi(LettingsApi):
    """Lettings staff: something changed after the pack was made. The pack (and any signatures
    on it) is superseded and the sign-up goes back to its checks; make a new pack after. 409
    unless the sign-up is ready to sign or signed by the tenants."""

    permission_classes = [IsSignupStaff]

    @extend_schema_serializer(component_name="SignUpReopen")
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(
            max_length=300, error_messages={"required": "Enter what has changed",
                                            "blank": "Enter what has changed",
                                            "max_length": "Say what has changed in 300 "
                                                          "characters or fewer"})

    @extend_schema(request=InputSerializer,
                   responses={200: SignUpSerializer, **error_responses(400, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        signup = _worked_signup(request.user, pk)
        data = validated(self.InputSerializer, request)
        signups.signup_reopen(signup=signup, actor=request.user, reason=data["reason"])
        return Response(_out(request, signup))


class SignUpSignApi(LettingsApi):
    """A tenant signs the current pack: the applicant online for their own household, or
    lettings staff who may work the case recording a signature given in person. ``member`` is
    the tenant (see ``tenants``), ``typed_name`` their full name, ``confirmed`` that they have
    read the agreement and agree to its terms, and ``pdf_sha256`` the hash of the exact PDF they
    read. The time, IP address and browser are recorded. 201 with the sign-up; 409 if the pack
    has changed (read the new one) or the sign-up is not ready to sign."""

    permission_classes = [CanUseSignups]

    @extend_schema_serializer(component_name="SignUpSign")
    class InputSerializer(serializers.Serializer):
        member = serializers.IntegerField(
            min_value=1, max_value=MAX_ID, help_text="The signing tenant's id (``tenants``).",
            error_messages={"required": "Choose who is signing",
                            "null": "Choose who is signing",
                            "invalid": "Give the tenant's id as a number",
                            "min_value": "Choose who is signing",
                            "max_value": "Choose who is signing"})
        typed_name = _typed_name("Type your full name to sign")
        confirmed = _confirmed("That they have read the tenancy agreement and agree to its "
                               "terms.")
        pdf_sha256 = _sha256()

    @extend_schema(request=InputSerializer,
                   responses={201: SignUpSerializer, **error_responses(400, 403, 404, 409)},
                   examples=[OpenApiExample("Signature", request_only=True, value={
                       "member": 812, "typed_name": "Sam Example", "confirmed": True,
                       "pdf_sha256": "9f2c…"})])
    def post(self, request: Request, pk: int) -> Response:
        user = request.user
        signup = _signup(user, pk)
        in_person = policies.is_lettings_staff(user)
        if in_person and not policies.can_work_signup(user, signup):
            raise exceptions.PermissionDenied("You cannot work this case.")
        data = validated(self.InputSerializer, request)
        signups.tenant_sign(signup=signup, actor=user, member_id=data["member"],
                            typed_name=data["typed_name"], confirmed=data["confirmed"],
                            pdf_sha256=data["pdf_sha256"], ip_address=client_ip(request),
                            user_agent=request.META.get("HTTP_USER_AGENT", ""),
                            in_person=in_person)
        return Response(_out(request, signup), status=status.HTTP_201_CREATED)


class SignUpCountersignApi(LettingsApi):
    """Lettings staff who may work the case: counter-sign for the landlord once every tenant has
    signed, typing their own name as it is on their account. The signed copy is made and locked
    and the let completed: the tenancy starts, the home is let, the applicant housed. 201 with
    the tenancy; 409 if the tenants have not all signed, the pack has changed or the start date
    has passed."""

    permission_classes = [IsSignupStaff]

    @extend_schema_serializer(component_name="SignUpCountersign")
    class InputSerializer(serializers.Serializer):
        typed_name = _typed_name("Type your full name to counter-sign")
        confirmed = _confirmed("That they have checked the tenancy and sign for the landlord.")
        pdf_sha256 = _sha256()

    @extend_schema(request=InputSerializer,
                   responses={201: TenancySerializer, **error_responses(400, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        signup = _worked_signup(request.user, pk)
        data = validated(self.InputSerializer, request)
        tenancy = signups.countersign(
            signup=signup, actor=request.user, typed_name=data["typed_name"],
            confirmed=data["confirmed"], pdf_sha256=data["pdf_sha256"],
            ip_address=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", ""))
        fresh = _tenancies(request.user).filter(pk=tenancy.pk).first() or tenancy
        return Response(TenancySerializer(tenancy_data(request.user, fresh)).data,
                        status=status.HTTP_201_CREATED)


class _PdfApi(LettingsApi):
    permission_classes = [CanUseSignups]

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # The PDF is returned as it is; errors are JSON whatever the caller asked for.
        return super().perform_content_negotiation(request, force=True)


class SignUpPackPdfApi(_PdfApi):
    """The current tenancy pack, exactly as stored (its SHA-256 is ``current_pack.sha256``), for
    the callers who may see the sign-up. 404 when there is no current pack."""

    @extend_schema(operation_id="v1_signups_pack_pdf",
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                              **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> FileResponse:
        signup = _signup(request.user, pk)
        pack = signups.current_pack(signup)
        if pack is None or not pack.letter.pdf:
            raise not_found("tenancy pack for the sign-up")
        return private_pdf(pack.letter.pdf, f"Tenancy pack version {pack.version}.pdf")


class SignUpSignedPdfApi(_PdfApi):
    """The signed copy (the pack with its signature page), once counter-signed. 404 before."""

    @extend_schema(operation_id="v1_signups_signed_pdf",
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                              **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> FileResponse:
        signup = _signup(request.user, pk)
        if signup.status != SignUp.Status.SIGNED or not signup.signed_pdf:
            raise not_found("signed copy for the sign-up")
        return private_pdf(signup.signed_pdf, "Signed tenancy agreement.pdf")


# --- Tenancies ---------------------------------------------------------------------------------

def _tenancies(user: Any) -> QuerySet[Tenancy]:
    return policies.tenancies_visible_to(user).select_related(
        "application", "property", "property__landlord")


def tenancy_data(user: Any, tenancy: Tenancy) -> dict[str, Any]:
    """What the caller may see of one tenancy (void days, rent loss and the CORE record are for
    lettings staff and the landlord's users only)."""
    data: dict[str, Any] = {
        "id": tenancy.pk, "reference": tenancy.reference, "status": tenancy.status,
        "signup": tenancy.signup_id, "offer": tenancy.offer_id,
        "application": tenancy.application.reference, "property": _home(tenancy),
        "tenancy_type": tenancy.tenancy_type,
        "tenancy_type_display": tenancy.get_tenancy_type_display(),
        "converts_to": tenancy.converts_to, "start_date": tenancy.start_date,
        "probation_end_date": tenancy.probation_end_date,
        "fixed_term_end_date": tenancy.fixed_term_end_date,
        "tenants": list(tenancy.tenants), "is_joint": tenancy.is_joint,
        "weekly_rent": tenancy.weekly_rent, "service_charge": tenancy.service_charge,
        "support_charge": tenancy.support_charge, "rent_period": tenancy.rent_period,
    }
    if policies.is_lettings_staff(user) or account_policies.can_use_partner_surface(user):
        data.update(void_days=tenancy.void_days, rent_loss=tenancy.rent_loss,
                    core_status=tenancy.core_status, core_missing=list(tenancy.core_missing),
                    core_log=dict(tenancy.core_log))
    return data


class TenancyListApi(LettingsApi):
    """``GET``: the tenancies the caller may see, newest start date first; filter by ``status``
    and ``application`` (reference)."""

    permission_classes = [CanUseTenancies]
    pagination_class = Pagination

    @extend_schema_serializer(component_name="TenancyListFilter")
    class FilterSerializer(serializers.Serializer):
        status = serializers.CharField(required=False, allow_blank=True, max_length=12,
                                       help_text="active or ended.")
        application = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                            help_text="An application's reference.")

    @extend_schema(operation_id="v1_tenancies_list", parameters=[FilterSerializer],
                   responses={200: TenancySerializer(many=True), **error_responses(400, 403)})
    def get(self, request: Request) -> Response:
        f = validated(self.FilterSerializer, request, data=request.query_params)
        queryset = _tenancies(request.user).order_by("-start_date", "-pk")
        if f.get("status"):
            queryset = queryset.filter(status=f["status"].strip())
        if f.get("application"):
            queryset = queryset.filter(application__reference=f["application"].strip())
        paginator, page = paginate(self, request, queryset)
        data = TenancySerializer([tenancy_data(request.user, t) for t in page], many=True).data
        return paginator.get_paginated_response(data)


class TenancyDetailApi(LettingsApi):
    """``GET`` one tenancy the caller may see; any other is a 404."""

    permission_classes = [CanUseTenancies]

    @extend_schema(operation_id="v1_tenancies_retrieve",
                   responses={200: TenancySerializer, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        tenancy = _tenancies(request.user).filter(pk=pk).first() if pk <= MAX_ID else None
        if tenancy is None:
            raise not_found("tenancy")
        return Response(TenancySerializer(tenancy_data(request.user, tenancy)).data)
