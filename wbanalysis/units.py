"""Units of the ledgers and the bureau's way of writing numbers.

Amounts are kept in 万元 (10⁴ yuan), volumes in 万m³, unless a column says otherwise. A ledger
header may name another unit (``金额（元）``); :func:`conversion_factor` tells the loader how to
bring it to the column's unit.
"""

from __future__ import annotations

import math
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "normalize_unit",
    "conversion_factor",
    "MISSING",
    "format_number",
    "format_amount",
    "format_percent",
    "format_yoy",
    "format_volume",
    "format_count",
    "format_eur",
    "format_quantity",
    "format_period",
    "format_date",
    "format_approx",
    "format_surplus",
    "chinese_numeral",
]

_UNIT_SYNONYMS = {
    "m3": "m³",
    "立方米": "m³",
    "方": "m³",
    "万m3": "万m³",
    "万立方米": "万m³",
    "万方": "万m³",
    "亿m3": "亿m³",
    "亿立方米": "亿m³",
    "亿方": "亿m³",
    "eur": "欧元",
    "€": "欧元",
    "公里": "km",
    "千米": "km",
    "t": "吨",
}

# Size of each unit in the base unit of its family (元 for money, m³ for volumes).
_SCALE = {
    "元": ("money", 1.0),
    "千元": ("money", 1e3),
    "万元": ("money", 1e4),
    "亿元": ("money", 1e8),
    "m³": ("volume", 1.0),
    "万m³": ("volume", 1e4),
    "亿m³": ("volume", 1e8),
    "km": ("length", 1.0),
    "m": ("length", 1e-3),
}


def normalize_unit(unit: str) -> str:
    """Canonical spelling of a unit: ``万立方米`` → ``万m³``, ``EUR`` → ``欧元``.

    >>> normalize_unit("万立方米")
    '万m³'
    """
    text = unicodedata.normalize("NFKC", unit).strip().replace(" ", "")
    text = text.replace("m³", "m3") if "m³" in text else text
    key = text.lower()
    return _UNIT_SYNONYMS.get(key, _UNIT_SYNONYMS.get(text, text if "m3" not in text else
                                                     text.replace("m3", "m³")))


def conversion_factor(from_unit: str, to_unit: str) -> float | None:
    """Multiply a value in ``from_unit`` by this to get ``to_unit``; ``None`` if impossible.

    >>> conversion_factor("元", "万元")
    0.0001
    >>> conversion_factor("亿元", "万元")
    10000.0
    >>> conversion_factor("元", "万m³") is None
    True
    """
    a, b = normalize_unit(from_unit), normalize_unit(to_unit)
    if a == b:
        return 1.0
    if a not in _SCALE or b not in _SCALE or _SCALE[a][0] != _SCALE[b][0]:
        return None
    return _SCALE[a][1] / _SCALE[b][1]


# ---- display in the bureau's style -----------------------------------------------------------

#: What a missing value (NaN, None, NA; also ±inf) is displayed as.
MISSING = "—"

_CENT = Decimal("0.01")


def _is_missing(value: object) -> bool:
    """None, NaN, NA — and ±inf, which the bureau's style cannot write either."""
    if value is None:
        return True
    try:
        if value != value:  # NaN and NaT differ from themselves
            return True
    except TypeError:  # pandas.NA: its comparisons are NA, whose truth value is undefined
        return True
    try:
        return math.isinf(value)
    except TypeError:
        return False


def _decimal(value: float, places: int = 2) -> Decimal:
    """``value`` rounded half up (四舍五入) to ``places`` decimals, without float artefacts."""
    if isinstance(value, Decimal):
        exact = value
    elif isinstance(value, int):
        exact = Decimal(value)
    else:
        exact = Decimal(repr(float(value)))
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return rounded if rounded != 0 else abs(rounded)  # no "-0"


def _text(number: Decimal, trim: bool) -> str:
    text = f"{number:f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_number(value: float, *, places: int = 2, trim: bool = True) -> str:
    """A number with at most ``places`` decimals (trailing zeros trimmed), or ``—``.

    >>> format_number(1650.20), format_number(6415.355), format_number(float("nan"))
    ('1650.2', '6415.36', '—')
    """
    if _is_missing(value):
        return MISSING
    return _text(_decimal(value, places), trim)


def format_amount(value: float, *, yi: bool = True) -> str:
    """An amount given in 万元, written as the bureau does: ``3209万元``, ``11.97亿元``.

    Amounts of 1亿元 (10⁴万元) and more are written in 亿元 unless ``yi`` is false (the
    summary writes a project's budget as ``总投资12046万元`` but a statistic as ``11.97亿元``);
    up to two decimals, trailing zeros trimmed.

    >>> format_amount(3209), format_amount(1650.2), format_amount(119700)
    ('3209万元', '1650.2万元', '11.97亿元')
    >>> format_amount(12000), format_amount(12046, yi=False), format_amount(float("nan"))
    ('1.2亿元', '12046万元', '—')
    """
    if _is_missing(value):
        return MISSING
    wan = _decimal(value)
    if yi and abs(wan) >= 10000:
        return _text(_decimal(_decimal(value, 12) / 10000), True) + "亿元"
    return _text(wan, True) + "万元"


def format_percent(value: float, *, places: int = 2, trim: bool = False) -> str:
    """A percentage with ``places`` decimals: ``27.65%`` (``trim=True`` gives ``100%``).

    >>> format_percent(27.65), format_percent(100), format_percent(100, trim=True)
    ('27.65%', '100.00%', '100%')
    >>> format_percent(12.345, places=1, trim=True), format_percent(float("nan"))
    ('12.3%', '—')
    """
    if _is_missing(value):
        return MISSING
    return _text(_decimal(value, places), trim) + "%"


def format_yoy(value: float) -> str:
    """A year-on-year change: ``同比增27.65%``, ``同比下降3.10%`` or ``同比持平``.

    >>> format_yoy(27.65), format_yoy(-3.1), format_yoy(0.001), format_yoy(None)
    ('同比增27.65%', '同比下降3.10%', '同比持平', '—')
    """
    if _is_missing(value):
        return MISSING
    number = _decimal(value)
    if number > 0:
        return f"同比增{_text(number, False)}%"
    if number < 0:
        return f"同比下降{_text(-number, False)}%"
    return "同比持平"


def format_volume(value: float) -> str:
    """A volume given in 万m³: ``6636万m³``, ``6415.36万m³``.

    >>> format_volume(6636), format_volume(6415.36), format_volume(-12.5)
    ('6636万m³', '6415.36万m³', '-12.5万m³')
    """
    return format_quantity(value, "万m³")


def format_count(value: float, measure_word: str = "") -> str:
    """A count with its measure word: ``425名``, ``138处``.

    >>> format_count(425, "名"), format_count(20150.0, "次"), format_count(float("nan"), "件")
    ('425名', '20150次', '—')
    """
    return format_quantity(value, measure_word)


def format_eur(value: float) -> str:
    """An amount in euros with thousands separators and two decimals: ``341,645.61欧元``.

    >>> format_eur(341645.61), format_eur(1000)
    ('341,645.61欧元', '1,000.00欧元')
    """
    if _is_missing(value):
        return MISSING
    return f"{_decimal(value):,.2f}欧元"


def format_quantity(value: float, unit: str, *, places: int = 2) -> str:
    """A number (at most ``places`` decimals, zeros trimmed) followed by its unit: ``14km``.

    >>> format_quantity(14.0, "km"), format_quantity(38.456, "m³/万元")
    ('14km', '38.46m³/万元')
    """
    if _is_missing(value):
        return MISSING
    return format_number(value, places=places) + unit


def format_period(through_month: int) -> str:
    """The period of a cut-off month: ``1－10月``; ``1月`` for January; ``全年`` for December.

    The dash is the full-width ``－`` the summary writes (1－10月).

    >>> format_period(10), format_period(1), format_period(12)
    ('1－10月', '1月', '全年')
    """
    month = int(through_month)
    if month >= 12:
        return "全年"
    return "1月" if month == 1 else f"1－{month}月"


def format_date(value: object) -> str:
    """A date as ``2023-10-29``; ``—`` when there is none.

    >>> import datetime
    >>> format_date(datetime.date(2023, 10, 29)), format_date(None)
    ('2023-10-29', '—')
    """
    if _is_missing(value):
        return MISSING
    try:
        return f"{value:%Y-%m-%d}"
    except (TypeError, ValueError):
        return str(value)


def _floor_significant(value: float, digits: int) -> Decimal:
    exact = Decimal(repr(float(value)))
    if exact <= 0:
        return Decimal(0)
    step = Decimal(1).scaleb(exact.adjusted() - digits + 1)
    return (exact // step) * step


def format_approx(value: float, unit: str = "") -> str:
    """A figure the way the bureau writes it in a sentence: ``2万余次``, ``150余次``, ``80余件``.

    The value is cut down (never rounded up) to two significant figures — to tens below 100,
    to 万 from 10 000 on — and ``余`` says that more was done; a value that is already round
    keeps no ``余`` (``2.2万名``). Below 10 the figure is exact.

    >>> format_approx(20718, "次"), format_approx(153, "次"), format_approx(84, "件")
    ('2万余次', '150余次', '80余件')
    >>> format_approx(905.6, "公里"), format_approx(22000, "名"), format_approx(1523.4, "吨")
    ('900余公里', '2.2万名', '1500余吨')
    >>> format_approx(7, "起"), format_approx(float("nan"), "次")
    ('7起', '—')
    """
    if _is_missing(value):
        return MISSING
    exact = Decimal(repr(float(value)))
    if exact < 10:
        return format_number(value) + unit
    if exact >= 10000:
        wan = _floor_significant(value / 10000, 2)
        more = wan * 10000 < exact
        return _text(wan, True) + "万" + ("余" if more else "") + unit
    cut = _floor_significant(value, 1 if exact < 100 else 2)
    return _text(cut, True) + ("余" if cut < exact else "") + unit


def format_surplus(value: float, unit: str = "万m³") -> str:
    """A result against a target: ``超出220.64万m³``, ``少49.97万m³`` or ``恰好完成``.

    >>> format_surplus(220.64), format_surplus(-49.97), format_surplus(0.001)
    ('超出220.64万m³', '少49.97万m³', '恰好完成')
    """
    if _is_missing(value):
        return MISSING
    number = _decimal(value)
    if number > 0:
        return "超出" + _text(number, True) + unit
    if number < 0:
        return "少" + _text(-number, True) + unit
    return "恰好完成"


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
