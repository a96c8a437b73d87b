# Our Voice: `make run` (the platform with demo data) and `make test` (the whole suite).
# A fresh machine needs only python3 (>= 3.11) and make; everything else goes into .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export OURVOICE_DATA_DIR ?= $(CURDIR)/var
# QR posters and printed links use the address the site is served on (.env.example).
export OURVOICE_SITE_URL ?= http://$(HOST):$(PORT)
# xdist workers for the test suite; CI machines have two cores.
TEST_WORKERS ?= auto

.PHONY: run test check bench messages screenshots clean-venv venv dev-venv

# Two stamps: serving needs only the runtime requirements (requirements.txt); the tests, checks
# and benchmarks add the development tools (requirements-dev.txt: Playwright, mypy, moto, ...).
$(VENV)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

venv: $(VENV)/.runtime
dev-venv: $(VENV)/.dev

# The demo's synthetic history (Procfile's `demo`, beside the running site): DEMO_REPORTS=0 for none.
DEMO_REPORTS ?= 20000
DEMO_MONTHS ?= 24

run: venv
	$(BIN)/python manage.py demo_prepare
	@echo ""
	@echo "  Our Voice is running at http://$(HOST):$(PORT)/  (Khmer: /km/, English: /en/)"
	@echo "  Staff sign-in: http://$(HOST):$(PORT)/km/staff/login/   API docs: http://$(HOST):$(PORT)/api/v1/docs/"
	@echo "  Open311: http://$(HOST):$(PORT)/open311/v2/discovery.xml   (demo API key: $(OURVOICE_DATA_DIR)/demo-api-key.json)"
	@echo "  Data directory: $(OURVOICE_DATA_DIR)   Press Ctrl-C to stop the site and the worker."
	@echo "  The synthetic demo history fills in beside the running site (progress below, once)."
	@echo ""
	PATH="$(CURDIR)/$(BIN):$$PATH" HOST=$(HOST) PORT=$(PORT) DEMO_REPORTS=$(DEMO_REPORTS) DEMO_MONTHS=$(DEMO_MONTHS) \
		$(BIN)/honcho --no-prefix -f Procfile start

test: dev-venv
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

check: dev-venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python scripts/lint_migrations.py
	$(BIN)/python scripts/check_messages.py

# Re-extract translatable strings into locale/km (needs GNU gettext) and compile the catalogue.
messages: dev-venv
	$(BIN)/python manage.py makemessages --locale km --no-location --ignore '.venv/*' --ignore 'var/*'
	$(BIN)/python manage.py makemessages --locale km --domain djangojs --no-location --ignore '.venv/*' --ignore 'var/*'
	$(BIN)/python scripts/compile_messages.py

# The README's screenshots (docs/img/), made by a browser test from the demo data; commit them.
# `make test` runs the same test without writing them (tests/e2e/test_screenshots.py says why).
screenshots: dev-venv
	OURVOICE_SCREENSHOTS=1 $(BIN)/pytest -n 0 -q tests/e2e/test_screenshots.py

# Benchmarks (measurements, not tests): figures go to docs/performance.md with machine and commit.
# `make bench` runs every module listed in bench/__main__.py; `make bench BENCH=citizen` runs one.
# The server benchmarks need PostgreSQL (BENCH_POSTGRES_URL) and use Redis if BENCH_REDIS_URL answers.
bench: dev-venv
	$(BIN)/python -m bench $(BENCH)

clean-venv:
	rm -rf $(VENV)
