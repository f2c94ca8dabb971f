"""项目建设状态 (the project portfolio): projects by status and category, 除险加固 per reservoir.

A project's status in the year (:data:`wbanalysis.schema.PROJECT_STATUSES`) follows from its
milestones (项目节点): 储备, 前期 and 续建 are read at the cut-off, 新开工, 完工 and 竣工验收
within the period (months 1..through_month of the year), and from its investment (项目投资
进度): a project with investment by the cut-off is not 储备. Only leaf projects count (an
umbrella project repeats its sub-projects, see :func:`~wbanalysis.metrics.leaf_projects`),
chosen on the whole 项目台账 before the county is. The sentence (:mod:`wbanalysis.narrative`),
the table (:func:`status_by_category`) and the chart (:func:`status_counts`) of a report all
come from :func:`project_status`, so they count the same projects under the same words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..dataset import for_county
from ..schema import CONSTRUCTION_MILESTONES, PROJECT_STATUSES, VOCABULARIES
from ._common import dates_by_cutoff, dates_in_period, months_by_cutoff
from .investment import leaf_projects, project_investment

if TYPE_CHECKING:  # pragma: no cover
    from ..scope import Selection

__all__ = [
    "PROJECT_CATEGORIES",
    "REINFORCEMENT_CATEGORY",
    "project_status",
    "status_counts",
    "status_by_category",
    "reinforcement_projects",
    "reservoirs_reinforced",
    "active_projects",
]

#: Project categories in report order.
PROJECT_CATEGORIES: tuple[str, ...] = VOCABULARIES["project_category"]

#: The category of 病险水库（水闸）除险加固 projects.
REINFORCEMENT_CATEGORY = "除险加固"

_FLAGS = dict(
    zip(
        PROJECT_STATUSES,
        ("reserve", "preliminary", "new_start", "continuing", "completed", "accepted"),
        strict=True,
    )
)


def _any(mask: np.ndarray, ids: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """For each of ``keys``: does any row of ``ids`` with ``mask`` name it."""
    hit = set(ids[mask])
    return np.fromiter((k in hit for k in keys), dtype=bool, count=len(keys))


def _invested(
    progress: pd.DataFrame | None, keys: np.ndarray, *, year: int, through_month: int
) -> np.ndarray:
    """For each of ``keys``: has the project investment (> 0) booked by the cut-off."""
    if progress is None:
        return np.zeros(len(keys), dtype=bool)
    rows = progress[months_by_cutoff(progress, year=year, through_month=through_month)]
    paid = (rows["investment"].astype("float64") > 0).to_numpy(dtype=bool, na_value=False)
    return _any(paid, rows["project_id"].to_numpy(dtype=object), keys)


def project_status(
    projects: pd.DataFrame,
    milestones: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    category: str | None = None,
    project_progress: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """项目建设状态 (each leaf project's status in the year), at the cut-off.

    Parameters
    ----------
    projects, milestones : the 项目台账 and 项目节点 tables.
    year, through_month : the period (months 1..through_month of ``year``) and its cut-off.
    county : a county, or ``None`` for the whole city.
    category : one project category (e.g. 除险加固); ``None`` for all.
    project_progress : the 项目投资进度 table; with it, a project with investment by the
        cut-off is never 储备 (``None``: the milestones alone, when the ledger is missing).

    Returns
    -------
    pandas.DataFrame
        One row per leaf project: ``project_id``, ``name``, ``county``, ``category``, a
        boolean column per status — ``reserve`` (储备), ``preliminary`` (前期), ``new_start``
        (新开工), ``continuing`` (续建), ``completed`` (完工), ``accepted`` (竣工验收) — and
        ``status``, the statuses that hold joined by ``、`` (``""`` for a project finished in
        an earlier year).

    Notes
    -----
    With "done" meaning an actual date on or before the cut-off, and "started" meaning 开工
    or a later construction milestone (:data:`~wbanalysis.schema.CONSTRUCTION_MILESTONES`:
    大坝封顶, 主体完工, 下闸蓄水验收, 竣工验收) done:
    储备 = no milestone done and no investment by the cut-off; 前期 = some milestone done or
    some investment booked by the cut-off, not started; 新开工 = 开工 done within the period;
    续建 = started before 1 January of ``year``, 竣工验收 not done, and either 主体完工 not
    done before that day or a 竣工验收 still to come on the project's record (a project
    finished in an earlier year and never to be accepted is not still building); 完工 = 主体完工
    done within the period; 竣工验收 = 竣工验收 done within the period.

    Investment without 开工 is counted 前期, not 储备 and not 在建: the money shows work was
    done on the project, which 储备 (nothing done yet) would deny, while only a 开工 date
    shows that construction began — investment may be 前期工作费 — and the year of a start
    nobody wrote down cannot be told (新开工 or 续建). A construction milestone without 开工
    (竣工验收 with no 开工) shows the project started, so it is never 前期 at the same time;
    it is 续建 only when that milestone is dated before the year, and never 新开工. The
    loader gives a notice naming each such project (:mod:`wbanalysis.io.projects`), so
    neither case passes silently.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B", "C", "D"], "name": ["甲", "乙", "丙", "丁"],
    ...                   "county": ["甲县"] * 4, "category": ["水库", "水库", "堤防", "堤防"],
    ...                   "total_investment": [1.0] * 4, "parent_id": [None] * 4})
    >>> m = pd.DataFrame({"project_id": ["A", "A", "B", "C", "C"],
    ...                   "milestone": ["开工", "主体完工", "开工", "可研批复", "开工"],
    ...                   "planned_date": pd.to_datetime(["2021-01-01"] * 5),
    ...                   "actual_date": pd.to_datetime(["2021-03-01", "2023-05-01",
    ...                                                  "2023-02-01", "2022-06-01", None])})
    >>> project_status(p, m, year=2023, through_month=10)[["project_id", "status"]].values.tolist()
    [['A', '续建、完工'], ['B', '新开工'], ['C', '前期'], ['D', '储备']]
    >>> g = pd.DataFrame({"project_id": ["D"], "year": [2023], "month": [4],
    ...                   "investment": [30.0]})
    >>> t = project_status(p, m, year=2023, through_month=10, project_progress=g)
    >>> t.loc[t["project_id"] == "D", "status"].tolist()  # investment, no milestone: 前期
    ['前期']
    """
    chosen = leaf_projects(projects)
    if category is not None:
        chosen = chosen[chosen["category"] == category]
    chosen = for_county(chosen, county)
    keys = chosen["project_id"].to_numpy(dtype=object)
    rows = milestones[milestones["project_id"].isin(keys)]
    ids = rows["project_id"].to_numpy(dtype=object)
    name = rows["milestone"].to_numpy(dtype=object)
    period = {"year": year, "through_month": through_month}
    done = dates_by_cutoff(rows["actual_date"], **period)
    within = dates_in_period(rows["actual_date"], **period)
    before = dates_by_cutoff(rows["actual_date"], year=year - 1, through_month=12)
    start, main, accept = name == "开工", name == "主体完工", name == "竣工验收"
    building_work = rows["milestone"].isin(CONSTRUCTION_MILESTONES).to_numpy(dtype=bool)
    invested = _invested(project_progress, keys, **period)
    anything = _any(done, ids, keys) | invested
    started = _any(building_work & done, ids, keys)
    accepted_by_cutoff = _any(accept & done, ids, keys)
    building = ~_any(main & before, ids, keys) | _any(accept, ids, keys)
    # started before the year: by its 开工, or — none done — by a later construction milestone
    since = _any(start & before, ids, keys) | (
        ~_any(start & done, ids, keys) & _any(building_work & before, ids, keys)
    )
    flags = {
        "reserve": ~anything,
        "preliminary": anything & ~started,
        "new_start": _any(start & within, ids, keys),
        "continuing": since & ~accepted_by_cutoff & building,
        "completed": _any(main & within, ids, keys),
        "accepted": _any(accept & within, ids, keys),
    }
    out = pd.DataFrame(
        {
            "project_id": keys,
            "name": chosen["name"].to_numpy(dtype=object),
            "county": chosen["county"].to_numpy(dtype=object),
            "category": chosen["category"].to_numpy(dtype=object),
            **flags,
        }
    )
    labels = np.array(PROJECT_STATUSES, dtype=object)
    matrix = (
        np.column_stack([flags[_FLAGS[s]] for s in PROJECT_STATUSES])
        if len(keys)
        else np.zeros((0, len(PROJECT_STATUSES)), dtype=bool)
    )
    out["status"] = ["、".join(labels[row]) for row in matrix]
    return out


def status_counts(
    projects: pd.DataFrame,
    milestones: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    category: str | None = None,
    project_progress: pd.DataFrame | None = None,
) -> pd.Series:
    """分状态项目数 (projects by status): 储备, 前期, 新开工, 续建, 完工, 竣工验收.

    Returns
    -------
    pandas.Series
        int64 counts indexed by :data:`wbanalysis.schema.PROJECT_STATUSES`.

    Notes
    -----
    count[s] = leaf projects for which status s holds (see :func:`project_status`;
    ``project_progress`` as there); a project may count under two statuses (新开工 and 完工 in
    the same year). The report's chart, its table's 合计 row and its sentence are these counts.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B"], "name": ["甲", "乙"], "county": ["甲县"] * 2,
    ...                   "category": ["水库"] * 2, "total_investment": [1.0] * 2,
    ...                   "parent_id": [None] * 2})
    >>> m = pd.DataFrame({"project_id": ["A"], "milestone": ["开工"],
    ...                   "planned_date": pd.to_datetime(["2023-03-01"]),
    ...                   "actual_date": pd.to_datetime(["2023-03-10"])})
    >>> status_counts(p, m, year=2023).to_dict()
    {'储备': 1, '前期': 0, '新开工': 1, '续建': 0, '完工': 0, '竣工验收': 0}
    """
    table = project_status(
        projects,
        milestones,
        year=year,
        through_month=through_month,
        county=county,
        category=category,
        project_progress=project_progress,
    )
    return pd.Series(
        [int(table[_FLAGS[s]].sum()) for s in PROJECT_STATUSES],
        index=pd.Index(PROJECT_STATUSES),
        dtype="int64",
        name="projects",
    )


def status_by_category(
    projects: pd.DataFrame,
    milestones: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    project_progress: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """分类别、分状态项目数 (projects by category and status), with a 合计 row.

    Returns
    -------
    pandas.DataFrame
        Indexed by the categories that have leaf projects (vocabulary order), then ``合计``;
        columns ``projects`` (leaf projects) and one int column per status.

    Notes
    -----
    cell[category, s] = leaf projects of the category for which status s holds (see
    :func:`project_status`; ``project_progress`` as there); the 合计 row is
    :func:`status_counts`.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B"], "name": ["甲", "乙"], "county": ["甲县"] * 2,
    ...                   "category": ["水库", "堤防"], "total_investment": [1.0] * 2,
    ...                   "parent_id": [None] * 2})
    >>> m = pd.DataFrame({"project_id": ["A"], "milestone": ["开工"],
    ...                   "planned_date": pd.to_datetime(["2023-03-01"]),
    ...                   "actual_date": pd.to_datetime(["2023-03-10"])})
    >>> t = status_by_category(p, m, year=2023)
    >>> t.loc[:, ["projects", "储备", "新开工"]].to_dict("index")
    {'水库': {'projects': 1, '储备': 0, '新开工': 1}, '堤防': {'projects': 1, '储备': 1, '新开工': 0}, '合计': {'projects': 2, '储备': 1, '新开工': 1}}
    """
    table = project_status(
        projects,
        milestones,
        year=year,
        through_month=through_month,
        county=county,
        project_progress=project_progress,
    )
    columns = ["projects", *PROJECT_STATUSES]
    present = [c for c in PROJECT_CATEGORIES if c in set(table["category"])]
    counts = pd.DataFrame(
        0, index=pd.Index([*present, "合计"], name="category"), columns=columns, dtype="int64"
    )
    for category, group in table.groupby("category", sort=False):
        counts.loc[category, "projects"] = len(group)
        for status in PROJECT_STATUSES:
            counts.loc[category, status] = int(group[_FLAGS[status]].sum())
    counts.loc["合计"] = counts.loc[present].sum()
    return counts


def reinforcement_projects(
    projects: pd.DataFrame,
    milestones: pd.DataFrame,
    reservoirs: pd.DataFrame | None = None,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    project_progress: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """病险水库除险加固 (reinforcement projects), one row per project, with its reservoir.

    Returns
    -------
    pandas.DataFrame
        The :func:`project_status` rows of category 除险加固 (``project_progress`` as there), with ``reservoir_id`` and —
        when ``reservoirs`` is given — the reservoir's ``reservoir`` name and ``scale``
        (小(1)型…), and ``finished`` (the actual date of 主体完工 by the cut-off, NaT if not).

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["X"], "name": ["一库除险加固"], "county": ["甲县"],
    ...                   "category": ["除险加固"], "total_investment": [800.0],
    ...                   "parent_id": [None], "reservoir_id": ["R1"]})
    >>> m = pd.DataFrame({"project_id": ["X", "X"], "milestone": ["开工", "主体完工"],
    ...                   "planned_date": pd.to_datetime(["2023-01-01", "2023-09-30"]),
    ...                   "actual_date": pd.to_datetime(["2023-02-01", "2023-09-20"])})
    >>> r = pd.DataFrame({"reservoir_id": ["R1"], "name": ["一库"], "scale": ["小(1)型"]})
    >>> t = reinforcement_projects(p, m, r, year=2023, through_month=10)
    >>> t[["reservoir", "scale", "status"]].values.tolist()
    [['一库', '小(1)型', '新开工、完工']]
    """
    table = project_status(
        projects,
        milestones,
        year=year,
        through_month=through_month,
        county=county,
        category=REINFORCEMENT_CATEGORY,
        project_progress=project_progress,
    )
    link = projects.drop_duplicates("project_id").set_index("project_id")
    table["reservoir_id"] = (
        table["project_id"].map(link["reservoir_id"]).to_numpy(dtype=object)
        if "reservoir_id" in link.columns
        else None
    )
    if reservoirs is not None:
        roster = reservoirs.drop_duplicates("reservoir_id").set_index("reservoir_id")
        table["reservoir"] = table["reservoir_id"].map(roster["name"]).to_numpy(dtype=object)
        table["scale"] = table["reservoir_id"].map(roster["scale"]).to_numpy(dtype=object)
    main = milestones[
        (milestones["milestone"] == "主体完工") & milestones["project_id"].isin(table["project_id"])
    ]
    main = main[dates_by_cutoff(main["actual_date"], year=year, through_month=through_month)]
    finished = main.groupby(main["project_id"].to_numpy(dtype=object))["actual_date"].max()
    table["finished"] = pd.to_datetime(
        table["project_id"].map(finished.to_dict()), errors="coerce"
    ).astype("datetime64[ns]")
    return table


def reservoirs_reinforced(
    projects: pd.DataFrame,
    milestones: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
) -> int:
    """完成除险加固的水库 (reservoirs whose reinforcement was completed), 座.

    Notes
    -----
    count of distinct ``reservoir_id`` among the 除险加固 projects whose 主体完工 is done
    within the period (months 1..through_month of ``year``); projects naming no reservoir
    (a 水闸) are not counted here.

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["X", "Y", "Z"], "name": ["一", "二", "闸"],
    ...                   "county": ["甲县"] * 3, "category": ["除险加固"] * 3,
    ...                   "total_investment": [1.0] * 3, "parent_id": [None] * 3,
    ...                   "reservoir_id": ["R1", "R1", None]})
    >>> m = pd.DataFrame({"project_id": ["X", "Y", "Z"], "milestone": ["主体完工"] * 3,
    ...                   "planned_date": pd.to_datetime(["2023-06-30"] * 3),
    ...                   "actual_date": pd.to_datetime(["2023-06-01", "2023-07-01",
    ...                                                  "2023-07-01"])})
    >>> reservoirs_reinforced(p, m, year=2023)
    1
    """
    table = reinforcement_projects(
        projects, milestones, year=year, through_month=through_month, county=county
    )
    return int(table.loc[table["completed"], "reservoir_id"].dropna().nunique())


def active_projects(
    projects: pd.DataFrame,
    project_progress: pd.DataFrame,
    project_plans: pd.DataFrame | None,
    milestones: pd.DataFrame | None,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    by_category: bool = False,
) -> pd.DataFrame:
    """项目投资完成情况 of the projects a report lists: those that completed investment in the
    period, have a plan for the year, or a status.

    Parameters
    ----------
    milestones : the 项目节点 table; ``None`` when the ledger was not provided, so that no
        project gets a status (instead of every one reading 储备).
    by_category : order by category (vocabulary order), then largest total investment first;
        otherwise in :func:`~wbanalysis.metrics.investment.project_investment` order.

    Returns
    -------
    pandas.DataFrame
        The :func:`~wbanalysis.metrics.investment.project_investment` columns and ``status``
        (:func:`project_status`; ``""`` for none).

    Examples
    --------
    >>> p = pd.DataFrame({"project_id": ["A", "B", "C"], "name": ["甲", "乙", "丙"],
    ...     "county": ["甲县"] * 3, "category": ["水库", "堤防", "水库"],
    ...     "total_investment": [100.0, 50.0, 80.0], "parent_id": [None] * 3})
    >>> g = pd.DataFrame({"project_id": ["A", "B"], "year": [2023, 2023], "month": [2, 3],
    ...                   "investment": [10.0, 0.0]})
    >>> plan = pd.DataFrame({"project_id": ["B"], "year": [2023], "planned": [60.0]})
    >>> active_projects(p, g, plan, None, year=2023)[["name", "status"]].values.tolist()
    [['甲', ''], ['乙', '']]
    >>> m = pd.DataFrame({"project_id": ["C"], "milestone": ["开工"],
    ...                   "planned_date": pd.to_datetime(["2023-03-01"]),
    ...                   "actual_date": pd.to_datetime(["2023-03-10"])})
    >>> t = active_projects(p, g, plan, m, year=2023, by_category=True)
    >>> t[["name", "status"]].values.tolist()  # 甲 has investment: 前期, not 储备
    [['甲', '前期'], ['丙', '新开工'], ['乙', '储备']]
    """
    selection: Selection = {"year": year, "through_month": through_month, "county": county}
    table = project_investment(projects, project_progress, **selection, project_plans=project_plans)
    if milestones is None:
        table["status"] = ""
    else:
        status = project_status(
            projects, milestones, **selection, project_progress=project_progress
        ).set_index("project_id")
        table["status"] = table["project_id"].map(status["status"]).fillna("")
    active = table[
        (table["completed_year"] > 0) | table["planned_year"].notna() | (table["status"] != "")
    ]
    if not by_category:
        return active
    order = {c: i for i, c in enumerate(PROJECT_CATEGORIES)}
    return (
        active.assign(_order=active["category"].map(order))
        .sort_values(["_order", "total_investment"], ascending=[True, False])
        .drop(columns="_order")
    )
