"""A ledger's typed table from its parts: one file or sheet, or one sheet per year.

Each part is typed on its own (its headers, units and number formats are its own); the parts
are then stacked, and each row keeps where it came from (file, sheet, Excel row) for messages.
When a ledger comes one sheet per year, every row must belong to its sheet's year: a row of
2022 on the sheet ``2023`` could otherwise be counted twice.
"""

from __future__ import annotations

import pandas as pd

from ..dataset import season_year
from ..errors import Problem
from ..schema import Ledger
from .read import RawTable

__all__ = ["year_mismatches"]

# Ledgers without a 年度 column whose rows are placed in a year by a date (or a season);
# the other ledgers without 年度 have a unique ID, so a row on two sheets is caught as such.
_YEAR_OF = {"loan_drawdowns": "date", "milestones": "planned_date", "storage": "season"}


def year_mismatches(part: RawTable, frame: pd.DataFrame, rows) -> list[tuple[int, str, Problem]]:
    """(Excel row, column, problem) of each row of ``part`` not of the year its sheet is named
    by; these count when the ledger comes one sheet per year (see the module docstring)."""
    ledger = part.ledger
    years = _years(frame, ledger)
    if years is None:
        return []
    column = "year" if "year" in frame.columns else _YEAR_OF[ledger.name]
    header = part.headers.get(column, column)
    out = []
    for position, y in enumerate(years):
        if pd.notna(y) and int(y) != part.year_label:
            r = int(rows[position])
            out.append(
                (
                    r,
                    column,
                    Problem(
                        part.file,
                        f"不属于工作表名所示的年度（{part.year_label}）",
                        sheet=part.sheet,
                        row=r,
                        column=header,
                        value=part.cells.at[r, column],
                        allowed=f"按年度分表时，{part.year_label} 工作表只填 {part.year_label} 年的数据",
                    ),
                )
            )
    return out


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
