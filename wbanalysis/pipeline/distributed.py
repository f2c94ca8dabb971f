"""Scale-out: the same build with each report executed on a Dask distributed cluster.

Workers need wbanalysis installed and the ledgers readable at the same path (``data_dir`` is a
parameter of every report). Each task executes one notebook on a fresh kernel of the worker's
own Python and returns the executed notebook; publishing, the cache and the index stay with
the client, so the site is the same as a local build's.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable

import nbformat

from .execute import Job, KernelWorker, Outcome

__all__ = ["execute_on_cluster", "run_remote"]

_PRIVATE_CACHE: list[str] = []


def _worker_cache() -> str:
    """A ledger cache folder private to this worker process (created with mode 0700)."""
    if not _PRIVATE_CACHE:
        _PRIVATE_CACHE.append(tempfile.mkdtemp(prefix="wbanalysis-worker-"))
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


def execute_on_cluster(jobs: list[Job], *, scheduler: str, timeout: float,
                       on_outcome: Callable[[Outcome], None], progress) -> None:
    """Run ``jobs`` on the cluster at ``scheduler``; hand each outcome to ``on_outcome``
    (which publishes and records it) as it completes."""
    from dask.distributed import Client, as_completed

    from ..errors import WbAnalysisError

    try:
        client = Client(scheduler, timeout="30s")
    except (OSError, TimeoutError) as exc:
        raise WbAnalysisError(f"无法连接 Dask 调度器 {scheduler}：{exc}") from None
    with client:
        futures = {}
        for job in jobs:
            payload = {"key": job.key, "notebook": job.notebook, "parameters": job.parameters,
                       "title": job.title}
            futures[client.submit(run_remote, payload, timeout, pure=False)] = job
            progress.start(job.title)
        for future in as_completed(futures):
            job = futures[future]
            try:
                res = future.result()
            except Exception as exc:  # the worker died or could not run the task
                res = {"status": "failed", "record": {}, "nb": None, "failed_cell": None,
                       "seconds": 0.0, "error": f"集群执行失败：{type(exc).__name__}: {exc}"}
            nb = nbformat.reads(res["nb"], as_version=4) if res["nb"] else None
            on_outcome(Outcome(job, res["status"], nb, res["record"], res["error"],
                               res["failed_cell"], res["seconds"]))
