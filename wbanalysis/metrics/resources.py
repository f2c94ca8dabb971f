"""水资源与水土保持 (water resources and soil conservation): fees, inspections, plans, 三条红线.

Tables: ``fees`` (规费征收, monthly, 万元), ``inspections`` (监督检查, dated, with a ``count``),
``soil_plans`` (水土保持方案, by approval date), ``water_use`` and ``economy`` (annual, by county:
用水总量 in 万m³, GDP and industrial value added in 万元 at comparable prices).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..dataset import for_county
from ..errors import ParameterError
from ..schema import VOCABULARIES
from ._common import check_choice, counts_by, ratio, select, sums_by, total

__all__ = [
    "FEE_TYPES",
    "INSPECTION_TYPES",
    "SOIL_PLAN_TYPES",
    "fees_collected",
    "assessed_water_use",
    "fees_by_month",
    "inspection_count",
    "inspections_by_type",
    "soil_plans_approved",
    "soil_plans_by_type",
    "WaterEfficiency",
    "water_efficiency",
    "water_use_per_gdp",
    "water_use_per_industrial",
    "IntensityDecline",
    "intensity_decline",
]

#: Fee types: 水资源费, 水土保持补偿费.
FEE_TYPES: tuple[str, ...] = VOCABULARIES["fee_type"]
#: Inspection types: 取水计量设施整改, 地下取水井排查, 取水许可审查.
INSPECTION_TYPES: tuple[str, ...] = VOCABULARIES["inspection_type"]
#: Soil-conservation plan types: 报告书, 报告表.
SOIL_PLAN_TYPES: tuple[str, ...] = VOCABULARIES["soil_plan_type"]


def fees_collected(
    fees: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    fee_type: str | None = None,
) -> float:
    """规费入库金额 (fees collected), 万元: 水资源费 or 水土保持补偿费.

    Notes
    -----
    collected = Σ ``amount`` of the fee type over months 1..through_month of ``year``.

    Examples
    --------
    >>> f = pd.DataFrame({"year": [2023] * 3, "month": [2, 5, 11], "county": ["甲县"] * 3,
    ...                   "fee_type": ["水资源费", "水土保持补偿费", "水资源费"],
    ...                   "amount": [6219.38, 145.1, 10.0]})
    >>> fees_collected(f, year=2023, through_month=10, fee_type="水资源费")
    6219.38
    """
    rows = select(fees, year=year, through_month=through_month, county=county)
    if fee_type is not None:
        check_choice("fee_type", fee_type, FEE_TYPES)
        rows = rows[rows["fee_type"] == fee_type]
    return total(rows["amount"])


def fees_by_month(
    fees: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.DataFrame:
    """逐月规费入库 (fees collected by month and type), 万元.

    Returns
    -------
    pandas.DataFrame
        Indexed by month 1..through_month, one float column per fee type (0.0 when none).

    Notes
    -----
    amount[m, type] = Σ ``amount`` of that type in month m of ``year``.

    Examples
    --------
    >>> f = pd.DataFrame({"year": [2023] * 2, "month": [2, 2], "county": ["甲县"] * 2,
    ...                   "fee_type": ["水资源费", "水资源费"], "amount": [1.5, 2.0]})
    >>> fees_by_month(f, year=2023, through_month=2)["水资源费"].tolist()
    [0.0, 3.5]
    """
    rows = select(fees, year=year, through_month=through_month, county=county)
    keys = [rows["month"].to_numpy(dtype="int64"), rows["fee_type"].to_numpy(dtype=object)]
    sums = rows["amount"].astype("float64").groupby(keys).sum()
    table = sums.unstack() if len(sums) else pd.DataFrame()
    months = pd.RangeIndex(1, int(through_month) + 1, name="month")
    table = table.reindex(index=months, columns=list(FEE_TYPES)).fillna(0.0).astype("float64")
    table.columns.name = "fee_type"
    return table


def inspection_count(
    inspections: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    inspection_type: str,
) -> int:
    """监督检查数量 (inspections: 计量设施整改 / 取水井排查 / 取水许可审查).

    Notes
    -----
    count = Σ ``count`` of the inspection type over rows dated in the period (e.g. metering
    facilities rectified, wells inspected, permits reviewed).

    Examples
    --------
    >>> i = pd.DataFrame({"county": ["甲县", "乙县"], "date": pd.to_datetime(["2023-03-01"] * 2),
    ...                   "inspection_type": ["取水计量设施整改"] * 2, "count": [80, 5]})
    >>> inspection_count(i, year=2023, inspection_type="取水计量设施整改")
    85
    """
    check_choice("inspection_type", inspection_type, INSPECTION_TYPES)
    return int(
        inspections_by_type(inspections, year=year, through_month=through_month, county=county)[
            inspection_type
        ]
    )


def inspections_by_type(
    inspections: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.Series:
    """分类型监督检查数量 (inspections by type).

    Returns
    -------
    pandas.Series
        int64 Σ ``count`` per inspection type, in vocabulary order.

    Notes
    -----
    count[type] = Σ ``count`` over rows of that type dated in months 1..through_month.

    Examples
    --------
    >>> i = pd.DataFrame({"county": ["甲县"], "date": pd.to_datetime(["2023-03-01"]),
    ...                   "inspection_type": ["地下取水井排查"], "count": [74]})
    >>> inspections_by_type(i, year=2023).to_dict()
    {'取水计量设施整改': 0, '地下取水井排查': 74, '取水许可审查': 0}
    """
    rows = select(inspections, year=year, through_month=through_month, county=county, date="date")
    return (
        sums_by(rows, "inspection_type", "count", INSPECTION_TYPES)
        .round()
        .astype("int64")
        .rename("count")
    )


def soil_plans_approved(
    soil_plans: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    plan_type: str | None = None,
) -> int:
    """审批水土保持方案数 (soil-conservation plans approved).

    Notes
    -----
    count of plans with approval_date in the period (of one type: 报告书 or 报告表).

    Examples
    --------
    >>> s = pd.DataFrame({"county": ["甲县"] * 3, "plan_type": ["报告书", "报告表", "报告表"],
    ...                   "approval_date": pd.to_datetime(["2023-01-02", "2023-02-03",
    ...                                                    "2022-02-03"])})
    >>> soil_plans_approved(s, year=2023), soil_plans_approved(s, year=2023, plan_type="报告书")
    (2, 1)
    """
    counts = soil_plans_by_type(soil_plans, year=year, through_month=through_month, county=county)
    if plan_type is None:
        return int(counts.sum())
    check_choice("plan_type", plan_type, SOIL_PLAN_TYPES)
    return int(counts[plan_type])


def soil_plans_by_type(
    soil_plans: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.Series:
    """分类型水土保持方案审批数 (soil-conservation plans approved by type).

    Notes
    -----
    count[type] = plans of that type approved in months 1..through_month of ``year``.

    Examples
    --------
    >>> s = pd.DataFrame({"county": ["甲县"], "plan_type": ["报告书"],
    ...                   "approval_date": pd.to_datetime(["2023-01-02"])})
    >>> soil_plans_by_type(s, year=2023).to_dict()
    {'报告书': 1, '报告表': 0}
    """
    rows = select(
        soil_plans, year=year, through_month=through_month, county=county, date="approval_date"
    )
    return counts_by(rows["plan_type"], SOIL_PLAN_TYPES).rename("plans")


@dataclass(frozen=True)
class WaterEfficiency:
    """三条红线 figures of one year (and county, or the whole city).

    Volumes in 万m³, money in 万元 at the comparable prices named by ``price_basis``;
    intensities in m³/万元. NaN where the ledgers have no row.
    """

    year: int
    total_use: float
    cap: float
    industrial_use: float
    gdp: float
    industrial_value_added: float
    price_basis: str

    @property
    def per_gdp(self) -> float:
        """万元GDP用水量 (m³/万元) = total_use × 10⁴ / gdp."""
        return ratio(self.total_use, self.gdp, scale=1e4)

    @property
    def per_industrial(self) -> float:
        """万元工业增加值用水量 (m³/万元) = industrial_use × 10⁴ / industrial value added."""
        return ratio(self.industrial_use, self.industrial_value_added, scale=1e4)

    @property
    def use_vs_cap(self) -> float:
        """用水总量占控制指标 (%) = total_use / cap × 100."""
        return ratio(self.total_use, self.cap, scale=100.0)


def _annual_sum(rows: pd.DataFrame, column: str) -> float:
    return total(rows[column]) if len(rows) else math.nan


def water_efficiency(
    water_use: pd.DataFrame, economy: pd.DataFrame, *, year: int, county: str | None = None
) -> WaterEfficiency:
    """最严格水资源管理“三条红线” (water use, cap and intensities) of one year.

    Returns
    -------
    WaterEfficiency
        Sums over the county rows of ``year`` (one county, or all for the city); NaN for a
        ledger without rows that year; ``price_basis`` the basis of the GDP figures (several
        joined with "、" when the rows disagree, which makes the sum meaningless).

    Notes
    -----
    per_gdp = total_use[万m³] × 10⁴ / gdp[万元] (m³/万元);
    per_industrial = industrial_use × 10⁴ / industrial_value_added.

    Examples
    --------
    >>> w = pd.DataFrame({"year": [2023, 2023], "county": ["甲县", "乙县"],
    ...                   "total_use": [1.0e4, 0.5e4], "cap": [2.0e4, 1.0e4],
    ...                   "industrial_use": [2000.0, 1000.0]})
    >>> e = pd.DataFrame({"year": [2023, 2023], "county": ["甲县", "乙县"],
    ...                   "gdp": [3.0e6, 2.0e6], "industrial_value_added": [1.0e6, 0.5e6],
    ...                   "price_basis": ["2020年可比价"] * 2})
    >>> r = water_efficiency(w, e, year=2023)
    >>> r.per_gdp, r.per_industrial, r.price_basis
    (30.0, 20.0, '2020年可比价')
    """
    use = for_county(
        water_use[(water_use["year"] == year).to_numpy(dtype=bool, na_value=False)], county
    )
    eco = for_county(
        economy[(economy["year"] == year).to_numpy(dtype=bool, na_value=False)], county
    )
    bases = sorted({str(b) for b in eco["price_basis"].dropna()})
    return WaterEfficiency(
        year=int(year),
        total_use=_annual_sum(use, "total_use"),
        cap=_annual_sum(use, "cap"),
        industrial_use=_annual_sum(use, "industrial_use"),
        gdp=_annual_sum(eco, "gdp"),
        industrial_value_added=_annual_sum(eco, "industrial_value_added"),
        price_basis="、".join(bases),
    )


def water_use_per_gdp(
    water_use: pd.DataFrame, economy: pd.DataFrame, *, year: int, county: str | None = None
) -> float:
    """万元GDP用水量 (water use per 10⁴ yuan of GDP), m³/万元.

    Notes
    -----
    per_gdp = Σ total_use[万m³] × 10⁴ / Σ gdp[万元]; NaN without rows or with a zero GDP.
    The GDP's price basis is in :func:`water_efficiency`.

    Examples
    --------
    >>> w = pd.DataFrame({"year": [2023], "county": ["甲县"], "total_use": [9000.0],
    ...                   "cap": [1.0e4], "industrial_use": [900.0]})
    >>> e = pd.DataFrame({"year": [2023], "county": ["甲县"], "gdp": [3.0e6],
    ...                   "industrial_value_added": [1.0e6], "price_basis": ["2020年可比价"]})
    >>> water_use_per_gdp(w, e, year=2023)
    30.0
    >>> water_use_per_gdp(w, e, year=2022)
    nan
    """
    return water_efficiency(water_use, economy, year=year, county=county).per_gdp


def water_use_per_industrial(
    water_use: pd.DataFrame, economy: pd.DataFrame, *, year: int, county: str | None = None
) -> float:
    """万元工业增加值用水量 (industrial water use per 10⁴ yuan of value added), m³/万元.

    Notes
    -----
    per_industrial = Σ industrial_use[万m³] × 10⁴ / Σ industrial_value_added[万元].

    Examples
    --------
    >>> w = pd.DataFrame({"year": [2023], "county": ["甲县"], "total_use": [9000.0],
    ...                   "cap": [1.0e4], "industrial_use": [900.0]})
    >>> e = pd.DataFrame({"year": [2023], "county": ["甲县"], "gdp": [3.0e6],
    ...                   "industrial_value_added": [1.0e6], "price_basis": ["2020年可比价"]})
    >>> water_use_per_industrial(w, e, year=2023)
    9.0
    """
    return water_efficiency(water_use, economy, year=year, county=county).per_industrial


@dataclass(frozen=True)
class IntensityDecline:
    """Decline of a water-use intensity against a base year, with its price basis."""

    rate: float
    value: float
    base_value: float
    year: int
    base_year: int
    price_basis: str


def intensity_decline(
    water_use: pd.DataFrame,
    economy: pd.DataFrame,
    *,
    year: int,
    base_year: int,
    county: str | None = None,
    measure: str = "gdp",
) -> IntensityDecline:
    """用水强度下降率 (decline of water use per 万元 GDP or industrial value added), %.

    Parameters
    ----------
    base_year : the year compared against (e.g. the start of the five-year plan).
    measure : ``"gdp"`` (万元GDP用水量) or ``"industrial"`` (万元工业增加值用水量).

    Raises
    ------
    ParameterError
        When the two years' GDP are not at the same comparable prices.

    Notes
    -----
    decline = (1 − W_t / W_base) × 100, with W the intensity in m³/万元; NaN when W_base is 0
    or missing. Positive when water use per 万元 fell.

    Examples
    --------
    >>> w = pd.DataFrame({"year": [2020, 2023], "county": ["甲县"] * 2,
    ...                   "total_use": [1.0e4, 0.9e4], "cap": [2.0e4] * 2,
    ...                   "industrial_use": [1.0e3] * 2})
    >>> e = pd.DataFrame({"year": [2020, 2023], "county": ["甲县"] * 2, "gdp": [2.0e6, 2.4e6],
    ...                   "industrial_value_added": [1.0e6] * 2,
    ...                   "price_basis": ["2020年可比价"] * 2})
    >>> d = intensity_decline(w, e, year=2023, base_year=2020)
    >>> round(d.rate, 2), d.value, d.base_value, d.price_basis
    (25.0, 37.5, 50.0, '2020年可比价')
    """
    check_choice("measure", measure, ("gdp", "industrial"))
    now = water_efficiency(water_use, economy, year=year, county=county)
    base = water_efficiency(water_use, economy, year=base_year, county=county)
    if now.price_basis and base.price_basis and now.price_basis != base.price_basis:
        raise ParameterError(
            f"{year}年（{now.price_basis}）与{base_year}年（{base.price_basis}）的经济指标价格基准"
            "不同，不可比；请在《经济指标》中填同一可比价基准的数值"
        )
    value = now.per_gdp if measure == "gdp" else now.per_industrial
    base_value = base.per_gdp if measure == "gdp" else base.per_industrial
    decline = ratio(base_value - value, base_value, scale=100.0)
    return IntensityDecline(
        decline, value, base_value, int(year), int(base_year), now.price_basis or base.price_basis
    )


def assessed_water_use(
    water_use: pd.DataFrame, economy: pd.DataFrame, *, year: int, county: str | None = None
) -> pd.Series:
    """万元GDP用水量 (m³/万元) of every assessed year up to ``year``, oldest first (empty
    without an assessment).

    >>> w = pd.DataFrame({"year": [2022, 2023, 2024], "county": ["甲县"] * 3,
    ...                   "total_use": [9000.0, 6000.0, 1.0], "cap": [1.0e4] * 3,
    ...                   "industrial_use": [900.0] * 3})
    >>> e = pd.DataFrame({"year": [2022, 2023], "county": ["甲县"] * 2, "gdp": [3.0e6] * 2,
    ...                   "industrial_value_added": [1.0e6] * 2, "price_basis": ["2020年可比价"] * 2})
    >>> assessed_water_use(w, e, year=2023).to_dict()
    {2022: 30.0, 2023: 20.0}
    """
    assessed = sorted(y for y in water_use["year"].dropna().unique() if y <= year)
    return pd.Series(
        {
            int(y): water_use_per_gdp(water_use, economy, year=int(y), county=county)
            for y in assessed
        },
        dtype="float64",
    )
