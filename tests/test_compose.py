"""docker-compose.yml cannot run here (no Docker engine), so its shape is checked: the services
the README promises, and commands identical to the Procfile that `make services` runs here."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _procfile() -> dict[str, str]:
    entries = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            entries[name.strip()] = command.strip()
    return entries


def _normalise(command: str) -> list[str]:
    """Drop the virtualenv prefix and the bind address, which differ by design."""
    command = command.replace(".venv/bin/", "")
    command = re.sub(r"--bind \S+", "--bind ADDRESS", command)
    return shlex.split(command)


def _compose_command(service: dict) -> str:
    command = service["command"]
    if isinstance(command, list):
        if command[:2] == ["sh", "-c"]:
            # "migrate && gunicorn …": the long-running part is the last step.
            return command[2].split("&&")[-1].strip()
        return shlex.join(command)
    return command


def test_compose_has_the_production_services():
    services = _compose()["services"]
    assert set(services) == {"db", "redis", "web", "worker", "beat"}
    assert services["db"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://redis:6379")
        assert "SECRET_KEY" in env
        assert set(services[name]["depends_on"]) == {"db", "redis"}


def test_compose_secret_key_has_no_default():
    env = _compose()["services"]["web"]["environment"]
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?"), "production secrets need no default"


def test_compose_commands_match_the_procfile_that_make_services_runs():
    services = _compose()["services"]
    procfile = _procfile()
    assert set(procfile) == {"web", "worker", "beat"}
    for name in ("web", "worker", "beat"):
        assert _normalise(_compose_command(services[name])) == _normalise(procfile[name]), name


def test_make_services_runs_the_procfile():
    makefile = (ROOT / "Makefile").read_text()
    services_recipe = makefile.split("\nservices:", 1)[1].split("\n\n", 1)[0]
    assert "honcho start -f Procfile'" in services_recipe
