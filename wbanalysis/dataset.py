"""The Dataset: every ledger as a typed pandas table, and selection by year, county and month.

A :class:`Dataset` is what :func:`wbanalysis.load` returns. Its tables use the canonical English
column names of :mod:`wbanalysis.schema`. Child ledgers that name no county themselves
(patrols, storage, milestones…) receive the ``county`` of the record they refer to, and the
storage ledger receives the ``year`` its season belongs to, so every metric can select by
county and year in the same way. Activities with no county are the city bureau's own: they
count for the whole city and for no county. A county bureau's ledgers (a 行政区划 ledger
listing only its county, :func:`wbanalysis.scope.county_bureau`) have no city above them: a
row with no county is the bureau's own and counts for its county.

An optional column a ledger file lacks (a bureau that keeps no 筹资渠道) is added empty, and
listed in :attr:`Dataset.absent`: the indicators that need it have no value (never 0).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping

import numpy as np
import pandas as pd

from .errors import ParameterError, Problem
from .schema import DERIVED, LEDGERS, MONITORING, SEASON_PATTERN, TABLES
from .scope import bureau_name, county_bureau, is_city

__all__ = [
    "Dataset",
    "LazyTables",
    "empty_table",
    "in_period",
    "for_county",
    "season_year",
    "ledgers_behind",
]

# child ledger -> (parent ledger, key column)
_COUNTY_FROM = {
    "milestones": ("projects", "project_id"),
    "project_progress": ("projects", "project_id"),
    "project_plans": ("projects", "project_id"),
    "work_quantities": ("projects", "project_id"),
    "loan_drawdowns": ("projects", "project_id"),
    "plan_targets": ("projects", "project_id"),
    "storage": ("reservoirs", "reservoir_id"),
    "patrols": ("river_chiefs", "chief_id"),
    "rural_water_fees": ("rural_water_works", "work_id"),
    "eco_flow": ("hydropower", "station_id"),
}


def ledgers_behind(names: Iterable[str]) -> set[str]:
    """``names`` and the ledgers their rows take columns from (a patrol's county comes from
    its river chief).

    >>> sorted(ledgers_behind(["patrols"]))
    ['patrols', 'river_chiefs']
    """
    out = set(names)
    for name in list(out):
        if name in _COUNTY_FROM:
            out.add(_COUNTY_FROM[name][0])
    return out


# pandas 3 always copies on write; pandas 2 only when asked to.
_COPY_ON_WRITE = int(pd.__version__.split(".")[0]) >= 3 or bool(
    pd.get_option("mode.copy_on_write") is True
)

_DTYPES = {
    "str": "object",
    "int": "Int64",
    "float": "float64",
    "date": "datetime64[ns]",
    "bool": "boolean",
}


def empty_table(name: str) -> pd.DataFrame:
    """An empty table with the columns and dtypes of ledger ``name``."""
    ledger = TABLES[name]
    return pd.DataFrame({c.name: pd.Series(dtype=_DTYPES[c.kind]) for c in ledger.columns})


def _empty_derived(name: str) -> pd.DataFrame:
    """An empty derived table (:data:`wbanalysis.schema.DERIVED`) with its columns."""
    ledger = DERIVED[name]
    return pd.DataFrame({c.name: pd.Series(dtype=_DTYPES[c.kind]) for c in ledger.columns})


def season_year(season: str) -> int:
    """The year a storage season belongs to: the later of its two years.

    >>> season_year("2022－2023年冬春")
    2023
    """
    match = re.match(SEASON_PATTERN, str(season))
    if not match:
        raise ValueError(season)
    return int(match.group(2))


def in_period(
    df: pd.DataFrame, *, year: int, through_month: int = 12, date: str | None = None
) -> pd.Series:
    """Boolean mask of the rows in months 1..``through_month`` of ``year``.

    Rows are placed in time by their ``year`` and ``month`` columns, or by the date column
    named by ``date``. A table with a ``year`` but no ``month`` (annual ledgers) is selected by
    year alone.

    >>> t = pd.DataFrame({"year": [2023, 2023, 2022], "month": [3, 11, 3]})
    >>> in_period(t, year=2023, through_month=10).tolist()
    [True, False, False]
    """
    if date is not None:
        d = df[date]
        return (d.dt.year == year) & (d.dt.month <= through_month)
    mask = df["year"] == year
    if "month" in df.columns:
        mask &= df["month"] <= through_month
    return mask.fillna(False).astype(bool)


def for_county(df: pd.DataFrame, county: str | None) -> pd.DataFrame:
    """Rows of ``county``; the whole table for the whole city (``None``)."""
    if is_city(county):
        return df
    return df[df["county"] == county]


class LazyTables(Mapping):
    """Ledger tables read when first used (from the Parquet cache of :mod:`wbanalysis.io`).

    ``columns`` names the columns of each table provided; ``load(name)`` reads one.
    """

    def __init__(
        self, columns: Mapping[str, Iterable[str]], load, digests: Mapping[str, str] | None = None
    ) -> None:
        self._columns = {name: list(c) for name, c in columns.items()}
        self._load = load
        self._digests = dict(digests or {})

    def columns(self, name: str) -> list[str]:
        return self._columns[name]

    def digest(self, name: str) -> str | None:
        """The SHA-256 of table ``name``'s stored copy (changes whenever the table does)."""
        return self._digests.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._columns  # without reading the table

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._columns:
            raise KeyError(name)
        return self._load(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)


class _Tables(Mapping):
    """Every ledger's table, prepared on first use: an empty table for a ledger not provided,
    optional columns added empty, the ``county`` a child ledger takes from its parent and the
    ``year`` of a storage season."""

    def __init__(self, given: Mapping[str, pd.DataFrame]) -> None:
        self._given = given
        self._ready: dict[str, pd.DataFrame] = {}
        # A copy prepares a table through the tables it was copied from, so that a table read
        # lazily is read and prepared once for all copies (a kernel's reports), each copy
        # getting its own copy of it.
        self._parent: _Tables | None = None
        self._deep = True

    @classmethod
    def ready(cls, tables: Mapping[str, pd.DataFrame]) -> _Tables:
        new = cls({})
        new._ready = dict(tables)
        return new

    def copy(self, *, deep: bool) -> _Tables:
        new = _Tables(self._given)
        new._ready = {k: v.copy(deep=deep) for k, v in self._ready.items()}
        new._parent, new._deep = self, deep
        return new

    def loaded(self) -> list[str]:
        return list(self._ready)

    def digest(self, name: str) -> str | None:
        """The digest of the stored copy ``name`` is read from, when it has one."""
        given = self._given
        return given.digest(name) if isinstance(given, LazyTables) else None

    def __iter__(self) -> Iterator[str]:
        return iter(LEDGERS)

    def __len__(self) -> int:
        return len(LEDGERS)

    def __contains__(self, name: object) -> bool:
        return name in LEDGERS

    def __getitem__(self, name: str) -> pd.DataFrame:
        table = self._ready.get(name)
        if table is None:
            if name not in LEDGERS:
                raise KeyError(name)
            if self._parent is not None:
                table = self._parent[name].copy(deep=self._deep)
            else:
                table = self._prepare(name)
            self._ready[name] = table
        return table

    def _prepare(self, name: str) -> pd.DataFrame:
        if name not in self._given:
            table = empty_table(name)
        else:
            table = self._given[name].reset_index(drop=True)
            lacking = [c for c in LEDGERS[name].names if c not in table.columns]
            if lacking:
                blank = empty_table(name)
                table = table.copy()
                for column in lacking:
                    table[column] = pd.Series([None] * len(table), dtype=blank[column].dtype)
        if name in _COUNTY_FROM and "county" not in table.columns:
            parent, key = _COUNTY_FROM[name]
            lookup = self[parent].set_index(key)["county"]
            lookup = lookup[~lookup.index.duplicated()]
            table = table.copy()
            table["county"] = table[key].map(lookup)
        if name != "counties" and "county" in table.columns:
            own = county_bureau([str(c) for c in self["counties"]["county"]])
            if own is not None and bool(table["county"].isna().any()):
                # a county bureau's row with no 所属县区 is the bureau's own: its county's
                table = table.copy()
                table["county"] = table["county"].fillna(own)
        if name == "storage":
            table = table.copy()
            table["year"] = pd.array([season_year(s) for s in table["season"]], dtype="Int64")
        return table


class Dataset(Mapping):
    """All ledgers of one data folder, as typed tables.

    Parameters
    ----------
    tables : mapping of ledger name to DataFrame with canonical columns; missing ledgers are
        replaced by empty tables, and listed in :attr:`missing` (their indicators have no
        value, see :func:`wbanalysis.compute_indicators`). A :class:`LazyTables` (what a
        cached :func:`wbanalysis.load` passes) is read a table at a time, when first used;
        each table is read whole — every county and year — since a county's report compares
        with the others and with earlier years.
    source : where the tables came from (for messages).
    notices : what loading skipped or interpreted (:class:`~wbanalysis.errors.Problem` of
        level ``notice``), kept so that reports can show them.
    definitions : the indicators the bureau defined itself (its 指标定义 sheet): the records
        :func:`wbanalysis.io.definitions.parse_definitions` makes (or indicators already
        compiled), compiled by :func:`wbanalysis.indicators.catalogue_of` and computed after
        the built-in catalogue.
    origins : where each row of each table was read (:meth:`origins`): ledger name → a
        DataFrame with columns ``file``, ``sheet``, ``row`` (the row as Excel shows it), one
        row per position of the table; or a function returning that mapping, called when
        first asked (what :func:`wbanalysis.load` passes for a cached folder).

    Attributes
    ----------
    monitoring : the flood-season tables of the monitoring data (水雨情), or ``None``:
        an object with ``table(name, year, through_month)`` and ``fingerprint``
        (:class:`wbanalysis.monitoring.flood_season.SeasonTables`), whose tables
        :meth:`derived` hands out.
    missing : the ledgers not provided.
    absent : ``"ledger.column"`` of every schema column a provided ledger lacks (added
        empty); an indicator needing one of them has no value.
    """

    def __init__(
        self,
        tables: Mapping[str, pd.DataFrame],
        *,
        source: str = "",
        notices: Iterable[Problem] = (),
        definitions: Iterable = (),
        origins: Mapping[str, pd.DataFrame]
        | Callable[[], Mapping[str, pd.DataFrame]]
        | None = None,
    ) -> None:
        self.source = source
        self._origins = origins
        self._read: set[str] = set()
        self.monitoring = None
        self.missing = tuple(name for name in LEDGERS if name not in tables)
        self.notices = tuple(p for p in notices if not p.is_error)
        self.definitions = tuple(definitions)
        lazy = isinstance(tables, LazyTables)
        absent = []
        for name in LEDGERS:
            if name in tables:
                columns = (
                    tables.columns(name) if isinstance(tables, LazyTables) else tables[name].columns
                )
                absent += [f"{name}.{c}" for c in LEDGERS[name].names if c not in columns]
        self.absent = frozenset(absent)
        self._tables = _Tables(tables)
        if not lazy:
            for name in LEDGERS:  # prepared now: the caller may change its frames later
                self._tables[name]

    def origins(self, name: str) -> pd.DataFrame | None:
        """Where each row of ledger ``name`` was read: columns ``file``, ``sheet`` and
        ``row`` (as Excel shows it), indexed like the table (its positions); ``None`` when the
        tables were not read from files (a Dataset made from DataFrames).

        The index of a table is its row's position, and selections keep it: an indicator's
        rows are found in the full table by their index labels.

        >>> ds = Dataset({"funding": pd.DataFrame({"record_id": ["F1"]})},
        ...     origins={"funding": pd.DataFrame({"file": ["f.csv"], "sheet": [""], "row": [2]})})
        >>> int(ds.origins("funding").loc[0, "row"]), ds.origins("fees") is None
        (2, True)
        """
        origins = self.__dict__.get("_origins")
        if origins is None or name not in LEDGERS:  # a derived table is read from no file
            return None
        if callable(origins):  # read once, when first asked
            origins = origins()
            self._origins = origins
        table = origins.get(name)
        if table is None or len(table) != len(self._tables[name]):
            return None  # never a wrong row: rows that do not line up are not told
        return table

    def has_column(self, ledger: str, column: str) -> bool:
        """True when ledger ``ledger`` was provided with column ``column``.

        >>> ds = Dataset({"funding": pd.DataFrame({"record_id": ["F1"]})})
        >>> ds.has_column("funding", "record_id"), ds.has_column("funding", "channel")
        (True, False)
        """
        return ledger not in self.missing and f"{ledger}.{column}" not in self.absent

    def derived(self, name: str, year: int, through_month: int) -> pd.DataFrame:
        """Derived table ``name`` (:data:`wbanalysis.schema.DERIVED`: one row per monitoring
        station, its flood-season figures) of months 1..``through_month`` of ``year``, every
        county; empty without monitoring data (:attr:`unavailable` then names it). Reading it
        lists :data:`~wbanalysis.schema.MONITORING` in :attr:`ledgers_read`.

        >>> ds = Dataset({})
        >>> list(ds.derived("monitoring_rain", 2023, 10).columns[:3]), ds.ledgers_read
        (['station', 'name', 'county'], ['counties', '水雨情监测'])
        """
        if name not in DERIVED:
            raise KeyError(name)
        self._read.add(MONITORING)
        monitoring = self.__dict__.get("monitoring")
        if monitoring is None:
            return _empty_derived(name)
        return monitoring.table(name, year, through_month)

    @property
    def unavailable(self) -> frozenset[str]:
        """The derived tables this dataset cannot give (no monitoring data): an indicator
        reading one has no value, never 0."""
        return frozenset() if self.__dict__.get("monitoring") is not None else frozenset(DERIVED)

    # Mapping protocol: ds["funding"], iteration over ledger names.
    def __getitem__(self, name: str) -> pd.DataFrame:
        table = self._tables[name]
        self._read.add(name)
        return table

    def county_codes(self, name: str) -> tuple[np.ndarray, dict]:
        """The ``county`` column of ledger ``name`` as integer codes, and code of each county:
        selecting a county compares small integers, not strings (computed once per table).

        >>> ds = Dataset({"funding": pd.DataFrame({"county": ["甲县", "乙县", "甲县", None]})})
        >>> codes, lookup = ds.county_codes("funding")
        >>> (codes == lookup["甲县"]).tolist()
        [True, False, True, False]
        """
        cache = self.__dict__.setdefault("_codes", {})
        table = self._tables[name]
        entry = cache.get(name)
        if entry is None or entry[0] is not table:
            codes, uniques = pd.factorize(table["county"], use_na_sentinel=True)
            entry = (table, codes, {value: i for i, value in enumerate(uniques)})
            cache[name] = entry
        return entry[1], entry[2]

    def numbers(self, name: str, column: str) -> np.ndarray:
        """Column ``column`` of ledger ``name`` as float64 (NaN for a blank), converted once per
        table (years and months compared for every selection).

        >>> ds = Dataset({"funding": pd.DataFrame({"year": pd.array([2023, None], "Int64")})})
        >>> ds.numbers("funding", "year").tolist()
        [2023.0, nan]
        """
        cache = self.__dict__.setdefault("_numbers", {})
        table = self._tables[name]
        entry = cache.get((name, column))
        if entry is None or entry[0] is not table:
            entry = (table, table[column].to_numpy(dtype="float64", na_value=np.nan))
            cache[(name, column)] = entry
        return entry[1]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("_tables", {})
        if name in tables:
            self._read.add(name)
            return tables[name]
        raise AttributeError(name)

    def __getstate__(self) -> dict:
        return {
            "source": self.source,
            "missing": self.missing,
            "notices": self.notices,
            "absent": self.absent,
            "definitions": self.definitions,
            "_tables": dict(self._tables.items()),
            "_origins": self._origins if isinstance(self._origins, Mapping) else None,
            "monitoring": self.__dict__.get("monitoring"),
        }

    def __setstate__(self, state: dict) -> None:
        state.setdefault("notices", ())
        state.setdefault("absent", frozenset())
        state.setdefault("definitions", ())
        state.setdefault("_origins", None)
        state.setdefault("monitoring", None)
        if not isinstance(state["_tables"], _Tables):
            state["_tables"] = _Tables.ready(state["_tables"])
        self.__dict__.update(state)
        self._read = set()

    def copy(self) -> Dataset:
        """A copy whose tables can be changed without changing these, no ledger marked read.

        With pandas' copy-on-write (always on from pandas 3) the tables are copied lazily,
        when one of them is first changed; with older pandas they are copied at once.
        """
        deep = not _COPY_ON_WRITE
        new = Dataset.__new__(Dataset)
        new.__setstate__(
            {
                "source": self.source,
                "missing": self.missing,
                "notices": self.notices,
                "absent": self.absent,
                "definitions": self.definitions,
                "_tables": self._tables.copy(deep=deep),
                "_origins": self.__dict__.get("_origins"),
                "monitoring": self.__dict__.get("monitoring"),
            }
        )
        return new

    @property
    def ledgers_read(self) -> list[str]:
        """Ledgers read since loading, with those they draw columns from (for build caches).

        A child ledger (patrols) takes its county from its parent (river chiefs), and every
        selection by county depends on the 行政区划 ledger, so those count as read too. A
        report that read the monitoring data's tables (:meth:`derived`) lists
        :data:`~wbanalysis.schema.MONITORING` last.
        """
        read = ledgers_behind((self._read - {MONITORING}) | {"counties"})
        monitored = [MONITORING] if MONITORING in self._read else []
        return sorted(read, key=list(LEDGERS).index) + monitored

    def fingerprint(self, name: str) -> str:
        """A hash that changes whenever ledger ``name``'s typed table changes (the build
        rebuilds the reports that read it): the SHA-256 of the table's Parquet copy when it
        comes from the cache — without reading the table — else a hash of its content.

        The columns a child ledger takes from its parent (the county of a patrol) are not in
        its hash; :attr:`ledgers_read` names the parent with the child.
        """
        import hashlib

        if name == MONITORING:
            monitoring = self.__dict__.get("monitoring")
            return str(getattr(monitoring, "fingerprint", "")) or "none"
        digest = self._tables.digest(name)
        if digest is not None:
            return digest[:16]
        table = self._tables[name]
        content = hashlib.sha256(",".join(map(str, table.columns)).encode())
        content.update(pd.util.hash_pandas_object(table.astype(str), index=False).values.tobytes())
        return content.hexdigest()[:16]

    def __repr__(self) -> str:
        rows = ", ".join(f"{k}={len(v)}" for k, v in self._tables.items() if len(v))
        return f"<Dataset {self.source!s}: {rows}>"

    @property
    def city(self) -> str:
        """Name of the city (from the 行政区划 ledger)."""
        cities = self._tables["counties"]["city"].dropna().unique()
        return str(cities[0]) if len(cities) else "本市"

    @property
    def county_bureau(self) -> str | None:
        """The county whose own bureau keeps these ledgers (the 行政区划 ledger lists only
        it), or ``None`` for a city bureau: :func:`wbanalysis.scope.county_bureau`.

        >>> Dataset({"counties": pd.DataFrame({"county": ["龙泉县"], "city": ["XX市"]})}).bureau
        '龙泉县'
        """
        return county_bureau(self.counties)

    @property
    def bureau(self) -> str:
        """The place whose 水务局 keeps these ledgers: the county of a county bureau, else
        the city (:func:`wbanalysis.scope.bureau_name`)."""
        return bureau_name(self.counties, self.city)

    @property
    def counties(self) -> list[str]:
        """County names in ledger order."""
        return [str(c) for c in self._tables["counties"]["county"]]

    def county_code(self, county: str) -> str | None:
        """The 区划代码 of ``county`` as written in the 行政区划 ledger, or ``None``."""
        table = self._tables["counties"]
        row = table[table["county"] == county]
        code = row["code"].iloc[0] if len(row) and "code" in table.columns else None
        if code is None or pd.isna(code) or not str(code).strip():
            return None
        return str(code).strip()

    @property
    def years(self) -> list[int]:
        """Years for which the monthly ledgers hold data, ascending."""
        years: set[int] = set()
        for name in ("fixed_asset_investment", "funding", "patrols", "fees"):
            years.update(int(y) for y in self._tables[name]["year"].dropna().unique())
        return sorted(years)

    def last_month(self, year: int) -> int:
        """Last month of ``year`` with data in the monthly ledgers (12 for a complete year)."""
        months = [
            self._tables[name].loc[self._tables[name]["year"] == year, "month"].max()
            for name in ("fixed_asset_investment", "funding", "patrols", "fees")
        ]
        months = [int(m) for m in months if pd.notna(m)]
        if not months:
            raise ParameterError(
                f"{year}年没有数据；台账中有数据的年度："
                + ("、".join(map(str, self.years)) or "无")
            )
        return max(months)
