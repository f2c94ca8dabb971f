"""The county demo: 龙泉县's own ledgers (``make_demo_data.py --county 龙泉县``) build a site
whose every page — HTML and Word — speaks as 龙泉县水务局 (issue #21, case 8)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

pytestmark = pytest.mark.slow

COUNTY = "龙泉县"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("county")
    data, out = base / "data", base / "site"
    script = ROOT / "scripts" / "make_demo_data.py"
    subprocess.run([sys.executable, str(script), str(data), "--county", COUNTY], check=True)
    command = [sys.executable, "-m", "wbanalysis", "build", "--data", str(data), "--out", str(out)]
    subprocess.run([*command, "--years", "2023"], check=True, cwd=base)
    return out


def _html(path: Path) -> str:
    """The page's text as a reader sees it: a figure's 出处 link is its words, the panels
    (shown when asked for) are left out."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for panel in soup.select("section.wb-source"):
        panel.decompose()
    for link in soup.select("a.wb-fig"):
        link.unwrap()
    return BeautifulSoup(str(soup), "html.parser").get_text(" ")


def _docx(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _pages(site: Path) -> dict[str, str]:
    pages = {p.relative_to(site).as_posix(): _html(p) for p in site.rglob("*.html")}
    pages |= {p.relative_to(site).as_posix(): _docx(p) for p in site.rglob("*.docx")}
    return pages


def test_every_page_speaks_as_the_county(site):
    pages = _pages(site)
    reports = sorted(p for p in pages if p != "index.html")
    # its own reports only, in its county's folder: no 全市 report made of its figures
    assert reports and all(p.startswith("2023/990123/") for p in reports)
    assert {Path(p).suffix for p in reports} == {".html", ".docx"}
    for name, text in pages.items():
        for wrong in ("全市", "XX市", "市级河湖长", "市水务局统一汇总"):
            assert wrong not in text, (name, wrong)
    assert "龙泉县水务局工作总结报告" in pages["index.html"]


def test_the_summary_is_the_county_own(site):
    for suffix in ("html", "docx"):
        text = _pages(site)[f"2023/990123/01_annual_summary.{suffix}"]
        assert "龙泉县水务局2023年工作总结" in text
        assert "龙泉县设河湖长57名" in text
        # its 文字材料, with and without 所属县区
        for note in (
            "龙泉县城乡供水一体化项目完成管网主体工程",
            "龙泉县县级河长带头巡河",
            "龙泉县财力有限",
            "龙泉县将全力推进在建水利项目",
        ):
            assert note in text, (suffix, note)
        # its own party activities (所属县区 left blank), not "the city sums them up"
        assert "组织学习19次" in text


def test_the_rivers_page_shows_county_levels(site):
    text = _pages(site)["2023/990123/05_rivers.html"]
    assert "县级河湖长巡查完成率" in text and "县级" in text
    assert "市级" not in text
