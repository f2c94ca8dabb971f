"""口径范围 (the scope of a report): which year, which county (or the whole city), through which month.

A :class:`Scope` is made once, by :meth:`Scope.of`, where a selection enters the package (the
command line, :func:`wbanalysis.reporting.start`, the public API, the build's plan). That is the
only place the selection is checked against the ledgers; everything downstream takes the Scope
and trusts it. It carries what reports, narrative, indicators and the build would otherwise each
re-derive: ``county`` (``None`` for the whole city), the place named in sentences (全市 /
白沙县), the period text (1－10月), the notebook parameter and a safe path segment.

>>> import pandas as pd
>>> from wbanalysis.dataset import Dataset
>>> ds = Dataset({"counties": pd.DataFrame({"county": ["白沙县", "河东县"],
...                                          "code": ["990102", "990121"], "city": ["XX市"] * 2}),
...               "funding": pd.DataFrame({"record_id": ["F1"], "year": [2023], "month": [10],
...                   "county": ["白沙县"], "level": ["中央"], "programme": ["水利发展资金"],
...                   "secured": [1.0], "arrived": [1.0], "project_id": [None]})})
>>> s = Scope.of(ds, year=2023, county="白沙县")
>>> s.county, s.place, s.period, s.period_label, s.segment
('白沙县', '白沙县', '1－10月', '2023年1－10月', '990102')
>>> c = Scope.of(ds, year=2023, county="全市", through_month=9)
>>> c.county, c.place, c.name, c.period_label, c.parameter
(None, '全市', 'XX市', '2023年1－9月', '全市')
>>> Scope.of(ds, year=2023, through_month=12)
Traceback (most recent call last):
...
wbanalysis.errors.ParameterError: 2023年的台账数据只到10月，不能计算截至12月的指标（把10个月当作12个月，同比会与上年12个月相比）；请补全台账，或把截止月份设为10（不指定即截至有数据的最后一个月）

A county bureau's ledgers (a 行政区划 listing only its county, :func:`county_bureau`) have no
city report: the whole is the county, and its reports are the bureau's own.

>>> ds = Dataset({"counties": pd.DataFrame({"county": ["龙泉县"], "code": ["990123"],
...                                          "city": ["XX市"]}), "funding": ds.funding.assign(county="龙泉县")})
>>> k = Scope.of(ds, year=2023)
>>> k.county, k.place, k.name, k.segment, k.is_bureau, k == Scope.of(ds, year=2023, county="全市")
('龙泉县', '龙泉县', '龙泉县', '990123', True, True)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from .errors import ParameterError, did_you_mean
from .units import format_period

if TYPE_CHECKING:  # pragma: no cover
    from .dataset import Dataset

__all__ = ["CITY", "Scope", "bureau_name", "county_bureau", "is_city", "safe_segment"]

#: The name of the whole city wherever a county is expected (a notebook's ``county``
#: parameter, ``--counties``, the index's first column).
CITY = "全市"

#: Path segment of the whole city's reports.
CITY_SEGMENT = "city"

_SAFE_SEGMENT = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]{0,31}$")


def is_city(county: object) -> bool:
    """True for the values that mean the whole city: ``None``, ``""`` and ``"全市"``.

    >>> is_city(None), is_city("全市"), is_city("白沙县")
    (True, True, False)
    """
    return county is None or (isinstance(county, str) and county.strip() in ("", CITY))


def county_bureau(counties: Sequence[str]) -> str | None:
    """The county whose own bureau keeps the ledgers, or ``None`` for a city bureau.

    The one rule for who the bureau is: a 行政区划 ledger listing exactly one county (区) is
    that county's bureau — a county bureau, with no counties below it (every row of its
    ledgers is its own, a blank 所属县区 included); one listing several is the city's bureau,
    whose 全市 report sums them. ``counties`` is the 行政区划 ledger's 县区名称 column.

    >>> county_bureau(["龙泉县"]), county_bureau(["龙泉县", "白沙县"]), county_bureau([])
    ('龙泉县', None, None)
    """
    return str(counties[0]) if len(counties) == 1 else None


def bureau_name(counties: Sequence[str], city: str) -> str:
    """The place whose 水务局 keeps the ledgers, as titles name it: the county of a county
    bureau (``龙泉县水务局``), else the city (``XX市水务局``).

    >>> bureau_name(["龙泉县"], "XX市"), bureau_name(["龙泉县", "白沙县"], "XX市")
    ('龙泉县', 'XX市')
    """
    return county_bureau(counties) or city


def safe_segment(text: object) -> str | None:
    """``text`` when it can be a folder name anywhere (letters, digits, ``-``, ``_``), else None.

    >>> safe_segment("990102"), safe_segment("../x"), safe_segment(".."), safe_segment("a/b")
    ('990102', None, None, None)
    """
    value = str(text).strip() if text is not None else ""
    return value if _SAFE_SEGMENT.match(value) and value != CITY_SEGMENT else None


def _within_the_ledgers(dataset: Dataset, year: int, month: int) -> None:
    """Refuse a cut-off past the last month of ``year`` in the monthly ledgers: the one rule,
    for the API, the command line, the notebooks and the build alike."""
    try:
        last = dataset.last_month(year)
    except ParameterError:
        return  # no monthly ledger has rows in that year: nothing to compare the cut-off with
    if month > last:
        raise ParameterError(
            f"{year}年的台账数据只到{last}月，不能计算截至{month}月的指标（把{last}个月当作"
            f"{month}个月，同比会与上年{month}个月相比）；请补全台账，或把截止月份设为{last}"
            "（不指定即截至有数据的最后一个月）"
        )


def _whole_number(value: object, what: str) -> int:
    if isinstance(value, bool):
        raise ParameterError(f"{what}须为整数，收到 {value!r}")
    try:
        # any object: float() raises TypeError for what it cannot read (reported below)
        number = float(str(value).strip()) if isinstance(value, str) else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ParameterError(f"{what}须为整数，收到 {value!r}") from None
    if not number.is_integer():
        raise ParameterError(f"{what}须为整数，收到 {value!r}")
    return int(number)


class Selection(TypedDict):
    """A scope as the keyword arguments every metric takes."""

    year: int
    through_month: int
    county: str | None


@dataclass(frozen=True)
class Scope:
    """One report's selection, already checked against the ledgers (make it with :meth:`of`).

    Attributes
    ----------
    year : the year reported on.
    through_month : the cut-off month: the report covers months 1..through_month.
    county : the county's name, or ``None`` for the whole city.
    city : the city's name (from the 行政区划 ledger), for titles: ``XX市水务局``.
    segment : the folder of the report within its year in the site: a safe code
        (``990102``), ``city`` for the whole city.
    county_bureau : True when the ledgers are ``county``'s own bureau's (:func:`county_bureau`):
        the county's reports are then the bureau's own, with no city report above them.
    """

    year: int
    through_month: int
    county: str | None = None
    city: str = "本市"
    segment: str = CITY_SEGMENT
    county_bureau: bool = False

    @classmethod
    def of(
        cls, dataset: Dataset, *, year: object, county: object = None, through_month: object = None
    ) -> Scope:
        """Check a selection against ``dataset`` and return its Scope.

        ``county`` None, ``""`` or ``"全市"`` means the whole city — for a county bureau
        (:func:`county_bureau`) its county, as it has no city report; ``through_month=None``
        the last month of ``year`` with data. Raises :class:`ParameterError` (in Chinese) for
        a year without data, an unknown county, a month outside 1–12, or a cut-off beyond the
        last month of the monthly ledgers (ten months presented as twelve would compare ten
        months with last year's twelve).
        """
        year = _whole_number(year, "年度")
        years = dataset.years
        if year not in years:
            raise ParameterError(
                f"{year}年没有数据；台账中有数据的年度：" + ("、".join(map(str, years)) or "无")
            )
        own = county_bureau(dataset.counties)  # a county bureau's whole is its county
        name = own if is_city(county) else str(county).strip()
        if name is not None and name not in dataset.counties:
            hint = did_you_mean(name, dataset.counties)
            raise ParameterError(
                f"未知的县区「{name}」；{hint + '；' if hint else ''}可选：{CITY}、"
                + "、".join(dataset.counties)
            )
        if through_month is None:
            month = dataset.last_month(year)
        else:
            month = _whole_number(through_month, "截止月份")
            if not 1 <= month <= 12:
                raise ParameterError(f"截止月份须为 1～12，收到 {through_month}")
            _within_the_ledgers(dataset, year, month)
        segment = CITY_SEGMENT
        if name is not None:
            position = dataset.counties.index(name) + 1
            segment = safe_segment(dataset.county_code(name)) or f"c{position:02d}"
        return cls(
            year=year,
            through_month=month,
            county=name,
            city=dataset.city,
            segment=segment,
            county_bureau=own is not None,
        )

    @property
    def is_city(self) -> bool:
        """True for the whole city."""
        return self.county is None

    @property
    def is_bureau(self) -> bool:
        """True for the bureau's own report: the whole city's, or a county bureau's county.

        >>> Scope(2023, 10).is_bureau, Scope(2023, 10, county="白沙县").is_bureau
        (True, False)
        >>> Scope(2023, 10, county="龙泉县", county_bureau=True).is_bureau
        True
        """
        return self.county is None or self.county_bureau

    @property
    def place(self) -> str:
        """The place as sentences name it: ``全市`` or the county (``白沙县设河湖长50名``)."""
        return CITY if self.county is None else self.county

    @property
    def name(self) -> str:
        """The place as a title names it: the city's name (``XX市``) or the county's."""
        return self.city if self.county is None else self.county

    @property
    def parameter(self) -> str:
        """The notebook's ``county`` parameter: ``全市`` or the county's name."""
        return self.place

    @property
    def period(self) -> str:
        """``1－10月``, ``1月`` or ``全年`` (:func:`wbanalysis.units.format_period`)."""
        return format_period(self.through_month)

    @property
    def period_place(self) -> str:
        """The period and the place opening a sentence: ``1－10月全市``, ``1月白沙县``; for a
        complete year ``2022年全市`` (``全年全市`` reads as a doubled period).

        >>> Scope(2023, 10).period_place, Scope(2022, 12, county="白沙县").period_place
        ('1－10月全市', '2022年白沙县')
        """
        return (
            f"{self.year}年{self.place}" if self.through_month == 12 else self.period + self.place
        )

    @property
    def each_year(self) -> str:
        """The same months of every year, as a chart of several years names them:
        ``各年1－10月``, ``各年1月``; ``各年`` for complete years (never ``各年全年``).

        >>> Scope(2023, 10).each_year, Scope(2022, 12).each_year
        ('各年1－10月', '各年')
        """
        return "各年" if self.through_month == 12 else f"各年{self.period}"

    @property
    def period_label(self) -> str:
        """``2023年1－10月``, or ``2023年`` for a complete year."""
        return f"{self.year}年" if self.through_month == 12 else f"{self.year}年{self.period}"

    @property
    def cutoff(self) -> str:
        """``截至10月`` or ``截至年底``."""
        return "截至年底" if self.through_month == 12 else f"截至{self.through_month}月"

    @property
    def as_of(self) -> str:
        """The moment a stock is counted at: ``截至10月底`` or ``截至年底`` (never 年底底)."""
        return "截至年底" if self.through_month == 12 else f"截至{self.through_month}月底"

    @property
    def season(self) -> str:
        """The winter–spring storage season of the year: ``2022－2023年冬春``."""
        return f"{self.year - 1}－{self.year}年冬春"

    @property
    def selection(self) -> Selection:
        """``year``, ``through_month`` and ``county`` as metric keyword arguments."""
        return {"year": self.year, "through_month": self.through_month, "county": self.county}

    def previous_year(self) -> Scope:
        """The same months and place one year earlier (for year-on-year comparisons)."""
        return Scope(
            self.year - 1,
            self.through_month,
            self.county,
            self.city,
            self.segment,
            self.county_bureau,
        )

    def parameters(self, data_dir: str) -> dict:
        """A notebook's parameters for this scope."""
        return {
            "year": self.year,
            "county": self.parameter,
            "through_month": self.through_month,
            "data_dir": str(data_dir),
        }
