"""Loading the wider ledgers: units stated per row, optional columns a bureau lacks (no data,
never 0), the 指标定义 sheet in the template, and old ledgers that still load."""

from __future__ import annotations

import math

import pytest
from conftest import COUNTY_ROWS, write_ledger
from openpyxl import load_workbook

from wbanalysis.cli import main
from wbanalysis.indicators import compute_indicators
from wbanalysis.io import load, validate
from wbanalysis.io.templates import write_template
from wbanalysis.reporting import Report
from wbanalysis.scope import CITY_SEGMENT, Scope

PROJECTS = [
    ["P1", "三岔河治理", "青山区", "中小河流治理", "2000", "", ""],
    ["P2", "抗旱水源", "河东县", "其他", "300", "", ""],
]
FUNDING = [
    ["Z1", "2023", "3", "青山区", "中央", "中央水利发展资金", "100", "80", "", "增发国债"],
    ["Z2", "2023", "4", "河东县", "省级", "省级水利专项资金", "50", "50", "", ""],
]


def _quantities(tmp, rows):
    write_ledger(tmp, "counties", COUNTY_ROWS)
    write_ledger(tmp, "projects", PROJECTS)
    write_ledger(tmp, "funding", FUNDING)
    write_ledger(tmp, "work_quantities", rows)


def test_a_unit_written_in_the_row_is_converted_to_the_kinds(tmp_path):
    _quantities(
        tmp_path,
        [
            ["P1", "2023", "5", "河道治理长度", "6.5", "公里"],
            ["P1", "2023", "6", "河道治理长度", "1500", "m"],
            ["P1", "2023", "7", "新增灌溉面积", "0.32", "万亩"],
            ["P2", "2023", "6", "受益人口", "1.2", "万人"],
            ["P2", "2023", "6", "机电井", "12", ""],
        ],
    )
    ds = load(tmp_path)
    q = ds.work_quantities
    assert q["quantity"].tolist() == pytest.approx([6.5, 1.5, 3200.0, 12000.0, 12.0])
    assert q["unit"].tolist() == ["km", "km", "亩", "人", "眼"]
    # the funding ledger ends in April: the quantities of May–July need a cut-off set directly
    values = compute_indicators(ds, Scope(2023, 12, None, ds.city, CITY_SEGMENT))
    assert values["quantities.river_km"] == pytest.approx(8.0)
    assert values["benefits.population"] == 12000 and values["quantities.wells"] == 12


@pytest.mark.parametrize(
    "row, column, message",
    [
        (
            ["P1", "2023", "5", "河道治理长度", "6.5", "万m³"],
            "计量单位",
            "计量单位与指标不符：「河道治理长度」的单位为 km",
        ),
        (["P2", "2023", "6", "水闸", "1.5", ""], "完成数量", "「水闸」按座计数，须为整数"),
        (["P2", "2023", "6", "河长", "1", ""], "指标", "不在允许的取值范围内"),
    ],
)
def test_a_unit_or_count_that_cannot_be_is_refused(tmp_path, capsys, row, column, message):
    _quantities(tmp_path, [row])
    assert main(["validate", "--data", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"文件 work_quantities.csv，第 2 行，列「{column}」：{message}" in err, err
    assert "Traceback" not in err


def test_an_optional_column_a_bureau_lacks_gives_no_value(tmp_path):
    """A funding ledger without 筹资渠道 (as every ledger before) still loads; the channels
    are unknown, not 0; what the ledger does give is there."""
    write_ledger(tmp_path, "counties", COUNTY_ROWS)
    write_ledger(
        tmp_path,
        "funding",
        [r[:9] for r in FUNDING],
        header=[
            "资金编号",
            "年度",
            "月份",
            "所属县区",
            "资金级别",
            "资金类别",
            "争取金额（万元）",
            "到位金额（万元）",
            "项目编号",
        ],
    )
    ds = load(tmp_path)
    assert "funding.channel" in ds.absent and not ds.has_column("funding", "channel")
    values = compute_indicators(ds, year=2023)
    assert values["funding.total"] == 150.0
    assert math.isnan(values["funding.channel.additional_treasury_bonds"])
    assert math.isnan(values["funding.channel.unspecified"])
    report = Report(ds, Scope.of(ds, year=2023), values)
    assert "《资金台账》没有「筹资渠道」列" in report.missing_note()


def test_a_channel_column_when_given(tmp_path):
    write_ledger(tmp_path, "counties", COUNTY_ROWS)
    write_ledger(tmp_path, "funding", FUNDING)
    values = compute_indicators(load(tmp_path), year=2023)
    assert values["funding.channel.additional_treasury_bonds"] == 100.0
    assert values["funding.channel.unspecified"] == 50.0


def test_the_new_ledgers_missing_are_notices_only(tmp_path):
    write_ledger(tmp_path, "counties", COUNTY_ROWS)
    write_ledger(tmp_path, "funding", FUNDING)
    problems = validate(tmp_path)
    assert not any(p.is_error for p in problems)
    assert any("未找到《全口径水利建设投资》台账" in str(p) for p in problems)
    values = compute_indicators(load(tmp_path), year=2023)
    assert math.isnan(values["construction.total"]) and math.isnan(values["flood.disasters"])


def test_the_template_has_a_definitions_sheet_and_explains_it(tmp_path):
    wb = load_workbook(write_template(tmp_path / "t.xlsx"))
    assert wb["指标定义"]["A1"].value == "指标键" and wb["指标定义"].max_row == 1
    notes = [r for r in wb["填表说明"].iter_rows(values_only=True) if r[0] == "指标定义"]
    text = "\n".join(str(r[4]) for r in notes)
    assert "除险加固项目数" in text and "项目建设状态=新开工" in text and "比率" in text
    assert any(r[1] == "汇总方式" for r in notes)
    assert any("求和" in dv.formula1 for dv in wb["指标定义"].data_validations.dataValidation)
