"""The unit table, and the loader and the checker reading every unit of it alike."""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd
import pytest

from wbanalysis.check.document import split_text
from wbanalysis.check.figures import find_figures
from wbanalysis.io.coerce import typed_frame
from wbanalysis.io.read import RawTable
from wbanalysis.schema import Column, Ledger
from wbanalysis.units import ALIASES, FAMILIES, MEASURE_WORDS, UNITS, WAN_UNITS

# ---- the table itself ---------------------------------------------------------------------------


def test_every_spelling_names_a_unit_of_the_table():
    assert set(ALIASES.values()) == set(UNITS)
    assert all(ALIASES[name] == name for name in UNITS)


def test_every_family_has_its_base_unit():
    # the unit of size 1 in each family; a ratio (fraction) has none: % is 0.01 of it
    bases = {u.family: u.name for u in UNITS.values() if u.factor == 1}
    assert bases == {
        "money": "元",
        "eur": "欧元",
        "volume": "m³",
        "area": "亩",
        "length": "km",
        "mass": "吨",
        "power": "kW",
        "price": "元/m³",
        "points": "个百分点",
    }
    assert FAMILIES == set(bases) | {"fraction"}


def test_measure_words_are_counts_not_units():
    assert not MEASURE_WORDS & set(ALIASES)
    # what the loader and the checker each knew before they shared the table
    assert set("个名次件处座起口人项户宗条台眼支家批份篇场期所套辆艘村镇轮") <= MEASURE_WORDS
    assert "人次" in MEASURE_WORDS
    assert {UNITS["万" + w].family for w in WAN_UNITS} == {"count:人", "count:人次"}


# ---- one text, two readers: the loader's coercion and the checker's find_figures ----------------

# Every spelling of the table → a text and the quantity it writes, by hand, in the base unit
# of its family (元, 欧元, m³, 亩, km, 吨, kW, 元/m³, a ratio, a percentage point; a count).
BY_HAND: dict[str, tuple[str, str, str]] = {
    "元": ("12元", "money", "12"),
    "千元": ("12千元", "money", "12000"),
    "万元": ("12万元", "money", "120000"),
    "亿元": ("12亿元", "money", "1200000000"),
    "欧元": ("341645.61欧元", "eur", "341645.61"),
    "eur": ("12eur", "eur", "12"),
    "€": ("12€", "eur", "12"),
    "万欧元": ("1.5万欧元", "eur", "15000"),
    "万eur": ("1.5万eur", "eur", "15000"),
    "m³": ("500m³", "volume", "500"),
    "m3": ("500m3", "volume", "500"),
    "立方米": ("500立方米", "volume", "500"),
    "方": ("500方", "volume", "500"),
    "万m³": ("2.5万m³", "volume", "25000"),
    "万m3": ("2.5万m3", "volume", "25000"),
    "万立方米": ("2.5万立方米", "volume", "25000"),
    "万方": ("2.5万方", "volume", "25000"),
    "亿m³": ("1.2亿m³", "volume", "120000000"),
    "亿m3": ("1.2亿m3", "volume", "120000000"),
    "亿立方米": ("1.2亿立方米", "volume", "120000000"),
    "亿方": ("1.2亿方", "volume", "120000000"),
    # 1 亩 = 10000/15 m²: 1 m² = 0.0015 亩, 1 公顷 = 15 亩, 1 km² = 1500 亩
    "m²": ("2000m²", "area", "3"),
    "m2": ("2000m2", "area", "3"),
    "平方米": ("2000平方米", "area", "3"),
    "亩": ("8500亩", "area", "8500"),
    "万亩": ("3.2万亩", "area", "32000"),
    "公顷": ("12公顷", "area", "180"),
    "万公顷": ("1.2万公顷", "area", "180000"),
    "km²": ("12.5km²", "area", "18750"),
    "km2": ("12.5km2", "area", "18750"),
    "平方公里": ("12.5平方公里", "area", "18750"),
    "平方千米": ("12.5平方千米", "area", "18750"),
    "m": ("350m", "length", "0.35"),
    "米": ("350米", "length", "0.35"),
    "km": ("14km", "length", "14"),
    "公里": ("14公里", "length", "14"),
    "千米": ("14千米", "length", "14"),
    "吨": ("1500吨", "mass", "1500"),
    "t": ("1500t", "mass", "1500"),
    "万吨": ("1.5万吨", "mass", "15000"),
    "kW": ("500kW", "power", "500"),
    "kw": ("500kw", "power", "500"),
    "千瓦": ("500千瓦", "power", "500"),
    "MW": ("12MW", "power", "12000"),
    "mw": ("12mw", "power", "12000"),
    "兆瓦": ("12兆瓦", "power", "12000"),
    "万kW": ("1.2万kW", "power", "12000"),
    "万kw": ("1.2万kw", "power", "12000"),
    "万千瓦": ("1.2万千瓦", "power", "12000"),
    "元/m³": ("3.5元/m³", "price", "3.5"),
    "元/m3": ("3.5元/m3", "price", "3.5"),
    "元/立方米": ("3.5元/立方米", "price", "3.5"),
    "元/方": ("3.5元/方", "price", "3.5"),
    "元/吨": ("3.5元/吨", "price", "3.5"),
    "%": ("27.65%", "fraction", "0.2765"),
    "％": ("27.65％", "fraction", "0.2765"),
    "百分比": ("27.65百分比", "fraction", "0.2765"),
    "个百分点": ("2.3个百分点", "points", "2.3"),
    "百分点": ("2.3百分点", "points", "2.3"),
    "万人": ("3.2万人", "count:人", "32000"),
    "万人次": ("1.25万人次", "count:人次", "12500"),
}


def _loaded(text: str, col: Column) -> float:
    """``text`` as the loader types a cell of ``col`` (no problem allowed)."""
    raw = RawTable(
        Ledger("probe", "探针", (col,)),
        "探针.csv",
        None,
        pd.DataFrame({col.name: [text]}, index=[2]),
        headers={col.name: "数量"},
    )
    problems: list = []
    frame = typed_frame(raw, problems, set())
    assert not problems, [p.message for p in problems]
    return float(frame[col.name].iloc[0])


def _loader_quantity(text: str, unit: str) -> tuple[str, float]:
    """(family, quantity in the family's base unit) the loader reads in a column of ``unit``
    (a count column for a measure word or 万人, a coefficient column for %)."""
    entry = UNITS.get(unit)
    if entry is None or entry.family.startswith("count:"):
        family = entry.family if entry else f"count:{unit}"
        return family, _loaded(text, Column("x", "数量", "int"))
    if entry.family == "fraction":
        return "fraction", _loaded(text, Column("x", "系数", "float", fraction=True))
    return entry.family, _loaded(text, Column("x", "数量", "float", unit)) * float(entry.factor)


def _checker_quantity(text: str) -> tuple[str, Decimal]:
    """(family, quantity in the family's base unit) of the one figure the checker finds."""
    _, sentences = split_text(text + "。")
    found = find_figures(sentences)
    assert [f.text for f in found] == [text]
    figure = found[0]
    entry = UNITS.get(figure.unit)
    return figure.family, figure.value * (entry.factor if entry else 1)


def _same(loader: tuple[str, float], checker: tuple[str, Decimal], family: str, base: str):
    assert loader[0] == checker[0] == family
    assert checker[1] == Decimal(base)
    assert math.isclose(loader[1], float(base), rel_tol=1e-12)


def test_every_spelling_has_a_case_by_hand():
    assert set(BY_HAND) == set(ALIASES), "add a hand-computed case for each new unit spelling"


@pytest.mark.parametrize("spelling", sorted(ALIASES))
def test_loader_and_checker_read_a_unit_alike(spelling):
    text, family, base = BY_HAND[spelling]
    _same(_loader_quantity(text, ALIASES[spelling]), _checker_quantity(text), family, base)


@pytest.mark.parametrize("word", sorted(MEASURE_WORDS))
def test_loader_and_checker_read_a_count_alike(word):
    _same(
        _loader_quantity(f"12{word}", word), _checker_quantity(f"12{word}"), f"count:{word}", "12"
    )


@pytest.mark.parametrize("word", sorted(MEASURE_WORDS))
def test_loader_and_checker_read_wan_before_a_measure_word_alike(word):
    # 2.5万艘 is 25000艘 for both (万人, 万人次 are units of their own, of the same size)
    _same(
        _loader_quantity(f"2.5万{word}", word),
        _checker_quantity(f"2.5万{word}"),
        f"count:{word}",
        "25000",
    )


def test_the_issue_examples():
    assert _checker_quantity("3艘") == ("count:艘", 3)
    assert _loader_quantity("3艘", "艘") == ("count:艘", 3)
    assert _loader_quantity("5辆", "辆") == ("count:辆", 5)
    assert _loader_quantity("3.2万人", "人") == ("count:人", 32000)
    _, sentences = split_text("购置巡河船3艘。")
    assert [(f.text, f.unit) for f in find_figures(sentences)] == [("3艘", "艘")]


def test_brackets_are_read_as_the_expression_did_in_linear_time():
    """units.convert.bracketed replaced ``[(（…]\\s*([^)）…]*?)\\s*[)）…]`` (finditer), which
    took minutes on a header cell of a bracket and 3,000 spaces: the same answers on every
    short text of brackets, spaces and words, and a 30,000-space cell answered at once."""
    import random
    import re

    from wbanalysis.units.convert import bracketed, units_in_text

    old = re.compile(r"[\(\[（【]\s*([^\)\]）】]*?)\s*[\)\]）】]")
    rnd = random.Random(21)
    for _ in range(20000):
        text = "".join(rnd.choice("ab （）()【】[] 元：") for _ in range(rnd.randint(0, 10)))
        assert bracketed(text) == [m.group(1) for m in old.finditer(text)], text
    assert units_in_text("（" + " " * 30000 + "x") == []
    assert units_in_text("资金（ 单位：万元 ）" + " " * 30000) == ["万元"]
