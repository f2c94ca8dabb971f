"""BuildOptions: one checked record of what a build is asked to do."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from wbanalysis.errors import ParameterError
from wbanalysis.pipeline.options import FORMATS, BuildOptions, normal_formats


def test_defaults_publish_the_page_and_the_word_draft():
    options = BuildOptions()
    assert options.formats == FORMATS == ("html", "docx")
    assert [r.name for r in options.renderers] == ["html", "docx"]
    assert options.out_dir == "reports/site" and options.timeout == 900 and options.jobs is None


def test_collections_become_tuples_and_the_record_is_frozen():
    options = BuildOptions(
        years=[2023, 2022], counties=["全市"], months=range(1, 4), notebooks="05_rivers"
    )
    assert options.years == (2023, 2022) and options.counties == ("全市",)
    assert options.months == (1, 2, 3) and options.notebooks == ("05_rivers",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.years = (2021,)  # type: ignore[misc]
    assert options == BuildOptions(
        years=(2023, 2022),
        counties=("全市",),
        months=[1, 2, 3],
        notebooks=["05_rivers"],
        echo=lambda _line: None,
    )


def test_plan_options_are_what_plan_reports_takes():
    options = BuildOptions(years=[2023], counties=["白沙县"], through_month=6)
    assert options.plan_options(Path("/data")) == {
        "data_dir": "/data",
        "years": [2023],
        "counties": ["白沙县"],
        "notebooks": None,
        "through_month": 6,
        "months": None,
        "monitoring_dir": None,
    }
    given = BuildOptions(monitoring_dir=Path("水雨情")).plan_options(Path("/data"))
    assert given["monitoring_dir"] == "水雨情"


@pytest.mark.parametrize(
    ("asked", "formats"),
    [
        (["docx"], ("html", "docx")),  # the page always: the site is made of pages
        (["HTML"], ("html",)),
        ([" docx", "html", "docx"], ("html", "docx")),
        ("html，docx", ("html", "docx")),
    ],
)
def test_formats_are_normalised(asked, formats):
    assert normal_formats(asked) == formats
    assert BuildOptions(formats=asked).formats == formats


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        (["pdf"], "未知的输出格式：pdf；可选：html、docx"),
        (["html", "PDF", "odt"], "未知的输出格式：pdf、odt；可选：html、docx"),
        ([], "未知的输出格式：（空）；可选：html、docx"),
        ([" "], "未知的输出格式：（空）；可选：html、docx"),
    ],
)
def test_unknown_formats_are_refused_in_chinese(asked, message):
    with pytest.raises(ParameterError) as caught:
        BuildOptions(formats=asked)
    assert str(caught.value) == message


@pytest.mark.parametrize("jobs", [0, -1, 2.5, True, "2"])
def test_jobs_must_be_a_positive_whole_number(jobs):
    with pytest.raises(ParameterError, match="同时执行的报告数"):
        BuildOptions(jobs=jobs)


@pytest.mark.parametrize("timeout", [0, -5, "900", None, False])
def test_timeout_must_be_a_positive_number(timeout):
    with pytest.raises(ParameterError, match="超时秒数"):
        BuildOptions(timeout=timeout)


def test_replace_checks_again():
    options = BuildOptions(years=[2023])
    assert dataclasses.replace(options, formats=["html"]).formats == ("html",)
    with pytest.raises(ParameterError):
        dataclasses.replace(options, formats=["pdf"])


@pytest.mark.slow
def test_build_site_takes_options_and_changes(tmp_path):
    from wbanalysis.pipeline.site import build_site

    lines: list[str] = []
    options = BuildOptions(
        out_dir=tmp_path / "site",
        years=[2023],
        counties=["全市"],
        notebooks=["05_rivers"],
        dry_run=True,
        echo=lines.append,
    )
    result = build_site(options)
    assert len(result.planned) == len(lines) == 1
    assert lines[0].startswith('{"notebook": ') and "05_rivers.ipynb" in lines[0]
    again = build_site(options, counties=["全市", "白沙县"])  # keyword changes on top
    assert len(again.planned) == 2 and len(lines) == 3
    assert not (tmp_path / "site").exists()  # a dry run writes nothing


def test_the_annexes_setting_reaches_the_word_draft_only():
    from functools import partial

    page, word = BuildOptions(annexes="separate").renderers
    assert not isinstance(page.publish, partial)
    assert isinstance(word.publish, partial) and word.publish.keywords == {"annexes": "separate"}
    assert BuildOptions().settings == {"annexes": "inside"}
    with pytest.raises(ParameterError, match="annexes"):
        BuildOptions(annexes="beside")


def test_the_build_command_line_offers_the_annexes_setting():
    from wbanalysis.cli import _build_options, _parser

    args = _parser().parse_args(["build", "--annexes", "separate"])
    assert _build_options(args).annexes == "separate"
    assert _build_options(_parser().parse_args(["build"])).annexes == "inside"
