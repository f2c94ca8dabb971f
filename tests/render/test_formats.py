"""Published pages: offline, escaped, inputs hidden, Chinese, written atomically; the index."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from wbanalysis.render import html as publish
from wbanalysis.render.html import (
    code_cell_number,
    failure_page,
    html_bytes,
    notebook_title,
    publish_notebook,
)
from wbanalysis.render.index import render_index, write_index

LEDGER_STRING = "<script>alert(1)</script>"
SOURCE_MARKER = "SECRET_SOURCE_LINE = 42"
PNG_1PX = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJ"
    "RU5ErkJggg=="
)
EXTERNAL_REF = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:|//)""", re.IGNORECASE)


def _notebook() -> nbformat.NotebookNode:
    nb = v4.new_notebook()
    nb.metadata["wbanalysis"] = {"title": "2023年 全市 年度工作总结"}
    nb.metadata["papermill"] = {
        "parameters": {"year": 2023, "county": "全市", "is_city": True, "through_month": 10}
    }
    code = v4.new_code_cell(SOURCE_MARKER, execution_count=1)
    code.outputs = [
        v4.new_output(
            "display_data",
            data={"image/png": PNG_1PX, "text/plain": "<Figure size 900x480 with 1 Axes>"},
        ),
        v4.new_output(
            "execute_result",
            execution_count=1,
            data={"text/plain": "<Axes: title={'center': '争取项目资金'}>"},
        ),
        v4.new_output(
            "execute_result", execution_count=1, data={"text/plain": f"项目：{LEDGER_STRING}"}
        ),
        v4.new_output(
            "display_data",
            data={
                "text/html": "<table><tr><th>项目</th></tr><tr><td>&lt;script&gt;alert(1)&lt;/script&gt;</td></tr></table>",
                "text/plain": "table",
            },
        ),
        # a producer that forgot to escape: the template's defence must neutralise it
        v4.new_output(
            "display_data",
            data={
                "text/html": (
                    f"<p onclick='alert(2)'>未转义{LEDGER_STRING}</p><img src=x onerror=alert(3)>"
                    "<a href='https://cdn.example.com/x'>外链</a><link rel=stylesheet href='//cdn.example/x.css'>"
                    "<a href='2022/全市/annual_summary.html'>上年报告</a>"
                )
            },
        ),
        v4.new_output(
            "display_data", data={"text/markdown": f"**加粗** {LEDGER_STRING.replace('<', '&lt;')}"}
        ),
        v4.new_output("stream", name="stdout", text="台账已读取：12 行\n"),
        v4.new_output("stream", name="stderr", text="FutureWarning: 噪声\n"),
    ]
    nb.cells = [
        v4.new_markdown_cell("# 2023年水务工作总结\n\n全年争取项目资金 **3209万元**。"),
        code,
        v4.new_code_cell("x = 1  # no output", execution_count=2),
    ]
    return nb


def _failed_notebook() -> nbformat.NotebookNode:
    nb = _notebook()
    params = v4.new_code_cell("year = 2023", execution_count=1)
    params.metadata["tags"] = ["parameters"]
    injected = v4.new_code_cell("year = 2023\ncounty = '全市'", execution_count=2)
    injected.metadata["tags"] = ["injected-parameters"]
    marker = v4.new_markdown_cell("<span>An Exception was encountered at 'In [4]'.</span>")
    marker.metadata["tags"] = ["papermill-error-cell-tag"]
    failing = v4.new_code_cell("compute()", execution_count=4)
    failing.outputs = [
        v4.new_output(
            "error",
            ename="KeyError",
            evalue="'\x1b[31m金额<b>'\x1b[0m",
            traceback=[
                "\x1b[0;31mTraceback (most recent call last)",
                '  File "<ipython-input-4>", line 1',
            ],
        )
    ]
    nb.cells = [marker, nb.cells[0], params, injected, nb.cells[1], failing]
    return nb


@pytest.fixture
def page() -> str:
    return html_bytes(_notebook()).decode("utf-8")


def test_page_is_chinese_with_title_from_metadata(page):
    assert '<html lang="zh-CN">' in page
    assert "<title>2023年 全市 年度工作总结</title>" in page
    assert '<meta charset="utf-8"/>' in page or '<meta charset="utf-8">' in page
    assert "全年争取项目资金" in page and "<strong>3209万元</strong>" in page


def test_title_falls_back_to_first_heading_then_explicit_title_wins():
    nb = _notebook()
    del nb.metadata["wbanalysis"]
    assert notebook_title(nb) == "2023年水务工作总结"
    assert "<title>2023年水务工作总结</title>" in html_bytes(nb).decode()
    assert "<title>东县 &lt;报告&gt;</title>" in html_bytes(nb, title="东县 <报告>").decode()


def test_inputs_prompts_and_noise_are_hidden(page):
    assert SOURCE_MARKER not in page and "no output" not in page
    assert "jp-InputArea" not in page and "input_area" not in page
    assert "In&nbsp;[" not in page and "In [" not in page
    assert "Axes" not in page and "Figure size" not in page  # object reprs
    assert "FutureWarning" not in page  # stderr
    assert "台账已读取：12 行" in page  # stdout


def test_ledger_strings_are_text_never_markup(page):
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert re.search(r"<script", page, re.IGNORECASE) is None
    assert re.search(r"\son\w+\s*=", page, re.IGNORECASE) is None
    assert "<link" not in page
    assert "<a>外链</a>" in page
    assert page.count("<img") == 1  # the chart; the one with an external src is gone
    assert 'href="2022/全市/annual_summary.html"' in page  # local links survive


def test_nothing_external(page):
    assert EXTERNAL_REF.search(page) is None
    assert re.search(r"https?://", page) is None
    assert "@import" not in page and "url(" not in page
    for src in re.findall(r"<img[^>]*\ssrc=\"([^\"]*)\"", page):
        assert src.startswith("data:image/")
    assert "<style>" in page  # CSS inline


def test_error_cell_shows_a_readable_chinese_box():
    page = html_bytes(_failed_notebook()).decode("utf-8")
    # parameters cell = 1st, (injected one not counted), the chart cell = 2nd, failing = 3rd
    assert "报告生成失败：第 3 个代码单元出错" in page
    assert "KeyError" in page and "金额&lt;b&gt;" in page
    assert "Traceback" not in page and "\x1b[" not in page and "[31m" not in page
    assert "An Exception was encountered" not in page
    assert 'href="#wb-error"' in page and 'id="wb-error"' in page


def test_code_cell_number_counts_like_the_analyst():
    nb = _failed_notebook()
    # papermill's cell_index ignores its own marker cells (index 5 with the marker = 4 without)
    assert code_cell_number(nb, 4) == 3
    assert code_cell_number(nb, 1) == 1


def test_publish_writes_atomically_and_keeps_the_old_page_on_failure(tmp_path, monkeypatch):
    out = tmp_path / "2023" / "全市" / "annual_summary.html"
    publish_notebook(_notebook(), out)
    first = out.read_bytes()
    assert first.startswith(b"<!DOCTYPE html>") and (out.stat().st_mode & 0o444) == 0o444

    def broken_export(*_args, **_kwargs):
        raise RuntimeError("export failed half-way")

    monkeypatch.setattr(publish, "html_bytes", broken_export)
    with pytest.raises(RuntimeError):
        publish_notebook(_notebook(), out)
    assert out.read_bytes() == first
    monkeypatch.undo()

    def crash_at_replace(src, dst):
        # the new page is complete, in the same directory, before it is swapped in
        assert Path(src).parent == Path(dst).parent
        assert Path(src).read_bytes().rstrip().endswith(b"</html>")
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash_at_replace)
    with pytest.raises(OSError, match="disk full"):
        publish_notebook(_notebook(), out, title="新标题")
    monkeypatch.undo()
    assert out.read_bytes() == first
    assert [p.name for p in out.parent.iterdir()] == ["annual_summary.html"]  # no temp left

    publish_notebook(_notebook(), out, title="新标题")
    assert "<title>新标题</title>" in out.read_text("utf-8")


def test_failure_page(tmp_path):
    out = failure_page(
        tmp_path / "r.html",
        title="2023年 东县 年度工作总结",
        error_name="DataError",
        error_message=f"\x1b[31m台账“资金”第5行：{LEDGER_STRING}",
        cell_number=4,
        notebook="notebooks/annual_summary.ipynb",
        parameters={"year": 2023, "county": "东县"},
    )
    page = out.read_text("utf-8")
    assert '<html lang="zh-CN">' in page and "<title>2023年 东县 年度工作总结</title>" in page
    assert "报告生成失败：第 4 个代码单元出错" in page
    assert "DataError" in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page and "\x1b" not in page
    assert "notebooks/annual_summary.ipynb" in page and "东县" in page
    assert EXTERNAL_REF.search(page) is None and not re.search(r"https?://", page)


ENTRIES = [
    {
        "notebook": "annual_summary",
        "notebook_title": "年度工作总结",
        "year": 2022,
        "county": "东县",
        "through_month": 12,
        "status": "unchanged",
        "html": "2022/东县/annual_summary.html",
        "headline": {"争取项目资金": "2500万元"},
    },
    {
        "notebook": "annual_summary",
        "notebook_title": "年度工作总结",
        "year": 2023,
        "county": "东县",
        "through_month": 10,
        "status": "failed",
        "html": "2023/东县/annual_summary.html",
        "error": f"KeyError: {LEDGER_STRING}",
    },
    {
        "notebook": "annual_summary",
        "notebook_title": "年度工作总结",
        "year": 2023,
        "county": "全市",
        "is_city": True,
        "through_month": 10,
        "status": "ok",
        "html": "2023/全市/annual_summary.html",
        "headline": {"争取项目资金": "3209万元", "水利投资": "11.97亿元"},
    },
    {
        "notebook": "river_chiefs",
        "notebook_title": "河长制<专题>",
        "year": 2023,
        "county": "全市",
        "is_city": True,
        "through_month": 10,
        "status": "ok",
        "html": "2023/全市/river_chiefs.html",
    },
]


def test_index_matrix(tmp_path):
    out = write_index(ENTRIES, tmp_path, title="XX市水务局工作总结报告")
    assert out == tmp_path / "index.html"
    page = out.read_text("utf-8")
    assert '<html lang="zh-CN">' in page and "<title>XX市水务局工作总结报告</title>" in page
    header = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
    assert re.findall(r"<th[^>]*>([^<]*)</th>", header) == ["年度", "全市", "东县"]
    assert re.findall(r'<th scope="row">(\d+)年</th>', page) == ["2023", "2022"]
    assert 'href="2023/%E5%85%A8%E5%B8%82/annual_summary.html"' in page
    assert "3209万元" in page and "11.97亿元" in page and "2500万元" in page
    assert "河长制&lt;专题&gt;" in page
    failed = re.search(r'<li class="wb-entry wb-entry-failed">(.*?)</li>', page, re.S).group(1)
    assert "生成失败" in failed and "KeyError: &lt;script&gt;alert(1)&lt;/script&gt;" in failed
    assert "<script" not in page
    assert EXTERNAL_REF.search(page) is None and not re.search(r"https?://", page)
    assert "共 4 份报告：已生成 3 份" in page  # an unchanged report counts as generated


@pytest.mark.parametrize(
    "bad", ["https://example.com/r.html", "//cdn/r.html", "/abs/r.html", "javascript:alert(1)"]
)
def test_index_refuses_non_relative_links(bad):
    with pytest.raises(ValueError, match="相对路径"):
        render_index([{**ENTRIES[2], "html": bad}])


def test_index_refuses_unknown_status():
    with pytest.raises(ValueError, match="未知的报告状态"):
        render_index([{**ENTRIES[2], "status": "done"}])


def test_a_notebook_cannot_pass_its_html_off_as_a_report_block():
    """Block HTML skips the sanitizer because wbanalysis escapes it where it is made; an
    output that claims that mark for its own HTML is sanitized all the same."""
    from wbanalysis.blocks import BLOCK_MIME

    nb = _notebook()
    forged = v4.new_output(
        "display_data",
        data={"text/html": f"<p onclick='x()'>伪造</p>{LEDGER_STRING}"},
        metadata={"wbanalysis_block": True},
    )
    block = v4.new_output(
        "display_data",
        data={
            BLOCK_MIME: {"kind": "paragraph", "text": f"段落{LEDGER_STRING}"},
            "text/plain": "段落",
        },
    )
    next(c for c in nb.cells if c.cell_type == "code").outputs = [forged, block]
    page = html_bytes(nb).decode("utf-8")
    assert "伪造" in page and "段落&lt;script&gt;" in page
    assert re.search(r"<script", page, re.IGNORECASE) is None
    assert re.search(r"\son\w+\s*=", page, re.IGNORECASE) is None


def test_every_table_row_of_the_word_draft_reads_back_as_given():
    """Rows after the first are copies of its XML with new texts: read back, each cell holds
    its own value, spaces kept; a table with line breaks is made cell by cell."""
    import io

    import docx

    from wbanalysis.blocks import BLOCK_MIME
    from wbanalysis.render.docx import docx_bytes

    rows = [
        [f"项目{i}", "" if i % 7 == 0 else f"{i * 1.5:.2f}", " 两端空格 " if i % 5 == 0 else "文字"]
        for i in range(40)
    ]
    broken = [["第一行\n第二行", "1"]]
    nb = v4.new_notebook()
    cell = v4.new_code_cell("x")
    cell.outputs = [
        v4.new_output(
            "display_data",
            data={
                BLOCK_MIME: {
                    "kind": "table",
                    "caption": "表",
                    "columns": ["名称", "数值", "说明"],
                    "rows": rows,
                    "numeric": [False, True, False],
                },
                "text/plain": "表",
            },
        ),
        v4.new_output(
            "display_data",
            data={
                BLOCK_MIME: {
                    "kind": "table",
                    "caption": None,
                    "columns": ["甲", "乙"],
                    "rows": broken,
                },
                "text/plain": "表",
            },
        ),
    ]
    nb.cells = [cell]
    document = docx.Document(io.BytesIO(docx_bytes(nb, title="表格")))
    first, second = document.tables
    read = [[c.text for c in row.cells] for row in first.rows]
    assert read == [["名称", "数值", "说明"], *rows]
    right = [row.cells[1].paragraphs[0].alignment for row in first.rows[1:]]
    assert {str(a) for a in right} == {"RIGHT (2)"}
    assert [[c.text for c in row.cells] for row in second.rows][1] == broken[0]


def test_a_long_table_of_the_word_draft_keeps_its_caption_rows_and_widths():
    """A table's caption stays on the page of its table, no row is cut by a page break, and
    the grid gives the long names the room (what LibreOffice and WPS lay a fixed table by)."""
    import io

    import docx
    from docx.oxml.ns import qn

    from wbanalysis.blocks import BLOCK_MIME
    from wbanalysis.render.docx import docx_bytes

    rows = [[f"青山区城乡供水一体化工程第{i}标段", f"{i}", "2023-10-29"] for i in range(30)]
    nb = v4.new_notebook()
    cell = v4.new_code_cell("x")
    cell.outputs = [
        v4.new_output(
            "display_data",
            data={
                BLOCK_MIME: {
                    "kind": "table",
                    "caption": "项目投资完成情况",
                    "columns": ["项目", "个", "日期"],
                    "rows": rows,
                    "numeric": [False, True, False],
                },
                "text/plain": "表",
            },
        )
    ]
    nb.cells = [cell]
    document = docx.Document(io.BytesIO(docx_bytes(nb, title="表格")))
    caption = next(p for p in document.paragraphs if p.text == "项目投资完成情况")
    assert caption.paragraph_format.keep_with_next is True
    table = document.tables[0]
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [row._tr.trPr.find(qn("w:tblHeader")) for row in table.rows[1:]] == [None] * 30
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    cells = [int(c._tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for c in table.rows[0].cells]
    assert grid == cells
    assert grid[0] > 3 * grid[1]  # the names' column is the widest, the counts' the narrowest


def test_a_wide_table_of_figures_breaks_names_never_figures():
    """Six columns do not fit on one line each: the figures keep their room (a number is
    never broken across lines), the names share the rest, and the table fills the text width."""
    from wbanalysis.render.docx import (
        _CELL_PADDING_MM,
        _HALF_CHAR_MM,
        _TEXT_WIDTH_MM,
        _column_widths,
    )

    columns = [
        "项目",
        "总投资（万元）",
        "本年计划（万元）",
        "1－10月完成（万元）",
        "累计完成（万元）",
        "计划完成率",
    ]
    rows = [
        [
            "法开署贷款大盈江流域生态保护和修复示范项目",
            "251450.00",
            "27716.13",
            "22283.53",
            "130143.00",
            "80.40%",
        ]
    ] * 3
    numeric = [False, True, True, True, True, True]
    widths = _column_widths(columns, rows, numeric)
    assert widths is not None
    assert abs(sum(widths) - _TEXT_WIDTH_MM) < 0.01
    for width, value, is_number in zip(widths, rows[0], numeric, strict=True):
        if is_number:
            assert width >= _CELL_PADDING_MM + _HALF_CHAR_MM * len(value) - 0.01
    assert widths[0] == max(widths) and widths[0] >= _CELL_PADDING_MM + _HALF_CHAR_MM * 12
    # a numeric flag list of the wrong length is read as far as it goes
    assert len(_column_widths(columns, rows, [False, True]) or []) == len(columns)
    # one more column of figures does not fit the portrait page
    assert (
        _column_widths([*columns, "本年（万元）"], [[*rows[0], "12345.67"]], [*numeric, True])
        is None
    )


def test_a_tall_chart_fits_the_page_of_the_word_draft():
    """A long Gantt chart (taller than wide) is scaled to the page height, not cut off."""
    import base64
    import io

    import docx
    from PIL import Image

    from wbanalysis.blocks import BLOCK_MIME
    from wbanalysis.render.docx import MARGINS_MM, PAGE, docx_bytes

    buffer = io.BytesIO()
    Image.new("RGB", (1000, 2000), "white").save(buffer, format="PNG")
    picture = base64.b64encode(buffer.getvalue()).decode()
    nb = v4.new_notebook()
    cell = v4.new_code_cell("x")
    cell.outputs = [
        v4.new_output(
            "display_data",
            data={
                BLOCK_MIME: {"kind": "figure", "caption": "项目节点"},
                "image/png": picture,
                "text/plain": "图",
            },
        )
    ]
    nb.cells = [cell]
    shape = docx.Document(io.BytesIO(docx_bytes(nb, title="图"))).inline_shapes[0]
    text_height_mm = PAGE[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]
    assert shape.height.mm < text_height_mm / 2 - 10  # under half the page with its caption
    assert abs(shape.height / shape.width - 2.0) < 0.01  # proportions kept


@pytest.mark.parametrize("make", [_notebook, _failed_notebook])
def test_the_page_is_the_document_nbconverts_own_exporter_makes(make, monkeypatch):
    """Our exporter leaves out HTMLExporter's BeautifulSoup pass (alt texts, tabindex): the
    page must parse to exactly what the stock exporter writes — a newer nbconvert doing more in
    that step fails here."""
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    ours = html_bytes(make()).decode("utf-8")
    stock = publish._new_exporter()
    stock.__class__ = HTMLExporter  # same settings, nbconvert's own from_notebook_node
    monkeypatch.setattr(publish, "_exporter", lambda: stock)
    theirs = html_bytes(make()).decode("utf-8")
    assert str(BeautifulSoup(ours, features="html.parser")) == theirs
    assert "<img" in ours and 'alt="' in ours and "No description" not in theirs


def test_the_word_draft_is_dated_at_the_end_of_its_period_and_says_what_it_is():
    import io

    import docx

    from wbanalysis.render.docx import docx_bytes

    def properties(parameters: dict):
        nb = v4.new_notebook()
        nb.metadata["papermill"] = {"parameters": parameters}
        nb.cells = [v4.new_markdown_cell("正文")]
        return docx.Document(io.BytesIO(docx_bytes(nb, title="总结"))).core_properties

    core = properties({"year": 2023, "through_month": 10})
    assert core.created.date().isoformat() == "2023-10-31" == core.modified.date().isoformat()
    assert "python-docx" not in (core.comments or "") and "wbanalysis" in core.comments
    assert (
        properties({"year": 2023, "through_month": 12}).created.date().isoformat() == "2023-12-31"
    )
    assert properties({"year": 2024, "through_month": 2}).created.date().isoformat() == "2024-02-29"
    assert properties({"year": 2023, "through_month": 13}).created.year == 2000  # not a month
