from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lettings.models import Advert, BiddingCycle, Property


@admin.register(Property)
class PropertyAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "address_line_1", "town", "landlord", "property_type",
                    "bedrooms", "weekly_rent"]
    list_filter = ["landlord", "property_type", "bedrooms", "designation"]
    search_fields = ["reference", "address_line_1", "postcode"]


@admin.register(BiddingCycle)
class BiddingCycleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "opens_at", "closes_at", "status"]


@admin.register(Advert)
class AdvertAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "property", "cycle", "status"]
    list_filter = ["status", "cycle"]
