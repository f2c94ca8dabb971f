"""防汛抗旱 (flood and drought): warnings forwarded, by source and month.

``warnings`` is the 预警转发 ledger, one row per warning forwarded, dated by ``date``. Storage
against its target is in :mod:`wbanalysis.metrics.storage`.
"""

from __future__ import annotations

import pandas as pd

from ..schema import VOCABULARIES
from ._common import check_choice, counts_by, select

__all__ = ["WARNING_SOURCES", "warnings_forwarded", "warnings_by_source", "warnings_by_month"]

#: Sources of warnings in report order: 防办, 水务, 水文, 气象.
WARNING_SOURCES: tuple[str, ...] = VOCABULARIES["warning_source"]


def _rows(
    warnings: pd.DataFrame, year: int, through_month: int, county: str | None
) -> pd.DataFrame:
    return select(warnings, year=year, through_month=through_month, county=county, date="date")


def warnings_forwarded(
    warnings: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    source: str | None = None,
) -> int:
    """转发预警信息次数 (warnings forwarded).

    Parameters
    ----------
    source : one of 防办, 水务, 水文, 气象; ``None`` for all sources.

    Notes
    -----
    count of warnings dated in months 1..through_month of ``year``.

    Examples
    --------
    >>> w = pd.DataFrame({"county": ["甲县", "乙县", "甲县"], "source": ["气象", "水文", "气象"],
    ...                   "date": pd.to_datetime(["2023-05-02", "2023-06-10", "2023-11-01"])})
    >>> warnings_forwarded(w, year=2023, through_month=10)
    2
    >>> warnings_forwarded(w, year=2023, source="气象")
    2
    """
    rows = _rows(warnings, year, through_month, county)
    if source is not None:
        check_choice("source", source, WARNING_SOURCES)
        rows = rows[rows["source"] == source]
    return int(len(rows))


def warnings_by_source(
    warnings: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.Series:
    """分来源预警转发次数 (warnings forwarded by source).

    Returns
    -------
    pandas.Series
        int64 counts indexed by 防办, 水务, 水文, 气象.

    Notes
    -----
    count[source] = warnings of that source dated in the period.

    Examples
    --------
    >>> w = pd.DataFrame({"county": ["甲县", "乙县"], "source": ["气象", "水文"],
    ...                   "date": pd.to_datetime(["2023-05-02", "2023-06-10"])})
    >>> warnings_by_source(w, year=2023).to_dict()
    {'防办': 0, '水务': 0, '水文': 1, '气象': 1}
    """
    rows = _rows(warnings, year, through_month, county)
    return counts_by(rows["source"], WARNING_SOURCES).rename("warnings")


def warnings_by_month(
    warnings: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.DataFrame:
    """逐月分来源预警转发次数 (warnings forwarded by month and source).

    Returns
    -------
    pandas.DataFrame
        int64 counts, indexed by month 1..through_month, one column per source.

    Notes
    -----
    count[m, source] = warnings of that source dated in month m of ``year``.

    Examples
    --------
    >>> w = pd.DataFrame({"county": ["甲县", "乙县"], "source": ["气象", "水文"],
    ...                   "date": pd.to_datetime(["2023-05-02", "2023-06-10"])})
    >>> t = warnings_by_month(w, year=2023, through_month=6)
    >>> t.loc[5].to_dict()
    {'防办': 0, '水务': 0, '水文': 0, '气象': 1}
    >>> int(t.to_numpy().sum())
    2
    """
    rows = _rows(warnings, year, through_month, county)
    months = pd.RangeIndex(1, int(through_month) + 1, name="month")
    table = pd.crosstab(
        rows["date"].dt.month.to_numpy(dtype="int64"), rows["source"].to_numpy(dtype=object)
    )
    table = table.reindex(index=months, columns=list(WARNING_SOURCES), fill_value=0)
    table.columns.name = "source"
    return table.astype("int64")
