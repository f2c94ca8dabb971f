"""类别 (what the words before a summary's figures name): which categories hold others, which
together split their whole, and the words that pair two figures (a plan and its completion, a
total and its part, this year and last).

This is the one table the checker reads for them (:mod:`.relations` uses it for ``其中``
breakdowns and for unit slips). A generic rule covers most words; the tables hold what the
words alone do not say:

- **nesting** (包含): a category holds another when its words are part of the other's
  (``隐患`` ⊇ ``一般隐患``, ``水库`` ⊇ ``小型水库``, ``完成`` ⊇ ``逾期完成``) — but not when the
  other negates it (``完成`` and ``未完成``) — or when :data:`NESTINGS` says so
  (``滞后`` ⊇ ``逾期未完成``: a milestone still open past its date is late);
- **partition** (分项之和): parts split their whole when their words share a head naming
  kinds of one thing (``中央资金``/``省级资金``, ``一般隐患``/``重大隐患``, ``中型``/``小型``),
  when one is the other's negation (``销号``/``未销号``), or when :data:`PARTITIONS` lists
  them all together (``按期完成``/``滞后``); parts known to nest never do, nor parts named by
  words of two breakdowns (:data:`BREAKDOWNS`: ``中央投资`` is a source, ``本年投资`` a year);
- **pairs** (:data:`PAIR_ROLES`): words that make two neighbouring figures one pair, so that
  their units must agree.

>>> nested_pairs(["滞后", "逾期未完成"])
[(0, 1)]
>>> is_partition(["一般隐患", "重大隐患"]), is_partition(["滞后", "逾期未完成"])
(True, False)
>>> is_partition(["立案", "结案"]), is_partition(["已销号", "未销号"])
(False, True)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "NESTINGS",
    "PARTITIONS",
    "BREAKDOWNS",
    "PAIR_ROLES",
    "category",
    "contains",
    "nested_pairs",
    "is_partition",
    "pair_role",
    "names_only_role",
]

#: Categories that hold others although their words do not say so: a part whose words name
#: the category holds a part whose words name one of these (``其中滞后4个，逾期未完成1个``).
NESTINGS: dict[str, tuple[str, ...]] = {
    # a milestone is late (滞后) when done after its date or still open past it (逾期)
    "滞后": ("逾期未完成", "逾期完成", "逾期"),
    # what was rectified or closed was first found
    "排查": ("整改", "整治", "销号"),
    "发现": ("整改", "整治", "销号", "办结"),
    # money arrived was first secured; investment completed was first planned
    "争取": ("到位",),
}

#: Sets of words that split their whole although they share no head: parts all named by
#: words of one set add up to the whole.
PARTITIONS: tuple[frozenset[str], ...] = (
    # milestones due: done on time, or late
    frozenset({"按期完成", "滞后"}),
    # plan targets: on time, late, not yet due, overdue and open
    frozenset({"按期完成", "逾期完成", "未到期", "逾期未完成"}),
    # projects under construction: started this year, or continued
    frozenset({"新开工", "续建"}),
    frozenset({"城镇", "农村"}),
    frozenset({"集中供水", "分散供水"}),
)

#: The breakdowns a whole is split by, each with the words that name its kinds: parts named
#: by words of two breakdowns (中央投资 and 本年投资: a source and a year) overlap, so their
#: sum is no partition even though their words share a head.
BREAKDOWNS: dict[str, tuple[str, ...]] = {
    "来源": ("中央", "省级", "市级", "市本级", "县级", "地方", "债券", "贷款", "社会资本", "自筹"),
    "年度": ("本年", "今年", "当年", "上年", "去年", "以前年度", "往年", "累计"),
}

#: Parts compared pairwise for nesting at most; a longer list is no known partition (its
#: sum is unsure), so that the check stays linear in its input.
MAX_PARTS = 64

_NEGATIONS = "未不没非无"
_YEAR = re.compile(r"\d{4}\s*年")

# One-character heads that name kinds of one thing (大型/中型, 市级/县级, 男性/女性); other
# single characters (立案/结案: stages, not kinds) are not enough.
_KIND_SUFFIXES = {"型", "类", "级", "性", "种"}

_LEADING = re.compile(r"^(?:其中|包括|含|分别|分别为|[：:\s、，,])+")
#: Words a part's label may end in, longest first; cut from the end one at a time (a regex
#: ``(?:共|计|共计…)+$`` tried every way to split 共计共计…: 2ⁿ steps for a label of n words).
_TRAILING_WORDS = ("达到", "共计", "合计", "超过", "为", "达", "共", "计", "约", "近", "的")


def _without_trailing(label: str) -> str:
    """``label`` without the words of :data:`_TRAILING_WORDS` it ends in (linear)."""
    end = len(label)
    while True:
        word = next((w for w in _TRAILING_WORDS if label.endswith(w, 0, end)), None)
        if word is None:
            return label[:end]
        end -= len(word)


#: Words that make two neighbouring figures a pair whose units must agree, as
#: (name, words of the first, words of the second); either order.
PAIR_ROLES: tuple[tuple[str, str, str], ...] = (
    ("计划与完成", "计划|任务|目标|下达|预算|应收|应缴", "完成|实际|实现|到位|实收|已收"),
    ("总数与分项", "总|共|合计|全部", "其中|包括|含"),
    ("本年与上年", "今年|本年|当年|本期", "上年|去年|上一年|同比|同期|上期"),
)

_COMPARED = re.compile(r"[比较](?:上年|去年|上一年|同期)")
_ROLE_WORDS = re.compile(
    "|".join(sorted({w for _, a, b in PAIR_ROLES for w in f"{a}|{b}".split("|")}, key=len)[::-1])
)
# What may stand beside a role word in a figure's words without naming a thing of its own.
_FILLER = re.compile(r"[\d\s比较与和及、，,：:为达已的了是共计累年月日度份底末－~～至到约近超过\-]")


def category(label: str) -> str:
    """The words of a part that name its category: ``其中：中央资金`` → ``中央资金``.

    >>> category("，其中：滞后"), category("逾期未完成的")
    ('滞后', '逾期未完成')
    """
    return _without_trailing(_LEADING.sub("", label.strip()))


def _negates(whole: str, word: str) -> bool:
    """Whether ``whole`` holds ``word`` only negated (``未完成`` holds ``完成`` so)."""
    found = False
    for m in re.finditer(re.escape(word), whole):
        if m.start() and whole[m.start() - 1] in _NEGATIONS:
            continue
        found = True
    return not found


def contains(outer: str, inner: str) -> bool:
    """Whether the category ``outer`` holds the category ``inner`` (both as :func:`category`
    gives them).

    >>> contains("隐患", "一般隐患"), contains("完成", "逾期完成"), contains("完成", "未完成")
    (True, True, False)
    >>> contains("滞后", "逾期未完成"), contains("逾期未完成", "滞后"), contains("滞后", "滞后")
    (True, False, False)
    """
    if not outer or not inner or outer == inner:
        return False
    if len(outer) >= 2 and outer in inner and not _negates(inner, outer):
        return True
    for word, narrower in NESTINGS.items():
        if word in outer and not _negates(outer, word):
            if any(n in inner and n not in outer and not _negates(inner, n) for n in narrower):
                return True
    return False


def nested_pairs(categories: Sequence[str]) -> list[tuple[int, int]]:
    """``(i, j)`` for each part ``i`` that holds part ``j``.

    >>> nested_pairs(["水库", "小型水库", "中型水库"])
    [(0, 1), (0, 2)]
    """
    if len(categories) > MAX_PARTS:
        return []
    return [
        (i, j)
        for i, a in enumerate(categories)
        for j, b in enumerate(categories)
        if i != j and contains(a, b)
    ]


def _shared_head(categories: Sequence[str]) -> bool:
    """Whether the parts' words share a head (…资金, 报告…): kinds of one thing."""
    suffix = categories[0]
    for c in categories[1:]:
        while suffix and not c.endswith(suffix):
            suffix = suffix[1:]
    prefix = categories[0]
    for c in categories[1:]:
        while prefix and not c.startswith(prefix):
            prefix = prefix[:-1]
    chinese = re.sub(r"[^\u4e00-\u9fff]", "", suffix)
    return len(chinese) >= 2 or chinese in _KIND_SUFFIXES or len(prefix) >= 2


def _complements(categories: Sequence[str]) -> bool:
    """Two parts, one the other's negation: ``销号``/``未销号``, ``已完成``/``未完成``."""
    if len(categories) != 2:
        return False
    a, b = (re.sub(r"^已", "", c) for c in categories)
    return any(y == n + x for x, y in ((a, b), (b, a)) for n in _NEGATIONS) and bool(a and b)


def _mixed_breakdowns(categories: Sequence[str]) -> bool:
    """Whether the parts are named by words of two breakdowns (中央投资, 本年投资).

    >>> _mixed_breakdowns(["中央投资", "本年投资"]), _mixed_breakdowns(["中央资金", "省级资金"])
    (True, False)
    """
    found = {
        name for c in categories for name, words in BREAKDOWNS.items() if any(w in c for w in words)
    }
    if any(_YEAR.search(c) for c in categories):
        found.add("年度")  # 2023年完成投资
    return len(found) > 1


def is_partition(categories: Sequence[str]) -> bool:
    """Whether parts so named split their whole (their sum must be the whole): a shared head,
    a negation, or one set of :data:`PARTITIONS` — and no part holding another.

    >>> is_partition(["中央资金", "省级资金", "XX市本级资金"]), is_partition(["报告书", "报告表"])
    (True, True)
    >>> is_partition(["按期完成", "滞后"]), is_partition(["水库", "小型水库"])
    (True, False)
    """
    if not 2 <= len(categories) <= MAX_PARTS or not all(categories) or nested_pairs(categories):
        return False
    if _mixed_breakdowns(categories):
        return False
    if _shared_head(categories) or _complements(categories):
        return True
    return any(all(c in words for c in categories) for words in PARTITIONS)


def pair_role(first: str, second: str) -> str | None:
    """The name of the pair two figures' words make (``计划与完成``…), or ``None``.

    >>> pair_role("计划", "与完成投资"), pair_role("总投资", "其中本年完成"), pair_role("甲", "乙")
    ('计划与完成', '总数与分项', None)
    >>> pair_role("冬春蓄水", "比上年"), pair_role("受益人口", "上年")
    ('本年与上年', '本年与上年')
    """
    if _COMPARED.search(second):
        return "本年与上年"  # 比上年…, 较去年同期…: the figure before is this year's
    for name, a, b in PAIR_ROLES:
        if re.search(a, first) and re.search(b, second):
            return name
        if name != "总数与分项" and re.search(b, first) and re.search(a, second):
            return name
    last = PAIR_ROLES[-1][2]
    if re.search(last, second) and not re.search(last, first):
        return "本年与上年"  # a figure of no year, then last year's: the first is this year's
    return None


def names_only_role(label: str) -> bool:
    """Whether a figure's words name nothing but its role (``计划``, ``1－10月已完成``,
    ``上年同期为``): it then stands for the thing its neighbour names.

    >>> names_only_role("年度计划"), names_only_role("上年同期为"), names_only_role("征收水资源费")
    (True, True, False)
    """
    rest = _FILLER.sub("", _ROLE_WORDS.sub("", label))
    return not re.search(r"[\u4e00-\u9fffA-Za-z]", rest)
