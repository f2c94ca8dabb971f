"""What every renderer shares: the report's title, a figure's caption, and :class:`Renderer`,
the record by which a format is known to :func:`wbanalysis.render.get_renderer`.

This module imports no renderer and nothing heavy (a report's kernel imports the HTML
renderer for its blocks, and must start fast).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import nbformat

__all__ = ["DEFAULT_TITLE", "Renderer", "notebook_title", "figure_caption"]

DEFAULT_TITLE = "水务局工作总结报告"


def notebook_title(nb: nbformat.NotebookNode) -> str:
    """报告标题 (the page title): ``metadata.wbanalysis.title``, else the first heading.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 2023年 **XX市** 水务工作总结")])
    >>> notebook_title(nb)
    '2023年 XX市 水务工作总结'
    """
    title = nb.get("metadata", {}).get("wbanalysis", {}).get("title")
    if title:
        return str(title)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        match = re.search(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", cell.source, re.MULTILINE)
        if match:
            text = re.sub(r"<[^>]*>", "", match.group(1))
            return re.sub(r"[*_`]+", "", text).strip() or DEFAULT_TITLE
    return DEFAULT_TITLE


def figure_caption(block: dict, number: int | None) -> str:
    """``图3 分级争取资金``: the caption a renderer writes under a figure.

    >>> figure_caption({"caption": "分级争取资金"}, 3)
    '图3 分级争取资金'
    """
    return f"图{number} {block['caption']}" if number else block["caption"]


@dataclass(frozen=True)
class Renderer:
    """One output format of a report, as the build publishes it.

    ``publish(executed_nb, path, title=...)`` writes the report of a notebook that ran.
    ``failed(path, nb=..., title=..., error=..., cell_number=..., notebook=..., parameters=...)``
    writes the file of a report that failed; without it a failed report has no such file (an
    older one, now stale, is removed). ``edited(path)`` tells a file someone edited since the
    build wrote it: such a file is moved aside, never overwritten or removed.
    ``companions(path)`` names the other files the format may write beside ``path`` (the Word
    draft's 附表), kept and removed with it. ``settings`` names the keyword options its
    ``publish`` takes (``annexes``), given by :meth:`with_settings`.
    """

    name: str
    suffix: str
    label: str
    publish: Callable[..., Path]
    failed: Callable[..., Path] | None = None
    edited: Callable[[Path], bool] | None = None
    companions: Callable[[Path], tuple[Path, ...]] | None = None
    settings: tuple[str, ...] = ()

    def with_settings(self, **settings: object) -> Renderer:
        """This renderer publishing with those of ``settings`` it takes (the others are not
        its business).

        >>> r = Renderer("docx", ".docx", "Word", print, settings=("annexes",))
        >>> r.with_settings(annexes="separate", colour="red").publish.keywords
        {'annexes': 'separate'}
        >>> r.with_settings(colour="red") is r
        True
        """
        taken = {k: v for k, v in settings.items() if k in self.settings}
        if not taken:
            return self
        return replace(self, publish=functools.partial(self.publish, **taken))

    def files_of(self, path: Path) -> tuple[Path, ...]:
        """``path`` and the companions this format may write beside it."""
        return (path, *(self.companions(path) if self.companions else ()))

    def path_of(self, output: str) -> str:
        """The site-relative path of this format's file of a report published at ``output``.

        >>> Renderer("docx", ".docx", "Word", print).path_of("2023/city/05_rivers.html")
        '2023/city/05_rivers.docx'
        """
        return Path(output).with_suffix(self.suffix).as_posix()
