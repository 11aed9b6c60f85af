"""An applicant's bidding preferences: property alerts by email and automatic bidding
(DOMAIN.md §4.8 "auto-bid / assisted bidding").

The applicant chooses alerts and may opt in to automatic bids for themselves; an officer may
set automatic bidding up for them (for example for a time-limited emergency award), and must
say why. Who set automatic bidding up is recorded, and an applicant cannot switch off what an
officer set up: they contact the council instead. Every change is kept in the preference's
history with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from applications.models import Application
from housing.core.exceptions import ApplicationError
from lettings import policies
from lettings.models import BiddingPreference
from lettings.services._common import full_clean_or_raise

PREFERENCE_FIELDS = ("alerts_enabled", "alerts_email", "auto_bid", "auto_bid_reason",
                     "auto_bid_until", "areas")
# What an applicant may change for themselves (the reason is recorded for them).
APPLICANT_FIELDS = ("alerts_enabled", "alerts_email", "auto_bid", "auto_bid_until", "areas")
REASON_MAX = 300
AREAS_MAX = 20
AREA_MAX_LENGTH = 100
_SetBy = BiddingPreference.AutoBidSetBy


def _clean(data: Mapping[str, Any], *, officer: bool) -> dict[str, Any]:
    """Check the shape of each value given; return them ready to set (raises with field
    errors)."""
    allowed = PREFERENCE_FIELDS if officer else APPLICANT_FIELDS
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ApplicationError("Some preferences cannot be set here.",
                               {name: ["This cannot be set here."] for name in unknown})
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for name in ("alerts_enabled", "auto_bid"):
        if name in data:
            if not isinstance(data[name], bool):
                errors[name] = ["Choose yes or no"]
            else:
                values[name] = data[name]
    if "alerts_email" in data:
        email = str(data["alerts_email"] or "").strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors["alerts_email"] = ["Enter an email address in the correct format, like "
                                          "name@example.com"]
        values["alerts_email"] = email
    if "auto_bid_reason" in data:
        reason = str(data["auto_bid_reason"] or "").strip()
        if len(reason) > REASON_MAX:
            errors["auto_bid_reason"] = [f"The reason must be {REASON_MAX} characters or fewer"]
        values["auto_bid_reason"] = reason
    if "auto_bid_until" in data:
        until = data["auto_bid_until"]
        if until is not None and not isinstance(until, dt.date):
            errors["auto_bid_until"] = ["Enter a real date"]
        elif until is not None and until < timezone.localdate():
            errors["auto_bid_until"] = ["The end date must be today or in the future"]
        values["auto_bid_until"] = until
    if "areas" in data:
        areas = data["areas"]
        if not isinstance(areas, list | tuple) or not all(isinstance(a, str) for a in areas):
            errors["areas"] = ["Enter a list of areas"]
        else:
            cleaned = list(dict.fromkeys(a.strip() for a in areas if a.strip()))
            if len(cleaned) > AREAS_MAX or any(len(a) > AREA_MAX_LENGTH for a in cleaned):
                errors["areas"] = [f"Choose up to {AREAS_MAX} areas"]
            values["areas"] = cleaned
    if errors:
        raise ApplicationError("Check the bidding preferences.", errors)
    return values


@transaction.atomic
def bidding_preference_set(*, application: Application, actor: Any,
                           data: Mapping[str, Any]) -> BiddingPreference:
    """Change an application's alert and automatic-bidding choices (only the keys given in
    ``data``).

    - The applicant may turn alerts on or off, choose the email address and areas, and opt in
      to (or out of) automatic bids for themselves.
    - An officer (lettings staff who may work the case) may also set automatic bidding up, or
      end it, with a reason, which the history keeps; ``auto_bid_until`` ends it on that date.
    - Alerts need an email address: the one given, or the applicant's account email.
    """
    if not policies.can_bid_for(actor, application):
        raise ApplicationError("You cannot change the bidding preferences for this "
                               "application.")
    officer = policies.bids_on_behalf(actor)
    values = _clean(data, officer=officer)
    # One change at a time per application (the same lock order as placing a bid).
    Application.objects.select_for_update().filter(pk=application.pk).first()
    pref, _created = BiddingPreference.objects.select_for_update().get_or_create(
        application=application)
    before_auto = pref.auto_bid
    errors: dict[str, list[str]] = {}
    reasons: list[str] = []

    auto_changes = any(name in values and values[name] != getattr(pref, name)
                       for name in ("auto_bid", "auto_bid_until", "auto_bid_reason"))
    if (not officer and auto_changes and before_auto
            and pref.auto_bid_set_by == _SetBy.OFFICER):
        errors["auto_bid"] = ["Your housing officer set up automatic bidding for you. Contact "
                              "us if you want to change it."]
    auto_on = values.get("auto_bid", pref.auto_bid)
    if officer and auto_changes and not values.get("auto_bid_reason", ""):
        errors["auto_bid_reason"] = ["Enter why automatic bidding is being set up" if auto_on
                                     else "Enter why automatic bidding is being stopped"]
    if errors:
        raise ApplicationError("Check the bidding preferences.", errors)

    for name, value in values.items():
        setattr(pref, name, value)
    if auto_changes:
        pref.auto_bid_set_by = _SetBy.OFFICER if officer else _SetBy.APPLICANT
        if not officer:
            pref.auto_bid_reason = ("Opted in by the applicant" if auto_on
                                    else "Opted out by the applicant")
        if not auto_on:
            pref.auto_bid_until = None
        who = "an officer" if officer else "the applicant"
        state = "on" if auto_on else "off"
        reasons.append(f"Automatic bidding {state}, set by {who}: {pref.auto_bid_reason}"
                       if officer else f"Automatic bidding {state}, set by {who}")
    if pref.alerts_enabled and not pref.alerts_email:
        account_email = getattr(application.applicant_user, "email", "") \
            if application.applicant_user_id else ""
        if not account_email:
            raise ApplicationError("Check the bidding preferences.",
                                   {"alerts_email": ["Enter the email address for property "
                                                     "alerts"]})
        pref.alerts_email = account_email
    if "alerts_enabled" in values or "alerts_email" in values:
        reasons.append("Property alerts on" if pref.alerts_enabled else "Property alerts off")
    if "areas" in values:
        reasons.append("Preferred areas changed")
    pref.updated_by = actor if getattr(actor, "pk", None) else None
    full_clean_or_raise(pref, "Check the bidding preferences.", exclude=["application"])
    pref._change_reason = "; ".join(reasons) or "Bidding preferences saved"  # type: ignore[attr-defined]
    pref.save()
    return pref
