"""Reading written units and converting between them (:mod:`wbanalysis.units.convert`)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wbanalysis import units as u


def test_existing_conversions_kept():
    assert u.conversion_factor("亿元", "万元") == 10000.0
    assert u.normalize_unit("万立方米") == "万m³"


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("万立方米", "万m³"),
        ("万方", "万m³"),
        ("万 m3", "万m³"),
        ("M3", "m³"),
        ("ＥＵＲ", "欧元"),
        ("€", "欧元"),
        ("千瓦", "kW"),
        ("KW", "kW"),
        ("元/吨", "元/m³"),
        ("％", "%"),
        ("百分点", "个百分点"),
        ("公里", "km"),
        ("平方千米", "km²"),
        ("艘", "艘"),
        ("美元", "美元"),
        ("M", "M"),
    ],
)
def test_normalize_unit(written, canonical):
    assert u.normalize_unit(written) == canonical


@pytest.mark.parametrize(
    "a, b, factor",
    [
        ("亿元", "万元", Decimal(10000)),
        ("元", "亿元", Decimal("1E-8")),
        ("万亩", "亩", Decimal(10000)),
        ("km²", "亩", Decimal(1500)),
        ("公顷", "亩", Decimal(15)),
        ("m", "km", Decimal("0.001")),
        ("万kW", "MW", Decimal(10)),
        ("万人", "人", Decimal(10000)),
        ("万座", "座", Decimal(10000)),  # 万 before any measure word
        ("艘", "艘", Decimal(1)),
    ],
)
def test_unit_factor_is_exact(a, b, factor):
    assert u.unit_factor(a, b) == factor


@pytest.mark.parametrize(
    "a, b",
    [
        ("万元", "万m³"),
        ("个", "座"),
        ("万人", "人次"),
        ("%", "个百分点"),
        ("公里", "km"),
        ("欧元", "元"),
    ],
)
def test_unit_factor_refuses(a, b):
    # different families; "公里" is a spelling, not a canonical unit
    assert u.unit_factor(a, b) is None


def test_conversion_factor_reads_spellings_and_counts():
    assert u.conversion_factor("公里", "km") == 1.0
    assert u.conversion_factor("万方", "m³") == 10000.0
    assert u.conversion_factor("平方公里", "亩") == 1500.0
    assert u.conversion_factor("万人", "人") == 10000.0
    assert u.conversion_factor("万眼", "眼") == 10000.0
    assert u.conversion_factor("个", "座") is None
    assert u.conversion_factor("美元", "元") is None


def test_find_unit_and_count_unit():
    assert u.find_unit("亿方") == u.Unit("亿m³", "volume", Decimal(10**8))
    assert u.find_unit("辆").family == "count:辆"
    assert u.find_unit("美元") is None
    assert u.count_unit("人次") == ("人次", 1)
    assert u.count_unit("万艘") == ("艘", 10000)
    assert u.count_unit("万元") is None


def test_is_unit_leaves_bare_measure_words_to_counts():
    assert u.is_unit("万方") and u.is_unit("万人") and u.is_unit("个百分点")
    assert not u.is_unit("个") and not u.is_unit("人") and not u.is_unit("美元")


@pytest.mark.parametrize(
    "multiplier, unit, result",
    [
        ("万", "元", ("万元", 0)),
        ("亿", "m³", ("亿m³", 0)),
        ("万", "人次", ("万人次", 0)),
        ("万", "kW", ("万kW", 0)),
        ("万", "名", ("名", 4)),
        ("亿", "人", ("人", 8)),
        ("万", "km", ("km", 4)),
        (None, "座", ("座", 0)),
    ],
)
def test_with_multiplier(multiplier, unit, result):
    assert u.with_multiplier(multiplier, unit) == result


@pytest.mark.parametrize(
    "text, found",
    [
        ("资金情况（单位：元）", ["元"]),
        ("金额单位：万元", ["万元"]),
        ("（万元、万立方米）", ["万元", "万m³"]),
        ("填报单位：XX市水务局", []),
        ("受益人口（人）", []),  # a measure word is a count, not a unit to convert
        ("受益人口（万人）", ["万人"]),
        ("XX市资金台账（2023年）", []),
    ],
)
def test_units_in_text(text, found):
    assert u.units_in_text(text) == found


def test_unit_statements():
    assert u.is_unit_statement("单位：元")
    assert u.is_unit_statement("（万元）")
    assert not u.is_unit_statement("金额（万元）")
    assert u.split_units("万元、个") == ["万元"]
    assert u.looks_like_unit("美元") and not u.looks_like_unit("截至当月")
