"""出处 (provenance): where a figure comes from — its 口径, its formula with the numbers filled
in and the ledger rows that make it, for every indicator by one mechanism.

The rows are found by the selection machinery, not written per indicator: an indicator is
computed on a :class:`_Tracing` selection, which records every ledger it reads and whether it
took the scope's rows (``sel[name]``) or the whole table (``sel.full(name)``); then it is
computed again on selections *without* some of those rows (:class:`_Without`). A row counts
when taking it away changes the value, and what it changes the value by is its 计入 (its
contribution): the 争取资金 of a 资金台账 row for a sum, 1 for a count. Groups of rows are
taken away together first and split only when they change the value (bisection), so the cost
grows with the rows that count, not with the size of the ledger. For sums and counts of
non-negative cells (every amount and count of the ledgers, which validation keeps
non-negative) the rows found are exactly those that count, and their 计入 add up to the value.

A rate, a ratio or a year-on-year change cannot be split into rows: its formula is found among
the catalogue's sums and counts of the same scope reading the same ledgers (到位资金 ÷ 争取资金
× 100; this year's and last year's value of the same figure), with the numbers filled in, and
its rows are the rows of those parts.

Each row is located as Excel shows it (:meth:`wbanalysis.Dataset.origins`): file, sheet and
row. Nothing of this runs when the catalogue is computed: provenance costs only when asked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..dataset import Dataset
from ..errors import ParameterError
from ..schema import DERIVED, LEDGERS, described
from ..scope import Scope
from .record import Indicator, Value
from .selection import Selection

__all__ = ["Explained", "Explainer", "explain", "ROW_COLUMNS"]

#: The columns every row table starts with.
ROW_COLUMNS = ("指标", "台账", "文件", "工作表", "行号")

_NOT_ROWS = frozenset({"percent", "yoy", "rank", "ratio", "surplus"})
_LEAF = 1  # a group of this many rows is a row


@dataclass(frozen=True)
class Explained:
    """Where one figure comes from.

    Attributes
    ----------
    key, name : the indicator's catalogue key and Chinese name.
    scope : the year, county and cut-off month it is computed for.
    value : the value (unrounded; NaN for no value) and ``display`` as reports write it.
    formula : how it is computed, in Chinese, with the numbers filled in.
    explanation : its 口径 (the data dictionary's, or the bureau's 说明), or ``""``.
    rows : the ledger rows it is made of: 指标 (the part they make), 台账, 文件, 工作表,
        行号 (as Excel shows it), the row's identifying cells, the cell that counted (with
        its Chinese header) and 计入 (what the row adds to the part).
    complete : False when its rows could not be told exactly (the search ran past the
        explainer's budget, or the rows found do not add up to the value): ``rows`` is then
        empty, never a wrong set of rows.
    """

    key: str
    name: str
    scope: Scope
    value: Value
    display: str
    formula: str
    explanation: str
    rows: pd.DataFrame = field(repr=False)
    complete: bool = True

    def __str__(self) -> str:
        lines = [f"{self.name}（{self.key}）：{self.display}", f"公式：{self.formula}"]
        if self.explanation:
            lines.append(f"口径：{self.explanation}")
        return "\n".join(lines)


#: The most selections without some rows a scope keeps for its figures to share (each holds
#: its copies of the ledgers read: a bound on memory with a province's ledgers).
_WITHOUTS = 16


class _Tracing(Selection):
    """A selection shared by every figure of one scope that records how each indicator reads
    each ledger: ``"scope"`` (its rows of the scope) or ``"full"`` (the whole table), shared
    results included (a part computed once counts for every indicator asking for it)."""

    def __init__(self, dataset: Dataset, scope: Scope) -> None:
        super().__init__(dataset, scope)
        self._fulls: list[set[str]] = []  # one per indicator (or shared part) being computed
        self._memo_fulls: dict[str, frozenset[str]] = {}
        self._ledgers: dict[tuple[str, str], _Ledger] = {}
        self._withouts: dict[tuple[str, bytes], _Without] = {}

    def full(self, name: str) -> pd.DataFrame:
        for fulls in self._fulls:
            fulls.add(name)
        return super().full(name)

    def once(self, key: str, compute):
        if key not in self._memo_fulls:
            self._fulls.append(set())
            try:
                value = super().once(key, compute)
            finally:
                self._memo_fulls[key] = frozenset(self._fulls.pop())
        else:
            value = super().once(key, compute)
        for fulls in self._fulls:
            fulls |= self._memo_fulls[key]
        return value

    def ledger(self, name: str, how: str) -> _Ledger:
        """Ledger ``name`` as read ``how`` (``"scope"`` or ``"full"``), with what the search
        for rows needs of it, worked out once per scope."""
        if (name, how) not in self._ledgers:
            table = self.full(name) if how == "full" else self[name]
            self._ledgers[name, how] = _Ledger(name, table, _numeric_columns(name, table))
        return self._ledgers[name, how]

    def without(self, name: str, labels: pd.Index) -> _Without:
        """This selection without the rows ``labels`` of ledger ``name``: one per set of rows,
        shared by the figures that take the same rows away (the whole ledger, a year, a
        column's value…), so that a result they have in common is computed once."""
        key = (name, np.asarray(labels).tobytes())
        found = self._withouts.pop(key, None)  # kept last: the least recently used go first
        if found is None:
            found = _Without(self, {name: labels})
            if len(self._withouts) >= _WITHOUTS:
                del self._withouts[next(iter(self._withouts))]
        self._withouts[key] = found
        return found

    def taken(self, indicator: Indicator) -> tuple[Value, dict[str, str]]:
        """``indicator``'s value and how it reads each ledger (in the ledgers' name order)."""
        self._fulls.append(set())
        try:
            with self.recording() as reads:
                value = indicator.compute(self)
        finally:
            fulls = self._fulls.pop()
        return value, {n: "full" if n in fulls else "scope" for n in sorted(reads)}


class _Ledger:
    """One ledger's table as an indicator reads it, its number columns (never negative) and,
    when first asked, the ways to group its rows by one column (:func:`_groupings`)."""

    def __init__(self, name: str, table: pd.DataFrame, columns: list) -> None:
        self.name, self.table, self.columns = name, table, columns
        self._groupings: list[np.ndarray] | None = None

    @property
    def groupings(self) -> list[np.ndarray]:
        if self._groupings is None:
            self._groupings = _groupings(self.table, self.name)
        return self._groupings


class _Without(Selection):
    """``base``'s selection without the rows ``dropped`` (ledger → index labels)."""

    def __init__(self, base: Selection, dropped: dict[str, pd.Index]) -> None:
        super().__init__(base.dataset, base.scope)
        self._base = base
        self._dropped = dropped

    def _select(self, name: str) -> pd.DataFrame:
        return self._drop(name, self._base[name])

    def full(self, name: str) -> pd.DataFrame:
        for reads in self._recording:
            reads.add(name)
        return self._drop(name, self._base.full(name))

    def _drop(self, name: str, table: pd.DataFrame) -> pd.DataFrame:
        drop = self._dropped.get(name)
        return table if drop is None else table.drop(index=drop)


def _same(a: Value, b: Value) -> bool:
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _numeric_columns(name: str, table: pd.DataFrame) -> list[tuple[str, np.ndarray]]:
    """The ledger's number columns with their cells (NaN as 0) where none is negative."""
    out = []
    for column in described(name).columns:
        if column.kind not in ("float", "int") or column.name not in table.columns:
            continue
        cells = pd.to_numeric(table[column.name], errors="coerce").to_numpy(float)
        cells = np.where(np.isnan(cells), 0.0, cells)
        if not (cells < 0).any():
            out.append((column.name, cells))
    return out


def _split(table: pd.DataFrame, positions: np.ndarray, name: str) -> list[np.ndarray]:
    """``positions`` in groups whose rows tend to count or not together: first by a date's
    year, then its month (an indicator takes a period), then by the column of fewest
    distinct values (a 级别, a 状态…); else in halves."""
    id_column = described(name).columns[0].name
    part = table.iloc[positions]
    keys: list[pd.Series] = []
    for column in part.columns:
        cells = part[column]
        if pd.api.types.is_datetime64_any_dtype(cells):
            keys += [cells.dt.year, cells.dt.month]
    keys += [part[c] for c in ("year", "month") if c in part.columns]
    texts = [
        part[c]
        for c in part.columns
        if c != id_column
        and not pd.api.types.is_float_dtype(part[c])
        and not pd.api.types.is_datetime64_any_dtype(part[c])
        and c not in ("year", "month")
    ]
    keys += sorted(texts, key=lambda cells: cells.nunique(dropna=False))
    for cells in keys:
        codes, uniques = pd.factorize(cells, use_na_sentinel=False)
        if 1 < len(uniques) <= 64:
            return [positions[codes == k] for k in range(len(uniques))]
    half = len(positions) // 2
    return [positions[:half], positions[half:]]


def _whole(
    positions: np.ndarray,
    effect: float,
    columns: list[tuple[str, np.ndarray]],
    rule: str | None,
) -> tuple[str | None, list[float] | None]:
    """The rule (``"count"`` or a number column) by which a group's ``effect`` is exactly what
    its rows hold, and the rows' 计入 by it; ``rule``, once found for a ledger, is the only one
    tried again."""
    rules = [rule] if rule is not None else ["count", *(c for c, _ in columns)]
    for candidate in rules:
        cells = (
            np.ones(len(positions)) if candidate == "count" else dict(columns)[candidate][positions]
        )
        if math.isclose(float(cells.sum()), effect, rel_tol=1e-9, abs_tol=1e-9):
            return candidate, [float(c) for c in cells]
    return rule, None


def _adds_up(found: list[tuple[str, object, float]], value: Value) -> bool:
    """The rows of one of the ledgers read add up to ``value`` (the summed ledger; a joined
    ledger's rows are conditions): the rows found are the whole of it."""
    sums: dict[str, float] = {}
    for name, _, effect in found:
        sums[name] = sums.get(name, 0.0) + effect
    v = float(value)
    if not sums:
        return math.isclose(v, 0.0, abs_tol=1e-9)
    return any(math.isclose(total, v, rel_tol=1e-9, abs_tol=1e-6) for total in sums.values())


class _OutOfBudget(Exception):
    """More computations than the explainer may spend on one figure."""


def _contributions(
    indicator: Indicator,
    base: _Tracing,
    taken: dict[str, str],
    value: Value,
    budget: int | None = None,
) -> list[tuple[str, object, float]]:
    """(ledger, index label, 计入) of every row whose removal changes ``value``.

    Rows are taken away in groups, split (:func:`_split`) only while a group changes the
    value by other than what its rows hold: a group whose removal takes away exactly the sum
    of one number column of its rows (or one per row, for a count) counts row by row with
    those cells, the column being the same for the whole ledger once found. So a sum over a
    scope costs one computation, whatever the rows.
    """
    out: list[tuple[str, object, float]] = []
    v = float(value)
    spent = [0]

    def without(name: str, labels: pd.Index) -> Value:
        spent[0] += 1
        if budget is not None and spent[0] > budget:
            raise _OutOfBudget
        return indicator.compute(base.without(name, labels))

    if len(taken) == 1:  # one ledger: first a guess from its columns, proved by a run
        [(name, how)] = taken.items()
        guess = _guess(indicator, base.ledger(name, how), v, without)
        if guess is not None:
            return guess
    for name, how in taken.items():
        ledger = base.ledger(name, how)
        table, columns = ledger.table, ledger.columns
        index = table.index
        rule: str | None = None  # what the rows hold, once found: "count" or a column

        stack = [np.arange(len(index))]
        while stack:
            positions = stack.pop()
            if not len(positions):
                continue
            labels = index[positions]
            other = without(name, labels)
            if _same(other, value):
                continue  # none of these rows counts
            effect = v - float(other) if not math.isnan(float(other)) else v
            if len(positions) == _LEAF:
                out.append((name, labels[0], float(effect)))
                continue
            rule, cells = _whole(positions, effect, columns, rule)
            if cells is not None:
                out += [(name, label, c) for label, c in zip(labels, cells, strict=True) if c]
                continue
            stack += reversed(_split(table, positions, name))
    return out


#: The most groups of one column a guess combines (2**n subsets are tried).
_GUESS_GROUPS = 16


def _groupings(table: pd.DataFrame, name: str) -> list[np.ndarray]:
    """Ways to group the rows by one column (codes per row), fewest groups first: a date's
    year and its month, and every text or whole-number column but the row's id."""
    id_column = described(name).columns[0].name
    found = []
    for column in table.columns:
        cells = table[column]
        if column == id_column or pd.api.types.is_float_dtype(cells):
            continue
        keys = (
            [cells.dt.year, cells.dt.year * 100 + cells.dt.month]
            if pd.api.types.is_datetime64_any_dtype(cells)
            else [cells]
        )
        for key in keys:
            codes, uniques = pd.factorize(key, use_na_sentinel=False)
            if 1 < len(uniques) <= _GUESS_GROUPS:
                found.append(codes)
    return sorted(found, key=lambda codes: int(codes.max()))


def _guess(
    indicator: Indicator, ledger: _Ledger, v: float, without
) -> list[tuple[str, object, float]] | None:
    """The rows of a sum or count over one ledger, when whole groups of one column add up to
    it (by rows, or by a number column) in a few ways, the way of fewest groups tried: taking
    those rows away must then leave nothing of the value — one run proves it (the other rows
    add nothing: a sum of rows that are never negative; rows of zero are not listed anyway).
    ``None`` when no guess holds."""
    table, name = ledger.table, ledger.name
    if indicator.kind in _NOT_ROWS or not v or not len(table):
        return None
    columns = [("count", np.ones(len(table)))] + ledger.columns
    tried = 0
    for codes in ledger.groupings:
        k = int(codes.max()) + 1
        subsets = (np.arange(1, 2**k)[:, None] >> np.arange(k)) & 1  # every non-empty choice
        for _, cells in columns:
            sums = np.bincount(codes, weights=cells, minlength=k)
            hits = np.flatnonzero(np.isclose(subsets @ sums, v, rtol=1e-9, atol=1e-9))
            if not len(hits) or len(hits) > 4:
                continue  # none, or too many ways to tell
            # fewest groups first: a filter takes one value of a column more often than many
            hit = hits[np.argmin(subsets[hits].sum(axis=1))]
            chosen = np.isin(codes, np.flatnonzero(subsets[hit]))
            tried += 1
            if tried > 2:
                return None
            taken = table.index[chosen]
            gone = without(name, taken)
            if not (_nan(gone) or _same(gone, 0)):
                continue  # the value does not rest on those rows alone
            return [
                (name, label, float(c)) for label, c in zip(taken, cells[chosen], strict=True) if c
            ]
    return None


def _positions(table: pd.DataFrame, labels: list) -> np.ndarray:
    """Where the rows ``labels`` are in ``table`` (a ledger's index is its rows' positions)."""
    index = table.index
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return np.asarray(labels, dtype=np.intp)
    return index.get_indexer(labels)


class _Cells:
    """What a figure's rows are picked from, by position: a dataset's number columns as float
    arrays and where each row was read, taken out once (a report explains hundreds of figures
    of the same ledgers). Text stays in the ledgers' own arrays until a row is picked: no
    Python object per cell is kept."""

    def __init__(self, dataset: Dataset, scope: Scope) -> None:
        self.dataset, self.scope = dataset, scope
        self._numbers: dict[tuple[str, str], np.ndarray] = {}
        self._origins: dict[str, pd.DataFrame | None] = {}

    def table(self, name: str) -> pd.DataFrame:
        """The whole table ``name``: a ledger, or a derived table of the scope's period (the
        rows of a figure are labelled by their position in it)."""
        if name in DERIVED:
            return self.dataset.derived(name, self.scope.year, self.scope.through_month)
        return self.dataset[name]

    def cells(self, name: str, column: str, at: np.ndarray) -> np.ndarray:
        """The cells of ``column`` on the rows ``at`` (as Python objects)."""
        return self.table(name)[column].iloc[at].to_numpy(object)

    def numbers(self, name: str, column: str) -> np.ndarray:
        if (name, column) not in self._numbers:
            cells = pd.to_numeric(self.table(name)[column], errors="coerce")
            self._numbers[name, column] = cells.to_numpy(float)
        return self._numbers[name, column]

    def origins(
        self, name: str, at: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """File, sheet and Excel row of the rows ``at`` of ledger ``name``."""
        if name not in self._origins:
            self._origins[name] = self.dataset.origins(name)
        where = self._origins[name]
        if where is None:
            return None
        return (
            where["file"].iloc[at].to_numpy(object),
            where["sheet"].iloc[at].to_numpy(object),
            where["row"].iloc[at].to_numpy(),
        )


def _counted(cells: _Cells, name: str, at: np.ndarray, effects: list[float]) -> str | None:
    """The column whose cells on the rows ``at`` are their 计入 (the column a sum adds);
    ``None`` for a count (every row adds 1: a column that holds 1 on each of them — 大暴雨日数
    of stations with one such day — would name a sum where rows are counted)."""
    if all(e == 1 for e in effects):
        return None
    table = cells.table(name)
    for column in described(name).columns:
        if column.kind not in ("float", "int") or column.name not in table.columns:
            continue
        found = cells.numbers(name, column.name)[at]
        if len(found) and np.allclose(found, effects, rtol=1e-9, atol=1e-9):
            return column.name
    return None


def _rows(
    cells: _Cells, part: str, found: list[tuple[str, object, float]]
) -> tuple[pd.DataFrame, dict[str, str | None]]:
    """The rows table of one part, and the counted column of each of its ledgers."""
    frames, counted = [], {}
    for name in dict.fromkeys(n for n, _, _ in found):
        ledger = described(name)
        labels = [label for n, label, _ in found if n == name]
        effects = [e for n, _, e in found if n == name]
        table = cells.table(name)
        at = _positions(table, labels)
        column = _counted(cells, name, at, effects)
        counted[name] = column
        origins = cells.origins(name, at)
        columns: dict[str, object] = {"指标": part, "台账": ledger.zh}
        if origins is not None:
            files, sheets, numbers = origins
            order = _order(list(zip(files, sheets, numbers.tolist(), strict=True)))
            at, effects = at[order], [effects[i] for i in order]
            columns["文件"], columns["工作表"] = files[order], sheets[order]
            columns["行号"] = pd.array(numbers[order], dtype="Int64")
        else:
            columns["文件"], columns["工作表"] = "", ""
            columns["行号"] = pd.array([None] * len(labels), dtype="Int64")
        shown = [ledger.columns[0].name]
        shown += [c for c in ("county", "year", "month") if c in table.columns]
        if column is not None:
            shown.append(column)
        for c in dict.fromkeys(shown):
            if c in table.columns:
                columns[_header(ledger, c)] = cells.cells(name, c, at)
        columns["计入"] = effects
        frames.append(pd.DataFrame(columns, index=range(len(labels))))
    if not frames:
        return pd.DataFrame(columns=list(ROW_COLUMNS) + ["计入"]), counted
    frames.sort(key=lambda frame: frame["台账"].iat[0])  # stable: by 台账, each in file order
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True), counted


def _order(keys: list[tuple]) -> np.ndarray:
    """The positions of ``keys`` (file, sheet, row) in ascending order (stable)."""
    if all(a <= b for a, b in zip(keys, keys[1:])):
        return np.arange(len(keys))
    return np.array(sorted(range(len(keys)), key=keys.__getitem__), dtype=np.intp)


_DERIVED = {"county": "所属县区", "year": "年度"}  # columns a Dataset adds (a child's county)


def _header(ledger, column: str) -> str:
    names = {c.name: c.zh for c in ledger.columns}
    return names.get(column) or _DERIVED.get(column, column)


def _number(x: float) -> str:
    """A number as the formula writes it: at most two decimals, no trailing zeros."""
    text = f"{float(x):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _nan(value: Value) -> bool:
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def _sum_formula(indicator: Indicator, rows: pd.DataFrame, counted: dict, display: str) -> str:
    if not len(rows):
        return f"{indicator.name} = {display}（无计入的台账行）"
    terms = []
    for ledger, n in rows.groupby("台账", sort=False).size().items():
        name = next(k for k, v in {**LEDGERS, **DERIVED}.items() if v.zh == ledger)
        column = counted.get(name)
        effects = rows.loc[rows["台账"] == ledger, "计入"]
        if column is not None:
            terms.append(f"《{ledger}》{n}行“{described(name).column(column).zh}”之和")
        elif bool((effects == 1).all()):
            terms.append(f"《{ledger}》{n}行计数")
        else:
            terms.append(f"《{ledger}》{n}行计入之和")
    return f"{indicator.name} = " + " + ".join(terms) + f" = {display}"


def explain(
    dataset: Dataset,
    key: str,
    scope: Scope | None = None,
    *,
    year: object = None,
    county: object = None,
    through_month: object = None,
) -> Explained:
    """说明指标出处 (where a figure comes from): its 口径, formula and ledger rows.

    Parameters
    ----------
    dataset : the ledgers (:func:`wbanalysis.load`).
    key : a catalogue key (``funding.total``) or one of the bureau's own (its 指标定义).
    scope : the report's :class:`~wbanalysis.Scope`; or give ``year``, ``county`` and
        ``through_month`` as for :func:`wbanalysis.compute_indicators`.

    Returns
    -------
    Explained
        ``.value``, ``.display``, ``.formula`` (Chinese, with the numbers), ``.explanation``
        (口径) and ``.rows`` (a DataFrame of the ledger rows with their file, sheet and Excel
        row, see the module docstring).

    Raises
    ------
    ParameterError
        For an unknown key (naming the nearest keys), county or year.

    Examples
    --------
    >>> from wbanalysis.dataset import Dataset
    >>> ds = Dataset({
    ...     "counties": pd.DataFrame({"county": ["甲县"], "code": [None], "city": ["某市"]}),
    ...     "funding": pd.DataFrame({"record_id": ["F1", "F2", "F3"], "year": [2023] * 3,
    ...         "month": [3, 4, 11], "county": ["甲县"] * 3, "level": ["中央"] * 3,
    ...         "programme": ["水利发展资金"] * 3, "secured": [100.0, 50.5, 7.0],
    ...         "arrived": [80.0, 0.0, 7.0], "project_id": [None] * 3})})
    >>> e = explain(ds, "funding.total", year=2023, through_month=10)
    >>> e.value, e.rows["计入"].tolist()
    (150.5, [100.0, 50.5])
    >>> e.formula
    '争取项目资金 = 《资金台账》2行“争取金额”之和 = 150.5万元'
    >>> explain(ds, "funding.arrival_rate", year=2023, through_month=10).formula
    '资金到位率 = 到位资金 80 ÷ 争取项目资金 150.5 × 100 = 53.16%'
    """
    from . import catalogue_of, resolve_scope

    _known(key, catalogue_of(dataset))
    scope = resolve_scope(dataset, scope, year=year, county=county, through_month=through_month)
    return Explainer(dataset, scope).explain(key)


def _known(key: str, catalogue: dict[str, Indicator]) -> None:
    if key not in catalogue:
        raise ParameterError(
            f"未知的指标：{key}；相近的指标：" + "、".join(nearest(key, catalogue))
        )


class Explainer:
    """Explains any number of figures of one scope, sharing what they have in common: the
    catalogue's values, which ledgers each indicator reads, last year's values and the rows
    of every part (a report's page explains each of its figures through one)."""

    def __init__(self, dataset: Dataset, scope: Scope, *, budget: int | None = None) -> None:
        from . import catalogue_of

        self.dataset, self.scope, self.budget = dataset, scope, budget
        self.catalogue = catalogue_of(dataset)
        self._values: dict[Scope, dict[str, Value]] = {}
        self._traces: dict[tuple[Scope, str], tuple[dict[str, str], list | None]] = {}
        self._bases: dict[Scope, _Tracing] = {}  # one selection per scope, shared by its figures
        self._cells = _Cells(dataset, scope)
        self._others: dict[tuple[Scope, str], Value] = {}  # values of other scopes (last year)
        self._reads: dict[str, set[str]] = {}
        self._done: dict[str, Explained] = {}

    def know(self, values: dict[str, Value], reads: dict) -> None:
        """Take the catalogue's ``values`` for this scope and the ledgers each ``reads`` as
        computed already (a report has them)."""
        self._values[self.scope] = dict(values)
        self._reads = {k: set(r) for k, r in reads.items()}

    def values(self, scope: Scope | None = None) -> dict[str, Value]:
        """The catalogue's values for ``scope`` (this explainer's by default), computed once."""
        from . import evaluate

        scope = scope or self.scope
        if scope not in self._values:
            self._values[scope], reads = evaluate(self.dataset, scope)
            if scope == self.scope:
                self._reads = {k: set(r) for k, r in reads.items()}
        return self._values[scope]

    def trace(self, key: str, scope: Scope | None = None) -> tuple[dict[str, str], list | None]:
        """How ``key`` reads its ledgers, and the rows that count for ``scope`` (``None`` when
        they cannot be told exactly: past the budget, or not adding up to the value)."""
        scope = scope or self.scope
        if (scope, key) not in self._traces:
            indicator = self.catalogue[key]
            if scope not in self._bases:
                self._bases[scope] = _Tracing(self.dataset, scope)
            base = self._bases[scope]
            value, taken = base.taken(indicator)
            found: list | None = []
            if not _nan(value):
                try:
                    found = _contributions(indicator, base, taken, value, self.budget)
                except _OutOfBudget:
                    found = None
                if found is not None and indicator.kind not in _NOT_ROWS:
                    found = found if _adds_up(found, value) else None
            self._traces[scope, key] = (taken, found)
        return self._traces[scope, key]

    def _read(self, key: str) -> set[str]:
        """The ledgers ``key`` reads for this scope."""
        self.values()
        return self._reads.get(key, set())

    def explain(self, key: str) -> Explained:
        """The :class:`Explained` of ``key`` for this scope (:func:`explain`)."""
        _known(key, self.catalogue)
        if key not in self._done:
            self._done[key] = self._explain(key)
        return self._done[key]

    def _explain(self, key: str) -> Explained:
        from . import compute_indicators

        indicator = self.catalogue[key]
        if self._values.get(self.scope) is not None:
            value = self._values[self.scope][key]
        else:
            value = compute_indicators(self.dataset, self.scope, keys=[key])[key]
        display = indicator.display(value)
        explained = indicator.explained
        explanation = explained.rule if explained is not None else indicator.note
        if _nan(value):
            rows, _ = _rows(self._cells, indicator.name, [])
            formula = f"{indicator.name}：无数据（相关台账或列缺失，或分母为 0）"
        elif indicator.kind not in _NOT_ROWS:
            found = self.trace(key)[1]
            if found is None:
                return self._untold(indicator, value, f"{indicator.name} = {display}", explanation)
            rows, counted = _rows(self._cells, indicator.name, found)
            formula = _sum_formula(indicator, rows, counted, display)
        else:
            formula, rows = self._composed(indicator, value, display)
            if rows is None:
                return self._untold(indicator, value, formula, explanation)
        return Explained(
            key, indicator.name, self.scope, value, display, formula, explanation, rows
        )

    def _untold(
        self, indicator: Indicator, value: Value, formula: str, explanation: str
    ) -> Explained:
        """An explanation without rows: they could not be told exactly (never wrong ones)."""
        ledgers = "、".join(f"《{described(n).zh}》" for n in sorted(self._read(indicator.key)))
        formula += f"（由{ledgers}计算；逐行明细未能在限定的计算量内确定）"
        rows, _ = _rows(self._cells, indicator.name, [])
        display = indicator.display(value)
        return Explained(
            indicator.key,
            indicator.name,
            self.scope,
            value,
            display,
            formula,
            explanation,
            rows,
            complete=False,
        )

    def _composed(
        self, indicator: Indicator, value: Value, display: str
    ) -> tuple[str, pd.DataFrame | None]:
        """The formula of a rate, ratio, 增减 or change from the indicators it is declared to
        be computed from (:attr:`Indicator.parts`), with their numbers, and their rows; when it
        declares none (or they do not give its value), the rows that change it, found by an
        unbounded explainer only (``wbanalysis explain``), else none."""
        formula, used = self._formula(indicator, float(value), display)
        if formula is None:
            formula = f"{indicator.name} = {display}"
            found = self.trace(indicator.key)[1] if self.budget is None else None
            if not found:
                return formula, None
            note = "（由下列台账行计算，计入为去掉该行时指标的变化）"
            return formula + note, _rows(self._cells, indicator.name, found)[0]
        frames = []
        for k, at in used:
            label = self.catalogue[k].name + (f"（{at.year}年）" if at != self.scope else "")
            part = self.trace(k, at)[1]
            if part is None:
                return formula, None
            frames.append(_rows(self._cells, label, part)[0])
        return formula, pd.concat(frames, ignore_index=True)

    def _formula(
        self, indicator: Indicator, v: float, display: str
    ) -> tuple[str | None, list[tuple[str, Scope]]]:
        """The formula of ``indicator`` from its declared parts, when they give its value."""
        parts = [k for k in indicator.parts if k in self.catalogue]
        if indicator.kind == "yoy" and len(parts) == 1:
            return self._yoy(indicator, v, display, parts[0])
        if len(parts) != 2 or indicator.kind not in ("percent", "ratio", "surplus"):
            return None, []
        (a, b), values = parts, self.values()
        x, y = float(values[a]), float(values[b])
        name_a, name_b = self.catalogue[a].name, self.catalogue[b].name
        if indicator.kind == "surplus":
            given, sign = x - y, " − "
        else:
            given = x / y * (100.0 if indicator.kind == "percent" else 1.0) if y else math.nan
            sign = " ÷ "
        if not _same(given, v):
            return None, []  # the parts do not give the value: no formula rather than a wrong one
        times = " × 100" if indicator.kind == "percent" else ""
        formula = (
            f"{indicator.name} = {name_a} {_number(x)}{sign}{name_b} {_number(y)}{times}"
            f" = {display}"
        )
        return formula, [(a, self.scope), (b, self.scope)]

    def _value(self, key: str, scope: Scope) -> Value:
        """``key``'s value for ``scope``: this scope's from the catalogue's values, another's
        computed alone (as :func:`wbanalysis.compute_indicators` does)."""
        from . import evaluate

        if scope == self.scope or scope in self._values:
            return self.values(scope)[key]
        if (scope, key) not in self._others:
            self._others[scope, key] = evaluate(self.dataset, scope, [key])[0][key]
        return self._others[scope, key]

    def _yoy(
        self, indicator: Indicator, v: float, display: str, part: str
    ) -> tuple[str | None, list[tuple[str, Scope]]]:
        scope = self.scope
        try:
            last = Scope.of(
                self.dataset,
                year=scope.year - 1,
                county=scope.county,
                through_month=scope.through_month,
            )
        except ParameterError:
            return None, []
        x, y = float(self._value(part, scope)), float(self._value(part, last))
        if not y or math.isnan(y) or not _same((x - y) / y * 100.0, v):
            return None, []
        name = self.catalogue[part].name
        formula = (
            f"{indicator.name} =（{scope.year}年{name} {_number(x)} − {last.year}年同期 "
            f"{_number(y)}）÷ {_number(y)} × 100 = {display}"
        )
        return formula, [(part, scope), (part, last)]


def nearest(key: str, catalogue: dict[str, Indicator], n: int = 5) -> list[str]:
    """The ``n`` keys of ``catalogue`` nearest to ``key`` (for an unknown key's message).

    >>> from wbanalysis.indicators import CATALOGUE
    >>> nearest("funding.totl", CATALOGUE, 1)
    ['funding.total']
    """
    import difflib

    close = difflib.get_close_matches(key, list(catalogue), n=n, cutoff=0.5)
    return close or [k for k in catalogue if k.split(".")[0] == key.split(".")[0]][:n]
