"""公文语体 (the bureau's voice): the parts of the 上报稿 as a water bureau writes them.

The Word 上报稿 holds, in each part of its body, one paragraph run in after a judgement —
``（一）重点项目推进有序。一是……。二是……。`` — in which the analyst's own text (the 文字材料
ledger) and the computed figures (:mod:`wbanalysis.narrative`) are merged, not repeated. The
rules, each stated once here:

- **Judgement headings** (:func:`judgement`): the analyst's 小标题 when given; otherwise the
  judgement of :data:`JUDGEMENTS` whose condition the figures meet, else the part's neutral
  heading, which says what was done and claims nothing.
- **Merging** (:func:`compose`): a computed clause is left out when each of its figures is
  already in the analyst's text of the part (``3个子项目`` twice), or when, without a figure,
  :data:`RESTATED` of its words are the analyst's (``已落实的项目资金未能全部到位``).
- **Words of the analysis**: a computed sentence holding a word of :data:`ANALYSIS_WORDS`
  (``无数据``, ``台账``, a note) is left out of the body; the page says it instead.
- **Cited figures without a value** (:func:`without_missing`): a sentence of the analyst's
  citing an indicator that has no value for the period stays on the page, with its note, and
  out of the body.
- **一是、二是** (:func:`enumerate_items`): a part of :data:`ENUMERATE_FROM` or more of the
  analyst's paragraphs is written ``一是……。二是……。``; each computed sentence joins the
  paragraph sharing most of its words (:func:`attach`), the rest follow.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .io.citations import MISSING_MARK
from .units import chinese_numeral
from .units.traced import strip

__all__ = [
    "ANALYSIS_WORDS",
    "ATTACH_FROM",
    "ENUMERATE_FROM",
    "JUDGEMENTS",
    "NEUTRAL",
    "RESTATED",
    "SHORTFALL_HEADING",
    "Composed",
    "attach",
    "compose",
    "enumerate_items",
    "judgement",
    "shortfalls_text",
    "without_missing",
]

#: Words the body of the 上报稿 never holds (and 本期无, nothing to report): a sentence with
#: one of them stays on the page.
ANALYSIS_WORDS = ("无数据", "台账", "数据", "或少", "本期无", "注：", "Theil", "Mann", "p = ")
#: From this many of the analyst's paragraphs, a part is written 一是……二是…… (the seed's
#: parts of three and more are; those of two run on).
ENUMERATE_FROM = 3
#: The share of a figure-less computed clause's word pairs found in the analyst's text above
#: which the clause restates it.
RESTATED = 0.8
#: The word pairs a computed sentence must share with an analyst's paragraph to join it.
ATTACH_FROM = 3
#: The heading of the shortfalls the figures show beyond the analyst's difficulties.
SHORTFALL_HEADING = "部分工作仍有差距"


def _ok(v: Mapping[str, float], key: str) -> bool:
    value = v.get(key)
    return isinstance(value, (int, float)) and value == value


def _at_least(key: str, floor: float) -> Callable[[Mapping[str, float]], bool]:
    return lambda v: _ok(v, key) and v[key] >= floor


def _at_most(key: str, ceiling: float) -> Callable[[Mapping[str, float]], bool]:
    return lambda v: _ok(v, key) and v[key] <= ceiling


def _all(*tests: Callable[[Mapping[str, float]], bool]) -> Callable[[Mapping[str, float]], bool]:
    return lambda v: all(t(v) for t in tests)


#: The neutral heading of each part (of the 文字材料 sections): what was done, no claim.
NEUTRAL = {
    "重点项目": "推进重点项目建设",
    "前期工作": "开展项目前期工作",
    "资金与投资": "争取项目资金和推进水利投资",
    "农村供水": "推进农村供水专项行动",
    "防汛抗旱": "做好防汛抗旱工作",
    "河湖长制": "落实河湖长制工作",
    "监督管理": "开展日常监督管理工作",
    "党的建设": "抓好党的建设",
}

#: The judgements a part may carry, each with the condition its figures must meet (the first
#: met wins): never a claim the figures do not support.
JUDGEMENTS: dict[str, tuple[tuple[str, Callable[[Mapping[str, float]], bool]], ...]] = {
    # every milestone due in the period met on time, none overdue
    "重点项目": (
        (
            "重点项目推进有序",
            _all(
                _at_least("projects.milestones_due", 1),
                _at_most("projects.milestones_late", 0),
                _at_most("projects.milestones_overdue_open", 0),
            ),
        ),
    ),
    # the year's investment plan fulfilled, or investment above the same months last year
    "资金与投资": (
        ("超额完成年度投资计划", _at_least("investment.plan_completion_rate", 100.0001)),
        ("水利投资保持增长", _at_least("investment.fixed_asset_yoy", 0.0001)),
    ),
    # the year's investment done in the programme
    "农村供水": (("农村供水专项行动持续推进", _at_least("rural_supply.completed_year", 0.0001)),),
    # the storage target met and nobody dead or missing
    "防汛抗旱": (
        (
            "防汛抗旱工作安全有效",
            _all(_at_least("storage.surplus", 0), _at_most("flood.dead_missing", 0)),
        ),
    ),
    # every level patrolled as required and every problem found closed
    "河湖长制": (
        (
            "河湖长制工作成效明显",
            _all(
                _at_least("rivers.patrol_completion", 100),
                _at_least("rivers.issues_closed_rate", 100),
            ),
        ),
    ),
    # every hazard found rectified
    "监督管理": (("日常监督管理工作常抓不懈", _at_least("safety.rectification_rate", 100)),),
}


def judgement(section: str, v: Mapping[str, float], title: str | None = None) -> str:
    """The heading of a part: the analyst's ``title``, else the first judgement whose
    condition the figures meet, else the part's neutral heading.

    >>> judgement("河湖长制", {"rivers.patrol_completion": 100, "rivers.issues_closed_rate": 100})
    '河湖长制工作成效明显'
    >>> judgement("河湖长制", {"rivers.patrol_completion": 97.5, "rivers.issues_closed_rate": 100})
    '落实河湖长制工作'
    >>> judgement("资金与投资", {"investment.plan_completion_rate": 78.6,
    ...     "investment.fixed_asset_yoy": float("nan")})
    '争取项目资金和推进水利投资'
    >>> judgement("重点项目", {}, title="重点项目推进有序")
    '重点项目推进有序'
    """
    if title:
        return title.strip().rstrip("。")
    for heading, holds in JUDGEMENTS.get(section, ()):
        if holds(v):
            return heading
    return NEUTRAL[section]


# ---- merging the analyst's text and the computed sentences -------------------------------

_SENTENCE = re.compile(r"[^。]+。?")
_CLAUSE = re.compile(r"([^，；：]+)([，；：]?)")
# A figure with its unit or measure word (3个子, 12046万元, 14km, 100%); dates and periods
# (2023年, 10月, 1－10) are not figures of the work.
_FIGURE = re.compile(r"\d[\d,.]*[万亿]?([^\d\s，。；、：（）()－\-—]{1,2})")
_DATE_UNITS = ("年", "月", "日", "号", "时")
_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")


def _normal(text: str) -> str:
    """Full-width digit separators as the analyst may type them (341，645.61)."""
    return re.sub(r"(?<=\d)，(?=\d{3}\b|\d{3}[.\D])", ",", text)


def _figures(text: str) -> set[str]:
    return {
        m.group(0)
        for m in _FIGURE.finditer(_normal(strip(text)))
        if not m.group(1).startswith(_DATE_UNITS)
    }


def _pairs(text: str) -> set[str]:
    """The pairs of adjacent Chinese characters of ``text`` (its words, roughly)."""
    return {run[i : i + 2] for run in _HAN.findall(strip(text)) for i in range(len(run) - 1)}


def _restates(clause: str, known: str, known_figures: set[str], known_pairs: set[str]) -> bool:
    figures = _figures(clause)
    if figures:
        return figures <= known_figures
    pairs = _pairs(clause)
    return bool(pairs) and len(pairs & known_pairs) >= RESTATED * len(pairs)


def _without_restated(sentence: str, known: str) -> str:
    """``sentence`` without the clauses that restate ``known``; ``""`` when nothing is new."""
    known_figures, known_pairs = _figures(known), _pairs(known)
    end = "。" if sentence.endswith("。") else ""
    clauses = [(c, s) for c, s in _CLAUSE.findall(sentence.rstrip("。")) if c.strip()]
    kept = [(c, s) for c, s in clauses if not _restates(c, known, known_figures, known_pairs)]
    if not kept or not any(_figures(c) for c, _ in kept) and len(kept) < len(clauses):
        return ""  # what is left holds no figure of its own: the analyst said it
    text = "".join(c + s for c, s in kept[:-1]) + kept[-1][0]
    return text + end


@dataclass(frozen=True)
class Composed:
    """A part of the 上报稿: its ``text``, and the sentences ``left_out`` of the body that
    the page says instead (a figure without data)."""

    text: str
    left_out: tuple[str, ...] = ()


def _sentences(paragraphs: Sequence[str]) -> list[str]:
    return [s.strip() for p in paragraphs if p for s in _SENTENCE.findall(p) if s.strip()]


def attach(items: Sequence[str], sentences: Sequence[str]) -> tuple[list[str], list[str]]:
    """Each sentence joined to the item sharing most of its words (pairs of characters, at
    least :data:`ATTACH_FROM`); the others are returned apart, in order.

    >>> attach(["加强水资源管理，开展取水计量设施整治。", "做好水库安全运行。"],
    ...        ["排查整改取水口计量设施85个。", "查处河道非法采砂2起。"])
    (['加强水资源管理，开展取水计量设施整治。排查整改取水口计量设施85个。', '做好水库安全运行。'], ['查处河道非法采砂2起。'])
    """
    joined, rest = [list([item]) for item in items], []
    words = [_pairs(item) for item in items]
    for sentence in sentences:
        shared = [len(_pairs(sentence) & w) for w in words]
        best = max(range(len(shared)), key=lambda i: shared[i], default=None)
        if best is None or shared[best] < ATTACH_FROM:
            rest.append(sentence)
        else:
            joined[best].append(sentence)
    return ["".join(parts) for parts in joined], rest


def enumerate_items(items: Sequence[str], *, short: bool = False) -> str:
    """``一是……。二是……。``; ``short`` items (single clauses) run ``一是……；二是……。``.

    >>> enumerate_items(["加强水资源管理。", "做好水库安全运行。"])
    '一是加强水资源管理。二是做好水库安全运行。'
    >>> enumerate_items(["资金到位率78.77%。", "8个水库未完成冬春蓄水任务。"], short=True)
    '一是资金到位率78.77%；二是8个水库未完成冬春蓄水任务。'
    """
    if short:
        body = "；".join(
            f"{chinese_numeral(i)}是{t.rstrip('。；')}" for i, t in enumerate(items, 1)
        )
        return body + "。"
    return "".join(
        f"{chinese_numeral(i)}是{t if t.endswith('。') else t + '。'}"
        for i, t in enumerate(items, 1)
    )


def without_missing(paragraphs: Sequence[str]) -> tuple[list[str], list[str]]:
    """The analyst's ``paragraphs`` without the sentences citing a figure that has no value
    (:data:`wbanalysis.io.citations.MISSING_MARK`), and those sentences, for the page only.

    >>> without_missing(["争取资金—（注：「争取项目资金」本期无数据）。项目有序推进。", "  "])
    (['项目有序推进。'], ['争取资金—（注：「争取项目资金」本期无数据）。'])
    """
    kept, left_out = [], []
    for paragraph in paragraphs:
        if not paragraph or not paragraph.strip():
            continue
        if MISSING_MARK not in paragraph:
            kept.append(paragraph.strip())
            continue
        sentences = _SENTENCE.findall(paragraph.strip())
        left_out += [s.strip() for s in sentences if MISSING_MARK in s]
        rest = "".join(s for s in sentences if MISSING_MARK not in s).strip()
        if rest:
            kept.append(rest)
    return kept, left_out


def compose(notes: Sequence[str], computed: Sequence[str]) -> Composed:
    """One part of the 上报稿 from the analyst's paragraphs ``notes`` and the computed
    paragraphs ``computed`` (see the module's rules).

    >>> c = compose(["项目分两个水厂建设和沿边村供水3个子项目，实施方案已批复。"],
    ...     ["农村供水专项行动项目分3个子项目，总投资12046万元；供水管道已安装14km。",
    ...      "农村自来水普及率无数据（相关台账未提供）。"])
    >>> c.text
    '项目分两个水厂建设和沿边村供水3个子项目，实施方案已批复。总投资12046万元；供水管道已安装14km。'
    >>> c.left_out
    ('农村自来水普及率无数据（相关台账未提供）。',)
    """
    notes, left_out = without_missing(notes)
    known = "".join(notes)
    kept = []
    for sentence in _sentences(computed):
        if any(word in sentence for word in ANALYSIS_WORDS):
            left_out.append(sentence)
            continue
        new = _without_restated(sentence, known)
        if new:
            kept.append(new)
    if len(notes) >= ENUMERATE_FROM and not any("一是" in n for n in notes):
        items, rest = attach(notes, kept)
        text = enumerate_items(items) + "".join(rest)
    else:
        text = "".join(n if n.endswith("。") else n + "。" for n in notes) + "".join(kept)
    return Composed(text, tuple(left_out))


def shortfalls_text(difficulties: Sequence[str], shortfalls: str) -> tuple[list[str], str]:
    """The analyst's ``difficulties`` with the computed ``shortfalls`` (sentences of
    :func:`wbanalysis.narrative.problems_paragraph`) merged in: each joins the difficulty it
    speaks of, without the words the analyst wrote already; the others are returned as one
    text ``一是……；二是……。`` for a part of their own (:data:`SHORTFALL_HEADING`).

    >>> shortfalls_text(["已落实的项目资金也未能全部到位，很多项目推进缓慢。"],
    ...     "已落实的项目资金未能全部到位，资金到位率79.49%。3个项目节点逾期未完成。")
    (['已落实的项目资金也未能全部到位，很多项目推进缓慢。资金到位率79.49%。'], '3个项目节点逾期未完成。')
    """
    sentences = [s for s in _sentences([shortfalls]) if s]
    items, rest = attach(list(difficulties), sentences)
    merged = []
    for original, item in zip(difficulties, items, strict=True):
        added = _sentences([item[len(original) :]])
        merged.append(
            original + "".join(filter(None, (_without_restated(s, original) for s in added)))
        )
    if len(rest) > 1:
        return merged, enumerate_items(rest, short=True)
    return merged, "".join(rest)
