"""The rows under the header: records, and the rows a person skips when reading the sheet.

Recognised and skipped, each with a notice naming the rows (never added to the figures):
合计/小计/总计 rows, a header repeated further down (one block per year), the caption above
such a block (``2020年``), and the signature and notes under the data (``填表人：… 审核人：…``,
``注：…``). Blank rows are passed over. Cells merged down the data area (one 所属县区 over the
rows of that county) are filled into every row they cover, with a notice naming the ranges; a
merged cell spanning two columns of the ledger in a record is an error, since which column its
value belongs to is unknown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import NOTICE, Problem
from ..schema import NOTHING_WORD, NOTHING_YEAR_PATTERN, Ledger
from ..units import units_in_text
from .cells import Grid, column_letter, is_blank, range_ref
from .header import HeaderBlock, header_lookup, match_header, norm

__all__ = ["Body", "read_body"]

_TOTAL = re.compile(r"^.{0,12}?(?:合计|小计|总计|共计)[:：]?$")
_FOOTER = re.compile(
    r"^(?:单位)?(?:填表人|填报人|制表人|审核人|复核人|审批人|负责人|单位负责人|分管领导|主管领导|"
    r"科室负责人|经办人|联系人|联系电话|电话|手机|填报日期|填表日期|制表日期|报送日期|日期|填报单位|"
    r"制表单位|报送单位|备注|注|说明|签字|签名|盖章|审核|制表|填表)[:：]|^注\d+[:：.、]|^[(（]?盖章[)）]?$"
)
_NOTHING_YEAR = re.compile(NOTHING_YEAR_PATTERN)
_CAPTION = re.compile(
    r"^(?:\d{4}年度?|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）])"
)

TOTAL_ROW = "合计/小计行，未计入（数字由明细行计算）"
HEADER_ROW = "重复的表头行，已跳过"
CAPTION_ROW = "分段标题行，已跳过"
FOOTER_ROW = "表尾的签名或说明，已跳过"
UNREAD_ROW = "该行只在未读取的列中有内容，已跳过"


@dataclass
class Body:
    """The records of a sheet (0-based grid rows) and what was skipped or filled."""

    records: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    nothing: list[tuple[int, int | None]] = field(default_factory=list)
    """Rows stating the ledger had nothing (``本期无``: year ``None``) or nothing in a year
    (``2023年无``), 0-based."""


def stated_nothing(row: list[object]) -> tuple[bool, int | None]:
    """Whether ``row`` holds only ``本期无`` or ``2023年无`` (see :data:`~wbanalysis.schema.NOTHING_WORD`),
    and the year it names.

    >>> stated_nothing(["本期无", None, ""]), stated_nothing([None, "2023年无"])
    ((True, None), (True, 2023))
    >>> stated_nothing(["本期无", 3])
    (False, None)
    """
    found: object = None
    for value in row:
        if is_blank(value):
            continue
        if found is not None or not isinstance(value, str):
            return False, None  # a record: two cells, or a number (decided at once)
        found = value
    if found is None:
        return False, None
    text = _clean(str(found))
    if text == NOTHING_WORD:
        return True, None
    m = _NOTHING_YEAR.match(text)
    return (True, int(m.group(1))) if m else (False, None)


@lru_cache(maxsize=65536)
def _clean(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().replace(" ", "").replace("\u3000", "")


def _text(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return _clean(value)
    return None


@lru_cache(maxsize=65536)
def _key(value: str) -> str:
    return norm(value)


def _split_key(key: str) -> str:
    """A normalized header without its bracketed unit: ``金额(万元)`` → ``金额``."""
    cut = key.find("(")
    return key[:cut] if cut > 0 else key


def _is_note(row: list[object]) -> bool:
    """A row of one remark: a single text cell in words (not an ID such as ``ZJ2023-101``)."""
    cells = [v for v in row if not is_blank(v)]
    if len(cells) != 1 or not isinstance(cells[0], str):
        return False
    text = cells[0].strip()
    return len(text) >= 4 and (
        any("\u4e00" <= ch <= "\u9fff" for ch in text) or "：" in text or ":" in text
    )


def _fill_merged(grid: Grid, block: HeaderBlock) -> tuple[dict, list]:
    """Fill cells merged down the data area; return {column: [ranges]} filled and the ranges
    that span two columns of the ledger (an error if they cover a record)."""
    filled: dict[int, list[tuple[int, int, int, int]]] = {}
    spanning: list[tuple[int, int, int, int]] = []
    for r1, c1, r2, c2 in grid.merged:
        if r1 < block.first_data:
            continue
        mapped = [j for j in range(c1, c2 + 1) if j in block.columns]
        if len(mapped) > 1 or (mapped and mapped[0] != c1):
            spanning.append((r1, c1, r2, c2))
            continue
        if r2 == r1:
            continue
        value = grid.cell(r1, c1)
        if is_blank(value):
            continue
        for i in range(r1 + 1, r2 + 1):
            while len(grid.rows) <= i:
                grid.rows.append([])
            row = grid.rows[i]
            if len(row) <= c1:
                row.extend([""] * (c1 + 1 - len(row)))
            row[c1] = value
        if mapped:
            filled.setdefault(c1, []).append((r1, c1, r2, c2))
    return filled, spanning


_BLANK, _FILLED = 0, 1
_HEADERISH, _SPECIAL = 1 << 20, 1 << 40  # counts packed in one sum: filled + headerish·2²⁰ + …


class _PlainRows:
    """Tells at C speed, for the great majority of rows, that a row is a plain record.

    Each distinct cell value is classified once: blank, filled, header-like, or *special* (a
    text that could open a footer or make a 合计 row). A row's classes are summed, so that one
    ``sum(map(...))`` per row says how many cells are filled, how many look like a header and
    whether any is special. A row is a plain record when at least two cells are filled, one of
    them in a column of the ledger, fewer than two look like a header and none is special;
    every other row — and any row whose values cannot be classified this way — goes through
    the full checks of :func:`read_body`, so that the outcome is the same either way.
    """

    def __init__(self, block: HeaderBlock, headerish: set[str], totals: bool) -> None:
        self.headerish = headerish
        self.totals = totals
        self.memo: dict[object, int] = {}
        self.columns = sorted(block.columns)
        self.width = (self.columns[-1] + 1) if self.columns else 0
        self.all_read = self.columns == list(range(self.width))

    def _classify(self, value: object) -> int:
        if is_blank(value):
            return _BLANK
        if not isinstance(value, str):
            return _FILLED
        text = _clean(value)
        if _FOOTER.match(text) or (self.totals and "计" in value and _TOTAL.match(text)):
            return _FILLED + _SPECIAL
        key = _key(value)
        if key in self.headerish or _split_key(key) in self.headerish:
            return _FILLED + _HEADERISH
        return _FILLED

    def _class(self, value: object) -> int:
        try:
            return self.memo[value]
        except KeyError:
            pass
        kind = self._classify(value)
        if len(self.memo) < 1_000_000 and not (isinstance(value, float) and value != value):
            self.memo[value] = kind
        return kind

    def is_record(self, row: list[object]) -> bool:
        try:
            try:
                total = sum(map(self.memo.__getitem__, row))
            except KeyError:
                total = sum(map(self._class, row))
        except TypeError:  # an unhashable value: leave the row to the full checks
            return False
        if total >= _SPECIAL or total >= 2 * _HEADERISH or total % _HEADERISH < 2:
            return False
        if self.all_read and len(row) <= self.width:
            return True  # every filled cell is in a column of the ledger
        return any(j < len(row) and self._class(row[j]) for j in self.columns)


def read_body(grid: Grid, block: HeaderBlock, ledger: Ledger, file: str, sheet: str | None) -> Body:
    """Classify the rows under ``block``: records, and the rows skipped with a notice."""
    return _BodyReader(grid, block, ledger, file, sheet).read()


class _BodyReader:
    """One pass down a sheet's data area: each row a record, or skipped with its reason."""

    def __init__(
        self, grid: Grid, block: HeaderBlock, ledger: Ledger, file: str, sheet: str | None
    ) -> None:
        self.grid, self.block, self.ledger = grid, block, ledger
        self.file, self.sheet = file, sheet
        self.body = Body()
        self.lookup = header_lookup(ledger)
        stated = {
            block.headers[c.name]: {u.unit for u in block.stated.get(c.name, [])}
            for c in block.columns.values()
        }
        self.allowed_units: set[str] = set().union(*stated.values()) if stated else set()
        self.headerish = set(block.texts) | set(self.lookup)
        self.rows = grid.rows
        self.footer_at: int | None = None

    # ---- problems ---------------------------------------------------------------------------

    def notice(self, i: int, message: str, value: object = None, column: str | None = None) -> None:
        self.body.problems.append(
            Problem(
                self.file,
                message,
                sheet=self.sheet,
                row=i + 1,
                column=column,
                value=value,
                level=NOTICE,
            )
        )

    def error(
        self,
        i: int,
        message: str,
        value: object = None,
        column: str | None = None,
        allowed: str | None = None,
    ) -> None:
        self.body.problems.append(
            Problem(
                self.file,
                message,
                sheet=self.sheet,
                row=i + 1,
                column=column,
                value=value,
                allowed=allowed,
            )
        )

    # ---- what a row looks like --------------------------------------------------------------

    def header_like(self, row: list[object]) -> bool:
        keys = [_key(v) for v in row if isinstance(v, str) and v.strip()]
        if sum(1 for k in keys if k in self.headerish or _split_key(k) in self.headerish) < 2:
            return False  # the common case, decided cheaply
        columns = self.block.columns
        hits = sum(
            1
            for j, v in enumerate(row)
            if j in columns and match_header(v, self.lookup) is columns[j]
        )
        known = sum(1 for k in keys if k in self.block.texts)
        return hits >= 2 or (known >= 2 and known * 2 >= len(keys))

    def check_units(self, i: int, row: list[object]) -> None:
        """A repeated header or caption must not state other units than the first header."""
        for j, value in enumerate(row):
            units = set(units_in_text(value)) if isinstance(value, str) else set()
            if units - self.allowed_units:
                self.error(
                    i,
                    "此处表头写的单位与第一个表头不同：无法确定下面各行的单位",
                    value=str(value).strip(),
                    column=column_letter(j) + " 列",
                    allowed="、".join(sorted(self.allowed_units)) or "与第一个表头相同的单位",
                )

    def has_content(self, k: int) -> bool:
        return any(not is_blank(v) for v in self.rows[k])

    def following(self, i: int) -> int | None:
        """The next row with content after row ``i``."""
        return next((k for k in range(i + 1, len(self.rows)) if self.has_content(k)), None)

    def notes_from(self) -> int:
        """Where the trailing rows of one remark each begin (数据来源：…, XX市水务局 2023年11月)."""
        start = len(self.rows)
        for k in range(len(self.rows) - 1, self.block.first_data - 1, -1):
            if not self.has_content(k):
                continue
            if not _is_note(self.rows[k]):
                break
            start = k
        return start

    # ---- the pass ---------------------------------------------------------------------------

    def read(self) -> Body:
        for i, message, value in self.block.notices:
            self.notice(i, message, value)
        filled, spanning = _fill_merged(self.grid, self.block)
        notes_from = self.notes_from()
        plain = _PlainRows(self.block, self.headerish, self.ledger.totals)
        for i in range(self.block.first_data, len(self.rows)):
            row = self.rows[i]
            if self.footer_at is None and i < notes_from and plain.is_record(row):
                self.body.records.append(i)  # what the checks below would conclude, at once
                continue  # (a row of two cells at least: never 本期无)
            if self.footer_at is None:
                said, year = stated_nothing(row)
                if said:
                    self.body.nothing.append((i, year))
                    continue
            cells = [(j, v) for j, v in enumerate(row) if not is_blank(v)]
            if cells and self.classify(i, row, cells, notes_from):
                self.body.records.append(i)
        self.tell_nothing()
        records = set(self.body.records)
        self.tell_filled(filled, records)
        self.tell_spanning(spanning, records)
        self.tell_unread_columns()
        return self.body

    def classify(
        self, i: int, row: list[object], cells: list[tuple[int, object]], notes_from: int
    ) -> bool:
        """Whether row ``i`` (with content) is a record; a skipped row is told why."""
        first = _text(cells[0][1])
        opens_footer = bool(first and _FOOTER.match(first))
        if self.footer_at is not None:
            self.after_footer(i, cells, opens_footer, self.footer_at)
            return False
        if i >= notes_from or opens_footer:
            self.footer_at = i
            self.notice(i, FOOTER_ROW, str(cells[0][1]).strip()[:30])
            return False
        total = (
            next(
                (
                    v
                    for _, v in cells
                    if isinstance(v, str) and "计" in v and _TOTAL.match(_text(v) or "")
                ),
                None,
            )
            if self.ledger.totals
            else None
        )
        if total is not None:
            self.notice(i, TOTAL_ROW, str(total).strip())
            return False
        if self.header_like(row):
            self.check_units(i, row)
            self.notice(i, HEADER_ROW)
            return False
        if self.is_caption(i, cells):
            self.check_units(i, row)
            self.notice(i, CAPTION_ROW, str(cells[0][1]).strip()[:30])
            return False
        if all(j not in self.block.columns for j, _ in cells):
            self.notice(i, UNREAD_ROW, str(cells[0][1]).strip()[:30])
            return False
        return True

    def after_footer(
        self, i: int, cells: list[tuple[int, object]], opens_footer: bool, footer_at: int
    ) -> None:
        """A row under the footer: more footer, or data that cannot be placed (an error)."""
        strings = all(isinstance(v, str) for _, v in cells)
        if opens_footer or (strings and len(cells) <= 3):
            self.notice(i, FOOTER_ROW, str(cells[0][1]).strip()[:30])
        else:
            self.error(
                i,
                f"表尾的签名或说明（第 {footer_at + 1} 行）之后还有数据：无法确定是否属于台账",
                allowed="签名、说明写在全部数据之后",
            )

    def is_caption(self, i: int, cells: list[tuple[int, object]]) -> bool:
        """A single text over a repeated header, merged across columns, or like ``2020年``."""
        if len(cells) != 1 or not isinstance(cells[0][1], str):
            return False
        j, value = cells[0]
        at = self.following(i)
        if at is not None and self.header_like(self.rows[at]):
            return True
        if any(r1 <= i <= r2 and c1 <= j <= c2 and c2 > c1 for r1, c1, r2, c2 in self.grid.merged):
            return True
        return bool(_CAPTION.match(_text(value) or ""))

    def tell_nothing(self) -> None:
        """``本期无`` beside data rows (or in a ledger not kept by year, ``2023年无``): an error."""
        for i, year in self.body.nothing:
            if year is None and self.body.records:
                first = self.body.records[0] + 1
                self.error(
                    i,
                    f"写了“{NOTHING_WORD}”，但本表还有 {len(self.body.records)} 行数据"
                    f"（第 {first} 行起）：无法确定本期是否有记录",
                    value=NOTHING_WORD,
                    allowed=f"本期确无记录时只写“{NOTHING_WORD}”一行；有记录时删除“{NOTHING_WORD}”这一行",
                )
            elif year is not None and self.ledger.time is None:
                self.error(
                    i,
                    f"《{self.ledger.zh}》不按年度记录，不能写“{year}年无”",
                    value=f"{year}年无",
                    allowed=f"本台账确无记录时写“{NOTHING_WORD}”一行",
                )

    # ---- what was filled, spanned or left unread --------------------------------------------

    def tell_filled(self, filled: dict, records: set[int]) -> None:
        for c1, ranges in filled.items():
            ranges = [r for r in ranges if any(k in records for k in range(r[0], r[2] + 1))]
            if not ranges:
                continue
            shown = "、".join(range_ref(*r) for r in ranges[:5]) + (
                f" 等 {len(ranges)} 处" if len(ranges) > 5 else ""
            )
            rows_filled = tuple(k + 1 for r in ranges for k in range(r[0] + 1, r[2] + 1))
            self.body.problems.append(
                Problem(
                    self.file,
                    f"合并单元格 {shown} 的值已填入合并区域的每一行",
                    sheet=self.sheet,
                    row=ranges[0][0] + 1,
                    rows=rows_filled if len(rows_filled) > 1 else (),
                    column=self.block.headers[self.block.columns[c1].name],
                    level=NOTICE,
                )
            )

    def tell_spanning(self, spanning: list, records: set[int]) -> None:
        columns = self.block.columns
        for r1, c1, r2, c2 in spanning:
            if any(k in records for k in range(r1, r2 + 1)):
                column = (
                    self.block.headers.get(columns[c1].name)
                    if c1 in columns
                    else column_letter(c1) + " 列"
                )
                self.error(
                    r1,
                    f"数据区的合并单元格 {range_ref(r1, c1, r2, c2)} 跨越台账的多列：无法确定其值属于哪一列",
                    value=self.grid.cell(r1, c1),
                    column=column,
                    allowed="取消合并，每列分别填写",
                )

    def tell_unread_columns(self) -> None:
        grid = self.grid
        for j in range(grid.width):
            if j in self.block.columns:
                continue
            used = [k for k in self.body.records if not is_blank(grid.cell(k, j))]
            if not used:
                continue
            header = self.block.unread.get(j)
            label = f"「{header}」" if header else f"第 {column_letter(j)} 列（无表头）"
            self.body.problems.append(
                Problem(
                    self.file,
                    f"{label}不是《{self.ledger.zh}》的列，其中 {len(used)} 个单元格未读取",
                    sheet=self.sheet,
                    row=used[0] + 1,
                    column=header or f"{column_letter(j)} 列",
                    value=grid.cell(used[0], j),
                    level=NOTICE,
                )
            )
