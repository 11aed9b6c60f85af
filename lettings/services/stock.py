"""Properties, photos and voids (DOMAIN.md §3.8, §3.9, §5.10).

Lettings staff manage all stock; a registered provider's users only their own organisation's
homes (``policies.can_edit_property``). Each void moves through its lifecycle only by
``void_transition``, which records the stage date that goes with each move.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.services.evidence import sniff_content_type
from housing.accounts import policies as account_policies
from housing.accounts.models import Organisation
from housing.core.exceptions import ApplicationError, ConflictError
from lettings import policies
from lettings.models import Property, PropertyPhoto, Void
from lettings.services._common import apply_fields, full_clean_or_raise, refuse_transition

PROPERTY_FIELDS = (
    "reference", "uprn", "address_line_1", "address_line_2", "town", "postcode", "area",
    "landlord", "managing_org", "property_type", "bedrooms", "bedspaces", "min_occupancy",
    "floor_level", "has_lift", "steps_to_entrance", "mobility_category", "adaptations",
    "designation", "min_age", "rent_type", "weekly_rent", "service_charge",
    "tenancy_type_offered", "is_first_let", "sensitive_let", "pet_policy", "has_garden",
    "parking", "council_tax_band", "epc_rating")
VOID_FIELDS = (
    "reason_vacant", "void_type", "notice_received_date", "tenancy_end_date",
    "keys_returned_date", "works_ordered_date", "works_completed_date", "works_description",
    "target_ready_date", "ready_to_let_date")
PHOTO_TYPES = frozenset({"image/jpeg", "image/png"})
PHOTO_MAX_BYTES = 5 * 1024 * 1024
_VOID_LABELS = dict(Void.Status.choices)


def _require_stock_editor(actor: Any, prop: Property | None = None) -> None:
    if prop is not None and not policies.can_edit_property(actor, prop):
        raise ApplicationError("You cannot change this home.")
    if prop is None and not (policies.is_lettings_staff(actor)
                             or account_policies.can_use_partner_surface(actor)):
        raise ApplicationError("You cannot add homes.")


def _provider_scope(actor: Any, prop: Property) -> None:
    """A provider user may only record homes their own organisation owns or manages."""
    if policies.is_lettings_staff(actor):
        return
    org = actor.organisation_id
    if prop.landlord_id != org and prop.managing_org_id != org:
        raise ApplicationError("You can only add homes your organisation owns or manages.",
                               {"landlord": ["Choose your own organisation."]})


def _normalise(prop: Property) -> None:
    prop.postcode = " ".join(prop.postcode.upper().split())
    if prop.uprn == "":
        prop.uprn = None
    if prop.designation not in Property.AGE_DESIGNATIONS and prop.min_age is not None \
            and prop.designation == Property.Designation.GENERAL:
        # A minimum age only means something on older persons' housing.
        prop.min_age = None


def _check_property(prop: Property) -> None:
    """The home's own rules in people's words (the database constraints would otherwise be
    reported by name), and a reference or UPRN already used by another home as a conflict."""
    errors: dict[str, list[str]] = {}
    if prop.uprn is not None and not (str(prop.uprn).isdigit() and len(str(prop.uprn)) <= 12):
        errors["uprn"] = ["A UPRN is a number of up to 12 digits"]
    bedrooms, bedspaces, fewest = prop.bedrooms, prop.bedspaces, prop.min_occupancy
    if isinstance(bedrooms, int) and isinstance(bedspaces, int):
        if bedspaces < bedrooms:
            errors["bedspaces"] = [f"A home with {bedrooms} bedrooms has at least {bedrooms} "
                                   f"bedspaces"]
        elif isinstance(fewest, int) and fewest > bedspaces:
            errors["min_occupancy"] = ["The fewest people who may live here cannot be more "
                                       "than the bedspaces"]
    for name, label in (("weekly_rent", "weekly rent"), ("service_charge", "service charge")):
        value = getattr(prop, name)
        if isinstance(value, int | Decimal) and value < 0:
            errors[name] = [f"The {label} cannot be less than £0"]
    if errors:
        raise ApplicationError("Check the home's details.", errors)
    others = Property.objects.exclude(pk=prop.pk) if prop.pk else Property.objects.all()
    if prop.reference and others.filter(reference=prop.reference).exists():
        errors["reference"] = ["Another home already has this reference"]
    if prop.uprn and others.filter(uprn=prop.uprn).exists():
        errors["uprn"] = ["Another home already has this UPRN"]
    if errors:
        raise ConflictError("A home with this reference or UPRN already exists.", errors)


@transaction.atomic
def property_create(*, actor: Any, data: Mapping[str, Any]) -> Property:
    """Add a home to the stock list."""
    _require_stock_editor(actor)
    values = dict(data)
    if not policies.is_lettings_staff(actor) and "landlord" not in values:
        values["landlord"] = Organisation.objects.get(pk=actor.organisation_id)
    prop = Property()
    apply_fields(prop, values, PROPERTY_FIELDS)
    _provider_scope(actor, prop)
    _normalise(prop)
    _check_property(prop)
    full_clean_or_raise(prop, "Check the home's details.")
    prop._change_reason = "Home added"  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            prop.save()
    except IntegrityError as exc:
        raise ConflictError("A home with this reference or UPRN already exists.",
                            {"reference": ["Already used by another home."]}) from exc
    return prop


@transaction.atomic
def property_update(*, prop: Property, actor: Any, data: Mapping[str, Any]) -> Property:
    """Correct or update a home's details."""
    locked = Property.objects.select_for_update().get(pk=prop.pk)
    _require_stock_editor(actor, locked)
    changed = apply_fields(locked, data, PROPERTY_FIELDS)
    _provider_scope(actor, locked)
    _normalise(locked)
    _check_property(locked)
    full_clean_or_raise(locked, "Check the home's details.")
    locked._change_reason = "Details updated"  # type: ignore[attr-defined]
    locked.save(update_fields=[*changed, "uprn", "postcode", "min_age", "updated_at"])
    return locked


@transaction.atomic
def property_photo_add(*, prop: Property, actor: Any, upload: UploadedFile,
                       alt_text: str) -> PropertyPhoto:
    """Add a photo. The type is read from the file's content (JPEG or PNG only) and the name
    it is stored under is ours, never the uploaded one."""
    _require_stock_editor(actor, prop)
    errors: dict[str, list[str]] = {}
    if not alt_text.strip():
        errors["alt_text"] = ["Describe what the photo shows"]
    if upload.size and upload.size > PHOTO_MAX_BYTES:
        errors["image"] = ["The photo must be smaller than 5MB"]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head)
    if content_type not in PHOTO_TYPES:
        errors.setdefault("image", ["The photo must be a JPG or PNG"])
    if errors:
        raise ApplicationError("Check the photo.", errors)
    position = prop.photos.count()
    photo = PropertyPhoto(property=prop, token=secrets.token_hex(16),
                          content_type=content_type or "",
                          alt_text=alt_text.strip()[:200], position=position)
    photo.image.save(photo.token, upload, save=False)
    photo.save()
    return photo


@transaction.atomic
def property_photo_remove(*, photo: PropertyPhoto, actor: Any) -> None:
    _require_stock_editor(actor, photo.property)
    photo.image.delete(save=False)
    photo.delete()


# --- Voids --------------------------------------------------------------------------------------

@transaction.atomic
def void_create(*, prop: Property, actor: Any, data: Mapping[str, Any]) -> Void:
    """Record that a home is, or is about to be, empty. Starts at "notice received", or at
    "vacant" when the keys are already back."""
    _require_stock_editor(actor, prop)
    Property.objects.select_for_update().get(pk=prop.pk)
    if Void.objects.filter(property=prop, status__in=Void.OPEN_STATUSES).exists():
        raise ConflictError("This home already has an open void. Update that one instead.",
                            {"property": ["Already has an open void."]})
    void = Void(property=prop, created_by=actor if getattr(actor, "pk", None) else None)
    apply_fields(void, data, VOID_FIELDS)
    if getattr(actor, "organisation_id", None):
        void.notified_by_id = actor.organisation_id
    if void.keys_returned_date:
        void.status = Void.Status.VACANT
    if void.ready_to_let_date and void.ready_to_let_date <= timezone.localdate():
        void.status = Void.Status.READY_TO_LET
    _check_void_dates(void)
    full_clean_or_raise(void, "Check the void's details.")
    void._change_reason = "Void recorded"  # type: ignore[attr-defined]
    void.save()
    return void


def _check_void_dates(void: Void) -> None:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    for name in ("keys_returned_date", "works_completed_date", "notice_received_date"):
        value = getattr(void, name)
        if value and value > today:
            errors[name] = ["This date cannot be in the future"]
    if void.keys_returned_date and void.notice_received_date \
            and void.keys_returned_date < void.notice_received_date:
        errors["keys_returned_date"] = ["The keys cannot come back before notice was given"]
    if void.reason_vacant in (Void.ReasonVacant.NEW_BUILD, Void.ReasonVacant.CONVERSION) \
            and void.tenancy_end_date:
        errors["tenancy_end_date"] = ["A first let has no previous tenancy"]
    if errors:
        raise ApplicationError("Check the void's dates.", errors)


@transaction.atomic
def void_update(*, void: Void, actor: Any, data: Mapping[str, Any]) -> Void:
    """Record or correct the void's dates and works."""
    locked = Void.objects.select_for_update(of=("self",)).select_related("property").get(pk=void.pk)
    _require_stock_editor(actor, locked.property)
    if not locked.is_open:
        raise ConflictError("This void is finished; its dates can no longer be changed.")
    changed = apply_fields(locked, data, VOID_FIELDS)
    _check_void_dates(locked)
    full_clean_or_raise(locked, "Check the void's details.")
    locked._change_reason = "Void details updated"  # type: ignore[attr-defined]
    locked.save(update_fields=[*changed, "updated_at"])
    return locked


# The date each move records, when it has not been recorded already.
_STAGE_DATE: dict[str, str] = {
    Void.Status.VACANT: "keys_returned_date",
    Void.Status.IN_WORKS: "works_ordered_date",
    Void.Status.READY_TO_LET: "ready_to_let_date",
    Void.Status.ADVERTISED: "advertised_date",
    Void.Status.LET: "let_date",
}


@transaction.atomic
def void_transition(*, void: Void, to: str, actor: Any, on: dt.date | None = None,
                    reason: str = "") -> Void:
    """The one place that changes a void's status (DOMAIN.md §3.9 lifecycle). Ending a void
    early (the tenant withdrew their notice, or the home is to be sold or demolished) needs a
    reason."""
    locked = Void.objects.select_for_update(of=("self",)).select_related("property").get(pk=void.pk)
    if actor is not None:
        _require_stock_editor(actor, locked.property)
    if locked.status == to:
        return locked
    if not locked.can_move_to(to):
        raise refuse_transition("void", _VOID_LABELS[locked.status], _VOID_LABELS.get(to, to))
    on = on or timezone.localdate()
    fields = ["status", "updated_at"]
    if to in (Void.Status.WITHDRAWN, Void.Status.DISPOSAL):
        if not reason.strip():
            raise ApplicationError("Say why the void is ending.",
                                   {"reason": ["Enter a reason"]})
        locked.end_reason = reason.strip()[:300]
        fields.append("end_reason")
    stage_field = _STAGE_DATE.get(to)
    if stage_field and getattr(locked, stage_field) is None:
        setattr(locked, stage_field, on)
        fields.append(stage_field)
    if locked.status == Void.Status.IN_WORKS and locked.works_completed_date is None \
            and to == Void.Status.READY_TO_LET:
        locked.works_completed_date = on
        fields.append("works_completed_date")
    if to == Void.Status.OFFERED:
        locked.times_offered += 1
        fields.append("times_offered")
    locked.status = to
    locked._change_reason = reason or f"Now {_VOID_LABELS[to].lower()}"  # type: ignore[attr-defined]
    locked.save(update_fields=fields)
    return locked
