"""``import wbanalysis.plots`` gives Chinese in any matplotlib chart (issue #23 item 6).

Run in a new interpreter (this session's rcParams are the report style already): a chart with
a Chinese title is drawn and matplotlib's font manager asked which file the title's font
properties resolve to.
"""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT

DRAW = """
import matplotlib
matplotlib.use("Agg")
{imports}
import matplotlib.pyplot as plt
from matplotlib import font_manager
fig, ax = plt.subplots()
title = ax.set_title("各县争取资金")
fig.canvas.draw()
path = font_manager.findfont(title.get_fontproperties(), fallback_to_default=False)
print(font_manager.FontProperties(fname=path).get_name())
"""


def _font(imports: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", DRAW.format(imports=imports)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def test_a_chart_after_importing_plots_uses_a_cjk_font():
    from wbanalysis.plots.style import SYSTEM_CJK_FONTS

    assert _font("") == "DejaVu Sans"  # matplotlib alone: no Chinese glyphs
    assert _font("import wbanalysis.plots") in SYSTEM_CJK_FONTS
    assert _font("import wbanalysis as wb\nwb.plots.use_style()") in SYSTEM_CJK_FONTS
