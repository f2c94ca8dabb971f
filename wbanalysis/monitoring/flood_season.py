"""汛期 (the flood season) of a report's period, and the stations' figures over it as tables.

A report covers months 1..through_month of a year; its flood-season figures cover the 汛期
within that period. The 汛期 is the one the platform itself keeps: from the earliest BGMD to
the latest EDMD of the flood-limit table ``ST_RSVRFSR_B`` (the demo: 0601–0930), or
:data:`DEFAULT_SEASON` when the table holds none. :class:`SeasonTables` computes, once per
period, one row per reservoir station and per rain gauge (:func:`~.season.season_figures`)
in the columns of :data:`wbanalysis.schema.DERIVED`: the tables a
:class:`~wbanalysis.Dataset` hands the indicator catalogue (``Dataset.derived``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from ..schema import DERIVED
from .folder import Reference
from .season import season_figures
from .store import MonitoringStore, convert

__all__ = [
    "DEFAULT_SEASON",
    "SeasonTables",
    "default_store_dir",
    "flood_season",
    "open_monitoring",
]

#: The 汛期 (BGMD, EDMD as MMDD) when the flood-limit table gives none: the main flood
#: season of most provinces.
DEFAULT_SEASON = ("0601", "0930")


def _season_days(limits: pd.DataFrame) -> tuple[str, str]:
    """The earliest BGMD and the latest EDMD of the periods within one year."""
    usable = limits.dropna(subset=["BGMD", "EDMD"]) if len(limits) else limits
    if not len(usable):
        return DEFAULT_SEASON
    begins = usable["BGMD"].astype(str).str.zfill(4)
    ends = usable["EDMD"].astype(str).str.zfill(4)
    within = begins <= ends  # a period across the new year (1101–0228) is no flood season
    if not within.any():
        return DEFAULT_SEASON
    return str(begins[within].min()), str(ends[within].max())


def flood_season(
    limits: pd.DataFrame, year: int, through_month: int
) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """汛期 of months 1..``through_month`` of ``year``: ``(start, end)``, records with
    ``start < TM ≤ end`` (SL 323 stamps a record at the end of its interval); ``None`` when the
    period ends before the 汛期 begins.

    Notes
    -----
    start = 00:00 of the 汛期's first day (earliest BGMD of ``limits``, ST_RSVRFSR_B);
    end = 00:00 of the day after its last day (latest EDMD), or of the first day after the
    cut-off month when that comes first.

    Examples
    --------
    >>> lim = pd.DataFrame({"STCD": ["R", "R"], "BGMD": ["0601", "0901"],
    ...                     "EDMD": ["0831", "0930"], "FSLTDZ": [100.0, 101.0]})
    >>> flood_season(lim, 2023, 10)
    (Timestamp('2023-06-01 00:00:00'), Timestamp('2023-10-01 00:00:00'))
    >>> flood_season(lim, 2023, 7)
    (Timestamp('2023-06-01 00:00:00'), Timestamp('2023-08-01 00:00:00'))
    >>> flood_season(lim, 2023, 5) is None
    True
    """
    begin, finish = _season_days(limits)
    start = pd.Timestamp(year=year, month=int(begin[:2]), day=int(begin[2:]))
    last = pd.Timestamp(year=year, month=int(finish[:2]), day=int(finish[2:]))
    cutoff = pd.Timestamp(year=year, month=through_month, day=1) + pd.offsets.MonthBegin(1)
    end = min(last + pd.Timedelta(days=1), cutoff)
    return (start, end) if end > start else None


def _empty(name: str) -> pd.DataFrame:
    kinds = {"str": "object", "float": "float64", "int": "Int64", "date": "datetime64[ns]"}
    return pd.DataFrame(
        {c.name: pd.Series(dtype=kinds.get(c.kind, "object")) for c in DERIVED[name].columns}
    )


class SeasonTables:
    """The flood-season tables of one monitoring dataset (rows = stations), per period.

    Parameters
    ----------
    store, reference : the converted dataset and its station tables (:func:`open_monitoring`).
    reservoir_interval : how often a reservoir station reports (its 到报率 and hours above
        the limit count in it).
    engine : ``"pandas"`` or ``"dask"`` (:func:`~.season.season_figures`).
    fingerprint : changes whenever the data does (the build's skip key).
    """

    def __init__(
        self,
        store: MonitoringStore,
        reference: Reference,
        *,
        reservoir_interval: str = "1h",
        engine: str = "pandas",
        fingerprint: str = "",
    ) -> None:
        self.store, self.reference = store, reference
        self.reservoir_interval, self.engine = reservoir_interval, engine
        self.fingerprint = fingerprint
        self._tables: dict[tuple[int, int], dict[str, pd.DataFrame]] = {}

    def season(self, year: int, through_month: int) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """The 汛期 of the period (:func:`flood_season`)."""
        return flood_season(self.reference.flood_limits, year, through_month)

    def table(self, name: str, year: int, through_month: int) -> pd.DataFrame:
        """Derived table ``name`` (:data:`wbanalysis.schema.DERIVED`) of the 汛期 of months
        1..``through_month`` of ``year``: one row per station (positions as index), empty
        when the period ends before the 汛期."""
        key = (int(year), int(through_month))
        if key not in self._tables:
            self._tables[key] = self._compute(*key)
        return self._tables[key][name]

    def chart(
        self, year: int, through_month: int, county: str | None = None
    ) -> tuple[pd.Series, pd.DataFrame, str]:
        """What the report's chart draws for the 汛期 of the period in ``county`` (``None``:
        every station): the area rainfall of each day (:func:`~.series.daily_area_rainfall`),
        and the daily level and 汛限水位 (:func:`~.series.daily_level`) of the reservoir
        station that stood longest above its limit (else the highest), with its name."""
        from .series import daily_area_rainfall, daily_level

        period = self.season(year, through_month)
        no_level = pd.DataFrame({"level": pd.Series(dtype=float), "limit": pd.Series(dtype=float)})
        if period is None:
            return pd.Series(dtype=float, name="rainfall"), no_level, ""
        start, end = period
        rain = self.table("monitoring_rain", year, through_month)
        reservoirs = self.table("monitoring_reservoirs", year, through_month)
        if county is not None:
            rain, reservoirs = (
                rain[rain["county"] == county],
                reservoirs[reservoirs["county"] == county],
            )
        gauges = list(rain.loc[rain["rainfall"].notna(), "station"])
        daily = daily_area_rainfall(self.store, gauges, start=start, end=end)
        ranked = reservoirs.dropna(subset=["level"]).sort_values(
            ["hours", "level"], ascending=False, na_position="last", kind="stable"
        )
        if ranked.empty:
            return daily, no_level, ""
        top = ranked.iloc[0]
        level = daily_level(self.store, self.reference, str(top["station"]), start=start, end=end)
        name = top["name"] if isinstance(top["name"], str) else str(top["station"])
        return daily, level, name

    def _compute(self, year: int, through_month: int) -> dict[str, pd.DataFrame]:
        period = self.season(year, through_month)
        if period is None:
            return {name: _empty(name) for name in DERIVED}
        figures = season_figures(
            self.store,
            self.reference,
            start=period[0],
            end=period[1],
            reservoir_interval=self.reservoir_interval,
            engine=self.engine,
        )
        return {
            "monitoring_reservoirs": self._shaped("monitoring_reservoirs", figures.reservoirs),
            "monitoring_rain": self._shaped("monitoring_rain", figures.rain),
        }

    def _shaped(self, name: str, figures: pd.DataFrame) -> pd.DataFrame:
        """Per-station figures (index STCD) in the columns of derived table ``name``."""
        stations = self.reference.stations.drop_duplicates("STCD").set_index("STCD")
        codes = figures.index
        out = _empty(name).reindex(range(len(codes)))
        out["station"] = list(codes)
        out["name"] = stations["STNM"].reindex(codes).to_numpy() if "STNM" in stations else None
        out["county"] = stations["county"].reindex(codes).to_numpy()
        for column in DERIVED[name].names[3:]:
            if column == "reservoir_id":
                out[column] = stations["reservoir_id"].reindex(codes).to_numpy()
            elif column in figures:
                values = figures[column].to_numpy()
                kind = DERIVED[name].column(column).kind
                out[column] = pd.array(values, dtype="Int64") if kind == "int" else values
        return out


def _fingerprint(root: Path) -> str:
    """A hash of the dataset's content: each source file's digest, the station tables'."""
    try:
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    files = {name: entry.get("digest", "") for name, entry in manifest.get("files", {}).items()}
    checks = manifest.get("checks", {})
    content = json.dumps([manifest.get("code"), files, checks], sort_keys=True, default=str)
    return hashlib.sha256(content.encode()).hexdigest()[:16]


def open_monitoring(
    folder: str | Path,
    root: str | Path,
    *,
    counties: pd.DataFrame | None = None,
    reservoirs: pd.DataFrame | None = None,
    reservoir_interval: str = "1h",
) -> SeasonTables:
    """The monitoring folder ``folder`` converted into (or found up to date in) the dataset at
    ``root`` (:func:`~.store.convert`), as :class:`SeasonTables`; a
    :class:`~wbanalysis.errors.MonitoringDataError` naming every error of the data."""
    conversion = convert(folder, root, counties=counties, reservoirs=reservoirs)
    store = conversion.raise_for_errors()
    return SeasonTables(
        store,
        conversion.reference,
        reservoir_interval=reservoir_interval,
        fingerprint=_fingerprint(Path(root)) + _reference_digest(conversion.reference),
    )


def _reference_digest(reference: Reference) -> str:
    """A hash of the station tables as read (names, counties, reservoirs, flood limits)."""
    digest = hashlib.sha256()
    digest.update(reference.stations.to_csv(index=False).encode())
    digest.update(reference.flood_limits.to_csv(index=False).encode())
    return digest.hexdigest()[:8]


def default_store_dir(folder: str | Path) -> Path:
    """Where the monitoring dataset of ``folder`` is kept between runs: beside the ledgers'
    cache (:func:`wbanalysis.io.cache.default_cache_dir`, ``monitoring-of-…``), or a new
    temporary folder when the cache is turned off (``WBANALYSIS_CACHE=off``)."""
    import tempfile

    from ..io.cache import default_cache_dir

    cache = default_cache_dir(folder)
    if cache is None:
        return Path(tempfile.mkdtemp(prefix="wbanalysis-monitoring-"))
    return cache.with_name(cache.name.replace("ledgers-of-", "monitoring-of-"))
