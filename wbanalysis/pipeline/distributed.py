"""Scale-out: the same build with each report executed on a Dask distributed cluster.

Workers need wbanalysis installed and the ledgers readable at the same path (``data_dir`` is a
parameter of every report). The build registers :class:`WarmKernels` on the cluster: every
worker keeps its own warm kernels — started once, reset between reports exactly as the local
pool resets them (:mod:`.kernel`), shut down when the worker stops — and a Dask task runs one
report on one of them and returns the executed notebook. The ledgers validated by the client
are handed to the workers (:meth:`Cluster.share_ledgers`), which keep them when they see the
same files. Publishing, the cache and the index
stay with the client, so the site is the same as a local build's. A worker lost mid-build:
Dask runs its reports again on another worker; a report that cannot be run fails alone.

Whoever can connect to a scheduler can run any code on its workers (a Dask task is a Python
function). :func:`scheduler_security` is therefore checked before any connection: a ``tls://``
address needs a CA and a client certificate (given, or from Dask's own configuration
``distributed.comm.tls.*``) and is connected with ``Security(require_encryption=True)``; a plain
``tcp://`` address is accepted on this computer's loopback only, unless the user says the
network is trusted (``allow_insecure``). The build never starts a cluster of its own: without a
scheduler it runs the reports on local kernels.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import ipaddress
import json
import logging
import queue
import shutil
import ssl
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
from distributed.diagnostics.plugin import WorkerPlugin

from .execute import Job, KernelWorker, Outcome

__all__ = ["WarmKernels", "Cluster", "run_remote", "scheduler_security", "PLUGIN_NAME"]

#: The name of the worker plugin holding the warm kernels.
PLUGIN_NAME = "wbanalysis-kernels"


class WarmKernels(WorkerPlugin):
    """A Dask worker plugin: warm kernels for the life of the worker, one per worker thread.

    Only its settings travel to the workers; the kernels, their event loop and a private
    ledger cache folder (mode 0700, inside the worker's scratch folder) are made in
    :meth:`setup` and removed in :meth:`teardown`.
    """

    name = PLUGIN_NAME
    idempotent = True  # registered again by the next build: the running kernels are kept

    def __init__(self, timeout: float = 900) -> None:
        self.timeout = float(timeout)  # for the kernels started ahead; each report has its own

    def setup(self, worker) -> None:
        from .manifest import code_hash_now

        self.code = code_hash_now()  # of the wbanalysis the kernels import
        self.cache_dir = tempfile.mkdtemp(
            prefix="wbanalysis-ledgers-", dir=getattr(worker, "local_directory", None)
        )
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, daemon=True, name="wb-worker-kernels"
        )
        self._thread.start()
        size = max(1, int(getattr(getattr(worker, "state", None), "nthreads", 1) or 1))
        self._idle: queue.Queue[KernelWorker] = queue.Queue()
        self._starting: dict[int, concurrent.futures.Future] = {}
        for _ in range(size):
            kernel = KernelWorker(
                cache_dir=self.cache_dir,
                cell_timeout=self.timeout + 30,
                report_timeout=self.timeout,
            )
            kernel.wb_code = self.code
            self._starting[id(kernel)] = asyncio.run_coroutine_threadsafe(
                self._start(kernel), self._loop
            )
            self._idle.put(kernel)

    async def _start(self, kernel: KernelWorker) -> None:
        try:
            await kernel.start()
        except Exception:  # noqa: BLE001 - the first report starts it again, or fails alone
            await kernel.shutdown()

    def run(self, job: Job, timeout: float, code: str) -> Outcome:
        """Run one report on an idle kernel of this worker (blocking the calling thread), with
        this build's ``timeout``. ``code`` is the wbanalysis the worker has now: kernels that
        imported another (the package was updated while the worker ran) are started again."""
        kernel = self._idle.get()
        try:
            starting = self._starting.pop(id(kernel), None)
            if starting is not None:
                starting.result()  # started ahead of need; a failed start is retried by run
            if kernel.wb_code != code:  # started again (with the new code) by kernel.run
                asyncio.run_coroutine_threadsafe(kernel.shutdown(), self._loop).result()
                kernel.wb_code = code
            kernel.cell_timeout, kernel.report_timeout = timeout + 30, timeout
            return asyncio.run_coroutine_threadsafe(kernel.run(job), self._loop).result()
        finally:
            self._idle.put(kernel)

    def teardown(self, worker) -> None:
        kernels = []
        while not self._idle.empty():
            kernels.append(self._idle.get_nowait())

        async def stop() -> None:
            await asyncio.gather(*(k.shutdown() for k in kernels), return_exceptions=True)

        try:
            asyncio.run_coroutine_threadsafe(stop(), self._loop).result(timeout=60)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            shutil.rmtree(self.cache_dir, ignore_errors=True)


def _fresh_kernel(job: Job, timeout: float) -> Outcome:
    """A report on a kernel of its own (a worker without the plugin)."""
    cache = tempfile.mkdtemp(prefix="wbanalysis-ledgers-")

    async def go() -> Outcome:
        kernel = KernelWorker(cache_dir=cache, cell_timeout=timeout + 30, report_timeout=timeout)
        try:
            return await kernel.run(job)
        finally:
            await kernel.shutdown()

    try:
        return asyncio.run(go())
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def run_remote(job: dict, timeout: float, code: str | None = None) -> dict:
    """Execute one report on this worker (a Dask task); return plain data.

    ``code`` is the client's :func:`.manifest.code_hash`: a worker with another wbanalysis
    installed fails the report — its figures would not be those of the code the build
    records for the page."""
    from .manifest import code_hash_now

    here = code_hash_now()
    if code is not None and here != code:
        return _failed(
            f"工作进程上的 wbanalysis 与发起构建的计算机不同（代码指纹 {here} ≠ {code}）："
            "请在各工作节点安装相同版本后重启 dask worker"
        )
    try:
        from dask.distributed import get_worker

        plugin = get_worker().plugins.get(PLUGIN_NAME)
    except (ImportError, ValueError):  # not on a Dask worker
        plugin = None
    planned = Job(**job)
    if isinstance(plugin, WarmKernels):
        outcome = plugin.run(planned, float(timeout), here)
    else:
        outcome = _fresh_kernel(planned, timeout)
    return {
        "status": outcome.status,
        "record": outcome.record,
        "error": outcome.error,
        "failed_cell": outcome.failed_cell,
        "seconds": outcome.seconds,
        # the notebook as JSON text: compact on the wire; the client publishes it as the
        # local pool's notebooks are published (nbconvert checks it against the schema)
        "nb": json.dumps(outcome.nb, ensure_ascii=False) if outcome.nb is not None else None,
    }


#: Seconds a build waits for a cluster without workers before giving up (at most --timeout).
NO_WORKER_GRACE = 30.0


def _failed(error: str) -> dict:
    return {
        "status": "failed",
        "record": {},
        "nb": None,
        "failed_cell": None,
        "seconds": 0.0,
        "error": error,
    }


def _install_ledgers(
    source: str, signature: str, files: dict[str, bytes], dask_worker=None
) -> bool:
    """On a worker (``Client.run``): keep the client's validated ledgers in the warm kernels'
    cache folder, when this worker sees the same ledger files (see ``DatasetCache.install``)."""
    from ..io.cache import DatasetCache

    plugin = dask_worker.plugins.get(PLUGIN_NAME) if dask_worker is not None else None
    if not isinstance(plugin, WarmKernels):
        return False
    return DatasetCache(plugin.cache_dir).install(source, signature, files)


#: Schemes whose connections are encrypted and authenticated by certificates.
SECURE_SCHEMES = ("tls", "wss")

#: The largest certificate or key file read (a PEM file is a few KB).
_MAX_PEM_BYTES = 1 << 20

_INSECURE_HELP = (
    "能连上调度器的任何人都能在各工作节点上运行任意代码。"
    "请改用 TLS：tls://主机:端口 加 --tls-ca-file、--tls-cert、--tls-key（见 README「在 Dask 集群上构建」）；"
    "若确知调度器只在可信的内网中可达，可加 --allow-insecure-scheduler"
)


def _scheme_host(scheduler: str) -> tuple[str, str]:
    """The scheme (``tcp`` when none is written) and the host of ``scheme://host:port``."""
    scheme, sep, rest = scheduler.strip().partition("://")
    if not sep:
        scheme, rest = "tcp", scheduler.strip()
    host = rest.rsplit(":", 1)[0]
    return scheme.lower(), host.strip("[]")


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback address (127.0.0.0/8, ::1): reachable from this computer only.

    >>> [is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "10.0.0.5", "0.0.0.0")]
    [True, True, True, False, False]
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve anywhere
        return False


def _pem(value, what: str, option: str) -> None:
    """A certificate or key is a readable PEM file (or PEM text, as Dask's configuration allows);
    otherwise :class:`~wbanalysis.errors.ParameterError`."""
    from ..errors import ParameterError

    text = str(value)
    if "\n" in text:  # the PEM text itself (Dask reads a value with a newline so)
        return
    path = Path(text).expanduser()
    try:
        if not path.is_file():
            raise ParameterError(f"找不到{what}文件：{path}（{option}）")
        with path.open("rb") as handle:
            head = handle.read(_MAX_PEM_BYTES + 1)
    except OSError as exc:
        raise ParameterError(
            f"无法读取{what}文件：{path}（{option}；{exc.strerror or exc}）"
        ) from None
    if len(head) > _MAX_PEM_BYTES or b"-----BEGIN" not in head:
        raise ParameterError(f"{what}文件不是 PEM 格式：{path}（{option}）")


def scheduler_security(
    scheduler: str,
    *,
    ca_file: str | Path | None = None,
    cert: str | Path | None = None,
    key: str | Path | None = None,
    allow_insecure: bool = False,
):
    """The :class:`distributed.security.Security` to connect to ``scheduler`` with (``None``:
    Dask's default, for a plain address), after refusing what would leave the workers open.

    - ``tls://`` (or ``wss://``): encryption required; the CA and the client certificate (with
      its key, or the key apart) are those given, or else Dask's configuration
      (``distributed.comm.tls.ca-file``, ``distributed.comm.tls.client.cert`` and ``.key``, in
      a dask YAML file or ``DASK_DISTRIBUTED__COMM__TLS__CA_FILE`` …); each must be a readable
      PEM file.
    - ``tcp://`` (or no scheme, ``ws://``, ``ucx://``): no encryption, no authentication — only
      on the loopback, or with ``allow_insecure``; certificates given with such an address are
      an error (they would not be used).

    Every refusal is a :class:`~wbanalysis.errors.ParameterError` in Chinese, raised before
    anything connects.
    """
    from ..errors import ParameterError

    scheme, host = _scheme_host(scheduler)
    given = {
        name: str(value)
        for name, value in (
            ("tls_ca_file", ca_file),
            ("tls_client_cert", cert),
            ("tls_client_key", key),
        )
        if value is not None and str(value).strip()
    }
    if scheme not in SECURE_SCHEMES:
        if given:
            raise ParameterError(
                f"给出了 TLS 证书，但 Dask 调度器地址 {scheduler} 不加密：请写作 tls://{host}:端口"
            )
        if not is_loopback(host) and not allow_insecure:
            raise ParameterError(
                f"拒绝以不加密的 {scheme}:// 连接本机以外的 Dask 调度器 {scheduler}：{_INSECURE_HELP}"
            )
        return None
    from distributed.security import Security

    try:
        security = Security(require_encryption=True, **given)
    except (ValueError, TypeError, ImportError) as exc:  # a bad TLS setting in Dask's config
        raise ParameterError(f"Dask 的 TLS 配置有误：{exc}") from None
    # slots set from the arguments or the configuration (the stubs do not know them)
    ca, cert, key = (
        getattr(security, f"tls_{n}") for n in ("ca_file", "client_cert", "client_key")
    )
    if not ca or not cert:
        raise ParameterError(
            f"以 {scheme}:// 连接 Dask 调度器 {scheduler} 须有证书：请给出 --tls-ca-file"
            "（签发集群证书的 CA）和 --tls-cert（本机的证书）、--tls-key（其私钥），"
            "或在 Dask 配置中设置 distributed.comm.tls.ca-file 与 distributed.comm.tls.client.cert"
        )
    _pem(ca, "CA 证书", "--tls-ca-file 或 distributed.comm.tls.ca-file")
    _pem(cert, "证书", "--tls-cert 或 distributed.comm.tls.client.cert")
    if key:
        _pem(key, "私钥", "--tls-key 或 distributed.comm.tls.client.key")
    try:  # loads the files as the connection will: a key that is not the certificate's …
        security.get_connection_args("client")
    except (ssl.SSLError, OSError, ValueError) as exc:
        raise ParameterError(
            f"TLS 证书或私钥无法使用（{type(exc).__name__}：{str(exc)[:200]}）："
            "请检查 --tls-cert 与 --tls-key 是否配对、文件是否为 PEM 格式"
        ) from None
    return security


#: Seconds to reach the scheduler; the connection attempt is given a little more before the
#: build gives up on an address that answers, but not as a Dask scheduler does.
CONNECT_SECONDS = 30


def _connect(client_class, scheduler: str, seconds: float, security=None):
    """A Dask client of ``scheduler``, or :class:`~wbanalysis.errors.BuildError` within
    ``seconds`` + 10:
    an address that is no scheduler (a web server, SSH) can make the client wait without end
    or fail in any way."""
    from ..errors import BuildError

    result: dict = {}

    def connect() -> None:
        try:
            kwargs = {} if security is None else {"security": security}
            result["client"] = client_class(scheduler, timeout=f"{seconds:g}s", **kwargs)
        except BaseException as exc:  # noqa: BLE001 - reported to the user below
            result["error"] = exc

    thread = threading.Thread(target=connect, daemon=True, name="wb-dask-connect")
    thread.start()
    thread.join(seconds + 10)
    if "client" in result:
        return result["client"]
    if thread.is_alive():
        raise BuildError(
            f"无法连接 Dask 调度器 {scheduler}：{seconds + 10:g} 秒内没有应答"
            "（该地址可能不是 Dask 调度器）"
        )
    exc = result.get("error")
    raise BuildError(f"无法连接 Dask 调度器 {scheduler}：{type(exc).__name__}: {str(exc)[:200]}")


def _quiet(prefix: str) -> dict[str, int]:
    """Silence the loggers named ``prefix`` or ``prefix.*`` (Dask sets some levels of its own);
    return their levels for :func:`_restore`."""
    names = [prefix, *(n for n in logging.root.manager.loggerDict if n.startswith(prefix + "."))]
    levels = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    return levels


def _restore(levels: dict[str, int]) -> None:
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


class Cluster:
    """One build's connection to a Dask scheduler.

    Made as soon as the build knows it has work, so that the workers' kernels warm up while the
    client validates the ledgers; :meth:`share_ledgers` then hands the validated tables to every
    worker (they would otherwise validate the same files again), and :meth:`run` executes the
    reports.
    """

    def __init__(self, scheduler: str, *, timeout: float, warm: bool = True, security=None) -> None:
        """``security``: a :class:`distributed.security.Security` (see
        :func:`scheduler_security`, which the build calls first), or ``None``."""
        from dask.distributed import Client

        self.scheduler, self.timeout, self.warm = scheduler, float(timeout), warm
        # the client's own log (reconnect attempts with tracebacks when the scheduler goes
        # away) is not for the user: the build says in one line what happened
        self._levels = _quiet("distributed")
        try:
            self.client = _connect(Client, scheduler, CONNECT_SECONDS, security)
        except BaseException:
            _restore(self._levels)
            raise
        if warm:
            try:
                self.client.register_plugin(WarmKernels(timeout), name=PLUGIN_NAME)
            except Exception as exc:  # noqa: BLE001 - reports then run on fresh kernels
                print(
                    f"wbanalysis：未能在集群上预热内核（{type(exc).__name__}: {exc}），"
                    "改为每份报告单独启动内核",
                    file=sys.stderr,
                )

    def close(self) -> None:
        try:
            self.client.close()
        except Exception:  # noqa: BLE001 - the scheduler may be gone already
            pass
        finally:
            _restore(self._levels)

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def share_ledgers(self, cache_dir: str | Path, source: str | Path) -> int:
        """Give the workers' warm kernels the ledgers validated here (kept in ``cache_dir``);
        returns on how many workers they were kept. A worker that sees other files (or joins
        later) validates them itself, so this only saves time — never changes a figure."""
        from ..io.cache import DatasetCache

        exported = DatasetCache(cache_dir).export(source) if self.warm else None
        if exported is None:
            return 0
        signature, files = exported
        try:
            kept = self.client.run(
                _install_ledgers, str(Path(source).resolve()), signature, files, on_error="return"
            )
        except Exception:  # noqa: BLE001 - workers then validate the ledgers themselves
            return 0
        return sum(1 for value in kept.values() if value is True)

    def run(
        self,
        jobs: list[Job],
        on_outcome: Callable[[Outcome], None],
        on_start: Callable[[Job], None] | None = None,
    ) -> None:
        """Run ``jobs`` on the cluster (as :meth:`.execute.KernelPool.run` runs them on local
        kernels); hand each outcome to ``on_outcome`` (which publishes
        and records it) as it completes.

        The build never waits forever: with no worker for ``min(timeout, NO_WORKER_GRACE)``
        seconds (none started, or all died) it stops with
        :class:`~wbanalysis.errors.BuildError`; when workers exist but no report completes
        within ``timeout + 60`` seconds, the remaining reports fail.
        """
        futures = self._submit(jobs, on_start)
        pending = set(futures)
        last_progress = time.monotonic()
        no_workers_since: float | None = None

        def deliver(future, res: dict) -> None:
            nb = nbformat.from_dict(json.loads(res["nb"])) if res["nb"] else None
            on_outcome(
                Outcome(
                    futures[future],
                    res["status"],
                    nb,
                    res["record"],
                    res["error"],
                    res["failed_cell"],
                    res["seconds"],
                )
            )

        while pending:
            done, pending = self._wait(pending)
            now = time.monotonic()
            for future in done:
                deliver(future, _result(future))
                last_progress = now
            if not pending:
                break
            no_workers_since = self._check_workers(pending, now, no_workers_since)
            if now - last_progress > self.timeout + 60:
                self.client.cancel(list(pending))
                for future in list(pending):
                    deliver(
                        future, _failed(f"集群在 {self.timeout + 60:g} 秒内未完成任何报告，已停止")
                    )
                pending = set()

    def _submit(self, jobs: list[Job], on_start: Callable[[Job], None] | None) -> dict:
        """Submit one task per job; the futures, with their jobs."""
        from .manifest import code_hash

        code = code_hash()
        futures = {}
        for job in jobs:
            payload = {
                "key": job.key,
                "notebook": job.notebook,
                "parameters": job.parameters,
                "title": job.title,
            }
            futures[self.client.submit(run_remote, payload, self.timeout, code, pure=False)] = job
            if on_start is not None:
                on_start(job)
        return futures

    def _lost(self, exc: BaseException, pending: set):
        from ..errors import BuildError

        return BuildError(
            f"与 Dask 调度器 {self.scheduler} 的连接中断（{type(exc).__name__}），"
            f"{len(pending)} 份报告未生成；已生成的报告已发布"
        )

    def _wait(self, pending: set) -> tuple[set, set]:
        """The futures done within a second, and those still pending."""
        from dask.distributed import wait

        try:
            done, pending = wait(pending, timeout=1.0, return_when="FIRST_COMPLETED")
        except (TimeoutError, asyncio.TimeoutError):
            return set(), pending
        except Exception as exc:  # noqa: BLE001 - the scheduler is gone (killed, network)
            raise self._lost(exc, pending) from None
        return done, pending

    def _check_workers(self, pending: set, now: float, since: float | None) -> float | None:
        """Since when the cluster has had no worker (``None``: it has some); past the grace
        period, the pending reports are cancelled and the build stops."""
        from ..errors import BuildError

        try:
            workers = self.client.scheduler_info().get("workers")
        except Exception as exc:  # noqa: BLE001
            raise self._lost(exc, pending) from None
        if workers:
            return None
        since = since or now
        grace = min(self.timeout, NO_WORKER_GRACE)
        if now - since >= grace:
            self.client.cancel(list(pending))
            raise BuildError(
                f"Dask 集群 {self.scheduler} 没有可用的工作进程（等待 {grace:g} 秒），"
                f"{len(pending)} 份报告未生成；请先启动 dask worker"
            )
        return since


def _result(future) -> dict:
    """A finished task's result, or a failed report's when the task itself failed."""
    try:
        return future.result()
    except Exception as exc:  # the worker died or could not run the task
        return _failed(f"集群执行失败：{type(exc).__name__}: {exc}")
