"""文中关系 (the relations a summary states between its figures), and whether they hold.

Only relations the text states are found; none is inferred from figures that merely stand
side by side:

- **total** (合计) — a whole and its parts, when the parts are known to split it
  (:func:`~.categories.is_partition`: their words share a head naming kinds of one thing, one
  negates the other, or :data:`~.categories.PARTITIONS` lists them):
  ``共争取项目资金3209万元，其中：中央资金1650.2万元，省级资金436万元，…`` or a bracketed
  breakdown right after a figure (``中央资金1650.2万元（…1554.2万元、…96万元）``,
  ``436万元（60、132、244）``); nested breakdowns are checked each on its own; counts split into
  kinds (``13个，其中报告书7个，报告表6个``, ``隐患138处，其中一般隐患120处，重大隐患18处``).
- **part** (分项不大于总数) — ``其中`` with one part, or parts not known to split the whole: each
  part is at most the whole. Their sum is never a verdict: when it differs from the whole, or
  agrees only by coincidence (``查处案件15起，其中立案8起，结案7起``), the verdict is "unsure"
  (``None``), never "holds" nor "fails". Parts of which one holds another
  (``到期节点5个，其中滞后4个，逾期未完成1个``: :func:`~.categories.contains`) are no sum at
  all: each is at most what holds it (``不构成分项之和（逾期未完成属于滞后）``).
- **difference** (差额) — ``A，比B超出D`` / ``比B少D``: D = A − B (or B − A).
- **growth** (增长率) — ``A，比B增长X%``: X = (A − B) / B × 100.
- **share** (占比) — ``P，占W的X%`` (W named by a figure, by the ``其中`` whole, or by words that
  name exactly one earlier figure).
- **rate** (比率) — ``…完成率X%`` after exactly one figure of the denominator's words
  (计划, 任务, 应收…) and one of the numerator's (完成, 实际, 到位…).
- **list_count** (列举个数) — a count that follows or precedes a list:
  ``白沙、青山2镇``, ``XXX、XXX、XXX、XXX 4座续建水库``, ``3座水库（甲、乙、丙）``.
- **unit_scale** (单位量级) — two neighbouring figures of one kind in one sentence written in
  different units (元 / 万元 / 亿元, 立方米 / 万立方米, 人 / 万人…) that make a pair: their words
  share a term, or they are a plan and its completion, a total and its part, this year and
  last (:data:`~.categories.PAIR_ROLES`), one named by its role alone. Sizes alike hold; units
  a power of ten (10³ or more) apart with numbers alike are a likely slip, with the number
  rewritten in the other unit (``疑似单位误写：计划15000元与完成投资13300万元相差约1万倍，
  是否应为15000万元？``). Figures written in one unit are never compared, however far apart.

Each verdict allows for how the figures were written: a sum or difference holds when it agrees
at the finest decimals stated; a percentage with d decimals when it is within 0.5·10⁻ᵈ; an
approximate figure (``150余``, ``约``) stands for the values it allows.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Context, Decimal

from .. import units
from ..scope import CITY
from ..units import unit_factor
from .categories import category, is_partition, names_only_role, nested_pairs, pair_role
from .document import Sentence
from .figures import DELIMITERS, Figure

__all__ = ["Relation", "RELATION_KINDS", "find_relations"]

#: Chinese names of the relation kinds.
RELATION_KINDS = {
    "total": "合计",
    "part": "分项不大于总数",
    "difference": "差额",
    "growth": "增长率",
    "share": "占比",
    "rate": "比率",
    "list_count": "列举个数",
    "unit_scale": "单位量级",
}


@dataclass(frozen=True)
class Relation:
    """One relation the text states.

    Attributes
    ----------
    kind : one of :data:`RELATION_KINDS`.
    sentence : the index of its sentence.
    figures : indices of its figures; the first is the stated result (the whole, the
        difference, the percentage, the count).
    stated : what the text states, as written (``共争取项目资金3209万元``).
    computed : what follows from the other figures (``1650.2万元＋436万元＋1122.8万元＝3209万元``).
    holds : True, False, or None when the text does not say enough to decide.
    note : why, when it fails or is unsure.
    """

    kind: str
    sentence: int
    figures: tuple[int, ...]
    stated: str
    computed: str
    holds: bool | None
    note: str = ""

    @property
    def name(self) -> str:
        """The kind in Chinese (合计, 差额…)."""
        return RELATION_KINDS[self.kind]


# ---- ranges: what a figure allows -------------------------------------------------------------

#: Sums, differences and unit changes are exact: a figure has at most 25 digits and a unit
#: factor is a power of ten, so 80 digits never round (the default context keeps 28).
_EXACT = Context(prec=80)
#: The only slack not written in the text: the last digit of a quotient (a percentage is
#: divided at 28 digits), relative to its size.
_QUOTIENT_EPS = Decimal("1e-20")


def _scaled(value: Decimal | None, factor: Decimal) -> Decimal | None:
    return None if value is None else _EXACT.multiply(value, factor)


@dataclass(frozen=True)
class _Range:
    lo: Decimal | None
    hi: Decimal | None
    #: a quotient (rounded at its last digit), not a sum or difference of written figures
    divided: bool = False

    @classmethod
    def of(cls, figure: Figure, factor: Decimal = Decimal(1), exact: bool = False) -> _Range:
        if exact:
            return cls(_scaled(figure.value, factor), _scaled(figure.value, factor))
        lo, hi, _ = figure.bounds()
        return cls(_scaled(lo, factor), _scaled(hi, factor))

    def __add__(self, other: _Range) -> _Range:
        return _Range(
            None if self.lo is None or other.lo is None else _EXACT.add(self.lo, other.lo),
            None if self.hi is None or other.hi is None else _EXACT.add(self.hi, other.hi),
            self.divided or other.divided,
        )

    def __sub__(self, other: _Range) -> _Range:
        return _Range(
            None if self.lo is None or other.hi is None else _EXACT.subtract(self.lo, other.hi),
            None if self.hi is None or other.lo is None else _EXACT.subtract(self.hi, other.lo),
            self.divided or other.divided,
        )

    def percent_of(self, base: _Range) -> _Range | None:
        """``self / base × 100`` for a positive base, else None."""
        if base.lo is None or base.lo <= 0:
            return None
        lows = (
            []
            if self.lo is None
            else [self.lo / base.lo * 100]
            + ([self.lo / base.hi * 100] if base.hi is not None else [])
        )
        highs = (
            []
            if self.hi is None
            else [self.hi / base.lo * 100]
            + ([self.hi / base.hi * 100] if base.hi is not None else [])
        )
        if self.lo is not None and self.lo >= 0 and base.hi is None:
            lows.append(Decimal(0))
        return _Range(min(lows) if lows else None, max(highs) if highs else None, divided=True)

    @property
    def point(self) -> Decimal | None:
        return self.lo if self.lo is not None and self.lo == self.hi else None


def _agrees(computed: _Range, stated: _Range, tolerance: Decimal) -> bool:
    """Whether the values ``computed`` allows, widened by ``tolerance`` (the rounding the
    text's figures allow), meet ``stated``. Sums and differences are compared exactly: a
    stated total one unit of its last digit off never agrees, however many digits it has;
    only a quotient gets a relative slack for its own last digit."""
    slack = tolerance
    if computed.divided or stated.divided:
        scale = max(
            [abs(v) for v in (computed.lo, computed.hi, stated.lo, stated.hi) if v is not None]
            + [Decimal(1)]
        )
        slack += _QUOTIENT_EPS * scale
    if computed.hi is not None and stated.lo is not None and computed.hi + slack < stated.lo:
        return False
    return not (
        computed.lo is not None and stated.hi is not None and computed.lo - slack > stated.hi
    )


def _places(figures: Sequence[Figure]) -> int:
    return max([f.decimals for f in figures] + [0])


def _number(value: Decimal, places: int) -> str:
    return units.format_number(value, places=places)


def _show(r: _Range, places: int, unit: str = "") -> str:
    if r.point is not None:
        return _number(r.point, places) + unit
    if r.lo is not None and r.hi is not None:
        return f"{_number(r.lo, places)}～{_number(r.hi, places)}{unit}"
    if r.lo is not None:
        return f"≥{_number(r.lo, places)}{unit}"
    if r.hi is not None:
        return f"≤{_number(r.hi, places)}{unit}"
    return "不定"


def _tolerance(figures: Sequence[Figure], unit: str) -> Decimal:
    """Half the finest step stated among ``figures``, in ``unit``."""
    steps = [f.step * (unit_factor(f.unit, unit) or 1) for f in figures]
    return min(steps) / 2 if steps else Decimal(0)


def _stated(figure: Figure) -> str:
    return figure.label + figure.text if figure.label else figure.text


def _compatible(a: Figure, b: Figure) -> bool:
    return unit_factor(a.unit, b.unit) is not None and a.family not in ("fraction", "points")


def _factor(from_unit: str, to_unit: str) -> Decimal:
    """:func:`unit_factor` of two units known to measure the same thing (figures found
    :func:`_compatible`, or of one family)."""
    factor = unit_factor(from_unit, to_unit)
    if factor is None:
        raise ValueError(f"{from_unit} and {to_unit} measure different things")
    return factor


# ---- total and part ---------------------------------------------------------------------------

_GENERIC_BIGRAMS = {
    "其中",
    "累计",
    "共计",
    "完成",
    CITY,
    "合计",
    "本年",
    "今年",
    "实际",
    "已经",
    "共有",
    "共争",
    "争取",
}


def _names(sentence: Sentence, parts: list[Figure], floor: int) -> list[str]:
    """What each part names (:func:`~.categories.category` of its words), read back to the
    previous part or punctuation through brackets that hold no figure (``小（1）型水库``)."""
    scan, text, names = sentence.scan, sentence.text, []
    for p in parts:
        i = p.start
        while i > floor:
            ch = scan[i - 1]
            if ch in "）)":
                low = max(floor, i - 7)  # a short bracket only: the walk stays linear
                opening = max(scan.rfind("（", low, i - 1), scan.rfind("(", low, i - 1))
                inside = scan[opening + 1 : i - 1]
                if opening < 0 or len(inside) > 4 or re.search(r"[，,；;：:（(]", inside):
                    break
                i = opening
                continue
            if ch in DELIMITERS:
                break
            i -= 1
        names.append(category(text[i : p.start]))
        floor = p.end
    return names


def _nesting_note(names: list[str], nested: list[tuple[int, int]]) -> str:
    said = "、".join(dict.fromkeys(f"{names[j]}属于{names[i]}" for i, j in nested))
    return f"不构成分项之和（{said}）"


def _nested_parts(
    whole: Figure,
    parts: list[Figure],
    factors: list[Decimal],
    too_big: list[Figure],
    nested: list[tuple[int, int]],
    sentence: int,
    tolerance: Decimal,
    names: list[str],
) -> Relation:
    """Parts of which some hold others (滞后 ⊇ 逾期未完成): each is at most what holds it,
    and their sum means nothing."""
    parent = {j: i for i, j in nested}
    shown, larger = [], []
    for j, (p, factor) in enumerate(zip(parts, factors)):
        if j in parent:
            i = parent[j]
            bigger = not _agrees(
                _Range(None, _Range.of(parts[i], factors[i]).hi), _Range.of(p, factor), tolerance
            )
            shown.append(f"{names[j]}{p.text}{'＞' if bigger else '≤'}{names[i]}{parts[i].text}")
            if bigger:
                larger.append(f"{names[j]}{p.text}多于{names[i]}{parts[i].text}")
        else:
            shown.append(f"{names[j]}{p.text}{'＞' if p in too_big else '≤'}{whole.text}")
    note = _nesting_note(names, nested)
    if too_big:
        note = (
            "分项大于总数："
            + "、".join(_stated(p) for p in too_big)
            + f" 大于 {whole.text}；"
            + note
        )
    elif larger:
        note += "；" + "、".join(larger) + "，请核实"
    return Relation(
        "part",
        sentence,
        (whole.index, *(p.index for p in parts)),
        _stated(whole),
        "，".join(shown),
        False if too_big else None if larger else True,
        note,
    )


def _whole_and_parts(
    whole: Figure,
    parts: list[Figure],
    sentence: int,
    names: list[str],
    *,
    exhaustive: bool | None = None,
) -> Relation:
    """The relation of a whole and its parts: a sum (合计) when the parts are known to split
    the whole (:func:`~.categories.is_partition`, or ``exhaustive``); else each part at most
    the whole (分项不大于总数), their sum undecided — a sum that agrees by coincidence is
    never 成立."""
    unit = whole.unit
    factors = [_factor(p.unit, unit) for p in parts]
    total = _Range(Decimal(0), Decimal(0))
    for p, factor in zip(parts, factors):
        total = total + _Range.of(p, factor)
    stated = _Range.of(whole)
    places = _places([whole, *parts])
    tolerance = _tolerance([whole, *parts], unit)
    ids = (whole.index, *(p.index for p in parts))
    joined = "＋".join(p.text for p in parts)
    computed = f"{joined}＝{_show(total, places, unit)}"
    nested = nested_pairs(names) if len(parts) >= 2 else []
    too_big = [
        p
        for p, factor in zip(parts, factors)
        if not _agrees(_Range(None, stated.hi), _Range.of(p, factor), tolerance)
    ]
    if nested:
        return _nested_parts(whole, parts, factors, too_big, nested, sentence, tolerance, names)
    if exhaustive is None:
        exhaustive = is_partition(names)
    adds_up = _agrees(total, stated, tolerance)
    if len(parts) >= 2 and exhaustive:
        return Relation(
            "total",
            sentence,
            ids,
            _stated(whole),
            computed,
            adds_up,
            "" if adds_up else f"分项之和{_show(total, places, unit)}，与所述合计{whole.text}不符",
        )
    if len(parts) == 1:
        computed = f"{parts[0].text}{'＞' if too_big else '≤'}{whole.text}"
    if too_big:
        return Relation(
            "part",
            sentence,
            ids,
            _stated(whole),
            computed,
            False,
            "分项大于总数：" + "、".join(_stated(p) for p in too_big) + f" 大于 {whole.text}",
        )
    if len(parts) >= 2:
        said = "、".join(n or p.text for n, p in zip(names, parts))
        return Relation(
            "part",
            sentence,
            ids,
            _stated(whole),
            computed,
            None,
            f"分项之和{_show(total, places, unit)}与{whole.text}相同，但{said}未必互不重叠、"
            "涵盖全部，相符可能出于巧合，不能据此认定合计成立"
            if adds_up
            else f"分项之和{_show(total, places, unit)}与{whole.text}不同，但文中分项未必"
            "涵盖全部，无法判断合计是否有误",
        )
    return Relation("part", sentence, ids, _stated(whole), computed, True)


def _closing_brackets(scan: str) -> dict[int, int]:
    """Where each round bracket of the sentence closes: {open offset: close offset}."""
    pairs, stack = {}, []
    for i, ch in enumerate(scan):
        if ch in "（(":
            stack.append(i)
        elif ch in "）)" and stack:
            pairs[stack.pop()] = i
    return pairs


def _breakdowns(sentence: Sentence, figs: list[Figure]) -> list[Relation]:
    """``其中`` lists and bracketed breakdowns."""
    return _such_as(sentence, figs) + _bracketed(sentence, figs)


def _such_as(sentence: Sentence, figs: list[Figure]) -> list[Relation]:
    """A whole followed by ``其中`` and its parts (``资金436万元，其中A 60万元、B 132万元``)."""
    scan, found = sentence.scan, []
    starts, ends = [f.start for f in figs], [f.end for f in figs]
    for m in re.finditer("其中", scan):
        k = bisect.bisect_right(ends, m.start())
        if not k:
            continue
        whole = figs[k - 1]
        if not re.fullmatch(r"[\s，,：:（(]*", scan[whole.end : m.start()]):
            continue
        if whole.family in ("fraction", "points"):
            continue
        depth = whole.depth + (1 if re.search(r"[（(]", scan[whole.end : m.start()]) else 0)
        parts: list[Figure] = []
        for f in figs[bisect.bisect_left(starts, m.end()) :]:
            between = scan[(parts[-1].end if parts else m.end()) : f.start]
            if f.depth < depth or re.search(r"[；;]", between):
                break
            if f.depth > depth or f.family in ("fraction", "points"):
                continue  # a sub-breakdown, or a part's share (其中A 150万元，占75%，…)
            if re.search("其中", between) or not _compatible(f, whole):
                break
            parts.append(f)
        if parts:
            names = _names(sentence, parts, m.end())
            found.append(_whole_and_parts(whole, parts, sentence.index, names))
    return found


def _bracketed(sentence: Sentence, figs: list[Figure]) -> list[Relation]:
    """A whole followed by its parts in brackets (``436万元（60万元、132万元、244万元）``)."""
    scan, found = sentence.scan, []
    starts = [f.start for f in figs]
    closing = _closing_brackets(scan)
    for whole in figs:
        if whole.family in ("fraction", "points") or whole.inherited:
            continue
        m = re.match(r"\s*[（(]", scan[whole.end : whole.end + 8])
        if not m:
            continue
        open_at = whole.end + m.end() - 1
        close = closing.get(open_at)
        if close is None or "其中" in scan[open_at:close]:
            continue
        inner = [
            f
            for f in figs[bisect.bisect_left(starts, open_at) : bisect.bisect_left(starts, close)]
            if f.depth == whole.depth + 1
        ]
        rest = scan[open_at + 1 : close]
        for f in sorted(inner, key=lambda f: -f.start):
            rest = rest[: f.start - open_at - 1] + rest[f.end - open_at - 1 :]
        if (
            len(inner) >= 2
            and all(_compatible(f, whole) for f in inner)
            and not re.search(r"\d|比|较|占|约", rest)
        ):
            # bare numbers in brackets (436万元（60、132、244）) are its breakdown; named
            # parts split it only when their words say so
            exhaustive = True if all(f.inherited for f in inner) else None
            names = _names(sentence, inner, open_at + 1)
            found.append(
                _whole_and_parts(whole, inner, sentence.index, names, exhaustive=exhaustive)
            )
    return found


# ---- differences, growth, shares, rates -------------------------------------------------------

_COMPARE = re.compile(r"(?<![对相占无])(比|较)(?![例重率较如照对为大好快慢多少强弱差高低])")
_VERB = re.compile(
    r"([^，,；;。\d]{0,12}?)(超出|超过|高出|多出|增加|增长|提高|上升|多|"
    r"减少|下降|降低|少|节约)(了)?\s*"
)
_DECREASE = {"减少", "下降", "降低", "少", "节约"}


def _comparisons(sentence: Sentence, figs: list[Figure]) -> list[Relation]:
    scan, found = sentence.scan, []
    starts, ends = [f.start for f in figs], [f.end for f in figs]
    for m in _COMPARE.finditer(scan):
        i = bisect.bisect_left(starts, m.end())
        if (
            i == len(figs)
            or figs[i].start - m.end() > 25
            or re.search(r"[，,；;。]", scan[m.end() : figs[i].start])
        ):
            continue
        base = figs[i]
        verb = _VERB.match(scan, base.end)
        if not verb:
            continue
        j = bisect.bisect_left(starts, verb.end())
        if j == len(figs) or figs[j].start - verb.end() > 2:
            continue
        result = figs[j]
        current = next(
            (
                figs[k]
                for k in range(bisect.bisect_right(ends, m.start()) - 1, -1, -1)
                if _compatible(figs[k], base)
            ),
            None,
        )
        if current is None or re.search(r"[；;。]", scan[current.end : m.start()]):
            continue
        decrease = verb.group(2) in _DECREASE
        a = _Range.of(current, _factor(current.unit, base.unit))
        b = _Range.of(base)
        change = (b - a) if decrease else (a - b)
        d_exact = result.approx == verb.group(2)  # 超过 is the verb here, not an approximation
        words = f"{current.text}与{base.text}之{'差' if not decrease else '差（减少）'}"
        said = sentence.text[m.start() : result.end]
        if _compatible(result, base):
            factor = _factor(result.unit, base.unit)
            stated = _Range.of(result, factor, exact=d_exact)
            figures_ = [current, base, result]
            ok = _agrees(change, stated, _tolerance(figures_, base.unit))
            found.append(
                Relation(
                    "difference",
                    sentence.index,
                    (result.index, current.index, base.index),
                    said,
                    f"{words}＝{_show(change, _places(figures_), base.unit)}",
                    ok,
                    ""
                    if ok
                    else f"按文中数字计算为{_show(change, _places(figures_), base.unit)}，"
                    f"文中为{result.text}",
                )
            )
        elif result.family == "fraction" and base.family != "fraction":
            growth = change.percent_of(b)
            if growth is None:
                continue
            stated = _Range.of(result, exact=d_exact)
            ok = _agrees(growth, stated, result.step / 2)
            shown = _show(growth, max(result.decimals, 2), "%")
            found.append(
                Relation(
                    "growth",
                    sentence.index,
                    (result.index, current.index, base.index),
                    said,
                    f"（{current.text}－{base.text}）÷{base.text}＝{shown}"
                    if not decrease
                    else f"（{base.text}－{current.text}）÷{base.text}＝{shown}",
                    ok,
                    "" if ok else f"按文中数字计算为{shown}，文中为{result.text}",
                )
            )
        elif result.family == "points" and base.family == "fraction":
            stated = _Range.of(result, exact=d_exact)
            figures_ = [current, base, result]
            ok = _agrees(change, stated, _tolerance(figures_, "%"))
            shown = _show(change, _places(figures_), "个百分点")
            found.append(
                Relation(
                    "difference",
                    sentence.index,
                    (result.index, current.index, base.index),
                    said,
                    f"{words}＝{shown}",
                    ok,
                    "" if ok else f"按文中数字计算为{shown}，文中为{result.text}",
                )
            )
    return found


def _percent_relation(
    kind: str, sentence: int, result: Figure, num: Figure, den: Figure, stated: str
) -> Relation | None:
    factor = unit_factor(num.unit, den.unit)
    if factor is None:
        return None
    share = _Range.of(num, factor).percent_of(_Range.of(den))
    if share is None:
        return None
    ok = _agrees(share, _Range.of(result), result.step / 2)
    shown = _show(share, max(result.decimals, 2), "%")
    return Relation(
        kind,
        sentence,
        (result.index, num.index, den.index),
        stated,
        f"{num.text}÷{den.text}＝{shown}",
        ok,
        "" if ok else f"按文中数字计算为{shown}，文中为{result.text}",
    )


def _shares(sentence: Sentence, figs: list[Figure], wholes: dict[int, int]) -> list[Relation]:
    scan, found = sentence.scan, []
    by_index = {f.index: f for f in figs}
    starts, ends = [f.start for f in figs], [f.end for f in figs]
    for m in re.finditer(r"占(?![地用补压有据领])", scan):
        i = bisect.bisect_left(starts, m.end())
        following = [
            f for f in figs[i : bisect.bisect_right(starts, m.end() + 20)] if f.family == "fraction"
        ]
        if not following or re.search(r"[，,；;。]", scan[m.end() : following[0].start]):
            continue
        result = following[0]
        part = next(
            (
                figs[k]
                for k in range(bisect.bisect_right(ends, m.start()) - 1, -1, -1)
                if figs[k].family != "fraction"
            ),
            None,
        )
        if part is None or not re.fullmatch(r"[\s，,（(]*", scan[part.end : m.start()]):
            continue
        inside = [
            f for f in figs[i : bisect.bisect_left(starts, result.start)] if _compatible(f, part)
        ]
        whole = inside[0] if inside else None
        if whole is None and part.index in wholes:
            whole = by_index.get(wholes[part.index])
        if whole is None:
            words = re.sub(r"的|比重|比例|为|达到|达|约|\s", "", scan[m.end() : result.start])
            named = [
                f
                for f in figs
                if f.end <= part.start
                and _compatible(f, part)
                and len(words) >= 2
                and words in f.label
            ]
            whole = named[0] if len(named) == 1 else None
        if whole is not None:
            relation = _percent_relation(
                "share", sentence.index, result, part, whole, sentence.text[m.start() : result.end]
            )
            if relation:
                found.append(relation)
    return found


# rate word → (numerator words, denominator words)
_RATES = {
    "完成率": ("完成|实际|实现|累计", "计划|任务|目标|应|下达|总投资|要求"),
    "到位率": ("到位", "争取|下达|计划|落实"),
    "销号率": ("销号|办结", "发现|交办|受理"),
    "整改率": ("整改|整治", "排查|发现"),
    "收缴率": ("实收|收缴|已收|收取", "应收|应缴"),
    "执行率": ("执行|支出", "计划|预算|下达"),
    "达标率": ("达标", "监测|检测|应"),
    "合格率": ("合格", "检测|抽检|监测"),
}
_RATE = re.compile("(" + "|".join(_RATES) + r")[^，,；;。\d]{0,6}$")


def _rates(sentence: Sentence, figs: list[Figure]) -> list[Relation]:
    found = []
    for result in figs:
        if result.family != "fraction":
            continue
        offset = max(0, result.start - 20)
        m = _RATE.search(sentence.scan[offset : result.start])
        if not m:
            continue
        num_words, den_words = _RATES[m.group(1)]
        earlier = [f for f in figs if f.end <= offset + m.start() and f.family != "fraction"]
        dens = [f for f in earlier if re.search(den_words, f.label)]
        nums = [f for f in earlier if re.search(num_words, f.label) and f not in dens]
        if len(nums) == 1 and len(dens) == 1:
            said = (
                _stated(result)
                if m.group(1) in result.label
                else sentence.text[offset + m.start() : result.end]
            )
            relation = _percent_relation("rate", sentence.index, result, nums[0], dens[0], said)
            if relation:
                found.append(relation)
    return found


# ---- a count and its list ---------------------------------------------------------------------

_ITEM = r"[^\s、，,；;：:。！？（）()\d“”《》]{1,12}"
_LIST_BEFORE = re.compile(rf"((?:{_ITEM}、)+{_ITEM})\s*$")
_LIST_AFTER = re.compile(
    rf"^[^\s、，,；;：:。（）()\d]{{0,10}}[（(：:]((?:{_ITEM}、)+{_ITEM})(?:[）)。；;]|$)"
)


_LEAD_IN = re.compile(r"^.*(?:推进|包括|分为|分|有|为|是|对|完成了|完成|开展|建成|新建|实施|涉及)")


def _list_counts(sentence: Sentence, figs: list[Figure]) -> list[Relation]:
    scan, found = sentence.scan, []
    for k, f in enumerate(figs):
        if not f.is_count or f.approx or f.inherited:
            continue
        floor = figs[k - 1].end if k else 0
        ceiling = figs[k + 1].start if k + 1 < len(figs) else len(scan)
        items = None
        m = _LIST_BEFORE.search(scan[max(floor, f.start - 200) : f.start])
        if m:
            items = m.group(1).split("、")
        else:
            m = _LIST_AFTER.match(scan[f.end : ceiling])
            if m:
                items = m.group(1).split("、")
        if not items or any(re.search(r"等|和|及|与|或", item) for item in items):
            continue
        n = Decimal(len(items))
        ok = n == f.value
        # the first item carries the words that lead to the list (二是稳步推进XXX)
        items[0] = _LEAD_IN.sub("", items[0]) or items[0]
        listed = "、".join(i.strip() for i in items)
        found.append(
            Relation(
                "list_count",
                sentence.index,
                (f.index,),
                f.text + f.after,
                f"列举{units.format_count(len(items), '项')}：{listed}",
                ok,
                "" if ok else f"列举了{units.format_count(len(items), '项')}，文中为{f.text}",
            )
        )
    return found


# ---- units of neighbouring figures ------------------------------------------------------------

# Families whose units differ in size (万元 and 元, 万人 and 人), where a unit may be miswritten.
_SCALED = {"money", "volume", "area", "length", "mass", "power", "eur", "count:人", "count:人次"}


def _bigrams(label: str) -> set[str]:
    chinese = re.sub(r"[^\u4e00-\u9fff]", " ", label)
    return {
        chinese[i : i + 2] for i in range(len(chinese) - 1) if " " not in chinese[i : i + 2]
    } - _GENERIC_BIGRAMS


def _named(f: Figure) -> str:
    """A figure with its words, without the words that join it to the one before (与, 其中…)."""
    return re.sub(r"^(?:[与和及而但、，,：:\s]|其中)+", "", f.label) + f.text


def _pair(g: Figure, f: Figure, scan: str) -> str | None:
    """Why ``g`` and the next figure ``f`` of its family make a pair whose units must agree:
    their words share a term, or they are a plan and its completion, a total and its part,
    this year and last (:data:`~.categories.PAIR_ROLES`) in one clause
    (``农村供水工程计划15000元与完成投资13300万元``), or in neighbouring clauses with one named
    by its role alone (``计划15000元，完成投资13300万元``); else ``None``."""
    if _bigrams(f.label) & _bigrams(g.label):
        return "同类"
    between = scan[g.end : f.start]
    if re.search(r"[；;]", between) or len(re.findall(r"[，,]", between)) > 1:
        return None
    role = pair_role(g.label, f.label)
    joined = not re.search(r"[，,]", between)  # 计划…15000元与完成投资13300万元: one clause
    if role and (joined or names_only_role(g.label) or names_only_role(f.label)):
        return role
    return None


def _multiplier(unit: str) -> tuple[str, str]:
    """``(multiplier, base)`` of a canonical unit: 万元 → (万, 元), 亿m³ → (亿, m³), 元 → ("", 元)."""
    if len(unit) > 1 and unit[0] in "千万亿" and unit_factor(unit[1:], unit) is not None:
        return unit[0], unit[1:]
    return "", unit


_AS_WRITTEN = re.compile(r"^(-?[\d,，.]+)\s*(.*?)(?:以上|左右|有余)?$")


def _rewritten(suspect: Figure, other: Figure) -> str:
    """The suspect figure's number written in the other's unit, as the text spells units:
    ``15000元`` beside ``13300万元`` → ``15000万元``; ``6415立方米`` → ``6415万立方米``."""
    m = _AS_WRITTEN.match(units.fold_width(suspect.text))
    o = _AS_WRITTEN.match(units.fold_width(other.text))
    if not m or not o:
        return units.format_number(suspect.value, places=suspect.decimals) + other.unit
    number = suspect.text[: len(m.group(1))]
    written, other_written = (re.sub("[余多]", "", x.group(2)) for x in (m, o))
    (mult, base), (other_mult, other_base) = _multiplier(suspect.unit), _multiplier(other.unit)
    if base == other_base and written.startswith(mult):
        return number + other_mult + written[len(mult) :]
    return number + other_written


def _times(factor: Decimal) -> str:
    """A power of ten as the bureau says it: 10⁴ → 1万, 10⁸ → 1亿, 10³ → 1000."""
    exponent = round(abs(factor.log10()))
    if exponent >= 8:
        return f"{10 ** (exponent - 8)}亿"
    if exponent >= 4:
        return f"{10 ** (exponent - 4)}万"
    return str(10**exponent)


def _slip(g: Figure, f: Figure, role: str, tally: dict[str, int]) -> Relation | None:
    """A unit slip of ``g`` or ``f``: units a power of ten (10³ or more) apart, numbers alike,
    so that one number written in the other's unit makes the pair sensible."""
    factor = _factor(f.unit, g.unit)
    exponent = factor.log10()
    if abs(exponent) < 3 or exponent != exponent.to_integral_value():
        return None
    numbers = abs(f.value / g.value)
    if max(numbers, 1 / numbers) > 10 or (role == "总数与分项" and numbers > 1):
        return None
    # the suspect: the unit the text uses less, else the smaller (万 is the one left out)
    suspect, other = sorted((g, f), key=lambda x: (tally.get(x.unit, 0), _factor(x.unit, g.unit)))
    return Relation(
        "unit_scale",
        f.sentence,
        (suspect.index, other.index),
        f"{_named(g)}、{_named(f)}",
        f"数值相近，按单位相差约{_times(factor)}倍",
        False,
        f"疑似单位误写：{_named(g)}与{_named(f)}相差约{_times(factor)}倍，"
        f"是否应为{_rewritten(suspect, other)}？",
    )


def _unit_scales(sentence: Sentence, figs: list[Figure], tally: dict[str, int]) -> list[Relation]:
    """Neighbouring figures of one kind in different units (单位量级): a pair of sizes alike
    holds; a pair whose units are powers of ten apart while their numbers are alike is a
    likely unit slip. Figures written in one unit are never compared, however far apart."""
    found = []
    for k, f in enumerate(figs):
        if f.inherited or f.family not in _SCALED or f.value == 0:
            continue
        g = next(
            (
                figs[j]
                for j in range(k - 1, -1, -1)
                if figs[j].family == f.family and not figs[j].inherited
            ),
            None,
        )
        if g is None or g.unit == f.unit or g.value == 0:
            continue
        role = _pair(g, f, sentence.scan)
        if role is None:
            continue
        sizes = abs(f.value * _factor(f.unit, g.unit) / g.value)
        apart = max(sizes, 1 / sizes)
        if apart < 100:
            found.append(
                Relation(
                    "unit_scale",
                    sentence.index,
                    (f.index, g.index),
                    f"{_named(g)}、{_named(f)}",
                    f"相差{units.format_number(apart, places=1)}倍",
                    True,
                )
            )
        elif (slip := _slip(g, f, role, tally)) is not None:
            found.append(slip)
    return found


# ---- all --------------------------------------------------------------------------------------


def find_relations(sentences: Sequence[Sentence], figures: Sequence[Figure]) -> list[Relation]:
    """The relations each sentence states between its figures, each with its verdict.

    >>> from wbanalysis.check.document import split_text
    >>> from wbanalysis.check.figures import find_figures
    >>> _, s = split_text("审批方案13个，其中报告书7个，报告表6个。蓄水6636万m³，比任务6415.36万m³超出220.64万m³。")
    >>> [(r.kind, r.holds, r.computed) for r in find_relations(s, find_figures(s))]
    [('total', True, '7个＋6个＝13个'), ('difference', True, '6636万m³与6415.36万m³之差＝220.64万m³')]
    """
    by_sentence: dict[int, list[Figure]] = {}
    tally: dict[str, int] = {}  # how often the text writes each unit
    for f in figures:
        by_sentence.setdefault(f.sentence, []).append(f)
        if not f.inherited:
            tally[f.unit] = tally.get(f.unit, 0) + 1
    relations: list[Relation] = []
    for sentence in sentences:
        figs = sorted(by_sentence.get(sentence.index, []), key=lambda f: f.start)
        if not figs:
            continue
        breakdowns = _breakdowns(sentence, figs)
        wholes = {i: r.figures[0] for r in breakdowns for i in r.figures[1:]}
        found = (
            breakdowns
            + _comparisons(sentence, figs)
            + _shares(sentence, figs, wholes)
            + _rates(sentence, figs)
            + _list_counts(sentence, figs)
            + _unit_scales(sentence, figs, tally)
        )
        positions = {f.index: f.start for f in figs}
        relations.extend(sorted(found, key=lambda r: positions[r.figures[0]]))
    return relations
