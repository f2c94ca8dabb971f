"""A small monitoring folder for the demo city: a few stations, one flood season, hourly.

:func:`write_demo_monitoring` writes the national tables (SL 323 names) as the platforms
export them: the station table in GBK (Excel on Chinese Windows), the records in UTF-8. The
same seed gives the same bytes. The stations lie in the demo city's counties (区划代码
990102, 990121 …); ``测站县区对照.csv`` links the two reservoir stations to the demo 水库名录
(R001 青山中型水库, R002 龙川中型水库).

What the data shows, by construction: showers all season and two storms (22 June, 15–16 July);
R001 rising above its 汛限水位 after each storm, R002 only briefly after the second; a gauge
offline for a day and a half and a reservoir station for a day (到报率 below 100 %); the
汛限水位 rising on 1 September.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["DEMO_STATIONS", "DEMO_FLOOD_LIMITS", "write_demo_monitoring"]

#: STCD, STNM, STTP, ADDVCD, LGTD, LTTD of the demo stations.
DEMO_STATIONS = (
    ("60100101", "青山雨量站", "PP", "990102", 112.41, 28.21),
    ("60100102", "河东雨量站", "PP", "990121", 112.55, 28.05),
    ("60100103", "河西雨量站", "PP", "990122", 112.20, 28.02),
    ("60100104", "龙泉雨量站", "PP", "990123", 112.63, 27.88),
    ("60200101", "青山中型水库", "RR", "990102", 112.45, 28.25),
    ("60200102", "龙川中型水库", "RR", "990121101", 112.58, 28.09),
)

#: STCD, BGMD, EDMD, FSLTDZ (m), FSLTDW (百万m³): main flood season, then the later season.
DEMO_FLOOD_LIMITS = (
    ("60200101", "0601", "0831", 152.00, 9.80),
    ("60200101", "0901", "0930", 153.00, 10.60),
    ("60200102", "0601", "0831", 214.50, 11.20),
    ("60200102", "0901", "0930", 215.20, 11.90),
)

#: Dam crest and dead water level (``ST_RSVRFCCH_B``), m.
_CONTROL = (("60200101", 158.00, 140.00), ("60200102", 221.00, 203.00))

#: Water level at the start of the season, m; storage at that level (百万m³); 百万m³ per m.
_START = {"60200101": (150.80, 8.85, 0.80), "60200102": (213.20, 10.20, 0.78)}

#: Offline spans (STCD, first missing hour, hours): no record is sent.
_OFFLINE = (("60100103", "07-20 10:00", 36), ("60200102", "08-10 00:00", 24))


def _hourly_rain(rng: np.random.Generator, hours: pd.DatetimeIndex, storms) -> np.ndarray:
    """Hourly rain of one gauge, mm: showers (wet hours 4 %) and the storms given."""
    wet = rng.random(len(hours)) < 0.04
    rain = np.where(wet, rng.gamma(0.8, 3.0, len(hours)), 0.0)
    for centre, peak in storms:
        offset = (hours - pd.Timestamp(centre)) / pd.Timedelta(hours=1)
        shape = np.exp(-0.5 * (np.asarray(offset, dtype=float) / 5.0) ** 2)
        rain += peak * shape * rng.uniform(0.7, 1.3, len(hours))
    return np.round(np.where(rain < 0.1, 0.0, rain), 1)


def _rain_table(rng: np.random.Generator, hours: pd.DatetimeIndex) -> pd.DataFrame:
    year = hours[0].year
    storms = ((f"{year}-06-22 03:00", 9.0), (f"{year}-07-15 20:00", 14.0))
    parts = []
    for stcd, *_rest in DEMO_STATIONS:
        if _rest[1] != "PP":
            continue
        scale = rng.uniform(0.8, 1.2)
        rain = _hourly_rain(rng, hours, [(c, p * scale) for c, p in storms])
        frame = pd.DataFrame({"STCD": stcd, "TM": hours, "DRP": rain})
        # a gauge reports an hour with rain, and at 08:00 every day (日降水量 DYP)
        day = (frame["TM"] - pd.Timedelta(hours=8, microseconds=1)).dt.normalize()
        daily = frame.groupby(day)["DRP"].transform("sum")
        at_eight = frame["TM"].dt.hour == 8
        frame["DYP"] = np.where(at_eight, daily, np.nan)
        parts.append(frame[(frame["DRP"] > 0) | at_eight])
    table = pd.concat(parts, ignore_index=True)
    table["INTV"] = 1.0
    return table[["STCD", "TM", "DRP", "INTV", "DYP"]]


def _reservoir_table(
    rng: np.random.Generator, hours: pd.DatetimeIndex, rain: pd.DataFrame
) -> pd.DataFrame:
    area_rain = (
        rain.pivot_table(index="TM", columns="STCD", values="DRP", aggfunc="sum")
        .reindex(hours, fill_value=0.0)
        .fillna(0.0)
        .mean(axis=1)
        .to_numpy()
    )
    parts = []
    for stcd, (level0, storage0, per_metre) in _START.items():
        response = 0.030 if stcd == "60200101" else 0.012
        inflow = 4.0 + np.convolve(area_rain, np.exp(-np.arange(48) / 10.0))[: len(hours)] * 3.0
        inflow *= rng.uniform(0.9, 1.1, len(hours))
        # a linear reservoir: rain raises the level, which falls back towards level0 (~4 days)
        level = np.empty(len(hours))
        current = level0
        for i, rain_now in enumerate(area_rain):
            current += response * rain_now - (current - level0) / 96.0
            level[i] = current
        outflow = np.where(level > level0 + 1.0, inflow * 0.9, 5.0)
        parts.append(
            pd.DataFrame(
                {
                    "STCD": stcd,
                    "TM": hours,
                    "RZ": np.round(level, 2),
                    "INQ": np.round(inflow, 1),
                    "W": np.round(storage0 + (level - level0) * per_metre, 3),
                    "OTQ": np.round(outflow, 1),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _offline(table: pd.DataFrame, year: int) -> pd.DataFrame:
    keep = np.ones(len(table), dtype=bool)
    for stcd, first, count in _OFFLINE:
        begin = pd.Timestamp(f"{year}-{first}")
        gone = (table["STCD"] == stcd) & (table["TM"] >= begin)
        gone &= table["TM"] < begin + pd.Timedelta(hours=count)
        keep &= ~gone.to_numpy()
    return table[keep]


def _csv(frame: pd.DataFrame, path: Path, encoding: str = "utf-8") -> None:
    text = frame.to_csv(index=False, date_format="%Y-%m-%d %H:%M", lineterminator="\n")
    path.write_bytes(text.encode(encoding))


def write_demo_monitoring(folder: str | Path, *, year: int = 2023, seed: int = 2023) -> list[Path]:
    """Write the demo monitoring folder (June–September of ``year``, hourly) and return the
    files written (about 300 KB in all). The same ``year`` and ``seed`` give the same bytes."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    hours = pd.date_range(f"{year}-06-01 01:00", f"{year}-10-01 00:00", freq="h")
    rain = _rain_table(rng, hours)
    reservoir = _reservoir_table(rng, hours, rain)
    stations = pd.DataFrame(
        DEMO_STATIONS, columns=["STCD", "STNM", "STTP", "ADDVCD", "LGTD", "LTTD"]
    )
    limits = pd.DataFrame(DEMO_FLOOD_LIMITS, columns=["STCD", "BGMD", "EDMD", "FSLTDZ", "FSLTDW"])
    control = pd.DataFrame(_CONTROL, columns=["STCD", "DAMEL", "DDZ"])
    mapping = pd.DataFrame({"STCD": ["60200101", "60200102"], "水库编号": ["R001", "R002"]})
    written = []
    for name, frame, encoding in (
        ("测站县区对照", mapping, "gbk"),
        ("ST_STBPRP_B", stations, "gbk"),
        ("ST_RSVRFSR_B", limits, "utf-8"),
        ("ST_RSVRFCCH_B", control, "utf-8"),
        ("ST_PPTN_R", _offline(rain, year), "utf-8"),
        ("ST_RSVR_R", _offline(reservoir, year), "utf-8"),
    ):
        path = folder / f"{name}.csv"
        _csv(frame, path, encoding)
        written.append(path)
    return written
