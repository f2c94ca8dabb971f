"""One exception hierarchy for the package, and the problems found in ledgers.

Every error a user can cause derives from :class:`WbAnalysisError`; the command line catches
that base class, prints the message (in Chinese) and exits with status 2, never a traceback.
The build's own errors derive from :class:`BuildError`. A :class:`Problem` is either an error
(the ledgers cannot be used) or a notice (something was skipped or interpreted, and the reader
should know); :func:`condense` reports a problem met on many rows once, with the rows as ranges
and a count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

__all__ = [
    "WbAnalysisError",
    "Problem",
    "DataError",
    "MonitoringDataError",
    "ParameterError",
    "ReadError",
    "UnreadableWorkbook",
    "UnreadableText",
    "UnsafeXml",
    "CellValueError",
    "SummaryError",
    "BuildError",
    "SiteError",
    "BuildLocked",
    "KernelError",
    "condense",
    "format_rows",
    "nearest_names",
    "did_you_mean",
    "ERROR",
    "NOTICE",
]

#: Levels of a :class:`Problem`.
ERROR = "error"
NOTICE = "notice"

#: How many row ranges and example values a condensed problem names at most.
_MAX_RANGES = 8
_MAX_VALUES = 3


class WbAnalysisError(Exception):
    """Base class of every error wbanalysis raises on purpose.

    In a notebook, IPython shows only the message (in Chinese), not a Python traceback.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


def format_rows(rows: Iterable[int], *, limit: int = _MAX_RANGES) -> str:
    """Row numbers as ranges, at most ``limit`` of them: ``3–5、9、12–2746``.

    >>> format_rows([3, 4, 5, 9, 12, 13])
    '3–5、9、12–13'
    >>> format_rows(range(1, 40, 2), limit=3)
    '1、3、5 等'
    """
    numbers = sorted(set(rows))
    ranges: list[tuple[int, int]] = []
    for n in numbers:
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], n)
        else:
            ranges.append((n, n))
    parts = [f"{a}" if a == b else f"{a}–{b}" for a, b in ranges[:limit]]
    return "、".join(parts) + (" 等" if len(ranges) > limit else "")


def _shown(value: object) -> str:
    """A value as the cell shows it: ``2022`` for the number 2022.0."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class Problem:
    """One problem found in a ledger, located as the analyst sees it in Excel.

    ``row`` is the row number Excel (or a text editor, for CSV) shows; ``column`` the header as
    written in the file; ``value`` the offending value; ``allowed`` what would be accepted.
    ``level`` is ``"error"`` (the ledgers cannot be used as they are) or ``"notice"``
    (something was skipped or interpreted; the figures stay right). A problem met on many rows
    is reported once: ``rows`` lists them all and ``values`` a few of the values met.
    """

    file: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    allowed: str | None = None
    level: str = ERROR
    rows: tuple[int, ...] = ()
    values: tuple[object, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    def __str__(self) -> str:
        where = [f"文件 {self.file}"] if self.file else []
        if self.sheet:
            where.append(f"工作表「{self.sheet}」")
        if len(self.rows) > 1:
            where.append(f"第 {format_rows(self.rows)} 行（共 {len(set(self.rows))} 行）")
        elif self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(f"列「{self.column}」")
        text = "，".join(where) + "：" + self.message if where else self.message
        if self.values:
            shown = "、".join(_shown(v) for v in self.values[:_MAX_VALUES])
            text += f"（值：{shown}{' 等' if len(self.values) > _MAX_VALUES else ''}）"
        elif self.value is not None:
            text += f"（值：{_shown(self.value)}）"
        if self.allowed:
            text += f"；允许：{self.allowed}"
        return text


def condense(problems: Iterable[Problem], *, min_rows: int = 3) -> list[Problem]:
    """One problem for each kind met on ``min_rows`` rows or more, in first-met order.

    Problems of the same level, file, sheet, column, message and allowed values that differ
    only by row (and value) are merged: the result names every row as ranges, the count, and
    the first few distinct values.

    >>> ps = [Problem("a.csv", "须为数值", row=r, column="金额", value="x") for r in (3, 4, 5)]
    >>> print(condense(ps)[0])
    文件 a.csv，第 3–5 行（共 3 行），列「金额」：须为数值（值：x）
    """
    problems = list(problems)
    groups: dict[tuple, list[Problem]] = {}
    for p in problems:
        if p.row is not None and not p.rows:
            key = (p.level, p.file, p.sheet, p.column, p.message, p.allowed)
            groups.setdefault(key, []).append(p)
    out: list[Problem] = []
    done: set[tuple] = set()
    for p in problems:
        key = (p.level, p.file, p.sheet, p.column, p.message, p.allowed)
        group = groups.get(key) if p.row is not None and not p.rows else None
        if group is None or len(group) < min_rows:
            out.append(p)
            continue
        if key in done:
            continue
        done.add(key)
        values: list[object] = []
        for q in group:
            if q.value is not None and q.value not in values:
                values.append(q.value)
        rows = tuple(sorted({q.row for q in group if q.row is not None}))  # grouped: all set
        out.append(
            replace(
                group[0],
                row=rows[0],
                rows=rows,
                value=None,
                values=tuple(values[: _MAX_VALUES + 1]),
            )
        )
    return out


class DataError(WbAnalysisError):
    """Invalid ledgers: carries every error found, not only the first, and the notices."""

    #: What the problems were found in, as the first line of the message says it.
    subject = "台账数据"

    def __init__(self, problems: list[Problem]):
        problems = list(problems)
        self.problems = [p for p in problems if p.is_error]
        self.notices = [p for p in problems if not p.is_error]
        count = len(self.problems)
        lines = [f"{self.subject}有 {count} 处问题："] + [
            f"  {i}. {p}" for i, p in enumerate(self.problems, 1)
        ]
        if self.notices:
            lines.append(f"另有 {len(self.notices)} 条提示：")
            lines += [f"  - {p}" for p in self.notices]
        super().__init__("\n".join(lines))


class MonitoringDataError(DataError):
    """Invalid rain and water monitoring tables (水雨情, SL 323): every error and notice."""

    subject = "水雨情监测数据"


class ParameterError(WbAnalysisError):
    """A parameter outside what the data allows (unknown county, year without data…)."""


class ReadError(WbAnalysisError):
    """A file (or a cell) that cannot be read as asked: the sentence to show and what is
    allowed. The readers raise it; the loader turns it into a located :class:`Problem`."""

    def __init__(self, message: str, allowed: str | None = None):
        super().__init__(message)
        self.message = message
        self.allowed = allowed


class UnreadableWorkbook(ReadError):
    """A file that cannot be read as a workbook (empty, encrypted, HTML or text in disguise)."""


class UnreadableText(ReadError):
    """A text file that cannot be read as a table (encoding, NUL bytes, empty)."""


class UnsafeXml(ReadError, ValueError):
    """A part of a workbook package declares a document type (never written by Excel or WPS)."""


class CellValueError(ReadError):
    """A cell whose value cannot be typed for its column (the loader reports it located)."""


class SummaryError(WbAnalysisError):
    """A written summary cannot be read (missing, unsupported, not text, damaged)."""


class BuildError(WbAnalysisError):
    """The site could not be built: nothing to build, the cluster unreachable or gone."""


class SiteError(BuildError):
    """The site cannot be written where asked (not ours, inside the ledgers, unwritable)."""


class BuildLocked(BuildError):
    """Another build is writing the same site."""


class KernelError(BuildError):
    """A kernel could not be started or warmed (that report fails; the build goes on)."""


_PLACE_SUFFIXES = ("自治县", "县", "区", "市", "旗")


def _stem(name: str) -> str:
    """A place name without its 县/区/市 (``清河县`` → ``清河``)."""
    for suffix in _PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def nearest_names(value: object, names: Iterable[object], n: int = 3) -> list[str]:
    """The names ``value`` was most likely meant to be: those equal to it but for a 县/区/市
    (``清河`` or ``清河市`` → ``清河县``), then those it begins or ends (``清`` → ``清河县``),
    then the closest by :mod:`difflib`.

    >>> nearest_names("清河", ["白沙县", "清河县", "龙泉县"])
    ['清河县']
    >>> nearest_names("龙泉市", ["白沙县", "清河县", "龙泉县"]), nearest_names("白沙", ["白沙区"])
    (['龙泉县'], ['白沙区'])
    >>> nearest_names("白纱县", ["白沙县", "清河县"]), nearest_names("东海", ["白沙县"])
    (['白沙县'], [])
    """
    import difflib

    text = str(value).strip()
    options = list(dict.fromkeys(str(x) for x in names if x is not None and str(x).strip()))
    if not text or not options:
        return []
    stem = _stem(text)
    same = [x for x in options if _stem(x) == stem]
    if same:
        return same[:n]
    ends = [
        x
        for x in options
        if len(stem) >= 1 and (_stem(x).startswith(stem) or _stem(x).endswith(stem))
    ]
    if ends and len(ends) <= n:
        return ends
    return difflib.get_close_matches(text, options, n=n, cutoff=0.5)


def did_you_mean(value: object, names: Iterable[object]) -> str:
    """``是否为：清河县？`` for the names nearest ``value`` (see :func:`nearest_names`), or "".

    >>> did_you_mean("清河", ["白沙县", "清河县"]), did_you_mean("东海", ["白沙县"])
    ('是否为：清河县？', '')
    """
    near = nearest_names(value, names)
    return f"是否为：{'、'.join(near)}？" if near else ""
