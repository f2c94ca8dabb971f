"""Units of the ledgers and the bureau's way of writing numbers.

Amounts are kept in 万元 (10⁴ yuan), volumes in 万m³, unless a column says otherwise. A ledger
header may name another unit (``金额（元）``); :func:`conversion_factor` tells the loader how to
bring it to the column's unit.
"""

from __future__ import annotations

import unicodedata

__all__ = ["normalize_unit", "conversion_factor"]

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
