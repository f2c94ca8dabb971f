"""Rainfall figures against values computed by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from wbanalysis.monitoring.rain import (
    area_rainfall,
    daily_rainfall,
    max_rainfall,
    rain_days,
    station_rainfall,
)


def _rain(rows):
    return pd.DataFrame(
        {
            "STCD": [s for s, _, _ in rows],
            "TM": pd.to_datetime([t for _, t, _ in rows]),
            "DRP": [d for _, _, d in rows],
        }
    )


# A: a storm over the night of 1–2 July; B: light rain; C: one heavy hour; D: no rain.
RAIN = _rain(
    [
        ("A", "2023-07-01 08:00", 3.0),  # the rain of 07–08 on 1 July: day 30 June
        ("A", "2023-07-01 20:00", 12.0),
        ("A", "2023-07-01 21:00", 30.0),
        ("A", "2023-07-01 21:00", 30.0),  # repeated record: counted once
        ("A", "2023-07-01 22:00", 25.0),
        ("A", "2023-07-02 08:00", 8.0),  # still day 1 July (08:00 is its end)
        ("A", "2023-07-02 09:00", 60.0),  # day 2 July
        ("A", "2023-07-02 10:00", 45.0),
        ("B", "2023-07-01 21:00", 2.0),
        ("B", "2023-07-02 09:00", 4.0),
        ("C", "2023-07-02 15:00", 101.0),
        ("D", "2023-07-02 09:00", 0.0),
    ]
)
COUNTIES = pd.Series({"A": "甲县", "B": "甲县", "C": "乙县", "D": "乙县", "E": "乙县"})


def test_rainfall_per_station_counts_a_repeated_record_once():
    assert station_rainfall(RAIN).to_dict() == {"A": 183.0, "B": 6.0, "C": 101.0, "D": 0.0}
    # (start, end]: the record stamped 08:00 on 1 July is the rain before it
    got = station_rainfall(RAIN, start="2023-07-01 08:00", end="2023-07-02 08:00")
    assert got.to_dict() == {"A": 75.0, "B": 2.0}


def test_area_mean_is_the_mean_of_the_county_stations_with_figures():
    means = area_rainfall(station_rainfall(RAIN), COUNTIES)
    # 甲县 (183 + 6) / 2; 乙县 (101 + 0) / 2 — E has no record and is not counted as 0
    assert means.to_dict() == {"甲县": 94.5, "乙县": 50.5}


def test_max_one_hour_and_24_hours():
    one = max_rainfall(RAIN, "1h")
    assert one["rainfall"].to_dict() == {"A": 60.0, "B": 4.0, "C": 101.0, "D": 0.0}
    assert one.loc["A", "end"] == pd.Timestamp("2023-07-02 09:00")
    day = max_rainfall(RAIN, "24h")
    # A: the 24 h ending 2 July 10:00 (after 1 July 10:00): 12+30+25+8+60+45 = 180
    assert day.loc["A", "rainfall"] == pytest.approx(180.0)
    assert day.loc["A", "end"] == pd.Timestamp("2023-07-02 10:00")
    assert day.loc["B", "rainfall"] == 6.0  # 1 July 21:00 and 2 July 09:00, 12 h apart


def test_daily_rainfall_runs_from_eight_to_eight():
    days = daily_rainfall(RAIN).set_index(["STCD", "day"])["rainfall"]
    assert days.loc["A"].to_dict() == {
        pd.Timestamp("2023-06-30"): 3.0,
        pd.Timestamp("2023-07-01"): 75.0,  # 12 + 30 + 25 + 8
        pd.Timestamp("2023-07-02"): 105.0,  # 60 + 45
    }
    midnight = daily_rainfall(RAIN, day_start=0).set_index(["STCD", "day"])["rainfall"]
    assert midnight.loc["A"].to_dict() == {
        pd.Timestamp("2023-07-01"): 70.0,  # 3 + 12 + 30 + 25
        pd.Timestamp("2023-07-02"): 113.0,  # 8 + 60 + 45
    }


def test_days_of_heavy_rain():
    assert rain_days(RAIN, 50).to_dict() == {"A": 2, "B": 0, "C": 1, "D": 0}
    assert rain_days(RAIN, 100).to_dict() == {"A": 1, "B": 0, "C": 1, "D": 0}
