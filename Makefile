# leatadmin: `make demo` runs the whole product locally; `make test` runs every test.
# `python3` resolves through pyenv and .python-version (3.13).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-dev browser-deps bench bench-deps reseed run-sandbox clean

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

# A fresh secret key and a fresh sandbox API key, never committed.
.env: | $(BIN)/python
	$(BIN)/python scripts/write_env.py

demo: install .env
	@scripts/demo.sh

test: install-dev browser-deps
	$(BIN)/ruff check leatadmin tests scripts
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemigrations --check --dry-run >/dev/null || (echo "Model changes without a migration: run makemigrations." && exit 1)
	$(BIN)/python -m pytest -n 2

# wrk measures throughput from outside Python; without it the benchmark falls back to threads.
bench-deps:
	@if ! command -v wrk >/dev/null; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		($$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null) || echo "wrk not installed: throughput is measured with Python threads"; \
	fi

bench: install-dev bench-deps
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

reseed: install .env
	$(BIN)/python manage.py seed_sandbox

run-sandbox: install .env
	$(BIN)/python manage.py runsandbox

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
