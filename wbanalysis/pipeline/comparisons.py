"""县区对比页 (the comparison pages of the site): written beside the reports, skipped when
nothing they depend on changed.

The pages (:mod:`wbanalysis.render.compare`) depend on the ledgers (their fingerprints), the
code and the years and counties planned; their key and the digests of the files written are
kept in the manifest (``"compare"``), so an unchanged build neither loads the ledgers for them
nor writes them. A county bureau (one county) has no comparison.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import atomic_write_text
from .manifest import Manifest, file_digest

if TYPE_CHECKING:  # pragma: no cover
    from .facts import LedgerFacts
    from .skip import Ledgers

__all__ = ["MANIFEST_KEY", "comparison_links", "write_comparisons"]

#: The manifest's entry of the comparison pages: ``{"key", "files": {path: digest}, "links"}``.
MANIFEST_KEY = "compare"


def _key(facts: LedgerFacts, years: list[int], fingerprints: dict[str, str], code: str) -> str:
    text = json.dumps(
        [years, facts.counties, facts.last_months, facts.city, fingerprints, code],
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _up_to_date(entry: object, key: str, out_dir: Path) -> bool:
    if not isinstance(entry, dict) or entry.get("key") != key:
        return False
    files = entry.get("files")
    if not isinstance(files, dict) or not files:
        return False
    for name, digest in files.items():
        path = out_dir / name
        if not path.is_file() or file_digest(path) != digest:
            return False
    return True


def comparison_links(manifest: Manifest) -> list[tuple[str, str]]:
    """The index's links to the comparison pages the manifest records: (text, href)."""
    entry = manifest.get(MANIFEST_KEY)
    links = entry.get("links") if isinstance(entry, dict) else None
    if not isinstance(links, list):
        return []
    return [(str(t), str(h)) for t, h in links if isinstance(t, str) and isinstance(h, str)]


def write_comparisons(
    store: Ledgers,
    facts: LedgerFacts,
    years: list[int],
    out_dir: Path,
    manifest: Manifest,
    *,
    fingerprints: dict[str, str],
    code: str,
) -> list[tuple[str, str]]:
    """Write ``compare/<year>.html`` for each of ``years`` and one trend page per section,
    unless the manifest says the same pages are there; return the index's links to them.

    A county bureau's site (one county) gets none; its earlier pages are left alone."""
    if len(facts.counties) < 2 or not years:
        manifest[MANIFEST_KEY] = {}
        return []
    years = sorted(set(years))
    key = _key(facts, years, fingerprints, code)
    if _up_to_date(manifest.get(MANIFEST_KEY), key, out_dir):
        return comparison_links(manifest)
    written = _write_pages(store.dataset, facts, years, out_dir, recorded(manifest.reports, facts))
    links = [(f"{y}年县区对比", name) for y, name in written["years"]]
    links += [(f"历年趋势：{s}", name) for s, name in written["trends"]]
    files = [name for _, name in written["years"]] + [name for _, name in written["trends"]]
    manifest[MANIFEST_KEY] = {
        "key": key,
        "files": {name: file_digest(out_dir / name) for name in files},
        "links": [list(link) for link in links],
    }
    return links


def recorded(reports: dict, facts: LedgerFacts) -> dict[int, dict[str, dict]]:
    """year → place → ``{key: value}``: the whole catalogue as the reports of the site
    recorded it (:func:`wbanalysis.reporting.record`), for each year's own cut-off month."""
    found: dict[int, dict[str, dict]] = {}
    for report in reports.values():
        entry, record = report.get("entry"), report.get("record")
        if report.get("status") != "ok" or not isinstance(entry, dict):
            continue
        values = record.get("values") if isinstance(record, dict) else None
        year = entry.get("year")
        if (
            isinstance(values, dict)
            and not entry.get("monthly")
            and isinstance(year, int)
            and entry.get("through_month") == facts.last_months.get(year)
        ):
            found.setdefault(year, {})[str(entry.get("county"))] = values
    return found


def _year_frame(dataset, year: int, keys: list[str], places: list[str], known: dict):
    """The comparison of ``year`` (as :func:`~wbanalysis.indicators.compare.compare` gives
    it): each place's values as its report recorded them, computed only for the places no
    report of the site recorded (a build of some counties computes the others)."""
    from ..indicators import compute_indicators
    from ..indicators.compare import ranked
    from ..scope import Scope

    rows = {}
    for place in places:
        if place in known and set(keys) <= set(known[place]):
            rows[place] = known[place]
        else:
            scope = Scope.of(dataset, year=year, county=place)
            rows[place] = compute_indicators(dataset, scope, keys=keys)
    return ranked(rows, keys)


def _write_pages(
    dataset, facts: LedgerFacts, years: list[int], out_dir: Path, known: dict | None = None
) -> dict:
    from ..indicators import catalogue_of
    from ..render.compare import (
        COMPARE_DIR,
        YearTable,
        bar_chart_png,
        render_trend_page,
        render_year_page,
        sections,
        trend_name,
        year_name,
    )
    from ..scope import CITY, Scope

    catalogue = catalogue_of(dataset)
    keys = list(catalogue)
    frames = []
    for year in years:
        label = Scope.of(dataset, year=year).period_label
        places = [*facts.counties, CITY]
        frame = _year_frame(dataset, year, keys, places, (known or {}).get(year, {}))
        frames.append(YearTable(year, label, frame))
    grouped = sections(catalogue, keys)
    trends = [(section, trend_name(n)) for n, section in enumerate(grouped, 1)]
    folder = out_dir / COMPARE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    made_years = []
    for frame in frames:
        page = render_year_page(
            frame,
            catalogue,
            place=facts.city,
            years=years,
            trends=trends,
            chart=bar_chart_png(frame, catalogue),
        )
        atomic_write_text(folder / year_name(frame.year), page)
        made_years.append((frame.year, f"{COMPARE_DIR}/{year_name(frame.year)}"))
    made_trends = []
    for (section, members), (_, name) in zip(grouped.items(), trends, strict=True):
        page = render_trend_page(
            section, members, frames, catalogue, place=facts.city, trends=trends
        )
        atomic_write_text(folder / name, page)
        made_trends.append((section, f"{COMPARE_DIR}/{name}"))
    return {"years": made_years, "trends": made_trends}
