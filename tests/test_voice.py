"""voice: judgement headings by stated rules, the analyst's prose and the figures merged."""

from __future__ import annotations

import pytest

from wbanalysis import voice


@pytest.mark.parametrize(
    ("section", "values", "expected"),
    [
        (
            "重点项目",
            {
                "projects.milestones_due": 5,
                "projects.milestones_late": 0,
                "projects.milestones_overdue_open": 0,
            },
            "重点项目推进有序",
        ),
        (
            "重点项目",
            {
                "projects.milestones_due": 5,
                "projects.milestones_late": 1,
                "projects.milestones_overdue_open": 0,
            },
            "推进重点项目建设",
        ),
        ("资金与投资", {"investment.plan_completion_rate": 100.5}, "超额完成年度投资计划"),
        ("资金与投资", {"investment.plan_completion_rate": 100.0}, "争取项目资金和推进水利投资"),
        (
            "资金与投资",
            {"investment.plan_completion_rate": 78.58, "investment.fixed_asset_yoy": 27.65},
            "水利投资保持增长",
        ),
        ("防汛抗旱", {"storage.surplus": -49.97, "flood.dead_missing": 0}, "做好防汛抗旱工作"),
        ("防汛抗旱", {"storage.surplus": 220.64, "flood.dead_missing": 0}, "防汛抗旱工作安全有效"),
        ("防汛抗旱", {"storage.surplus": 220.64}, "做好防汛抗旱工作"),  # deaths unknown
        ("监督管理", {"safety.rectification_rate": 97.87}, "开展日常监督管理工作"),
        ("前期工作", {}, "开展项目前期工作"),
    ],
)
def test_a_judgement_needs_figures_that_bear_it_out(section, values, expected):
    assert voice.judgement(section, values) == expected


def test_the_analysts_heading_wins():
    assert voice.judgement("防汛抗旱", {"storage.surplus": -1}, "防汛抗旱工作安全有效。") == (
        "防汛抗旱工作安全有效"
    )


def test_a_figure_the_analyst_wrote_is_not_said_again_and_a_new_one_is():
    notes = ["11月6日完成项目首次提款341，645.61欧元。"]
    assert voice.compose(notes, ["1－10月外资贷款项目提款341,645.61欧元。"]).text == notes[0]
    part = voice.compose(notes, ["1－10月外资贷款项目提款500欧元。"])
    assert part.text == notes[0] + "1－10月外资贷款项目提款500欧元。"


def test_a_period_is_no_figure_of_the_work():
    notes = ["项目已于2023年10月29日实质性开工。"]
    part = voice.compose(notes, ["截至10月，共争取项目资金3209万元。"])
    assert part.text.endswith("截至10月，共争取项目资金3209万元。")


def test_words_of_the_analysis_stay_out_of_the_body():
    computed = [
        "预警信息转发无数据（相关台账未提供）。全市设河湖长425名。",
        "本期无农村供水专项行动项目。",
        "注：年均增量为 Theil–Sen 斜率。",
    ]
    part = voice.compose([], computed)
    assert part.text == "全市设河湖长425名。"
    assert len(part.left_out) == 3
    for word in ("无数据", "台账", "本期无", "注：", "Theil"):
        assert word not in part.text


def test_three_paragraphs_are_written_yi_shi_er_shi_with_their_figures():
    notes = [
        "全面开展了水资源管理取水计量设施专项整治行动。",
        "持续加强水资源费和水土保持费用征收。",
        "做好水库运行安全工作，排查和整治安全隐患。",
    ]
    computed = [
        "排查整改取水口计量设施85个。征收入库水资源费6219.38万元。"
        "1－10月全市水利行业共排查整治一般隐患138处。查处河道非法采砂2起。"
    ]
    text = voice.compose(notes, computed).text
    assert text == (
        "一是全面开展了水资源管理取水计量设施专项整治行动。排查整改取水口计量设施85个。"
        "二是持续加强水资源费和水土保持费用征收。征收入库水资源费6219.38万元。"
        "三是做好水库运行安全工作，排查和整治安全隐患。1－10月全市水利行业共排查整治一般隐患138处。"
        "查处河道非法采砂2起。"
    )
    two = voice.compose(notes[:2], [])
    assert "一是" not in two.text  # two paragraphs run on, as the seed writes them


def test_shortfalls_join_the_difficulty_they_speak_of_or_a_part_of_their_own():
    difficulties = ["各级财政对水利投入大幅减少，已落实的项目资金也未能全部到位。"]
    shortfalls = (
        "已落实的项目资金未能全部到位，资金到位率79.49%。3个项目节点逾期未完成。"
        "尚有3处安全隐患未完成整改。"
    )
    merged, rest = voice.shortfalls_text(difficulties, shortfalls)
    assert merged == [difficulties[0] + "资金到位率79.49%。"]
    assert rest == "一是3个项目节点逾期未完成；二是尚有3处安全隐患未完成整改。"
