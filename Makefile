# fazhi: `make run` serves the Baotou demo on 127.0.0.1:8000; `make test` runs every test on SQLite and PostgreSQL.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/fazhi
PYTEST_ARGS ?= -n 2

.PHONY: install system run test test-sqlite test-postgres browser bench lint backup-db backup restore help

help:
	@echo "make run    install, migrate, load the Baotou demo, serve on http://127.0.0.1:8000 (Ctrl-C stops)"
	@echo "make test   install and run every test (SQLite, then PostgreSQL when reachable; CI=true requires it)"
	@echo "make bench  run every benchmark in bench/"
	@echo "make lint   ruff, mypy and the import layers (fazhi/tests/test_layers.py)"
	@echo "make backup                 database + uploads to data/backups/ (files 0600)"
	@echo "make restore FILE=<backup>  restore them (asks first; saves the current state as pre-restore-*)"

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo baotou-2024
	$(PY) manage.py schedule_sweeps
	@bash scripts/serve.sh

# Debian packages the tests and documents need: Chromium for the browser tests (Playwright's own browser download is
# not reachable here), the CJK fonts, gettext for the translation catalogs. Add a package to SYSTEM_PACKAGES and the
# command that proves it is there to SYSTEM_COMMANDS.
SYSTEM_PACKAGES ?= chromium fonts-noto-cjk gettext libreoffice-writer-nogui fonts-arphic-ukai poppler-utils
SYSTEM_COMMANDS ?= /usr/bin/chromium /usr/bin/msgfmt /usr/bin/soffice /usr/bin/pdftoppm

system:
	@missing=""; for c in $(SYSTEM_COMMANDS); do [ -x "$$c" ] || missing="$$missing $$c"; done; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian packages for the tests and documents: $(SYSTEM_PACKAGES)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	fi
	@for c in $(SYSTEM_COMMANDS); do \
		if [ ! -x "$$c" ]; then \
			if [ "$$CI" = "true" ]; then echo "FAIL: $$c is missing and CI=true"; exit 1; fi; \
			echo "WARNING: $$c is missing; the tests that need it will be skipped"; \
		fi; \
	done

browser: system

test: install system test-sqlite test-postgres

test-sqlite: install
	@echo "== tests on SQLite =="
	env -u DATABASE_URL FAZHI_FAST_HASHER=1 $(PY) -m pytest -q $(PYTEST_ARGS)

test-postgres: install
	@if $(PY) scripts/pg_ready.py "$(PG_URL)"; then \
		echo "== tests on PostgreSQL =="; \
		DATABASE_URL="$(PG_URL)" FAZHI_FAST_HASHER=1 $(PY) -m pytest -q $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
		echo "FAIL: PostgreSQL at $(PG_URL) is not reachable and CI=true"; exit 1; \
	else \
		echo "PostgreSQL not reachable at $(PG_URL): skipped the PostgreSQL run"; \
	fi

bench: install
	$(PY) bench/run.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy fazhi config
	env -u DATABASE_URL $(PY) -m pytest -q -p no:cacheprovider fazhi/tests/test_layers.py

# Backup and restore (fazhi/audit/backup.py): pg_dump -Fc / pg_restore on PostgreSQL, SQLite's online backup API,
# plus the uploads as a tar next to the database file. Stop the server and the task worker before a restore.
backup: install
	$(PY) manage.py backup

backup-db: backup

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=data/backups/fazhi-<stamp>.sqlite3 (or .pgdump)"; exit 2; }
	$(PY) manage.py restore "$(FILE)"
