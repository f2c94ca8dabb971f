"""核对一份总结 (checking one summary): text → figures → relations → reconciliation.

:func:`check_text` and :func:`check_file` are the public entry points; they return a
:class:`CheckResult`, which the command line, the report writers and the build read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..dataset import Dataset
from ..errors import ParameterError
from ..indicators import resolve_scope
from ..scope import Scope
from .document import Paragraph, Sentence, read_summary, split_text
from .figures import Figure, find_figures
from .reconcile import Match, Unmatched, reconcile
from .relations import Relation, find_relations

__all__ = ["CheckResult", "check_text", "check_file"]


@dataclass(frozen=True)
class CheckResult:
    """What :func:`check_text` found.

    Attributes
    ----------
    source : the file checked, or ``文本``.
    scope : the scope reconciled against, or ``None`` (relations only).
    sentences, paragraphs : the text as read.
    figures : every figure found.
    relations : every relation the text states, with its verdict.
    reconciled : figures matched to an indicator and compared with the ledgers.
    unmatched : figures not compared with the ledgers, with the reason (empty without
        ledgers).
    """

    source: str
    scope: Scope | None
    sentences: tuple[Sentence, ...]
    paragraphs: tuple[Paragraph, ...]
    figures: tuple[Figure, ...]
    relations: tuple[Relation, ...]
    reconciled: tuple[Match, ...] = field(default=())
    unmatched: tuple[Unmatched, ...] = field(default=())

    @property
    def failures(self) -> list[Relation]:
        """Relations that do not hold."""
        return [r for r in self.relations if r.holds is False]

    @property
    def unsure(self) -> list[Relation]:
        """Relations the text does not say enough to decide."""
        return [r for r in self.relations if r.holds is None]

    @property
    def mismatches(self) -> list[Match]:
        """Figures that differ from what the ledgers give."""
        return [m for m in self.reconciled if m.holds is False]

    @property
    def ok(self) -> bool:
        """True when no relation fails and no figure differs from the ledgers."""
        return not self.failures and not self.mismatches

    @property
    def exit_code(self) -> int:
        """0 when everything holds, 1 otherwise (the command's exit status)."""
        return 0 if self.ok else 1

    @property
    def counts(self) -> dict[str, int]:
        """How many figures, relations, failures, reconciled figures, mismatches…"""
        return {
            "figures": len(self.figures),
            "relations": len(self.relations),
            "relations_failing": len(self.failures),
            "relations_unsure": len(self.unsure),
            "reconciled": sum(m.holds is not None for m in self.reconciled),
            "mismatches": len(self.mismatches),
            "no_ledger_value": sum(m.holds is None for m in self.reconciled),
            "unmatched": len(self.unmatched),
        }

    def sentence_of(self, figure: Figure) -> Sentence:
        """The sentence a figure stands in."""
        return self.sentences[figure.sentence]


def check_text(
    text: str,
    *,
    dataset: Dataset | None = None,
    scope: Scope | None = None,
    year: object = None,
    county: object = None,
    through_month: object = None,
    source: str = "文本",
) -> CheckResult:
    """核对总结文本 (check a summary's text): its figures, the relations it states and, given
    the ledgers, every figure the catalogue covers.

    Parameters
    ----------
    text : the summary as plain text (one paragraph a line).
    dataset : the ledgers; without them only the relations are checked.
    scope : the :class:`~wbanalysis.scope.Scope` to reconcile against; or give ``year``
        (and ``county``, ``through_month``) as for :func:`wbanalysis.compute_indicators`.
    source : a name for the text in reports.

    Returns
    -------
    CheckResult

    Raises
    ------
    ParameterError
        For a scope without ledgers, or ledgers without a scope (in Chinese).

    Examples
    --------
    >>> r = check_text("共争取项目资金3209万元，其中：中央资金1650.2万元，省级资金436万元，"
    ...                "市本级资金1122.8万元。")
    >>> r.ok, r.counts["figures"], [x.computed for x in r.relations]
    (True, 4, ['1650.2万元＋436万元＋1122.8万元＝3209万元'])
    >>> check_text("总投资1850万元，其中本年完成投资18500万元。").ok
    False
    """
    if dataset is None and (scope is not None or year is not None):
        raise ParameterError("与台账核对须同时给出台账（dataset）")
    if dataset is not None:
        scope = resolve_scope(dataset, scope, year=year, county=county, through_month=through_month)
    paragraphs, sentences = split_text(text)
    figures = find_figures(sentences, paragraphs)
    relations = find_relations(sentences, figures)
    matches: list[Match] = []
    unmatched: list[Unmatched] = []
    if dataset is not None and scope is not None:
        matches, unmatched = reconcile(sentences, paragraphs, figures, dataset, scope)
    return CheckResult(
        source,
        scope,
        tuple(sentences),
        tuple(paragraphs),
        tuple(figures),
        tuple(relations),
        tuple(matches),
        tuple(unmatched),
    )


def check_file(
    path: str | Path,
    *,
    dataset: Dataset | None = None,
    scope: Scope | None = None,
    year: object = None,
    county: object = None,
    through_month: object = None,
) -> CheckResult:
    """核对总结文件 (check a summary file: .txt, .md, .docx, .html); see :func:`check_text`.

    The file is only read. Raises :class:`~wbanalysis.check.document.TextError` (in Chinese)
    when it cannot be.
    """
    text = read_summary(path)
    return check_text(
        text,
        dataset=dataset,
        scope=scope,
        year=year,
        county=county,
        through_month=through_month,
        source=Path(path).name,
    )
