"""The allocation scheme as versioned configuration (DOMAIN.md §3.20, §8)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.sites import site as admin_site
from django.db import IntegrityError, transaction
from django.test import RequestFactory

from housing.core.exceptions import ApplicationError, ConflictError
from housing.scheme.models import SchemeVersion
from housing.scheme.selectors import scheme_in_force
from housing.scheme.services import scheme_version_copy, scheme_version_publish

pytestmark = pytest.mark.django_db

DEFAULT_START = dt.date(2024, 4, 1)
EXPECTED_REASONS = (
    [f"A{n}" for n in range(1, 9)] + [f"B{n}" for n in range(1, 8)]
    + [f"C{n}" for n in range(1, 7)] + ["D1", "D2"]
)


@pytest.fixture
def default_version():  # type: ignore[no-untyped-def]
    return SchemeVersion.objects.get(effective_from=DEFAULT_START)


def test_migration_installs_a_published_default_version_in_force_today(default_version):
    assert default_version.is_published
    assert default_version.published_at is not None
    assert scheme_in_force() == default_version


def test_default_version_has_bands_a_to_d_in_rank_order(default_version):
    bands = list(default_version.bands.order_by("rank").values_list("code", "rank"))
    assert bands == [("A", 1), ("B", 2), ("C", 3), ("D", 4)]


def test_default_version_has_the_reason_codes_under_their_bands(default_version):
    codes = sorted(default_version.reason_codes.values_list("code", flat=True))
    assert codes == sorted(EXPECTED_REASONS)
    for reason in default_version.reason_codes.select_related("band"):
        assert reason.band.code == reason.code[0]
        assert reason.band.scheme_id == default_version.pk


def test_no_scheme_in_force_before_the_default_starts(default_version):
    with pytest.raises(ApplicationError):
        scheme_in_force(on=DEFAULT_START - dt.timedelta(days=1))
    assert scheme_in_force(on=DEFAULT_START) == default_version


def test_copy_creates_a_draft_with_every_setting_band_and_reason(default_version):
    default_version.max_live_bids = 5
    default_version.save(update_fields=["max_live_bids"])

    copy = scheme_version_copy(source=default_version, name="2027 scheme",
                               effective_from=dt.date(2027, 4, 1), actor=None)

    assert copy.pk != default_version.pk
    assert copy.status == SchemeVersion.Status.DRAFT
    assert copy.published_at is None
    assert copy.max_live_bids == 5
    assert list(copy.bands.order_by("rank").values_list("code", "rank", "name")) == list(
        default_version.bands.order_by("rank").values_list("code", "rank", "name"))
    assert sorted(copy.reason_codes.values_list("code", flat=True)) == sorted(EXPECTED_REASONS)
    # Reasons point at the copy's bands, never at the source's.
    assert set(copy.reason_codes.values_list("band__scheme", flat=True)) == {copy.pk}
    # The source is untouched.
    assert default_version.bands.count() == 4
    assert default_version.reason_codes.count() == len(EXPECTED_REASONS)


@pytest.mark.parametrize("start", [DEFAULT_START, DEFAULT_START - dt.timedelta(days=1)])
def test_copy_refuses_a_start_date_not_after_the_source(default_version, start):
    before = SchemeVersion.objects.count()
    with pytest.raises(ApplicationError) as excinfo:
        scheme_version_copy(source=default_version, name="Too early", effective_from=start,
                            actor=None)
    assert "effective_from" in excinfo.value.errors
    assert SchemeVersion.objects.count() == before


def test_draft_is_not_in_force_until_published(default_version):
    start = dt.date(2026, 1, 5)
    scheme_version_copy(source=default_version, name="Draft", effective_from=start, actor=None)
    assert scheme_in_force(on=start + dt.timedelta(days=30)) == default_version


def test_published_later_version_wins_from_its_effective_date(default_version):
    start = dt.date(2026, 1, 5)
    draft = scheme_version_copy(source=default_version, name="2026 scheme",
                                effective_from=start, actor=None)
    published = scheme_version_publish(version=draft, actor=None)

    assert published.is_published
    assert published.published_at is not None
    assert scheme_in_force(on=start - dt.timedelta(days=1)) == default_version
    assert scheme_in_force(on=start) == published
    assert scheme_in_force(on=start + dt.timedelta(days=400)) == published


def test_publishing_twice_is_refused(default_version):
    draft = scheme_version_copy(source=default_version, name="2026 scheme",
                                effective_from=dt.date(2026, 1, 5), actor=None)
    scheme_version_publish(version=draft, actor=None)
    with pytest.raises(ConflictError):
        scheme_version_publish(version=draft, actor=None)


def test_publishing_a_second_version_on_the_same_date_is_a_conflict(default_version):
    start = dt.date(2026, 1, 5)
    first = scheme_version_copy(source=default_version, name="First", effective_from=start,
                                actor=None)
    second = scheme_version_copy(source=default_version, name="Second", effective_from=start,
                                 actor=None)
    scheme_version_publish(version=first, actor=None)

    with pytest.raises(ConflictError) as excinfo:
        scheme_version_publish(version=second, actor=None)
    assert "effective_from" in excinfo.value.errors
    second.refresh_from_db()
    assert second.status == SchemeVersion.Status.DRAFT
    assert scheme_in_force(on=start) == first


def test_database_allows_only_one_published_version_per_date(default_version):
    with pytest.raises(IntegrityError), transaction.atomic():
        SchemeVersion.objects.create(name="Sneaky", effective_from=DEFAULT_START,
                                     status=SchemeVersion.Status.PUBLISHED)


def test_publishing_a_version_without_bands_is_refused():
    empty = SchemeVersion.objects.create(name="Empty", effective_from=dt.date(2026, 6, 1))
    with pytest.raises(ApplicationError):
        scheme_version_publish(version=empty, actor=None)
    empty.refresh_from_db()
    assert empty.status == SchemeVersion.Status.DRAFT


@pytest.mark.parametrize("same_sex_age", [21, 22])
def test_database_rejects_same_sex_sharing_age_not_below_adult_age(same_sex_age):
    with pytest.raises(IntegrityError), transaction.atomic():
        SchemeVersion.objects.create(name="Bad", effective_from=dt.date(2026, 6, 1),
                                     bedroom_adult_age=21,
                                     bedroom_same_sex_sharing_max_age=same_sex_age)


def test_admin_treats_published_versions_as_read_only(default_version, admin_user):
    draft = scheme_version_copy(source=default_version, name="Draft",
                                effective_from=dt.date(2026, 1, 5), actor=None)
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    model_admin = admin_site._registry[SchemeVersion]

    assert not model_admin.has_change_permission(request, default_version)
    assert not model_admin.has_delete_permission(request, default_version)
    assert model_admin.has_change_permission(request, draft)


def test_admin_pages_for_scheme_versions_render(client, default_version, admin_user):
    draft = scheme_version_copy(source=default_version, name="Draft",
                                effective_from=dt.date(2026, 1, 5), actor=None)
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/scheme/schemeversion/").status_code == 200
    assert client.get("/admin/scheme/schemeversion/add/").status_code == 200
    # A published version opens read-only; a draft opens for editing.
    published_page = client.get(f"/admin/scheme/schemeversion/{default_version.pk}/change/")
    assert published_page.status_code == 200
    assert published_page.context["has_change_permission"] is False
    draft_page = client.get(f"/admin/scheme/schemeversion/{draft.pk}/change/")
    assert draft_page.status_code == 200
    assert draft_page.context["has_change_permission"] is True


def test_admin_cannot_post_changes_to_a_published_version(client, default_version, admin_user):
    client.force_login(admin_user)
    response = client.post(f"/admin/scheme/schemeversion/{default_version.pk}/change/",
                           {"name": "Changed behind everyone's back"})
    assert response.status_code == 403
    default_version.refresh_from_db()
    assert default_version.name == "Default allocation scheme"
