"""The bureau's display style (:mod:`wbanalysis.units.format`)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from wbanalysis import units as u

NAN = float("nan")


@pytest.mark.parametrize(
    "value, expected",
    [
        (3209, "3209万元"),
        (3209.0, "3209万元"),
        (1650.2, "1650.2万元"),
        (6219.38, "6219.38万元"),
        (145.10, "145.1万元"),
        (0.005, "0.01万元"),  # rounded half up (四舍五入)
        (1.005, "1.01万元"),
        (0, "0万元"),
        (-0.001, "0万元"),
        (9999.99, "9999.99万元"),
        (9999.996, "1亿元"),
        (10000, "1亿元"),
        (12000, "1.2亿元"),
        (12046, "1.2亿元"),
        (119700, "11.97亿元"),
        (119750, "11.98亿元"),
        (-25000, "-2.5亿元"),
        (np.float64(3209.0), "3209万元"),
        (np.int64(425), "425万元"),
        (NAN, "—"),
        (None, "—"),
        (pd.NA, "—"),
    ],
)
def test_format_amount(value, expected):
    assert u.format_amount(value) == expected


def test_format_amount_without_yi():
    assert u.format_amount(119700, yi=False) == "119700万元"


@pytest.mark.parametrize(
    "value, expected",
    [
        (27.65, "27.65%"),
        (27.6473, "27.65%"),
        (100, "100.00%"),
        (3.1, "3.10%"),
        (150.0, "150.00%"),  # never capped
        (NAN, "—"),
    ],
)
def test_format_percent(value, expected):
    assert u.format_percent(value) == expected


def test_format_percent_trimmed():
    assert u.format_percent(100.0, trim=True) == "100%"
    assert u.format_percent(97.5, trim=True) == "97.5%"


@pytest.mark.parametrize(
    "value, expected",
    [
        (27.65, "同比增27.65%"),
        (27.647, "同比增27.65%"),
        (-3.1, "同比下降3.10%"),
        (0.0, "同比持平"),
        (0.004, "同比持平"),
        (-0.004, "同比持平"),
        (0.005, "同比增0.01%"),
        (NAN, "—"),
    ],
)
def test_format_yoy(value, expected):
    assert u.format_yoy(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (6636, "6636万m³"),
        (6415.36, "6415.36万m³"),
        (220.64, "220.64万m³"),
        (-179.36, "-179.36万m³"),
        (NAN, "—"),
    ],
)
def test_format_volume(value, expected):
    assert u.format_volume(value) == expected


@pytest.mark.parametrize(
    "value, word, expected",
    [
        (425, "名", "425名"),
        (138, "处", "138处"),
        (20150.0, "次", "20150次"),
        (np.int64(2), "起", "2起"),
        (0, "件", "0件"),
        (NAN, "个", "—"),
    ],
)
def test_format_count(value, word, expected):
    assert u.format_count(value, word) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (341645.61, "341,645.61欧元"),
        (1000, "1,000.00欧元"),
        (0.0, "0.00欧元"),
        (1234567.891, "1,234,567.89欧元"),
        (NAN, "—"),
    ],
)
def test_format_eur(value, expected):
    assert u.format_eur(value) == expected


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (14.0, "km", "14km"),
        (905.55, "km", "905.55km"),
        (30.004, "m³/万元", "30m³/万元"),
        (1523.4, "吨", "1523.4吨"),
        (1e6, "元", "1000000元"),
        (math.inf, "吨", "—"),
    ],
)
def test_format_quantity(value, unit, expected):
    assert u.format_quantity(value, unit) == expected


def test_format_number():
    assert u.format_number(2.675) == "2.68"  # no binary floating-point surprise
    assert u.format_number(2.5, places=0) == "3"
    assert u.format_number(1.10, trim=False) == "1.10"


@pytest.mark.parametrize("month, expected", [(1, "1月"), (10, "1－10月"), (12, "全年")])
def test_format_period(month, expected):
    assert u.format_period(month) == expected


def test_format_large_writes_wan_of_the_unit():
    assert u.format_large(12500, "人") == "1.25万人"
    assert u.format_large(8500, "亩") == "8500亩"
