"""图表 (charts) of the work summary: they draw data already computed and return the Axes.

Every function takes a Series / DataFrame produced by :mod:`wbanalysis.metrics` (or by hand),
an optional ``ax`` to draw into (a new figure is made when it is ``None``) and Chinese
``title`` / ``unit`` texts. None of them reads a ledger or computes an indicator. Empty data
draws a "无数据" placeholder instead of failing, so one county without records does not stop a
batch build.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..units import format_number, format_percent, format_yoy
from .style import COLORS, PALETTE, ensure_style

__all__ = [
    "short_label",
    "bar_by_category",
    "monthly_with_yoy",
    "target_vs_actual",
    "stacked_by_level",
    "rate_bars",
    "trend_line",
    "gantt",
    "pie_or_donut",
    "rain_and_level",
    "has_no_data",
]

#: The mark of an axes drawn as a "无数据" placeholder (:func:`has_no_data`).
_NO_DATA_GID = "wb-no-data"


#: Longest category label drawn in a chart; longer names are cut with an ellipsis (the
#: report's tables keep them whole).
MAX_LABEL = 16


def short_label(text: object, limit: int = MAX_LABEL) -> str:
    """A category label fit for a chart axis: at most ``limit`` characters, ``…`` when cut.

    >>> short_label("白沙县"), short_label("某某水库除险加固工程（一期）主体工程及附属设施", 12)
    ('白沙县', '某某水库除险加固工程（…')
    """
    value = " ".join(str(text).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _labels(keys, limit: int = MAX_LABEL) -> list[str]:
    """:func:`short_label` of each key, made unique: matplotlib puts equal category labels on
    one position, so two names cut to the same text would draw as one bar."""
    out: list[str] = []
    seen: dict[str, int] = {}
    for key in keys:
        label = short_label(key, limit)
        if label in seen:
            seen[label] += 1
            label = short_label(key, limit - 3)[: limit - 3] + f"（{seen[label]}）"
        else:
            seen[label] = 1
        out.append(label)
    return out


def _in_yi(values, unit: str) -> tuple[float, str]:
    """Amounts of 1亿元 and more are drawn in 亿元, as the sentences write them
    (:func:`wbanalysis.units.format_amount`): the divisor and the unit to use."""
    numbers = np.asarray(pd.Series(values, dtype="float64").dropna())
    if unit == "万元" and len(numbers) and np.nanmax(np.abs(numbers)) >= 10000:
        return 10000.0, "亿元"
    return 1.0, unit


def _percent(value: float, places: int = 2) -> str:
    return format_percent(value, places=places, trim=True)


_number_formatter = FuncFormatter(lambda v, _pos: format_number(v))


def _new_axes(ax: Axes | None, figsize: tuple[float, float] | None = None) -> Axes:
    ensure_style()
    if ax is not None:
        return ax
    _fig, new_ax = plt.subplots(figsize=figsize)
    return new_ax


def _finish(ax: Axes, title: str, unit: str | None = None, *, axis: str = "y") -> Axes:
    ax.set_title(title)
    if unit:
        (ax.set_ylabel if axis == "y" else ax.set_xlabel)(f"单位：{unit}")
    return ax


def _whole_ticks(axis, values) -> None:
    """Counts (个, 次, 处) get whole-number ticks: no 0.5 个 on the axis of a small count."""
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    if finite.size and np.all(finite == np.round(finite)):
        axis.set_major_locator(MaxNLocator(integer=True))


def _no_data(ax: Axes, title: str) -> Axes:
    ax.set_gid(_NO_DATA_GID)
    ax.set_title(title)
    ax.text(
        0.5,
        0.5,
        "无数据",
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=16,
        color=COLORS["muted"],
    )
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    return ax


def has_no_data(fig) -> bool:
    """True when every axes of ``fig`` is a "无数据" placeholder: a chart with nothing drawn,
    which the report leaves out (the page says why).

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = bar_by_category(pd.Series(dtype=float), ax=ax, title="争取资金", unit="万元")
    >>> has_no_data(fig), has_no_data(plt.subplots()[0])
    (True, False)
    """
    return bool(fig.axes) and all(ax.get_gid() == _NO_DATA_GID for ax in fig.axes)


def _is_empty(data: pd.Series | pd.DataFrame) -> bool:
    return data is None or len(data) == 0 or bool(data.isna().all(axis=None))


def _value_labels(ax: Axes, container, *, fmt=format_number, **kwargs) -> None:
    ax.bar_label(
        container,
        labels=[fmt(v) for v in container.datavalues],
        padding=3,
        fontsize=9,
        color=COLORS["line"],
        **kwargs,
    )


def bar_by_category(
    series: pd.Series,
    *,
    ax: Axes | None = None,
    title: str,
    unit: str,
    horizontal: bool | None = None,
    sort: bool = True,
    color: str | None = None,
) -> Axes:
    """按类别柱状图 (bars by category) with value labels.

    Parameters
    ----------
    series : values indexed by category (县区, 项目类别, …).
    title, unit : Chinese title and unit of the values (万元, 万m³, 次, …).
    horizontal : horizontal bars; by default when there are more than 6 categories or the
        labels are longer than 4 characters.
    sort : sort by value, largest first.
    color : bar colour; the palette's main colour by default.

    Examples
    --------
    >>> ax = bar_by_category(pd.Series({"甲县": 1200.0, "乙县": 860.5}), title="争取资金", unit="万元")
    >>> ax.get_title()
    '争取资金'
    """
    longest = max((len(short_label(k)) for k in series.index), default=0)
    if horizontal is None:
        horizontal = len(series) > 6 or longest > 4
    ax = _new_axes(ax, (9.0, max(3.2, 0.45 * len(series) + 1.2)) if horizontal else None)
    if _is_empty(series):
        return _no_data(ax, title)
    data = series.dropna()
    scale, unit = _in_yi(data, unit)
    data = data / scale
    if sort:
        data = data.sort_values(ascending=horizontal)  # largest on top / on the left
    labels = _labels(data.index)
    color = color or COLORS["main"]
    if horizontal:
        bars = ax.barh(labels, data.to_numpy(float), color=color, height=0.6)
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.xaxis.set_major_formatter(_number_formatter)
        _whole_ticks(ax.xaxis, data)
        ax.margins(x=0.12)
        _finish(ax, title, unit, axis="x")
    else:
        bars = ax.bar(labels, data.to_numpy(float), color=color, width=0.6)
        ax.yaxis.set_major_formatter(_number_formatter)
        _whole_ticks(ax.yaxis, data)
        ax.margins(y=0.12)
        if len(labels) > 5:
            ax.tick_params(axis="x", labelrotation=30)
        _finish(ax, title, unit)
    _value_labels(ax, bars)
    return ax


def _monthly(series: pd.Series, last: int | None) -> pd.Series:
    """Months 1..12 with 0 for months without records up to ``last``, NaN after it."""
    months = pd.RangeIndex(1, 13)
    data = pd.Series(series, dtype=float).groupby(level=0).sum(min_count=1).reindex(months)
    if last is None:
        present = data.dropna()
        last = int(present.index.max()) if len(present) else 0
    data.loc[:last] = data.loc[:last].fillna(0.0)
    data.loc[last + 1 :] = np.nan
    return data


def monthly_with_yoy(
    this_year: pd.Series,
    last_year: pd.Series,
    *,
    ax: Axes | None = None,
    title: str,
    unit: str,
    labels: Sequence[str] = ("2023年", "2022年"),
    cumulative: bool = True,
    through_month: int | None = None,
) -> Axes:
    """逐月同比 (this year against last year, month by month).

    Parameters
    ----------
    this_year, last_year : values indexed by month 1..12 (missing months count as 0 up to the
        last month with data).
    labels : legend labels of (this year, last year).
    cumulative : cumulative lines (累计) when True, side-by-side monthly bars otherwise.
    through_month : last month of this year to show (截至月份); by default its last month
        with data. Last year is always shown in full.

    Notes
    -----
    The last point of this year is annotated with its value and the year-on-year growth
    (this − last) / last × 100 over the same months, when last year's value is not 0.
    """
    ax = _new_axes(ax)
    if _is_empty(this_year) and _is_empty(last_year):
        return _no_data(ax, title)
    cur = _monthly(this_year, through_month)
    prev = _monthly(last_year, 12)
    if cumulative:
        cur, prev = cur.cumsum(), prev.cumsum()
    scale, unit = _in_yi(pd.concat([cur, prev]), unit)
    cur, prev = cur / scale, prev / scale
    months = np.arange(1, 13)
    if cumulative:
        ax.plot(
            months,
            prev.to_numpy(),
            color=COLORS["muted"],
            linewidth=2,
            linestyle="--",
            marker="o",
            markersize=4,
            label=labels[1],
        )
        ax.plot(
            months,
            cur.to_numpy(),
            color=COLORS["main"],
            linewidth=2.5,
            marker="o",
            markersize=5,
            label=labels[0],
        )
    else:
        width = 0.4
        ax.bar(months - width / 2, prev.to_numpy(), width, color=COLORS["muted"], label=labels[1])
        ax.bar(months + width / 2, cur.to_numpy(), width, color=COLORS["main"], label=labels[0])
    shown = cur.dropna()
    if len(shown):
        month = int(shown.index.max())
        value, before = float(shown.iloc[-1]), float(prev.get(month, np.nan))
        note = format_number(value)
        if before and not math.isnan(before):
            note += f"（{format_yoy((value - before) / abs(before) * 100)}）"
        ax.annotate(
            note,
            (month, value),
            xytext=(0, 10),
            textcoords="offset points",
            ha="center",
            fontsize=9,
            color=COLORS["main"],
        )
    ax.set_xticks(months, [str(m) for m in months])  # "10月11月12月" would run together
    ax.set_xlabel("月份")
    ax.yaxis.set_major_formatter(_number_formatter)
    ax.set_ylim(bottom=0)
    ax.margins(y=0.15)
    ax.legend(loc="upper left")
    return _finish(ax, title + ("（累计）" if cumulative and "累计" not in title else ""), unit)


def target_vs_actual(df: pd.DataFrame, *, ax: Axes | None = None, title: str, unit: str) -> Axes:
    """目标与完成 (target against actual) as grouped bars; shortfalls in the warning colour.

    Parameters
    ----------
    df : columns ``target`` and ``actual``, indexed by name (项目, 县区, 指标).

    Notes
    -----
    Each actual bar is labelled with its completion rate actual / target × 100 when the
    target is not 0; actual < target is a shortfall (未达目标).
    """
    ax = _new_axes(ax)
    if _is_empty(df):
        return _no_data(ax, title)
    names = _labels(df.index)
    target = df["target"].to_numpy(float)
    actual = df["actual"].to_numpy(float)
    x = np.arange(len(names))
    width = 0.38
    ax.bar(x - width / 2, target, width, color=COLORS["muted"], label="目标")
    short = actual < target
    colors = [COLORS["warning"] if s else COLORS["main"] for s in short]
    bars = ax.bar(x + width / 2, actual, width, color=colors)
    rates = [
        (_percent(a / t * 100, 1) if t else format_number(a))
        for a, t in zip(actual, target, strict=True)
    ]
    ax.bar_label(bars, labels=rates, padding=3, fontsize=9, color=COLORS["line"])
    ax.set_xticks(x, names, rotation=30 if len(names) > 5 else 0)
    ax.yaxis.set_major_formatter(_number_formatter)
    ax.margins(y=0.25)  # a band above the bars, where the legend finds a corner of its own
    handles = [
        Patch(color=COLORS["muted"], label="目标"),
        Patch(color=COLORS["main"], label="完成"),
    ]
    if short.any():
        handles.append(Patch(color=COLORS["warning"], label="未达目标"))
    ax.legend(handles=handles, loc="best")  # clear of the bars and their rate labels
    return _finish(ax, title, unit)


def stacked_by_level(df: pd.DataFrame, *, ax: Axes | None = None, title: str, unit: str) -> Axes:
    """分级堆积柱状图 (stacked bars by level: 国家级 / 省级 / 市级 / 县级 …).

    Parameters
    ----------
    df : one row per bar (县区, 年份), one column per level, in stacking order.
        Totals are written above the bars.
    """
    ax = _new_axes(ax)
    if _is_empty(df):
        return _no_data(ax, title)
    data = df.fillna(0.0).astype(float)
    scale, unit = _in_yi(data.sum(axis=1), unit)
    data = data / scale
    names = _labels(data.index)
    bottom = np.zeros(len(data))
    for i, level in enumerate(data.columns):
        values = data[level].to_numpy()
        ax.bar(names, values, 0.6, bottom=bottom, color=PALETTE[i % len(PALETTE)], label=str(level))
        bottom += values
    # totals above the bars: whole numbers once they reach the hundreds, so that ten bars'
    # labels do not run into each other
    decimals = 0 if len(names) > 6 and bottom.max() >= 100 else 2
    for x, total in enumerate(bottom):
        ax.annotate(
            format_number(total, places=decimals),
            (x, total),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize=8 if len(names) > 6 else 9,
        )
    if len(names) > 5:
        ax.tick_params(axis="x", labelrotation=30)
    ax.yaxis.set_major_formatter(_number_formatter)
    _whole_ticks(ax.yaxis, data.to_numpy().ravel())
    ax.margins(y=0.25)  # room for the legend above the tallest bar
    ax.legend(ncols=min(4, len(data.columns)), loc="upper left", fontsize=9)
    return _finish(ax, title, unit)


def rate_bars(
    series: pd.Series, *, ax: Axes | None = None, title: str, target: float | None = 100.0
) -> Axes:
    """完成率条形图 (rates in %, e.g. 巡河完成率) against a target line.

    Parameters
    ----------
    series : percentages indexed by name.
    target : target rate in %; bars reaching it are green, the others in the warning colour.
        ``None`` draws no target.
    """
    ax = _new_axes(ax, (9.0, max(3.2, 0.45 * len(series) + 1.2)))
    if _is_empty(series):
        return _no_data(ax, title)
    data = series.dropna().astype(float).sort_values()
    names = _labels(data.index)
    if target is None:
        colors = [COLORS["main"]] * len(data)
    else:
        colors = [COLORS["good"] if v >= target else COLORS["warning"] for v in data]
    bars = ax.barh(names, data.to_numpy(), color=colors, height=0.6)
    _value_labels(ax, bars, fmt=lambda v: _percent(v, 1))
    right = max(float(data.max()), target or 0.0) * 1.15
    ax.set_xlim(0, max(right, 10.0))
    if target is not None:
        ax.axvline(target, color=COLORS["line"], linestyle="--", linewidth=1)
        ax.text(
            target,
            1.0,
            f"目标 {format_number(target)}%",
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=9,
        )
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: _percent(v, 0)))
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_title(title, pad=20)
    return ax


def trend_line(
    series: pd.Series,
    *,
    ax: Axes | None = None,
    title: str,
    unit: str,
    slope: float | None = None,
    intercept: float | None = None,
) -> Axes:
    """多年趋势 (a yearly series) with an optional Theil–Sen trend line.

    Parameters
    ----------
    series : values indexed by year (int).
    slope, intercept : Theil–Sen estimate, value = intercept + slope × year (as given by
        ``scipy.stats.theilslopes`` and :class:`wbanalysis.metrics.trends.Trend`). Without an
        intercept the line passes through (median year, median value).
    """
    ax = _new_axes(ax)
    if _is_empty(series):
        return _no_data(ax, title)
    data = series.dropna().astype(float).sort_index()
    scale, unit = _in_yi(data, unit)
    data = data / scale
    if slope is not None:
        slope = slope / scale
    if intercept is not None:
        intercept = intercept / scale
    years = np.asarray(data.index, dtype=float)
    ax.plot(
        years,
        data.to_numpy(),
        color=COLORS["main"],
        linewidth=2.5,
        marker="o",
        markersize=6,
        label="实际值",
    )
    for x, y in zip(years, data.to_numpy(), strict=True):
        ax.annotate(
            format_number(y),
            (x, y),
            xytext=(0, 8),
            textcoords="offset points",
            ha="center",
            fontsize=9,
        )
    if slope is not None and not math.isnan(slope):
        if intercept is None or math.isnan(intercept):
            intercept = float(np.median(data.to_numpy()) - slope * np.median(years))
        ax.plot(
            years,
            intercept + slope * years,
            color=COLORS["open"],
            linestyle="--",
            linewidth=1.8,
            label=f"趋势线（每年{'+' if slope >= 0 else ''}{format_number(slope)}{unit}）",
        )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{int(round(v))}年"))
    ax.yaxis.set_major_formatter(_number_formatter)
    ax.margins(x=0.1, y=0.15)  # room for the value label of the first and the last year
    if (data >= 0).all():  # amounts and counts from zero: a 2.6 % change is not a deep V
        ax.set_ylim(bottom=0, top=max(float(data.max()) * 1.18, 1e-9))
    ax.legend(loc="lower right")
    return _finish(ax, title, unit)


def _date_label(value: float, _pos=None) -> str:
    import matplotlib.dates as mdates

    day = mdates.num2date(value)
    return f"{day.year}年{day.month}月"


def gantt(
    df: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str,
    cutoff: pd.Timestamp | str | None = None,
) -> Axes:
    """节点计划与完成 (planned against actual milestone dates).

    Parameters
    ----------
    df : columns ``task``, ``planned`` and ``actual`` (dates; ``NaT`` while not finished).
    cutoff : the report's cut-off date (截至日期), drawn as a vertical line; an open task whose
        planned date is before it is overdue (逾期未完成).

    Notes
    -----
    A task is late (逾期) when actual > planned, or when it is open and planned < cutoff.
    Late tasks are drawn in the warning colour, with a segment from the planned date to the
    actual date (or to the cut-off).
    """
    ax = _new_axes(ax, (9.0, max(3.2, 0.42 * len(df) + 1.5)))
    if df is None or len(df) == 0:
        return _no_data(ax, title)
    planned = pd.to_datetime(df["planned"]).reset_index(drop=True)
    actual = pd.to_datetime(df["actual"]).reset_index(drop=True)
    cut = pd.Timestamp(cutoff) if cutoff is not None else None
    tasks = _labels(df["task"], 24)
    y = np.arange(len(tasks))
    seen: dict[str, Line2D] = {}

    def mark(label, x, yy, **style):
        (artist,) = ax.plot([x], [yy], linestyle="none", **style)
        seen.setdefault(label, artist)

    for i, (plan, done) in enumerate(zip(planned, actual, strict=True)):
        if pd.notna(plan):
            mark(
                "计划",
                plan,
                i,
                marker="D",
                markersize=7,
                markerfacecolor="white",
                markeredgecolor=COLORS["line"],
            )
        if pd.notna(done):
            late = pd.notna(plan) and done > plan
            color = COLORS["warning"] if late else COLORS["good"]
            if late:
                ax.plot([plan, done], [i, i], color=color, linewidth=3, alpha=0.6)
            mark("逾期完成" if late else "按期完成", done, i, marker="o", markersize=8, color=color)
        elif cut is not None and pd.notna(plan) and plan < cut:
            ax.plot([plan, cut], [i, i], color=COLORS["warning"], linewidth=3, alpha=0.35)
            mark("逾期未完成", cut, i, marker=">", markersize=8, color=COLORS["warning"])
        elif pd.notna(plan):
            mark(
                "未完成",
                plan,
                i,
                marker="o",
                markersize=8,
                markerfacecolor="white",
                markeredgecolor=COLORS["open"],
                markeredgewidth=2,
            )
    if cut is not None:
        ax.axvline(cut, color=COLORS["line"], linestyle="--", linewidth=1)
        ax.text(
            cut,
            1.0,
            f"截至{cut.year}年{cut.month}月{cut.day}日",
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=9,
        )
    ax.set_yticks(y, tasks)
    ax.set_ylim(len(tasks) - 0.5, -0.5)
    ax.xaxis.set_major_formatter(FuncFormatter(_date_label))
    ax.xaxis.set_major_locator(MaxNLocator(6))
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.margins(x=0.05)
    order = ["计划", "按期完成", "逾期完成", "逾期未完成", "未完成"]
    labels = [k for k in order if k in seen]
    ax.legend(
        [seen[k] for k in labels],
        labels,
        loc="upper center",
        ncols=len(labels),
        bbox_to_anchor=(0.5, -0.08),
    )
    ax.set_title(title, pad=20 if cut is not None else 12)
    return ax


def pie_or_donut(
    series: pd.Series,
    *,
    ax: Axes | None = None,
    title: str,
    donut: bool = True,
    unit: str | None = None,
) -> Axes:
    """构成图 (shares of a whole) as a donut (or a pie).

    Parameters
    ----------
    series : non-negative values indexed by part (资金来源, 用水类别 …). A part's colour
        follows its place in ``series`` (not its size), as in a stacked chart of the same
        parts in the same order: 气象 is one colour in both charts of a figure.
    donut : a ring with the total in its centre when True, a pie otherwise.
    unit : unit of the total written in the centre.
    """
    ax = _new_axes(ax, (7.5, 5.0))
    place = {part: i for i, part in enumerate(series.index)}
    data = series.dropna().astype(float)
    data = data[data > 0].sort_values(ascending=False)
    if _is_empty(data):
        return _no_data(ax, title)
    total = float(data.sum())
    _wedges, _texts, *autotexts = ax.pie(
        data.to_numpy(),
        labels=_labels(data.index),
        colors=[PALETTE[place[part] % len(PALETTE)] for part in data.index],
        autopct=lambda p: _percent(p, 1) if p >= 3 else "",
        pctdistance=0.78 if donut else 0.65,
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.42, "edgecolor": "white"} if donut else {"edgecolor": "white"},
        textprops={"fontsize": 10},
    )
    for text in autotexts[0] if autotexts else []:
        text.set_color("white")
        text.set_fontsize(9)
    if donut:
        ax.text(
            0, 0, f"合计\n{format_number(total)}{unit or ''}", ha="center", va="center", fontsize=12
        )
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_title(title)
    return ax


def rain_and_level(
    rain: pd.Series,
    level: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str,
    reservoir: str = "",
) -> Axes:
    """汛期降雨与库水位 (rainfall of each day as bars, a reservoir's water level as a line
    against its 汛限水位).

    Parameters
    ----------
    rain : daily area rainfall, mm, indexed by date.
    level : columns ``level`` (the day's highest water level, m) and ``limit`` (the 汛限水位
        in force, m; NaN outside its periods), indexed by date; empty: rainfall only.
    reservoir : the reservoir's name (the line's label).

    Notes
    -----
    The days the level stands above the limit are shaded: the time above 汛限水位.
    """
    ax = _new_axes(ax)
    if _is_empty(rain) and (level is None or _is_empty(level)):
        return _no_data(ax, title)
    days = pd.to_datetime(rain.index)
    ax.bar(days, rain.to_numpy(float), width=0.8, color=COLORS["main"], label="面平均降雨量")
    ax.set_ylabel("降雨量（mm）")
    handles: list = [Patch(color=COLORS["main"], label="面平均降雨量")]
    if level is not None and not _is_empty(level):
        right = ax.twinx()
        at = pd.to_datetime(level.index)
        right.plot(at, level["level"].to_numpy(float), color=COLORS["line"], linewidth=1.6)
        limit = level["limit"].to_numpy(float)
        right.step(at, limit, where="mid", color=COLORS["warning"], linestyle="--", linewidth=1.4)
        above = level["level"].to_numpy(float) > np.nan_to_num(limit, nan=np.inf)
        if above.any():
            right.fill_between(
                at,
                limit,
                level["level"].to_numpy(float),
                where=above,
                color=COLORS["warning"],
                alpha=0.25,
                step="mid",
            )
        right.set_ylabel("库水位（m）")
        right.grid(False)
        handles += [
            Line2D([], [], color=COLORS["line"], label=f"{reservoir}最高库水位".strip()),
            Line2D([], [], color=COLORS["warning"], linestyle="--", label="汛限水位"),
        ]
    ax.legend(handles=handles, loc="upper left", fontsize=9)
    ax.figure.autofmt_xdate()
    ax.set_title(title)
    return ax
