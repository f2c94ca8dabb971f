"""Build the report site: plan, skip what is unchanged, execute the rest, publish, index.

A report is rebuilt only when its notebook, its parameters, a ledger it read (as its last run
recorded) or the wbanalysis code changed; ``force`` rebuilds everything. The cache (a manifest
and the validated ledgers) lives beside the site in ``<out>.cache/`` and is updated after every
report, so it survives a crash. One build at a time may write a site: a second one stops with
a clear message.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import WbAnalysisError
from ..schema import LEDGERS
from .plan import DEFAULT_NOTEBOOK_DIR, PlannedReport, plan_reports

__all__ = ["BuildResult", "BuildLocked", "build_site", "cache_dir_for", "code_hash"]

_PACKAGE = Path(__file__).resolve().parent.parent
MANIFEST_VERSION = 1


class BuildLocked(WbAnalysisError):
    """Another build is writing the same site."""


@dataclass
class BuildResult:
    """What a build did."""

    planned: list[PlannedReport]
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    out_dir: Path | None = None

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def summary(self) -> str:
        return (f"构建完成：新建 {len(self.built)} 份，未变 {len(self.unchanged)} 份，"
                f"失败 {len(self.failed)} 份，用时 {self.seconds:.1f} 秒")


def cache_dir_for(out_dir: Path) -> Path:
    """The cache folder beside a site folder: ``reports/site`` → ``reports/site.cache``."""
    out_dir = Path(out_dir).resolve()
    return out_dir.with_name(out_dir.name + ".cache")


def code_hash() -> str:
    """Hash of the wbanalysis code and templates: a change rebuilds every report."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".j2", ".json", ".css", ".tpl"} \
                and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(_PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _atomic_json(path: Path, data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1)  # key order kept: headlines are ordered
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class _Lock:
    def __init__(self, path: Path, out_dir: Path):
        self.path = path
        self.out_dir = out_dir
        self.fh = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(self.path, "a+")
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.close()
            raise BuildLocked(f"另一个构建正在写入 {self.out_dir}，请等它结束后再试"
                              f"（锁文件：{self.path}）") from None
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()


class _Progress:
    """A tqdm bar on a terminal; plain log lines otherwise."""

    def __init__(self, total: int, stream=None):
        self.stream = stream or sys.stderr
        self.total = total
        self.done = 0
        self.bar = None
        if total and self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="份", desc="构建报告", file=self.stream,
                            dynamic_ncols=True)

    def start(self, title: str) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(title[:40], refresh=True)

    def finish(self, title: str, status: str, seconds: float) -> None:
        self.done += 1
        mark = {"ok": "完成", "failed": "失败", "unchanged": "未变"}[status]
        if self.bar is not None:
            self.bar.update(1)
            if status == "failed":
                self.bar.write(f"失败：{title}", file=self.stream)
        else:
            print(f"[{self.done}/{self.total}] {mark} {title} ({seconds:.1f}s)",
                  file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _input_key(report: PlannedReport, notebook_digest: str, code: str, ledgers: list[str],
               fingerprints: dict[str, str]) -> str:
    data = {"notebook": notebook_digest, "parameters": report.parameters, "code": code,
            "ledgers": {name: fingerprints[name] for name in ledgers}}
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
                          ).hexdigest()[:24]


def _index_entry(report: PlannedReport, status: str, record: dict, error: str | None) -> dict:
    params = report.parameters
    stem = Path(report.notebook).stem
    return {"notebook": stem, "notebook_title": report.title.split("（")[0],
            "year": params["year"], "county": params["county"],
            "through_month": params["through_month"],
            "status": "failed" if status == "failed" else "ok", "html": report.output,
            "headline": record.get("headline", {}), "error": error}


def build_site(*, data_dir: str | Path | None = None, out_dir: str | Path = "reports/site",
               years: list[int] | None = None, counties: list[str] | None = None,
               notebooks: list[str] | None = None, through_month: int | None = None,
               jobs: int | None = None, force: bool = False, dry_run: bool = False,
               timeout: float = 900, scheduler: str | None = None,
               notebook_dir: Path = DEFAULT_NOTEBOOK_DIR,
               echo: Callable[[str], None] = print) -> BuildResult:
    """Build (or bring up to date) the HTML site of every planned report.

    Parameters
    ----------
    data_dir : ledgers folder or workbook (default: the demo ledgers).
    out_dir : the site folder; its cache goes beside it (:func:`cache_dir_for`).
    years, counties, notebooks, through_month : what to plan (see :func:`plan_reports`).
    jobs : reports executed at once (default: the CPU count).
    force : rebuild even unchanged reports.
    dry_run : only print the plan, one JSON object per line, and return.
    timeout : seconds one report may run before it is stopped and marked failed.
    scheduler : address of a Dask distributed scheduler to run the reports on.

    Raises
    ------
    DataError, ParameterError, BuildLocked
        invalid ledgers or arguments, or another build writing the same site.
    """
    from ..io import default_data_dir, load, source_signature

    started = time.monotonic()
    data_dir = Path(data_dir).resolve() if data_dir else default_data_dir()
    out_dir = Path(out_dir).resolve()
    cache = cache_dir_for(out_dir)
    plan_options = dict(data_dir=str(data_dir), years=years, counties=counties,
                        notebooks=notebooks, through_month=through_month,
                        notebook_dir=notebook_dir)
    if dry_run:
        plans = plan_reports(load(data_dir), **plan_options)
        for report in plans:
            echo(report.to_json())
        return BuildResult(planned=plans, out_dir=out_dir)

    with _Lock(cache / "lock", out_dir), contextlib.ExitStack() as stack:
        manifest_path = cache / "manifest.json"
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            if manifest.get("version") != MANIFEST_VERSION:
                manifest = {}
        except (OSError, ValueError):
            manifest = {}
        reports = manifest.setdefault("reports", {})
        manifest["version"] = MANIFEST_VERSION
        signature = source_signature(data_dir)
        code = code_hash()
        pool = None
        if scheduler is None and (force or manifest.get("signature") != signature
                                  or manifest.get("code") != code):
            # Work is likely: start the kernels now, so they warm up while the ledgers are
            # validated and the reports planned.
            pool = stack.enter_context(_pool(jobs, cache, timeout))
            pool.prestart()
        dataset = load(data_dir, cache_dir=cache / "data")
        plans = plan_reports(dataset, **plan_options)
        result = BuildResult(planned=plans, out_dir=out_dir)
        if manifest.get("signature") == signature and "fingerprints" in manifest:
            fingerprints = manifest["fingerprints"]
        else:
            fingerprints = {name: dataset.fingerprint(name) for name in LEDGERS}
            manifest["signature"], manifest["fingerprints"] = signature, fingerprints
        manifest["code"] = code
        digests = {}
        for report in plans:
            if report.notebook not in digests:
                digests[report.notebook] = hashlib.sha256(
                    Path(report.notebook).read_bytes()).hexdigest()[:16]

        todo: list[PlannedReport] = []
        progress = _Progress(len(plans))
        for report in plans:
            old = reports.get(report.key)
            html = out_dir / report.output
            if (not force and old and old.get("status") == "ok" and html.exists()
                    and old.get("input") == _input_key(report, digests[report.notebook], code,
                                                       old.get("ledgers", list(LEDGERS)),
                                                       fingerprints)):
                result.unchanged.append(report.key)
                old["entry"] = _index_entry(report, "ok", old.get("record", {}), None)
                progress.finish(report.title, "unchanged", 0.0)
            else:
                todo.append(report)

        def save() -> None:
            _atomic_json(manifest_path, manifest)

        def finish(report: PlannedReport, status: str, record: dict, error: str | None,
                   seconds: float) -> None:
            ledgers = record.get("ledgers") or list(LEDGERS)
            ledgers = [name for name in ledgers if name in LEDGERS]
            reports[report.key] = {
                "status": status, "record": record, "ledgers": ledgers, "error": error,
                "input": _input_key(report, digests[report.notebook], code, ledgers,
                                    fingerprints),
                "entry": _index_entry(report, status, record, error)}
            if status == "ok":
                result.built.append(report.key)
            else:
                result.failed[report.key] = error or "未知错误"
            save()
            progress.finish(report.title, status, seconds)

        try:
            if todo:
                if scheduler is None and pool is None:
                    pool = stack.enter_context(_pool(jobs, cache, timeout))
                _execute(todo, out_dir=out_dir, timeout=timeout, scheduler=scheduler,
                         pool=pool, progress=progress, finish=finish)
        finally:
            progress.close()
            save()
            site_entries = _site_entries(reports, out_dir)
            if site_entries:
                _write_index_if_changed(site_entries, out_dir, dataset.city)
    result.seconds = time.monotonic() - started
    return result


def _site_entries(reports: dict, out_dir: Path) -> list[dict]:
    """Every report the site holds (this build's and earlier ones'), for the index page."""
    entries = [r["entry"] for key, r in reports.items()
               if "entry" in r and (out_dir / key).exists()]
    return sorted(entries, key=lambda e: (-int(e["year"]), e["html"].split("/")[1] != "city",
                                          e["html"]))


def _write_index_if_changed(entries: list[dict], out_dir: Path, city: str) -> None:
    from ._html import atomic_write_text
    from .index import render_index

    text = render_index(entries, title=f"{city}水务局工作总结报告")
    path = out_dir / "index.html"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)


def _publish(outcome, out_dir: Path) -> None:
    """Write the report's page: the executed notebook, which shows a failed cell's error in
    place; or, when the run stopped before any cell could fail (timeout, dead kernel), a
    failure page saying why."""
    from .publish import failure_page, publish_notebook

    report: PlannedReport = outcome.job.report
    target = out_dir / report.output
    target.parent.mkdir(parents=True, exist_ok=True)
    if outcome.status == "ok" or (outcome.nb is not None and outcome.failed_cell is not None):
        publish_notebook(outcome.nb, target, title=report.title)
        return
    name, _, message = (outcome.error or "未知错误").partition(": ")
    failure_page(target, title=report.title, error_name=name, error_message=message,
                 cell_number=outcome.failed_cell, notebook=report.notebook,
                 parameters=report.parameters)


def _jobs_for(todo: list[PlannedReport]):
    from .execute import Job

    jobs = []
    for report in todo:
        jobs.append(Job(key=report.key, notebook=str(Path(report.notebook).resolve()),
                        parameters=report.parameters, title=report.title, report=report))
    return jobs


def _kernel_env(cache: Path) -> dict:
    env = dict(os.environ)
    env["WBANALYSIS_CACHE_DIR"] = str(cache / "data")
    return env


@contextlib.contextmanager
def _pool(jobs: int | None, cache: Path, timeout: float):
    from .execute import KernelPool

    pool = KernelPool(jobs or os.cpu_count() or 1, env=_kernel_env(cache), cwd=str(Path.cwd()),
                      report_timeout=timeout, cell_timeout=timeout + 30)
    try:
        yield pool
    finally:
        pool.close()


def _execute(todo, *, out_dir, timeout, scheduler, pool, progress, finish) -> None:
    if scheduler:
        from .distributed import execute_on_cluster

        execute_on_cluster(_jobs_for(todo), scheduler=scheduler, timeout=timeout,
                           publish=lambda o: _publish(o, out_dir), finish=finish,
                           progress=progress)
        return

    def on_outcome(outcome) -> None:
        status, error = outcome.status, outcome.error
        try:
            _publish(outcome, out_dir)
        except Exception as exc:  # a page that cannot be exported fails that report only
            status, error = "failed", f"发布失败：{type(exc).__name__}: {exc}"
        finish(outcome.job.report, status, outcome.record, error, outcome.seconds)

    pool.run(_jobs_for(todo), on_outcome, on_start=lambda job: progress.start(job.title))
