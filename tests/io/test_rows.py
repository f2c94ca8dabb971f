"""io/rows: which rows under the header are records, and what is skipped with a notice."""

from __future__ import annotations

from wbanalysis.errors import NOTICE
from wbanalysis.io.cells import Grid
from wbanalysis.io.header import find_header
from wbanalysis.io.rows import CAPTION_ROW, FOOTER_ROW, HEADER_ROW, TOTAL_ROW, UNREAD_ROW, read_body
from wbanalysis.schema import LEDGERS

FUNDING = LEDGERS["funding"]
HEADER = [
    "资金编号",
    "年度",
    "月份",
    "所属县区",
    "资金级别",
    "资金类别",
    "争取金额（万元）",
    "到位金额（万元）",
]


def _row(n: int, county: str = "白沙县") -> list[object]:
    return [f"ZJ-{n}", 2023, 3, county, "中央", "中央水利发展资金", 10 * n, 8 * n]


def _body(rows, merged=()):
    grid = Grid("资金", [list(r) for r in rows], merged=list(merged))
    problems: list = []
    block = find_header(grid, FUNDING, "资金.xlsx", "资金", problems)
    assert problems == []
    return grid, read_body(grid, block, FUNDING, "资金.xlsx", "资金")


def _told(body):
    return [(p.row, p.message, p.level == NOTICE) for p in body.problems]


def test_plain_rows_are_records_and_blank_rows_are_passed_over():
    _, body = _body([HEADER, _row(1), [], _row(2)])
    assert body.records == [1, 3]
    assert body.problems == []


def test_total_repeated_header_caption_and_footer_are_skipped_with_notices():
    rows = [
        HEADER,
        _row(1),
        ["合计", "", "", "", "", "", 10, 8],
        ["2022年"],
        HEADER,
        _row(2),
        ["填表人：张三", "", "审核人：李四"],
    ]
    _, body = _body(rows)
    assert body.records == [1, 5]
    assert _told(body) == [
        (3, TOTAL_ROW, True),
        (4, CAPTION_ROW, True),
        (5, HEADER_ROW, True),
        (7, FOOTER_ROW, True),
    ]


def test_data_after_the_footer_is_an_error_not_a_record():
    _, body = _body([HEADER, _row(1), ["填表人：张三"], _row(2)])
    assert body.records == [1]
    (footer, late) = body.problems
    assert (footer.row, footer.message) == (3, FOOTER_ROW)
    assert late.row == 4 and late.level != NOTICE and "第 3 行" in late.message


def test_a_county_merged_down_is_filled_into_each_row_with_one_notice():
    # D2:D3 merged: 白沙县 over two records (Excel rows 2 and 3)
    rows = [HEADER, _row(1), _row(2, county="")]
    grid, body = _body(rows, merged=[(1, 3, 2, 3)])
    assert body.records == [1, 2]
    assert grid.rows[2][3] == "白沙县"
    (notice,) = body.problems
    assert notice.level == NOTICE and "D2:D3" in notice.message and notice.column == "所属县区"


def test_a_merged_cell_across_two_columns_in_a_record_is_an_error():
    grid, body = _body([HEADER, _row(1)], merged=[(1, 6, 1, 7)])
    (error,) = [p for p in body.problems if p.level != NOTICE]
    assert error.row == 2 and "G2:H2" in error.message and error.allowed == "取消合并，每列分别填写"


def test_cells_in_a_column_without_header_are_counted_as_unread():
    rows = [HEADER, _row(1) + ["备用"], _row(2) + ["备用"]]
    _, body = _body(rows)
    assert body.records == [1, 2]
    (notice,) = body.problems
    assert notice.level == NOTICE and "第 I 列（无表头）" in notice.message
    assert "2 个单元格未读取" in notice.message and notice.row == 2


def test_a_row_only_in_unread_columns_is_skipped():
    rows = [HEADER + ["说明"], _row(1) + [""], [""] * 8 + ["另见附表"], _row(2) + [""]]
    _, body = _body(rows)
    assert body.records == [1, 3]
    assert (3, UNREAD_ROW, True) in _told(body)
