"""资金 metrics on a hand-made funding ledger."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from wbanalysis.errors import ParameterError
from wbanalysis.metrics import funding as m


@pytest.fixture
def funding() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "record_id": ["F1", "F2", "F3", "F4", "F5", "F6"],
            "year": pd.array([2023, 2023, 2023, 2023, 2023, 2022], dtype="Int64"),
            "month": pd.array([1, 4, 6, 10, 11, 5], dtype="Int64"),
            "county": ["甲县", "甲县", "乙县", "乙县", "甲县", "甲县"],
            "level": ["中央", "中央", "省级", "市本级", "县级", "中央"],
            "programme": [
                "水利发展资金",
                "水利救灾资金",
                "水利专项资金",
                "配套资金",
                "配套资金",
                "水利发展资金",
            ],
            "secured": [1554.2, 96.0, 436.0, 1122.8, 50.0, 999.0],
            "arrived": [1554.2, 0.0, 218.0, 1122.8, 50.0, 999.0],
            "project_id": [None] * 6,
        }
    )


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"year": 2023, "through_month": 10}, 3209.0),
        ({"year": 2023}, 3259.0),
        ({"year": 2023, "through_month": 10, "county": "甲县"}, 1650.2),
        ({"year": 2023, "through_month": 10, "county": "全市"}, 3209.0),
        ({"year": 2023, "through_month": 10, "level": "省级"}, 436.0),
        ({"year": 2021}, 0.0),
    ],
)
def test_funds_secured(funding, kwargs, expected):
    assert m.funds_secured(funding, **kwargs) == pytest.approx(expected)


def test_funds_arrived(funding):
    assert m.funds_arrived(funding, year=2023, through_month=10) == pytest.approx(2895.0)


def test_funds_by_level_has_every_level_in_order(funding):
    out = m.funds_by_level(funding, year=2023, through_month=10)
    assert list(out.index) == ["中央", "省级", "市本级", "县级"]
    assert out.tolist() == pytest.approx([1650.2, 436.0, 1122.8, 0.0])
    arrived = m.funds_by_level(funding, year=2023, through_month=10, value="arrived")
    assert arrived["省级"] == pytest.approx(218.0)


def test_funds_by_level_rejects_unknown_value(funding):
    with pytest.raises(ParameterError, match="secured"):
        m.funds_by_level(funding, year=2023, value="spent")


def test_unknown_level_is_a_parameter_error(funding):
    with pytest.raises(ParameterError, match="中央"):
        m.funds_secured(funding, year=2023, level="乡级")


def test_funds_by_programme(funding):
    out = m.funds_by_programme(funding, year=2023, through_month=10)
    assert out["programme"].tolist() == ["水利发展资金", "水利救灾资金", "水利专项资金", "配套资金"]
    assert out["arrival_rate"].tolist()[:3] == pytest.approx([100.0, 0.0, 50.0])


def test_funds_by_programme_empty_period(funding):
    out = m.funds_by_programme(funding, year=2000)
    assert out.empty
    assert list(out.columns) == ["level", "programme", "secured", "arrived", "arrival_rate"]


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"year": 2023, "through_month": 10}, 2895.0 / 3209.0 * 100),
        ({"year": 2023, "through_month": 10, "level": "中央"}, 1554.2 / 1650.2 * 100),
        ({"year": 2022}, 100.0),
    ],
)
def test_arrival_rate(funding, kwargs, expected):
    assert m.arrival_rate(funding, **kwargs) == pytest.approx(expected)


def test_arrival_rate_nan_when_nothing_secured(funding):
    assert math.isnan(m.arrival_rate(funding, year=2020))


def test_inputs_not_mutated(funding):
    before = funding.copy()
    m.funds_by_programme(funding, year=2023)
    m.arrival_rate(funding, year=2023, county="甲县")
    pd.testing.assert_frame_equal(funding, before)


def test_results_are_python_numbers(funding):
    assert type(m.funds_secured(funding, year=2023)) is float
    assert type(m.arrival_rate(funding, year=2023)) is float
