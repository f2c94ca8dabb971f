"""Benchmark: the whole indicator catalogue for every year × county.

Usage::

    .venv/bin/python bench/bench_indicators.py [--scale 100] [--seed 0] [--max-seconds 2]

1. The demo ledgers (``data/sample``) when they load, else a synthetic copy of realistic size
   (scale 1): the catalogue for every year × (全市 + each county), total and per selection.
2. A synthetic copy ``--scale`` times larger: the time per (year, county), and the ratio
   against the naive way (every indicator re-filtering the full tables, nothing shared),
   measured in the same process on a few selections, whose values must agree.

Exits with status 1 when the slowest selection of the large copy takes more than
``--max-seconds`` or the naive and the fast values differ.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wbanalysis.dataset import Dataset  # noqa: E402
from wbanalysis.indicators import CATALOGUE, Selection, compute_indicators  # noqa: E402
from wbanalysis.schema import QUANTITY_UNITS, VOCABULARIES  # noqa: E402
from wbanalysis.scope import CITY, Scope  # noqa: E402

COUNTIES = ("城关区", "东山县", "西河县", "南坪县", "北岭县", "青川县", "白溪县", "龙泉县")
YEARS = (2019, 2020, 2021, 2022, 2023)

# Rows of each ledger in a realistic city (scale 1), before multiplying by ``scale``.
SIZES = {
    "projects": 60,
    "loan_drawdowns": 20,
    "funding_per_year": 200,
    "fixed_asset_investment": 480,
    "reservoirs": 120,
    "warnings_per_year": 200,
    "river_chiefs": 425,
    "river_issues_per_year": 100,
    "activities_per_year": 150,
    "fees": 960,
    "inspections_per_year": 200,
    "soil_plans_per_year": 20,
    "enforcement_per_year": 20,
    "hazards_per_year": 200,
    "rural_water_works": 1090,
    "hydropower": 40,
    "plan_targets_per_year": 30,
    "construction_investment": 1440,
    "flood_events_per_year": 30,
    "flood_preparedness_per_year": 60,
    "assessments_per_year": 20,
    "work_quantities_per_year": 120,
}


def _ids(prefix: str, n: int) -> np.ndarray:
    return np.array([f"{prefix}{i:07d}" for i in range(n)], dtype=object)


def _choice(
    rng: np.random.Generator,
    values: tuple | list | np.ndarray,
    n: int,
    p: list[float] | None = None,
) -> np.ndarray:
    values = np.asarray(values, dtype=object)
    return values[rng.choice(len(values), size=n, p=p)]


def _dates(
    rng: np.random.Generator, n: int, first: int = YEARS[0], last: int = YEARS[-1]
) -> pd.Series:
    start = pd.Timestamp(first, 1, 1).value // 86_400_000_000_000
    end = pd.Timestamp(last, 12, 31).value // 86_400_000_000_000
    days = rng.integers(start, end + 1, size=n)
    return pd.Series(pd.to_datetime(days, unit="D")).astype("datetime64[ns]")


def _int(values: np.ndarray) -> pd.array:
    return pd.array(values, dtype="Int64")


def _with_missing(rng: np.random.Generator, dates: pd.Series, share: float) -> pd.Series:
    return dates.mask(rng.random(len(dates)) < share)


def _monthly(rng: np.random.Generator, keys: np.ndarray, keep: float = 1.0) -> pd.DataFrame:
    """One row per key, year and month (a share ``keep`` of them)."""
    years = np.repeat(np.array(YEARS), 12)
    months = np.tile(np.arange(1, 13), len(YEARS))
    n = len(keys) * len(years)
    table = pd.DataFrame(
        {
            "key": np.repeat(keys, len(years)),
            "year": np.tile(years, len(keys)),
            "month": np.tile(months, len(keys)),
        }
    )
    if keep < 1.0:
        table = table[rng.random(n) < keep].reset_index(drop=True)
    return table


def make_large_dataset(scale: float = 100, seed: int = 0) -> Dataset:
    """A synthetic Dataset with every ledger, ``scale`` times a realistic city's size.

    Eight counties, years 2019–2023, every month; ids, dates and amounts random but valid
    (references hold, vocabularies respected), with some trouble: late milestones, open
    issues, activities of the city bureau itself (blank county), targets without a project.
    """
    rng = np.random.default_rng(seed)
    size = {k: max(1, int(round(v * scale))) for k, v in SIZES.items()}
    n_years = len(YEARS)
    t: dict[str, pd.DataFrame] = {}
    t["counties"] = pd.DataFrame(
        {
            "county": list(COUNTIES),
            "code": [f"5300{i:02d}" for i in range(len(COUNTIES))],
            "city": ["合成市"] * len(COUNTIES),
        }
    )

    n_reservoirs = size["reservoirs"]
    reservoir_ids = _ids("R", n_reservoirs)
    n = size["projects"]
    project_ids = _ids("P", n)
    parents = max(1, n // 10)
    parent_id = np.full(n, None, dtype=object)
    children = rng.random(n) < 0.3
    children[:parents] = False
    parent_id[children] = project_ids[rng.integers(0, parents, size=int(children.sum()))]
    category = _choice(rng, VOCABULARIES["project_category"], n)
    t["projects"] = pd.DataFrame(
        {
            "project_id": project_ids,
            "name": [f"项目{i}" for i in range(n)],
            "county": _choice(rng, COUNTIES, n),
            "category": category,
            "total_investment": rng.lognormal(8, 1, n).round(2),
            "parent_id": parent_id,
            "reservoir_id": np.where(category == "除险加固", _choice(rng, reservoir_ids, n), None),
        }
    )

    names = list(VOCABULARIES["milestone"])
    per = rng.integers(1, 5, size=n)
    m_project = np.repeat(project_ids, per)
    m_name = np.array([names[min(j, len(names) - 1)] for k in per for j in range(k)], dtype=object)
    planned = _dates(rng, len(m_project), last=YEARS[-1] + 1)
    delay = pd.to_timedelta(rng.integers(-20, 120, size=len(planned)), unit="D")
    actual = _with_missing(rng, planned + delay, 0.2)
    t["milestones"] = pd.DataFrame(
        {
            "project_id": m_project,
            "milestone": m_name,
            "planned_date": planned,
            "actual_date": actual,
        }
    )

    progress = _monthly(rng, project_ids, keep=0.5)
    t["project_progress"] = pd.DataFrame(
        {
            "project_id": progress["key"].to_numpy(),
            "year": _int(progress["year"].to_numpy()),
            "month": _int(progress["month"].to_numpy()),
            "investment": rng.gamma(2, 20, len(progress)).round(2),
            "pipeline_km": np.where(
                rng.random(len(progress)) < 0.3, rng.random(len(progress)).round(2), np.nan
            ),
        }
    )
    t["project_progress"]["central"] = (
        t["project_progress"]["investment"] * rng.uniform(0, 0.8, len(progress))
    ).round(2)
    plans = pd.MultiIndex.from_product([project_ids, YEARS]).to_frame(index=False)
    plans = plans[rng.random(len(plans)) < 0.6].reset_index(drop=True)
    planned = rng.gamma(2, 120, len(plans)).round(2)
    t["project_plans"] = pd.DataFrame(
        {
            "project_id": plans[0].to_numpy(dtype=object),
            "year": _int(plans[1].to_numpy()),
            "planned": planned,
            "planned_central": np.where(
                rng.random(len(plans)) < 0.7,
                (planned * rng.uniform(0, 0.8, len(plans))).round(2),
                np.nan,
            ),
        }
    )

    n = size["loan_drawdowns"]
    t["loan_drawdowns"] = pd.DataFrame(
        {
            "project_id": _choice(rng, project_ids, n),
            "lender": _choice(rng, ["法开署"], n),
            "date": _dates(rng, n),
            "amount_eur": rng.gamma(2, 1e5, n).round(2),
        }
    )

    n = size["funding_per_year"] * n_years
    secured = rng.gamma(2, 30, n).round(2)
    t["funding"] = pd.DataFrame(
        {
            "record_id": _ids("F", n),
            "year": _int(_choice(rng, YEARS, n).astype(int)),
            "month": _int(rng.integers(1, 13, n)),
            "county": _choice(rng, COUNTIES, n),
            "level": _choice(rng, VOCABULARIES["funding_level"], n),
            "programme": _choice(rng, ["水利发展资金", "水利救灾资金", "专项债券", "配套资金"], n),
            "secured": secured,
            "arrived": (secured * rng.random(n)).round(2),
            "project_id": np.where(rng.random(n) < 0.5, _choice(rng, project_ids, n), None),
            "channel": np.where(
                rng.random(n) < 0.9, _choice(rng, VOCABULARIES["funding_channel"], n), None
            ),
        }
    )

    n = size["fixed_asset_investment"] * n_years
    t["fixed_asset_investment"] = pd.DataFrame(
        {
            "year": _int(_choice(rng, YEARS, n).astype(int)),
            "month": _int(rng.integers(1, 13, n)),
            "county": _choice(rng, COUNTIES, n),
            "amount": rng.gamma(2, 500, n).round(2),
        }
    )

    n = n_reservoirs
    t["reservoirs"] = pd.DataFrame(
        {
            "reservoir_id": reservoir_ids,
            "name": [f"水库{i}" for i in range(n)],
            "county": _choice(rng, COUNTIES, n),
            "scale": _choice(rng, VOCABULARIES["reservoir_scale"], n, p=[0.02, 0.08, 0.3, 0.6]),
            "capacity": rng.lognormal(5, 1, n).round(2),
            "rain_monitoring": pd.array(rng.random(n) < 0.8, dtype="boolean"),
            "dam_monitoring": pd.array(rng.random(n) < 0.7, dtype="boolean"),
        }
    )
    target = np.tile(rng.lognormal(3, 1, n).round(2), n_years)
    t["storage"] = pd.DataFrame(
        {
            "reservoir_id": np.tile(reservoir_ids, n_years),
            "season": np.repeat([f"{y - 1}－{y}年冬春" for y in YEARS], n).astype(object),
            "target": target,
            "actual": (target * rng.normal(1.03, 0.08, len(target))).round(2),
        }
    )

    n = size["warnings_per_year"] * n_years
    t["warnings"] = pd.DataFrame(
        {
            "warning_id": _ids("W", n),
            "date": _dates(rng, n),
            "county": _choice(rng, COUNTIES, n),
            "source": _choice(rng, VOCABULARIES["warning_source"], n),
            "level": _choice(rng, VOCABULARIES["warning_level"], n),
        }
    )

    n = size["river_chiefs"]
    chief_ids = _ids("C", n)
    share = {"市级": 0.05, "县级": 0.05, "乡级": 0.25, "村级": 0.65}  # 省级 chiefs: none
    chief_levels = VOCABULARIES["chief_level"]
    levels = _choice(rng, chief_levels, n, p=[share.get(level, 0.0) for level in chief_levels])
    t["river_chiefs"] = pd.DataFrame(
        {
            "chief_id": chief_ids,
            "name": [f"河长{i}" for i in range(n)],
            "level": levels,
            "county": _choice(rng, COUNTIES, n),
            "river": _choice(rng, ["大盈江", "槟榔江"], n),
        }
    )
    patrols = _monthly(rng, chief_ids)
    freq = {"市级": 1, "乡级": 2, "村级": 5}
    need = pd.Series(levels, index=chief_ids).map(freq).to_numpy()
    t["patrols"] = pd.DataFrame(
        {
            "chief_id": patrols["key"].to_numpy(),
            "year": _int(patrols["year"].to_numpy()),
            "month": _int(patrols["month"].to_numpy()),
            "patrols": _int(np.repeat(need, 12 * n_years) - (rng.random(len(patrols)) < 0.05)),
        }
    )

    n = size["river_issues_per_year"] * n_years
    found = _dates(rng, n)
    t["river_issues"] = pd.DataFrame(
        {
            "issue_id": _ids("I", n),
            "county": _choice(rng, COUNTIES, n),
            "river": _choice(rng, ["大盈江", "槟榔江"], n),
            "issue_type": _choice(rng, VOCABULARIES["issue_type"], n),
            "found_date": found,
            "closed_date": _with_missing(
                rng, found + pd.to_timedelta(rng.integers(0, 90, n), "D"), 0.1
            ),
            "chief_id": _choice(rng, chief_ids, n),
        }
    )

    n = size["activities_per_year"] * n_years
    county = _choice(rng, COUNTIES, n)
    county[rng.random(n) < 0.1] = None
    t["activities"] = pd.DataFrame(
        {
            "activity_id": _ids("A", n),
            "date": _dates(rng, n),
            "county": county,
            "activity_type": _choice(rng, VOCABULARIES["activity_type"], n),
            "participants": _int(rng.integers(5, 300, n)),
            "river_km": rng.gamma(2, 5, n).round(1),
            "rubbish_t": rng.gamma(2, 3, n).round(1),
            "items": _int(rng.integers(0, 20, n)),
        }
    )

    n = size["fees"] * n_years
    t["fees"] = pd.DataFrame(
        {
            "record_id": _ids("FE", n),
            "year": _int(_choice(rng, YEARS, n).astype(int)),
            "month": _int(rng.integers(1, 13, n)),
            "county": _choice(rng, COUNTIES, n),
            "fee_type": _choice(rng, VOCABULARIES["fee_type"], n, p=[0.9, 0.1]),
            "amount": rng.gamma(2, 30, n).round(2),
        }
    )

    for name, per_year, extra in (
        ("inspections", "inspections_per_year", "inspection_type"),
        ("enforcement", "enforcement_per_year", "case_type"),
    ):
        n = size[per_year] * n_years
        vocab = VOCABULARIES[extra]
        table = {
            "record_id" if name == "inspections" else "case_id": _ids(name[:2].upper(), n),
            "date": _dates(rng, n),
            "county": _choice(rng, COUNTIES, n),
            extra: _choice(rng, vocab, n),
        }
        if name == "inspections":
            table["count"] = _int(rng.integers(1, 5, n))
        else:
            table["closed_date"] = _with_missing(rng, _dates(rng, n), 0.5)
        t[name] = pd.DataFrame(table)

    n = size["soil_plans_per_year"] * n_years
    t["soil_plans"] = pd.DataFrame(
        {
            "plan_id": _ids("SP", n),
            "project_name": [f"建设项目{i}" for i in range(n)],
            "county": _choice(rng, COUNTIES, n),
            "plan_type": _choice(rng, VOCABULARIES["soil_plan_type"], n),
            "approval_date": _dates(rng, n),
        }
    )

    n = size["hazards_per_year"] * n_years
    found = _dates(rng, n)
    t["hazards"] = pd.DataFrame(
        {
            "hazard_id": _ids("H", n),
            "county": _choice(rng, COUNTIES, n),
            "level": _choice(rng, VOCABULARIES["hazard_level"], n, p=[0.95, 0.05]),
            "description": ["隐患"] * n,
            "found_date": found,
            "rectified_date": _with_missing(
                rng, found + pd.to_timedelta(rng.integers(0, 60, n), "D"), 0.1
            ),
        }
    )

    n = size["rural_water_works"]
    work_ids = _ids("RW", n)
    t["rural_water_works"] = pd.DataFrame(
        {
            "work_id": work_ids,
            "name": [f"供水工程{i}" for i in range(n)],
            "county": _choice(rng, COUNTIES, n),
            "work_type": _choice(rng, VOCABULARIES["work_type"], n),
            "population": _int(rng.integers(50, 5000, n)),
            "priced": pd.array(rng.random(n) < 0.9, dtype="boolean"),
            "price": rng.uniform(1, 4, n).round(2),
        }
    )
    fees = _monthly(rng, work_ids)
    billed = rng.gamma(2, 200, len(fees)).round(2)
    t["rural_water_fees"] = pd.DataFrame(
        {
            "work_id": fees["key"].to_numpy(),
            "year": _int(fees["year"].to_numpy()),
            "month": _int(fees["month"].to_numpy()),
            "billed": billed,
            "collected": (billed * rng.uniform(0.5, 1.0, len(fees))).round(2),
        }
    )

    n = size["hydropower"]
    station_ids = _ids("S", n)
    t["hydropower"] = pd.DataFrame(
        {
            "station_id": station_ids,
            "name": [f"电站{i}" for i in range(n)],
            "county": _choice(rng, COUNTIES, n),
            "capacity_kw": rng.gamma(2, 500, n).round(0),
            "eco_flow_required": pd.array(rng.random(n) < 0.8, dtype="boolean"),
        }
    )
    eco = _monthly(rng, station_ids, keep=0.9)
    t["eco_flow"] = pd.DataFrame(
        {
            "station_id": eco["key"].to_numpy(),
            "year": _int(eco["year"].to_numpy()),
            "month": _int(eco["month"].to_numpy()),
            "compliant": pd.array(rng.random(len(eco)) < 0.995, dtype="boolean"),
        }
    )

    grid = pd.MultiIndex.from_product([YEARS, COUNTIES]).to_frame(index=False)
    k = len(grid)
    t["water_use"] = pd.DataFrame(
        {
            "year": _int(grid[0].to_numpy()),
            "county": grid[1].to_numpy(dtype=object),
            "total_use": rng.uniform(5000, 9000, k).round(2),
            "cap": np.full(k, 10000.0),
            "industrial_use": rng.uniform(500, 900, k).round(2),
            "irrigation_efficiency": rng.uniform(0.5, 0.6, k).round(3),
        }
    )
    t["economy"] = pd.DataFrame(
        {
            "year": _int(grid[0].to_numpy()),
            "county": grid[1].to_numpy(dtype=object),
            "gdp": rng.uniform(1e6, 3e6, k).round(0),
            "industrial_value_added": rng.uniform(2e5, 6e5, k).round(0),
            "price_basis": ["2020年可比价"] * k,
        }
    )

    n = size["plan_targets_per_year"] * n_years
    due = _dates(rng, n)
    t["plan_targets"] = pd.DataFrame(
        {
            "target_id": _ids("T", n),
            "year": _int(due.dt.year.to_numpy()),
            "project_id": np.where(rng.random(n) < 0.8, _choice(rng, project_ids, n), None),
            "description": ["完成节点目标"] * n,
            "due_date": due,
            "achieved_date": _with_missing(
                rng, due + pd.to_timedelta(rng.integers(-30, 60, n), "D"), 0.3
            ),
        }
    )
    n = size["construction_investment"] * n_years
    t["construction_investment"] = pd.DataFrame(
        {
            "year": _int(_choice(rng, YEARS, n).astype(int)),
            "month": _int(rng.integers(1, 13, n)),
            "county": _choice(rng, COUNTIES, n),
            "source": _choice(rng, VOCABULARIES["construction_source"], n),
            "purpose": np.where(
                rng.random(n) < 0.9, _choice(rng, VOCABULARIES["construction_purpose"], n), None
            ),
            "investor": _choice(rng, VOCABULARIES["investor"], n),
            "amount": rng.gamma(2, 600, n).round(2),
        }
    )

    n = size["flood_events_per_year"] * n_years
    kind = _choice(rng, VOCABULARIES["disaster_kind"], n)
    t["flood_events"] = pd.DataFrame(
        {
            "event_id": _ids("E", n),
            "date": _dates(rng, n),
            "county": _choice(rng, COUNTIES, n),
            "kind": kind,
            "grade": np.where(
                rng.random(n) < 0.8, _choice(rng, VOCABULARIES["disaster_grade"], n), None
            ),
            "affected_population": pd.array(
                np.where(kind == "工程险情", None, rng.integers(100, 20000, n)), dtype="Int64"
            ),
            "evacuated": _int(rng.integers(0, 800, n)),
            "dead_missing": _int(rng.integers(0, 2, n)),
            "direct_loss": rng.gamma(2, 200, n).round(2),
            "facility_loss": np.where(rng.random(n) < 0.8, rng.gamma(2, 50, n).round(2), np.nan),
            "description": [None] * n,
        }
    )

    n = size["flood_preparedness_per_year"] * n_years
    county = _choice(rng, COUNTIES, n)
    county[rng.random(n) < 0.1] = None
    t["flood_preparedness"] = pd.DataFrame(
        {
            "record_id": _ids("FP", n),
            "date": _dates(rng, n),
            "county": county,
            "kind": _choice(rng, VOCABULARIES["preparedness_kind"], n),
            "count": _int(rng.integers(1, 12, n)),
            "people": pd.array(
                np.where(rng.random(n) < 0.6, rng.integers(20, 400, n), None), dtype="Int64"
            ),
        }
    )

    n = size["assessments_per_year"] * n_years
    county = _choice(rng, COUNTIES, n)
    county[rng.random(n) < 0.3] = None
    announced = _dates(rng, n)
    t["assessments"] = pd.DataFrame(
        {
            "record_id": _ids("K", n),
            "assessed_year": _int(announced.dt.year.to_numpy() - 1),
            "announced_date": announced,
            "county": county,
            "assessment": _choice(rng, VOCABULARIES["assessment"], n),
            "grade": _choice(rng, VOCABULARIES["assessment_grade"], n),
            "rank": pd.array(
                np.where(rng.random(n) < 0.5, rng.integers(1, 10, n), None), dtype="Int64"
            ),
            "rank_among": ["全市"] * n,
            "note": [None] * n,
        }
    )

    t["county_statistics"] = pd.DataFrame(
        {
            "year": _int(grid[0].to_numpy()),
            "county": grid[1].to_numpy(dtype=object),
            "rural_population": _int(rng.integers(50_000, 300_000, k)),
            "effective_irrigation_area": rng.uniform(5e4, 2e5, k).round(0),
        }
    )

    n = size["work_quantities_per_year"] * n_years
    kinds = _choice(rng, tuple(QUANTITY_UNITS), n)
    t["work_quantities"] = pd.DataFrame(
        {
            "project_id": _choice(rng, project_ids, n),
            "year": _int(_choice(rng, YEARS, n).astype(int)),
            "month": _int(rng.integers(1, 13, n)),
            "kind": kinds,
            "quantity": np.where(
                [QUANTITY_UNITS[k] in "座眼人个所" for k in kinds],
                rng.integers(1, 30, n),
                rng.gamma(2, 5, n).round(2),
            ),
            "unit": [QUANTITY_UNITS[k] for k in kinds],
        }
    )
    return Dataset(t, source=f"synthetic(scale={scale}, seed={seed})")


def load_sample() -> Dataset | None:
    """The demo ledgers of data/sample, or None when they are not there (yet) or do not load."""
    folder = ROOT / "data" / "sample"
    if not folder.is_dir() or not any(folder.iterdir()):
        return None
    try:
        import wbanalysis

        loader = getattr(wbanalysis, "load", None)
        if loader is None:
            from wbanalysis import io

            loader = getattr(io, "load", None) or io.load_dataset
        return loader(folder)
    except Exception as exc:  # the loader is written elsewhere; the benchmark must not depend on it
        print(f"(data/sample did not load: {type(exc).__name__}: {exc})")
        return None


def selections(dataset: Dataset) -> list[tuple[int, str]]:
    return [(year, county) for year in dataset.years for county in [CITY, *dataset.counties]]


def through_month_of(dataset: Dataset, year: int) -> int:
    return dataset.last_month(year)


def time_all(dataset: Dataset, label: str) -> list[float]:
    """Compute the catalogue for every selection; print and return the time of each."""
    times = []
    start = time.perf_counter()
    for year, county in selections(dataset):
        t0 = time.perf_counter()
        compute_indicators(
            dataset, year=year, county=county, through_month=through_month_of(dataset, year)
        )
        times.append(time.perf_counter() - t0)
    wall = time.perf_counter() - start
    print(
        f"{label}: {len(times)} selections × {len(CATALOGUE)} indicators in {wall:.2f} s; "
        f"per (year, county) mean {np.mean(times) * 1e3:.0f} ms, "
        f"max {np.max(times) * 1e3:.0f} ms"
    )
    return times


def naive(dataset: Dataset, *, year: int, county: str, through_month: int) -> dict:
    """Every indicator on the full tables, nothing shared (the way to avoid)."""
    selection = Selection(
        dataset,
        Scope.of(dataset, year=year, county=county, through_month=through_month),
        fast=False,
    )
    return {key: ind.compute(selection) for key, ind in CATALOGUE.items()}


def same(a: dict, b: dict) -> list[str]:
    def equal(x: float, y: float) -> bool:
        if isinstance(x, float) and math.isnan(x):
            return isinstance(y, float) and math.isnan(y)
        return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)

    return [k for k in a if not equal(a[k], b[k])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=100, help="size of the large copy")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=2.0,
        help="fail when one (year, county) of the large copy takes longer",
    )
    parser.add_argument(
        "--naive-selections",
        type=int,
        default=2,
        help="selections of the large copy also computed the naive way",
    )
    args = parser.parse_args(argv)

    sample = load_sample()
    if sample is None:
        print("data/sample not available: using a synthetic copy of realistic size (scale 1)")
        sample = make_large_dataset(1, args.seed)
    time_all(sample, f"small ({sample.source})")

    t0 = time.perf_counter()
    large = make_large_dataset(args.scale, args.seed)
    rows = sum(len(large[name]) for name in large)
    print(f"\nbuilt {large.source}: {rows:,} rows in {time.perf_counter() - t0:.1f} s")
    times = time_all(large, f"large (×{args.scale:g})")

    status = 0
    year = large.years[-1]
    month = through_month_of(large, year)
    for county in [CITY, *large.counties][: args.naive_selections]:
        t0 = time.perf_counter()
        fast = compute_indicators(large, year=year, county=county, through_month=month)
        t_fast = time.perf_counter() - t0
        t0 = time.perf_counter()
        slow = naive(large, year=year, county=county, through_month=month)
        t_slow = time.perf_counter() - t0
        differ = same(fast, slow)
        print(
            f"  {year} {county}: catalogue {t_fast * 1e3:.0f} ms, naive {t_slow * 1e3:.0f} ms, "
            f"naive/catalogue = {t_slow / t_fast:.1f}×"
            + (f"; VALUES DIFFER: {differ}" if differ else "; same values")
        )
        if differ:
            status = 1
    slowest = max(times)
    verdict = "ok" if slowest <= args.max_seconds else "TOO SLOW"
    print(
        f"\nslowest (year, county) of the large copy: {slowest:.2f} s "
        f"(limit {args.max_seconds:g} s): {verdict}"
    )
    if slowest > args.max_seconds:
        status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
