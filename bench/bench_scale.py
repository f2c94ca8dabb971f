"""Benchmark: reports per second from one county to a province, locally and on Dask.

Usage::

    .venv/bin/python bench/bench_scale.py [--counties 1 10 50 100] [--year 2023] [--no-dask]

For each size N, ``scripts/make_demo_data.py --counties N`` writes a province of N counties
(the demo's counties copied under new names); the site of one year — 全市 and every county,
the 7 notebooks, HTML pages — is built cold with the local kernel pool, then again with
nothing changed, and cold on a Dask ``LocalCluster`` of 2 single-thread worker processes with
warm worker kernels. Printed: reports, seconds, reports per second, the no-op rebuild time.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wbanalysis.pipeline.options import BuildOptions  # noqa: E402
from wbanalysis.pipeline.site import build_site  # noqa: E402


def _province(n: int, folder: Path) -> Path:
    out = folder / f"province-{n}"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "make_demo_data.py"),
            str(out),
            "--counties",
            str(n),
        ],
        check=True,
        capture_output=True,
    )
    return out


def _timed(**kw) -> tuple[float, object]:
    start = time.perf_counter()
    result = build_site(BuildOptions(formats=("html",), echo=lambda _line: None, **kw))
    seconds = time.perf_counter() - start
    assert not result.failed, list(result.failed.items())[:3]
    return seconds, result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--counties", type=int, nargs="+", default=[1, 10, 50, 100])
    ap.add_argument("--year", type=int, default=2023)
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="wb-scale-"))
    print(
        f"{'counties':>8} {'reports':>8} {'local s':>9} {'reports/s':>10} {'no-op s':>8}"
        + ("" if args.no_dask else f" {'Dask s':>8} {'reports/s':>10}"),
        flush=True,
    )
    try:
        for n in args.counties:
            data = _province(n, work)
            local, result = _timed(data_dir=data, out_dir=work / f"site-{n}", years=[args.year])
            noop, _ = _timed(data_dir=data, out_dir=work / f"site-{n}", years=[args.year])
            reports = len(result.planned)
            line = f"{n:>8} {reports:>8} {local:>9.1f} {reports / local:>10.2f} {noop:>8.2f}"
            if not args.no_dask:
                from dask.distributed import LocalCluster

                with LocalCluster(
                    n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
                ) as cluster:
                    remote, _ = _timed(
                        data_dir=data,
                        out_dir=work / f"dask-{n}",
                        years=[args.year],
                        scheduler=cluster.scheduler_address,
                    )
                line += f" {remote:>8.1f} {reports / remote:>10.2f}"
            print(line, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
