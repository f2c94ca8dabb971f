"""预警转发 counts."""

from __future__ import annotations

import pandas as pd
import pytest

from wbanalysis.errors import ParameterError
from wbanalysis.metrics import flood as m


@pytest.fixture
def warnings() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "warning_id": ["W1", "W2", "W3", "W4", "W5"],
            "county": ["甲县", "甲县", "乙县", "乙县", "甲县"],
            "source": ["气象", "水文", "气象", "防办", "水务"],
            "level": ["蓝色", None, "黄色", "红色", "蓝色"],
            "date": pd.to_datetime(
                ["2023-05-02", "2023-05-31", "2023-10-31", "2023-11-01", "2022-06-01"]
            ),
        }
    )


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"year": 2023, "through_month": 10}, 3),
        ({"year": 2023}, 4),
        ({"year": 2023, "county": "甲县"}, 2),
        ({"year": 2023, "source": "气象"}, 2),
        ({"year": 2021}, 0),
    ],
)
def test_warnings_forwarded(warnings, kwargs, expected):
    assert m.warnings_forwarded(warnings, **kwargs) == expected


def test_unknown_source(warnings):
    with pytest.raises(ParameterError, match="防办"):
        m.warnings_forwarded(warnings, year=2023, source="应急")


def test_warnings_by_source(warnings):
    out = m.warnings_by_source(warnings, year=2023, through_month=10)
    assert out.to_dict() == {"防办": 0, "水务": 0, "水文": 1, "气象": 2}


def test_warnings_by_month(warnings):
    t = m.warnings_by_month(warnings, year=2023, through_month=10)
    assert list(t.index) == list(range(1, 11))
    assert list(t.columns) == ["防办", "水务", "水文", "气象"]
    assert t.loc[5].tolist() == [0, 0, 1, 1]
    assert t.loc[10, "气象"] == 1
    assert int(t.to_numpy().sum()) == 3


def test_warnings_by_month_empty(warnings):
    t = m.warnings_by_month(warnings, year=2020, through_month=3)
    assert t.shape == (3, 4) and int(t.to_numpy().sum()) == 0
