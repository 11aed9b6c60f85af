"""Choose the test database before Django starts (the README's ``make test`` rule):
``DATABASE_URL`` when set, else a local PostgreSQL at 127.0.0.1:5432 when one answers, else
SQLite. Tests marked ``postgres`` say why they skip on SQLite."""

from __future__ import annotations

import os

os.environ.setdefault("HOMEWARD_TESTING", "1")
os.environ.setdefault("STAFF_TWO_FACTOR_REQUIRED", "0")
os.environ.setdefault("DEBUG", "0")


def _local_postgres_answers() -> bool:
    try:
        import psycopg

        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres",
                             connect_timeout=2):
            return True
    except Exception:  # noqa: BLE001 - any failure means "use SQLite"
        return False


if not os.environ.get("DATABASE_URL") and _local_postgres_answers():
    os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/homeward"

# Settings are loaded here, not from pytest's ini, because pytest-django reads an ini
# DJANGO_SETTINGS_MODULE before any conftest runs: the environment above would come too late.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "housing.settings")

import django  # noqa: E402

django.setup()
