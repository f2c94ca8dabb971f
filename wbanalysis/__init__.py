"""wbanalysis: the figures of a water-affairs bureau's work summary, computed from its ledgers.

>>> import wbanalysis as wb
>>> ds = wb.load()                      # the embedded demo ledgers
>>> ds.counties[:2]
['青山区', '河东县']
>>> scope = wb.Scope.of(ds, year=2023)  # the whole city, through the last month with data
>>> scope.period_label
'2023年1－10月'
>>> wb.compute_indicators(ds, scope)["funding.total"]
3209.0

The public names are imported on first use: ``import wbanalysis`` (and the command line, when
a build finds nothing to do) does not load pandas.
"""

from __future__ import annotations

import importlib

__version__ = "0.3.0"

__all__ = [
    "__version__",
    "CATALOGUE",
    "CITY",
    "LEDGERS",
    "Dataset",
    "DataError",
    "ParameterError",
    "Problem",
    "Scope",
    "WbAnalysisError",
    "compare",
    "compare_years",
    "compute_indicators",
    "default_data_dir",
    "explain",
    "for_county",
    "in_period",
    "indicator_table",
    "load",
    "validate",
]

_WHERE = {
    "CATALOGUE": ".indicators",
    "compute_indicators": ".indicators",
    "indicator_table": ".indicators",
    "explain": ".indicators.explain",
    "compare": ".indicators.compare",
    "compare_years": ".indicators.compare",
    "CITY": ".scope",
    "Scope": ".scope",
    "LEDGERS": ".schema",
    "Dataset": ".dataset",
    "for_county": ".dataset",
    "in_period": ".dataset",
    "DataError": ".errors",
    "ParameterError": ".errors",
    "Problem": ".errors",
    "WbAnalysisError": ".errors",
    "default_data_dir": ".io",
    # the ledgers with the bureau's 指标定义 checked against the built-in catalogue too
    "load": ".indicators.local",
    "validate": ".indicators.local",
}


#: Subpackages reachable as attributes without importing them first (``wb.plots.use_style()``).
_SUBPACKAGES = ("plots", "metrics", "indicators", "narrative", "reporting")


def __getattr__(name: str):
    if name in _SUBPACKAGES:
        return importlib.import_module(f".{name}", __name__)
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
