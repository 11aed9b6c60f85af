"""Shared fixtures: one user per role, two registered providers, the council."""

from __future__ import annotations

import importlib

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from tests.factories import OrganisationFactory, UserFactory


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    if settings.DATABASE_IS_POSTGRES:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (row locks and concurrency behave "
                                   "differently on SQLite); set DATABASE_URL to run it")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _clear_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def council(db):  # type: ignore[no-untyped-def]
    return OrganisationFactory(kind="council", name="Brackenfield Borough Council", code="BBC")


@pytest.fixture
def provider_a(db):  # type: ignore[no-untyped-def]
    return OrganisationFactory(kind="registered_provider", name="Riverside Vale Housing",
                               code="RVH")


@pytest.fixture
def provider_b(db):  # type: ignore[no-untyped-def]
    return OrganisationFactory(kind="registered_provider", name="Northgate Homes", code="NGH")


@pytest.fixture
def officer(council):  # type: ignore[no-untyped-def]
    return UserFactory(username="officer", role="officer", organisation=council)


@pytest.fixture
def manager(council):  # type: ignore[no-untyped-def]
    return UserFactory(username="manager", role="manager", organisation=council)


@pytest.fixture
def adviser(council):  # type: ignore[no-untyped-def]
    return UserFactory(username="adviser", role="medical_adviser", organisation=council)


@pytest.fixture
def admin_user(council):  # type: ignore[no-untyped-def]
    return UserFactory(username="admin", role="admin", organisation=council, is_staff=True,
                       is_superuser=True)


@pytest.fixture
def second_manager(council):  # type: ignore[no-untyped-def]
    return UserFactory(username="manager2", role="manager", organisation=council,
                       first_name="Morgan")


@pytest.fixture
def senior_officer(council):  # type: ignore[no-untyped-def]
    return UserFactory(username="senior", role="officer", organisation=council,
                       is_senior_officer=True, first_name="Robin")


@pytest.fixture
def qualified_case(applicant):  # type: ignore[no-untyped-def]
    """An application under assessment with eligibility and qualification decided (local
    connection through residence), one bedroom short of its need: the rules suggest C2.
    Owned by ``applicant``."""
    import datetime as dt

    from applications.models import Application, Circumstances, Decision
    from housing.scheme.selectors import scheme_in_force
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(status="under_assessment", band="", bedroom_need=2,
                                     eligible_sizes=[2], applicant_user=applicant,
                                     application_date=dt.date(2026, 1, 10),
                                     eligibility_outcome="eligible",
                                     qualification_outcome="qualifies")
    Circumstances.objects.create(application=application, tenure="private_rent",
                                 current_bedrooms=1, household_income_annual=18000, savings=500,
                                 has_housing_need=True)
    decider = UserFactory(username="decider", role="officer")
    Decision.objects.create(application=application, kind="qualification",
                            proposed_outcome="qualifies", outcome="qualifies",
                            basis="residence", reasons=["Lived in the district 4 years."],
                            decided_by=decider, scheme_version=scheme_in_force())
    return Application.objects.get(pk=application.pk)


@pytest.fixture
def applicant(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="applicant", role="applicant")


@pytest.fixture
def provider_user_a(provider_a):  # type: ignore[no-untyped-def]
    return UserFactory(username="provider-a", role="provider", organisation=provider_a)


@pytest.fixture
def provider_user_b(provider_b):  # type: ignore[no-untyped-def]
    return UserFactory(username="provider-b", role="provider", organisation=provider_b)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():  # type: ignore[no-untyped-def]
    """Tests only: PBKDF2 costs about 0.3 s per password checked and proves nothing here."""
    with override_settings(PASSWORD_HASHERS=[
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # still checks existing hashes
    ]):
        yield


@pytest.fixture
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Uploaded and generated files (letter PDFs) go to a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


_REFERENCE_DATA_MIGRATIONS = [
    "housing.core.migrations.0002_bank_holidays",
    "housing.scheme.migrations.0002_default_scheme",
    "housing.letters.migrations.0002_welcome_template",
    "housing.letters.migrations.0003_register_letters",
    "housing.letters.migrations.0004_banding_letters",
    "housing.letters.migrations.0006_offer_letters",
    "housing.letters.migrations.0007_shortlist_letters",
    "housing.letters.migrations.0008_nomination_letters",
    "housing.letters.migrations.0009_tenancy_letters",
    "housing.scheme.migrations.0005_reason_code_settings",
    "applications.migrations.0003_prescribed_classes",
]


def _load_reference_data() -> None:
    from django.apps import apps

    for module in _REFERENCE_DATA_MIGRATIONS:
        importlib.import_module(module).load(apps, None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):  # type: ignore[no-untyped-def]
    """After a transactional test's teardown has emptied every table, put the reference data
    back at once, so later tests in the same run (and worker) find it."""
    yield
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        _load_reference_data()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Put back the reference data that data migrations install (bank holidays, the default
    scheme, the welcome letter) when a reused test database has lost it.

    A transactional test ends by emptying every table, and ``--reuse-db`` keeps that empty
    database for the next run, where the data migrations count as applied and do not run again.
    Each loader is idempotent. The snapshot used by ``serialized_rollback`` is retaken after.
    """
    from django.db import connections

    with django_db_blocker.unblock():
        _load_reference_data()
        for conn in connections.all():
            if hasattr(conn, "_test_serialized_contents"):
                conn._test_serialized_contents = conn.creation.serialize_db_to_string()
