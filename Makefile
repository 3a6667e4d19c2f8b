# SofS Direct: everything a fresh machine needs is done by `make run` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export HOST PORT

.PHONY: run test lint bench setup setup-dev migrate browser vendor translations clean

# The virtualenv is rebuilt whenever requirements.txt changes; the test tools (requirements-dev.txt)
# are added only for `make test` and `make bench`, so `make run` installs just the app.
$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

setup-dev: $(VENV)/.installed-dev

migrate: setup
	$(BIN)/python app.py migrate

# Serve on http://$(HOST):$(PORT) with gunicorn, a worker process per core (SOFS_WORKERS); demo data only
# on an empty store (SOFS_DEMO=0: none).
run: migrate
	$(BIN)/python app.py seed-demo --if-empty
	$(BIN)/python app.py serve

# Debian's chromium for the browser tests (never `playwright install`: no browser downloads).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core; }

# In parallel (pytest-xdist): browser tests spend most of their time waiting on Chromium and the
# server, so more workers than the 2 cores of the CI machine pay (4 workers took 8 min 14 s for 1,692
# tests; 6, 7 min 49 s; 8, 8 min 12 s: too many), and an idle worker takes waiting tests from a busy
# one (worksteal). Every test has its own store, server port and browser context, so none depends on
# another's order. The stores (a real SQLite file each) are kept in memory where the machine has
# /dev/shm, else in a temporary folder, and removed afterwards: every audited view fsyncs
# (platform/db.py), which on a shared disk costs more than the test itself. TMPDIR points there too,
# so each browser context's profile (IndexedDB written with strict durability) is in memory as well.
# The app's modules are compiled once, before the workers start, and bytecode is written even where
# the environment turns it off (PYTHONDONTWRITEBYTECODE): otherwise each of the workers compiles
# every module again (about 4 s of CPU each).
TEST_WORKERS ?= 6
test: lint browser
	@folder=$$(mktemp -d /dev/shm/sofs-direct-tests.XXXXXX 2>/dev/null || mktemp -d); \
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m compileall -q sofs_direct scripts tests app.py >/dev/null; \
	TMPDIR=$$folder PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest tests -n $(TEST_WORKERS) --dist worksteal --durations=20 --basetemp=$$folder/run; \
	status=$$?; rm -rf $$folder; exit $$status

# The linters (config in pyproject.toml): ruff's checks and its formatter (`ruff format .` formats),
# and import-linter's layer contracts.
lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# `make bench` runs every benchmark; `make bench sync_ingest ink_budget` runs only those.
BENCH_NAMES := $(filter-out bench,$(MAKECMDGOALS))
bench: setup-dev browser
	$(BIN)/python -m tests.bench $(BENCH_NAMES)
ifneq ($(filter bench,$(MAKECMDGOALS)),)
$(BENCH_NAMES):
	@:
endif

# Maintenance: re-vendor front-end packages from npm; refresh the Welsh catalogue.
vendor: setup
	$(BIN)/python -m scripts.vendor

translations: setup
	$(BIN)/python app.py update-translations

clean:
	rm -rf $(VENV) .pytest_cache
