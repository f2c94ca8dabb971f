"""The flood season day by day, for the report's chart: area rainfall, and one reservoir's
water level against its 汛限水位.

Read from the converted dataset for a few stations and one season only (memory bounded by
them, whatever the size of the province).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .folder import Reference
from .rain import daily_rainfall
from .reservoir import flood_limit_in_force
from .store import MonitoringStore
from .tables import RAINFALL, RESERVOIR

__all__ = ["daily_area_rainfall", "daily_level"]


def daily_area_rainfall(
    store: MonitoringStore,
    gauges: list[str],
    *,
    start: pd.Timestamp,
    end: pd.Timestamp,
) -> pd.Series:
    """逐日面平均降雨量 (area rainfall of each day of the season), mm: the mean of the daily
    rainfall (8 时 to 8 时) of ``gauges`` that reported that day; a day with no gauge
    reporting is left out (not 0). Index: the date the day begins on."""
    if not gauges:
        return pd.Series(dtype=float, name="rainfall")
    records = store.read(RAINFALL.name, start=start, end=end, stations=gauges, columns=["DRP"])
    daily = daily_rainfall(records, start=start, end=end)
    return daily.groupby("day", sort=True)["rainfall"].mean().rename("rainfall")


def daily_level(
    store: MonitoringStore,
    reference: Reference,
    station: str,
    *,
    start: pd.Timestamp,
    end: pd.Timestamp,
) -> pd.DataFrame:
    """逐日最高库水位 (highest water level of each day) of reservoir station ``station``, and
    the 汛限水位 in force that day (the highest, where the limit changes within it), m.

    Columns ``level`` and ``limit``; index: the calendar date (a day without a record is
    left out)."""
    records = store.read(RESERVOIR.name, start=start, end=end, stations=[station], columns=["RZ"])
    records = records.dropna(subset=["RZ"])
    if records.empty:
        return pd.DataFrame(
            {"level": pd.Series(dtype=float), "limit": pd.Series(dtype=float)},
            index=pd.DatetimeIndex([], name="day"),
        )
    limit = flood_limit_in_force(records, reference.flood_limits).to_numpy()
    frame = pd.DataFrame(
        {"day": records["TM"].dt.normalize(), "level": records["RZ"].to_numpy(), "limit": limit}
    )
    out = frame.groupby("day", sort=True).agg(level=("level", "max"), limit=("limit", "max"))
    out["limit"] = out["limit"].astype(float).where(np.isfinite(out["limit"]))
    return out
