# Quick start: `make reports` builds the reports from the demo ledgers, `make test` runs the tests.
# Each target creates .venv with python3 when missing and installs what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DATA   ?= data/sample

.PHONY: reports test lab demo-data templates lint bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	@touch $(STAMP)

reports: $(STAMP)
	$(BIN)/wbanalysis validate --data $(DATA)
	$(BIN)/wbanalysis build --data $(DATA) --out reports/site

test: $(STAMP)
	$(BIN)/python -m pytest -q

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

demo-data: $(STAMP)
	$(BIN)/python scripts/make_demo_data.py

templates: $(STAMP)
	$(BIN)/wbanalysis template --out data/templates/台账模板.xlsx

lint: $(STAMP)
	$(BIN)/ruff check wbanalysis tests scripts bench

bench: $(STAMP)
	$(BIN)/python bench/bench_indicators.py --scale 100
	$(BIN)/python bench/bench_build.py

clean:
	rm -rf reports/site reports/cache .pytest_cache
