"""Cells as read from a file, before any interpretation: the grid every reader produces.

A :class:`Grid` is one worksheet (or one text file): ``rows[i][j]`` is the cell Excel shows in
row ``i + 1`` and column ``j + 1``. Readers put there what the cell holds (text, number, date,
boolean), :data:`UNCOMPUTED` for a formula whose result was never stored, and a
:class:`CellError` for an error value (``#DIV/0!``), so that neither can pass for an empty cell.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = ["Grid", "UNCOMPUTED", "CellError", "is_blank", "column_letter", "cell_ref", "range_ref"]


class _Uncomputed:
    """A formula cell without a stored result."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNCOMPUTED"

    def __str__(self) -> str:
        return "（公式，未保存计算结果）"


#: The value of a formula cell whose result the file does not hold.
UNCOMPUTED = _Uncomputed()


@dataclass(frozen=True)
class CellError:
    """An error value shown in a cell (``#DIV/0!``, ``#N/A``…)."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Grid:
    """One worksheet or text file as cells.

    Attributes
    ----------
    name : the sheet name (``None`` for a text file).
    rows : ``rows[i][j]`` is the cell in Excel row ``i + 1``, column ``j + 1``; rows may be
        ragged; trailing empty rows are not kept.
    merged : merged ranges, 0-based and inclusive: ``(first row, first col, last row, last col)``.
    formats : 0-based (row, col) → the unit (or ``"%"``) a cell's number format shows.
    date1904 : the workbook counts dates from 1904 (Excel for Mac).
    """

    name: str | None
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    date1904: bool = False

    def cell(self, i: int, j: int) -> object:
        if i < len(self.rows) and j < len(self.rows[i]):
            return self.rows[i][j]
        return None

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def is_empty(self) -> bool:
        return all(is_blank(v) for row in self.rows for v in row)


def is_blank(value: object) -> bool:
    """True for an empty cell: None, NaN or text of spaces only."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def column_letter(j: int) -> str:
    """Excel's letters of 0-based column ``j``.

    >>> column_letter(0), column_letter(25), column_letter(26)
    ('A', 'Z', 'AA')
    """
    letters = ""
    j += 1
    while j:
        j, rest = divmod(j - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(i: int, j: int) -> str:
    """``B3`` for 0-based row 2, column 1."""
    return f"{column_letter(j)}{i + 1}"


def range_ref(r1: int, c1: int, r2: int, c2: int) -> str:
    """``G5:G8`` for a 0-based inclusive range."""
    return f"{cell_ref(r1, c1)}:{cell_ref(r2, c2)}"
