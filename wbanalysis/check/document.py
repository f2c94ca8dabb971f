"""读取总结 (reading a written summary): a file → plain text → paragraphs and sentences.

A summary comes as ``.txt``, ``.md``, ``.docx`` (also the Word files wbanalysis writes) or
``.html`` (the reports of the site). Each is turned into plain text, one paragraph a line;
the cells of a table row are joined by a tab. Non-prose markers that editors and publishing
systems leave in a text (``##paidbegin##``, Markdown syntax, HTML comments) are dropped.

The text is then cut into paragraphs and sentences. Every :class:`Sentence` keeps the text as
written (``text``, for display) and a copy of the same length in which full-width digits and
signs are folded to ASCII (``scan``: ``１２．５％`` → ``12.5%``), which the figure finder reads;
an offset in one is the same offset in the other.

Nothing here runs code from the file: a ``.docx`` is a zip of XML read by python-docx (entity
resolution off), after its uncompressed size is checked; HTML is read with the standard
library's parser.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..errors import SummaryError
from ..units import fold_width as fold

__all__ = [
    "SUFFIXES",
    "TextError",
    "Paragraph",
    "Sentence",
    "fold",
    "decode_text",
    "strip_markers",
    "markdown_text",
    "html_text",
    "docx_text",
    "read_summary",
    "split_text",
]

#: The kinds of file :func:`read_summary` reads.
SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".html", ".htm")

#: Largest file read (bytes), and largest uncompressed content of a .docx.
MAX_BYTES = 20 * 1024 * 1024
MAX_DOCX_CONTENT = 200 * 1024 * 1024
#: Largest body (``word/document.xml``, uncompressed) of a .docx read: a summary's is tens to
#: hundreds of KB. python-docx takes 0.7 s and 30 MB of memory a MB of ordinary paragraphs,
#: up to 5 s a MB of tiny ones (bench/bench_check.py), so 5 MB is at most ~25 s. Checked on
#: the sizes the zip declares, before parsing (a member is never read past its declared size).
MAX_DOCX_XML = 5 * 1024 * 1024


#: The checker's name for it.
TextError = SummaryError


# ---- decoding and cleaning --------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """Text of a file's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030.

    Raises :class:`TextError` for bytes that are none of these or contain NUL characters
    (a binary file).

    >>> decode_text("水资源费".encode("gb18030")), decode_text("\\ufeff水".encode("utf-8"))
    ('水资源费', '水')
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise TextError("文件不是可识别的文本（UTF-16 解码失败）") from None
    if b"\x00" in data:
        raise TextError("文件不是文本文件（含二进制内容）")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TextError("无法识别文件编码，请另存为 UTF-8 文本")


# Every pattern here runs in time linear in its line: a match starts only where a run begins
# (``(?<!#)``), a bracket's content stops at the next opening bracket, and nothing has two
# unbounded runs of the same characters side by side (``\s*(.*?)\s*`` was cubic on a heading
# padded with spaces); headings, table rules and comments are read with str methods.
# tests/check/test_linear.py runs each on pathological lines.

# ##paidbegin##, ##paidend## and their kin: markers of a publishing system, not prose.
_MARKER = re.compile(r"(?<!#)#{2,}[A-Za-z_][A-Za-z0-9_\-]*#{2,}")


def _without_comments(text: str) -> str:
    """``text`` without ``<!-- … -->`` (an unclosed one runs to the end), in one pass."""
    out, start = [], 0
    while (opening := text.find("<!--", start)) >= 0:
        out.append(text[start:opening])
        closing = text.find("-->", opening + 4)
        if closing < 0:
            return "".join(out)
        start = closing + 3
    out.append(text[start:])
    return "".join(out)


def strip_markers(text: str) -> str:
    """``text`` without publishing markers (``##paidbegin##``) and HTML comments.

    >>> strip_markers("##paidbegin##（四）农村供水<!-- 注 -->项目")
    '（四）农村供水项目'
    """
    return _MARKER.sub("", _without_comments(text))


_MD_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_TABLE_RULE_CELL = re.compile(r":?-{2,}:?")
_MD_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_MD_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_MD_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\([^()\n]*\)")
_MD_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\n]*\)")
_MD_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3}|`+|~~)")
_TAG = re.compile(r"<[^<>\n]*>")


def _heading(line: str) -> str | None:
    """The text of an ATX heading (``## 标题 ##`` → ``标题``), else ``None``.

    >>> _heading("  ## 一、主要工作 ##  "), _heading("#标题"), _heading("####### 七")
    ('一、主要工作', None, None)
    """
    rest = line.lstrip()
    if len(line) - len(rest) > 3 or not rest.startswith("#"):
        return None
    level = len(rest) - len(rest.lstrip("#"))
    rest = rest[level:]
    if level > 6 or not rest[:1].isspace():
        return None
    return rest.rstrip().rstrip("#").rstrip().lstrip()


def _is_table_rule(line: str) -> bool:
    """A Markdown table's rule row: ``|---|:--:|``.

    >>> _is_table_rule(" | --- | :--: |"), _is_table_rule("|--|x|")
    (True, False)
    """
    rule = line.strip()
    rule = rule[1:] if rule.startswith("|") else rule
    rule = rule[:-1] if rule.endswith("|") else rule
    return all(_TABLE_RULE_CELL.fullmatch(cell.strip()) for cell in rule.split("|"))


def markdown_text(text: str) -> str:
    """Plain text of Markdown: headings, bullets, quotes, emphasis, links and code fences
    dropped, table rows as tab-separated cells.

    >>> markdown_text("# 总结\\n- **共争取**资金[3209万元](x.html)\\n| 项目 | 数量 |\\n|---|---|\\n| 水库 | 4座 |")
    '总结\\n共争取资金3209万元\\n项目\\t数量\\n水库\\t4座'
    """
    lines, fenced = [], False
    for line in strip_markers(text).splitlines():
        if _MD_FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or _MD_RULE.match(line) or _is_table_rule(line):
            continue
        heading = _heading(line)
        if heading is not None:
            line = heading
        elif line.lstrip().startswith("|"):
            line = "\t".join(c.strip() for c in line.strip().strip("|").split("|"))
        else:
            line = _MD_BULLET.sub("", _MD_QUOTE.sub("", line))
        line = _MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", _MD_IMAGE.sub(r"\1", line)))
        lines.append(_TAG.sub("", line))
    return "\n".join(lines)


_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    }
)
_SKIPPED = frozenset(
    {"style", "script", "noscript", "template", "head", "title", "svg", "math", "object", "iframe"}
)


def _is_panel(tag: str, attrs) -> bool:
    """A figure's 出处 panel of a report page: hidden until asked for, not the report's text."""
    classes = next((v or "" for k, v in attrs if k == "class"), "")
    return tag == "section" and "wb-source" in classes.split()


class _TextParser(HTMLParser):
    """Collects the visible text: blocks end lines, table cells are separated by tabs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIPPED or _is_panel(tag, attrs):
            self.skipping.append(tag)
        elif not self.skipping:
            if tag in _BLOCKS:
                self.parts.append("\n")
            elif tag in ("td", "th"):
                self.parts.append("\t")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if not self.skipping and tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(" ".join(data.split("\n")))


def html_text(markup: str) -> str:
    """The visible text of an HTML page, without ``<style>``, ``<script>``, ``<head>`` and
    the figures' 出处 panels.

    Block elements end a line; the cells of a table row are joined by tabs.

    >>> html_text("<head><style>p{}</style></head><p>设河湖长<b>425</b>名</p>"
    ...           "<table><tr><th>河湖长</th><td>425名</td></tr></table><script>x=1</script>")
    '设河湖长425名\\n河湖长\\t425名'
    """
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    lines = []
    for line in "".join(parser.parts).split("\n"):
        cells = [" ".join(c.split()) for c in line.split("\t")]
        cells = [c for c in cells if c]
        if cells:
            lines.append("\t".join(cells))
    return "\n".join(lines)


def _check_docx_archive(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = [info.filename for info in infos]
            size = sum(info.file_size for info in infos)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TextError(f"不是有效的 Word 文档（.docx）：{path.name}") from None
    if "word/document.xml" not in names:
        raise TextError(f"不是有效的 Word 文档（.docx，缺少正文）：{path.name}")
    body = max(i.file_size for i in infos if i.filename == "word/document.xml")
    if body > MAX_DOCX_XML:
        raise TextError(
            f"Word 文档的正文（word/document.xml）解压后为 {body / 2**20:.1f} MB，"
            f"超过 {MAX_DOCX_XML // 2**20} MB 的上限，未读取：{path.name}"
            "；请删去不需要的内容，或另存为 .txt 后核对"
        )
    if size > MAX_DOCX_CONTENT:
        raise TextError(
            f"Word 文档解压后过大（超过 {MAX_DOCX_CONTENT // 2**20} MB），未读取：{path.name}"
        )


def docx_text(path: str | Path) -> str:
    """The text of a Word document: its paragraphs and tables in order (cells joined by tabs).

    Headers, footers and comments are not read. Raises :class:`TextError` for a file that is
    not a readable .docx.
    """
    path = Path(path)
    _check_docx_archive(path)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph as DocxParagraph

        document = docx.Document(str(path))
        lines: list[str] = []
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(DocxParagraph(child, document).text)
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    seen, cells = set(), []
                    for cell in row.cells:  # a merged cell is returned once per grid column
                        if id(cell._tc) not in seen:
                            seen.add(id(cell._tc))
                            cells.append(" ".join(cell.text.split()))
                    lines.append("\t".join(cells))
    except TextError:
        raise
    except Exception as exc:  # a damaged package: python-docx raises many kinds
        raise TextError(f"无法读取 Word 文档 {path.name}（{type(exc).__name__}）") from None
    return "\n".join(lines)


def read_summary(path: str | Path) -> str:
    """The plain text of a summary file (.txt, .md, .docx, .html), markers removed.

    The file is only read. Raises :class:`TextError` (in Chinese) for a missing or
    unreadable file, an unsupported kind, or a file over :data:`MAX_BYTES`.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise TextError(f"不支持旧版 Word 格式（.doc）：{path.name}；请在 Word 中另存为 .docx")
    if suffix not in SUFFIXES:
        raise TextError(
            f"不支持的文件类型「{path.suffix or '无扩展名'}」：{path.name}；"
            "可读取 " + "、".join(SUFFIXES)
        )
    if not path.exists():
        raise TextError(f"文件不存在：{path}")
    if not path.is_file():
        raise TextError(f"不是文件：{path}")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TextError(f"文件过大（超过 {MAX_BYTES // 2**20} MB），未读取：{path.name}")
        if suffix == ".docx":
            return strip_markers(docx_text(path))
        data = path.read_bytes()
    except OSError as exc:
        raise TextError(f"无法读取文件 {path}（{exc.strerror or type(exc).__name__}）") from None
    text = decode_text(data)
    if suffix in (".md", ".markdown"):
        return markdown_text(text)
    if suffix in (".html", ".htm"):
        return strip_markers(html_text(text))
    return strip_markers(text)


# ---- paragraphs and sentences -----------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """One line of the text.

    Attributes
    ----------
    index : its position (0-based).
    text : the line as written (trimmed).
    heading : the section heading it falls under (``三、2024年工作计划``), or ``""``.
    """

    index: int
    text: str
    heading: str = ""


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text`` as written, ``scan`` folded (:func:`fold`), same length."""

    index: int
    paragraph: int
    text: str
    scan: str


# A section heading of a summary: 一、… / 二、… (top level), or an appendix (附：…, 附件1, 附表),
# which ends the section before it (the figures of "附：主要指标" after "三、2024年工作计划" are
# not plan figures); a Markdown/HTML heading is recognised by its numbering only, as bureaus
# write them.
_TOP_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|附(?:[：:]|件|表|录))")
_ENDS = "。！？!?"
_CLOSERS = "”’」』）)】"
_OPEN, _CLOSE = "（(【[", "）)】]"


def _sentences_of(line: str) -> list[str]:
    """Cut a line after 。！？ (outside brackets), keeping closing quotes with the sentence."""
    parts, start, depth, i = [], 0, 0, 0
    while i < len(line):
        ch = line[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in _ENDS and depth == 0:
            j = i + 1
            while j < len(line) and line[j] in _CLOSERS + _ENDS:
                j += 1
            parts.append(line[start:j])
            start = i = j
            continue
        i += 1
    parts.append(line[start:])
    return [p.strip() for p in parts if p.strip()]


def split_text(text: str) -> tuple[list[Paragraph], list[Sentence]]:
    """Paragraphs (lines) and sentences of a plain text.

    >>> paras, sents = split_text("一、主要工作\\n共争取资金3209万元。同比增２７．６５％。")
    >>> [p.heading for p in paras], [s.text for s in sents], sents[2].scan
    (['一、主要工作', '一、主要工作'], ['一、主要工作', '共争取资金3209万元。', '同比增２７．６５％。'], '同比增27.65%。')
    """
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    heading = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if _TOP_HEADING.match(line) and len(line) <= 40 and not any(c in line for c in "。；;"):
            heading = line
        paragraph = Paragraph(len(paragraphs), line, heading)
        paragraphs.append(paragraph)
        for part in _sentences_of(line):
            sentences.append(Sentence(len(sentences), paragraph.index, part, fold(part)))
    return paragraphs, sentences
