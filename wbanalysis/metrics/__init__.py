"""指标计算 (metrics): one module per domain of the work summary.

Pure functions: ledger tables (as a :class:`~wbanalysis.Dataset` provides them) in, a number, a
Series or a DataFrame out; options are keyword-only. Every public name of the domain modules
is re-exported here.
"""

from __future__ import annotations

from . import (
    assessments,
    construction,
    disasters,
    flood,
    funding,
    investment,
    notes,
    party,
    plans,
    portfolio,
    projects,
    quantities,
    resources,
    rivers,
    safety,
    storage,
    supply,
    trends,
)

#: The domain modules; each one's ``__all__`` is re-exported here (written once, there).
MODULES = (
    assessments,
    construction,
    disasters,
    flood,
    funding,
    investment,
    notes,
    party,
    plans,
    portfolio,
    projects,
    quantities,
    resources,
    rivers,
    safety,
    storage,
    supply,
    trends,
)

for _module in MODULES:
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)

__all__ = [name for module in MODULES for name in module.__all__]

del _module, _name
