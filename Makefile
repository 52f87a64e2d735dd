# The developer interface of Klaster. Every target sets up what it needs.
#   make run    set up .venv and the SQLite database, load the cluster, create demo accounts, serve (and run the worker)
#   make test   set up, lint, then the whole test suite (PostgreSQL when DATABASE_URL is set)
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
# The development server's own address: links in emails sent and PDFs rendered without a request (commands) use it.
SITE_URL ?= http://$(HOST):$(PORT)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench setup db messages check-python clean backup restore

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Klaster needs Python 3.11 or newer; this is " + sys.version.split()[0])'

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

setup: $(VENV)/.installed-run

db: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loadcluster

run: db
	DEBUG=1 SITE_URL=$(SITE_URL) $(BIN)/python manage.py demoaccounts
	@echo "== the task queue's worker (sends the queued mail; it prints it here) beside the development server"
	DEBUG=1 SITE_URL=$(SITE_URL) $(BIN)/python manage.py worker --no-reload & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		DEBUG=1 SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=lint-only-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ ALLOWED_HOSTS=klaster.example.org \
		SITE_URL=https://klaster.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

test: $(VENV)/.installed-dev lint
	$(BIN)/pytest

# The benchmark (bench/, not installed in production): the production configuration (DEBUG off, gunicorn, PostgreSQL,
# Redis) on loopback with 100 times the real data, loaded with wrk; the PDF and import benchmarks; a 5-minute soak.
# About 10 minutes. KLASTER_BENCH=1 installs the bench app and its commands for everything it runs.
# Writes var/bench/results.json and BENCHMARKS.md; exits 1 when a target is missed. `BENCH_ARGS=--quick` for a smoke run.
bench: $(VENV)/.installed-run
	KLASTER_BENCH=1 $(BIN)/python -m bench $(BENCH_ARGS)

# One file with the database and the uploaded and kept files (klaster/backup.py), in var/backups/ unless OUTPUT is given;
# restore replaces the database and writes the files back (stop the portal and the worker first).
backup: setup
	$(BIN)/python manage.py backup $(if $(OUTPUT),-o $(OUTPUT))

restore: setup
	@test -n "$(FILE)" || { echo "make restore FILE=var/backups/klaster-....tar.gz"; exit 2; }
	$(BIN)/python manage.py restore $(FILE)

messages: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemessages -l en -l pl --ignore=.venv --ignore=var --no-location
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var
