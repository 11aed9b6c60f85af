"""The offer letters (L11 viewing invitation, L12 offer, L13 refusal decision), shared by offers
made from a shortlist and direct offers (DOMAIN.md §4.9, §5.2 step 8, §5.5 step 4)."""

from __future__ import annotations

from typing import Any

from housing.core.dates import spoken_moment
from housing.letters.services import letter_create
from housing.scheme.selectors import scheme_in_force
from lettings.models import Offer


def offer_letter_send(offer: Offer, code: str, actor: Any, *, is_direct_offer: bool | None = None,
                      **extra: Any) -> None:
    """Send the applicant one of the offer letters, rendered now and delivered after commit by
    the letters pipeline. ``is_direct_offer`` (by default: the offer is a direct let) adds the
    direct-offer wording: that it is a direct offer, usually the only one, and what refusing a
    reasonable direct offer means under the scheme (§4.9 rule 7, §4.11, §5.5 step 4)."""
    application = offer.application
    prop = offer.property
    scheme = scheme_in_force()
    lead = application.members.filter(role="lead").first()
    size = "studio" if prop.bedrooms == 0 else f"{prop.bedrooms} bedroom"
    if is_direct_offer is None:
        is_direct_offer = offer.offer_type == Offer.Type.DIRECT_LET
    context = {
        "reference": application.reference, "address": prop.address,
        "description": f"{size} {prop.get_property_type_display().lower()}",
        "landlord": prop.landlord.name, "weekly_rent": f"{prop.weekly_rent:.2f}",
        "service_charge": f"{prop.service_charge:.2f}",
        "weekly_total": f"{prop.weekly_total:.2f}",
        "tenancy_type": prop.get_tenancy_type_offered_display() if prop.tenancy_type_offered
        else "",
        "is_final_offer": offer.is_final_offer,
        "is_direct_offer": is_direct_offer,
        "viewing_at": spoken_moment(offer.viewing_at) if offer.viewing_at else "",
        "respond_by": spoken_moment(offer.respond_by),
        "review_days": scheme.review_request_days,
        "window_months": scheme.refusal_window_months, **extra}
    letter_create(template_code=code, subject=application, actor=actor,
                  recipient=application.applicant_user,
                  recipient_name=lead.full_name if lead else None, context=context)
