"""Benchmark: `wbanalysis build` against the naive loop, and incremental rebuilds.

Usage::

    .venv/bin/python bench/bench_build.py [--years 2023] [--counties 全市 白沙县] [--jobs N]

Measured in one run, on the same reports (the plan of ``wbanalysis build --dry-run``) and a
private copy of the demo ledgers:

1. the naive way — a shell loop of ``papermill`` then ``jupyter nbconvert --no-input`` per
   report, one after the other;
2. ``wbanalysis build`` from a cold start (no site, no cache);
3. ``wbanalysis build`` again with nothing changed (and whether it rewrote any file);
4. ``wbanalysis build`` after one ledger (``storage.csv``) changed, and how many reports it
   rebuilt.

Prints the times and the ratio naive / build; exits 1 if a build failed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, **kw)


def _build(data: Path, site: Path, years, counties, jobs) -> tuple[float, str, int]:
    cmd = [str(BIN / "wbanalysis"), "build", "--data", str(data), "--out", str(site),
           "--years", *map(str, years), "--counties", *counties]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    start = time.perf_counter()
    proc = _run(cmd)
    return time.perf_counter() - start, proc.stderr, proc.returncode


def _built(stderr: str) -> int:
    match = re.search(r"新建 (\d+) 份", stderr)
    return int(match.group(1)) if match else -1


def _snapshot(site: Path) -> dict:
    return {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=int, nargs="+", default=[2023])
    ap.add_argument("--counties", nargs="+", default=["全市", "白沙县"])
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--whole-site", action="store_true",
                    help="also build the whole demo site and time its rebuild with nothing "
                         "changed (a few more minutes)")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="wb-bench-"))
    data = work / "data"
    shutil.copytree(ROOT / "data" / "sample", data)
    plan_cmd = [str(BIN / "wbanalysis"), "build", "--dry-run", "--data", str(data),
                "--years", *map(str, args.years), "--counties", *args.counties]
    plan = [json.loads(line) for line in _run(plan_cmd, check=True).stdout.splitlines()]
    print(f"{len(plan)} reports: {len(args.years)} year(s) × {len(args.counties)} place(s) × "
          f"{len({p['notebook'] for p in plan})} notebooks; {os.cpu_count()} CPUs")

    # 1. the naive loop
    naive = work / "naive"
    naive.mkdir()
    start = time.perf_counter()
    for i, report in enumerate(plan):
        executed = naive / f"{i}.ipynb"
        params = []
        for key, value in report["parameters"].items():
            params += ["-p", key, str(value)]
        _run([str(BIN / "papermill"), report["notebook"], str(executed), *params,
              "-k", "python3", "--log-level", "ERROR"], check=True)
        _run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input",
              str(executed), "--output", str(naive / f"{i}.html")], check=True)
    t_naive = time.perf_counter() - start

    # 2. cold build, 3. nothing changed, 4. one ledger changed
    site = work / "site"
    t_build, err, code = _build(data, site, args.years, args.counties, args.jobs)
    if code:
        print(err, file=sys.stderr)
        return 1
    before = _snapshot(site)
    t_noop, err_noop, _ = _build(data, site, args.years, args.counties, args.jobs)
    rewritten = sum(1 for p, m in _snapshot(site).items() if before.get(p) != m)
    storage = data / "storage.csv"
    text = storage.read_text(encoding="utf-8-sig").splitlines()
    text[1] = re.sub(r",([\d.]+)$", lambda m: f",{float(m.group(1)) + 1:.2f}", text[1])
    storage.write_text("\n".join(text) + "\n", encoding="utf-8-sig")
    t_one, err_one, _ = _build(data, site, args.years, args.counties, args.jobs)

    print(f"naive loop (papermill + nbconvert per report): {t_naive:8.1f} s "
          f"({t_naive / len(plan):.2f} s/report)")
    print(f"wbanalysis build, cold:                        {t_build:8.1f} s "
          f"({t_build / len(plan):.2f} s/report)")
    print(f"speed-up:                                      {t_naive / t_build:8.1f} ×")
    print(f"rebuild, nothing changed:                      {t_noop:8.2f} s, "
          f"{_built(err_noop)} rebuilt, {rewritten} files rewritten")
    print(f"rebuild, storage.csv changed:                  {t_one:8.2f} s, "
          f"{_built(err_one)} of {len(plan)} rebuilt")
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
        print(f"whole demo site, cold:                         {t_whole:8.1f} s, "
              f"{_built(proc.stderr)} reports")
        print(f"whole demo site, nothing changed:              {t_whole_noop:8.2f} s, "
              f"{_built(proc_noop.stderr)} rebuilt, {rewritten} files rewritten")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
