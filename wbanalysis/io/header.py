"""The header block of a sheet: which row is the header, which columns are the ledger's, and in
which unit each column is written.

What county offices write above their data, and how it is read:

- a title and subtitle rows (``XX市资金台账（截至10月）``, ``填报单位：…  单位：元``);
- a header of one to three rows, group cells merged over the columns they describe
  (``资金情况（单位：元）`` over ``争取金额`` and ``到位金额``), cells merged down;
- a row of units under the header (``万元``, ``km``, ``个``) and a row of 栏次 (甲、乙、1、2…).

The header row is the band of rows whose lowest labels name most columns of the ledger. A
unit stated anywhere in the block applies to the columns under it: in the header itself
(``争取金额（元）``), in a group cell over it (merged, or a label whose text runs over the empty
cells to its right, as Excel shows it), in a unit row, or in a statement of units only
(``单位：元``), which applies to every column measured in that kind of unit. Units that
disagree, and two headers naming the same column, are errors: never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..errors import Problem
from ..schema import Column, Ledger
from ..units import (
    MEASURE_WORDS,
    conversion_factor,
    is_unit_statement,
    looks_like_unit,
    normalize_unit,
    unit_family,
    units_in_text,
)
from ..units.convert import unbracket
from .cells import Grid, column_letter, is_blank

__all__ = [
    "HeaderBlock",
    "find_header",
    "header_lookup",
    "match_header",
    "norm",
    "resolve_units",
    "ColumnUnit",
]

_WINDOW = 15  # rows searched for the header
_BAND = 3  # rows a header may take
_STEM_CODES = set("甲乙丙丁戊己庚辛")


def norm(text: object) -> str:
    """Normalize a header or a name for matching: NFKC, no spaces, lower case."""
    s = unicodedata.normalize("NFKC", str(text)).strip().lower()
    return re.sub(r"\s+", "", s)


def header_lookup(ledger: Ledger) -> dict[str, Column]:
    table: dict[str, Column] = {}
    for col in ledger.columns:
        for name in (col.header, col.zh, col.name, *col.aliases):
            table.setdefault(norm(name), col)
    return table


_OPENERS, _CLOSERS = "([（【", ")]）】"


def _split_note(text: str) -> tuple[str, str | None]:
    """``金额（万元）`` → (``金额``, ``万元``); full-width and half-width brackets alike.

    The note is the bracket that ends the text, holding no closing bracket; found by string
    search, in time linear in the cell (a regular expression took minutes on a cell of a
    bracket and 3,000 spaces).

    >>> _split_note("金额（万元）"), _split_note("a(b)(c)"), _split_note("（" + " " * 30000 + "x")[1]
    (('金额', '万元'), ('a(b)', 'c'), None)
    """
    s = unicodedata.normalize("NFKC", str(text)).strip()
    if not s or s[-1] not in _CLOSERS:
        return s, None
    body = s[:-1]
    after = max(body.rfind(c) for c in _CLOSERS) + 1  # the note holds no closing bracket
    opens = [i for i in (body.find(c, after) for c in _OPENERS) if i >= 0]
    if not opens:
        return s, None
    start = min(opens)  # the first opening bracket after it: the shortest head
    return body[:start].rstrip(), body[start + 1 :].strip()


def match_header(header: object, lookup: dict[str, Column]) -> Column | None:
    """The column a header names (with or without a bracketed unit or note)."""
    if not isinstance(header, str) or not header.strip():
        return None
    key = norm(header)
    if key in lookup:
        return lookup[key]
    base, _ = _split_note(header)
    base = re.sub(r"(?:计量|金额)?单位\s*[:：].*$", "", base)
    return lookup.get(norm(base))


def _family(col: Column) -> str | None:
    if col.fraction:
        return "fraction"
    return unit_family(col.unit) if col.unit else None


@dataclass
class ColumnUnit:
    """A unit stated for a column, and where (for messages)."""

    unit: str
    where: str


@dataclass
class HeaderBlock:
    """What the rows above the data say.

    Rows and columns are 0-based positions in the grid.
    """

    leaf: int
    first_data: int
    columns: dict[int, Column]
    headers: dict[str, str]
    stated: dict[str, list[ColumnUnit]] = field(default_factory=dict)
    unread: dict[int, str] = field(default_factory=dict)
    texts: set[str] = field(default_factory=set)  # every header-block text (normalized)
    notices: list[tuple[int, str, str]] = field(default_factory=list)  # (row, message, value)
    year_from_month: bool = False


def _merged_at(grid: Grid) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """Cells of the first rows that belong to a merged range → the range."""
    at: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for r1, c1, r2, c2 in grid.merged:
        if r1 >= _WINDOW + 3:
            continue
        for i in range(r1, min(r2, _WINDOW + 3) + 1):
            for j in range(c1, c2 + 1):
                at[(i, j)] = (r1, c1, r2, c2)
    return at


def _filled(grid: Grid, merged_at, n: int) -> list[list[object]]:
    width = grid.width
    rows = []
    for i in range(min(n, len(grid.rows))):
        row = []
        for j in range(width):
            rng = merged_at.get((i, j))
            row.append(grid.cell(rng[0], rng[1]) if rng else grid.cell(i, j))
        rows.append(row)
    return rows


def _labels(window: list[list[object]], top: int, leaf: int) -> dict[int, tuple[int, str]]:
    """Column → (row, text) of its lowest non-empty text in rows ``top..leaf``."""
    out: dict[int, tuple[int, str]] = {}
    for i in range(top, leaf + 1):
        for j, value in enumerate(window[i]):
            if isinstance(value, str) and value.strip():
                out[j] = (i, value.strip())
    return out


def _score(labels: dict[int, tuple[int, str]], lookup) -> int:
    return len({id(c) for c in (match_header(t, lookup) for _, t in labels.values()) if c})


def _is_unit_cell(value: object) -> bool:
    if not isinstance(value, str) or not value.strip():
        return False
    inner = unbracket(unicodedata.normalize("NFKC", value).strip())
    return is_unit_statement(value) or inner in MEASURE_WORDS


def _is_stem_row(row: list[object]) -> bool:
    """A 栏次 row: 甲、乙… then 1, 2, 3… in column order."""
    numbers: list[int] = []
    for value in row:
        if is_blank(value):
            continue
        text = norm(value)
        if text in _STEM_CODES:
            if numbers:
                return False
            continue
        try:
            number = float(text)
        except ValueError:
            return False
        if not number.is_integer():
            return False
        numbers.append(int(number))
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def find_header(
    grid: Grid,
    ledger: Ledger,
    file: str,
    sheet: str | None,
    problems: list[Problem],
    *,
    year_known: bool = False,
) -> HeaderBlock | None:
    """Find and read the header block of ``grid`` for ``ledger``; problems go to ``problems``.

    ``year_known``: the year of every row is known otherwise (the sheet is named by a year),
    so a missing 年度 column is no error.
    """
    lookup = header_lookup(ledger)
    merged_at = _merged_at(grid)
    window = _filled(grid, merged_at, _WINDOW)
    best = _best_rows(window, lookup)
    if best is None:
        problems.append(
            Problem(
                file,
                "找不到表头行：前几行中没有可识别的列名",
                sheet=sheet,
                allowed="表头须包含：" + "、".join(c.header for c in ledger.columns),
            )
        )
        return None
    top, leaf = best
    labels = _labels(window, top, leaf)
    block = HeaderBlock(leaf=leaf, first_data=leaf + 1, columns={}, headers={})
    label_cells = _map_columns(block, labels, lookup, merged_at, file, sheet, problems)
    names = {c.name for c in block.columns.values()}
    block.year_from_month = "year" in ledger.names and "year" not in names and "month" in names
    for col in ledger.columns:
        if col.required and col.name not in names:
            if col.name == "year" and (year_known or block.year_from_month):
                continue
            problems.append(
                Problem(
                    file,
                    f"缺少必填列「{col.header}」",
                    sheet=sheet,
                    row=leaf + 1,
                    column=col.header,
                    allowed=col.describe_allowed(),
                )
            )
    _read_units(grid, block, labels, label_cells, merged_at, file, sheet, problems)
    for i in range(leaf + 1):
        for value in window[i]:
            if isinstance(value, str) and value.strip():
                block.texts.add(norm(value))
    return block


def _best_rows(window: list[list[object]], lookup: dict) -> tuple[int, int] | None:
    """The rows (top, leaf) of the best-scoring header band in the first rows, if any."""
    best: tuple[int, int, int] | None = None  # (score, top, leaf)
    for leaf in range(len(window)):
        for top in range(leaf, max(-1, leaf - _BAND), -1):
            score = _score(_labels(window, top, leaf), lookup)
            if score and (best is None or score > best[0]):
                best = (score, top, leaf)
    return None if best is None else (best[1], best[2])


def _map_columns(
    block: HeaderBlock,
    labels: dict,
    lookup: dict,
    merged_at: dict,
    file: str,
    sheet: str | None,
    problems: list[Problem],
) -> set[tuple[int, int]]:
    """Map each header label to its column of the ledger (a column twice is an error);
    return the cells that hold the labels."""
    where: dict[str, int] = {}
    label_cells: set[tuple[int, int]] = set()
    for j in sorted(labels):
        i, text = labels[j]
        col = match_header(text, lookup)
        if col is None:
            if not _is_unit_cell(text):  # a statement of units is read below, not a column
                block.unread[j] = text
            continue
        if col.name in block.headers:
            first = where[col.name]
            rng = merged_at.get((i, j))
            if rng and rng[1] <= first <= rng[3]:
                message = (
                    f"表头「{text}」合并了 {column_letter(rng[1])}–{column_letter(rng[3])} "
                    "列：无法确定数据在哪一列，请取消合并"
                )
            else:
                message = (
                    f"表头「{block.headers[col.name]}」（{column_letter(first)} 列）与「{text}」"
                    f"（{column_letter(j)} 列）都对应“{col.zh}”：无法确定用哪一列"
                )
            problems.append(
                Problem(
                    file,
                    message,
                    sheet=sheet,
                    row=block.leaf + 1,
                    column=text,
                    allowed="每列只出现一次",
                )
            )
            continue
        block.columns[j] = col
        block.headers[col.name] = text
        where[col.name] = j
        rng = merged_at.get((i, j))
        label_cells.add((rng[0], rng[1]) if rng else (i, j))
    return label_cells


def _add(block: HeaderBlock, col: Column, unit: str, where: str) -> None:
    units = block.stated.setdefault(col.name, [])
    if all(u.unit != unit or u.where != where for u in units):
        units.append(ColumnUnit(unit, where))


def _apply(block: HeaderBlock, span: range, units: list[str], where: str, everywhere: bool) -> None:
    """State ``units`` for the numeric columns in ``span`` (or all) whose family they fit."""
    for j, col in block.columns.items():
        if (everywhere or j in span) and col.kind in ("int", "float"):
            for unit in units:
                if _family(col) and unit_family(unit) == _family(col):
                    _add(block, col, unit, where)


def _read_units(
    grid: Grid,
    block: HeaderBlock,
    labels,
    label_cells,
    merged_at,
    file: str,
    sheet: str | None,
    problems: list[Problem],
) -> None:
    """The units stated for the columns: in their own headers, above them, and below them."""
    _units_in_headers(block, labels, file, sheet, problems)
    _units_above(grid, block, label_cells, merged_at)
    _units_below(grid, block, merged_at)


def _units_in_headers(
    block: HeaderBlock, labels, file: str, sheet: str | None, problems: list[Problem]
) -> None:
    """1. each column's own header."""
    for j, col in block.columns.items():
        i, text = labels[j]
        if col.kind not in ("int", "float"):
            continue
        family = _family(col)
        _, note = _split_note(text)
        found = units_in_text(text)
        if (
            note
            and not found
            and looks_like_unit(note)
            and (family or normalize_unit(note) not in MEASURE_WORDS)
        ):
            problems.append(
                Problem(
                    file,
                    "列名中的单位无法换算",
                    sheet=sheet,
                    row=i + 1,
                    column=text,
                    value=note,
                    allowed=f"单位：{col.unit}" if col.unit else "不带单位",
                )
            )
            continue
        for unit in found:
            if unit_family(unit) != family:
                problems.append(
                    Problem(
                        file,
                        "列名中的单位与该列不符",
                        sheet=sheet,
                        row=i + 1,
                        column=text,
                        value=unit,
                        allowed=f"单位：{col.unit}" if col.unit else "不带单位",
                    )
                )
                continue
            _add(block, col, unit, f"表头「{text}」")


def _units_above(grid: Grid, block: HeaderBlock, label_cells, merged_at) -> None:
    """2. group cells, title and subtitle rows above the header, and statements of units."""
    for i in range(block.leaf + 1):
        row = grid.rows[i] if i < len(grid.rows) else []
        for j, value in enumerate(row):
            if (i, j) in label_cells or not isinstance(value, str) or not value.strip():
                continue
            rng = merged_at.get((i, j))
            if rng and (rng[0], rng[1]) != (i, j):
                continue  # covered by a merged cell: its text is the top-left one's
            units = units_in_text(value)
            if not units:
                continue
            text = value.strip()
            if is_unit_statement(text):
                _apply(block, range(0), units, f"「{text}」", everywhere=True)
                continue
            span = range(rng[1], rng[3] + 1) if rng else _running_over(grid, block, merged_at, i, j)
            _apply(block, span, units, f"「{text}」", everywhere=False)


def _running_over(grid: Grid, block: HeaderBlock, merged_at, i: int, j: int) -> range:
    """The columns a text in an unmerged cell covers: Excel shows it running over the empty
    cells to its right."""
    last = max([*block.columns, *block.unread], default=0)
    end = j
    while end + 1 <= last and is_blank(grid.cell(i, end + 1)) and (i, end + 1) not in merged_at:
        end += 1
    return range(j, end + 1)


def _units_below(grid: Grid, block: HeaderBlock, merged_at) -> None:
    """3. a row of units under the header, then a row of 栏次."""
    i = block.leaf + 1
    while i < min(len(grid.rows), block.leaf + 3):
        row = grid.rows[i]
        cells = [(j, v) for j, v in enumerate(row) if not is_blank(v)]
        if not cells or not all(_is_unit_cell(v) for _, v in cells):
            break
        for j, value in cells:
            rng = merged_at.get((i, j))
            span = range(rng[1], rng[3] + 1) if rng else range(j, j + 1)
            text = str(value)  # a unit cell is text
            _apply(
                block,
                span,
                units_in_text(text) or units_in_text(f"（{text}）"),
                f"单位行「{str(value).strip()}」",
                everywhere=False,
            )
        block.texts.update(norm(v) for _, v in cells)
        i += 1
    if i < len(grid.rows) and _is_stem_row(grid.rows[i]):
        block.notices.append(
            (
                i,
                "栏次行（甲、乙、1、2…），已跳过",
                "、".join(str(v) for v in grid.rows[i] if not is_blank(v))[:40],
            )
        )
        i += 1
    block.first_data = i


def resolve_units(
    block: HeaderBlock,
    formats: dict[str, dict[int, str]],
    numbers: dict[str, set[int]],
    file: str,
    sheet: str | None,
    problems: list[Problem],
) -> dict[str, str]:
    """The unit each numeric column is written in: stated in the header block, else shown by
    the number format of its cells, else the schema's. Disagreements are errors.

    ``formats``: column → {Excel row: unit shown by that cell's number format} for data rows;
    ``numbers``: column → Excel rows of the data rows holding a number.
    """
    out: dict[str, str] = {}
    for col in block.columns.values():
        if col.kind not in ("int", "float") or not (col.unit or col.fraction):
            continue
        header = block.headers[col.name]
        stated = block.stated.get(col.name, [])
        distinct = list(dict.fromkeys(u.unit for u in stated))
        if len(distinct) > 1:
            said = "，".join(f"{u.where}写“{u.unit}”" for u in stated)
            problems.append(
                Problem(
                    file,
                    f"表头中的单位不一致：{said}",
                    sheet=sheet,
                    row=block.leaf + 1,
                    column=header,
                    allowed="同一列只写一种单位",
                )
            )
            continue
        if distinct:
            out[col.name] = distinct[0]
            continue
        shown = {r: u for r, u in formats.get(col.name, {}).items() if u != "%"}
        if not shown:
            continue
        units = sorted(set(shown.values()))
        plain = sorted(numbers.get(col.name, set()) - set(shown))
        if len(units) > 1 or plain:
            detail = "、".join(units) + ("，部分单元格不带单位" if plain else "")
            problems.append(
                Problem(
                    file,
                    f"单元格的数字格式显示的单位不一致（{detail}），表头又未写单位：无法确定单位",
                    sheet=sheet,
                    row=block.leaf + 1,
                    column=header,
                    allowed=f"在表头写明单位，如「{col.header}」",
                )
            )
            continue
        if unit_family(units[0]) == _family(col):
            out[col.name] = units[0]
    return out


def factor_of(col: Column, unit: str | None) -> float | None:
    """Multiply a value written in ``unit`` by this to get the column's unit."""
    if not unit:
        return 1.0
    if col.fraction:
        return 0.01 if normalize_unit(unit) == "%" else None
    return conversion_factor(unit, col.unit)
