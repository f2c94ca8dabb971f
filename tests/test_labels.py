"""labels: one header, unit and formatter per column; the tables the notebooks show."""

from __future__ import annotations

import pandas as pd
import pytest

from wbanalysis import labels
from wbanalysis.scope import Scope

CITY = Scope(2023, 10, city="XX市")
COUNTY = Scope(2023, 10, county="白沙县", city="XX市")


def test_header_joins_text_and_unit_and_fills_the_period():
    assert labels.header("total_investment") == "总投资（万元）"
    assert labels.header("completed_year", CITY) == "1－10月完成（万元）"
    assert labels.header("completed_year", Scope(2023, 12)) == "全年完成（万元）"
    with pytest.raises(ValueError):
        labels.header("completed_year")  # the period is needed


def test_formatters_are_the_units_ones():
    assert labels.LABELS["completion_rate"].write(87.9) == "87.90%"
    assert labels.LABELS["surplus"].write(-49.97) == "少49.97万m³"
    assert labels.LABELS["rank"].write(3.0) == "第3名"
    assert labels.LABELS["streak"].write(0) == "—"
    assert labels.LABELS["assessed_year"].write(2022.0) == "2022年度"
    assert labels.LABELS["due_date"].write(pd.NaT) == "—"


def test_a_missing_cell_can_say_more_than_a_dash():
    behind = labels.MILESTONES_BEHIND["actual_date"]
    assert behind.write(pd.NaT, CITY) == "截至10月未完成"
    assert behind.write(pd.Timestamp("2023-05-02"), CITY) == "2023-05-02"
    county = labels.ASSESSMENTS["county"]
    assert county.write(None, CITY) == "XX市" and county.write("白沙县", CITY) == "白沙县"


def test_relabel_selects_orders_and_heads_the_columns():
    df = pd.DataFrame(
        {
            "project_id": ["A"],
            "name": ["甲水厂"],
            "completed_year": [12.5],
            "total_investment": [100.0],
            "completed_cumulative": [40.0],
            "completion_rate": [50.0],
        }
    )
    shown, formats = labels.relabel(df, labels.RURAL_SUBPROJECTS, COUNTY)
    assert list(shown.columns) == [
        "子项目",
        "总投资（万元）",
        "累计完成（万元）",
        "2023年完成（万元）",
        "完成率",
    ]
    assert set(formats) == {"完成率"} and formats["完成率"](50) == "50.00%"


def test_an_unknown_column_is_an_error_not_an_english_header():
    with pytest.raises(KeyError, match="no label"):
        labels.relabel(pd.DataFrame({"typo_column": [1]}), ["typo_column"])
    shown, _ = labels.relabel(pd.DataFrame({"新开工": [1]}), ["新开工"])  # already Chinese
    assert list(shown.columns) == ["新开工"]


def test_a_county_report_shows_no_county_column_in_its_assessments():
    assert "county" in labels.assessments(CITY) and "rank_among" in labels.assessments(CITY)
    assert "county" not in labels.assessments(COUNTY)
    assert "rank_among" not in labels.assessments(COUNTY)


def test_storage_is_headed_by_county_or_reservoir():
    df = pd.DataFrame(
        {"target": [100.0], "actual": [90.0], "surplus": [-10.0], "completion_rate": [90.0]},
        index=pd.Index(["甲水库"], name="name"),
    )
    shown, formats = labels.relabel(df.reset_index(), labels.storage(COUNTY))
    assert list(shown.columns) == ["水库", "任务（万m³）", "实际（万m³）", "与任务相比", "完成率"]
    assert formats["与任务相比"](-10.0) == "少10万m³"


def test_preparedness_writes_counts_with_their_measure_words():
    prepared = pd.DataFrame(
        {
            "kind": ["抢险队伍", "演练", "检查"],
            "count": [30, 0, 46],
            "word": ["支", "次", "次"],
            "people": [1163, 0, 0],
        }
    )
    shown = labels.preparedness(prepared)
    assert shown.values.tolist() == [["抢险队伍", "30支", "1163人"], ["检查", "46次", "—"]]


def test_write_cell_is_the_default():
    assert [labels.write_cell(x) for x in (3209.0, 2, False, None, float("nan"), "<b>")] == [
        "3209",
        "2",
        "否",
        "—",
        "—",
        "<b>",
    ]
