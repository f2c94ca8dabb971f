"""Provenance (issue #23, item 1): the rows, formula and 口径 of a figure, values by hand."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

import wbanalysis as wb
from wbanalysis.cli import main
from wbanalysis.dataset import Dataset
from wbanalysis.errors import ParameterError
from wbanalysis.indicators import catalogue_of, compute_indicators
from wbanalysis.indicators.explain import Explainer, explain
from wbanalysis.render.xlsx import write_explained
from wbanalysis.schema import LEDGERS

HEADER = [
    "资金编号",
    "年度",
    "月份",
    "所属县区",
    "资金级别",
    "资金类别",
    "争取金额（万元）",
    "到位金额（万元）",
]
ROWS = [
    ["F1", 2023, 3, "甲县", "中央", "中央水利发展资金", 100, 80],
    ["F2", 2023, 4, "乙县", "省级", "省级水利建设资金", 50.5, 0],
    ["F3", 2023, 11, "甲县", "中央", "中央水利发展资金", 7, 7],  # after the cut-off
    ["F4", 2022, 5, "甲县", "中央", "中央水利发展资金", 30, 30],  # last year
    ["F5", 2023, 6, "甲县", "县级", "县级配套资金", 20, 10],
]


def _counties(folder: Path) -> None:
    with open(folder / "counties.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(
            [["县区名称", "区划代码", "所属市"], ["甲县", "", "某市"], ["乙县", "", "某市"]]
        )


@pytest.fixture
def csv_folder(tmp_path: Path) -> Path:
    _counties(tmp_path)
    with open(tmp_path / "funding.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([HEADER, *ROWS])
    return tmp_path


@pytest.fixture
def xlsx_folder(tmp_path: Path) -> Path:
    _counties(tmp_path)
    book = Workbook()
    sheet = book.active
    sheet.title = "资金"
    sheet.append(["某市水务局资金台账"])  # a title row and a blank row above the header
    sheet.append([])
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    book.save(tmp_path / "资金台账.xlsx")
    return tmp_path


def test_sum_rows_of_a_csv_by_hand(csv_folder: Path) -> None:
    ds = wb.load(csv_folder)
    e = wb.explain(ds, "funding.total", year=2023, through_month=10)
    # F1 (line 2), F2 (line 3), F5 (line 6): 100 + 50.5 + 20; F3 after October, F4 of 2022
    assert e.value == 170.5
    assert e.rows["资金编号"].tolist() == ["F1", "F2", "F5"]
    assert e.rows["行号"].tolist() == [2, 3, 6]
    assert e.rows["文件"].tolist() == ["funding.csv"] * 3
    assert e.rows["争取金额"].tolist() == [100.0, 50.5, 20.0]
    assert e.rows["计入"].sum() == pytest.approx(170.5)
    assert e.formula == "争取项目资金 = 《资金台账》3行“争取金额”之和 = 170.5万元"
    county = wb.explain(ds, "funding.total", year=2023, county="甲县", through_month=10)
    assert county.rows["行号"].tolist() == [2, 6] and county.value == 120.0


def test_excel_rows_as_excel_shows_them(xlsx_folder: Path) -> None:
    ds = wb.load(xlsx_folder)
    e = explain(ds, "funding.total", year=2023, through_month=10)
    # header on row 3: F1 is on row 4, F2 on 5, F5 on 8 (not position + 2)
    assert e.rows["行号"].tolist() == [4, 5, 8]
    assert set(e.rows["工作表"]) == {"资金"} and set(e.rows["文件"]) == {"资金台账.xlsx"}
    count = explain(ds, "funding.arrival_rate", year=2023, through_month=10)
    # 到位 80 + 0 + 10 = 90 of 170.5: 52.79%
    assert count.formula == "资金到位率 = 到位资金 90 ÷ 争取项目资金 170.5 × 100 = 52.79%"
    assert count.rows["指标"].tolist() == ["到位资金"] * 2 + ["争取项目资金"] * 3
    assert count.rows["行号"].tolist() == [4, 8, 4, 5, 8]  # F2 arrived nothing: no row


def test_cached_folder_reads_the_origins_when_asked(csv_folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    wb.load(csv_folder, cache_dir=cache)
    ds = wb.load(csv_folder, cache_dir=cache)  # from the cache: tables read lazily
    assert explain(ds, "funding.total", year=2023, through_month=10).rows["行号"].tolist() == [
        2,
        3,
        6,
    ]


def test_demo_funding_total_against_the_csv_by_hand() -> None:
    ds = wb.load()
    e = wb.explain(ds, "funding.total", year=2023)
    assert e.value == 3209.0 and e.display == "3209万元"
    assert e.rows["计入"].sum() == pytest.approx(3209.0)
    lines = (
        (Path(wb.default_data_dir()) / "funding.csv").read_text(encoding="utf-8-sig").splitlines()
    )
    for row, record, secured in e.rows[["行号", "资金编号", "争取金额"]].itertuples(index=False):
        cells = lines[row - 1].split(",")  # Excel row n is line n of the file
        assert cells[0] == record and float(cells[6]) == secured and cells[1] == "2023"
    assert e.rows["行号"].iloc[0] == 590  # ZJ2023-001, 150万元 (line 590 of funding.csv)
    assert e.explanation == ""  # funding.total has no 口径 of its own in the data dictionary
    rate = wb.explain(ds, "funding.arrival_rate", year=2023)
    assert rate.formula == "资金到位率 = 到位资金 2550.81 ÷ 争取项目资金 3209 × 100 = 79.49%"
    assert rate.explanation.startswith("期内（当年 1 月至截止月）下达的资金")


@pytest.mark.slow
def test_every_catalogue_indicator_traced_on_the_demo() -> None:
    ds = wb.load()
    scope = wb.Scope.of(ds, year=2023, county="白沙县")
    values = compute_indicators(ds, scope)
    catalogue = catalogue_of(ds)
    zh = {ledger.zh for ledger in LEDGERS.values()}
    for key, value in values.items():
        e = explain(ds, key, scope)
        if isinstance(value, float) and math.isnan(value):
            continue
        assert set(e.rows["台账"]) <= zh, key
        kind = catalogue[key].kind
        if kind in ("amount", "count", "volume") and value:
            assert len(e.rows), key
            # the summed ledger's rows add up to the value (a joined ledger's rows are its
            # conditions: taking away a project's plan takes away its investment too)
            sums = e.rows.groupby("台账")["计入"].sum()
            assert any(s == pytest.approx(float(value), rel=1e-9) for s in sums), key


def test_unknown_key_names_the_nearest() -> None:
    ds = Dataset({})
    with pytest.raises(ParameterError, match="funding.total"):
        explain(ds, "funding.totl", year=2023)


def test_xlsx_never_writes_a_formula(tmp_path: Path) -> None:
    ds = Dataset(
        {
            "counties": pd.DataFrame({"county": ["甲县"], "code": [None], "city": ["某市"]}),
            "funding": pd.DataFrame(
                {
                    "record_id": ["=1+1", "@SUM(A1)"],
                    "year": [2023, 2023],
                    "month": [3, 3],
                    "county": ["甲县", "甲县"],
                    "level": ["中央", "中央"],
                    "programme": ["-2", "+3"],
                    "secured": [5.0, 6.0],
                    "arrived": [1.0, 1.0],
                    "project_id": [None, None],
                }
            ),
        }
    )
    e = explain(ds, "funding.total", year=2023, through_month=3)
    out = tmp_path / "rows.xlsx"
    write_explained(out, e)
    sheet = load_workbook(out)["台账行"]
    ids = [sheet.cell(row=r, column=6) for r in (2, 3)]
    assert [c.value for c in ids] == ["=1+1", "@SUM(A1)"]
    assert [c.data_type for c in ids] == ["s", "s"]
    assert [sheet.cell(row=r, column=11).value for r in (2, 3)] == [5, 6]  # 计入 as numbers


def test_cli(capsys, tmp_path_factory, csv_folder: Path) -> None:
    out = tmp_path_factory.mktemp("out") / "out.xlsx"
    args = ["explain", "funding.total", "--year", "2023", "--through-month", "10"]
    assert main([*args, "--data", str(csv_folder), "--format", "json", "--xlsx", str(out)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["value"] == 170.5 and [r["行号"] for r in printed["rows"]] == [2, 3, 6]
    assert load_workbook(out)["说明"]["B3"].value == "170.5万元"
    assert main(["explain", "funding.totl", "--year", "2023", "--data", str(csv_folder)]) == 2
    assert "funding.total" in capsys.readouterr().err


def test_declared_parts_are_catalogue_figures_of_the_right_number() -> None:
    from wbanalysis.indicators import CATALOGUE

    arity = {"percent": 2, "ratio": 2, "surplus": 2, "yoy": 1}
    declared = {k: i for k, i in CATALOGUE.items() if i.parts}
    assert {"funding.arrival_rate", "safety.rectification_rate", "storage.surplus"} <= set(declared)
    for key, indicator in declared.items():
        assert len(indicator.parts) == arity[indicator.kind], key
        assert all(p in CATALOGUE and p != key for p in indicator.parts), key


@pytest.mark.slow
@pytest.mark.parametrize("county", [None, "白沙县", "龙泉县"])
def test_declared_parts_give_the_value_on_the_demo(county: str | None) -> None:
    """A declaration that does not match the computation would leave a figure without its
    formula: every declared rate, 增减 and change of the demo gets its formula from them."""
    ds = wb.load()
    scope = wb.Scope.of(ds, year=2023, county=county)
    values = compute_indicators(ds, scope)
    explainer = Explainer(ds, scope, budget=3)
    for key, indicator in catalogue_of(ds).items():
        if math.isnan(float(values[key])):
            continue
        if not indicator.parts:  # never a formula found by numbers that happen to fit
            assert "÷" not in explainer.explain(key).formula, key
            continue
        names = [catalogue_of(ds)[p].name for p in indicator.parts]
        formula = explainer.explain(key).formula
        assert formula.startswith(f"{indicator.name} ="), key
        assert all(name in formula for name in names), (key, formula)
        if indicator.kind != "yoy":  # the numerator (or the figure) first
            body = formula.split(" = ", 1)[1]
            assert body.index(names[0]) < body.index(names[1]), (key, formula)


def test_equal_parts_never_swap_a_rate_formula(csv_folder: Path) -> None:
    """21 hazards found, 21 rectified: the rate is 整治 ÷ 排查 (its declaration), never the
    other way round because the two numbers coincide; a rate without declared parts gets no
    formula found by coincidence."""
    with open(csv_folder / "hazards.csv", "w", newline="", encoding="utf-8") as f:
        rows = [["隐患编号", "所属县区", "隐患等级", "隐患描述", "发现日期", "整改日期"]]
        rows += [[f"H{i}", "甲县", "一般", "护栏", "2023-03-01", "2023-04-01"] for i in range(3)]
        csv.writer(f).writerows(rows)
    ds = wb.load(csv_folder)
    e = wb.explain(ds, "safety.rectification_rate", year=2023, through_month=10)
    assert e.formula == "隐患整改率 = 整治安全隐患 3 ÷ 排查安全隐患 3 × 100 = 100.00%"
    assert e.complete and e.rows["计入"].tolist() == [1.0] * 6


def test_rows_that_each_add_1_are_counted_not_summed_by_a_column_of_ones() -> None:
    """Counted rows whose month happens to be 1 (January) and whose 巡查次数 is 1 are a count:
    the formula names no column (a count of stations once named 大暴雨日数 this way)."""
    import numpy as np

    from wbanalysis.indicators.explain import _Cells, _counted
    from wbanalysis.scope import Scope

    patrols = pd.DataFrame(
        {"chief_id": ["C1", "C2"], "year": [2023, 2023], "month": [1, 1], "patrols": [1, 1]}
    )
    counties = pd.DataFrame({"county": ["甲县"], "code": [""], "city": ["某市"]})
    ds = Dataset({"counties": counties, "patrols": patrols})
    cells = _Cells(ds, Scope.of(ds, year=2023, through_month=1))
    assert _counted(cells, "patrols", np.arange(2), [1.0, 1.0]) is None
    patrols["patrols"] = [3, 4]  # a sum of 巡查次数 is named as such
    ds = Dataset({"counties": counties, "patrols": patrols})
    cells = _Cells(ds, Scope.of(ds, year=2023, through_month=1))
    assert _counted(cells, "patrols", np.arange(2), [3.0, 4.0]) == "patrols"
