"""Which reports to build: notebook × year × county, with their parameters and output paths."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..dataset import Dataset
from ..errors import ParameterError
from ..schema import CITY

__all__ = ["PlannedReport", "plan_reports", "notebook_info", "DEFAULT_NOTEBOOK_DIR"]

#: The notebooks shipped with the project.
DEFAULT_NOTEBOOK_DIR = Path(__file__).resolve().parent.parent.parent / "notebooks"


@dataclass(frozen=True)
class PlannedReport:
    """One report: a notebook run with parameters, published to ``output`` (site-relative)."""

    notebook: str
    parameters: dict = field(hash=False)
    output: str
    title: str = ""

    @property
    def key(self) -> str:
        """Stable identity of the report within a site (its output path)."""
        return self.output

    def to_json(self) -> str:
        """The ``--dry-run`` line: notebook, parameters, output."""
        data = asdict(self)
        data.pop("title")
        return json.dumps(data, ensure_ascii=False)


def notebook_info(path: Path) -> dict:
    """Title and order of a notebook, from its ``metadata.wbanalysis`` (without executing it)."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    meta = nb.get("metadata", {}).get("wbanalysis", {})
    return {"title": meta.get("title", Path(path).stem), "order": meta.get("order", 99),
            "city_only": bool(meta.get("city_only", False))}


def _notebooks(selected: list[str] | None, notebook_dir: Path) -> list[Path]:
    available = sorted(notebook_dir.glob("*.ipynb"),
                       key=lambda p: (notebook_info(p)["order"], p.name))
    if not selected:
        return available
    chosen = []
    by_name = {p.stem: p for p in available}
    for name in selected:
        path = Path(name)
        stem = path.stem if path.suffix == ".ipynb" else name
        if path.suffix == ".ipynb" and path.exists():
            chosen.append(path)
        elif stem in by_name:
            chosen.append(by_name[stem])
        else:
            raise ParameterError(f"找不到笔记本「{name}」；可选：" + "、".join(by_name))
    return chosen


def plan_reports(dataset: Dataset, *, data_dir: str, years: list[int] | None = None,
                 counties: list[str] | None = None, notebooks: list[str] | None = None,
                 through_month: int | None = None,
                 notebook_dir: Path = DEFAULT_NOTEBOOK_DIR) -> list[PlannedReport]:
    """Plan every (notebook, year, county) report.

    Each year is reported through its last month with data (the demo's 2023 through October)
    unless ``through_month`` says otherwise. ``counties`` defaults to the whole city and every
    county; ``years`` to every year with data.
    """
    all_years = dataset.years
    years = list(years) if years else all_years
    for year in years:
        if year not in all_years:
            raise ParameterError(f"{year}年没有数据；台账中有数据的年度：" +
                                 "、".join(map(str, all_years)))
    counties = list(counties) if counties else [CITY, *dataset.counties]
    for county in counties:
        if county != CITY and county not in dataset.counties:
            raise ParameterError(f"未知的县区「{county}」；可选：{CITY}、" +
                                 "、".join(dataset.counties))
    if through_month is not None and not 1 <= through_month <= 12:
        raise ParameterError(f"截止月份须为 1～12，收到 {through_month}")
    plans = []
    for path in _notebooks(notebooks, notebook_dir):
        info = notebook_info(path)
        for year in sorted(years, reverse=True):
            month = through_month or dataset.last_month(year)
            for county in counties:
                if info["city_only"] and county != CITY:
                    continue
                code = dataset.county_code(county)
                params = {"year": year, "county": county, "through_month": month,
                          "data_dir": str(data_dir)}
                plans.append(PlannedReport(
                    notebook=_display_path(path), parameters=params,
                    output=f"{year}/{code}/{path.stem}.html",
                    title=f"{info['title']}（{year}年1－{month}月，{county}）"))
    return plans


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
