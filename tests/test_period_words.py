"""Period words (截至年底 / 全年, 截至10月 / 1－10月, 1月) right in every kind of report.

Every sentence the narrative writes, every header that names the period and every caption of
the shipped notebooks is rendered for a complete year (2022), a cut-off month (2023, 1－10月)
and a monthly report (2023, 1月), for the whole city and a county, and searched for doubled or
contradictory period words. The slow part searches the built reports (HTML and Word text).
"""

from __future__ import annotations

import ast
import inspect
import json
import re
from pathlib import Path

import pytest

from wbanalysis import labels, narrative
from wbanalysis.scope import Scope

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

#: (year, through_month) of each kind of report in the demo ledgers.
VARIANTS = [(2022, 12), (2023, 10), (2023, 1)]
PLACES = ["全市", "白沙县"]

#: Words wrong in any report: a doubled 底, a month after 年底, a 1－12月 / 1－1月 range.
ALWAYS_WRONG = [
    "年底底",
    "年底月",
    "月底底",
    "截至12月",
    "截至 12 月",
    "1－12月",
    "1-12月",
    "1－1月",
    "1-1月",
    "各年全年",
    "全年全年",
    "全年全市",
    "全年白沙县",
    "月月",
]


def period_problems(text: str, scope: Scope) -> list[str]:
    """The doubled or contradictory period words in ``text``, a report of ``scope``."""
    found = [word for word in ALWAYS_WRONG if word in text]
    month = re.compile(r"(?<![\d年])截至\s?(\d{1,2})\s?月")
    if scope.through_month == 12:
        # a complete year is 截至年底 / 全年: a cut-off month contradicts it
        found += [m.group(0) for m in month.finditer(text)]
        found += re.findall(r"(?<![\d年－-])1[－-]\d{1,2}月", text)
    else:
        found += [w for w in ("截至年底", "年底前") if w in text]
        # 全年 is the year's whole; a cut-off report may only name the year's targets
        found += re.findall(r"全年(?!(?:目标|计划|任务|考核|的?蓄水))..", text)
        found += [
            m.group(0) for m in month.finditer(text) if int(m.group(1)) != scope.through_month
        ]
    return found


def scopes():
    for year, month in VARIANTS:
        for place in PLACES:
            yield pytest.param(year, month, place, id=f"{year}-{month:02d}-{place}")


def _narrative_texts(demo, scope: Scope) -> list[str]:
    from wbanalysis.indicators import compute_indicators

    values = compute_indicators(demo, scope)
    texts = []
    for name in narrative.__all__:
        function = getattr(narrative, name)
        if not inspect.isfunction(function):
            continue
        parameters = list(inspect.signature(function).parameters)
        if parameters[:2] == ["v", "scope"]:
            extra = {"has_notes": False} if "has_notes" in parameters else {}
            texts.append(function(values, scope, **extra))
        elif parameters == ["scope"]:
            texts.append(function(scope))
    summary = narrative.SummaryText.of(demo, scope)
    texts += [summary.title(scope), summary.basis(scope)]
    return texts


def _header_texts(scope: Scope) -> list[str]:
    return [labels.header(column, scope) for column in labels.LABELS] + [
        label.write(None, scope) for label in labels.LABELS.values() if label.missing is not None
    ]


def _captions(source: str) -> list[ast.JoinedStr]:
    """The f-strings of a notebook cell that name the scope (``{sc.period}`` …)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.JoinedStr):
            continue
        names = {
            n.value.id
            for n in ast.walk(node)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
        }
        loose = [
            n
            for n in ast.walk(node)
            if isinstance(n, ast.Name) and n.id != "sc" and isinstance(n.ctx, ast.Load)
        ]
        if names == {"sc"} and not loose:
            found.append(node)
    return found


def _caption_texts(scope: Scope) -> list[str]:
    texts = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            for node in _captions("".join(cell["source"])):
                code = compile(ast.Expression(node), str(path), "eval")
                texts.append(eval(code, {"sc": scope}))  # noqa: S307 — the shipped notebooks
    return texts


def test_the_caption_finder_reads_the_notebooks():
    """The notebooks' captions are found (a finder that finds none would pass anything)."""
    texts = _caption_texts(Scope(2023, 10, city="XX市"))
    assert "项目建设状态（2023年1－10月）" in texts
    assert any(t.startswith("水利管理业固定资产投资（各年1－10月") for t in texts)


@pytest.mark.parametrize(("word", "month"), [("截至10月", 12), ("全年全市", 10), ("1－1月", 1)])
def test_the_search_finds_what_it_looks_for(word, month):
    assert period_problems(f"数据{word}。", Scope(2023, month)) != []


def test_the_search_passes_the_right_words():
    assert period_problems("截至年底，全年完成投资，2022年全市新开工", Scope(2022, 12)) == []
    assert period_problems("截至10月，1－10月完成全年目标的80%", Scope(2023, 10)) == []
    assert period_problems("截至1月，1月完成", Scope(2023, 1)) == []


@pytest.mark.parametrize(("year", "month", "place"), list(scopes()))
def test_period_words_of_sentences_headers_and_captions(demo, year, month, place):
    scope = Scope.of(demo, year=year, county=place, through_month=month)
    texts = _narrative_texts(demo, scope) + _header_texts(scope) + _caption_texts(scope)
    problems = {text: period_problems(text, scope) for text in texts if text}
    assert {t: p for t, p in problems.items() if p} == {}


def test_the_word_for_each_period():
    full, cut, month = Scope(2022, 12), Scope(2023, 10), Scope(2023, 1, county="白沙县")
    assert (full.period, full.cutoff, full.as_of, full.period_label) == (
        "全年",
        "截至年底",
        "截至年底",
        "2022年",
    )
    assert (cut.period, cut.cutoff, cut.as_of, cut.period_label) == (
        "1－10月",
        "截至10月",
        "截至10月底",
        "2023年1－10月",
    )
    assert (month.period, month.cutoff, month.as_of, month.period_label) == (
        "1月",
        "截至1月",
        "截至1月底",
        "2023年1月",
    )
    assert (full.period_place, cut.period_place, month.period_place) == (
        "2022年全市",
        "1－10月全市",
        "1月白沙县",
    )
    assert (full.each_year, cut.each_year, month.each_year) == ("各年", "各年1－10月", "各年1月")


# ---- the built reports (slow) -----------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Every notebook for 2022 (a complete year), 2023 (1－10月) and the 1月 monthly report of
    2023, for the whole city and 白沙县, as HTML and Word."""
    from wbanalysis.pipeline.site import build_site

    out = tmp_path_factory.mktemp("period") / "site"
    year = build_site(out_dir=out, years=(2022, 2023), counties=tuple(PLACES), jobs=2)
    month = build_site(out_dir=out, years=(2023,), counties=tuple(PLACES), months=(1,), jobs=2)
    assert year.failed == {} and month.failed == {}
    return out


def _page_text(path: Path) -> str:
    from html import unescape

    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", "", page))


def _word_text(path: Path) -> str:
    from docx import Document

    document = Document(path)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _scope_of(path: Path, site: Path) -> Scope:
    parts = path.relative_to(site).parts
    month = int(parts[2][1:]) if len(parts) > 3 and parts[2].startswith("m") else None
    year = int(parts[0])
    months = {2022: 12, 2023: 10}
    place = "全市" if parts[1] == "city" else "白沙县"
    return Scope(year, month or months[year], None if place == "全市" else place)


@pytest.mark.slow
def test_period_words_of_every_built_report(built):
    reports = sorted(built.glob("20*/**/*.html")) + sorted(built.glob("20*/**/*.docx"))
    kinds = {(_scope_of(p, built).year, _scope_of(p, built).through_month) for p in reports}
    assert kinds == set(VARIANTS), kinds  # every kind of report was built and read
    problems = {}
    for path in reports:
        scope = _scope_of(path, built)
        text = _page_text(path) if path.suffix == ".html" else _word_text(path)
        for line in text.splitlines():
            found = period_problems(line, scope)
            if found:
                problems.setdefault(str(path.relative_to(built)), []).append((found, line[:80]))
    assert problems == {}


@pytest.mark.slow
def test_no_draft_body_of_any_variant_speaks_of_ledgers_methods_or_no_data(built):
    """The 上报稿 of each kind — a complete year, a cut-off, a 1月 report; the city and a
    county — holds no word of the analysis in its body (the page says those)."""
    from test_notebooks import ANALYSIS_WORDS, _computed, _draft

    drafts = sorted(built.glob("20*/**/01_annual_summary.docx"))
    assert len(drafts) == 2 * len(VARIANTS)
    found = {}
    for path in drafts:
        body, _ = _draft(path)
        words = [w for w in ANALYSIS_WORDS if w in _computed("".join(body))]
        if words:
            found[str(path.relative_to(built))] = words
    assert found == {}
