"""Typing raw cells: numbers, integers, dates, 是/否 and text, each bad cell a :class:`Problem`.

Numbers may be text with thousands separators (``1,234.5``), dates Excel dates or text
(``2023-10-29``, ``2023/10/29``, ``2023年10月29日``); a unit stated in the header has been
turned into a conversion factor by :mod:`.read` and is applied here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import numpy as np
import pandas as pd

from ..errors import Problem
from ..schema import Column
from .read import RawTable, is_blank, norm

__all__ = ["typed_frame"]


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
    s = norm(value)
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
        if is_blank(value):
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


def typed_frame(raw: RawTable, problems: list[Problem],
                 bad_cells: set[tuple[int, str]]) -> pd.DataFrame:
    columns = {}
    for col in raw.ledger.columns:
        if col.name in raw.cells.columns:
            columns[col.name] = _type_column(raw, col, problems, bad_cells)
    return pd.DataFrame(columns, index=raw.cells.index)

