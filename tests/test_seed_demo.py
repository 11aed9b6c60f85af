"""``manage.py seed_demo``: the demo council, its users, register, homes and cycles."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from applications.models import (
    AddressHistory,
    Application,
    BandAward,
    CaseNote,
    ChangeOfCircumstances,
    Circumstances,
    DebtRecord,
    Decision,
    EvidenceItem,
    HouseholdMember,
    MedicalAssessment,
    ReviewRequest,
)
from applications.policies import notes_visible_to
from applications.sections import SECTION_KEYS
from applications.selectors import find_duplicates, queue_counts
from housing.accounts.models import Organisation, User
from housing.approvals.models import ApprovalRequest
from housing.letters.models import Letter
from housing.scheme.selectors import scheme_in_force
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
    TenancyPack,
    TenancySignature,
)
from nominations import demo_data

pytestmark = pytest.mark.django_db

REGISTER_MODELS = (Application, HouseholdMember, Circumstances, AddressHistory, EvidenceItem,
                   CaseNote, ChangeOfCircumstances, Decision, BandAward, DebtRecord,
                   ApprovalRequest, MedicalAssessment, ReviewRequest)
MODELS = (Organisation, User, *REGISTER_MODELS, Property, BiddingCycle, Advert, Bid,
          ShortlistEntry, Offer, LettingResult, SignUp, TenancyPack, TenancySignature, Tenancy,
          Letter)
Status = Application.Status


@pytest.fixture(autouse=True)
def _media(media_root):  # type: ignore[no-untyped-def]
    """Demo uploads and letter PDFs go to a temporary folder."""


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def small_register():
    return Application.objects.filter(reference__startswith=demo_data.REGISTER_PREFIX)


def demo_application() -> Application:
    return Application.objects.get(applicant_user__username="applicant")


@pytest.mark.parametrize(("username", "role", "org_code"), [
    ("officer", "officer", "BBC"),
    ("manager", "manager", "BBC"),
    ("adviser", "medical_adviser", "BBC"),
    ("applicant", "applicant", None),
    ("provider-a", "provider", "RVH"),
    ("provider-b", "provider", "NGH"),
    ("admin", "admin", "BBC"),
])
def test_every_demo_user_has_its_role_organisation_and_password(username, role, org_code):
    seed("--quiet")
    user = User.objects.get(username=username)
    assert user.role == role
    assert (user.organisation.code if user.organisation else None) == org_code
    assert user.check_password("homeward-demo")
    assert user.first_name and user.last_name
    assert user.is_active


def test_organisations_and_user_flags():
    seed("--quiet")
    council = Organisation.objects.get(code="BBC")
    assert council.kind == Organisation.Kind.COUNCIL
    rvh, ngh = Organisation.objects.get(code="RVH"), Organisation.objects.get(code="NGH")
    assert rvh.name == "Riverside Vale Housing Association"
    assert ngh.name == "Northgate Homes"
    assert {rvh.kind, ngh.kind} == {Organisation.Kind.REGISTERED_PROVIDER}
    assert User.objects.get(username="provider-a").organisation == rvh
    assert User.objects.get(username="provider-b").organisation == ngh
    assert User.objects.get(username="manager").in_restricted_group
    assert not User.objects.get(username="officer").in_restricted_group
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    applicant = User.objects.get(username="applicant")
    assert applicant.email == "applicant@example.org"
    assert applicant.email_verified_at is not None


def test_register_has_every_status_and_consistent_dates():
    seed("--quiet")
    register = Application.objects.filter(reference__startswith="HR-2026-")
    assert set(register.values_list("status", flat=True)) == set(Application.Status.values)
    for app in register.prefetch_related("members"):
        members = list(app.members.all())
        assert [m.role for m in members].count(HouseholdMember.Role.LEAD) == 1
        assert all(m.date_of_birth or m.due_date for m in members)
        if app.status == Application.Status.ACTIVE:
            assert app.band in {"A", "B", "C", "D"}
            assert app.bedroom_need
            assert app.registration_date and app.application_date and app.effective_date
            assert app.registration_date >= app.application_date
        assert app.postcode.startswith("BF")


def test_demo_applicant_owns_a_band_b_application_and_accepted_the_home_she_led():
    """She bid this week and last; she led last week's shortlist for a one-bedroom flat, was
    offered it and accepted (issue 8), which withdrew this week's bid."""
    seed("--quiet")
    applicant = User.objects.get(username="applicant")
    app = Application.objects.get(applicant_user=applicant)
    assert (app.status, app.band) == (Application.Status.UNDER_OFFER, "B")
    assert app.members.count() == 2
    offer = Offer.objects.get(application=app)
    assert offer.status == Offer.Status.ACCEPTED
    assert (offer.shortlist_entry.rank, offer.advert.cycle.status) == (
        1, BiddingCycle.Status.SHORTLISTED)
    open_cycle = BiddingCycle.objects.get(status=BiddingCycle.Status.OPEN)
    withdrawn = Bid.objects.get(application=app, advert__cycle=open_cycle)
    assert withdrawn.status == Bid.Status.WITHDRAWN
    assert withdrawn.invalid_reasons == ["You accepted an offer of another home."]


def test_open_cycle_runs_thursday_to_monday_london_time():
    seed("--quiet")
    cycle = BiddingCycle.objects.get(status=BiddingCycle.Status.OPEN)
    opens, closes = timezone.localtime(cycle.opens_at), timezone.localtime(cycle.closes_at)
    assert (opens.strftime("%A %H:%M"), closes.strftime("%A %H:%M")) == (
        "Thursday 00:00", "Monday 23:59")
    assert opens <= timezone.localtime() and (closes - opens).days == 4
    adverts = Advert.objects.filter(cycle=cycle)
    assert adverts.count() == 10
    assert set(adverts.values_list("status", flat=True)) == {Advert.Status.LIVE}
    for bid in Bid.objects.filter(advert__cycle=cycle):
        assert cycle.opens_at <= bid.placed_at <= timezone.now()


def test_shortlists_are_ranked_by_band_then_dates_then_id():
    seed("--quiet")
    cycle = BiddingCycle.objects.get(status=BiddingCycle.Status.SHORTLISTED)
    adverts = Advert.objects.filter(cycle=cycle)
    assert adverts.count() == 8
    ranks = {"A": 1, "B": 2, "C": 3, "D": 4}
    # Three of the homes have been let (issue 6): their new tenants are housed.
    housed = set(LettingResult.objects.values_list("offer__application_id", flat=True))
    assert adverts.filter(status=Advert.Status.LET).count() == len(housed) == 3
    # Two more of its homes are offered and accepted, their sign-ups under way (issue 8).
    signing = set(Offer.objects.filter(status=Offer.Status.ACCEPTED)
                  .values_list("application_id", flat=True))
    assert adverts.filter(status=Advert.Status.OFFER_IN_PROGRESS).count() == len(signing) == 2
    for advert in adverts:
        assert advert.status in (Advert.Status.SHORTLISTED, Advert.Status.LET,
                                 Advert.Status.OFFER_IN_PROGRESS)
        entries = list(advert.shortlist.select_related("bid__application").order_by("rank"))
        assert [e.rank for e in entries] == list(range(1, len(entries) + 1))
        keys = [(ranks[e.bid.application.band], e.bid.application.effective_date,
                 e.bid.application.registration_date, e.bid.application.pk) for e in entries]
        assert keys == sorted(keys)
        assert all(e.bid.application.status == Application.Status.ACTIVE
                   or (e.bid.application.status == Application.Status.CLOSED
                       and e.bid.application.closed_reason == "housed"
                       and e.bid.application_id in housed)
                   or (e.bid.application.status == Application.Status.UNDER_OFFER
                       and e.bid.application_id in signing) for e in entries)
    bypassed = ShortlistEntry.objects.filter(status=ShortlistEntry.Status.BYPASSED)
    assert bypassed.count() == 1
    assert bypassed.get().bypass_reason_code == "ARREARS_OVER_THRESHOLD_NO_APPROVAL"
    assert bypassed.get().bypass_note


def test_last_weeks_cycle_has_lets_published_on_the_results_page(client):
    """Issue 6: three homes from the most recent closed cycle were offered, accepted and let
    through the services; the results page shows them, with no names or references; a second
    run lets nothing more."""
    from lettings.models import Void

    seed("--quiet")
    cycle = BiddingCycle.objects.filter(status=BiddingCycle.Status.SHORTLISTED).get()
    results = LettingResult.objects.filter(cycle=cycle, published=True)
    assert results.count() == 3
    for result in results.select_related("offer__application", "advert__void"):
        assert result.offer.status == Offer.Status.SIGNED_UP
        assert result.advert.status == Advert.Status.LET
        assert result.advert.void.status == Void.Status.LET
        assert (result.offer.application.status, result.offer.application.closed_reason) == (
            Application.Status.CLOSED, "housed")
        # Households of their own, so the register's cases are left as the register made them.
        assert result.offer.application.reference.startswith("HR-LET-")
        assert result.offer.shortlist_entry.rank == 1
        assert (result.route, result.let_on) == ("bid", timezone.localdate())
        assert result.bids == result.advert.bids.count() and result.band
    page = client.get("/homes/results/").content.decode()
    for result in results:
        assert result.reference in page
        assert result.offer.application.reference not in page
    seed("--quiet")
    assert LettingResult.objects.count() == 3


def test_properties_are_realistic():
    seed("--quiet")
    homes = Property.objects.all()
    assert homes.count() == 30
    assert set(homes.values_list("landlord__code", flat=True)) == {"BBC", "RVH", "NGH"}
    for home in homes:
        assert home.town == "Brackenfield"
        assert home.bedspaces >= home.bedrooms
        assert 85 <= home.weekly_rent <= 160
    assert homes.filter(designation__in=["sheltered", "older_persons"], min_age=60).exists()


def test_running_twice_changes_nothing_and_resets_demo_passwords():
    seed("--quiet")
    before = counts()
    officer = User.objects.get(username="officer")
    officer.set_password("something-else-entirely")
    officer.save()
    output = seed()
    assert counts() == before
    officer.refresh_from_db()
    assert officer.check_password("homeward-demo")
    assert "provider-a" in output and "homeward-demo" in output


def bulk():
    return Application.objects.filter(reference__startswith=demo_data.BULK_PREFIX)


def test_bulk_applications_are_made_once():
    seed("--quiet", "--applications", "50", "--batch-size", "20")
    assert bulk().count() == 50
    assert not bulk().filter(members__isnull=True).exists()
    assert HouseholdMember.objects.filter(application__in=bulk(), role="lead").count() == 50
    assert all(1 <= app.members.count() <= 6 for app in bulk())
    assert all(m.date_of_birth or m.due_date
               for m in HouseholdMember.objects.filter(application__in=bulk()))
    seed("--quiet", "--applications", "50")
    assert bulk().count() == 50
    seed("--quiet", "--applications", "60")
    assert bulk().count() == 60
    assert bulk().order_by("-reference").first().reference == "HR-BULK-0000060"


def test_bedroom_need_follows_the_default_standard():
    need = demo_data.bedroom_need
    assert need([("lead", 30, "female")]) == 1
    assert need([("lead", 30, "female"), ("joint", 31, "male")]) == 1
    assert need([("lead", 30, "female"), ("child", 4, "male"), ("child", 6, "female")]) == 2
    assert need([("lead", 40, "female"), ("child", 12, "male"), ("child", 14, "female")]) == 3
    assert need([("lead", 50, "male"), ("other_adult", 23, "male")]) == 2
    assert need([("lead", 25, "female"), ("child", None, "")]) == 2


@pytest.mark.parametrize(("today", "thursday"), [
    (dt.date(2026, 11, 23), dt.date(2026, 11, 19)),  # Monday: the cycle closing tonight
    (dt.date(2026, 11, 26), dt.date(2026, 11, 26)),  # Thursday: opened this morning
    (dt.date(2026, 3, 29), dt.date(2026, 3, 26)),  # clocks went forward on Sunday
])
def test_bidding_week(today, thursday):
    opens, closes = demo_data.bidding_week(today)
    assert opens.date() == thursday and (opens.hour, opens.minute) == (0, 0)
    assert closes.date() == thursday + dt.timedelta(days=4)
    assert (closes.hour, closes.minute) == (23, 59)
    assert str(opens.tzinfo) == "Europe/London"


# --- Casework on the small register ---------------------------------------------------------


def test_every_submitted_application_is_complete_with_circumstances_and_addresses():
    seed("--quiet")
    scheme = scheme_in_force()
    for app in small_register().exclude(status=Status.DRAFT).prefetch_related("members"):
        circumstances = Circumstances.objects.get(application=app)
        assert circumstances.declaration_accepted_at is not None, app
        assert circumstances.tenure, app
        assert app.scheme_version == scheme
        assert app.sections_completed == list(SECTION_KEYS)
        assert app.evidence_due_date == app.application_date + dt.timedelta(days=28)
        assert app.bedroom_need and app.bedroom_reasons and app.eligible_sizes, app
        members = list(app.members.all())
        lead = members[0]
        assert lead.role == HouseholdMember.Role.LEAD
        addresses = list(lead.addresses.order_by("from_date"))
        assert 1 <= len(addresses) <= 3 and addresses[-1].to_date is None
        assert addresses[0].from_date <= app.application_date - dt.timedelta(days=5 * 365)
        for earlier, later in itertools.pairwise(addresses):
            assert earlier.to_date == later.from_date - dt.timedelta(days=1)
        for member in members:
            if member.is_proposed_tenant:
                assert member.nationality and member.immigration_status
                if app.status not in (Status.SUBMITTED, Status.AWAITING_INFORMATION,
                                      Status.UNDER_ASSESSMENT):
                    assert member.habitually_resident is True
        couple = [m for m in members if m.role in ("joint", "partner")]
        if couple:
            assert lead.partner == couple[0]
    for app in small_register().filter(status=Status.DRAFT):
        assert not Circumstances.objects.filter(application=app).exists()
    homeless = small_register().filter(application_type="homeless").exclude(status=Status.DRAFT)
    assert {c.tenure for c in Circumstances.objects.filter(application__in=homeless)} == {
        "temporary_accommodation"}
    transfers = Circumstances.objects.filter(application__application_type="transfer")
    assert all(c.tenure == "council_tenant" and c.is_social_tenant_in_england
               for c in transfers)
    statuses = set(HouseholdMember.objects.exclude(immigration_status="")
                   .values_list("immigration_status", flat=True))
    assert {"british", "euss_settled", "refugee", "indefinite_leave"} <= statuses
    # One applicant had lived here only eight months when they applied, and does not qualify.
    short = []
    for app in small_register().filter(status=Status.NOT_QUALIFYING):
        addresses = list(app.members.get(role="lead").addresses.order_by("from_date"))
        if not addresses[-1].in_district or any(a.in_district for a in addresses[:-1]):
            continue
        short.append((app.application_date - addresses[-1].from_date).days)
    assert len(short) == 1 and 230 <= short[0] <= 250


def test_evidence_in_every_status_with_a_real_pdf():
    seed("--quiet")
    evidence = EvidenceItem.objects.filter(application__in=small_register())
    assert set(evidence.values_list("status", flat=True)) == set(EvidenceItem.Status.values)
    for item in evidence.exclude(status=EvidenceItem.Status.REQUESTED):
        assert item.file and item.original_filename and item.uploaded_at
        assert item.content_type == "application/pdf"
        with item.file.open("rb") as handle:
            data = handle.read()
        assert data.startswith(b"%PDF-") and len(data) == item.size
    for item in evidence.filter(status=EvidenceItem.Status.REQUESTED):
        assert not item.file
    rejected = evidence.get(status=EvidenceItem.Status.REJECTED)
    assert rejected.rejection_reason == "The photo is too blurry to read the date of birth"
    assert all(i.reviewed_by and i.verification_method
               for i in evidence.filter(status=EvidenceItem.Status.VERIFIED))
    decided = evidence.filter(application__status__in=demo_data.DECIDED)
    assert set(decided.values_list("status", flat=True)) == {"verified"}
    for status in (Status.SUBMITTED, Status.AWAITING_INFORMATION):
        found = set(EvidenceItem.objects.filter(application__status=status,
                                                application__in=small_register())
                    .values_list("status", flat=True))
        assert {"requested", "received"} <= found, status
    assessing = set(EvidenceItem.objects.filter(application__status=Status.UNDER_ASSESSMENT)
                    .values_list("status", flat=True))
    assert assessing == {"received", "verified"}
    pypdf = pytest.importorskip("pypdf")
    assert len(pypdf.PdfReader(io.BytesIO(demo_data.demo_pdf())).pages) == 1


def test_the_officer_workspace_has_something_in_every_queue():
    seed("--quiet")
    # One restricted domestic abuse note, on a restricted case that is not the demo applicant's.
    officer, manager = User.objects.get(username="officer"), User.objects.get(username="manager")
    restricted = CaseNote.objects.get(restricted=True)
    assert restricted.author == manager and restricted.category == "domestic_abuse"
    assert restricted.application.restricted_access
    assert restricted.application.applicant_user is None  # not the demo applicant's case
    assert list(small_register().filter(restricted_access=True)) == [restricted.application]
    assert restricted not in notes_visible_to(officer)
    assert restricted in notes_visible_to(manager)
    notes = CaseNote.objects.filter(restricted=False)
    assert set(notes.values_list("author__username", flat=True)) == {"officer"}
    live = small_register().filter(status__in=Application.LIVE_STATUSES)
    assert all(app.notes.exists() for app in live)
    # The queues, assignment, the closure to confirm and the change to verify.
    queues = queue_counts(user=officer)
    assert queues["closure"] and queues["changes"] and queues["new"] and queues["mine"]
    assert not small_register().filter(status=Status.SUBMITTED,
                                       assigned_officer__isnull=False).exists()
    worked = small_register().filter(status__in=Application.LIVE_STATUSES).exclude(
        status=Status.SUBMITTED)
    assert all(app.assigned_officer for app in worked)
    closing = small_register().get(closure_proposed_at__isnull=False)
    assert closing.status == Status.AWAITING_INFORMATION
    assert closing.evidence_due_date < timezone.localdate()
    assert closing.closure_proposed_reason.startswith(
        f"Evidence deadline {closing.evidence_due_date:%-d %B %Y} passed with ")
    change = ChangeOfCircumstances.objects.get(status=ChangeOfCircumstances.Status.REPORTED)
    assert change.application.status == Status.ACTIVE_SUSPENDED
    assert change.suspended_bidding and change.affects_priority
    assert change.reported_by.username == "officer"  # that case has no online account
    # The same person on two live applications.
    flagged = small_register().exclude(possible_duplicates=[])
    assert flagged.count() == 1
    newer = flagged.get()
    (older_ref,) = newer.possible_duplicates
    older = Application.objects.get(reference=older_ref)
    assert older.submitted_at < newer.submitted_at
    assert {older.status, newer.status} <= Application.LIVE_STATUSES
    matches = find_duplicates(application=newer)
    assert [(m.reference, m.matched_on) for m in matches] == [
        (older_ref, "name and date of birth")]


def test_decisions_match_each_status():
    seed("--quiet")
    scheme = scheme_in_force()
    for app in small_register().prefetch_related("members", "decisions"):
        current = [d for d in app.decisions.all() if d.is_current]
        eligibility = {d.member_id: d for d in current if d.kind == "eligibility"}
        qualification = [d for d in current if d.kind == "qualification"]
        tenants = {m.pk for m in app.members.all() if m.is_proposed_tenant}
        assert all(d.decided_by.username == "officer" and d.scheme_version == scheme
                   and d.reasons for d in current)
        if app.status in demo_data.BANDED:
            assert set(eligibility) == tenants
            assert {d.outcome for d in eligibility.values()} <= {"eligible",
                                                                  "exempt_existing_tenant"}
            assert [d.outcome for d in qualification] == ["qualifies"]
            assert (app.eligibility_outcome, app.qualification_outcome) == ("eligible",
                                                                            "qualifies")
        elif app.awards.filter(status="proposed").exists():
            # Assessed, with a Band A award waiting for a manager.
            assert app.status == Status.UNDER_ASSESSMENT
            assert (app.eligibility_outcome, app.qualification_outcome) == ("eligible",
                                                                            "qualifies")
        elif app.status == Status.NOT_ELIGIBLE:
            assert [d.outcome for d in eligibility.values()] == ["ineligible"]
            assert not qualification and app.eligibility_outcome == "ineligible"
        elif app.status == Status.NOT_QUALIFYING:
            assert [d.outcome for d in qualification] == ["does_not_qualify"]
            assert app.qualification_outcome == "does_not_qualify"
        else:
            assert not current and not app.eligibility_outcome
    bases = set(Decision.objects.filter(kind="qualification").values_list("basis", flat=True))
    assert {"residence", "exemption_armed_forces", "exemption_right_to_move"} <= bases


def _assert_the_demo_applicants_case_is_complete():
    app = demo_application()
    assert app.reference == "HR-2026-000001"
    assert Circumstances.objects.get(application=app).declaration_accepted_at
    assert app.bedroom_reasons
    assert set(app.evidence.values_list("status", flat=True)) == {"verified"}
    current = app.decisions.filter(is_current=True)
    assert set(current.values_list("kind", flat=True)) == {"eligibility", "qualification"}
    assert app.members.get(role="lead").addresses.exists()
    letters = Letter.objects.filter(recipient__username="applicant")
    # The register's letters, then the offer of a home and its tenancy pack (issue 8).
    assert set(letters.values_list("template__code", flat=True)) == {"welcome",
                                                                    "acknowledgement",
                                                                    "accepted", "offer",
                                                                    "tenancy-pack"}
    accepted = letters.get(template__code="accepted")
    assert accepted.context["band_name"] == "Band B" and accepted.context["reasons"]
    ack = letters.get(template__code="acknowledgement")
    assert ack.subject == app
    assert ack.context["evidence_due_date"] == app.evidence_due_date.isoformat()
    assert len(ack.context["evidence"]) == app.evidence.count()


def test_a_second_run_creates_and_changes_nothing_on_the_register():
    first = seed("--quiet")
    assert "Nothing new" not in first

    def snapshot() -> dict[str, int]:
        return {**counts(), **{f"history of {model.__name__}": model.history.count()
                               for model in REGISTER_MODELS}}

    before = snapshot()
    stamps = {model.__name__: sorted(model.objects.values_list("pk", "updated_at"))
              for model in REGISTER_MODELS}
    output = seed("--quiet")
    assert snapshot() == before
    assert stamps == {model.__name__: sorted(model.objects.values_list("pk", "updated_at"))
                      for model in REGISTER_MODELS}
    assert "Nothing new" in output


def test_the_demo_applicants_case_is_complete_and_every_case_page_renders(client):
    seed("--quiet")
    _assert_the_demo_applicants_case_is_complete()
    officer, manager = User.objects.get(username="officer"), User.objects.get(username="manager")
    client.force_login(officer)
    for app in small_register():
        response = client.get(f"/staff/applications/{app.reference}/")
        expected = 404 if app.restricted_access else 200
        assert response.status_code == expected, app.reference
    client.force_login(manager)
    for app in small_register().filter(restricted_access=True):
        response = client.get(f"/staff/applications/{app.reference}/")
        assert response.status_code == 200
        assert "Independent Domestic Violence Adviser" in response.content.decode()
    client.force_login(User.objects.get(username="applicant"))
    response = client.get("/account/application/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "HR-2026-000001" in page and "Bedrooms you need" in page


def test_every_banded_case_has_one_current_award_and_the_queues_have_work():
    seed("--quiet")
    for app in small_register().filter(status__in=["active", "active_suspended",
                                                   "under_offer"]):
        current = app.awards.filter(status="current")
        assert current.count() == 1, app.reference
        award = current.get()
        assert (award.band, award.effective_date) == (app.band, app.effective_date)
        assert award.reasons and award.reason_codes
    pending = ApprovalRequest.objects.get(type="band_a_award", status="pending")
    assert BandAward.objects.get(pk=pending.subject_id).status == "proposed"
    assert pending.requested_by.username == "officer"
    assert DebtRecord.objects.count() == 2
    referral = MedicalAssessment.objects.get()
    assert referral.status == "with_adviser" and referral.adviser.username == "adviser"
    reviews = {r.in_time: r for r in ReviewRequest.objects.all()}
    assert reviews[True].status == "allocated" and reviews[True].reviewer.username == "manager"
    assert reviews[False].status == "awaiting_late_decision"


def test_lettings_demo_has_voids_cycles_photos_and_valid_live_bids():
    """Issue 5: every advert has a void; voids wait at each stage (three ready to advertise);
    the coming weeks' cycles are scheduled; live adverts have photos; and the seeded live bids
    pass the bid rules (the demo is consistent with what the rules would allow)."""
    from lettings.models import LocalLettingsPlan, PropertyPhoto, Void
    from lettings.rules.bid_validity import Stage
    from lettings.selectors import bid_validity, bidder_applications

    seed("--quiet")
    assert not Advert.objects.filter(void__isnull=True).exists()
    live = Advert.objects.filter(status=Advert.Status.LIVE)
    assert all(a.opens_at and a.closes_at and a.published_at for a in live)
    assert set(Void.objects.filter(adverts__status=Advert.Status.LIVE)
               .values_list("status", flat=True)) == {Void.Status.ADVERTISED}
    waiting = Void.objects.filter(adverts__isnull=True)
    assert waiting.filter(status=Void.Status.READY_TO_LET).count() == 3
    assert {Void.Status.IN_WORKS, Void.Status.NOTICE} <= set(
        waiting.values_list("status", flat=True))
    assert BiddingCycle.objects.filter(status=BiddingCycle.Status.SCHEDULED,
                                       opens_at__gt=timezone.now()).count() >= 3
    assert PropertyPhoto.objects.filter(property__adverts__in=live).count() == live.count()
    assert LocalLettingsPlan.objects.exists()
    bids = Bid.objects.filter(advert__in=live, status=Bid.Status.PLACED).select_related(
        "advert__property", "advert__local_lettings_plan")
    apps = {a.pk: a for a in bidder_applications(bids.values_list("application_id", flat=True))}
    for bid in bids:
        validity = bid_validity(apps[bid.application_id], bid.advert, stage=Stage.CLOSE)
        assert validity.valid, (bid.advert.reference, validity.messages)


def test_sign_ups_at_the_checks_ready_to_sign_and_signed(client):
    """Issue 8, through the services: a sign-up at the checks with affordability assessed and
    a money-advice referral; the demo applicant's pack ready for her to sign in the portal; and
    last week's three lets each signed up (one online by the tenant, two in person) and
    counter-signed, so each has a tenancy with its void days. Every stored document matches
    its hash, and a second run adds nothing."""
    from lettings.models import AffordabilityAssessment, Void
    from lettings.policies import can_sign_as_tenant, signups_visible_to
    from lettings.services.signups import current_pack, sha256_of_file, signup_verify

    seed("--quiet")
    today = timezone.localdate()
    assert SignUp.objects.count() == 5

    # At the checks: a council home, so an introductory tenancy that becomes secure.
    checks = SignUp.objects.get(status=SignUp.Status.CHECKS)
    assert checks.application.reference == "HR-SIGN-000001"
    assert checks.property.landlord.code == "BBC"
    assert (checks.tenancy_type, checks.converts_to) == ("introductory", "secure")
    assert checks.start_date.weekday() == 0
    assert today + dt.timedelta(days=7) <= checks.start_date <= today + dt.timedelta(days=90)
    done = set(checks.checks.exclude(status="to_do").values_list("code", flat=True))
    assert done == {"identity", "eligibility", "household", "affordability"}
    assert all(c.done_by.username == "officer" and c.done_at for c in checks.checks.exclude(
        status="to_do"))
    assessment = AffordabilityAssessment.objects.get(signup=checks)
    assert assessment.result == "affordable_with_advice"
    assert "money_advice" in assessment.referrals
    assert 0 < assessment.residual < scheme_in_force().affordability_min_residual_weekly
    assert assessment.rent_and_charges == checks.weekly_total
    assert not checks.packs.exists()

    # Ready to sign: the demo applicant's.
    ready = SignUp.objects.get(status=SignUp.Status.READY)
    applicant = User.objects.get(username="applicant")
    assert ready.application == demo_application()
    assert ready.offer.status == Offer.Status.ACCEPTED
    assert today < ready.start_date <= today + dt.timedelta(days=90)
    assert not ready.checks.filter(status="to_do").exists()
    pack = current_pack(ready)
    assert pack is not None and pack.version == 1
    assert sha256_of_file(pack.letter.pdf) == pack.sha256
    assert pack.letter.recipient == applicant
    assert not pack.signatures.exists()
    assert list(signups_visible_to(applicant)) == [ready]
    assert can_sign_as_tenant(applicant, ready)
    client.force_login(applicant)
    page = client.get(reverse("lettings:portal-tenancy", args=[ready.pk]))
    assert page.status_code == 200 and "Sign your tenancy" in page.content.decode()

    # Signed: last week's three lets, each with its tenancy.
    signed = SignUp.objects.filter(status=SignUp.Status.SIGNED).select_related("tenancy")
    assert {s.offer_id for s in signed} == set(LettingResult.objects.values_list("offer_id",
                                                                                 flat=True))
    assert signed.count() == Tenancy.objects.count() == 3
    methods = {}
    for signup in signed:
        assert signup_verify(signup) == []
        tenancy = signup.tenancy
        void = Void.objects.get(property=signup.property, status=Void.Status.LET)
        assert (tenancy.status, tenancy.start_date, void.let_date) == (
            "active", today, today)
        assert tenancy.void_days == void.void_days(today) > 0
        assert tenancy.rent_loss == void.rent_loss(today)
        assert tenancy.core_log["vacdays"] == tenancy.void_days
        [tenant] = TenancySignature.objects.filter(pack__signup=signup, role="tenant")
        countersigned = TenancySignature.objects.get(pack__signup=signup, role="landlord")
        assert tenant.pdf_sha256 == countersigned.pdf_sha256 == current_pack(signup).sha256
        assert countersigned.user.username == "officer" == signup.countersigned_by.username
        methods[signup.application.reference] = (tenant.method, tenant.user.username)
    assert methods == {"HR-LET-000001": ("online", "maya.thornbury"),
                       "HR-LET-000002": ("in_person", "officer"),
                       "HR-LET-000003": ("in_person", "officer")}
    online = User.objects.get(username="maya.thornbury")
    assert not online.has_usable_password()  # an online account, not a demo sign-in

    before = counts()
    seed("--quiet")
    assert counts() == before
