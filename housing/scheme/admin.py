"""Admin for the scheme: drafts are editable; published versions are read-only and are changed by
copying them into a new draft."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from housing.core.exceptions import ApplicationError
from housing.scheme import services
from housing.scheme.models import BandDefinition, ReasonCode, SchemeVersion


class _FrozenWhenPublished:
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        scheme = getattr(obj, "scheme", obj)
        if scheme is not None and getattr(scheme, "is_published", False):
            return False
        return super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        scheme = getattr(obj, "scheme", obj)
        if scheme is not None and getattr(scheme, "is_published", False):
            return False
        return super().has_delete_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and getattr(obj, "is_published", False):
            return False
        if isinstance(self, admin.options.InlineModelAdmin):
            return super().has_add_permission(request, obj)  # type: ignore[misc]
        return super().has_add_permission(request)  # type: ignore[misc]  # ModelAdmin: no obj


class BandInline(_FrozenWhenPublished, admin.TabularInline):
    model = BandDefinition
    extra = 0


class ReasonInline(_FrozenWhenPublished, admin.TabularInline):
    model = ReasonCode
    extra = 0


@admin.register(SchemeVersion)
class SchemeVersionAdmin(_FrozenWhenPublished, SimpleHistoryAdmin):
    list_display = ["name", "effective_from", "status", "published_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "published_at"]
    inlines = [BandInline, ReasonInline]
    actions = ["copy_as_new_draft", "publish"]

    @admin.action(description="Copy into a new draft starting tomorrow or later")
    def copy_as_new_draft(self, request: HttpRequest, queryset: Any) -> None:
        for version in queryset:
            start = max(version.effective_from, timezone.localdate()) + dt.timedelta(days=1)
            copy = services.scheme_version_copy(source=version, name=f"{version.name} (draft)",
                                                effective_from=start, actor=request.user)
            self.message_user(request, f"Created draft “{copy}”.", messages.SUCCESS)

    @admin.action(description="Publish the selected drafts")
    def publish(self, request: HttpRequest, queryset: Any) -> None:
        for version in queryset:
            try:
                services.scheme_version_publish(version=version, actor=request.user)
            except ApplicationError as exc:
                self.message_user(request, f"{version}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"Published “{version}”.", messages.SUCCESS)
