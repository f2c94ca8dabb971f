"""Which reports to build: notebook × Scope, with their parameters and output paths."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ParameterError
from ..schema import LEDGERS
from ..scope import CITY, Scope
from ..shipped import notebook_dir
from .facts import Coverage, LedgerFacts, coverage
from .progress import notice

if TYPE_CHECKING:  # pragma: no cover
    from ..dataset import Dataset

__all__ = ["PlannedReport", "plan_reports", "notebook_info", "find_notebooks"]


@dataclass(frozen=True)
class PlannedReport:
    """One report: a notebook run for a Scope, published to ``output`` (site-relative)."""

    notebook: str
    scope: Scope = field(hash=False)
    parameters: dict = field(hash=False)
    output: str
    title: str = ""
    monthly: bool = False  # one of a year's 月报 (``--months``), in its own month folder

    @property
    def key(self) -> str:
        """Stable identity of the report within a site (its output path)."""
        return self.output

    def to_json(self) -> str:
        """The ``--dry-run`` line: notebook, parameters, output."""
        return json.dumps(
            {"notebook": self.notebook, "parameters": self.parameters, "output": self.output},
            ensure_ascii=False,
        )


def notebook_info(path: Path) -> dict:
    """Title and order of a notebook, from its ``metadata.wbanalysis`` (without executing it)."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ParameterError(f"无法读取笔记本 {path}：{exc}") from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if (
        not isinstance(cells, list)
        or nb.get("nbformat") != 4
        or not all(
            isinstance(c, dict)
            and isinstance(c.get("cell_type"), str)
            and isinstance(c.get("source"), (str, list))
            for c in cells
        )
    ):
        raise ParameterError(
            f"{path} 不是有效的 Jupyter 笔记本（需要 nbformat 4 格式，"
            "含 cells 列表；请用 JupyterLab 打开并重新保存）"
        )
    meta = nb.get("metadata")
    meta = meta.get("wbanalysis") if isinstance(meta, dict) else None
    meta = meta if isinstance(meta, dict) else {}
    order = meta.get("order", 99)
    order = order if isinstance(order, (int, float)) and not isinstance(order, bool) else 99
    return {
        "title": str(meta.get("title", Path(path).stem)),
        "order": order,
        "city_only": bool(meta.get("city_only", False)),
    }


def _ordered(paths: list[Path]) -> list[Path]:
    return sorted(paths, key=lambda p: (notebook_info(p)["order"], p.name))


def find_notebooks(selected: list[str] | None = None) -> list[Path]:
    """The notebooks to run: the shipped ones, or those named in ``selected``.

    Each entry of ``selected`` is a shipped notebook's name (``05_rivers``), a path to an
    ``.ipynb`` file, or a folder of notebooks (edited copies made by ``wbanalysis notebooks``).
    Duplicates are dropped.
    """
    shipped = {p.stem: p for p in notebook_dir().glob("*.ipynb")}
    if not selected:
        return _ordered(list(shipped.values()))
    chosen: list[Path] = []
    for name in selected:
        path = Path(name)
        if path.is_dir():
            found = _ordered(list(path.glob("*.ipynb")))
            if not found:
                raise ParameterError(f"文件夹 {path} 中没有笔记本（.ipynb）")
            chosen.extend(found)
        elif path.suffix == ".ipynb":
            if not path.is_file():
                raise ParameterError(f"找不到笔记本文件 {path}")
            chosen.append(path)
        elif name in shipped:
            chosen.append(shipped[name])
        else:
            raise ParameterError(
                f"找不到笔记本「{name}」；可选："
                + "、".join(sorted(shipped))
                + "，或 .ipynb 文件、笔记本文件夹的路径"
            )
    unique: dict[Path, Path] = {}
    for path in chosen:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def plan_reports(
    dataset: Dataset,
    *,
    data_dir: str,
    years: list[int] | None = None,
    counties: list[str] | None = None,
    notebooks: list[str] | None = None,
    through_month: int | None = None,
    months: list[int] | None = None,
    monitoring_dir: str | None = None,
) -> list[PlannedReport]:
    """Plan every (notebook, year, county) report.

    ``monitoring_dir`` (a folder of monitoring data, 水雨情) is added to every report's
    parameters when given.

    Each year is reported through its last month with data (the demo's 2023 through October)
    unless ``through_month`` says otherwise. ``counties`` defaults to the whole city and every
    county (a county bureau: its county alone); ``years`` to every year with data. Repeated years or counties count once.

    ``months`` plans monthly reports (月报) instead: one per cut-off month of each year, up to
    the year's last month with data, each in a month folder (``2023/990102/m06/…``).

    Thin years and counties (:func:`thin_scopes`) are left out unless named, with a line saying
    which and why; named, they are built with a line saying they are thin.
    """
    if months is not None and through_month is not None:
        raise ParameterError("--months 与 --through-month 只能选一个")
    # " 白沙县" typed or pasted with a space is 白沙县
    chosen = (bool(years), bool(counties))
    years = list(dict.fromkeys(years)) if years else list(dataset.years)
    counties = (
        list(dict.fromkeys(str(c).strip() for c in counties))
        if counties
        else [CITY, *dataset.counties]
    )
    years, thin = thin_scopes(
        dataset, years, counties, chosen_years=chosen[0], chosen_counties=chosen[1]
    )
    cutoffs: list[tuple[int, int | None]] = []
    for year in sorted(years, reverse=True):
        if year not in dataset.years:  # Scope.of says so, in Chinese
            Scope.of(dataset, year=year)
        last = dataset.last_month(year)
        if months is None:
            # a cut-off past the ledgers is refused by Scope.of (the one rule)
            Scope.of(dataset, year=year, through_month=through_month)
            cutoffs.append((year, through_month))
            continue
        cutoffs += [(year, m) for m in sorted(set(months)) if m <= last]
    if months is not None and not cutoffs:
        lasts = "，".join(f"{y}年只到{dataset.last_month(y)}月" for y in sorted(years))
        raise ParameterError(
            f"所选月份（{'、'.join(map(str, sorted(set(months))))}月）都没有数据：台账中{lasts}"
        )
    # once each: a county bureau's 全市 is its county (Scope.of), not a second report of it
    scopes = list(
        dict.fromkeys(
            Scope.of(dataset, year=year, county=county, through_month=month)
            for year, month in cutoffs
            for county in counties
            if (year, county) not in thin
        )
    )
    folders: dict[tuple[int, str, int], str] = {}
    for scope in scopes:
        other = folders.setdefault((scope.year, scope.segment, scope.through_month), scope.place)
        if other != scope.place:
            raise ParameterError(
                f"「{other}」与「{scope.place}」的区划代码相同（{scope.segment}），"
                "报告会互相覆盖；请在《行政区划》台账中更正"
            )
    paths = find_notebooks(notebooks)
    stems = [p.stem for p in paths]
    clash = sorted({s for s in stems if stems.count(s) > 1})
    if clash:
        raise ParameterError("多个笔记本同名，报告会互相覆盖：" + "、".join(clash))
    plans = []
    for path in paths:
        info = notebook_info(path)
        for scope in scopes:
            if info["city_only"] and not scope.is_city:
                continue
            folder = f"{scope.year}/{scope.segment}"
            if months is not None:
                folder += f"/m{scope.through_month:02d}"
            plans.append(
                PlannedReport(
                    notebook=_display_path(path),
                    scope=scope,
                    parameters=_parameters(scope, data_dir, monitoring_dir),
                    output=f"{folder}/{path.stem}.html",
                    title=f"{info['title']}（{scope.period_label}，{scope.place}）",
                    monthly=months is not None,
                )
            )
    return plans


#: A year is thin when fewer than this share of the ledgers the bureau keeps by year hold rows
#: of it (:class:`.facts.Coverage`): its summary would be mostly zeros.
THIN_SHARE = 0.5


def thin_scopes(
    ledgers: Dataset | LedgerFacts,
    years: list[int],
    counties: list[str],
    *,
    chosen_years: bool,
    chosen_counties: bool,
) -> tuple[list[int], set[tuple[int, str]]]:
    """The years to plan, and the (year, county) pairs left out, each told in one line.

    A year is thin when fewer than half (:data:`THIN_SHARE`) of the ledgers kept by year hold
    rows of it; a county, when no such ledger holds a row of it in the year. Not named
    (``--years``, ``--counties``), they are left out; named, they are planned and said to be
    thin. A year the ledgers do not know is left to :meth:`Scope.of` (its own message).
    """
    known = ledgers.coverage if isinstance(ledgers, LedgerFacts) else None
    if isinstance(ledgers, LedgerFacts) and known is None:
        return years, set()  # facts of an older build: nothing known to leave out
    cover: Coverage = known or coverage(ledgers, [y for y in years if y in ledgers.years])  # type: ignore[arg-type]
    kept: list[int] = []
    out: set[tuple[int, str]] = set()
    empty: dict[str, list[int]] = {}  # county → the years it has no row in
    total = len(cover.kept)
    for year in years:
        held = cover.held.get(year)
        if held is None:
            kept.append(year)
            continue
        if len(held) < THIN_SHARE * total:
            which = "、".join(f"《{LEDGERS[n].zh}》" for n in held[:3]) + (
                "等" if len(held) > 3 else ""
            )
            why = (
                f"只有{which or '（无）'}有{year}年的数据"
                f"（按年度记录的 {total} 个台账中 {len(held)} 个，不足一半）"
            )
            if not chosen_years:
                notice(f"{year}年未生成报告：{why}；如仍需生成，请用 --years {year} 指定")
                continue
            notice(f"{year}年数据很少：{why}，报告中多数指标将为 0 或“—”")
        kept.append(year)
        places = set(cover.places.get(year, ()))
        for county in counties:
            if county != CITY and county not in places and county in ledgers.counties:
                empty.setdefault(county, []).append(year)
    for county, gaps in empty.items():
        when = "、".join(map(str, sorted(gaps))) + "年"
        if chosen_counties:
            notice(f"{county}{when}没有任何记录：报告中的指标将为 0 或“—”")
            continue
        out.update((year, county) for year in gaps)
        notice(
            f"{county}{when}未生成报告：各台账中没有{county}该年的记录；"
            f"如仍需生成，请用 --counties {county} 指定"
        )
    return kept, out


def _parameters(scope: Scope, data_dir: str, monitoring_dir: str | None) -> dict:
    parameters = scope.parameters(data_dir)
    if monitoring_dir is not None:
        parameters["monitoring_dir"] = monitoring_dir
    return parameters


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path.resolve())
