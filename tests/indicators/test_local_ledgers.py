"""Indicators a bureau defines itself (指标定义): interpreted on hand-made ledgers, end to end
through the command line and the annual summary, and every bad definition refused in Chinese."""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import COUNTY_ROWS, ROOT, write_ledger
from indicators.test_catalogue import tiny_tables  # tests/ is on the path

from wbanalysis.cli import main
from wbanalysis.dataset import Dataset
from wbanalysis.indicators import CATALOGUE, LOCAL_SECTION, compute_indicators, indicator_table
from wbanalysis.indicators.local import check_definitions, compile_definitions
from wbanalysis.io import load
from wbanalysis.schema import DEFINITIONS

HEADER = [c.zh for c in DEFINITIONS.columns]

#: The issue's two indicators, as an analyst writes them.
REINFORCEMENT = {
    "key": "local.reinforcement_projects",
    "name": "除险加固项目数",
    "unit": "个",
    "aggregation": "计数",
    "ledger": "项目台账",
    "filters": "项目类别=除险加固",
}
NEW_START_INVESTMENT = {
    "key": "local.new_start_investment",
    "name": "新开工项目投资",
    "unit": "万元",
    "aggregation": "求和",
    "ledger": "项目投资进度",
    "column": "完成投资",
    "filters": "项目建设状态=新开工",
    "period": "期内",
}


def _frame(rows: list[dict]) -> pd.DataFrame:
    """Definition rows as the loader types them (every column, blanks as None)."""
    return pd.DataFrame([{c.name: row.get(c.name) for c in DEFINITIONS.columns} for row in rows])


def _values(rows: list[dict], county=None, through_month=10) -> dict:
    ds = Dataset(tiny_tables(), source="tiny", definitions=compile_definitions(_frame(rows)))
    return compute_indicators(ds, year=2023, county=county, through_month=through_month)


# ---- interpretation, by hand on the tiny ledgers of test_indicators_unit -----------------------


@pytest.mark.parametrize(
    "row, expected",
    [
        (REINFORCEMENT, 1),  # CX
        (NEW_START_INVESTMENT, 500.0),  # RES started 2023-03-15; 500 in January
        (
            {
                "aggregation": "求和",
                "ledger": "河湖巡查",
                "column": "巡查次数",
                "filters": "层级=村级",
                "unit": "次",
            },
            40.0,
        ),  # V1's January; November is after the cut-off
        (
            {
                "aggregation": "求和",
                "ledger": "项目投资进度",
                "column": "管道安装",
                "period": "累计至期末",
                "filters": "项目类别=农村供水",
                "unit": "km",
            },
            3.0,
        ),  # 2022: 2, 2023-02: 1; not November's 5
        (
            {
                "aggregation": "求和",
                "ledger": "project_progress",
                "column": "investment",
                "period": "期末",
                "unit": "万元",
            },
            20.0,
        ),  # October only: RS2's 20
        (
            {
                "aggregation": "不重复计数",
                "ledger": "项目投资进度",
                "column": "项目编号",
                "unit": "个",
            },
            4,
        ),  # RS1, RS2, RES, CX
        (
            {"aggregation": "平均", "ledger": "资金台账", "column": "到位金额", "unit": "万元"},
            600.0,
        ),
        (
            {"aggregation": "计数", "ledger": "河湖问题", "date_column": "销号日期", "unit": "件"},
            2,
        ),  # closed in 1-10月: I1, I2
        (
            {
                "aggregation": "计数",
                "ledger": "项目台账",
                "filters": "项目类别!=水库、农村供水",
                "unit": "个",
            },
            1,
        ),  # CX
        (
            {
                "aggregation": "计数",
                "ledger": "项目台账",
                "filters": "所属项目编号为空",
                "unit": "个",
            },
            3,
        ),  # RS, RES, CX
        (
            {
                "aggregation": "计数",
                "ledger": "水库名录",
                "filters": "大坝安全监测=是；规模=中型",
                "unit": "座",
                "period": "期末",
            },
            1,
        ),  # R1
        (
            {
                "aggregation": "求和",
                "ledger": "专项行动与党建活动",
                "column": "参与人数",
                "filters": "活动类型=清四乱、河长清河",
                "unit": "人",
            },
            150.0,
        ),
    ],
)
def test_a_definition_computes_what_was_counted_by_hand(row, expected):
    row = {"key": "local.x", "name": "某指标", **row}
    value = _values([row])[row["key"]]
    assert value == pytest.approx(expected)
    assert type(value) is type(expected)


def test_the_two_issue_indicators_by_county_and_period():
    rows = [REINFORCEMENT, NEW_START_INVESTMENT]
    assert _values(rows, county="甲县")["local.reinforcement_projects"] == 1
    assert _values(rows, county="乙县")["local.reinforcement_projects"] == 0
    assert _values(rows, county="乙县")["local.new_start_investment"] == 500.0
    assert _values(rows, county="甲县")["local.new_start_investment"] == 0.0
    assert _values(rows, through_month=2)["local.new_start_investment"] == 0.0  # not yet started


def test_a_ratio_of_a_local_and_a_built_in_indicator():
    share = {
        "key": "local.share",
        "name": "新开工项目投资占比",
        "unit": "%",
        "aggregation": "比率",
        "numerator": "local.new_start_investment",
        "denominator": "projects.investment_year",
    }
    values = _values([share, NEW_START_INVESTMENT])  # a part may come later in the sheet
    assert values["local.share"] == pytest.approx(500 / 670 * 100)
    per_tonne = dict(
        share,
        key="local.per",
        unit="万元/个",
        numerator="local.new_start_investment",
        denominator="local.none",
    )
    none = dict(REINFORCEMENT, key="local.none", filters="项目类别=海塘")
    assert math.isnan(_values([per_tonne, NEW_START_INVESTMENT, none])["local.per"])  # 0 below


def test_local_indicators_follow_the_catalogue_with_their_display():
    ds = Dataset(
        tiny_tables(),
        definitions=compile_definitions(_frame([REINFORCEMENT, NEW_START_INVESTMENT])),
    )
    table = indicator_table(ds, year=2023, through_month=10)
    assert table["key"].tolist() == [*CATALOGUE, REINFORCEMENT["key"], NEW_START_INVESTMENT["key"]]
    shown = dict(zip(table["key"], table["display"], strict=True))
    assert shown["local.reinforcement_projects"] == "1个"
    assert shown["local.new_start_investment"] == "500万元"
    indicator = ds.definitions[1]
    assert indicator.section == LOCAL_SECTION and indicator.additive and indicator.kind == "amount"


def test_additive_local_indicators_add_up():
    rows = [REINFORCEMENT, NEW_START_INVESTMENT]
    city = _values(rows)
    parts = [_values(rows, county=c) for c in ("甲县", "乙县")]
    for key in ("local.reinforcement_projects", "local.new_start_investment"):
        assert sum(p[key] for p in parts) == pytest.approx(city[key])


def test_a_missing_ledger_or_column_gives_no_value():
    tables = tiny_tables()
    del tables["project_progress"]
    ds = Dataset(tables, definitions=compile_definitions(_frame([NEW_START_INVESTMENT])))
    assert math.isnan(compute_indicators(ds, year=2023)["local.new_start_investment"])
    tables = tiny_tables()
    tables["project_progress"] = tables["project_progress"].drop(columns="pipeline_km")
    pipe = {
        "key": "local.pipe",
        "name": "管道",
        "unit": "km",
        "aggregation": "求和",
        "ledger": "项目投资进度",
        "column": "管道安装",
    }
    ds = Dataset(tables, definitions=compile_definitions(_frame([pipe])))
    assert math.isnan(compute_indicators(ds, year=2023)["local.pipe"])


def test_definitions_are_data_not_code():
    """Nothing in a definition is evaluated: an expression is just an unknown column."""
    row = {
        "key": "local.x",
        "name": "x",
        "unit": "个",
        "aggregation": "求和",
        "ledger": "资金台账",
        "column": "__import__('os').system('echo hacked')",
    }
    problems = check_definitions(_frame([row]))
    assert len(problems) == 1 and "中没有此列" in problems[0].message


# ---- through the loader and the command line ---------------------------------------------------


def _write_definitions(folder: Path, rows: list[dict], name: str = "指标定义.csv") -> Path:
    path = folder / name
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow([row.get(c.name, "") for c in DEFINITIONS.columns])
    return path


def _independent(ds: Dataset) -> tuple[int, float]:
    """The two indicators on the demo for 2023 (1－10月), the long way round."""
    projects = ds.projects
    reinforcement = int((projects["category"] == "除险加固").sum())
    m = ds.milestones
    started = m[
        (m["milestone"] == "开工")
        & (m["actual_date"] >= "2023-01-01")
        & (m["actual_date"] <= "2023-10-31")
    ]["project_id"]
    parents = set(projects["parent_id"].dropna())
    started = set(started) - parents
    g = ds.project_progress
    g = g[(g["year"] == 2023) & (g["month"] <= 10) & g["project_id"].isin(started)]
    return reinforcement, float(g["investment"].sum())


@pytest.fixture(scope="module")
def demo_with_definitions(tmp_path_factory) -> Path:
    import shutil

    from conftest import SAMPLE

    folder = tmp_path_factory.mktemp("defs") / "data"
    shutil.copytree(SAMPLE, folder)
    _write_definitions(folder, [REINFORCEMENT, NEW_START_INVESTMENT])
    return folder


@pytest.mark.slow
def test_the_issue_indicators_end_to_end_in_json(demo_with_definitions, capsys):
    assert (
        main(
            [
                "indicators",
                "--year",
                "2023",
                "--data",
                str(demo_with_definitions),
                "--format",
                "json",
            ]
        )
        == 0
    )
    values = json.loads(capsys.readouterr().out)
    assert list(values)[: len(CATALOGUE)] == list(CATALOGUE)
    assert list(values)[len(CATALOGUE) :] == [
        "local.reinforcement_projects",
        "local.new_start_investment",
    ]
    reinforcement, invested = _independent(load(demo_with_definitions))
    assert values["local.reinforcement_projects"] == reinforcement == 21
    assert values["local.new_start_investment"] == pytest.approx(invested)
    assert values["funding.total"] == pytest.approx(3209)  # the seed is untouched


def test_the_issue_indicators_in_the_table(demo_with_definitions, capsys):
    assert (
        main(
            [
                "indicators",
                "--year",
                "2023",
                "--county",
                "白沙县",
                "--data",
                str(demo_with_definitions),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "本地指标（指标定义）" in out
    assert "除险加固项目数" in out and "新开工项目投资" in out


def test_a_definitions_sheet_in_a_workbook(tmp_path, capsys):
    from openpyxl import Workbook

    wb = Workbook()
    sheets = {
        "行政区划": [["县区名称", "区划代码", "所属市"], *COUNTY_ROWS],
        "项目台账": [
            ["项目编号", "项目名称", "所属县区", "项目类别", "总投资（万元）"],
            ["CX1", "一库除险加固", "青山区", "除险加固", 500],
            ["CX2", "二库除险加固", "河东县", "除险加固", 300],
            ["SK1", "某水库", "河东县", "水库", 9000],
        ],
        "资金台账": [
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
            ["Z1", 2023, 3, "青山区", "中央", "中央水利发展资金", 100, 80],
        ],
        "指标定义": [HEADER, [REINFORCEMENT.get(c.name) for c in DEFINITIONS.columns]],
    }
    wb.active.title = "行政区划"
    for title, rows in sheets.items():
        ws = wb[title] if title in wb.sheetnames else wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(tmp_path / "台账.xlsx")
    assert (
        main(
            [
                "indicators",
                "--year",
                "2023",
                "--data",
                str(tmp_path / "台账.xlsx"),
                "--format",
                "json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["local.reinforcement_projects"] == 2


# ---- bad definitions: exit 2, a Chinese message naming the row and the column -----------------

GOOD = dict(REINFORCEMENT)
BAD = [
    ("unknown ledger", [dict(GOOD, ledger="项目清单")], "台账", "未知的台账"),
    (
        "unknown column",
        [dict(NEW_START_INVESTMENT, column="完成额")],
        "字段",
        "《项目投资进度》中没有此列",
    ),
    ("bad aggregation", [dict(GOOD, aggregation="合计")], "汇总方式", "不在允许的取值范围内"),
    (
        "ratio without its parts",
        [
            {
                "key": "local.r",
                "name": "比",
                "unit": "%",
                "aggregation": "比率",
                "numerator": "local.nothing",
            }
        ],
        "分子",
        "分子不是本表或内置指标的指标键",
    ),
    (
        "ratio without a denominator",
        [
            {
                "key": "local.r",
                "name": "比",
                "unit": "%",
                "aggregation": "比率",
                "numerator": "funding.total",
            }
        ],
        "分母",
        "比率须填写分母",
    ),
    ("key of the catalogue", [dict(GOOD, key="funding.total")], "指标键", "与内置指标的指标键重复"),
    (
        "unknown filter column",
        [dict(GOOD, filters="项目性质=新建")],
        "筛选条件",
        "《项目台账》中没有此列",
    ),
    (
        "value outside the vocabulary",
        [dict(GOOD, filters="项目类别=水电站")],
        "筛选条件",
        "「项目类别」不能取此值",
    ),
    (
        "unknown status",
        [dict(GOOD, filters="项目建设状态=在建")],
        "筛选条件",
        "项目建设状态不能取此值",
    ),
    ("a period for a roster", [dict(GOOD, period="期内")], "期间", "是名录，没有时间"),
    ("sum of text", [dict(GOOD, aggregation="求和", column="项目名称")], "字段", "须为数值列"),
    ("sum without a field", [dict(GOOD, aggregation="求和")], "字段", "须填写字段"),
    ("duplicate key", [GOOD, GOOD], "指标键", "编号重复"),
    ("bad key", [dict(GOOD, key="local key")], "指标键", "格式不正确"),
    (
        "ratio of itself",
        [
            {
                "key": "local.r",
                "name": "比",
                "unit": "%",
                "aggregation": "比率",
                "numerator": "local.r",
                "denominator": "funding.total",
            }
        ],
        "分子",
        "引用了它自己",
    ),
    (
        "average made additive",
        [dict(GOOD, aggregation="平均", column="总投资", additive="是")],
        "可加",
        "平均值不可相加",
    ),
]


@pytest.mark.parametrize("rows, column, message", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_a_bad_definition_is_refused_in_chinese(tmp_path, capsys, rows, column, message):
    write_ledger(tmp_path, "counties", COUNTY_ROWS)
    _write_definitions(tmp_path, rows)
    for argv in (
        ["validate", "--data", str(tmp_path)],
        ["indicators", "--year", "2023", "--data", str(tmp_path)],
    ):
        assert main(argv) == 2
        err = capsys.readouterr().err
        row = len(rows) + 1 if message == "编号重复" else 2
        assert f"文件 指标定义.csv，第 {row} 行，列「{column}」：" in err, err
        assert message in err and "Traceback" not in err


@pytest.mark.slow
def test_a_bad_definition_in_a_real_process(tmp_path):
    write_ledger(tmp_path, "counties", COUNTY_ROWS)
    _write_definitions(tmp_path, [dict(GOOD, ledger="项目清单")])
    done = subprocess.run(
        [sys.executable, "-m", "wbanalysis", "validate", "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 2
    assert "列「台账」：未知的台账（值：项目清单）；允许：行政区划（counties）" in done.stderr
    assert "Traceback" not in done.stderr


# ---- the annual summary ------------------------------------------------------------------------


@pytest.mark.slow
def test_the_annual_summary_shows_the_local_indicators(demo_with_definitions, tmp_path):
    import re
    from html import unescape

    from wbanalysis.pipeline.site import build_site

    out = tmp_path / "site"
    result = build_site(
        data_dir=demo_with_definitions,
        out_dir=out,
        years=[2023],
        counties=["全市"],
        notebooks=["01_annual_summary"],
        jobs=1,
        check=True,
    )
    assert result.failed == {}
    html = (out / "2023/city/01_annual_summary.html").read_text(encoding="utf-8")
    text = unescape(re.sub(r"<[^>]+>", "\t", html))
    reinforcement, invested = _independent(load(demo_with_definitions))
    assert "本地指标（2023年1－10月，按《指标定义》计算）" in text
    assert re.search(rf"除险加固项目数\s+{reinforcement}个", text)
    assert "新开工项目投资" in text
    assert "自检通过" in (out / "index.html").read_text(encoding="utf-8")
