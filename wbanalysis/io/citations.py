"""引用指标 (citations): an indicator cited in the 文字材料 text, ``{funding.total}``.

The analyst's prose may cite any indicator — built-in or the bureau's own (its 指标定义) —
by its key in braces: ``全年争取项目资金{funding.total}`` is written ``全年争取项目资金3209万元``
in the report of the year and place the report is about. A brace meant as text is doubled:
``{{`` and ``}}``. This module is the syntax alone — which keys a text cites and how it is
split — so that validation (here, the keys known: the built-in catalogue's and the 指标定义's)
and the report (:func:`wbanalysis.indicators.cite`, the values known) read it the same way.

>>> cited_keys("全年争取项目资金{funding.total}，新建堤防{ local.新建堤防 }。")
['funding.total', 'local.新建堤防']
>>> pieces("花括号写作{{}}：{funding.total}")
['花括号写作{}：', ('funding.total',)]
>>> brace_error("少了右括号{funding.total")
'“{”没有对应的“}”'
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection

import pandas as pd

from ..errors import Problem

__all__ = [
    "CITATION_HELP",
    "MISSING_MARK",
    "brace_error",
    "check_citations",
    "cited_keys",
    "missing_text",
    "pieces",
    "substitute",
]

#: How the 填表说明 and the data dictionary state the syntax.
CITATION_HELP = (
    "「内容」可引用指标：用花括号括起指标键，如 {funding.total}、{local.新建堤防}，"
    "报告中替换为该报告年度、县区和截止月份的指标值（如 3209万元）；指标键见 "
    "wbanalysis indicators 的结果和「指标定义」表；花括号本身写作 {{ 和 }}。"
    "所引指标本期无数据时，该句只在网页中显示并加注，不写入上报稿。"
)

#: The words a cited figure without a value is written with (``—（注：「…」本期无数据）``):
#: a sentence holding them stays out of the Word body (:func:`wbanalysis.voice.compose`,
#: :func:`wbanalysis.reporting.say`) and is shown on the page as it is.
MISSING_MARK = "本期无数据）"

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def missing_text(name: str) -> str:
    """How a cited figure without a value is written (on the page only).

    >>> missing_text("争取项目资金")
    '—（注：「争取项目资金」本期无数据）'
    """
    return f"—（注：「{name}」{MISSING_MARK}"


def pieces(text: str) -> list[str | tuple[str]]:
    """``text`` as literal strings and cited keys (a 1-tuple each), the doubled braces undone.

    Raises
    ------
    ValueError
        A brace without its pair, or empty braces (:func:`brace_error` says which).
    """
    out: list[str | tuple[str]] = []
    literal: list[str] = []
    at = 0
    for m in _TOKEN.finditer(text):
        literal.append(text[at : m.start()])
        at = m.end()
        token = m.group(0)
        if token in ("{{", "}}"):
            literal.append(token[0])
        elif m.group(1) is not None and m.group(1).strip():
            out.append("".join(literal))
            literal = []
            out.append((m.group(1).strip(),))
        elif token == "}":
            raise ValueError("“}”没有对应的“{”（花括号本身写作 }}）")
        elif token == "{":
            raise ValueError("“{”没有对应的“}”")
        else:
            raise ValueError("花括号中没有指标键（花括号本身写作 {{ 和 }}）")
    literal.append(text[at:])
    out.append("".join(literal))
    return [p for p in out if p != ""]


def brace_error(text: str) -> str | None:
    """What is wrong with the braces of ``text``, or ``None``."""
    try:
        pieces(text)
    except ValueError as exc:
        return str(exc)
    return None


def cited_keys(text: str) -> list[str]:
    """The keys ``text`` cites, in order (none when its braces are wrong)."""
    try:
        return [p[0] for p in pieces(text) if isinstance(p, tuple)]
    except ValueError:
        return []


def substitute(text: str, figure: Callable[[str], str]) -> str:
    """``text`` with each citation replaced by ``figure(key)`` and ``{{``/``}}`` undone.

    >>> substitute("争取资金{funding.total}（{{注}}）", lambda key: "3209万元")
    '争取资金3209万元（{注}）'
    """
    return "".join(p if isinstance(p, str) else figure(p[0]) for p in pieces(text))


def _nearest(key: str, known: Collection[str]) -> str:
    close = difflib.get_close_matches(key, sorted(known), n=3, cutoff=0.5)
    if close:
        return "相近的指标键：" + "、".join(close)
    return "内置指标键（wbanalysis indicators --format json）或「指标定义」表中的指标键"


def check_citations(
    frame: pd.DataFrame,
    locate: Callable[[int, str], dict],
    known: Collection[str] | None,
) -> list[Problem]:
    """Every citation of the 文字材料 rows (``text`` and ``title``) that cannot be replaced: a
    brace without its pair and, when the ``known`` keys are given, a key no indicator has —
    located at its row, with the nearest keys."""
    problems = []
    for column in ("text", "title"):
        if column not in frame.columns:
            continue
        for position, cell in enumerate(frame[column]):
            if not isinstance(cell, str) or ("{" not in cell and "}" not in cell):
                continue
            wrong = brace_error(cell)
            if wrong is not None:
                problems.append(
                    Problem(
                        message=f"引用指标的花括号有误：{wrong}",
                        value=cell,
                        allowed="{指标键}，如 {funding.total}；花括号本身写作 {{ 和 }}",
                        **locate(position, column),
                    )
                )
                continue
            if known is None:
                continue
            for key in cited_keys(cell):
                if key not in known:
                    problems.append(
                        Problem(
                            message=f"引用了不存在的指标「{key}」",
                            value=cell,
                            allowed=_nearest(key, known),
                            **locate(position, column),
                        )
                    )
    return problems
