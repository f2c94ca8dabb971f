"""Reconciling a summary with the ledgers: a tiny hand-made ledger whose values are known by
hand, and the demo ledgers whose 2023 figures DOMAIN.md fixes (3209万元, 425名, 153次…)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wbanalysis.check import check_file, check_text
from wbanalysis.check import reconcile as rc
from wbanalysis.check.document import split_text
from wbanalysis.check.figures import find_figures
from wbanalysis.check.reconcile import Naming, match_indicator
from wbanalysis.dataset import Dataset
from wbanalysis.errors import ParameterError
from wbanalysis.scope import Scope

SEED = Path("/work/shared/seed/000_3d3424e8527a2f29.txt")
PLANTED = Path(__file__).resolve().parent.parent / "data" / "check" / "planted_slips.txt"


@pytest.fixture(scope="module")
def tiny() -> Dataset:
    """中央 100.5 (March) + 省级 20 (May) through October = 120.5; + 中央 10 in November."""
    return Dataset(
        {
            "counties": pd.DataFrame(
                {"county": ["甲县", "乙县"], "code": [None, None], "city": ["某市", "某市"]}
            ),
            "funding": pd.DataFrame(
                {
                    "record_id": ["F1", "F2", "F3", "F4"],
                    "year": [2023, 2023, 2023, 2022],
                    "month": [3, 5, 11, 4],
                    "county": ["甲县", "乙县", "甲县", "甲县"],
                    "level": ["中央", "省级", "中央", "中央"],
                    "programme": ["水利发展资金"] * 4,
                    "secured": [100.5, 20.0, 10.0, 88.0],
                    "arrived": [50.0, 10.0, 0.0, 88.0],
                    "project_id": [None] * 4,
                }
            ),
        }
    )


def verdicts(text, dataset, **scope):
    result = check_text(text, dataset=dataset, **scope)
    return [(m.key, m.holds) for m in result.reconciled], result


def test_hand_made_ledger(tiny):
    found, result = verdicts(
        "截至10月，共争取项目资金120.5万元，其中中央资金100.5万元，省级资金20万元。"
        "资金到位率49.79%。",
        tiny,
        year=2023,
        through_month=10,
    )
    # arrived 60 of secured 120.5 = 49.79…%
    assert found == [
        ("funding.total", True),
        ("funding.central", True),
        ("funding.provincial", True),
        ("funding.arrival_rate", True),
    ]
    assert result.ok


def test_a_figure_changed_by_one_digit_is_caught(tiny):
    found, result = verdicts("共争取项目资金120.6万元。", tiny, year=2023, through_month=10)
    assert found == [("funding.total", False)]
    assert result.mismatches[0].message == "文中「共争取项目资金120.6万元」，台账计算为120.5万元"
    assert result.exit_code == 1


def test_the_figure_s_own_period_and_year(tiny):
    # 截至11月 includes November's 10万元; the scope's October does not
    found, result = verdicts(
        "截至11月，共争取项目资金130.5万元。", tiny, year=2023, through_month=10
    )
    assert found == [("funding.total", True)]
    assert "1－11月" in result.reconciled[0].note
    assert verdicts("截至10月，共争取项目资金130.5万元。", tiny, year=2023, through_month=10)[
        0
    ] == [("funding.total", False)]
    # 2022: 88万元 in April
    assert verdicts("2022年共争取项目资金88万元。", tiny, year=2023, through_month=10)[0] == [
        ("funding.total", True)
    ]


def test_figures_outside_the_scope_are_unmatched_with_a_reason(tiny):
    result = check_text(
        "乙县共争取项目资金20万元。\n2024年共争取项目资金300万元。\n5－10月共争取"
        "项目资金20万元。\n计划争取项目资金500万元。\n2019－2023年共争取项目资金900万元。"
        "\n新增争取项目资金10万元。",
        dataset=tiny,
        year=2023,
        county="甲县",
        through_month=10,
    )
    assert result.reconciled == ()
    reasons = [u.reason for u in result.unmatched]
    assert "乙县" in reasons[0] and "2024年" in reasons[1] and "5－10月" in reasons[2]
    assert "计划" in reasons[3] and "多年" in reasons[4] and "增减" in reasons[5]


def test_a_place_named_earlier_in_the_paragraph_holds_for_its_later_sentences(tiny):
    result = check_text(
        "乙县。共争取项目资金20万元。\n共争取项目资金100.5万元。",
        dataset=tiny,
        year=2023,
        county="甲县",
        through_month=10,
    )
    assert "乙县" in result.unmatched[0].reason
    assert [(m.key, m.holds) for m in result.reconciled] == [("funding.total", True)]


def test_no_ledger_value_is_not_a_mismatch(tiny):
    # no river ledgers: the completion rate has no value
    found, result = verdicts("巡查完成率100%。", tiny, year=2023, through_month=10)
    assert found == [("rivers.patrol_completion", None)] and result.ok


def test_ambiguous_figure_is_unmatched(monkeypatch):
    _, sentences = split_text("共争取项目资金3209万元。")
    figure = find_figures(sentences)[0]
    assert match_indicator(figure).key == "funding.total"
    twin = Naming("funding.arrived", ("争取项目资金",))
    monkeypatch.setitem(rc._NAMINGS, "funding.arrived", twin)
    found = match_indicator(figure)
    assert found.key is None and "可能对应多个指标" in found.reason


def test_words_and_units_decide_the_indicator():
    _, sentences = split_text(
        "比下达的6415.36万m³蓄水任务超出220.64万m³。全市1090件农村供水工程。同比下降3.1%。"
        "尚有2件未销号。问题销号83件。清四乱专项行动发动2.2万名干群参与。项目资金3209万m³。"
    )
    found = [
        match_indicator(
            f, sentences[f.sentence].scan, "同比下降" if f.unit == "%" else "", "固定资产投资"
        )
        for f in find_figures(sentences)
    ]
    assert [f.key for f in found] == [
        "storage.target",
        "storage.surplus",
        "rural_water.works",
        "investment.fixed_asset_yoy",
        "rivers.issues_open",
        "rivers.issues_closed",
        "rivers.participants",
        None,
    ]
    assert found[3].negated and found[2].by_after


def test_scope_needs_ledgers(tiny):
    with pytest.raises(ParameterError):
        check_text("资金3209万元。", scope=Scope(2023, 10))
    with pytest.raises(ParameterError):
        check_text("资金3209万元。", dataset=tiny)


# ---- the demo ledgers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, holds",
    [
        ("共争取项目资金3209万元。", True),
        ("共争取项目资金3219万元。", False),
        ("完成水利管理业固定资产投资11.97亿元。", True),
        ("完成水利管理业固定资产投资11.98亿元。", False),
        ("完成水利管理业固定资产投资119700万元。", True),
        ("水利管理业固定资产投资同比增27.65%。", True),
        ("水利管理业固定资产投资同比下降27.65%。", False),
        ("转发预警信息150余次。", True),  # 153
        ("转发预警信息160余次。", False),
        ("转发预警信息约150次。", True),
        ("累计完成河湖巡查2万余次。", True),  # 20718
        ("累计完成河湖巡查3万余次。", False),
        ("巡查发现提交问题80余件。", True),  # 83
        ("巡查发现提交问题90余件。", False),
        ("开展清四乱专项行动，累计发动2.2万名干群参与。", True),  # 22000
        ("开展清四乱专项行动，累计发动2.3万名干群参与。", False),
        ("开展安全巡查120次。", None),  # not the river patrols: no indicator
        ("新增河湖长12名。", None),  # a change, not the number of chiefs
        (
            "完成水利管理业固定资产投资11.97亿元，同比增27.65%；征收水资源费6219.38万元，同比增10%。",
            True,
        ),  # the second 同比增 is not the investment's
        ("全市设河湖长425名。", True),
        ("全市设河湖长452名。", False),
        ("2022－2023年冬春蓄水6636万m³。", True),
        ("超出蓄水任务220.64万m³。", True),
    ],
)
def test_demo_figures(demo, text, holds):
    result = check_text(text, dataset=demo, year=2023, through_month=10)
    verdicts = [m.holds for m in result.reconciled]
    if holds:
        assert verdicts and all(verdicts)
    else:
        assert verdicts == ([] if holds is None else [holds])
    assert result.ok is (holds is not False)


def test_year_on_year_belongs_to_the_figure_before_it(demo):
    result = check_text(
        "完成水利管理业固定资产投资11.97亿元，同比增27.65%；征收水资源费6219.38万元，同比增10%。",
        dataset=demo,
        year=2023,
        through_month=10,
    )
    assert [m.key for m in result.reconciled] == [
        "investment.fixed_asset",
        "investment.fixed_asset_yoy",
        "resources.water_fee",
    ]
    assert [result.figures[u.figure].text for u in result.unmatched] == ["10%"]


def test_county_report_figures(demo):
    found, result = verdicts(
        "白沙县设河湖长50名。全市设河湖长425名。",
        demo,
        year=2023,
        county="白沙县",
        through_month=10,
    )
    assert found == [("rivers.chiefs", True)]
    assert "全市" in result.unmatched[0].reason


@pytest.mark.skipif(not SEED.exists(), reason="the seed summary is not on this machine")
def test_seed_reconciles_every_figure_the_catalogue_covers(demo):
    result = check_file(SEED, dataset=demo, year=2023, through_month=10)
    keys = {m.key for m in result.reconciled}
    assert {
        "funding.total",
        "funding.central",
        "funding.provincial",
        "funding.city",
        "investment.fixed_asset",
        "investment.fixed_asset_yoy",
        "rural_supply.total_investment",
        "rural_supply.completed_cumulative",
        "rural_supply.completed_year",
        "rural_supply.pipeline_km",
        "storage.actual",
        "storage.target",
        "storage.surplus",
        "flood.warnings_forwarded",
        "rivers.chiefs",
        "rivers.patrols",
        "rivers.patrol_completion",
        "rivers.issues_found",
        "resources.metering_rectified",
        "resources.wells_inspected",
        "resources.water_fee",
        "resources.soil_fee",
        "resources.soil_plans_approved",
        "enforcement.sand_mining_cases",
        "safety.hazards_rectified.general",  # 排查整治一般隐患138处: the 一般 ones
        "rural_water.works",
    } <= keys
    assert result.ok and result.counts["mismatches"] == 0
    assert all(m.holds for m in result.reconciled)
    # what is left unmatched is what the catalogue does not carry
    left = {result.figures[u.figure].text for u in result.unmatched}
    assert left == {
        "4座",
        "1554.2万元",
        "96万元",
        "60万元",
        "132万元",
        "244万元",
        "两个",
        "2个",
        "3个",
        "三个",
    }


def test_planted_slips_mismatches(demo):
    result = check_file(PLANTED, dataset=demo, year=2023, through_month=10)
    assert sorted(m.key for m in result.mismatches) == sorted(
        [
            "funding.total",
            "storage.surplus",
            "rivers.chiefs",
            "resources.water_fee",
            "resources.soil_plans.report_form",
        ]
    )
    assert result.counts == {
        "figures": 40,
        "relations": 12,
        "relations_failing": 8,
        "relations_unsure": 0,
        "reconciled": 24,
        "mismatches": 5,
        "no_ledger_value": 0,
        "unmatched": 16,
    }


def test_short_words_count_only_in_their_context_but_a_catalogue_name_anywhere(demo):
    result = check_text(
        "排查安全隐患141处，整治138处。\n清理垃圾\t1523.4吨\n整治9处。",
        dataset=demo,
        year=2023,
        through_month=10,
    )
    assert [(m.key, m.holds) for m in result.reconciled] == [
        ("safety.hazards_found", True),
        ("safety.hazards_rectified", True),
        ("rivers.rubbish_t", True),
    ]
    assert [result.figures[u.figure].text for u in result.unmatched] == ["9处"]
    # 增加值 is not an increase
    result = check_text("2022年度万元工业增加值用水量36.35m³。", dataset=demo, year=2023)
    assert [(m.key, m.holds) for m in result.reconciled] == [
        ("resources.water_use_per_industrial", True)
    ]
