"""水资源 / 水土保持 metrics and the 三条红线."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from wbanalysis.errors import ParameterError
from wbanalysis.metrics import resources as m


def _int(values):
    return pd.array(values, dtype="Int64")


@pytest.fixture
def fees() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "record_id": ["F1", "F2", "F3", "F4", "F5"],
            "year": _int([2023, 2023, 2023, 2023, 2022]),
            "month": _int([3, 3, 7, 11, 3]),
            "county": ["甲县", "乙县", "甲县", "甲县", "甲县"],
            "fee_type": ["水资源费", "水资源费", "水土保持补偿费", "水资源费", "水资源费"],
            "amount": [6000.0, 219.38, 145.1, 50.0, 1.0],
        }
    )


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"year": 2023, "through_month": 10, "fee_type": "水资源费"}, 6219.38),
        ({"year": 2023, "through_month": 10, "fee_type": "水土保持补偿费"}, 145.1),
        ({"year": 2023, "through_month": 10}, 6364.48),
        ({"year": 2023, "fee_type": "水资源费", "county": "甲县"}, 6050.0),
        ({"year": 2020}, 0.0),
    ],
)
def test_fees_collected(fees, kwargs, expected):
    assert m.fees_collected(fees, **kwargs) == pytest.approx(expected)


def test_fees_by_month(fees):
    t = m.fees_by_month(fees, year=2023, through_month=10)
    assert list(t.index) == list(range(1, 11))
    assert list(t.columns) == ["水资源费", "水土保持补偿费"]
    assert t.loc[3, "水资源费"] == pytest.approx(6219.38)
    assert t.loc[7, "水土保持补偿费"] == pytest.approx(145.1)
    assert t.to_numpy().sum() == pytest.approx(6364.48)


def test_fees_by_month_empty(fees):
    t = m.fees_by_month(fees, year=2019, through_month=2)
    assert t.shape == (2, 2) and t.to_numpy().sum() == 0.0


@pytest.fixture
def inspections() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "record_id": ["X1", "X2", "X3", "X4", "X5"],
            "date": pd.to_datetime(
                ["2023-03-01", "2023-04-01", "2023-05-01", "2023-06-01", "2023-12-01"]
            ),
            "county": ["甲县", "乙县", "甲县", "乙县", "甲县"],
            "inspection_type": [
                "取水计量设施整改",
                "取水计量设施整改",
                "地下取水井排查",
                "取水许可审查",
                "地下取水井排查",
            ],
            "count": _int([80, 5, 74, 5, 3]),
        }
    )


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"inspection_type": "取水计量设施整改"}, 85),
        ({"inspection_type": "地下取水井排查"}, 74),
        ({"inspection_type": "取水许可审查"}, 5),
        ({"inspection_type": "取水计量设施整改", "county": "乙县"}, 5),
    ],
)
def test_inspection_count(inspections, kwargs, expected):
    assert m.inspection_count(inspections, year=2023, through_month=10, **kwargs) == expected


def test_inspection_unknown_type(inspections):
    with pytest.raises(ParameterError, match="取水许可审查"):
        m.inspection_count(inspections, year=2023, inspection_type="排污口")


def test_inspections_by_type(inspections):
    assert m.inspections_by_type(inspections, year=2023).to_dict() == {
        "取水计量设施整改": 85,
        "地下取水井排查": 77,
        "取水许可审查": 5,
    }


@pytest.fixture
def soil_plans() -> pd.DataFrame:
    dates = ["2023-01-10"] * 7 + ["2023-06-01"] * 6 + ["2023-11-11", "2022-05-05"]
    return pd.DataFrame(
        {
            "plan_id": [f"S{i}" for i in range(15)],
            "project_name": ["建设项目"] * 15,
            "county": ["甲县"] * 10 + ["乙县"] * 5,
            "plan_type": ["报告书"] * 7 + ["报告表"] * 6 + ["报告书", "报告表"],
            "approval_date": pd.to_datetime(dates),
        }
    )


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({}, 13),
        ({"plan_type": "报告书"}, 7),
        ({"plan_type": "报告表"}, 6),
        ({"county": "乙县"}, 3),
    ],
)
def test_soil_plans_approved(soil_plans, kwargs, expected):
    assert m.soil_plans_approved(soil_plans, year=2023, through_month=10, **kwargs) == expected


def test_soil_plans_by_type(soil_plans):
    assert m.soil_plans_by_type(soil_plans, year=2023).to_dict() == {"报告书": 8, "报告表": 6}


@pytest.fixture
def water_use() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": _int([2020, 2020, 2023, 2023]),
            "county": ["甲县", "乙县", "甲县", "乙县"],
            "total_use": [6000.0, 4000.0, 5000.0, 4000.0],
            "cap": [12000.0, 8000.0, 12000.0, 8000.0],
            "industrial_use": [1000.0, 500.0, 900.0, 300.0],
            "irrigation_efficiency": [0.5, 0.52, 0.55, 0.56],
        }
    )


@pytest.fixture
def economy() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": _int([2020, 2020, 2023, 2023]),
            "county": ["甲县", "乙县", "甲县", "乙县"],
            "gdp": [1.5e6, 0.5e6, 2.0e6, 1.0e6],
            "industrial_value_added": [3e5, 2e5, 4e5, 2e5],
            "price_basis": ["2020年可比价"] * 4,
        }
    )


def test_water_efficiency(water_use, economy):
    r = m.water_efficiency(water_use, economy, year=2023)
    assert (r.total_use, r.cap, r.gdp) == (9000.0, 20000.0, 3.0e6)
    assert r.per_gdp == pytest.approx(30.0)  # 9000万m³ × 10⁴ / 3e6万元
    assert r.per_industrial == pytest.approx(20.0)
    assert r.use_vs_cap == pytest.approx(45.0)
    assert r.price_basis == "2020年可比价"
    county = m.water_efficiency(water_use, economy, year=2023, county="乙县")
    assert county.per_gdp == pytest.approx(40.0)


def test_water_use_functions(water_use, economy):
    assert m.water_use_per_gdp(water_use, economy, year=2020) == pytest.approx(50.0)
    assert m.water_use_per_industrial(water_use, economy, year=2020) == pytest.approx(30.0)


def test_water_use_nan_without_rows(water_use, economy):
    r = m.water_efficiency(water_use, economy, year=2021)
    assert math.isnan(r.total_use) and math.isnan(r.cap) and math.isnan(r.per_gdp)
    assert r.price_basis == ""


def test_water_use_zero_gdp(water_use, economy):
    zero = economy.assign(gdp=0.0)
    assert math.isnan(m.water_use_per_gdp(water_use, zero, year=2023))


@pytest.mark.parametrize(
    "measure, expected",
    [
        ("gdp", (1 - 30.0 / 50.0) * 100),
        ("industrial", (1 - 20.0 / 30.0) * 100),
    ],
)
def test_intensity_decline(water_use, economy, measure, expected):
    d = m.intensity_decline(water_use, economy, year=2023, base_year=2020, measure=measure)
    assert d.rate == pytest.approx(expected)
    assert d.price_basis == "2020年可比价"
    assert (d.year, d.base_year) == (2023, 2020)


def test_intensity_decline_needs_comparable_prices(water_use, economy):
    other = economy.copy()
    other.loc[other["year"] == 2023, "price_basis"] = "2023年当年价"
    with pytest.raises(ParameterError, match="不可比"):
        m.intensity_decline(water_use, other, year=2023, base_year=2020)


def test_intensity_decline_nan_without_base(water_use, economy):
    assert math.isnan(m.intensity_decline(water_use, economy, year=2023, base_year=2015).rate)
