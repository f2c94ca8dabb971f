"""Hostile workbooks (issue #24, item 2): none aborts or exhausts the process.

A 36 KB .xlsx with one stray cell at XFD1048576 made python-calamine ask for 512 GiB and the
process died with a Rust backtrace. Each workbook here is built as an attacker (or an unlucky
office) would, and read by ``python -m wbanalysis validate`` in a child process under a
memory limit (POSIX; on Windows only the time is bounded) and a timeout: each run ends with
exit 2 and a Chinese message naming the sheet and the cell, or — a far cell holding nothing —
exit 0 with a notice and the ledger's own figures.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLE
from formats import demo_subset

from wbanalysis.io.limits import WorkbookLimits
from wbanalysis.io.xlsxguard import (
    Refused,
    blank_strings,
    check_package,
    far_blank_notice,
    needs_copy,
    scan_worksheet,
    without_far_blanks,
)

try:  # POSIX only: the library never imports it, the test limits its children with it
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

SHEET = "xl/worksheets/sheet1.xml"
MEMORY = 2 << 30  # address space of each child: a 17-billion-cell grid cannot fit
TIMEOUT = 120


# ---- building the workbooks --------------------------------------------------------------


def _funding_xlsx() -> bytes:
    """The demo 资金台账 as an .xlsx (one sheet named 资金台账), as openpyxl writes it."""
    import openpyxl

    with open(SAMPLE / "funding.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "资金台账"
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _patched(base: bytes, sheet=None, extra: dict[str, bytes] | None = None) -> bytes:
    """``base`` with its worksheet passed through ``sheet`` and parts added or replaced."""
    extra = dict(extra or {})
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for name in zin.namelist():
            data = extra.pop(name, None) or zin.read(name)
            if name == SHEET and sheet is not None:
                data = sheet(data)
            zout.writestr(name, data)
        for name, data in extra.items():
            zout.writestr(name, data)
    return out.getvalue()


def _far(cell: str) -> object:
    """A worksheet with one more row at the very bottom holding ``cell``."""

    def add(xml: bytes) -> bytes:
        return xml.replace(
            b"</sheetData>", b'<row r="1048576">' + cell.encode() + b"</row></sheetData>"
        )

    return add


_FAR_VALUE = '<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'
_FAR_FORMULA = '<c r="XFD1048576"><f>1+1</f></c>'
#: Far cells holding nothing real; all but the styled one made calamine abort.
_FAR_BLANK = {
    "empty inline text": '<c r="XFD1048576" t="inlineStr"><is><t></t></is></c>',
    "spaces": '<c r="XFD1048576" t="inlineStr"><is><t xml:space="preserve">   </t></is></c>',
    "empty value": '<c r="XFD1048576" t="str"><v></v></c>',
    "format only": '<c r="XFD1048576" s="0"/>',
    "blank shared string": '<c r="XFD1048576" t="s"><v>{blank}</v></c>',
}


def _with_blank_shared_string(base: bytes, cell: str) -> bytes:
    """``cell`` pointing at an empty shared string appended to the package's strings."""
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        names = z.namelist()
        sst = z.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in names else None
    if sst is None:
        return _patched(base, _far(cell.format(blank=0)), {"xl/sharedStrings.xml": _SST_EMPTY})
    count = len(re.findall(rb"<si>", sst))
    sst = sst.replace(b"</sst>", b"<si><t></t></si></sst>")
    return _patched(base, _far(cell.format(blank=count)), {"xl/sharedStrings.xml": sst})


_SST_EMPTY = (
    b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t></t></si></sst>'
)


def _bomb(part: str, size: int, head: bytes, filler: bytes, foot: bytes) -> object:
    """A part of ``size`` bytes of ``filler`` (compressing about a thousand times)."""

    def write(base: bytes) -> bytes:
        out = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(base)) as zin,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
        ):
            for name in zin.namelist():
                if name != part:
                    zout.writestr(name, zin.read(name))
            with zout.open(part, "w", force_zip64=True) as fh:
                fh.write(head)
                block = filler * (1 << 20 // len(filler) + 1)
                for _ in range(size // len(block)):
                    fh.write(block)
                fh.write(foot)
        return out.getvalue()

    return write


_SHEET_HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
_SST_HEAD = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
_LAUGHS = (
    b'<?xml version="1.0"?><!-- '
    + b"x" * 8192
    + b' --><!DOCTYPE worksheet [<!ENTITY l0 "ha">'
    + b"".join(
        b'<!ENTITY l%d "%s">' % (i, b"".join(b"&l%d;" % (i - 1) for _ in range(10)))
        for i in range(1, 10)
    )
    + b"]>"
)


def _laughs(xml: bytes) -> bytes:
    """A billion laughs declared after a long comment (past any look at the head only)."""
    body = xml.split(b"?>", 1)[-1] if xml.startswith(b"<?xml") else xml
    return _LAUGHS + body.replace(b"<t>", b"<t>&l9;", 1)


def _formula(xml: bytes) -> bytes:
    """A formula without a stored result in the first row, right of the header."""
    return xml.replace(b"</row>", b'<c r="Z1"><f>1+1</f></c></row>', 1)


def _deep(xml: bytes) -> bytes:
    """Two million nested unknown elements before the sheet's data."""
    depth = 2_000_000
    return xml.replace(b"<sheetData>", b"<x>" * depth + b"</x>" * depth + b"<sheetData>", 1)


# ---- running them ------------------------------------------------------------------------


def _limit() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def validate_child(folder: Path) -> tuple[int, str, float]:
    """``python -m wbanalysis validate --data folder`` in a child process under a memory
    limit (POSIX) and a timeout: exit status, output, seconds."""
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "wbanalysis", "validate", "--data", str(folder)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        preexec_fn=_limit if resource is not None else None,  # noqa: PLW1509
    )
    return proc.returncode, proc.stdout + proc.stderr, time.monotonic() - start


@pytest.fixture(scope="module")
def funding_xlsx() -> bytes:
    return _funding_xlsx()


def _folder(tmp_path: Path, data: bytes) -> Path:
    folder = demo_subset(
        SAMPLE,
        tmp_path / "data",
        ["funding", "fixed_asset_investment", "fees"],
        without=("funding",),
    )
    (folder / "funding.xlsx").write_bytes(data)
    return folder


def _assert_chinese_refusal(code: int, out: str, *wanted: str) -> None:
    assert code == 2, out
    assert "Traceback" not in out and "panicked" not in out and "RUST_BACKTRACE" not in out, out
    line = next((ln for ln in out.splitlines() if "funding.xlsx" in ln), "")
    for word in wanted:
        assert word in line, out
    assert not re.search(r"[A-Za-z]{4,}(?:Error|Exception)", out), out


# ---- the attacks as found: far cells ------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("cell", [_FAR_VALUE, _FAR_FORMULA], ids=["value", "formula"])
def test_a_far_cell_with_content_is_refused_naming_sheet_and_cell(tmp_path, funding_xlsx, cell):
    folder = _folder(tmp_path, _patched(funding_xlsx, _far(cell)))
    code, out, seconds = validate_child(folder)
    _assert_chinese_refusal(code, out, "工作表「资金台账」", "XFD1048576", "超过", "上限")
    assert seconds < 60


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(_FAR_BLANK))
def test_a_far_cell_holding_nothing_is_ignored_with_a_notice(tmp_path, funding_xlsx, kind):
    cell = _FAR_BLANK[kind]
    data = (
        _with_blank_shared_string(funding_xlsx, cell)
        if "{blank}" in cell
        else _patched(funding_xlsx, _far(cell))
    )
    folder = _folder(tmp_path, data)
    code, out, _ = validate_child(folder)
    assert code == 0, out
    assert "XFD1048576" in out and "已忽略" in out and "A1:J687" in out, out
    # safe now in this process: the same typed ledger as without the far cell
    from wbanalysis.io import load

    plain = _folder(tmp_path / "plain", funding_xlsx)
    assert load(folder).funding.equals(load(plain).funding)


# ---- zip bombs, huge shared strings, deep XML, entities -----------------------------------


_ATTACKS = {
    # 300 MB of empty rows in a 0.3 MB part: refused by its ratio before it is inflated
    "zip bomb (worksheet)": (
        _bomb(
            SHEET, 300 << 20, _SHEET_HEAD + b"<sheetData>", b"<row/>", b"</sheetData></worksheet>"
        ),
        ("压缩比", "压缩炸弹"),
    ),
    # one shared string of 300 MB
    "huge shared strings": (
        _bomb("xl/sharedStrings.xml", 300 << 20, _SST_HEAD, b"a", b"</t></si></sst>"),
        ("sharedStrings.xml",),
    ),
    # nesting that only a tree would pay for: refused where a tree is built (a sheet with a
    # formula is parsed for its results); calamine, which streams, reads past it
    "deep XML (parsed)": (lambda base: _patched(base, lambda x: _deep(_formula(x))), ("嵌套",)),
    "deep XML (streamed)": (lambda base: _patched(base, _deep), ()),
    "billion laughs (worksheet)": (
        lambda base: _patched(base, _laughs),
        ("资金台账", "文档类型声明"),
    ),
    "billion laughs (workbook)": (
        lambda base: _patched(
            base,
            extra={
                "xl/workbook.xml": _laughs(
                    zipfile.ZipFile(io.BytesIO(base)).read("xl/workbook.xml")
                )
            },
        ),
        ("文档类型声明",),
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("attack", sorted(_ATTACKS))
def test_a_hostile_package_ends_with_a_chinese_message(tmp_path, funding_xlsx, attack):
    build, wanted = _ATTACKS[attack]
    folder = _folder(tmp_path, build(funding_xlsx))
    code, out, seconds = validate_child(folder)
    if wanted:
        _assert_chinese_refusal(code, out, *wanted)
    else:
        assert code == 0 and "《资金台账》" not in out, out
    assert seconds < 60, (attack, seconds)


# ---- the guard itself, with small limits (fast) -------------------------------------------


def _package(parts: dict[str, bytes]) -> zipfile.ZipFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return zipfile.ZipFile(out)


def _sheet(rows: str) -> bytes:
    return _SHEET_HEAD + b"<sheetData>" + rows.encode() + b"</sheetData></worksheet>"


def test_the_real_range_ignores_blank_cells_and_finds_the_far_value():
    z = _package(
        {
            SHEET: _sheet(
                '<row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c><c r="B1" s="1"/></row>'
                '<row r="2"><c r="A2"><v>1</v></c><c r="C2" t="s"><v>0</v></c></row>'
                '<row r="9"><c r="Z9" t="inlineStr"><is><t> </t></is></c></row>'
            ),
            "xl/sharedStrings.xml": _SST_EMPTY,
        }
    )
    blanks = blank_strings(z)
    assert list(blanks) == [1]
    ext = scan_worksheet(z, SHEET, blanks)
    assert (ext.rows, ext.columns, ext.area) == (2, 1, "A1:A2")
    assert ext.reach == (9, 26) and ext.farthest_blank == (9, 26)
    small = WorkbookLimits(rows=5, columns=5, cells=25)
    assert needs_copy(ext, small) and "Z9" in (far_blank_notice(ext, small) or "")
    assert far_blank_notice(ext) is None and not needs_copy(ext)
    copy = zipfile.ZipFile(without_far_blanks(z, SHEET, ext, blanks, small))
    xml = copy.read(SHEET)
    assert b'r="Z9"' not in xml and b'r="C2"' not in xml and b'r="A2"' in xml
    assert b'<row r="9"></row>' in xml


def test_cells_without_their_place_are_counted():
    z = _package(
        {SHEET: _sheet("<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>")}
    )
    ext = scan_worksheet(z, SHEET, bytearray())
    assert (ext.rows, ext.columns) == (2, 2)


@pytest.mark.parametrize(
    ("limits", "word"),
    [
        (WorkbookLimits(rows=3), "行数上限 3"),
        (WorkbookLimits(columns=3), "列数上限 3（C 列）"),
        (WorkbookLimits(cells=11), "单元格上限 11 个"),
    ],
)
def test_each_limit_is_named_with_the_cell_over_it(limits, word):
    z = _package(
        {
            SHEET: _sheet(
                '<row r="1"><c r="A1"><v>1</v></c></row><row r="4"><c r="D4"><v>7</v></c></row>'
            )
        }
    )
    with pytest.raises(Refused) as err:
        scan_worksheet(z, SHEET, bytearray(), limits)
    assert word in err.value.message and "D4" in err.value.message


def test_shared_strings_over_their_limits_are_refused():
    sst = _SST_HEAD.replace(b"<si><t>", b"") + b"<si><t>a</t></si>" * 10 + b"</sst>"
    z = _package({"xl/sharedStrings.xml": sst})
    with pytest.raises(Refused, match="超过 5 条"):
        blank_strings(z, WorkbookLimits(shared_strings=5))
    with pytest.raises(Refused, match="共享字符串.*解压后超过上限"):
        blank_strings(z, WorkbookLimits(shared_strings_bytes=100))


def test_a_part_too_large_or_too_compressed_is_refused_before_inflating():
    z = _package({SHEET: b" " * 200_000})
    with pytest.raises(Refused, match="超过上限"):
        check_package(z, WorkbookLimits(part_bytes=100_000))
    with pytest.raises(Refused, match="压缩炸弹"):
        check_package(z, WorkbookLimits(ratio=10, ratio_floor=1000))
    with pytest.raises(Refused, match="共有"):
        check_package(z, WorkbookLimits(package_bytes=100_000))
    check_package(z)


def test_a_cell_hidden_inside_an_unclosed_cell_is_refused():
    z = _package({SHEET: _sheet('<row r="1"><c r="A1"><v>1</v><c r="XFD1"><v>2</v></c></row>')})
    with pytest.raises(Refused, match="结构异常"):
        scan_worksheet(z, SHEET, bytearray())


def test_a_row_split_across_chunks_is_read_whole(monkeypatch):
    import wbanalysis.io.xlsxguard as guard

    monkeypatch.setattr(guard, "_CHUNK", 7)
    rows = "".join(
        f'<row r="{i}"><c r="A{i}"><v>{i}</v></c><c r="B{i}" s="1"/></row>' for i in range(1, 30)
    )
    z = _package({SHEET: _sheet(rows)})
    ext = scan_worksheet(z, SHEET, bytearray())
    assert (ext.rows, ext.columns) == (29, 1)
