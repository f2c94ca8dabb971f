"""出处面板 (the page's provenance panels): each figure of a page that states an indicator
links to a panel with its name, scope, formula, 口径 and the ledger rows behind it.

No script: a figure is a link to its panel's id, the panel shows while it is the page's
``:target`` (CSS in ``report.css``) and its 关闭 link goes to an anchor that is nowhere, so
the page stays where the reader was. A panel lists the rows the report wrote for it (the first
:data:`wbanalysis.reporting.SHOWN_ROWS`); every row of every figure of the page is in one CSV
file beside it (``<page>_出处.csv``, UTF-8 with
a BOM so that Excel and WPS read the Chinese; a cell a spreadsheet would take for a formula is
written behind an apostrophe). The panels' ids come from the keys (:func:`source_id`), so the
index can link a headline figure to its panel on the report's page.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
from collections.abc import Container, Mapping
from operator import itemgetter
from urllib.parse import quote

from .xlsx import is_formula_like

__all__ = ["SOURCE_MARK", "source_id", "linked", "panels", "rows_csv"]

#: How the CSV of a page's rows is named beside it: ``<page>_出处.csv``.
SOURCE_MARK = "_出处"


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def source_id(key: str) -> str:
    """The id of ``key``'s panel: the same on every page and for the index's links.

    >>> source_id("funding.total")
    'src-f9607bb660'
    """
    return "src-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def linked(text: str, figures: list, keys: Container[str]) -> str:
    """``text`` escaped, each of its ``figures`` (``[start, end, key]``) whose key has a panel
    (in ``keys``) a link to it.

    >>> linked("共争取项目资金3209万元。", [[7, 13, "funding.total"]], {"funding.total"})
    '共争取项目资金<a class="wb-fig" href="#src-f9607bb660" title="查看出处">3209万元</a>。'
    """
    out, at = [], 0
    for start, end, key in sorted(figures, key=lambda f: f[0]):
        if start < at or key not in keys:
            continue
        out.append(_esc(text[at:start]))
        out.append(
            f'<a class="wb-fig" href="#{source_id(key)}" title="查看出处">'
            f"{_esc(text[start:end])}</a>"
        )
        at = end
    out.append(_esc(text[at:]))
    return "".join(out)


def _shown_columns(source: Mapping) -> list[int]:
    """The columns a panel shows: not one every row leaves empty, nor 指标 when every row is
    of the figure itself."""
    rows, columns = source.get("rows") or [], list(source.get("columns", []))
    keep = []
    for i, column in enumerate(columns):
        cells = {row[i] for row in rows}
        if cells <= {"", "—"}:
            continue
        if column == "指标" and cells == {source.get("name")}:
            continue
        keep.append(i)
    return keep


def _panel(key: str, source: Mapping, download: str | None, most: int | None) -> str:
    rows = (source.get("rows") or [])[:most]
    facts = [("范围", source.get("scope", "")), ("公式", source.get("formula", ""))]
    if source.get("explanation"):
        facts.append(("口径", source["explanation"]))
    dl = "".join(f"<dt>{_esc(k)}</dt><dd>{_esc(v)}</dd>" for k, v in facts)
    if rows or (source.get("rows") and download):
        keep = _shown_columns(source)
        columns = source.get("columns", [])
        head = "".join(f"<th>{_esc(columns[i])}</th>" for i in keep)
        body = "".join(
            "<tr>" + "".join(f"<td>{_esc(row[i])}</td>" for i in keep) + "</tr>" for row in rows
        )
        table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        total = int(source.get("total", len(rows)))
        count = f"共 {total} 行台账记录"
        if total > len(rows) and not rows:
            count += "（本页篇幅有限，未逐行列出）"
        elif total > len(rows):
            count += f"，此处列出前 {len(rows)} 行"
        if download:
            count += (
                f'；<a href="{_esc(download)}" download>下载本页全部出处行（CSV，Excel 可打开）</a>'
            )
        table += f'<p class="wb-note">{count}。</p>'
    elif source.get("complete", True):
        table = '<p class="wb-note">没有计入的台账行。</p>'
    else:
        table = (
            '<p class="wb-note">逐行明细未在本页列出；分析人员可运行 '
            f"<code>wbanalysis explain {_esc(key)}</code>（加上年度、县区）导出全部台账行。</p>"
        )
    title = f"出处：{source.get('name', key)} {source.get('display', '')}"
    ident = source_id(key)
    return (
        f'<section class="wb-source" id="{ident}" role="dialog" aria-labelledby="{ident}-h">'
        f'<p class="wb-source-close"><a href="#wb-closed">关闭 ×</a></p>'
        f'<h2 id="{ident}-h">{_esc(title)}</h2><dl>{dl}</dl>{table}</section>'
    )


def panels(
    sources: Mapping[str, Mapping], download: str | None = None, most: int | None = None
) -> str:
    """The panels of a page's ``sources`` (``{key: source}`` as :func:`wbanalysis.reporting.
    sources` makes them); ``download`` the CSV of their rows beside the page, if any; ``most``
    rows listed in a panel at most (a page over its budget lists fewer, see
    :data:`wbanalysis.render.html.PAGE_BUDGET`)."""
    link = quote(download) if download else None
    return "\n".join(_panel(k, s, link, most) for k, s in sources.items())


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if isinstance(value, str) and is_formula_like(text) else text


def rows_csv(sources: Mapping[str, Mapping]) -> bytes | None:
    """Every row of every figure of ``sources`` as one CSV file (the figure's name first;
    UTF-8 with a BOM for Excel/WPS), or ``None`` when no figure has rows."""
    text = rows_csv_text(sources)
    return None if text is None else csv_bytes(text)


def csv_bytes(text: str) -> bytes:
    """The bytes of the ``_出处.csv`` file of :func:`rows_csv_text`."""
    return ("\ufeff" + text).encode("utf-8")


def joined_csv(texts: list[str]) -> str:
    """The CSV texts of :func:`rows_csv_text` (a report that recorded its figures more than
    once) as one, under the union of their columns."""
    if len(texts) == 1:
        return texts[0]
    tables = [list(csv.reader(io.StringIO(text))) for text in texts]
    columns: list[str] = []
    for table in tables:
        columns += [c for c in table[0] if c not in columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    seen: set[tuple[str, ...]] = set()  # a figure recorded twice is written once
    for header, *rows in tables:
        at = [header.index(c) if c in header else len(header) for c in columns]
        for row in rows:
            padded = [*row, ""]  # a column the text lacks: empty
            cells = tuple(_cell(padded[i]) for i in at)
            if cells not in seen:
                seen.add(cells)
                writer.writerow(cells)
    return buffer.getvalue()


def rows_csv_text(sources: Mapping[str, Mapping]) -> str | None:
    """The text of :func:`rows_csv` (a report writes it; the page only saves it)."""
    if not any(s.get("rows") for s in sources.values()):
        return None
    columns: list[str] = []
    for s in sources.values():
        if s.get("rows"):
            columns += [c for c in s.get("columns", []) if c not in columns]
    # the numbers as numbers where the report gave them (``all``), else as the page wrote them
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["页面指标", "页面数值", *columns])
    for s in sources.values():
        rows = s.get("all") or s.get("rows") or []
        if not rows:
            continue
        place = {c: i for i, c in enumerate(s.get("columns", []))}
        width = len(s.get("columns", []))
        # each row's own cells, then "" where the page's other figures have columns
        at = [place.get(c, width) for c in columns]
        pick = itemgetter(*at, *at) if len(at) == 1 else itemgetter(*at)  # a tuple, always
        head = [_cell(s.get("name", "")), _cell(s.get("display", ""))]
        writer.writerows([*head, *pick([*map(_cell, row[:width]), ""])[: len(at)]] for row in rows)
    return buffer.getvalue()
