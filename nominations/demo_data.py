"""Synthetic demonstration data for ``manage.py seed_demo``.

Everything here is invented. People's names pair common British first names and surnames at
random; addresses are in the fictional town of Brackenfield (postcodes BF1 to BF9, which do not
exist); email addresses use ``example.org``; telephone numbers come from Ofcom's drama range
(07700 900000 to 900999). Generation uses ``random.Random(seed)``, so the same seed gives the
same people, homes and bids.

Every write is keyed on a natural key (organisation code, username, application, property and
advert reference, cycle name) and only creates what is missing, so running the command again
changes nothing, except that the demo users' passwords are put back to ``homeward-demo``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.utils import timezone

from applications.models import Application, HouseholdMember
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
            name=_cycle_name(cycle_opens, cycle_closes),
            defaults={"opens_at": cycle_opens, "closes_at": cycle_closes, "status": status})
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


# --- The welcome letter -------------------------------------------------------------------


def seed_welcome_letter(applicant: User, warn: Callable[[str], None]) -> bool:
    """Send the demo applicant the welcome letter once. Returns True when one was created."""
    from housing.letters.models import Letter
    from housing.letters.services import letter_create

    if Letter.objects.filter(recipient=applicant).exists():
        return False
    try:
        # With no broker the letter is rendered and emailed in-process as this commits; keep the
        # console email backend's copy (the whole PDF as base64) out of the command's output.
        with contextlib.redirect_stdout(io.StringIO()):
            letter_create(template_code="welcome", recipient=applicant, subject=applicant,
                          context={}, actor=None)
    except (TemplateDoesNotExist, ApplicationError) as exc:
        warn(f"Welcome letter not created: {type(exc).__name__}: {exc}")
        return False
    return True


# --- The whole demo, and bulk benchmark data ----------------------------------------------


def _rng(seed: int, part: str) -> random.Random:
    return random.Random(f"{seed}-{part}")  # noqa: S311 - synthetic data, not security


@dataclass
class SmallResult:
    users: dict[str, User]
    letter_created: bool


def seed_small(*, seed: int, warn: Callable[[str], None]) -> SmallResult:
    """Organisations, demo users, the register, homes and two cycles (one transaction), then
    the welcome letter."""
    today = timezone.localdate()
    with transaction.atomic():
        orgs = seed_organisations()
        users = seed_users(orgs)
        # One random stream per part, so what exists already never shifts what comes next.
        applications = seed_register(_rng(seed, "register"), today, users["applicant"])
        properties = seed_properties(_rng(seed, "properties"), orgs)
        seed_cycles(_rng(seed, "cycles"), today, properties, applications)
    letter_created = seed_welcome_letter(users["applicant"], warn)
    return SmallResult(users, letter_created)


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
