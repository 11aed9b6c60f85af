"""Settings come from the environment: production refuses to start without its secrets and
hosts; with nothing configured the app runs on SQLite in var/ with eager tasks.

Each configuration starts Django in a fresh interpreter; they all run at once (module fixture) so
the file stays quick.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass

import pytest
from django.conf import settings

BASE_DIR = settings.BASE_DIR
# Variables that change which mode the settings run in; each subprocess starts without them.
_MODE_VARIABLES = {
    "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "HOMEWARD_DEMO", "HOMEWARD_TESTING",
    "DATABASE_URL", "CELERY_BROKER_URL", "TEST_CELERY_BROKER_URL", "REDIS_URL",
    "STAFF_TWO_FACTOR_REQUIRED", "EMAIL_BACKEND", "DJANGO_SETTINGS_MODULE",
    "PYTEST_CURRENT_TEST",
}

_SETUP_ONLY = "import django; django.setup()"
_VALUES = """{
    "engine": s.DATABASES["default"]["ENGINE"],
    "name": str(s.DATABASES["default"]["NAME"]),
    "eager": s.CELERY_TASK_ALWAYS_EAGER,
    "two_factor": s.STAFF_TWO_FACTOR_REQUIRED,
    "session_cookie_secure": getattr(s, "SESSION_COOKIE_SECURE", False),
    "csrf_cookie_secure": getattr(s, "CSRF_COOKIE_SECURE", False),
    "ssl_redirect": getattr(s, "SECURE_SSL_REDIRECT", False),
    "hsts": getattr(s, "SECURE_HSTS_SECONDS", 0),
    "email_backend": s.EMAIL_BACKEND,
    "allowed_hosts": s.ALLOWED_HOSTS,
}"""
_SETUP_AND_PRINT = f"""
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({_VALUES}))
"""
# Cheaper than one interpreter per variant: re-run the settings module under each environment.
_RELOAD_VARIANTS = f"""
import importlib, json, os, sys
variants = json.loads(sys.argv[1])
mode = json.loads(sys.argv[2])
out = {{}}
s = None
for name, env in variants.items():
    for key in mode:
        os.environ.pop(key, None)
    os.environ.update(env)
    s = importlib.reload(s) if s else importlib.import_module("housing.settings")
    out[name] = {_VALUES}
print(json.dumps(out))
"""
_SECRET = "x" * 50
_HOST = "homes.example.gov.uk"
_REDIS = "redis://127.0.0.1:6379/0"

# Each of these runs django.setup() in its own interpreter.
SETUP_CASES: dict[str, tuple[str, dict[str, str]]] = {
    "no_secret_key": (_SETUP_ONLY, {"DEBUG": "0", "ALLOWED_HOSTS": _HOST}),
    "no_allowed_hosts": (_SETUP_ONLY, {"DEBUG": "0", "SECRET_KEY": _SECRET}),
    "production": (_SETUP_AND_PRINT, {"DEBUG": "0", "SECRET_KEY": _SECRET,
                                      "ALLOWED_HOSTS": _HOST}),
}
# These only read settings values, in one interpreter.
VALUE_CASES: dict[str, dict[str, str]] = {
    "debug": {"DEBUG": "1"},
    "debug_broker": {"DEBUG": "1", "CELERY_BROKER_URL": _REDIS},
    "debug_redis": {"DEBUG": "1", "REDIS_URL": _REDIS},
    "debug_postgres": {"DEBUG": "1",
                       "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/homeward"},
    "testing_with_developer_broker": {"HOMEWARD_TESTING": "1", "CELERY_BROKER_URL": _REDIS,
                                      "REDIS_URL": _REDIS},
    "testing_with_test_broker": {"HOMEWARD_TESTING": "1",
                                 "TEST_CELERY_BROKER_URL": "redis://127.0.0.1:6379/9"},
}


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str

    def values(self) -> dict:  # type: ignore[type-arg]
        assert self.returncode == 0, self.stderr
        return json.loads(self.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    if (BASE_DIR / ".env").exists():
        pytest.skip("a local .env file would supply settings to the subprocesses")
    base = {k: v for k, v in os.environ.items() if k not in _MODE_VARIABLES}
    base["DJANGO_SETTINGS_MODULE"] = "housing.settings"

    def start(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, *args], cwd=BASE_DIR, env={**base, **env},
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    running = {name: start(["-c", code], env) for name, (code, env) in SETUP_CASES.items()}
    running["values"] = start(["-c", _RELOAD_VARIANTS, json.dumps(VALUE_CASES),
                               json.dumps(sorted(_MODE_VARIABLES - {"DJANGO_SETTINGS_MODULE"}))],
                              {})
    results = {}
    for name, proc in running.items():
        try:
            stdout, stderr = proc.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            proc.kill()
            stdout, stderr = proc.communicate()
        results[name] = Outcome(proc.returncode, stdout, stderr)
    for name, values in results["values"].values().items():
        results[name] = Outcome(0, json.dumps(values), "")
    return results


def test_production_refuses_to_start_without_secret_key(outcomes):
    outcome = outcomes["no_secret_key"]
    assert outcome.returncode != 0
    assert "ImproperlyConfigured" in outcome.stderr
    assert "SECRET_KEY is not set" in outcome.stderr


def test_production_refuses_to_start_without_allowed_hosts(outcomes):
    outcome = outcomes["no_allowed_hosts"]
    assert outcome.returncode != 0
    assert "ImproperlyConfigured" in outcome.stderr
    assert "ALLOWED_HOSTS is not set" in outcome.stderr


def test_production_starts_with_secret_key_and_allowed_hosts(outcomes):
    values = outcomes["production"].values()
    assert values["allowed_hosts"] == [_HOST]
    # Production defaults: staff two-factor, secure cookies, HTTPS, real email.
    assert values["two_factor"] is True
    assert values["session_cookie_secure"] is True
    assert values["csrf_cookie_secure"] is True
    assert values["ssl_redirect"] is True
    assert values["hsts"] > 0
    assert values["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"


def test_debug_mode_starts_without_secrets_and_without_two_factor(outcomes):
    values = outcomes["debug"].values()
    assert values["two_factor"] is False
    assert values["email_backend"] == "django.core.mail.backends.console.EmailBackend"
    assert "localhost" in values["allowed_hosts"]


def test_embedded_default_is_sqlite_in_var_with_eager_tasks(outcomes):
    values = outcomes["debug"].values()
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(BASE_DIR / "var" / "homeward.sqlite3")
    assert values["eager"] is True


def test_a_broker_url_switches_tasks_to_the_queue(outcomes):
    assert outcomes["debug_broker"].values()["eager"] is False


def test_redis_url_alone_is_used_as_the_broker(outcomes):
    assert outcomes["debug_redis"].values()["eager"] is False


def test_tests_never_pick_up_the_developers_broker_implicitly(outcomes):
    assert outcomes["testing_with_developer_broker"].values()["eager"] is True
    assert outcomes["testing_with_test_broker"].values()["eager"] is False


def test_database_url_selects_postgres(outcomes):
    values = outcomes["debug_postgres"].values()
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "homeward"


def test_time_zone_is_london_and_aware():
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "en-gb"
    assert settings.CELERY_TIMEZONE == "Europe/London"
