"""How large a workbook may be before any reader is handed it: the limits, in one place.

python-calamine allocates a sheet's whole used range at once (one value per cell from the
first cell holding a value to the last), so one stray value at XFD1048576 asks for 17 billion
cells and the process aborts; a zip bomb or a huge shared-strings part costs memory in the
same way. :mod:`.xlsxguard` measures a package against these limits by streaming it, before
calamine sees it, and refuses in Chinese what is over them.

Legacy .xls/.et files (BIFF8, read with xlrd) cannot exceed 65,536 rows × 256 columns, and
xlrd keeps only the cells a file holds (``ragged_rows``): their size is bounded by the format.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["WorkbookLimits", "LIMITS"]


@dataclass(frozen=True)
class WorkbookLimits:
    """What one .xlsx package may hold (uncompressed sizes in bytes)."""

    #: Rows of a sheet (Excel's own grid: row 1,048,576 is the last).
    rows: int = 1_048_576
    #: Columns of a sheet (Excel's own grid: column XFD, the 16,384th, is the last).
    columns: int = 16_384
    #: Cells of a sheet's used range counted from A1 (rows × columns): 10 million.
    cells: int = 10_000_000
    #: One part of the package (a worksheet's XML), uncompressed: 1 GiB.
    part_bytes: int = 1 << 30
    #: The whole package, uncompressed: 2 GiB.
    package_bytes: int = 2 << 30
    #: The shared strings part, uncompressed: 256 MiB.
    shared_strings_bytes: int = 256 << 20
    #: A part read whole into a tree (the workbook, its relationships, its styles): 64 MiB.
    meta_bytes: int = 64 << 20
    #: Distinct shared strings.
    shared_strings: int = 5_000_000
    #: Uncompressed : compressed, for a part larger than ``ratio_floor`` (Excel's XML
    #: compresses about 5–30 times; a zip bomb thousands of times).
    ratio: int = 200
    ratio_floor: int = 16 << 20
    #: Parts (files) in the package.
    parts: int = 10_000
    #: Nesting of XML elements (a worksheet needs about 8).
    depth: int = 100
    #: One row's XML: 64 MiB.
    row_bytes: int = 64 << 20
    #: One cell's XML (Excel holds at most 32,767 characters in a cell): 4 MiB.
    cell_bytes: int = 4 << 20


#: The limits every workbook is read under.
LIMITS = WorkbookLimits()
