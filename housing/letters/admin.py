from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from housing.letters.models import Letter, LetterTemplate


@admin.register(LetterTemplate)
class LetterTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "version", "contains_review_rights", "is_active"]


@admin.register(Letter)
class LetterAdmin(SimpleHistoryAdmin):
    list_display = ["title", "recipient_name", "status", "created_at", "sent_at"]
    list_filter = ["status", "template"]
    readonly_fields = [f.name for f in Letter._meta.fields]
    search_fields = ["public_id"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # letters are created by services so they are rendered and queued
