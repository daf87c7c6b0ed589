# Safeguard — two commands: `make run` (demo on SQLite) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPARK_STAMP := $(VENV)/.installed-spark
# The DfE's CIN census validator pins pandas 1.5 and numpy < 2: it lives in a venv of its own.
CIN_VALIDATOR_VENV := .venv-cin-validator
CIN_VALIDATOR_STAMP := $(CIN_VALIDATOR_VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo as production shows it (DEBUG off: the site's own error pages), see SAFEGUARD_DEMO in settings.
DEMO_ENV := SAFEGUARD_DEMO=1

.PHONY: run test setup lint demo-data worker clean cin-validator

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# Test-only: pyspark and a Java runtime for the Spark engine's test (not needed by `make run`).
$(SPARK_STAMP): requirements-spark.txt $(STAMP)
	command -v java >/dev/null 2>&1 || (apt-get install -y -qq openjdk-17-jre-headless >/dev/null 2>&1 || \
	  (apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless)) || \
	  echo "No Java runtime: the Spark engine test will be skipped."
	$(BIN)/python -m pip install --quiet -r requirements-spark.txt
	touch $(SPARK_STAMP)

# The DfE validator for the CIN census (`python -m cin_validator run FILE -r cin2026_27`), used by the
# export's test and the data team's pre-submission report. Never installed into the app's venv.
cin-validator: $(CIN_VALIDATOR_STAMP)

$(CIN_VALIDATOR_STAMP): requirements-cin-validator.txt
	$(PYTHON) -m venv $(CIN_VALIDATOR_VENV)
	$(CIN_VALIDATOR_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(CIN_VALIDATOR_VENV)/bin/python -m pip install --quiet -r requirements-cin-validator.txt
	touch $(CIN_VALIDATOR_STAMP)

demo-data: setup
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo --if-empty

run: demo-data
	@echo "Serving Safeguard on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	@echo "Periodic work (chasing, escalation) runs every 5 minutes; log in var/scheduled-work.log"
	@$(DEMO_ENV) $(BIN)/python manage.py run_scheduled_work --every 300 > var/scheduled-work.log 2>&1 & \
	trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: setup
	$(DEMO_ENV) $(BIN)/python manage.py db_worker

test: setup $(SPARK_STAMP) $(CIN_VALIDATOR_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf var/ .pytest_cache
