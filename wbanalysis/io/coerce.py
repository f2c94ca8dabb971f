"""Typing raw cells: numbers, integers, years, months, dates, 是/否 and text; each bad cell a
:class:`Problem`.

What a person reads without trouble is read: numbers as text with thousands separators
(``1,234.5``), a unit or symbol that agrees with the column (``88.01万元`` under 万元,
``¥88.01``, ``425名`` in a count, ``51%`` in a coefficient), ``2019年`` in 年度 and ``2月`` in
月份, a year and month in one 月份 cell (``2023年10月``, ``2023-10``) when there is no 年度
column, dates as Excel dates, as text (``2023-10-29``, ``2023/10/29``, ``2023年10月29日``), as
eight digits (``20231029``) or as Excel serial numbers (with a notice). A unit that disagrees
with the column is an error, never converted silently; a formula without a stored result and an
error value (``#DIV/0!``) are errors. A unit stated in the header block has been turned into a
conversion factor by :mod:`.read` and is applied here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

import numpy as np
import pandas as pd

from ..errors import NOTICE, CellValueError, Problem
from ..schema import Column
from ..units import count_unit, is_unit, normalize_unit, parse_chinese, parse_yes_no, unit_family
from .cells import UNCOMPUTED, CellError, is_blank
from .read import RawTable

__all__ = ["typed_frame", "RECALCULATE"]

#: What to do about a formula without a stored result.
RECALCULATE = "公式没有保存计算结果（文件由程序生成、未在 Excel 中保存过）：请用 Excel 或 WPS 打开此文件并保存后再试"

_DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_YEAR_MONTH_RE = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?份?|(\d{2}))$")
_NUMBER_RE = re.compile(
    r"^(?P<sign>[+-]?)(?P<cur>[¥$€]?)(?P<num>\d[\d,]*(?:\.\d+)?|\.\d+)(?:[eE](?P<exp>[+-]?\d+))?"
    r"(?P<suffix>.*)$"
)
_SERIAL_MIN, _SERIAL_MAX = 29221, 73415  # 1980-01-01 .. 2100-12-31 in Excel's 1900 system


class _Cell:
    """What typing a cell of one column needs to know beyond its value; ``format`` is set
    for each cell (the unit or ``%`` its number format shows)."""

    def __init__(self, raw: RawTable, col: Column) -> None:
        self.raw = raw
        self.col = col
        self.format: str | None = None
        self.unit = normalize_unit(raw.units.get(col.name, col.unit or ""))
        self.notices: list[tuple[str, str]] = []


#: Characters Word (and XML 1.0) cannot hold in a text: C0 controls but tab, line feed and
#: carriage return; DEL and the C1 controls; the two non-characters U+FFFE and U+FFFF.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
#: Word's soft line break (Shift+Enter, U+000B) and its page break (U+000C) are line breaks.
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_CONTROL_NOTICE = (
    "含有 Word 无法容纳的控制字符：垂直制表符（Word 的软回车）与换页符已改为换行，"
    "其他控制字符已删除"
)


def _without_controls(
    raw: RawTable, col: Column, values: pd.Series, problems: list[Problem]
) -> pd.Series:
    """A text column without control characters, and one notice naming its rows and the
    characters met (the same for CSV and Excel: both readers hand over the characters)."""
    is_text = values.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
    if not is_text.any():
        return values
    text = values[is_text]
    hit = text.str.contains(_CONTROLS).to_numpy(dtype=bool)
    if not hit.any():
        return values
    dirty = text[hit]
    met = sorted({ch for value in dirty for ch in _CONTROLS.findall(value)})
    cleaned = dirty.map(lambda v: _CONTROLS.sub("", v.translate(_BREAKS)))
    values = values.copy()
    values.loc[cleaned.index] = cleaned
    rows = tuple(int(r) for r in dirty.index)
    problems.append(
        Problem(
            raw.file,
            _CONTROL_NOTICE,
            sheet=raw.sheet,
            row=rows[0],
            rows=rows,
            column=raw.headers[col.name],
            values=tuple(f"U+{ord(ch):04X}" for ch in met),
            level=NOTICE,
        )
    )
    return values


def _plain(value: object) -> str:
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return re.sub(r"[\s\u3000]+", "", text).replace("−", "-")


def _number_text(text: str, cell: _Cell) -> tuple[float, bool]:
    """A number written as text, with what may follow it; (value, is_fraction)."""
    m = _NUMBER_RE.match(text)
    if not m:
        raise CellValueError("须为数值")
    number = float(
        m.group("num").replace(",", "") + (f"e{m.group('exp')}" if m.group("exp") else "")
    )
    if m.group("sign") == "-":
        number = -number
    col = cell.col
    family = "fraction" if col.fraction else unit_family(col.unit) if col.unit else None
    currency = m.group("cur")
    if currency and not (
        (currency == "¥" and family == "money") or (currency == "€" and family == "eur")
    ):
        raise CellValueError(f"须为数值（“{currency}”与该列的单位不符）")
    suffix = m.group("suffix")
    if not suffix:
        return number, False
    if normalize_unit(suffix) == "%":  # %, ％, 百分比
        if col.fraction:
            return number / 100, True
        raise CellValueError("须为数值（该列不是百分数）")
    if col.name == "year" and suffix in ("年", "年度"):
        return number, False
    if col.name == "month" and suffix in ("月", "月份"):
        return number, False
    count = count_unit(suffix) if col.kind == "int" and not col.unit and not col.fraction else None
    if count is not None:  # 425名, 3艘; 2.5万人 is 25000
        return (number if count[1] == 1 else float(Decimal(str(number)) * count[1])), False
    if is_unit(suffix):
        if family and normalize_unit(suffix) == (cell.unit or normalize_unit(col.unit)):
            return number, False
        if family and unit_family(suffix) == family:
            raise CellValueError(
                f"单元格中的单位“{normalize_unit(suffix)}”与该列的单位“{cell.unit}”不一致"
            )
    raise CellValueError("须为数值")


def _check(value: object) -> None:
    if value is UNCOMPUTED:
        raise CellValueError(RECALCULATE)
    if isinstance(value, CellError):
        raise CellValueError(f"单元格是错误值 {value.text}（公式出错）")


def _to_float(value: object, cell: _Cell) -> float:
    _check(value)
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        raise CellValueError("须为数值")
    col = cell.col
    if col.words and isinstance(value, str):
        said = _said(value, cell)
        if said is not None:
            return said
    if isinstance(value, (int, float, np.number)):
        number = float(value)
        if cell.format == "%":
            if col.fraction:
                return number  # a coefficient shown as 56% is stored as 0.56
            raise CellValueError("单元格显示为百分数，与该列不符")
        if cell.format and normalize_unit(cell.format) != cell.unit:
            raise CellValueError(
                f"单元格的数字格式显示单位“{cell.format}”，与该列的单位“{cell.unit or '（无）'}”"
                "不一致"
            )
        return number * cell.raw.factors.get(col.name, 1.0)
    parsed: float | None
    try:  # the common case: a plain number written as text
        parsed = float(value.strip().replace(",", "")) if isinstance(value, str) else None
        fraction = False
    except ValueError:
        parsed = None
    if parsed is None or parsed != parsed or parsed in (float("inf"), float("-inf")):
        parsed, fraction = _number_text(_plain(value), cell)
    return parsed if fraction else parsed * cell.raw.factors.get(col.name, 1.0)


def _said(value: str, cell: _Cell) -> float | None:
    """What a word of the column's :attr:`~wbanalysis.schema.Column.words` stands for: its
    value (未到位 → 0), or NaN for a word meaning unknown (待定), with a notice."""
    text = _plain(value)
    for word, meaning in cell.col.words:
        if text == word:
            if meaning is not None:
                return meaning
            zh = cell.col.zh
            cell.notices.append(
                (
                    f"{zh}{word}：视为未知（不按 0 计），按{zh}求和的数字不含此行或显示为“—”",
                    value.strip(),
                )
            )
            return float("nan")
    return None


def _blank_required(raw: RawTable, col: Column, values: pd.Series) -> list[Problem]:
    """The blank cells of a required column that accepts a word for "unknown" (待定): the typed
    table cannot tell them from 待定, so they are told here, naming the words."""
    return [
        Problem(
            raw.file,
            "必填项为空",
            sheet=raw.sheet,
            row=int(row),
            column=raw.headers[col.name],
            allowed=col.describe_allowed(),
        )
        for row, value in values.items()
        if is_blank(value)
    ]


def _whole(number: float) -> int:
    if not float(number).is_integer():
        raise CellValueError("须为整数")
    return int(number)


def _to_int(value: object, cell: _Cell) -> int:
    return _whole(_to_float(value, cell))


def _to_year(value: object, cell: _Cell) -> int:
    _check(value)
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return value.year
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit():
            return int(text)
        text = _plain(value)
        m = re.match(r"^(\d{4})(?:年度?)?$", text)
        if m:
            return int(m.group(1))
        raise CellValueError("须为整数")
    return _to_int(value, cell)


def _to_month(value: object, cell: _Cell) -> tuple[int | None, int]:
    """The month, and the year when the cell gives one too (``2023年10月``)."""
    _check(value)
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return value.year, value.month
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit() and len(text) <= 2:
            return None, int(text)
        text = _plain(value)
        m = _YEAR_MONTH_RE.match(text)
        if m:
            month = int(m.group(2) or m.group(3))
            return int(m.group(1)), month
        m = re.match(r"^(\d{1,2})(?:月份?)?$", text)
        if m:
            return None, int(m.group(1))
        m = re.match(r"^([一二三四五六七八九十]{1,3})月份?$", text)
        named = parse_chinese(m.group(1)) if m else None
        if named is not None and 1 <= named <= 12:
            return None, named
        raise CellValueError("须为整数")
    number = _to_float(value, cell)
    if float(number).is_integer() and 190001 <= number <= 210012 and 1 <= number % 100 <= 12:
        return int(number) // 100, int(number) % 100  # 202310
    return None, _whole(number)


def _serial_date(number: float, cell: _Cell) -> pd.Timestamp:
    if not float(number).is_integer():
        raise CellValueError("日期格式无法识别")
    n = int(number)
    if 19000101 <= n <= 21001231:
        try:
            return pd.Timestamp(dt.date(n // 10000, n // 100 % 100, n % 100))
        except ValueError:
            raise CellValueError("不是有效日期") from None
    if cell.raw.date1904:
        n += 1462
    if _SERIAL_MIN <= n <= _SERIAL_MAX:
        date = pd.Timestamp(dt.date(1899, 12, 30) + dt.timedelta(days=n))
        cell.notices.append(
            ("日期写成了 Excel 日期序号，已按日期读取", f"{int(number)} → {date:%Y-%m-%d}")
        )
        return date
    raise CellValueError("日期格式无法识别")


def _to_date(value: object, cell: _Cell) -> pd.Timestamp:
    _check(value)
    if isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
        return pd.Timestamp(value).normalize()
    if isinstance(value, bool):
        raise CellValueError("日期格式无法识别")
    if isinstance(value, (int, float, np.number)):
        return _serial_date(float(value), cell)
    s = _plain(value)
    m = _DATE_RE.match(unicodedata.normalize("NFKC", str(value)).strip())
    if m:
        try:
            return pd.Timestamp(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            raise CellValueError("不是有效日期") from None
    if re.fullmatch(r"\d{5,8}", s):
        return _serial_date(float(s), cell)
    raise CellValueError("日期格式无法识别")


def _to_bool(value: object, cell: _Cell) -> bool:
    _check(value)
    if isinstance(value, bool):
        return value
    answer = parse_yes_no(value)
    if answer is None:
        raise CellValueError("须为“是”或“否”")
    return answer


def _to_str(value: object, cell: _Cell) -> str:
    _check(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    return unicodedata.normalize("NFC", str(value)).strip()


_CONVERTERS = {
    "float": _to_float,
    "int": _to_int,
    "date": _to_date,
    "bool": _to_bool,
    "str": _to_str,
}


def _series(kind: str, values: list[object], index) -> pd.Series:
    if kind == "float":
        return pd.Series([np.nan if v is None else v for v in values], index=index, dtype="float64")
    if kind == "int":
        return pd.Series(values, index=index, dtype="Int64")
    if kind == "date":
        return pd.Series(
            [pd.NaT if v is None else v for v in values], index=index, dtype="datetime64[ns]"
        )
    if kind == "bool":
        return pd.Series(values, index=index, dtype="boolean")
    return pd.Series(values, index=index, dtype=object)


# Cells written the plain way — the great majority — are typed column by column, at once;
# every other cell goes through the converters above, one by one, with their messages.
_PLAIN_NUMBER = r"\s*[+-]?(?:\d+\.?\d*|\.\d+)\s*"
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"


def _plain_cells(values: pd.Series, col, raw: RawTable, out: np.ndarray) -> np.ndarray:
    """Type the plainly written cells of a column into ``out``; return the positions left.

    A column of text only (every CSV column) is typed once per distinct value: typing a cell
    depends on nothing but its value when no number format applies.
    """
    if len(values) > 64 and not (raw.formats and any(c == col.name for _, c in raw.formats)):
        array = values.to_numpy(dtype=object)
        if pd.api.types.infer_dtype(array, skipna=True) in ("string", "empty"):
            codes, uniques = pd.factorize(array, use_na_sentinel=True)
            if len(uniques) * 2 < len(array):
                typed = np.empty(len(uniques), dtype=object)
                left = np.zeros(len(uniques) + 1, dtype=bool)  # the last: blank (code -1)
                left[_typed_cells(pd.Series(uniques, dtype=object), col, raw, typed)] = True
                out[:] = typed[codes]
                out[codes < 0] = None
                return np.flatnonzero(left[codes])
    return _typed_cells(values, col, raw, out)


def _typed_cells(values: pd.Series, col, raw: RawTable, out: np.ndarray) -> np.ndarray:
    """:func:`_plain_cells`, cell by cell.

    Plain: a number (or a number written as text, without separators) in a number column
    with no number format of its own; ascii digits in 年度/月份; text in a text column; an
    ISO date; 是/否. Blank cells are left as ``None`` and not returned.
    """
    types = values.map(type)
    is_text = types.map(lambda t: t is str).to_numpy(dtype=bool)
    text = values.where(is_text)
    stripped = text.str.strip()
    blank = values.isna().to_numpy(dtype=bool) | (is_text & (stripped == "").to_numpy(dtype=bool))
    done = blank.copy()
    name, kind = col.name, col.kind
    if name in ("year", "month") or kind in ("float", "int"):
        numeric = types.isin((int, float)).to_numpy(dtype=bool) & ~blank
        plain = numeric | (
            is_text & stripped.str.fullmatch(_PLAIN_NUMBER).fillna(False).to_numpy(dtype=bool)
        )
        if raw.formats:
            formatted = np.array([(int(r), name) in raw.formats for r in values.index])
            plain &= ~formatted
        numbers = pd.to_numeric(values.where(plain), errors="coerce").to_numpy(dtype="float64")
        plain &= np.isfinite(numbers)
        if name == "month":
            plain &= (numbers >= 0) & (numbers < 100)  # 202310 is a year and a month
        if name in ("year", "month") or kind == "int":
            plain &= numbers == np.floor(numbers)
            picked = np.flatnonzero(plain)
            out[picked] = numbers[picked].astype(np.int64).tolist()
        else:
            picked = np.flatnonzero(plain)
            out[picked] = (numbers[picked] * raw.factors.get(name, 1.0)).tolist()
        done |= plain
    elif kind == "str":
        picked = np.flatnonzero(is_text & ~blank)
        out[picked] = stripped.iloc[picked].str.normalize("NFC").str.strip().tolist()
        done[picked] = True
    elif kind == "date":
        iso = is_text & stripped.str.fullmatch(_ISO_DATE).fillna(False).to_numpy(dtype=bool)
        dates = pd.to_datetime(stripped.where(iso), format="%Y-%m-%d", errors="coerce")
        iso &= dates.notna().to_numpy(dtype=bool)
        picked = np.flatnonzero(iso)
        out[picked] = list(dates.iloc[picked])
        done |= iso
    elif kind == "bool":
        answer = stripped.map({"是": True, "否": False})
        known = is_text & answer.notna().to_numpy(dtype=bool)
        picked = np.flatnonzero(known)
        out[picked] = answer.iloc[picked].astype(bool).tolist()
        done |= known
    return np.flatnonzero(~done)


def typed_frame(
    raw: RawTable, problems: list[Problem], bad_cells: set[tuple[int, str]]
) -> pd.DataFrame:
    """The typed table of one raw table; bad cells become problems (and are left empty).

    ``bad_cells`` receives (Excel row, column) of every cell reported, so that validation does
    not report them twice.
    """
    columns: dict[str, pd.Series] = {}
    index = raw.cells.index
    years_from_month: dict[int, int] = {}
    for col in raw.ledger.columns:
        if col.name not in raw.cells.columns:
            continue
        values = raw.cells[col.name]
        if col.kind == "str":
            values = _without_controls(raw, col, values, problems)
        out = np.empty(len(values), dtype=object)
        rest = _plain_cells(values, col, raw, out)
        cell = _Cell(raw, col)
        formats = raw.formats
        for position in rest:
            row, value = int(index[position]), values.iat[position]
            cell.format = formats.get((row, col.name)) if formats else None
            cell.notices = []
            try:
                if col.name == "year":
                    typed: object = _to_year(value, cell)
                elif col.name == "month":
                    year, typed = _to_month(value, cell)
                    if year is not None:
                        years_from_month[row] = year
                else:
                    typed = _CONVERTERS[col.kind](value, cell)
            except CellValueError as bad:
                problems.append(
                    Problem(
                        raw.file,
                        bad.message,
                        sheet=raw.sheet,
                        row=row,
                        column=raw.headers[col.name],
                        value=None if value is UNCOMPUTED else value,
                        allowed=None if value is UNCOMPUTED else col.describe_allowed(),
                    )
                )
                bad_cells.add((row, col.name))
                continue
            for message, shown in cell.notices:
                problems.append(
                    Problem(
                        raw.file,
                        message,
                        sheet=raw.sheet,
                        row=row,
                        column=raw.headers[col.name],
                        value=shown,
                        level=NOTICE,
                    )
                )
            out[position] = typed
        if col.required and col.unknown_words:
            blank = _blank_required(raw, col, values)
            problems += blank
            bad_cells.update((p.row, col.name) for p in blank if p.row is not None)
        columns[col.name] = _series(
            col.kind if col.name not in ("year", "month") else "int", out.tolist(), index
        )
    if "year" in raw.ledger.names:
        _year_from_elsewhere(raw, columns, years_from_month, index, problems, bad_cells)
    frame = pd.DataFrame(columns, index=index)
    return frame[[c for c in raw.ledger.names if c in frame.columns]]


def _year_from_elsewhere(
    raw: RawTable,
    columns: dict[str, pd.Series],
    years_from_month: dict[int, int],
    index,
    problems: list[Problem],
    bad_cells: set[tuple[int, str]],
) -> None:
    """Fill or check 年度 from the 月份 cells (``2023年10月``) and from the sheet's year."""
    month_header = raw.headers.get("month")
    if "year" in columns:
        year = columns["year"]
        for row, y in years_from_month.items():
            if pd.notna(year.get(row)) and int(year[row]) != y:
                problems.append(
                    Problem(
                        raw.file,
                        f"月份中的年份（{y}）与年度列不一致",
                        sheet=raw.sheet,
                        row=row,
                        column=month_header,
                        value=raw.cells.at[row, "month"],
                        allowed="与年度列相同的年份",
                    )
                )
                bad_cells.add((row, "month"))
    else:
        values: list[object] = []
        labelled = False
        for row in index:
            if row in years_from_month:
                values.append(years_from_month[row])
            elif raw.year_label is not None:
                values.append(raw.year_label)
                labelled = True
            else:
                values.append(None)
                if (
                    "month" in raw.cells.columns
                    and (int(row), "month") not in bad_cells
                    and not is_blank(raw.cells.at[row, "month"])
                ):
                    problems.append(
                        Problem(
                            raw.file,
                            "没有年度列，月份也未写年份：无法确定年度",
                            sheet=raw.sheet,
                            row=int(row),
                            column=month_header,
                            value=raw.cells.at[row, "month"],
                            allowed="月份写作 2023年10月，或增加年度列",
                        )
                    )
                    bad_cells.add((int(row), "month"))
        if not years_from_month and not raw.year_from_month and raw.year_label is None:
            return  # no year anywhere: the missing column has been reported
        columns["year"] = pd.Series(values, index=index, dtype="Int64")
        if labelled:
            raw.headers.setdefault("year", f"年度（取自工作表名 {raw.year_label}）")
            problems.append(
                Problem(
                    raw.file,
                    f"没有年度列：各行的年度取自工作表名（{raw.year_label}）",
                    sheet=raw.sheet,
                    level=NOTICE,
                )
            )
        else:
            raw.headers.setdefault("year", month_header or "年度")
