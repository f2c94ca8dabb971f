"""Figures that remember their indicator (wbanalysis.units.traced): the marks change no word
of any report, never reach an output, and every figure of a sentence is found."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

import wbanalysis.reporting as rp
from wbanalysis.blocks import BLOCK_MIME
from wbanalysis.units.traced import CLOSE, OPEN, SEP, traced, untangle

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MARKS = (OPEN, SEP, CLOSE)


def _run(path: Path, county: str, monkeypatch, *, trace: bool) -> list[dict]:
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
    shell.run_cell(f"year = 2023; county = {county!r}; through_month = None; data_dir = None")
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", []):
            result = shell.run_cell(cell.source)
            assert result.success, (path.name, cell.source[:80], result.error_in_exec)
    return shown


@pytest.mark.slow
@pytest.mark.parametrize("county", ["全市", "白沙县"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_marks_change_no_word_and_never_reach_an_output(path, county, monkeypatch):
    with_marks = _run(path, county, monkeypatch, trace=True)
    without = _run(path, county, monkeypatch, trace=False)
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
