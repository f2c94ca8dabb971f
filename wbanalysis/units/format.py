"""The bureau's way of writing numbers: amounts (万元/亿元), percentages, volumes, counts,
periods (1－10月), dates — the only place they are formatted.

Amounts are kept in 万元 (10⁴ yuan), volumes in 万m³, unless a column says otherwise.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from .traced import marks

__all__ = [
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
    "format_large",
    "format_rank",
]

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
        # any object: math.isinf takes what has __float__ or __index__ and raises TypeError
        # for the rest (a date, a text), which is cheaper than checking first
        return math.isinf(value)  # type: ignore[arg-type]
    except TypeError:
        return False


def _decimal(value: float | Decimal, places: int = 2) -> Decimal:
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


@marks
def format_number(value: float | Decimal, *, places: int = 2, trim: bool = True) -> str:
    """A number (a :class:`~decimal.Decimal` too) with at most ``places`` decimals (trailing
    zeros trimmed), or ``—``.

    >>> format_number(1650.20), format_number(6415.355), format_number(float("nan"))
    ('1650.2', '6415.36', '—')
    """
    if _is_missing(value):
        return MISSING
    return _text(_decimal(value, places), trim)


@marks
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


@marks
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


@marks
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


@marks
def format_volume(value: float) -> str:
    """A volume given in 万m³: ``6636万m³``, ``6415.36万m³``.

    >>> format_volume(6636), format_volume(6415.36), format_volume(-12.5)
    ('6636万m³', '6415.36万m³', '-12.5万m³')
    """
    return format_quantity(value, "万m³")


@marks
def format_count(value: float, measure_word: str = "") -> str:
    """A count with its measure word: ``425名``, ``138处``.

    >>> format_count(425, "名"), format_count(20150.0, "次"), format_count(float("nan"), "件")
    ('425名', '20150次', '—')
    """
    return format_quantity(value, measure_word)


@marks
def format_eur(value: float) -> str:
    """An amount in euros with thousands separators and two decimals: ``341,645.61欧元``.

    >>> format_eur(341645.61), format_eur(1000)
    ('341,645.61欧元', '1,000.00欧元')
    """
    if _is_missing(value):
        return MISSING
    return f"{_decimal(value):,.2f}欧元"


@marks
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


@marks
def format_approx(value: float, unit: str = "") -> str:
    """A figure the way the bureau writes it in a sentence: ``2万余次``, ``150余次``, ``80余件``.

    The value is cut down (never rounded up) to two significant figures — to tens below 100,
    to 万 from 10 000 on — and ``余`` says that more was done; a value that is already round
    keeps no ``余`` (``2.2万名``). Below 50 the figure is exact (``16次``, not ``10余次``).

    >>> format_approx(20718, "次"), format_approx(153, "次"), format_approx(84, "件")
    ('2万余次', '150余次', '80余件')
    >>> format_approx(905.6, "公里"), format_approx(22000, "名"), format_approx(1523.4, "吨")
    ('900余公里', '2.2万名', '1500余吨')
    >>> format_approx(7, "起"), format_approx(16, "次"), format_approx(float("nan"), "次")
    ('7起', '16次', '—')
    """
    if _is_missing(value):
        return MISSING
    exact = Decimal(repr(float(value)))
    if exact < 50:
        return format_number(value) + unit
    if exact >= 10000:
        wan = _floor_significant(value / 10000, 2)
        more = wan * 10000 < exact
        return _text(wan, True) + "万" + ("余" if more else "") + unit
    cut = _floor_significant(value, 1 if exact < 100 else 2)
    return _text(cut, True) + ("余" if cut < exact else "") + unit


@marks
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


@marks
def format_large(value: float, unit: str) -> str:
    """A quantity in ``unit``, written in 万 of it from 10 000 on: ``8500亩``, ``3.2万亩``,
    ``1.25万人`` (the bureau writes irrigation areas and people that way).

    >>> format_large(8500, "亩"), format_large(32000, "亩"), format_large(12500, "人")
    ('8500亩', '3.2万亩', '1.25万人')
    >>> format_large(float("nan"), "人")
    '—'
    """
    if _is_missing(value):
        return MISSING
    if abs(_decimal(value)) >= 10000:
        return _text(_decimal(_decimal(value, 12) / 10000), True) + "万" + unit
    return format_number(value) + unit


@marks
def format_rank(value: float) -> str:
    """A rank: ``第1名``; ``—`` when there is none.

    >>> format_rank(1), format_rank(3.0), format_rank(float("nan"))
    ('第1名', '第3名', '—')
    """
    if _is_missing(value):
        return MISSING
    return f"第{int(value)}名"
