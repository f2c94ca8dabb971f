"""本地指标 (indicators a bureau defines itself): the 指标定义 sheet, checked and interpreted.

A bureau adds indicators without touching the package: one row of its 指标定义 sheet (or
``指标定义.csv``) per indicator, read and typed by :mod:`wbanalysis.io` like any ledger
(:data:`wbanalysis.schema.DEFINITIONS`). Each row is declarative — a ledger, an aggregation
(求和, 计数, 不重复计数, 平均, or 比率 of two indicators), filters (``项目类别=除险加固``;
``层级=村级、乡级``; ``项目建设状态=新开工``), a period rule (期内, 累计至期末, 期末) — and is
interpreted here: nothing in the file is ever evaluated as code.

:func:`check_definitions` finds every problem of the rows (an unknown ledger or column, a
field an aggregation needs, a ratio whose parts are not defined, a key of the built-in
catalogue…) as :class:`~wbanalysis.errors.Problem` located where the row was read;
:func:`compile_definitions` turns valid rows into :class:`~.catalogue.Indicator` objects whose
``compute`` is a :class:`LocalCompute` (picklable: it holds only the parsed definition).

>>> import pandas as pd
>>> rows = pd.DataFrame({"key": ["local.reinforcement"], "name": ["除险加固项目数"],
...     "unit": ["个"], "aggregation": ["计数"], "ledger": ["项目台账"], "column": [None],
...     "filters": ["项目类别=除险加固"], "period": [None], "date_column": [None],
...     "numerator": [None], "denominator": [None], "additive": [None], "display": [None],
...     "note": [None]})
>>> [indicator] = compile_definitions(rows)
>>> indicator.key, indicator.kind, indicator.additive, indicator.display(3)
('local.reinforcement', 'count', True, '3个')
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..dataset import for_county
from ..errors import DataError, Problem
from ..io.header import header_lookup, match_header, norm
from ..metrics._common import dates_by_cutoff, dates_in_period, months_by_cutoff, total
from ..schema import DEFINITIONS, LEDGERS, PROJECT_STATUSES, Ledger
from ..scope import CITY
from .catalogue import CATALOGUE, Indicator
from .selection import Selection

__all__ = ["Filter", "Definition", "LocalCompute", "check_definitions", "compile_definitions",
           "LOCAL_SECTION", "STATUS_COLUMN"]

#: The section of the indicators a bureau defines (the annual summary's 本地指标 table).
LOCAL_SECTION = "本地指标"

#: The name of the derived column holding a project's status in the year.
STATUS_COLUMN = "项目建设状态"
_STATUS_NAMES = {norm(n) for n in (STATUS_COLUMN, "建设状态", "项目状态", "项目阶段")}
_STATUS_FLAGS = dict(zip(PROJECT_STATUSES, ("reserve", "preliminary", "new_start",
                                            "continuing", "completed", "accepted"),
                         strict=True))

_DISPLAY = {"金额": "amount", "金额（万元）": "amount_wan", "水量": "volume", "数量": "quantity",
            "个数": "count", "百分比": "percent"}
_TRUE = {"是", "y", "yes", "true", "1", "√", "有"}
_FALSE = {"否", "n", "no", "false", "0", "×", "无"}
_CONDITION = re.compile(r"^(?P<column>.+?)\s*(?P<op>!=|≠|=)\s*(?P<values>.*)$")
_BLANK = re.compile(r"^(?P<column>.+?)\s*(?P<op>不为空|非空|为空)$")
_VALUE_SEPARATORS = re.compile(r"[、,|/]")
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
    """One row of the 指标定义 sheet, parsed and checked."""

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


class LocalCompute:
    """``compute(selection)`` of a bureau's indicator: its definition, interpreted.

    Reads whole tables through :meth:`Selection.full` (recorded, so a missing ledger gives no
    value), selects the scope's county and the period of the rule, applies the filters and
    aggregates; a 比率 computes its two parts (built-in or the bureau's own) and divides.
    """

    def __init__(self, definition: Definition) -> None:
        self.definition = definition

    def __call__(self, selection: Selection) -> float | int:
        d = self.definition
        if d.aggregation == "比率":
            from . import catalogue_of

            catalogue = catalogue_of(selection.dataset)
            top = float(catalogue[d.numerator].compute(selection))
            bottom = float(catalogue[d.denominator].compute(selection))
            if bottom == 0 or math.isnan(bottom) or math.isnan(top):
                return math.nan
            return top / bottom * (100.0 if d.unit == "%" else 1.0)
        rows = _rows(d, selection)
        if d.aggregation == "计数":
            return int(len(rows))
        if d.aggregation == "不重复计数":
            return int(rows[d.column].nunique(dropna=True))
        values = pd.to_numeric(rows[d.column]).astype("float64")
        if d.aggregation == "平均":
            return float(values.mean()) if values.notna().any() else math.nan
        return total(values)

    def __repr__(self) -> str:
        return f"LocalCompute({self.definition.key!r})"


def _period_mask(d: Definition, table: pd.DataFrame, year: int, month: int) -> np.ndarray:
    if d.time is None:
        return np.ones(len(table), dtype=bool)
    if d.time == "date":
        dates = table[d.date]
        if d.period == "期内":
            return dates_in_period(dates, year=year, through_month=month)
        return dates_by_cutoff(dates, year=year, through_month=month)
    years = table["year"].to_numpy(dtype="float64", na_value=np.nan)
    if d.time == "year":
        return years <= year if d.period == "累计至期末" else years == year
    months = table["month"].to_numpy(dtype="float64", na_value=np.nan)
    if d.period == "累计至期末":
        return months_by_cutoff(table, year=year, through_month=month)
    if d.period == "期末":
        return (years == year) & (months == month)
    return (years == year) & (months <= month)


def _status_ids(selection: Selection, status: str) -> set:
    from ..metrics.portfolio import project_status

    def compute() -> set:
        table = project_status(selection.full("projects"), selection.full("milestones"),
                               year=selection.year, through_month=selection.through_month)
        return set(table.loc[table[_STATUS_FLAGS[status]], "project_id"])

    return selection.memo(f"local.status.{status}", compute)


def _filter_mask(f: Filter, rows: pd.DataFrame, selection: Selection) -> np.ndarray:
    if f.column == STATUS_COLUMN:
        ids = set().union(*(_status_ids(selection, s) for s in f.values))
        key = rows[f.via or "project_id"]
        hit = key.isin(ids).to_numpy(dtype=bool)
        return ~hit if f.op == "not_in" else hit
    if f.via is None:
        values = rows[f.column]
    else:
        target = selection.full(f.ledger)
        lookup = target.drop_duplicates(f.key).set_index(f.key)[f.column]
        values = rows[f.via].map(lookup)
    if f.op == "blank":
        return values.isna().to_numpy(dtype=bool)
    if f.op == "not_blank":
        return values.notna().to_numpy(dtype=bool)
    hit = pd.Series(values).isin(list(f.values)).to_numpy(dtype=bool, na_value=False)
    return ~hit if f.op == "not_in" else hit


def _rows(d: Definition, selection: Selection) -> pd.DataFrame:
    table = for_county(selection.full(d.ledger), selection.county)
    table = table[_period_mask(d, table, selection.year, selection.through_month)]
    for f in d.filters:
        table = table[_filter_mask(f, table, selection)]
    return table


# ---- checking and compiling the rows ---------------------------------------------------------

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

    def error(self, column: str, message: str, value: object = None,
              allowed: str | None = None) -> None:
        self.ok = False
        self.problems.append(Problem(message=message, value=value, allowed=allowed,
                                     **self.locate(self.position, column)))


def _typed_value(col, text: str, row: _Row) -> object:
    """A filter value of column ``col`` as the ledger's typed cells hold it."""
    if col.allowed:
        if text not in col.allowed:
            row.error("filters", f"「{col.zh}」不能取此值", text, col.describe_allowed())
        return text
    if col.kind == "bool":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        row.error("filters", f"「{col.zh}」只能为 是 或 否", text, "是、否")
        return None
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
    refs = [(c.name, *c.ref.split(".")) for c in ledger.columns if c.ref
            and c.ref.split(".")[0] != "counties"]
    for part in filter(None, (p.strip() for p in _CONDITION_SEPARATORS.split(text))):
        blank = _BLANK.match(part)
        m = None if blank else _CONDITION.match(part)
        if not blank and not m:
            row.error("filters", "筛选条件的格式不正确", part,
                      "列=值；列=值1、值2；列!=值；列为空；列不为空（多个条件用；分隔）")
            continue
        name = (blank or m).group("column").strip()
        op = {"为空": "blank", "不为空": "not_blank", "非空": "not_blank"}[blank.group("op")] \
            if blank else ("not_in" if m.group("op") in ("!=", "≠") else "in")
        if norm(name) in _STATUS_NAMES:
            via = "project_id" if ledger.name == "projects" else next(
                (c for c, target, _ in refs if target == "projects"), None)
            if via is None:
                row.error("filters", f"《{ledger.zh}》不与项目关联，不能按{STATUS_COLUMN}筛选", name,
                          "项目台账，或有“项目编号”列的台账")
                continue
            values = tuple(v.strip() for v in _VALUE_SEPARATORS.split(m.group("values"))
                           if v.strip()) if m else ()
            bad = [v for v in values if v not in PROJECT_STATUSES]
            if bad or not values or blank:
                row.error("filters", f"{STATUS_COLUMN}不能取此值", "、".join(bad) or part,
                          "、".join(PROJECT_STATUSES) + " 之一或几个")
                continue
            out.append(Filter(STATUS_COLUMN, op, values, "projects", via))
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
            extra = f"，或 {STATUS_COLUMN}" if any(t == "projects" for _, t, _ in refs) \
                or ledger.name == "projects" else ""
            row.error("filters", f"《{ledger.zh}》中没有此列", name,
                      f"《{ledger.zh}》的列：{_headers(ledger)}{linked}{extra}")
            continue
        if col.kind == "date":
            row.error("filters", "不能按日期列筛选：期间由“期间”和“时间字段”确定", name)
            continue
        values: tuple = ()
        if m:
            texts = [v.strip() for v in _VALUE_SEPARATORS.split(m.group("values")) if v.strip()]
            if not texts:
                row.error("filters", "筛选条件缺少取值", part, "列=值；不限取值时删去此条件")
                continue
            values = tuple(_typed_value(col, t, row) for t in texts)
        out.append(Filter(col.name, op, values, target.name, via, key))
    return tuple(out)


def _definition(record: dict, position: int, locate: Locate, problems: list[Problem],
                keys: set[str]) -> Definition | None:
    row = _Row(position, locate, problems)
    key, name, unit = (_text(record.get(c)) for c in ("key", "name", "unit"))
    aggregation = _text(record.get("aggregation"))
    if key is None or name is None or unit is None or aggregation not in (
            "求和", "计数", "不重复计数", "平均", "比率"):
        return None  # reported by the column checks (必填项为空, 不在允许的取值范围内)
    if key in CATALOGUE:
        row.error("key", "与内置指标的指标键重复", key,
                  "内置指标以外的键，如 local." + key.split(".")[-1])
    period = _text(record.get("period")) or "期内"
    display = _text(record.get("display"))
    additive = record.get("additive")
    additive = None if additive is None or pd.isna(additive) else bool(additive)
    ledger_text, column_text = _text(record.get("ledger")), _text(record.get("column"))
    filters_text, date_text = _text(record.get("filters")), _text(record.get("date_column"))
    note = _text(record.get("note")) or ""
    if aggregation == "比率":
        parts = {}
        for part in ("numerator", "denominator"):
            value = _text(record.get(part))
            word = "分子" if part == "numerator" else "分母"
            if value is None:
                row.error(part, f"比率须填写{word}（本表或内置指标的指标键）")
            elif value not in keys and value not in CATALOGUE:
                row.error(part, f"{word}不是本表或内置指标的指标键", value,
                          "本表中定义的指标键，或 wbanalysis indicators 列出的内置指标键")
            parts[part] = value
        for column, given in (("ledger", ledger_text), ("column", column_text),
                              ("filters", filters_text), ("date_column", date_text)):
            if given is not None:
                row.error(column, "比率由分子、分母两个指标计算，不填台账、字段、筛选条件和时间字段",
                          given)
        if additive:
            row.error("additive", f"比率不可相加（各县区的比率之和不是{CITY}的比率）", "是", "否")
        kind = _DISPLAY[display] if display else ("percent" if unit == "%" else "quantity")
        if not row.ok:
            return None
        return Definition(key, name, unit, aggregation, numerator=parts["numerator"],
                          denominator=parts["denominator"], kind=kind, note=note)
    if ledger_text is None:
        row.error("ledger", f"汇总方式为“{aggregation}”时须填写台账", allowed=_ledger_names())
        return None
    ledger = _find_ledger(ledger_text)
    if ledger is None:
        row.error("ledger", "未知的台账", ledger_text, _ledger_names())
        return None
    column = None
    if aggregation == "计数":
        if column_text is not None:
            row.error("column", "“计数”数的是行数，不填字段（数不同值的个数用“不重复计数”）",
                      column_text)
    elif column_text is None:
        row.error("column", f"汇总方式为“{aggregation}”时须填写字段",
                  allowed=f"《{ledger.zh}》的列：{_headers(ledger)}")
    else:
        col = match_header(column_text, header_lookup(ledger))
        if col is None:
            row.error("column", f"《{ledger.zh}》中没有此列", column_text,
                      f"《{ledger.zh}》的列：{_headers(ledger)}")
        elif aggregation in ("求和", "平均") and col.kind not in ("int", "float"):
            numeric = "、".join(c.zh for c in ledger.columns if c.kind in ("int", "float"))
            row.error("column", f"“{aggregation}”的字段须为数值列", column_text,
                      f"《{ledger.zh}》的数值列：{numeric or '（无）'}")
        else:
            column = col.name
    filters = _parse_filters(filters_text, ledger, row) if filters_text else ()
    time, date = ledger.time, ledger.when
    if date_text is not None:
        col = match_header(date_text, header_lookup(ledger))
        if col is None or col.kind != "date":
            dates = "、".join(c.zh for c in ledger.columns if c.kind == "date")
            row.error("date_column", f"《{ledger.zh}》中没有此日期列", date_text,
                      f"《{ledger.zh}》的日期列：{dates or '（无）'}")
        else:
            time, date = "date", col.name
    if time is None and _text(record.get("period")) not in (None, "期末"):
        row.error("period", f"《{ledger.zh}》是名录，没有时间：期间只能为“期末”或不填", period,
                  "期末")
    county = next((c for c in ledger.columns if c.name == "county"), None)
    by_county = county is None or county.required  # a child takes its parent's county
    if additive is None:
        additive = aggregation in ("求和", "计数") and by_county
    elif additive and aggregation in ("平均",):
        row.error("additive", f"平均值不可相加（各县区的平均之和不是{CITY}的平均）", "是", "否")
    if display:
        kind = _DISPLAY[display]
    elif aggregation in ("计数", "不重复计数"):
        kind = "count"
    else:
        kind = {"万元": "amount", "万m³": "volume", "%": "percent"}.get(unit, "quantity")
    if not row.ok:
        return None
    return Definition(key, name, unit, aggregation, ledger.name, column, filters, period, time,
                      date, additive=bool(additive), kind=kind, note=note)


def _parse(frame: pd.DataFrame, locate: Locate) -> tuple[list[Definition], list[Problem]]:
    problems: list[Problem] = []
    records = frame.to_dict("records")
    keys = {_text(r.get("key")) for r in records} - {None}
    seen: set[str] = set()
    definitions = []
    for position, record in enumerate(records):
        definition = _definition(record, position, locate, problems, keys)
        if definition is not None and definition.key not in seen:
            seen.add(definition.key)
            definitions.append(definition)
    by_key = {d.key: d for d in definitions}
    for d in definitions:  # a ratio may not depend on itself
        stack, path = [d.key], set()
        while stack:
            k = stack.pop()
            if k in path:
                continue
            path.add(k)
            part = by_key.get(k)
            if part is not None and part.aggregation == "比率":
                if d.key in (part.numerator, part.denominator):
                    position = next(i for i, r in enumerate(records) if _text(r.get("key")) == d.key)
                    problems.append(Problem(message="比率的分子、分母直接或间接引用了它自己",
                                            value=d.key, **locate(position, "numerator")))
                    stack.clear()
                    break
                stack += [part.numerator, part.denominator]
    cyclic = {p.value for p in problems if p.message.startswith("比率的分子、分母直接")}
    return [d for d in definitions if d.key not in cyclic], problems


def check_definitions(frame: pd.DataFrame, locate: Locate | None = None) -> list[Problem]:
    """Every problem of the 指标定义 rows (typed by :mod:`wbanalysis.io`), located by
    ``locate(position, column)``: an unknown ledger, column, filter value or date column; a
    field an aggregation needs or must not have; a ratio whose parts are not defined (or
    that refers to itself); a key of the built-in catalogue; 可加 for an average or a ratio.

    Rows with an empty required cell or a value outside a vocabulary are left to the column
    checks of :mod:`wbanalysis.io.checks` (reported once).
    """
    return _parse(frame, locate or _nowhere)[1]


def _indicator(d: Definition, by_key: dict[str, Definition]) -> Indicator:
    columns: set[str] = set()

    def needs(x: Definition) -> None:
        if x.aggregation == "比率":
            for part in (x.numerator, x.denominator):
                if part in by_key:
                    needs(by_key[part])
                else:
                    columns.update(CATALOGUE[part].columns)
            return
        ledger = LEDGERS[x.ledger]
        for name in (x.column, x.date):
            if name is not None and not ledger.column(name).required:
                columns.add(f"{x.ledger}.{name}")
        for f in x.filters:
            if f.column != STATUS_COLUMN:
                target = LEDGERS[f.ledger]
                if not target.column(f.column).required:
                    columns.add(f"{f.ledger}.{f.column}")

    needs(d)
    return Indicator(d.key, d.name, d.unit, d.kind, d.additive, LocalCompute(d),
                     measure_word=d.unit if d.kind == "count" else "", section=LOCAL_SECTION,
                     columns=tuple(sorted(columns)), note=d.note)


def compile_definitions(frame: pd.DataFrame | None,
                        locate: Locate | None = None) -> list[Indicator]:
    """The bureau's indicators of a 指标定义 table, in the order of its rows.

    Raises
    ------
    DataError
        when a row has a problem (see :func:`check_definitions`).
    """
    if frame is None or frame.empty:
        return []
    definitions, problems = _parse(frame, locate or _nowhere)
    if any(p.is_error for p in problems):
        raise DataError(problems)
    by_key = {d.key: d for d in definitions}
    return [_indicator(d, by_key) for d in definitions]
