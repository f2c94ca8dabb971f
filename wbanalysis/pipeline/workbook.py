"""指标汇总.xlsx: every indicator × year × cut-off × county the site built, beside the index.

Built from what the reports recorded (:func:`wbanalysis.reporting.record` leaves every figure
its report computed), so no indicator is computed twice; one selection read by several
reports is written once. The workbook is rewritten only when what it holds changed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..render.xlsx import SUMMARY_NAME, indicator_rows, long_sheet, wide_sheet, write_workbook
from ..units import format_period
from .manifest import Manifest, file_digest

__all__ = ["SUMMARY_NAME", "summary_rows", "write_summary_if_changed"]


def summary_rows(reports: dict) -> list[list]:
    """The long sheet's rows from the manifest's reports (built or unchanged), by year (newest
    first), cut-off, the city before its counties, catalogue order within a selection."""
    chosen: dict[tuple, dict[str, list]] = {}
    # by report, in a fixed order: the rows never depend on which report finished first
    for _, report in sorted(reports.items(), key=lambda kv: str(kv[0])):
        entry, record = report.get("entry"), report.get("record")
        if not isinstance(entry, dict) or not isinstance(record, dict):
            continue
        if entry.get("status") != "ok" or not isinstance(record.get("indicators"), list):
            continue
        place = (
            int(entry["year"]),
            int(entry["through_month"]),
            not entry.get("is_city"),
            str(entry["county"]),
        )
        known = chosen.setdefault(place, {})
        for item in record["indicators"]:
            if isinstance(item, list) and len(item) == 5:
                known.setdefault(str(item[0]), item)
    rows: list[list] = []
    for (year, month, _county_first, county), items in sorted(
        chosen.items(), key=lambda kv: (-kv[0][0], kv[0][1], kv[0][2], kv[0][3])
    ):
        rows.extend(indicator_rows(year, month, county, items.values()))
    return rows


def write_summary_if_changed(reports: dict, out_dir: Path, manifest: Manifest) -> Path | None:
    """Write ``指标汇总.xlsx`` in ``out_dir`` unless the file there holds these very rows."""
    rows = summary_rows(reports)
    path = Path(out_dir) / SUMMARY_NAME
    if not rows:
        return None
    key = hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()[:24]
    if path.is_file() and manifest.get("indicator_workbook") == [key, file_digest(path)]:
        return path
    write_workbook(path, [long_sheet(rows), wide_sheet(rows, period=format_period)])
    manifest["indicator_workbook"] = [key, file_digest(path)]
    return path
