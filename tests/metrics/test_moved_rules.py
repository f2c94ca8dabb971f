"""The metric functions the notebooks' rules moved into, on tiny hand-made tables."""

from __future__ import annotations

import pandas as pd

from wbanalysis import metrics


def _projects():
    return pd.DataFrame(
        {
            "project_id": ["A", "B", "C", "D"],
            "name": ["甲", "乙", "丙", "丁"],
            "county": ["甲县"] * 4,
            "category": ["堤防", "水库", "水库", "堤防"],
            "total_investment": [50.0, 100.0, 80.0, 10.0],
            "parent_id": [None] * 4,
        }
    )


def test_active_projects_are_those_with_investment_a_plan_or_a_status():
    progress = pd.DataFrame(
        {"project_id": ["A", "B"], "year": [2023, 2023], "month": [2, 3], "investment": [10.0, 0.0]}
    )
    plans = pd.DataFrame({"project_id": ["B"], "year": [2023], "planned": [60.0]})
    # without the milestones ledger nobody has a status: A invested, B has a plan; C, D neither
    none = metrics.active_projects(_projects(), progress, plans, None, year=2023)
    assert none[["name", "status"]].values.tolist() == [["甲", ""], ["乙", ""]]
    milestones = pd.DataFrame(
        {
            "project_id": ["C"],
            "milestone": ["开工"],
            "planned_date": pd.to_datetime(["2023-03-01"]),
            "actual_date": pd.to_datetime(["2023-03-10"]),
        }
    )
    ordered = metrics.active_projects(
        _projects(), progress, plans, milestones, year=2023, by_category=True
    )
    # 水库 before 堤防 (vocabulary order), larger total investment first within a category
    assert ordered["name"].tolist() == ["乙", "丙", "甲", "丁"]
    assert ordered.set_index("name")["status"].to_dict()["丙"] == "新开工"


def test_milestones_behind_and_of_the_year():
    m = pd.DataFrame(
        {
            "project_id": ["A", "B", "C", "D"],
            "county": ["甲县"] * 4,
            "milestone": ["开工", "开工", "完工", "完工"],
            "planned_date": pd.to_datetime(
                ["2023-03-01", "2023-04-01", "2022-06-01", "2023-12-01"]
            ),
            "actual_date": pd.to_datetime(["2023-03-01", "2023-05-01", None, None]),
        }
    )
    # A on time, B late (done), C open and overdue since 2022, D not due yet
    behind = metrics.milestones_behind(m, year=2023, through_month=10, projects=_projects())
    assert behind["name"].tolist() == ["丙", "乙"]
    of_year = metrics.milestones_of_year(m, year=2023, through_month=10)
    assert of_year["project_id"].tolist() == ["C", "A", "B", "D"]


def test_storage_by_place_and_shortfalls():
    s = pd.DataFrame(
        {
            "reservoir_id": ["R1", "R2", "R3"],
            "county": ["甲县", "乙县", "乙县"],
            "year": [2023] * 3,
            "target": [100.0, 50.0, 10.0],
            "actual": [120.0, 40.0, 5.0],
        }
    )
    city = metrics.storage_by_place(s, year=2023, counties=["甲县", "乙县"])
    assert city["surplus"].to_dict() == {"甲县": 20.0, "乙县": -15.0}  # no 全市 row
    assert metrics.storage_shortfalls(city).to_dict() == {"乙县": -15.0}
    r = pd.DataFrame(
        {"reservoir_id": ["R2", "R3"], "name": ["乙水库", "丙水库"], "scale": ["小(1)型"] * 2}
    )
    county = metrics.storage_by_place(s, year=2023, county="乙县", reservoirs=r)
    assert metrics.storage_shortfalls(county).to_dict() == {"乙水库": -10.0, "丙水库": -5.0}


def test_next_year_targets_and_programmes():
    t = pd.DataFrame(
        {
            "year": [2024, 2024, 2023],
            "county": ["甲县", "乙县", "甲县"],
            "description": ["甲水库开工", "乙渠完工", "丙闸验收"],
        }
    )
    assert metrics.next_year_targets(t, year=2023, county="甲县")["description"].tolist() == [
        "甲水库开工"
    ]
    f = pd.DataFrame(
        {
            "year": [2023] * 3,
            "month": [3, 4, 5],
            "county": ["甲县"] * 3,
            "level": ["省级", "中央", "中央"],
            "channel": ["专项债", "一般公共预算", None],
            "programme": ["水利发展资金", "水利救灾资金", "水利发展资金"],
            "secured": [60.0, 20.0, 100.0],
            "arrived": [60.0, 20.0, 50.0],
        }
    )
    assert metrics.programmes_by_level(f, year=2023) == {
        "中央": {"水利发展资金": 100.0, "水利救灾资金": 20.0},
        "省级": {"水利发展资金": 60.0},
    }
    channels = metrics.channel_arrivals(f, year=2023).set_index("channel")
    assert channels.loc["一般公共预算", "arrival_rate"] == 100.0
    assert channels.loc["专项债", "secured"] == 60.0


def test_per_county_and_per_year_series():
    fai = pd.DataFrame(
        {
            "year": [2023, 2023, 2023],
            "month": [1, 3, 11],
            "county": ["甲县", "乙县", "乙县"],
            "amount": [10.0, 5.0, 7.0],
        }
    )
    assert metrics.fixed_asset_by_county(
        fai, year=2023, through_month=10, counties=["乙县", "甲县"]
    ).to_dict() == {"乙县": 5.0, "甲县": 10.0}
    fees = pd.DataFrame(
        {
            "year": [2021, 2022, 2023],
            "month": [3, 3, 3],
            "county": ["甲县"] * 3,
            "work_id": ["W1"] * 3,
            "billed": [100.0, 100.0, 200.0],
            "collected": [50.0, 80.0, 150.0],
        }
    )
    assert metrics.fee_collection_by_year(fees, years=[2021, 2022, 2023], year=2022).to_dict() == {
        2021: 50.0,
        2022: 80.0,
    }
