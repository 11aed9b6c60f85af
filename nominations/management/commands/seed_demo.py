"""``manage.py seed_demo``: a small, realistic, synthetic demonstration council.

All data is invented (see ``nominations/demo_data.py``). Safe to run again: it only creates what
is missing and puts the demo users' passwords back to ``homeward-demo``.
"""

from __future__ import annotations

import contextlib
import io
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

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
from housing.accounts.models import Organisation, Role, User
from housing.letters.models import Letter
from lettings.models import (
    Advert,
    Bid,
    BiddingCycle,
    LettingResult,
    Offer,
    Property,
    ShortlistEntry,
    SignUp,
    Tenancy,
)
from nominations import demo_data

# What the summary counts, in order (a re-run shows each as unchanged).
COUNTED: tuple[tuple[str, Any], ...] = (
    ("Organisations", Organisation),
    ("Users", User),
    ("Applications", Application),
    ("Household members", HouseholdMember),
    ("Circumstances", Circumstances),
    ("Address history", AddressHistory),
    ("Evidence items", EvidenceItem),
    ("Case notes", CaseNote),
    ("Changes of circumstances", ChangeOfCircumstances),
    ("Decisions", Decision),
    ("Properties", Property),
    ("Bidding cycles", BiddingCycle),
    ("Adverts", Advert),
    ("Bids", Bid),
    ("Shortlist entries", ShortlistEntry),
    ("Offers", Offer),
    ("Lettings results", LettingResult),
    ("Sign-ups", SignUp),
    ("Tenancies", Tenancy),
    ("Letters", Letter),
)


class Command(BaseCommand):
    help = (
        "Create a synthetic demonstration council: the council and two registered providers, "
        "a demo user for every role (password homeward-demo), about forty applications in every "
        "status with their casework (circumstances, address history, evidence, notes, a "
        "reported change, decisions, a restricted case, a proposed closure and a duplicate), "
        "thirty homes in the fictional town of Brackenfield, last week's shortlisted bidding "
        "cycle (three of its homes let through a full sign-up, so the public results page has "
        "lets to show; another home's sign-up at the checks; the demo applicant's tenancy pack "
        "ready to sign) and this week's open one, and a welcome letter and an acknowledgement "
        "for the demo applicant. Idempotent: a second run creates nothing and only resets the demo "
        "passwords. "
        "--applications N also makes N benchmark applications (HR-BULK-…) with households "
        "using bulk_create; a re-run tops them up to N. bulk_create skips save(), so those rows "
        "have no simple-history records (acceptable for benchmark data only)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--applications", type=int, default=0, metavar="N",
                            help="Also make the number of HR-BULK- applications up to N.")
        parser.add_argument("--batch-size", type=int, default=5000,
                            help="Rows per bulk_create batch (default 5000).")
        parser.add_argument("--seed", type=int, default=demo_data.DEFAULT_SEED,
                            help="Random seed; the same seed gives the same data.")
        parser.add_argument("--quiet", action="store_true",
                            help="Print only the counts, not the demo sign-ins.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["applications"] < 0:
            raise CommandError("--applications must be zero or more.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        quiet = options["quiet"]
        started = time.monotonic()
        before = {label: model.objects.count() for label, model in COUNTED}
        # Letters to people with an email address (the demo applicant's offer and tenancy pack,
        # a tenant who signs online) are sent as the seeding commits; keep the console email
        # backend's copies (whole PDFs in base64) out of the output. self.stdout is unaffected.
        with contextlib.redirect_stdout(io.StringIO()):
            result = demo_data.seed_small(
                seed=options["seed"],
                warn=lambda text: self.stderr.write(self.style.WARNING(text)))

        bulk_created = 0
        if options["applications"]:
            bulk_started = time.monotonic()

            def progress(done: int, total: int) -> None:
                if not quiet and (done == total or done % 20000 < options["batch_size"]):
                    self.stdout.write(f"  bulk applications: {done:,} of {total:,}")

            bulk_created = demo_data.seed_bulk_applications(
                count=options["applications"], seed=options["seed"],
                batch_size=options["batch_size"], progress=progress)
            self.stdout.write(f"Bulk: created {bulk_created:,} applications in "
                              f"{time.monotonic() - bulk_started:.1f}s.")

        self._summary(result, before, time.monotonic() - started)
        if not quiet:
            self._sign_ins()

    def _summary(self, result: demo_data.SmallResult, before: dict[str, int],
                 seconds: float) -> None:
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {seconds:.1f}s."))
        added = 0
        for label, model in COUNTED:
            count = model.objects.count()
            added += count - before[label]
            new = f"  (+{count - before[label]:,})" if count != before[label] else ""
            self.stdout.write(f"  {label:<28} {count:>9,}{new}")
            if model is Application:
                self.stdout.write(f"  {'  of which bulk (HR-BULK-)':<28} "
                                  f"{demo_data.bulk_count():>9,}")
        if result.letter_created:
            self.stdout.write("  Welcome letter created for the demo applicant.")
        for code in result.register_letters:
            self.stdout.write(f"  The {code} letter created for the demo applicant.")
        if not added:
            self.stdout.write("  Nothing new: everything was already there.")

    def _sign_ins(self) -> None:
        self.stdout.write("")
        self.stdout.write("Demo sign-ins (synthetic accounts; never use on a live system):")
        self.stdout.write(f"  {'Username':<12} {'Role':<26} {'Organisation':<38} Password")
        orgs = {o.code: o.name for o in Organisation.objects.all()}
        roles = dict(Role.choices)
        for spec in demo_data.DEMO_USERS:
            org = orgs.get(spec.organisation_code or "", "")
            self.stdout.write(f"  {spec.username:<12} {roles.get(spec.role, spec.role):<26} "
                              f"{org:<38} {demo_data.DEMO_PASSWORD}")
