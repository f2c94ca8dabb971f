"""党建 activity counts."""

from __future__ import annotations

import pandas as pd
import pytest

from wbanalysis.metrics import party as m


@pytest.fixture
def activities() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime(
                ["2023-01-05", "2023-02-05", "2023-03-05", "2023-06-01", "2023-11-01", "2023-07-01"]
            ),
            "county": ["市本级", "市本级", "甲县", "市本级", "市本级", "市本级"],
            "activity_type": ["党组学习", "党组学习", "党组学习", "专题党课", "主题宣讲", "清四乱"],
        }
    )


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        (
            {"year": 2023, "through_month": 10},
            {"党组学习": 3, "中心组学习": 0, "专题党课": 1, "主题宣讲": 0},
        ),
        ({"year": 2023}, {"党组学习": 3, "中心组学习": 0, "专题党课": 1, "主题宣讲": 1}),
        (
            {"year": 2023, "county": "甲县"},
            {"党组学习": 1, "中心组学习": 0, "专题党课": 0, "主题宣讲": 0},
        ),
        (
            {"year": 2023, "county": "市本级"},
            {"党组学习": 2, "中心组学习": 0, "专题党课": 1, "主题宣讲": 1},
        ),
        ({"year": 2022}, {"党组学习": 0, "中心组学习": 0, "专题党课": 0, "主题宣讲": 0}),
    ],
)
def test_party_activities(activities, kwargs, expected):
    assert m.party_activities(activities, **kwargs).to_dict() == expected
