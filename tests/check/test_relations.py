"""The relations a summary states: each kind in a version that holds and one that fails,
computed by hand; and no relation where the text states none."""

from __future__ import annotations

from pathlib import Path

import pytest

from wbanalysis.check import check_text

SEED = Path("/work/shared/seed/000_3d3424e8527a2f29.txt")
PLANTED = Path(__file__).resolve().parent.parent / "data" / "check" / "planted_slips.txt"


def relations(text: str):
    return [(r.kind, r.holds) for r in check_text(text).relations]


def only(text: str):
    found = check_text(text).relations
    assert len(found) == 1, [(r.kind, r.computed) for r in found]
    return found[0]


# ---- totals and parts -------------------------------------------------------------------------


def test_total_and_nested_parts_hold():
    text = (
        "共争取项目资金3209万元，其中：中央资金1650.2万元（中央水利发展资金1554.2万元、"
        "中央农业防灾减灾和水利救灾资金96万元），省级资金436万元（60、132、244），"
        "市本级资金1122.8万元。"
    )
    found = check_text(text).relations
    assert [(r.kind, r.holds, r.computed) for r in found] == [
        ("total", True, "1650.2万元＋436万元＋1122.8万元＝3209万元"),
        ("total", True, "1554.2万元＋96万元＝1650.2万元"),
        ("total", True, "60＋132＋244＝436万元"),
    ]


def test_total_fails_when_the_parts_do_not_add_up():
    # 1650.2 + 436 + 1122.8 = 3209, not 3219
    r = only(
        "共争取项目资金3219万元，其中：中央资金1650.2万元，省级资金436万元，市本级资金1122.8万元。"
    )
    assert (r.kind, r.holds) == ("total", False)
    assert "3209万元" in r.note


def test_nested_part_fails_on_its_own():
    # 60 + 132 + 245 = 437, not 436; the outer total still holds
    found = check_text(
        "共争取项目资金3209万元，其中：中央资金1650.2万元，省级资金436万元（60、132、245），"
        "市本级资金1122.8万元。"
    ).relations
    assert [(r.kind, r.holds) for r in found] == [("total", True), ("total", False)]


def test_total_in_mixed_units():
    # 1.2亿元 = 8000 + 4000万元; the units of neighbours agree (1.5 times apart)
    assert relations("共争取项目资金1.2亿元，其中中央资金8000万元，省级资金4000万元。") == [
        ("total", True),
        ("unit_scale", True),
    ]
    assert relations("共争取项目资金1.3亿元，其中中央资金8000万元，省级资金4000万元。")[0] == (
        "total",
        False,
    )


def test_decimals_set_the_tolerance_of_a_sum():
    assert relations("共计100.05万元，其中甲类资金60.02万元，乙类资金40.03万元。") == [
        ("total", True)
    ]
    assert relations("共计100.1万元，其中甲类资金60.02万元，乙类资金40.03万元。") == [
        ("total", False)
    ]


def test_counts_split_into_kinds():
    assert relations("审批水土保持方案13个，其中报告书7个，报告表6个。") == [("total", True)]
    r = only("审批水土保持方案13个，其中报告书7个，报告表5个。")
    assert (r.holds, r.computed) == (False, "7个＋5个＝12个")


def test_part_not_larger_than_whole():
    r = only("项目实际完成投资3900万元，其中2023年完成投资2100万元。")
    assert (r.kind, r.holds, r.computed) == ("part", True, "2100万元≤3900万元")
    r = only("总投资1850万元，其中本年完成投资18500万元。")
    assert (r.kind, r.holds, r.computed) == ("part", False, "18500万元＞1850万元")


def test_nested_parts_are_no_sum():
    # 逾期未完成 is part of 滞后: 8 and 2 are each at most what holds them, and 8 + 2 is nothing
    r = only("本期到期项目节点19个，其中滞后8个，逾期未完成2个。")
    assert (r.kind, r.holds, r.computed) == ("part", True, "滞后8个≤19个，逾期未完成2个≤滞后8个")
    assert r.note == "不构成分项之和（逾期未完成属于滞后）"
    # but a part larger than the whole fails
    assert only("本期到期项目节点5个，其中滞后8个，逾期未完成2个。").holds is False


def test_nested_parts_that_agree_by_coincidence_are_not_a_sum():
    # the sentence: 4 + 1 = 5 is a coincidence, 逾期未完成 being part of 滞后
    result = check_text("全市水利项目到期节点5个，其中滞后4个，逾期未完成1个。")
    (r,) = result.relations
    assert (r.kind, r.holds) == ("part", True)
    assert "＋" not in r.computed and "逾期未完成属于滞后" in r.note
    assert result.ok and not result.unsure
    # a nested part larger than what holds it is not passed over
    r = only("全市水利项目到期节点9个，其中滞后4个，逾期未完成5个。")
    assert (r.kind, r.holds) == ("part", None)
    assert "逾期未完成5个多于滞后4个" in r.note


def test_parts_of_a_true_partition_still_add_up():
    # 一般隐患 and 重大隐患 split 隐患: 120 + 18 = 138 holds, 120 + 17 does not
    assert only("排查隐患138处，其中一般隐患120处，重大隐患18处。").computed == "120处＋18处＝138处"
    assert relations("排查隐患138处，其中一般隐患120处，重大隐患18处。") == [("total", True)]
    assert relations("排查隐患138处，其中一般隐患120处，重大隐患17处。") == [("total", False)]
    # a known partition whose words share no head: milestones on time or late
    assert relations("到期节点19个，其中按期完成11个，滞后8个。") == [("total", True)]
    assert relations("到期节点19个，其中按期完成11个，滞后7个。") == [("total", False)]
    # a part and its negation: closed and not closed
    assert relations("发现问题85件，其中已销号80件，未销号5件。") == [("total", True)]


def test_parts_of_two_breakdowns_are_no_partition():
    # 中央投资 is a source, 本年投资 a year: they overlap, so 5000 + 8300 = 13300 proves nothing
    (r,) = check_text("完成投资13300万元，其中中央投资5000万元，本年投资8300万元。").relations
    assert (r.kind, r.holds) == ("part", None)
    # sources alone split it
    assert relations("完成投资13300万元，其中中央投资5000万元，地方投资8300万元。") == [
        ("total", True)
    ]
    # a part holding another: 投资 ⊇ 中央投资
    (r,) = check_text("完成投资13300万元，其中投资8300万元，中央投资5000万元。").relations
    assert (r.kind, r.holds, r.note) == ("part", True, "不构成分项之和（中央投资属于投资）")


def test_a_sum_that_agrees_by_coincidence_is_not_reported_as_holding():
    # 立案 and 结案 are stages, not kinds: 8 + 7 = 15 proves nothing
    result = check_text("查处案件15起，其中立案8起，结案7起。")
    (r,) = result.relations
    assert (r.kind, r.holds) == ("part", None)
    assert "巧合" in r.note and "立案、结案" in r.note
    # the same in brackets, named parts that do not split their whole
    (r,) = check_text("查处案件15起（立案8起、结案7起）。").relations
    assert (r.kind, r.holds) == ("part", None)
    # and a part containing another, in brackets: no sum either
    (r,) = check_text("建成水库5座（水库3座、小型水库2座）。").relations
    assert (r.kind, r.holds, r.note) == ("part", True, "不构成分项之和（小型水库属于水库）")


def test_approximate_parts():
    # 80余 is 80–90: a whole of 85 is possible, one of 100 is not
    assert relations("发现问题85件，其中河道问题80余件。") == [("part", True)]
    assert relations("发现问题60件，其中河道问题80余件。") == [("part", False)]


# ---- differences and growth -------------------------------------------------------------------


def test_stated_difference():
    text = "冬春蓄水6636万m³，比下达的6415.36万m³蓄水任务超出{}万m³。"
    r = only(text.format("220.64"))
    assert (r.kind, r.holds, r.computed) == (
        "difference",
        True,
        "6636万m³与6415.36万m³之差＝220.64万m³",
    )
    assert only(text.format("230.64")).holds is False


def test_stated_shortfall():
    # 810.5 − 760.53 = 49.97
    assert relations("冬春蓄水760.53万m³，比下达的蓄水任务810.5万m³少49.97万m³。") == [
        ("difference", True)
    ]
    assert relations("冬春蓄水760.53万m³，比下达的蓄水任务810.5万m³少48.97万m³。") == [
        ("difference", False)
    ]


def test_stated_growth():
    # (11.97 − 9.38) / 9.38 × 100 = 27.61…
    assert relations("完成投资11.97亿元，比上年同期的9.38亿元增长27.61%。") == [("growth", True)]
    assert relations("完成投资11.97亿元，比上年同期的9.38亿元增长25.65%。") == [("growth", False)]


def test_growth_tolerance_follows_the_stated_decimals():
    # (105 − 100) / 100 = 5%: "5%" and "5.0%" hold, "5.1%" does not
    assert relations("完成105万元，较上年的100万元增长5%。") == [("growth", True)]
    assert relations("完成105万元，较上年的100万元增长5.1%。") == [("growth", False)]


def test_year_on_year_without_its_base_is_no_relation():
    assert relations("1－10月完成水利管理业固定资产投资11.97亿元，同比增27.65％。") == []


# ---- shares and rates -------------------------------------------------------------------------


def test_share_of_a_named_whole():
    # 1650.2 / 3209 = 51.424…%
    assert relations("中央资金1650.2万元，占争取项目资金3209万元的51.42%。") == [("share", True)]
    assert relations("中央资金1650.2万元，占争取项目资金3209万元的52.42%。") == [("share", False)]


def test_share_of_the_whole_of_a_breakdown():
    text = "共争取资金200万元，其中中央资金150万元，占{}%，省级资金50万元。"
    assert relations(text.format("75")) == [("total", True), ("share", True)]
    assert relations(text.format("70")) == [("total", True), ("share", False)]


def test_share_in_brackets_after_each_part():
    text = "共争取资金200万元，其中中央资金150万元（占{}%），省级资金50万元（占25%）。"
    assert relations(text.format("75")) == [("total", True), ("share", True), ("share", True)]
    assert relations(text.format("57")) == [("total", True), ("share", False), ("share", True)]


def test_share_by_words_that_name_one_earlier_figure():
    assert relations("总投资12046万元，完成投资3900万元，占总投资的32.38%。") == [("share", True)]
    assert relations("总投资12046万元，完成投资3900万元，占总投资的33.38%。") == [("share", False)]


def test_rate_from_plan_and_achievement():
    # 9800 / 12000 = 81.666…%
    text = "计划完成投资12000万元，实际完成投资9800万元，投资完成率{}%。"
    r = only(text.format("81.67"))
    assert (r.kind, r.holds, r.computed) == ("rate", True, "9800万元÷12000万元＝81.67%")
    assert only(text.format("85.67")).holds is False


def test_rate_without_both_figures_is_no_relation():
    assert relations("设河湖长425名，累计完成河湖巡查2万余次，巡查完成率100%。") == []
    assert relations("排查整治一般隐患138处，隐患整改率97.87%。") == []


# ---- lists and units --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, holds",
    [
        ("白沙、青山2镇完成改造。", True),
        ("白沙、青山、清溪2镇完成改造。", False),
        ("稳步推进XXX、XXX、XXX、XXX 4座续建水库建设。", True),
        ("项目分XX、蒲川两个规模化水厂建设。", True),
        ("项目分XX、蒲川三个规模化水厂建设。", False),
        ("建成3座水库（甲水库、乙水库、丙水库）。", True),
        ("建成2座水库（甲水库、乙水库、丙水库）。", False),
    ],
)
def test_count_matches_its_list(text, holds):
    r = only(text)
    assert (r.kind, r.holds) == ("list_count", holds)


@pytest.mark.parametrize(
    "text",
    [
        "共转发各级防办、水务、水文、气象等部门各类预警信息150余次。",
        "审查了沿线2个服务区、3个收费站。",
        "白沙、青山和清溪3镇完成改造。",  # 和 joins items: not counted, not guessed
    ],
)
def test_no_list_count_where_the_text_has_none(text):
    assert [r.kind for r in check_text(text).relations] == []


def test_unit_off_by_orders_of_magnitude():
    r = only("城郊灌区项目计划完成投资12000元，实际完成投资9800万元。")
    assert (r.kind, r.holds) == ("unit_scale", False)
    r = only("城郊灌区项目计划完成投资1.2亿元，实际完成投资9800万元。")
    assert (r.kind, r.holds) == ("unit_scale", True)
    # same unit: nothing to say; unrelated words: no relation
    assert relations("计划完成投资12000万元，实际完成投资9800万元。") == []
    assert relations("征收水资源费12000元，清理河道垃圾补助9800万元。") == []


def _slip(text: str) -> str:
    (r,) = [r for r in check_text(text).relations if r.kind == "unit_scale"]
    assert r.holds is False
    return r.note


def test_unit_slip_between_a_plan_and_its_completion():
    # the pair: 计划 names nothing but its role, so it is the plan of 完成投资
    assert _slip("计划15000元与完成投资13300万元。") == (
        "疑似单位误写：计划15000元与完成投资13300万元相差约1万倍，是否应为15000万元？"
    )
    assert _slip("年度计划15000元，1－10月已完成13300万元。").endswith("是否应为15000万元？")
    # joined in one clause, each naming its own words
    assert _slip("农村供水工程计划15000元与完成投资13300万元。").endswith("是否应为15000万元？")
    # written right: nothing to say
    assert relations("计划15000万元与完成投资13300万元。") == []


def test_unit_slip_between_wan_yuan_and_yi_yuan():
    # 1.5亿元 against 1.33万元: 11278 times apart; 1.33亿元 makes the pair sensible
    assert _slip("计划投资1.5亿元，完成投资1.33万元。") == (
        "疑似单位误写：计划投资1.5亿元与完成投资1.33万元相差约1万倍，是否应为1.33亿元？"
    )
    # the unit the rest of the text writes is the right one: here 万元
    text = "总投资12046万元。计划投资15000万元，完成投资13300亿元。"
    assert _slip(text).endswith("是否应为13300万元？")
    # 亿元 beside 元: 10⁸
    assert "相差约1亿倍" in _slip("计划投资1.5亿元，完成投资1.33元。")
    # 1.5亿元 and 13300万元 are 1.1 times apart: the units agree
    assert relations("计划投资1.5亿元，完成投资13300万元。") == [("unit_scale", True)]


def test_unit_slip_between_cubic_metres_and_wan_cubic_metres_and_people():
    assert _slip("计划蓄水6415立方米，实际蓄水6636万立方米。").endswith("是否应为6415万立方米？")
    # this year against last: the difference is off too, and the slip says why
    text = "冬春蓄水6636万立方米，比上年6415立方米增加221万立方米。"
    assert _slip(text).endswith("是否应为6415万立方米？")
    assert _slip("受益人口3.2万人，上年受益人口2.9人。").endswith("是否应为2.9万人？")
    assert _slip("受益人口3.2万人，上年2.9人。").endswith("是否应为2.9万人？")


def test_unit_slip_between_a_total_and_its_part():
    found = check_text("项目总投资15000元，其中本年完成13300万元。").relations
    assert [(r.kind, r.holds) for r in found] == [("part", False), ("unit_scale", False)]
    assert found[1].note.endswith("是否应为15000万元？")
    # a part whose number exceeds the whole's is no unit slip: no unit makes it sensible
    found = check_text("项目总投资13300元，其中本年完成15000万元。").relations
    assert [(r.kind, r.holds) for r in found] == [("part", False)]


@pytest.mark.parametrize(
    "text",
    [
        "计划投资1.5万元，完成投资13300万元。",  # one unit: far apart, but as written
        "今年完成投资13300万元，上年征收水资源费15000元。",  # two different things
        "治理水土流失面积5km²，计划治理4亩。",  # 1 km² = 1500亩: no miswritten 万
        "计划15000元。完成投资13300万元。",  # two sentences
    ],
)
def test_no_unit_slip_where_the_pair_is_not_one(text):
    assert [r for r in check_text(text).relations if r.holds is False] == []


# ---- the seed and the planted slips ------------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="the seed summary is not on this machine")
def test_seed_relations_all_found_and_hold():
    from wbanalysis.check import check_file

    result = check_file(SEED)
    found = {(r.kind, r.computed) for r in result.relations}
    assert {
        ("total", "1650.2万元＋436万元＋1122.8万元＝3209万元"),
        ("total", "1554.2万元＋96万元＝1650.2万元"),
        ("total", "60万元＋132万元＋244万元＝436万元"),
        ("difference", "6636万m³与6415.36万m³之差＝220.64万m³"),
        ("total", "7个＋6个＝13个"),
        ("part", "2100万元≤3900万元"),
        ("list_count", "列举4项：XXX、XXX、XXX、XXX"),
    } <= found
    assert result.ok and all(r.holds for r in result.relations)


def test_planted_slips_are_all_caught():
    from wbanalysis.check import check_file

    result = check_file(PLANTED)
    failing = sorted(r.kind for r in result.failures)
    assert failing == sorted(
        ["total", "growth", "part", "unit_scale", "rate", "list_count", "difference", "total"]
    )
    assert len(result.relations) == 12 and not result.unsure


def test_kinds_named_by_a_shared_head_must_add_up():
    # 中型/小（1）型/小（2）型水库: kinds of reservoir; the bracketed (1) is not a figure
    assert relations(
        "全市共有水库58座，其中中型水库3座，小（1）型水库12座，小（2）型水库43座。"
    ) == [("total", True)]
    assert relations(
        "全市共有水库60座，其中中型水库3座，小（1）型水库12座，小（2）型水库43座。"
    ) == [("total", False)]
    assert relations("全年共发生险情5起，其中一般险情4起，较大险情2起。") == [("total", False)]


def test_stages_are_not_kinds_so_their_sum_is_unsure():
    # 立案 and 结案 overlap (a case is filed, then closed): 8 + 7 ≠ 12 is no slip
    found = check_text("查处案件12起，其中立案8起，结案7起。").relations
    assert [(r.kind, r.holds) for r in found] == [("part", None)]
    assert "无法判断" in found[0].note


# ---- exact arithmetic (issue #24) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # as found: one unit off was 成立 once the figures had ten digits
        "共争取项目资金1234567890万元，其中：中央资金1234567889万元，省级资金0万元。",
        "共争取项目资金1234567891万元，其中：中央资金1234567889万元，省级资金1万元。",
        "共争取项目资金123456789012345万元，其中：中央资金123456789012344万元，省级资金2万元。",
        "共计1234567.891亿元，其中甲类资金1234567.889亿元，乙类资金0.001亿元。",
    ],
)
def test_a_total_one_unit_of_its_last_digit_off_fails_at_any_size(text):
    assert relations(text) == [("total", False)]


def test_a_large_total_that_adds_up_holds():
    text = "共争取项目资金123456789012346万元，其中：中央资金123456789012344万元，省级资金2万元。"
    assert relations(text) == [("total", True)]


def test_a_difference_one_unit_off_fails_at_eleven_digits():
    text = "完成投资119700000000元，比上年的93774000000元增加{}元。"
    assert relations(text.format(25926000001)) == [("difference", False)]
    assert relations(text.format(25926000000)) == [("difference", True)]


def test_a_total_written_with_a_decimal_holds_exactly():
    text = "共争取项目资金3209.0万元，其中：中央资金1650.2万元，省级资金436万元，市本级资金1122.8万元。"
    assert relations(text) == [("total", True)]


def test_a_rounded_percentage_keeps_its_rounding_tolerance():
    # (11.97 − 9.3774) / 9.3774 × 100 = 27.6473…: 27.65% is it rounded; 27.64% is not
    assert relations("完成投资11.97亿元，比上年同期的9.3774亿元增长27.65%。") == [("growth", True)]
    assert relations("完成投资11.97亿元，比上年同期的9.3774亿元增长27.64%。") == [("growth", False)]
