"""工程量与效益 (physical quantities and benefits): km of river, dike, canal and pipe, 土石方,
sluices, pumping stations, wells, irrigation area, farmland, soil erosion controlled, people,
towns, villages and schools served.

``work_quantities`` is the 工程量与效益 ledger: one row per project, month and kind, the
quantity in the kind's unit (:data:`wbanalysis.schema.QUANTITY_UNITS`; the loader converts a
row written in another unit, ``万亩`` or ``公里``), with the ``county`` of its project.
"""

from __future__ import annotations

import math

import pandas as pd

from ..dataset import for_county
from ..schema import QUANTITY_UNITS
from ._common import check_choice, months_by_cutoff, select, sums_by, total

__all__ = [
    "QUANTITY_KINDS",
    "quantity",
    "quantities_by_kind",
    "quantities_by_project",
    "effective_irrigation_area",
]

#: Kinds of quantities in report order.
QUANTITY_KINDS: tuple[str, ...] = tuple(QUANTITY_UNITS)


def _rows(
    work_quantities: pd.DataFrame,
    year: int,
    through_month: int,
    county: str | None,
    cumulative: bool,
) -> pd.DataFrame:
    if not cumulative:
        return select(work_quantities, year=year, through_month=through_month, county=county)
    rows = work_quantities[
        months_by_cutoff(work_quantities, year=year, through_month=through_month)
    ]
    return rows if county is None else rows[rows["county"] == county]


def quantity(
    work_quantities: pd.DataFrame,
    kind: str,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    cumulative: bool = False,
) -> float:
    """完成工程量 (one kind of quantity completed), in the kind's unit.

    Parameters
    ----------
    kind : one of :data:`QUANTITY_KINDS` (河道治理长度, 土石方, 受益人口…).
    cumulative : to the cut-off, all earlier years included (default: within months
        1..through_month of ``year``).

    Notes
    -----
    quantity = Σ ``quantity`` of the rows of that kind in the period.

    Examples
    --------
    >>> q = pd.DataFrame({"project_id": ["A", "A", "B"], "year": [2022, 2023, 2023],
    ...                   "month": [6, 3, 4], "kind": ["堤防长度", "堤防长度", "水闸"],
    ...                   "quantity": [2.5, 1.5, 3.0], "county": ["甲县"] * 3})
    >>> quantity(q, "堤防长度", year=2023), quantity(q, "堤防长度", year=2023, cumulative=True)
    (1.5, 4.0)
    """
    check_choice("kind", kind, QUANTITY_KINDS)
    rows = _rows(work_quantities, year, through_month, county, cumulative)
    return total(rows.loc[(rows["kind"] == kind).to_numpy(dtype=bool), "quantity"])


def quantities_by_kind(
    work_quantities: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    cumulative: bool = False,
) -> pd.Series:
    """分类工程量与效益 (every kind of quantity), each in its unit.

    Returns
    -------
    pandas.Series
        Float sums indexed by :data:`QUANTITY_KINDS` (0.0 for a kind without rows).

    Notes
    -----
    quantity[kind] = Σ ``quantity`` of the rows of that kind in the period (or to the cut-off).

    Examples
    --------
    >>> q = pd.DataFrame({"project_id": ["A", "B"], "year": [2023, 2023], "month": [3, 4],
    ...                   "kind": ["堤防长度", "受益人口"], "quantity": [1.5, 5200.0],
    ...                   "county": ["甲县", "乙县"]})
    >>> s = quantities_by_kind(q, year=2023)
    >>> s[s > 0].to_dict()
    {'堤防长度': 1.5, '受益人口': 5200.0}
    """
    rows = _rows(work_quantities, year, through_month, county, cumulative)
    return sums_by(rows, "kind", "quantity", QUANTITY_KINDS).rename("quantity")


def quantities_by_project(
    work_quantities: pd.DataFrame,
    projects: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
) -> pd.DataFrame:
    """各项目工程量与效益 (quantities per project) in the period.

    Returns
    -------
    pandas.DataFrame
        One row per project with quantities in the period: ``project_id``, ``name``,
        ``category``, then one column per kind that has any (named by the kind, in its unit;
        NaN where the project has none).

    Examples
    --------
    >>> q = pd.DataFrame({"project_id": ["A", "A"], "year": [2023] * 2, "month": [3, 4],
    ...                   "kind": ["堤防长度", "堤防长度"], "quantity": [1.5, 1.0],
    ...                   "county": ["甲县"] * 2})
    >>> p = pd.DataFrame({"project_id": ["A"], "name": ["甲堤"], "category": ["堤防"]})
    >>> quantities_by_project(q, p, year=2023).to_dict("records")
    [{'project_id': 'A', 'name': '甲堤', 'category': '堤防', '堤防长度': 2.5}]
    """
    rows = select(work_quantities, year=year, through_month=through_month, county=county)
    if rows.empty:
        return pd.DataFrame(columns=["project_id", "name", "category"])
    table = rows.pivot_table(index="project_id", columns="kind", values="quantity", aggfunc="sum")
    kinds = [k for k in QUANTITY_KINDS if k in table.columns]
    table = table[kinds].reset_index()
    table.columns.name = None
    info = projects.drop_duplicates("project_id").set_index("project_id")
    table.insert(1, "name", table["project_id"].map(info["name"]).to_numpy(dtype=object))
    table.insert(2, "category", table["project_id"].map(info["category"]).to_numpy(dtype=object))
    return table


def effective_irrigation_area(
    county_statistics: pd.DataFrame, *, year: int, county: str | None = None
) -> float:
    """有效灌溉面积 (effective irrigated area at the end of ``year``), 亩.

    Notes
    -----
    Σ effective_irrigation_area of the year's 县区年度统计 rows of the county (the whole
    city: of every county); NaN when the year has no row or no area.

    Examples
    --------
    >>> c = pd.DataFrame({"year": [2023, 2023], "county": ["甲县", "乙县"],
    ...                   "effective_irrigation_area": [185000.0, 92000.0]})
    >>> effective_irrigation_area(c, year=2023), effective_irrigation_area(c, year=2022)
    (277000.0, nan)
    """
    rows = for_county(county_statistics, county)
    rows = rows[(rows["year"] == year).to_numpy(dtype=bool, na_value=False)]
    area = rows["effective_irrigation_area"]
    return total(area) if area.notna().any() else math.nan
