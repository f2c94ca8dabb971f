"""Problems of monitoring data, located like the ledgers' (:class:`~wbanalysis.errors.Problem`).

Monitoring files have millions of rows: a check finds the offending rows of a file as an
array at once, and :func:`located` makes them one problem naming every row (as ranges, with
the count) and the first few values met — what :func:`~wbanalysis.errors.condense` makes of
row-by-row problems, without making one object per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from ..errors import ERROR, Problem

__all__ = ["located", "by_file", "merged"]

#: How many distinct example values a problem names (one more tells "等").
_VALUES = 4


def _plain(value: object) -> object:
    """A numpy or pandas scalar as a plain Python value (``np.float64(1.5)`` → 1.5)."""
    item = getattr(value, "item", None)
    return item() if callable(item) and not isinstance(value, str) else value


def located(
    file: str,
    rows: Sequence[int] | np.ndarray,
    message: str,
    *,
    column: str | None = None,
    values: Iterable[object] = (),
    allowed: str | None = None,
    level: str = ERROR,
) -> Problem:
    """One problem met on ``rows`` of ``file`` (rows as the file shows them).

    >>> print(located("ST_PPTN_R.csv", [5, 6, 7, 9], "降水量不能为负", column="DRP",
    ...               values=[-1.0, -2.5, -1.0, -3.0], allowed="≥ 0 的数值（mm）"))
    文件 ST_PPTN_R.csv，第 5–7、9 行（共 4 行），列「DRP」：降水量不能为负（值：-1、-2.5、-3）；允许：≥ 0 的数值（mm）
    >>> print(located("a.csv", [3], "时间无法识别", column="TM", values=["7月1日"]))
    文件 a.csv，第 3 行，列「TM」：时间无法识别（值：7月1日）
    """
    numbers = tuple(int(r) for r in np.asarray(rows).ravel())
    distinct: list[object] = []
    for v in values:
        v = _plain(v)
        if v is not None and v not in distinct:
            distinct.append(v)
            if len(distinct) > _VALUES:
                break
    if len(numbers) == 1:
        return Problem(
            file,
            message,
            row=numbers[0],
            column=column,
            value=distinct[0] if distinct else None,
            allowed=allowed,
            level=level,
        )
    return Problem(
        file,
        message,
        row=min(numbers) if numbers else None,
        rows=tuple(sorted(numbers)),
        column=column,
        values=tuple(distinct),
        allowed=allowed,
        level=level,
    )


def by_file(
    files: np.ndarray, rows: np.ndarray, values: np.ndarray | None = None
) -> Iterable[tuple[str, np.ndarray, list]]:
    """``(file, rows, values)`` for each file among the offending records, in file order."""
    files = np.asarray(files, dtype=object)
    for name in sorted(set(files.tolist()), key=str):
        mask = files == name
        yield (
            str(name),
            np.asarray(rows)[mask],
            ([] if values is None else list(np.asarray(values, dtype=object)[mask])),
        )


def merged(problems: Iterable[Problem]) -> list[Problem]:
    """Problems of one kind in one file found in parts (a month at a time) made one, in
    first-met order.

    >>> a = located("r.csv", [2, 3], "时间晚于当前时间", column="TM", values=["x"])
    >>> b = located("r.csv", [4], "时间晚于当前时间", column="TM", values=["y"])
    >>> print(merged([a, b])[0])
    文件 r.csv，第 2–4 行（共 3 行），列「TM」：时间晚于当前时间（值：x、y）
    """
    groups: dict[tuple, list[Problem]] = {}
    order: list[tuple] = []
    for p in problems:
        key = (p.level, p.file, p.sheet, p.column, p.message, p.allowed, p.row is None)
        if key not in groups:
            order.append(key)
        groups.setdefault(key, []).append(p)
    out = []
    for key in order:
        group = groups[key]
        if len(group) == 1 or key[-1]:
            out.extend(group)
            continue
        rows = [r for p in group for r in (p.rows or (p.row,)) if r is not None]
        values = [v for p in group for v in (p.values or (p.value,))]
        out.append(
            located(
                group[0].file,
                rows,
                group[0].message,
                column=group[0].column,
                values=values,
                allowed=group[0].allowed,
                level=group[0].level,
            )
        )
    return out
