"""Checks across the project ledgers: project trees, and milestones against investment.

What no single ledger shows, located at the row the analyst must look at:

- errors: a 所属项目编号 chain that loops back (A → B → A: no project would be a leaf and
  their investment would vanish); an umbrella (总项目) whose monthly investment equals the sum
  of its sub-projects' that month (the sub-projects' amounts entered a second time);
- notices: an umbrella whose 总投资 is smaller than its sub-projects' (its own part, 本级, is
  taken as 0); a project with investment in a year and no 开工 done by the end of that year
  (its status is 前期, not 储备 — see :func:`wbanalysis.metrics.project_status`); a
  construction milestone (大坝封顶, 主体完工, 下闸蓄水验收, 竣工验收) done without 开工, or
  before it, and 竣工验收 before 主体完工.

The rules of the figures themselves live in :mod:`wbanalysis.metrics.investment`
(:func:`~wbanalysis.metrics.investment.investment_units`) and
:mod:`wbanalysis.metrics.portfolio`; these checks say where the ledgers make them guess.
"""

from __future__ import annotations

import math

import pandas as pd

from ..errors import NOTICE, Problem
from ..schema import CONSTRUCTION_MILESTONES, TABLES
from ..units.format import format_amount
from .parts import Part, stacked

__all__ = ["check_projects"]

_TOLERANCE = 1e-6  # 万元: amounts equal to the rounding of a float sum


def _where(table, position: int, column: str) -> dict:
    part, row = table.where(position)
    header = part.headers.get(column) or table.ledger.column(column).zh
    return {"file": part.file, "sheet": part.sheet, "row": row, "column": header}


def _named(pid: object, names: dict) -> str:
    name = names.get(pid)
    return f"项目 {pid}（{name}）" if isinstance(name, str) and name else f"项目 {pid}"


def check_projects(by_ledger: dict[str, list[Part]]) -> list[Problem]:
    """Every problem across 项目台账, 项目投资进度 and 项目节点 (see the module docstring)."""
    if not by_ledger.get("projects"):
        return []
    projects = stacked(
        TABLES["projects"],
        by_ledger["projects"],
        ["project_id", "name", "total_investment", "parent_id"],
    )
    if "project_id" not in projects.frame.columns:
        return []
    frame = projects.frame
    names = dict(zip(frame["project_id"], frame["name"], strict=False))
    problems = _cycles(projects, names)
    progress = None
    if by_ledger.get("project_progress"):
        progress = stacked(
            TABLES["project_progress"],
            by_ledger["project_progress"],
            ["project_id", "year", "month", "investment"],
        )
        if not {"project_id", "year", "month", "investment"} <= set(progress.frame.columns):
            progress = None
    problems += _umbrella_totals(projects, names)
    if progress is not None:
        problems += _repeated_children(projects, progress, names)
    milestones = None
    if by_ledger.get("milestones"):
        milestones = stacked(
            TABLES["milestones"],
            by_ledger["milestones"],
            ["project_id", "milestone", "actual_date"],
        )
        if not {"project_id", "milestone", "actual_date"} <= set(milestones.frame.columns):
            milestones = None
    if milestones is not None:
        problems += _contradictions(milestones, names)
    if progress is not None:
        umbrellas = set(frame["parent_id"].dropna())
        problems += _invested_not_started(progress, milestones, names, umbrellas)
    return problems


def _cycles(projects, names: dict) -> list[Problem]:
    frame = projects.frame
    if "parent_id" not in frame.columns:
        return []
    parent = {
        p: q for p, q in zip(frame["project_id"], frame["parent_id"], strict=True) if pd.notna(q)
    }
    position = {p: i for i, p in enumerate(frame["project_id"])}
    problems, seen = [], set()
    for start in parent:
        chain, p = [start], parent[start]
        while p in parent and p not in chain:
            chain.append(p)
            p = parent[p]
        if p != start or start in seen:
            continue
        seen |= set(chain)
        loop = " → ".join(str(x) for x in [*chain, start])
        problems.append(
            Problem(
                message=f"{_named(start, names)}的所属项目编号形成循环（{loop}）：这些项目都成了"
                "别的项目的上级，没有一个能计入合计",
                value=parent[start],
                allowed="上级项目（总项目）的编号，且上级项目不能直接或间接属于本项目",
                **_where(projects, position[start], "parent_id"),
            )
        )
    return problems


def _umbrella_totals(projects, names: dict) -> list[Problem]:
    frame = projects.frame
    if not {"parent_id", "total_investment"} <= set(frame.columns):
        return []
    totals = frame["total_investment"].astype("float64")
    children = totals.groupby(frame["parent_id"].to_numpy(dtype=object)).sum()
    counts = frame.groupby(frame["parent_id"].to_numpy(dtype=object)).size()
    problems = []
    for i, (pid, total) in enumerate(zip(frame["project_id"], totals, strict=True)):
        if pid not in children.index or math.isnan(total):
            continue
        covered = float(children[pid])
        if total < covered - _TOLERANCE:
            problems.append(
                Problem(
                    message=f"{_named(pid, names)}是总项目，其总投资小于所属 {int(counts[pid])} 个"
                    f"子项目的总投资之和（{format_amount(covered)}）：合计总投资时按子项目计，"
                    "总项目本级计 0",
                    value=total,
                    allowed=f"不小于子项目之和 {format_amount(covered)}（总项目总投资含子项目）",
                    level=NOTICE,
                    **_where(projects, i, "total_investment"),
                )
            )
    return problems


def _repeated_children(projects, progress, names: dict) -> list[Problem]:
    frame, rows = projects.frame, progress.frame
    if "parent_id" not in frame.columns:
        return []
    parent = dict(zip(frame["project_id"], frame["parent_id"], strict=True))
    umbrellas = {q for q in parent.values() if pd.notna(q)}
    invest = rows["investment"].astype("float64")
    month = list(zip(rows["year"], rows["month"], strict=True))
    children: dict[tuple, float] = {}
    for pid, when, amount in zip(rows["project_id"], month, invest, strict=True):
        up = parent.get(pid)
        if pd.notna(up) and not math.isnan(amount):
            key = (up, when)
            children[key] = children.get(key, 0.0) + amount
    problems = []
    for i, (pid, when, amount) in enumerate(zip(rows["project_id"], month, invest, strict=True)):
        if pid not in umbrellas or math.isnan(amount) or amount <= 0:
            continue
        below = children.get((pid, when))
        if below is not None and abs(below - amount) <= _TOLERANCE * max(1.0, amount):
            problems.append(
                Problem(
                    message=f"{_named(pid, names)}是总项目，其{when[0]}年{when[1]}月完成投资等于"
                    "其子项目当月完成投资之和，疑似把子项目的投资重复填在总项目下（会重复计入合计）",
                    value=amount,
                    allowed="总项目本级的投资（如前期工作费、管理费）；子项目的投资填在子项目编号下",
                    **_where(progress, i, "investment"),
                )
            )
    return problems


def _starts(milestones) -> pd.Series:
    """The actual date of each project's 开工 (the earliest, when written twice)."""
    rows = milestones.frame
    done = rows[(rows["milestone"] == "开工") & rows["actual_date"].notna()]
    return done.groupby(done["project_id"].to_numpy(dtype=object))["actual_date"].min()


def _contradictions(milestones, names: dict) -> list[Problem]:
    rows = milestones.frame
    start = _starts(milestones)
    done = rows["actual_date"].notna()
    main = rows[(rows["milestone"] == "主体完工") & done]
    main_at = main.groupby(main["project_id"].to_numpy(dtype=object))["actual_date"].min()
    problems = []
    for i, (pid, milestone, date) in enumerate(
        zip(rows["project_id"], rows["milestone"], rows["actual_date"], strict=True)
    ):
        if pd.isna(date) or milestone == "开工" or milestone not in CONSTRUCTION_MILESTONES:
            continue
        began = start.get(pid)
        if began is None:
            reason = "但没有已完成的“开工”节点"
            effect = "项目按已开工计（不计前期），开工年份不明，不计新开工"
        elif date < began:
            reason = f"早于“开工”（{began:%Y-%m-%d}）"
            effect = "项目仍按开工日期计"
        elif milestone == "竣工验收" and pid in main_at and date < main_at[pid]:
            reason = f"早于“主体完工”（{main_at[pid]:%Y-%m-%d}）"
            effect = "请核对两个日期"
        else:
            continue
        problems.append(
            Problem(
                message=f"{_named(pid, names)}的“{milestone}”已于 {date:%Y-%m-%d} 完成，"
                f"{reason}：节点前后矛盾，{effect}",
                value=f"{date:%Y-%m-%d}",
                allowed="先开工、后完工、再验收；已开工请填写“开工”节点的实际日期",
                level=NOTICE,
                **_where(milestones, i, "actual_date"),
            )
        )
    return problems


def _invested_not_started(progress, milestones, names: dict, umbrellas: set) -> list[Problem]:
    """Per project and year with investment: no construction milestone done by the year's end."""
    rows = progress.frame
    started: dict[object, pd.Timestamp] = {}
    if milestones is not None:
        m = milestones.frame
        m = m[m["milestone"].isin(CONSTRUCTION_MILESTONES) & m["actual_date"].notna()]
        started = m.groupby(m["project_id"].to_numpy(dtype=object))["actual_date"].min().to_dict()
    invest = rows["investment"].astype("float64")
    first: dict[tuple, int] = {}
    sums: dict[tuple, float] = {}
    for i, (pid, year, amount) in enumerate(
        zip(rows["project_id"], rows["year"], invest, strict=True)
    ):
        if pid in umbrellas or pd.isna(year) or math.isnan(amount) or amount <= 0:
            continue
        key = (pid, int(year))
        first.setdefault(key, i)
        sums[key] = sums.get(key, 0.0) + amount
    problems = []
    for (pid, year), i in first.items():
        began = started.get(pid)
        if began is not None and began.year <= year:
            continue
        problems.append(
            Problem(
                message=f"{_named(pid, names)}{year}年完成投资{format_amount(sums[(pid, year)])}，"
                f"但《项目节点》中截至{year}年底没有已完成的“开工”节点：该年的项目建设状态计为"
                "前期（不计储备，也不计新开工、续建）",
                value=rows["investment"].iloc[i],
                allowed="已开工的项目在《项目节点》填写“开工”及其实际日期；前期工作费等未开工投资可不改",
                level=NOTICE,
                **_where(progress, i, "investment"),
            )
        )
    return problems
