"""Monitoring records converted once into a partitioned Parquet dataset, and read back in parts.

Layout of the store (a folder of the cache)::

    manifest.json                              what each source file became, and its problems
    convert.lock                               held by the conversion writing the store
    ST_PPTN_R/year=2023/month=7/<file>-<digest>.parquet

Each source file of records (``ST_PPTN_R*.csv`` …) is hashed a block at a time, then read,
typed and checked on its own a chunk of records at a time (:func:`~.read.read_table_chunks`,
the same checks as :func:`~.folder.read_records_file`), its records put aside per month, and
written as one fragment per month it covers, sorted by station and time a range of stations
at a time (so the row groups' statistics let a read by station skip the rest). Memory is
bounded by a chunk and a group of stations, never by a file or a month. A file is converted
again only when its content changed: unchanged size, times and file id
(:func:`~wbanalysis.io.signature.file_signature`) skip it unread; otherwise its SHA-256 decides.
A changed month file rewrites only its own fragments. The checks across records (unknown
stations, future times, duplicates, dam levels: :func:`~.folder.check_records`) run one
month partition at a time, a range of whole stations at a time (a duplicate is always of one
station), and their result is kept until a fragment of that month or the station tables
change. One conversion at a time writes a store (:func:`convert` takes a file lock).

Reads push filters down to Parquet (:meth:`MonitoringStore.read`): a time range prunes the
year/month folders and row groups, a list of stations the row groups; only the columns asked
are read. :meth:`MonitoringStore.batches` yields a period's records a group of stations at a
time, so memory is bounded by the group, never by the data.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..atomic import atomic_write_text
from ..errors import MonitoringDataError, Problem, ReadError
from ..io.cache import problem_from_json, problem_to_json
from ..io.signature import ATTEMPTS, SETTLE_SECONDS, file_signature
from .folder import Reference, check_records, read_reference
from .problems import merged
from .read import CHUNK_ROWS, TableFile, find_table_files, read_table_chunks, scan_file
from .tables import TABLES, TIMED_TABLES, Table
from .validate import future_problems, now_in_beijing, value_problems

__all__ = ["MonitoringStore", "Conversion", "convert", "arrow_schema"]

_FORMAT = 2
_MANIFEST = "manifest.json"
_LOCK = "convert.lock"
_SCRATCH = ".scratch"  # files being written (a crashed run's are removed by the next)
_ROW_GROUP = 64 * 1024


@cache
def _code_digest() -> str:
    """Hash of the code that reads and checks records: a change converts everything again."""
    digest = hashlib.sha256(str(_FORMAT).encode())
    here = Path(__file__).resolve().parent
    for path in sorted(here.glob("*.py")):
        if path.name != "demo.py":  # writes folders, reads none
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def arrow_schema(table: Table):
    """The Arrow schema of a table's fragments: its columns, then ``_file`` and ``_row``."""
    import pyarrow as pa

    kinds = {"time": pa.timestamp("us"), "float": pa.float64(), "str": pa.string()}
    fields = [pa.field(f.name, kinds.get(f.kind, pa.string())) for f in table.fields]
    fields += [pa.field("_file", pa.string()), pa.field("_row", pa.int64())]
    return pa.schema(fields)


def _month_filter(start: pd.Timestamp | None, end: pd.Timestamp | None):
    """An expression on the partition fields selecting the months from ``start`` to ``end``."""
    import pyarrow.dataset as ds

    year, month = ds.field("year"), ds.field("month")
    expr = None
    if start is not None:
        expr = (year > start.year) | ((year == start.year) & (month >= start.month))
    if end is not None:
        upto = (year < end.year) | ((year == end.year) & (month <= end.month))
        expr = upto if expr is None else expr & upto
    return expr


def _station_time_order(records) -> np.ndarray:
    """The order of an Arrow table's rows by station, then time (stable): one sort of two
    integer keys, the stations' codes ranked through their dictionary."""
    import pyarrow as pa

    if records.num_rows < 2:
        return np.arange(records.num_rows)
    stations = records.column("STCD").combine_chunks().dictionary_encode()
    names = stations.dictionary.to_numpy(zero_copy_only=False)
    rank = np.empty(len(names), dtype="int64")
    rank[np.argsort(names, kind="stable")] = np.arange(len(names))
    codes = stations.indices.fill_null(-1).to_numpy()
    # a record without a station (an error, reported) sorts last, as pandas puts NA
    codes = np.where(codes >= 0, rank[np.maximum(codes, 0)], len(names))
    times = records.column("TM").cast(pa.int64()).fill_null(np.iinfo("int64").max)
    return np.lexsort((times.to_numpy(), codes))


def station_ranges(counts: pd.Series, budget: int) -> list:
    """Filters dividing records into groups of whole stations holding about ``budget``
    records each, in station order: ``counts`` is the records per station (index STCD). The
    first group is open below and the last above (a station not counted still falls in one);
    records without a station are a group of their own, last (as they sort)."""
    import pyarrow.dataset as ds

    stcd = ds.field("STCD")
    counts = counts.sort_index()
    cuts, held = [], 0
    for code, count in zip(counts.index, counts.to_numpy()):
        if held and held + count > budget:
            cuts.append(str(code))
            held = 0
        held += int(count)
    bounds = [None, *cuts, None]
    groups = []
    for low, high in zip(bounds[:-1], bounds[1:]):
        if low is None and high is None:
            groups.append(stcd.is_valid())
        elif low is None:
            groups.append(stcd < high)
        elif high is None:
            groups.append(stcd >= low)
        else:
            groups.append((stcd >= low) & (stcd < high))
    return [*groups, stcd.is_null()]


def _station_counts(table) -> pd.Series:
    """Records per station of an Arrow table (index STCD)."""
    import pyarrow.compute as pc

    counted = pc.value_counts(table.column("STCD").drop_null())
    values = counted.field("values").to_pylist()
    return pd.Series(counted.field("counts").to_numpy(), index=values, dtype="int64")


@dataclass
class MonitoringStore:
    """The partitioned Parquet dataset of a monitoring folder (see :func:`convert`)."""

    root: Path

    def dataset(self, table: str):
        """The :class:`pyarrow.dataset.Dataset` of ``table`` (hive partitions year, month)."""
        import pyarrow as pa
        import pyarrow.dataset as ds

        folder = self.root / table
        keys = pa.schema([("year", pa.int32()), ("month", pa.int32())])
        partitioning = ds.partitioning(keys, flavor="hive")
        files = sorted(str(p) for p in folder.rglob("*.parquet")) if folder.is_dir() else []
        return ds.dataset(
            files,
            schema=pa.unify_schemas([arrow_schema(TABLES[table]), keys]),
            format="parquet",
            partitioning=partitioning,
            partition_base_dir=str(folder),
        )

    def months(self, table: str) -> list[tuple[int, int]]:
        """The (year, month) partitions of ``table``, in order."""
        folder = self.root / table
        found = set()
        for path in folder.glob("year=*/month=*"):
            if any(path.glob("*.parquet")):
                found.add((int(path.parent.name[5:]), int(path.name[6:])))
        return sorted(found)

    def filter(
        self,
        *,
        start: pd.Timestamp | str | None = None,
        end: pd.Timestamp | str | None = None,
        stations: Iterable[str] | None = None,
    ):
        """The pushed-down filter for records with ``start < TM ≤ end`` of ``stations``."""
        import pyarrow as pa
        import pyarrow.dataset as ds

        first = None if start is None else pd.Timestamp(start)
        last = None if end is None else pd.Timestamp(end)
        expr = _month_filter(first, last)
        tm = ds.field("TM")
        if first is not None:
            cut = pa.scalar(first.to_pydatetime(), type=pa.timestamp("us"))
            expr = expr & (tm > cut) if expr is not None else tm > cut
        if last is not None:
            cut = pa.scalar(last.to_pydatetime(), type=pa.timestamp("us"))
            expr = expr & (tm <= cut) if expr is not None else tm <= cut
        if stations is not None:
            wanted = ds.field("STCD").isin(sorted(set(stations)))
            expr = wanted if expr is None else expr & wanted
        return expr

    def read(
        self,
        table: str,
        *,
        start: pd.Timestamp | str | None = None,
        end: pd.Timestamp | str | None = None,
        stations: Iterable[str] | None = None,
        columns: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """Records of ``table`` with ``start < TM ≤ end`` (either may be None) of ``stations``
        (default: all), only ``columns`` (default: all), sorted by station and time."""
        expr = self.filter(start=start, end=end, stations=stations)
        every = arrow_schema(TABLES[table]).names
        wanted = every if columns is None else list(dict.fromkeys(["STCD", "TM", *columns]))
        records = self.dataset(table).to_table(columns=wanted, filter=expr)
        return records.take(_station_time_order(records)).to_pandas()

    def read_month(
        self,
        table: str,
        year: int,
        month: int,
        *,
        columns: Sequence[str] | None = None,
        where=None,
    ) -> pd.DataFrame:
        """Every record of one month partition (only its folder is read); ``where``: a
        further filter (a :func:`station_ranges` group)."""
        import pyarrow.dataset as ds

        every = arrow_schema(TABLES[table]).names
        wanted = every if columns is None else list(dict.fromkeys(["STCD", "TM", *columns]))
        expr = (ds.field("year") == year) & (ds.field("month") == month)
        if where is not None:
            expr = expr & where
        return self.dataset(table).to_table(columns=wanted, filter=expr).to_pandas()

    def month_stations(self, table: str, year: int, month: int) -> pd.Series:
        """Records per station of one month partition (index STCD; only STCD is read)."""
        import pyarrow.dataset as ds

        expr = (ds.field("year") == year) & (ds.field("month") == month)
        return _station_counts(self.dataset(table).to_table(columns=["STCD"], filter=expr))

    def batches(
        self,
        table: str,
        stations: Sequence[str],
        *,
        start: pd.Timestamp | str | None = None,
        end: pd.Timestamp | str | None = None,
        columns: Sequence[str] | None = None,
        size: int = 200,
    ) -> Iterator[pd.DataFrame]:
        """The records of ``stations`` in groups of ``size`` stations (each station whole in
        one group), for indicators computed station by station with bounded memory."""
        codes = sorted(set(stations))
        for i in range(0, len(codes), size):
            yield self.read(
                table, start=start, end=end, stations=codes[i : i + size], columns=columns
            )

    def to_dask(
        self,
        table: str,
        *,
        start: pd.Timestamp | str | None = None,
        end: pd.Timestamp | str | None = None,
        columns: Sequence[str] | None = None,
    ):
        """The records as a :mod:`dask.dataframe`, one partition per fragment, filters pushed
        down (for data larger than one machine's memory)."""
        import dask.dataframe as dd

        parts = [
            frag.path
            for frag in self.dataset(table).get_fragments(
                filter=_month_filter(
                    None if start is None else pd.Timestamp(start),
                    None if end is None else pd.Timestamp(end),
                )
            )
        ]
        filters = []
        if start is not None:
            filters.append(("TM", ">", pd.Timestamp(start)))
        if end is not None:
            filters.append(("TM", "<=", pd.Timestamp(end)))
        return dd.read_parquet(
            parts, columns=list(columns) if columns else None, filters=filters or None
        )


@dataclass
class Conversion:
    """What :func:`convert` did: the store, every problem found, and the files converted
    (read and written again) and skipped (unchanged)."""

    store: MonitoringStore
    reference: Reference
    problems: list[Problem] = field(default_factory=list)
    converted: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def raise_for_errors(self) -> MonitoringStore:
        """The store, or :class:`~wbanalysis.errors.MonitoringDataError` naming every error."""
        if self.errors:
            raise MonitoringDataError(self.problems)
        return self.store


def _load_manifest(root: Path) -> dict:
    try:
        manifest = json.loads((root / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("code") != _code_digest():
        return {}
    return manifest


def _fragment_name(display: str, digest: str) -> str:
    return hashlib.sha256(display.encode()).hexdigest()[:12] + "-" + digest[:16] + ".parquet"


class _Spill:
    """A file's records put aside one month at a time as they are read (a Parquet file per
    month in a scratch folder, appended chunk by chunk), then written as the month's fragment
    sorted by station and time: memory is bounded by a chunk while reading and by one month
    of one file while sorting."""

    def __init__(self, root: Path, table: str) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="spill-", dir=_scratch(root)))
        self.schema = arrow_schema(TABLES[table])
        self.writers: dict[tuple[int, int], object] = {}
        self.counts: dict[tuple[int, int], pd.Series] = {}

    def add(self, frame: pd.DataFrame) -> None:
        """Put aside the records of ``frame`` that have a time (the others are errors)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        timed = frame[frame["TM"].notna()]
        if timed.empty:
            return
        missing = {c: None for c in self.schema.names if c not in timed}
        timed = timed.assign(**missing) if missing else timed
        times = timed["TM"].dt
        for (year, month), part in timed.groupby([times.year, times.month], sort=True):
            key = (int(year), int(month))
            arrow = pa.Table.from_pandas(
                part[self.schema.names], schema=self.schema, preserve_index=False
            )
            if key not in self.writers:
                path = self.folder / f"{key[0]}-{key[1]:02d}.parquet"
                self.writers[key] = pq.ParquetWriter(str(path), self.schema, compression="zstd")
                self.counts[key] = pd.Series(dtype="int64")
            self.writers[key].write_table(arrow)  # type: ignore[attr-defined]
            self.counts[key] = self.counts[key].add(_station_counts(arrow), fill_value=0)

    def write(self, root: Path, tf: TableFile, digest: str, budget: int) -> list[str]:
        """Each month's records sorted into its fragment, a group of stations holding about
        ``budget`` records at a time (:func:`station_ranges`); the fragments as paths
        relative to ``root``."""
        import pyarrow.dataset as ds
        import pyarrow.parquet as pq

        written = []
        for (year, month), writer in sorted(self.writers.items()):
            writer.close()  # type: ignore[attr-defined]
            source = ds.dataset(str(self.folder / f"{year}-{month:02d}.parquet"))
            relative = f"{tf.table}/year={year}/month={month}/{_fragment_name(tf.display, digest)}"
            scratch = self.folder / f"{year}-{month:02d}.sorted.parquet"
            with pq.ParquetWriter(str(scratch), self.schema, compression="zstd") as out:
                for group in station_ranges(self.counts[(year, month)], budget):
                    part = source.to_table(filter=group)
                    if part.num_rows:
                        out.write_table(
                            part.take(_station_time_order(part)), row_group_size=_ROW_GROUP
                        )
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(scratch, target)
            written.append(relative)
        self.writers.clear()
        return written

    def discard(self) -> None:
        for writer in self.writers.values():
            try:
                writer.close()  # type: ignore[attr-defined]
            except Exception:  # already broken: the folder goes anyway
                pass
        self.writers.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


def _scratch(root: Path) -> Path:
    folder = root / _SCRATCH
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _remove(root: Path, fragments: Iterable[str]) -> None:
    for relative in fragments:
        (root / relative).unlink(missing_ok=True)


def _reference_digest(reference: Reference) -> str:
    digest = hashlib.sha256()
    digest.update("\0".join(sorted(map(str, reference.codes))).encode())
    if reference.levels is not None:
        digest.update(reference.levels.sort_values("STCD").to_csv(index=False).encode())
    return digest.hexdigest()[:16]


def _convert_file(
    root: Path, tf: TableFile, entry: dict | None, chunk_rows: int
) -> tuple[dict, bool]:
    """The manifest entry of ``tf``, converting it when its content changed; and whether it
    was converted."""
    try:
        signature = file_signature(tf.path.stat())
    except OSError:
        signature = ""
    if entry and entry.get("signature") == signature and entry.get("settled"):
        return entry, False
    for _ in range(ATTEMPTS):
        try:
            converted = _stream_file(root, tf, entry, chunk_rows)
        except ReadError as exc:
            problem = Problem(tf.display, exc.message, allowed=exc.allowed)
            if entry:
                _remove(root, entry.get("fragments", []))
            return {"digest": "", "fragments": [], "problems": [problem_to_json(problem)]}, True
        if converted is not None:
            return converted
        time.sleep(0.05)
    problem = Problem(
        tf.display,
        "文件在读取过程中不断被修改（可能正在保存），无法读取到完整的一版",
        allowed="保存并关闭文件后重新运行",
    )
    return {"digest": "", "fragments": [], "problems": [problem_to_json(problem)]}, True


def _stream_file(
    root: Path, tf: TableFile, entry: dict | None, chunk_rows: int
) -> tuple[dict, bool] | None:
    """:func:`_convert_file` once: the file hashed a block at a time, then (when its digest
    is new) read a chunk at a time; None when it changed meanwhile (its signature before and
    after differ)."""
    started = time.time()
    before = _stat(tf.path)
    scan = scan_file(tf)
    if entry and entry.get("digest") == scan.digest:
        after = _stat(tf.path)
        if file_signature(after) != file_signature(before):
            return None
        settled = max(before.st_mtime, before.st_ctime) < started - SETTLE_SECONDS
        return {**entry, "signature": file_signature(before), "settled": settled}, False
    spill = _Spill(root, tf.table)
    typing: list[Problem] = []
    values: list[Problem] = []
    try:
        for frame, found in read_table_chunks(tf, scan.encoding, chunk_rows=chunk_rows):
            typing += found
            values += value_problems(tf.table, frame)
            spill.add(frame)
        after = _stat(tf.path)
        if file_signature(after) != file_signature(before) or after.st_size != scan.size:
            return None
        fragments = spill.write(root, tf, scan.digest, chunk_rows)
    finally:
        spill.discard()
    if entry:
        _remove(root, set(entry.get("fragments", [])) - set(fragments))
    settled = max(before.st_mtime, before.st_ctime) < started - SETTLE_SECONDS
    return {
        "table": tf.table,
        "digest": scan.digest,
        "signature": file_signature(before),
        "settled": settled,
        "fragments": fragments,
        "problems": [problem_to_json(p) for p in merged(typing) + merged(values)],
    }, True


def _stat(path: Path) -> os.stat_result:
    try:
        return os.stat(path)
    except OSError as exc:
        raise ReadError(f"无法读取文件（{exc.strerror or exc}）") from None


def _partition_key(folder: Path, reference_digest: str) -> str:
    """Changes when a fragment of the month or the station tables change."""
    names = sorted(p.name for p in folder.glob("*.parquet"))
    return hashlib.sha256("\0".join([reference_digest, *names]).encode()).hexdigest()[:16]


#: Records checked at once across records (a group of whole stations of one month).
CHECK_ROWS = 500_000


def _check_month(
    store: MonitoringStore,
    table: str,
    year: int,
    month: int,
    reference: Reference,
    now: pd.Timestamp,
) -> tuple[list[Problem], pd.Timestamp | None, list[Problem]]:
    """The checks across the records of one month (every one but the future), its latest
    time, and its records later than ``now``: a group of whole stations at a time (a
    duplicate is always of one station), so memory is bounded by a group."""
    found: list[Problem] = []
    late: list[Problem] = []
    latest = None
    for group in station_ranges(store.month_stations(table, year, month), CHECK_ROWS):
        frame = store.read_month(table, year, month, where=group)
        if frame.empty:
            continue
        found += check_records(table, frame, reference, now=False)
        late += future_problems(frame, now)
        last = frame["TM"].max()
        latest = last if latest is None or last > latest else latest
    return merged(found), latest, merged(late)


def _check_partitions(
    store: MonitoringStore,
    manifest: dict,
    reference: Reference,
    now: pd.Timestamp | None,
) -> list[Problem]:
    """The checks across records, month by month. A month's result is kept while its
    fragments and the station tables stay the same; times in the future are checked again
    only in a month whose latest record was later than now when it was checked."""
    now = now_in_beijing() if now is None else pd.Timestamp(now)
    ref = _reference_digest(reference)
    previous = manifest.get("checks", {})
    checks: dict[str, dict] = {}
    problems: list[Problem] = []
    for table in TIMED_TABLES:
        for year, month in store.months(table):
            name = f"{table}/{year}-{month:02d}"
            key = _partition_key(store.root / table / f"year={year}" / f"month={month}", ref)
            kept = previous.get(name)
            if kept and kept.get("key") == key:
                checks[name] = kept
                found = [problem_from_json(p) for p in kept["problems"]]
                if kept.get("latest") and pd.Timestamp(kept["latest"]) > now:
                    frame = store.read_month(table, year, month, columns=["_file", "_row"])
                    found += future_problems(frame, now)
            else:
                found, latest, late = _check_month(store, table, year, month, reference, now)
                checks[name] = {
                    "key": key,
                    "latest": None if latest is None else str(latest),
                    "problems": [problem_to_json(p) for p in found],
                }
                found = found + late
            problems += found
    manifest["checks"] = checks
    return merged(problems)


def convert(
    folder: str | Path,
    root: str | Path,
    *,
    counties: pd.DataFrame | None = None,
    reservoirs: pd.DataFrame | None = None,
    now: pd.Timestamp | None = None,
    chunk_rows: int = CHUNK_ROWS,
    lock_timeout: float = -1,
) -> Conversion:
    """Convert the monitoring folder ``folder`` into the dataset at ``root`` (created when
    missing), converting only the files whose content changed, and check it. ``counties``
    and ``reservoirs``: the 行政区划 and 水库名录 ledgers (:func:`~.folder.read_reference`).

    A file is read ``chunk_rows`` records at a time (:func:`~.read.read_table_chunks`):
    memory is bounded by a chunk while reading, by one month of one file while writing its
    fragment, and by one month partition while checking across records. One conversion at a
    time writes a store: a second one (another process, or another thread) waits for the
    lock ``convert.lock`` in ``root`` (at most ``lock_timeout`` seconds; -1: as long as it
    takes), then finds the files converted and reads none of them again.

    Returns the :class:`Conversion`; :meth:`Conversion.raise_for_errors` gives the store
    when no error was found. Records whose time cannot be read are reported and not stored.
    """
    from filelock import FileLock, Timeout

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(root / _LOCK), timeout=lock_timeout, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise MonitoringDataError(
            [
                Problem(
                    "",
                    f"另一个转换正在写入监测数据集 {root}，等待 {lock_timeout:g} 秒后仍未结束",
                    allowed=f"等它结束后再试（锁文件：{root / _LOCK}）",
                )
            ]
        ) from None
    try:
        return _convert_locked(folder, root, counties, reservoirs, now, chunk_rows)
    finally:
        lock.release()


def _convert_locked(
    folder: str | Path,
    root: Path,
    counties: pd.DataFrame | None,
    reservoirs: pd.DataFrame | None,
    now: pd.Timestamp | None,
    chunk_rows: int,
) -> Conversion:
    shutil.rmtree(root / _SCRATCH, ignore_errors=True)  # left by a run that was killed
    manifest = _load_manifest(root)
    if not manifest:
        for table in TIMED_TABLES:
            shutil.rmtree(root / table, ignore_errors=True)
        manifest = {"code": _code_digest(), "files": {}}
    reference, problems = read_reference(folder, counties=counties, reservoirs=reservoirs)
    result = Conversion(MonitoringStore(root), reference)
    files: dict[str, dict] = {}
    old = manifest.get("files", {})
    for tf in find_table_files(folder):
        if tf.table not in TIMED_TABLES:
            continue
        entry, converted = _convert_file(root, tf, old.get(tf.display), chunk_rows)
        files[tf.display] = entry
        (result.converted if converted else result.skipped).append(tf.display)
        problems += [problem_from_json(p) for p in entry["problems"]]
    for gone in set(old) - set(files):
        _remove(root, old[gone].get("fragments", []))
    manifest["files"] = files
    problems += _check_partitions(result.store, manifest, reference, now)
    atomic_write_text(root / _MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    shutil.rmtree(root / _SCRATCH, ignore_errors=True)
    result.problems = problems
    return result
