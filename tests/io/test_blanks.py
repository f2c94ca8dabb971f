"""Stating real nothing (本期无), blank-but-meaningful cells (未到位, 待定), built from the
Excel template the way an analyst fills it."""

from __future__ import annotations

import pandas as pd
import pytest
from formats import ledger_rows
from openpyxl import load_workbook

from wbanalysis.errors import DataError
from wbanalysis.io import load, validate
from wbanalysis.io.templates import write_template
from wbanalysis.schema import LEDGERS

FILLED = ("counties", "funding", "fixed_asset_investment", "patrols", "river_chiefs")
WARNINGS = LEDGERS["warnings"].zh


def _template(demo, folder, extra=None):
    """The template with some sheets filled from the demo; ``extra(wb)`` fills more."""
    folder.mkdir()
    wb = load_workbook(write_template(folder / "blank.xlsx"))
    for name in FILLED:
        ws = wb[LEDGERS[name].zh]
        for row in ledger_rows(demo, name):
            ws.append(row)
    if extra is not None:
        extra(wb)
    wb.save(folder / "台账.xlsx")
    (folder / "blank.xlsx").unlink()
    return folder


def _warnings(ds, year=2023):
    from wbanalysis.indicators import compute_indicators

    return compute_indicators(ds, year=year)["flood.warnings_forwarded"]


def test_a_header_only_sheet_is_no_data(demo, tmp_path):
    ds = load(_template(demo, tmp_path / "d"))
    assert "warnings" in ds.missing
    assert pd.isna(_warnings(ds))  # "—", never 0


def test_a_sheet_stating_nothing_is_provided_and_counts_zero(demo, tmp_path):
    def nothing(wb):
        wb[WARNINGS]["A2"] = "本期无"

    ds = load(_template(demo, tmp_path / "d", nothing))
    assert "warnings" not in ds.missing
    assert len(ds["warnings"]) == 0
    assert _warnings(ds) == 0  # 预警信息0次 is the fact
    assert not [p for p in ds.notices if WARNINGS in p.message]  # no notice: stated


def test_nothing_beside_data_rows_is_an_error(demo, tmp_path):
    def mixed(wb):
        ws = wb[WARNINGS]
        ws["A2"] = " 本期无 "
        for row in ledger_rows(demo, "warnings")[:2]:
            ws.append(row)

    folder = _template(demo, tmp_path / "d", mixed)
    errors = [p for p in validate(folder) if p.is_error]
    assert len(errors) == 1
    (error,) = errors
    assert (error.sheet, error.row, error.value) == (WARNINGS, 2, "本期无")
    assert "还有 2 行数据（第 3 行起）" in error.message
    with pytest.raises(DataError):
        load(folder)


def test_a_year_stated_empty_beside_rows_of_that_year_is_an_error(demo, tmp_path):
    rows = ledger_rows(demo, "warnings")
    column = LEDGERS["warnings"].names.index("date")
    of_2023 = [r for r in rows if str(r[column]).startswith("2023")]
    of_2022 = [r for r in rows if str(r[column]).startswith("2022")]
    assert of_2023 and of_2022

    def stated(year, kept):
        def fill(wb):
            ws = wb[WARNINGS]
            for row in kept:
                ws.append(row)
            ws.append([f"{year}年无"])

        return fill

    ok = load(_template(demo, tmp_path / "ok", stated(2023, of_2022)))
    assert _warnings(ok) == 0 and _warnings(ok, 2022) == len(of_2022)
    folder = _template(demo, tmp_path / "bad", stated(2022, of_2022))
    (error,) = [p for p in validate(folder) if p.is_error]
    assert error.row == len(of_2022) + 2 and "2022年无" in error.message


# ---- county names: 清河 → 是否为：清河县？ ------------------------------------------------------


def test_a_ledger_county_without_its_suffix_is_told_the_name_meant(demo_copy):
    import csv

    path = demo_copy / "funding.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    column = rows[0].index("所属县区")
    assert rows[1][column] == "青山区"
    rows[1][column] = "青山"
    rows[2][column] = "清西县"  # a typo: 清溪县
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    errors = [p for p in validate(demo_copy) if p.is_error]
    assert [(p.row, p.value) for p in errors] == [(2, "青山"), (3, "清西县")]
    assert errors[0].message.endswith("；是否为：青山区？")
    assert errors[1].message.endswith("；是否为：清溪县、河西县？")  # both one character away


@pytest.mark.parametrize(
    ("typed", "meant"), [("白沙", "白沙县"), ("白沙区", "白沙县"), (" 龙泉市", "龙泉县")]
)
def test_an_unknown_county_of_a_scope_or_the_command_line_is_told_the_name_meant(
    demo, typed, meant, capsys
):
    from wbanalysis.cli import main
    from wbanalysis.errors import ParameterError
    from wbanalysis.scope import Scope

    with pytest.raises(ParameterError, match=f"是否为：{meant}？"):
        Scope.of(demo, year=2023, county=typed)
    assert main(["indicators", "--year", "2023", "--county", typed]) == 2
    assert f"是否为：{meant}？" in capsys.readouterr().err
    assert main(["build", "--dry-run", "--years", "2023", "--counties", "全市", typed]) == 2
    err = capsys.readouterr().err
    assert f"是否为：{meant}？" in err and "Traceback" not in err


# ---- blank-but-meaningful cells: 未到位 (= 0), 待定 (unknown) ----------------------------------


def _column(name, column):
    return LEDGERS[name].names.index(column)


def _with(demo, folder, edit):
    """The template with projects, their investment and funding filled; ``edit(wb)`` then."""

    def fill(wb):
        for name in ("projects", "project_progress", "milestones", "reservoirs"):
            ws = wb[LEDGERS[name].zh]
            for row in ledger_rows(demo, name):
                ws.append(row)
        edit(wb)

    return _template(demo, folder, fill)


def _funding_row(demo, year=2023):
    """The Excel row of the first funding row of ``year`` (the template's sheet: header + rows)."""
    table = demo["funding"]
    position = int((table["year"] == year).to_numpy().argmax())
    return position + 2, float(table["arrived"].iloc[position])


def test_money_not_yet_arrived_is_written_as_such_and_counts_zero(demo, tmp_path):
    from wbanalysis.indicators import compute_indicators

    row, arrived = _funding_row(demo)
    assert arrived > 0
    letter = "ABCDEFGHIJ"[_column("funding", "arrived")]

    def not_arrived(wb):
        wb[LEDGERS["funding"].zh][f"{letter}{row}"] = "未到位"

    ds = load(_with(demo, tmp_path / "d", not_arrived))
    before = compute_indicators(demo, year=2023)["funding.arrived"]
    assert compute_indicators(ds, year=2023)["funding.arrived"] == pytest.approx(before - arrived)

    def blank(wb):
        wb[LEDGERS["funding"].zh][f"{letter}{row}"] = None

    (error,) = [p for p in validate(_with(demo, tmp_path / "b", blank)) if p.is_error]
    assert (error.row, error.column, error.message) == (row, "到位金额（万元）", "必填项为空")
    assert "尚无数字时写 0 或“未到位”（按 0 计）" in error.allowed


def test_a_total_investment_not_yet_approved_is_unknown_never_zero(demo, tmp_path):
    from wbanalysis.indicators import compute_indicators

    projects = demo["projects"]
    parents = set(projects["parent_id"].dropna())
    rural = projects[(projects["category"] == "农村供水") & ~projects["project_id"].isin(parents)]
    position = int(rural.index[0])
    letter = "ABCDEFGHIJ"[_column("projects", "total_investment")]
    cell = f"{letter}{position + 2}"

    def pending(wb):
        wb[LEDGERS["projects"].zh][cell] = "待定"

    ds = load(_with(demo, tmp_path / "d", pending))
    assert pd.isna(ds["projects"]["total_investment"].iloc[position])
    (told,) = [p for p in ds.notices if "待定" in p.message]
    assert told.row == position + 2 and "不按 0 计" in told.message
    values = compute_indicators(ds, year=2023)
    assert pd.isna(values["rural_supply.total_investment"])  # "—", not 12046 less a project
    assert pd.isna(values["rural_supply.completion_rate"])
    assert values["rural_supply.completed_cumulative"] == pytest.approx(3900)
    # the investment tables: its category's total and the 合计 are unknown, the others known
    from wbanalysis.metrics import investment

    table = investment.investment_by_category(ds.projects, ds.project_progress, year=2023)
    assert pd.isna(table.loc["农村供水", "total_investment"])
    assert pd.isna(table.loc["合计", "total_investment"])
    assert table.drop(index=["农村供水", "合计"])["total_investment"].notna().all()
    rate = investment.investment_completion_rate(
        ds.projects, ds.project_progress, year=2023, category="农村供水"
    )
    assert pd.isna(rate)

    def blank(wb):
        wb[LEDGERS["projects"].zh][cell] = None

    (error,) = [p for p in validate(_with(demo, tmp_path / "b", blank)) if p.is_error]
    assert (error.row, error.message) == (position + 2, "必填项为空")
    assert "“待定”或“未批复”" in error.allowed
