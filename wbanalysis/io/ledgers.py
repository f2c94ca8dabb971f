"""Loading and validating the ledgers of a folder or workbook (see the package docstring)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..dataset import Dataset
from ..errors import NOTICE, DataError, Problem, condense
from ..schema import DEFINITIONS, LEDGERS, TABLES
from . import default_data_dir
from .cache import DatasetCache
from .checks import convert_row_units, sort_key, validate_frame
from .combine import combine
from .read import SPREADSHEET_SUFFIXES, TEXT_SUFFIXES, read_ledgers
from .signature import source_signature

__all__ = ["load", "validate", "default_data_dir", "read_ledgers", "read_and_validate",
           "source_signature", "SPREADSHEET_SUFFIXES", "TEXT_SUFFIXES", "missing_notice"]


def missing_notice(name: str) -> Problem:
    """The notice that ledger ``name`` was not found."""
    return Problem("", f"未找到《{LEDGERS[name].zh}》台账：相关指标将显示为“—”（无数据）",
                   level=NOTICE)


def _locator(table):
    """``locate(position, column)`` of the rows of one typed table: file, sheet, Excel row
    and the header as the analyst wrote it."""
    def locate(position: int, column: str) -> dict:
        part, row = table.where(position)
        header = part.headers.get(column) or table.ledger.column(column).zh
        return {"file": part.file, "sheet": part.sheet, "row": row, "column": header}
    return locate


def read_and_validate(source: str | Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read, type and validate every ledger; return the typed tables and all problems.

    The 指标定义 table, when there is one, is returned under ``DEFINITIONS.name`` and its rows
    checked against the ledgers' schema (:func:`~wbanalysis.indicators.custom.
    check_definitions`). The problems are the errors first, then the notices; a problem met on
    many rows is reported once (see :func:`~wbanalysis.errors.condense`).
    """
    raws, problems = read_ledgers(source)
    tables = {name: combine(raws[name], problems) for name in TABLES if raws.get(name)}
    ref_values: dict[str, set] = {}
    for ledger in LEDGERS.values():
        for col in ledger.columns:
            if col.ref and col.ref not in ref_values:
                target, key = col.ref.split(".")
                table = tables.get(target)
                ref_values[col.ref] = (set(table.frame[key].dropna()) if table is not None
                                       and key in table.frame.columns else set())
    for table in tables.values():
        convert_row_units(table, problems)
        validate_frame(table, ref_values, problems)
    definitions = tables.get(DEFINITIONS.name)
    if definitions is not None:
        from ..indicators.custom import check_definitions

        problems += check_definitions(definitions.frame, _locator(definitions))
    problems.sort(key=sort_key)
    if Path(source).exists():
        problems += [missing_notice(name) for name in LEDGERS if name not in tables]
    return {name: t.frame for name, t in tables.items()}, condense(problems)


def validate(data_dir: str | Path | None = None) -> list[Problem]:
    """Every problem in the ledgers of ``data_dir`` (the demo ledgers by default).

    Errors (``problem.is_error``) mean the ledgers cannot be used as they are: the header row
    cannot be found; a required column is missing or two headers name the same column; a cell
    has the wrong kind of value or a unit that disagrees with its column; amounts and counts
    are negative; months lie outside 1–12; categorical values are not among those allowed; IDs
    repeat; references name no existing record; a formula has no stored result; a file cannot
    be read. Notices say what was skipped or interpreted (合计 rows, signatures, hidden or empty
    sheets, merged cells filled down, ledgers not found) and leave the figures right.
    """
    _, problems = read_and_validate(data_dir if data_dir is not None else default_data_dir())
    return problems


def load(data_dir: str | Path | None = None, *, cache_dir: str | Path | None = None) -> Dataset:
    """Load and validate the ledgers of ``data_dir`` into a :class:`Dataset`.

    Parameters
    ----------
    data_dir : a folder of ledgers (CSV, text, .xlsx, .xls, .et) or one workbook (default: the
        demo ledgers).
    cache_dir : a folder of the caller's own where validated tables are kept between runs
        (optional; see :class:`.cache.DatasetCache`). A cached copy is used only while no
        ledger file has changed; the build passes its site's cache folder.

    Raises
    ------
    DataError
        listing every error found (and the notices), when any ledger is invalid. The notices
        of valid ledgers are in the result's :attr:`~wbanalysis.Dataset.notices`.
    """
    source = Path(data_dir) if data_dir is not None else default_data_dir()
    from ..indicators.custom import compile_definitions

    cache = DatasetCache(cache_dir) if cache_dir is not None else None
    if cache is not None:
        cached = cache.get(source)
        if cached is not None:
            tables, notices = cached
            definitions = compile_definitions(tables.pop(DEFINITIONS.name, None))
            return Dataset(tables, source=str(source), notices=notices,
                           definitions=definitions)
    typed, problems = read_and_validate(source)
    if any(p.is_error for p in problems):
        raise DataError(problems)
    if cache is not None:
        cache.put(source, typed, problems)
    tables = dict(typed)
    definitions = compile_definitions(tables.pop(DEFINITIONS.name, None))
    return Dataset(tables, source=str(source), notices=problems, definitions=definitions)
