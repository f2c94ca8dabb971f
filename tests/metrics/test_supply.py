"""农村供水 metrics: the programme, works, pricing and fee collection."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from wbanalysis.metrics import supply as m


def _int(values):
    return pd.array(values, dtype="Int64")


@pytest.fixture
def projects() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_id": ["RS", "RS1", "RS2", "RS3", "X"],
            "name": ["农村供水专项", "甲水厂", "乙水厂", "沿边村供水", "某灌区"],
            "county": ["甲县", "甲县", "乙县", "乙县", "甲县"],
            "category": ["农村供水"] * 4 + ["灌区"],
            "total_investment": [12046.0, 6000.0, 4046.0, 2000.0, 9999.0],
            "parent_id": [None, "RS", "RS", "RS", None],
        }
    )


@pytest.fixture
def progress() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_id": ["RS1", "RS1", "RS2", "RS3", "RS3", "X"],
            "year": _int([2022, 2023, 2023, 2023, 2023, 2023]),
            "month": _int([8, 3, 10, 6, 11, 1]),
            "investment": [1800.0, 1000.0, 700.0, 400.0, 99.0, 50.0],
            "pipeline_km": [6.0, 4.0, None, 4.0, 1.0, 3.0],
        }
    )


def test_rural_supply_programme(projects, progress):
    r = m.rural_supply_programme(projects, progress, year=2023, through_month=10)
    assert r.subprojects == 3
    assert r.total_investment == 12046.0
    assert r.completed_cumulative == 3900.0
    assert r.completed_year == 2100.0
    assert r.pipeline_km == 14.0
    assert r.completion_rate == pytest.approx(3900 / 12046 * 100)


def test_rural_supply_programme_by_county(projects, progress):
    a = m.rural_supply_programme(projects, progress, year=2023, through_month=10, county="甲县")
    b = m.rural_supply_programme(projects, progress, year=2023, through_month=10, county="乙县")
    assert (a.subprojects, b.subprojects) == (1, 2)
    assert a.completed_cumulative + b.completed_cumulative == 3900.0


def test_rural_supply_programme_empty(projects, progress):
    r = m.rural_supply_programme(projects, progress, year=2023, county="丙县")
    assert (r.subprojects, r.total_investment, r.completed_year) == (0, 0.0, 0.0)
    assert math.isnan(r.completion_rate)


@pytest.fixture
def works() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "work_id": ["W1", "W2", "W3", "W4"],
            "name": ["一", "二", "三", "四"],
            "county": ["甲县", "甲县", "乙县", "乙县"],
            "work_type": ["规模化供水", "小型集中供水", "分散供水", "分散供水"],
            "population": _int([1000, 200, 30, 20]),
            "priced": pd.array([True, True, False, None], dtype="boolean"),
            "price": [2.5, 2.0, None, None],
        }
    )


@pytest.fixture
def fees() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "work_id": ["W1", "W1", "W2", "W3", "W3"],
            "year": _int([2023] * 5),
            "month": _int([1, 11, 2, 3, 4]),
            "billed": [1000.0, 500.0, 200.0, 0.0, 100.0],
            "collected": [800.0, 500.0, 200.0, 50.0, 50.0],
            "county": ["甲县", "甲县", "甲县", "乙县", "乙县"],
        }
    )


def test_works_count(works):
    assert m.rural_water_works_count(works) == 4
    assert m.rural_water_works_count(works, county="乙县") == 2
    assert m.rural_water_works_count(works, work_type="分散供水") == 2


@pytest.mark.parametrize("county, expected", [(None, 50.0), ("甲县", 100.0), ("乙县", 0.0)])
def test_pricing_coverage(works, county, expected):
    assert m.pricing_coverage(works, county=county) == expected


def test_pricing_coverage_nan_without_works(works):
    assert math.isnan(m.pricing_coverage(works, county="丙县"))


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"year": 2023, "through_month": 10}, 1100 / 1300 * 100),
        ({"year": 2023}, 1600 / 1800 * 100),
        ({"year": 2023, "county": "乙县"}, 100.0),
    ],
)
def test_fee_collection_rate(fees, kwargs, expected):
    assert m.fee_collection_rate(fees, **kwargs) == pytest.approx(expected)


def test_fee_collection_rate_nan_without_bills(fees):
    assert math.isnan(m.fee_collection_rate(fees, year=2023, through_month=3, county="乙县"))
    assert math.isnan(m.fee_collection_rate(fees, year=2020))


def test_fee_totals(fees):
    out = m.fee_totals(fees, year=2023, through_month=10)
    assert out[["billed", "collected"]].tolist() == [1300.0, 1100.0]


def test_fee_collection_by_work(works, fees):
    t = m.fee_collection_by_work(works, fees, year=2023, through_month=10).set_index("work_id")
    assert t.loc["W1", "collection_rate"] == 80.0
    assert t.loc["W3", "collection_rate"] == 100.0  # March arrears paid, April bill
    assert math.isnan(t.loc["W4", "collection_rate"])
    assert t["priced"].tolist() == [True, True, False, False]


def test_rural_water_by_county(works, fees):
    t = m.rural_water_by_county(
        works, fees, year=2023, through_month=10, counties=["甲县", "乙县", "丙县"]
    )
    assert list(t.index) == ["甲县", "乙县", "丙县", "全市"]
    assert t["works"].tolist() == [2, 2, 0, 4]
    assert t.loc["全市", "pricing_coverage"] == 50.0
    assert t.loc["甲县", "collection_rate"] == pytest.approx(1000 / 1200 * 100)
    assert t.loc["全市", "billed"] == 1300.0
    assert math.isnan(t.loc["丙县", "collection_rate"])
