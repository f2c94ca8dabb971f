"""The site's comparison pages: every year of the demo, ranks equal to wb.compare's, offline,
linked from the index, skipped when nothing changed."""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

import wbanalysis as wb
from wbanalysis.pipeline.comparisons import MANIFEST_KEY, write_comparisons
from wbanalysis.pipeline.facts import LedgerFacts
from wbanalysis.pipeline.manifest import Manifest
from wbanalysis.render.index import render_index


class _Cells(HTMLParser):
    """(row key, county) → the rank shown on the page, from the tables' data attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.key: str | None = None
        self.ranks: dict[tuple[str, str], str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and "data-key" in a:
            self.key = a["data-key"]
        elif tag == "td" and "data-county" in a and self.key:
            self.ranks[(self.key, a["data-county"])] = a["data-rank"]


class _Store:
    def __init__(self, dataset) -> None:
        self._dataset, self.loads = dataset, 0

    @property
    def dataset(self):
        self.loads += 1
        return self._dataset


@pytest.fixture(scope="module")
def site(tmp_path_factory, demo):
    out = tmp_path_factory.mktemp("site")
    manifest = Manifest(out.parent / "manifest.json")
    facts = LedgerFacts.from_dataset(demo)
    store = _Store(demo)
    links = write_comparisons(
        store, facts, list(facts.years), out, manifest, fingerprints={"x": "1"}, code="c"
    )
    return SimpleNamespace(
        out=out, manifest=manifest, facts=facts, store=store, links=links, demo=demo
    )


def test_a_page_for_every_year_of_the_demo(site):
    for year in site.demo.years:
        assert (site.out / "compare" / f"{year}.html").is_file()
    assert [h for t, h in site.links if "年县区对比" in t] == [
        f"compare/{y}.html" for y in site.demo.years
    ]
    assert any(h.startswith("compare/trend-") for _, h in site.links)
    for _, href in site.links:
        assert (site.out / href).is_file()


@pytest.mark.parametrize("year", [2019, 2023])
def test_ranks_on_the_page_are_those_of_compare(site, year):
    parser = _Cells()
    parser.feed((site.out / "compare" / f"{year}.html").read_text("utf-8"))
    keys = sorted({k for k, _ in parser.ranks})
    assert "funding.total" in keys and len(keys) > 50
    table = wb.compare(site.demo, keys, year=year)
    compared = 0
    for (key, county), shown in parser.ranks.items():
        rank = table.at[county, key + "#rank"]
        assert shown == ("—" if math.isnan(rank) else str(int(rank))), (key, county)
        compared += 1
    assert compared == len(keys) * len(site.demo.counties)


def test_pages_are_offline(site):
    for page in (site.out / "compare").glob("*.html"):
        text = page.read_text("utf-8")
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", text), page.name
        assert "<script src" not in text
        assert "http://" not in re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", text)
        assert "https://" not in re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", text)


def test_city_column_sums_additive_indicators_only(site):
    text = (site.out / "compare" / "2023.html").read_text("utf-8")
    assert "3209万元" in text  # 争取项目资金: the counties' sum
    assert "79.49%" in text  # 资金到位率: the city's own rate, not a sum of rates


def test_index_links_the_pages(site):
    entry = {
        "notebook": "annual_summary",
        "notebook_title": "年度工作总结",
        "year": 2023,
        "county": "全市",
        "is_city": True,
        "through_month": 10,
        "status": "ok",
        "html": "2023/city/annual_summary.html",
    }
    page = render_index([entry], links=site.links)
    for _, href in site.links:
        assert f'href="{href}"' in page
    assert "县区对比" in page


def test_unchanged_pages_are_not_made_again(site):
    before = {p.name: p.stat().st_mtime_ns for p in (site.out / "compare").glob("*.html")}
    loads = site.store.loads
    again = write_comparisons(
        site.store,
        site.facts,
        list(site.facts.years),
        site.out,
        site.manifest,
        fingerprints={"x": "1"},
        code="c",
    )
    assert again == site.links and site.store.loads == loads  # the ledgers were not asked for
    after = {p.name: p.stat().st_mtime_ns for p in (site.out / "compare").glob("*.html")}
    assert after == before
    assert site.manifest.get(MANIFEST_KEY)["files"]


def test_a_county_bureau_gets_no_comparison(tmp_path):
    facts = LedgerFacts(years=[2023], counties=["龙泉县"], last_months={2023: 10})
    store = _Store(None)
    manifest = Manifest(tmp_path / "manifest.json")
    links = write_comparisons(store, facts, [2023], tmp_path, manifest, fingerprints={}, code="c")
    assert links == [] and store.loads == 0 and not (tmp_path / "compare").exists()


def test_a_year_made_from_the_recorded_values_equals_compare(demo):
    import json

    import pandas as pd

    from wbanalysis.pipeline.comparisons import _year_frame, recorded
    from wbanalysis.reporting import _plain

    facts = LedgerFacts.from_dataset(demo)
    keys = ["funding.total", "funding.arrival_rate", "rivers.chiefs"]
    places = [*facts.counties, "全市"]
    reports = {}
    for n, place in enumerate(places):
        values = wb.compute_indicators(demo, year=2023, county=place, keys=keys)
        record = {"values": {k: _plain(v) for k, v in values.items()}}
        entry = {"year": 2023, "county": place, "monthly": False, "through_month": 10}
        reports[f"r{n}"] = json.loads(
            json.dumps({"status": "ok", "entry": entry, "record": record})
        )
    reports["m"] = {**reports["r0"], "entry": {**reports["r0"]["entry"], "through_month": 9}}
    known = recorded(reports, facts)
    assert set(known) == {2023} and set(known[2023]) == set(places)
    # dataset None: nothing is computed when every place recorded its values
    frame = _year_frame(None, 2023, keys, places, known[2023])
    pd.testing.assert_frame_equal(frame, wb.compare(demo, keys, year=2023))


@pytest.mark.browser
def test_a_click_on_a_county_sorts_by_its_rank(site):
    """In Chromium with the network cut: no error, nothing requested outside, and a click on a
    county's header orders the section's rows by that county's rank."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from browser_util import CHROMIUM, CHROMIUM_ARGS, browser_unavailable, open_in_browser

    if (reason := browser_unavailable()) is not None:
        pytest.skip(reason)
    page_path = site.out / "compare" / "2023.html"
    opened = open_in_browser(page_path)
    assert not opened["blocked"] and not opened["console_errors"]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(page_path.resolve().as_uri())
            table = page.locator("table.wb-sortable").first
            table.locator("thead th", has_text="白沙县").click()
            ranks = table.locator("td[data-county='白沙县']").evaluate_all(
                "cells => cells.map(c => c.getAttribute('data-sort'))"
            )
        finally:
            browser.close()
    numbers = [int(r) for r in ranks if r]
    assert numbers == sorted(numbers) and len(numbers) > 5
    assert all(r == "" for r in ranks[len(numbers) :])  # unranked last


def test_a_year_with_some_places_recorded_computes_only_the_others(demo, monkeypatch):
    """A build of 全市 and one county computes the other counties' values, not theirs."""
    import pandas as pd

    import wbanalysis.indicators as indicators
    from wbanalysis.pipeline.comparisons import _year_frame

    facts = LedgerFacts.from_dataset(demo)
    keys = ["funding.total", "funding.arrival_rate"]
    places = [*facts.counties, "全市"]
    known = {
        p: wb.compute_indicators(demo, year=2023, county=p, keys=keys) for p in ("全市", "白沙县")
    }
    asked = []
    real = indicators.compute_indicators

    def counting(dataset, scope=None, **kw):
        asked.append(scope.name)
        return real(dataset, scope, **kw)

    monkeypatch.setattr(indicators, "compute_indicators", counting)
    frame = _year_frame(demo, 2023, keys, places, known)
    assert "白沙县" not in asked and len(asked) == len(places) - 2
    pd.testing.assert_frame_equal(frame, wb.compare(demo, keys, year=2023))
