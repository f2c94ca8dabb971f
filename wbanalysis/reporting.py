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

import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .dataset import Dataset
from .indicators import CATALOGUE, compute_indicators
from .io import load
from .scope import Scope

__all__ = ["Report", "start", "say", "show_table", "figure", "record", "use_cache",
           "RECORD_MIME"]

#: Mimetype of the output in which a notebook records its headline figures and the ledgers
#: it read (:func:`record`); the build reads it and removes it before publishing.
RECORD_MIME = "application/vnd.wbanalysis.record+json"


@dataclass
class Report:
    """The context of one report: its scope, ledgers and indicator values."""

    dataset: Dataset
    scope: Scope
    values: dict = field(default_factory=dict)

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
    def place(self) -> str:
        """The place as titles name it: the city's name (``XX市``) or the county's."""
        return self.scope.name

    @property
    def period(self) -> str:
        """``2023年1－10月`` or ``2023年``."""
        return self.scope.period_label

    @property
    def selection(self) -> dict:
        """Keyword arguments selecting this report's data in metric functions."""
        return self.scope.selection

    @property
    def season(self) -> str:
        """The winter–spring storage season of the year: ``2022－2023年冬春``."""
        return self.scope.season

    def display(self, key: str) -> str:
        """An indicator in the bureau's style (``3209万元``)."""
        return CATALOGUE[key].display(self.values[key])

    def table(self, keys: list[str]) -> pd.DataFrame:
        """指标表: 指标, 数值 for ``keys``."""
        return pd.DataFrame({"指标": [CATALOGUE[k].name for k in keys],
                             "数值": [self.display(k) for k in keys]})


_LOADED: dict[tuple[str, str], Dataset] = {}
_CACHE_DIR: list[Path] = []


def use_cache(folder: str | Path | None) -> None:
    """Keep validated ledgers in ``folder`` between reports (the build calls this in each
    kernel it starts, with its site's cache folder); ``None`` turns the cache off."""
    _CACHE_DIR[:] = [Path(folder)] if folder is not None else []


def _load(data_dir) -> Dataset:
    """The ledgers, validated once per kernel while their files are unchanged.

    Each report gets its own copy, so nothing one report does to a table reaches the next.
    """
    from .io import default_data_dir, source_signature

    source = str(data_dir or default_data_dir())
    cache_dir = _CACHE_DIR[0] if _CACHE_DIR else None
    key = (source, source_signature(source)) if Path(source).exists() else None
    if key is None or key not in _LOADED:
        dataset = load(source, cache_dir=cache_dir)
        if key is None:
            return dataset
        _LOADED.clear()
        _LOADED[key] = dataset
    return _LOADED[key].copy()


def _expand(sections: list[str] | None) -> list[str] | None:
    if sections is None:
        return None
    return [k for k in CATALOGUE if any(k == s or k.startswith(s + ".") for s in sections)]


def start(*, year, county=None, through_month=None, data_dir=None,
          sections: list[str] | None = None) -> Report:
    """Check the parameters, load the ledgers, compute the indicators, set the chart style.

    ``county`` ``"全市"`` or ``None`` is the whole city; ``through_month=None`` means the last
    month of ``year`` with data. ``sections`` limits the indicators computed to keys starting
    with those prefixes (``["funding", "investment"]``), so that the report reads only the
    ledgers it needs. Raises :class:`~wbanalysis.errors.ParameterError` (in Chinese) for an
    unknown county, a year without data or a month outside 1–12.
    """
    from .plots import use_style

    dataset = _load(data_dir)
    scope = Scope.of(dataset, year=year, county=county, through_month=through_month)
    report = Report(dataset, scope)
    report.values = compute_indicators(dataset, scope, keys=_expand(sections))
    use_style()
    return report


def _display(obj: dict) -> None:
    from IPython.display import display

    display(obj, raw=True)


def say(text: str, *, heading: int | None = None) -> None:
    """Show a paragraph (or a heading) of plain text, escaped."""
    tag = f"h{heading}" if heading else "p"
    markup = f"<{tag}>{html.escape(str(text))}</{tag}>"
    _display({"text/html": markup, "text/plain": str(text)})


def show_table(df: pd.DataFrame, *, caption: str | None = None, index: bool = False,
               formats: dict | None = None) -> None:
    """Show a table with escaped cells; ``formats`` maps columns to formatting functions."""
    shown = df.copy()
    for col, fmt in (formats or {}).items():
        shown[col] = shown[col].map(fmt)
    body = shown.to_html(index=index, escape=True, border=0, classes="wb-table",
                         na_rep="—")
    if caption:
        body = f"<p class=\"wb-caption\">{html.escape(caption)}</p>" + body
    _display({"text/html": body, "text/plain": shown.to_string(index=index)})


def figure(width: float = 9.0, height: float = 4.2, ncols: int = 1):
    """A new figure and its axes, sized for the report page."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, ncols, figsize=(width, height))
    return fig, axes


def record(report: Report, headline: list[str] | dict[str, str] | None = None) -> None:
    """Leave the headline figures and the ledgers read for the build's index page.

    ``headline`` lists indicator keys (shown under their catalogue names), or maps short
    labels to keys (``{"争取资金": "funding.total"}``) for the narrow cells of the index. The
    output is removed from the published page; in JupyterLab it shows as a one-line note.
    """
    if isinstance(headline, dict):
        pairs = list(headline.items())
    else:
        pairs = [(CATALOGUE[k].name, k) for k in headline or []]
    data = {"headline": {label: report.display(key) for label, key in pairs},
            "ledgers": report.dataset.ledgers_read}
    _display({RECORD_MIME: data, "text/plain": f"已记录 {len(pairs)} 项主要指标"})
