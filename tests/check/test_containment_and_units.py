"""`wbanalysis check` on a summary as an analyst writes it (.md, .docx from python-docx):
parts that nest are no sum, and a plan beside its completion in another unit is a likely
unit slip (issue #21, case 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wbanalysis.cli import main

SLIPS = [
    "XX市水务局2023年工作总结",
    "（一）重点项目推进有序。全市水利项目到期节点5个，其中滞后4个，逾期未完成1个。",
    "（二）农村供水。年度投资计划15000元，完成投资13300万元。",
]
RIGHT = [
    "XX市水务局2023年工作总结",
    "（一）重点项目推进有序。全市水利项目到期节点12个，其中按期完成8个，滞后4个。",
    "（二）农村供水。年度投资计划15000万元，完成投资13300万元。",
    "（三）安全生产。排查隐患138处，其中一般隐患120处，重大隐患18处。",
]
SLIP_NOTE = "疑似单位误写：年度投资计划15000元与完成投资13300万元相差约1万倍，是否应为15000万元？"


def _markdown(path: Path, paragraphs: list[str]) -> Path:
    path.write_text(f"# {paragraphs[0]}\n\n" + "\n\n".join(paragraphs[1:]) + "\n", "utf-8")
    return path


def _docx(path: Path, paragraphs: list[str]) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    document.save(str(path))
    return path


@pytest.mark.parametrize("write", [_markdown, _docx])
def test_nested_parts_and_a_unit_slip_are_reported(write, tmp_path, capsys):
    path = write(tmp_path / f"总结{'.md' if write is _markdown else '.docx'}", SLIPS)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    # 4 + 1 = 5 is no sum: 逾期未完成 is part of 滞后
    assert "4个＋1个" not in out
    assert "滞后4个≤5个，逾期未完成1个≤滞后4个" in out
    assert "说明：不构成分项之和（逾期未完成属于滞后）" in out
    assert SLIP_NOTE in out
    assert "找到数字5个；文中关系2条，不成立1条。" in out


@pytest.mark.parametrize("write", [_markdown, _docx])
def test_the_right_forms_hold(write, tmp_path, capsys):
    path = write(tmp_path / f"总结{'.md' if write is _markdown else '.docx'}", RIGHT)
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    # a true partition still adds up: 8 + 4 = 12, 120 + 18 = 138
    assert "8个＋4个＝12个" in out and "120处＋18处＝138处" in out
    assert "疑似单位误写" not in out and "结论：全部成立" in out
