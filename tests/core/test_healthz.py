"""GET /healthz: 200 while the database answers; a broker outage is reported, not fatal."""

from __future__ import annotations

import socket

import pytest

pytestmark = pytest.mark.django_db


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_in_eager_mode_says_there_is_no_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    body = client.get("/healthz").json()
    assert body["broker"]["status"] == "not configured"


def test_healthz_stays_up_when_the_broker_is_down(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["broker"]["status"] == "down"


@pytest.mark.skipif(not _redis_answers(), reason="needs Redis at 127.0.0.1:6379")
def test_healthz_reports_a_reachable_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/9"
    body = client.get("/healthz").json()
    assert body["broker"]["status"] == "ok"


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405
