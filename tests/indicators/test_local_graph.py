"""指标定义 as a graph (issue #24): ratios built on ratios computed once each, without
recursion the input can deepen; cycles, depth and count past the limits refused by row."""

from __future__ import annotations

import csv
import sys

import pandas as pd
import pytest
from conftest import COUNTY_ROWS, write_ledger

from wbanalysis.cli import main
from wbanalysis.dataset import Dataset
from wbanalysis.errors import DataError
from wbanalysis.indicators import compute_indicators
from wbanalysis.indicators import local as local_module
from wbanalysis.indicators.local import compile_definitions
from wbanalysis.io.definitions import (
    MAX_DEFINITIONS,
    MAX_RATIO_DEPTH,
    Definition,
    parse_definitions,
)
from wbanalysis.schema import DEFINITIONS

COUNTIES = pd.DataFrame({"county": ["甲县"], "code": [None], "city": ["某市"]})
FUNDING = pd.DataFrame(
    {
        "record_id": ["F1", "F2"],
        "year": [2023, 2023],
        "month": [3, 6],
        "county": ["甲县", "甲县"],
        "level": ["中央", "省级"],
        "programme": ["水利发展资金"] * 2,
        "secured": [100.0, 50.0],
        "arrived": [80.0, 50.0],
        "project_id": [None] * 2,
    }
)


def _chain(n: int, *, doubled: bool) -> list[dict]:
    """local.r0 counts the funding rows; local.ri is local.r(i-1) over local.r(i-1) when
    ``doubled`` (each ratio built from the previous one twice), else over funding.total."""
    rows = [
        {
            "key": "local.r0",
            "name": "笔数",
            "unit": "笔",
            "aggregation": "计数",
            "ledger": "资金台账",
        }
    ]
    for i in range(1, n + 1):
        rows.append(
            {
                "key": f"local.r{i}",
                "name": f"比{i}",
                "unit": "个",
                "aggregation": "比率",
                "numerator": f"local.r{i - 1}",
                "denominator": f"local.r{i - 1}" if doubled else "funding.total",
            }
        )
    return rows


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{c.name: row.get(c.name) for c in DEFINITIONS.columns} for row in rows])


def _write(folder, rows: list[dict]) -> None:
    write_ledger(folder, "counties", COUNTY_ROWS)
    with open(folder / "指标定义.csv", "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([c.zh for c in DEFINITIONS.columns])
        for row in rows:
            writer.writerow([row.get(c.name) or "" for c in DEFINITIONS.columns])


def test_forty_doubled_ratios_compute_each_indicator_once(monkeypatch):
    """As found: 40 rows each built from the previous one twice took 2^n evaluations."""
    records, problems = parse_definitions(_frame(_chain(40, doubled=True)))
    assert problems == []
    calls: dict[str, int] = {}
    real = local_module.LocalCompute._compute

    def counted(self, selection):
        calls[self.definition.key] = calls.get(self.definition.key, 0) + 1
        return real(self, selection)

    monkeypatch.setattr(local_module.LocalCompute, "_compute", counted)
    dataset = Dataset({"counties": COUNTIES, "funding": FUNDING}, definitions=records)
    values = compute_indicators(dataset, year=2023, through_month=6)
    assert values["local.r0"] == 2 and values["local.r40"] == 1.0
    assert calls == {f"local.r{i}": 1 for i in range(41)}


def test_a_long_chain_computes_without_deep_calls(monkeypatch):
    """A chain at the depth limit is computed with a call stack that does not grow with it."""
    records, problems = parse_definitions(_frame(_chain(MAX_RATIO_DEPTH, doubled=False)))
    assert problems == []
    depth = {"now": 0, "most": 0}
    real = local_module.LocalCompute._compute

    def tracked(self, selection):
        depth["now"] += 1
        depth["most"] = max(depth["most"], depth["now"])
        try:
            return real(self, selection)
        finally:
            depth["now"] -= 1

    monkeypatch.setattr(local_module.LocalCompute, "_compute", tracked)
    dataset = Dataset({"counties": COUNTIES, "funding": FUNDING}, definitions=records)
    compute_indicators(dataset, year=2023, through_month=6, keys=[f"local.r{MAX_RATIO_DEPTH}"])
    assert depth["most"] <= 2


def test_two_thousand_chained_ratios_are_refused_by_row():
    """As found: 2,000 chained ratios ended in a RecursionError traceback."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # nothing here may recurse along the chain
    try:
        records, problems = parse_definitions(_frame(_chain(2000, doubled=False)))
    finally:
        sys.setrecursionlimit(limit)
    deep = [p for p in problems if "嵌套超过" in p.message]
    over = [p for p in problems if "至多" in p.message and p.column == "指标键"]
    # row r(i) is Excel row i + 2; r(MAX_RATIO_DEPTH + 1) is the first too deep
    assert [p.row for p in deep] == list(range(MAX_RATIO_DEPTH + 3, MAX_DEFINITIONS + 2))
    assert {p.column for p in deep} == {"分子"}
    assert deep[0].value == f"local.r{MAX_RATIO_DEPTH}"
    assert [p.row for p in over] == list(range(MAX_DEFINITIONS + 2, 2003))
    assert len(records) == MAX_RATIO_DEPTH + 1


def test_a_cycle_and_what_builds_on_it_are_refused_by_row():
    rows = _chain(4, doubled=False)
    rows[1]["numerator"] = "local.r3"  # r1 → r3 → r2 → r1
    rows.append(dict(rows[4], key="local.after", numerator="local.r1", denominator="local.r0"))
    records, problems = parse_definitions(_frame(rows))
    assert [d.key for d in records] == ["local.r0"]
    found = sorted((p.row, p.column, p.value, p.message) for p in problems)
    assert found == [
        (3, "分子", "local.r3", "比率的分子、分母直接或间接引用了它自己"),
        (4, "分子", "local.r1", "比率的分子、分母直接或间接引用了它自己"),
        (5, "分子", "local.r2", "比率的分子、分母直接或间接引用了它自己"),
        (6, "分子", "local.r3", "比率引用的指标直接或间接引用了它自己"),
        (7, "分子", "local.r1", "比率引用的指标直接或间接引用了它自己"),
    ]


def test_records_made_by_hand_are_resolved_when_compiling():
    a = Definition("local.a", "甲", "%", "比率", numerator="local.b", denominator="local.b")
    b = Definition("local.b", "乙", "%", "比率", numerator="local.a", denominator="local.a")
    with pytest.raises(DataError, match="引用了它自己"):
        compile_definitions([a, b])


@pytest.mark.parametrize(
    "rows, row, column, message",
    [
        (_chain(2000, doubled=False), MAX_RATIO_DEPTH + 3, "分子", "比率嵌套超过"),
        (
            _chain(40, doubled=False)[:2]
            + [dict(_chain(2, doubled=False)[2], numerator="local.r2")],
            4,
            "分子",
            "引用了它自己",
        ),
    ],
    ids=["two thousand chained", "cycle"],
)
def test_the_command_line_refuses_in_chinese(tmp_path, capsys, rows, row, column, message):
    _write(tmp_path, rows)
    for argv in (
        ["validate", "--data", str(tmp_path)],
        ["indicators", "--year", "2023", "--data", str(tmp_path)],
    ):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert f"文件 指标定义.csv，第 {row}" in err and f"列「{column}」" in err, err
        assert message in err and "Traceback" not in err
