"""wbanalysis: the figures of a water-affairs bureau's work summary, computed from its ledgers.

>>> import wbanalysis as wb
>>> ds = wb.load()                      # the embedded demo ledgers
>>> ds.counties[:2]
['青山区', '河东县']
"""

from __future__ import annotations

__version__ = "0.1.0"

from .dataset import Dataset, for_county, in_period
from .errors import DataError, ParameterError, Problem, WbAnalysisError
from .io import default_data_dir, load, validate
from .schema import CITY, LEDGERS

__all__ = [
    "__version__",
    "CITY",
    "LEDGERS",
    "Dataset",
    "DataError",
    "ParameterError",
    "Problem",
    "WbAnalysisError",
    "default_data_dir",
    "for_county",
    "in_period",
    "load",
    "validate",
]
