"""Units and numbers, the bottom layer: every unit once, reading them, writing them.

- :mod:`.table`: every unit, its family (dimension) and size, every spelling, every measure
  word (量词) — the one table the loader, the checker and the display rules read;
- :mod:`.convert`: a written unit's canonical spelling, conversion factors (exact for the
  checker, float for the loader), units stated in ledger headers;
- :mod:`.numerals`: Arabic and Chinese numerals, full-width digits, 是/否 words;
- :mod:`.format`: the bureau's way of writing numbers (``3209万元``, ``11.97亿元``, ``1－10月``).

It imports nothing of wbanalysis but :mod:`wbanalysis.errors`.
"""

from __future__ import annotations

from .convert import (
    conversion_factor,
    count_unit,
    find_unit,
    is_unit,
    is_unit_statement,
    looks_like_unit,
    normalize_unit,
    split_units,
    unit_factor,
    unit_family,
    units_in_text,
    with_multiplier,
)
from .format import (
    MISSING,
    format_amount,
    format_approx,
    format_count,
    format_date,
    format_eur,
    format_large,
    format_number,
    format_percent,
    format_period,
    format_quantity,
    format_rank,
    format_surplus,
    format_volume,
    format_yoy,
)
from .numerals import (
    CHINESE_DIGITS,
    NO_WORDS,
    YES_WORDS,
    chinese_numeral,
    fold_digits,
    fold_width,
    parse_arabic,
    parse_chinese,
    parse_yes_no,
    significant_step,
)
from .table import ALIASES, FAMILIES, MEASURE_WORDS, UNITS, WAN, WAN_UNITS, Unit

__all__ = [
    # table
    "Unit",
    "UNITS",
    "ALIASES",
    "MEASURE_WORDS",
    "FAMILIES",
    "WAN",
    "WAN_UNITS",
    # convert
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
    # numerals
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
    # format
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
