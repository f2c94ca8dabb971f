"""Plans a user or an attacker can ask for: odd notebooks, a disk's root as the site, a county
named 全市, months and cut-offs the ledgers do not have, a '#' in a file name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wbanalysis.cli import main
from wbanalysis.errors import ParameterError
from wbanalysis.io import validate
from wbanalysis.pipeline.manifest import cache_dir_for
from wbanalysis.pipeline.plan import notebook_info, plan_reports
from wbanalysis.render.index import _href

# seconds a test (subprocesses, large files, whole builds): left out of `make test-fast`
pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "content",
    [
        "[1, 2]",
        '{"cells": "x"}',
        '{"cells": [1], "nbformat": 4}',
        '{"cells": [{"cell_type": "code"}], "nbformat": 4}',
        '{"cells": [], "nbformat": 3}',
        '"text"',
    ],
)
def test_a_file_that_is_no_notebook_is_refused_in_chinese(tmp_path, content, capsys):
    path = tmp_path / "坏.ipynb"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParameterError, match="不是有效的 Jupyter 笔记本"):
        notebook_info(path)
    assert main(["build", "--dry-run", "--notebooks", str(path), "--years", "2023"]) == 2
    err = capsys.readouterr().err
    assert "不是有效的 Jupyter 笔记本" in err and "Traceback" not in err


def test_odd_metadata_of_a_notebook_is_read_as_absent(tmp_path):
    path = tmp_path / "nb.ipynb"
    for metadata, order in [
        (5, 99),
        ({"wbanalysis": "x"}, 99),
        ({"wbanalysis": {"order": "first"}}, 99),
        ({"wbanalysis": {"order": True}}, 99),
        ({"wbanalysis": {"order": 3}}, 3),
    ]:
        path.write_text(
            json.dumps({"cells": [], "nbformat": 4, "metadata": metadata}), encoding="utf-8"
        )
        assert notebook_info(path)["order"] == order


def test_the_root_of_a_disk_is_no_site_folder(capsys):
    with pytest.raises(ParameterError, match="磁盘根目录"):
        cache_dir_for(Path(Path.cwd().anchor))
    assert main(["build", "--out", Path.cwd().anchor, "--dry-run", "--years", "2023"]) in (0, 2)
    assert (
        main(["build", "--out", Path.cwd().anchor, "--years", "2023", "--notebooks", "05_rivers"])
        == 2
    )
    err = capsys.readouterr().err
    assert "磁盘根目录" in err and "Traceback" not in err


def test_a_county_named_like_the_whole_city_is_refused(demo_copy):
    counties = demo_copy / "counties.csv"
    lines = counties.read_text(encoding="utf-8-sig").splitlines()
    first = lines[1].split(",")[0]
    for name in list(demo_copy.glob("*.csv")):  # renamed consistently in every ledger
        name.write_text(
            name.read_text(encoding="utf-8-sig").replace(first, "全市"), encoding="utf-8-sig"
        )
    problems = [p for p in validate(demo_copy) if p.level == "error"]
    assert any("全市" in str(p) and "counties" in p.file for p in problems), problems


def test_a_county_typed_with_spaces_is_planned_once(demo):
    plans = plan_reports(
        demo,
        data_dir="d",
        years=[2023],
        counties=[" 白沙县", "白沙县 ", "白沙县"],
        notebooks=["05_rivers"],
    )
    assert [p.parameters["county"] for p in plans] == ["白沙县"]


def test_cut_offs_beyond_the_ledgers_are_refused_and_say_why(demo, capsys):
    last = demo.last_month(2023)
    assert last < 12
    with pytest.raises(ParameterError, match=f"2023年的台账数据只到{last}月"):
        plan_reports(demo, data_dir="d", years=[2023], through_month=12, notebooks=["05_rivers"])
    assert (
        len(
            plan_reports(
                demo,
                data_dir="d",
                years=[2023],
                through_month=last,
                notebooks=["05_rivers"],
                counties=["全市"],
            )
        )
        == 1
    )
    with pytest.raises(ParameterError, match=f"2023年只到{last}月"):
        plan_reports(demo, data_dir="d", years=[2023], months=[12], notebooks=["05_rivers"])
    assert main(["build", "--dry-run", "--years", "2023", "--months", "1_2"]) == 2
    assert main(["build", "--dry-run", "--years", "2023", "--through-month", "1_0"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "1_2" in err


def test_full_width_digits_are_read_as_digits():
    from wbanalysis.cli import _month_list, _whole

    assert _whole("１２") == 12 and _month_list("１－３") == [1, 2, 3]


def test_a_hash_in_a_file_name_is_part_of_the_link():
    assert _href("2023/city/河湖#2.html") == "2023/city/%E6%B2%B3%E6%B9%96%232.html"


def test_the_manifest_and_index_of_a_province_are_written_a_bounded_share_of_the_time():
    import time

    from wbanalysis.pipeline.publish import Every

    calls = []
    every = Every(0.05)
    every(lambda: calls.append(1))  # the first report: at once
    every(lambda: calls.append(2))  # within 0.05 s: later
    assert calls == [1]
    every(lambda: calls.append(3), now=True)  # the end of the build: always
    assert calls == [1, 3]
    slow = Every(0.0)
    slow(lambda: time.sleep(0.03))  # an action of 0.03 s waits 0.3 s before the next
    slow(lambda: calls.append(4))
    assert calls == [1, 3]
    time.sleep(0.35)
    slow(lambda: calls.append(5))
    assert calls == [1, 3, 5]


def _edit_like_word(path: Path, text: str) -> None:
    import docx

    document = docx.Document(path)
    document.add_paragraph(text)
    document.core_properties.revision = 2  # what Word, WPS and LibreOffice do on saving
    document.core_properties.last_modified_by = "张三"
    document.save(path)


def test_a_word_draft_edited_by_hand_is_kept_aside_never_lost(tmp_path, capsys):
    import docx
    from conftest import ROOT

    from wbanalysis.pipeline.site import build_site
    from wbanalysis.render.docx import edited_draft

    notebooks = ROOT / "tests" / "data" / "notebooks" / "ok" / "a_funding.ipynb"
    site = tmp_path / "site"
    options = dict(out_dir=site, years=[2023], counties=["全市"], notebooks=[str(notebooks)])
    assert build_site(**options).failed == {}
    draft = next(site.rglob("*.docx"))
    assert not edited_draft(draft)  # as the build wrote it
    _edit_like_word(draft, "局长的修改意见")
    assert edited_draft(draft)
    assert build_site(force=True, **options).failed == {}  # a rebuild: the edit is kept aside
    kept = [p for p in draft.parent.glob("*.docx") if "已修改" in p.name]
    assert len(kept) == 1 and "局长的修改意见" in [
        p.text for p in docx.Document(kept[0]).paragraphs
    ]
    assert not edited_draft(draft) and "已保留为" in capsys.readouterr().err
    _edit_like_word(draft, "第二次修改")
    failed = build_site(force=True, timeout=0.01, **options)  # a failed report leaves no draft
    assert failed.failed and not draft.exists()
    kept = sorted(p for p in draft.parent.glob("*.docx") if "已修改" in p.name)
    assert len(kept) == 2
    assert any("第二次修改" in [p.text for p in docx.Document(k).paragraphs] for k in kept)
    (tmp_path / "x.docx").write_bytes(b"not a zip")
    assert edited_draft(tmp_path / "x.docx")


def test_a_monthly_summary_does_not_tell_of_later_months(tmp_path):
    """文字材料 and next year's plan are written as of the ledgers' last month (October): the
    January report leaves them out and says so; the October report has them."""
    import html
    import re

    from wbanalysis.pipeline.site import build_site

    result = build_site(
        out_dir=tmp_path / "site",
        years=[2023],
        counties=["全市"],
        months=[1, 10],
        notebooks=["01_annual_summary"],
        formats=("html",),
    )
    assert result.failed == {} and len(result.built) == 2

    def text(month: str) -> str:
        page = tmp_path / "site" / "2023" / "city" / month / "01_annual_summary.html"
        return html.unescape(re.sub("<[^>]+>", "", page.read_text(encoding="utf-8")))

    january, october = text("m01"), text("m10")
    note = "项目已于2023年10月29日实质性开工"  # a note of the 文字材料 ledger
    assert note in october and note not in january
    assert "2024年工作计划" in october and "2024年工作计划" not in january
    assert "本期从略" in january and "本期从略" not in october
