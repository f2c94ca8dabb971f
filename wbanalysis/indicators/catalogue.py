"""指标目录 (the indicator catalogue): stable keys → Chinese name, unit, how to compute and display.

Every figure of the work summary has a key here (``funding.total``,
``rivers.patrol_completion`` …); :data:`CATALOGUE` lists them in report order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd

from .. import units
from ..metrics import (
    assessments,
    construction,
    disasters,
    flood,
    funding,
    investment,
    party,
    plans,
    portfolio,
    projects,
    quantities,
    resources,
    rivers,
    safety,
    storage,
    supply,
)
from ..schema import QUANTITY_UNITS
from .selection import Selection

__all__ = ["Indicator", "CATALOGUE", "KINDS", "Value"]

Value = float | int


#: How each kind of indicator is displayed.
KINDS: dict[str, Callable[[Value, Indicator], str]] = {
    "amount": lambda v, ind: units.format_amount(v),
    # a project's budget and completed investment, written in 万元 as the summary does
    # (总投资12046万元), however large
    "amount_wan": lambda v, ind: units.format_amount(v, yi=False),
    "volume": lambda v, ind: units.format_volume(v),
    "percent": lambda v, ind: units.format_percent(v),
    "yoy": lambda v, ind: units.format_yoy(v),
    "count": lambda v, ind: units.format_count(v, ind.measure_word),
    "eur": lambda v, ind: units.format_eur(v),
    "km": lambda v, ind: units.format_quantity(v, "km"),
    "ratio": lambda v, ind: units.format_quantity(v, ind.unit),
    "quantity": lambda v, ind: units.format_quantity(v, ind.unit),
    # a result against a target: 超出220.64万m³ / 少49.97万m³, never "超出 -49.97"
    "surplus": lambda v, ind: units.format_surplus(v, ind.unit),
    # irrigation areas (亩) and people (人): 3.2万亩, 1.25万人 from 10 000 on
    "large": lambda v, ind: units.format_large(v, ind.unit),
    "rank": lambda v, ind: units.format_rank(v),
}

#: How a unit is spoken in a sentence where it differs from the table's.
_SPOKEN = {"km": "公里"}


@dataclass(frozen=True)
class Indicator:
    """One figure of the summary.

    Attributes
    ----------
    key : stable identifier, e.g. ``funding.total``.
    name : the Chinese name used in reports.
    unit : unit of the value (万元, %, 万m³, 欧元, km…; the measure word for counts).
    kind : how it is displayed: one of :data:`KINDS`.
    additive : True when the counties' values add up to the city's (sums and counts of rows
        that all belong to a county); False for rates, ratios and figures that include rows of
        the city bureau itself or rows without a county.
    compute : ``compute(selection) -> value``.
    measure_word : 量词 of a count (名, 次, 件…).
    section : the section of the work summary it belongs to.
    approx : the summary's sentences write it approximately, as the bureau does
        (``2万余次``, ``150余次``; :func:`wbanalysis.units.format_approx`); tables keep
        the exact value.
    columns : the optional columns it needs, as ``"ledger.column"`` (``funding.channel``):
        where a ledger was given without one of them, the indicator has no value (NaN), never
        the 0 an empty column would sum to.
    note : the 口径 of an indicator a bureau defined itself (its 说明).
    """

    key: str
    name: str
    unit: str
    kind: str
    additive: bool
    compute: Callable[[Selection], Value] = field(repr=False, compare=False)
    measure_word: str = ""
    section: str = ""
    approx: bool = False
    columns: tuple[str, ...] = ()
    note: str = ""

    def display(self, value: Value) -> str:
        """``value`` in the bureau's style (``3209万元``, ``同比增27.65%``, ``425名``, ``—``)."""
        return KINDS[self.kind](value, self)

    def say(self, value: Value) -> str:
        """``value`` as a sentence of the summary writes it: approximately (``2万余次``) when
        the indicator is :attr:`approx`, a percentage without trailing zeros (``87.9%``,
        ``100%``; tables keep ``87.90%``), else as :meth:`display`.

        >>> CATALOGUE["rural_water.fee_collection_rate"].say(87.9)
        '87.9%'
        >>> CATALOGUE["rural_water.fee_collection_rate"].display(87.9)
        '87.90%'
        """
        if self.approx:
            unit = self.measure_word or self.unit
            return units.format_approx(value, _SPOKEN.get(unit, unit))
        if self.kind == "percent":
            return units.format_percent(value, trim=True)
        return self.display(value)



# Shared intermediate results: each is computed once per selection.

def _funds(s: Selection) -> pd.Series:
    return s.memo("funds", lambda: funding.funds_by_level(s["funding"], **s.period))


def _rural(s: Selection) -> supply.ProgrammeProgress:
    return s.memo("rural", lambda: supply.rural_supply_programme(
        s["projects"], s["project_progress"], **s.period))


def _storage(s: Selection) -> pd.Series:
    return s.memo("storage", lambda: storage.storage_totals(s["storage"], year=s.year,
                                                            county=s.county))


def _patrol(s: Selection) -> pd.DataFrame:
    return s.memo("patrol", lambda: rivers.patrol_completion_by_level(
        s["river_chiefs"], s["patrols"], **s.period))


def _actions(s: Selection) -> pd.DataFrame:
    return s.memo("actions", lambda: rivers.special_actions(s["activities"], **s.period))


def _inspections(s: Selection) -> pd.Series:
    return s.memo("inspections", lambda: resources.inspections_by_type(s["inspections"],
                                                                       **s.period))


def _soil_plans(s: Selection) -> pd.Series:
    return s.memo("soil_plans", lambda: resources.soil_plans_by_type(s["soil_plans"],
                                                                     **s.period))


def _water(s: Selection) -> resources.WaterEfficiency:
    return s.memo("water", lambda: resources.water_efficiency(
        s["water_use"], s["economy"], year=s.year, county=s.county))


def _cases(s: Selection) -> pd.Series:
    return s.memo("cases", lambda: safety.cases_by_type(s["enforcement"], **s.period))


def _party(s: Selection) -> pd.Series:
    return s.memo("party", lambda: party.party_activities(s["activities"], **s.period))


def _plans(s: Selection) -> pd.Series:
    return s.memo("plans", lambda: plans.plan_summary(s["plan_targets"], **s.period))


def _fees(s: Selection, fee_type: str) -> float:
    return resources.fees_collected(s["fees"], fee_type=fee_type, **s.period)


def _rural_fees(s: Selection) -> pd.Series:
    return s.memo("rural_fees", lambda: supply.fee_totals(s["rural_water_fees"], **s.period))


def _pipeline(s: Selection) -> pd.Series:
    return s.memo("pipeline", lambda: projects.stage_pipeline(s["milestones"], **s.period))


def _status(s: Selection, category: str | None = None) -> pd.Series:
    return s.memo(f"status.{category}", lambda: portfolio.status_counts(
        s["projects"], s["milestones"], **s.period, category=category))


def _plan(s: Selection, central: bool = False) -> investment.PlanProgress:
    return s.memo(f"plan.{central}", lambda: investment.investment_plan(
        s["project_progress"], s["project_plans"], **s.period, central=central))


def _channels(s: Selection) -> pd.Series:
    return s.memo("channels", lambda: funding.funds_by_channel(s["funding"], **s.period))


def _construction(s: Selection) -> pd.Series:
    return s.memo("construction", lambda: construction.construction_by_source(
        s["construction_investment"], **s.period))


def _quantities(s: Selection) -> pd.Series:
    return s.memo("quantities", lambda: quantities.quantities_by_kind(
        s["work_quantities"], **s.period))


def _losses(s: Selection) -> pd.Series:
    return s.memo("losses", lambda: disasters.disaster_losses(s["flood_events"], **s.period))


def _preparedness(s: Selection) -> pd.DataFrame:
    return s.memo("preparedness", lambda: disasters.preparedness(s["flood_preparedness"],
                                                                 **s.period))


def _works_by_kind(s: Selection) -> pd.DataFrame:
    return s.memo("works_by_kind", lambda: supply.works_by_kind(
        s["rural_water_works"], s["rural_water_fees"], **s.period))


def _rank(s: Selection, assessment: str) -> float:
    return assessments.assessment_rank(s["assessments"], assessment, **s.period)


def _rural_population(s: Selection) -> float:
    return supply.rural_population(s["county_statistics"], year=s.year, county=s.county)


def _f(x: object) -> float:
    return float(x)


def _i(x: object) -> int:
    return int(x)


_S1, _S2, _S3, _S4 = "一、重点项目", "二、前期工作", "三、资金与投资", "四、农村供水专项"
_S5, _S6, _S7, _S8, _S9 = "五、防汛抗旱", "六、河湖长制", "七、监督管理", "八、党的建设", "工作计划"


def _amount(key: str, name: str, compute: Callable[[Selection], Value], section: str,
            additive: bool = True, kind: str = "amount") -> Indicator:
    return Indicator(key, name, "万元", kind, additive, compute, section=section)


def _count(key: str, name: str, word: str, compute: Callable[[Selection], Value], section: str,
           additive: bool = True, approx: bool = False) -> Indicator:
    return Indicator(key, name, word, "count", additive, compute, measure_word=word,
                     section=section, approx=approx)


def _percent(key: str, name: str, compute: Callable[[Selection], Value],
             section: str) -> Indicator:
    return Indicator(key, name, "%", "percent", False, compute, section=section)


def _volume(key: str, name: str, compute: Callable[[Selection], Value],
            section: str) -> Indicator:
    return Indicator(key, name, "万m³", "volume", True, compute, section=section)


#: Keys of the funding channels (筹资渠道), in report order.
_CHANNEL_KEYS = dict(zip(funding.FUNDING_CHANNELS + (funding.UNSPECIFIED_CHANNEL,), (
    "budget", "central_budget_investment", "additional_treasury_bonds",
    "ultra_long_treasury_bonds", "special_bonds", "general_bonds", "loans", "social_capital",
    "self_raised", "integrated", "other", "unspecified"), strict=True))

_CHANNEL_NAMES = {"社会资本": "社会资本投入", "群众自筹": "群众自筹资金", "整合资金": "整合资金",
                  "其他": "其他渠道资金", "未注明": "未注明渠道资金"}


def _channel(channel: str) -> Indicator:
    return Indicator(f"funding.channel.{_CHANNEL_KEYS[channel]}",
                     _CHANNEL_NAMES.get(channel, f"{channel}资金"), "万元", "amount", True,
                     lambda s: _f(_channels(s)[channel]), section=_S3,
                     columns=("funding.channel",))


#: Keys of the 全口径 sources of funds.
_SOURCE_KEYS = dict(zip(construction.CONSTRUCTION_SOURCES, (
    "central", "local", "bonds", "loans", "social_capital", "other"), strict=True))


def _source(source: str) -> Indicator:
    return Indicator(f"construction.{_SOURCE_KEYS[source]}", f"全口径水利建设投资：{source}",
                     "万元", "amount", True, lambda s: _f(_construction(s)[source]),
                     section=_S3)


#: The quantity indicators: kind → (key, name).
_QUANTITY_KEYS = {
    "河道治理长度": ("quantities.river_km", "治理河道长度"),
    "堤防长度": ("quantities.dike_km", "新建加固堤防"),
    "渠道长度": ("quantities.canal_km", "建设渠道"),
    "管道长度": ("quantities.pipe_km", "铺设管道"),
    "土石方": ("quantities.earthwork", "完成土石方"),
    "水闸": ("quantities.sluices", "新建改造水闸"),
    "泵站": ("quantities.pumping_stations", "新建改造泵站"),
    "机电井": ("quantities.wells", "新打机电井"),
    "新增灌溉面积": ("irrigation.new_area", "新增灌溉面积"),
    "恢复灌溉面积": ("irrigation.restored_area", "恢复灌溉面积"),
    "改善灌溉面积": ("irrigation.improved_area", "改善灌溉面积"),
    "高标准农田": ("irrigation.high_standard_farmland", "建设高标准农田"),
    "水土流失治理面积": ("soil.erosion_controlled", "治理水土流失面积"),
    "受益人口": ("benefits.population", "工程受益人口"),
    "受益乡镇": ("benefits.towns", "受益乡镇"),
    "受益村": ("benefits.villages", "受益村"),
    "受益学校": ("benefits.schools", "受益学校"),
}


def _quantity(kind: str) -> Indicator:
    key, name = _QUANTITY_KEYS[kind]
    unit = QUANTITY_UNITS[kind]
    if unit in units.MEASURE_WORDS:  # 座, 眼, 个, 所, 人: a count
        kind_of = "large" if unit == "人" else "count"
        return Indicator(key, name, unit, kind_of, True,
                         lambda s: _i(round(_quantities(s)[kind])), measure_word=unit,
                         section=_S1)
    display = {"亩": "large", "km": "km", "万m³": "volume"}.get(unit, "quantity")
    return Indicator(key, name, unit, display, True, lambda s: _f(_quantities(s)[kind]),
                     section=_S1)


def _loss(key: str, name: str, column: str, unit: str = "人") -> Indicator:
    if unit == "万元":
        return Indicator(key, name, unit, "amount", True, lambda s: _f(_losses(s)[column]),
                         section=_S5, columns=(f"flood_events.{column}",))
    return Indicator(key, name, unit, "large", True, lambda s: _i(_losses(s)[column]),
                     measure_word=unit, section=_S5, columns=(f"flood_events.{column}",))


def _prepared(key: str, name: str, kind: str, people: bool = False) -> Indicator:
    word = "人" if people else disasters.PREPAREDNESS_WORDS[kind]
    return Indicator(key, name, word, "count", False,
                     lambda s: _i(_preparedness(s).loc[kind, "people" if people else "count"]),
                     measure_word=word, section=_S5,
                     columns=("flood_preparedness.people",) if people else ())


_LIST: list[Indicator] = [
    # 三、资金与投资
    _amount("funding.total", "争取项目资金", lambda s: _f(_funds(s).sum()), _S3),
    _amount("funding.central", "中央资金", lambda s: _f(_funds(s)["中央"]), _S3),
    _amount("funding.provincial", "省级资金", lambda s: _f(_funds(s)["省级"]), _S3),
    _amount("funding.city", "市本级资金", lambda s: _f(_funds(s)["市本级"]), _S3),
    _amount("funding.county", "县级资金", lambda s: _f(_funds(s)["县级"]), _S3),
    _amount("funding.arrived", "到位资金",
            lambda s: funding.funds_arrived(s["funding"], **s.period), _S3),
    _percent("funding.arrival_rate", "资金到位率",
             lambda s: funding.arrival_rate(s["funding"], **s.period), _S3),
    _amount("investment.fixed_asset", "水利管理业固定资产投资",
            lambda s: investment.fixed_asset_investment(s["fixed_asset_investment"], **s.period),
            _S3),
    Indicator("investment.fixed_asset_yoy", "水利管理业固定资产投资同比增长率", "%", "yoy", False,
              lambda s: investment.fixed_asset_yoy(s["fixed_asset_investment"], **s.period),
              section=_S3),
    *[_channel(c) for c in _CHANNEL_KEYS],
    # 全口径水利建设投资: another 口径, never added to the fixed-asset investment above
    _amount("construction.total", "全口径水利建设投资",
            lambda s: _f(_construction(s).sum()), _S3),
    Indicator("construction.yoy", "全口径水利建设投资同比增长率", "%", "yoy", False,
              lambda s: construction.construction_yoy(s["construction_investment"],
                                                      **s.period), section=_S3),
    *[_source(source) for source in _SOURCE_KEYS],
    # the year's investment plan (项目年度投资计划)
    _amount("investment.plan", "年度投资计划", lambda s: _plan(s).planned, _S3),
    _amount("investment.plan_completed", "计划项目本年完成投资", lambda s: _plan(s).completed,
            _S3),
    _percent("investment.plan_completion_rate", "年度投资计划完成率",
             lambda s: _plan(s).completion_rate, _S3),
    Indicator("investment.central_plan", "中央投资计划", "万元", "amount", True,
              lambda s: _plan(s, True).planned, section=_S3,
              columns=("project_plans.planned_central",)),
    Indicator("investment.central_completed", "中央投资完成", "万元", "amount", True,
              lambda s: _plan(s, True).completed, section=_S3,
              columns=("project_plans.planned_central", "project_progress.central")),
    Indicator("investment.central_plan_completion_rate", "中央投资计划完成率", "%", "percent",
              False, lambda s: _plan(s, True).completion_rate, section=_S3,
              columns=("project_plans.planned_central", "project_progress.central")),
    # 四、农村供水专项
    _count("rural_supply.subprojects", "农村供水专项子项目", "个",
           lambda s: _rural(s).subprojects, _S4),
    _amount("rural_supply.total_investment", "农村供水专项总投资",
            lambda s: _rural(s).total_investment, _S4, kind="amount_wan"),
    _amount("rural_supply.completed_cumulative", "农村供水专项累计完成投资",
            lambda s: _rural(s).completed_cumulative, _S4, kind="amount_wan"),
    _amount("rural_supply.completed_year", "农村供水专项本年完成投资",
            lambda s: _rural(s).completed_year, _S4, kind="amount_wan"),
    _percent("rural_supply.completion_rate", "农村供水专项投资完成率",
             lambda s: _rural(s).completion_rate, _S4),
    Indicator("rural_supply.pipeline_km", "供水管道安装", "km", "km", True,
              lambda s: _rural(s).pipeline_km, section=_S4,
              columns=("project_progress.pipeline_km",)),
    # 一、重点项目 / 二、前期工作
    _count("projects.under_construction", "处于施工阶段的项目", "个",
           lambda s: _i(_pipeline(s)["开工"]), _S1),
    _count("projects.milestones_due", "到期项目节点", "个",
           lambda s: projects.milestones_due(s["milestones"], **s.period), _S1),
    _count("projects.milestones_late", "滞后项目节点", "个",
           lambda s: projects.milestones_late(s["milestones"], **s.period), _S1),
    _count("projects.milestones_overdue_open", "逾期未完成项目节点", "个",
           lambda s: projects.milestones_open_overdue(s["milestones"], **s.period), _S1),
    # 项目建设状态: 储备, 前期, 续建 at the cut-off; 新开工, 完工, 竣工验收 within the period
    _count("projects.reserve", "储备项目", "个", lambda s: _i(_status(s)["储备"]), _S1),
    _count("projects.preliminary", "前期项目", "个", lambda s: _i(_status(s)["前期"]), _S1),
    _count("projects.new_starts", "新开工项目", "个", lambda s: _i(_status(s)["新开工"]), _S1),
    _count("projects.continuing", "续建项目", "个", lambda s: _i(_status(s)["续建"]), _S1),
    _count("projects.completed", "完工项目", "个", lambda s: _i(_status(s)["完工"]), _S1),
    _count("projects.accepted", "竣工验收项目", "个", lambda s: _i(_status(s)["竣工验收"]), _S1),
    _amount("projects.investment_year", "建设项目本年完成投资",
            lambda s: _f(investment.project_investment(
                s["projects"], s["project_progress"], **s.period)["completed_year"].sum()),
            _S1),
    # 病险水库除险加固
    _count("reinforcement.new_starts", "除险加固新开工项目", "个",
           lambda s: _i(_status(s, portfolio.REINFORCEMENT_CATEGORY)["新开工"]), _S1),
    _count("reinforcement.continuing", "除险加固续建项目", "个",
           lambda s: _i(_status(s, portfolio.REINFORCEMENT_CATEGORY)["续建"]), _S1),
    _count("reinforcement.completed", "完成除险加固项目", "个",
           lambda s: _i(_status(s, portfolio.REINFORCEMENT_CATEGORY)["完工"]), _S1),
    Indicator("reinforcement.reservoirs_completed", "完成除险加固水库", "座", "count", True,
              lambda s: portfolio.reservoirs_reinforced(s["projects"], s["milestones"],
                                                        **s.period),
              measure_word="座", section=_S1, columns=("projects.reservoir_id",)),
    # 工程量与效益
    *[_quantity(kind) for kind in _QUANTITY_KEYS],
    Indicator("irrigation.effective_area", "有效灌溉面积", "亩", "large", True,
              lambda s: quantities.effective_irrigation_area(s["county_statistics"], year=s.year,
                                                             county=s.county), section=_S1,
              columns=("county_statistics.effective_irrigation_area",)),
    Indicator("loans.drawdown_eur", "外资贷款提款", "欧元", "eur", True,
              lambda s: projects.loan_drawdown_eur(s["loan_drawdowns"], **s.period),
              section=_S2),
    # 五、防汛抗旱
    _count("flood.warnings_forwarded", "转发预警信息", "次",
           lambda s: flood.warnings_forwarded(s["warnings"], **s.period), _S5, approx=True),
    _volume("storage.target", "冬春蓄水任务", lambda s: _f(_storage(s)["target"]), _S5),
    _volume("storage.actual", "冬春蓄水", lambda s: _f(_storage(s)["actual"]), _S5),
    Indicator("storage.surplus", "较蓄水任务超出（或少）", "万m³", "surplus", True,
              lambda s: _f(_storage(s)["surplus"]), section=_S5),
    _percent("storage.completion_rate", "蓄水任务完成率",
             lambda s: _f(_storage(s)["completion_rate"]), _S5),
    # 水旱灾害、工程险情与防汛抗旱准备
    _count("flood.disasters", "水旱灾害", "次",
           lambda s: disasters.disaster_events(s["flood_events"], **s.period), _S5),
    _count("flood.dangers", "工程险情", "处",
           lambda s: disasters.disaster_events(s["flood_events"], **s.period,
                                               kind=disasters.DANGER), _S5),
    _count("flood.dangers_major", "较大及以上工程险情", "处",
           lambda s: disasters.disaster_events(s["flood_events"], **s.period,
                                               kind=disasters.DANGER,
                                               grades=("较大", "重大", "特别重大")), _S5),
    _loss("flood.affected_population", "受灾人口", "affected_population"),
    _loss("flood.evacuated", "紧急转移人口", "evacuated"),
    _loss("flood.dead_missing", "因灾死亡失踪人口", "dead_missing"),
    _loss("flood.direct_loss", "水旱灾害直接经济损失", "direct_loss", "万元"),
    _loss("flood.facility_loss", "水利设施直接经济损失", "facility_loss", "万元"),
    _prepared("flood.rescue_teams", "防汛抢险队伍", "抢险队伍"),
    _prepared("flood.rescue_members", "防汛抢险队员", "抢险队伍", people=True),
    _prepared("flood.drills", "防汛抗旱应急演练", "应急演练"),
    _prepared("flood.inspections", "防汛检查", "防汛检查"),
    _prepared("flood.drought_wells", "抗旱机电井", "抗旱机电井"),
    _prepared("flood.drought_pumps", "抗旱水泵", "抗旱水泵"),
    # 六、河湖长制
    _count("rivers.chiefs", "河湖长", "名",
           lambda s: _i(rivers.chiefs_by_level(s["river_chiefs"], county=s.county).sum()), _S6),
    _count("rivers.patrols", "河湖巡查", "次",
           lambda s: rivers.patrols_done(s["patrols"], **s.period), _S6, approx=True),
    _percent("rivers.patrol_completion", "巡查完成率",
             lambda s: _f(_patrol(s).loc["合计", "completion_rate"]), _S6),
    _percent("rivers.patrol_completion.city", "市级河湖长巡查完成率",
             lambda s: _f(_patrol(s).loc["市级", "completion_rate"]), _S6),
    _percent("rivers.patrol_completion.township", "乡级河湖长巡查完成率",
             lambda s: _f(_patrol(s).loc["乡级", "completion_rate"]), _S6),
    _percent("rivers.patrol_completion.village", "村级河湖长巡查完成率",
             lambda s: _f(_patrol(s).loc["村级", "completion_rate"]), _S6),
    _count("rivers.issues_found", "巡查发现问题", "件",
           lambda s: rivers.issues_found(s["river_issues"], **s.period), _S6, approx=True),
    _count("rivers.issues_closed", "问题销号", "件",
           lambda s: rivers.issues_closed(s["river_issues"], **s.period), _S6),
    _percent("rivers.issues_closed_rate", "问题销号率",
             lambda s: rivers.issue_closure_rate(s["river_issues"], **s.period), _S6),
    _count("rivers.issues_open", "未销号问题", "件",
           lambda s: rivers.issues_open(s["river_issues"], **s.period), _S6),
    _count("rivers.participants", "专项行动参与干群", "名",
           lambda s: _i(_actions(s).loc["合计", "participants"]), _S6, additive=False,
           approx=True),
    Indicator("rivers.river_km_cleaned", "清理河道", "km", "km", False,
              lambda s: _f(_actions(s).loc["合计", "river_km"]), section=_S6, approx=True),
    Indicator("rivers.rubbish_t", "清理垃圾", "吨", "quantity", False,
              lambda s: _f(_actions(s).loc["合计", "rubbish_t"]), section=_S6, approx=True),
    _count("rivers.remote_sensing_spots", "遥感图斑复核", "个",
           lambda s: rivers.activity_items(s["activities"], activity_type="遥感图斑复核",
                                           **s.period), _S6, additive=False),
    _count("rivers.beautiful_rivers", "美丽河湖申报", "件",
           lambda s: rivers.activity_items(s["activities"], activity_type="美丽河湖申报",
                                           **s.period), _S6, additive=False),
    _count("rivers.green_rivers", "绿美河湖申报", "件",
           lambda s: rivers.activity_items(s["activities"], activity_type="绿美河湖申报",
                                           **s.period), _S6, additive=False),
    # 七、监督管理
    _count("resources.metering_rectified", "整改取水口计量设施", "个",
           lambda s: _i(_inspections(s)["取水计量设施整改"]), _S7),
    _count("resources.wells_inspected", "排查地下取水井", "口",
           lambda s: _i(_inspections(s)["地下取水井排查"]), _S7),
    _count("resources.permits_reviewed", "审查取水许可", "件",
           lambda s: _i(_inspections(s)["取水许可审查"]), _S7),
    _amount("resources.water_fee", "征收入库水资源费", lambda s: _fees(s, "水资源费"), _S7),
    _amount("resources.soil_fee", "征收入库水土保持补偿费", lambda s: _fees(s, "水土保持补偿费"),
            _S7),
    _count("resources.soil_plans_approved", "审批水土保持方案", "个",
           lambda s: _i(_soil_plans(s).sum()), _S7),
    _count("resources.soil_plans.report_book", "水土保持方案报告书", "个",
           lambda s: _i(_soil_plans(s)["报告书"]), _S7),
    _count("resources.soil_plans.report_form", "水土保持方案报告表", "个",
           lambda s: _i(_soil_plans(s)["报告表"]), _S7),
    _volume("resources.water_use", "用水总量", lambda s: _water(s).total_use, _S7),
    _volume("resources.water_use_cap", "用水总量控制指标", lambda s: _water(s).cap, _S7),
    Indicator("resources.water_use_per_gdp", "万元GDP用水量", "m³/万元", "ratio", False,
              lambda s: _water(s).per_gdp, section=_S7),
    Indicator("resources.water_use_per_industrial", "万元工业增加值用水量", "m³/万元", "ratio",
              False, lambda s: _water(s).per_industrial, section=_S7),
    _count("enforcement.cases", "查处水事违法案件", "起", lambda s: _i(_cases(s).sum()), _S7),
    _count("enforcement.sand_mining_cases", "查处河道非法采砂", "起",
           lambda s: _i(_cases(s)["非法采砂"]), _S7),
    _count("safety.hazards_found", "排查安全隐患", "处",
           lambda s: safety.hazards_found(s["hazards"], **s.period), _S7),
    _count("safety.hazards_rectified", "整治安全隐患", "处",
           lambda s: safety.hazards_rectified(s["hazards"], **s.period), _S7),
    _count("safety.hazards_open", "未整改安全隐患", "处",
           lambda s: safety.hazards_open(s["hazards"], **s.period), _S7),
    _percent("safety.rectification_rate", "隐患整改率",
             lambda s: safety.hazard_rectification_rate(s["hazards"], **s.period), _S7),
    _percent("safety.monitoring_coverage", "水库监测设施覆盖率",
             lambda s: safety.monitoring_coverage(s["reservoirs"], county=s.county), _S7),
    _percent("safety.monitoring_coverage.small", "小型水库监测设施覆盖率",
             lambda s: safety.monitoring_coverage(s["reservoirs"], county=s.county,
                                                  small_only=True), _S7),
    _percent("safety.eco_flow_compliance", "小水电站生态流量达标率",
             lambda s: safety.eco_flow_compliance(s["hydropower"], s["eco_flow"], **s.period),
             _S7),
    _count("rural_water.works", "农村供水工程", "件",
           lambda s: supply.rural_water_works_count(s["rural_water_works"], county=s.county),
           _S7),
    _percent("rural_water.pricing_coverage", "农村供水工程定价覆盖率",
             lambda s: supply.pricing_coverage(s["rural_water_works"], county=s.county), _S7),
    _percent("rural_water.pricing_coverage.concentrated", "集中供水工程定价覆盖率",
             lambda s: supply.pricing_coverage(s["rural_water_works"], county=s.county,
                                               work_types=supply.CONCENTRATED_WORK_TYPES), _S7),
    _percent("rural_water.pricing_coverage.dispersed", "分散供水工程定价覆盖率",
             lambda s: supply.pricing_coverage(s["rural_water_works"], county=s.county,
                                               work_types=supply.DISPERSED_WORK_TYPES), _S7),
    Indicator("rural_water.fees_billed", "农村水费应收", "元", "quantity", True,
              lambda s: _f(_rural_fees(s)["billed"]), section=_S7),
    Indicator("rural_water.fees_collected", "农村水费实收", "元", "quantity", True,
              lambda s: _f(_rural_fees(s)["collected"]), section=_S7),
    _percent("rural_water.fee_collection_rate", "农村水费收缴率",
             lambda s: _f(_rural_fees(s)["collection_rate"]), _S7),
    _percent("rural_water.fee_collection_rate.concentrated", "集中供水工程水费收缴率",
             lambda s: _f(_works_by_kind(s).loc["集中供水", "collection_rate"]), _S7),
    _percent("rural_water.fee_collection_rate.dispersed", "分散供水工程水费收缴率",
             lambda s: _f(_works_by_kind(s).loc["分散供水", "collection_rate"]), _S7),
    Indicator("rural_water.population_served", "农村供水工程受益人口", "人", "large", True,
              lambda s: supply.population_served(s["rural_water_works"], county=s.county),
              measure_word="人", section=_S7),
    Indicator("rural_water.rural_population", "农村人口", "人", "large", True,
              lambda s: _rural_population(s), section=_S7),  # NaN without the year's row
    _percent("rural_water.tap_coverage", "农村自来水普及率",
             lambda s: supply.tap_water_coverage(s["rural_water_works"],
                                                 s["county_statistics"], year=s.year,
                                                 county=s.county), _S7),
    _percent("rural_water.large_scale_coverage", "规模化供水工程覆盖农村人口比例",
             lambda s: supply.large_scale_coverage(s["rural_water_works"],
                                                   s["county_statistics"], year=s.year,
                                                   county=s.county), _S7),
    # 考核
    _count("assessment.results", "获得考核结果", "项",
           lambda s: _i(len(assessments.assessment_results(s["assessments"], **s.period))),
           _S7, additive=False),
    _count("assessment.excellent", "考核优秀", "项",
           lambda s: assessments.assessments_excellent(s["assessments"], **s.period), _S7,
           additive=False),
    Indicator("assessment.water_resources_rank", "最严格水资源管理制度考核名次", "名", "rank",
              False, lambda s: _rank(s, "最严格水资源管理制度考核"), section=_S7),
    Indicator("assessment.river_chief_rank", "河湖长制考核名次", "名", "rank", False,
              lambda s: _rank(s, "河湖长制考核"), section=_S7),
    Indicator("assessment.development_rank", "水利发展改革考核名次", "名", "rank", False,
              lambda s: _rank(s, "水利发展改革考核"), section=_S7),
    # 八、党的建设
    _count("party.study_sessions", "党组学习", "次", lambda s: _i(_party(s)["党组学习"]), _S8,
           additive=False),
    _count("party.center_group", "党组理论中心组学习", "次",
           lambda s: _i(_party(s)["中心组学习"]), _S8, additive=False),
    _count("party.lectures", "专题党课", "次", lambda s: _i(_party(s)["专题党课"]), _S8,
           additive=False),
    _count("party.publicity", "主题宣讲", "次", lambda s: _i(_party(s)["主题宣讲"]), _S8,
           additive=False),
    # 工作计划
    _count("plan.targets", "计划目标", "项", lambda s: _i(_plans(s).sum()), _S9, additive=False),
    _count("plan.met_on_time", "按期完成目标", "项", lambda s: _i(_plans(s)["按期完成"]), _S9,
           additive=False),
    _count("plan.met_late", "逾期完成目标", "项", lambda s: _i(_plans(s)["逾期完成"]), _S9,
           additive=False),
    _count("plan.open", "未到期目标", "项", lambda s: _i(_plans(s)["未到期"]), _S9,
           additive=False),
    _count("plan.overdue", "逾期未完成目标", "项", lambda s: _i(_plans(s)["逾期未完成"]), _S9,
           additive=False),
]

_DONE = ("milestones.actual_date",)  # a milestone is done by its actual date

#: Optional columns the indicators above read without naming them where they are made: a
#: ledger given without one (no 销号日期 column at all) gives no value, not "nothing closed".
_NEEDS: dict[str, tuple[str, ...]] = {
    **{k: _DONE for k in ("projects.under_construction", "projects.milestones_late",
                          "projects.milestones_overdue_open", "projects.reserve",
                          "projects.preliminary", "projects.new_starts", "projects.continuing",
                          "projects.completed", "projects.accepted", "reinforcement.new_starts",
                          "reinforcement.continuing", "reinforcement.completed",
                          "reinforcement.reservoirs_completed")},
    **{k: ("river_issues.closed_date",) for k in ("rivers.issues_closed",
                                                  "rivers.issues_closed_rate",
                                                  "rivers.issues_open")},
    **{k: ("hazards.rectified_date",) for k in ("safety.hazards_rectified",
                                                "safety.rectification_rate",
                                                "safety.hazards_open")},
    **{k: ("plan_targets.achieved_date",) for k in ("plan.met_on_time", "plan.met_late",
                                                    "plan.open", "plan.overdue")},
    "rivers.participants": ("activities.participants",),
    "rivers.river_km_cleaned": ("activities.river_km",),
    "rivers.rubbish_t": ("activities.rubbish_t",),
    **{k: ("activities.items",) for k in ("rivers.remote_sensing_spots",
                                          "rivers.beautiful_rivers", "rivers.green_rivers")},
    "flood.dangers_major": ("flood_events.grade",),
    "assessment.excellent": ("assessments.grade",),
    **{k: ("assessments.rank",) for k in ("assessment.water_resources_rank",
                                          "assessment.river_chief_rank",
                                          "assessment.development_rank")},
}

#: The catalogue, in report order.
CATALOGUE: dict[str, Indicator] = {
    ind.key: replace(ind, columns=ind.columns + _NEEDS.get(ind.key, ())) for ind in _LIST}
