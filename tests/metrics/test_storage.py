"""冬春蓄水 against target."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from wbanalysis.metrics import storage as m


@pytest.fixture
def storage() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "reservoir_id": ["R1", "R2", "R3", "R1", "R2"],
            "season": ["2022－2023年冬春"] * 3 + ["2021－2022年冬春"] * 2,
            "target": [4000.0, 2000.0, 415.36, 100.0, 100.0],
            "actual": [4400.0, 1900.0, 336.0, 90.0, 80.0],
            "county": ["甲县", "乙县", "乙县", "甲县", "乙县"],
            "year": pd.array([2023, 2023, 2023, 2022, 2022], dtype="Int64"),
        }
    )


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"year": 2023}, [6415.36, 6636.0, 220.64, 6636 / 6415.36 * 100]),
        ({"year": 2023, "county": "乙县"}, [2415.36, 2236.0, -179.36, 2236 / 2415.36 * 100]),
        ({"year": 2022}, [200.0, 170.0, -30.0, 85.0]),
    ],
)
def test_storage_totals(storage, kwargs, expected):
    out = m.storage_totals(storage, **kwargs)
    assert list(out.index) == ["target", "actual", "surplus", "completion_rate"]
    assert out.tolist() == pytest.approx(expected)


def test_storage_totals_empty_year(storage):
    out = m.storage_totals(storage, year=2030)
    assert out[["target", "actual", "surplus"]].tolist() == [0.0, 0.0, 0.0]
    assert math.isnan(out["completion_rate"])


def test_storage_by_reservoir(storage):
    reservoirs = pd.DataFrame(
        {
            "reservoir_id": ["R1", "R2", "R3"],
            "name": ["一库", "二库", "三库"],
            "scale": ["中型", "小(1)型", "小(2)型"],
        }
    )
    t = m.storage_by_reservoir(storage, year=2023, reservoirs=reservoirs)
    assert t["reservoir_id"].tolist() == ["R2", "R3", "R1"]  # largest shortfall first
    assert t["surplus"].tolist() == pytest.approx([-100.0, -79.36, 400.0])
    assert t["name"].tolist() == ["二库", "三库", "一库"]
    assert t.loc[2, "completion_rate"] == pytest.approx(110.0)


def test_storage_by_county(storage):
    t = m.storage_by_county(storage, year=2023, counties=["甲县", "乙县", "丙县"])
    assert list(t.index) == ["甲县", "乙县", "丙县", "全市"]
    assert t.loc["全市", "surplus"] == pytest.approx(220.64)
    assert t.loc["丙县", "target"] == 0.0 and math.isnan(t.loc["丙县", "completion_rate"])
    assert t.loc["乙县", "surplus"] < 0


def test_zero_target_gives_nan_rate():
    s = pd.DataFrame(
        {
            "reservoir_id": ["R1"],
            "county": ["甲县"],
            "year": pd.array([2023], dtype="Int64"),
            "target": [0.0],
            "actual": [5.0],
        }
    )
    assert math.isnan(m.storage_totals(s, year=2023)["completion_rate"])
    assert m.storage_totals(s, year=2023)["surplus"] == 5.0


def test_inputs_not_mutated(storage):
    before = storage.copy()
    m.storage_by_reservoir(storage, year=2023)
    m.storage_by_county(storage, year=2023)
    pd.testing.assert_frame_equal(storage, before)
