"""Demo data for properties, voids, adverts and bidding (issue 5): the homes' fuller details,
a void behind every advert, voids waiting to be advertised (so an officer can turn one into an
advert), next weeks' cycles, a local lettings plan, photos, and an applicant with alerts on.
Issue 6: three homes from last week's cycle offered, accepted and let through the services, so
the public results page (/homes/results/) has lets to show. Issue 8: each of those lets goes
through a full sign-up (one household signs online, two in person), another home's sign-up is
at the checks, and the demo applicant's tenancy pack waits for her signature
(``lettings/demo_signups.py``).

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
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from applications.models import Application, BandAward, Circumstances, HouseholdMember
from housing.accounts.models import Role, User
from housing.approvals.services import approval_decide
from housing.core.exceptions import ApplicationError
from housing.scheme.models import BandDefinition
from housing.scheme.selectors import scheme_in_force
from lettings import demo_signups
from lettings.models import (
    Advert,
    Bid,
    BiddingCycle,
    BiddingPreference,
    LocalLettingsPlan,
    Property,
    PropertyPhoto,
    ShortlistEntry,
    Void,
)
from lettings.rules.direct_match import Category
from lettings.selectors import direct_match_checks_for
from lettings.services.cycles import cycles_schedule
from lettings.services.direct_matches import direct_match_propose
from lettings.services.offers import offer_accept, offer_make
from nominations.demo_data import band_ranks, shortlist_sort_key

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
    _recorded_lets(properties, users["officer"], today)
    _direct_matches(rng, today, properties, users)
    _signups(properties, users, today)


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


# Three homes from last week's cycle are let (issue 6), so the public results page has lets to
# show: the sixth to eighth of its adverts (indexes into demo_data.PROPERTIES). The first two are
# left being worked on the shortlist (a bypass, a bidder being verified) and the fifth is the
# one the demo applicant bid on. Each goes to a household of its own from outside the small
# register (a prefix of their own, like HR-BULK-), so housing them never changes a register
# case that the register's seeding looks at again on the next run. Synthetic people.
LET_PREFIX = "HR-LET-"
LET_HOUSEHOLDS: tuple[tuple[int, str, str, str, tuple[str, str, int, str],
                            tuple[tuple[str, str, int], ...]], ...] = (
    (17, "000001", "homeless", "temporary_accommodation", ("Maya", "Thornbury", 34, "female"),
     (("Leo", "male", 11), ("Isla", "female", 13))),
    (22, "000002", "homeseeker", "private_rent", ("Owen", "Marsh", 41, "male"), ()),
    (25, "000003", "transfer", "council_tenant", ("Priya", "Castell", 29, "female"),
     (("Noah", "male", 6),)),
)
# What the officer finds at each let's sign-up (lettings/demo_signups.py), and who signs online:
# Maya Thornbury has an online account (no demo sign-in: it has no password) and signs in the
# portal; the others sign in person at the office.
LET_SIGNUPS = {"000001": "homeless_family", "000002": "private_renter", "000003": "transfer"}
SIGNS_ONLINE = "000001"


def _recorded_lets(properties: Sequence[Property], officer: User, today: dt.date) -> None:
    """Each of those homes, still shortlisted, gets one more bidder from last week (ranked
    first: the best band among its bidders, with an earlier band date), who is offered the
    home, accepts, is signed up and moves in today, through the services (``offer_make``
    checks the bid and the debt policy again; the sign-up's counter-signature lets the home
    and publishes the result through ``let_record``). A home already let or being worked in
    the demo is left alone, and a second run does nothing."""
    ranks = band_ranks()
    for index, number, kind, tenure, lead, children in LET_HOUSEHOLDS:
        reference = f"{LET_PREFIX}{number}"
        advert = (Advert.objects.filter(property=properties[index],
                                        status=Advert.Status.SHORTLISTED,
                                        cycle__status=BiddingCycle.Status.SHORTLISTED)
                  .select_related("cycle").order_by("-opens_at").first())
        if advert is None or Application.objects.filter(reference=reference).exists():
            continue
        entry = _first_bidder(advert, reference, kind, tenure, lead, children, ranks,
                              officer, today)
        online = number == SIGNS_ONLINE
        if online:
            _online_account(entry.bid.application, lead[0], lead[1])
        try:
            offer = offer_make(entry=entry, actor=officer)
        except ApplicationError:
            continue  # the rules say no: leave the home on its shortlist
        offer_accept(offer=offer, actor=officer)
        demo_signups.signup_let(offer=offer, officer=officer, start=today,
                                household=demo_signups.HOUSEHOLDS[LET_SIGNUPS[number]],
                                online=online)


def _online_account(application: Application, first: str, last: str) -> User:
    """The household's online account: no password, so it is not a demo sign-in."""
    user = User(username=f"{first}.{last}".lower(), role=Role.APPLICANT, first_name=first,
                last_name=last, email=f"{first}.{last}@example.org".lower(),
                email_verified_at=timezone.now())
    user.set_unusable_password()
    user.save()
    Application.objects.filter(pk=application.pk).update(applicant_user=user)
    application.applicant_user = user
    return user


# A home from last week's cycle whose sign-up is at the checks (issue 8): a household of its own
# (like the lets above) leads its shortlist, was offered it and accepted; the officer has done
# some checks and the affordability assessment (a money-advice referral), and the rest are theirs
# to finish in the demo. Synthetic people.
SIGNUP_PREFIX = "HR-SIGN-"
SIGNUP_IN_PROGRESS = (7, "000001", "homeseeker", "private_rent",
                      ("Grace", "Adeyemi", 38, "female"),
                      (("Samuel", "male", 14), ("Ruth", "female", 10), ("Esther", "female", 7)))


def _signups(properties: Sequence[Property], users: dict[str, User], today: dt.date) -> None:
    """The sign-up at the checks, and the demo applicant's, ready to sign. Each is made once:
    the household (or the demo applicant's offer) already existing means it was done."""
    officer = users["officer"]
    ranks = band_ranks()
    index, number, kind, tenure, lead, children = SIGNUP_IN_PROGRESS
    reference = f"{SIGNUP_PREFIX}{number}"
    advert = (Advert.objects.filter(property=properties[index],
                                    status=Advert.Status.SHORTLISTED,
                                    cycle__status=BiddingCycle.Status.SHORTLISTED)
              .select_related("cycle").order_by("-opens_at").first())
    if advert is not None and not Application.objects.filter(reference=reference).exists():
        entry = _first_bidder(advert, reference, kind, tenure, lead, children, ranks,
                              officer, today)
        try:
            offer = offer_make(entry=entry, actor=officer)
        except ApplicationError:
            offer = None  # the rules say no: leave the home on its shortlist
        if offer is not None:
            offer_accept(offer=offer, actor=officer)
            demo_signups.signup_in_progress(
                offer=offer, officer=officer, start=demo_signups.next_monday(today),
                household=demo_signups.HOUSEHOLDS["stretched_family"])
    demo_signups.seed_demo_applicant_signup(applicant=users["applicant"], officer=officer,
                                            today=today)


def _first_bidder(advert: Advert, reference: str, kind: str, tenure: str,
                  lead: tuple[str, str, int, str], children: tuple[tuple[str, str, int], ...],
                  ranks: dict[str, int], officer: User, today: dt.date) -> ShortlistEntry:
    """A household that bid on ``advert`` last week and ranks first on its shortlist."""
    scheme = scheme_in_force(on=today)
    prop = advert.property
    entries = list(advert.shortlist.select_related("bid__application"))
    bands = [e.bid.application.band for e in entries if e.bid.application.band]
    band = min(bands, key=lambda code: ranks.get(code, 99)) if bands else "B"
    dates = [e.bid.application.effective_date for e in entries
             if e.bid.application.effective_date]
    since = min(dates, default=today - dt.timedelta(days=900)) - dt.timedelta(days=75)
    band_name = (BandDefinition.objects.filter(scheme=scheme, code=band)
                 .values_list("name", flat=True).first() or f"Band {band}")
    cycle = advert.cycle
    assert cycle is not None
    application = Application(
        reference=reference, status=Application.Status.ACTIVE, application_type=kind,
        submitted_at=timezone.make_aware(dt.datetime.combine(since, dt.time(10, 30))),
        application_date=since, registration_date=since, effective_date=since, band=band,
        bedroom_need=prop.bedrooms, eligible_sizes=[prop.bedrooms], postcode="BF2 3LT",
        scheme_version=scheme, eligibility_outcome="eligible",
        qualification_outcome="qualifies", decided_at=timezone.make_aware(
            dt.datetime.combine(since + dt.timedelta(days=20), dt.time(14, 0))))
    application._change_reason = "Demo data: housed household"  # type: ignore[attr-defined]
    application.save()
    first, last, age, sex = lead
    HouseholdMember.objects.create(
        application=application, role=HouseholdMember.Role.LEAD, first_name=first,
        last_name=last, sex=sex, date_of_birth=today.replace(year=today.year - age)
        - dt.timedelta(days=40), nationality="British", immigration_status="british",
        habitually_resident=True, is_existing_social_tenant=tenure == "council_tenant")
    for name, child_sex, child_age in children:
        HouseholdMember.objects.create(
            application=application, role=HouseholdMember.Role.CHILD, first_name=name,
            last_name=last, sex=child_sex,
            date_of_birth=today.replace(year=today.year - child_age) - dt.timedelta(days=90))
    social = tenure == Circumstances.Tenure.COUNCIL_TENANT
    Circumstances.objects.create(application=application, tenure=tenure,
                                 is_social_tenant_in_england=social,
                                 landlord_name="Brackenfield Borough Council" if social else "")
    BandAward.objects.create(
        application=application, status=BandAward.Status.CURRENT, scheme_version=scheme,
        band=band, band_name=band_name, proposed_band=band, award_date=since,
        effective_date=since, eligible_sizes=[prop.bedrooms], bedroom_need=prop.bedrooms,
        reasons=[f"{band_name}: synthetic demo household."], proposed_by=officer)
    bid = Bid.objects.create(
        application=application, advert=advert, status=Bid.Status.SHORTLISTED,
        placed_at=cycle.opens_at + dt.timedelta(hours=30), tiers=[0, 0, 0],
        snapshot={"taken_at": cycle.closes_at.isoformat(), "band": band,
                  "band_rank": ranks.get(band), "effective_date": since.isoformat(),
                  "registration_date": since.isoformat(), "bedroom_need": prop.bedrooms,
                  "household_size": 1 + len(children), "tiers": [0, 0, 0]})
    # Everyone else moves down one place (in two steps: the ranks are unique per advert).
    ShortlistEntry.objects.filter(advert=advert).update(rank=F("rank") + 1000)
    ShortlistEntry.objects.filter(advert=advert).update(rank=F("rank") - 999)
    return ShortlistEntry.objects.create(advert=advert, bid=bid, rank=1,
                                         sort_key=shortlist_sort_key(application, ranks))


# Homes never advertised in the demo that an officer has matched directly (§4.11, §5.5):
# indexes into demo_data.PROPERTIES, and whether a manager has approved the match yet.
DIRECT_MATCH_HOMES = ((21, False), (26, True))
# The scheme's category for each kind of application the demo matches, and the officer's case.
DIRECT_MATCH_CATEGORIES = {
    Application.Type.HOMELESS: ("homeless_in_ta",
                                "In temporary accommodation for over a year; no successful bid "
                                "in six cycles, and this home meets the household's needs."),
    Application.Type.MOVE_ON: ("move_on",
                               "Ready to move on from supported housing; the support provider "
                               "confirms the household can manage a tenancy."),
    Application.Type.MANAGEMENT_TRANSFER: ("management_transfer",
                                           "The tenant must move for their safety; the housing "
                                           "management team asked for a direct move."),
    Application.Type.DECANT: ("decant", "The tenant's block is being repaired and must be "
                                        "empty by the end of the quarter."),
}
SIZE_MAY_DIFFER = ("management_transfer", "decant")
PASSED_OVER = ("The higher-band households who need a home of this size have asked only for "
               "other areas.")


def _direct_matches(rng: random.Random, today: dt.date, properties: Sequence[Property],
                    users: dict[str, User]) -> None:
    """A ready-to-let home matched directly with an applicant and waiting for the manager,
    and another the manager has approved, ready for its single offer; both proposed by the
    officer through the services. Each home gets its void only once an applicant is found who
    fits it, so a second run (the homes have voids by then) does nothing."""
    officer, manager = users["officer"], users["manager"]
    candidates = list(Application.objects.filter(
        status=Application.Status.ACTIVE, restricted_access=False,
        application_type__in=list(DIRECT_MATCH_CATEGORIES), direct_matches__isnull=True)
        .exclude(applicant_user=users["applicant"]).order_by("band", "effective_date", "pk"))
    for index, approve in DIRECT_MATCH_HOMES:
        prop = properties[index]
        if Void.objects.filter(property=prop).exists():
            continue
        for application in candidates:
            code, why = DIRECT_MATCH_CATEGORIES[Application.Type(application.application_type)]
            category = Category(code, code, bedroom_need_must_match=code not in SIZE_MAY_DIFFER)
            checks = direct_match_checks_for(prop=prop, application=application,
                                             category=category, priority_reason=PASSED_OVER)
            if not checks.passed:
                continue
            needs_reason = any(c.code == "priority" for c in checks.checks)
            try:
                with transaction.atomic():
                    end = today - dt.timedelta(days=rng.randint(15, 30))
                    Void.objects.create(
                        property=prop, status=Void.Status.READY_TO_LET, created_by=officer,
                        reason_vacant=rng.choice(REASONS),
                        notice_received_date=end - dt.timedelta(days=28), tenancy_end_date=end,
                        keys_returned_date=end + dt.timedelta(days=1),
                        works_ordered_date=end + dt.timedelta(days=2),
                        works_completed_date=today - dt.timedelta(days=3),
                        ready_to_let_date=today - dt.timedelta(days=2),
                        works_description="Gas and electrical safety checks and a clean.")
                    match = direct_match_propose(
                        property=prop, application=application, category=code,
                        justification=why,
                        not_highest_priority_reason=PASSED_OVER if needs_reason else "",
                        actor=officer)
                    if approve and match.approval is not None:
                        approval_decide(approval=match.approval, actor=manager,
                                        decision="approve",
                                        reason="The category fits and every check passed.")
            except ApplicationError:
                continue
            candidates.remove(application)
            break

