"""图表 (charts): the report style and chart functions drawing already-computed data.

Importing this package applies the report style (:func:`ensure_style`: a CJK font first,
unless the analyst already chose one), so that any matplotlib chart drawn afterwards — the
package's or the analyst's own — writes Chinese, not empty boxes. :func:`use_style` applies
it again (after ``plt.style.use(...)``, say).

>>> from wbanalysis import plots
>>> plots.use_style()
>>> plots.cjk_font_name() in plots.style.SYSTEM_CJK_FONTS
True
"""

from __future__ import annotations

from . import charts
from .charts import *  # noqa: F403 - every chart function, listed once in charts.__all__
from .style import COLORS, PALETTE, cjk_font_name, ensure_style, use_style

#: The style's names and every chart function (listed once, in ``charts.__all__``).
__all__ = ["COLORS", "PALETTE", "use_style", "ensure_style", "cjk_font_name", *charts.__all__]

ensure_style()  # Chinese in every chart drawn after ``import wbanalysis.plots``
