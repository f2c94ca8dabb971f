"""What an .xlsx file says beyond its cell values: formulas without results, error cells,
number formats that show a unit, the 1904 date system.

python-calamine (:mod:`.workbook`) reads the values of a worksheet fast and in little memory,
but it reads a formula whose result was never stored (a workbook written by a program and
never opened in Excel) and an error cell (``#DIV/0!``) as an empty cell, and it does not say
which number format a cell has. This module reads those facts from the package itself:

- ``xl/workbook.xml``: the sheets' parts, the 1904 date system, and ``fullCalcOnLoad`` (set
  by programs that write formulas without computing them; Excel removes it when it saves);
- ``xl/styles.xml``: which cell styles show a unit (``0.00"万元"``) or a percentage;
- a worksheet part, streamed, only when it holds formulas or errors or uses such a style.

XML is parsed with the standard library; a part with a document type declaration (which no
spreadsheet program writes) is refused, so no entity is ever expanded.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field

from ..errors import UnsafeXml
from ..units import MEASURE_WORDS, is_unit, looks_like_unit, normalize_unit
from .limits import LIMITS

__all__ = [
    "BookInfo",
    "SheetFacts",
    "book_info",
    "scan_sheet",
    "number_format_unit",
    "UnsafeXml",
    "column_index",
]

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_BUILTIN_PERCENT = {9, 10}
_CHUNK = 1 << 16


@dataclass
class BookInfo:
    """Workbook-wide facts of an .xlsx package."""

    date1904: bool = False
    recalc: bool = False  # fullCalcOnLoad: stored formula results are not to be trusted
    parts: dict[str, str] = field(default_factory=dict)  # sheet name -> worksheet part
    styles: dict[int, str] = field(default_factory=dict)  # cell style -> unit or "%"


@dataclass
class SheetFacts:
    """Cells of one worksheet whose value python-calamine cannot give (0-based positions)."""

    uncomputed: set[tuple[int, int]] = field(default_factory=set)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    formats: dict[tuple[int, int], str] = field(default_factory=dict)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)


def _deep(depth: int) -> UnsafeXml:
    return UnsafeXml(f"XML 元素嵌套超过 {depth} 层")


def _parse(data: bytes) -> ET.Element:
    """A small part (workbook, relationships, styles) as a tree: refused when it declares a
    document type anywhere or nests deeper than the limit (a tree that deep costs memory)."""
    if _DOCTYPE.search(data):
        raise UnsafeXml("含有文档类型声明")
    parser: ET.XMLPullParser = ET.XMLPullParser(events=("start", "end"))
    depth = 0
    root: ET.Element | None = None
    for at in range(0, len(data), _CHUNK):
        parser.feed(data[at : at + _CHUNK])
        for event, el in parser.read_events():  # type: ignore[misc]
            if event == "start":
                depth += 1
                if root is None:
                    root = el  # type: ignore[assignment]
                if depth > LIMITS.depth:
                    raise _deep(LIMITS.depth)
            else:
                depth -= 1
    parser.close()
    if root is None:
        raise ET.ParseError("no element found")
    return root


def _read(zf: zipfile.ZipFile, name: str) -> bytes | None:
    """A small part of the package, whole; refused over the limit for one part."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > LIMITS.meta_bytes:
        raise UnsafeXml(f"部件 {name} 过大（超过 {LIMITS.meta_bytes >> 20} MB）")
    return zf.read(name)


def number_format_unit(code: str | None) -> str | None:
    """The unit a number format shows after the number, ``"%"`` for a percentage, or None.

    >>> number_format_unit('#,##0.00"万元"'), number_format_unit("0.00%")
    ('万元', '%')
    >>> number_format_unit('"¥"#,##0.00'), number_format_unit('yyyy"年"m"月"'), number_format_unit("General")
    (None, None, None)
    >>> number_format_unit('0.0"万人"'), number_format_unit('0"人"')
    ('万人', None)
    """
    if not code:
        return None
    section = re.split(r";(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", code)[0]
    literal: list[str] = []
    percent = False
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            literal.append(section[i + 1 : end])
            i = end + 1
            continue
        if ch == "\\" and i + 1 < len(section):
            literal.append(section[i + 1])
            i += 2
            continue
        if ch == "[":
            end = section.find("]", i)
            i = len(section) if end < 0 else end + 1
            continue
        if ch == "%":
            percent = True
        elif ch in "_*":
            i += 2
            continue
        elif unicodedata.category(ch).startswith("L") and ord(ch) > 0x2E7F:
            literal.append(ch)  # a CJK character written without quotes (WPS does this)
        i += 1
    text = "".join(literal).replace(" ", "").strip()
    if percent:
        return "%"
    if not text or text in MEASURE_WORDS:
        return None
    if is_unit(text):
        return normalize_unit(text)
    # a multiplier or a unit the loader does not know (万人, 美元): returned as written, so
    # that it is refused rather than ignored
    return text if looks_like_unit(text) or any(ch in text for ch in "万亿千百") else None


def book_info(zf: zipfile.ZipFile) -> BookInfo:
    """Sheets' parts, date system, recalculation flag and unit styles of a package."""
    info = BookInfo()
    workbook = _read(zf, "xl/workbook.xml")
    if workbook is None:
        return info
    targets = _relationship_targets(zf)
    for el in _parse(workbook).iter():
        tag = _local(el.tag)
        if tag == "workbookPr":
            info.date1904 = el.get("date1904", "0").lower() in ("1", "true")
        elif tag == "calcPr":
            info.recalc = el.get("fullCalcOnLoad", "0").lower() in ("1", "true")
        elif tag == "sheet":
            rid = el.get(f"{{{_REL_NS}}}id") or el.get("id")
            name = el.get("name")
            if name is not None and rid in targets:
                info.parts[name] = targets[rid]
    info.styles = _unit_styles(zf)
    return info


def _relationship_targets(zf: zipfile.ZipFile) -> dict[str, str]:
    """The workbook's relationships: id → the part's path in the package."""
    rels = _read(zf, "xl/_rels/workbook.xml.rels")
    targets: dict[str, str] = {}
    if rels is not None:
        for rel in _parse(rels):
            target = rel.get("Target", "")
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join("xl", target))
            )
            targets[rel.get("Id", "")] = path
    return targets


def _unit_styles(zf: zipfile.ZipFile) -> dict[int, str]:
    """The cell styles (xf index) whose number format shows a unit or a percentage."""
    styles = _read(zf, "xl/styles.xml")
    if styles is None:
        return {}
    codes: dict[int, str] = {}
    xfs: list[int] = []
    for el in _parse(styles):
        if _local(el.tag) == "numFmts":
            for fmt in el:
                written = fmt.get("numFmtId", "")
                if written.isdigit():
                    codes[int(written)] = fmt.get("formatCode", "")
        elif _local(el.tag) == "cellXfs":
            xfs = [int(xf.get("numFmtId", "0") or 0) for xf in el]
    found: dict[int, str] = {}
    for index, fmt_id in enumerate(xfs):
        unit = "%" if fmt_id in _BUILTIN_PERCENT else number_format_unit(codes.get(fmt_id))
        if unit:
            found[index] = unit
    return found


_FORMULA_OR_ERROR = re.compile(rb"<(?:[A-Za-z][\w.-]*:)?f[\s>/]|\st=\"e\"")


def _worth_scanning(zf: zipfile.ZipFile, part: str, styles: dict[int, str]) -> bool:
    """Whether the sheet has a formula, an error cell or a cell in a unit-showing style
    (a quick search of the raw XML; the parse that follows decides)."""
    wanted = _FORMULA_OR_ERROR.pattern
    if styles:
        ids = "|".join(str(i) for i in sorted(styles)).encode()
        wanted += rb"|\ss=\"(?:" + ids + rb")\""
    pattern = re.compile(wanted)
    tail = b""
    with zf.open(part) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                return False
            if pattern.search(tail + chunk):
                return True
            tail = chunk[-32:]


def column_index(ref: str) -> tuple[int, int] | None:
    """0-based (row, column) of an A1 reference.

    >>> column_index("B3"), column_index("AA10")
    ((2, 1), (9, 26))
    """
    m = re.match(r"^\$?([A-Za-z]{1,3})\$?(\d+)$", ref)
    if not m:
        return None
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def scan_sheet(zf: zipfile.ZipFile, part: str, info: BookInfo) -> SheetFacts:
    """Formulas without a stored result, error cells and unit-showing formats of a sheet.

    The worksheet is streamed (never held whole); it is only searched, not parsed, when it has
    no formula, no error cell and no cell in a style that shows a unit or a percentage.
    """
    facts = SheetFacts()
    if part not in zf.namelist():
        return facts
    with zf.open(part) as fh:
        head = fh.read(4096)
    if _DOCTYPE.search(head):
        raise UnsafeXml("含有文档类型声明")
    if not _worth_scanning(zf, part, info.styles):
        return facts
    _scan_cells(zf, part, info, facts)
    return facts


def _scan_cells(zf: zipfile.ZipFile, part: str, info: BookInfo, facts: SheetFacts) -> None:
    """Stream the worksheet's cells into ``facts``, keeping memory flat."""
    row = -1
    col = -1
    rows_parent = None
    depth = 0
    with zf.open(part) as fh:
        for event, el in ET.iterparse(fh, events=("start", "end")):
            tag = _local(el.tag)
            depth += 1 if event == "start" else -1
            if depth > LIMITS.depth:
                raise _deep(LIMITS.depth)
            if event == "start":
                if tag == "sheetData":
                    rows_parent = el
                elif tag == "row":
                    r = el.get("r")
                    row = int(r) - 1 if r and r.isdigit() else row + 1
                    col = -1
                elif tag == "c":
                    pos = column_index(el.get("r", "")) if el.get("r") else None
                    col = pos[1] if pos else col + 1
                continue
            if tag == "c":
                _cell_facts(el, (row, col), info, facts)
                el.clear()
            elif tag == "row":
                el.clear()
                if rows_parent is not None and len(rows_parent) and rows_parent[-1] is el:
                    del rows_parent[-1]  # keep memory flat on sheets of a million rows


def _cell_facts(el: ET.Element, pos: tuple[int, int], info: BookInfo, facts: SheetFacts) -> None:
    """What one ``<c>`` element tells: an error, a formula without result, a unit format."""
    formula = value = None
    for child in el:
        name = _local(child.tag)
        if name == "f":
            formula = child
        elif name == "v":
            value = child
    kind = el.get("t", "n")
    if kind == "e":
        facts.errors[pos] = (value.text or "#错误") if value is not None else "#错误"
    elif formula is not None and (
        info.recalc or value is None or (not value.text and kind != "str")
    ):
        facts.uncomputed.add(pos)
    style = el.get("s")
    if (
        style
        and style.isdigit()
        and int(style) in info.styles
        and value is not None
        and value.text
        and kind == "n"
    ):
        facts.formats[pos] = info.styles[int(style)]
