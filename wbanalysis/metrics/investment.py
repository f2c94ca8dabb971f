"""投资 (investment): fixed-asset investment, project investment and the annual plan.

``fixed_asset_investment`` is the 水利管理业固定资产投资 ledger (monthly, by county, 万元);
``projects``, ``project_progress`` and ``project_plans`` are the 项目台账, 项目投资进度 and
项目年度投资计划 ledgers. 全口径水利建设投资 is another 口径 (:mod:`.construction`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from ..dataset import for_county
from ._common import known_total, months_by_cutoff, rate, rates, select, total
from .trends import yoy_growth

__all__ = [
    "fixed_asset_investment",
    "fixed_asset_by_month",
    "fixed_asset_yoy",
    "fixed_asset_by_county",
    "leaf_projects",
    "investment_units",
    "OWN_PART",
    "project_investment",
    "investment_completion_rate",
    "investment_by_category",
    "PlanProgress",
    "investment_plan",
]


def fixed_asset_investment(
    fixed_asset_investment: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
) -> float:
    """水利管理业固定资产投资 (fixed-asset investment in water management), 万元.

    Notes
    -----
    investment = Σ ``amount`` over months 1..``through_month`` of ``year``.

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2023, 2023, 2023], "month": [1, 10, 11],
    ...                   "county": ["甲县", "乙县", "甲县"], "amount": [100.0, 19.7, 5.0]})
    >>> fixed_asset_investment(t, year=2023, through_month=10)
    119.7
    """
    rows = select(fixed_asset_investment, year=year, through_month=through_month, county=county)
    return total(rows["amount"])


def fixed_asset_by_month(
    fixed_asset_investment: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    cumulative: bool = False,
) -> pd.Series:
    """逐月固定资产投资 (fixed-asset investment by month), 万元.

    Returns
    -------
    pandas.Series
        Indexed by month 1..``through_month`` (0.0 for a month without rows); running totals
        (1－n月累计) when ``cumulative`` is true.

    Notes
    -----
    I_m = Σ ``amount`` of month m; cumulative C_m = Σ_{k ≤ m} I_k.

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2023, 2023], "month": [1, 3], "county": ["甲县", "乙县"],
    ...                   "amount": [10.0, 5.0]})
    >>> fixed_asset_by_month(t, year=2023, through_month=3).tolist()
    [10.0, 0.0, 5.0]
    >>> fixed_asset_by_month(t, year=2023, through_month=3, cumulative=True).tolist()
    [10.0, 10.0, 15.0]
    """
    rows = select(fixed_asset_investment, year=year, through_month=through_month, county=county)
    sums = rows["amount"].astype("float64").groupby(rows["month"].to_numpy(dtype="int64")).sum()
    months = pd.RangeIndex(1, int(through_month) + 1, name="month")
    out = sums.reindex(months, fill_value=0.0).astype("float64")
    out.name = "amount"
    return out.cumsum() if cumulative else out


def fixed_asset_yoy(
    fixed_asset_investment: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
) -> float:
    """固定资产投资同比增长率 (year-on-year growth of fixed-asset investment), %.

    Notes
    -----
    YoY = (I_year − I_{year−1}) / I_{year−1} × 100 with I_y the investment of months
    1..``through_month`` of year y; NaN when I_{year−1} = 0.

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2022, 2023], "month": [5, 5], "county": ["甲县", "甲县"],
    ...                   "amount": [80.0, 100.0]})
    >>> fixed_asset_yoy(t, year=2023, through_month=10)
    25.0
    """
    return yoy_growth(
        fixed_asset_investment,
        year=year,
        through_month=through_month,
        value="amount",
        county=county,
    )


def leaf_projects(projects: pd.DataFrame) -> pd.DataFrame:
    """末级项目 (leaf projects): the projects that are no other project's parent.

    A parent project is an umbrella whose total investment repeats its sub-projects'; totals
    are taken over leaves (and the umbrellas' own parts, see :func:`investment_units`) so
    nothing is counted twice. Statuses are those of leaves.

    Notes
    -----
    leaves = {p : p.project_id ∉ {q.parent_id for every project q}}.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["P", "P1", "P2", "Q"],
    ...                   "parent_id": [None, "P", "P", None]})
    >>> leaf_projects(p)["project_id"].tolist()
    ['P1', 'P2', 'Q']
    """
    parents = set(projects["parent_id"].dropna())
    return projects[~projects["project_id"].isin(parents)]


#: What the name of an umbrella's own part (本级) ends with in a table.
OWN_PART = "（本级）"


def investment_units(projects: pd.DataFrame, booked: Collection[object] = ()) -> pd.DataFrame:
    """投资合计单元 (the projects investment is summed over): every leaf project, and each
    umbrella project's own part (本级) when it has one.

    An umbrella (总项目, a project other projects name as 所属项目编号) states a 总投资 that
    includes its sub-projects'; what it books under its own number in 项目投资进度 or 项目年度
    投资计划 (前期工作费, 管理费 of the programme) is its own, real investment. So each amount
    entered is counted exactly once: a leaf with its own total, an umbrella with the part of its
    total its direct sub-projects do not cover. The loader gives a notice where an umbrella's
    total is smaller than its sub-projects' (its own part is then 0) and an error where an
    umbrella repeats its sub-projects' investment month by month.

    Parameters
    ----------
    projects : the 项目台账 (the whole table: which projects are umbrellas is decided on it).
    booked : the ids with rows of their own in the investment ledgers (progress to the
        cut-off, the year's plans); an umbrella among them keeps its own part even at 0.

    Returns
    -------
    pandas.DataFrame
        The rows of ``projects`` that are leaves or umbrellas with an own part, in table
        order, with ``total_investment`` the own total and a bool column ``umbrella``; an
        umbrella's ``name`` ends with :data:`OWN_PART`.

    Notes
    -----
    own(u) = max(total(u) − Σ total(c) over the direct sub-projects c of u, 0); an umbrella is
    kept when own(u) > 0 or u ∈ ``booked``. Over a tree, Σ own totals = the root's 总投资
    (when no umbrella is smaller than its sub-projects).

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["P", "P1", "P2", "Q"], "name": ["专项", "甲", "乙", "丙"],
    ...                   "total_investment": [350.0, 200.0, 100.0, 80.0],
    ...                   "parent_id": [None, "P", "P", None]})
    >>> t = investment_units(p)
    >>> t[["name", "total_investment", "umbrella"]].values.tolist()
    [['专项（本级）', 50.0, True], ['甲', 200.0, False], ['乙', 100.0, False], ['丙', 80.0, False]]
    >>> investment_units(p.assign(total_investment=[300.0, 200.0, 100.0, 80.0]))["name"].tolist()
    ['甲', '乙', '丙']
    """
    parents = set(projects["parent_id"].dropna())
    umbrella = projects["project_id"].isin(parents).to_numpy(dtype=bool)
    totals = projects["total_investment"].astype("float64")
    children = totals.groupby(projects["parent_id"].to_numpy(dtype=object)).sum()
    own = (totals - projects["project_id"].map(children).fillna(0.0).astype("float64")).clip(
        lower=0.0
    )
    keep = (
        ~umbrella
        | (own > 0).to_numpy(dtype=bool)
        | projects["project_id"].isin(set(booked)).to_numpy(dtype=bool)
    )
    out = projects[keep].copy()
    out["umbrella"] = umbrella[keep]
    mine = out["umbrella"].to_numpy(dtype=bool)
    out["total_investment"] = totals[keep].where(~mine, own[keep]).to_numpy(dtype="float64")
    if mine.any():
        names = out["name"].astype(object).to_numpy(dtype=object).copy()
        names[mine] = [f"{n}{OWN_PART}" for n in names[mine]]
        out["name"] = names
    return out


def project_investment(
    projects: pd.DataFrame,
    project_progress: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    category: str | None = None,
    leaf_only: bool = True,
    project_plans: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """项目投资完成情况 (project investment completed), per project.

    Parameters
    ----------
    projects, project_progress : the 项目台账 and 项目投资进度 tables.
    category : a project category (e.g. 农村供水); ``None`` for all.
    leaf_only : sum over leaf projects and the umbrellas' own parts (see
        :func:`investment_units`), so that every amount entered counts once and no umbrella's
        total repeats its sub-projects'; decided on the whole ``projects`` table, before the
        county is selected. ``False``: every project as it stands.
    project_plans : the 项目年度投资计划 table; when given, ``planned_year`` and
        ``plan_completion_rate`` are added.

    Returns
    -------
    pandas.DataFrame
        One row per project: ``project_id``, ``name``, ``county``, ``category``,
        ``total_investment``, ``completed_cumulative``, ``completed_year``, ``completion_rate``,
        ``pipeline_km``, ``umbrella`` (the row is an umbrella's own part, 本级; see
        :func:`investment_units`) (and ``planned_year``, ``plan_completion_rate``).

    Notes
    -----
    completed_cumulative = Σ investment with (year, month) ≤ (year, through_month), all earlier
    years included; completed_year = the same within months 1..through_month of ``year``;
    completion_rate = completed_cumulative / total_investment × 100 (NaN when the total is 0);
    pipeline_km = cumulative pipe laid to the cut-off; planned_year = Σ planned of the
    project's plan rows of ``year``; plan_completion_rate = completed_year / planned_year × 100
    (NaN without a plan).

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B"], "name": ["甲水厂", "乙水厂"],
    ...                   "county": ["甲县", "乙县"], "category": ["农村供水"] * 2,
    ...                   "total_investment": [100.0, 50.0], "parent_id": [None, None]})
    >>> g = pd.DataFrame({"project_id": ["A", "A", "B"], "year": [2022, 2023, 2023],
    ...                   "month": [6, 2, 12], "investment": [30.0, 20.0, 9.0],
    ...                   "pipeline_km": [1.0, 2.5, None]})
    >>> t = project_investment(p, g, year=2023, through_month=10)
    >>> t["completed_cumulative"].tolist(), t["completed_year"].tolist()
    ([50.0, 0.0], [20.0, 0.0])
    >>> t["completion_rate"].tolist()
    [50.0, 0.0]
    """
    progress = project_progress[
        months_by_cutoff(project_progress, year=year, through_month=through_month)
    ]
    if leaf_only:
        booked = set(progress["project_id"])
        if project_plans is not None:
            of_year = (project_plans["year"] == year).to_numpy(dtype=bool, na_value=False)
            booked |= set(project_plans.loc[of_year, "project_id"])
        chosen = investment_units(projects, booked)
    else:
        chosen = projects.assign(umbrella=False)
    if category is not None:
        chosen = chosen[chosen["category"] == category]
    chosen = for_county(chosen, county)
    # sums per project of the whole table (grouping on the column itself is fast), then the
    # chosen projects' rows of them
    this_year = (progress["year"] == year).to_numpy(dtype=bool, na_value=False)
    ids = progress["project_id"]
    invest = progress["investment"].astype("float64")
    cumulative = invest.groupby(ids).sum()
    in_year = invest[this_year].groupby(ids[this_year]).sum()
    pipe = (
        pd.to_numeric(progress["pipeline_km"]).astype("float64").groupby(ids).sum()
        if "pipeline_km" in progress.columns
        else pd.Series(dtype="float64")
    )
    keys = chosen["project_id"].to_numpy(dtype=object)
    out = pd.DataFrame(
        {
            "project_id": keys,
            "name": chosen["name"].to_numpy(dtype=object),
            "county": chosen["county"].to_numpy(dtype=object),
            "category": chosen["category"].to_numpy(dtype=object),
            "total_investment": chosen["total_investment"].to_numpy(dtype="float64"),
            "completed_cumulative": cumulative.reindex(keys, fill_value=0.0).to_numpy(),
            "completed_year": in_year.reindex(keys, fill_value=0.0).to_numpy(),
            "pipeline_km": pipe.reindex(keys, fill_value=0.0).to_numpy(),
            "umbrella": chosen["umbrella"].to_numpy(dtype=bool),
        }
    )
    out["completion_rate"] = rates(out["completed_cumulative"], out["total_investment"])
    columns = [
        "project_id",
        "name",
        "county",
        "category",
        "total_investment",
        "completed_cumulative",
        "completed_year",
        "completion_rate",
        "pipeline_km",
        "umbrella",
    ]
    if project_plans is not None:
        plans = project_plans[(project_plans["year"] == year).to_numpy(dtype=bool, na_value=False)]
        planned = (
            plans["planned"]
            .astype("float64")
            .groupby(plans["project_id"].to_numpy(dtype=object))
            .sum()
        )
        out["planned_year"] = planned.reindex(keys).to_numpy()
        out["plan_completion_rate"] = rates(out["completed_year"], out["planned_year"].fillna(0.0))
        columns += ["planned_year", "plan_completion_rate"]
    return out[columns]


def investment_completion_rate(
    projects: pd.DataFrame,
    project_progress: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    category: str | None = None,
    leaf_only: bool = True,
) -> float:
    """投资完成率 (investment completion rate), %.

    Notes
    -----
    rate = Σ completed_cumulative / Σ total_investment × 100 over the (leaf) projects selected,
    with completed_cumulative as in :func:`project_investment`; NaN when the total is 0, or
    unknown (a 总投资 written 待定).

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B"], "name": ["甲", "乙"],
    ...                   "county": ["甲县", "乙县"], "category": ["水库", "灌区"],
    ...                   "total_investment": [100.0, 300.0], "parent_id": [None, None]})
    >>> g = pd.DataFrame({"project_id": ["A", "B"], "year": [2022, 2023], "month": [6, 2],
    ...                   "investment": [50.0, 50.0], "pipeline_km": [None, None]})
    >>> investment_completion_rate(p, g, year=2023)
    25.0
    >>> investment_completion_rate(p, g, year=2023, category="水库")
    50.0
    """
    table = project_investment(
        projects,
        project_progress,
        year=year,
        through_month=through_month,
        county=county,
        category=category,
        leaf_only=leaf_only,
    )
    return rate(total(table["completed_cumulative"]), known_total(table["total_investment"]))


def investment_by_category(
    projects: pd.DataFrame,
    project_progress: pd.DataFrame,
    project_plans: pd.DataFrame | None = None,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
) -> pd.DataFrame:
    """分类别项目投资 (project investment by category), 万元, with a 合计 row.

    Returns
    -------
    pandas.DataFrame
        Indexed by the categories that have leaf projects (vocabulary order), then ``合计``:
        ``projects`` (int), ``total_investment``, ``planned_year`` (NaN without plans),
        ``completed_year``, ``completed_cumulative``, ``plan_completion_rate`` (%).

    Notes
    -----
    Sums over the leaf projects of each category of :func:`project_investment`, and the
    umbrellas' own parts (本级, not counted in ``projects``), so every amount entered counts
    once; a category's total_investment (and the 合计's) is NaN when one of its 总投资 is
    待定 (unknown, never the sum of the rest);
    plan_completion_rate = Σ completed_year of the projects with a plan / Σ planned_year × 100.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B"], "name": ["甲", "乙"],
    ...                   "county": ["甲县"] * 2, "category": ["水库", "堤防"],
    ...                   "total_investment": [100.0, 50.0], "parent_id": [None] * 2})
    >>> g = pd.DataFrame({"project_id": ["A", "B"], "year": [2023, 2023], "month": [2, 3],
    ...                   "investment": [30.0, 10.0]})
    >>> plan = pd.DataFrame({"project_id": ["A"], "year": [2023], "planned": [60.0]})
    >>> t = investment_by_category(p, g, plan, year=2023)
    >>> t.loc[["水库", "合计"], ["planned_year", "completed_year", "plan_completion_rate"]
    ...       ].to_dict("index")
    {'水库': {'planned_year': 60.0, 'completed_year': 30.0, 'plan_completion_rate': 50.0}, '合计': {'planned_year': 60.0, 'completed_year': 40.0, 'plan_completion_rate': 50.0}}
    """
    from ..schema import VOCABULARIES

    table = project_investment(
        projects,
        project_progress,
        year=year,
        through_month=through_month,
        county=county,
        project_plans=project_plans,
    )
    if project_plans is None:
        table["planned_year"] = float("nan")
    planned = table["planned_year"].notna().to_numpy()
    table["completed_planned"] = table["completed_year"].where(planned, 0.0)
    table["projects"] = (~table["umbrella"]).astype("int64")  # an own part is no project
    sums = (
        table[
            [
                "projects",
                "total_investment",
                "planned_year",
                "completed_year",
                "completed_cumulative",
                "completed_planned",
            ]
        ]
        .groupby(table["category"].to_numpy(dtype=object))
        .sum(min_count=1)
    )
    present = [c for c in VOCABULARIES["project_category"] if c in sums.index]
    sums = sums.reindex(present)
    sums.loc["合计"] = sums.sum(min_count=1)
    # a category holding a 总投资 written 待定 has an unknown total, and so has the 合计
    unknown = table["total_investment"].isna().groupby(table["category"].to_numpy(dtype=object))
    unknown = unknown.any().reindex(present, fill_value=False)
    sums.loc[
        [*unknown.index[unknown], *(["合计"] if unknown.any() else [])], "total_investment"
    ] = float("nan")
    sums["projects"] = sums["projects"].fillna(0).astype("int64")
    sums["plan_completion_rate"] = rates(
        sums["completed_planned"], sums["planned_year"].fillna(0.0)
    )
    sums.index.name = "category"
    return sums[
        [
            "projects",
            "total_investment",
            "planned_year",
            "completed_year",
            "completed_cumulative",
            "plan_completion_rate",
        ]
    ]


@dataclass(frozen=True)
class PlanProgress:
    """An annual investment plan against what was completed, 万元."""

    planned: float
    completed: float

    @property
    def completion_rate(self) -> float:
        """年度投资计划完成率 (%) = completed / planned × 100 (NaN without a plan)."""
        return rate(self.completed, self.planned)


def investment_plan(
    project_progress: pd.DataFrame,
    project_plans: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    central: bool = False,
) -> PlanProgress:
    """年度投资计划及完成 (the year's investment plan and its completion), 万元.

    Parameters
    ----------
    project_progress, project_plans : the 项目投资进度 and 项目年度投资计划 tables (with the
        ``county`` of their project).
    central : only the central-budget part (中央投资计划完成率): ``planned_central`` of the
        plans against ``central`` of the progress.

    Returns
    -------
    PlanProgress
        ``planned``, ``completed`` and the ``completion_rate`` property.

    Notes
    -----
    planned = Σ planned of the plan rows of ``year``; completed = Σ investment in months
    1..through_month of ``year`` of the projects that have a plan row of ``year``;
    年度投资计划完成率 = completed / planned × 100. With ``central``: the same with
    planned_central and central, over the projects whose plan has a central part.

    Examples
    --------
    >>> plan = pd.DataFrame({"project_id": ["A", "B"], "year": [2023, 2023],
    ...                      "planned": [100.0, 60.0], "planned_central": [50.0, None],
    ...                      "county": ["甲县", "乙县"]})
    >>> g = pd.DataFrame({"project_id": ["A", "A", "C"], "year": [2023, 2023, 2023],
    ...                   "month": [3, 11, 3], "investment": [40.0, 9.0, 7.0],
    ...                   "central": [20.0, 5.0, 0.0], "county": ["甲县", "甲县", "甲县"]})
    >>> p = investment_plan(g, plan, year=2023, through_month=10)
    >>> p.planned, p.completed, p.completion_rate
    (160.0, 40.0, 25.0)
    >>> investment_plan(g, plan, year=2023, through_month=10, central=True).completion_rate
    40.0
    """
    plans = for_county(project_plans, county)
    plans = plans[(plans["year"] == year).to_numpy(dtype=bool, na_value=False)]
    if central:
        plans = plans[plans["planned_central"].notna().to_numpy(dtype=bool)]
    rows = select(project_progress, year=year, through_month=through_month, county=county)
    rows = rows[rows["project_id"].isin(plans["project_id"])]
    if central:
        return PlanProgress(total(plans["planned_central"]), total(rows["central"]))
    return PlanProgress(total(plans["planned"]), total(rows["investment"]))


def fixed_asset_by_county(
    table: pd.DataFrame, *, year: int, through_month: int = 12, counties: list[str]
) -> pd.Series:
    """分县（区）完成投资 (:func:`fixed_asset_investment` of each county, 万元), in ``counties``
    order; ``table`` is the 固定资产投资 ledger.

    >>> t = pd.DataFrame({"year": [2023, 2023], "month": [1, 3], "county": ["甲县", "乙县"],
    ...                   "amount": [10.0, 5.0]})
    >>> fixed_asset_by_county(t, year=2023, counties=["乙县", "甲县"]).to_dict()
    {'乙县': 5.0, '甲县': 10.0}
    """
    return pd.Series(
        {
            c: fixed_asset_investment(table, year=year, through_month=through_month, county=c)
            for c in counties
        }
    )
