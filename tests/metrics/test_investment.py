"""投资 metrics: fixed-asset investment, YoY, project investment completion."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from wbanalysis.metrics import investment as m


def _int(values):
    return pd.array(values, dtype="Int64")


@pytest.fixture
def fai() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": _int([2022, 2022, 2022, 2023, 2023, 2023, 2023]),
            "month": _int([1, 10, 11, 1, 5, 10, 12]),
            "county": ["甲县", "乙县", "甲县", "甲县", "乙县", "甲县", "乙县"],
            "amount": [40000.0, 53774.0, 7000.0, 60000.0, 39700.0, 20000.0, 5.0],
        }
    )


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"year": 2023, "through_month": 10}, 119700.0),
        ({"year": 2023}, 119705.0),
        ({"year": 2023, "through_month": 10, "county": "甲县"}, 80000.0),
        ({"year": 2023, "through_month": 4}, 60000.0),
        ({"year": 2024}, 0.0),
    ],
)
def test_fixed_asset_investment(fai, kwargs, expected):
    assert m.fixed_asset_investment(fai, **kwargs) == pytest.approx(expected)


def test_fixed_asset_by_month(fai):
    out = m.fixed_asset_by_month(fai, year=2023, through_month=10)
    assert list(out.index) == list(range(1, 11))
    assert out[1] == 60000.0 and out[2] == 0.0 and out[10] == 20000.0
    cumulative = m.fixed_asset_by_month(fai, year=2023, through_month=10, cumulative=True)
    assert cumulative[10] == pytest.approx(119700.0)


def test_fixed_asset_by_month_empty():
    empty = pd.DataFrame({"year": _int([]), "month": _int([]), "county": [], "amount": []})
    assert m.fixed_asset_by_month(empty, year=2023, through_month=3).tolist() == [0.0] * 3


def test_fixed_asset_yoy_uses_comparable_months(fai):
    # 1-10 月: 119700 this year vs 93774 last year (November 2022 left out)
    expected = (119700 - 93774) / 93774 * 100
    assert m.fixed_asset_yoy(fai, year=2023, through_month=10) == pytest.approx(expected)
    assert round(expected, 2) == 27.65


def test_fixed_asset_yoy_nan_without_last_year(fai):
    assert math.isnan(m.fixed_asset_yoy(fai, year=2022))


@pytest.fixture
def projects() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_id": ["RS", "RS1", "RS2", "RS3", "RES"],
            "name": ["农村供水专项", "甲水厂", "乙水厂", "沿边供水", "某水库"],
            "county": ["甲县", "甲县", "乙县", "乙县", "甲县"],
            "category": ["农村供水", "农村供水", "农村供水", "农村供水", "水库"],
            "total_investment": [12046.0, 6000.0, 4046.0, 2000.0, 50000.0],
            "parent_id": [None, "RS", "RS", "RS", None],
        }
    )


@pytest.fixture
def progress() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_id": ["RS1", "RS1", "RS2", "RS3", "RS3", "RES", "RS"],
            "year": _int([2022, 2023, 2023, 2023, 2023, 2023, 2023]),
            "month": _int([8, 3, 10, 6, 11, 2, 1]),
            "investment": [1800.0, 1000.0, 700.0, 400.0, 99.0, 5000.0, 777.0],
            "pipeline_km": [6.0, 4.0, None, 4.0, 1.0, None, 50.0],
        }
    )


def test_leaf_projects(projects):
    assert m.leaf_projects(projects)["project_id"].tolist() == ["RS1", "RS2", "RS3", "RES"]


def test_project_investment_table(projects, progress):
    t = m.project_investment(
        projects, progress, year=2023, through_month=10, category="农村供水"
    ).set_index("project_id")
    # the umbrella RS books 777 of its own (January 2023): its own part (本级) is a row, with
    # a total of 0 (12046 = 6000 + 4046 + 2000: its sub-projects cover its whole total)
    assert list(t.index) == ["RS", "RS1", "RS2", "RS3"]
    assert t.loc["RS", "name"] == "农村供水专项（本级）"
    assert t.loc["RS", ["total_investment", "completed_cumulative"]].tolist() == [0.0, 777.0]
    assert t["umbrella"].tolist() == [True, False, False, False]
    assert t["total_investment"].sum() == 12046.0
    assert t["completed_cumulative"].sum() == 1800 + 1000 + 700 + 400 + 777
    assert t.loc["RS1", "completed_cumulative"] == 2800.0
    assert t.loc["RS1", "completed_year"] == 1000.0
    assert t.loc["RS3", "completed_cumulative"] == 400.0  # November is after the cut-off
    assert t.loc["RS1", "pipeline_km"] == 10.0
    assert t.loc["RS2", "pipeline_km"] == 0.0  # blank cells count as 0
    assert t.loc["RS1", "completion_rate"] == pytest.approx(2800 / 6000 * 100)


def test_project_investment_leaves_decided_before_county(projects, progress):
    # the parent RS is in 甲县, but its sub-projects in 乙县 are leaves all the same
    t = m.project_investment(projects, progress, year=2023, county="乙县")
    assert t["project_id"].tolist() == ["RS2", "RS3"]


def test_project_investment_with_parents(projects, progress):
    t = m.project_investment(projects, progress, year=2023, leaf_only=False)
    assert "RS" in set(t["project_id"])


def test_investment_completion_rate(projects, progress):
    rate = m.investment_completion_rate(
        projects, progress, year=2023, through_month=10, category="农村供水"
    )
    assert rate == pytest.approx((3900 + 777) / 12046 * 100)  # the umbrella's own 777 too


def test_investment_completion_rate_nan_without_projects(projects, progress):
    assert math.isnan(m.investment_completion_rate(projects, progress, year=2023, category="灌区"))


def test_inputs_not_mutated(projects, progress, fai):
    before = (projects.copy(), progress.copy(), fai.copy())
    m.project_investment(projects, progress, year=2023)
    m.fixed_asset_by_month(fai, year=2023, cumulative=True)
    pd.testing.assert_frame_equal(projects, before[0])
    pd.testing.assert_frame_equal(progress, before[1])
    pd.testing.assert_frame_equal(fai, before[2])
