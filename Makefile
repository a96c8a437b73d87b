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

.PHONY: run test check bench messages clean-venv

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

run: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py geo_load
	$(BIN)/python manage.py offices_generate
	$(BIN)/python manage.py demo_seed
	@echo ""
	@echo "  Our Voice is running at http://$(HOST):$(PORT)/  (Khmer: /km/, English: /en/)"
	@echo "  Staff sign-in: http://$(HOST):$(PORT)/km/staff/login/   API docs: http://$(HOST):$(PORT)/api/v1/docs/"
	@echo "  Open311: http://$(HOST):$(PORT)/open311/v2/discovery.xml   (demo API key: $(OURVOICE_DATA_DIR)/demo-api-key.json)"
	@echo "  Data directory: $(OURVOICE_DATA_DIR)   Press Ctrl-C to stop the site and the worker."
	@echo ""
	PATH="$(CURDIR)/$(BIN):$$PATH" HOST=$(HOST) PORT=$(PORT) $(BIN)/honcho --no-prefix -f Procfile start

test: venv
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

check: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python scripts/check_messages.py

# Re-extract translatable strings into locale/km (needs GNU gettext) and compile the catalogue.
messages: venv
	$(BIN)/python manage.py makemessages --locale km --no-location --ignore '.venv/*' --ignore 'var/*'
	$(BIN)/python manage.py makemessages --locale km --domain djangojs --no-location --ignore '.venv/*' --ignore 'var/*'
	$(BIN)/python scripts/compile_messages.py

# Benchmarks (measurements, not tests): figures go to docs/performance.md with machine and commit.
# `make bench` runs every module listed in bench/__main__.py; `make bench BENCH=citizen` runs one.
# The server benchmarks need PostgreSQL (BENCH_POSTGRES_URL) and use Redis if BENCH_REDIS_URL answers.
bench: venv
	$(BIN)/python -m bench $(BENCH)

clean-venv:
	rm -rf $(VENV)
