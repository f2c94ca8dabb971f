"""A county bureau is a first-class user (issue #21, case 8).

Its 行政区划 lists only itself: every report, title and figure is the county's, rows it leaves
without 所属县区 are its own, and its river chiefs are 县级 (never 市级). The ledgers are made
the way a county analyst makes them: the Excel template, filled with openpyxl.
"""

from __future__ import annotations

import json
import math

from openpyxl import load_workbook

import wbanalysis as wb
from wbanalysis import narrative
from wbanalysis.cli import main
from wbanalysis.indicators import compute_indicators
from wbanalysis.io.templates import write_template
from wbanalysis.schema import LEDGERS
from wbanalysis.scope import Scope

COUNTY = [{"县区名称": "龙泉县", "区划代码": "990123", "所属市": "XX市"}]
CITY = [*COUNTY, {"县区名称": "河东县", "区划代码": "990121", "所属市": "XX市"}]

ROWS: dict[str, list[dict]] = {
    "funding": [
        {
            "资金编号": "ZJ1",
            "年度": 2023,
            "月份": 3,
            "所属县区": "龙泉县",
            "资金级别": "中央",
            "资金类别": "中央水利发展资金",
            "争取金额（万元）": 100,
            "到位金额（万元）": 80,
        },
        {
            "资金编号": "ZJ2",
            "年度": 2023,
            "月份": 4,
            "所属县区": "龙泉县",
            "资金级别": "县级",
            "资金类别": "县级水利专项资金",
            "争取金额（万元）": 50,
            "到位金额（万元）": 50,
        },
    ],
    "river_chiefs": [
        {
            "河湖长编号": "K1",
            "姓名": "甲",
            "层级": "县级",
            "所属县区": "龙泉县",
            "负责河湖": "龙泉河",
        },
        {
            "河湖长编号": "K2",
            "姓名": "乙",
            "层级": "县级",
            "所属县区": "龙泉县",
            "负责河湖": "龙泉河",
        },
        {
            "河湖长编号": "V1",
            "姓名": "丙",
            "层级": "村级",
            "所属县区": "龙泉县",
            "负责河湖": "小溪",
        },
    ],
    "patrols": [
        {"河湖长编号": "K1", "年度": 2023, "月份": 1, "巡查次数": 1},
        {"河湖长编号": "K1", "年度": 2023, "月份": 3, "巡查次数": 1},
        {"河湖长编号": "K2", "年度": 2023, "月份": 2, "巡查次数": 1},
        {"河湖长编号": "V1", "年度": 2023, "月份": 4, "巡查次数": 16},
    ],
    "activities": [  # 所属县区 left blank: the bureau's own
        {"活动编号": "HD1", "日期": "2023-03-01", "活动类型": "党组学习"},
        {"活动编号": "HD2", "日期": "2023-04-01", "活动类型": "党组学习"},
    ],
    "work_notes": [
        {
            "材料编号": "WZ1",
            "年度": 2023,
            "章节": "河湖长制",
            "类别": "措施",
            "内容": "龙泉县县级河长带头巡河。",
        },
        {
            "材料编号": "WZ2",
            "年度": 2023,
            "所属县区": "龙泉县",
            "章节": "重点项目",
            "类别": "亮点",
            "内容": "龙泉县供水管网主体完工。",
        },
    ],
}


def _workbook(tmp_path, counties: list[dict]):
    """The template, with 行政区划 and the ledgers above filled (the rest left untouched)."""
    book = load_workbook(write_template(tmp_path / "blank.xlsx"))
    for name, rows in {"counties": counties, **ROWS}.items():
        ledger = LEDGERS[name]
        sheet = book[ledger.zh]
        for row in rows:
            sheet.append([row.get(c.header) for c in ledger.columns])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    return path


def test_one_county_in_the_register_is_that_county_bureau(tmp_path):
    ds = wb.load(_workbook(tmp_path, COUNTY))
    assert ds.county_bureau == "龙泉县" and ds.bureau == "龙泉县"
    scope = Scope.of(ds, year=2023)
    # 全市 (the notebooks' default) is the county: a county bureau has no city report
    assert (
        scope == Scope.of(ds, year=2023, county="全市") == Scope.of(ds, year=2023, county="龙泉县")
    )
    assert (scope.county, scope.place, scope.name, scope.segment) == (
        "龙泉县",
        "龙泉县",
        "龙泉县",
        "990123",
    )
    text = narrative.SummaryText.of(ds, scope)
    assert text.title(scope) == "龙泉县水务局2023年工作总结"
    # a note with no 所属县区 is the bureau's own, as is one naming the county
    assert text.paragraphs("河湖长制") == ["龙泉县县级河长带头巡河。"]
    assert text.paragraphs("重点项目") == ["龙泉县供水管网主体完工。"]


def test_a_county_bureau_figures_are_its_own_with_its_levels(tmp_path):
    ds = wb.load(_workbook(tmp_path, COUNTY))
    v = compute_indicators(ds, year=2023)
    assert v["funding.total"] == 150.0 and v["funding.county"] == 50.0
    assert v["rivers.chiefs"] == 3
    # 1-4月: 县级 every two months -> 2 each; K1 did 2, K2 did 1: 3 of 4
    assert v["rivers.patrol_completion.county"] == 75.0
    # 村级 weekly -> 16; V1 did 16: all; together 19 of 20
    assert v["rivers.patrol_completion.village"] == 100.0
    assert v["rivers.patrol_completion"] == 95.0
    for key in ("province", "city", "township"):  # no chief of those levels: no value
        assert math.isnan(v[f"rivers.patrol_completion.{key}"])
    assert narrative.patrol_level_keys(v) == [
        "rivers.patrol_completion.county",
        "rivers.patrol_completion.village",
    ]
    # its own party activities, 所属县区 left blank
    assert v["party.study_sessions"] == 2
    scope = Scope.of(ds, year=2023)
    assert narrative.party_section(v, scope, has_notes=False).startswith("组织学习2次")
    assert narrative.rivers_paragraph(v, scope).startswith("龙泉县设河湖长3名")


def test_the_same_rows_in_a_city_register_are_a_county_of_the_city(tmp_path):
    ds = wb.load(_workbook(tmp_path, CITY))
    assert ds.county_bureau is None and ds.bureau == "XX市"
    city = Scope.of(ds, year=2023)
    assert city.county is None and city.name == "XX市" and not city.county_bureau
    county = Scope.of(ds, year=2023, county="龙泉县")
    assert not county.is_bureau
    # the blank rows are the city bureau's: counted for the city, not for 龙泉县
    assert compute_indicators(ds, city)["party.study_sessions"] == 2
    assert compute_indicators(ds, county)["party.study_sessions"] == 0
    assert (
        narrative.party_section({}, county, has_notes=False) == "党的建设情况由市水务局统一汇总。"
    )


def test_indicators_command_speaks_as_the_county(tmp_path, capsys):
    path = _workbook(tmp_path, COUNTY)
    assert main(["indicators", "--data", str(path), "--year", "2023"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "龙泉县2023年1－4月"
    assert "全市" not in out and "XX市" not in out
    # every catalogue key is listed: a level with no chief has no value, never a figure
    assert "县级河湖长巡查完成率\t75.00%" in out and "市级河湖长巡查完成率\t—" in out
    assert main(["indicators", "--data", str(path), "--year", "2023", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["rivers.patrol_completion.county"] == 75.0
