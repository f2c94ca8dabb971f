"""Helpers for the report notebooks: start a report, write text and tables, record headlines.

A notebook's first cells are::

    year = 2023; county = "全市"; through_month = None; data_dir = None   # tagged "parameters"
    import wbanalysis.reporting as rp
    r = rp.start(year=year, county=county, through_month=through_month, data_dir=data_dir)

:func:`start` checks the parameters once, as a :class:`~wbanalysis.scope.Scope` (an unknown
county or a year without data stops the notebook there, with a Chinese message), loads the
ledgers, computes the indicator catalogue once and sets the chart style. Text goes out through
:func:`say` and tables through :func:`show_table`, which escape every string (a project called
``<script>`` stays text). :func:`record` leaves the headline figures and the ledgers read for
the build's index page, as an output of type :data:`RECORD_MIME`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import blocks, labels, voice
from .blocks import BLOCK_MIME, SOURCES_CSV_MIME, SOURCES_MIME
from .dataset import Dataset
from .indicators import LOCAL_SECTION, catalogue_of, evaluate
from .indicators.explain import Explained, Explainer
from .indicators.local import load  # the 指标定义 checked against the catalogue too
from .io.citations import MISSING_MARK
from .render.sources import rows_csv_text
from .scope import Scope, Selection
from .units.traced import plain as strip_value
from .units.traced import strip, traced

__all__ = [
    "Report",
    "start",
    "title",
    "heading",
    "part",
    "say",
    "paragraphs",
    "parts",
    "section",
    "note",
    "show_table",
    "show_figure",
    "figure",
    "record",
    "use_cache",
    "monitoring_store",
    "RECORD_MIME",
]

#: Mimetype of the output in which a notebook records its headline figures and the ledgers
#: it read (:func:`record`); the build reads it and removes it before publishing.
RECORD_MIME = "application/vnd.wbanalysis.record+json"


@dataclass
class Report:
    """The context of one report: its scope, ledgers and indicator values.

    Each of ``values`` remembers its key (:mod:`wbanalysis.units.traced`): a text written
    from them carries invisible marks around its figures, which :func:`say`, :func:`show_table`
    and the other helpers turn into the page's links to each figure's 出处 (``strip(text)``
    of that module gives the plain text).

    Place and period are the scope's: ``report.scope.place`` (全市 / 白沙县) in sentences,
    ``report.scope.name`` (XX市 / 白沙县) in titles, ``report.scope.period`` (1－10月) and
    ``report.scope.period_label`` (2023年1－10月).

    >>> r = start(year=2023, county="白沙县", sections=["funding"])  # the demo ledgers
    >>> r.scope.name, r.scope.period_label, r.say("funding.total")
    ('白沙县', '2023年1－10月', '384.9万元')
    """

    dataset: Dataset
    scope: Scope
    values: dict = field(default_factory=dict)
    #: the key of the kernel's loaded ledgers this report's are a copy of (None: its own)
    loaded: tuple | None = field(default=None, repr=False)
    #: the ledgers each of ``values`` read (its 出处 starts from them)
    reads: dict = field(default_factory=dict, repr=False)

    @property
    def year(self) -> int:
        """The year reported on."""
        return self.scope.year

    @property
    def through_month(self) -> int:
        """The cut-off month."""
        return self.scope.through_month

    @property
    def county(self) -> str | None:
        """The county, or ``None`` for the whole city."""
        return self.scope.county

    @property
    def selection(self) -> Selection:
        """Keyword arguments selecting this report's data in metric functions."""
        return self.scope.selection

    @property
    def season(self) -> str:
        """The winter–spring storage season of the year: ``2022－2023年冬春``."""
        return self.scope.season

    @property
    def catalogue(self) -> dict:
        """The built-in catalogue and the bureau's own indicators (its 指标定义)."""
        return catalogue_of(self.dataset)

    @property
    def local_keys(self) -> list[str]:
        """Keys of the indicators the bureau defined itself, in the order of its sheet."""
        return [k for k, ind in self.catalogue.items() if ind.section == LOCAL_SECTION]

    @property
    def cards(self) -> dict[str, str]:
        """The bureau's own indicators its 指标定义 marks 首页显示, ``{name: key}``: the index
        shows them with the annual summary's headline figures (``rp.record(r, headline={…,
        **r.cards})``)."""
        chosen = [d for d in getattr(self.dataset, "definitions", ()) if d.card]
        return {d.name: d.key for d in chosen if d.key in self.values}

    def derived(self, name: str) -> pd.DataFrame:
        """The stations' flood-season figures of this report (``"monitoring_reservoirs"`` or
        ``"monitoring_rain"``, :data:`wbanalysis.schema.DERIVED`): the scope's county only,
        empty without monitoring data."""
        table = self.dataset.derived(name, self.year, self.through_month)
        return table if self.county is None else table[table["county"] == self.county]

    def display(self, key: str) -> str:
        """An indicator in the bureau's style, as a table shows it (``3209万元``, ``87.90%``)."""
        return strip(self._display(key))

    def say(self, key: str) -> str:
        """An indicator as a sentence writes it (``2万余次``, ``87.9%``)."""
        return strip(self.catalogue[key].say(self.values[key]))

    def _display(self, key: str) -> str:
        # with its figure's mark (units.traced): the table shown links it to its 出处
        return self.catalogue[key].display(self.values[key])

    def missing_note(self) -> str | None:
        """Which ledgers this report read that were not provided, and which optional columns
        its indicators needed that a ledger lacked (their figures show "—")."""
        from .schema import LEDGERS

        missing = [name for name in self.dataset.ledgers_read if name in self.dataset.missing]
        order = list(LEDGERS)
        needed = {c for k in self.values for c in self.catalogue[k].columns}
        absent = sorted(
            (tuple(c.split(".")) for c in needed & self.dataset.absent),
            key=lambda lc: (order.index(lc[0]), lc[1]),
        )
        notes = []
        if missing:
            notes.append(
                "未提供" + "、".join(f"《{LEDGERS[name].zh}》" for name in missing) + "台账"
            )
        if absent:
            notes.append(
                "、".join(
                    f"《{LEDGERS[lg].zh}》没有「{LEDGERS[lg].column(col).zh}」列"
                    for lg, col in absent
                )
            )
        if not notes:
            return None
        return "注意：" + "；".join(notes) + "，相关指标显示为“—”（无数据），相关段落从略。"

    def table(self, keys: list[str]) -> pd.DataFrame:
        """指标表: 指标, 数值 for ``keys``."""
        return pd.DataFrame(
            {
                "指标": [self.catalogue[k].name for k in keys],
                "数值": [self._display(k) for k in keys],
            }
        )

    def local_table(self) -> pd.DataFrame:
        """本地指标表: 指标, 数值, 口径说明 of the bureau's own indicators."""
        keys = self.local_keys
        return pd.DataFrame(
            {
                "指标": [self.catalogue[k].name for k in keys],
                "数值": [self._display(k) for k in keys],
                "口径说明": [self.catalogue[k].note or "—" for k in keys],
            }
        )


_LOADED: dict[tuple[str, str], Dataset] = {}
_CACHE_DIR: list[Path] = []


def use_cache(folder: str | Path | None) -> None:
    """Keep validated ledgers in ``folder`` between reports (the build calls this in each
    kernel it starts, with its site's cache folder); ``None`` turns the cache off."""
    _CACHE_DIR[:] = [Path(folder)] if folder is not None else []


def _load(data_dir) -> tuple[Dataset, tuple | None]:
    """The ledgers, validated once per kernel while their files are unchanged.

    Each report gets its own copy, so nothing one report does to a table reaches the next;
    with it comes the key of the ledgers' files as read (``None``: not kept).
    """
    from .io import default_data_dir, source_signature

    source = str(data_dir or default_data_dir())
    cache_dir = _CACHE_DIR[0] if _CACHE_DIR else None
    key = (source, source_signature(source)) if Path(source).exists() else None
    if key is None or key not in _LOADED:
        dataset = load(source, cache_dir=cache_dir)
        if key is None:
            return dataset, None
        _LOADED.clear()
        _EXPLAINERS.clear()
        _LOADED[key] = dataset
    return _LOADED[key].copy(), key


#: The monitoring data (水雨情) of this kernel: (folder, its files' signature, store) → its
#: flood-season tables, computed once per period and shared by the kernel's reports.
_MONITORING: dict[tuple[str, str, str], object] = {}


def monitoring_store(cache_dir: Path) -> Path:
    """The monitoring dataset kept beside a ledger cache: the build's ``<out>.cache/data``
    → ``<out>.cache/monitoring``; any other folder ``X`` → ``X-monitoring``.

    >>> monitoring_store(Path("site.cache/data")).as_posix()
    'site.cache/monitoring'
    """
    cache_dir = Path(cache_dir)
    if cache_dir.name == "data":
        return cache_dir.with_name("monitoring")
    return cache_dir.with_name(cache_dir.name + "-monitoring")


def _monitoring(folder, dataset: Dataset):
    """The flood-season tables of the monitoring folder ``folder``
    (:func:`wbanalysis.monitoring.flood_season.open_monitoring`): converted into the dataset
    beside the build's ledger cache (``<cache>/monitoring``), or the command line's; checked
    again (quickly: unchanged files are not read) whenever its files change."""
    from .errors import WbAnalysisError
    from .io import source_signature
    from .monitoring.flood_season import default_store_dir, open_monitoring

    source = Path(folder)
    if not source.is_dir():
        raise WbAnalysisError(f"水雨情监测数据文件夹不存在：{source}")
    store = monitoring_store(_CACHE_DIR[0]) if _CACHE_DIR else default_store_dir(source)
    key = (str(source.resolve()), source_signature(source), str(store))
    if key not in _MONITORING:
        _MONITORING.clear()
        _MONITORING[key] = open_monitoring(
            source, store, counties=dataset["counties"], reservoirs=dataset["reservoirs"]
        )
    return _MONITORING[key]


def _expand(sections: list[str] | None, catalogue: dict) -> list[str] | None:
    if sections is None:
        return None
    return [k for k in catalogue if any(k == s or k.startswith(s + ".") for s in sections)]


def start(
    *,
    year,
    county=None,
    through_month=None,
    data_dir=None,
    monitoring_dir=None,
    sections: list[str] | None = None,
) -> Report | None:
    """Check the parameters, load the ledgers, compute the indicators, set the chart style.

    ``county`` ``"全市"`` or ``None`` is the whole city; ``through_month=None`` means the last
    month of ``year`` with data. ``monitoring_dir``: a folder of monitoring data (水雨情, the
    national tables of SL 323), whose flood-season figures (``flood.season.*``) the report
    then has; without it they have no value and the report says nothing of them.
    ``sections`` limits the indicators computed to keys starting with those prefixes
    (``["funding", "investment"]``), so that the report reads only the ledgers it needs.

    When the parameters or the ledgers are wrong (an unknown county, a year without data, a
    bad cell), the Chinese message is shown as this cell's error and ``None`` is returned; in
    a notebook, every later cell then shows the same message instead of running, so that no
    figure of an earlier run stays on screen (JupyterLab's "Run All" keeps going and clears
    them). Outside IPython the error is raised.
    """
    from .errors import WbAnalysisError
    from .plots import use_style

    try:
        dataset, loaded = _load(data_dir)
        if monitoring_dir is not None:
            dataset.monitoring = _monitoring(monitoring_dir, dataset)
        scope = Scope.of(dataset, year=year, county=county, through_month=through_month)
    except WbAnalysisError as exc:
        _guard.fail(exc)
        return None
    _guard.clear()
    _parts[0] = 0
    report = Report(dataset, scope, loaded=loaded)
    values, reads = evaluate(dataset, scope, _expand(sections, catalogue_of(dataset)))
    report.reads = reads
    # each value knows its key: the text written from it carries its figures' 出处
    report.values = {key: traced(value, key) for key, value in values.items()}
    _shown.clear()
    use_style()
    return report


class _Guard:
    """After a failed :func:`start`, later cells show its message instead of running.

    Works through an IPython input transformer: while a failure stands, a cell's code is
    replaced by a call that shows the error again — except the parameters cell and the cell
    that calls ``start`` (which must run to recover).
    """

    _EXEMPT = re.compile(
        r"\bstart\(|^\s*(?:year|county|through_month|data_dir|monitoring_dir)\s*=", re.MULTILINE
    )

    def __init__(self) -> None:
        self.error: BaseException | None = None
        self.installed = False

    def _shell(self):
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython comes with ipykernel
            return None
        return get_ipython()

    def fail(self, exc: BaseException) -> None:
        shell = self._shell()
        if shell is None:
            raise exc
        self.error = exc
        if not self.installed:
            shell.input_transformers_post.append(self._transform)
            self.installed = True
        self.show()

    def clear(self) -> None:
        self.error = None

    def show(self) -> None:
        """Show the standing error as this cell's error output (the cell itself succeeds)."""
        shell = self._shell()
        if shell is not None and self.error is not None:
            shell.showtraceback(exc_tuple=(type(self.error), self.error, None))

    def _transform(self, lines: list[str]) -> list[str]:
        if self.error is None or self._EXEMPT.search("".join(lines)):
            return lines
        return ["__import__('wbanalysis.reporting', fromlist=['_guard'])._guard.show()\n"]


_guard = _Guard()


def _display(obj: dict) -> None:
    from IPython.display import display

    display(obj, raw=True)


def _show(
    block: dict,
    *,
    png: str | None = None,
    plain: str = "",
    where: str = "body",
    annex: str | None = None,
) -> None:
    """Show a block: the block itself for the renderers, its HTML for JupyterLab.

    ``where`` (and ``annex``) say once where the block belongs (:data:`wbanalysis.blocks.WHERE`):
    the body of the Word 上报稿, one of its 附件, or the page's analysis only.
    """
    from .render.html import block_html

    if annex is not None:
        where = "annex"
    block = blocks.untangle(block)
    plain = strip(plain)
    if where != "body":
        block = blocks.place(block, where, annex)
    _shown.update(f[-1] for f in block.get("figures", ()))
    bundle = {BLOCK_MIME: block, "text/plain": plain or block.get("text", block.get("caption", ""))}
    if png is not None:
        bundle["image/png"] = png  # JupyterLab shows the picture (no second copy as HTML)
    else:
        bundle["text/html"] = block_html(block)
    _display(bundle)


#: The keys of the figures the report has shown so far (their 出处 go with :func:`record`).
_shown: set[str] = set()

#: How many parts (（一）, （二）…) :func:`part` numbered under the current level-2 heading.
_parts: list[int] = [0]


def title(report: Report, text: str) -> None:
    """Show the report's title, and under it (on the page only) a note naming any ledger it
    lacked."""
    _parts[0] = 0
    _show(blocks.heading(text, 1))
    missing = report.missing_note()
    if missing:
        _show(blocks.note(missing), where="analysis")


def heading(text: str, level: int = 2, *, where: str = "body", annex: str | None = None) -> None:
    """Show a heading: 2 for 一、…, 3 for （一）…, 4 for 1. … (1 is the report's title).

    A heading of level 2 starts the numbering of :func:`part` again.
    """
    if level <= 2 and where == "body":
        _parts[0] = 0
    _show(blocks.heading(text, level), where=where, annex=annex)


def part(text: str, *, run_in: bool = False, where: str = "body") -> None:
    """Show the next numbered part under the current level-2 heading: ``（三）河湖长制工作``.

    ``run_in`` makes it a judgement the Word draft runs into its paragraph, closed by 。
    (``（一）重点项目推进有序。``). A part of the analysis only (``where="analysis"``) is not
    numbered: the 上报稿's parts are numbered without gaps.
    """
    from .units import chinese_numeral

    if where != "body":
        _show(blocks.heading(text, 3), where=where)
        return
    _parts[0] += 1
    text = f"（{chinese_numeral(_parts[0])}）{text}"
    if run_in and not text.endswith("。"):
        text += "。"
    _show(blocks.heading(text, 3, run_in=run_in))


def section(title: str, text: str, left_out: list[str] | tuple[str, ...] = ()) -> None:
    """A part of the 上报稿 as the bureau writes it: its judgement ``title`` run into its one
    paragraph ``text`` (:func:`wbanalysis.narrative.compose`); the sentences ``left_out`` of
    the body (a figure without data) are said on the page only. Without ``text`` the part is
    left out of the 上报稿 and the page says why (``left_out``).
    """
    if text:
        part(title, run_in=True)
        say(text)
    elif left_out:
        part(title.rstrip("。"), where="analysis")
    for sentence in left_out:
        note(sentence, where="analysis")


def say(
    text: str, *, heading: int | None = None, where: str = "body", annex: str | None = None
) -> None:
    """Show a paragraph of plain text (escaped by every renderer); ``heading`` makes it one.

    An empty text shows nothing: a sentence whose figures are absent is left out. In the
    body, a sentence of the analyst's citing a figure without a value
    (:func:`wbanalysis.voice.without_missing`) is shown on the page only, with its note.
    """
    if text and where == "body" and not heading and MISSING_MARK in text:
        kept, aside = voice.without_missing([text])
        say("".join(kept), annex=annex)
        for sentence in aside:
            note(sentence, where="analysis")
        return
    if text:
        block = blocks.heading(text, heading) if heading else blocks.paragraph(text)
        _show(block, where=where, annex=annex)


def paragraphs(texts: list[str]) -> None:
    """Show each text as a paragraph (the analyst's own, from the 文字材料 ledger)."""
    for text in texts:
        say(text)


def parts(titled: list[tuple[str | None, str]]) -> None:
    """Show (title, text) pairs: a titled text starts a numbered :func:`part`."""
    for heading_text, text in titled:
        if heading_text:
            part(heading_text)
        say(text)


def note(text: str, *, where: str = "body", annex: str | None = None) -> None:
    """Show a remark in smaller type (a data basis, a statistical footnote); empty: nothing."""
    if text:
        _show(blocks.note(text), where=where, annex=annex)


def show_table(
    df: pd.DataFrame,
    *,
    caption: str | None = None,
    index: bool = False,
    formats: dict | None = None,
    columns: labels.Columns | None = None,
    scope: Scope | None = None,
    where: str = "body",
    annex: str | None = None,
    export: bool = True,
) -> None:
    """Show a table; ``formats`` maps columns to functions writing their values.

    ``export`` (default): the page offers the table as an Excel file (下载 Excel), its
    numbers as numbers (unrounded where the page rounds them), its text as text — never a
    formula; ``export=False``: no download for this table.

    ``annex`` puts the table in that 附件 of the Word 上报稿 (``where="analysis"``: on the
    page only).

    ``columns`` picks the columns to show, in order, headed and written as
    :mod:`wbanalysis.labels` says (a mapping gives some of them this table's own header);
    ``scope`` fills the period into headers that name it (``1－10月完成（万元）``). Other
    cells are written by :func:`wbanalysis.labels.write_cell` (numbers through
    :func:`wbanalysis.units.format_number`, missing values as ``—``); every cell is text to
    the renderers (a name ``<script>`` stays text).
    """
    shown = df.reset_index() if index else df
    formats = dict(formats or {})
    if columns is not None:
        shown, by_label = labels.relabel(shown, columns, scope)
        formats = {**by_label, **formats}
    numeric = [pd.api.types.is_numeric_dtype(shown[c]) for c in shown.columns]
    rows, values = [], []
    for record in shown.itertuples(index=False):
        row = []
        for column, value in zip(shown.columns, record, strict=True):
            fmt = formats.get(column)
            row.append(fmt(value) if fmt is not None else labels.write_cell(value))
        rows.append(row)
        values.append(list(record))
    for k, column in enumerate(shown.columns):  # formatted numbers are still numbers
        if column in formats and rows:
            numeric[k] = numeric[k] or all(_looks_numeric(strip(r[k])) for r in rows)
    block = blocks.table(
        [str(c) for c in shown.columns],
        rows,
        caption=caption,
        numeric=numeric,
        values=values if export else None,
        export=export,
    )
    _show(block, plain=shown.to_string(index=False), where=where, annex=annex)


def _looks_numeric(text: str) -> bool:
    return bool(text) and (text[0].isdigit() or text[0] in "-—")


#: Why a chart with nothing to draw is left out (the page's note; the Word draft says nothing).
NO_CHART_DATA = "所选年度和范围的台账中没有可绘制的数据"


def show_figure(
    fig, caption: str | None = None, *, where: str = "body", annex: str | None = None
) -> None:
    """Show a chart and close it; ``caption`` (default: the titles of its axes) is written
    under it as 图N …; ``annex`` puts it in that 附件 of the Word 上报稿. A chart with no data
    (every axes a "无数据" placeholder) is not shown: the page notes it, the Word draft leaves
    it out."""
    import base64

    import matplotlib.pyplot as plt

    from .plots import has_no_data
    from .plots.png import figure_png

    if caption is None:
        titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
        caption = "、".join(titles) or "图表"
    if has_no_data(fig):  # nothing to draw: not a figure, the page says why
        plt.close(fig)
        # the page's analysis only: an 附件 of charts none of which has data is no 附件
        _show(blocks.figure(caption, empty=NO_CHART_DATA), plain=caption, where="analysis")
        return
    picture = figure_png(fig)
    plt.close(fig)
    png = base64.b64encode(picture).decode("ascii")
    _show(blocks.figure(caption), png=png, plain=caption, where=where, annex=annex)


def figure(width: float = 9.0, height: float = 4.2, ncols: int = 1):
    """A new figure and its axes, sized for the report page."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, ncols, figsize=(width, height))
    return fig, axes


def _json_number(value: object) -> float | int | None:
    """An indicator's value as JSON carries it: ``None`` for no value (NaN)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None if value is None or not hasattr(value, "item") else _json_number(value.item())
    return value if value == value and abs(value) != float("inf") else None


def _plain(value: object) -> float | int | None:
    """A value as JSON holds it: a number, or None for no value (NaN)."""
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    number = float(value)
    return None if number != number else number  # NaN is not equal to itself


def _columns(rows: pd.DataFrame) -> list[np.ndarray]:
    """The columns of ``rows`` as arrays of Python objects (rows are zipped from them)."""
    return [rows[c].to_numpy(object) for c in rows.columns]


def _raw_rows(rows: pd.DataFrame) -> list[list]:
    """The rows for the download: text as it is, numbers as numbers, nothing as None."""
    columns = []
    for cells in _columns(rows):
        cells = cells.copy()
        cells[pd.isna(cells)] = None
        columns.append(cells.tolist())
    return [list(row) for row in zip(*columns, strict=True)]


#: How many ledger rows a figure's 出处 panel lists on the page, written as the page writes
#: numbers (every row goes to the page's download, numbers as numbers).
SHOWN_ROWS = 50
#: How many computations the page's explainer may spend finding one figure's rows (beyond,
#: its panel gives the formula and names the ledgers: ``wbanalysis explain`` finds them all).
SOURCE_BUDGET = 3
#: The explainer of each (ledgers, scope), and the panels it made, keyed by figure.
_EXPLAINERS: dict[tuple[object, int, Scope], tuple[Explainer, dict[str, dict]]] = {}


def sources(report: Report, keys: list[str]) -> dict[str, dict]:
    """出处 of ``keys`` for the page: name, value, scope, formula, 口径 and the ledger rows
    (the first :data:`SHOWN_ROWS` written as cells, every row for the download)."""
    # shared by the reports of one scope while the ledgers are unchanged (:func:`_load`
    # forgets them when the files change), on a copy of its own
    loaded = _LOADED.get(report.loaded) if report.loaded is not None else None
    monitoring = report.dataset.monitoring
    at = (
        report.loaded if loaded is not None else id(report.dataset),
        id(monitoring),
        report.scope,
    )
    if at not in _EXPLAINERS:
        if len(_EXPLAINERS) >= 4:
            _EXPLAINERS.clear()
        data = loaded.copy() if loaded is not None else report.dataset
        data.monitoring = monitoring
        explainer = Explainer(data, report.scope, budget=SOURCE_BUDGET)
        if set(report.values) == set(report.catalogue):  # computed already, with their reads
            plain = {k: strip_value(v) for k, v in report.values.items()}
            explainer.know(plain, report.reads)
        _EXPLAINERS[at] = (explainer, {})
    explainer, panels = _EXPLAINERS[at]
    for key in keys:
        if key in report.catalogue and key not in panels:
            panels[key] = _panel(explainer.explain(key), report.scope)
    return {key: panels[key] for key in keys if key in panels}


def _panel(e: Explained, scope: Scope) -> dict:
    """One figure's 出处 as the page's panel and download take it."""
    rows = e.rows
    panel = {
        "name": e.name,
        "display": e.display,
        "scope": f"{scope.name}{scope.period_label}",
        "formula": e.formula,
        "explanation": e.explanation,
        "complete": e.complete,
        "columns": [str(c) for c in rows.columns],
        "rows": [
            [labels.write_cell(v) for v in row]
            for row in zip(*_columns(rows.head(SHOWN_ROWS)), strict=True)
        ],
        "total": len(rows),
    }
    if len(rows) > SHOWN_ROWS:  # every row for the download, numbers as numbers
        panel["all"] = _raw_rows(rows)
    return panel


def record(report: Report, headline: list[str] | dict[str, str] | None = None) -> None:
    """Leave the headline figures and the ledgers read for the build's index page.

    ``headline`` lists indicator keys (shown under their catalogue names), or maps short
    labels to keys (``{"争取资金": "funding.total"}``) for the narrow cells of the index. Every
    indicator the report computed is left too, for the site's ``指标汇总.xlsx``; a report that
    computed the whole catalogue records every value as a number as well (``values``), from
    which the build makes the comparison pages. The output is removed from the published page;
    in JupyterLab it shows as a one-line note.
    """
    if isinstance(headline, dict):
        pairs = list(headline.items())
    else:
        pairs = [(report.catalogue[k].name, k) for k in headline or []]
    catalogue = report.catalogue
    data = {
        "headline": {label: report.display(key) for label, key in pairs},
        # the headline's keys, so the index can link each figure to its 出处 on the page
        "headline_keys": {label: key for label, key in pairs},
        "ledgers": report.dataset.ledgers_read,
        # every figure computed, for the site's 指标汇总.xlsx (no indicator computed twice)
        "indicators": [
            [
                key,
                catalogue[key].name,
                catalogue[key].unit,
                _json_number(value),
                report.display(key),
            ]
            for key, value in report.values.items()
        ],
    }
    if report.values and set(report.values) == set(report.catalogue):
        # the whole catalogue: the site's comparison pages are made from it, not computed again
        data["values"] = {k: _plain(v) for k, v in report.values.items()}
    _display({RECORD_MIME: data, "text/plain": f"已记录 {len(pairs)} 项主要指标"})
    found = sources(report, sorted(_shown | {key for _, key in pairs}))
    bundle: dict = {
        # the panels without their long lists of rows: those go as the page's CSV text
        SOURCES_MIME: {k: {f: v for f, v in p.items() if f != "all"} for k, p in found.items()},
        "text/plain": f"已记录 {len(found)} 项指标的出处",
    }
    text = rows_csv_text(found)
    if text is not None:
        bundle[SOURCES_CSV_MIME] = text
    _display(bundle)
