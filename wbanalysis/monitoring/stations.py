"""Which county (县区) each station belongs to.

A station's county is found, in this order:

1. the mapping table ``测站县区对照`` of the monitoring folder (CSV), by the station's code
   (a row with STCD and 县区) or by its division code (a row with ADDVCD and 县区, for every
   station of that division);
2. the counties ledger (行政区划, columns ``county`` and ``code``): the county whose 区划代码
   begins the station's ADDVCD (a 9- or 12-digit township or village code begins with its
   county's 6 digits).

A station found by neither has no county: it counts in the whole city, not in a county, and
a notice says so.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import NOTICE, Problem, ReadError, did_you_mean
from ..io.signature import snapshot
from ..scope import CITY
from .read import csv_frame
from .tables import STATIONS

__all__ = ["MAPPING_NAME", "read_station_mapping", "station_counties", "station_reservoirs"]

#: The file name (without suffix) of the mapping table in a monitoring folder.
MAPPING_NAME = "测站县区对照"

#: Headers accepted for the county column of the mapping table.
_COUNTY_HEADERS = ("县区", "县区名称", "所属县区", "县（区）", "COUNTY")

#: Headers accepted for the reservoir column (the ID in the 水库名录 ledger).
_RESERVOIR_HEADERS = ("水库编号", "RESERVOIR_ID")


def read_station_mapping(folder: str | Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The mapping table ``测站县区对照.csv`` of ``folder``, or None when there is none; with
    the problems of its rows.

    Its header has STCD and/or ADDVCD, and 县区 and/or 水库编号 (the reservoir's ID in the
    水库名录 ledger, for a reservoir station). The frame has columns ``STCD``, ``ADDVCD``,
    ``county``, ``reservoir_id`` (any may be all blank), and ``_file``/``_row``.
    """
    path = Path(folder) / f"{MAPPING_NAME}.csv"
    if not path.is_file():
        return None, []
    name = path.name
    try:
        raw = csv_frame(snapshot(path).data)
    except ReadError as exc:
        return None, [Problem(name, exc.message, allowed=exc.allowed)]
    raw.columns = [str(c).strip().upper() for c in raw.columns]
    county = next((h for h in _COUNTY_HEADERS if h in raw.columns), None)
    reservoir = next((h for h in _RESERVOIR_HEADERS if h in raw.columns), None)
    keys = [k for k in ("STCD", "ADDVCD") if k in raw.columns]
    if (county is None and reservoir is None) or not keys:
        return None, [
            Problem(
                name,
                "缺少必需的列",
                row=1,
                allowed="表头须有 STCD 或 ADDVCD，以及 县区 或 水库编号",
            )
        ]
    frame = pd.DataFrame(
        {
            column: _clean(raw[header]) if header in raw else None
            for column, header in (
                ("STCD", "STCD"),
                ("ADDVCD", "ADDVCD"),
                ("county", county),
                ("reservoir_id", reservoir),
            )
        }
    ).assign(_file=name, _row=range(2, 2 + len(raw)))
    empty = frame[["county", "reservoir_id"]].isna().all(axis=1)
    empty &= frame[["STCD", "ADDVCD"]].notna().any(axis=1)
    problems = [
        Problem(
            name,
            "县区为空" if reservoir is None else "县区和水库编号都为空",
            row=int(r),
            column=county or reservoir,
            allowed="县区名称，如 河东县" if reservoir is None else "县区名称或水库编号",
        )
        for r in frame.loc[empty, "_row"]
    ]
    return frame, problems


def _clean(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return text.astype(object).where(text.notna() & text.ne(""), None)


def _by_code(addvcd: pd.Series, counties: pd.DataFrame) -> pd.Series:
    """The county whose 区划代码 begins each ADDVCD (the longest such code)."""
    out = pd.Series(None, index=addvcd.index, dtype=object)
    codes = counties.dropna(subset=["code"])
    for code, county in sorted(
        zip(codes["code"].astype(str), codes["county"]), key=lambda x: len(x[0])
    ):
        match = addvcd.fillna("").str.startswith(code)
        out = out.where(~match.to_numpy(dtype=bool), county)
    return out


def station_counties(
    stations: pd.DataFrame,
    *,
    mapping: pd.DataFrame | None = None,
    counties: pd.DataFrame | None = None,
) -> tuple[pd.Series, list[Problem]]:
    """Each station's county (index STCD; None when not found), and the problems met.

    ``stations`` is ``ST_STBPRP_B`` (STCD, ADDVCD); ``mapping`` the table of
    :func:`read_station_mapping`; ``counties`` the counties ledger (``county``, ``code``).
    A county named by the mapping that the counties ledger does not list is an error.

    Examples
    --------
    >>> st = pd.DataFrame({"STCD": ["A", "B", "C"], "ADDVCD": ["990121", "990122101", None]})
    >>> co = pd.DataFrame({"county": ["河东县", "河西县"], "code": ["990121", "990122"]})
    >>> mp = pd.DataFrame({"STCD": ["C"], "ADDVCD": [None], "county": ["河东县"],
    ...                    "_file": "测站县区对照.csv", "_row": [2]})
    >>> found, problems = station_counties(st, mapping=mp, counties=co)
    >>> found.to_dict(), problems
    ({'A': '河东县', 'B': '河西县', 'C': '河东县'}, [])
    """
    codes = stations["STCD"].astype(object)
    addvcd = (
        stations["ADDVCD"].astype("string")
        if "ADDVCD" in stations
        else pd.Series(pd.NA, index=stations.index, dtype="string")
    )
    found = pd.Series(None, index=stations.index, dtype=object)
    if counties is not None and "code" in counties:
        found = _by_code(addvcd, counties)
    problems: list[Problem] = []
    if mapping is not None:
        mapping = mapping.dropna(subset=["county"])
        by_division = mapping.dropna(subset=["ADDVCD"]).drop_duplicates("ADDVCD", keep="last")
        division = addvcd.map(by_division.set_index("ADDVCD")["county"]).astype(object)
        found = division.where(division.notna(), found)
        by_station = mapping.dropna(subset=["STCD"]).drop_duplicates("STCD", keep="last")
        station = codes.map(by_station.set_index("STCD")["county"])
        found = station.where(station.notna(), found)
        if counties is not None:
            problems += _unknown_counties(mapping, list(counties["county"].dropna()))
    missing = codes[found.isna().to_numpy()].dropna().tolist()
    if missing:
        files = stations["_file"].dropna() if "_file" in stations else pd.Series(dtype=object)
        problems.append(
            Problem(
                str(files.iloc[0]) if len(files) else STATIONS.name,
                f"{len(missing)} 个测站未能对应到县区，只计入{CITY}"
                f"（{'、'.join(map(str, missing[:5]))}{' 等' if len(missing) > 5 else ''}）",
                column="ADDVCD",
                allowed=f"行政区划码以某县区的区划代码开头，或在 {MAPPING_NAME}.csv 中列出",
                level=NOTICE,
            )
        )
    return pd.Series(found.to_numpy(), index=pd.Index(codes, name="STCD"), name="county"), problems


def _unknown_counties(mapping: pd.DataFrame, known: list) -> list[Problem]:
    """Rows of the mapping naming a county the counties ledger does not list (in its order)."""
    return [
        Problem(
            str(file),
            "县区不在《行政区划》台账中",
            row=int(row),
            column="县区",
            value=county,
            allowed=did_you_mean(county, known) or "《行政区划》台账中的县区名称",
        )
        for county, file, row in zip(mapping["county"], mapping["_file"], mapping["_row"])
        if county not in known
    ]


def station_reservoirs(
    stations: pd.DataFrame,
    mapping: pd.DataFrame | None,
    *,
    reservoirs: pd.DataFrame | None = None,
) -> tuple[pd.Series, list[Problem]]:
    """Each station's reservoir in the 水库名录 ledger (index STCD; None for none), from the
    mapping table's 水库编号 by STCD; an ID the ledger (``reservoirs``, column
    ``reservoir_id``) does not list is an error.

    >>> st = pd.DataFrame({"STCD": ["A", "B"]})
    >>> mp = pd.DataFrame({"STCD": ["A"], "reservoir_id": ["R001"], "_file": "m.csv", "_row": [2]})
    >>> station_reservoirs(st, mp)[0].to_dict()
    {'A': 'R001', 'B': None}
    >>> print(station_reservoirs(st, mp, reservoirs=pd.DataFrame({"reservoir_id": ["R01"]}))[1][0])
    文件 m.csv，第 2 行，列「水库编号」：水库编号不在《水库名录》台账中（值：R001）；允许：是否为：R01？
    """
    codes = stations["STCD"].astype(object)
    found = pd.Series(None, index=pd.Index(codes, name="STCD"), dtype=object, name="reservoir_id")
    if mapping is None or "reservoir_id" not in mapping:
        return found, []
    given = mapping.dropna(subset=["STCD", "reservoir_id"]).drop_duplicates("STCD", keep="last")
    ids = dict(zip(given["STCD"], given["reservoir_id"]))
    found = pd.Series([ids.get(c) for c in codes], index=pd.Index(codes, name="STCD"), dtype=object)
    problems: list[Problem] = []
    if reservoirs is not None:
        known = list(reservoirs["reservoir_id"].dropna())
        problems = [
            Problem(
                str(file),
                "水库编号不在《水库名录》台账中",
                row=int(row),
                column="水库编号",
                value=rid,
                allowed=did_you_mean(rid, known) or "《水库名录》台账中的水库编号",
            )
            for rid, file, row in zip(given["reservoir_id"], given["_file"], given["_row"])
            if rid not in set(known)
        ]
    return found.rename("reservoir_id"), problems
