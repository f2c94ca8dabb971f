"""同比与趋势 (year-on-year growth and multi-year trends).

:func:`yoy_growth` compares the same months of two years (1..through_month of both);
:func:`trend` gives the Theil–Sen slope and the Mann–Kendall significance of a yearly series.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._common import ratio, select, total

__all__ = ["growth_rate", "yoy_growth", "annual_totals", "Trend", "trend"]


def growth_rate(current: float, previous: float) -> float:
    """增长率 (growth rate), %.

    Notes
    -----
    growth = (current − previous) / previous × 100; NaN when ``previous`` is 0 or missing.

    Examples
    --------
    >>> growth_rate(119700, 93774.0)  # doctest: +ELLIPSIS
    27.6473...
    >>> growth_rate(5, 0)
    nan
    """
    return ratio(float(current) - float(previous), previous, scale=100.0)


def yoy_growth(
    table: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    value: str = "amount",
    county: str | None = None,
    date: str | None = None,
) -> float:
    """同比增长率 (year-on-year growth over comparable months), %.

    Parameters
    ----------
    table : a ledger placed in time by ``year``/``month`` columns, or by the ``date`` column.
    value : the column to sum; ``None`` counts rows instead.
    date : name of the date column, for ledgers without ``year``/``month``.

    Notes
    -----
    YoY = (S_year − S_{year−1}) / S_{year−1} × 100, where S_y = Σ ``value`` over months
    1..``through_month`` of year y. NaN when S_{year−1} is 0 (no comparable data last year).

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2022, 2022, 2023, 2023], "month": [1, 12, 1, 2],
    ...                   "county": ["甲县"] * 4, "amount": [100.0, 999.0, 90.0, 30.0]})
    >>> yoy_growth(t, year=2023, through_month=10)
    20.0
    >>> yoy_growth(t, year=2022)
    nan
    """

    def period_sum(y: int) -> float:
        rows = select(table, year=y, through_month=through_month, county=county, date=date)
        return float(len(rows)) if value is None else total(rows[value])

    return growth_rate(period_sum(year), period_sum(year - 1))


def annual_totals(
    table: pd.DataFrame,
    *,
    value: str | None = "amount",
    through_month: int = 12,
    county: str | None = None,
    date: str | None = None,
    years: list[int] | None = None,
) -> pd.Series:
    """逐年累计 (yearly totals over comparable months), for multi-year charts and :func:`trend`.

    Parameters
    ----------
    value : the column to sum; ``None`` counts rows (the result is then int64).
    years : years to report (0 for a year without rows); default every year in the table.

    Notes
    -----
    S_y = Σ ``value`` over months 1..``through_month`` of year y, for each year.

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2021, 2022, 2022], "month": [1, 1, 11],
    ...                   "county": ["甲县"] * 3, "amount": [1.0, 2.0, 5.0]})
    >>> annual_totals(t, through_month=10, years=[2020, 2021, 2022]).to_dict()
    {2020: 0.0, 2021: 1.0, 2022: 2.0}
    """
    if date is not None:
        row_years = table[date].dt.year
    else:
        row_years = table["year"]
    if years is None:
        years = sorted(int(y) for y in pd.unique(row_years.dropna()))
    out = {}
    for y in years:
        rows = select(table, year=y, through_month=through_month, county=county, date=date)
        out[int(y)] = len(rows) if value is None else total(rows[value])
    return pd.Series(out, dtype="int64" if value is None else "float64", name=value)


@dataclass(frozen=True)
class Trend:
    """A yearly series' trend: Theil–Sen slope and Mann–Kendall test.

    Attributes
    ----------
    n : number of (year, value) points used.
    slope, intercept : Theil–Sen estimate (units per year).
    slope_low, slope_high : its 95 % confidence interval.
    tau : Kendall's tau between value and year.
    p_value : two-sided p-value of the Mann–Kendall test (tau = 0).
    """

    n: int
    slope: float
    intercept: float
    slope_low: float
    slope_high: float
    tau: float
    p_value: float

    @property
    def significant(self) -> bool:
        """True when the trend is significant at the 5 % level."""
        return bool(self.p_value < 0.05)


def trend(values: pd.Series, *, years: list[int] | None = None) -> Trend:
    """趋势检验 (trend: Theil–Sen slope and Mann–Kendall p-value).

    Parameters
    ----------
    values : yearly values, indexed by year (or give ``years`` separately). Missing values are
        dropped.

    Returns
    -------
    Trend
        All statistics NaN when fewer than 3 points remain; ``tau`` and ``p_value`` are NaN
        for a constant series.

    Notes
    -----
    slope = median over pairs i<j of (v_j − v_i) / (t_j − t_i) (``scipy.stats.theilslopes``);
    Mann–Kendall significance = p-value of Kendall's tau between value and year
    (``scipy.stats.kendalltau``).

    Examples
    --------
    >>> t = trend(pd.Series([10.0, 12.0, 13.0, 15.0], index=[2020, 2021, 2022, 2023]))
    >>> round(t.slope, 3), t.tau
    (1.583, 1.0)
    >>> trend(pd.Series([1.0, 2.0], index=[2022, 2023])).slope
    nan
    """
    x = np.asarray(values.index if years is None else years, dtype="float64")
    y = np.asarray(pd.to_numeric(pd.Series(np.asarray(values, dtype="float64"))), dtype="float64")
    keep = ~(np.isnan(x) | np.isnan(y))
    x, y = x[keep], y[keep]
    n = int(len(x))
    if n < 3:
        return Trend(n, *([math.nan] * 6))
    from scipy import stats  # imported here: scipy.stats takes half a second to import

    slope, intercept, low, high = stats.theilslopes(y, x)
    if np.all(y == y[0]):
        tau, p_value = math.nan, math.nan
    else:
        result = stats.kendalltau(x, y)
        tau, p_value = float(result.statistic), float(result.pvalue)
    return Trend(n, float(slope), float(intercept), float(low), float(high), tau, p_value)
