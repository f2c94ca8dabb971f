"""The Parquet ledger cache keeps the notices of the reading with the tables."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLE
from formats import assert_same_tables, demo_subset

from wbanalysis.io import load
from wbanalysis.schema import LEDGERS


@pytest.mark.slow
def test_cached_load_has_the_same_tables_and_notices(demo, tmp_path, capsys):
    folder = demo_subset(SAMPLE, tmp_path / "data", list(LEDGERS), without=("loan_drawdowns",))
    (folder / "说明.pdf").write_bytes(b"%PDF-1.4")
    cache = tmp_path / "cache"
    first = load(folder, cache_dir=cache)
    entries = list(cache.glob("ledgers-*"))
    assert len(entries) == 1
    second = load(folder, cache_dir=cache)  # from the cache
    assert_same_tables(first, second)
    assert first.missing == second.missing == ("loan_drawdowns",)
    assert (
        [str(p) for p in second.notices]
        == [str(p) for p in first.notices]
        == [
            "文件 说明.pdf：不是台账文件，已跳过",
            "未找到《外资贷款提款》台账：相关指标将显示为“—”（无数据）",
        ]
    )
    assert all(not p.is_error for p in second.notices)
    assert "台账缓存无效" not in capsys.readouterr().err


def test_a_cache_with_a_malformed_notice_is_discarded(tmp_path, capsys):
    folder = demo_subset(SAMPLE, tmp_path / "data", ["counties"])
    cache = tmp_path / "cache"
    load(folder, cache_dir=cache)
    contents = next(cache.glob("ledgers-*")) / "contents.json"
    data = json.loads(contents.read_text(encoding="utf-8"))
    data["notices"] = [{"message": 5}]
    contents.write_text(json.dumps(data), encoding="utf-8")
    again = load(folder, cache_dir=cache)
    assert "台账缓存无效" in capsys.readouterr().err
    assert again.counties == ["青山区", "河东县", "河西县", "龙泉县", "白沙县", "永宁县", "清溪县"]
    assert any("未找到《资金台账》" in str(p) for p in again.notices)


@pytest.mark.slow
def test_the_bureaus_own_indicators_come_back_from_the_cache(tmp_path, capsys):
    from indicators.test_local_ledgers import (
        NEW_START_INVESTMENT,
        REINFORCEMENT,
        _write_definitions,
    )

    from wbanalysis.indicators import compute_indicators

    folder = demo_subset(SAMPLE, tmp_path / "data", list(LEDGERS))
    _write_definitions(folder, [REINFORCEMENT, NEW_START_INVESTMENT])
    cache = tmp_path / "cache"
    first = load(folder, cache_dir=cache)
    second = load(folder, cache_dir=cache)  # from the cache
    assert (
        [d.key for d in second.definitions]
        == [d.key for d in first.definitions]
        == ["local.reinforcement_projects", "local.new_start_investment"]
    )
    keys = ["local.reinforcement_projects", "local.new_start_investment"]
    assert compute_indicators(second, year=2023, keys=keys) == compute_indicators(
        first, year=2023, keys=keys
    )
    assert "台账缓存无效" not in capsys.readouterr().err


def test_a_cache_that_cannot_be_written_is_told_once(tmp_path, capsys):
    """Issue #24, 8: a cache folder that cannot be written printed the same notice once per
    ledger file (36 times for the demo): once now."""
    from conftest import SAMPLE

    from wbanalysis.io import load

    blocked = tmp_path / "cache"
    blocked.write_text("a file, not a folder", encoding="utf-8")
    load(SAMPLE, cache_dir=blocked)
    err = capsys.readouterr().err
    assert len(list(SAMPLE.glob("*.csv"))) > 30
    assert err.count("无法写入台账缓存") == 1
