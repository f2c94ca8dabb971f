"""到报率 (data arrival rate): how many of the records a station owed the platform arrived.

The figure the plan to bring every small reservoir's monitoring onto the provincial platform
is measured by (its target is 100 %).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ._records import in_period, intervals, unique_records

__all__ = ["arrival_rate", "county_arrival_rate", "reporting_share"]


def arrival_rate(
    records: pd.DataFrame,
    stations: Iterable[str],
    *,
    start: pd.Timestamp | str,
    end: pd.Timestamp | str,
    interval: pd.Timedelta | str | Mapping[str, pd.Timedelta | str] = "1h",
) -> pd.DataFrame:
    """到报率 (arrival rate) per station over ``start < TM ≤ end``, %.

    Returns
    -------
    pandas.DataFrame
        Index STCD (every one of ``stations``, in order); ``received`` (应报时段中收到记录
        的个数), ``expected`` (应报个数) and ``rate`` (%; NaN when nothing was expected).

    Notes
    -----
    expected = ⌊(end − start) ÷ interval⌋: one record at the end of each interval after
    ``start``. received = the number of those intervals with at least one record: a record
    at TM falls in interval k = ⌈(TM − start) ÷ interval⌉, so two records of one interval
    (a repeated record, or one off the hour) count once, and an interval with none is
    missing. rate = received ÷ expected × 100. A station without any record has 0 %.

    Examples
    --------
    One day of hourly reports (24 expected); 09:00 sent twice, 10:00–11:00 never sent:

    >>> times = pd.date_range("2023-07-01 01:00", "2023-07-02 00:00", freq="h")
    >>> sent = times.drop(times[9:11]).append(times[8:9])
    >>> r = pd.DataFrame({"STCD": "A", "TM": sent})
    >>> arrival_rate(r, ["A", "B"], start="2023-07-01", end="2023-07-02").to_dict("index")
    {'A': {'received': 22, 'expected': 24, 'rate': 91.66666666666666}, 'B': {'received': 0, 'expected': 24, 'rate': 0.0}}
    """
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    codes = pd.Index(list(dict.fromkeys(stations)), name="STCD")
    step = intervals(interval, codes)
    expected = ((last - first) // step).astype("int64")
    rows = unique_records(in_period(records, first, last))
    where = codes.get_indexer(rows["STCD"])
    own = step.to_numpy()[where]
    owed = expected.to_numpy()[where]
    slot = np.ceil((rows["TM"].to_numpy() - first.to_datetime64()) / own).astype("int64")
    inside = (where >= 0) & (slot >= 1) & (slot <= owed)
    # rows are sorted by station and time: a slot met again is the one just before
    where, slot = where[inside], slot[inside]
    new = np.ones(len(slot), dtype=bool)
    new[1:] = (where[1:] != where[:-1]) | (slot[1:] != slot[:-1])
    counted = np.bincount(where[new], minlength=len(codes))
    received = pd.Series(counted, index=codes)
    out = pd.DataFrame({"received": received.astype("int64"), "expected": expected})
    out["rate"] = (out["received"] / out["expected"].where(out["expected"] > 0)) * 100.0
    return out


def county_arrival_rate(rates: pd.DataFrame, counties: pd.Series) -> pd.DataFrame:
    """到报率 per county: Σ received ÷ Σ expected of its stations × 100 (pooled, so a
    station owing more records weighs more), %.

    >>> rates = pd.DataFrame({"received": [22, 0, 10], "expected": [24, 24, 10]},
    ...                      index=pd.Index(["A", "B", "C"], name="STCD"))
    >>> county_arrival_rate(rates, pd.Series({"A": "甲县", "B": "甲县", "C": "乙县"}))["rate"].round(2).to_dict()
    {'甲县': 45.83, '乙县': 100.0}
    """
    county = counties.reindex(rates.index)
    grouped = rates[["received", "expected"]].groupby(county.to_numpy(), sort=False).sum()
    grouped.index.name = "county"
    grouped["rate"] = grouped["received"] / grouped["expected"].where(grouped["expected"] > 0)
    grouped["rate"] *= 100.0
    return grouped


def reporting_share(rates: pd.DataFrame, counties: pd.Series | None = None) -> pd.Series:
    """接入率 (share of stations reporting to the platform): stations with at least one
    record received ÷ stations listed, %, for all (index ``""``) or per county.

    >>> rates = pd.DataFrame({"received": [22, 0, 10]}, index=["A", "B", "C"])
    >>> reporting_share(rates).round(2).to_dict()
    {'': 66.67}
    >>> reporting_share(rates, pd.Series({"A": "甲县", "B": "甲县", "C": "乙县"})).to_dict()
    {'甲县': 50.0, '乙县': 100.0}
    """
    reporting = rates["received"] > 0
    if counties is None:
        return pd.Series({"": reporting.mean() * 100.0}, name="share")
    county = counties.reindex(rates.index).to_numpy()
    return (reporting.groupby(county, sort=False).mean() * 100.0).rename("share")
