"""Benchmark: `wbanalysis check` on pathological summaries grows linearly with their size.

Usage::

    .venv/bin/python bench/bench_check.py [--sizes 1000 10000 100000 1000000] [--forms NAME ...]
                                          [--limit SECONDS]

Each form (issue #24: the inputs that made the checker quadratic or cubic) is written as a
Markdown or text file of 1 KB, 10 KB, 100 KB and 1 MB and checked with
:func:`wbanalysis.check.check_file` (reading, Markdown, sentences, figures, relations), each
size in a fresh subprocess killed after ``--limit`` seconds. Printed: the seconds per size and
the ratio from one size to the next (linear ≈ 10× a decade; quadratic ≈ 100×). The .docx
form is a small zip whose document.xml unpacks to 20× the nominal size (20 KB … 20 MB): read
below :data:`~wbanalysis.check.document.MAX_DOCX_XML`, refused before parsing above it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: name → (suffix, unit repeated, prefix, suffix text): the file is prefix + unit × k + suffix.
FORMS: dict[str, tuple[str, str, str, str]] = {
    "heading padded with spaces": (".md", " ", "# a", "b"),
    "<!-- unclosed": (".md", "<!--", "", ""),
    "![ repeated": (".md", "![", "", ""),
    "[ repeated": (".md", "[", "", ""),
    "< repeated": (".md", "<", "", ""),
    "# repeated": (".md", "#", "", ""),
    "## markers": (".txt", "##a", "", ""),
    "digit then spaces": (".txt", " ", "1", "x"),
    "digit then spaces (md)": (".md", " ", "1", "x"),
    "table rule padded": (".md", " ", "|", "x"),
    "figures and commas": (".txt", "1、", "共", "个"),
    "sentence of figures": (".txt", "甲12万元，", "共计", "。"),
    "long line of words": (".txt", "水利工程建设", "", "。"),
    "label of 共计 repeated": (".txt", "共计", "", "x12万元，其中甲6万元，乙6万元。"),
}


def _write(folder: Path, form: str, size: int) -> Path:
    suffix, unit, head, tail = FORMS[form]
    body = (
        head
        + unit * max(1, (size - len(head.encode()) - len(tail.encode())) // len(unit.encode()))
        + tail
    )
    path = folder / f"summary{suffix}"
    path.write_text(body, encoding="utf-8")
    return path


def _docx(folder: Path, size: int) -> Path:
    """A real .docx (python-docx's template) whose document.xml is ``size`` bytes of one
    repeated paragraph; deflated, a few KB."""
    import docx

    template = folder / "template.docx"
    docx.Document().save(str(template))
    run = "<w:p><w:r><w:t>水</w:t></w:r></w:p>"
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w='
        '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    )
    body = head + run * (size // len(run)) + "</w:body></w:document>"
    path = folder / "bomb.docx"
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = body.encode() if info.filename == "word/document.xml" else src.read(info)
            z.writestr(info.filename, data)
    return path


_CHILD = """
import sys, time
from wbanalysis.check import check_file
from wbanalysis.errors import WbAnalysisError
start = time.perf_counter()
try:
    check_file(sys.argv[1])
    outcome = "ok"
except WbAnalysisError as exc:
    outcome = "refused: " + str(exc)[:60]
print(f"{time.perf_counter() - start:.4f}\\t{outcome}")
"""


def _measure(path: Path, limit: float) -> tuple[float | None, str]:
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path)],
            capture_output=True,
            text=True,
            timeout=limit,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return None, f"> {limit:g} s"
    if done.returncode != 0:
        return None, "failed: " + done.stderr.strip().splitlines()[-1][:80]
    seconds, outcome = done.stdout.strip().split("\t", 1)
    del start
    return float(seconds), outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--forms", nargs="+", default=[*FORMS, "docx over the XML limit"])
    parser.add_argument("--limit", type=float, default=60.0)
    args = parser.parse_args()
    sizes = args.sizes
    print("| form | " + " | ".join(_size(s) for s in sizes) + " | ratio per decade |")
    print("|---|" + "---:|" * len(sizes) + "---|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for form in args.forms:
            times: list[float | None] = []
            cells = []
            for size in sizes:
                if form.startswith("docx"):
                    path = _docx(folder, size * 20)  # 20× the nominal size, unpacked
                else:
                    path = _write(folder, form, size)
                seconds, outcome = _measure(path, args.limit)
                times.append(seconds)
                cells.append(f"{seconds:.3f} s" if seconds is not None else outcome)
                if seconds is None:
                    break
            cells += ["—"] * (len(sizes) - len(cells))
            ratios = [
                f"{b / a:.1f}×" if a and b and a > 0 else "—"
                for a, b in zip(times, times[1:], strict=False)
            ]
            print(f"| {form} | " + " | ".join(cells) + " | " + " ".join(ratios) + " |")


def _size(n: int) -> str:
    return f"{n // 1_000_000} MB" if n >= 1_000_000 else f"{n // 1000} KB"


if __name__ == "__main__":
    main()
