"""Blank Excel ledgers and the data dictionary, generated from :mod:`wbanalysis.schema`."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .schema import LEDGERS, Column

__all__ = ["write_template", "data_dictionary"]

_NOTE_SHEET = "填表说明"


def _note(col: Column) -> str:
    parts = [col.doc or col.zh, "必填" if col.required else "选填", col.describe_allowed()]
    return "；".join(p for p in parts if p)


def write_template(path: str | Path) -> Path:
    """Write a blank workbook: a 填表说明 sheet, then one sheet per ledger.

    Each ledger sheet has the Chinese headers in row 1, a comment on every header giving the
    unit and what is allowed, and drop-down lists for columns with a closed vocabulary. The
    file is written to a temporary name first and moved into place, so an existing file is
    never left half-written.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    wb = Workbook()
    notes = wb.active
    notes.title = _NOTE_SHEET
    notes.append(["台账（工作表）", "列名", "必填", "单位", "说明与允许值"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    for ledger in LEDGERS.values():
        for col in ledger.columns:
            notes.append([ledger.zh, col.header, "是" if col.required else "否", col.unit,
                          _note(col)])
        ws = wb.create_sheet(ledger.zh)
        ws.append([c.header for c in ledger.columns])
        for j, col in enumerate(ledger.columns, start=1):
            cell = ws.cell(row=1, column=j)
            cell.font = Font(bold=True)
            cell.fill = head_fill
            cell.alignment = Alignment(horizontal="center")
            cell.comment = Comment(_note(col), "wbanalysis")
            letter = get_column_letter(j)
            ws.column_dimensions[letter].width = max(12, 2.2 * len(col.header) + 2)
            if col.allowed and len(",".join(col.allowed)) < 250:
                dv = DataValidation(type="list", formula1='"' + ",".join(col.allowed) + '"',
                                    allow_blank=not col.required, showErrorMessage=True,
                                    error=col.describe_allowed(), errorTitle="取值不允许")
                dv.add(f"{letter}2:{letter}5000")
                ws.add_data_validation(dv)
        ws.freeze_panes = "A2"
    for letter, width in zip("ABCDE", (16, 24, 6, 10, 70)):
        notes.column_dimensions[letter].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def data_dictionary() -> str:
    """The data dictionary in Markdown: ledger, column, Chinese header, unit, meaning."""
    lines = []
    for ledger in LEDGERS.values():
        lines += [f"### {ledger.zh}（`{ledger.name}`）", "", ledger.doc, "",
                  "| 列（英文） | 表头 | 单位 | 必填 | 含义与允许值 |",
                  "|---|---|---|---|---|"]
        for col in ledger.columns:
            lines.append(f"| `{col.name}` | {col.header} | {col.unit or '—'} | "
                         f"{'是' if col.required else '否'} | {_note(col)} |")
        lines.append("")
    return "\n".join(lines)
