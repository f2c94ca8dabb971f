"""A tiny published site, opened in headless Chromium with the network cut.

Needs the Python package ``playwright`` and a system Chromium (``/usr/bin/chromium``);
skipped with the reason when either is missing. For Chinese text to *look* right (not for the
assertions) the machine needs a CJK font for Chromium, e.g. Debian's ``fonts-noto-cjk``.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path
from urllib.parse import unquote, urlparse

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest
from browser_util import browser_unavailable, open_in_browser
from nbformat import v4

from wbanalysis import plots
from wbanalysis.render.html import publish_notebook
from wbanalysis.render.index import write_index

pytestmark = pytest.mark.browser

LEDGER_STRING = "<script>alert(1)</script>"
SOURCE_MARKER = "import wbanalysis as wb"


@pytest.fixture(scope="module", autouse=True)
def _need_browser():
    reason = browser_unavailable()
    if reason:
        pytest.skip(f"browser test skipped: {reason}")


def _chart_png() -> str:
    ax = plots.bar_by_category(
        pd.Series({"城区": 3209.0, "东县": 1860.5, "西县": 1200.0}),
        title="争取项目资金（按县区）",
        unit="万元",
    )
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png")
    plt.close(ax.figure)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _report() -> nbformat.NotebookNode:
    nb = v4.new_notebook()
    nb.metadata["wbanalysis"] = {"title": "2023年 全市 年度工作总结"}
    table = pd.DataFrame(
        {"项目名称": [LEDGER_STRING, "水库除险加固"], "资金（万元）": [12.5, 3209.0]}
    )
    chart = v4.new_code_cell(f"{SOURCE_MARKER}\nwb.plots.bar_by_category(s)", execution_count=1)
    chart.outputs = [
        v4.new_output(
            "display_data", data={"image/png": _chart_png(), "text/plain": "<Figure size 900x480>"}
        )
    ]
    tab = v4.new_code_cell("table", execution_count=2)
    tab.outputs = [
        v4.new_output(
            "execute_result",
            execution_count=2,
            data={"text/html": table.to_html(), "text/plain": str(table)},
        )
    ]
    ledger = v4.new_code_cell("print(name)", execution_count=3)
    ledger.outputs = [
        v4.new_output("stream", name="stdout", text=f"台账项目：{LEDGER_STRING}\n"),
        # a producer that forgot to escape; the published page must still not run it
        v4.new_output("display_data", data={"text/html": f"<p>未转义：{LEDGER_STRING}</p>"}),
    ]
    nb.cells = [
        v4.new_markdown_cell("# 2023年水务工作总结\n\n全年争取项目资金**3209万元**。"),
        chart,
        tab,
        ledger,
    ]
    return nb


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    publish_notebook(_report(), root / "2023" / "全市" / "annual_summary.html")
    write_index(
        [
            {
                "notebook": "annual_summary",
                "notebook_title": "年度工作总结",
                "year": 2023,
                "county": "全市",
                "is_city": True,
                "through_month": 10,
                "status": "ok",
                "html": "2023/全市/annual_summary.html",
                "headline": {"争取项目资金": "3209万元"},
            },
            {
                "notebook": "annual_summary",
                "notebook_title": "年度工作总结",
                "year": 2023,
                "county": "东县",
                "through_month": 10,
                "status": "failed",
                "html": None,
                "error": f"KeyError: {LEDGER_STRING}",
            },
        ],
        root,
    )
    return root


def _assert_offline_and_quiet(result: dict) -> None:
    assert result["blocked"] == []
    assert all(url.startswith(("file:", "data:")) for url in result["requests"]), result["requests"]
    assert result["console_errors"] == []
    assert result["dialogs"] == []
    assert result["lang"] == "zh-CN"


def test_index_page(site):
    result = open_in_browser(site / "index.html")
    _assert_offline_and_quiet(result)
    assert "XX市水务局工作总结报告" in result["text"] and "3209万元" in result["text"]
    assert f"KeyError: {LEDGER_STRING}" in result["text"]  # shown as text, not run
    assert result["links"]
    for link in result["links"]:
        url = urlparse(link)
        assert url.scheme == "file" and Path(unquote(url.path)).is_file()


def test_report_page(site, tmp_path):
    result = open_in_browser(
        site / "2023" / "全市" / "annual_summary.html", screenshot=tmp_path / "report.png"
    )
    _assert_offline_and_quiet(result)
    assert result["title"] == "2023年 全市 年度工作总结"
    assert "全年争取项目资金3209万元" in result["text"]
    assert result["images"] and all(img["naturalWidth"] > 0 for img in result["images"])
    assert result["input_areas"] == 0
    assert SOURCE_MARKER not in result["text"] and "print(name)" not in result["text"]
    assert f"台账项目：{LEDGER_STRING}" in result["text"]
    assert "水库除险加固" in result["text"]
    assert (tmp_path / "report.png").stat().st_size > 0


def test_the_checks_catch_a_bad_page(tmp_path):
    """Negative control: external requests and alert() are detected by the helper."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<html><body><img src="http://example.invalid/x.png">'
        "<script>alert('x')</script></body></html>",
        encoding="utf-8",
    )
    result = open_in_browser(bad)
    assert result["blocked"] == ["http://example.invalid/x.png"]
    assert result["dialogs"] == ["alert: x"]
    assert result["images"][0]["naturalWidth"] == 0
