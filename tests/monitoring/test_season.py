"""The demo folder, and the season's figures from the dataset a group of stations at a time."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from wbanalysis.monitoring import convert, read_monitoring
from wbanalysis.monitoring.demo import write_demo_monitoring
from wbanalysis.monitoring.rain import station_rainfall
from wbanalysis.monitoring.reservoir import flood_limit_exceedance
from wbanalysis.monitoring.season import season_figures

START, END = "2023-06-01", "2023-10-01"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    write_demo_monitoring(folder)
    return folder


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_the_demo_is_small_deterministic_and_valid(demo, tmp_path, counties):
    again = tmp_path / "again"
    write_demo_monitoring(again)
    assert _digests(again) == _digests(demo)
    assert sum(p.stat().st_size for p in demo.iterdir()) < 400_000
    data = read_monitoring(demo, counties=counties, now=pd.Timestamp("2024-01-01"))
    assert data.notices == []
    assert data.stations["STNM"].iloc[0] == "青山雨量站"  # the station table is GBK
    assert data["ST_RSVR_R"]["TM"].min() == pd.Timestamp("2023-06-01 01:00")
    linked = data.stations.set_index("STCD")["reservoir_id"].dropna().to_dict()
    assert linked == {"60200101": "R001", "60200102": "R002"}


def test_season_figures_from_the_dataset_equal_the_whole_frames(demo, tmp_path, counties):
    conversion = convert(
        demo, tmp_path / "store", counties=counties, now=pd.Timestamp("2024-01-01")
    )
    store = conversion.raise_for_errors()
    figures = season_figures(store, conversion.reference, start=START, end=END, batch=1)
    whole = read_monitoring(demo, counties=counties, now=pd.Timestamp("2024-01-01"))
    rain = station_rainfall(whole["ST_PPTN_R"], start=START, end=END)
    pd.testing.assert_series_equal(figures.rain["rainfall"], rain, check_names=False)
    above = flood_limit_exceedance(whole["ST_RSVR_R"], whole.flood_limits, start=START, end=END)
    pd.testing.assert_frame_equal(
        figures.reservoirs[above.columns], above, check_dtype=False, check_names=False
    )
    # every group size gives the same figures
    pd.testing.assert_frame_equal(
        season_figures(store, conversion.reference, start=START, end=END, batch=50).counties,
        figures.counties,
    )


def test_the_demo_tells_its_story(demo, tmp_path, counties):
    conversion = convert(
        demo, tmp_path / "store", counties=counties, now=pd.Timestamp("2024-01-01")
    )
    figures = season_figures(conversion.store, conversion.reference, start=START, end=END)
    reservoirs = figures.reservoirs
    assert reservoirs["expected"].tolist() == [2928, 2928]  # 122 days × 24 h
    assert reservoirs["received"].tolist() == [2928, 2928 - 24]  # R002 offline a day
    assert reservoirs.loc["60200101", "hours"] > reservoirs.loc["60200102", "hours"] > 0
    table = figures.counties
    assert table.loc["河东县", "arrival_rate"] == pytest.approx((2928 - 24) / 2928 * 100)
    assert table.loc["河西县", "reservoirs"] == 0 and pd.isna(table.loc["河西县", "arrival_rate"])
    assert (figures.rain["days_50"] >= 1).all()


def test_dask_gives_the_same_figures(demo, tmp_path, counties):
    import dask

    conversion = convert(
        demo, tmp_path / "store", counties=counties, now=pd.Timestamp("2024-01-01")
    )
    args = (conversion.store, conversion.reference)
    local = season_figures(*args, start=START, end=END)
    with dask.config.set(scheduler="synchronous"):  # 2 cores shared: no thread pool here
        lazy = season_figures(*args, start=START, end=END, engine="dask")
    for name in ("reservoirs", "rain", "counties"):
        pd.testing.assert_frame_equal(getattr(lazy, name), getattr(local, name), check_dtype=False)


def test_an_unknown_engine_is_refused(demo, tmp_path):
    from wbanalysis.errors import ParameterError

    conversion = convert(demo, tmp_path / "store", now=pd.Timestamp("2024-01-01"))
    with pytest.raises(ParameterError, match="不支持的计算引擎：'spark'；可选：pandas、dask"):
        season_figures(conversion.store, conversion.reference, start=START, end=END, engine="spark")
