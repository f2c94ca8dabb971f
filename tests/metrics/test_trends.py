"""同比 and trend helpers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from wbanalysis.metrics import trends as m


@pytest.mark.parametrize(
    "current, previous, expected",
    [
        (120.0, 100.0, 20.0),
        (90.0, 100.0, -10.0),
        (100.0, 100.0, 0.0),
        (5.0, 0.0, math.nan),
        (0.0, 0.0, math.nan),
        (5.0, math.nan, math.nan),
    ],
)
def test_growth_rate(current, previous, expected):
    result = m.growth_rate(current, previous)
    if math.isnan(expected):
        assert math.isnan(result)
    else:
        assert result == pytest.approx(expected)


@pytest.fixture
def dated() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "county": ["甲县", "甲县", "乙县", "甲县"],
            "date": pd.to_datetime(["2022-03-01", "2022-11-01", "2023-02-01", "2023-04-01"]),
        }
    )


def test_yoy_counts_rows_of_a_dated_ledger(dated):
    assert m.yoy_growth(dated, year=2023, through_month=10, value=None, date="date") == 100.0
    assert m.yoy_growth(dated, year=2023, value=None, date="date") == 0.0
    assert m.yoy_growth(dated, year=2023, value=None, date="date", county="甲县") == -50.0


def test_annual_totals_counts(dated):
    out = m.annual_totals(dated, value=None, date="date", through_month=10)
    assert out.to_dict() == {2022: 1, 2023: 2}
    assert out.dtype == "int64"


@pytest.mark.parametrize(
    "values, slope, tau",
    [
        ([1.0, 2.0, 3.0, 4.0, 5.0], 1.0, 1.0),
        ([5.0, 4.0, 3.0, 2.0, 1.0], -1.0, -1.0),
        ([1.0, 10.0, 3.0, 4.0, 5.0], 1.0, 0.4),
    ],
)
def test_trend(values, slope, tau):
    t = m.trend(pd.Series(values, index=range(2019, 2024)))
    assert t.n == 5
    assert t.slope == pytest.approx(slope)
    assert t.tau == pytest.approx(tau)
    assert 0.0 <= t.p_value <= 1.0
    assert t.slope_low <= t.slope <= t.slope_high


def test_trend_significance():
    up = m.trend(pd.Series([float(v) for v in range(10)], index=range(2014, 2024)))
    assert up.significant
    assert up.p_value < 0.001


def test_trend_needs_three_points():
    t = m.trend(pd.Series([1.0, 2.0, None], index=[2021, 2022, 2023]))
    assert t.n == 2
    assert all(math.isnan(v) for v in (t.slope, t.intercept, t.tau, t.p_value))
    assert not t.significant


def test_trend_constant_series():
    t = m.trend(pd.Series([3.0, 3.0, 3.0]), years=[2021, 2022, 2023])
    assert t.slope == 0.0
    assert math.isnan(t.p_value)
