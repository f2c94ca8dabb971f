"""The schema is consistent: names, headers, references and vocabularies."""

from __future__ import annotations

import pytest

from wbanalysis.schema import LEDGERS, MILESTONE_STAGE, STAGES, VOCABULARIES, get_ledger


@pytest.mark.parametrize("ledger", list(LEDGERS.values()), ids=list(LEDGERS))
def test_ledger_columns_are_distinct(ledger):
    assert len(set(ledger.names)) == len(ledger.names)
    assert len({c.header for c in ledger.columns}) == len(ledger.columns)
    assert any(c.required for c in ledger.columns)


@pytest.mark.parametrize("ledger", list(LEDGERS.values()), ids=list(LEDGERS))
def test_references_and_vocabularies_exist(ledger):
    for col in ledger.columns:
        if col.ref:
            target, key = col.ref.split(".")
            assert LEDGERS[target].column(key).unique
        if col.vocabulary:
            assert col.vocabulary in VOCABULARIES
        assert col.kind in {"str", "int", "float", "date", "bool"}


def test_headers_carry_units():
    funding = get_ledger("资金台账")
    assert funding.column("secured").header == "争取金额（万元）"
    assert get_ledger("storage").column("target").header == "蓄水任务（万m³）"


def test_every_milestone_maps_to_a_stage():
    assert set(MILESTONE_STAGE.values()) <= set(STAGES)


def test_describe_allowed_is_chinese():
    col = get_ledger("funding").column("level")
    assert col.describe_allowed() == "中央、省级、市本级、县级 之一"
    assert "1～12" in get_ledger("funding").column("month").describe_allowed()
    assert "《行政区划》" in get_ledger("funding").column("county").describe_allowed()
