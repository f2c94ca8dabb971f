"""Benchmark: the build against the machine's limit — the CPU the notebooks' own cells need.

Usage::

    .venv/bin/python bench/bench_limit.py [--provinces 20 100] [--formats html html,docx]
                                          [--repeat 3] [--chart docs/limit.png]

For each workload — the 14 bench reports (2023 × 全市, 白沙县 of the demo ledgers) and, for
each N of ``--provinces``, a generated province of N counties (``scripts/make_demo_data.py
--counties N``; one year, 全市 and every county, the 7 notebooks) — measured in one run, side
by side, on the same reports (the plan of ``wbanalysis build --dry-run``):

1. **the limit** (``cells``): the reports' own cells in one warm IPython process, with the
   build's kernel warm-up (:func:`wbanalysis.pipeline.kernel.warmup_code`), its parameter
   injection (papermill), its reset between reports and its matplotlib backend; CPU time
   (user + system, every thread) of the cells only, after one report run to warm up;
2. **the build**: ``wbanalysis build --formats F`` cold (a new site and ledger cache); CPU
   time of the whole process tree (its kernels included) and wall time;
3. **the fixed cost** of a build: a build of one report of the same ledgers minus that
   report's cells (start-up, kernels, validation).

Printed for each workload and formats: CPU per report of the cells and of the build; the
**efficiency** (cells CPU ÷ build CPU, same reports); the **steady-state efficiency** (cells CPU
÷ (build CPU − fixed cost): what each further report costs against its cells); wall-clock
reports/s of the build and the limit's (cores ÷ cells CPU per report). With ``--repeat N`` each
figure is the median of N rounds, the ways alternating within a round. ``--chart`` draws
reports/s against the number of counties, build and limit (a PNG).

CPU of a process tree is read with :func:`resource.getrusage` (``RUSAGE_CHILDREN``), which
Windows lacks: there the bench prints wall times only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

try:  # POSIX only: the CPU of the processes a command waited for (kernels included)
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]


def _children_cpu() -> float | None:
    if resource is None:
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _wbanalysis(*args: str) -> list[str]:
    return [str(BIN / "wbanalysis"), *args]


def _plan(data: Path, years: list[int], counties: list[str] | None) -> list[dict]:
    cmd = _wbanalysis("build", "--dry-run", "--data", str(data), "--years", *map(str, years))
    if counties:
        cmd += ["--counties", *counties]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def cells_only(plan_file: Path, cache: Path) -> dict:
    """Run the plan's reports in this process as the build's kernel does; the cells' CPU."""
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    from IPython.core.interactiveshell import InteractiveShell

    from wbanalysis.pipeline import kernel
    from wbanalysis.pipeline.execute import prepare_notebook

    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    shell = InteractiveShell.instance()
    shell.run_cell(kernel.warmup_code(str(cache)), silent=True)
    spent = 0.0
    for n, job in enumerate([plan[0], *plan]):  # the first run warms up, not counted
        if n:
            shell.run_cell(kernel.RESET, silent=True)
        nb = prepare_notebook(ROOT / job["notebook"], job["parameters"])
        start = time.process_time()
        for cell in nb.cells:
            if cell.cell_type == "code":
                result = shell.run_cell(cell.source, store_history=False)
                if not result.success:
                    raise SystemExit(f"{job['notebook']} {job['parameters']}: a cell failed")
        if n:
            spent += time.process_time() - start
    return {"cpu": spent, "reports": len(plan)}


def _cells(plan: list[dict], work: Path) -> float:
    """The plan's cells' CPU, measured in a fresh child process (stdout thrown away)."""
    work.mkdir(parents=True, exist_ok=True)
    plan_file = work / "plan.json"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    result = work / "cells.json"
    cmd = [sys.executable, __file__, "--cells", str(plan_file), str(work / "cache"), str(result)]
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return float(json.loads(result.read_text(encoding="utf-8"))["cpu"])


def _build(data: Path, site: Path, years, counties, formats: str, *extra: str):
    """A cold build: (CPU of the process tree or None, wall seconds)."""
    shutil.rmtree(site, ignore_errors=True)
    cmd = _wbanalysis("build", "--data", str(data), "--out", str(site), "--formats", formats)
    cmd += ["--years", *map(str, years), *extra]
    if counties:
        cmd += ["--counties", *counties]
    before, start = _children_cpu(), time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall, after = time.perf_counter() - start, _children_cpu()
    if proc.returncode:
        raise SystemExit(f"build failed:\n{proc.stderr[-3000:]}")
    cpu = None if before is None or after is None else after - before
    return cpu, wall


def _province(n: int, work: Path) -> Path:
    out = work / f"province-{n}"
    cmd = [sys.executable, str(ROOT / "scripts" / "make_demo_data.py"), str(out)]
    subprocess.run([*cmd, "--counties", str(n)], check=True, capture_output=True)
    return out


def _median(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def measure(name, data, years, counties, formats, repeat, work) -> list[dict]:
    """Every figure of one workload, for each formats."""
    plan = _plan(data, years, counties)
    one = plan[:1]
    first = one[0]
    one_counties = [first["parameters"]["county"] or "全市"]
    notebook = Path(first["notebook"]).stem
    rows = []
    for fmt in formats:
        cells, cells_one, builds, walls, fixed_builds = [], [], [], [], []
        for round_ in range(repeat):
            tag = f"{name}-{fmt.replace(',', '+')}-{round_}"
            cells.append(_cells(plan, work / f"cells-{tag}"))
            cpu, wall = _build(data, work / f"site-{tag}", years, counties, fmt)
            builds.append(cpu)
            walls.append(wall)
            cells_one.append(_cells(one, work / f"cells1-{tag}"))
            cpu1, _ = _build(
                data, work / f"one-{tag}", years, one_counties, fmt, "--notebooks", notebook
            )
            fixed_builds.append(cpu1)
        n = len(plan)
        c, b, w = _median(cells), _median(builds), _median(walls)
        fixed = None
        if _median(fixed_builds) is not None:
            fixed = _median([f - x for f, x in zip(fixed_builds, cells_one, strict=True)])
        rows.append(
            {
                "workload": name,
                "formats": fmt,
                "reports": n,
                "cells_cpu": c,
                "build_cpu": b,
                "build_wall": w,
                "fixed_cpu": fixed,
                "efficiency": None if b is None or c is None else c / b,
                "steady": None if b is None or fixed is None else c / (b - fixed),
                "reports_per_s": n / w,
                "limit_per_s": (os.cpu_count() or 1) / (c / n),
            }
        )
        print(_line(rows[-1]), flush=True)
    return rows


def _fmt(x: float | None, spec: str) -> str:
    return "n/a" if x is None else format(x, spec)


def _line(r: dict) -> str:
    n = r["reports"]
    per = None if r["build_cpu"] is None else r["build_cpu"] / n
    return (
        f"| {r['workload']} | {r['formats']} | {n} | {r['cells_cpu'] / n:.3f} | "
        f"{_fmt(per, '.3f')} | {_fmt(r['fixed_cpu'], '.1f')} | {_fmt(r['efficiency'], '.2f')} | "
        f"{_fmt(r['steady'], '.2f')} | {r['reports_per_s']:.2f} | {r['limit_per_s']:.2f} |"
    )


HEADER = (
    "| workload | formats | reports | cells CPU s/report (limit) | build CPU s/report | "
    "fixed CPU s | efficiency | steady-state efficiency | build reports/s | limit reports/s |\n"
    "|---|---|---|---|---|---|---|---|---|---|"
)


def chart(rows: list[dict], path: Path) -> None:
    """Reports per second against the number of counties: the build's and the limit's."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from wbanalysis import plots

    plots.use_style()
    fig, ax = plt.subplots(figsize=(7, 4))
    for fmt in dict.fromkeys(r["formats"] for r in rows):
        mine = [r for r in rows if r["formats"] == fmt and r["workload"].startswith("省")]
        xs = [int(r["workload"].removeprefix("省").removesuffix("县")) for r in mine]
        if not xs:
            continue
        ax.plot(xs, [r["reports_per_s"] for r in mine], marker="o", label=f"build（{fmt}）")
        ax.plot(xs, [r["limit_per_s"] for r in mine], ls="--", label=f"上限：单元格（{fmt}）")
    ax.set_xlabel("县区数")
    ax.set_ylabel("报告/秒")
    ax.set_title(f"生成速度与机器上限（{os.cpu_count()} 核）")
    ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--provinces", type=int, nargs="*", default=[20, 100])
    ap.add_argument("--formats", nargs="+", default=["html", "html,docx"])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--chart", type=Path, default=None, help="PNG of reports/s against counties")
    ap.add_argument("--cells", nargs=3, metavar=("PLAN", "CACHE", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.cells:
        plan, cache, out = map(Path, args.cells)
        Path(out).write_text(json.dumps(cells_only(plan, cache)), encoding="utf-8")
        return 0
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    work = Path(tempfile.mkdtemp(prefix="wb-limit-"))
    try:
        data = work / "data"
        shutil.copytree(ROOT / "data" / "sample", data)
        print(f"{os.cpu_count()} CPUs; medians of {args.repeat} round(s)\n{HEADER}", flush=True)
        rows = measure("bench", data, [2023], ["全市", "白沙县"], args.formats, args.repeat, work)
        for n in args.provinces:
            province = _province(n, work)
            rows += measure(f"省{n}县", province, [2023], None, args.formats, args.repeat, work)
        if args.chart:
            chart(rows, args.chart)
            print(f"chart: {args.chart}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
