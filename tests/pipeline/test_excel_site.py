"""The built site takes its tables to Excel: each page's downloads, 指标汇总.xlsx beside the index."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT, SAMPLE

from wbanalysis.indicators import catalogue_of, compute_indicators
from wbanalysis.indicators.local import load
from wbanalysis.pipeline.site import build_site
from wbanalysis.render.xlsx import LONG_COLUMNS, SUMMARY_NAME
from wbanalysis.scope import Scope

sys.path.insert(0, str(ROOT / "tests" / "render"))
from test_xlsx import assert_download_matches_page  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("excel") / "site"
    result = build_site(
        out_dir=out,
        years=[2023],
        counties=["全市", "白沙县"],
        notebooks=["01_annual_summary", "03_projects_plans"],
        formats=("html",),
        jobs=2,
    )
    assert result.failed == {} and len(result.built) == 4
    return out


def test_every_table_of_every_page_downloads_as_shown(site):
    for page in sorted(site.glob("2023/*/*.html")):
        text = page.read_text(encoding="utf-8")
        assert assert_download_matches_page(text) >= 3, page
        assert page.stat().st_size < 1_500_000


def test_the_indicator_workbook_holds_what_compute_indicators_says(site):
    path = site / SUMMARY_NAME
    assert SUMMARY_NAME in (site / "index.html").read_text(encoding="utf-8")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["长表", "宽表"]
    rows = list(book["长表"].values)
    assert rows[0] == LONG_COLUMNS
    dataset = load(SAMPLE)
    scope = Scope.of(dataset, year=2023, county="白沙县")
    values = compute_indicators(dataset, scope)
    catalogue = catalogue_of(dataset)
    mine = {r[0]: r for r in rows[1:] if r[4] == "白沙县"}
    assert set(mine) == set(values)  # the annual summary computes the whole catalogue
    for key, value in values.items():
        _key, name, year, month, _county, number, unit, display = mine[key]
        assert (name, year, month) == (catalogue[key].name, 2023, scope.through_month)
        assert unit == (catalogue[key].unit or None) and display == catalogue[key].display(value)
        if isinstance(value, float) and math.isnan(value):
            assert number is None, key
        else:
            assert number == pytest.approx(value), key
    wide = list(book["宽表"].values)
    header = wide[0]
    column = header.index(f"2023年1－{scope.through_month}月 白沙县")
    by_key = {r[0]: r for r in wide[1:]}
    assert by_key["funding.total"][column] == pytest.approx(values["funding.total"])


def test_the_indicator_workbook_is_rewritten_only_when_it_changed(site):
    path = site / SUMMARY_NAME
    before = path.stat().st_mtime_ns, path.read_bytes()
    result = build_site(
        out_dir=site,
        years=[2023],
        counties=["全市", "白沙县"],
        notebooks=["01_annual_summary", "03_projects_plans"],
        formats=("html",),
        jobs=1,
    )
    assert result.built == [] and len(result.unchanged) == 4
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


def test_the_rows_do_not_depend_on_which_report_finished_first():
    """A Dask cluster finishes reports in another order than local kernels: the workbook of
    every indicator is the same (one selection read by two reports recording other keys)."""
    from wbanalysis.pipeline.workbook import summary_rows

    def report(keys):
        entry = {"status": "ok", "year": 2023, "through_month": 10, "is_city": True}
        items = [[k, k, "万元", 1.0, "1万元"] for k in keys]
        return {"entry": {**entry, "county": "全市"}, "record": {"indicators": items}}

    a, b = report(["funding.total", "funding.central"]), report(["investment.fixed_asset"])
    first = summary_rows({"2023/city/01": a, "2023/city/02": b})
    assert summary_rows({"2023/city/02": b, "2023/city/01": a}) == first
    assert [row[0] for row in first] == [
        "funding.total",
        "funding.central",
        "investment.fixed_asset",
    ]
