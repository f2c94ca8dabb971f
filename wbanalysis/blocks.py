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
  "numeric": [bool per column]}``: cells already written as the report shows them
- ``{"kind": "figure", "caption": …, "empty": …}``: the picture is the output's
  ``image/png``; ``empty`` (optional) says why a chart was not drawn

>>> validate({"kind": "heading", "level": 2, "text": "一、重点项目推进情况"})["level"]
2
>>> validate({"kind": "table", "columns": ["指标"], "rows": [["争取资金", "3209万元"]]})
Traceback (most recent call last):
...
ValueError: table row 1 has 2 cells for 1 columns
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = [
    "BLOCK_MIME",
    "KINDS",
    "heading",
    "paragraph",
    "note",
    "table",
    "figure",
    "validate",
    "iter_outputs",
    "cell_outputs",
]

#: Mimetype of the output that carries a block.
BLOCK_MIME = "application/vnd.wbanalysis.block+json"
KINDS = ("heading", "paragraph", "note", "table", "figure")


def heading(text: str, level: int = 2) -> dict:
    """A heading: level 1 is the report's title, 2 一、…, 3 （一）…, 4 1. …"""
    return validate({"kind": "heading", "level": int(level), "text": str(text)})


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
) -> dict:
    """A table of cells already written as shown (strings)."""
    columns = [str(c) for c in columns]
    rows = [["" if c is None else str(c) for c in row] for row in rows]
    if numeric is None:
        numeric = [False] * len(columns)
    return validate(
        {
            "kind": "table",
            "caption": caption,
            "columns": columns,
            "rows": rows,
            "numeric": [bool(n) for n in numeric],
        }
    )


def figure(caption: str, *, empty: str | None = None) -> dict:
    """A figure; its picture travels as the output's ``image/png``. ``empty`` says why a
    chart is not drawn (no data): the page says so, the Word draft leaves it out."""
    block = {"kind": "figure", "caption": str(caption)}
    if empty:
        block["empty"] = str(empty)
    return validate(block)


def validate(block: Any) -> dict:
    """``block`` when it is a well-formed block; :class:`ValueError` otherwise."""
    if not isinstance(block, dict) or block.get("kind") not in KINDS:
        raise ValueError(f"not a report block: {block!r:.80}")
    kind = block["kind"]
    if kind in ("heading", "paragraph", "note", "figure"):
        key = "caption" if kind == "figure" else "text"
        if not isinstance(block.get(key), str):
            raise ValueError(f"{kind} without {key}")
    if kind == "figure" and not isinstance(block.get("empty", ""), str):
        raise ValueError("figure with a non-text reason for being empty")
    if kind == "heading" and block.get("level") not in (1, 2, 3, 4):
        raise ValueError(f"heading level {block.get('level')!r}")
    if kind == "table":
        columns, rows = block.get("columns"), block.get("rows")
        if not isinstance(columns, list) or not isinstance(rows, list):
            raise ValueError("table without columns or rows")
        for i, row in enumerate(rows, 1):
            if not isinstance(row, list) or len(row) != len(columns):
                raise ValueError(f"table row {i} has {len(row)} cells for {len(columns)} columns")
        numeric = block.get("numeric", [False] * len(columns))
        if not isinstance(numeric, list) or len(numeric) != len(columns):
            raise ValueError("table numeric flags do not match its columns")
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
