from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from housing.accounts.models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "organisation",
                    "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    fieldsets = (*(DjangoUserAdmin.fieldsets or ()),
                 ("Homeward", {"fields": ("role", "organisation", "in_restricted_group",
                                          "email_verified_at", "phone")}))
