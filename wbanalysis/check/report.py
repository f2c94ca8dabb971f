"""核对结果的输出 (a check's result for people and programs): a table, JSON, an HTML page.

The three carry the same content: for each relation and each reconciled figure, the figure,
its sentence, the relation or indicator, what the text states, what is computed, and whether
it holds; then the figures that could not be matched, with the reason. The HTML page is made
from the site's templates (:func:`wbanalysis.render.sanitize.site_environment`: autoescaped,
CSS inline, nothing loaded from elsewhere) and written atomically, only to the path given.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from .. import __version__, units
from ..atomic import atomic_write_text
from ..errors import WbAnalysisError
from .result import CheckResult

__all__ = [
    "VERDICTS",
    "HTML_MARKER",
    "to_dict",
    "to_json",
    "summary_line",
    "problem_count",
    "format_table",
    "render_html",
    "write_html",
]

#: How a verdict reads in Chinese, for relations and for reconciled figures.
VERDICTS = {True: "成立", False: "不成立", None: "无法判断"}
_MATCH_VERDICTS = {True: "相符", False: "不符", None: "台账无数据"}

#: What marks an HTML page as a check report written by wbanalysis (it may be overwritten).
HTML_MARKER = 'class="wb-report wb-check"'

_EXCERPT = 70


def _excerpt(text: str, start: int, end: int, width: int = _EXCERPT) -> str:
    """``text`` cut to about ``width`` characters around ``start``–``end``.

    >>> _excerpt("甲" * 50 + "3209万元" + "乙" * 50, 50, 56, 20)
    '…甲甲甲甲甲甲甲甲3209万元乙乙乙乙乙乙乙乙…'
    """
    if len(text) <= width:
        return text
    room = max(16, width - (end - start))
    left = max(0, start - room // 2)
    right = min(len(text), end + room - (start - left))
    left = max(0, min(left, right - max(width, end - start + 16)))
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


def _scope(result: CheckResult) -> dict | None:
    s = result.scope
    if s is None:
        return None
    return {
        "year": s.year,
        "county": s.county,
        "through_month": s.through_month,
        "place": s.place,
        "name": s.name,
        "period": s.period_label,
    }


def _figure_sentence(result: CheckResult, indices) -> str:
    figures = [result.figures[i] for i in indices]
    sentence = result.sentences[figures[0].sentence]
    return _excerpt(sentence.text, min(f.start for f in figures), max(f.end for f in figures))


def to_dict(result: CheckResult) -> dict:
    """The result as plain data (what ``--format json`` prints).

    >>> from wbanalysis.check import check_text
    >>> d = to_dict(check_text("审批方案13个，其中报告书7个，报告表5个。"))
    >>> d["ok"], d["counts"]["relations_failing"], d["relations"][0]["computed"]
    (False, 1, '7个＋5个＝12个')
    """
    figures = [
        {
            "index": f.index,
            "sentence": f.sentence,
            "text": f.text,
            "value": float(f.value),
            "unit": f.unit,
            "approx": f.approx,
            "measures": f.measures,
            "period": f.period,
            "month": f.month,
            "year": f.year,
        }
        for f in result.figures
    ]
    relations = [
        {
            "kind": r.kind,
            "name": r.name,
            "figures": list(r.figures),
            "figure": result.figures[r.figures[0]].text,
            "sentence": _figure_sentence(result, r.figures),
            "stated": r.stated,
            "computed": r.computed,
            "holds": r.holds,
            "verdict": VERDICTS[r.holds],
            "note": r.note,
        }
        for r in result.relations
    ]
    reconciled = [
        {
            "figure": m.figure,
            "text": result.figures[m.figure].text,
            "sentence": _figure_sentence(result, [m.figure]),
            "key": m.key,
            "name": m.name,
            "stated": m.stated,
            "computed": m.computed,
            "computed_text": m.computed_text,
            "holds": m.holds,
            "verdict": _MATCH_VERDICTS[m.holds],
            "note": m.note,
            "message": m.message if m.holds is False else "",
        }
        for m in result.reconciled
    ]
    unmatched = [
        {
            "figure": u.figure,
            "text": result.figures[u.figure].text,
            "measures": result.figures[u.figure].measures,
            "sentence": _figure_sentence(result, [u.figure]),
            "reason": u.reason,
        }
        for u in result.unmatched
    ]
    return {
        "source": result.source,
        "scope": _scope(result),
        "ok": result.ok,
        "exit_code": result.exit_code,
        "counts": result.counts,
        "relations": relations,
        "reconciled": reconciled,
        "unmatched": unmatched,
        "figures": figures,
    }


def to_json(result: CheckResult) -> str:
    """The result as JSON (UTF-8 text, Chinese unescaped)."""
    return json.dumps(to_dict(result), ensure_ascii=False, indent=1)


def summary_line(result: CheckResult) -> str:
    """One line of counts (written through :mod:`wbanalysis.units`).

    >>> from wbanalysis.check import check_text
    >>> summary_line(check_text("审批方案13个，其中报告书7个，报告表5个。"))
    '找到数字3个；文中关系1条，不成立1条。'
    """
    c = result.counts
    n = units.format_count
    text = (
        f"找到数字{n(c['figures'], '个')}；文中关系{n(c['relations'], '条')}，"
        f"不成立{n(c['relations_failing'], '条')}"
    )
    if c["relations_unsure"]:
        text += f"，无法判断{n(c['relations_unsure'], '条')}"
    if result.scope is not None:
        text += (
            f"；与台账核对{n(c['reconciled'], '个')}，不符{n(c['mismatches'], '个')}，"
            f"未匹配{n(c['unmatched'], '个')}"
        )
        if c["no_ledger_value"]:
            text += f"，台账无数据{n(c['no_ledger_value'], '个')}"
    return text + "。"


def problem_count(result: CheckResult) -> str:
    """``3处`` (failing relations and mismatches), written through :mod:`wbanalysis.units`."""
    return units.format_count(len(result.failures) + len(result.mismatches), "处")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _rows(header: list[str], rows: list[list[str]], notes: list[str]) -> list[str]:
    """Rows aligned by display width (a Chinese character is two columns), each followed by
    its indented sentence line."""
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(header)]
    widths[-1] = 0  # the last column is not padded
    lines = ["  ".join(_pad(h, w) for h, w in zip(header, widths)).rstrip()]
    for row, note in zip(rows, notes):
        lines.append("  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip())
        lines += [" " * (widths[0] + 2) + line for line in note.splitlines() if line]
    return lines


def format_table(result: CheckResult) -> str:
    """The result as a readable plain-text table in Chinese.

    >>> from wbanalysis.check import check_text
    >>> print(format_table(check_text("审批方案13个，其中报告书7个，报告表5个。")))
    核对：文本
    找到数字3个；文中关系1条，不成立1条。
    结论：发现1处问题
    <BLANKLINE>
    一、文中关系
    序号  结论    关系  数字  文中          计算
    1     不成立  合计  13个  审批方案13个  7个＋5个＝12个
          句子：审批方案13个，其中报告书7个，报告表5个。
          说明：分项之和12个，与所述合计13个不符
    """
    data = to_dict(result)
    lines = [f"核对：{result.source}"]
    if data["scope"]:
        lines.append(f"台账范围：{data['scope']['name']}{data['scope']['period']}")
    lines.append(summary_line(result))
    lines.append("结论：全部成立" if result.ok else f"结论：发现{problem_count(result)}问题")
    lines += ["", "一、文中关系"]
    if data["relations"]:
        rows, notes = [], []
        for i, r in enumerate(data["relations"], 1):
            rows.append([str(i), r["verdict"], r["name"], r["figure"], r["stated"], r["computed"]])
            notes.append("句子：" + r["sentence"] + (f"\n说明：{r['note']}" if r["note"] else ""))
        lines += _rows(["序号", "结论", "关系", "数字", "文中", "计算"], rows, notes)
    else:
        lines.append("（文中没有可核对的计算关系）")
    if result.scope is not None:
        lines += ["", "二、与台账核对"]
        if data["reconciled"]:
            rows, notes = [], []
            for i, m in enumerate(data["reconciled"], 1):
                rows.append(
                    [
                        str(i),
                        m["verdict"],
                        m["text"],
                        f"{m['name']}（{m['key']}）",
                        m["stated"],
                        m["computed_text"],
                    ]
                )
                extra = [m["message"]] if m["message"] else []
                extra += [m["note"]] if m["note"] else []
                notes.append("；".join(extra))
            lines += _rows(["序号", "结论", "数字", "指标", "文中", "台账"], rows, notes)
        else:
            lines.append("（没有与目录指标对应的数字）")
        lines += ["", "三、未匹配的数字（未与台账核对）"]
        if data["unmatched"]:
            rows = [
                [str(i), u["text"], u["measures"] or "—", u["reason"]]
                for i, u in enumerate(data["unmatched"], 1)
            ]
            lines += _rows(
                ["序号", "数字", "所指", "原因"],
                rows,
                ["句子：" + u["sentence"] for u in data["unmatched"]],
            )
        else:
            lines.append("（无）")
    return "\n".join(lines)


def render_html(result: CheckResult) -> str:
    """The result as one offline HTML page (the site's layout, autoescaped)."""
    from ..render.sanitize import site_environment

    data = to_dict(result)
    title = f"总结核对：{result.source}"
    return (
        site_environment()
        .get_template("check.html.j2")
        .render(
            title=title,
            version=__version__,
            data=data,
            summary=summary_line(result),
            ok=result.ok,
            problems=problem_count(result),
        )
    )


def write_html(
    result: CheckResult,
    path: str | Path,
    *,
    force: bool = False,
    protect: tuple[str | Path, ...] = (),
) -> Path:
    """Write :func:`render_html` to ``path`` (atomically) and return it.

    ``path`` must end in ``.html``/``.htm``; it may be overwritten only when it is a check
    report wbanalysis wrote, or with ``force``; never when it is one of ``protect`` (the file
    checked). Raises :class:`~wbanalysis.errors.WbAnalysisError` (in Chinese) otherwise.
    """
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise WbAnalysisError(f"HTML 报告文件须以 .html 结尾：{path}")
    if any(path.resolve() == Path(p).resolve() for p in protect):
        raise WbAnalysisError(f"HTML 报告不能写到被核对的文件上：{path}")
    if path.is_dir():
        raise WbAnalysisError(f"HTML 报告路径是文件夹：{path}")
    if path.exists() and not force:
        try:
            ours = HTML_MARKER in path.read_text(encoding="utf-8", errors="replace")[:20000]
        except OSError:
            ours = False
        if not ours:
            raise WbAnalysisError(f"文件已存在且不是核对报告，未覆盖：{path}（覆盖请加 --force）")
    if not path.parent.exists():
        raise WbAnalysisError(f"文件夹不存在：{path.parent}")
    return atomic_write_text(path, render_html(result))
