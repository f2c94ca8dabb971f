"""Monitoring data (水雨情) at province scale: conversion, flood-season figures, Dask.

Generates a province (``scripts/make_demo_data.py --monitoring``: 2,000 rain gauges hourly and
1,000 reservoir stations every 15 minutes for one year, ≈ 17.5 M + 35 M records) at one tenth,
one half and full size, and for each size runs every step in its own process, measuring wall
time and peak memory (resident memory of the process tree, polled):

- conversion of the CSV folder into the Parquet dataset (:func:`wbanalysis.monitoring.convert`);
- every flood-season figure of every reservoir, gauge and county for the year from the dataset
  (:func:`wbanalysis.monitoring.season.season_figures`, pandas a group of stations at a time);
- the naive pandas way on the same data: every CSV read with ``read_csv``, concatenated, the
  figures computed with ``groupby`` (up to ``--naive-max``); its figures are asserted equal;
- the Dask path (``engine="dask"``) on a ``LocalCluster`` of 2 workers and on a real
  ``dask scheduler`` with 2 ``dask worker`` processes (sizes ``--dask``), figures asserted
  equal;
- the conversion again after one month's file changed (only that file is read).

Run it niced on a shared machine (``make bench-monitoring``)::

    nice -n 19 python bench/bench_monitoring.py [--sizes 0.1 0.5 1] [--naive-max 0.5]
        [--dask 0.1] [--work DIR] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GAUGES, RESERVOIRS = 2000, 1000
RAIN_STEP, RESERVOIR_STEP = "1h", "15min"


# ---- measuring a child process -------------------------------------------------------------


def _rss(pids: list[int]) -> int:
    """Resident memory of ``pids`` and their descendants, bytes (0 when it cannot be told:
    without psutil, Linux's /proc gives each process alone; elsewhere :func:`run` falls back
    to the peak the OS reports once the child has ended)."""
    try:
        import psutil
    except ImportError:
        total = 0
        for pid in pids:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            except OSError:
                pass
        return total
    total = 0
    for pid in pids:
        try:
            proc = psutil.Process(pid)
            procs = [proc, *proc.children(recursive=True)]
        except psutil.Error:
            continue
        for each in procs:
            try:
                total += each.memory_info().rss
            except psutil.Error:
                pass
    return total


def _children_peak() -> int:
    """The largest peak RSS of any child ended so far (POSIX), bytes; 0 on Windows."""
    try:
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def run(args: list[str], *, also: list[int] = ()) -> tuple[float, int, str]:
    """(wall seconds, peak RSS bytes of the child's tree and of the processes ``also``,
    stdout) of one child process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT, text=True
    )
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _rss([proc.pid, *also]))
        time.sleep(0.05)
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(args)}\n{err[-3000:]}")
    return wall, peak or _children_peak(), out


def _step(name: str, *args: object, also: list[int] = ()) -> tuple[float, int, dict]:
    wall, peak, out = run([PYTHON, __file__, "--child", name, *map(str, args)], also=also)
    return wall, peak, json.loads(out.strip().splitlines()[-1])


# ---- the steps, each run in a child process ------------------------------------------------


def _period(year: int):
    import pandas as pd

    return pd.Timestamp(f"{year}-01-01"), pd.Timestamp(f"{year + 1}-01-01")


def child_convert(folder: str, store: str) -> dict:
    from wbanalysis.monitoring import convert

    result = convert(folder, store, now="2100-01-01")
    return {"converted": result.converted, "errors": len(result.errors)}


def _save(figures, out: str) -> None:
    import pandas as pd

    pd.to_pickle({"reservoirs": figures.reservoirs, "rain": figures.rain}, out)


def child_indicators(folder: str, store: str, year: str, out: str, scheduler: str) -> dict:
    from wbanalysis.monitoring import MonitoringStore
    from wbanalysis.monitoring.folder import read_reference
    from wbanalysis.monitoring.season import season_figures

    start, end = _period(int(year))
    reference, _ = read_reference(folder)
    kw = {"start": start, "end": end, "reservoir_interval": RESERVOIR_STEP}
    if scheduler == "-":
        figures = season_figures(MonitoringStore(Path(store)), reference, **kw)
    else:
        from dask.distributed import Client, LocalCluster

        if scheduler == "local":
            cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(scheduler_file=scheduler)
        with client:
            figures = season_figures(MonitoringStore(Path(store)), reference, engine="dask", **kw)
    _save(figures, out)
    return {"counties": len(figures.counties), "stations": len(figures.reservoirs)}


def child_naive(folder: str, year: str, out: str) -> dict:
    """The figures as plain pandas computes them from the CSV files read whole."""
    import numpy as np
    import pandas as pd

    start, end = _period(int(year))
    base = Path(folder)

    def read(table: str) -> pd.DataFrame:
        files = sorted((base / table).glob("*.csv"))
        frame = pd.concat(
            [pd.read_csv(f, dtype={"STCD": str}, parse_dates=["TM"]) for f in files],
            ignore_index=True,
        )
        frame = frame[(frame["TM"] > start) & (frame["TM"] <= end)]
        return frame.drop_duplicates(["STCD", "TM"]).sort_values(["STCD", "TM"])

    rain = read("ST_PPTN_R")
    rolled = rain.set_index("TM").groupby("STCD")["DRP"]
    day = (rain["TM"] - pd.Timedelta(hours=8, microseconds=1)).dt.normalize()
    daily = rain.groupby(["STCD", day])["DRP"].sum()
    rain_figures = pd.DataFrame(
        {
            "rainfall": rain.groupby("STCD")["DRP"].sum(),
            "max_1h": rolled.rolling("1h").sum().groupby(level=0).max(),
            "max_24h": rolled.rolling("24h").sum().groupby(level=0).max(),
            "days_50": (daily >= 50).groupby(level=0).sum(),
            "days_100": (daily >= 100).groupby(level=0).sum(),
        }
    )
    del rain, rolled, daily
    res = read("ST_RSVR_R")
    limits = pd.read_csv(base / "ST_RSVRFSR_B.csv", encoding="gbk", dtype={"STCD": str})
    limits["BGMD"] = limits["BGMD"].astype(str).str.zfill(4)
    limits["EDMD"] = limits["EDMD"].astype(str).str.zfill(4)
    grouped = res.groupby("STCD")
    level_at = grouped["RZ"].idxmax()
    inflow_at = grouped["INQ"].idxmax()
    res["md"] = res["TM"].dt.strftime("%m%d")
    under = res.merge(limits, on="STCD")
    under = under[(under["md"] >= under["BGMD"]) & (under["md"] <= under["EDMD"])]
    under = under.sort_values(["STCD", "TM"])
    step = pd.Timedelta(RESERVOIR_STEP)
    under["above"] = under["RZ"] > under["FSLTDZ"]
    previous = under.groupby("STCD")[["above", "TM"]].shift()
    joined = previous["above"].fillna(False).astype(bool) & (under["TM"] - previous["TM"] <= step)
    under["start"] = under["above"] & ~joined
    under["excess"] = (under["RZ"] - under["FSLTDZ"]).where(under["above"])
    by = under.groupby("STCD")
    slot = np.ceil((res["TM"] - start) / step).astype("int64")
    received = pd.DataFrame({"STCD": res["STCD"], "slot": slot}).drop_duplicates()
    res_figures = pd.DataFrame(
        {
            "level": grouped["RZ"].max(),
            "level_time": res.loc[level_at, "TM"].set_axis(level_at.index),
            "hours": by["above"].sum() * (step / pd.Timedelta(hours=1)),
            "episodes": by["start"].sum(),
            "max_exceedance": by["excess"].max(),
            "inflow": grouped["INQ"].max(),
            "inflow_time": res.loc[inflow_at, "TM"].set_axis(inflow_at.index),
            "received": received.groupby("STCD").size(),
        }
    )
    pd.to_pickle({"reservoirs": res_figures, "rain": rain_figures}, out)
    return {"stations": len(res_figures)}


def child_change(folder: str, year: str) -> dict:
    """Change one value of the July rain file (one record's DRP)."""
    path = Path(folder) / "ST_PPTN_R" / f"ST_PPTN_R_{year}-07.csv"
    data = path.read_bytes()
    at = data.index(b",0,1.00\n")
    path.write_bytes(data[:at] + b",0.2,1.00\n" + data[at + len(b",0,1.00\n") :])
    return {"changed": f"ST_PPTN_R/{path.name}"}


CHILDREN = {
    "convert": child_convert,
    "indicators": child_indicators,
    "naive": child_naive,
    "change": child_change,
}


# ---- comparing figures ---------------------------------------------------------------------


def same_figures(a: str, b: str, *, naive: bool = False) -> None:
    """Assert the figures pickled in ``a`` and ``b`` are equal (``naive``: those the naive
    way computes)."""
    import pandas as pd

    one, other = pd.read_pickle(a), pd.read_pickle(b)
    for part in ("reservoirs", "rain"):
        left = one[part]
        right = other[part]
        columns = [c for c in right.columns if c in left.columns] if naive else left.columns
        if naive:
            left = left.dropna(subset=[c for c in ("level", "rainfall") if c in left])
            if part == "reservoirs":  # the naive way knows only reservoirs above sometimes
                right = right.reindex(left.index)
                for c in ("hours", "episodes"):
                    right[c] = right[c].fillna(0)
        pd.testing.assert_frame_equal(
            left[columns].sort_index().rename_axis("STCD"),
            right[columns].sort_index().rename_axis("STCD"),
            check_dtype=False,
            check_index_type=False,
            check_freq=False,
            check_exact=False,
        )


# ---- the bench -----------------------------------------------------------------------------


def _generate(folder: Path, fraction: float, year: int) -> tuple[float, int]:
    args = [
        PYTHON,
        str(ROOT / "scripts" / "make_demo_data.py"),
        "--monitoring",
        str(folder),
        "--stations",
        str(round(GAUGES * fraction)),
        "--reservoirs",
        str(round(RESERVOIRS * fraction)),
        "--step",
        RAIN_STEP,
        "--reservoir-step",
        RESERVOIR_STEP,
        "--years",
        str(year),
        "--counties",
        "100",
    ]
    wall, peak, _ = run(args)
    return wall, peak


def _records(folder: Path) -> int:
    rows = 0
    for path in folder.glob("ST_*_R/*.csv"):
        with open(path, "rb") as fh:
            rows += sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 24), b"")) - 1
    return rows


def _dask_cluster(work: Path) -> tuple[str, list[subprocess.Popen]]:
    """A ``dask scheduler`` and 2 ``dask worker`` processes (one thread each)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    file = work / "scheduler.json"
    file.unlink(missing_ok=True)
    dask = [PYTHON, "-m", "dask", "scheduler"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    procs = [
        subprocess.Popen(
            [*dask, "--scheduler-file", str(file), "--port", "0", "--no-dashboard"], **quiet
        )
    ]
    for _ in range(100):
        if file.exists():
            break
        time.sleep(0.1)
    worker = [PYTHON, "-m", "dask", "worker", "--scheduler-file", str(file)]
    for _ in range(2):
        procs.append(
            subprocess.Popen(
                [*worker, "--nthreads", "1", "--nworkers", "1", "--no-dashboard"], **quiet
            )
        )
    return str(file), procs


def bench_size(fraction: float, work: Path, a: argparse.Namespace) -> list[tuple]:
    """The rows of the table for one size."""
    name = f"{fraction:g}"
    folder, store = work / f"data-{name}", work / f"store-{name}"
    print(f"== size {name}: generating {folder} …", file=sys.stderr)
    gen_wall, gen_peak = _generate(folder, fraction, a.year)
    rows = _records(folder)
    size = sum(p.stat().st_size for p in folder.rglob("*.csv")) / 2**30
    rows_out = [(name, "generation (make_demo_data.py --monitoring)", gen_wall, gen_peak, "")]
    print(f"   {rows:,} records, {size:.2f} GB; converting …", file=sys.stderr)
    wall, peak, info = _step("convert", folder, store)
    assert info["errors"] == 0, info
    rows_out.append(
        (name, f"conversion to Parquet ({rows / wall / 1e3:,.0f} k rows/s)", wall, peak, "")
    )
    ours = work / f"figures-{name}.pkl"
    print("   indicators from the dataset …", file=sys.stderr)
    wall, peak, _ = _step("indicators", folder, store, a.year, ours, "-")
    ind_wall = wall
    rows_out.append((name, "all flood-season figures, every county (dataset)", wall, peak, ""))
    if fraction <= a.naive_max:
        print("   the naive way …", file=sys.stderr)
        naive = work / f"naive-{name}.pkl"
        wall, peak, _ = _step("naive", folder, a.year, naive)
        same_figures(str(ours), str(naive), naive=True)
        rows_out.append(
            (
                name,
                f"naive pandas (read_csv, concat, groupby): {wall / ind_wall:.1f}× slower",
                wall,
                peak,
                "same figures",
            )
        )
    if any(abs(fraction - d) < 1e-9 for d in a.dask):
        print("   Dask, LocalCluster …", file=sys.stderr)
        local = work / f"dask-local-{name}.pkl"
        wall, peak, _ = _step("indicators", folder, store, a.year, local, "local")
        same_figures(str(ours), str(local))
        rows_out.append((name, "Dask LocalCluster (2 workers × 1 thread)", wall, peak, "same"))
        print("   Dask, scheduler + 2 workers …", file=sys.stderr)
        scheduler, procs = _dask_cluster(work)
        try:
            remote = work / f"dask-remote-{name}.pkl"
            pids = [p.pid for p in procs]
            wall, peak, _ = _step("indicators", folder, store, a.year, remote, scheduler, also=pids)
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                p.wait(timeout=30)
        same_figures(str(ours), str(remote))
        rows_out.append(
            (name, "Dask: dask scheduler + 2 dask worker processes", wall, peak, "same")
        )
    _step("change", folder, a.year)
    wall, peak, info = _step("convert", folder, store)
    assert info["converted"] == [f"ST_PPTN_R/ST_PPTN_R_{a.year}-07.csv"], info["converted"]
    rows_out.append((name, "conversion after one month's file changed", wall, peak, "1 file"))
    rows_out.insert(0, (name, f"{rows:,} records, {size:.2f} GB of CSV", None, None, ""))
    if not a.keep:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(store, ignore_errors=True)
    return rows_out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        print(json.dumps(CHILDREN[argv[1]](*argv[2:])))
        return 0
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=float, nargs="+", default=[0.1, 0.5, 1.0])
    p.add_argument("--naive-max", type=float, default=0.5, help="largest size for the naive way")
    p.add_argument("--dask", type=float, nargs="*", default=[0.1], help="sizes run on Dask")
    p.add_argument("--year", type=int, default=2023)
    p.add_argument("--work", type=Path, default=None, help="folder for the data (default: tmp)")
    p.add_argument("--keep", action="store_true", help="keep the generated data and stores")
    a = p.parse_args(argv)
    work = a.work or Path(tempfile.mkdtemp(prefix="wbanalysis-bench-monitoring-"))
    work.mkdir(parents=True, exist_ok=True)
    table = []
    for fraction in a.sizes:
        table += bench_size(fraction, work, a)
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        load = float("nan")
    print(f"\n{os.cpu_count()} cores, load average {load:.1f} at the end\n")
    print("| size | step | wall | peak RSS | |")
    print("|---|---|---:|---:|---|")
    for size, step, wall, peak, note in table:
        if wall is None:
            print(f"| **{size}** | {step} | | | |")
        else:
            print(f"| {size} | {step} | {wall:.1f} s | {peak / 2**30:.2f} GB | {note} |")
    if a.work is None and not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
