"""The flood-season figures of every station and county, from the dataset, a group of
stations at a time (memory bounded by the group and the period, never by the data).

:func:`season_figures` reads the records of ``batch`` stations at once
(:meth:`~.store.MonitoringStore.batches`, filters pushed down), computes the per-station
figures of :mod:`.reservoir`, :mod:`.rain` and :mod:`.arrival` on them, and puts the
per-station rows together; the county tables are made from those rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..errors import ParameterError
from ._records import intervals
from .arrival import arrival_rate, county_arrival_rate, reporting_share
from .folder import Reference
from .rain import area_rainfall, max_rainfall, rain_days, station_rainfall
from .reservoir import flood_limit_exceedance, inflow_peak, max_water_level
from .store import MonitoringStore, _month_filter, arrow_schema
from .tables import RAINFALL, RESERVOIR, TABLES

__all__ = [
    "SeasonFigures",
    "season_figures",
    "reservoir_stations",
    "rain_stations",
    "ENGINES",
]

#: Station types (STTP) of reservoirs and of rain gauges in SL 323.
RESERVOIR_TYPES = ("RR",)
RAIN_TYPES = ("PP",)

#: How the figures are computed: on pandas, a group of stations at a time, or on Dask.
ENGINES = ("pandas", "dask")


@dataclass
class SeasonFigures:
    """Per-station and per-county figures of one period.

    ``reservoirs`` (index STCD): level, level_time, hours, episodes, max_exceedance,
    max_exceedance_time, inflow, inflow_time, received, expected, rate (到报率 %), county.
    ``rain`` (index STCD): rainfall, max_1h, max_24h, days_50, days_100, county.
    ``counties`` (index county): area_rainfall, reservoirs (number), reservoirs_above (超汛限
    座数), hours (Σ), episodes (Σ), arrival_rate (pooled %), reporting_share (%).
    """

    reservoirs: pd.DataFrame
    rain: pd.DataFrame
    counties: pd.DataFrame


def reservoir_stations(reference: Reference) -> list[str]:
    """The reservoir stations: type RR, or with a 汛限水位 in ``ST_RSVRFSR_B``."""
    stations = reference.stations
    typed = (
        stations.loc[stations["STTP"].isin(RESERVOIR_TYPES), "STCD"] if "STTP" in stations else []
    )
    return sorted(set(typed) | set(reference.flood_limits["STCD"].dropna()))


def rain_stations(reference: Reference) -> list[str]:
    """The rain gauges: type PP (a reservoir's gauge counts when it is typed PP too)."""
    stations = reference.stations
    if "STTP" not in stations:
        return sorted(stations["STCD"].dropna())
    return sorted(stations.loc[stations["STTP"].isin(RAIN_TYPES), "STCD"].dropna())


def season_figures(
    store: MonitoringStore,
    reference: Reference,
    *,
    start: pd.Timestamp | str,
    end: pd.Timestamp | str,
    reservoir_interval: pd.Timedelta | str = "1h",
    batch: int = 200,
    engine: str = "pandas",
) -> SeasonFigures:
    """Every station's and county's flood-season figures over ``start < TM ≤ end``.

    Reservoirs are reported every ``reservoir_interval`` (for 到报率 and the hours above
    the limit). ``engine="pandas"`` reads the records ``batch`` stations at a time (fewer
    when they would hold more than :data:`BATCH_RECORDS` records);
    ``engine="dask"`` reads them as a :mod:`dask.dataframe`, shuffled so that each partition
    holds whole stations, and runs the same per-station functions on every partition (on the
    scheduler in use: a ``dask.distributed`` client when one is active). Both give the same
    figures.
    """
    if engine not in ENGINES:
        raise ParameterError(f"不支持的计算引擎：{engine!r}；可选：{'、'.join(ENGINES)}")
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    counties = reference.stations.set_index("STCD")["county"]
    owed = reservoir_stations(reference)
    reservoirs = _figures(
        store,
        RESERVOIR.name,
        owed,
        lambda r: _reservoir_figures(r, reference, first, last, reservoir_interval),
        columns=["RZ", "INQ"],
        first=first,
        last=last,
        batch=batch,
        engine=engine,
    )
    if "expected" in reservoirs:  # a reservoir without any record owed every one: 0 %
        silent = reservoirs["expected"].isna().to_numpy()
        steps = intervals(reservoir_interval, reservoirs.index[silent])
        reservoirs.loc[silent, "received"] = 0
        reservoirs.loc[silent, "expected"] = ((last - first) // steps).to_numpy()
        reservoirs.loc[silent, "rate"] = 0.0
    gauges = rain_stations(reference)
    rain = _figures(
        store,
        RAINFALL.name,
        gauges,
        _rain_figures,
        columns=["DRP"],
        first=first,
        last=last,
        batch=batch,
        engine=engine,
    )
    reservoirs["county"] = counties.reindex(reservoirs.index).to_numpy()
    rain["county"] = counties.reindex(rain.index).to_numpy()
    return SeasonFigures(reservoirs, rain, _county_table(reservoirs, rain))


def _figures(
    store: MonitoringStore,
    table: str,
    codes: list[str],
    compute: Callable[[pd.DataFrame], pd.DataFrame],
    *,
    columns: list[str],
    first: pd.Timestamp,
    last: pd.Timestamp,
    batch: int,
    engine: str,
) -> pd.DataFrame:
    """``compute`` on the records of ``codes``, one row per station (index STCD, in order)."""
    if engine == "dask":
        parts = [_on_dask(store, table, codes, compute, first=first, last=last)]
    else:
        parts = [
            compute(records)
            for records in store.batches(
                table,
                codes,
                start=first,
                end=last,
                size=_batch_size(store, table, codes, first, last, batch),
                columns=columns,
            )
            if not records.empty
        ]
    parts = [p for p in parts if not p.empty]
    figures = pd.concat(parts) if parts else pd.DataFrame()
    return figures.reindex(pd.Index(codes, name="STCD"))


#: Records read at once at most (about): a group of stations is as many as hold this many
#: records in the period, so memory stays the same whatever the size of the data.
BATCH_RECORDS = 1_000_000


def _batch_size(
    store: MonitoringStore,
    table: str,
    codes: list[str],
    first: pd.Timestamp,
    last: pd.Timestamp,
    batch: int,
) -> int:
    """At most ``batch`` stations, and as many as hold about :data:`BATCH_RECORDS` records
    in the period: the months' record counts from the Parquet footers (no record read)."""
    if not codes:
        return batch
    records = store.dataset(table).count_rows(filter=_month_filter(first, last))
    per_station = max(1.0, records / len(codes))
    return max(1, min(batch, int(BATCH_RECORDS // per_station)))


def _on_dask(
    store: MonitoringStore,
    table: str,
    codes: list[str],
    compute: Callable[[pd.DataFrame], pd.DataFrame],
    *,
    first: pd.Timestamp,
    last: pd.Timestamp,
) -> pd.DataFrame:
    """``compute`` run on a dask.dataframe shuffled by station (whole stations per partition)."""
    columns = arrow_schema(TABLES[table]).names
    records = store.to_dask(table, start=first, end=last, columns=columns)
    records = records[records["STCD"].isin(codes)].shuffle(on="STCD")
    empty = arrow_schema(TABLES[table]).empty_table().to_pandas()
    return records.map_partitions(compute, meta=compute(empty)).compute()


def _reservoir_figures(
    records: pd.DataFrame,
    reference: Reference,
    start: pd.Timestamp,
    end: pd.Timestamp,
    interval: pd.Timedelta | str,
) -> pd.DataFrame:
    codes = sorted(records["STCD"].unique())
    level = max_water_level(records).rename(columns={"time": "level_time"})
    above = flood_limit_exceedance(records, reference.flood_limits, interval=interval)
    inflow = inflow_peak(records).rename(columns={"time": "inflow_time"})
    arrived = arrival_rate(records, codes, start=start, end=end, interval=interval)
    return pd.concat([level, above, inflow, arrived], axis=1)


def _rain_figures(records: pd.DataFrame) -> pd.DataFrame:
    return pd.concat(
        [
            station_rainfall(records),
            max_rainfall(records, "1h")["rainfall"].rename("max_1h"),
            max_rainfall(records, "24h")["rainfall"].rename("max_24h"),
            rain_days(records, 50.0).rename("days_50"),
            rain_days(records, 100.0).rename("days_100"),
        ],
        axis=1,
    )


def _county_table(reservoirs: pd.DataFrame, rain: pd.DataFrame) -> pd.DataFrame:
    table = pd.DataFrame(index=pd.Index([], name="county"))
    if "rainfall" in rain:
        table = table.join(area_rainfall(rain["rainfall"], rain["county"]), how="outer")
    if "received" in reservoirs:
        rates = reservoirs[["received", "expected"]].fillna(0)
        pooled = county_arrival_rate(rates, reservoirs["county"])
        table = table.join(pooled["rate"].rename("arrival_rate"), how="outer")
        table = table.join(reporting_share(rates, reservoirs["county"]), how="outer")
        table = table.rename(columns={"share": "reporting_share"})
        grouped = reservoirs.groupby("county", sort=False)
        table = table.join(
            pd.DataFrame(
                {
                    "reservoirs": grouped.size(),
                    "reservoirs_above": grouped["hours"].apply(lambda h: int((h > 0).sum())),
                    "hours": grouped["hours"].sum(),
                    "episodes": grouped["episodes"].sum(),
                }
            ),
            how="outer",
        )
    table.index.name = "county"
    for column in ("reservoirs", "reservoirs_above", "episodes"):
        if column in table:
            table[column] = table[column].fillna(0).astype(int)
    if "hours" in table:
        table["hours"] = table["hours"].fillna(0.0)
    return table
