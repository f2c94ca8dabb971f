"""Units declared are units checked (issue #24, item 5).

A 指标定义 summing 争取金额 (万元) declared in 元 or 亿元 printed “3209元” or “3209亿元”
beside “3209万元”. Now the sum is stated in the declared unit (3209万元 = 0.3209亿元 =
32,090,000元), and a unit of another quantity (亩 on a 万元 column) is an error at its row.
"""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import SAMPLE

from wbanalysis.cli import main
from wbanalysis.schema import DEFINITIONS

HEADER = ",".join(c.zh for c in DEFINITIONS.columns)


def _row(key: str, unit: str) -> str:
    values = {
        "key": key,
        "name": f"争取资金（{unit}）",
        "unit": unit,
        "aggregation": "求和",
        "ledger": "资金台账",
        "column": "争取金额",
        "period": "期内",
    }
    return ",".join(values.get(c.name, "") for c in DEFINITIONS.columns)


def _folder(tmp_path, *rows: str):
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE, folder)
    (folder / "指标定义.csv").write_text(
        HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8-sig"
    )
    return folder


def test_a_sum_is_stated_in_the_declared_unit(tmp_path, capsys):
    folder = _folder(
        tmp_path,
        _row("local.funds_yi", "亿元"),
        _row("local.funds_yuan", "元"),
        _row("local.funds_wan", "万元"),
    )
    code = main(["indicators", "--year", "2023", "--data", str(folder), "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0, out
    values = json.loads(out)
    assert values["funding.total"] == pytest.approx(3209)
    assert values["local.funds_wan"] == pytest.approx(3209)
    assert values["local.funds_yi"] == pytest.approx(0.3209)
    assert values["local.funds_yuan"] == pytest.approx(32_090_000)


def test_a_unit_of_another_quantity_is_refused_at_its_row(tmp_path, capsys):
    folder = _folder(tmp_path, _row("local.funds_yi", "亿元"), _row("local.funds_mu", "亩"))
    code = main(["validate", "--data", str(folder)])
    out = capsys.readouterr()
    text = out.out + out.err
    assert code == 2, text
    [line] = [ln for ln in text.splitlines() if "无法换算" in ln]
    for word in ("指标定义.csv", "第 3 行", "列「计量单位」", "（值：亩）", "万元", "亿元", "元"):
        assert word in line, line
