"""What planning needs to know of the ledgers, kept in the manifest between builds.

A build whose ledger files did not change plans its reports from these facts — years, counties
and their codes, the last month with data of each year, the city's name — instead of loading
the ledgers, so that a build with nothing to do never imports pandas. The facts answer the same
questions a :class:`~wbanalysis.Dataset` answers for :meth:`wbanalysis.scope.Scope.of`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import ParameterError
from ..scope import bureau_name

if TYPE_CHECKING:  # pragma: no cover
    from ..dataset import Dataset

__all__ = ["LedgerFacts", "Coverage", "coverage"]


@dataclass(frozen=True)
class Coverage:
    """Which ledgers and counties hold rows of each year (for leaving thin years out).

    kept : the ledgers that place rows in time (by 年度/月份 or a date) and hold rows of some
        year: what the bureau keeps. A ledger not provided, or stated empty (本期无), is none.
    held : year → the kept ledgers holding rows of that year.
    places : year → the counties with a row of that year in any of them.
    """

    kept: list[str]
    held: dict[int, list[str]]
    places: dict[int, list[str]]

    def to_json(self) -> dict:
        return {
            "kept": self.kept,
            "held": {str(y): v for y, v in self.held.items()},
            "places": {str(y): v for y, v in self.places.items()},
        }

    @classmethod
    def from_json(cls, data: object) -> Coverage:
        if not isinstance(data, dict):
            raise ValueError("coverage is not a mapping")
        kept, held, places = data.get("kept"), data.get("held"), data.get("places")
        if not (isinstance(kept, list) and isinstance(held, dict) and isinstance(places, dict)):
            raise ValueError("coverage of the wrong shape")
        return cls(
            [str(x) for x in kept],
            {int(y): [str(x) for x in v] for y, v in held.items()},
            {int(y): [str(x) for x in v] for y, v in places.items()},
        )


def coverage(dataset: Dataset, years: list[int]) -> Coverage:
    """The :class:`Coverage` of ``years`` in ``dataset``."""
    import pandas as pd

    from ..schema import LEDGERS

    kept: list[str] = []
    held: dict[int, list[str]] = {y: [] for y in years}
    places: dict[int, set[str]] = {y: set() for y in years}
    for name, ledger in LEDGERS.items():
        if ledger.time is None or name in dataset.missing:
            continue
        table = dataset[name]
        if "year" in table.columns:
            of_year = pd.to_numeric(table["year"], errors="coerce")
        else:
            of_year = pd.to_datetime(table[ledger.when], errors="coerce").dt.year
        if not of_year.notna().any():
            continue
        kept.append(name)
        for year in years:
            rows = (of_year == year).to_numpy(dtype=bool)
            if rows.any():
                held[year].append(name)
                if "county" in table.columns:
                    places[year].update(str(c) for c in table["county"][rows].dropna().unique())
    counties = dataset.counties
    return Coverage(kept, held, {y: [c for c in counties if c in places[y]] for y in years})


@dataclass(frozen=True)
class LedgerFacts:
    """Years, counties (with their codes), last months with data, and the city's name.

    >>> facts = LedgerFacts(years=[2022, 2023], counties=["白沙县"], codes={"白沙县": "990124"},
    ...                     last_months={2022: 12, 2023: 10}, city="XX市")
    >>> LedgerFacts.from_json(facts.to_json()) == facts, facts.last_month(2023)
    (True, 10)
    """

    years: list[int]
    counties: list[str]
    codes: dict[str, str | None] = field(default_factory=dict)
    last_months: dict[int, int] = field(default_factory=dict)
    city: str = "本市"
    coverage: Coverage | None = None  # None: not known (every year and county is planned)

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> LedgerFacts:
        years = list(dataset.years)
        return cls(
            years=years,
            counties=list(dataset.counties),
            codes={c: dataset.county_code(c) for c in dataset.counties},
            last_months={y: dataset.last_month(y) for y in years},
            city=dataset.city,
            coverage=coverage(dataset, years),
        )

    @property
    def bureau(self) -> str:
        """The place whose 水务局 keeps the ledgers (:func:`wbanalysis.scope.bureau_name`)."""
        return bureau_name(self.counties, self.city)

    def last_month(self, year: int) -> int:
        if year not in self.last_months:
            raise ParameterError(
                f"{year}年没有数据；台账中有数据的年度："
                + ("、".join(map(str, self.years)) or "无")
            )
        return self.last_months[year]

    def county_code(self, county: str) -> str | None:
        return self.codes.get(county)

    def to_json(self) -> dict:
        return {
            "years": self.years,
            "counties": self.counties,
            "codes": self.codes,
            "last_months": {str(y): m for y, m in self.last_months.items()},
            "city": self.city,
            "coverage": self.coverage.to_json() if self.coverage is not None else None,
        }

    @classmethod
    def from_json(cls, data: object) -> LedgerFacts:
        """The facts a manifest kept; :class:`ValueError` for anything of the wrong shape."""
        if not isinstance(data, dict):
            raise ValueError("facts are not a mapping")
        years, counties = data.get("years"), data.get("counties")
        codes, months, city = data.get("codes"), data.get("last_months"), data.get("city")
        if not (
            isinstance(years, list)
            and all(isinstance(y, int) for y in years)
            and isinstance(counties, list)
            and all(isinstance(c, str) for c in counties)
            and isinstance(codes, dict)
            and isinstance(months, dict)
            and isinstance(city, str)
        ):
            raise ValueError("facts of the wrong shape")
        last = {int(y): int(m) for y, m in months.items()}
        if set(last) != set(years):
            raise ValueError("facts: last months do not match the years")
        return cls(
            years=years,
            counties=counties,
            codes={str(k): (None if v is None else str(v)) for k, v in codes.items()},
            last_months=last,
            city=city,
            coverage=Coverage.from_json(data["coverage"]) if data.get("coverage") else None,
        )
