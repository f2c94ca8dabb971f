"""Kernel-side support for reused kernels: warm start and a clean slate between reports.

The build starts a few kernels ahead of need and imports pandas, matplotlib and wbanalysis in
them once (:func:`warmup_code`). Before each report it runs :data:`RESET`, which calls
:func:`restore`: the user namespace is emptied (``%reset``), figures are closed, and the global
state a notebook may change — matplotlib rcParams, pandas options, numpy's global random state,
warnings filters, the working directory, ``sys.path`` and environment variables — is put back
as it was right after warm-up. No state of one report is visible to the next.

This module runs inside the kernel; it is imported by the build only as text.
"""

from __future__ import annotations

import copy
import gc
import os
import sys
import warnings

__all__ = ["snapshot", "restore", "warmup_code", "RESET"]

_STATE: dict = {}


def snapshot() -> None:
    """Remember the kernel's global state right after warm-up."""
    import matplotlib as mpl
    import numpy as np

    _STATE.update(
        rc=copy.deepcopy(dict(mpl.rcParams)),
        cwd=os.getcwd(),
        path=list(sys.path),
        environ=dict(os.environ),
        filters=list(warnings.filters),
        random=np.random.get_state(),
    )
    # What warm-up created lives as long as the kernel: move it out of the collector's way,
    # so that the full collections of each reset (and of each report) walk only the
    # report's own objects (70 ms → 4 ms a reset).
    gc.collect()
    gc.freeze()


def restore() -> None:
    """Put the kernel back in its warm-up state (see the module docstring)."""
    import matplotlib as mpl
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd

    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # pragma: no cover - always inside IPython in a kernel
        shell = None
    if shell is not None:
        shell.reset(new_session=True)
    from wbanalysis import reporting

    reporting._guard.clear()
    plt.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mpl.rcParams.clear()
        mpl.rcParams.update(_STATE["rc"])
    pd.reset_option("all", silent=True) if _pandas_reset_takes_silent() else _reset_pandas(pd)
    np.random.set_state(_STATE["random"])
    warnings.filters[:] = _STATE["filters"]  # type: ignore[index]  # a list at run time
    os.chdir(_STATE["cwd"])
    sys.path[:] = _STATE["path"]
    for key in set(os.environ) - set(_STATE["environ"]):
        del os.environ[key]
    os.environ.update(_STATE["environ"])
    if not _STATE.get("settled"):
        # What the first report left for good — modules imported on first use (pandera,
        # pyarrow…), the ledgers' cache — is moved out of the collector's way too: the full
        # collection of every later reset (IPython's) walks a report's objects only
        # (115 ms → ≈ 10 ms a reset). Its garbage is collected first.
        gc.collect()
        gc.freeze()
        _STATE["settled"] = True


def _pandas_reset_takes_silent() -> bool:
    import inspect

    import pandas as pd

    return "silent" in inspect.signature(pd.reset_option).parameters


def _reset_pandas(pd) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pd.reset_option("all")


def warmup_code(cache_dir: str | None = None) -> str:
    """Code run once when a kernel starts: the imports every report needs, a chart drawn once
    in the CJK font (so that the first report does not pay for loading the font and the
    renderer), the ledger cache folder the build chose (:func:`wbanalysis.reporting.use_cache`),
    then a snapshot."""
    return f"""
import warnings as _w
_w.filterwarnings("ignore", category=DeprecationWarning)
import numpy, pandas, matplotlib, scipy.stats
import matplotlib.pyplot as _plt
import wbanalysis, wbanalysis.reporting, wbanalysis.metrics, wbanalysis.narrative
import wbanalysis.plots, wbanalysis.plots.png, wbanalysis.blocks, wbanalysis.render.html
wbanalysis.plots.use_style()
_fig, _ax = _plt.subplots()
_ax.set_title("水务局工作总结 0123456789")
_ax.bar(["甲", "乙"], [1, 2])
wbanalysis.plots.png.figure_png(_fig)
_plt.close(_fig)
wbanalysis.reporting.use_cache({cache_dir!r})
from wbanalysis.pipeline import kernel as _wb_kernel
_wb_kernel.snapshot()
del _w, _plt, _fig, _ax, _wb_kernel
"""


#: Executed before each report on a reused kernel.
RESET = "__import__('wbanalysis.pipeline.kernel', fromlist=['restore']).restore()"
