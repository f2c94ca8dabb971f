"""Whether any ledger file changed, told without reading one (and without pandas)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

__all__ = ["source_signature"]


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


def source_signature(source: str | Path) -> str:
    """A key that changes whenever a ledger file under ``source`` changes (name, size, mtime).

    Cheap: it reads no file contents. Includes the schema and the reading code, so a change to
    either invalidates it.
    """
    source = Path(source).resolve()
    files = [source] if source.is_file() else sorted(p for p in source.iterdir() if p.is_file())
    digest = hashlib.sha256(str(source).encode())
    for path in files:
        st = path.stat()
        digest.update(f"{path.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    digest.update(_code_digest().encode())
    return digest.hexdigest()[:24]
