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


# ---- workbooks as Excel and WPS write them ---------------------------------------------------


def ledger_closure(*names: str) -> list[str]:
    """``names`` and every ledger they reference (a record's county, a patrol's chief…)."""
    out: list[str] = []
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in out:
            continue
        out.append(name)
        todo += [c.ref.split(".")[0] for c in LEDGERS[name].columns if c.ref]
    return [n for n in LEDGERS if n in out]


def demo_subset(
    src: Path, folder: Path, names: list[str], *, without: tuple[str, ...] = ()
) -> Path:
    """A folder with the demo CSV ledgers of ``names`` (and those they reference), less
    ``without`` (the ledger a test writes in another form)."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    for name in ledger_closure(*names):
        if name not in without:
            shutil.copyfile(src / f"{name}.csv", folder / f"{name}.csv")
    return folder


def saved_by_excel(path: Path) -> Path:
    """Make a workbook written by XlsxWriter look as Excel leaves it after saving: Excel
    stores every formula's result and drops ``fullCalcOnLoad`` (XlsxWriter sets it because it
    stores no results of its own; the tests give the results explicitly)."""
    import zipfile

    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b' fullCalcOnLoad="1"', b"")
            zout.writestr(item, data)
    tmp.replace(path)
    return path


def excel_workbook(path: Path, build, *, excel_saved: bool = True, dates: bool = True) -> Path:
    """Write a workbook with XlsxWriter (shared strings, styles, merged ranges, as Excel
    writes them); ``build(workbook)`` adds the sheets. ``dates``: date cells get a date format
    (without one, Excel shows them as serial numbers)."""
    import xlsxwriter

    options = {"default_date_format": "yyyy-mm-dd"} if dates else {}
    wb = xlsxwriter.Workbook(str(path), options)
    build(wb)
    wb.close()
    return saved_by_excel(path) if excel_saved else path


def write_rows(ws, rows: list[list], first_row: int = 0, fmt=None) -> int:
    """Write rows from ``first_row`` (0-based); return the next free row."""
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                ws.write(first_row + i, j, value, fmt) if fmt is not None else ws.write(
                    first_row + i, j, value
                )
    return first_row + len(rows)


def headers(name: str) -> list[str]:
    return [c.header for c in LEDGERS[name].columns]
