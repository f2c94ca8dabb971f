"""隐患, 执法, 水库监测 and 生态流量 metrics."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from wbanalysis.metrics import safety as m


@pytest.fixture
def hazards() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "hazard_id": ["H1", "H2", "H3", "H4", "H5"],
            "county": ["甲县", "甲县", "乙县", "乙县", "甲县"],
            "level": ["一般", "一般", "重大", "一般", "一般"],
            "description": [None] * 5,
            "found_date": pd.to_datetime(
                ["2022-12-01", "2023-02-01", "2023-03-01", "2023-09-01", "2023-11-01"]
            ),
            "rectified_date": pd.to_datetime(
                ["2023-01-10", "2023-02-20", None, "2023-11-02", "2023-11-20"]
            ),
        }
    )


@pytest.mark.parametrize(
    "function, kwargs, expected",
    [
        (m.hazards_found, {"year": 2023, "through_month": 10}, 3),
        (m.hazards_found, {"year": 2023}, 4),
        (m.hazards_found, {"year": 2023, "level": "重大"}, 1),
        # of the hazards found in the period: H2 by October; H2, H4, H5 by December
        (m.hazards_rectified, {"year": 2023, "through_month": 10}, 1),
        (m.hazards_rectified, {"year": 2023}, 3),
        (m.hazards_rectified, {"year": 2023, "county": "甲县"}, 2),
        # H1, found in December 2022, rectified in January 2023: the backlog, apart
        (m.hazards_rectified_carried_over, {"year": 2023, "through_month": 10}, 1),
        (m.hazards_rectified_carried_over, {"year": 2023, "county": "乙县"}, 0),
        (m.hazards_rectified_carried_over, {"year": 2022}, 0),
        (m.hazards_open, {"year": 2023, "through_month": 10}, 2),
        (m.hazards_open, {"year": 2023}, 1),
        (m.hazards_found, {"year": 2021}, 0),
    ],
)
def test_hazard_counts(hazards, function, kwargs, expected):
    assert function(hazards, **kwargs) == expected


def test_rectification_rate(hazards):
    # 1-10月: found H2, H3, H4; of them H2 rectified by the cut-off
    assert m.hazard_rectification_rate(hazards, year=2023, through_month=10) == pytest.approx(
        1 / 3 * 100
    )
    assert math.isnan(m.hazard_rectification_rate(hazards, year=2020))


def test_a_backlog_rectified_does_not_push_the_rate_above_100(hazards):
    # 甲县 1-10月: found H2 (rectified); H1, found in 2022, rectified in January 2023 is the
    # backlog: 100 %, never the 200 % that counting every rectification of the period gave
    args = {"year": 2023, "through_month": 10, "county": "甲县"}
    assert m.hazard_rectification_rate(hazards, **args) == 100.0
    assert m.hazards_rectified(hazards, **args) == 1
    assert m.hazards_rectified_carried_over(hazards, **args) == 1


@pytest.fixture
def enforcement() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "case_id": ["E1", "E2", "E3", "E4"],
            "date": pd.to_datetime(["2023-04-01", "2023-08-01", "2023-09-01", "2023-12-01"]),
            "county": ["甲县", "乙县", "乙县", "甲县"],
            "case_type": ["非法采砂", "非法采砂", "河道违建", "非法采砂"],
            "closed_date": pd.to_datetime([None] * 4),
        }
    )


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"year": 2023, "through_month": 10, "case_type": "非法采砂"}, 2),
        ({"year": 2023, "through_month": 10}, 3),
        ({"year": 2023, "case_type": "非法采砂"}, 3),
        ({"year": 2023, "county": "乙县"}, 2),
        ({"year": 2022}, 0),
    ],
)
def test_enforcement_cases(enforcement, kwargs, expected):
    assert m.enforcement_cases(enforcement, **kwargs) == expected


def test_cases_by_type(enforcement):
    assert m.cases_by_type(enforcement, year=2023).tolist() == [3, 0, 1, 0]


@pytest.fixture
def reservoirs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "reservoir_id": ["R1", "R2", "R3", "R4"],
            "county": ["甲县", "甲县", "乙县", "乙县"],
            "scale": ["中型", "小(1)型", "小(2)型", "小(2)型"],
            "rain_monitoring": pd.array([True, True, False, True], dtype="boolean"),
            "dam_monitoring": pd.array([True, True, True, None], dtype="boolean"),
        }
    )


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({}, 50.0),
        ({"small_only": True}, 100 / 3),
        ({"county": "甲县"}, 100.0),
        ({"county": "乙县"}, 0.0),
    ],
)
def test_monitoring_coverage(reservoirs, kwargs, expected):
    assert m.monitoring_coverage(reservoirs, **kwargs) == pytest.approx(expected)


def test_monitoring_coverage_nan_without_reservoirs(reservoirs):
    assert math.isnan(m.monitoring_coverage(reservoirs, county="丙县"))
    medium_only = reservoirs.iloc[:1]
    assert math.isnan(m.monitoring_coverage(medium_only, small_only=True))


@pytest.fixture
def hydropower() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "station_id": ["S1", "S2", "S3", "S4", "S5"],
            "name": ["一", "二", "三", "四", "五"],
            "county": ["甲县", "甲县", "乙县", "乙县", "乙县"],
            "capacity_kw": [500.0] * 5,
            "eco_flow_required": pd.array([True, True, True, True, False], dtype="boolean"),
        }
    )


@pytest.fixture
def eco_flow() -> pd.DataFrame:
    # S1 always compliant; S2 fails in March; S3 fails only in November; S4 never reports;
    # S5 is not required (its rows do not count)
    return pd.DataFrame(
        {
            "station_id": ["S1", "S1", "S2", "S2", "S3", "S3", "S5"],
            "year": pd.array([2023] * 7, dtype="Int64"),
            "month": pd.array([1, 2, 1, 3, 1, 11, 1], dtype="Int64"),
            "compliant": pd.array([True, True, True, False, True, False, True], dtype="boolean"),
            "county": ["甲县", "甲县", "甲县", "甲县", "乙县", "乙县", "乙县"],
        }
    )


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"year": 2023, "through_month": 10}, 50.0),
        ({"year": 2023}, 25.0),
        ({"year": 2023, "through_month": 2}, 75.0),
        ({"year": 2023, "through_month": 10, "county": "乙县"}, 50.0),
        ({"year": 2022}, 0.0),  # nobody reported: nobody compliant
    ],
)
def test_eco_flow_compliance(hydropower, eco_flow, kwargs, expected):
    assert m.eco_flow_compliance(hydropower, eco_flow, **kwargs) == pytest.approx(expected)


def test_eco_flow_by_station(hydropower, eco_flow):
    t = m.eco_flow_by_station(hydropower, eco_flow, year=2023, through_month=10)
    assert t["station_id"].tolist() == ["S1", "S2", "S3", "S4"]
    assert t["months_reported"].tolist() == [2, 2, 1, 0]
    assert t["months_compliant"].tolist() == [2, 1, 1, 0]
    assert t["compliant"].tolist() == [True, False, True, False]


def test_eco_flow_nan_without_required_stations(hydropower, eco_flow):
    assert math.isnan(m.eco_flow_compliance(hydropower.iloc[4:], eco_flow, year=2023))
