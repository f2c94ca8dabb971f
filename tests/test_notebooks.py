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
    first = build_site(out_dir=out, years=[2023], counties=["全市"], jobs=2, check=True)
    second = build_site(out_dir=out, years=[2021], counties=["白沙县"], jobs=2, check=True)
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
        text[max(0, m.start() - 20) : m.end() + 20] for m in re.finditer("全市|XX市", text)
    ]


def test_2023_city_summary_states_the_seed_figures(site):
    text = _text(site / "2023/city/01_annual_summary.html")
    for phrase in [
        "共争取项目资金3209万元",
        "中央资金1650.2万元",
        "省级资金436万元",
        "市本级资金1122.8万元",
        "1－10月完成水利管理业固定资产投资11.97亿元，同比增27.65%",
        "总投资12046万元",
        "实际完成投资3900万元",
        "2023年完成投资2100万元",
        "14km",
        "预警信息150余次",
        "2022－2023年冬春蓄水6636万m³",
        "6415.36万m³",
        "超出220.64万m³",
        "全市设河湖长425名",
        "累计完成河湖巡查2万余次",
        "巡查完成率均达到100%",
        "巡查发现提交问题80余件",
        "全部销号处理",
        "累计发动2.2万名干群",
        "清理河道900余公里",
        "清理各类垃圾1500余吨",
        "中央水利发展资金1554.2万元",
        "中央农业防灾减灾和水利救灾资金96万元",
        "5件美丽河湖、3件绿美河湖",
        "审查取水许可5件",
        "完成了农村集中供水工程全面定价",
        "XX市水务局2023年工作总结和2024年工作计划",
        "排查整改取水口计量设施85个",
        "排查各类地下取水井74口",
        "征收入库水资源费6219.38万元",
        "征收入库水土保持补偿费145.1万元",
        "审批水土保持方案13个，其中方案报告书7个，方案报告表6个",
        "查处河道非法采砂2起",
        "排查整治一般隐患138处",
        "全市1090件农村供水工程",
        "组织学习19次，党组理论中心组学习10次，主要领导讲专题党课4次，开展主题宣讲2次",
    ]:
        assert phrase in text, phrase
    assert "超出蓄水任务 -" not in text and "Theil" not in text.split("注：")[0]


SEED = Path("/work/shared/seed/000_3d3424e8527a2f29.txt")
#: The seed's 27 key figures (docs: DOMAIN.md), as the 上报稿's body writes them.
SEED_FIGURES = [
    "共争取项目资金3209万元",
    "中央资金1650.2万元",
    "省级资金436万元",
    "XX市本级资金1122.8万元",
    "完成水利管理业固定资产投资11.97亿元",
    "同比增27.65%",
    "总投资12046万元",
    "项目实际完成投资3900万元",
    "其中2023年完成投资2100万元",
    "供水管道已安装14km",
    "冬春蓄水6636万m³",
    "蓄水任务6415.36万m³",
    "超出220.64万m³",
    "预警信息150余次",
    "全市设河湖长425名",
    "累计完成河湖巡查2万余次",
    "巡查完成率均达到100%",
    "巡查发现提交问题80余件",
    "全部销号处理",
    "排查整改取水口计量设施85个",
    "排查各类地下取水井74口",
    "征收入库水资源费6219.38万元",
    "征收入库水土保持补偿费145.1万元",
    "审批水土保持方案13个",
    "查处河道非法采砂2起",
    "排查整治一般隐患138处",
    "全市1090件农村供水工程",
]
#: Words the body of a 上报稿 never holds.
ANALYSIS_WORDS = ("台账", "数据", "无数据", "或少", "注：", "Theil", "Mann", "本期无")


def _draft(path: Path) -> tuple[list[str], list[str]]:
    """The paragraphs of a Word 上报稿 before its 附件说明, and those from it on."""
    import docx

    # a long title's line break (GB/T 9704: 回行) is no character of the text
    texts = [p.text.replace("\n", "") for p in docx.Document(str(path)).paragraphs]
    end = next((i for i, t in enumerate(texts) if t.startswith("附件：")), len(texts))
    return texts[:end], texts[end:]


def _computed(text: str) -> str:
    """``text`` without the analyst's own words (the 文字材料 ledger: the seed itself writes
    巡河台账 and 数据信息), which the words of the analysis are not looked for in."""
    import csv

    with open(SAMPLE / "work_notes.csv", encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            for words in (row["内容"], row["小标题"]):
                text = text.replace(words, "") if words else text
    return text


def _chars(texts) -> int:
    return len(re.sub(r"\s", "", "".join(texts)))


@pytest.mark.skipif(not SEED.exists(), reason="the seed summary is not on this machine")
def test_2023_city_draft_is_the_bureaus_summary_with_its_annexes(site):
    seed = re.sub(r"##paid(?:begin|end)##", "", SEED.read_text(encoding="utf-8"))
    body, annexes = _draft(site / "2023/city/01_annual_summary.docx")
    text = "".join(body)
    assert len(SEED_FIGURES) == 27
    assert [f for f in SEED_FIGURES if f not in text] == []
    assert _chars(body) <= 1.5 * _chars([seed]), (_chars(body), _chars([seed]))
    assert not [w for w in ANALYSIS_WORDS if w in _computed(text)]
    # the seed's structure: title, 一、 with its parts in the seed's order, 二、, 三、
    assert body[0] == "XX市水务局2023年工作总结和2024年工作计划"
    levels = [t for t in body if re.match(r"[一二三]、", t)]
    assert levels == ["一、2023年主要工作开展情况", "二、存在困难和问题", "三、2024年工作计划"]
    parts = [re.match(r"（([一二三四五六七八九十]+)）([^。]+)。", t) for t in body]
    first = [m.group(2) for m in parts[2 : body.index(levels[1])] if m]
    assert first == [
        "重点项目推进有序",
        "前期工作进展顺利",
        "资金争取和水利投资两手发力",
        "农村供水专项行动项目稳步推进",
        "防汛抗旱工作安全有效",
        "河湖长制工作成效明显",
        "日常监督管理工作常抓不懈",
        "党的建设全面加强",
    ]
    assert "。一是" in body[2] and "二是" in body[2]  # 重点项目: three measures
    assert annexes[0] == "附件：1．主要指标表"
    assert "附件1" in annexes and "主要指标表" in annexes and "附件2" in annexes


def test_a_county_draft_is_no_longer_than_the_seed_and_speaks_as_a_bureau(site):
    body, annexes = _draft(site / "2021/990124/01_annual_summary.docx")
    text = "".join(body)
    seed_chars = 4044  # the seed's characters (without whitespace)
    assert 0 < _chars(body) <= seed_chars
    assert not [w for w in ANALYSIS_WORDS if w in _computed(text)]
    assert "党的建设情况由市水务局统一汇总" not in text  # said on the page only
    assert annexes and annexes[0].startswith("附件：1．")


def test_county_report_names_the_county_and_its_shortfall(site):
    text = _text(site / "2023/city/04_flood_storage.html")
    assert "白沙县" in text  # the county table of the storage report
    assert "少49.97万m³" in text  # 白沙县 fell short of its 2023 target, written as such
    county = _text(site / "2021/990124/01_annual_summary.html")
    assert "白沙县2021年工作总结" in county.replace("水务局", "")
    assert "党的建设情况由市水务局统一汇总" in county


def test_every_report_passes_its_own_check_and_the_index_says_so(site):
    """A report wbanalysis writes never fails ``wbanalysis check`` (relations and ledgers)."""
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.count("自检通过") == 2 * len(NOTEBOOKS)
    assert "自检：" not in index


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
    result = build_site(
        data_dir=data,
        out_dir=out,
        years=[2023],
        counties=["全市"],
        notebooks=["03_projects_plans"],
        jobs=1,
    )
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


# ---- the Word draft ---------------------------------------------------------------------------


def _mm(length) -> float:
    return length / 36000  # EMU per mm


def _east_asia(style) -> str | None:
    from docx.oxml.ns import qn

    rpr = style.element.rPr
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def test_the_word_draft_is_in_official_document_format(site):
    from docx import Document
    from docx.oxml.ns import qn

    path = site / "2023/city/01_annual_summary.docx"
    doc = Document(path)
    section = doc.sections[0]
    assert (round(_mm(section.page_width)), round(_mm(section.page_height))) == (210, 297)
    margins = [
        _mm(m)
        for m in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ]
    assert [round(m, 1) for m in margins] == [37.0, 35.0, 28.0, 26.0]
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        xml = footer._element.xml
        assert "PAGE" in xml and "— " in xml and " —" in xml
        assert f'w:val="{align}"' in xml
        assert 'w:eastAsia="宋体"' in xml and 'w:val="28"' in xml  # 4号 = 14 pt
    styles = doc.styles
    assert _east_asia(styles["Normal"]) == "仿宋_GB2312" and styles["Normal"].font.size.pt == 16
    assert (
        _east_asia(styles["公文标题"]) == "方正小标宋简体" and styles["公文标题"].font.size.pt == 22
    )
    assert (
        _east_asia(styles["一级标题"]) == "黑体" and _east_asia(styles["二级标题"]) == "楷体_GB2312"
    )
    assert styles["Normal"].paragraph_format.first_line_indent.pt == 32  # two characters
    assert round(styles["Normal"].paragraph_format.line_spacing.pt, 2) == 28.95  # 22 lines
    paragraphs = doc.paragraphs
    assert paragraphs[0].style.name == "公文标题"
    # the title breaks where the words allow: 总结 / 和计划, never 工作 / 计划
    assert paragraphs[0].text == "XX市水务局2023年工作总结\n和2024年工作计划"
    levels = [p.text for p in paragraphs if p.style.name == "一级标题"]
    assert levels[:3] == ["一、2023年主要工作开展情况", "二、存在困难和问题", "三、2024年工作计划"]
    run_in = [
        p for p in paragraphs if len(p.runs) > 1 and re.match(r"（[一二三四五六七八九]）", p.text)
    ]
    assert len(run_in) >= 15  # the judgements run into their paragraphs, in 楷体
    assert all(_east_asia(p.runs[0]) == "楷体_GB2312" for p in run_in)
    assert doc.tables and all(
        t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in doc.tables
    )
    html = (site / "2023/city/01_annual_summary.html").read_text(encoding="utf-8")
    assert len(doc.inline_shapes) == html.count("<figcaption>") >= 5
    text = "\n".join(p.text for p in paragraphs)
    for phrase in (
        "共争取项目资金3209万元",
        "同比增27.65%",
        "超出220.64万m³",
        "2万余次",
        "全面定价",
        "中央水利发展资金1554.2万元",
        "图1 ",
    ):
        assert phrase in text, phrase
    assert path.read_bytes() == (site / "2023/city/01_annual_summary.docx").read_bytes()


def _html_blocks(page: Path) -> list[tuple]:
    """What a reader sees on the page, as (kind, text) in order."""
    from html.parser import HTMLParser

    class Blocks(HTMLParser):
        def __init__(self):
            super().__init__()
            self.items, self.stack, self.text, self.rows, self.in_main = [], [], "", 0, False

        def handle_starttag(self, tag, attrs):
            cls = dict(attrs).get("class") or ""
            if tag == "main":
                self.in_main = True
            if not self.in_main:
                return
            if tag in ("h1", "h2", "h3", "h4", "p", "figcaption"):
                self.stack.append((tag, cls))
                self.text = ""
            elif tag == "table":
                self.rows = 0
            elif tag == "tr":
                self.rows += 1

        def handle_endtag(self, tag):
            if tag == "table" and self.in_main:
                self.items.append(("table", self.rows - 1))
            if self.stack and tag == self.stack[-1][0]:
                name, cls = self.stack.pop()
                if "wb-download" in cls:  # a table's 下载 Excel link: no text of the report
                    return
                kind = {
                    "p": "note"
                    if "wb-note" in cls
                    else "caption"
                    if "wb-caption" in cls
                    else "paragraph",
                    "figcaption": "figure",
                }.get(name, "heading")
                self.items.append((kind, self.text.strip()))
            if tag == "main":
                self.in_main = False

        def handle_data(self, data):
            self.text += data

    parser = Blocks()
    text = page.read_text(encoding="utf-8")
    # the figures' 出处 panels are shown only when asked for (and hold no section)
    parser.feed(re.sub(r'<section class="wb-source".*?</section>', "", text, flags=re.S))
    return parser.items


def _docx_blocks(path: Path) -> tuple[list[tuple], list[tuple]]:
    """What the Word draft says, as (kind, text): its body (a run-in judgement as a heading
    and its paragraph) and what its 附件 hold (without their 附件N labels and titles)."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = Document(path)
    body: list[tuple] = []
    annexes: list[tuple] = []
    items = body
    for element in doc.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            items.append(("table", len(Table(element, doc).rows) - 1))
        elif tag == "p":
            p = Paragraph(element, doc)
            style = p.style.name
            if p.text.startswith("附件：") or style == "附件标识":
                items = annexes
                continue
            if style == "图片" or not p.text.strip():
                continue
            if items is annexes and (style == "公文标题" or re.match(r"\d+．", p.text)):
                continue  # a 附件's title, the 附件说明's further lines
            kind = {
                "公文标题": "heading",
                "一级标题": "heading",
                "二级标题": "heading",
                "三级标题": "heading",
                "附注": "note",
                "Normal": "paragraph",
            }.get(style)
            if style == "图表标题":
                kind = "figure" if p.text.startswith("图") and p.text[1:2].isdigit() else "caption"
            if kind == "paragraph" and len(p.runs) > 1 and _east_asia(p.runs[0]) == "楷体_GB2312":
                items.append(("heading", p.runs[0].text))
                items.append((kind, p.text[len(p.runs[0].text) :].strip()))
                continue
            items.append((kind, p.text.replace("\n", "").strip()))  # a title's 回行
    return body, annexes


def _in_order(part: list, whole: list) -> bool:
    rest = iter(whole)
    return all(item in rest for item in part)


@pytest.mark.parametrize(
    "page", ["2023/city/01_annual_summary", "2021/990124/01_annual_summary", "2023/city/05_rivers"]
)
def test_the_word_draft_says_the_pages_body_in_order_and_attaches_its_tables(site, page):
    """One report model: the 上报稿's body is the page's, in its order, without the analysis;
    its 附件 hold tables and charts of the page; a report without 附件 says all the page does."""
    html = _html_blocks(site / f"{page}.html")
    body, annexes = _docx_blocks(site / f"{page}.docx")
    assert _in_order(body, html)
    assert [item for item in annexes if item not in html] == []
    if not annexes:
        assert body == html
    else:
        assert {kind for kind, _ in annexes} >= {"table", "caption"}
        assert len(body) < len(html) - len(annexes)  # the analysis stays on the page


def test_the_page_prints_on_numbered_a4_pages(site, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium or not shutil.which("pdftotext"):
        pytest.skip("chromium and pdftotext (poppler-utils) are needed to print")
    import subprocess

    pdf = tmp_path / "page.pdf"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            (site / "2023/city/01_annual_summary.html").as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 4
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
        ).stdout
        assert f"—{page}—" in re.sub(r"\s+", "", text), page  # "— 1 —" on every page
    everything = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "共争取项目资金3209万元" in re.sub(r"\s+", "", everything)


def test_after_a_bad_parameter_no_earlier_figure_stays_on_screen():
    """JupyterLab's "Run All" after a good run and a bad county: every cell after start()
    shows the same Chinese message, none keeps its earlier output."""
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "notebooks" / "05_rivers.ipynb", as_version=4)
    client = NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=300)
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        assert any("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
        nb.cells[1].source = nb.cells[1].source.replace('county = "全市"', 'county = "东城区"')
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
    code = [c for c in nb.cells if c.cell_type == "code"]
    start = next(i for i, c in enumerate(code) if "rp.start(" in c.source)
    for cell in code[start:]:
        kinds = {o.output_type for o in cell.outputs}
        assert kinds == {"error"}, cell.source[:60]
        assert all("未知的县区「东城区」" in o.evalue for o in cell.outputs)


def test_the_word_draft_renders_in_libreoffice(site, tmp_path):
    """The .docx opened by a real word processor: A4 pages, numbered, the figures in place."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice (libreoffice-writer-nogui) and poppler-utils are needed")
    import subprocess

    source = tmp_path / "draft.docx"
    shutil.copy(site / "2023/city/01_annual_summary.docx", source)
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    pdf = tmp_path / "draft.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 6
    for page in (1, 2, pages):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
        ).stdout
        assert f"—{page}—" in re.sub(r"\s+", "", text), page
    text = re.sub(
        r"\s+",
        "",
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout,
    )
    for phrase in (
        "XX市水务局2023年工作总结和2024年工作计划",
        "共争取项目资金3209万元",
        "累计完成河湖巡查2万余次",
        "图1项目建设状态",
    ):
        assert phrase in text, phrase


def test_a_missing_ledger_is_no_data_in_the_report_never_zero(demo_copy, tmp_path):
    for name in ("funding", "patrols", "work_notes", "activities"):
        (demo_copy / f"{name}.csv").unlink()
    out = tmp_path / "site"
    result = build_site(
        data_dir=demo_copy,
        out_dir=out,
        years=[2023],
        counties=["全市"],
        notebooks=["01_annual_summary", "05_rivers"],
        jobs=2,
    )
    assert result.failed == {}
    text = _text(out / "2023/city/01_annual_summary.html")
    assert "未提供《资金台账》" in text and "《河湖巡查》" in text
    assert "争取项目资金无数据" in text and "党建活动无数据" in text
    assert "争取项目资金0" not in text and "巡查0" not in text
    assert "11.97亿元" in text  # what the ledgers do give is still there
    rivers = _text(out / "2023/city/05_rivers.html")
    assert "未提供《河湖巡查》" in rivers
