"""Loading and validating the ledgers of a folder or workbook (see the package docstring)."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable, Collection
from pathlib import Path

import pandas as pd

from ..dataset import Dataset, LazyTables
from ..errors import NOTICE, DataError, Problem, ReadError, WbAnalysisError, condense
from ..schema import DEFINITIONS, LEDGERS, TABLES
from . import default_data_dir
from .cache import DatasetCache, FileCache, Reading, file_key
from .citations import check_citations
from .definitions import Definition, check_definitions, parse_definitions
from .parts import Part, check_part, stack, stacked
from .projects import check_projects
from .read import (
    SPREADSHEET_SUFFIXES,
    TEXT_SUFFIXES,
    Collector,
    read_file,
    read_ledgers,
    screen,
    source_files,
    special_ledgers,
)
from .signature import ATTEMPTS, folder_state, snapshot, source_signature
from .validation import sort_key, validate_frame

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


def missing_notice(name: str) -> Problem:
    """The notice that ledger ``name`` was not found."""
    return Problem(
        "", f"未找到《{LEDGERS[name].zh}》台账：相关指标将显示为“—”（无数据）", level=NOTICE
    )


def _locator(table):
    """``locate(position, column)`` of the rows of one typed table: file, sheet, Excel row
    and the header as the analyst wrote it."""

    def locate(position: int, column: str) -> dict:
        part, row = table.where(position)
        header = part.headers.get(column) or table.ledger.column(column).zh
        return {"file": part.file, "sheet": part.sheet, "row": row, "column": header}

    return locate


def origins_of(by_ledger: dict[str, list[Part]]) -> dict[str, pd.DataFrame]:
    """Where each row of each stacked ledger was read (:meth:`wbanalysis.Dataset.origins`):
    ``file``, ``sheet`` and the Excel ``row`` of each position, in the order :func:`.parts.stack`
    puts the parts' rows."""
    out = {}
    for name, parts in by_ledger.items():
        if name == DEFINITIONS.name:
            continue
        files = [p.file for p in parts for _ in range(len(p))]
        sheets = [p.sheet or "" for p in parts for _ in range(len(p))]
        rows = [int(r) for p in parts for r in p.rows]
        out[name] = pd.DataFrame({"file": files, "sheet": sheets, "row": rows})
    return out


def _origins_later(source: Path, cache_dir: str | Path, reserved: Collection[str] | None):
    """The origins of a cached folder's rows, when first asked: stored beside its tables, or
    else read from the files' cache entries (the rows of an unchanged file are those
    stored)."""

    def read() -> dict[str, pd.DataFrame]:
        kept = DatasetCache(cache_dir).origins(source)  # stored beside the tables
        if kept is not None:
            return kept
        by_ledger, _, _ = _check_across(source, FileCache(cache_dir), reserved)
        return origins_of(by_ledger)

    return read


def _read_parts(source: Path, files: FileCache | None):
    """Every file of ``source`` read (or taken from its cache entry): the problems of each file
    and its parts, in file order, and the :class:`~.cache.Reading` they come from.

    The folder is read again when a file changed while the files were read (its signature
    before and after differ), at most :data:`~.signature.ATTEMPTS` times."""
    for _ in range(ATTEMPTS):
        signature, settled = folder_state(source)
        problems, out, digests, fresh = _read_once(source, files)
        if folder_state(source)[0] == signature:
            return problems, out, Reading(signature, digests, settled and fresh)
    raise WbAnalysisError(
        f"台账文件在读取过程中不断被修改（可能正在保存）：{source}；请保存并关闭台账后重新运行"
    )


def _read_once(source: Path, files: FileCache | None):
    listed, problems = source_files(source)
    out: list[tuple[list[Problem], list[Part]]] = []
    keys = set()
    digests: dict[str, str | None] = {}
    settled = True
    for path, display in listed:
        screened = screen(path, display)
        digests[display] = None
        if screened is not None:
            out.append((screened, []))
            continue
        try:
            snap = snapshot(path)
        except ReadError as exc:
            out.append(([Problem(display, exc.message, allowed=exc.allowed)], []))
            continue
        digests[display], settled = snap.digest, settled and snap.settled
        cached = files.get(display, snap.digest) if files is not None else None
        if cached is None:
            raws, met = read_file(path, display, snap.data)
            parts = [check_part(raw) for raw in raws]
            if files is not None:
                files.put(display, snap.digest, met, parts)
        else:
            met, parts = cached
        if files is not None:
            keys.add(file_key(display, snap.digest))
        for k, part in enumerate(parts):
            part.reread = lambda path=path, display=display, k=k, digest=snap.digest: _reread(
                path, display, k, digest
            )
            part.release()  # the cells as written are read again if a message needs them
        out.append((met, parts))
    if files is not None and source.exists():
        files.keep_only(keys)
    return problems, out, digests, settled


def _reread(path: Path, display: str, k: int, digest: str):
    """Part ``k`` of the file as it was read (its bytes must be those read: else the file
    changed since, and the run stops)."""
    try:
        snap = snapshot(path)
    except ReadError:
        snap = None
    if snap is None or snap.digest != digest:
        raise WbAnalysisError(
            f"台账文件 {display} 在读取过程中被修改：已读取的内容与现在的不是同一版本，请重新运行"
        )
    raws, _ = read_file(path, display, snap.data)
    return raws[k] if k < len(raws) else None


def _check_across(
    source: Path, files: FileCache | None, reserved: Collection[str] | None = None
) -> tuple[dict[str, list[Part]], list[Problem], Reading]:
    problems, read, reading = _read_parts(source, files)
    collect: Collector[Part] = Collector(problems)
    for met, parts in read:
        problems.extend(met)
        for part in parts:
            collect.add(part)
    by_ledger: dict[str, list[Part]] = {
        name: collect.raws[name] for name in TABLES if collect.raws.get(name)
    }
    for parts in by_ledger.values():
        several = len(parts) > 1
        for part in parts:
            own = list(part.problems)
            if several and part.year_label is not None and part.year_bad:
                dropped = {k for k, p, c in part.checked if (p, c) in part.year_bad}
                own = [q for k, q in enumerate(own) if k not in dropped]
                at = part.typed
                own[at:at] = part.year_problems
                part.bad |= part.year_bad
            elif several and part.year_label is not None:
                own[part.typed : part.typed] = part.year_problems
            problems.extend(own)
    ref_values: dict[str, set] = {}
    for ledger in LEDGERS.values():
        for col in ledger.columns:
            if col.ref and col.ref not in ref_values:
                target, key = col.ref.split(".")
                parts = by_ledger.get(target, [])
                ref_values[col.ref] = (
                    set(stack(TABLES[target], parts, [key])[key].dropna())
                    if any(key in p.columns for p in parts)
                    else set()
                )
    for name, parts in by_ledger.items():
        ledger = TABLES[name]
        keys = [
            c.name
            for c in ledger.columns
            if (c.unique or c.ref) and any(c.name in p.columns for p in parts)
        ]
        if keys:
            validate_frame(stacked(ledger, parts, keys), ref_values, problems, scope="across")
    problems += check_projects(by_ledger)
    if DEFINITIONS.name in by_ledger:
        parts = by_ledger[DEFINITIONS.name]
        table = stacked(DEFINITIONS, parts, None)
        problems += check_definitions(table.frame, _locator(table), reserved)
    if by_ledger.get("work_notes"):
        notes = stacked(TABLES["work_notes"], by_ledger["work_notes"], ["text", "title"])
        problems += check_citations(notes.frame, _locator(notes), _known_keys(by_ledger, reserved))
    problems.sort(key=sort_key)
    if source.exists():
        told = collect.empty | special_ledgers(problems)  # those were told already
        problems += [
            missing_notice(name) for name in LEDGERS if name not in by_ledger and name not in told
        ]
    return by_ledger, condense(problems), reading


def _known_keys(
    by_ledger: dict[str, list[Part]], reserved: Collection[str] | None
) -> set[str] | None:
    """The keys a 文字材料 text may cite: the built-in catalogue's (``reserved``) and the
    指标定义's; ``None`` when the built-in keys were not given (only the braces are checked)."""
    if reserved is None:
        return None
    keys = set(reserved)
    if by_ledger.get(DEFINITIONS.name):
        frame = stack(DEFINITIONS, by_ledger[DEFINITIONS.name], ["key"])
        if "key" in frame.columns:
            keys |= {unicodedata.normalize("NFKC", str(k)).strip() for k in frame["key"].dropna()}
    return keys


def read_and_validate(
    source: str | Path, reserved: Collection[str] | None = None
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read, type and validate every ledger; return the typed tables and all problems.

    Each file is read, typed and checked row by row on its own (:func:`.parts.check_part`);
    then what needs several files: a ledger found twice, IDs unique across a ledger,
    references to other ledgers, the project ledgers against each other
    (:func:`~wbanalysis.io.projects.check_projects`). The 指标定义 table, when there is one, is returned under
    ``DEFINITIONS.name`` and its rows checked against the ledgers' schema
    (:func:`~wbanalysis.io.definitions.check_definitions`) and, given the built-in catalogue's
    keys as ``reserved``, against them. The problems are the errors first, then the notices; a
    problem met on many rows is reported once (see :func:`~wbanalysis.errors.condense`).
    """
    by_ledger, problems, _ = _check_across(Path(source), None, reserved)
    return {name: stack(TABLES[name], parts) for name, parts in by_ledger.items()}, problems


def validate(
    data_dir: str | Path | None = None,
    *,
    cache_dir: str | Path | None = None,
    reserved: Collection[str] | None = None,
) -> list[Problem]:
    """Every problem in the ledgers of ``data_dir`` (the demo ledgers by default).

    Errors (``problem.is_error``) mean the ledgers cannot be used as they are: the header row
    cannot be found; a required column is missing or two headers name the same column; a cell
    has the wrong kind of value or a unit that disagrees with its column; amounts and counts
    are negative; months lie outside 1–12; categorical values are not among those allowed; IDs
    repeat; references name no existing record; a formula has no stored result; a file cannot
    be read. Notices say what was skipped or interpreted (合计 rows, signatures, hidden or empty
    sheets, merged cells filled down, ledgers not found) and leave the figures right.

    With ``cache_dir`` (see :func:`load`), a file unchanged since the last run is not read
    again, and valid ledgers are kept for the next :func:`load`.

    ``reserved``: the built-in catalogue's keys, which the 指标定义 rows may name as a ratio's
    part but not take as their own key (:mod:`wbanalysis.indicators` lies above this package:
    :func:`wbanalysis.indicators.local.validate` passes them). Without them those two checks
    are made when the definitions are compiled.
    """
    source = Path(data_dir) if data_dir is not None else default_data_dir()
    if cache_dir is None:
        return read_and_validate(source, reserved)[1]
    return _validated(source, cache_dir, reserved)[1]


def _validated(source: Path, cache_dir: str | Path, reserved: Collection[str] | None = None):
    """Validate through the cache; store the folder's tables when valid. Returns the
    folder entry's contents (``None`` if invalid or not stored) and the problems."""
    by_ledger, problems, reading = _check_across(source, FileCache(cache_dir), reserved)
    if any(p.is_error for p in problems):
        return None, problems, by_ledger
    cache = DatasetCache(cache_dir)
    tables: dict[str, Path | Callable[..., pd.DataFrame]] = {}  # the stored file, or the rows
    for name, parts in by_ledger.items():
        if len(parts) == 1 and parts[0].stored is not None and parts[0].stored.is_file():
            tables[name] = parts[0].stored
        else:
            tables[name] = lambda name=name, parts=parts: stack(TABLES[name], parts)
    cache.put(source, tables, problems, reading=reading, origins=origins_of(by_ledger))
    return cache.get(source, signature=reading.signature), problems, by_ledger


def _definitions(frame: pd.DataFrame | None, reserved: Collection[str] | None) -> list[Definition]:
    """The 指标定义 records of a validated table (raising if, with ``reserved``, a row takes
    a built-in key or names a part defined nowhere)."""
    definitions, problems = parse_definitions(frame, None, reserved)
    if any(p.is_error for p in problems):
        raise DataError(problems)
    return definitions


def load(
    data_dir: str | Path | None = None,
    *,
    cache_dir: str | Path | None = None,
    reserved: Collection[str] | None = None,
) -> Dataset:
    """Load and validate the ledgers of ``data_dir`` into a :class:`Dataset`.

    Parameters
    ----------
    data_dir : a folder of ledgers (CSV, text, .xlsx, .xls, .et) or one workbook (default: the
        demo ledgers).
    cache_dir : a folder of the caller's own where validated tables are kept between runs
        (optional; see :mod:`.cache`). A file's cached copy is used only while that file has
        not changed (name, size, modification time); the tables of a cached copy are read
        when first used. The build passes its site's cache folder.
    reserved : the built-in catalogue's keys, checked against the 指标定义 rows (see
        :func:`validate`); :func:`wbanalysis.indicators.local.load` passes them.

    Raises
    ------
    DataError
        listing every error found (and the notices), when any ledger is invalid. The notices
        of valid ledgers are in the result's :attr:`~wbanalysis.Dataset.notices`.
    """
    source = Path(data_dir) if data_dir is not None else default_data_dir()
    if cache_dir is not None:
        cached = DatasetCache(cache_dir).get(source)
        if cached is None:
            cached, problems, by_ledger = _validated(source, cache_dir, reserved)
            if any(p.is_error for p in problems):
                raise DataError(problems)
            if cached is None:  # the cache could not be written: the parts as read
                tables = {name: stack(TABLES[name], parts) for name, parts in by_ledger.items()}
                definitions = _definitions(tables.pop(DEFINITIONS.name, None), reserved)
                return Dataset(
                    tables,
                    source=str(source),
                    notices=problems,
                    definitions=definitions,
                    origins=origins_of(by_ledger),
                )
        if cached is not None:
            loader, columns, notices, digests = cached
            definitions = []
            if DEFINITIONS.name in columns:
                definitions = _definitions(loader(DEFINITIONS.name), reserved)
            names = {n: c for n, c in columns.items() if n != DEFINITIONS.name}
            return Dataset(
                LazyTables(names, _careful(loader, source), digests),
                source=str(source),
                notices=notices,
                definitions=definitions or (),
                origins=_origins_later(source, cache_dir, reserved),
            )
    by_ledger, problems, _ = _check_across(source, None, reserved)
    if any(p.is_error for p in problems):
        raise DataError(problems)
    tables = {name: stack(TABLES[name], parts) for name, parts in by_ledger.items()}
    definitions = _definitions(tables.pop(DEFINITIONS.name, None), reserved)
    return Dataset(
        tables,
        source=str(source),
        notices=problems,
        definitions=definitions,
        origins=origins_of(by_ledger),
    )


def _careful(loader, source: Path):
    """``loader``, falling back to reading the ledgers again when a cached table was changed
    or removed after it was checked (never a table that failed its hash) — only while no
    ledger file has changed since the Dataset was made: its tables must all be of one
    version of the ledgers."""
    signature = source_signature(source)

    def load_table(name: str) -> pd.DataFrame:
        try:
            return loader(name)
        except Exception as exc:  # noqa: BLE001 - any defect: read the ledgers again
            if source_signature(source) != signature:
                raise WbAnalysisError(
                    f"台账文件在使用过程中被修改（{source}）：已读取的台账与现在的不是同一版本，"
                    "请重新运行"
                ) from exc
            print(
                f"wbanalysis: 台账缓存无效（{type(exc).__name__}），重新读取台账：{source}",
                file=sys.stderr,
            )
            typed, problems = read_and_validate(source)
            if any(p.is_error for p in problems):
                raise DataError(problems) from None
            return typed[name]

    return load_table
