"""Reads for lettings, always scoped to the person asking."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from housing.accounts import policies as account_policies
from lettings.models import Advert, Property


def properties_visible_to(user: Any) -> QuerySet[Property]:
    """Staff see all stock; a provider user only their own organisation's homes."""
    if account_policies.can_use_staff_surface(user):
        return Property.objects.all()
    if account_policies.can_use_partner_surface(user):
        return Property.objects.filter(landlord_id=user.organisation_id)
    return Property.objects.none()


def adverts_visible_to(user: Any) -> QuerySet[Advert]:
    """Staff see every advert; a provider user only adverts for their own homes."""
    if account_policies.can_use_staff_surface(user):
        return Advert.objects.all()
    if account_policies.can_use_partner_surface(user):
        return Advert.objects.filter(property__landlord_id=user.organisation_id)
    return Advert.objects.none()


def advert_list(*, user: Any) -> QuerySet[Advert]:
    return (adverts_visible_to(user)
            .select_related("property", "property__landlord", "cycle")
            .annotate(bid_count=Count("bids"))
            .order_by("-cycle__opens_at", "reference"))
