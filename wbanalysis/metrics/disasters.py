"""水旱灾害与防汛准备 (flood and drought disasters, dangers at works, and preparation).

``flood_events`` is the 水旱灾害 ledger: one row per disaster or 工程险情 (a danger at a
work: seepage, a slip, a breach), dated by ``date``, with its losses where they were counted
(受灾人口, 紧急转移人口, 死亡失踪人口 in persons; 直接经济损失, 水利设施直接经济损失 in 万元).
``flood_preparedness`` is the 防汛抗旱准备 ledger: rescue teams (支, with their people), drills
and inspections (次), drought wells (眼) and pumps (台), dated; rows without a county are the
city bureau's own.
"""

from __future__ import annotations

import pandas as pd

from ..schema import PREPAREDNESS_WORDS, VOCABULARIES
from ._common import check_choice, counts_by, select, total

__all__ = [
    "DISASTER_KINDS",
    "DISASTER_GRADES",
    "DANGER",
    "PREPARATION_KINDS",
    "disaster_events",
    "events_by_kind",
    "dangers_by_grade",
    "disaster_losses",
    "preparation",
    "preparedness",
]

#: Kinds of events: 洪涝, 山洪, 干旱, 台风, 工程险情.
DISASTER_KINDS: tuple[str, ...] = VOCABULARIES["disaster_kind"]
#: Grades: 一般, 较大, 重大, 特别重大.
DISASTER_GRADES: tuple[str, ...] = VOCABULARIES["disaster_grade"]
#: The kind of a danger at a work (险情), counted apart from the disasters.
DANGER = "工程险情"
#: Kinds of preparation: 抢险队伍, 应急演练, 防汛检查, 抗旱机电井, 抗旱水泵.
PREPARATION_KINDS: tuple[str, ...] = tuple(PREPAREDNESS_WORDS)

_LOSSES = ("affected_population", "evacuated", "dead_missing", "direct_loss", "facility_loss")


def _events(
    flood_events: pd.DataFrame, year: int, through_month: int, county: str | None
) -> pd.DataFrame:
    return select(flood_events, year=year, through_month=through_month, county=county, date="date")


def disaster_events(
    flood_events: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    kind: str | None = None,
    grades: tuple[str, ...] | None = None,
) -> int:
    """水旱灾害（险情）次数 (events), of one kind and some grades.

    Parameters
    ----------
    kind : one of :data:`DISASTER_KINDS` (``"工程险情"`` for dangers at works); ``None`` for
        every kind but 工程险情 (the disasters).
    grades : count only these grades (``("重大", "特别重大")``).

    Notes
    -----
    count of the events dated in months 1..through_month of ``year`` (of the kind and grades).

    Examples
    --------
    >>> e = pd.DataFrame({"county": ["甲县"] * 3, "kind": ["洪涝", "工程险情", "工程险情"],
    ...                   "grade": [None, "一般", "较大"],
    ...                   "date": pd.to_datetime(["2023-07-01", "2023-07-02", "2023-08-01"])})
    >>> disaster_events(e, year=2023), disaster_events(e, year=2023, kind="工程险情")
    (1, 2)
    >>> disaster_events(e, year=2023, kind="工程险情", grades=("较大", "重大"))
    1
    """
    rows = _events(flood_events, year, through_month, county)
    if kind is None:
        rows = rows[(rows["kind"] != DANGER).to_numpy(dtype=bool)]
    else:
        check_choice("kind", kind, DISASTER_KINDS)
        rows = rows[(rows["kind"] == kind).to_numpy(dtype=bool)]
    if grades is not None:
        for grade in grades:
            check_choice("grades", grade, DISASTER_GRADES)
        rows = rows[rows["grade"].isin(list(grades)).to_numpy(dtype=bool)]
    return int(len(rows))


def events_by_kind(
    flood_events: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.Series:
    """分类型水旱灾害次数 (events by kind).

    Returns
    -------
    pandas.Series
        int64 counts indexed by :data:`DISASTER_KINDS`.

    Examples
    --------
    >>> e = pd.DataFrame({"county": ["甲县"] * 2, "kind": ["洪涝", "山洪"],
    ...                   "date": pd.to_datetime(["2023-07-01", "2023-07-02"])})
    >>> events_by_kind(e, year=2023).to_dict()
    {'洪涝': 1, '山洪': 1, '干旱': 0, '台风': 0, '工程险情': 0}
    """
    rows = _events(flood_events, year, through_month, county)
    return counts_by(rows["kind"], DISASTER_KINDS).rename("events")


def dangers_by_grade(
    flood_events: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.Series:
    """分等级工程险情 (dangers at works by grade).

    Returns
    -------
    pandas.Series
        int64 counts indexed by :data:`DISASTER_GRADES`, then ``未定级`` (no grade given).

    Examples
    --------
    >>> e = pd.DataFrame({"county": ["甲县"] * 2, "kind": ["工程险情"] * 2,
    ...                   "grade": ["一般", None],
    ...                   "date": pd.to_datetime(["2023-07-01", "2023-07-02"])})
    >>> dangers_by_grade(e, year=2023).to_dict()
    {'一般': 1, '较大': 0, '重大': 0, '特别重大': 0, '未定级': 1}
    """
    rows = _events(flood_events, year, through_month, county)
    rows = rows[(rows["kind"] == DANGER).to_numpy(dtype=bool)]
    grade = rows["grade"].astype(object).where(rows["grade"].notna(), "未定级")
    return counts_by(grade, (*DISASTER_GRADES, "未定级")).rename("dangers")


def disaster_losses(
    flood_events: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.Series:
    """灾害损失 (losses): people affected, evacuated, dead or missing; direct losses, 万元.

    Returns
    -------
    pandas.Series
        ``affected_population``, ``evacuated``, ``dead_missing`` (persons) and
        ``direct_loss``, ``facility_loss`` (万元), as floats.

    Notes
    -----
    each = Σ of the column over the events dated in the period, dangers at works included; a
    loss left blank for an event was not counted and adds nothing (the sum of what was).

    Examples
    --------
    >>> e = pd.DataFrame({"county": ["甲县"] * 2, "kind": ["洪涝", "工程险情"],
    ...                   "date": pd.to_datetime(["2023-07-01", "2023-07-02"]),
    ...                   "affected_population": [12000, None], "evacuated": [850, 40],
    ...                   "dead_missing": [0, 0], "direct_loss": [1530.5, 12.0],
    ...                   "facility_loss": [620.0, 12.0]})
    >>> disaster_losses(e, year=2023).to_dict()
    {'affected_population': 12000.0, 'evacuated': 890.0, 'dead_missing': 0.0, 'direct_loss': 1542.5, 'facility_loss': 632.0}
    """
    rows = _events(flood_events, year, through_month, county)
    return pd.Series(
        [total(rows[c]) for c in _LOSSES], index=pd.Index(_LOSSES), dtype="float64", name="losses"
    )


def preparation(
    flood_preparedness: pd.DataFrame,
    kind: str,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    people: bool = False,
) -> int:
    """防汛抗旱准备数量 (one kind of preparation): teams, drills, inspections, wells, pumps.

    Parameters
    ----------
    kind : one of :data:`PREPARATION_KINDS`.
    people : the people (抢险队伍 members, drill participants) instead of the count.

    Notes
    -----
    Σ ``count`` (or ``people``) of the rows of that kind dated in months 1..through_month of
    ``year``; rows without a county are the city bureau's (counted for the whole city only).

    Examples
    --------
    >>> f = pd.DataFrame({"county": ["甲县", None], "kind": ["抢险队伍", "抢险队伍"],
    ...                   "count": [3, 1], "people": [150, 60],
    ...                   "date": pd.to_datetime(["2023-04-01", "2023-04-15"])})
    >>> preparation(f, "抢险队伍", year=2023), preparation(f, "抢险队伍", year=2023, people=True)
    (4, 210)
    >>> preparation(f, "抢险队伍", year=2023, county="甲县")
    3
    """
    check_choice("kind", kind, PREPARATION_KINDS)
    rows = select(
        flood_preparedness, year=year, through_month=through_month, county=county, date="date"
    )
    rows = rows[(rows["kind"] == kind).to_numpy(dtype=bool)]
    return int(total(rows["people" if people else "count"]))


def preparedness(
    flood_preparedness: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
) -> pd.DataFrame:
    """防汛抗旱准备情况 (every kind of preparation), with its measure word.

    Returns
    -------
    pandas.DataFrame
        Indexed by :data:`PREPARATION_KINDS`: ``count`` and ``people`` (ints) and ``word``
        (支, 次, 眼, 台).

    Examples
    --------
    >>> f = pd.DataFrame({"county": ["甲县"], "kind": ["应急演练"], "count": [2],
    ...                   "people": [300], "date": pd.to_datetime(["2023-05-20"])})
    >>> preparedness(f, year=2023).loc["应急演练"].to_dict()
    {'count': 2, 'people': 300, 'word': '次'}
    """
    rows = select(
        flood_preparedness, year=year, through_month=through_month, county=county, date="date"
    )
    out = pd.DataFrame(index=pd.Index(PREPARATION_KINDS, name="kind"))
    for column in ("count", "people"):
        sums = pd.to_numeric(rows[column]).groupby(rows["kind"].to_numpy(dtype=object)).sum()
        out[column] = [int(sums.get(k, 0)) for k in PREPARATION_KINDS]
    out["word"] = [PREPAREDNESS_WORDS[k] for k in PREPARATION_KINDS]
    return out
