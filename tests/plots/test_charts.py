"""Charts draw Chinese without missing glyphs, with a system font or the bundled Noto font."""

from __future__ import annotations

import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.colors import to_hex

from wbanalysis import plots, units
from wbanalysis.plots import style

COUNTIES = pd.Series({"城区": 3209.0, "东县": 1860.5, "西县": 1200.0, "南县": 760.0})
MONTHS_2023 = pd.Series({m: 800.0 + 90 * m for m in range(1, 11)})
MONTHS_2022 = pd.Series({m: 700.0 + 80 * m for m in range(1, 13)})
TARGETS = pd.DataFrame(
    {"target": [5000.0, 3000.0, 2000.0], "actual": [5200.0, 2500.0, 2100.0]},
    index=["城区", "东县", "西县"],
)
LEVELS = pd.DataFrame(
    {"市级": [2, 1], "县级": [5, 4], "乡级": [12, 10], "村级": [30, 25]}, index=["城区", "东县"]
)
RATES = pd.Series({"市级河长": 100.0, "县级河长": 98.2, "乡级河长": 93.5})
YEARS = pd.Series({2019: 1.30e4, 2020: 1.50e4, 2021: 1.62e4, 2022: 1.70e4, 2023: 1.90e4})
MILESTONES = pd.DataFrame(
    {
        "task": ["初步设计批复", "开工建设", "主体完工", "竣工验收"],
        "planned": pd.to_datetime(["2023-02-01", "2023-04-15", "2023-08-30", "2023-12-20"]),
        "actual": pd.to_datetime(["2023-01-20", "2023-05-20", None, None]),
    }
)
SOURCES = pd.Series({"中央资金": 1800.0, "省级资金": 900.0, "市级资金": 400.0, "县级自筹": 109.0})

CHARTS = {
    "bar_vertical": lambda: plots.bar_by_category(COUNTIES, title="争取项目资金", unit="万元"),
    "bar_horizontal": lambda: plots.bar_by_category(
        pd.Series({"水库除险加固": 3209.0, "农村供水保障": 1860.5}),
        title="资金（按类别）",
        unit="万元",
    ),
    "monthly_cumulative": lambda: plots.monthly_with_yoy(
        MONTHS_2023, MONTHS_2022, title="水利投资完成额", unit="万元"
    ),
    "monthly_bars": lambda: plots.monthly_with_yoy(
        MONTHS_2023, MONTHS_2022, title="供水量", unit="万m³", cumulative=False
    ),
    "target_vs_actual": lambda: plots.target_vs_actual(TARGETS, title="投资目标完成", unit="万元"),
    "stacked_by_level": lambda: plots.stacked_by_level(LEVELS, title="巡河次数", unit="次"),
    "rate_bars": lambda: plots.rate_bars(RATES, title="巡河完成率（%）"),
    "trend_line": lambda: plots.trend_line(YEARS, title="蓄水量趋势", unit="万m³", slope=1400.0),
    "gantt": lambda: plots.gantt(MILESTONES, title="重点项目节点", cutoff="2023-10-31"),
    "donut": lambda: plots.pie_or_donut(SOURCES, title="资金来源构成", unit="万元"),
    "pie": lambda: plots.pie_or_donut(SOURCES, title="资金来源构成", donut=False),
    "empty": lambda: plots.bar_by_category(pd.Series(dtype=float), title="暂无记录", unit="次"),
}

_CJK_FAMILIES = set(style.SYSTEM_CJK_FONTS)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(params=["system", "bundled-only"])
def cjk_font(request, monkeypatch):
    """The chart font: whatever the machine has, or a machine without any system CJK font."""
    findfont_cache = font_manager.fontManager._findfont_cached
    if request.param == "bundled-only":
        bundled = style._bundled_font_path()
        kept = [
            f
            for f in font_manager.fontManager.ttflist
            if f.name not in _CJK_FAMILIES or f.fname == str(bundled)
        ]
        monkeypatch.setattr(font_manager.fontManager, "ttflist", kept)
        findfont_cache.cache_clear()
        monkeypatch.setattr(style, "_system_cjk_font", lambda: None)
    with matplotlib.rc_context():
        plots.use_style()
        name = plots.cjk_font_name()
        if request.param == "bundled-only":
            found = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]))
            assert found == str(style._bundled_font_path())
        yield name
    findfont_cache.cache_clear()


def test_bundled_font_is_the_ofl_noto_file():
    path = style._bundled_font_path()
    assert path.name == "NotoSansCJKsc-Regular.otf"  # OFL; never mplfonts' SimHei.ttf
    assert path.is_file() and path.stat().st_size > 1_000_000
    assert font_manager.FontProperties(fname=str(path)).get_name() == "Noto Sans CJK SC"
    assert style.cjk_font_name(prefer_system=False) == "Noto Sans CJK SC"


def test_use_style_sets_the_cjk_font_first(cjk_font):
    assert plots.use_style() is None  # no stray output cell in a notebook
    rc = matplotlib.rcParams
    assert rc["font.sans-serif"][0] == cjk_font
    assert list(rc["font.family"]) == ["sans-serif"]
    assert rc["axes.unicode_minus"] is False
    assert rc["savefig.dpi"] <= 110


@pytest.mark.parametrize("chart", sorted(CHARTS))
def test_chart_renders_chinese_without_missing_glyphs(chart, cjk_font, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph 27700 (\N{CJK ...}) missing from font(s)" fails
        ax = CHARTS[chart]()
        assert isinstance(ax, Axes)
        out = tmp_path / f"{chart}.png"
        ax.figure.savefig(out)
    assert out.stat().st_size < 120_000  # ten charts stay well below 1.5 MB
    assert ax.get_title()


def test_missing_glyphs_are_detected_without_a_cjk_font(tmp_path):
    """The check above is meaningful: a Latin-only font does warn."""
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_title("水务")
        with pytest.warns(UserWarning, match="missing from font"):
            fig.savefig(tmp_path / "boxes.png")


def test_chart_draws_into_a_given_axes(cjk_font):
    fig, (left, right) = plt.subplots(1, 2)
    assert plots.bar_by_category(COUNTIES, ax=left, title="甲", unit="万元") is left
    assert plots.rate_bars(RATES, ax=right, title="乙") is right
    assert len(fig.axes) == 2


def test_bar_labels_are_chinese_style_numbers(cjk_font):
    ax = plots.bar_by_category(COUNTIES, title="争取项目资金", unit="万元")
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["3209", "1860.5", "1200", "760"]  # sorted, largest first
    assert ax.get_ylabel() == "单位：万元"


def test_monthly_with_yoy_cumulates_and_annotates_growth(cjk_font):
    ax = plots.monthly_with_yoy(
        MONTHS_2023, MONTHS_2022, title="投资", unit="万元", labels=("2023年", "2022年")
    )
    last_year, this_year = (line.get_ydata() for line in ax.get_lines()[:2])
    scale = 10000 if MONTHS_2023.sum() >= 10000 else 1  # drawn in 亿元 from 1亿 on
    assert np.isclose(this_year[9] * scale, MONTHS_2023.sum()) and np.isnan(this_year[10])
    assert np.isclose(last_year[11] * scale, MONTHS_2022.sum())  # last year drawn in full
    growth = (MONTHS_2023.sum() / MONTHS_2022.loc[1:10].sum() - 1) * 100
    assert any(units.format_yoy(growth) in t.get_text() for t in ax.texts)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["2022年", "2023年"]


def test_target_vs_actual_highlights_shortfalls(cjk_font):
    ax = plots.target_vs_actual(TARGETS, title="投资目标", unit="万元")
    actual_bars = ax.containers[1]
    colors = [to_hex(bar.get_facecolor()) for bar in actual_bars]
    assert colors == [
        style.COLORS["main"].lower(),
        style.COLORS["warning"].lower(),
        style.COLORS["main"].lower(),
    ]
    assert "未达目标" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_gantt_marks_late_and_open_tasks(cjk_font):
    ax = plots.gantt(MILESTONES, title="节点", cutoff="2023-10-31")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["计划", "按期完成", "逾期完成", "逾期未完成", "未完成"]
    assert any("截至2023年10月31日" in t.get_text() for t in ax.texts)


def test_rate_bars_colour_by_target(cjk_font):
    ax = plots.rate_bars(RATES, title="完成率", target=95)
    colors = {to_hex(b.get_facecolor()) for b in ax.containers[0]}
    assert colors == {style.COLORS["good"].lower(), style.COLORS["warning"].lower()}


def test_empty_data_draws_a_placeholder(cjk_font):
    ax = plots.trend_line(pd.Series(dtype=float), title="趋势", unit="万m³")
    assert [t.get_text() for t in ax.texts] == ["无数据"]


@pytest.mark.parametrize(
    "value, text", [(6415.355, "6415.36"), (0.125, "0.13"), (2.675, "2.68"), (1.005, "1.01")]
)
def test_a_chart_label_and_a_sentence_write_a_figure_the_same_way(value, text):
    """One formatter: the label on a bar and the sentence under the chart agree (四舍五入)."""
    from wbanalysis import narrative
    from wbanalysis.scope import Scope

    ax = plots.bar_by_category(pd.Series({"甲水库": value}), title="蓄水", unit="万m³")
    labels = [t.get_text() for t in ax.texts]
    plt.close(ax.figure)
    assert labels == [text]
    sentence = narrative.flood_paragraph(
        {
            "flood.warnings_forwarded": 1,
            "storage.actual": value,
            "storage.target": value,
            "storage.surplus": 0.0,
        },
        Scope(2023, 10),
    )
    assert f"蓄水{text}万m³" in sentence


def test_amount_axes_follow_the_sentence_unit_and_counts_start_at_zero(cjk_font):
    ax = plots.trend_line(
        pd.Series({2021: 93774.0, 2022: 100000.0, 2023: 119700.0}), title="投资", unit="万元"
    )
    assert ax.get_ylabel() == "单位：亿元" and "11.97" in [t.get_text() for t in ax.texts]
    plt.close(ax.figure)
    ax = plots.trend_line(
        pd.Series({2021: 20299.0, 2022: 20718.0, 2023: 20500.0}), title="巡查", unit="次"
    )
    assert ax.get_ylim()[0] == 0
    plt.close(ax.figure)


def test_small_counts_get_whole_number_ticks_and_amounts_keep_decimals(cjk_font):
    """项目所处阶段 with 0–3 个 a stage: no 0.5 个 on the axis; 万元 with decimals keep theirs."""

    def ticks(axis):
        ax = axis.axes
        ax.figure.canvas.draw()
        return [
            t
            for t in axis.get_majorticklocs()
            if axis.get_view_interval()[0] <= t <= axis.get_view_interval()[1]
        ]

    ax = plots.bar_by_category(
        pd.Series({"储备": 0, "前期": 1, "新开工": 3, "续建": 2}),
        title="项目所处阶段",
        unit="个",
        sort=False,
    )
    assert all(float(t).is_integer() for t in ticks(ax.yaxis))
    plt.close(ax.figure)
    ax = plots.bar_by_category(
        pd.Series({f"项目{i}": float(i % 3) for i in range(8)}), title="项目所处阶段", unit="个"
    )  # horizontal: 8 bars
    assert all(float(t).is_integer() for t in ticks(ax.xaxis))
    plt.close(ax.figure)
    ax = plots.stacked_by_level(
        pd.DataFrame({"省级": [1, 0], "市级": [1, 2]}, index=["甲", "乙"]), title="督查", unit="次"
    )
    assert all(float(t).is_integer() for t in ticks(ax.yaxis))
    plt.close(ax.figure)
    ax = plots.bar_by_category(pd.Series({"甲": 0.4, "乙": 1.25}), title="资金", unit="万元")
    assert not all(float(t).is_integer() for t in ticks(ax.yaxis))
    plt.close(ax.figure)


def test_a_part_keeps_its_colour_in_the_stacked_chart_and_the_donut(cjk_font):
    """气象 is the fourth source: the fourth colour in both charts, though the largest part."""
    from matplotlib.colors import to_hex
    from matplotlib.patches import Wedge

    by_month = pd.DataFrame(
        {"防办": [0, 2], "水务": [1, 0], "水文": [0, 2], "气象": [4, 2]}, index=["7月", "8月"]
    )
    fig, axes = plt.subplots(1, 2)
    plots.stacked_by_level(by_month, ax=axes[0], title="逐月", unit="次")
    plots.pie_or_donut(by_month.sum(), ax=axes[1], title="来源", unit="次")
    stacked = {
        t.get_text(): to_hex(h.get_facecolor())
        for t, h in zip(
            axes[0].get_legend().get_texts(), axes[0].get_legend().legend_handles, strict=True
        )
    }
    wedges = [p for p in axes[1].patches if isinstance(p, Wedge)]
    donut = {
        t.get_text(): to_hex(w.get_facecolor())
        for t, w in zip([t for t in axes[1].texts if t.get_text() in stacked], wedges, strict=True)
    }
    assert donut == {k: stacked[k] for k in donut} and donut["气象"] == to_hex(plots.PALETTE[3])
    plt.close(fig)


def test_the_legend_of_target_and_actual_clears_the_rate_labels(cjk_font):
    """The tallest bar on the right: its rate label must not sit under the legend."""
    names = [f"{i}号水库" for i in range(9)]
    target = [28.5, 46, 15.5, 18.5, 38.5, 37, 43, 102.5, 158.5]
    actual = [28.85, 46.5, 16.3, 19.6, 39.8, 38.4, 46.6, 107.8, 167.5]
    ax = plots.target_vs_actual(
        pd.DataFrame({"target": target, "actual": actual}, index=names),
        title="冬春蓄水",
        unit="万m³",
    )
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    labels = [t.get_window_extent(renderer) for t in ax.texts if t.get_text().endswith("%")]
    assert len(labels) == 9 and not any(legend.overlaps(box) for box in labels)
    plt.close(fig)


def test_rain_and_level_draws_bars_a_level_line_and_its_flood_limit():
    days = pd.date_range("2023-07-01", periods=3, freq="D")
    rain = pd.Series([0.0, 60.0, 5.0], index=days)
    level = pd.DataFrame(
        {"level": [99.0, 100.5, 100.2], "limit": [100.0, 100.0, 100.0]}, index=days
    )
    fig, ax = plt.subplots()
    plots.rain_and_level(rain, level, ax=ax, title="汛期", reservoir="甲水库")
    assert len(fig.axes) == 2  # the level on an axis of its own, in m
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["面平均降雨量", "甲水库最高库水位", "汛限水位"]
    assert [p.get_height() for p in ax.patches] == [0.0, 60.0, 5.0]
    plt.close(fig)
    empty, ax = plt.subplots()
    plots.rain_and_level(pd.Series(dtype=float), level.iloc[0:0], ax=ax, title="汛期")
    assert plots.has_no_data(empty)
    plt.close(empty)
