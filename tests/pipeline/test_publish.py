"""Publishing: each format's file, the failure page, edited drafts kept, stale pages, index."""

from __future__ import annotations

import time

import pytest
from conftest import ROOT

from wbanalysis.pipeline.execute import Job, Outcome
from wbanalysis.pipeline.facts import LedgerFacts
from wbanalysis.pipeline.options import BuildOptions
from wbanalysis.pipeline.publish import (
    Every,
    index_entry,
    keep_edited,
    publish,
    remove_stale_pages,
    site_entries,
)
from wbanalysis.pipeline.skip import plan_site
from wbanalysis.render import get_renderer

NOTEBOOK = ROOT / "tests" / "data" / "notebooks" / "ok" / "a_funding.ipynb"
FACTS = LedgerFacts(
    years=[2023],
    counties=["白沙县"],
    codes={"白沙县": "990124"},
    last_months={2023: 10},
    city="XX市",
)
PAGE, WORD = get_renderer("html"), get_renderer("docx")


@pytest.fixture
def report(tmp_path):
    options = BuildOptions(notebooks=[str(NOTEBOOK)], years=[2023], counties=["白沙县"])
    return plan_site(FACTS, options, tmp_path)[0]


def _failed(report, error="TimeoutError: 报告执行超时"):
    job = Job(
        key=report.key,
        notebook=report.notebook,
        parameters=report.parameters,
        title=report.title,
        report=report,
    )
    return Outcome(job, "failed", None, {}, error, None, 1.0)


def test_index_entry_names_the_files_written(report):
    ok = index_entry(report, "ok", {"headline": {"a": 1}}, None, (PAGE, WORD))
    assert ok["html"] == report.output == "2023/990124/a_funding.html"
    assert ok["docx"] == "2023/990124/a_funding.docx" and ok["headline"] == {"a": 1}
    assert index_entry(report, "ok", {}, None, (PAGE,))["docx"] is None
    failed = index_entry(report, "failed", {"check": {"ok": True}}, "错误", (PAGE, WORD))
    assert failed["status"] == "failed" and failed["docx"] is None and failed["check"] is None
    assert failed["html"] == report.output  # the failure page
    assert list(ok)[:9] == [
        "notebook",
        "notebook_title",
        "year",
        "county",
        "is_city",
        "through_month",
        "monthly",
        "status",
        "html",
    ]


def test_a_failed_report_gets_a_failure_page_and_loses_its_stale_draft(tmp_path, report):
    word = tmp_path / WORD.path_of(report.output)
    word.parent.mkdir(parents=True)
    word.write_bytes(b"not ours any more")  # no Word document: counts as edited, kept aside
    publish(_failed(report), tmp_path, (PAGE,))
    page = (tmp_path / report.output).read_text(encoding="utf-8")
    assert "报告执行超时" in page and "TimeoutError" in page
    assert not word.exists()
    kept = list(word.parent.glob("a_funding（已修改 *）.docx"))
    assert len(kept) == 1 and kept[0].read_bytes() == b"not ours any more"


def test_a_draft_written_by_the_build_is_simply_removed_when_the_report_fails(tmp_path, report):
    import nbformat

    word = tmp_path / WORD.path_of(report.output)
    WORD.publish(nbformat.v4.new_notebook(), word, title="草稿")
    publish(_failed(report), tmp_path, (PAGE, WORD))
    assert not word.exists() and list(word.parent.glob("*已修改*")) == []


def test_keep_edited_leaves_formats_without_an_edit_check_alone(tmp_path):
    page = tmp_path / "a.html"
    page.write_text("x", encoding="utf-8")
    keep_edited(page, PAGE)
    assert page.read_text(encoding="utf-8") == "x"


def test_stale_pages_of_a_county_gone_are_removed(tmp_path, report):
    old = "2023/990199/a_funding.html"
    for name in (old, report.output):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("页面", encoding="utf-8")
    gone = {"notebook": "a_funding", "year": 2023, "county": "旧县", "is_city": False}
    other_year = {"notebook": "a_funding", "year": 2022, "county": "白沙县", "is_city": False}
    reports = {
        old: {"entry": gone},
        "2022/990124/a_funding.html": {"entry": other_year},
        report.key: {"entry": index_entry(report, "ok", {}, None)},
    }
    remove_stale_pages(reports, [report], FACTS.counties, tmp_path)
    assert set(reports) == {"2022/990124/a_funding.html", report.key}
    assert not (tmp_path / old).exists() and not (tmp_path / old).parent.exists()
    assert (tmp_path / report.output).exists()
    assert [e["html"] for e in site_entries(reports, tmp_path)] == [report.output]


def test_every_acts_at_once_then_waits():
    calls = []
    every = Every(60)
    every(lambda: calls.append(time.monotonic()))
    every(lambda: calls.append(time.monotonic()))
    every(lambda: calls.append(time.monotonic()), now=True)
    assert len(calls) == 2
