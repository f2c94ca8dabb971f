"""Every ledger (台账) the suite reads: the single source of truth.

Each :class:`Ledger` lists its :class:`Column` objects with the canonical English name used in
code, the Chinese header analysts write, the kind of value, the unit, whether it is required,
the allowed values and the references to other ledgers. Loading (:mod:`wbanalysis.io`),
validation, the blank Excel templates and the data dictionary are all generated from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Column",
    "Ledger",
    "LEDGERS",
    "LEDGER_ORDER",
    "get_ledger",
    "VOCABULARIES",
    "MILESTONE_STAGE",
    "PROCEDURAL_MILESTONES",
    "CONSTRUCTION_MILESTONES",
    "STAGES",
    "PROJECT_STATUSES",
    "FUNDING_CHANNELS",
    "QUANTITY_UNITS",
    "PREPAREDNESS_WORDS",
    "DEFINITIONS",
    "TABLES",
    "DEFINITION_KEY_PATTERN",
    "SEASON_PATTERN",
    "COUNTY_CODE_PATTERN",
    "NOTHING_WORD",
    "NOTHING_YEAR_PATTERN",
    "NOTHING_GUIDE",
    "MONITORING",
    "DERIVED",
    "described",
]

#: What an analyst writes, alone in the first data row of a ledger (under its header), when the
#: ledger really had nothing in the period: the ledger is then provided and empty, and its
#: figures are real zeros (预警信息0次). A sheet left with its header only is *not provided*
#: (its figures are "—"). Written beside data rows it is an error.
NOTHING_WORD = "本期无"

#: The same for one year of a ledger kept over several years (``2023年无``): a year without rows
#: in a provided ledger counts 0 already; this row says so, and is an error beside rows of that
#: year.
NOTHING_YEAR_PATTERN = r"^((?:19|20)\d{2})\s*年度?\s*无$"

#: How to state it (the template's 填表说明 and the data dictionary).
NOTHING_GUIDE = (
    "只有表头、没有数据行的台账（模板中未填写的工作表）按未提供处理，相关指标显示为“—”（无数据）。"
    f"本期确实没有任何记录（如全年未转发预警、未发生灾害）时，在表头下第一行的第一格写“{NOTHING_WORD}”，"
    "其余格留空：该台账按已提供、记录为零计（如 预警信息0次）。按年度记录的台账某一年没有记录时，可写"
    "“2023年无”一行。“本期无”与数据行不能同时出现在一张表中（2023年无 不能与2023年的数据行同时出现）。"
)

#: A 行政区划代码: 6 digits (county), 9 or 12 (township, village). It names the report
#: folder of the county, so nothing else may pass (no ``..``, no ``/``).
COUNTY_CODE_PATTERN = r"^\d{6}(?:\d{3}){0,2}$"

#: A winter-spring storage season, e.g. ``2022－2023年冬春`` (it belongs to the later year).
SEASON_PATTERN = r"^\s*(\d{4})\s*[-－—~～至]\s*(\d{4})\s*年?\s*冬春\s*$"

#: Kinds of values a column holds, and how they are stored once loaded.
KINDS = {
    "str": "文本",
    "int": "整数",
    "float": "数值",
    "date": "日期",
    "bool": "是/否",
}

#: The stage pipeline of a project (项目阶段), in order.
STAGES = ("可研", "初设", "专题报告", "开工", "完工", "验收")

#: Which stage a milestone (项目节点) completes.
MILESTONE_STAGE = {
    "可研批复": "可研",
    "初设批复": "初设",
    "专题报告批复": "专题报告",
    "开工": "开工",
    "大坝封顶": "开工",
    "主体完工": "完工",
    "下闸蓄水验收": "验收",
    "竣工验收": "验收",
}

#: The milestones that prove a project was started (开工 and every milestone of a later stage:
#: 大坝封顶, 主体完工, 下闸蓄水验收, 竣工验收). One of them done without 开工 done before it is
#: a contradiction the loader reports; the project counts as started all the same.
CONSTRUCTION_MILESTONES = tuple(
    m for m, stage in MILESTONE_STAGE.items() if STAGES.index(stage) >= STAGES.index("开工")
)

#: Milestones of the procedure (项目程序节点): tracked against their planned dates like the
#: others, but they complete no stage of :data:`STAGES` (a project whose 可研 is 报审 is still
#: waiting for its approval).
PROCEDURAL_MILESTONES = ("报审", "招标", "合同签订", "用地批复", "征地", "移民搬迁")

#: A project's place in the year's construction programme (项目建设状态), as the summaries count
#: it: 储备 (in the project library, nothing done yet) → 前期 (some milestone done, not started)
#: → 新开工 (开工 within the period) → 续建 (开工 before the year, not yet 竣工验收 at the
#: cut-off, and still building: main works not done before the year, or an acceptance still to
#: come) → 完工 (主体完工 within the period) → 竣工验收 (within the period). 储备, 前期 and
#: 续建 are counted at the cut-off, the others within the period; a project started and
#: finished in the same year is both 新开工 and 完工. Investment counts with the milestones: a
#: project with investment by the cut-off is never 储备 (前期 until a 开工 is done), and a later
#: construction milestone (:data:`CONSTRUCTION_MILESTONES`) shows it started even when 开工 was
#: not filled in; both are notices of the loader.
PROJECT_STATUSES = ("储备", "前期", "新开工", "续建", "完工", "竣工验收")

#: 筹资渠道 (how funds were raised), apart from the level that allocates them (中央/省级…).
FUNDING_CHANNELS = (
    "一般公共预算",
    "中央预算内投资",
    "增发国债",
    "超长期特别国债",
    "专项债",
    "一般债",
    "贷款",
    "社会资本",
    "群众自筹",
    "整合资金",
    "其他",
)

#: The unit of each kind of physical quantity and benefit (工程量与效益).
QUANTITY_UNITS: dict[str, str] = {
    "河道治理长度": "km",
    "堤防长度": "km",
    "渠道长度": "km",
    "管道长度": "km",
    "土石方": "万m³",
    "水闸": "座",
    "泵站": "座",
    "机电井": "眼",
    "新增灌溉面积": "亩",
    "恢复灌溉面积": "亩",
    "改善灌溉面积": "亩",
    "高标准农田": "亩",
    "水土流失治理面积": "km²",
    "受益人口": "人",
    "受益乡镇": "个",
    "受益村": "个",
    "受益学校": "所",
}

#: The measure word of each kind of flood and drought preparation (防汛抗旱准备).
PREPAREDNESS_WORDS: dict[str, str] = {
    "抢险队伍": "支",
    "应急演练": "次",
    "防汛检查": "次",
    "抗旱机电井": "眼",
    "抗旱水泵": "台",
}

#: Closed vocabularies: allowed values of categorical columns.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "funding_level": ("中央", "省级", "市本级", "县级"),
    "funding_channel": FUNDING_CHANNELS,
    "project_category": (
        "水库",
        "灌区",
        "小流域",
        "河道治理",
        "农村供水",
        "生态修复",
        "除险加固",
        "中小河流治理",
        "堤防",
        "海塘",
        "水系连通",
        "水美乡村",
        "城乡供水一体化",
        "山洪灾害防治",
        "水毁修复",
        "岁修",
        "移民后期扶持",
        "水电增效扩容",
        "水土保持",
        "灌区续建配套",
        "其他",
    ),
    "milestone": tuple(MILESTONE_STAGE) + PROCEDURAL_MILESTONES,
    "project_status": PROJECT_STATUSES,
    "construction_source": ("中央", "地方", "债券", "贷款", "社会资本", "其他"),
    "construction_purpose": ("防洪工程", "水资源工程", "水土保持及生态工程", "其他工程"),
    "investor": ("水利部门", "其他部门", "企业"),
    "quantity_kind": tuple(QUANTITY_UNITS),
    "disaster_kind": ("洪涝", "山洪", "干旱", "台风", "工程险情"),
    "disaster_grade": ("一般", "较大", "重大", "特别重大"),
    "preparedness_kind": tuple(PREPAREDNESS_WORDS),
    "assessment": ("最严格水资源管理制度考核", "河湖长制考核", "水利发展改革考核", "其他考核"),
    "assessment_grade": ("优秀", "良好", "合格", "不合格", "A", "B", "C", "D"),
    "warning_source": ("防办", "水务", "水文", "气象"),
    "warning_level": ("蓝色", "黄色", "橙色", "红色"),
    "reservoir_scale": ("大型", "中型", "小(1)型", "小(2)型"),
    # the five levels of the national river and lake chief system (河湖长制)
    "chief_level": ("省级", "市级", "县级", "乡级", "村级"),
    "issue_type": ("乱占", "乱采", "乱堆", "乱建", "水污染", "其他"),
    "activity_type": (
        "清四乱",
        "河长清河",
        "遥感图斑复核",
        "美丽河湖申报",
        "绿美河湖申报",
        "党组学习",
        "中心组学习",
        "专题党课",
        "主题宣讲",
    ),
    "fee_type": ("水资源费", "水土保持补偿费"),
    "inspection_type": ("取水计量设施整改", "地下取水井排查", "取水许可审查"),
    "soil_plan_type": ("报告书", "报告表"),
    "case_type": ("非法采砂", "非法取水", "河道违建", "其他"),
    "hazard_level": ("一般", "重大"),
    "work_type": ("规模化供水", "小型集中供水", "分散供水"),
    "lender": ("法开署", "世界银行", "亚洲开发银行", "其他"),
    # sections of the work summary an analyst's own text belongs to
    "summary_section": (
        "重点项目",
        "前期工作",
        "资金与投资",
        "农村供水",
        "防汛抗旱",
        "河湖长制",
        "监督管理",
        "党的建设",
        "困难和问题",
        "工作计划",
    ),
    "note_kind": ("亮点", "措施", "困难", "计划"),
    # the 指标定义 sheet (indicators a bureau defines itself)
    "aggregation": ("求和", "计数", "不重复计数", "平均", "比率"),
    "period_rule": ("期内", "累计至期末", "期末"),
    "display_style": ("金额", "金额（万元）", "水量", "数量", "个数", "百分比"),
}


@dataclass(frozen=True)
class Column:
    """One column of a ledger.

    Attributes
    ----------
    name : canonical English name used in code.
    zh : the Chinese header written in templates (without unit).
    kind : one of ``str``, ``int``, ``float``, ``date``, ``bool``.
    unit : unit of the stored value (``万元``, ``万m³``, ``元``, ``欧元``, ``km``…), or "".
    required : the column must be present and every cell filled.
    vocabulary : key of :data:`VOCABULARIES` whose values are the only ones allowed.
    ref : ``"ledger.column"`` whose values this column must take (a foreign key).
    unique : no two rows may share a value.
    minimum, maximum : inclusive bounds for numbers.
    aliases : other headers analysts write for this column.
    doc : meaning, in Chinese, for the data dictionary and the template note.
    fraction : a ratio between 0 and 1 (a coefficient): ``56%`` is read as 0.56.
    unit_by : for a number whose unit depends on the row, ``(kind column, unit column)``: the
        unit is the one :data:`QUANTITY_UNITS` gives the row's kind; the unit column, when
        filled, must state it or a unit that converts to it (``公里`` for km, ``万亩`` for 亩).
    words : what an office writes in a number cell it cannot fill with a number, and what each
        word means: ``(word, value)`` — ``("未到位", 0.0)`` is the fact 0; ``("待定", None)`` is
        *unknown*: the cell is empty, never 0, and a sum over the column leaves the row out
        and says so (a notice naming it). A blank cell stays an error that names the words.
    """

    name: str
    zh: str
    kind: str = "str"
    unit: str = ""
    required: bool = True
    vocabulary: str | None = None
    ref: str | None = None
    unique: bool = False
    minimum: float | None = None
    maximum: float | None = None
    aliases: tuple[str, ...] = ()
    doc: str = ""
    pattern: str | None = None
    example: str | None = None
    fraction: bool = False
    unit_by: tuple[str, str] | None = None
    words: tuple[tuple[str, float | None], ...] = ()

    @property
    def unknown_words(self) -> tuple[str, ...]:
        """The :attr:`words` that mean "not known yet" (``待定``)."""
        return tuple(w for w, v in self.words if v is None)

    def describe_words(self) -> str:
        """The :attr:`words` explained, in Chinese (``尚无数字时写 0 或“未到位”（按 0 计）``)."""
        known = [f"“{w}”（按 {_num(v)} 计）" for w, v in self.words if v is not None]
        unknown = [f"“{w}”" for w in self.unknown_words]
        parts = []
        if known:
            parts.append("尚无数字时写 0 或" + "、".join(known))
        if unknown:
            parts.append(
                "尚无数字时写"
                + "或".join(unknown)
                + "（视为未知，不按 0 计：合计不含该行，并予提示）"
            )
        return "；".join(parts)

    @property
    def header(self) -> str:
        """The header as the template writes it, e.g. ``金额（万元）``."""
        return f"{self.zh}（{self.unit}）" if self.unit else self.zh

    @property
    def allowed(self) -> tuple[str, ...] | None:
        """Allowed values of a categorical column, or ``None``."""
        return VOCABULARIES[self.vocabulary] if self.vocabulary else None

    def describe_allowed(self) -> str:
        """What is allowed in this column, in Chinese (used in messages and templates)."""
        if self.allowed:
            return "、".join(self.allowed) + " 之一"
        if self.pattern:
            return f"格式如 {self.example}"
        if self.ref:
            ledger, col = self.ref.split(".")
            return f"须为《{get_ledger(ledger).zh}》中已有的{get_ledger(ledger).column(col).zh}"
        parts = [KINDS[self.kind]]
        if self.unique:
            parts = ["不重复的编号"]
        if self.kind == "date":
            parts = ["日期，如 2023-10-29、2023/10/29 或 2023年10月29日"]
        if self.minimum is not None and self.maximum is not None:
            parts.append(f"{_num(self.minimum)}～{_num(self.maximum)}")
        elif self.minimum is not None:
            parts.append(f"不小于{_num(self.minimum)}")
        if self.unit:
            parts.append(f"单位：{self.unit}")
        if self.fraction:
            parts.append("也可写作百分数（如 56%）")
        if self.words:
            parts.append(self.describe_words())
        return "，".join(parts)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


@dataclass(frozen=True)
class Ledger:
    """One ledger (台账): a table with a fixed set of columns.

    ``when`` names the date column that places a row in time in a ledger without 年度/月份
    (预警转发: ``date``; 河湖问题: ``found_date``); see :attr:`time`. ``totals``: a row with
    a cell reading 合计/小计 is a total the reader skips (not in 指标定义, where 合计 may be
    a name or a wrong 汇总方式 that must be reported).
    """

    name: str
    zh: str
    columns: tuple[Column, ...]
    doc: str = ""
    aliases: tuple[str, ...] = field(default=())
    when: str | None = None
    totals: bool = True

    @property
    def time(self) -> str | None:
        """How a row is placed in time: ``"month"`` (年度 and 月份), ``"year"`` (年度 only),
        ``"date"`` (the column :attr:`when`) or ``None`` (a roster: 项目台账, 水库名录…)."""
        names = self.names
        if "year" in names and "month" in names:
            return "month"
        if "year" in names or self.name == "storage":  # a season belongs to a year
            return "year"
        return "date" if self.when else None

    def column(self, name: str) -> Column:
        """The column called ``name`` (canonical English name)."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        """Canonical column names in order."""
        return [c.name for c in self.columns]


# ---- reusable column factories -------------------------------------------------------------


def _county(required: bool = True) -> Column:
    return Column(
        "county",
        "所属县区",
        ref="counties.county",
        required=required,
        aliases=("县区", "县（区）", "县市区", "所属县（区）", "行政区"),
        doc="所属县（区），须为《行政区划》中的名称",
    )


def _year() -> Column:
    return Column(
        "year", "年度", "int", minimum=2000, maximum=2100, aliases=("年份", "年"), doc="统计年度"
    )


def _month() -> Column:
    return Column(
        "month", "月份", "int", minimum=1, maximum=12, aliases=("月",), doc="统计月份，1～12"
    )


def _amount(
    name: str,
    zh: str,
    unit: str = "万元",
    required: bool = True,
    doc: str = "",
    aliases: tuple[str, ...] = (),
    words: tuple[tuple[str, float | None], ...] = (),
) -> Column:
    return Column(
        name, zh, "float", unit, required=required, minimum=0, doc=doc, aliases=aliases, words=words
    )


def _count(
    name: str, zh: str, required: bool = True, doc: str = "", aliases: tuple[str, ...] = ()
) -> Column:
    return Column(name, zh, "int", required=required, minimum=0, doc=doc, aliases=aliases)


def _id(name: str, zh: str, doc: str = "", aliases: tuple[str, ...] = ()) -> Column:
    return Column(name, zh, unique=True, doc=doc, aliases=aliases + ("编号", "ID"))


def _flag(name: str, zh: str, required: bool = True, doc: str = "") -> Column:
    return Column(name, zh, "bool", required=required, doc=doc)


def _date(
    name: str, zh: str, required: bool = True, doc: str = "", aliases: tuple[str, ...] = ()
) -> Column:
    return Column(name, zh, "date", required=required, doc=doc, aliases=aliases)


def _text(
    name: str, zh: str, required: bool = True, doc: str = "", aliases: tuple[str, ...] = ()
) -> Column:
    return Column(name, zh, required=required, doc=doc, aliases=aliases)


def _choice(
    name: str,
    zh: str,
    vocabulary: str,
    required: bool = True,
    doc: str = "",
    aliases: tuple[str, ...] = (),
) -> Column:
    return Column(name, zh, vocabulary=vocabulary, required=required, doc=doc, aliases=aliases)


def _ref(
    name: str,
    zh: str,
    ref: str,
    required: bool = True,
    doc: str = "",
    aliases: tuple[str, ...] = (),
) -> Column:
    return Column(name, zh, ref=ref, required=required, doc=doc, aliases=aliases)


_L = Ledger

_LEDGER_LIST: tuple[Ledger, ...] = (
    _L(
        "counties",
        "行政区划",
        (
            Column(
                "county",
                "县区名称",
                unique=True,
                doc="县（区）名称，其他台账的“所属县区”须取自此列",
                aliases=("所属县区", "县区", "编号", "ID"),
                # 全市 names the city's summary of all counties: a county of that name would
                # merge into it
                pattern=r"(?!全市$)",
                example="白沙县；不重复，且不能是“全市”（全市汇总的名称）",
            ),
            Column(
                "code",
                "区划代码",
                required=False,
                doc="行政区划代码（6 位数字，乡镇级 9 位或 12 位）；报告文件夹以它命名",
                pattern=COUNTY_CODE_PATTERN,
                example="530581（6 位、9 位或 12 位数字）",
            ),
            _text("city", "所属市", doc="所属市名称，如 XX市"),
        ),
        "本局所辖县（区）名录：市水务局填所辖各县（区），全市合计即各县（区）之和；县级水务局只填本县"
        "（区）一行，本局即为该县（区）水务局：报告、标题和索引都以该县（区）的名义（如“龙泉县水务局"
        "2023年工作总结”），没有全市报告，各台账所属县区留空的行即为本局的（计入该县）。",
    ),
    _L(
        "projects",
        "项目台账",
        (
            _id("project_id", "项目编号", doc="项目唯一编号"),
            _text("name", "项目名称"),
            _county(),
            _choice("category", "项目类别", "project_category", doc="项目类别"),
            _amount(
                "total_investment",
                "总投资",
                doc="批复（估算）总投资",
                words=(("待定", None), ("未批复", None)),
            ),
            _ref(
                "parent_id",
                "所属项目编号",
                "projects.project_id",
                required=False,
                doc="子项目所属的上级项目编号，无则留空",
            ),
            _ref(
                "reservoir_id",
                "水库编号",
                "reservoirs.reservoir_id",
                required=False,
                doc="除险加固等以一座水库为对象的项目：该水库在《水库名录》中的编号，其他项目留空",
                aliases=("所涉水库编号",),
            ),
        ),
        "储备、前期、在建及已建项目名录。总项目（被其他项目填作所属项目编号的项目）的总投资含其"
        "子项目，合计时不重复计；总项目本级的投资（如前期工作费、管理费）以总项目编号填入《项目投资"
        "进度》，计入合计，但不得再填子项目投资之和。项目建设状态（储备、前期、新开工、续建、完工、"
        "竣工验收）由《项目节点》推算：新开工、完工、竣工验收按期内实际日期计，储备、前期、续建按"
        "截止时点计；截止时已有完成投资而未开工的项目计为前期（不计储备）；除险加固按水库计（填写"
        "水库编号）。",
    ),
    _L(
        "milestones",
        "项目节点",
        (
            _ref("project_id", "项目编号", "projects.project_id"),
            _choice(
                "milestone", "节点", "milestone", doc="里程碑节点", aliases=("节点名称", "里程碑")
            ),
            _date("planned_date", "计划日期", aliases=("计划完成日期",)),
            _date(
                "actual_date",
                "实际日期",
                required=False,
                doc="实际完成日期，未完成留空",
                aliases=("实际完成日期",),
            ),
        ),
        "项目里程碑：计划与实际完成日期。可研批复、初设批复、专题报告批复、开工、大坝封顶、主体完工、"
        "下闸蓄水验收、竣工验收推进项目阶段；报审、招标、合同签订、用地批复、征地、移民搬迁为程序节点，"
        "同样按计划日期跟踪，但不改变项目阶段。",
        when="actual_date",
    ),
    _L(
        "project_progress",
        "项目投资进度",
        (
            _ref("project_id", "项目编号", "projects.project_id"),
            _year(),
            _month(),
            _amount("investment", "完成投资", doc="当月完成投资"),
            _amount("pipeline_km", "管道安装", "km", required=False, doc="当月安装供水管道长度"),
            _amount(
                "central",
                "其中中央投资",
                required=False,
                doc="当月完成投资中的中央投资（用于中央投资计划完成率）",
                aliases=("完成中央投资", "中央投资"),
            ),
        ),
        "项目逐月完成投资和实物量。",
    ),
    _L(
        "project_plans",
        "项目年度投资计划",
        (
            _ref("project_id", "项目编号", "projects.project_id"),
            _year(),
            _amount(
                "planned",
                "本年计划投资",
                doc="下达的本年度投资计划",
                aliases=("年度计划投资", "计划投资", "本年计划", "年度投资计划"),
            ),
            _amount(
                "planned_central",
                "其中中央投资计划",
                required=False,
                doc="本年计划中的中央投资（中央预算内投资、中央水利发展资金等）",
                aliases=("中央投资计划", "计划中央投资"),
            ),
        ),
        "各项目本年度下达的投资计划，一个项目一年一行。年度投资计划完成率 = 本年完成投资 ÷ 本年"
        "计划投资 × 100（本年完成投资取《项目投资进度》中该项目本年 1 月至截止月的完成投资）；"
        "中央投资计划完成率只计中央投资部分。",
    ),
    _L(
        "loan_drawdowns",
        "外资贷款提款",
        (
            _ref("project_id", "项目编号", "projects.project_id"),
            _choice("lender", "贷款机构", "lender"),
            _date("date", "提款日期"),
            _amount("amount_eur", "提款金额", "欧元"),
        ),
        "外国贷款（如法开署 AFD）提款记录，单位欧元。",
        when="date",
    ),
    _L(
        "funding",
        "资金台账",
        (
            _id("record_id", "资金编号"),
            _year(),
            _month(),
            _county(),
            _choice("level", "资金级别", "funding_level", aliases=("资金层级", "级别")),
            _text(
                "programme",
                "资金类别",
                doc="资金渠道，如 中央水利发展资金",
                aliases=("资金名称", "资金渠道"),
            ),
            _amount("secured", "争取金额", doc="下达（争取）金额", aliases=("金额", "下达金额")),
            _amount("arrived", "到位金额", doc="截至当前实际到位金额", words=(("未到位", 0.0),)),
            _ref("project_id", "项目编号", "projects.project_id", required=False),
            _choice(
                "channel",
                "筹资渠道",
                "funding_channel",
                required=False,
                doc="资金从何种渠道筹集：一般公共预算、增发国债、专项债、贷款、社会资本等"
                "（与资金级别相互独立）",
                aliases=("资金筹措渠道", "筹资方式", "融资渠道"),
            ),
        ),
        "争取的各级项目资金，按下达月份记。",
    ),
    _L(
        "fixed_asset_investment",
        "固定资产投资",
        (
            _year(),
            _month(),
            _county(),
            _amount("amount", "完成投资", doc="当月完成水利管理业固定资产投资"),
        ),
        "水利管理业固定资产投资（统计局口径：国民经济行业 N76 水利管理业），逐月、分县（区）。"
        "与《全口径水利建设投资》口径不同，二者不可相加。",
    ),
    _L(
        "construction_investment",
        "全口径水利建设投资",
        (
            _year(),
            _month(),
            _county(),
            _choice(
                "source",
                "资金来源",
                "construction_source",
                aliases=("投资来源",),
                doc="中央、地方（地方政府财政资金）、债券、贷款、社会资本、其他",
            ),
            _choice(
                "purpose", "工程类别", "construction_purpose", required=False, aliases=("投资用途",)
            ),
            _choice(
                "investor",
                "投资主体",
                "investor",
                required=False,
                doc="水利部门、其他部门（农业农村、发展改革等）或企业",
            ),
            _amount("amount", "完成投资", doc="当月完成投资"),
        ),
        "全口径水利建设投资（水利部统计口径）：本地区全部水利工程当月完成的投资，不论由水利部门、"
        "其他部门还是企业实施，逐月、分县（区）、分资金来源。与《固定资产投资》（统计局水利管理业"
        "口径）不同，二者不可相加。",
    ),
    _L(
        "reservoirs",
        "水库名录",
        (
            _id("reservoir_id", "水库编号"),
            _text("name", "水库名称"),
            _county(),
            _choice("scale", "规模", "reservoir_scale", aliases=("工程规模",)),
            _amount("capacity", "总库容", "万m³"),
            _flag("rain_monitoring", "水雨情监测", doc="是否已安装水雨情监测设施"),
            _flag("dam_monitoring", "大坝安全监测", doc="是否已安装大坝安全监测设施"),
        ),
        "水库基本情况及监测设施。",
    ),
    _L(
        "storage",
        "冬春蓄水",
        (
            _ref("reservoir_id", "水库编号", "reservoirs.reservoir_id"),
            Column(
                "season",
                "蓄水期",
                doc="如 2022－2023年冬春；归属后一年",
                pattern=SEASON_PATTERN,
                example="2022－2023年冬春",
            ),
            _amount("target", "蓄水任务", "万m³"),
            _amount("actual", "实际蓄水", "万m³"),
        ),
        "各水库冬春蓄水任务与实际蓄水量。",
    ),
    _L(
        "warnings",
        "预警转发",
        (
            _id("warning_id", "预警编号"),
            _date("date", "转发日期"),
            _county(),
            _choice("source", "来源部门", "warning_source", aliases=("来源",)),
            _choice("level", "预警级别", "warning_level", required=False),
        ),
        "转发各级防办、水务、水文、气象部门预警信息的记录。",
        when="date",
    ),
    _L(
        "flood_events",
        "水旱灾害",
        (
            _id("event_id", "灾害编号"),
            _date("date", "发生日期"),
            _county(),
            _choice("kind", "灾害类型", "disaster_kind", doc="洪涝、山洪、干旱、台风或工程险情"),
            _choice(
                "grade",
                "等级",
                "disaster_grade",
                required=False,
                doc="险情或灾害等级：一般、较大、重大、特别重大",
            ),
            _count("affected_population", "受灾人口", required=False, doc="受灾人口（人）"),
            _count(
                "evacuated",
                "紧急转移人口",
                required=False,
                doc="紧急转移安置人口（人）",
                aliases=("转移人口", "转移人数"),
            ),
            _count(
                "dead_missing",
                "死亡失踪人口",
                required=False,
                doc="因灾死亡失踪人口（人）",
                aliases=("因灾死亡失踪",),
            ),
            _amount("direct_loss", "直接经济损失", required=False),
            _amount(
                "facility_loss", "水利设施直接经济损失", required=False, aliases=("水利设施损失",)
            ),
            _text("description", "情况描述", required=False),
        ),
        "水旱灾害及工程险情，一次一行；未统计的损失项留空（无数据，不计为 0）。",
        when="date",
    ),
    _L(
        "flood_preparedness",
        "防汛抗旱准备",
        (
            _id("record_id", "记录编号"),
            _date("date", "日期"),
            _county(required=False),
            _choice(
                "kind",
                "类型",
                "preparedness_kind",
                doc="抢险队伍（支）、应急演练（次）、防汛检查（次）、抗旱机电井（眼）、抗旱水泵（台）",
            ),
            _count("count", "数量", doc="队伍支数、演练或检查次数、机电井眼数、水泵台数"),
            _count("people", "人数", required=False, doc="抢险队伍人数或参加演练人数"),
        ),
        "防汛抗旱准备：组建抢险队伍、应急演练、防汛检查、抗旱机电井和水泵；县区空白为市局本级"
        "（县级水务局：本局）。",
        when="date",
    ),
    _L(
        "river_chiefs",
        "河湖长名录",
        (
            _id("chief_id", "河湖长编号"),
            _text("name", "姓名"),
            _choice("level", "层级", "chief_level", aliases=("河湖长层级", "级别")),
            _county(),
            _text("river", "负责河湖"),
        ),
        "河湖长名录：层级为省级、市级、县级、乡级、村级（全国河湖长制的五级）；县级水务局的县级河湖长"
        "填“县级”。",
    ),
    _L(
        "patrols",
        "河湖巡查",
        (
            _ref("chief_id", "河湖长编号", "river_chiefs.chief_id"),
            _year(),
            _month(),
            _count("patrols", "巡查次数"),
        ),
        "河湖长逐月巡查次数。",
    ),
    _L(
        "river_issues",
        "河湖问题",
        (
            _id("issue_id", "问题编号"),
            _county(),
            _text("river", "河湖名称"),
            _choice("issue_type", "问题类型", "issue_type"),
            _date("found_date", "发现日期"),
            _date("closed_date", "销号日期", required=False, doc="销号日期，未销号留空"),
            _ref("chief_id", "河湖长编号", "river_chiefs.chief_id", required=False),
        ),
        "巡查发现并提交的问题及销号情况。",
        when="found_date",
    ),
    _L(
        "activities",
        "专项行动与党建活动",
        (
            _id("activity_id", "活动编号"),
            _date("date", "日期"),
            _county(required=False),
            _choice("activity_type", "活动类型", "activity_type"),
            _count("participants", "参与人数", required=False),
            _amount("river_km", "清理河道", "km", required=False),
            _amount("rubbish_t", "清理垃圾", "吨", required=False),
            _count("items", "数量", required=False, doc="图斑、申报河湖等件数"),
        ),
        "河湖专项行动、遥感图斑复核、美丽河湖申报及党建学习活动；县区空白为市局本级（县级水务局：本局）。",
        when="date",
    ),
    _L(
        "fees",
        "规费征收",
        (
            _id("record_id", "征收编号"),
            _year(),
            _month(),
            _county(),
            _choice("fee_type", "费种", "fee_type"),
            _amount("amount", "入库金额"),
        ),
        "水资源费、水土保持补偿费入库金额。",
    ),
    _L(
        "inspections",
        "监督检查",
        (
            _id("record_id", "检查编号"),
            _date("date", "日期"),
            _county(),
            _choice("inspection_type", "检查类型", "inspection_type"),
            _count("count", "数量", doc="整改的计量设施数、排查的取水井口数、审查的许可件数"),
        ),
        "取水计量设施整改、地下取水井排查、取水许可审查。",
        when="date",
    ),
    _L(
        "soil_plans",
        "水土保持方案",
        (
            _id("plan_id", "方案编号"),
            _text("project_name", "生产建设项目"),
            _county(),
            _choice("plan_type", "方案类型", "soil_plan_type"),
            _date("approval_date", "批复日期"),
        ),
        "水土保持方案审批（报告书、报告表）。",
        when="approval_date",
    ),
    _L(
        "enforcement",
        "执法案件",
        (
            _id("case_id", "案件编号"),
            _date("date", "立案日期"),
            _county(),
            _choice("case_type", "案件类型", "case_type"),
            _date("closed_date", "结案日期", required=False),
        ),
        "水行政执法案件。",
        when="date",
    ),
    _L(
        "hazards",
        "安全隐患",
        (
            _id("hazard_id", "隐患编号"),
            _county(),
            _choice("level", "隐患等级", "hazard_level"),
            _text("description", "隐患描述", required=False),
            _date("found_date", "发现日期"),
            _date("rectified_date", "整改日期", required=False, doc="整改完成日期，未整改留空"),
        ),
        "水利行业安全隐患排查整治。",
        when="found_date",
    ),
    _L(
        "rural_water_works",
        "农村供水工程",
        (
            _id("work_id", "工程编号"),
            _text("name", "工程名称"),
            _county(),
            _choice("work_type", "工程类型", "work_type"),
            _count(
                "population",
                "受益人口",
                doc="受益人口（人）；农村自来水普及率的分子取集中供水"
                "工程（规模化供水、小型集中供水）的受益人口，规模化供水覆盖率取规模化供水工程的",
            ),
            _flag("priced", "是否定价"),
            _amount("price", "水价", "元/m³", required=False),
        ),
        "农村供水工程名录及定价情况。",
    ),
    _L(
        "rural_water_fees",
        "农村水费",
        (
            _ref("work_id", "工程编号", "rural_water_works.work_id"),
            _year(),
            _month(),
            _amount("billed", "应收水费", "元"),
            _amount("collected", "实收水费", "元"),
        ),
        "农村供水工程水费应收与实收，按收费月份记。",
    ),
    _L(
        "hydropower",
        "小水电站",
        (
            _id("station_id", "电站编号"),
            _text("name", "电站名称"),
            _county(),
            _amount("capacity_kw", "装机容量", "kW"),
            _flag("eco_flow_required", "须报送生态流量"),
        ),
        "小水电站名录。",
    ),
    _L(
        "eco_flow",
        "生态流量监测",
        (
            _ref("station_id", "电站编号", "hydropower.station_id"),
            _year(),
            _month(),
            _flag("compliant", "是否达标", doc="当月生态流量是否达标"),
        ),
        "小水电站逐月生态流量报送与达标情况；未报送的月份不填行。",
    ),
    _L(
        "water_use",
        "用水总量",
        (
            _year(),
            _county(),
            _amount("total_use", "用水总量", "万m³"),
            _amount("cap", "用水总量控制指标", "万m³"),
            _amount("industrial_use", "工业用水量", "万m³"),
            Column(
                "irrigation_efficiency",
                "农田灌溉水有效利用系数",
                "float",
                required=False,
                minimum=0,
                maximum=1,
                fraction=True,
                doc="0～1 之间的系数，如 0.56",
            ),
        ),
        "年度用水总量及“三条红线”控制指标。",
    ),
    _L(
        "county_statistics",
        "县区年度统计",
        (
            _year(),
            _county(),
            _count(
                "rural_population",
                "农村人口",
                doc="年末农村人口（人）：农村自来水普及率、规模化供水工程覆盖农村人口比例的分母",
            ),
            _amount(
                "effective_irrigation_area",
                "有效灌溉面积",
                "亩",
                required=False,
                doc="年末有效灌溉面积",
            ),
        ),
        "各县（区）每年的农村人口和有效灌溉面积。",
    ),
    _L(
        "economy",
        "经济指标",
        (
            _year(),
            _county(),
            _amount("gdp", "地区生产总值", "万元", aliases=("GDP",)),
            _amount("industrial_value_added", "工业增加值", "万元"),
            _text("price_basis", "价格基准", doc="可比价基准，如 2020年可比价"),
        ),
        "用水效率指标的经济分母（可比价）。",
    ),
    _L(
        "plan_targets",
        "计划目标",
        (
            _id("target_id", "目标编号"),
            _year(),
            _ref("project_id", "项目编号", "projects.project_id", required=False),
            _text("description", "目标内容"),
            _date("due_date", "计划完成日期"),
            _date("achieved_date", "实际完成日期", required=False, doc="实际完成日期，未完成留空"),
        ),
        "年度工作计划中的节点目标及完成情况。",
    ),
    _L(
        "work_quantities",
        "工程量与效益",
        (
            _ref("project_id", "项目编号", "projects.project_id"),
            _year(),
            _month(),
            _choice(
                "kind",
                "指标",
                "quantity_kind",
                aliases=("工程量指标", "效益指标", "实物量指标"),
                doc="河道治理长度、堤防长度、渠道长度、管道长度、土石方、水闸、泵站、机电井、"
                "新增/恢复/改善灌溉面积、高标准农田、水土流失治理面积、受益人口、受益乡镇、"
                "受益村、受益学校",
            ),
            Column(
                "quantity",
                "完成数量",
                "float",
                minimum=0,
                unit_by=("kind", "unit"),
                aliases=("数量", "完成量"),
                doc="当月完成的数量，单位为该指标的单位（见本表说明），或“计量单位”列写明的单位",
            ),
            _text(
                "unit",
                "计量单位",
                required=False,
                doc="可不填；填写时须为该指标的单位或可换算的单位（如 公里、m、万亩、平方公里）",
            ),
        ),
        "项目完成的实物工程量与效益，按完成（或受益）的月份记。各指标的单位："
        + "、".join(f"{k} {u}" for k, u in QUANTITY_UNITS.items())
        + "。",
    ),
    _L(
        "assessments",
        "考核结果",
        (
            _id("record_id", "考核编号"),
            Column(
                "assessed_year",
                "考核年度",
                "int",
                minimum=2000,
                maximum=2100,
                aliases=("被考核年度",),
                doc="被考核的年度，如 2022",
            ),
            _date(
                "announced_date",
                "公布日期",
                doc="考核结果公布（通报）的日期；报告按此日期计入期间",
                aliases=("通报日期", "结果日期"),
            ),
            _county(required=False),
            _choice("assessment", "考核名称", "assessment"),
            _choice(
                "grade", "等次", "assessment_grade", required=False, aliases=("考核等次", "等级")
            ),
            Column("rank", "名次", "int", required=False, minimum=1, aliases=("排名",)),
            _text("rank_among", "排名范围", required=False, doc="在何范围内排名，如 XXX市、全省"),
            _text("note", "说明", required=False),
        ),
        "上级对本市或各县（区）的考核结果：等次或名次；县区空白为本市（市局）的考核结果。",
        when="announced_date",
    ),
    _L(
        "work_notes",
        "文字材料",
        (
            _id("note_id", "材料编号"),
            Column(
                "year",
                "年度",
                "int",
                minimum=2000,
                maximum=2100,
                aliases=("年份", "年"),
                doc="所属工作总结的年度（下一年工作计划也记在本年度）",
            ),
            _county(required=False),
            _choice("section", "章节", "summary_section", doc="写入工作总结的哪一部分"),
            _choice(
                "kind",
                "类别",
                "note_kind",
                doc="亮点、措施写入对应工作情况；困难写入“存在困难和问题”；计划写入下一年工作计划",
            ),
            _text(
                "title",
                "小标题",
                required=False,
                doc="可选：段首的小标题，如“继续推进在建项目建设”（工作计划按小标题分条）",
            ),
            _text("text", "内容", doc="写入报告的原文，一条一段"),
            Column("order", "顺序", "int", required=False, minimum=0, doc="同一章节内的先后顺序"),
        ),
        "分析人员撰写的文字材料：工作亮点、措施、困难和下一年计划，按章节写入年度工作总结；"
        "所属县区留空为市局材料（只写入全市报告；县级水务局：本局材料，写入本县报告）。",
    ),
)

#: Ledgers by name.
LEDGERS: dict[str, Ledger] = {ledger.name: ledger for ledger in _LEDGER_LIST}
#: The order of the template's sheets and of the data dictionary.
LEDGER_ORDER: tuple[str, ...] = tuple(LEDGERS)


#: A key of an indicator a bureau defines: letters (Chinese too), digits and ``_``, parts
#: joined by ``.`` (``local.reinforcement_projects``, ``本地.除险加固项目数``).
DEFINITION_KEY_PATTERN = (
    r"^[A-Za-z\u4e00-\u9fff][A-Za-z0-9_\u4e00-\u9fff]*"
    r"(?:\.[A-Za-z0-9_\u4e00-\u9fff]+)*$"
)

#: The 指标定义 sheet (or 指标定义.csv): indicators a bureau defines itself, one a row, read
#: and validated like a ledger and parsed by :mod:`wbanalysis.io.definitions` and compiled by :mod:`wbanalysis.indicators.local`. It is
#: not a ledger of :data:`LEDGERS`: without it nothing is missing.
DEFINITIONS = Ledger(
    "indicator_definitions",
    "指标定义",
    (
        Column(
            "key",
            "指标键",
            unique=True,
            pattern=DEFINITION_KEY_PATTERN,
            example="local.reinforcement_projects（字母、汉字、数字、下划线，用 . 分段）",
            doc="指标的唯一标识，出现在 wbanalysis indicators --format json 的结果中；"
            "不能与内置指标重复",
            aliases=("键", "指标代码"),
        ),
        _text("name", "指标名称", doc="报告中显示的中文名称"),
        _text(
            "unit",
            "计量单位",
            doc="万元、万m³、km、%，计数指标写量词（个、处、座…）",
            aliases=("单位",),
        ),
        _choice(
            "aggregation",
            "汇总方式",
            "aggregation",
            doc="求和（字段之和）、计数（行数）、不重复计数（字段不同值的个数）、平均（字段平均值）、"
            "比率（两个指标之比：分子 ÷ 分母，单位为 % 时乘 100）",
        ),
        _text(
            "ledger",
            "台账",
            required=False,
            doc="从哪个台账计算（中文名或英文名）；比率不填",
            aliases=("数据来源",),
        ),
        _text(
            "column",
            "字段",
            required=False,
            doc="求和、平均、不重复计数的列（表头或英文名）",
            aliases=("计算字段", "列"),
        ),
        _text(
            "filters",
            "筛选条件",
            required=False,
            doc="只计符合条件的行：列=值；一列取多个值用“、”分隔（列=值1、值2），值本身含“、”时"
            "用「」括起（项目名称=「城乡供水、污水处理工程」）；不等于写 列!=值；"
            "多个条件用“；”分隔；取值须与台账中的写法一致，台账中没有的取值会报错。"
            "项目台账及以项目编号关联的台账还可按项目所在台账的列"
            "（如 项目类别）和 项目建设状态（储备、前期、新开工、续建、完工、竣工验收）筛选",
        ),
        _choice(
            "period",
            "期间",
            "period_rule",
            required=False,
            doc="期内（当年 1 月至截止月，默认）、累计至期末（截止月及以前各年）、期末（截止时点："
            "按月记的台账取截止月当月，按日期记的台账取截止日以前的全部行，无时间的名录类台账"
            "为全部行）",
        ),
        _text(
            "date_column",
            "时间字段",
            required=False,
            doc="按哪一个日期列确定期间（如 河湖问题的 销号日期）；不填用台账默认的日期列",
        ),
        _text("numerator", "分子", required=False, doc="比率的分子：本表或内置指标的指标键"),
        _text("denominator", "分母", required=False, doc="比率的分母：本表或内置指标的指标键"),
        _flag(
            "additive",
            "可加",
            required=False,
            doc="各县（区）之和是否等于全市：求和、计数默认为是，平均、比率、不重复计数为否",
        ),
        _choice(
            "display",
            "显示方式",
            "display_style",
            required=False,
            doc="金额（1亿元及以上以亿元表示）、金额（万元）、水量（万m³）、数量（数值加单位）、"
            "个数（数值加量词）、百分比；不填时按汇总方式和单位确定",
        ),
        _text("note", "说明", required=False, doc="口径说明，显示在本地指标表中"),
        _flag(
            "card",
            "首页显示",
            required=False,
            doc="是：报告网站首页年度工作总结一行的主要指标中也显示该指标；不填为否",
        ),
    ),
    "本地指标：各地自行定义的指标，一行一个，无需修改程序。放在台账工作簿的「指标定义」工作表，"
    "或数据文件夹中的 指标定义.csv / 指标定义.xlsx。",
    totals=False,
)

#: Every table the loader reads by name: the ledgers and the 指标定义 sheet.
TABLES: dict[str, Ledger] = {**LEDGERS, DEFINITIONS.name: DEFINITIONS}


def get_ledger(name: str) -> Ledger:
    """The ledger called ``name`` (English name or Chinese title)."""
    if name in LEDGERS:
        return LEDGERS[name]
    for ledger in LEDGERS.values():
        if name == ledger.zh:
            return ledger
    raise KeyError(name)


# ---- derived tables: the flood-season figures of the monitoring stations (水雨情) -----------

#: The key under which the monitoring data (水雨情) counts among the inputs a report read: its
#: fingerprint is the monitoring dataset's, and a report reading a table of :data:`DERIVED`
#: lists it with its ledgers (``Dataset.ledgers_read``), so a changed monitoring file rebuilds
#: exactly the reports that use it.
MONITORING = "水雨情监测"


def _figure(name: str, zh: str, unit: str = "", kind: str = "float", doc: str = "") -> Column:
    return Column(name, zh, kind, unit, required=False, minimum=0, doc=doc)


#: Tables computed from the monitoring data for a period, one row per station: not ledgers (no
#: file, no template, never in :data:`LEDGERS`), but read by the catalogue like one, so that a
#: figure's 出处 lists the stations that make it. ``Dataset.derived`` gives them for a scope.
DERIVED: dict[str, Ledger] = {
    table.name: table
    for table in (
        Ledger(
            "monitoring_reservoirs",
            "水库站汛期特征值",
            (
                Column("station", "测站编码", doc="SL 323 测站编码 STCD"),
                Column("name", "测站名称", required=False),
                Column("county", "所属县区", required=False),
                Column("reservoir_id", "水库编号", required=False),
                _figure("level", "汛期最高库水位", "m"),
                Column("level_time", "最高水位时间", "date", required=False),
                _figure("hours", "超汛限小时数", "小时", doc="库水位高于当时汛限水位的时长"),
                _figure("episodes", "超汛限次数", "次", "int"),
                _figure("max_exceedance", "最大超汛限幅度", "m"),
                _figure("inflow", "最大入库流量", "m³/s"),
                _figure("received", "到报条数", "条", "int"),
                _figure("expected", "应报条数", "条", "int"),
                _figure("rate", "到报率", "%"),
            ),
            "汛期内每个水库站的特征值，由《ST_RSVR_R》（水库水情）与《ST_RSVRFSR_B》（汛限水位）计算。",
        ),
        Ledger(
            "monitoring_rain",
            "雨量站汛期特征值",
            (
                Column("station", "测站编码", doc="SL 323 测站编码 STCD"),
                Column("name", "测站名称", required=False),
                Column("county", "所属县区", required=False),
                _figure("rainfall", "汛期降雨量", "mm"),
                _figure("max_1h", "最大1小时降雨量", "mm"),
                _figure("max_24h", "最大24小时降雨量", "mm"),
                _figure("days_50", "暴雨日数", "天", "int", doc="日降雨量≥50mm的天数"),
                _figure("days_100", "大暴雨日数", "天", "int", doc="日降雨量≥100mm的天数"),
            ),
            "汛期内每个雨量站的特征值，由《ST_PPTN_R》（降水量）计算。",
        ),
    )
}


def described(name: str) -> Ledger:
    """The description of table ``name``: a ledger of :data:`LEDGERS`, or a derived table of
    :data:`DERIVED` (for the 出处 of the figures computed from either).

    >>> described("funding").zh, described("monitoring_rain").zh
    ('资金台账', '雨量站汛期特征值')
    """
    return LEDGERS[name] if name in LEDGERS else DERIVED[name]
