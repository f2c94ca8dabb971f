"""核对总结 (checking a written summary): its figures, its arithmetic, and the ledgers.

- :mod:`.document`: reading .txt/.md/.docx/.html into paragraphs and sentences;
- :mod:`.figures`: finding the figures, with their units, words, periods and years (units
  and numerals are read through :mod:`wbanalysis.units`, as the loader reads them);
- :mod:`.relations`: the relations the text states (totals, parts, differences,
  percentages, list counts, units), each with its verdict;
- :mod:`.categories`: which categories nest (滞后 ⊇ 逾期未完成), which split their whole, and
  which words pair two figures (plan and completion…) — the one table of them;
- :mod:`.reconcile`: matching figures to catalogue indicators and comparing with the ledgers;
- :mod:`.result`: :func:`check_text`, :func:`check_file` and :class:`CheckResult`;
- :mod:`.report`: the result as a table, JSON or an offline HTML page.

>>> from wbanalysis.check import check_text
>>> r = check_text("审批水土保持方案13个，其中方案报告书7个，方案报告表5个。")
>>> r.ok, r.failures[0].computed
(False, '7个＋5个＝12个')
"""

from __future__ import annotations

from .document import TextError, read_summary
from .figures import Figure, find_figures
from .reconcile import Match, Unmatched
from .relations import RELATION_KINDS, Relation, find_relations
from .result import CheckResult, check_file, check_text

__all__ = [
    "CheckResult",
    "Figure",
    "Match",
    "RELATION_KINDS",
    "Relation",
    "TextError",
    "Unmatched",
    "check_file",
    "check_text",
    "find_figures",
    "find_relations",
    "read_summary",
]
