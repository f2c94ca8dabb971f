"""The one-pass chart picture (``plots.png.figure_png``) is the picture ``savefig`` makes.

The reports' charts are drawn once, with the tight box measured before the draw and each
distinct text measured once per process (``plots.textsize``); each must decode to the same
pixels as matplotlib's own two-pass ``bbox_inches="tight"`` picture with its own per-renderer
text sizes.
"""

from __future__ import annotations

import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.testing.compare import calculate_rms
from plots.test_charts import CHARTS  # tests/ is on the path

from wbanalysis import plots
from wbanalysis.plots import textsize
from wbanalysis.plots.png import figure_png

# Antialiasing is deterministic on one machine: the pictures are expected to be identical.
# The tolerance (RMS on the 0–255 scale) only forgives rounding inside Agg, never a shifted or
# resized picture: a one-pixel shift of a chart's text alone gives an RMS above 3.
TOLERANCE = 0.5


@pytest.fixture(autouse=True)
def _style():
    with matplotlib.rc_context():
        plots.use_style()
        yield
    plt.close("all")


def _pixels(png: bytes) -> np.ndarray:
    return (matplotlib.image.imread(io.BytesIO(png), format="png") * 255).astype(float)


def _savefig(fig) -> bytes:
    """matplotlib's own picture: two passes, and text sizes from its per-renderer cache."""
    buffer = io.BytesIO()
    textsize.uninstall()
    try:
        fig.savefig(buffer, format="png", bbox_inches="tight")
    finally:
        textsize.install()
    return buffer.getvalue()


def _same_picture(fig) -> None:
    expected = _pixels(_savefig(fig))
    actual = _pixels(figure_png(fig))
    assert actual.shape == expected.shape
    assert calculate_rms(expected, actual) <= TOLERANCE


@pytest.mark.parametrize("chart", sorted(CHARTS))
def test_each_chart_looks_as_savefig_draws_it(chart):
    _same_picture(CHARTS[chart]().figure)


def test_two_charts_side_by_side_with_a_legend_below_the_axes():
    fig, axes = plt.subplots(1, 2, figsize=(9.0, 4.0))
    plots.bar_by_category(
        pd.Series({"中央": 1650.2, "省级": 436.0, "市级": 1122.8}),
        ax=axes[0],
        title="分级争取资金",
        unit="万元",
    )
    plots.pie_or_donut(
        pd.Series({"省级预警": 80.0, "市级预警": 73.0}),
        ax=axes[1],
        title="转发预警信息来源",
        unit="次",
    )
    axes[1].legend(["甲", "乙"], loc="upper center", bbox_to_anchor=(0.5, -0.3))
    _same_picture(fig)


def test_an_artist_beyond_the_figure_edge_is_in_the_picture():
    fig, ax = plt.subplots(figsize=(6.0, 3.0))
    ax.bar(["甲", "乙"], [1.0, 2.0])
    fig.text(1.15, 0.5, "图外的注记")  # right of the figure: a cut of the canvas would lose it
    fig.suptitle("标题在图的上边缘之外", y=1.1)
    picture = _pixels(figure_png(fig))
    assert picture.shape[1] > 6.0 * fig.dpi  # wider than the figure itself
    _same_picture(fig)


def test_a_figure_with_a_layout_engine_is_laid_out_as_before():
    fig, axes = plt.subplots(1, 2, figsize=(8.0, 3.0), layout="constrained")
    for ax in axes:
        ax.plot([1, 2, 3], [3, 1, 2])
        ax.set_title("约束布局")
    _same_picture(fig)


def test_math_text_and_a_second_picture_of_the_same_texts():
    """Math text goes to matplotlib's cache; a chart drawn again reuses the kept sizes."""
    for _ in range(2):
        fig, ax = plt.subplots(figsize=(5.0, 3.0))
        ax.bar(["甲", "乙"], [1.0, 2.0])
        ax.set_title(r"蓄水量 $V_{t}^{2}$ 与 $\alpha$")
        ax.set_xlabel("单位：万m³")
        _same_picture(fig)
        plt.close(fig)
    assert textsize.installed()


def _measure(renderer, text, prop):
    import matplotlib.text as mtext

    return mtext._get_text_metrics_with_cache(renderer, text, prop, False, renderer.dpi)


def test_a_text_is_measured_again_when_its_font_dpi_or_hinting_changes():
    """The kept size of a text is keyed on everything Agg's measure depends on: a change of
    the font the family resolves to, of dpi or of hinting gives matplotlib's own figure."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    textsize.install()
    text, prop = "Water 2023 (ok)", FontProperties(family=["sans-serif"], size=12)

    def both(renderer):
        kept = _measure(renderer, text, prop)
        return kept, renderer.get_text_width_height_descent(text, prop, False)

    with matplotlib.rc_context({"font.sans-serif": ["DejaVu Sans"]}):
        first, truth = both(RendererAgg(400, 300, 100))
        assert first == truth
    with matplotlib.rc_context({"font.sans-serif": [plots.cjk_font_name()]}):
        cjk, truth = both(RendererAgg(400, 300, 100))
        assert cjk == truth and cjk != first
        doubled, truth = both(RendererAgg(400, 300, 200))
        assert doubled == truth and doubled[0] > 1.8 * cjk[0]
        with matplotlib.rc_context({"text.hinting": "no_hinting"}):
            unhinted, truth = both(RendererAgg(400, 300, 100))
            assert unhinted == truth and unhinted != cjk
    prop.set_size(24)  # the same object changed in place: its new size is measured
    bigger, truth = both(RendererAgg(400, 300, 100))
    assert bigger == truth and bigger[0] > first[0]


def test_uninstall_gives_matplotlib_its_own_cache_back():
    import matplotlib.text as mtext

    textsize.install()
    textsize.install()
    assert textsize.installed()
    textsize.uninstall()
    assert not textsize.installed()
    assert mtext._get_text_metrics_with_cache is textsize._ORIGINAL
    textsize.install()


def test_a_changed_chart_is_noticed():
    """The comparison can fail: the same chart with one bar changed is another picture."""
    fig = plots.bar_by_category(
        pd.Series({"城区": 3209.0, "东县": 1860.5}), title="资金", unit="万元"
    ).figure
    other = plots.bar_by_category(
        pd.Series({"城区": 3209.0, "东县": 1560.5}), title="资金", unit="万元"
    ).figure
    a, b = _pixels(figure_png(fig)), _pixels(figure_png(other))
    assert a.shape != b.shape or calculate_rms(a, b) > TOLERANCE


_EVERY_REPORT_CHART = r"""
import contextlib, io, json, sys
import matplotlib
matplotlib.use("agg")
import matplotlib.pyplot as plt
import numpy as np
import wbanalysis.reporting as rp
from wbanalysis.plots.png import figure_png

def pixels(png):
    return matplotlib.image.imread(io.BytesIO(png), format="png") * 255

from wbanalysis.plots import textsize

results = []
def compare(fig, caption=None, **where):  # where=, annex=: the 上报稿 places it
    buffer = io.BytesIO()
    textsize.uninstall()  # matplotlib's own text sizes for the reference picture
    fig.savefig(buffer, format="png", bbox_inches="tight")
    textsize.install()
    a, b = pixels(buffer.getvalue()), pixels(figure_png(fig))
    plt.close(fig)
    same = a.shape == b.shape
    results.append(float(np.sqrt(((a - b) ** 2).mean())) if same else None)

rp.show_figure = compare
monitoring = sys.argv[1]  # the demo city's 水雨情: the flood season's chart is drawn too
for path in sys.argv[2:]:
    cells = ["".join(c["source"]) for c in json.load(open(path, encoding="utf-8"))["cells"]
             if c["cell_type"] == "code"]
    for county in ("全市", "白沙县"):
        namespace = {}
        with contextlib.redirect_stdout(io.StringIO()):
            exec(f"year = 2023\ncounty = {county!r}\nthrough_month = None\ndata_dir = None\n"
                 f"monitoring_dir = {monitoring!r}", namespace)
            for code in cells[1:]:
                exec(code, namespace)
print(json.dumps(results))
"""


@pytest.mark.slow
def test_every_chart_of_the_reports_looks_as_savefig_draws_it(tmp_path):
    """All charts of the seven notebooks, for the city and a county, in a fresh process."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent.parent
    notebooks = sorted(str(p) for p in (root / "notebooks").glob("*.ipynb"))
    from wbanalysis.monitoring.demo import write_demo_monitoring

    script = tmp_path / "charts.py"
    script.write_text(_EVERY_REPORT_CHART, encoding="utf-8")
    write_demo_monitoring(tmp_path / "水雨情")
    proc = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "水雨情"), *notebooks],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    rms = json.loads(proc.stdout.strip().splitlines()[-1])
    assert len(rms) >= 30  # the reports draw about 36 charts for the two places
    assert None not in rms, "a picture of another size"
    assert max(rms) <= TOLERANCE
