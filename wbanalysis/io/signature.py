"""What a ledger file looks like, and what it holds (without pandas).

Two ways of telling a file, for the caches (:mod:`.cache`) and the build's skip decision:

- its *signature* (:func:`file_signature`): name, size, modification time, file id (inode,
  or the NTFS file index on Windows) and status-change time (creation time on Windows). Cheap:
  no byte is read. Saving as Excel does (a new file renamed over the old) gives a new file id,
  so the signature changes even when the size and modification time are the same. It cannot
  see a file rewritten in place within one tick of the clock, nor (on Windows, where there is
  no status-change time) one rewritten in place and given back its old modification time:
  those a signature taken within :data:`SETTLE_SECONDS` of the change marks as *unsettled*
  (the caches then confirm it by content), and ``build --force`` confirms every file by
  content.
- its *digest* (:class:`Snapshot`): the SHA-256 of the bytes actually read. A file is read
  once into memory (:func:`snapshot`), between two signatures that must agree (else it is read
  again); what is parsed is those bytes, and what the caches keep is named by their digest, so
  what is cached is by construction what was read.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import ReadError

__all__ = [
    "MAX_FILE_BYTES",
    "SETTLE_SECONDS",
    "Snapshot",
    "file_signature",
    "folder_state",
    "is_regular",
    "snapshot",
    "source_signature",
]

#: A file changed less than this before its signature was taken may change again without its
#: signature changing (timestamps are coarse: a few ms on Linux, 2 s on FAT): such a signature
#: is not trusted alone.
SETTLE_SECONDS = 2.0

#: How often a file that keeps changing while it is read is read again before giving up.
ATTEMPTS = 5

#: The largest ledger file read (bytes): a file is read whole into memory, then parsed. A sheet
#: of Excel's full 1,048,576 rows saved as CSV is a few hundred MB; anything larger is no
#: ledger (and would exhaust the memory before it could be refused).
MAX_FILE_BYTES = 512 << 20


@cache
def _code_digest() -> str:
    """Hash of the code that turns files into typed tables (a change invalidates the cache)."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    # io/definitions.py (the 指标定义 rows) is among io's own files
    for path in sorted(
        [
            *here.glob("*.py"),
            *(here.parent / "units").glob("*.py"),
            here.parent / "schema.py",
            here.parent / "errors.py",
        ]
    ):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def file_signature(st: os.stat_result) -> str:
    """Size, modification time, file id and status-change time of a file's ``os.stat``."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}:{st.st_ctime_ns}"


def _changed_at(st: os.stat_result) -> float:
    return max(st.st_mtime, st.st_ctime)


def is_regular(st: os.stat_result) -> bool:
    """A regular file (not a folder, named pipe, device or socket)."""
    return stat.S_ISREG(st.st_mode)


def folder_state(source: str | Path) -> tuple[str, bool]:
    """``(signature, settled)`` of the ledger files under ``source``: a key that changes
    whenever one of them is replaced or changes size or time (:func:`file_signature`), and
    whether every file last changed more than :data:`SETTLE_SECONDS` ago.

    Cheap: it reads no file contents. Includes the schema and the reading code, so a change to
    either changes it.
    """
    source = Path(source).resolve()
    now = time.time()
    digest = hashlib.sha256(os.fsencode(source))
    settled = True
    try:
        if source.is_dir():
            entries = sorted((p.name, p) for p in source.iterdir())
        else:
            entries = [(source.name, source)]
        for name, path in entries:
            try:
                st = path.stat()
            except OSError:
                continue
            if stat.S_ISDIR(st.st_mode):
                continue
            settled = settled and _changed_at(st) < now - SETTLE_SECONDS
            # a name as the file system holds it (one saved in another encoding is no str)
            digest.update(os.fsencode(name) + f"\0{file_signature(st)}\n".encode())
    except OSError:
        settled = False
    digest.update(_code_digest().encode())
    return digest.hexdigest()[:24], settled


def source_signature(source: str | Path) -> str:
    """A key that changes whenever a ledger file under ``source`` changes (see
    :func:`folder_state`)."""
    return folder_state(source)[0]


@dataclass(frozen=True)
class Snapshot:
    """The bytes of a file as read once, their SHA-256, and the file's signature (taken before
    reading and confirmed after), and whether it was settled then."""

    data: bytes
    digest: str
    signature: str
    settled: bool


def _read_regular(path: Path) -> tuple[os.stat_result, bytes]:
    """The bytes of ``path``, never opening what is not a regular file (a named pipe would
    block for ever)."""
    st = os.stat(path)
    if not is_regular(st):
        raise NotRegularFile(path)
    if st.st_size > MAX_FILE_BYTES:
        raise ReadError(
            f"文件过大（{st.st_size / 2**20:,.0f} MB，超过 {MAX_FILE_BYTES >> 20} MB 的上限），未读取",
            f"台账文件不超过 {MAX_FILE_BYTES >> 20} MB；过大的台账请按年度拆分",
        )
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as fh:
        if not is_regular(os.fstat(fh.fileno())):  # replaced between the two calls
            raise NotRegularFile(path)
        return st, fh.read()


class NotRegularFile(ReadError):
    """A named pipe, device or socket where a file was expected."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            "不是普通文件（是命名管道、设备或套接字），未读取",
            "保存在数据文件夹中的台账文件（.csv、.xlsx 等）",
        )
        self.path = path


def snapshot(path: Path) -> Snapshot:
    """The bytes of ``path`` read once, between two equal signatures (read again while they
    differ: the file was saved meanwhile). Raises :class:`~wbanalysis.errors.ReadError`
    when the file cannot be read, is no regular file, or keeps changing."""
    for _ in range(ATTEMPTS):
        started = time.time()
        try:
            before, data = _read_regular(path)
            after = os.stat(path)
        except FileNotFoundError:  # renamed away mid-save: the new file follows
            time.sleep(0.05)
            continue
        except OSError as exc:
            raise ReadError(f"无法读取文件（{exc.strerror or exc}）") from None
        signature = file_signature(before)
        if file_signature(after) == signature and len(data) == before.st_size:
            settled = _changed_at(before) < started - SETTLE_SECONDS
            return Snapshot(data, hashlib.sha256(data).hexdigest(), signature, settled)
        time.sleep(0.05)
    raise ReadError(
        "文件在读取过程中不断被修改（可能正在保存），无法读取到完整的一版",
        "保存并关闭台账后重新运行",
    )
