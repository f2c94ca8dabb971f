"""The Excel template comes from the schema; filled with demo rows it loads as the demo."""

from __future__ import annotations

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
