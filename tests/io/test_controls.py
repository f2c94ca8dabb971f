"""Text Word cannot hold (issue #24, item 4): control characters are handled at loading.

One vertical tab (Word's Shift+Enter, pasted into a CSV) in a 文字材料 cell passed
validation and failed the annual summary's Word draft with ``ValueError: All strings must be
XML compatible``, naming no file, row or column. Now the loader turns U+000B and U+000C into
line breaks, removes the other control characters, and says so once per column with the
rows, the same way for CSV and Excel.
"""

from __future__ import annotations

import csv
import io
import zipfile

import nbformat
import pytest
from conftest import SAMPLE
from formats import demo_subset

from wbanalysis.io import validate
from wbanalysis.io.ledgers import load

#: (row index in the file's data rows, column, text with controls, text loaded)
_DIRTY = [
    (0, "内容", "第一行\x0b第二行", "第一行\n第二行"),
    (1, "内容", "甲\x0c乙", "甲\n乙"),
    (2, "内容", "响铃\x07与\x85下一行", "响铃与下一行"),
    (3, "小标题", "标题\x01", "标题"),
]


def _rows() -> list[list[str]]:
    with open(SAMPLE / "work_notes.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    for i, column, dirty, _ in _DIRTY:
        rows[i + 1][header.index(column)] = dirty
    return rows


def _csv_folder(tmp_path):
    folder = demo_subset(SAMPLE, tmp_path / "csv", ["work_notes"])
    with open(folder / "work_notes.csv", "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(_rows())
    return folder


def _escaped(text: str) -> str:
    """Excel's escape of a control character in a cell: ``_x000B_``."""
    return "".join(f"_x{ord(c):04X}_" if ord(c) < 32 or 0x7F <= ord(c) <= 0x9F else c for c in text)


def _xlsx_folder(tmp_path):
    """The same ledger as Excel saves it: controls written as ``_x000B_`` escapes (openpyxl
    refuses the characters themselves, so the sheet's XML is edited after saving)."""
    import openpyxl

    folder = demo_subset(SAMPLE, tmp_path / "xlsx", ["work_notes"], without=("work_notes",))
    rows = _rows()
    marks = {}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "文字材料"
    for row in rows:
        for c, value in enumerate(row):
            if any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in value):
                mark = f"MARK{len(marks)}X"
                marks[mark] = _escaped(value)
                row[c] = mark
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            for mark, text in marks.items():
                data = data.replace(mark.encode(), text.encode())
            zout.writestr(name, data)
    (folder / "work_notes.xlsx").write_bytes(out.getvalue())
    return folder


def _notices(problems):
    return [p for p in problems if "控制字符" in p.message]


def test_controls_in_csv_and_excel_give_the_same_table_and_notice(tmp_path):
    tables, notices = [], []
    for folder in (_csv_folder(tmp_path), _xlsx_folder(tmp_path)):
        problems = validate(folder)
        assert not [p for p in problems if p.is_error], problems
        found = _notices(problems)
        assert [(p.column, p.rows, p.values) for p in found] == [
            ("小标题", (5,), ("U+0001",)),
            ("内容", (2, 3, 4), ("U+0007", "U+000B", "U+000C", "U+0085")),
        ] or [(p.column, p.rows, p.values) for p in found] == [
            ("内容", (2, 3, 4), ("U+0007", "U+000B", "U+000C", "U+0085")),
            ("小标题", (5,), ("U+0001",)),
        ]
        assert all(not p.is_error for p in found)
        notices.append(sorted((p.message, p.column, p.rows, p.values, p.level) for p in found))
        tables.append(load(folder).work_notes)
    assert notices[0] == notices[1]
    assert tables[0].equals(tables[1])
    notes = tables[0].set_index("note_id")
    for i, column, _, loaded in _DIRTY:
        field = {"内容": "text", "小标题": "title"}[column]
        note_id = _rows()[i + 1][0]
        assert notes.loc[note_id, field] == loaded


def test_the_word_draft_takes_the_loaded_text(tmp_path):
    from wbanalysis.render.docx import docx_bytes

    notes = load(_csv_folder(tmp_path)).work_notes
    text = "\n\n".join(notes["text"].head(4))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])
    assert docx_bytes(nb, title="总结")[:2] == b"PK"
    raw = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(_DIRTY[2][2])])
    with pytest.raises(ValueError, match="XML compatible"):  # as the report failed before
        docx_bytes(raw, title="总结")
