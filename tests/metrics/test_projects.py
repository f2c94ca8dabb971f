"""重点项目 metrics: milestone slippage, stage pipeline, loan drawdowns."""

from __future__ import annotations

import pandas as pd
import pytest

from wbanalysis.errors import ParameterError
from wbanalysis.metrics import projects as m


def _d(values):
    return pd.to_datetime(pd.Series(values, dtype=object))


@pytest.fixture
def milestones() -> pd.DataFrame:
    # cut-off of (2023, 10) is 2023-10-31
    return pd.DataFrame(
        {
            "project_id": ["A", "A", "A", "B", "B", "C", "D"],
            "milestone": [
                "可研批复",
                "初设批复",
                "开工",
                "可研批复",
                "大坝封顶",
                "主体完工",
                "竣工验收",
            ],
            "county": ["甲县", "甲县", "甲县", "乙县", "乙县", "乙县", "甲县"],
            "planned_date": _d(
                [
                    "2022-05-01",
                    "2023-03-01",
                    "2023-09-30",
                    "2021-01-01",
                    "2023-06-30",
                    "2023-12-31",
                    "2023-10-31",
                ]
            ),
            "actual_date": _d(
                ["2022-04-20", "2023-03-11", None, "2021-01-01", "2023-06-30", None, "2023-11-05"]
            ),
        }
    )


def test_milestone_slippage(milestones):
    t = m.milestone_slippage(milestones, year=2023, through_month=10).set_index(
        ["project_id", "milestone"]
    )
    assert t.loc[("A", "可研批复"), "status"] == "按期完成"
    assert t.loc[("A", "初设批复"), ["status", "days_late"]].tolist() == ["逾期完成", 10]
    assert t.loc[("A", "开工"), ["status", "days_late"]].tolist() == ["逾期未完成", 31]
    # done after the cut-off: still open at it, and overdue on the very day of the cut-off
    assert t.loc[("D", "竣工验收"), ["status", "days_late", "open_overdue"]].tolist() == [
        "逾期未完成",
        0,
        True,
    ]
    assert t.loc[("C", "主体完工"), ["status", "open_overdue"]].tolist() == ["未到期", False]
    assert t["due_in_period"].sum() == 4


def test_milestone_slippage_names_and_order(milestones):
    projects = pd.DataFrame(
        {"project_id": ["A", "B", "C", "D"], "name": ["甲水库", "乙水库", "丙灌区", "丁河道"]}
    )
    t = m.milestone_slippage(
        milestones, year=2023, through_month=10, county="甲县", projects=projects
    )
    assert t["name"].tolist() == ["甲水库", "甲水库", "甲水库", "丁河道"]
    assert t["planned_date"].is_monotonic_increasing


@pytest.mark.parametrize(
    "function, kwargs, expected",
    [
        (m.milestones_due, {"year": 2023, "through_month": 10}, 4),
        (m.milestones_due, {"year": 2023}, 5),
        (m.milestones_due, {"year": 2023, "through_month": 10, "county": "乙县"}, 1),
        (m.milestones_late, {"year": 2023, "through_month": 10}, 3),
        (m.milestones_late, {"year": 2023}, 4),  # C still open at the end of the year
        (m.milestones_late, {"year": 2022}, 0),
        (m.milestones_open_overdue, {"year": 2023, "through_month": 10}, 2),
        (m.milestones_open_overdue, {"year": 2023, "through_month": 11}, 1),
        (m.milestones_open_overdue, {"year": 2020}, 0),
    ],
)
def test_milestone_counts(milestones, function, kwargs, expected):
    assert function(milestones, **kwargs) == expected


def test_project_stages_at_cutoff(milestones):
    stages = m.project_stages(milestones, year=2023, through_month=10)
    assert stages.to_dict() == {"A": "初设", "B": "开工"}
    later = m.project_stages(milestones, year=2023, through_month=12)
    assert later.to_dict() == {"A": "初设", "B": "开工", "D": "验收"}


def test_stage_pipeline(milestones):
    out = m.stage_pipeline(milestones, year=2023, through_month=10)
    assert list(out.index) == ["可研", "初设", "专题报告", "开工", "完工", "验收"]
    assert out.to_dict() == {"可研": 0, "初设": 1, "专题报告": 0, "开工": 1, "完工": 0, "验收": 0}
    assert m.stage_pipeline(milestones, year=2021).to_dict()["可研"] == 1  # B only
    assert m.stage_pipeline(milestones, year=2020).sum() == 0


def test_stage_pipeline_empty(milestones):
    out = m.stage_pipeline(milestones.iloc[0:0], year=2023)
    assert out.sum() == 0 and out.dtype == "int64"


@pytest.fixture
def loans() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_id": ["A", "A", "B"],
            "county": ["甲县", "甲县", "乙县"],
            "lender": ["法开署", "法开署", "世界银行"],
            "date": _d(["2023-11-06", "2022-05-01", "2023-03-01"]),
            "amount_eur": [341645.61, 1000.0, 500.0],
        }
    )


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"year": 2023}, 342145.61),
        ({"year": 2023, "through_month": 10}, 500.0),
        ({"year": 2023, "lender": "法开署"}, 341645.61),
        ({"year": 2023, "county": "甲县"}, 341645.61),
        ({"year": 2021}, 0.0),
    ],
)
def test_loan_drawdown_eur(loans, kwargs, expected):
    assert m.loan_drawdown_eur(loans, **kwargs) == pytest.approx(expected)


def test_loan_unknown_lender(loans):
    with pytest.raises(ParameterError):
        m.loan_drawdown_eur(loans, year=2023, lender="AFD")


def test_drawdowns_by_lender(loans):
    out = m.drawdowns_by_lender(loans, year=2023)
    assert out["法开署"] == pytest.approx(341645.61)
    assert out["亚洲开发银行"] == 0.0


def test_inputs_not_mutated(milestones):
    before = milestones.copy()
    m.milestone_slippage(milestones, year=2023)
    m.stage_pipeline(milestones, year=2023)
    pd.testing.assert_frame_equal(milestones, before)
