"""离线网页 (the offline HTML page): an executed notebook → one self-contained page.

The page is made by the nbconvert template ``wbanalysis/render/templates/wb_offline``: outputs
only (no code, no prompts), CSS and images inline, nothing loaded from elsewhere,
``lang="zh-CN"``. Every HTML fragment goes through :func:`.sanitize.clean_html`, a defence
against ledger strings that a producer forgot to escape. Pages are written atomically. The
failure page of a report that could not run is made here too.
"""

from __future__ import annotations

import base64
import copy
import glob
import html
import re
import threading
from collections.abc import Container, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .. import __version__
from ..atomic import atomic_write_bytes, atomic_write_text
from ..blocks import SOURCES_CSV_MIME, SOURCES_MIME, iter_outputs, validate
from ..units import format_period
from .common import DEFAULT_TITLE, Renderer, figure_caption, notebook_title
from .sanitize import TEMPLATES_DIR, clean_html, site_environment, strip_bidi
from .sources import SOURCE_MARK, csv_bytes, joined_csv, linked, panels, rows_csv
from .xlsx import XLSX_MIME, safe_filename, table_workbook

if TYPE_CHECKING:  # nbformat and nbconvert load in the publishing process only: a report's
    import nbformat  # kernel imports this module for block_html and must start fast
    from nbconvert import HTMLExporter

__all__ = [
    "DEFAULT_TITLE",
    "notebook_title",
    "code_cell_number",
    "html_bytes",
    "publish_notebook",
    "failure_page",
    "block_html",
    "RENDERER",
]

TEMPLATE_NAME = "wb_offline"

_REMOVED_CELL_TAGS = {"papermill-error-cell-tag", "remove-cell", "remove_cell"}
_REMOVED_OUTPUT_TAGS = {"remove-output", "remove_output"}
# The repr of an object nobody wants to read: <Axes: ...>, <Figure size 900x480 with 1 Axes>,
# <matplotlib.lines.Line2D at 0x7f...>, [<matplotlib...>, ...]
_REPR_NOISE = re.compile(
    r"^\s*\[?\s*<(?:[\w.]+ (?:object )?at 0x[0-9a-f]+|Axes\b|Figure size|matplotlib\.)",
    re.IGNORECASE,
)


def _is_repr_noise(text: str) -> bool:
    return bool(_REPR_NOISE.match(str(text)))


def _parameters(nb: nbformat.NotebookNode) -> dict[str, Any]:
    return dict(nb.get("metadata", {}).get("papermill", {}).get("parameters", {}) or {})


def _counts_as_code(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type == "code" and "injected-parameters" not in cell.metadata.get("tags", [])


def code_cell_number(nb: nbformat.NotebookNode, cell_index: int) -> int:
    """第 N 个代码单元: 1-based number of the code cell at ``cell_index``.

    Counts as the analyst does in the notebook they edit: papermill's
    ``injected-parameters`` cell is not counted, and ``cell_index`` is taken in the list of
    cells without papermill's error-marker cells — as ``PapermillExecutionError.cell_index``
    is, even when ``nb`` is the executed notebook papermill saved with those markers.
    """
    cells = [c for c in nb.cells if "papermill-error-cell-tag" not in c.metadata.get("tags", [])]
    return sum(_counts_as_code(c) for c in cells[: cell_index + 1]) or 1


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def block_html(
    block: dict,
    *,
    png: str | None = None,
    number: int | None = None,
    download: tuple[str, str] | None = None,
    linked_keys: Container[str] = (),
) -> str:
    """The HTML of one report block (:mod:`wbanalysis.blocks`); every string is escaped.

    ``png`` is a figure's picture (base64), ``number`` its place among the report's figures;
    ``download`` a table's Excel file (its link — a ``data:`` URI or a file beside the page —
    and the name it downloads as), linked under it as 下载 Excel. A figure of the block
    (``"figures"``) whose key is in ``linked_keys`` links to its 出处 panel.

    >>> block_html({"kind": "heading", "level": 2, "text": "一、重点<项目>"})
    '<h2>一、重点&lt;项目&gt;</h2>'
    >>> block_html({"kind": "table", "caption": None, "columns": ["指标", "数值"],
    ...             "rows": [["争取资金", "3209万元"]], "numeric": [False, True]})
    '<table class="wb-table"><thead><tr><th>指标</th><th>数值</th></tr></thead><tbody><tr><td class="wb-text">争取资金</td><td class="wb-num">3209万元</td></tr></tbody></table>'
    """
    block = validate(block)
    kind = block["kind"]
    figures = block.get("figures", [])

    def text(value: str, where: list | None = None) -> str:
        return linked(value, figures if where is None else where, linked_keys)

    if kind == "heading":
        level = block["level"]
        return f"<h{level}>{text(block['text'])}</h{level}>"
    if kind == "paragraph":
        return f"<p>{text(block['text'])}</p>"
    if kind == "note":
        return f'<p class="wb-note">{text(block["text"])}</p>'
    if kind == "table":
        numeric = block.get("numeric") or [False] * len(block["columns"])
        at: dict[tuple[int, int], list] = {}
        for r, c, a, b, key in figures:
            at.setdefault((r, c), []).append([a, b, key])
        head = "".join(f"<th>{_esc(c)}</th>" for c in block["columns"])
        body = "".join(
            "<tr>"
            + "".join(
                f'<td class="wb-{"num" if n else "text"}">{text(v, at.get((r, c), []))}</td>'
                for c, (v, n) in enumerate(zip(row, numeric, strict=True))
            )
            + "</tr>"
            for r, row in enumerate(block["rows"])
        )
        caption = (
            f'<p class="wb-caption">{text(block["caption"], at.get((-1, -1), []))}</p>'
            if block.get("caption")
            else ""
        )
        link = (
            f'<p class="wb-download"><a href="{_esc(download[0])}" download="{_esc(download[1])}"'
            f' type="{XLSX_MIME}">下载 Excel</a></p>'
            if download
            else ""
        )
        return (
            f'{caption}<table class="wb-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>{link}"
        )
    if block.get("empty"):
        return (
            f'<p class="wb-note">未绘制图表“{_esc(block["caption"])}”：{_esc(block["empty"])}。</p>'
        )
    caption = figure_caption(block, number)
    shift = len(caption) - len(block["caption"])  # 图N before the caption
    image = (
        f'<img src="data:image/png;base64,{_esc(png)}" alt="{_esc(block["caption"])}">'
        if png
        else ""
    )
    moved = [[a + shift, b + shift, key] for a, b, key in figures]
    return (
        f'<figure class="wb-figure">{image}<figcaption>{text(caption, moved)}</figcaption></figure>'
    )


#: Output metadata marking HTML made here by :func:`block_html`, which escapes every string
#: itself; such HTML skips the sanitizer (the costliest step of publishing). The mark is
#: removed from every other output first, so a notebook cannot set it.
_BLOCK_HTML = "wbanalysis_block"


#: The largest Excel file of a table embedded in its page (a ``data:`` link); a larger one is
#: written beside the page (see :func:`publish_notebook`), so that pages stay within budget.
EMBED_LIMIT = 200_000


def _download(block: dict, tables: int, side: dict[str, bytes] | None, stem: str) -> tuple:
    """A table's Excel link: embedded, or a file beside the page when large (``side``)."""
    data = table_workbook(block)
    name = safe_filename(block.get("caption") or f"表格{tables}")
    if side is None or len(data) <= EMBED_LIMIT:
        return f"data:{XLSX_MIME};base64,{base64.b64encode(data).decode('ascii')}", name
    file = f"{stem}{SIDE_MARK}{tables}.xlsx"
    side[file] = data
    return quote(file), name


def _take_sources(nb: nbformat.NotebookNode) -> tuple[dict[str, dict], list[str]]:
    """The 出处 the notebook recorded (:data:`SOURCES_MIME`) and the texts of its rows' CSV
    (:data:`SOURCES_CSV_MIME`, as the report wrote them), taken out of its outputs."""
    found: dict[str, dict] = {}
    texts: list[str] = []
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            data = output.get("data", {}) if isinstance(output, dict) else {}
            if SOURCES_MIME in data:
                if isinstance(data[SOURCES_MIME], dict):
                    found.update(
                        {str(k): v for k, v in data[SOURCES_MIME].items() if isinstance(v, dict)}
                    )
                if isinstance(data.get(SOURCES_CSV_MIME), str):
                    texts.append(data[SOURCES_CSV_MIME])
            else:
                kept.append(output)
        cell["outputs"] = kept
    return found, texts


def _render_blocks(
    nb: nbformat.NotebookNode,
    side: dict[str, bytes] | None = None,
    stem: str = "report",
    linked_keys: Container[str] = (),
) -> None:
    """Replace every block output's data by the block's own HTML (figures numbered, tables
    with their Excel download; large ones collected in ``side`` when given; the figures
    of ``linked_keys`` linked to their 出处)."""
    number = tables = 0
    for block, output in iter_outputs(nb):
        if block is None:
            if isinstance(output.get("metadata"), dict):
                output["metadata"].pop(_BLOCK_HTML, None)
            continue
        png, download = None, None
        if block["kind"] == "figure" and not block.get("empty"):
            number += 1
            png = str(output["data"].get("image/png", "")).replace("\n", "") or None
        if block["kind"] == "table" and block.get("export", True) and block["columns"]:
            tables += 1
            download = _download(block, tables, side, stem)
        html = block_html(
            block, png=png, number=number or None, download=download, linked_keys=linked_keys
        )
        output["data"] = {"text/html": html}
        output["metadata"] = {_BLOCK_HTML: True}


#: The most bytes a page should have. A page whose 出处 panels would take it over lists fewer
#: rows in them (:data:`PANEL_ROWS_OVER_BUDGET`, then none): every row stays in the CSV beside
#: it. (Charts and tables are the report's own: they are never cut.)
PAGE_BUDGET = 1_500_000
PANEL_ROWS_OVER_BUDGET = (10, 0)


def _prepare(
    nb: nbformat.NotebookNode, side: dict[str, bytes] | None = None, stem: str = "report"
) -> tuple[nbformat.NotebookNode, dict | None, dict, str | None]:
    """A copy ready for the template: blocks rendered, code cells numbered, noise dropped,
    the first error found; and the HTML of the figures' 出处 panels (their rows' CSV put
    in ``side`` when given)."""
    import nbformat
    from nbconvert.filters import strip_ansi

    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if not _REMOVED_CELL_TAGS & set(c.metadata.get("tags", []))]
    sources, texts = _take_sources(nb)
    download = None
    if side is not None:
        data = csv_bytes(joined_csv(texts)) if texts else rows_csv(sources)
        if data is not None:
            download = f"{stem}{SOURCE_MARK}.csv"
            side[download] = data
    _render_blocks(nb, side, stem, linked_keys=sources)
    error, number = None, 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        number += _counts_as_code(cell)
        cell.metadata.setdefault("wbanalysis", {})["code_number"] = max(number, 1)
        if _REMOVED_OUTPUT_TAGS & set(cell.metadata.get("tags", [])):
            cell.outputs = []
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if not errors and cell.metadata.get("papermill", {}).get("exception"):
            errors = [
                nbformat.v4.new_output(
                    "error",
                    ename="CellExecutionError",
                    traceback=[],
                    evalue="代码单元执行中断（超时或内核退出）",
                )
            ]
            cell.outputs = [*cell.get("outputs", []), *errors]
        if errors and error is None:
            error = {
                "number": max(number, 1),
                "ename": errors[0].ename,
                "evalue": strip_ansi(errors[0].evalue),
            }
    return nb, error, sources, download


def _footer(nb: nbformat.NotebookNode) -> str:
    params = _parameters(nb)
    parts = []
    if "year" in params:
        parts.append(f"年度 {params['year']}")
    if "county" in params:
        parts.append(f"范围 {params['county']}")
    month = params.get("through_month")
    if isinstance(month, int) and 1 <= month <= 12:
        parts.append(f"期间 {format_period(month)}")  # 全年, never 截至 12 月
    scope = f"（{'，'.join(parts)}）" if parts else ""
    return f"本报告由 wbanalysis {__version__} 根据台账数据自动生成{scope}。"


_EXPORTERS = threading.local()


def _exporter() -> HTMLExporter:
    """This thread's exporter: made once, so its templates are compiled once per process."""
    exporter = getattr(_EXPORTERS, "exporter", None)
    if exporter is None:
        exporter = _EXPORTERS.exporter = _new_exporter()
    return exporter


def _new_exporter() -> HTMLExporter:
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        """nbconvert's HTMLExporter without its last step, which parses the whole page again
        with BeautifulSoup only to give images without ``alt`` an English one and JupyterLab's
        cell classes a ``tabindex``: the wb_offline template writes an ``alt`` on every image
        and uses none of those classes (the sanitizer adds 图片 to an image in HTML output), so
        that pass re-serialized an unchanged page (≈ 20 ms a page)."""

        def from_notebook_node(self, nb, resources=None, **kw):
            language = nb.metadata.get("language_info", {})
            lexer = language.get("pygments_lexer", language.get("name"))
            resources = self._init_resources(resources)
            self.register_filter(
                "highlight_code",
                self.filters.get(
                    "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
                ),
            )
            self.register_filter(
                "filter_data_type",
                WidgetsDataTypeFilter(
                    notebook_metadata=self._nb_metadata, parent=self, resources=resources
                ),
            )
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    exporter = PageExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        # validate the notebook once after the preprocessors, not after each of the eleven
        # (nearly all disabled): half of the export's time
        optimistic_validation=True,
    )
    exporter.register_filter("wb_clean", clean_html)
    exporter.register_filter("wb_is_repr", _is_repr_noise)
    return exporter


def html_bytes(
    nb: nbformat.NotebookNode,
    *,
    title: str | None = None,
    side: dict[str, bytes] | None = None,
    stem: str = "report",
) -> bytes:
    """The published page of ``nb`` as UTF-8 bytes (nothing written).

    Parameters
    ----------
    nb : an executed notebook (it is not modified).
    title : the page ``<title>``; by default :func:`notebook_title`.
    side : when given, a table's Excel file larger than :data:`EMBED_LIMIT` is put there
        (file name → bytes, the name ``<stem>_表格N.xlsx``) and linked beside the page;
        otherwise every table's file is embedded.
    """
    prepared, error, sources, download = _prepare(nb, side, stem)
    wb = {"title": title or notebook_title(nb), "error": error, "footer": _footer(nb)}
    body = ""
    for most in (None, *PANEL_ROWS_OVER_BUDGET):
        wb["sources"] = panels(sources, download, most)
        body, _ = _exporter().from_notebook_node(prepared, resources={"wb": wb})
        if len(body.encode("utf-8")) <= PAGE_BUDGET:
            break
    return strip_bidi(body).encode("utf-8")


def publish_notebook(
    executed_nb: nbformat.NotebookNode, out_html: Path, *, title: str | None = None
) -> Path:
    """Export ``executed_nb`` to ``out_html`` (self-contained, offline) and return the path.

    The page is written atomically: the previous page stays in place until the new one is
    complete, and stays intact when the export fails. The Excel files of its large tables are
    written beside it (:func:`side_files`), and those of an earlier build removed.
    """
    out_html = Path(out_html)
    side: dict[str, bytes] = {}
    page = html_bytes(executed_nb, title=title, side=side, stem=out_html.stem)
    for old in side_files(out_html):
        if old.name not in side:
            old.unlink(missing_ok=True)
    for name, data in side.items():
        atomic_write_bytes(out_html.with_name(name), data)
    return atomic_write_text(out_html, page.decode("utf-8"))


#: How the Excel file of a large table beside its page is named: ``<page>_表格N.xlsx``.
SIDE_MARK = "_表格"


def side_files(out_html: Path) -> tuple[Path, ...]:
    """The files written beside a page: its large tables' Excel files and its 出处 rows."""
    out_html = Path(out_html)
    if not out_html.parent.is_dir():
        return ()
    stem = glob.escape(out_html.stem)
    found = set(out_html.parent.glob(stem + SIDE_MARK + "*.xlsx"))
    found |= set(out_html.parent.glob(stem + SOURCE_MARK + ".csv"))
    return tuple(sorted(found))


def failure_page(
    out_html: Path,
    *,
    title: str,
    error_name: str,
    error_message: str,
    cell_number: int | None = None,
    notebook: str | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> Path:
    """失败页 (the page of a report whose notebook failed), written atomically.

    Parameters
    ----------
    title : what the report would have been (e.g. "年度工作总结（2023年1－10月，白沙县）").
    error_name, error_message : the error type and message (ANSI colours are removed).
    cell_number : 第 N 个代码单元 where it failed (see :func:`code_cell_number`), if known.
    notebook : the notebook's path, shown to help the analyst.
    parameters : the run's parameters (year, county, …), shown as a table.
    """
    from nbconvert.filters import strip_ansi

    html = (
        site_environment()
        .get_template("failure.html.j2")
        .render(
            title=title,
            error_name=strip_ansi(str(error_name)),
            error_message=strip_ansi(str(error_message)),
            cell_number=cell_number,
            notebook=notebook,
            parameters=dict(parameters or {}),
            version=__version__,
        )
    )
    return atomic_write_text(Path(out_html), html)


def publish_failed(
    out_html: Path,
    *,
    nb: nbformat.NotebookNode | None,
    title: str,
    error: str | None,
    cell_number: int | None = None,
    notebook: str | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> Path:
    """The page of a report that failed: the executed notebook, which shows the failed cell's
    error in place; or, when the run stopped before any cell could fail (timeout, dead
    kernel), the failure page saying why (``error`` is ``"名称: 消息"``)."""
    if nb is not None and cell_number is not None:
        return publish_notebook(nb, out_html, title=title)
    name, _, message = (error or "未知错误").partition(": ")
    return failure_page(
        out_html,
        title=title,
        error_name=name,
        error_message=message,
        cell_number=cell_number,
        notebook=notebook,
        parameters=parameters,
    )


#: The offline page: every report has one, failed or not — the site is made of them.
RENDERER = Renderer(
    "html",
    ".html",
    "离线网页",
    publish=publish_notebook,
    failed=publish_failed,
    companions=side_files,
)
