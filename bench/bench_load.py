"""Loading at province scale: first validation, cached loads, one county's indicators.

Makes a ×100 copy of the demo (``scripts/make_demo_data.py OUT --counties 700``: ~4.6 M rows,
~125 MB of CSV) unless ``--data`` names one, then runs each step in its own process with an
empty cache folder (``WBANALYSIS_CACHE``) and prints wall time and peak memory (RSS of the
process and its children, polled) against the goals. The last step rewrites ``fees.csv`` with
the same content and a later modification time (of the copy given with ``--data`` too):

    python bench/bench_load.py [--data DIR] [--counties 700] [--county 白沙县] [--year 2023]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def _tree_rss(pid: int) -> int:
    """Resident memory of ``pid`` and its descendants, in bytes (0 when unknown)."""
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        try:
            proc = psutil.Process(pid)
            total = proc.memory_info().rss
            for child in proc.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            return total
        except psutil.Error:
            return 0
    status = Path(f"/proc/{pid}/status")  # Linux without psutil: this process only
    try:
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run(args: list[str], env: dict) -> tuple[float, int, str]:
    """(wall seconds, peak RSS bytes, stdout) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
        text=True,
        encoding="utf-8",
    )
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.05)
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(args)}\n{err[-2000:]}")
    return wall, peak, out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, help="a province copy to use (default: make one)")
    p.add_argument("--counties", type=int, default=700)
    p.add_argument("--county", default="白沙县")
    p.add_argument("--year", type=int, default=2023)
    a = p.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="wbanalysis-bench-load-"))
    data = a.data
    if data is None:
        data = work / "data"
        print(f"generating {a.counties} counties into {data} …", file=sys.stderr)
        subprocess.run(
            [
                PYTHON,
                str(ROOT / "scripts" / "make_demo_data.py"),
                str(data),
                "--counties",
                str(a.counties),
            ],
            check=True,
            cwd=ROOT,
        )
    rows = sum(
        max(0, sum(1 for _ in open(f, encoding="utf-8-sig")) - 1) for f in data.glob("*.csv")
    )
    size = sum(f.stat().st_size for f in data.glob("*.csv")) / 1e6
    env = dict(os.environ, WBANALYSIS_CACHE=str(work / "cache"), PYTHONPATH=str(ROOT))
    cli = [PYTHON, "-m", "wbanalysis"]
    load_all = (
        "import sys, wbanalysis as wb; from wbanalysis.io.cache import default_cache_dir;"
        "d = sys.argv[1]; ds = wb.load(d, cache_dir=default_cache_dir(d));"
        "print(sum(len(ds[n]) for n in ds))"
    )
    results = []
    wall, peak, _ = run([*cli, "validate", "--data", str(data)], env)
    results.append(("first validation (validate, empty cache)", wall, peak, "≤ 60 s, ≤ 2 GB"))
    wall, peak, _ = run([PYTHON, "-c", load_all, str(data)], env)
    results.append(("load of every table from the cache", wall, peak, "—"))
    wall, peak, _ = run(
        [
            *cli,
            "indicators",
            "--data",
            str(data),
            "--year",
            str(a.year),
            "--county",
            a.county,
            "--format",
            "json",
        ],
        env,
    )
    results.append((f"indicators {a.year} {a.county} from the cache", wall, peak, "≤ 5 s"))
    changed = data / "fees.csv"
    text = changed.read_bytes()
    changed.write_bytes(text)  # same content, new modification time: that file is read again
    os.utime(changed, ns=(time.time_ns(), time.time_ns() + 1_000_000_000))
    wall, peak, _ = run([*cli, "validate", "--data", str(data)], env)
    results.append(("re-validation after one file changed", wall, peak, "only that file read"))
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        load = float("nan")
    print(
        f"\n{rows:,} rows, {size:.0f} MB of CSV in {data}; {os.cpu_count()} cores, "
        f"load average {load:.1f} at the end\n"
    )
    print(f"| {'step':<45} | {'wall':>7} | {'peak RSS':>9} | goal |")
    print(f"|{'-' * 47}|{'-' * 9}|{'-' * 11}|------|")
    for name, wall, peak, goal in results:
        print(f"| {name:<45} | {wall:6.1f}s | {peak / 2**30:7.2f}GB | {goal} |")
    shutil.rmtree(work, ignore_errors=True)  # the generated copy and the cache
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
