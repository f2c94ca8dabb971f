"""What every monitoring indicator does first: a period's records, each (STCD, TM) once.

A record's time ``TM`` is the *end* of what it reports (the rain of 08:00–09:00 is stamped
09:00), so a period ``(start, end]`` holds the records with ``start < TM ≤ end``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..errors import ParameterError

__all__ = ["in_period", "unique_records", "intervals", "period_length"]


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
    return records[keep.to_numpy(dtype=bool)]


def unique_records(records: pd.DataFrame) -> pd.DataFrame:
    """Each (STCD, TM) once (the first met), sorted by station and time.

    The checks (:func:`~.validate.duplicate_problems`) tell a repeated record with the same
    values (counted once, here) from one with other values (an error: no figure is made).
    """
    keyed = records[records["STCD"].notna() & records["TM"].notna()]
    keyed = keyed.drop_duplicates(["STCD", "TM"], keep="first")
    return keyed.sort_values(["STCD", "TM"], kind="stable", ignore_index=True)


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
