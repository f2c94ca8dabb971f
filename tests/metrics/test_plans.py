"""计划目标 tracked at a cut-off."""

from __future__ import annotations

import pandas as pd
import pytest

from wbanalysis.metrics import plans as m


@pytest.fixture
def targets() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "target_id": ["T1", "T2", "T3", "T4", "T5", "T6", "T7"],
            "year": pd.array([2024] * 7, dtype="Int64"),
            "county": ["甲县", "甲县", "乙县", "乙县", None, "甲县", "甲县"],
            "project_id": ["A", "A", "B", "B", None, "A", "A"],
            "description": [
                "初设批复",
                "开工",
                "蓄水验收",
                "竣工验收",
                "全市水库监测",
                "移民搬迁",
                "下年目标",
            ],
            "due_date": pd.to_datetime(
                [
                    "2024-03-31",
                    "2024-06-30",
                    "2024-09-30",
                    "2024-11-30",
                    "2024-10-31",
                    "2024-10-31",
                    "2025-03-31",
                ]
            ),
            "achieved_date": pd.to_datetime(
                ["2024-03-31", "2024-07-10", None, "2024-10-01", "2024-12-01", None, None]
            ),
        }
    )


def test_plan_status(targets):
    t = m.plan_status(targets, year=2024, through_month=10).set_index("target_id")
    assert "T7" not in t.index  # due in 2025
    assert t.loc["T1", "status"] == "按期完成"  # achieved on the due day
    assert t.loc["T2", ["status", "days_late"]].tolist() == ["逾期完成", 10]
    assert t.loc["T3", ["status", "days_late"]].tolist() == ["逾期未完成", 31]
    assert t.loc["T4", "status"] == "按期完成"  # early, before its due date
    # achieved after the cut-off: open at it; due on the cut-off day itself: overdue
    assert t.loc["T5", ["status", "days_late"]].tolist() == ["逾期未完成", 0]
    assert t.loc["T6", "status"] == "逾期未完成"


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"year": 2024, "through_month": 10}, [2, 1, 0, 3]),
        ({"year": 2024, "through_month": 9}, [1, 1, 3, 1]),
        ({"year": 2024}, [2, 2, 0, 2]),
        ({"year": 2024, "through_month": 10, "county": "乙县"}, [1, 0, 0, 1]),
        ({"year": 2023}, [0, 0, 0, 0]),
    ],
)
def test_plan_summary(targets, kwargs, expected):
    out = m.plan_summary(targets, **kwargs)
    assert list(out.index) == ["按期完成", "逾期完成", "未到期", "逾期未完成"]
    assert out.tolist() == expected


def test_city_wide_targets_belong_to_no_county(targets):
    counties = sum(m.plan_summary(targets, year=2024, county=c).sum() for c in ("甲县", "乙县"))
    assert counties == 5
    assert m.plan_summary(targets, year=2024).sum() == 6
