"""Executing parameterized notebooks on a pool of warm, reused kernels.

Parameters are injected with papermill (``parameterize_notebook``); cells are run by nbclient
on kernels that this module starts with the *current* Python interpreter, whatever kernelspec a
notebook's metadata names — so a fresh machine never meets ``NoSuchKernel``.

Each worker keeps one kernel: it is started and warmed (pandas, matplotlib and wbanalysis
imported) before the first report, and reset to a clean slate between reports
(:mod:`wbanalysis.pipeline.kernel`). A report that times out, or whose kernel dies, fails alone:
its kernel is killed and the worker starts a new one for the next report.
"""

from __future__ import annotations

import asyncio
import copy
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import KernelError
from . import kernel as kernel_state

if TYPE_CHECKING:  # nbformat and the reporting module (pandas) are imported when first used,
    import nbformat  # so that the kernels start before the build imports them

__all__ = ["Job", "Outcome", "KernelPool", "prepare_notebook", "extract_record", "KernelWorker"]


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class Job:
    """A report to execute."""

    key: str
    notebook: str
    parameters: dict
    title: str = ""
    report: Any = None  # what the caller planned (a PlannedReport); not sent to workers


@dataclass
class Outcome:
    """What became of a job: the executed notebook, or the reason it failed."""

    job: Job
    status: str  # "ok" or "failed"
    nb: nbformat.NotebookNode | None = None
    record: dict = field(default_factory=dict)
    error: str | None = None
    failed_cell: int | None = None  # 1-based index among code cells
    seconds: float = 0.0


#: Notebooks as read and validated, by (path, size, modification time): a build runs each
#: notebook for many places, and reading one costs more than copying it.
_READ: dict[tuple[str, int, int], nbformat.NotebookNode] = {}


def _read_notebook(path: str | Path) -> nbformat.NotebookNode:
    from papermill.iorw import load_notebook_node

    st = os.stat(path)
    key = (str(path), st.st_size, st.st_mtime_ns)
    nb = _READ.get(key)
    if nb is None:
        nb = load_notebook_node(str(path))  # also gives every cell a tags list
        if len(_READ) > 64:
            _READ.clear()
        _READ[key] = nb
    return copy.deepcopy(nb)


def prepare_notebook(path: str | Path, parameters: dict) -> nbformat.NotebookNode:
    """Read a notebook and inject ``parameters`` after its ``parameters`` cell (papermill)."""
    from papermill.parameterize import parameterize_notebook

    nb = parameterize_notebook(
        _read_notebook(path), parameters, kernel_name="python3", language="python"
    )
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def extract_record(nb: nbformat.NotebookNode) -> dict:
    """Take the notebook's record output (headline figures, ledgers read) out of ``nb``."""
    from ..reporting import RECORD_MIME

    record: dict = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if RECORD_MIME in data:
                record.update(data[RECORD_MIME])
            else:
                kept.append(out)
        cell["outputs"] = kept
    return record


def _failed_cell(nb: nbformat.NotebookNode) -> tuple[int | None, str | None]:
    """The 1-based code-cell index (as the analyst counts: papermill's injected cell is not
    counted) and the error of the first cell that shows an error."""
    n = 0
    for cell in nb.cells:
        if cell.cell_type != "code" or "injected-parameters" in cell.metadata.get("tags", []):
            continue
        n += 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return n, _ANSI.sub("", f"{out.get('ename')}: {out.get('evalue')}")
    return None, None


def _kernel_manager_class():
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpec

    class CurrentPythonKernelManager(AsyncKernelManager):
        """A kernel manager that always runs ipykernel in this interpreter."""

        @property
        def kernel_spec(self):  # noqa: D401 - property of the parent class
            return KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name="Python 3 (wbanalysis)",
                language="python",
                resource_dir="",
            )

    return CurrentPythonKernelManager


class KernelWorker:
    """One kernel, started ahead of need, reused across reports with a reset between them."""

    def __init__(
        self,
        *,
        cache_dir: str | None = None,
        cwd: str | None = None,
        cell_timeout: float = 600,
        report_timeout: float = 900,
        startup_timeout: float = 120,
    ) -> None:
        self.cache_dir = cache_dir
        self.cwd = cwd
        self.cell_timeout = cell_timeout
        self.report_timeout = report_timeout
        self.startup_timeout = startup_timeout
        self.km: Any = None  # jupyter_client's AsyncKernelManager and its client, once started
        self.kc: Any = None
        self.used = False
        self.wb_code: str | None = None  # on a Dask worker: the wbanalysis its kernel imported

    @property
    def alive(self) -> bool:
        return self.km is not None

    async def start(self) -> None:
        """Start the kernel and run the warm-up imports in it."""
        self.km = _kernel_manager_class()(kernel_name="python3")
        env = dict(os.environ)
        env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        # The kernel's own log (its start-up banner and transport warnings) is not the
        # report's business: what a cell prints reaches the notebook through messages.
        await self.km.start_kernel(
            env=env,
            cwd=self.cwd,
            stderr=subprocess.DEVNULL,
            extra_arguments=["--HistoryManager.enabled=False"],
        )
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            await self.kc.wait_for_ready(timeout=self.startup_timeout)
            await self._run_silent(
                kernel_state.warmup_code(self.cache_dir), timeout=self.startup_timeout
            )
        except Exception:
            await self.shutdown()
            raise
        self.used = False

    async def _run_silent(self, code: str, *, timeout: float) -> None:
        msg_id = self.kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise KernelError("内核预热超时")
            reply = await self.kc.get_shell_msg(timeout=remaining)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        content = reply["content"]
        if content.get("status") != "ok":
            raise KernelError(f"内核预热失败：{content.get('ename')}: {content.get('evalue')}")

    async def shutdown(self) -> None:
        """Stop the kernel now (idempotent)."""
        km, kc = self.km, self.kc
        self.km = self.kc = None
        if kc is not None:
            try:
                kc.stop_channels()
            except Exception:
                pass
        if km is not None:
            try:
                await km.shutdown_kernel(now=True)
            except Exception:
                pass
            try:
                await km.cleanup_resources()
            except Exception:
                pass

    async def _execute_with_deadline(self, client) -> None:
        """Run the notebook; past the deadline, kill the kernel and raise TimeoutError."""
        task = asyncio.ensure_future(client.async_execute())
        try:
            done, _ = await asyncio.wait({task}, timeout=self.report_timeout)
        except asyncio.CancelledError:  # the build stops (Ctrl-C): stop the execution too
            task.cancel()
            await self.shutdown()
            await asyncio.gather(task, return_exceptions=True)
            raise
        if not done:
            await self.shutdown()  # the kernel goes first, so the execution cannot linger
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            raise asyncio.TimeoutError
        task.result()

    async def run(self, job: Job) -> Outcome:
        """Execute one report; on timeout or a dead kernel, fail it and drop the kernel."""
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

        started = time.monotonic()
        nb = prepare_notebook(job.notebook, job.parameters)
        drop_kernel = False
        try:
            if not self.alive:
                await self.start()
            if self.used:
                await self._run_silent(kernel_state.RESET, timeout=60)
            self.used = True
            client = NotebookClient(
                nb,
                km=self.km,
                timeout=self.cell_timeout,
                kernel_name="python3",
                allow_errors=False,
                record_timing=False,
                shutdown_kernel="immediate",
            )
            client.kc = self.kc
            await self._execute_with_deadline(client)
            status, error, cell = "ok", None, None
            cell, error = _failed_cell(nb)  # an error shown without raising (at display time)
            if cell is not None:
                status = "failed"
        except CellExecutionError:
            status = "failed"
            cell, error = _failed_cell(nb)
        except (asyncio.TimeoutError, CellTimeoutError):
            status, cell, drop_kernel = "failed", None, True
            error = (
                f"报告执行超时（超过 {self.report_timeout:g} 秒或单元超过 "
                f"{self.cell_timeout:g} 秒），已停止"
            )
        except DeadKernelError:
            status, cell, drop_kernel = "failed", None, True
            error = "内核意外退出（进程终止或内存不足）"
        except KernelError as exc:
            status, cell, drop_kernel, error = "failed", None, True, str(exc)
        except Exception as exc:  # the kernel's channels broke in some other way
            status, cell, drop_kernel = "failed", None, True
            error = f"执行出错：{type(exc).__name__}: {exc}"
        if drop_kernel:
            await self.shutdown()
        record = extract_record(nb)
        if status == "failed" and cell is None:
            cell, _ = _failed_cell(nb)
        return Outcome(job, status, nb, record, error, cell, time.monotonic() - started)


def _scope_of(job: Job) -> tuple:
    """The year, place and cut-off a job reports on."""
    p = job.parameters
    return (p.get("year"), p.get("county"), p.get("through_month"), p.get("data_dir"))


class _Pending:
    """The jobs not yet started, each kernel taking, as long as there are any, those of the
    scope it last ran (its ledgers selected and its figures' 出处 found once, not once a
    kernel); a kernel without one takes a scope no other kernel is on."""

    def __init__(self, jobs: list[Job]) -> None:
        self._jobs = list(jobs)
        self._on: dict[int, tuple] = {}

    def take(self, kernel: int) -> Job | None:
        if not self._jobs:
            return None
        mine = self._on.get(kernel)
        others = {scope for k, scope in self._on.items() if k != kernel}
        for wanted in (
            lambda scope: scope == mine,
            lambda scope: scope not in others,
            lambda scope: True,
        ):
            for n, job in enumerate(self._jobs):
                if wanted(_scope_of(job)):
                    self._on[kernel] = _scope_of(job)
                    return self._jobs.pop(n)
        return None  # pragma: no cover - the last rule takes any job


class KernelPool:
    """Warm kernels on a background event loop, started ahead of need.

    :meth:`prestart` launches the kernels and their warm-up imports at once and returns, so
    that they start while the caller validates the ledgers and plans the reports. :meth:`run`
    executes jobs on them and calls ``on_outcome`` (in one publishing thread, one outcome at a
    time) for each. :meth:`close` shuts every kernel down — also after Ctrl-C or an error — so
    no kernel outlives the build.
    """

    def __init__(
        self,
        size: int,
        *,
        cache_dir: str | None = None,
        cwd: str | None = None,
        cell_timeout: float = 600,
        report_timeout: float = 900,
    ) -> None:
        import threading
        from concurrent.futures import ThreadPoolExecutor

        self.workers = [
            KernelWorker(
                cache_dir=cache_dir,
                cwd=cwd,
                cell_timeout=cell_timeout,
                report_timeout=report_timeout,
            )
            for _ in range(max(1, size))
        ]
        self._loop = asyncio.new_event_loop()
        self._closing = False
        self._loop.set_exception_handler(self._on_loop_error)
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="wb-kernels", daemon=True
        )
        self._thread.start()
        self._publisher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wb-publish")
        self._starts: dict[int, asyncio.Future] = {}

    def _call(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    def prestart(self) -> None:
        """Start every kernel now, without waiting for them."""

        async def start_all() -> None:
            for i, worker in enumerate(self.workers):
                if i not in self._starts:
                    self._starts[i] = asyncio.ensure_future(worker.start())

        self._call(start_all()).result()

    def run(
        self,
        jobs: Iterable[Job],
        on_outcome: Callable[[Outcome], None],
        on_start: Callable[[Job], None] | None = None,
    ) -> None:
        """Execute ``jobs`` (blocking); extra kernels beyond the number of jobs are stopped."""
        jobs = list(jobs)

        async def main() -> None:
            pending = _Pending(jobs)
            used = self.workers[: min(len(self.workers), len(jobs))]
            for i, worker in enumerate(self.workers[len(used) :], start=len(used)):
                await self._settle(i)
                await worker.shutdown()
            loop = asyncio.get_running_loop()
            # A kernel goes on to its next report while the last one is published (in the
            # one publishing thread, in order); a publishing error stops the run.
            publishing: list[asyncio.Future] = []

            def raise_publishing_error() -> None:
                for future in publishing:
                    error = future.exception() if future.done() else None
                    if error is not None:
                        raise error

            async def drain(i: int, worker: KernelWorker) -> None:
                await self._settle(i)
                while True:
                    raise_publishing_error()
                    job = pending.take(i)
                    if job is None:
                        return
                    if on_start is not None:
                        on_start(job)
                    outcome = await worker.run(job)
                    publishing.append(loop.run_in_executor(self._publisher, on_outcome, outcome))

            try:
                await asyncio.gather(*(drain(i, w) for i, w in enumerate(used)))
            finally:
                await asyncio.gather(*publishing, return_exceptions=True)
            raise_publishing_error()

        future = self._call(main())
        try:
            future.result()
        except BaseException:
            future.cancel()
            raise

    async def _settle(self, i: int) -> None:
        """Wait for a kernel started ahead of need; a failed start is retried by ``run``."""
        start = self._starts.pop(i, None)
        if start is not None:
            try:
                await start
            except Exception:
                await self.workers[i].shutdown()

    def _on_loop_error(self, loop, context) -> None:
        # While closing, executions end with the errors of the kernels being killed on
        # purpose (DeadKernelError, cancellation): nothing the user needs to read.
        if not self._closing:
            loop.default_exception_handler(context)

    def close(self) -> None:
        """Shut every kernel down and stop the loop (idempotent)."""
        if self._loop.is_closed():
            return
        self._closing = True

        async def stop_all() -> None:
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in others:
                task.cancel()
            await asyncio.gather(*(w.shutdown() for w in self.workers), return_exceptions=True)
            await asyncio.gather(*others, return_exceptions=True)

        try:
            self._call(stop_all()).result(timeout=60)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._publisher.shutdown(wait=True)
            if not self._loop.is_running():
                self._loop.close()
