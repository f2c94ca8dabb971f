"""工作计划跟踪 (plan tracking): dated targets checked against what happened by a cut-off.

``plan_targets`` is the 计划目标 ledger: one row per dated target ("XXX水库2024年10月完成初设批复
并开工"), with its due date, the date it was achieved (empty while open) and, through its
project, a ``county`` (empty for city-wide targets without a project).
"""

from __future__ import annotations

import pandas as pd

from ..dataset import for_county
from ._common import DEADLINE_STATUSES, counts_by, dates_by_cutoff, deadline_status

__all__ = ["PLAN_STATUSES", "plan_status", "plan_summary", "next_year_targets"]

#: Status of a target at the cut-off, in report order.
PLAN_STATUSES: tuple[str, ...] = DEADLINE_STATUSES


def _due_in_year(plan_targets: pd.DataFrame, year: int, county: str | None) -> pd.DataFrame:
    due = plan_targets["due_date"].to_numpy(dtype="datetime64[ns]")
    start = pd.Timestamp(year=int(year), month=1, day=1).to_datetime64()
    end = pd.Timestamp(year=int(year) + 1, month=1, day=1).to_datetime64()
    return for_county(plan_targets[(due >= start) & (due < end)], county)


def plan_status(
    plan_targets: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.DataFrame:
    """计划目标完成情况 (status of each plan target at the cut-off).

    Parameters
    ----------
    plan_targets : the 计划目标 table.
    year : the targets whose due_date falls in ``year`` are tracked.
    through_month : the cut-off is the last day of this month of ``year``.
    county : a county (targets without a project belong to no county), or ``None``.

    Returns
    -------
    pandas.DataFrame
        The targets due in ``year`` with their ``target_id``, ``description``, ``due_date``,
        ``achieved_date``, ``status`` and ``days_late`` (int), ordered by due date.

    Notes
    -----
    按期完成: achieved ≤ due (and ≤ cut-off); 逾期完成: due < achieved ≤ cut-off;
    未到期: open and due > cut-off; 逾期未完成: open and due ≤ cut-off. A target is open when
    achieved_date is empty or later than the cut-off. days_late = achieved − due (逾期完成),
    cut-off − due (逾期未完成), else 0.

    Examples
    --------
    >>> t = pd.DataFrame({"target_id": ["T1", "T2", "T3", "T4"], "county": ["甲县"] * 4,
    ...                   "description": ["初设批复", "开工", "蓄水验收", "竣工验收"],
    ...                   "due_date": pd.to_datetime(["2024-03-31", "2024-06-30",
    ...                                               "2024-09-30", "2024-11-30"]),
    ...                   "achieved_date": pd.to_datetime(["2024-03-01", "2024-07-10",
    ...                                                    None, None])})
    >>> plan_status(t, year=2024, through_month=10)[["status", "days_late"]].values.tolist()
    [['按期完成', 0], ['逾期完成', 10], ['逾期未完成', 31], ['未到期', 0]]
    """
    rows = _due_in_year(plan_targets, year, county)
    status = deadline_status(
        rows["due_date"], rows["achieved_date"], year=year, through_month=through_month
    )
    out = rows[["target_id", "description", "due_date", "achieved_date"]].copy()
    # an achievement after the cut-off had not happened at the cut-off
    out["achieved_date"] = out["achieved_date"].where(
        dates_by_cutoff(out["achieved_date"], year=year, through_month=through_month)
    )
    out["status"] = status["status"]
    out["days_late"] = status["days_late"]
    return out.sort_values("due_date", kind="stable").reset_index(drop=True)


def plan_summary(
    plan_targets: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.Series:
    """计划目标完成统计 (plan targets by status at the cut-off).

    Returns
    -------
    pandas.Series
        int64 counts indexed by 按期完成, 逾期完成, 未到期, 逾期未完成 (the four add up to the
        number of targets due in ``year``).

    Notes
    -----
    count[s] = number of targets due in ``year`` whose status at the cut-off is s (see
    :func:`plan_status`).

    Examples
    --------
    >>> t = pd.DataFrame({"target_id": ["T1", "T2"], "county": ["甲县", None],
    ...                   "description": ["开工", "验收"],
    ...                   "due_date": pd.to_datetime(["2024-03-31", "2024-11-30"]),
    ...                   "achieved_date": pd.to_datetime(["2024-03-01", None])})
    >>> plan_summary(t, year=2024, through_month=10).to_dict()
    {'按期完成': 1, '逾期完成': 0, '未到期': 1, '逾期未完成': 0}
    """
    rows = _due_in_year(plan_targets, year, county)
    status = deadline_status(
        rows["due_date"], rows["achieved_date"], year=year, through_month=through_month
    )
    return counts_by(status["status"], PLAN_STATUSES).rename("targets")


def next_year_targets(
    plan_targets: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.DataFrame:
    """下一年度工作计划节点目标 (next year's targets), as the summary of ``year`` plans them.

    The targets filed under ``year + 1`` (the ledger's ``year``) for ``county`` (``None``: all
    of them), in ledger order; ``through_month`` is accepted for a uniform call.

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2024, 2024, 2023], "county": ["甲县", "乙县", "甲县"],
    ...                   "description": ["甲水库开工", "乙渠完工", "丙闸验收"]})
    >>> next_year_targets(t, year=2023)["description"].tolist()
    ['甲水库开工', '乙渠完工']
    >>> next_year_targets(t, year=2023, county="乙县")["description"].tolist()
    ['乙渠完工']
    """
    rows = plan_targets[plan_targets["year"] == year + 1]
    return rows if county is None else rows[rows["county"] == county]
