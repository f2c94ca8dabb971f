# Quick start: `make reports` builds the reports from the demo ledgers, `make test` runs the tests.
# Each target creates .venv with python3 when missing and installs what it needs.
# A subset: `make reports YEARS=2023 COUNTIES="全市 白沙县" NOTEBOOKS=01_annual_summary`.
PYTHON    ?= python3
VENV      := .venv
BIN       := $(VENV)/bin
STAMP     := $(VENV)/.installed-stamp
DATA      ?= data/sample
SITE      ?= reports/site
COUNTY_DEMO ?= build/county-demo
COUNTY_SITE ?= reports/county-site
# the demo city's monitoring data (水雨情: six stations, one flood season, hourly; ≈300 KB),
# generated at each `make reports` (the same bytes every time), so the flood season is reported;
# `make reports MONITORING=` builds without it (its stations lie in the demo city's counties)
MONITORING ?= build/monitoring-demo
WITH_MONITORING := $(if $(MONITORING),--monitoring $(MONITORING))
YEARS     ?=
COUNTIES  ?=
NOTEBOOKS ?=

SUBSET := $(if $(YEARS),--years $(YEARS)) $(if $(COUNTIES),--counties $(COUNTIES)) \
          $(if $(NOTEBOOKS),--notebooks $(NOTEBOOKS))

.PHONY: reports test test-fast lab demo-data templates lint format bench bench-monitoring clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || { echo "== creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	@echo "== installing wbanalysis and its dependencies into $(VENV) (pandas, matplotlib, jupyter, dask…; a few minutes the first time)"
	$(BIN)/python -m pip install --upgrade --progress-bar on pip
	$(BIN)/python -m pip install --progress-bar on -e ".[test]"
	@touch $(STAMP)

reports: $(STAMP)
	$(if $(MONITORING),$(BIN)/python scripts/make_demo_data.py --demo-monitoring $(MONITORING))
	$(BIN)/wbanalysis validate --data $(DATA) $(WITH_MONITORING)
	$(BIN)/wbanalysis build --data $(DATA) $(WITH_MONITORING) --out $(SITE) --check $(SUBSET)
	@# the county bureau's demo: 龙泉县's own ledgers, every page speaking as the county (≈15 s)
	$(BIN)/python scripts/make_demo_data.py $(COUNTY_DEMO) --county 龙泉县
	$(BIN)/wbanalysis build --data $(COUNTY_DEMO) --out $(COUNTY_SITE) --years 2023

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The inner loop: everything but the tests marked slow (notebooks, builds) or browser; < 2 min.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow and not browser"

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

demo-data: $(STAMP)
	$(BIN)/python scripts/make_demo_data.py

templates: $(STAMP)
	$(BIN)/wbanalysis template --force --out data/templates/台账模板.xlsx

# The same checks as .pre-commit-config.yaml: lint (complexity ≤ 15), format, types.
LINTED := wbanalysis tests scripts bench notebooks
lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix $(LINTED)
	$(BIN)/ruff format $(LINTED)

bench: $(STAMP)
	$(BIN)/python bench/bench_indicators.py --scale 100
	@# Ploomber gets a venv of its own: its papermill engine plugins would otherwise be
	@# imported by every papermill run of the other ways too (≈0.4 s each)
	@test -x .venv-ploomber/bin/python || $(PYTHON) -m venv .venv-ploomber
	.venv-ploomber/bin/python -m pip install -q -e . "ploomber>=0.23"
	$(BIN)/python bench/bench_build.py --dask --repeat 3
	$(BIN)/python bench/bench_scale.py
	$(BIN)/python bench/bench_load.py
	$(BIN)/python bench/bench_limit.py --repeat 2 --chart docs/limit.png

# Monitoring data (水雨情) at province scale: generated at 1/10, 1/2 and full size (52 M records,
# 2.2 GB of CSV), converted, figures against the naive pandas way, Dask (≈ 15 min, niced).
bench-monitoring: $(STAMP)
	nice -n 19 $(BIN)/python bench/bench_monitoring.py

clean:
	rm -rf $(SITE) $(SITE).cache $(COUNTY_SITE) $(COUNTY_SITE).cache $(COUNTY_DEMO) $(MONITORING) .pytest_cache
