"""项目建设状态 metrics: statuses by project and category, 除险加固 per reservoir, procedural
milestones, and the investment plan."""

from __future__ import annotations

import pandas as pd
import pytest

from wbanalysis.metrics import investment as inv
from wbanalysis.metrics import portfolio as m
from wbanalysis.metrics import projects


def _d(values):
    return pd.to_datetime(pd.Series(values, dtype=object))


@pytest.fixture
def projects_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_id": ["U", "A", "B", "C", "D", "E", "X", "Y"],
            "name": ["总项目", "甲库", "乙堤", "丙渠", "丁闸", "戊库", "一库加固", "二库加固"],
            "county": ["甲县", "甲县", "甲县", "乙县", "乙县", "乙县", "甲县", "乙县"],
            "category": [
                "水库",
                "水库",
                "堤防",
                "灌区续建配套",
                "中小河流治理",
                "水库",
                "除险加固",
                "除险加固",
            ],
            "total_investment": [900.0, 500.0, 200.0, 300.0, 100.0, 800.0, 400.0, 250.0],
            "parent_id": [None, "U", None, None, None, None, None, None],
            "reservoir_id": [None, None, None, None, None, None, "R1", "R2"],
        }
    )


@pytest.fixture
def milestones() -> pd.DataFrame:
    # cut-off of (2023, 10): 2023-10-31
    rows = [
        ("A", "开工", "2021-03-01", "2021-03-10"),  # 续建, 主体完工 in the period: 完工 too
        ("A", "主体完工", "2023-06-30", "2023-07-02"),
        ("B", "招标", "2023-01-31", "2023-01-20"),  # procedural only: 前期
        ("C", "开工", "2023-04-30", "2023-04-12"),  # 新开工
        ("C", "主体完工", "2023-12-31", None),
        ("E", "开工", "2019-03-01", "2019-03-05"),  # accepted in 2023: not 续建
        ("E", "竣工验收", "2023-06-30", "2023-05-20"),
        ("X", "开工", "2023-02-28", "2023-02-15"),  # 新开工 and 完工
        ("X", "主体完工", "2023-09-30", "2023-09-20"),
        ("Y", "开工", "2023-09-30", "2023-11-02"),  # starts after the cut-off: 前期? no: 储备
    ]
    return pd.DataFrame(
        {
            "project_id": [r[0] for r in rows],
            "milestone": [r[1] for r in rows],
            "planned_date": _d([r[2] for r in rows]),
            "actual_date": _d([r[3] for r in rows]),
        }
    )


def test_status_of_each_leaf_project(projects_table, milestones):
    t = m.project_status(projects_table, milestones, year=2023, through_month=10)
    status = dict(zip(t["project_id"], t["status"], strict=True))
    assert status == {
        "A": "续建、完工",
        "B": "前期",
        "C": "新开工",
        "D": "储备",
        "E": "竣工验收",
        "X": "新开工、完工",
        "Y": "储备",
    }  # U is an umbrella


def test_status_counts_by_county_and_category(projects_table, milestones):
    counts = m.status_counts(projects_table, milestones, year=2023, through_month=10)
    assert counts.to_dict() == {
        "储备": 2,
        "前期": 1,
        "新开工": 2,
        "续建": 1,
        "完工": 2,
        "竣工验收": 1,
    }
    jia = m.status_counts(projects_table, milestones, year=2023, through_month=10, county="甲县")
    yi = m.status_counts(projects_table, milestones, year=2023, through_month=10, county="乙县")
    assert (jia + yi).to_dict() == counts.to_dict()
    # a year later, at its end: C and Y are still building; A and X finished their main works
    # in 2023 and have no acceptance on record, E was accepted
    later = m.status_counts(projects_table, milestones, year=2024, through_month=12)
    assert later["续建"] == 2 and later["新开工"] == 0 and later["竣工验收"] == 0
    awaiting = pd.concat(
        [
            milestones,
            pd.DataFrame(
                {
                    "project_id": ["A"],
                    "milestone": ["竣工验收"],
                    "planned_date": _d(["2024-12-31"]),
                    "actual_date": _d([None]),
                }
            ),
        ],
        ignore_index=True,
    )
    assert m.status_counts(projects_table, awaiting, year=2024, through_month=12)["续建"] == 3


def test_status_by_category(projects_table, milestones):
    t = m.status_by_category(projects_table, milestones, year=2023, through_month=10)
    assert list(t.index) == ["水库", "除险加固", "中小河流治理", "堤防", "灌区续建配套", "合计"]
    assert t.loc["水库", ["projects", "续建", "完工", "竣工验收"]].tolist() == [2, 1, 1, 1]
    assert t.loc["除险加固", ["projects", "新开工", "完工", "储备"]].tolist() == [2, 1, 1, 1]
    assert t.loc["合计"].tolist() == t.drop(index="合计").sum().tolist()


def test_reinforcement_per_reservoir(projects_table, milestones):
    reservoirs = pd.DataFrame(
        {"reservoir_id": ["R1", "R2"], "name": ["一库", "二库"], "scale": ["小(1)型", "小(2)型"]}
    )
    t = m.reinforcement_projects(
        projects_table, milestones, reservoirs, year=2023, through_month=10
    ).set_index("project_id")
    assert t.loc["X", ["reservoir", "scale", "status"]].tolist() == [
        "一库",
        "小(1)型",
        "新开工、完工",
    ]
    assert t.loc["X", "finished"] == pd.Timestamp("2023-09-20")
    assert pd.isna(t.loc["Y", "finished"])
    assert m.reservoirs_reinforced(projects_table, milestones, year=2023, through_month=10) == 1
    assert m.reservoirs_reinforced(projects_table, milestones, year=2023, through_month=8) == 0


def test_procedural_milestones_complete_no_stage(milestones):
    stages = projects.project_stages(milestones, year=2023, through_month=10)
    assert "B" not in stages.index  # 招标 done: no stage
    assert stages["A"] == "完工"


@pytest.fixture
def progress() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_id": ["A", "A", "C", "X", "X", "B"],
            "year": [2022, 2023, 2023, 2023, 2023, 2023],
            "month": [5, 3, 6, 4, 11, 2],
            "investment": [100.0, 60.0, 40.0, 200.0, 50.0, 9.0],
            "central": [50.0, 30.0, 0.0, 140.0, 35.0, 0.0],
            "county": ["甲县", "甲县", "乙县", "甲县", "甲县", "甲县"],
        }
    )


@pytest.fixture
def plans() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_id": ["A", "C", "X", "A"],
            "year": [2023, 2023, 2023, 2022],
            "planned": [80.0, 100.0, 250.0, 120.0],
            "planned_central": [40.0, None, 175.0, 60.0],
            "county": ["甲县", "乙县", "甲县", "甲县"],
        }
    )


def test_investment_plan_and_its_central_part(progress, plans):
    p = inv.investment_plan(progress, plans, year=2023, through_month=10)
    assert (p.planned, p.completed) == (430.0, 300.0)  # B has no plan; X's November is later
    assert p.completion_rate == pytest.approx(300 / 430 * 100)
    c = inv.investment_plan(progress, plans, year=2023, through_month=10, central=True)
    assert (c.planned, c.completed) == (215.0, 170.0)  # C's plan has no central part
    yi = inv.investment_plan(progress, plans, year=2023, through_month=10, county="乙县")
    assert (yi.planned, yi.completed) == (100.0, 40.0)


def test_project_table_with_plans_and_by_category(projects_table, progress, plans):
    t = inv.project_investment(
        projects_table, progress, year=2023, through_month=10, project_plans=plans
    ).set_index("project_id")
    assert t.loc["A", ["planned_year", "completed_year", "completed_cumulative"]].tolist() == [
        80.0,
        60.0,
        160.0,
    ]
    assert t.loc["A", "plan_completion_rate"] == 75.0
    assert pd.isna(t.loc["D", "planned_year"]) and pd.isna(t.loc["D", "plan_completion_rate"])
    by = inv.investment_by_category(projects_table, progress, plans, year=2023, through_month=10)
    assert by.loc["除险加固", ["projects", "planned_year", "completed_year"]].tolist() == [
        2,
        250.0,
        200.0,
    ]
    assert by.loc["堤防", "completed_year"] == 9.0 and pd.isna(by.loc["堤防", "planned_year"])
    # the rate counts the completed investment of projects with a plan only (not B's 9)
    assert by.loc["合计", "plan_completion_rate"] == pytest.approx(300 / 430 * 100)
