"""认领站点 (claiming the site): the folders a build writes, and the lock on them.

The site is the build's own: a folder is used only when it is new, empty, or carries the
marker an earlier build wrote (the same for the cache folder); it may not be the ledger folder
or lie inside it. Every page is written inside the site, at a path checked by :func:`inside`.
One build at a time may write a site (:class:`SiteLock`).
"""

from __future__ import annotations

import errno
import json
from pathlib import Path

from .. import __version__
from ..atomic import atomic_write_text
from ..errors import BuildLocked, ParameterError, SiteError

__all__ = ["SITE_MARKER", "CACHE_MARKER", "SiteLock", "claim", "data_source", "inside", "os_reason"]

#: The file that makes a folder a wbanalysis site (and its cache folder the build's cache).
SITE_MARKER = ".wbanalysis-site"
CACHE_MARKER = ".wbanalysis-cache"


def os_reason(exc: OSError) -> str:
    """Why a file could not be written, as the user says it."""
    reasons = {
        errno.ENOSPC: "磁盘空间不足",
        errno.EROFS: "文件系统只读",
        errno.EACCES: "没有写入权限",
        errno.EPERM: "没有写入权限",
    }
    fallback = exc.strerror or type(exc).__name__
    return reasons.get(exc.errno, fallback) if exc.errno is not None else fallback


def inside(root: Path, relative: str) -> Path:
    """``root / relative``, refused unless it resolves to a place inside ``root``."""
    target = (root / relative).resolve()
    if not target.is_relative_to(root) or target == root:
        raise SiteError(f"报告路径越出站点文件夹，已拒绝写入：{relative}")
    return target


def data_source(data_dir: str | Path | None) -> Path:
    """The ledgers a build reads: ``data_dir`` resolved, or the demo ledgers."""
    from ..io import default_data_dir

    if data_dir is None:
        return default_data_dir()
    source = Path(data_dir).resolve()
    if not source.exists():
        raise ParameterError(f"找不到台账：{data_dir}（须为台账文件夹或 Excel 工作簿）")
    return source


def claim(out_dir: Path, cache: Path, data_dir: Path) -> None:
    """Make sure the site and its cache folder are ours to write, and mark them."""
    ledgers = data_dir if data_dir.is_dir() else None
    if ledgers is not None and (
        out_dir == ledgers or out_dir.is_relative_to(ledgers) or cache.is_relative_to(ledgers)
    ):
        raise SiteError(
            f"站点文件夹 {out_dir} 不能是台账文件夹或位于其中（台账：{ledgers}），"
            "请用 --out 指定另一个文件夹"
        )
    folders = ((out_dir, SITE_MARKER, "站点文件夹"), (cache, CACHE_MARKER, "缓存文件夹"))
    for folder, marker, what in folders:  # both checked before anything is written
        if folder.exists() and not folder.is_dir():
            raise SiteError(f"{what} {folder} 已存在且不是文件夹")
        if folder.is_dir() and not (folder / marker).is_file() and any(folder.iterdir()):
            raise SiteError(
                f"{what} {folder} 不是空文件夹，也不是 wbanalysis 生成的，"
                "为免覆盖其中的文件已停止；请用 --out 指定新的或空的文件夹"
            )
    for folder, marker, what in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not (folder / marker).is_file():
                atomic_write_text(
                    folder / marker,
                    json.dumps({"wbanalysis": __version__, "kind": what}, ensure_ascii=False)
                    + "\n",
                )
        except OSError as exc:
            raise SiteError(f"无法写入{what} {folder}：{os_reason(exc)}") from None


class SiteLock:
    """An exclusive lock on a site (a file in its cache folder), on Windows and Linux alike."""

    def __init__(self, cache: Path, out_dir: Path) -> None:
        from filelock import FileLock

        cache.mkdir(parents=True, exist_ok=True)
        self.path = cache / "lock"
        self.out_dir = out_dir
        self._lock = FileLock(str(self.path), timeout=0)

    def __enter__(self) -> SiteLock:
        from filelock import Timeout

        try:
            self._lock.acquire()
        except Timeout:
            raise BuildLocked(
                f"另一个构建正在写入 {self.out_dir}，请等它结束后再试（锁文件：{self.path}）"
            ) from None
        return self

    def __exit__(self, *exc) -> None:
        self._lock.release()
