"""The flood-season figures of every station and county, from the dataset, a group of
stations at a time (memory bounded by the group and the period, never by the data).

:func:`season_figures` reads the records of ``batch`` stations at once
(:meth:`~.store.MonitoringStore.batches`, filters pushed down), computes the per-station
figures of :mod:`.reservoir`, :mod:`.rain` and :mod:`.arrival` on them, and puts the
per-station rows together; the county tables are made from those rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from .arrival import arrival_rate, county_arrival_rate, reporting_share
from .folder import Reference
from .rain import area_rainfall, max_rainfall, rain_days, station_rainfall
from .reservoir import flood_limit_exceedance, inflow_peak, max_water_level
from .store import MonitoringStore
from .tables import RAINFALL, RESERVOIR

__all__ = ["SeasonFigures", "season_figures", "reservoir_stations", "rain_stations"]

#: Station types (STTP) of reservoirs and of rain gauges in SL 323.
RESERVOIR_TYPES = ("RR",)
RAIN_TYPES = ("PP",)


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
) -> SeasonFigures:
    """Every station's and county's flood-season figures over ``start < TM ≤ end``.

    Reservoirs are reported every ``reservoir_interval`` (for 到报率 and the hours above
    the limit). Records are read ``batch`` stations at a time.
    """
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    counties = reference.stations.set_index("STCD")["county"]
    owed = reservoir_stations(reference)
    reservoirs = _per_station(
        store.batches(RESERVOIR.name, owed, start=first, end=last, size=batch),
        lambda r: _reservoir_figures(r, reference, first, last, reservoir_interval),
        owed,
    )
    # a reservoir without any record owed every one of them: 0 %
    silent = reservoirs["expected"].isna() if "expected" in reservoirs else None
    if silent is not None and silent.any():
        none = arrival_rate(
            reservoirs.iloc[:0].reset_index()[["STCD"]].assign(TM=pd.NaT),
            list(reservoirs.index[silent]),
            start=first,
            end=last,
            interval=reservoir_interval,
        )
        reservoirs.loc[silent, none.columns] = none.to_numpy()
    rain = _per_station(
        store.batches(RAINFALL.name, rain_stations(reference), start=first, end=last, size=batch),
        _rain_figures,
        rain_stations(reference),
    )
    reservoirs["county"] = counties.reindex(reservoirs.index).to_numpy()
    rain["county"] = counties.reindex(rain.index).to_numpy()
    return SeasonFigures(reservoirs, rain, _county_table(reservoirs, rain))


def _per_station(batches: Iterable[pd.DataFrame], compute, codes: list[str]) -> pd.DataFrame:
    parts = [compute(records) for records in batches if not records.empty]
    parts = [p for p in parts if not p.empty]
    figures = pd.concat(parts) if parts else pd.DataFrame()
    return figures.reindex(pd.Index(codes, name="STCD"))


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
