"""Finding the figures of a summary: units, full-width writing, separators, Chinese numerals,
approximations, periods, years; and what is not a figure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wbanalysis.check.document import split_text
from wbanalysis.check.figures import find_figures
from wbanalysis.units import unit_factor


def figures(text: str):
    paragraphs, sentences = split_text(text)
    return find_figures(sentences, paragraphs)


def one(text: str):
    found = figures(text)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("共争取项目资金3209万元。", "3209", "万元"),
        ("完成投资11.97亿元。", "11.97", "亿元"),
        ("水费1200元。", "1200", "元"),
        ("提款341,645.61欧元。", "341645.61", "欧元"),
        ("蓄水6636万m³。", "6636", "万m³"),
        ("蓄水6636万立方米。", "6636", "万m³"),
        ("蓄水6636万方。", "6636", "万m³"),
        ("供水500m³。", "500", "m³"),
        ("管道14km。", "14", "km"),
        ("清理河道900公里。", "900", "km"),
        ("铺设管道350米。", "350", "m"),
        ("灌溉面积1.2万亩。", "1.2", "万亩"),
        ("治理面积35公顷。", "35", "公顷"),
        ("治理水土流失12.5km²。", "12.5", "km²"),
        ("治理水土流失12.5平方公里。", "12.5", "km²"),
        ("受益人口3.2万人。", "3.2", "万人"),
        ("转移群众120人。", "120", "人"),
        ("完成率100%。", "100", "%"),
        ("清理垃圾1500吨。", "1500", "吨"),
        ("提高2.3个百分点。", "2.3", "个百分点"),
    ],
)
def test_units(text, value, unit):
    f = one(text)
    assert (f.value, f.unit) == (Decimal(value), unit)


@pytest.mark.parametrize(
    "word", ["个", "件", "座", "处", "名", "次", "口", "起", "所", "村", "镇", "条", "项", "宗"]
)
def test_count_measure_words(word):
    f = one(f"完成12{word}。")
    assert (f.value, f.unit, f.is_count) == (12, word, True)


def test_full_width_digits_point_minus_and_percent():
    found = figures("同比增２７．６５％，超出蓄水任务－49.97万m³，资金１２３万元。")
    assert [(f.value, f.unit) for f in found] == [
        (Decimal("27.65"), "%"),
        (Decimal("-49.97"), "万m³"),
        (Decimal(123), "万元"),
    ]
    assert found[0].text == "２７．６５％"  # kept as written


def test_thousands_separators_ascii_and_full_width():
    assert one("首次提款341，645.61欧元。").value == Decimal("341645.61")
    assert one("水费1,234,567元。").value == Decimal(1234567)


def test_chinese_numerals_carry_figures():
    found = figures("建成三座，分两个片区，新增十二个站点。")
    assert [(f.value, f.unit) for f in found] == [(3, "座"), (2, "个"), (12, "个")]


def test_chinese_numerals_that_are_not_figures():
    # 一 alone, ordinals, slogans in quotation marks, a numeral without a measure word
    text = (
        "进一步强化，第一议题，“五个基本”，实施“一库一策”，一是加强管理，落实三级河湖长，"
        "一起整改，三条红线。"
    )
    assert [f.text for f in figures(text)] == ["三条"]  # outside quotes it is a count


def test_approximations():
    a, b, c, d, e, f = figures(
        "预警信息150余次，巡查2万余次，约3200万元，近150次，超过80件，不足10处。"
    )
    assert (a.value, a.approx, a.bounds()) == (150, "余", (150, 160, True))
    assert (b.value, b.unit, b.bounds()) == (20000, "次", (20000, 30000, True))
    assert (c.approx, c.bounds()) == ("约", (3100, 3300, False))
    assert (d.approx, d.bounds()) == ("近", (140, 150, False))
    assert (e.approx, e.bounds()) == ("超过", (80, None, False))
    assert (f.approx, f.bounds()) == ("不足", (None, 10, True))


def test_approximation_after_the_unit_and_before_wan_yuan():
    a, b = figures("转发150次以上，筹措300余万元。")
    assert (a.approx, a.bounds()) == ("以上", (150, None, False))
    assert (b.value, b.unit, b.approx, b.bounds()) == (300, "万元", "余", (300, 400, True))


def test_step_follows_the_stated_decimals_and_multiplier():
    a, b, c = figures("完成投资11.97亿元，发动2.2万名干群，设河湖长425名。")
    assert (a.step, b.step, c.step) == (Decimal("0.01"), Decimal(1000), Decimal(1))
    assert b.value == 22000


def test_words_before_and_after():
    a, b = figures("全市1090件农村供水工程，共争取项目资金3209万元。")
    assert (a.label, a.after) == ("全市", "农村供水工程")
    assert (b.label, b.after) == ("共争取项目资金", "")
    assert a.measures == "全市…农村供水工程" and b.measures == "共争取项目资金"


def test_table_row_names_its_figures():
    f = one("争取项目资金\t3209万元")
    assert f.label == "争取项目资金"


def test_periods():
    found = figures(
        "1－10月完成投资1万元。截至10月底，争取2万元。上半年完成3万元。"
        "11月6日提款4欧元。5－10月完成5万元。截至目前完成6个。"
    )
    assert [(f.month, f.period_kind) for f in found] == [
        (10, "cutoff"),
        (10, "cutoff"),
        (6, "cutoff"),
        (11, "date"),
        (None, "partial"),
        (None, ""),
    ]
    assert [f.period for f in found] == [
        "1－10月",
        "截至10月底",
        "上半年",
        "11月6日",
        "5－10月",
        "截至目前",
    ]


def test_years_seasons_and_relative_years():
    paragraphs, sentences = split_text(
        "三、2024年工作计划\n计划完成投资100万元。\n"
        "2022－2023年冬春蓄水6636万m³，比上年同期的9.38亿元增长25.65%。2019－2023年年均增加5万元。"
    )
    a, b, c, d, e = find_figures(sentences, paragraphs)
    assert a.year == 2024  # its section heading
    assert (b.year, c.year_offset, d.year_offset) == (2023, -1, None)
    assert e.multi_year and e.year is None


@pytest.mark.parametrize("appendix", ["附：主要指标与多年趋势", "附件1", "附表：主要指标", "附录"])
def test_an_appendix_ends_the_plan_section_before_it(appendix):
    """The figures of "附：主要指标" after "三、2023年工作计划" are the report's own year, not
    plan figures of 2023 (a 2022 summary was checked against 2023 and showed 18 false 不符)."""
    paragraphs, sentences = split_text(
        f"三、2023年工作计划\n计划完成投资100万元。\n{appendix}\n争取项目资金3407.7万元。"
    )
    plan, appendix_figure = find_figures(sentences, paragraphs)
    assert plan.year == 2023
    assert appendix_figure.year is None  # the scope's year, as in the body of the report


def test_bare_numbers_take_their_unit_only_where_the_text_gives_it():
    found = figures("省级资金436万元（60、132、244），分别为10、20、30万元，另有5、6项工作。")
    assert [(f.text, f.unit, f.inherited) for f in found] == [
        ("436万元", "万元", False),
        ("60", "万元", True),
        ("132", "万元", True),
        ("244", "万元", True),
        ("10", "万元", True),
        ("20", "万元", True),
        ("30万元", "万元", False),
        ("6项", "项", False),
    ]
    assert found[-1].approx == "约"  # 5、6项: five or six


@pytest.mark.parametrize(
    "text",
    [
        "2023年10月29日开工。",
        "自2016年始。",
        "24小时值班。",
        "1－10月份。",
        "第3个阶段。",
        "G56高速。",
        "p=0.017。",
        "建立3台账。",
        "2024-12-31。",
        "全部销号处理。",
    ],
)
def test_not_figures(text):
    assert figures(text) == []


def test_direction_of_a_change():
    up, down = figures("同比增27.65%，同比下降3.10%。")
    assert (up.direction, down.direction) == (1, -1)


def test_unit_factor():
    assert unit_factor("亿元", "万元") == 10000
    assert unit_factor("元", "亿元") == Decimal("1E-8")
    assert unit_factor("万亩", "亩") == 10000
    assert unit_factor("公里", "km") is None  # canonical units only ("公里" is read as km)
    assert unit_factor("个", "座") is None


def test_pathological_texts_stay_linear_and_never_crash():
    import time

    from wbanalysis.check import check_text

    texts = [
        "1" * 100_000 + "个。",  # not a figure: too many digits
        "1." + "1" * 1000 + "个。",
        "比100万元多" * 3000 + "100万元。",  # 3000 comparisons in one sentence
        "10万元，其中" * 3000 + "5万元。",
        "10万元（" * 3000 + "5万元" + "）" * 3000,
        "，".join(f"资金{i}万元" for i in range(3000)) + "。",
        "甲、" * 5000 + "3个。",
        "（" * 5000 + "10万元",
    ]
    started = time.perf_counter()
    counts = [check_text(t).counts["figures"] for t in texts]
    assert counts[:2] == [0, 0] and counts[2] == 3001 and counts[5] == 3000
    assert time.perf_counter() - started < 30  # quadratic scans took minutes


def test_more_ways_to_state_a_period():
    found = figures("1月至10月完成1万元。5月至10月转发150余次。截至2023年底完成12亿元。")
    assert [(f.month, f.period_kind) for f in found] == [
        (10, "cutoff"),
        (None, "partial"),
        (12, "cutoff"),
    ]
