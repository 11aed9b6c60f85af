"""Sign-ups (DOMAIN.md §3.15, §4.16, §5.3; issue 8): starting a sign-up from an accepted offer,
the pre-tenancy checks and what they gate, the tenancy pack and its SHA-256, signatures, the
counter-signature that completes the let, and what happens when something changes."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pypdf
import pytest
from django.utils import timezone

from applications.models import Application, HouseholdMember
from housing.core.exceptions import ApplicationError, ConflictError
from housing.letters.models import Letter
from housing.scheme.models import SchemeVersion
from housing.scheme.selectors import scheme_in_force
from lettings.models import (
    Advert,
    AffordabilityAssessment,
    BiddingCycle,
    LettingResult,
    Offer,
    SignUp,
    SignUpCheck,
    Tenancy,
    TenancyPack,
    TenancySignature,
    Void,
)
from lettings.rules.signup_checks import CHECKS
from lettings.services import signups as s
from lettings.services.bidding import bid_place
from lettings.services.cycles import advert_close
from lettings.services.offers import offer_accept, offer_make, offer_withdraw
from tests.factories import (
    AdvertFactory,
    CycleFactory,
    PropertyFactory,
    UserFactory,
    VoidFactory,
)

pytestmark = pytest.mark.django_db

ALL_TITLES = [check.title for check in CHECKS]
# The simple checks an officer records from the checklist (eligibility and affordability have
# their own services), with a realistic outcome and details for each.
SIMPLE_CHECKS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "identity": ("done", "Passport and a council tax bill seen for the lead tenant.",
                 {"documents": "Passport, council tax bill"}),
    "household": ("done", "Everyone on the application is moving in; nobody else.",
                  {"working_situation": "part_time"}),
    "rent_in_advance": ("done", "One week's rent paid at the office.",
                        {"amount_paid": "104.50"}),
    "benefit_claim": ("not_needed", "The household pays the rent from earnings.", {}),
    "support": ("done", "Talked through; referred for furniture.",
                {"referrals": ["furniture"]}),
    "tenancy_end": ("not_needed", "Lodging with family: no tenancy to end.", {}),
}
FIGURES = {"earnings": "420.00", "council_tax": "22.50", "utilities": "35.00",
           "food_and_household": "95.00", "travel": "18.00"}


def today() -> dt.date:
    return timezone.localdate()


def fresh(obj: Any) -> Any:
    return type(obj).objects.get(pk=obj.pk)


def lead_of(signup: SignUp) -> HouseholdMember:
    return signup.application.members.get(role=HouseholdMember.Role.LEAD)


def pdf_bytes(field_file: Any) -> bytes:
    with field_file.open("rb") as fh:
        return cast(bytes, fh.read())


def pages(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@pytest.fixture
def accepted_offer(make_bidder: Any, officer: Any, council: Any,
                   media_root: Any) -> Callable[..., Offer]:
    """An offer of a two-bedroom council flat, accepted: the applicant bid, the cycle closed,
    the officer offered and the applicant accepted, all through the services. The lead tenant
    is British and habitually resident (eligible)."""

    def make(*, landlord: Any = None, **bidder: Any) -> Offer:
        cycle = cast(BiddingCycle, CycleFactory())
        prop = PropertyFactory(landlord=landlord or council, bedrooms=2, bedspaces=4,
                               weekly_rent=Decimal("98.40"), service_charge=Decimal("6.10"))
        void = VoidFactory(status="advertised", property=prop)
        advert = cast(Advert, AdvertFactory(cycle=cycle, property=prop, void=void,
                                            allowed_sizes=[2]))
        application = make_bidder(**bidder)
        application.members.filter(role="lead").update(
            immigration_status="british", habitually_resident=True, sex="female")
        bid_place(application=application, advert=advert, actor=None)
        advert_close(advert=advert, now=cycle.closes_at)
        offer = offer_make(entry=advert.shortlist.get(), actor=officer)
        return offer_accept(offer=offer, actor=application.applicant_user)

    return make


@pytest.fixture
def signup(accepted_offer: Any, officer: Any) -> SignUp:
    return s.signup_start(offer=accepted_offer(), actor=officer)


def set_start(signup: SignUp, officer: Any, days: int = 7) -> dt.date:
    start = today() + dt.timedelta(days=days)
    s.signup_terms_update(signup=signup, actor=officer, data={"start_date": start})
    return start


def do_checks(signup: SignUp, officer: Any, *, skip: tuple[str, ...] = (),
              only: tuple[str, ...] | None = None) -> None:
    """The checks in ``only`` (every check by default) settled through the services, except
    those in ``skip``."""
    wanted = {c.code for c in CHECKS if only is None or c.code in only} - set(skip)
    if "eligibility" in wanted:
        assert s.signup_eligibility_recheck(signup=signup, actor=officer).status == "done"
    if "affordability" in wanted:
        s.affordability_record(signup=signup, actor=officer, figures=FIGURES,
                               evidence_seen="Three months' payslips")
    for code, (status, outcome, details) in SIMPLE_CHECKS.items():
        if code in wanted:
            s.signup_check_record(signup=signup, actor=officer, code=code, status=status,
                                  outcome=outcome, details=details)


def make_ready(signup: SignUp, officer: Any) -> TenancyPack:
    set_start(signup, officer)
    do_checks(signup, officer)
    return s.pack_generate(signup=signup, actor=officer)


def sign_as_lead(signup: SignUp, pack: TenancyPack, **changes: Any) -> TenancySignature:
    lead = lead_of(signup)
    args: dict[str, Any] = {"signup": signup, "actor": signup.application.applicant_user,
                            "member_id": lead.pk, "typed_name": lead.full_name,
                            "confirmed": True, "pdf_sha256": pack.sha256,
                            "ip_address": "203.0.113.7",
                            "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/132.0"}
    return s.tenant_sign(**(args | changes))


def countersign(signup: SignUp, officer: Any, pack: TenancyPack, **changes: Any) -> Tenancy:
    args: dict[str, Any] = {"signup": signup, "actor": officer,
                            "typed_name": officer.get_full_name(), "confirmed": True,
                            "pdf_sha256": pack.sha256, "ip_address": "198.51.100.20",
                            "user_agent": "Mozilla/5.0 (Windows NT 10.0) Edge/131.0"}
    return s.countersign(**(args | changes))


def errors_of(exc: pytest.ExceptionInfo[Any]) -> dict[str, list[str]]:
    return cast(dict[str, list[str]], exc.value.errors)


# --- Starting a sign-up -------------------------------------------------------------------------

def test_start_lays_out_the_checklist_rent_and_tenancy_type(accepted_offer: Any,
                                                             officer: Any) -> None:
    offer = accepted_offer()
    signup = s.signup_start(offer=offer, actor=officer)
    assert (signup.status, signup.offer, signup.application, signup.property) == (
        SignUp.Status.CHECKS, offer, offer.application, offer.property)
    assert (signup.weekly_rent, signup.service_charge) == (Decimal("98.40"), Decimal("6.10"))
    assert signup.weekly_total == Decimal("104.50")
    assert sorted(signup.checks.values_list("code", "status")) == sorted(
        (check.code, "to_do") for check in CHECKS)
    # A council home and a new tenant: introductory for 12 months, then secure.
    assert (signup.tenancy_type, signup.converts_to, signup.probation_months) == (
        "introductory", "secure", 12)
    assert signup.tenancy_reasons and "s124" in signup.tenancy_reasons[0]
    assert list(signup.joint_tenants.all()) == []
    assert s.tenants_of(signup) == [lead_of(signup)]


def test_start_follows_the_tenancy_policy_for_a_transfer_and_a_housing_association(
        accepted_offer: Any, officer: Any, provider_a: Any) -> None:
    transfer = accepted_offer(tenure="council_tenant")
    transfer.application.members.filter(role="lead").update(is_existing_social_tenant=True)
    assert s.signup_start(offer=transfer, actor=officer).tenancy_type == "secure"
    # The demo scheme's starter-tenancy cut-off (1 May 2026) has passed: assured periodic.
    provider_home = s.signup_start(offer=accepted_offer(landlord=provider_a), actor=officer)
    assert (provider_home.tenancy_type, provider_home.converts_to) == ("assured", "")


def test_start_refused_unless_the_offer_is_accepted(make_bidder: Any, officer: Any,
                                                    council: Any) -> None:
    cycle = cast(BiddingCycle, CycleFactory())
    prop = PropertyFactory(landlord=council)
    advert = cast(Advert, AdvertFactory(cycle=cycle, property=prop, allowed_sizes=[2],
                                        void=VoidFactory(status="advertised", property=prop)))
    application = make_bidder()
    bid_place(application=application, advert=advert, actor=None)
    advert_close(advert=advert, now=cycle.closes_at)
    offer = offer_make(entry=advert.shortlist.get(), actor=officer)
    with pytest.raises(ConflictError) as exc:
        s.signup_start(offer=offer, actor=officer)
    assert exc.value.status_code == 409
    assert errors_of(exc) == {"offer": ["The offer is “Offered”."]}
    assert not SignUp.objects.exists()


def test_start_refused_for_a_nomination_offer(accepted_offer: Any, officer: Any) -> None:
    offer = accepted_offer()
    Offer.objects.filter(pk=offer.pk).update(offer_type=Offer.Type.NOMINATION)
    with pytest.raises(ConflictError, match="housing association signs up"):
        s.signup_start(offer=offer, actor=officer)
    assert not SignUp.objects.exists()


def test_start_refused_the_second_time(accepted_offer: Any, officer: Any) -> None:
    offer = accepted_offer()
    s.signup_start(offer=offer, actor=officer)
    with pytest.raises(ConflictError, match="already been started"):
        s.signup_start(offer=offer, actor=officer)
    assert SignUp.objects.count() == 1


def test_start_refused_for_anyone_but_lettings_staff_who_may_work_the_case(
        accepted_offer: Any, officer: Any, provider_user_a: Any, council: Any) -> None:
    offer = accepted_offer()
    for actor in (offer.application.applicant_user, provider_user_a,
                  UserFactory(username="adviser-x", role="medical_adviser",
                              organisation=council)):
        with pytest.raises(ApplicationError, match="Only lettings officers"):
            s.signup_start(offer=offer, actor=actor)
    # A restricted case: only staff in the restricted group.
    Application.objects.filter(pk=offer.application_id).update(restricted_access=True)
    with pytest.raises(ApplicationError):
        s.signup_start(offer=offer, actor=officer)
    assert not SignUp.objects.exists()
    trusted = UserFactory(username="restricted-officer", role="officer", organisation=council,
                          in_restricted_group=True)
    assert s.signup_start(offer=offer, actor=trusted).status == SignUp.Status.CHECKS


def test_a_joint_applicant_is_proposed_as_a_joint_tenant(accepted_offer: Any,
                                                         officer: Any) -> None:
    offer = accepted_offer()
    joint = HouseholdMember.objects.create(
        application=offer.application, role=HouseholdMember.Role.JOINT, first_name="Jordan",
        last_name="Example", date_of_birth=dt.date(1988, 3, 14), immigration_status="british",
        habitually_resident=True)
    signup = s.signup_start(offer=offer, actor=officer)
    assert list(signup.joint_tenants.all()) == [joint]
    assert s.tenants_of(signup) == [lead_of(signup), joint]


# --- Checks and what they gate ------------------------------------------------------------------

def test_pack_refused_while_any_required_check_is_outstanding(signup: SignUp,
                                                              officer: Any) -> None:
    with pytest.raises(ApplicationError) as exc:
        s.pack_generate(signup=signup, actor=officer)
    assert errors_of(exc)["checks"] == [f"“{title}” is not done" for title in ALL_TITLES]
    assert errors_of(exc)["start_date"] == ["Enter the date the tenancy starts"]

    set_start(signup, officer)
    do_checks(signup, officer, skip=("household", "tenancy_end"))
    with pytest.raises(ApplicationError) as exc:
        s.pack_generate(signup=signup, actor=officer)
    assert errors_of(exc) == {"checks": ["“Household unchanged” is not done",
                                         "“Existing tenancy end date” is not done"]}
    assert fresh(signup).status == SignUp.Status.CHECKS
    assert not TenancyPack.objects.exists()
    assert not Letter.objects.filter(template__code="tenancy-pack").exists()

    do_checks(signup, officer, only=("household",))
    assert s.signup_outstanding(signup) == ["Existing tenancy end date"]
    code, (status, outcome, details) = "tenancy_end", SIMPLE_CHECKS["tenancy_end"]
    s.signup_check_record(signup=signup, actor=officer, code=code, status=status,
                          outcome=outcome, details=details)
    pack = s.pack_generate(signup=signup, actor=officer)
    assert (pack.version, fresh(signup).status) == (1, SignUp.Status.READY)


def test_a_check_put_back_to_not_done_gates_again(signup: SignUp, officer: Any) -> None:
    set_start(signup, officer)
    do_checks(signup, officer)
    assert s.signup_outstanding(signup) == []
    check = s.signup_check_record(signup=signup, actor=officer, code="identity",
                                  status="to_do", outcome="")
    assert (check.done_by, check.done_at) == (None, None)
    assert s.signup_outstanding(signup) == ["Identity of every adult tenant"]


def test_only_the_checks_the_scheme_requires_gate_the_pack(signup: SignUp,
                                                           officer: Any) -> None:
    scheme = scheme_in_force()
    SchemeVersion.objects.filter(pk=scheme.pk).update(
        signup_required_checks=["identity", "affordability"])
    set_start(signup, officer)
    with pytest.raises(ApplicationError) as exc:
        s.pack_generate(signup=signup, actor=officer)
    assert errors_of(exc) == {"checks": ["“Identity of every adult tenant” is not done",
                                         "“Affordability assessment” is not done"]}
    do_checks(signup, officer, only=("identity", "affordability"))
    assert s.signup_outstanding(signup) == []
    assert s.pack_generate(signup=signup, actor=officer).version == 1
    # The checks the scheme does not require are still open on the checklist.
    assert set(signup.checks.filter(status="to_do").values_list("code", flat=True)) == {
        "eligibility", "household", "rent_in_advance", "benefit_claim", "support",
        "tenancy_end"}


def test_checks_record_who_and_when(signup: SignUp, officer: Any) -> None:
    before = timezone.now()
    check = s.signup_check_record(signup=signup, actor=officer, code="support",
                                  status="done", outcome="Referred for tenancy sustainment.",
                                  details={"referrals": ["tenancy_sustainment", "furniture"]})
    stored = SignUpCheck.objects.get(pk=check.pk)
    assert (stored.status, stored.done_by) == ("done", officer)
    assert stored.done_at is not None and stored.done_at >= before
    assert stored.details == {"referrals": ["tenancy_sustainment", "furniture"]}
    assert stored.history.first().history_change_reason == "Support needs and referrals: done"


def test_signup_outstanding_reads_in_two_queries(signup: SignUp,
                                                 django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(2):  # the scheme in force, the check statuses
        assert s.signup_outstanding(signup) == ALL_TITLES


@pytest.mark.parametrize(("code", "status", "outcome", "details", "field"), [
    ("identity", "not_needed", "Known to us.", {}, "status"),
    ("household", "not_needed", "Same as before.", {}, "status"),
    ("identity", "done", "   ", {}, "outcome"),
    ("rent_in_advance", "not_needed", "", {}, "outcome"),
    ("identity", "finished", "Seen.", {}, "status"),
    ("no_such_check", "done", "Seen.", {}, "code"),
    ("eligibility", "done", "Looked fine.", {}, "code"),
    ("affordability", "done", "Looked fine.", {}, "code"),
    ("identity", "done", "Seen.", {"amount_paid": "10.00"}, "amount_paid"),
    ("identity", "done", "Seen.", {"favourite_colour": "blue"}, "favourite_colour"),
    ("household", "done", "Same.", {"working_situation": "astronaut"}, "working_situation"),
    ("support", "done", "Talked.", {"referrals": ["space_programme"]}, "referrals"),
    ("support", "done", "Talked.", {"referrals": "furniture"}, "referrals"),
    ("rent_in_advance", "done", "Paid.", {"amount_paid": "-5"}, "amount_paid"),
    ("rent_in_advance", "done", "Paid.", {"amount_paid": "lots"}, "amount_paid"),
    ("rent_in_advance", "done", "Paid.", {"amount_paid": "NaN"}, "amount_paid"),
    ("benefit_claim", "done", "Claimed.", {"claim_type": "lottery"}, "claim_type"),
    ("tenancy_end", "done", "Ends soon.", {}, "end_date"),
    ("tenancy_end", "done", "Ends soon.", {"end_date": "next week"}, "end_date"),
])
def test_bad_check_input_is_refused_and_changes_nothing(
        signup: SignUp, officer: Any, code: str, status: str, outcome: str,
        details: dict[str, Any], field: str) -> None:
    before = sorted(signup.checks.values_list("code", "status", "outcome", "details"))
    with pytest.raises(ApplicationError) as exc:
        s.signup_check_record(signup=signup, actor=officer, code=code, status=status,
                              outcome=outcome, details=details)
    assert field in errors_of(exc)
    assert sorted(signup.checks.values_list("code", "status", "outcome", "details")) == before


def test_checks_refused_for_the_applicant_and_once_the_pack_is_made(signup: SignUp,
                                                                    officer: Any) -> None:
    with pytest.raises(ApplicationError, match="Only lettings officers"):
        s.signup_check_record(signup=signup, actor=signup.application.applicant_user,
                              code="identity", status="done", outcome="Seen.")
    make_ready(signup, officer)
    with pytest.raises(ConflictError, match="Ready to sign"):
        s.signup_check_record(signup=signup, actor=officer, code="identity", status="to_do",
                              outcome="")


# --- Terms: dates, money, joint tenants ---------------------------------------------------------

@pytest.mark.parametrize(("days", "message"), [
    (-1, "The tenancy cannot start in the past"),
    (91, "The tenancy must start within 90 days"),
    (3, "The tenancy must start after the previous one ended"),
])
def test_bad_start_dates_are_refused_and_change_nothing(signup: SignUp, officer: Any,
                                                        days: int, message: str) -> None:
    Void.objects.filter(property=signup.property, status__in=Void.OPEN_STATUSES).update(
        tenancy_end_date=today() + dt.timedelta(days=3))
    history = signup.history.count()
    with pytest.raises(ApplicationError) as exc:
        s.signup_terms_update(signup=signup, actor=officer,
                              data={"start_date": today() + dt.timedelta(days=days),
                                    "weekly_rent": Decimal("120.00")})
    assert list(errors_of(exc)) == ["start_date"]
    assert errors_of(exc)["start_date"][0].startswith(message)
    stored = fresh(signup)
    assert (stored.start_date, stored.weekly_rent) == (None, Decimal("98.40"))
    assert signup.history.count() == history


def test_boundary_start_dates_are_accepted(signup: SignUp, officer: Any) -> None:
    Void.objects.filter(property=signup.property, status__in=Void.OPEN_STATUSES).update(
        tenancy_end_date=today() + dt.timedelta(days=3))
    for days in (4, 90):
        start = set_start(signup, officer, days=days)
        assert fresh(signup).start_date == start


def test_bad_terms_are_refused(signup: SignUp, officer: Any) -> None:
    for data, field in (({"weekly_rent": Decimal("-1")}, "weekly_rent"),
                        ({"weekly_rent": None}, "weekly_rent"),
                        ({"service_charge": Decimal("-0.01")}, "service_charge"),
                        ({"support_charge": Decimal("-3")}, "support_charge"),
                        ({"weekly_rent": "abc"}, "weekly_rent"),
                        ({"weekly_rent": "NaN"}, "weekly_rent"),
                        ({"rent_period": "yearly"}, "rent_period"),
                        ({"tenure": "freehold"}, "tenure")):
        with pytest.raises(ApplicationError) as exc:
            s.signup_terms_update(signup=signup, actor=officer, data=data)
        assert field in errors_of(exc), data
    stored = fresh(signup)
    assert (stored.weekly_rent, stored.service_charge, stored.support_charge,
            stored.rent_period) == (Decimal("98.40"), Decimal("6.10"), Decimal("0"), "weekly")


def test_terms_are_saved(signup: SignUp, officer: Any) -> None:
    start = today() + dt.timedelta(days=14)
    s.signup_terms_update(signup=signup, actor=officer, data={
        "start_date": start, "weekly_rent": Decimal("101.20"), "support_charge": Decimal("4.00"),
        "rent_period": "monthly", "additional_conditions": "Keep the shared garden tidy."})
    stored = fresh(signup)
    assert (stored.start_date, stored.weekly_rent, stored.support_charge, stored.rent_period,
            stored.additional_conditions) == (start, Decimal("101.20"), Decimal("4.00"),
                                              "monthly", "Keep the shared garden tidy.")
    assert stored.weekly_total == Decimal("111.30")


def test_an_ineligible_joint_tenant_cannot_be_added(accepted_offer: Any, officer: Any) -> None:
    offer = accepted_offer(partner_age=33)
    signup = s.signup_start(offer=offer, actor=officer)
    partner = signup.application.members.get(role=HouseholdMember.Role.PARTNER)
    partner.immigration_status = "limited_leave_nrpf"
    partner.save()
    with pytest.raises(ApplicationError) as exc:
        s.signup_terms_update(signup=signup, actor=officer, data={},
                              joint_member_ids=[partner.pk])
    reason = errors_of(exc)["joint_tenants"][0]
    assert "because Alex is not eligible" in reason
    assert list(fresh(signup).joint_tenants.all()) == []


def test_a_joint_tenant_whose_eligibility_is_undecided_cannot_be_added(
        accepted_offer: Any, officer: Any) -> None:
    signup = s.signup_start(offer=accepted_offer(partner_age=33), actor=officer)
    partner = signup.application.members.get(role=HouseholdMember.Role.PARTNER)
    with pytest.raises(ApplicationError) as exc:
        s.signup_terms_update(signup=signup, actor=officer, data={},
                              joint_member_ids=[partner.pk])
    assert "until an officer has decided whether Alex is eligible" in \
        errors_of(exc)["joint_tenants"][0]
    partner.immigration_status, partner.habitually_resident = "british", True
    partner.save()
    s.signup_terms_update(signup=signup, actor=officer, data={},
                          joint_member_ids=[partner.pk])
    assert list(fresh(signup).joint_tenants.all()) == [partner]


def test_joint_tenants_must_be_adults_on_the_application(accepted_offer: Any, officer: Any,
                                                         make_bidder: Any) -> None:
    signup = s.signup_start(offer=accepted_offer(children=(12,)), actor=officer)
    child = signup.application.members.get(role=HouseholdMember.Role.CHILD)
    stranger = make_bidder().members.get(role=HouseholdMember.Role.LEAD)
    for member_id, message in ((child.pk, "is under 18"),
                               (lead_of(signup).pk, "Choose joint tenants"),
                               (stranger.pk, "Choose joint tenants")):
        with pytest.raises(ApplicationError) as exc:
            s.signup_terms_update(signup=signup, actor=officer, data={},
                                  joint_member_ids=[member_id])
        assert message in errors_of(exc)["joint_tenants"][0]
    assert list(fresh(signup).joint_tenants.all()) == []


def test_eligibility_recheck_with_an_ineligible_joint_tenant_is_not_done(
        accepted_offer: Any, officer: Any) -> None:
    offer = accepted_offer()
    HouseholdMember.objects.create(
        application=offer.application, role=HouseholdMember.Role.JOINT, first_name="Jordan",
        last_name="Example", date_of_birth=dt.date(1988, 3, 14),
        immigration_status="limited_leave_nrpf")
    signup = s.signup_start(offer=offer, actor=officer)
    check = s.signup_eligibility_recheck(signup=signup, actor=officer)
    assert check.status == SignUpCheck.Status.TO_DO
    assert (check.done_by, check.done_at) == (None, None)
    assert "A joint tenancy cannot be granted because Jordan is not eligible" in check.outcome
    assert "Remove the joint tenant" in check.outcome
    assert [p["outcome"] for p in check.details["people"]] == ["eligible", "ineligible"]
    assert "Eligibility checked again" in s.signup_outstanding(signup)

    # In the lead tenant's sole name the check passes.
    s.signup_terms_update(signup=signup, actor=officer, data={}, joint_member_ids=[])
    assert s.signup_eligibility_recheck(signup=signup, actor=officer).status == "done"


def test_eligibility_recheck_when_the_lead_is_no_longer_eligible(signup: SignUp,
                                                                 officer: Any) -> None:
    signup.application.members.filter(role="lead").update(habitually_resident=None)
    check = s.signup_eligibility_recheck(signup=signup, actor=officer)
    assert check.status == SignUpCheck.Status.TO_DO
    assert "is not shown as eligible today" in check.outcome


# --- Affordability ------------------------------------------------------------------------------

def test_affordability_is_worked_out_against_the_rent_and_charges(signup: SignUp,
                                                                  officer: Any) -> None:
    assessment = s.affordability_record(
        signup=signup, actor=officer, evidence_seen="Payslips",
        figures={"earnings": "300", "universal_credit": "0", "food_and_household": "100",
                 "utilities": "40", "debt_repayments": "15.5"})
    # Income 300; outgoings 155.50; rent and charges 104.50; residual 40 (< 60): advice.
    stored = AffordabilityAssessment.objects.get(signup=signup)
    assert stored.pk == assessment.pk
    assert (stored.rent_and_charges, stored.total_income, stored.total_outgoings,
            stored.residual, stored.shortfall) == (
        Decimal("104.50"), Decimal("300.00"), Decimal("155.50"), Decimal("40.00"),
        Decimal("104.50"))
    assert stored.result == "affordable_with_advice"
    assert stored.referrals == ["money_advice", "debt_advice"]
    assert stored.assessed_by == officer
    check = signup.checks.get(code="affordability")
    assert check.status == "done"
    assert check.outcome.startswith("Affordable with money advice: £40.00 a week left")
    assert "Money advice (budgeting and income maximisation)" in check.outcome


def test_not_affordable_needs_a_reason_to_go_ahead(signup: SignUp, officer: Any) -> None:
    figures = {"earnings": "180", "food_and_household": "100", "utilities": "40"}
    s.affordability_record(signup=signup, actor=officer, figures=figures)
    check = signup.checks.get(code="affordability")
    assert (check.status, check.details["result"]) == ("to_do", "not_affordable")
    assert "Not done" in check.outcome
    assert "Affordability assessment" in s.signup_outstanding(signup)

    s.affordability_record(signup=signup, actor=officer, figures=figures,
                           proceed_reason="A Discretionary Housing Payment of £30 a week "
                                          "was awarded for six months.")
    check = signup.checks.get(code="affordability")
    assert check.status == "done" and check.done_by == officer
    assert "Going ahead because: A Discretionary Housing Payment" in check.outcome
    assert AffordabilityAssessment.objects.filter(signup=signup).count() == 1


def test_inconclusive_evidence_lets_the_check_be_done(signup: SignUp, officer: Any) -> None:
    assessment = s.affordability_record(
        signup=signup, actor=officer, evidence_inconclusive=True,
        figures={"earnings": "180", "food_and_household": "100", "utilities": "40"})
    assert assessment.result == "affordable_with_advice"
    assert signup.checks.get(code="affordability").status == "done"


@pytest.mark.parametrize(("figures", "field"), [
    ({"earnings": "-1"}, "earnings"),
    ({"earnings": "lots"}, "earnings"),
    ({"utilities": "100000"}, "utilities"),
    ({"travel": "NaN"}, "travel"),
    ({"lottery_winnings": "50"}, "lottery_winnings"),
])
def test_bad_affordability_figures_are_refused(signup: SignUp, officer: Any,
                                               figures: dict[str, str], field: str) -> None:
    with pytest.raises(ApplicationError) as exc:
        s.affordability_record(signup=signup, actor=officer, figures=figures)
    assert field in errors_of(exc)
    assert not AffordabilityAssessment.objects.exists()
    assert signup.checks.get(code="affordability").status == "to_do"


# --- The pack and its hash ----------------------------------------------------------------------

def test_the_packs_hash_is_the_hash_of_the_stored_pdf(signup: SignUp, officer: Any) -> None:
    pack = make_ready(signup, officer)
    data = pdf_bytes(pack.letter.pdf)
    assert data.startswith(b"%PDF")
    assert pack.sha256 == hashlib.sha256(data).hexdigest()
    assert TenancyPack.objects.get(pk=pack.pk).sha256 == pack.sha256
    assert s.sha256_of_file(pack.letter.pdf) == pack.sha256
    assert pack.letter.template.code == "tenancy-pack"
    assert pack.letter.recipient == signup.application.applicant_user
    assert pages(data) == pack.letter.pdf_pages
    assert s.current_pack(signup) == pack
    assert s.signup_verify(fresh(signup)) == []


def test_the_pack_is_refused_once_the_start_date_has_passed(signup: SignUp,
                                                            officer: Any) -> None:
    set_start(signup, officer)
    do_checks(signup, officer)
    SignUp.objects.filter(pk=signup.pk).update(start_date=today() - dt.timedelta(days=1))
    with pytest.raises(ApplicationError) as exc:
        s.pack_generate(signup=signup, actor=officer)
    assert errors_of(exc) == {"start_date": ["The start date has passed: enter a new one"]}


def test_the_tenant_signs_the_pdf_they_saw(signup: SignUp, officer: Any) -> None:
    pack = make_ready(signup, officer)
    before = timezone.now()
    signature = sign_as_lead(signup, pack)
    stored = TenancySignature.objects.get(pk=signature.pk)
    assert stored.pdf_sha256 == pack.sha256 == hashlib.sha256(
        pdf_bytes(pack.letter.pdf)).hexdigest()
    assert (stored.ip_address, stored.user_agent) == (
        "203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64) Firefox/132.0")
    assert (stored.role, stored.method, stored.member, stored.user) == (
        "tenant", "online", lead_of(signup), signup.application.applicant_user)
    assert stored.typed_name == lead_of(signup).full_name
    assert stored.signed_at >= before
    assert fresh(signup).status == SignUp.Status.TENANT_SIGNED


@pytest.mark.parametrize("shown", ["0" * 64, "", "not-a-hash"])
def test_signing_with_another_hash_is_refused_and_stores_nothing(signup: SignUp, officer: Any,
                                                                 shown: str) -> None:
    pack = make_ready(signup, officer)
    with pytest.raises(ConflictError) as exc:
        sign_as_lead(signup, pack, pdf_sha256=shown)
    assert errors_of(exc) == {"pdf_sha256": ["This is not the current tenancy pack"]}
    assert not TenancySignature.objects.exists()
    assert fresh(signup).status == SignUp.Status.READY


def test_the_hash_is_accepted_in_capitals_with_spaces(signup: SignUp, officer: Any) -> None:
    pack = make_ready(signup, officer)
    signature = sign_as_lead(signup, pack, pdf_sha256=f"  {pack.sha256.upper()} ")
    assert signature.pdf_sha256 == pack.sha256


def test_a_changed_pack_pdf_cannot_be_signed_and_is_reported(signup: SignUp,
                                                             officer: Any) -> None:
    pack = make_ready(signup, officer)
    path = Path(pack.letter.pdf.path)
    original = path.read_bytes()
    path.write_bytes(original + b"\n% one line added after the pack was made\n")

    with pytest.raises(ConflictError) as exc:
        sign_as_lead(signup, pack)
    assert errors_of(exc) == {"pdf_sha256": ["The stored PDF has changed"]}
    assert not TenancySignature.objects.exists()
    assert fresh(signup).status == SignUp.Status.READY
    assert s.signup_verify(fresh(signup)) == [
        "Tenancy pack version 1 has changed since it was made: its PDF no longer matches the "
        "hash kept then."]

    path.write_bytes(original)  # put back exactly as made: it verifies and can be signed
    assert s.signup_verify(fresh(signup)) == []
    assert sign_as_lead(signup, pack).pdf_sha256 == pack.sha256


def test_a_pack_changed_after_it_was_signed_is_reported(signup: SignUp, officer: Any) -> None:
    pack = make_ready(signup, officer)
    sign_as_lead(signup, pack)
    path = Path(pack.letter.pdf.path)
    path.write_bytes(path.read_bytes().replace(b"%PDF-", b"%PDF-9", 1))
    problems = s.signup_verify(fresh(signup))
    assert problems[0].startswith("Tenancy pack version 1 has changed since it was made")
    assert problems[1] == (f"{lead_of(signup).full_name}'s signature on version 1 does not "
                           "match the stored PDF.")
    with pytest.raises(ConflictError):
        countersign(signup, officer, pack)
    assert fresh(signup).status == SignUp.Status.TENANT_SIGNED
    assert not Tenancy.objects.exists()


# --- Signing ------------------------------------------------------------------------------------

def test_the_typed_name_must_be_the_tenants_full_name(signup: SignUp, officer: Any) -> None:
    pack = make_ready(signup, officer)
    lead = lead_of(signup)
    for typed, message in (("Sam", f"Type the name exactly as it is on the tenancy: "
                                   f"{lead.full_name}"),
                           ("   ", "Type your full name to sign")):
        with pytest.raises(ApplicationError) as exc:
            sign_as_lead(signup, pack, typed_name=typed)
        assert errors_of(exc) == {"typed_name": [message]}
    assert not TenancySignature.objects.exists()
    messy = "  " + "   ".join(lead.full_name.upper().split()) + " "
    assert sign_as_lead(signup, pack, typed_name=messy).typed_name == messy.strip()


def test_signing_needs_the_confirmation_and_a_tenant(signup: SignUp, officer: Any,
                                                     make_bidder: Any) -> None:
    pack = make_ready(signup, officer)
    with pytest.raises(ApplicationError) as exc:
        sign_as_lead(signup, pack, confirmed=False)
    assert list(errors_of(exc)) == ["confirmed"]
    stranger = make_bidder().members.get(role=HouseholdMember.Role.LEAD)
    for member_id in (stranger.pk, "1", None):
        with pytest.raises(ApplicationError) as exc:
            sign_as_lead(signup, pack, member_id=member_id)
        assert "member" in errors_of(exc)
    assert not TenancySignature.objects.exists()


def test_only_the_applicant_signs_online_and_officers_record_in_person(
        signup: SignUp, officer: Any, make_bidder: Any) -> None:
    pack = make_ready(signup, officer)
    for actor in (officer, make_bidder().applicant_user):
        with pytest.raises(ApplicationError, match="Only the applicant"):
            sign_as_lead(signup, pack, actor=actor)
    with pytest.raises(ApplicationError, match="Only lettings officers"):
        sign_as_lead(signup, pack, in_person=True)
    signature = sign_as_lead(signup, pack, actor=officer, in_person=True,
                             ip_address="10.0.0.8", user_agent="Office tablet")
    assert (signature.method, signature.user, signature.ip_address) == (
        "in_person", officer, "10.0.0.8")


def test_signing_is_refused_before_the_pack_is_made(signup: SignUp) -> None:
    with pytest.raises(ConflictError, match="Pre-tenancy checks"):
        s.tenant_sign(signup=signup, actor=signup.application.applicant_user,
                      member_id=lead_of(signup).pk, typed_name=lead_of(signup).full_name,
                      confirmed=True, pdf_sha256="0" * 64)


def test_every_joint_tenant_signs_before_it_goes_to_the_officer(accepted_offer: Any,
                                                                officer: Any) -> None:
    offer = accepted_offer()
    joint = HouseholdMember.objects.create(
        application=offer.application, role=HouseholdMember.Role.JOINT, first_name="Jordan",
        last_name="Example", date_of_birth=dt.date(1988, 3, 14), immigration_status="british",
        habitually_resident=True)
    signup = s.signup_start(offer=offer, actor=officer)
    pack = make_ready(signup, officer)
    assert pack.letter.context["tenants"] == [lead_of(signup).full_name, joint.full_name]

    sign_as_lead(signup, pack)
    assert fresh(signup).status == SignUp.Status.READY
    with pytest.raises(ConflictError, match="already signed"):
        sign_as_lead(signup, pack)
    with pytest.raises(ConflictError, match="Ready to sign"):
        countersign(signup, officer, pack)

    sign_as_lead(signup, pack, member_id=joint.pk, typed_name="jordan example")
    assert fresh(signup).status == SignUp.Status.TENANT_SIGNED
    assert TenancySignature.objects.filter(pack=pack, role="tenant").count() == 2
    tenancy = countersign(signup, officer, pack)
    assert (tenancy.is_joint, tenancy.tenants) == (True, [lead_of(signup).full_name,
                                                          joint.full_name])


def test_the_officer_counter_signs_in_their_own_name(signup: SignUp, officer: Any) -> None:
    pack = make_ready(signup, officer)
    sign_as_lead(signup, pack)
    for changes, field in (({"typed_name": "Someone Else"}, "typed_name"),
                           ({"typed_name": ""}, "typed_name"),
                           ({"confirmed": False}, "confirmed")):
        with pytest.raises(ApplicationError) as exc:
            countersign(signup, officer, pack, **changes)
        assert field in errors_of(exc)
    with pytest.raises(ConflictError):
        countersign(signup, officer, pack, pdf_sha256="f" * 64)
    with pytest.raises(ApplicationError, match="Only lettings officers"):
        countersign(signup, signup.application.applicant_user, pack,
                    typed_name=signup.application.applicant_user.get_full_name())
    assert fresh(signup).status == SignUp.Status.TENANT_SIGNED
    assert not TenancySignature.objects.filter(role="landlord").exists()
    assert not Tenancy.objects.exists()
    assert countersign(signup, officer, pack,
                       typed_name=f" {officer.get_full_name().lower()} ").status == "active"


def test_counter_signing_refused_once_the_start_date_has_passed(signup: SignUp,
                                                                officer: Any) -> None:
    pack = make_ready(signup, officer)
    sign_as_lead(signup, pack)
    late = timezone.now() + dt.timedelta(days=8)
    with pytest.raises(ConflictError) as exc:
        countersign(signup, officer, pack, now=late)
    assert errors_of(exc) == {"start_date": ["The start date has passed"]}
    assert fresh(signup).status == SignUp.Status.TENANT_SIGNED


# --- Completing the let -------------------------------------------------------------------------

def test_counter_signing_completes_the_let(signup: SignUp, officer: Any) -> None:
    pack = make_ready(signup, officer)
    start = fresh(signup).start_date
    sign_as_lead(signup, pack)
    tenancy = countersign(signup, officer, pack)

    stored = fresh(signup)
    assert stored.status == SignUp.Status.SIGNED
    assert (stored.countersigned_by, stored.countersigned_name) == (
        officer, officer.get_full_name())
    assert stored.signed_pdf_sha256 == hashlib.sha256(pdf_bytes(stored.signed_pdf)).hexdigest()
    landlord = TenancySignature.objects.get(pack=pack, role="landlord")
    assert (landlord.user, landlord.pdf_sha256, landlord.ip_address) == (
        officer, pack.sha256, "198.51.100.20")

    offer = fresh(signup.offer)
    assert offer.status == Offer.Status.SIGNED_UP
    void = Void.objects.get(property=signup.property)
    assert (void.status, void.let_date) == (Void.Status.LET, start)
    application = fresh(signup.application)
    assert (application.status, application.closed_reason) == (
        Application.Status.CLOSED, "housed")
    result = LettingResult.objects.get(offer=offer)
    assert (result.let_on, result.property, result.route) == (start, signup.property, "bid")

    tenancy = Tenancy.objects.get(pk=tenancy.pk)
    assert (tenancy.signup, tenancy.offer, tenancy.application, tenancy.property) == (
        stored, offer, application, signup.property)
    assert (tenancy.status, tenancy.start_date, tenancy.tenancy_type,
            tenancy.converts_to) == ("active", start, "introductory", "secure")
    assert tenancy.probation_end_date == add_months(start, 12)
    assert tenancy.fixed_term_end_date is None
    assert tenancy.void_days == void.void_days(today()) == (start - void.tenancy_end_date).days
    assert tenancy.rent_loss == void.rent_loss(today())
    assert tenancy.rent_loss == (Decimal("104.50") * tenancy.void_days / 7).quantize(
        Decimal("0.01"))
    assert (tenancy.weekly_rent, tenancy.service_charge) == (Decimal("98.40"), Decimal("6.10"))
    assert tenancy.tenants == [lead_of(signup).full_name] and not tenancy.is_joint
    assert tenancy.core_log["startdate"] == start.isoformat()
    assert tenancy.core_log["beds"] == 2
    assert tenancy.core_log["vacdays"] == tenancy.void_days
    assert tenancy.core_log["tenancycode"] == tenancy.reference
    assert tenancy.core_log["ecstat1"] == "part_time"
    assert tenancy.core_log["earnings"] == "420.00"
    assert tenancy.core_status == Tenancy.CoreStatus.COMPLETE, tenancy.core_missing

    signed = Letter.objects.get(template__code="tenancy-signed")
    assert signed.context["signed_sha256"] == stored.signed_pdf_sha256
    assert signed.context["tenancy_reference"] == tenancy.reference
    assert s.signup_verify(stored) == []


def test_the_signed_copy_is_the_pack_with_a_signature_page(signup: SignUp,
                                                          officer: Any) -> None:
    pack = make_ready(signup, officer)
    sign_as_lead(signup, pack)
    countersign(signup, officer, pack)
    stored = fresh(signup)
    pack_pdf, signed_pdf = pdf_bytes(pack.letter.pdf), pdf_bytes(stored.signed_pdf)
    assert pages(signed_pdf) == pages(pack_pdf) + 1
    text = pypdf.PdfReader(io.BytesIO(signed_pdf)).pages[-1].extract_text()
    assert lead_of(signup).full_name in text
    assert officer.get_full_name() in text
    # The pack itself is untouched by signing.
    assert hashlib.sha256(pack_pdf).hexdigest() == pack.sha256


def test_a_changed_signed_copy_is_reported(signup: SignUp, officer: Any) -> None:
    pack = make_ready(signup, officer)
    sign_as_lead(signup, pack)
    countersign(signup, officer, pack)
    stored = fresh(signup)
    assert s.signup_verify(stored) == []
    path = Path(stored.signed_pdf.path)
    path.write_bytes(path.read_bytes() + b"%")
    assert s.signup_verify(stored) == [
        "The signed copy has changed since it was counter-signed."]


def test_a_completed_let_cannot_be_counter_signed_twice(signup: SignUp, officer: Any) -> None:
    pack = make_ready(signup, officer)
    sign_as_lead(signup, pack)
    countersign(signup, officer, pack)
    with pytest.raises(ConflictError, match="Signed: tenancy started"):
        countersign(signup, officer, pack)
    with pytest.raises(ConflictError):
        s.signup_reopen(signup=signup, actor=officer, reason="Second thoughts")
    assert Tenancy.objects.count() == LettingResult.objects.count() == 1
    assert TenancySignature.objects.filter(role="landlord").count() == 1


# --- Changes after the pack is made -------------------------------------------------------------

def test_reopening_supersedes_the_pack_and_the_next_one_is_version_two(signup: SignUp,
                                                                       officer: Any) -> None:
    first = make_ready(signup, officer)
    old = sign_as_lead(signup, first)
    with pytest.raises(ApplicationError) as exc:
        s.signup_reopen(signup=signup, actor=officer, reason="  ")
    assert list(errors_of(exc)) == ["reason"]

    s.signup_reopen(signup=signup, actor=officer, reason="The rent was wrong.")
    first = TenancyPack.objects.get(pk=first.pk)
    assert first.superseded_at is not None
    assert first.superseded_reason == "The rent was wrong."
    assert fresh(signup).status == SignUp.Status.CHECKS
    assert s.current_pack(signup) is None

    s.signup_terms_update(signup=signup, actor=officer, data={"weekly_rent": Decimal("96.00")})
    second = s.pack_generate(signup=signup, actor=officer)
    assert second.version == 2 and second.sha256 != first.sha256
    assert second.letter.context["weekly_rent"] == "96.00"
    assert s.current_pack(signup) == second
    with pytest.raises(ConflictError):  # the old version cannot be signed any more
        sign_as_lead(signup, first)
    sign_as_lead(signup, second)
    # The signature on version 1 stays with the version it signed.
    assert TenancySignature.objects.get(pk=old.pk).pdf_sha256 == first.sha256
    assert s.signup_verify(fresh(signup)) == []


def test_reopening_is_refused_during_the_checks(signup: SignUp, officer: Any) -> None:
    with pytest.raises(ConflictError):
        s.signup_reopen(signup=signup, actor=officer, reason="Something changed")


def test_withdrawing_an_accepted_offer_cancels_the_open_sign_up(signup: SignUp,
                                                                officer: Any) -> None:
    pack = make_ready(signup, officer)
    offer_withdraw(offer=signup.offer, actor=officer, reason="The gas safety check failed.")
    stored = fresh(signup)
    assert stored.status == SignUp.Status.CANCELLED
    assert stored.cancelled_reason == "Offer withdrawn"
    assert TenancyPack.objects.get(pk=pack.pk).superseded_at is not None
    assert s.current_pack(stored) is None
    with pytest.raises(ConflictError):
        sign_as_lead(stored, pack)
    assert not TenancySignature.objects.exists()
    assert fresh(signup.application).status == Application.Status.ACTIVE
