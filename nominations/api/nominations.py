"""API: nominations to registered providers (``/api/v1/nominations/…``; DOMAIN.md §3.14,
§4.13, §5.4).

Who may use it:
- the council's lettings staff (officers, managers, administrators): every nomination and
  vacancy; they may accept, reject, answer a challenge and record outcomes on a provider's
  behalf (the history says a council officer recorded it);
- a registered provider's users (session or token): only their own organisation's vacancies and
  nominations, and about a nominee only the agreed minimum (``nominee``);
- nobody else: applicants and medical advisers are refused (403), anonymous callers 401/403.

A nomination or vacancy the caller may not see is a 404 (for reads and actions alike), so ids
cannot be probed. Bad input is a 400 with field errors; a move the nomination's status does not
allow is a 409; nothing changes on either.

Vacancies: a provider notifies one with ``POST /api/v1/nominations/vacancies/`` (one of its homes
by id, or a new home's details, plus the void's details): the void and the nomination request
are created together, or nothing is. ``POST /api/v1/voids/`` still records a void on its own
(without asking for a nominee).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from housing.core.api import Pagination
from housing.core.exceptions import ApplicationError
from lettings.api.common import (
    MAX_ID,
    LettingsApi,
    error_responses,
    not_found,
    paginate,
    validated,
)
from lettings.api.stock import PropertyInputSerializer, VoidInputSerializer
from lettings.policies import properties_visible_to
from lettings.services.stock import PROPERTY_FIELDS, VOID_FIELDS
from nominations import policies, selectors
from nominations.models import Nomination, NominationRequest
from nominations.rules.rejections import reason_label
from nominations.services import provider as services

OUTCOMES = ("viewing", "offer", "acceptance", "let", "withdrawn")


class CanUseNominations(BasePermission):
    """The council's lettings staff, and registered provider users (their own organisation)."""

    message = "Only lettings staff and registered provider users can use nominations."

    def has_permission(self, request: Any, view: Any) -> bool:
        return (policies.is_nominations_staff(request.user)
                or policies.provider_org(request.user) is not None)


class IsProviderUser(BasePermission):
    message = "Only a registered provider's users can notify a vacancy."

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return policies.provider_org(request.user) is not None


# --- Output --------------------------------------------------------------------------------------

@extend_schema_serializer(component_name="NominationHome")
class HomeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    address = serializers.CharField()
    bedrooms = serializers.IntegerField()


@extend_schema_serializer(component_name="NominationVacancy")
class VacancySerializer(serializers.Serializer):
    """A vacancy the provider notified (or the council opened): the council's nominate-by date
    is in working days from the notification (3 for a re-let, 10 for a first let by default)."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    provider = serializers.CharField(source="provider.code")
    home = HomeSerializer(source="property")
    void = serializers.IntegerField(source="void_id")
    route = serializers.CharField(help_text="advertised or nomination_only.")
    is_first_let = serializers.BooleanField()
    received_at = serializers.DateTimeField()
    nominate_by = serializers.DateField()
    nominate_working_days_left = serializers.SerializerMethodField()
    status = serializers.CharField(
        help_text="requested, nominated, let, returned_to_rp or withdrawn.")
    status_display = serializers.CharField(source="get_status_display")
    special_criteria = serializers.CharField()

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_nominate_working_days_left(self, request: NominationRequest) -> int | None:
        """Working days left for the council to nominate, while it must (negative: late)."""
        if request.status != NominationRequest.Status.REQUESTED:
            return None
        return selectors.days_left(request.nominate_by)


@extend_schema_serializer(component_name="NomineePerson")
class PersonSerializer(serializers.Serializer):
    relationship = serializers.CharField()
    age = serializers.IntegerField(allow_null=True)
    expected = serializers.BooleanField(help_text="An expected baby.")


@extend_schema_serializer(component_name="NomineeDebt")
class DebtSerializer(serializers.Serializer):
    total = serializers.DecimalField(max_digits=12, decimal_places=2,
                                     help_text="Housing debt counted under the scheme.")
    threshold = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    over_threshold = serializers.BooleanField()
    arrangement_kept = serializers.BooleanField()


@extend_schema_serializer(component_name="Nominee")
class NomineeSerializer(serializers.Serializer):
    """The agreed minimum about a nominee (data-sharing agreement): no notes, evidence,
    addresses or other applicants."""

    name = serializers.CharField()
    reference = serializers.CharField(help_text="The council's application reference.")
    household = PersonSerializer(many=True)
    bedroom_need = serializers.IntegerField(allow_null=True)
    band = serializers.CharField()
    band_name = serializers.CharField()
    band_date = serializers.DateField(allow_null=True)
    phone = serializers.CharField()
    email = serializers.CharField()
    access_need = serializers.CharField()
    debt = DebtSerializer(allow_null=True)


@extend_schema_serializer(component_name="NominationSummary")
class NominationListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    vacancy = serializers.CharField(source="request.reference")
    provider = serializers.CharField(source="request.provider.code")
    home = HomeSerializer(source="request.property")
    nominee_name = serializers.SerializerMethodField()
    rank = serializers.IntegerField()
    status = serializers.CharField(
        help_text="sent, rp_reviewing, accepted, offered, let, rp_rejected, challenged, "
                  "rejection_upheld, withdrawn or lapsed.")
    status_display = serializers.CharField(source="get_status_display")
    sent_at = serializers.DateTimeField()
    decide_by = serializers.DateField()
    decide_working_days_left = serializers.SerializerMethodField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decided_within_sla = serializers.BooleanField(allow_null=True)
    rejection_reason_code = serializers.CharField()
    rejection_reason = serializers.SerializerMethodField()
    rejection_reason_text = serializers.CharField()
    challenge_note = serializers.CharField()
    viewing_at = serializers.DateTimeField(allow_null=True)
    offered_on = serializers.DateField(allow_null=True)
    offer = serializers.IntegerField(source="offer_id", allow_null=True)
    tenancy_start_date = serializers.DateField(allow_null=True)
    withdrawn_reason = serializers.CharField()

    @extend_schema_field(serializers.CharField())
    def get_nominee_name(self, nomination: Nomination) -> str:
        return selectors.nominee_name(nomination)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_decide_working_days_left(self, nomination: Nomination) -> int | None:
        """Working days left for the provider to decide, while it has to."""
        if nomination.status not in selectors.PARTNER_UNDECIDED:
            return None
        return selectors.days_left(nomination.decide_by)

    @extend_schema_field(serializers.CharField())
    def get_rejection_reason(self, nomination: Nomination) -> str:
        """The agreement's words for the reason code."""
        if not nomination.rejection_reason_code:
            return ""
        return reason_label(nomination.request.agreement.rejection_reasons,
                            nomination.rejection_reason_code)


@extend_schema_serializer(component_name="Nomination")
class NominationDetailSerializer(NominationListSerializer):
    nominee = serializers.SerializerMethodField()
    rejection_reasons = serializers.SerializerMethodField()

    @extend_schema_field(NomineeSerializer)
    def get_nominee(self, nomination: Nomination) -> dict[str, Any]:
        return dict(NomineeSerializer(selectors.nominee_summary(nomination)).data)

    @extend_schema_field(serializers.ListField(child=serializers.DictField(
        child=serializers.CharField())))
    def get_rejection_reasons(self, nomination: Nomination) -> list[dict[str, str]]:
        """The reasons the agreement permits (``code`` and ``label``) for ``…/reject/``."""
        return [{"code": str(r.get("code")), "label": str(r.get("label") or r.get("code"))}
                for r in nomination.request.agreement.rejection_reasons or []
                if isinstance(r, dict) and r.get("code")]


# --- Lookups -------------------------------------------------------------------------------------

def _nominations(user: Any) -> QuerySet[Nomination]:
    return selectors.with_lead_names(
        policies.nominations_visible_to(user)
        .select_related("request", "request__provider", "request__property",
                        "request__agreement", "application"))


def _nomination(user: Any, pk: int) -> Nomination:
    nomination = _nominations(user).filter(pk=pk).first() if pk <= MAX_ID else None
    if nomination is None:
        raise not_found("nomination")
    return nomination


def _out(user: Any, pk: int) -> dict[str, Any]:
    return dict(NominationDetailSerializer(_nomination(user, pk)).data)


@extend_schema_field({"type": "string",
                      "description": "One of: " + ", ".join(Nomination.Status.values) + "."})
class _NominationStatusField(serializers.ChoiceField):
    """A string listing its values rather than an enum component named after the field."""


@extend_schema_field({"type": "string", "description": "One of: " + ", ".join(OUTCOMES) + "."})
class _OutcomeField(serializers.ChoiceField):
    pass


# --- Nominations ---------------------------------------------------------------------------------

class NominationListApi(LettingsApi):
    """``GET``: lettings staff see every nomination; a provider user only those sent to its
    organisation. Those waiting for the provider come first (soonest due first), then the rest
    newest first. Filter by ``status`` and (staff) ``provider`` code; for a provider user a
    ``provider`` other than its own finds nothing."""

    permission_classes = [CanUseNominations]
    pagination_class = Pagination

    @extend_schema_serializer(component_name="NominationListFilter")
    class FilterSerializer(serializers.Serializer):
        status = _NominationStatusField(choices=Nomination.Status.choices, required=False,
                                        allow_blank=True)
        provider = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                         help_text="A provider's organisation code.")

    @extend_schema(operation_id="v1_nominations_list", parameters=[FilterSerializer],
                   responses={200: NominationListSerializer(many=True),
                              **error_responses(400, 403)})
    def get(self, request: Request) -> Response:
        f = validated(self.FilterSerializer, request, data=request.query_params)
        queryset = selectors.partner_nominations(user=request.user, status=f.get("status") or "")
        if f.get("provider"):
            queryset = queryset.filter(request__provider__code__iexact=f["provider"].strip())
        paginator, page = paginate(self, request, queryset)
        return paginator.get_paginated_response(NominationListSerializer(page, many=True).data)


class NominationDetailApi(LettingsApi):
    """``GET`` one nomination with the agreed minimum about the nominee (``nominee``) and the
    reasons the agreement permits for rejecting. Another organisation's nomination is a 404."""

    permission_classes = [CanUseNominations]

    @extend_schema(operation_id="v1_nominations_retrieve",
                   responses={200: NominationDetailSerializer, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_out(request.user, pk))


class NominationReviewApi(LettingsApi):
    """The provider has started reviewing the nominee: "sent" becomes "provider reviewing"
    (opening it in the partner portal does the same). Provider users only; again changes
    nothing."""

    permission_classes = [CanUseNominations]

    @extend_schema_serializer(component_name="NominationReview")
    class InputSerializer(serializers.Serializer):
        """Nothing to send: an empty object (or no body)."""

    @extend_schema(request=InputSerializer,
                   responses={200: NominationDetailSerializer,
                              **error_responses(400, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        nomination = _nomination(request.user, pk)
        validated(self.InputSerializer, request)
        services.nomination_review_start(nomination=nomination, actor=request.user)
        return Response(_out(request.user, pk))


class NominationAcceptApi(LettingsApi):
    """Accept the nominee: the provider's user, or lettings staff on its behalf. Records
    whether the decision was within the provider's SLA. 409 once decided."""

    permission_classes = [CanUseNominations]

    @extend_schema_serializer(component_name="NominationAccept")
    class InputSerializer(serializers.Serializer):
        """Nothing to send: an empty object (or no body)."""

    @extend_schema(request=InputSerializer,
                   responses={200: NominationDetailSerializer,
                              **error_responses(400, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        nomination = _nomination(request.user, pk)
        validated(self.InputSerializer, request)
        services.nomination_accept(nomination=nomination, actor=request.user)
        return Response(_out(request.user, pk))


class NominationRejectApi(LettingsApi):
    """Reject the nominee with a ``reason_code`` the agreement permits (see the nomination's
    ``rejection_reasons``) and written reasons (``reason_text``, required: the applicant is
    told). The council then accepts or challenges the rejection. 409 once decided."""

    permission_classes = [CanUseNominations]

    @extend_schema_serializer(component_name="NominationReject")
    class InputSerializer(serializers.Serializer):
        reason_code = serializers.CharField(
            max_length=40, error_messages={"required": "Choose a reason your agreement allows",
                                           "blank": "Choose a reason your agreement allows"})
        reason_text = serializers.CharField(
            max_length=4000, error_messages={
                "required": "Explain why the nominee is rejected: the applicant is told",
                "blank": "Explain why the nominee is rejected: the applicant is told"})

    @extend_schema(request=InputSerializer,
                   responses={200: NominationDetailSerializer,
                              **error_responses(400, 403, 404, 409)},
                   examples=[OpenApiExample("Rejection", request_only=True, value={
                       "reason_code": "arrears",
                       "reason_text": "Rent arrears of £1,200 with no arrangement."})])
    def post(self, request: Request, pk: int) -> Response:
        nomination = _nomination(request.user, pk)
        data = validated(self.InputSerializer, request)
        services.nomination_reject(nomination=nomination, actor=request.user,
                                   reason_code=data["reason_code"],
                                   reason_text=data["reason_text"])
        return Response(_out(request.user, pk))


class NominationChallengeApi(LettingsApi):
    """Answer the council's challenge of a rejection: ``uphold`` true (the rejection stands; a
    ``note`` saying why is required) or false (the provider accepts the nominee). 409 unless
    the nomination is "challenged"."""

    permission_classes = [CanUseNominations]

    @extend_schema_serializer(component_name="NominationChallengeAnswer")
    class InputSerializer(serializers.Serializer):
        uphold = serializers.BooleanField(error_messages={
            "required": "Say whether the rejection stands"})
        note = serializers.CharField(required=False, allow_blank=True, max_length=4000,
                                     default="")

    @extend_schema(request=InputSerializer,
                   responses={200: NominationDetailSerializer,
                              **error_responses(400, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        nomination = _nomination(request.user, pk)
        data = validated(self.InputSerializer, request)
        services.challenge_decide(nomination=nomination, actor=request.user,
                                  uphold=data["uphold"], note=data["note"])
        return Response(_out(request.user, pk))


class NominationOutcomeApi(LettingsApi):
    """Record what happened after the provider accepted the nominee, one step at a time:

    - ``viewing`` with ``viewing_at`` (date and time);
    - ``offer`` with ``date`` (the day the provider offered the home): a lettings offer of type
      "nomination" is made and the applicant is under offer;
    - ``acceptance`` (the nominee accepted the offer; no date);
    - ``let`` with ``date`` (the tenancy start): the home is let and the applicant housed;
    - ``withdrawn`` with ``reason``: the nominee will not be let the home; any offer is
      withdrawn and the council nominates again.

    409 when the step does not follow from the nomination's status."""

    permission_classes = [CanUseNominations]

    @extend_schema_serializer(component_name="NominationOutcome")
    class InputSerializer(serializers.Serializer):
        outcome = _OutcomeField(choices=[(o, o) for o in OUTCOMES], error_messages={
            "required": "Say which outcome you are recording",
            "invalid_choice": "Choose viewing, offer, acceptance, let or withdrawn"})
        date = serializers.DateField(required=False, error_messages={
            "invalid": "Enter the date as a real date, like 2026-03-31"})
        viewing_at = serializers.DateTimeField(required=False, error_messages={
            "invalid": "Enter the viewing's date and time, like 2026-03-31T14:30:00+01:00"})
        reason = serializers.CharField(required=False, allow_blank=True, max_length=300)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            outcome = attrs.get("outcome")
            if outcome == "viewing" and not attrs.get("viewing_at"):
                raise serializers.ValidationError(
                    {"viewing_at": ["Enter the viewing's date and time"]})
            if outcome in ("offer", "let") and not attrs.get("date"):
                what = "the offer was made" if outcome == "offer" else "the tenancy starts"
                raise serializers.ValidationError({"date": [f"Enter the date {what}"]})
            if outcome == "withdrawn" and not (attrs.get("reason") or "").strip():
                raise serializers.ValidationError(
                    {"reason": ["Enter why the nominee will not be let the home"]})
            return attrs

    @extend_schema(request=InputSerializer,
                   responses={200: NominationDetailSerializer,
                              **error_responses(400, 403, 404, 409)},
                   examples=[OpenApiExample("Tenancy start", request_only=True,
                                            value={"outcome": "let", "date": "2026-04-06"})])
    def post(self, request: Request, pk: int) -> Response:
        nomination = _nomination(request.user, pk)
        data = validated(self.InputSerializer, request)
        user, outcome = request.user, data["outcome"]
        if outcome == "viewing":
            services.nomination_record_viewing(nomination=nomination, actor=user,
                                               viewing_at=data["viewing_at"])
        elif outcome == "offer":
            services.nomination_record_offer(nomination=nomination, actor=user,
                                             offered_on=data["date"])
        elif outcome == "acceptance":
            services.nomination_record_acceptance(nomination=nomination, actor=user)
        elif outcome == "let":
            try:
                services.nomination_record_let(nomination=nomination, actor=user,
                                               tenancy_start=data["date"])
            except ApplicationError as exc:
                if "tenancy_start" in exc.errors:
                    exc.errors = {"date": exc.errors["tenancy_start"],
                                  **{k: v for k, v in exc.errors.items()
                                     if k != "tenancy_start"}}
                raise
        else:
            services.nomination_withdraw(nomination=nomination, actor=user,
                                         reason=data["reason"])
        return Response(_out(user, pk))


# --- Vacancies -----------------------------------------------------------------------------------

@extend_schema_serializer(component_name="VacancyNotify")
class VacancyInputSerializer(serializers.Serializer):
    """One of the provider's homes (``property``, its id) or a home not yet on the stock list
    (``new_property``, its details as for ``POST /api/v1/properties/``), and the void's details
    (``void``, as for ``POST /api/v1/voids/``)."""

    property = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_ID,
        help_text="The id of one of your homes.",
        error_messages={"invalid": "Give the home's id as a number",
                        "min_value": "There is no home with that id.",
                        "max_value": "There is no home with that id."})
    new_property = PropertyInputSerializer(required=False, allow_null=True)
    void = VoidInputSerializer(error_messages={"required": "Give the void's details"})
    is_first_let = serializers.BooleanField(required=False, default=False)
    special_criteria = serializers.CharField(required=False, allow_blank=True, default="",
                                             max_length=2000)
    advertise = serializers.BooleanField(
        required=False, default=False,
        help_text="Ask the council to advertise the home and nominate from the shortlist "
                  "(default: the council nominates from the register).")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("property")) == bool(attrs.get("new_property")):
            raise serializers.ValidationError({"property": [
                "Give either the id of one of your homes or a new home's details"]})
        return attrs


def _body_field(name: str, new_home: bool) -> str:
    if new_home and name in PROPERTY_FIELDS:
        return f"new_property.{name}"
    if name in VOID_FIELDS:
        return f"void.{name}"
    return name


class VacancyListCreateApi(LettingsApi):
    """``GET``: vacancies (staff: all; a provider user: its own organisation's), open ones
    first. ``POST`` (provider users only): notify a vacancy; the void and the nomination request
    are created together (201), or nothing is (400 with field errors; 409 when the home already
    has an open void or the provider has no agreement in force)."""

    permission_classes = [CanUseNominations, IsProviderUser]
    pagination_class = Pagination

    @extend_schema(operation_id="v1_nominations_vacancies_list",
                   responses={200: VacancySerializer(many=True), **error_responses(403)})
    def get(self, request: Request) -> Response:
        rows = [row.request for row in selectors.partner_vacancies(user=request.user)]
        paginator, page = paginate(self, request, rows)
        return paginator.get_paginated_response(VacancySerializer(page, many=True).data)

    @extend_schema(request=VacancyInputSerializer,
                   responses={201: VacancySerializer, **error_responses(400, 403, 409)})
    def post(self, request: Request) -> Response:
        data = validated(VacancyInputSerializer, request)
        prop = None
        if data.get("property"):
            prop = properties_visible_to(request.user).filter(pk=data["property"]).first()
            if prop is None:
                raise serializers.ValidationError(
                    {"property": ["There is no home with that id."]})
        elif data.get("new_property") is not None:
            landlord = data["new_property"].get("landlord")
            if landlord is not None and landlord.pk != policies.provider_org(request.user):
                raise exceptions.PermissionDenied("You can only add homes your organisation "
                                                  "owns.")
        new_home = data.get("new_property") is not None
        try:
            vacancy = services.void_notify(
                actor=request.user, property=prop,
                property_data=dict(data["new_property"]) if new_home else None,
                void_data=dict(data["void"]), is_first_let=data["is_first_let"],
                special_criteria=data["special_criteria"], advertise=data["advertise"],
                now=timezone.now())
        except ApplicationError as exc:
            # Name the fields as the body does: new_property.reference, void.ready_to_let_date.
            exc.errors = {_body_field(name, new_home): notes for name, notes in exc.errors.items()}
            raise
        found = (policies.requests_visible_to(request.user)
                 .select_related("provider", "property").get(pk=vacancy.pk))
        return Response(VacancySerializer(found).data, status=status.HTTP_201_CREATED)
