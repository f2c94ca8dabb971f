"""The renderers, chosen by name (``wbanalysis.render.get_renderer``)."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from wbanalysis.errors import ParameterError, WbAnalysisError
from wbanalysis.render import PAGE, get_renderer, renderer_names
from wbanalysis.render.common import Renderer


def test_known_names():
    assert renderer_names() == ("html", "docx") and PAGE in renderer_names()
    html, docx = get_renderer("html"), get_renderer("docx")
    assert isinstance(html, Renderer) and isinstance(docx, Renderer)
    assert (html.name, html.suffix, docx.name, docx.suffix) == ("html", ".html", "docx", ".docx")
    assert get_renderer(" DOCX ") is docx


def test_each_renderer_is_a_module_defining_it():
    for name in renderer_names():
        module = importlib.import_module(f"wbanalysis.render.{name}")
        assert module.RENDERER is get_renderer(name) and module.RENDERER.name == name


def test_the_page_has_a_failure_page_and_the_word_draft_is_protected():
    html, docx = get_renderer("html"), get_renderer("docx")
    assert html.failed is not None and html.edited is None
    assert docx.failed is None and docx.edited is not None


@pytest.mark.parametrize(
    ("name", "shown"),
    [("pdf", "pdf"), ("PDF", "pdf"), ("", "（空）"), ("index", "index"), ("common", "common")],
)
def test_unknown_name_lists_the_allowed_ones(name, shown):
    with pytest.raises(ParameterError) as caught:
        get_renderer(name)
    assert str(caught.value) == f"未知的输出格式：{shown}；可选：html、docx"
    assert isinstance(caught.value, WbAnalysisError)


def test_formats_load_only_when_asked_for():
    code = (
        "import sys, wbanalysis.render as r; a = 'wbanalysis.render.docx' in sys.modules; "
        "import wbanalysis.render.docx; "
        "print(a, 'wbanalysis.render.html' in sys.modules, 'nbformat' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "False", "False"]  # the Word renderer needs nothing of the page's
