"""narrative: the annual summary's rules (title, basis, difficulties) on tiny hand-made data."""

from __future__ import annotations

import math

import pandas as pd

from wbanalysis import narrative
from wbanalysis.dataset import Dataset
from wbanalysis.scope import Scope

CITY = Scope(2023, 10, city="XX市")
COUNTY = Scope(2023, 10, county="白沙县", city="XX市")
NAN = math.nan


def _values(**given):
    base = {
        "funding.arrival_rate": 100.0,
        "projects.milestones_overdue_open": 0,
        "rural_water.fee_collection_rate": 95.0,
        "safety.hazards_open": 0,
        "rivers.issues_open": 0,
    }
    return base | {k.replace("__", "."): v for k, v in given.items()}


def test_no_problem_found_says_nothing():
    assert narrative.problems_paragraph(_values(), CITY) == ""


def test_arrival_below_100_is_a_problem_and_exactly_100_is_not():
    text = narrative.problems_paragraph(_values(funding__arrival_rate=99.5), CITY)
    assert text == "已落实的项目资金未能全部到位，资金到位率99.5%。"
    assert narrative.problems_paragraph(_values(funding__arrival_rate=NAN), CITY) == ""


def test_fee_collection_below_90_is_a_problem_and_90_is_not():
    text = narrative.problems_paragraph(_values(rural_water__fee_collection_rate=72.3), COUNTY)
    assert text == "农村供水工程水费收缴率仅72.3%，工程建后管护资金不足。"
    assert (
        narrative.problems_paragraph(_values(rural_water__fee_collection_rate=90.0), COUNTY) == ""
    )


def test_counts_left_open_and_storage_shortfalls_in_the_summary_order():
    v = _values(projects__milestones_overdue_open=2, safety__hazards_open=3, rivers__issues_open=1)
    assert narrative.problems_paragraph(v, COUNTY, shortfalls=2) == (
        "2个项目节点逾期未完成。2个水库未完成冬春蓄水任务。尚有3处安全隐患未完成整改。尚有1件河湖问题未销号。"
    )
    assert (
        narrative.problems_paragraph(_values(), CITY, shortfalls=1)
        == "1个县（区）未完成冬春蓄水任务。"
    )


def _dataset(last_month: int) -> Dataset:
    funding = pd.DataFrame(
        {
            "record_id": ["F1"],
            "year": [2023],
            "month": [last_month],
            "county": ["白沙县"],
            "level": ["中央"],
            "programme": ["水利发展资金"],
            "secured": [1.0],
            "arrived": [1.0],
            "project_id": [None],
        }
    )
    notes = pd.DataFrame(
        {
            "note_id": ["N1", "N2", "N3", "N4"],
            "year": [2023] * 4,
            "county": [None, None, None, "白沙县"],
            "section": ["河湖长制", "河湖长制", "计划", "河湖长制"],
            "kind": ["亮点", "困难", "计划", "亮点"],
            "title": [None, "资金缺口大", "", None],
            "text": ["修订巡查细则。", "前期经费缺乏。", "推进水库建设。", "白沙县清河。"],
            "order": [1, 2, 3, 1],
        }
    )
    targets = pd.DataFrame(
        {
            "target_id": ["T1"],
            "year": [2024],
            "county": ["白沙县"],
            "description": ["甲水库开工"],
            "due_date": pd.to_datetime(["2024-10-31"]),
            "achieved_date": pd.to_datetime([None]),
            "project_id": [None],
        }
    )
    # two counties: a city bureau (a 行政区划 of one county is that county's bureau)
    counties = pd.DataFrame(
        {"county": ["白沙县", "河东县"], "code": ["990124", "990121"], "city": ["XX市"] * 2}
    )
    return Dataset(
        {"counties": counties, "funding": funding, "work_notes": notes, "plan_targets": targets}
    )


def test_summary_text_of_the_year_has_notes_plan_and_title():
    ds = _dataset(last_month=10)
    text = narrative.SummaryText.of(ds, CITY)
    assert not text.early and text.has_plan
    assert text.title(CITY) == "XX市水务局2023年工作总结和2024年工作计划"
    assert text.paragraphs("河湖长制") == [
        "修订巡查细则。"
    ]  # the county's notes are not the city's
    assert text.titled("困难") == [("资金缺口大", "前期经费缺乏。")]
    assert text.titled("计划") == [(None, "推进水库建设。")]
    assert (
        text.basis(CITY)
        == "数据截至10月底（2023年1－10月）。金额单位万元，1亿元及以上以亿元表示；水量单位万m³。"
    )
    county = narrative.SummaryText.of(ds, COUNTY)
    assert county.paragraphs("河湖长制") == ["白沙县清河。"]
    assert county.next_targets["description"].tolist() == ["甲水库开工"]
    assert county.has_plan and not county.has(kind="困难")


def test_a_report_cut_off_early_leaves_out_the_notes_and_the_plan():
    ds = _dataset(last_month=10)
    early = Scope(2023, 6, city="XX市")
    text = narrative.SummaryText.of(ds, early)
    assert text.early and not text.has_plan and text.paragraphs("河湖长制") == []
    assert text.title(early) == "XX市水务局2023年工作总结"
    assert text.basis(early).endswith("水量单位万m³。文字材料和下一年度计划按年度填写，本期从略。")


def test_party_building_of_a_county_is_summed_up_by_the_city():
    assert (
        narrative.party_section({}, COUNTY, has_notes=False) == "党的建设情况由市水务局统一汇总。"
    )
    assert narrative.party_section({}, COUNTY, has_notes=True) == ""
    v = {
        "party.study_sessions": 2,
        "party.center_group": 1,
        "party.lectures": 1,
        "party.publicity": 0,
    }
    assert narrative.party_section(v, CITY, has_notes=True) == narrative.party_paragraph(v, CITY)


def test_loans_storage_and_construction_sentences():
    assert narrative.loans_sentence({"loans.drawdown_eur": NAN}, CITY) == ""
    assert narrative.storage_shortfall_sentence(pd.Series(dtype=float)) == ""
    shortfalls = pd.Series({"甲水库": -1.5, "乙水库": -20.0})
    assert (
        narrative.storage_shortfall_sentence(shortfalls)
        == "未完成蓄水任务：甲水库（少1.5万m³）、乙水库（少20万m³）。"
    )
    assert narrative.construction_note({"construction.total": 5.0}, CITY).startswith("注：全口径")


def test_trend_sentence_and_note():
    class T:
        slope, p_value = 1250.0, 0.2

    totals = pd.Series([1.0, 2.0, 3.0], index=[2021, 2022, 2023])
    assert (
        narrative.trend_sentence(totals, T, "同期投资") == "2021－2023年同期投资年均增加1250万元。"
    )
    assert narrative.trend_note(T).endswith("p = 0.2，趋势不显著。")

    class Flat:
        slope, p_value = NAN, NAN

    assert (
        narrative.trend_sentence(totals, Flat, "同期投资") == ""
        and narrative.trend_note(Flat) == ""
    )


def test_red_lines_name_the_last_year_assessed_and_the_decline():
    water = pd.DataFrame(
        {
            "year": [2021, 2022],
            "county": ["白沙县"] * 2,
            "total_use": [9000.0, 8000.0],
            "cap": [10000.0, 10000.0],
            "industrial_use": [900.0, 800.0],
        }
    )
    economy = pd.DataFrame(
        {
            "year": [2021, 2022],
            "county": ["白沙县"] * 2,
            "gdp": [3.0e6, 4.0e6],
            "industrial_value_added": [1.0e6, 1.0e6],
            "price_basis": ["2020年可比价"] * 2,
        }
    )
    text = narrative.red_lines_paragraph(water, economy, year=2023, county="白沙县")
    # 2022: 8000万m³ × 10⁴ / 4.0e6万元 = 20 m³/万元, 800 × 10⁴ / 1.0e6 = 8; 2021: 30 → 1 − 20/30 = 33.33%
    assert text == (
        "2022年度用水总量8000万m³，控制指标10000万m³；万元GDP用水量20m³，万元工业增加值用水量8m³"
        "（2020年可比价）。万元GDP用水量较2021年下降33.33%。"
    )
    assert (
        narrative.red_lines_paragraph(water, economy, year=2020) == "台账中没有用水总量考核数据。"
    )


def test_the_hazard_sentence_counts_the_general_hazards_it_names(demo):
    # 2020 全市: 104 hazards rectified, of which 103 一般 — the sentence says 一般隐患, so 103
    from wbanalysis.indicators import compute_indicators
    from wbanalysis.scope import Scope

    scope = Scope.of(demo, year=2020)
    values = compute_indicators(demo, scope)
    assert (values["safety.hazards_rectified"], values["safety.hazards_rectified.general"]) == (
        104,
        103,
    )
    text = narrative.supervision_paragraph(values, scope)
    assert "排查整治一般隐患103处" in text and "104处" not in text
