"""表头 (column labels): how a table of the reports heads and writes each column, in one place.

A metric function returns a DataFrame with English column names (``total_investment``,
``completion_rate``…); a report shows it under Chinese headers (``总投资（万元）``, ``完成率``)
with its cells written by :mod:`wbanalysis.units`. :data:`LABELS` maps every such column to a
:class:`Label` — its Chinese text, unit and formatter — and :func:`relabel` applies them, which
:func:`wbanalysis.reporting.show_table` does when given ``columns``. The tables the reports show
in several places are named here too (:data:`PROJECT_INVESTMENT`, :data:`MILESTONES` …), so
that each is written once.

A header may name the report's period: ``{period}`` (1－10月), ``{year}``, ``{next_year}``,
``{period_label}`` (2023年1－10月), ``{cutoff}`` (截至10月), ``{name}`` (XX市 / 白沙县),
``{place}`` (全市 / 白沙县), filled from the report's :class:`~wbanalysis.scope.Scope`.

>>> from wbanalysis.scope import Scope
>>> LABELS["completed_year"].header(Scope(2023, 10))
'1－10月完成（万元）'
>>> LABELS["completion_rate"].write(87.9)
'87.90%'
>>> df = pd.DataFrame({"name": ["甲水厂"], "completion_rate": [50.0]})
>>> shown, formats = relabel(df, {"name": "子项目", "completion_rate": None})
>>> list(shown.columns), formats["完成率"](50.0)
(['子项目', '完成率'], '50.00%')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from .schema import PROJECT_STATUSES
from .scope import Scope
from .units import (
    MISSING,
    format_count,
    format_date,
    format_number,
    format_percent,
    format_rank,
    format_surplus,
)

__all__ = [
    "Label",
    "LABELS",
    "label",
    "relabel",
    "header",
    "write_cell",
    "Columns",
    "STATUS_BY_CATEGORY",
    "INVESTMENT_BY_CATEGORY",
    "PROJECT_INVESTMENT",
    "MILESTONES",
    "MILESTONES_BEHIND",
    "RURAL_SUBPROJECTS",
    "PLAN_STATUS",
    "NEXT_TARGETS",
    "ASSESSMENTS",
    "assessments",
    "FUNDS_BY_PROGRAMME",
    "FUNDS_BY_CHANNEL",
    "PLAN_STATUS_LATE",
    "REINFORCEMENT",
    "PATROLS_BY_LEVEL",
    "OPEN_ISSUES",
    "SPECIAL_ACTIONS",
    "ECO_FLOW",
    "RURAL_WATER_BY_KIND",
    "RURAL_WATER_BY_COUNTY",
    "FEES_BY_WORK",
    "storage",
    "quantities",
    "preparedness",
    "FLOOD_SEASON_BY_COUNTY",
]

#: A table's columns: names in order (each with its :data:`LABELS` entry), or names mapped to
#: this table's own header (a text, placeholders allowed; the formatter stays) or
#: :class:`Label` (``None``: the entry in :data:`LABELS`).
Columns = Sequence[str] | Mapping[str, "str | Label | None"]


@dataclass(frozen=True)
class Label:
    """How one column is headed and written.

    ``text`` is the header without its unit, ``unit`` is written after it in full-width
    brackets (``总投资（万元）``); ``format`` writes a cell (``None``: :func:`write_cell`, as
    any cell; it is given the cells as pandas holds them, hence ``Any``); ``missing`` is what
    an empty cell reads when the column says more than ``—`` (placeholders as in headers:
    ``{cutoff}未完成``).
    """

    text: str
    unit: str = ""
    format: Callable[[Any], str] | None = None
    missing: str | None = None

    def header(self, scope: Scope | None = None) -> str:
        """The header of the column, its placeholders filled from ``scope``."""
        text = f"{self.text}（{self.unit}）" if self.unit else self.text
        return _fill(text, scope)

    def write(self, value: object, scope: Scope | None = None) -> str:
        """One cell as the report shows it (only for a column with a ``format`` or ``missing``)."""
        if self.missing is not None and _empty(value):
            return _fill(self.missing, scope)
        if self.format is None:
            return write_cell(value)
        return self.format(value)

    def formatter(self, scope: Scope | None = None) -> Callable[[object], str] | None:
        """The function writing this column's cells, or ``None`` for the default."""
        if self.format is None and self.missing is None:
            return None
        return lambda value: self.write(value, scope)


def write_cell(value: object) -> str:
    """A cell of a column without a formatter: numbers through
    :func:`wbanalysis.units.format_number`, ``是``/``否``, ``—`` for no value, text as it is.

    >>> write_cell(1650.20), write_cell(True), write_cell(None), write_cell("<b>")
    ('1650.2', '是', '—', '<b>')
    """
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return format_number(value)
    if _empty(value):
        return MISSING
    return str(value)


def _empty(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _fill(text: str, scope: Scope | None) -> str:
    if "{" not in text:
        return text
    if scope is None:
        raise ValueError(f"the header {text!r} names the period: give the report's scope")
    return text.format(
        year=scope.year,
        next_year=scope.year + 1,
        period=scope.period,
        period_label=scope.period_label,
        cutoff=scope.cutoff,
        name=scope.name,
        place=scope.place,
    )


def _dash_if_empty(value: str | None) -> str:
    """A text, or ``—`` for an empty one (a project without a status)."""
    return value or MISSING


def _assessed_year(value: float) -> str:
    return f"{int(value)}年度"


def _streak(value: float) -> str:
    return format_count(value, "年") if value else MISSING


#: Every column a report table shows, by the name metric functions give it.
LABELS: dict[str, Label] = {
    # projects and their investment
    "name": Label("项目"),
    "category": Label("项目类别"),
    "projects": Label("项目", "个"),
    "status": Label("状态"),
    "total_investment": Label("总投资", "万元"),
    "planned_year": Label("本年计划", "万元"),
    "completed_year": Label("{period}完成", "万元"),
    "completed_cumulative": Label("累计完成", "万元"),
    "plan_completion_rate": Label("计划完成率", format=format_percent),
    "completion_rate": Label("完成率", format=format_percent),
    "reservoir": Label("水库"),
    "scale": Label("规模"),
    "finished": Label("主体完工日期", format=format_date),
    # milestones and plan targets
    "milestone": Label("节点"),
    "planned_date": Label("计划日期", format=format_date),
    "actual_date": Label("实际日期", format=format_date),
    "days_late": Label("滞后天数"),
    "description": Label("目标"),
    "due_date": Label("计划完成日期", format=format_date),
    "achieved_date": Label("实际完成日期", format=format_date),
    # funds
    "level": Label("级别"),
    "programme": Label("资金类别"),
    "channel": Label("筹资渠道"),
    "secured": Label("争取", "万元"),
    "arrived": Label("到位", "万元"),
    "arrival_rate": Label("到位率", format=format_percent),
    # storage
    "county": Label("县（区）"),
    "target": Label("任务", "万m³"),
    "actual": Label("实际", "万m³"),
    "surplus": Label("与任务相比", format=format_surplus),
    # rivers
    "chiefs": Label("河湖长", "名"),
    "required": Label("应巡查", "次", format=format_number),
    "done": Label("实际巡查", "次"),
    "credited": Label("计入完成", "次", format=format_number),
    "issue_id": Label("编号"),
    "river": Label("河湖"),
    "issue_type": Label("类型"),
    "found_date": Label("发现日期", format=format_date),
    "age_days": Label("已挂账天数"),
    "activity_type": Label("行动"),
    "actions": Label("次数"),
    "participants": Label("参与干群", "名"),
    "river_km": Label("清理河道", "km"),
    "rubbish_t": Label("清理垃圾", "吨"),
    # supervision
    "assessment": Label("考核"),
    "assessed_year": Label("考核年度", format=_assessed_year),
    "grade": Label("等次"),
    "rank": Label("名次", format=format_rank),
    "rank_among": Label("排名范围"),
    "streak": Label("连续优秀", "年", format=_streak),
    "months_reported": Label("报送月数"),
    "months_compliant": Label("达标月数"),
    # rural water
    "kind": Label("工程类型"),
    "works": Label("工程", "件"),
    "population": Label("受益人口", "人"),
    "priced": Label("已定价", "件"),
    "pricing_coverage": Label("定价覆盖率", format=format_percent),
    "billed": Label("应收", "元", format=format_number),
    "collected": Label("实收", "元", format=format_number),
    "collection_rate": Label("收缴率", format=format_percent),
}


def label(column: str, override: str | Label | None = None) -> Label:
    """The label of ``column``: its :data:`LABELS` entry, or this table's own.

    A text ``override`` is the whole header (unit included) and keeps the entry's formatter;
    a column that is not an identifier (``新开工``, ``河道治理``) is its own header.
    """
    if isinstance(override, Label):
        return override
    known = LABELS.get(column)
    if known is None:
        if column.isascii():
            raise KeyError(f"no label for column {column!r}: add it to wbanalysis.labels.LABELS")
        known = Label(column)
    return replace(known, text=override, unit="") if override is not None else known


def header(column: str, scope: Scope | None = None) -> str:
    """The Chinese header of ``column`` (``total_investment`` → ``总投资（万元）``)."""
    return label(column).header(scope)


def relabel(
    df: pd.DataFrame, columns: Columns, scope: Scope | None = None
) -> tuple[pd.DataFrame, dict[str, Callable[[object], str]]]:
    """``df``'s ``columns``, in that order, under their headers, and the formatters by header."""
    chosen = columns if isinstance(columns, Mapping) else dict.fromkeys(columns)
    labels = {column: label(column, override) for column, override in chosen.items()}
    headers = {column: lab.header(scope) for column, lab in labels.items()}
    formats = {
        headers[column]: fmt
        for column, lab in labels.items()
        if (fmt := lab.formatter(scope)) is not None
    }
    return df[list(chosen)].rename(columns=headers), formats


# The tables several reports show, each written once.

#: 分类别项目建设状态 (:func:`wbanalysis.metrics.status_by_category`, index reset).
STATUS_BY_CATEGORY: dict = {"category": None, "projects": "项目", **dict.fromkeys(PROJECT_STATUSES)}

#: 分类别项目投资完成情况 (:func:`wbanalysis.metrics.investment_by_category`, index reset).
INVESTMENT_BY_CATEGORY: dict = dict.fromkeys(
    (
        "category",
        "projects",
        "total_investment",
        "planned_year",
        "completed_year",
        "completed_cumulative",
        "plan_completion_rate",
    )
)

#: 项目投资完成情况, one row per project with its 建设状态
#: (:func:`wbanalysis.metrics.active_projects`).
PROJECT_INVESTMENT: dict = {
    "name": None,
    "category": "类别",
    "status": Label("建设状态", format=_dash_if_empty),
    **dict.fromkeys(
        (
            "total_investment",
            "planned_year",
            "completed_year",
            "completed_cumulative",
            "plan_completion_rate",
        )
    ),
}

#: 项目节点：计划与实际 (:func:`wbanalysis.metrics.milestone_slippage`).
MILESTONES: tuple = ("name", "milestone", "planned_date", "actual_date", "status", "days_late")

#: 本期滞后及逾期未完成的项目节点 (:func:`wbanalysis.metrics.milestones_behind`): a
#: milestone not done by the cut-off says so.
MILESTONES_BEHIND: dict = {
    **dict.fromkeys(MILESTONES),
    "actual_date": Label("实际日期", format=format_date, missing="{cutoff}未完成"),
}

#: 农村供水专项行动子项目投资完成情况 (:func:`wbanalysis.metrics.project_investment`).
RURAL_SUBPROJECTS: dict = {
    "name": "子项目",
    "total_investment": None,
    "completed_cumulative": None,
    "completed_year": "{year}年完成（万元）",
    "completion_rate": None,
}

#: 年度计划目标完成情况 (:func:`wbanalysis.metrics.plan_status`).
PLAN_STATUS: tuple = ("description", "due_date", "achieved_date", "status")

#: 下一年度工作计划节点目标 (:func:`wbanalysis.metrics.next_year_targets`).
NEXT_TARGETS: tuple = ("description", "due_date")

#: 考核结果 (:func:`wbanalysis.metrics.assessment_results`): the city's report ranks its
#: counties; a county's shows its own results (no county, no ranking scope).
ASSESSMENTS: dict = {
    "assessment": None,
    "assessed_year": None,
    "county": Label("县（区）", missing="{name}"),
    "grade": None,
    "rank": None,
    "rank_among": None,
    "streak": None,
}


def assessments(scope: Scope) -> dict:
    """The :data:`ASSESSMENTS` columns a report of ``scope`` shows.

    >>> list(assessments(Scope(2023, 10, county="白沙县")))
    ['assessment', 'assessed_year', 'grade', 'rank', 'streak']
    """
    if scope.is_city:
        return dict(ASSESSMENTS)
    return {k: v for k, v in ASSESSMENTS.items() if k not in ("county", "rank_among")}


#: 资金争取与到位 (:func:`wbanalysis.metrics.funds_by_programme`).
FUNDS_BY_PROGRAMME: tuple = ("level", "programme", "secured", "arrived", "arrival_rate")

#: 分筹资渠道资金 (:func:`wbanalysis.metrics.channel_arrivals`).
FUNDS_BY_CHANNEL: tuple = ("channel", "secured", "arrived", "arrival_rate")

#: 年度计划目标, with how late each one is (:func:`wbanalysis.metrics.plan_status`).
PLAN_STATUS_LATE: dict = {**dict.fromkeys(PLAN_STATUS), "days_late": "逾期天数"}

#: 除险加固项目 (:func:`wbanalysis.metrics.reinforcement_projects`).
REINFORCEMENT: dict = {
    "name": None,
    "reservoir": None,
    "scale": None,
    "status": "建设状态",
    "finished": None,
}

#: 分层级巡查完成情况 (:func:`wbanalysis.metrics.patrol_completion_by_level`, index reset).
PATROLS_BY_LEVEL: dict = {
    "level": "层级",
    **dict.fromkeys(("chiefs", "required", "done", "credited", "completion_rate")),
}

#: 未销号问题 (:func:`wbanalysis.metrics.open_issues`).
OPEN_ISSUES: tuple = ("issue_id", "county", "river", "issue_type", "found_date", "age_days")

#: 专项行动 (:func:`wbanalysis.metrics.special_actions`, index reset).
SPECIAL_ACTIONS: tuple = ("activity_type", "actions", "participants", "river_km", "rubbish_t")

#: 生态流量未达标或未按月报送的电站 (:func:`wbanalysis.metrics.eco_flow_by_station`).
ECO_FLOW: dict = {"name": "电站", "county": None, "months_reported": None, "months_compliant": None}

#: 集中与分散供水工程 (:func:`wbanalysis.metrics.works_by_kind`, index reset).
RURAL_WATER_BY_KIND: tuple = (
    "kind",
    "works",
    "population",
    "priced",
    "pricing_coverage",
    "billed",
    "collected",
    "collection_rate",
)

#: 分县（区）农村水费收缴 (:func:`wbanalysis.metrics.rural_water_by_county`, index reset).
RURAL_WATER_BY_COUNTY: tuple = (
    "county",
    "works",
    "priced",
    "pricing_coverage",
    "billed",
    "collected",
    "collection_rate",
)

#: 各工程水费收缴 (:func:`wbanalysis.metrics.fee_collection_by_work`).
FEES_BY_WORK: dict = {"name": "工程", "billed": None, "collected": None, "collection_rate": None}


def storage(scope: Scope) -> dict:
    """蓄水情况 (:func:`wbanalysis.metrics.storage_by_place`, index reset): the city's
    counties or a county's reservoirs.

    >>> list(storage(Scope(2023, 10, county="白沙县")).items())[0]
    ('name', '水库')
    """
    place = {"county": None} if scope.is_city else {"name": "水库"}
    return {**place, **dict.fromkeys(("target", "actual", "surplus", "completion_rate"))}


def quantities(table: pd.DataFrame) -> dict:
    """各项目完成的工程量与效益 (:func:`wbanalysis.metrics.quantities_by_project`): each
    quantity headed with its unit (``河道治理（公里）``)."""
    from .metrics.quantities import QUANTITY_UNITS

    kinds = [c for c in table.columns if c not in ("project_id", "name", "category")]
    return {"name": None, "category": "类别", **{k: f"{k}（{QUANTITY_UNITS[k]}）" for k in kinds}}


def preparedness(prepared: pd.DataFrame) -> pd.DataFrame:
    """防汛抗旱准备 as shown (:func:`wbanalysis.metrics.preparedness`, index reset): the kinds
    with anything, each count with its measure word, the people (``—`` for none)."""
    prepared = prepared[prepared["count"] > 0]
    return pd.DataFrame(
        {
            "类型": prepared["kind"],
            "数量": [
                format_count(n, w) for n, w in zip(prepared["count"], prepared["word"], strict=True)
            ],
            "人数": [format_count(p, "人") if p else MISSING for p in prepared["people"]],
        }
    )


#: 分县区汛期水雨情 (:func:`wbanalysis.monitoring.totals.by_county`, index reset).
FLOOD_SEASON_BY_COUNTY: dict[str, str | Label | None] = {
    "county": Label("县区"),
    "rain_gauges": Label("雨量站", "个"),
    "area_rainfall": Label("面平均降雨量", "mm"),
    "max_24h": Label("最大24小时降雨量", "mm"),
    "reservoirs": Label("水库站", "个"),
    "reservoirs_above": Label("超汛限水库", "座"),
    "hours_above": Label("超汛限累计时长", "小时"),
    "max_exceedance": Label("最大超汛限幅度", "m"),
    "arrival_rate": Label("到报率", format=format_percent),
}
