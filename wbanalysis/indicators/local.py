"""本地指标 (a bureau's own indicators): its 指标定义 records compiled into indicators, and
computed.

:mod:`wbanalysis.io.definitions` reads and checks the rows of the 指标定义 sheet into plain
:class:`~wbanalysis.io.definitions.Definition` records; here they become
:class:`~.record.Indicator` objects whose ``compute`` is a :class:`LocalCompute` (picklable: it
holds only the record), checked first against the built-in catalogue (a key of its own, the
parts of a ratio). :func:`load` and :func:`validate` are those of :mod:`wbanalysis.io` with that
check made while the ledgers are read, so that every problem is reported at once.

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

import difflib
import math
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from ..dataset import Dataset, for_county
from ..errors import DataError, Problem
from ..io.definitions import (
    STATUS_COLUMN,
    Definition,
    Filter,
    Locate,
    parse_definitions,
    reference_problems,
    resolve_definitions,
)
from ..metrics._common import dates_by_cutoff, dates_in_period, months_by_cutoff, total
from ..schema import LEDGERS, PROJECT_STATUSES
from .catalogue import CATALOGUE
from .record import Indicator, Value
from .selection import Selection

__all__ = [
    "LocalCompute",
    "LOCAL_SECTION",
    "compile_definitions",
    "check_definitions",
    "load",
    "validate",
]

#: The section of the indicators a bureau defines (the annual summary's 本地指标 table).
LOCAL_SECTION = "本地指标"

_STATUS_FLAGS = dict(
    zip(
        PROJECT_STATUSES,
        ("reserve", "preliminary", "new_start", "continuing", "completed", "accepted"),
        strict=True,
    )
)


class LocalCompute:
    """``compute(selection)`` of a bureau's indicator: its definition, interpreted.

    Reads whole tables through :meth:`Selection.full` (recorded, so a missing ledger gives no
    value), selects the scope's county and the period of the rule, applies the filters and
    aggregates; a 比率 divides its two parts (built-in or the bureau's own). Every value is
    kept once per selection (:meth:`Selection.once`), and a ratio computes the bureau's
    indicators it is built on first, in the order of the compiled graph (``after``, parts
    before the ratios built on them), so that a part is always ready when asked: no call
    goes deeper than one ratio, however long the chain of ratios written.
    """

    def __init__(self, definition: Definition, after: tuple[str, ...] = ()) -> None:
        self.definition = definition
        self.after = after

    def __call__(self, selection: Selection) -> float | int:
        return selection.once(_value_key(self.definition.key), lambda: self._compute(selection))

    def _compute(self, selection: Selection) -> float | int:
        d = self.definition
        if d.aggregation == "比率":
            from . import catalogue_of

            catalogue = catalogue_of(selection.dataset)
            for key in self.after:  # each already computed, or computed from computed parts
                catalogue[key].compute(selection)
            numerator, denominator = d.parts
            top = float(_part(catalogue, numerator, selection))
            bottom = float(_part(catalogue, denominator, selection))
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
            mean = float(values.mean()) if values.notna().any() else math.nan
            return in_declared_unit(mean, d)
        return in_declared_unit(total(values), d)

    def __repr__(self) -> str:
        return f"LocalCompute({self.definition.key!r})"


def in_declared_unit(value: float, d: Definition) -> float:
    """A sum or an average of the column, stated in the definition's 计量单位
    (:func:`~wbanalysis.io.definitions.unit_scale`: 3209 万元 declared 亿元 is 0.3209)."""
    return value * d.scale if d.scale != 1.0 else value


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
        table = project_status(
            selection.full("projects"),
            selection.full("milestones"),
            year=selection.year,
            through_month=selection.through_month,
        )
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
    wanted = list(f.values)
    if any(isinstance(v, str) for v in wanted):  # text as written either way: （二期） = (二期)
        values, wanted = _folded(pd.Series(values)), [_fold(v) for v in wanted]
    hit = pd.Series(values).isin(wanted).to_numpy(dtype=bool, na_value=False)
    return ~hit if f.op == "not_in" else hit


def _fold(value: object) -> object:
    """Text as the 指标定义 parser reads it (full-width forms folded, outer spaces cut)."""
    return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else value


def _folded(values: pd.Series) -> pd.Series:
    return values.map(_fold, na_action="ignore")


def unmatched_filters(dataset: Dataset, definitions: Iterable[Definition]) -> list[Problem]:
    """A filter value that no row of its ledger holds, in any year or county — a typo or a
    name written otherwise, which would silently count nothing — located at its row, with
    the nearest values the ledger has. Ledgers not provided are not judged."""
    problems = []
    for d in definitions:
        for f in d.filters:
            if f.column == STATUS_COLUMN or f.op not in ("in", "not_in"):
                continue
            texts = [v for v in f.values if isinstance(v, str)]
            if not texts or f.ledger in dataset.missing or f.column not in dataset[f.ledger]:
                continue
            cells = dataset[f.ledger][f.column].dropna().astype(str)
            # folded → the first spelling a row holds, so the nearest are shown as written
            present: dict[str, str] = {}
            for folded, cell in zip(_folded(cells), cells):
                present.setdefault(folded, cell)
            for value in texts:
                if _fold(value) in present:
                    continue
                close = difflib.get_close_matches(
                    str(_fold(value)), sorted(present), n=3, cutoff=0.4
                )
                near = [present[c] for c in close]
                zh = LEDGERS[f.ledger].column(f.column).zh
                problems.append(
                    Problem(
                        message=f"筛选条件「{zh}」的取值在《{LEDGERS[f.ledger].zh}》的任何一行中都没有",
                        value=value,
                        allowed=("相近的取值：" + "、".join(near))
                        if near
                        else "台账中实际出现的取值",
                        **d.located("filters"),
                    )
                )
    return problems


def _rows(d: Definition, selection: Selection) -> pd.DataFrame:
    table = for_county(selection.full(d.source), selection.county)
    table = table[_period_mask(d, table, selection.year, selection.through_month)]
    for f in d.filters:
        table = table[_filter_mask(f, table, selection)]
    return table


def _value_key(key: str) -> str:
    return f"local.value.{key}"


def _part(catalogue: dict[str, Indicator], key: str, selection: Selection) -> Value:
    """A ratio's part, computed once per selection (a built-in one too)."""
    return selection.once(_value_key(key), lambda: catalogue[key].compute(selection))


def _own_columns(x: Definition) -> set[str]:
    """The optional columns a row that is not a ratio reads (its field, date and filters)."""
    columns = set()
    ledger = LEDGERS[x.source]
    for name in (x.column, x.date):
        if name is not None and not ledger.column(name).required:
            columns.add(f"{x.source}.{name}")
    for f in x.filters:
        if f.column != STATUS_COLUMN:
            target = LEDGERS[f.ledger]
            if not target.column(f.column).required:
                columns.add(f"{f.ledger}.{f.column}")
    return columns


def _compile_graph(
    records: list[Definition], order: list[str], known: dict[str, Indicator]
) -> dict[str, tuple[frozenset[str], tuple[str, ...]]]:
    """``{key: (optional columns, the bureau's indicators it is built on)}``, walking the
    graph once in its topological ``order`` (parts before ratios): each row's columns and
    parts are those of its parts, looked up, never recomputed or recursed into."""
    by_key = {d.key: d for d in records}
    position = {k: i for i, k in enumerate(order)}
    graph: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {}
    for key in order:
        d = by_key[key]
        if d.aggregation != "比率":
            graph[key] = (frozenset(_own_columns(d)), ())
            continue
        columns: set[str] = set()
        after: set[str] = set()
        for part in d.parts:
            if part in graph:
                part_columns, part_after = graph[part]
                columns |= part_columns
                after.update(part_after)
                after.add(part)
            else:
                columns.update(known[part].columns)
        graph[key] = (frozenset(columns), tuple(sorted(after, key=position.__getitem__)))
    return graph


def _indicator(d: Definition, columns: frozenset[str], after: tuple[str, ...]) -> Indicator:
    return Indicator(
        d.key,
        d.name,
        d.unit,
        d.kind,
        d.additive,
        LocalCompute(d, after),
        measure_word=d.unit if d.kind == "count" else "",
        section=LOCAL_SECTION,
        columns=tuple(sorted(columns)),
        note=d.note,
        parts=d.parts if d.aggregation == "比率" else (),
    )


def compile_definitions(
    definitions: pd.DataFrame | Iterable[Definition | Indicator] | None,
    locate: Locate | None = None,
) -> list[Indicator]:
    """The bureau's indicators, in the order of its rows: from the records
    :mod:`wbanalysis.io.definitions` parsed (``dataset.definitions``), or from a typed
    指标定义 table (parsed here, located by ``locate``). Indicators already compiled are kept.

    Raises
    ------
    DataError
        when a row has a problem (see :func:`check_definitions`): a key of the built-in
        catalogue, a ratio's part defined nowhere, a ratio that refers to itself or is nested
        too deep, rows past the limit (:func:`~wbanalysis.io.definitions.resolve_definitions`),
        or — for a table — any problem of its rows.
    """
    if definitions is None:
        return []
    if isinstance(definitions, pd.DataFrame):
        records, problems = parse_definitions(definitions, locate, CATALOGUE)
        if any(p.is_error for p in problems):
            raise DataError(problems)
        definitions = records
    definitions = list(definitions)
    records = [d for d in definitions if isinstance(d, Definition)]
    compiled = {d.key for d in definitions if isinstance(d, Indicator)}
    _, order, refused = resolve_definitions(records)
    problems = reference_problems(records, {*CATALOGUE, *compiled}) + refused
    if problems:
        raise DataError(problems)
    known = {**CATALOGUE, **{d.key: d for d in definitions if isinstance(d, Indicator)}}
    graph = _compile_graph(records, order, known)
    return [d if isinstance(d, Indicator) else _indicator(d, *graph[d.key]) for d in definitions]


def check_definitions(frame: pd.DataFrame | None, locate: Locate | None = None) -> list[Problem]:
    """Every problem of the 指标定义 rows, the built-in catalogue's keys known
    (:func:`wbanalysis.io.definitions.check_definitions` with them as ``reserved``)."""
    return parse_definitions(frame, locate, CATALOGUE)[1]


def validate(
    data_dir: str | Path | None = None, *, cache_dir: str | Path | None = None
) -> list[Problem]:
    """:func:`wbanalysis.io.validate`, the bureau's 指标定义 checked against the built-in
    catalogue as well (a key of its own, the parts of a ratio)."""
    from ..io.ledgers import load as load_ledgers
    from ..io.ledgers import validate as validate_ledgers

    problems = validate_ledgers(data_dir, cache_dir=cache_dir, reserved=CATALOGUE)
    if any(p.is_error for p in problems):
        return problems
    dataset = load_ledgers(data_dir, cache_dir=cache_dir, reserved=CATALOGUE)
    return problems + unmatched_filters(dataset, dataset.definitions)


def load(data_dir: str | Path | None = None, *, cache_dir: str | Path | None = None) -> Dataset:
    """:func:`wbanalysis.io.load`, the bureau's 指标定义 checked against the built-in catalogue
    as well (a key of its own, the parts of a ratio), so that a bad row stops the loading."""
    from ..io.ledgers import load as load_ledgers

    dataset = load_ledgers(data_dir, cache_dir=cache_dir, reserved=CATALOGUE)
    unmatched = unmatched_filters(dataset, dataset.definitions)
    if unmatched:
        raise DataError(unmatched)
    return dataset
