"""The Excel template comes from the schema; filled with demo rows it loads as the demo."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ROOT
from formats import assert_same_tables, ledger_rows
from openpyxl import load_workbook

from wbanalysis.cli import main
from wbanalysis.io import load
from wbanalysis.io.templates import write_template
from wbanalysis.schema import LEDGERS

COMMITTED = ROOT / "data" / "templates" / "台账模板.xlsx"


def _headers(path):
    wb = load_workbook(path, read_only=True)
    out = {ws.title: [c for c in next(ws.iter_rows(values_only=True))] for ws in wb.worksheets}
    wb.close()
    return out


def test_template_has_a_sheet_per_ledger_with_chinese_headers(tmp_path):
    path = write_template(tmp_path / "t.xlsx")
    headers = _headers(path)
    assert list(headers)[0] == "填表说明"
    for ledger in LEDGERS.values():
        assert headers[ledger.zh] == [c.header for c in ledger.columns]


def test_template_notes_units_and_allowed_values(tmp_path):
    wb = load_workbook(write_template(tmp_path / "t.xlsx"))
    ws = wb["资金台账"]
    note = ws["E1"].comment.text  # 资金级别
    assert "中央、省级、市本级、县级" in note
    assert any("中央" in dv.formula1 for dv in ws.data_validations.dataValidation)
    rows = list(wb["填表说明"].iter_rows(values_only=True))
    assert ("资金台账", "争取金额（万元）", "是", "万元") == rows[
        [r[1] for r in rows].index("争取金额（万元）")
    ][:4]


def test_committed_template_is_current():
    assert _headers(COMMITTED) == _headers(
        write_template(COMMITTED.parent.parent.parent / ".pytest_cache" / "t.xlsx")
    )


@pytest.mark.slow
def test_filled_template_loads_as_the_demo(demo, tmp_path):
    path = write_template(tmp_path / "blank.xlsx")
    wb = load_workbook(path)
    for name, ledger in LEDGERS.items():
        ws = wb[ledger.zh]
        for row in ledger_rows(demo, name):
            ws.append(row)
    wb.save(tmp_path / "filled.xlsx")
    assert_same_tables(demo, load(tmp_path / "filled.xlsx"))


def test_template_command_writes_the_file(tmp_path, capsys):
    out = tmp_path / "模板.xlsx"
    assert main(["template", "--out", str(out)]) == 0
    assert out.exists() and "已生成模板" in capsys.readouterr().out


def test_template_command_never_overwrites_without_force(tmp_path, capsys):
    out = tmp_path / "台账模板.xlsx"
    out.write_bytes(b"the analyst's own workbook")
    assert main(["template", "--out", str(out)]) == 2
    assert out.read_bytes() == b"the analyst's own workbook"
    assert "已存在" in capsys.readouterr().err
    assert main(["template", "--out", str(out), "--force"]) == 0
    assert out.read_bytes().startswith(b"PK")


FILLED = ("counties", "funding", "fixed_asset_investment", "patrols", "river_chiefs")


def _partly_filled(demo, folder):
    """The template as an analyst leaves it: some sheets filled, the others untouched."""
    folder.mkdir()
    wb = load_workbook(write_template(folder / "blank.xlsx"))
    for name in FILLED:
        ws = wb[LEDGERS[name].zh]
        for row in ledger_rows(demo, name):
            ws.append(row)
    wb.save(folder / "台账.xlsx")
    (folder / "blank.xlsx").unlink()
    return folder


def test_an_untouched_sheet_of_the_template_is_no_data_never_zero(demo, tmp_path):
    from wbanalysis.indicators import compute_indicators

    folder = _partly_filled(demo, tmp_path / "data")
    ds = load(folder)
    assert "fees" in ds.missing and "warnings" in ds.missing and "flood_events" in ds.missing
    told = [p.message for p in ds.notices if "只有表头、没有数据行" in p.message]
    assert (
        f"《{LEDGERS['fees'].zh}》只有表头、没有数据行：按未提供处理，相关指标显示为“—”（无数据）"
        in told
    )
    assert len(told) == len(LEDGERS) - len(FILLED) + 1  # each untouched sheet once, 指标定义 too
    values = compute_indicators(ds, year=2023)
    # fees, warnings, disasters: "—" (no data), not 0
    for key in ("resources.water_fee", "flood.warnings_forwarded", "flood.disasters"):
        assert pd.isna(values[key]), (key, values[key])
    assert values["funding.total"] == 3209.0  # the filled sheets still count


def test_an_untouched_sheet_does_not_clash_with_the_ledger_in_a_file_of_its_own(demo, tmp_path):
    import shutil

    from wbanalysis.indicators import compute_indicators

    folder = _partly_filled(demo, tmp_path / "data")
    shutil.copy(ROOT / "data" / "sample" / "fees.csv", folder / "fees.csv")
    ds = load(folder)  # no "重复：同一台账只能有一份"
    assert "fees" not in ds.missing
    assert compute_indicators(ds, year=2023)["resources.water_fee"] == pytest.approx(6219.38)
