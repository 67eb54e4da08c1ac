# FitSpace developer commands. `make run` and `make test` are all a new machine needs.
# PYTHON=/path/to/python3.13 overrides the search for a Python 3.13.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# A Python 3.13: on PATH, or installed by pyenv (active or not), or in the usual places.
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for c in python3.13 \
	$$(pyenv root 2>/dev/null)/versions/3.13*/bin/python3.13 \
	$$HOME/.pyenv/versions/3.13*/bin/python3.13 \
	/usr/local/bin/python3.13 /usr/bin/python3.13 /opt/homebrew/bin/python3.13; do \
	  if "$$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' >/dev/null 2>&1; then \
	    "$$c" -c 'import sys; print(sys.executable)'; break; \
	  fi; done)
endif

VENV := .venv
BIN := $(VENV)/bin
LAMBDA_VENV := .venv-lambda
STAGE ?= dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run test bench fuzz load lint secrets format migrate demo package clean check-python \
	postman newman

help:
	@echo "make run      create .venv, migrate SQLite, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test     create .venv with dev tools, run ruff, the secrets scan and the whole test suite"
	@echo "make secrets  scan tracked files for secrets against .secrets.baseline (detect-secrets)"
	@echo "make format   apply ruff's fixes and formatting"
	@echo "make bench    package size, cold start from the zip, warm requests beside their own SQL, growth"
	@echo "make fuzz     schemathesis against a local server: no request may get a 5xx"
	@echo "make postman  regenerate the Postman collection from the OpenAPI schema (.ci/postman)"
	@echo "make newman   newman runs the flow and the generated collections against a local server"
	@echo "make load     locust against gunicorn + PostgreSQL: errors, throughput, p50/p95/p99, writes found"
	@echo "make package  build the Lambda zip for STAGE=$(STAGE) from runtime requirements only"

check-python:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "No Python 3.13 found: install one (e.g. 'pyenv install 3.13') or pass PYTHON=/path/to/python3.13" >&2; \
	  exit 1; fi

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

migrate: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo_data

run: demo
	@echo
	@echo "  FitSpace is starting on http://$(HOST):$(PORT)"
	@echo "  API:      http://$(HOST):$(PORT)/api/v1/users"
	@echo "  Status:   http://$(HOST):$(PORT)/status"
	@echo "  API docs: http://$(HOST):$(PORT)/api/docs/"
	@echo "  Admin:    http://$(HOST):$(PORT)/admin/  (demo staff login: admin@fitspace.local / fitspace-demo)"
	@echo "  Sign in:  POST http://$(HOST):$(PORT)/api/v1/auth/token as ana@example.com / fitspace-demo (README: Examples)"
	@echo
	AVATAR_LOCAL_BASE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Tracked files against the audited .secrets.baseline (detect-secrets): a new secret fails.
secrets: $(VENV)/.dev
	$(BIN)/python .ci/secrets_scan.py

test: lint secrets
	$(BIN)/pytest

# On PostgreSQL (a database of its own, fitspace_bench); BENCH_ARGS="--json bench.json" keeps the figures.
bench: $(VENV)/.dev package
	$(BIN)/python tests/bench_lambda.py $(BENCH_ARGS)

fuzz: $(VENV)/.dev
	.ci/fuzz

# The generated Postman collection (.ci/postman/fitspace.postman_collection.json, committed); the
# node tools are installed by `npm ci` into .ci/postman/node_modules when package-lock.json changes.
postman: $(VENV)/.dev
	$(BIN)/python .ci/postman/build.py

# Both collections under newman against a server on 127.0.0.1 (a fresh SQLite database).
newman: $(VENV)/.dev
	$(BIN)/python .ci/postman/run.py $(NEWMAN_ARGS)

# PostgreSQL from DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), in a fresh
# database dropped afterwards. LOAD_ARGS="--seconds 300 --users 50" for a longer run.
load: $(VENV)/.dev
	$(BIN)/python .ci/load.py $(LOAD_ARGS)

# Zappa zips the active virtualenv, so package from one that holds requirements.txt only.
# Zappa zips the active virtualenv, so package from one that holds requirements.txt only;
# then .ci/slim_package.py makes that zip the one to deploy (`zappa update $(STAGE) -z
# fitspace-$(STAGE).zip`): bytecode valid as deployed, without what the runtime provides or only
# deploying needs (README: Package and cold start).
package: | check-python
	test -x $(LAMBDA_VENV)/bin/python || $(PYTHON) -m venv $(LAMBDA_VENV)
	$(LAMBDA_VENV)/bin/pip install --quiet -r requirements.txt
	VIRTUAL_ENV=$(CURDIR)/$(LAMBDA_VENV) PATH=$(CURDIR)/$(LAMBDA_VENV)/bin:$$PATH \
	  $(LAMBDA_VENV)/bin/zappa package $(STAGE) -o fitspace-$(STAGE)-zappa.zip
	$(LAMBDA_VENV)/bin/python .ci/slim_package.py --sourceless \
	  fitspace-$(STAGE)-zappa.zip fitspace-$(STAGE).zip
	rm fitspace-$(STAGE)-zappa.zip
	@ls -l fitspace-$(STAGE).zip

clean:
	rm -rf $(VENV) $(LAMBDA_VENV) fitspace-*.zip .pytest_cache .ruff_cache .ci/postman/node_modules
