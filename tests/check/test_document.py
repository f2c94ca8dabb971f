"""Reading a summary: .txt in its encodings, .md, .docx (also one wbanalysis-style with a
table), .html; markers as noise; unreadable files as one Chinese error."""

from __future__ import annotations

import zipfile

import pytest

from wbanalysis.check import check_file
from wbanalysis.check.document import (
    TextError,
    html_text,
    markdown_text,
    read_summary,
    split_text,
    strip_markers,
)

TEXT = "共争取项目资金3209万元，其中：中央资金1650.2万元，省级资金436万元，市本级资金1122.8万元。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_txt_in_the_encodings_bureaus_use(tmp_path, encoding):
    path = tmp_path / "总结.txt"
    path.write_bytes(TEXT.encode(encoding))
    assert read_summary(path) == TEXT


def test_markers_are_noise_not_prose(tmp_path):
    path = tmp_path / "seed.txt"
    path.write_text(
        "##paidbegin##（四）农村供水。项目实际完成投资3900万元，其中2023年完成投资"
        "2100万元。\n##paidend##\n",
        encoding="utf-8",
    )
    result = check_file(path)
    assert [f.text for f in result.figures] == ["3900万元", "2100万元"]
    assert [s.text for s in result.sentences][0] == "（四）农村供水。"
    assert strip_markers("a##paid_begin-2##b") == "ab"


def test_markdown(tmp_path):
    path = tmp_path / "总结.md"
    path.write_text(
        "# 2023年工作总结\n\n- **共争取项目资金**3209万元，其中：中央资金1650.2万元，"
        "省级资金436万元，市本级资金1122.8万元。\n\n| 指标 | 数值 |\n|---|---|\n"
        "| 河湖长 | 425名 |\n\n```\n代码里的 99万元 不算\n```\n",
        encoding="utf-8",
    )
    result = check_file(path)
    assert [f.text for f in result.figures] == [
        "3209万元",
        "1650.2万元",
        "436万元",
        "1122.8万元",
        "425名",
    ]
    assert result.figures[-1].label == "河湖长"
    assert [(r.kind, r.holds) for r in result.relations] == [("total", True)]
    assert markdown_text("见[报告](a.html)与![图](b.png)") == "见报告与图"


def test_html_skips_style_and_script_and_keeps_table_rows():
    markup = (
        "<html><head><title>标题99万元</title><style>.x{width:10px}</style></head><body>"
        "<h1>总结</h1><p>全市设河湖长<b>425</b>名。</p><script>var a='5万元';</script>"
        "<table><tr><th>指标</th><th>数值</th></tr><tr><td>河湖巡查</td><td>20718次</td>"
        "</tr></table></body></html>"
    )
    assert html_text(markup) == "总结\n全市设河湖长425名。\n指标\t数值\n河湖巡查\t20718次"


def _docx(path, paragraphs, table=None):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for i, row in enumerate(table):
            for j, cell in enumerate(row):
                grid.cell(i, j).text = cell
    document.save(str(path))
    return path


def test_docx_paragraphs_and_tables(tmp_path):
    path = _docx(
        tmp_path / "总结.docx",
        [
            "XX市水务局2023年工作总结",
            TEXT,
            "审批水土保持方案13个，其中方案报告书7个，方案报告表5个。",
        ],
        table=[["指标", "数值"], ["河湖长", "425名"]],
    )
    before = path.read_bytes()
    result = check_file(path)
    assert path.read_bytes() == before  # only read
    assert [f.text for f in result.figures][-1] == "425名"
    assert [(r.kind, r.holds) for r in result.relations] == [("total", True), ("total", False)]
    assert result.sentences[-1].text == "河湖长\t425名"


def test_split_keeps_brackets_and_quotes_with_their_sentence():
    paragraphs, sentences = split_text(
        "超额完成任务（蓄水6636万m³。超出220.64万m³）。他说：“好。”下一句。"
    )
    assert [s.text for s in sentences] == [
        "超额完成任务（蓄水6636万m³。超出220.64万m³）。",
        "他说：“好。”",
        "下一句。",
    ]
    assert paragraphs[0].heading == ""


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("总结.pdf", b"%PDF-1.4", "不支持的文件类型"),
        ("总结.doc", b"\xd0\xcf\x11\xe0", "另存为 .docx"),
        ("总结.docx", b"not a zip", "不是有效的 Word 文档"),
        ("总结.txt", b"\x00\x01\x02binary", "不是文本文件"),
        ("总结.txt", b"\xff\xfe\x00\xd8", "UTF-16"),
    ],
)
def test_unreadable_files_raise_one_chinese_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(TextError, match=message):
        read_summary(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(TextError, match="文件不存在"):
        read_summary(tmp_path / "无.txt")
    (tmp_path / "d.txt").mkdir()
    with pytest.raises(TextError, match="不是文件"):
        read_summary(tmp_path / "d.txt")


def test_docx_without_body_or_too_large(tmp_path, monkeypatch):
    path = tmp_path / "空.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<x/>")
    with pytest.raises(TextError, match="缺少正文"):
        read_summary(path)
    big = _docx(tmp_path / "大.docx", ["标题", TEXT])
    monkeypatch.setattr("wbanalysis.check.document.MAX_DOCX_CONTENT", 100)
    with pytest.raises(TextError, match="解压后过大"):
        read_summary(big)
