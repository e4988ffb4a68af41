# ZSM Werkplaats. `make run` starts it; `make test` runs the whole suite.
# Needs only Python >= 3.11 and Node/npm: uv (pinned) is installed into .tools/ and makes .venv/.

SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
BIN := $(VENV)/bin
ZSM := $(BIN)/zsm
ADR_RULESET ?= ../shared/standards/nlgov-adr-linter.yaml
HOST ?= 127.0.0.1
# Two workers: the machines here have two cores; `make test TEST_WORKERS=0` runs in one process.
TEST_WORKERS ?= 2
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

.PHONY: run install test test-browser lint format openapi api-lint audit-deps bench screenshots worker messages clean help

help:
	@echo "make run     install, migrate, load the demo data and serve on http://$(HOST):$(PORT)"
	@echo "make test    the whole test suite (SQLite by default; DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make lint    ruff, mypy, import-linter, djlint and the NL GOV API Design Rules linter"
	@echo "make worker  the background task worker"
	@echo "make bench   benchmarks"
	@echo "make screenshots  the board, a case page and the worker's day at 1366x768 in docs/screenshots/"
	@echo "make audit-deps  known vulnerabilities in the Python and npm dependencies"

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.synced node_modules/.installed

run: install
	$(ZSM) migrate --noinput
	$(ZSM) demo --if-empty
	@echo
	@echo "ZSM Werkplaats runs on http://$(HOST):$(PORT)  (stop with Ctrl-C)"
	$(ZSM) runserver $(HOST):$(PORT)

worker: install
	$(ZSM) worker

test: install
	$(BIN)/pytest -n $(TEST_WORKERS)

lint: install openapi
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/djlint src --lint
	$(MAKE) --no-print-directory api-lint

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djlint src --reformat --quiet || true

openapi: install
	@mkdir -p var
	$(ZSM) spectacular --format openapi-json --file var/openapi.json --validate --fail-on-warn

api-lint: openapi
	@test -f $(ADR_RULESET) || { echo "NL GOV ADR ruleset not found at $(ADR_RULESET) (set ADR_RULESET=...)"; exit 1; }
	npx --no-install spectral lint --fail-severity error -r $(ADR_RULESET) var/openapi.json

audit-deps: install
	scripts/audit-dependencies.sh

messages: install
	cd src/zsm && ../../$(ZSM) makemessages -l nl -l en --no-obsolete --no-location
	cd src/zsm && ../../$(ZSM) compilemessages

bench: install
	$(BIN)/pytest benchmarks -o addopts="--create-db" -q -s

screenshots: install
	$(BIN)/pytest benchmarks/screenshots.py -o addopts="--create-db" -q -s -p no:cacheprovider

clean:
	rm -rf .tools $(VENV) node_modules staticfiles var/openapi.json
