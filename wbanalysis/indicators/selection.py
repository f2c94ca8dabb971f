"""Selecting each ledger once for one :class:`~wbanalysis.scope.Scope`.

Computing the catalogue selects each ledger once per call: a :class:`Selection` keeps, for
every ledger, only the rows any indicator of that scope can need (its county, and the months
up to the cut-off that matter), and shares intermediate results between indicators that derive
from the same table (the four funding levels, the three patrol levels…). The metric functions
are then called on those small tables with the same arguments they would get on the full ones
— selecting by county or period twice changes nothing — so the values are exactly those of the
metric functions on the full tables.

The tables derived from the monitoring data (:data:`wbanalysis.schema.DERIVED`, one row per
station, computed for the scope's period by ``Dataset.derived``) are selected by county alone.

A selection also records which ledgers each indicator reads (:meth:`Selection.recording`),
shared results included, so that an indicator whose ledger is missing has no value rather
than a zero.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Literal, TypeVar, cast

import numpy as np
import pandas as pd

from ..dataset import Dataset
from ..metrics._common import dates_by_cutoff, dates_in_period
from ..schema import DERIVED
from ..scope import Scope
from ..scope import Selection as ScopeSelection

__all__ = ["Selection"]

T = TypeVar("T")


# ledger -> (how its rows are placed in time, argument): the rows any indicator can need.
# Ledgers not listed are selected by county only; ``projects`` not even by county, because which
# projects are leaves must be decided on the whole table. An indicator that needs other rows
# must widen its ledger's window here: the tests compare every indicator with the naive way.
# (kind, argument), the argument's type set by the kind: ``months`` the earlier years also
# needed, ``dates`` the date column, ``dates_to_cutoff`` the date columns, else None.
_Window = (
    tuple[Literal["months"], int]
    | tuple[Literal["months_to_cutoff", "year"], None]
    | tuple[Literal["dates"], str]
    | tuple[Literal["dates_to_cutoff"], tuple[str, ...]]
)

_WINDOWS: dict[str, _Window] = {
    "funding": ("months", 0),
    "fixed_asset_investment": ("months", 1),  # and the same months of last year (YoY)
    "fees": ("months", 0),
    "patrols": ("months", 0),
    "rural_water_fees": ("months", 0),
    "eco_flow": ("months", 0),
    "project_progress": ("months_to_cutoff", None),  # cumulative completion
    "storage": ("year", None),
    "warnings": ("dates", "date"),
    "activities": ("dates", "date"),
    "inspections": ("dates", "date"),
    "soil_plans": ("dates", "approval_date"),
    "enforcement": ("dates", "date"),
    "loan_drawdowns": ("dates", "date"),
    "river_issues": ("dates_to_cutoff", ("found_date", "closed_date")),
    "hazards": ("dates_to_cutoff", ("found_date", "rectified_date")),
    "project_plans": ("year", None),
    "construction_investment": ("months", 1),  # and last year's (YoY)
    "work_quantities": ("months", 0),
    "flood_events": ("dates", "date"),
    "flood_preparedness": ("dates", "date"),
    "assessments": ("dates_to_cutoff", ("announced_date",)),  # earlier years: streaks
    "county_statistics": ("year", None),
}
_WHOLE = frozenset({"projects", "counties"})


class Selection:
    """The ledgers of one (year, county, through_month), each selected once, plus shared results.

    ``sel["patrols"]`` is the patrols table cut to the county and the period; ``sel.period``
    the keyword arguments every metric takes; ``sel.memo(key, fn)`` computes ``fn()`` once.

    Parameters
    ----------
    dataset : the ledgers.
    scope : the year, county and cut-off month (checked already, see :meth:`Scope.of`).
    fast : select and share (the default). ``fast=False`` hands the full tables to every
        indicator and shares nothing: the naive way, kept for benchmarks and tests.
    """

    def __init__(self, dataset: Dataset, scope: Scope, *, fast: bool = True) -> None:
        self.dataset = dataset
        self.scope = scope
        self.year = scope.year
        self.through_month = scope.through_month
        self.county = scope.county
        self.fast = fast
        self._tables: dict[str, pd.DataFrame] = {}
        self._memo: dict[str, object] = {}
        self._memo_reads: dict[str, frozenset[str]] = {}
        self._recording: list[set[str]] = []

    @property
    def period(self) -> ScopeSelection:
        """``year``, ``through_month`` and ``county`` as metric keyword arguments."""
        return self.scope.selection

    def __getitem__(self, name: str) -> pd.DataFrame:
        for reads in self._recording:
            reads.add(name)
        if not self.fast:
            return self.full(name) if name in DERIVED else self.dataset[name]
        if name not in self._tables:
            self._tables[name] = self._select(name)
        return self._tables[name]

    def full(self, name: str) -> pd.DataFrame:
        """The whole table of ledger ``name`` (every county and period), recorded as read:
        for the indicators a bureau defines, whose rows no window here can foresee."""
        for reads in self._recording:
            reads.add(name)
        if name in DERIVED:  # the stations' figures of this scope's period, every county
            return self.dataset.derived(name, self.year, self.through_month)
        return self.dataset[name]

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, computed once per selection (every time when ``fast`` is false)."""
        if not self.fast:
            return compute()
        return self.once(key, compute)

    def once(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, computed once per selection even when ``fast`` is false: the value
        of an indicator a bureau's ratios ask for (a part shared by many ratios is computed
        once, whatever the selection), its ledgers recorded as read each time it is asked."""
        if key not in self._memo:
            with self.recording() as reads:
                self._memo[key] = compute()
            self._memo_reads[key] = frozenset(reads)
        for reads in self._recording:
            reads |= self._memo_reads[key]
        return cast(T, self._memo[key])

    @contextmanager
    def recording(self) -> Iterator[set[str]]:
        """Collect the names of the ledgers read inside the ``with`` block (shared results
        computed earlier count with the ledgers they were computed from)."""
        reads: set[str] = set()
        self._recording.append(reads)
        try:
            yield reads
        finally:
            self._recording.pop()
            for outer in self._recording:
                outer |= reads

    def _select(self, name: str) -> pd.DataFrame:
        if name in DERIVED:  # computed for the scope's period already: only its county
            table = self.dataset.derived(name, self.year, self.through_month)
            return table if self.county is None else table[table["county"] == self.county]
        table = self.dataset[name]
        if name in _WHOLE:
            return table
        window = _WINDOWS.get(name)
        y, m = self.year, self.through_month
        if window is None:
            mask = None
        elif window[0] == "months" or window[0] == "months_to_cutoff":
            years = self.dataset.numbers(name, "year")
            months = self.dataset.numbers(name, "month")
            if window[0] == "months":
                mask = (years >= y - window[1]) & (years <= y) & (months <= m)
            else:  # as metrics._common.months_by_cutoff
                mask = (years < y) | ((years == y) & (months <= m))
        elif window[0] == "year":
            mask = self.dataset.numbers(name, "year") == y
        elif window[0] == "dates":
            mask = dates_in_period(table[window[1]], year=y, through_month=m)
        else:  # dates_to_cutoff
            mask = np.zeros(len(table), dtype=bool)
            for column in window[1]:
                mask |= dates_by_cutoff(table[column], year=y, through_month=m)
        if self.county is None:
            return table if mask is None else table[mask]
        # Compare the county (as integer codes) only on the rows of the period, then take the
        # rows once.
        codes, lookup = self.dataset.county_codes(name)
        wanted = lookup.get(self.county, -2)  # -1 codes a blank county
        if mask is None:
            return table.take(np.flatnonzero(codes == wanted))
        return table.take(np.flatnonzero(mask & (codes == wanted)))
