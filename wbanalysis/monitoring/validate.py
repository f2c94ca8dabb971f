"""Checks of monitoring records, each returning located problems (never dropping a record).

The checks, each a function of typed frames (:func:`~.read.read_table_file`) with the source
columns ``_file`` and ``_row``:

- :func:`value_problems` — values a record cannot have: negative rainfall (DRP, DYP), a
  non-positive period length (INTV), a negative storage (W); errors;
- :func:`station_problems` — a station code (STCD) not in ``ST_STBPRP_B``, or listed twice
  there; errors;
- :func:`future_problems` — a time (TM) later than now (Beijing time, as the platforms
  stamp records); errors;
- :func:`duplicate_problems` — two records of one station at one time: when their values are
  the same, a notice (the record counts once); when they differ, an error (which one is
  right cannot be told);
- :func:`level_problems` — a reservoir water level (RZ) above the dam crest (DAMEL, an error)
  or below the dead water level (DDZ, a notice: a reservoir emptied in a drought), when the
  station table or ``ST_RSVRFCCH_B`` gives them;
- :func:`flood_limit_problems` — 汛限水位 periods of one station that overlap; errors.

Every check works on any subset of the records (one file, one month of the dataset), so a
province's data is checked one partition at a time (:mod:`.store`).
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from ..errors import NOTICE, Problem
from .problems import by_file, located
from .tables import STATIONS, TABLES

__all__ = [
    "now_in_beijing",
    "value_problems",
    "station_problems",
    "future_problems",
    "duplicate_problems",
    "level_problems",
    "flood_limit_problems",
    "station_table_problems",
]

#: Values a record cannot have: column → (check that passes, message, allowed).
_NOT_NEGATIVE = {
    "DRP": ("降水量不能为负", "≥ 0 的数值（mm），无数据时留空"),
    "DYP": ("日降水量不能为负", "≥ 0 的数值（mm），无数据时留空"),
    "W": ("蓄水量不能为负", "≥ 0 的数值（百万m³），无数据时留空"),
}


def now_in_beijing() -> pd.Timestamp:
    """The current time in Beijing (UTC+8), without a time zone, as TM is written."""
    return pd.Timestamp.now(tz="Asia/Shanghai").tz_localize(None)


def _each_file(
    frame: pd.DataFrame,
    mask: np.ndarray,
    message: str,
    *,
    column: str,
    allowed: str,
    shown: str | None = None,
    **kw,
) -> list[Problem]:
    """One problem per file for the records of ``mask``, its values from ``shown`` (default:
    ``column``)."""
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return []
    shown = shown or column
    values = frame[shown].to_numpy(dtype=object)[mask] if shown in frame else None
    return [
        located(name, rows, message, column=column, values=vals, allowed=allowed, **kw)
        for name, rows, vals in by_file(
            frame["_file"].to_numpy(dtype=object)[mask], frame["_row"].to_numpy()[mask], values
        )
    ]


def value_problems(table: str, frame: pd.DataFrame) -> list[Problem]:
    """Negative rainfall or storage, a period length (INTV) not above zero.

    >>> f = pd.DataFrame({"STCD": ["A", "A"], "DRP": [-0.5, 2.0], "INTV": [1.0, 0.0],
    ...                   "_file": "ST_PPTN_R.csv", "_row": [2, 3]})
    >>> for p in value_problems("ST_PPTN_R", f): print(p)
    文件 ST_PPTN_R.csv，第 2 行，列「DRP」：降水量不能为负（值：-0.5）；允许：≥ 0 的数值（mm），无数据时留空
    文件 ST_PPTN_R.csv，第 3 行，列「INTV」：时段长须大于 0（值：0）；允许：时段长 hh.nn，如 1.00（1 小时）、0.05（5 分钟）
    """
    columns = TABLES[table].columns
    problems: list[Problem] = []
    for column, (message, allowed) in _NOT_NEGATIVE.items():
        if column in columns and column in frame:
            bad = (frame[column] < 0).to_numpy(dtype=bool, na_value=False)
            problems += _each_file(frame, bad, message, column=column, allowed=allowed)
    if "INTV" in columns and "INTV" in frame:
        bad = (frame["INTV"] <= 0).to_numpy(dtype=bool, na_value=False)
        problems += _each_file(
            frame,
            bad,
            "时段长须大于 0",
            column="INTV",
            allowed="时段长 hh.nn，如 1.00（1 小时）、0.05（5 分钟）",
        )
    return problems


def station_table_problems(stations: pd.DataFrame) -> list[Problem]:
    """A station code listed twice in ``ST_STBPRP_B``."""
    repeated = stations["STCD"].duplicated(keep=False) & stations["STCD"].notna()
    return _each_file(
        stations,
        repeated.to_numpy(dtype=bool),
        f"测站编码重复（{STATIONS.zh}中每个测站只能有一行）",
        column="STCD",
        allowed="不重复的测站编码",
    )


def station_problems(frame: pd.DataFrame, known: Collection[str]) -> list[Problem]:
    """Records of a station code not in the station table ``ST_STBPRP_B``.

    >>> f = pd.DataFrame({"STCD": ["60101", "6010"], "_file": "ST_RSVR_R.csv", "_row": [2, 3]})
    >>> print(station_problems(f, {"60101"})[0])
    文件 ST_RSVR_R.csv，第 3 行，列「STCD」：测站编码不在测站基本属性表（ST_STBPRP_B）中（值：6010）；允许：ST_STBPRP_B 中列出的测站编码
    """
    codes = frame["STCD"]
    unknown = ~codes.isin(pd.Index(list(known))) & codes.notna()
    return _each_file(
        frame,
        unknown.to_numpy(dtype=bool),
        f"测站编码不在{STATIONS.zh}（{STATIONS.name}）中",
        column="STCD",
        allowed=f"{STATIONS.name} 中列出的测站编码",
    )


def future_problems(frame: pd.DataFrame, now: pd.Timestamp | None = None) -> list[Problem]:
    """Records stamped later than ``now`` (default: :func:`now_in_beijing`)."""
    now = now_in_beijing() if now is None else pd.Timestamp(now)
    late = (frame["TM"] > now).to_numpy(dtype=bool, na_value=False)
    return _each_file(
        frame,
        late,
        "时间晚于当前时间（未来的记录）",
        column="TM",
        allowed=f"不晚于 {now:%Y-%m-%d %H:%M} 的北京时间",
    )


def _shown_key(stcd: object, tm: object) -> str:
    return f"{stcd} {pd.Timestamp(tm):%Y-%m-%d %H:%M}" if pd.notna(tm) else f"{stcd}"


def duplicate_problems(table: str, frame: pd.DataFrame) -> list[Problem]:
    """Records of one station at one time (STCD, TM): a notice when all their values agree
    (the record counts once), an error when they differ.

    >>> f = pd.DataFrame({"STCD": ["A", "A", "A", "B"],
    ...                   "TM": pd.to_datetime(["2023-07-01 08:00"] * 2 + ["2023-07-01 09:00"] * 2),
    ...                   "DRP": [1.0, 1.0, 2.0, 2.0], "_file": "p.csv", "_row": [2, 3, 4, 5]})
    >>> [(p.level, p.rows) for p in duplicate_problems("ST_PPTN_R", f)]
    [('notice', (2, 3))]
    >>> print(duplicate_problems("ST_PPTN_R", f.assign(DRP=[1.0, 1.5, 2.0, 2.0]))[0])
    文件 p.csv，第 2–3 行（共 2 行），列「TM」：同一测站同一时间有 2 条以上数值不同的记录，无法确定哪条正确（值：A 2023-07-01 08:00）；允许：每个测站每个时间只有一条记录（STCD 与 TM 不重复）
    """
    keyed = frame[frame["STCD"].notna() & frame["TM"].notna()]
    repeated = keyed[keyed.duplicated(["STCD", "TM"], keep=False)]
    if repeated.empty:
        return []
    values = [c for c in TABLES[table].columns if c in repeated and c not in ("STCD", "TM")]
    if values:
        groups = repeated.groupby(["STCD", "TM"], sort=False)[values]
        # nunique(dropna=False) counts NaN once: two blank values agree, as they should
        differs = groups.transform("nunique", dropna=False).gt(1).any(axis=1).to_numpy(bool)
    else:
        differs = np.zeros(len(repeated), dtype=bool)
    repeated = repeated.assign(
        _key=[_shown_key(s, t) for s, t in zip(repeated["STCD"], repeated["TM"])]
    )
    allowed = "每个测站每个时间只有一条记录（STCD 与 TM 不重复）"
    return _each_file(
        repeated,
        differs,
        "同一测站同一时间有 2 条以上数值不同的记录，无法确定哪条正确",
        column="TM",
        allowed=allowed,
        shown="_key",
    ) + _each_file(
        repeated,
        ~differs,
        "同一测站同一时间的记录重复（数值相同），按一条计",
        column="TM",
        allowed=allowed,
        shown="_key",
        level=NOTICE,
    )


def level_problems(
    reservoir: pd.DataFrame, limits: pd.DataFrame | None, *, column: str = "RZ"
) -> list[Problem]:
    """Water levels above the dam crest (DAMEL: error) or below the dead level (DDZ: notice).

    ``limits`` has STCD and DAMEL and/or DDZ (``ST_RSVRFCCH_B``, or the station table when it
    carries them); a station without them is not checked.

    >>> r = pd.DataFrame({"STCD": ["A", "A", "A"], "RZ": [101.0, 125.3, 88.0],
    ...                   "_file": "ST_RSVR_R.csv", "_row": [2, 3, 4]})
    >>> lim = pd.DataFrame({"STCD": ["A"], "DAMEL": [120.0], "DDZ": [90.0]})
    >>> for p in level_problems(r, lim): print(p)
    文件 ST_RSVR_R.csv，第 3 行，列「RZ」：库上水位高于坝顶高程（值：125.3）；允许：不高于坝顶高程 DAMEL 的水位（m）
    文件 ST_RSVR_R.csv，第 4 行，列「RZ」：库上水位低于死水位，请核实（值：88）；允许：不低于死水位 DDZ 的水位（m）
    """
    if limits is None or limits.empty or column not in reservoir:
        return []
    bounds = limits.drop_duplicates("STCD").set_index("STCD")
    problems: list[Problem] = []
    level = reservoir[column]
    if "DAMEL" in bounds:
        crest = reservoir["STCD"].map(bounds["DAMEL"])
        high = (level > crest).to_numpy(dtype=bool, na_value=False)
        problems += _each_file(
            reservoir,
            high,
            "库上水位高于坝顶高程",
            column=column,
            allowed="不高于坝顶高程 DAMEL 的水位（m）",
        )
    if "DDZ" in bounds:
        dead = reservoir["STCD"].map(bounds["DDZ"])
        low = (level < dead).to_numpy(dtype=bool, na_value=False)
        problems += _each_file(
            reservoir,
            low,
            "库上水位低于死水位，请核实",
            column=column,
            allowed="不低于死水位 DDZ 的水位（m）",
            level=NOTICE,
        )
    return problems


def _days(begin: str, end: str) -> set[int]:
    """Days of a leap year (1–366) from ``begin`` to ``end`` (MMDD), across the new year."""
    first = pd.Timestamp(f"2024{begin}").day_of_year
    last = pd.Timestamp(f"2024{end}").day_of_year
    if first <= last:
        return set(range(first, last + 1))
    return set(range(first, 367)) | set(range(1, last + 1))


def flood_limit_problems(limits: pd.DataFrame) -> list[Problem]:
    """Periods of 汛限水位 of one station that overlap (a date would have two limits).

    >>> lim = pd.DataFrame({"STCD": ["A", "A"], "BGMD": ["0601", "0815"],
    ...                     "EDMD": ["0820", "0930"], "FSLTDZ": [100.0, 101.0],
    ...                     "_file": "ST_RSVRFSR_B.csv", "_row": [2, 3]})
    >>> print(flood_limit_problems(lim)[0])
    文件 ST_RSVRFSR_B.csv，第 3 行，列「BGMD」：与同一测站另一汛限时段（第 2 行）重叠（值：0815）；允许：同一测站的各汛限时段（BGMD–EDMD）互不重叠
    """
    problems: list[Problem] = []
    usable = limits[limits["BGMD"].notna() & limits["EDMD"].notna() & limits["STCD"].notna()]
    for _, group in usable.groupby("STCD", sort=True):
        seen: list[tuple[set[int], object]] = []
        for begin, end, file, row in zip(
            group["BGMD"], group["EDMD"], group["_file"], group["_row"]
        ):
            days = _days(str(begin), str(end))
            clash = [other_row for other, other_row in seen if days & other]
            if clash:
                problems.append(
                    Problem(
                        str(file),
                        f"与同一测站另一汛限时段（第 {clash[0]} 行）重叠",
                        row=int(row),
                        column="BGMD",
                        value=begin,
                        allowed="同一测站的各汛限时段（BGMD–EDMD）互不重叠",
                    )
                )
            seen.append((days, int(row)))
    return problems
