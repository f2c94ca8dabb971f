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
"""

from __future__ import annotations

__version__ = "0.2.0"

from .dataset import Dataset, for_county, in_period
from .errors import DataError, ParameterError, Problem, WbAnalysisError
from .indicators import CATALOGUE, compute_indicators, indicator_table
from .io import default_data_dir, load, validate
from .schema import LEDGERS
from .scope import CITY, Scope

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
    "compute_indicators",
    "default_data_dir",
    "for_county",
    "in_period",
    "indicator_table",
    "load",
    "validate",
]
