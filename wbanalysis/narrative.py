"""Draft sentences of the work summary, in the bureau's style, from the indicator values.

Each function takes the ``{key: value}`` mapping of :func:`wbanalysis.indicators.
compute_indicators` and the report's :class:`~wbanalysis.scope.Scope`, and returns one paragraph
of plain text (no markup: the caller escapes it). Figures are attributed to the scope's place
(the whole city in the city's report, the county in a county's), periods and numbers are written by
:mod:`wbanalysis.units`. A sentence whose figures are missing (NaN, or zero where the summary
would say nothing) is left out rather than written with a dash.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeGuard

import pandas as pd

from . import metrics, units
from .indicators import catalogue_of, cite, compute_indicators
from .indicators.catalogue import CATALOGUE, CHIEF_LEVEL_KEYS
from .io.citations import MISSING_MARK
from .scope import Scope

if TYPE_CHECKING:  # pragma: no cover
    from .dataset import Dataset
    from .metrics.resources import WaterEfficiency
    from .metrics.trends import Trend

__all__ = [
    "funding_paragraph",
    "investment_paragraph",
    "rural_supply_paragraph",
    "flood_paragraph",
    "flood_season_paragraph",
    "flood_season_title",
    "rivers_paragraph",
    "patrol_level_keys",
    "supervision_paragraph",
    "party_paragraph",
    "projects_paragraph",
    "plan_paragraph",
    "status_paragraph",
    "investment_plan_paragraph",
    "channels_paragraph",
    "construction_paragraph",
    "quantities_paragraph",
    "disasters_paragraph",
    "rural_coverage_paragraph",
    "SummaryText",
    "FULL_ARRIVAL",
    "FEE_COLLECTION_FLOOR",
    "loans_sentence",
    "targets_sentence",
    "storage_shortfall_sentence",
    "water_use_sentence",
    "storage_title",
    "construction_note",
    "reinforcement_paragraph",
    "enforcement_paragraph",
    "red_lines_paragraph",
    "party_section",
    "problems_paragraph",
    "trend_sentence",
    "trend_note",
]


def _ok(v: float | None) -> TypeGuard[float]:
    """``v`` is a figure: neither ``None`` (not in the mapping) nor NaN."""
    return v is not None and not (isinstance(v, float) and math.isnan(v))


def _have(v: Mapping[str, float], *keys: str) -> bool:
    """Every one of ``keys`` has a value (a missing ledger gives NaN: no data, never 0)."""
    return all(_ok(v.get(k)) for k in keys)


def _no_data(what: str) -> str:
    return f"{what}无数据（相关台账未提供）。"


def _positive(v: Mapping[str, float], key: str) -> bool:
    return _ok(v.get(key)) and v[key] > 0


def _amount(v: float, *, yi: bool = True) -> str:
    return units.format_amount(v, yi=yi)


def _join(sentences: list[str]) -> str:
    return "".join(s for s in sentences if s)


def _n(value: float, word: str) -> str:
    """A count with its measure word (``425名``), through :func:`units.format_count`."""
    return units.format_count(value, word)


def _pct(value: float) -> str:
    """A percentage in a sentence: no trailing zeros (``100%``, ``79.49%``, ``87.9%``)."""
    return units.format_percent(value, trim=True)


def _say(v: Mapping[str, float], key: str) -> str:
    """An indicator as a sentence writes it (``2万余次`` where the bureau approximates)."""
    return CATALOGUE[key].say(v[key])


def funding_paragraph(
    v: Mapping[str, float],
    scope: Scope,
    programmes: Mapping[str, Mapping[str, float]] | None = None,
) -> str:
    """资金争取 (funds secured), by level and, where a level has several, by programme.

    ``programmes`` maps a level (中央, 省级…) to ``{programme: 万元}`` (see
    :func:`wbanalysis.metrics.funds_by_programme`); the city's own funds are written
    ``XX市本级资金`` in the city's report.

    >>> funding_paragraph({"funding.total": 3209, "funding.central": 1650.2,
    ...     "funding.provincial": 436, "funding.city": 1122.8, "funding.county": 0},
    ...     Scope(2023, 10, city="XX市"),
    ...     {"中央": {"中央水利发展资金": 1554.2, "中央农业防灾减灾和水利救灾资金": 96}})
    '截至10月，共争取项目资金3209万元，其中：中央资金1650.2万元（中央水利发展资金1554.2万元、中央农业防灾减灾和水利救灾资金96万元），省级资金436万元，XX市本级资金1122.8万元。'
    """
    if not _have(v, "funding.total"):
        return f"{scope.cutoff}，争取项目资金" + _no_data("")
    city_funds = f"{scope.city}本级资金" if scope.is_city else "市本级资金"
    parts = []
    for key, level, name in (
        ("funding.central", "中央", "中央资金"),
        ("funding.provincial", "省级", "省级资金"),
        ("funding.city", "市本级", city_funds),
        ("funding.county", "县级", "县级资金"),
    ):
        if not (_ok(v.get(key)) and v[key] > 0):
            continue
        detail = {
            k: a for k, a in ((programmes or {}).get(level) or {}).items() if _ok(a) and a > 0
        }
        text = f"{name}{_amount(v[key])}"
        if len(detail) > 1:
            text += "（" + "、".join(f"{k}{_amount(a)}" for k, a in detail.items()) + "）"
        parts.append(text)
    text = f"{scope.cutoff}，共争取项目资金{_amount(v['funding.total'])}"
    return text + ("，其中：" + "，".join(parts) + "。" if parts else "。")


def investment_paragraph(v: Mapping[str, float], scope: Scope) -> str:
    """水利投资 (fixed-asset investment), "1－10月完成水利管理业固定资产投资11.97亿元，同比增27.65%。".

    >>> investment_paragraph({"investment.fixed_asset": 119700,
    ...     "investment.fixed_asset_yoy": 27.65}, Scope(2023, 10))
    '1－10月完成水利管理业固定资产投资11.97亿元，同比增27.65%。'
    """
    if not _have(v, "investment.fixed_asset"):
        return f"{scope.period}水利管理业固定资产投资" + _no_data("")
    text = f"{scope.period}完成水利管理业固定资产投资{_amount(v['investment.fixed_asset'])}"
    if _ok(v.get("investment.fixed_asset_yoy")):
        text += "，" + units.format_yoy(v["investment.fixed_asset_yoy"])
    return text + "。"


def rural_supply_paragraph(v: Mapping[str, float], scope: Scope) -> str:
    """农村供水专项 (rural water programme): sub-projects, investment, pipe laid."""
    n = v.get("rural_supply.subprojects", 0)
    if not _ok(n):
        return "农村供水专项行动" + _no_data("")
    if not n:
        return "本期无农村供水专项行动项目。"
    return _join(
        [
            f"农村供水专项行动项目分{_n(n, '个')}子项目，"
            f"总投资{_amount(v['rural_supply.total_investment'], yi=False)}；",
            f"供水管道已安装{units.format_quantity(v['rural_supply.pipeline_km'], 'km')}，"
            if _ok(v.get("rural_supply.pipeline_km")) and v["rural_supply.pipeline_km"] > 0
            else "",
            f"项目实际完成投资{_amount(v['rural_supply.completed_cumulative'], yi=False)}，",
            f"其中{scope.year}年完成投资{_amount(v['rural_supply.completed_year'], yi=False)}。",
        ]
    )


def flood_paragraph(v: Mapping[str, float], scope: Scope) -> str:
    """防汛抗旱 (flood and drought): warnings forwarded, storage against target.

    >>> flood_paragraph({"flood.warnings_forwarded": 153, "storage.actual": 6636,
    ...     "storage.target": 6415.36, "storage.surplus": 220.64}, Scope(2023, 10))
    '共转发各级防办、水务、水文、气象等部门各类预警信息150余次。2022－2023年冬春蓄水6636万m³，比下达的蓄水任务6415.36万m³超出220.64万m³，超额完成蓄水任务。'
    """
    text = (
        f"共转发各级防办、水务、水文、气象等部门各类预警信息{_say(v, 'flood.warnings_forwarded')}。"
        if _have(v, "flood.warnings_forwarded")
        else "预警信息转发" + _no_data("")
    )
    target = v.get("storage.target")
    if _ok(target) and target > 0 and _have(v, "storage.actual", "storage.surplus"):
        actual, surplus = v["storage.actual"], v["storage.surplus"]
        against = units.format_surplus(surplus)
        text += f"{scope.season}蓄水{units.format_volume(actual)}，"
        if units.format_surplus(float(surplus)) == units.format_surplus(0):  # 恰好完成
            text += f"恰好完成下达的蓄水任务{units.format_volume(target)}。"
        else:
            text += f"比下达的蓄水任务{units.format_volume(target)}{against}"
            text += "，超额完成蓄水任务。" if surplus > 0 else "，未完成蓄水任务。"
    return text


def flood_season_paragraph(v: Mapping[str, float], scope: Scope) -> str:
    """汛期水雨情 (the flood season from the monitoring data): area rainfall, the largest
    24-hour rainfall, reservoirs above their flood limit, the data arrival rate.

    Only the figures with a value are written; without monitoring data (every
    ``flood.season.*`` NaN) the text is empty: the report says nothing of it.

    >>> flood_season_paragraph({"flood.season.area_rainfall": 550.0,
    ...     "flood.season.max_24h_rainfall": 176.9, "flood.season.reservoirs_above": 2,
    ...     "flood.season.hours_above": 328.0, "flood.season.max_exceedance": 3.16,
    ...     "flood.season.arrival_rate": 99.59}, Scope(2023, 10))
    '汛期全市面平均降雨量550毫米，单站最大24小时降雨量176.9毫米；2座水库超汛限运行，累计328小时，最大超汛限幅度3.16米；水库水雨情到报率99.59%。'
    >>> flood_season_paragraph({"flood.season.area_rainfall": float("nan")}, Scope(2023, 10))
    ''
    """
    rain = []
    if _have(v, "flood.season.area_rainfall"):
        area = units.format_quantity(v["flood.season.area_rainfall"], "毫米", places=1)
        rain.append(f"汛期{scope.place}面平均降雨量{area}")
    if _have(v, "flood.season.max_24h_rainfall"):
        top = units.format_quantity(v["flood.season.max_24h_rainfall"], "毫米", places=1)
        rain.append(f"单站最大24小时降雨量{top}")
    parts = ["，".join(rain)] if rain else []
    above = v.get("flood.season.reservoirs_above")
    if _ok(above) and above > 0 and _have(v, "flood.season.hours_above"):
        hours = units.format_quantity(v["flood.season.hours_above"], "小时", places=1)
        text = f"{_n(above, '座')}水库超汛限运行，累计{hours}"
        if _positive(v, "flood.season.max_exceedance"):
            text += (
                f"，最大超汛限幅度{units.format_quantity(v['flood.season.max_exceedance'], '米')}"
            )
        parts.append(text)
    elif _ok(above):
        parts.append("汛期水库均未超汛限运行")
    if _have(v, "flood.season.arrival_rate"):
        parts.append(f"水库水雨情到报率{_pct(v['flood.season.arrival_rate'])}")
    return "；".join(parts) + "。" if parts else ""


def flood_season_title(scope: Scope, reservoir: str = "") -> str:
    """The title of the flood season's chart: ``汛期逐日面平均降雨量与青山中型水库库水位``.

    >>> flood_season_title(Scope(2023, 10), "青山中型水库")
    '2023年汛期逐日面平均降雨量与青山中型水库库水位'
    >>> flood_season_title(Scope(2023, 10))
    '2023年汛期逐日面平均降雨量'
    """
    title = f"{scope.year}年汛期逐日面平均降雨量"
    return f"{title}与{reservoir}库水位" if reservoir else title


def patrol_level_keys(v: Mapping[str, float]) -> list[str]:
    """The 巡查完成率 keys of the 河湖长 levels the scope has (a value), in level order: a
    county bureau's 县级、乡级、村级, never a 市级 it has no chief of.

    >>> patrol_level_keys({"rivers.patrol_completion.county": 100.0,
    ...     "rivers.patrol_completion.city": None, "rivers.patrol_completion.village": 98.5})
    ['rivers.patrol_completion.county', 'rivers.patrol_completion.village']
    """
    keys = [f"rivers.patrol_completion.{suffix}" for suffix in CHIEF_LEVEL_KEYS.values()]
    return [k for k in keys if _ok(v.get(k))]


def rivers_paragraph(v: Mapping[str, float], scope: Scope) -> str:
    """河湖长制 (river and lake chiefs): chiefs, patrols, completion, issues, actions.

    Patrols, issues, participants, river length and rubbish are written as the bureau writes
    them (``2万余次``, ``80余件``…, see :attr:`Indicator.approx`).

    >>> rivers_paragraph({"rivers.chiefs": 50, "rivers.patrols": 2418,
    ...     "rivers.patrol_completion": 100, "rivers.issues_found": 9, "rivers.issues_closed": 9,
    ...     "rivers.issues_open": 0, "rivers.issues_closed_rate": 100},
    ...     Scope(2023, 10, county="白沙县"))
    '白沙县设河湖长50名，1－10月累计完成河湖巡查2400余次，巡查完成率100%，巡查发现提交问题9件，全部销号处理。'
    """
    rate = v.get("rivers.patrol_completion")
    levels = [v.get(k) for k in patrol_level_keys(v)]
    parts = [
        f"{scope.place}设河湖长{_n(v['rivers.chiefs'], '名')}"
        if _have(v, "rivers.chiefs")
        else "河湖长名录" + _no_data("")[:-1]
    ]
    if _have(v, "rivers.patrols"):
        patrols = f"{scope.period}累计完成河湖巡查{_say(v, 'rivers.patrols')}"
        if _ok(rate):
            every = [x for x in levels if _ok(x)]
            if every and all(x >= 100 for x in every) and len(every) > 1:
                # each level's rate, so the whole's: linked to it when it reads 100% too
                whole = _pct(rate) if _pct(float(rate)) == "100%" else "100%"
                patrols += f"，巡查完成率均达到{whole}"
            else:
                patrols += f"，巡查完成率{_pct(rate)}"
        parts.append(patrols)
    if _have(v, "rivers.issues_found"):
        parts.append(_issues_clause(v, scope))
    text = "，".join(parts) + "。"
    if _positive(v, "rivers.participants") and _have(
        v, "rivers.river_km_cleaned", "rivers.rubbish_t"
    ):
        text += (
            f"开展清四乱、河长清河等专项行动，累计发动{_say(v, 'rivers.participants')}干群参与，"
            f"共清理河道{_say(v, 'rivers.river_km_cleaned')}，"
            f"清理各类垃圾{_say(v, 'rivers.rubbish_t')}。"
        )
    if _positive(v, "rivers.remote_sensing_spots"):
        text += f"完成{_n(v['rivers.remote_sensing_spots'], '个')}遥感图斑复核。"
    declared = [
        f"{_n(v[k], '件')}{name}"
        for k, name in (
            ("rivers.beautiful_rivers", "美丽河湖"),
            ("rivers.green_rivers", "绿美河湖"),
        )
        if _positive(v, k)
    ]
    if declared:
        text += "完成了" + "、".join(declared) + "申报。"
    return text


def _issues_clause(v: Mapping[str, float], scope: Scope) -> str:
    """巡查发现问题 and their 销号: "全部销号" only when every problem found in the period is
    closed; problems of earlier years closed in the period are said apart, never in the rate."""
    text = f"巡查发现提交问题{_say(v, 'rivers.issues_found')}"
    found, closed = v["rivers.issues_found"], v.get("rivers.issues_closed")
    open_now = v.get("rivers.issues_open")
    if _ok(closed) and found > 0 and closed >= found:
        text += "，全部销号处理"
        if _ok(open_now) and open_now > 0:  # all open ones were found in earlier years
            text += f"，尚有往年未销号问题{_n(open_now, '件')}"
    elif _have(v, "rivers.issues_closed", "rivers.issues_closed_rate"):
        text += (
            f"，已销号{_n(v['rivers.issues_closed'], '件')}，销号率{_say(v, 'rivers.issues_closed_rate')}"
            + (f"，{scope.cutoff}尚有未销号问题{_n(open_now, '件')}" if _ok(open_now) else "")
        )
    if _positive(v, "rivers.issues_closed_carried_over"):
        text += f"；往年问题本期销号{_n(v['rivers.issues_closed_carried_over'], '件')}"
    return text


def _hazards_carried_over(v: Mapping[str, float]) -> str:
    """The backlog said apart (``；往年隐患本期整改N处``, never in the 整改率), or ``""``."""
    if not _positive(v, "safety.hazards_rectified_carried_over"):
        return ""
    return f"；往年隐患本期整改{_say(v, 'safety.hazards_rectified_carried_over')}"


def _fee_rate(v: Mapping[str, float]) -> str:
    """水费收缴率 as a sentence writes it: above 100 % the arrears collected are named (实收
    holds the arrears of earlier months, which the ledger does not tell apart)."""
    rate = _say(v, "rural_water.fee_collection_rate")
    return rate + ("（含收回往期欠费）" if v["rural_water.fee_collection_rate"] > 100 else "")


def _plan_rate(v: Mapping[str, float], key: str, what: str) -> str:
    """``年度投资计划完成率X%`` and, above 100 %, ``超额完成年度投资计划`` (a real fact)."""
    text = f"{what}完成率{_say(v, key)}"
    return text + (f"，超额完成{what}" if v[key] > 100 else "")


def supervision_paragraph(v: Mapping[str, float], scope: Scope) -> str:
    """监督管理 (supervision): metering, wells, permits, fees, plans, enforcement, hazards,
    rural water pricing and fees, small hydropower's ecological flow."""
    concentrated = v.get("rural_water.pricing_coverage.concentrated")
    if _ok(concentrated) and concentrated >= 100:
        pricing = "，完成了农村集中供水工程全面定价"
    elif _ok(concentrated):
        pricing = f"，集中供水工程定价覆盖率{_pct(concentrated)}"
    else:
        pricing = ""
    checks = [
        f"{name}{_n(v[key], word)}"
        for key, name, word in (
            ("resources.metering_rectified", "排查整改取水口计量设施", "个"),
            ("resources.wells_inspected", "排查各类地下取水井", "口"),
            ("resources.permits_reviewed", "审查取水许可", "件"),
        )
        if _positive(v, key)
    ]
    fees = [
        f"{name}{_amount(v[key])}"
        for key, name in (
            ("resources.water_fee", "征收入库水资源费"),
            ("resources.soil_fee", "征收入库水土保持补偿费"),
        )
        if _have(v, key)
    ]
    return _join(
        [
            "，".join(checks) + "。" if checks else "",
            "，".join(fees) + "。" if fees else "",
            f"审批水土保持方案{_n(v['resources.soil_plans_approved'], '个')}，其中方案报告书"
            f"{_n(v['resources.soil_plans.report_book'], '个')}，方案报告表"
            f"{_n(v['resources.soil_plans.report_form'], '个')}。"
            if _positive(v, "resources.soil_plans_approved")
            else "",
            f"查处河道非法采砂{_n(v['enforcement.sand_mining_cases'], '起')}。"
            if _positive(v, "enforcement.sand_mining_cases")
            else "",
            f"{scope.period_place}水利行业共排查整治一般隐患"
            f"{_n(v['safety.hazards_rectified.general'], '处')}"
            + (
                f"，隐患整改率{_pct(v['safety.rectification_rate'])}"
                if _ok(v.get("safety.rectification_rate"))
                else ""
            )
            + _hazards_carried_over(v)
            + "。"
            if _have(v, "safety.hazards_rectified.general")
            else "",
            f"{scope.place}{_n(v['rural_water.works'], '件')}农村供水工程{pricing}"
            + (
                f"，水费收缴率{_fee_rate(v)}。"
                if _ok(v.get("rural_water.fee_collection_rate"))
                else "。"
            )
            if _have(v, "rural_water.works")
            else "",
            f"小水电站生态流量达标率{_pct(v['safety.eco_flow_compliance'])}。"
            if _ok(v.get("safety.eco_flow_compliance"))
            else "",
        ]
    ) or "日常监督管理" + _no_data("")


def party_paragraph(v: Mapping[str, float], scope: Scope) -> str:
    """党建 (party building): study sessions and lectures.

    >>> party_paragraph({"party.study_sessions": 19, "party.center_group": 10,
    ...     "party.lectures": 4, "party.publicity": 2}, Scope(2023, 10))
    '组织学习19次，党组理论中心组学习10次，主要领导讲专题党课4次，开展主题宣讲2次。'
    """
    if not _have(
        v, "party.study_sessions", "party.center_group", "party.lectures", "party.publicity"
    ):
        return "党建活动" + _no_data("")
    return (
        f"组织学习{_n(v['party.study_sessions'], '次')}，党组理论中心组学习"
        f"{_n(v['party.center_group'], '次')}，主要领导讲专题党课{_n(v['party.lectures'], '次')}，"
        f"开展主题宣讲{_n(v['party.publicity'], '次')}。"
    )


def projects_paragraph(v: Mapping[str, float], scope: Scope) -> str:
    """重点项目 (key projects): 在建 (= 新开工 + 续建 of :func:`status_paragraph` and the
    status table), milestones due and late.

    >>> projects_paragraph({"projects.under_construction": 3, "projects.milestones_due": 5,
    ...     "projects.milestones_late": 2, "projects.milestones_overdue_open": 1}, Scope(2023, 10))
    '1－10月全市在建项目3个；本期到期项目节点5个，其中滞后2个，逾期未完成1个。'
    """
    if not _have(v, "projects.under_construction", "projects.milestones_due"):
        return "重点项目" + _no_data("")
    return (
        f"{scope.period_place}在建项目"
        f"{_n(v['projects.under_construction'], '个')}；本期到期项目节点"
        f"{_n(v['projects.milestones_due'], '个')}，其中滞后{_n(v['projects.milestones_late'], '个')}，"
        f"逾期未完成{_n(v['projects.milestones_overdue_open'], '个')}。"
    )


def plan_paragraph(v: Mapping[str, float], scope: Scope) -> str:
    """计划执行 (plan targets) of the year's plan at the cut-off."""
    if not _have(v, "plan.targets"):
        return f"{scope.year}年工作计划目标" + _no_data("")
    if not v["plan.targets"]:
        return f"{scope.year}年工作计划中无到期目标。"
    return (
        f"{scope.year}年工作计划目标{_n(v['plan.targets'], '项')}：按期完成"
        f"{_n(v['plan.met_on_time'], '项')}，逾期完成{_n(v['plan.met_late'], '项')}，"
        f"未到期{_n(v['plan.open'], '项')}，逾期未完成{_n(v['plan.overdue'], '项')}。"
    )


def status_paragraph(v: Mapping[str, float], scope: Scope) -> str:
    """项目建设状态 (projects by status): new starts, continuing, completed, accepted, library.

    >>> status_paragraph({"projects.new_starts": 16, "projects.continuing": 18,
    ...     "projects.completed": 16, "projects.accepted": 7, "projects.preliminary": 4,
    ...     "projects.reserve": 3}, Scope(2023, 10, county="白沙县"))
    '1－10月白沙县新开工项目16个，续建项目18个，完工项目16个，竣工验收项目7个；截至10月，前期项目4个，储备项目3个。'
    """
    keys = ("projects.new_starts", "projects.continuing", "projects.completed", "projects.accepted")
    if not _have(v, *keys):
        return "项目建设状态" + _no_data("")
    names = ("新开工项目", "续建项目", "完工项目", "竣工验收项目")
    text = f"{scope.period_place}" + "，".join(
        f"{name}{_n(v[key], '个')}" for key, name in zip(keys, names, strict=True)
    )
    later = [
        f"{name}{_n(v[key], '个')}"
        for key, name in (("projects.preliminary", "前期项目"), ("projects.reserve", "储备项目"))
        if _positive(v, key)
    ]
    return text + (f"；{scope.cutoff}，" + "，".join(later) if later else "") + "。"


def investment_plan_paragraph(v: Mapping[str, float], scope: Scope) -> str:
    """年度投资计划完成情况 (the year's investment plan), with the central part.

    >>> investment_plan_paragraph({"investment.plan": 62800, "investment.plan_completed": 49300,
    ...     "investment.plan_completion_rate": 78.5, "investment.central_plan": 32300,
    ...     "investment.central_completed": 25400,
    ...     "investment.central_plan_completion_rate": 78.64}, Scope(2023, 10))
    '下达年度投资计划6.28亿元，1－10月计划项目完成投资4.93亿元，年度投资计划完成率78.5%；其中中央投资计划3.23亿元，中央投资完成2.54亿元，中央投资计划完成率78.64%。'
    """
    if not _positive(v, "investment.plan"):
        return ""
    text = (
        f"下达年度投资计划{_amount(v['investment.plan'])}，{scope.period}计划项目完成投资"
        f"{_amount(v['investment.plan_completed'])}，"
        + _plan_rate(v, "investment.plan_completion_rate", "年度投资计划")
    )
    if _positive(v, "investment.central_plan") and _have(v, "investment.central_completed"):
        text += (
            f"；其中中央投资计划{_amount(v['investment.central_plan'])}，中央投资完成"
            f"{_amount(v['investment.central_completed'])}，"
            + _plan_rate(v, "investment.central_plan_completion_rate", "中央投资计划")
        )
    return text + "。"


def channels_paragraph(v: Mapping[str, float], scope: Scope) -> str:
    """分渠道资金 (funds by channel), the channels that brought any, largest first.

    >>> channels_paragraph({"funding.channel.budget": 1842.2,
    ...     "funding.channel.special_bonds": 1122.8, "funding.channel.general_bonds": 244,
    ...     "funding.channel.loans": 0}, Scope(2023, 10))
    '按筹资渠道分，一般公共预算资金1842.2万元，专项债资金1122.8万元，一般债资金244万元。'
    """
    parts = sorted(
        (
            (v[key], CATALOGUE[key].name)
            for key in CATALOGUE
            if key.startswith("funding.channel.") and _positive(v, key)
        ),
        key=lambda x: -x[0],
    )
    if not parts:
        return ""
    return "按筹资渠道分，" + "，".join(f"{name}{_amount(a)}" for a, name in parts) + "。"


def construction_paragraph(v: Mapping[str, float], scope: Scope) -> str:
    """全口径水利建设投资 (water construction investment of all sources), by source.

    >>> construction_paragraph({"construction.total": 152340, "construction.yoy": 18.07,
    ...     "construction.central": 30000, "construction.bonds": 52100,
    ...     "construction.local": 0}, Scope(2023, 10))
    '1－10月完成全口径水利建设投资15.23亿元，同比增18.07%；按资金来源分，债券5.21亿元，中央3亿元。'
    """
    if not _positive(v, "construction.total"):
        return ""
    text = f"{scope.period}完成全口径水利建设投资{_amount(v['construction.total'])}"
    if _ok(v.get("construction.yoy")):
        text += "，" + units.format_yoy(v["construction.yoy"])
    parts = sorted(
        (
            (v[key], CATALOGUE[key].name.split("：")[-1])
            for key in CATALOGUE
            if key.startswith("construction.")
            and key not in ("construction.total", "construction.yoy")
            and _positive(v, key)
        ),
        key=lambda x: -x[0],
    )
    if parts:
        text += "；按资金来源分，" + "，".join(f"{name}{_amount(a)}" for a, name in parts)
    return text + "。"


#: The quantities a sentence names, in the order the summaries write them.
_QUANTITIES = (
    ("quantities.river_km", "治理河道", "公里"),
    ("quantities.dike_km", "新建加固堤防", "公里"),
    ("quantities.canal_km", "建设渠道", "公里"),
    ("quantities.pipe_km", "铺设管道", "公里"),
    ("quantities.earthwork", "完成土石方", ""),
    ("quantities.sluices", "新建改造水闸", ""),
    ("quantities.pumping_stations", "新建改造泵站", ""),
    ("quantities.wells", "新打机电井", ""),
)
_AREAS = (
    ("irrigation.new_area", "新增灌溉面积"),
    ("irrigation.restored_area", "恢复灌溉面积"),
    ("irrigation.improved_area", "改善灌溉面积"),
    ("irrigation.high_standard_farmland", "建设高标准农田"),
    ("soil.erosion_controlled", "治理水土流失面积"),
)
_BENEFITS = (
    ("benefits.population", "工程受益人口"),
    ("benefits.towns", "受益乡镇"),
    ("benefits.villages", "受益村"),
    ("benefits.schools", "受益学校"),
)


def quantities_paragraph(v: Mapping[str, float], scope: Scope) -> str:
    """工程量与效益 (physical quantities and benefits) completed in the period.

    >>> quantities_paragraph({"quantities.river_km": 30.9, "quantities.sluices": 1,
    ...     "irrigation.improved_area": 33500, "soil.erosion_controlled": 40.79,
    ...     "benefits.population": 64700, "benefits.villages": 39}, Scope(2023, 10))
    '1－10月全市治理河道30.9公里，新建改造水闸1座；改善灌溉面积3.35万亩，治理水土流失面积40.79km²；工程受益人口6.47万人，受益村39个。'
    """

    def said(key: str, name: str, spoken: str = "") -> str:
        ind = CATALOGUE[key]
        shown = units.format_quantity(v[key], spoken) if spoken else ind.display(v[key])
        return f"{name}{shown}"

    groups = [
        [said(k, n, u) for k, n, u in _QUANTITIES if _positive(v, k)],
        [said(k, n) for k, n in _AREAS if _positive(v, k)],
        [said(k, n) for k, n in _BENEFITS if _positive(v, k)],
    ]
    clauses = ["，".join(g) for g in groups if g]
    if not clauses:
        return ""
    return f"{scope.period_place}" + "；".join(clauses) + "。"


def disasters_paragraph(v: Mapping[str, float], scope: Scope) -> str:
    """水旱灾害、工程险情、损失与防汛抗旱准备 (disasters, dangers, losses and preparation).

    >>> disasters_paragraph({"flood.disasters": 5, "flood.dangers": 4, "flood.dangers_major": 0,
    ...     "flood.affected_population": 18500, "flood.evacuated": 797, "flood.dead_missing": 0,
    ...     "flood.direct_loss": 2311.94, "flood.facility_loss": 856.76,
    ...     "flood.rescue_teams": 30, "flood.rescue_members": 1163, "flood.drills": 12,
    ...     "flood.inspections": 46, "flood.drought_pumps": 90, "flood.drought_wells": 9},
    ...     Scope(2023, 10))
    '1－10月全市发生水旱灾害5次、工程险情4处，受灾人口1.85万人，紧急转移人口797人，无人员因灾死亡失踪，直接经济损失2311.94万元，其中水利设施直接经济损失856.76万元。组建防汛抢险队伍30支、抢险队员1163人，开展应急演练12次、防汛检查46次，投入抗旱水泵90台、抗旱机电井9眼。'
    """
    text = ""
    if _have(v, "flood.disasters", "flood.dangers"):
        kinds = [
            f"水旱灾害{_n(v['flood.disasters'], '次')}" if v["flood.disasters"] else "",
            f"工程险情{_n(v['flood.dangers'], '处')}" if v["flood.dangers"] else "",
        ]
        events = "、".join(e for e in kinds if e)
        if not events:
            text = f"{scope.period_place}未发生水旱灾害和工程险情。"
        else:
            if _positive(v, "flood.dangers_major"):
                events += f"（其中较大及以上险情{_n(v['flood.dangers_major'], '处')}）"
            losses = [
                f"受灾人口{CATALOGUE['flood.affected_population'].display(v[k])}"
                for k in ("flood.affected_population",)
                if _positive(v, k)
            ]
            if _positive(v, "flood.evacuated"):
                losses.append(f"紧急转移人口{_n(v['flood.evacuated'], '人')}")
            if _have(v, "flood.dead_missing"):
                losses.append(
                    f"因灾死亡失踪{_n(v['flood.dead_missing'], '人')}"
                    if v["flood.dead_missing"]
                    else "无人员因灾死亡失踪"
                )
            if _positive(v, "flood.direct_loss"):
                loss = f"直接经济损失{_amount(v['flood.direct_loss'])}"
                if _positive(v, "flood.facility_loss"):
                    loss += f"，其中水利设施直接经济损失{_amount(v['flood.facility_loss'])}"
                losses.append(loss)
            text = f"{scope.period_place}发生{events}" + "".join("，" + x for x in losses) + "。"
    prepared = []
    if _positive(v, "flood.rescue_teams"):
        members = (
            f"、抢险队员{_n(v['flood.rescue_members'], '人')}"
            if _positive(v, "flood.rescue_members")
            else ""
        )
        prepared.append(f"组建防汛抢险队伍{_n(v['flood.rescue_teams'], '支')}{members}")
    acts = [
        f"{name}{_n(v[k], word)}"
        for k, name, word in (
            ("flood.drills", "应急演练", "次"),
            ("flood.inspections", "防汛检查", "次"),
        )
        if _positive(v, k)
    ]
    if acts:
        prepared.append("开展" + "、".join(acts))
    tools = [
        f"{name}{_n(v[k], word)}"
        for k, name, word in (
            ("flood.drought_pumps", "抗旱水泵", "台"),
            ("flood.drought_wells", "抗旱机电井", "眼"),
        )
        if _positive(v, k)
    ]
    if tools:
        prepared.append("投入" + "、".join(tools))
    if prepared:
        text += "，".join(prepared) + "。"
    return text


def rural_coverage_paragraph(v: Mapping[str, float], scope: Scope) -> str:
    """农村自来水普及率、规模化供水覆盖率 (rural tap water and large works' coverage).

    >>> rural_coverage_paragraph({"rural_water.tap_coverage": 92.47,
    ...     "rural_water.large_scale_coverage": 21.04,
    ...     "rural_water.population_served": 999700}, Scope(2023, 10))
    '全市农村供水工程受益人口99.97万人，农村自来水普及率92.47%，规模化供水工程覆盖农村人口比例21.04%。'
    """
    parts = []
    if _positive(v, "rural_water.population_served"):
        parts.append(
            "农村供水工程受益人口"
            + CATALOGUE["rural_water.population_served"].display(v["rural_water.population_served"])
        )
    for key, name in (
        ("rural_water.tap_coverage", "农村自来水普及率"),
        ("rural_water.large_scale_coverage", "规模化供水工程覆盖农村人口比例"),
    ):
        if _have(v, key):
            parts.append(f"{name}{_pct(v[key])}")
    return f"{scope.place}" + "，".join(parts) + "。" if parts else ""


# The annual summary (notebook 01): its title, basis, the analyst's own text and the
# difficulties the ledgers show.

#: Below this 资金到位率 (%), the summary names the funds that have not arrived as a difficulty.
FULL_ARRIVAL = 100
#: Below this 水费收缴率 (%), the summary names weak rural fee collection as a difficulty.
FEE_COLLECTION_FLOOR = 90


@dataclass(frozen=True)
class SummaryText:
    """The analyst's 文字材料 and next year's targets of one summary (:meth:`of`).

    They are written for the year's summary, as of the ledgers' last month: a report cut off
    earlier (``early``, a 月报) must not tell of later events, so it has neither.
    """

    notes: pd.DataFrame
    next_targets: pd.DataFrame
    early: bool = False

    @classmethod
    def of(
        cls, dataset: Dataset, scope: Scope, values: Mapping[str, float] | None = None
    ) -> SummaryText:
        """The 文字材料 of the bureau (or the county) and the targets filed for next year.

        The indicators the notes cite (``{funding.total}``, ``{local.新建堤防}``) are written
        in with their ``values`` for ``scope`` (computed when not given), by
        :func:`wbanalysis.indicators.cite`.
        """
        notes = metrics.notes.work_notes(dataset.work_notes, year=scope.year, county=scope.county)
        notes = cited(notes, dataset, scope, values)
        targets = metrics.plans.next_year_targets(
            dataset.plan_targets, year=scope.year, county=scope.county
        )
        early = scope.through_month < dataset.last_month(scope.year)
        if early:
            notes, targets = notes.iloc[0:0], targets.iloc[0:0]
        return cls(notes, targets, early)

    @property
    def has_plan(self) -> bool:
        """The summary has next year's plan: targets filed for next year, or 计划 notes."""
        return len(self.next_targets) > 0 or bool((self.notes["kind"] == "计划").any())

    def title(self, scope: Scope) -> str:
        """``XX市水务局2023年工作总结和2024年工作计划`` (without the plan when there is none)."""
        plan = f"和{scope.year + 1}年工作计划" if self.has_plan else ""
        return f"{scope.name}水务局{scope.year}年工作总结" + plan

    def basis(self, scope: Scope) -> str:
        """The note under the title: the data's cut-off and units."""
        return (
            f"数据{scope.as_of}（{scope.period_label}）。金额单位万元，1亿元及以上以亿元表示；"
            "水量单位万m³。"
            + ("文字材料和下一年度计划按年度填写，本期从略。" if self.early else "")
        )

    def paragraphs(self, section: str, kinds: tuple[str, ...] = ("亮点", "措施")) -> list[str]:
        """The analyst's own paragraphs of one section."""
        rows = self.notes[(self.notes["section"] == section) & self.notes["kind"].isin(kinds)]
        return rows["text"].tolist()

    def heading(self, section: str) -> str | None:
        """The analyst's 小标题 of a section: the first given among its 亮点 and 措施, or
        ``None`` (the 上报稿 then judges from the figures, :func:`wbanalysis.voice.judgement`)."""
        rows = self.notes[
            (self.notes["section"] == section) & self.notes["kind"].isin(("亮点", "措施"))
        ]
        titles = [
            t for t in rows["title"] if isinstance(t, str) and t.strip() and MISSING_MARK not in t
        ]
        return titles[0].strip() if titles else None

    def titled(self, kind: str) -> list[tuple[str | None, str]]:
        """The notes of one kind (困难, 计划) as (title or ``None``, text)."""
        rows = self.notes[self.notes["kind"] == kind]
        return [
            (t if isinstance(t, str) and t else None, text)
            for t, text in zip(rows["title"], rows["text"], strict=True)
        ]

    def has(self, *, section: str | None = None, kind: str | None = None) -> bool:
        """Whether the analyst wrote anything for ``section`` or of ``kind``."""
        rows = self.notes
        if section is not None:
            rows = rows[rows["section"] == section]
        if kind is not None:
            rows = rows[rows["kind"] == kind]
        return len(rows) > 0


def cited(
    notes: pd.DataFrame, dataset: Dataset, scope: Scope, values: Mapping[str, float] | None
) -> pd.DataFrame:
    """``notes`` (``text``, ``title``) with the indicators they cite written in: the one
    place the 文字材料 text is made ready to show (:func:`wbanalysis.indicators.cite`)."""
    columns = [c for c in ("text", "title") if c in notes.columns]
    braces = [t for c in columns for t in notes[c] if isinstance(t, str) and ("{" in t or "}" in t)]
    if not braces:
        return notes
    if values is None:
        values = compute_indicators(dataset, scope)
    catalogue = catalogue_of(dataset)
    out = notes.copy()
    for c in columns:
        out[c] = out[c].map(lambda t: cite(t, values, catalogue) if isinstance(t, str) else t)
    return out


def targets_sentence(targets: pd.DataFrame, scope: Scope) -> str:
    """Next year's dated targets in one sentence (the list goes in a 附件), or ``""``.

    >>> targets_sentence(pd.DataFrame({"target": ["完成初设"]}), Scope(2023, 10))
    '2024年计划完成节点目标1项，逐项明确责任和时限（见附件）。'
    """
    if not len(targets):
        return ""
    return f"{scope.year + 1}年计划完成节点目标{_n(len(targets), '项')}，逐项明确责任和时限（见附件）。"


def loans_sentence(v: Mapping[str, float], scope: Scope) -> str:
    """外资贷款提款 in the period, or ``""`` when nothing was drawn.

    >>> loans_sentence({"loans.drawdown_eur": 341645.61}, Scope(2023, 10))
    '1－10月外资贷款项目提款341,645.61欧元。'
    >>> loans_sentence({"loans.drawdown_eur": 0}, Scope(2023, 10))
    ''
    """
    if not _positive(v, "loans.drawdown_eur"):
        return ""
    return f"{scope.period}外资贷款项目提款{_say(v, 'loans.drawdown_eur')}。"


def storage_shortfall_sentence(shortfalls: Mapping[str, float]) -> str:
    """未完成蓄水任务 by county or reservoir (``{name: surplus < 0}``), or ``""``.

    >>> storage_shortfall_sentence({"白沙县": -49.97})
    '未完成蓄水任务：白沙县（少49.97万m³）。'
    """
    if not len(shortfalls):
        return ""
    return (
        "未完成蓄水任务："
        + "、".join(
            f"{name}（{units.format_surplus(surplus)}）" for name, surplus in shortfalls.items()
        )
        + "。"
    )


def water_use_sentence(efficiency: WaterEfficiency) -> str:
    """A year's 用水总量 against its cap and 万元GDP用水量, or ``""`` without an assessment.

    ``efficiency`` is :func:`wbanalysis.metrics.water_efficiency` of that year.

    >>> from types import SimpleNamespace
    >>> w = SimpleNamespace(year=2022, total_use=28000.0, cap=30000.0, per_gdp=38.456,
    ...                     price_basis="2020年可比价")
    >>> water_use_sentence(w)
    '2022年度用水总量28000万m³（控制指标30000万m³），万元GDP用水量38.46m³（2020年可比价）。'
    """
    if not _ok(efficiency.total_use):
        return ""
    return (
        f"{efficiency.year}年度用水总量{units.format_volume(efficiency.total_use)}"
        f"（控制指标{units.format_volume(efficiency.cap)}），"
        f"万元GDP用水量{units.format_quantity(efficiency.per_gdp, 'm³')}"
        f"（{efficiency.price_basis}）。"
    )


def storage_title(scope: Scope) -> str:
    """The storage chart's title: the city's counties, or a county's reservoirs.

    >>> storage_title(Scope(2023, 10)), storage_title(Scope(2023, 10, county="白沙县"))
    ('2022－2023年冬春蓄水：分县（区）', '2022－2023年冬春蓄水：各水库')
    """
    return f"{scope.season}蓄水：{'分县（区）' if scope.is_city else '各水库'}"


def construction_note(v: Mapping[str, float], scope: Scope) -> str:
    """The footnote under :func:`construction_paragraph` (two statistics not to be added).

    >>> construction_note({"construction.total": 0}, Scope(2023, 10))
    ''
    """
    if not _positive(v, "construction.total"):
        return ""
    return (
        "注：全口径水利建设投资为水利部统计口径（含其他部门和企业实施的水利工程），与国家统计局口径的"
        "水利管理业固定资产投资不同，二者不可相加。"
    )


def party_section(v: Mapping[str, float], scope: Scope, *, has_notes: bool) -> str:
    """党的建设: the city's activities; a county's own notes, or that the city sums them up.

    >>> party_section({}, Scope(2023, 10, county="白沙县"), has_notes=False)
    '党的建设情况由市水务局统一汇总。'
    >>> party_section({}, Scope(2023, 10, county="白沙县"), has_notes=True)
    ''
    """
    if scope.is_bureau:  # the city's, or a county bureau's own
        return party_paragraph(v, scope)
    return "" if has_notes else "党的建设情况由市水务局统一汇总。"


def problems_paragraph(v: Mapping[str, float], scope: Scope, *, shortfalls: int = 0) -> str:
    """台账反映的问题 (the difficulties the ledgers show), or ``""`` when there are none.

    Funds secured that have not all arrived (到位率 below :data:`FULL_ARRIVAL`), milestones
    overdue, storage targets missed (``shortfalls``: counties in the city's report, reservoirs
    in a county's), rural fee collection below :data:`FEE_COLLECTION_FLOOR`, hazards not
    rectified and river issues not closed.

    >>> problems_paragraph({"funding.arrival_rate": 87.9, "projects.milestones_overdue_open": 2,
    ...     "rural_water.fee_collection_rate": 95, "safety.hazards_open": 0,
    ...     "rivers.issues_open": 3}, Scope(2023, 10), shortfalls=1)
    '已落实的项目资金未能全部到位，资金到位率87.9%。2个项目节点逾期未完成。1个县（区）未完成冬春蓄水任务。尚有3件河湖问题未销号。'
    >>> problems_paragraph({"funding.arrival_rate": 100}, Scope(2023, 10))
    ''
    """
    found = []
    if _ok(v.get("funding.arrival_rate")) and v["funding.arrival_rate"] < FULL_ARRIVAL:
        found.append(f"已落实的项目资金未能全部到位，资金到位率{_say(v, 'funding.arrival_rate')}。")
    if _positive(v, "projects.milestones_overdue_open"):
        found.append(f"{_n(v['projects.milestones_overdue_open'], '个')}项目节点逾期未完成。")
    if shortfalls:
        found.append(
            f"{_n(shortfalls, '个')}{'县（区）' if scope.is_city else '水库'}未完成冬春蓄水任务。"
        )
    rate = v.get("rural_water.fee_collection_rate")
    if _ok(rate) and rate < FEE_COLLECTION_FLOOR:
        found.append(
            f"农村供水工程水费收缴率仅{_say(v, 'rural_water.fee_collection_rate')}，"
            "工程建后管护资金不足。"
        )
    if _positive(v, "safety.hazards_open"):
        found.append(f"尚有{_n(v['safety.hazards_open'], '处')}安全隐患未完成整改。")
    if _positive(v, "rivers.issues_open"):
        found.append(f"尚有{_n(v['rivers.issues_open'], '件')}河湖问题未销号。")
    return "".join(found)


def trend_sentence(totals: pd.Series, trend: Trend, what: str) -> str:
    """年均增加 of a multi-year series (``trend``: :func:`wbanalysis.metrics.trend`), or ``""``.

    >>> from types import SimpleNamespace
    >>> t = SimpleNamespace(slope=8125.0, p_value=0.0417)
    >>> trend_sentence(pd.Series([1.0, 2.0], index=[2019, 2023]), t, "同期水利管理业固定资产投资")
    '2019－2023年同期水利管理业固定资产投资年均增加8125万元。'
    """
    if not _ok(trend.slope):
        return ""
    return (
        f"{int(totals.index.min())}－{int(totals.index.max())}年{what}"
        f"年均增加{units.format_amount(trend.slope)}。"
    )


def trend_note(trend: Trend) -> str:
    """The statistical footnote of :func:`trend_sentence`, or ``""``.

    >>> from types import SimpleNamespace
    >>> trend_note(SimpleNamespace(slope=8125.0, p_value=0.0417))
    '注：年均增量为 Theil–Sen 斜率；Mann–Kendall 趋势检验 p = 0.042，趋势显著。'
    """
    if not _ok(trend.slope):
        return ""
    return (
        f"注：年均增量为 Theil–Sen 斜率；Mann–Kendall 趋势检验 p = "
        f"{units.format_number(trend.p_value, places=3)}"
        + ("，趋势显著。" if trend.p_value < 0.05 else "，趋势不显著。")
    )


def reinforcement_paragraph(v: Mapping[str, float], scope: Scope) -> str:
    """病险水库除险加固: new starts, continuing and completed in the period.

    >>> reinforcement_paragraph({"reinforcement.new_starts": 3, "reinforcement.continuing": 2,
    ...     "reinforcement.completed": 1}, Scope(2023, 10, county="白沙县"))
    '1－10月白沙县除险加固新开工3个、续建2个，完成除险加固1个。'
    """
    return (
        f"{scope.period_place}除险加固新开工{_say(v, 'reinforcement.new_starts')}、"
        f"续建{_say(v, 'reinforcement.continuing')}，"
        f"完成除险加固{_say(v, 'reinforcement.completed')}。"
    )


def enforcement_paragraph(v: Mapping[str, float], scope: Scope) -> str:
    """执法与安全隐患: cases (sand mining among them), hazards found and rectified.

    >>> enforcement_paragraph({"enforcement.cases": 5, "enforcement.sand_mining_cases": 2,
    ...     "safety.hazards_found": 140, "safety.hazards_rectified": 138,
    ...     "safety.rectification_rate": 98.57}, Scope(2023, 10))
    '全市查处水事违法案件5起，其中河道非法采砂2起；排查安全隐患140处，整治138处，隐患整改率98.57%。'
    """
    return (
        f"{scope.place}查处水事违法案件{_say(v, 'enforcement.cases')}，其中河道非法采砂"
        f"{_say(v, 'enforcement.sand_mining_cases')}；排查安全隐患{_say(v, 'safety.hazards_found')}，"
        f"整治{_say(v, 'safety.hazards_rectified')}，隐患整改率{_say(v, 'safety.rectification_rate')}"
        + _hazards_carried_over(v)
        + "。"
    )


def red_lines_paragraph(
    water_use: pd.DataFrame, economy: pd.DataFrame, *, year: int, county: str | None = None
) -> str:
    """“三条红线” of the last year assessed up to ``year``: use against the cap, intensities,
    and the decline of 万元GDP用水量 since the first year assessed."""
    assessed = metrics.resources.assessed_water_use(water_use, economy, year=year, county=county)
    if not len(assessed):
        return "台账中没有用水总量考核数据。"
    first, last = int(assessed.index[0]), int(assessed.index[-1])
    w = metrics.resources.water_efficiency(water_use, economy, year=last, county=county)
    gdp = metrics.resources.water_use_per_gdp(water_use, economy, year=last, county=county)
    industrial = metrics.resources.water_use_per_industrial(
        water_use, economy, year=last, county=county
    )
    text = (
        f"{last}年度用水总量{units.format_volume(w.total_use)}，控制指标{units.format_volume(w.cap)}；"
        f"万元GDP用水量{units.format_quantity(gdp, 'm³')}，"
        f"万元工业增加值用水量{units.format_quantity(industrial, 'm³')}（{w.price_basis}）。"
    )
    if first < last:
        d = metrics.resources.intensity_decline(
            water_use, economy, year=last, base_year=first, county=county
        )
        text += f"万元GDP用水量较{first}年下降{units.format_percent(d.rate)}。"
    return text
