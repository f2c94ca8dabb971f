"""Conversion at scale: a file read a chunk at a time gives the same store as read whole, a
duplicate across a chunk border is reported, one conversion at a time writes a store, and the
generated province is valid."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from wbanalysis.monitoring.demo import write_province_monitoring
from wbanalysis.monitoring.folder import validate_monitoring
from wbanalysis.monitoring.read import find_table_files, read_table_chunks, scan_file
from wbanalysis.monitoring.store import convert

NOW = pd.Timestamp("2023-10-01 00:00")
ROOT = Path(__file__).resolve().parents[2]

# a blank line (row 5), a bad time (row 6), negative rain (rows 3 and 8), and a duplicate of
# row 7 at row 9 with another value: across every border of chunks of 2 or 3 records
RAIN = (
    "STCD,TM,DRP,INTV\n"
    "60101,2023-07-01 09:00,1.5,1.00\n"  # 2
    "60101,2023-07-01 10:00,-2.0,1.00\n"  # 3
    "60102,2023-07-01 09:00,0.5,1.00\n"  # 4
    "\n"  # 5
    "60102,7月1日,0.5,1.00\n"  # 6
    "60102,2023-08-01 10:00,3.0,1.00\n"  # 7
    "60101,2023-08-01 09:00,-1.0,1.00\n"  # 8
    "60102,2023-08-01 10:00,3.5,1.00\n"  # 9
)


def _problems(result) -> list[str]:
    return sorted(str(p) for p in result.problems)


def _records(store, table: str) -> pd.DataFrame:
    return store.read(table).drop(columns=["year", "month"], errors="ignore")


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_chunked_reading_gives_the_store_of_whole_file_reading(make_folder, tmp_path, encoding):
    folder = make_folder(encoding=encoding, ST_PPTN_R=RAIN)
    whole = convert(folder, tmp_path / "whole", now=NOW, chunk_rows=10**6)
    for rows in (1, 2, 3):
        chunked = convert(folder, tmp_path / f"chunks-{rows}", now=NOW, chunk_rows=rows)
        assert _problems(chunked) == _problems(whole)
        for table in ("ST_PPTN_R", "ST_RSVR_R"):
            pd.testing.assert_frame_equal(
                _records(chunked.store, table), _records(whole.store, table)
            )
    # rows as the file shows them, the blank line counted
    rain = _records(whole.store, "ST_PPTN_R")
    assert rain["_row"].tolist() == [2, 3, 8, 4, 7, 9]
    shown = {(p.column, p.message): p.rows or (p.row,) for p in whole.problems}
    assert shown[("DRP", "降水量不能为负")] == (3, 8)
    assert shown[("TM", "时间无法识别")] == (6,)
    # the same problems as the folder read whole into memory
    read_whole = validate_monitoring(folder, now=NOW)[1]
    assert sorted(str(p) for p in read_whole) == _problems(whole)


def test_a_duplicate_across_a_chunk_border_is_reported(make_folder, tmp_path):
    folder = make_folder(ST_PPTN_R=RAIN)
    rain = next(tf for tf in find_table_files(folder) if tf.table == "ST_PPTN_R")
    chunks = list(read_table_chunks(rain, scan_file(rain).encoding, chunk_rows=2))
    # rows 7 and 9 are in different chunks
    assert [c["_row"].tolist() for c, _ in chunks] == [[2, 3], [4], [6, 7], [8, 9]]
    result = convert(folder, tmp_path / "store", now=NOW, chunk_rows=2)
    duplicates = [p for p in result.errors if p.message.startswith("同一测站同一时间")]
    assert [(p.file, p.rows, p.values) for p in duplicates] == [
        ("ST_PPTN_R.csv", (7, 9), ("60102 2023-08-01 10:00",))
    ]


def test_checks_a_group_of_stations_at_a_time_find_what_a_whole_month_does(
    make_folder, tmp_path, monkeypatch
):
    from wbanalysis.monitoring import store

    unknown = RAIN + "69999,2023-08-01 11:00,1.0,1.00\n60101,2023-08-01 09:00,-1.0,1.00\n"
    folder = make_folder(ST_PPTN_R=unknown)
    whole = convert(folder, tmp_path / "whole", now=pd.Timestamp("2023-07-01 09:30"))
    monkeypatch.setattr(store, "CHECK_ROWS", 1)  # every station a group of its own
    grouped = convert(folder, tmp_path / "grouped", now=pd.Timestamp("2023-07-01 09:30"))
    assert _problems(grouped) == _problems(whole)
    assert {p.message[:8] for p in whole.errors} >= {
        "测站编码不在测站",
        "同一测站同一时间",
        "时间晚于当前时间",
    }


def test_a_file_that_cannot_be_parsed_leaves_nothing_behind(make_folder, tmp_path):
    bad = RAIN + "60101,2023-08-02 10:00,1.0,1.00,extra,fields\n"
    folder = make_folder(ST_PPTN_R=bad)
    result = convert(folder, tmp_path / "store", now=NOW, chunk_rows=2)
    assert [p.message[:10] for p in result.errors if p.file == "ST_PPTN_R.csv"] == [
        "CSV 格式无法解析"
    ]
    assert result.store.months("ST_PPTN_R") == []
    assert not list((tmp_path / "store").glob(".scratch/*"))


def test_a_second_conversion_waits_for_the_first(make_folder, tmp_path):
    from filelock import FileLock

    folder = make_folder()
    root = tmp_path / "store"
    root.mkdir()
    held = FileLock(str(root / "convert.lock"))
    held.acquire()
    done: list = []
    worker = threading.Thread(target=lambda: done.append(convert(folder, root, now=NOW)))
    worker.start()
    time.sleep(0.5)
    assert not done and not (root / "manifest.json").exists()  # waiting, nothing written
    held.release()
    worker.join(timeout=30)
    assert done and done[0].errors == []
    held.acquire()
    with pytest.raises(Exception, match="另一个转换正在写入监测数据集"):
        convert(folder, root, now=NOW, lock_timeout=0.1)
    held.release()


_CONVERT = """
import sys
from wbanalysis.monitoring.store import convert
result = convert(sys.argv[1], sys.argv[2], now="2024-01-01", chunk_rows=5000)
print(len(result.converted), len(result.errors))
"""


@pytest.mark.slow
def test_concurrent_conversions_leave_one_valid_store(tmp_path):
    folder = tmp_path / "province"
    write_province_monitoring(folder, gauges=6, reservoirs=3, years=[2023])
    root = tmp_path / "store"
    env = {"PYTHONPATH": str(ROOT)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _CONVERT, str(folder), str(root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**__import__("os").environ, **env},
        )
        for _ in range(2)
    ]
    outputs = [r.communicate(timeout=300) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outputs
    counts = sorted(tuple(map(int, out.split())) for out, _ in outputs)
    assert counts == [(0, 0), (24, 0)]  # one converted every file, the other none
    alone = convert(folder, tmp_path / "alone", now="2024-01-01")
    for table in ("ST_PPTN_R", "ST_RSVR_R"):
        pd.testing.assert_frame_equal(
            _records(convert(folder, root, now="2024-01-01").store, table),
            _records(alone.store, table),
        )


def test_the_generated_province_is_valid(tmp_path):
    folder = tmp_path / "province"
    written = write_province_monitoring(
        folder, gauges=4, reservoirs=2, rain_step="1h", reservoir_step="15min", years=[2023]
    )
    files = find_table_files(folder)
    assert sum(tf.table == "ST_PPTN_R" for tf in files) == 12  # one file per month
    monitoring, problems = validate_monitoring(folder, now=NOW + pd.Timedelta(days=120))
    assert [p for p in problems if p.is_error] == []
    rain, reservoir = monitoring["ST_PPTN_R"], monitoring["ST_RSVR_R"]
    assert (len(rain), len(reservoir)) == (written["ST_PPTN_R"], written["ST_RSVR_R"])
    # every hour and every quarter, less the offline spans (none silent among two reservoirs)
    assert 0.95 * 4 * 8760 <= len(rain) <= 4 * 8760
    assert 0.95 * 2 * 4 * 8760 <= len(reservoir) <= 2 * 4 * 8760
    assert set(monitoring.stations["county"]) <= {"青山区", "河东县", "河西县", "龙泉县"}
    assert (rain["DRP"] >= 0).all() and rain["DRP"].max() > 5
    # the same arguments, the same bytes
    again = tmp_path / "again"
    write_province_monitoring(
        again, gauges=4, reservoirs=2, rain_step="1h", reservoir_step="15min", years=[2023]
    )
    for path in folder.rglob("*.csv"):
        assert path.read_bytes() == (again / path.relative_to(folder)).read_bytes()
