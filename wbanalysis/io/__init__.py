"""Ledgers → :class:`~wbanalysis.Dataset`: read, type, validate, cache.

- :mod:`.read` finds the ledgers in a folder or workbook and reads their cells;
- :mod:`.coerce` types the cells (numbers, dates, 是/否…);
- :mod:`.checks` validates the typed tables with pandera;
- :mod:`.cache` keeps validated tables between runs, in a folder the caller names.

Every problem is a :class:`~wbanalysis.errors.Problem` naming the file, sheet, Excel row,
header, value and what is allowed; :func:`load` raises them together as a
:class:`~wbanalysis.errors.DataError`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..dataset import Dataset
from ..errors import DataError, Problem
from ..resources import demo_data_dir
from ..schema import LEDGERS
from .cache import DatasetCache, source_signature
from .checks import sort_key, validate_frame
from .coerce import typed_frame
from .read import SPREADSHEET_SUFFIXES, read_ledgers

__all__ = ["load", "validate", "default_data_dir", "read_ledgers", "read_and_validate",
           "source_signature", "SPREADSHEET_SUFFIXES"]


def default_data_dir() -> Path:
    """The embedded demo ledgers."""
    return demo_data_dir()


def read_and_validate(source: str | Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read, type and validate every ledger; return the typed tables and all problems."""
    raws, problems = read_ledgers(source)
    typed: dict[str, pd.DataFrame] = {}
    bad_cells: dict[str, set[tuple[int, str]]] = {name: set() for name in raws}
    for name in LEDGERS:
        if name in raws:
            typed[name] = typed_frame(raws[name], problems, bad_cells[name])
    ref_values: dict[str, set] = {}
    for ledger in LEDGERS.values():
        for col in ledger.columns:
            if col.ref and col.ref not in ref_values:
                target, key = col.ref.split(".")
                table = typed.get(target)
                ref_values[col.ref] = (set(table[key].dropna()) if table is not None
                                       and key in table.columns else set())
    for name, frame in typed.items():
        validate_frame(raws[name], frame, ref_values, problems, bad_cells[name])
    problems.sort(key=sort_key)
    return typed, problems


def validate(data_dir: str | Path | None = None) -> list[Problem]:
    """Every problem in the ledgers of ``data_dir`` (the demo ledgers by default).

    Checks, for each ledger found: the header row can be found; every required column is
    present; every cell has the right kind of value (number, integer, date, 是/否); amounts and
    counts are not negative; months lie in 1–12; categorical values are among those allowed;
    IDs are unique; references name an existing record (a patrol's chief, a milestone's
    project, a record's county); files are readable spreadsheets and not empty.
    """
    _, problems = read_and_validate(data_dir if data_dir is not None else default_data_dir())
    return problems


def load(data_dir: str | Path | None = None, *, cache_dir: str | Path | None = None) -> Dataset:
    """Load and validate the ledgers of ``data_dir`` into a :class:`Dataset`.

    Parameters
    ----------
    data_dir : a folder of CSV/XLSX ledgers or one workbook (default: the demo ledgers).
    cache_dir : a folder of the caller's own where validated tables are kept between runs
        (optional; see :class:`.cache.DatasetCache`). A cached copy is used only while no
        ledger file has changed; the build passes its site's cache folder.

    Raises
    ------
    DataError
        listing every problem found, when any ledger is invalid.
    """
    source = Path(data_dir) if data_dir is not None else default_data_dir()
    cache = DatasetCache(cache_dir) if cache_dir is not None else None
    if cache is not None:
        tables = cache.get(source)
        if tables is not None:
            return Dataset(tables, source=str(source))
    typed, problems = read_and_validate(source)
    if problems:
        raise DataError(problems)
    if cache is not None:
        cache.put(source, typed)
    return Dataset(typed, source=str(source))
