"""Reading ledgers: CSV or XLSX, Chinese or English headers, into a validated :class:`Dataset`.

A data folder holds CSV files, XLSX files, or both; a single XLSX workbook may hold one sheet per
ledger. Files and sheets are matched to ledgers by name (``funding.csv``, ``资金台账.csv``, a sheet
called ``资金台账``). What Excel on Chinese Windows writes is read as it is: GBK/GB18030 or UTF-8
(with or without BOM), full-width brackets in headers, a title row above the header row,
numbers stored as text with thousands separators, dates as Excel dates or as text.

Validation uses pandera: each ledger's :class:`pandera.DataFrameSchema` is generated from
:mod:`wbanalysis.schema`, validated lazily, and every failure is translated into a
:class:`~wbanalysis.errors.Problem` naming the file, sheet, Excel row, header, value and what
is allowed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .dataset import Dataset
from .errors import DataError, Problem
from .schema import LEDGERS, Column, Ledger
from .units import conversion_factor, normalize_unit

__all__ = ["load", "validate", "default_data_dir", "read_ledgers", "source_signature",
           "SPREADSHEET_SUFFIXES"]

SPREADSHEET_SUFFIXES = (".csv", ".xlsx", ".xlsm")
_IGNORED_SUFFIXES = (".md", ".txt", ".json", ".toml", ".yml", ".yaml")
_NOTE_SHEETS = ("填表说明", "说明", "readme")
_HEADER_SEARCH_ROWS = 6
_CSV_ENCODINGS = ("utf-8-sig", "gb18030")


def default_data_dir() -> Path:
    """The embedded demo ledgers (``data/sample`` of the source tree)."""
    return Path(__file__).resolve().parent.parent / "data" / "sample"


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


def _norm(text: object) -> str:
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
            table.setdefault(_norm(name), col)
    return table


def _match_header(header: object, lookup: dict[str, Column]) -> tuple[Column | None, str | None]:
    """The column a header names, and the unit it states (if any)."""
    if header is None or (isinstance(header, float) and math.isnan(header)):
        return None, None
    text = str(header)
    if _norm(text) in lookup:
        col = lookup[_norm(text)]
        _, unit = _split_unit(text)
        return col, unit
    base, unit = _split_unit(text)
    col = lookup.get(_norm(base))
    return col, unit


def _ledger_for_name(name: str) -> Ledger | None:
    key = _norm(name)
    for ledger in LEDGERS.values():
        if key in (_norm(ledger.name), _norm(ledger.zh), *(_norm(a) for a in ledger.aliases)):
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
        if all(_is_blank(c) for c in row):
            continue
        data.append([row[j] if j < len(row) else None for j in mapping])
        excel_rows.append(k)
    cells = pd.DataFrame(data, columns=[c.name for c in mapping.values()], index=excel_rows,
                         dtype=object)
    return RawTable(ledger, file, sheet, cells, headers, factors)


def _is_blank(value: object) -> bool:
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
                    if _norm(ws.title) in _NOTE_SHEETS or whole_file_ledger is not None:
                        continue
                    problems.append(Problem(display, "无法识别的工作表名", sheet=ws.title,
                                            value=ws.title, allowed=_allowed_ledger_names()))
                    continue
                rows = _sheet_rows(ws)
                if not rows or all(all(_is_blank(c) for c in r) for r in rows):
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


# ---- typing --------------------------------------------------------------------------------

_DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "有", "已"}
_FALSE = {"否", "n", "no", "false", "0", "×", "✗", "无", "未"}


class _Bad(Exception):
    def __init__(self, message: str):
        self.message = message


def _to_float(value: object) -> float:
    if isinstance(value, bool):
        raise _Bad("须为数值")
    if isinstance(value, (int, float, np.number)):
        return float(value)
    s = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "").replace(" ", "")
    try:
        return float(s)
    except ValueError:
        raise _Bad("须为数值") from None


def _to_int(value: object) -> int:
    x = _to_float(value)
    if not float(x).is_integer():
        raise _Bad("须为整数")
    return int(x)


def _to_date(value: object) -> pd.Timestamp:
    if isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
        return pd.Timestamp(value).normalize()
    s = unicodedata.normalize("NFKC", str(value)).strip()
    m = _DATE_RE.match(s)
    if not m:
        raise _Bad("日期格式无法识别")
    try:
        return pd.Timestamp(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    except ValueError:
        raise _Bad("不是有效日期") from None


def _to_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    s = _norm(value)
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise _Bad("须为“是”或“否”")


def _to_str(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    return unicodedata.normalize("NFC", str(value)).strip()


_CONVERTERS = {"float": _to_float, "int": _to_int, "date": _to_date, "bool": _to_bool,
               "str": _to_str}


def _type_column(raw: RawTable, col: Column, problems: list[Problem],
                 bad_cells: set[tuple[int, str]]) -> pd.Series:
    cells = raw.cells[col.name]
    convert = _CONVERTERS[col.kind]
    factor = raw.factors.get(col.name, 1.0)
    out: list[object] = []
    for row, value in cells.items():
        if _is_blank(value):
            out.append(None)
            continue
        try:
            typed = convert(value)
        except _Bad as bad:
            problems.append(Problem(raw.file, bad.message, sheet=raw.sheet, row=int(row),
                                    column=raw.headers[col.name], value=value,
                                    allowed=col.describe_allowed()))
            bad_cells.add((int(row), col.name))
            out.append(None)
            continue
        if factor != 1.0:
            typed = typed * factor
        out.append(typed)
    index = cells.index
    if col.kind == "float":
        return pd.Series([np.nan if v is None else v for v in out], index=index, dtype="float64")
    if col.kind == "int":
        return pd.Series(out, index=index, dtype="Int64")
    if col.kind == "date":
        return pd.Series([pd.NaT if v is None else v for v in out], index=index,
                         dtype="datetime64[ns]")
    if col.kind == "bool":
        return pd.Series(out, index=index, dtype="boolean")
    return pd.Series(out, index=index, dtype=object)


def _typed_frame(raw: RawTable, problems: list[Problem],
                 bad_cells: set[tuple[int, str]]) -> pd.DataFrame:
    columns = {}
    for col in raw.ledger.columns:
        if col.name in raw.cells.columns:
            columns[col.name] = _type_column(raw, col, problems, bad_cells)
    return pd.DataFrame(columns, index=raw.cells.index)


# ---- validation with pandera ---------------------------------------------------------------

def _pandera_schema(ledger: Ledger, frame: pd.DataFrame, ref_values: dict[str, set]):
    import pandera.pandas as pa

    columns = {}
    for col in ledger.columns:
        if col.name not in frame.columns:
            continue
        checks = []
        if col.minimum is not None:
            checks.append(pa.Check.ge(col.minimum))
        if col.maximum is not None:
            checks.append(pa.Check.le(col.maximum))
        if col.allowed:
            checks.append(pa.Check.isin(list(col.allowed)))
        if col.pattern:
            checks.append(pa.Check.str_matches(col.pattern))
        if col.ref:
            values = ref_values.get(col.ref, set())
            checks.append(pa.Check(lambda s, v=values: s.isin(v), name="reference",
                                   error="reference"))
        columns[col.name] = pa.Column(
            checks=checks, nullable=not col.required, unique=col.unique, required=False,
        )
    return pa.DataFrameSchema(columns, strict=False, name=ledger.name)


def _check_message(check: str, col: Column) -> str:
    if check == "not_nullable":
        return "必填项为空"
    if check == "field_uniqueness":
        return "编号重复"  # the rows sharing it are added by the caller
    if check == "reference":
        ledger, key = col.ref.split(".")
        return f"引用了《{LEDGERS[ledger].zh}》中不存在的{LEDGERS[ledger].column(key).zh}"
    if check.startswith("greater_than_or_equal_to"):
        return "不能为负数" if col.minimum == 0 else "数值过小"
    if check.startswith("less_than_or_equal_to"):
        return "数值超出范围"
    if check.startswith("isin"):
        return "不在允许的取值范围内"
    if check.startswith("str_matches"):
        return "格式不正确"
    return f"未通过检查 {check}"


def _validate_frame(raw: RawTable, frame: pd.DataFrame, ref_values: dict[str, set],
                    problems: list[Problem], bad_cells: set[tuple[int, str]]) -> None:
    import pandera.errors

    schema = _pandera_schema(raw.ledger, frame, ref_values)
    try:
        schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as err:
        cases = err.failure_cases
        dup_rows: dict[tuple[str, object], list[int]] = {}
        for case in cases.itertuples(index=False):
            if str(case.check) == "field_uniqueness" and case.index is not None:
                dup_rows.setdefault((case.column, case.failure_case), []).append(int(case.index))
        for case in cases.itertuples(index=False):
            col = raw.ledger.column(case.column) if case.column in raw.ledger.names else None
            if col is None:
                problems.append(Problem(raw.file, f"未通过检查 {case.check}", sheet=raw.sheet))
                continue
            check = str(case.check)
            index = case.index
            row = int(index) if index is not None and not pd.isna(index) else None
            if row is not None and (row, col.name) in bad_cells:
                continue  # already reported as a value of the wrong kind
            value = None if _is_blank(case.failure_case) else case.failure_case
            if row is not None and row in raw.cells.index:
                written = raw.cells.at[row, col.name]  # the value as the analyst wrote it
                value = None if _is_blank(written) else written
            if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
                value = pd.Timestamp(value).strftime("%Y-%m-%d")
            message = _check_message(check, col)
            if check == "field_uniqueness":
                others = [r for r in dup_rows.get((case.column, case.failure_case), [])
                          if r != row]
                message = "编号重复：与第 " + "、".join(map(str, others)) + " 行相同"
            problems.append(Problem(raw.file, message, sheet=raw.sheet,
                                    row=row, column=raw.headers[col.name], value=value,
                                    allowed=col.describe_allowed()))


def _sort_key(p: Problem) -> tuple:
    return (p.file, p.sheet or "", p.row or 0)


def read_and_validate(source: str | Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read, type and validate every ledger; return the typed tables and all problems."""
    raws, problems = read_ledgers(source)
    typed: dict[str, pd.DataFrame] = {}
    bad_cells: dict[str, set[tuple[int, str]]] = {name: set() for name in raws}
    for name in LEDGERS:
        if name in raws:
            typed[name] = _typed_frame(raws[name], problems, bad_cells[name])
    ref_values: dict[str, set] = {}
    for ledger in LEDGERS.values():
        for col in ledger.columns:
            if col.ref and col.ref not in ref_values:
                target, key = col.ref.split(".")
                table = typed.get(target)
                ref_values[col.ref] = (set(table[key].dropna()) if table is not None
                                       and key in table.columns else set())
    for name, frame in typed.items():
        _validate_frame(raws[name], frame, ref_values, problems, bad_cells[name])
    problems.sort(key=_sort_key)
    return typed, problems


def validate(data_dir: str | Path | None = None) -> list[Problem]:
    """Every problem in the ledgers of ``data_dir`` (the demo ledgers by default).

    Checks, for each ledger found: the header row can be found; every required column is
    present; every cell has the right kind of value (number, integer, date, 是/否); amounts and
    counts are not negative; months lie in 1–12; categorical values are among those allowed;
    IDs are unique; references name an existing record (a patrol's chief, a milestone's
    project, a record's county); files are readable spreadsheets and not empty.
    """
    _, problems = read_and_validate(data_dir if data_dir is not None else default_data_dir())
    return problems


def source_signature(source: str | Path) -> str:
    """A key that changes whenever a ledger file under ``source`` changes (name, size, mtime).

    Cheap: it reads no file contents. Includes the schema, so a schema change invalidates it.
    """
    import hashlib

    source = Path(source).resolve()
    files = [source] if source.is_file() else sorted(p for p in source.iterdir() if p.is_file())
    digest = hashlib.sha256(str(source).encode())
    for path in files:
        st = path.stat()
        digest.update(f"{path.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    digest.update(repr(sorted((n, lg.columns) for n, lg in LEDGERS.items())).encode())
    return digest.hexdigest()[:24]


def load(data_dir: str | Path | None = None, *, cache_dir: str | Path | None = None) -> Dataset:
    """Load and validate the ledgers of ``data_dir`` into a :class:`Dataset`.

    Parameters
    ----------
    data_dir : a folder of CSV/XLSX ledgers or one workbook (default: the demo ledgers).
    cache_dir : where to keep the validated tables between runs (optional). A cached copy is
        used only while no ledger file has changed; the build uses this so that each report
        does not parse and validate the ledgers again. The environment variable
        ``WBANALYSIS_CACHE_DIR`` sets it too.

    Raises
    ------
    DataError
        listing every problem found, when any ledger is invalid.
    """
    import os
    import pickle

    source = Path(data_dir) if data_dir is not None else default_data_dir()
    cache_dir = cache_dir or os.environ.get("WBANALYSIS_CACHE_DIR") or None
    cached = None
    if cache_dir and source.exists():
        cached = Path(cache_dir) / f"dataset-{source_signature(source)}.pickle"
        if cached.exists():
            try:
                with open(cached, "rb") as fh:
                    return pickle.load(fh)
            except Exception:  # a stale or truncated cache is rebuilt below
                pass
    typed, problems = read_and_validate(source)
    if problems:
        raise DataError(problems)
    dataset = Dataset(typed, source=str(source))
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(dataset, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cached)
    return dataset
