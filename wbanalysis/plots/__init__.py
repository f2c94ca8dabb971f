"""图表 (charts): the report style and chart functions drawing already-computed data.

>>> from wbanalysis import plots
>>> plots.use_style()
>>> plots.cjk_font_name() in plots.style.SYSTEM_CJK_FONTS
True
"""

from __future__ import annotations

from .charts import (
    bar_by_category,
    gantt,
    monthly_with_yoy,
    pie_or_donut,
    rate_bars,
    stacked_by_level,
    target_vs_actual,
    trend_line,
)
from .style import COLORS, PALETTE, cjk_font_name, ensure_style, use_style

__all__ = [
    "COLORS",
    "PALETTE",
    "use_style",
    "ensure_style",
    "cjk_font_name",
    "bar_by_category",
    "monthly_with_yoy",
    "target_vs_actual",
    "stacked_by_level",
    "rate_bars",
    "trend_line",
    "gantt",
    "pie_or_donut",
]
