"""安全与监管执法 (safety and enforcement): hazards, cases, reservoir monitoring, eco-flow.

Tables: ``hazards`` (安全隐患, found and rectified dates), ``enforcement`` (执法案件, dated),
``reservoirs`` (水库名录, with monitoring flags), ``hydropower`` (小水电站) and ``eco_flow``
(生态流量监测: one row per station and reported month; a month not reported has no row).
"""

from __future__ import annotations

import pandas as pd

from ..dataset import for_county
from ..schema import VOCABULARIES
from ._common import (
    check_choice,
    counts_by,
    dates_by_cutoff,
    rate,
    select,
    settled_carried_over,
    settled_of_found,
)

__all__ = [
    "SMALL_RESERVOIRS",
    "CASE_TYPES",
    "hazards_found",
    "hazards_rectified",
    "hazards_rectified_carried_over",
    "hazards_open",
    "hazard_rectification_rate",
    "enforcement_cases",
    "cases_by_type",
    "monitoring_coverage",
    "eco_flow_by_station",
    "eco_flow_compliance",
]

#: Scales of small reservoirs (10万–1000万m³).
SMALL_RESERVOIRS: tuple[str, ...] = ("小(1)型", "小(2)型")
#: Enforcement case types in report order.
CASE_TYPES: tuple[str, ...] = VOCABULARIES["case_type"]


def _hazards(hazards: pd.DataFrame, level: str | None) -> pd.DataFrame:
    if level is None:
        return hazards
    check_choice("level", level, VOCABULARIES["hazard_level"])
    return hazards[hazards["level"] == level]


def hazards_found(
    hazards: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    level: str | None = None,
) -> int:
    """排查隐患数 (hazards found).

    Parameters
    ----------
    level : 一般 or 重大; ``None`` for both.

    Notes
    -----
    count of hazards with found_date in months 1..through_month of ``year``.

    Examples
    --------
    >>> h = pd.DataFrame({"county": ["甲县", "乙县"], "level": ["一般", "重大"],
    ...                   "found_date": pd.to_datetime(["2023-02-01", "2023-03-01"]),
    ...                   "rectified_date": pd.to_datetime(["2023-02-10", None])})
    >>> hazards_found(h, year=2023), hazards_found(h, year=2023, level="一般")
    (2, 1)
    """
    rows = select(
        _hazards(hazards, level),
        year=year,
        through_month=through_month,
        county=county,
        date="found_date",
    )
    return int(len(rows))


def hazards_rectified(
    hazards: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    level: str | None = None,
) -> int:
    """排查整治隐患数 (hazards found in the period and rectified by the cut-off).

    Notes
    -----
    count of hazards with found_date in months 1..through_month of ``year`` and
    rectified_date on or before the cut-off. A hazard found in an earlier year and rectified in
    the period is :func:`hazards_rectified_carried_over`, so this never exceeds
    :func:`hazards_found`.

    Examples
    --------
    >>> h = pd.DataFrame({"county": ["甲县", "乙县", "乙县"], "level": ["一般"] * 3,
    ...                   "found_date": pd.to_datetime(["2022-12-01", "2023-03-01",
    ...                                                 "2023-04-01"]),
    ...                   "rectified_date": pd.to_datetime(["2023-01-10", None, "2023-05-01"])})
    >>> hazards_rectified(h, year=2023)
    1
    """
    rows = for_county(_hazards(hazards, level), county)
    fixed = settled_of_found(
        rows["found_date"], rows["rectified_date"], year=year, through_month=through_month
    )
    return int(fixed.sum())


def hazards_rectified_carried_over(
    hazards: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    level: str | None = None,
) -> int:
    """往年隐患本期整改数 (hazards found in an earlier year, rectified in the period).

    Notes
    -----
    count of hazards with found_date before 1 January of ``year`` and rectified_date in
    months 1..through_month of ``year``: the backlog, kept apart from :func:`hazards_rectified`.

    Examples
    --------
    >>> h = pd.DataFrame({"county": ["甲县", "乙县"], "level": ["一般", "一般"],
    ...                   "found_date": pd.to_datetime(["2022-12-01", "2023-03-01"]),
    ...                   "rectified_date": pd.to_datetime(["2023-01-10", "2023-03-02"])})
    >>> hazards_rectified_carried_over(h, year=2023)
    1
    """
    rows = for_county(_hazards(hazards, level), county)
    fixed = settled_carried_over(
        rows["found_date"], rows["rectified_date"], year=year, through_month=through_month
    )
    return int(fixed.sum())


def hazards_open(
    hazards: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    level: str | None = None,
) -> int:
    """未整改隐患数 (hazards not rectified at the cut-off).

    Notes
    -----
    count of hazards with found_date ≤ cut-off and rectified_date empty or > cut-off.

    Examples
    --------
    >>> h = pd.DataFrame({"county": ["甲县", "乙县"], "level": ["一般", "一般"],
    ...                   "found_date": pd.to_datetime(["2022-12-01", "2023-03-01"]),
    ...                   "rectified_date": pd.to_datetime(["2023-01-10", "2023-11-01"])})
    >>> hazards_open(h, year=2023, through_month=10)
    1
    """
    rows = for_county(_hazards(hazards, level), county)
    found = dates_by_cutoff(rows["found_date"], year=year, through_month=through_month)
    fixed = dates_by_cutoff(rows["rectified_date"], year=year, through_month=through_month)
    return int((found & ~fixed).sum())


def hazard_rectification_rate(
    hazards: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    level: str | None = None,
) -> float:
    """隐患整改率 (hazard rectification rate), %.

    Notes
    -----
    rate = found in the period and rectified by the cut-off / found in the period × 100
    (:func:`hazards_rectified` / :func:`hazards_found`), in [0, 100]; a backlog of earlier
    years rectified in the period is :func:`hazards_rectified_carried_over` and does not enter
    it. NaN when none was found.

    Examples
    --------
    >>> h = pd.DataFrame({"county": ["甲县"] * 2, "level": ["一般"] * 2,
    ...                   "found_date": pd.to_datetime(["2023-02-01", "2023-03-01"]),
    ...                   "rectified_date": pd.to_datetime(["2023-02-10", None])})
    >>> hazard_rectification_rate(h, year=2023)
    50.0
    """
    return rate(
        hazards_rectified(
            hazards, year=year, through_month=through_month, county=county, level=level
        ),
        hazards_found(hazards, year=year, through_month=through_month, county=county, level=level),
    )


def enforcement_cases(
    enforcement: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    case_type: str | None = None,
) -> int:
    """查处水事违法案件数 (enforcement cases), e.g. 非法采砂.

    Notes
    -----
    count of cases (of ``case_type``) with date in months 1..through_month of ``year``.

    Examples
    --------
    >>> e = pd.DataFrame({"county": ["甲县", "乙县"], "case_type": ["非法采砂", "非法取水"],
    ...                   "date": pd.to_datetime(["2023-04-01", "2023-05-01"])})
    >>> enforcement_cases(e, year=2023), enforcement_cases(e, year=2023, case_type="非法采砂")
    (2, 1)
    """
    counts = cases_by_type(enforcement, year=year, through_month=through_month, county=county)
    if case_type is None:
        return int(counts.sum())
    check_choice("case_type", case_type, CASE_TYPES)
    return int(counts[case_type])


def cases_by_type(
    enforcement: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.Series:
    """分类型执法案件数 (enforcement cases by type).

    Notes
    -----
    count[type] = cases of that type dated in the period.

    Examples
    --------
    >>> e = pd.DataFrame({"county": ["甲县"], "case_type": ["非法采砂"],
    ...                   "date": pd.to_datetime(["2023-04-01"])})
    >>> cases_by_type(e, year=2023).to_dict()
    {'非法采砂': 1, '非法取水': 0, '河道违建': 0, '其他': 0}
    """
    rows = select(enforcement, year=year, through_month=through_month, county=county, date="date")
    return counts_by(rows["case_type"], CASE_TYPES).rename("cases")


def monitoring_coverage(
    reservoirs: pd.DataFrame, *, county: str | None = None, small_only: bool = False
) -> float:
    """水库监测设施覆盖率 (reservoir monitoring coverage), %.

    Parameters
    ----------
    small_only : only small reservoirs (小(1)型, 小(2)型).

    Notes
    -----
    coverage = reservoirs with both rain_monitoring (水雨情) and dam_monitoring (大坝安全) /
    reservoirs × 100, from the roster (no time dimension); NaN without reservoirs.

    Examples
    --------
    >>> r = pd.DataFrame({"county": ["甲县"] * 3, "scale": ["中型", "小(1)型", "小(2)型"],
    ...                   "rain_monitoring": [True, True, True],
    ...                   "dam_monitoring": [True, False, True]})
    >>> round(monitoring_coverage(r), 2), monitoring_coverage(r, small_only=True)
    (66.67, 50.0)
    """
    rows = for_county(reservoirs, county)
    if small_only:
        rows = rows[rows["scale"].isin(SMALL_RESERVOIRS)]
    both = rows["rain_monitoring"].astype("boolean").fillna(False) & rows["dam_monitoring"].astype(
        "boolean"
    ).fillna(False)
    return rate(int(both.sum()), len(rows))


def eco_flow_by_station(
    hydropower: pd.DataFrame,
    eco_flow: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
) -> pd.DataFrame:
    """各电站生态流量达标情况 (ecological flow per small-hydropower station).

    Returns
    -------
    pandas.DataFrame
        One row per station required to report (eco_flow_required): ``station_id``, ``name``,
        ``county``, ``months_reported``, ``months_compliant`` (ints) and ``compliant``.

    Notes
    -----
    compliant = reported at least once in the period and every reported month compliant.

    Examples
    --------
    >>> h = pd.DataFrame({"station_id": ["S1", "S2"], "name": ["一级站", "二级站"],
    ...                   "county": ["甲县"] * 2, "eco_flow_required": [True, True]})
    >>> f = pd.DataFrame({"station_id": ["S1", "S1"], "year": [2023] * 2, "month": [1, 2],
    ...                   "compliant": [True, True], "county": ["甲县"] * 2})
    >>> eco_flow_by_station(h, f, year=2023)["compliant"].tolist()
    [True, False]
    """
    stations = for_county(hydropower, county)
    stations = stations[
        stations["eco_flow_required"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    ]
    rows = select(eco_flow, year=year, through_month=through_month, county=county)
    ids = rows["station_id"].to_numpy(dtype=object)
    ok = rows["compliant"].astype("boolean").fillna(False).to_numpy(dtype="int64")
    reported = (
        pd.Series(1, index=ids).groupby(level=0).sum() if len(ids) else pd.Series(dtype="int64")
    )
    compliant = (
        pd.Series(ok, index=ids).groupby(level=0).sum() if len(ids) else pd.Series(dtype="int64")
    )
    keys = stations["station_id"].to_numpy(dtype=object)
    months_reported = reported.reindex(keys, fill_value=0).to_numpy(dtype="int64")
    months_compliant = compliant.reindex(keys, fill_value=0).to_numpy(dtype="int64")
    return pd.DataFrame(
        {
            "station_id": keys,
            "name": stations["name"].to_numpy(dtype=object),
            "county": stations["county"].to_numpy(dtype=object),
            "months_reported": months_reported,
            "months_compliant": months_compliant,
            "compliant": (months_reported > 0) & (months_compliant == months_reported),
        }
    )


def eco_flow_compliance(
    hydropower: pd.DataFrame,
    eco_flow: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
) -> float:
    """生态流量达标率 (small-hydropower ecological-flow compliance), %.

    Notes
    -----
    compliance = stations required to report whose every reported month in the period is
    compliant and that reported at least once / stations with eco_flow_required × 100;
    NaN when no station is required to report. Bounded by [0, 100].

    Examples
    --------
    >>> h = pd.DataFrame({"station_id": ["S1", "S2", "S3"], "name": ["一", "二", "三"],
    ...                   "county": ["甲县"] * 3, "eco_flow_required": [True, True, False]})
    >>> f = pd.DataFrame({"station_id": ["S1", "S2"], "year": [2023] * 2, "month": [1, 1],
    ...                   "compliant": [True, False], "county": ["甲县"] * 2})
    >>> eco_flow_compliance(h, f, year=2023)
    50.0
    """
    table = eco_flow_by_station(
        hydropower, eco_flow, year=year, through_month=through_month, county=county
    )
    return rate(int(table["compliant"].sum()), len(table))
