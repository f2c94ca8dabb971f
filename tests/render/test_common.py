"""What the renderers share: titles, captions, where a format's file goes."""

from __future__ import annotations

import nbformat

from wbanalysis.render.common import DEFAULT_TITLE, Renderer, figure_caption, notebook_title


def test_path_of_changes_only_the_suffix():
    word = Renderer("docx", ".docx", "Word 文稿", publish=print)
    assert (
        word.path_of("2023/990124/01_annual_summary.html") == "2023/990124/01_annual_summary.docx"
    )
    page = Renderer("html", ".html", "离线网页", publish=print)
    assert page.path_of("2023/city/05_rivers.html") == "2023/city/05_rivers.html"


def test_notebook_title_prefers_metadata_then_the_first_heading():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("正文"),
            nbformat.v4.new_markdown_cell("## 河长制 <b>专题</b>"),
        ]
    )
    assert notebook_title(nb) == "河长制 专题"
    nb.metadata["wbanalysis"] = {"title": "年度工作总结"}
    assert notebook_title(nb) == "年度工作总结"
    assert notebook_title(nbformat.v4.new_notebook()) == DEFAULT_TITLE


def test_figure_caption_numbers_only_when_numbered():
    assert figure_caption({"caption": "蓄水量"}, 2) == "图2 蓄水量"
    assert figure_caption({"caption": "蓄水量"}, None) == "蓄水量"


def test_html_and_docx_share_them():
    from wbanalysis.render import docx, html

    assert html.notebook_title is docx.notebook_title is notebook_title
    assert html.figure_caption is docx.figure_caption is figure_caption
