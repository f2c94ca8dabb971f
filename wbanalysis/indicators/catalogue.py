"""指标目录 (the indicator catalogue): stable keys → Chinese name, unit, how to compute and display.

Every figure of the work summary has a key here (``funding.total``,
``rivers.patrol_completion`` …); :data:`CATALOGUE` lists them in report order. Each entry is one
:class:`~.record.Indicator` with everything known of it: how it is computed and displayed, the
optional columns it needs, its 口径 (``explained``) and the words a summary names it by
(``naming``). Adding an indicator is adding one entry to ``_LIST``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import SupportsFloat, SupportsInt

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
from ..monitoring import totals as flood_season
from ..schema import QUANTITY_UNITS
from .record import KINDS, Explanation, Indicator, Value, named
from .selection import Selection

__all__ = ["Indicator", "CATALOGUE", "CHIEF_LEVEL_KEYS", "KINDS", "Value", "explanations"]


# Shared intermediate results: each is computed once per selection.


def _funds(s: Selection) -> pd.Series:
    return s.memo("funds", lambda: funding.funds_by_level(s["funding"], **s.period))


def _rural(s: Selection) -> supply.ProgrammeProgress:
    return s.memo(
        "rural",
        lambda: supply.rural_supply_programme(s["projects"], s["project_progress"], **s.period),
    )


def _storage(s: Selection) -> pd.Series:
    return s.memo(
        "storage", lambda: storage.storage_totals(s["storage"], year=s.year, county=s.county)
    )


def _patrol(s: Selection) -> pd.DataFrame:
    return s.memo(
        "patrol",
        lambda: rivers.patrol_completion_by_level(s["river_chiefs"], s["patrols"], **s.period),
    )


#: The key suffix of each 河湖长 level's patrol completion (``rivers.patrol_completion.county``).
CHIEF_LEVEL_KEYS: dict[str, str] = dict(
    zip(rivers.CHIEF_LEVELS, ("province", "city", "county", "township", "village"), strict=True)
)


def _level_patrol_completion(s: Selection, level: str) -> float:
    """巡查完成率 of one level; NaN (no value) when the scope has no chief of that level."""
    table = _patrol(s)
    return _f(table.loc[level, "completion_rate"]) if level in table.index else math.nan


def _level_rate(level: str) -> Callable[[Selection], float]:
    """The compute function of one level's 巡查完成率."""
    return lambda s: _level_patrol_completion(s, level)


def _actions(s: Selection) -> pd.DataFrame:
    return s.memo("actions", lambda: rivers.special_actions(s["activities"], **s.period))


def _inspections(s: Selection) -> pd.Series:
    return s.memo(
        "inspections", lambda: resources.inspections_by_type(s["inspections"], **s.period)
    )


def _soil_plans(s: Selection) -> pd.Series:
    return s.memo("soil_plans", lambda: resources.soil_plans_by_type(s["soil_plans"], **s.period))


def _water(s: Selection) -> resources.WaterEfficiency:
    return s.memo(
        "water",
        lambda: resources.water_efficiency(
            s["water_use"], s["economy"], year=s.year, county=s.county
        ),
    )


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


def _status(s: Selection, category: str | None = None) -> pd.Series:
    # investment counts with the milestones (without the 投资进度 ledger: no value, as a
    # project with investment would read 储备)
    progress = s["project_progress"]
    return s.memo(
        f"status.{category}",
        lambda: portfolio.status_counts(
            s["projects"],
            s["milestones"],
            **s.period,
            category=category,
            project_progress=progress,
        ),
    )


def _plan(s: Selection, central: bool = False) -> investment.PlanProgress:
    return s.memo(
        f"plan.{central}",
        lambda: investment.investment_plan(
            s["project_progress"], s["project_plans"], **s.period, central=central
        ),
    )


def _channels(s: Selection) -> pd.Series:
    return s.memo("channels", lambda: funding.funds_by_channel(s["funding"], **s.period))


def _construction(s: Selection) -> pd.Series:
    return s.memo(
        "construction",
        lambda: construction.construction_by_source(s["construction_investment"], **s.period),
    )


def _quantities(s: Selection) -> pd.Series:
    return s.memo(
        "quantities", lambda: quantities.quantities_by_kind(s["work_quantities"], **s.period)
    )


def _losses(s: Selection) -> pd.Series:
    return s.memo("losses", lambda: disasters.disaster_losses(s["flood_events"], **s.period))


def _preparedness(s: Selection) -> pd.DataFrame:
    return s.memo(
        "preparedness", lambda: disasters.preparedness(s["flood_preparedness"], **s.period)
    )


def _works_by_kind(s: Selection) -> pd.DataFrame:
    return s.memo(
        "works_by_kind",
        lambda: supply.works_by_kind(s["rural_water_works"], s["rural_water_fees"], **s.period),
    )


def _rank(s: Selection, assessment: str) -> float:
    return assessments.assessment_rank(s["assessments"], assessment, **s.period)


def _rural_population(s: Selection) -> float:
    return supply.rural_population(s["county_statistics"], year=s.year, county=s.county)


def _f(x: SupportsFloat) -> float:
    return float(x)


def _i(x: SupportsInt) -> int:
    return int(x)


_S1, _S2, _S3, _S4 = "一、重点项目", "二、前期工作", "三、资金与投资", "四、农村供水专项"
_S5, _S6, _S7, _S8, _S9 = "五、防汛抗旱", "六、河湖长制", "七、监督管理", "八、党的建设", "工作计划"


# The helpers below pass ``**facts`` (columns, explained, naming, approx…) to the Indicator.


def _amount(
    key: str,
    name: str,
    compute: Callable[[Selection], Value],
    section: str,
    additive: bool = True,
    kind: str = "amount",
    **facts,
) -> Indicator:
    return Indicator(key, name, "万元", kind, additive, compute, section=section, **facts)


def _count(
    key: str,
    name: str,
    word: str,
    compute: Callable[[Selection], Value],
    section: str,
    additive: bool = True,
    **facts,
) -> Indicator:
    return Indicator(
        key, name, word, "count", additive, compute, measure_word=word, section=section, **facts
    )


def _percent(
    key: str, name: str, compute: Callable[[Selection], Value], section: str, **facts
) -> Indicator:
    return Indicator(key, name, "%", "percent", False, compute, section=section, **facts)


def _volume(
    key: str, name: str, compute: Callable[[Selection], Value], section: str, **facts
) -> Indicator:
    return Indicator(key, name, "万m³", "volume", True, compute, section=section, **facts)


_DONE = ("milestones.actual_date",)  # a milestone is done by its actual date
_RURAL = "农村供水|供水专项"  # the context of the rural programme's words in a summary

#: The 口径 the data dictionary states, each shared by a family of indicators below (their
#: position is their row in its 口径 table).
_X_STATUS = Explanation(
    1,
    "项目建设状态：在建（新开工、续建）、完工、竣工验收、前期、储备项目",
    "projects.new_starts 等",
    "按末级项目计（总项目不重复计），由《项目节点》的实际日期并参考《项目投资进度》推算：新开工 = 开工"
    "在期内（当年 1 月至截止月）；续建 = 开工在当年以前、截止时未竣工验收，且主体工程在当年以前未完工"
    "或台账中尚有待办的竣工验收（以前年度已完工、不再验收的项目不计）；在建 = 新开工 + 续建；完工 = "
    "主体完工在期内；竣工验收 = 竣工验收在期内；前期 = 截止时已完成某一节点或已有完成投资，但未开工；"
    "储备 = 截止时既无节点完成也无完成投资。未填开工而已有大坝封顶、主体完工或验收节点的项目按已开工计"
    "（不计前期），有投资而未开工的项目计前期，两者均在台账检查时提示。同一项目当年开工当年完工时，"
    "新开工、完工各计一次。报审、招标、合同签订、用地批复、征地、移民搬迁为程序节点，不推进项目阶段。",
)
_X_PLAN = Explanation(
    2,
    "年度投资计划完成率",
    "investment.plan_completion_rate",
    "计划项目本年完成投资 ÷ 本年计划投资 × 100；本年完成投资取《项目投资进度》中有本年计划的项目"
    "当年 1 月至截止月的完成投资，本年计划取《项目年度投资计划》。分子只含本年计划内项目的本年完成投资，"
    "不封顶：超过 100% 即超额完成年度投资计划，句中写作“超额完成”。",
)
_X_CENTRAL_PLAN = Explanation(
    3,
    "中央投资计划完成率",
    "investment.central_plan_completion_rate",
    "只计中央投资部分：计划中有中央投资的项目，本年完成的中央投资 ÷ 本年中央投资计划 × 100；"
    "须有《项目年度投资计划》的“其中中央投资计划”列和《项目投资进度》的“其中中央投资”列，缺列时无数据。"
    "超过 100% 即超额完成中央投资计划。",
)
_X_CHANNELS = Explanation(
    4,
    "分筹资渠道资金",
    "funding.channel.*",
    "期内争取资金按《资金台账》“筹资渠道”列分类（一般公共预算、增发国债、超长期特别国债、专项债、一般债、"
    "贷款、社会资本、群众自筹、整合资金等），渠道与资金级别（中央、省级…）相互独立；未填渠道的计入"
    "“未注明”，各渠道之和等于争取项目资金；台账没有该列时各渠道均无数据。",
)
_X_CONSTRUCTION = Explanation(
    5,
    "全口径水利建设投资",
    "construction.*",
    "水利部统计口径：本地区全部水利工程（水利部门、其他部门和企业实施）期内完成的投资，按资金来源"
    "（中央、地方、债券、贷款、社会资本、其他）分列；同比按相同月份比较。与统计局口径的水利管理业"
    "固定资产投资（investment.fixed_asset）不同，二者不可相加。",
)
_X_QUANTITIES = Explanation(
    6,
    "工程量与效益",
    "quantities.*、irrigation.*、soil.*、benefits.*",
    "《工程量与效益》期内各类完成数量之和，各按其单位（河道、堤防、渠道、管道 km，土石方 万m³，"
    "水闸、泵站 座，机电井 眼，灌溉面积和高标准农田 亩，水土流失治理面积 km²，受益人口 人，受益乡镇、"
    "村 个，学校 所）；写明其他单位的行在读取时换算（公里、m、万亩、万人）。",
)
_X_EFFECTIVE_AREA = Explanation(
    7,
    "有效灌溉面积",
    "irrigation.effective_area",
    "《县区年度统计》当年年末有效灌溉面积之和（亩）。",
)
_X_REINFORCEMENT = Explanation(
    8,
    "病险水库除险加固",
    "reinforcement.*",
    "项目类别为“除险加固”的末级项目：新开工、续建、完工按项目建设状态计；完成除险加固水库按水库计"
    "（期内主体完工的除险加固项目所涉水库，不重复计），须填写项目台账的“水库编号”。",
)
_X_DISASTERS = Explanation(
    9,
    "水旱灾害、工程险情",
    "flood.disasters、flood.dangers、flood.dangers_major",
    "《水旱灾害》期内发生的次数：水旱灾害不含工程险情；工程险情按处计，较大及以上含较大、重大、特别重大。",
)
_X_LOSSES = Explanation(
    10,
    "灾害损失",
    "flood.affected_population 等",
    "期内各次灾害和险情的受灾人口、紧急转移人口、死亡失踪人口（人）和直接经济损失、水利设施直接经济损失"
    "（万元）之和；某次未统计的损失项留空，不计为 0。",
)
_X_PREPAREDNESS = Explanation(
    11,
    "防汛抗旱准备",
    "flood.rescue_teams 等",
    "《防汛抗旱准备》期内的抢险队伍（支、人）、应急演练、防汛检查（次）、抗旱机电井（眼）和水泵（台）；"
    "县区空白为市局本级，不计入任何县（区）。",
)
_X_TAP = Explanation(
    12,
    "农村自来水普及率",
    "rural_water.tap_coverage",
    "集中供水工程（规模化供水、小型集中供水）受益人口 ÷ 当年农村人口 × 100；农村人口取《县区年度统计》，"
    "当年无数据时无数据。受益人口与农村人口来自不同台账，超过 100% 说明受益人口含城镇人口或农村人口未更新，"
    "应核对两份台账。",
)
_X_LARGE_SCALE = Explanation(
    13,
    "规模化供水工程覆盖农村人口比例",
    "rural_water.large_scale_coverage",
    "规模化供水工程（千吨万人）受益人口 ÷ 当年农村人口 × 100；超过 100% 时应核对受益人口和农村人口。",
)
_X_FEE_RATES = Explanation(
    14,
    "农村水费收缴率（全部、集中供水、分散供水工程）",
    "rural_water.fee_collection_rate、rural_water.fee_collection_rate.concentrated、"
    "rural_water.fee_collection_rate.dispersed",
    "期内（当年 1 月至截止月）实收水费 ÷ 应收水费 × 100，无应收时无数据。《农村水费》按收费月份记，"
    "实收含期内收回的往期欠费，台账不区分，故收缴率可超过 100%：超过时句中注明“含收回往期欠费”。",
)
_X_ASSESSMENTS = Explanation(
    15,
    "考核结果",
    "assessment.*",
    "按结果公布日期计入期间：获得考核结果、考核优秀（等次为优秀或 A）的项数，县区空白为本市的结果；"
    "名次取期内公布的本市（或本县区）该项考核的名次；连续优秀年数按考核年度连续计。",
)

_X_ARRIVAL = Explanation(
    16,
    "资金到位率",
    "funding.arrival_rate",
    "期内（当年 1 月至截止月）下达的资金截至当前的到位金额 ÷ 期内争取资金 × 100；到位金额记在所属资金"
    "的下达月份，以前年度下达、本期到位的资金不计入，故一般不超过 100%；某笔到位金额大于争取金额时"
    "会超过 100%，应核对该行。",
)
_X_RURAL_SUPPLY = Explanation(
    17,
    "农村供水专项投资完成率",
    "rural_supply.completion_rate",
    "农村供水专项末级子项目截止时累计完成投资（含以前年度）÷ 总投资 × 100，分子分母同为项目全周期口径；"
    "超过 100% 表示完成投资超出总投资（超概算），不是计算错误。",
)
_X_STORAGE = Explanation(
    18,
    "冬春蓄水任务完成率",
    "storage.completion_rate、storage.surplus",
    "冬春蓄水 ÷ 蓄水任务 × 100（“2022－2023年冬春”计入 2023 年）；超出 = 蓄水 − 任务。"
    "超过 100% 即超额完成蓄水任务，句中写作“超额完成”。",
)
_X_PATROLS = Explanation(
    19,
    "巡查完成率（全部和各层级河湖长）",
    "rivers.patrol_completion、rivers.patrol_completion.*",
    "Σ min(实际巡查次数, 应巡查次数) ÷ Σ 应巡查次数 × 100，逐名河湖长计，应巡查次数 = 该层级规定的"
    "每月巡查频次 × 月数；一名河湖长多巡不抵他人少巡，故不超过 100%。",
)
_X_RIVER_ISSUES = Explanation(
    20,
    "问题销号率、往年问题本期销号",
    "rivers.issues_closed、rivers.issues_closed_rate、rivers.issues_closed_carried_over、"
    "rivers.issues_open",
    "本期发现问题销号 = 期内（当年 1 月至截止月）发现、截止时已销号的问题件数；问题销号率 = 本期发现问题"
    "销号 ÷ 期内发现问题 × 100，不超过 100%。以前年度发现、期内销号的问题另计为“往年问题本期销号”，"
    "不计入销号率；未销号问题 = 截止时已发现（含以前年度）尚未销号的问题。",
)
_X_HAZARDS = Explanation(
    21,
    "隐患整改率、往年隐患本期整改",
    "safety.hazards_rectified、safety.hazards_rectified.general、safety.rectification_rate、"
    "safety.hazards_rectified_carried_over",
    "排查整治隐患 = 期内（当年 1 月至截止月）发现、截止时已整改的隐患处数（一般隐患只计等级为一般的）；"
    "隐患整改率 = 排查整治隐患 ÷ 期内排查安全隐患 × 100，不超过 100%。以前年度发现、期内整改的隐患"
    "另计为“往年隐患本期整改”，不计入整改率。",
)
_X_COVERAGE = Explanation(
    22,
    "水库监测设施覆盖率、生态流量达标率、农村供水工程定价覆盖率",
    "safety.monitoring_coverage、safety.monitoring_coverage.small、safety.eco_flow_compliance、"
    "rural_water.pricing_coverage、rural_water.pricing_coverage.*",
    "分子是分母的一部分，不超过 100%：已安装水雨情和大坝安全监测设施的水库 ÷ 名录中的水库（小型水库只计"
    "小(1)型、小(2)型）；应报送生态流量的电站中期内报送过且各报送月份均达标的 ÷ 应报送的电站；已定价的农村供水工程 ÷ 名录中的工程。",
)
_X_YOY = Explanation(
    23,
    "水利管理业固定资产投资同比增长率",
    "investment.fixed_asset_yoy",
    "（期内完成投资 − 上年同期完成投资）÷ 上年同期完成投资 × 100，两年都取 1 月至截止月；"
    "是增减幅度而非完成比例，可超过 100% 或为负（写作“同比下降”）。",
)

_X_FLOOD_SEASON = Explanation(
    24,
    "汛期水雨情（降雨、超汛限、到报率）",
    "flood.season.*",
    "由水雨情监测数据（SL 323 国家标准表）计算，汛期为《汛限水位表》（ST_RSVRFSR_B）中汛限水位执行期"
    "最早开始日至最晚结束日（表中无汛限水位时为 6 月 1 日至 9 月 30 日），截至截止月末。面平均降雨量 = "
    "范围内各雨量站汛期降雨量（ST_PPTN_R 时段降水量之和）的算术平均；最大 1 小时、24 小时降雨量取各站"
    "滑动时段雨量的最大值；暴雨站日数 = 各站日降雨量（8 时至次日 8 时）≥ 50mm 的天数之和。超汛限：库水位"
    "（ST_RSVR_R 的 RZ）高于当时执行的汛限水位（FSLTDZ，按 BGMD～EDMD 取用），每条记录计一个报讯间隔；"
    "超汛限水库座数为有超汛限时段的水库站数，最大超汛限幅度为 RZ − FSLTDZ 的最大值。到报率 = 各水库站"
    "收到记录的报讯时段数之和 ÷ 应报时段数之和 × 100（同一时段重复的记录只计一次，缺报时段不计；"
    "收到的时段是应报时段的一部分，不超过 100%）；接入平台水库占比 = 《水库名录》中已安装水雨情监测、"
    "汛期内向平台报送过记录的水库 ÷ 已安装水雨情监测的水库 × 100（不超过 100%）。没有监测数据（或截止月在汛期之前、范围内没有测站）时均为无数据，不计为 0。",
)


def _reservoir_stations(s: Selection) -> pd.DataFrame:
    return s["monitoring_reservoirs"]


def _rain_gauges(s: Selection) -> pd.DataFrame:
    return s["monitoring_rain"]


def _season(
    key: str,
    name: str,
    unit: str,
    compute: Callable[[Selection], Value],
    kind: str = "quantity",
    **facts,
) -> Indicator:
    """A flood-season figure of the monitoring data (水雨情): not additive, since a station
    may belong to no county."""
    word = unit if kind == "count" else ""
    return Indicator(
        key,
        name,
        unit,
        kind,
        False,
        compute,
        measure_word=word,
        section=_S5,
        explained=_X_FLOOD_SEASON,
        **facts,
    )


_FLOOD_SEASON = [
    _season(
        "flood.season.rain_total",
        "各雨量站汛期降雨量之和",
        "mm",
        lambda s: flood_season.rainfall_total(_rain_gauges(s)),
    ),
    _season(
        "flood.season.rain_gauges",
        "雨量站",
        "个",
        lambda s: flood_season.rain_gauges(_rain_gauges(s)),
        kind="count",
    ),
    _season(
        "flood.season.area_rainfall",
        "汛期面平均降雨量",
        "mm",
        lambda s: flood_season.area_mean_rainfall(_rain_gauges(s)),
        kind="ratio",
        naming=named("面平均降雨量", "面雨量"),
        parts=("flood.season.rain_total", "flood.season.rain_gauges"),
    ),
    _season(
        "flood.season.max_1h_rainfall",
        "最大1小时降雨量",
        "mm",
        lambda s: flood_season.max_station_rainfall(_rain_gauges(s), "max_1h"),
        naming=named("最大1小时降雨量", "最大小时雨量"),
    ),
    _season(
        "flood.season.max_24h_rainfall",
        "最大24小时降雨量",
        "mm",
        lambda s: flood_season.max_station_rainfall(_rain_gauges(s), "max_24h"),
        naming=named("最大24小时降雨量"),
    ),
    _season(
        "flood.season.rainstorm_station_days",
        "暴雨站日数",
        "站日",
        lambda s: flood_season.rainstorm_station_days(_rain_gauges(s)),
        kind="count",
        naming=named("暴雨"),
    ),
    _season(
        "flood.season.reservoirs_above",
        "超汛限水库",
        "座",
        lambda s: flood_season.reservoirs_above_limit(_reservoir_stations(s)),
        kind="count",
        naming=named("水库超汛限", "超汛限运行", "超汛限水库"),
    ),
    _season(
        "flood.season.hours_above",
        "超汛限累计时长",
        "小时",
        lambda s: flood_season.hours_above_limit(_reservoir_stations(s)),
        naming=named("累计", context="超汛限"),
    ),
    _season(
        "flood.season.max_exceedance",
        "最大超汛限幅度",
        "m",
        lambda s: flood_season.max_exceedance(_reservoir_stations(s)),
        naming=named("最大超汛限幅度", "最高超出汛限水位", "最高超汛限"),
    ),
    _season(
        "flood.season.records_received",
        "水情到报条数",
        "条",
        lambda s: flood_season.records_received(_reservoir_stations(s)),
        kind="count",
    ),
    _season(
        "flood.season.records_expected",
        "水情应报条数",
        "条",
        lambda s: flood_season.records_expected(_reservoir_stations(s)),
        kind="count",
    ),
    _season(
        "flood.season.arrival_rate",
        "水雨情到报率",
        "%",
        lambda s: flood_season.arrival_rate(_reservoir_stations(s)),
        kind="percent",
        naming=named("到报率"),
        parts=("flood.season.records_received", "flood.season.records_expected"),
    ),
    _season(
        "flood.season.reservoirs_monitored",
        "已安装水雨情监测水库",
        "座",
        lambda s: _monitored(s),
        kind="count",
    ),
    _season(
        "flood.season.reservoirs_reporting",
        "接入平台水库",
        "座",
        lambda s: flood_season.reservoirs_reporting(_reservoir_stations(s), s["reservoirs"]),
        kind="count",
        naming=named("接入省级平台", "接入平台"),
    ),
    _season(
        "flood.season.reporting_share",
        "接入平台水库占比",
        "%",
        lambda s: flood_season.reporting_share(_reservoir_stations(s), s["reservoirs"]),
        kind="percent",
        naming=named("接入平台水库占比", "占已安装"),
        parts=("flood.season.reservoirs_reporting", "flood.season.reservoirs_monitored"),
    ),
]


def _monitored(s: Selection) -> float:
    """Reservoirs with 水雨情 monitoring installed, counted only where the scope has monitoring
    stations (the denominator of 接入平台水库占比; without monitoring data: no value)."""
    if _reservoir_stations(s).empty:
        return math.nan
    return flood_season.reservoirs_monitored(s["reservoirs"])


#: Keys of the funding channels (筹资渠道), in report order.
_CHANNEL_KEYS = dict(
    zip(
        funding.FUNDING_CHANNELS + (funding.UNSPECIFIED_CHANNEL,),
        (
            "budget",
            "central_budget_investment",
            "additional_treasury_bonds",
            "ultra_long_treasury_bonds",
            "special_bonds",
            "general_bonds",
            "loans",
            "social_capital",
            "self_raised",
            "integrated",
            "other",
            "unspecified",
        ),
        strict=True,
    )
)

_CHANNEL_NAMES = {
    "社会资本": "社会资本投入",
    "群众自筹": "群众自筹资金",
    "整合资金": "整合资金",
    "其他": "其他渠道资金",
    "未注明": "未注明渠道资金",
}


def _channel(channel: str) -> Indicator:
    return Indicator(
        f"funding.channel.{_CHANNEL_KEYS[channel]}",
        _CHANNEL_NAMES.get(channel, f"{channel}资金"),
        "万元",
        "amount",
        True,
        lambda s: _f(_channels(s)[channel]),
        section=_S3,
        columns=("funding.channel",),
        explained=_X_CHANNELS,
    )


#: Keys of the 全口径 sources of funds.
_SOURCE_KEYS = dict(
    zip(
        construction.CONSTRUCTION_SOURCES,
        ("central", "local", "bonds", "loans", "social_capital", "other"),
        strict=True,
    )
)


def _source(source: str) -> Indicator:
    return Indicator(
        f"construction.{_SOURCE_KEYS[source]}",
        f"全口径水利建设投资：{source}",
        "万元",
        "amount",
        True,
        lambda s: _f(_construction(s)[source]),
        section=_S3,
        explained=_X_CONSTRUCTION,
        # the sentence lists the sources after 按资金来源分 (债券5.21亿元，中央3亿元)
        naming=named(source + "(?!资金)", context="全口径"),
    )


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
        return Indicator(
            key,
            name,
            unit,
            kind_of,
            True,
            lambda s: _i(round(_quantities(s)[kind])),
            measure_word=unit,
            section=_S1,
            explained=_X_QUANTITIES,
            naming=named(name),
        )
    display = {"亩": "large", "km": "km", "万m³": "volume"}.get(unit, "quantity")
    return Indicator(
        key,
        name,
        unit,
        display,
        True,
        lambda s: _f(_quantities(s)[kind]),
        section=_S1,
        explained=_X_QUANTITIES,
        naming=named(name.removesuffix("长度")),  # 治理河道30.9公里
    )


#: The words a sentence names a loss by, besides its name.
_LOSS_WORDS = {
    "flood.dead_missing": ("因灾死亡失踪", "死亡失踪"),
    "flood.direct_loss": ("(?<!设施)直接经济损失",),
}


def _loss(key: str, name: str, column: str, unit: str = "人") -> Indicator:
    naming = named(*_LOSS_WORDS[key]) if key in _LOSS_WORDS else None
    if unit == "万元":
        return Indicator(
            key,
            name,
            unit,
            "amount",
            True,
            lambda s: _f(_losses(s)[column]),
            section=_S5,
            columns=(f"flood_events.{column}",),
            explained=_X_LOSSES,
            naming=naming,
        )
    return Indicator(
        key,
        name,
        unit,
        "large",
        True,
        lambda s: _i(_losses(s)[column]),
        measure_word=unit,
        section=_S5,
        columns=(f"flood_events.{column}",),
        explained=_X_LOSSES,
        naming=naming,
    )


#: The words a sentence names a preparation by, besides its name.
_PREPARED_WORDS = {"flood.rescue_members": ("抢险队员",), "flood.drills": ("应急演练",)}


def _prepared(key: str, name: str, kind: str, people: bool = False) -> Indicator:
    word = "人" if people else disasters.PREPAREDNESS_WORDS[kind]
    naming = named(*_PREPARED_WORDS[key]) if key in _PREPARED_WORDS else None
    return Indicator(
        key,
        name,
        word,
        "count",
        False,
        lambda s: _i(_preparedness(s).loc[kind, "people" if people else "count"]),
        measure_word=word,
        section=_S5,
        columns=("flood_preparedness.people",) if people else (),
        explained=_X_PREPAREDNESS,
        naming=naming,
    )


_LIST: list[Indicator] = [
    # 三、资金与投资
    _amount(
        "funding.total",
        "争取项目资金",
        lambda s: _f(_funds(s).sum()),
        _S3,
        naming=named("争取项目资金", "争取资金", "争取各类资金", "争取各级资金", "争取上级资金"),
    ),
    _amount(
        "funding.central",
        "中央资金",
        lambda s: _f(_funds(s)["中央"]),
        _S3,
        naming=named("中央资金", "中央各类资金"),
    ),
    _amount(
        "funding.provincial",
        "省级资金",
        lambda s: _f(_funds(s)["省级"]),
        _S3,
        naming=named("省级资金", "省级各类资金"),
    ),
    _amount(
        "funding.city",
        "市本级资金",
        lambda s: _f(_funds(s)["市本级"]),
        _S3,
        naming=named("市本级资金", "市级资金"),
    ),
    _amount(
        "funding.county",
        "县级资金",
        lambda s: _f(_funds(s)["县级"]),
        _S3,
        naming=named("县级资金", "县本级资金"),
    ),
    _amount(
        "funding.arrived",
        "到位资金",
        lambda s: funding.funds_arrived(s["funding"], **s.period),
        _S3,
        naming=named("到位资金", "资金到位", "已到位资金"),
    ),
    _percent(
        "funding.arrival_rate",
        "资金到位率",
        lambda s: funding.arrival_rate(s["funding"], **s.period),
        _S3,
        explained=_X_ARRIVAL,
        naming=named("资金到位率", "到位率", "已到位", context="资金"),
        parts=("funding.arrived", "funding.total"),
    ),
    _amount(
        "investment.fixed_asset",
        "水利管理业固定资产投资",
        lambda s: investment.fixed_asset_investment(s["fixed_asset_investment"], **s.period),
        _S3,
        naming=named("水利管理业固定资产投资", "水利固定资产投资"),
    ),
    Indicator(
        "investment.fixed_asset_yoy",
        "水利管理业固定资产投资同比增长率",
        "%",
        "yoy",
        False,
        lambda s: investment.fixed_asset_yoy(s["fixed_asset_investment"], **s.period),
        section=_S3,
        explained=_X_YOY,
        naming=named(
            "同比增(?!加)",
            "同比增长",
            "同比增幅",
            context="固定资产投资",
            negative=(r"同比(下降|减少|降低)(了)?$",),
            near=True,
        ),
        parts=("investment.fixed_asset",),
    ),
    *[_channel(c) for c in _CHANNEL_KEYS],
    # 全口径水利建设投资: another 口径, never added to the fixed-asset investment above
    _amount(
        "construction.total",
        "全口径水利建设投资",
        lambda s: _f(_construction(s).sum()),
        _S3,
        explained=_X_CONSTRUCTION,
    ),
    Indicator(
        "construction.yoy",
        "全口径水利建设投资同比增长率",
        "%",
        "yoy",
        False,
        lambda s: construction.construction_yoy(s["construction_investment"], **s.period),
        section=_S3,
        explained=_X_CONSTRUCTION,
        naming=named(
            "同比增(?!加)",
            "同比增长",
            "同比增幅",
            context="全口径",
            negative=(r"同比(下降|减少|降低)(了)?$",),
            near=True,
        ),
        parts=("construction.total",),
    ),
    *[_source(source) for source in _SOURCE_KEYS],
    # the year's investment plan (项目年度投资计划)
    _amount("investment.plan", "年度投资计划", lambda s: _plan(s).planned, _S3),
    _amount(
        "investment.plan_completed",
        "计划项目本年完成投资",
        lambda s: _plan(s).completed,
        _S3,
        naming=named("计划项目完成投资"),
    ),
    _percent(
        "investment.plan_completion_rate",
        "年度投资计划完成率",
        lambda s: _plan(s).completion_rate,
        _S3,
        explained=_X_PLAN,
        parts=("investment.plan_completed", "investment.plan"),
    ),
    Indicator(
        "investment.central_plan",
        "中央投资计划",
        "万元",
        "amount",
        True,
        lambda s: _plan(s, True).planned,
        section=_S3,
        columns=("project_plans.planned_central",),
    ),
    Indicator(
        "investment.central_completed",
        "中央投资完成",
        "万元",
        "amount",
        True,
        lambda s: _plan(s, True).completed,
        section=_S3,
        columns=("project_plans.planned_central", "project_progress.central"),
    ),
    Indicator(
        "investment.central_plan_completion_rate",
        "中央投资计划完成率",
        "%",
        "percent",
        False,
        lambda s: _plan(s, True).completion_rate,
        section=_S3,
        columns=("project_plans.planned_central", "project_progress.central"),
        explained=_X_CENTRAL_PLAN,
        parts=("investment.central_completed", "investment.central_plan"),
    ),
    # 四、农村供水专项
    _count(
        "rural_supply.subprojects",
        "农村供水专项子项目",
        "个",
        lambda s: _rural(s).subprojects,
        _S4,
        naming=named("子项目", context=_RURAL),
    ),
    _amount(
        "rural_supply.total_investment",
        "农村供水专项总投资",
        lambda s: _rural(s).total_investment,
        _S4,
        kind="amount_wan",
        naming=named("总投资", context=_RURAL),
    ),
    _amount(
        "rural_supply.completed_cumulative",
        "农村供水专项累计完成投资",
        lambda s: _rural(s).completed_cumulative,
        _S4,
        kind="amount_wan",
        naming=named("实际完成投资", "累计完成投资", context=_RURAL),
    ),
    _amount(
        "rural_supply.completed_year",
        "农村供水专项本年完成投资",
        lambda s: _rural(s).completed_year,
        _S4,
        kind="amount_wan",
        naming=named(
            r"\d{4}年完成投资", "本年完成投资", "当年完成投资", "今年完成投资", context=_RURAL
        ),
    ),
    _percent(
        "rural_supply.completion_rate",
        "农村供水专项投资完成率",
        lambda s: _rural(s).completion_rate,
        _S4,
        explained=_X_RURAL_SUPPLY,
        naming=named("投资完成率", context=_RURAL),
        parts=("rural_supply.completed_cumulative", "rural_supply.total_investment"),
    ),
    Indicator(
        "rural_supply.pipeline_km",
        "供水管道安装",
        "km",
        "km",
        True,
        lambda s: _rural(s).pipeline_km,
        section=_S4,
        columns=("project_progress.pipeline_km",),
        naming=named("供水管道", "管道", "管网", context=_RURAL),
    ),
    # 一、重点项目 / 二、前期工作
    _count(
        "projects.under_construction",
        "在建项目",
        "个",
        lambda s: _i(_status(s)["新开工"] + _status(s)["续建"]),
        _S1,
        columns=_DONE,
        explained=_X_STATUS,
        naming=named("在建项目", "在建"),
    ),
    _count(
        "projects.milestones_due",
        "到期项目节点",
        "个",
        lambda s: projects.milestones_due(s["milestones"], **s.period),
        _S1,
        naming=named("到期项目节点", "到期节点"),
    ),
    _count(
        "projects.milestones_late",
        "滞后项目节点",
        "个",
        lambda s: projects.milestones_late(s["milestones"], **s.period),
        _S1,
        columns=_DONE,
        naming=named("滞后", context="节点"),
    ),
    _count(
        "projects.milestones_overdue_open",
        "逾期未完成项目节点",
        "个",
        lambda s: projects.milestones_open_overdue(s["milestones"], **s.period),
        _S1,
        columns=_DONE,
        naming=named("逾期未完成", context="节点"),
    ),
    # 项目建设状态: 储备, 前期, 续建 at the cut-off; 新开工, 完工, 竣工验收 within the period
    _count(
        "projects.reserve",
        "储备项目",
        "个",
        lambda s: _i(_status(s)["储备"]),
        _S1,
        columns=_DONE,
        explained=_X_STATUS,
    ),
    _count(
        "projects.preliminary",
        "前期项目",
        "个",
        lambda s: _i(_status(s)["前期"]),
        _S1,
        columns=_DONE,
        explained=_X_STATUS,
    ),
    _count(
        "projects.new_starts",
        "新开工项目",
        "个",
        lambda s: _i(_status(s)["新开工"]),
        _S1,
        columns=_DONE,
        explained=_X_STATUS,
    ),
    _count(
        "projects.continuing",
        "续建项目",
        "个",
        lambda s: _i(_status(s)["续建"]),
        _S1,
        columns=_DONE,
        explained=_X_STATUS,
    ),
    _count(
        "projects.completed",
        "完工项目",
        "个",
        lambda s: _i(_status(s)["完工"]),
        _S1,
        columns=_DONE,
        explained=_X_STATUS,
    ),
    _count(
        "projects.accepted",
        "竣工验收项目",
        "个",
        lambda s: _i(_status(s)["竣工验收"]),
        _S1,
        columns=_DONE,
        explained=_X_STATUS,
    ),
    _amount(
        "projects.investment_year",
        "建设项目本年完成投资",
        lambda s: _f(
            investment.project_investment(s["projects"], s["project_progress"], **s.period)[
                "completed_year"
            ].sum()
        ),
        _S1,
    ),
    # 病险水库除险加固
    _count(
        "reinforcement.new_starts",
        "除险加固新开工项目",
        "个",
        lambda s: _i(_status(s, portfolio.REINFORCEMENT_CATEGORY)["新开工"]),
        _S1,
        columns=_DONE,
        explained=_X_REINFORCEMENT,
        naming=named("除险加固新开工"),
    ),
    _count(
        "reinforcement.continuing",
        "除险加固续建项目",
        "个",
        lambda s: _i(_status(s, portfolio.REINFORCEMENT_CATEGORY)["续建"]),
        _S1,
        columns=_DONE,
        explained=_X_REINFORCEMENT,
        naming=named("除险加固续建", "^续建", context="除险加固", near=True),
    ),
    _count(
        "reinforcement.completed",
        "完成除险加固项目",
        "个",
        lambda s: _i(_status(s, portfolio.REINFORCEMENT_CATEGORY)["完工"]),
        _S1,
        columns=_DONE,
        explained=_X_REINFORCEMENT,
        naming=named("完成除险加固(?!水库)"),
    ),
    Indicator(
        "reinforcement.reservoirs_completed",
        "完成除险加固水库",
        "座",
        "count",
        True,
        lambda s: portfolio.reservoirs_reinforced(s["projects"], s["milestones"], **s.period),
        measure_word="座",
        section=_S1,
        columns=("projects.reservoir_id", *_DONE),
        explained=_X_REINFORCEMENT,
    ),
    # 工程量与效益
    *[_quantity(kind) for kind in _QUANTITY_KEYS],
    Indicator(
        "irrigation.effective_area",
        "有效灌溉面积",
        "亩",
        "large",
        True,
        lambda s: quantities.effective_irrigation_area(
            s["county_statistics"], year=s.year, county=s.county
        ),
        section=_S1,
        columns=("county_statistics.effective_irrigation_area",),
        explained=_X_EFFECTIVE_AREA,
    ),
    Indicator(
        "loans.drawdown_eur",
        "外资贷款提款",
        "欧元",
        "eur",
        True,
        lambda s: projects.loan_drawdown_eur(s["loan_drawdowns"], **s.period),
        section=_S2,
        naming=named("提款"),
    ),
    # 五、防汛抗旱
    _count(
        "flood.warnings_forwarded",
        "转发预警信息",
        "次",
        lambda s: flood.warnings_forwarded(s["warnings"], **s.period),
        _S5,
        approx=True,
        naming=named("预警信息", "转发预警"),
    ),
    _volume(
        "storage.target",
        "冬春蓄水任务",
        lambda s: _f(_storage(s)["target"]),
        _S5,
        naming=named("(?<!超出)(?<!少于)蓄水任务(?!完成)", "蓄水目标"),
    ),
    _volume(
        "storage.actual",
        "冬春蓄水",
        lambda s: _f(_storage(s)["actual"]),
        _S5,
        naming=named("冬春蓄水(?!任务|目标)", "蓄水量", "完成蓄水(?!任务)"),
    ),
    Indicator(
        "storage.surplus",
        "较蓄水任务增减",
        "万m³",
        "surplus",
        True,
        lambda s: _f(_storage(s)["surplus"]),
        section=_S5,
        explained=_X_STORAGE,
        naming=named(
            "超出", "超额", "超出蓄水任务", context="蓄水", negative=("蓄水任务[^，,；;。]*少$",)
        ),
        parts=("storage.actual", "storage.target"),
    ),
    _percent(
        "storage.completion_rate",
        "蓄水任务完成率",
        lambda s: _f(_storage(s)["completion_rate"]),
        _S5,
        explained=_X_STORAGE,
        naming=named("蓄水任务完成率", "蓄水完成率"),
        parts=("storage.actual", "storage.target"),
    ),
    # 水旱灾害、工程险情与防汛抗旱准备
    _count(
        "flood.disasters",
        "水旱灾害",
        "次",
        lambda s: disasters.disaster_events(s["flood_events"], **s.period),
        _S5,
        explained=_X_DISASTERS,
    ),
    _count(
        "flood.dangers",
        "工程险情",
        "处",
        lambda s: disasters.disaster_events(s["flood_events"], **s.period, kind=disasters.DANGER),
        _S5,
        explained=_X_DISASTERS,
    ),
    _count(
        "flood.dangers_major",
        "较大及以上工程险情",
        "处",
        lambda s: disasters.disaster_events(
            s["flood_events"],
            **s.period,
            kind=disasters.DANGER,
            grades=("较大", "重大", "特别重大"),
        ),
        _S5,
        columns=("flood_events.grade",),
        explained=_X_DISASTERS,
        naming=named("较大及以上险情"),
    ),
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
    # 汛期水雨情 (the monitoring data)
    *_FLOOD_SEASON,
    # 六、河湖长制
    _count(
        "rivers.chiefs",
        "河湖长",
        "名",
        lambda s: _i(rivers.chiefs_by_level(s["river_chiefs"], county=s.county).sum()),
        _S6,
        naming=named("河湖长", "河长", "湖长"),
    ),
    _count(
        "rivers.patrols",
        "河湖巡查",
        "次",
        lambda s: rivers.patrols_done(s["patrols"], **s.period),
        _S6,
        approx=True,
        naming=named("河湖巡查", "河长巡查", "河湖长巡查", "巡河", "巡湖"),
    ),
    _percent(
        "rivers.patrol_completion",
        "巡查完成率",
        lambda s: _f(_patrol(s).loc["合计", "completion_rate"]),
        _S6,
        explained=_X_PATROLS,
        naming=named("巡查完成率", "巡河完成率"),
    ),
    *(
        _percent(
            f"rivers.patrol_completion.{suffix}",
            f"{level}河湖长巡查完成率",
            _level_rate(level),
            _S6,
            explained=_X_PATROLS,
        )
        for level, suffix in CHIEF_LEVEL_KEYS.items()
    ),
    _count(
        "rivers.issues_found",
        "巡查发现问题",
        "件",
        lambda s: rivers.issues_found(s["river_issues"], **s.period),
        _S6,
        approx=True,
        naming=named("发现提交问题", "发现问题", "发现河湖问题", "交办问题"),
    ),
    # 销号: of the issues found in the period (the rate cannot exceed 100 %); the backlog of
    # earlier years closed in the period is a figure of its own
    _count(
        "rivers.issues_closed",
        "本期发现问题销号",
        "件",
        lambda s: rivers.issues_closed(s["river_issues"], **s.period),
        _S6,
        columns=("river_issues.closed_date",),
        explained=_X_RIVER_ISSUES,
        naming=named("(?<!未)销号"),
    ),
    _percent(
        "rivers.issues_closed_rate",
        "问题销号率",
        lambda s: rivers.issue_closure_rate(s["river_issues"], **s.period),
        _S6,
        columns=("river_issues.closed_date",),
        explained=_X_RIVER_ISSUES,
        naming=named("销号率"),
        parts=("rivers.issues_closed", "rivers.issues_found"),
    ),
    _count(
        "rivers.issues_closed_carried_over",
        "往年问题本期销号",
        "件",
        lambda s: rivers.issues_closed_carried_over(s["river_issues"], **s.period),
        _S6,
        columns=("river_issues.closed_date",),
        explained=_X_RIVER_ISSUES,
        naming=named("往年问题本期销号", "往年问题销号", "以前年度问题", "往年问题", "遗留问题"),
    ),
    _count(
        "rivers.issues_open",
        "未销号问题",
        "件",
        lambda s: rivers.issues_open(s["river_issues"], **s.period),
        _S6,
        columns=("river_issues.closed_date",),
        explained=_X_RIVER_ISSUES,
        naming=named("未销号"),
    ),
    _count(
        "rivers.participants",
        "专项行动参与干群",
        "名",
        lambda s: _i(_actions(s).loc["合计", "participants"]),
        _S6,
        additive=False,
        approx=True,
        columns=("activities.participants",),
        naming=named("干群", context="专项行动|清四乱|清河"),
    ),
    Indicator(
        "rivers.river_km_cleaned",
        "清理河道",
        "km",
        "km",
        False,
        lambda s: _f(_actions(s).loc["合计", "river_km"]),
        section=_S6,
        approx=True,
        columns=("activities.river_km",),
        naming=named("清理河道"),
    ),
    Indicator(
        "rivers.rubbish_t",
        "清理垃圾",
        "吨",
        "quantity",
        False,
        lambda s: _f(_actions(s).loc["合计", "rubbish_t"]),
        section=_S6,
        approx=True,
        columns=("activities.rubbish_t",),
        naming=named("垃圾", context="河|湖"),
    ),
    _count(
        "rivers.remote_sensing_spots",
        "遥感图斑复核",
        "个",
        lambda s: rivers.activity_items(s["activities"], activity_type="遥感图斑复核", **s.period),
        _S6,
        additive=False,
        columns=("activities.items",),
        naming=named("遥感图斑"),
    ),
    _count(
        "rivers.beautiful_rivers",
        "美丽河湖申报",
        "件",
        lambda s: rivers.activity_items(s["activities"], activity_type="美丽河湖申报", **s.period),
        _S6,
        additive=False,
        columns=("activities.items",),
        naming=named("(?<!绿)美丽河湖"),
    ),
    _count(
        "rivers.green_rivers",
        "绿美河湖申报",
        "件",
        lambda s: rivers.activity_items(s["activities"], activity_type="绿美河湖申报", **s.period),
        _S6,
        additive=False,
        columns=("activities.items",),
        naming=named("绿美河湖"),
    ),
    # 七、监督管理
    _count(
        "resources.metering_rectified",
        "整改取水口计量设施",
        "个",
        lambda s: _i(_inspections(s)["取水计量设施整改"]),
        _S7,
        naming=named("计量设施"),
    ),
    _count(
        "resources.wells_inspected",
        "排查地下取水井",
        "口",
        lambda s: _i(_inspections(s)["地下取水井排查"]),
        _S7,
        naming=named("取水井"),
    ),
    _count(
        "resources.permits_reviewed",
        "审查取水许可",
        "件",
        lambda s: _i(_inspections(s)["取水许可审查"]),
        _S7,
        naming=named("取水许可"),
    ),
    _amount(
        "resources.water_fee",
        "征收入库水资源费",
        lambda s: _fees(s, "水资源费"),
        _S7,
        naming=named("水资源费"),
    ),
    _amount(
        "resources.soil_fee",
        "征收入库水土保持补偿费",
        lambda s: _fees(s, "水土保持补偿费"),
        _S7,
        naming=named("水土保持补偿费"),
    ),
    _count(
        "resources.soil_plans_approved",
        "审批水土保持方案",
        "个",
        lambda s: _i(_soil_plans(s).sum()),
        _S7,
        naming=named("水土保持方案"),
    ),
    _count(
        "resources.soil_plans.report_book",
        "水土保持方案报告书",
        "个",
        lambda s: _i(_soil_plans(s)["报告书"]),
        _S7,
        naming=named("报告书", context="水土保持"),
    ),
    _count(
        "resources.soil_plans.report_form",
        "水土保持方案报告表",
        "个",
        lambda s: _i(_soil_plans(s)["报告表"]),
        _S7,
        naming=named("报告表", context="水土保持"),
    ),
    _volume(
        "resources.water_use",
        "用水总量",
        lambda s: _water(s).total_use,
        _S7,
        naming=named("用水总量"),
    ),
    _volume(
        "resources.water_use_cap",
        "用水总量控制指标",
        lambda s: _water(s).cap,
        _S7,
        naming=named("控制指标", context="用水总量"),
    ),
    Indicator(
        "resources.water_use_per_gdp",
        "万元GDP用水量",
        "m³/万元",
        "ratio",
        False,
        lambda s: _water(s).per_gdp,
        section=_S7,
        naming=named("万元GDP用水量", units=("m³",)),
    ),
    Indicator(
        "resources.water_use_per_industrial",
        "万元工业增加值用水量",
        "m³/万元",
        "ratio",
        False,
        lambda s: _water(s).per_industrial,
        section=_S7,
        naming=named("万元工业增加值用水量", units=("m³",)),
    ),
    _count(
        "enforcement.cases",
        "查处水事违法案件",
        "起",
        lambda s: _i(_cases(s).sum()),
        _S7,
        naming=named("水事违法案件", "违法案件"),
    ),
    _count(
        "enforcement.sand_mining_cases",
        "查处河道非法采砂",
        "起",
        lambda s: _i(_cases(s)["非法采砂"]),
        _S7,
        naming=named("非法采砂", "采砂"),
    ),
    _count(
        "safety.hazards_found",
        "排查安全隐患",
        "处",
        lambda s: safety.hazards_found(s["hazards"], **s.period),
        _S7,
        naming=named("排查安全隐患", "发现隐患", "发现安全隐患"),
    ),
    _count(
        "safety.hazards_rectified",
        "整治安全隐患",
        "处",
        lambda s: safety.hazards_rectified(s["hazards"], **s.period),
        _S7,
        columns=("hazards.rectified_date",),
        explained=_X_HAZARDS,
        naming=named(
            "整治安全隐患",
            "整改隐患",
            "整治隐患",
            "^整治",
            "^整改",
            context="隐患",
            near=True,
        ),
    ),
    _count(
        "safety.hazards_rectified.general",
        "整治一般隐患",
        "处",
        lambda s: safety.hazards_rectified(s["hazards"], **s.period, level="一般"),
        _S7,
        columns=("hazards.rectified_date",),
        explained=_X_HAZARDS,
        naming=named("排查整治一般隐患", "整治一般隐患", context="隐患", near=True),
    ),
    _count(
        "safety.hazards_rectified_carried_over",
        "往年隐患本期整改",
        "处",
        lambda s: safety.hazards_rectified_carried_over(s["hazards"], **s.period),
        _S7,
        columns=("hazards.rectified_date",),
        explained=_X_HAZARDS,
        naming=named("往年隐患本期整改", "往年隐患", "以前年度隐患", "遗留隐患"),
    ),
    _count(
        "safety.hazards_open",
        "未整改安全隐患",
        "处",
        lambda s: safety.hazards_open(s["hazards"], **s.period),
        _S7,
        columns=("hazards.rectified_date",),
        naming=named("未完成整改", "未整改", context="隐患"),
    ),
    _percent(
        "safety.rectification_rate",
        "隐患整改率",
        lambda s: safety.hazard_rectification_rate(s["hazards"], **s.period),
        _S7,
        columns=("hazards.rectified_date",),
        explained=_X_HAZARDS,
        naming=named("隐患整改率", "整改率", context="隐患", near=True),
        parts=("safety.hazards_rectified", "safety.hazards_found"),
    ),
    _percent(
        "safety.monitoring_coverage",
        "水库监测设施覆盖率",
        lambda s: safety.monitoring_coverage(s["reservoirs"], county=s.county),
        _S7,
        explained=_X_COVERAGE,
    ),
    _percent(
        "safety.monitoring_coverage.small",
        "小型水库监测设施覆盖率",
        lambda s: safety.monitoring_coverage(s["reservoirs"], county=s.county, small_only=True),
        _S7,
        explained=_X_COVERAGE,
    ),
    _percent(
        "safety.eco_flow_compliance",
        "小水电站生态流量达标率",
        lambda s: safety.eco_flow_compliance(s["hydropower"], s["eco_flow"], **s.period),
        _S7,
        explained=_X_COVERAGE,
        naming=named("生态流量达标率"),
    ),
    _count(
        "rural_water.works",
        "农村供水工程",
        "件",
        lambda s: supply.rural_water_works_count(s["rural_water_works"], county=s.county),
        _S7,
        naming=named("农村供水工程", "农村饮水工程"),
    ),
    _percent(
        "rural_water.pricing_coverage",
        "农村供水工程定价覆盖率",
        lambda s: supply.pricing_coverage(s["rural_water_works"], county=s.county),
        _S7,
        explained=_X_COVERAGE,
        naming=named("定价覆盖率"),
    ),
    _percent(
        "rural_water.pricing_coverage.concentrated",
        "集中供水工程定价覆盖率",
        lambda s: supply.pricing_coverage(
            s["rural_water_works"], county=s.county, work_types=supply.CONCENTRATED_WORK_TYPES
        ),
        _S7,
        explained=_X_COVERAGE,
    ),
    _percent(
        "rural_water.pricing_coverage.dispersed",
        "分散供水工程定价覆盖率",
        lambda s: supply.pricing_coverage(
            s["rural_water_works"], county=s.county, work_types=supply.DISPERSED_WORK_TYPES
        ),
        _S7,
        explained=_X_COVERAGE,
    ),
    Indicator(
        "rural_water.fees_billed",
        "农村水费应收",
        "元",
        "quantity",
        True,
        lambda s: _f(_rural_fees(s)["billed"]),
        section=_S7,
    ),
    Indicator(
        "rural_water.fees_collected",
        "农村水费实收",
        "元",
        "quantity",
        True,
        lambda s: _f(_rural_fees(s)["collected"]),
        section=_S7,
    ),
    _percent(
        "rural_water.fee_collection_rate",
        "农村水费收缴率",
        lambda s: _f(_rural_fees(s)["collection_rate"]),
        _S7,
        explained=_X_FEE_RATES,
        naming=named("水费收缴率"),
        parts=("rural_water.fees_collected", "rural_water.fees_billed"),
    ),
    _percent(
        "rural_water.fee_collection_rate.concentrated",
        "集中供水工程水费收缴率",
        lambda s: _f(_works_by_kind(s).loc["集中供水", "collection_rate"]),
        _S7,
        explained=_X_FEE_RATES,
    ),
    _percent(
        "rural_water.fee_collection_rate.dispersed",
        "分散供水工程水费收缴率",
        lambda s: _f(_works_by_kind(s).loc["分散供水", "collection_rate"]),
        _S7,
        explained=_X_FEE_RATES,
    ),
    Indicator(
        "rural_water.population_served",
        "农村供水工程受益人口",
        "人",
        "large",
        True,
        lambda s: supply.population_served(s["rural_water_works"], county=s.county),
        measure_word="人",
        section=_S7,
    ),
    Indicator(
        "rural_water.rural_population",
        "农村人口",
        "人",
        "large",
        True,
        lambda s: _rural_population(s),
        section=_S7,
    ),  # NaN without the year's row
    _percent(
        "rural_water.tap_coverage",
        "农村自来水普及率",
        lambda s: supply.tap_water_coverage(
            s["rural_water_works"], s["county_statistics"], year=s.year, county=s.county
        ),
        _S7,
        explained=_X_TAP,
    ),
    _percent(
        "rural_water.large_scale_coverage",
        "规模化供水工程覆盖农村人口比例",
        lambda s: supply.large_scale_coverage(
            s["rural_water_works"], s["county_statistics"], year=s.year, county=s.county
        ),
        _S7,
        explained=_X_LARGE_SCALE,
    ),
    # 考核
    _count(
        "assessment.results",
        "获得考核结果",
        "项",
        lambda s: _i(len(assessments.assessment_results(s["assessments"], **s.period))),
        _S7,
        additive=False,
        explained=_X_ASSESSMENTS,
    ),
    _count(
        "assessment.excellent",
        "考核优秀",
        "项",
        lambda s: assessments.assessments_excellent(s["assessments"], **s.period),
        _S7,
        additive=False,
        columns=("assessments.grade",),
        explained=_X_ASSESSMENTS,
    ),
    Indicator(
        "assessment.water_resources_rank",
        "最严格水资源管理制度考核名次",
        "名",
        "rank",
        False,
        lambda s: _rank(s, "最严格水资源管理制度考核"),
        section=_S7,
        columns=("assessments.rank",),
        explained=_X_ASSESSMENTS,
    ),
    Indicator(
        "assessment.river_chief_rank",
        "河湖长制考核名次",
        "名",
        "rank",
        False,
        lambda s: _rank(s, "河湖长制考核"),
        section=_S7,
        columns=("assessments.rank",),
        explained=_X_ASSESSMENTS,
    ),
    Indicator(
        "assessment.development_rank",
        "水利发展改革考核名次",
        "名",
        "rank",
        False,
        lambda s: _rank(s, "水利发展改革考核"),
        section=_S7,
        columns=("assessments.rank",),
        explained=_X_ASSESSMENTS,
    ),
    # 八、党的建设
    _count(
        "party.study_sessions",
        "党组学习",
        "次",
        lambda s: _i(_party(s)["党组学习"]),
        _S8,
        additive=False,
        naming=named("组织学习", "党组学习", context="党"),
    ),
    _count(
        "party.center_group",
        "党组理论中心组学习",
        "次",
        lambda s: _i(_party(s)["中心组学习"]),
        _S8,
        additive=False,
        naming=named("中心组学习"),
    ),
    _count(
        "party.lectures",
        "专题党课",
        "次",
        lambda s: _i(_party(s)["专题党课"]),
        _S8,
        additive=False,
        naming=named("专题党课", "党课"),
    ),
    _count(
        "party.publicity",
        "主题宣讲",
        "次",
        lambda s: _i(_party(s)["主题宣讲"]),
        _S8,
        additive=False,
        naming=named("主题宣讲", "宣讲"),
    ),
    # 工作计划
    _count(
        "plan.targets",
        "计划目标",
        "项",
        lambda s: _i(_plans(s).sum()),
        _S9,
        additive=False,
        naming=named("计划目标"),
    ),
    _count(
        "plan.met_on_time",
        "按期完成目标",
        "项",
        lambda s: _i(_plans(s)["按期完成"]),
        _S9,
        additive=False,
        columns=("plan_targets.achieved_date",),
        naming=named("按期完成", context="计划|目标"),
    ),
    _count(
        "plan.met_late",
        "逾期完成目标",
        "项",
        lambda s: _i(_plans(s)["逾期完成"]),
        _S9,
        additive=False,
        columns=("plan_targets.achieved_date",),
        naming=named("逾期完成", context="计划|目标"),
    ),
    _count(
        "plan.open",
        "未到期目标",
        "项",
        lambda s: _i(_plans(s)["未到期"]),
        _S9,
        additive=False,
        columns=("plan_targets.achieved_date",),
        naming=named("未到期", context="计划|目标"),
    ),
    _count(
        "plan.overdue",
        "逾期未完成目标",
        "项",
        lambda s: _i(_plans(s)["逾期未完成"]),
        _S9,
        additive=False,
        columns=("plan_targets.achieved_date",),
        naming=named("逾期未完成", context="计划|目标"),
    ),
]

#: The catalogue, in report order.
CATALOGUE: dict[str, Indicator] = {ind.key: ind for ind in _LIST}


def explanations(catalogue: dict[str, Indicator] | None = None) -> tuple[tuple[str, str, str], ...]:
    """The data dictionary's 口径 table: (indicators, keys, 口径) of each explanation the
    indicators of ``catalogue`` (the built-in one by default) carry, once each, in its order.

    >>> explanations()[1][:2]
    ('年度投资计划完成率', 'investment.plan_completion_rate')
    """
    found = {ind.explained for ind in (catalogue or CATALOGUE).values() if ind.explained}
    return tuple((x.title, x.keys, x.rule) for x in sorted(found, key=lambda x: x.position))
