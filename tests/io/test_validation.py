"""Bad input: every problem reported in Chinese with file, row, column; exit 2; no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import COUNTY_ROWS, ROOT, write_ledger

from wbanalysis.cli import main

FUNDING_OK = ["Z1", "2023", "3", "青山区", "中央", "中央水利发展资金", "100", "80", ""]
CHIEF_OK = ["HZ1", "张伟", "村级", "青山区", "青山河"]
PROJECT_OK = ["P1", "龙潭水库", "青山区", "水库", "38600", ""]


def _funding(tmp, **change):
    row = list(FUNDING_OK)
    for index, value in change.items():
        row[int(index[1:])] = value
    write_ledger(tmp, "counties", COUNTY_ROWS)
    write_ledger(tmp, "funding", [FUNDING_OK, row])


# (case id, builder(tmp) -> None, file, excel row, column header, text in message)
def _missing_column(tmp):
    write_ledger(tmp, "counties", COUNTY_ROWS)
    write_ledger(
        tmp,
        "funding",
        [FUNDING_OK[:-3] + FUNDING_OK[-2:]],
        header=[
            "资金编号",
            "年度",
            "月份",
            "所属县区",
            "资金级别",
            "资金类别",
            "到位金额（万元）",
            "项目编号",
        ],
    )


def _wrong_type(tmp):
    _funding(tmp, c6="一百万")


def _negative(tmp):
    _funding(tmp, c6="-5")


def _month(tmp):
    _funding(tmp, c2="13")


def _county(tmp):
    _funding(tmp, c3="东城区")


def _category(tmp):
    write_ledger(tmp, "counties", COUNTY_ROWS)
    write_ledger(tmp, "projects", [PROJECT_OK, ["P2", "某工程", "河东县", "水电站", "10", ""]])


def _duplicate(tmp):
    _funding(tmp, c0="Z1")


def _unknown_chief(tmp):
    write_ledger(tmp, "counties", COUNTY_ROWS)
    write_ledger(tmp, "river_chiefs", [CHIEF_OK])
    write_ledger(tmp, "patrols", [["HZ1", "2023", "1", "4"], ["HZ9", "2023", "1", "4"]])


def _unknown_project(tmp):
    write_ledger(tmp, "counties", COUNTY_ROWS)
    write_ledger(tmp, "projects", [PROJECT_OK])
    write_ledger(
        tmp,
        "milestones",
        [["P1", "开工", "2023-03-31", "2023-04-02"], ["P7", "开工", "2023-03-31", ""]],
    )


def _bad_date(tmp):
    write_ledger(tmp, "counties", COUNTY_ROWS)
    write_ledger(
        tmp,
        "warnings",
        [["Y1", "2023-05-04", "青山区", "气象", ""], ["Y2", "2023-02-30", "青山区", "气象", ""]],
    )


def _empty_required(tmp):
    _funding(tmp, c4="")


CASES = [
    ("missing-column", _missing_column, "funding.csv", 1, "争取金额（万元）", "缺少必填列"),
    ("wrong-type", _wrong_type, "funding.csv", 3, "争取金额（万元）", "须为数值"),
    ("negative", _negative, "funding.csv", 3, "争取金额（万元）", "不能为负数"),
    ("month-13", _month, "funding.csv", 3, "月份", "超出范围"),
    ("unknown-county", _county, "funding.csv", 3, "所属县区", "不存在"),
    ("unknown-category", _category, "projects.csv", 3, "项目类别", "不在允许的取值范围内"),
    ("duplicate-id", _duplicate, "funding.csv", 3, "资金编号", "编号重复"),
    ("unknown-chief", _unknown_chief, "patrols.csv", 3, "河湖长编号", "河湖长名录"),
    ("unknown-project", _unknown_project, "milestones.csv", 3, "项目编号", "项目台账"),
    ("invalid-date", _bad_date, "warnings.csv", 3, "转发日期", "不是有效日期"),
    ("empty-required", _empty_required, "funding.csv", 3, "资金级别", "必填项为空"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_problem_is_located(tmp_path, capsys, case):
    _, build, file, row, column, text = case
    build(tmp_path)
    assert main(["validate", "--data", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if text in line and f"第 {row} 行" in line)
    assert f"文件 {file}" in line
    assert f"第 {row} 行" in line
    assert f"列「{column}」" in line
    assert "允许" in line
    assert "Traceback" not in err


def test_allowed_values_are_listed(tmp_path, capsys):
    _category(tmp_path)
    main(["validate", "--data", str(tmp_path)])
    err = capsys.readouterr().err
    assert "（值：水电站）" in err and "水库、灌区、小流域" in err


@pytest.mark.parametrize(
    "content,name,text",
    [
        (b"", "funding.csv", "文件为空"),
        (b"   \r\n", "funding.csv", "文件为空"),
        (b"PK\x03\x04 this is not a workbook", "资金台账.xlsx", "无法读取工作簿"),
        (b"", "资金台账.xlsx", "文件为空"),
        (b"PK\x03\x04", "汇总.ods", "不支持的文件类型 '.ods'：请在 Excel 或 WPS 中另存为 .xlsx"),
        (b"\x00\x01\x02binary", "funding.csv", "不是文本格式"),
        (b"a,b\n1,2\n", "名单.csv", "无法识别的台账文件名"),
    ],
    ids=[
        "empty-csv",
        "blank-csv",
        "corrupt-xlsx",
        "empty-xlsx",
        "ods",
        "binary-csv",
        "unknown-name",
    ],
)
def test_unreadable_files(tmp_path, capsys, content, name, text):
    write_ledger(tmp_path, "counties", COUNTY_ROWS)
    (tmp_path / name).write_bytes(content)
    assert main(["validate", "--data", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"文件 {name}" in err and text in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_every_problem_at_once_through_the_real_command(tmp_path):
    """One run lists the problems of every file; exit status 2; no traceback."""
    write_ledger(tmp_path, "counties", COUNTY_ROWS)
    bad = [
        ["Z2", "2023", "13", "青山区", "中央", "中央水利发展资金", "一百", "80", ""],
        ["Z3", "2023", "4", "东城区", "中央", "中央水利发展资金", "-5", "80", ""],
    ]
    write_ledger(tmp_path, "funding", [FUNDING_OK] + bad)
    write_ledger(tmp_path, "projects", [PROJECT_OK, ["P2", "某工程", "河东县", "水电站", "10", ""]])
    write_ledger(tmp_path, "milestones", [["P7", "开工", "2023-03-31", ""]])
    write_ledger(tmp_path, "river_chiefs", [CHIEF_OK])
    write_ledger(tmp_path, "patrols", [["HZ9", "2023", "1", "4"]])
    (tmp_path / "说明.pdf").write_bytes(b"%PDF")  # a document: skipped with a notice
    (tmp_path / "汇总.ods").write_bytes(b"PK\x03\x04")
    proc = subprocess.run(
        [sys.executable, "-m", "wbanalysis", "validate", "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    for text in (
        "超出范围",
        "须为数值",
        "不能为负数",
        "《行政区划》中不存在",
        "不在允许的取值范围内",
        "《河湖长名录》中不存在",
        "《项目台账》中不存在",
        "不支持的文件类型",
    ):
        assert text in proc.stderr, text
    assert "台账数据有 8 处问题" in proc.stderr
    assert "文件 说明.pdf：不是台账文件，已跳过" in proc.stderr


def test_valid_demo_exits_zero(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("台账检查通过")
    assert out.splitlines()[1:] == ["提示（1 条）：", "  - 文件 README.md：不是台账文件，已跳过"]


def test_missing_folder(capsys, tmp_path):
    assert main(["validate", "--data", str(tmp_path / "nope")]) == 2
    assert "找不到数据文件夹" in capsys.readouterr().err


def test_files_are_never_modified(tmp_path):
    _wrong_type(tmp_path)
    before = {p: p.read_bytes() for p in Path(tmp_path).iterdir()}
    main(["validate", "--data", str(tmp_path)])
    assert {p: p.read_bytes() for p in Path(tmp_path).iterdir()} == before
