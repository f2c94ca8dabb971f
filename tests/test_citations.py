"""Indicators cited in the 文字材料 text (issue #23 item 5): ``{funding.total}``, ``{local.…}``.

Validation finds an unknown key or a lone brace at its row; a report writes the value for its
year and place; a cited figure without a value stays out of the Word body; the 指标定义's
首页显示 column puts an indicator on the index's cards.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pytest

from wbanalysis import voice
from wbanalysis.errors import DataError, ParameterError
from wbanalysis.indicators import CATALOGUE, catalogue_of, cite, compute_indicators
from wbanalysis.indicators.local import load, validate
from wbanalysis.io.citations import MISSING_MARK, brace_error, cited_keys, pieces
from wbanalysis.narrative import SummaryText
from wbanalysis.schema import DEFINITIONS
from wbanalysis.scope import Scope

#: A bureau's own indicator, as the issue names it.
DYKES = {
    "key": "local.新建堤防",
    "name": "新建堤防项目数",
    "unit": "个",
    "aggregation": "计数",
    "ledger": "项目台账",
    "filters": "项目类别=水库",
    "card": "是",
}


def _definitions(folder: Path, rows: list[dict]) -> None:
    with open(folder / "指标定义.csv", "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([c.zh for c in DEFINITIONS.columns])
        for row in rows:
            writer.writerow([row.get(c.name, "") for c in DEFINITIONS.columns])


def _note(folder: Path, text: str, title: str = "") -> int:
    """Append a 文字材料 row of the city's 2023 summary; its Excel row number."""
    path = folder / "work_notes.csv"
    rows = list(csv.reader(open(path, encoding="utf-8-sig")))
    rows.append([f"WZ2023-9{len(rows)}", "2023", "", "资金与投资", "亮点", title, text, "0"])
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return len(rows)


# ---- the syntax ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("争取资金{funding.total}", ["funding.total"]),
        ("{ local.新建堤防 }与{funding.total}", ["local.新建堤防", "funding.total"]),
        ("花括号{{funding.total}}照写", []),
        ("无引用", []),
    ],
)
def test_cited_keys(text, keys):
    assert cited_keys(text) == keys


@pytest.mark.parametrize("text", ["少右括号{funding.total", "多右括号}", "空的{}", "{{a}"])
def test_a_lone_or_empty_brace_is_an_error(text):
    assert brace_error(text)
    with pytest.raises(ValueError):
        pieces(text)


def test_doubled_braces_are_text():
    assert cite("写作{{键}}，值{funding.total}", {"funding.total": 3209.0}, CATALOGUE) == (
        "写作{键}，值3209万元"
    )


def test_cite_writes_the_sentence_style():
    values = {"rural_water.fee_collection_rate": 87.9, "funding.total": 123456.0}
    text = "收缴率{rural_water.fee_collection_rate}，资金{funding.total}。"
    assert cite(text, values, CATALOGUE) == "收缴率87.9%，资金12.35亿元。"


def test_cite_refuses_an_unknown_key_with_the_nearest():
    with pytest.raises(ParameterError, match="funding.totl.*funding.total"):
        cite("{funding.totl}", {}, CATALOGUE)


# ---- validation ---------------------------------------------------------------------------


def test_validation_locates_an_unknown_key(demo_copy):
    row = _note(demo_copy, "全年争取项目资金{funding.totl}。")
    problems = [p for p in validate(demo_copy) if p.is_error]
    [problem] = problems
    assert (problem.file, problem.row, problem.column) == ("work_notes.csv", row, "内容")
    assert "funding.totl" in problem.message and problem.value == "全年争取项目资金{funding.totl}。"
    assert "funding.total" in problem.allowed
    with pytest.raises(DataError, match="引用了不存在的指标「funding.totl」"):
        load(demo_copy)


def test_validation_locates_a_lone_brace_in_a_title(demo_copy):
    row = _note(demo_copy, "正文。", title="资金{funding.total")
    [problem] = [p for p in validate(demo_copy) if p.is_error]
    assert (problem.row, problem.column) == (row, "小标题") and "花括号" in problem.message


def test_validation_knows_the_bureaus_own_keys(demo_copy):
    _note(demo_copy, "新建{local.新建堤防}。")
    assert [p for p in validate(demo_copy) if p.is_error]  # not defined yet
    _definitions(demo_copy, [DYKES])
    assert not [p for p in validate(demo_copy) if p.is_error]


# ---- in the report --------------------------------------------------------------------------


def test_summary_text_writes_the_values_of_its_scope(demo_copy):
    _definitions(demo_copy, [DYKES])
    _note(demo_copy, "全年争取项目资金{funding.total}，建设{local.新建堤防}。")
    ds = load(demo_copy)
    scope = Scope.of(ds, year=2023)
    values = compute_indicators(ds, scope)
    expected = (
        f"全年争取项目资金{CATALOGUE['funding.total'].say(values['funding.total'])}，"
        f"建设{catalogue_of(ds)['local.新建堤防'].say(values['local.新建堤防'])}。"
    )
    assert "3209万元" in expected
    text = SummaryText.of(ds, scope)  # values computed when not given
    assert expected in text.paragraphs("资金与投资")
    assert SummaryText.of(ds, scope, values).paragraphs("资金与投资") == text.paragraphs(
        "资金与投资"
    )
    county = Scope.of(ds, year=2023, county="白沙县")
    assert not any("{" in p for p in SummaryText.of(ds, county).notes["text"])


def test_a_missing_figure_stays_out_of_the_body(demo_copy):
    _note(demo_copy, "项目有序推进。全年争取项目资金{funding.total}。")
    (demo_copy / "funding.csv").unlink()
    ds = load(demo_copy)
    scope = Scope.of(ds, year=2023)
    values = compute_indicators(ds, scope)
    assert math.isnan(values["funding.total"])
    notes = SummaryText.of(ds, scope, values).paragraphs("资金与投资")
    [cited] = [n for n in notes if MISSING_MARK in n]
    assert "「争取项目资金」本期无数据" in cited
    part = voice.compose(notes, [])
    assert "—" not in part.text and "项目有序推进。" in part.text
    assert part.left_out == ("全年争取项目资金—（注：「争取项目资金」本期无数据）。",)


def test_the_substitution_precedes_the_comparison_with_computed_figures():
    """A computed clause restating a figure the analyst cited is left out, as when typed."""
    notes = [cite("全年争取项目资金{funding.total}。", {"funding.total": 3209.0}, CATALOGUE)]
    part = voice.compose(notes, ["全年争取项目资金3209万元，到位资金2528万元。"])
    assert part.text.count("3209万元") == 1 and "2528万元" in part.text


def test_say_keeps_a_missing_figure_on_the_page(monkeypatch):
    from wbanalysis import reporting as rp

    shown = []
    monkeypatch.setattr(rp, "_show", lambda block, **kw: shown.append((block, kw)))
    rp.say("计划完成。争取资金—（注：「争取项目资金」本期无数据）。")
    body = [b for b, kw in shown if kw.get("where") == "body"]
    page = [b for b, kw in shown if kw.get("where") == "analysis"]
    assert len(body) == 1 and "—" not in str(body[0]) and "计划完成" in str(body[0])
    assert len(page) == 1 and "本期无数据" in str(page[0])


# ---- the index's cards ----------------------------------------------------------------------


def test_cards_are_the_indicators_marked_for_the_index(demo_copy, monkeypatch):
    from wbanalysis import reporting as rp

    _definitions(demo_copy, [DYKES, dict(DYKES, key="local.other", name="其他", card="")])
    report = rp.start(year=2023, data_dir=str(demo_copy))
    assert report.cards == {"新建堤防项目数": "local.新建堤防"}
    recorded = []
    monkeypatch.setattr(rp, "_display", recorded.append)
    rp.record(report, headline={"争取资金": "funding.total", **report.cards})
    [data] = [r[rp.RECORD_MIME] for r in recorded if rp.RECORD_MIME in r]
    count = int(report.values["local.新建堤防"])
    assert data["headline"] == {"争取资金": "3209万元", "新建堤防项目数": f"{count}个"}
    assert count > 0


# ---- end to end: the annual summary's page, Word draft and the index -----------------------


@pytest.mark.slow
def test_the_built_summary_writes_the_citations_and_the_index_shows_the_cards(demo_copy, tmp_path):
    from docx import Document

    from wbanalysis.pipeline.site import build_site

    _definitions(demo_copy, [DYKES])
    _note(demo_copy, "全年争取项目资金{funding.total}，新建{local.新建堤防}。")
    _note(demo_copy, "河湖长履职到位。巡查完成率{rivers.patrol_completion}。")
    (demo_copy / "patrols.csv").unlink()
    out = tmp_path / "site"
    result = build_site(
        data_dir=demo_copy,
        out_dir=out,
        years=[2023],
        counties=["全市"],
        notebooks=["01_annual_summary"],
        jobs=1,
    )
    assert result.failed == {}
    count = f"{int(compute_indicators(load(demo_copy), year=2023)['local.新建堤防'])}个"
    page = (out / "2023/city/01_annual_summary.html").read_text(encoding="utf-8")
    page = re.sub(r"<a class=\"wb-fig\"[^>]*>([^<]*)</a>", r"\1", page)  # figures' 出处 links
    assert f"全年争取项目资金3209万元，新建{count}" in page
    assert "巡查完成率—（注：「巡查完成率」本期无数据）" in page
    [draft] = (out / "2023/city").glob("01_annual_summary*.docx")
    body = "".join(p.text for p in Document(str(draft)).paragraphs)
    assert f"全年争取项目资金3209万元，新建{count}" in body
    assert "河湖长履职到位" in body and "本期无数据" not in body and "{" not in body
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "新建堤防项目数" in index and count in index
