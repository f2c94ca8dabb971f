"""A bureau's own indicators: the records io parsed, compiled and computed; the built-in keys
checked when compiling, the problems located where the rows were read."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from conftest import COUNTY_ROWS, write_ledger

from wbanalysis.dataset import Dataset
from wbanalysis.errors import DataError
from wbanalysis.indicators import CATALOGUE, catalogue_of, compute_indicators
from wbanalysis.indicators.local import LOCAL_SECTION, compile_definitions, load, validate
from wbanalysis.io import load as load_ledgers
from wbanalysis.io.definitions import Definition, Filter
from wbanalysis.schema import DEFINITIONS

COUNTIES = pd.DataFrame({"county": ["甲县", "乙县"], "code": [None, None], "city": ["某市"] * 2})
FUNDING = pd.DataFrame(
    {
        "record_id": ["F1", "F2", "F3", "F4"],
        "year": [2023, 2023, 2023, 2022],
        "month": [3, 6, 11, 5],
        "county": ["甲县", "乙县", "甲县", "甲县"],
        "level": ["中央", "省级", "中央", "中央"],
        "programme": ["水利发展资金"] * 4,
        "secured": [100.0, 50.0, 70.0, 30.0],
        "arrived": [80.0, 50.0, 0.0, 30.0],
        "project_id": [None] * 4,
    }
)


def _dataset(*definitions) -> Dataset:
    return Dataset({"counties": COUNTIES, "funding": FUNDING}, definitions=definitions)


CENTRAL = Definition(
    "local.central",
    "中央资金笔数",
    "笔",
    "计数",
    "funding",
    filters=(Filter("level", "in", ("中央",), "funding"),),
    time="month",
    additive=True,
    kind="count",
)
SECURED = Definition(
    "local.secured",
    "争取资金",
    "万元",
    "求和",
    "funding",
    "secured",
    time="month",
    additive=True,
    kind="amount",
)
SHARE = Definition(
    "local.share",
    "中央笔数占比",
    "%",
    "比率",
    numerator="local.central",
    denominator="local.secured",
    kind="percent",
)


def test_records_compile_into_indicators_of_the_local_section():
    central, secured = compile_definitions([CENTRAL, SECURED])
    assert (central.key, central.kind, central.measure_word, central.section) == (
        "local.central",
        "count",
        "笔",
        LOCAL_SECTION,
    )
    assert secured.display(150.0) == "150万元"


def test_records_computed_by_hand():
    ds = _dataset(CENTRAL, SECURED, SHARE)
    values = compute_indicators(ds, year=2023, through_month=10)
    assert values["local.central"] == 1  # F1; F3 is November, F4 is 2022
    assert values["local.secured"] == 150.0  # F1 + F2
    assert values["local.share"] == pytest.approx(1 / 150 * 100)
    assert compute_indicators(ds, year=2023, county="乙县", through_month=10)["local.central"] == 0
    assert list(catalogue_of(ds))[len(CATALOGUE) :] == [
        "local.central",
        "local.secured",
        "local.share",
    ]


def test_catalogue_of_compiles_once_per_dataset():
    ds = _dataset(CENTRAL)
    assert catalogue_of(ds) is catalogue_of(ds)


def test_a_record_taking_a_built_in_key_is_refused_when_compiled():
    bad = Definition(
        "funding.total",
        "争取资金",
        "笔",
        "计数",
        "funding",
        time="month",
        where={"key": {"file": "指标定义.csv", "row": 4, "column": "指标键"}},
    )
    with pytest.raises(DataError) as caught:
        compute_indicators(_dataset(bad), year=2023)
    assert "文件 指标定义.csv，第 4 行，列「指标键」：与内置指标的指标键重复" in str(caught.value)


def test_a_ratio_of_a_part_defined_nowhere_is_refused_when_compiled():
    bad = Definition(
        "local.r",
        "比",
        "%",
        "比率",
        numerator="local.central",
        denominator="local.nowhere",
        kind="percent",
    )
    with pytest.raises(DataError, match="分母不是本表或内置指标的指标键"):
        compile_definitions([CENTRAL, bad])


def _folder(tmp_path, row: dict):
    write_ledger(tmp_path, "counties", COUNTY_ROWS)
    with open(tmp_path / "指标定义.csv", "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([c.zh for c in DEFINITIONS.columns])
        writer.writerow([row.get(c.name, "") for c in DEFINITIONS.columns])
    return tmp_path


def test_load_and_validate_here_know_the_built_in_keys(tmp_path):
    folder = _folder(
        tmp_path,
        {
            "key": "funding.total",
            "name": "项目数",
            "unit": "个",
            "aggregation": "计数",
            "ledger": "项目台账",
        },
    )
    [problem] = [p for p in validate(folder) if p.is_error]
    assert (problem.file, problem.row, problem.column, problem.message) == (
        "指标定义.csv",
        2,
        "指标键",
        "与内置指标的指标键重复",
    )
    with pytest.raises(DataError, match="与内置指标的指标键重复"):
        load(folder)
    # io alone does not know them: the records load, and compiling them refuses the row
    ds = load_ledgers(folder)
    assert [d.key for d in ds.definitions] == ["funding.total"]
    with pytest.raises(DataError, match="第 2 行，列「指标键」：与内置指标的指标键重复"):
        catalogue_of(ds)


def test_the_public_load_and_the_build_stop_on_a_built_in_key(tmp_path):
    import wbanalysis as wb
    from wbanalysis.cli import main

    folder = _folder(
        tmp_path / "data",
        {
            "key": "funding.total",
            "name": "项目数",
            "unit": "个",
            "aggregation": "计数",
            "ledger": "项目台账",
        },
    )
    with pytest.raises(DataError, match="与内置指标的指标键重复"):
        wb.load(folder)
    assert main(["build", "--data", str(folder), "--out", str(tmp_path / "site"), "--dry-run"]) == 2
