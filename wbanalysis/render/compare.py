"""县区对比页 (the site's comparison pages): a year's indicators × counties, and trends.

Plain functions of the frames :func:`wbanalysis.indicators.compare.compare` returns — no
notebook, no kernel: ``compare/2023.html`` (per section a table of indicators × 全市 and the
counties, each county's value with its rank beside it; headers sort the rows with a few lines
of inline script, the page reads the same without it; a bar chart of a few headline
indicators) and ``compare/trend-N.html`` (per section, each indicator county × year with an
inline SVG line per county). Pages are self-contained and offline, every string escaped.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import __version__
from ..indicators.compare import RANK
from ..scope import CITY
from .sanitize import site_environment

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..indicators.record import Indicator

__all__ = [
    "HEADLINE",
    "COMPARE_DIR",
    "YearTable",
    "bar_chart_png",
    "render_trend_page",
    "render_year_page",
    "section_slug",
    "trend_name",
    "year_name",
]

#: Folder of the comparison pages in the site.
COMPARE_DIR = "compare"

#: Indicators drawn as bars on a year's page (those the catalogue has).
HEADLINE = ("funding.total", "investment.fixed_asset", "construction.total", "funding.arrival_rate")

#: The section of indicators that name none.
OTHER_SECTION = "其他指标"


@dataclass(frozen=True)
class YearTable:
    """One year's comparison: the frame of :func:`~wbanalysis.indicators.compare.compare`
    (every key) and its period label (``2023年1－10月``)."""

    year: int
    label: str
    table: pd.DataFrame


def year_name(year: int) -> str:
    """File name of a year's page, relative to the comparison folder."""
    return f"{int(year)}.html"


def trend_name(number: int) -> str:
    """File name of the ``number``-th section's trend page."""
    return f"trend-{int(number)}.html"


def section_slug(indicator: Indicator) -> str:
    return indicator.section or OTHER_SECTION


def sections(catalogue: Mapping[str, Indicator], keys: Sequence[str]) -> dict[str, list[str]]:
    """The keys grouped by section, in catalogue order."""
    grouped: dict[str, list[str]] = {}
    for key in keys:
        grouped.setdefault(section_slug(catalogue[key]), []).append(key)
    return grouped


def _has_value(row: pd.Series) -> bool:
    return bool(row.notna().any())


def _rank_text(rank: float) -> str:
    return "—" if math.isnan(rank) else str(int(rank))


def _year_rows(year: YearTable, catalogue: Mapping[str, Indicator], keys: list[str]) -> list[dict]:
    table = year.table
    counties = [c for c in table.index if c != CITY]
    rows = []
    for key in keys:
        if not _has_value(table[key]):
            continue  # no county and no city has a value: nothing to compare
        indicator = catalogue[key]
        city = table[key].get(CITY, math.nan) if CITY in table.index else None
        cells = []
        for county in counties:
            value, rank = float(table.at[county, key]), float(table.at[county, key + RANK])
            cells.append(
                {
                    "county": county,
                    "text": indicator.display(value),
                    "value": "" if math.isnan(value) else repr(value),
                    "rank": _rank_text(rank),
                    "rank_sort": "" if math.isnan(rank) else str(int(rank)),
                }
            )
        rows.append(
            {
                "key": key,
                "name": indicator.name,
                "unit": indicator.unit,
                "additive": indicator.additive,
                "city": None if city is None else indicator.display(float(city)),
                "cells": cells,
            }
        )
    return rows


def bar_chart_png(year: YearTable, catalogue: Mapping[str, Indicator]) -> bytes | None:
    """The headline indicators of ``year`` as horizontal bars by county, one PNG (None when
    none of them has a value)."""
    table = year.table.drop(index=CITY, errors="ignore")
    keys = [k for k in HEADLINE if k in table.columns and _has_value(table[k])]
    if not keys:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from ..plots.png import figure_png
    from ..plots.style import ensure_style

    ensure_style()
    columns = 2 if len(keys) > 1 else 1
    lines = math.ceil(len(keys) / columns)
    fig = Figure(figsize=(9, 0.32 * len(table) * lines + 1.2 * lines))
    for n, key in enumerate(keys):
        ax = fig.add_subplot(lines, columns, n + 1)
        values = table[key].fillna(0.0)[::-1]
        ax.barh(list(values.index), list(values.to_numpy()), color="#3b6e8f")
        indicator = catalogue[key]
        ax.set_title(f"{indicator.name}（{indicator.unit}）", fontsize=10)
        ax.tick_params(labelsize=9)
        for spine in ("top", "right"):
            ax.spines[spine].set_visible(False)
    fig.subplots_adjust(wspace=0.45, hspace=0.5)
    return figure_png(fig)


def render_year_page(
    year: YearTable,
    catalogue: Mapping[str, Indicator],
    *,
    place: str,
    years: Sequence[int],
    trends: Sequence[tuple[str, str]],
    chart: bytes | None = None,
) -> str:
    """``compare/<year>.html``: per section a sortable table of indicators × counties.

    ``place`` names the whole (XX市), ``years`` the years that have a page (for the links),
    ``trends`` (section, file name) each trend page, ``chart`` a PNG of :func:`bar_chart_png`.
    """
    keys = [k for k in year.table.columns if not str(k).endswith(RANK) and k in catalogue]
    groups = [
        {"title": section, "rows": rows}
        for section, members in sections(catalogue, keys).items()
        if (rows := _year_rows(year, catalogue, members))
    ]
    counties = [c for c in year.table.index if c != CITY]
    return (
        site_environment()
        .get_template("compare.html.j2")
        .render(
            title=f"{place}{year.label}各县区指标对比",
            label=year.label,
            year=year.year,
            counties=counties,
            has_city=CITY in year.table.index,
            city=CITY,
            groups=groups,
            years=[(y, year_name(y)) for y in years],
            trends=list(trends),
            chart=base64.b64encode(chart).decode("ascii") if chart else None,
            version=__version__,
        )
    )


def _sparkline(values: Sequence[float], low: float, high: float) -> str | None:
    """SVG polyline points of ``values`` in a 120 × 24 box (None: fewer than two values)."""
    known = [(i, v) for i, v in enumerate(values) if not math.isnan(v)]
    if len(known) < 2:
        return None
    span = (high - low) or 1.0
    step = 116 / max(len(values) - 1, 1)
    return " ".join(f"{2 + i * step:.1f},{22 - (v - low) / span * 20:.1f}" for i, v in known)


def _trend_block(key: str, frames: Sequence[YearTable], indicator: Indicator) -> dict | None:
    import pandas as pd

    wide = pd.DataFrame({f.year: f.table[key] for f in frames if key in f.table.columns})
    if wide.empty or not wide.notna().to_numpy().any():
        return None
    counties = wide.drop(index=CITY, errors="ignore")
    numbers = counties.to_numpy(dtype=float)
    known = numbers[~pd.isna(numbers)]
    low, high = (float(known.min()), float(known.max())) if known.size else (0.0, 1.0)
    rows = []
    for place in wide.index:
        values = [float(v) for v in wide.loc[place]]
        rows.append(
            {
                "place": place,
                "is_city": place == CITY,
                "texts": [indicator.display(v) for v in values],
                "line": None if place == CITY else _sparkline(values, low, high),
            }
        )
    return {"key": key, "name": indicator.name, "unit": indicator.unit, "rows": rows}


def render_trend_page(
    section: str,
    keys: Sequence[str],
    frames: Sequence[YearTable],
    catalogue: Mapping[str, Indicator],
    *,
    place: str,
    trends: Sequence[tuple[str, str]],
) -> str:
    """``compare/trend-N.html``: each indicator of ``section``, county × year, a line each."""
    blocks = [b for k in keys if (b := _trend_block(k, frames, catalogue[k])) is not None]
    return (
        site_environment()
        .get_template("trend.html.j2")
        .render(
            title=f"{place}{section}指标历年对比",
            section=section,
            columns=[f.label for f in frames],
            blocks=blocks,
            years=[(f.year, year_name(f.year)) for f in frames],
            trends=list(trends),
            version=__version__,
        )
    )
