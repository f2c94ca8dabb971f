"""A cache of validated ledgers, as Parquet files in a folder the caller owns.

Two levels. Each ledger *file* has its own entry (``files/…``, :class:`FileCache`): its typed
parts, what reading and checking it row by row found, named by the SHA-256 of the bytes that
were parsed (a file is read once into memory, :func:`.signature.snapshot`) — so that a change
to one file reads and types that file again, and only it, and what an entry holds is by
construction the reading of the bytes it is named by. The whole folder has an entry once every
check passed (``ledgers-…``, :class:`DatasetCache`): one Parquet file per ledger (a hard link
to the file entry's when the ledger comes from one file), read only when a ledger is first
used. It is named by the folder's signature taken *before* the files were read and confirmed
after (a save meanwhile reads the folder again), and records each file's SHA-256: when the
files had not settled (changed within :data:`.signature.SETTLE_SECONDS`) or when asked
(``build --force``) they are hashed again and compared before the entry is used.

Reading and validating the ledgers takes seconds; a build that runs many reports does it once
and keeps the typed tables here (``<site>.cache/data``). The cache holds data only — Parquet
through pyarrow, which cannot run code when read, unlike a pickle — and is trusted only after
every check passed: the folder is named by :func:`source_signature` (ledger file names, sizes,
modification times, file ids, change times, the schema and the reading code), its ``contents.json`` has the expected
shape, and each table's SHA-256 matches the one recorded when it was written. Anything else is
discarded with a one-line notice and the ledgers are read again. The notices of the reading
(what was skipped or interpreted) are kept in ``contents.json`` as plain text fields, so a
cached load reports them as a fresh one does.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import ERROR, NOTICE, Problem
from ..schema import TABLES
from .signature import source_signature

__all__ = ["DatasetCache", "FileCache", "default_cache_dir", "source_signature", "read_parquet"]

_FORMAT = 5  # 5: entries named by content (file) and by a confirmed signature
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
    fields: dict[str, Any] = {name: item.get(name) for name in _FIELDS}
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


def default_cache_dir(source: str | Path) -> Path | None:
    """Where the command line keeps the validated ledgers of ``source`` between runs.

    ``WBANALYSIS_CACHE`` names the folder (``off`` for none); otherwise the user's cache folder
    (``%LOCALAPPDATA%\\wbanalysis`` on Windows, ``$XDG_CACHE_HOME/wbanalysis`` or
    ``~/.cache/wbanalysis`` elsewhere). One sub-folder per data folder.
    """
    root = os.environ.get("WBANALYSIS_CACHE")
    if root is not None and root.strip().lower() in ("", "0", "off", "no", "none"):
        return None
    if root is None:
        base = (
            os.environ.get("LOCALAPPDATA")
            if sys.platform == "win32"
            else os.environ.get("XDG_CACHE_HOME")
        )
        root = str(Path(base) if base else Path.home() / ".cache")
        root = str(Path(root) / "wbanalysis")
    key = hashlib.sha256(str(Path(source).resolve()).encode()).hexdigest()[:16]
    return Path(root) / f"ledgers-of-{key}"


def _encode(value: object) -> object:
    """A problem's value as JSON, its type kept (so that a cached problem equals a fresh one)."""
    import datetime as dt

    from .cells import UNCOMPUTED, CellError

    if value is None:
        return None
    if isinstance(value, bool):
        return {"b": value}
    if isinstance(value, int):
        return {"i": value}
    if isinstance(value, float):
        return {"f": repr(value)}
    if isinstance(value, str):
        return {"s": value}
    if isinstance(value, pd.Timestamp):
        return {"ts": value.isoformat()}
    if isinstance(value, dt.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, CellError):
        return {"e": value.text}
    if value is UNCOMPUTED:
        return {"u": 1}
    return {"s": str(value)}


def _decode(item: object) -> object:
    import datetime as dt

    from .cells import UNCOMPUTED, CellError

    if item is None:
        return None
    if not isinstance(item, dict) or len(item) != 1:
        raise ValueError("bad value")
    ((kind, v),) = item.items()
    readers = {
        "b": lambda v: v if isinstance(v, bool) else _bad(),
        "i": lambda v: v if isinstance(v, int) and not isinstance(v, bool) else _bad(),
        "f": lambda v: float(v),
        "s": lambda v: v if isinstance(v, str) else _bad(),
        "ts": pd.Timestamp,
        "dt": dt.datetime.fromisoformat,
        "d": dt.date.fromisoformat,
        "e": CellError,
        "u": lambda v: UNCOMPUTED,
    }
    if kind not in readers or (kind not in ("b", "i", "u") and not isinstance(v, str)):
        raise ValueError("bad value")
    return readers[kind](v)


def _bad():
    raise ValueError("bad value")


def problem_to_json(problem: Problem) -> dict:
    """Every field of a problem, its values with their types."""
    item = {name: getattr(problem, name) for name in _FIELDS}
    item["value"] = _encode(problem.value)
    item["level"] = problem.level
    item["rows"] = list(problem.rows)
    item["values"] = [_encode(v) for v in problem.values]
    return item


def problem_from_json(item: object) -> Problem:
    if (
        not isinstance(item, dict)
        or not isinstance(item.get("message"), str)
        or item.get("level") not in (NOTICE, ERROR)
    ):
        raise ValueError("bad problem")
    fields: dict[str, Any] = {name: item.get(name) for name in _FIELDS}
    for name in ("file", "sheet", "column", "allowed"):
        if fields[name] is not None and not isinstance(fields[name], str):
            raise ValueError("bad problem")
    if fields["row"] is not None and not isinstance(fields["row"], int):
        raise ValueError("bad problem")
    fields["value"] = _decode(fields["value"])
    rows = item.get("rows", [])
    if not isinstance(rows, list) or not all(isinstance(r, int) for r in rows):
        raise ValueError("bad problem")
    values = item.get("values", [])
    if not isinstance(values, list):
        raise ValueError("bad problem")
    return Problem(
        **fields, level=item["level"], rows=tuple(rows), values=tuple(_decode(v) for v in values)
    )


#: The file of a copy that says where each of its rows was read.
_ORIGINS = "origins.parquet"


def _stacked_origins(origins: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every ledger's origins as one table, its rows in each ledger's order."""
    frames = [
        pd.DataFrame(
            {
                "ledger": name,
                "file": table["file"].astype(str).to_numpy(),
                "sheet": table["sheet"].astype(str).to_numpy(),
                "row": table["row"].astype("int64").to_numpy(),
            }
        )
        for name, table in origins.items()
    ]
    return (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame({"ledger": [], "file": [], "sheet": [], "row": []})
    )


def _verified(path: Path, expected: object) -> bytes:
    data = path.read_bytes()
    if not isinstance(expected, str) or hashlib.sha256(data).hexdigest() != expected:
        raise ValueError(f"{path.name}: content hash differs")
    return data


def read_parquet(
    path: Path, expected: str, name: str, columns: list[str] | None = None
) -> pd.DataFrame:
    """Table ``name`` from ``path``, only after its SHA-256 is ``expected``; ``columns`` only,
    when given."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = _verified(path, expected)
    table = pq.read_table(pa.BufferReader(data), columns=columns)
    text = [
        f.name
        for f in table.schema
        if f.name in TABLES[name].names
        and (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))
    ]
    # text straight to Python strings (what :mod:`.coerce` produced), not via pandas' str dtype
    frame = table.drop_columns(text).to_pandas()
    for column in text:
        frame[column] = table.column(column).to_numpy(zero_copy_only=False)
    order = [c for c in table.column_names if c in frame.columns]
    frame = _restore(name, frame[order])
    if columns is None:
        return frame
    return frame.reset_index(drop=True)


def _write_parquet(frame: pd.DataFrame, path: Path) -> str:
    frame.to_parquet(path, engine="pyarrow", index=True)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _discard(entry: Path, exc: Exception) -> None:
    print(
        f"wbanalysis: 台账缓存无效（{type(exc).__name__}），已丢弃并重新读取台账：{entry}",
        file=sys.stderr,
    )
    shutil.rmtree(entry, ignore_errors=True)


def _publish(staging: Path, entry: Path) -> None:
    try:
        os.replace(staging, entry)
    except OSError:  # another process stored the same copy first
        shutil.rmtree(staging, ignore_errors=True)


def _runs(rows) -> list[list[int]]:
    """Excel rows as [first, count] runs (records are mostly consecutive)."""
    out: list[list[int]] = []
    for r in rows:
        r = int(r)
        if out and out[-1][0] + out[-1][1] == r:
            out[-1][1] += 1
        else:
            out.append([r, 1])
    return out


def _unrun(runs: object):
    import numpy as np

    if not isinstance(runs, list) or not all(
        isinstance(x, list) and len(x) == 2 and all(isinstance(v, int) for v in x) and x[1] > 0
        for x in runs
    ):
        raise ValueError("bad rows")
    if not runs:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate([np.arange(a, a + n, dtype=np.int64) for a, n in runs])


def _cells(items: object, width: int) -> list:
    if not isinstance(items, list) or not all(
        isinstance(x, list)
        and len(x) == width
        and all(isinstance(v, int) for v in x[:-1])
        and isinstance(x[-1], str)
        for x in items
    ):
        raise ValueError("bad cells")
    return [tuple(x) for x in items]


def file_key(display: str, digest: str) -> str:
    """The name of a file's entry: its name as shown (the messages carry it), the SHA-256 of
    the bytes read (:class:`.signature.Snapshot`) and the reading code."""
    from .signature import _code_digest

    text = f"{display}\0{digest}\0{_code_digest()}"
    return "file-" + hashlib.sha256(text.encode()).hexdigest()[:24]


_TOLD: set[str] = set()


def _cannot_write(folder: Path, exc: OSError) -> None:
    """Say that the cache in ``folder`` cannot be written — once per folder in a process, not
    once per ledger file."""
    key = str(folder)
    if key not in _TOLD:
        _TOLD.add(key)
        print(
            f"wbanalysis: 无法写入台账缓存（{exc.strerror or exc}），本次不使用缓存",
            file=sys.stderr,
        )


class FileCache:
    """What reading one ledger file gave (:class:`~.parts.Part`), kept per file in
    ``folder/files``."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder) / "files"

    def get(self, display: str, digest: str):
        """(problems, parts) of the file shown as ``display`` whose bytes have SHA-256
        ``digest``, or ``None`` when there is no sound copy. Each part's typed rows are read
        when first needed."""
        from ..schema import TABLES
        from .parts import Part

        entry = self.folder / file_key(display, digest)
        if not entry.is_dir():
            return None
        try:
            contents = json.loads((entry / _CONTENTS).read_text(encoding="utf-8"))
            if (
                not isinstance(contents, dict)
                or contents.get("format") != _FORMAT
                or contents.get("file") != display
            ):
                raise ValueError("unknown cache format")
            problems = [problem_from_json(p) for p in contents["problems"]]
            parts = []
            for k, item in enumerate(contents["parts"]):
                name = item["ledger"]
                if name not in TABLES:
                    raise ValueError(f"unexpected table {name!r}")
                headers, columns = item["headers"], item["columns"]
                if (
                    not isinstance(headers, dict)
                    or not all(
                        isinstance(a, str) and isinstance(b, str) for a, b in headers.items()
                    )
                    or not isinstance(columns, list)
                    or not all(c in TABLES[name].names for c in columns)
                ):
                    raise ValueError("bad headers")
                sheet, year = item["sheet"], item["year_label"]
                if (sheet is not None and not isinstance(sheet, str)) or (
                    year is not None and not isinstance(year, int)
                ):
                    raise ValueError("bad part")
                file = entry / f"part-{k}.parquet"
                data = _verified(file, item["sha256"])
                import pyarrow as pa
                import pyarrow.parquet as pq

                rows = _unrun(item["rows"])
                if pq.read_metadata(pa.BufferReader(data)).num_rows != len(rows):
                    raise ValueError("rows differ")
                typed = int(item["typed"])
                part_problems = [problem_from_json(p) for p in item["problems"]]
                if not 0 <= typed <= len(part_problems):
                    raise ValueError("bad part")
                part = Part(
                    TABLES[name],
                    display,
                    sheet,
                    year,
                    headers,
                    rows,
                    columns,
                    None,
                    part_problems,
                    {tuple(x) for x in _cells(item["bad"], 2)},
                    [problem_from_json(p) for p in item["year_problems"]],
                    {tuple(x) for x in _cells(item["year_bad"], 2)},
                    [tuple(x) for x in _cells(item["checked"], 3)],
                )
                part.typed = typed
                part.nothing = [(int(r), None if y is None else int(y)) for r, y in item["nothing"]]
                part.stored = file
                part.loader = lambda columns, file=file, sha=item["sha256"], name=name: (
                    read_parquet(file, sha, name, columns)
                )
                parts.append(part)
            return problems, parts
        except Exception as exc:  # noqa: BLE001 - any defect means: read the file again
            _discard(entry, exc)
            return None

    def put(self, display: str, digest: str, problems: list[Problem], parts: list) -> None:
        """Keep what reading the bytes of SHA-256 ``digest`` gave; each part's typed rows are
        then read from here."""
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # private to the user
            entry = self.folder / file_key(display, digest)
            staging = Path(tempfile.mkdtemp(prefix=".file-", dir=self.folder))
            items = []
            for k, part in enumerate(parts):
                sha = _write_parquet(part.frame, staging / f"part-{k}.parquet")
                items.append(
                    {
                        "ledger": part.ledger.name,
                        "sheet": part.sheet,
                        "year_label": part.year_label,
                        "headers": part.headers,
                        "columns": part.columns,
                        "rows": _runs(part.rows),
                        "sha256": sha,
                        "typed": part.typed,
                        "problems": [problem_to_json(p) for p in part.problems],
                        "bad": sorted([p, c] for p, c in part.bad),
                        "year_problems": [problem_to_json(p) for p in part.year_problems],
                        "year_bad": sorted([p, c] for p, c in part.year_bad),
                        "checked": [list(x) for x in part.checked],
                        "nothing": [list(x) for x in part.nothing],
                    }
                )
            (staging / _CONTENTS).write_text(
                json.dumps(
                    {
                        "format": _FORMAT,
                        "file": display,
                        "problems": [problem_to_json(p) for p in problems],
                        "parts": items,
                    },
                    ensure_ascii=False,
                ),
                encoding="utf-8",
            )
            _publish(staging, entry)
            for k, part in enumerate(parts):
                file = entry / f"part-{k}.parquet"
                part.stored = file
                part.loader = (
                    lambda columns, file=file, sha=items[k]["sha256"], name=part.ledger.name: (
                        read_parquet(file, sha, name, columns)
                    )
                )
        except OSError as exc:
            _cannot_write(self.folder.parent, exc)

    def keep_only(self, keys: set[str]) -> None:
        """Remove the entries of files no longer in the folder (or changed since)."""
        for old in self.folder.glob("file-*"):
            if old.name not in keys:
                shutil.rmtree(old, ignore_errors=True)


@dataclass(frozen=True)
class Reading:
    """What one reading of a data folder read: the folder's :func:`source_signature`, taken
    before and confirmed after reading every file; the SHA-256 of the bytes read of each file
    (``None`` for a file not read: a lock file, a document); whether every file had last
    changed :data:`~.signature.SETTLE_SECONDS` before it was read (else its signature alone
    cannot tell a later change)."""

    signature: str
    files: dict[str, str | None]
    settled: bool


def _digests_now(source: Path, files: object) -> bool:
    """True when the files of ``source`` are those of ``files`` (name → SHA-256 of the bytes
    read, ``None`` for a file not read), by content."""
    from ..errors import ReadError
    from .read import source_files
    from .signature import snapshot

    if not isinstance(files, dict):
        return False
    listed, _ = source_files(source)
    if sorted(display for _, display in listed) != sorted(files):
        return False
    for path, display in listed:
        expected = files[display]
        if expected is None:
            continue
        try:
            if snapshot(path).digest != expected:
                return False
        except ReadError:
            return False
    return True


class DatasetCache:
    """Typed ledger tables of one data source, kept between runs in ``folder``.

    An entry is named by the folder's signature as it was *before* its files were read and
    confirmed after (:class:`Reading`), and records the SHA-256 of every file's bytes read. It
    is used on its signature alone only when every file had settled when it was read; else,
    and whenever asked to ``confirm`` (``build --force``), the files are hashed again and
    compared.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def _entry(self, signature: str) -> Path:
        return self.folder / f"ledgers-{signature}"

    def get(self, source: str | Path, *, confirm: bool = False, signature: str | None = None):
        """``(loader, columns, notices, digests)`` of ``source`` — a function reading each table
        when it is first used, its columns, each table's SHA-256 — or ``None`` when there is no
        sound copy. Every table's SHA-256 is checked here, and again when it is read; the
        ledger files' content is checked too when ``confirm`` or when the entry was stored
        from files that had not settled. ``signature``: the entry of that reading (default:
        the folder as it is now)."""
        import pyarrow.parquet as pq

        source = Path(source)
        if not source.exists():
            return None
        entry = self._entry(signature or source_signature(source))
        if not entry.is_dir():
            return None
        try:
            contents = json.loads((entry / _CONTENTS).read_text(encoding="utf-8"))
            if not isinstance(contents, dict) or contents.get("format") != _FORMAT:
                raise ValueError("unknown cache format")
            digests = contents.get("tables")
            if not isinstance(digests, dict):
                raise ValueError("no table list")
            if (confirm or contents.get("settled") is not True) and signature is None:
                if not _digests_now(source, contents.get("files")):
                    raise ValueError("ledger files differ from those read")
                self._settle(source, entry, contents)
            columns = {}
            for name, expected in digests.items():
                if name not in TABLES or not isinstance(expected, str):
                    raise ValueError(f"unexpected table {name!r}")
                data = _verified(entry / f"{name}.parquet", expected)
                import pyarrow as pa

                columns[name] = [
                    c
                    for c in pq.read_schema(pa.BufferReader(data)).names
                    if c in TABLES[name].names
                ]
            notices = [_notice(item) for item in contents.get("notices", [])]
        except Exception as exc:  # noqa: BLE001 - any defect means: read the ledgers again
            _discard(entry, exc)
            return None

        def loader(name: str) -> pd.DataFrame:
            return read_parquet(entry / f"{name}.parquet", digests[name], name)

        return loader, columns, notices, dict(digests)

    def origins(self, source: str | Path) -> dict[str, pd.DataFrame] | None:
        """Where each row of the copy of ``source`` was read (``{ledger: DataFrame of file,
        sheet, row}``), or ``None`` when the copy holds none (its SHA-256 checked first)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            entry = self._entry(source_signature(Path(source)))
            contents = json.loads((entry / _CONTENTS).read_text(encoding="utf-8"))
            expected = contents.get("origins") if isinstance(contents, dict) else None
            if not isinstance(expected, str):
                return None
            data = _verified(entry / _ORIGINS, expected)
            table = pq.read_table(pa.BufferReader(data)).to_pandas()
        except (OSError, ValueError, pa.ArrowException):
            return None
        out = {}
        for name, rows in table.groupby("ledger", sort=False):
            out[str(name)] = pd.DataFrame(
                {
                    "file": rows["file"].astype(str).to_numpy(),
                    "sheet": rows["sheet"].astype(str).to_numpy(),
                    "row": rows["row"].astype("int64").to_numpy(),
                }
            )
        return out

    @staticmethod
    def _settle(source: Path, entry: Path, contents: dict) -> None:
        """Mark an entry just confirmed by content as settled, when its files have settled
        (its signature alone then tells a change)."""
        from ..atomic import atomic_write_text
        from .signature import folder_state

        if contents.get("settled") is True:
            return
        signature, settled = folder_state(source)
        if settled and entry.name == f"ledgers-{signature}":
            contents["settled"] = True
            with contextlib.suppress(OSError):
                atomic_write_text(entry / _CONTENTS, json.dumps(contents, ensure_ascii=False))

    def export(self, source: str | Path) -> tuple[str, dict[str, bytes]] | None:
        """The copy of ``source`` as ``(signature, {file name: bytes})`` — what :meth:`install`
        takes on another machine, which checks every table again — or ``None`` when there is
        none."""
        entry = self._entry(source_signature(Path(source)))
        if not entry.is_dir():
            return None
        try:
            return entry.name.removeprefix("ledgers-"), {
                path.name: path.read_bytes() for path in entry.iterdir() if path.is_file()
            }
        except OSError:
            return None

    def install(self, source: str | Path, signature: str, files: dict[str, bytes]) -> bool:
        """Keep ``files`` (from :meth:`export` elsewhere) as the copy of ``source`` — only when
        the ledger files of ``source`` here hold the same bytes as those read there (each
        file's SHA-256, whatever its times), and only if the copy then passes every check of
        :meth:`get`. True when a sound copy is here afterwards. ``signature``: the folder's
        signature there (its file ids and times are not those here)."""
        from .signature import folder_state

        source = Path(source)
        if not source.exists():
            return False
        here, settled = folder_state(source)
        try:
            contents = json.loads(files[_CONTENTS].decode("utf-8"))
            if not isinstance(contents, dict) or not _digests_now(source, contents.get("files")):
                return False
        except (KeyError, ValueError):
            return False
        if folder_state(source)[0] != here:  # changed while hashed
            return False
        contents["settled"] = settled
        files = {**files, _CONTENTS: json.dumps(contents, ensure_ascii=False).encode("utf-8")}
        if self.get(source) is not None:  # a sound copy is here already
            return True
        staging = None
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".ledgers-", dir=self.folder))
            allowed = {_CONTENTS, _ORIGINS, *(f"{table}.parquet" for table in TABLES)}
            for name, data in files.items():
                if name not in allowed:  # never a path, never a file that could hold code
                    raise ValueError(f"unexpected file {name!r}")
                (staging / name).write_bytes(data)
            _publish(staging, self._entry(here))
        except (OSError, ValueError):
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
            return False
        if self.get(source) is None:
            return False
        self._remove_others(self._entry(here))
        return True

    def _remove_others(self, entry: Path) -> None:
        """Remove the copies of other sources (or of older files): one copy is kept."""
        for old in self.folder.glob("ledgers-*"):
            if old != entry:
                shutil.rmtree(old, ignore_errors=True)

    def put(
        self,
        source: str | Path,
        tables: dict,
        notices: Sequence[Problem] = (),
        *,
        reading: Reading,
        origins: dict[str, pd.DataFrame] | None = None,
    ) -> None:
        """Store ``tables`` and ``notices`` for ``source`` as ``reading`` read it; older copies
        are removed.

        A table is a DataFrame, or the Parquet file of a file entry holding exactly it (linked,
        not copied). ``origins``: where each table's rows were read (file, sheet, Excel row),
        kept beside them so that a figure's 出处 needs no ledger file read again. Failing to
        write the cache never fails the caller: it is only a shortcut.
        """
        source = Path(source)
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # private to the user
            entry = self._entry(reading.signature)
            if entry.is_dir():  # a copy of this very reading (or a stale one): replaced
                shutil.rmtree(entry, ignore_errors=True)
            staging = Path(tempfile.mkdtemp(prefix=".ledgers-", dir=self.folder))
            digests = {}
            for name, table in tables.items():
                path = staging / f"{name}.parquet"
                if isinstance(table, Path):
                    try:
                        os.link(table, path)
                    except OSError:
                        shutil.copyfile(table, path)
                    digests[name] = hashlib.sha256(path.read_bytes()).hexdigest()
                else:
                    digests[name] = _write_parquet(table() if callable(table) else table, path)
            where = None
            if origins:
                where = _write_parquet(_stacked_origins(origins), staging / _ORIGINS)
            (staging / _CONTENTS).write_text(
                json.dumps(
                    {
                        "format": _FORMAT,
                        "source": str(source.resolve()),
                        "tables": digests,
                        "origins": where,
                        "files": reading.files,
                        "settled": reading.settled,
                        "notices": [_plain(p) for p in notices if not p.is_error],
                    },
                    ensure_ascii=False,
                ),
                encoding="utf-8",
            )
            _publish(staging, entry)
            self._remove_others(entry)
        except OSError as exc:
            _cannot_write(self.folder, exc)
