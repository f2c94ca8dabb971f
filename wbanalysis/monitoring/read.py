"""Reading the national tables from a monitoring folder: CSV (GBK or UTF-8) or Parquet.

A folder holds each table in one or more files named by the table, as the platforms export
them: ``ST_PPTN_R.csv``, ``ST_PPTN_R_2023-07.csv``, ``ST_RSVR_R.parquet``, or files in a
sub-folder of that name (``ST_PPTN_R/2023-07.csv``). Text files are decoded like the ledgers
(:func:`wbanalysis.io.textfile.decode`: UTF-8 with or without BOM, GBK/GB18030, UTF-16);
headers are matched case-blind. Each file is read on its own into a typed frame
(:func:`read_table_file`) with the problems found in its rows: a value that cannot be typed is
reported, never silently dropped.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import Problem, ReadError
from ..io.signature import NotRegularFile, Snapshot, is_regular, snapshot
from ..io.textfile import decode
from .problems import located
from .tables import SOURCE_COLUMNS, TABLES, Field, Table

__all__ = [
    "TableFile",
    "find_table_files",
    "read_table_file",
    "read_table_chunks",
    "scan_file",
    "Scan",
    "CHUNK_ROWS",
    "csv_frame",
    "empty_table",
    "parse_times",
    "parse_month_days",
    "TEXT_SUFFIXES",
    "PARQUET_SUFFIXES",
]

TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
PARQUET_SUFFIXES = (".parquet", ".pq")

#: Time formats tried after ISO 8601 (which also takes ``2023/7/1 8:00``).
_TIME_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M", "%Y%m%d%H%M%S")

_TIME_ALLOWED = "日期时间，如 2023-07-01 08:00:00 或 2023/7/1 8:00"
_NUMBER_ALLOWED = "数值（如 12.5），无数据时留空"


@dataclass(frozen=True)
class TableFile:
    """A file of the monitoring folder holding (part of) one national table."""

    table: str
    path: Path
    display: str  # the name shown in messages: relative to the folder

    @property
    def is_parquet(self) -> bool:
        return self.path.suffix.lower() in PARQUET_SUFFIXES


def _table_of(stem: str) -> str | None:
    """``ST_PPTN_R_2023-07`` → ``ST_PPTN_R``; a name of no table → None."""
    upper = stem.strip().upper()
    for name in sorted(TABLES, key=len, reverse=True):
        if upper == name or (upper.startswith(name) and upper[len(name)] in "_-. （("):
            return name
    return None


def find_table_files(folder: str | Path) -> list[TableFile]:
    """The files of ``folder`` (and of its sub-folders named by a table) that hold a national
    table, in name order. Other files are not read."""
    folder = Path(folder)
    found: list[TableFile] = []
    suffixes = TEXT_SUFFIXES + PARQUET_SUFFIXES
    for path in sorted(folder.iterdir()):
        if path.is_dir():
            table = _table_of(path.name)
            if table is None:
                continue
            for inner in sorted(path.iterdir()):
                if inner.is_file() and inner.suffix.lower() in suffixes:
                    found.append(TableFile(table, inner, f"{path.name}/{inner.name}"))
        elif path.suffix.lower() in suffixes:
            table = _table_of(path.stem)
            if table is not None:
                found.append(TableFile(table, path, path.name))
    return found


def parse_times(values: pd.Series) -> pd.Series:
    """Times as written in an export → ``datetime64``; NaT where blank or unparseable.

    >>> parse_times(pd.Series(["2023-07-01 08:00:00", "2023/7/1 9:00", "7月1日", ""])).tolist()
    [Timestamp('2023-07-01 08:00:00'), Timestamp('2023-07-01 09:00:00'), NaT, NaT]
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        times = pd.Series(values)
        if getattr(times.dt, "tz", None) is not None:
            times = times.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
        return times.astype("datetime64[us]")
    text = values.astype("string").str.strip()
    times = pd.to_datetime(text, format="ISO8601", errors="coerce")
    for fmt in _TIME_FORMATS:
        todo = times.isna() & text.fillna("").ne("")
        if not todo.any():
            break
        times = times.where(~todo, pd.to_datetime(text.where(todo), format=fmt, errors="coerce"))
    return times.astype("datetime64[us]")


def parse_month_days(values: pd.Series) -> pd.Series:
    """Month-days ``MMDD`` (``0601``; ``601`` as a spreadsheet writes it) → 4-character text;
    NA where blank or not a date of the year (0229 is one).

    >>> parse_month_days(pd.Series(["0601", "601", "1231", "0230", "6-1", ""])).tolist()
    ['0601', '0601', '1231', <NA>, <NA>, <NA>]
    """
    text = values.astype("string").str.strip().str.replace(r"\.0$", "", regex=True)
    padded = text.where(~text.str.fullmatch(r"\d{3}").fillna(False), "0" + text)
    ok = padded.str.fullmatch(r"\d{4}").fillna(False)
    dates = pd.to_datetime("2024" + padded.where(ok), format="%Y%m%d", errors="coerce")
    return padded.where(ok & dates.notna())


def _read_frame(table_file: TableFile, shot: Snapshot | None) -> tuple[pd.DataFrame, str]:
    """The file's columns as read (text, or typed when Parquet) and its content digest."""
    shot = snapshot(table_file.path) if shot is None else shot
    if table_file.is_parquet:
        import pyarrow.parquet as pq

        try:
            frame = pq.read_table(io.BytesIO(shot.data)).to_pandas()
        except Exception as exc:  # pyarrow raises many kinds for a damaged file
            raise ReadError(
                f"不是可读取的 Parquet 文件（{type(exc).__name__}）", "Parquet 或 CSV 文件"
            ) from None
        return frame, shot.digest
    return csv_frame(shot.data), shot.digest


def csv_frame(data: bytes) -> pd.DataFrame:
    """A CSV or tab-separated export as text columns (raises :class:`ReadError`), decoded
    like a ledger; its header row is line 1."""
    text = decode(data).lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    sep = "\t" if "\t" in first and "," not in first else ","
    try:
        return pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skip_blank_lines=False
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ReadError(
            f"CSV 格式无法解析（{str(exc).splitlines()[0][:80]}）",
            "用逗号分隔、首行为表头（STCD、TM 等）的 CSV 文件",
        ) from None


def _text(raw: pd.Series) -> pd.Series:
    """Values as text, stripped; "" where blank (NA in a typed Parquet column too)."""
    return raw.astype("string").str.strip().fillna("")


def _typed(field: Field, raw: pd.Series, text: pd.Series) -> tuple[pd.Series, str, str]:
    """A column typed for its field, and the message and allowed values for what fails."""
    if field.kind == "time":
        return parse_times(raw), "时间无法识别", _TIME_ALLOWED
    if field.kind == "mmdd":
        return parse_month_days(raw).astype(object), "月日无法识别", "4 位月日 MMDD，如 0601"
    if field.kind == "float":
        if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
            return raw.astype("float64"), "", ""
        return _numbers(text), "须为数值", _NUMBER_ALLOWED
    return text.astype(object).where(text.ne(""), None), "", ""


def _numbers(text: pd.Series) -> pd.Series:
    """Stripped text as numbers; NaN where blank or not a number. Arrow's cast when every
    value is a number (fast), else :func:`pandas.to_numeric`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    given = text.where(text.ne(""))
    try:
        cast = pc.cast(pa.array(given, type=pa.string(), from_pandas=True), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return pd.to_numeric(given, errors="coerce").astype("float64")
    values = cast.to_numpy(zero_copy_only=False)
    return pd.Series(values, index=text.index, dtype="float64")


def _type_columns(table: Table, frame: pd.DataFrame) -> tuple[pd.DataFrame, list]:
    """The table's columns typed, and ``(field, message, allowed, mask, values)`` for each
    kind of bad value found."""
    out = pd.DataFrame(index=frame.index)
    bad: list = []
    for field in table.fields:
        if field.name not in frame.columns:
            continue
        text = _text(frame[field.name])
        out[field.name], message, allowed = _typed(field, frame[field.name], text)
        blank = text.eq("")
        wrong = out[field.name].isna() & ~blank
        if wrong.any():
            bad.append((field, message, allowed, wrong, text))
        if field.required and blank.any():
            bad.append((field, "必填项为空", f"{field.zh}（{field.name}）不能为空", blank, None))
    return out, bad


def _header_problems(table_file: TableFile, columns: Sequence[str]) -> list[Problem]:
    """A required column missing from the header (line 1 of a CSV)."""
    table = TABLES[table_file.table]
    return [
        Problem(
            table_file.display,
            f"缺少必需的列「{f.name}」（{f.zh}）",
            row=1 if not table_file.is_parquet else None,
            allowed="表头须包含 " + "、".join(x.name for x in table.fields if x.required),
        )
        for f in table.fields
        if f.required and f.name not in columns
    ]


def _upper_columns(raw: pd.DataFrame) -> pd.DataFrame:
    raw.columns = [str(c).strip().lstrip("\ufeff").upper() for c in raw.columns]
    return raw.loc[:, ~pd.Index(raw.columns).duplicated()]


def _typed_records(
    table_file: TableFile, raw: pd.DataFrame, first_row: int
) -> tuple[pd.DataFrame, list[Problem]]:
    """Records of ``raw`` (columns upper-cased, one of each name) typed, blank lines left out,
    and the problems of their values; ``first_row`` is the row the file shows for the first
    line of ``raw``."""
    table = TABLES[table_file.table]
    name = table_file.display
    rows = np.arange(first_row, first_row + len(raw), dtype="int64")
    filled = raw.astype("string").apply(lambda c: c.str.strip().fillna("").ne("")).any(axis=1)
    raw, rows = raw[filled.to_numpy()].reset_index(drop=True), rows[filled.to_numpy()]
    frame, bad = _type_columns(table, raw)
    problems: list[Problem] = []
    for field, message, allowed, mask, values in bad:
        mask = np.asarray(mask, dtype=bool)
        shown = values[mask].tolist() if values is not None else []
        problems.append(
            located(name, rows[mask], message, column=field.name, values=shown, allowed=allowed)
        )
    frame["_file"] = name
    frame["_row"] = rows
    return frame, problems


def read_table_file(
    table_file: TableFile, shot: Snapshot | None = None
) -> tuple[pd.DataFrame, list[Problem], str]:
    """One file of a national table: its records typed, the problems of its rows, and the
    SHA-256 of its bytes.

    The frame has the table's columns found in the file (others are left out), typed (TM as
    ``datetime64``, numbers as float, BGMD/EDMD as ``MMDD`` text), and :data:`SOURCE_COLUMNS`:
    ``_file`` (the file's name in the folder) and ``_row`` (the row the file shows: header
    = line 1 of a CSV; a blank line counts, as in a text editor; a cell spanning lines inside
    quotes would shift the rows after it). ``shot``: the file's bytes when already read
    (:func:`~wbanalysis.io.signature.snapshot`). A record whose required value is missing or
    cannot be typed is kept with NA there, and reported; the caller decides (an error makes
    the data unusable). The whole file is in memory at once: for large files, see
    :func:`read_table_chunks`.
    """
    table = TABLES[table_file.table]
    try:
        raw, digest = _read_frame(table_file, shot)
    except ReadError as exc:
        problem = Problem(table_file.display, exc.message, allowed=exc.allowed)
        return empty_table(table), [problem], ""
    raw = _upper_columns(raw)
    problems = _header_problems(table_file, raw.columns)
    if problems:
        return empty_table(table), problems, digest
    frame, found = _typed_records(table_file, raw, 1 if table_file.is_parquet else 2)
    return frame, problems + found, digest


#: Records read at a time from a large file (:func:`read_table_chunks`).
CHUNK_ROWS = 200_000

#: Bytes hashed at a time (:func:`scan_file`).
_BLOCK_BYTES = 1 << 20


@dataclass(frozen=True)
class Scan:
    """What one pass over a file's bytes found: their SHA-256 and the text encoding (None:
    a Parquet file, or text that cannot be read a chunk at a time, UTF-16 without a BOM)."""

    digest: str
    encoding: str | None
    size: int


def scan_file(table_file: TableFile) -> Scan:
    """The SHA-256 of a file and its encoding, read a block at a time (memory: one block).

    The encoding is told as :func:`wbanalysis.io.textfile.decode` tells it: a byte-order mark,
    else UTF-8 when every byte decodes as UTF-8, else GB18030 (which reads GBK). Raises
    :class:`ReadError` when the file cannot be read or is no regular file."""
    digest = hashlib.sha256()
    checker = codecs.getincrementaldecoder("utf-8")()
    utf8, size, head = True, 0, b""
    try:
        st = os.stat(table_file.path)
        if not is_regular(st):
            raise NotRegularFile(table_file.path)
        with open(table_file.path, "rb") as fh:
            while block := fh.read(_BLOCK_BYTES):
                if not head:
                    head = block[:4096]
                digest.update(block)
                size += len(block)
                if utf8:
                    try:
                        checker.decode(block)
                    except UnicodeDecodeError:
                        utf8 = False
        if utf8:
            checker.decode(b"", final=True)
    except UnicodeDecodeError:
        utf8 = False
    except OSError as exc:
        raise ReadError(f"无法读取文件（{exc.strerror or exc}）") from None
    if table_file.is_parquet:
        return Scan(digest.hexdigest(), None, size)
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            return Scan(digest.hexdigest(), codec, size)
    if b"\x00" in head:
        return Scan(digest.hexdigest(), None, size)
    return Scan(digest.hexdigest(), "utf-8" if utf8 else "gb18030", size)


def read_table_chunks(
    table_file: TableFile, encoding: str | None, *, chunk_rows: int = CHUNK_ROWS
) -> Iterator[tuple[pd.DataFrame, list[Problem]]]:
    """The records of a file ``chunk_rows`` at a time, typed as :func:`read_table_file` types
    them, each chunk with the problems of its rows (rows numbered as the file shows them, the
    header's problems with the first chunk). Memory is bounded by a chunk, not by the file.

    ``encoding``: of a text file, as :func:`scan_file` found it (None for a Parquet file).
    Raises :class:`ReadError` when the file cannot be parsed (a record already yielded is then
    to be thrown away, as the whole file is unreadable). A file holding no record yields an
    empty table (with its header's problems)."""
    table = TABLES[table_file.table]
    first_row = 1 if table_file.is_parquet else 2
    first = True
    try:
        for raw in _raw_chunks(table_file, encoding, chunk_rows):
            raw = _upper_columns(raw)
            if first:
                first = False
                header = _header_problems(table_file, raw.columns)
                if header:
                    yield empty_table(table), header
                    return
            frame, problems = _typed_records(table_file, raw, first_row)
            first_row += len(raw)
            yield frame, problems
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ReadError(
            f"CSV 格式无法解析（{str(exc).splitlines()[0][:80]}）",
            "用逗号分隔、首行为表头（STCD、TM 等）的 CSV 文件",
        ) from None
    except UnicodeDecodeError:
        raise ReadError("文件编码无法识别", "UTF-8、UTF-16（Unicode 文本）或 GBK/GB18030") from None


def _raw_chunks(table_file: TableFile, encoding: str | None, chunk_rows: int) -> Iterator:
    """The file's columns as read (text, or typed when Parquet), ``chunk_rows`` at a time; at
    least one frame (with the header's columns) even for a file without records."""
    if table_file.is_parquet:
        import pyarrow.parquet as pq

        try:
            source = pq.ParquetFile(table_file.path)
            batches = source.iter_batches(batch_size=chunk_rows)
            yielded = False
            for batch in batches:
                yielded = True
                yield batch.to_pandas()
            if not yielded:
                yield source.schema_arrow.empty_table().to_pandas()
        except OSError as exc:
            raise ReadError(f"无法读取文件（{exc.strerror or exc}）") from None
        except Exception as exc:  # pyarrow raises many kinds for a damaged file
            raise ReadError(
                f"不是可读取的 Parquet 文件（{type(exc).__name__}）", "Parquet 或 CSV 文件"
            ) from None
        return
    if encoding is None:  # UTF-16 without a byte-order mark: read whole (rare, small)
        yield _read_frame(table_file, None)[0]
        return
    with open(table_file.path, encoding=encoding, newline="") as fh:
        first = fh.readline()
        fh.seek(0)
        sep = "\t" if "\t" in first and "," not in first else ","
        reader = pd.read_csv(
            fh,
            sep=sep,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            chunksize=chunk_rows,
        )
        with reader:
            yielded = False
            for chunk in reader:
                yielded = True
                yield chunk
        if not yielded:  # a header and no record
            fh.seek(0)
            yield pd.read_csv(fh, sep=sep, dtype=str, keep_default_na=False, nrows=0)


def empty_table(table: Table) -> pd.DataFrame:
    """A table with no record: its columns typed as :func:`read_table_file` types them."""
    columns = {
        f.name: pd.Series(
            dtype="datetime64[us]"
            if f.kind == "time"
            else "float64"
            if f.kind == "float"
            else object
        )
        for f in table.fields
    }
    frame = pd.DataFrame(columns)
    frame[SOURCE_COLUMNS[0]] = pd.Series(dtype=object)
    frame[SOURCE_COLUMNS[1]] = pd.Series(dtype="int64")
    return frame
