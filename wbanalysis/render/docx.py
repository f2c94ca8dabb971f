"""Word 文稿 (the Word draft): an executed notebook's blocks → a .docx in official-document format.

The layout follows GB/T 9704-2012 《党政机关公文格式》:

- A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm;
- title 2号 (22 pt) 方正小标宋简体, centred; body 3号 (16 pt) 仿宋_GB2312 on a grid of
  22 lines × 28 characters (fixed line pitch 28.95 pt), first-line indent of two characters;
- headings 一、 in 黑体, （一） in 楷体_GB2312, 1. and （1） in the body font;
- page numbers "— 1 —" in 4号 (14 pt) 宋体, odd pages right, even pages left;
- tables with a repeated header row and column widths from their content; a table too wide
  for the portrait page on landscape pages of its own (page numbers running on);
- charts as pictures at most 95 mm tall (under half a page), captioned 图1 …; a chart with no
  data is left out.

Fonts are set for East Asian text (``w:eastAsia``), so Word on Chinese Windows uses them; the
font table names each one's stand-in (:data:`FALLBACKS`: 宋体, 仿宋, 楷体), which Word and WPS
use on a machine without it. The renderer reads only blocks
(:mod:`wbanalysis.blocks`) and the notebook's plain outputs — never HTML. The file is
byte-for-byte reproducible (fixed document dates and zip entry times).
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import atomic_write_bytes
from ..blocks import SOURCES_MIME, cell_outputs
from ..blocks import where as block_where
from .common import Renderer, figure_caption, notebook_title
from .sanitize import strip_bidi

if TYPE_CHECKING:  # pragma: no cover
    import nbformat

__all__ = [
    "ANNEXES",
    "annex_bytes",
    "annex_path",
    "docx_bytes",
    "publish_docx",
    "edited_draft",
    "FONTS",
    "PAGE",
    "MARGINS_MM",
    "RENDERER",
]

#: East Asian fonts of the official format, by role.
FONTS = {
    "title": "方正小标宋简体",
    "body": "仿宋_GB2312",
    "h2": "黑体",
    "h3": "楷体_GB2312",
    "page": "宋体",
}
#: Latin font used beside them.
LATIN = "Times New Roman"
#: What Word and WPS take for a 公文 font a machine lacks (the font table's ``w:altName``):
#: the Windows system fonts 宋体, 仿宋, 楷体 and 黑体. Each is written with its PANOSE
#: class and the GB2312 character set (86), which guide a word processor's own substitution.
FALLBACKS = {
    "方正小标宋简体": ("宋体", "02000000000000000000", "roman"),
    "仿宋_GB2312": ("仿宋", "02010609030101010101", "modern"),
    "楷体_GB2312": ("楷体", "02010609030101010101", "modern"),
    "黑体": ("SimHei", "02010609060101010101", "modern"),
    "宋体": ("SimSun", "02010600030101010101", "auto"),
    "仿宋": ("FangSong", "02010609060101010101", "modern"),
    "楷体": ("KaiTi", "02010609060101010101", "modern"),
}
#: A4 (mm) and the margins (mm) of GB/T 9704.
PAGE = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
_BODY_PT, _TITLE_PT, _PAGE_PT, _TABLE_PT, _NOTE_PT = 16, 22, 14, 12, 14
_LINE_PITCH_PT = 28.95  # 22 lines in the 225 mm text height
_TEXT_WIDTH_MM = PAGE[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
#: The tallest chart: under half the 225 mm text height with its caption, so a chart that
#: does not fit below the text moves to the next page leaving less than half a page blank.
_FIGURE_HEIGHT_MM = 95


def _fonts(
    element, east_asia: str, size_pt: float | None = None, *, bold: bool = False, latin: str = LATIN
) -> None:
    """Set the Latin and East Asian fonts (and size) of a run or a style."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = element.font
    font.name = latin
    if size_pt is not None:
        font.size = Pt(size_pt)
    font.bold = bold
    rpr = element.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")  # “”、—— in the Chinese font, as the bureau writes them
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _font_table(document) -> None:
    """Name the 公文 fonts in the document's font table with their fallbacks
    (:data:`FALLBACKS`), so that a machine without 方正小标宋简体 or 仿宋_GB2312 shows 宋体 or
    仿宋, not a Latin font."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from lxml import etree

    part = document.part.part_related_by(RT.FONT_TABLE)
    root = parse_xml(part.blob)
    for font in root.findall(qn("w:font")):
        if font.get(qn("w:name")) in FALLBACKS:
            root.remove(font)
    for name, (alternate, panose, family) in FALLBACKS.items():
        font = root.makeelement(qn("w:font"), {qn("w:name"): name})
        for tag, value in (
            ("w:altName", alternate),
            ("w:panose1", panose),
            ("w:charset", "86"),
            ("w:family", family),
            ("w:pitch", "variable"),
        ):
            font.append(font.makeelement(qn(tag), {qn("w:val"): value}))
        root.append(font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _paragraph_format(fmt, *, indent_chars: int = 0, align=None, exact: bool = True) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(_LINE_PITCH_PT)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(_BODY_PT * indent_chars) if indent_chars else Pt(0)
    if align is not None:
        fmt.alignment = align


def _defaults(document) -> None:
    """The document defaults: 3号 仿宋 — the character grid is measured in this size."""
    from docx.oxml.ns import qn

    root = document.styles.element
    defaults = root.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = rpr.makeelement(qn(tag), {})
            rpr.append(el)
        el.set(qn("w:val"), str(_BODY_PT * 2))
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), LATIN)
    rfonts.set(qn("w:eastAsia"), FONTS["body"])


#: Character spacing of body text (twentieths of a point): 28 characters of 16 pt fill the
#: 156 mm text width only when each is 0.25 pt narrower — the line grid alone gives 27.
_CONDENSE = -5


def _condense(style) -> None:
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    rpr.append(rpr.makeelement(qn("w:spacing"), {qn("w:val"): str(_CONDENSE)}))


def _no_grid(style) -> None:
    """Text of another size than the body's does not snap to the 28-character grid."""
    from docx.oxml.ns import qn

    ppr = style.element.get_or_add_pPr()
    ppr.append(ppr.makeelement(qn("w:snapToGrid"), {qn("w:val"): "0"}))


def _styles(document) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    _defaults(document)
    styles = document.styles
    normal = styles["Normal"]
    _fonts(normal, FONTS["body"], _BODY_PT)
    _condense(normal)
    _paragraph_format(normal.paragraph_format, indent_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    def style(name: str, east_asia: str, size: float, *, indent: int, align, bold=False):
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        _fonts(st, east_asia, size, bold=bold)
        _paragraph_format(st.paragraph_format, indent_chars=indent, align=align)
        st.paragraph_format.keep_with_next = True
        return st

    centre, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    title = style("公文标题", FONTS["title"], _TITLE_PT, indent=0, align=centre)
    _no_grid(title)
    title.paragraph_format.line_spacing = Pt(_TITLE_PT * 1.6)
    title.paragraph_format.space_after = Pt(_LINE_PITCH_PT)
    style("一级标题", FONTS["h2"], _BODY_PT, indent=2, align=left)
    style("附件标识", FONTS["h2"], _BODY_PT, indent=0, align=left)
    style("二级标题", FONTS["h3"], _BODY_PT, indent=2, align=left)
    style("三级标题", FONTS["body"], _BODY_PT, indent=2, align=left, bold=True)
    caption = style("图表标题", FONTS["body"], _NOTE_PT, indent=0, align=centre)
    caption.paragraph_format.keep_with_next = False
    note = style("附注", FONTS["body"], _NOTE_PT, indent=0, align=left)
    note.paragraph_format.first_line_indent = Pt(_NOTE_PT * 2)
    note.paragraph_format.keep_with_next = False
    cell = style("表格文字", FONTS["body"], _TABLE_PT, indent=0, align=None)
    for st in (caption, note, cell):
        _no_grid(st)
    cell.paragraph_format.keep_with_next = False
    cell.paragraph_format.line_spacing = Pt(_TABLE_PT * 1.5)
    picture = style("图片", FONTS["body"], _BODY_PT, indent=0, align=centre)
    picture.paragraph_format.line_spacing = 1.0  # a fixed pitch would crop the picture


def _page_setup(document) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE[0]), Mm(PAGE[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(15)
    section.footer_distance = Mm(23)  # the page number 7 mm below the text area
    sectpr = section._sectPr
    grid = sectpr.find(qn("w:docGrid"))
    if grid is None:
        grid = sectpr.makeelement(qn("w:docGrid"), {})
        sectpr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(_LINE_PITCH_PT * 20)))  # twips: 579
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], right=True)
    _page_number(section.even_page_footer.paragraphs[0], right=False)


def _page_number(paragraph, *, right: bool) -> None:
    """``— N —`` with a PAGE field; odd pages at the right, even pages at the left."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    if right:
        fmt.right_indent = Pt(_PAGE_PT)  # one character in from the edge
    else:
        fmt.left_indent = Pt(_PAGE_PT)

    def run(text: str = ""):
        r = paragraph.add_run(text)
        _fonts(r, FONTS["page"], _PAGE_PT, latin=FONTS["page"])
        return r

    run("— ")
    for kind, instr in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        r = run()
        if kind:
            el = r._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        elif instr is not None and instr.strip() == "PAGE":
            el = r._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            el.text = instr
        else:
            el = r._r.makeelement(qn("w:t"), {})
            el.text = instr
        r._r.append(el)
    run(" —")


#: The cell margins of the draft's tables (1 mm a side, :func:`_cell_margins`; Word's default
#: is 1.9 mm) and the width of a half-width character of the table font (a Chinese character
#: is two), in mm.
_CELL_MARGIN_MM = 1.0
_CELL_PADDING_MM = 2 * _CELL_MARGIN_MM
_HALF_CHAR_MM = _TABLE_PT * 25.4 / 72 / 2
#: A column whose longest value is at most this many half-width characters (six Chinese
#: characters: 2022年度, 第1名, 优秀, 续建、完工) is short: its values never wrap.
_SHORT_HALF_CHARS = 10
#: The least room of a column of long names (项目, 考核): six Chinese characters a line.
_NAME_HALF_CHARS = 12
#: A landscape page (GB/T 9704 tables turned sideways): A4 across, the portrait margins turned
#: with it (the 37 mm top margin at the binding side), so its text width is 225 mm.
_LANDSCAPE_WIDTH_MM = PAGE[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]


def _text_length(text: str) -> int:
    """The width of ``text`` in half-width characters (a Chinese character, ``－`` or ``（``
    is two)."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(text))


def _header_lines(header: str) -> tuple[str, str]:
    """A header's name and its unit in brackets: ``总投资（万元）`` → (``总投资``, ``（万元）``);
    a header that does not fit on one line is broken there, never inside the brackets."""
    name, bracket, unit = str(header).partition("（")
    return (name, bracket + unit) if bracket and name else (str(header), "")


def _header_length(header: str) -> int:
    """The least width (half-width characters) that keeps a header whole: its unit on a line
    of its own (``（万元）``, never ``（万`` / ``元）``) and its name on one line when short
    (``总投资``, ``项目类别``), else on two (``计划完`` / ``成率``)."""
    name, unit = _header_lines(header)
    length = _text_length(name)
    name_room = length if length <= _SHORT_HALF_CHARS else -(-length // 4) * 2
    return max(_text_length(unit), name_room, 4)


def _room(half_chars: float) -> float:
    return _CELL_PADDING_MM + _HALF_CHAR_MM * (half_chars + 0.5)  # half a character to spare


def _column_widths(
    columns: list[str],
    rows: list[list[str]],
    numeric: list[bool],
    text_width: float = _TEXT_WIDTH_MM,
) -> list[float] | None:
    """Column widths (mm) filling ``text_width``, from the content; ``None`` when it is too
    narrow for the table.

    Each column would like its longest value (of the first 200 rows) on one line and its
    header on at most two. Figures and short texts (:data:`_SHORT_HALF_CHARS`: 2022年度,
    第1名, 优秀) never wrap, and headers stay whole (:func:`_header_length`); columns of long
    names (项目, 考核) wrap, but keep at least :data:`_NAME_HALF_CHARS`. When that least is
    wider than ``text_width`` the table does not fit (the caller turns the page, then scales
    as a last resort). What is left beyond the least goes to the columns in proportion to
    how much more they would like.
    """
    numeric = [bool(x) for x in list(numeric)[: len(columns)]]
    numeric += [False] * (len(columns) - len(numeric))
    values = [max([_text_length(r[i]) for r in rows[:200]] or [0]) for i in range(len(columns))]
    headers = [_header_length(c) for c in columns]
    lines = [[_text_length(part) for part in _header_lines(c)] for c in columns]
    need = [_room(max(v, h, *n)) for v, h, n in zip(values, headers, lines, strict=True)]
    floor = [
        _room(max(v, h)) if num or v <= _SHORT_HALF_CHARS else _room(max(_NAME_HALF_CHARS, h))
        for v, h, num in zip(values, headers, numeric, strict=True)
    ]
    least, total = sum(floor), sum(need)
    if least > text_width + 1e-9:
        return None
    if total <= text_width:
        return [text_width * n / total for n in need]
    more = [n - f for n, f in zip(need, floor, strict=True)]
    spare = text_width - least
    return [f + spare * m / sum(more) for f, m in zip(floor, more, strict=True)]


def _table_layout(
    columns: list[str], rows: list[list[str]], numeric: list[bool]
) -> tuple[list[float], bool]:
    """(column widths in mm, landscape): the portrait page when the table fits it, else a
    landscape page; a table too wide even for that is scaled to the landscape width (its
    short columns may then wrap)."""
    portrait = _column_widths(columns, rows, numeric)
    if portrait is not None:
        return portrait, False
    wide = _column_widths(columns, rows, numeric, _LANDSCAPE_WIDTH_MM)
    if wide is not None:
        return wide, True
    need = [
        _room(max(_text_length(r[i]) for r in [columns, *rows[:200]])) for i in range(len(columns))
    ]
    return [_LANDSCAPE_WIDTH_MM * n / sum(need) for n in need], True


def _leave_landscape(document) -> None:
    """Turn back to portrait pages after a landscape table, before what follows it."""
    if document.__dict__.pop("_wb_landscape", False):
        _turn_page(document, landscape=False)


def _header_text(header: str, width_mm: float) -> str:
    """The header as written in its cell: broken before its unit when it does not fit on one
    line (``总投资`` / ``（万元）``)."""
    name, unit = _header_lines(header)
    if unit and width_mm < _room(_text_length(header)):
        return f"{name}\n{unit}"
    return header


def _cell_margins(table) -> None:
    """Cell margins of :data:`_CELL_MARGIN_MM` at the left and right (the widths count them)."""
    from docx.oxml.ns import qn

    tblpr = table._tbl.tblPr
    margins = tblpr.find(qn("w:tblCellMar"))
    if margins is None:
        margins = tblpr.makeelement(qn("w:tblCellMar"), {})
        look = tblpr.find(qn("w:tblLook"))  # the schema's order: tblCellMar before tblLook
        if look is None:
            tblpr.append(margins)
        else:
            look.addprevious(margins)
    twips = str(round(_CELL_MARGIN_MM / 25.4 * 1440))
    for side in ("w:left", "w:right"):
        margins.append(margins.makeelement(qn(side), {qn("w:w"): twips, qn("w:type"): "dxa"}))


def _turn_page(document, *, landscape: bool) -> None:
    """Start a new section on a new page, turned to ``landscape`` or back to portrait.

    The new section keeps the page-number footers of the first (``— N —``, odd pages right,
    even left) and its numbering runs on. A landscape page turns the portrait margins with
    it: the wide top margin (37 mm) is at the left, where the pages are bound.
    """
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    section = document.add_section(WD_SECTION.NEW_PAGE)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE[1]), Mm(PAGE[0])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE[0]), Mm(PAGE[1])
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])


def _row_property(row, name: str) -> None:
    """Switch on a row property (``w:tblHeader``, ``w:cantSplit``)."""
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    trpr.append(trpr.makeelement(qn(name), {qn("w:val"): "true"}))


def _table(document, block: dict) -> None:
    """A table block: caption kept on the page of the table, a repeated header row, rows
    never broken across pages, numbers right-aligned, column widths from the content
    (:func:`_column_widths`); a table too wide for the portrait page is set on landscape
    pages of its own (:func:`_turn_page`).

    The header row and the first data row are made through python-docx; every further row
    is a copy of that first row's XML with its texts replaced (python-docx builds each cell
    through generic element searches: a 1000-row table took seconds). A table holding line
    breaks or tabs, which a run writes as ``w:br`` / ``w:tab``, is made cell by cell.
    """
    import copy

    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    columns = [strip_bidi(str(c)) for c in block["columns"]]
    rows = [[strip_bidi(str(v)) for v in row] for row in block["rows"]]
    numeric = block.get("numeric") or [False] * len(columns)
    layout, landscape = _table_layout(columns, rows, numeric)
    widths = [Mm(w) for w in layout]
    if not landscape:
        _leave_landscape(document)
    elif not document.__dict__.pop("_wb_landscape", False):  # else: on the last one's page
        _turn_page(document, landscape=True)
    columns = [_header_text(c, w) for c, w in zip(columns, layout, strict=True)]
    if block.get("caption"):
        _para(document, block["caption"], "图表标题").paragraph_format.keep_with_next = True
    by_copy = not any(ch in text for row in rows for text in row for ch in "\n\r\t")
    made = [columns, *rows[:1]] if by_copy else [columns, *rows]
    table = document.add_table(rows=len(made), cols=len(columns))
    table._tbl.tblPr.style = _style(document, "Table Grid").style_id  # by id: see _set_style
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid: what a fixed layout (LibreOffice, WPS) goes by
    cell_style = _style(document, "表格文字")
    for r, (row, values) in enumerate(zip(table.rows, made, strict=True)):
        for c, (cell, value, width) in enumerate(zip(row.cells, values, widths, strict=True)):
            cell.width = width
            paragraph = cell.paragraphs[0]
            _set_style(paragraph, cell_style)
            # the row copied below gets one text node a cell, filled in by _fill_row
            run = paragraph.add_run("\u200b" if by_copy and r == 1 else value)
            if r == 0:
                run.bold = True
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif numeric[c]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for row in table.rows:  # the copies below inherit it from the first data row
        _row_property(row, "w:cantSplit")
    if by_copy and rows:
        template = table.rows[1]._tr
        for values in rows[1:]:
            tr = copy.deepcopy(template)
            _fill_row(tr, values)
            table._tbl.append(tr)
        _fill_row(template, rows[0])
    _row_property(table.rows[0], "w:tblHeader")
    _set_style(document.add_paragraph(""), _style(document, "附注"))  # a line after the table
    if landscape:  # back to portrait when something else follows (_leave_landscape)
        document.__dict__["_wb_landscape"] = True


def _fill_row(tr, values: list[str]) -> None:
    """Put ``values`` into the text nodes of a table row made by :func:`_table`."""
    from docx.oxml.ns import qn

    for node, value in zip(tr.iter(qn("w:t")), values, strict=True):
        node.text = value
        if value != value.strip():
            node.set(qn("xml:space"), "preserve")
        else:
            node.attrib.pop(qn("xml:space"), None)


def _png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) in pixels from a PNG's header, or None for anything else."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        return None
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return (width, height) if width and height else None


def _figure(document, png_base64: str, caption: str) -> None:
    from docx.shared import Mm

    _leave_landscape(document)
    data = base64.b64decode(png_base64)
    paragraph = document.add_paragraph()
    _set_style(paragraph, _style(document, "图片"))
    width = float(_TEXT_WIDTH_MM)
    size = _png_size(data)
    if size and size[1] * width / size[0] > _FIGURE_HEIGHT_MM:  # a tall chart (a long Gantt)
        width = _FIGURE_HEIGHT_MM * size[0] / size[1]  # under half the page, with its caption
    paragraph.add_run().add_picture(io.BytesIO(data), width=Mm(width))
    _para(document, caption, "图表标题")


_HEADING_STYLES = {1: "公文标题", 2: "一级标题", 3: "二级标题", 4: "三级标题"}
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,4})\s+(.+?)\s*#*\s*$")


def _markdown(document, source: str) -> None:
    """A markdown cell an analyst added: headings by their #, the rest as paragraphs."""
    for line in source.splitlines():
        if not line.strip():
            continue
        match = _MD_HEADING.match(line)
        if match:
            _para(document, match.group(2), _HEADING_STYLES[len(match.group(1))])
        else:
            _para(document, re.sub(r"[*_`]+", "", line.strip()))


_BASE: list[bytes] = []  # the styled empty document, built once per process


def _base_document():
    """A new document with the 公文 fonts, styles and page: built once per process, then
    read from its bytes (python-docx takes longer to add the styles than to read them)."""
    from docx import Document

    if not _BASE:
        document = Document()
        _font_table(document)
        _styles(document)
        _page_setup(document)
        data = io.BytesIO()
        document.save(data)
        _BASE.append(data.getvalue())
    return Document(io.BytesIO(_BASE[0]))


def _document(nb: nbformat.NotebookNode, title: str):
    document = _base_document()
    core = document.core_properties
    core.title = title
    core.author = core.last_modified_by = "wbanalysis"
    core.language = "zh-CN"
    core.comments = "由 wbanalysis 根据台账数据自动生成的初稿，请核对后使用。"
    params = nb.get("metadata", {}).get("papermill", {}).get("parameters", {}) or {}
    # A fixed date, so that the same ledgers give the same file: the end of the period the
    # figures cover (the last day of the cut-off month), not the day of the build.
    stamp = dt.datetime(2000, 1, 1)
    year, month = params.get("year"), params.get("through_month")
    if (
        isinstance(year, int)
        and 1900 <= year <= 9998
        and isinstance(month, int)
        and 1 <= month <= 12
    ):
        stamp = dt.datetime(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    core.created = core.modified = stamp
    core.revision = 1
    return document


def _cells(nb: nbformat.NotebookNode):
    """The cells a reader sees, without those tagged to be removed."""
    removed = {"remove-cell", "remove_cell", "papermill-error-cell-tag"}
    return [c for c in nb.cells if not removed & set(c.get("metadata", {}).get("tags", []))]


def _style(document, name: str | None):
    """A paragraph style by name, looked up once per document (python-docx searches the
    style list on every assignment by name)."""
    if name is None:
        return None
    cache = document.__dict__.setdefault("_wb_styles", {})
    if name not in cache:
        cache[name] = document.styles[name]
    return cache[name]


def _set_style(paragraph, style) -> None:
    """Give ``paragraph`` a style by its id (python-docx's setter scans every style of the
    document to see whether it is the default one — the slowest step of a long draft)."""
    if style is not None:
        paragraph._p.style = style.style_id


def _title_lines(title: str) -> list[str]:
    """A title too long for one line of 2号 type, broken where the words allow (GB/T 9704:
    回行时词意完整): before 和 (总结 / 和计划), else after 局 or 关于…的, else where it fills
    the line.

    >>> _title_lines("XX市水务局2023年工作总结和2024年工作计划")
    ['XX市水务局2023年工作总结', '和2024年工作计划']
    >>> _title_lines("白沙县水务局2023年工作总结")
    ['白沙县水务局2023年工作总结']
    """
    room = int(_TEXT_WIDTH_MM / 25.4 * 72 // _TITLE_PT)  # characters a line holds
    if len(title) <= room:
        return [title]
    for mark, after in (("和", False), ("局", True), ("的", True)):
        cut = title.rfind(mark, 1, room + (1 if after else 0))
        cut += 1 if after and cut >= 0 else 0
        if cut > 0 and len(title) - cut <= room:
            return [title[:cut], title[cut:]]
    return [title[:room], *_title_lines(title[room:])]


def _para(document, text: str, style: str | None = None):
    _leave_landscape(document)
    if style == "公文标题":  # a long title breaks where the words allow, lines centred
        paragraph = document.add_paragraph()
        for number, line in enumerate(_title_lines(strip_bidi(str(text)))):
            run = paragraph.add_run()
            if number:
                run.add_break()  # a line break within the one title paragraph
            run.add_text(line)
    else:
        paragraph = document.add_paragraph(strip_bidi(str(text)))
    _set_style(paragraph, _style(document, style))
    return paragraph


#: Where the 附件 of the 上报稿 go: after its body, or in a document of their own beside it.
ANNEXES = ("inside", "separate")


@dataclass
class _Draft:
    """An executed notebook's outputs sorted for the 上报稿: the body in order (markdown
    sources, and blocks with their outputs), the 附件 by name in the order they first appear;
    blocks of the analysis only are left out (the page shows them)."""

    body: list = field(default_factory=list)
    annexes: dict[str, list] = field(default_factory=dict)

    @classmethod
    def of(cls, nb: nbformat.NotebookNode) -> _Draft:
        draft = cls()
        for cell in _cells(nb):
            if cell.get("cell_type") == "markdown":
                draft.body.append((None, cell.get("source", "")))
                continue
            for block, output in cell_outputs(cell):
                where = block_where(block) if block is not None else "body"
                if block is not None and where == "annex":
                    draft.annexes.setdefault(block["annex"], []).append((block, output))
                elif where == "body":
                    draft.body.append((block, output))
        return draft


def _write(document, items: list, figures: list[int]) -> None:
    """Write blocks (and markdown sources, plain outputs) in order; a run-in heading goes at
    the start of the paragraph after it. ``figures`` counts the figures written."""
    pending: dict | None = None
    for block, output in items:
        if block is None:
            if isinstance(output, str):
                _markdown(document, output)
            else:
                _plain_output(document, output)
            continue
        kind = block["kind"]
        if pending is not None and kind != "paragraph":
            _para(document, pending["text"], _HEADING_STYLES[pending["level"]])
            pending = None
        if kind == "heading" and block.get("run_in"):
            pending = block
        elif kind == "heading":
            _para(document, block["text"], _HEADING_STYLES[block["level"]])
        elif kind == "paragraph":
            _run_in(document, pending, block["text"])
            pending = None
        elif kind == "note":
            _para(document, block["text"], "附注")
        elif kind == "table":
            _table(document, block)
        elif kind == "figure" and not block.get("empty"):  # no data: left out
            png = str(output.get("data", {}).get("image/png", "")).replace("\n", "")
            if png:
                figures[0] += 1
                _figure(document, png, figure_caption(block, figures[0]))
    if pending is not None:
        _para(document, pending["text"], _HEADING_STYLES[pending["level"]])


def _run_in(document, heading: dict | None, text: str):
    """A body paragraph; a run-in heading before it is its first run, in the heading's font."""
    if heading is None:
        return _para(document, text)
    paragraph = document.add_paragraph()
    lead = paragraph.add_run(strip_bidi(heading["text"]))
    font = FONTS["h3"] if heading["level"] == 3 else FONTS["body"]
    _fonts(lead, font, _BODY_PT, bold=heading["level"] == 4)
    paragraph.add_run(strip_bidi(text))
    return paragraph


def _annex_note(document, names: list[str]) -> None:
    """附件说明 (GB/T 9704 7.3.4): under the body after an empty line, two characters in,
    ``附件：1．主要指标表``, the further names aligned under the first."""
    from docx.shared import Pt

    if not names:
        return
    # never a page of the 附件说明 alone: it keeps with the body's last paragraph
    lines = [document.paragraphs[-1]] if document.paragraphs else []
    lines.append(_para(document, ""))
    for number, name in enumerate(names, 1):
        lead = "附件：" if number == 1 else ""
        paragraph = _para(document, f"{lead}{number}．{name}")
        lines.append(paragraph)
        if number > 1:
            paragraph.paragraph_format.first_line_indent = Pt(0)
            paragraph.paragraph_format.left_indent = Pt(_BODY_PT * 5)
    for line in lines[:-1]:
        line.paragraph_format.keep_with_next = True


def _annex_pages(document, annexes: dict[str, list], *, first_break: bool = True) -> None:
    """Each 附件 from a new page: ``附件N`` in 黑体 at the top left, its name as a title."""
    figures = [0]
    for number, (name, items) in enumerate(annexes.items(), 1):
        label = _para(document, f"附件{number}", "附件标识")
        label.paragraph_format.page_break_before = first_break or number > 1
        _para(document, name, "公文标题")
        _write(document, items, figures)


def _document_from(nb: nbformat.NotebookNode, title: str, *, annexes: str = "inside"):
    """The 上报稿: the body, the 附件说明 and — ``annexes="inside"`` — the 附件 after it."""
    draft = _Draft.of(nb)
    document = _document(nb, title)
    _write(document, draft.body, [0])
    _annex_note(document, list(draft.annexes))
    if annexes == "inside":
        _annex_pages(document, draft.annexes)
    return document


def _annexes_document(nb: nbformat.NotebookNode, title: str):
    """The 附件 of the 上报稿 as a document of their own (``annexes="separate"``), or
    ``None`` when the report has none."""
    draft = _Draft.of(nb)
    if not draft.annexes:
        return None
    document = _document(nb, f"{title}（附件）")
    _annex_pages(document, draft.annexes, first_break=False)
    return document


def _plain_output(document, output: dict) -> None:
    """An output without a block (an analyst's own ``print`` or chart)."""
    kind = output.get("output_type")
    if kind == "stream" and output.get("name") == "stdout":
        for line in str(output.get("text", "")).splitlines():
            if line.strip():
                _para(document, line, "附注")
    elif kind in ("display_data", "execute_result"):
        data = output.get("data", {})
        if SOURCES_MIME in data:
            return  # the figures' 出处: the page's panels only
        if "image/png" in data:
            _figure(document, str(data["image/png"]).replace("\n", ""), "图表")
        elif "text/html" in data or "text/markdown" in data:
            _para(document, "（此处有一项网页内容，Word 文稿中未显示，请见网页版报告。）", "附注")
        elif "text/plain" in data and not str(data["text/plain"]).lstrip().startswith("<"):
            _para(document, data["text/plain"], "附注")


class _DatedZip:
    """Where python-docx writes a document's parts (its physical package writer: ``write``,
    ``close``): a zip whose entries have fixed times, so unchanged reports give equal bytes.

    Pictures are PNG, compressed already: they are stored as they are (deflating them again
    costs time and saves nothing); the XML parts are deflated.
    """

    def __init__(self, file) -> None:
        self._zip = zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri, blob: bytes) -> None:
        name = pack_uri.membername
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        media = name.startswith("word/media/")
        info.compress_type = zipfile.ZIP_STORED if media else zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        self._zip.writestr(info, blob)

    def close(self) -> None:
        self._zip.close()


def _bytes(document) -> bytes:
    """The .docx file of ``document``: what ``Document.save`` writes, in one pass, with
    fixed entry times (:class:`_DatedZip`)."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    buffer = io.BytesIO()
    target: Any = _DatedZip(buffer)  # python-docx asks for its writer's methods only
    PackageWriter._write_content_types_stream(target, package.parts)
    PackageWriter._write_pkg_rels(target, package.rels)
    PackageWriter._write_parts(target, package.parts)
    target.close()
    return buffer.getvalue()


def docx_bytes(
    nb: nbformat.NotebookNode, *, title: str | None = None, annexes: str = "inside"
) -> bytes:
    """The Word 上报稿 of an executed notebook, as bytes (nothing written): the body, the
    附件说明 and, unless ``annexes="separate"``, the 附件."""
    if annexes not in ANNEXES:
        raise ValueError(f"annexes {annexes!r}: one of {', '.join(ANNEXES)}")
    return _bytes(_document_from(nb, title or notebook_title(nb), annexes=annexes))


def annex_bytes(nb: nbformat.NotebookNode, *, title: str | None = None) -> bytes | None:
    """The 附件 of the 上报稿 as a document of their own, or ``None`` without 附件."""
    document = _annexes_document(nb, title or notebook_title(nb))
    return None if document is None else _bytes(document)


def annex_path(path: Path) -> Path:
    """Where the 附件 of the draft at ``path`` go when they are a document of their own.

    >>> annex_path(Path("2023/city/01_annual_summary.docx")).name
    '01_annual_summary_附表.docx'
    """
    path = Path(path)
    return path.with_name(f"{path.stem}_附表{path.suffix}")


def edited_draft(path: Path) -> bool:
    """True when the Word file at ``path`` is not a draft as the build wrote it: Word, WPS and
    LibreOffice raise its revision and sign it with their user when they save it (the build
    writes revision 1 by ``wbanalysis``); a file that is no Word document counts as edited."""
    from xml.etree import ElementTree as ET

    ns = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}
    try:
        with zipfile.ZipFile(path) as package:
            if package.getinfo("docProps/core.xml").file_size > 1_000_000:
                return True
            data = package.read("docProps/core.xml")
        if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
            return True
        core = ET.fromstring(data)
    except (OSError, KeyError, zipfile.BadZipFile, ET.ParseError):
        return True
    revision = core.findtext("cp:revision", default="", namespaces=ns).strip()
    signed = core.findtext("cp:lastModifiedBy", default="", namespaces=ns).strip()
    return revision != "1" or signed != "wbanalysis"


def publish_docx(
    executed_nb: nbformat.NotebookNode,
    out_docx: Path,
    *,
    title: str | None = None,
    annexes: str = "inside",
) -> Path:
    """Write the Word 上报稿 of ``executed_nb`` to ``out_docx`` atomically; return the path.

    ``annexes="separate"`` writes its 附件 beside it (:func:`annex_path`); otherwise a 附件
    document left there by an earlier build, being stale, is removed (one someone edited was
    moved aside by the build already).
    """
    out_docx = Path(out_docx)
    companion = annex_path(out_docx)
    written = atomic_write_bytes(out_docx, docx_bytes(executed_nb, title=title, annexes=annexes))
    extra = annex_bytes(executed_nb, title=title) if annexes == "separate" else None
    if extra is not None:
        atomic_write_bytes(companion, extra)
    elif companion.is_file() and not edited_draft(companion):
        companion.unlink()
    return written


#: The Word draft: written for a report that built; one someone edited is kept aside.
RENDERER = Renderer(
    "docx",
    ".docx",
    "Word 文稿",
    publish=publish_docx,
    edited=edited_draft,
    companions=lambda path: (annex_path(path),),
    settings=("annexes",),
)
