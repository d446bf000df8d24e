# The commands people type. Everything installs into .venv from pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/rapport
DEMO_MEMBERS ?= 2000

.PHONY: install run test test-sqlite test-postgres check lint fmt bench bench-full clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/rapport migrate --noinput
	$(BIN)/rapport demo --members $(DEMO_MEMBERS) --if-empty
	$(BIN)/rapport graph compact
	$(BIN)/rapport collectstatic --noinput --verbosity 0
	@# Once more, quietly skipping the load, so the log-ins are the last thing printed.
	@$(BIN)/rapport demo --if-empty | tail -n 4
	$(BIN)/rapport serve

test: $(STAMP)
	bash scripts/test.sh

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy config rapport tests bench
	$(BIN)/rapport makemigrations --check --dry-run
	bash scripts/test.sh

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m bench --size small

bench-full: $(STAMP)
	$(BIN)/python -m bench --size full

clean:
	rm -rf $(VENV) var/*.sqlite3* var/staticfiles test-artifacts
