"""A monitoring folder read whole and checked: for small data (a county, the demo).

The station tables (``ST_STBPRP_B``, ``ST_RSVRFSR_B``, ``ST_RSVRFCCH_B`` and the mapping
``测站县区对照``) are small and always read whole (:func:`read_reference`). The records
(``ST_PPTN_R``, ``ST_RSVR_R``, ``ST_RIVER_R``) are checked file by file
(:func:`read_records_file`) and then across files (:func:`check_records`): the same functions
check one month of a province's dataset at a time in :mod:`.store`. :func:`read_monitoring`
reads a folder into memory; for large data, convert it with :func:`.store.convert` instead.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import MonitoringDataError, Problem
from ..io.signature import Snapshot
from .read import TableFile, empty_table, find_table_files, read_table_file
from .stations import read_station_mapping, station_counties, station_reservoirs
from .tables import FLOOD_CONTROL, FLOOD_LIMITS, RESERVOIR, STATIONS, TABLES, TIMED_TABLES
from .validate import (
    duplicate_problems,
    flood_limit_problems,
    future_problems,
    level_problems,
    station_problems,
    station_table_problems,
    value_problems,
)

__all__ = [
    "Reference",
    "Monitoring",
    "read_reference",
    "read_records_file",
    "check_records",
    "read_monitoring",
    "validate_monitoring",
]


@dataclass
class Reference:
    """The station tables of a monitoring folder.

    ``stations``: ``ST_STBPRP_B`` with a ``county`` column (None where not found);
    ``flood_limits``: ``ST_RSVRFSR_B``; ``levels``: STCD with DAMEL and/or DDZ (from
    ``ST_RSVRFCCH_B``, else from the station table when it has them), or None.
    """

    stations: pd.DataFrame
    flood_limits: pd.DataFrame
    levels: pd.DataFrame | None = None

    @property
    def codes(self) -> Collection[str]:
        return set(self.stations["STCD"].dropna())


@dataclass
class Monitoring:
    """A monitoring folder read whole: its station tables and records, and the notices."""

    reference: Reference
    records: dict[str, pd.DataFrame]
    notices: list[Problem] = field(default_factory=list)

    @property
    def stations(self) -> pd.DataFrame:
        return self.reference.stations

    @property
    def flood_limits(self) -> pd.DataFrame:
        return self.reference.flood_limits

    def __getitem__(self, table: str) -> pd.DataFrame:
        return self.records[table]


def _concat(frames: list[pd.DataFrame], table: str) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return empty_table(TABLES[table])
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _read_all(files: list[TableFile], table: str) -> tuple[pd.DataFrame, list[Problem]]:
    frames, problems = [], []
    for tf in files:
        if tf.table == table:
            frame, found, _ = read_table_file(tf)
            frames.append(frame)
            problems += found
    return _concat(frames, table), problems


def _levels(stations: pd.DataFrame, control: pd.DataFrame) -> pd.DataFrame | None:
    for source in (control, stations):
        cols = [c for c in ("DAMEL", "DDZ") if c in source and source[c].notna().any()]
        if cols:
            return source[["STCD", *cols]].dropna(subset=cols, how="all")
    return None


def read_reference(
    folder: str | Path,
    *,
    counties: pd.DataFrame | None = None,
    reservoirs: pd.DataFrame | None = None,
) -> tuple[Reference, list[Problem]]:
    """The station tables of ``folder``, each station given its county
    (:func:`~.stations.station_counties`: ``counties`` is the 行政区划 ledger) and its
    reservoir in the 水库名录 ledger ``reservoirs`` (:func:`~.stations.station_reservoirs`),
    and the problems found in them."""
    files = find_table_files(folder)
    problems: list[Problem] = []
    if not any(tf.table == STATIONS.name for tf in files):
        problems.append(
            Problem(
                "",
                f"监测数据文件夹 {Path(folder).name} 中没有{STATIONS.zh}",
                allowed=f"{STATIONS.name}.csv（或 .parquet），列 STCD、STNM、ADDVCD 等",
            )
        )
    stations, found = _read_all(files, STATIONS.name)
    problems += found + station_table_problems(stations)
    limits, found = _read_all(files, FLOOD_LIMITS.name)
    problems += (
        found
        + flood_limit_problems(limits)
        + station_problems(limits, set(stations["STCD"].dropna()))
    )
    control, found = _read_all(files, FLOOD_CONTROL.name)
    problems += found
    mapping, found = read_station_mapping(folder)
    problems += found
    county, found = station_counties(stations, mapping=mapping, counties=counties)
    problems += found
    reservoir, found = station_reservoirs(stations, mapping, reservoirs=reservoirs)
    problems += found
    stations = stations.assign(county=county.to_numpy(), reservoir_id=reservoir.to_numpy())
    return Reference(stations, limits, _levels(stations, control)), problems


def read_records_file(
    table_file: TableFile, shot: Snapshot | None = None
) -> tuple[pd.DataFrame, list[Problem], str]:
    """One file of records, typed, with the problems found in it alone (values that cannot be
    typed or cannot be), and its digest."""
    frame, problems, digest = read_table_file(table_file, shot)
    return frame, problems + value_problems(table_file.table, frame), digest


def check_records(
    table: str,
    frame: pd.DataFrame,
    reference: Reference,
    *,
    now: pd.Timestamp | None | bool = None,
) -> list[Problem]:
    """The checks across records of ``table``: unknown stations, future times (later than
    ``now``, default now in Beijing; ``False`` leaves the check out), duplicates, and water
    levels beyond the dam's range. ``frame`` is all the records of one or more whole months
    (a duplicate is always in the month of its time)."""
    # without a station table (an error of its own) every record would be unknown
    problems = station_problems(frame, reference.codes) if len(reference.stations) else []
    if now is not False:
        problems += future_problems(frame, None if now is None or now is True else now)
    problems += duplicate_problems(table, frame)
    if table == RESERVOIR.name:
        problems += level_problems(frame, reference.levels)
    return problems


def validate_monitoring(
    folder: str | Path,
    *,
    counties: pd.DataFrame | None = None,
    reservoirs: pd.DataFrame | None = None,
    now: pd.Timestamp | None = None,
) -> tuple[Monitoring, list[Problem]]:
    """Read ``folder`` whole and return it with every problem found (errors and notices);
    ``counties`` and ``reservoirs``: the 行政区划 and 水库名录 ledgers (see
    :func:`read_reference`)."""
    reference, problems = read_reference(folder, counties=counties, reservoirs=reservoirs)
    files = find_table_files(folder)
    records: dict[str, pd.DataFrame] = {}
    for table in TIMED_TABLES:
        frames = []
        for tf in files:
            if tf.table == table:
                frame, found, _ = read_records_file(tf)
                frames.append(frame)
                problems += found
        records[table] = _concat(frames, table)
        problems += check_records(table, records[table], reference, now=now)
    monitoring = Monitoring(reference, records, [p for p in problems if not p.is_error])
    return monitoring, problems


def read_monitoring(
    folder: str | Path,
    *,
    counties: pd.DataFrame | None = None,
    reservoirs: pd.DataFrame | None = None,
    now: pd.Timestamp | None = None,
) -> Monitoring:
    """The monitoring folder read into memory and checked; raises
    :class:`~wbanalysis.errors.MonitoringDataError` naming every error found.

    For a folder too large for memory (a province), use :func:`.store.convert`.
    """
    monitoring, problems = validate_monitoring(
        folder, counties=counties, reservoirs=reservoirs, now=now
    )
    if any(p.is_error for p in problems):
        raise MonitoringDataError(problems)
    return monitoring
