"""数字的写法 (how a number is written): Arabic digits with separators, Chinese numerals,
full-width digits, and the words of a yes or a no.

:func:`parse_arabic` reads ``341，645.61`` and ``1,200``; :func:`parse_chinese` reads the
Chinese numerals that carry figures in a summary (``两``, ``三``, ``十二``, ``一百零五``);
:func:`significant_step` tells how precisely a figure was stated. :func:`chinese_numeral`
writes 1–99 as headings number their parts. :func:`fold_width` and :func:`fold_digits` read
full-width digits and signs as ASCII; :func:`parse_yes_no` reads a 是/否 cell.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

__all__ = [
    "CHINESE_DIGITS",
    "parse_arabic",
    "parse_chinese",
    "significant_step",
    "chinese_numeral",
    "fold_digits",
    "fold_width",
    "YES_WORDS",
    "NO_WORDS",
    "parse_yes_no",
]

#: Characters of a Chinese numeral.
CHINESE_DIGITS = "零〇一二两三四五六七八九十百千"

_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_POWER = {"十": 10, "百": 100, "千": 1000}


def parse_arabic(text: str) -> tuple[Decimal, int]:
    """Value and number of decimals of ``text`` (thousands separators ``,`` or ``，`` allowed).

    >>> parse_arabic("341，645.61"), parse_arabic("1650.2"), parse_arabic("-3")
    ((Decimal('341645.61'), 2), (Decimal('1650.2'), 1), (Decimal('-3'), 0))
    """
    plain = re.sub(r"[,，]", "", text.strip())
    decimals = len(plain.split(".", 1)[1]) if "." in plain else 0
    return Decimal(plain), decimals


def parse_chinese(text: str) -> int | None:
    """The integer a Chinese numeral writes, or ``None`` if ``text`` is not one.

    >>> parse_chinese("两"), parse_chinese("十二"), parse_chinese("二十"), parse_chinese("一百零五")
    (2, 12, 20, 105)
    >>> parse_chinese("三千二百"), parse_chinese("十"), parse_chinese("百十") is None
    (3200, 10, True)
    """
    if not text or any(c not in CHINESE_DIGITS for c in text):
        return None
    total, digit, last_power = 0, None, 10**9
    for ch in text:
        if ch in _DIGIT:
            if digit:  # two non-zero digits in a row (一二) is a list, not a number
                return None
            digit = _DIGIT[ch]
        else:
            power = _POWER[ch]
            if power >= last_power:
                return None
            if digit is None:
                if total or ch != "十":
                    return None
                digit = 1  # 十二 = 12
            total += digit * power
            digit, last_power = None, power
    return total + (digit or 0)


def significant_step(value: Decimal, decimals: int) -> Decimal:
    """Value of the last significant digit written: ``150`` → 10, ``2`` → 1, ``2.5`` → 0.1.

    This is the bureau's rounding of an approximate figure: ``150余`` is 150 up to 160,
    ``80余`` 80 up to 90.

    >>> significant_step(Decimal(150), 0), significant_step(Decimal(1500), 0)
    (Decimal('10'), Decimal('100'))
    >>> significant_step(Decimal(153), 0), significant_step(Decimal("2.5"), 1)
    (Decimal('1'), Decimal('0.1'))
    >>> significant_step(Decimal(0), 0)
    Decimal('1')
    """
    if decimals > 0:
        return Decimal(1).scaleb(-decimals)
    digits = str(abs(int(value)))
    zeros = len(digits) - len(digits.rstrip("0")) if int(value) else 0
    return Decimal(10) ** zeros


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1–99 in Chinese numerals, as headings number their parts: 一、（二）、十一.

    >>> chinese_numeral(1), chinese_numeral(10), chinese_numeral(12), chinese_numeral(20)
    ('一', '十', '十二', '二十')
    """
    n = int(n)
    if not 1 <= n <= 99:
        raise ValueError(f"chinese_numeral: {n} is outside 1..99")
    tens, ones = divmod(n, 10)
    text = ("" if tens <= 1 else _DIGITS[tens]) + ("十" if tens else "")
    return text + (_DIGITS[ones] if ones else "")


# ---- full width ---------------------------------------------------------------------------------

_FOLD_DIGITS = {0xFF10 + i: ord("0") + i for i in range(10)}
_FOLD: dict[int, int | str] = dict(_FOLD_DIGITS)
_FOLD.update({0xFF21 + i: ord("A") + i for i in range(26)})
_FOLD.update({0xFF41 + i: ord("a") + i for i in range(26)})
_FOLD.update(
    {
        ord("．"): ".",
        ord("－"): "-",
        ord("％"): "%",
        ord("﹪"): "%",
        ord("＋"): "+",
        ord("～"): "~",
        ord("　"): " ",
        ord("−"): "-",
        ord("–"): "-",
        ord("﹣"): "-",
    }
)


def fold_digits(text: str) -> str:
    """Full-width digits as ASCII, nothing else changed.

    >>> fold_digits("三、２０２４年工作计划")
    '三、2024年工作计划'
    """
    return text.translate(_FOLD_DIGITS)


def fold_width(text: str) -> str:
    """``text`` with full-width digits, letters and signs as ASCII; the same length.

    >>> fold_width("１２３．５％，1－10月")
    '123.5%，1-10月'
    """
    return text.translate(_FOLD)


# ---- yes and no ---------------------------------------------------------------------------------

#: The words of a yes in a 是/否 cell (compared in lower case, NFKC, without spaces).
YES_WORDS = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "有", "已"})
#: The words of a no.
NO_WORDS = frozenset({"否", "n", "no", "false", "0", "×", "✗", "无", "未"})


def parse_yes_no(text: object) -> bool | None:
    """``True`` for 是 (and its other words), ``False`` for 否, ``None`` for anything else.

    >>> parse_yes_no("是"), parse_yes_no(" YES "), parse_yes_no("否"), parse_yes_no("未"), parse_yes_no("也许")
    (True, True, False, False, None)
    """
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)).strip().lower())
    if key in YES_WORDS:
        return True
    if key in NO_WORDS:
        return False
    return None
