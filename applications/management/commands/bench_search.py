"""Benchmark officer case search the way the list page runs it (first page + total count).

    python manage.py bench_search --rounds 200

Prints p50/p95/max in milliseconds for each kind of search key. A benchmark, not a test: run it
against PostgreSQL after ``seed_demo --applications 100000`` and record the figures in
docs/performance.md.
"""

from __future__ import annotations

import random
import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from applications.models import Application, HouseholdMember
from applications.selectors import application_list
from housing.accounts.models import User


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


class Command(BaseCommand):
    help = "Time case search p50/p95 for each kind of search key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rounds", type=int, default=200)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args: Any, **options: Any) -> None:
        rng = random.Random(options["seed"])
        officer = User.objects.filter(role="officer").first()
        if officer is None:
            self.stderr.write("No officer account: run seed_demo first.")
            return
        sample = list(HouseholdMember.objects.filter(role="lead")
                      .order_by("?")[:options["rounds"]]
                      .values("first_name", "last_name", "date_of_birth", "ni_number",
                              "email", "phone", "application__reference",
                              "application__postcode"))
        kinds = {
            "reference": lambda m: m["application__reference"],
            "full name": lambda m: f"{m['first_name']} {m['last_name']}",
            "last name": lambda m: m["last_name"],
            "date of birth": lambda m: m["date_of_birth"].strftime("%d/%m/%Y")
            if m["date_of_birth"] else None,
            "NI number": lambda m: m["ni_number"] or None,
            "postcode": lambda m: m["application__postcode"] or None,
            "email": lambda m: m["email"] or None,
            "phone": lambda m: m["phone"] or None,
        }
        total = Application.objects.count()
        self.stdout.write(f"{total} applications; {len(sample)} sampled leads; "
                          f"database {connection.vendor}")
        self.stdout.write(f"{'key':<14} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
                          f"{'avg rows':>9}")
        for name, make in kinds.items():
            timings: list[float] = []
            rows: list[int] = []
            for member in rng.sample(sample, len(sample)):
                query = make(member)
                if not query:
                    continue
                start = time.perf_counter()
                qs = application_list(user=officer, query=query)
                count = qs.count()
                list(qs[:50])
                timings.append((time.perf_counter() - start) * 1000)
                rows.append(count)
            if timings:
                self.stdout.write(
                    f"{name:<14} {len(timings):>4} {statistics.median(timings):>8.1f} "
                    f"{_percentile(timings, 0.95):>8.1f} {max(timings):>8.1f} "
                    f"{statistics.mean(rows):>9.1f}")
