"""Project trees and project statuses that add up (issue #21, cases 5 and 6).

The ledgers are made the way a county analyst makes them: the Excel template, filled in with
openpyxl, the sheets she does not need left untouched.

Case 5: an umbrella project (总项目) that other projects name as 所属项目编号 books its own
investment (前期工作费) as well; every amount entered counts once — in the indicators, in the
report's project table and in the split by county.

Case 6: a project's status uses its investment with its milestones; the sentence, the table
and the chart of a report count the same projects under the same words.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import wbanalysis.reporting as rp
from wbanalysis import metrics, narrative
from wbanalysis.blocks import BLOCK_MIME
from wbanalysis.errors import DataError
from wbanalysis.indicators import compute_indicators
from wbanalysis.indicators.local import load, validate
from wbanalysis.io.templates import write_template
from wbanalysis.schema import LEDGERS, PROJECT_STATUSES
from wbanalysis.scope import Scope

D = dt.datetime

COUNTIES = [
    {"county": "甲县", "code": "990101", "city": "XX市"},
    {"county": "乙县", "code": "990102", "city": "XX市"},
]
PROJECTS = [
    # the umbrella: its 总投资 1000 covers its sub-projects' 600 + 300 and 100 of its own
    dict(project_id="NS", name="农村供水专项", county="甲县", category="农村供水",
         total_investment=1000),
    dict(project_id="NS1", name="甲水厂", county="甲县", category="农村供水",
         total_investment=600, parent_id="NS"),
    dict(project_id="NS2", name="乙管网", county="乙县", category="农村供水",
         total_investment=300, parent_id="NS"),
    dict(project_id="SK", name="某水库", county="乙县", category="水库", total_investment=5000),
    dict(project_id="HD", name="某河道", county="甲县", category="河道治理", total_investment=800),
    dict(project_id="QD", name="某灌区", county="甲县", category="灌区", total_investment=900),
    dict(project_id="XJ", name="续建水库", county="乙县", category="水库", total_investment=3000),
    dict(project_id="CB", name="储备水库", county="甲县", category="水库", total_investment=2000),
]  # fmt: skip
PROGRESS = [
    ("NS", 2023, 2, 40),  # the umbrella's own 前期工作费
    ("NS1", 2022, 8, 200),
    ("NS1", 2023, 3, 150),
    ("NS2", 2023, 5, 80),
    ("SK", 2023, 4, 500),  # investment, and no milestone at all
    ("QD", 2023, 5, 300),
    ("XJ", 2023, 2, 120),
]
MILESTONES = [
    ("NS1", "开工", D(2022, 6, 30), D(2022, 7, 1)),  # 续建
    ("NS2", "开工", D(2023, 4, 30), D(2023, 4, 10)),  # 新开工
    ("HD", "竣工验收", D(2023, 6, 30), D(2023, 6, 20)),  # accepted, never started: contradiction
    ("QD", "开工", D(2023, 3, 31), D(2023, 3, 15)),  # 新开工
    ("XJ", "开工", D(2021, 3, 31), D(2021, 3, 1)),  # 续建
    ("CB", "可研批复", D(2024, 6, 30), None),  # nothing done: 储备
]
ENTERED_BY_OCTOBER = 40 + 200 + 150 + 80 + 500 + 300 + 120  # 1390
ENTERED_IN_2023 = ENTERED_BY_OCTOBER - 200  # 1190


def _fill(path: Path, rows: dict[str, list[dict]]) -> Path:
    from openpyxl import load_workbook

    wb = load_workbook(write_template(path))
    for name, records in rows.items():
        ws = wb[LEDGERS[name].zh]
        for record in records:
            ws.append([record.get(c.name) for c in LEDGERS[name].columns])
    wb.save(path)
    return path


def _book(tmp_path: Path, *, progress=PROGRESS, milestones=MILESTONES, projects=PROJECTS) -> Path:
    folder = tmp_path / "台账"
    folder.mkdir(exist_ok=True)
    keys = ("project_id", "year", "month", "investment")
    return _fill(
        folder / "县台账.xlsx",
        {
            "counties": COUNTIES,
            # the monthly ledger that says which months the ledgers cover (1–10月 of 2023)
            "fixed_asset_investment": [
                {"year": y, "month": m, "county": "甲县", "amount": 10}
                for y in (2022, 2023)
                for m in range(1, 13 if y == 2022 else 11)
            ],
            "projects": projects,
            "project_progress": [dict(zip(keys, r, strict=True)) for r in progress],
            "milestones": [
                dict(
                    zip(("project_id", "milestone", "planned_date", "actual_date"), r, strict=True)
                )
                for r in milestones
            ],
        },
    )


@pytest.fixture
def book(tmp_path) -> Path:
    return _book(tmp_path)


# ---- case 5: an umbrella's own investment counts once ----------------------------------


def test_the_sum_over_a_tree_is_what_was_entered_in_the_indicators(book):
    v = compute_indicators(load(book), year=2023, through_month=10)
    # 农村供水专项: NS's own 40, NS1's 200 + 150, NS2's 80; its 总投资 is NS's 1000, not 1900
    assert v["rural_supply.completed_cumulative"] == 40 + 200 + 150 + 80
    assert v["rural_supply.completed_year"] == 40 + 150 + 80
    assert v["rural_supply.total_investment"] == 1000.0
    assert v["rural_supply.subprojects"] == 2  # the umbrella's own part is no sub-project
    assert v["projects.investment_year"] == ENTERED_IN_2023


def test_the_sum_over_a_tree_is_what_was_entered_in_the_report_table(book, monkeypatch):
    bundles: list[dict] = []
    monkeypatch.setattr(rp, "_display", bundles.append)
    ds = load(book)
    sel = {"year": 2023, "through_month": 10, "county": None}
    table = metrics.active_projects(
        ds.projects, ds.project_progress, ds.project_plans, ds.milestones, **sel
    )
    from wbanalysis import labels

    rp.show_table(table, columns=labels.PROJECT_INVESTMENT, scope=Scope(2023, 10))
    (block,) = [b[BLOCK_MIME] for b in bundles if BLOCK_MIME in b]
    year_column = block["columns"].index("1－10月完成（万元）")
    shown = [float(row[year_column]) for row in block["rows"]]
    assert sum(shown) == ENTERED_IN_2023
    names = [row[0] for row in block["rows"]]
    assert "农村供水专项（本级）" in names  # the umbrella's own 40, under its own name


def test_the_county_split_adds_up_to_the_city(book):
    ds = load(book)
    city = compute_indicators(ds, year=2023, through_month=10)
    by_county = {
        c: compute_indicators(ds, year=2023, through_month=10, county=c) for c in ("甲县", "乙县")
    }
    # 甲县: NS's own 40, NS1 150, QD 300; 乙县: NS2 80, SK 500, XJ 120
    assert by_county["甲县"]["projects.investment_year"] == 40 + 150 + 300
    assert by_county["乙县"]["projects.investment_year"] == 80 + 500 + 120
    for key in ("projects.investment_year", "rural_supply.completed_cumulative",
                "rural_supply.total_investment"):  # fmt: skip
        assert sum(v[key] for v in by_county.values()) == city[key], key


def test_an_umbrella_smaller_than_its_sub_projects_is_a_notice_naming_it(tmp_path):
    projects = [dict(p, total_investment=800) if p["project_id"] == "NS" else p for p in PROJECTS]
    problems = validate(_book(tmp_path, projects=projects))
    assert not [p for p in problems if p.is_error]
    (notice,) = [p for p in problems if "总项目" in p.message]
    assert "项目 NS（农村供水专项）" in notice.message and "900万元" in notice.message
    assert (notice.sheet, notice.row, notice.column) == ("项目台账", 2, "总投资（万元）")
    # the tree's total is then its sub-projects' (its own part 0), never 800 + 900
    v = compute_indicators(load(_book(tmp_path, projects=projects)), year=2023, through_month=10)
    assert v["rural_supply.total_investment"] == 900.0


def test_an_umbrella_repeating_its_sub_projects_investment_is_refused(tmp_path):
    progress = [*PROGRESS, ("NS", 2023, 3, 150), ("NS2", 2023, 3, 0)]  # = NS1 + NS2 in March
    book = _book(tmp_path, progress=progress)
    with pytest.raises(DataError) as err:
        load(book)
    (error,) = [p for p in err.value.problems if p.is_error]
    assert "项目 NS（农村供水专项）" in error.message and "2023年3月" in error.message
    assert (error.sheet, error.row, error.column) == ("项目投资进度", 9, "完成投资（万元）")


def test_a_loop_of_parents_is_refused(tmp_path):
    projects = [dict(p, parent_id="NS1") if p["project_id"] == "NS" else p for p in PROJECTS]
    problems = validate(_book(tmp_path, projects=projects))
    (error,) = [p for p in problems if p.is_error]
    assert "NS → NS1 → NS" in error.message
    assert (error.sheet, error.row, error.column) == ("项目台账", 2, "所属项目编号")


# ---- case 6: status from milestones and investment --------------------------------------


def test_investment_without_a_start_is_a_notice_and_never_reserve(book):
    problems = validate(book)
    assert not [p for p in problems if p.is_error]
    (notice,) = [p for p in problems if "《项目节点》中截至" in p.message]
    assert notice.message.startswith("项目 SK（某水库）2023年完成投资500万元")
    assert (notice.sheet, notice.row, notice.column) == ("项目投资进度", 6, "完成投资（万元）")
    ds = load(book)
    status = metrics.project_status(
        ds.projects,
        ds.milestones,
        year=2023,
        through_month=10,
        project_progress=ds.project_progress,
    ).set_index("project_id")["status"]
    assert status["SK"] == "前期"  # not 储备: money was spent; not 在建: no start is known
    assert status["CB"] == "储备"
    # before its investment (cut-off March), SK has nothing done: 储备
    early = metrics.project_status(
        ds.projects, ds.milestones, year=2023, through_month=3, project_progress=ds.project_progress
    ).set_index("project_id")["status"]
    assert early["SK"] == "储备"


def test_a_contradictory_stage_is_a_notice_and_never_two_stages_at_once(book):
    (notice,) = [p for p in validate(book) if "前后矛盾" in p.message]
    assert notice.message.startswith("项目 HD（某河道）的“竣工验收”已于 2023-06-20 完成")
    assert (notice.sheet, notice.row, notice.column) == ("项目节点", 4, "实际日期")
    ds = load(book)
    status = metrics.project_status(
        ds.projects,
        ds.milestones,
        year=2023,
        through_month=10,
        project_progress=ds.project_progress,
    ).set_index("project_id")["status"]
    assert status["HD"] == "竣工验收"  # never "前期、竣工验收"


def _sentence_counts(text: str) -> dict[str, int]:
    words = {"新开工": "新开工项目", "续建": "续建项目", "完工": "完工项目",
             "竣工验收": "竣工验收项目", "前期": "前期项目", "储备": "储备项目"}  # fmt: skip
    out = {}
    for status, word in words.items():
        found = re.search(rf"(?<!竣工){word}(\d+)个", text)
        out[status] = int(found.group(1)) if found else 0
    return out


def _same_counts(ds, scope: Scope) -> dict[str, int]:
    """The sentence's, the table's (合计 row) and the chart's counts, checked equal."""
    sel = scope.selection
    v = compute_indicators(
        ds, year=scope.year, through_month=scope.through_month, county=scope.county
    )
    said = _sentence_counts(narrative.status_paragraph(v, scope))
    table = metrics.status_by_category(
        ds.projects, ds.milestones, **sel, project_progress=ds.project_progress
    ).loc["合计", list(PROJECT_STATUSES)]
    chart = metrics.status_counts(
        ds.projects, ds.milestones, **sel, project_progress=ds.project_progress
    )
    assert said == {s: int(table[s]) for s in PROJECT_STATUSES} == chart.to_dict()
    in_construction = re.search(r"在建项目(\d+)个", narrative.projects_paragraph(v, scope))
    assert in_construction is not None
    assert int(in_construction.group(1)) == said["新开工"] + said["续建"]
    return said


def test_sentence_table_and_chart_count_the_same_on_a_hand_made_case(book):
    said = _same_counts(load(book), Scope(2023, 10))
    # NS2, QD 新开工; NS1, XJ 续建; SK 前期; CB 储备; HD 竣工验收
    assert said == {"储备": 1, "前期": 1, "新开工": 2, "续建": 2, "完工": 0, "竣工验收": 1}


@pytest.mark.parametrize("county", [None, "白沙县"])
def test_sentence_table_and_chart_count_the_same_on_the_demo(demo, county):
    said = _same_counts(demo, Scope(2023, 10, county=county))
    assert sum(said.values()) > 0
