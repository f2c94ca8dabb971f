"""Re-save ledgers in the other formats analysts use: GB18030 CSV, XLSX workbooks."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd

from wbanalysis.dataset import Dataset
from wbanalysis.schema import LEDGERS


def resave_csv(src: Path, dst: Path, encoding: str = "gb18030") -> Path:
    """Copy every CSV ledger of ``src`` into ``dst`` in another encoding."""
    dst.mkdir(parents=True, exist_ok=True)
    for path in sorted(src.glob("*.csv")):
        text = path.read_text(encoding="utf-8-sig")
        (dst / path.name).write_bytes(text.encode(encoding))
    return dst


def _excel_value(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (bool,)) or type(value).__name__ == "bool_":
        return "是" if bool(value) else "否"
    if hasattr(value, "item"):
        return value.item()
    return value


def ledger_rows(ds: Dataset, name: str) -> list[list]:
    table = ds[name][LEDGERS[name].names].astype(object)
    return [[_excel_value(v) for v in row] for row in table.itertuples(index=False)]


def write_workbook(ds: Dataset, path: Path, *, title_row: bool = False) -> Path:
    """One workbook, one sheet per ledger named in Chinese, typed cells (numbers, dates)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, ledger in LEDGERS.items():
        ws = wb.create_sheet(ledger.zh)
        if title_row:
            ws.append([f"XX市{ledger.zh}（截至2023年10月）"])
        ws.append([c.header for c in ledger.columns])
        for row in ledger_rows(ds, name):
            ws.append(row)
    wb.save(path)
    return path


def write_workbook_folder(ds: Dataset, folder: Path) -> Path:
    """A folder of XLSX files, one ledger each, named by the Chinese ledger title."""
    from openpyxl import Workbook

    folder.mkdir(parents=True, exist_ok=True)
    for name, ledger in LEDGERS.items():
        wb = Workbook()
        ws = wb.active
        ws.title = "Sheet1"
        ws.append([c.header for c in ledger.columns])
        for row in ledger_rows(ds, name):
            ws.append(row)
        wb.save(folder / f"{ledger.zh}.xlsx")
    return folder


def assert_same_tables(a: Dataset, b: Dataset) -> None:
    for name in LEDGERS:
        pd.testing.assert_frame_equal(a[name], b[name], check_dtype=True, obj=name)


def csv_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


_ = dt  # datetime cells are produced through pandas Timestamps
