"""Output serializers shared by the register endpoints, and the input serializers built from the
application form's sections.

Serializers here only shape data: no business rules. Staff-only fields are dropped for applicants
(``context["applicant_view"]``) rather than sent as nulls, and are optional in the schema.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

from django.db import models
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from applications.models import (
    Application,
    CaseNote,
    ChangeOfCircumstances,
    Circumstances,
    Decision,
    EvidenceItem,
    HouseholdMember,
)
from applications.sections import SECTIONS, Section


class AudienceSerializer(serializers.Serializer):
    """Leaves out ``staff_only`` fields when the reader is the applicant. Without that context
    (schema generation) every field is shown."""

    staff_only: ClassVar[tuple[str, ...]] = ()

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.context.get("applicant_view"):
            for name in self.staff_only:
                fields.pop(name, None)
        return fields


# Staff-only fields are optional in the schema: applicants never receive them.
STAFF_ONLY: dict[str, Any] = {"required": False, "help_text": "Staff only."}


@extend_schema_serializer(component_name="ApiError")
class ErrorSerializer(serializers.Serializer):
    """Every error response: 400 (bad input), 403, 404 and 409 (conflict)."""

    detail = serializers.CharField()
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()))


# --- Household ---------------------------------------------------------------------------------

@extend_schema_serializer(component_name="ApplicationAddress")
class AddressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    line_1 = serializers.CharField()
    line_2 = serializers.CharField()
    town = serializers.CharField()
    postcode = serializers.CharField()
    from_date = serializers.DateField()
    to_date = serializers.DateField(allow_null=True)
    in_district = serializers.BooleanField()
    tenure = serializers.CharField()
    reason_for_leaving = serializers.CharField()
    gap_reason = serializers.CharField()


@extend_schema_serializer(component_name="ApplicationMember")
class MemberSerializer(AudienceSerializer):
    staff_only = ("habitually_resident", "sponsored_immigrant")

    id = serializers.IntegerField()
    role = serializers.ChoiceField(choices=HouseholdMember.Role.choices)
    role_display = serializers.CharField(source="get_role_display")
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    sex = serializers.CharField()
    ni_number = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    partner = serializers.IntegerField(source="partner_id", allow_null=True,
                                       help_text="The member they live with as a couple.")
    to_be_rehoused = serializers.BooleanField()
    main_home = serializers.BooleanField()
    cannot_share_bedroom = serializers.BooleanField()
    nationality = serializers.CharField()
    immigration_status = serializers.CharField()
    status_expiry_date = serializers.DateField(allow_null=True)
    right_to_reside = serializers.CharField()
    is_existing_social_tenant = serializers.BooleanField()
    habitually_resident = serializers.BooleanField(allow_null=True, **STAFF_ONLY)
    sponsored_immigrant = serializers.BooleanField(**STAFF_ONLY)
    addresses = AddressSerializer(many=True)


# --- Circumstances -----------------------------------------------------------------------------

_CIRCUMSTANCES_FIELDS = [name for section in SECTIONS for name in section.circumstances_fields]


@extend_schema_serializer(component_name="ApplicationCircumstances")
class CircumstancesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Circumstances
        fields = [*_CIRCUMSTANCES_FIELDS, "declaration_accepted_at", "consent_data_sharing"]
        read_only_fields = fields


class StrictSerializerMixin:
    """Refuses fields the serializer does not know, so a typo is a 400, not silently ignored."""

    fields: Any

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            unknown = sorted(str(key) for key in data if key not in self.fields)
            if unknown:
                raise serializers.ValidationError(
                    {key: ["This field is not part of this section."] for key in unknown})
        return super().to_internal_value(data)  # type: ignore[misc]


class SectionDataBase(StrictSerializerMixin, serializers.ModelSerializer):
    """Base for the answers to one section kept on ``Circumstances`` (see section_data_class)."""


def _section_class_name(section: Section) -> str:
    return "".join(part.title() for part in section.key.split("-")) + "SectionData"


def section_data_class(section: Section) -> type[serializers.ModelSerializer]:
    """A serializer for one section's answers, built from the model fields it lists. As on the
    portal's form, every yes/no and multiple-choice question must be answered; numbers, dates
    and free text are optional. Types and choices come from the model, numbers and amounts
    cannot be negative, free text is bounded."""
    extra: dict[str, dict[str, Any]] = {}
    for name in section.circumstances_fields:
        field = Circumstances._meta.get_field(name)
        if isinstance(field, models.BooleanField):
            extra[name] = {"required": True, "allow_null": False}
        elif getattr(field, "choices", None):
            extra[name] = {"required": True, "allow_blank": False}
        elif isinstance(field, models.SmallIntegerField):
            extra[name] = {"min_value": 0, "max_value": 32767}
        elif isinstance(field, models.IntegerField):
            extra[name] = {"min_value": 0, "max_value": 2_147_483_647}
        elif isinstance(field, models.DecimalField):
            extra[name] = {"min_value": 0}
        elif isinstance(field, models.TextField):
            extra[name] = {"max_length": 5000}
    meta = type("Meta", (), {"model": Circumstances, "fields": list(section.circumstances_fields),
                             "extra_kwargs": extra})
    name = _section_class_name(section)
    cls = type(name, (SectionDataBase,), {"Meta": meta, "__module__": __name__,
                                          "__doc__": f"Answers for “{section.title}”."})
    return extend_schema_serializer(component_name=name)(cls)


_NI_NUMBER = r"^\s*[A-CEGHJ-PR-TW-Za-ceghj-pr-tw-z]{2}(\s*\d){6}\s*[A-Da-d]\s*$"


@extend_schema_serializer(component_name="AboutYouSectionData")
class AboutYouSerializer(StrictSerializerMixin, serializers.Serializer):
    """Answers for “About you” (the lead applicant). The whole section is saved each time."""

    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField()
    sex = serializers.ChoiceField(choices=HouseholdMember.Sex.values,
                                  help_text="Used only to work out bedroom need.")
    ni_number = serializers.RegexField(
        _NI_NUMBER, max_length=13, required=False, allow_blank=True, default="",
        error_messages={"invalid": "Enter a National Insurance number in the correct "
                                   "format"})
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.EmailField(max_length=254)

    def validate_date_of_birth(self, value: dt.date) -> dt.date:
        return past_date(value, "Date of birth")


@extend_schema_serializer(component_name="ConfirmSectionData")
class SectionConfirmSerializer(StrictSerializerMixin, serializers.Serializer):
    """For “People who will live with you” and “Where you have lived”: the people and
    addresses are added through their own endpoints; this says the list is complete."""

    confirmed = serializers.BooleanField()

    def validate_confirmed(self, value: bool) -> bool:
        if value is not True:
            raise serializers.ValidationError("Send true once everything is listed.")
        return value


def past_date(value: dt.date, label: str) -> dt.date:
    if value > timezone.localdate():
        raise serializers.ValidationError(f"{label} must be today or in the past.")
    if value.year < 1900:
        raise serializers.ValidationError(f"{label} must be after 1900.")
    return value


def future_date(value: dt.date, label: str) -> dt.date:
    if value < timezone.localdate():
        raise serializers.ValidationError(f"{label} must be today or in the future.")
    return value


# The sections saved with PATCH /applications/{reference}/, and the serializer for each one's
# ``data``. Immigration status is saved per person (PATCH .../members/{id}/) and the
# declaration has its own endpoint.
SECTION_DATA_CLASSES: dict[str, type[serializers.Serializer]] = {
    "about-you": AboutYouSerializer,
    "household": SectionConfirmSerializer,
    "addresses": SectionConfirmSerializer,
    **{section.key: section_data_class(section) for section in SECTIONS
       if section.circumstances_fields},
}


# --- Evidence, notes, changes, decisions -------------------------------------------------------

def _values_help(choices: type[models.TextChoices]) -> str:
    # A plain string in the schema: OpenAPI enums are named by field, and "status" already
    # names the application's lifecycle.
    return "One of: " + ", ".join(f"{value} ({label})" for value, label in choices.choices) + "."


@extend_schema_serializer(component_name="ApplicationEvidenceItem")
class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=EvidenceItem.Kind.choices)
    kind_display = serializers.CharField(source="get_kind_display")
    description = serializers.CharField()
    member = serializers.IntegerField(source="member_id", allow_null=True)
    member_name = serializers.CharField(source="member.full_name", allow_null=True)
    status = serializers.CharField(help_text=_values_help(EvidenceItem.Status))
    status_display = serializers.CharField(source="get_status_display")
    due_date = serializers.DateField(allow_null=True)
    original_filename = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField(allow_null=True)
    uploaded_at = serializers.DateTimeField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    verification_method = serializers.CharField()
    rejection_reason = serializers.CharField()


@extend_schema_serializer(component_name="ApplicationCaseNote")
class NoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    category = serializers.ChoiceField(choices=CaseNote.Category.choices)
    category_display = serializers.CharField(source="get_category_display")
    body = serializers.CharField()
    restricted = serializers.BooleanField()
    author = serializers.CharField(source="author.username")
    created_at = serializers.DateTimeField()


@extend_schema_serializer(component_name="ApplicationChange")
class ChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ChangeOfCircumstances.Kind.choices)
    kind_display = serializers.CharField(source="get_kind_display")
    details = serializers.CharField()
    status = serializers.CharField(help_text=_values_help(ChangeOfCircumstances.Status))
    status_display = serializers.CharField(source="get_status_display")
    affects_priority = serializers.BooleanField()
    suspended_bidding = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    reviewed_at = serializers.DateTimeField(allow_null=True)
    outcome_note = serializers.CharField()


@extend_schema_serializer(component_name="ApplicationDecision")
class DecisionSerializer(AudienceSerializer):
    staff_only = ("proposed_outcome", "proposed_reasons", "overridden", "override_reason",
                  "decided_by")

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Decision.Kind.choices)
    member = serializers.IntegerField(source="member_id", allow_null=True,
                                      help_text="The person (eligibility decisions only).")
    member_name = serializers.CharField(source="member.full_name", allow_null=True)
    outcome = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    basis = serializers.CharField()
    scheme_version = serializers.CharField(source="scheme_version.name",
                                           help_text="The allocation scheme version applied.")
    decided_at = serializers.DateTimeField(source="created_at")
    proposed_outcome = serializers.CharField(**STAFF_ONLY)
    proposed_reasons = serializers.ListField(child=serializers.CharField(), **STAFF_ONLY)
    overridden = serializers.BooleanField(**STAFF_ONLY)
    override_reason = serializers.CharField(**STAFF_ONLY)
    decided_by = serializers.CharField(source="decided_by.username", **STAFF_ONLY)


@extend_schema_serializer(component_name="DuplicateMatch")
class DuplicateSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.CharField()
    person = serializers.CharField()
    matched_on = serializers.CharField()


# --- The application ---------------------------------------------------------------------------

def _lead_name(application: Application) -> str:
    leads = getattr(application, "leads", None)
    if leads is None:
        leads = [m for m in application.members.all() if m.role == HouseholdMember.Role.LEAD]
    return leads[0].full_name if leads else ""


@extend_schema_serializer(component_name="ApplicationSummary")
class ApplicationSummarySerializer(AudienceSerializer):
    staff_only: ClassVar[tuple[str, ...]] = ("assigned_officer", "restricted_access")

    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=Application.Status.choices)
    status_display = serializers.CharField(source="get_status_display")
    application_type = serializers.ChoiceField(choices=Application.Type.choices)
    lead_name = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    application_date = serializers.DateField(allow_null=True)
    band = serializers.CharField()
    bedroom_need = serializers.IntegerField(allow_null=True)
    assigned_officer = serializers.CharField(source="assigned_officer.username", allow_null=True,
                                             **STAFF_ONLY)
    restricted_access = serializers.BooleanField(**STAFF_ONLY)

    def get_lead_name(self, application: Application) -> str:
        return _lead_name(application)


@extend_schema_serializer(component_name="ApplicationDetail")
class ApplicationDetailSerializer(ApplicationSummarySerializer):
    staff_only = ("assigned_officer", "restricted_access", "possible_duplicates",
                  "closure_proposed_at", "closure_proposed_reason", "notes")

    application_type_display = serializers.CharField(source="get_application_type_display")
    registration_date = serializers.DateField(allow_null=True)
    effective_date = serializers.DateField(allow_null=True, help_text="The band date.")
    eligible_sizes = serializers.ListField(child=serializers.IntegerField())
    bedroom_reasons = serializers.ListField(child=serializers.CharField())
    sections_completed = serializers.ListField(child=serializers.CharField())
    evidence_due_date = serializers.DateField(allow_null=True)
    eligibility_outcome = serializers.CharField()
    qualification_outcome = serializers.CharField()
    closed_reason = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)
    members = MemberSerializer(many=True)
    circumstances = CircumstancesSerializer(allow_null=True)
    outstanding_evidence = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(many=True)
    changes = ChangeSerializer(many=True)
    decisions = serializers.SerializerMethodField()
    possible_duplicates = serializers.ListField(child=serializers.CharField(), **STAFF_ONLY)
    closure_proposed_at = serializers.DateTimeField(allow_null=True, **STAFF_ONLY)
    closure_proposed_reason = serializers.CharField(**STAFF_ONLY)
    notes = NoteSerializer(many=True, source="api_notes", **STAFF_ONLY)

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_outstanding_evidence(self, application: Application) -> list[dict[str, Any]]:
        items = [e for e in application.evidence.all() if e.is_outstanding]
        return list(EvidenceSerializer(items, many=True, context=self.context).data)

    @extend_schema_field(DecisionSerializer(many=True))
    def get_decisions(self, application: Application) -> list[dict[str, Any]]:
        """The decisions in force (superseded ones are kept in the case history)."""
        current = [d for d in application.decisions.all() if d.is_current]
        return list(DecisionSerializer(current, many=True, context=self.context).data)
