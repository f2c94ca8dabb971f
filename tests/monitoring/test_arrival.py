"""到报率 against values computed by hand: gaps missing, duplicates once."""

from __future__ import annotations

import pandas as pd
import pytest

from wbanalysis.monitoring.arrival import arrival_rate, county_arrival_rate, reporting_share

START, END = pd.Timestamp("2023-07-01 00:00"), pd.Timestamp("2023-07-02 00:00")


def _times(*stamps):
    return pd.to_datetime(list(stamps))


def test_gaps_are_missing_and_duplicates_count_once():
    hours = pd.date_range("2023-07-01 01:00", END, freq="h")  # the 24 expected
    a = hours.delete([3, 4, 5])  # 04:00–06:00 never arrived: 21 of 24
    a = a.append(_times("2023-07-01 08:00", "2023-07-01 08:00"))  # sent thrice in all
    b = _times("2023-07-01 00:30", "2023-07-01 00:40")  # both in interval 1: one record
    c = _times("2023-07-01 00:00", "2023-07-02 01:00")  # outside (start, end]: none
    records = pd.DataFrame(
        {"STCD": ["A"] * len(a) + ["B"] * 2 + ["C"] * 2, "TM": a.append(b).append(c)}
    )
    got = arrival_rate(records, ["A", "B", "C", "D"], start=START, end=END, interval="1h")
    assert got["received"].to_dict() == {"A": 21, "B": 1, "C": 0, "D": 0}
    assert got["expected"].tolist() == [24] * 4
    assert got.loc["A", "rate"] == pytest.approx(87.5)
    assert got.loc["B", "rate"] == pytest.approx(100 / 24)


def test_each_station_its_own_interval():
    five = pd.date_range("2023-07-01 00:05", "2023-07-01 01:00", freq="5min")  # 12
    records = pd.DataFrame(
        {"STCD": ["F"] * 12 + ["H"], "TM": five.append(_times("2023-07-01 01:00"))}
    )
    got = arrival_rate(
        records, ["F", "H"], start=START, end="2023-07-01 02:00", interval={"F": "5min", "H": "1h"}
    )
    assert got.to_dict("index") == {
        "F": {"received": 12, "expected": 24, "rate": 50.0},
        "H": {"received": 1, "expected": 2, "rate": 50.0},
    }


def test_county_rates_pool_the_records_and_the_share_reporting():
    rates = pd.DataFrame(
        {"received": [21, 1, 0, 0], "expected": [24, 24, 24, 24]},
        index=pd.Index(["A", "B", "C", "D"], name="STCD"),
    )
    counties = pd.Series({"A": "甲县", "B": "甲县", "C": "乙县", "D": "乙县"})
    got = county_arrival_rate(rates, counties)
    assert got.loc["甲县", "rate"] == pytest.approx(22 / 48 * 100)
    assert got.loc["乙县", "rate"] == 0.0
    assert reporting_share(rates, counties).to_dict() == {"甲县": 100.0, "乙县": 0.0}
    assert reporting_share(rates).to_dict() == {"": 50.0}


def test_no_record_at_all():
    empty = pd.DataFrame({"STCD": pd.Series(dtype=object), "TM": pd.Series(dtype="datetime64[us]")})
    got = arrival_rate(empty, ["A"], start=START, end=END)
    assert got.to_dict("index") == {"A": {"received": 0, "expected": 24, "rate": 0.0}}
