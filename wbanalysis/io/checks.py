"""Validating typed ledgers with pandera; every failure becomes a :class:`Problem`.

Each ledger's :class:`pandera.DataFrameSchema` is generated from :mod:`wbanalysis.schema` and
validated lazily, so every problem is found, not only the first. Messages name the file, sheet,
Excel row, header as written, the value as written and what is allowed.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..errors import Problem
from ..schema import LEDGERS, Column, Ledger
from .read import RawTable, is_blank

__all__ = ["validate_frame", "sort_key"]


def _pandera_schema(ledger: Ledger, frame: pd.DataFrame, ref_values: dict[str, set]):
    import pandera.pandas as pa

    columns = {}
    for col in ledger.columns:
        if col.name not in frame.columns:
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
        if col.ref:
            values = ref_values.get(col.ref, set())
            checks.append(pa.Check(lambda s, v=values: s.isin(v), name="reference",
                                   error="reference"))
        columns[col.name] = pa.Column(
            checks=checks, nullable=not col.required, unique=col.unique, required=False,
        )
    return pa.DataFrameSchema(columns, strict=False, name=ledger.name)


def _check_message(check: str, col: Column) -> str:
    if check == "not_nullable":
        return "必填项为空"
    if check == "field_uniqueness":
        return "编号重复"  # the rows sharing it are added by the caller
    if check == "reference":
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


def validate_frame(raw: RawTable, frame: pd.DataFrame, ref_values: dict[str, set],
                    problems: list[Problem], bad_cells: set[tuple[int, str]]) -> None:
    import pandera.errors

    schema = _pandera_schema(raw.ledger, frame, ref_values)
    try:
        schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as err:
        cases = err.failure_cases
        dup_rows: dict[tuple[str, object], list[int]] = {}
        for case in cases.itertuples(index=False):
            if str(case.check) == "field_uniqueness" and case.index is not None:
                dup_rows.setdefault((case.column, case.failure_case), []).append(int(case.index))
        for case in cases.itertuples(index=False):
            col = raw.ledger.column(case.column) if case.column in raw.ledger.names else None
            if col is None:
                problems.append(Problem(raw.file, f"未通过检查 {case.check}", sheet=raw.sheet))
                continue
            check = str(case.check)
            index = case.index
            row = int(index) if index is not None and not pd.isna(index) else None
            if row is not None and (row, col.name) in bad_cells:
                continue  # already reported as a value of the wrong kind
            value = None if is_blank(case.failure_case) else case.failure_case
            if row is not None and row in raw.cells.index:
                written = raw.cells.at[row, col.name]  # the value as the analyst wrote it
                value = None if is_blank(written) else written
            if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
                value = pd.Timestamp(value).strftime("%Y-%m-%d")
            message = _check_message(check, col)
            if check == "field_uniqueness":
                others = [r for r in dup_rows.get((case.column, case.failure_case), [])
                          if r != row]
                message = "编号重复：与第 " + "、".join(map(str, others)) + " 行相同"
            problems.append(Problem(raw.file, message, sheet=raw.sheet,
                                    row=row, column=raw.headers[col.name], value=value,
                                    allowed=col.describe_allowed()))


def sort_key(p: Problem) -> tuple:
    return (p.file, p.sheet or "", p.row or 0)

