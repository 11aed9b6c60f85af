"""The lettings officer's sign-up pages (DOMAIN.md §3.15, §4.16, §5.3): starting from the offer
page, the checks as a task list, each check's form, the affordability assessment, the tenancy's
terms, making the pack, a signature in person, the counter-signature and the tenancy page; bad
input shows an error summary (400) and changes nothing; who may see and use the pages."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal
from typing import Any, cast

import pytest
from django.utils import timezone

from applications.models import Application
from lettings.models import (
    Advert,
    AffordabilityAssessment,
    BiddingCycle,
    Offer,
    SignUp,
    Tenancy,
    TenancyPack,
    TenancySignature,
    Void,
)
from lettings.services import signups as s
from lettings.services.bidding import bid_place
from lettings.services.cycles import advert_close
from lettings.services.offers import offer_accept, offer_make
from tests.factories import (
    AdvertFactory,
    CycleFactory,
    PropertyFactory,
    UserFactory,
    VoidFactory,
)

GENERIC = ("identity", "household", "rent_in_advance", "benefit_claim", "support",
           "tenancy_end")


def _accepted_offer(make_bidder: Any, officer: Any, **extra: Any) -> Offer:
    """An accepted offer of a 2-bedroom home that has been empty for 20 days, to a bidder
    whose lead applicant is British and habitually resident (so eligible today)."""
    cycle = cast(BiddingCycle, CycleFactory())
    void = VoidFactory(status="advertised",
                       tenancy_end_date=timezone.localdate() - dt.timedelta(days=20),
                       property=PropertyFactory(bedrooms=2, bedspaces=4))
    advert = cast(Advert, AdvertFactory(cycle=cycle, property=void.property, void=void,
                                        allowed_sizes=[2]))
    application = make_bidder(**extra)
    application.members.filter(role="lead").update(immigration_status="british",
                                                   habitually_resident=True)
    bid_place(application=application, advert=advert, actor=None)
    advert_close(advert=advert, now=cycle.closes_at)
    offer = offer_make(entry=advert.shortlist.get(), actor=officer)
    return offer_accept(offer=offer, actor=officer)


def _start(offer: Offer, officer: Any) -> SignUp:
    return s.signup_start(offer=offer, actor=officer)


def _start_date() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=7)


def _all_checks_done(signup: SignUp, officer: Any) -> None:
    """Everything the pack needs, through the services."""
    s.signup_terms_update(signup=signup, actor=officer, data={"start_date": _start_date()})
    s.signup_eligibility_recheck(signup=signup, actor=officer)
    s.affordability_record(signup=signup, actor=officer,
                           figures={"earnings": "400", "council_tax": "20", "utilities": "30",
                                    "food_and_household": "80"})
    for code in GENERIC:
        s.signup_check_record(signup=signup, actor=officer, code=code,
                              status="done" if code in ("identity", "household") else
                              "not_needed", outcome="Seen at the interview.")


def _ready(make_bidder: Any, officer: Any) -> tuple[SignUp, TenancyPack]:
    signup = _start(_accepted_offer(make_bidder, officer), officer)
    _all_checks_done(signup, officer)
    pack = s.pack_generate(signup=signup, actor=officer)
    return SignUp.objects.get(pk=signup.pk), pack


def _date(prefix: str, name: str, day: dt.date) -> dict[str, Any]:
    return {f"{prefix}{name}_0": day.day, f"{prefix}{name}_1": day.month,
            f"{prefix}{name}_2": day.year}


def _has_summary(response: Any, *messages: str) -> str:
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    for message in messages:
        assert message in page, message
    return page


def _checks(signup: SignUp) -> dict[str, tuple[str, str]]:
    return {c.code: (c.status, c.outcome) for c in signup.checks.all()}


# --- Starting -----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_officer_starts_the_sign_up_from_the_offer_page(client, make_bidder, officer):
    offer = _accepted_offer(make_bidder, officer)
    client.force_login(officer)

    page = client.get(f"/staff/offers/{offer.pk}/").content.decode()
    assert "Start the sign-up" in page
    assert f'action="/staff/offers/{offer.pk}/signup/"' in page
    assert "Record that the tenancy has started" not in page

    response = client.post(f"/staff/offers/{offer.pk}/signup/")
    signup = SignUp.objects.get(offer=offer)
    assert response.status_code == 302
    assert response["Location"] == f"/staff/signups/{signup.pk}/"
    assert signup.started_by == officer and signup.status == SignUp.Status.CHECKS

    page = client.get(f"/staff/offers/{offer.pk}/").content.decode()
    assert "Start the sign-up" not in page
    assert "Go to the sign-up" in page and f'href="/staff/signups/{signup.pk}/"' in page
    assert "Pre-tenancy checks" in page  # its status

    # Starting it twice is refused on the page, and nothing more is made.
    response = client.post(f"/staff/offers/{offer.pk}/signup/")
    _has_summary(response, "This offer&#x27;s sign-up has already been started.")
    assert SignUp.objects.filter(offer=offer).count() == 1


@pytest.mark.django_db
def test_an_offer_not_yet_accepted_has_no_sign_up_and_starting_one_is_refused(
        client, make_bidder, officer):
    cycle = cast(BiddingCycle, CycleFactory())
    advert = cast(Advert, AdvertFactory(cycle=cycle, allowed_sizes=[2]))
    bid_place(application=make_bidder(), advert=advert, actor=None)
    advert_close(advert=advert, now=cycle.closes_at)
    offer = offer_make(entry=advert.shortlist.get(), actor=officer)
    client.force_login(officer)

    assert "Start the sign-up" not in client.get(f"/staff/offers/{offer.pk}/").content.decode()
    _has_summary(client.post(f"/staff/offers/{offer.pk}/signup/"),
                 "Only an accepted offer can be signed up.")
    assert not SignUp.objects.exists()


@pytest.mark.django_db
def test_a_nomination_offer_is_signed_up_by_the_housing_association(client, make_bidder,
                                                                    officer):
    application = make_bidder(status="under_offer")
    void = VoidFactory(status="offered")
    now = timezone.now()
    offer = Offer.objects.create(
        application=application, property=void.property, offer_type=Offer.Type.NOMINATION,
        status=Offer.Status.ACCEPTED, offered_at=now - dt.timedelta(days=1),
        offered_by=officer, respond_by=now + dt.timedelta(days=6), response_at=now)
    client.force_login(officer)

    page = client.get(f"/staff/offers/{offer.pk}/").content.decode()
    assert "The housing association signs up its own tenants." in page
    assert "Start the sign-up" not in page
    _has_summary(client.post(f"/staff/offers/{offer.pk}/signup/"),
                 "The housing association signs up its own nomination offers.")
    assert not SignUp.objects.exists()


# --- The task list and the checks ------------------------------------------------------------

@pytest.mark.django_db
def test_the_sign_up_page_lists_the_checks_as_a_task_list(client, make_bidder, officer):
    signup = _start(_accepted_offer(make_bidder, officer), officer)
    client.force_login(officer)

    page = client.get(f"/staff/signups/{signup.pk}/").content.decode()
    assert 'class="govuk-task-list"' in page
    assert "0 of 8 checks done or not needed" in page
    for code in ("identity", "eligibility", "household", "affordability", "rent_in_advance",
                 "benefit_claim", "support", "tenancy_end"):
        assert f'href="/staff/signups/{signup.pk}/checks/{code}/"' in page
    assert page.count(">Not done</strong>") == 8
    assert "Identity of every adult tenant" in page and "Photo identity" in page
    # The tenancy as proposed, with a link to change it.
    assert "The tenancy" in page and f'href="/staff/signups/{signup.pk}/terms/"' in page
    assert "£110.00" in page  # the home's rent
    assert "Not assessed yet" in page
    assert "Make the tenancy pack" in page
    assert "No documents have been made yet" in page
    assert "Sign-up started" in page  # history


@pytest.mark.django_db
def test_an_officer_records_a_check_with_its_details(client, make_bidder, officer):
    signup = _start(_accepted_offer(make_bidder, officer), officer)
    client.force_login(officer)
    url = f"/staff/signups/{signup.pk}/checks/identity/"

    page = client.get(url).content.decode()
    assert "Documents seen" in page
    assert 'value="not_needed"' not in page  # identity is always needed

    response = client.post(url, {"status": "done", "outcome": "Passport seen.",
                                 "documents": "Passport for the lead tenant"})
    assert response.status_code == 302
    assert response["Location"] == f"/staff/signups/{signup.pk}/"
    check = signup.checks.get(code="identity")
    assert (check.status, check.outcome, check.done_by) == ("done", "Passport seen.", officer)
    assert check.details == {"documents": "Passport for the lead tenant"}

    page = client.get(f"/staff/signups/{signup.pk}/").content.decode()
    assert "1 of 8 checks done or not needed" in page
    assert "Passport seen." in page and "Documents seen: Passport for the lead tenant" in page
    assert f"by {officer.get_full_name()}" in page
    assert "Identity of every adult tenant: done" in page  # history


@pytest.mark.django_db
def test_structured_details_of_the_other_checks_are_recorded(client, make_bidder, officer):
    signup = _start(_accepted_offer(make_bidder, officer), officer)
    client.force_login(officer)
    base = f"/staff/signups/{signup.pk}/checks"

    page = client.get(f"{base}/rent_in_advance/").content.decode()
    assert "Amount due: £110.00 (1 week of £110.00 rent and charges)" in page

    ends = timezone.localdate() + dt.timedelta(days=5)
    for code, data in (
        ("household", {"working_situation": "part_time"}),
        ("rent_in_advance", {"amount_paid": "110.00"}),
        ("benefit_claim", {"claim_type": "uc_housing_element", "claim_reference": "UC-123"}),
        ("support", {"referrals": ["furniture", "money_advice"]}),
        ("tenancy_end", _date("", "end_date", ends)),
    ):
        response = client.post(f"{base}/{code}/", {"status": "done", "outcome": "Done.",
                                                   **data})
        assert response.status_code == 302, (code, response.content.decode()[:2000])

    details = {c.code: c.details for c in signup.checks.all()}
    assert details["household"] == {"working_situation": "part_time"}
    assert details["rent_in_advance"] == {"amount_paid": "110.00"}
    assert details["benefit_claim"] == {"claim_type": "uc_housing_element",
                                        "claim_reference": "UC-123"}
    assert details["support"] == {"referrals": ["furniture", "money_advice"]}
    assert details["tenancy_end"] == {"end_date": ends.isoformat()}
    page = client.get(f"/staff/signups/{signup.pk}/").content.decode()
    assert "Working part time" in page
    assert "Furniture or white goods scheme; Money or debt advice" in page
    assert f"Current tenancy ends: {ends.day} {ends:%B %Y}" in page


@pytest.mark.django_db
def test_a_bad_check_is_refused_with_an_error_summary_and_changes_nothing(client, make_bidder,
                                                                         officer):
    signup = _start(_accepted_offer(make_bidder, officer), officer)
    client.force_login(officer)
    before = _checks(signup)
    base = f"/staff/signups/{signup.pk}/checks"

    _has_summary(client.post(f"{base}/identity/", {"status": "done", "outcome": "  "}),
                 "Enter what was checked and found, or why the check is not needed")
    _has_summary(client.post(f"{base}/identity/", {"status": "not_needed",
                                                   "outcome": "Known to us."}),
                 "“Identity of every adult tenant” is always needed: choose done or not done")
    _has_summary(client.post(f"{base}/identity/", {"outcome": "Seen."}),
                 "Choose whether the check is done")
    _has_summary(client.post(f"{base}/tenancy_end/", {"status": "done", "outcome": "Ends."}),
                 "Enter the date the current tenancy ends")
    _has_summary(client.post(f"{base}/rent_in_advance/", {"status": "done", "outcome": "Paid",
                                                          "amount_paid": "-5"}),
                 "Amount paid cannot be less than £0")
    _has_summary(client.post(f"{base}/support/", {"status": "done", "outcome": "Talked",
                                                  "referrals": ["holiday"]}),
                 "Choose referrals from the list")
    assert _checks(signup) == before
    assert client.get(f"{base}/no-such-check/").status_code == 404


@pytest.mark.django_db
def test_eligibility_is_checked_again_from_its_page(client, make_bidder, officer):
    signup = _start(_accepted_offer(make_bidder, officer), officer)
    client.force_login(officer)
    url = f"/staff/signups/{signup.pk}/checks/eligibility/"

    page = client.get(url).content.decode()
    assert "Check eligibility again" in page and "Not checked yet" in page

    response = client.post(url, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == url
    assert "Eligibility checked again: everyone who will sign is eligible." in page
    lead = signup.application.members.get(role="lead")
    assert lead.full_name in page and ">Eligible<" in page
    assert signup.checks.get(code="eligibility").status == "done"


@pytest.mark.django_db
def test_the_affordability_form_works_out_and_shows_the_figures(client, make_bidder, officer):
    signup = _start(_accepted_offer(make_bidder, officer), officer)
    client.force_login(officer)
    url = f"/staff/signups/{signup.pk}/checks/affordability/"

    page = client.get(url).content.decode()
    assert "Income" in page and "Essential outgoings" in page
    assert "Only if the result is “not affordable”" in page
    assert "£110.00 a week" in page

    bad = client.post(url, {"earnings": "lots", "council_tax": "-1"})
    _has_summary(bad, "Earnings must be an amount of money, like 110.50",
                 "Council Tax cannot be less than £0")
    assert not AffordabilityAssessment.objects.exists()
    assert signup.checks.get(code="affordability").status == "to_do"

    response = client.post(url, {"earnings": "400.00", "housing_support": "", "council_tax": "20",
                                 "utilities": "30", "food_and_household": "80",
                                 "evidence_seen": "Payslips for 3 months"})
    assert response.status_code == 302
    assert response["Location"] == f"/staff/signups/{signup.pk}/"
    assessment = SignUp.objects.get(pk=signup.pk).affordability
    assert assessment.total_income == Decimal("400.00")
    assert assessment.total_outgoings == Decimal("130.00")
    assert assessment.residual == Decimal("160.00")  # 400 - 110 rent - 130 outgoings
    assert signup.checks.get(code="affordability").status == "done"

    page = client.get(f"/staff/signups/{signup.pk}/").content.decode()
    assert assessment.get_result_display() in page
    assert "Total income" in page and "£400.00" in page
    assert "Total essential outgoings" in page and "£130.00" in page
    assert "Left each week" in page and "£160.00" in page
    assert "Payslips for 3 months" in page
    for reason in assessment.reasons:
        assert reason.replace("'", "&#x27;") in page


@pytest.mark.django_db
def test_not_affordable_without_a_reason_leaves_the_check_not_done(client, make_bidder,
                                                                  officer):
    signup = _start(_accepted_offer(make_bidder, officer), officer)
    client.force_login(officer)
    url = f"/staff/signups/{signup.pk}/checks/affordability/"

    client.post(url, {"earnings": "150", "food_and_household": "80"})
    assert SignUp.objects.get(pk=signup.pk).affordability.result == "not_affordable"
    assert signup.checks.get(code="affordability").status == "to_do"
    client.post(url, {"earnings": "150", "food_and_household": "80",
                      "proceed_reason": "A Discretionary Housing Payment was awarded."})
    assert signup.checks.get(code="affordability").status == "done"
    page = client.get(f"/staff/signups/{signup.pk}/").content.decode()
    assert "Money advice" in page  # a referral the rule suggests


# --- The tenancy's terms -------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_terms_form_sets_the_start_date_and_charges(client, make_bidder, officer):
    signup = _start(_accepted_offer(make_bidder, officer, partner_age=30), officer)
    client.force_login(officer)
    url = f"/staff/signups/{signup.pk}/terms/"
    partner = signup.application.members.get(role="partner")

    page = client.get(url).content.decode()
    assert "Date the tenancy starts" in page and "Calendar monthly" in page
    assert partner.full_name in page  # an adult who could be a joint tenant

    start = _start_date()
    response = client.post(url, {**_date("", "start_date", start), "rent_period": "monthly",
                                 "weekly_rent": "120.50", "service_charge": "",
                                 "support_charge": "5", "additional_conditions": " "})
    assert response.status_code == 302
    signup.refresh_from_db()
    assert (signup.start_date, signup.rent_period, signup.weekly_rent, signup.service_charge,
            signup.support_charge) == (start, "monthly", Decimal("120.50"), Decimal("0.00"),
                                       Decimal("5.00"))
    assert list(signup.joint_tenants.all()) == []
    page = client.get(f"/staff/signups/{signup.pk}/").content.decode()
    assert "£125.50" in page  # the weekly total
    assert "Tenancy terms updated" in page


@pytest.mark.django_db
def test_bad_terms_are_refused_and_change_nothing(client, make_bidder, officer):
    signup = _start(_accepted_offer(make_bidder, officer, children=(8,)), officer)
    client.force_login(officer)
    url = f"/staff/signups/{signup.pk}/terms/"
    child = signup.application.members.get(role="child")
    before = SignUp.objects.values().get(pk=signup.pk)
    past = timezone.localdate() - dt.timedelta(days=1)

    assert child.full_name not in client.get(url).content.decode()  # not an adult
    _has_summary(client.post(url, {"rent_period": "weekly", "weekly_rent": "110"}),
                 "Enter the date the tenancy starts")
    _has_summary(client.post(url, {**_date("", "start_date", past), "rent_period": "weekly",
                                   "weekly_rent": "110"}),
                 "The tenancy cannot start in the past")
    _has_summary(client.post(url, {"start_date_0": "31", "start_date_1": "2",
                                   "start_date_2": "2030", "rent_period": "yearly",
                                   "weekly_rent": "abc"}),
                 "Date the tenancy starts must be a real date", "Choose how often rent is paid",
                 "Weekly rent must be an amount of money, like 110.50")
    assert SignUp.objects.values().get(pk=signup.pk) == before


# --- The pack, signatures and the let ------------------------------------------------------------

@pytest.mark.django_db
def test_making_the_pack_is_refused_until_the_checks_are_done_then_it_is_made(
        client, make_bidder, officer, media_root):
    signup = _start(_accepted_offer(make_bidder, officer), officer)
    client.force_login(officer)
    url = f"/staff/signups/{signup.pk}/pack/"

    page = client.get(f"/staff/signups/{signup.pk}/").content.decode()
    assert "Still to do before the pack can be made:" in page
    response = client.post(url)
    _has_summary(response, "The tenancy pack cannot be made yet.",
                 "“Identity of every adult tenant” is not done",
                 "“Affordability assessment” is not done",
                 "Enter the date the tenancy starts")
    assert not TenancyPack.objects.exists()
    assert SignUp.objects.get(pk=signup.pk).status == SignUp.Status.CHECKS

    _all_checks_done(signup, officer)
    response = client.post(url, follow=True)
    pack = TenancyPack.objects.get(signup=signup)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/staff/signups/{signup.pk}/"
    assert "Tenancy pack version 1 made." in page
    assert pack.sha256 in page
    assert f'href="/staff/signups/{signup.pk}/pack/1.pdf"' in page
    assert "All documents match their fingerprints" in page
    assert "Make the tenancy pack" not in page
    assert f'name="sign-pdf_sha256" value="{pack.sha256}"' in page
    assert "Reopen the checks" in page
    assert SignUp.objects.get(pk=signup.pk).status == SignUp.Status.READY
    assert 'href="/staff/signups/' + str(signup.pk) + '/checks/identity/"' not in page

    # The checks are closed while the pack is with the tenants.
    response = client.post(f"/staff/signups/{signup.pk}/checks/identity/",
                           {"status": "to_do", "outcome": ""})
    _has_summary(response, "You cannot change the checks now: the sign-up is “Ready to sign”.")
    assert signup.checks.get(code="identity").status == "done"


@pytest.mark.django_db
def test_the_officer_records_a_signature_in_person_and_counter_signs(client, make_bidder,
                                                                      officer, media_root):
    signup, pack = _ready(make_bidder, officer)
    lead = signup.application.members.get(role="lead")
    client.force_login(officer)
    page = client.get(f"/staff/signups/{signup.pk}/").content.decode()
    sha = re.search(r'name="sign-pdf_sha256" value="([0-9a-f]{64})"', page)
    assert sha is not None and sha.group(1) == pack.sha256

    # A wrong name is refused; nothing is signed.
    sign = {"sign-member": lead.pk, "sign-typed_name": "Somebody Else",
            "sign-confirmed": "on", "sign-pdf_sha256": sha.group(1)}
    _has_summary(client.post(f"/staff/signups/{signup.pk}/sign/", sign),
                 f"Type the name exactly as it is on the tenancy: {lead.full_name}")
    # So is an old fingerprint, at the top of the summary.
    _has_summary(client.post(f"/staff/signups/{signup.pk}/sign/",
                             {**sign, "sign-typed_name": lead.full_name,
                              "sign-pdf_sha256": "0" * 64}),
                 "The tenancy pack has changed since it was opened.")
    assert not TenancySignature.objects.exists()

    response = client.post(f"/staff/signups/{signup.pk}/sign/",
                           {**sign, "sign-typed_name": lead.full_name.upper()}, follow=True)
    page = response.content.decode()
    assert f"Signature recorded for {lead.full_name.upper()}." in page
    assert "Every tenant has signed: counter-sign to start the tenancy." in page
    signature = TenancySignature.objects.get()
    assert (signature.method, signature.member, signature.user, signature.ip_address,
            signature.pdf_sha256) == ("in_person", lead, officer, "127.0.0.1", pack.sha256)
    assert "Signed in person" in page and "127.0.0.1" in page
    assert "I have checked the tenancy and sign for the landlord" in page
    assert SignUp.objects.get(pk=signup.pk).status == SignUp.Status.TENANT_SIGNED

    # Counter-signing: the officer's own name only.
    countersign = {"countersign-typed_name": "Not Me", "countersign-confirmed": "on",
                   "countersign-pdf_sha256": pack.sha256}
    own = officer.get_full_name() or officer.get_username()
    _has_summary(client.post(f"/staff/signups/{signup.pk}/countersign/", countersign),
                 f"Type your own name as it is on your account: {own}")
    _has_summary(client.post(f"/staff/signups/{signup.pk}/countersign/",
                             {**countersign, "countersign-typed_name": own,
                              "countersign-confirmed": ""}),
                 "Confirm that you have checked the tenancy and sign for the landlord")
    assert not Tenancy.objects.exists()

    response = client.post(f"/staff/signups/{signup.pk}/countersign/",
                           {**countersign, "countersign-typed_name": own}, follow=True)
    tenancy = Tenancy.objects.get()
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/staff/tenancies/{tenancy.pk}/"
    start = _start_date()
    assert tenancy.void_days == 27  # empty 20 days ago, let in 7 days
    assert (f"Tenancy {tenancy.reference} counter-signed. {signup.property.address_line_1} is "
            f"let from {start.day} {start:%B %Y}. It was empty for 27 days") in page
    assert "27 days" in page and f"£{tenancy.rent_loss:,.2f}" in page
    assert f'href="/staff/signups/{signup.pk}/signed.pdf"' in page
    assert SignUp.objects.get(pk=signup.pk).signed_pdf_sha256 in page
    assert "CORE lettings log record" in page and "Tenancy start date" in page
    for label in tenancy.core_missing:
        assert label.replace("'", "&#x27;") in page
    if tenancy.core_missing:
        assert "Missing for CORE:" in page

    void = Void.objects.get(property=signup.property)
    assert (void.status, void.let_date) == ("let", start)
    assert Application.objects.get(pk=signup.application_id).status == "closed"
    for url in (f"/staff/properties/{signup.property_id}/", f"/staff/voids/{void.pk}/"):
        page = client.get(url).content.decode()
        assert "Let on" in page and str(start.year) in page
    signed = client.get(f"/staff/signups/{signup.pk}/signed.pdf")
    assert signed.status_code == 200 and signed["Content-Type"] == "application/pdf"
    assert b"".join(signed.streaming_content).startswith(b"%PDF")
    page = client.get(f"/staff/signups/{signup.pk}/").content.decode()
    assert "The tenancy started on" in page and "All documents match their fingerprints" in page
    assert tenancy.reference in client.get("/staff/tenancies/").content.decode()


@pytest.mark.django_db
def test_reopening_the_checks_needs_a_reason_and_supersedes_the_pack(client, make_bidder,
                                                                     officer, media_root):
    signup, pack = _ready(make_bidder, officer)
    client.force_login(officer)

    _has_summary(client.post(f"/staff/signups/{signup.pk}/reopen/", {"reopen-reason": " "}),
                 "Enter what has changed")
    assert TenancyPack.objects.get(pk=pack.pk).superseded_at is None

    response = client.post(f"/staff/signups/{signup.pk}/reopen/",
                           {"reopen-reason": "The start date moved"}, follow=True)
    page = response.content.decode()
    assert "The checks are open again." in page
    assert SignUp.objects.get(pk=signup.pk).status == SignUp.Status.CHECKS
    assert TenancyPack.objects.get(pk=pack.pk).superseded_at is not None
    assert "Earlier versions" in page and "The start date moved" in page
    assert "Make the tenancy pack" in page


@pytest.mark.django_db
def test_the_pack_pdf_is_for_staff_only(client, make_bidder, officer, applicant,
                                        provider_user_a, media_root):
    signup, pack = _ready(make_bidder, officer)
    url = f"/staff/signups/{signup.pk}/pack/{pack.version}.pdf"

    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    assert hashlib.sha256(body).hexdigest() == pack.sha256
    assert client.get(f"/staff/signups/{signup.pk}/pack/9.pdf").status_code == 404
    assert client.get(f"/staff/signups/{signup.pk}/signed.pdf").status_code == 404

    for user in (applicant, signup.application.applicant_user, provider_user_a):
        client.force_login(user)
        assert client.get(url).status_code in (403, 404)


# --- Who may use the pages ------------------------------------------------------------------------

@pytest.mark.django_db
def test_providers_and_applicants_get_403_on_every_staff_sign_up_page(
        client, make_bidder, officer, applicant, provider_user_a, media_root):
    signup, pack = _ready(make_bidder, officer)
    before = (SignUp.objects.values().get(pk=signup.pk), _checks(signup))
    pk = signup.pk
    gets = ["/staff/signups/", f"/staff/signups/{pk}/", f"/staff/signups/{pk}/terms/",
            f"/staff/signups/{pk}/checks/identity/", f"/staff/signups/{pk}/checks/eligibility/",
            f"/staff/signups/{pk}/checks/affordability/", f"/staff/signups/{pk}/pack/1.pdf",
            f"/staff/signups/{pk}/signed.pdf", "/staff/tenancies/", "/staff/tenancies/1/"]
    posts = [f"/staff/offers/{signup.offer_id}/signup/", f"/staff/signups/{pk}/terms/",
             f"/staff/signups/{pk}/checks/identity/", f"/staff/signups/{pk}/checks/eligibility/",
             f"/staff/signups/{pk}/checks/affordability/", f"/staff/signups/{pk}/pack/",
             f"/staff/signups/{pk}/sign/", f"/staff/signups/{pk}/reopen/",
             f"/staff/signups/{pk}/countersign/"]
    lead = signup.application.members.get(role="lead")
    for user in (applicant, signup.application.applicant_user, provider_user_a):
        client.force_login(user)
        for url in gets:
            assert client.get(url).status_code == 403, (user, url)
        for url in posts:
            response = client.post(url, {"sign-member": lead.pk,
                                         "sign-typed_name": lead.full_name,
                                         "sign-confirmed": "on",
                                         "sign-pdf_sha256": pack.sha256,
                                         "reopen-reason": "Because"})
            assert response.status_code == 403, (user, url)
    assert (SignUp.objects.values().get(pk=signup.pk), _checks(signup)) == before
    assert not TenancySignature.objects.exists()


@pytest.mark.django_db
def test_a_restricted_case_is_hidden_from_an_officer_outside_the_restricted_group(
        client, make_bidder, manager):
    insider = UserFactory(username="insider", role="officer", in_restricted_group=True)
    offer = _accepted_offer(make_bidder, insider, restricted_access=True)
    signup = _start(offer, insider)
    outsider = UserFactory(username="outsider", role="officer")

    client.force_login(outsider)
    assert client.get(f"/staff/signups/{signup.pk}/").status_code == 404
    assert client.get(f"/staff/signups/{signup.pk}/checks/identity/").status_code == 404
    assert client.get(f"/staff/signups/{signup.pk}/terms/").status_code == 404
    response = client.post(f"/staff/signups/{signup.pk}/checks/identity/",
                           {"status": "done", "outcome": "Seen"})
    assert response.status_code == 404
    assert signup.checks.get(code="identity").status == "to_do"
    assert signup.application.reference not in client.get("/staff/signups/").content.decode()

    client.force_login(insider)
    assert client.get(f"/staff/signups/{signup.pk}/").status_code == 200
    assert signup.application.reference in client.get("/staff/signups/").content.decode()


# --- The list -------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_list_shows_open_sign_ups_and_filters_by_status(client, make_bidder, officer):
    signup = _start(_accepted_offer(make_bidder, officer), officer)
    s.signup_check_record(signup=signup, actor=officer, code="identity", status="done",
                          outcome="Seen")
    client.force_login(officer)

    page = client.get("/staff/signups/").content.decode()
    assert 'href="/staff/signups/"' in page and ">Sign-ups</a>" in page  # the navigation
    assert f'href="/staff/signups/{signup.pk}/"' in page
    assert signup.application.reference in page and "1 of 8" in page
    assert "Pre-tenancy checks" in page

    page = client.get("/staff/signups/?status=signed").content.decode()
    assert f'href="/staff/signups/{signup.pk}/"' not in page
    assert "There are no sign-ups with this status" in page
    page = client.get("/staff/signups/?status=checks").content.decode()
    assert f'href="/staff/signups/{signup.pk}/"' in page
    response = client.get("/staff/signups/?status=nonsense")
    assert "Choose a status from the list" in response.content.decode()


# --- Queries --------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_sign_up_page_runs_a_bounded_number_of_queries(client, make_bidder, officer,
                                                            django_assert_max_num_queries,
                                                            media_root):
    signup, pack = _ready(make_bidder, officer)
    lead = signup.application.members.get(role="lead")
    s.tenant_sign(signup=signup, actor=officer, member_id=lead.pk, typed_name=lead.full_name,
                  confirmed=True, pdf_sha256=pack.sha256, in_person=True)
    client.force_login(officer)
    client.get(f"/staff/signups/{signup.pk}/")  # warm the caches (scheme, session)
    with django_assert_max_num_queries(QUERY_BOUND):
        response = client.get(f"/staff/signups/{signup.pk}/")
    assert response.status_code == 200


QUERY_BOUND = 20  # 16 measured: session, user, the sign-up, its parts and history
