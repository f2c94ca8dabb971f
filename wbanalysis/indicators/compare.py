"""县区比较 (comparing counties and years): indicators side by side, ranked.

:func:`compare` puts the counties of one year (and the whole city) side by side, one column
per indicator and a rank beside it; :func:`compare_years` is one indicator, county × year.
The site's comparison pages (:mod:`wbanalysis.render.compare`) are made from these frames.

>>> import wbanalysis as wb
>>> ds = wb.load()
>>> t = wb.compare(ds, ["funding.total"], year=2023)
>>> float(t.loc["全市", "funding.total"])
3209.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from ..dataset import Dataset
from ..errors import ParameterError
from ..scope import CITY, Scope, county_bureau
from .record import Value

__all__ = ["RANK", "compare", "compare_years", "rank_of", "ranked"]

#: Suffix of a rank column: ``funding.total`` is ranked in ``funding.total#rank``.
RANK = "#rank"


def rank_of(values: pd.Series) -> pd.Series:
    """Ranks, 1 for the highest; equal values share the best rank (1, 2, 2, 4); NaN unranked.

    >>> rank_of(pd.Series([5.0, 7.0, 5.0, float("nan"), 1.0])).tolist()
    [2.0, 1.0, 2.0, nan, 4.0]
    """
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    return numbers.rank(method="min", ascending=False, na_option="keep")


def _number(value: Value | None) -> float:
    if value is None:
        return math.nan
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def _counties(dataset: Dataset, counties: Iterable[str] | None) -> list[str]:
    known = list(dataset.counties)
    if counties is None:
        return known
    chosen = [str(c) for c in counties]
    unknown = [c for c in chosen if c not in known]
    if unknown:
        raise ParameterError("未知的县区：" + "、".join(unknown) + "；可选：" + "、".join(known))
    return chosen


def _keys(keys: str | Sequence[str]) -> list[str]:
    chosen = [keys] if isinstance(keys, str) else list(keys)
    if not chosen:
        raise ParameterError("须给出至少一个指标（keys）")
    return chosen


def compare(
    dataset: Dataset,
    keys: str | Sequence[str],
    *,
    year: object,
    through_month: object = None,
    counties: Iterable[str] | None = None,
) -> pd.DataFrame:
    """县区对比 (the counties side by side) for one year and cut-off month.

    Parameters
    ----------
    dataset : the ledgers (:func:`wbanalysis.load`).
    keys : one indicator key or several (``"funding.total"``; the bureau's own keys too).
    year : the year compared.
    through_month : the cut-off month; ``None`` is the last month of ``year`` with data.
    counties : the counties to compare (default: every county of the 行政区划 ledger).

    Returns
    -------
    pandas.DataFrame
        Indexed by county (named ``county``), the whole city (``"全市"``) last; one float column
        per key (NaN where there is no value) and beside it ``key + "#rank"``: 1 for the
        highest among the counties, ties sharing the best rank, NaN unranked. The 全市 row is
        the city's own value (for an additive indicator the counties' sum, for a rate the
        city's rate) and is never ranked.

    Examples
    --------
    >>> import wbanalysis as wb
    >>> ds = wb.load()
    >>> t = wb.compare(ds, ["funding.total", "funding.arrival_rate"], year=2023)
    >>> int(t["funding.total#rank"].min()), float(t.loc["全市", "funding.total#rank"])
    (1, nan)
    """
    from . import compute_indicators

    chosen = _keys(keys)
    places = _counties(dataset, counties)
    whole = [] if county_bureau(dataset.counties) else [CITY]  # a county bureau: no city
    rows: dict[str, Mapping[str, Value]] = {}
    for place in [*places, *whole]:
        scope = Scope.of(dataset, year=year, county=place, through_month=through_month)
        rows[place] = compute_indicators(dataset, scope, keys=chosen)
    return ranked(rows, chosen)


def ranked(rows: Mapping[str, Mapping[str, Value]], keys: Sequence[str]) -> pd.DataFrame:
    """The frame :func:`compare` returns, from values already computed: ``rows`` maps each
    place (the counties, then ``"全市"``) to its ``{key: value}``; a key a place lacks is NaN.

    >>> t = ranked({"甲县": {"k": 3}, "乙县": {"k": 3}, "全市": {"k": 6}}, ["k"])
    >>> t["k#rank"].tolist()
    [1.0, 1.0, nan]
    """
    table = pd.DataFrame.from_dict(
        {p: {k: _number(v.get(k)) for k in keys} for p, v in rows.items()},
        orient="index",
        columns=list(keys),
        dtype=float,
    )
    counted = table.index != CITY
    # every column at once, as rank_of ranks one (the city is not ranked)
    ranks = table.loc[counted].rank(method="min", ascending=False, na_option="keep")
    ranks = ranks.reindex(table.index).add_suffix(RANK)
    table = pd.concat([table, ranks], axis=1)[[c for k in keys for c in (k, k + RANK)]]
    table.index.name = "county"
    return table


def compare_years(
    dataset: Dataset,
    key: str,
    *,
    years: Iterable[object] | None = None,
    counties: Iterable[str] | None = None,
) -> pd.DataFrame:
    """一个指标的历年对比 (one indicator across years): county × year.

    Each year is taken through its last month with data (a year still running is the months
    it has so far). Rows are the counties then ``"全市"``, columns the years (default: every
    year of the ledgers), values floats (NaN: no value).

    >>> import wbanalysis as wb
    >>> ds = wb.load()
    >>> t = wb.compare_years(ds, "funding.total", years=[2022, 2023])
    >>> list(t.columns), float(t.loc["全市", 2023])
    ([2022, 2023], 3209.0)
    """
    chosen = list(dataset.years) if years is None else list(years)
    columns = {}
    for year in chosen:
        table = compare(dataset, [key], year=year, counties=counties)
        columns[int(year)] = table[key]  # type: ignore[call-overload]
    frame = pd.DataFrame(columns)
    frame.index.name = "county"
    frame.columns.name = "year"
    return frame
