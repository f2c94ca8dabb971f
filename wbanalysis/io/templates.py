"""Blank Excel ledgers and the data dictionary, generated from :mod:`wbanalysis.schema`.

Both describe the 指标定义 sheet too (the bureau's own indicators), with worked examples. The
data dictionary ends with the 口径 of the indicators; they live with the indicators (above this
package), so the caller passes them in (:func:`wbanalysis.indicators.explanations`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..schema import DEFINITIONS, NOTHING_GUIDE, TABLES, Column
from .citations import CITATION_HELP

__all__ = ["write_template", "data_dictionary"]

_NOTE_SHEET = "填表说明"

#: How the 指标定义 sheet is used, and two worked examples (填表说明 and the data dictionary).
DEFINITION_GUIDE = (
    "「指标定义」工作表（或数据文件夹中的 指标定义.csv）用于增加本地指标，无需修改程序：一行一个指标，"
    "写明从哪个台账、按什么条件、如何汇总。本地指标与内置指标一样出现在 wbanalysis indicators 的结果"
    "中，并在年度工作总结末尾的“本地指标”表中列出；填写有误时 wbanalysis validate 指出行和列。",
    "示例一（除险加固项目数）：指标键 local.reinforcement_projects，指标名称 除险加固项目数，"
    "计量单位 个，汇总方式 计数，台账 项目台账，筛选条件 项目类别=除险加固。",
    "示例二（新开工项目投资）：指标键 local.new_start_investment，指标名称 新开工项目投资，"
    "计量单位 万元，汇总方式 求和，台账 项目投资进度，字段 完成投资，筛选条件 项目建设状态=新开工，"
    "期间 期内。",
    "示例三（比率）：指标键 local.new_start_share，指标名称 新开工项目投资占比，计量单位 %，"
    "汇总方式 比率，分子 local.new_start_investment，分母 projects.investment_year（内置指标）。",
)

#: The guides of a ledger beyond its columns (填表说明 and the data dictionary).
_GUIDES: dict[str, tuple[str, ...]] = {
    DEFINITIONS.name: DEFINITION_GUIDE,
    "work_notes": (CITATION_HELP,),
}

#: What holds for every ledger: a sheet left with its header, ``本期无``.
_GENERAL = (NOTHING_GUIDE,)


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
    for text in _GENERAL:
        notes.append(["全部台账", "", "", "", text])
    for ledger in TABLES.values():
        for text in _GUIDES.get(ledger.name, ()):
            notes.append([ledger.zh, "", "", "", text])
        for col in ledger.columns:
            notes.append(
                [ledger.zh, col.header, "是" if col.required else "否", col.unit, _note(col)]
            )
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
                dv = DataValidation(
                    type="list",
                    formula1='"' + ",".join(col.allowed) + '"',
                    allow_blank=not col.required,
                    showErrorMessage=True,
                    error=col.describe_allowed(),
                    errorTitle="取值不允许",
                )
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


def data_dictionary(explained: Iterable[tuple[str, str, str]] = ()) -> str:
    """The data dictionary in Markdown: ledger, column, Chinese header, unit, meaning; then the
    口径 of the indicators the wider ledgers feed: ``explained``, rows of (indicators, keys,
    口径) — :func:`wbanalysis.indicators.explanations` — or no 口径 section without them.

    >>> text = data_dictionary([("年度投资计划完成率", "investment.plan_completion_rate", "…")])
    >>> text.splitlines()[-1]
    '| 年度投资计划完成率 | `investment.plan_completion_rate` | … |'
    """
    lines = ["### 没有数据与确无记录", "", *(f"{text}\n" for text in _GENERAL)]
    for ledger in TABLES.values():
        doc = ledger.doc
        if ledger.name in _GUIDES:
            doc = "\n\n".join((doc, *_GUIDES[ledger.name]))
        lines += [
            f"### {ledger.zh}（`{ledger.name}`）",
            "",
            doc,
            "",
            "| 列（英文） | 表头 | 单位 | 必填 | 含义与允许值 |",
            "|---|---|---|---|---|",
        ]
        for col in ledger.columns:
            lines.append(
                f"| `{col.name}` | {col.header} | {col.unit or '—'} | "
                f"{'是' if col.required else '否'} | {_note(col)} |"
            )
        lines.append("")
    explained = list(explained)
    if explained:
        lines += [
            "## 指标口径（其他地方常报的指标）",
            "",
            "| 指标 | 指标键 | 口径 |",
            "|---|---|---|",
        ]
        lines += [f"| {name} | `{keys}` | {rule} |" for name, keys, rule in explained]
        lines.append("")
    return "\n".join(lines)
