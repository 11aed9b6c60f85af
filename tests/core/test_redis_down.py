"""Redis down: pages keep working (the cache degrades to misses) and health reports it."""

from __future__ import annotations

import pytest

DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def dead_redis_cache(settings):  # type: ignore[no-untyped-def]
    settings.CACHES = {"default": {"BACKEND": "housing.core.cache.ResilientRedisCache",
                                   "LOCATION": DEAD_REDIS,
                                   "OPTIONS": {"socket_connect_timeout": 0.2,
                                               "socket_timeout": 0.2}}}


@pytest.mark.django_db
def test_pages_work_when_the_redis_cache_is_down(client, dead_redis_cache, applicant):
    assert client.get("/").status_code == 200
    assert client.get("/sign-in/").status_code == 200
    client.force_login(applicant)
    assert client.get("/account/").status_code == 200


@pytest.mark.django_db
def test_api_bad_input_is_still_a_400_when_redis_is_down(client, dead_redis_cache):
    response = client.post("/api/v1/auth/token/", {"username": "nobody", "password": "wrong"},
                           content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors"}


@pytest.mark.django_db
def test_health_reports_a_dead_broker_but_stays_up(client, settings, dead_redis_cache):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = DEAD_REDIS
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"]["status"] == "ok"
    assert body["broker"]["status"] == "down"
