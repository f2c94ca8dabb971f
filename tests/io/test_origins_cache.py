"""Where each row was read (file, sheet, Excel row) is kept beside the cached tables: a
figure's 出处 on a warm kernel or a Dask worker reads no ledger file again, and a tampered
copy is never believed."""

from __future__ import annotations

import shutil

import pytest
from conftest import SAMPLE

from wbanalysis.io import ledgers
from wbanalysis.io.cache import DatasetCache
from wbanalysis.io.ledgers import load


@pytest.fixture
def folder(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    return data


def test_origins_come_from_the_copy_without_reading_the_ledgers(folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = load(folder, cache_dir=cache)
    expected = first.origins("funding")
    assert expected is not None and int(expected["row"].iloc[0]) == 2

    def no_reading(*args, **kwargs):
        raise AssertionError("a ledger file was read again for its origins")

    assert DatasetCache(cache).origins(folder) is not None  # stored beside the tables
    monkeypatch.setattr(ledgers, "_check_across", no_reading)
    again = load(folder, cache_dir=cache)  # from the copy
    kept = again.origins("funding")
    assert kept is not None and kept.equals(expected)
    assert again.origins("patrols") is not None and len(again.origins("patrols")) == len(
        again["patrols"]
    )


def test_a_tampered_origins_file_is_not_believed(folder, tmp_path):
    cache = tmp_path / "cache"
    load(folder, cache_dir=cache)
    [entry] = cache.glob("ledgers-*")
    (entry / "origins.parquet").write_bytes(b"PAR1 not what was stored")
    assert DatasetCache(cache).origins(folder) is None
    again = load(folder, cache_dir=cache)  # read from the files' entries instead
    assert int(again.origins("funding")["row"].iloc[0]) == 2
