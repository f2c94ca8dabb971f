"""Reading a written unit and converting between units, from :mod:`.table` alone.

:func:`normalize_unit` gives a written unit its canonical spelling (``万立方米`` → ``万m³``);
:func:`find_unit` its :class:`~.table.Unit` (a measure word ``艘`` is a count of 艘, ``万人``
10⁴ of 人); :func:`unit_factor` (exact, :class:`~decimal.Decimal`, for the checker) and
:func:`conversion_factor` (float, for the loader) how to go from one unit to another. A ledger
header may name its unit (``金额（元）``, ``单位：万元``): :func:`units_in_text` finds it.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from .table import ALIASES, MEASURE_WORDS, UNITS, WAN, Unit

__all__ = [
    "unbracket",
    "normalize_unit",
    "find_unit",
    "count_unit",
    "is_unit",
    "looks_like_unit",
    "unit_family",
    "unit_factor",
    "conversion_factor",
    "with_multiplier",
    "split_units",
    "units_in_text",
    "is_unit_statement",
]

# Other spellings in any case (``EUR``, ``KW``, ``M3``); a canonical one only as written
# (``M`` is no metre).
_LOWER = {spelling.lower(): name for spelling, name in ALIASES.items() if spelling != name}

#: Characters that make a bracketed note look like a unit (``（美元）``, ``（万亩）``), so that an
#: unknown one is refused rather than read as a remark.
_UNIT_LIKE = "元币米方吨瓦里亩斤%‰"

_OPENERS, _CLOSERS = "([（【", ")]）】"


def bracketed(text: str) -> list[str]:
    """What each bracket of ``text`` holds, outer spaces cut: from an opening bracket to the
    first closing one after it, left to right — in time linear in the text (a regular
    expression took minutes on a bracket followed by 3,000 spaces).

    >>> bracketed("资金（ 单位：元 ）表(2023)"), bracketed("(a(b)"), bracketed("（" + " " * 9)
    (['单位：元', '2023'], ['a(b'], [])
    """
    closes = [i for i, c in enumerate(text) if c in _CLOSERS]
    found, at, k = [], 0, 0
    for i, c in enumerate(text):
        if i < at or c not in _OPENERS:
            continue
        while k < len(closes) and closes[k] <= i:
            k += 1
        if k == len(closes):
            break
        found.append(text[i + 1 : closes[k]].strip())
        at = closes[k] + 1
    return found


_STATEMENT = re.compile(r"(?:计量|金额|数量|货币)?单位\s*[:：]\s*")
_OPENING, _CLOSING = "([（【", ")]）】"


def unbracket(text: str) -> str:
    """``text`` without one pair of brackets around it all (``（万元）`` → ``万元``), else as is.

    Without a regular expression: ``^[(]\\s*(.*?)\\s*[)]$`` took minutes on a cell of an
    opening bracket and a few thousand spaces (backtracking is cubic in the spaces).

    >>> unbracket("（ 万元 ）"), unbracket("(万元"), unbracket("【单位：元】")
    ('万元', '(万元', '单位：元')
    """
    if len(text) >= 2 and text[0] in _OPENING and text[-1] in _CLOSING:
        inner = text[1:-1].strip()
        if "\n" not in inner:  # as the expression did: a line break inside is no unit cell
            return inner
    return text


def normalize_unit(unit: str) -> str:
    """Canonical spelling of a unit: ``万立方米`` → ``万m³``, ``EUR`` → ``欧元``.

    An unknown unit is returned as written (NFKC, without spaces; ``m3`` written ``m³``).

    >>> normalize_unit("万立方米"), normalize_unit("千瓦"), normalize_unit("元/吨")
    ('万m³', 'kW', '元/m³')
    >>> normalize_unit("ＥＵＲ"), normalize_unit("万 方"), normalize_unit("艘")
    ('欧元', '万m³', '艘')
    """
    text = unicodedata.normalize("NFKC", unit).strip().replace(" ", "")
    if text in ALIASES:
        return ALIASES[text]
    text = text.replace("m³", "m3")
    return _LOWER.get(text.lower(), text.replace("m3", "m³"))


@lru_cache(maxsize=1024)
def _canonical(name: str) -> Unit | None:
    """The unit of a canonical spelling, counts included (``艘``, ``万座``)."""
    if name in UNITS:
        return UNITS[name]
    if name in MEASURE_WORDS:
        return Unit(name, f"count:{name}", Decimal(1))
    if name.startswith("万") and name[1:] in MEASURE_WORDS:
        return Unit(name, f"count:{name[1:]}", WAN)
    return None


def find_unit(text: str) -> Unit | None:
    """The unit ``text`` writes, or ``None``: ``万方`` is 10⁴ m³, ``万座`` 10⁴ 座.

    >>> find_unit("万方")
    Unit(name='万m³', family='volume', factor=Decimal('10000'))
    >>> find_unit("艘").family, find_unit("万人").factor, find_unit("美元") is None
    ('count:艘', Decimal('10000'), True)
    """
    return _canonical(normalize_unit(text))


def count_unit(text: str) -> tuple[str, Decimal] | None:
    """The measure word of a count's unit and what it multiplies by: ``万人`` → (人, 10⁴).

    >>> count_unit("艘"), count_unit("万人"), count_unit("万元")
    (('艘', Decimal('1')), ('人', Decimal('10000')), None)
    """
    unit = find_unit(text)
    if unit is None or not unit.family.startswith("count:"):
        return None
    return unit.family[len("count:") :], unit.factor


def is_unit(text: str) -> bool:
    """True for a unit the loader can convert (``万元``, ``万方``, ``km``, ``%``, ``万人``…);
    a bare measure word (``个``) is a count, not a unit.

    >>> is_unit("万方"), is_unit("美元"), is_unit("截至10月"), is_unit("个"), is_unit("万人")
    (True, False, False, False, True)
    """
    name = normalize_unit(text)
    return name not in MEASURE_WORDS and _canonical(name) is not None


def looks_like_unit(text: str) -> bool:
    """True for a bracketed note that names a unit, known or not (``美元``, ``万亩``).

    >>> looks_like_unit("美元"), looks_like_unit("截至当月"), looks_like_unit("万元")
    (True, False, True)
    """
    text = normalize_unit(text)
    return is_unit(text) or (len(text) <= 6 and any(ch in text for ch in _UNIT_LIKE))


def unit_family(unit: str) -> str | None:
    """The quantity a unit measures: ``money``, ``volume``, ``count:座``… (None if unknown).

    >>> unit_family("亿元"), unit_family("万方"), unit_family("个"), unit_family("美元")
    ('money', 'volume', 'count:个', None)
    """
    found = find_unit(unit)
    return found.family if found else None


def unit_factor(from_unit: str, to_unit: str) -> Decimal | None:
    """Multiply a value in ``from_unit`` by this to have it in ``to_unit`` (canonical
    spellings; exact); ``None`` if they measure different things.

    >>> unit_factor("亿元", "万元"), unit_factor("元", "万元"), unit_factor("个", "个")
    (Decimal('10000'), Decimal('0.0001'), Decimal('1'))
    >>> unit_factor("万元", "万m³") is None, unit_factor("个", "件") is None
    (True, True)
    >>> unit_factor("万座", "座"), unit_factor("公顷", "亩"), unit_factor("公里", "km") is None
    (Decimal('10000'), Decimal('15'), True)
    """
    if from_unit == to_unit:
        return Decimal(1)
    a, b = _canonical(from_unit), _canonical(to_unit)
    if a is None or b is None or a.family != b.family:
        return None
    return a.factor / b.factor


def conversion_factor(from_unit: str, to_unit: str) -> float | None:
    """Multiply a value in ``from_unit`` by this to get ``to_unit`` (units as written);
    ``None`` if impossible.

    >>> conversion_factor("元", "万元")
    0.0001
    >>> conversion_factor("亿元", "万元"), conversion_factor("万人", "人")
    (10000.0, 10000.0)
    >>> conversion_factor("元", "万m³") is None
    True
    """
    factor = unit_factor(normalize_unit(from_unit), normalize_unit(to_unit))
    return None if factor is None else float(factor)


def with_multiplier(multiplier: str | None, unit: str) -> tuple[str, int]:
    """The unit of a number written with ``万`` or ``亿`` before ``unit`` (canonical), and
    the power of ten the multiplier leaves on the number.

    ``万`` + a unit of the table is that unit (``万元``, ``万m³``, ``万亩``, ``万人``); before
    any other unit or measure word it multiplies the number (``2万次`` = 20000次).

    >>> with_multiplier("万", "m³"), with_multiplier("亿", "元"), with_multiplier("万", "人")
    (('万m³', 0), ('亿元', 0), ('万人', 0))
    >>> with_multiplier("万", "次"), with_multiplier("亿", "km"), with_multiplier(None, "个")
    (('次', 4), ('km', 8), ('个', 0))
    """
    if not multiplier:
        return unit, 0
    if multiplier + unit in UNITS:
        return multiplier + unit, 0
    return unit, 4 if multiplier == "万" else 8


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
        if s[max(0, m.start() - 2) : m.start()] in ("填报", "制表", "报送", "填表", "编制"):
            continue
        token = re.match(r"[^\s,，;；)）\]】]+(?:[、/][^\s,，;；)）\]】]+)*", s[m.end() :])
        if token:
            found += [u for u in split_units(token.group(0)) if u not in found]
    for held in bracketed(s):
        inner = _STATEMENT.sub("", held)
        found += [u for u in split_units(inner) if u not in found]
    return found


def is_unit_statement(text: str) -> bool:
    """True for a cell that states only units: ``单位：元``, ``（万元）``, ``金额单位：万元``.

    >>> is_unit_statement("单位：元"), is_unit_statement("（万元）"), is_unit_statement("金额（万元）")
    (True, True, False)
    """
    s = unicodedata.normalize("NFKC", str(text)).strip()
    s = unbracket(s)
    s = _STATEMENT.sub("", s, count=1) if _STATEMENT.match(s) else s
    return bool(split_units(s))
