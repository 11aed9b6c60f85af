from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from housing.approvals.models import ApprovalRequest


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(SimpleHistoryAdmin):
    list_display = ("type", "summary", "case_reference", "status", "requested_by", "decided_by",
                    "created_at")
    list_filter = ("type", "status")
    search_fields = ("case_reference", "summary")
    readonly_fields = [f.name for f in ApprovalRequest._meta.fields]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
