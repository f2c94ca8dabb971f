"""Loading at scale: one cache entry per ledger file, tables read on first use, same figures."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pandas as pd
import pytest
from conftest import SAMPLE
from formats import demo_subset

import wbanalysis.io.ledgers as ledgers
from wbanalysis.indicators import compute_indicators
from wbanalysis.io import load, validate
from wbanalysis.io.rows import _PlainRows  # noqa: F401 - the fast path exists

# seconds a test (subprocesses, large files, whole builds): left out of `make test-fast`
pytestmark = pytest.mark.slow


_FUNDING = (
    "资金编号,年度,月份,所属县区,资金级别,资金类别,争取金额（万元）,到位金额（万元）\n"
    "ZJ-1,2023,3,青山区,中央,中央水利发展资金,10.5,10.5\n"
    "ZJ-2,2023,4,河东县,省级,省级水利专项资金,20.25,20\n"
    "合计,,,,,,30.75,30.5\n"
    "填表人：张三  审核人：李四\n"
)


def _small(tmp_path: Path) -> Path:
    folder = demo_subset(SAMPLE, tmp_path / "data", ["counties"])
    (folder / "funding.csv").write_text(_FUNDING, encoding="utf-8-sig")
    return folder


def _rewrite(path: Path, old: str, new: str) -> None:
    """Change ``path``'s text keeping its size (``old`` and ``new`` as long), new mtime."""
    text = path.read_text(encoding="utf-8-sig")
    assert len(old.encode()) == len(new.encode()) and old in text
    size = path.stat().st_size
    mtime = path.stat().st_mtime_ns
    path.write_text(text.replace(old, new, 1), encoding="utf-8-sig")
    os.utime(path, ns=(mtime + 2_000_000_000, mtime + 2_000_000_000))
    assert path.stat().st_size == size


@pytest.fixture
def reads(monkeypatch):
    """The files read (not taken from the cache), by name."""
    seen: list[str] = []
    real = ledgers.read_file

    def spy(path, display, *rest):
        seen.append(Path(path).name)
        return real(path, display, *rest)

    monkeypatch.setattr(ledgers, "read_file", spy)
    return seen


def test_only_the_changed_file_is_read_again(tmp_path, reads):
    folder = _small(tmp_path)
    cache = tmp_path / "cache"
    first = load(folder, cache_dir=cache)
    assert sorted(reads) == ["counties.csv", "funding.csv"]
    assert first.funding["secured"].tolist() == [10.5, 20.25]  # 合计 row left out
    reads.clear()
    assert load(folder, cache_dir=cache).funding["secured"].sum() == 30.75
    assert reads == []  # nothing read: the folder's entry
    _rewrite(folder / "funding.csv", "20.25", "20.75")  # same size, later mtime
    reads.clear()
    again = load(folder, cache_dir=cache)
    assert reads == ["funding.csv"]
    assert again.funding["secured"].tolist() == [10.5, 20.75]
    assert again.funding["secured"].sum() == 31.25


def test_notices_of_a_cached_file_are_those_of_a_fresh_read(tmp_path, reads):
    folder = _small(tmp_path)
    fresh = [str(p) for p in validate(folder)]
    assert any("合计/小计行" in p for p in fresh) and any("签名" in p for p in fresh)
    cache = tmp_path / "cache"
    assert [str(p) for p in validate(folder, cache_dir=cache)] == fresh
    reads.clear()
    assert [str(p) for p in validate(folder, cache_dir=cache)] == fresh
    assert reads == []


def test_an_error_across_files_is_found_when_only_one_file_changed(tmp_path, reads):
    folder = _small(tmp_path)
    cache = tmp_path / "cache"
    load(folder, cache_dir=cache)
    _rewrite(folder / "funding.csv", "河东县", "河北县")  # a county that does not exist
    reads.clear()
    cached = [str(p) for p in validate(folder, cache_dir=cache)]
    assert set(reads) == {"funding.csv"}  # read again for the value as written in the message
    assert cached == [str(p) for p in validate(folder)]
    assert any("第 3 行" in p and "不存在" in p and "河北县" in p for p in cached)
    with pytest.raises(Exception, match="河北县"):
        load(folder, cache_dir=cache)


def test_an_error_of_a_cached_file_is_kept_with_its_value(tmp_path, reads):
    folder = _small(tmp_path)
    _rewrite(folder / "funding.csv", "10.5,10.5", "-1.5,10.5")
    cache = tmp_path / "cache"
    fresh = validate(folder)
    first = validate(folder, cache_dir=cache)
    reads.clear()
    second = validate(folder, cache_dir=cache)
    assert reads == []
    assert second == first == fresh  # every field, values with their types
    bad = [p for p in second if p.is_error]
    assert [(p.row, p.value, p.message) for p in bad] == [(2, "-1.5", "不能为负数")]


def test_a_tampered_file_entry_is_read_again(tmp_path, capsys, reads):
    folder = _small(tmp_path)
    cache = tmp_path / "cache"
    first = load(folder, cache_dir=cache)
    funding = first.funding.copy()
    for entry in cache.glob("ledgers-*"):  # no folder entry: the file entries are used
        for f in entry.iterdir():
            f.unlink()
        entry.rmdir()
    parts = [p for p in (cache / "files").glob("*/part-0.parquet") if b"ZJ-1" in p.read_bytes()]
    assert len(parts) == 1
    data = bytearray(parts[0].read_bytes())
    data[len(data) // 2] ^= 0xFF
    parts[0].write_bytes(bytes(data))
    reads.clear()
    again = load(folder, cache_dir=cache)
    assert "台账缓存无效" in capsys.readouterr().err
    assert reads == ["funding.csv"]
    pd.testing.assert_frame_equal(again.funding, funding, check_exact=True)


def test_the_cache_of_another_folder_is_not_used(tmp_path, reads):
    a = _small(tmp_path / "a")
    b = _small(tmp_path / "b")
    _rewrite(b / "funding.csv", "20.25", "99.25")
    for f in b.iterdir():  # same names, sizes and times as a's files
        st = (a / f.name).stat()
        os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    cache = tmp_path / "cache"
    assert load(a, cache_dir=cache).funding["secured"].tolist() == [10.5, 20.25]
    reads.clear()
    assert load(b, cache_dir=cache).funding["secured"].tolist() == [10.5, 99.25]
    # a file's entry is named by its bytes: b's counties.csv, the same bytes as a's, is not
    # parsed again; its funding.csv, of the same name, size and time, is
    assert sorted(reads) == ["funding.csv"]


def test_tables_are_read_when_first_used(tmp_path):
    folder = _small(tmp_path)
    cache = tmp_path / "cache"
    load(folder, cache_dir=cache)
    ds = load(folder, cache_dir=cache)
    assert ds._tables.loaded() == []
    assert ds.has_column("funding", "channel") is False  # known without reading the table
    assert ds.funding["arrived"].tolist() == [10.5, 20.0]
    # and 行政区划, which says who the bureau is (a blank 所属县区 is a county bureau's own)
    assert ds._tables.loaded() == ["counties", "funding"]
    assert ds.ledgers_read == ["counties", "funding"]


def test_a_table_is_read_once_for_all_copies_and_each_copy_keeps_its_own(tmp_path, monkeypatch):
    """A kernel keeps one Dataset and gives each report a copy: a table first used in a copy
    is read from the cache once, and what one report changes never reaches another."""
    import wbanalysis.io.cache as cache_module

    folder = _small(tmp_path)
    cache = tmp_path / "cache"
    load(folder, cache_dir=cache)
    kept = load(folder, cache_dir=cache)
    reads_of: list[str] = []
    real = cache_module.read_parquet

    def spy(file, sha, name, columns=None):
        reads_of.append(name)
        return real(file, sha, name, columns)

    monkeypatch.setattr(cache_module, "read_parquet", spy)
    first, second = kept.copy(), kept.copy()
    first.funding.loc[0, "arrived"] = -1.0  # a report changing its table
    assert second.funding["arrived"].tolist() == [10.5, 20.0]
    assert kept.copy().funding["arrived"].tolist() == [10.5, 20.0]
    assert first.funding["arrived"].tolist() == [-1.0, 20.0]
    assert reads_of.count("funding") == 1
    assert second.ledgers_read == ["counties", "funding"]


def _same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(
        (isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y))
        or x == y
        for x, y in ((a[k], b[k]) for k in a)
    )


@pytest.mark.parametrize("county", [None, "白沙县"])
def test_the_indicators_from_the_cache_are_those_of_a_fresh_load(demo, demo_copy, tmp_path, county):
    cache = tmp_path / "cache"
    load(demo_copy, cache_dir=cache)
    cached = load(demo_copy, cache_dir=cache)
    for year in (2022, 2023):
        assert _same(
            compute_indicators(cached, year=year, county=county),
            compute_indicators(demo, year=year, county=county),
        )
    for name in demo:
        pd.testing.assert_frame_equal(cached[name], demo[name], check_exact=True)


def test_the_fast_row_path_keeps_every_row_a_person_reads(tmp_path):
    """Rows that look plain but are not: a header repeated, a 小计 in a later column, a
    one-cell caption, a note under the data."""
    text = (
        "资金编号,年度,月份,所属县区,资金级别,资金类别,争取金额（万元）,到位金额（万元）\n"
        "ZJ-1,2023,3,青山区,中央,中央水利发展资金,10.5,10.5\n"
        "2024年,,,,,,,\n"
        "资金编号,年度,月份,所属县区,资金级别,资金类别,争取金额（万元）,到位金额（万元）\n"
        "ZJ-2,2023,4,河东县,省级,省级水利专项资金,20.25,20\n"
        ",,,河东县小计,,,20.25,20\n"
        "ZJ-3,2023,5,青山区,中央,中央水利发展资金,1,1\n"
        "注：金额为万元\n"
    )
    folder = demo_subset(SAMPLE, tmp_path / "data", ["counties"])
    (folder / "funding.csv").write_text(text, encoding="utf-8")
    ds = load(folder)
    assert ds.funding["record_id"].tolist() == ["ZJ-1", "ZJ-2", "ZJ-3"]
    assert ds.funding["secured"].sum() == 31.75
    notices = [str(p) for p in ds.notices]
    assert any("第 3 行" in p and "分段标题行" in p for p in notices)
    assert any("第 4 行" in p and "重复的表头行" in p for p in notices)
    assert any("第 6 行" in p and "合计/小计行" in p for p in notices)
    assert any("第 8 行" in p and "签名或说明" in p for p in notices)


def test_a_part_whose_cache_entry_vanished_is_read_from_its_file(tmp_path):
    from wbanalysis.io.cache import FileCache

    folder = _small(tmp_path)
    cache = FileCache(tmp_path / "cache")
    _, read, _ = ledgers._read_parts(folder, cache)
    parts = {p.ledger.name: p for _, ps in read for p in ps}
    assert parts["funding"].frame is None  # in the cache, not in memory
    parts["funding"].stored.unlink()  # removed by another process meanwhile
    assert parts["funding"].table()["secured"].tolist() == [10.5, 20.25]
    assert parts["funding"].rows.tolist() == [2, 3]  # Excel rows


def test_a_part_whose_file_changed_meanwhile_is_an_error(tmp_path):
    from wbanalysis.errors import WbAnalysisError
    from wbanalysis.io.cache import FileCache

    folder = _small(tmp_path)
    _, read, _ = ledgers._read_parts(folder, FileCache(tmp_path / "cache"))
    part = next(p for _, ps in read for p in ps if p.ledger.name == "funding")
    part.stored.unlink()
    text = (folder / "funding.csv").read_text(encoding="utf-8-sig")
    (folder / "funding.csv").write_text(text.replace("合计", "ZJ-3"), encoding="utf-8-sig")
    with pytest.raises(WbAnalysisError, match="在读取过程中被修改"):
        part.table()


def test_a_cache_that_cannot_be_written_still_loads(tmp_path, capsys):
    folder = _small(tmp_path)
    blocked = tmp_path / "cache"
    blocked.write_text("a file, not a folder", encoding="utf-8")
    ds = load(folder, cache_dir=blocked)
    assert ds.funding["secured"].tolist() == [10.5, 20.25]
    assert "无法写入台账缓存" in capsys.readouterr().err


def test_a_table_of_a_changed_folder_is_never_mixed_into_an_older_dataset(tmp_path, capsys):
    from wbanalysis.errors import WbAnalysisError

    folder = _small(tmp_path)
    cache = tmp_path / "cache"
    load(folder, cache_dir=cache)
    one, two = load(folder, cache_dir=cache), load(folder, cache_dir=cache)  # nothing read yet
    entry = next(cache.glob("ledgers-*"))
    (entry / "funding.parquet").unlink()  # as if another process removed the entry
    assert one.funding["secured"].tolist() == [10.5, 20.25]  # same files: read again
    assert "台账缓存无效" in capsys.readouterr().err
    _rewrite(folder / "funding.csv", "20.25", "20.75")
    with pytest.raises(WbAnalysisError, match="不是同一版本"):
        two.__getitem__("funding")


# --- validated ledgers handed to another cache (a Dask worker's, Cluster.share_ledgers) ---


def _exported(tmp_path: Path):
    from wbanalysis.io.cache import DatasetCache

    folder = _small(tmp_path)
    load(folder, cache_dir=tmp_path / "client")
    exported = DatasetCache(tmp_path / "client").export(folder)
    assert exported is not None
    return folder, exported


def test_validated_ledgers_handed_over_are_used_without_reading_a_file(tmp_path, reads):
    from wbanalysis.io.cache import DatasetCache

    folder, (signature, files) = _exported(tmp_path)
    # the tables, and where their rows were read (a figure's 出处 reads no file again)
    assert sorted(files) == [
        "contents.json",
        "counties.parquet",
        "funding.parquet",
        "origins.parquet",
    ]
    assert DatasetCache(tmp_path / "worker").install(folder, signature, files)
    reads.clear()
    worker = load(folder, cache_dir=tmp_path / "worker")
    assert worker.funding["secured"].tolist() == [10.5, 20.25] and reads == []
    assert not (tmp_path / "worker" / "files").exists()  # nothing validated there


def test_handed_ledgers_of_other_files_are_refused(tmp_path, reads):
    from wbanalysis.io.cache import DatasetCache

    folder, (signature, files) = _exported(tmp_path)
    _rewrite(folder / "funding.csv", "20.25", "99.25")  # the worker sees a newer file
    assert not DatasetCache(tmp_path / "worker").install(folder, signature, files)
    assert not list((tmp_path / "worker").glob("ledgers-*"))
    reads.clear()
    assert load(folder, cache_dir=tmp_path / "worker").funding["secured"].tolist() == [10.5, 99.25]
    assert sorted(reads) == ["counties.csv", "funding.csv"]


def test_a_damaged_handed_table_is_refused_and_the_files_read(tmp_path, capsys, reads):
    from wbanalysis.io.cache import DatasetCache

    folder, (signature, files) = _exported(tmp_path)
    data = bytearray(files["funding.parquet"])
    data[len(data) // 2] ^= 0xFF
    files["funding.parquet"] = bytes(data)
    assert not DatasetCache(tmp_path / "worker").install(folder, signature, files)
    assert "台账缓存无效" in capsys.readouterr().err
    assert not list((tmp_path / "worker").glob("ledgers-*"))
    reads.clear()
    assert load(folder, cache_dir=tmp_path / "worker").funding["secured"].tolist() == [10.5, 20.25]
    assert sorted(reads) == ["counties.csv", "funding.csv"]


@pytest.mark.parametrize(
    "name", ["../evil.parquet", "sub/evil.parquet", "evil.py", "..\\evil.parquet"]
)
def test_a_handed_file_name_cannot_leave_the_cache_or_plant_code(tmp_path, name):
    from wbanalysis.io.cache import DatasetCache

    folder, (signature, files) = _exported(tmp_path)
    worker = tmp_path / "w" / "cache"
    assert not DatasetCache(worker).install(folder, signature, {**files, name: b"x"})
    assert [p.name for p in (tmp_path / "w").rglob("*")] == ["cache"]  # nothing left


def test_a_worker_keeps_one_handed_copy(tmp_path):
    from wbanalysis.io.cache import DatasetCache

    folder, (signature, files) = _exported(tmp_path)
    worker = DatasetCache(tmp_path / "worker")
    assert worker.install(folder, signature, files)
    _rewrite(folder / "funding.csv", "20.25", "99.25")  # the next build's ledgers
    load(folder, cache_dir=tmp_path / "client2")
    assert worker.install(folder, *DatasetCache(tmp_path / "client2").export(folder))
    assert len(list((tmp_path / "worker").glob("ledgers-*"))) == 1
    assert load(folder, cache_dir=tmp_path / "worker").funding["secured"].tolist() == [10.5, 99.25]
