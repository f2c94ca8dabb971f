"""The build's memory beside the site (``<out>.cache/``): the manifest and input keys.

The manifest records, for every report of the site, its status, the headline figures and
ledgers its notebook recorded, and the key of its inputs (notebook, parameters, code, the
content of the ledgers it read). A report whose inputs have the same key is not run again. The
manifest is rewritten atomically after every report, so it survives a crash; a manifest that
cannot be read or has the wrong shape is set aside with a one-line notice and the build starts
afresh — never a traceback. The lock on the site is :class:`.claim.SiteLock`.
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import cache
from pathlib import Path

from ..atomic import atomic_write_text
from ..errors import ParameterError

__all__ = ["Manifest", "cache_dir_for", "code_hash", "code_hash_now", "input_key", "file_digest"]

MANIFEST_VERSION = 2
_PACKAGE = Path(__file__).resolve().parent.parent
_CODE_SUFFIXES = {".py", ".j2", ".json", ".css", ".tpl"}
_NOT_CODE = {"__pycache__", "notebooks", "data"}


def cache_dir_for(out_dir: Path) -> Path:
    """The cache folder beside a site folder: ``reports/site`` → ``reports/site.cache``.

    >>> cache_dir_for(Path("reports/site")).name
    'site.cache'
    """
    out_dir = Path(out_dir).resolve()
    if not out_dir.name:  # "/" or "D:\\": a cache beside it would be outside the disk
        raise ParameterError(
            f"站点文件夹不能是磁盘根目录（{out_dir}）：请用 --out 指定一个子文件夹，如 reports/site"
        )
    return out_dir.with_name(out_dir.name + ".cache")


@cache
def code_hash() -> str:
    """Hash of the wbanalysis code and templates: a change rebuilds every report (read once
    per process; :func:`code_hash_now` reads the files again)."""
    return code_hash_now()


def code_hash_now() -> str:
    """:func:`code_hash` of the files as they are now: a long-lived Dask worker checks that its
    package has not been replaced since its kernels imported it."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        relative = path.relative_to(_PACKAGE)
        if (
            path.is_file()
            and path.suffix in _CODE_SUFFIXES
            and not _NOT_CODE & set(relative.parts[:-1])
        ):
            digest.update(relative.as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def file_digest(path: str | Path) -> str:
    """SHA-256 (16 hex digits) of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def input_key(
    *,
    notebook_digest: str,
    parameters: dict,
    code: str,
    ledgers: list[str],
    fingerprints: dict[str, str],
) -> str:
    """The key of everything a report's page depends on.

    Only the ledgers the report read count: a change elsewhere leaves the key as it was.

    >>> args = dict(notebook_digest="n1", parameters={"year": 2023}, code="c1",
    ...             ledgers=["funding"])
    >>> a = input_key(**args, fingerprints={"funding": "f1", "storage": "s1"})
    >>> a == input_key(**args, fingerprints={"funding": "f1", "storage": "s2"})
    True
    >>> a == input_key(**args, fingerprints={"funding": "f2", "storage": "s1"})
    False
    """
    data = {
        "notebook": notebook_digest,
        "parameters": parameters,
        "code": code,
        "ledgers": {name: fingerprints.get(name) for name in ledgers},
    }
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()[:24]


class Manifest:
    """The manifest of a site: ``reports`` by key, the ledgers' signature and fingerprints."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._saved: str | None = None
        self.data = self._read()

    def _read(self) -> dict:
        fresh = {"version": MANIFEST_VERSION, "reports": {}}
        if not self.path.exists():
            return fresh
        try:
            text = self.path.read_bytes().decode("utf-8")
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
                raise ValueError("unknown version")
            reports = data.get("reports")
            if not isinstance(reports, dict) or not all(
                isinstance(k, str) and isinstance(v, dict) for k, v in reports.items()
            ):
                raise ValueError("reports is not a mapping")
            for key in ("signature", "code"):
                if key in data and not isinstance(data[key], str):
                    raise ValueError(f"{key} is not a string")
            if "fingerprints" in data and not isinstance(data["fingerprints"], dict):
                raise ValueError("fingerprints is not a mapping")
            self._saved = text
            return data
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            print(
                f"wbanalysis: 构建缓存清单无法使用（{exc}），将重新生成全部报告：{self.path}",
                file=sys.stderr,
            )
            return fresh

    @property
    def reports(self) -> dict[str, dict]:
        """Every report the site holds, by key (its output path)."""
        return self.data["reports"]

    def get(self, key: str, default=None):
        return self.data.get(key, default)

    def __setitem__(self, key: str, value) -> None:
        self.data[key] = value

    def save(self) -> None:
        """Write the manifest atomically, unless nothing changed since the last save."""
        text = json.dumps(self.data, ensure_ascii=False, indent=1)  # key order: headlines
        if text == self._saved:
            return
        atomic_write_text(self.path, text)
        self._saved = text
