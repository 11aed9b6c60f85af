"""Synthetic demonstration data for ``manage.py seed_demo``.

Everything here is invented. People's names pair common British first names and surnames at
random; addresses are in the fictional town of Brackenfield (postcodes BF1 to BF9, which do not
exist); email addresses use ``example.org``; telephone numbers come from Ofcom's drama range
(07700 900000 to 900999). Generation uses ``random.Random(seed)``, so the same seed gives the
same people, homes and bids.

Every write is keyed on a natural key (organisation code, username, application, property and
advert reference, cycle name; for casework the application with the document, note or change) and
only creates what is missing or fills what is empty, so running the command again changes
nothing, except that the demo users' passwords are put back to ``homeward-demo``.

Uploaded documents on the demo register are one tiny synthetic PDF (``demo_pdf``), saved through
the default storage like a real upload.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.utils import timezone

from applications.models import (
    AddressHistory,
    Application,
    CaseNote,
    ChangeOfCircumstances,
    Circumstances,
    Decision,
    EvidenceItem,
    HouseholdMember,
)
from applications.sections import SECTION_KEYS
from housing.accounts.models import Organisation, Role, User
from housing.core.exceptions import ApplicationError
from lettings.models import Advert, Bid, BiddingCycle, Property, ShortlistEntry

DEMO_PASSWORD = "homeward-demo"  # noqa: S105 - a published demo password, not a secret
DEFAULT_SEED = 20260401
REGISTER_PREFIX = "HR-2026-"
BULK_PREFIX = "HR-BULK-"
BULK_DIGITS = 7
LONDON = ZoneInfo("Europe/London")
DEFAULT_BAND_RANKS = {"A": 1, "B": 2, "C": 3, "D": 4}
MAX_BIDS_PER_CYCLE = 3

Status = Application.Status
AppType = Application.Type
MemberRole = HouseholdMember.Role
FEMALE = HouseholdMember.Sex.FEMALE.value
MALE = HouseholdMember.Sex.MALE.value

# --- Word lists (common British names; any pairing is chance, not a real person) -------------

# First names by generation, so a grandmother is not called Poppy and a toddler not Maureen.
FEMALE_CLASSIC = (
    "Margaret", "Patricia", "Jean", "Susan", "Maureen", "Brenda", "Sandra", "Julie", "Karen",
    "Helen", "Joanne", "Claire", "Alison", "Lorraine", "Tracey", "Diane", "Angela", "Denise",
    "Carol", "Janet", "Linda", "Pauline", "Elaine", "Wendy", "Shirley", "Yvonne",
)
FEMALE_MODERN = (
    "Olivia", "Amelia", "Isla", "Ava", "Emily", "Grace", "Mia", "Poppy", "Ella", "Lily", "Evie",
    "Jessica", "Chloe", "Ruby", "Charlotte", "Hannah", "Lucy", "Megan", "Holly", "Amy", "Leah",
    "Zoe", "Aisha", "Fatima", "Priya", "Amira", "Gemma", "Kirsty", "Lauren", "Danielle",
    "Shannon", "Rebecca", "Laura", "Nadia", "Freya", "Maya", "Esme", "Niamh", "Zara", "Layla",
)
MALE_CLASSIC = (
    "Keith", "Brian", "Peter", "John", "Michael", "Robert", "Kevin", "Gary", "Stephen", "Paul",
    "Mark", "Andrew", "David", "Graham", "Colin", "Ian", "Trevor", "Derek", "Alan", "Anthony",
    "Martin", "Neil", "Philip", "Roger", "Malcolm", "Raymond",
)
MALE_MODERN = (
    "Oliver", "George", "Harry", "Jack", "Jacob", "Noah", "Charlie", "Thomas", "Oscar",
    "William", "James", "Leo", "Alfie", "Joshua", "Freddie", "Archie", "Ethan", "Daniel",
    "Samuel", "Joseph", "Matthew", "Ryan", "Liam", "Adam", "Callum", "Lewis", "Connor",
    "Mohammed", "Ali", "Arjun", "Kwame", "Tomasz", "Dylan", "Kyle", "Dean", "Reuben", "Ibrahim",
    "Theo", "Finley", "Kai",
)


def _name_pools(sex: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Names for people under 30, 30 to 44, and 45 or over."""
    classic, modern = ((FEMALE_CLASSIC, FEMALE_MODERN) if sex == FEMALE
                       else (MALE_CLASSIC, MALE_MODERN))
    return modern, modern + classic, classic


NAME_POOLS = {FEMALE: _name_pools(FEMALE), MALE: _name_pools(MALE)}


def _cohort(age: int | None) -> int:
    return 0 if age is None or age < 30 else 1 if age < 45 else 2


SURNAMES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood",
    "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King",
    "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Davis", "Parker",
    "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter",
    "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards",
    "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson",
    "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain",
    "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd",
    "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins", "Murray", "Dixon", "Nowak",
    "Okafor", "Mensah", "Kowalski", "Ahmed", "Rahman", "Byrne", "Doyle", "Pearson", "Hewitt",
)
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters real inward codes use

# Brackenfield's areas: (outward code, streets, blocks of flats).
AREAS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Old Town": ("BF1", ("Bridge Street", "Cooper's Yard", "Wool Hall Lane", "Fish Row"),
                 ("Exchange House", "Guildhall Court")),
    "Millbrook": ("BF2", ("Millbrook Road", "Weaver Close", "Tannery Lane", "Mill Race"),
                  ("Kingfisher House", "Millbrook Court")),
    "St Anne's": ("BF3", ("St Anne's Walk", "Chapel Row", "Priory Gardens", "Vicarage Lane"),
                  ("Chantry House", "Cloister Court")),
    "Castle Vale": ("BF4", ("Castle Street", "Keep View", "Bailey Road", "Drawbridge Close"),
                    ("Rampart House", "Vale Court")),
    "Eastfield": ("BF5", ("Eastfield Avenue", "Linnet Close", "Heron Way", "Furlong Road"),
                  ("Linnet House", "Furlong Court")),
    "Harrow Green": ("BF6", ("Plough Lane", "Tithe Barn Road", "Meadow Drive", "Harrow Green"),
                     ("Ploughshare House", "Tithe Court")),
    "Fernhill": ("BF7", ("Fernhill Road", "Bracken Rise", "Larch Grove", "Hazel Close"),
                 ("Larch House", "Rowan Court")),
    "Ridgeway": ("BF8", ("Beacon Road", "Summit Close", "Windmill Hill", "The Ridgeway"),
                 ("Beacon Court", "Windmill House")),
    "Brackenfield Park": ("BF9", ("Parkside", "Lakeview Drive", "Boathouse Lane", "Oak Avenue"),
                          ("Lakeside House", "Pavilion Court")),
}
SHELTERED_SCHEMES = ("Alder Court", "Rosewood Court", "Lavender House", "Orchard Lodge")

CLOSED_REASONS = ("withdrawn", "housed_elsewhere", "annual_review_not_returned",
                  "moved_out_of_area", "duplicate", "no_longer_qualifies", "incomplete")

# --- Organisations and demo users -----------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    last_name: str
    organisation_code: str | None
    is_staff: bool = False
    is_superuser: bool = False
    in_restricted_group: bool = False


COUNCIL_CODE = "BBC"
PROVIDERS = (
    ("RVH", "Riverside Vale Housing Association", "lettings@riversidevale.example.org"),
    ("NGH", "Northgate Homes", "allocations@northgatehomes.example.org"),
)
DEMO_USERS = (
    DemoUser("officer", Role.OFFICER, "Rachel", "Ashworth", COUNCIL_CODE),
    DemoUser("manager", Role.MANAGER, "Martin", "Okoye", COUNCIL_CODE, in_restricted_group=True),
    DemoUser("adviser", Role.MEDICAL_ADVISER, "Helen", "Pryce", COUNCIL_CODE),
    DemoUser("applicant", Role.APPLICANT, "Kerry", "Hollins", None),
    DemoUser("provider-a", Role.PROVIDER, "Gareth", "Lowe", "RVH"),
    DemoUser("provider-b", Role.PROVIDER, "Nadia", "Farrow", "NGH"),
    DemoUser("admin", Role.ADMIN, "Sam", "Whitfield", COUNCIL_CODE, is_staff=True,
             is_superuser=True),
)


def seed_organisations() -> dict[str, Organisation]:
    """The council and the two registered providers, by code."""
    orgs = {}
    council, _ = Organisation.objects.get_or_create(
        code=COUNCIL_CODE,
        defaults={"kind": Organisation.Kind.COUNCIL, "name": settings.COUNCIL_NAME,
                  "contact_email": settings.COUNCIL_CONTACT_EMAIL})
    orgs[COUNCIL_CODE] = council
    for code, name, email in PROVIDERS:
        orgs[code], _ = Organisation.objects.get_or_create(
            code=code, defaults={"kind": Organisation.Kind.REGISTERED_PROVIDER, "name": name,
                                 "contact_email": email})
    return orgs


def seed_users(orgs: dict[str, Organisation]) -> dict[str, User]:
    """One user per role. A re-run puts each back to its demo role, organisation and password
    (so the demo sign-ins always work) and saves only when something differs."""
    users = {}
    now = timezone.now()
    # Hashing is deliberately slow, so hash the published demo password once and give every
    # demo user that same hash; a re-run then checks one hash, not seven.
    demo_hashes: set[str] = set()

    def demo_hash() -> str:
        if not demo_hashes:
            demo_hashes.add(make_password(DEMO_PASSWORD))
        return next(iter(demo_hashes))

    for spec in DEMO_USERS:
        user = User.objects.filter(username=spec.username).first()
        created = user is None
        if user is None:
            user = User(username=spec.username, email_verified_at=now)
        wanted: dict[str, Any] = {
            "role": spec.role,
            "organisation": orgs[spec.organisation_code] if spec.organisation_code else None,
            "is_staff": spec.is_staff, "is_superuser": spec.is_superuser,
            "in_restricted_group": spec.in_restricted_group, "is_active": True,
        }
        if created:
            wanted.update(first_name=spec.first_name, last_name=spec.last_name,
                          email=f"{spec.username}@example.org")
        changed = created
        for attr, value in wanted.items():
            if getattr(user, attr) != value:
                setattr(user, attr, value)
                changed = True
        if spec.role == Role.APPLICANT and user.email_verified_at is None:
            user.email_verified_at = now
            changed = True
        if user.password not in demo_hashes:
            if not created and check_password(DEMO_PASSWORD, user.password):
                demo_hashes.add(user.password)
            else:
                user.password = demo_hash()
                changed = True
        if changed:
            user.save()
        users[spec.username] = user
    return users


# --- People and households ------------------------------------------------------------------


@dataclass
class PersonPlan:
    role: str
    first_name: str
    last_name: str
    sex: str
    age: int | None  # None for an expected baby
    due_in_days: int | None = None
    birthday_offset: int = 1  # days before this year's birthday, so ages are not all round


def bedroom_need(people: Sequence[tuple[str, int | None, str]]) -> int:
    """A simplified bedroom standard (DOMAIN.md §4.5.1 defaults) over (role, age, sex): one room
    for the lead and partner, one per other adult (21+), two children of the same sex under 21
    share, any two under 10 share. An expected baby counts as a child under 10."""
    rooms = 1
    girls: list[int] = []
    boys: list[int] = []
    young: list[str] = []
    for role, age, sex in people:
        if role in (MemberRole.LEAD, MemberRole.JOINT, MemberRole.PARTNER):
            continue
        years = age or 0
        if years >= 21:
            rooms += 1
        elif years >= 10:
            (girls if sex == FEMALE else boys).append(years)
        else:
            young.append(sex)
    for sex, teens in ((FEMALE, girls), (MALE, boys)):
        rooms += len(teens) // 2
        if len(teens) % 2:
            rooms += 1
            if sex in young:  # the odd teenager shares with a younger child of the same sex
                young.remove(sex)
    return rooms + (len(young) + 1) // 2


def _first_name(rng: random.Random, sex: str, age: int | None, taken: set[str]) -> str:
    """A first name fitting the person's generation, not already used in the household."""
    pool = NAME_POOLS[sex][_cohort(age)]
    name = rng.choice(pool)
    for _ in range(10):
        if name not in taken:
            break
        name = rng.choice(pool)
    taken.add(name)
    return name


def _other_sex(sex: str) -> str:
    return MALE if sex == FEMALE else FEMALE


# Household kinds for the small register: lead age range, has partner, children as
# (sex or None for either, youngest, oldest), other adults as (role, youngest, oldest), and
# whether a baby is expected.
KINDS: dict[str, dict[str, Any]] = {
    "single": {"lead": (19, 55)},
    "couple": {"lead": (22, 55), "partner": True},
    "older_single": {"lead": (60, 86)},
    "older_couple": {"lead": (62, 84), "partner": True},
    "single_parent": {"lead": (20, 42), "lead_female": 0.85,
                      "children": [(None, 0, 9), (None, 0, 9)]},
    "family_small": {"lead": (24, 45), "partner": True, "children": [(None, 0, 9), (None, 0, 9)]},
    "family_teens": {"lead": (33, 50), "partner": True,
                     "children": [(FEMALE, 11, 17), (MALE, 10, 17)]},
    "family_large": {"lead": (30, 48), "partner": True,
                     "children": [(FEMALE, 12, 17), (MALE, 10, 16), (FEMALE, 0, 9),
                                  (None, 0, 5)]},
    "family_4bed": {"lead": (34, 50), "partner": True,
                    "children": [(FEMALE, 14, 17), (FEMALE, 10, 13), (MALE, 11, 17),
                                 (MALE, 0, 9), (FEMALE, 0, 9)]},
    "pregnant": {"lead": (18, 34), "lead_female": 1.0, "expecting": True},
    "adult_child": {"lead": (45, 64), "adults": [(MemberRole.OTHER_ADULT, 21, 30)]},
    "with_carer": {"lead": (62, 86), "adults": [(MemberRole.CARER, 30, 60)]},
}


def household_plan(rng: random.Random, kind: str) -> list[PersonPlan]:
    spec = KINDS[kind]
    lead_sex = FEMALE if rng.random() < spec.get("lead_female", 0.55) else MALE
    surname = rng.choice(SURNAMES)
    children: list[tuple[str, int]] = []
    for sex, youngest, oldest in spec.get("children", []):
        if kind == "single_parent" and children and rng.random() < 0.5:
            break  # some single parents have one child
        child_sex = sex or rng.choice((FEMALE, MALE))
        age = rng.randint(youngest, oldest)
        for _ in range(5):  # siblings at least two years apart where the ranges allow
            if all(abs(age - other) >= 2 for _, other in children):
                break
            age = rng.randint(youngest, oldest)
        children.append((child_sex, age))
    low, high = spec["lead"]
    lead_age = rng.randint(low, high)
    parent_min = max((age for _, age in children), default=-99) + 18
    lead_age = max(lead_age, parent_min + rng.randint(0, 6))
    taken: set[str] = set()
    people = [PersonPlan(MemberRole.LEAD, _first_name(rng, lead_sex, lead_age, taken), surname,
                         lead_sex, lead_age)]
    if spec.get("partner"):
        partner_sex = _other_sex(lead_sex) if rng.random() < 0.92 else lead_sex
        partner_surname = surname if rng.random() < 0.7 else rng.choice(SURNAMES)
        partner_age = max(18, parent_min, lead_age + rng.randint(-6, 6))
        role = MemberRole.JOINT if rng.random() < 0.6 else MemberRole.PARTNER
        people.append(PersonPlan(role, _first_name(rng, partner_sex, partner_age, taken),
                                 partner_surname, partner_sex, partner_age))
    for role, youngest, oldest in spec.get("adults", []):
        sex = rng.choice((FEMALE, MALE))
        last = surname if role == MemberRole.OTHER_ADULT else rng.choice(SURNAMES)
        age = rng.randint(youngest, oldest)
        people.append(PersonPlan(role, _first_name(rng, sex, age, taken), last, sex, age))
    # Children's birthdays cluster around one day of the year, so siblings are never born
    # weeks apart.
    family_offset = rng.randint(40, 320)
    for sex, age in sorted(children, key=lambda c: -c[1]):
        people.append(PersonPlan(MemberRole.CHILD, _first_name(rng, sex, age, taken), surname,
                                 sex, age, birthday_offset=family_offset + rng.randint(-35, 35)))
    if spec.get("expecting"):
        people.append(PersonPlan(MemberRole.CHILD, "Baby", surname, "", None,
                                 due_in_days=rng.randint(30, 150)))
    return people


def _date_of_birth(today: dt.date, age: int, offset: int) -> dt.date:
    """A birthday that makes the person ``age`` today (``offset`` 1 to 364)."""
    return today - dt.timedelta(days=age * 365 + age // 4 + offset)


def _postcode(rng: random.Random, outward: str | None = None) -> str:
    outward = outward or f"BF{rng.randint(1, 9)}"
    return (f"{outward} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}"
            f"{rng.choice(INWARD_LETTERS)}")


def _phone(rng: random.Random) -> str:
    return f"07700 900{rng.randint(0, 999):03d}"


def _weekday(day: dt.date) -> dt.date:
    """The day itself, or the Monday after a weekend: officers register cases on weekdays."""
    return day + dt.timedelta(days=7 - day.weekday() if day.weekday() >= 5 else 0)


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


# --- The small register ---------------------------------------------------------------------

# (status, band, household kind, application type). The first is the demo applicant's.
REGISTER: tuple[tuple[str, str, str, str], ...] = (
    (Status.ACTIVE, "B", "couple", AppType.HOMESEEKER),
    (Status.ACTIVE, "A", "family_teens", AppType.HOMELESS),
    (Status.ACTIVE, "A", "older_single", AppType.HOMESEEKER),
    (Status.ACTIVE, "B", "single", AppType.HOMELESS),
    (Status.ACTIVE, "B", "single_parent", AppType.HOMELESS),
    (Status.ACTIVE, "B", "family_small", AppType.TRANSFER),
    (Status.ACTIVE, "B", "with_carer", AppType.HOMESEEKER),
    (Status.ACTIVE, "B", "family_teens", AppType.ARMED_FORCES),
    (Status.ACTIVE, "C", "single", AppType.HOMESEEKER),
    (Status.ACTIVE, "C", "couple", AppType.HOMESEEKER),
    (Status.ACTIVE, "C", "single_parent", AppType.HOMESEEKER),
    (Status.ACTIVE, "C", "family_4bed", AppType.TRANSFER),
    (Status.ACTIVE, "C", "older_couple", AppType.HOMESEEKER),
    (Status.ACTIVE, "C", "pregnant", AppType.HOMESEEKER),
    (Status.ACTIVE, "D", "single", AppType.HOMESEEKER),
    (Status.ACTIVE, "D", "older_single", AppType.HOMESEEKER),
    (Status.ACTIVE, "D", "couple", AppType.RIGHT_TO_MOVE),
    (Status.ACTIVE, "D", "adult_child", AppType.TRANSFER),
    (Status.ACTIVE_SUSPENDED, "C", "single", AppType.HOMESEEKER),
    (Status.ACTIVE_SUSPENDED, "B", "family_small", AppType.TRANSFER),
    (Status.UNDER_OFFER, "A", "family_small", AppType.DECANT),
    (Status.UNDER_OFFER, "B", "single", AppType.MOVE_ON),
    (Status.HOUSED, "B", "single_parent", AppType.HOMELESS),
    (Status.HOUSED, "C", "older_single", AppType.TRANSFER),
    (Status.CLOSED, "C", "single", AppType.HOMESEEKER),
    (Status.CLOSED, "D", "couple", AppType.HOMESEEKER),
    (Status.DRAFT, "", "single", AppType.HOMESEEKER),
    (Status.DRAFT, "", "family_small", AppType.HOMESEEKER),
    (Status.SUBMITTED, "", "couple", AppType.HOMESEEKER),
    (Status.SUBMITTED, "", "single_parent", AppType.HOMELESS),
    (Status.SUBMITTED, "", "older_single", AppType.HOMESEEKER),
    (Status.AWAITING_INFORMATION, "", "single", AppType.HOMESEEKER),
    (Status.AWAITING_INFORMATION, "", "family_large", AppType.HOMESEEKER),
    (Status.AWAITING_INFORMATION, "", "pregnant", AppType.HOMELESS),
    (Status.UNDER_ASSESSMENT, "", "family_teens", AppType.HOMELESS),
    (Status.UNDER_ASSESSMENT, "", "single", AppType.MOVE_ON),
    (Status.UNDER_ASSESSMENT, "", "couple", AppType.MANAGEMENT_TRANSFER),
    (Status.NOT_ELIGIBLE, "", "single", AppType.HOMESEEKER),
    (Status.NOT_QUALIFYING, "", "couple", AppType.HOMESEEKER),
    (Status.NOT_QUALIFYING, "", "single", AppType.HOMESEEKER),
)
BANDED = frozenset({Status.ACTIVE, Status.ACTIVE_SUSPENDED, Status.UNDER_OFFER, Status.HOUSED,
                    Status.CLOSED})
# How long ago (days) the application was made, by status.
APPLIED_DAYS_AGO: dict[str, tuple[int, int]] = {
    Status.SUBMITTED: (1, 14), Status.AWAITING_INFORMATION: (10, 27),
    Status.UNDER_ASSESSMENT: (20, 70), Status.NOT_ELIGIBLE: (45, 240),
    Status.NOT_QUALIFYING: (45, 240),
}


def _register_dates(rng: random.Random, today: dt.date, status: str,
                    band: str) -> dict[str, Any]:
    """Dates consistent with the status: registration on or after the application date, the
    band date the application date for C/D and the award date for A/B (DOMAIN.md §4.4.4)."""
    if status == Status.DRAFT:
        return {}
    if status in BANDED:
        applied = today - dt.timedelta(days=rng.randint(90, 6 * 365))
        registered = _weekday(applied + dt.timedelta(days=rng.randint(10, 56)))
        if band in ("A", "B"):
            span = (today - registered).days
            recent = 200 if band == "A" else span
            effective = today - dt.timedelta(days=rng.randint(7, max(8, min(span, recent))))
            effective = max(effective, registered)
        else:
            effective = applied
        dates = {"application_date": applied, "registration_date": registered,
                 "effective_date": effective}
    else:
        low, high = APPLIED_DAYS_AGO[status]
        applied = today - dt.timedelta(days=rng.randint(low, high))
        dates = {"application_date": applied}
    dates["submitted_at"] = _aware(applied, rng.randint(8, 21), rng.randint(0, 59))
    return dates


@dataclass
class RegisterEntry:
    reference: str
    fields: dict[str, Any]
    people: list[PersonPlan]
    phone: str


def register_plan(rng: random.Random, today: dt.date) -> list[RegisterEntry]:
    entries = []
    for number, (status, band, kind, app_type) in enumerate(REGISTER, start=1):
        people = household_plan(rng, kind)
        if number == 1:  # the demo applicant and their partner
            people[0].first_name, people[0].last_name, people[0].sex = "Kerry", "Hollins", FEMALE
            people[1].first_name, people[1].last_name, people[1].sex = "Daniel", "Hollins", MALE
        fields: dict[str, Any] = {
            "status": status, "application_type": app_type, "postcode": _postcode(rng),
            **_register_dates(rng, today, status, band),
        }
        if status in BANDED:
            fields["band"] = band
            fields["bedroom_need"] = bedroom_need([(p.role, p.age, p.sex) for p in people])
        if status == Status.CLOSED:
            fields["closed_reason"] = rng.choice(CLOSED_REASONS[:-1])
        for person in people:
            if person.role != MemberRole.CHILD:
                person.birthday_offset = rng.randint(1, 364)
        entries.append(RegisterEntry(f"{REGISTER_PREFIX}{number:06d}", fields, people,
                                     _phone(rng)))
    return entries


def seed_register(rng: random.Random, today: dt.date, applicant: User) -> list[Application]:
    """About forty applications, every status represented; members only for new ones."""
    applications = []
    for number, entry in enumerate(register_plan(rng, today), start=1):
        defaults = dict(entry.fields)
        if number == 1:
            defaults["applicant_user"] = applicant
        application, created = Application.objects.get_or_create(reference=entry.reference,
                                                                  defaults=defaults)
        applications.append(application)
        if not created:
            continue
        if application.submitted_at:  # lists sort by created_at: make it when it was started
            started = application.submitted_at - dt.timedelta(minutes=rng.randint(15, 90))
            Application.objects.filter(pk=application.pk).update(created_at=started)
        for index, person in enumerate(entry.people):
            member = HouseholdMember(application=application, role=person.role,
                                     first_name=person.first_name,
                                     last_name=person.last_name, sex=person.sex)
            if person.age is None:
                member.due_date = today + dt.timedelta(days=person.due_in_days or 90)
            else:
                member.date_of_birth = _date_of_birth(today, person.age, person.birthday_offset)
            if index == 0:
                member.email = (applicant.email if number == 1 else
                                f"{person.first_name}.{person.last_name}{number}@example.org"
                                .lower())
                member.phone = entry.phone
            member.save()
    return applications


# --- Casework on the small register ---------------------------------------------------------
#
# Everything a caseworker would see on each small-register case: circumstances, address history,
# evidence (with small synthetic PDFs), notes, a reported change, decisions and the queues'
# special cases. Each row is keyed on a natural key and made only if missing, and every field on
# an existing row is filled only while it is empty, so a second run creates and changes nothing.
# Random choices come from one stream per application and part, drawn whatever already exists.

# Register numbers (REGISTER above, counting from 1) with a part in the demo's story.
DEMO_NUMBER = 1  # the demo applicant's own application
ARMED_FORCES_NUMBER = 8  # a veteran: exempt from the local connection rule
DUPLICATE_OLDER, DUPLICATE_NEWER = 9, 30  # the same person has applied twice
RIGHT_TO_MOVE_NUMBER = 17  # a social tenant elsewhere, moving here for work
SUSPENDED_NUMBER = 19  # bidding suspended after refusing two offers
CHANGE_NUMBER = 20  # bidding suspended while a reported change is checked
CLOSURE_NUMBER = 32  # evidence deadline passed: closure proposed
REJECTED_NUMBER = 33  # a photo ID that could not be read
RESTRICTED_NUMBER = 34  # domestic abuse: a restricted case with a restricted note
NOT_ELIGIBLE_NUMBER = 38  # pre-settled status and no right to reside
SAVINGS_NUMBER = 39  # does not qualify: savings over the limit
SHORT_RESIDENCE_NUMBER = 40  # does not qualify: eight months in the district

DECIDED = BANDED | {Status.NOT_ELIGIBLE, Status.NOT_QUALIFYING}
TENANT_TYPES = frozenset({AppType.TRANSFER, AppType.DECANT, AppType.MANAGEMENT_TRANSFER})
REJECTION_REASON = "The photo is too blurry to read the date of birth"
# Lead applicants who are not British: (nationality, immigration status).
NATIONALITIES: dict[int, tuple[str, str]] = {
    4: ("Eritrean", "refugee"),
    10: ("Polish", "euss_settled"),
    13: ("Jamaican", "indefinite_leave"),
    29: ("Portuguese", "euss_settled"),
    36: ("Sudanese", "refugee"),
    NOT_ELIGIBLE_NUMBER: ("Romanian", "euss_pre_settled"),
}
# Towns outside Brackenfield (the fictional BF postcodes go on past BF9).
ELSEWHERE = (("Holmbury", "BF11", ("Station Road", "Mill Lane", "Church Street")),
             ("Ashcombe", "BF12", ("High Street", "Green Lane", "Orchard Way")))
Tenure = Circumstances.Tenure
# Address history keeps tenure as free text (at most 32 characters) and shows it as written.
ADDRESS_TENURE = {
    Tenure.PRIVATE_RENT: "Private rented", Tenure.TEMPORARY: "Temporary accommodation",
    Tenure.COUNCIL_TENANT: "Council tenancy", Tenure.HA_TENANT: "Housing association tenancy",
    Tenure.HOSTEL: "Supported housing", Tenure.FAMILY: "Living with family",
    Tenure.OTHER: "Forces accommodation",
}
PRIVATE_LANDLORDS = ("Castle Lettings", "Millbrook Property Management", "Mr A. Deacon",
                     "Harrow Green Estates", "Mrs P. Lowther")
LEAVING_REASONS = ("The landlord sold the property", "The tenancy ended (section 21 notice)",
                   "Moved to be nearer family", "The relationship ended",
                   "Needed somewhere cheaper", "Needed somewhere bigger")
MEDICAL = ("Arthritis in both knees: cannot manage the stairs to the flat.",
           "COPD: the damp in the flat makes breathing worse.",
           "Uses a wheelchair outdoors; cannot get into the bathroom at home.",
           "Anxiety and depression; the GP says the current home is making it worse.")
FAMILY = ("Mother", "Father", "Sister", "Brother", "Grandmother", "Adult son", "Adult daughter")
DISREPAIR = ("Damp and black mould in both bedrooms; the landlord has not done the repairs.",
             "The boiler has failed twice this winter and the windows do not close.")
FILENAMES: dict[str, str] = {
    EvidenceItem.Kind.IDENTITY: "passport.pdf", EvidenceItem.Kind.IMMIGRATION: "share-code.pdf",
    EvidenceItem.Kind.ADDRESS: "council-tax-bill.pdf", EvidenceItem.Kind.INCOME:
    "payslips-and-bank-statements.pdf", EvidenceItem.Kind.PREGNANCY: "MATB1.pdf",
    EvidenceItem.Kind.MEDICAL: "GP-letter.pdf", EvidenceItem.Kind.EMPLOYMENT: "employer-letter.pdf",
    EvidenceItem.Kind.ARMED_FORCES: "discharge-papers.pdf",
    EvidenceItem.Kind.DOMESTIC_ABUSE: "IDVA-letter.pdf",
}
METHODS: dict[str, str] = {EvidenceItem.Kind.IDENTITY: EvidenceItem.Method.ORIGINAL_SEEN,
           EvidenceItem.Kind.IMMIGRATION: EvidenceItem.Method.SHARE_CODE,
           EvidenceItem.Kind.DOMESTIC_ABUSE: EvidenceItem.Method.THIRD_PARTY}
Note = CaseNote.Category
# Case notes by status: (category, body); {first} is the lead applicant's first name.
NOTES: dict[str, tuple[tuple[str, str], ...]] = {
    Status.SUBMITTED: (
        (Note.CONTACT, "Application received online. Acknowledgement sent with the list of "
                       "documents we need."),
        (Note.CONTACT, "{first} phoned to ask how long the assessment takes. Explained we aim to "
                       "decide within 20 working days of receiving all the documents."),
    ),
    Status.AWAITING_INFORMATION: (
        (Note.CONTACT, "Phoned {first} to chase the outstanding documents. No answer: left a "
                       "voicemail and sent a text with the upload link."),
        (Note.ASSESSMENT, "Checked the form: five years of addresses with no gaps. Cannot assess "
                          "until the outstanding documents arrive."),
    ),
    Status.UNDER_ASSESSMENT: (
        (Note.ASSESSMENT, "All documents received. Current address matches council tax "
                          "records."),
        (Note.CONTACT, "Phoned {first} to say the application is being assessed and we will "
                       "write with our decision."),
    ),
    "banded": (
        (Note.ASSESSMENT, "Registered in band {band}. Bedroom need confirmed from the household "
                          "details and the documents."),
        (Note.CONTACT, "Explained choice-based lettings to {first}: homes are advertised every "
                       "Thursday and bidding closes at 23:59 on Monday. Sent the bidding guide."),
    ),
    Status.ACTIVE_SUSPENDED: (
        (Note.ASSESSMENT, "Bidding suspended for three months: two suitable offers refused "
                          "without good reason (scheme section 7.4)."),
    ),
    Status.UNDER_OFFER: (
        (Note.CONTACT, "Offer made. {first} has viewed the home with the landlord's housing "
                       "officer and will give an answer by Friday."),
    ),
    Status.HOUSED: (
        (Note.CONTACT, "Tenancy signed. The landlord has confirmed the start date."),
    ),
    Status.CLOSED: (
        (Note.REVIEW, "Application closed: {closed_reason}. Closure letter sent."),
    ),
    Status.NOT_ELIGIBLE: (
        (Note.ASSESSMENT, "Eligibility decided: not eligible. Decision letter sent with the "
                          "right to ask for a review within 21 days."),
        (Note.CONTACT, "Gave {first} the housing options team's number and the private renting "
                       "advice leaflet."),
    ),
    Status.NOT_QUALIFYING: (
        (Note.ASSESSMENT, "Qualification decided: does not qualify. The decision letter "
                          "explains when {first} can apply again."),
    ),
}
TYPE_NOTES: dict[str, tuple[str, str]] = {
    AppType.HOMELESS: (Note.CONTACT, "Housing Options confirmed the main housing duty is "
                                     "accepted. The household is in temporary accommodation."),
    AppType.TRANSFER: (Note.ASSESSMENT, "Tenancy check: rent account clear and no breaches of "
                                        "tenancy."),
    AppType.DECANT: (Note.ASSESSMENT, "Decant: the block is due for regeneration. Band A under "
                                      "the decant policy."),
    AppType.MOVE_ON: (Note.CONTACT, "Support worker at Brackenfield Foyer confirmed {first} is "
                                    "ready to move on and will support the tenancy for six "
                                    "months."),
    AppType.ARMED_FORCES: (Note.ASSESSMENT, "Discharge papers seen. Veteran of the regular "
                                            "forces, so the local connection rule does not "
                                            "apply."),
    AppType.RIGHT_TO_MOVE: (Note.ASSESSMENT, "Employer confirmed the job in Brackenfield. Right "
                                             "to Move: the local connection rule does not "
                                             "apply."),
    AppType.MANAGEMENT_TRANSFER: (Note.ASSESSMENT, "Management transfer asked for by the "
                                                   "landlord's tenancy team after threats from a "
                                                   "neighbour."),
}
RESTRICTED_NOTE = ("Referred by the Independent Domestic Violence Adviser at Brackenfield Women's "
                   "Aid; the case was heard at MARAC. The former partner must not learn where "
                   "{first} is living: confirm identity before discussing the case and use the "
                   "safe contact number only.")
CHANGE_NOTE = ("Told {first} that bidding is paused while the reported change is checked; it "
               "starts again as soon as the change is verified.")
CHANGE_DETAILS = ("{first} phoned: the family are expecting another baby, due in the spring. "
                  "The MATB1 will follow once the midwife issues it.")


@functools.cache
def demo_pdf() -> bytes:
    """A tiny valid one-page PDF that says it is synthetic, built once and reused for every
    demo upload (a few hundred bytes; no PDF library needed)."""
    text = b"Homeward demonstration: a synthetic document. No real person's details."
    stream = b"BT /F1 11 Tf 56 780 Td (" + text + b") Tj ET"
    objects = (
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def _empty(value: Any) -> bool:
    return value is None or value in ("", [], False)


def _field_name(model: Any, name: str) -> str:
    return str(model._meta.get_field(name).name)


def _fill(obj: Any, reason: str, **wanted: Any) -> bool:
    """Set each field that is still empty to its wanted value; save those fields (one history
    record) only if any changed. Returns True when something was saved."""
    changed = [name for name, value in wanted.items()
               if _empty(getattr(obj, name)) and not _empty(value)
               and getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, wanted[name])
    if changed:
        obj._change_reason = reason
        obj.save(update_fields=[*(_field_name(type(obj), n) for n in changed), "updated_at"])
    return bool(changed)


def _at(day: dt.date, rng: random.Random, now: dt.datetime) -> dt.datetime:
    """A working-hours moment on ``day``, never in the future."""
    return min(_aware(day, rng.randint(9, 16), rng.randint(0, 59)), now - dt.timedelta(hours=1))


@dataclass
class Casework:
    """What one run needs to hand: the scheme, the staff and the clock; and the rows to date."""

    seed: int
    today: dt.date
    now: dt.datetime
    scheme: Any
    officer: User
    manager: User
    backdate: list[tuple[type[Any], int, dt.datetime]]

    def rng(self, application: Application, part: str) -> random.Random:
        return _rng(self.seed, f"casework-{application.reference}-{part}")

    def created(self, obj: Any, when: dt.datetime) -> None:
        """Give a row made just now the time it would have been made (written at the end)."""
        self.backdate.append((type(obj), obj.pk, min(when, self.now)))

    def create_all(self, model: Any, rows: Sequence[tuple[Any, dt.datetime]], *,
                   dated: bool = False) -> None:
        """Insert new rows with one query and their history records with another, dated when
        they would have been made (the case timeline reads the history). ``dated`` also moves
        the rows' own ``created_at`` back (one more query), for rows that show it (notes,
        decisions). Much quicker than a save() per row."""
        if not rows:
            return
        objs = model.objects.bulk_create([obj for obj, _ in rows])
        for obj, (_, when) in zip(objs, rows, strict=True):
            obj._history_date = min(when, self.now)
            if dated:
                obj.created_at = obj.updated_at = obj._history_date
        if dated:
            model.objects.bulk_update(objs, ["created_at", "updated_at"])
        model.history.bulk_history_create(objs, default_change_reason="Demo data")

    def fill_all(self, model: Any, wanted: Sequence[tuple[Any, dict[str, Any]]],
                 reason: str) -> None:
        """``_fill`` for many rows of one model: one update and one history insert in all."""
        changed_objs: list[Any] = []
        fields: set[str] = set()
        for obj, values in wanted:
            changed = [name for name, value in values.items()
                       if _empty(getattr(obj, name)) and not _empty(value)
                       and getattr(obj, name) != value]
            for name in changed:
                setattr(obj, name, values[name])
            if changed:
                obj.updated_at = self.now
                obj._change_reason = reason
                changed_objs.append(obj)
                fields.update(_field_name(model, name) for name in changed)
        if changed_objs:
            model.objects.bulk_update(changed_objs, [*sorted(fields), "updated_at"])
            model.history.bulk_history_create(changed_objs, update=True,
                                              default_change_reason=reason)

    def date_created(self) -> None:
        by_model: dict[Any, list[Any]] = {}
        for model, pk, when in self.backdate:
            by_model.setdefault(model, []).append(model(pk=pk, created_at=when,
                                                        updated_at=when))
        for model, objs in by_model.items():
            model.objects.bulk_update(objs, ["created_at", "updated_at"])


@dataclass
class Case:
    """One small-register application being worked, with its household (lead first)."""

    number: int
    application: Application
    members: list[HouseholdMember]

    @property
    def lead(self) -> HouseholdMember:
        return self.members[0]


def _number(application: Application) -> int:
    return int(application.reference[len(REGISTER_PREFIX):])


def _plant_duplicate(by_number: dict[int, Application]) -> None:
    """The newer application's lead is also the lead of an older one (same name and date of
    birth): they applied again with their children instead of reporting the change."""
    older, newer = by_number.get(DUPLICATE_OLDER), by_number.get(DUPLICATE_NEWER)
    if older is None or newer is None:
        return
    source = HouseholdMember.objects.filter(application=newer, role=MemberRole.LEAD).first()
    target = HouseholdMember.objects.filter(application=older, role=MemberRole.LEAD).first()
    if source is None or target is None:
        return
    wanted = {"first_name": source.first_name, "last_name": source.last_name,
              "sex": source.sex, "date_of_birth": source.date_of_birth,
              "email": f"{source.first_name}.{source.last_name}{DUPLICATE_OLDER}@example.org"
              .lower()}
    changed = [name for name, value in wanted.items() if getattr(target, name) != value]
    if changed:
        for name in changed:
            setattr(target, name, wanted[name])
        target._change_reason = (  # type: ignore[attr-defined]
            "Demo data: the same person as on a newer application")
        target.save(update_fields=[*changed, "updated_at"])


def _backdate_closure_case(work: Casework, application: Application) -> None:
    """The case whose closure is proposed must be past its evidence deadline: move it back in
    time once, before anything else is made for it."""
    if application.closure_proposed_at is not None:
        return
    days = work.scheme.evidence_deadline_days
    applied = application.application_date
    if applied is not None and applied + dt.timedelta(days=days) < work.today:
        return
    applied = work.today - dt.timedelta(days=days + 3 + work.rng(application, "dates")
                                         .randint(0, 9))
    submitted = _aware(applied, 19, 42)
    Application.objects.filter(pk=application.pk).update(
        application_date=applied, submitted_at=submitted, evidence_due_date=None,
        created_at=submitted - dt.timedelta(minutes=35))
    application.application_date, application.submitted_at = applied, submitted
    application.evidence_due_date = None


def _member_facts(case: Case) -> list[tuple[HouseholdMember, dict[str, Any]]]:
    """Couples linked as partners; nationality and immigration status for the proposed tenants;
    the officer's habitual residence finding once a case is decided."""
    application, lead = case.application, case.lead
    couple = next((m for m in case.members[1:]
                   if m.role in (MemberRole.JOINT, MemberRole.PARTNER)), None)
    decided = application.status in DECIDED
    facts = []
    for member in case.members:
        wanted: dict[str, Any] = {}
        if member is lead and couple is not None and couple.partner_id is None:
            wanted["partner_id"] = couple.pk
        if member.is_proposed_tenant:
            nationality, status = (NATIONALITIES.get(case.number, ("British", "british"))
                                   if member is lead else ("British", "british"))
            wanted.update(nationality=nationality, immigration_status=status)
            if decided:
                wanted["habitually_resident"] = True
            if case.number == NOT_ELIGIBLE_NUMBER:
                wanted["right_to_reside"] = "none"
            if application.application_type in TENANT_TYPES | {AppType.RIGHT_TO_MOVE}:
                wanted["is_existing_social_tenant"] = True
        facts.append((member, wanted))
    return facts


def _application_fields(work: Casework, case: Case) -> dict[str, Any]:
    application, number = case.application, case.number
    applied = application.application_date
    worked = application.status != Status.SUBMITTED  # new submissions wait to be picked up
    return {
        "sections_completed": list(SECTION_KEYS), "scheme_version_id": work.scheme.pk,
        "evidence_due_date": (applied + dt.timedelta(days=work.scheme.evidence_deadline_days)
                              if applied else None),
        "assigned_officer_id": (work.manager.pk if number == RESTRICTED_NUMBER
                                else work.officer.pk if worked else None),
        "restricted_access": number == RESTRICTED_NUMBER,
    }


def _circumstances_values(work: Casework, case: Case) -> dict[str, Any]:
    """Answers to every section of the form, consistent with the kind of application."""
    application, number, members = case.application, case.number, case.members
    rng = work.rng(application, "circumstances")
    lead = case.lead
    lead_age = lead.age_on(work.today) or 40
    size = len(members)
    kind = application.application_type
    family = size > 1
    roll = [rng.random() for _ in range(8)]
    values: dict[str, Any] = {
        "has_housing_need": application.band != "D",
        "household_income_annual": (rng.randint(110, 190) * 100 if lead_age >= 66 else
                                    rng.randint(120, 420) * 100 if family else
                                    rng.randint(85, 260) * 100),
        "savings": 0 if roll[0] < 0.4 else rng.randint(2, 120) * 50,
        "consent_data_sharing": True,
        "declaration_accepted_at": (application.submitted_at - dt.timedelta(
            minutes=rng.randint(2, 12))) if application.submitted_at else None,
    }
    landlord = rng.choice(PRIVATE_LANDLORDS)
    if kind == AppType.HOMELESS:
        values.update(tenure=Tenure.TEMPORARY, current_bedrooms=1 if size < 3 else 2,
                      landlord_name="Brackenfield Borough Council (temporary accommodation)")
    elif kind in TENANT_TYPES:
        values.update(tenure=Tenure.COUNCIL_TENANT, is_social_tenant_in_england=True,
                      landlord_name="Brackenfield Borough Council",
                      current_bedrooms=max(1, size // 2))
    elif kind == AppType.RIGHT_TO_MOVE:
        values.update(tenure=Tenure.HA_TENANT, landlord_name="Holmbury Homes",
                      current_bedrooms=1, is_social_tenant_in_england=True,
                      has_job_or_offer_in_district=True, hardship_to_move_for_work=True)
    elif kind == AppType.MOVE_ON:
        values.update(tenure=Tenure.HOSTEL, landlord_name="Brackenfield Foyer",
                      current_bedrooms=1, shares_kitchen=True, shares_bathroom=True)
    elif roll[1] < 0.55 or lead_age >= 60:
        values.update(tenure=Tenure.PRIVATE_RENT, landlord_name=landlord,
                      current_bedrooms=max(1, min(3, size - 1)))
        if roll[2] < 0.35:
            values.update(disrepair=True, disrepair_details=rng.choice(DISREPAIR))
    else:
        values.update(tenure=Tenure.FAMILY, current_bedrooms=3, shares_kitchen=True,
                      shares_bathroom=True)
    if kind == AppType.ARMED_FORCES:
        values.update(armed_forces=Circumstances.ArmedForces.VETERAN_REGULAR,
                      discharge_date=_discharge_date(work, application))
    working_age = 18 <= lead_age < 66
    if (working_age and roll[3] < 0.35 and number != SHORT_RESIDENCE_NUMBER
            and kind != AppType.RIGHT_TO_MOVE):
        values.update(works_in_district=True, work_hours_per_week=rng.choice((16, 20, 24, 30, 37)),
                      work_months=rng.randint(12, 96))
    if roll[4] < 0.25 and number != SHORT_RESIDENCE_NUMBER and kind != AppType.RIGHT_TO_MOVE:
        values.update(family_in_district=True, family_relationship=rng.choice(FAMILY),
                      family_years=rng.randint(5, 30))
    if lead_age >= 60 or any(m.role == MemberRole.CARER for m in members) or roll[5] < 0.15:
        values.update(has_medical_needs=True,
                      medical_summary=MEDICAL[3] if lead_age < 60 else rng.choice(MEDICAL[:3]))
    if lead_age >= 60 and size == 1 and roll[6] < 0.5:
        values["seeking_sheltered_only"] = True
    if roll[7] < 0.1:
        values.update(has_housing_debt=True,
                      housing_debt_amount=Decimal(rng.randint(150, 480)),
                      housing_debt_details="Arrears with a previous landlord; paying £5 a week "
                                           "under an arrangement.")
    if number == SAVINGS_NUMBER:
        values["savings"] = 38250  # an inheritance
    if number == RESTRICTED_NUMBER:
        values["fled_domestic_abuse"] = True
    return values


def _discharge_date(work: Casework, application: Application) -> dt.date:
    applied = application.application_date or work.today
    return applied - dt.timedelta(days=work.rng(application, "discharge").randint(60, 400))


def _brackenfield_address(rng: random.Random) -> tuple[str, str, str]:
    outward, streets, blocks = AREAS[rng.choice(list(AREAS))]
    street = rng.choice(streets)
    if rng.random() < 0.45:
        return f"Flat {rng.randint(1, 48)}, {rng.choice(blocks)}", street, \
            _postcode(rng, outward)
    return f"{rng.randint(1, 120)} {street}", "", _postcode(rng, outward)


def _address_plan(work: Casework, case: Case,
                  circumstances: Circumstances) -> list[dict[str, Any]]:
    """Five years of addresses before the application date, oldest first. In the district
    throughout, except: the oldest of three is sometimes elsewhere (still three years here),
    the veteran's service home, the Right to Move tenant's, and the applicant who moved here
    eight months before applying."""
    application, number = case.application, case.number
    rng = work.rng(application, "addresses")
    applied = application.application_date or work.today
    five_years = applied - dt.timedelta(days=5 * 365 + 2)
    count_roll, away_roll = rng.random(), rng.random()
    count = 1 if count_roll < 0.3 else 2 if count_roll < 0.75 else 3
    homeless = circumstances.tenure in (Tenure.TEMPORARY, Tenure.HOSTEL)
    if homeless:
        count = max(count, 2)
    places = [_brackenfield_address(rng) for _ in range(3)]
    elsewhere = []
    for town, outward, streets in ELSEWHERE:
        elsewhere.append((f"{rng.randint(1, 90)} {rng.choice(streets)}", town,
                          _postcode(rng, outward)))
    reasons = [rng.choice(LEAVING_REASONS) for _ in range(2)]
    starts = {1: [five_years - dt.timedelta(days=rng.randint(30, 2500))],
              2: [five_years - dt.timedelta(days=rng.randint(30, 2000)),
                  applied - dt.timedelta(days=rng.randint(30, 300) if homeless
                                         else rng.randint(400, 1700))],
              3: [five_years - dt.timedelta(days=rng.randint(30, 1500)),
                  applied - dt.timedelta(days=rng.randint(1300, 1700)),
                  applied - dt.timedelta(days=rng.randint(30, 300) if homeless
                                         else rng.randint(150, 700))]}[count]
    rows: list[dict[str, Any]] = []
    for index, start in enumerate(starts):
        line_1, line_2, postcode = places[index]
        rows.append({"line_1": line_1, "line_2": line_2, "town": "Brackenfield",
                     "postcode": postcode, "from_date": start, "in_district": True,
                     "tenure": Tenure.PRIVATE_RENT})
    kind = application.application_type
    if count == 3 and away_roll < 0.35:
        rows[0].update(line_1=elsewhere[0][0], line_2="", town=elsewhere[0][1],
                       postcode=elsewhere[0][2], in_district=False)
    if number == SHORT_RESIDENCE_NUMBER:
        moved = applied - dt.timedelta(days=244)  # eight months before applying
        rows = [{"line_1": elsewhere[1][0], "line_2": "", "town": elsewhere[1][1],
                 "postcode": elsewhere[1][2], "from_date": starts[0], "in_district": False,
                 "tenure": Tenure.PRIVATE_RENT},
                {**rows[-1], "from_date": moved}]
    elif kind == AppType.ARMED_FORCES:
        discharged = _discharge_date(work, application)
        rows = [{"line_1": f"{rng.randint(1, 60)} Ordnance Road", "line_2": "Holmbury Garrison",
                 "town": "Holmbury", "postcode": _postcode(rng, "BF11"),
                 "from_date": starts[0], "in_district": False, "tenure": Tenure.OTHER},
                {**rows[-1], "from_date": discharged + dt.timedelta(days=rng.randint(5, 40))}]
        rows[0]["reason_for_leaving"] = "Left the regular army"
    elif kind == AppType.RIGHT_TO_MOVE:  # the current home is Holmbury Homes' tenancy
        rows = rows[-2:]
        for row, (line_1, town, postcode) in zip(reversed(rows), elsewhere, strict=False):
            row.update(line_1=line_1, line_2="", town=town, postcode=postcode,
                       in_district=False)
    # The current home and its tenure; everyone left the earlier ones for a reason.
    rows[-1]["tenure"] = circumstances.tenure or rows[-1]["tenure"]
    if circumstances.tenure == Tenure.TEMPORARY:
        rows[-1].update(line_1=f"Flat {rng.randint(1, 24)}, Station Lodge",
                        line_2="Bridge Street", postcode=_postcode(rng, "BF1"))
    elif circumstances.tenure == Tenure.HOSTEL:
        rows[-1].update(line_1=f"Room {rng.randint(1, 30)}, Brackenfield Foyer",
                        line_2="Chapel Row", postcode=_postcode(rng, "BF3"))
    for index, row in enumerate(rows):
        row["tenure"] = ADDRESS_TENURE.get(row["tenure"], row["tenure"])
        nxt = rows[index + 1]["from_date"] if index + 1 < len(rows) else None
        row["to_date"] = nxt - dt.timedelta(days=1) if nxt else None
        if nxt and not row.get("reason_for_leaving"):
            row["reason_for_leaving"] = reasons[index % 2]
    return rows


def _evidence_status(number: int, status: str, index: int) -> str:
    """Which state each document is in: decided cases verified, cases in assessment a mix of
    verified and received, new and waiting cases a mix of received and still requested."""
    Ev = EvidenceItem.Status
    if status in DECIDED:
        return Ev.VERIFIED
    if status == Status.UNDER_ASSESSMENT:
        return Ev.VERIFIED if index % 2 == 0 else Ev.RECEIVED
    if number == REJECTED_NUMBER and index < 2:
        return Ev.REJECTED if index == 0 else Ev.RECEIVED
    if number == CLOSURE_NUMBER:
        return Ev.VERIFIED if index == 0 else Ev.REQUESTED
    received = 2 if number == RESTRICTED_NUMBER else 1
    return Ev.RECEIVED if index < received else Ev.REQUESTED


def _decided_on(work: Casework, application: Application) -> dt.date:
    if application.registration_date:
        return application.registration_date
    applied = application.application_date or work.today
    days = work.rng(application, "decided").randint(14, 40)
    return min(applied + dt.timedelta(days=days), work.today - dt.timedelta(days=1))


def _address_rows(work: Casework, case: Case, plan: list[dict[str, Any]],
                  has_history: set[int]) -> list[tuple[AddressHistory, dt.datetime]]:
    """The plan for every adult who has no address history yet (a couple moved together)."""
    when = case.application.submitted_at or work.now
    return [(AddressHistory(member=member, **row), when) for member in case.members
            if member.pk not in has_history
            and (member.role != MemberRole.CHILD or (member.age_on(work.today) or 0) >= 18)
            for row in plan]


def _evidence_rows(work: Casework, case: Case,
                   existing: set[tuple[int, str, str]]) -> list[tuple[EvidenceItem, dt.datetime]]:
    """The documents the application needs (as submission asks for them), each in the state
    its status calls for; received ones carry the synthetic PDF."""
    from applications.services.submission import evidence_needed

    application, number = case.application, case.number
    rng = work.rng(application, "evidence")
    needed = list(evidence_needed(application))
    if number == RESTRICTED_NUMBER:
        needed.append((EvidenceItem.Kind.DOMESTIC_ABUSE, None,
                       "A letter from your support worker, a refuge or the police about the "
                       "abuse, if you can get one safely"))
    submitted = application.submitted_at or work.now
    registered = application.registration_date
    rows = []
    for index, (kind, member, description) in enumerate(needed):
        # Draw first, whatever exists, so one document never shifts another's dates.
        upload_days, review_days, minute = rng.randint(1, 9), rng.randint(1, 4), rng.randint(0, 59)
        status = _evidence_status(number, application.status, index)
        if (application.pk, kind, description) in existing:
            continue
        item = EvidenceItem(application=application, member=member, kind=kind,
                            description=description, status=status,
                            due_date=application.evidence_due_date)
        if status != EvidenceItem.Status.REQUESTED:
            uploaded = submitted + dt.timedelta(days=upload_days, minutes=minute)
            if registered:  # everything was checked before the case was registered
                uploaded = min(uploaded, _aware(registered, 9)
                               - dt.timedelta(days=review_days + 1))
            uploaded = max(submitted + dt.timedelta(minutes=10),
                           min(uploaded, work.now - dt.timedelta(hours=2)))
            uploaded = min(uploaded, work.now)
            item.uploaded_at = uploaded
            item.uploaded_by = application.applicant_user
            item.original_filename = ("photo-id.pdf" if status == EvidenceItem.Status.REJECTED
                                      else FILENAMES.get(kind, "document.pdf"))
            item.content_type = "application/pdf"
            item.size = len(demo_pdf())
            item.file.save("upload", ContentFile(demo_pdf()), save=False)
            if status in (EvidenceItem.Status.VERIFIED, EvidenceItem.Status.REJECTED):
                item.reviewed_by = work.officer
                item.reviewed_at = min(uploaded + dt.timedelta(days=review_days), work.now)
            if status == EvidenceItem.Status.VERIFIED:
                item.verification_method = METHODS.get(kind, EvidenceItem.Method.COPY_ACCEPTED)
            if status == EvidenceItem.Status.REJECTED:
                item.rejection_reason = REJECTION_REASON
        rows.append((item, submitted))
    return rows


def _decision_rows(work: Casework, case: Case, current: set[tuple[int, str, int | None]],
                   classes: list[Any]) -> tuple[list[tuple[Decision, dt.datetime]],
                                                dict[str, Any]]:
    """Current eligibility (per proposed tenant) and qualification decisions: the rules'
    proposals, confirmed by the officer, as on the day they were made. Also the application
    fields they set."""
    from applications.rules.eligibility import assess_eligibility, household_eligibility
    from applications.rules.qualification import QualificationRules, assess_qualification
    from applications.selectors import eligibility_facts_for, qualification_facts_for

    application = case.application
    if application.status not in DECIDED:
        return [], {}
    on = _decided_on(work, application)
    when = _at(on, work.rng(application, "decision-time"), work.now)
    rows = []
    results = []
    for member in (m for m in case.members if m.is_proposed_tenant):
        result = assess_eligibility(eligibility_facts_for(member), classes, on)
        results.append(result)
        if (application.pk, Decision.Kind.ELIGIBILITY, member.pk) in current:
            continue
        rows.append((Decision(
            application=application, kind=Decision.Kind.ELIGIBILITY, member=member,
            proposed_outcome=result.outcome.value, proposed_reasons=list(result.reasons),
            outcome=result.outcome.value, reasons=list(result.reasons), basis=result.basis,
            decided_by=work.officer, scheme_version=work.scheme), when))
    fields: dict[str, Any] = {"decided_at": when}
    if results:
        fields["eligibility_outcome"] = household_eligibility(results).outcome.value
    if fields.get("eligibility_outcome") in ("eligible", "eligible_sole_tenancy_only"):
        proposal = assess_qualification(qualification_facts_for(application),
                                        QualificationRules.from_scheme(work.scheme), on)
        fields["qualification_outcome"] = proposal.outcome.value
        if (application.pk, Decision.Kind.QUALIFICATION, None) not in current:
            rows.append((Decision(
                application=application, kind=Decision.Kind.QUALIFICATION,
                proposed_outcome=proposal.outcome.value,
                proposed_reasons=list(proposal.reasons), outcome=proposal.outcome.value,
                reasons=list(proposal.reasons), basis=proposal.basis,
                decided_by=work.officer, scheme_version=work.scheme), when))
    return rows, fields


def _note_rows(work: Casework, case: Case,
               existing: set[tuple[int, str, str]]) -> list[tuple[CaseNote, dt.datetime]]:
    """A few notes by the officer; on the domestic abuse case a restricted one by the manager,
    who is in the restricted group."""
    application, number, first = case.application, case.number, case.lead.first_name
    rng = work.rng(application, "notes")
    status = application.status
    if number == DEMO_NUMBER:
        # The sign-up demo (lettings/demo_signups.py) offers the demo applicant a home after the
        # register is made. Her notes stay those of the case as the register planned it, so a
        # re-run adds none for the offer.
        status = REGISTER[DEMO_NUMBER - 1][0]
    key = "banded" if status in BANDED and status != Status.CLOSED else status
    notes = list(NOTES.get(key, ()))
    if status in (Status.ACTIVE_SUSPENDED, Status.UNDER_OFFER, Status.HOUSED) \
            and number != CHANGE_NUMBER:
        notes += NOTES[status]
    if application.application_type in TYPE_NOTES and status != Status.CLOSED:
        notes.insert(0, TYPE_NOTES[application.application_type])
    if number == CHANGE_NUMBER:
        notes.append((Note.CONTACT, CHANGE_NOTE))
    if number == DEMO_NUMBER:
        notes.append((Note.CONTACT, "{first} asked in the portal why a home she bid on went "
                                    "to someone else. Explained shortlists are in band order, "
                                    "then by band date."))
    closed_reason = application.closed_reason.replace("_", " ")
    start = application.registration_date or (application.submitted_at or work.now).date()
    days_since = max(1, (work.today - start).days)
    wanted = []
    for index, (category, template) in enumerate(notes):
        day = start + dt.timedelta(days=0 if index == 0 else rng.randint(1, days_since))
        body = template.format(first=first, band=application.band, closed_reason=closed_reason)
        wanted.append((CaseNote(application=application, category=category, body=body,
                                author=work.officer), _at(day, rng, work.now)))
    if number == RESTRICTED_NUMBER:
        wanted.append((CaseNote(application=application, category=Note.DOMESTIC_ABUSE,
                                body=RESTRICTED_NOTE.format(first=first), author=work.manager,
                                restricted=True),
                       _at(start + dt.timedelta(days=1), rng, work.now)))
    return [(note, when) for note, when in wanted
            if (application.pk, note.category, note.body) not in existing]


def _refresh_bedroom_need(work: Casework, application: Application) -> None:
    """Bedroom need and its reasons from the household, through the service, only when the
    stored answer differs (so a re-run saves nothing)."""
    from applications.rules.bedroom_need import BedroomRules
    from applications.rules.bedroom_need import bedroom_need as rule
    from applications.selectors import occupants_for
    from applications.services.assessment import application_bedroom_need_refresh

    scheme = application.scheme_version or work.scheme
    result = rule(occupants_for(application), BedroomRules.from_scheme(scheme), work.today)
    if (application.bedroom_need, application.eligible_sizes, application.bedroom_reasons) != (
            result.bedrooms, list(result.eligible_sizes), list(result.reasons)):
        application_bedroom_need_refresh(application=application, actor=None)


def _seed_changes(work: Casework, case: Case) -> None:
    """A change waiting to be checked on the suspended case; an earlier, checked one from the
    demo applicant."""
    application, number, first = case.application, case.number, case.lead.first_name
    rng = work.rng(application, "changes")
    days_ago = rng.randint(2, 5)
    if number == CHANGE_NUMBER and application.status == Status.ACTIVE_SUSPENDED:
        change, created = ChangeOfCircumstances.objects.get_or_create(
            application=application, kind=ChangeOfCircumstances.Kind.HOUSEHOLD,
            details=CHANGE_DETAILS.format(first=first),
            defaults={"affects_priority": True, "suspended_bidding": True,
                      "reported_by": application.applicant_user or work.officer})
        if created:
            work.created(change, work.now - dt.timedelta(days=days_ago, hours=3))
    if number == DEMO_NUMBER and application.registration_date:
        phone = case.lead.phone
        day = application.registration_date + dt.timedelta(days=rng.randint(20, 60))
        reported = _at(min(day, work.today - dt.timedelta(days=7)), rng, work.now)
        change, created = ChangeOfCircumstances.objects.get_or_create(
            application=application, kind=ChangeOfCircumstances.Kind.CONTACT,
            details=f"My new mobile number is {phone}.",
            defaults={"reported_by": application.applicant_user or work.officer,
                      "status": ChangeOfCircumstances.Status.VERIFIED,
                      "reviewed_by": work.officer,
                      "reviewed_at": reported + dt.timedelta(days=1),
                      "outcome_note": "Contact details updated."})
        if created:
            work.created(change, reported)


def _propose_closure(work: Casework, application: Application) -> None:
    """As the nightly check would (applications.services.casework.incomplete_closures_propose)."""
    due = application.evidence_due_date
    if application.closure_proposed_at is not None or due is None or due >= work.today:
        return
    missing = application.evidence.exclude(status=EvidenceItem.Status.VERIFIED).count()
    _fill(application, "Closure proposed: incomplete", closure_proposed_at=work.now,
          closure_proposed_reason=(f"Evidence deadline {due:%-d %B %Y} passed with {missing} "
                                   f"document{'s' if missing != 1 else ''} outstanding"))


def seed_casework(*, seed: int, today: dt.date, applications: Sequence[Application],
                  users: dict[str, User], warn: Callable[[str], None]) -> list[Application]:
    """Make the small register look worked (see the section comment). Each step runs over every
    application at once, a handful of queries in all. Returns the applications as they now are
    (bedroom need worked out again) for the bidding cycles."""
    from django.db.models import Prefetch, prefetch_related_objects

    from applications.selectors import find_duplicates, prescribed_classes
    from housing.scheme.selectors import scheme_in_force

    try:
        scheme = scheme_in_force(on=today)
    except ApplicationError as exc:
        warn(f"Casework not seeded: {exc}")
        return list(applications)
    work = Casework(seed=seed, today=today, now=timezone.now(), scheme=scheme,
                    officer=users["officer"], manager=users["manager"], backdate=[])
    _plant_duplicate({_number(a): a for a in applications})
    fresh = {a.pk: a for a in Application.objects.filter(pk__in=[a.pk for a in applications])
             .select_related("applicant_user")
             .prefetch_related(Prefetch("members", HouseholdMember.objects.order_by("id")))}
    cases = [Case(_number(app), app, list(app.members.all())) for app in
             (fresh[a.pk] for a in applications) if app.status != Status.DRAFT]
    cases = [case for case in cases if case.members]
    for case in cases:
        if case.number == CLOSURE_NUMBER:
            _backdate_closure_case(work, case.application)
    apps = [case.application for case in cases]

    # The household's facts and the application's own fields.
    work.fill_all(HouseholdMember, [pair for case in cases for pair in _member_facts(case)],
                  "Demo data: eligibility facts")
    work.fill_all(Application, [(case.application, _application_fields(work, case))
                                for case in cases], "Demo data: casework")
    for case in cases:
        case.application.scheme_version = scheme

    # Circumstances, then five years of addresses for every adult.
    existing_circumstances = {c.application_id: c
                              for c in Circumstances.objects.filter(application__in=apps)}
    work.create_all(Circumstances, [
        (Circumstances(application=case.application, **_circumstances_values(work, case)),
         case.application.submitted_at or work.now)
        for case in cases if case.application.pk not in existing_circumstances])
    existing_circumstances = {c.application_id: c
                              for c in Circumstances.objects.filter(application__in=apps)}
    for case in cases:
        case.application.circumstances = existing_circumstances[case.application.pk]
    has_history = set(AddressHistory.objects.filter(member__application__in=apps)
                      .values_list("member_id", flat=True))
    work.create_all(AddressHistory, [
        row for case in cases for row in _address_rows(
            work, case, _address_plan(work, case, case.application.circumstances),
            has_history)])
    prefetch_related_objects([m for case in cases for m in case.members],
                             Prefetch("addresses", AddressHistory.objects.order_by("from_date")))

    # Bedroom need from the household, through the assessment service.
    for case in cases:
        _refresh_bedroom_need(work, case.application)

    # Evidence, decisions and notes.
    evidence = set(EvidenceItem.objects.filter(application__in=apps)
                   .values_list("application_id", "kind", "description"))
    work.create_all(EvidenceItem, [row for case in cases
                                   for row in _evidence_rows(work, case, evidence)])
    current: set[tuple[int, str, int | None]] = set(
        Decision.objects.filter(application__in=apps, is_current=True)
        .values_list("application_id", "kind", "member_id"))
    classes = prescribed_classes()
    decisions, outcomes = [], []
    for case in cases:
        rows, fields = _decision_rows(work, case, current, classes)
        decisions += rows
        outcomes.append((case.application, fields))
    work.create_all(Decision, decisions, dated=True)
    work.fill_all(Application, outcomes, "Demo data: decisions")
    notes = set(CaseNote.objects.filter(application__in=apps)
                .values_list("application_id", "category", "body"))
    work.create_all(CaseNote, [row for case in cases for row in _note_rows(work, case, notes)],
                    dated=True)

    # The queues' special cases: a change to check, a closure to confirm, a duplicate.
    by_number = {case.number: case for case in cases}
    for case in cases:
        _seed_changes(work, case)
    closing = by_number.get(CLOSURE_NUMBER)
    if closing and closing.application.status == Status.AWAITING_INFORMATION:
        _propose_closure(work, closing.application)
    newer = by_number.get(DUPLICATE_NEWER)
    if newer is not None and newer.application.is_live:
        _fill(newer.application, "Possible duplicate found", possible_duplicates=sorted(
            {match.reference for match in find_duplicates(application=newer.application)}))
    work.date_created()
    return [fresh[a.pk] for a in applications]


# --- Properties -----------------------------------------------------------------------------

# (landlord code, type, bedrooms, designation)
PROPERTIES: tuple[tuple[str, str, int, str], ...] = (
    ("BBC", "studio", 0, "general_needs"),
    ("BBC", "flat", 1, "general_needs"),
    ("BBC", "flat", 1, "general_needs"),
    ("BBC", "flat", 1, "general_needs"),
    ("BBC", "flat", 2, "general_needs"),
    ("BBC", "flat", 2, "general_needs"),
    ("BBC", "house", 2, "general_needs"),
    ("BBC", "house", 3, "general_needs"),
    ("BBC", "house", 3, "general_needs"),
    ("BBC", "house", 4, "general_needs"),
    ("BBC", "bungalow", 1, "older_persons"),
    ("BBC", "flat", 1, "sheltered"),
    ("RVH", "flat", 1, "general_needs"),
    ("RVH", "flat", 1, "general_needs"),
    ("RVH", "flat", 2, "general_needs"),
    ("RVH", "flat", 2, "general_needs"),
    ("RVH", "maisonette", 2, "general_needs"),
    ("RVH", "house", 3, "general_needs"),
    ("RVH", "house", 3, "general_needs"),
    ("RVH", "bungalow", 2, "older_persons"),
    ("RVH", "studio", 0, "sheltered"),
    ("RVH", "house", 2, "general_needs"),
    ("NGH", "flat", 1, "general_needs"),
    ("NGH", "flat", 1, "general_needs"),
    ("NGH", "flat", 2, "general_needs"),
    ("NGH", "house", 2, "general_needs"),
    ("NGH", "house", 3, "general_needs"),
    ("NGH", "maisonette", 3, "general_needs"),
    ("NGH", "flat", 1, "extra_care"),
    ("NGH", "studio", 0, "general_needs"),
)
RENT_RANGE = {0: (85, 96), 1: (92, 112), 2: (105, 128), 3: (122, 146), 4: (140, 160)}
BEDSPACES = {("studio", 0): (1, 1), ("flat", 1): (2, 2), ("bungalow", 1): (2, 2),
             ("flat", 2): (3, 4), ("maisonette", 2): (4, 4), ("house", 2): (4, 4),
             ("bungalow", 2): (3, 4), ("house", 3): (5, 6), ("maisonette", 3): (5, 5),
             ("house", 4): (6, 7)}
MIN_AGE = {"older_persons": 60, "sheltered": 60, "extra_care": 60}


def _money(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(f"{rng.uniform(low, high):.2f}")


def property_plan(rng: random.Random) -> list[tuple[str, dict[str, Any]]]:
    plan = []
    area_names = list(AREAS)
    counters: dict[str, int] = {}
    for landlord, kind, beds, designation in PROPERTIES:
        counters[landlord] = counters.get(landlord, 0) + 1
        reference = f"{landlord}-{1000 + counters[landlord]}"
        area = rng.choice(area_names)
        outward, streets, blocks = AREAS[area]
        street = rng.choice(streets)
        number = rng.randint(1, 120)
        line_2 = ""
        floor, lift = 0, False
        if designation in MIN_AGE and kind in ("flat", "studio"):
            line_1 = f"Flat {rng.randint(1, 40)}, {rng.choice(SHELTERED_SCHEMES)}"
            line_2 = f"{number} {street}"
            floor, lift = rng.randint(0, 2), True
        elif kind in ("flat", "studio"):
            line_1 = f"Flat {rng.randint(1, 48)}, {rng.choice(blocks)}"
            line_2 = street
            floor = rng.randint(0, 6)
            lift = floor >= 3 and rng.random() < 0.85
        elif kind == "maisonette":
            line_1 = f"{number}{rng.choice('ABC')} {street}"
            floor = 1
        else:
            line_1 = f"{number} {street}"
        low, high = BEDSPACES[(kind, beds)]
        if designation in MIN_AGE:
            service = _money(rng, 18, 42)
        elif kind in ("flat", "studio", "maisonette"):
            service = _money(rng, 4, 16)
        else:
            service = Decimal("0.00")
        plan.append((reference, {
            "address_line_1": line_1, "address_line_2": line_2, "town": "Brackenfield",
            "postcode": _postcode(rng, outward), "area": area, "landlord_code": landlord,
            "property_type": kind, "bedrooms": beds, "bedspaces": rng.randint(low, high),
            "floor_level": floor, "has_lift": lift, "designation": designation,
            "min_age": MIN_AGE.get(designation), "weekly_rent": _money(rng, *RENT_RANGE[beds]),
            "service_charge": service,
        }))
    return plan


def seed_properties(rng: random.Random, orgs: dict[str, Organisation]) -> list[Property]:
    properties = []
    for reference, fields in property_plan(rng):
        defaults = dict(fields)
        defaults["landlord"] = orgs[defaults.pop("landlord_code")]
        prop, _ = Property.objects.get_or_create(reference=reference, defaults=defaults)
        properties.append(prop)
    return properties


# --- Bidding cycles, adverts, bids and shortlists --------------------------------------------

SHORTLISTED_ADVERTS = (1, 4, 7, 10, 12, 17, 22, 25)  # indexes into PROPERTIES
OPEN_ADVERTS = (0, 2, 6, 9, 11, 13, 15, 18, 23, 27)
DEMO_SHORTLISTED_ADVERT = 12  # the demo applicant bid on this home last cycle …
DEMO_OPEN_ADVERT = 2  # … and on this one now
BYPASS_CODE = "ARREARS_OVER_THRESHOLD_NO_APPROVAL"
BYPASS_NOTE = ("Former tenancy rent arrears of £742.18 with Brackenfield Borough Council are "
               "above the £500 threshold. No repayment arrangement is in place and no manager "
               "approval has been given. Applicant told by phone and sent the arrears advice "
               "leaflet.")
DESCRIPTIONS = {
    "studio": "A self-contained studio with a kitchen area and shower room.",
    "flat": "A {beds}-bedroom flat on the {floor} with gas central heating.",
    "maisonette": "A {beds}-bedroom maisonette over two floors with its own front door.",
    "house": "A {beds}-bedroom house with front and rear gardens.",
    "bungalow": "A {beds}-bedroom bungalow with level access and a small garden.",
}
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four"}
FLOOR_WORDS = {0: "ground floor", 1: "first floor", 2: "second floor", 3: "third floor",
               4: "fourth floor", 5: "fifth floor", 6: "sixth floor"}


def bidding_week(today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The current weekly cycle: it opened at 00:00 on the latest Thursday on or before today
    (London time) and closes at 23:59 the following Monday. Counting from the latest Thursday,
    not the Thursday of today's Monday-to-Sunday week, keeps bid times in the past."""
    thursday = today - dt.timedelta(days=(today.weekday() - 3) % 7)
    return _aware(thursday, 0), _aware(thursday + dt.timedelta(days=4), 23, 59)


def _cycle_name(opens_at: dt.datetime, closes_at: dt.datetime) -> str:
    opens, closes = opens_at.astimezone(LONDON), closes_at.astimezone(LONDON)
    year, week, _ = opens.date().isocalendar()
    return (f"Week {week} {year}: {opens:%a} {opens.day} {opens:%b} to "
            f"{closes:%a} {closes.day} {closes:%b %Y}")


def _advert_description(prop: Property) -> str:
    text = DESCRIPTIONS[prop.property_type].format(
        beds=NUMBER_WORDS.get(prop.bedrooms, str(prop.bedrooms)),
        floor=FLOOR_WORDS.get(prop.floor_level, f"floor {prop.floor_level}"))
    text = text[0].upper() + text[1:]
    extra = f" In {prop.area}, close to shops and a bus route."
    if prop.min_age:
        extra += f" For applicants aged {prop.min_age} or over. A scheme manager is on site."
    if prop.has_lift:
        extra += " There is a lift."
    return text + extra


def _occupancy(prop: Property) -> tuple[int, int]:
    return (max(1, prop.bedrooms), prop.bedspaces)


@dataclass
class Bidder:
    application: Application
    size: int
    lead_age: int
    has_children: bool


def _bidders(applications: Sequence[Application], today: dt.date) -> list[Bidder]:
    """Active applications (not suspended or under offer) with their household facts."""
    active = [a for a in applications if a.status == Status.ACTIVE and a.band]
    members = HouseholdMember.objects.filter(application__in=active)
    by_app: dict[int, list[HouseholdMember]] = {}
    for member in members:
        by_app.setdefault(member.application_id, []).append(member)
    bidders = []
    for app in active:
        people = by_app.get(app.pk, [])
        lead = next((m for m in people if m.role == MemberRole.LEAD), None)
        lead_age = _age(lead.date_of_birth, today) if lead and lead.date_of_birth else 0
        bidders.append(Bidder(app, len(people), lead_age,
                              any(m.role == MemberRole.CHILD for m in people)))
    return bidders


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _can_bid(bidder: Bidder, prop: Property) -> bool:
    """The bid-time checks of DOMAIN.md §4.6 that the demo data needs: size, occupancy, age."""
    need = bidder.application.bedroom_need or 1
    low, high = _occupancy(prop)
    fits_size = need == prop.bedrooms or (prop.bedrooms == 0 and need == 1 and bidder.size == 1)
    if not fits_size or not low <= bidder.size <= high:
        return False
    if prop.min_age:
        return bidder.lead_age >= prop.min_age and not bidder.has_children
    return True


def band_ranks() -> dict[str, int]:
    """Band ranks from the scheme in force (A=1 … D=4 by default)."""
    from housing.scheme.selectors import scheme_in_force

    try:
        scheme = scheme_in_force()
    except ApplicationError:
        return dict(DEFAULT_BAND_RANKS)
    ranks = {band.code: band.rank for band in scheme.bands.all()}
    return ranks or dict(DEFAULT_BAND_RANKS)


def shortlist_sort_key(application: Application, ranks: dict[str, int]) -> list[Any]:
    """DOMAIN.md §4.7 default: band rank, band (effective) date, registration date, id."""
    return [ranks.get(application.band, 99), _iso(application.effective_date),
            _iso(application.registration_date), application.pk]


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else "9999-12-31"


def _snapshot(bidder: Bidder, ranks: dict[str, int]) -> dict[str, Any]:
    app = bidder.application
    return {"band": app.band, "band_rank": ranks.get(app.band), "effective_date":
            _iso(app.effective_date), "registration_date": _iso(app.registration_date),
            "bedroom_need": app.bedroom_need, "household_size": bidder.size}


def _placed_by(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.84:
        return Bid.PlacedBy.APPLICANT
    return Bid.PlacedBy.OFFICER if roll < 0.95 else Bid.PlacedBy.AUTO


def _choose_bidders(rng: random.Random, prop: Property, pool: list[Bidder],
                    bid_counts: dict[int, int], forced: list[Bidder]) -> list[Bidder]:
    eligible = [b for b in pool if _can_bid(b, prop)
                and bid_counts.get(b.application.pk, 0) < MAX_BIDS_PER_CYCLE]
    rng.shuffle(eligible)
    chosen = forced + eligible[:max(0, rng.randint(3, 9) - len(forced))]
    for bidder in chosen:
        bid_counts[bidder.application.pk] = bid_counts.get(bidder.application.pk, 0) + 1
    return chosen


def seed_cycles(rng: random.Random, today: dt.date, properties: Sequence[Property],
                applications: Sequence[Application]) -> None:
    """Last week's cycle, shortlisted, and this week's, open. Adverts that already exist are
    left alone, bids and all."""
    now = timezone.now()
    opens_at, closes_at = bidding_week(today)
    last_opens, last_closes = opens_at - dt.timedelta(days=7), closes_at - dt.timedelta(days=7)
    ranks = band_ranks()
    everyone = _bidders(applications, today)
    demo = next((b for b in everyone if b.application.reference == f"{REGISTER_PREFIX}000001"),
                None)
    pool = [b for b in everyone if b is not demo]  # the demo applicant bids only where told

    for cycle_opens, cycle_closes, status, indexes, demo_index in (
        (last_opens, last_closes, BiddingCycle.Status.SHORTLISTED, SHORTLISTED_ADVERTS,
         DEMO_SHORTLISTED_ADVERT),
        (opens_at, closes_at, BiddingCycle.Status.OPEN, OPEN_ADVERTS, DEMO_OPEN_ADVERT),
    ):
        cycle, _ = BiddingCycle.objects.get_or_create(
            opens_at=cycle_opens,
            defaults={"name": _cycle_name(cycle_opens, cycle_closes), "closes_at": cycle_closes,
                      "status": status, "opened_at": cycle_opens,
                      "closed_at": cycle_closes if status != BiddingCycle.Status.OPEN else None})
        shortlisted = cycle.status == BiddingCycle.Status.SHORTLISTED
        year, week, _ = cycle.opens_at.astimezone(LONDON).date().isocalendar()
        window_end = min(cycle.closes_at, now)
        window = max(60, int((window_end - cycle.opens_at).total_seconds()))
        bid_counts: dict[int, int] = {}
        for position, index in enumerate(indexes, start=1):
            prop = properties[index]
            low, high = _occupancy(prop)
            advert, created = Advert.objects.get_or_create(
                reference=f"ADV-{year}{week:02d}-{position:02d}",
                defaults={"property": prop, "cycle": cycle, "label": Advert.Label.BOTH,
                          "status": (Advert.Status.SHORTLISTED if shortlisted
                                     else Advert.Status.LIVE),
                          "min_occupancy": low, "max_occupancy": high,
                          "allowed_sizes": [prop.bedrooms],
                          "min_age": prop.min_age,
                          "opens_at": cycle.opens_at, "closes_at": cycle.closes_at,
                          "published_at": cycle.opens_at, "followed_up_at": cycle.opens_at,
                          "closed_at": cycle.closes_at if shortlisted else None,
                          "description": _advert_description(prop)})
            if not created:
                continue
            forced = [demo] if demo and index == demo_index and _can_bid(demo, prop) else []
            chosen = _choose_bidders(rng, prop, pool, bid_counts, forced)
            bids = []
            for bidder in chosen:
                bid = Bid.objects.create(
                    application=bidder.application, advert=advert,
                    placed_at=cycle.opens_at + dt.timedelta(seconds=rng.randint(0, window - 1)),
                    placed_by=_placed_by(rng),
                    status=Bid.Status.SHORTLISTED if shortlisted else Bid.Status.PLACED,
                    snapshot=_snapshot(bidder, ranks) if shortlisted else {})
                bids.append(bid)
            if shortlisted:
                _shortlist(advert, bids, ranks, bypass_first=position == 1,
                           verifying_first=position == 2)


def _shortlist(advert: Advert, bids: list[Bid], ranks: dict[str, int], *, bypass_first: bool,
               verifying_first: bool) -> None:
    keyed = sorted(((shortlist_sort_key(bid.application, ranks), bid) for bid in bids),
                   key=lambda pair: pair[0])
    for rank, (key, bid) in enumerate(keyed, start=1):
        entry = ShortlistEntry(advert=advert, bid=bid, rank=rank, sort_key=key)
        if rank == 1 and bypass_first and len(keyed) > 1:
            entry.status = ShortlistEntry.Status.BYPASSED
            entry.bypass_reason_code = BYPASS_CODE
            entry.bypass_note = BYPASS_NOTE
        elif (rank == 2 and bypass_first) or (rank == 1 and verifying_first):
            entry.status = (ShortlistEntry.Status.CONTACTED if bypass_first
                            else ShortlistEntry.Status.VERIFYING)
        entry.save()


# --- The demo applicant's letters -----------------------------------------------------------


def _send_once(code: str, applicant: User, subject: Any, context: dict[str, Any],
               warn: Callable[[str], None]) -> bool:
    """Send the demo applicant the letter ``code`` unless they have one already. Returns True
    when one was created."""
    from housing.letters.models import Letter
    from housing.letters.services import letter_create

    if Letter.objects.filter(recipient=applicant, template__code=code).exists():
        return False
    try:
        # With no broker the letter is rendered and emailed in-process as this commits; keep the
        # console email backend's copy (the whole PDF as base64) out of the command's output.
        with contextlib.redirect_stdout(io.StringIO()):
            letter_create(template_code=code, recipient=applicant, subject=subject,
                          context=context, actor=None)
    except (TemplateDoesNotExist, ApplicationError) as exc:
        warn(f"The {code} letter was not created: {type(exc).__name__}: {exc}")
        return False
    return True


def seed_welcome_letter(applicant: User, warn: Callable[[str], None]) -> bool:
    """Send the demo applicant the welcome letter once. Returns True when one was created."""
    return _send_once("welcome", applicant, applicant, {}, warn)


def seed_register_letters(applicant: User, warn: Callable[[str], None]) -> list[str]:
    """The register's letters the demo applicant's case would have had (so far only the
    acknowledgement, L1), each once. Returns the codes of those created."""
    application = (Application.objects.filter(applicant_user=applicant,
                                              reference=f"{REGISTER_PREFIX}{DEMO_NUMBER:06d}")
                   .select_related("scheme_version").first())
    if application is None:
        return []
    scheme = application.scheme_version
    context = {
        "reference": application.reference,
        "application_date": _iso_or_blank(application.application_date),
        "evidence_due_date": _iso_or_blank(application.evidence_due_date),
        "evidence": [e.description for e in application.evidence.order_by("id")],
        "review_days": scheme.review_request_days if scheme else 21,
    }
    created = ["acknowledgement"] if _send_once("acknowledgement", applicant, application,
                                                context, warn) else []
    from nominations.demo_priority import demo_acceptance_letter

    accepted = demo_acceptance_letter(applicant)
    if accepted is not None and _send_once("accepted", applicant, accepted[0], accepted[1], warn):
        created.append("accepted")
    return created


def _seed_priority(users: dict[str, User], today: dt.date, warn: Callable[[str], None]) -> None:
    """Band awards, debts and approvals (nominations/demo_priority.py)."""
    from housing.scheme.selectors import scheme_in_force
    from nominations.demo_priority import seed_priority

    try:
        scheme = scheme_in_force(on=today)
    except ApplicationError as exc:
        warn(f"Priority not seeded: {exc}")
        return
    seed_priority(scheme=scheme, users=users, today=today, warn=warn)


def _iso_or_blank(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


# --- The whole demo, and bulk benchmark data ----------------------------------------------


def _rng(seed: int, part: str) -> random.Random:
    return random.Random(f"{seed}-{part}")  # noqa: S311 - synthetic data, not security


@dataclass
class SmallResult:
    users: dict[str, User]
    letter_created: bool
    register_letters: list[str]


def seed_small(*, seed: int, warn: Callable[[str], None]) -> SmallResult:
    """Organisations, demo users, the register and its casework, homes and two cycles (one
    transaction), then the demo applicant's letters."""
    today = timezone.localdate()
    with transaction.atomic():
        orgs = seed_organisations()
        users = seed_users(orgs)
        # One random stream per part, so what exists already never shifts what comes next.
        applications = seed_register(_rng(seed, "register"), today, users["applicant"])
        applications = seed_casework(seed=seed, today=today, applications=applications,
                                     users=users, warn=warn)
        properties = seed_properties(_rng(seed, "properties"), orgs)
        seed_cycles(_rng(seed, "cycles"), today, properties, applications)
        _seed_priority(users, today, warn)
        from nominations.demo_lettings import seed_lettings

        seed_lettings(_rng(seed, "lettings"), today, properties, users)
        from nominations.demo_nominations import seed_nominations

        seed_nominations(today, users)
    letter_created = seed_welcome_letter(users["applicant"], warn)
    register_letters = seed_register_letters(users["applicant"], warn)
    return SmallResult(users, letter_created, register_letters)


# Weighted pools for bulk data: picking from a list is far quicker than weighted choice.
def _pool(weights: dict[Any, int]) -> list[Any]:
    return [value for value, weight in weights.items() for _ in range(weight)]


BULK_STATUS_POOL = _pool({
    Status.ACTIVE: 70, Status.ACTIVE_SUSPENDED: 4, Status.UNDER_OFFER: 2, Status.HOUSED: 3,
    Status.CLOSED: 3, Status.DRAFT: 2, Status.SUBMITTED: 3, Status.AWAITING_INFORMATION: 5,
    Status.UNDER_ASSESSMENT: 4, Status.NOT_ELIGIBLE: 2, Status.NOT_QUALIFYING: 2,
})
BULK_BAND_POOL = _pool({"A": 5, "B": 20, "C": 40, "D": 35})
BULK_TYPE_POOL = _pool({
    AppType.HOMESEEKER: 55, AppType.TRANSFER: 20, AppType.HOMELESS: 12, AppType.MOVE_ON: 4,
    AppType.RIGHT_TO_MOVE: 2, AppType.ARMED_FORCES: 2, AppType.DECANT: 2,
    AppType.MANAGEMENT_TRANSFER: 3,
})
BULK_SIZE_POOL = _pool({1: 40, 2: 25, 3: 15, 4: 11, 5: 6, 6: 3})


def bulk_count() -> int:
    return Application.objects.filter(reference__startswith=BULK_PREFIX).count()


def seed_bulk_applications(*, count: int, seed: int, batch_size: int = 5000,
                           progress: Callable[[int, int], None] | None = None) -> int:
    """Make the number of ``HR-BULK-`` applications up to ``count`` with bulk_create in batches,
    numbering on from the highest existing reference. Returns how many were created.

    bulk_create skips ``save()``, so these rows have no simple-history records: acceptable for
    benchmark data only.
    """
    existing = Application.objects.filter(reference__startswith=BULK_PREFIX)
    shortfall = count - existing.count()
    if shortfall <= 0:
        return 0
    last = existing.order_by("-reference").values_list("reference", flat=True).first()
    start = int(last[len(BULK_PREFIX):]) + 1 if last else 1
    rng = _rng(seed, f"bulk-{start}")
    rand, randint, choice = rng.random, rng.randint, rng.choice
    today = timezone.localdate()
    today_ord = today.toordinal()
    from_ord = dt.date.fromordinal
    postcodes = [_postcode(rng) for _ in range(5000)]
    lead, joint, partner, child, other = (MemberRole.LEAD.value, MemberRole.JOINT.value,
                                          MemberRole.PARTNER.value, MemberRole.CHILD.value,
                                          MemberRole.OTHER_ADULT.value)
    banded = {s.value for s in BANDED}
    utc = dt.UTC
    created = 0
    end = start + shortfall
    for batch_start in range(start, end, batch_size):
        apps: list[Application] = []
        households: list[list[tuple[str, str, str, str, int | None, int]]] = []
        for number in range(batch_start, min(batch_start + batch_size, end)):
            # The household: (role, first, last, sex, age, days old or -days until due).
            size = choice(BULK_SIZE_POOL)
            lead_sex = FEMALE if rand() < 0.58 else MALE
            surname = choice(SURNAMES)
            lead_age = randint(18, 88) if size == 1 else randint(20, 62)
            has_partner = size > 1 and rand() < 0.55
            kids = size - 1 - has_partner
            other_adult = kids > 0 and lead_age >= 40 and rand() < 0.15
            people: list[tuple[str, str, str, str, int | None, int]] = [
                (lead, choice(NAME_POOLS[lead_sex][_cohort(lead_age)]), surname, lead_sex,
                 lead_age, lead_age * 365 + lead_age // 4 + randint(1, 364))]
            if has_partner:
                sex = (MALE if lead_sex == FEMALE else FEMALE) if rand() < 0.92 else lead_sex
                age = max(18, lead_age + randint(-6, 6))
                people.append((joint if rand() < 0.6 else partner,
                               choice(NAME_POOLS[sex][_cohort(age)]),
                               surname if rand() < 0.7 else choice(SURNAMES), sex, age,
                               age * 365 + age // 4 + randint(1, 364)))
            if other_adult:
                sex = FEMALE if rand() < 0.5 else MALE
                age = randint(21, max(21, lead_age - 18))
                people.append((other, choice(NAME_POOLS[sex][_cohort(age)]), surname, sex, age,
                               age * 365 + age // 4 + randint(1, 364)))
            # Children: the eldest at least 18 years younger than the lead, then spaced 15
            # months to four years apart; half of any due within two months are not born yet.
            days_old = randint(0, max(0, min(17, lead_age - 18)) * 365 + 300)
            for _ in range(kids - other_adult):
                if days_old < 60 and rand() < 0.5:
                    people.append((child, "Baby", surname, "", None, -randint(20, 180)))
                    break
                sex = FEMALE if rand() < 0.5 else MALE
                age = days_old // 365
                people.append((child, choice(NAME_POOLS[sex][0]), surname, sex, age, days_old))
                days_old = max(0, days_old - randint(450, 1500))
            # The application.
            status = choice(BULK_STATUS_POOL)
            app = Application(reference=f"{BULK_PREFIX}{number:0{BULK_DIGITS}d}", status=status,
                              application_type=choice(BULK_TYPE_POOL),
                              postcode=choice(postcodes))
            if status != Status.DRAFT:
                if status in banded:
                    applied = today_ord - randint(30, 10 * 365)
                    registered = min(today_ord, applied + randint(5, 60))
                    band = choice(BULK_BAND_POOL)
                    app.band = band
                    app.bedroom_need = bedroom_need([(p[0], p[4], p[3]) for p in people])
                    app.registration_date = from_ord(registered)
                    app.effective_date = from_ord(
                        applied if band in "CD" else randint(registered, today_ord))
                    if status == Status.CLOSED:
                        app.closed_reason = choice(CLOSED_REASONS[:-1])
                else:
                    applied = today_ord - randint(1, 240)
                applied_on = from_ord(applied)
                app.application_date = applied_on
                app.submitted_at = dt.datetime(applied_on.year, applied_on.month, applied_on.day,
                                               randint(7, 21), randint(0, 59), tzinfo=utc)
            apps.append(app)
            households.append(people)
        with transaction.atomic():
            Application.objects.bulk_create(apps, batch_size=batch_size)
            members = []
            for app, people in zip(apps, households, strict=True):
                for role, first, last, sex, years, days_old in people:
                    born = from_ord(today_ord - days_old)
                    contact = {}
                    if role == "lead":
                        # Synthetic identifiers so every kind of case search can be measured:
                        # the QQ prefix is never issued, 07700 900xxx is reserved for drama.
                        serial = app.pk % 1_000_000
                        contact = {"ni_number": f"QQ{serial:06d}{'ABCD'[app.pk % 4]}",
                                   "email": f"{first}.{last}.{app.pk}@example.org".lower(),
                                   "phone": f"07700{app.pk % 1_000_000:06d}"}
                    members.append(HouseholdMember(
                        application_id=app.pk, role=role, first_name=first, last_name=last,
                        sex=sex, date_of_birth=None if years is None else born,
                        due_date=born if years is None else None, **contact))
            HouseholdMember.objects.bulk_create(members, batch_size=batch_size)
        created += len(apps)
        if progress:
            progress(created, shortfall)
    return created
