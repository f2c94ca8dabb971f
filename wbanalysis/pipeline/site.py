"""Build the report site: plan, skip what is unchanged, execute the rest, publish, index.

A report is rebuilt only when its notebook, its parameters, a ledger it read (as its last run
recorded) or the wbanalysis code changed; ``force`` rebuilds everything. The cache (the
manifest and the validated ledgers) lives beside the site in ``<out>.cache/`` and is updated
after every report, so it survives a crash. One build at a time may write a site.

The site is the build's own: a folder is used only when it is new, empty, or carries the
marker an earlier build wrote (the same for the cache folder); it may not be the ledger folder
or lie inside it. Every page is written inside the site, at a path made of checked segments;
pages are removed only when the manifest says this build made them and the plan has moved
them (a county's code changed) or their county is gone.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..atomic import atomic_write_text
from ..errors import WbAnalysisError
from ..schema import LEDGERS
from .cache import Manifest, SiteLock, cache_dir_for, code_hash, file_digest, input_key
from .facts import LedgerFacts
from .plan import PlannedReport, plan_reports
from .progress import Progress

__all__ = ["BuildResult", "SiteError", "build_site", "SITE_MARKER", "CACHE_MARKER", "FORMATS"]

#: What a report can be published as; the HTML page always, the Word draft by default too.
FORMATS = ("html", "docx")

#: The file that makes a folder a wbanalysis site (and its cache folder the build's cache).
SITE_MARKER = ".wbanalysis-site"
CACHE_MARKER = ".wbanalysis-cache"

#: The key of the bureau's own indicator definitions among the ledger fingerprints.
_DEFINITIONS = "指标定义"

#: How often (seconds) the index is rewritten while reports are published.
_INDEX_EVERY = 2.0


class _Every:
    """An action done at most every ``seconds`` — and, as it grows (a province's manifest and
    index hold thousands of reports), never more than a tenth of the time: an action that
    took *t* seconds waits at least 10 *t* before the next. The first call acts at once."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self.due = seconds, 0.0

    def __call__(self, action: Callable[[], object], *, now: bool = False) -> None:
        started = time.monotonic()
        if now or started >= self.due:
            action()
            ended = time.monotonic()
            self.due = ended + max(self.seconds, 10 * (ended - started))


# Errors that stop the whole build: no report could be written either.
_FATAL_WRITE = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM,
                getattr(errno, "EDQUOT", errno.ENOSPC)}


class SiteError(WbAnalysisError):
    """The site cannot be written where asked (not ours, inside the ledgers, unwritable)."""


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


def _formats(formats) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(str(f).strip().lower() for f in formats if str(f).strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise WbAnalysisError(f"未知的输出格式：{'、'.join(unknown) or '（空）'}；可选："
                              + "、".join(FORMATS))
    return tuple(f for f in FORMATS if f in chosen or f == "html")  # the page is the site


def _docx_path(report: PlannedReport) -> str:
    return str(Path(report.output).with_suffix(".docx").as_posix())


def _index_entry(report: PlannedReport, status: str, record: dict, error: str | None,
                 formats: tuple[str, ...] = ("html",)) -> dict:
    scope = report.scope
    ok = status != "failed"
    return {"notebook": Path(report.notebook).stem,
            "notebook_title": report.title.split("（")[0],
            "year": scope.year, "county": scope.parameter, "is_city": scope.is_city,
            "through_month": scope.through_month, "monthly": report.monthly,
            "status": "ok" if ok else "failed", "html": report.output,
            "docx": _docx_path(report) if ok and "docx" in formats else None,
            "headline": record.get("headline", {}), "error": error,
            "check": record.get("check") if ok else None}


def _notice(text: str) -> None:
    print(f"wbanalysis：{text}", file=sys.stderr, flush=True)


def _os_reason(exc: OSError) -> str:
    reasons = {errno.ENOSPC: "磁盘空间不足", errno.EROFS: "文件系统只读",
               errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限"}
    return reasons.get(exc.errno, exc.strerror or type(exc).__name__)


def _inside(root: Path, relative: str) -> Path:
    """``root / relative``, refused unless it resolves to a place inside ``root``."""
    target = (root / relative).resolve()
    if not target.is_relative_to(root) or target == root:
        raise SiteError(f"报告路径越出站点文件夹，已拒绝写入：{relative}")
    return target


def _claim(out_dir: Path, cache: Path, data_dir: Path) -> None:
    """Make sure the site and its cache folder are ours to write, and mark them."""
    ledgers = data_dir if data_dir.is_dir() else None
    if ledgers is not None and (out_dir == ledgers or out_dir.is_relative_to(ledgers)
                                or cache.is_relative_to(ledgers)):
        raise SiteError(f"站点文件夹 {out_dir} 不能是台账文件夹或位于其中（台账：{ledgers}），"
                        "请用 --out 指定另一个文件夹")
    folders = ((out_dir, SITE_MARKER, "站点文件夹"), (cache, CACHE_MARKER, "缓存文件夹"))
    for folder, marker, what in folders:  # both checked before anything is written
        if folder.exists() and not folder.is_dir():
            raise SiteError(f"{what} {folder} 已存在且不是文件夹")
        if folder.is_dir() and not (folder / marker).is_file() and any(folder.iterdir()):
            raise SiteError(f"{what} {folder} 不是空文件夹，也不是 wbanalysis 生成的，"
                            "为免覆盖其中的文件已停止；请用 --out 指定新的或空的文件夹")
    for folder, marker, what in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not (folder / marker).is_file():
                atomic_write_text(folder / marker, json.dumps(
                    {"wbanalysis": __version__, "kind": what}, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise SiteError(f"无法写入{what} {folder}：{_os_reason(exc)}") from None


def _data_source(data_dir: str | Path | None) -> Path:
    from ..io import default_data_dir

    if data_dir is None:
        return default_data_dir()
    source = Path(data_dir).resolve()
    if not source.exists():
        raise WbAnalysisError(f"找不到台账：{data_dir}（须为台账文件夹或 Excel 工作簿）")
    return source


def build_site(*, data_dir: str | Path | None = None, out_dir: str | Path = "reports/site",
               years: list[int] | None = None, counties: list[str] | None = None,
               notebooks: list[str] | None = None, through_month: int | None = None,
               months: list[int] | None = None,
               jobs: int | None = None, force: bool = False, dry_run: bool = False,
               timeout: float = 900, scheduler: str | None = None,
               formats: tuple[str, ...] | list[str] = FORMATS, check: bool = False,
               warm_workers: bool = True,
               echo: Callable[[str], None] = print) -> BuildResult:
    """Build (or bring up to date) the HTML site of every planned report.

    Parameters
    ----------
    data_dir : ledgers folder or workbook (default: the demo ledgers).
    out_dir : the site folder; its cache goes beside it (:func:`.cache.cache_dir_for`).
    years, counties, through_month, months : what to plan (see :func:`.plan.plan_reports`;
        ``months`` plans the monthly reports 月报 of each year).
    notebooks : notebook names, ``.ipynb`` paths or folders of notebooks (default: the
        notebooks shipped with wbanalysis).
    jobs : reports executed at once (default and upper bound: the CPU count; never more than
        the reports to run).
    force : rebuild even unchanged reports.
    dry_run : only print the plan, one JSON object per line, and return.
    timeout : seconds one report may run before it is stopped and marked failed.
    scheduler : address of a Dask distributed scheduler to run the reports on.
    formats : what each report is published as: ``html`` (the offline page, always made)
        and ``docx`` (the Word draft beside it).
    check : check each published page as ``wbanalysis check`` does — the relations its text
        states and its figures against the ledgers — and show the verdict in the index.
    warm_workers : with ``scheduler``, keep warm kernels on the workers (the default); False
        starts a fresh kernel for every report (the benchmark compares the two).

    Raises
    ------
    DataError, ParameterError, BuildLocked, SiteError, WbAnalysisError
        invalid ledgers or arguments, nothing to build, a site folder that is not ours, or
        another build writing the site.
    """
    from ..io.signature import source_signature

    started = time.monotonic()
    formats = _formats(formats)
    data_dir = _data_source(data_dir)
    out_dir = Path(out_dir).resolve()
    cache = cache_dir_for(out_dir)
    plan_options = dict(data_dir=str(data_dir), years=years, counties=counties,
                        notebooks=notebooks, through_month=through_month, months=months)
    if dry_run:
        from ..io import load

        plans = _plan(load(data_dir), plan_options)
        for report in plans:
            echo(report.to_json())
        return BuildResult(planned=plans, out_dir=out_dir)

    _claim(out_dir, cache, data_dir)
    cpus = os.cpu_count() or 1
    size = min(jobs or cpus, cpus)
    if jobs and jobs > cpus:
        _notice(f"--jobs {jobs} 超过本机 CPU 核数，已降为 {cpus}")
    with SiteLock(cache, out_dir), contextlib.ExitStack() as stack:
        manifest = Manifest(cache / "manifest.json")
        reports = manifest.reports
        signature = source_signature(data_dir)
        code = code_hash()
        pool = cluster = None
        if force or manifest.get("signature") != signature or manifest.get("code") != code:
            # Work is likely: start the kernels now, so they warm up while the ledgers are
            # validated and the reports planned.
            if scheduler is None:
                pool = stack.enter_context(_pool(size, cache, timeout))
                pool.prestart()
            else:
                cluster = stack.enter_context(_cluster(scheduler, timeout, warm_workers))
        store = _Ledgers(data_dir, cache / "data")
        same_files = manifest.get("signature") == signature
        facts = _kept_facts(manifest) if same_files else None
        if facts is None:  # the ledger files changed: read them (they may be invalid)
            facts = LedgerFacts.from_dataset(store.dataset)
            manifest["facts"] = facts.to_json()
        plans = _plan(facts, plan_options)
        result = BuildResult(planned=plans, out_dir=out_dir)
        fingerprints = manifest.get("fingerprints")
        if not same_files or not isinstance(fingerprints, dict):
            fingerprints = {name: store.dataset.fingerprint(name) for name in LEDGERS}
            # the bureau's own indicators (指标定义) can change any report's figures
            fingerprints[_DEFINITIONS] = hashlib.sha256(
                repr(store.dataset.definitions).encode()).hexdigest()[:16]
            manifest["signature"], manifest["fingerprints"] = signature, fingerprints
        manifest["code"] = code
        digests = {r.notebook: file_digest(r.notebook) for r in plans}
        _remove_stale_pages(reports, plans, facts.counties, out_dir)

        def key_of(report: PlannedReport, ledgers: list[str]) -> str:
            return input_key(notebook_digest=digests[report.notebook],
                             parameters={**report.parameters, "formats": list(formats),
                                         "check": check},
                             code=code, ledgers=[*ledgers, _DEFINITIONS],
                             fingerprints=fingerprints)

        todo: list[PlannedReport] = []
        progress = Progress(len(plans))
        for report in plans:
            old = reports.get(report.key)
            ledgers = old.get("ledgers") if old else None
            if not isinstance(ledgers, list):
                ledgers = list(LEDGERS)
            if (not force and old and old.get("status") == "ok"
                    and (out_dir / report.output).exists()
                    and old.get("input") == key_of(report, ledgers)):
                result.unchanged.append(report.key)
                old["entry"] = _index_entry(report, "ok", old.get("record") or {}, None,
                                            formats)
                progress.finish(report.title, "unchanged", 0.0)
            else:
                todo.append(report)
        if jobs and todo and min(size, len(todo)) < jobs <= cpus:
            _notice(f"只有 {len(todo)} 份报告需要生成，--jobs 已降为 {len(todo)}")
        index_due, manifest_due = _Every(_INDEX_EVERY), _Every(_INDEX_EVERY)

        def write_index(final: bool = False) -> None:
            def write() -> None:
                entries = _site_entries(reports, out_dir)
                if entries:
                    _write_index_if_changed(entries, out_dir, facts.city, manifest)

            index_due(write, now=final)

        def finish(report: PlannedReport, status: str, record: dict, error: str | None,
                   seconds: float) -> None:
            ledgers = [name for name in (record.get("ledgers") or LEDGERS) if name in LEDGERS]
            reports[report.key] = {
                "status": status, "record": record, "ledgers": ledgers, "error": error,
                "input": key_of(report, ledgers),
                "entry": _index_entry(report, status, record, error, formats)}
            if status == "ok":
                result.built.append(report.key)
            else:
                result.failed[report.key] = error or "未知错误"
            # a build stopped at any moment still leaves a browsable site and, but for the
            # last seconds' reports (built again next time), a manifest of what it made
            manifest_due(manifest.save)
            write_index()
            progress.finish(report.title, status, seconds)

        try:
            if todo:
                if scheduler is None and pool is None:
                    pool = stack.enter_context(_pool(size, cache, timeout))
                if scheduler is not None and cluster is None:
                    cluster = stack.enter_context(_cluster(scheduler, timeout, warm_workers))
                dataset = store.dataset  # validated once, cached for the kernels
                if cluster is not None:
                    cluster.share_ledgers(cache / "data", data_dir)
                verify = _self_check(dataset, out_dir) if check else None
                _execute(todo, out_dir=out_dir, timeout=timeout, runner=cluster or pool,
                         progress=progress, finish=finish, formats=formats, verify=verify)
        finally:
            progress.close()
            manifest.save()
            write_index(final=True)
    result.seconds = time.monotonic() - started
    return result


class _Ledgers:
    """The ledgers, loaded (and cached for the kernels) the first time they are needed."""

    def __init__(self, source: Path, cache: Path) -> None:
        self.source, self.cache, self._dataset = source, cache, None

    @property
    def dataset(self):
        if self._dataset is None:
            from ..io import load

            self._dataset = load(self.source, cache_dir=self.cache)
        return self._dataset


def _kept_facts(manifest: Manifest) -> LedgerFacts | None:
    try:
        return LedgerFacts.from_json(manifest.get("facts"))
    except (ValueError, TypeError):
        return None


def _plan(dataset, options: dict) -> list[PlannedReport]:
    if not dataset.years:
        raise WbAnalysisError(f"在 {options['data_dir']} 中没有找到含年度数据的台账"
                              "（资金、固定资产投资、巡河、规费台账均为空或不存在）")
    plans = plan_reports(dataset, **options)
    if not plans:
        raise WbAnalysisError("没有可生成的报告：所选笔记本、年度与县区的组合为空")
    return plans


def _remove_stale_pages(reports: dict, plans: list[PlannedReport], counties: list[str],
                        out_dir: Path) -> None:
    """Remove pages this build made earlier that the plan has moved or whose county is gone.

    Only pages the manifest lists are touched; a page of another year or notebook that is
    simply not planned this time stays (a site is often built a subset at a time).
    """
    planned = {r.key for r in plans}
    identity = {(Path(r.notebook).stem, r.scope.year, r.scope.parameter,
                 r.scope.through_month if r.monthly else None): r.key for r in plans}
    known = set(counties)
    for key, old in list(reports.items()):
        entry = old.get("entry") if isinstance(old.get("entry"), dict) else {}
        if key in planned:
            continue
        ident = (entry.get("notebook"), entry.get("year"), entry.get("county"),
                 entry.get("through_month") if entry.get("monthly") else None)
        moved = ident in identity
        gone = not entry.get("is_city") and entry.get("county") not in known
        if not (moved or gone):
            continue
        try:
            page = _inside(out_dir, key)
        except SiteError:
            del reports[key]
            continue
        _keep_edited_draft(page.with_suffix(".docx"))
        for made in (page, page.with_suffix(".docx")):
            if made.is_file():
                made.unlink()
        with contextlib.suppress(OSError):
            page.parent.rmdir()  # only when empty
        del reports[key]


def _site_entries(reports: dict, out_dir: Path) -> list[dict]:
    """Every report the site holds (this build's and earlier ones'), for the index page."""
    entries = [r["entry"] for key, r in reports.items()
               if isinstance(r.get("entry"), dict) and (out_dir / key).is_file()]
    return sorted(entries, key=lambda e: (-int(e["year"]), not e.get("is_city"), e["html"]))


def _write_index_if_changed(entries: list[dict], out_dir: Path, city: str,
                            manifest: Manifest) -> None:
    """Write the index unless the page there was made from these very entries."""

    title = f"{city}水务局工作总结报告"
    path = out_dir / "index.html"
    key = hashlib.sha256(json.dumps([title, entries, __version__], ensure_ascii=False,
                                    sort_keys=True).encode()).hexdigest()[:24]
    if path.is_file() and manifest.get("index") == [key, file_digest(path)]:
        return
    from ..render.index import render_index

    text = render_index(entries, title=title)
    if not (path.exists() and path.read_bytes() == text.encode("utf-8")):
        atomic_write_text(path, text)
    manifest["index"] = [key, file_digest(path)]


def _publish(outcome, out_dir: Path, formats: tuple[str, ...]) -> None:
    """Write the report's page: the executed notebook, which shows a failed cell's error in
    place; or, when the run stopped before any cell could fail (timeout, dead kernel), a
    failure page saying why. A report that built is also written as a Word draft; a failed
    one leaves no Word draft (an older one would be stale)."""
    from ..render.docx import publish_docx
    from ..render.html import failure_page, publish_notebook

    report: PlannedReport = outcome.job.report
    target = _inside(out_dir, report.output)
    word = _inside(out_dir, _docx_path(report))
    _keep_edited_draft(word)
    if outcome.status == "ok":
        publish_notebook(outcome.nb, target, title=report.title)
        if "docx" in formats:
            publish_docx(outcome.nb, word, title=report.title)
        return
    if word.is_file():
        word.unlink()
    if outcome.nb is not None and outcome.failed_cell is not None:
        publish_notebook(outcome.nb, target, title=report.title)
        return
    name, _, message = (outcome.error or "未知错误").partition(": ")
    failure_page(target, title=report.title, error_name=name, error_message=message,
                 cell_number=outcome.failed_cell, notebook=report.notebook,
                 parameters=report.parameters)


def _keep_edited_draft(word: Path) -> None:
    """A Word draft someone edited and saved is moved aside — never overwritten or deleted by
    a rebuild — and the user is told where it is."""
    from ..render.docx import edited_draft

    if not word.is_file() or not edited_draft(word):
        return
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept, n = word.with_name(f"{word.stem}（已修改 {stamp}）{word.suffix}"), 1
    while kept.exists():
        n += 1
        kept = word.with_name(f"{word.stem}（已修改 {stamp}-{n}）{word.suffix}")
    word.rename(kept)
    _notice(f"{word.name} 在上次生成后被修改过，已保留为 {kept.name}（新的初稿写在原处）")


def _jobs_for(todo: list[PlannedReport]):
    from .execute import Job

    return [Job(key=report.key, notebook=str(Path(report.notebook).resolve()),
                parameters=report.parameters, title=report.title, report=report)
            for report in todo]


@contextlib.contextmanager
def _pool(size: int, cache: Path, timeout: float):
    from .execute import KernelPool

    pool = KernelPool(size, cache_dir=str(cache / "data"), cwd=str(Path.cwd()),
                      report_timeout=timeout, cell_timeout=timeout + 30)
    try:
        yield pool
    finally:
        pool.close()


def _cluster(scheduler: str, timeout: float, warm: bool):
    from .distributed import Cluster

    return Cluster(scheduler, timeout=timeout, warm=warm)


def _self_check(dataset, out_dir: Path) -> Callable[[PlannedReport], dict]:
    """A function checking a published page against its own ledgers (``wbanalysis check``)."""
    from ..check import check_file

    def verify(report: PlannedReport) -> dict:
        result = check_file(_inside(out_dir, report.output), dataset=dataset, scope=report.scope)
        problems = ([f"{r.name}：{r.note}" for r in result.failures]
                    + [m.message for m in result.mismatches])
        return {"ok": result.ok, **result.counts, "problems": problems[:10]}

    return verify


def _execute(todo, *, out_dir, timeout, runner, progress, finish, formats,
             verify=None) -> None:
    def on_outcome(outcome) -> None:
        status, error = outcome.status, outcome.error
        try:
            _publish(outcome, out_dir, formats)
            if verify is not None and status == "ok":
                outcome.record["check"] = verify(outcome.job.report)
        except OSError as exc:
            if exc.errno in _FATAL_WRITE:  # no other page could be written either
                raise SiteError(f"无法写入报告 {outcome.job.key}：{_os_reason(exc)}") from None
            status, error = "failed", f"发布失败：{type(exc).__name__}: {exc}"
        except SiteError:
            raise
        except Exception as exc:  # a page that cannot be exported fails that report only
            status, error = "failed", f"发布失败：{type(exc).__name__}: {exc}"
        finish(outcome.job.report, status, outcome.record, error, outcome.seconds)

    runner.run(_jobs_for(todo), on_outcome, on_start=lambda job: progress.start(job.title))
