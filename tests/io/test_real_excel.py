"""Ledgers as county offices make them in Excel and WPS (issue #10).

Each test writes one demo ledger the way an office does (XlsxWriter writes as Excel does:
shared strings, styles, merged ranges, stored formula results; xlwt writes legacy .xls; the
text files are what Excel's "Save as" writes), puts it beside the demo CSV ledgers it refers
to, and asserts either the demo's exact table and figures, or the exact message and exit 2.
No input file may change.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, SAMPLE
from formats import demo_subset, excel_workbook, headers, ledger_rows, saved_by_excel, write_rows

from wbanalysis.cli import main
from wbanalysis.indicators import compute_indicators
from wbanalysis.io import load, validate
from wbanalysis.schema import LEDGERS

# seconds a test (subprocesses, large files, whole builds): left out of `make test-fast`
pytestmark = pytest.mark.slow

#: The lead's figures (whole city, 2023, January–October) and the ledger each comes from.
FIGURES = {
    "funding.total": ("funding", 3209),
    "funding.central": ("funding", 1650.2),
    "investment.fixed_asset": ("fixed_asset_investment", 119700),
    "rural_supply.pipeline_km": ("project_progress", 14),
    "storage.actual": ("storage", 6636),
    "rivers.chiefs": ("river_chiefs", 425),
    "resources.water_fee": ("fees", 6219.38),
    "rural_water.works": ("rural_water_works", 1090),
}


# ---- helpers -----------------------------------------------------------------------------


def folder_for(tmp_path: Path, name: str) -> Path:
    """The demo CSV ledgers ``name`` refers to, without ``name`` itself (and two monthly
    ledgers, which tell the years with data)."""
    return demo_subset(
        SAMPLE, tmp_path / "data", [name, "fixed_asset_investment", "fees"], without=(name,)
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def run_validate(folder: Path, capsys) -> tuple[int, str, str]:
    before = snapshot(folder)
    code = main(["validate", "--data", str(folder)])
    out = capsys.readouterr()
    assert snapshot(folder) == before, "validate changed an input file"
    assert "Traceback" not in out.err + out.out
    return code, out.out, out.err


def assert_reads_as_demo(
    folder: Path, name: str, demo, capsys, *, sort: str | None = None, notices: tuple[str, ...] = ()
) -> list[str]:
    """``name`` loads as the demo's table, validate passes, the figures are the demo's."""
    code, out, err = run_validate(folder, capsys)
    assert code == 0, err
    ds = load(folder)
    got, want = ds[name], demo[name]
    if sort:
        got = got.sort_values(sort).reset_index(drop=True)
        want = want.sort_values(sort).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=True, obj=name)
    values = compute_indicators(ds, year=2023, through_month=10)
    expected = compute_indicators(demo, year=2023, through_month=10)
    for key, (ledger, figure) in FIGURES.items():
        if ledger == name:
            assert values[key] == pytest.approx(figure), key
    for key, value in values.items():  # every figure it gives is the demo's, never another
        if not (isinstance(value, float) and math.isnan(value)):
            assert value == pytest.approx(expected[key]), key
    shown = [str(p) for p in ds.notices]
    for text in notices:
        assert any(text in line for line in shown), (text, shown)
        assert text in out
    return shown


def assert_refused(folder: Path, capsys, *texts: str) -> str:
    """validate exits 2 and says each of ``texts``; load raises."""
    code, _, err = run_validate(folder, capsys)
    assert code == 2, err
    for text in texts:
        assert text in err, (text, err)
    return err


def amounts_in_yuan(rows: list[list], name: str) -> list[list]:
    """The rows with every 万元 amount written in 元, as an office that keeps yuan does."""
    cols = [c.unit == "万元" for c in LEDGERS[name].columns]
    return [
        [round(v * 10000, 2) if wan and v is not None else v for v, wan in zip(row, cols)]
        for row in rows
    ]


def plain(header: str) -> str:
    return header.split("（")[0]


# ---- silently wrong before: a unit written once above the header -------------------------


def test_unit_in_a_merged_group_cell_over_a_two_level_header(demo, tmp_path, capsys):
    """资金情况（单位：元） merged over 争取金额 and 到位金额; the other headers merged down."""
    folder = folder_for(tmp_path, "funding")

    def build(wb):
        ws = wb.add_worksheet("Sheet1")
        bold = wb.add_format({"bold": True, "align": "center", "border": 1})
        ws.merge_range("A1:I1", "XX市2023年争取项目资金台账", bold)
        for j, h in enumerate(headers("funding")):
            if j in (6, 7):
                continue
            ws.merge_range(1, j, 2, j, plain(h), bold)
        ws.merge_range("G2:H2", "资金情况（单位：元）", bold)
        ws.write("G3", "争取金额", bold)
        ws.write("H3", "到位金额", bold)
        write_rows(ws, amounts_in_yuan(ledger_rows(demo, "funding"), "funding"), 3)

    excel_workbook(folder / "资金台账.xlsx", build)
    assert_reads_as_demo(folder, "funding", demo, capsys)


def test_unit_in_a_subtitle_row(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")

    def build(wb):
        ws = wb.add_worksheet("资金台账")
        ws.merge_range("A1:I1", "XX市争取项目资金台账（截至2023年10月）")
        ws.write("A2", "填报单位：XX市水务局")
        ws.write("I2", "单位：元")
        write_rows(ws, [[plain(h) for h in headers("funding")]], 2)
        write_rows(ws, amounts_in_yuan(ledger_rows(demo, "funding"), "funding"), 3)

    excel_workbook(folder / "台账.xlsx", build)
    assert_reads_as_demo(folder, "funding", demo, capsys)


def test_group_label_running_over_an_empty_cell_is_a_group(demo, tmp_path, capsys):
    """Unmerged two-level header: the group text shows over the empty cell to its right."""
    folder = folder_for(tmp_path, "funding")
    top = [plain(h) for h in headers("funding")]
    top[6], top[7] = "资金情况（元）", None
    second = [None] * 6 + ["争取金额", "到位金额", None]
    rows = amounts_in_yuan(ledger_rows(demo, "funding"), "funding")
    excel_workbook(
        folder / "资金台账.xlsx",
        lambda wb: write_rows(wb.add_worksheet("资金台账"), [top, second] + rows),
    )
    assert_reads_as_demo(folder, "funding", demo, capsys)


def test_units_that_disagree_are_an_error(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")

    def build(wb):
        ws = wb.add_worksheet("资金台账")
        ws.write("A1", "单位：元")
        write_rows(ws, [headers("funding")] + ledger_rows(demo, "funding"), 1)

    excel_workbook(folder / "资金台账.xlsx", build)
    assert_refused(
        folder,
        capsys,
        "文件 资金台账.xlsx，工作表「资金台账」，第 2 行，列「争取金额（万元）」："
        "表头中的单位不一致：表头「争取金额（万元）」写“万元”，「单位：元」写“元”",
    )


def test_unit_shown_by_the_number_format(demo, tmp_path, capsys):
    """Headers without a unit; the cells show 880100元 through their number format."""
    folder = folder_for(tmp_path, "funding")

    def build(wb):
        ws = wb.add_worksheet("资金台账")
        yuan = wb.add_format({"num_format": '#,##0.00"元"'})
        write_rows(ws, [[plain(h) for h in headers("funding")]])
        for i, row in enumerate(amounts_in_yuan(ledger_rows(demo, "funding"), "funding"), 1):
            for j, value in enumerate(row):
                if value is not None:
                    ws.write(i, j, value, yuan if j in (6, 7) else None)

    excel_workbook(folder / "资金台账.xlsx", build)
    assert_reads_as_demo(folder, "funding", demo, capsys)


def test_number_format_disagreeing_with_the_header_is_an_error(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")

    def build(wb):
        ws = wb.add_worksheet("资金台账")
        yuan = wb.add_format({"num_format": '0"元"'})
        write_rows(ws, [headers("funding")] + ledger_rows(demo, "funding"))
        ws.write(1, 6, 880100, yuan)

    excel_workbook(folder / "资金台账.xlsx", build)
    assert_refused(
        folder,
        capsys,
        "第 2 行，列「争取金额（万元）」：单元格的数字格式显示单位“元”，与该列的单位“万元”不一致",
    )


# ---- silently wrong before: two headers for one column -----------------------------------


def test_two_columns_with_the_same_header_are_an_error(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")
    rows = [row + [row[6] * 2] for row in ledger_rows(demo, "funding")]
    excel_workbook(
        folder / "资金台账.xlsx",
        lambda wb: write_rows(
            wb.add_worksheet("资金台账"), [headers("funding") + ["争取金额（万元）"]] + rows
        ),
    )
    assert_refused(
        folder,
        capsys,
        "第 1 行，列「争取金额（万元）」：表头「争取金额（万元）」（G 列）与"
        "「争取金额（万元）」（K 列）都对应“争取金额”：无法确定用哪一列",
    )


# ---- silently wrong before: a merged cell in the data area -------------------------------


def test_county_merged_down_the_rows_of_each_county(demo, tmp_path, capsys):
    """One 所属县区 cell merged over the activities of that county (an optional column)."""
    name = "activities"
    folder = folder_for(tmp_path, name)
    table = demo[name].sort_values("county", kind="stable", na_position="last")
    rows = [
        [None if pd.isna(v) else v for v in r]
        for r in table[LEDGERS[name].names].astype(object).itertuples(index=False)
    ]
    rows = [[v.to_pydatetime() if isinstance(v, pd.Timestamp) else v for v in r] for r in rows]

    def build(wb):
        ws = wb.add_worksheet(LEDGERS[name].zh)
        write_rows(ws, [headers(name)] + rows)
        start = 0
        for k in range(1, len(rows) + 1):
            if k == len(rows) or rows[k][2] != rows[start][2]:
                if rows[start][2] is not None and k - start > 1:
                    ws.merge_range(start + 1, 2, k, 2, rows[start][2])
                start = k

    excel_workbook(folder / "专项行动与党建活动.xlsx", build)
    assert_reads_as_demo(
        folder, name, demo, capsys, sort="activity_id", notices=("的值已填入合并区域的每一行",)
    )
    ds = load(folder)
    for county in ("青山区", "白沙县"):
        mine = compute_indicators(ds, year=2023, county=county, through_month=10)
        theirs = compute_indicators(demo, year=2023, county=county, through_month=10)
        assert mine["rivers.participants"] == theirs["rivers.participants"] > 0


def test_merged_cell_across_two_columns_of_a_record_is_an_error(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")

    def build(wb):
        ws = wb.add_worksheet("资金台账")
        write_rows(ws, [headers("funding")] + ledger_rows(demo, "funding"))
        ws.merge_range("G3:H3", 98.84)

    excel_workbook(folder / "资金台账.xlsx", build)
    assert_refused(
        folder, capsys, "第 3 行，列「争取金额（万元）」：数据区的合并单元格 G3:H3 跨越台账的多列"
    )


# ---- silently wrong before: formulas without stored results ------------------------------


def _progress_rows(demo):
    return ledger_rows(demo, "project_progress")


def test_formulas_without_results_written_by_a_program(demo, tmp_path, capsys):
    """openpyxl stores formulas and no results: the file was never opened in Excel."""
    from openpyxl import Workbook

    folder = folder_for(tmp_path, "project_progress")
    wb = Workbook()
    ws = wb.active
    ws.title = "项目投资进度"
    ws.append(headers("project_progress"))
    for row in _progress_rows(demo):
        if row[4] is not None:
            row = row[:4] + [f"={row[4]}*1"]
        ws.append(row)
    wb.save(folder / "项目投资进度.xlsx")
    err = assert_refused(
        folder,
        capsys,
        "列「管道安装（km）」：公式没有保存计算结果（文件由程序生成、未在 Excel 中"
        "保存过）：请用 Excel 或 WPS 打开此文件并保存后再试",
    )
    assert "（共 " in err  # one line for all the rows


def test_formulas_whose_stored_result_is_a_placeholder(demo, tmp_path, capsys):
    """XlsxWriter stores 0 for each formula and asks Excel to recalculate on opening."""
    folder = folder_for(tmp_path, "project_progress")

    def build(wb):
        ws = wb.add_worksheet("项目投资进度")
        write_rows(ws, [headers("project_progress")])
        for i, row in enumerate(_progress_rows(demo), 1):
            write_rows(ws, [row[:4]], i)
            if row[4] is not None:
                ws.write_formula(i, 4, f"={row[4]}*1")

    excel_workbook(folder / "项目投资进度.xlsx", build, excel_saved=False)
    assert_refused(folder, capsys, "公式没有保存计算结果")


def test_formulas_with_results_saved_by_excel(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "project_progress")

    def build(wb):
        ws = wb.add_worksheet("项目投资进度")
        write_rows(ws, [headers("project_progress")])
        for i, row in enumerate(_progress_rows(demo), 1):
            write_rows(ws, [row[:4] + [None] + row[5:]], i)
            if row[4] is not None:
                ws.write_formula(i, 4, f"={row[4]}*1", None, row[4])

    excel_workbook(folder / "项目投资进度.xlsx", build)
    assert_reads_as_demo(folder, "project_progress", demo, capsys)


def test_error_values_are_errors(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")

    def build(wb):
        ws = wb.add_worksheet("资金台账")
        write_rows(ws, [headers("funding")] + ledger_rows(demo, "funding"))
        ws.write_formula("G2", "=1/0", None, "#DIV/0!")

    excel_workbook(folder / "资金台账.xlsx", build)
    assert_refused(
        folder, capsys, "第 2 行，列「争取金额（万元）」：单元格是错误值 #DIV/0!（公式出错）"
    )


# ---- silently skipped before: Unicode text, one sheet per year, a missing ledger ---------


def _unicode_text(rows: list[list]) -> bytes:
    """What Excel's "Unicode 文本 (*.txt)" writes: UTF-16 LE with BOM, tabs, CRLF."""

    def text(v):
        if v is None:
            return ""
        if isinstance(v, dt.datetime):
            return f"{v.year}/{v.month}/{v.day}"
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)

    lines = ["\t".join(text(v) for v in row) for row in rows]
    return b"\xff\xfe" + ("\r\n".join(lines) + "\r\n").encode("utf-16-le")


@pytest.mark.parametrize("file", ["资金台账.txt", "funding.csv"])
def test_excel_unicode_text(demo, tmp_path, capsys, file):
    folder = folder_for(tmp_path, "funding")
    (folder / file).write_bytes(_unicode_text([headers("funding")] + ledger_rows(demo, "funding")))
    assert_reads_as_demo(folder, "funding", demo, capsys)


def _year_sheets(demo, wb, *, with_year: bool = True, move: str | None = None):
    rows = ledger_rows(demo, "funding")
    head = headers("funding")
    for year in sorted({r[1] for r in rows}):
        ws = wb.add_worksheet(str(year))
        mine = [r for r in rows if r[1] == year or (r[0] == move and year == 2023)]
        mine = [r for r in mine if not (r[0] == move and year != 2023)]
        if not with_year:
            mine = [r[:1] + r[2:] for r in mine]
        write_rows(ws, [head if with_year else head[:1] + head[2:]] + mine)


def test_one_sheet_per_year(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")
    excel_workbook(folder / "资金台账.xlsx", lambda wb: _year_sheets(demo, wb))
    assert_reads_as_demo(folder, "funding", demo, capsys)


def test_one_sheet_per_year_without_a_year_column(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")
    excel_workbook(folder / "资金台账.xlsx", lambda wb: _year_sheets(demo, wb, with_year=False))
    assert_reads_as_demo(
        folder,
        "funding",
        demo,
        capsys,
        notices=("工作表「2019」：没有年度列：各行的年度取自工作表名（2019）",),
    )


def test_a_row_on_the_sheet_of_another_year_is_an_error(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")
    excel_workbook(folder / "资金台账.xlsx", lambda wb: _year_sheets(demo, wb, move="ZJ2022-001"))
    assert_refused(
        folder,
        capsys,
        "工作表「2023」，第 ",
        "列「年度」：不属于工作表名所示的年度（2023）（值：2022）",
    )


def test_missing_ledger_is_no_data_never_zero(demo, tmp_path, capsys):
    folder = demo_subset(SAMPLE, tmp_path / "data", list(LEDGERS), without=("loan_drawdowns",))
    code, out, _ = run_validate(folder, capsys)
    assert code == 0
    assert "  - 未找到《外资贷款提款》台账：相关指标将显示为“—”（无数据）" in out.splitlines()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "wbanalysis",
            "indicators",
            "--year",
            "2023",
            "--data",
            str(folder),
            "--format",
            "json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    values = json.loads(proc.stdout)
    assert values["loans.drawdown_eur"] is None
    assert values["funding.total"] == pytest.approx(3209)
    proc = subprocess.run(
        [sys.executable, "-m", "wbanalysis", "indicators", "--year", "2023", "--data", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in proc.stdout.splitlines() if x.startswith("loans.drawdown_eur"))
    assert line.endswith("—")


# ---- refused before, read as a person reads them -----------------------------------------


def test_signature_footer_and_notes_under_the_data(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")

    def build(wb):
        ws = wb.add_worksheet("资金台账")
        n = write_rows(ws, [headers("funding")] + ledger_rows(demo, "funding"))
        ws.write(n + 1, 0, "填表人：张伟")
        ws.write(n + 1, 3, "审核人：李娜")
        ws.write(n + 1, 6, "填报日期：2023年11月2日")
        ws.merge_range(n + 2, 0, n + 2, 8, "注：1. 资金按下达文件的月份统计；")
        ws.write(n + 3, 0, "2. 到位金额截至10月底。")

    excel_workbook(folder / "资金台账.xlsx", build)
    assert_reads_as_demo(
        folder, "funding", demo, capsys, notices=("行（共 3 行）：表尾的签名或说明，已跳过",)
    )


def test_units_and_symbols_in_cells_that_agree_with_the_column(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")
    rows = []
    for k, row in enumerate(ledger_rows(demo, "funding")):
        row = list(row)
        row[1] = f"{row[1]}年"
        row[2] = f"{row[2]}月"
        row[6] = f"{row[6]}万元" if k % 2 else f"￥{row[6]:,}"
        row[7] = f"{row[7]:,.2f}"
        rows.append(row)
    excel_workbook(
        folder / "资金台账.xlsx",
        lambda wb: write_rows(wb.add_worksheet("资金台账"), [headers("funding")] + rows),
    )
    assert_reads_as_demo(folder, "funding", demo, capsys)


def test_a_unit_in_a_cell_that_disagrees_is_an_error(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")
    rows = ledger_rows(demo, "funding")
    rows[0][6] = "880100元"
    excel_workbook(
        folder / "资金台账.xlsx",
        lambda wb: write_rows(wb.add_worksheet("资金台账"), [headers("funding")] + rows),
    )
    assert_refused(
        folder,
        capsys,
        "第 2 行，列「争取金额（万元）」：单元格中的单位“元”与该列的单位“万元”不一致"
        "（值：880100元）",
    )


def test_coefficient_as_a_percentage(demo, tmp_path, capsys):
    """农田灌溉水有效利用系数 is a 0–1 coefficient; 51.2% is 0.512 (and never 万元)."""
    folder = folder_for(tmp_path, "water_use")

    def build(wb):
        ws = wb.add_worksheet("用水总量")
        percent = wb.add_format({"num_format": "0.0%"})
        write_rows(ws, [headers("water_use")])
        for i, row in enumerate(ledger_rows(demo, "water_use"), 1):
            write_rows(ws, [row[:5]], i)
            if i % 2:
                ws.write(i, 5, f"{row[5] * 100:.1f}%")
            else:
                ws.write(i, 5, row[5], percent)

    excel_workbook(folder / "用水总量.xlsx", build)
    assert_reads_as_demo(folder, "water_use", demo, capsys)
    assert LEDGERS["water_use"].column("irrigation_efficiency").unit == ""


def test_coefficient_with_a_money_unit_is_an_error(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "water_use")
    head = headers("water_use")
    head[5] = "农田灌溉水有效利用系数（万元）"
    excel_workbook(
        folder / "用水总量.xlsx",
        lambda wb: write_rows(
            wb.add_worksheet("用水总量"), [head] + ledger_rows(demo, "water_use")
        ),
    )
    assert_refused(
        folder, capsys, "列「农田灌溉水有效利用系数（万元）」：列名中的单位与该列不符（值：万元）"
    )


def test_year_and_month_in_one_column(demo, tmp_path, capsys):
    name = "fixed_asset_investment"
    folder = folder_for(tmp_path, name)
    rows = [[f"{y}年{m}月", county, amount] for y, m, county, amount in ledger_rows(demo, name)]
    excel_workbook(
        folder / "固定资产投资.xlsx",
        lambda wb: write_rows(
            wb.add_worksheet("Sheet1"), [["月份", "所属县区", "完成投资（万元）"]] + rows
        ),
    )
    assert_reads_as_demo(folder, name, demo, capsys)


def test_dates_as_excel_serial_numbers(demo, tmp_path, capsys):
    """Date cells without a date format show (and store) serial numbers such as 43589."""
    folder = folder_for(tmp_path, "warnings")

    def build(wb):
        write_rows(
            wb.add_worksheet("预警转发"), [headers("warnings")] + ledger_rows(demo, "warnings")
        )

    excel_workbook(folder / "预警转发.xlsx", build, dates=False)
    shown = assert_reads_as_demo(folder, "warnings", demo, capsys)
    assert any(
        "列「转发日期」：日期写成了 Excel 日期序号，已按日期读取（值：43589 → 2019-05-04" in s
        for s in shown
    ), shown


def test_eight_digit_dates(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "warnings")
    rows = [
        [r[0], int(f"{r[1]:%Y%m%d}") if i % 2 else f"{r[1]:%Y%m%d}", *r[2:]]
        for i, r in enumerate(ledger_rows(demo, "warnings"))
    ]
    excel_workbook(
        folder / "预警转发.xlsx",
        lambda wb: write_rows(wb.add_worksheet("预警转发"), [headers("warnings")] + rows),
    )
    assert_reads_as_demo(folder, "warnings", demo, capsys)


def test_hidden_list_sheet_empty_sheets_and_a_workbook_named_by_its_ledger(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")

    def build(wb):
        ws = wb.add_worksheet("Sheet1")
        write_rows(ws, [headers("funding")] + ledger_rows(demo, "funding"))
        wb.add_worksheet("Sheet2")
        wb.add_worksheet("Sheet3")
        lists = wb.add_worksheet("下拉列表")
        write_rows(lists, [[v] for v in ("中央", "省级", "市本级", "县级")])
        lists.hide()
        ws.data_validation("E2:E1000", {"validate": "list", "source": "=下拉列表!$A$1:$A$4"})

    excel_workbook(folder / "附件1：资金台账（截至10月）.xlsx", build)
    assert_reads_as_demo(
        folder,
        "funding",
        demo,
        capsys,
        notices=(
            "工作表「Sheet2」：空工作表，已跳过",
            "工作表「Sheet3」：空工作表，已跳过",
            "工作表「下拉列表」：隐藏的工作表，未读取",
        ),
    )


def test_totals_and_a_header_repeated_for_each_year(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")
    rows = ledger_rows(demo, "funding")

    def build(wb):
        ws = wb.add_worksheet("资金台账")
        n = 0
        for year in sorted({r[1] for r in rows}):
            mine = [r for r in rows if r[1] == year]
            ws.merge_range(n, 0, n, 8, f"{year}年")
            n = write_rows(ws, [headers("funding")] + mine, n + 1)
            total = sum(r[6] for r in mine)
            ws.write(n, 0, f"{year}年小计")
            ws.write_formula(n, 6, f"=SUM(G{n - len(mine) + 1}:G{n})", None, total)
            n += 1
        ws.write(n, 0, "总计")
        ws.write_formula(n, 6, "=SUM(G2:G9999)/2", None, sum(r[6] for r in rows))

    excel_workbook(folder / "资金台账.xlsx", build)
    assert_reads_as_demo(
        folder,
        "funding",
        demo,
        capsys,
        notices=(
            "合计/小计行，未计入（数字由明细行计算）",
            "重复的表头行，已跳过",
            "分段标题行，已跳过",
        ),
    )


def test_repeated_header_with_another_unit_is_an_error(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")
    rows = ledger_rows(demo, "funding")
    head = headers("funding")
    yuan = [h.replace("万元", "元") for h in head]
    excel_workbook(
        folder / "资金台账.xlsx",
        lambda wb: write_rows(
            wb.add_worksheet("资金台账"), [head] + rows[:100] + [yuan] + rows[100:]
        ),
    )
    assert_refused(folder, capsys, "第 102 行，列「G 列」：此处表头写的单位与第一个表头不同")


# ---- legacy formats and unreadable files -------------------------------------------------


def _xls(demo, path: Path, name: str = "funding") -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(LEDGERS[name].zh)
    group = xlwt.easyxf("font: bold on; align: horiz center")
    date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    ws.write_merge(0, 0, 0, len(LEDGERS[name].columns) - 1, f"XX市{LEDGERS[name].zh}", group)
    for j, h in enumerate(headers(name)):
        ws.write(1, j, h, group)
    for i, row in enumerate(ledger_rows(demo, name), 2):
        for j, value in enumerate(row):
            if value is not None:
                ws.write(i, j, value, date) if isinstance(value, dt.datetime) else ws.write(
                    i, j, value
                )
    book.save(str(path))
    return path


@pytest.mark.parametrize("file", ["资金台账.xls", "资金台账.et"])
def test_legacy_xls_and_wps_et(demo, tmp_path, capsys, file):
    folder = folder_for(tmp_path, "funding")
    _xls(demo, folder / file)
    assert_reads_as_demo(folder, "funding", demo, capsys)


def test_legacy_xls_dates_and_merged_cells(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "warnings")
    _xls(demo, folder / "预警转发.xls", "warnings")
    assert_reads_as_demo(folder, "warnings", demo, capsys)


def test_xls_renamed_xlsx_is_read_with_a_notice(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")
    _xls(demo, folder / "资金台账.xlsx")
    assert_reads_as_demo(
        folder,
        "funding",
        demo,
        capsys,
        notices=(
            "文件 资金台账.xlsx：文件扩展名为 .xlsx，内容实为旧版 .xls 工作簿，已按 .xls 读取",
        ),
    )


def _funding_xlsx(demo, path: Path) -> Path:
    return excel_workbook(
        path,
        lambda wb: write_rows(
            wb.add_worksheet("资金台账"), [headers("funding")] + ledger_rows(demo, "funding")
        ),
    )


def test_encrypted_workbook(demo, tmp_path, capsys):
    msoffcrypto = pytest.importorskip("msoffcrypto")
    folder = folder_for(tmp_path, "funding")
    plain_book = _funding_xlsx(demo, tmp_path / "plain.xlsx")
    with open(plain_book, "rb") as fh, open(folder / "资金台账.xlsx", "wb") as out:
        msoffcrypto.OfficeFile(fh).encrypt("123456", out)
    assert_refused(folder, capsys, "文件 资金台账.xlsx：文件设置了打开密码，请取消密码后再试")


def test_truncated_workbook(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")
    data = _funding_xlsx(demo, tmp_path / "whole.xlsx").read_bytes()
    (folder / "资金台账.xlsx").write_bytes(data[: len(data) // 2])
    assert_refused(
        folder,
        capsys,
        "文件 资金台账.xlsx：无法读取工作簿：文件不完整或已损坏（可能下载或复制时中断），"
        "请重新获取原文件",
    )


@pytest.mark.parametrize(
    "content, text",
    [
        (
            b"<html><body><table><tr><td>x</td></tr></table></body></html>",
            "内容却是网页（HTML）表格",
        ),
        ("资金编号,年度\nZ1,2023\n".encode("gb18030"), "内容却是文本（可能是 CSV）"),
    ],
    ids=["html", "csv"],
)
def test_not_really_a_workbook(tmp_path, capsys, content, text):
    folder = folder_for(tmp_path, "funding")
    (folder / "资金台账.xls").write_bytes(content)
    assert_refused(folder, capsys, f"文件 资金台账.xls：文件扩展名为 .xls，{text}")


def test_a_problem_on_every_row_is_one_line(demo, tmp_path, capsys):
    name = "rural_water_works"
    folder = folder_for(tmp_path, name)
    rows = [row[:4] + ["很多"] + row[5:] for row in ledger_rows(demo, name)]
    excel_workbook(
        folder / "农村供水工程.xlsx",
        lambda wb: write_rows(wb.add_worksheet("Sheet1"), [headers(name)] + rows),
    )
    err = assert_refused(folder, capsys)
    lines = [x for x in err.splitlines() if "受益人口" in x]
    assert lines == [
        "  1. 文件 农村供水工程.xlsx，工作表「Sheet1」，第 2–1091 行（共 1090 行），列「受益人口」："
        "须为数值（值：很多）；允许：整数，不小于0"
    ]
    assert "台账数据有 1 处问题" in err


# ---- memory: a sheet formatted down to row 1,048,576 -------------------------------------


def formatted_to_the_last_row(demo, path: Path) -> Path:
    """The funding ledger, every row below it formatted down to row 1,048,576 as Excel writes
    it (``<row r="n" s=".." customFormat="1"/>``): 2.6 MB on disk."""
    import re
    import zipfile

    _funding_xlsx(demo, path)
    first = len(demo["funding"]) + 2
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                head, tail = data.split(b"</sheetData>")
                rows = b"".join(
                    b'<row r="%d" spans="1:9" s="1" customFormat="1"/>' % n
                    for n in range(first, 1048577)
                )
                data = head + rows + b"</sheetData>" + tail
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:I1048576"/>', data)
            zout.writestr(item, data)
    tmp.replace(path)
    return path


_PEAK = """
import sys
from wbanalysis.io import validate

problems = validate(sys.argv[1])
assert not [p for p in problems if p.is_error], problems
with open("/proc/self/status") as fh:  # VmHWM: this process's peak resident memory
    print(next(int(line.split()[1]) for line in fh if line.startswith("VmHWM")) / 1024)
"""


def peak_rss_mb(data: Path) -> float:
    """Peak resident memory (MB) of a fresh process validating ``data``.

    Read from /proc (Linux): ``ru_maxrss`` of a child started from the test process would
    still count the memory of the test process it was forked from.
    """
    proc = subprocess.run(
        [sys.executable, "-c", _PEAK, str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(proc.stdout.strip())


def test_sheet_formatted_to_the_last_row_reads_in_the_memory_of_its_data(demo, tmp_path):
    if not Path("/proc/self/status").exists():
        pytest.skip("peak memory is read from /proc")
    folder = folder_for(tmp_path, "funding")
    path = formatted_to_the_last_row(demo, folder / "资金台账.xlsx")
    assert path.stat().st_size > 2_000_000
    pd.testing.assert_frame_equal(load(folder)["funding"], demo["funding"])
    big = peak_rss_mb(folder)
    small = peak_rss_mb(SAMPLE)
    print(f"\npeak RSS: formatted to row 1,048,576: {big:.0f} MB; demo ledgers: {small:.0f} MB")
    assert big < small * 1.3, (big, small)


def test_saved_by_excel_helper_drops_the_recalculation_flag(tmp_path):
    import zipfile

    path = excel_workbook(tmp_path / "a.xlsx", lambda wb: wb.add_worksheet("x").write("A1", 1))
    assert b"fullCalcOnLoad" not in zipfile.ZipFile(saved_by_excel(path)).read("xl/workbook.xml")


def test_validate_lists_notices_and_passes(tmp_path):
    """A bureau without foreign loans still passes, and is told so."""
    folder = demo_subset(SAMPLE, tmp_path / "data", list(LEDGERS), without=("loan_drawdowns",))
    problems = validate(folder)
    assert [str(p) for p in problems] == [
        "未找到《外资贷款提款》台账：相关指标将显示为“—”（无数据）"
    ]
    assert not problems[0].is_error


# ---- more of what offices write ---------------------------------------------------------


def test_unit_row_under_the_header_and_a_row_of_column_numbers(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")
    units = [None] * 6 + ["元", "元", None]
    stems = ["甲", "乙", 1, 2, 3, 4, 5, 6, 7]
    rows = amounts_in_yuan(ledger_rows(demo, "funding"), "funding")
    excel_workbook(
        folder / "资金台账.xlsx",
        lambda wb: write_rows(
            wb.add_worksheet("资金台账"),
            [[plain(h) for h in headers("funding")], units, stems] + rows,
        ),
    )
    assert_reads_as_demo(
        folder, "funding", demo, capsys, notices=("第 3 行：栏次行（甲、乙、1、2…），已跳过",)
    )


def test_a_column_not_of_the_ledger_is_reported(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")
    rows = [[k] + row + ["已到位"] for k, row in enumerate(ledger_rows(demo, "funding"), 1)]
    excel_workbook(
        folder / "资金台账.xlsx",
        lambda wb: write_rows(
            wb.add_worksheet("资金台账"), [["序号"] + headers("funding") + ["备注"]] + rows
        ),
    )
    assert_reads_as_demo(
        folder,
        "funding",
        demo,
        capsys,
        notices=(
            "列「序号」：「序号」不是《资金台账》的列，其中 686 个单元格未读取",
            "列「备注」：「备注」不是《资金台账》的列，其中 686 个单元格未读取",
        ),
    )


def test_excel_lock_file_is_skipped_with_a_notice(demo, tmp_path, capsys):
    folder = demo_subset(SAMPLE, tmp_path / "data", ["funding"])
    (folder / "~$资金台账.xlsx").write_bytes(b"\x06Excel owner")
    code, out, _ = run_validate(folder, capsys)
    assert code == 0
    assert "文件 ~$资金台账.xlsx：Excel 或 WPS 的临时锁定文件" in out


def test_hidden_ledger_sheet_is_not_read_and_the_ledger_is_missing(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")

    def build(wb):
        ws = wb.add_worksheet("资金台账")
        write_rows(ws, [headers("funding")] + ledger_rows(demo, "funding"))
        notes = wb.add_worksheet("说明")
        notes.write("A1", "本表由财务科填报")
        notes.activate()  # Excel cannot hide the sheet that is shown
        ws.hide()

    excel_workbook(folder / "台账.xlsx", build)
    code, out, _ = run_validate(folder, capsys)
    assert code == 0
    assert "工作表「资金台账」：隐藏的工作表，未读取" in out
    assert "未找到《资金台账》台账" in out
    assert "工作表「说明」：说明或下拉列表等辅助工作表，未读取" in out


def test_several_unnamed_sheets_in_a_named_workbook_are_an_error(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")

    def build(wb):
        rows = [headers("funding")] + ledger_rows(demo, "funding")
        write_rows(wb.add_worksheet("Sheet1"), rows)
        write_rows(wb.add_worksheet("汇总"), rows[:5])

    excel_workbook(folder / "资金台账.xlsx", build)
    assert_refused(folder, capsys, "工作表「汇总」：无法确定此工作表是否为《资金台账》")


def test_year_sheets_of_a_ledger_with_ids_and_a_record_on_two_sheets(demo, tmp_path, capsys):
    name = "warnings"
    folder = folder_for(tmp_path, name)
    rows = ledger_rows(demo, name)

    def build(wb, extra=None):
        for year in (2019, 2020, 2021, 2022, 2023):
            mine = [r for r in rows if r[1].year == year]
            if extra is not None and year == 2023:
                mine.append(extra)
            write_rows(wb.add_worksheet(f"{year}年"), [headers(name)] + mine)

    excel_workbook(folder / "预警转发.xlsx", build)
    assert_reads_as_demo(folder, name, demo, capsys)
    excel_workbook(folder / "预警转发.xlsx", lambda wb: build(wb, rows[0]))
    assert_refused(
        folder, capsys, "工作表「2023年」，第 ", "编号重复：与预警转发.xlsx「2019年」第 2 行相同"
    )


def test_remarks_in_the_last_rows_are_a_footer(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")
    rows = [headers("funding")] + ledger_rows(demo, "funding")
    rows += [
        [],
        ["数据来源：市财政局、市发改委"],
        [None, None, None, None, None, None, "XX市水务局  2023年11月2日"],
    ]
    excel_workbook(
        folder / "资金台账.xlsx", lambda wb: write_rows(wb.add_worksheet("资金台账"), rows)
    )
    assert_reads_as_demo(
        folder,
        "funding",
        demo,
        capsys,
        notices=(
            "第 689 行：表尾的签名或说明，已跳过（值：数据来源：市财政局、市发改委）",
            "第 690 行：表尾的签名或说明，已跳过（值：XX市水务局  2023年11月2日）",
        ),
    )


def test_an_incomplete_last_record_is_an_error_not_a_remark(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")
    rows = [headers("funding")] + ledger_rows(demo, "funding") + [["ZJ2023-999"]]
    excel_workbook(
        folder / "资金台账.xlsx", lambda wb: write_rows(wb.add_worksheet("资金台账"), rows)
    )
    assert_refused(folder, capsys, "第 688 行，列「年度」：必填项为空")


def test_a_ledger_pasted_twice_is_one_line_per_column(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")
    rows = ledger_rows(demo, "funding")
    excel_workbook(
        folder / "资金台账.xlsx",
        lambda wb: write_rows(wb.add_worksheet("资金台账"), [headers("funding")] + rows + rows),
    )
    err = assert_refused(
        folder,
        capsys,
        "第 2–1373 行（共 1372 行），列「资金编号」：编号重复：同一编号出现在多行"
        "（如整张表粘贴了两遍）（值：ZJ2019-001、ZJ2019-002、ZJ2019-003 等）",
    )
    assert "台账数据有 1 处问题" in err


def test_a_few_repeated_ids_are_paired(demo, tmp_path, capsys):
    folder = folder_for(tmp_path, "funding")
    rows = ledger_rows(demo, "funding")
    excel_workbook(
        folder / "资金台账.xlsx",
        lambda wb: write_rows(wb.add_worksheet("资金台账"), [headers("funding")] + rows + rows[:1]),
    )
    assert_refused(
        folder,
        capsys,
        "第 688 行，列「资金编号」：编号重复：与第 2 行相同（值：ZJ2019-001）",
        "第 2 行，列「资金编号」：编号重复：与第 688 行相同",
    )


def test_a_subfolder_is_reported(tmp_path, capsys):
    folder = demo_subset(SAMPLE, tmp_path / "data", ["counties"])
    (folder / "2022年").mkdir()
    (folder / "2022年" / "资金台账.csv").write_bytes((SAMPLE / "funding.csv").read_bytes())
    code, out, _ = run_validate(folder, capsys)
    assert code == 0
    assert "文件 2022年：是子文件夹，其中的文件未读取（台账须直接放在数据文件夹中）" in out


def test_a_multiplier_shown_by_the_number_format_is_refused(demo, tmp_path, capsys):
    """受益人口 shown as 2.5万人: the cell holds 2.5, a person reads 25,000."""
    name = "rural_water_works"
    folder = folder_for(tmp_path, name)

    def build(wb):
        ws = wb.add_worksheet("农村供水工程")
        write_rows(ws, [headers(name)] + ledger_rows(demo, name))
        ws.write_number(1, 4, 2.5, wb.add_format({"num_format": '0.0"万人"'}))

    excel_workbook(folder / "农村供水工程.xlsx", build)
    assert_refused(
        folder,
        capsys,
        "第 2 行，列「受益人口」：单元格的数字格式显示单位“万人”，与该列的单位“（无）”不一致",
    )
