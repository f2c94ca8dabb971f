"""文字尺寸缓存 (text sizes): each text of the charts measured once per process, not per picture.

matplotlib keeps the size of a laid-out text per *renderer*
(``matplotlib.text._get_text_metrics_with_cache``), and every picture brings new renderers:
:func:`wbanalysis.plots.png.figure_png` measures the tight box on one and draws the trimmed
picture on another, and the next chart — or the next report in a reused kernel — has its own.
So the same tick labels, titles and legend entries went through FreeType again and again
(about a tenth of a report's time).

With the Agg renderer a plain text's size depends only on the text, its font properties, the
font files they resolve to, the renderer's dpi and the hinting, kerning and fallback settings
(``RendererAgg.get_text_width_height_descent``); :func:`install` keys a process-wide cache on
exactly those and asks the renderer once for each. Math text, TeX, other renderers, and a
matplotlib without the hooks this relies on go to matplotlib's own per-renderer cache.
``tests/test_chart_png.py`` checks that every chart of the reports has the same pixels with
and without it.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.text as mtext
from matplotlib import font_manager
from matplotlib.backends.backend_agg import RendererAgg

__all__ = ["install", "uninstall", "installed"]

#: The settings besides the font files and dpi that a text's size depends on under Agg (those
#: this matplotlib has).
_SETTINGS = tuple(
    key
    for key in (
        "text.hinting",
        "text.hinting_factor",
        "text.kerning_factor",
        "text._kerning_factor",
        "font.enable_last_resort",
        "text.language",
    )
    if key in mpl.rcParams
)
_LIMIT = 50_000  # entries; a report has a few hundred distinct texts

_ORIGINAL = getattr(mtext, "_get_text_metrics_with_cache", None)
_SIZES: dict[tuple, tuple[float, float, float]] = {}


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def _font_files(fontprop) -> tuple | None:
    """The font files ``fontprop`` resolves to now (rcParams and registered fonts decide)."""
    find = getattr(font_manager.fontManager, "_find_fonts_by_props", None)
    return None if find is None else tuple(find(fontprop))


def _sized(renderer, text, fontprop, ismath, dpi):
    if ismath is not False or type(renderer) is not RendererAgg:
        return _ORIGINAL(renderer, text, fontprop, ismath, dpi)
    files = _font_files(fontprop)
    if files is None:
        return _ORIGINAL(renderer, text, fontprop, ismath, dpi)
    prop = fontprop.copy()  # FontProperties is mutable; its hash follows its state
    key = (text, prop, renderer.dpi, files, *(_hashable(mpl.rcParams[name]) for name in _SETTINGS))
    size = _SIZES.get(key)
    if size is None:
        if len(_SIZES) >= _LIMIT:
            _SIZES.clear()
        size = _SIZES[key] = renderer.get_text_width_height_descent(text, prop, ismath)
    return size


def install() -> None:
    """Measure each distinct text once per process (idempotent; a no-op when this matplotlib
    lacks the function it replaces)."""
    if _ORIGINAL is not None:
        mtext._get_text_metrics_with_cache = _sized  # type: ignore[attr-defined]


def uninstall() -> None:
    """Give matplotlib its own per-renderer cache back (the sizes measured stay valid and are
    kept for the next :func:`install`)."""
    if _ORIGINAL is not None:
        mtext._get_text_metrics_with_cache = _ORIGINAL  # type: ignore[attr-defined]


def installed() -> bool:
    """True when :func:`install` is in effect."""
    return getattr(mtext, "_get_text_metrics_with_cache", None) is _sized
