# The README's commands. Each does its own set-up on a fresh machine (Python >= 3.11, Node >= 18, make).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EDUBUREAU := $(BIN)/edubureau
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint install serve bench clean

# The development server and a background-task worker, as in production: an import runs in the worker
# while its page shows the progress. Ctrl-C stops both.
run: install
	$(EDUBUREAU) migrate --noinput -v0
	$(EDUBUREAU) demo --if-empty
	EDUBUREAU_DEBUG=1 EDUBUREAU_TASK_BACKEND=django_tasks_db.DatabaseBackend sh -c 'trap "kill 0" EXIT; \
		$(EDUBUREAU) db_worker --no-reload --interval 0.5 & $(EDUBUREAU) runserver $(HOST):$(PORT)'

test: install lint
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(EDUBUREAU) makemigrations --check --dry-run -v1

serve: install
	$(EDUBUREAU) migrate --noinput -v0
	$(EDUBUREAU) serve

install: $(VENV)/.installed node_modules/.installed
	$(EDUBUREAU) compiletranslations
	$(EDUBUREAU) collectstatic --noinput -v0

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) node_modules staticfiles .mypy_cache .ruff_cache
