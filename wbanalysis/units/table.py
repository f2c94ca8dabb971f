"""Every unit the bureau writes, once: its dimension (family), its size, its spellings.

A unit measures a *family* (``money``, ``volume``, ``area``…) and has a *factor*: its size in
the family's base unit (元, m³, 亩, km, 吨, kW, 欧元, 元/m³; ``%`` is 0.01 of a ratio).
A count is written with a measure word (量词: ``425名``, ``3艘``); each measure word is a
family of its own (``count:名``), and ``万`` before it (``3.2万人``) is 10⁴ of it.

The loader (:mod:`wbanalysis.io`), the checker (:mod:`wbanalysis.check`) and the display rules
read this table and nothing else, so that what one accepts the other accepts too.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Unit", "UNITS", "ALIASES", "MEASURE_WORDS", "WAN", "WAN_UNITS", "FAMILIES"]

#: 万: ten thousand, the multiplier the bureau writes before units and measure words.
WAN = Decimal(10**4)


@dataclass(frozen=True)
class Unit:
    """A unit: its canonical spelling, the family it measures, its size in the base unit."""

    name: str
    family: str
    factor: Decimal


def _units(family: str, *sizes: tuple[str, int | str | Decimal]) -> list[Unit]:
    return [Unit(name, family, Decimal(size)) for name, size in sizes]


#: Measure words (量词) a count may be written with: ``425名``, ``巡查次数（次）``, ``3艘``.
MEASURE_WORDS = frozenset({*"个名次件处座起口人项户宗条台眼支家批份篇场期所套辆艘村镇轮", "人次"})

#: Counts of people written with 万 as a unit of their own (受益人口3.2万人, 1.25万人次); before
#: any other measure word 万 multiplies the number (2万余次 is 20000次).
WAN_UNITS = ("人", "人次")

#: Every unit by canonical spelling.
UNITS: dict[str, Unit] = {
    u.name: u
    for u in [
        *_units("money", ("元", 1), ("千元", 10**3), ("万元", 10**4), ("亿元", 10**8)),
        *_units("eur", ("欧元", 1), ("万欧元", 10**4)),
        *_units("volume", ("m³", 1), ("万m³", 10**4), ("亿m³", 10**8)),
        # 1 亩 = 10000/15 m², so 1 m² = 0.0015 亩, 1 公顷 = 15 亩, 1 km² = 1500 亩
        *_units(
            "area",
            ("m²", "0.0015"),
            ("亩", 1),
            ("万亩", 10**4),
            ("公顷", 15),
            ("万公顷", 15 * 10**4),
            ("km²", 1500),
        ),
        *_units("length", ("m", "0.001"), ("km", 1)),
        *_units("mass", ("吨", 1), ("万吨", 10**4)),
        *_units("power", ("kW", 1), ("MW", 10**3), ("万kW", 10**4)),
        *_units("price", ("元/m³", 1)),
        *_units("fraction", ("%", "0.01")),
        *_units("points", ("个百分点", 1)),
        *(Unit("万" + word, f"count:{word}", WAN) for word in WAN_UNITS),
    ]
}

#: Every family a unit of the table measures (counts aside).
FAMILIES = frozenset(u.family for u in UNITS.values() if not u.family.startswith("count:"))

# Spellings other than the canonical one, as written (ASCII ones in lower case: the loader
# compares in lower case; the checker reads these spellings and the canonical ones).
_SPELLINGS = {
    "元": (),
    "千元": (),
    "万元": (),
    "亿元": (),
    "欧元": ("eur", "€"),
    "万欧元": ("万eur",),
    "m³": ("m3", "立方米", "方"),
    "万m³": ("万m3", "万立方米", "万方"),
    "亿m³": ("亿m3", "亿立方米", "亿方"),
    "m²": ("m2", "平方米"),
    "亩": (),
    "万亩": (),
    "公顷": (),
    "万公顷": (),
    "km²": ("km2", "平方公里", "平方千米"),
    "m": ("米",),
    "km": ("公里", "千米"),
    "吨": ("t",),
    "万吨": (),
    "kW": ("kw", "千瓦"),
    "MW": ("mw", "兆瓦"),
    "万kW": ("万kw", "万千瓦"),
    # drinking water is sold by the tonne, one tonne being one cubic metre
    "元/m³": ("元/m3", "元/立方米", "元/方", "元/吨"),
    "%": ("％", "百分比"),
    "个百分点": ("百分点",),
    "万人": (),
    "万人次": (),
}

#: Every spelling of a unit as written → its canonical spelling (canonical ones included).
ALIASES: dict[str, str] = {
    **{name: name for name in UNITS},
    **{spelling: name for name, spellings in _SPELLINGS.items() for spelling in spellings},
}
