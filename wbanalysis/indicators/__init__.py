"""指标 (indicators): the catalogue of the summary's figures, computed for one Scope.

- :mod:`.record`: one :class:`Indicator` record per figure — key, Chinese name, unit, display,
  compute, the optional columns it needs, its 口径 and the words a summary names it by;
- :mod:`.catalogue`: the built-in indicators, one entry each, in report order;
- :mod:`.selection`: each ledger selected once per scope, shared intermediate results;
- :mod:`.cite`: the indicators a 文字材料 text cites (``{funding.total}``) written in;
- :mod:`.local`: a bureau's own indicators (its 指标定义 records, parsed by
  :mod:`wbanalysis.io.definitions`), compiled and computed.

:func:`compute_indicators` computes the catalogue — and the dataset's own definitions after
it — for one (year, county, through_month); :func:`indicator_table` adds the Chinese names
and the bureau-style display; :func:`catalogue_of` is the catalogue of one dataset.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from ..dataset import Dataset, ledgers_behind
from ..errors import ParameterError
from ..scope import Scope
from .catalogue import CATALOGUE, explanations
from .cite import cite
from .local import LOCAL_SECTION, compile_definitions
from .record import KINDS, Explanation, Indicator, Naming, Value
from .selection import Selection

__all__ = [
    "Indicator",
    "Explanation",
    "Naming",
    "Selection",
    "CATALOGUE",
    "KINDS",
    "LOCAL_SECTION",
    "catalogue_of",
    "cite",
    "compute_indicators",
    "evaluate",
    "explanations",
    "indicator_table",
    "resolve_scope",
]


def catalogue_of(dataset: Dataset) -> dict[str, Indicator]:
    """The built-in catalogue, then the indicators ``dataset``'s 指标定义 defines (its
    records compiled once per dataset; a :class:`~wbanalysis.errors.DataError` naming the row
    when one takes a built-in key or a ratio's part is defined nowhere).

    >>> from wbanalysis.dataset import Dataset
    >>> list(catalogue_of(Dataset({}))) == list(CATALOGUE)
    True
    """
    own = getattr(dataset, "definitions", ())
    if not own:
        return CATALOGUE
    memo = vars(dataset)  # compiled once per dataset (a ratio asks again for its parts)
    cached = memo.get("_catalogue")
    if cached is None or cached[0] is not own:
        cached = (own, {**CATALOGUE, **{ind.key: ind for ind in compile_definitions(own)}})
        memo["_catalogue"] = cached
    return cached[1]


def _keys(keys: Iterable[str] | None, catalogue: dict[str, Indicator]) -> list[str]:
    if keys is None:
        return list(catalogue)
    keys = list(keys)
    unknown = [k for k in keys if k not in catalogue]
    if unknown:
        raise ParameterError(
            "未知的指标：" + "、".join(unknown) + "；可选：" + "、".join(catalogue)
        )
    return keys


def resolve_scope(
    dataset: Dataset,
    scope: Scope | None,
    *,
    year: object = None,
    county: object = None,
    through_month: object = None,
) -> Scope:
    """``scope`` itself, or the Scope of (``year``, ``county``, ``through_month``) checked once.

    The public functions accept either a :class:`Scope` or its three parts, as an analyst
    types them; both mean the same (``through_month=None``: the last month with data).
    """
    if scope is not None:
        if not isinstance(scope, Scope):
            raise ParameterError(f"scope 须为 Scope，收到 {type(scope).__name__}")
        return scope
    if year is None:
        raise ParameterError("须给出年度（year）或 Scope")
    return Scope.of(dataset, year=year, county=county, through_month=through_month)


def compute_indicators(
    dataset: Dataset,
    scope: Scope | None = None,
    *,
    year: object = None,
    county: object = None,
    through_month: object = None,
    keys: Iterable[str] | None = None,
) -> dict[str, Value]:
    """计算指标 (compute the catalogue) for one year, county and cut-off month.

    Parameters
    ----------
    dataset : the ledgers.
    scope : the report's :class:`Scope`; or give its parts:
    year : the year reported on.
    county : a county of the 行政区划 ledger, or ``None`` / ``"全市"`` for the whole city.
    through_month : the cut-off month (1－n月); ``None`` (the default) is the last month of
        ``year`` with data, as in the command line and the notebooks.
    keys : compute only these keys (default: the whole catalogue).

    Returns
    -------
    dict
        ``{key: value}`` in catalogue order, then the dataset's own indicators (its 指标定义);
        counts are ints, sums and rates floats, unrounded; NaN where a rate has a zero
        denominator or an annual ledger has no row, and NaN (never 0) for every indicator that
        reads a ledger the dataset lacks (``dataset.missing``) or needs an optional column a
        ledger was given without (``dataset.absent``, :attr:`Indicator.columns`).

    Raises
    ------
    ParameterError
        For a county or year the data does not know, or a month outside 1..12 (in Chinese).

    Examples
    --------
    >>> from wbanalysis.dataset import Dataset
    >>> ds = Dataset({
    ...     "counties": pd.DataFrame({"county": ["甲县"], "code": [None], "city": ["某市"]}),
    ...     "funding": pd.DataFrame({"record_id": ["F1"], "year": [2023], "month": [3],
    ...         "county": ["甲县"], "level": ["中央"], "programme": ["水利发展资金"],
    ...         "secured": [1650.2], "arrived": [825.1], "project_id": [None]})})
    >>> values = compute_indicators(ds, year=2023, through_month=3)
    >>> values["funding.central"], values["funding.arrival_rate"], values["rivers.chiefs"]
    (1650.2, 50.0, nan)

    No 河湖长名录 was given: the number of river chiefs is unknown, not 0.
    """
    scope = resolve_scope(dataset, scope, year=year, county=county, through_month=through_month)
    return evaluate(dataset, scope, keys)[0]


def evaluate(
    dataset: Dataset, scope: Scope, keys: Iterable[str] | None = None
) -> tuple[dict[str, Value], dict[str, frozenset[str]]]:
    """The values of :func:`compute_indicators` for ``scope``, and the ledgers each indicator
    read (shared intermediate results included)."""
    catalogue = catalogue_of(dataset)
    selection = Selection(dataset, scope)
    missing = set(dataset.missing)
    absent: frozenset[str] = getattr(dataset, "absent", frozenset())
    unavailable: frozenset[str] = getattr(dataset, "unavailable", frozenset())
    values: dict[str, Value] = {}
    read: dict[str, frozenset[str]] = {}
    for key in _keys(keys, catalogue):
        indicator = catalogue[key]
        with selection.recording() as reads:
            value = indicator.compute(selection)
        if (
            (missing and ledgers_behind(reads) & missing)
            or absent.intersection(indicator.columns)
            or unavailable.intersection(reads)  # no monitoring data: no value, never 0
        ):
            value = math.nan
        values[key] = value
        read[key] = frozenset(reads)
    return values, read


def indicator_table(
    dataset: Dataset,
    scope: Scope | None = None,
    *,
    year: object = None,
    county: object = None,
    through_month: object = None,
    keys: Iterable[str] | None = None,
) -> pd.DataFrame:
    """指标表 (the catalogue as a table): key, Chinese name, unit, value and display.

    Takes the same arguments as :func:`compute_indicators`.

    Returns
    -------
    pandas.DataFrame
        Columns ``key``, ``name``, ``unit``, ``value`` (unrounded; ints for counts) and
        ``display`` (the bureau's style: ``3209万元``, ``同比增27.65%``, ``—`` for NaN), in
        catalogue order, the dataset's own indicators last.

    Examples
    --------
    >>> from wbanalysis.dataset import Dataset
    >>> ds = Dataset({
    ...     "counties": pd.DataFrame({"county": ["甲县"], "code": [None], "city": ["某市"]}),
    ...     "fixed_asset_investment": pd.DataFrame({"year": [2022, 2023], "month": [5, 5],
    ...         "county": ["甲县", "甲县"], "amount": [93774.0, 119700.0]})})
    >>> t = indicator_table(ds, year=2023).set_index("key")
    >>> t.loc["investment.fixed_asset", "display"], t.loc["investment.fixed_asset_yoy", "display"]
    ('11.97亿元', '同比增27.65%')
    >>> t.loc["funding.arrival_rate", "display"]
    '—'
    """
    values = compute_indicators(
        dataset, scope, year=year, county=county, through_month=through_month, keys=keys
    )
    catalogue = catalogue_of(dataset)
    return pd.DataFrame(
        {
            "key": list(values),
            "name": [catalogue[k].name for k in values],
            "unit": [catalogue[k].unit for k in values],
            "value": pd.Series(list(values.values()), dtype=object),
            "display": [catalogue[k].display(v) for k, v in values.items()],
        }
    )
