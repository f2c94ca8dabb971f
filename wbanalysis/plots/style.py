"""图表样式 (chart style): the CJK font and every rcParams setting of the reports' charts.

This is the only module that touches :data:`matplotlib.rcParams`. :func:`use_style` picks a
font able to draw Chinese — a system CJK font when one is installed, otherwise the OFL-licensed
``NotoSansCJKsc-Regular.otf`` shipped inside the PyPI package ``mplfonts`` — and sets sizes for
charts shown about 900 px wide in the HTML report. No network access is needed.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

__all__ = ["PALETTE", "COLORS", "SYSTEM_CJK_FONTS", "use_style", "ensure_style", "cjk_font_name"]

#: Calm categorical palette (steel blue, sage, sand, mauve, sky, olive, grey).
PALETTE: tuple[str, ...] = (
    "#3B6E8F",
    "#6A9A7B",
    "#D9A55B",
    "#9C7BA0",
    "#7FA7C9",
    "#B3B07A",
    "#8C8C8C",
)

#: Named colours with a meaning in every chart.
COLORS: dict[str, str] = {
    "main": "#3B6E8F",  # this year, actual
    "muted": "#A9BCCB",  # last year, target, planned
    "good": "#6A9A7B",  # done on time, target met
    "warning": "#C8553D",  # shortfall, late
    "open": "#D9A55B",  # not finished yet
    "line": "#4A4A4A",  # reference lines, text
    "grid": "#E3E3E3",
}

#: Family names of system CJK fonts, in order of preference.
SYSTEM_CJK_FONTS: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)

_BUNDLED_FILE = "NotoSansCJKsc-Regular.otf"


def _bundled_font_path() -> Path:
    """Path of the OFL font ``NotoSansCJKsc-Regular.otf`` shipped in the ``mplfonts`` package.

    The package is located without importing it (its import has side effects we do not need).

    Raises
    ------
    FileNotFoundError
        When ``mplfonts`` is not installed or lacks the font file.
    """
    spec = importlib.util.find_spec("mplfonts")
    roots = list(spec.submodule_search_locations or []) if spec else []
    for root in roots:
        candidate = Path(root) / "fonts" / _BUNDLED_FILE
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"未找到中文字体 {_BUNDLED_FILE}：请安装 PyPI 包 mplfonts（pip install mplfonts），"
        "或在系统中安装 Noto Sans CJK SC（Debian/Ubuntu：apt-get install fonts-noto-cjk）。"
    )


def _system_cjk_font() -> str | None:
    """Family name of the first installed system CJK font, or ``None``."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in SYSTEM_CJK_FONTS if name in installed), None)


def _register_bundled_font() -> str:
    """Register the bundled Noto font with matplotlib and return its family name."""
    path = _bundled_font_path()
    if not any(Path(f.fname) == path for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def _has_bold(family: str) -> bool:
    """True when a bold face of ``family`` is registered (the bundled font is regular only)."""

    def weight(entry) -> int:
        w = entry.weight
        return w if isinstance(w, int) else font_manager.weight_dict.get(str(w), 400)

    return any(f.name == family and weight(f) >= 600 for f in font_manager.fontManager.ttflist)


def cjk_font_name(*, prefer_system: bool = True) -> str:
    """中文字体 (the CJK font the charts use): its family name.

    Parameters
    ----------
    prefer_system : when True, an installed system font from :data:`SYSTEM_CJK_FONTS` wins;
        otherwise (or when none is installed) the bundled Noto Sans CJK SC file is registered.

    Examples
    --------
    >>> cjk_font_name(prefer_system=False)
    'Noto Sans CJK SC'
    """
    if prefer_system:
        system = _system_cjk_font()
        if system is not None:
            return system
    return _register_bundled_font()


def use_style(*, prefer_system: bool = True) -> None:
    """Apply the report chart style (:func:`cjk_font_name` tells which CJK font it chose).

    Sets a sans-serif font family with the CJK font first, the ASCII hyphen-minus for negative
    numbers (``axes.unicode_minus = False``: several CJK fonts lack U+2212), no mathtext
    (``text.parse_math = False``: ``$`` in a ledger name is text), quiet grids, the
    palette, and a figure size / dpi giving PNGs about 800–900 px wide and 20–50 KB each, so
    that a report with ten charts stays well below 1.5 MB (≈ 0.4–0.6 MB measured).

    Parameters
    ----------
    prefer_system : see :func:`cjk_font_name`.
    """
    font = cjk_font_name(prefer_system=prefer_system)
    mpl.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [font, "DejaVu Sans"],
            "axes.unicode_minus": False,
            # Ledger text is never TeX: a reservoir named 白沙$\x$ is drawn as written, and a
            # stray $ cannot make a chart fail (matplotlib reads $…$ as mathtext otherwise).
            "text.parse_math": False,
            "figure.figsize": (9.0, 4.8),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "savefig.bbox": "tight",
            "figure.facecolor": "white",
            "font.size": 11,
            "axes.titlesize": 14,
            "axes.titleweight": "bold" if _has_bold(font) else "normal",
            "axes.titlepad": 12,
            "axes.labelsize": 11,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "legend.fontsize": 10,
            "legend.frameon": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.edgecolor": "#9A9A9A",
            "axes.grid": True,
            "axes.grid.axis": "y",
            "axes.axisbelow": True,
            "grid.color": COLORS["grid"],
            "grid.linewidth": 0.8,
            "axes.prop_cycle": mpl.cycler(color=list(PALETTE)),  # type: ignore[attr-defined]
            "text.color": COLORS["line"],
            "axes.labelcolor": COLORS["line"],
            "xtick.color": COLORS["line"],
            "ytick.color": COLORS["line"],
        }
    )


def _cjk_ready() -> bool:
    """True when rcParams already put a CJK-capable sans-serif font first."""
    rc = mpl.rcParams
    known = set(SYSTEM_CJK_FONTS)
    return (
        list(rc["font.family"])[:1] == ["sans-serif"]
        and bool(rc["font.sans-serif"])
        and rc["font.sans-serif"][0] in known
    )


def ensure_style() -> str:
    """Apply :func:`use_style` unless a CJK font is already first; return the font family.

    The chart functions call this so that Chinese never renders as boxes even when the
    analyst forgot :func:`use_style`; a CJK font chosen by the analyst is kept.
    """
    if not _cjk_ready():
        use_style()
    return mpl.rcParams["font.sans-serif"][0]
