"""Shared fixtures: one user per role, two registered providers, the council."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache

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
def applicant(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="applicant", role="applicant")


@pytest.fixture
def provider_user_a(provider_a):  # type: ignore[no-untyped-def]
    return UserFactory(username="provider-a", role="provider", organisation=provider_a)


@pytest.fixture
def provider_user_b(provider_b):  # type: ignore[no-untyped-def]
    return UserFactory(username="provider-b", role="provider", organisation=provider_b)
