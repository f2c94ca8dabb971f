"""Reservoir figures against values computed by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from wbanalysis.monitoring.reservoir import (
    flood_limit_exceedance,
    flood_limit_in_force,
    inflow_peak,
    max_water_level,
    storage_at,
)

# main flood season 0601–0831 at 100.0 m, then 0901–0930 at 101.0 m (the limit rises)
LIMITS = pd.DataFrame(
    {
        "STCD": ["R1", "R1", "R2"],
        "BGMD": ["0601", "0901", "0601"],
        "EDMD": ["0831", "0930", "0930"],
        "FSLTDZ": [100.0, 101.0, 50.0],
    }
)


def _records(stcd, rows):
    return pd.DataFrame(
        {
            "STCD": stcd,
            "TM": pd.to_datetime([t for t, *_ in rows]),
            "RZ": [r[1] for r in rows],
            "INQ": [r[2] if len(r) > 2 else None for r in rows],
        }
    )


# R1 hourly around the change of limit at 09-01 00:00
R1 = _records(
    "R1",
    [
        ("2023-05-31 23:00", 102.0),  # before any period: no limit, not above
        ("2023-08-31 21:00", 99.8),  # below 100
        ("2023-08-31 22:00", 100.5),  # above 100 by 0.5 → episode 1 begins
        ("2023-08-31 23:00", 100.6),  # above by 0.6 (the highest)
        ("2023-09-01 00:00", 100.7),  # limit now 101: not above → episode 1 ends
        ("2023-09-01 01:00", 101.2),  # above 101 by 0.2 → episode 2
        ("2023-09-01 01:00", 101.2),  # the same record again: counts once
        ("2023-09-01 02:00", 101.3),  # above by 0.3
        # 03:00–05:00 missing: a gap longer than the interval ends episode 2
        ("2023-09-01 06:00", 101.1),  # above by 0.1 → episode 3
        ("2023-10-01 00:00", 105.0),  # after every period: no limit
    ],
)


def test_the_limit_in_force_changes_with_the_date():
    got = flood_limit_in_force(R1, LIMITS)
    assert got.isna().tolist() == [True] + [False] * 8 + [True]
    assert got.dropna().tolist() == [100.0] * 3 + [101.0] * 5


def test_exceedance_hours_and_episodes_across_the_boundary_of_two_periods():
    got = flood_limit_exceedance(R1, LIMITS, interval="1h")
    row = got.loc["R1"]
    # above: 08-31 22:00, 23:00; 09-01 01:00 (once), 02:00, 06:00 → 5 records × 1 h
    assert row["hours"] == 5.0
    assert row["episodes"] == 3
    assert row["max_exceedance"] == pytest.approx(0.6)
    assert row["max_exceedance_time"] == pd.Timestamp("2023-08-31 23:00")


def test_exceedance_in_a_period_and_with_another_interval():
    # only September: 01:00, 02:00, 06:00 above
    got = flood_limit_exceedance(R1, LIMITS, interval="1h", start="2023-09-01", end="2023-09-30")
    assert got.loc["R1", "hours"] == 3.0 and got.loc["R1", "episodes"] == 2
    # a 4-hour interval: 02:00 → 06:00 is within it, so episodes 2 and 3 are one
    got = flood_limit_exceedance(R1, LIMITS, interval={"R1": "4h"})
    assert got.loc["R1", "hours"] == 20.0 and got.loc["R1", "episodes"] == 2


def test_a_reservoir_never_above_has_zero_hours_and_no_exceedance():
    r2 = _records("R2", [("2023-07-01 08:00", 49.0), ("2023-07-01 09:00", 50.0)])  # = limit
    got = flood_limit_exceedance(pd.concat([R1, r2]), LIMITS)
    assert got.index.tolist() == ["R1", "R2"]
    assert got.loc["R2", "hours"] == 0.0 and got.loc["R2", "episodes"] == 0
    assert pd.isna(got.loc["R2", "max_exceedance"])


def test_max_level_inflow_peak_and_storage():
    records = _records(
        "R1",
        [
            ("2023-07-01 08:00", 99.0, 10.0),
            ("2023-07-01 09:00", 101.5, 80.0),
            ("2023-07-01 10:00", 101.5, 80.0),  # the same level later: the first time is kept
            ("2023-07-01 11:00", 100.0, 20.0),
        ],
    ).assign(W=[3.0, 3.4, 3.4, 3.2])
    assert max_water_level(records).loc["R1"].to_dict() == {
        "level": 101.5,
        "time": pd.Timestamp("2023-07-01 09:00"),
    }
    assert inflow_peak(records).loc["R1", "inflow"] == 80.0
    assert inflow_peak(records, start="2023-07-01 10:00").loc["R1", "inflow"] == 20.0
    assert storage_at(records, "2023-07-01 10:30").loc["R1", "storage"] == 3.4
    assert storage_at(records, "2023-07-03 00:00").empty  # the last record is over a day old
    assert storage_at(records, "2023-07-03 00:00", tolerance="2D").loc["R1", "storage"] == 3.2
