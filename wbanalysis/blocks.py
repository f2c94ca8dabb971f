"""报告内容块 (report blocks): what a report shows, independent of the output format.

The notebook helpers (:mod:`wbanalysis.reporting`) record everything they show as a block —
a heading, a paragraph, a table, a figure or a note — in an output of type :data:`BLOCK_MIME`
of the executed notebook. Every renderer (:mod:`wbanalysis.render.html`,
:mod:`wbanalysis.render.docx`) reads those blocks, so the web page and the Word draft say the
same things in the same order. A block is plain JSON:

- ``{"kind": "heading", "level": 1|2|3|4, "text": …}``: 1 the title, 2 一、, 3 （一）, 4 1.
- ``{"kind": "paragraph", "text": …}``
- ``{"kind": "note", "text": …}``: a smaller remark (data basis, a statistical footnote)
- ``{"kind": "table", "caption": …|None, "columns": [...], "rows": [[...], ...],
  "numeric": [bool per column]}``: cells already written as the report shows them;
  optionally ``"values"``: the same rows with each number unrounded (``null`` for a cell that
  is not a number), read by the page's Excel download only, and ``"export": false`` for a
  table the page offers no download of
- ``{"kind": "figure", "caption": …, "empty": …}``: the picture is the output's
  ``image/png``; ``empty`` (optional) says why a chart was not drawn

A block whose text (or caption, or cells) states an indicator's value says where:
``"figures"``, a list of ``[start, end, key]`` (character offsets in the text or caption),
and for a table ``[row, column, start, end, key]`` (row ``-1`` is its caption). The page makes
each such figure a link to its 出处 (:mod:`wbanalysis.indicators.explain`); the Word draft
ignores them. They are found from the marks of :mod:`wbanalysis.units.traced`
(:func:`untangle`), never by reading numbers back.

Every block says once where it belongs (``"where"``, :data:`WHERE`; ``"body"`` when absent):

- ``"body"``: the text of the report — the body of the Word 上报稿 and the page;
- ``"annex"``: an attachment (附件) of the 上报稿, named by ``"annex"`` (``"主要指标表"``):
  blocks of one name form one 附件, numbered in the order they first appear; the page shows
  them where they stand;
- ``"analysis"``: the analyst's view only (statistical remarks, notes on the ledgers,
  sentences the 上报稿 leaves out): the page shows them, the 上报稿 does not.

A heading may be ``"run_in"``: the Word draft runs it into the paragraph that follows it, as
the bureau writes ``（一）重点项目推进有序。一是……`` in one paragraph.

>>> validate({"kind": "heading", "level": 2, "text": "一、重点项目推进情况"})["level"]
2
>>> validate({"kind": "table", "columns": ["指标"], "rows": [["争取资金", "3209万元"]]})
Traceback (most recent call last):
...
ValueError: table row 1 has 2 cells for 1 columns
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

__all__ = [
    "BLOCK_MIME",
    "SOURCES_MIME",
    "SOURCES_CSV_MIME",
    "KINDS",
    "WHERE",
    "place",
    "where",
    "heading",
    "paragraph",
    "note",
    "table",
    "figure",
    "validate",
    "untangle",
    "iter_outputs",
    "cell_outputs",
]

#: Mimetype of the output that carries a block.
BLOCK_MIME = "application/vnd.wbanalysis.block+json"
#: Mimetype of the output that carries the 出处 of the report's figures (``{key: {name,
#: display, scope, formula, explanation, complete, columns, rows}}``): the page makes its
#: panels of them; the Word draft has none.
SOURCES_MIME = "application/vnd.wbanalysis.sources+json"
#: Mimetype of the text, beside :data:`SOURCES_MIME`, of the page's ``_出处.csv``: every row of
#: every figure, written by the report (one string, not a list per row, on its way to the page).
SOURCES_CSV_MIME = "application/vnd.wbanalysis.sources+csv"
KINDS = ("heading", "paragraph", "note", "table", "figure")
#: Where a block belongs: the body of the 上报稿, one of its 附件, or the page's analysis only.
WHERE = ("body", "annex", "analysis")


def place(block: dict, where: str = "body", annex: str | None = None) -> dict:
    """``block`` placed ``where`` (:data:`WHERE`); an ``"annex"`` block names its 附件.

    >>> place(paragraph("注：趋势检验 p = 0.017"), "analysis")["where"]
    'analysis'
    >>> place(note("x"), "annex")
    Traceback (most recent call last):
    ...
    ValueError: an annex block names its 附件
    """
    block = dict(block)
    block.pop("annex", None)
    block["where"] = where
    if annex is not None:
        block["annex"] = str(annex)
    return validate(block)


def where(block: dict) -> str:
    """Where ``block`` belongs: ``"body"`` unless it says otherwise."""
    return str(block.get("where", "body"))


def heading(text: str, level: int = 2, *, run_in: bool = False) -> dict:
    """A heading: level 1 is the report's title, 2 一、…, 3 （一）…, 4 1. …; ``run_in``: the
    Word draft runs it into the paragraph after it."""
    block = {"kind": "heading", "level": int(level), "text": str(text)}
    if run_in:
        block["run_in"] = True
    return validate(block)


def paragraph(text: str) -> dict:
    """A paragraph of body text."""
    return validate({"kind": "paragraph", "text": str(text)})


def note(text: str) -> dict:
    """A remark in smaller type."""
    return validate({"kind": "note", "text": str(text)})


def table(
    columns: list,
    rows: list[list],
    *,
    caption: str | None = None,
    numeric: list[bool] | None = None,
    values: list[list] | None = None,
    export: bool = True,
) -> dict:
    """A table of cells already written as shown (strings); ``values``: the same rows with
    their numbers unrounded (anything else ``None``), for the Excel download; ``export``:
    whether the page offers one."""
    columns = [str(c) for c in columns]
    rows = [["" if c is None else str(c) for c in row] for row in rows]
    if numeric is None:
        numeric = [False] * len(columns)
    block: dict = {
        "kind": "table",
        "caption": caption,
        "columns": columns,
        "rows": rows,
        "numeric": [bool(n) for n in numeric],
    }
    if values is not None:
        block["values"] = [[_number(v) for v in row] for row in values]
    if not export:
        block["export"] = False
    return validate(block)


def _number(value: object) -> float | int | None:
    """A finite real number as itself (JSON can carry it); anything else ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            import numpy as np
        except ImportError:  # pragma: no cover
            return None
        if not isinstance(value, np.integer | np.floating) or isinstance(value, np.bool_):
            return None
        value = value.item()
    assert isinstance(value, int | float)
    return value if math.isfinite(value) else None


def figure(caption: str, *, empty: str | None = None) -> dict:
    """A figure; its picture travels as the output's ``image/png``. ``empty`` says why a
    chart is not drawn (no data): the page says so, the Word draft leaves it out."""
    block = {"kind": "figure", "caption": str(caption)}
    if empty:
        block["empty"] = str(empty)
    return validate(block)


def untangle(block: dict) -> dict:
    """``block`` with the marks of traced figures taken out of its text, caption and cells,
    and their places kept as ``"figures"`` (see the module docstring); a block without
    marks is returned as it is."""
    from .units.traced import untangle as clean

    block = dict(block)
    figures: list[list] = []
    if block["kind"] == "table":
        if isinstance(block.get("caption"), str):
            block["caption"], found = clean(block["caption"])
            figures += [[-1, -1, a, b, key] for a, b, key in found]
        rows = []
        for r, row in enumerate(block["rows"]):
            cells = []
            for c, cell in enumerate(row):
                text, found = clean(cell)
                figures += [[r, c, a, b, key] for a, b, key in found]
                cells.append(text)
            rows.append(cells)
        block["rows"] = rows
        block["columns"] = [clean(c)[0] for c in block["columns"]]
    else:
        field = "caption" if block["kind"] == "figure" else "text"
        block[field], found = clean(block[field])
        figures = [[a, b, key] for a, b, key in found]
        if block.get("empty"):
            block["empty"] = clean(block["empty"])[0]
    if figures:
        block["figures"] = figures
    return block


def _valid_figures(block: dict) -> bool:
    figures = block.get("figures", [])
    if not isinstance(figures, list):
        return False
    if block["kind"] == "table":
        rows, n = block["rows"], len(block["columns"])
        for f in figures:
            if not (isinstance(f, list) and len(f) == 5 and isinstance(f[4], str)):
                return False
            r, c, a, b = f[:4]
            text = (
                (block.get("caption") or "")
                if r == -1
                else (rows[r][c] if 0 <= r < len(rows) and 0 <= c < n else None)
            )
            if text is None or not (0 <= a < b <= len(text)):
                return False
        return True
    text = block.get("caption" if block["kind"] == "figure" else "text") or ""
    return all(
        isinstance(f, list)
        and len(f) == 3
        and isinstance(f[2], str)
        and 0 <= f[0] < f[1] <= len(text)
        for f in figures
    )


def _validate_table(block: dict) -> None:
    columns, rows = block.get("columns"), block.get("rows")
    if not isinstance(columns, list) or not isinstance(rows, list):
        raise ValueError("table without columns or rows")
    for i, row in enumerate(rows, 1):
        if not isinstance(row, list) or len(row) != len(columns):
            raise ValueError(f"table row {i} has {len(row)} cells for {len(columns)} columns")
    numeric = block.get("numeric", [False] * len(columns))
    if not isinstance(numeric, list) or len(numeric) != len(columns):
        raise ValueError("table numeric flags do not match its columns")
    values = block.get("values", rows)
    if not isinstance(values, list) or len(values) != len(rows):
        raise ValueError("table values do not match its rows")
    if any(not isinstance(v, list) or len(v) != len(columns) for v in values):
        raise ValueError("table values do not match its columns")


def validate(block: Any) -> dict:
    """``block`` when it is a well-formed block; :class:`ValueError` otherwise."""
    if not isinstance(block, dict) or block.get("kind") not in KINDS:
        raise ValueError(f"not a report block: {block!r:.80}")
    kind = block["kind"]
    if block.get("where", "body") not in WHERE:
        raise ValueError(f"where {block.get('where')!r}: one of {', '.join(WHERE)}")
    if (block.get("where") == "annex") != isinstance(block.get("annex"), str):
        raise ValueError("an annex block names its 附件")
    if kind in ("heading", "paragraph", "note", "figure"):
        key = "caption" if kind == "figure" else "text"
        if not isinstance(block.get(key), str):
            raise ValueError(f"{kind} without {key}")
    if kind == "figure" and not isinstance(block.get("empty", ""), str):
        raise ValueError("figure with a non-text reason for being empty")
    if kind == "heading" and block.get("level") not in (1, 2, 3, 4):
        raise ValueError(f"heading level {block.get('level')!r}")
    if kind == "table":
        _validate_table(block)
    if "figures" in block and not _valid_figures(block):
        raise ValueError("figures do not match the block's text")
    return block


def iter_outputs(nb) -> Iterator[tuple[dict | None, dict]]:
    """Every output of the notebook's code cells, in order, with its block (or ``None``).

    A malformed block is treated as no block: the renderers then fall back to the output's
    own data, so nothing is silently dropped.
    """
    for cell in nb.cells:
        yield from cell_outputs(cell)


def cell_outputs(cell) -> Iterator[tuple[dict | None, dict]]:
    """The outputs of one cell with their blocks (see :func:`iter_outputs`)."""
    if cell.get("cell_type") != "code":
        return
    for output in cell.get("outputs", []):
        data = output.get("data", {}) if isinstance(output, dict) else {}
        block = None
        if BLOCK_MIME in data:
            try:
                block = validate(data[BLOCK_MIME])
            except ValueError:
                block = None
        yield block, output
