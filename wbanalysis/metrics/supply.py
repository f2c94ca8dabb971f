"""农村供水 (rural water supply): the 农村供水专项 programme and the rural water works.

Tables: ``projects`` and ``project_progress`` for the programme (category 农村供水);
``rural_water_works`` (农村供水工程, the roster with its pricing) and ``rural_water_fees``
(农村水费, billed and collected per work and month, in 元, with the work's ``county``);
``county_statistics`` (县区年度统计) for the rural population, the denominator of
农村自来水普及率 and 规模化供水工程覆盖农村人口比例.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..dataset import for_county
from ..scope import CITY
from ._common import known_total, rate, rates, select, total
from .investment import project_investment

__all__ = [
    "RURAL_SUPPLY_CATEGORY",
    "CONCENTRATED_WORK_TYPES",
    "DISPERSED_WORK_TYPES",
    "LARGE_SCALE_WORK_TYPES",
    "population_served",
    "rural_population",
    "tap_water_coverage",
    "large_scale_coverage",
    "ProgrammeProgress",
    "rural_supply_programme",
    "rural_water_works_count",
    "pricing_coverage",
    "fee_collection_by_year",
    "fee_totals",
    "fee_collection_rate",
    "fee_collection_by_work",
    "works_by_kind",
    "rural_water_by_county",
]

#: Kinds of rural water works serving through a pipe network (集中供水工程).
CONCENTRATED_WORK_TYPES = ("规模化供水", "小型集中供水")
#: The others (分散供水工程).
DISPERSED_WORK_TYPES = ("分散供水",)
#: Large works (规模化供水工程, 千吨万人: ≥ 1000 m³/d or ≥ 10,000 people).
LARGE_SCALE_WORK_TYPES = ("规模化供水",)

#: Project category of the rural water-supply programme.
RURAL_SUPPLY_CATEGORY = "农村供水"


@dataclass(frozen=True)
class ProgrammeProgress:
    """Progress of a programme of (leaf) projects at a cut-off; money in 万元, pipe in km."""

    subprojects: int
    total_investment: float
    completed_cumulative: float
    completed_year: float
    pipeline_km: float

    @property
    def completion_rate(self) -> float:
        """投资完成率 (%) = completed_cumulative / total_investment × 100 (NaN for a 0 total)."""
        return rate(self.completed_cumulative, self.total_investment)


def rural_supply_programme(
    projects: pd.DataFrame,
    project_progress: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    category: str = RURAL_SUPPLY_CATEGORY,
) -> ProgrammeProgress:
    """农村供水专项 (rural water-supply programme): sub-projects, investment, pipe laid.

    Returns
    -------
    ProgrammeProgress
        ``subprojects`` (leaf projects of the category), ``total_investment``,
        ``completed_cumulative`` (to the cut-off, all earlier years included),
        ``completed_year`` (months 1..through_month of ``year``), ``pipeline_km``
        (cumulative to the cut-off) and the ``completion_rate`` property.

    Notes
    -----
    Over the leaf projects (no other project's parent) of the category and the umbrellas'
    own parts (本级, :func:`~wbanalysis.metrics.investment.investment_units`), so every amount
    entered counts once: total = Σ total_investment (NaN — "—" — when a sub-project's 总投资 is
    待定: unknown, never 0); subprojects counts the leaves; completed_cumulative = Σ investment
    with (year, month) ≤
    (year, through_month); completion_rate = completed_cumulative / total × 100.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["P", "P1", "P2"], "name": ["专项", "水厂", "管网"],
    ...                   "county": ["甲县"] * 3, "category": ["农村供水"] * 3,
    ...                   "total_investment": [300.0, 200.0, 100.0],
    ...                   "parent_id": [None, "P", "P"]})
    >>> g = pd.DataFrame({"project_id": ["P1", "P2", "P2"], "year": [2022, 2023, 2023],
    ...                   "month": [5, 3, 12], "investment": [60.0, 15.0, 99.0],
    ...                   "pipeline_km": [None, 4.0, 1.0]})
    >>> r = rural_supply_programme(p, g, year=2023, through_month=10)
    >>> r.subprojects, r.total_investment, r.completed_cumulative, r.completed_year
    (2, 300.0, 75.0, 15.0)
    >>> r.pipeline_km, r.completion_rate
    (4.0, 25.0)
    """
    table = project_investment(
        projects,
        project_progress,
        year=year,
        through_month=through_month,
        county=county,
        category=category,
        leaf_only=True,
    )
    return ProgrammeProgress(
        subprojects=int((~table["umbrella"]).sum()),
        total_investment=known_total(table["total_investment"]),
        completed_cumulative=total(table["completed_cumulative"]),
        completed_year=total(table["completed_year"]),
        pipeline_km=total(table["pipeline_km"]),
    )


def rural_water_works_count(
    rural_water_works: pd.DataFrame, *, county: str | None = None, work_type: str | None = None
) -> int:
    """农村供水工程数 (rural water works), from the roster.

    Notes
    -----
    count of roster rows (of one work type: 规模化供水 / 小型集中供水 / 分散供水).

    Examples
    --------
    >>> w = pd.DataFrame({"county": ["甲县", "乙县"], "work_type": ["规模化供水", "分散供水"],
    ...                   "priced": [True, False]})
    >>> rural_water_works_count(w), rural_water_works_count(w, county="甲县")
    (2, 1)
    """
    rows = for_county(rural_water_works, county)
    if work_type is not None:
        rows = rows[rows["work_type"] == work_type]
    return int(len(rows))


def pricing_coverage(
    rural_water_works: pd.DataFrame,
    *,
    county: str | None = None,
    work_types: tuple[str, ...] | None = None,
) -> float:
    """农村供水工程定价覆盖率 (pricing coverage), %, of all works or of some kinds of work.

    Notes
    -----
    coverage = works with a price set (priced) / works × 100; NaN without works. The summary
    reports it for 集中供水工程 (``work_types=CONCENTRATED_WORK_TYPES``: 规模化供水 and
    小型集中供水, which serve through a pipe network) and 分散供水工程 separately: "集中供水
    工程全面定价" means 100 % of the concentrated works.

    Examples
    --------
    >>> w = pd.DataFrame({"county": ["甲县"] * 4, "priced": [True, True, True, False],
    ...                   "work_type": ["规模化供水", "小型集中供水", "分散供水", "分散供水"]})
    >>> pricing_coverage(w), pricing_coverage(w, work_types=CONCENTRATED_WORK_TYPES)
    (75.0, 100.0)
    """
    rows = for_county(rural_water_works, county)
    if work_types is not None:
        rows = rows[rows["work_type"].isin(work_types)]
    priced = rows["priced"].astype("boolean").fillna(False)
    return rate(int(priced.sum()), len(rows))


def population_served(
    rural_water_works: pd.DataFrame,
    *,
    county: str | None = None,
    work_types: tuple[str, ...] | None = None,
) -> int:
    """农村供水工程受益人口 (people served by rural water works), 人, from the roster.

    Notes
    -----
    Σ population of the works (of some kinds: ``CONCENTRATED_WORK_TYPES``…).

    Examples
    --------
    >>> w = pd.DataFrame({"county": ["甲县"] * 3, "population": [12000, 800, 40],
    ...                   "work_type": ["规模化供水", "小型集中供水", "分散供水"]})
    >>> population_served(w), population_served(w, work_types=CONCENTRATED_WORK_TYPES)
    (12840, 12800)
    """
    rows = for_county(rural_water_works, county)
    if work_types is not None:
        rows = rows[rows["work_type"].isin(work_types)]
    return int(total(rows["population"]))


def rural_population(
    county_statistics: pd.DataFrame, *, year: int, county: str | None = None
) -> float:
    """农村人口 (rural population at the end of ``year``), 人.

    Returns
    -------
    float
        Σ rural_population of the year's rows of the county (the whole city: of every
        county); NaN when the year has no row.

    Examples
    --------
    >>> c = pd.DataFrame({"year": [2023, 2023], "county": ["甲县", "乙县"],
    ...                   "rural_population": [150000, 50000]})
    >>> rural_population(c, year=2023), rural_population(c, year=2022)
    (200000.0, nan)
    """
    rows = for_county(county_statistics, county)
    rows = rows[(rows["year"] == year).to_numpy(dtype=bool, na_value=False)]
    if rows.empty or rows["rural_population"].isna().all():
        return math.nan
    return total(rows["rural_population"])


def tap_water_coverage(
    rural_water_works: pd.DataFrame,
    county_statistics: pd.DataFrame,
    *,
    year: int,
    county: str | None = None,
) -> float:
    """农村自来水普及率 (rural population served by tap water), %.

    Notes
    -----
    rate = Σ population of the 集中供水工程 (规模化供水 and 小型集中供水: they serve through a
    pipe network to the household) / rural population of ``year`` × 100; NaN without the
    year's rural population. Not capped.

    Examples
    --------
    >>> w = pd.DataFrame({"county": ["甲县"] * 3, "population": [12000, 6000, 400],
    ...                   "work_type": ["规模化供水", "小型集中供水", "分散供水"]})
    >>> c = pd.DataFrame({"year": [2023], "county": ["甲县"], "rural_population": [20000]})
    >>> tap_water_coverage(w, c, year=2023), large_scale_coverage(w, c, year=2023)
    (90.0, 60.0)
    """
    served = population_served(rural_water_works, county=county, work_types=CONCENTRATED_WORK_TYPES)
    return rate(served, rural_population(county_statistics, year=year, county=county))


def large_scale_coverage(
    rural_water_works: pd.DataFrame,
    county_statistics: pd.DataFrame,
    *,
    year: int,
    county: str | None = None,
) -> float:
    """规模化供水工程覆盖农村人口比例 (rural population served by large works), %.

    Notes
    -----
    rate = Σ population of the 规模化供水 works (千吨万人) / rural population of ``year`` ×
    100; NaN without the year's rural population. See :func:`tap_water_coverage`.
    """
    served = population_served(rural_water_works, county=county, work_types=LARGE_SCALE_WORK_TYPES)
    return rate(served, rural_population(county_statistics, year=year, county=county))


def fee_totals(
    rural_water_fees: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.Series:
    """农村水费应收、实收 (rural water fees billed and collected), 元, and the collection rate.

    Returns
    -------
    pandas.Series
        ``billed``, ``collected`` (0.0 without rows) and ``collection_rate`` (%).

    Notes
    -----
    billed = Σ billed, collected = Σ collected over months 1..through_month of ``year``;
    collection_rate = collected / billed × 100 (NaN when nothing was billed).

    Examples
    --------
    >>> f = pd.DataFrame({"work_id": ["W1", "W2"], "year": [2023] * 2, "month": [1, 2],
    ...                   "billed": [1000.0, 1000.0], "collected": [900.0, 700.0],
    ...                   "county": ["甲县", "乙县"]})
    >>> fee_totals(f, year=2023, county="乙县").to_dict()
    {'billed': 1000.0, 'collected': 700.0, 'collection_rate': 70.0}
    """
    rows = select(rural_water_fees, year=year, through_month=through_month, county=county)
    billed, collected = total(rows["billed"]), total(rows["collected"])
    return pd.Series(
        [billed, collected, rate(collected, billed)],
        index=["billed", "collected", "collection_rate"],
        dtype="float64",
    )


def fee_collection_rate(
    rural_water_fees: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> float:
    """农村水费收缴率 (rural water fee collection rate), %.

    Notes
    -----
    rate = Σ collected / Σ billed × 100 over months 1..through_month of ``year``; NaN when
    nothing was billed; not capped (arrears paid late can exceed the month's bill).

    Examples
    --------
    >>> f = pd.DataFrame({"work_id": ["W1", "W2"], "year": [2023] * 2, "month": [1, 2],
    ...                   "billed": [1000.0, 1000.0], "collected": [900.0, 700.0],
    ...                   "county": ["甲县", "乙县"]})
    >>> fee_collection_rate(f, year=2023)
    80.0
    """
    return float(
        fee_totals(rural_water_fees, year=year, through_month=through_month, county=county)[
            "collection_rate"
        ]
    )


def fee_collection_by_work(
    rural_water_works: pd.DataFrame,
    rural_water_fees: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
) -> pd.DataFrame:
    """各工程水费收缴情况 (fee collection per rural water work), 元 and %.

    Returns
    -------
    pandas.DataFrame
        One row per work of the roster: ``work_id``, ``name``, ``county``, ``priced``,
        ``billed``, ``collected``, ``collection_rate`` (NaN when nothing was billed).

    Notes
    -----
    collection_rate = Σ collected / Σ billed × 100 over the work's months in the period.

    Examples
    --------
    >>> w = pd.DataFrame({"work_id": ["W1", "W2"], "name": ["甲水厂", "乙水厂"],
    ...                   "county": ["甲县", "乙县"], "priced": [True, False]})
    >>> f = pd.DataFrame({"work_id": ["W1"], "year": [2023], "month": [1],
    ...                   "billed": [1000.0], "collected": [900.0], "county": ["甲县"]})
    >>> fee_collection_by_work(w, f, year=2023)["collection_rate"].tolist()
    [90.0, nan]
    """
    works = for_county(rural_water_works, county)
    rows = select(rural_water_fees, year=year, through_month=through_month, county=county)
    sums = rows[["billed", "collected"]].astype("float64").groupby(rows["work_id"]).sum()
    keys = works["work_id"].to_numpy(dtype=object)
    sums = sums.reindex(keys, fill_value=0.0)
    out = pd.DataFrame(
        {
            "work_id": keys,
            "name": works["name"].to_numpy(dtype=object),
            "county": works["county"].to_numpy(dtype=object),
            "priced": works["priced"].astype("boolean").fillna(False).to_numpy(dtype=bool),
            "billed": sums["billed"].to_numpy(),
            "collected": sums["collected"].to_numpy(),
        }
    )
    out["collection_rate"] = rates(out["collected"], out["billed"])
    return out


def works_by_kind(
    rural_water_works: pd.DataFrame,
    rural_water_fees: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
) -> pd.DataFrame:
    """集中、分散供水工程 (rural water works by kind): pricing and fee collection.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``集中供水`` (规模化供水 and 小型集中供水) and ``分散供水``: ``works``,
        ``population``, ``priced`` (ints), ``pricing_coverage``, ``billed``, ``collected``
        (元), ``collection_rate`` (%).

    Notes
    -----
    pricing_coverage = priced / works × 100; collection_rate = Σ collected / Σ billed × 100
    over the period (NaN when nothing was billed), for each kind.

    Examples
    --------
    >>> w = pd.DataFrame({"work_id": ["W1", "W2"], "name": ["甲", "乙"], "county": ["甲县"] * 2,
    ...                   "work_type": ["规模化供水", "分散供水"], "population": [9000, 30],
    ...                   "priced": [True, False]})
    >>> f = pd.DataFrame({"work_id": ["W1"], "year": [2023], "month": [3], "billed": [100.0],
    ...                   "collected": [80.0], "county": ["甲县"]})
    >>> t = works_by_kind(w, f, year=2023)
    >>> t["collection_rate"].tolist(), t["pricing_coverage"].tolist()
    ([80.0, nan], [100.0, 0.0])
    """
    roster = for_county(rural_water_works, county)
    fees = select(rural_water_fees, year=year, through_month=through_month, county=county)
    # sums per work first (grouping on the column itself: fast for Arrow strings), then by kind
    sums = fees[["billed", "collected"]].astype("float64").groupby(fees["work_id"]).sum()
    kind_of = roster.drop_duplicates("work_id").set_index("work_id")["work_type"]
    fee_kinds = kind_of.reindex(sums.index)
    kinds = {"集中供水": CONCENTRATED_WORK_TYPES, "分散供水": DISPERSED_WORK_TYPES}
    rows = []
    for kinds_of in kinds.values():
        part = roster[roster["work_type"].isin(kinds_of).to_numpy(dtype=bool)]
        billed = sums[fee_kinds.isin(kinds_of).to_numpy(dtype=bool, na_value=False)]
        rows.append(
            [
                len(part),
                int(total(part["population"])),
                int(part["priced"].astype("boolean").fillna(False).sum()),
                total(billed["billed"]),
                total(billed["collected"]),
            ]
        )
    out = pd.DataFrame(
        rows,
        index=pd.Index(list(kinds), name="kind"),
        columns=["works", "population", "priced", "billed", "collected"],
    )
    out["pricing_coverage"] = rates(out["priced"], out["works"])
    out["collection_rate"] = rates(out["collected"], out["billed"])
    return out[
        [
            "works",
            "population",
            "priced",
            "pricing_coverage",
            "billed",
            "collected",
            "collection_rate",
        ]
    ]


def rural_water_by_county(
    rural_water_works: pd.DataFrame,
    rural_water_fees: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    counties: list[str] | None = None,
) -> pd.DataFrame:
    """分县区农村供水工程管理 (rural water works per county), with a 全市 row.

    Parameters
    ----------
    counties : counties to list in this order; default those in the roster.

    Returns
    -------
    pandas.DataFrame
        Indexed by county then ``"全市"``: ``works``, ``priced`` (ints), ``pricing_coverage``,
        ``billed``, ``collected`` (元), ``collection_rate`` (%).

    Notes
    -----
    pricing_coverage = priced / works × 100; collection_rate = Σ collected / Σ billed × 100
    in the period. The 全市 row sums the counties listed.

    Examples
    --------
    >>> w = pd.DataFrame({"work_id": ["W1", "W2"], "name": ["甲", "乙"],
    ...                   "county": ["甲县", "乙县"], "priced": [True, False]})
    >>> f = pd.DataFrame({"work_id": ["W1", "W2"], "year": [2023] * 2, "month": [1, 1],
    ...                   "billed": [100.0, 300.0], "collected": [100.0, 100.0],
    ...                   "county": ["甲县", "乙县"]})
    >>> t = rural_water_by_county(w, f, year=2023)
    >>> t["collection_rate"].round(2).to_dict()
    {'甲县': 100.0, '乙县': 33.33, '全市': 50.0}
    """
    works = fee_collection_by_work(
        rural_water_works, rural_water_fees, year=year, through_month=through_month
    )
    works["works"] = 1
    sums = (
        works[["works", "priced", "billed", "collected"]]
        .astype("float64")
        .groupby(works["county"].to_numpy(dtype=object))
        .sum()
    )
    if counties is None:
        counties = list(dict.fromkeys(str(c) for c in works["county"].dropna()))
    sums = sums.reindex(counties, fill_value=0.0)
    sums.loc[CITY] = sums.sum()
    sums = sums.astype({"works": "int64", "priced": "int64"})
    sums["pricing_coverage"] = rates(sums["priced"], sums["works"])
    sums["collection_rate"] = rates(sums["collected"], sums["billed"])
    sums.index.name = "county"
    return sums[["works", "priced", "pricing_coverage", "billed", "collected", "collection_rate"]]


def fee_collection_by_year(
    rural_water_fees: pd.DataFrame,
    *,
    years: list[int],
    year: int,
    through_month: int = 12,
    county: str | None = None,
) -> pd.Series:
    """各年同期农村水费收缴率 (%): :func:`fee_collection_rate` of each of ``years`` up to ``year``.

    >>> f = pd.DataFrame({"year": [2022, 2023], "month": [3, 3], "county": ["甲县"] * 2,
    ...                   "work_id": ["W1"] * 2, "billed": [100.0, 100.0],
    ...                   "collected": [80.0, 90.0]})
    >>> fee_collection_by_year(f, years=[2022, 2023, 2024], year=2023).to_dict()
    {2022: 80.0, 2023: 90.0}
    """
    return pd.Series(
        {
            y: fee_collection_rate(
                rural_water_fees, year=y, through_month=through_month, county=county
            )
            for y in years
            if y <= year
        }
    )
