"""引用指标 (citations) replaced: a 文字材料 text with each ``{key}`` written as its value.

The syntax is :mod:`wbanalysis.io.citations` (checked there when the ledgers are validated);
here the values of one report (:func:`~wbanalysis.indicators.compute_indicators` for its
year, county and cut-off) are written in as a sentence of the summary writes them
(:meth:`~.record.Indicator.say`: ``3209万元``, ``87.9%``, ``2万余次``). A figure without a
value is written :func:`~wbanalysis.io.citations.missing_text` — its sentence stays on the
page, with the note, and out of the Word 上报稿.

>>> from wbanalysis.indicators import CATALOGUE
>>> cite("全年争取项目资金{funding.total}。", {"funding.total": 3209.0}, CATALOGUE)
'全年争取项目资金3209万元。'
>>> cite("巡查完成率{rivers.patrol_completion}。", {}, CATALOGUE)
'巡查完成率—（注：「巡查完成率」本期无数据）。'
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping

from ..errors import ParameterError
from ..io.citations import missing_text, substitute
from .record import Indicator, Value

__all__ = ["cite"]


def cite(text: str, values: Mapping[str, Value], catalogue: Mapping[str, Indicator]) -> str:
    """``text`` with each cited indicator replaced by its value in ``values``.

    Raises
    ------
    ParameterError
        For a key ``catalogue`` does not hold (with the nearest keys) or a brace without its
        pair — validation reports both at their row before a report is made.
    """

    def figure(key: str) -> str:
        indicator = catalogue.get(key)
        if indicator is None:
            close = difflib.get_close_matches(key, list(catalogue), n=3, cutoff=0.5)
            hint = "；相近的指标键：" + "、".join(close) if close else ""
            raise ParameterError(f"文字材料引用了不存在的指标「{key}」{hint}")
        value = values.get(key)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return missing_text(indicator.name)
        said = indicator.say(value)
        return missing_text(indicator.name) if said in ("", "—") else said

    try:
        return substitute(text, figure)
    except ValueError as exc:
        raise ParameterError(f"文字材料的花括号有误：{exc}（{text}）") from exc
