"""An .xlsx package measured against :mod:`.limits` before python-calamine is handed it.

Everything here streams: a part is read in chunks through :mod:`zipfile` (whose reader stops
at the size the package declares), with a running count of its bytes, and searched with
regular expressions, never parsed into a tree, so time is linear in the package and memory
bounded by one chunk and one cell.

- :func:`check_package`: parts, their declared uncompressed sizes and compression ratios
  (a zip bomb is refused before a byte of it is inflated);
- :func:`blank_strings`: which shared strings are blank (a cell pointing at one holds
  nothing real), with the shared strings' size and count checked;
- :func:`scan_worksheet`: a worksheet's real used range (cells holding a value or a
  formula) and its far cells that hold nothing (empty text, a format only);
- :func:`without_far_blanks`: an in-memory copy of the package without those far blank cells,
  for calamine to read when they would make it allocate beyond the limits (nothing on disk
  is changed).

A part declaring a document type (``<!DOCTYPE``, ``<!ENTITY``: never written by Excel or WPS)
is refused wherever the declaration stands, so no entity is ever expanded.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..errors import UnreadableWorkbook
from .cells import cell_ref, column_letter
from .limits import LIMITS, WorkbookLimits

__all__ = [
    "SheetExtent",
    "check_package",
    "blank_strings",
    "scan_worksheet",
    "without_far_blanks",
]

_CHUNK = 1 << 20
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
_PFX = rb"(?:[A-Za-z_][\w.-]*:)?"
_ATTRS = rb"((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*"
#: A whole row (``<row …/>`` or ``<row …>…</row>``), or a cell standing outside any row.
_ROW = re.compile(
    rb"<"
    + _PFX
    + rb"(?:(row)"
    + _ATTRS
    + rb"(?:/>|>([^<]*(?:<(?!/"
    + _PFX
    + rb"row\s*>)[^<]*)*)</"
    + _PFX
    + rb"row\s*>)|c[\s/>])"
)
#: A whole cell: ``<c …/>`` or ``<c …>…</c>``.
_CELL = re.compile(
    rb"<"
    + _PFX
    + rb"c(?=[\s/>])"
    + _ATTRS
    + rb"(?:/>|>([^<]*(?:<(?!/"
    + _PFX
    + rb"c\s*>)[^<]*)*)</"
    + _PFX
    + rb"c\s*>)"
)
_CELL_R = re.compile(rb"\sr\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?([0-9]{1,9})[\"']")
_ROW_R = re.compile(rb"\sr\s*=\s*[\"']([0-9]{1,9})[\"']")
_KIND = re.compile(rb"\st\s*=\s*[\"'](\w+)[\"']")
_FORMULA = re.compile(rb"<" + _PFX + rb"f[\s/>]")
_VALUE = re.compile(rb"<" + _PFX + rb"v(?:\s[^>]*)?>([^<]*)<")
_TAG = re.compile(rb"<[^>]*>")
_SI = re.compile(
    rb"<"
    + _PFX
    + rb"si(?:\s[^>]*)?(?:/>|>([^<]*(?:<(?!/"
    + _PFX
    + rb"si\s*>)[^<]*)*)</"
    + _PFX
    + rb"si\s*>)"
)
_ROW_START = re.compile(rb"<" + _PFX + rb"row[\s/>]")
_LETTERS = re.compile(rb"\$?([A-Za-z]{1,3})")
_NESTED = re.compile(rb"<" + _PFX + rb"c[\s/>]")
_TAIL = 64


class Refused(UnreadableWorkbook):
    """A package over the limits; by default with the advice to keep only the ledger's range."""

    def __init__(self, message: str, allowed: str | None = None):
        super().__init__(message, allowed or "删除表格以外多余的内容后另存为 .xlsx")


@dataclass
class SheetExtent:
    """A worksheet's used range (1-based, counted from A1) and its far blank cells.

    ``rows``/``columns``: the last row and column holding something real; ``reach``: the last
    row and column of any cell holding a value, blank text included (how far calamine would
    allocate); ``blank``: cells beyond the real range holding nothing real, their count and
    the farthest one.
    """

    rows: int = 0
    columns: int = 0
    reach: tuple[int, int] = (0, 0)
    blank: int = 0
    farthest_blank: tuple[int, int] = (0, 0)
    outliers: dict[str, tuple[int, int, str]] = field(default_factory=dict)

    @property
    def area(self) -> str:
        return f"A1:{cell_ref(self.rows - 1, self.columns - 1)}" if self.rows else "（空）"


def _size(n: int) -> str:
    return f"{n / (1 << 20):,.0f} MB" if n >= 1 << 20 else f"{n / 1024:,.0f} KB"


def check_package(zf: zipfile.ZipFile, limits: WorkbookLimits = LIMITS) -> None:
    """Refuse a package with too many parts, a part or a total too large once inflated, or a
    part compressed far beyond what XML allows (a zip bomb), from the sizes it declares."""
    infos = zf.infolist()
    if len(infos) > limits.parts:
        raise Refused(f"工作簿包含 {len(infos):,} 个部件，超过上限 {limits.parts:,} 个")
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > limits.part_bytes:
            raise Refused(
                f"工作簿中的部件 {info.filename} 解压后有 {_size(size)}，超过上限 "
                f"{_size(limits.part_bytes)}"
            )
        if size > limits.ratio_floor and size > limits.ratio * max(info.compress_size, 1):
            raise Refused(
                f"工作簿中的部件 {info.filename} 压缩比异常（{_size(info.compress_size)} 解压后为 "
                f"{_size(size)}，超过 {limits.ratio} 倍），疑似“压缩炸弹”，未读取",
                "Excel 或 WPS 正常保存的 .xlsx 工作簿",
            )
    if total > limits.package_bytes:
        raise Refused(f"工作簿解压后共有 {_size(total)}，超过上限 {_size(limits.package_bytes)}")


def _chunks(zf: zipfile.ZipFile, part: str, cap: int, what: str) -> Iterator[bytes]:
    """The bytes of ``part`` in chunks; refused past ``cap`` bytes or at a document type."""
    seen = 0
    tail = b""
    with zf.open(part) as fh:
        while chunk := fh.read(_CHUNK):
            seen += len(chunk)
            if seen > cap:
                raise Refused(f"{what} 解压后超过上限 {_size(cap)}")
            if _DOCTYPE.search(tail + chunk):
                raise Refused(
                    f"{what} 含有文档类型声明（<!DOCTYPE 或 <!ENTITY），Excel 与 WPS 从不写入，"
                    "可能是恶意文件，未读取",
                    "Excel 或 WPS 正常保存的 .xlsx 工作簿",
                )
            tail = chunk[-_TAIL:]
            yield chunk


def _complete(
    buffer: bytes, pattern: re.Pattern[bytes], opening: re.Pattern[bytes] | None
) -> Iterator[re.Match[bytes]]:
    """The matches of ``pattern`` in ``buffer`` up to the first ``opening`` left unmatched
    (an element the buffer holds only the beginning of)."""
    end = 0
    for m in pattern.finditer(buffer):
        if opening is not None and opening.search(buffer, end, m.start()):
            return
        end = m.end()
        yield m


def _items(
    zf: zipfile.ZipFile,
    part: str,
    cap: int,
    what: str,
    pattern: re.Pattern[bytes],
    limit: int,
    opening: re.Pattern[bytes] | None = None,
) -> Iterator[re.Match[bytes]]:
    """Every match of ``pattern`` in ``part``, streamed: what is left after the last match
    of a chunk waits for the next one, up to ``limit`` bytes (one row or string)."""
    carry = b""
    for chunk in _chunks(zf, part, cap, what):
        buffer = carry + chunk
        end = 0
        for m in _complete(buffer, pattern, opening):
            end = m.end()
            yield m
        carry = buffer[end:]
        if len(carry) > limit:
            cut = carry.rfind(b">", 0, len(carry) - limit // 2)
            if cut < 0:
                raise Refused(f"{what}中有一段超过 {_size(limit)} 的内容，不是正常的表格数据")
            carry = carry[cut + 1 :]


def blank_strings(zf: zipfile.ZipFile, limits: WorkbookLimits = LIMITS) -> bytearray:
    """1 for each shared string that is blank (empty or spaces), 0 for the others, after
    checking the shared strings' size and count against ``limits``."""
    flags = bytearray()
    for part in zf.namelist():
        if not part.lower().endswith("sharedstrings.xml"):
            continue
        what = f"共享字符串（{part}）"
        for m in _items(zf, part, limits.shared_strings_bytes, what, _SI, limits.cell_bytes):
            body = m.group(1) or b""
            flags.append(0 if _TAG.sub(b"", body).strip() else 1)
            if len(flags) > limits.shared_strings:
                raise Refused(f"{what}超过 {limits.shared_strings:,} 条，超过上限")
    return flags


def _column(letters: bytes, cache: dict[bytes, int]) -> int:
    found = cache.get(letters)
    if found is None:
        found = 0
        for ch in letters.upper():
            found = found * 26 + ch - 64
        cache[letters] = found
    return found


def _holds(body: bytes | None, attrs: bytes, blanks: bytearray) -> tuple[bool, str]:
    """Whether a cell's XML holds a value or a formula, and the text it shows (for messages)."""
    if not body:
        return False, ""
    if _FORMULA.search(body):
        return True, "（公式）"
    kind = _KIND.search(attrs)
    if kind is not None and kind.group(1) == b"s":
        value = _VALUE.search(body)
        index = value.group(1).strip() if value else b""
        if not index:
            return False, ""
        if index.isdigit() and int(index) < len(blanks) and blanks[int(index)]:
            return False, ""
        return True, ""
    text = _TAG.sub(b"", body).strip()
    return bool(text), text[:60].decode("utf-8", "replace")


@dataclass
class _Walk:
    """The position and findings of a scan of one worksheet."""

    blanks: bytearray
    extent: SheetExtent = field(default_factory=SheetExtent)
    row: int = 0
    col: int = 0
    reach_rows: int = 0
    reach_cols: int = 0
    cache: dict[bytes, int] = field(default_factory=dict)

    def last_column(self, body: bytes) -> int | None:
        """The column of a row's last cell, when every cell of the row states its place."""
        at = body.rfind(b' r="')
        if at < 0 or body.count(b"<c") != body.count(b' r="'):
            return None
        letters = _LETTERS.match(body, at + 4)
        return _column(letters.group(1), self.cache) if letters else None

    def start_row(self, attrs: bytes) -> None:
        ref = _ROW_R.search(attrs)
        self.row = int(ref.group(1)) if ref else self.row + 1
        self.col = 0

    def row_cells(self, body: bytes) -> None:
        """The cells of a row, until the rest cannot change the ranges (a row's cells are in
        order, so the last one has the largest column)."""
        ext = self.extent
        last = self.last_column(body)
        for m in _CELL.finditer(body):
            self.cell(m.group(1), m.group(2))
            if last is not None and self.row <= ext.rows and last <= ext.columns:
                return

    def cell(self, attrs: bytes, body: bytes | None) -> None:
        if body and _NESTED.search(body):
            raise Refused(
                f"工作表的 XML 结构异常：单元格 {cell_ref(max(self.row, 1) - 1, self.col)} 附近有未闭合的单元格",
                "Excel 或 WPS 正常保存的 .xlsx 工作簿",
            )
        ref = _CELL_R.search(attrs)
        if ref is not None:
            self.col = _column(ref.group(1), self.cache)
            self.row = int(ref.group(2)) or self.row
        else:
            self.col += 1
        ext = self.extent
        row, col = self.row, self.col
        if row <= ext.rows and col <= ext.columns:
            return  # inside the real range: whatever it holds, the range stays
        real, shown = _holds(body, attrs, self.blanks)
        if real:
            if row > ext.rows:
                ext.rows = row
                ext.outliers["row"] = (row, col, shown)
            if col > ext.columns:
                ext.columns = col
                ext.outliers["column"] = (row, col, shown)
            return
        if body is not None:  # a value, blank: calamine keeps it
            self.reach_rows = max(self.reach_rows, row)
            self.reach_cols = max(self.reach_cols, col)
        ext.blank += 1
        far = ext.farthest_blank
        if (row, col) > far:
            ext.farthest_blank = (row, col)


def scan_worksheet(
    zf: zipfile.ZipFile,
    part: str,
    blanks: bytearray,
    limits: WorkbookLimits = LIMITS,
) -> SheetExtent:
    """The real used range of a worksheet and its far blank cells, streamed.

    Raises :class:`Refused` when the real range is over ``limits``, naming the cell that
    makes it so (its value when it is text) and the limit.
    """
    walk = _Walk(blanks)
    what = "工作表的 XML"
    for m in _items(zf, part, limits.part_bytes, what, _ROW, limits.row_bytes, _ROW_START):
        if not m.group(1):
            raise _stray(walk.row)
        walk.start_row(m.group(2))
        if m.group(3):
            walk.row_cells(m.group(3))
    ext = walk.extent
    ext.reach = (max(walk.reach_rows, ext.rows), max(walk.reach_cols, ext.columns))
    _refuse_if_over(ext, limits)
    return ext


def _stray(row: int) -> Refused:
    return Refused(
        f"工作表的 XML 结构异常：第 {row + 1} 行附近有不在任何行中的单元格",
        "Excel 或 WPS 正常保存的 .xlsx 工作簿",
    )


def _refuse_if_over(ext: SheetExtent, limits: WorkbookLimits) -> None:
    over = []
    if ext.rows > limits.rows:
        over.append(f"行数上限 {limits.rows:,}")
    if ext.columns > limits.columns:
        over.append(f"列数上限 {limits.columns:,}（{column_letter(limits.columns - 1)} 列）")
    if ext.rows * ext.columns > limits.cells:
        over.append(f"单元格上限 {limits.cells:,} 个（行数 × 列数，从 A1 算起）")
    if not over:
        return
    cells = []
    for row, col, shown in dict.fromkeys(ext.outliers.values()):
        if row * col and (row, col, shown) not in cells:
            cells.append((row, col, shown))
    named = "、".join(cell_ref(r - 1, c - 1) for r, c, _ in cells)
    shown = "、".join(s for _, _, s in cells if s)
    raise Refused(
        f"单元格 {named} 有内容{f'（值：{shown}）' if shown else ''}，使已用区域达到 {ext.area}（{ext.rows:,} 行 × "
        f"{ext.columns:,} 列），超过{'、'.join(over)}，未读取此工作表",
        "删除远处多余的单元格内容（或整行整列），使表格在上限以内，另存后再试",
    )


def far_blank_notice(ext: SheetExtent, limits: WorkbookLimits = LIMITS) -> str | None:
    """The notice for far blank cells beyond ``limits`` (ignored), or None."""
    row, col = ext.farthest_blank
    if not ext.blank or (
        row <= limits.rows and col <= limits.columns and row * col <= limits.cells
    ):
        return None
    return (
        f"单元格 {cell_ref(row - 1, col - 1)} 等远处单元格没有内容（只有格式或空文本），"
        f"已忽略；只读取有内容的区域 {ext.area}"
    )


def needs_copy(ext: SheetExtent, limits: WorkbookLimits = LIMITS) -> bool:
    """Whether calamine, reading the sheet as it is, would allocate beyond ``limits``."""
    rows, cols = ext.reach
    return rows > limits.rows or cols > limits.columns or rows * cols > limits.cells


def _strip_row(match: re.Match[bytes], ext: SheetExtent, walk: _Walk) -> bytes:
    """A row as written, without its cells beyond the real range (all blank)."""
    if not match.group(1):
        raise _stray(walk.row)
    walk.start_row(match.group(2))
    body = match.group(3)
    if not body:
        return match.group(0)
    last = walk.last_column(body)
    if walk.row <= ext.rows and last is not None and last <= ext.columns:
        return match.group(0)

    def keep(cell: re.Match[bytes]) -> bytes:
        ref = _CELL_R.search(cell.group(1))
        if ref is not None:
            walk.col = _column(ref.group(1), walk.cache)
        else:
            walk.col += 1
        inside = walk.row <= ext.rows and walk.col <= ext.columns
        return cell.group(0) if inside else b""

    start, end = match.span(3)
    whole = match.group(0)
    offset = match.start()
    return whole[: start - offset] + _CELL.sub(keep, body) + whole[end - offset :]


def without_far_blanks(
    zf: zipfile.ZipFile,
    part: str,
    ext: SheetExtent,
    blanks: bytearray,
    limits: WorkbookLimits = LIMITS,
) -> io.BytesIO:
    """An in-memory copy of the package whose ``part`` lacks the cells beyond the real range
    (all blank: :func:`scan_worksheet` refused any other). The file on disk is not touched."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
        for info in zf.infolist():
            if info.filename != part:
                copy.writestr(info.filename, zf.read(info.filename))
                continue
            walk = _Walk(blanks)
            with copy.open(info.filename, "w", force_zip64=True) as fh:
                carry = b""
                for chunk in _chunks(zf, part, limits.part_bytes, "工作表的 XML"):
                    buffer = carry + chunk
                    end = 0
                    pieces: list[bytes] = []
                    for m in _complete(buffer, _ROW, _ROW_START):
                        pieces.append(buffer[end : m.start()])
                        pieces.append(_strip_row(m, ext, walk))
                        end = m.end()
                    carry = buffer[end:]
                    if len(carry) > limits.row_bytes:  # as _items does: no row is this long
                        cut = carry.rfind(b">", 0, len(carry) - limits.row_bytes // 2) + 1
                        pieces.append(carry[:cut])
                        carry = carry[cut:]
                    fh.write(b"".join(pieces))
                fh.write(carry)
    out.seek(0)
    return out
