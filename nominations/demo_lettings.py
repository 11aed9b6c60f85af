"""Demo data for properties, voids, adverts and bidding (issue 5): the homes' fuller details,
a void behind every advert, voids waiting to be advertised (so an officer can turn one into an
advert), next weeks' cycles, a local lettings plan, photos, and an applicant with alerts on.

Idempotent: a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import secrets
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from applications.models import Application
from housing.accounts.models import User
from lettings.models import (
    Advert,
    BiddingPreference,
    LocalLettingsPlan,
    Property,
    PropertyPhoto,
    Void,
)
from lettings.services.cycles import cycles_schedule

# Indexes into demo_data.PROPERTIES of homes with no advert yet, and the stage their void is at.
WAITING_VOIDS = {5: Void.Status.READY_TO_LET, 8: Void.Status.READY_TO_LET,
                 14: Void.Status.READY_TO_LET, 3: Void.Status.IN_WORKS,
                 16: Void.Status.IN_WORKS, 19: Void.Status.NOTICE, 24: Void.Status.NOTICE}
REASONS = (Void.ReasonVacant.TENANT_NOTICE, Void.ReasonVacant.TENANT_NOTICE,
           Void.ReasonVacant.TRANSFER, Void.ReasonVacant.DEATH, Void.ReasonVacant.MOVED_TO_CARE,
           Void.ReasonVacant.EVICTION_ARREARS)
TENANCY = {"BBC": Property.TenancyType.INTRODUCTORY, "RVH": Property.TenancyType.STARTER,
           "NGH": Property.TenancyType.ASSURED}
ADAPTATIONS = {"bungalow": ["Level-access shower", "Grab rails", "Ramped entrance"],
               "sheltered": ["Emergency alarm (pull cords)", "Level-access shower"],
               "extra_care": ["Emergency alarm (pull cords)", "Wheelchair-accessible kitchen",
                              "Level-access shower"]}
PHOTO_COLOURS = ((176, 141, 87), (120, 134, 107), (150, 150, 160), (189, 112, 87))


def seed_lettings(rng: random.Random, today: dt.date, properties: Sequence[Property],
                  users: dict[str, User]) -> None:
    _fill_property_details(rng, properties)
    _voids_behind_adverts(rng, today)
    _waiting_voids(rng, today, properties, users["officer"])
    _photos(properties)
    cycles_schedule(now=timezone.now())
    _local_lettings_plan()
    _preferences(users["applicant"])


def _fill_property_details(rng: random.Random, properties: Sequence[Property]) -> None:
    for number, prop in enumerate(properties, start=1):
        if prop.uprn:
            continue
        prop.uprn = f"10009{number:07d}"
        prop.tenancy_type_offered = TENANCY.get(prop.landlord.code, Property.TenancyType.ASSURED)
        prop.rent_type = (Property.RentType.AFFORDABLE if prop.landlord.code == "NGH"
                          and prop.bedrooms >= 2 else Property.RentType.SOCIAL)
        prop.council_tax_band = "ABBC"[min(prop.bedrooms, 3)]
        prop.epc_rating = rng.choice("BCCCD")
        prop.has_garden = prop.property_type in ("house", "bungalow")
        prop.parking = "Off-street parking" if prop.property_type in ("house", "bungalow") \
            else "Residents' permit parking"
        prop.pet_policy = (Property.PetPolicy.PERMISSION if prop.property_type == "house"
                           else Property.PetPolicy.NONE)
        prop.steps_to_entrance = 0 if prop.property_type == "bungalow" or prop.has_lift \
            else rng.choice((0, 1, 2, 3))
        if prop.property_type == "bungalow":
            prop.mobility_category = "step_free"
        elif prop.designation == "extra_care":
            prop.mobility_category = "wheelchair"
        prop.adaptations = ADAPTATIONS.get(prop.designation) or ADAPTATIONS.get(
            prop.property_type, [])
        prop.is_first_let = False
        prop.save()


def _voids_behind_adverts(rng: random.Random, today: dt.date) -> None:
    """Every advert the demo made has a void: advertised (or shortlisted) homes."""
    for advert in Advert.objects.filter(void__isnull=True).select_related("property"):
        if Void.objects.filter(property=advert.property,
                               status__in=Void.OPEN_STATUSES).exists():
            continue
        opened = timezone.localtime(advert.opens_at).date() if advert.opens_at else today
        end = opened - dt.timedelta(days=rng.randint(12, 30))
        void = Void.objects.create(
            property=advert.property, status=Void.Status.ADVERTISED,
            reason_vacant=rng.choice(REASONS), notice_received_date=end - dt.timedelta(days=28),
            tenancy_end_date=end, keys_returned_date=end + dt.timedelta(days=1),
            works_ordered_date=end + dt.timedelta(days=2),
            works_completed_date=opened - dt.timedelta(days=3),
            works_description="Standard void works: gas and electrical safety checks, clean, "
                              "redecorate where needed.",
            ready_to_let_date=opened - dt.timedelta(days=2), advertised_date=opened)
        Advert.objects.filter(pk=advert.pk).update(void=void)


def _waiting_voids(rng: random.Random, today: dt.date, properties: Sequence[Property],
                   officer: User) -> None:
    for index, status in WAITING_VOIDS.items():
        prop = properties[index]
        if Void.objects.filter(property=prop).exists():
            continue
        end = today - dt.timedelta(days=rng.randint(8, 21))
        fields: dict[str, Any] = {
            "reason_vacant": rng.choice(REASONS), "created_by": officer,
            "notice_received_date": end - dt.timedelta(days=28), "status": status,
        }
        if status == Void.Status.NOTICE:
            fields["notice_received_date"] = today - dt.timedelta(days=rng.randint(3, 10))
            fields["tenancy_end_date"] = today + dt.timedelta(days=rng.randint(10, 24))
            fields["target_ready_date"] = fields["tenancy_end_date"] + dt.timedelta(days=10)
        else:
            fields.update(tenancy_end_date=end, keys_returned_date=end + dt.timedelta(days=1),
                          works_ordered_date=end + dt.timedelta(days=2),
                          target_ready_date=end + dt.timedelta(days=14),
                          works_description="New kitchen units and a full redecoration.")
        if status == Void.Status.READY_TO_LET:
            fields.update(works_completed_date=today - dt.timedelta(days=2),
                          ready_to_let_date=today - dt.timedelta(days=1),
                          works_description="Gas and electrical safety checks and a clean.")
        Void.objects.create(property=prop, **fields)


def _png(colour: tuple[int, int, int], seed: int) -> bytes:
    """A simple drawing of a building (synthetic: never a photo of a real home)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 420), (205, 225, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 330, 640, 420), fill=(118, 160, 96))
    draw.rectangle((150, 150, 490, 340), fill=colour)
    draw.polygon([(130, 155), (320, 60), (510, 155)], fill=(90, 70, 70))
    for x in (185, 275, 395):
        draw.rectangle((x, 185, x + 60, 235), fill=(235, 240, 250))
    draw.rectangle((300 + seed % 40, 255, 350 + seed % 40, 340), fill=(60, 70, 110))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _photos(properties: Sequence[Property]) -> None:
    advertised = {a.property_id for a in Advert.objects.filter(
        status__in=[Advert.Status.LIVE, Advert.Status.APPROVED, Advert.Status.DRAFT])}
    advertised |= {v.property_id for v in Void.objects.filter(status=Void.Status.READY_TO_LET)}
    for index, prop in enumerate(properties):
        if prop.pk not in advertised or prop.photos.exists():
            continue
        token = secrets.token_hex(16)
        photo = PropertyPhoto(property=prop, token=token, content_type="image/png",
                              alt_text=f"Drawing of the outside of the "
                                       f"{prop.get_property_type_display().lower()}",
                              position=0)
        photo.image.save(token, ContentFile(_png(PHOTO_COLOURS[index % 4], index)), save=False)
        photo.save()


def _local_lettings_plan() -> None:
    LocalLettingsPlan.objects.get_or_create(
        code="st-annes-green", defaults={
            "name": "St Anne's Green new homes",
            "description": "Half of the first lets at St Anne's Green go to households who live "
                           "in St Anne's (BF3) now or have lived there before.",
            "mode": LocalLettingsPlan.Mode.PRIORITY, "postcode_areas": ["BF3"]})


def _preferences(applicant: User) -> None:
    application = (Application.objects.filter(applicant_user=applicant)
                   .order_by("created_at").first())
    if application is None:
        return
    BiddingPreference.objects.get_or_create(
        application=application,
        defaults={"alerts_enabled": True, "alerts_email": applicant.email,
                  "areas": ["Millbrook", "Old Town"]})
