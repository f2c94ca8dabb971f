"""Finding and reading ledgers: files and sheets → raw tables of cells, with Excel row numbers.

A data folder holds CSV/text files and workbooks (.xlsx, .xlsm, .xls, WPS .et), or is one
workbook; the bureau's own indicators come the same way, as a 指标定义 sheet or file. Files and sheets are matched to ledgers by name: ``funding.csv``, ``资金台账.csv``,
a sheet called ``资金台账``, a file ``附件1：资金台账（截至10月）.xlsx`` whose only sheet is
``Sheet1``, or a workbook named by its ledger with one sheet per year (``2019``, ``2020``…).
Every file and sheet that is not read is reported: as an error when it might hold a ledger
that cannot be read, as a notice when it plainly holds none (a hidden drop-down list, an empty
``Sheet2``, a 填表说明, a README).

The cells of each sheet go through :mod:`.header` (which rows are the header, which columns
are the ledger's, their units) and :mod:`.rows` (records, totals, footers, merged cells).
Nothing is typed here (:mod:`.coerce`) or validated (:mod:`.checks`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Generic, Protocol, TypeVar

import numpy as np
import pandas as pd

from ..errors import NOTICE, Problem, ReadError
from ..schema import TABLES, Ledger
from .cells import Grid, is_blank
from .header import factor_of, find_header, norm, resolve_units
from .rows import read_body
from .textfile import TextUnreadable, read_text_grid
from .workbook import SPREADSHEET_SUFFIXES, Unreadable, open_workbook

__all__ = [
    "RawTable",
    "read_ledgers",
    "read_file",
    "source_files",
    "Collector",
    "is_blank",
    "norm",
    "SPREADSHEET_SUFFIXES",
    "ledger_for_name",
    "year_of_name",
    "TEXT_SUFFIXES",
]

#: File suffixes read as text tables.
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
_DOCUMENTS = (
    ".md",
    ".pdf",
    ".doc",
    ".docx",
    ".wps",
    ".ppt",
    ".pptx",
    ".dps",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".bmp",
    ".json",
    ".toml",
    ".yml",
    ".yaml",
    ".zip",
    ".rar",
    ".7z",
    ".htm",
    ".html",
    ".ofd",
    ".py",
    ".ipynb",
)
_SAVE_AS_XLSX = (".ods", ".xlsb", ".numbers", ".xlt", ".xltx", ".xltm", ".ett", ".dbf")
_QUIET = ("thumbs.db", "desktop.ini")
_HELPER_SHEETS = (
    "填表说明",
    "说明",
    "readme",
    "下拉",
    "下拉列表",
    "下拉选项",
    "选项",
    "列表",
    "字典",
    "数据字典",
    "代码表",
    "参数",
    "数据源",
    "数据有效性",
    "序列",
    "辅助",
    "辅助表",
    "目录",
    "封面",
)
_YEAR = re.compile(r"^[（(]?((?:19|20)\d{2})\s*年?度?[)）]?$")


@dataclass
class RawTable:
    """One ledger as found in one file or sheet, before typing: cells as read, Excel rows.

    Attributes
    ----------
    cells : canonical column names; index = the Excel row number of each record.
    headers : canonical name → the header as written (for messages).
    units : canonical name → the unit the column is written in, when stated or shown.
    factors : canonical name → multiply by this to get the schema's unit.
    formats : (Excel row, canonical name) → the unit or ``%`` the cell's number format shows.
    year_label : the year the sheet is named by (``2019``), if any.
    year_from_month : the 年度 is read from the 月份 column (``2023年10月``).
    date1904 : the workbook counts dates from 1904.
    nothing : (Excel row, year) of each row stating the ledger had nothing: ``本期无`` (year
        ``None``) or ``2023年无`` (see :data:`~wbanalysis.schema.NOTHING_WORD`).
    """

    ledger: Ledger
    file: str
    sheet: str | None
    cells: pd.DataFrame
    headers: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    factors: dict[str, float] = field(default_factory=dict)
    formats: dict[tuple[int, str], str] = field(default_factory=dict)
    year_label: int | None = None
    year_from_month: bool = False
    date1904: bool = False
    nothing: list[tuple[int, int | None]] = field(default_factory=list)


def ledger_for_name(name: str) -> tuple[Ledger | None, list[Ledger]]:
    """The ledger a file or sheet name names, and the ledgers it could name if ambiguous.

    An exact name (``funding``, ``资金台账``, an alias) wins; otherwise the longest ledger title
    the name contains (``附件1：资金台账（截至10月）``).

    >>> ledger_for_name("附件1：资金台账（截至10月）")[0].name
    'funding'
    """
    key = norm(name)
    for ledger in TABLES.values():
        if key in (norm(ledger.name), norm(ledger.zh), *(norm(a) for a in ledger.aliases)):
            return ledger, []
    found: list[tuple[int, Ledger]] = []
    for ledger in TABLES.values():
        titles = [norm(ledger.zh), *(norm(a) for a in ledger.aliases if len(norm(a)) >= 4)]
        hits = [len(t) for t in titles if t and t in key]
        if hits:
            found.append((max(hits), ledger))
    if not found:
        return None, []
    found.sort(key=lambda x: -x[0])
    best = [lg for n, lg in found if n == found[0][0]]
    # a longer title containing a shorter one is the one meant (农村供水工程 ⊃ …)
    if len(best) == 1:
        return best[0], []
    return None, best


def year_of_name(name: str, ledger: Ledger | None = None) -> int | None:
    """The year a sheet is named by: ``2019``, ``2019年``, ``资金台账2019``; else None.

    >>> year_of_name("2019年"), year_of_name("Sheet1"), year_of_name("资金台账（截至2023年10月）")
    (2019, None, None)
    """
    text = norm(name)
    if ledger is not None:
        for title in (ledger.zh, *ledger.aliases):
            text = text.replace(norm(title), "")
    m = _YEAR.match(text)
    return int(m.group(1)) if m else None


def _allowed_ledger_names() -> str:
    return "、".join(f"{lg.zh}（{lg.name}）" for lg in TABLES.values())


def _cells(rows: list[list[object]], records: list[int], columns) -> pd.DataFrame:
    """The cells of the ledger's columns in the record rows; index = Excel row numbers."""
    index = pd.Index([i + 1 for i in records], dtype="int64")
    js = [j for j, _ in columns]
    selected = [rows[i] for i in records]
    values: list[Sequence[object]]  # the cells of each column
    if js and selected and min(map(len, selected)) > max(js):
        picked = (
            map(itemgetter(*js), selected) if len(js) > 1 else ((row[js[0]],) for row in selected)
        )
        values = list(zip(*picked))
    else:  # ragged rows: a missing cell is empty
        values = [[row[j] if j < len(row) else None for row in selected] for j in js]
    data = {}
    for (_, col), column in zip(columns, values or [()] * len(js), strict=True):
        array = np.empty(len(selected), dtype=object)
        array[:] = column
        data[col.name] = array
    return pd.DataFrame(data, index=index, columns=[c.name for _, c in columns], dtype=object)


def grid_to_raw(
    grid: Grid, ledger: Ledger, file: str, problems: list[Problem], *, year_label: int | None = None
) -> RawTable | None:
    """Read the header block and the records of one grid as ``ledger``."""
    sheet = grid.name
    block = find_header(grid, ledger, file, sheet, problems, year_known=year_label is not None)
    if block is None:
        return None
    body = read_body(grid, block, ledger, file, sheet)
    problems.extend(body.problems)
    columns = list(block.columns.items())
    cells = _cells(grid.rows, body.records, columns)
    formats: dict[tuple[int, str], str] = {}
    by_column: dict[str, dict[int, str]] = {}
    numbers: dict[str, set[int]] = {}
    if grid.formats:  # number formats showing a unit: which cells show one, which do not
        for j, col in columns:
            for i in body.records:
                value = grid.cell(i, j)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    numbers.setdefault(col.name, set()).add(i + 1)
                unit = grid.formats.get((i, j))
                if unit:
                    formats[(i + 1, col.name)] = unit
                    by_column.setdefault(col.name, {})[i + 1] = unit
    units = resolve_units(block, by_column, numbers, file, sheet, problems)
    factors = {}
    for name, unit in units.items():
        factor = factor_of(ledger.column(name), unit)
        if factor is not None and factor != 1.0:
            factors[name] = factor
    return RawTable(
        ledger,
        file,
        sheet,
        cells,
        dict(block.headers),
        units,
        factors,
        formats,
        year_label,
        block.year_from_month,
        grid.date1904,
        [(i + 1, year) for i, year in body.nothing],
    )


class _Found(Protocol):
    """What :class:`Collector` reads of a ledger found: a :class:`RawTable`, or a typed
    :class:`~wbanalysis.io.parts.Part`."""

    @property
    def ledger(self) -> Ledger: ...
    @property
    def file(self) -> str: ...
    @property
    def sheet(self) -> str | None: ...
    @property
    def year_label(self) -> int | None: ...
    @property
    def nothing(self) -> list[tuple[int, int | None]]: ...


F = TypeVar("F", bound=_Found)


class Collector(Generic[F]):
    """The raw tables (or typed parts) found so far, by ledger; a ledger may come in parts
    named by year."""

    def __init__(self, problems: list[Problem]) -> None:
        self.raws: dict[str, list[F]] = {}
        self.problems = problems
        self.empty: set[str] = set()  # ledgers found with a header and no row

    def add(self, raw: F) -> bool:
        """Keep ``raw``; False when it has no row (a sheet of the template left as it was: no
        data, never zeros — with a notice) or, with an error, when it repeats a ledger kept.
        A part with no row that states ``本期无`` is kept: the ledger is provided, and empty."""
        if _rows(raw) == 0 and not raw.nothing:
            self.empty.add(raw.ledger.name)
            self.problems.append(
                _notice(
                    raw.file,
                    f"《{raw.ledger.zh}》只有表头、没有数据行：按未提供处理，相关指标显示为“—”（无数据）",
                    raw.sheet,
                )
            )
            return False
        parts = self.raws.setdefault(raw.ledger.name, [])
        if parts:
            labels = [p.year_label for p in parts]
            if raw.year_label is None or None in labels or raw.year_label in labels:
                first = parts[0]
                where = first.file + (f"「{first.sheet}」" if first.sheet else "")
                self.problems.append(
                    Problem(
                        raw.file,
                        f"与 {where} 重复：同一台账只能有一份",
                        sheet=raw.sheet,
                        allowed="每个台账一份；按年度分表时，工作表名各为一个年度（如 2022、2023）",
                    )
                )
                return False
        parts.append(raw)
        return True


def _rows(found: object) -> int:
    """How many records a typed part (its rows: never its cells, which it may read again)
    or a raw table (its cells) holds."""
    if hasattr(type(found), "__len__"):
        return len(found)  # type: ignore[arg-type]
    return len(found.cells)  # type: ignore[attr-defined]


def _notice(file: str, message: str, sheet: str | None = None) -> Problem:
    return Problem(file, message, sheet=sheet, level=NOTICE)


def _sheet(book, info, display: str, problems: list[Problem]) -> tuple[Grid, Ledger | None] | None:
    """The cells of one sheet and the ledger its name names; None (with a notice or an error)
    for a sheet not read: a chart, hidden, a helper sheet, unreadable or empty."""
    if info.chart:
        problems.append(_notice(display, "图表工作表，已跳过", info.name))
        return None
    if info.hidden:
        problems.append(_notice(display, "隐藏的工作表，未读取", info.name))
        return None
    ledger, _ = ledger_for_name(info.name)
    if ledger is None and norm(info.name) in _HELPER_SHEETS:
        problems.append(_notice(display, "说明或下拉列表等辅助工作表，未读取", info.name))
        return None
    try:
        grid = book.read(info.name)
    except Unreadable as exc:
        problems.append(Problem(display, exc.message, sheet=info.name, allowed=exc.allowed))
        return None
    problems.extend(_notice(display, n, info.name) for n in book.notices)
    if grid.is_empty():
        if ledger is not None:
            problems.append(
                Problem(display, "工作表为空", sheet=info.name, allowed="至少包含表头行")
            )
        else:
            problems.append(_notice(display, "空工作表，已跳过", info.name))
        return None
    return grid, ledger


def _read_unnamed(
    path: Path,
    display: str,
    by_year: list[tuple[Grid, int]],
    others: list[Grid],
    collect,
    problems: list[Problem],
) -> None:
    """The sheets not named by a ledger: the file's ledger (its parts named by year), when
    its name tells one and the sheets cannot be taken for anything else."""
    file_ledger, ambiguous = ledger_for_name(path.stem)
    rest = [g for g, _ in by_year] + others
    if file_ledger is not None and rest:
        if others and (len(others) > 1 or by_year):
            for grid in rest:
                problems.append(
                    Problem(
                        display,
                        f"无法确定此工作表是否为《{file_ledger.zh}》：工作簿中有多个未按台账"
                        "或年度命名的工作表",
                        sheet=grid.name,
                        allowed="工作表名写台账名称（如 资金台账）或年度（如 2023）；不用的工作表请删除",
                    )
                )
        else:
            for grid, year in by_year:
                collect(grid_to_raw(grid, file_ledger, display, problems, year_label=year))
            for grid in others:
                collect(grid_to_raw(grid, file_ledger, display, problems))
    else:
        hint = (
            "（文件名可能指" + "、".join(f"《{lg.zh}》" for lg in ambiguous) + "，无法确定）"
            if ambiguous
            else ""
        )
        for grid in rest:
            problems.append(
                Problem(
                    display,
                    "无法识别的工作表名" + hint,
                    sheet=grid.name,
                    value=grid.name,
                    allowed=_allowed_ledger_names(),
                )
            )


def _read_workbook(path: Path, display: str, collect, problems: list[Problem], data: bytes) -> None:
    notes: list[str] = []
    try:
        book = open_workbook(path, notes, data)
    except Unreadable as exc:
        problems.append(Problem(display, exc.message, allowed=exc.allowed))
        return
    problems.extend(_notice(display, n) for n in notes)
    try:
        named: list[tuple[Grid, Ledger, int | None]] = []
        by_year: list[tuple[Grid, int]] = []
        others: list[Grid] = []
        for info in book.sheets:
            found = _sheet(book, info, display, problems)
            if found is None:
                continue
            grid, ledger = found
            year = year_of_name(info.name, ledger)
            if ledger is not None:
                named.append((grid, ledger, year))
            elif year is not None:
                by_year.append((grid, year))
            else:
                others.append(grid)
        for grid, ledger, year in named:
            collect(grid_to_raw(grid, ledger, display, problems, year_label=year))
        _read_unnamed(path, display, by_year, others, collect, problems)
    finally:
        book.close()


def source_files(source: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The files of a data folder (or the one workbook) with the name each is shown by, and
    the problems about what is not looked at (sub-folders; named pipes, devices and sockets,
    which are never opened: reading one could wait for ever)."""
    problems: list[Problem] = []
    if not source.exists():
        return [], [Problem(str(source), "找不到数据文件夹或文件")]
    if not source.is_dir():
        if not source.is_file():
            return [], [_special(source, source.name)]
        return [(source, source.name)], problems
    files = []
    for path in sorted(source.iterdir()):
        if path.is_dir():
            if not path.name.startswith((".", "__")):
                problems.append(
                    _notice(path.name, "是子文件夹，其中的文件未读取（台账须直接放在数据文件夹中）")
                )
        elif path.is_file():
            files.append((path, str(path.relative_to(source))))
        elif path.exists() and not path.name.startswith("."):
            problems.append(_special(path, path.name))
    return files, problems


_SPECIAL = "不是普通文件（是命名管道、设备或套接字）"


def special_ledgers(problems: list[Problem]) -> set[str]:
    """The ledgers a named pipe, device or socket was named like (already told: no notice that
    they were not found)."""
    return {
        ledger.name
        for p in problems
        if p.is_error and p.message.startswith(_SPECIAL)
        for ledger in [ledger_for_name(Path(p.file).stem)[0]]
        if ledger is not None
    }


def _special(path: Path, display: str) -> Problem:
    """A named pipe, device or socket in the data folder: an error when named like a ledger
    (the analyst meant it to be read), else a notice."""
    from .signature import NotRegularFile

    exc = NotRegularFile(path)
    ledger, _ = ledger_for_name(path.stem)
    if ledger is None:
        return _notice(display, f"{_SPECIAL}，已跳过")
    return Problem(display, f"{_SPECIAL}：无法作为《{ledger.zh}》台账读取", allowed=exc.allowed)


def screen(path: Path, display: str) -> list[Problem] | None:
    """What is said of a file that is not read by its name (a lock file, a document, an
    unknown kind or name), or ``None`` when its content is to be read."""
    problems: list[Problem] = []
    name = path.name
    suffix = path.suffix.lower()
    if name.startswith(".") or name.lower() in _QUIET:
        return problems
    if name.startswith("~$"):
        problems.append(
            _notice(
                display,
                "Excel 或 WPS 的临时锁定文件（对应的台账正在被编辑），"
                "已跳过；请保存并关闭台账后再检查",
            )
        )
        return problems
    if suffix in _DOCUMENTS:
        problems.append(_notice(display, "不是台账文件，已跳过"))
        return problems
    if suffix in _SAVE_AS_XLSX:
        problems.append(
            Problem(
                display,
                f"不支持的文件类型 '{suffix}'：请在 Excel 或 WPS 中另存为 .xlsx 后再试",
                allowed="、".join(TEXT_SUFFIXES[:2] + SPREADSHEET_SUFFIXES),
            )
        )
        return problems
    if suffix in SPREADSHEET_SUFFIXES:
        return None
    if suffix not in TEXT_SUFFIXES:
        problems.append(
            Problem(
                display,
                f"不支持的文件类型 '{suffix or name}'",
                allowed="、".join(TEXT_SUFFIXES[:2] + SPREADSHEET_SUFFIXES),
            )
        )
        return problems
    ledger, ambiguous = ledger_for_name(path.stem)
    if ledger is not None:
        return None
    if suffix == ".csv" or ambiguous:
        hint = (
            "：可能指" + "、".join(f"《{lg.zh}》" for lg in ambiguous) + "，无法确定"
            if ambiguous
            else ""
        )
        problems.append(
            Problem(
                display,
                "无法识别的台账文件名" + hint,
                value=path.stem,
                allowed=_allowed_ledger_names(),
            )
        )
    else:
        problems.append(_notice(display, "文件名中没有台账名称，不是台账文件，已跳过"))
    return problems


def read_file(
    path: Path, display: str, data: bytes | None = None
) -> tuple[list[RawTable], list[Problem]]:
    """The ledgers of one file (several for a workbook), untyped, and the problems met.

    ``data``: the file's bytes as read once (:func:`.signature.snapshot`); read here when not
    given. Only those bytes are parsed, never the file again.

    Whether a ledger found here repeats one of another file is told by the caller
    (:class:`Collector`).
    """
    screened = screen(path, display)
    if screened is not None:
        return [], screened
    problems: list[Problem] = []
    found: list[RawTable] = []
    if data is None:
        from .signature import snapshot

        try:
            data = snapshot(path).data
        except ReadError as exc:
            return found, [Problem(display, exc.message, allowed=exc.allowed)]
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        _read_workbook(path, display, found.append, problems, data)
        return [raw for raw in found if raw is not None], problems
    ledger, _ = ledger_for_name(path.stem)
    assert ledger is not None  # screened
    try:
        grid = read_text_grid(path, data)
    except TextUnreadable as exc:
        problems.append(Problem(display, exc.message, allowed=exc.allowed))
        return found, problems
    raw = grid_to_raw(grid, ledger, display, problems)
    return ([raw] if raw is not None else []), problems


def read_ledgers(source: str | Path) -> tuple[dict[str, list[RawTable]], list[Problem]]:
    """Find and read every ledger in a data folder or workbook, untyped.

    Returns the raw tables by ledger name (one per file or sheet read: several when a ledger
    is kept one sheet per year) and the problems met while reading: errors (unreadable or
    unknown files, missing headers, duplicate ledgers) and notices (what was skipped).
    """
    files, problems = source_files(Path(source))
    collect: Collector[RawTable] = Collector(problems)
    for path, display in files:
        found, met = read_file(path, display)
        problems.extend(met)
        for raw in found:
            collect.add(raw)
    return collect.raws, problems
