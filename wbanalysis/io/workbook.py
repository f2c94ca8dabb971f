"""Spreadsheet files → :class:`~.cells.Grid` per sheet: .xlsx/.xlsm, legacy .xls, WPS .et.

- .xlsx/.xlsm are read with python-calamine (fast; only cells that hold a value are kept, so a
  sheet formatted down to row 1,048,576 costs no more than its data), completed by
  :mod:`.ooxml` with what calamine cannot tell (formulas without results, error cells, units
  shown by number formats, the 1904 date system).
- .xls (Excel 97–2003, BIFF8) and WPS .et files of that format are read with xlrd, which gives
  merged ranges, number formats, hidden sheets and the date system as well.

A file is recognised by its content, not its name: an .xls renamed .xlsx is read as .xls (with
a notice), and an encrypted, truncated, HTML or text file gets its own sentence.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import UnreadableWorkbook
from .cells import UNCOMPUTED, CellError, Grid
from .limits import LIMITS
from .ooxml import BookInfo, UnsafeXml, book_info, number_format_unit, scan_sheet
from .xlsxguard import (
    Refused,
    blank_strings,
    check_package,
    far_blank_notice,
    needs_copy,
    scan_worksheet,
    without_far_blanks,
)

__all__ = ["open_workbook", "Unreadable", "SheetInfo", "SPREADSHEET_SUFFIXES"]

#: File suffixes read as workbooks.
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SAVE_AS = "Excel 或 WPS 的 .xlsx/.xls 工作簿"
_PASSWORD = "文件设置了打开密码，请取消密码后再试"


class Unreadable(UnreadableWorkbook):
    """:class:`~wbanalysis.errors.UnreadableWorkbook`, by default with the advice to save the
    file again as .xlsx."""

    def __init__(self, message: str, allowed: str | None = _SAVE_AS):
        super().__init__(message, allowed)


@dataclass(frozen=True)
class SheetInfo:
    """A sheet of a workbook, before reading its cells."""

    name: str
    hidden: bool = False
    chart: bool = False


def _sniff(data: bytes) -> str:
    head = data[:2048]
    if not head:
        return "empty"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(_OLE):
        return "ole"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        return "xml2003"
    if (
        text.startswith((b"<html", b"<!doctype html", b"<table", b"<meta", b"<?xml"))
        or b"<html" in text[:512]
    ):
        return "html"
    if b"\x00" not in head:
        return "text"
    return "binary"


def _is_encrypted_ooxml(data: bytes) -> bool:
    return _ENCRYPTED in data


def open_workbook(path: Path, notices: list[str], data: bytes | None = None):
    """The workbook at ``path``, read by what it is; raises :class:`Unreadable`.

    ``data``: the file's bytes as already read (only they are parsed; ``path`` gives the
    suffix). ``notices`` receives a sentence when the file is not what its name says but is
    read.
    """
    suffix = path.suffix.lower()
    if data is None:
        data = path.read_bytes()
    kind = _sniff(data)
    if kind == "empty":
        raise Unreadable("文件为空", "有效的 .xlsx/.xls 工作簿")
    if kind == "zip":
        if suffix in (".xls", ".et"):
            notices.append(f"文件扩展名为 {suffix}，内容实为 .xlsx 工作簿，已按 .xlsx 读取")
        return _XlsxBook(path, data)
    if kind == "ole":
        if _is_encrypted_ooxml(data):
            raise Unreadable(_PASSWORD, "未加密的工作簿")
        book = _XlsBook(data, suffix)
        if suffix in (".xlsx", ".xlsm"):
            notices.append(f"文件扩展名为 {suffix}，内容实为旧版 .xls 工作簿，已按 .xls 读取")
        return book
    if kind == "xml2003":
        raise Unreadable(
            "文件是“XML 电子表格 2003”格式，无法读取：请在 Excel 或 WPS 中打开，另存为 .xlsx 后再试"
        )
    if kind == "html":
        raise Unreadable(
            f"文件扩展名为 {suffix}，内容却是网页（HTML）表格，无法读取：请在 Excel 或 "
            "WPS 中打开，另存为 .xlsx 后再试"
        )
    if kind == "text":
        raise Unreadable(
            f"文件扩展名为 {suffix}，内容却是文本（可能是 CSV），无法按工作簿读取：请在 "
            "Excel 或 WPS 中打开，另存为 .xlsx 后再试（或把扩展名改为 .csv）"
        )
    raise Unreadable(f"文件不是 Excel 或 WPS 工作簿（扩展名为 {suffix}），无法读取")


class _XlsxBook:
    """An .xlsx/.xlsm package: values from python-calamine, the rest from :mod:`.ooxml`."""

    def __init__(self, path: Path, data: bytes) -> None:
        import python_calamine as pc

        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise Unreadable(
                "无法读取工作簿：文件不完整或已损坏（可能下载或复制时中断），请重新获取原文件"
            ) from None
        names = set(self._zip.namelist())
        if "xl/workbook.xml" not in names:
            self._zip.close()
            what = (
                "Word 文档"
                if "word/document.xml" in names
                else "PowerPoint 演示文稿"
                if "ppt/presentation.xml" in names
                else "压缩包"
            )
            raise Unreadable(f"无法读取工作簿：文件是{what}，不是 Excel 工作簿")
        self.notices: list[str] = []  # sentences about the last sheet read
        try:
            check_package(self._zip, LIMITS)
            self._blanks = blank_strings(self._zip, LIMITS)
        except Refused as exc:
            self._zip.close()
            raise Unreadable(exc.message, exc.allowed) from None
        except (zipfile.BadZipFile, OSError) as exc:
            self._zip.close()
            raise Unreadable(f"无法读取工作簿：文件已损坏（{_what(exc)}）") from None
        try:
            self._info: BookInfo = book_info(self._zip)
            # the bytes already read (never the file again); the content decides the parser
            self._book = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        except pc.PasswordError:
            self._zip.close()
            raise Unreadable(_PASSWORD, "未加密的工作簿") from None
        except (
            pc.CalamineError,
            ET.ParseError,
            UnsafeXml,
            zipfile.BadZipFile,
            KeyError,
            ValueError,
            OSError,
        ) as exc:
            self._zip.close()
            raise Unreadable(f"无法读取工作簿：文件已损坏（{_what(exc)}）") from None
        visible = pc.SheetVisibleEnum.Visible
        self.sheets = [
            SheetInfo(m.name, m.visible != visible, m.typ != pc.SheetTypeEnum.WorkSheet)
            for m in self._book.sheets_metadata
        ]

    def _sheet(self, name: str):
        """Calamine's sheet ``name``, once its XML is measured against the limits: read from an
        in-memory copy without its far blank cells when they would reach beyond them."""
        import python_calamine as pc

        part = self._info.parts.get(name, "")
        if part not in self._zip.namelist():
            return self._book.get_sheet_by_name(name)
        extent = scan_worksheet(self._zip, part, self._blanks, LIMITS)
        notice = far_blank_notice(extent, LIMITS)
        if notice:
            self.notices.append(notice)
        if not needs_copy(extent, LIMITS):
            return self._book.get_sheet_by_name(name)
        copy = pc.CalamineWorkbook.from_filelike(
            without_far_blanks(self._zip, part, extent, self._blanks, LIMITS)
        )
        try:
            return copy.get_sheet_by_name(name)
        finally:
            copy.close()

    def read(self, name: str) -> Grid:
        import python_calamine as pc

        self.notices = []
        try:
            sheet = self._sheet(name)
            rows = _rows(sheet)
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
            facts = scan_sheet(self._zip, self._info.parts.get(name, ""), self._info)
        except Refused as exc:
            raise Unreadable(exc.message, exc.allowed) from None
        except (
            pc.CalamineError,
            ET.ParseError,
            UnsafeXml,
            zipfile.BadZipFile,
            KeyError,
            ValueError,
            OSError,
        ) as exc:
            raise Unreadable(f"无法读取工作表「{name}」：文件已损坏（{_what(exc)}）") from None
        overlay = {
            **{pos: UNCOMPUTED for pos in facts.uncomputed},
            **{pos: CellError(text) for pos, text in facts.errors.items()},
        }
        for (i, j), value in overlay.items():
            while len(rows) <= i:
                rows.append([])
            row = rows[i]
            if len(row) <= j:
                row.extend([""] * (j + 1 - len(row)))
            row[j] = value
        while rows and not any(v != "" for v in rows[-1]):
            rows.pop()
        return Grid(name, rows, merged, facts.formats, self._info.date1904)

    def close(self) -> None:
        self._book.close()
        self._zip.close()


_WHAT = {
    "BadZipFile": "压缩结构损坏",
    "ParseError": "XML 格式错误",
    "KeyError": "缺少部件",
    "PasswordError": "设置了密码",
}


def _what(exc: BaseException) -> str:
    """What went wrong, in Chinese (never the name of a Python class)."""
    if isinstance(exc, UnsafeXml):
        return f"{exc.message}，可能是恶意文件"
    return _WHAT.get(type(exc).__name__, "读取器无法解析其内容")


def _rows(sheet) -> list[list[object]]:
    """The rows of a calamine sheet from Excel row 1 and column A, streamed: a long run of
    empty rows costs nothing unless data follows it."""
    start = sheet.start
    if start is None or sheet.end is None:
        return []
    left = [""] * start[1]  # calamine's rows begin at the first column holding data
    rows: list[list[object]] = []
    blank = 0
    for row in sheet.iter_rows():  # empty rows first, down to the first row with data
        if all(v == "" for v in row):
            blank += 1
            continue
        rows.extend([] for _ in range(blank))
        blank = 0
        rows.append(left + list(row))
    return rows


class _XlsBook:
    """A legacy .xls (or WPS .et of that format) workbook, read with xlrd."""

    def __init__(self, data: bytes, suffix: str) -> None:
        import xlrd

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._book = xlrd.open_workbook(
                    file_contents=data, formatting_info=True, logfile=_Silent()
                )
        except xlrd.XLRDError as exc:
            text = str(exc).lower()
            if "encrypt" in text or "password" in text:
                raise Unreadable(_PASSWORD, "未加密的工作簿") from None
            if "can't find workbook" in text:
                if suffix == ".et":
                    raise Unreadable(
                        "无法读取 WPS 表格（.et）文件：请在 WPS 中另存为 .xlsx 后再试"
                    ) from None
                raise Unreadable(
                    "无法读取工作簿：文件不是 Excel 工作簿（可能是 Word 等其他 Office 文件）"
                ) from None
            raise Unreadable(f"无法读取工作簿：文件已损坏（{exc}）") from None
        except Exception as exc:  # noqa: BLE001 - xlrd raises assorted errors on corrupt files
            if suffix == ".et":
                raise Unreadable(
                    "无法读取 WPS 表格（.et）文件：请在 WPS 中另存为 .xlsx 后再试"
                ) from None
            raise Unreadable(f"无法读取工作簿：文件已损坏（{_what(exc)}）") from None
        self.sheets = [SheetInfo(s.name, s.visibility != 0) for s in self._book.sheets()]
        self.notices: list[str] = []  # xlrd keeps only the cells a file holds: nothing to say

    def read(self, name: str) -> Grid:
        import xlrd

        book = self._book
        sheet = book.sheet_by_name(name)
        rows: list[list[object]] = []
        formats: dict[tuple[int, int], str] = {}
        for i in range(sheet.nrows):
            types = sheet.row_types(i)
            values = sheet.row_values(i)
            row: list[object] = []
            for j, (kind, value) in enumerate(zip(types, values)):
                if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    row.append("")
                    continue
                if kind == xlrd.XL_CELL_DATE:
                    try:
                        value = xlrd.xldate_as_datetime(value, book.datemode)
                    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                        pass  # left as the serial number; typing will say what is wrong
                    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
                        value = value.date()
                elif kind == xlrd.XL_CELL_BOOLEAN:
                    value = bool(value)
                elif kind == xlrd.XL_CELL_ERROR:
                    value = CellError(xlrd.error_text_from_code.get(value, "#错误"))
                elif kind == xlrd.XL_CELL_NUMBER:
                    xf = book.xf_list[sheet.cell_xf_index(i, j)]
                    fmt = book.format_map.get(xf.format_key)
                    unit = number_format_unit(fmt.format_str if fmt else None)
                    if unit:
                        formats[(i, j)] = unit
                row.append(value)
            rows.append(row)
        while rows and all(v == "" for v in rows[-1]):
            rows.pop()
        merged = [(r1, c1, r2 - 1, c2 - 1) for r1, r2, c1, c2 in sheet.merged_cells]
        return Grid(name, rows, merged, formats, book.datemode == 1)

    def close(self) -> None:
        self._book.release_resources()


class _Silent:
    """xlrd's log file: its remarks on odd files are not for the analyst."""

    def write(self, text: str) -> None:
        pass
