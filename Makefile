# Homeward. The two commands that matter: `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
VENV := .venv
UV := .tools/bin/uv
PORT ?= 8000
USE_REDIS ?= auto
PYTEST_ARGS ?= -n 2
DEMO_ENV := DEBUG=1 HOMEWARD_DEMO=1
export C_FORCE_ROOT := 1

.PHONY: help run test deps system-deps assets migrate seed services lint typecheck clean

help:
	@echo "make run       set everything up and serve the demo on http://127.0.0.1:$(PORT)"
	@echo "make test      run the whole test suite"
	@echo "make services  web (gunicorn) + worker + beat against DATABASE_URL and REDIS_URL"
	@echo "make lint      ruff and mypy"

system-deps:
	@bash scripts/system-deps.sh

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --quiet --python $$($(PYTHON) -c 'import sys; print(sys.executable)')
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/build/homeward.css: node_modules/.installed $(wildcard assets/scss/*.scss)
	npm run --silent build 2>&1 | grep -v -e '^Deprecation' -e '^ *[│╵╷]' -e 'More info' || true
	@test -s $@

deps: system-deps $(VENV)/.synced

assets: deps static/build/homeward.css

migrate: assets
	$(DEMO_ENV) $(VENV)/bin/python manage.py migrate --no-input -v 0

seed: migrate
	$(DEMO_ENV) $(VENV)/bin/python manage.py seed_demo --quiet

run: seed
	@$(VENV)/bin/python -c 'print("\nDemo sign-ins (password for all: homeward-demo):\n" + "\n".join(f"  {u:<11} {r}" for u, r in [("applicant", "applicant (public portal /)"), ("officer", "allocations officer (/staff/)"), ("manager", "manager (/staff/)"), ("adviser", "medical adviser (/staff/)"), ("provider-a", "Riverside Vale Housing Association (/partners/)"), ("provider-b", "Northgate Homes (/partners/)"), ("admin", "administrator (/staff/ and /admin/)")]) + "\n")'
	@if [ "$(USE_REDIS)" != "no" ] && $(VENV)/bin/python scripts/redis-up.py; then \
	  echo "Redis answers: serving on http://127.0.0.1:$(PORT) with a Celery worker and beat."; \
	  export REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0}; \
	  $(DEMO_ENV) PORT=$(PORT) $(VENV)/bin/honcho start -f Procfile.dev; \
	else \
	  echo "No Redis: serving on http://127.0.0.1:$(PORT); background tasks run in-process."; \
	  $(DEMO_ENV) $(VENV)/bin/python manage.py runserver 127.0.0.1:$(PORT) --noreload; \
	fi

# Uses DATABASE_URL when set, else a local PostgreSQL at 127.0.0.1:5432 when one answers, else
# SQLite (conftest.py decides). PYTEST_ARGS replaces the default "-n 2" (two workers), e.g.
# PYTEST_ARGS="-k letters".
test: assets
	HOMEWARD_TESTING=1 $(VENV)/bin/pytest $(PYTEST_ARGS)

services: assets
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/homeward} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	SECRET_KEY=$${SECRET_KEY:-services-local-only} ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 HOMEWARD_DEMO=1 sh -c '$(VENV)/bin/python manage.py migrate --no-input -v 0 && \
	  $(VENV)/bin/python manage.py collectstatic --no-input -v 0 && \
	  PORT=$(PORT) $(VENV)/bin/honcho start -f Procfile'

lint: deps
	$(VENV)/bin/ruff check .
	HOMEWARD_TESTING=1 $(VENV)/bin/mypy housing applications lettings nominations

clean:
	rm -rf $(VENV) .tools node_modules static/build staticfiles
