"""`wbanalysis check` in time linear in its input (issue #24): the pathological forms found —
a heading padded with spaces (cubic), unclosed ``<!--``, runs of ``![``, ``[``, ``<``, ``#``, a
digit followed by spaces (quadratic), a label of 共计 repeated (exponential) — each checked at
100 KB in a subprocess that must finish within a generous bound (quadratic took minutes,
cubic hours); and a .docx whose body is over the limit refused before it is parsed.

No timing is asserted inside the suite beyond that bound; bench/bench_check.py measures the
curve from 1 KB to 1 MB."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import docx
import pytest
from conftest import ROOT

from wbanalysis.check import check_file
from wbanalysis.check.document import MAX_DOCX_XML, TextError

SIZE = 100_000

#: name → (suffix, prefix, unit repeated, tail): prefix + unit × k + tail, about SIZE bytes.
FORMS = {
    "heading padded with spaces": (".md", "# a", " ", "b"),
    "unclosed comments": (".md", "", "<!--", ""),
    "images": (".md", "", "![", ""),
    "links": (".md", "", "[", ""),
    "tags": (".md", "", "<", ""),
    "hashes": (".md", "", "#", ""),
    "markers": (".txt", "", "##a", ""),
    "digit then spaces": (".txt", "1", " ", "x"),
    "digit then spaces (md)": (".md", "1", " ", "x"),
    "table rule padded": (".md", "|", " ", "x"),
    "label of 共计": (".txt", "", "共计", "x12万元，其中甲6万元，乙6万元。"),
}

_CHILD = """
import sys
from wbanalysis.check import check_file
for path in sys.argv[1:]:
    check_file(path)
print("done")
"""


def test_every_pathological_form_is_checked_in_bounded_time(tmp_path):
    paths = []
    for i, (suffix, head, unit, tail) in enumerate(FORMS.values()):
        path = tmp_path / f"form{i}{suffix}"
        path.write_text(head + unit * (SIZE // len(unit.encode())) + tail, encoding="utf-8")
        paths.append(str(path))
    # before the fix the first form alone took hours, and each of the others minutes
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *paths],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "done"


def test_a_docx_over_the_body_limit_is_refused_before_parsing(tmp_path):
    """As found: a 0.7 MB .docx holding 190 MB of XML took 5.6 GB and 500 s."""
    template = tmp_path / "t.docx"
    docx.Document().save(str(template))
    run = "<w:p><w:r><w:t>水</w:t></w:r></w:p>"
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w='
        '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + run * (MAX_DOCX_XML // len(run) + 1)
        + "</w:body></w:document>"
    )
    bomb = tmp_path / "总结.docx"
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(
                info.filename,
                body.encode() if info.filename == "word/document.xml" else src.read(info),
            )
    assert bomb.stat().st_size < MAX_DOCX_XML // 50
    with pytest.raises(
        TextError, match=r"正文（word/document.xml）解压后为 .* MB，超过 5 MB 的上限"
    ):
        check_file(bomb)
