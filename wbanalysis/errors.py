"""One exception hierarchy for the package.

Every error a user can cause derives from :class:`WbAnalysisError`; the command line catches
that base class, prints the message (in Chinese) and exits with status 2, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["WbAnalysisError", "Problem", "DataError", "ParameterError"]


class WbAnalysisError(Exception):
    """Base class of every error wbanalysis raises on purpose.

    In a notebook, IPython shows only the message (in Chinese), not a Python traceback.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


@dataclass(frozen=True)
class Problem:
    """One problem found in a ledger, located as the analyst sees it in Excel.

    ``row`` is the row number Excel (or a text editor, for CSV) shows; ``column`` the header as
    written in the file; ``value`` the offending value; ``allowed`` what would be accepted.
    """

    file: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    allowed: str | None = None

    def __str__(self) -> str:
        where = [f"文件 {self.file}"]
        if self.sheet:
            where.append(f"工作表「{self.sheet}」")
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(f"列「{self.column}」")
        text = "，".join(where) + "：" + self.message
        if self.value is not None:
            text += f"（值：{self.value!s}）"
        if self.allowed:
            text += f"；允许：{self.allowed}"
        return text


class DataError(WbAnalysisError):
    """Invalid ledgers: carries every :class:`Problem` found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        lines = [f"台账数据有 {count} 处问题："] + [f"  {i}. {p}" for i, p in
                                                  enumerate(self.problems, 1)]
        super().__init__("\n".join(lines))


class ParameterError(WbAnalysisError):
    """A parameter outside what the data allows (unknown county, year without data…)."""
