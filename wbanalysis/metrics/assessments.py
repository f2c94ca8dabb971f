"""考核 (assessments by the higher authorities): grades, ranks, years in a row rated 优秀.

``assessments`` is the 考核结果 ledger: one row per result (最严格水资源管理制度考核,
河湖长制考核, 水利发展改革考核…) of an assessed year, placed in time by the date it was
announced (``announced_date``: the 2023 summary reports the 2022 assessment announced in
2023); rows without a county are the city's own results.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..schema import VOCABULARIES
from ._common import check_choice, dates_by_cutoff, select

__all__ = [
    "ASSESSMENTS",
    "EXCELLENT_GRADES",
    "assessment_results",
    "assessments_excellent",
    "assessment_rank",
]

#: The assessments in report order.
ASSESSMENTS: tuple[str, ...] = VOCABULARIES["assessment"]
#: The grades counted as excellent: 优秀, A.
EXCELLENT_GRADES = ("优秀", "A")


def _own(rows: pd.DataFrame, county: str | None) -> pd.DataFrame:
    """The place's own results: the county's rows, or the city's (no county)."""
    mask = rows["county"].isna() if county is None else rows["county"] == county
    return rows[mask.to_numpy(dtype=bool)]


def assessment_results(
    assessments: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.DataFrame:
    """考核结果 (results announced in the period), with the years in a row rated excellent.

    Returns
    -------
    pandas.DataFrame
        The rows announced in months 1..through_month of ``year`` (the city: all of them,
        its own and its counties'), ordered by assessment, with ``streak``: the assessed
        years in a row, ending with this one, in which the same place had 优秀 or A in the
        same assessment (0 when this result is not excellent).

    Notes
    -----
    streak = the largest n such that the results of assessed years y, y−1, …, y−n+1 of the
    same (assessment, county), announced by the cut-off, are all 优秀 or A.

    Examples
    --------
    >>> a = pd.DataFrame({"assessment": ["河湖长制考核"] * 3, "assessed_year": [2020, 2021, 2022],
    ...                   "grade": ["优秀"] * 3, "rank": [None, None, 1], "county": [None] * 3,
    ...                   "announced_date": pd.to_datetime(["2021-03-01", "2022-03-01",
    ...                                                     "2023-03-01"])})
    >>> assessment_results(a, year=2023)[["assessed_year", "streak"]].values.tolist()
    [[2022, 3]]
    """
    rows = select(
        assessments, year=year, through_month=through_month, county=county, date="announced_date"
    )
    known = assessments[
        dates_by_cutoff(assessments["announced_date"], year=year, through_month=through_month)
    ]
    excellent = {
        (str(a), c if isinstance(c, str) else None, int(y))
        for a, c, y, g in zip(
            known["assessment"],
            known["county"],
            known["assessed_year"],
            known["grade"],
            strict=True,
        )
        if g in EXCELLENT_GRADES and pd.notna(y)
    }
    streaks = []
    for a, c, y in zip(rows["assessment"], rows["county"], rows["assessed_year"], strict=True):
        place = c if isinstance(c, str) else None
        n = 0
        while pd.notna(y) and (str(a), place, int(y) - n) in excellent:
            n += 1
        streaks.append(n)
    out = rows.assign(streak=np.array(streaks, dtype="int64"))
    order = {name: i for i, name in enumerate(ASSESSMENTS)}
    out = out.assign(_order=out["assessment"].map(order)).sort_values(
        ["_order", "announced_date"], kind="stable"
    )
    return out.drop(columns="_order").reset_index(drop=True)


def assessments_excellent(
    assessments: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> int:
    """考核优秀 (results rated 优秀 or A announced in the period).

    Notes
    -----
    count of the results announced in months 1..through_month of ``year`` with grade 优秀
    or A (the city: its own and its counties').

    Examples
    --------
    >>> a = pd.DataFrame({"assessment": ["河湖长制考核", "水利发展改革考核"],
    ...                   "assessed_year": [2022, 2022], "grade": ["优秀", "良好"],
    ...                   "county": ["甲县", None],
    ...                   "announced_date": pd.to_datetime(["2023-03-01", "2023-04-01"])})
    >>> assessments_excellent(a, year=2023), assessments_excellent(a, year=2023, county="甲县")
    (1, 1)
    """
    rows = select(
        assessments, year=year, through_month=through_month, county=county, date="announced_date"
    )
    return int(rows["grade"].isin(list(EXCELLENT_GRADES)).sum())


def assessment_rank(
    assessments: pd.DataFrame,
    assessment: str,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
) -> float:
    """考核名次 (the place's rank in one assessment announced in the period).

    Parameters
    ----------
    assessment : one of :data:`ASSESSMENTS`.
    county : the county, or ``None`` for the city's own result (rows without a county).

    Returns
    -------
    float
        The rank of the latest such result announced in months 1..through_month of ``year``;
        NaN when none was announced or it gave no rank.

    Examples
    --------
    >>> a = pd.DataFrame({"assessment": ["最严格水资源管理制度考核"] * 2,
    ...                   "assessed_year": [2022, 2022], "rank": [1, 3],
    ...                   "county": [None, "甲县"],
    ...                   "announced_date": pd.to_datetime(["2023-05-01", "2023-05-01"])})
    >>> assessment_rank(a, "最严格水资源管理制度考核", year=2023)
    1.0
    >>> assessment_rank(a, "最严格水资源管理制度考核", year=2023, county="甲县")
    3.0
    """
    check_choice("assessment", assessment, ASSESSMENTS)
    rows = select(assessments, year=year, through_month=through_month, date="announced_date")
    rows = _own(rows[(rows["assessment"] == assessment).to_numpy(dtype=bool)], county)
    if rows.empty:
        return math.nan
    latest = rows.sort_values("announced_date", kind="stable").iloc[-1]
    return float(latest["rank"]) if pd.notna(latest["rank"]) else math.nan
