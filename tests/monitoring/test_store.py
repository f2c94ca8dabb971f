"""The Parquet dataset: converted once, a changed file alone converted again, reads pushed down."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from wbanalysis.errors import MonitoringDataError
from wbanalysis.monitoring.folder import read_monitoring
from wbanalysis.monitoring.store import convert

NOW = pd.Timestamp("2023-10-01 00:00")

JULY = "STCD,TM,DRP,INTV\n60101,2023-07-01 09:00,1.5,1.00\n60102,2023-07-01 09:00,0.5,1.00\n"
AUGUST = "STCD,TM,DRP,INTV\n60101,2023-08-01 09:00,4.0,1.00\n60101,2023-08-01 10:00,2.0,1.00\n"


@pytest.fixture
def folder(make_folder):
    folder = make_folder(ST_PPTN_R=None)
    (folder / "ST_PPTN_R_2023-07.csv").write_text(JULY)
    (folder / "ST_PPTN_R_2023-08.csv").write_text(AUGUST)
    return folder


def _fragments(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.parquet"))


def test_records_land_in_table_year_month_partitions(folder, tmp_path):
    result = convert(folder, tmp_path / "store", now=NOW)
    store = result.raise_for_errors()
    assert [p.split("/")[:3] for p in _fragments(store.root)] == [
        ["ST_PPTN_R", "year=2023", "month=7"],
        ["ST_PPTN_R", "year=2023", "month=8"],
        ["ST_RSVR_R", "year=2023", "month=8"],  # 22:00 and 23:00 of 31 August
        ["ST_RSVR_R", "year=2023", "month=9"],  # 00:00 of 1 September
    ]
    assert store.months("ST_RSVR_R") == [(2023, 8), (2023, 9)]
    rain = store.read("ST_PPTN_R")
    assert rain[["STCD", "DRP", "_file", "_row"]].values.tolist() == [
        ["60101", 1.5, "ST_PPTN_R_2023-07.csv", 2],
        ["60101", 4.0, "ST_PPTN_R_2023-08.csv", 2],
        ["60101", 2.0, "ST_PPTN_R_2023-08.csv", 3],
        ["60102", 0.5, "ST_PPTN_R_2023-07.csv", 3],
    ]
    # the same records as the folder read whole
    whole = read_monitoring(folder, now=NOW)["ST_PPTN_R"]
    key = ["STCD", "TM"]
    pd.testing.assert_frame_equal(
        rain.sort_values(key, ignore_index=True)[whole.columns],
        whole.sort_values(key, ignore_index=True),
        check_dtype=False,
    )


def test_reads_push_time_and_station_filters_down(folder, tmp_path):
    store = convert(folder, tmp_path / "store", now=NOW).raise_for_errors()
    # start < TM <= end: the record at 09:00 is the rain of 08:00–09:00
    august = store.read("ST_PPTN_R", start="2023-08-01 09:00", end="2023-08-31")
    assert august["TM"].tolist() == [pd.Timestamp("2023-08-01 10:00")]
    one = store.read("ST_PPTN_R", stations=["60102"], columns=["DRP"])
    assert one.columns.tolist() == ["STCD", "TM", "DRP"] and one["DRP"].tolist() == [0.5]
    # the month folders outside the range are not even listed by the scan
    dataset = store.dataset("ST_PPTN_R")
    scanned = list(dataset.get_fragments(filter=store.filter(start="2023-08-01", end="2023-08-31")))
    assert [os.path.basename(os.path.dirname(f.path)) for f in scanned] == ["month=8"]
    batches = list(store.batches("ST_PPTN_R", ["60101", "60102"], size=1))
    assert [b["STCD"].unique().tolist() for b in batches] == [["60101"], ["60102"]]


def test_only_a_changed_file_is_converted_again(folder, tmp_path):
    root = tmp_path / "store"
    first = convert(folder, root, now=NOW)
    assert sorted(first.converted) == [
        "ST_PPTN_R_2023-07.csv",
        "ST_PPTN_R_2023-08.csv",
        "ST_RSVR_R.csv",
    ]
    again = convert(folder, root, now=NOW)
    assert again.converted == [] and len(again.skipped) == 3
    before = _fragments(root)
    (folder / "ST_PPTN_R_2023-08.csv").write_text(AUGUST.replace("4.0", "5.0"))
    changed = convert(folder, root, now=NOW)
    assert changed.converted == ["ST_PPTN_R_2023-08.csv"]
    after = _fragments(root)
    assert [p for p in before if p not in after] == [
        p for p in before if "month=8" in p and "PPTN" in p
    ]
    assert changed.store.read("ST_PPTN_R", start="2023-08-01")["DRP"].tolist() == [5.0, 2.0]
    (folder / "ST_PPTN_R_2023-07.csv").unlink()
    removed = convert(folder, root, now=NOW)
    assert removed.store.months("ST_PPTN_R") == [(2023, 8)]


def test_problems_are_reported_on_every_run_not_only_the_first(folder, tmp_path):
    (folder / "ST_PPTN_R_2023-08.csv").write_text(
        AUGUST + "60101,2023-08-01 10:00,2.5,1.00\n69999,2023-08-02 10:00,-1,1\n"
    )
    root = tmp_path / "store"
    runs = [convert(folder, root, now=NOW) for _ in range(2)]
    assert runs[1].converted == []
    for run in runs:
        assert [(p.file, p.rows or (p.row,), p.column, p.message[:8]) for p in run.errors] == [
            ("ST_PPTN_R_2023-08.csv", (5,), "DRP", "降水量不能为负"),
            ("ST_PPTN_R_2023-08.csv", (5,), "STCD", "测站编码不在测站"),
            ("ST_PPTN_R_2023-08.csv", (3, 4), "TM", "同一测站同一时间"),
        ]
        with pytest.raises(MonitoringDataError):
            run.raise_for_errors()


def test_the_future_is_judged_by_the_time_of_each_run(folder, tmp_path):
    root = tmp_path / "store"
    early = convert(folder, root, now=pd.Timestamp("2023-08-01 09:30"))
    assert [(p.file, p.row, p.column) for p in early.errors] == [
        ("ST_PPTN_R_2023-08.csv", 3, "TM"),
        ("ST_RSVR_R.csv", 2, "TM"),  # rows 2–4 over two months: one problem
    ]
    later = convert(folder, root, now=NOW)
    assert later.converted == [] and later.errors == []


def test_dask_reads_the_same_records(folder, tmp_path):
    store = convert(folder, tmp_path / "store", now=NOW).raise_for_errors()
    lazy = store.to_dask("ST_PPTN_R", start="2023-07-01", end="2023-08-01 09:00")
    got = lazy.compute().sort_values(["STCD", "TM"], ignore_index=True)
    want = store.read("ST_PPTN_R", start="2023-07-01", end="2023-08-01 09:00")
    assert got[["STCD", "TM", "DRP"]].values.tolist() == want[["STCD", "TM", "DRP"]].values.tolist()
