"""重点项目与前期工作 (key projects and preliminary work): milestones, stages, loans.

``milestones`` is the 项目节点 ledger (planned and actual dates per milestone, with the
``county`` of its project); ``loan_drawdowns`` the 外资贷款提款 ledger (欧元).
"""

from __future__ import annotations

import pandas as pd

from ..dataset import for_county
from ..schema import MILESTONE_STAGE, STAGES, VOCABULARIES
from ._common import (
    check_choice,
    cutoff_date,
    dates_by_cutoff,
    dates_in_period,
    deadline_status,
    select,
    sums_by,
    total,
)

__all__ = [
    "milestone_slippage",
    "milestones_due",
    "milestones_late",
    "milestones_open_overdue",
    "milestones_behind",
    "milestones_of_year",
    "cutoff_date",
    "project_stages",
    "stage_pipeline",
    "loan_drawdown_eur",
    "drawdowns_by_lender",
]

_STAGE_RANK = {stage: i for i, stage in enumerate(STAGES)}


def milestone_slippage(
    milestones: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    projects: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """节点滞后情况 (milestone slippage), as seen at the cut-off.

    Parameters
    ----------
    milestones : the 项目节点 table.
    year, through_month : the cut-off is the last day of month ``through_month`` of ``year``.
    projects : the 项目台账; when given, the project ``name`` is added.

    Returns
    -------
    pandas.DataFrame
        Every milestone of the county with ``project_id``, ``milestone``, ``planned_date``,
        ``actual_date``, ``status`` (按期完成 / 逾期完成 / 未到期 / 逾期未完成),
        ``days_late`` (int), ``due_in_period`` (planned in months 1..through_month of
        ``year``) and ``open_overdue``; ordered by planned date.

    Notes
    -----
    A milestone is done when actual_date ≤ cut-off; it is open & overdue when planned_date ≤
    cut-off and actual_date is empty or > cut-off. days_late = actual − planned for a late
    one, cut-off − planned for an open overdue one, 0 otherwise. An actual date after the
    cut-off had not happened at the cut-off: it is returned empty (NaT).

    Examples
    --------
    >>> m = pd.DataFrame({"project_id": ["A", "A", "B"],
    ...                   "milestone": ["开工", "主体完工", "开工"], "county": ["甲县"] * 3,
    ...                   "planned_date": pd.to_datetime(["2023-03-01", "2023-09-30",
    ...                                                   "2023-12-01"]),
    ...                   "actual_date": pd.to_datetime(["2023-03-11", None, None])})
    >>> t = milestone_slippage(m, year=2023, through_month=10)
    >>> t[["status", "days_late", "open_overdue"]].values.tolist()
    [['逾期完成', 10, False], ['逾期未完成', 31, True], ['未到期', 0, False]]
    >>> m.loc[1, "actual_date"] = pd.Timestamp("2023-12-05")  # after the October cut-off
    >>> milestone_slippage(m, year=2023, through_month=10).loc[1, ["actual_date", "status"]].tolist()
    [NaT, '逾期未完成']
    """
    rows = for_county(milestones, county)
    status = deadline_status(
        rows["planned_date"], rows["actual_date"], year=year, through_month=through_month
    )
    out = pd.DataFrame(
        {
            "project_id": rows["project_id"].to_numpy(dtype=object),
            "milestone": rows["milestone"].to_numpy(dtype=object),
            "planned_date": rows["planned_date"].to_numpy(),
            "actual_date": rows["actual_date"]
            .where(dates_by_cutoff(rows["actual_date"], year=year, through_month=through_month))
            .to_numpy(),
            "status": status["status"].to_numpy(),
            "days_late": status["days_late"].to_numpy(),
            "due_in_period": dates_in_period(
                rows["planned_date"], year=year, through_month=through_month
            ),
            "open_overdue": (status["status"] == "逾期未完成").to_numpy(),
        }
    )
    if projects is not None:
        names = projects.drop_duplicates("project_id").set_index("project_id")["name"]
        out.insert(1, "name", out["project_id"].map(names).to_numpy(dtype=object))
    return out.sort_values("planned_date", kind="stable").reset_index(drop=True)


def milestones_due(
    milestones: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> int:
    """到期节点数 (milestones due in the period).

    Notes
    -----
    count of milestones with planned_date in months 1..through_month of ``year``.

    Examples
    --------
    >>> m = pd.DataFrame({"county": ["甲县", "甲县"],
    ...                   "planned_date": pd.to_datetime(["2023-03-01", "2023-12-01"]),
    ...                   "actual_date": pd.to_datetime([None, None])})
    >>> milestones_due(m, year=2023, through_month=10)
    1
    """
    return int(
        len(
            select(
                milestones,
                year=year,
                through_month=through_month,
                county=county,
                date="planned_date",
            )
        )
    )


def milestones_late(
    milestones: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> int:
    """滞后节点数 (milestones due in the period and done late or still open at the cut-off).

    Notes
    -----
    count of milestones with planned_date in the period and (actual_date > planned_date, or
    actual_date empty, or actual_date > cut-off).

    Examples
    --------
    >>> m = pd.DataFrame({"county": ["甲县"] * 3,
    ...                   "planned_date": pd.to_datetime(["2023-03-01", "2023-04-01",
    ...                                                   "2023-05-01"]),
    ...                   "actual_date": pd.to_datetime(["2023-03-01", "2023-04-02", None])})
    >>> milestones_late(m, year=2023, through_month=10)
    2
    """
    rows = select(
        milestones, year=year, through_month=through_month, county=county, date="planned_date"
    )
    done = dates_by_cutoff(rows["actual_date"], year=year, through_month=through_month)
    on_time = done & (rows["actual_date"] <= rows["planned_date"]).to_numpy(dtype=bool)
    return int((~on_time).sum())


def milestones_open_overdue(
    milestones: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> int:
    """逾期未完成节点数 (milestones open and overdue at the cut-off), whatever their due year.

    Notes
    -----
    count of milestones with planned_date ≤ cut-off and actual_date empty or > cut-off.

    Examples
    --------
    >>> m = pd.DataFrame({"county": ["甲县"] * 3,
    ...                   "planned_date": pd.to_datetime(["2022-03-01", "2023-04-01",
    ...                                                   "2023-12-01"]),
    ...                   "actual_date": pd.to_datetime([None, "2023-11-02", None])})
    >>> milestones_open_overdue(m, year=2023, through_month=10)
    2
    """
    rows = for_county(milestones, county)
    due = dates_by_cutoff(rows["planned_date"], year=year, through_month=through_month)
    done = dates_by_cutoff(rows["actual_date"], year=year, through_month=through_month)
    return int((due & ~done).sum())


def project_stages(
    milestones: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.Series:
    """项目所处阶段 (stage of each project at the cut-off).

    Returns
    -------
    pandas.Series
        Stage name (one of :data:`wbanalysis.schema.STAGES`) indexed by ``project_id``;
        projects without any milestone done by the cut-off are left out.

    Notes
    -----
    stage = the furthest stage, in the order of ``STAGES``, among the project's milestones
    with actual_date ≤ cut-off (each milestone completes the stage
    ``MILESTONE_STAGE[milestone]``); procedural milestones (报审, 招标, 合同签订…,
    :data:`wbanalysis.schema.PROCEDURAL_MILESTONES`) complete no stage.

    Examples
    --------
    >>> m = pd.DataFrame({"project_id": ["A", "A", "B"],
    ...                   "milestone": ["可研批复", "开工", "初设批复"], "county": ["甲县"] * 3,
    ...                   "planned_date": pd.to_datetime(["2022-01-01"] * 3),
    ...                   "actual_date": pd.to_datetime(["2022-05-01", "2023-11-01",
    ...                                                  "2023-02-01"])})
    >>> project_stages(m, year=2023, through_month=10).to_dict()
    {'A': '可研', 'B': '初设'}
    """
    rows = for_county(milestones, county)
    rows = rows[
        dates_by_cutoff(rows["actual_date"], year=year, through_month=through_month)
        & rows["milestone"].isin(list(MILESTONE_STAGE)).to_numpy(dtype=bool)
    ]
    ranks = rows["milestone"].map(lambda m: _STAGE_RANK[MILESTONE_STAGE[m]]).astype("int64")
    best = ranks.groupby(rows["project_id"].to_numpy(dtype=object)).max()
    out = best.map(lambda r: STAGES[r]).astype(object)
    out.index.name = "project_id"
    out.name = "stage"
    return out


def stage_pipeline(
    milestones: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.Series:
    """项目阶段分布 (stage pipeline): number of projects at each stage at the cut-off.

    Returns
    -------
    pandas.Series
        int64 counts indexed by :data:`wbanalysis.schema.STAGES` (可研 → 初设 → 专题报告 → 开工
        → 完工 → 验收); ``["开工"]`` is the number of projects under construction.

    Notes
    -----
    count[s] = number of projects whose stage (see :func:`project_stages`) is s.

    Examples
    --------
    >>> m = pd.DataFrame({"project_id": ["A", "B", "C"],
    ...                   "milestone": ["开工", "大坝封顶", "可研批复"], "county": ["甲县"] * 3,
    ...                   "planned_date": pd.to_datetime(["2022-01-01"] * 3),
    ...                   "actual_date": pd.to_datetime(["2023-05-01", "2023-06-01", None])})
    >>> stage_pipeline(m, year=2023).to_dict()
    {'可研': 0, '初设': 0, '专题报告': 0, '开工': 2, '完工': 0, '验收': 0}
    """
    stages = project_stages(milestones, year=year, through_month=through_month, county=county)
    counts = stages.value_counts()
    out = pd.Series(
        [int(counts.get(s, 0)) for s in STAGES],
        index=pd.Index(STAGES),
        dtype="int64",
        name="projects",
    )
    return out


def loan_drawdown_eur(
    loan_drawdowns: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    lender: str | None = None,
) -> float:
    """外资贷款提款 (foreign-loan drawdowns), 欧元.

    Notes
    -----
    drawdown = Σ ``amount_eur`` of the drawdowns dated in months 1..through_month of ``year``
    (optionally of one lender, e.g. 法开署 = AFD).

    Examples
    --------
    >>> d = pd.DataFrame({"project_id": ["A"], "county": ["甲县"], "lender": ["法开署"],
    ...                   "date": pd.to_datetime(["2023-11-06"]), "amount_eur": [341645.61]})
    >>> loan_drawdown_eur(d, year=2023)
    341645.61
    >>> loan_drawdown_eur(d, year=2023, through_month=10)
    0.0
    """
    rows = select(
        loan_drawdowns, year=year, through_month=through_month, county=county, date="date"
    )
    if lender is not None:
        check_choice("lender", lender, VOCABULARIES["lender"])
        rows = rows[rows["lender"] == lender]
    return total(rows["amount_eur"])


def drawdowns_by_lender(
    loan_drawdowns: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.Series:
    """分贷款机构提款 (drawdowns by lender), 欧元.

    Notes
    -----
    drawdown[lender] = Σ ``amount_eur`` dated in the period, for each lender.

    Examples
    --------
    >>> d = pd.DataFrame({"project_id": ["A"], "county": ["甲县"], "lender": ["法开署"],
    ...                   "date": pd.to_datetime(["2023-11-06"]), "amount_eur": [1000.0]})
    >>> drawdowns_by_lender(d, year=2023).to_dict()["法开署"]
    1000.0
    """
    rows = select(
        loan_drawdowns, year=year, through_month=through_month, county=county, date="date"
    )
    return sums_by(rows, "lender", "amount_eur", VOCABULARIES["lender"]).rename("amount_eur")


def milestones_behind(
    milestones: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    projects: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """本期滞后及逾期未完成的项目节点: the :func:`milestone_slippage` rows due in the period
    and not done on time, and those open and overdue at the cut-off.

    Examples
    --------
    >>> m = pd.DataFrame({"project_id": ["A", "B", "C"], "county": ["甲县"] * 3,
    ...     "milestone": ["开工", "开工", "完工"],
    ...     "planned_date": pd.to_datetime(["2023-03-01", "2023-04-01", "2022-06-01"]),
    ...     "actual_date": pd.to_datetime(["2023-03-01", "2023-05-01", None])})
    >>> milestones_behind(m, year=2023, through_month=10)["project_id"].tolist()
    ['C', 'B']
    """
    slip = milestone_slippage(
        milestones, year=year, through_month=through_month, county=county, projects=projects
    )
    return slip[(slip["due_in_period"] & (slip["status"] != "按期完成")) | slip["open_overdue"]]


def milestones_of_year(
    milestones: pd.DataFrame,
    *,
    year: int,
    through_month: int = 12,
    county: str | None = None,
    projects: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """本年度项目节点: the :func:`milestone_slippage` rows planned or done in ``year``, and
    those open and overdue at the cut-off.

    Examples
    --------
    >>> m = pd.DataFrame({"project_id": ["A", "B", "C"], "county": ["甲县"] * 3,
    ...     "milestone": ["开工", "开工", "完工"],
    ...     "planned_date": pd.to_datetime(["2023-03-01", "2022-04-01", "2022-06-01"]),
    ...     "actual_date": pd.to_datetime(["2023-03-01", "2022-05-01", None])})
    >>> milestones_of_year(m, year=2023, through_month=10)["project_id"].tolist()
    ['C', 'A']
    """
    slip = milestone_slippage(
        milestones, year=year, through_month=through_month, county=county, projects=projects
    )
    return slip[
        (slip["planned_date"].dt.year == year)
        | slip["open_overdue"]
        | (slip["actual_date"].dt.year == year)
    ]
