"""Tables to Excel: the page's download reads back as the page's cells; text is never a formula."""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import zipfile
from html import unescape

import nbformat
import openpyxl
import pandas as pd
import pytest
from nbformat import v4

from wbanalysis import blocks
from wbanalysis.blocks import BLOCK_MIME
from wbanalysis.render.html import EMBED_LIMIT, RENDERER, html_bytes, publish_notebook
from wbanalysis.render.xlsx import (
    XLSX_MIME,
    Sheet,
    parse_shown,
    table_cells,
    workbook_bytes,
    write_workbook,
)

HOSTILE = ["=1+1", "@SUM(A1)", "+1", "-2+3", "\t=1", "\r=1", "＝1+1", "＋1", "－1", "＠SUM(A1)"]
_LINK = re.compile(
    r'<a href="data:' + re.escape(XLSX_MIME) + r';base64,([^"]+)" download="([^"]+)"'
)


def _notebook(*tables: dict) -> nbformat.NotebookNode:
    nb = v4.new_notebook()
    nb.metadata["wbanalysis"] = {"title": "测试"}
    code = v4.new_code_cell("x", execution_count=1)
    code.outputs = [
        v4.new_output("display_data", data={BLOCK_MIME: t, "text/plain": "t"}) for t in tables
    ]
    nb.cells = [code]
    return nb


def _table() -> dict:
    return blocks.table(
        ["项目", "总投资（万元）", "完成率", "备注"],
        [
            ["甲水厂", "3,209.4", "87.90%", "=1+1"],
            ["乙<堤防>", "12", "—", "@SUM(A1)"],
            ["丙", "-5", "100.00%", "3209万元"],
        ],
        caption="表1 项目/投资",
        numeric=[False, True, True, False],
        values=[[None, 3209.4123, 87.9, None], [None, 12, None, None], [None, -5.0, 100.0, None]],
    )


def _page_tables(page: str) -> list[list[list[str]]]:
    """Each table of the page as its rows of cell texts (header first)."""
    tables = []
    for table in re.findall(r'<table class="wb-table">(.*?)</table>', page, flags=re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
        tables.append(
            [
                # a cell's text, without the link of a figure to its 出处
                [
                    unescape(re.sub(r"<[^>]+>", "", c))
                    for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, flags=re.S)
                ]
                for r in rows
            ]
        )
    return tables


def _shown(cell) -> str:
    """A cell read back from Excel, written as the page writes it (its number format)."""
    if cell.value is None:
        return ""
    if isinstance(cell.value, str):
        return cell.value
    fmt = cell.number_format
    places = len(fmt.split(".")[1].rstrip("%")) if "." in fmt else 0
    value = cell.value * 100 if fmt.endswith("%") else cell.value
    text = f"{value:,.{places}f}" if "," in fmt else f"{value:.{places}f}"
    return text + ("%" if fmt.endswith("%") else "")


def _downloads(page: str) -> list[tuple[bytes, str]]:
    return [(base64.b64decode(data), unescape(name)) for data, name in _LINK.findall(page)]


def assert_download_matches_page(page: str) -> int:
    """Every table of ``page`` with a download: the workbook's cells are the page's."""
    downloads, tables = _downloads(page), _page_tables(page)
    assert downloads and len(downloads) <= len(tables)
    linked = [
        t
        for t, after in zip(tables, page.split("</table>")[1:], strict=False)
        if after.startswith('<p class="wb-download">')
    ]
    assert len(linked) == len(downloads)
    for (data, _name), table in zip(downloads, linked, strict=True):
        ws = openpyxl.load_workbook(io.BytesIO(data)).active
        read = [[_shown(c) for c in row] for row in ws.iter_rows()]
        assert read == table
    return len(downloads)


def test_a_table_downloads_as_the_page_shows_it():
    page = html_bytes(_notebook(_table())).decode()
    assert assert_download_matches_page(page) == 1
    data, name = _downloads(page)[0]
    assert name == "表1 项目_投资.xlsx"
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws["B2"].value == pytest.approx(3209.4123)  # unrounded: it rounds to what is shown
    assert ws["B2"].number_format == "#,##0.0"
    assert ws["C2"].value == pytest.approx(0.879) and ws["C2"].number_format == "0.00%"
    assert ws["B4"].value == -5 and ws["C3"].value == "—"
    assert ws["D4"].value == "3209万元" and ws["A3"].value == "乙<堤防>"


def test_a_raw_value_that_disagrees_with_the_page_is_not_used():
    """A column shown in 万元 from a value in 元: Excel holds what the page shows."""
    block = blocks.table(["金额（万元）"], [["3,209"]], values=[[32_090_000.0]])
    assert table_cells(block).rows == [[3209]]


def test_formula_like_text_is_written_as_text():
    data = workbook_bytes([Sheet("表", ["文本"], [[t] for t in HOSTILE])])
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    assert xml.count('t="inlineStr"') == len(HOSTILE) + 1  # the header too
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [ws.cell(row=i + 2, column=1).value for i in range(len(HOSTILE))] == HOSTILE
    assert all(ws.cell(row=i + 2, column=1).data_type == "s" for i in range(len(HOSTILE)))


def test_a_page_cell_that_looks_like_a_formula_stays_text():
    page = html_bytes(_notebook(_table())).decode()
    data, _ = _downloads(page)[0]
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "=1+1" in xml and "@SUM(A1)" in xml


def test_parse_shown_reads_only_numbers():
    assert parse_shown("1,234,567") == (1234567.0, "#,##0")
    assert parse_shown("-0.5") == (-0.5, "0.0")
    for text in ("—", "", "3209万元", "1－10月", "12.5%%", "1,23", "同比增27.65%"):
        assert parse_shown(text) is None, text


def test_export_false_and_no_values_for_the_word_draft():
    block = blocks.table(["a"], [["1"]], export=False)
    assert block["export"] is False and "values" not in block
    assert "下载 Excel" not in html_bytes(_notebook(block)).decode()
    with pytest.raises(ValueError, match="values"):
        blocks.validate({**blocks.table(["a"], [["1"]]), "values": [[1], [2]]})


def test_show_table_records_values_and_export(monkeypatch):
    from wbanalysis import reporting

    shown: list[dict] = []
    monkeypatch.setattr(reporting, "_display", lambda bundle: shown.append(bundle[BLOCK_MIME]))
    df = pd.DataFrame({"名称": ["=cmd|' /C calc'!A0"], "金额": [3209.4123]})
    reporting.show_table(df, formats={"金额": lambda v: f"{v:.1f}"})
    reporting.show_table(df, export=False)
    assert shown[0]["values"] == [[None, 3209.4123]] and shown[0].get("export", True)
    assert shown[1]["export"] is False and "values" not in shown[1]
    page = html_bytes(_notebook(shown[0])).decode()
    ws = openpyxl.load_workbook(io.BytesIO(_downloads(page)[0][0])).active
    assert ws["A2"].value == "=cmd|' /C calc'!A0" and ws["A2"].data_type == "s"
    assert ws["B2"].value == pytest.approx(3209.4123)


def test_a_large_table_is_written_beside_its_page(tmp_path, monkeypatch):
    from wbanalysis.render import html as page_module

    monkeypatch.setattr(page_module, "EMBED_LIMIT", 100)
    out = tmp_path / "2023" / "city" / "01_annual_summary.html"
    out.parent.mkdir(parents=True)
    stale = out.with_name("01_annual_summary_表格7.xlsx")
    stale.write_bytes(b"old")
    publish_notebook(_notebook(_table(), _table()), out)
    side = sorted(p.name for p in out.parent.glob("*.xlsx"))
    assert side == ["01_annual_summary_表格1.xlsx", "01_annual_summary_表格2.xlsx"]
    page = out.read_text(encoding="utf-8")
    assert "data:" + XLSX_MIME not in page
    assert 'href="01_annual_summary_%E8%A1%A8%E6%A0%BC1.xlsx"' in page
    assert set(RENDERER.files_of(out)) == {out, *(out.parent / n for n in side)}
    assert EMBED_LIMIT == 200_000


def test_write_workbook_writes_sheets_in_order(tmp_path):
    path = write_workbook(
        tmp_path / "x.xlsx", [Sheet("长表", ["a"], [[1]]), Sheet("长表", ["b"], [["x"]])]
    )
    assert openpyxl.load_workbook(path).sheetnames == ["长表", "长表_2"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_reads_the_download_as_the_page(tmp_path):
    page = html_bytes(_notebook(_table())).decode()
    data, _ = _downloads(page)[0]
    (tmp_path / "t.xlsx").write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "t.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    if "could not be loaded" in done.stderr and not (tmp_path / "t.csv").exists():
        pytest.skip("LibreOffice without Calc (libreoffice-calc-nogui)")
    assert done.returncode == 0, done.stderr
    import csv

    with open(tmp_path / "t.csv", encoding="utf-8", newline="") as f:
        read = list(csv.reader(f))
    assert read == _page_tables(page)[0]  # the formatted cells, the hostile text as written


def test_the_same_sheets_give_the_same_bytes_at_any_time():
    """A rebuild, a Dask worker and a local build write identical workbooks: no save time in
    the zip entries or the document properties (zip times have 2 s steps)."""
    import time

    from wbanalysis.render.xlsx import long_sheet, workbook_bytes

    rows = [["funding.total", "争取项目资金", 2023, 10, "全市", 3209.0, "万元", "3209万元"]]
    first = workbook_bytes([long_sheet(rows)])
    time.sleep(2.1)
    assert workbook_bytes([long_sheet(rows)]) == first
