"""Benchmark: `wbanalysis build` against the naive loop and Ploomber, and incremental rebuilds.

Usage::

    .venv/bin/python bench/bench_build.py [--years 2023] [--counties 全市 白沙县] [--jobs N]
                                          [--no-ploomber] [--dask] [--whole-site]
                                          [--repeat N]

Measured in one run, one after the other on the same machine, on the same reports (the plan
of ``wbanalysis build --dry-run``) and a private copy of the demo ledgers, each producing one
offline HTML page per report without code cells:

1. the naive way — a loop of ``papermill`` then ``jupyter nbconvert --no-input`` per report;
2. Ploomber (a bench extra, not a dependency; ``make bench`` installs it with wbanalysis in a
   venv of its own, ``.venv-ploomber``, since its papermill engine plugins would be imported by
   every papermill run of the naive loop and of ``wbanalysis build`` too) with its parallel
   executor: the project's notebooks with ``upstream``/``product`` added to a copy of their
   parameters cell, one task per notebook with a grid over the places, HTML products;
3. ``wbanalysis build --formats html`` from a cold start (no site, no cache), then with the
   Word drafts too (``--formats html,docx``, the default);
4. ``wbanalysis build`` again with nothing changed (and whether it rewrote any file);
5. ``wbanalysis build`` after one ledger (``storage.csv``) changed, and how many reports it
   rebuilt;
6. with ``--dask``: the same reports on a ``LocalCluster`` of 2 single-thread worker
   processes, with warm kernels on the workers and with a fresh kernel per report.

With ``--repeat N`` the ways 1–3 and 6 run N rounds, one way after the other in each round,
and each is reported as the median of its N times with the fastest and slowest: on a shared
machine one run of each can be a few tens of percent off either way. Before each timed way
the bench waits a moment, so that the processes of the previous way have exited.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, cwd=kw.pop("cwd", ROOT), **kw)


def _build(data: Path, site: Path, years, counties, jobs, *extra: str) -> tuple[float, str, int]:
    cmd = [
        str(BIN / "wbanalysis"),
        "build",
        "--data",
        str(data),
        "--out",
        str(site),
        "--years",
        *map(str, years),
        "--counties",
        *counties,
        *extra,
    ]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    _settle()
    start = time.perf_counter()
    proc = _run(cmd)
    return time.perf_counter() - start, proc.stderr, proc.returncode


def _settle() -> None:
    """Let the processes of the previous way exit (kernels shut down after their client)."""
    time.sleep(SETTLE_SECONDS)


SETTLE_SECONDS = 3.0


class Times(list):
    """The times of one way over the rounds."""

    @property
    def median(self) -> float:
        return statistics.median(self)

    def spread(self) -> str:
        return f" [{min(self):.1f}–{max(self):.1f}, n={len(self)}]" if len(self) > 1 else ""


def _built(stderr: str) -> int:
    match = re.search(r"新建 (\d+) 份", stderr)
    return int(match.group(1)) if match else -1


def _snapshot(site: Path) -> dict:
    return {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def naive_loop(plan: list[dict], out: Path) -> float:
    out.mkdir()
    _settle()
    start = time.perf_counter()
    for i, report in enumerate(plan):
        executed = out / f"{i}.ipynb"
        params = []
        for key, value in report["parameters"].items():
            params += ["-p", key, str(value)]
        _run(
            [
                str(BIN / "papermill"),
                report["notebook"],
                str(executed),
                *params,
                "-k",
                "python3",
                "--log-level",
                "ERROR",
            ],
            check=True,
        )
        _run(
            [
                str(BIN / "jupyter"),
                "nbconvert",
                "--to",
                "html",
                "--no-input",
                str(executed),
                "--output",
                str(out / f"{i}.html"),
            ],
            check=True,
        )
    return time.perf_counter() - start


def _ploomber() -> Path | None:
    """Ploomber's command: from its own venv ``.venv-ploomber`` (``make bench`` makes it), so
    that its papermill engine plugins are not imported by the naive loop's papermill; else
    from this venv."""
    for folder in (ROOT / ".venv-ploomber" / "bin", ROOT / ".venv-ploomber" / "Scripts", BIN):
        for name in ("ploomber", "ploomber.exe"):
            if (folder / name).is_file():
                return folder / name
    return None


def _plugins_of_papermill() -> list[str]:
    """The papermill engine plugins installed in this venv (imported by every papermill run)."""
    from importlib.metadata import entry_points

    return sorted(
        e.value.split(":")[0].split(".")[0] for e in entry_points(group="papermill.engine")
    )


def ploomber_pipeline(plan: list[dict], work: Path) -> float | None:
    """The same reports as a Ploomber pipeline, built with its parallel executor."""
    exe = _ploomber()
    if exe is None:
        return None
    (work / "nbs").mkdir(parents=True)
    (work / "out").mkdir()
    grids: dict[str, dict[str, list]] = {}
    for report in plan:
        grid = grids.setdefault(report["notebook"], {})
        for key, value in report["parameters"].items():
            if value not in grid.setdefault(key, []):
                grid[key].append(value)
    tasks = []
    for i, (notebook, grid) in enumerate(grids.items()):
        nb = json.loads(Path(ROOT / notebook).read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if "parameters" in cell["metadata"].get("tags", []):
                cell["source"] = "".join(cell["source"]) + "\nupstream = None\nproduct = None\n"
        target = work / "nbs" / Path(notebook).name
        target.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
        tasks.append(
            {
                "source": f"nbs/{target.name}",
                "name": f"report{i}-",
                "product": f"out/{target.stem}.html",
                "nbconvert_export_kwargs": {"exclude_input": True},
                "grid": {k: [v for v in vs] for k, vs in grid.items()},
            }
        )
    (work / "pipeline.yaml").write_text(
        json.dumps({"executor": "parallel", "tasks": tasks}, ensure_ascii=False), encoding="utf-8"
    )  # YAML is a superset of JSON
    _settle()
    start = time.perf_counter()
    proc = _run([str(exe), "build", "--force"], cwd=work)
    seconds = time.perf_counter() - start
    made = len(list((work / "out").glob("*.html")))
    if proc.returncode or made != len(plan):
        print(f"ploomber: {made} of {len(plan)} pages\n{proc.stderr[-2000:]}", file=sys.stderr)
        return None
    return seconds


def dask_builds(data: Path, work: Path, years, counties) -> tuple[float, float]:
    """The reports on a LocalCluster of 2 worker processes: warm worker kernels, then fresh
    (each in a new output folder under ``work``)."""
    from dask.distributed import LocalCluster

    sys.path.insert(0, str(ROOT))
    from wbanalysis.pipeline.options import BuildOptions
    from wbanalysis.pipeline.site import build_site

    work.mkdir(parents=True, exist_ok=True)
    times = []
    for warm in (True, False):
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            _settle()
            start = time.perf_counter()
            result = build_site(
                BuildOptions(
                    data_dir=data,
                    out_dir=work / f"dask-{warm}",
                    years=years,
                    counties=counties,
                    formats=("html",),
                    scheduler=cluster.scheduler_address,
                    warm_workers=warm,
                )
            )
            times.append(time.perf_counter() - start)
            assert not result.failed, result.failed
    return times[0], times[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=int, nargs="+", default=[2023])
    ap.add_argument("--counties", nargs="+", default=["全市", "白沙县"])
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--no-ploomber", action="store_true", help="leave Ploomber out")
    ap.add_argument(
        "--dask",
        action="store_true",
        help="also time Dask with warm worker kernels against a fresh kernel each",
    )
    ap.add_argument(
        "--whole-site",
        action="store_true",
        help="also build the whole demo site and time its rebuild with nothing "
        "changed (a few more minutes)",
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="run the timed ways N rounds and report each one's median",
    )
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    work = Path(tempfile.mkdtemp(prefix="wb-bench-"))
    data = work / "data"
    shutil.copytree(ROOT / "data" / "sample", data)
    plan_cmd = [
        str(BIN / "wbanalysis"),
        "build",
        "--dry-run",
        "--data",
        str(data),
        "--years",
        *map(str, args.years),
        "--counties",
        *args.counties,
    ]
    plan = [json.loads(line) for line in _run(plan_cmd, check=True).stdout.splitlines()]
    print(
        f"{len(plan)} reports: {len(args.years)} year(s) × {len(args.counties)} place(s) × "
        f"{len({p['notebook'] for p in plan})} notebooks; {os.cpu_count()} CPUs; "
        f"papermill engine plugins here: {', '.join(_plugins_of_papermill()) or 'none'}; "
        f"Ploomber: {_ploomber() or 'not installed'}",
        flush=True,
    )

    t_naive, t_ploomber, t_build = Times(), Times(), Times()
    for round_ in range(args.repeat):
        t_naive.append(naive_loop(plan, work / f"naive-{round_}"))
        if not args.no_ploomber:
            seconds = ploomber_pipeline(plan, work / f"ploomber-{round_}")
            if seconds is not None:
                t_ploomber.append(seconds)
        site = work / f"site-{round_}"
        seconds, err, code = _build(
            data, site, args.years, args.counties, args.jobs, "--formats", "html"
        )
        if code:
            print(err, file=sys.stderr)
            return 1
        t_build.append(seconds)
    t_docx, _, _ = _build(data, work / "site-docx", args.years, args.counties, args.jobs)
    before = _snapshot(site)
    t_noop, err_noop, _ = _build(
        data, site, args.years, args.counties, args.jobs, "--formats", "html"
    )
    rewritten = sum(1 for p, m in _snapshot(site).items() if before.get(p) != m)
    storage = data / "storage.csv"
    text = storage.read_text(encoding="utf-8-sig").splitlines()
    text[1] = re.sub(r",([\d.]+)$", lambda m: f",{float(m.group(1)) + 1:.2f}", text[1])
    storage.write_text("\n".join(text) + "\n", encoding="utf-8-sig")
    t_one, err_one, _ = _build(
        data, site, args.years, args.counties, args.jobs, "--formats", "html"
    )

    n = len(plan)
    naive, build = t_naive.median, t_build.median
    print(
        f"naive loop (papermill + nbconvert per report): {naive:8.1f} s "
        f"({naive / n:.2f} s/report){t_naive.spread()}"
    )
    if t_ploomber:
        print(
            f"Ploomber, parallel executor:                   {t_ploomber.median:8.1f} s "
            f"({t_ploomber.median / n:.2f} s/report){t_ploomber.spread()}"
        )
    print(
        f"wbanalysis build, cold (html):                 {build:8.1f} s "
        f"({build / n:.2f} s/report){t_build.spread()}"
    )
    print(f"  speed-up against the naive loop:             {naive / build:8.1f} ×")
    if t_ploomber:
        speed_up = t_ploomber.median / build
        print(f"  speed-up against Ploomber:                   {speed_up:8.1f} ×")
    print(f"wbanalysis build, cold (html + Word drafts):   {t_docx:8.1f} s")
    print(
        f"rebuild, nothing changed:                      {t_noop:8.2f} s, "
        f"{_built(err_noop)} rebuilt, {rewritten} files rewritten"
    )
    print(
        f"rebuild, storage.csv changed:                  {t_one:8.2f} s, "
        f"{_built(err_one)} of {n} rebuilt"
    )
    if args.dask:
        warm, fresh = Times(), Times()
        for round_ in range(args.repeat):
            seconds_warm, seconds_fresh = dask_builds(
                data, work / f"dask-{round_}", args.years, args.counties
            )
            warm.append(seconds_warm)
            fresh.append(seconds_fresh)
        print(f"Dask, 2 workers, warm worker kernels:          {warm.median:8.1f} s{warm.spread()}")
        print(
            f"Dask, 2 workers, a fresh kernel per report:    {fresh.median:8.1f} s "
            f"({fresh.median / warm.median:.1f} × slower){fresh.spread()}"
        )
    if args.whole_site:
        whole = work / "whole"
        cmd = [str(BIN / "wbanalysis"), "build", "--data", str(data), "--out", str(whole)]
        start = time.perf_counter()
        proc = _run(cmd)
        t_whole = time.perf_counter() - start
        before = _snapshot(whole)
        start = time.perf_counter()
        proc_noop = _run(cmd)
        t_whole_noop = time.perf_counter() - start
        rewritten = sum(1 for p, m in _snapshot(whole).items() if before.get(p) != m)
        print(
            f"whole demo site, cold:                         {t_whole:8.1f} s, "
            f"{_built(proc.stderr)} reports"
        )
        print(
            f"whole demo site, nothing changed:              {t_whole_noop:8.2f} s, "
            f"{_built(proc_noop.stderr)} rebuilt, {rewritten} files rewritten"
        )
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
