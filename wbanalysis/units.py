"""Units of the ledgers and the bureau's way of writing numbers.

Amounts are kept in 万元 (10⁴ yuan), volumes in 万m³, unless a column says otherwise. A ledger
header may name another unit (``金额（元）``); :func:`conversion_factor` tells the loader how to
bring it to the column's unit.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "normalize_unit",
    "conversion_factor",
    "is_unit",
    "looks_like_unit",
    "unit_family",
    "split_units",
    "units_in_text",
    "is_unit_statement",
    "MEASURE_WORDS",
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
    "万eur": "万欧元",
    "公里": "km",
    "千米": "km",
    "km2": "km²",
    "平方公里": "km²",
    "平方千米": "km²",
    "米": "m",
    "t": "吨",
    "kw": "kW",
    "千瓦": "kW",
    "mw": "MW",
    "兆瓦": "MW",
    "万kw": "万kW",
    "万千瓦": "万kW",
    "元/m3": "元/m³",
    "元/立方米": "元/m³",
    "元/方": "元/m³",
    "元/吨": "元/m³",  # drinking water is sold by the tonne, one tonne being one cubic metre
    "百分比": "%",
    "％": "%",
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
    "欧元": ("eur", 1.0),
    "万欧元": ("eur", 1e4),
    "吨": ("mass", 1.0),
    "万吨": ("mass", 1e4),
    "kW": ("power", 1.0),
    "MW": ("power", 1e3),
    "万kW": ("power", 1e4),
    "元/m³": ("price", 1.0),
    "亩": ("area", 1.0),
    "万亩": ("area", 1e4),
    "公顷": ("area", 15.0),
    "km²": ("area", 1500.0),
    "%": ("fraction", 0.01),
}

#: Measure words (量词) a count may be written with: ``425名``, ``巡查次数（次）``.
MEASURE_WORDS = frozenset("个名次件处座起口人项户宗条台眼支家批份篇场期所套辆艘")

#: Characters that make a bracketed note look like a unit (``（美元）``, ``（万亩）``), so that an
#: unknown one is refused rather than read as a remark.
_UNIT_LIKE = "元币米方吨瓦里亩斤%‰"

_BRACKETS = r"[\(\[（【]\s*([^\)\]）】]*?)\s*[\)\]）】]"
_STATEMENT = re.compile(r"(?:计量|金额|数量|货币)?单位\s*[:：]\s*")


def normalize_unit(unit: str) -> str:
    """Canonical spelling of a unit: ``万立方米`` → ``万m³``, ``EUR`` → ``欧元``.

    >>> normalize_unit("万立方米"), normalize_unit("千瓦"), normalize_unit("元/吨")
    ('万m³', 'kW', '元/m³')
    """
    text = unicodedata.normalize("NFKC", unit).strip().replace(" ", "")
    text = text.replace("m³", "m3") if "m³" in text else text
    key = text.lower()
    return _UNIT_SYNONYMS.get(key, _UNIT_SYNONYMS.get(text, text if "m3" not in text else
                                                     text.replace("m3", "m³")))


def is_unit(text: str) -> bool:
    """True for a unit the loader can convert (``万元``, ``万方``, ``km``, ``%``…).

    >>> is_unit("万方"), is_unit("美元"), is_unit("截至10月")
    (True, False, False)
    """
    return normalize_unit(text) in _SCALE


def looks_like_unit(text: str) -> bool:
    """True for a bracketed note that names a unit, known or not (``美元``, ``万亩``).

    >>> looks_like_unit("美元"), looks_like_unit("截至当月"), looks_like_unit("万元")
    (True, False, True)
    """
    text = normalize_unit(text)
    return is_unit(text) or (len(text) <= 6 and any(ch in text for ch in _UNIT_LIKE))


def unit_family(unit: str) -> str | None:
    """The quantity a unit measures: ``money``, ``volume``, ``length``… (None if unknown).

    >>> unit_family("亿元"), unit_family("万方"), unit_family("个")
    ('money', 'volume', None)
    """
    entry = _SCALE.get(normalize_unit(unit))
    return entry[0] if entry else None


def split_units(text: str) -> list[str]:
    """The units of a list such as ``万元、万m³`` (empty when any part is not a unit).

    >>> split_units("万元、万立方米"), split_units("元/m³"), split_units("XX水务局")
    (['万元', '万m³'], ['元/m³'], [])
    """
    parts = [p for p in re.split(r"[、,，;；\s]+", unicodedata.normalize("NFKC", text)) if p]
    if not parts or not all(is_unit(p) or p in MEASURE_WORDS for p in parts):
        return []
    return [normalize_unit(p) for p in parts if is_unit(p)]


def units_in_text(text: str) -> list[str]:
    """Every unit a header-block text states: ``（万元）``, ``单位：元``, ``（单位：万m³）``.

    Only units the loader knows count; a bracketed year or remark (``（2023年）``) is no unit,
    nor is the 单位 of ``填报单位：XX水务局``.

    >>> units_in_text("资金情况（单位：元）"), units_in_text("XX市资金台账（2023年）")
    (['元'], [])
    >>> units_in_text("填报单位：XX市水务局    单位：万元"), units_in_text("（万m³）")
    (['万元'], ['万m³'])
    """
    s = unicodedata.normalize("NFKC", str(text))
    found: list[str] = []
    for m in _STATEMENT.finditer(s):
        if s[max(0, m.start() - 2):m.start()] in ("填报", "制表", "报送", "填表", "编制"):
            continue
        token = re.match(r"[^\s,，;；)）\]】]+(?:[、/][^\s,，;；)）\]】]+)*", s[m.end():])
        if token:
            found += [u for u in split_units(token.group(0)) if u not in found]
    for m in re.finditer(_BRACKETS, s):
        inner = _STATEMENT.sub("", m.group(1))
        found += [u for u in split_units(inner) if u not in found]
    return found


def is_unit_statement(text: str) -> bool:
    """True for a cell that states only units: ``单位：元``, ``（万元）``, ``金额单位：万元``.

    >>> is_unit_statement("单位：元"), is_unit_statement("（万元）"), is_unit_statement("金额（万元）")
    (True, True, False)
    """
    s = unicodedata.normalize("NFKC", str(text)).strip()
    s = re.sub(r"^[\(\[（【]\s*(.*?)\s*[\)\]）】]$", r"\1", s)
    s = _STATEMENT.sub("", s, count=1) if _STATEMENT.match(s) else s
    return bool(split_units(s))


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


def format_rank(value: float) -> str:
    """A rank: ``第1名``; ``—`` when there is none.

    >>> format_rank(1), format_rank(3.0), format_rank(float("nan"))
    ('第1名', '第3名', '—')
    """
    if _is_missing(value):
        return MISSING
    return f"第{int(value)}名"


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
