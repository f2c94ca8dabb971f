"""河湖长制 metrics: roster, patrol completion, problems, special actions."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from wbanalysis.errors import ParameterError
from wbanalysis.metrics import rivers as m


def _int(values):
    return pd.array(values, dtype="Int64")


@pytest.fixture
def chiefs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "chief_id": ["C1", "T1", "T2", "V1", "V2"],
            "name": ["市长", "乡长一", "乡长二", "村长一", "村长二"],
            "level": ["市级", "乡级", "乡级", "村级", "村级"],
            "county": ["甲县", "甲县", "乙县", "甲县", "乙县"],
            "river": ["大河"] * 5,
        }
    )


@pytest.fixture
def patrols() -> pd.DataFrame:
    # through_month=3: required 市级 1, 乡级 3, 村级 12
    return pd.DataFrame(
        {
            "chief_id": ["C1", "T1", "T1", "T2", "V1", "V1", "V2", "V2"],
            "year": _int([2023] * 8),
            "month": _int([2, 1, 3, 2, 1, 4, 2, 3]),
            "patrols": _int([1, 2, 5, 1, 12, 30, 6, 3]),
            "county": ["甲县", "甲县", "甲县", "乙县", "甲县", "甲县", "乙县", "乙县"],
        }
    )


def test_chiefs_by_level(chiefs):
    none = {"省级": 0, "县级": 0}
    assert m.chiefs_by_level(chiefs).to_dict() == {**none, "市级": 1, "乡级": 2, "村级": 2}
    assert m.chiefs_by_level(chiefs, county="乙县").to_dict() == {
        **none,
        "市级": 0,
        "乡级": 1,
        "村级": 1,
    }


def test_patrols_done(patrols):
    assert m.patrols_done(patrols, year=2023, through_month=3) == 30
    assert m.patrols_done(patrols, year=2023, through_month=3, county="乙县") == 10
    assert m.patrols_done(patrols, year=2022) == 0


def test_default_frequency():
    assert m.PATROL_FREQUENCY == {
        "村级": 4.0,
        "乡级": 1.0,
        "县级": 1 / 2,
        "市级": 1 / 3,
        "省级": 1 / 6,
    }
    # every level of the national system has one, in the vocabulary's order
    assert m.CHIEF_LEVELS == ("省级", "市级", "县级", "乡级", "村级")
    assert set(m.PATROL_FREQUENCY) == set(m.CHIEF_LEVELS)


def test_patrol_completion_by_chief(chiefs, patrols):
    t = m.patrol_completion_by_chief(chiefs, patrols, year=2023, through_month=3)
    t = t.set_index("chief_id")
    assert t["required"].tolist() == pytest.approx([1.0, 3.0, 3.0, 12.0, 12.0])
    assert t["done"].tolist() == [1, 7, 1, 12, 9]
    assert t["credited"].tolist() == pytest.approx([1.0, 3.0, 1.0, 12.0, 9.0])


def test_patrol_completion_by_level(chiefs, patrols):
    t = m.patrol_completion_by_level(chiefs, patrols, year=2023, through_month=3)
    assert list(t.index) == ["市级", "乡级", "村级", "合计"]
    assert t["chiefs"].tolist() == [1, 2, 2, 5]
    assert t["completion_rate"].tolist() == pytest.approx(
        [100.0, 4 / 6 * 100, 21 / 24 * 100, 26 / 31 * 100]
    )


def test_a_county_roster_has_its_own_levels():
    """A county bureau's roster: 县级, 乡级, 村级 chiefs; no 市级 row in its table."""
    chiefs = pd.DataFrame(
        {
            "chief_id": ["K1", "K2", "T1", "V1"],
            "level": ["县级", "县级", "乡级", "村级"],
            "county": ["龙泉县"] * 4,
        }
    )
    patrols = pd.DataFrame(
        {
            "chief_id": ["K1", "K1", "K2", "T1", "V1"],
            "year": [2023] * 5,
            "month": [1, 3, 2, 4, 4],
            "patrols": [1, 1, 1, 4, 10],
            "county": ["龙泉县"] * 5,
        }
    )
    t = m.patrol_completion_by_level(chiefs, patrols, year=2023, through_month=4)
    # 县级 every two months: 2 each in 1-4月; K1 did 2, K2 did 1 -> 3 of 4
    # 乡级 monthly: 4 of 4; 村级 weekly: 16 required, 10 done
    assert list(t.index) == ["县级", "乡级", "村级", "合计"]
    assert t["chiefs"].tolist() == [2, 1, 1, 4]
    assert t["completion_rate"].tolist() == pytest.approx([75.0, 100.0, 62.5, 17 / 24 * 100])
    assert m.patrol_completion(
        chiefs, patrols, year=2023, through_month=4, level="县级"
    ) == pytest.approx(75.0)
    assert math.isnan(
        m.patrol_completion(chiefs, patrols, year=2023, through_month=4, level="市级")
    )


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({}, 26 / 31 * 100),
        ({"level": "村级"}, 21 / 24 * 100),
        ({"county": "甲县"}, 100.0),
        ({"county": "乙县", "level": "乡级"}, 100 / 3),
        # a province with fortnightly village patrols: 村级 required 6 each
        # credited 1 + 3 + 1 + 6 + 6 of required 1 + 3 + 3 + 6 + 6
        ({"frequency": {"村级": 2.0, "乡级": 1.0, "市级": 1 / 3}}, 17 / 19 * 100),
    ],
)
def test_patrol_completion(chiefs, patrols, kwargs, expected):
    result = m.patrol_completion(chiefs, patrols, year=2023, through_month=3, **kwargs)
    assert result == pytest.approx(expected)


def test_extra_patrols_do_not_make_up_for_others(chiefs, patrols):
    # V1's 30 patrols in April are outside 1-3月 and V1 already did 12: never above 100
    assert m.patrol_completion(
        chiefs, patrols, year=2023, through_month=4, county="甲县", level="村级"
    ) == pytest.approx(100.0)


def test_patrol_completion_nan_without_chiefs(chiefs, patrols):
    assert math.isnan(m.patrol_completion(chiefs, patrols, year=2023, county="丙县"))
    assert math.isnan(m.patrol_completion(chiefs, patrols, year=2023, county="乙县", level="市级"))


def test_patrol_completion_missing_level_frequency(chiefs, patrols):
    with pytest.raises(ParameterError, match="市级"):
        m.patrol_completion(chiefs, patrols, year=2023, frequency={"村级": 4, "乡级": 1})


@pytest.fixture
def issues() -> pd.DataFrame:
    # cut-off of (2023, 10): 2023-10-31
    return pd.DataFrame(
        {
            "issue_id": ["I1", "I2", "I3", "I4", "I5", "I6"],
            "county": ["甲县", "甲县", "乙县", "乙县", "甲县", "乙县"],
            "river": ["大河"] * 6,
            "issue_type": ["乱占", "乱采", "乱堆", "乱建", "水污染", "其他"],
            "found_date": pd.to_datetime(
                ["2022-11-20", "2023-02-01", "2023-03-01", "2023-10-01", "2023-10-31", "2023-11-02"]
            ),
            "closed_date": pd.to_datetime(
                ["2023-01-10", "2023-02-05", "2023-11-15", None, "2023-10-31", None]
            ),
            "chief_id": [None] * 6,
        }
    )


@pytest.mark.parametrize(
    "function, kwargs, expected",
    [
        (m.issues_found, {"year": 2023, "through_month": 10}, 4),
        (m.issues_found, {"year": 2023}, 5),
        (m.issues_found, {"year": 2023, "county": "乙县"}, 3),
        # of the issues found in the period: I2, I5 by October; I2, I3, I5 by December
        (m.issues_closed, {"year": 2023, "through_month": 10}, 2),
        (m.issues_closed, {"year": 2023}, 3),
        # I1, found in November 2022, closed in January 2023: the backlog, apart
        (m.issues_closed_carried_over, {"year": 2023, "through_month": 10}, 1),
        (m.issues_closed_carried_over, {"year": 2023, "county": "乙县"}, 0),
        (m.issues_closed_carried_over, {"year": 2022}, 0),
        (m.issues_open, {"year": 2023, "through_month": 10}, 2),
        (m.issues_open, {"year": 2023}, 2),
        (m.issues_open, {"year": 2022, "through_month": 12}, 1),
        (m.issues_found, {"year": 2021}, 0),
    ],
)
def test_issue_counts(issues, function, kwargs, expected):
    assert function(issues, **kwargs) == expected


def test_a_backlog_closed_does_not_push_the_closure_rate_above_100(issues):
    # 甲县, 1-10月: found I2, I5, both closed; I1 (found 2022) closed too: it is the carried-over
    # figure, so the rate is 100 %, never the 150 % that counting every closure gave
    args = {"year": 2023, "through_month": 10, "county": "甲县"}
    assert m.issue_closure_rate(issues, **args) == 100.0
    assert m.issues_closed_carried_over(issues, **args) == 1
    # the whole city, 1-10月: found I2, I3, I4, I5; closed by the cut-off I2, I5 (I3 in November)
    assert m.issue_closure_rate(issues, year=2023, through_month=10) == 50.0


def test_an_issue_found_in_the_period_and_closed_after_the_cut_off_is_open(issues):
    # I3 found in March, closed 15 November: closed by December, not by October
    by_october = m.issue_closure_rate(issues, year=2023, through_month=10, county="乙县")
    assert by_october == 0.0  # 乙县 1-10月: found I3, I4, neither closed by 31 October
    assert m.issue_closure_rate(issues, year=2023, county="乙县") == pytest.approx(100 / 3)


def test_closure_rate_nan_when_nothing_found(issues):
    assert math.isnan(m.issue_closure_rate(issues, year=2020))


def test_open_issues_age(issues):
    t = m.open_issues(issues, year=2023, through_month=10)
    assert t["issue_id"].tolist() == ["I3", "I4"]
    assert t["age_days"].tolist() == [244, 30]
    assert t["age_days"].dtype == "int64"


def test_open_issues_empty(issues):
    t = m.open_issues(issues, year=2021)
    assert t.empty and "age_days" in t.columns


@pytest.fixture
def activities() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "activity_id": ["A1", "A2", "A3", "A4", "A5", "A6", "A7"],
            "date": pd.to_datetime(
                [
                    "2023-03-01",
                    "2023-04-01",
                    "2023-05-01",
                    "2023-06-01",
                    "2023-07-01",
                    "2023-08-01",
                    "2023-11-01",
                ]
            ),
            "county": ["甲县", "乙县", "市本级", "甲县", "乙县", "甲县", "甲县"],
            "activity_type": [
                "清四乱",
                "河长清河",
                "清四乱",
                "遥感图斑复核",
                "美丽河湖申报",
                "党组学习",
                "清四乱",
            ],
            "participants": _int([12000, 10000, None, None, None, 30, 99]),
            "river_km": [500.0, 405.6, 1.0, None, None, None, 9.0],
            "rubbish_t": [800.0, 723.4, None, None, None, None, 9.0],
            "items": _int([None, None, None, 650, 5, None, None]),
        }
    )


def test_special_actions(activities):
    t = m.special_actions(activities, year=2023, through_month=10)
    assert list(t.index) == ["清四乱", "河长清河", "合计"]
    assert t.loc["合计", "actions"] == 3
    assert t.loc["合计", "participants"] == 22000
    assert t.loc["合计", "river_km"] == pytest.approx(906.6)
    assert t.loc["合计", "rubbish_t"] == pytest.approx(1523.4)
    by_county = m.special_actions(activities, year=2023, through_month=10, county="甲县")
    assert by_county.loc["合计", "participants"] == 12000


def test_special_actions_empty(activities):
    t = m.special_actions(activities, year=2020)
    assert t["actions"].tolist() == [0, 0, 0] and t["participants"].dtype == "int64"


def test_activity_items(activities):
    assert m.activity_items(activities, year=2023, activity_type="遥感图斑复核") == 650
    assert m.activity_items(activities, year=2023, activity_type="绿美河湖申报") == 0
    with pytest.raises(ParameterError):
        m.activity_items(activities, year=2023, activity_type="植树")


def test_inputs_not_mutated(chiefs, patrols, issues):
    before = (chiefs.copy(), patrols.copy(), issues.copy())
    m.patrol_completion_by_level(chiefs, patrols, year=2023)
    m.open_issues(issues, year=2023)
    pd.testing.assert_frame_equal(chiefs, before[0])
    pd.testing.assert_frame_equal(patrols, before[1])
    pd.testing.assert_frame_equal(issues, before[2])
