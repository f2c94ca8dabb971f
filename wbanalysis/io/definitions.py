"""指标定义 (the indicators a bureau defines itself): the rows read, checked and parsed.

A bureau adds indicators without touching the package: one row of its 指标定义 sheet (or
``指标定义.csv``) per indicator, read and typed like any ledger
(:data:`wbanalysis.schema.DEFINITIONS`). Each row is declarative — a ledger, an aggregation
(求和, 计数, 不重复计数, 平均, or 比率 of two indicators), filters (``项目类别=除险加固``;
``层级=村级、乡级``; ``项目建设状态=新开工``), a period rule (期内, 累计至期末, 期末).

Here each row is checked against the ledgers' schema — an unknown ledger or column, a field an
aggregation needs, a filter value outside a vocabulary, a ratio that refers to itself… — every
problem a :class:`~wbanalysis.errors.Problem` located where the row was read, and a valid row
becomes a plain :class:`Definition` record. Nothing in the file is ever evaluated as code.
:mod:`wbanalysis.indicators.local` compiles the records into indicators and computes them.

What only the built-in catalogue knows — that a key is already one of its keys, that a ratio's
part is one of them — is checked against the ``reserved`` keys the caller passes (the catalogue
lives above this package); without them those checks are left to
:func:`reference_problems`, which :mod:`wbanalysis.indicators.local` runs when compiling.

>>> import pandas as pd
>>> rows = pd.DataFrame({"key": ["local.reinforcement"], "name": ["除险加固项目数"],
...     "unit": ["个"], "aggregation": ["计数"], "ledger": ["项目台账"], "column": [None],
...     "filters": ["项目类别=除险加固"], "period": [None], "date_column": [None],
...     "numerator": [None], "denominator": [None], "additive": [None], "display": [None],
...     "note": [None]})
>>> [d], problems = parse_definitions(rows)
>>> d.key, d.ledger, d.kind, d.additive, d.filters[0].values, problems
('local.reinforcement', 'projects', 'count', True, ('除险加固',), [])
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace

import pandas as pd

from ..errors import Problem
from ..schema import DEFINITIONS, LEDGERS, PROJECT_STATUSES, Ledger
from ..scope import CITY
from ..units import UNITS, normalize_unit, parse_yes_no, unit_factor, unit_family
from .header import header_lookup, match_header, norm

__all__ = [
    "Filter",
    "Definition",
    "Locate",
    "STATUS_COLUMN",
    "AGGREGATIONS",
    "parse_definitions",
    "check_definitions",
    "reference_problems",
    "resolve_definitions",
    "MAX_DEFINITIONS",
    "MAX_RATIO_DEPTH",
]

#: The name of the derived column holding a project's status in the year.
STATUS_COLUMN = "项目建设状态"
_STATUS_NAMES = {norm(n) for n in (STATUS_COLUMN, "建设状态", "项目状态", "项目阶段")}

#: The aggregations a row may name (汇总方式).
AGGREGATIONS = ("求和", "计数", "不重复计数", "平均", "比率")

_DISPLAY = {
    "金额": "amount",
    "金额（万元）": "amount_wan",
    "水量": "volume",
    "数量": "quantity",
    "个数": "count",
    "百分比": "percent",
}
#: A condition's operator: the first one after the column's first character. (Found without
#: ``^(.+?)\\s*(=)\\s*(.*)$``, whose backtracking took minutes on a few thousand spaces.)
_OPERATOR = re.compile(r"!=|≠|=")
#: A blank test ends the condition; the longest word first (列不为空 is 不为空, not 为空).
_BLANK_WORDS = ("不为空", "非空", "为空")


def _split_condition(part: str) -> tuple[str, str, str] | None:
    """``(column, operator, values)`` of one condition (``列=值``, ``列!=值``, ``列为空``,
    ``列不为空``), or ``None``; linear in its length.

    >>> _split_condition("项目类别 = 除险加固"), _split_condition("销号日期不为空")
    (('项目类别', '=', '除险加固'), ('销号日期', '不为空', ''))
    >>> _split_condition("=值") is None, _split_condition("a" + " " * 50_000 + "x") is None
    (True, True)
    """
    for word in _BLANK_WORDS:
        column = part[: -len(word)]
        if part.endswith(word) and column.strip():
            return column.strip(), word, ""
    m = _OPERATOR.search(part, 1)
    if m is None or not part[: m.start()].strip():
        return None
    return part[: m.start()].strip(), m.group(), part[m.end() :].strip()


#: Values are separated by 、 , | or /; a value in quotes (“…”, "…", 「…」) is one value even when it holds 、 , | or /.
_QUOTED_OR_PLAIN = re.compile(r'“([^”]*)”|"([^"]*)"|「([^」]*)」|([^、,|/]+)')


def split_values(text: str) -> list[str]:
    """The values of a condition, in the order written; a quoted value is kept whole.

    >>> split_values("除险加固、水库")
    ['除险加固', '水库']
    >>> split_values("「城乡供水、污水处理（二期）」、水库")
    ['城乡供水、污水处理（二期）', '水库']
    """
    values = []
    for m in _QUOTED_OR_PLAIN.finditer(text):
        value = next(g for g in m.groups() if g is not None).strip()
        if value:
            values.append(value)
    return values


_CONDITION_SEPARATORS = re.compile(r"[;\n]")


@dataclass(frozen=True)
class Filter:
    """One condition of a definition's 筛选条件.

    ``column`` is a column of ``ledger``: the definition's own, or a ledger its rows refer to
    through their column ``via`` (the 项目台账's ``category`` through ``project_id``, whose
    ``key`` there is ``project_id``), or :data:`STATUS_COLUMN`; ``op`` is ``in``,
    ``not_in``, ``blank`` or ``not_blank``.
    """

    column: str
    op: str
    values: tuple = ()
    ledger: str = ""
    via: str | None = None
    key: str | None = None


@dataclass(frozen=True)
class Definition:
    """One row of the 指标定义 sheet, parsed and checked: plain data, no code."""

    key: str
    name: str
    unit: str
    aggregation: str
    ledger: str | None = None
    column: str | None = None
    filters: tuple[Filter, ...] = ()
    period: str = "期内"
    time: str | None = None  # "month", "year", "date" or None (a roster)
    date: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    additive: bool = False
    kind: str = "quantity"
    note: str = ""
    #: multiply the column's values (in the schema's unit) by this to state them in ``unit``
    #: (0.0001 for 万元 declared 亿元); see :func:`unit_scale`
    scale: float = 1.0
    #: 首页显示: the index's cards show it (with the annual summary's headline figures)
    card: bool = False
    #: where the row was read: ``{column: {"file", "sheet", "row", "column"}}`` for its key
    #: and a ratio's parts (the catalogue's checks, made later, name them)
    where: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def parts(self) -> tuple[str, str]:
        """A 比率's numerator and denominator (reading the row made sure both are given)."""
        if self.numerator is None or self.denominator is None:
            raise ValueError(f"{self.key} is not a 比率 with its two parts")
        return self.numerator, self.denominator

    @property
    def source(self) -> str:
        """The ledger a row other than a 比率 reads (reading the row made sure it is given)."""
        if self.ledger is None:
            raise ValueError(f"{self.key} reads no ledger")
        return self.ledger

    def located(self, column: str) -> dict:
        """The keyword arguments placing a :class:`Problem` of ``column`` of this row."""
        return self.where.get(column) or {
            "file": DEFINITIONS.zh,
            "column": DEFINITIONS.column(column).zh,
        }


#: ``locate(position, column)`` → the keyword arguments placing a problem (file, sheet, row,
#: column header as written).
Locate = Callable[[int, str], dict]


def _nowhere(position: int, column: str) -> dict:
    return {"file": DEFINITIONS.zh, "row": position + 2, "column": DEFINITIONS.column(column).zh}


def _text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text or None


def _ledger_names() -> str:
    return "、".join(f"{lg.zh}（{lg.name}）" for lg in LEDGERS.values())


def _find_ledger(name: str) -> Ledger | None:
    key = norm(name)
    for ledger in LEDGERS.values():
        if key in (norm(ledger.name), norm(ledger.zh), *(norm(a) for a in ledger.aliases)):
            return ledger
    return None


def _headers(ledger: Ledger) -> str:
    return "、".join(c.zh for c in ledger.columns)


class _Row:
    """Problems of one definition row, located where it was read."""

    def __init__(self, position: int, locate: Locate, problems: list[Problem]) -> None:
        self.position, self.locate, self.problems = position, locate, problems
        self.ok = True

    def error(
        self, column: str, message: str, value: object = None, allowed: str | None = None
    ) -> None:
        self.ok = False
        self.problems.append(
            Problem(
                message=message, value=value, allowed=allowed, **self.locate(self.position, column)
            )
        )

    def where(self) -> dict:
        return {
            c: self.locate(self.position, c) for c in ("key", "numerator", "denominator", "filters")
        }


def _typed_value(col, text: str, row: _Row) -> object:
    """A filter value of column ``col`` as the ledger's typed cells hold it."""
    if col.allowed:
        if text not in col.allowed:
            row.error("filters", f"「{col.zh}」不能取此值", text, col.describe_allowed())
        return text
    if col.kind == "bool":
        answer = parse_yes_no(text)  # the loader's words for 是/否, read the same way
        if answer is None:
            row.error("filters", f"「{col.zh}」只能为 是 或 否", text, "是、否")
        return answer
    if col.kind in ("int", "float"):
        try:
            return float(text)
        except ValueError:
            row.error("filters", f"「{col.zh}」须为数值", text, "数值")
            return None
    return text


def _parse_filters(text: str, ledger: Ledger, row: _Row) -> tuple[Filter, ...]:
    """``项目类别=除险加固、水库；项目建设状态=新开工`` → filters (problems into ``row``)."""
    out = []
    own = header_lookup(ledger)
    refs = [
        (c.name, *c.ref.split("."))
        for c in ledger.columns
        if c.ref and c.ref.split(".")[0] != "counties"
    ]
    for part in filter(None, (p.strip() for p in _CONDITION_SEPARATORS.split(text))):
        condition = _split_condition(part)
        if condition is None:
            row.error(
                "filters",
                "筛选条件的格式不正确",
                part,
                "列=值；列=值1、值2；列!=值；列为空；列不为空（多个条件用；分隔）",
            )
            continue
        name, word, values = condition  # values: the text after the operator
        blank = word in _BLANK_WORDS
        op = (
            {"为空": "blank", "不为空": "not_blank", "非空": "not_blank"}[word]
            if blank
            else ("not_in" if word in ("!=", "≠") else "in")
        )
        if norm(name) in _STATUS_NAMES:
            via = (
                "project_id"
                if ledger.name == "projects"
                else next((c for c, target, _ in refs if target == "projects"), None)
            )
            if via is None:
                row.error(
                    "filters",
                    f"《{ledger.zh}》不与项目关联，不能按{STATUS_COLUMN}筛选",
                    name,
                    "项目台账，或有“项目编号”列的台账",
                )
                continue
            statuses = tuple(split_values(values)) if not blank else ()
            bad = [v for v in statuses if v not in PROJECT_STATUSES]
            if bad or not statuses or blank:
                row.error(
                    "filters",
                    f"{STATUS_COLUMN}不能取此值",
                    "、".join(bad) or part,
                    "、".join(PROJECT_STATUSES) + " 之一或几个",
                )
                continue
            out.append(Filter(STATUS_COLUMN, op, statuses, "projects", via))
            continue
        col, target, via, key = match_header(name, own), ledger, None, None
        if col is None:
            for ref_column, target_name, target_key in refs:
                found = match_header(name, header_lookup(LEDGERS[target_name]))
                if found is not None:
                    col, target, via, key = found, LEDGERS[target_name], ref_column, target_key
                    break
        if col is None:
            linked = "".join(f"，或《{LEDGERS[t].zh}》的列" for _, t, _ in refs)
            extra = (
                f"，或 {STATUS_COLUMN}"
                if any(t == "projects" for _, t, _ in refs) or ledger.name == "projects"
                else ""
            )
            row.error(
                "filters",
                f"《{ledger.zh}》中没有此列",
                name,
                f"《{ledger.zh}》的列：{_headers(ledger)}{linked}{extra}",
            )
            continue
        if col.kind == "date":
            row.error("filters", "不能按日期列筛选：期间由“期间”和“时间字段”确定", name)
            continue
        typed: tuple = ()
        if not blank:
            texts = split_values(values)
            if not texts:
                row.error("filters", "筛选条件缺少取值", part, "列=值；不限取值时删去此条件")
                continue
            typed = tuple(_typed_value(col, t, row) for t in texts)
        out.append(Filter(col.name, op, typed, target.name, via, key))
    return tuple(out)


# ---- one row ---------------------------------------------------------------------------------


def _kind(display: str | None, aggregation: str, unit: str) -> str:
    """How the indicator is displayed: its 显示方式, else by aggregation and unit."""
    if display:
        return _DISPLAY[display]
    if aggregation == "比率":
        return "percent" if unit == "%" else "quantity"
    if aggregation in ("计数", "不重复计数"):
        return "count"
    return {"万元": "amount", "万m³": "volume", "%": "percent"}.get(unit, "quantity")


def _additive(record: dict) -> bool | None:
    additive = record.get("additive")
    return None if additive is None or pd.isna(additive) else bool(additive)


def _ratio(
    record: dict, row: _Row, head: tuple, keys: set[str], reserved: Collection[str] | None
) -> Definition | None:
    """A 比率 row: two indicators' keys, nothing of a ledger."""
    key, name, unit, aggregation = head
    parts = {}
    for part in ("numerator", "denominator"):
        value = _text(record.get(part))
        word = "分子" if part == "numerator" else "分母"
        if value is None:
            row.error(part, f"比率须填写{word}（本表或内置指标的指标键）")
        elif value not in keys and reserved is not None and value not in reserved:
            row.error(
                part,
                f"{word}不是本表或内置指标的指标键",
                value,
                "本表中定义的指标键，或 wbanalysis indicators 列出的内置指标键",
            )
        parts[part] = value
    for column in ("ledger", "column", "filters", "date_column"):
        given = _text(record.get(column))
        if given is not None:
            row.error(
                column, "比率由分子、分母两个指标计算，不填台账、字段、筛选条件和时间字段", given
            )
    if _additive(record):
        row.error("additive", f"比率不可相加（各县区的比率之和不是{CITY}的比率）", "是", "否")
    if not row.ok:
        return None
    return Definition(
        key,
        name,
        unit,
        aggregation,
        numerator=parts["numerator"],
        denominator=parts["denominator"],
        kind=_kind(_text(record.get("display")), aggregation, unit),
        note=_text(record.get("note")) or "",
        where=row.where(),
    )


def _ledger(record: dict, row: _Row, aggregation: str) -> Ledger | None:
    ledger_text = _text(record.get("ledger"))
    if ledger_text is None:
        row.error("ledger", f"汇总方式为“{aggregation}”时须填写台账", allowed=_ledger_names())
        return None
    ledger = _find_ledger(ledger_text)
    if ledger is None:
        row.error("ledger", "未知的台账", ledger_text, _ledger_names())
    return ledger


def _field(record: dict, row: _Row, ledger: Ledger, aggregation: str) -> str | None:
    """The column summed, averaged or counted once per value (字段); none for 计数."""
    column_text = _text(record.get("column"))
    if aggregation == "计数":
        if column_text is not None:
            row.error(
                "column", "“计数”数的是行数，不填字段（数不同值的个数用“不重复计数”）", column_text
            )
        return None
    if column_text is None:
        row.error(
            "column",
            f"汇总方式为“{aggregation}”时须填写字段",
            allowed=f"《{ledger.zh}》的列：{_headers(ledger)}",
        )
        return None
    col = match_header(column_text, header_lookup(ledger))
    if col is None:
        row.error(
            "column",
            f"《{ledger.zh}》中没有此列",
            column_text,
            f"《{ledger.zh}》的列：{_headers(ledger)}",
        )
        return None
    if aggregation in ("求和", "平均") and col.kind not in ("int", "float"):
        numeric = "、".join(c.zh for c in ledger.columns if c.kind in ("int", "float"))
        row.error(
            "column",
            f"“{aggregation}”的字段须为数值列",
            column_text,
            f"《{ledger.zh}》的数值列：{numeric or '（无）'}",
        )
        return None
    return col.name


def _time(record: dict, row: _Row, ledger: Ledger) -> tuple[str | None, str | None]:
    """How the rows are placed in time: the ledger's own way, or the date column named."""
    time, date = ledger.time, ledger.when
    date_text = _text(record.get("date_column"))
    if date_text is not None:
        col = match_header(date_text, header_lookup(ledger))
        if col is None or col.kind != "date":
            dates = "、".join(c.zh for c in ledger.columns if c.kind == "date")
            row.error(
                "date_column",
                f"《{ledger.zh}》中没有此日期列",
                date_text,
                f"《{ledger.zh}》的日期列：{dates or '（无）'}",
            )
        else:
            time, date = "date", col.name
    period = _text(record.get("period"))
    if time is None and period not in (None, "期末"):
        row.error(
            "period", f"《{ledger.zh}》是名录，没有时间：期间只能为“期末”或不填", period, "期末"
        )
    return time, date


def _family_units(family: str | None, unit: str) -> str:
    """The units a column's values can be stated in: those of its family."""
    names = [u.name for u in UNITS.values() if family is not None and u.family == family]
    if not names and family and family.startswith("count:"):
        names = [unit, f"万{unit}"]
    return "、".join(names or [unit])


def unit_scale(row: _Row, ledger: Ledger, column: str | None, aggregation: str, unit: str) -> float:
    """What a sum or an average of ``column`` is multiplied by to be stated in the declared
    计量单位 ``unit`` (亿元 on a 万元 column: 0.0001); an error at the row, naming the
    units allowed, when they measure different things (亩 on a 万元 column). Counts and
    ratios keep their declared unit."""
    if column is None or aggregation not in ("求和", "平均"):
        return 1.0
    col = ledger.column(column)
    if not col.unit:
        return 1.0
    own, declared = normalize_unit(col.unit), normalize_unit(unit)
    factor = unit_factor(own, declared)
    if factor is None:
        row.error(
            "unit",
            f"计量单位与《{ledger.zh}》“{col.zh}”的单位（{col.unit}）不是同一种量，无法换算",
            unit,
            _family_units(unit_family(own), own),
        )
        return 1.0
    return float(factor)


def _aggregate(record: dict, row: _Row, head: tuple) -> Definition | None:
    """A row that aggregates the rows of one ledger."""
    key, name, unit, aggregation = head
    ledger = _ledger(record, row, aggregation)
    if ledger is None:
        return None
    column = _field(record, row, ledger, aggregation)
    scale = unit_scale(row, ledger, column, aggregation, unit)
    filters_text = _text(record.get("filters"))
    filters = _parse_filters(filters_text, ledger, row) if filters_text else ()
    time, date = _time(record, row, ledger)
    county = next((c for c in ledger.columns if c.name == "county"), None)
    by_county = county is None or county.required  # a child takes its parent's county
    additive = _additive(record)
    if additive is None:
        additive = aggregation in ("求和", "计数") and by_county
    elif additive and aggregation == "平均":
        row.error("additive", f"平均值不可相加（各县区的平均之和不是{CITY}的平均）", "是", "否")
    if not row.ok:
        return None
    return Definition(
        key,
        name,
        unit,
        aggregation,
        ledger.name,
        column,
        filters,
        _text(record.get("period")) or "期内",
        time,
        date,
        additive=bool(additive),
        kind=_kind(_text(record.get("display")), aggregation, unit),
        note=_text(record.get("note")) or "",
        where=row.where(),
        scale=scale,
    )


def _definition(
    record: dict, row: _Row, keys: set[str], reserved: Collection[str] | None
) -> Definition | None:
    head = tuple(_text(record.get(c)) for c in ("key", "name", "unit", "aggregation"))
    key, name, unit, aggregation = head
    if key is None or name is None or unit is None or aggregation not in AGGREGATIONS:
        return None  # reported by the column checks (必填项为空, 不在允许的取值范围内)
    if reserved is not None and key in reserved:
        row.error(
            "key", "与内置指标的指标键重复", key, "内置指标以外的键，如 local." + key.split(".")[-1]
        )
    if aggregation == "比率":
        made = _ratio(record, row, head, keys, reserved)
    else:
        made = _aggregate(record, row, head)
    card = record.get("card")
    if made is not None and card is not None and not pd.isna(card) and bool(card):
        made = replace(made, card=True)
    return made


# ---- the table -------------------------------------------------------------------------------


#: The most indicators a 指标定义 table may define (rows past it are refused by row).
MAX_DEFINITIONS = 500
#: The most levels of 比率 built on 比率 (a ratio of two sums is level 1; a ratio of it, 2…).
#: Computing is iterative (no call deepens with the chain), so this is a sanity limit, well
#: above any real table, not a guard of the stack.
MAX_RATIO_DEPTH = 50


def _ratio_parts(d: Definition, local: dict[str, Definition]) -> list[str]:
    """A ratio's parts that are ratios of the table, each once (none for other rows)."""
    if d.aggregation != "比率":
        return []
    return list(dict.fromkeys(p for p in d.parts if p in local and local[p].aggregation == "比率"))


def _on_cycle(key: str, stuck: dict[str, list[str]]) -> bool:
    """Whether ``key`` reaches itself through the ratios left after the topological sort."""
    seen: set[str] = set()
    stack = list(stuck[key])
    while stack:
        k = stack.pop()
        if k == key:
            return True
        if k not in seen:
            seen.add(k)
            stack.extend(stuck[k])
    return False


def _part_problem(d: Definition, part: str, message: str, allowed: str | None = None) -> Problem:
    column = "numerator" if part == d.numerator else "denominator"
    return Problem(message=message, value=part, allowed=allowed, **d.located(column))


def resolve_definitions(
    definitions: Iterable[Definition],
) -> tuple[list[Definition], list[str], list[Problem]]:
    """The definitions as a graph (a ratio → its two parts), sorted without recursion.

    Returns the records kept (in row order), their keys in an order where every ratio
    comes after its parts (Kahn's algorithm), and the problems of the rows refused, each
    located at its row: past :data:`MAX_DEFINITIONS` rows; a ratio that refers to itself
    directly or through other ratios, or builds on one that does; a ratio more than
    :data:`MAX_RATIO_DEPTH` levels deep. The work is linear in the number of rows (a cycle
    is confirmed by a walk over the few rows left unsorted, at most the limit).

    >>> a = Definition("local.a", "甲", "个", "计数", "projects")
    >>> r = Definition("local.r", "比", "%", "比率", numerator="local.a", denominator="local.a")
    >>> kept, order, problems = resolve_definitions([r, a])
    >>> [d.key for d in kept], order, problems
    (['local.r', 'local.a'], ['local.a', 'local.r'], [])
    """
    records = list(definitions)
    problems = [
        Problem(
            message=f"指标定义至多 {MAX_DEFINITIONS} 个指标，此行超出，未读取",
            value=d.key,
            allowed=f"至多 {MAX_DEFINITIONS} 行；不用的指标请删去",
            **d.located("key"),
        )
        for d in records[MAX_DEFINITIONS:]
    ]
    records = records[:MAX_DEFINITIONS]
    local = {d.key: d for d in records}
    parts = {d.key: _ratio_parts(d, local) for d in records}
    waiting = {k: len(p) for k, p in parts.items()}
    users: dict[str, list[str]] = {k: [] for k in parts}
    for k, ps in parts.items():
        for p in ps:
            users[p].append(k)
    # the rows that are not ratios first, in row order, then each ratio once its parts are in
    ready = deque(
        sorted(
            (d.key for d in records if waiting[d.key] == 0),
            key=lambda k: local[k].aggregation == "比率",
        )
    )
    order: list[str] = []
    depth: dict[str, int] = {}
    while ready:
        k = ready.popleft()
        order.append(k)
        d = local[k]
        depth[k] = (
            1 + max((depth[p] for p in parts[k]), default=0) if d.aggregation == "比率" else 0
        )
        for u in users[k]:
            waiting[u] -= 1
            if waiting[u] == 0:
                ready.append(u)
    refused: set[str] = set()
    stuck = {k: [p for p in ps if p not in depth] for k, ps in parts.items() if k not in depth}
    for k in stuck:
        d, first = local[k], stuck[k][0]
        if _on_cycle(k, stuck):
            problems.append(_part_problem(d, first, "比率的分子、分母直接或间接引用了它自己"))
        else:
            problems.append(_part_problem(d, first, "比率引用的指标直接或间接引用了它自己"))
        refused.add(k)
    for k in order:
        if depth[k] > MAX_RATIO_DEPTH:
            d = local[k]
            deepest = max(parts[k], key=lambda p: depth[p])
            problems.append(
                _part_problem(
                    d,
                    deepest,
                    f"比率嵌套超过 {MAX_RATIO_DEPTH} 层（比率的比率…）",
                    f"比率之上再建比率至多 {MAX_RATIO_DEPTH} 层",
                )
            )
            refused.add(k)
    kept = [d for d in records if d.key not in refused]
    return kept, [k for k in order if k not in refused], problems


def parse_definitions(
    frame: pd.DataFrame | None,
    locate: Locate | None = None,
    reserved: Collection[str] | None = None,
) -> tuple[list[Definition], list[Problem]]:
    """The valid rows of a 指标定义 table (typed by :mod:`wbanalysis.io`) as
    :class:`Definition` records, in the order of the rows, and every problem of the rows.

    Parameters
    ----------
    frame : the typed table (``None`` or empty: no definitions).
    locate : ``locate(position, column)`` → where a problem is (file, sheet, Excel row, the
        header as written); by default the file 指标定义, row ``position + 2``.
    reserved : the built-in catalogue's keys: a row may not take one as its key, a ratio may
        name one as a part. ``None``: not known here; those checks are left to
        :func:`reference_problems`.

    Rows with an empty required cell or a value outside a vocabulary are left to the column
    checks of :mod:`wbanalysis.io.validation` (reported once).
    """
    if frame is None or frame.empty:
        return [], []
    locate = locate or _nowhere
    problems: list[Problem] = []
    records = frame.to_dict("records")
    keys = {k for r in records if (k := _text(r.get("key"))) is not None}
    seen: set[str] = set()
    definitions = []
    for position, record in enumerate(records):
        definition = _definition(record, _Row(position, locate, problems), keys, reserved)
        if definition is not None and definition.key not in seen:
            seen.add(definition.key)
            definitions.append(definition)
    kept, _, refused = resolve_definitions(definitions)
    return kept, problems + refused


def check_definitions(
    frame: pd.DataFrame | None,
    locate: Locate | None = None,
    reserved: Collection[str] | None = None,
) -> list[Problem]:
    """Every problem of the 指标定义 rows (see :func:`parse_definitions`): an unknown ledger,
    column, filter value or date column; a field an aggregation needs or must not have; a ratio
    that refers to itself; 可加 for an average or a ratio; with ``reserved``, a key of the
    built-in catalogue and a ratio whose parts are not defined."""
    return parse_definitions(frame, locate, reserved)[1]


def reference_problems(
    definitions: Iterable[Definition], reserved: Collection[str]
) -> list[Problem]:
    """The problems of parsed records that only the built-in catalogue's keys (``reserved``)
    tell: a key that is one of them, a ratio's part that is neither a key of the records nor
    one of them — each located where its row was read.

    >>> d = Definition("funding.total", "争取资金", "万元", "计数", "funding",
    ...                where={"key": {"file": "指标定义.csv", "row": 2, "column": "指标键"}})
    >>> [str(p) for p in reference_problems([d], {"funding.total"})]  # doctest: +ELLIPSIS
    ['文件 指标定义.csv，第 2 行，列「指标键」：与内置指标的指标键重复（值：funding.total）...']
    """
    definitions = list(definitions)
    keys = {d.key for d in definitions}
    problems = []
    for d in definitions:
        if d.key in reserved:
            problems.append(
                Problem(
                    message="与内置指标的指标键重复",
                    value=d.key,
                    allowed="内置指标以外的键，如 local." + d.key.split(".")[-1],
                    **d.located("key"),
                )
            )
        for part, word in ((d.numerator, "分子"), (d.denominator, "分母")):
            column = "numerator" if word == "分子" else "denominator"
            if d.aggregation == "比率" and part not in keys and part not in reserved:
                problems.append(
                    Problem(
                        message=f"{word}不是本表或内置指标的指标键",
                        value=part,
                        allowed="本表中定义的指标键，或 wbanalysis indicators 列出的内置指标键",
                        **d.located(column),
                    )
                )
    return problems
