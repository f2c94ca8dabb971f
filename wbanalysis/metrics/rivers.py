"""河湖长制 (river and lake chiefs): roster, patrols, problems and special actions.

Tables: ``river_chiefs`` (河湖长名录, the roster), ``patrols`` (河湖巡查, patrols per chief and
month, with the chief's ``county``), ``river_issues`` (河湖问题, found and closed dates) and
``activities`` (专项行动, dated).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ..dataset import for_county
from ..errors import ParameterError
from ..schema import VOCABULARIES
from ._common import (
    check_choice,
    counts_by,
    cutoff_date,
    dates_by_cutoff,
    rate,
    rates,
    select,
    settled_carried_over,
    settled_of_found,
    total,
)

__all__ = [
    "CHIEF_LEVELS",
    "PATROL_FREQUENCY",
    "SPECIAL_ACTIONS",
    "chiefs_by_level",
    "patrols_done",
    "patrol_completion_by_chief",
    "patrol_completion_by_level",
    "patrol_completion",
    "issues_found",
    "issues_closed",
    "issues_closed_carried_over",
    "issue_closure_rate",
    "open_issues",
    "issues_open",
    "special_actions",
    "activity_items",
]

#: Chief levels in report order, the national system's five: 省级, 市级, 县级, 乡级, 村级.
CHIEF_LEVELS: tuple[str, ...] = VOCABULARIES["chief_level"]

#: Patrols required per chief and month, by level (village weekly, township monthly, county
#: every two months, city quarterly, province twice a year). Provinces differ: pass
#: ``frequency=`` to override.
PATROL_FREQUENCY: dict[str, float] = {
    "村级": 4.0,
    "乡级": 1.0,
    "县级": 1 / 2,
    "市级": 1 / 3,
    "省级": 1 / 6,
}

#: Activity types counted as river special actions (participants, km cleaned, rubbish).
SPECIAL_ACTIONS: tuple[str, ...] = ("清四乱", "河长清河")

_TOTAL = "合计"


def chiefs_by_level(river_chiefs: pd.DataFrame, *, county: str | None = None) -> pd.Series:
    """河湖长人数 (river chiefs by level), from the roster.

    Notes
    -----
    count[level] = roster rows of that level (the roster has no time dimension).

    Examples
    --------
    >>> c = pd.DataFrame({"chief_id": ["C1", "C2", "C3"], "level": ["市级", "村级", "村级"],
    ...                   "county": ["甲县", "甲县", "乙县"]})
    >>> chiefs_by_level(c).to_dict()
    {'省级': 0, '市级': 1, '县级': 0, '乡级': 0, '村级': 2}
    """
    return counts_by(for_county(river_chiefs, county)["level"], CHIEF_LEVELS).rename("chiefs")


def patrols_done(
    patrols: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> int:
    """河湖巡查次数 (patrols done).

    Notes
    -----
    patrols = Σ ``patrols`` over months 1..through_month of ``year``.

    Examples
    --------
    >>> p = pd.DataFrame({"chief_id": ["C1", "C1", "C2"], "year": [2023] * 3,
    ...                   "month": [1, 2, 11], "patrols": [4, 5, 3], "county": ["甲县"] * 3})
    >>> patrols_done(p, year=2023, through_month=10)
    9
    """
    rows = select(patrols, year=year, through_month=through_month, county=county)
    return int(round(total(rows["patrols"])))


def _frequency(frequency: dict[str, float] | None) -> dict[str, float]:
    return dict(PATROL_FREQUENCY if frequency is None else frequency)


def patrol_completion_by_chief(
    river_chiefs: pd.DataFrame,
    patrols: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    frequency: dict[str, float] | None = None,
) -> pd.DataFrame:
    """河湖长巡查完成情况 (patrols required vs done, per chief).

    Parameters
    ----------
    river_chiefs, patrols : the roster and the monthly patrols.
    frequency : patrols required per month by level; default :data:`PATROL_FREQUENCY`.

    Returns
    -------
    pandas.DataFrame
        One row per chief of the roster: ``chief_id``, ``level``, ``county``, ``required``
        (float), ``done`` (int), ``credited`` = min(done, required).

    Raises
    ------
    ParameterError
        When a chief's level has no frequency.

    Notes
    -----
    required = frequency[level] × through_month (months 1..through_month of ``year``);
    credited = min(done, required), so extra patrols of one chief do not make up for another.

    Examples
    --------
    >>> c = pd.DataFrame({"chief_id": ["C1", "C2"], "level": ["乡级", "村级"],
    ...                   "county": ["甲县", "甲县"]})
    >>> p = pd.DataFrame({"chief_id": ["C1", "C2"], "year": [2023, 2023], "month": [1, 2],
    ...                   "patrols": [5, 6], "county": ["甲县", "甲县"]})
    >>> t = patrol_completion_by_chief(c, p, year=2023, through_month=2)
    >>> t["required"].tolist(), t["done"].tolist(), t["credited"].tolist()
    ([2.0, 8.0], [5, 6], [2.0, 6.0])
    """
    freq = _frequency(frequency)
    chiefs = for_county(river_chiefs, county)
    levels = chiefs["level"].to_numpy(dtype=object)
    unknown = sorted(lv for lv in pd.unique(levels) if isinstance(lv, str) and lv not in freq)
    if unknown:
        raise ParameterError(
            "巡查频次未规定的河湖长层级：" + "、".join(unknown) + "；请在 frequency 中给出，"
            '如 {"村级": 4, "乡级": 1, "市级": 1/3}（每月次数）'
        )
    rows = select(patrols, year=year, through_month=through_month, county=county)
    done = rows["patrols"].astype("float64").groupby(rows["chief_id"].to_numpy(dtype=object)).sum()
    ids = chiefs["chief_id"].to_numpy(dtype=object)
    required = pd.Series(levels).map(freq).to_numpy(dtype="float64") * through_month
    done_v = done.reindex(ids, fill_value=0.0).to_numpy(dtype="float64")
    return pd.DataFrame(
        {
            "chief_id": ids,
            "level": levels,
            "county": chiefs["county"].to_numpy(dtype=object),
            "required": required,
            "done": done_v.round().astype("int64"),
            "credited": np.minimum(done_v, required),
        }
    )


def patrol_completion_by_level(
    river_chiefs: pd.DataFrame,
    patrols: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    frequency: dict[str, float] | None = None,
) -> pd.DataFrame:
    """分层级巡查完成率 (patrol completion rate per chief level), %.

    Returns
    -------
    pandas.DataFrame
        Indexed by the levels that have chiefs, in the order of :data:`CHIEF_LEVELS` (a
        county's roster: 县级, 乡级, 村级), and 合计; columns ``chiefs`` (int), ``required``,
        ``done``, ``credited`` and ``completion_rate`` (NaN when nothing is required).

    Notes
    -----
    completion = Σ_chiefs min(done, required) / Σ_chiefs required × 100, per level and over
    all levels; required = frequency[level] × through_month. Bounded by [0, 100].

    Examples
    --------
    >>> c = pd.DataFrame({"chief_id": ["C1", "C2", "C3"], "level": ["村级", "村级", "乡级"],
    ...                   "county": ["甲县"] * 3})
    >>> p = pd.DataFrame({"chief_id": ["C1", "C2", "C3"], "year": [2023] * 3,
    ...                   "month": [1, 1, 1], "patrols": [9, 2, 1], "county": ["甲县"] * 3})
    >>> t = patrol_completion_by_level(c, p, year=2023, through_month=1)
    >>> t["completion_rate"].round(2).to_dict()
    {'乡级': 100.0, '村级': 75.0, '合计': 77.78}
    """
    chiefs = patrol_completion_by_chief(
        river_chiefs,
        patrols,
        year=year,
        through_month=through_month,
        county=county,
        frequency=frequency,
    )
    sums = (
        chiefs[["required", "done", "credited"]]
        .groupby(chiefs["level"].to_numpy(dtype=object))
        .sum()
    )
    present = set(chiefs["level"].dropna())
    levels = [level for level in CHIEF_LEVELS if level in present]
    sums = sums.reindex(levels, fill_value=0.0)
    sums["chiefs"] = counts_by(chiefs["level"], levels)
    sums.loc[_TOTAL] = sums.sum()
    sums = sums.astype({"chiefs": "int64", "done": "int64"})
    sums["completion_rate"] = rates(sums["credited"], sums["required"])
    sums.index.name = "level"
    return sums[["chiefs", "required", "done", "credited", "completion_rate"]]


def patrol_completion(
    river_chiefs: pd.DataFrame,
    patrols: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    level: str | None = None,
    frequency: dict[str, float] | None = None,
) -> float:
    """巡查完成率 (patrol completion rate), %, for one level or all levels.

    Notes
    -----
    completion = Σ_chiefs min(done, required) / Σ_chiefs required × 100 with required =
    frequency[level] × through_month; NaN when nothing is required (no chiefs of the level).

    Examples
    --------
    >>> c = pd.DataFrame({"chief_id": ["C1"], "level": ["市级"], "county": ["甲县"]})
    >>> p = pd.DataFrame({"chief_id": ["C1"], "year": [2023], "month": [3], "patrols": [3],
    ...                   "county": ["甲县"]})
    >>> patrol_completion(c, p, year=2023, through_month=9)
    100.0
    >>> patrol_completion(c, p, year=2023, through_month=9, frequency={"市级": 1.0})
    33.33333333333333
    >>> patrol_completion(c, p, year=2023, through_month=9, level="县级")
    nan
    """
    table = patrol_completion_by_level(
        river_chiefs,
        patrols,
        year=year,
        through_month=through_month,
        county=county,
        frequency=frequency,
    )
    if level is not None:
        check_choice("level", level, CHIEF_LEVELS)
        if level not in table.index:  # no chief of that level
            return float("nan")
    return float(table.loc[_TOTAL if level is None else level, "completion_rate"])


def issues_found(
    river_issues: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> int:
    """巡查发现问题数 (problems found).

    Notes
    -----
    count of issues with found_date in months 1..through_month of ``year``.

    Examples
    --------
    >>> i = pd.DataFrame({"county": ["甲县", "甲县"],
    ...                   "found_date": pd.to_datetime(["2022-12-20", "2023-03-01"]),
    ...                   "closed_date": pd.to_datetime(["2023-01-05", None])})
    >>> issues_found(i, year=2023)
    1
    """
    return int(
        len(
            select(
                river_issues,
                year=year,
                through_month=through_month,
                county=county,
                date="found_date",
            )
        )
    )


def _issues_settled(
    river_issues: pd.DataFrame,
    county: str | None,
    mask: Callable[..., np.ndarray],
    year: int,
    through_month: int,
) -> int:
    rows = for_county(river_issues, county)
    settled = mask(rows["found_date"], rows["closed_date"], year=year, through_month=through_month)
    return int(settled.sum())


def issues_closed(
    river_issues: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> int:
    """本期发现问题销号数 (problems found in the period and closed by the cut-off).

    Notes
    -----
    count of issues with found_date in months 1..through_month of ``year`` and closed_date on
    or before the cut-off. A problem found in an earlier year and closed in the period is not
    counted here but in :func:`issues_closed_carried_over`, so this never exceeds
    :func:`issues_found`.

    Examples
    --------
    >>> i = pd.DataFrame({"county": ["甲县", "甲县"],
    ...                   "found_date": pd.to_datetime(["2022-12-20", "2023-03-01"]),
    ...                   "closed_date": pd.to_datetime(["2023-01-05", "2023-03-09"])})
    >>> issues_closed(i, year=2023)
    1
    """
    return _issues_settled(river_issues, county, settled_of_found, year, through_month)


def issues_closed_carried_over(
    river_issues: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> int:
    """往年问题本期销号数 (problems found in an earlier year, closed in the period).

    Notes
    -----
    count of issues with found_date before 1 January of ``year`` and closed_date in months
    1..through_month of ``year``: the backlog closed, kept apart from :func:`issues_closed`.

    Examples
    --------
    >>> i = pd.DataFrame({"county": ["甲县", "甲县"],
    ...                   "found_date": pd.to_datetime(["2022-12-20", "2023-03-01"]),
    ...                   "closed_date": pd.to_datetime(["2023-01-05", "2023-03-09"])})
    >>> issues_closed_carried_over(i, year=2023)
    1
    """
    return _issues_settled(river_issues, county, settled_carried_over, year, through_month)


def issue_closure_rate(
    river_issues: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> float:
    """问题销号率 (closure rate of the problems found in the period), %.

    Notes
    -----
    closure = found in the period and closed by the cut-off / found in the period × 100
    (:func:`issues_closed` / :func:`issues_found`), so it lies in [0, 100]; a backlog of
    earlier years closed in the period is :func:`issues_closed_carried_over` and does not
    enter it. NaN when nothing was found.

    Examples
    --------
    >>> i = pd.DataFrame({"county": ["甲县"] * 3,
    ...                   "found_date": pd.to_datetime(["2022-12-20", "2023-03-01",
    ...                                                 "2023-04-01"]),
    ...                   "closed_date": pd.to_datetime(["2023-01-05", "2023-03-09", None])})
    >>> issue_closure_rate(i, year=2023)
    50.0
    """
    found = issues_found(river_issues, year=year, through_month=through_month, county=county)
    closed = issues_closed(river_issues, year=year, through_month=through_month, county=county)
    return rate(closed, found)


def open_issues(
    river_issues: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.DataFrame:
    """未销号问题 (problems still open at the cut-off), with their age.

    Returns
    -------
    pandas.DataFrame
        The open issues with an added ``age_days`` (int), oldest first.

    Notes
    -----
    open: found_date ≤ cut-off and (closed_date empty or > cut-off);
    age_days = cut-off − found_date, in days.

    Examples
    --------
    >>> i = pd.DataFrame({"issue_id": ["I1", "I2", "I3"], "county": ["甲县"] * 3,
    ...                   "found_date": pd.to_datetime(["2023-09-01", "2023-10-01",
    ...                                                 "2023-11-01"]),
    ...                   "closed_date": pd.to_datetime(["2023-11-05", "2023-10-09", None])})
    >>> open_issues(i, year=2023, through_month=10)[["issue_id", "age_days"]].values.tolist()
    [['I1', 60]]
    """
    rows = for_county(river_issues, county)
    found = dates_by_cutoff(rows["found_date"], year=year, through_month=through_month)
    closed = dates_by_cutoff(rows["closed_date"], year=year, through_month=through_month)
    out = rows[found & ~closed].copy()
    age = (cutoff_date(year, through_month) - out["found_date"]).dt.days
    out["age_days"] = age.astype("int64")
    return out.sort_values("found_date", kind="stable").reset_index(drop=True)


def issues_open(
    river_issues: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> int:
    """未销号问题数 (problems open at the cut-off).

    Notes
    -----
    count of issues with found_date ≤ cut-off and closed_date empty or > cut-off.

    Examples
    --------
    >>> i = pd.DataFrame({"county": ["甲县"] * 2,
    ...                   "found_date": pd.to_datetime(["2021-09-01", "2023-10-01"]),
    ...                   "closed_date": pd.to_datetime([None, "2023-10-09"])})
    >>> issues_open(i, year=2023, through_month=10)
    1
    """
    rows = for_county(river_issues, county)
    found = dates_by_cutoff(rows["found_date"], year=year, through_month=through_month)
    closed = dates_by_cutoff(rows["closed_date"], year=year, through_month=through_month)
    return int((found & ~closed).sum())


def special_actions(
    activities: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.DataFrame:
    """河湖专项行动成效 (special actions: 清四乱, 河长清河).

    Returns
    -------
    pandas.DataFrame
        Indexed by 清四乱, 河长清河 and 合计; columns ``actions`` (int, rows),
        ``participants`` (int), ``river_km`` and ``rubbish_t`` (floats).

    Notes
    -----
    Σ participants, Σ river_km and Σ rubbish_t over the activities of each type dated in the
    period (blank cells count as 0).

    Examples
    --------
    >>> a = pd.DataFrame({"county": ["甲县", "乙县", "甲县"],
    ...                   "activity_type": ["清四乱", "河长清河", "党组学习"],
    ...                   "date": pd.to_datetime(["2023-03-01", "2023-04-01", "2023-04-01"]),
    ...                   "participants": [100, 50, 20], "river_km": [10.5, None, None],
    ...                   "rubbish_t": [3.0, 2.0, None], "items": [None, None, None]})
    >>> t = special_actions(a, year=2023)
    >>> t["participants"].tolist(), t["rubbish_t"].tolist()
    ([100, 50, 150], [3.0, 2.0, 5.0])
    """
    rows = select(activities, year=year, through_month=through_month, county=county, date="date")
    rows = rows[rows["activity_type"].isin(SPECIAL_ACTIONS)]
    kinds = rows["activity_type"].to_numpy(dtype=object)
    values = pd.DataFrame(
        {
            "participants": pd.to_numeric(rows["participants"]).astype("float64").to_numpy(),
            "river_km": pd.to_numeric(rows["river_km"]).astype("float64").to_numpy(),
            "rubbish_t": pd.to_numeric(rows["rubbish_t"]).astype("float64").to_numpy(),
        }
    )
    sums = values.groupby(kinds).sum().reindex(list(SPECIAL_ACTIONS), fill_value=0.0)
    sums.insert(0, "actions", counts_by(rows["activity_type"], SPECIAL_ACTIONS))
    sums.loc[_TOTAL] = sums.sum()
    sums["actions"] = sums["actions"].astype("int64")
    sums["participants"] = sums["participants"].round().astype("int64")
    sums.index.name = "activity_type"
    return sums


def activity_items(
    activities: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    activity_type: str,
) -> int:
    """活动件数 (items of an activity type: 遥感图斑, 申报河湖…).

    Notes
    -----
    items = Σ ``items`` over the activities of that type dated in the period (blank = 0).

    Examples
    --------
    >>> a = pd.DataFrame({"county": ["甲县", "乙县"],
    ...                   "activity_type": ["遥感图斑复核", "遥感图斑复核"],
    ...                   "date": pd.to_datetime(["2023-03-01", "2023-04-01"]),
    ...                   "items": [600, 50]})
    >>> activity_items(a, year=2023, activity_type="遥感图斑复核")
    650
    """
    check_choice("activity_type", activity_type, VOCABULARIES["activity_type"])
    rows = select(activities, year=year, through_month=through_month, county=county, date="date")
    rows = rows[rows["activity_type"] == activity_type]
    return int(round(total(rows["items"])))
