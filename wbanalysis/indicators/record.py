"""One indicator, one record: everything the package knows of a figure of the summary.

An :class:`Indicator` carries its key, Chinese name, unit, how it is displayed and computed,
the optional ledger columns it needs (without them it has no value), its 口径 for the data
dictionary (:class:`Explanation`) and the words a summary names it by (:class:`Naming`, used by
``wbanalysis check``). Adding an indicator is one entry of :data:`~.catalogue.CATALOGUE`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import units

if TYPE_CHECKING:
    from .selection import Selection

__all__ = ["Indicator", "KINDS", "Value", "Naming", "Explanation", "named"]

Value = float | int


#: How each kind of indicator is displayed.
KINDS: dict[str, Callable[[Value, Indicator], str]] = {
    "amount": lambda v, ind: units.format_amount(v),
    # a project's budget and completed investment, written in 万元 as the summary does
    # (总投资12046万元), however large
    "amount_wan": lambda v, ind: units.format_amount(v, yi=False),
    "volume": lambda v, ind: units.format_volume(v),
    "percent": lambda v, ind: units.format_percent(v),
    "yoy": lambda v, ind: units.format_yoy(v),
    "count": lambda v, ind: units.format_count(v, ind.measure_word),
    "eur": lambda v, ind: units.format_eur(v),
    "km": lambda v, ind: units.format_quantity(v, "km"),
    "ratio": lambda v, ind: units.format_quantity(v, ind.unit),
    "quantity": lambda v, ind: units.format_quantity(v, ind.unit),
    # a result against a target: 超出220.64万m³ / 少49.97万m³, never "超出 -49.97"
    "surplus": lambda v, ind: units.format_surplus(v, ind.unit),
    # irrigation areas (亩) and people (人): 3.2万亩, 1.25万人 from 10 000 on
    "large": lambda v, ind: units.format_large(v, ind.unit),
    "rank": lambda v, ind: units.format_rank(v),
}

#: How a unit is spoken in a sentence where it differs from the table's.
_SPOKEN = {"km": "公里"}


@dataclass(frozen=True)
class Naming:
    """How a summary names one indicator (``wbanalysis check`` matches figures by it).

    Attributes
    ----------
    key : the catalogue key (filled in by the catalogue from its indicator).
    phrases : regular expressions of the words that name it.
    context : a regular expression its paragraph must contain (``农村供水`` for the rural
        programme's 总投资), or ``""``.
    near : the context must be in the words of the figure just before it in its sentence
        (or, if none, in the sentence before it): ``同比增27.65%`` is the year-on-year change
        of the investment named just before it, not of any figure of the paragraph.
    negative : regular expressions of words that state it negated, matched at the end of the
        figure's clause (``同比下降3.1%`` is a year-on-year change of −3.1).
    units : figure units accepted besides the indicator's (``m³`` for 万元GDP用水量).
    """

    key: str
    phrases: tuple[str, ...]
    context: str = ""
    negative: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    near: bool = False


def named(
    *phrases: str,
    context: str = "",
    negative: tuple[str, ...] = (),
    units: tuple[str, ...] = (),
    near: bool = False,
) -> Naming:
    """The :class:`Naming` of a catalogue entry (its key is the entry's)."""
    return Naming("", phrases, context, negative, units, near)


@dataclass(frozen=True)
class Explanation:
    """The 口径 of a family of indicators, as the data dictionary states it.

    Attributes
    ----------
    position : its row in the data dictionary's 口径 table (the table lists each explanation
        once, in this order).
    title : the indicators, in words (``年度投资计划完成率``).
    keys : their catalogue keys as the table writes them (``funding.channel.*``).
    rule : how they are counted, in the bureau's words.
    """

    position: int
    title: str
    keys: str
    rule: str


@dataclass(frozen=True)
class Indicator:
    """One figure of the summary.

    Attributes
    ----------
    key : stable identifier, e.g. ``funding.total``.
    name : the Chinese name used in reports.
    unit : unit of the value (万元, %, 万m³, 欧元, km…; the measure word for counts).
    kind : how it is displayed: one of :data:`KINDS`.
    additive : True when the counties' values add up to the city's (sums and counts of rows
        that all belong to a county); False for rates, ratios and figures that include rows of
        the city bureau itself or rows without a county.
    compute : ``compute(selection) -> value``.
    measure_word : 量词 of a count (名, 次, 件…).
    section : the section of the work summary it belongs to.
    approx : the summary's sentences write it approximately, as the bureau does
        (``2万余次``, ``150余次``; :func:`wbanalysis.units.format_approx`); tables keep
        the exact value.
    columns : the optional columns it needs, as ``"ledger.column"`` (``funding.channel``):
        where a ledger was given without one of them, the indicator has no value (NaN), never
        the 0 an empty column would sum to.
    note : the 口径 of an indicator a bureau defined itself (its 说明).
    explained : the 口径 the data dictionary states for it (shared by its family), or None.
    naming : the words a summary names it by, besides its ``name``, or None.
    parts : the indicators it is computed from, where it is not a sum or count of rows: a
        rate's or ratio's (numerator, denominator), a 较…增减's (figure, target), a
        year-on-year change's figure. Its 出处 is their rows, with the numbers filled in.
    """

    key: str
    name: str
    unit: str
    kind: str
    additive: bool
    compute: Callable[[Selection], Value] = field(repr=False, compare=False)
    measure_word: str = ""
    section: str = ""
    approx: bool = False
    columns: tuple[str, ...] = ()
    note: str = ""
    explained: Explanation | None = field(default=None, repr=False)
    naming: Naming | None = field(default=None, repr=False)
    parts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.naming is not None and self.naming.key != self.key:
            object.__setattr__(self, "naming", Naming(self.key, *_rest(self.naming)))

    def display(self, value: Value) -> str:
        """``value`` in the bureau's style (``3209万元``, ``同比增27.65%``, ``425名``, ``—``)."""
        return KINDS[self.kind](value, self)

    def say(self, value: Value) -> str:
        """``value`` as a sentence of the summary writes it: approximately (``2万余次``) when
        the indicator is :attr:`approx`, a percentage without trailing zeros (``87.9%``,
        ``100%``; tables keep ``87.90%``), else as :meth:`display`.

        >>> from wbanalysis.indicators import CATALOGUE
        >>> CATALOGUE["rural_water.fee_collection_rate"].say(87.9)
        '87.9%'
        >>> CATALOGUE["rural_water.fee_collection_rate"].display(87.9)
        '87.90%'
        """
        if self.approx:
            unit = self.measure_word or self.unit
            return units.format_approx(value, _SPOKEN.get(unit, unit))
        if self.kind == "percent":
            return units.format_percent(value, trim=True)
        return self.display(value)


def _rest(naming: Naming) -> tuple:
    return (naming.phrases, naming.context, naming.negative, naming.units, naming.near)
