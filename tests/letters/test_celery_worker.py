"""End to end with a real Celery worker and the real Redis broker: the letter row is committed, the
task goes through Redis, a separate worker process renders the PDF and marks it sent."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from pypdf import PdfReader

from housing.letters.models import Letter
from housing.letters.services import letter_create
from tests.letters.conftest import celery_broker

REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 9
BROKER_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"
WAIT_SECONDS = 60


def _redis():  # type: ignore[no-untyped-def]
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB, socket_timeout=2,
                         socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        pytest.skip(f"needs Redis at {REDIS_HOST}:{REDIS_PORT} for a real worker ({exc})")
    return client


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker_env(media_root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"REDIS_URL", "CELERY_BROKER_URL", "DATABASE_URL", "PYTEST_CURRENT_TEST"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": "housing.settings",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": BROKER_URL,
        "TEST_CELERY_BROKER_URL": BROKER_URL,  # with HOMEWARD_TESTING only this one counts
        "HOMEWARD_TESTING": "1",
        "DEBUG": "0",
        "C_FORCE_ROOT": "1",
        "MEDIA_ROOT": str(media_root),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "STAFF_TWO_FACTOR_REQUIRED": "0",
        "LOG_LEVEL": "WARNING",
    })
    return env


def _tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return "(no worker output)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@pytest.mark.celery_worker
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_worker_renders_and_sends_a_letter_through_redis(applicant, media_root, settings,
                                                              tmp_path):
    broker = _redis()
    broker.flushdb()
    log_path = tmp_path / "worker.log"
    celery_bin = Path(sys.executable).with_name("celery")
    worker = None
    try:
        with open(log_path, "wb") as log, celery_broker(settings, BROKER_URL):
            worker = subprocess.Popen(
                [str(celery_bin), "-A", "housing", "worker", "-l", "warning", "-P", "solo",
                 "--concurrency", "1", "--without-gossip", "--without-mingle",
                 "--without-heartbeat"],
                cwd=django_settings.BASE_DIR, env=_worker_env(Path(media_root)),
                stdout=log, stderr=subprocess.STDOUT,
            )
            letter = letter_create(template_code="welcome", recipient=applicant, context={},
                                   actor=None)
            # Committed (transactional test) and handed to Redis, not run in this process.
            letter.refresh_from_db()
            assert letter.status == Letter.Status.QUEUED

            deadline = time.monotonic() + WAIT_SECONDS
            while time.monotonic() < deadline:
                letter.refresh_from_db()
                if letter.status == Letter.Status.SENT:
                    break
                assert worker.poll() is None, f"worker exited early:\n{_tail(log_path)}"
                time.sleep(0.25)
            assert letter.status == Letter.Status.SENT, (
                f"letter still {letter.status} after {WAIT_SECONDS}s:\n{_tail(log_path)}")

        assert letter.sent_at is not None
        assert letter.pdf_pages == 1
        pdf_path = Path(letter.pdf.path)
        assert pdf_path.is_relative_to(Path(media_root))
        data = pdf_path.read_bytes()
        assert data.startswith(b"%PDF")
        assert len(PdfReader(io.BytesIO(data)).pages) == 1
    finally:
        if worker is not None and worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait(timeout=5)
        broker.flushdb()
