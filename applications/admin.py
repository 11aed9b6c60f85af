"""Admin: the prescribed-classes table is editable reference data; casework is read-only here
(it changes only through services, which check rules and record who did what and why)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from applications.models import (
    Application,
    CaseNote,
    ChangeOfCircumstances,
    Decision,
    EvidenceItem,
    HouseholdMember,
    PrescribedClass,
)


@admin.register(PrescribedClass)
class PrescribedClassAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "requires_habitual_residence", "effective_from",
                    "effective_to"]
    list_filter = ["requires_habitual_residence"]
    search_fields = ["code", "title"]


class _ReadOnly(SimpleHistoryAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MemberInline(admin.TabularInline):
    model = HouseholdMember
    fields = ("role", "first_name", "last_name", "date_of_birth", "due_date", "sex")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(_ReadOnly):
    list_display = ["reference", "status", "application_type", "band", "bedroom_need",
                    "submitted_at", "assigned_officer"]
    list_filter = ["status", "application_type", "band", "restricted_access"]
    search_fields = ["reference"]
    inlines = [MemberInline]

    def get_queryset(self, request: HttpRequest) -> Any:
        from applications.policies import applications_visible_to

        return applications_visible_to(request.user)


@admin.register(EvidenceItem)
class EvidenceItemAdmin(_ReadOnly):
    list_display = ["application", "kind", "status", "due_date", "reviewed_by"]
    list_filter = ["status", "kind"]


@admin.register(Decision)
class DecisionAdmin(_ReadOnly):
    list_display = ["application", "kind", "member", "outcome", "overridden", "decided_by",
                    "scheme_version", "created_at"]
    list_filter = ["kind", "outcome", "overridden"]


@admin.register(ChangeOfCircumstances)
class ChangeAdmin(_ReadOnly):
    list_display = ["application", "kind", "status", "suspended_bidding", "created_at"]
    list_filter = ["status", "kind"]


@admin.register(CaseNote)
class CaseNoteAdmin(_ReadOnly):
    list_display = ["application", "category", "restricted", "author", "created_at"]
    list_filter = ["category", "restricted"]

    def get_queryset(self, request: HttpRequest) -> Any:
        from applications.policies import notes_visible_to

        return notes_visible_to(request.user)
