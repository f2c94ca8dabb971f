"""The Word draft's tables, pages, charts and fonts, read back from the .docx with python-docx."""

from __future__ import annotations

import io

import pytest
from nbformat import v4

from wbanalysis.blocks import BLOCK_MIME

docx = pytest.importorskip("docx")

#: A Chinese character of the 12 pt table font, and a digit or Latin letter, in mm; the cell
#: margins, 1 mm a side (what the draft sets, read back below).
CHINESE_MM, LATIN_MM, PADDING_MM = 12 * 25.4 / 72, 12 * 25.4 / 72 / 2, 2.0


def _text_mm(text: str) -> float:
    return sum(CHINESE_MM if ord(ch) > 0x2E7F else LATIN_MM for ch in text)


def _draft(*blocks: dict, pictures: dict[int, str] | None = None):
    from wbanalysis.render.docx import docx_bytes

    cell = v4.new_code_cell("x")
    cell.outputs = []
    for i, block in enumerate(blocks):
        data = {BLOCK_MIME: block, "text/plain": "块"}
        if pictures and i in pictures:
            data["image/png"] = pictures[i]
        cell.outputs.append(v4.new_output("display_data", data=data))
    nb = v4.new_notebook()
    nb.cells = [cell]
    return docx.Document(io.BytesIO(docx_bytes(nb, title="版式")))


ASSESSMENTS = {
    "kind": "table",
    "caption": "1－10月公布的考核结果",
    "columns": ["考核", "考核年度", "县（区）", "等次", "名次", "排名范围", "连续优秀（年）"],
    "rows": [
        ["最严格水资源管理制度考核", "2022年度", "XX市", "优秀", "第1名", "XXX市", "5年"],
        ["河湖长制考核", "2022年度", "青山区", "合格", "第6名", "全市", "—"],
        ["水利发展改革考核", "2022年度", "XX市", "A", "—", "—", "3年"],
    ],
    "numeric": [False, False, False, False, True, False, True],
}

PROJECTS = {
    "kind": "table",
    "caption": "项目投资完成情况（2023年1－10月）",
    "columns": [
        "项目",
        "类别",
        "建设状态",
        "总投资（万元）",
        "本年计划（万元）",
        "1－10月完成（万元）",
        "累计完成（万元）",
        "计划完成率",
    ],
    "rows": [
        [
            "城郊灌区续建配套与节水改造项目",
            "灌区",
            "新开工、完工",
            "3650",
            "4522.42",
            "3504",
            "3504",
            "77.48%",
        ],
        [
            "法开署贷款大盈江流域生态保护和修复示范项目",
            "城乡供水一体化",
            "续建",
            "251450",
            "27716.13",
            "22283.53",
            "130143",
            "80.4%",
        ],
    ]
    * 5,
    "numeric": [False, False, False, True, True, True, True, True],
}


def _widths_mm(table) -> list[float]:
    from docx.oxml.ns import qn

    return [
        int(c.get(qn("w:w"))) / 1440 * 25.4 for c in table._tbl.tblGrid.findall(qn("w:gridCol"))
    ]


def test_short_cells_and_headers_never_wrap_and_names_get_the_rest():
    """2022年度, 第1名, 优秀, XX市 fit their columns on one line; a header too long for one line
    breaks before its unit, never inside the brackets; the names' column is the widest."""
    from docx.oxml.ns import qn

    document = _draft(ASSESSMENTS)
    (table,) = document.tables
    margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
    assert [round(int(m.get(qn("w:w"))) / 1440 * 25.4, 1) for m in margins] == [1.0, 1.0]
    widths = _widths_mm(table)
    assert sum(widths) == pytest.approx(156, abs=0.5)  # the text width
    for row in table.rows[1:]:
        for width, cell in zip(widths[1:], row.cells[1:], strict=True):
            assert width >= _text_mm(cell.text) + PADDING_MM, cell.text
    for width, cell in zip(widths, table.rows[0].cells, strict=True):
        lines = cell.text.split("\n")
        if len(lines) > 1:  # broken before the unit only: 县 / （区）
            assert len(lines) == 2 and lines[1].startswith("（") and lines[1].endswith("）")
        assert all(width >= _text_mm(line) + PADDING_MM for line in lines[1:]), cell.text
    assert widths[0] == max(widths)


def test_a_table_too_wide_for_portrait_goes_landscape_with_the_page_numbers_kept():
    from docx.enum.section import WD_ORIENT

    paragraph = {"kind": "paragraph", "text": "正文。"}
    document = _draft(paragraph, PROJECTS, PROJECTS, paragraph)
    sections = document.sections
    assert [s.orientation for s in sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,  # both wide tables on the same landscape pages
        WD_ORIENT.PORTRAIT,
    ]
    wide = sections[1]
    assert (round(wide.page_width.mm), round(wide.page_height.mm)) == (297, 210)
    assert round(wide.left_margin.mm) == 37  # the wide margin at the binding side
    for section in sections[1:]:  # — N — at the outer side, numbered on
        assert (
            section.footer.is_linked_to_previous and section.even_page_footer.is_linked_to_previous
        )
        assert (
            section._sectPr.find(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pgNumType"
            )
            is None
        )
    for table in document.tables:
        widths = _widths_mm(table)
        assert sum(widths) == pytest.approx(297 - 37 - 35, abs=0.5)
        for row in table.rows[1:]:  # the figures and 新开工、完工 on one line
            for width, cell in zip(widths[2:], row.cells[2:], strict=True):
                assert width >= _text_mm(cell.text) + PADDING_MM, cell.text
    # a draft ending with a wide table has no blank portrait page after it
    assert len(_draft(paragraph, PROJECTS).sections) == 2


def test_a_chart_without_data_is_left_out_of_the_draft_and_the_page_says_why():
    import base64

    from PIL import Image

    from wbanalysis.render.html import block_html

    buffer = io.BytesIO()
    Image.new("RGB", (900, 420), "white").save(buffer, format="PNG")
    png = base64.b64encode(buffer.getvalue()).decode()
    empty = {"kind": "figure", "caption": "分级争取资金", "empty": "台账中没有数据"}
    drawn = {"kind": "figure", "caption": "项目建设状态"}
    document = _draft(empty, drawn, pictures={1: png})
    assert len(document.inline_shapes) == 1
    texts = [p.text for p in document.paragraphs]
    assert "图1 项目建设状态" in texts and not any("分级争取资金" in t for t in texts)
    page = block_html(empty)
    assert "<img" not in page and "分级争取资金" in page and "台账中没有数据" in page


def test_the_official_fonts_have_their_east_asian_slots_and_fallbacks():
    import zipfile
    from xml.etree import ElementTree as ET

    from wbanalysis.render.docx import docx_bytes

    nb = v4.new_notebook()
    nb.cells = [v4.new_markdown_cell("# 标题\n\n## 一、工作\n\n### （一）项目\n\n正文“引号”。")]
    package = zipfile.ZipFile(io.BytesIO(docx_bytes(nb, title="字体")))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    fonts = ET.fromstring(package.read("word/fontTable.xml"))
    alternates = {
        f.get(f"{w}name"): f.find(f"{w}altName").get(f"{w}val")
        for f in fonts.findall(f"{w}font")
        if f.find(f"{w}altName") is not None
    }
    assert alternates["方正小标宋简体"] == "宋体"
    assert alternates["仿宋_GB2312"] == "仿宋"
    assert alternates["楷体_GB2312"] == "楷体"
    assert alternates["黑体"] == "SimHei"
    charsets = {
        f.get(f"{w}name"): f.find(f"{w}charset").get(f"{w}val") for f in fonts.findall(f"{w}font")
    }
    assert charsets["仿宋_GB2312"] == "86"  # GB2312
    styles = ET.fromstring(package.read("word/styles.xml"))
    east = {}
    for style in styles.findall(f"{w}style"):
        rfonts = style.find(f"{w}rPr/{w}rFonts")
        if rfonts is not None:
            east[style.find(f"{w}name").get(f"{w}val")] = (
                rfonts.get(f"{w}eastAsia"),
                rfonts.get(f"{w}hint"),
            )
    assert east["公文标题"] == ("方正小标宋简体", "eastAsia")
    assert east["一级标题"] == ("黑体", "eastAsia")
    assert east["二级标题"] == ("楷体_GB2312", "eastAsia")
    assert east["Normal"] == ("仿宋_GB2312", "eastAsia")
