"""Hypothesis properties: bounded rates stay within [0, 100]; county parts add up to the city."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wbanalysis import units
from wbanalysis.indicators import CATALOGUE, Selection, compute_indicators
from wbanalysis.metrics import (
    eco_flow_compliance,
    fees_collected,
    fixed_asset_investment,
    funds_secured,
    issues_found,
    monitoring_coverage,
    patrol_completion,
    patrol_completion_by_level,
    patrols_done,
    pricing_coverage,
    storage_totals,
)
from wbanalysis.scope import Scope

COUNTIES = ["甲县", "乙县", "丙县"]
LEVELS = ["市级", "乡级", "村级"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

county = st.sampled_from(COUNTIES)
month = st.integers(1, 12)


def _int(values):
    return pd.array(values, dtype="Int64")


@st.composite
def chiefs_and_patrols(draw):
    n = draw(st.integers(0, 8))
    chiefs = pd.DataFrame(
        {
            "chief_id": [f"C{i}" for i in range(n)],
            "level": draw(st.lists(st.sampled_from(LEVELS), min_size=n, max_size=n)),
            "county": draw(st.lists(county, min_size=n, max_size=n)),
        }
    )
    rows = (
        draw(
            st.lists(
                st.tuples(st.integers(0, max(n - 1, 0)), month, st.integers(0, 40)), max_size=30
            )
        )
        if n
        else []
    )
    patrols = pd.DataFrame(
        {
            "chief_id": [f"C{i}" for i, _, _ in rows],
            "year": _int([2023] * len(rows)),
            "month": _int([m for _, m, _ in rows]),
            "patrols": _int([p for _, _, p in rows]),
        }
    )
    home = dict(zip(chiefs["chief_id"], chiefs["county"], strict=True))
    patrols["county"] = patrols["chief_id"].map(home)
    return chiefs, patrols


frequency = st.fixed_dictionaries(
    {"市级": st.floats(0, 3), "乡级": st.floats(0, 5), "村级": st.floats(0, 10)}
)


def _within(value: float) -> bool:
    return math.isnan(value) or 0.0 <= value <= 100.0 + 1e-9


@SETTINGS
@given(chiefs_and_patrols(), month, frequency, st.sampled_from([None, *LEVELS]))
def test_patrol_completion_is_bounded(data, through_month, freq, level):
    chiefs, patrols = data
    value = patrol_completion(
        chiefs, patrols, year=2023, through_month=through_month, frequency=freq, level=level
    )
    assert _within(value)


@pytest.mark.slow
@SETTINGS
@given(chiefs_and_patrols(), month)
def test_patrol_parts_add_up(data, through_month):
    chiefs, patrols = data
    city = patrol_completion_by_level(chiefs, patrols, year=2023, through_month=through_month)
    parts = [
        patrol_completion_by_level(
            chiefs, patrols, year=2023, through_month=through_month, county=c
        )
        for c in COUNTIES
    ]
    for column in ("required", "done", "credited", "chiefs"):
        # a county's table lists the levels it has chiefs of: added by level, not by place
        added = pd.concat([p[column] for p in parts], axis=1).fillna(0).sum(axis=1)
        assert added.reindex(city.index).tolist() == pytest.approx(city[column].tolist())
    assert sum(
        patrols_done(patrols, year=2023, through_month=through_month, county=c) for c in COUNTIES
    ) == patrols_done(patrols, year=2023, through_month=through_month)


@SETTINGS
@given(st.data())
def test_coverage_rates_are_bounded(data):
    n = data.draw(st.integers(0, 12))
    flags = st.lists(st.sampled_from([True, False, None]), min_size=n, max_size=n)
    reservoirs = pd.DataFrame(
        {
            "county": data.draw(st.lists(county, min_size=n, max_size=n)),
            "scale": data.draw(
                st.lists(
                    st.sampled_from(["大型", "中型", "小(1)型", "小(2)型"]), min_size=n, max_size=n
                )
            ),
            "rain_monitoring": pd.array(data.draw(flags), dtype="boolean"),
            "dam_monitoring": pd.array(data.draw(flags), dtype="boolean"),
            "priced": pd.array(data.draw(flags), dtype="boolean"),
        }
    )
    for small_only in (False, True):
        assert _within(monitoring_coverage(reservoirs, small_only=small_only))
    assert _within(pricing_coverage(reservoirs))


@SETTINGS
@given(st.data())
def test_eco_flow_compliance_is_bounded(data):
    n = data.draw(st.integers(0, 6))
    hydropower = pd.DataFrame(
        {
            "station_id": [f"S{i}" for i in range(n)],
            "name": ["站"] * n,
            "county": data.draw(st.lists(county, min_size=n, max_size=n)),
            "eco_flow_required": pd.array(
                data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype="boolean"
            ),
        }
    )
    rows = data.draw(st.lists(st.tuples(st.integers(0, 9), month, st.booleans()), max_size=30))
    eco_flow = pd.DataFrame(
        {  # some rows name stations that are not required
            "station_id": [f"S{i}" for i, _, _ in rows],
            "year": _int([2023] * len(rows)),
            "month": _int([m for _, m, _ in rows]),
            "compliant": pd.array([c for _, _, c in rows], dtype="boolean"),
            "county": data.draw(st.lists(county, min_size=len(rows), max_size=len(rows))),
        }
    )
    value = eco_flow_compliance(hydropower, eco_flow, year=2023, through_month=data.draw(month))
    assert _within(value)


amounts = st.floats(0, 1e6, allow_nan=False)


@st.composite
def monthly(draw, value: str, extra: dict | None = None):
    n = draw(st.integers(0, 20))
    table = pd.DataFrame(
        {
            "year": _int(draw(st.lists(st.sampled_from([2022, 2023]), min_size=n, max_size=n))),
            "month": _int(draw(st.lists(month, min_size=n, max_size=n))),
            "county": draw(st.lists(county, min_size=n, max_size=n)),
            value: draw(st.lists(amounts, min_size=n, max_size=n)),
        }
    )
    for column, choices in (extra or {}).items():
        table[column] = draw(st.lists(st.sampled_from(choices), min_size=n, max_size=n))
    return table


def _adds_up(function, table, **kwargs):
    city = function(table, **kwargs)
    parts = sum(function(table, county=c, **kwargs) for c in COUNTIES)
    assert parts == pytest.approx(city, rel=1e-9, abs=1e-6)


@SETTINGS
@given(monthly("secured", {"level": ["中央", "省级", "市本级", "县级"]}), month)
def test_funds_add_up(table, through_month):
    _adds_up(funds_secured, table, year=2023, through_month=through_month)


@SETTINGS
@given(monthly("amount"), month)
def test_fixed_asset_investment_adds_up(table, through_month):
    _adds_up(fixed_asset_investment, table, year=2023, through_month=through_month)


@SETTINGS
@given(monthly("amount", {"fee_type": ["水资源费", "水土保持补偿费"]}), month)
def test_fees_add_up(table, through_month):
    _adds_up(fees_collected, table, year=2023, through_month=through_month, fee_type="水资源费")


@SETTINGS
@given(st.data())
def test_storage_adds_up(data):
    n = data.draw(st.integers(0, 10))
    storage = pd.DataFrame(
        {
            "reservoir_id": [f"R{i}" for i in range(n)],
            "county": data.draw(st.lists(county, min_size=n, max_size=n)),
            "year": _int(
                data.draw(st.lists(st.sampled_from([2022, 2023]), min_size=n, max_size=n))
            ),
            "target": data.draw(st.lists(amounts, min_size=n, max_size=n)),
            "actual": data.draw(st.lists(amounts, min_size=n, max_size=n)),
        }
    )
    city = storage_totals(storage, year=2023)
    parts = sum(storage_totals(storage, year=2023, county=c) for c in COUNTIES)
    for column in ("target", "actual", "surplus"):
        assert parts[column] == pytest.approx(city[column], abs=1e-6)


dates = st.dates(
    min_value=pd.Timestamp("2022-01-01").date(), max_value=pd.Timestamp("2024-06-30").date()
)


@SETTINGS
@given(st.lists(st.tuples(county, dates), max_size=20), month)
def test_issue_counts_add_up(rows, through_month):
    issues = pd.DataFrame(
        {"county": [c for c, _ in rows], "found_date": pd.to_datetime([d for _, d in rows])}
    )
    _adds_up(issues_found, issues, year=2023, through_month=through_month)


# ---- the whole catalogue on synthetic ledgers (the benchmark's generator, made small) -------


def _bench_module():
    path = Path(__file__).resolve().parents[1] / "bench" / "bench_indicators.py"
    spec = importlib.util.spec_from_file_location("bench_indicators", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthetic():
    return _bench_module().make_large_dataset


CATALOGUE_SETTINGS = settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

#: Catalogue rates that cannot exceed 100 by construction.
BOUNDED = (
    "rivers.patrol_completion",
    "rivers.patrol_completion.city",
    "rivers.patrol_completion.township",
    "rivers.patrol_completion.village",
    "safety.monitoring_coverage",
    "safety.monitoring_coverage.small",
    "safety.eco_flow_compliance",
    "rural_water.pricing_coverage",
)


def _equal(a: float, b: float) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


@CATALOGUE_SETTINGS
@given(seed=st.integers(0, 10_000), through_month=month, year=st.sampled_from([2020, 2023]))
@pytest.mark.slow
def test_catalogue_additive_flags_hold(synthetic, seed, through_month, year):
    ds = synthetic(scale=0.2, seed=seed)
    city = compute_indicators(ds, year=year, through_month=through_month)
    parts = [
        compute_indicators(ds, year=year, county=c, through_month=through_month)
        for c in ds.counties
    ]
    for key, ind in CATALOGUE.items():
        if ind.additive:
            assert _equal(sum(p[key] for p in parts), city[key]), key
    for key in BOUNDED:  # the other rates are not capped
        assert all(_within(values[key]) for values in [city, *parts]), key


@pytest.mark.slow
@CATALOGUE_SETTINGS
@given(seed=st.integers(0, 10_000), through_month=month, county_index=st.integers(0, 8))
def test_catalogue_fast_equals_naive(synthetic, seed, through_month, county_index):
    ds = synthetic(scale=0.2, seed=seed)
    county = ([None] + ds.counties)[county_index]
    fast = Selection(ds, Scope.of(ds, year=2023, county=county, through_month=through_month))
    naive = Selection(
        ds, Scope.of(ds, year=2023, county=county, through_month=through_month), fast=False
    )
    for key, ind in CATALOGUE.items():
        assert _equal(ind.compute(fast), ind.compute(naive)), key


@SETTINGS
@given(st.floats(-1e9, 1e9, allow_nan=False))
def test_format_amount_round_trips(value):
    text = units.format_amount(value)
    if text.endswith("亿元"):
        assert abs(float(text[:-2]) * 1e4 - value) <= 0.005 * 1e4 + 1e-6
    else:
        assert text.endswith("万元")
        assert abs(float(text[:-2]) - value) <= 0.005 + 1e-9
        assert abs(value) < 10000


@SETTINGS
@given(st.floats(-1e4, 1e4, allow_nan=False))
def test_format_yoy_sign(value):
    text = units.format_yoy(value)
    if round(value, 2) > 0.0049:
        assert text.startswith("同比增")
    elif round(value, 2) < -0.0049:
        assert text.startswith("同比下降")
    assert text.endswith("%") or text == "同比持平"
