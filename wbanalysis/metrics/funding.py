"""资金争取 (funds secured): funds by level, programme and channel, and the arrival rate.

Every function takes the 资金台账 (``funding``) table: one row per allocation, placed in time by
its ``year`` and ``month``; amounts in 万元.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..schema import VOCABULARIES
from ._common import check_choice, rate, rates, select, sums_by, total

if TYPE_CHECKING:  # pragma: no cover
    from ..scope import Selection

__all__ = [
    "FUNDING_LEVELS",
    "FUNDING_CHANNELS",
    "UNSPECIFIED_CHANNEL",
    "funds_by_channel",
    "funds_secured",
    "funds_arrived",
    "funds_by_level",
    "funds_by_programme",
    "programmes_by_level",
    "channel_arrivals",
    "arrival_rate",
]

#: Funding levels in report order: 中央, 省级, 市本级, 县级.
FUNDING_LEVELS: tuple[str, ...] = VOCABULARIES["funding_level"]

#: 筹资渠道 in report order: 一般公共预算, 中央预算内投资, 增发国债, 超长期特别国债, 专项债…
FUNDING_CHANNELS: tuple[str, ...] = VOCABULARIES["funding_channel"]

#: Where :func:`funds_by_channel` puts the allocations whose channel is not filled in.
UNSPECIFIED_CHANNEL = "未注明"


def _rows(
    funding: pd.DataFrame, year: int, through_month: int, county: str | None, level: str | None
) -> pd.DataFrame:
    rows = select(funding, year=year, through_month=through_month, county=county)
    if level is not None:
        check_choice("level", level, FUNDING_LEVELS)
        rows = rows[rows["level"] == level]
    return rows


def funds_secured(
    funding: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    level: str | None = None,
) -> float:
    """争取资金 (funds secured), 万元.

    Parameters
    ----------
    funding : the 资金台账 table.
    year, through_month : the period, months 1..``through_month`` of ``year``.
    county : a county, or ``None`` / ``"全市"`` for the whole city.
    level : one of 中央, 省级, 市本级, 县级; ``None`` for all levels.

    Returns
    -------
    float
        0.0 when no allocation falls in the period.

    Notes
    -----
    secured = Σ ``secured`` over the rows of the period (and level, county).

    Examples
    --------
    >>> f = pd.DataFrame({"year": [2023, 2023, 2023], "month": [3, 9, 11],
    ...                   "county": ["甲县", "乙县", "甲县"], "level": ["中央", "省级", "中央"],
    ...                   "secured": [100.0, 50.0, 7.0], "arrived": [80.0, 50.0, 0.0]})
    >>> funds_secured(f, year=2023, through_month=10)
    150.0
    >>> funds_secured(f, year=2023, level="中央")
    107.0
    """
    return total(_rows(funding, year, through_month, county, level)["secured"])


def funds_arrived(
    funding: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    level: str | None = None,
) -> float:
    """到位资金 (funds arrived), 万元.

    Notes
    -----
    arrived = Σ ``arrived`` over the allocations of the period (placed by the month they were
    secured), so it can be compared with :func:`funds_secured`.

    Examples
    --------
    >>> f = pd.DataFrame({"year": [2023, 2023], "month": [3, 9], "county": ["甲县", "乙县"],
    ...                   "level": ["中央", "省级"], "secured": [100.0, 50.0],
    ...                   "arrived": [80.0, 50.0]})
    >>> funds_arrived(f, year=2023, county="甲县")
    80.0
    """
    return total(_rows(funding, year, through_month, county, level)["arrived"])


def funds_by_level(
    funding: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    value: str = "secured",
) -> pd.Series:
    """分级资金 (funds by level), 万元: 中央, 省级, 市本级, 县级.

    Parameters
    ----------
    value : ``"secured"`` (争取) or ``"arrived"`` (到位).

    Returns
    -------
    pandas.Series
        Float sums indexed by the four levels in report order (0.0 for a level without funds).

    Notes
    -----
    funds[level] = Σ ``value`` over the rows of the period with that level.

    Examples
    --------
    >>> f = pd.DataFrame({"year": [2023, 2023, 2023], "month": [3, 4, 5],
    ...                   "county": ["甲县"] * 3, "level": ["中央", "中央", "市本级"],
    ...                   "secured": [1554.2, 96.0, 1122.8], "arrived": [0.0, 0.0, 0.0]})
    >>> funds_by_level(f, year=2023).round(2).to_dict()
    {'中央': 1650.2, '省级': 0.0, '市本级': 1122.8, '县级': 0.0}
    """
    check_choice("value", value, ("secured", "arrived"))
    rows = select(funding, year=year, through_month=through_month, county=county)
    out = sums_by(rows, "level", value, FUNDING_LEVELS)
    out.name = value
    return out


def funds_by_programme(
    funding: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.DataFrame:
    """分渠道资金 (funds by programme), 万元, with each programme's arrival rate.

    Returns
    -------
    pandas.DataFrame
        Columns ``level``, ``programme``, ``secured``, ``arrived``, ``arrival_rate``; one row per
        (level, programme) of the period, levels in report order, larger programmes first.

    Notes
    -----
    arrival_rate = arrived / secured × 100 (NaN when nothing was secured).

    Examples
    --------
    >>> f = pd.DataFrame({"year": [2023] * 3, "month": [3, 4, 5], "county": ["甲县"] * 3,
    ...                   "level": ["中央", "中央", "省级"],
    ...                   "programme": ["水利发展资金", "水利救灾资金", "水利发展资金"],
    ...                   "secured": [100.0, 20.0, 60.0], "arrived": [50.0, 20.0, 60.0]})
    >>> t = funds_by_programme(f, year=2023)
    >>> t[["level", "programme", "arrival_rate"]].values.tolist()
    [['中央', '水利发展资金', 50.0], ['中央', '水利救灾资金', 100.0], ['省级', '水利发展资金', 100.0]]
    """
    rows = select(funding, year=year, through_month=through_month, county=county)
    columns = ["level", "programme", "secured", "arrived", "arrival_rate"]
    if rows.empty:
        return pd.DataFrame(
            {
                c: pd.Series(dtype="float64" if c not in ("level", "programme") else object)
                for c in columns
            }
        )
    keys = [rows["level"].astype(object), rows["programme"].astype(object).fillna("")]
    grouped = (
        rows[["secured", "arrived"]].astype("float64").groupby([k.to_numpy() for k in keys]).sum()
    )
    grouped.index = grouped.index.set_names(["level", "programme"])
    out = grouped.reset_index()
    order = {level: i for i, level in enumerate(FUNDING_LEVELS)}
    out["_order"] = out["level"].map(order)
    out = out.sort_values(["_order", "secured"], ascending=[True, False], kind="stable")
    out["arrival_rate"] = rates(out["arrived"], out["secured"])
    return out[columns].reset_index(drop=True)


def arrival_rate(
    funding: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    level: str | None = None,
) -> float:
    """资金到位率 (funds arrival rate), %.

    Notes
    -----
    arrival rate = Σ arrived / Σ secured × 100 over the period's allocations; NaN when nothing
    was secured. Not capped.

    Examples
    --------
    >>> f = pd.DataFrame({"year": [2023, 2023], "month": [3, 9], "county": ["甲县", "乙县"],
    ...                   "level": ["中央", "省级"], "secured": [100.0, 60.0],
    ...                   "arrived": [80.0, 40.0]})
    >>> arrival_rate(f, year=2023)
    75.0
    >>> arrival_rate(f, year=2022)
    nan
    """
    rows = _rows(funding, year, through_month, county, level)
    return rate(total(rows["arrived"]), total(rows["secured"]))


def funds_by_channel(
    funding: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    value: str = "secured",
) -> pd.Series:
    """分渠道资金 (funds by channel: 一般公共预算, 增发国债, 专项债, 贷款…), 万元.

    Parameters
    ----------
    value : ``"secured"`` (争取) or ``"arrived"`` (到位).

    Returns
    -------
    pandas.Series
        Float sums indexed by :data:`FUNDING_CHANNELS` in report order, then
        :data:`UNSPECIFIED_CHANNEL` (未注明) for the allocations without a channel; they add
        up to :func:`funds_secured`.

    Notes
    -----
    funds[channel] = Σ ``value`` over the rows of the period with that ``channel``; the channel
    is independent of the level (a 中央 allocation may come from 增发国债).

    Examples
    --------
    >>> f = pd.DataFrame({"year": [2023] * 3, "month": [3, 4, 5], "county": ["甲县"] * 3,
    ...                   "level": ["中央", "省级", "市本级"], "secured": [500.0, 244.0, 30.0],
    ...                   "arrived": [0.0] * 3, "channel": ["增发国债", "一般债", None]})
    >>> s = funds_by_channel(f, year=2023)
    >>> s[s > 0].to_dict()
    {'增发国债': 500.0, '一般债': 244.0, '未注明': 30.0}
    """
    check_choice("value", value, ("secured", "arrived"))
    rows = select(funding, year=year, through_month=through_month, county=county)
    channel = rows["channel"].astype(object).where(rows["channel"].notna(), UNSPECIFIED_CHANNEL)
    out = sums_by(
        rows.assign(channel=channel), "channel", value, (*FUNDING_CHANNELS, UNSPECIFIED_CHANNEL)
    )
    out.name = value
    return out


def programmes_by_level(
    funding: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> dict[str, dict[str, float]]:
    """Funds secured by level, then programme (万元): ``{"中央": {"水利发展资金": 1554.2, …}}``,
    in :func:`funds_by_programme` order (the ``programmes`` of the funding paragraph).

    >>> f = pd.DataFrame({"year": [2023] * 3, "month": [3, 4, 5], "county": ["甲县"] * 3,
    ...                   "level": ["中央", "中央", "省级"],
    ...                   "programme": ["水利发展资金", "水利救灾资金", "水利发展资金"],
    ...                   "secured": [100.0, 20.0, 60.0], "arrived": [50.0, 20.0, 60.0]})
    >>> programmes_by_level(f, year=2023)
    {'中央': {'水利发展资金': 100.0, '水利救灾资金': 20.0}, '省级': {'水利发展资金': 60.0}}
    """
    table = funds_by_programme(funding, year=year, through_month=through_month, county=county)
    return {
        level: dict(zip(group["programme"], group["secured"], strict=True))
        for level, group in table.groupby("level", sort=False)
    }


def channel_arrivals(
    funding: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.DataFrame:
    """分筹资渠道资金: ``channel``, ``secured``, ``arrived``, ``arrival_rate`` (%) of the channels
    that secured anything, in :func:`funds_by_channel` order.

    >>> f = pd.DataFrame({"year": [2023] * 2, "month": [3, 4], "county": ["甲县"] * 2,
    ...                   "level": ["中央", "省级"], "channel": ["一般公共预算", "专项债"],
    ...                   "secured": [100.0, 40.0], "arrived": [50.0, 40.0]})
    >>> channel_arrivals(f, year=2023).values.tolist()
    [['一般公共预算', 100.0, 50.0, 50.0], ['专项债', 40.0, 40.0, 100.0]]
    """
    selection: Selection = {"year": year, "through_month": through_month, "county": county}
    secured = funds_by_channel(funding, **selection)
    arrived = funds_by_channel(funding, **selection, value="arrived")
    shown = pd.DataFrame(
        {"channel": secured.index, "secured": secured.to_numpy(), "arrived": arrived.to_numpy()}
    )
    shown = shown[shown["secured"] > 0]
    shown["arrival_rate"] = shown["arrived"] / shown["secured"] * 100
    return shown
