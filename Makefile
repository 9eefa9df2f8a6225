# Samverkan – two commands on a fresh machine:
#   make demo   installs everything, seeds the synthetic demo world and serves http://127.0.0.1:8000
#   make test   installs everything plus the test tools and runs the whole suite (SQLite and PostgreSQL)

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Django 6 needs Python ≥ 3.12: take the first one found.
PYTHON ?= $(shell for p in python3.13 python3.12 /root/.pyenv/versions/3.13.0/bin/python3 /root/.pyenv/versions/3.12.1/bin/python3 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v $$p; break; fi; done)
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help install install-test demo serve worker test test-sqlite test-postgres lint bench bench-quick bench-load rules clean

help:
	@echo "make demo   – installera, skapa demodata och starta på http://$(HOST):$(PORT)"
	@echo "make test   – installera testverktyg och kör alla tester (SQLite och PostgreSQL)"

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.12 eller senare saknas."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) requirements.txt pyproject.toml package.json
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@test -x /usr/bin/chromium || { echo "Installerar Debians chromium …"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; }
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

var/samverkan.sqlite3: $(VENV)/.installed
	mkdir -p var
	SAMVERKAN_DEMO=1 $(PY) -m samverkan migrate --no-input
	SAMVERKAN_DEMO=1 $(PY) -m samverkan demo-data

# The demo runs the production server (gunicorn, deploy/gunicorn.conf.py, static files by WhiteNoise) with the
# worker and the scheduler beside it; it differs from production only in its environment (SAMVERKAN_DEMO=1: the
# demo key, local hosts, plain HTTP, mail to files in var/mail).
demo: $(VENV)/.installed
	mkdir -p var
	SAMVERKAN_DEMO=1 $(PY) -m samverkan migrate --no-input
	SAMVERKAN_DEMO=1 $(PY) -m samverkan demo-data
	SAMVERKAN_DEMO=1 $(PY) -m samverkan collectstatic --no-input --verbosity 0
	@echo "Startar bakgrundsarbetaren, schemaläggaren och webbservern (gunicorn) på http://$(HOST):$(PORT) (Ctrl-C avslutar) …"
	@export SAMVERKAN_DEMO=1 SAMVERKAN_EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend \
		SAMVERKAN_BIND=$(HOST):$(PORT) SAMVERKAN_BASE_URL=$${SAMVERKAN_BASE_URL:-http://$(HOST):$(PORT)} SAMVERKAN_WEB_WORKERS=$${SAMVERKAN_WEB_WORKERS:-2}; \
		oidc=; test -n "$$SAMVERKAN_OIDC_ISSUER" || . scripts/demo-oidc-provider; \
		$(PY) -m samverkan db_worker --interval 1 & worker=$$!; \
		$(PY) -m samverkan schedule loop --interval 60 & scheduler=$$!; \
		trap 'kill $$worker $$scheduler $$oidc 2>/dev/null' EXIT INT TERM; \
		$(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy samverkan bench
	$(VENV)/bin/lint-imports

test: install-test lint test-sqlite test-postgres rules bench-quick

test-sqlite: $(VENV)/.installed-test
	@echo "== Testsviten mot SQLite =="
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-test
	@echo "== Testsviten mot PostgreSQL ($(PG_URL)) =="
	@bash scripts/ensure-postgres
	DATABASE_URL=$(PG_URL) SAMVERKAN_REQUIRE_POSTGRES=1 $(PY) -m pytest -n 2 $(PYTEST_ARGS)

rules: $(VENV)/.installed
	$(PY) -m samverkan rules test scenarios $$( [ -d ../shared/contracts/examples ] && echo ../shared/contracts/examples )

bench: $(VENV)/.installed-test
	@for b in gate controls lookup reclaim audit; do echo "== bench/$$b.py"; $(PY) bench/$$b.py || exit 1; done

# The same benchmarks with small sizes: each runs the product's code paths, cross-checks and exits 0.
bench-quick: $(VENV)/.installed-test
	@bash scripts/ensure-postgres
	@set -e; \
	echo "== bench/gate.py"; $(PY) bench/gate.py --requests 1000 --db-requests 20 --pg-url $(PG_URL); \
	echo "== bench/controls.py"; $(PY) bench/controls.py --households 200 --sample 50 --product-cases 5 --no-progress --pg-url $(PG_URL); \
	echo "== bench/lookup.py"; $(PY) bench/lookup.py; \
	echo "== bench/reclaim.py"; $(PY) bench/reclaim.py --households 1000 --pg-url $(PG_URL); \
	echo "== bench/audit.py"; $(PY) bench/audit.py --entries 5000 --fresh --dsn $(PG_URL)

# The load benchmark (not part of make test): gunicorn on PostgreSQL (its own database samverkan_load) under 50 and 200
# simulated officials, then saturation. LOAD_ARGS=--quick for a short run.
LOAD_ARGS ?=
bench-load: $(VENV)/.installed-test
	@bash scripts/ensure-postgres
	$(PY) bench/load.py --pg-url $(patsubst %/,%,$(dir $(PG_URL))) $(LOAD_ARGS)

clean:
	rm -rf var staticfiles .pytest_cache .mypy_cache .ruff_cache
