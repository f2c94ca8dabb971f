"""Rainfall figures of the flood season from ``ST_PPTN_R`` (DRP, mm, per period ending at TM).

``records`` are rainfall records of any period and stations; a repeated (STCD, TM) counts
once. Per-station functions return one row per station (index STCD), so a province's records
can be given a group of stations at a time and the results concatenated; county figures are
made from the per-station ones (:func:`area_rainfall`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._records import first_max, in_period, station_codes, unique_records

__all__ = [
    "station_rainfall",
    "area_rainfall",
    "max_rainfall",
    "daily_rainfall",
    "rain_days",
    "HYDROLOGICAL_DAY_START",
]

#: The hour a day of rainfall begins: 08:00 to 08:00 the next day (日降水量, as SL 323's DYP).
HYDROLOGICAL_DAY_START = 8


def station_rainfall(
    records: pd.DataFrame,
    *,
    start: pd.Timestamp | str | None = None,
    end: pd.Timestamp | str | None = None,
) -> pd.Series:
    """降雨量 (rainfall) per station over ``start < TM ≤ end``, mm.

    Notes
    -----
    rainfall = Σ DRP of the station's records in the period, each (STCD, TM) once. A station
    with records but no rain has 0; a station without any record is left out (not 0).

    Examples
    --------
    >>> r = pd.DataFrame({"STCD": ["A", "A", "A", "B"], "DRP": [1.5, 1.5, 2.0, 0.0],
    ...                   "TM": pd.to_datetime(["2023-07-01 09:00", "2023-07-01 09:00",
    ...                                         "2023-07-01 10:00", "2023-07-01 09:00"])})
    >>> station_rainfall(r).to_dict()
    {'A': 3.5, 'B': 0.0}
    """
    rows = unique_records(in_period(records, start, end))
    return rows.groupby("STCD", sort=True)["DRP"].sum(min_count=0).rename("rainfall")


def area_rainfall(rainfall: pd.Series, counties: pd.Series) -> pd.Series:
    """面平均雨量 (area mean rainfall) per county: the arithmetic mean of its stations, mm.

    ``rainfall`` is per station (:func:`station_rainfall`); ``counties`` maps STCD → county
    (:func:`~.stations.station_counties`).

    Notes
    -----
    area mean = Σ rainfall of the county's stations with a figure ÷ their number. A station
    without a county counts in no county.

    Examples
    --------
    >>> rain = pd.Series({"A": 30.0, "B": 50.0, "C": 10.0})
    >>> area_rainfall(rain, pd.Series({"A": "甲县", "B": "甲县", "C": "乙县"})).to_dict()
    {'甲县': 40.0, '乙县': 10.0}
    """
    county = counties.reindex(rainfall.index)
    frame = pd.DataFrame({"rainfall": rainfall.to_numpy(), "county": county.to_numpy()})
    frame = frame.dropna()
    return frame.groupby("county", sort=False)["rainfall"].mean().rename("area_rainfall")


def max_rainfall(
    records: pd.DataFrame,
    window: pd.Timedelta | str = "1h",
    *,
    start: pd.Timestamp | str | None = None,
    end: pd.Timestamp | str | None = None,
) -> pd.DataFrame:
    """最大 1 小时 / 24 小时降雨量 (largest rainfall in any ``window``), per station, mm.

    Returns
    -------
    pandas.DataFrame
        Index STCD; ``rainfall`` (mm) and ``end``: the end of the first window reaching it.

    Notes
    -----
    For each record, the rain of the window ``(TM − window, TM]`` = Σ DRP of the station's
    records stamped in it (a sliding window, not clock hours); the largest over the period.
    A record's DRP is taken as fallen within its own window, so records whose period (INTV)
    is longer than ``window`` should not be given.

    Examples
    --------
    >>> r = pd.DataFrame({"STCD": ["A"] * 4, "DRP": [10.0, 25.0, 5.0, 30.0],
    ...                   "TM": pd.to_datetime(["2023-07-01 09:00", "2023-07-01 10:00",
    ...                                         "2023-07-01 11:00", "2023-07-02 08:00"])})
    >>> max_rainfall(r, "1h").loc["A"].to_dict()
    {'rainfall': 30.0, 'end': Timestamp('2023-07-02 08:00:00')}
    >>> max_rainfall(r, "24h").loc["A"].to_dict()
    {'rainfall': 70.0, 'end': Timestamp('2023-07-02 08:00:00')}
    """
    rows = unique_records(in_period(records, start, end)).dropna(subset=["DRP"])
    if rows.empty:
        empty = pd.Index([], name="STCD")
        return pd.DataFrame({"rainfall": pd.Series(dtype=float), "end": pd.Series()}, index=empty)
    sums = np.round(_window_sums(rows, pd.Timedelta(window)), _DIGITS)
    table = pd.DataFrame({"STCD": rows["STCD"], "TM": rows["TM"], "rainfall": sums})
    best = first_max(table, "rainfall")
    return pd.DataFrame({"rainfall": best["rainfall"], "end": best["TM"]})


#: Sums over windows are rounded to this many decimals (mm): a difference of running sums
#: carries floating-point noise that would otherwise decide between equal windows.
_DIGITS = 6


def _window_sums(rows: pd.DataFrame, window: pd.Timedelta) -> np.ndarray:
    """For each record (sorted by station and time, each once), Σ DRP of its station's
    records in ``(TM − window, TM]``: running sums, and the first record of each window found
    by a binary search on (station, time)."""
    codes = station_codes(rows["STCD"]).astype("int64")
    times = rows["TM"].to_numpy().astype("datetime64[us]").astype("int64")
    times = times - times.min()
    width = int(window / pd.Timedelta(microseconds=1))
    span = int(times.max()) + width + 1
    if int(codes.max()) + 1 >= np.iinfo(np.int64).max // span:  # decades of many stations
        return (
            rows.set_index("TM")
            .groupby("STCD", sort=True)["DRP"]
            .rolling(window, closed="right")
            .sum()
            .to_numpy()
        )
    key = codes * span + times
    first = np.searchsorted(key, key - width, side="right")
    running = np.concatenate([[0.0], np.cumsum(rows["DRP"].to_numpy(dtype="float64"))])
    return running[np.arange(1, len(key) + 1)] - running[first]


def daily_rainfall(
    records: pd.DataFrame,
    *,
    start: pd.Timestamp | str | None = None,
    end: pd.Timestamp | str | None = None,
    day_start: int = HYDROLOGICAL_DAY_START,
) -> pd.DataFrame:
    """日降雨量 (daily rainfall) per station and day, mm; days from ``day_start`` o'clock.

    Returns
    -------
    pandas.DataFrame
        Columns STCD, ``day`` (the date the day begins on) and ``rainfall``; only days with
        records.

    Notes
    -----
    A record belongs to the day D when D ``day_start``:00 < TM ≤ D+1 ``day_start``:00 (the
    rain of 07:00–08:00 on 2 July is stamped 08:00 and belongs to 1 July).

    Examples
    --------
    >>> r = pd.DataFrame({"STCD": ["A"] * 3, "DRP": [20.0, 35.0, 4.0],
    ...                   "TM": pd.to_datetime(["2023-07-01 09:00", "2023-07-02 08:00",
    ...                                         "2023-07-02 09:00"])})
    >>> daily_rainfall(r)["rainfall"].tolist()
    [55.0, 4.0]
    """
    rows = unique_records(in_period(records, start, end)).dropna(subset=["DRP"])
    shifted = rows["TM"] - pd.Timedelta(hours=day_start) - pd.Timedelta(microseconds=1)
    rows = rows.assign(day=shifted.dt.normalize())
    return (
        rows.groupby(["STCD", "day"], sort=True, as_index=False)["DRP"]
        .sum()
        .rename(columns={"DRP": "rainfall"})
    )


def rain_days(
    records: pd.DataFrame,
    threshold: float = 50.0,
    *,
    start: pd.Timestamp | str | None = None,
    end: pd.Timestamp | str | None = None,
    day_start: int = HYDROLOGICAL_DAY_START,
) -> pd.Series:
    """暴雨日数 (days with ≥ 50 mm; ≥ 100 mm: 大暴雨日数 with ``threshold=100``) per station.

    Notes
    -----
    days = number of days D (:func:`daily_rainfall`) with rainfall ≥ ``threshold``. A station
    with records but no such day has 0.

    Examples
    --------
    >>> r = pd.DataFrame({"STCD": ["A", "A", "B"], "DRP": [50.0, 120.0, 49.9],
    ...                   "TM": pd.to_datetime(["2023-07-01 09:00", "2023-07-03 09:00",
    ...                                         "2023-07-01 09:00"])})
    >>> rain_days(r, 50).to_dict(), rain_days(r, 100).to_dict()
    ({'A': 2, 'B': 0}, {'A': 1, 'B': 0})
    """
    days = daily_rainfall(records, start=start, end=end, day_start=day_start)
    heavy = days["rainfall"] >= threshold
    return heavy.groupby(days["STCD"], sort=True).sum().astype(int).rename("days")
