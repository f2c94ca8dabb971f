"""io/header: where a sheet's header is, which column is which, and the units it states."""

from __future__ import annotations

from wbanalysis.io.cells import Grid
from wbanalysis.io.header import find_header
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
ROW = ["ZJ-1", 2023, 3, "白沙县", "中央", "中央水利发展资金", 100, 80]


def _find(rows, merged=(), **kw):
    problems: list = []
    block = find_header(
        Grid("资金", [list(r) for r in rows], merged=list(merged)),
        FUNDING,
        "资金.xlsx",
        "资金",
        problems,
        **kw,
    )
    return block, problems


def test_header_under_a_title_row_is_found_and_mapped():
    block, problems = _find([["2023年资金台账"], HEADER, ROW])
    assert problems == []
    assert (block.leaf, block.first_data) == (1, 2)
    assert [block.columns[j].name for j in sorted(block.columns)] == [
        "record_id",
        "year",
        "month",
        "county",
        "level",
        "programme",
        "secured",
        "arrived",
    ]
    assert block.headers["secured"] == "争取金额（万元）"
    assert [u.unit for u in block.stated["secured"]] == ["万元"]


def test_no_recognisable_header_is_one_problem_listing_the_headers():
    block, problems = _find([["甲", "乙"], [1, 2]])
    assert block is None
    assert len(problems) == 1 and "找不到表头行" in problems[0].message
    assert "资金编号" in problems[0].allowed


def test_a_missing_required_column_is_named():
    header = [h for h in HEADER if h != "所属县区"]
    block, problems = _find([header, ROW[:3] + ROW[4:]])
    assert block is not None
    assert [(p.column, p.row) for p in problems] == [("所属县区", 1)]
    assert "缺少必填列" in problems[0].message


def test_the_same_column_twice_is_an_error_naming_both_letters():
    block, problems = _find([HEADER + ["争取金额（万元）"], ROW + [5]])
    assert len(problems) == 1
    assert "G 列" in problems[0].message and "I 列" in problems[0].message


def test_missing_year_is_no_error_when_the_sheet_names_the_year():
    header = [h for h in HEADER if h != "年度"]
    _, problems = _find([header, ROW[:1] + ROW[2:]], year_known=True)
    assert problems == []


def test_a_group_cell_above_states_the_unit_of_the_columns_it_spans():
    # 金额（元） merged over G1:H1 above two plain headers: both columns are stated in 元
    top = [""] * 6 + ["金额（元）", ""]
    leaf = HEADER[:6] + ["争取金额", "到位金额"]
    block, problems = _find([top, leaf, ROW], merged=[(0, 6, 0, 7)])
    assert problems == []
    assert block.leaf == 1
    assert [u.unit for u in block.stated["secured"]] == ["元"]
    assert [u.unit for u in block.stated["arrived"]] == ["元"]


def test_a_unit_row_under_the_header_is_read_and_skipped():
    units = [""] * 6 + ["万元", "万元"]
    block, problems = _find([HEADER[:6] + ["争取金额", "到位金额"], units, ROW])
    assert problems == []
    assert block.first_data == 2
    assert [u.unit for u in block.stated["arrived"]] == ["万元"]


def test_a_header_unit_of_another_kind_is_refused():
    header = HEADER[:6] + ["争取金额（万m³）", "到位金额（万元）"]
    _, problems = _find([header, ROW])
    assert [(p.message, p.value) for p in problems] == [("列名中的单位与该列不符", "万m³")]


def test_a_trailing_note_is_split_as_the_expression_did_in_linear_time():
    """_split_note replaced ``^(.*?)\\s*[(（…]\\s*([^)）…]*?)\\s*[)）…]\\s*$``, which took
    minutes on a cell of a bracket and 3,000 spaces: the same answers on every short text of
    brackets, spaces and words, and a 30,000-space cell answered at once."""
    import random
    import re
    import unicodedata

    from wbanalysis.io.header import _split_note

    old = re.compile(r"^(.*?)\s*[\(\[（【]\s*([^\)\]）】]*?)\s*[\)\]）】]\s*$")

    def expected(text):
        s = unicodedata.normalize("NFKC", text).strip()
        m = old.match(s)
        return (m.group(1), m.group(2)) if m else (s, None)

    rnd = random.Random(21)
    for _ in range(20000):
        text = "".join(rnd.choice("ab （）()【】[] 万元") for _ in range(rnd.randint(0, 9)))
        assert _split_note(text) == expected(text), text
    assert _split_note("（" + " " * 30000 + "x") == ("(" + " " * 30000 + "x", None)
    assert _split_note("金额 （ 万元 ）") == ("金额", "万元")
