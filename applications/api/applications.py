"""API: the housing register (``/api/v1/applications/…``).

Who may use it: caseworkers (officers, managers, administrators) on the cases they may see, and
applicants with a verified email on their own applications. Registered provider users and medical
advisers are refused (403). Every lookup goes through ``applications_visible_to``: an application
the user cannot see is a 404, never a 403, so references cannot be probed.

Each view authenticates, asks the policy, validates with its nested InputSerializer, calls one
service and answers with an output serializer. Services raise ``ApplicationError`` (400) or
``ConflictError`` (409, e.g. editing a submitted application); the global handler gives every
error the shape ``{"detail": "...", "errors": {"field": ["..."]}}``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from applications.api.serializers import (
    SECTION_DATA_CLASSES,
    AddressSerializer,
    ApplicationDetailSerializer,
    ApplicationSummarySerializer,
    ChangeSerializer,
    DecisionSerializer,
    DuplicateSerializer,
    ErrorSerializer,
    EvidenceSerializer,
    MemberSerializer,
    NoteSerializer,
    future_date,
    past_date,
)
from applications.models import (
    AddressHistory,
    Application,
    CaseNote,
    ChangeOfCircumstances,
    Decision,
    EvidenceItem,
    HouseholdMember,
)
from applications.policies import (
    applications_visible_to,
    can_edit_draft,
    can_view_as_applicant,
    can_work_case,
    is_caseworker,
)
from applications.rules.eligibility import IMMIGRATION_STATUS_LABELS, RIGHT_TO_RESIDE_LABELS
from applications.sections import SECTIONS_BY_KEY
from applications.selectors import (
    QUEUES,
    application_detail,
    application_list,
    case_notes,
    find_duplicates,
    proposed_tenants,
)
from applications.services import casework, decisions, drafts, evidence, submission
from housing.accounts import policies as account_policies
from housing.accounts.models import Role
from housing.core.api import Pagination
from housing.core.exceptions import ConflictError
from housing.scheme.selectors import scheme_in_force

User = get_user_model()

# --- Permissions (one-line adapters over the policies) -----------------------------------------


class IsCaseworkerOrApplicant(BasePermission):
    message = "Only council caseworkers and applicants can use the register."

    def has_permission(self, request: Any, view: Any) -> bool:
        return is_caseworker(request.user) or account_policies.can_use_applicant_account(
            request.user)


class IsCaseworker(BasePermission):
    message = "Only council caseworkers can do this."

    def has_permission(self, request: Any, view: Any) -> bool:
        return is_caseworker(request.user)


# --- Shared helpers ----------------------------------------------------------------------------

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Bad input: see ``errors``."),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed for this account."),
    404: OpenApiResponse(ErrorSerializer, description="No such application for this account."),
}
CONFLICT = {409: OpenApiResponse(ErrorSerializer,
                                 description="Conflicts with the application's current state.")}


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: {**ERRORS, **CONFLICT}[code] for code in codes}


class _RegisterApi(APIView):
    """JSON in, JSON out; a malformed body is a 400 on every write, even one without fields."""

    permission_classes = [IsCaseworkerOrApplicant]
    parser_classes: list[Any] = [JSONParser]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if request.method in ("POST", "PUT", "PATCH"):
            request.data  # noqa: B018 - parse now, so bad JSON fails before anything is done


class _NotPartialSchema(AutoSchema):
    """Our PATCHes save a whole section (or one person's immigration answers), not any subset
    of fields: document the body's required fields, as DRF would for a POST."""

    def _get_request_for_media_type(self, serializer: Any, direction: str = "request") -> Any:
        method, self.method = self.method, "POST"
        try:
            return super()._get_request_for_media_type(serializer, direction)
        finally:
            self.method = method


def _context(request: Request) -> dict[str, Any]:
    return {"request": request, "applicant_view": not is_caseworker(request.user)}


def _application(user: Any, reference: str) -> Application:
    """The application, if this user may see it (the policy decides); otherwise 404."""
    application = applications_visible_to(user).filter(reference=reference).first()
    if application is None:
        raise exceptions.NotFound("No application with that reference.")
    return application


def _require(allowed: bool) -> None:
    if not allowed:
        raise exceptions.PermissionDenied()


def _require_draft_editor(user: Any, application: Application) -> None:
    """Owner or caseworker on a draft. On a submitted application the same people get a 409
    (it can no longer change this way); anyone else a 403."""
    if can_edit_draft(user, application):
        return
    if can_view_as_applicant(user, application) or can_work_case(user, application):
        raise ConflictError("This application has been submitted, so it can no longer be "
                            "changed here. Report a change of circumstances instead.",
                            {"status": ["The application is no longer a draft."]})
    raise exceptions.PermissionDenied()


def _detail_data(request: Request, reference: str) -> dict[str, Any]:
    application = application_detail(user=request.user, reference=reference)
    if application is None:
        raise exceptions.NotFound("No application with that reference.")
    if is_caseworker(request.user):
        application.api_notes = list(  # type: ignore[attr-defined]
            case_notes(user=request.user, application=application))
    return dict(ApplicationDetailSerializer(application, context=_context(request)).data)


def _validated(serializer_class: type[serializers.Serializer], request: Request,
               **context: Any) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, context={"request": request, **context})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# --- The register ------------------------------------------------------------------------------


class ApplicationListCreateApi(_RegisterApi):
    """``GET``: caseworkers see the register (filter by ``status``, ``queue``, search with ``q``:
    reference, name, date of birth, NI number, postcode, email or phone); applicants see only
    their own applications. ``POST``: an applicant starts their application (the existing one
    comes back with 200 if they already have one); a caseworker starts one on behalf of the
    applicant account named by ``applicant_username`` (201)."""

    pagination_class = Pagination

    @extend_schema_serializer(component_name="ApplicationListFilter")
    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=Application.Status.choices, required=False,
                                         allow_blank=True)
        queue = serializers.ChoiceField(choices=[*QUEUES, "mine"], required=False,
                                        allow_blank=True,
                                        help_text="An officer queue (caseworkers).")
        q = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                  help_text="Search: reference, name, date of birth (dd/mm/yyyy),"
                                            " NI number, postcode, email or phone.")

    @extend_schema_serializer(component_name="ApplicationCreate")
    class CreateInputSerializer(serializers.Serializer):
        applicant_username = serializers.SlugRelatedField(
            slug_field="username", queryset=User.objects.filter(is_active=True), required=False,
            help_text="Caseworkers: the applicant's account. Applicants leave this out.",
            error_messages={"does_not_exist": "There is no applicant account with that "
                                              "username."})

        def validate_applicant_username(self, user: Any) -> Any:
            if not account_policies.has_role(user, Role.APPLICANT):
                raise serializers.ValidationError("There is no applicant account with that "
                                                  "username.")
            return user

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            staff = self.context["staff"]
            if staff and "applicant_username" not in attrs:
                raise serializers.ValidationError(
                    {"applicant_username": ["Enter the username of the applicant's account."]})
            if not staff and "applicant_username" in attrs:
                raise serializers.ValidationError(
                    {"applicant_username": ["Leave this out: you can only start your own "
                                            "application."]})
            return attrs

    @extend_schema(parameters=[FilterSerializer],
                   responses={200: ApplicationSummarySerializer(many=True), **_errors(400, 403)})
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        queryset = application_list(user=request.user,
                                    status=filters.validated_data.get("status", ""),
                                    queue=filters.validated_data.get("queue", ""),
                                    query=filters.validated_data.get("q", "").strip())
        paginator = Pagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        data = ApplicationSummarySerializer(page, many=True, context=_context(request)).data
        return paginator.get_paginated_response(data)

    @extend_schema(request=CreateInputSerializer,
                   responses={200: OpenApiResponse(ApplicationDetailSerializer,
                                                   description="The application they already "
                                                               "have."),
                              201: ApplicationDetailSerializer, **_errors(400, 403)})
    def post(self, request: Request) -> Response:
        staff = is_caseworker(request.user)
        data = _validated(self.CreateInputSerializer, request, staff=staff)
        applicant: Any = data["applicant_username"] if staff else request.user
        before = set(Application.objects.filter(applicant_user=applicant)
                     .values_list("pk", flat=True))
        application = drafts.application_start(user=applicant, actor=request.user)
        created = application.pk not in before
        return Response(_detail_data(request, application.reference),
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def _update_variant(key: str) -> type[serializers.Serializer]:
    """The PATCH body for one section, for the schema: ``{"section": key, "data": {...}}``."""
    name = "ApplicationUpdate" + "".join(part.title() for part in key.split("-"))
    cls = type(name, (serializers.Serializer,), {
        "__module__": __name__,
        "__doc__": f"Save the section “{SECTIONS_BY_KEY[key].title}”.",
        "section": serializers.ChoiceField(choices=[key]),
        "data": SECTION_DATA_CLASSES[key](),
    })
    return extend_schema_serializer(component_name=name)(cls)


@extend_schema_serializer(component_name="ApplicationUpdateAssignedOfficer")
class AssignOfficerSerializer(serializers.Serializer):
    """Caseworkers: assign the case to an officer who can work it (null to unassign)."""

    assigned_officer = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True), allow_null=True,
        error_messages={"does_not_exist": "There is no officer with that username."})

    def validate_assigned_officer(self, officer: Any) -> Any:
        if officer is not None and not can_work_case(officer, self.context["application"]):
            raise serializers.ValidationError("Choose an officer who can work this case.")
        return officer


UPDATE_REQUEST = PolymorphicProxySerializer(
    component_name="ApplicationUpdate",
    serializers=[*(_update_variant(key) for key in SECTION_DATA_CLASSES),
                 AssignOfficerSerializer],
    resource_type_field_name=None,
)


class ApplicationDetailApi(_RegisterApi):
    """``GET``: one application with its household, circumstances, outstanding evidence and
    decisions. Applicants do not receive staff-only fields (assigned officer, possible
    duplicates, restriction flags, notes).

    ``PATCH``: the owner (or a caseworker on their behalf) saves one section of a draft:
    ``{"section": "<key>", "data": {...}}``; every yes/no and multiple-choice answer in the
    section is required and unknown fields are refused. ``household`` and ``addresses`` take
    ``{"confirmed": true}`` once everyone and every address is listed. Caseworkers assign the
    case with ``{"assigned_officer": "<username>"}``. A submitted application cannot be edited
    (409): report a change of circumstances instead."""

    schema = _NotPartialSchema()

    @extend_schema_serializer(component_name="ApplicationUpdateEnvelope")
    class UpdateInputSerializer(serializers.Serializer):
        section = serializers.ChoiceField(
            choices=list(SECTION_DATA_CLASSES), required=False,
            error_messages={"invalid_choice": "“{input}” is not a section that can be saved "
                                              "here. Choose one of: "
                                              + ", ".join(SECTION_DATA_CLASSES) + "."})
        data = serializers.DictField(required=False)  # type: ignore[assignment]
        assigned_officer = serializers.CharField(required=False, allow_null=True,
                                                 max_length=150)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if ("section" in attrs) == ("assigned_officer" in attrs):
                raise serializers.ValidationError(
                    {"non_field_errors": ["Send a section with its data, or assigned_officer "
                                          "(not both)."]})
            if "section" in attrs and "data" not in attrs:
                raise serializers.ValidationError({"data": ["This field is required."]})
            return attrs

    @extend_schema(responses={200: ApplicationDetailSerializer, **_errors(403, 404)})
    def get(self, request: Request, reference: str) -> Response:
        return Response(_detail_data(request, reference))

    @extend_schema(
        request=UPDATE_REQUEST,
        responses={200: ApplicationDetailSerializer, **_errors(400, 403, 404, 409)},
        examples=[
            OpenApiExample("Current home", request_only=True, value={
                "section": "current-home",
                "data": {"tenure": "private_rent", "current_bedrooms": 1,
                         "shares_kitchen": False, "shares_bathroom": False,
                         "disrepair": False, "has_housing_need": True}}),
            OpenApiExample("Assign", request_only=True, value={"assigned_officer": "officer"}),
        ])
    def patch(self, request: Request, reference: str) -> Response:
        application = _application(request.user, reference)
        envelope = _validated(self.UpdateInputSerializer, request)
        if "assigned_officer" in envelope:
            _require(can_work_case(request.user, application))
            data = _validated(AssignOfficerSerializer, request, application=application)
            casework.application_assign(application=application, actor=request.user,
                                        officer=data["assigned_officer"])
            return Response(_detail_data(request, reference))

        key = envelope["section"]
        _require_draft_editor(request.user, application)
        section = SECTION_DATA_CLASSES[key](data=envelope["data"])
        if not section.is_valid():
            raise serializers.ValidationError({"data": section.errors})
        data = dict(section.validated_data)
        if key == "about-you":
            drafts.lead_details_save(application=application, actor=request.user, **data)
        elif key == "household":
            drafts.household_confirm(application=application, actor=request.user)
        elif key == "addresses":
            drafts.addresses_confirm(application=application, actor=request.user,
                                     years=scheme_in_force().address_history_years)
        else:
            drafts.circumstances_save(application=application, actor=request.user, section=key,
                                      data=data)
        return Response(_detail_data(request, reference))


class ApplicationDeclarationApi(_RegisterApi):
    """The owner (or a caseworker on their behalf) accepts the declaration once every other
    section is complete. Sending this confirms the information is true and complete (giving
    false information is an offence: Housing Act 1996 s171); ``consent`` says whether the
    council may check it with other organisations."""

    @extend_schema_serializer(component_name="ApplicationDeclaration")
    class InputSerializer(serializers.Serializer):
        consent = serializers.BooleanField(
            help_text="May the council check the answers with landlords, the Home Office and "
                      "others?")

    @extend_schema(request=InputSerializer,
                   responses={200: ApplicationDetailSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request, reference: str) -> Response:
        application = _application(request.user, reference)
        _require_draft_editor(request.user, application)
        data = _validated(self.InputSerializer, request)
        drafts.declaration_accept(application=application, actor=request.user,
                                  consent=data["consent"])
        return Response(_detail_data(request, reference))


class ApplicationSubmitApi(_RegisterApi):
    """Submit a complete draft: it becomes "submitted", the evidence it needs is requested with
    a deadline, the bedroom need is worked out and the acknowledgement letter is sent. An
    incomplete draft is a 400 listing what is missing; submitting again is a 409."""

    @extend_schema(request=None,
                   responses={200: ApplicationDetailSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request, reference: str) -> Response:
        application = _application(request.user, reference)
        _require_draft_editor(request.user, application)
        submission.application_submit(application=application, actor=request.user)
        return Response(_detail_data(request, reference))


# --- Household members and their addresses -----------------------------------------------------


def _member(application: Application, member_id: int) -> HouseholdMember:
    member = application.members.filter(pk=member_id).first()
    if member is None:
        raise exceptions.NotFound("That person is not on this application.")
    return member


class MemberListCreateApi(_RegisterApi):
    """``GET``: the household with each person's address history. ``POST``: add a person to a
    draft (a joint applicant or partner is linked to the lead as a couple; give a date of birth,
    or a due date for a baby on the way)."""

    @extend_schema_serializer(component_name="ApplicationMemberCreate")
    class InputSerializer(serializers.Serializer):
        role = serializers.ChoiceField(choices=[
            (value, label) for value, label in HouseholdMember.Role.choices
            if value != HouseholdMember.Role.LEAD])
        first_name = serializers.CharField(max_length=100)
        last_name = serializers.CharField(max_length=100)
        date_of_birth = serializers.DateField(required=False, allow_null=True)
        due_date = serializers.DateField(required=False, allow_null=True,
                                         help_text="Only for a baby not born yet.")
        sex = serializers.ChoiceField(choices=HouseholdMember.Sex.values, required=False,
                                      allow_blank=True)

        def validate_date_of_birth(self, value: Any) -> Any:
            return past_date(value, "Date of birth") if value else value

        def validate_due_date(self, value: Any) -> Any:
            return future_date(value, "Due date") if value else value

    @extend_schema(responses={200: MemberSerializer(many=True), **_errors(403, 404)})
    def get(self, request: Request, reference: str) -> Response:
        application = _application(request.user, reference)
        members = application.members.prefetch_related("addresses").order_by("id")
        return Response(MemberSerializer(members, many=True, context=_context(request)).data)

    @extend_schema(request=InputSerializer,
                   responses={201: MemberSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request, reference: str) -> Response:
        application = _application(request.user, reference)
        _require_draft_editor(request.user, application)
        data = _validated(self.InputSerializer, request)
        member = drafts.member_add(application=application, actor=request.user, data=data)
        return Response(MemberSerializer(member, context=_context(request)).data,
                        status=status.HTTP_201_CREATED)


class MemberDetailApi(_RegisterApi):
    """``PATCH``: a lead or joint applicant's nationality and immigration status on a draft (the
    "Nationality and immigration status" section is complete once every proposed tenant has
    one). ``DELETE``: remove someone other than the lead from a draft."""

    schema = _NotPartialSchema()

    @extend_schema_serializer(component_name="ApplicationMemberImmigration")
    class InputSerializer(serializers.Serializer):
        nationality = serializers.CharField(max_length=60)
        immigration_status = serializers.ChoiceField(
            choices=[(s.value, label) for s, label in IMMIGRATION_STATUS_LABELS.items()])
        status_expiry_date = serializers.DateField(required=False, allow_null=True)
        right_to_reside = serializers.ChoiceField(
            choices=[(r.value, label) for r, label in RIGHT_TO_RESIDE_LABELS.items()
                     if r.value != "not_known"],
            required=False, allow_blank=True,
            help_text="For pre-settled status: what they are doing in the UK.")
        is_existing_social_tenant = serializers.BooleanField()

    @extend_schema(request=InputSerializer,
                   responses={200: MemberSerializer, **_errors(400, 403, 404, 409)})
    def patch(self, request: Request, reference: str, member_id: int) -> Response:
        application = _application(request.user, reference)
        member = _member(application, member_id)
        _require_draft_editor(request.user, application)
        if not member.is_proposed_tenant:
            raise serializers.ValidationError(
                {"non_field_errors": ["Immigration status is recorded for the lead and joint "
                                      "applicants only."]})
        data = _validated(self.InputSerializer, request)
        member = drafts.member_immigration_save(application=application, actor=request.user,
                                                member_id=member.pk, data=data)
        return Response(MemberSerializer(member, context=_context(request)).data)

    @extend_schema(responses={204: None, **_errors(400, 403, 404, 409)})
    def delete(self, request: Request, reference: str, member_id: int) -> Response:
        application = _application(request.user, reference)
        member = _member(application, member_id)
        _require_draft_editor(request.user, application)
        drafts.member_remove(application=application, actor=request.user, member_id=member.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AddressCreateApi(_RegisterApi):
    """Add an address to a person's history on a draft (leave ``to_date`` out for where they
    live now)."""

    @extend_schema_serializer(component_name="ApplicationAddressCreate")
    class InputSerializer(serializers.Serializer):
        line_1 = serializers.CharField(max_length=200)
        line_2 = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                       default="")
        town = serializers.CharField(max_length=100)
        postcode = serializers.CharField(max_length=10, required=False, allow_blank=True,
                                         default="")
        from_date = serializers.DateField()
        to_date = serializers.DateField(required=False, allow_null=True, default=None,
                                        help_text="Leave out if they live there now.")
        in_district = serializers.BooleanField(help_text="In the council's area?")
        tenure = serializers.CharField(max_length=32, required=False, allow_blank=True,
                                       default="")
        reason_for_leaving = serializers.CharField(max_length=200, required=False,
                                                   allow_blank=True, default="")
        gap_reason = serializers.ChoiceField(choices=AddressHistory.GapReason.choices,
                                             required=False, allow_blank=True, default="")

        def validate_from_date(self, value: Any) -> Any:
            return past_date(value, "The date they moved in")

        def validate_to_date(self, value: Any) -> Any:
            return past_date(value, "The date they moved out") if value else value

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if attrs.get("to_date") and attrs["to_date"] < attrs["from_date"]:
                raise serializers.ValidationError(
                    {"to_date": ["The date they moved out must be after they moved in."]})
            return attrs

    @extend_schema(request=InputSerializer,
                   responses={201: AddressSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request, reference: str, member_id: int) -> Response:
        application = _application(request.user, reference)
        member = _member(application, member_id)
        _require_draft_editor(request.user, application)
        data = _validated(self.InputSerializer, request)
        address = drafts.address_add(application=application, actor=request.user,
                                     member_id=member.pk, data=data)
        return Response(AddressSerializer(address).data, status=status.HTTP_201_CREATED)


class AddressDeleteApi(_RegisterApi):
    """Remove an address from a draft."""

    @extend_schema(responses={204: None, **_errors(403, 404, 409)})
    def delete(self, request: Request, reference: str, address_id: int) -> Response:
        application = _application(request.user, reference)
        if not AddressHistory.objects.filter(pk=address_id,
                                             member__application=application).exists():
            raise exceptions.NotFound("That address is not on this application.")
        _require_draft_editor(request.user, application)
        drafts.address_remove(application=application, actor=request.user,
                              address_id=address_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Evidence ----------------------------------------------------------------------------------


def _evidence_item(application: Application, item_id: int) -> EvidenceItem:
    item = application.evidence.select_related("member").filter(pk=item_id).first()
    if item is None:
        raise exceptions.NotFound("That document is not on this application.")
    return item


class EvidenceListRequestApi(_RegisterApi):
    """``GET``: the documents asked for and what happened to each. ``POST`` (caseworkers): ask
    for a document on a live application; a new submission moves to "awaiting information" and
    the applicant gets a request letter."""

    # Named after the output so the schema reads "ApplicationEvidenceItemRequest".
    @extend_schema_serializer(component_name="ApplicationEvidenceItem")
    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=EvidenceItem.Kind.choices)
        description = serializers.CharField(max_length=300,
                                            help_text="What we need, in plain English.")
        member = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                          help_text="The person it is about, if one.")
        due_date = serializers.DateField(required=False, allow_null=True,
                                         help_text="Default: the application's evidence "
                                                   "deadline.")

        def validate_due_date(self, value: Any) -> Any:
            return future_date(value, "The due date") if value else value

    @extend_schema(responses={200: EvidenceSerializer(many=True), **_errors(403, 404)})
    def get(self, request: Request, reference: str) -> Response:
        application = _application(request.user, reference)
        items = application.evidence.select_related("member").order_by("id")
        return Response(EvidenceSerializer(items, many=True, context=_context(request)).data)

    @extend_schema(request=InputSerializer,
                   responses={201: EvidenceSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request, reference: str) -> Response:
        application = _application(request.user, reference)
        _require(can_work_case(request.user, application))
        data = _validated(self.InputSerializer, request)
        item = evidence.evidence_request(application=application, actor=request.user,
                                         kind=data["kind"], description=data["description"],
                                         member_id=data.get("member"),
                                         due_date=data.get("due_date"))
        return Response(EvidenceSerializer(item, context=_context(request)).data,
                        status=status.HTTP_201_CREATED)


class EvidenceUploadApi(_RegisterApi):
    """The owning applicant (or a caseworker) uploads a document against an item: a PDF, JPG or
    PNG under 10MB. The type is decided by the file's content, not its name."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema_serializer(component_name="ApplicationEvidenceUpload")
    class InputSerializer(serializers.Serializer):
        file = serializers.FileField(help_text="PDF, JPG or PNG, smaller than 10MB.")

    @extend_schema(request={"multipart/form-data": InputSerializer},
                   responses={200: EvidenceSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request, reference: str, item_id: int) -> Response:
        application = _application(request.user, reference)
        item = _evidence_item(application, item_id)
        _require(can_view_as_applicant(request.user, application)
                 or can_work_case(request.user, application))
        data = _validated(self.InputSerializer, request)
        item = evidence.evidence_upload(item=item, actor=request.user, upload=data["file"])
        return Response(EvidenceSerializer(item, context=_context(request)).data)


class EvidenceVerifyApi(_RegisterApi):
    """Caseworkers: accept a received document, saying how it was checked. When nothing is
    outstanding the case moves to "under assessment"."""

    permission_classes = [IsCaseworker]

    @extend_schema_serializer(component_name="ApplicationEvidenceVerify")
    class InputSerializer(serializers.Serializer):
        method = serializers.ChoiceField(choices=[
            (value, label) for value, label in EvidenceItem.Method.choices if value])

    @extend_schema(request=InputSerializer,
                   responses={200: EvidenceSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request, reference: str, item_id: int) -> Response:
        application = _application(request.user, reference)
        item = _evidence_item(application, item_id)
        _require(can_work_case(request.user, application))
        data = _validated(self.InputSerializer, request)
        item = evidence.evidence_verify(item=item, actor=request.user, method=data["method"])
        return Response(EvidenceSerializer(item, context=_context(request)).data)


class EvidenceRejectApi(_RegisterApi):
    """Caseworkers: refuse a received document with a reason the applicant will read."""

    permission_classes = [IsCaseworker]

    @extend_schema_serializer(component_name="ApplicationEvidenceReject")
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=300)

    @extend_schema(request=InputSerializer,
                   responses={200: EvidenceSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request, reference: str, item_id: int) -> Response:
        application = _application(request.user, reference)
        item = _evidence_item(application, item_id)
        _require(can_work_case(request.user, application))
        data = _validated(self.InputSerializer, request)
        item = evidence.evidence_reject(item=item, actor=request.user, reason=data["reason"])
        return Response(EvidenceSerializer(item, context=_context(request)).data)


# --- Casework ----------------------------------------------------------------------------------


class NoteListCreateApi(_RegisterApi):
    """Caseworkers only. ``GET``: the case notes this officer may read (restricted notes only
    for the restricted group). ``POST``: add a note; domestic abuse, MAPPA and safeguarding
    notes are restricted unless ``restricted`` says otherwise."""

    permission_classes = [IsCaseworker]

    @extend_schema_serializer(component_name="ApplicationCaseNoteCreate")
    class InputSerializer(serializers.Serializer):
        category = serializers.ChoiceField(choices=CaseNote.Category.choices)
        body = serializers.CharField(max_length=10000)
        restricted = serializers.BooleanField(required=False, allow_null=True, default=None,
                                              help_text="Default: by category.")

    @extend_schema(responses={200: NoteSerializer(many=True), **_errors(403, 404)})
    def get(self, request: Request, reference: str) -> Response:
        application = _application(request.user, reference)
        notes = case_notes(user=request.user, application=application)
        return Response(NoteSerializer(notes, many=True).data)

    @extend_schema(request=InputSerializer,
                   responses={201: NoteSerializer, **_errors(400, 403, 404)})
    def post(self, request: Request, reference: str) -> Response:
        application = _application(request.user, reference)
        _require(can_work_case(request.user, application))
        data = _validated(self.InputSerializer, request)
        note = casework.case_note_add(application=application, actor=request.user,
                                      category=data["category"], body=data["body"],
                                      restricted=data["restricted"])
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)


class ChangeReportApi(_RegisterApi):
    """Report a change of circumstances on a live application (the applicant, or a caseworker on
    their behalf). A change that could affect priority or bedroom size pauses bidding on an
    active application until an officer checks it."""

    # Named after the output so the schema reads "ApplicationChangeRequest".
    @extend_schema_serializer(component_name="ApplicationChange")
    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=ChangeOfCircumstances.Kind.choices)
        details = serializers.CharField(max_length=3000)

    @extend_schema(request=InputSerializer,
                   responses={201: ChangeSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request, reference: str) -> Response:
        application = _application(request.user, reference)
        data = _validated(self.InputSerializer, request)
        change = casework.change_report(application=application, actor=request.user,
                                        kind=data["kind"], details=data["details"])
        return Response(ChangeSerializer(change).data, status=status.HTTP_201_CREATED)


def _current_decisions(request: Request, reference: str, kind: str) -> list[Decision]:
    application = application_detail(user=request.user, reference=reference)
    if application is None:
        raise exceptions.NotFound("No application with that reference.")
    return [d for d in application.decisions.all() if d.kind == kind and d.is_current]


class _OverrideList(serializers.ListSerializer):
    def to_internal_value(self, data: Any) -> Any:
        # A list of the wrong shape is an error on "overrides" itself.
        if not isinstance(data, list):
            raise serializers.ValidationError(["Give the overrides as a list."])
        return super().to_internal_value(data)


@extend_schema_serializer(component_name="EligibilityOverride")
class EligibilityOverrideSerializer(serializers.Serializer):
    class Meta:
        list_serializer_class = _OverrideList

    member = serializers.IntegerField(help_text="A lead or joint applicant on this case.")
    outcome = serializers.ChoiceField(choices=["eligible", "ineligible", "exempt_existing_tenant"])
    reason = serializers.CharField(max_length=2000, help_text="Why you depart from the proposal.")


class EligibilityDecideApi(_RegisterApi):
    """Caseworkers: decide eligibility for every lead and joint applicant of a case under
    assessment. The rules propose; each of ``overrides`` departs from the proposal for one
    person, with a reason. An ineligible household moves to "not eligible" and gets a letter
    with review rights. Outside assessment this is a 409."""

    permission_classes = [IsCaseworker]

    @extend_schema_serializer(component_name="EligibilityDecide")
    class InputSerializer(serializers.Serializer):
        overrides = EligibilityOverrideSerializer(  # type: ignore[call-arg]
            many=True, required=False, max_length=10)

        def validate_overrides(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
            tenants = self.context["tenant_ids"]
            errors: list[dict[str, list[str]]] = []
            seen: set[int] = set()
            for row in rows:
                problem: dict[str, list[str]] = {}
                if row["member"] not in tenants:
                    problem = {"member": ["Choose a lead or joint applicant on this case."]}
                elif row["member"] in seen:
                    problem = {"member": ["Give one decision per person."]}
                seen.add(row["member"])
                errors.append(problem)
            if any(errors):
                raise serializers.ValidationError(errors)
            return rows

    @extend_schema_serializer(component_name="EligibilityDecision")
    class OutputSerializer(serializers.Serializer):
        outcome = serializers.CharField(
            help_text="The household: eligible, eligible_sole_tenancy_only or ineligible.")
        decisions = DecisionSerializer(many=True)

    @extend_schema(request=InputSerializer,
                   responses={200: OutputSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request, reference: str) -> Response:
        application = _application(request.user, reference)
        _require(can_work_case(request.user, application))
        tenant_ids = {m.pk for m in proposed_tenants(application)}
        data = _validated(self.InputSerializer, request, tenant_ids=tenant_ids)
        outcome = decisions.eligibility_decide(
            application=application, actor=request.user,
            overrides={row["member"]: (row["outcome"], row["reason"])
                       for row in data.get("overrides", [])})
        current = _current_decisions(request, reference, Decision.Kind.ELIGIBILITY)
        return Response(self.OutputSerializer({"outcome": outcome, "decisions": current},
                                              context=_context(request)).data)


class QualificationDecideApi(_RegisterApi):
    """Caseworkers: decide qualification once eligibility is decided. Without ``outcome`` the
    rules' proposal is confirmed; with it the officer overrides, and ``reason`` is required.
    A household that does not qualify moves to "does not qualify" and gets a letter with
    review rights. Outside assessment, or before eligibility, this is a 409."""

    permission_classes = [IsCaseworker]

    @extend_schema_serializer(component_name="QualificationDecide")
    class InputSerializer(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=["qualifies", "does_not_qualify"],
                                          required=False, allow_blank=True,
                                          help_text="Only to override the proposal.")
        reason = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                                       default="")

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if attrs.get("outcome") and not attrs["reason"].strip():
                raise serializers.ValidationError(
                    {"reason": ["Give your reason for departing from the proposal."]})
            return attrs

    @extend_schema_serializer(component_name="QualificationDecision")
    class OutputSerializer(serializers.Serializer):
        outcome = serializers.CharField(help_text="qualifies or does_not_qualify")
        decision = DecisionSerializer()

    @extend_schema(request=InputSerializer,
                   responses={200: OutputSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request: Request, reference: str) -> Response:
        application = _application(request.user, reference)
        _require(can_work_case(request.user, application))
        data = _validated(self.InputSerializer, request)
        outcome = decisions.qualification_decide(
            application=application, actor=request.user,
            override_outcome=data.get("outcome", ""), override_reason=data["reason"])
        current = _current_decisions(request, reference, Decision.Kind.QUALIFICATION)
        return Response(self.OutputSerializer({"outcome": outcome, "decision": current[0]},
                                              context=_context(request)).data)


class DuplicatesApi(_RegisterApi):
    """Caseworkers: check now for live applications that share a person with this one (same
    name and date of birth, NI number or email)."""

    permission_classes = [IsCaseworker]

    @extend_schema(request=None,
                   responses={200: DuplicateSerializer(many=True), **_errors(403, 404)})
    def post(self, request: Request, reference: str) -> Response:
        application = _application(request.user, reference)
        _require(can_work_case(request.user, application))
        matches = find_duplicates(application=application)
        return Response(DuplicateSerializer(matches, many=True).data)

