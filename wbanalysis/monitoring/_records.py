"""What every monitoring indicator does first: a period's records, each (STCD, TM) once.

A record's time ``TM`` is the *end* of what it reports (the rain of 08:00–09:00 is stamped
09:00), so a period ``(start, end]`` holds the records with ``start < TM ≤ end``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..errors import ParameterError

__all__ = [
    "in_period",
    "unique_records",
    "station_codes",
    "first_max",
    "intervals",
    "period_length",
]


def in_period(
    records: pd.DataFrame,
    start: pd.Timestamp | str | None = None,
    end: pd.Timestamp | str | None = None,
) -> pd.DataFrame:
    """Records with ``start < TM ≤ end`` (either bound may be None)."""
    keep = records["TM"].notna()
    if start is not None:
        keep &= records["TM"] > pd.Timestamp(start)
    if end is not None:
        keep &= records["TM"] <= pd.Timestamp(end)
    mask = keep.to_numpy(dtype=bool)
    return records if mask.all() else records[mask]


def unique_records(records: pd.DataFrame) -> pd.DataFrame:
    """Each (STCD, TM) once (the first met), sorted by station and time.

    The checks (:func:`~.validate.duplicate_problems`) tell a repeated record with the same
    values (counted once, here) from one with other values (an error: no figure is made).
    """
    keep = (records["STCD"].notna() & records["TM"].notna()).to_numpy(dtype=bool)
    keyed = records if keep.all() else records[keep]
    if _sorted_and_unique(keyed):  # as the dataset gives them: nothing to do
        return keyed.reset_index(drop=True)
    keyed = keyed.drop_duplicates(["STCD", "TM"], keep="first")
    return keyed.sort_values(["STCD", "TM"], kind="stable", ignore_index=True)


def station_codes(stations: pd.Series) -> np.ndarray:
    """Each record's station as an integer, in the order of the codes (equal codes, equal
    integers; a smaller code, a smaller integer)."""
    return pd.factorize(stations, sort=True)[0]


def _sorted_and_unique(records: pd.DataFrame) -> bool:
    """Whether the records are sorted by station and time, each (STCD, TM) once."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(records) < 2:
        return True
    stations = pa.array(records["STCD"], from_pandas=True)
    if stations.type != pa.string() and stations.type != pa.large_string():
        return False
    after, before = stations.slice(1), stations.slice(0, len(stations) - 1)
    if pc.any(pc.less(after, before)).as_py():
        return False
    same = pc.equal(after, before).to_numpy(zero_copy_only=False)
    times = np.diff(records["TM"].to_numpy().astype("datetime64[us]").astype("int64"))
    return bool(np.all(times[same] > 0))


def first_max(records: pd.DataFrame, column: str) -> pd.DataFrame:
    """Per station, the record of the largest ``column``, the earliest when tied (index
    STCD). ``records`` are sorted by station and time (:func:`unique_records`), without NaN
    in ``column``: one pass, no sort."""
    if records.empty:
        return records.set_index("STCD")
    codes = station_codes(records["STCD"])
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    values = records[column].to_numpy(dtype="float64")
    top = np.maximum.reduceat(values, starts)
    lengths = np.diff(np.r_[starts, len(values)])
    at = np.where(values == np.repeat(top, lengths), np.arange(len(values)), len(values))
    return records.iloc[np.minimum.reduceat(at, starts)].set_index("STCD")


def period_length(intv: float) -> pd.Timedelta:
    """A period length ``INTV`` as SL 323 writes it, ``hh.nn`` (hours.minutes): 1.00 → 1 h,
    0.05 → 5 min, 0.30 → 30 min, 24.00 → 1 day.

    >>> period_length(1.0), period_length(0.05), period_length(6.3)
    (Timedelta('0 days 01:00:00'), Timedelta('0 days 00:05:00'), Timedelta('0 days 06:30:00'))
    """
    hours = int(np.floor(intv + 1e-9))
    minutes = int(round((intv - hours) * 100))
    return pd.Timedelta(hours=hours, minutes=minutes)


def intervals(
    interval: pd.Timedelta | str | Mapping[str, pd.Timedelta | str], stations: pd.Index
) -> pd.Series:
    """Each station's reporting interval: one for all, or a mapping STCD → interval (a
    station it does not name raises :class:`~wbanalysis.errors.ParameterError`)."""
    if isinstance(interval, Mapping):
        missing = [s for s in stations if s not in interval]
        if missing:
            raise ParameterError(
                f"未给出测站的报讯间隔：{'、'.join(map(str, missing[:5]))}"
                f"{' 等' if len(missing) > 5 else ''}；请为每个测站给出间隔，如 1h、5min"
            )
        values = [pd.Timedelta(interval[s]) for s in stations]
    else:
        values = [pd.Timedelta(interval)] * len(stations)
    return pd.Series(values, index=stations, dtype="timedelta64[ns]")
