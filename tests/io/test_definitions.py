"""The 指标定义 rows parsed in io: plain records from good rows, a located Chinese Problem for
each bad one; the built-in keys only when the caller passes them."""

from __future__ import annotations

import pandas as pd
from conftest import COUNTY_ROWS
from openpyxl import Workbook

from wbanalysis.io import validate
from wbanalysis.io.definitions import (
    STATUS_COLUMN,
    Definition,
    Filter,
    check_definitions,
    parse_definitions,
    reference_problems,
)
from wbanalysis.schema import DEFINITIONS

HEADER = [c.zh for c in DEFINITIONS.columns]


def _frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame([{c.name: row.get(c.name) for c in DEFINITIONS.columns} for row in rows])


def test_a_good_row_becomes_a_plain_record():
    [d], problems = parse_definitions(
        _frame(
            {
                "key": "local.new_start_investment",
                "name": "新开工项目投资",
                "unit": "万元",
                "aggregation": "求和",
                "ledger": "项目投资进度",
                "column": "完成投资",
                "filters": "项目建设状态=新开工；项目类别=水库、农村供水",
                "period": "期内",
            }
        )
    )
    assert problems == []
    assert (d.ledger, d.column, d.time, d.period, d.kind, d.additive) == (
        "project_progress",
        "investment",
        "month",
        "期内",
        "amount",
        True,
    )
    # the status through the project; the category from the 项目台账, through project_id
    assert d.filters == (
        Filter(STATUS_COLUMN, "in", ("新开工",), "projects", "project_id"),
        Filter("category", "in", ("水库", "农村供水"), "projects", "project_id", "project_id"),
    )


def test_a_ratio_record_and_its_display():
    [d], problems = parse_definitions(
        _frame(
            {
                "key": "local.share",
                "name": "占比",
                "unit": "%",
                "aggregation": "比率",
                "numerator": "funding.arrived",
                "denominator": "funding.total",
            }
        )
    )
    assert problems == [] and d.kind == "percent" and d.additive is False
    assert (d.numerator, d.denominator, d.ledger) == ("funding.arrived", "funding.total", None)


def test_an_unknown_ledger_and_column_are_located_in_chinese():
    problems = check_definitions(
        _frame(
            {
                "key": "local.a",
                "name": "甲",
                "unit": "个",
                "aggregation": "计数",
                "ledger": "项目清单",
            },
            {
                "key": "local.b",
                "name": "乙",
                "unit": "万元",
                "aggregation": "求和",
                "ledger": "资金台账",
                "column": "争取额",
            },
        )
    )
    assert [(p.file, p.row, p.column, p.value) for p in problems] == [
        ("指标定义", 2, "台账", "项目清单"),
        ("指标定义", 3, "字段", "争取额"),
    ]
    assert problems[0].message == "未知的台账"
    assert problems[1].message == "《资金台账》中没有此列"
    assert "争取金额" in problems[1].allowed


def test_a_bad_row_in_a_workbook_names_file_sheet_row_and_column(tmp_path):
    wb = Workbook()
    wb.active.title = "行政区划"
    for row in [["县区名称", "区划代码", "所属市"], *COUNTY_ROWS]:
        wb.active.append(row)
    ws = wb.create_sheet("指标定义")
    ws.append(["说明：本地指标"])  # a title row above the header
    ws.append(HEADER)
    ws.append(["local.x", "某指标", "个", "计数", "项目台账", None, "项目性质=新建"])
    wb.save(tmp_path / "台账.xlsx")
    [problem] = [p for p in validate(tmp_path / "台账.xlsx") if p.is_error]
    assert (problem.file, problem.sheet, problem.row, problem.column, problem.value) == (
        "台账.xlsx",
        "指标定义",
        3,
        "筛选条件",
        "项目性质",
    )
    assert str(problem).startswith(
        "文件 台账.xlsx，工作表「指标定义」，第 3 行，列「筛选条件」：《项目台账》中没有此列"
    )


def test_the_built_in_keys_are_checked_only_when_given():
    rows = _frame(
        {
            "key": "funding.total",
            "name": "甲",
            "unit": "个",
            "aggregation": "计数",
            "ledger": "项目台账",
        },
        {
            "key": "local.r",
            "name": "比",
            "unit": "%",
            "aggregation": "比率",
            "numerator": "funding.arrived",
            "denominator": "local.nowhere",
        },
    )
    records, problems = parse_definitions(rows)
    assert problems == [] and [d.key for d in records] == ["funding.total", "local.r"]
    given = check_definitions(rows, reserved={"funding.total", "funding.arrived"})
    assert [(p.row, p.column, p.message) for p in given] == [
        (2, "指标键", "与内置指标的指标键重复"),
        (3, "分母", "分母不是本表或内置指标的指标键"),
    ]
    # left for later, the same two, located where the rows were read
    later = reference_problems(records, {"funding.total", "funding.arrived"})
    assert [(p.row, p.column, p.value) for p in later] == [
        (2, "指标键", "funding.total"),
        (3, "分母", "local.nowhere"),
    ]


def test_a_ratio_of_itself_is_refused():
    rows = _frame(
        {
            "key": "local.a",
            "name": "甲",
            "unit": "%",
            "aggregation": "比率",
            "numerator": "local.b",
            "denominator": "funding.total",
        },
        {
            "key": "local.b",
            "name": "乙",
            "unit": "%",
            "aggregation": "比率",
            "numerator": "local.a",
            "denominator": "funding.total",
        },
    )
    records, problems = parse_definitions(rows)
    assert records == []
    assert [(p.row, p.column) for p in problems] == [(2, "分子"), (3, "分子")]
    assert all("引用了它自己" in p.message for p in problems)


def test_records_are_data_and_compare_without_their_place():
    a = Definition("local.x", "x", "个", "计数", "projects", where={"key": {"row": 2}})
    assert a == Definition("local.x", "x", "个", "计数", "projects") and "where" not in repr(a)
