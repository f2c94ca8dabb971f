"""A bureau's filters cannot silently miss: values compared as written (full-width brackets,
quoted values holding 、), and a value no row holds is an error naming it, with the nearest."""

from __future__ import annotations

import csv
import shutil

import pytest
from conftest import SAMPLE

import wbanalysis as wb
from wbanalysis.cli import main
from wbanalysis.errors import DataError
from wbanalysis.indicators import compute_indicators
from wbanalysis.schema import DEFINITIONS


def _folder(tmp_path, rows: list[dict], projects_edit=None):
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE, folder)
    if projects_edit:
        path = folder / "projects.csv"
        with open(path, encoding="utf-8-sig", newline="") as fh:
            table = list(csv.reader(fh))
        projects_edit(table)
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(table)
    with open(folder / "指标定义.csv", "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([c.zh for c in DEFINITIONS.columns])
        for row in rows:
            writer.writerow([row.get(c.name, "") for c in DEFINITIONS.columns])
    return folder


def _count(key: str, filters: str) -> dict:
    return {
        "key": key,
        "name": "项目数",
        "unit": "个",
        "aggregation": "计数",
        "ledger": "项目台账",
        "filters": filters,
    }


def _rename_project(table, old: str, new: str):
    name = table[0].index("项目名称")
    for row in table[1:]:
        if row[name] == old:
            row[name] = new


def test_a_value_with_full_width_brackets_matches_the_cell_as_written(tmp_path):
    old = "三岔河中小河流治理工程"
    folder = _folder(
        tmp_path,
        [_count("local.phase2", "项目名称=三岔河中小河流治理工程（二期）")],
        lambda t: _rename_project(t, old, old + "（二期）"),
    )
    ds = wb.load(folder)
    assert compute_indicators(ds, year=2020, through_month=12)["local.phase2"] == 1


def test_a_quoted_value_may_hold_the_separator(tmp_path):
    old = "三岔河中小河流治理工程"
    folder = _folder(
        tmp_path,
        [_count("local.both", "项目名称=「三岔河治理、清淤工程」、龙川河中小河流治理工程")],
        lambda t: _rename_project(t, old, "三岔河治理、清淤工程"),
    )
    ds = wb.load(folder)
    # the project list has no period: both named projects (ZX-01 renamed, ZX-02) are counted;
    # unquoted, 三岔河治理 and 清淤工程 would be two values that no row holds
    assert compute_indicators(ds, year=2023)["local.both"] == 2


def test_a_value_no_row_holds_is_an_error_with_the_nearest_values(tmp_path, capsys):
    folder = _folder(tmp_path, [_count("local.typo", "项目名称=三岔河中小河流治理")])
    with pytest.raises(DataError) as caught:
        wb.load(folder)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "筛选条件", "三岔河中小河流治理")
    assert "《项目台账》的任何一行中都没有" in problem.message
    assert "三岔河中小河流治理工程" in problem.allowed
    assert main(["validate", "--data", str(folder)]) == 2
    out = capsys.readouterr()
    shown = out.out + out.err
    assert "第 2 行，列「筛选条件」" in shown
    assert "相近的取值：三岔河中小河流治理工程" in shown


def test_the_nearest_values_are_shown_as_the_ledger_writes_them(tmp_path):
    old = "三岔河中小河流治理工程"
    folder = _folder(
        tmp_path,
        [_count("local.typo", "项目名称=三岔河中小河流治理")],
        lambda t: _rename_project(t, old, old + "（二期）"),
    )
    with pytest.raises(DataError) as caught:
        wb.load(folder)
    (problem,) = caught.value.problems
    # the full-width brackets of the cell, not the folded (二期) the comparison uses
    assert "三岔河中小河流治理工程（二期）" in problem.allowed
    assert "(二期)" not in problem.allowed
