"""Figures that remember their indicator (wbanalysis.units.traced): the marks change no word
of any report, never reach an output, and every figure of a sentence is found."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

import wbanalysis.reporting as rp
from wbanalysis.blocks import BLOCK_MIME
from wbanalysis.units.traced import CLOSE, OPEN, SEP, strip, traced, untangle

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MARKS = (OPEN, SEP, CLOSE)


@pytest.fixture(scope="module")
def monitoring(tmp_path_factory) -> Path:
    """The demo city's 水雨情: the flood season's sentences carry marks too."""
    from wbanalysis.monitoring.demo import write_demo_monitoring

    folder = tmp_path_factory.mktemp("水雨情")
    write_demo_monitoring(folder)
    return folder


def _run(path: Path, county: str, monkeypatch, *, trace: bool, monitoring: Path) -> list[dict]:
    """The bundles ``path`` displays for 2023 × ``county``, its cells run in one IPython
    shell (as a warm kernel runs them)."""
    from IPython.core.interactiveshell import InteractiveShell

    shown: list[dict] = []
    monkeypatch.setattr(rp, "_display", shown.append)
    if not trace:
        monkeypatch.setattr(rp, "traced", lambda value, key: value)
    shell = InteractiveShell.instance()
    shell.run_cell("import matplotlib; matplotlib.use('Agg')")
    nb = nbformat.read(path, as_version=4)
    shell.run_cell(
        f"year = 2023; county = {county!r}; through_month = None; data_dir = None; "
        f"monitoring_dir = {str(monitoring)!r}"
    )
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", []):
            result = shell.run_cell(cell.source)
            assert result.success, (path.name, cell.source[:80], result.error_in_exec)
    return shown


@pytest.mark.slow
@pytest.mark.parametrize("county", ["全市", "白沙县"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_marks_change_no_word_and_never_reach_an_output(path, county, monkeypatch, monitoring):
    with_marks = _run(path, county, monkeypatch, trace=True, monitoring=monitoring)
    without = _run(path, county, monkeypatch, trace=False, monitoring=monitoring)
    for bundle in with_marks:
        text = json.dumps(bundle, ensure_ascii=False)
        assert not any(m in text for m in MARKS), text[:300]

    def words(bundles):
        out = []
        for b in bundles:
            block = b.get(BLOCK_MIME)
            if block is not None:
                out.append({k: v for k, v in block.items() if k != "figures"})
        return out

    assert words(with_marks) == words(without)
    figures = [f for b in with_marks for f in b.get(BLOCK_MIME, {}).get("figures", [])]
    assert figures, "no figure of the report is traced"


def test_untangle_keeps_the_figures_places():
    from wbanalysis.units import format_amount, format_count, format_yoy

    text = (
        f"共争取项目资金{format_amount(traced(3209.0, 'funding.total'))}，"
        f"设河湖长{format_count(traced(425, 'rivers.chiefs'), '名')}，"
        f"{format_yoy(traced(27.65, 'investment.fixed_asset_yoy'))}。"
    )
    clean, figures = untangle(text)
    assert clean == "共争取项目资金3209万元，设河湖长425名，同比增长27.65%。" or "同比" in clean
    assert [clean[a:b] for a, b, _ in figures][:2] == ["3209万元", "425名"]
    assert [k for *_, k in figures] == [
        "funding.total",
        "rivers.chiefs",
        "investment.fixed_asset_yoy",
    ]


def test_a_traced_value_is_a_plain_number_to_everything_else():
    import math
    import pickle

    v = traced(3209.0, "funding.total")
    n = traced(425, "rivers.chiefs")
    assert v == 3209.0 and isinstance(n, int) and n + 1 == 426 and type(n + 1) is int
    assert type(v - 1.0) is float and json.dumps([v, n]) == "[3209.0, 425]"
    assert type(pickle.loads(pickle.dumps(v))) is float
    assert math.isnan(traced(float("nan"), "x")) and not hasattr(traced(float("nan"), "x"), "key")
    assert traced(True, "x") is True and traced("3209", "x") == "3209"
    # a key that would break the marks is not traced
    assert not hasattr(traced(1.0, "a" + SEP), "key")


@pytest.mark.parametrize(
    "text",
    [
        "a" + OPEN + "k",
        "a" + CLOSE + "b",
        OPEN + "k" + SEP + OPEN + "j" + SEP + "1" + CLOSE + CLOSE,
        SEP * 3,
        OPEN + SEP + CLOSE,
    ],
)
def test_broken_or_nested_marks_leave_clean_text(text):
    clean, figures = untangle(text)
    assert not any(m in clean for m in MARKS)
    for a, b, _ in figures:
        assert 0 <= a < b <= len(clean)


def _untraced(block: dict, catalogue: dict, values: dict) -> list[str]:
    """The figures of ``block``'s text that read as an indicator's value of the report yet
    link to no 出处."""
    from wbanalysis.check.document import split_text
    from wbanalysis.check.figures import find_figures
    from wbanalysis.units.traced import strip as plain

    written = set()
    for key, value in values.items():
        if isinstance(value, int | float) and value == value:
            written |= {plain(catalogue[key].say(value)), plain(catalogue[key].display(value))}
    text = block["text"]
    spans = [(a, b) for a, b, _ in block.get("figures", [])]
    _, sentences = split_text(text)
    missing, cursor = [], 0
    for sentence in sentences:
        at = text.find(sentence.text, cursor)
        assert at >= 0, (sentence.text, text)
        cursor = at + len(sentence.text)
        for figure in find_figures([sentence]):
            if figure.text not in written:
                continue
            start, end = at + figure.start, at + figure.start + len(figure.text)
            if not any(a <= start and end <= b for a, b in spans):
                missing.append(f"{figure.label}{figure.text}{figure.after}（{sentence.text}）")
    return missing


@pytest.mark.slow
@pytest.mark.parametrize("county", ["全市", "白沙县"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_figure_of_the_text_that_states_an_indicator_links_to_its_source(
    path, county, monkeypatch, monitoring
):
    """Each figure of a report's text (the annual summary's sentences first) whose words are
    an indicator's value of the report carries that figure's key (the page links it to its
    出处)."""
    bundles = _run(path, county, monkeypatch, trace=True, monitoring=monitoring)
    report = rp.start(year=2023, county=county, monitoring_dir=monitoring)
    blocks = [b[BLOCK_MIME] for b in bundles if BLOCK_MIME in b]
    texts = [b for b in blocks if b["kind"] in ("paragraph", "note", "heading")]
    assert len(texts) > (20 if path.stem.startswith("01") else 2)
    missing = [m for b in texts for m in _untraced(b, report.catalogue, report.values)]
    # figures that only happen to read as some indicator's value: a level's funds by
    # programme (in brackets), the counties short of their storage task, the next year's
    # targets, and the analyst's own words in the 文字材料
    coincidences = (
        "补助资金",
        "专项资金",
        "救灾资金",
        "个县（区）未完成冬春蓄水",
        "计划完成节点目标",
        "子项目，《可研报告》",
        "个收费站",
    )
    missing = [m for m in missing if not any(c in m for c in coincidences)]
    assert missing == []
    # and every figure linked states the value of the key it names (its unit may be spoken:
    # 30.9公里 for 30.9km)
    number = re.compile(r"\d[\d,.]*")
    for b in texts:
        for a, end, key in b.get("figures", []):
            value = report.values[key]
            shown = {strip(report.catalogue[key].say(value)), report.display(key)}
            linked = b["text"][a:end]
            assert number.findall(linked)[:1] in [number.findall(t)[:1] for t in shown], (
                key,
                linked,
            )
