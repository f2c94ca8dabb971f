"""The page's 出处 panels: a figure links to the ledger rows behind it, offline, escaped,
within the page's budget; the Word draft shows none of it."""

from __future__ import annotations

import csv
import io
import re

import nbformat
from nbformat import v4

from wbanalysis import blocks
from wbanalysis.blocks import BLOCK_MIME, SOURCES_CSV_MIME, SOURCES_MIME
from wbanalysis.render import html as page
from wbanalysis.render.sources import (
    joined_csv,
    linked,
    panels,
    rows_csv,
    rows_csv_text,
    source_id,
)


def _source(n: int = 3, **extra) -> dict:
    rows = [
        ["争取项目资金", "资金台账", "funding.csv", "", str(590 + i), f"ZJ{i}", "100"]
        for i in range(n)
    ]
    source = {
        "name": "争取项目资金",
        "display": "3209万元",
        "scope": "XX市2023年1－10月",
        "formula": "争取项目资金 = 《资金台账》3行“争取金额”之和 = 3209万元",
        "explanation": "",
        "complete": True,
        "columns": ["指标", "台账", "文件", "工作表", "行号", "资金编号", "计入"],
        "rows": rows,
        "total": n,
    }
    source.update(extra)
    return source


def _notebook(text: str, figures: list, sources: dict) -> nbformat.NotebookNode:
    nb = v4.new_notebook()
    code = v4.new_code_cell("x", execution_count=1)
    block = blocks.validate({"kind": "paragraph", "text": text, "figures": figures})
    code.outputs = [
        v4.new_output("display_data", data={BLOCK_MIME: block, "text/plain": text}),
        v4.new_output("display_data", data={SOURCES_MIME: sources, "text/plain": "已记录出处"}),
    ]
    nb.cells = [code]
    return nb


def test_a_figure_links_to_its_panel_and_the_panel_lists_its_rows():
    nb = _notebook(
        "共争取项目资金3209万元。", [[7, 13, "funding.total"]], {"funding.total": _source()}
    )
    side: dict[str, bytes] = {}
    html = page.html_bytes(nb, side=side, stem="年度").decode()
    ident = source_id("funding.total")
    assert (
        f'共争取项目资金<a class="wb-fig" href="#{ident}" title="查看出处">3209万元</a>。' in html
    )
    panel = html[html.index(f'id="{ident}"') :]
    assert "出处：争取项目资金 3209万元" in panel and "XX市2023年1－10月" in panel
    assert panel.count("<tr>") == 4  # a header and three rows, with their Excel row numbers
    assert "<td>590</td>" in panel and "<th>工作表</th>" not in panel  # an empty column: left out
    assert "<th>指标</th>" not in panel  # every row is of the figure itself
    assert 'href="#wb-closed"' in panel  # 关闭: an anchor that is nowhere, the page stays put
    assert "已记录出处" not in html  # the output that carried them is not shown
    assert list(side) == ["年度_出处.csv"]
    assert "年度_出处.csv" in panel or "%E5%B9%B4%E5%BA%A6_%E5%87%BA%E5%A4%84.csv" in panel


def test_hostile_text_in_a_figure_or_a_source_stays_text():
    text = "<b>共</b>3209万元<script>x</script>"
    nb = _notebook(
        text,
        [[8, 14, "funding.total"]],
        {
            "funding.total": _source(
                name="<img src=x onerror=alert(1)>", formula="</section><script>"
            )
        },
    )
    html = page.html_bytes(nb).decode()
    assert "<script>" not in html and "<img src=x" not in html and "</section><script>" not in html
    assert "&lt;b&gt;共&lt;/b&gt;<a" in html


def test_figures_without_a_panel_or_overlapping_are_plain_text():
    assert linked("a1b", [[1, 2, "k"]], set()) == "a1b"
    out = linked("12345", [[0, 3, "a"], [2, 5, "b"]], {"a", "b"})
    assert out.count("<a ") == 1 and out.endswith("45")


def test_a_panel_says_when_its_rows_are_not_listed():
    untold = panels({"projects.completed": _source(rows=[], total=0, complete=False)})
    assert "逐行明细未在本页列出" in untold and "wbanalysis explain projects.completed" in untold
    none = panels({"funding.county": _source(rows=[], total=0)})
    assert "没有计入的台账行" in none


def test_the_csv_has_every_row_numbers_as_numbers_and_no_formula():
    rows = [['=HYPERLINK("x")', 1, 2.5], ["@SUM(A1)", None, 3]]
    source = _source(
        columns=["资金编号", "行号", "计入"],
        rows=[['=HYPERLINK("x")', "1", "2.5"]],
        all=rows,
        total=2,
    )
    data = rows_csv({"funding.total": source})
    assert data is not None and data.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == ["页面指标", "页面数值", "资金编号", "行号", "计入"]
    assert table[1] == ["争取项目资金", "3209万元", '\'=HYPERLINK("x")', "1", "2.5"]
    assert table[2][2] == "'@SUM(A1)" and table[2][3] == ""
    assert rows_csv({"k": _source(rows=[])}) is None


def test_the_page_saves_the_csv_text_its_report_wrote_and_joins_two_records():
    first = {"funding.total": _source(2)}
    second = {"funding.central": _source(1, name="中央资金", display="1650.2万元")}
    nb = _notebook("共争取项目资金3209万元。", [[7, 13, "funding.total"]], first)
    nb.cells[0].outputs[1]["data"][SOURCES_CSV_MIME] = rows_csv_text(first)
    again = v4.new_output(
        "display_data",
        data={SOURCES_MIME: second, SOURCES_CSV_MIME: rows_csv_text(second), "text/plain": "出处"},
    )
    # the same figure recorded twice is written once
    twice = v4.new_output(
        "display_data",
        data={SOURCES_MIME: first, SOURCES_CSV_MIME: rows_csv_text(first), "text/plain": "出处"},
    )
    nb.cells[0].outputs += [again, twice]
    side: dict[str, bytes] = {}
    html = page.html_bytes(nb, side=side, stem="年度").decode()
    assert "出处：中央资金 1650.2万元" in html
    assert side["年度_出处.csv"] == rows_csv({**first, **second})
    table = list(csv.reader(io.StringIO(side["年度_出处.csv"].decode("utf-8-sig"))))
    assert [r[0] for r in table[1:]] == ["争取项目资金", "争取项目资金", "中央资金"]
    # (a cell a spreadsheet would take for a formula stays text, however the text came)
    assert joined_csv(["a,b\r\n1,2\r\n", "b,c\r\n3,=4\r\n"]) == "a,b,c\r\n1,2,\r\n,3,'=4\r\n"


def test_a_page_over_its_budget_lists_fewer_rows_in_its_panels(monkeypatch):
    many = {f"k{i}": _source(50) for i in range(30)}
    figures = []
    text = "".join(f"{i}个，" for i in range(30))
    at = 0
    for i in range(30):
        figures.append([at, at + len(f"{i}个"), f"k{i}"])
        at += len(f"{i}个，")
    nb = _notebook(text, figures, many)
    full = page.html_bytes(nb)
    monkeypatch.setattr(page, "PAGE_BUDGET", len(full) // 2)
    cut = page.html_bytes(nb, side={}, stem="p")
    assert len(cut) <= len(full) // 2
    assert "此处列出前 10 行" in cut.decode() and "下载本页全部出处行" in cut.decode()
    monkeypatch.setattr(page, "PAGE_BUDGET", 1)
    bare = page.html_bytes(nb, side={}, stem="p").decode()
    assert "本页篇幅有限，未逐行列出" in bare and "<td>590</td>" not in bare


def test_the_word_draft_shows_no_source(tmp_path):
    from docx import Document

    from wbanalysis.render import docx

    nb = _notebook(
        "共争取项目资金3209万元。", [[7, 13, "funding.total"]], {"funding.total": _source()}
    )
    out = docx.publish_docx(nb, tmp_path / "a.docx", title="测试")
    text = "".join(p.text for p in Document(str(out)).paragraphs)
    assert "共争取项目资金3209万元。" in text and "出处" not in text and "已记录" not in text


def test_the_index_links_a_headline_figure_to_its_panel():
    from wbanalysis.render.index import render_index

    entry = {
        "notebook": "01_annual_summary",
        "notebook_title": "年度工作总结",
        "year": 2023,
        "county": "全市",
        "is_city": True,
        "status": "ok",
        "html": "2023/city/01.html",
        "headline": {"争取资金": "3209万元"},
        "headline_keys": {"争取资金": "funding.total"},
    }
    html = render_index([entry])
    assert re.search(
        rf'<a href="2023/city/01.html#{source_id("funding.total")}"[^>]*>3209万元</a>', html
    )
