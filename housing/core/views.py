"""Operational endpoints."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_status() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - health reports any failure, never raises
        return {"status": "down", "vendor": connection.vendor, "error": type(exc).__name__}


def _broker_status() -> dict[str, Any]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "not configured", "mode": "eager"}
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=1) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=1)
        return {"status": "ok", "mode": "queued"}
    except Exception as exc:  # noqa: BLE001
        return {"status": "down", "mode": "queued", "error": type(exc).__name__}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Public. 200 while the database answers; a broker outage is reported, not fatal (pages keep
    working and letters wait in their table)."""
    database = _database_status()
    broker = _broker_status()
    healthy = database["status"] == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "down", "database": database, "broker": broker},
        status=200 if healthy else 503,
    )
