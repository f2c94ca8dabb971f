"""图片输出 (chart pictures): a figure as PNG bytes, laid out once.

``fig.savefig(…, bbox_inches="tight")`` walks the whole figure twice: a first draw with
painting switched off, only to find where every tick, label and legend falls, then the real
draw of the trimmed picture. The tight box can be measured without that first walk —
:meth:`~matplotlib.figure.Figure.get_tightbbox` lays out the texts it needs itself — and
handed to ``savefig`` as an explicit box, which then draws once. Same picture, pixel for pixel
(``tests/test_chart_png.py`` compares every chart of the reports), about a third less time.
Each distinct text is measured once per process (:mod:`wbanalysis.plots.textsize`).
"""

from __future__ import annotations

import io

import matplotlib as mpl

from . import textsize

__all__ = ["figure_png"]

#: zlib level 1 instead of PIL's 6: a chart's flat colours compress about as well (≈ 2 %
#: larger) in two thirds of the time; the pixels are the same.
_FAST_DEFLATE = {"compress_level": 1}


def figure_png(fig) -> bytes:
    """The figure as a PNG trimmed to what it holds plus ``savefig.pad_inches`` (what
    ``savefig.bbox: tight`` gives), drawn once.

    A figure with a layout engine (tight or constrained layout), whose positions are only
    known after a draw, is saved the usual way.
    """
    textsize.install()
    buffer = io.BytesIO()
    if fig.get_layout_engine() is not None:
        fig.savefig(buffer, format="png", bbox_inches="tight", pil_kwargs=dict(_FAST_DEFLATE))
        return buffer.getvalue()
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    box = fig.get_tightbbox(renderer).padded(mpl.rcParams["savefig.pad_inches"])
    fig.savefig(buffer, format="png", bbox_inches=box, pil_kwargs=dict(_FAST_DEFLATE))
    return buffer.getvalue()
