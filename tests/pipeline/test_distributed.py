"""The client side of a Dask build without a cluster: an address that is no scheduler, a worker
with another wbanalysis, warm kernels of a worker whose package was replaced."""

from __future__ import annotations

import asyncio
import queue
import socket
import threading
import time

import pytest

from wbanalysis.errors import WbAnalysisError
from wbanalysis.pipeline import distributed
from wbanalysis.pipeline.manifest import code_hash, code_hash_now

# seconds a test (subprocesses, large files, whole builds): left out of `make test-fast`
pytestmark = pytest.mark.slow


class _Server:
    """A TCP server that is no Dask scheduler: silent, or with a greeting of its own."""

    def __init__(self, greeting: bytes = b"") -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.greeting, self.conns = greeting, []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)
            if self.greeting:
                conn.sendall(self.greeting)

    def close(self) -> None:
        for conn in self.conns:
            conn.close()
        self.sock.close()


@pytest.mark.parametrize(
    "greeting",
    [
        b"",
        b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n" * 50,
        b"HTTP/1.1 400 Bad Request\r\n\r\n" + b"\xff" * 4096,
    ],
)
def test_an_address_that_is_no_scheduler_is_a_clear_error_in_bounded_time(greeting):
    from dask.distributed import Client

    server = _Server(greeting)
    started = time.monotonic()
    try:
        with pytest.raises(WbAnalysisError, match="无法连接 Dask 调度器"):
            distributed._connect(Client, f"tcp://127.0.0.1:{server.port}", 2)
    finally:
        server.close()
    assert time.monotonic() - started < 2 + 10 + 5


def test_a_worker_with_another_wbanalysis_fails_the_report_with_a_reason():
    job = {"key": "k", "notebook": "x.ipynb", "parameters": {}, "title": "t"}
    res = distributed.run_remote(job, 60, code="0000000000000000")
    assert res["status"] == "failed" and "与发起构建的计算机不同" in res["error"]
    assert code_hash_now() == code_hash()


class _FakeKernel:
    def __init__(self, code: str) -> None:
        self.wb_code, self.shutdowns, self.ran = code, 0, []
        self.cell_timeout = self.report_timeout = None

    async def shutdown(self) -> None:
        self.shutdowns += 1

    async def run(self, job):
        self.ran.append((job, self.report_timeout, self.cell_timeout))
        return "outcome"


def test_warm_kernels_of_a_replaced_package_start_again_and_take_each_builds_timeout():
    plugin = distributed.WarmKernels(timeout=900)
    plugin._loop = asyncio.new_event_loop()
    thread = threading.Thread(target=plugin._loop.run_forever, daemon=True)
    thread.start()
    try:
        plugin._idle, plugin._starting = queue.Queue(), {}
        kernel = _FakeKernel("old")
        plugin._idle.put(kernel)
        assert plugin.run("job1", 5.0, "old") == "outcome"
        assert kernel.shutdowns == 0 and kernel.ran[-1] == ("job1", 5.0, 35.0)
        assert plugin.run("job2", 600.0, "new") == "outcome"  # the package was replaced
        assert kernel.shutdowns == 1 and kernel.wb_code == "new"
        assert kernel.ran[-1] == ("job2", 600.0, 630.0)
        plugin.run("job3", 600.0, "new")
        assert kernel.shutdowns == 1  # started again once, not before every report
    finally:
        plugin._loop.call_soon_threadsafe(plugin._loop.stop)
        thread.join(5)
