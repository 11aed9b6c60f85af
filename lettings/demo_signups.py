"""Demo data for sign-ups (issue 8), made with the real services so the demo is consistent with
what the rules allow (DOMAIN.md §5.3):

* the homes let from last week's cycle are let through a full sign-up: checks, affordability,
  the tenancy pack, the tenant's signature (online for a household with an online account, in
  person at the office otherwise) and the officer's counter-signature, which completes the let
  and starts the tenancy with its void days (:func:`signup_let`);
* one sign-up still at the checks: some done, affordability assessed with a money-advice
  referral, the rest for the officer to finish (:func:`signup_in_progress`);
* the demo applicant's sign-up, ready to sign: they accept the home at the top of last week's
  shortlist they lead, the officer does the checks and makes the pack, and "Sign your tenancy"
  waits for them in the portal (:func:`seed_demo_applicant_signup`).

Every person, amount and address is synthetic; IP addresses are from the ranges kept for
documentation (RFC 5737). Each function is called once per household; the caller skips what
exists, so a second run does nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from applications.models import Application
from housing.accounts.models import User
from housing.core.exceptions import ApplicationError
from lettings.models import Advert, BiddingCycle, Offer, ShortlistEntry, SignUp, Tenancy
from lettings.services import signups as services
from lettings.services.offers import offer_accept, offer_make

OFFICE_BROWSER = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
                  "Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0")
OFFICE_IP = "198.51.100.24"
PHONE_BROWSER = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
                 "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1")
PHONE_IP = "203.0.113.58"

# The checks an officer records from the checklist, in the order they usually happen.
CHECK_ORDER = ("identity", "household", "rent_in_advance", "benefit_claim", "support",
               "tenancy_end")


@dataclass(frozen=True)
class DemoCheck:
    """One check's outcome. In ``details`` an ``amount_paid`` of "rent" means a week's rent and
    charges; ``ends_days_after_start`` gives the existing tenancy's end date."""

    status: str  # "done" or "not_needed"
    outcome: str
    details: Mapping[str, Any] = field(default_factory=dict)
    ends_days_after_start: int | None = None


@dataclass(frozen=True)
class DemoHousehold:
    """What the officer finds at the sign-up: weekly figures for the affordability assessment
    (a ``housing_support`` of "rent" means the UC housing element meets the rent but not the
    service charge) and the outcome of each check."""

    figures: Mapping[str, str]
    evidence: str
    checks: Mapping[str, DemoCheck]
    evidence_inconclusive: bool = False


def _identity(what: str) -> DemoCheck:
    return DemoCheck("done", f"{what} seen and copied at the office.", {"documents": what})


HOUSEHOLDS: dict[str, DemoHousehold] = {
    # A single parent in temporary accommodation with two children, working part time.
    "homeless_family": DemoHousehold(
        figures={"earnings": "164.00", "universal_credit": "231.40", "housing_support": "rent",
                 "other_benefits": "42.55", "council_tax": "6.20", "utilities": "41.00",
                 "food_and_household": "118.00", "travel": "14.50",
                 "other_outgoings": "12.00"},
        evidence="Universal Credit statement for last month, two payslips, child benefit "
                 "letter.",
        checks={
            "identity": _identity("Passport and Universal Credit statement"),
            "household": DemoCheck("done", "Same household as on the application: the lead "
                                           "tenant and her two children.",
                                   {"working_situation": "part_time"}),
            "rent_in_advance": DemoCheck("done", "One week's rent paid from the council's "
                                                 "homelessness prevention fund.",
                                         {"amount_paid": "rent"}),
            "benefit_claim": DemoCheck("done", "Change of address and the new rent reported "
                                               "in the Universal Credit journal.",
                                       {"claim_type": "uc_housing_element",
                                        "claim_reference": "UC journal entry, sign-up day"}),
            "support": DemoCheck("done", "Referred for a furniture pack and six weeks of "
                                         "tenancy sustainment visits.",
                                 {"referrals": ["furniture", "tenancy_sustainment"]}),
            "tenancy_end": DemoCheck("not_needed", "Temporary accommodation: the placement "
                                                   "ends when the family moves."),
        }),
    # A single man renting privately, working full time.
    "private_renter": DemoHousehold(
        figures={"earnings": "386.00", "council_tax": "19.80", "utilities": "31.00",
                 "food_and_household": "68.00", "travel": "27.50", "debt_repayments": "12.00",
                 "other_outgoings": "9.00"},
        evidence="Three months' payslips and bank statements.",
        checks={
            "identity": _identity("Driving licence and a recent bank statement"),
            "household": DemoCheck("done", "Lives alone, as on the application.",
                                   {"working_situation": "full_time"}),
            "rent_in_advance": DemoCheck("done", "One week's rent paid by card.",
                                         {"amount_paid": "rent"}),
            "benefit_claim": DemoCheck("not_needed", "Pays the rent from his wages; no "
                                                     "claim needed."),
            "support": DemoCheck("not_needed", "No support needs; he has furniture."),
            "tenancy_end": DemoCheck("done", "Notice given to his private landlord; the "
                                             "tenancy ends four weeks after the move.",
                                   ends_days_after_start=27),
        }),
    # A council tenant transferring with her son, working part time.
    "transfer": DemoHousehold(
        figures={"earnings": "142.00", "universal_credit": "188.60", "housing_support": "rent",
                 "other_benefits": "26.05", "council_tax": "7.40", "utilities": "36.00",
                 "food_and_household": "84.00", "travel": "11.00", "other_outgoings": "8.00"},
        evidence="Universal Credit statement, payslips, rent account (clear).",
        checks={
            "identity": _identity("Passport and council tenancy agreement"),
            "household": DemoCheck("done", "The lead tenant and her son, as on the "
                                           "application.", {"working_situation": "part_time"}),
            "rent_in_advance": DemoCheck("not_needed", "A transferring council tenant with a "
                                                       "clear rent account pays no rent in "
                                                       "advance."),
            "benefit_claim": DemoCheck("done", "New rent reported in the Universal Credit "
                                               "journal.",
                                       {"claim_type": "uc_housing_element"}),
            "support": DemoCheck("not_needed", "No support needs."),
            "tenancy_end": DemoCheck("done", "Her council tenancy ends a week after the new "
                                             "one starts, so she has time to move.",
                                   ends_days_after_start=6),
        }),
    # A family of five on a low income with catalogue debts: affordable with money advice.
    "stretched_family": DemoHousehold(
        figures={"earnings": "96.00", "universal_credit": "238.70", "housing_support": "rent",
                 "other_benefits": "59.45", "council_tax": "21.10", "utilities": "55.00",
                 "food_and_household": "164.00", "travel": "22.00", "debt_repayments": "60.00",
                 "other_outgoings": "15.00"},
        evidence="Universal Credit statement, one payslip, catalogue statements.",
        checks={
            "identity": _identity("Passport and birth certificates"),
            "household": DemoCheck("done", "The lead tenant and three children, as on the "
                                           "application.", {"working_situation": "part_time"}),
        }),
    # The demo applicant and her partner, both working.
    "working_couple": DemoHousehold(
        figures={"earnings": "512.00", "council_tax": "24.30", "utilities": "38.00",
                 "food_and_household": "112.00", "travel": "36.00", "other_outgoings": "14.00"},
        evidence="Payslips for both of them, bank statements.",
        checks={
            "identity": _identity("Passports for Kerry and Daniel"),
            "household": DemoCheck("done", "Kerry and Daniel, as on the application.",
                                   {"working_situation": "full_time"}),
            "rent_in_advance": DemoCheck("done", "One week's rent paid online.",
                                         {"amount_paid": "rent"}),
            "benefit_claim": DemoCheck("not_needed", "They pay the rent from their wages."),
            "support": DemoCheck("not_needed", "No support needs."),
            "tenancy_end": DemoCheck("done", "Notice given to their private landlord.",
                                   ends_days_after_start=20),
        }),
}


def next_monday(today: dt.date, at_least_days: int = 7) -> dt.date:
    """Tenancies usually start on a Monday: the first one at least ``at_least_days`` away."""
    day = today + dt.timedelta(days=at_least_days)
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def _figures(household: DemoHousehold, signup: SignUp) -> dict[str, str]:
    rent = f"{signup.weekly_rent:.2f}"
    return {name: rent if value == "rent" else value
            for name, value in household.figures.items()}


def _details(check: DemoCheck, signup: SignUp, start: dt.date) -> dict[str, Any]:
    details = dict(check.details)
    if details.get("amount_paid") == "rent":
        details["amount_paid"] = f"{signup.weekly_total:.2f}"
    if check.ends_days_after_start is not None:
        details["end_date"] = start + dt.timedelta(days=check.ends_days_after_start)
    return details


def _check(signup: SignUp, officer: User, code: str, start: dt.date,
           household: DemoHousehold) -> None:
    check = household.checks[code]
    services.signup_check_record(signup=signup, actor=officer, code=code, status=check.status,
                                 outcome=check.outcome, details=_details(check, signup, start))


def _start(offer: Offer, officer: User, start: dt.date, household: DemoHousehold) -> SignUp:
    signup = services.signup_start(offer=offer, actor=officer)
    services.signup_terms_update(signup=signup, actor=officer, data={"start_date": start})
    services.signup_eligibility_recheck(signup=signup, actor=officer)
    services.affordability_record(signup=signup, actor=officer,
                                  figures=_figures(household, signup),
                                  evidence_seen=household.evidence,
                                  evidence_inconclusive=household.evidence_inconclusive)
    return signup


def signup_ready(*, offer: Offer, officer: User, start: dt.date,
                 household: DemoHousehold) -> SignUp:
    """Every check done and the tenancy pack made: ready for the tenants to sign."""
    signup = _start(offer, officer, start, household)
    for code in CHECK_ORDER:
        _check(signup, officer, code, start, household)
    services.pack_generate(signup=signup, actor=officer)
    signup.refresh_from_db()
    return signup


def signup_let(*, offer: Offer, officer: User, start: dt.date, household: DemoHousehold,
               online: bool) -> Tenancy:
    """The whole sign-up of an accepted offer, ending in the let: the tenants sign (online in
    the portal when ``online``, which needs the household's online account; otherwise in
    person, recorded by the officer) and the officer counter-signs."""
    signup = signup_ready(offer=offer, officer=officer, start=start, household=household)
    pack = services.current_pack(signup)
    assert pack is not None
    for member in services.tenants_of(signup):
        if online:
            user = signup.application.applicant_user
            services.tenant_sign(signup=signup, actor=user, member_id=member.pk,
                                 typed_name=member.full_name, confirmed=True,
                                 pdf_sha256=pack.sha256, ip_address=PHONE_IP,
                                 user_agent=PHONE_BROWSER)
        else:
            services.tenant_sign(signup=signup, actor=officer, member_id=member.pk,
                                 typed_name=member.full_name, confirmed=True,
                                 pdf_sha256=pack.sha256, ip_address=OFFICE_IP,
                                 user_agent=OFFICE_BROWSER, in_person=True)
    return services.countersign(signup=signup, actor=officer,
                                typed_name=officer.get_full_name(), confirmed=True,
                                pdf_sha256=pack.sha256, ip_address=OFFICE_IP,
                                user_agent=OFFICE_BROWSER)


def signup_in_progress(*, offer: Offer, officer: User, start: dt.date,
                       household: DemoHousehold) -> SignUp:
    """A sign-up part way through the checks: eligibility, affordability and the checks in
    ``household.checks`` done; the rest are left for the officer."""
    signup = _start(offer, officer, start, household)
    for code in CHECK_ORDER:
        if code in household.checks:
            _check(signup, officer, code, start, household)
    signup.refresh_from_db()
    return signup


def seed_demo_applicant_signup(*, applicant: User, officer: User,
                               today: dt.date) -> SignUp | None:
    """The demo applicant leads the shortlist of a home from last week's cycle: the officer
    offers it (the services check the bid and the debt policy again), she accepts in her
    account, and the officer completes the checks and makes the pack, so the portal shows
    "Sign your tenancy". Nothing is done once she has had an offer, or if she no longer leads
    a shortlist she can be offered."""
    application = Application.objects.filter(applicant_user=applicant,
                                             status=Application.Status.ACTIVE).first()
    if application is None or Offer.objects.filter(application=application).exists():
        return None
    entries = (ShortlistEntry.objects.filter(
        bid__application=application, rank=1, status__in=ShortlistEntry.WORKABLE_STATUSES,
        advert__status=Advert.Status.SHORTLISTED,
        advert__cycle__status=BiddingCycle.Status.SHORTLISTED)
        .select_related("advert").order_by("-advert__opens_at", "pk"))
    for entry in entries:
        try:
            offer = offer_make(entry=entry, actor=officer)
        except ApplicationError:
            continue  # the rules say no: leave her on the shortlist
        offer_accept(offer=offer, actor=applicant)
        return signup_ready(offer=offer, officer=officer, start=next_monday(today),
                            household=HOUSEHOLDS["working_couple"])
    return None
