"""全口径水利建设投资 (water construction investment, all sources: the water ministry's 口径).

``construction_investment`` is the 全口径水利建设投资 ledger: the investment completed each
month by every water project of the area, whoever carries it out (the water bureau, other
departments, enterprises), by county and source of funds, in 万元. It is a different 口径 from
水利管理业固定资产投资 (the statistics bureau's industry N76, :mod:`.investment`): the two are
reported side by side and never added.
"""

from __future__ import annotations

import pandas as pd

from ..schema import VOCABULARIES
from ._common import check_choice, select, sums_by, total
from .trends import yoy_growth

__all__ = [
    "CONSTRUCTION_SOURCES",
    "CONSTRUCTION_PURPOSES",
    "construction_investment",
    "construction_yoy",
    "construction_by_source",
    "construction_by_purpose",
]

#: Sources of funds in report order: 中央, 地方, 债券, 贷款, 社会资本, 其他.
CONSTRUCTION_SOURCES: tuple[str, ...] = VOCABULARIES["construction_source"]
#: Kinds of works: 防洪工程, 水资源工程, 水土保持及生态工程, 其他工程.
CONSTRUCTION_PURPOSES: tuple[str, ...] = VOCABULARIES["construction_purpose"]


def construction_investment(
    construction_investment: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    source: str | None = None,
) -> float:
    """全口径水利建设投资 (water construction investment completed, all sources), 万元.

    Parameters
    ----------
    source : one of 中央, 地方, 债券, 贷款, 社会资本, 其他; ``None`` for all sources.

    Notes
    -----
    investment = Σ ``amount`` over months 1..through_month of ``year`` (of one source).
    Not to be added to 水利管理业固定资产投资 (another 口径).

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2023] * 3, "month": [2, 5, 11], "county": ["甲县"] * 3,
    ...                   "source": ["中央", "债券", "中央"], "amount": [800.0, 1200.0, 50.0]})
    >>> construction_investment(t, year=2023, through_month=10)
    2000.0
    >>> construction_investment(t, year=2023, source="中央")
    850.0
    """
    rows = select(construction_investment, year=year, through_month=through_month, county=county)
    if source is not None:
        check_choice("source", source, CONSTRUCTION_SOURCES)
        rows = rows[rows["source"] == source]
    return total(rows["amount"])


def construction_yoy(
    construction_investment: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
) -> float:
    """全口径水利建设投资同比增长率 (year-on-year growth over the same months), %.

    Notes
    -----
    YoY = (I_year − I_{year−1}) / I_{year−1} × 100, I_y the investment of months
    1..through_month of year y; NaN when I_{year−1} = 0.

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2022, 2023], "month": [3, 3], "county": ["甲县"] * 2,
    ...                   "source": ["中央", "中央"], "amount": [1000.0, 1250.0]})
    >>> construction_yoy(t, year=2023)
    25.0
    """
    return yoy_growth(
        construction_investment,
        year=year,
        through_month=through_month,
        value="amount",
        county=county,
    )


def construction_by_source(
    construction_investment: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
) -> pd.Series:
    """分资金来源全口径水利建设投资 (by source of funds), 万元.

    Returns
    -------
    pandas.Series
        Float sums indexed by :data:`CONSTRUCTION_SOURCES` (0.0 for a source without rows).

    Notes
    -----
    investment[source] = Σ ``amount`` of that source over the period.

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2023] * 2, "month": [2, 5], "county": ["甲县"] * 2,
    ...                   "source": ["中央", "债券"], "amount": [800.0, 1200.0]})
    >>> construction_by_source(t, year=2023).to_dict()
    {'中央': 800.0, '地方': 0.0, '债券': 1200.0, '贷款': 0.0, '社会资本': 0.0, '其他': 0.0}
    """
    rows = select(construction_investment, year=year, through_month=through_month, county=county)
    return sums_by(rows, "source", "amount", CONSTRUCTION_SOURCES).rename("amount")


def construction_by_purpose(
    construction_investment: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
) -> pd.Series:
    """分工程类别全口径水利建设投资 (by kind of works), 万元.

    Returns
    -------
    pandas.Series
        Float sums indexed by :data:`CONSTRUCTION_PURPOSES`, then ``未注明`` (rows without a
        kind); they add up to :func:`construction_investment`.

    Notes
    -----
    investment[kind] = Σ ``amount`` of that kind over the period.

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2023] * 2, "month": [2, 5], "county": ["甲县"] * 2,
    ...                   "purpose": ["防洪工程", None], "amount": [800.0, 1200.0]})
    >>> construction_by_purpose(t, year=2023)[["防洪工程", "未注明"]].to_dict()
    {'防洪工程': 800.0, '未注明': 1200.0}
    """
    rows = select(construction_investment, year=year, through_month=through_month, county=county)
    purpose = rows["purpose"].astype(object).where(rows["purpose"].notna(), "未注明")
    return sums_by(
        rows.assign(purpose=purpose), "purpose", "amount", (*CONSTRUCTION_PURPOSES, "未注明")
    ).rename("amount")
