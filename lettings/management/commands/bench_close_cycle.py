"""Measure closing a cycle and shortlisting (issue 6; docs/performance.md).

Run on a copy of the database ``bench_close_seed`` made (``bench/run_close.sh`` does it all):
the ``cycle`` phase closes the benchmark cycle for good.

``--phase advert``
    Closes the busiest advert (``BENCH6-A0001``, 5,000 bids) with ``advert_close`` — re-check
    every bid, snapshot, rank, store the shortlist — ``--repeat`` times, each inside a
    transaction that is then rolled back, so every run starts from the same data. The first
    run is a warm-up (cold caches) and is reported but left out of the median.
``--phase cycle``
    Closes the whole cycle with ``cycle_close`` (500 adverts, 150,000 bids; each advert in its
    own transaction, committed), wall clock, with the process's peak RSS, the number of SQL
    statements and the time spent waiting on PostgreSQL. Each advert's own time is read from
    the "advert closed" log record ``advert_close`` writes after its commit.
``--phase ranking``
    After the cycle has closed: for the busiest advert, the ranking as ``shortlist_generate``
    does it (``sorted(bids, key=snapshot_key)`` in Python, on the bids close already holds in
    memory, and also counting a fresh read of them through the ORM)
    against a bare SQL ``ORDER BY`` on the same snapshot fields, ``--repeat`` times each;
    checks that both orders and the stored ranks agree.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import resource
import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Count

from lettings.management.commands.bench_close_seed import CYCLE_NAME, HOT_ADVERT
from lettings.models import Advert, Bid, BiddingCycle, ShortlistEntry
from lettings.services import cycles
from lettings.services.cycles import advert_close, cycle_close
from lettings.services.shortlisting import snapshot_key

# The §4.7 key as snapshot_key builds it, in SQL: the snapshot's tiers (or the bid's when the
# snapshot has none) padded with 0, band rank (missing or 0 ranks 99), band date and
# registration date (missing last), then the application id.
SQL_RANKING = """
SELECT id FROM lettings_bid
WHERE advert_id = %s AND status = %s
ORDER BY
  COALESCE((COALESCE(NULLIF(snapshot->'tiers', '[]'::jsonb), tiers)->>0)::int, 0),
  COALESCE((COALESCE(NULLIF(snapshot->'tiers', '[]'::jsonb), tiers)->>1)::int, 0),
  COALESCE((COALESCE(NULLIF(snapshot->'tiers', '[]'::jsonb), tiers)->>2)::int, 0),
  COALESCE(NULLIF((snapshot->>'band_rank')::int, 0), 99),
  COALESCE(NULLIF(snapshot->>'effective_date', '')::date, '9999-12-31'::date),
  COALESCE(NULLIF(snapshot->>'registration_date', '')::date, '9999-12-31'::date),
  application_id
"""
SQL_UNORDERED = "SELECT id FROM lettings_bid WHERE advert_id = %s AND status = %s"


# The tables closing an advert writes to.
TOUCHED = ("lettings_bid", "lettings_historicalbid", "lettings_shortlistentry",
           "lettings_historicalshortlistentry", "lettings_advert", "lettings_historicaladvert")


def _vacuum() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {', '.join(TOUCHED)}")


def _cpu_seconds() -> tuple[float, float]:
    """CPU time used so far by this process and by its PostgreSQL backend (user + system,
    from /proc): on a shared machine, what the work cost whatever else was running."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    ticks = os.sysconf("SC_CLK_TCK")

    def used(pid: int | str) -> float:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks   # utime, stime

    return used("self"), used(backend)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # kB on Linux


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


class _QueryTimer:
    """Counts SQL statements and the time spent in them (``connection.execute_wrapper``)."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool,
                 context: dict[str, Any]) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - began
            self.count += 1


class _AdvertTimes(logging.Handler):
    """The moment each "advert closed" record is written (after that advert's commit)."""

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.stamps: list[tuple[float, int, int]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage() == "advert closed":
            self.stamps.append((time.perf_counter(), getattr(record, "advert", 0),
                                getattr(record, "valid_bids", 0)))


@contextlib.contextmanager
def _timed_steps() -> Iterator[dict[str, float]]:
    """The time ``advert_close`` spends in its two steps (re-check, shortlist), by wrapping
    the names it calls for the length of the block."""
    steps = {"recheck": 0.0, "shortlist": 0.0}
    originals: dict[str, Callable[..., Any]] = {"recheck": cycles.bids_recheck_at_close,
                                                "shortlist": cycles.shortlist_generate}

    def timed(name: str) -> Callable[..., Any]:
        def call(**kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return originals[name](**kwargs)
            finally:
                steps[name] += time.perf_counter() - began
        return call

    cycles.bids_recheck_at_close = timed("recheck")  # type: ignore[assignment]
    cycles.shortlist_generate = timed("shortlist")  # type: ignore[assignment]
    try:
        yield steps
    finally:
        cycles.bids_recheck_at_close = originals["recheck"]  # type: ignore[assignment]
        cycles.shortlist_generate = originals["shortlist"]  # type: ignore[assignment]


class Command(BaseCommand):
    help = ("Time closing the benchmark cycle (phase cycle), closing its busiest advert alone "
            "(phase advert, rolled back) and the ranking against a bare SQL ORDER BY (phase "
            "ranking). Run on a copy: bench/run_close.sh.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--phase", choices=["advert", "cycle", "ranking"], required=True)
        parser.add_argument("--repeat", type=int, default=7)

    def handle(self, *args: Any, **options: Any) -> None:
        cycle = BiddingCycle.objects.filter(name=CYCLE_NAME).first()
        if cycle is None:
            raise CommandError("No benchmark cycle here: run bench_close_seed first.")
        self.cycle: BiddingCycle = cycle
        self.hot = Advert.objects.get(reference=HOT_ADVERT)
        # A minute after the cycle's closing time, as Celery beat would run it.
        self.now = self.cycle.closes_at + dt.timedelta(minutes=1)
        self.stdout.write("load average: " + " ".join(f"{n:.2f}" for n in os.getloadavg()))
        getattr(self, f"_{options['phase']}")(options["repeat"])

    # --- One advert -------------------------------------------------------------------------

    def _advert(self, repeat: int) -> None:
        if self.hot.status != Advert.Status.LIVE:
            raise CommandError(f"{HOT_ADVERT} is not live: measure on a fresh copy.")
        placed = Bid.objects.filter(advert=self.hot, status=Bid.Status.PLACED).count()
        times: list[float] = []
        parts: dict[str, list[float]] = {"recheck": [], "shortlist": []}
        for run in range(repeat + 1):
            # Each run's rolled-back writes leave dead rows and index entries behind, and
            # autovacuum may be off (it is on this machine): clear them so every run starts from
            # the same state, as a fresh copy would.
            _vacuum()
            timer = _QueryTimer()
            with transaction.atomic():
                with connection.execute_wrapper(timer):
                    cpu = _cpu_seconds()
                    began = time.perf_counter()
                    with _timed_steps() as steps:
                        closed = advert_close(advert=Advert(pk=self.hot.pk), now=self.now)
                    took = time.perf_counter() - began
                    python_cpu, pg_cpu = (b - a for a, b in zip(cpu, _cpu_seconds(),
                                                                strict=True))
                entries = ShortlistEntry.objects.filter(advert=self.hot).count()
                transaction.set_rollback(True)
            if not closed or not entries:
                raise CommandError("advert_close did not shortlist the advert.")
            label = "warm-up" if run == 0 else f"run {run}"
            self.stdout.write(f"  {label}: {_ms(took)} ms = re-check {_ms(steps['recheck'])} + "
                              f"shortlist {_ms(steps['shortlist'])} + the rest; "
                              f"{timer.count} statements, {_ms(timer.seconds)} ms waiting on "
                              f"PostgreSQL; CPU: Python {_ms(python_cpu)} ms, PostgreSQL "
                              f"{_ms(pg_cpu)} ms")
            if run:
                times.append(took)
                for name, values in parts.items():
                    values.append(steps[name])
        _vacuum()   # the next phase starts from clean tables too
        self.stdout.write(
            f"advert_close on {HOT_ADVERT} ({placed:,} placed bids, {entries:,} shortlisted), "
            f"{repeat} runs after a warm-up, each rolled back: median "
            f"{_ms(statistics.median(times))} ms, max {_ms(max(times))} ms, min "
            f"{_ms(min(times))} ms; peak RSS {_rss_mb():.0f} MB")
        self.stdout.write(
            f"  of which bids_recheck_at_close: median {_ms(statistics.median(parts['recheck']))}"
            f" ms, max {_ms(max(parts['recheck']))} ms; shortlist_generate (rank and store "
            f"{entries:,}): median {_ms(statistics.median(parts['shortlist']))} ms, max "
            f"{_ms(max(parts['shortlist']))} ms")

    # --- The whole cycle ----------------------------------------------------------------------

    def _cycle(self, _repeat: int) -> None:
        if self.cycle.status != BiddingCycle.Status.OPEN:
            raise CommandError("The benchmark cycle is not open: measure on a fresh copy.")
        adverts = Advert.objects.filter(cycle=self.cycle, status=Advert.Status.LIVE).count()
        placed = Bid.objects.filter(advert__cycle=self.cycle, status=Bid.Status.PLACED).count()
        rss_before = _rss_mb()
        handler = _AdvertTimes()
        log = logging.getLogger("lettings.services.cycles")
        log.addHandler(handler)
        old_level = log.level
        log.setLevel(logging.INFO)
        timer = _QueryTimer()
        try:
            with connection.execute_wrapper(timer):
                cpu = _cpu_seconds()
                began = time.perf_counter()
                cycle_close(cycle=self.cycle, now=self.now)
                took = time.perf_counter() - began
                python_cpu, pg_cpu = (b - a for a, b in zip(cpu, _cpu_seconds(), strict=True))
        finally:
            log.removeHandler(handler)
            log.setLevel(old_level)
        self.cycle.refresh_from_db()
        by_status = dict(Bid.objects.filter(advert__cycle=self.cycle).order_by()
                         .values("status").annotate(n=Count("pk")).values_list("status", "n"))
        entries = ShortlistEntry.objects.filter(advert__cycle=self.cycle).count()
        shortlisted = Advert.objects.filter(cycle=self.cycle,
                                            status=Advert.Status.SHORTLISTED).count()
        frozen = Bid.objects.filter(advert__cycle=self.cycle, status=Bid.Status.PLACED,
                                    snapshot__frozen_under_offer=True).count()
        per_advert = []
        previous = began
        hot_time = 0.0
        for stamp, advert_id, _valid in handler.stamps:
            per_advert.append(stamp - previous)
            if advert_id == self.hot.pk:
                hot_time = stamp - previous
            previous = stamp
        per_advert.sort()
        self.stdout.write(
            f"cycle_close: {adverts} adverts, {placed:,} placed bids → {shortlisted} adverts "
            f"shortlisted, {entries:,} shortlist entries, "
            f"{by_status.get(Bid.Status.INVALIDATED, 0):,} bids invalidated, {frozen:,} "
            f"frozen (under offer); cycle {self.cycle.status}")
        self.stdout.write(
            f"  wall clock {took:.1f} s; {timer.count:,} SQL statements, {timer.seconds:.1f} s "
            f"waiting on PostgreSQL ({timer.seconds / took:.0%}); peak RSS {_rss_mb():.0f} MB "
            f"(after start-up {rss_before:.0f} MB)")
        self.stdout.write(
            f"  CPU time: Python {python_cpu:.1f} s, PostgreSQL backend {pg_cpu:.1f} s "
            f"(sum {python_cpu + pg_cpu:.1f} s; the rest of the wall clock is waiting for disk "
            f"or for a core)")
        if per_advert:
            self.stdout.write(
                f"  per advert (from the 'advert closed' log, commit included): median "
                f"{_ms(statistics.median(per_advert))} ms, p95 "
                f"{_ms(per_advert[int(len(per_advert) * 0.95)])} ms, max "
                f"{_ms(per_advert[-1])} ms; {HOT_ADVERT} (5,000 bids) {_ms(hot_time)} ms")
        if shortlisted != adverts or self.cycle.status != BiddingCycle.Status.SHORTLISTED:
            raise CommandError("Not every advert was shortlisted.")

    # --- The ranking against SQL -------------------------------------------------------------

    def _ranking(self, repeat: int) -> None:
        status = Bid.Status.SHORTLISTED
        stored = list(ShortlistEntry.objects.filter(advert=self.hot).order_by("rank")
                      .values_list("bid_id", flat=True))
        if not stored:
            raise CommandError(f"{HOT_ADVERT} has no shortlist: run the cycle phase first.")

        def load() -> list[Bid]:
            return list(Bid.objects.filter(advert=self.hot, status=status))

        def python_sort(bids: list[Bid]) -> list[int]:
            return [bid.pk for bid in sorted(bids, key=snapshot_key)]

        def sql(query: str) -> list[int]:
            with connection.cursor() as cursor:
                cursor.execute(query, [self.hot.pk, status])
                return [row[0] for row in cursor.fetchall()]

        bids = load()
        ours = python_sort(bids)
        theirs = sql(SQL_RANKING)
        if ours != theirs or ours != stored:
            raise CommandError("The orders disagree: Python, SQL and the stored ranks differ.")
        self.stdout.write(f"{HOT_ADVERT}: {len(ours):,} shortlisted bids; the Python order, the "
                          f"SQL ORDER BY and the stored ranks agree")

        def best(fn: Callable[[], Any]) -> tuple[float, float]:
            fn()   # warm-up
            runs = []
            for _ in range(repeat):
                began = time.perf_counter()
                fn()
                runs.append(time.perf_counter() - began)
            return statistics.median(runs), max(runs)

        sort_only = best(lambda: python_sort(bids))
        load_sort = best(lambda: python_sort(load()))
        load_only = best(load)
        ordered = best(lambda: sql(SQL_RANKING))
        unordered = best(lambda: sql(SQL_UNORDERED))
        rows = [("Python: sorted(bids, key=snapshot_key), bids in memory", sort_only),
                ("Python: read the bids afresh (ORM), then sort", load_sort),
                ("  of which loading the bids (ORM)", load_only),
                ("SQL: SELECT id … ORDER BY the key (bare cursor)", ordered),
                ("SQL: the same SELECT without ORDER BY", unordered)]
        self.stdout.write(f"median / max of {repeat} runs (ms):")
        for label, (median, worst) in rows:
            self.stdout.write(f"  {label:<58} {_ms(median):>7} / {_ms(worst)}")
        self.stdout.write(
            f"ratio ours / bare SQL ORDER BY (medians): the sort as close does it "
            f"{sort_only[0] / ordered[0]:.2f}; with a fresh ORM read "
            f"{load_sort[0] / ordered[0]:.2f}")
