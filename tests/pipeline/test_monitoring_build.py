"""``build --monitoring``: the flood report with and without monitoring data (水雨情), and a
changed monitoring file rebuilding exactly the reports that read its figures."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from wbanalysis.cli import main
from wbanalysis.monitoring.demo import write_demo_monitoring
from wbanalysis.pipeline.manifest import cache_dir_for
from wbanalysis.pipeline.site import build_site
from wbanalysis.schema import MONITORING

pytestmark = pytest.mark.slow

SAMPLE = ROOT / "data" / "sample"
FUNDING = ROOT / "tests" / "data" / "notebooks" / "ok" / "a_funding.ipynb"
FLOOD = "2023/city/04_flood_storage.html"
OTHER = "2023/city/a_funding.html"


def _build(site: Path, monitoring: Path | None, **kw):
    return build_site(
        data_dir=SAMPLE,
        monitoring_dir=monitoring,
        out_dir=site,
        notebooks=["04_flood_storage", str(FUNDING)],
        years=[2023],
        counties=["全市"],
        jobs=2,
        **kw,
    )


def _text(page: Path) -> str:
    """The words of a page, without its markup, scripts and styles."""
    html = page.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


def test_without_monitoring_the_flood_report_says_nothing_of_it(tmp_path):
    site = tmp_path / "site"
    result = _build(site, None)
    assert sorted(result.built) == [FLOOD, OTHER]
    page = _text(site / FLOOD)
    word = _docx_text((site / FLOOD).with_suffix(".docx"))
    for text in (page, word):
        assert "面平均降雨量" not in text and "超汛限" not in text and "到报率" not in text
        assert "冬春蓄水" in text  # the rest of the report is there
    assert "无数据" not in word


def test_with_monitoring_the_figures_are_reported_and_a_changed_file_rebuilds(tmp_path):
    monitoring = tmp_path / "水雨情"
    write_demo_monitoring(monitoring)
    site = tmp_path / "site"
    first = _build(site, monitoring)
    assert sorted(first.built) == [FLOOD, OTHER]
    page = _text(site / FLOOD)
    # the demo: 4 gauges of 489.7, 574.4, 568.4 and 567.5 mm (mean 550); 青山 289 h and 龙川
    # 39 h above their limits; 5832 of 5856 hourly records (a station offline for a day)
    assert "汛期全市面平均降雨量550毫米" in page
    assert "2座水库超汛限运行，累计328小时" in page
    assert "水库水雨情到报率99.59%" in page
    assert "分县区汛期降雨、水库超汛限与到报率" in page
    word = _docx_text((site / FLOOD).with_suffix(".docx"))
    assert "汛期全市面平均降雨量550毫米" in word
    manifest = json.loads((cache_dir_for(site) / "manifest.json").read_text(encoding="utf-8"))
    assert MONITORING in manifest["reports"][FLOOD]["ledgers"]
    assert MONITORING not in manifest["reports"][OTHER]["ledgers"]
    assert (cache_dir_for(site) / "monitoring" / "manifest.json").is_file()

    again = _build(site, monitoring)
    assert again.built == [] and len(again.unchanged) == 2

    # one record of a reservoir changed: the flood report is rebuilt, the other is not
    records = monitoring / "ST_RSVR_R.csv"
    lines = records.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[1].split(",")
    fields[2] = f"{float(fields[2]) + 0.01:.2f}"
    lines[1] = ",".join(fields)
    records.write_text("".join(lines), encoding="utf-8")
    changed = _build(site, monitoring)
    assert changed.built == [FLOOD]
    assert changed.unchanged == [OTHER]

    # without the monitoring data again: the flood report says nothing of it
    dropped = _build(site, None)
    assert dropped.built == [FLOOD]
    assert "面平均降雨量" not in _text(site / FLOOD)


def test_a_monitoring_folder_that_is_not_there_is_an_argument_error(tmp_path, capsys):
    code = main(
        ["build", "--monitoring", str(tmp_path / "无此文件夹"), "--out", str(tmp_path / "site")]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "水雨情监测数据文件夹不存在" in err and "Traceback" not in err
