"""The build attacked and misused: no foreign code runs, nothing outside the site changes,
nothing it did not make is overwritten, no failure is called a success, no edge a traceback.

Each test is the attack or the mistake as someone would make it, and asserts the exit code,
the Chinese message, that no planted code ran and that no byte of the user's files changed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from conftest import ROOT

from wbanalysis import plots
from wbanalysis.cli import _short, main
from wbanalysis.dataset import Dataset
from wbanalysis.errors import SiteError
from wbanalysis.io import load, source_signature, validate
from wbanalysis.io.definitions import parse_definitions
from wbanalysis.pipeline.claim import CACHE_MARKER, SITE_MARKER, inside
from wbanalysis.pipeline.manifest import cache_dir_for
from wbanalysis.pipeline.plan import plan_reports
from wbanalysis.pipeline.site import build_site
from wbanalysis.render.html import html_bytes
from wbanalysis.render.index import render_index

# seconds a test (subprocesses, large files, whole builds): left out of `make test-fast`
pytestmark = pytest.mark.slow


NB = ROOT / "tests" / "data" / "notebooks"


def _notebook_dir(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "nbs"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(NB / name, folder / Path(name).name)
    return folder


def _build_cli(capsys, *argv: str) -> tuple[int, str]:
    code = main(["build", *argv])
    return code, capsys.readouterr().err


def _digest_tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _set_cell(path: Path, column: str, value: str, row: int = 0) -> None:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[row + 1][rows[0].index(column)] = value
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)


class _Canary:
    """A pickle that, when loaded, writes a file: proof that foreign code ran."""

    def __init__(self, path: Path):
        self.path = str(path)

    def __reduce__(self):
        return (Path(self.path).write_text, ("foreign code ran",))


# ---- 1. no deserialisation of anything the build did not verify -----------------------------


@pytest.mark.slow
def test_a_planted_pickle_is_never_loaded(demo_copy, tmp_path, capsys):
    canary = tmp_path / "canary.txt"
    site = tmp_path / "site"
    signature = source_signature(demo_copy)
    planted = [
        cache_dir_for(site) / "data" / f"dataset-{signature}.pickle",
        Path(tempfile.gettempdir()) / "wbanalysis-cache" / f"dataset-{signature}.pickle",
    ]
    for path in planted:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(_Canary(canary)))
    (cache_dir_for(site) / CACHE_MARKER).write_text("{}")  # as if an earlier build made it
    try:
        code, err = _build_cli(
            capsys,
            "--data",
            str(demo_copy),
            "--out",
            str(site),
            "--years",
            "2023",
            "--counties",
            "全市",
            "--notebooks",
            str(_notebook_dir(tmp_path, "ok/a_funding.ipynb")),
        )
    finally:
        planted[1].unlink()
    assert code == 0, err
    assert not canary.exists()
    assert "3209万元" in (site / "2023/city/a_funding.html").read_text(encoding="utf-8")


def test_a_tampered_ledger_cache_is_discarded_and_read_again(demo_copy, tmp_path, capsys):
    cache = tmp_path / "cache"
    first = load(demo_copy, cache_dir=cache)
    entry = next(cache.glob("ledgers-*"))
    funding = entry / "funding.parquet"
    data = bytearray(funding.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte
    funding.write_bytes(bytes(data))
    again = load(demo_copy, cache_dir=cache)
    assert "台账缓存无效" in capsys.readouterr().err
    pd.testing.assert_frame_equal(again.funding, first.funding)
    # a contents file of the wrong shape, and one naming a table that is no ledger
    for contents in ("[1, 2]", json.dumps({"format": 1, "tables": {"../../etc": "x"}})):
        (next(cache.glob("ledgers-*")) / "contents.json").write_text(contents)
        pd.testing.assert_frame_equal(load(demo_copy, cache_dir=cache).funding, first.funding)
        assert "台账缓存无效" in capsys.readouterr().err


def test_the_ledger_cache_round_trip_is_exact(demo_copy, tmp_path):
    fresh = load(demo_copy)
    load(demo_copy, cache_dir=tmp_path / "cache")
    cached = load(demo_copy, cache_dir=tmp_path / "cache")
    for name in fresh:
        pd.testing.assert_frame_equal(cached[name], fresh[name], check_exact=True)
        assert cached.fingerprint(name) == load(
            demo_copy, cache_dir=tmp_path / "cache"
        ).fingerprint(name)


# ---- 2. paths come only from validated, safe values -----------------------------------------


@pytest.mark.parametrize("code", ["../../../x", "..", "a/b", "99\\..\\x", "990102/../.."])
def test_an_unsafe_county_code_is_rejected_by_the_validator(demo_copy, code):
    _set_cell(demo_copy / "counties.csv", "区划代码", code)
    problems = [str(p) for p in validate(demo_copy)]
    assert any("区划代码" in p and "格式" in p for p in problems), problems


def test_an_unsafe_code_that_bypassed_validation_never_becomes_a_path(demo):
    tables = {name: demo[name] for name in demo}
    counties = tables["counties"].copy()
    counties.loc[0, "code"] = "../../../x"
    tables["counties"] = counties
    plans = plan_reports(
        Dataset(tables),
        data_dir="d",
        years=[2023],
        counties=[counties.loc[0, "county"]],
        notebooks=["05_rivers"],
    )
    assert [p.output for p in plans] == ["2023/c01/05_rivers.html"]


def test_a_page_path_outside_the_site_is_refused(tmp_path):
    site = tmp_path / "a" / "b" / "site"
    site.mkdir(parents=True)
    assert inside(site.resolve(), "2023/990102/x.html") == site.resolve() / "2023/990102/x.html"
    for bad in ("../x.html", "../../x/05_rivers.html", "2023/../../x.html", "/etc/x.html", "."):
        with pytest.raises(SiteError, match="越出站点文件夹"):
            inside(site.resolve(), bad)


# ---- 3. the site is the build's own ---------------------------------------------------------


@pytest.mark.parametrize("precious", ["index.html", "2023/city/a_funding.html", "笔记.docx"])
def test_a_folder_with_the_users_files_is_refused(tmp_path, capsys, precious):
    site = tmp_path / "site"
    (site / precious).parent.mkdir(parents=True, exist_ok=True)
    (site / precious).write_text("the user's own file", encoding="utf-8")
    before = _digest_tree(tmp_path)
    code, err = _build_cli(
        capsys,
        "--out",
        str(site),
        "--years",
        "2023",
        "--counties",
        "全市",
        "--notebooks",
        str(NB / "ok/a_funding.ipynb"),
    )
    assert code == 2 and "不是空文件夹" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert _digest_tree(tmp_path) == before


def test_a_cache_folder_with_the_users_files_is_refused(tmp_path, capsys):
    cache = tmp_path / "site.cache"
    cache.mkdir()
    (cache / "manifest.json").write_text('{"mine": true}', encoding="utf-8")
    before = _digest_tree(tmp_path)
    code, err = _build_cli(
        capsys,
        "--out",
        str(tmp_path / "site"),
        "--years",
        "2023",
        "--notebooks",
        str(NB / "ok/a_funding.ipynb"),
    )
    assert code == 2 and "缓存文件夹" in err
    assert _digest_tree(tmp_path) == before


@pytest.mark.parametrize("where", ["same", "inside"])
def test_the_site_may_not_be_the_ledger_folder(demo_copy, tmp_path, capsys, where):
    out = demo_copy if where == "same" else demo_copy / "报告"
    before = _digest_tree(demo_copy)
    code, err = _build_cli(
        capsys,
        "--data",
        str(demo_copy),
        "--out",
        str(out),
        "--years",
        "2023",
        "--notebooks",
        str(NB / "ok/a_funding.ipynb"),
    )
    assert code == 2 and "不能是台账文件夹或位于其中" in err
    assert _digest_tree(demo_copy) == before
    assert [p for p in validate(demo_copy) if p.level == "error"] == []


@pytest.mark.slow
def test_pages_moved_by_a_new_county_code_are_removed_and_nothing_else(demo_copy, tmp_path):
    notebooks = _notebook_dir(tmp_path, "ok/a_funding.ipynb")
    site = tmp_path / "site"
    first = build_site(
        data_dir=demo_copy,
        out_dir=site,
        years=[2023],
        counties=["白沙县"],
        notebooks=[str(notebooks)],
        jobs=1,
    )
    assert first.built == ["2023/990124/a_funding.html"]
    keep = build_site(
        data_dir=demo_copy,
        out_dir=site,
        years=[2022],
        counties=["白沙县"],
        notebooks=[str(notebooks)],
        jobs=1,
    )
    assert keep.built == ["2022/990124/a_funding.html"]
    (site / "2023" / "我的笔记.txt").write_text("mine", encoding="utf-8")
    rows = list(csv.reader(open(demo_copy / "counties.csv", encoding="utf-8-sig")))
    row = next(i for i, r in enumerate(rows) if r[0] == "白沙县") - 1
    _set_cell(demo_copy / "counties.csv", "区划代码", "990199", row=row)
    second = build_site(
        data_dir=demo_copy,
        out_dir=site,
        years=[2023],
        counties=["白沙县"],
        notebooks=[str(notebooks)],
        jobs=1,
    )
    assert second.built == ["2023/990199/a_funding.html"]
    assert not (site / "2023/990124").exists()
    assert (site / "2022/990124/a_funding.html").is_file()  # not planned, not moved: kept
    assert (site / "2023" / "我的笔记.txt").read_text(encoding="utf-8") == "mine"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "2023/990199/a_funding.html" in index and "2023/990124" not in index


# ---- 4. a failed cell is a failed report ------------------------------------------------------


@pytest.mark.slow
def test_an_error_shown_at_display_time_fails_the_report(tmp_path, capsys):
    site = tmp_path / "site"
    notebooks = _notebook_dir(tmp_path, "ok/a_funding.ipynb", "bad/h_display_error.ipynb")
    code, err = _build_cli(
        capsys,
        "--out",
        str(site),
        "--years",
        "2023",
        "--counties",
        "全市",
        "--notebooks",
        str(notebooks),
        "--jobs",
        "1",
    )
    assert code == 1
    assert "失败：2023/city/h_display_error.html" in err and "图表绘制失败" in err
    manifest = json.loads((cache_dir_for(site) / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reports"]["2023/city/h_display_error.html"]["status"] == "failed"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "生成失败" in index
    again = build_site(
        out_dir=site, years=[2023], counties=["全市"], notebooks=[str(notebooks)], jobs=1
    )
    assert list(again.failed) == ["2023/city/h_display_error.html"]  # not cached as good


@pytest.mark.parametrize("name", ["白沙$\\badcommand$", "单价$5与$6", "水库$$", "^_{x}"])
def test_ledger_text_in_a_chart_is_drawn_as_written(name):
    ax = plots.bar_by_category(pd.Series({name: 12.0, "青山": 3.0}), title=name, unit="万元")
    ax.figure.savefig(io.BytesIO(), format="png")  # would raise on bad mathtext
    assert name in [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    assert ax.get_title() == name
    plt.close(ax.figure)


def test_a_ten_thousand_character_name_keeps_the_chart_a_chart():
    long = "某" * 10_000
    ax = plots.gantt(
        pd.DataFrame(
            {
                "task": [long, "乙"],
                "planned": ["2023-03-01", "2023-05-01"],
                "actual": ["2023-04-01", None],
            }
        ),
        title="节点",
    )
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png")
    width = plt.imread(io.BytesIO(buf.getvalue())).shape[1]
    plt.close(ax.figure)
    assert width < 2000
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].endswith("…") and len(labels[0]) <= 24


# ---- 5. corrupt caches never break a build -----------------------------------------------------

_BROKEN_MANIFESTS = {
    "random bytes": os.urandom(512) + b"\xff\xfe",
    "truncated": b'{"version": 2, "reports": {"2023/city/a_funding.html": {"sta',
    "a list": b"[1, 2, 3]",
    "reports a list": json.dumps({"version": 2, "reports": [1]}).encode(),
    "wrong types": json.dumps({"version": 2, "reports": {"x": 1}, "signature": 5}).encode(),
    "old version": json.dumps({"version": 1, "reports": {}}).encode(),
}


@pytest.mark.slow
def test_a_broken_manifest_is_set_aside_and_the_build_goes_on(tmp_path, capsys):
    site = tmp_path / "site"
    notebooks = [str(NB / "ok/a_funding.ipynb")]
    assert (
        build_site(
            out_dir=site, years=[2023], counties=["全市"], notebooks=notebooks, jobs=1
        ).failed
        == {}
    )
    manifest = cache_dir_for(site) / "manifest.json"
    for label, content in _BROKEN_MANIFESTS.items():
        manifest.write_bytes(content)
        code, err = _build_cli(
            capsys,
            "--out",
            str(site),
            "--years",
            "2023",
            "--counties",
            "全市",
            "--notebooks",
            *notebooks,
            "--jobs",
            "1",
        )
        assert code == 0, (label, err)
        assert "构建缓存清单无法使用" in err and "Traceback" not in err, label
        assert json.loads(manifest.read_text(encoding="utf-8"))["version"] == 2, label


# ---- 6. bounded and finite -------------------------------------------------------------------


def test_repeated_arguments_plan_each_report_once(capsys):
    assert (
        main(
            [
                "build",
                "--dry-run",
                "--years",
                "2023",
                "2023",
                "--counties",
                "全市",
                "全市",
                "--notebooks",
                "05_rivers",
                "05_rivers",
            ]
        )
        == 0
    )
    assert len(capsys.readouterr().out.splitlines()) == 1


@pytest.mark.slow
def test_jobs_are_capped_at_the_cpus_and_the_reports(tmp_path, capsys, monkeypatch):
    from wbanalysis.pipeline import execute

    sizes = []
    real = execute.KernelPool.__init__

    def spy(self, size, **kw):
        sizes.append(size)
        real(self, size, **kw)

    monkeypatch.setattr(execute.KernelPool, "__init__", spy)
    code, err = _build_cli(
        capsys,
        "--out",
        str(tmp_path / "site"),
        "--years",
        "2023",
        "--counties",
        "全市",
        "--notebooks",
        str(NB / "ok/a_funding.ipynb"),
        "--jobs",
        "1000",
    )
    assert code == 0
    assert sizes == [os.cpu_count()] and "已降为" in err


@pytest.mark.slow
def test_a_cluster_without_workers_fails_within_the_timeout(tmp_path, capsys):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=0, processes=True, dashboard_address=None) as cluster:
        started = time.monotonic()
        code, err = _build_cli(
            capsys,
            "--out",
            str(tmp_path / "site"),
            "--years",
            "2023",
            "--counties",
            "全市",
            "--notebooks",
            str(NB / "ok/a_funding.ipynb"),
            "--scheduler",
            cluster.scheduler_address,
            "--timeout",
            "5",
        )
        took = time.monotonic() - started
    assert code == 2 and "没有可用的工作进程" in err and "Traceback" not in err
    assert took < 5 + 20


@pytest.mark.parametrize(
    "address", ["not an address", "tcp://", "http://x:8786/path", "tcp://host:99999", "host"]
)
def test_a_malformed_scheduler_address_is_an_argument_error(capsys, address):
    assert main(["build", "--scheduler", address]) == 2
    err = capsys.readouterr().err
    assert "调度器地址格式不正确" in err and len(err.strip().splitlines()) == 1


# ---- 7. clear edges --------------------------------------------------------------------------


def test_missing_or_empty_data_is_one_chinese_line(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    note = tmp_path / "说明.txt"
    note.write_text("这不是台账", encoding="utf-8")
    for data, text in (
        (tmp_path / "no_such", "找不到台账"),
        (empty, "没有找到含年度数据的台账"),
        (note, "没有找到含年度数据的台账"),
    ):
        code, err = _build_cli(capsys, "--data", str(data), "--out", str(tmp_path / "site"))
        assert code == 2, data
        assert text in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
        assert "构建完成" not in err
    assert not (tmp_path / "site" / "index.html").exists()


def test_an_unwritable_site_is_one_chinese_line(tmp_path, capsys):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    code, err = _build_cli(
        capsys,
        "--out",
        str(blocker / "site"),
        "--years",
        "2023",
        "--notebooks",
        str(NB / "ok/a_funding.ipynb"),
    )
    assert code == 2 and "无法写入站点文件夹" in err and "Traceback" not in err


@pytest.mark.slow
def test_a_full_disk_stops_the_build_with_one_chinese_line(tmp_path, capsys, monkeypatch):
    import errno

    from wbanalysis.render import html

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(html, "atomic_write_text", full)
    code, err = _build_cli(
        capsys,
        "--out",
        str(tmp_path / "site"),
        "--years",
        "2023",
        "--counties",
        "全市",
        "--notebooks",
        str(NB / "ok/a_funding.ipynb"),
    )
    assert code == 2 and "磁盘空间不足" in err and "Traceback" not in err


@pytest.mark.slow
def test_a_build_killed_after_its_first_page_leaves_a_browsable_site(tmp_path):
    notebooks = _notebook_dir(tmp_path, "ok/a_funding.ipynb", "bad/f_hangs.ipynb")
    site = tmp_path / "site"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wbanalysis",
            "build",
            "--out",
            str(site),
            "--years",
            "2023",
            "--counties",
            "全市",
            "--notebooks",
            str(notebooks),
            "--jobs",
            "1",
        ],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    page = site / "2023/city/a_funding.html"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not page.exists():
        time.sleep(0.2)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert page.exists()
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "2023/city/a_funding.html" in index


@pytest.mark.slow
def test_no_kernel_connection_file_is_left_behind(tmp_path):
    from jupyter_core.paths import jupyter_runtime_dir

    runtime = Path(jupyter_runtime_dir())
    before = set(runtime.glob("kernel-*.json")) if runtime.exists() else set()
    notebooks = _notebook_dir(
        tmp_path,
        "ok/a_funding.ipynb",
        "bad/f_hangs.ipynb",
        "bad/g_dies.ipynb",
        "bad/e_raises.ipynb",
    )
    result = build_site(
        out_dir=tmp_path / "site",
        years=[2023],
        counties=["全市"],
        notebooks=[str(notebooks)],
        jobs=2,
        timeout=6,
    )
    assert len(result.failed) == 3
    after = set(runtime.glob("kernel-*.json")) if runtime.exists() else set()
    assert after - before == set()


def test_bidirectional_controls_never_reach_a_page():
    import nbformat

    rlo = "\u202e"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# 水库{rlo}库水")])
    page = html_bytes(nb).decode("utf-8")
    assert rlo not in page and "水库库水" in page
    index = render_index(
        [
            {
                "notebook": "a",
                "notebook_title": f"报告{rlo}告报",
                "year": 2023,
                "county": f"白沙{rlo}县",
                "is_city": False,
                "through_month": 10,
                "status": "failed",
                "html": "2023/990124/a.html",
                "error": f"错误{rlo}误错",
            }
        ]
    )
    assert rlo not in index and "白沙县" in index


def test_a_ten_thousand_character_error_is_cut_for_the_terminal():
    text = _short("错" * 10_000)
    assert len(text) == 300 and text.endswith("…")


def test_marker_files_are_written_and_ignored_by_the_index(tmp_path):
    from wbanalysis.pipeline.claim import claim

    site, cache = tmp_path / "site", tmp_path / "site.cache"
    claim(site, cache, ROOT / "data" / "sample")
    assert (site / SITE_MARKER).is_file() and (cache / CACHE_MARKER).is_file()
    claim(site, cache, ROOT / "data" / "sample")  # ours: accepted again


def test_a_nul_byte_anywhere_in_a_csv_is_refused(demo_copy):
    path = demo_copy / "funding.csv"
    data = path.read_bytes()
    assert len(data) > 10_000
    path.write_bytes(data + b"\x00\x01binary tail")
    problems = [str(p) for p in validate(demo_copy) if p.level == "error"]
    assert any("funding.csv" in p and "空字符" in p for p in problems), problems


def test_a_ledger_too_large_to_read_is_refused_before_reading(demo_copy):
    # a 3 GB file named like a ledger (sparse: no disk used) was read whole: MemoryError
    with (demo_copy / "patrols.csv").open("r+b") as handle:
        handle.truncate(3 << 30)
    problems = [str(p) for p in validate(demo_copy) if p.level == "error"]
    assert len(problems) == 1 and "patrols.csv" in problems[0], problems
    assert "文件过大" in problems[0] and "512 MB" in problems[0], problems


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="names there are Unicode")
def test_a_file_name_in_another_encoding_is_named_not_a_traceback(demo_copy):
    # a zip made on Windows (GBK names) unpacked on Linux: the name's bytes are not UTF-8
    gbk_name = "资金台账备份.csv".encode("gbk")
    with open(os.path.join(os.fsencode(demo_copy), gbk_name), "wb") as handle:
        handle.write(b"x,y\n1,2\n")
    assert source_signature(demo_copy)
    problems = [str(p) for p in validate(demo_copy) if p.level == "error"]
    assert len(problems) == 1 and "无法识别的台账文件名" in problems[0], problems


@pytest.mark.parametrize(
    "filters",
    ["项目类别" + " " * 30_000 + "x", "项目类别" + " " * 30_000 + "为空x", "a" + "=" * 30_000],
)
def test_a_filter_of_many_spaces_is_read_in_linear_time(filters):
    # ^(.+?)\s*(=)\s*(.*)$ backtracked for minutes on 30,000 spaces (build --timeout aside)
    rows = pd.DataFrame(
        {"key": ["local.x"], "name": ["x"], "unit": ["个"], "aggregation": ["计数"],
         "ledger": ["项目台账"], "column": [None], "filters": [filters], "period": [None],
         "date_column": [None], "numerator": [None], "denominator": [None],
         "additive": [None], "display": [None], "note": [None]}
    )  # fmt: skip
    started = time.perf_counter()
    records, problems = parse_definitions(rows)
    assert time.perf_counter() - started < 2
    assert not records and problems
