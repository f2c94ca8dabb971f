"""Loading ledgers: formats, encodings, headers, numbers and dates as analysts write them."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import COUNTY_ROWS, SAMPLE, write_ledger
from formats import assert_same_tables, resave_csv, write_workbook, write_workbook_folder

from wbanalysis.io import load, validate


def test_demo_ledgers_are_valid(demo):
    assert [str(p) for p in validate(SAMPLE)] == ["文件 README.md：不是台账文件，已跳过"]
    assert [str(p) for p in demo.notices] == ["文件 README.md：不是台账文件，已跳过"]
    assert demo.counties == ["青山区", "河东县", "河西县", "龙泉县", "白沙县", "永宁县", "清溪县"]
    assert demo.city == "XX市"
    assert demo.years == [2019, 2020, 2021, 2022, 2023]
    assert demo.last_month(2023) == 10
    assert demo.missing == ()


@pytest.mark.slow
def test_gb18030_csv_loads_the_same(demo, tmp_path):
    folder = resave_csv(SAMPLE, tmp_path / "gbk")
    raw = (folder / "funding.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert validate(folder) == []
    assert_same_tables(demo, load(folder))


@pytest.mark.slow
def test_one_workbook_loads_the_same(demo, tmp_path):
    path = write_workbook(demo, tmp_path / "台账.xlsx", title_row=True)
    assert validate(path) == []
    assert_same_tables(demo, load(path))


@pytest.mark.slow
def test_folder_of_workbooks_loads_the_same(demo, tmp_path):
    folder = write_workbook_folder(demo, tmp_path / "xlsx")
    assert validate(folder) == []
    assert_same_tables(demo, load(folder))


def test_plain_utf8_without_bom(tmp_path):
    write_ledger(tmp_path, "counties", COUNTY_ROWS, encoding="utf-8")
    assert load(tmp_path).counties == ["青山区", "河东县"]


@pytest.mark.parametrize(
    "header",
    [
        [
            "资金编号",
            "年度",
            "月份",
            "所属县区",
            "资金级别",
            "资金类别",
            "争取金额（万元）",
            "到位金额（万元）",
        ],
        [
            "资金编号",
            "年度",
            "月份",
            "所属县区",
            "资金级别",
            "资金类别",
            "争取金额(万元)",
            "到位金额 ( 万元 )",
        ],
        ["record_id", "year", "month", "county", "level", "programme", "secured", "arrived"],
        ["编号", "年份", "月", "县区", "级别", "资金名称", "下达金额", "到位金额"],
    ],
    ids=["full-width", "half-width", "english", "aliases"],
)
def test_header_spellings(tmp_path, header):
    write_ledger(tmp_path, "counties", COUNTY_ROWS)
    write_ledger(
        tmp_path,
        "funding",
        [["Z1", "2023", "3", "青山区", "中央", "中央水利发展资金", "1,554.2", "1 000"]],
        header=header,
    )
    ds = load(tmp_path)
    row = ds.funding.iloc[0]
    assert row["secured"] == pytest.approx(1554.2)
    assert row["arrived"] == pytest.approx(1000.0)
    assert row["month"] == 3


def test_title_row_above_header_and_blank_lines(tmp_path):
    path = write_ledger(tmp_path, "counties", COUNTY_ROWS)
    text = path.read_text(encoding="utf-8-sig")
    path.write_text("XX市行政区划表,,\n" + text + ",,\n", encoding="utf-8-sig")
    assert load(tmp_path).counties == ["青山区", "河东县"]


@pytest.mark.parametrize(
    "text",
    [
        "2023-10-29",
        "2023/10/29",
        "2023年10月29日",
        "2023.10.29",
        "2023-10-29 00:00:00",
        "２０２３－１０－２９",
    ],
)
def test_date_spellings(tmp_path, text):
    write_ledger(tmp_path, "counties", COUNTY_ROWS)
    write_ledger(tmp_path, "warnings", [["Y1", text, "青山区", "气象", ""]])
    assert load(tmp_path).warnings["date"].iloc[0] == pd.Timestamp("2023-10-29")


def test_excel_dates_and_numbers_in_workbook(tmp_path):
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "行政区划"
    ws.append(["县区名称", "区划代码", "所属市"])
    ws.append(["青山区", 990102, "XX市"])
    ws2 = wb.create_sheet("预警转发")
    ws2.append(["预警编号", "转发日期", "所属县区", "来源部门", "预警级别"])
    ws2.append([1, dt.datetime(2023, 5, 4), "青山区", "水文", None])
    wb.save(tmp_path / "book.xlsx")
    ds = load(tmp_path / "book.xlsx")
    assert ds.counties == ["青山区"]
    assert ds["counties"]["code"].iloc[0] == "990102"
    assert ds.warnings["warning_id"].iloc[0] == "1"
    assert ds.warnings["date"].iloc[0] == pd.Timestamp("2023-05-04")


def test_unit_in_header_is_converted(tmp_path):
    header = [
        "资金编号",
        "年度",
        "月份",
        "所属县区",
        "资金级别",
        "资金类别",
        "争取金额（元）",
        "到位金额（亿元）",
    ]
    write_ledger(tmp_path, "counties", COUNTY_ROWS)
    write_ledger(
        tmp_path,
        "funding",
        [["Z1", 2023, 3, "青山区", "省级", "省级水利专项资金", "1320000", "0.0132"]],
        header=header,
    )
    row = load(tmp_path).funding.iloc[0]
    assert row["secured"] == pytest.approx(132.0)
    assert row["arrived"] == pytest.approx(132.0)


def test_booleans_and_derived_columns(demo):
    assert demo.reservoirs["rain_monitoring"].dtype == "boolean"
    assert set(demo.storage["year"]) == {2019, 2020, 2021, 2022, 2023}
    assert demo.patrols["county"].notna().all()
    assert demo.milestones["county"].notna().all()
    assert demo.activities["county"].isna().any()  # the city bureau's own activities


def test_missing_ledgers_are_empty_tables(tmp_path):
    write_ledger(tmp_path, "counties", COUNTY_ROWS)
    ds = load(tmp_path)
    assert "funding" in ds.missing
    assert len(ds.funding) == 0 and "secured" in ds.funding.columns


@pytest.mark.slow
def test_loading_never_touches_the_files(demo_copy):
    before = {p.name: p.read_bytes() for p in demo_copy.iterdir()}
    load(demo_copy)
    assert {p.name: p.read_bytes() for p in demo_copy.iterdir()} == before


def test_sample_folder_has_no_stray_files():
    shutil.disk_usage(SAMPLE)  # the folder exists
    names = {p.suffix for p in SAMPLE.iterdir()}
    assert names <= {".csv", ".md"}


# --- issue #24, 8: what is no file, and a cell too long for the csv module --------------------


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_named_like_a_ledger_is_told_and_never_opened(tmp_path):
    """A FIFO named funding.csv was reported as 未找到《资金台账》 (and opening one would wait
    for ever): it gets its own sentence, and validation returns."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "ledgers"
    write_ledger(folder, "counties", COUNTY_ROWS)
    os.mkfifo(folder / "funding.csv")
    os.mkfifo(folder / "notes.txt")
    run = subprocess.run(
        [sys.executable, "-m", "wbanalysis", "validate", "--data", str(folder)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,  # opening the pipe would block until killed
    )
    out = run.stdout + run.stderr
    assert run.returncode == 2, out
    assert "funding.csv" in out and "不是普通文件（是命名管道、设备或套接字）" in out
    assert "无法作为《资金台账》台账读取" in out
    assert "未找到《资金台账》" not in out
    assert "notes.txt" in out and "已跳过" in out  # not named like a ledger: a notice
    assert "Traceback" not in out


def test_a_cell_longer_than_the_csv_limit_is_refused_wholly_in_chinese(tmp_path):
    """A 200,000-character cell was refused as “CSV 格式错误：field larger than field limit
    (131072)”: the sentence is Chinese now and says where."""
    folder = tmp_path / "ledgers"
    write_ledger(folder, "counties", COUNTY_ROWS)
    path = write_ledger(folder, "funding", [])
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("ZJ-1,2023,1,白沙县,中央,补助," + "甲" * 200_000 + ",1,,\n")
    problems = [p for p in validate(folder) if p.file == "funding.csv"]
    assert len(problems) == 1
    text = str(problems[0])
    assert "第 2 行附近" in text and "131072" in text
    assert not any(word in text for word in ("field", "limit", "larger"))
