"""The Word 上报稿 from one report model: body, 附件说明, 附件 from a new page (or a 附表
document of their own), the analysis on the page only; judgement headings run in."""

from __future__ import annotations

import io

import docx
import pytest
from nbformat import v4

from wbanalysis import blocks
from wbanalysis.blocks import BLOCK_MIME
from wbanalysis.render.docx import annex_bytes, annex_path, docx_bytes, publish_docx
from wbanalysis.render.html import html_bytes

PNG_1PX = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJ"
    "RU5ErkJggg=="
)


def _output(block: dict, png: str | None = None):
    data = {BLOCK_MIME: block, "text/plain": "x"}
    if png:
        data["image/png"] = png
    return v4.new_output("display_data", data=data)


def _notebook():
    table = blocks.table(["指标", "数值"], [["争取资金", "3209万元"]], caption="主要指标")
    cell = v4.new_code_cell("x")
    cell.outputs = [
        _output(blocks.heading("XX市水务局2023年工作总结", 1)),
        _output(blocks.place(blocks.note("数据截至10月底。"), "analysis")),
        _output(blocks.heading("一、2023年主要工作开展情况", 2)),
        _output(blocks.heading("（一）资金争取成效明显。", 3, run_in=True)),
        _output(blocks.paragraph("共争取项目资金3209万元。")),
        _output(blocks.place(table, "annex", "主要指标表")),
        _output(blocks.place(blocks.note("注：Theil–Sen 斜率。"), "analysis")),
        _output(blocks.place(blocks.figure("分级争取资金"), "annex", "主要图表"), PNG_1PX),
        _output(blocks.heading("（二）防汛抗旱工作安全有效。", 3, run_in=True)),
        _output(blocks.paragraph("共转发预警信息150余次。")),
    ]
    nb = v4.new_notebook()
    nb.cells = [cell]
    return nb


def _paragraphs(data: bytes) -> list:
    return docx.Document(io.BytesIO(data)).paragraphs


def test_the_body_runs_judgements_in_and_the_annexes_follow_on_their_own_pages():
    paragraphs = _paragraphs(docx_bytes(_notebook(), title="总结"))
    texts = [p.text for p in paragraphs]
    assert "（一）资金争取成效明显。共争取项目资金3209万元。" in texts
    first = paragraphs[texts.index("（一）资金争取成效明显。共争取项目资金3209万元。")]
    assert [r.text for r in first.runs] == ["（一）资金争取成效明显。", "共争取项目资金3209万元。"]
    assert "楷体" in first.runs[0]._r.rPr.rFonts.get(docx.oxml.ns.qn("w:eastAsia"))
    # the analysis stays on the page: no ledger note, no statistics in the draft
    assert not any("数据" in t or "Theil" in t for t in texts)
    note = texts.index("附件：1．主要指标表")
    assert texts[note - 1] == "" and texts[note + 1] == "2．主要图表"
    last = texts.index("（二）防汛抗旱工作安全有效。共转发预警信息150余次。")
    assert note > last
    # the 附件说明 keeps with the body's last paragraph: never a page of its own
    kept = [p.paragraph_format.keep_with_next for p in paragraphs[last : note + 2]]
    assert kept == [True, True, True, None]
    labels = [p for p in paragraphs if p.text.startswith("附件") and "：" not in p.text]
    assert [p.text for p in labels] == ["附件1", "附件2"]
    assert all(p.paragraph_format.page_break_before for p in labels)
    assert texts[texts.index("附件1") + 1] == "主要指标表"
    document = docx.Document(io.BytesIO(docx_bytes(_notebook(), title="总结")))
    assert len(document.tables) == 1 and len(document.inline_shapes) == 1
    assert "图1 分级争取资金" in texts


def test_the_page_keeps_everything_the_draft_leaves_out():
    page = html_bytes(_notebook()).decode("utf-8")
    for text in (
        "数据截至10月底",
        "Theil–Sen",
        "3209万元",
        "分级争取资金",
        "（一）资金争取成效明显。",
    ):
        assert text in page


def test_annexes_apart_make_a_document_of_their_own(tmp_path):
    body = docx.Document(io.BytesIO(docx_bytes(_notebook(), title="总结", annexes="separate")))
    assert body.tables == [] and len(body.inline_shapes) == 0
    assert body.paragraphs[-2].text == "附件：1．主要指标表"  # the 附件说明 stays
    apart = docx.Document(io.BytesIO(annex_bytes(_notebook(), title="总结")))
    texts = [p.text for p in apart.paragraphs]
    assert texts[:2] == ["附件1", "主要指标表"] and "附件2" in texts
    assert not apart.paragraphs[0].paragraph_format.page_break_before  # its first page
    assert len(apart.tables) == 1

    out = tmp_path / "r.docx"
    publish_docx(_notebook(), out, title="总结", annexes="separate")
    assert annex_path(out).is_file()
    publish_docx(_notebook(), out, title="总结")  # inside again: the 附表 is stale
    assert not annex_path(out).exists()
    with pytest.raises(ValueError):
        docx_bytes(_notebook(), annexes="beside")


def test_a_run_in_heading_without_a_paragraph_stands_alone_and_a_block_names_its_annex():
    cell = v4.new_code_cell("x")
    cell.outputs = [
        _output(blocks.heading("（一）前期工作进展顺利。", 3, run_in=True)),
        _output(blocks.heading("二、存在困难和问题", 2)),
    ]
    nb = v4.new_notebook()
    nb.cells = [cell]
    texts = [p.text for p in _paragraphs(docx_bytes(nb, title="t"))]
    assert texts == ["（一）前期工作进展顺利。", "二、存在困难和问题"]
    with pytest.raises(ValueError, match="names its 附件"):
        blocks.validate({"kind": "note", "text": "x", "where": "annex"})
    with pytest.raises(ValueError, match="where"):
        blocks.validate({"kind": "note", "text": "x", "where": "page"})
