"""Validating typed ledgers with pandera; every failure becomes a :class:`Problem`.

Each ledger's :class:`pandera.DataFrameSchema` is generated from :mod:`wbanalysis.schema` and
validated lazily, so every problem is found, not only the first. Messages name the file, sheet,
Excel row, header as written, the value as written and what is allowed. A number whose unit
depends on its row (工程量与效益: km for 堤防长度, 亩 for 新增灌溉面积) is brought to that unit
first (:func:`convert_row_units`).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..errors import Problem, did_you_mean
from ..schema import LEDGERS, QUANTITY_UNITS, Column, Ledger
from ..units import MEASURE_WORDS, conversion_factor
from .cells import is_blank

__all__ = ["validate_frame", "sort_key", "convert_row_units"]

#: Rows with a repeated ID up to which each is paired with the rows it repeats.
_PAIRS = 10


def _pandera_schema(
    ledger: Ledger, frame: pd.DataFrame, ref_values: dict[str, set], scope: str = "all"
):
    import pandera.pandas as pa

    columns = {}
    for col in ledger.columns:
        if col.name not in frame.columns:
            continue
        if scope == "across":  # IDs unique across the ledger, references to other ledgers
            if col.unique or col.ref:
                values = ref_values.get(col.ref, set()) if col.ref else set()
                refs = (
                    [pa.Check(lambda s, v=values: s.isin(v), name="reference", error="reference")]
                    if col.ref
                    else []
                )
                columns[col.name] = pa.Column(
                    checks=refs, nullable=True, unique=col.unique, required=False
                )
            continue
        checks = []
        if col.minimum is not None:
            checks.append(pa.Check.ge(col.minimum))
        if col.maximum is not None:
            checks.append(pa.Check.le(col.maximum))
        if col.allowed:
            checks.append(pa.Check.isin(list(col.allowed)))
        if col.pattern:
            checks.append(pa.Check.str_matches(col.pattern))
        if col.ref and scope == "all":
            values = ref_values.get(col.ref, set())
            checks.append(
                pa.Check(lambda s, v=values: s.isin(v), name="reference", error="reference")
            )
        columns[col.name] = pa.Column(
            checks=checks,
            # 待定 is empty: a blank cell of such a column is told when typing (coerce)
            nullable=not col.required or bool(col.unknown_words),
            unique=col.unique and scope == "all",
            required=False,
        )
    return pa.DataFrameSchema(columns, strict=False, name=ledger.name)


def _check_message(check: str, col: Column) -> str:
    if check == "not_nullable":
        return "必填项为空"
    if check == "field_uniqueness":
        return "编号重复"  # the rows sharing it are added by the caller
    if check == "reference" and col.ref is not None:  # made only for a column with a ref
        ledger, key = col.ref.split(".")
        return f"引用了《{LEDGERS[ledger].zh}》中不存在的{LEDGERS[ledger].column(key).zh}"
    if check.startswith("greater_than_or_equal_to"):
        return "不能为负数" if col.minimum == 0 else "数值过小"
    if check.startswith("less_than_or_equal_to"):
        return "数值超出范围"
    if check.startswith("isin"):
        return "不在允许的取值范围内"
    if check.startswith("str_matches"):
        return "格式不正确"
    return f"未通过检查 {check}"


def validate_frame(
    table,
    ref_values: dict[str, set],
    problems: list[Problem],
    *,
    scope: str = "all",
    cells: list | None = None,
) -> None:
    """Validate one ledger's typed rows; each failure is located where the row was read.

    ``table`` has ``ledger``, ``frame``, ``origins``, ``bad`` and ``where(position)`` →
    (part, Excel row). ``scope``: ``"all"`` the checks; ``"row"`` those of one row at a time
    (not the uniqueness of IDs, nor references); ``"across"`` only those two. ``cells``
    receives (position, column) of each problem added, when given.
    """
    import pandera.errors

    frame = table.frame
    schema = _pandera_schema(table.ledger, frame, ref_values, scope)
    if not schema.columns:
        return
    try:
        schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as err:
        cases = err.failure_cases
        dup_rows: dict[tuple[str, object], list[int]] = {}
        for case in cases.itertuples(index=False):
            if str(case.check) == "field_uniqueness" and case.index is not None:
                dup_rows.setdefault((case.column, case.failure_case), []).append(int(case.index))
        hints: dict[tuple[str, object], str] = {}
        for case in cases.itertuples(index=False):
            _report_case(table, case, dup_rows, problems, cells, _hinter(ref_values, hints))


def _report_case(
    table,
    case,
    dup_rows: dict[tuple[str, object], list[int]],
    problems: list[Problem],
    cells: list | None,
    hint=lambda col, value: "",
) -> None:
    """One pandera failure case as a :class:`Problem`, located where its row was read;
    ``hint(col, value)`` suggests the values a reference was likely meant to name."""
    ledger = table.ledger
    col = ledger.column(case.column) if case.column in ledger.names else None
    if col is None:
        part = table.origins[0][0] if table.origins else None
        problems.append(
            Problem(
                part.file if part else ledger.zh,
                f"未通过检查 {case.check}",
                sheet=part.sheet if part else None,
            )
        )
        if cells is not None:
            cells.append((-1, ""))
        return
    check = str(case.check)
    index = case.index
    position = int(index) if index is not None and not pd.isna(index) else None
    if position is None:
        part = table.origins[0][0]
        problems.append(
            Problem(
                part.file,
                _check_message(check, col),
                sheet=part.sheet,
                column=part.headers.get(col.name, col.zh),
                allowed=col.describe_allowed(),
            )
        )
        if cells is not None:
            cells.append((-1, col.name))
        return
    if (position, col.name) in table.bad:
        return  # already reported as a value of the wrong kind
    part, row = table.where(position)
    message = _check_message(check, col)
    if check == "field_uniqueness":
        message = _duplicate_message(table, case, position, part, dup_rows)
    elif check == "reference":
        near = hint(col, case.failure_case)
        message += f"；{near}" if near else ""
    problems.append(
        Problem(
            part.file,
            message,
            sheet=part.sheet,
            row=row,
            column=part.headers.get(col.name, col.zh),
            value=_written_value(case, col, part, row),
            allowed=col.describe_allowed(),
        )
    )
    if cells is not None:
        cells.append((position, col.name))


def _hinter(ref_values: dict[str, set], memo: dict[tuple[str, object], str]):
    """``hint(col, value)``: ``是否为：清河县？`` for a value a reference column does not find
    (one suggestion per distinct value)."""

    def hint(col: Column, value: object) -> str:
        if col.ref is None or value is None or (isinstance(value, float) and value != value):
            return ""
        key = (col.ref, value)
        if key not in memo:
            memo[key] = did_you_mean(value, sorted(map(str, ref_values.get(col.ref, ()))))
        return memo[key]

    return hint


def _written_value(case, col: Column, part, row: int) -> object:
    """The failing value as the analyst wrote it (a date as 2023-10-29), ``None`` if blank."""
    value = None if is_blank(case.failure_case) else case.failure_case
    if col.name in part.cells.columns and row in part.cells.index:
        written = part.cells.at[row, col.name]
        value = None if is_blank(written) else written
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        value = pd.Timestamp(value).strftime("%Y-%m-%d")
    return value


def _duplicate_message(
    table, case, position: int, part, dup_rows: dict[tuple[str, object], list[int]]
) -> str:
    """编号重复, naming the rows that share the ID (or saying that many rows do)."""
    if sum(len(v) for k, v in dup_rows.items() if k[0] == case.column) > _PAIRS:
        return "编号重复：同一编号出现在多行（如整张表粘贴了两遍）"  # one line, all rows
    others = []
    for p in dup_rows.get((case.column, case.failure_case), []):
        if p == position:
            continue
        other, other_row = table.where(p)
        same = (other.file, other.sheet) == (part.file, part.sheet)
        others.append(
            f"第 {other_row} 行"
            if same
            else f"{other.file}"
            + (f"「{other.sheet}」" if other.sheet else "")
            + f"第 {other_row} 行"
        )
    return "编号重复：与" + "、".join(others) + "相同"


def sort_key(p: Problem) -> tuple:
    return (0 if p.is_error else 1, p.file, p.sheet or "", p.row or 0)


def convert_row_units(table, problems: list[Problem]) -> None:
    """Bring every number whose unit depends on its row to that unit (:attr:`Column.unit_by`).

    The unit of a row is the one :data:`~wbanalysis.schema.QUANTITY_UNITS` gives its kind; a
    unit written in the row's unit column must be it or convert to it (``公里`` → km ×1,
    ``万亩`` → 亩 ×10000, ``万人`` → 人 ×10000), else the row is an error naming both. A
    count (座, 眼, 人, 个, 所) must be a whole number.
    """
    frame = table.frame
    for col in table.ledger.columns:
        if col.unit_by is None or col.name not in frame.columns:
            continue
        kind_col, unit_col = col.unit_by
        if kind_col not in frame.columns:
            continue
        written = frame[unit_col] if unit_col in frame.columns else [None] * len(frame)
        for position, (kind, stated) in enumerate(zip(frame[kind_col], written, strict=True)):
            expected = QUANTITY_UNITS.get(kind) if isinstance(kind, str) else None
            if expected is None:
                continue  # an unknown kind is reported by the vocabulary check
            blank = stated is None or (isinstance(stated, float) and pd.isna(stated))
            factor = 1.0 if blank else conversion_factor(str(stated), expected)
            if factor is None:
                part, row = table.where(position)
                problems.append(
                    Problem(
                        part.file,
                        f"计量单位与指标不符：「{kind}」的单位为 {expected}",
                        sheet=part.sheet,
                        row=row,
                        column=part.headers.get(unit_col, table.ledger.column(unit_col).zh),
                        value=stated,
                        allowed=f"{expected}，或可换算为 {expected} 的单位，或不填",
                    )
                )
                table.bad.add((position, unit_col))
                continue
            if unit_col in frame.columns:
                frame.iat[position, frame.columns.get_loc(unit_col)] = expected
            at = frame.columns.get_loc(col.name)
            value = frame.iat[position, at]
            if pd.isna(value):
                continue
            if factor != 1.0:
                value = round(float(value) * factor, 9)
                frame.iat[position, at] = value
            if expected in MEASURE_WORDS and not float(value).is_integer():
                part, row = table.where(position)
                problems.append(
                    Problem(
                        part.file,
                        f"「{kind}」按{expected}计数，须为整数",
                        sheet=part.sheet,
                        row=row,
                        column=part.headers.get(col.name, col.zh),
                        value=value,
                        allowed=f"整数（单位：{expected}）",
                    )
                )
                table.bad.add((position, col.name))
