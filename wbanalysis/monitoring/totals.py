"""The flood-season figures of a county or the city, from the stations' tables.

Each function takes a derived table (:data:`wbanalysis.schema.DERIVED`: one row per station,
``monitoring_reservoirs`` or ``monitoring_rain``) and an optional ``county`` (``None``: every
station), and returns one number. A scope without any station — no monitoring data, a county
without gauges, a period before the 汛期 — has no figure (NaN), never 0.
"""

from __future__ import annotations

import math

import pandas as pd

__all__ = [
    "rainfall_total",
    "rain_gauges",
    "area_mean_rainfall",
    "max_station_rainfall",
    "rainstorm_station_days",
    "reservoirs_above_limit",
    "hours_above_limit",
    "max_exceedance",
    "records_received",
    "records_expected",
    "arrival_rate",
    "reservoirs_reporting",
    "reservoirs_monitored",
    "reporting_share",
    "by_county",
]


def _of(stations: pd.DataFrame, county: str | None) -> pd.DataFrame:
    return stations if county is None else stations[stations["county"] == county]


def _sum(cells: pd.Series) -> float:
    return float(cells.sum()) if cells.notna().any() else math.nan


def _count(cells: pd.Series) -> float:
    """A sum of whole numbers as an int (a count); NaN when no cell has a value."""
    return int(cells.sum()) if cells.notna().any() else math.nan  # type: ignore[return-value]


def _max(cells: pd.Series) -> float:
    return float(cells.max()) if cells.notna().any() else math.nan


def rainfall_total(rain: pd.DataFrame, *, county: str | None = None) -> float:
    """各站汛期降雨量之和 (the gauges' flood-season rainfall added up), mm: the numerator of
    :func:`area_mean_rainfall`.

    >>> rain = pd.DataFrame({"county": ["甲县", "乙县"], "rainfall": [300.0, float("nan")]})
    >>> rainfall_total(rain)
    300.0
    """
    return _sum(_of(rain, county)["rainfall"])


def rain_gauges(rain: pd.DataFrame, *, county: str | None = None) -> float:
    """雨量站个数 (rain gauges with a flood-season rainfall): the denominator of
    :func:`area_mean_rainfall`; NaN when there is none.

    >>> rain = pd.DataFrame({"county": ["甲县", "乙县"], "rainfall": [300.0, float("nan")]})
    >>> rain_gauges(rain), rain_gauges(rain, county="乙县")
    (1, nan)
    """
    found = int(_of(rain, county)["rainfall"].notna().sum())
    return found if found else math.nan  # type: ignore[return-value]


def area_mean_rainfall(rain: pd.DataFrame, *, county: str | None = None) -> float:
    """汛期面平均降雨量 (area mean rainfall of the flood season), mm.

    Notes
    -----
    area mean = Σ rainfall ÷ n over the scope's n rain gauges with a figure (arithmetic mean
    of the stations; for the city, of all its stations, not of the counties' means).

    Examples
    --------
    >>> rain = pd.DataFrame({"county": ["甲县", "甲县", "乙县"], "rainfall": [300.0, 500.0, 100.0]})
    >>> area_mean_rainfall(rain), area_mean_rainfall(rain, county="甲县")
    (300.0, 400.0)
    >>> area_mean_rainfall(rain, county="丙县")
    nan
    """
    cells = _of(rain, county)["rainfall"].dropna()
    return float(cells.mean()) if len(cells) else math.nan


def max_station_rainfall(rain: pd.DataFrame, column: str, *, county: str | None = None) -> float:
    """最大1小时 / 24小时降雨量 (the largest 1 h or 24 h rainfall of any gauge), mm:
    ``column`` ``"max_1h"`` or ``"max_24h"``.

    >>> rain = pd.DataFrame({"county": ["甲县", "乙县"], "max_24h": [88.5, 120.0]})
    >>> max_station_rainfall(rain, "max_24h"), max_station_rainfall(rain, "max_24h", county="甲县")
    (120.0, 88.5)
    """
    return _max(_of(rain, county)[column])


def rainstorm_station_days(rain: pd.DataFrame, *, county: str | None = None) -> float:
    """暴雨站日数 (station-days of rainstorm): Σ over the gauges of the days with ≥ 50 mm.

    >>> rain = pd.DataFrame({"county": ["甲县", "乙县", "乙县"], "days_50": [2, 0, 1]})
    >>> rainstorm_station_days(rain)
    3
    """
    return _count(_of(rain, county)["days_50"].astype("float64"))


def reservoirs_above_limit(reservoirs: pd.DataFrame, *, county: str | None = None) -> float:
    """超汛限水库座数 (reservoirs above their flood limit): the reservoir stations with any
    time above the 汛限水位 in the 汛期.

    >>> t = pd.DataFrame({"county": ["甲县", "甲县", "乙县"], "hours": [5.0, 0.0, float("nan")]})
    >>> reservoirs_above_limit(t)
    1
    """
    hours = _of(reservoirs, county)["hours"]
    return int((hours > 0).sum()) if hours.notna().any() else math.nan  # type: ignore[return-value]


def hours_above_limit(reservoirs: pd.DataFrame, *, county: str | None = None) -> float:
    """超汛限累计小时数 (hours above the flood limit, summed over the reservoirs), h.

    >>> t = pd.DataFrame({"county": ["甲县", "乙县"], "hours": [5.0, 2.5]})
    >>> hours_above_limit(t)
    7.5
    """
    return _sum(_of(reservoirs, county)["hours"])


def max_exceedance(reservoirs: pd.DataFrame, *, county: str | None = None) -> float:
    """最大超汛限幅度 (the highest exceedance of a flood limit), m; 0 when no reservoir
    rose above its limit (but had one in force), NaN without any.

    >>> t = pd.DataFrame({"county": ["甲", "乙"], "hours": [3.0, 0.0],
    ...                   "max_exceedance": [0.42, float("nan")]})
    >>> max_exceedance(t)
    0.42
    >>> max_exceedance(t, county="乙")
    0.0
    """
    rows = _of(reservoirs, county)
    if not rows["hours"].notna().any():
        return math.nan
    top = _max(rows["max_exceedance"])
    return 0.0 if math.isnan(top) else top


def records_received(reservoirs: pd.DataFrame, *, county: str | None = None) -> float:
    """到报条数 (records received): Σ of the reservoir stations' reporting intervals with a
    record."""
    return _count(_of(reservoirs, county)["received"].astype("float64"))


def records_expected(reservoirs: pd.DataFrame, *, county: str | None = None) -> float:
    """应报条数 (records owed): Σ of the reservoir stations' reporting intervals in the 汛期."""
    return _count(_of(reservoirs, county)["expected"].astype("float64"))


def arrival_rate(reservoirs: pd.DataFrame, *, county: str | None = None) -> float:
    """水雨情到报率 (data arrival rate), %.

    Notes
    -----
    rate = Σ received ÷ Σ expected × 100 over the scope's reservoir stations (pooled): an
    interval with two records counts once, an interval with none is missing
    (:func:`~.arrival.arrival_rate`).

    >>> t = pd.DataFrame({"county": ["甲", "甲"], "received": [22, 10], "expected": [24, 10]})
    >>> round(arrival_rate(t), 4)
    94.1176
    """
    owed = records_expected(reservoirs, county=county)
    if math.isnan(owed) or not owed:
        return math.nan
    return records_received(reservoirs, county=county) / owed * 100.0


def _monitored(roster: pd.DataFrame, county: str | None) -> pd.Series:
    listed = _of(roster, county)
    return listed.loc[listed["rain_monitoring"].fillna(False).astype(bool), "reservoir_id"]


def reservoirs_monitored(roster: pd.DataFrame, *, county: str | None = None) -> int:
    """已安装水雨情监测的水库 (reservoirs of the 水库名录 with 水雨情 monitoring installed).

    >>> roster = pd.DataFrame({"reservoir_id": ["R1", "R2", "R3"], "county": ["甲"] * 3,
    ...                        "rain_monitoring": [True, True, False]})
    >>> reservoirs_monitored(roster)
    2
    """
    return int(_monitored(roster, county).nunique())


def reservoirs_reporting(
    reservoirs: pd.DataFrame, roster: pd.DataFrame, *, county: str | None = None
) -> float:
    """接入平台水库 (reservoirs reporting to the platform): reservoirs of the 水库名录 with
    水雨情 monitoring installed whose station sent at least one record in the 汛期; NaN
    without monitoring data for the scope.

    >>> roster = pd.DataFrame({"reservoir_id": ["R1", "R2", "R3"], "county": ["甲"] * 3,
    ...                        "rain_monitoring": [True, True, False]})
    >>> t = pd.DataFrame({"county": ["甲", "甲"], "reservoir_id": ["R1", "R3"],
    ...                   "received": [10, 5]})
    >>> reservoirs_reporting(t, roster)
    1
    """
    rows = _of(reservoirs, county)
    if rows.empty:
        return math.nan
    sent = set(rows.loc[rows["received"].fillna(0) > 0, "reservoir_id"].dropna())
    return int(_monitored(roster, county).isin(sent).sum())  # type: ignore[return-value]


def reporting_share(
    reservoirs: pd.DataFrame, roster: pd.DataFrame, *, county: str | None = None
) -> float:
    """接入平台水库占比 (share of the monitored reservoirs reporting to the platform), %.

    Notes
    -----
    share = :func:`reservoirs_reporting` ÷ :func:`reservoirs_monitored` × 100: the figure
    the plan "确保所有水库数据信息传入省级平台" asks to bring to 100 %.

    >>> roster = pd.DataFrame({"reservoir_id": ["R1", "R2", "R3"], "county": ["甲"] * 3,
    ...                        "rain_monitoring": [True, True, False]})
    >>> t = pd.DataFrame({"county": ["甲"], "reservoir_id": ["R1"], "received": [10]})
    >>> reporting_share(t, roster)
    50.0
    """
    owed = reservoirs_monitored(roster, county=county)
    if not owed:
        return math.nan
    return reservoirs_reporting(reservoirs, roster, county=county) / owed * 100.0


def by_county(reservoirs: pd.DataFrame, rain: pd.DataFrame) -> pd.DataFrame:
    """分县区汛期水雨情 (the flood-season figures of each county), by the functions above.

    Returns
    -------
    pandas.DataFrame
        Index ``county`` (the counties with a station, in order of first appearance);
        columns ``rain_gauges``, ``area_rainfall``, ``max_24h``, ``reservoirs`` (reservoir
        stations), ``reservoirs_above``, ``hours_above``, ``max_exceedance``,
        ``arrival_rate``; NaN where the county has no station of the kind. A station without
        a county is in no row.

    Examples
    --------
    >>> rain = pd.DataFrame({"county": ["甲", "乙"], "rainfall": [300.0, 500.0],
    ...                      "max_24h": [80.0, 120.0]})
    >>> res = pd.DataFrame({"county": ["甲"], "hours": [5.0], "max_exceedance": [0.3],
    ...                     "received": [22], "expected": [24]})
    >>> t = by_county(res, rain)
    >>> t.loc["甲", "hours_above"].item(), t.loc["乙", "area_rainfall"].item()
    (5.0, 500.0)
    >>> t.loc["乙", "reservoirs"].item(), t.loc["乙", "arrival_rate"].item()
    (0, nan)
    """
    counties = list(dict.fromkeys([*reservoirs["county"].dropna(), *rain["county"].dropna()]))
    rows = []
    for county in counties:
        own = _of(reservoirs, county)
        rows.append(
            {
                "county": county,
                "rain_gauges": rain_gauges(rain, county=county),
                "area_rainfall": area_mean_rainfall(rain, county=county),
                "max_24h": max_station_rainfall(rain, "max_24h", county=county),
                "reservoirs": len(own),
                "reservoirs_above": reservoirs_above_limit(reservoirs, county=county),
                "hours_above": hours_above_limit(reservoirs, county=county),
                "max_exceedance": max_exceedance(reservoirs, county=county),
                "arrival_rate": arrival_rate(reservoirs, county=county),
            }
        )
    columns = ["county", "rain_gauges", "area_rainfall", "max_24h", "reservoirs"]
    columns += ["reservoirs_above", "hours_above", "max_exceedance", "arrival_rate"]
    return pd.DataFrame(rows, columns=columns).set_index("county")
