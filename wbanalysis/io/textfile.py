"""Text ledgers: CSV as Excel on Chinese Windows saves it, and Excel's "Unicode 文本".

Encodings: UTF-8 with or without BOM, GBK/GB18030 (Excel's "CSV（逗号分隔）" on Chinese
Windows), UTF-16 with BOM (Excel's "Unicode 文本 (*.txt)", tab-separated). The separator is
a comma, or a tab when the first line has tabs and no more commas.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path
from typing import cast

from ..errors import UnreadableText
from .cells import Grid

__all__ = ["read_text_grid", "TextUnreadable"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_PLAIN = ("utf-8", "gb18030")


#: The readers' name for it.
TextUnreadable = UnreadableText


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text without a BOM: ASCII characters leave every other byte zero."""
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    codec = (
        "utf-16-le"
        if odd > half * 0.3 and even < half * 0.05
        else "utf-16-be"
        if even > half * 0.3 and odd < half * 0.05
        else None
    )
    if codec is None:
        return None
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None


def decode(raw: bytes) -> str:
    """The text of a ledger file in any encoding Excel or WPS writes."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                raise TextUnreadable(
                    "文件编码无法识别", "UTF-8、UTF-16（Unicode 文本）或 GBK/GB18030"
                ) from None
    if b"\x00" in raw[:4096]:
        text = _utf16_without_bom(raw)
        if text is None:
            raise TextUnreadable(
                "不是文本格式的 CSV 文件，无法读取",
                "UTF-8、UTF-16（Unicode 文本）或 GBK/GB18030 编码的文本表格",
            )
        return text
    for codec in _PLAIN:
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    raise TextUnreadable("文件编码无法识别", "UTF-8、UTF-16（Unicode 文本）或 GBK/GB18030")


def _delimiter(text: str, suffix: str) -> str:
    for line in text.splitlines():
        if line.strip():
            tabs, commas = line.count("\t"), line.count(",")
            if tabs and (tabs >= commas or suffix in (".txt", ".tsv")):
                return "\t"
            return ","
    return ","


def _csv_error(exc: csv.Error, line: int) -> TextUnreadable:
    """The csv module's error, told in Chinese (its own text is English)."""
    limit = csv.field_size_limit()
    if "field larger than field limit" in str(exc):
        return TextUnreadable(
            f"第 {line} 行附近有一个单元格超过 {limit} 个字符，无法读取"
            "（可能是引号未配对，使后面的整段文字被读成一个单元格）",
            f"每个单元格不超过 {limit} 个字符；引号成对出现",
        )
    return TextUnreadable(
        f"第 {line} 行附近的 CSV 格式无法解析", "用 Excel 或 WPS 另存为“CSV（逗号分隔）”"
    )


def read_text_grid(path: Path, data: bytes | None = None) -> Grid:
    """The cells of a CSV or tab-separated text file (raises :class:`TextUnreadable`);
    ``data``: its bytes as already read (``path`` then only gives the suffix)."""
    raw = path.read_bytes() if data is None else data
    if not raw.strip() or not raw.strip(b"\xef\xbb\xbf\xff\xfe\x00 \r\n\t"):
        raise TextUnreadable("文件为空", "至少包含表头行")
    text = decode(raw)
    if "\x00" in text:  # anywhere in the file, not only its start: a binary tail is no table
        raise TextUnreadable(
            "文件中含有空字符（NUL），不是文本格式的表格，无法读取",
            "UTF-8、UTF-16（Unicode 文本）或 GBK/GB18030 编码的文本表格",
        )
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_delimiter(text, path.suffix.lower())
    )
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise _csv_error(exc, reader.line_num) from None
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        raise TextUnreadable("文件为空", "至少包含表头行")
    return Grid(None, cast("list[list[object]]", rows))
