"""`wbanalysis check`: exit codes, the table, JSON with the same content, the HTML report
(offline, escaped, written only where asked), one Chinese line for every user error."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from wbanalysis.check import check_text
from wbanalysis.check.report import HTML_MARKER, format_table, render_html, to_dict
from wbanalysis.cli import main

GOOD = "共争取项目资金3209万元，其中：中央资金1650.2万元，省级资金436万元，市本级资金1122.8万元。\n"
BAD = "审批水土保持方案13个，其中方案报告书7个，方案报告表5个。\n全市设河湖长452名。\n"


@pytest.fixture
def good(tmp_path) -> Path:
    path = tmp_path / "总结.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.fixture
def bad(tmp_path) -> Path:
    path = tmp_path / "有误.txt"
    path.write_text(BAD, encoding="utf-8")
    return path


def _one_chinese_line(err: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err and re.search(r"[\u4e00-\u9fff]", err)


def test_exit_0_when_everything_holds(good, capsys):
    assert main(["check", str(good)]) == 0
    out = capsys.readouterr().out
    assert "结论：全部成立" in out and "1650.2万元＋436万元＋1122.8万元＝3209万元" in out


def test_exit_1_when_a_relation_fails(bad, capsys):
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "不成立" in out and "7个＋5个＝12个" in out


@pytest.mark.slow
def test_exit_1_when_a_figure_differs_from_the_ledgers(good, bad, capsys):
    assert main(["check", str(good), "--year", "2023", "--through-month", "10"]) == 0
    capsys.readouterr()
    assert main(["check", str(bad), "--year", "2023", "--through-month", "10"]) == 1
    out = capsys.readouterr().out
    assert "文中「全市设河湖长452名」，台账计算为425名" in out
    assert "与台账核对4个，不符2个" in out  # 13个, 7个 hold; 5个 (报告表: 6) and 452名 do not


def test_json_carries_the_same_content(bad, capsys):
    assert main(["check", str(bad), "--year", "2023", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["exit_code"] == 1
    assert data["scope"]["year"] == 2023 and data["scope"]["place"] == "全市"
    assert [(r["kind"], r["holds"], r["computed"]) for r in data["relations"]] == [
        ("total", False, "7个＋5个＝12个")
    ]
    assert [(m["key"], m["holds"]) for m in data["reconciled"]] == [
        ("resources.soil_plans_approved", True),
        ("resources.soil_plans.report_book", True),
        ("resources.soil_plans.report_form", False),
        ("rivers.chiefs", False),
    ]
    assert data["reconciled"][3]["computed"] == 425
    assert data["counts"]["figures"] == 4 and data["unmatched"] == []


def test_table_and_json_list_the_same_items(bad, demo):
    result = check_text(BAD, dataset=demo, year=2023)
    table, data = format_table(result), to_dict(result)
    for r in data["relations"]:
        assert r["computed"] in table and r["stated"] in table
    for m in data["reconciled"]:
        assert m["stated"] in table and m["computed_text"] in table


def test_html_report(good, bad, tmp_path, capsys):
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    out = tmp_path / "核对.html"
    assert main(["check", str(bad), "--year", "2023", "--html", str(out)]) == 1
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before  # the input is only read
    page = out.read_text(encoding="utf-8")
    assert HTML_MARKER in page and "7个＋5个＝12个" in page and "不符" in page
    assert not re.search(r"<script|<link|\bsrc=|https?://", page)
    # our own report may be rewritten; a foreign file only with --force; the input never
    assert main(["check", str(good), "--html", str(out)]) == 0
    foreign = tmp_path / "别人的.html"
    foreign.write_text("<p>别人的网页</p>", encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(good), "--html", str(foreign)]) == 2
    _one_chinese_line(capsys.readouterr().err)
    assert foreign.read_text(encoding="utf-8") == "<p>别人的网页</p>"
    assert main(["check", str(good), "--html", str(foreign), "--force"]) == 0
    page = tmp_path / "总结.html"
    page.write_text("<p>" + GOOD + "</p>", encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(page), "--html", str(page), "--force"]) == 2
    _one_chinese_line(capsys.readouterr().err)
    assert page.read_text(encoding="utf-8") == "<p>" + GOOD + "</p>"


def test_html_escapes_the_text():
    result = check_text(
        "<script>alert(1)</script>共争取资金10万元，其中中央资金<b>6万元</b>，省级资金5万元。"
    )
    page = render_html(result)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "6万元＋5万元＝11万元" in page


@pytest.mark.parametrize(
    "args",
    [
        ["check", "无此文件.txt"],
        ["check", "{dir}/总结.pdf"],
        ["check", "{good}", "--data", "{dir}"],
        ["check", "{good}", "--through-month", "10"],
        ["check", "{good}", "--year", "1999"],
        ["check", "{good}", "--year", "2023", "--county", "无此县"],
        ["check", "{good}", "--year", "2023", "--through-month", "13"],
        ["check", "{good}", "--html", "{dir}/报告.txt"],
        ["check", "{good}", "--html", "{dir}/无此文件夹/报告.html"],
        ["check", "{good}", "--format", "xml"],
    ],
)
def test_user_errors_are_one_chinese_line(good, tmp_path, capsys, args):
    (tmp_path / "总结.pdf").write_bytes(b"%PDF")
    argv = [a.format(dir=tmp_path, good=good) for a in args]
    assert main(argv) == 2
    _one_chinese_line(capsys.readouterr().err)


def test_help_is_chinese_with_defaults_and_examples(capsys):
    assert main(["check", "-h"]) == 0
    out = capsys.readouterr().out
    assert "核对工作总结" in out and "默认" in out and "示例" in out and "用法" in out
