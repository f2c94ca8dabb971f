"""与台账核对 (reconciling a summary's figures with the ledgers).

Each figure is matched to at most one indicator of :data:`wbanalysis.indicators.CATALOGUE`
by the words that name it and by its unit, then compared with the value the ledgers give for
the report's scope.

Matching uses an explicit table, :data:`NAMINGS` (each indicator's ``naming``): for each
catalogue key, the Chinese phrases that name it (``争取项目资金`` → ``funding.total``,
``冬春蓄水`` → ``storage.actual``…), plus the catalogue's own ``name``. The phrases are looked for in the words before the figure (the one
ending nearest the figure wins, then the longest), else in the words after it (for counts:
``1090件农村供水工程``). A figure whose unit cannot be the indicator's is never matched to it;
a figure two indicators claim equally is left unmatched, as is one that names a plan
(``计划完成投资``), another place (a county in the city's report), another year without
ledgers, or a span of months that does not start in January. Unmatched figures are listed
with the reason, never guessed.

A figure is compared over its own period when its sentence states one (``11月6日…提款`` is
checked through November), and in its own year (``2022年度用水总量``). It holds when:

- stated exactly: it agrees at its stated precision — ``3209万元`` within 0.5万元,
  ``11.97亿元`` within 0.005亿元, ``27.65%`` within 0.005, ``2.2万名`` within 500;
- stated with ``余``/``多``: the ledger value is at least the figure and below the next step of
  its last significant digit (``150余次`` allows 150–159, ``2万余次`` 20000–29999);
- ``约`` (±1 in the last significant digit), ``近`` (at most, and within that step),
  ``超过``/``以上`` (at least), ``不足`` (below).
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from .. import units
from ..dataset import Dataset
from ..indicators import CATALOGUE, Naming, compute_indicators
from ..scope import CITY, Scope
from ..units import fold_digits, unit_factor
from .document import Paragraph, Sentence
from .figures import Figure

__all__ = ["Naming", "NAMINGS", "Identified", "Match", "Unmatched", "match_indicator", "reconcile"]


#: The phrases that name each indicator (the catalogue's ``name`` is added to each): each
#: indicator's :attr:`~wbanalysis.indicators.Indicator.naming`, in catalogue order.
NAMINGS: tuple[Naming, ...] = tuple(ind.naming for ind in CATALOGUE.values() if ind.naming)

_NAMINGS = {n.key: n for n in NAMINGS}
_PLAN = re.compile(r"计划|目标|拟|力争|预计")
_CHANGE = re.compile(r"新增|净增|增加(?!值)|减少|新建|[比较](上年|去年|上一年)")
#: A ledger's value is a float sum: its error is relative and tiny (~1e-16 a row), so
#: 1e-12 of its size covers any ledger while a figure one unit of its last digit off
#: still disagrees at 15 digits (1e-9 let 1234567890 pass for 1234567891).
_EPS = Decimal("1e-12")


@dataclass(frozen=True)
class Match:
    """A figure matched to a catalogue indicator and compared with the ledgers.

    Attributes
    ----------
    figure : the figure's index.
    key, name : the indicator's catalogue key and Chinese name.
    stated : the figure with its words, as written (``共争取项目资金3209万元``).
    computed : the ledgers' value in the indicator's unit (``None`` when they have none).
    computed_text : that value as the bureau writes it (``3209万元``, ``11.97亿元``).
    holds : True when the figure agrees with the ledgers, False when not, None when the
        ledgers have no value for it.
    note : how it was compared (``按文中期间1－11月核对``, ``“余”：不少于…``).
    """

    figure: int
    key: str
    name: str
    stated: str
    computed: float | None
    computed_text: str
    holds: bool | None
    note: str = ""

    @property
    def message(self) -> str:
        """``文中「共争取项目资金3219万元」，台账计算为3209万元``."""
        return f"文中「{self.stated}」，台账计算为{self.computed_text}"


@dataclass(frozen=True)
class Unmatched:
    """A figure not compared with the ledgers, and why."""

    figure: int
    reason: str


def _units_factor(figure: Figure, key: str) -> Decimal:
    """Multiply the figure by this to have it in the indicator's unit (``key`` is one
    :func:`match_indicator` found among those of the figure's unit, so it can be)."""
    factor = _factor(figure.unit, key)
    if factor is None:
        raise ValueError(f"{figure.text} cannot be written in the unit of {key}")
    return factor


@functools.lru_cache(maxsize=4096)
def _factor(unit: str, key: str) -> Decimal | None:
    indicator = CATALOGUE[key]
    naming = _NAMINGS.get(key)
    if naming and unit in naming.units:
        return Decimal(1)
    if indicator.kind == "count":
        if unit == indicator.measure_word:
            return Decimal(1)
        if indicator.measure_word == "名":
            return unit_factor(unit, "人")
        return None
    if indicator.unit == "%":
        return Decimal(1) if unit == "%" else None
    return unit_factor(unit, indicator.unit)


@functools.lru_cache(maxsize=256)
def _keys_for_unit(unit: str) -> tuple[str, ...]:
    """The catalogue keys a figure in ``unit`` can be."""
    return tuple(key for key in CATALOGUE if _factor(unit, key) is not None)


def _patterns(key: str) -> tuple[re.Pattern, ...]:
    return _naming_patterns(_NAMINGS.get(key), CATALOGUE[key].name)


@functools.lru_cache(maxsize=1024)
def _name_pattern(name: str) -> tuple[re.Pattern, ...]:
    return (_compile(re.escape(name)),)


@functools.lru_cache(maxsize=1024)
def _naming_patterns(naming: Naming | None, name: str) -> tuple[re.Pattern, ...]:
    phrases = list(naming.phrases) if naming else []
    return tuple(_compile(p) for p in phrases + [re.escape(name)])


@functools.lru_cache(maxsize=1024)
def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern)


@functools.lru_cache(maxsize=4096)
def _in_context(pattern: str, paragraph: str) -> bool:
    return _compile(pattern).search(paragraph) is not None


def _nearest(text: str, patterns: tuple[re.Pattern, ...], from_end: bool) -> tuple[int, int] | None:
    """(distance, -length) of the pattern match nearest the figure, or None."""
    best = None
    for pattern in patterns:
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            distance = len(text) - m.end() if from_end else m.start()
            score = (distance, -(m.end() - m.start()))
            if best is None or score < best:
                best = score
    return best


class Identified(NamedTuple):
    """The indicator a figure names (:func:`match_indicator`)."""

    key: str | None
    reason: str = ""
    negated: bool = False
    by_after: bool = False  # named by the words after it (``1090件农村供水工程``)


def match_indicator(
    figure: Figure, paragraph: str = "", clause: str = "", near: str = ""
) -> Identified:
    """The catalogue key a figure names.

    ``key`` is None when no indicator, or more than one equally, fits; ``reason`` then says
    so in Chinese. ``negated`` is true when the words state the indicator's opposite
    (``同比下降``). ``paragraph`` is the figure's paragraph (for phrases that need a context),
    ``clause`` the words before it back to the last punctuation (for negated phrases),
    ``near`` the words of the figure before it in its sentence and its own words (for
    phrases whose context must be near, :attr:`Naming.near`).

    >>> from wbanalysis.check.document import split_text
    >>> from wbanalysis.check.figures import find_figures
    >>> _, s = split_text("共争取项目资金3209万元，中央资金1650.2万元，设河湖长425名，建成4座。")
    >>> [match_indicator(f).key for f in find_figures(s)]
    ['funding.total', 'funding.central', 'rivers.chiefs', None]
    """
    candidates = _keys_for_unit(figure.unit)
    if not candidates:
        return Identified(None, "没有同单位的目录指标")
    label, after = fold_digits(figure.label), fold_digits(figure.after)
    clause = fold_digits(clause)
    for words, from_end in ((label, True), (after, False)):
        scored: list[tuple[tuple[int, int], str, bool]] = []
        for key in candidates:
            naming = _NAMINGS.get(key)
            # the catalogue's own name counts wherever it stands; other phrases only in
            # their context
            in_context = not (naming and naming.context) or _in_context(
                naming.context, near if naming.near else paragraph
            )
            if (
                in_context
                and naming
                and naming.negative
                and any(_compile(p).search(clause) for p in naming.negative)
            ):
                scored.append(((0, -len(clause)), key, True))
                continue
            patterns = _patterns(key) if in_context else _name_pattern(CATALOGUE[key].name)
            score = _nearest(words, patterns, from_end)
            if score is not None:
                scored.append((score, key, False))
        if scored:
            scored.sort()
            best = [s for s in scored if s[0] == scored[0][0]]
            if len({k for _, k, _ in best}) > 1:
                names = "、".join(f"{CATALOGUE[k].name}（{k}）" for _, k, _ in best)
                return Identified(None, f"可能对应多个指标：{names}")
            return Identified(best[0][1], "", best[0][2], not from_end)
    return Identified(None, "没有对应的目录指标")


def _clause(sentence: Sentence, figure: Figure) -> str:
    """The words before a figure back to the last punctuation (previous figures included)."""
    i, floor = figure.start, max(0, figure.start - 60)
    while i > floor and sentence.scan[i - 1] not in "，,；;：:。（(、\t":
        i -= 1
    return sentence.scan[i : figure.start]


def _near(sentence: Sentence, figure: Figure, before: Figure | None) -> str:
    """The figure's own words and those of the figure before it in its sentence (or, when
    it is the first, the sentence up to it)."""
    if before is None:
        return sentence.scan[: figure.start]
    return fold_digits(before.label + before.text + figure.label)


def _place_marks(scan: str, places: list[str]) -> list[tuple[int, int, str]]:
    """Where the sentence names a place: (start, -length, place), in order."""
    marks = []
    for place in places:
        for m in re.finditer(re.escape(place), scan):
            marks.append((m.start(), -len(place), place))
    return sorted(marks)


def _place(marks: list[tuple[int, int, str]], position: int) -> str | None:
    """The place named last before ``position`` (the longest of those named together)."""
    i = bisect.bisect_left(marks, (position,))
    if not i:
        return None
    return marks[bisect.bisect_left(marks, (marks[i - 1][0],))][2]


def _as_decimal(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def _compare(figure: Figure, factor: Decimal, value: float, negated: bool) -> tuple[bool, str]:
    """Whether the ledger ``value`` (indicator unit) agrees with ``figure``, and how it was
    compared."""
    computed = _as_decimal(value)
    sign = Decimal(-1) if negated else Decimal(1)
    lo, hi, open_high = figure.bounds()
    slack = _EPS * max(Decimal(1), abs(computed))
    if not figure.approx:
        stated = sign * figure.value * factor
        tolerance = figure.step * factor / 2
        return abs(computed - stated) <= tolerance + slack, ""
    if negated:  # 少 about 200: the bounds turn around
        lo, hi = (None if hi is None else -hi), (None if lo is None else -lo)
    lo = None if lo is None else lo * factor
    hi = None if hi is None else hi * factor
    ok = (lo is None or computed >= lo - slack) and (
        hi is None or (computed < hi - slack if open_high else computed <= hi + slack)
    )
    bounds = []
    if lo is not None:
        bounds.append(f"不少于{units.format_number(lo)}")
    if hi is not None:
        bounds.append(("小于" if open_high else "不超过") + units.format_number(hi))
    return ok, f"“{figure.approx}”：" + "且".join(bounds)


def _skip_reason(
    figure: Figure, key: str, place: str | None, here: tuple[str, ...], scope: Scope
) -> str | None:
    """Why a figure matched to ``key`` is not compared with the ledgers (``None``: it is)."""
    name = CATALOGUE[key].name
    label = fold_digits(figure.label)
    if (
        _PLAN.search(label)
        and not key.startswith(("plan.", "storage.target"))
        and key != "resources.water_use_cap"
    ):
        return f"文中为计划或目标数，未与台账核对（{name}）"
    if _CHANGE.search(label) and CATALOGUE[key].kind != "yoy" and key != "storage.surplus":
        return f"文中为增减量，未与台账核对（{name}）"
    if place is not None and place not in here:
        return f"文中为{place}的数字，不在核对范围（{scope.place}）内"
    if figure.multi_year:
        return "文中为多年的数字，未核对"
    if figure.period_kind == "partial":
        return f"文中期间为{figure.period}，不是自1月起的累计，未核对"
    return None


def _year_of(figure: Figure, scope: Scope) -> int:
    """The year a figure states: its own (上年 from the scope's), else the scope's."""
    year = figure.year if figure.year is not None else scope.year
    if figure.year_offset is not None:
        year = scope.year + figure.year_offset
    return year


def _verdict(
    figure: Figure, found: Identified, key: str, value, year: int, month: int, scope: Scope
) -> Match:
    """The figure compared with the ledgers' ``value`` of the indicator ``found`` names
    (``key``: ``found.key``, which is not None)."""
    name = CATALOGUE[key].name
    notes = []
    if year != scope.year or month != scope.through_month:
        notes.append(f"按文中期间{year}年{units.format_period(month)}核对")
    stated = figure.label + figure.text + (figure.after if found.by_after else "")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return Match(
            figure.index,
            key,
            name,
            stated,
            None,
            units.MISSING,
            None,
            "；".join(notes + ["台账中无此数据"]),
        )
    ok, how = _compare(figure, _units_factor(figure, key), value, found.negated)
    if how:
        notes.append(how)
    return Match(
        figure.index,
        key,
        name,
        stated,
        float(value),
        CATALOGUE[key].display(value),
        ok,
        "；".join(notes),
    )


def reconcile(
    sentences: Sequence[Sentence],
    paragraphs: Sequence[Paragraph],
    figures: Sequence[Figure],
    dataset: Dataset,
    scope: Scope,
) -> tuple[list[Match], list[Unmatched]]:
    """Match every figure to the catalogue and compare it with the ledgers of ``scope``.

    Returns the matched figures (each with its verdict) and the unmatched ones (each with
    its reason), in the text's order.

    >>> import pandas as pd
    >>> from wbanalysis.check.document import split_text
    >>> from wbanalysis.check.figures import find_figures
    >>> ds = Dataset({"counties": pd.DataFrame({"county": ["甲县"], "code": [None],
    ...                                          "city": ["某市"]}),
    ...     "funding": pd.DataFrame({"record_id": ["F1"], "year": [2023], "month": [3],
    ...         "county": ["甲县"], "level": ["中央"], "programme": ["水利发展资金"],
    ...         "secured": [120.5], "arrived": [60.0], "project_id": [None]})})
    >>> paras, sents = split_text("共争取项目资金120.6万元，建成4座。")
    >>> matches, unmatched = reconcile(sents, paras, find_figures(sents), ds, Scope(2023, 10))
    >>> [m.message for m in matches], [u.reason for u in unmatched]
    (['文中「共争取项目资金120.6万元」，台账计算为120.5万元'], ['没有对应的目录指标'])
    """
    by_index = {s.index: s for s in sentences}
    paragraph_text = {p.index: fold_digits(p.text) for p in paragraphs}
    city, years = dataset.city, set(dataset.years)
    places = [CITY, city, *dataset.counties]
    here = (CITY, city) if scope.county is None else (scope.county,)  # None: scope.is_city
    values: dict[tuple[int, int], dict] = {}
    place_marks: dict[int, list[tuple[int, int, str]]] = {}
    previous: Figure | None = None

    def marks_of(sentence: Sentence) -> list[tuple[int, int, str]]:
        if sentence.index not in place_marks:
            place_marks[sentence.index] = _place_marks(sentence.scan, places)
        return place_marks[sentence.index]

    def _figure_place(sentence: Sentence, figure: Figure) -> str | None:
        """The place named last before the figure: in its sentence, else in the sentences
        of its paragraph before it (``白沙县。设河湖长50名。``)."""
        place = _place(marks_of(sentence), figure.start)
        k = sentence.index - 1
        while place is None and k >= 0 and by_index[k].paragraph == sentence.paragraph:
            place = _place(marks_of(by_index[k]), len(by_index[k].scan) + 1)
            k -= 1
        return place

    matches: list[Match] = []
    unmatched: list[Unmatched] = []
    for figure in figures:
        sentence = by_index[figure.sentence]
        before = previous if previous and previous.sentence == figure.sentence else None
        previous = figure
        found = match_indicator(
            figure,
            paragraph_text.get(sentence.paragraph, sentence.scan),
            _clause(sentence, figure),
            _near(sentence, figure, before),
        )
        key = found.key
        if key is None:
            unmatched.append(Unmatched(figure.index, found.reason))
            continue
        reason = _skip_reason(figure, key, _figure_place(sentence, figure), here, scope)
        year = _year_of(figure, scope)
        if reason is None and year not in years:
            reason = f"文中为{year}年的数字，台账中没有该年数据"
        if reason is not None:
            unmatched.append(Unmatched(figure.index, reason))
            continue
        month = figure.month or scope.through_month
        if (year, month) not in values:
            values[(year, month)] = compute_indicators(
                dataset, Scope(year, month, scope.county, scope.city, scope.segment)
            )
        matches.append(_verdict(figure, found, key, values[(year, month)][key], year, month, scope))
    return matches, unmatched
