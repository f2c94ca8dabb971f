"""报告目录页 (the site's index.html): a year × county matrix of report links.

The index knows reports only through the entries the build gives it — notebook name and
title, parameters, status, relative path and the headline figures the executed notebook
recorded — never through metrics.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..atomic import atomic_write_text
from ..units import format_period
from .sanitize import is_local_href, site_environment
from .sources import source_id

__all__ = ["STATUS_TEXT", "write_index", "render_index"]

#: Badge text of each status.
STATUS_TEXT = {"ok": "已生成", "unchanged": "未变更", "failed": "生成失败"}
_MAX_ERROR_CHARS = 300


def _href(path: str | None) -> str | None:
    """A relative, percent-encoded link; refuses absolute URLs so the site works offline."""
    if not path:
        return None
    text = str(path).replace("\\", "/")
    if text.startswith("/") or not is_local_href(text):
        raise ValueError(
            f"报告链接必须是相对路径（received {path!r}, allowed: e.g. "
            "'2023/990102/annual_summary.html'）"
        )
    return quote(text, safe="/")  # a "#" in a file name is part of the name, not a fragment


def _period(through_month: Any) -> str:
    return "" if through_month in (None, "") else format_period(int(through_month))


def _check_view(check: Any) -> dict[str, Any] | None:
    """The self-check badge: 自检通过, or how many statements do not hold."""
    if not isinstance(check, Mapping):
        return None
    wrong = int(check.get("relations_failing", 0) or 0) + int(check.get("mismatches", 0) or 0)
    problems = [str(p) for p in (check.get("problems") or [])][:10]
    return {
        "ok": bool(check.get("ok")) and not wrong,
        "text": "自检通过" if check.get("ok") and not wrong else f"自检：{wrong} 处不符",
        "title": (
            f"核对了 {check.get('relations', 0)} 处文中关系、"
            f"{check.get('reconciled', 0)} 个与台账对应的数字"
        )
        + ("；" + "；".join(problems) if problems else ""),
    }


def _entry_view(entry: Mapping[str, Any]) -> dict[str, Any]:
    status = str(entry.get("status", "ok"))
    if status not in STATUS_TEXT:
        raise ValueError(f"未知的报告状态 {status!r}（allowed: {', '.join(STATUS_TEXT)}）")
    error = entry.get("error")
    if error and len(str(error)) > _MAX_ERROR_CHARS:
        error = str(error)[: _MAX_ERROR_CHARS - 1] + "…"
    headline = entry.get("headline") or {}
    keys = entry.get("headline_keys") or {}
    page = _href(entry.get("html"))

    def source(label: object) -> str | None:  # the figure's 出处 panel on the report's page
        key = keys.get(label) if isinstance(keys, Mapping) else None
        return (
            f"{page}#{source_id(key)}" if page and isinstance(key, str) and status == "ok" else None
        )

    return {
        "label": entry.get("notebook_title") or entry.get("notebook") or "报告",
        "href": _href(entry.get("html")),
        "docx_href": _href(entry.get("docx")) if status != "failed" else None,
        "check": _check_view(entry.get("check")) if status != "failed" else None,
        "status": status,
        "status_text": STATUS_TEXT[status],
        "period": _period(entry.get("through_month")),
        "error": error if status == "failed" else None,
        "headline": [(str(k), str(v), source(k)) for k, v in headline.items()]
        if status != "failed"
        else [],
    }


def render_index(
    entries: Iterable[Mapping[str, Any]],
    *,
    title: str = "XX市水务局工作总结报告",
    workbook: str | None = None,
    links: Iterable[tuple[str, str]] = (),
) -> str:
    """The index page's HTML (see :func:`write_index`); ``workbook``: the site-relative path
    of the workbook of every indicator (指标汇总.xlsx), linked when given; ``links`` (text,
    relative href) are the site's other pages (the county comparisons), listed above the
    reports."""
    others = [(str(text), _href(href)) for text, href in links]
    entries = list(entries)
    counties: list[str] = []
    for e in sorted(entries, key=lambda e: not e.get("is_city")):  # the whole city first
        county = str(e["county"])
        if county not in counties:
            counties.append(county)
    years = sorted({int(e["year"]) for e in entries}, reverse=True)
    grid: dict[tuple[int, str], dict[str, dict[str, Any]]] = {}
    for e in entries:
        view = _entry_view(e)
        cell = grid.setdefault((int(e["year"]), str(e["county"])), {})
        group = cell.setdefault(
            str(e.get("notebook") or view["label"]),
            {"label": view["label"], "main": None, "months": []},
        )
        if e.get("monthly"):
            group["months"].append({**view, "month": int(e["through_month"])})
        else:
            group["main"] = view
    for cell in grid.values():
        for group in cell.values():
            group["months"].sort(key=lambda m: m["month"])
    rows = [
        {"year": y, "cells": [list(grid.get((y, c), {}).values()) for c in counties]} for y in years
    ]
    statuses = [str(e.get("status", "ok")) for e in entries]
    counts = {"total": len(entries), **{s: statuses.count(s) for s in STATUS_TEXT}}
    return (
        site_environment()
        .get_template("index.html.j2")
        .render(
            title=title,
            counties=counties,
            rows=rows,
            counts=counts,
            links=others,
            version=__version__,
            workbook=_href(workbook),
            workbook_name=workbook,
        )
    )


def write_index(
    entries: Iterable[Mapping[str, Any]], out_dir: Path, *, title: str = "XX市水务局工作总结报告"
) -> Path:
    """Write ``out_dir/index.html`` (atomically) and return its path.

    Parameters
    ----------
    entries : one mapping per report::

            {"notebook": "annual_summary", "notebook_title": "年度工作总结",
             "year": 2023, "county": "白沙县", "is_city": False, "through_month": 10,
             "monthly": False,        # True for one of the year's 月报 (a month link)
             "status": "ok" | "failed" | "unchanged",
             "html": "2023/990102/annual_summary.html",   # relative to out_dir
             "headline": {"争取项目资金": "3209万元"},    # optional
             "error": "KeyError: '金额'"}               # optional, for failed reports

    out_dir : the site's root directory.
    title : the page title.

    Notes
    -----
    Rows are years, newest first; columns are the whole city (the entries with ``is_city``)
    then the counties in the order first met. Monthly reports (``monthly``) of a notebook are
    listed as a row of month links under it (月报：1月 2月 …).
    Each cell lists its reports with a status badge; failed ones are red with their error;
    headline figures are listed under their report. Links are relative (percent-encoded), so
    the site works from ``file://`` and from any static server; every string is escaped.

    Raises
    ------
    ValueError
        An entry's ``html`` is not a relative path, or its status is unknown.
    """
    return atomic_write_text(Path(out_dir) / "index.html", render_index(entries, title=title))
