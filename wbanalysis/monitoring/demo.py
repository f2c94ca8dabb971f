"""Generated monitoring folders: the demo city (a few stations, one flood season, hourly) and a
province of any size (:func:`write_province_monitoring`, for the benchmarks).

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

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ParameterError

__all__ = [
    "DEMO_STATIONS",
    "DEMO_FLOOD_LIMITS",
    "STEPS",
    "write_demo_monitoring",
    "write_province_monitoring",
]

#: The demo city's counties (name, 区划代码), where a generated province's stations lie by
#: default.
_DEMO_COUNTIES = (
    ("青山区", "990102"),
    ("河东县", "990121"),
    ("河西县", "990122"),
    ("龙泉县", "990123"),
    ("白沙县", "990124"),
    ("永宁县", "990125"),
    ("清溪县", "990126"),
)

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


# ---- a generated province (for the benchmarks) ---------------------------------------------

#: Reporting steps a generated province can use, and their period length INTV (hh.nn).
STEPS = {"5min": 0.05, "15min": 0.15, "30min": 0.30, "1h": 1.00}

#: Stations generated, then written, this many at a time (memory is bounded by a block).
_BLOCK = 200


@dataclass(frozen=True)
class Province:
    """A generated province: its counties (name, 区划代码) and its stations."""

    counties: list[tuple[str, str]]
    gauges: pd.DataFrame  # STCD, county index, response
    reservoirs: pd.DataFrame  # STCD, county index, base level, limit, response …


def _province(counties: list[tuple[str, str]], gauges: int, reservoirs: int, seed: int) -> Province:
    rng = np.random.default_rng([seed, 0])
    n = len(counties)
    gauge_table = pd.DataFrame(
        {
            "STCD": [f"6{1 + i // 90000:01d}{i % 90000 + 10000:06d}" for i in range(gauges)],
            "county": np.arange(gauges) % n,
            "scale": rng.uniform(0.8, 1.2, gauges),
        }
    )
    limit = np.round(rng.uniform(80.0, 400.0, reservoirs), 2)
    reservoir_table = pd.DataFrame(
        {
            "STCD": [f"7{1 + i // 90000:01d}{i % 90000 + 10000:06d}" for i in range(reservoirs)],
            "county": np.arange(reservoirs) % n,
            "limit": limit,  # 汛限水位 of the main flood season (0601–0831)
            "base": limit - np.round(rng.uniform(0.3, 1.5, reservoirs), 2),
            "response": rng.uniform(0.004, 0.012, reservoirs),  # m per mm of rain
            "per_metre": rng.uniform(0.2, 2.0, reservoirs),  # 百万m³ per m
            "storage": rng.uniform(2.0, 40.0, reservoirs),  # 百万m³ at the base level
            "inflow": rng.uniform(1.0, 20.0, reservoirs),  # m³/s without rain
            # a few reservoirs whose monitoring is not yet on the platform (到报率 0)
            "silent": rng.random(reservoirs) < 0.01,
        }
    )
    return Province(counties, gauge_table, reservoir_table)


def _storms(seed: int, year: int, counties: int) -> list[np.ndarray]:
    """Each county's storms of ``year``: rows (centre as ns since the epoch, peak mm/h,
    width h); 4–8 between May and September, a few more in the main season."""
    rng = np.random.default_rng([seed, 1, year])
    out = []
    first = pd.Timestamp(f"{year}-05-01").value
    last = pd.Timestamp(f"{year}-09-30").value
    for _ in range(counties):
        k = int(rng.integers(4, 9))
        centres = rng.uniform(first, last, k)
        out.append(np.column_stack([centres, rng.gamma(4.0, 3.0, k), rng.uniform(3.0, 9.0, k)]))
    return out


def _storm_rate(storms: np.ndarray, times: np.ndarray) -> np.ndarray:
    """Rain rate of a county's storms at ``times`` (datetime64[ns]), mm/h."""
    t = np.asarray(times, dtype="datetime64[ns]").astype("int64").astype(float)
    rate = np.zeros(len(t))
    for centre, peak, width in storms:
        hours = (t - centre) / 3.6e12
        near = np.abs(hours) < 5 * width
        rate[near] += peak * np.exp(-0.5 * (hours[near] / width) ** 2)
    return rate


def _month_times(year: int, month: int, step: str) -> pd.DatetimeIndex:
    """The times of one calendar month at ``step``: its first instant up to the next month's
    (excluded), so that a month's file is one month partition."""
    begin = pd.Timestamp(year=year, month=month, day=1)
    return pd.date_range(begin, begin + pd.offsets.MonthBegin(1), freq=step, inclusive="left")


def _offline_mask(rng: np.random.Generator, stations: int, times: pd.DatetimeIndex) -> np.ndarray:
    """Which records are sent (True): a station in 30 is offline once a month for 6–72 h."""
    sent = np.ones((stations, len(times)), dtype=bool)
    hours = (times - times[0]) / pd.Timedelta(hours=1)
    for i in np.flatnonzero(rng.random(stations) < 1 / 30):
        start = rng.uniform(0, max(float(hours[-1]) - 6, 1))
        sent[i, (hours >= start) & (hours < start + rng.uniform(6, 72))] = False
    return sent


def _rain_block(
    rng: np.random.Generator,
    block: pd.DataFrame,
    times: pd.DatetimeIndex,
    storms: list[np.ndarray],
    step_hours: float,
) -> np.ndarray:
    """Rain of each gauge of ``block`` in each step, mm (stations × times)."""
    rates = {c: _storm_rate(storms[c], times.to_numpy()) for c in set(block["county"])}
    storm = np.stack([rates[c] for c in block["county"]]) * block["scale"].to_numpy()[:, None]
    storm *= rng.uniform(0.7, 1.3, storm.shape)
    wet = rng.random(storm.shape) < 0.04
    shower = np.where(wet, rng.gamma(0.8, 2.5, storm.shape), 0.0)
    rain = (storm + shower) * step_hours
    return np.round(np.where(rain < 0.1, 0.0, rain), 1)


def _reservoir_block(
    rng: np.random.Generator,
    block: pd.DataFrame,
    times: pd.DatetimeIndex,
    storms: list[np.ndarray],
    step_hours: float,
    state: tuple[np.ndarray, np.ndarray],
) -> tuple[dict[str, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """RZ, INQ, W, OTQ of each reservoir of ``block`` (stations × times): a linear reservoir
    raised by its county's rain, falling back to its base level in about four days; and the
    ``state`` (level, inflow excess) at the end, carried over to the next month."""
    rates = {c: _storm_rate(storms[c], times.to_numpy()) for c in set(block["county"])}
    rain = np.stack([rates[c] for c in block["county"]]) * step_hours  # mm per step
    base = block["base"].to_numpy()
    response = block["response"].to_numpy()
    level = np.empty(rain.shape)
    excess = np.empty(rain.shape)
    current, flow = state
    fall, recess = step_hours / 96.0, np.exp(-step_hours / 10.0)
    for j in range(rain.shape[1]):
        current = current + response * rain[:, j] - (current - base) * fall
        flow = flow * recess + rain[:, j] * 2.0
        level[:, j], excess[:, j] = current, flow
    inflow = (block["inflow"].to_numpy()[:, None] + excess) * rng.uniform(0.9, 1.1, rain.shape)
    storage = block["storage"].to_numpy()[:, None]
    stored = storage + (level - base[:, None]) * block["per_metre"].to_numpy()[:, None]
    spilling = level > base[:, None] + 0.8
    values = {
        "RZ": np.round(level, 2),
        "INQ": np.round(inflow, 1),
        "W": np.round(np.maximum(stored, 0.0), 3),
        "OTQ": np.round(np.where(spilling, inflow * 0.9, 2.0), 1),
    }
    return values, (current, flow)


def _records_text(codes: np.ndarray, stamps: np.ndarray, sent: np.ndarray, values: dict) -> bytes:
    """CSV lines (no header) of a block, station by station, time by time."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    rows = np.flatnonzero(sent.ravel())
    columns: dict[str, object] = {
        "STCD": np.repeat(codes, sent.shape[1])[rows],
        "TM": np.tile(stamps, sent.shape[0])[rows],
    }
    for name, value in values.items():
        columns[name] = (
            value.ravel()[rows] if isinstance(value, np.ndarray) else [value] * len(rows)
        )
    sink = pa.BufferOutputStream()
    options = pacsv.WriteOptions(include_header=False, quoting_style="none")
    pacsv.write_csv(pa.table(columns), sink, options)
    return sink.getvalue().to_pybytes()


def _station_tables(province: Province) -> dict[str, pd.DataFrame]:
    names = [c for c, _ in province.counties]
    codes = [code for _, code in province.counties]
    gauges, reservoirs = province.gauges, province.reservoirs
    stations = pd.concat(
        [
            pd.DataFrame(
                {
                    "STCD": gauges["STCD"],
                    "STNM": [
                        f"{names[c][:-1]}{i + 1}号雨量站" for i, c in enumerate(gauges["county"])
                    ],
                    "STTP": "PP",
                    "ADDVCD": [codes[c] for c in gauges["county"]],
                }
            ),
            pd.DataFrame(
                {
                    "STCD": reservoirs["STCD"],
                    "STNM": [
                        f"{names[c][:-1]}{i + 1}号水库" for i, c in enumerate(reservoirs["county"])
                    ],
                    "STTP": "RR",
                    "ADDVCD": [codes[c] for c in reservoirs["county"]],
                }
            ),
        ],
        ignore_index=True,
    )
    rng = np.random.default_rng(len(stations))
    stations["LGTD"] = np.round(rng.uniform(108.0, 116.0, len(stations)), 4)
    stations["LTTD"] = np.round(rng.uniform(24.0, 30.0, len(stations)), 4)
    limit = reservoirs["limit"].to_numpy()
    limits = pd.concat(
        [
            pd.DataFrame(
                {"STCD": reservoirs["STCD"], "BGMD": "0601", "EDMD": "0831", "FSLTDZ": limit}
            ),
            pd.DataFrame(
                {
                    "STCD": reservoirs["STCD"],
                    "BGMD": "0901",
                    "EDMD": "0930",
                    "FSLTDZ": np.round(limit + 0.6, 2),
                }
            ),
        ]
    ).sort_values(["STCD", "BGMD"], kind="stable")
    control = pd.DataFrame(
        {
            "STCD": reservoirs["STCD"],
            "DAMEL": np.round(limit + 8.0, 2),
            "DDZ": np.round(limit - 15.0, 2),
        }
    )
    mapping = pd.DataFrame({"ADDVCD": codes, "县区": names})
    return {
        "测站县区对照": mapping,
        "ST_STBPRP_B": stations,
        "ST_RSVRFSR_B": limits,
        "ST_RSVRFCCH_B": control,
    }


def write_province_monitoring(
    folder: str | Path,
    *,
    gauges: int = 2000,
    reservoirs: int = 1000,
    counties: Sequence[tuple[str, str]] | None = None,
    rain_step: str = "1h",
    reservoir_step: str = "15min",
    years: Sequence[int] = (2023,),
    seed: int = 2023,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write the monitoring folder of a generated province and return the records written
    per table.

    ``gauges`` rain gauges reporting every ``rain_step`` and ``reservoirs`` reservoir
    stations every ``reservoir_step`` (one of :data:`STEPS`), spread evenly over
    ``counties`` ((name, 区划代码) pairs; default the demo city's seven), for every month of
    ``years``. The records go one file per table and month
    (``ST_PPTN_R/ST_PPTN_R_2023-07.csv``: the records stamped in July, so one file is one
    month partition of the store), written ``_BLOCK`` stations at a time: memory stays
    bounded by a block whatever the size. The station tables and ``测站县区对照`` (ADDVCD →
    县区) are GBK, the records UTF-8 (ASCII), as platforms export them.

    What the data shows: showers all year and 4–8 storms per county between May and
    September; reservoirs rising above their 汛限水位 (0601–0831, raised by 0.6 m for
    0901–0930) after the larger storms; one station in 30 offline for 6–72 h each month
    (到报率 below 100 %), and 1 % of reservoirs never reporting (接入率 below 100 %). The same
    arguments give the same bytes.
    """
    for step in (rain_step, reservoir_step):
        if step not in STEPS:
            raise ParameterError(f"不支持的报讯间隔：{step!r}；可选：{'、'.join(STEPS)}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    places = list(counties) if counties else list(_DEMO_COUNTIES)
    province = _province(places, gauges, reservoirs, seed)
    for name, frame in _station_tables(province).items():
        _csv(frame, folder / f"{name}.csv", "gbk")
    state = {
        "level": province.reservoirs["base"].to_numpy().copy(),
        "flow": np.zeros(len(province.reservoirs)),
    }
    written = {"ST_PPTN_R": 0, "ST_RSVR_R": 0}
    for year in years:
        storms = _storms(seed, year, len(places))
        for month in range(1, 13):
            for table, stations, step in (
                ("ST_PPTN_R", province.gauges, rain_step),
                ("ST_RSVR_R", province.reservoirs, reservoir_step),
            ):
                path = folder / table / f"{table}_{year}-{month:02d}.csv"
                written[table] += _write_month(
                    path, table, stations, step, storms, state, seed=seed, year=year, month=month
                )
                if progress is not None:
                    progress(f"{path.relative_to(folder)}")
    return written


def _write_month(
    path: Path,
    table: str,
    stations: pd.DataFrame,
    step: str,
    storms: list[np.ndarray],
    state: dict[str, np.ndarray],
    *,
    seed: int,
    year: int,
    month: int,
) -> int:
    """One month's file of ``table``, a block of stations at a time; the records written."""
    times = _month_times(year, month, step)
    stamps = np.asarray(times.strftime("%Y-%m-%d %H:%M"), dtype=object)
    hours = pd.Timedelta(step) / pd.Timedelta(hours=1)
    rain = table == "ST_PPTN_R"
    header = "STCD,TM,DRP,INTV\n" if rain else "STCD,TM,RZ,INQ,W,OTQ\n"
    count = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as out:
        out.write(header.encode())
        for first in range(0, len(stations), _BLOCK):
            block = stations.iloc[first : first + _BLOCK]
            rng = np.random.default_rng([seed, 2 if rain else 3, year, month, first])
            sent = _offline_mask(rng, len(block), times)
            values: dict[str, object]
            if not rain:
                sent[block["silent"].to_numpy()] = False
                here = slice(first, first + len(block))
                levels, (state["level"][here], state["flow"][here]) = _reservoir_block(
                    rng, block, times, storms, hours, (state["level"][here], state["flow"][here])
                )
                values = dict(levels)
            else:
                values = {
                    "DRP": _rain_block(rng, block, times, storms, hours),
                    "INTV": f"{STEPS[step]:.2f}",
                }
            out.write(_records_text(block["STCD"].to_numpy(), stamps, sent, values))
            count += int(sent.sum())
    os.replace(tmp, path)
    return count
