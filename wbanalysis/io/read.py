"""Finding and reading ledgers: files and sheets → raw tables of cells, with Excel row numbers.

A data folder holds CSV files, XLSX files, or both; a single XLSX workbook may hold one sheet per
ledger. Files and sheets are matched to ledgers by name (``funding.csv``, ``资金台账.csv``, a sheet
called ``资金台账``). What Excel on Chinese Windows writes is read as it is: GBK/GB18030 or UTF-8
(with or without BOM), full-width brackets in headers, a title row above the header row.
Nothing is typed here (:mod:`.coerce`) or validated (:mod:`.checks`).
"""

from __future__ import annotations

import math
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import Problem
from ..schema import LEDGERS, Column, Ledger
from ..units import conversion_factor, normalize_unit

__all__ = ["RawTable", "read_ledgers", "is_blank", "SPREADSHEET_SUFFIXES"]

SPREADSHEET_SUFFIXES = (".csv", ".xlsx", ".xlsm")
_IGNORED_SUFFIXES = (".md", ".txt", ".json", ".toml", ".yml", ".yaml")
_NOTE_SHEETS = ("填表说明", "说明", "readme")
_HEADER_SEARCH_ROWS = 6
_CSV_ENCODINGS = ("utf-8-sig", "gb18030")


# ---- raw tables ----------------------------------------------------------------------------

@dataclass
class RawTable:
    """One ledger as found in a file, before typing: cells as read, Excel row numbers."""

    ledger: Ledger
    file: str
    sheet: str | None
    cells: pd.DataFrame  # canonical column names; index = Excel row number
    headers: dict[str, str] = field(default_factory=dict)  # canonical name -> header as written
    factors: dict[str, float] = field(default_factory=dict)  # unit conversion per column


def norm(text: object) -> str:
    """Normalize a header or a name for matching: NFKC, no spaces, lower case."""
    s = unicodedata.normalize("NFKC", str(text)).strip().lower()
    return re.sub(r"\s+", "", s)


def _split_unit(header: str) -> tuple[str, str | None]:
    """``金额（万元）`` → (``金额``, ``万元``); full-width and half-width brackets alike."""
    s = unicodedata.normalize("NFKC", str(header)).strip()
    m = re.match(r"^(.*?)\s*[\(\[]\s*([^\)\]]*)\s*[\)\]]\s*$", s)
    if m:
        return m.group(1), m.group(2)
    return s, None


def _header_lookup(ledger: Ledger) -> dict[str, Column]:
    table: dict[str, Column] = {}
    for col in ledger.columns:
        for name in (col.header, col.zh, col.name, *col.aliases):
            table.setdefault(norm(name), col)
    return table


def _match_header(header: object, lookup: dict[str, Column]) -> tuple[Column | None, str | None]:
    """The column a header names, and the unit it states (if any)."""
    if header is None or (isinstance(header, float) and math.isnan(header)):
        return None, None
    text = str(header)
    if norm(text) in lookup:
        col = lookup[norm(text)]
        _, unit = _split_unit(text)
        return col, unit
    base, unit = _split_unit(text)
    col = lookup.get(norm(base))
    return col, unit


def _ledger_for_name(name: str) -> Ledger | None:
    key = norm(name)
    for ledger in LEDGERS.values():
        if key in (norm(ledger.name), norm(ledger.zh), *(norm(a) for a in ledger.aliases)):
            return ledger
    return None


def _allowed_ledger_names() -> str:
    return "、".join(f"{lg.zh}（{lg.name}）" for lg in LEDGERS.values())


def _rows_to_raw(rows: list[tuple], ledger: Ledger, file: str, sheet: str | None,
                 problems: list[Problem]) -> RawTable | None:
    """Find the header row among the first rows, map headers, keep Excel row numbers."""
    lookup = _header_lookup(ledger)
    best_row, best_hits = None, 0
    for i, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        hits = sum(1 for cell in row if _match_header(cell, lookup)[0] is not None)
        if hits > best_hits:
            best_row, best_hits = i, hits
    if best_row is None:
        problems.append(Problem(file, "找不到表头行：前几行中没有可识别的列名", sheet=sheet,
                                allowed="表头须包含：" + "、".join(c.header for c in ledger.columns)))
        return None
    header = rows[best_row]
    mapping: dict[int, Column] = {}
    headers: dict[str, str] = {}
    factors: dict[str, float] = {}
    for j, cell in enumerate(header):
        col, unit = _match_header(cell, lookup)
        if col is None or col.name in headers:
            continue
        if unit and col.unit and normalize_unit(unit) != normalize_unit(col.unit):
            factor = conversion_factor(unit, col.unit)
            if factor is None:
                problems.append(Problem(file, "列名中的单位无法换算", sheet=sheet,
                                        row=best_row + 1, column=str(cell), value=unit,
                                        allowed=f"单位：{col.unit}"))
                continue
            factors[col.name] = factor
        mapping[j] = col
        headers[col.name] = str(cell).strip()
    for col in ledger.columns:
        if col.required and col.name not in headers:
            problems.append(Problem(file, f"缺少必填列「{col.header}」", sheet=sheet,
                                    row=best_row + 1, column=col.header,
                                    allowed=col.describe_allowed()))
    data = []
    excel_rows = []
    for k, row in enumerate(rows[best_row + 1:], start=best_row + 2):
        if all(is_blank(c) for c in row):
            continue
        data.append([row[j] if j < len(row) else None for j in mapping])
        excel_rows.append(k)
    cells = pd.DataFrame(data, columns=[c.name for c in mapping.values()], index=excel_rows,
                         dtype=object)
    return RawTable(ledger, file, sheet, cells, headers, factors)


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _read_csv(path: Path, display: str, problems: list[Problem]) -> list[tuple] | None:
    raw = path.read_bytes()
    if not raw.strip():
        problems.append(Problem(display, "文件为空", allowed="至少包含表头行"))
        return None
    if b"\x00" in raw[:4096]:
        problems.append(Problem(display, "不是文本格式的 CSV 文件，无法读取",
                                allowed="UTF-8 或 GBK/GB18030 编码的 CSV"))
        return None
    for encoding in _CSV_ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly everything
        problems.append(Problem(display, "文件编码无法识别",
                                allowed="UTF-8、UTF-8 BOM 或 GBK/GB18030"))
        return None
    import csv
    import io as _io

    try:
        rows = [tuple(r) for r in csv.reader(_io.StringIO(text))]
    except csv.Error as exc:
        problems.append(Problem(display, f"CSV 格式错误：{exc}"))
        return None
    if not rows:
        problems.append(Problem(display, "文件为空", allowed="至少包含表头行"))
        return None
    return rows


def _open_workbook(path: Path, display: str, problems: list[Problem]):
    import openpyxl

    if path.stat().st_size == 0:
        problems.append(Problem(display, "文件为空", allowed="有效的 .xlsx 工作簿"))
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        problems.append(Problem(display, f"无法读取工作簿（{type(exc).__name__}）",
                                allowed="Excel 2007 及以上的 .xlsx/.xlsm 文件"))
        return None
    except Exception as exc:  # openpyxl raises assorted errors on corrupt files
        problems.append(Problem(display, f"无法读取工作簿（{type(exc).__name__}：{exc}）",
                                allowed="Excel 2007 及以上的 .xlsx/.xlsm 文件"))
        return None


def _sheet_rows(ws) -> list[tuple]:
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def read_ledgers(source: str | Path) -> tuple[dict[str, RawTable], list[Problem]]:
    """Find and read every ledger in a data folder or workbook, untyped.

    Returns the raw tables by ledger name and the problems met while reading (unreadable or
    unknown files, missing headers, duplicate ledgers).
    """
    source = Path(source)
    problems: list[Problem] = []
    raws: dict[str, RawTable] = {}
    if not source.exists():
        problems.append(Problem(str(source), "找不到数据文件夹或文件"))
        return raws, problems

    def add(raw: RawTable | None) -> None:
        if raw is None:
            return
        if raw.ledger.name in raws:
            first = raws[raw.ledger.name]
            where = first.file + (f"「{first.sheet}」" if first.sheet else "")
            problems.append(Problem(raw.file, f"与 {where} 重复：同一台账只能有一份",
                                    sheet=raw.sheet))
            return
        raws[raw.ledger.name] = raw

    def read_workbook(path: Path, display: str, whole_file_ledger: Ledger | None) -> None:
        wb = _open_workbook(path, display, problems)
        if wb is None:
            return
        try:
            for ws in wb.worksheets:
                ledger = _ledger_for_name(ws.title)
                if ledger is None and whole_file_ledger is not None and len(wb.worksheets) == 1:
                    ledger = whole_file_ledger
                if ledger is None:
                    if norm(ws.title) in _NOTE_SHEETS or whole_file_ledger is not None:
                        continue
                    problems.append(Problem(display, "无法识别的工作表名", sheet=ws.title,
                                            value=ws.title, allowed=_allowed_ledger_names()))
                    continue
                rows = _sheet_rows(ws)
                if not rows or all(all(is_blank(c) for c in r) for r in rows):
                    problems.append(Problem(display, "工作表为空", sheet=ws.title,
                                            allowed="至少包含表头行"))
                    continue
                add(_rows_to_raw(rows, ledger, display, ws.title, problems))
        finally:
            wb.close()

    if source.is_file():
        files = [source]
        base = source.parent
    else:
        files = sorted(p for p in source.iterdir() if p.is_file())
        base = source
    for path in files:
        display = str(path.relative_to(base)) if source.is_dir() else path.name
        name = path.name
        suffix = path.suffix.lower()
        if name.startswith((".", "~$")) or suffix in _IGNORED_SUFFIXES:
            continue
        if suffix not in SPREADSHEET_SUFFIXES:
            problems.append(Problem(display, f"不支持的文件类型 '{suffix or name}'",
                                    allowed="、".join(SPREADSHEET_SUFFIXES)))
            continue
        ledger = _ledger_for_name(path.stem)
        if suffix == ".csv":
            if ledger is None:
                problems.append(Problem(display, "无法识别的台账文件名", value=path.stem,
                                        allowed=_allowed_ledger_names()))
                continue
            rows = _read_csv(path, display, problems)
            if rows is not None:
                add(_rows_to_raw(rows, ledger, display, None, problems))
        else:
            read_workbook(path, display, ledger)
    return raws, problems

