"""发布 (publishing): each report's files in the site, the manifest's record of them, the index.

Every report gets its page (:data:`wbanalysis.render.PAGE`), failed or not; the other formats
asked for (the Word draft) are written for a report that built, and removed (being stale) for
one that failed. A file someone edited since the build wrote it (a Word draft saved in Word) is
moved aside, never overwritten or deleted. Pages are removed only when the manifest says this
build made them and the plan has moved them (a county's code changed) or their county is gone.
The manifest and the index are rewritten as reports are published (at most every
:data:`INDEX_EVERY` seconds), so a build stopped at any moment leaves a browsable site.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..atomic import atomic_write_text
from ..errors import SiteError
from ..render import PAGE, get_renderer, renderer_names
from ..schema import LEDGERS, MONITORING
from .claim import inside
from .manifest import Manifest, file_digest
from .progress import notice
from .workbook import SUMMARY_NAME, write_summary_if_changed

if TYPE_CHECKING:  # pragma: no cover
    from ..render.common import Renderer
    from .execute import Outcome
    from .plan import PlannedReport
    from .progress import Progress
    from .result import BuildResult
    from .skip import InputKeys

__all__ = [
    "FATAL_WRITE",
    "INDEX_EVERY",
    "Every",
    "Recorder",
    "index_entry",
    "keep_edited",
    "publish",
    "remove_stale_pages",
    "site_entries",
    "write_index_if_changed",
]

#: How often (seconds) the index is rewritten while reports are published.
INDEX_EVERY = 2.0

#: Errors that stop the whole build: no report could be written either.
FATAL_WRITE = {
    errno.ENOSPC,
    errno.EROFS,
    errno.EACCES,
    errno.EPERM,
    getattr(errno, "EDQUOT", errno.ENOSPC),
}


class Every:
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


def index_entry(
    report: PlannedReport,
    status: str,
    record: dict,
    error: str | None,
    renderers: tuple[Renderer, ...] = (),
) -> dict:
    """The index's line of a report: what it is, its files, headline figures, its check."""
    scope = report.scope
    ok = status != "failed"
    files: dict[str, str | None] = dict.fromkeys(
        renderer_names()
    )  # each format's file, when written
    files.update({r.name: r.path_of(report.output) for r in renderers if ok})
    files[PAGE] = report.output
    return {
        "notebook": Path(report.notebook).stem,
        "notebook_title": report.title.split("（")[0],
        "year": scope.year,
        "county": scope.parameter,
        "is_city": scope.is_city,
        "through_month": scope.through_month,
        "monthly": report.monthly,
        "status": "ok" if ok else "failed",
        **files,
        "headline": record.get("headline", {}),
        "headline_keys": record.get("headline_keys", {}),
        "error": error,
        "check": record.get("check") if ok else None,
    }


def keep_edited(path: Path, renderer: Renderer) -> None:
    """A file someone edited and saved (a Word draft) is moved aside — never overwritten or
    deleted by a rebuild — and the user is told where it is."""
    if renderer.edited is None or not path.is_file() or not renderer.edited(path):
        return
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept, n = path.with_name(f"{path.stem}（已修改 {stamp}）{path.suffix}"), 1
    while kept.exists():
        n += 1
        kept = path.with_name(f"{path.stem}（已修改 {stamp}-{n}）{path.suffix}")
    path.rename(kept)
    notice(f"{path.name} 在上次生成后被修改过，已保留为 {kept.name}（新的初稿写在原处）")


def publish(outcome: Outcome, out_dir: Path, renderers: tuple[Renderer, ...]) -> None:
    """Write a report's files: for a report that built, one per format asked for; for one that
    failed, its page (the executed notebook showing the failed cell's error, or a failure page
    saying why) and no other file (an older one, of any format, would be stale)."""
    report: PlannedReport = outcome.job.report
    asked = {r.name: r for r in renderers}  # with the build's settings
    every = [
        (asked.get(r.name, r), inside(out_dir, r.path_of(report.output)))
        for r in map(get_renderer, renderer_names())
    ]
    chosen = [(r, target) for r, target in every if r.name in asked]
    for renderer, target in every:
        for made in renderer.files_of(target):
            keep_edited(made, renderer)
    if outcome.status == "ok":
        for renderer, target in chosen:
            renderer.publish(outcome.nb, target, title=report.title)
        return
    for renderer, target in every:
        if renderer.failed is None:
            for made in renderer.files_of(target):
                if made.is_file():
                    made.unlink()
    for renderer, target in chosen:
        if renderer.failed is not None:
            renderer.failed(
                target,
                nb=outcome.nb,
                title=report.title,
                error=outcome.error,
                cell_number=outcome.failed_cell,
                notebook=report.notebook,
                parameters=report.parameters,
            )


def _identity(entry: dict) -> tuple:
    return (
        entry.get("notebook"),
        entry.get("year"),
        entry.get("county"),
        entry.get("through_month") if entry.get("monthly") else None,
    )


def _stale(entry: dict, identity: set, counties: set) -> bool:
    moved = _identity(entry) in identity
    gone = not entry.get("is_city") and entry.get("county") not in counties
    return moved or gone


def _remove_page(out_dir: Path, key: str) -> None:
    try:
        page = inside(out_dir, key)
    except SiteError:
        return
    for renderer in map(get_renderer, renderer_names()):
        for made in renderer.files_of(page.with_suffix(renderer.suffix)):
            keep_edited(made, renderer)
            if made.is_file():
                made.unlink()
    with contextlib.suppress(OSError):
        page.parent.rmdir()  # only when empty


def remove_stale_pages(
    reports: dict, plans: list[PlannedReport], counties: list[str], out_dir: Path
) -> None:
    """Remove pages this build made earlier that the plan has moved or whose county is gone.

    Only pages the manifest lists are touched; a page of another year or notebook that is
    simply not planned this time stays (a site is often built a subset at a time).
    """
    planned = {r.key for r in plans}
    identity = {
        (
            Path(r.notebook).stem,
            r.scope.year,
            r.scope.parameter,
            r.scope.through_month if r.monthly else None,
        )
        for r in plans
    }
    known = set(counties)
    for key, old in list(reports.items()):
        entry = old.get("entry") if isinstance(old.get("entry"), dict) else {}
        if key in planned or not _stale(entry, identity, known):
            continue
        _remove_page(out_dir, key)
        del reports[key]


def site_entries(reports: dict, out_dir: Path) -> list[dict]:
    """Every report the site holds (this build's and earlier ones'), for the index page."""
    entries = [
        r["entry"]
        for key, r in reports.items()
        if isinstance(r.get("entry"), dict) and (out_dir / key).is_file()
    ]
    return sorted(entries, key=lambda e: (-int(e["year"]), not e.get("is_city"), e["html"]))


def write_index_if_changed(
    entries: list[dict],
    out_dir: Path,
    bureau: str,
    manifest: Manifest,
    links: list[tuple[str, str]] | None = None,
) -> None:
    """Write the index unless the page there was made from these very entries; ``bureau`` is
    the place whose 水务局 keeps the ledgers (the city, or a county bureau's county);
    ``links`` (text, href) the site's other pages (the comparisons)."""
    links = list(links or [])
    title = f"{bureau}水务局工作总结报告"
    path = out_dir / "index.html"
    workbook = SUMMARY_NAME if (out_dir / SUMMARY_NAME).is_file() else None
    key = hashlib.sha256(
        json.dumps(
            [title, entries, links, __version__, workbook], ensure_ascii=False, sort_keys=True
        ).encode()
    ).hexdigest()[:24]
    if path.is_file() and manifest.get("index") == [key, file_digest(path)]:
        return
    from ..render.index import render_index

    text = render_index(entries, title=title, workbook=workbook, links=links)
    if not (path.exists() and path.read_bytes() == text.encode("utf-8")):
        atomic_write_text(path, text)
    manifest["index"] = [key, file_digest(path)]


class Recorder:
    """Records each report in the manifest and the result as it is published or found up to
    date, and keeps the index and the manifest on disk current."""

    def __init__(
        self,
        manifest: Manifest,
        out_dir: Path,
        bureau: str,
        key_of: InputKeys,
        renderers: tuple[Renderer, ...],
        result: BuildResult,
        progress: Progress,
    ) -> None:
        self.manifest, self.reports = manifest, manifest.reports
        self.out_dir, self.bureau, self.key_of = out_dir, bureau, key_of
        self.renderers, self.result, self.progress = renderers, result, progress
        self._index_due, self._manifest_due = Every(INDEX_EVERY), Every(INDEX_EVERY)
        self.links: list[tuple[str, str]] = []  # the index's links to the comparison pages

    def unchanged(self, report: PlannedReport) -> None:
        old = self.reports[report.key]
        old["entry"] = index_entry(report, "ok", old.get("record") or {}, None, self.renderers)
        self.result.unchanged.append(report.key)
        self.progress.finish(report.title, "unchanged", 0.0)

    def finish(
        self, report: PlannedReport, status: str, record: dict, error: str | None, seconds: float
    ) -> None:
        ledgers = [
            name
            for name in (record.get("ledgers") or LEDGERS)
            if name in LEDGERS or name == MONITORING
        ]
        self.reports[report.key] = {
            "status": status,
            "record": record,
            "ledgers": ledgers,
            "error": error,
            "input": self.key_of(report, ledgers),
            "entry": index_entry(report, status, record, error, self.renderers),
        }
        if status == "ok":
            self.result.built.append(report.key)
        else:
            self.result.failed[report.key] = error or "未知错误"
        # a build stopped at any moment still leaves a browsable site and, but for the
        # last seconds' reports (built again next time), a manifest of what it made
        self._manifest_due(self.manifest.save)
        self.write_index()
        self.progress.finish(report.title, status, seconds)

    def write_index(self, final: bool = False) -> None:
        def write() -> None:
            entries = site_entries(self.reports, self.out_dir)
            if entries:
                write_index_if_changed(
                    entries, self.out_dir, self.bureau, self.manifest, self.links
                )

        self._index_due(write, now=final)

    def close(self) -> None:
        """Save the manifest and write the index (after the last report, or a stop)."""
        self.progress.close()
        write_summary_if_changed(self.reports, self.out_dir, self.manifest)
        self.manifest.save()
        self.write_index(final=True)
