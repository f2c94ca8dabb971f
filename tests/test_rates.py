"""Rates above 100 % are explained or defined away (issue #21, case 7).

A 销号率 or 整改率 counts only what was found in the period, so a problem of an earlier year
closed in the period is its own figure and never pushes the rate above 100 %; where above
100 % is a real fact (a plan or a storage target overfulfilled, arrears collected) the 口径 says
so and the sentence says 超额 (or names the arrears) rather than contradicting itself.
"""

from __future__ import annotations

import json
import math

import pytest
from conftest import COUNTY_ROWS, write_ledger

from wbanalysis import narrative
from wbanalysis.cli import main
from wbanalysis.indicators import CATALOGUE
from wbanalysis.scope import Scope

CITY = Scope(2023, 10, city="XX市")


@pytest.fixture
def ledgers(tmp_path):
    """A county's river problems and hazards, as the analyst types them in CSV: in 青山区 one
    problem found in 2022 and closed in January 2023 (the backlog), two found in 2023 and
    closed, one found in 2023 still open on 31 October; hazards the same way."""
    write_ledger(tmp_path, "counties", COUNTY_ROWS)
    # the monthly ledger that tells the year's months (the period ends in October)
    write_ledger(tmp_path, "fixed_asset_investment", [[2023, 10, "青山区", 100]])
    write_ledger(
        tmp_path,
        "river_issues",
        [
            ["W1", "青山区", "大河", "乱占", "2022-11-20", "2023-01-10", ""],
            ["W2", "青山区", "大河", "乱采", "2023-02-01", "2023-02-05", ""],
            ["W3", "青山区", "大河", "乱堆", "2023-03-01", "2023-03-20", ""],
            ["W4", "河东县", "小河", "乱建", "2023-09-01", "2023-11-15", ""],
        ],
    )
    write_ledger(
        tmp_path,
        "hazards",
        [
            ["H1", "青山区", "一般", "", "2022-12-01", "2023-01-05"],
            ["H2", "青山区", "一般", "", "2023-04-01", "2023-04-20"],
            ["H3", "河东县", "重大", "", "2023-05-01", ""],
        ],
    )
    return tmp_path


def _indicators(folder, capsys, county: str) -> dict:
    args = ["indicators", "--year", "2023", "--through-month", "10", "--county", county]
    assert main([*args, "--data", str(folder), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_backlog_closed_is_its_own_figure_not_in_the_closure_rate(ledgers, capsys):
    v = _indicators(ledgers, capsys, "青山区")
    # found in 1-10月: W2, W3, both closed; W1 (2022) closed in January is the backlog
    assert v["rivers.issues_found"] == 2
    assert v["rivers.issues_closed"] == 2
    assert v["rivers.issues_closed_rate"] == 100.0  # was (1 + 2) / 2 = 150 %
    assert v["rivers.issues_closed_carried_over"] == 1
    assert v["rivers.issues_open"] == 0
    # hazards: H2 found and rectified; H1 (2022) rectified in January is the backlog
    assert v["safety.hazards_rectified"] == 1
    assert v["safety.rectification_rate"] == 100.0  # was 200 %
    assert v["safety.hazards_rectified_carried_over"] == 1


def test_the_city_rate_counts_a_problem_closed_after_the_cut_off_as_open(ledgers, capsys):
    v = _indicators(ledgers, capsys, "全市")
    # found W2, W3, W4; W4 closed on 15 November, after the cut-off
    assert v["rivers.issues_closed_rate"] == pytest.approx(200 / 3)
    assert v["rivers.issues_open"] == 1
    # found H2, H3; H3 still open
    assert v["safety.rectification_rate"] == 50.0


def test_the_sentence_says_all_closed_only_of_what_it_names(ledgers, capsys):
    v = _indicators(ledgers, capsys, "青山区")
    text = narrative.rivers_paragraph(v, Scope(2023, 10, county="青山区"))
    assert "巡查发现提交问题2件，全部销号处理；往年问题本期销号1件。" in text
    v = _indicators(ledgers, capsys, "全市")
    text = narrative.rivers_paragraph(v, CITY)
    assert "巡查发现提交问题3件，已销号2件，销号率66.67%，截至10月尚有未销号问题1件；" in text
    assert "全部销号" not in text


def test_all_found_closed_with_an_older_problem_open_says_both():
    v = {"rivers.issues_found": 5, "rivers.issues_closed": 5, "rivers.issues_closed_rate": 100}
    v |= {"rivers.issues_open": 2, "rivers.issues_closed_carried_over": 0}
    text = narrative.rivers_paragraph(v, CITY)
    assert text.endswith("巡查发现提交问题5件，全部销号处理，尚有往年未销号问题2件。")


def test_hazard_backlog_is_said_apart_from_the_rectification_rate():
    v = {
        "enforcement.cases": 3,
        "enforcement.sand_mining_cases": 1,
        "safety.hazards_found": 10,
        "safety.hazards_rectified": 10,
        "safety.rectification_rate": 100.0,
        "safety.hazards_rectified_carried_over": 2,
    }
    assert narrative.enforcement_paragraph(v, CITY).endswith(
        "排查安全隐患10处，整治10处，隐患整改率100%；往年隐患本期整改2处。"
    )


@pytest.mark.parametrize(
    "rate, said",
    [
        (112.5, "年度投资计划完成率112.5%，超额完成年度投资计划"),
        (100, "年度投资计划完成率100%。"),
        (78.5, "年度投资计划完成率78.5%。"),
    ],
)
def test_a_plan_overfulfilled_is_said_as_such(rate, said):
    v = {"investment.plan": 1000, "investment.plan_completed": rate * 10}
    v |= {"investment.plan_completion_rate": rate, "investment.central_plan": 0}
    text = narrative.investment_plan_paragraph(v, CITY)
    assert said in text
    assert ("超额" in text) == (rate > 100)


@pytest.mark.parametrize(
    "surplus, said",
    [
        (20.5, "冬春蓄水120.5万m³，比下达的蓄水任务100万m³超出20.5万m³，超额完成蓄水任务。"),
        (0, "冬春蓄水100万m³，恰好完成下达的蓄水任务100万m³。"),
        (-3, "冬春蓄水97万m³，比下达的蓄水任务100万m³少3万m³，未完成蓄水任务。"),
    ],
)
def test_storage_above_its_target_is_overfulfilled_never_both(surplus, said):
    v = {"storage.target": 100, "storage.actual": 100 + surplus, "storage.surplus": surplus}
    text = narrative.flood_paragraph({**v, "flood.warnings_forwarded": math.nan}, CITY)
    assert text.endswith(said)


@pytest.mark.parametrize(
    "rate, said",
    [
        (104.2, "水费收缴率104.2%（含收回往期欠费）。"),
        (100, "水费收缴率100%。"),
        (87.9, "水费收缴率87.9%。"),
    ],
)
def test_fees_above_the_bill_name_the_arrears(rate, said):
    v = {"rural_water.works": 12, "rural_water.fee_collection_rate": rate}
    assert narrative.supervision_paragraph(v, CITY).endswith(said)


def test_every_rate_states_its_rule_and_whether_it_can_exceed_100():
    for key, ind in CATALOGUE.items():
        if ind.kind != "percent":  # a 同比 is a change, not a share
            continue
        assert ind.explained is not None, key
        rule = ind.explained.rule
        assert "÷" in rule, key
        assert "超过 100%" in rule, (key, "the 口径 says whether it can exceed 100 %")


def test_the_rates_said_to_stay_within_100_are_built_that_way():
    """The 口径 says 不超过 100% only of rates whose numerator is a part of their denominator."""
    bounded = {
        k for k, ind in CATALOGUE.items() if ind.explained and "不超过 100%" in ind.explained.rule
    }
    assert {
        "rivers.issues_closed_rate",
        "safety.rectification_rate",
        "rivers.patrol_completion",
        "rivers.patrol_completion.village",
        "safety.monitoring_coverage",
        "safety.eco_flow_compliance",
        "rural_water.pricing_coverage",
    } <= bounded
    assert not bounded & {
        "investment.plan_completion_rate",
        "storage.completion_rate",
        "rural_water.fee_collection_rate",
        "rural_supply.completion_rate",
    }
