"""A cache of validated ledgers, as Parquet files in a folder the caller owns.

Reading and validating the ledgers takes seconds; a build that runs many reports does it once
and keeps the typed tables here (``<site>.cache/data``). The cache holds data only — Parquet
through pyarrow, which cannot run code when read, unlike a pickle — and is trusted only after
every check passed: the folder is named by :func:`source_signature` (ledger file names, sizes,
modification times, the schema and the reading code), its ``contents.json`` has the expected
shape, and each table's SHA-256 matches the one recorded when it was written. Anything else is
discarded with a one-line notice and the ledgers are read again. The notices of the reading
(what was skipped or interpreted) are kept in ``contents.json`` as plain text fields, so a
cached load reports them as a fresh one does.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd

from ..errors import NOTICE, Problem
from ..schema import TABLES
from .signature import source_signature

__all__ = ["DatasetCache", "source_signature"]

_FORMAT = 2
_FIELDS = ("file", "message", "sheet", "row", "column", "value", "allowed")
_CONTENTS = "contents.json"


def _restore(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Give a table read back from Parquet exactly the dtypes :mod:`.coerce` produced."""
    kinds = {c.name: c.kind for c in TABLES[name].columns}
    out = {}
    for column in frame.columns:
        series = frame[column]
        kind = kinds.get(column)
        if kind == "str":
            values = series.astype(object)
            series = values.where(values.notna(), None)
        elif kind == "int":
            series = series.astype("Int64")
        elif kind == "float":
            series = series.astype("float64")
        elif kind == "date":
            series = series.astype("datetime64[ns]")
        elif kind == "bool":
            series = series.astype("boolean")
        out[column] = series
    return pd.DataFrame(out, index=frame.index)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _plain(problem: Problem) -> dict:
    """A notice as JSON fields (values as the text they are shown as)."""
    item = {name: getattr(problem, name) for name in _FIELDS}
    item["value"] = _text(item["value"])
    item["rows"] = list(problem.rows)
    item["values"] = [str(v) for v in problem.values]
    return item


def _notice(item: object) -> Problem:
    if not isinstance(item, dict) or not isinstance(item.get("message"), str):
        raise ValueError("bad notice")
    fields = {name: item.get(name) for name in _FIELDS}
    for name in ("file", "sheet", "column", "value", "allowed"):
        if fields[name] is not None and not isinstance(fields[name], str):
            raise ValueError("bad notice")
    if fields["row"] is not None and not isinstance(fields["row"], int):
        raise ValueError("bad notice")
    rows = item.get("rows", [])
    values = item.get("values", [])
    if not all(isinstance(r, int) for r in rows) or not all(isinstance(v, str) for v in values):
        raise ValueError("bad notice")
    return Problem(**fields, level=NOTICE, rows=tuple(rows), values=tuple(values))


class DatasetCache:
    """Typed ledger tables of one data source, kept between runs in ``folder``."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def _entry(self, source: Path) -> Path:
        return self.folder / f"ledgers-{source_signature(source)}"

    def get(self, source: str | Path) -> tuple[dict[str, pd.DataFrame], list[Problem]] | None:
        """The cached tables and notices of ``source``, or ``None`` when there is no sound copy."""
        source = Path(source)
        if not source.exists():
            return None
        entry = self._entry(source)
        if not entry.is_dir():
            return None
        try:
            return self._read(entry)
        except Exception as exc:  # noqa: BLE001 - any defect means: read the ledgers again
            print(f"wbanalysis: 台账缓存无效（{type(exc).__name__}），已丢弃并重新读取台账：{entry}",
                  file=sys.stderr)
            shutil.rmtree(entry, ignore_errors=True)
            return None

    def _read(self, entry: Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        contents = json.loads((entry / _CONTENTS).read_text(encoding="utf-8"))
        if not isinstance(contents, dict) or contents.get("format") != _FORMAT:
            raise ValueError("unknown cache format")
        digests = contents.get("tables")
        if not isinstance(digests, dict):
            raise ValueError("no table list")
        tables = {}
        for name, expected in digests.items():
            if name not in TABLES or not isinstance(expected, str):
                raise ValueError(f"unexpected table {name!r}")
            data = (entry / f"{name}.parquet").read_bytes()
            if hashlib.sha256(data).hexdigest() != expected:
                raise ValueError(f"{name}: content hash differs")
            table = pq.read_table(pa.BufferReader(data))
            tables[name] = _restore(name, table.to_pandas())
        return tables, [_notice(item) for item in contents.get("notices", [])]

    def put(self, source: str | Path, tables: dict[str, pd.DataFrame],
            notices: list[Problem] = ()) -> None:
        """Store ``tables`` and ``notices`` for ``source``; older copies are removed.

        Failing to write the cache never fails the caller: the cache is only a shortcut.
        """
        source = Path(source)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            entry = self._entry(source)
            staging = Path(tempfile.mkdtemp(prefix=".ledgers-", dir=self.folder))
            digests = {}
            for name, frame in tables.items():
                path = staging / f"{name}.parquet"
                frame.to_parquet(path, engine="pyarrow", index=True)
                digests[name] = hashlib.sha256(path.read_bytes()).hexdigest()
            (staging / _CONTENTS).write_text(
                json.dumps({"format": _FORMAT, "source": str(source.resolve()),
                            "tables": digests,
                            "notices": [_plain(p) for p in notices if not p.is_error]},
                           ensure_ascii=False), encoding="utf-8")
            try:
                os.replace(staging, entry)
            except OSError:  # another process stored the same copy first
                shutil.rmtree(staging, ignore_errors=True)
            for old in self.folder.glob("ledgers-*"):
                if old != entry:
                    shutil.rmtree(old, ignore_errors=True)
        except OSError as exc:
            print(f"wbanalysis: 无法写入台账缓存（{exc.strerror or exc}），本次不使用缓存",
                  file=sys.stderr)
