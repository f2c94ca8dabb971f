"""A ledger's typed table from its parts: one file or sheet, or one sheet per year.

Each part is typed on its own (its headers, units and number formats are its own); the parts
are then stacked, and each row keeps where it came from (file, sheet, Excel row) for messages.
When a ledger comes one sheet per year, every row must belong to its sheet's year: a row of
2022 on the sheet ``2023`` could otherwise be counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..dataset import empty_table, season_year
from ..errors import Problem
from ..schema import Ledger
from .coerce import typed_frame
from .read import RawTable

__all__ = ["LedgerTable", "combine"]

# Ledgers without a 年度 column whose rows are placed in a year by a date (or a season);
# the other ledgers without 年度 have a unique ID, so a row on two sheets is caught as such.
_YEAR_OF = {"loan_drawdowns": "date", "milestones": "planned_date", "storage": "season"}


@dataclass
class LedgerTable:
    """The typed rows of one ledger, and where each row was read (by position)."""

    ledger: Ledger
    frame: pd.DataFrame
    origins: list[tuple[RawTable, int]] = field(default_factory=list)
    bad: set[tuple[int, str]] = field(default_factory=set)

    def where(self, position: int) -> tuple[RawTable, int]:
        return self.origins[position]


def _years(frame: pd.DataFrame, ledger: Ledger) -> pd.Series | None:
    if "year" in frame.columns:
        return frame["year"]
    column = _YEAR_OF.get(ledger.name)
    if column is None or column not in frame.columns:
        return None
    if column == "season":
        def year(s):
            try:
                return season_year(s)
            except (ValueError, TypeError):
                return None
        return frame[column].map(year)
    return frame[column].dt.year


def combine(parts: list[RawTable], problems: list[Problem]) -> LedgerTable:
    """Type every part of one ledger and stack them."""
    ledger = parts[0].ledger
    table = LedgerTable(ledger, empty_table(ledger.name))
    frames = []
    for part in parts:
        bad: set[tuple[int, str]] = set()
        frame = typed_frame(part, problems, bad)
        offset = len(table.origins)
        rows = [int(r) for r in frame.index]
        table.origins += [(part, r) for r in rows]
        position = {r: offset + k for k, r in enumerate(rows)}
        table.bad |= {(position[r], c) for r, c in bad if r in position}
        if len(parts) > 1 and part.year_label is not None:
            years = _years(frame, ledger)
            if years is not None:
                column = "year" if "year" in frame.columns else _YEAR_OF[ledger.name]
                header = part.headers.get(column, column)
                for r, y in years.items():
                    if pd.notna(y) and int(y) != part.year_label:
                        problems.append(Problem(
                            part.file, f"不属于工作表名所示的年度（{part.year_label}）", sheet=part.sheet,
                            row=int(r), column=header, value=part.cells.at[r, column],
                            allowed=f"按年度分表时，{part.year_label} 工作表只填 {part.year_label} 年的数据"))
                        table.bad.add((position[int(r)], column))
        frames.append(frame.reset_index(drop=True))
    names = [c for c in ledger.names if any(c in f.columns for f in frames)]
    blank = empty_table(ledger.name)
    aligned = []
    for frame in frames:
        for c in names:
            if c not in frame.columns:
                frame[c] = pd.Series([None] * len(frame), dtype=blank[c].dtype)
        aligned.append(frame[names])
    table.frame = pd.concat(aligned, ignore_index=True) if len(aligned) > 1 else \
        aligned[0].reset_index(drop=True)
    return table
