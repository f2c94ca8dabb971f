"""The wider ledgers' metrics, by hand: funds by channel, 全口径 investment, quantities and
benefits, disasters and preparation, assessments, rural tap-water coverage and works by kind."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from wbanalysis.errors import ParameterError
from wbanalysis.metrics import assessments, construction, disasters, funding, quantities, supply


def _d(values):
    return pd.to_datetime(pd.Series(values, dtype=object))


def test_funds_by_channel_add_up_to_the_funds_secured():
    f = pd.DataFrame(
        {
            "year": [2023] * 4,
            "month": [2, 3, 5, 11],
            "county": ["甲县"] * 4,
            "level": ["中央", "中央", "市本级", "省级"],
            "secured": [500.0, 300.0, 120.0, 99.0],
            "arrived": [500.0, 0.0, 60.0, 0.0],
            "channel": ["增发国债", "一般公共预算", None, "专项债"],
        }
    )
    s = funding.funds_by_channel(f, year=2023, through_month=10)
    assert s["增发国债"] == 500.0 and s["一般公共预算"] == 300.0 and s["未注明"] == 120.0
    assert s["专项债"] == 0.0  # November
    assert s.sum() == funding.funds_secured(f, year=2023, through_month=10)
    arrived = funding.funds_by_channel(f, year=2023, through_month=10, value="arrived")
    assert arrived["未注明"] == 60.0
    with pytest.raises(ParameterError):
        funding.funds_by_channel(f, year=2023, value="planned")


@pytest.fixture
def whole() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2022, 2022, 2023, 2023, 2023],
            "month": [3, 11, 2, 9, 11],
            "county": ["甲县", "甲县", "甲县", "乙县", "乙县"],
            "source": ["中央", "地方", "债券", "社会资本", "中央"],
            "purpose": ["防洪工程", None, "水资源工程", "防洪工程", "其他工程"],
            "amount": [1000.0, 400.0, 900.0, 350.0, 80.0],
        }
    )


def test_construction_investment(whole):
    assert construction.construction_investment(whole, year=2023, through_month=10) == 1250.0
    assert (
        construction.construction_investment(
            whole, year=2023, through_month=10, county="乙县", source="社会资本"
        )
        == 350.0
    )
    assert construction.construction_yoy(whole, year=2023, through_month=10) == 25.0
    by_source = construction.construction_by_source(whole, year=2023, through_month=10)
    assert by_source[by_source > 0].to_dict() == {"债券": 900.0, "社会资本": 350.0}
    by_purpose = construction.construction_by_purpose(whole, year=2022)
    assert by_purpose[by_purpose > 0].to_dict() == {"防洪工程": 1000.0, "未注明": 400.0}
    with pytest.raises(ParameterError):
        construction.construction_investment(whole, year=2023, source="外资")


@pytest.fixture
def works() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_id": ["A", "A", "B", "B", "C", "C"],
            "year": [2022, 2023, 2023, 2023, 2023, 2023],
            "month": [8, 3, 5, 12, 6, 7],
            "kind": ["堤防长度", "堤防长度", "受益人口", "受益人口", "新增灌溉面积", "水闸"],
            "quantity": [2.0, 1.5, 8000.0, 500.0, 3200.0, 2.0],
            "county": ["甲县", "甲县", "乙县", "乙县", "甲县", "甲县"],
        }
    )


def test_quantities(works):
    s = quantities.quantities_by_kind(works, year=2023, through_month=10)
    assert s[s > 0].to_dict() == {
        "堤防长度": 1.5,
        "水闸": 2.0,
        "新增灌溉面积": 3200.0,
        "受益人口": 8000.0,
    }
    assert quantities.quantity(works, "堤防长度", year=2023, cumulative=True) == 3.5
    assert quantities.quantity(works, "受益人口", year=2023, county="乙县") == 8500.0
    table = quantities.quantities_by_project(
        works,
        pd.DataFrame(
            {
                "project_id": ["A", "B", "C"],
                "name": ["甲", "乙", "丙"],
                "category": ["堤防", "山洪灾害防治", "灌区续建配套"],
            }
        ),
        year=2023,
        through_month=10,
    )
    assert list(table.columns) == [
        "project_id",
        "name",
        "category",
        "堤防长度",
        "水闸",
        "新增灌溉面积",
        "受益人口",
    ]
    with pytest.raises(ParameterError):
        quantities.quantity(works, "河长", year=2023)


@pytest.fixture
def events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "county": ["甲县", "甲县", "乙县", "乙县", "甲县"],
            "date": _d(["2023-06-20", "2023-07-02", "2023-08-15", "2023-11-02", "2022-07-01"]),
            "kind": ["洪涝", "工程险情", "工程险情", "山洪", "干旱"],
            "grade": ["一般", "重大", None, "较大", None],
            "affected_population": pd.array([6000, None, None, 900, 3000], dtype="Int64"),
            "evacuated": pd.array([300, 50, None, 20, 0], dtype="Int64"),
            "dead_missing": pd.array([0, 0, 0, 1, 0], dtype="Int64"),
            "direct_loss": [800.0, 60.0, 15.5, 90.0, 40.0],
            "facility_loss": [200.0, 60.0, None, 30.0, 0.0],
        }
    )


def test_disasters_dangers_and_losses(events):
    assert disasters.disaster_events(events, year=2023, through_month=10) == 1
    assert disasters.disaster_events(events, year=2023, through_month=10, kind="工程险情") == 2
    assert (
        disasters.disaster_events(events, year=2023, kind="工程险情", grades=("重大", "特别重大"))
        == 1
    )
    assert disasters.dangers_by_grade(events, year=2023)[["重大", "未定级"]].tolist() == [1, 1]
    losses = disasters.disaster_losses(events, year=2023, through_month=10)
    assert losses.to_dict() == {
        "affected_population": 6000.0,
        "evacuated": 350.0,
        "dead_missing": 0.0,
        "direct_loss": 875.5,
        "facility_loss": 260.0,
    }
    assert disasters.disaster_losses(events, year=2023)["dead_missing"] == 1.0
    assert disasters.events_by_kind(events, year=2022).to_dict()["干旱"] == 1


def test_preparation():
    f = pd.DataFrame(
        {
            "county": ["甲县", "乙县", None, "甲县"],
            "kind": ["抢险队伍", "抢险队伍", "应急演练", "抗旱水泵"],
            "count": pd.array([4, 2, 1, 12], dtype="Int64"),
            "people": pd.array([160, 90, 200, None], dtype="Int64"),
            "date": _d(["2023-04-01", "2023-04-03", "2023-05-10", "2023-11-01"]),
        }
    )
    assert disasters.preparation(f, "抢险队伍", year=2023) == 6
    assert disasters.preparation(f, "抢险队伍", year=2023, people=True) == 250
    assert disasters.preparation(f, "应急演练", year=2023, county="甲县") == 0  # the city's
    t = disasters.preparedness(f, year=2023, through_month=10)
    assert t.loc["抗旱水泵", "count"] == 0 and t.loc["应急演练", "word"] == "次"


@pytest.fixture
def results() -> pd.DataFrame:
    rows = [  # (assessment, assessed year, county, grade, rank, announced)
        ("最严格水资源管理制度考核", 2020, None, "优秀", 2, "2021-05-01"),
        ("最严格水资源管理制度考核", 2021, None, "良好", 3, "2022-05-01"),
        ("最严格水资源管理制度考核", 2022, None, "优秀", 1, "2023-05-01"),
        ("河湖长制考核", 2021, "甲县", "优秀", 1, "2022-03-01"),
        ("河湖长制考核", 2022, "甲县", "优秀", 2, "2023-03-01"),
        ("河湖长制考核", 2022, "乙县", "合格", 5, "2023-03-01"),
        ("水利发展改革考核", 2022, None, "A", None, "2023-11-20"),
    ]
    return pd.DataFrame(
        {
            "assessment": [r[0] for r in rows],
            "assessed_year": [r[1] for r in rows],
            "county": [r[2] for r in rows],
            "grade": [r[3] for r in rows],
            "rank": pd.array([r[4] for r in rows], dtype="Int64"),
            "announced_date": _d([r[5] for r in rows]),
        }
    )


def test_assessments(results):
    t = assessments.assessment_results(results, year=2023, through_month=10)
    assert t[["assessment", "streak"]].values.tolist() == [
        ["最严格水资源管理制度考核", 1],  # 2021 was 良好: the run starts again
        ["河湖长制考核", 2],
        ["河湖长制考核", 0],
    ]
    assert t["county"].tolist()[1:] == ["甲县", "乙县"] and pd.isna(t.loc[0, "county"])
    assert assessments.assessments_excellent(results, year=2023, through_month=10) == 2
    assert assessments.assessments_excellent(results, year=2023) == 3
    assert assessments.assessment_rank(results, "最严格水资源管理制度考核", year=2023) == 1.0
    assert assessments.assessment_rank(results, "河湖长制考核", year=2023, county="乙县") == 5.0
    assert math.isnan(assessments.assessment_rank(results, "河湖长制考核", year=2023))
    assert math.isnan(assessments.assessment_rank(results, "水利发展改革考核", year=2023))


def test_rural_coverage_and_works_by_kind():
    w = pd.DataFrame(
        {
            "work_id": ["W1", "W2", "W3", "W4"],
            "name": ["一", "二", "三", "四"],
            "county": ["甲县", "甲县", "乙县", "乙县"],
            "work_type": ["规模化供水", "小型集中供水", "小型集中供水", "分散供水"],
            "population": pd.array([15000, 3000, 2000, 500], dtype="Int64"),
            "priced": pd.array([True, True, False, False], dtype="boolean"),
        }
    )
    stats = pd.DataFrame(
        {
            "year": pd.array([2023, 2023], dtype="Int64"),
            "county": ["甲县", "乙县"],
            "rural_population": pd.array([20000, 5000], dtype="Int64"),
        }
    )
    assert supply.tap_water_coverage(w, stats, year=2023) == 80.0  # 20000 / 25000
    assert supply.large_scale_coverage(w, stats, year=2023, county="甲县") == 75.0
    assert math.isnan(supply.tap_water_coverage(w, stats, year=2022))
    assert supply.population_served(w, county="乙县") == 2500
    fees = pd.DataFrame(
        {
            "work_id": ["W1", "W2", "W3"],
            "year": [2023] * 3,
            "month": [3, 3, 6],
            "billed": [1000.0, 200.0, 100.0],
            "collected": [900.0, 100.0, 30.0],
            "county": ["甲县", "甲县", "乙县"],
        }
    )
    t = supply.works_by_kind(w, fees, year=2023)
    assert t.loc["集中供水", ["works", "population", "priced"]].tolist() == [3, 20000, 2]
    assert t.loc["集中供水", "collection_rate"] == pytest.approx(1030 / 1300 * 100)
    assert math.isnan(t.loc["分散供水", "collection_rate"])
    assert t.loc["分散供水", "pricing_coverage"] == 0.0
