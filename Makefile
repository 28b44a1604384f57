# Kompas — the two commands: `make run` and `make test`. Everything else here serves them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
HAS_WEB := $(wildcard frontend/package.json)

.PHONY: help install run test lint lint-api typecheck test-sqlite test-postgres openapi constraints web browser tools web-test bench bench-smoke clean

help:
	@echo "make run    install, migrate, load the demo organisation, serve on http://$(HOST):$(PORT)"
	@echo "make test   lint, type check and the whole suite (SQLite; PostgreSQL with KOMPAS_TEST_DATABASE_URL)"

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Kompas needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $@

install: $(STAMP)

constraints: install
	@{ echo "# Exact versions of every Python package, for a reproducible install:"; \
	  echo "#   pip install -c constraints.txt -e '.[dev]'"; \
	  echo "# Regenerate after changing pyproject.toml: make constraints"; \
	  $(BIN)/pip freeze --exclude-editable | grep -v '^kompas'; } > constraints.txt

web:
ifneq ($(HAS_WEB),)
	cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build
endif

run: install web
	$(BIN)/kompas migrate
	$(BIN)/kompas seed-demo
	@echo "Kompas: http://$(HOST):$(PORT)  (API: http://$(HOST):$(PORT)/api/v1, docs: http://$(HOST):$(PORT)/api/v1/docs)"
	$(BIN)/kompas serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check backend tests migrations bench
	$(BIN)/ruff format --check backend tests migrations bench

# The committed spec against the NL API Design Rules: Logius' Spectral ruleset, vendored in
# openapi/nlgov-adr.spectral.yaml, with Spectral pinned in openapi/package.json (needs Node 20).
# An error fails; a warning is printed and passes.
lint-api:
	@command -v npm >/dev/null || { echo "FAILED: make lint-api needs Node 20 and npm (Spectral)"; exit 1; }
	cd openapi && npm ci --no-audit --no-fund --loglevel=error
	cd openapi && npx --no-install spectral lint openapi.json --ruleset nlgov-adr.spectral.yaml --fail-severity=error

typecheck: install
	$(BIN)/mypy

openapi: install
	$(BIN)/kompas openapi

# Schemathesis' full budget runs once: on PostgreSQL when its suite runs too, else on SQLite.
ifdef KOMPAS_TEST_DATABASE_URL
SQLITE_SCHEMATHESIS ?= light
# tests/scaling's own clusters, PgBouncer and processes run once, with the PostgreSQL suite.
SQLITE_CLUSTER_TESTS := with-postgres-suite
else
SQLITE_SCHEMATHESIS ?= full
endif

# The backend suite runs on every core (pytest-xdist); each worker has its own database.
PYTEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

test-sqlite: install
	@echo "== test suite on SQLite (Schemathesis budget: $(SQLITE_SCHEMATHESIS), $(PYTEST_WORKERS) workers)"
	env -u KOMPAS_TEST_DATABASE_URL KOMPAS_SCHEMATHESIS_BUDGET=$(SQLITE_SCHEMATHESIS) \
	  KOMPAS_CLUSTER_TESTS=$(SQLITE_CLUSTER_TESTS) $(BIN)/pytest -n $(PYTEST_WORKERS)

test-postgres: install
ifdef KOMPAS_TEST_DATABASE_URL
	@echo "== test suite on PostgreSQL (Schemathesis budget: full, $(PYTEST_WORKERS) workers)"
	KOMPAS_SCHEMATHESIS_BUDGET=full $(BIN)/pytest -n $(PYTEST_WORKERS)
else
ifeq ($(CI),true)
	@echo "FAILED: CI=true but KOMPAS_TEST_DATABASE_URL is not set: the PostgreSQL suite must run in CI"; exit 1
else
	@echo "SKIPPED: the PostgreSQL suite (set KOMPAS_TEST_DATABASE_URL=postgresql://user@host/db to run it)"
endif
endif

# The end-to-end tests drive Debian's Chromium (never a downloaded browser); install it if missing.
browser:
ifneq ($(HAS_WEB),)
	@if [ ! -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "== installing Debian's chromium for the end-to-end tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "FAILED: the end-to-end tests need Chromium: apt-get install chromium (or set CHROMIUM_PATH)"; exit 1; \
	  fi; \
	fi
endif

web-test: browser
ifneq ($(HAS_WEB),)
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	cd frontend && npm run check:api && npm run typecheck && npm run lint && npm run test:unit && npm run build
	cd frontend && npm run test:e2e
endif

# The load tool (bench-smoke) and the connection pooler (tests/scaling) come from Debian;
# installed here when missing and allowed, as the browser is.
tools:
	@if ! command -v wrk >/dev/null || [ ! -x /usr/sbin/pgbouncer ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "== installing Debian's wrk and pgbouncer"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk pgbouncer >/dev/null; \
	  else \
	    echo "FAILED: the benchmark smoke run and the scaling tests need wrk and pgbouncer: apt-get install wrk pgbouncer"; exit 1; \
	  fi; \
	fi

test: lint lint-api typecheck tools test-sqlite test-postgres bench-smoke web-test

# Load benchmarks (bench/load.py, bench/README.md): Kompas under Debian's wrk beside its ceiling
# endpoint and the bare framework. Results go to var/bench/<date>-<commit>.md and .json; copy the
# tables into docs/performance.md by hand. BENCH_DATABASE_URL's schema is DROPPED: give it a
# database of its own.
BENCH_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/kompas_bench
BENCH_SECONDS ?= 10
BENCH_SOAK ?= 600
BENCH_RATE ?= 10
# Rounds per endpoint, taking turns with the ceiling and the bare framework (the median is kept):
# 3 steadies the peak-load p99, which differs by up to 3x between two 5-second runs here.
BENCH_REPEAT ?= 1
BENCH_ARGS ?=

bench: install
	@command -v wrk >/dev/null || { echo "FAILED: make bench needs Debian's wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python bench/load.py --databases sqlite,postgresql --postgres-url $(BENCH_DATABASE_URL) \
	  --scales 0.01,0.1,1 --duration $(BENCH_SECONDS) --rate $(BENCH_RATE) --soak $(BENCH_SOAK) --repeat $(BENCH_REPEAT) $(BENCH_ARGS)

# A check that the suite works, not a measurement: x0.01, 2 s per endpoint, the baselines beside
# two endpoints only; fails if any request failed or any endpoint answered other than 2xx.
# In `make test`: on SQLite, and on PostgreSQL (a database beside the suite's, `<db>_bench`) when
# the PostgreSQL suite runs.
ifdef KOMPAS_TEST_DATABASE_URL
BENCH_SMOKE_DATABASES ?= sqlite,postgresql
BENCH_SMOKE_URL ?= $(KOMPAS_TEST_DATABASE_URL)_bench
else
BENCH_SMOKE_DATABASES ?= sqlite
BENCH_SMOKE_URL ?= $(BENCH_DATABASE_URL)
endif

bench-smoke: install tools
	$(BIN)/python bench/load.py --smoke --databases $(BENCH_SMOKE_DATABASES) \
	  --postgres-url $(BENCH_SMOKE_URL) --scales 0.01 --duration 2 \
	  --baseline-only '^(me|agenda-items list)$$' $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
