"""渲染 (render): one module per output format, reading the recorded report.

- :mod:`.html`: the offline HTML page of an executed notebook, and the failure page;
- :mod:`.docx`: the Word draft in official-document format (GB/T 9704);
- :mod:`.index`: the site's index page;
- :mod:`.common`: what the formats share (title, captions, :class:`.common.Renderer`);
- :mod:`.sanitize`: the sanitizer every HTML fragment goes through, and the templates.

A format is chosen by name, as nbconvert's ``get_exporter`` chooses an exporter:
``get_renderer("docx")``. A new format is one module defining ``RENDERER`` and one line in
:data:`_RENDERERS`. Formats load only when asked for, so importing this package (or one format)
does not load the others.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from ..errors import ParameterError

if TYPE_CHECKING:  # pragma: no cover
    from .common import Renderer

__all__ = ["PAGE", "get_renderer", "renderer_names"]

#: Every format, by name → the module (in this package) defining its ``RENDERER``.
_RENDERERS = {
    "html": "html",  # 离线网页: the site's page of every report
    "docx": "docx",  # Word 文稿 (公文格式)
}

#: The format every report is published in, failed or not: the site is made of its pages.
PAGE = "html"


def renderer_names() -> tuple[str, ...]:
    """The names :func:`get_renderer` knows, in the order a build publishes them.

    >>> renderer_names()
    ('html', 'docx')
    """
    return tuple(_RENDERERS)


def get_renderer(name: str) -> Renderer:
    """The renderer of the format ``name`` (``"html"``, ``"docx"``; case and spaces ignored).

    >>> get_renderer("docx").suffix
    '.docx'
    >>> get_renderer("pdf")
    Traceback (most recent call last):
    ...
    wbanalysis.errors.ParameterError: 未知的输出格式：pdf；可选：html、docx
    """
    key = str(name).strip().lower()
    if key not in _RENDERERS:
        raise ParameterError(f"未知的输出格式：{key or '（空）'}；可选：" + "、".join(_RENDERERS))
    return importlib.import_module(f"{__name__}.{_RENDERERS[key]}").RENDERER
