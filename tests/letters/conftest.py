from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from housing.celery import app as celery_app


@pytest.fixture(autouse=True)
def _letters_in_tmp(media_root):  # type: ignore[no-untyped-def]
    return media_root


def _reset_celery_connections() -> None:
    # The app caches its broker pools; drop the references so a changed broker_url is used
    # (kombu keeps one pool per URL, so the previous one is still good if we switch back).
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def celery_broker(settings, url: str) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Send tasks to a real broker at ``url`` (not eagerly) for the duration of the block.

    Celery reads Django's settings once, so its own config is switched too and restored after.
    """
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = url
    celery_app.conf.broker_url = url
    celery_app.conf.task_always_eager = False
    _reset_celery_connections()
    try:
        yield
    finally:
        for key, value in saved.items():
            celery_app.conf[key] = value
        settings.CELERY_TASK_ALWAYS_EAGER = True
        settings.CELERY_BROKER_URL = ""
        _reset_celery_connections()


@pytest.fixture
def broker_down(settings):  # type: ignore[no-untyped-def]
    """A broker URL on a closed port: publishing fails at once."""
    with celery_broker(settings, "redis://127.0.0.1:1/0"):
        yield
