"""Benchmark data for closing a cycle and shortlisting (issue 6; docs/performance.md).

    DEBUG=1 python manage.py seed_demo --applications 100000 --quiet
    DEBUG=1 python manage.py bench_close_seed

On top of the ``HR-BULK-`` register that ``seed_demo --applications`` makes, this adds:

* a CURRENT band award for every banded bulk application that may have bid (active, and the
  suspended, under-offer and housed ones whose bids close will find no longer valid or frozen),
  with its bedroom need as its eligible size and, for about 4 %, an assessed mobility need;
* one open cycle, "Close benchmark cycle", whose window ended yesterday at 23:59, so it is due
  to close;
* 500 homes (``BENCH6-P…``), each with an advertised void and a LIVE advert (``BENCH6-A…``) in
  that cycle: the same mix of homes as the issue 5 benchmark, some with a local lettings plan
  or quota group that ranks (not restricts), wheelchair homes that rank matching needs first;
* 150,000 placed bids, each one the rules allowed when it was placed (checked with
  ``check_bid`` on the bidder's facts) and carrying the tiers ``bid_place`` would have stored;
  at most ``max_live_bids`` per bidder, on homes of their own size. Popularity is lognormal
  (most homes get 100 to 500 bids, a few thousands); ``BENCH6-A0001``, a one-bedroom flat under
  a priority local lettings plan that also ranks homeless households first, has exactly
  ``--hot-bids`` (5,000). About 3 % of the bidders' applications are suspended, under offer or
  housed by the close, as on a real register, so close has bids to invalidate and to freeze.

The snapshot is empty, as ``bid_place`` leaves it: ``bids_recheck_at_close`` takes it. Seeding
time is not part of the benchmark; ``bulk_create`` skips ``save()``, so these rows have no
history records (benchmark data only). A second run does nothing once the cycle has its bids.
Measure on a copy (``bench/run_close.sh`` clones this database as a template), because closing
changes the data. Ends with ``ANALYZE``.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from applications.models import Application, BandAward
from housing.accounts.models import Organisation, Role, User
from housing.scheme.models import BandDefinition
from housing.scheme.selectors import scheme_in_force
from lettings import selectors
from lettings.management.commands.bench_lettings_seed import (
    AREAS,
    BULK_PREFIX,
    HOME_MIX,
    REASONS,
    RENT,
    _aware,
)
from lettings.models import (
    Advert,
    Bid,
    BiddingCycle,
    LocalLettingsPlan,
    MobilityCategory,
    Property,
    Void,
)
from lettings.rules.bid_validity import BidderFacts, Stage, check_bid
from lettings.rules.shortlist_order import advert_tiers

PROPERTY_PREFIX = "BENCH6-P"
ADVERT_PREFIX = "BENCH6-A"
HOT_ADVERT = f"{ADVERT_PREFIX}0001"
CYCLE_NAME = "Close benchmark cycle"
PLAN_CODE = "bench6-priority"
# Statuses of bulk applications that may have bid during the cycle; all but "active" changed
# after the bid was placed (close invalidates their bids, or freezes them while under offer).
BIDDER_STATUSES = ("active", "active_suspended", "under_offer", "housed")
CHANGED_SHARE = 0.3   # of the suspended / under-offer / housed applications, how many bid
MOBILITY_NEEDS = (("wheelchair", 0.012), ("step_free", 0.013), ("ground_or_lift", 0.015))
# Bids per advert scale with how many households need that size (one bedroom most wanted).
SIZE_FACTOR = {1: 1.25, 2: 1.0, 3: 0.8, 4: 0.35}


class Command(BaseCommand):
    help = ("Benchmark data for closing a cycle (issue 6): band awards for the bulk register, "
            "500 live adverts in one cycle due to close and 150,000 placed bids (one advert "
            "with exactly 5,000). Run seed_demo --applications 100000 first. Does nothing once "
            "seeded.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--adverts", type=int, default=500)
        parser.add_argument("--bids", type=int, default=150_000)
        parser.add_argument("--hot-bids", type=int, default=5000,
                            help=f"Bids on {HOT_ADVERT}, the busiest advert.")
        parser.add_argument("--seed", type=int, default=6)
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
        cycle = BiddingCycle.objects.filter(name=CYCLE_NAME).first()
        if cycle is not None and Bid.objects.filter(advert__cycle=cycle).exists():
            if cycle.status != BiddingCycle.Status.OPEN:
                raise CommandError(f"“{CYCLE_NAME}” has been closed in this database: drop it "
                                   f"and seed again (measure on a copy: bench/run_close.sh).")
            self._summary(cycle, started)
            return
        with transaction.atomic():
            cycle = self._cycle()
            self._step("band awards", self._awards)
            self._step("homes, voids and adverts", self._adverts, cycle, options["adverts"])
            self._step("bids", self._bids, cycle, options["bids"], options["hot_bids"])
        self._step("planner statistics", self._analyze)
        self._summary(cycle, started)

    def _step(self, label: str, fn: Any, *args: Any) -> None:
        began = time.monotonic()
        result = fn(*args)
        self.stdout.write(f"  {label}: {result} ({time.monotonic() - began:.1f}s)")

    def _analyze(self) -> str:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return "ANALYZE done"

    # --- The cycle, due to close -----------------------------------------------------------

    def _cycle(self) -> BiddingCycle:
        # Opened eight days ago (at an odd second, so the opening time is unique), closed
        # yesterday at 23:59: closing it is due now.
        opens_at = _aware(self.today - dt.timedelta(days=8), 0, 2, 13)
        closes_at = _aware(self.today - dt.timedelta(days=1), 23, 59)
        cycle, _made = BiddingCycle.objects.get_or_create(
            name=CYCLE_NAME, defaults={"opens_at": opens_at, "closes_at": closes_at,
                                       "status": BiddingCycle.Status.OPEN,
                                       "opened_at": opens_at})
        return cycle

    # --- Band awards for the register ------------------------------------------------------

    def _awards(self) -> str:
        scheme = scheme_in_force(on=self.today)
        names = dict(BandDefinition.objects.filter(scheme=scheme).values_list("code", "name"))
        rows = (Application.objects.filter(reference__startswith=BULK_PREFIX,
                                           status__in=BIDDER_STATUSES,
                                           bedroom_need__isnull=False)
                .exclude(band="").exclude(awards__status=BandAward.Status.CURRENT)
                .order_by("pk").values_list("pk", "band", "bedroom_need", "effective_date",
                                            "registration_date"))
        rng = self.rng
        awards = []
        for pk, band, need, effective, registered in rows.iterator(chunk_size=self.batch):
            flags: dict[str, Any] = {}
            roll = rng.random()
            for need_code, share in MOBILITY_NEEDS:
                if roll < share:
                    flags = {"mobility_category": need_code}
                    break
                roll -= share
            awarded = registered or effective or self.today
            awards.append(BandAward(
                application_id=pk, status=BandAward.Status.CURRENT, scheme_version=scheme,
                band=band, band_name=names.get(band, f"Band {band}"), proposed_band=band,
                reasons=["Benchmark data."], bedroom_need=need, eligible_sizes=[need],
                property_flags=flags, award_date=awarded, effective_date=effective or awarded,
                date_rule_applied=BandAward.DateRule.NEW_AWARD, proposed_by=self.staff,
                approved_by=self.staff, approved_at=self.now))
        BandAward.objects.bulk_create(awards, batch_size=self.batch)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE applications_application SET eligible_sizes = "
                "jsonb_build_array(bedroom_need) WHERE reference LIKE %s AND band <> '' "
                "AND bedroom_need IS NOT NULL AND eligible_sizes = '[]'::jsonb",
                [f"{BULK_PREFIX}%"])
        return f"{len(awards):,} awards made"

    # --- Homes, voids, adverts ---------------------------------------------------------------

    def _plan(self) -> LocalLettingsPlan:
        plan, _made = LocalLettingsPlan.objects.get_or_create(
            code=PLAN_CODE, defaults={
                "name": "St Anne's and Old Town (benchmark)",
                "description": "People who live or have lived in BF1 or BF3 are ranked first.",
                "mode": LocalLettingsPlan.Mode.PRIORITY, "postcode_areas": ["BF1", "BF3"]})
        return plan

    def _adverts(self, cycle: BiddingCycle, count: int) -> str:
        rng = self.rng
        plan = self._plan()
        landlords = list(Organisation.objects.filter(is_active=True).exclude(kind="")
                         .order_by("pk"))
        mix = [row for row in HOME_MIX for _ in range(row[5])]
        areas = list(AREAS)
        homes = []
        for number in range(1, count + 1):
            if number == 1:   # the busy one: a one-bedroom ground-floor flat in St Anne's
                kind, beds, spaces, designation, mobility, _w = HOME_MIX[0]
                area = "St Anne's"
            else:
                kind, beds, spaces, designation, mobility, _w = rng.choice(mix)
                area = rng.choice(areas)
            outward, streets = AREAS[area]
            street = rng.choice(streets)
            flat = kind == "flat"
            floor = rng.randint(0, 5) if flat and not mobility and number != 1 else 0
            homes.append(Property(
                reference=f"{PROPERTY_PREFIX}{number:04d}",
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
        voids = []
        for prop in homes:
            ended = self.today - dt.timedelta(days=rng.randint(14, 60))
            voids.append(Void(
                property=prop, status=Void.Status.ADVERTISED, reason_vacant=rng.choice(REASONS),
                notice_received_date=ended - dt.timedelta(days=28), tenancy_end_date=ended,
                keys_returned_date=ended + dt.timedelta(days=rng.randint(0, 3)),
                ready_to_let_date=cycle.opens_at.date() - dt.timedelta(days=rng.randint(1, 10)),
                advertised_date=cycle.opens_at.date(), notified_by=prop.landlord,
                created_by=self.staff))
        Void.objects.bulk_create(voids, batch_size=self.batch)
        adverts = []
        for number, (prop, void) in enumerate(zip(homes, voids, strict=True), start=1):
            kind = prop.get_property_type_display().lower()
            wheelchair = prop.mobility_category == MobilityCategory.WHEELCHAIR
            ranked_by_need = wheelchair and rng.random() < 0.5
            roll = rng.random()
            uses_plan = number == 1 or roll < 0.08
            quota = number == 1 or 0.08 <= roll < 0.16
            adverts.append(Advert(
                reference=f"{ADVERT_PREFIX}{number:04d}", property=prop, void=void, cycle=cycle,
                opens_at=cycle.opens_at, closes_at=cycle.closes_at, status=Advert.Status.LIVE,
                title=f"{prop.bedrooms}-bedroom {kind} in {prop.area}",
                description=(f"A {prop.bedrooms}-bedroom {kind} in {prop.area}, close to shops "
                             f"and a bus route."),
                min_occupancy=1, max_occupancy=prop.bedspaces, min_age=prop.min_age,
                # Half the wheelchair homes are kept for wheelchair users; the other half take
                # anyone and rank matching needs first.
                mobility_required=wheelchair and not ranked_by_need,
                mobility_accepted=list(prop.access_needs_met) if wheelchair else [],
                accessible_need_priority=ranked_by_need,
                local_lettings_plan=plan if uses_plan else None,
                quota_group=Advert.QuotaGroup.HOMELESS if quota else "",
                quota_mode=Advert.QuotaMode.PRIORITY if quota else Advert.QuotaMode.RESTRICT,
                created_by=self.staff, approved_by=self.staff, approved_at=cycle.opens_at,
                published_at=cycle.opens_at, followed_up_at=cycle.opens_at))
        Advert.objects.bulk_create(adverts, batch_size=self.batch)
        return f"{len(homes)} homes, voids and live adverts"

    # --- Bids ---------------------------------------------------------------------------------

    def _bidder_facts(self, on: dt.date) -> dict[int, tuple[str, BidderFacts]]:
        """Each possible bidder's facts as they were when they bid (an active application);
        with the status they have now, which close will see."""
        rng = self.rng
        ids = []
        for pk, status in (Application.objects
                           .filter(reference__startswith=BULK_PREFIX,
                                   status__in=BIDDER_STATUSES,
                                   awards__status=BandAward.Status.CURRENT)
                           .order_by("pk").values_list("pk", "status")):
            if status == "active" or rng.random() < CHANGED_SHARE:
                ids.append(pk)
        facts: dict[int, tuple[str, BidderFacts]] = {}
        for start in range(0, len(ids), 2000):
            for app in selectors.bidder_applications(ids[start:start + 2000]):
                now_facts = selectors.bidder_facts(app, on=on)
                facts[app.pk] = (app.status, replace(now_facts, status="active"))
        return facts

    def _bids(self, cycle: BiddingCycle, target: int, hot: int) -> str:
        rng = self.rng
        scheme = scheme_in_force(on=self.today)
        policy = selectors.bid_policy(scheme)
        max_bids = scheme.max_live_bids
        close_day = timezone.localdate(cycle.closes_at)
        facts = self._bidder_facts(close_day)
        # Pools by (size, mobility need), so a bidder is only tried on homes of their size and,
        # if they have an assessed need, homes that may meet it.
        pools: dict[tuple[int, str], list[int]] = defaultdict(list)
        for pk, (_status, f) in facts.items():
            for size in f.eligible_sizes:
                pools[(size, f.mobility_need)].append(pk)
        for pool in pools.values():
            rng.shuffle(pool)
        adverts = list(Advert.objects.filter(cycle=cycle, reference__startswith=ADVERT_PREFIX)
                       .select_related("property", "local_lettings_plan").order_by("reference"))
        # Bids wanted per advert: the busy one exactly ``hot``, the rest lognormal by size.
        weights = [rng.lognormvariate(0, 0.8) * SIZE_FACTOR.get(a.property.bedrooms, 0.3)
                   * (0.3 if a.mobility_required else 1.0) for a in adverts[1:]]
        scale = (target - hot) / sum(weights)
        wanted = [hot] + [max(1, round(w * scale)) for w in weights]
        wanted[1 + weights.index(max(weights))] += target - sum(wanted)   # exactly ``target``
        used: dict[int, int] = defaultdict(int)
        self.taken: dict[int, set[int]] = defaultdict(set)
        window = int((cycle.closes_at - cycle.opens_at).total_seconds())
        bids: list[Bid] = []
        short = 0
        for advert, count in zip(adverts, wanted, strict=True):
            made = self._advert_bids(advert, count, facts, pools, used, max_bids, policy,
                                     window, bids)
            short += count - made
        # Homes whose pools ran dry: the remaining bids go to the others, smallest need first.
        for advert in adverts[1:]:
            if short <= 0:
                break
            made = self._advert_bids(advert, min(short, 50), facts, pools, used, max_bids,
                                     policy, window, bids)
            short -= made
        if short > 0:
            raise CommandError(f"Could not place {short} of the bids: too few bidders.")
        Bid.objects.bulk_create(bids, batch_size=self.batch)
        return f"{len(bids):,} placed from {len(used):,} bidders"

    def _advert_bids(self, advert: Advert, count: int, facts: dict[int, tuple[str, BidderFacts]],
                     pools: dict[tuple[int, str], list[int]], used: dict[int, int],
                     max_bids: int, policy: Any, window: int, out: list[Bid]) -> int:
        rng = self.rng
        opens_at, closes_at = advert.opens_at, advert.closes_at
        assert opens_at is not None and closes_at is not None  # a live advert has its window
        afacts = selectors.advert_facts(advert)
        llp = selectors.llp_priority_areas(advert)
        needs = set(afacts.access_needs_met)
        keys = [key for key in pools if key[0] in afacts.sizes
                and (key[1] in needs or (key[1] == "" and not afacts.mobility_required))]
        candidates = [pk for key in keys for pk in pools[key] if used[pk] < max_bids]
        taken = self.taken[advert.pk]
        rng.shuffle(candidates)
        made = 0
        for pk in candidates:
            if made == count:
                break
            if used[pk] >= max_bids or pk in taken:
                continue
            bidder = facts[pk][1]
            if not check_bid(bidder, afacts, policy, now=closes_at,
                             stage=Stage.CLOSE).valid:
                continue
            taken.add(pk)
            used[pk] += 1
            made += 1
            out.append(Bid(
                application_id=pk, advert_id=advert.pk,
                placed_at=opens_at + dt.timedelta(seconds=rng.randrange(window)),
                placed_by=Bid.PlacedBy.APPLICANT, channel=Bid.Channel.WEB,
                status=Bid.Status.PLACED,
                tiers=advert_tiers(bidder, afacts,
                                   accessible_priority=advert.accessible_need_priority,
                                   llp_priority_areas=llp)))
        return made

    def _summary(self, cycle: BiddingCycle, started: float) -> None:
        counts = sorted(Advert.objects.filter(cycle=cycle, status=Advert.Status.LIVE)
                        .annotate(n=Count("bids")).values_list("n", flat=True))
        changed = (Bid.objects.filter(advert__cycle=cycle, status=Bid.Status.PLACED)
                   .exclude(application__status="active").count())
        total = sum(counts)
        p95 = counts[int(len(counts) * 0.95)] if counts else 0
        self.stdout.write(
            f"Close benchmark data: cycle “{cycle.name}” ({cycle.get_status_display()}, closing "
            f"time {cycle.closes_at:%Y-%m-%d %H:%M}), {len(counts)} live adverts, {total:,} placed "
            f"bids (per advert median {statistics.median(counts) if counts else 0:.0f}, p95 "
            f"{p95}, max {max(counts, default=0)}), {changed:,} from applications no longer "
            f"active; {Application.objects.filter(reference__startswith=BULK_PREFIX).count():,} "
            f"bulk applications; {time.monotonic() - started:.1f}s.")
