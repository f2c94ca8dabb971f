"""执行 (running the reports): warm local kernels or a Dask cluster, each outcome published.

The kernels (or the cluster's) are started as soon as work is likely, so they warm up while
the ledgers are validated and the reports planned; at most one runner per build, closed when
the build ends — also after Ctrl-C or an error.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SiteError
from .claim import inside, os_reason
from .progress import notice
from .publish import FATAL_WRITE, publish

if TYPE_CHECKING:  # pragma: no cover
    from ..render.common import Renderer
    from .options import BuildOptions
    from .plan import PlannedReport
    from .progress import Progress
    from .skip import Ledgers

__all__ = ["Runners", "pool_size", "run_reports", "self_check"]


def pool_size(jobs: int | None) -> int:
    """Kernels to start: ``jobs``, at most the CPU count (the user is told when lowered)."""
    cpus = os.cpu_count() or 1
    if jobs and jobs > cpus:
        notice(f"--jobs {jobs} 超过本机 CPU 核数，已降为 {cpus}")
    return min(jobs or cpus, cpus)


def tell_fewer_jobs(jobs: int | None, size: int, todo: list) -> None:
    """Tell the user when fewer reports are to be built than ``--jobs`` asked for."""
    cpus = os.cpu_count() or 1
    if jobs and todo and min(size, len(todo)) < jobs <= cpus:
        notice(f"只有 {len(todo)} 份报告需要生成，--jobs 已降为 {len(todo)}")


@contextlib.contextmanager
def _pool(size: int, cache: Path, timeout: float):
    from .execute import KernelPool

    pool = KernelPool(
        size,
        cache_dir=str(cache / "data"),
        cwd=str(Path.cwd()),
        report_timeout=timeout,
        cell_timeout=timeout + 30,
    )
    try:
        yield pool
    finally:
        pool.close()


class Runners:
    """What runs the reports: a pool of ``size`` local kernels, or the Dask cluster at
    ``options.scheduler``; made once, when first needed (or early, by :meth:`start`), and
    closed with ``stack``."""

    def __init__(
        self, stack: contextlib.ExitStack, options: BuildOptions, cache: Path, size: int
    ) -> None:
        self.stack, self.options, self.cache, self.size = stack, options, cache, size
        self.runner: Any = None  # a KernelPool or a Cluster, once started

    def start(self) -> None:
        """Start the kernels now, so that they warm up while the build does other work."""
        if self.runner is not None:
            return
        options = self.options
        if options.scheduler is None:
            self.runner = self.stack.enter_context(_pool(self.size, self.cache, options.timeout))
            self.runner.prestart()
        else:
            from .distributed import Cluster

            self.runner = self.stack.enter_context(
                Cluster(
                    options.scheduler,
                    timeout=options.timeout,
                    warm=options.warm_workers,
                    security=options.security(),
                )
            )

    def ready(self, store: Ledgers, data_dir: Path):
        """The runner, its kernels given the validated ledgers (loaded here if need be)."""
        self.start()
        store.dataset  # noqa: B018 - validated once, cached for the kernels
        if self.options.scheduler is not None:
            self.runner.share_ledgers(self.cache / "data", data_dir)
        return self.runner


def self_check(dataset, out_dir: Path) -> Callable[[PlannedReport], dict]:
    """A function checking a published page against its own ledgers (``wbanalysis check``)."""
    from ..check import check_file

    def verify(report: PlannedReport) -> dict:
        result = check_file(inside(out_dir, report.output), dataset=dataset, scope=report.scope)
        problems = [f"{r.name}：{r.note}" for r in result.failures] + [
            m.message for m in result.mismatches
        ]
        return {"ok": result.ok, **result.counts, "problems": problems[:10]}

    return verify


def _jobs_for(todo: list[PlannedReport]):
    from .execute import Job

    return [
        Job(
            key=report.key,
            notebook=str(Path(report.notebook).resolve()),
            parameters=report.parameters,
            title=report.title,
            report=report,
        )
        for report in todo
    ]


def run_reports(
    todo: list[PlannedReport],
    *,
    runner,
    out_dir: Path,
    progress: Progress,
    finish: Callable,
    renderers: tuple[Renderer, ...],
    verify: Callable[[PlannedReport], dict] | None = None,
) -> None:
    """Run ``todo`` on ``runner``; publish each outcome and hand it to ``finish``.

    A report whose files cannot be written fails alone; a disk that is full, read-only or
    not ours stops the build (:class:`~wbanalysis.errors.SiteError`).
    """

    def on_outcome(outcome) -> None:
        status, error = outcome.status, outcome.error
        try:
            publish(outcome, out_dir, renderers)
            if verify is not None and status == "ok":
                outcome.record["check"] = verify(outcome.job.report)
        except OSError as exc:
            if exc.errno in FATAL_WRITE:  # no other page could be written either
                raise SiteError(f"无法写入报告 {outcome.job.key}：{os_reason(exc)}") from None
            status, error = "failed", f"发布失败：{type(exc).__name__}: {exc}"
        except SiteError:
            raise
        except Exception as exc:  # a page that cannot be exported fails that report only
            status, error = "failed", f"发布失败：{type(exc).__name__}: {exc}"
        finish(outcome.job.report, status, outcome.record, error, outcome.seconds)

    runner.run(_jobs_for(todo), on_outcome, on_start=lambda job: progress.start(job.title))
