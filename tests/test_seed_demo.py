"""``manage.py seed_demo``: the demo council, its users, register, homes and cycles."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from applications.models import Application, HouseholdMember
from housing.accounts.models import Organisation, User
from housing.letters.models import Letter
from lettings.models import Advert, Bid, BiddingCycle, Property, ShortlistEntry
from nominations import demo_data

pytestmark = pytest.mark.django_db

MODELS = (Organisation, User, Application, HouseholdMember, Property, BiddingCycle, Advert, Bid,
          ShortlistEntry, Letter)


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


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


def test_demo_applicant_owns_an_active_band_b_application_and_bids_this_week():
    seed("--quiet")
    applicant = User.objects.get(username="applicant")
    app = Application.objects.get(applicant_user=applicant)
    assert (app.status, app.band) == (Application.Status.ACTIVE, "B")
    assert app.members.count() == 2
    open_cycle = BiddingCycle.objects.get(status=BiddingCycle.Status.OPEN)
    assert Bid.objects.filter(application=app, advert__cycle=open_cycle,
                              status=Bid.Status.PLACED).exists()


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
    for advert in adverts:
        assert advert.status == Advert.Status.SHORTLISTED
        entries = list(advert.shortlist.select_related("bid__application").order_by("rank"))
        assert [e.rank for e in entries] == list(range(1, len(entries) + 1))
        keys = [(ranks[e.bid.application.band], e.bid.application.effective_date,
                 e.bid.application.registration_date, e.bid.application.pk) for e in entries]
        assert keys == sorted(keys)
        assert all(e.bid.application.status == Application.Status.ACTIVE for e in entries)
    bypassed = ShortlistEntry.objects.filter(status=ShortlistEntry.Status.BYPASSED)
    assert bypassed.count() == 1
    assert bypassed.get().bypass_reason_code == "ARREARS_OVER_THRESHOLD_NO_APPROVAL"
    assert bypassed.get().bypass_note


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
