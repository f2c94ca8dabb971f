"""Excel 导出 (tables to .xlsx): the one place a workbook is written from a table.

A sheet has Chinese headers in its first row and one row per record. A number is written as a
number (its unit is in the header; the number format repeats the decimals the page shows), any
other cell as text — and text is never a formula: a cell whose text starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return (or their full-width forms ``＝＋－＠``) is written as
a plain string, which no spreadsheet evaluates (a ``t="s"`` cell, never an ``<f>`` element).

Used by the page's 下载 Excel links (:func:`table_workbook`), the site's ``指标汇总.xlsx``
and ``wbanalysis indicators --xlsx`` (:func:`write_workbook`).

>>> import io, openpyxl
>>> data = workbook_bytes([Sheet("表", ["名称", "数值（万元）"], [["=1+1", 3209.0]])])
>>> ws = openpyxl.load_workbook(io.BytesIO(data)).active
>>> ws["A2"].value, ws["A2"].data_type, ws["B2"].value
('=1+1', 's', 3209)
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import atomic_write_bytes

if TYPE_CHECKING:  # openpyxl loads only when a workbook is written
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "FORMULA_STARTS",
    "XLSX_MIME",
    "Sheet",
    "is_formula_like",
    "parse_shown",
    "table_cells",
    "table_workbook",
    "workbook_bytes",
    "write_workbook",
    "write_explained",
    "safe_filename",
]

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: How a text that a spreadsheet would take for a formula (or a DDE payload) starts.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
#: Excel's limit on the characters of a cell.
_MAX_CELL_CHARS = 32767
# characters XML 1.0 cannot carry (openpyxl refuses them)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# a number as the page shows it: 3,209.4  -12  87.90%
_SHOWN_NUMBER = re.compile(r"^(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(%?)$")

Cell = str | int | float | None


@dataclass
class Sheet:
    """One sheet: its name, headers and rows (numbers, text or ``None``); ``formats`` gives a
    number format per cell position ``(row, column)`` (0-based in ``rows``)."""

    name: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula (or a DDE call).

    >>> [is_formula_like(t) for t in ("=1+1", "@SUM(A1)", "－3", "3209万元", "")]
    [True, True, True, False, False]
    """
    return text.startswith(FORMULA_STARTS)


def parse_shown(text: str) -> tuple[float, str] | None:
    """A number the page shows (``3,209.4``, ``87.90%``, ``-12``) as its value and the Excel
    number format that writes it so again; ``None`` for any other text.

    >>> parse_shown("3,209.4"), parse_shown("87.90%"), parse_shown("3209万元")
    ((3209.4, '#,##0.0'), (0.879, '0.00%'), None)
    """
    match = _SHOWN_NUMBER.match(text.strip())
    if match is None:
        return None
    sign, whole, decimals, percent = match.groups()
    value = float(f"{sign}{whole.replace(',', '')}.{decimals or '0'}")
    places = "." + "0" * len(decimals) if decimals else ""
    fmt = ("#,##0" if "," in whole else "0") + places
    if percent:
        return round(value / 100, len(decimals or "") + 2), fmt + "%"
    return value, fmt


def table_cells(block: dict) -> Sheet:
    """A table block (:func:`wbanalysis.blocks.table`) as a sheet: a cell the page shows as a
    number is that number (the block's raw value when it rounds to what the page shows, so no
    precision is lost; otherwise the number read from the page), with a number format showing
    it as the page does; every other cell is the page's text."""
    raw = block.get("values")
    rows: list[list[Cell]] = []
    formats: dict[tuple[int, int], str] = {}
    for i, row in enumerate(block["rows"]):
        cells: list[Cell] = []
        for j, text in enumerate(row):
            shown = parse_shown(text)
            if shown is None:
                cells.append(text if text else None)
                continue
            value, fmt = shown
            exact = raw[i][j] if isinstance(raw, list) and i < len(raw) else None
            if _agrees(exact, value, fmt):
                value = float(exact)  # type: ignore[arg-type]
            cells.append(int(value) if value.is_integer() and "." not in fmt else value)
            formats[(i, j)] = fmt
        rows.append(cells)
    return Sheet(_sheet_name(block.get("caption") or "表"), block["columns"], rows, formats)


def _agrees(raw: object, value: float, fmt: str) -> bool:
    """Whether ``raw`` is the value the page rounded to ``value``."""
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        return False
    places = len(fmt.split(".")[1].rstrip("%")) if "." in fmt else 0
    places += 2 if fmt.endswith("%") else 0
    return abs(raw - value) <= 0.5 * 10**-places + 1e-9 * max(1.0, abs(value))


def _sheet_name(text: str) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "_", _ILLEGAL.sub("", text)).strip("'") or "表"
    return name[:31]


def safe_filename(text: str, suffix: str = ".xlsx") -> str:
    """A file name from a caption: no path separators, control or reserved characters.

    >>> safe_filename("表1 项目/投资<情况>")
    '表1 项目_投资_情况_.xlsx'
    """
    name = re.sub(r'[\x00-\x1f\x7f<>:"/\\|?*]', "_", text).strip(" .") or "表格"
    return name[:80] + suffix


def _write_cell(ws: Worksheet, row: int, column: int, value: Cell, fmt: str | None) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return
        cell = ws.cell(row=row, column=column, value=value)
        if fmt:
            cell.number_format = fmt
        return
    text = _ILLEGAL.sub("", str(value))[:_MAX_CELL_CHARS]
    cell = ws.cell(row=row, column=column, value=text)
    cell.data_type = "s"  # never a formula, whatever the text starts with


def _fill(ws: Worksheet, sheet: Sheet) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    for j, header in enumerate(sheet.columns, 1):
        _write_cell(ws, 1, j, str(header), None)
        ws.cell(row=1, column=j).font = bold
    for i, row in enumerate(sheet.rows):
        for j, value in enumerate(row):
            _write_cell(ws, i + 2, j + 1, value, sheet.formats.get((i, j)))
    for j, header in enumerate(sheet.columns):
        width = sheet.widths.get(j)
        if width is None:
            texts = [str(header), *(str(r[j]) for r in sheet.rows[:200] if r[j] is not None)]
            width = min(60.0, max(8.0, max(_display_width(t) for t in texts) + 2))
        ws.column_dimensions[get_column_letter(j + 1)].width = width
    ws.freeze_panes = "A2"


def _display_width(text: str) -> float:
    return sum(2.0 if ord(c) > 0x2E7F else 1.1 for c in text)


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """The .xlsx file of ``sheets``, in order."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    first = True
    used: set[str] = set()
    for sheet in sheets:
        ws = book.active if first else book.create_sheet()
        assert ws is not None
        name, n = sheet.name, 1
        while name in used:
            n += 1
            name = f"{sheet.name[:28]}_{n}"
        used.add(name)
        ws.title = name
        _fill(ws, sheet)
        first = False
    # the same sheets give the same bytes: a rebuild, a Dask worker and a local build agree
    book.properties.created = book.properties.modified = _EPOCH
    buffer = io.BytesIO()
    with _DatedZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()  # (``Workbook.save`` would stamp the time)
    return buffer.getvalue()


#: The time written into every workbook (its properties and its zip entries).
_EPOCH = dt.datetime(2000, 1, 1)


class _DatedZip(zipfile.ZipFile):
    """A zip whose every entry is dated :data:`_EPOCH` (openpyxl dates them now, or with
    the modification time of the temporary file a sheet is written to)."""

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):  # type: ignore[override]
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = self._entry(zinfo_or_arcname, 0o600)
        return super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):  # type: ignore[override]
        with open(filename, "rb") as part:
            data = part.read()
        return super().writestr(self._entry(str(arcname or filename), 0o100600), data)

    @staticmethod
    def _entry(name: str, mode: int) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name, date_time=_EPOCH.timetuple()[:6])
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = mode << 16
        return entry


def table_workbook(block: dict) -> bytes:
    """The .xlsx file of one table block (:func:`table_cells`)."""
    return workbook_bytes([table_cells(block)])


def write_workbook(path: Path, sheets: Iterable[Sheet]) -> Path:
    """Write ``sheets`` to ``path`` atomically and return it."""
    return atomic_write_bytes(Path(path), workbook_bytes(sheets))


def write_explained(path: Path, explained) -> Path:
    """The 出处 of one figure (:class:`wbanalysis.indicators.explain.Explained`) as a workbook:
    sheet 台账行 (its ledger rows, numbers as numbers), then 说明 (the figure, scope, value,
    formula and 口径)."""
    rows = explained.rows
    cells = rows.astype(object).where(rows.notna(), None).to_numpy().tolist()
    about = [
        ["范围", f"{explained.scope.name}{explained.scope.period_label}"],
        ["数值", explained.display],
        ["公式", explained.formula],
        ["口径", explained.explanation],
    ]
    return write_workbook(
        Path(path),
        [
            Sheet("台账行", [str(c) for c in rows.columns], cells),
            Sheet("说明", ["指标", f"{explained.name}（{explained.key}）"], about),
        ],
    )


#: The site's workbook of every indicator it computed, beside the index.
SUMMARY_NAME = "指标汇总.xlsx"
#: The columns of the long sheet (one row per indicator × year × cut-off × county).
LONG_COLUMNS = ("指标键", "指标名称", "年度", "截止月", "县区", "数值", "单位", "显示")


def indicator_rows(
    year: int, through_month: int, county: str, indicators: Iterable[Sequence]
) -> list[list[Cell]]:
    """The long sheet's rows of one selection; ``indicators`` are ``(key, name, unit, value,
    display)``, values unrounded (``None`` or NaN for no value)."""
    rows: list[list[Cell]] = []
    for key, name, unit, value, display in indicators:
        number = value if _is_number(value) else None
        rows.append([key, name, int(year), int(through_month), county, number, unit, display])
    return rows


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def long_sheet(rows: Sequence[Sequence[Cell]]) -> Sheet:
    """长表: :data:`LONG_COLUMNS`, one row per indicator × year × cut-off × county."""
    return Sheet("长表", LONG_COLUMNS, rows, widths={0: 34, 1: 30, 5: 16, 7: 18})


def wide_sheet(rows: Sequence[Sequence[Cell]], *, period=None) -> Sheet:
    """宽表: one row per indicator, one column per year × cut-off × county of ``rows`` (rows
    of :func:`indicator_rows`); ``period`` writes a cut-off month (1－10月)."""
    places: dict[tuple, None] = {}
    names: dict[str, tuple[Cell, Cell]] = {}
    cells: dict[tuple[Cell, tuple], Cell] = {}
    for key, name, year, month, county, value, unit, _display in rows:
        place = (year, month, county)
        places.setdefault(place, None)
        names.setdefault(str(key), (name, unit))
        cells[(key, place)] = value
    columns = ["指标键", "指标名称", "单位"]
    for year, month, county in places:
        shown = period(month) if period is not None else f"{month}月"
        columns.append(f"{year}年{shown} {county}")
    table = [
        [key, name, unit, *(cells.get((key, place)) for place in places)]
        for key, (name, unit) in names.items()
    ]
    return Sheet("宽表", columns, table, widths={0: 34, 1: 30})
