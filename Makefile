# leatadmin: `make demo` runs the whole product locally; `make test` runs every test.
# `python3` resolves through pyenv and .python-version (3.13).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-dev browser-deps gettext-deps promtool-deps messages translations services bench bench-deps reseed run-sandbox clean

# The suite runs on PostgreSQL + Redis (as deployed), then again on SQLite.
TEST_DATABASE_URL ?= postgres://leatadmin:leatadmin@127.0.0.1:5432/leatadmin
TEST_CACHE_URL ?= redis://127.0.0.1:6379/0

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "leatadmin needs Python 3.12+ (Django 6); found " + sys.version'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Browser tests drive Debian's chromium (Playwright cannot download browsers here).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# The alert rules (docs/prometheus/) are checked with Prometheus' own promtool, from Debian.
promtool-deps:
	@if ! command -v promtool >/dev/null; then \
		echo "Installing Debian's prometheus (promtool) for the alert rules' check"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends prometheus >/dev/null; \
	fi

# The Dutch catalog is compiled here (never committed): GNU gettext's msgfmt, from Debian.
gettext-deps:
	@if ! command -v msgfmt >/dev/null; then \
		echo "Installing GNU gettext for the translations"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gettext >/dev/null; \
	fi

# After changing a text: extract the messages into locale/nl/LC_MESSAGES/django.po,
# list what still needs a Dutch translation, and compile the catalog.
messages: install-dev gettext-deps
	$(BIN)/python scripts/check_translations.py --extract
	-$(BIN)/python scripts/check_translations.py locale/nl/LC_MESSAGES/django.po
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py compile_translations

translations: install gettext-deps
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py compile_translations

# A fresh secret key and a fresh sandbox API key, never committed.
.env: | $(BIN)/python
	$(BIN)/python scripts/write_env.py

demo: install gettext-deps .env
	@scripts/demo.sh

# PostgreSQL and Redis on loopback (Debian's packages, installed when missing).
services:
	@scripts/services.sh

test: install-dev browser-deps gettext-deps promtool-deps services
	$(BIN)/ruff check leatadmin tests scripts
	@echo "== The layers hold (import-linter; contracts in pyproject.toml)"
	PYTHONPATH=. $(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemigrations --check --dry-run >/dev/null || (echo "Model changes without a migration: run makemigrations." && exit 1)
	@echo "== Every message has a Dutch translation (extracted from the code first)"
	$(BIN)/python scripts/check_translations.py
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py compile_translations
	@echo "== PostgreSQL + Redis, with the browser tests and the gunicorn smoke test"
	DATABASE_URL=$(TEST_DATABASE_URL) CACHE_URL=$(TEST_CACHE_URL) $(BIN)/python -m pytest -n 2
	@echo "== SQLite + per-process cache"
	env -u DATABASE_URL -u CACHE_URL $(BIN)/python -m pytest -n 2 -q -m "not browser and not smoke"

# wrk measures throughput from outside Python; without it the benchmark falls back to threads.
bench-deps:
	@if ! command -v wrk >/dev/null; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		($$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null) || echo "wrk not installed: throughput is measured with Python threads"; \
	fi

bench: install-dev browser-deps bench-deps services
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)
	$(BIN)/python scripts/bench_search.py $(BENCH_SEARCH_ARGS)
	$(BIN)/python scripts/bench_batches.py $(BENCH_BATCHES_ARGS)
	$(BIN)/python scripts/bench_batch_files.py
	$(BIN)/python scripts/bench_agenda.py $(BENCH_AGENDA_ARGS)
	$(BIN)/python scripts/bench_figures.py $(BENCH_FIGURES_ARGS)

reseed: install .env
	$(BIN)/python manage.py seed_sandbox

run-sandbox: install .env
	$(BIN)/python manage.py runsandbox

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
