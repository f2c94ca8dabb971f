"""找数字 (finding the figures of a summary): amounts, volumes, areas, counts, percentages.

A figure is a number with its unit, as a bureau writes it: ``3209万元``, ``11.97亿元``,
``341，645.61欧元``, ``6636万m³``, ``14km``, ``900余公里``, ``2.2万名``, ``2万余次``,
``27.65％``, ``三座``, ``两个``. Full-width digits and signs are read as their ASCII twins;
thousands separators may be ``,`` or ``，``; ``余``/``多`` (``150余次``: at least 150, under 160),
``约``, ``近``, ``超过``, ``以上``, ``左右`` and ``不足`` are kept as the figure's approximation.
A bare number takes its unit from its neighbours only where the text says so: a bracketed
breakdown right after a figure (``436万元（60、132、244）``) or a list ending in a unit
(``60、132、244万元``).

Every figure keeps its sentence, what it measures (the words before it — ``共争取项目资金`` —
and after it — ``个子项目``), the period the sentence states before it (``1－10月``,
``截至10月底``, ``上半年``, ``11月6日``) and its year (``2023年``, ``2022－2023年冬春`` → 2023,
``上年`` → one year before). Years, months, dates, ordinals (``第一``), numbers without a unit
and Chinese numerals inside quotation marks (``“五个基本”``) are not figures.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..units import (
    ALIASES,
    MEASURE_WORDS,
    fold_digits,
    normalize_unit,
    parse_arabic,
    parse_chinese,
    significant_step,
    unit_family,
    with_multiplier,
)
from .document import Paragraph, Sentence

__all__ = ["Figure", "find_figures"]

# ---- the pattern of a figure ------------------------------------------------------------------


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# A unit must not run on into a longer word (台账, 处理, 人民, 方案, 米粮, 期间…).
_UNIT_GUARD = {
    "台": "账风",
    "处": "理置长于室罚分",
    "人": "民员均口才工大群社",
    "支": "出付持撑部队",
    "家": "庭属乡村",
    "场": "所地景",
    "次": "年日",
    "个": "月工小",
    "名": "称单",
    "口": "径岸罩",
    "米": "粮",
    "条": "例件款",
    "项": "目",
    "起": "草来始见",
    "所": "属有以在得",
    "套": "餐",
    "批": "复准示次",
    "轮": "次",
    "篇": "章",
    "村": "民委庄组",
    "镇": "政",
    "宗": "旨教",
    "期": "间限末初内工项望待刊货",
    "份": "额",
    "方": "案面式法向针便位言圆形志略",
}
_ASCII_GUARD = "A-Za-z²³"  # after a unit ending in a Latin letter or digit (m, km, m3, t…)


def _written(word: str, canonical: str) -> str:
    """The pattern of a unit as written: other spellings than the canonical one in any case
    (``EUR``, ``KW``), as :func:`~wbanalysis.units.normalize_unit` reads them."""
    pattern = re.escape(word)
    if word != canonical and re.search("[A-Za-z]", word):
        pattern = f"(?i:{pattern})"
    guard = _UNIT_GUARD.get(word) or (_ASCII_GUARD if re.search(r"[A-Za-z0-9]$", word) else "")
    return pattern + (f"(?![{guard}])" if guard else "")


_UNIT = "|".join(
    _written(w, ALIASES.get(w, w))
    for w in sorted({*ALIASES, *MEASURE_WORDS}, key=len, reverse=True)
)
_COUNT = "|".join(_written(w, w) for w in sorted(MEASURE_WORDS, key=len, reverse=True))

# At most 15 digits before and 10 after the point: a longer run of digits is not a figure.
_NUMBER = (
    r"(?P<num>\d{1,3}(?:[,，]\d{3}){1,4}(?!\d)(?:\.\d{1,10}(?!\d))?"
    r"|\d{1,15}(?!\d)(?:\.\d{1,10}(?!\d))?)"
)
_FIGURE = re.compile(
    r"(?<![\d.A-Za-z_])"
    + _NUMBER
    # at most 3 spaces each side of 万/余: two unbounded runs of spaces split every way
    # made a digit followed by 40,000 spaces quadratic
    + r"\s{0,3}(?P<mult>万|亿)?(?P<approx>余|多)?\s{0,3}(?P<unit>"
    + _UNIT
    + r")"
    + r"(?P<suffix>以上|左右|有余)?"
)
_CN_FIGURE = re.compile(
    r"(?<![零〇一二两三四五六七八九十百千万亿第每周初])(?P<cn>[零〇一二两三四五六七八九十百千]+)"
    r"(?P<mult>万)?(?P<approx>余|多)?(?P<unit>" + _COUNT + r")"
)
_BARE_CHAIN = re.compile(r"(?<![\d.A-Za-z_])(\d{1,15}(?:\.\d{1,10})?)\s*[、]\s*$")
_BRACKETED = re.compile(r"\s*[（(]([^（）()]*)[）)]")
# How far back the words that qualify a number (约, 第, a range's dash, a list) are looked for.
_WINDOW = 30
_PREFIX_APPROX = re.compile(r"(大约|约|将近|接近|近|超过|逾|多于|高于|不足|不到|少于|低于)\s*$")

#: Where what a figure measures stops: punctuation, brackets, quotes, a table cell's edge.
DELIMITERS = '，,；;：:。！？!?（(）)、【】[]《》“”"‘’「」『』\t'

_QUOTES = {"“": "”", "《": "》", "「": "」", "『": "』", "‘": "’"}


@dataclass(frozen=True)
class Figure:
    """One figure of the text.

    Attributes
    ----------
    index : its position among the text's figures.
    sentence : the index of its sentence.
    start, end : offsets in the sentence (``end`` after a trailing 以上/左右).
    text : as written: ``2万余次``, ``341，645.61欧元``.
    value : the number in ``unit``, multipliers applied (``2万余次`` → 20000).
    unit : canonical unit (:data:`wbanalysis.units.UNITS`): 万元, 亿元, 欧元, 万m³, km, 亩, %,
        个百分点, 万人, or a measure word.
    decimals : decimals written.
    step : value of the last digit written, in ``unit`` (``11.97亿元`` → 0.01).
    approx : 余, 多, 约, 近, 超过, 以上, 左右, 不足… or ``""`` for a figure stated exactly.
    label : the words before it, back to the previous punctuation or figure (``共争取项目资金``).
    after : the words after it, up to the next punctuation or figure (``子项目``).
    inherited : a bare number whose unit is its neighbours'.
    month : the cut-off month its sentence states before it (1－10月 → 10), else ``None``.
    period : that period as written (``1－10月``, ``截至10月``, ``11月6日``).
    period_kind : ``cutoff`` (January to ``month``), ``date`` (a day in ``month``),
        ``partial`` (a span not from January: ``5－10月``, ``下半年``), or ``""``.
    year : the year its sentence (else its section heading) names, else ``None``.
    year_offset : ``-1`` for 上年/去年, ``0`` for 本年/今年 in its own words, else ``None``.
    multi_year : the sentence names a span of years (``2019－2023年``) before it.
    direction : +1 when its words end in 增/增长/提高, -1 in 下降/减少, else 0.
    depth : bracket depth at the figure.
    """

    index: int
    sentence: int
    start: int
    end: int
    text: str
    value: Decimal
    unit: str
    decimals: int
    step: Decimal
    approx: str = ""
    label: str = ""
    after: str = ""
    inherited: bool = False
    month: int | None = None
    period: str = ""
    period_kind: str = ""
    year: int | None = None
    year_offset: int | None = None
    multi_year: bool = False
    direction: int = 0
    depth: int = 0
    significant: Decimal = field(default=Decimal(1), repr=False)

    @property
    def family(self) -> str:
        """``money``, ``volume``, ``fraction`` (%)… or ``count:<measure word>``."""
        return unit_family(self.unit) or ""

    @property
    def is_count(self) -> bool:
        """A count with a measure word (个, 座, 名…)."""
        return self.family.startswith("count:")

    @property
    def measures(self) -> str:
        """What it measures, for people: the words before it, else the words after it;
        both for a count, whose noun often follows it (``XXX…续建水库``)."""
        if self.is_count and self.label and self.after:
            return f"{self.label}…{self.after}"
        return self.label or self.after

    def bounds(self) -> tuple[Decimal | None, Decimal | None, bool]:
        """``(low, high, high_open)``: the values the text allows for this figure.

        A figure stated exactly is the point ``(value, value, False)``; ``150余`` allows
        150 up to (not including) 160; ``超过150`` 150 and more; ``约150`` 140 to 160;
        ``近150`` 140 to 150; ``不足150`` up to 150. ``None`` is unbounded.
        """
        v, s = self.value, self.significant
        if self.approx in ("余", "多", "有余"):
            return v, v + s, True
        if self.approx in ("超过", "逾", "多于", "高于", "以上"):
            return v, None, False
        if self.approx in ("约", "大约", "左右"):
            return v - s, v + s, False
        if self.approx in ("近", "将近", "接近"):
            return v - s, v, False
        if self.approx in ("不足", "不到", "少于", "低于"):
            return None, v, True
        return v, v, False


# ---- periods and years ------------------------------------------------------------------------

_PERIODS = [
    # (pattern, kind, group of the month, group of the year)
    (re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日"), "date", 2, 1),
    (
        re.compile(
            r"(?:截至|截止|截止到|截至到)\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月(?:份)?(?:底|末)?"
        ),
        "cutoff",
        2,
        1,
    ),
    (re.compile(r"(?:(\d{4})\s*年\s*)?1\s*[-~至到]\s*(\d{1,2})\s*月(?:份)?"), "cutoff", 2, 1),
    (
        re.compile(r"(?:(\d{4})\s*年\s*)?(?:[2-9]|1[0-2])\s*[-~至到]\s*(\d{1,2})\s*月(?:份)?"),
        "partial",
        2,
        1,
    ),
    (re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月(?:份)?(?:底|末)"), "cutoff", 2, 1),
    (
        re.compile(r"(?:(\d{4})\s*年\s*)?1\s*月(?:份)?\s*[-~至到]\s*(\d{1,2})\s*月(?:份)?"),
        "cutoff",
        2,
        1,
    ),
    (
        re.compile(
            r"(?:(\d{4})\s*年\s*)?(?:[2-9]|1[0-2])\s*月(?:份)?\s*[-~至到]\s*(\d{1,2})\s*月"
            r"(?:份)?"
        ),
        "partial",
        2,
        1,
    ),
]
_NAMED_PERIODS = [
    (re.compile(r"上半年"), "cutoff", 6),
    (re.compile(r"前三季度"), "cutoff", 9),
    (re.compile(r"(?:第)?一季度"), "cutoff", 3),
    (re.compile(r"全年"), "cutoff", 12),
    (re.compile(r"年底|年末"), "cutoff", 12),
    (re.compile(r"下半年|(?:第)?[二三四]季度"), "partial", None),
    (re.compile(r"截至目前|截止目前|截至当前|目前"), "", None),
]
_SEASON = re.compile(r"(\d{4})\s*[-~至]\s*(\d{4})\s*年(?:度)?\s*冬春")
_YEAR_SPAN = re.compile(r"(\d{4})\s*[-~至]\s*(\d{4})\s*年")
_YEAR = re.compile(r"(?<![\d-])(\d{4})\s*年")
_RELATIVE_YEAR = [(re.compile(r"上年|去年|上一年|前一年"), -1), (re.compile(r"今年|本年|当年"), 0)]
_UP = re.compile(r"(增|增长|增加|提高|上升|上涨|增幅)(了|为|达)?\s*$")
_DOWN = re.compile(r"(下降|减少|降低|下滑|回落|减|降幅)(了|为|达)?\s*$")


@dataclass(frozen=True)
class _Mark:
    end: int
    value: int | None
    start: int = 0
    written: str = ""
    kind: str = ""
    span: bool = False


def _period_marks(scan: str, text: str) -> list[_Mark]:
    """Every period the sentence states, by where it ends."""
    marks = []
    for pattern, kind, month_group, _ in _PERIODS:
        for m in pattern.finditer(scan):
            number = int(m.group(month_group))
            month = None if kind == "partial" or not 1 <= number <= 12 else number
            marks.append(_Mark(m.end(), month, m.start(), text[m.start() : m.end()], kind))
    for pattern, kind, month in _NAMED_PERIODS:
        for m in pattern.finditer(scan):
            marks.append(_Mark(m.end(), month, m.start(), text[m.start() : m.end()], kind))
    # of two ending together (截至10月底, 10月底), the longer is what the text says
    return sorted(marks, key=lambda k: (k.end, -k.start))


def _year_marks(scan: str) -> list[_Mark]:
    """Every year the sentence names (a season's later year; a span of years), by end."""
    marks, spans = [], []
    for m in _SEASON.finditer(scan):
        marks.append(_Mark(m.end(), int(m.group(2))))
        spans.append((m.start(), m.end()))
    for m in _YEAR_SPAN.finditer(scan):
        if not any(a <= m.start() < b for a, b in spans):
            marks.append(_Mark(m.end(), None, span=True))
            spans.append((m.start(), m.end()))
    for m in _YEAR.finditer(scan):
        if not any(a <= m.start() < b for a, b in spans):
            marks.append(_Mark(m.end(), int(m.group(1))))
    return sorted(marks, key=lambda k: k.end)


def _last(marks: list[_Mark], ends: list[int], position: int) -> _Mark | None:
    """The last mark ending at or before ``position``."""
    i = bisect.bisect_right(ends, position)
    return marks[i - 1] if i else None


def _heading_year(heading: str) -> int | None:
    years = {int(y) for y in _YEAR.findall(fold_digits(heading))}
    return years.pop() if len(years) == 1 else None


# ---- finding ----------------------------------------------------------------------------------


@dataclass
class _Raw:
    start: int
    end: int
    value: Decimal
    unit: str
    decimals: int
    step: Decimal
    significant: Decimal
    approx: str
    inherited: bool = False


def _quoted(scan: str) -> list[bool]:
    """For each offset, whether it lies inside quotation marks or a book title."""
    inside: list[bool] = []
    stack: list[str] = []
    for ch in scan:
        if stack and ch == _QUOTES[stack[-1]]:
            stack.pop()
            inside.append(True)
            continue
        if ch in _QUOTES:
            stack.append(ch)
        inside.append(bool(stack))
    return inside


def _depths(scan: str) -> list[int]:
    depths, depth = [], 0
    for ch in scan:
        if ch in "（(【[":
            depth += 1
            depths.append(depth)
            continue
        depths.append(depth)
        if ch in "）)】]":
            depth = max(0, depth - 1)
    return depths


def _raw_figures(scan: str) -> list[_Raw]:
    found: list[_Raw] = []
    for m in _FIGURE.finditer(scan):
        value, decimals = parse_arabic(m.group("num"))
        start = m.start("num")
        before = scan[max(0, start - _WINDOW) : start]
        if re.search(r"第\s*$", before) or re.search(r"\d\s*[-~至到]\s*$", before):
            continue  # an ordinal, or the end of a range
        if before.endswith("-") and (
            len(before) < 2 or not re.match(r"[\dA-Za-z)）.]", before[-2])
        ):
            value, start = -value, start - 1
        unit, power = with_multiplier(m.group("mult"), normalize_unit(m.group("unit")))
        step = Decimal(1).scaleb(-decimals) * Decimal(10) ** power
        significant = significant_step(abs(value), decimals) * Decimal(10) ** power
        approx = m.group("approx") or m.group("suffix") or ""
        prefix = _PREFIX_APPROX.search(before)
        if prefix and not re.search(r"(最|附|临)近\s*$", before):
            approx = approx or prefix.group(1)
            if prefix.group(1) in ("超过", "逾", "多于", "高于", "不足", "不到", "少于", "低于"):
                approx = prefix.group(1)
        found.append(
            _Raw(
                start,
                m.end(),
                value * Decimal(10) ** power,
                unit,
                decimals,
                step,
                significant,
                approx,
            )
        )
    quoted = _quoted(scan)
    covered = [False] * (len(scan) + 1)
    for r in found:
        covered[r.start : r.end] = [True] * (r.end - r.start)
    for m in _CN_FIGURE.finditer(scan):
        number = parse_chinese(m.group("cn"))
        if number is None or m.group("cn") == "一" or quoted[m.start()] or covered[m.start()]:
            continue
        unit, power = with_multiplier(m.group("mult"), m.group("unit"))
        value = Decimal(number) * Decimal(10) ** power
        found.append(
            _Raw(
                m.start(),
                m.end(),
                value,
                unit,
                0,
                Decimal(10) ** power,
                significant_step(Decimal(number), 0) * Decimal(10) ** power,
                m.group("approx") or "",
            )
        )
    found.sort(key=lambda r: r.start)
    return found + _bare_figures(scan, found)


def _bare_figures(scan: str, found: list[_Raw]) -> list[_Raw]:
    """Bare numbers that take their unit from the text: ``436万元（60、132、244）`` and
    ``60、132、244万元``."""
    bare: list[_Raw] = []
    taken = {(r.start, r.end) for r in found}
    for figure in found:
        # a list ending in this figure: 60、132、244万元 (for counts, 5、6项 is "five or six")
        position = figure.start
        if (unit_family(figure.unit) or "").startswith("count:"):
            if _BARE_CHAIN.search(scan[max(0, position - _WINDOW) : position]):
                figure.approx = figure.approx or "约"
            position = -1
        while position >= 0:
            offset = max(0, position - _WINDOW)
            m = _BARE_CHAIN.search(scan[offset:position])
            if not m:
                break
            value, decimals = parse_arabic(m.group(1))
            bare.append(_bare(offset + m.start(1), offset + m.end(1), value, decimals, figure))
            position = offset + m.start(1)
        # a bracketed breakdown right after it: 436万元（60、132、244）
        m = _BRACKETED.match(scan, figure.end)
        if not m:
            continue
        inner_start = m.start(1)
        tokens = re.split(r"[、，,；;]", m.group(1))
        numbers: list[tuple[int, int, str]] = []
        offset = inner_start
        for token in tokens:
            t = re.fullmatch(r"([^\d（）()]{0,20}?)\s*(\d{1,15}(?:\.\d{1,10})?)\s*", token)
            if not t:
                numbers = []
                break
            numbers.append((offset + t.start(2), offset + t.end(2), t.group(2)))
            offset += len(token) + 1
        if len(numbers) >= 2:
            for a, b, number in numbers:
                value, decimals = parse_arabic(number)
                bare.append(_bare(a, b, value, decimals, figure))
    unique = {(b.start, b.end): b for b in bare if (b.start, b.end) not in taken}
    return list(unique.values())


def _bare(start: int, end: int, value: Decimal, decimals: int, model: _Raw) -> _Raw:
    step = Decimal(1).scaleb(-decimals)
    return _Raw(
        start,
        end,
        value,
        model.unit,
        decimals,
        step,
        significant_step(value, decimals),
        "",
        inherited=True,
    )


def _label(text: str, scan: str, start: int, floor: int) -> str:
    i = start
    while i > floor and scan[i - 1] not in DELIMITERS:
        i -= 1
    label = text[i:start].strip()
    j = i
    while j > 0 and scan[j - 1] == " ":
        j -= 1
    if not label and j > 0 and scan[j - 1] == "\t":
        first = text.split("\t", 1)[0].strip()
        if first and not re.search(r"\d", fold_digits(first)) and start > len(first):
            label = first  # a table row: the row's first cell names its figures
    return label


def _after(text: str, scan: str, end: int, ceiling: int) -> str:
    i = end
    while i < ceiling and scan[i] not in DELIMITERS:
        i += 1
    return text[end:i].strip()


def find_figures(
    sentences: Sequence[Sentence], paragraphs: Sequence[Paragraph] = ()
) -> list[Figure]:
    """Every figure of the sentences, in reading order.

    ``paragraphs`` (from :func:`~wbanalysis.check.document.split_text`) give a figure the year of
    its section heading (``三、2024年工作计划``) when its sentence names none.

    >>> from wbanalysis.check.document import split_text
    >>> paras, sents = split_text("1－10月完成投资11.97亿元，同比增２７．６５％；巡查2万余次。")
    >>> [(f.text, str(f.value), f.unit, f.label, f.month, f.approx) for f in find_figures(sents)]
    [('11.97亿元', '11.97', '亿元', '1－10月完成投资', 10, ''), ('２７．６５％', '27.65', '%', '同比增', 10, ''), ('2万余次', '20000', '次', '巡查', 10, '余')]
    >>> [(f.text, str(f.value), f.unit) for f in find_figures(split_text(
    ...     "首次提款341，645.61欧元，建成三座、两个；省级资金436万元（60、132、244）。")[1])]
    [('341，645.61欧元', '341645.61', '欧元'), ('三座', '3', '座'), ('两个', '2', '个'), ('436万元', '436', '万元'), ('60', '60', '万元'), ('132', '132', '万元'), ('244', '244', '万元')]
    """
    headings = {p.index: _heading_year(p.heading) for p in paragraphs}
    figures: list[Figure] = []
    for sentence in sentences:
        scan, text = sentence.scan, sentence.text
        raws = sorted(_raw_figures(scan), key=lambda r: r.start)
        if not raws:
            continue
        depths = _depths(scan)
        periods, years = _period_marks(scan, text), _year_marks(scan)
        period_ends, year_ends = [k.end for k in periods], [k.end for k in years]
        for k, raw in enumerate(raws):
            floor = raws[k - 1].end if k else 0
            ceiling = raws[k + 1].start if k + 1 < len(raws) else len(scan)
            label = _label(text, scan, raw.start, min(floor, raw.start))
            label_scan = fold_digits(label)
            period = _last(periods, period_ends, raw.start)
            month, written, kind = (
                (period.value, period.written, period.kind) if period else (None, "", "")
            )
            named = _last(years, year_ends, raw.start)
            year, span = (named.value, named.span) if named else (None, False)
            if year is None and not span:
                year = headings.get(sentence.paragraph)
            offset = None
            for pattern, delta in _RELATIVE_YEAR:
                if pattern.search(label_scan):
                    offset = delta
            direction = 1 if _UP.search(label_scan) else -1 if _DOWN.search(label_scan) else 0
            figures.append(
                Figure(
                    index=len(figures),
                    sentence=sentence.index,
                    start=raw.start,
                    end=raw.end,
                    text=text[raw.start : raw.end],
                    value=raw.value,
                    unit=raw.unit,
                    decimals=raw.decimals,
                    step=raw.step,
                    approx=raw.approx,
                    label=label,
                    after=_after(text, scan, raw.end, max(ceiling, raw.end)),
                    inherited=raw.inherited,
                    month=month,
                    period=written,
                    period_kind=kind,
                    year=year,
                    year_offset=offset,
                    multi_year=span,
                    direction=direction,
                    depth=depths[raw.start] if raw.start < len(depths) else 0,
                    significant=raw.significant,
                )
            )
    return figures
