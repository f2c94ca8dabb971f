"""Scale-out: the same build with each report executed on a Dask distributed cluster.

Workers need wbanalysis installed and the ledgers readable at the same path (``data_dir`` is a
parameter of every report). Each task executes one notebook on a fresh kernel of the worker's
own Python and returns the executed notebook; publishing, the cache and the index stay with
the client, so the site is the same as a local build's.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable

import nbformat

from .execute import Job, KernelWorker, Outcome

__all__ = ["execute_on_cluster", "run_remote"]

_PRIVATE_CACHE: list[str] = []


def _worker_cache() -> str:
    """A ledger cache folder private to this worker (created with mode 0700), inside the Dask
    worker's own scratch folder, which Dask removes when the worker stops."""
    if not _PRIVATE_CACHE:
        try:
            from dask.distributed import get_worker

            base = get_worker().local_directory
        except (ImportError, ValueError, AttributeError):  # not running on a Dask worker
            base = None
        _PRIVATE_CACHE.append(tempfile.mkdtemp(prefix="wbanalysis-ledgers-", dir=base))
    return _PRIVATE_CACHE[0]


def run_remote(job: dict, timeout: float) -> dict:
    """Execute one report on this machine (a Dask task); return plain data."""

    async def go() -> Outcome:
        worker = KernelWorker(cache_dir=_worker_cache(), cell_timeout=timeout + 30,
                              report_timeout=timeout)
        try:
            return await worker.run(Job(**job))
        finally:
            await worker.shutdown()

    outcome = asyncio.run(go())
    return {"status": outcome.status, "record": outcome.record, "error": outcome.error,
            "failed_cell": outcome.failed_cell, "seconds": outcome.seconds,
            "nb": nbformat.writes(outcome.nb) if outcome.nb is not None else None}


#: Seconds a build waits for a cluster without workers before giving up (at most --timeout).
NO_WORKER_GRACE = 30.0


def _failed(error: str) -> dict:
    return {"status": "failed", "record": {}, "nb": None, "failed_cell": None,
            "seconds": 0.0, "error": error}


def execute_on_cluster(jobs: list[Job], *, scheduler: str, timeout: float,
                       on_outcome: Callable[[Outcome], None], progress) -> None:
    """Run ``jobs`` on the cluster at ``scheduler``; hand each outcome to ``on_outcome``
    (which publishes and records it) as it completes.

    The build never waits forever: with no worker for ``min(timeout, NO_WORKER_GRACE)``
    seconds (none started, or all died) it stops with :class:`WbAnalysisError`; when workers
    exist but no report completes within ``timeout + 60`` seconds, the remaining reports fail.
    """
    from dask.distributed import Client, wait

    from ..errors import WbAnalysisError

    try:
        client = Client(scheduler, timeout="30s")
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise WbAnalysisError(f"无法连接 Dask 调度器 {scheduler}：{exc}") from None
    with client:
        futures = {}
        for job in jobs:
            payload = {"key": job.key, "notebook": job.notebook, "parameters": job.parameters,
                       "title": job.title}
            futures[client.submit(run_remote, payload, timeout, pure=False)] = job
            progress.start(job.title)
        pending = set(futures)
        grace = min(float(timeout), NO_WORKER_GRACE)
        last_progress = time.monotonic()
        no_workers_since: float | None = None

        def deliver(future, res: dict) -> None:
            nb = nbformat.reads(res["nb"], as_version=4) if res["nb"] else None
            on_outcome(Outcome(futures[future], res["status"], nb, res["record"], res["error"],
                               res["failed_cell"], res["seconds"]))

        while pending:
            try:
                done, pending = wait(pending, timeout=1.0, return_when="FIRST_COMPLETED")
            except (TimeoutError, asyncio.TimeoutError):
                done = set()
            now = time.monotonic()
            for future in done:
                try:
                    res = future.result()
                except Exception as exc:  # the worker died or could not run the task
                    res = _failed(f"集群执行失败：{type(exc).__name__}: {exc}")
                deliver(future, res)
                last_progress = now
            if not pending:
                break
            if not client.scheduler_info().get("workers"):
                no_workers_since = no_workers_since or now
                if now - no_workers_since >= grace:
                    client.cancel(list(pending))
                    raise WbAnalysisError(
                        f"Dask 集群 {scheduler} 没有可用的工作进程（等待 {grace:g} 秒），"
                        f"{len(pending)} 份报告未生成；请先启动 dask worker")
            else:
                no_workers_since = None
            if now - last_progress > timeout + 60:
                client.cancel(list(pending))
                for future in list(pending):
                    deliver(future, _failed(f"集群在 {timeout + 60:g} 秒内未完成任何报告，已停止"))
                pending = set()
