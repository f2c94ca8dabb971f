"""reporting: the notebook helpers — what each shows, in which block, and the parameter check."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

import wbanalysis.reporting as rp
from wbanalysis.blocks import BLOCK_MIME
from wbanalysis.errors import ParameterError
from wbanalysis.units.traced import strip, untangle


@pytest.fixture
def shown(monkeypatch) -> list[dict]:
    """The bundles the helpers display, in order."""
    bundles: list[dict] = []
    monkeypatch.setattr(rp, "_display", bundles.append)
    return bundles


def _blocks(bundles: list[dict]) -> list[dict]:
    return [b[BLOCK_MIME] for b in bundles if BLOCK_MIME in b]


def test_parts_are_numbered_under_each_level_2_heading(shown):
    rp.heading("一、主要工作")
    rp.part("重点项目推进情况")
    rp.part("防汛抗旱工作")
    rp.heading("二、存在困难和问题")
    rp.part("资金到位")
    texts = [b["text"] for b in _blocks(shown)]
    assert texts == [
        "一、主要工作",
        "（一）重点项目推进情况",
        "（二）防汛抗旱工作",
        "二、存在困难和问题",
        "（一）资金到位",
    ]


def test_an_empty_sentence_or_note_shows_nothing(shown):
    rp.say("")
    rp.note("")
    rp.paragraphs(["", "全市完成投资11.97亿元。"])
    assert [b["text"] for b in _blocks(shown)] == ["全市完成投资11.97亿元。"]


def test_titled_parts_start_numbered_parts_and_untitled_ones_only_say(shown):
    rp.heading("三、2024年工作计划")
    rp.parts([("抓好项目建设", "一是……"), (None, "二是……")])
    assert [b["text"] for b in _blocks(shown)] == [
        "三、2024年工作计划",
        "（一）抓好项目建设",
        "一是……",
        "二是……",
    ]


def test_a_table_is_headed_and_written_through_labels_and_stays_text(shown):
    df = pd.DataFrame(
        {
            "description": ["<script>alert(1)</script>", "完成验收"],
            "due_date": [pd.Timestamp(2023, 6, 30), pd.NaT],
        }
    )
    rp.show_table(df, columns=("description", "due_date"), caption="计划")
    (table,) = _blocks(shown)
    assert table["columns"] == ["目标", "计划完成日期"]
    assert table["rows"][0][0] == "<script>alert(1)</script>"  # text, escaped by renderers
    assert table["rows"][1][1] == "—"  # no date: a dash, never a made-up one
    assert "<script>" not in shown[0]["text/html"]


def test_numbers_are_written_by_the_one_formatter_and_marked_numeric(shown):
    rp.show_table(pd.DataFrame({"县区": ["甲县", "乙县"], "金额": [6415.355, 12.0]}))
    (table,) = _blocks(shown)
    assert [row[1] for row in table["rows"]] == ["6415.36", "12"]
    assert table["numeric"] == [False, True]


def test_a_report_of_the_demo_says_its_figures_as_the_summary_does():
    r = rp.start(year=2023)
    assert r.scope.period_label == "2023年1－10月"
    assert r.say("funding.total") == "3209万元"
    assert r.display("funding.arrival_rate") == "79.49%"
    # the table's figure keeps its mark: the page links it to its 出处
    row = list(r.table(["funding.total"]).iloc[0])
    assert [strip(c) for c in row] == ["争取项目资金", "3209万元"]
    assert untangle(row[1]) == ("3209万元", [(0, 6, "funding.total")])


def test_outside_a_notebook_a_bad_parameter_is_raised_in_chinese():
    with pytest.raises(ParameterError, match="县区"):
        rp.start(year=2023, county="不存在县")


def test_the_record_carries_headline_figures_and_the_ledgers_read(shown):
    r = rp.start(year=2023, sections=["funding"])
    rp.record(r, headline={"争取资金": "funding.total"})
    bundle, sources = shown
    data = bundle[rp.RECORD_MIME]
    assert data["headline"] == {"争取资金": "3209万元"}
    assert data["headline_keys"] == {"争取资金": "funding.total"}
    assert "funding" in data["ledgers"]
    assert set(data) == {"headline", "headline_keys", "ledgers", "indicators"}
    # the headline figure's 出处 goes with it, for the page's panel
    source = sources[rp.SOURCES_MIME]["funding.total"]
    assert source["display"] == "3209万元" and source["complete"]
    assert source["total"] == 98 and len(source["rows"]) == rp.SHOWN_ROWS
    # every row goes to the page as the CSV text of its download, not as lists in the panel
    assert "all" not in source
    table = list(csv.DictReader(io.StringIO(sources[rp.SOURCES_CSV_MIME])))
    rows = [row for row in table if row["页面指标"] == "争取项目资金"]
    assert len(rows) == 98 and {row["页面数值"] for row in rows} == {"3209万元"}
    assert round(sum(float(row["计入"]) for row in rows), 2) == 3209
    # every figure the report computed, for the site's 指标汇总.xlsx; JSON (no NaN)
    assert [i[0] for i in data["indicators"]] == list(r.values)
    assert ["funding.total", "争取项目资金", "万元", 3209.0, "3209万元"] in data["indicators"]
    json.dumps(data["indicators"], allow_nan=False)
