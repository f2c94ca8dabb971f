"""Shared helpers of the metric modules: periods, cut-off dates, safe rates.

Private: the public metric functions wrap these. Every helper is pure (no input is mutated).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..dataset import for_county, in_period
from ..errors import ParameterError

__all__ = [
    "cutoff_date",
    "period_end",
    "dates_in_period",
    "dates_by_cutoff",
    "months_by_cutoff",
    "settled_of_found",
    "settled_carried_over",
    "select",
    "total",
    "rate",
    "rates",
    "ratio",
    "counts_by",
    "sums_by",
    "deadline_status",
    "DEADLINE_STATUSES",
    "check_choice",
]

#: Status of a dated task at a cut-off, in report order.
DEADLINE_STATUSES = ("按期完成", "逾期完成", "未到期", "逾期未完成")


def cutoff_date(year: int, through_month: int = 12) -> pd.Timestamp:
    """Last day of month ``through_month`` of ``year`` (the cut-off of a period).

    >>> cutoff_date(2023, 10)
    Timestamp('2023-10-31 00:00:00')
    """
    return pd.Timestamp(year=int(year), month=int(through_month), day=1) + pd.offsets.MonthEnd(0)


def period_end(year: int, through_month: int = 12) -> pd.Timestamp:
    """First instant after the cut-off: a date ``d`` is on or before the cut-off iff ``d < end``."""
    return pd.Timestamp(year=int(year), month=int(through_month), day=1) + pd.DateOffset(months=1)


def dates_in_period(dates: pd.Series, *, year: int, through_month: int = 12) -> np.ndarray:
    """Boolean array: dates within months 1..``through_month`` of ``year`` (NaT is False)."""
    values = dates.to_numpy(dtype="datetime64[ns]")
    start = np.datetime64(pd.Timestamp(year=int(year), month=1, day=1), "ns")
    end = np.datetime64(period_end(year, through_month), "ns")
    return (values >= start) & (values < end)


def dates_by_cutoff(dates: pd.Series, *, year: int, through_month: int = 12) -> np.ndarray:
    """Boolean array: dates on or before the cut-off (NaT is False)."""
    values = dates.to_numpy(dtype="datetime64[ns]")
    return values < np.datetime64(period_end(year, through_month), "ns")


def settled_of_found(
    found: pd.Series, settled: pd.Series, *, year: int, through_month: int = 12
) -> np.ndarray:
    """Boolean array: found in the period and settled (closed, rectified) by the cut-off.

    The numerator of a 销号率 or 整改率: it holds only what its denominator (found in the
    period) holds, so the rate cannot exceed 100 %; what was found earlier is
    :func:`settled_carried_over`.

    >>> f = pd.Series(pd.to_datetime(["2022-12-20", "2023-03-01", "2023-04-01"]))
    >>> c = pd.Series(pd.to_datetime(["2023-01-05", "2023-03-09", "2023-11-01"]))
    >>> settled_of_found(f, c, year=2023, through_month=10).tolist()
    [False, True, False]
    """
    in_period = dates_in_period(found, year=year, through_month=through_month)
    return in_period & dates_by_cutoff(settled, year=year, through_month=through_month)


def settled_carried_over(
    found: pd.Series, settled: pd.Series, *, year: int, through_month: int = 12
) -> np.ndarray:
    """Boolean array: found before the period (an earlier year) and settled within it.

    >>> f = pd.Series(pd.to_datetime(["2022-12-20", "2023-03-01", "2021-05-01"]))
    >>> c = pd.Series(pd.to_datetime(["2023-01-05", "2023-03-09", "2022-02-01"]))
    >>> settled_carried_over(f, c, year=2023, through_month=10).tolist()
    [True, False, False]
    """
    start = np.datetime64(pd.Timestamp(year=int(year), month=1, day=1), "ns")
    earlier = found.to_numpy(dtype="datetime64[ns]") < start
    return earlier & dates_in_period(settled, year=year, through_month=through_month)


def months_by_cutoff(df: pd.DataFrame, *, year: int, through_month: int = 12) -> np.ndarray:
    """Boolean array: rows whose (``year``, ``month``) is on or before (year, through_month)."""
    y = df["year"].to_numpy(dtype="float64", na_value=np.nan)
    m = df["month"].to_numpy(dtype="float64", na_value=np.nan)
    return (y < year) | ((y == year) & (m <= through_month))


def select(
    df: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    date: str | None = None,
) -> pd.DataFrame:
    """Rows of ``df`` in the period (by ``year``/``month`` or the ``date`` column) and county.

    The period is filtered first (cheap numeric masks), the county on what is left.
    """
    if date is not None:
        mask = dates_in_period(df[date], year=year, through_month=through_month)
    else:
        mask = in_period(df, year=year, through_month=through_month).to_numpy(dtype=bool)
    return for_county(df[mask], county)


def total(values: pd.Series) -> float:
    """Sum as a float; missing values are skipped and an empty column gives 0.0."""
    if len(values) == 0:
        return 0.0
    return float(pd.to_numeric(values).sum(skipna=True))


def known_total(values: pd.Series) -> float:
    """Sum as a float, NaN when any value is missing: a total of which one part is unknown
    (a 总投资 written 待定) is unknown, never the sum of the rest.

    >>> known_total(pd.Series([1.0, 2.0])), known_total(pd.Series([1.0, None]))
    (3.0, nan)
    """
    numbers = pd.to_numeric(values)
    return float("nan") if numbers.isna().any() else float(numbers.sum())


def rate(numerator: float, denominator: float) -> float:
    """``numerator / denominator × 100``; NaN when the denominator is 0 or missing. Never capped.

    >>> rate(3, 4)
    75.0
    >>> rate(1, 0)
    nan
    """
    return ratio(numerator, denominator, scale=100.0)


def rates(numerators: object, denominators: object) -> np.ndarray:
    """Element-wise :func:`rate`: numerators / denominators × 100, NaN where a denominator is 0.

    >>> rates([1, 3, 5], [2, 0, 4]).tolist()
    [50.0, nan, 125.0]
    """
    n = np.asarray(numerators, dtype="float64")
    d = np.asarray(denominators, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = n / d * 100.0
    return np.where(d == 0, np.nan, out)


def ratio(numerator: float, denominator: float, *, scale: float = 1.0) -> float:
    """``numerator × scale / denominator``; NaN when the denominator is 0 or missing."""
    n, d = float(numerator), float(denominator)
    if d == 0 or math.isnan(d) or math.isnan(n):
        return math.nan
    return n / d * scale


def counts_by(values: pd.Series, categories: tuple[str, ...] | list[str]) -> pd.Series:
    """Row counts per category, every category present (0 when absent), as int64."""
    counts = values.value_counts()
    out = pd.Series(
        [int(counts.get(c, 0)) for c in categories], index=pd.Index(categories), dtype="int64"
    )
    return out


def sums_by(
    df: pd.DataFrame, by: str, value: str, categories: tuple[str, ...] | list[str]
) -> pd.Series:
    """Float sums of ``value`` per category of ``by``, every category present (0.0 when absent)."""
    sums = pd.to_numeric(df[value]).groupby(df[by]).sum()  # grouping on the column: fast
    return pd.Series(
        [float(sums.get(c, 0.0)) for c in categories], index=pd.Index(categories), dtype="float64"
    )


def deadline_status(
    due: pd.Series, done: pd.Series, *, year: int, through_month: int = 12
) -> pd.DataFrame:
    """Status of dated tasks at the cut-off, and days late.

    ``status`` is 按期完成 (done ≤ due), 逾期完成 (due < done ≤ cut-off), 未到期 (open and
    due > cut-off) or 逾期未完成 (open and due ≤ cut-off); a task is open when ``done`` is
    empty or after the cut-off. ``days_late`` is done − due for 逾期完成, cut-off − due for
    逾期未完成 and 0 otherwise.
    """
    cut = cutoff_date(year, through_month)
    done_by = dates_by_cutoff(done, year=year, through_month=through_month)
    due_passed = dates_by_cutoff(due, year=year, through_month=through_month)
    due_v = due.to_numpy(dtype="datetime64[ns]")
    done_v = done.to_numpy(dtype="datetime64[ns]")
    on_time = done_by & (done_v <= due_v)
    late = done_by & ~on_time
    overdue = ~done_by & due_passed
    status = np.select(
        [on_time, late, overdue], list(DEADLINE_STATUSES[:2]) + ["逾期未完成"], default="未到期"
    )
    day = np.timedelta64(1, "D")
    late_days = np.where(late, (done_v - due_v) / day, 0.0)
    overdue_days = np.where(overdue, (np.datetime64(cut, "ns") - due_v) / day, 0.0)
    days = np.nan_to_num(late_days + overdue_days).astype("int64")
    return pd.DataFrame({"status": status.astype(object), "days_late": days}, index=due.index)


def check_choice(name: str, value: object, allowed: tuple | list) -> None:
    """Raise :class:`ParameterError` when ``value`` is not one of ``allowed``."""
    if value not in allowed:
        raise ParameterError(
            f"参数 {name} 不支持 {value!r}；可选：" + "、".join(str(a) for a in allowed)
        )
