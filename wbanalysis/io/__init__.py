"""Ledgers → :class:`~wbanalysis.Dataset`: read, type, validate, cache.

- :mod:`.read` finds the ledgers in a folder or workbook (:mod:`.workbook`, :mod:`.textfile`)
  and reads their header blocks (:mod:`.header`) and records (:mod:`.rows`);
- :mod:`.coerce` types the cells (numbers, dates, 是/否…); :mod:`.parts` types and checks
  each file's ledgers row by row on their own (:mod:`.combine`: a sheet named by a year);
- :mod:`.validation` validates the typed tables with pandera: row by row per file, then IDs and
  references across files, on the key columns;
- :mod:`.cache` keeps each file's result and the validated tables between runs, in a folder
  the caller names; :mod:`.signature` tells, without reading a file, whether any changed;
- :mod:`.ledgers` puts them together: :func:`load`, :func:`validate`.

Every problem is a :class:`~wbanalysis.errors.Problem` naming the file, sheet, Excel row,
header, value and what is allowed. Errors make :func:`load` raise a
:class:`~wbanalysis.errors.DataError`; notices (what was skipped or interpreted, a ledger not
found) do not, and are kept in :attr:`Dataset.notices`.

The names below are imported on first use, so that ``wbanalysis.io.signature`` — all a
build that has nothing to do needs — does not load pandas.
"""

from __future__ import annotations

import importlib

__all__ = [
    "load",
    "validate",
    "default_data_dir",
    "read_ledgers",
    "read_and_validate",
    "source_signature",
    "SPREADSHEET_SUFFIXES",
    "TEXT_SUFFIXES",
    "missing_notice",
]


def default_data_dir():
    """The embedded demo ledgers (a folder of CSV files)."""
    from ..shipped import demo_data_dir

    return demo_data_dir()


_WHERE = {
    "source_signature": ".signature",
    "read_ledgers": ".read",
    "SPREADSHEET_SUFFIXES": ".read",
    "TEXT_SUFFIXES": ".read",
}


def __getattr__(name: str):
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE.get(name, ".ledgers"), __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
