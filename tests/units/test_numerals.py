"""Arabic and Chinese numerals, full-width digits, 是/否 (:mod:`wbanalysis.units.numerals`)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wbanalysis import units as u


@pytest.mark.parametrize(
    "text, value, decimals",
    [
        ("341，645.61", "341645.61", 2),
        ("1,200", "1200", 0),
        ("1650.2", "1650.2", 1),
        ("-3", "-3", 0),
    ],
)
def test_parse_arabic(text, value, decimals):
    assert u.parse_arabic(text) == (Decimal(value), decimals)


@pytest.mark.parametrize(
    "text, value",
    [
        ("两", 2),
        ("三", 3),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("三千二百", 3200),
        ("〇", 0),
    ],
)
def test_parse_chinese(text, value):
    assert u.parse_chinese(text) == value


@pytest.mark.parametrize("text", ["", "一二", "百十", "十十", "三个", "5"])
def test_parse_chinese_refuses(text):
    assert u.parse_chinese(text) is None


def test_significant_step():
    assert u.significant_step(Decimal(150), 0) == 10
    assert u.significant_step(Decimal(153), 0) == 1
    assert u.significant_step(Decimal("2.5"), 1) == Decimal("0.1")


@pytest.mark.parametrize("n", range(1, 100))
def test_chinese_numeral_reads_back(n):
    assert u.parse_chinese(u.chinese_numeral(n)) == n


def test_chinese_numeral_range():
    with pytest.raises(ValueError):
        u.chinese_numeral(100)


def test_full_width():
    assert u.fold_digits("２０２４年") == "2024年"
    assert u.fold_digits("１２．５％") == "12．5％"
    text = "同比增２７．６５％，－49.97万ｍ³"
    assert u.fold_width(text) == "同比增27.65%，-49.97万m³"
    assert len(u.fold_width(text)) == len(text)


@pytest.mark.parametrize(
    "text, answer",
    [
        ("是", True),
        ("否", False),
        (" Yes ", True),
        ("N", False),
        ("√", True),
        ("✓", True),
        ("×", False),
        ("✗", False),
        ("有", True),
        ("无", False),
        ("已", True),
        ("未", False),
        ("1", True),
        ("0", False),
        ("也许", None),
        ("", None),
    ],
)
def test_parse_yes_no(text, answer):
    assert u.parse_yes_no(text) is answer


def test_yes_and_no_words_are_apart():
    assert not u.YES_WORDS & u.NO_WORDS
