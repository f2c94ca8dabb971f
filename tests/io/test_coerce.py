"""io/coerce: each cell typed for its column, or a located problem and an empty cell."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from wbanalysis.io.cells import UNCOMPUTED, CellError
from wbanalysis.io.coerce import RECALCULATE, typed_frame
from wbanalysis.io.read import RawTable
from wbanalysis.schema import LEDGERS

FUNDING = LEDGERS["funding"]
WORKS = LEDGERS["rural_water_works"]
HAZARDS = LEDGERS["hazards"]


def _typed(ledger, column: str, values: list[object], **raw):
    """The typed ``column`` of cells ``values`` (Excel rows 2, 3, …) and the problems."""
    cells = pd.DataFrame({column: pd.Series(values, dtype=object, index=range(2, 2 + len(values)))})
    table = RawTable(
        ledger, "台账.xlsx", "Sheet1", cells, headers={column: ledger.column(column).header}, **raw
    )
    problems: list = []
    bad: set = set()
    frame = typed_frame(table, problems, bad)
    return frame[column].tolist(), problems, bad


@pytest.mark.parametrize(
    ("written", "read"),
    [
        (100, 100.0),
        ("1,234.5", 1234.5),
        ("１２.５", 12.5),
        ("  80 ", 80.0),
        ("80万元", 80.0),
    ],
)
def test_amounts_in_cells_as_people_write_them(written, read):
    values, problems, _ = _typed(FUNDING, "secured", [written])
    assert values == [read] and [p for p in problems if p.is_error] == []


def test_a_unit_in_the_cell_that_disagrees_with_the_column_is_an_error_located_in_excel_terms():
    values, problems, bad = _typed(FUNDING, "secured", [10, "5万m³"])
    assert values[0] == 10.0 and pd.isna(values[1])
    (p,) = problems
    assert (p.file, p.sheet, p.row, p.column, p.value) == (
        "台账.xlsx",
        "Sheet1",
        3,
        "争取金额（万元）",
        "5万m³",
    )
    assert p.message == "须为数值" and p.allowed.endswith("单位：万元")
    assert bad == {(3, "secured")}


def test_a_formula_without_its_result_and_an_error_cell_are_never_zero():
    values, problems, _ = _typed(FUNDING, "secured", [UNCOMPUTED, CellError("#DIV/0!")])
    assert all(pd.isna(v) for v in values)
    assert [(p.row, p.message) for p in problems] == [
        (2, RECALCULATE),
        (3, "单元格是错误值 #DIV/0!（公式出错）"),
    ]
    assert problems[0].value is None  # the formula itself is not shown as a value


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("是", True),
        ("否", False),
        ("√", True),
        (" 否 ", False),
        ("已", True),
        ("未", False),
    ],
)
def test_yes_and_no_in_the_loaders_words(written, read):
    values, problems, _ = _typed(WORKS, "priced", [written])
    assert values == [read] and problems == []


def test_a_yes_no_cell_with_another_word_is_an_error():
    values, problems, _ = _typed(WORKS, "priced", ["也许"])
    assert pd.isna(values[0]) and [(p.row, p.value) for p in problems] == [(2, "也许")]


def test_counts_must_be_whole_and_may_carry_their_measure_word_or_wan():
    values, problems, _ = _typed(WORKS, "population", [1200, "3500人", "2.5万人", 12.5])
    assert values[:3] == [1200, 3500, 25000] and pd.isna(values[3])
    assert [p.row for p in problems if p.is_error] == [5]


@pytest.mark.parametrize(
    ("written", "day"),
    [
        (dt.datetime(2023, 3, 5), dt.date(2023, 3, 5)),
        ("2023-03-05", dt.date(2023, 3, 5)),
        ("2023年3月5日", dt.date(2023, 3, 5)),
        ("20230305", dt.date(2023, 3, 5)),
        (44990, dt.date(2023, 3, 5)),  # an Excel serial date (1900 system)
    ],
)
def test_dates_as_excel_and_people_write_them(written, day):
    values, problems, _ = _typed(HAZARDS, "found_date", [written])
    assert [p for p in problems if p.is_error] == []
    assert pd.Timestamp(values[0]).date() == day


def test_a_serial_date_of_a_1904_workbook_counts_from_1904():
    values, _, _ = _typed(HAZARDS, "found_date", [43528], date1904=True)
    assert pd.Timestamp(values[0]).date() == dt.date(2023, 3, 5)


def test_a_date_that_is_no_date_is_an_error():
    values, problems, _ = _typed(HAZARDS, "found_date", ["去年三月"])
    assert pd.isna(values[0]) and [(p.row, p.value) for p in problems if p.is_error] == [
        (2, "去年三月")
    ]


@pytest.mark.parametrize(("written", "month"), [(10, 10), ("10月", 10), ("十月", 10), ("３", 3)])
def test_months_written_with_or_without_月(written, month):
    values, problems, _ = _typed(FUNDING, "month", [written], year_label=2023)
    assert values == [month] and [p for p in problems if p.is_error] == []


def test_a_month_without_a_year_anywhere_is_an_error():
    # no 年度 column, a sheet not named by a year and a month without its year: which year?
    values, problems, _ = _typed(FUNDING, "month", ["10月"])
    assert [(p.row, p.message) for p in problems if p.is_error] == [
        (2, "没有年度列，月份也未写年份：无法确定年度")
    ]


def test_a_month_written_with_its_year_gives_the_year_too():
    values, problems, _ = _typed(FUNDING, "month", ["2023年10月"])
    assert values == [10] and [p for p in problems if p.is_error] == []
