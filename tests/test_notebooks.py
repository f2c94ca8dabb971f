"""Every notebook executes; the 2023 city summary states the seed's figures; pages are sound."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import nbformat
import pytest
from browser_util import browser_unavailable, open_in_browser
from conftest import ROOT, SAMPLE

from wbanalysis.pipeline.site import build_site

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """Every notebook for the whole city in 2023 and for one county in 2021."""
    out = tmp_path_factory.mktemp("site") / "site"
    first = build_site(out_dir=out, years=[2023], counties=["全市"], jobs=2)
    second = build_site(out_dir=out, years=[2021], counties=["白沙县"], jobs=2)
    assert first.failed == {} and second.failed == {}
    assert len(first.built) == len(NOTEBOOKS) and len(second.built) == len(NOTEBOOKS)
    return out


def _text(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_notebooks_are_committed_clean():
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert nb.metadata["wbanalysis"]["title"]
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert "parameters" in code[0].metadata.get("tags", []), path.name
        for name in ("year", "county", "through_month", "data_dir"):
            assert re.search(rf"^{name}\s*=", code[0].source, flags=re.M), (path.name, name)
        for cell in code:
            assert not cell.outputs and cell.execution_count is None, path.name


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_notebook_published_for_city_and_county(site, nb):
    for folder in ("2023/city", "2021/990124"):
        page = site / folder / f"{nb.stem}.html"
        text = _text(page)
        assert "报告生成失败" not in text and "Traceback" not in text
        assert page.stat().st_size < 1_500_000


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_a_county_report_attributes_every_figure_to_the_county(site, nb):
    """白沙县's pages speak of 白沙县: never of 全市 nor of the city by name."""
    text = _text(site / "2021/990124" / f"{nb.stem}.html")
    assert "白沙县" in text
    assert "全市" not in text and "XX市" not in text, [
        text[max(0, m.start() - 20):m.end() + 20] for m in re.finditer("全市|XX市", text)]


def test_2023_city_summary_states_the_seed_figures(site):
    text = _text(site / "2023/city/01_annual_summary.html")
    for phrase in [
        "共争取项目资金3209万元", "中央资金1650.2万元", "省级资金436万元", "市本级资金1122.8万元",
        "1－10月完成水利管理业固定资产投资11.97亿元，同比增27.65%",
        "总投资12046万元", "实际完成投资3900万元", "2023年完成投资2100万元", "14km",
        "预警信息153次", "2022－2023年冬春蓄水6636万m³", "6415.36万m³", "超出220.64万m³",
        "全市设河湖长425名", "巡查完成率100.00%", "全部销号处理",
        "排查整改取水口计量设施85个", "排查各类地下取水井74口", "征收入库水资源费6219.38万元",
        "征收入库水土保持补偿费145.1万元", "审批水土保持方案13个，其中方案报告书7个，方案报告表6个",
        "查处河道非法采砂2起", "排查整治一般隐患138处", "全市1090件农村供水工程",
        "组织学习19次，党组理论中心组学习10次，主要领导讲专题党课4次，开展主题宣讲2次",
    ]:
        assert phrase in text, phrase
    patrols = int(re.search(r"累计完成河湖巡查(\d+)次", text).group(1))
    assert 20000 <= patrols < 21000


def test_county_report_names_the_county_and_its_shortfall(site):
    text = _text(site / "2023/city/04_flood_storage.html")
    assert "白沙县" in text  # the county table of the storage report
    assert "-49.97" in text or "−49.97" in text  # 白沙县 fell short of its 2023 target
    county = _text(site / "2021/990124/01_annual_summary.html")
    assert "白沙县2021年工作总结" in county.replace("水务局", "")
    assert "党的建设情况由市水务局统一汇总" in county


def test_index_links_every_report_with_headlines(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    for nb in NOTEBOOKS:
        assert f"2023/city/{nb.stem}.html" in index
        assert f"2021/990124/{nb.stem}.html" in index
    assert "3209万元" in index and "11.97亿元" in index


def test_pages_are_self_contained(site):
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="zh-CN"' in html
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html), page
        assert "<link" not in html.lower() or 'rel="stylesheet"' not in html
        assert re.search(r"<title>[^<]*\S[^<]*</title>", html)


def test_ledger_strings_are_escaped(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    projects = (data / "projects.csv").read_text(encoding="utf-8-sig")
    projects = projects.replace("青山灌区", "<script>alert(1)</script>青山灌区", 1)
    (data / "projects.csv").write_text(projects, encoding="utf-8-sig")
    out = tmp_path / "site"
    result = build_site(data_dir=data, out_dir=out, years=[2023], counties=["全市"],
                        notebooks=["03_projects_plans"], jobs=1)
    assert result.failed == {}
    html = (out / "2023/city/03_projects_plans.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;青山灌区" in html


def test_record_is_not_published(site):
    html = (site / "2023/city/01_annual_summary.html").read_text(encoding="utf-8")
    assert "vnd.wbanalysis" not in html and "已记录" not in html


@pytest.fixture
def browser():
    reason = browser_unavailable()
    if reason:
        pytest.skip(f"headless Chromium unavailable, browser test skipped: {reason}")


@pytest.mark.browser
def test_index_and_report_in_headless_chromium(site, browser, tmp_path):
    for page in (site / "index.html", site / "2023/city/01_annual_summary.html"):
        result = open_in_browser(page, screenshot=tmp_path / f"{page.stem}.png")
        assert result["blocked"] == [], result["blocked"]
        assert all(u.startswith(("file:", "data:", "about:", "blob:")) for u in result["requests"])
        assert result["console_errors"] == []
        assert result["dialogs"] == []
        assert result["input_areas"] == 0
        assert result["lang"] == "zh-CN" and result["title"]
        assert all(img["complete"] and img["naturalWidth"] > 0 for img in result["images"])
        assert re.search(r"[\u4e00-\u9fff]{4}", result["text"])
        assert "import wbanalysis" not in result["text"] and "rp.start(" not in result["text"]
    report = open_in_browser(site / "2023/city/01_annual_summary.html")
    assert len(report["images"]) >= 5
    assert "11.97亿元" in report["text"]


def test_dry_run_matches_the_contract():
    from wbanalysis.io import load
    from wbanalysis.pipeline.plan import plan_reports

    plans = plan_reports(load(), data_dir=str(SAMPLE))
    assert len(plans) == len(NOTEBOOKS) * 5 * 8
    line = json.loads(plans[0].to_json())
    assert line["parameters"]["through_month"] == 10 and line["parameters"]["year"] == 2023
    last_2022 = next(p for p in plans if p.parameters["year"] == 2022)
    assert last_2022.parameters["through_month"] == 12
