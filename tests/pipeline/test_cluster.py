"""A real Dask cluster — `dask scheduler` and `dask worker` processes started from the venv —
with warm kernels on its workers: the same site as a local build, byte for byte, and a worker
killed mid-build costs no report and publishes nothing half-written."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

from wbanalysis.pipeline.site import build_site

pytestmark = pytest.mark.slow
NB = ROOT / "tests" / "data" / "notebooks"
BIN = Path(sys.executable).parent


def _dask() -> str:
    exe = BIN / ("dask.exe" if os.name == "nt" else "dask")
    if not exe.exists():
        pytest.skip("the dask command is not installed beside this Python")
    return str(exe)


def _kernels() -> set[int]:
    out = subprocess.run(["pgrep", "-f", "ipykernel_launcher"], capture_output=True, text=True)
    return {int(p) for p in out.stdout.split()}


class Cluster:
    """A scheduler and two single-thread workers without nannies (a killed worker stays dead),
    all on 127.0.0.1 (a plain address beyond the loopback is refused by the build)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.file = folder / "scheduler.json"
        self.scheduler = subprocess.Popen(
            [
                _dask(),
                "scheduler",
                "--scheduler-file",
                str(self.file),
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while not self.file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert self.file.exists(), "the scheduler did not start"
        self.workers = [
            subprocess.Popen(
                [
                    _dask(),
                    "worker",
                    "--scheduler-file",
                    str(self.file),
                    "--nthreads",
                    "1",
                    "--host",
                    "127.0.0.1",
                    "--no-nanny",
                    "--no-dashboard",
                    "--local-directory",
                    str(folder / f"w{i}"),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for i in range(2)
        ]
        from dask.distributed import Client

        with Client(scheduler_file=str(self.file), timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
            self.address = client.scheduler.address

    def close(self) -> None:
        for proc in [*self.workers, self.scheduler]:
            if proc.poll() is None:
                proc.terminate()
        for proc in [*self.workers, self.scheduler]:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture
def cluster(tmp_path):
    before = _kernels()
    c = Cluster(tmp_path / "cluster")
    try:
        yield c
    finally:
        c.close()
    deadline = time.monotonic() + 30
    while _kernels() - before and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not _kernels() - before, "a worker's kernels outlived it"


def _notebooks(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "nbs"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(NB / name, folder / Path(name).name)
    return folder


def _files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_a_real_cluster_builds_the_same_site_as_a_local_build(cluster, tmp_path):
    notebooks = _notebooks(tmp_path, "ok/a_funding.ipynb", "ok/b_storage.ipynb")
    options = dict(years=[2023], counties=["全市", "白沙县"], notebooks=[str(notebooks)])
    local = build_site(out_dir=tmp_path / "local", jobs=2, **options)
    remote = build_site(out_dir=tmp_path / "remote", scheduler=cluster.address, **options)
    assert local.failed == {} and remote.failed == {} and len(remote.built) == 4
    assert _files(tmp_path / "remote") == _files(tmp_path / "local")
    again = build_site(out_dir=tmp_path / "remote2", scheduler=cluster.address, **options)
    assert again.failed == {} and _files(tmp_path / "remote2") == _files(tmp_path / "local")
    from dask.distributed import Client

    from wbanalysis.pipeline.distributed import PLUGIN_NAME

    def kernels_and_ledgers(dask_worker):
        plugin = dask_worker.plugins.get(PLUGIN_NAME)
        cache = Path(plugin.cache_dir)
        return (len(list(cache.glob("ledgers-*"))), (cache / "files").exists())

    with Client(cluster.address) as client:  # the reports ran on the workers' warm kernels,
        kept = client.run(kernels_and_ledgers)  # on the ledgers the client had validated
    assert list(kept.values()) == [(1, False), (1, False)]


def _build_in_background(cluster, tmp_path: Path, notebooks: Path, site: Path):
    """`wbanalysis build` of 2 years × 2 places on the cluster, in a process of its own."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wbanalysis",
            "build",
            "--out",
            str(site),
            "--years",
            "2023",
            "2022",
            "--counties",
            "全市",
            "白沙县",
            "--notebooks",
            str(notebooks),
            "--scheduler",
            cluster.address,
            "--formats",
            "html",
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_worker_killed_mid_build_costs_no_report(cluster, tmp_path):
    notebooks = _notebooks(tmp_path, "slow/s_sleep.ipynb", "ok/a_funding.ipynb")
    site = tmp_path / "site"
    proc = _build_in_background(cluster, tmp_path, notebooks, site)
    time.sleep(8)  # the workers have started their kernels and are running reports
    victim = cluster.workers[0]
    os.kill(victim.pid, signal.SIGKILL)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode in (0, 1), err
    assert "Traceback" not in err
    pages = sorted(site.rglob("*.html"))
    reports = [p for p in pages if p.parent.name != "compare"]  # the comparisons aside
    assert len(reports) == 1 + 8  # the index and 2 notebooks × 2 years × 2 places
    for page in pages:  # nothing half-written
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page
    if proc.returncode == 1:  # only reports that were running on the dead worker may fail
        assert err.count("失败：") <= 2, err


def test_each_build_has_its_own_timeout_on_the_warm_kernels(cluster, tmp_path):
    """The kernels outlive a build; its --timeout does not: a later build with the default
    timeout runs the same slow report to the end."""
    notebooks = _notebooks(tmp_path, "slow/s_sleep.ipynb")
    options = dict(
        years=[2023],
        counties=["全市"],
        notebooks=[str(notebooks)],
        scheduler=cluster.address,
        formats=("html",),
    )
    short = build_site(out_dir=tmp_path / "short", timeout=1, **options)
    assert list(short.failed.values()) and "超过 1 秒" in next(iter(short.failed.values()))
    later = build_site(out_dir=tmp_path / "later", **options)
    assert later.failed == {} and len(later.built) == 1


def test_the_scheduler_killed_mid_build_is_one_line_and_exit_2(cluster, tmp_path):
    notebooks = _notebooks(tmp_path, "slow/s_sleep.ipynb")
    site = tmp_path / "site"
    proc = _build_in_background(cluster, tmp_path, notebooks, site)
    time.sleep(8)
    os.kill(cluster.scheduler.pid, signal.SIGKILL)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 2, err
    assert "Traceback" not in err and "连接中断" in err
    for page in site.rglob("*.html"):  # what was published is whole
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page
