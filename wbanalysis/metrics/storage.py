"""冬春蓄水 (winter–spring storage) against its target, per reservoir, county and city.

``storage`` is the 冬春蓄水 ledger with the ``year`` its season belongs to (``2022－2023年冬春``
→ 2023) and the ``county`` of its reservoir, both added by :class:`~wbanalysis.Dataset`;
volumes in 万m³. A season is a whole: ``through_month`` does not apply.
"""

from __future__ import annotations

import pandas as pd

from ..dataset import for_county
from ..scope import CITY
from ._common import rate, rates, total

__all__ = [
    "storage_totals",
    "storage_by_reservoir",
    "storage_by_county",
    "storage_by_place",
    "storage_shortfalls",
]

_COLUMNS = ["target", "actual", "surplus", "completion_rate"]


def _of_year(storage: pd.DataFrame, year: int) -> pd.DataFrame:
    return storage[(storage["year"] == year).to_numpy(dtype=bool, na_value=False)]


def _finish(table: pd.DataFrame) -> pd.DataFrame:
    table = table.copy()
    table["surplus"] = table["actual"] - table["target"]
    table["completion_rate"] = rates(table["actual"], table["target"])
    return table


def storage_totals(storage: pd.DataFrame, *, year: int, county: str | None = None) -> pd.Series:
    """蓄水任务完成情况 (storage vs target), 万m³ and %.

    Returns
    -------
    pandas.Series
        ``target``, ``actual``, ``surplus`` (超出; negative for a shortfall) and
        ``completion_rate``; 0.0 volumes and a NaN rate when the year has no rows.

    Notes
    -----
    surplus = Σ actual − Σ target; completion_rate = Σ actual / Σ target × 100 (NaN when the
    target is 0; not capped).

    Examples
    --------
    >>> s = pd.DataFrame({"reservoir_id": ["R1", "R2"], "county": ["甲县", "乙县"],
    ...                   "year": [2023, 2023], "target": [6000.0, 415.36],
    ...                   "actual": [6300.0, 336.0]})
    >>> storage_totals(s, year=2023).round(2).to_dict()
    {'target': 6415.36, 'actual': 6636.0, 'surplus': 220.64, 'completion_rate': 103.44}
    """
    rows = for_county(_of_year(storage, year), county)
    target, actual = total(rows["target"]), total(rows["actual"])
    return pd.Series(
        [target, actual, actual - target, rate(actual, target)],
        index=_COLUMNS,
        dtype="float64",
        name=year,
    )


def storage_by_reservoir(
    storage: pd.DataFrame,
    *,
    year: int,
    county: str | None = None,
    reservoirs: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """各水库蓄水情况 (storage vs target per reservoir).

    Parameters
    ----------
    reservoirs : the 水库名录; when given, ``name`` and ``scale`` are added.

    Returns
    -------
    pandas.DataFrame
        One row per reservoir with rows in ``year``: ``reservoir_id``, ``county``, ``target``,
        ``actual``, ``surplus``, ``completion_rate``; largest shortfall first.

    Notes
    -----
    surplus = actual − target; completion_rate = actual / target × 100 (NaN for a zero target).

    Examples
    --------
    >>> s = pd.DataFrame({"reservoir_id": ["R1", "R2"], "county": ["甲县", "乙县"],
    ...                   "year": [2023, 2023], "target": [100.0, 50.0],
    ...                   "actual": [120.0, 40.0]})
    >>> storage_by_reservoir(s, year=2023)[["reservoir_id", "surplus"]].values.tolist()
    [['R2', -10.0], ['R1', 20.0]]
    """
    rows = for_county(_of_year(storage, year), county)
    grouped = (
        rows[["target", "actual"]]
        .astype("float64")
        .groupby(
            [rows["reservoir_id"].to_numpy(dtype=object), rows["county"].to_numpy(dtype=object)]
        )
        .sum()
    )
    grouped.index = grouped.index.set_names(["reservoir_id", "county"])
    out = _finish(grouped.reset_index())
    if reservoirs is not None:
        info = reservoirs.drop_duplicates("reservoir_id").set_index("reservoir_id")
        out.insert(1, "name", out["reservoir_id"].map(info["name"]).to_numpy(dtype=object))
        out.insert(3, "scale", out["reservoir_id"].map(info["scale"]).to_numpy(dtype=object))
    return out.sort_values("surplus", kind="stable").reset_index(drop=True)


def storage_by_county(
    storage: pd.DataFrame, *, year: int, counties: list[str] | None = None
) -> pd.DataFrame:
    """分县区蓄水情况 (storage vs target per county), with a 全市 total row.

    Parameters
    ----------
    counties : counties to list, in this order (0 for a county without rows); default the
        counties present in the year's rows.

    Returns
    -------
    pandas.DataFrame
        Indexed by county then ``"全市"``; columns ``target``, ``actual``, ``surplus``,
        ``completion_rate``.

    Notes
    -----
    Per county as in :func:`storage_totals`; the 全市 row sums the counties listed.

    Examples
    --------
    >>> s = pd.DataFrame({"reservoir_id": ["R1", "R2"], "county": ["甲县", "乙县"],
    ...                   "year": [2023, 2023], "target": [100.0, 50.0],
    ...                   "actual": [120.0, 40.0]})
    >>> storage_by_county(s, year=2023, counties=["甲县", "乙县"])["surplus"].to_dict()
    {'甲县': 20.0, '乙县': -10.0, '全市': 10.0}
    """
    rows = _of_year(storage, year)
    sums = (
        rows[["target", "actual"]]
        .astype("float64")
        .groupby(rows["county"].to_numpy(dtype=object))
        .sum()
    )
    if counties is None:
        counties = [str(c) for c in sums.index]
    sums = sums.reindex(counties, fill_value=0.0)
    sums.loc[CITY] = sums.sum()
    sums.index.name = "county"
    return _finish(sums)[_COLUMNS]


def storage_by_place(
    storage: pd.DataFrame,
    *,
    year: int,
    county: str | None = None,
    counties: list[str] | None = None,
    reservoirs: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """蓄水情况 as a report of ``county`` lists it: the city's per county (without the 全市
    row, :func:`storage_by_county`), a county's per reservoir indexed by ``name``
    (:func:`storage_by_reservoir`).

    Examples
    --------
    >>> s = pd.DataFrame({"reservoir_id": ["R1", "R2"], "county": ["甲县", "乙县"],
    ...                   "year": [2023, 2023], "target": [100.0, 50.0],
    ...                   "actual": [120.0, 40.0]})
    >>> storage_by_place(s, year=2023, counties=["甲县", "乙县"])["surplus"].to_dict()
    {'甲县': 20.0, '乙县': -10.0}
    >>> r = pd.DataFrame({"reservoir_id": ["R1"], "name": ["甲水库"], "scale": ["小(1)型"]})
    >>> storage_by_place(s, year=2023, county="甲县", reservoirs=r)["surplus"].to_dict()
    {'甲水库': 20.0}
    """
    if county is None:
        return storage_by_county(storage, year=year, counties=counties).drop(index=CITY)
    return storage_by_reservoir(storage, year=year, county=county, reservoirs=reservoirs).set_index(
        "name"
    )


def storage_shortfalls(table: pd.DataFrame) -> pd.Series:
    """未完成蓄水任务: the shortfall (surplus < 0, 万m³) of each row of a storage table.

    >>> t = pd.DataFrame({"surplus": [20.0, -10.0, 0.0]}, index=["甲县", "乙县", "丙县"])
    >>> storage_shortfalls(t).to_dict()
    {'乙县': -10.0}
    """
    return table.loc[table["surplus"] < 0, "surplus"]
