"""The build: incremental, fault-isolated, locked, clean kernels, Dask scale-out."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from filelock import FileLock

from wbanalysis.cli import main
from wbanalysis.errors import BuildLocked
from wbanalysis.pipeline.execute import Job, KernelWorker
from wbanalysis.pipeline.manifest import cache_dir_for
from wbanalysis.pipeline.site import CACHE_MARKER, build_site

NB = ROOT / "tests" / "data" / "notebooks"
pytestmark = pytest.mark.slow


def _notebooks(tmp_path: Path, *groups_or_files: str) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir(exist_ok=True)
    for item in groups_or_files:
        src = NB / item
        for path in [src] if src.suffix == ".ipynb" else sorted(src.glob("*.ipynb")):
            shutil.copy(path, folder / path.name)
    return folder


def _build(data: Path, site: Path, notebooks: Path, **kw):
    kw.setdefault("years", [2023])
    kw.setdefault("counties", ["全市"])
    kw.setdefault("jobs", 2)
    return build_site(data_dir=data, out_dir=site, notebooks=[str(notebooks)], **kw)


def _mtimes(site: Path) -> dict:
    return {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def _edit_csv(path: Path, column: str, value: str, row: int = 0) -> None:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[row + 1][rows[0].index(column)] = value
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)


def test_incremental_rebuilds_only_what_changed(demo_copy, tmp_path):
    notebooks = _notebooks(tmp_path, "ok")
    site = tmp_path / "site"
    first = _build(demo_copy, site, notebooks)
    assert sorted(first.built) == ["2023/city/a_funding.html", "2023/city/b_storage.html"]
    assert (site / "index.html").exists()
    manifest = json.loads((cache_dir_for(site) / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reports"]["2023/city/b_storage.html"]["ledgers"] == [
        "counties",
        "reservoirs",
        "storage",
    ]

    before = _mtimes(site)
    again = _build(demo_copy, site, notebooks)
    assert again.built == [] and len(again.unchanged) == 2
    assert _mtimes(site) == before  # nothing rewritten, the index included

    _edit_csv(demo_copy / "storage.csv", "实际蓄水（万m³）", "123.45")
    after_storage = _build(demo_copy, site, notebooks)
    assert after_storage.built == ["2023/city/b_storage.html"]
    assert after_storage.unchanged == ["2023/city/a_funding.html"]

    _edit_csv(demo_copy / "funding.csv", "到位金额（万元）", "1.5")
    after_funding = _build(demo_copy, site, notebooks)
    assert after_funding.built == ["2023/city/a_funding.html"]

    # the same content saved again (a new modification time): nothing to rebuild
    storage = demo_copy / "storage.csv"
    storage.write_bytes(storage.read_bytes())
    os.utime(storage, ns=(storage.stat().st_atime_ns, storage.stat().st_mtime_ns + 10**9))
    touched = _build(demo_copy, site, notebooks)
    assert touched.built == [] and len(touched.unchanged) == 2

    # a reservoir moved to another county: the storage report (storage rows take their
    # county from the reservoirs ledger) is rebuilt
    _edit_csv(demo_copy / "reservoirs.csv", "所属县区", "白沙县")
    after_parent = _build(demo_copy, site, notebooks)
    assert after_parent.built == ["2023/city/b_storage.html"]

    forced = _build(demo_copy, site, notebooks, force=True)
    assert len(forced.built) == 2


def test_a_failing_notebook_fails_alone(tmp_path):
    notebooks = _notebooks(tmp_path, "ok/a_funding.ipynb", "bad/e_raises.ipynb")
    site = tmp_path / "site"
    result = _build(None, site, notebooks)
    assert result.exit_code == 1
    assert result.built == ["2023/city/a_funding.html"]
    assert "ValueError" in result.failed["2023/city/e_raises.html"]
    page = (site / "2023/city/e_raises.html").read_text(encoding="utf-8")
    assert "第 3 个代码单元" in page and "台账中找不到所需的列" in page
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "失败" in index
    again = _build(None, site, notebooks)  # a failed report is tried again, the rest is kept
    assert again.unchanged == ["2023/city/a_funding.html"]
    assert list(again.failed) == ["2023/city/e_raises.html"]


def test_a_hanging_notebook_times_out(tmp_path):
    notebooks = _notebooks(tmp_path, "ok/a_funding.ipynb", "bad/f_hangs.ipynb")
    result = _build(None, tmp_path / "site", notebooks, timeout=8, jobs=1)
    assert result.built == ["2023/city/a_funding.html"]
    assert "超时" in result.failed["2023/city/f_hangs.html"]
    page = (tmp_path / "site/2023/city/f_hangs.html").read_text(encoding="utf-8")
    assert "超时" in page


def test_no_state_leaks_between_reports_on_a_reused_kernel(tmp_path):
    notebooks = _notebooks(tmp_path, "leak")
    result = _build(None, tmp_path / "site", notebooks, jobs=1)
    assert result.failed == {}
    assert sorted(result.built) == ["2023/city/c_leak_set.html", "2023/city/d_leak_check.html"]


def test_second_build_into_the_same_site_is_refused(tmp_path, capsys):
    notebooks = _notebooks(tmp_path, "ok/a_funding.ipynb")
    site = tmp_path / "site"
    lock = cache_dir_for(site) / "lock"
    lock.parent.mkdir(parents=True)
    (lock.parent / CACHE_MARKER).write_text("{}")  # the other build's cache folder
    with FileLock(str(lock), timeout=0):
        with pytest.raises(BuildLocked, match="另一个构建正在写入"):
            _build(None, site, notebooks)
        code = main(
            [
                "build",
                "--out",
                str(site),
                "--years",
                "2023",
                "--counties",
                "全市",
                "--notebooks",
                str(notebooks / "a_funding.ipynb"),
            ]
        )
    assert code == 2
    err = capsys.readouterr().err
    assert "另一个构建正在写入" in err and "Traceback" not in err
    assert not (site / "index.html").exists()


def test_kernel_named_in_metadata_does_not_matter(tmp_path):
    nb = nbformat.read(NB / "ok" / "a_funding.ipynb", as_version=4)
    nb.metadata["kernelspec"] = {
        "name": "no-such-kernel",
        "display_name": "x",
        "language": "python",
    }
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nbformat.write(nb, folder / "a_funding.ipynb")
    result = _build(None, tmp_path / "site", folder)
    assert result.failed == {} and result.built == ["2023/city/a_funding.html"]


def test_unknown_county_stops_the_notebook_in_chinese():
    job = Job(
        "x",
        str(NB / "ok" / "a_funding.ipynb"),
        {"year": 2023, "county": "东城区", "through_month": 10, "data_dir": None},
    )

    async def run():
        worker = KernelWorker(report_timeout=120)
        try:
            return await worker.run(job)
        finally:
            await worker.shutdown()

    outcome = asyncio.run(run())
    assert outcome.status == "failed"
    assert outcome.failed_cell == 2  # the parameters, then start() (papermill's injected
    # cell is not counted: the analyst does not see it in the notebook they edit)
    assert "未知的县区「东城区」" in outcome.error


def test_dry_run_prints_the_plan_as_json_lines(capsys):
    assert main(["build", "--dry-run", "--years", "2023", "--counties", "全市", "白沙县"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert len(lines) == 2 * len(notebooks)
    first = lines[0]
    assert set(first) == {"notebook", "parameters", "output"}
    assert first["parameters"] == {
        "year": 2023,
        "county": "全市",
        "through_month": 10,
        "data_dir": str(ROOT / "data" / "sample"),
    }
    assert first["output"].endswith(".html")


@pytest.mark.parametrize(
    "argv,text",
    [
        (["build", "--dry-run", "--counties", "东城区"], "未知的县区「东城区」"),
        (["build", "--dry-run", "--years", "2031"], "2031年没有数据"),
        (["build", "--dry-run", "--notebooks", "no_such"], "找不到笔记本"),
        (["build", "--dry-run", "--jobs", "0"], "须为正整数"),
    ],
)
def test_bad_build_arguments_exit_2(capsys, argv, text):
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse rejects the value itself
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err
    assert text in err and "Traceback" not in err


def test_dask_cluster_builds_the_same_site(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    notebooks = _notebooks(tmp_path, "ok")
    local = _build(None, tmp_path / "local", notebooks)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        remote = _build(None, tmp_path / "dask", notebooks, scheduler=cluster.scheduler_address)
    assert remote.failed == {} and sorted(remote.built) == sorted(local.built)
    for name in ("index.html", *local.built):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_ctrl_c_stops_cleanly_and_leaves_no_kernel(tmp_path):
    notebooks = _notebooks(tmp_path, "bad/f_hangs.ipynb")
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
            str(notebooks / "f_hangs.ipynb"),
            "--jobs",
            "1",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 90
    kernels: list[int] = []
    while time.monotonic() < deadline and not kernels:
        kernels = _children(proc.pid)
        time.sleep(0.2)
    assert kernels, "no kernel started"
    time.sleep(3)  # the kernel is now executing the hanging cell
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "已中断" in err and "Traceback" not in err
    time.sleep(0.5)
    assert not [pid for pid in kernels if _alive(pid)]
    with FileLock(str(cache_dir_for(site) / "lock"), timeout=0):  # the lock was released
        pass


def test_a_dying_kernel_fails_that_report_only(tmp_path):
    notebooks = _notebooks(tmp_path, "bad/g_dies.ipynb", "ok/a_funding.ipynb")
    result = _build(None, tmp_path / "site", notebooks, jobs=1)
    assert result.built == ["2023/city/a_funding.html"]
    assert "内核意外退出" in result.failed["2023/city/g_dies.html"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_and_lines_otherwise():
    from wbanalysis.pipeline.progress import Progress as _Progress

    plain = io.StringIO()
    progress = _Progress(2, stream=plain)
    progress.finish("年度工作总结（2023年1－10月，全市）", "ok", 1.25)
    progress.finish("农村供水（2023年1－10月，全市）", "failed", 0.5)
    progress.close()
    assert plain.getvalue().splitlines() == [
        "[1/2] 完成 年度工作总结（2023年1－10月，全市） (1.2s)",
        "[2/2] 失败 农村供水（2023年1－10月，全市） (0.5s)",
    ]

    term = _Terminal()
    progress = _Progress(2, stream=term)
    progress.start("河湖长制")
    progress.finish("河湖长制", "ok", 1.0)
    progress.finish("农村供水", "failed", 1.0)
    progress.close()
    text = term.getvalue()
    assert "构建报告" in text and "2/2" in text and "失败：农村供水" in text
    assert "[1/2]" not in text


def test_months_plan_the_monthly_reports_up_to_the_last_month_with_data(capsys):
    assert (
        main(
            [
                "build",
                "--dry-run",
                "--years",
                "2023",
                "2022",
                "--counties",
                "白沙县",
                "--notebooks",
                "05_rivers",
                "--months",
                "1-3,10－12",
            ]
        )
        == 0
    )
    plans = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    got = [(p["parameters"]["year"], p["parameters"]["through_month"], p["output"]) for p in plans]
    assert got == [(2023, m, f"2023/990124/m{m:02d}/05_rivers.html") for m in (1, 2, 3, 10)] + [
        (2022, m, f"2022/990124/m{m:02d}/05_rivers.html") for m in (1, 2, 3, 10, 11, 12)
    ]


@pytest.mark.parametrize("bad", ["0-3", "13", "3-1", "一月", ""])
def test_a_bad_month_list_is_an_argument_error(capsys, bad):
    assert main(["build", "--dry-run", "--months", bad]) == 2
    assert "月份须如 1-12" in capsys.readouterr().err


def test_months_and_through_month_are_exclusive(capsys):
    assert main(["build", "--dry-run", "--months", "1-3", "--through-month", "5"]) == 2
    assert "只能选一个" in capsys.readouterr().err


def test_the_index_lists_monthly_reports_as_month_links():
    from wbanalysis.render.index import render_index

    base = {
        "notebook": "05_rivers",
        "notebook_title": "河湖长制",
        "year": 2023,
        "county": "全市",
        "is_city": True,
        "status": "ok",
        "headline": {},
    }
    page = render_index(
        [
            {**base, "through_month": 10, "html": "2023/city/05_rivers.html"},
            *[
                {
                    **base,
                    "through_month": m,
                    "monthly": True,
                    "html": f"2023/city/m{m:02d}/05_rivers.html",
                }
                for m in (2, 1, 3)
            ],
            {
                **base,
                "through_month": 4,
                "monthly": True,
                "status": "failed",
                "html": "2023/city/m04/05_rivers.html",
                "error": "超时",
            },
        ]
    )
    months = re.search(r'<p class="wb-months">(.*?)</p>', page, re.S).group(1)
    assert re.findall(r">(\d+月(?:（失败）)?)</a>", months) == ["1月", "2月", "3月", "4月（失败）"]
    assert page.count("<li") == 1 and "2023/city/05_rivers.html" in page


def test_a_rebuild_with_nothing_changed_neither_loads_the_ledgers_nor_imports_pandas(tmp_path):
    notebooks = _notebooks(tmp_path, "ok")
    site = tmp_path / "site"
    first = _build(None, site, notebooks)
    assert first.failed == {} and len(first.built) == 2
    before = _mtimes(site)
    code = textwrap.dedent(f"""
        import sys
        from wbanalysis.cli import main
        status = main(["build", "--out", {str(site)!r}, "--years", "2023", "--counties", "全市",
                       "--notebooks", {str(notebooks)!r}, "--jobs", "2"])
        print("pandas" in sys.modules, "matplotlib" in sys.modules, status)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["False", "False", "0"], done.stderr
    assert "未变 2 份" in done.stderr
    assert _mtimes(site) == before


def test_a_changed_indicator_definition_rebuilds_the_reports(demo_copy, tmp_path):
    """指标定义 is no ledger, but a report's figures depend on it."""
    from indicators.test_local_ledgers import REINFORCEMENT, _write_definitions

    notebooks = _notebooks(tmp_path, "ok/a_funding.ipynb")
    site = tmp_path / "site"
    _write_definitions(demo_copy, [REINFORCEMENT])
    assert _build(demo_copy, site, notebooks).built == ["2023/city/a_funding.html"]
    assert _build(demo_copy, site, notebooks).unchanged == ["2023/city/a_funding.html"]
    _write_definitions(demo_copy, [{**REINFORCEMENT, "name": "病险水库除险加固项目数"}])
    assert _build(demo_copy, site, notebooks).built == ["2023/city/a_funding.html"]
