"""One ledger as read from one file or sheet, typed and checked on its own: a :class:`Part`.

Reading, typing and every check that looks at one row at a time (kinds of values, units,
ranges, vocabularies, required cells, the year of a sheet named by its year) depend on the
file alone, so they are done once per file and their result can be kept per file
(:mod:`.cache`). What needs every file — a ledger in two files, IDs unique across a ledger,
references to other ledgers — is checked afterwards (:func:`.ledgers.read_and_validate`) on
the key columns only.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import Problem, WbAnalysisError
from ..schema import Ledger
from .combine import year_mismatches
from .read import RawTable

__all__ = ["Part", "check_part", "Origins", "stack"]


@dataclass
class Part:
    """A typed part of a ledger and what typing and checking it on its own found.

    Attributes
    ----------
    frame : the typed rows (canonical columns, positions 0…n-1); ``None`` until
        :meth:`table` loads it, for a part restored from the cache.
    rows : the Excel row of each position.
    problems : what typing and the checks of one row at a time found, in the order met.
    bad : (position, column) of every cell already reported.
    year_problems, year_bad : a row not of the year its sheet is named by; counted only when
        the ledger comes in several parts (one sheet per year).
    checked : (index in ``problems``, position, column) of each problem of the column checks,
        so that one on a cell of ``year_bad`` is dropped when those count.
    """

    ledger: Ledger
    file: str
    sheet: str | None
    year_label: int | None
    headers: dict[str, str]
    rows: np.ndarray
    columns: list[str]
    frame: pd.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    bad: set[tuple[int, str]] = field(default_factory=set)
    year_problems: list[Problem] = field(default_factory=list)
    year_bad: set[tuple[int, str]] = field(default_factory=set)
    checked: list[tuple[int, int, str]] = field(default_factory=list)
    raw: RawTable | None = None
    typed: int = 0  # the first problems, those of typing (the year's come after them)
    stored: Path | None = None  # the Parquet file of the cache holding ``frame``
    loader: Callable[[list[str] | None], pd.DataFrame] | None = None
    reread: Callable[[], RawTable | None] | None = None
    nothing: list[tuple[int, int | None]] = field(default_factory=list)  # see RawTable

    def __len__(self) -> int:
        return len(self.rows)

    def table(self, columns: list[str] | None = None) -> pd.DataFrame:
        """The typed rows (only ``columns`` of them, when given and not in memory)."""
        if self.frame is not None:
            return self.frame if columns is None else self.frame[columns]
        assert self.loader is not None  # a part holds its frame or a loader, always one
        try:
            return self.loader(columns)
        except Exception as exc:  # noqa: BLE001 - the cache entry went away: read the file
            raw = self.reread() if self.reread is not None else None
            fresh = check_part(raw) if raw is not None else None
            if fresh is None or not np.array_equal(fresh.rows, self.rows):
                raise WbAnalysisError(
                    f"台账文件 {self.file} 在读取过程中被修改或其缓存被删除，请重新运行"
                ) from exc
            frame = fresh.frame
            assert frame is not None  # a part just checked holds its frame
            self.frame, self.loader = frame, None
            return frame if columns is None else frame[columns]

    @property
    def cells(self) -> pd.DataFrame:
        """The cells as written (for messages), read again from the file when not in memory."""
        if self.raw is None and self.reread is not None:
            self.raw = self.reread()
            self.reread = None
        return self.raw.cells if self.raw is not None else pd.DataFrame()

    def release(self) -> None:
        """Drop what is only needed while reading (the cells as written, the typed rows)."""
        if self.loader is not None:
            self.frame = None
        self.raw = None


def check_part(raw: RawTable) -> Part:
    """Type ``raw`` and check each of its rows on its own (see the module docstring)."""
    from .coerce import typed_frame
    from .validation import convert_row_units, validate_frame

    problems: list[Problem] = []
    bad_rows: set[tuple[int, str]] = set()
    frame = typed_frame(raw, problems, bad_rows)
    rows = np.asarray([int(r) for r in frame.index], dtype=np.int64)
    position = {int(r): k for k, r in enumerate(rows)}
    frame = frame.reset_index(drop=True)
    part = Part(
        raw.ledger,
        raw.file,
        raw.sheet,
        raw.year_label,
        raw.headers,
        rows,
        list(frame.columns),
        frame,
        problems,
        raw=raw,
        nothing=list(raw.nothing),
    )
    part.typed = len(problems)
    part.bad = {(position[r], c) for r, c in bad_rows if r in position}
    if raw.year_label is not None:
        for r, column, problem in year_mismatches(raw, frame, rows):
            part.year_problems.append(problem)
            part.year_bad.add((position[r], column))
    problems += _nothing_beside_rows(raw, frame)
    table = Origins.single(part)
    convert_row_units(table, problems)
    before = len(problems)
    cells: list[tuple[int, str]] = []
    validate_frame(table, {}, problems, scope="row", cells=cells)
    part.bad = table.bad
    assert len(cells) == len(problems) - before
    part.checked = [(before + k, p, c) for k, (p, c) in enumerate(cells)]
    return part


def _nothing_beside_rows(raw: RawTable, frame: pd.DataFrame) -> list[Problem]:
    """A row ``2023年无`` in a sheet that holds rows of 2023: an error at that row."""
    stated = [(row, year) for row, year in raw.nothing if year is not None]
    if not stated or not len(frame):
        return []
    import re

    from ..schema import SEASON_PATTERN

    ledger = raw.ledger
    if "year" in frame.columns:
        years = pd.to_numeric(frame["year"], errors="coerce")
    elif ledger.name == "storage" and "season" in frame.columns:
        years = frame["season"].map(
            lambda s: (m := re.match(SEASON_PATTERN, str(s))) and int(m.group(2))
        )
    elif ledger.when and ledger.when in frame.columns:
        years = pd.to_datetime(frame[ledger.when], errors="coerce").dt.year
    else:
        return []
    held = set(pd.to_numeric(years, errors="coerce").dropna().astype(int))
    return [
        Problem(
            raw.file,
            f"写了“{year}年无”，但本表还有{year}年的数据行：无法确定该年是否有记录",
            sheet=raw.sheet,
            row=row,
            value=f"{year}年无",
            allowed=f"{year}年确无记录时只写“{year}年无”；有记录时删除这一行",
        )
        for row, year in stated
        if year in held
    ]


class Origins:
    """Where each row of a ledger stacked from parts was read: ``origins[position]`` →
    (part, Excel row), without a tuple per row."""

    def __init__(self, parts: list[Part]) -> None:
        self.parts = parts
        self.starts = list(np.cumsum([0] + [len(p) for p in parts[:-1]])) if parts else []
        self.length = sum(len(p) for p in parts)

    @classmethod
    def single(cls, part: Part) -> _Stacked:
        return _Stacked(part.ledger, part.frame, cls([part]), set(part.bad))

    def __len__(self) -> int:
        return self.length

    def __bool__(self) -> bool:
        return self.length > 0

    def __getitem__(self, position: int) -> tuple[Part, int]:
        k = bisect.bisect_right(self.starts, position) - 1
        part = self.parts[k]
        return part, int(part.rows[position - self.starts[k]])


@dataclass
class _Stacked:
    """What the checks of :mod:`.checks` need of a ledger (see :class:`.combine.LedgerTable`)."""

    ledger: Ledger
    frame: pd.DataFrame
    origins: Origins
    bad: set[tuple[int, str]]

    def where(self, position: int) -> tuple[Part, int]:
        return self.origins[position]


def stack(ledger: Ledger, parts: list[Part], columns: list[str] | None = None) -> pd.DataFrame:
    """The rows of ``parts`` one under the other, in the ledger's column order (a column a part
    lacks is empty in its rows)."""
    from ..dataset import empty_table

    frames = [
        p.table([c for c in columns if c in p.columns] if columns is not None else None)
        for p in parts
    ]
    names = [c for c in ledger.names if any(c in f.columns for f in frames)]
    if len(frames) == 1:
        return frames[0][names].reset_index(drop=True)
    blank = empty_table(ledger.name)
    aligned = []
    for frame in frames:
        frame = frame.copy() if any(c not in frame.columns for c in names) else frame
        for c in names:
            if c not in frame.columns:
                frame[c] = pd.Series([None] * len(frame), dtype=blank[c].dtype)
        aligned.append(frame[names])
    return pd.concat(aligned, ignore_index=True)


def stacked(ledger: Ledger, parts: list[Part], columns: list[str] | None) -> _Stacked:
    """The key ``columns`` (``None``: all) of a ledger's parts, stacked, for the checks across
    parts."""
    bad: set[tuple[int, str]] = set()
    origins = Origins(parts)
    for start, part in zip(origins.starts, parts, strict=True):
        bad |= {(start + p, c) for p, c in part.bad}
    return _Stacked(ledger, stack(ledger, parts, columns), origins, bad)
