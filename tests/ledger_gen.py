"""Generated ledger sets for the metamorphic tests: a hypothesis strategy and the writers.

A :class:`LedgerSet` holds every ledger of :data:`wbanalysis.schema.LEDGERS` as rows of
canonical column names → Python values (money as :class:`~decimal.Decimal` on a 0.01 grid, so
that sums and unit conversions are exact). The rows are drawn from the schema itself — each
column by its kind, vocabulary, reference and bounds — so a new vocabulary value (a 县级 river
chief) or a new optional column is picked up without an edit here; only the few relations the
schema cannot state (a closing date after its finding date, a season's years, a parent project
in the same county) are written out in :data:`_SPECIAL`.

The writers put the rows into files the way a user would: one CSV per ledger with the
schema's Chinese headers (amounts in the unit the header states), or sheets of a workbook
written with openpyxl.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import strategies as st

from wbanalysis.schema import LEDGERS, QUANTITY_UNITS, Column, Ledger
from wbanalysis.units import MEASURE_WORDS

__all__ = [
    "LedgerSet",
    "ledger_sets",
    "extra_county",
    "extra_year",
    "write_csv_folder",
    "write_workbook",
    "cell_text",
    "COUNTY_POOL",
    "BASE_YEARS",
    "MONEY_UNIT",
]

#: Counties of the generated city; the extra county of the county transform is the last.
COUNTY_POOL = ("甲县", "乙县", "丙县", "丁县")
BASE_YEARS = (2022, 2023)
#: The unit amounts are kept in by the schema and converted from 元/亿元 by the loader.
MONEY_UNIT = "万元"
CITY_NAME = "某市"

Row = dict[str, object]
T = TypeVar("T")


class Draw:
    """Where the generator's choices come from: hypothesis (small sets, which it can shrink)
    or a :class:`random.Random` seeded by hypothesis (large sets, cheap to draw)."""

    def __init__(self, draw: Callable[[st.SearchStrategy], Any] | None, rnd: random.Random | None):
        self._draw = draw
        self._rnd = rnd

    def integer(self, low: int, high: int) -> int:
        if self._rnd is not None:
            return self._rnd.randint(low, high)
        return self._draw(st.integers(low, high))  # type: ignore[misc]

    def choice(self, values: Sequence[T]) -> T:
        return values[self.integer(0, len(values) - 1)]

    def boolean(self) -> bool:
        return self.integer(0, 1) == 1


def _source(draw: Callable[[st.SearchStrategy], Any], seeded: bool) -> Draw:
    if seeded:
        return Draw(None, random.Random(draw(st.integers(0, 2**32 - 1))))
    return Draw(draw, None)


@dataclass(frozen=True)
class LedgerSet:
    """Every ledger's rows; ``counties`` and ``years`` the rows were drawn for."""

    rows: dict[str, tuple[Row, ...]]
    counties: tuple[str, ...]
    years: tuple[int, ...]
    omitted: frozenset[str] = field(default=frozenset())

    def merged(self, other: LedgerSet) -> LedgerSet:
        """These rows and ``other``'s, ledger by ledger (``other``'s after)."""
        names = list(self.rows) + [n for n in other.rows if n not in self.rows]
        rows = {n: self.rows.get(n, ()) + other.rows.get(n, ()) for n in names}
        counties = self.counties + tuple(c for c in other.counties if c not in self.counties)
        years = tuple(sorted(set(self.years) | set(other.years)))
        return LedgerSet(rows, counties, years, self.omitted)

    def without(self, names: Iterable[str]) -> LedgerSet:
        """The same set with the ledgers ``names`` left out (not provided)."""
        gone = frozenset(names)
        rows = {n: r for n, r in self.rows.items() if n not in gone}
        return replace(self, rows=rows, omitted=self.omitted | gone)


# ---- drawing rows from the schema -----------------------------------------------------------


@dataclass
class _Context:
    counties: tuple[str, ...]
    years: tuple[int, ...]
    prefix: str  # of every ID, so that sets drawn apart can be merged
    keys: dict[str, list[object]]  # "ledger.column" -> the values a reference may take
    ids: dict[str, int] = field(default_factory=dict)
    projects: list[tuple[object, object]] = field(default_factory=list)  # (ID, county)
    cover: bool = False  # every vocabulary value in turn (enough rows give each one)
    row: int = 0  # the position of the row drawn in its ledger
    per: int = 1  # with cover, rows per record referred to


def _date_in(draw: Draw, years: Sequence[int], ctx: _Context | None = None) -> dt.date:
    if ctx is not None and ctx.cover:  # mostly in the last year, by September
        month = draw.integer(1, 9) if draw.integer(0, 3) else draw.integer(10, 12)
        return dt.date(_cover_year(draw, ctx), month, draw.integer(1, 28))
    year = draw.choice(years)
    return dt.date(year, draw.integer(1, 12), draw.integer(1, 28))


def _cover_year(draw: Draw, ctx: _Context) -> int:
    return ctx.years[-1] if draw.integer(0, 2) else ctx.years[0]


def _money(draw: Draw, top: int = 100_000) -> Decimal:
    """An amount on the 0.01 grid, from 0 to ``top``."""
    return Decimal(draw.integer(0, top * 100)) / 100


def _later(draw: Draw, start: object, *, blank: bool = True) -> dt.date | None:
    """A date from ``start`` to about half a year after it, or (sometimes) none yet."""
    if not isinstance(start, dt.date) or (blank and draw.integer(0, 3) == 0):
        return None
    return start + dt.timedelta(days=draw.integer(0, 200))


def _season(draw: Draw, row: Row, ctx: _Context) -> str:
    year = draw.choice(ctx.years)
    return f"{year - 1}－{year}年冬春"


def _parent(draw: Draw, row: Row, ctx: _Context) -> object:
    """A parent project among the projects drawn before, in the same county; mostly none."""
    same = [pid for pid, county in ctx.projects if county == row["county"]]
    if not same or draw.integer(0, 3) > 0:
        return None
    return draw.choice(same)


def _milestone_actual(draw: Draw, row: Row, ctx: _Context) -> object:
    planned = row["planned_date"]
    if not isinstance(planned, dt.date) or draw.integer(0, 3) == 0:
        return None
    actual = planned + dt.timedelta(days=draw.integer(-60, 120))
    return actual if actual.year in ctx.years else None


def _after(column: str) -> Callable[[Draw, Row, _Context], object]:
    def later(draw: Draw, row: Row, ctx: _Context) -> object:
        date = _later(draw, row[column])
        return date if date is not None and date.year in ctx.years else None

    return later


def _around(column: str) -> Callable[[Draw, Row, _Context], object]:
    def around(draw: Draw, row: Row, ctx: _Context) -> object:
        due = row[column]
        if not isinstance(due, dt.date) or draw.integer(0, 3) == 0:
            return None
        date = due + dt.timedelta(days=draw.integer(-90, 90))
        return date if date.year in ctx.years else None

    return around


def _blank(draw: Draw, row: Row, ctx: _Context) -> object:
    return None


def _quantity(draw: Draw, row: Row, ctx: _Context) -> object:
    """A quantity in its kind's unit: whole numbers of what is counted (座, 眼, 所…)."""
    if QUANTITY_UNITS[str(row["kind"])] in MEASURE_WORDS:
        return Decimal(draw.integer(0, 60))
    return _money(draw, 1_000)


#: Columns whose values the schema cannot describe alone: (ledger, column) → drawer.
_SPECIAL: dict[tuple[str, str], Callable[[Draw, Row, _Context], object]] = {
    ("storage", "season"): _season,
    ("projects", "parent_id"): _parent,
    ("milestones", "actual_date"): _milestone_actual,
    ("river_issues", "closed_date"): _after("found_date"),
    ("hazards", "rectified_date"): _after("found_date"),
    ("enforcement", "closed_date"): _after("date"),
    ("plan_targets", "achieved_date"): _around("due_date"),
    ("work_quantities", "quantity"): _quantity,
    ("work_quantities", "unit"): _blank,  # the unit of the row's kind (QUANTITY_UNITS)
    ("work_notes", "order"): _blank,
}


def _value(draw: Draw, ledger: Ledger, col: Column, row: Row, ctx: _Context) -> object:
    special = _SPECIAL.get((ledger.name, col.name))
    if special is not None:
        return special(draw, row, ctx)
    if col.allowed and ctx.cover and col.name == _widest(ledger):
        # each value in turn (and a blank if it may be); the other columns drawn
        values = (*col.allowed, None) if not col.required else col.allowed
        return values[ctx.row % len(values)]
    if not col.required and col.name not in ("county",) and draw.integer(0, 4) == 0:
        return None  # an optional cell left blank
    if col.unique:
        ctx.ids[ledger.name] = ctx.ids.get(ledger.name, 0) + 1
        return f"{ctx.prefix}{ledger.name[:3].upper()}{ctx.ids[ledger.name]}"
    if col.ref == "counties.county":
        if not col.required and draw.integer(0, 5) == 0:
            return None  # a row of the city bureau itself
        return draw.choice(ctx.counties)
    if col.ref is not None:
        pool = ctx.keys.get(col.ref, [])
        if ctx.cover and pool:  # every record of the roster in turn, ctx.per rows each
            if col.ref == "projects.project_id" and len(pool) > 1:
                pool = pool[:-1]  # the last project has no node and no investment: 储备
            return pool[ctx.row // ctx.per % len(pool)]
        return draw.choice(pool) if pool else None
    if col.allowed:
        return draw.choice(col.allowed)
    if col.name in ("year", "assessed_year"):
        return _cover_year(draw, ctx) if ctx.cover else draw.choice(ctx.years)
    if col.name == "month" and ctx.cover:
        return draw.integer(1, 9)
    return _plain(draw, ledger, col, row, ctx)


def _widest(ledger: Ledger) -> str:
    """The column of the ledger's largest vocabulary."""
    sizes = [(len(c.allowed), -i, c.name) for i, c in enumerate(ledger.columns) if c.allowed]
    return max(sizes)[2] if sizes else ""


def _plain(draw: Draw, ledger: Ledger, col: Column, row: Row, ctx: _Context) -> object:
    if col.kind == "date":
        return _date_in(draw, ctx.years, ctx)
    if col.kind == "bool":
        return draw.boolean()
    if col.kind == "int":
        low = int(col.minimum or 0)
        high = int(col.maximum) if col.maximum is not None else low + 60
        return draw.integer(low, high)
    if col.kind == "float":
        if col.fraction:
            return Decimal(draw.integer(1, 99)) / 100
        return _money(draw, 5_000 if col.unit == MONEY_UNIT else 1_000)
    return f"{col.zh}{len(ctx.ids)}{draw.integer(1, 9)}"


def _order() -> list[Ledger]:
    """The ledgers, each after the ledgers it refers to."""
    done: list[Ledger] = []
    todo = list(LEDGERS.values())
    while todo:
        for ledger in todo:
            refs = {c.ref.split(".")[0] for c in ledger.columns if c.ref} - {ledger.name}
            if refs <= {d.name for d in done}:
                done.append(ledger)
                todo.remove(ledger)
                break
        else:  # pragma: no cover - a cycle in the schema
            raise AssertionError(f"ledgers referring to each other: {[lg.name for lg in todo]}")
    return done


_ORDER = _order()
#: Ledgers that place rows in time (by 年度/月份, a date or a season).
TIMED = frozenset(lg.name for lg in _ORDER if lg.time is not None)


def _draw_ledger(draw: Draw, ledger: Ledger, ctx: _Context, n: int) -> tuple[Row, ...]:
    rows: list[Row] = []
    for i in range(n):
        ctx.row = i
        row: Row = {}
        for col in ledger.columns:
            row[col.name] = _value(draw, ledger, col, row, ctx)
        rows.append(row)
        if ledger.name == "projects":
            ctx.projects.append((row["project_id"], row["county"]))
    for col in ledger.columns:
        if col.unique:
            ctx.keys[f"{ledger.name}.{col.name}"] = [r[col.name] for r in rows]
    return tuple(rows)


def _counties(ctx: _Context) -> tuple[Row, ...]:
    return tuple({"county": c, "code": None, "city": CITY_NAME} for c in ctx.counties)


def _december(ctx: _Context) -> tuple[Row, ...]:
    """A fixed-asset row in December of every year: the ledgers reach every cut-off month."""
    return tuple(
        {"year": y, "month": 12, "county": ctx.counties[0], "amount": Decimal("1.00")}
        for y in ctx.years
    )


def _covering(ledger: Ledger, ctx: _Context) -> int:
    """With cover, the rows a child ledger needs to give each record it refers to (each
    project…) every value of its largest vocabulary (each milestone…)."""
    refs = [c for c in ledger.columns if c.ref and c.required and c.ref != "counties.county"]
    if not refs:
        ctx.per = 1
        return 0
    widest = _widest(ledger)
    ctx.per = len(ledger.column(widest).allowed or ()) + 1 if widest else 2
    return ctx.per * len(ctx.keys.get(refs[0].ref or "", []))


def _draw_set(draw: Draw, ctx: _Context, names: Iterable[str], sizes: tuple[int, int]):
    wanted = set(names)
    rows: dict[str, tuple[Row, ...]] = {}
    for ledger in _ORDER:
        if ledger.name not in wanted:
            continue
        if ledger.name == "counties":
            rows["counties"] = _counties(ctx)
            ctx.keys["counties.county"] = list(ctx.counties)
            continue
        n = draw.integer(*sizes)
        if ctx.cover:
            n = max(n, _covering(ledger, ctx))
        rows[ledger.name] = _draw_ledger(draw, ledger, ctx, n)
        if ledger.name == "fixed_asset_investment":
            rows[ledger.name] += _december(ctx)
    return rows


@st.composite
def ledger_sets(
    hypothesis_draw, *, sizes: tuple[int, int] = (1, 5), cover: bool = False, seeded: bool = False
) -> LedgerSet:
    """Every ledger for 2–3 counties and :data:`BASE_YEARS`, ``sizes`` rows each; with
    ``cover``, the values of each vocabulary in turn rather than drawn; ``seeded``: drawn
    from a random generator hypothesis seeds (for sets too large to draw value by value)."""
    draw = _source(hypothesis_draw, seeded)
    counties = tuple(draw.choice([COUNTY_POOL[:2], COUNTY_POOL[:3]]))
    ctx = _Context(counties, BASE_YEARS, "", {}, cover=cover)
    return LedgerSet(_draw_set(draw, ctx, LEDGERS, sizes), counties, BASE_YEARS)


@st.composite
def extra_county(
    hypothesis_draw, base: LedgerSet, *, sizes: tuple[int, int] = (1, 4), seeded: bool = False
) -> LedgerSet:
    """Rows of every ledger for one more county (its own projects, reservoirs, river chiefs…,
    its rows referring only to them); merge them with :meth:`LedgerSet.merged`."""
    draw = _source(hypothesis_draw, seeded)
    county = next(c for c in COUNTY_POOL if c not in base.counties)
    ctx = _Context((county,), base.years, "X", {})
    return LedgerSet(_draw_set(draw, ctx, LEDGERS, sizes), (county,), base.years)


@st.composite
def extra_year(
    hypothesis_draw,
    base: LedgerSet,
    year: int,
    *,
    sizes: tuple[int, int] = (1, 4),
    seeded: bool = False,
) -> LedgerSet:
    """Rows of ``year`` in every ledger that places its rows in time, referring to the base
    set's projects, reservoirs, river chiefs…; the rosters are left as they are."""
    draw = _source(hypothesis_draw, seeded)
    keys: dict[str, list[object]] = {}
    for ledger in LEDGERS.values():
        for col in ledger.columns:
            if col.unique:
                keys[f"{ledger.name}.{col.name}"] = [r[col.name] for r in base.rows[ledger.name]]
    ctx = _Context(base.counties, (year,), "Y", keys)
    return LedgerSet(_draw_set(draw, ctx, sorted(TIMED), sizes), (), (year,))


# ---- writing ---------------------------------------------------------------------------------

_SCALE = {"元": Decimal(10_000), "万元": Decimal(1), "亿元": Decimal(1) / Decimal(10_000)}


def _amount_columns(ledger: Ledger) -> set[str]:
    return {c.name for c in ledger.columns if c.unit == MONEY_UNIT}


def header(ledger: Ledger, money: str = MONEY_UNIT) -> list[str]:
    """The Chinese headers, amounts stated in ``money`` (争取金额（元）)."""
    amounts = _amount_columns(ledger)
    return [f"{c.zh}（{money}）" if c.name in amounts else c.header for c in ledger.columns]


def cell_text(value: object) -> str:
    """A cell as an analyst types it in a CSV file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _scaled(ledger: Ledger, rows: Iterable[Row], money: str) -> list[list[object]]:
    amounts = _amount_columns(ledger)
    factor = _SCALE[money]
    out = []
    for row in rows:
        cells = []
        for col in ledger.columns:
            v = row.get(col.name)
            if col.name in amounts and isinstance(v, Decimal):
                v = v * factor
            cells.append(v)
        out.append(cells)
    return out


def write_csv(
    folder: Path, name: str, rows: Iterable[Row], *, money: str = MONEY_UNIT, stem: str = ""
) -> Path:
    """One ledger as a CSV file named by its Chinese title, amounts in ``money``."""
    ledger = LEDGERS[name]
    path = folder / f"{stem or ledger.zh}.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header(ledger, money))
        writer.writerows([cell_text(v) for v in r] for r in _scaled(ledger, rows, money))
    return path


def write_csv_folder(
    folder: Path, ledgers: LedgerSet, *, money: str = MONEY_UNIT, skip: Iterable[str] = ()
) -> Path:
    """Every ledger of ``ledgers`` (but ``skip``) as its own CSV file in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    skipped = set(skip)
    for name, rows in ledgers.rows.items():
        if name not in skipped:
            write_csv(folder, name, rows, money=money)
    return folder


def _excel(value: object) -> object:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return float(value)
    return value


def write_workbook(path: Path, sheets: Sequence[tuple[str, str, Iterable[Row]]]) -> Path:
    """A workbook of ``(sheet name, ledger name, rows)`` sheets, written with openpyxl."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, name, rows in sheets:
        ledger = LEDGERS[name]
        ws = wb.create_sheet(title)
        ws.append(header(ledger))
        for cells in _scaled(ledger, rows, MONEY_UNIT):
            ws.append([_excel(v) for v in cells])
    wb.save(path)
    return path
