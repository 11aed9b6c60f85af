"""Benchmark data for bidding at scale (issue 5; docs/performance.md).

    DEBUG=1 python manage.py seed_demo --applications 100000 --quiet
    DEBUG=1 python manage.py bench_lettings_seed

On top of the ``HR-BULK-`` register that ``seed_demo --applications`` makes, this adds:

* 2,000 homes (``BENCH-P…``) across the demo areas, mostly 1 to 3-bedroom general needs, some
  sheltered (60+) and some wheelchair homes, each with an advertised void and a LIVE advert
  (``BENCH-A…``) in one open cycle, "Benchmark bidding cycle", that opened yesterday and closes
  in seven days;
* 5,000 applicant accounts ``bench-applicant-0001`` … (password ``--password``, email
  confirmed), each attached to an ACTIVE bulk application with a band, dates, a bedroom need
  and a CURRENT band award. Account N may bid for homes of ``APPLICANT_SIZES[N % 10]``
  bedrooms (bench/locustfile.py relies on this);
* about 60,000 placed bids on those adverts from other active bulk applications (at most
  ``max_live_bids`` each, on homes of their own size), so queue positions are worked out
  against realistic queues.

Safe to run again: each part is topped up to its number, the cycle's window is moved so that it
is open now, and the bids the benchmark accounts placed in an earlier run are deleted so every
run starts from the same state. Ends with ``ANALYZE`` so the planner knows the tables' sizes.
``bulk_create`` skips ``save()``, so these rows have no history
records: benchmark data only. It refuses to run on a database without the bulk register.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from applications.models import Application, BandAward
from housing.accounts.models import Organisation, Role, User
from housing.scheme.models import BandDefinition
from housing.scheme.selectors import scheme_in_force
from lettings.models import Advert, Bid, BiddingCycle, MobilityCategory, Property, Void

BULK_PREFIX = "HR-BULK-"
PROPERTY_PREFIX = "BENCH-P"
ADVERT_PREFIX = "BENCH-A"
USER_PREFIX = "bench-applicant-"
CYCLE_NAME = "Benchmark bidding cycle"
DEFAULT_PASSWORD = "bench-applicant-password"  # noqa: S105 - benchmark accounts only
# The bedroom size benchmark account N may bid for is APPLICANT_SIZES[N % 10] (the locustfile
# picks adverts of that size). Seven in ten want one or two bedrooms, as on a real register.
APPLICANT_SIZES = (1, 1, 1, 1, 2, 2, 2, 3, 3, 1)
# The largest household that fits the benchmark homes of each size (their bedspaces).
MAX_PEOPLE = {1: 2, 2: 4, 3: 5}
LONDON = ZoneInfo("Europe/London")

AREAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Old Town": ("BF1", ("Bridge Street", "Cooper's Yard", "Wool Hall Lane", "Fish Row")),
    "Millbrook": ("BF2", ("Millbrook Road", "Weaver Close", "Tannery Lane", "Mill Race")),
    "St Anne's": ("BF3", ("St Anne's Walk", "Chapel Row", "Priory Gardens", "Vicarage Lane")),
    "Castle Vale": ("BF4", ("Castle Street", "Keep View", "Bailey Road", "Drawbridge Close")),
    "Eastfield": ("BF5", ("Eastfield Avenue", "Linnet Close", "Heron Way", "Furlong Road")),
    "Harrow Green": ("BF6", ("Plough Lane", "Tithe Barn Road", "Meadow Drive", "Harrow Green")),
    "Fernhill": ("BF7", ("Fernhill Road", "Bracken Rise", "Larch Grove", "Hazel Close")),
    "Ridgeway": ("BF8", ("Beacon Road", "Summit Close", "Windmill Hill", "The Ridgeway")),
    "Brackenfield Park": ("BF9", ("Parkside", "Lakeview Drive", "Boathouse Lane", "Oak Avenue")),
}
# (kind, bedrooms, bedspaces, designation, mobility category, weight)
HOME_MIX: tuple[tuple[str, int, int, str, str, int], ...] = (
    ("flat", 1, 2, "general_needs", "", 30),
    ("maisonette", 1, 2, "general_needs", "", 4),
    ("flat", 2, 4, "general_needs", "", 16),
    ("house", 2, 4, "general_needs", "", 14),
    ("house", 3, 5, "general_needs", "", 15),
    ("flat", 3, 5, "general_needs", "", 3),
    ("house", 4, 7, "general_needs", "", 3),
    ("flat", 1, 2, "sheltered", "ground_or_lift", 7),
    ("bungalow", 1, 2, "general_needs", "wheelchair", 3),
    ("bungalow", 2, 4, "general_needs", "wheelchair", 3),
    ("flat", 2, 4, "general_needs", "step_free", 2),
)
RENT = {1: (88.0, 112.0), 2: (101.0, 128.0), 3: (114.0, 146.0), 4: (128.0, 165.0)}
REASONS = ("tenant_notice", "transfer", "death", "abandoned", "moved_to_care",
           "eviction_arrears")


def _aware(day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=LONDON)


class Command(BaseCommand):
    help = ("Benchmark data for bidding (issue 5): 2,000 live adverts in one open cycle, 5,000 "
            "applicant accounts (bench-applicant-NNNN) on active bulk applications with current "
            "awards, and about 60,000 placed bids. Run seed_demo --applications 100000 first. "
            "Idempotent; resets the benchmark accounts' own bids.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--adverts", type=int, default=2000)
        parser.add_argument("--applicants", type=int, default=5000)
        parser.add_argument("--bids", type=int, default=60000,
                            help="Placed bids from the register on the benchmark adverts.")
        parser.add_argument("--password", default=DEFAULT_PASSWORD,
                            help="Password of every benchmark account.")
        parser.add_argument("--seed", type=int, default=5)
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if not Application.objects.filter(reference__startswith=BULK_PREFIX).exists():
            raise CommandError("There is no bulk register here: run "
                               "'seed_demo --applications 100000' first.")
        self.rng = random.Random(options["seed"])
        self.batch = options["batch_size"]
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.staff = (User.objects.filter(role__in=[Role.MANAGER, Role.OFFICER])
                      .order_by("role", "pk").first())
        if self.staff is None:
            raise CommandError("There is no officer or manager account: run seed_demo first.")
        with transaction.atomic():
            cycle = self._cycle()
            self._step("homes, voids and adverts", self._adverts, cycle, options["adverts"])
            self._step("reset benchmark accounts' bids", self._reset_bench_bids)
            self._step("applicant accounts", self._users, options["applicants"],
                       options["password"])
            self._step("bids from the register", self._bids, options["bids"])
        # Planner statistics for the freshly loaded tables: without them PostgreSQL guesses
        # one row per table and picks poor plans (and autovacuum may be off, as it is here).
        self._step("planner statistics", self._analyze)
        self._summary(started)

    def _analyze(self) -> str:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return "ANALYZE done"

    def _step(self, label: str, fn: Any, *args: Any) -> None:
        began = time.monotonic()
        result = fn(*args)
        self.stdout.write(f"  {label}: {result} ({time.monotonic() - began:.1f}s)")

    # --- The cycle --------------------------------------------------------------------------

    def _cycle(self) -> BiddingCycle:
        """One open cycle: opened yesterday (at an odd second, so its opening time is unique),
        closes in seven days. A re-run days later moves the window (and its adverts') to now."""
        opens_at = _aware(self.today - dt.timedelta(days=1), 0, 1, 7)
        closes_at = _aware(self.today + dt.timedelta(days=7), 23, 59)
        cycle = BiddingCycle.objects.filter(name=CYCLE_NAME).first()
        if cycle is None:
            return BiddingCycle.objects.create(name=CYCLE_NAME, opens_at=opens_at,
                                               closes_at=closes_at,
                                               status=BiddingCycle.Status.OPEN,
                                               opened_at=opens_at)
        if cycle.opens_at <= self.now and cycle.closes_at > self.now + dt.timedelta(days=1):
            return cycle
        BiddingCycle.objects.filter(pk=cycle.pk).update(
            opens_at=opens_at, closes_at=closes_at, status=BiddingCycle.Status.OPEN,
            opened_at=opens_at, closed_at=None)
        Advert.objects.filter(cycle=cycle).update(opens_at=opens_at, closes_at=closes_at,
                                                  status=Advert.Status.LIVE)
        cycle.refresh_from_db()
        return cycle

    # --- Homes, voids, adverts --------------------------------------------------------------

    def _adverts(self, cycle: BiddingCycle, count: int) -> str:
        rng = self.rng
        landlords = list(Organisation.objects.filter(is_active=True).exclude(kind="")
                         .order_by("pk"))
        existing = set(Property.objects.filter(reference__startswith=PROPERTY_PREFIX)
                       .values_list("reference", flat=True))
        mix = [row for row in HOME_MIX for _ in range(row[5])]
        areas = list(AREAS)
        homes = []
        for number in range(1, count + 1):
            reference = f"{PROPERTY_PREFIX}{number:05d}"
            if reference in existing:
                continue
            kind, beds, spaces, designation, mobility, _weight = rng.choice(mix)
            area = rng.choice(areas)
            outward, streets = AREAS[area]
            street = rng.choice(streets)
            flat = kind == "flat"
            floor = rng.randint(0, 5) if flat and not mobility else 0
            homes.append(Property(
                reference=reference,
                address_line_1=(f"Flat {rng.randint(1, 60)}, {rng.randint(1, 120)} {street}"
                                if flat else f"{rng.randint(1, 240)} {street}"),
                town="Brackenfield", area=area,
                postcode=f"{outward} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                         f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                landlord=rng.choice(landlords), property_type=kind, bedrooms=beds,
                bedspaces=spaces, floor_level=floor, has_lift=flat and floor >= 3,
                mobility_category=mobility, designation=designation,
                min_age=60 if designation == "sheltered" else None,
                weekly_rent=Decimal(f"{rng.uniform(*RENT[beds]):.2f}"),
                service_charge=Decimal(f"{rng.uniform(4, 30):.2f}") if flat else Decimal("0"),
                tenancy_type_offered="introductory", has_garden=kind in ("house", "bungalow")))
        Property.objects.bulk_create(homes, batch_size=self.batch)

        props = list(Property.objects.filter(reference__startswith=PROPERTY_PREFIX)
                     .exclude(voids__status=Void.Status.ADVERTISED).order_by("reference"))
        voids = []
        for prop in props:
            ended = self.today - dt.timedelta(days=rng.randint(14, 60))
            voids.append(Void(
                property=prop, status=Void.Status.ADVERTISED,
                reason_vacant=rng.choice(REASONS), notice_received_date=ended
                - dt.timedelta(days=28), tenancy_end_date=ended,
                keys_returned_date=ended + dt.timedelta(days=rng.randint(0, 3)),
                ready_to_let_date=self.today - dt.timedelta(days=rng.randint(1, 10)),
                advertised_date=self.today - dt.timedelta(days=1), notified_by=prop.landlord,
                created_by=self.staff))
        Void.objects.bulk_create(voids, batch_size=self.batch)

        without = (Void.objects.filter(property__reference__startswith=PROPERTY_PREFIX,
                                       status=Void.Status.ADVERTISED)
                   .exclude(adverts__status__in=Advert.ACTIVE_STATUSES)
                   .select_related("property"))
        adverts = []
        for void in without:
            prop = void.property
            suffix = prop.reference[len(PROPERTY_PREFIX):]
            kind = prop.get_property_type_display().lower()
            wheelchair = prop.mobility_category == MobilityCategory.WHEELCHAIR
            adverts.append(Advert(
                reference=f"{ADVERT_PREFIX}{suffix}", property=prop, void=void, cycle=cycle,
                opens_at=cycle.opens_at, closes_at=cycle.closes_at, status=Advert.Status.LIVE,
                title=f"{prop.bedrooms}-bedroom {kind} in {prop.area}",
                description=(f"A {prop.bedrooms}-bedroom {kind} in {prop.area}, close to shops "
                             f"and a bus route."),
                min_occupancy=1, max_occupancy=prop.bedspaces, min_age=prop.min_age,
                mobility_required=wheelchair,
                mobility_accepted=list(prop.access_needs_met) if wheelchair else [],
                created_by=self.staff, approved_by=self.staff, approved_at=cycle.opens_at,
                published_at=cycle.opens_at, followed_up_at=self.now))
        Advert.objects.bulk_create(adverts, batch_size=self.batch)
        live = Advert.objects.filter(cycle=cycle, status=Advert.Status.LIVE).count()
        return f"{len(homes)} homes, {len(voids)} voids, {len(adverts)} adverts made; {live} live"

    # --- Applicant accounts -----------------------------------------------------------------

    def _reset_bench_bids(self) -> str:
        deleted, _ = Bid.objects.filter(
            application__applicant_user__username__startswith=USER_PREFIX).delete()
        return f"{deleted} deleted"

    def _users(self, count: int, password: str) -> str:
        hashed = make_password(password)  # one hash for all: hashing 5,000 would take minutes
        existing = dict(User.objects.filter(username__startswith=USER_PREFIX)
                        .values_list("username", "pk"))
        users = []
        for number in range(1, count + 1):
            username = f"{USER_PREFIX}{number:04d}"
            if username in existing:
                continue
            users.append(User(username=username, first_name="Bench",
                              last_name=f"Applicant {number:04d}",
                              email=f"{username}@example.org", role=Role.APPLICANT,
                              email_verified_at=self.now, password=hashed, is_active=True))
        User.objects.bulk_create(users, batch_size=self.batch)
        User.objects.filter(username__startswith=USER_PREFIX).update(password=hashed)

        # Accounts without an application get an active bulk one of their size whose
        # household fits the benchmark homes of that size.
        linked = set(Application.objects.filter(applicant_user__username__startswith=USER_PREFIX)
                     .values_list("applicant_user_id", flat=True))
        needing = [(pk, APPLICANT_SIZES[int(name[len(USER_PREFIX):]) % 10])
                   for name, pk in User.objects.filter(username__startswith=USER_PREFIX)
                   .values_list("username", "pk") if pk not in linked]
        pools: dict[int, list[int]] = defaultdict(list)
        if needing:
            candidates = (Application.objects
                          .filter(reference__startswith=BULK_PREFIX,
                                  status=Application.Status.ACTIVE,
                                  applicant_user__isnull=True, bedroom_need__in=[1, 2, 3])
                          .exclude(band="")
                          .annotate(people=Count("members", filter=Q(
                              members__to_be_rehoused=True, members__main_home=True)))
                          .values_list("pk", "bedroom_need", "people").order_by("pk"))
            for pk, need, people in candidates:
                if need is not None and 1 <= people <= MAX_PEOPLE[need]:
                    pools[need].append(pk)
            for pool in pools.values():
                self.rng.shuffle(pool)
        updates = []
        for user_pk, size in needing:
            if not pools[size]:
                raise CommandError(f"Not enough active {size}-bedroom bulk applications for "
                                   f"the benchmark accounts.")
            app = Application(pk=pools[size].pop(), applicant_user_id=user_pk,
                              eligible_sizes=[size])
            updates.append(app)
        Application.objects.bulk_update(updates, ["applicant_user", "eligible_sizes"],
                                        batch_size=self.batch)

        # A current award for each benchmark application that has none.
        scheme = scheme_in_force(on=self.today)
        names = dict(BandDefinition.objects.filter(scheme=scheme).values_list("code", "name"))
        apps = (Application.objects.filter(applicant_user__username__startswith=USER_PREFIX)
                .exclude(awards__status=BandAward.Status.CURRENT)
                .values_list("pk", "band", "bedroom_need", "eligible_sizes", "effective_date",
                             "registration_date"))
        awards = []
        for pk, band, need, sizes, effective, registered in apps:
            awarded = registered or effective or self.today
            awards.append(BandAward(
                application_id=pk, status=BandAward.Status.CURRENT, scheme_version=scheme,
                band=band, band_name=names.get(band, f"Band {band}"), proposed_band=band,
                reasons=["Benchmark data."], bedroom_need=need, eligible_sizes=sizes,
                award_date=awarded, effective_date=effective or awarded,
                date_rule_applied=BandAward.DateRule.NEW_AWARD, proposed_by=self.staff,
                approved_by=self.staff, approved_at=self.now))
        BandAward.objects.bulk_create(awards, batch_size=self.batch)
        return (f"{len(users)} accounts, {len(updates)} applications linked, "
                f"{len(awards)} awards made")

    # --- Bids from the register -------------------------------------------------------------

    def _bids(self, target: int) -> str:
        rng = self.rng
        max_bids = scheme_in_force(on=self.today).max_live_bids
        adverts = list(Advert.objects.filter(reference__startswith=ADVERT_PREFIX,
                                             status=Advert.Status.LIVE)
                       .values_list("pk", "property__bedrooms"))
        have = Bid.objects.filter(advert__reference__startswith=ADVERT_PREFIX,
                                  status=Bid.Status.PLACED).count()
        wanted = target - have
        if wanted <= 0 or not adverts:
            return f"{have} already placed"
        # Who has bid on what already, and how many slots each bidder has left.
        taken = set(Bid.objects.filter(status__in=Bid.LIVE_STATUSES)
                    .values_list("application_id", "advert_id"))
        used: dict[int, int] = defaultdict(int)
        for app_id, _advert in taken:
            used[app_id] += 1
        pools: dict[int, list[int]] = defaultdict(list)
        for pk, need in (Application.objects
                         .filter(reference__startswith=BULK_PREFIX,
                                 status=Application.Status.ACTIVE, applicant_user__isnull=True)
                         .exclude(band="").values_list("pk", "bedroom_need")):
            if used[pk] < max_bids:
                pools[min(max(need or 1, 1), 4)].append(pk)
        # Popularity varies a lot: most homes get 10 to 40 bids, a few get hundreds.
        weights = [rng.lognormvariate(0, 0.9) for _ in adverts]
        scale = wanted / sum(weights)
        opened = Advert.objects.filter(pk=adverts[0][0]).values_list("opens_at", flat=True)[0]
        opened = opened or self.now
        window = max(int((self.now - opened).total_seconds()), 1)
        bids = []
        for (advert_id, beds), weight in zip(adverts, weights, strict=True):
            pool = pools[min(beds, 4)]
            for _ in range(round(weight * scale)):
                for _attempt in range(5):
                    if not pool:
                        break
                    index = rng.randrange(len(pool))
                    app_id = pool[index]
                    if (app_id, advert_id) in taken:
                        continue
                    taken.add((app_id, advert_id))
                    used[app_id] += 1
                    if used[app_id] >= max_bids:
                        pool[index] = pool[-1]
                        pool.pop()
                    bids.append(Bid(
                        application_id=app_id, advert_id=advert_id,
                        placed_at=opened + dt.timedelta(seconds=rng.randrange(window)),
                        placed_by=Bid.PlacedBy.APPLICANT, channel=Bid.Channel.WEB,
                        status=Bid.Status.PLACED, tiers=[0, 0, 0]))
                    break
        Bid.objects.bulk_create(bids, batch_size=self.batch)
        return f"{len(bids)} placed (now {have + len(bids)})"

    def _summary(self, started: float) -> None:
        live = Advert.objects.filter(reference__startswith=ADVERT_PREFIX,
                                     status=Advert.Status.LIVE)
        self.stdout.write(
            f"Benchmark lettings data: {live.count():,} live adverts, "
            f"{User.objects.filter(username__startswith=USER_PREFIX).count():,} accounts, "
            f"{Bid.objects.filter(advert__in=live, status=Bid.Status.PLACED).count():,} placed "
            f"bids, {Application.objects.filter(reference__startswith=BULK_PREFIX).count():,} "
            f"bulk applications; {time.monotonic() - started:.1f}s.")
