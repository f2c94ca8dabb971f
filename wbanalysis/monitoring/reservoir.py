"""Reservoir figures of the flood season from ``ST_RSVR_R`` and ``ST_RSVRFSR_B``.

``records`` are reservoir records (STCD, TM, RZ, INQ, W …) of any period, one or many
stations; ``limits`` is ``ST_RSVRFSR_B`` (STCD, BGMD, EDMD as ``MMDD``, FSLTDZ). A repeated
(STCD, TM) counts once. Every function returns one row per station (index STCD), so a
province's records can be given a group of stations at a time
(:meth:`~.store.MonitoringStore.batches`) and the results concatenated.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._records import first_max, in_period, intervals, unique_records

__all__ = [
    "flood_limit_in_force",
    "flood_limit_exceedance",
    "max_water_level",
    "inflow_peak",
    "storage_at",
]


def flood_limit_in_force(records: pd.DataFrame, limits: pd.DataFrame) -> pd.Series:
    """汛限水位 (flood-limit water level) in force at each record's time, m; NaN outside every
    period of its station.

    Notes
    -----
    A period holds the dates from BGMD to EDMD, both included, by the date of TM (a record at
    09-01 00:00 is under the limit of a period beginning 0901). A period with BGMD after EDMD
    runs across the new year (1101–0228).

    Examples
    --------
    >>> lim = pd.DataFrame({"STCD": ["R", "R"], "BGMD": ["0601", "0901"],
    ...                     "EDMD": ["0831", "0930"], "FSLTDZ": [100.0, 101.0]})
    >>> r = pd.DataFrame({"STCD": ["R"] * 3, "TM": pd.to_datetime(
    ...     ["2023-08-31 23:00", "2023-09-01 00:00", "2023-10-01 00:00"])})
    >>> flood_limit_in_force(r, lim).tolist()
    [100.0, 101.0, nan]
    """
    out = np.full(len(records), np.nan)
    usable = limits.dropna(subset=["STCD", "BGMD", "EDMD", "FSLTDZ"])
    if usable.empty or records.empty:
        return pd.Series(out, index=records.index, name="FSLTDZ")
    times = records["TM"]
    day = (times.dt.month * 100 + times.dt.day).to_numpy(dtype="float64", na_value=np.nan)
    stations = pd.Index(usable["STCD"].unique())
    where = stations.get_indexer(records["STCD"])
    has = where >= 0
    # the k-th period of every station at once (a later row wins where periods overlap)
    usable = usable.assign(_k=usable.groupby("STCD", sort=False).cumcount().to_numpy())
    for _, periods in usable.groupby("_k", sort=True):
        begin = np.full(len(stations), np.nan)
        end = np.full(len(stations), np.nan)
        level = np.full(len(stations), np.nan)
        at = stations.get_indexer(periods["STCD"])
        begin[at] = periods["BGMD"].astype(str).astype(int).to_numpy()
        end[at] = periods["EDMD"].astype(str).astype(int).to_numpy()
        level[at] = periods["FSLTDZ"].astype(float).to_numpy()
        b, e = begin[where], end[where]
        within = np.where(b <= e, (day >= b) & (day <= e), (day >= b) | (day <= e))
        inside = has & ~np.isnan(b) & within
        out[inside] = level[where][inside]
    return pd.Series(out, index=records.index, name="FSLTDZ")


def flood_limit_exceedance(
    records: pd.DataFrame,
    limits: pd.DataFrame,
    *,
    interval: pd.Timedelta | str | Mapping[str, pd.Timedelta | str] = "1h",
    start: pd.Timestamp | str | None = None,
    end: pd.Timestamp | str | None = None,
) -> pd.DataFrame:
    """超汛限 (water level above the flood limit): hours, episodes and the highest
    exceedance, per reservoir.

    Returns
    -------
    pandas.DataFrame
        Index STCD (every station with a record under a limit in the period); columns
        ``hours`` (超汛限时长, h), ``episodes`` (超汛限次数), ``max_exceedance`` (最大超汛限
        幅度, m; NaN when never above), ``max_exceedance_time`` (its first time).

    Notes
    -----
    A record is above when RZ > FSLTDZ in force at its time (:func:`flood_limit_in_force`).
    hours = (records above) × interval, in hours: a record stands for its station's reporting
    ``interval``; a gap in the records is missing data, not time above. An episode is a run
    of records above, each within ``interval`` of the one before; a record not above, or a
    gap longer than ``interval``, ends it. max_exceedance = max(RZ − FSLTDZ) over the records
    above.

    Examples
    --------
    >>> lim = pd.DataFrame({"STCD": ["R"], "BGMD": ["0601"], "EDMD": ["0930"],
    ...                     "FSLTDZ": [100.0]})
    >>> r = pd.DataFrame({"STCD": ["R"] * 4, "TM": pd.date_range("2023-07-01 01:00",
    ...                   periods=4, freq="h"), "RZ": [100.2, 100.5, 99.9, 100.1]})
    >>> flood_limit_exceedance(r, lim).loc["R"].to_dict()
    {'hours': 3.0, 'episodes': 2, 'max_exceedance': 0.5, 'max_exceedance_time': Timestamp('2023-07-01 02:00:00')}
    """
    rows = unique_records(in_period(records, start, end))
    rows = rows.assign(FSLTDZ=flood_limit_in_force(rows, limits).to_numpy())
    rows = rows[rows["FSLTDZ"].notna() & rows["RZ"].notna()]
    columns = ["hours", "episodes", "max_exceedance", "max_exceedance_time"]
    if rows.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="STCD"))
    step = intervals(interval, pd.Index(rows["STCD"].unique()))
    own = rows["STCD"].map(step)
    above = (rows["RZ"] > rows["FSLTDZ"]).to_numpy()
    same = rows["STCD"].eq(rows["STCD"].shift()).to_numpy()
    gap = rows["TM"].diff().to_numpy()
    prev_above = np.roll(above, 1)
    prev_above[0] = False
    joined = same & prev_above & (gap <= own.to_numpy())
    starts = above & ~joined
    table = pd.DataFrame(
        {
            "STCD": rows["STCD"].to_numpy(),
            "TM": rows["TM"].to_numpy(),
            "above": above,
            "start": starts,
            "excess": np.where(above, rows["RZ"] - rows["FSLTDZ"], np.nan),
            "hours": np.where(above, own.dt.total_seconds() / 3600.0, 0.0),
        }
    )
    grouped = table.groupby("STCD", sort=True)
    out = pd.DataFrame(
        {"hours": grouped["hours"].sum(), "episodes": grouped["start"].sum().astype(int)}
    )
    top = _first_max(table.dropna(subset=["excess"]))
    out["max_exceedance"] = top["excess"].reindex(out.index)
    out["max_exceedance_time"] = top["TM"].reindex(out.index)
    out.index.name = "STCD"
    return out[columns]


def _first_max(table: pd.DataFrame, column: str = "excess") -> pd.DataFrame:
    """Per station, the row of the largest ``column``, the earliest when tied (index STCD);
    ``table`` sorted by station and time."""
    return first_max(table, column)


def max_water_level(
    records: pd.DataFrame,
    *,
    start: pd.Timestamp | str | None = None,
    end: pd.Timestamp | str | None = None,
    column: str = "RZ",
) -> pd.DataFrame:
    """最高水位 (highest water level) and its time, per station.

    Returns
    -------
    pandas.DataFrame
        Index STCD; ``level`` (m) and ``time`` (its first time when reached more than once).

    Examples
    --------
    >>> r = pd.DataFrame({"STCD": ["R", "R", "R"], "RZ": [99.0, 101.5, 101.5],
    ...                   "TM": pd.to_datetime(["2023-07-01", "2023-07-02", "2023-07-03"])})
    >>> max_water_level(r).loc["R"].to_dict()
    {'level': 101.5, 'time': Timestamp('2023-07-02 00:00:00')}
    """
    return _peak(records, column, start, end).rename(columns={"value": "level"})


def inflow_peak(
    records: pd.DataFrame,
    *,
    start: pd.Timestamp | str | None = None,
    end: pd.Timestamp | str | None = None,
) -> pd.DataFrame:
    """最大入库流量 (inflow peak, INQ) and its time, per station; m³/s.

    >>> r = pd.DataFrame({"STCD": ["R", "R"], "INQ": [35.0, 120.4],
    ...                   "TM": pd.to_datetime(["2023-07-01 08:00", "2023-07-01 09:00"])})
    >>> inflow_peak(r).loc["R"].to_dict()
    {'inflow': 120.4, 'time': Timestamp('2023-07-01 09:00:00')}
    """
    return _peak(records, "INQ", start, end).rename(columns={"value": "inflow"})


def _peak(records: pd.DataFrame, column: str, start, end) -> pd.DataFrame:
    rows = unique_records(in_period(records, start, end)).dropna(subset=[column])
    best = _first_max(rows[["STCD", "TM", column]], column)
    return pd.DataFrame({"value": best[column], "time": best["TM"]}).rename_axis("STCD")


def storage_at(
    records: pd.DataFrame,
    when: pd.Timestamp | str,
    *,
    tolerance: pd.Timedelta | str = "1D",
) -> pd.DataFrame:
    """蓄水量 (storage W) at a moment, per station, 百万m³ (× 100 for the ledgers' 万m³).

    Returns
    -------
    pandas.DataFrame
        Index STCD; ``storage`` (百万m³) and ``time``: the last record with a W at or before
        ``when`` and less than ``tolerance`` before it. A station without one is left out.

    Examples
    --------
    >>> r = pd.DataFrame({"STCD": ["R", "R", "S"], "W": [3.1, 3.3, 9.0],
    ...                   "TM": pd.to_datetime(["2023-03-31 08:00", "2023-04-01 08:00",
    ...                                         "2023-03-20 08:00"])})
    >>> storage_at(r, "2023-03-31 23:59")["storage"].to_dict()
    {'R': 3.1}
    """
    moment = pd.Timestamp(when)
    rows = in_period(records, moment - pd.Timedelta(tolerance), moment)
    rows = unique_records(rows.dropna(subset=["W"]))
    last = rows.drop_duplicates("STCD", keep="last").set_index("STCD")
    return pd.DataFrame({"storage": last["W"], "time": last["TM"]}).rename_axis("STCD")
