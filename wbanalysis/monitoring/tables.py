"""The national tables of real-time rain and water data (SL 323) that wbanalysis reads.

Names and meanings follow SL 323《实时雨水情数据库表结构与标识符》: the platforms export these
tables with these column names, and they are the interchange format here. Only the columns the
indicators use are described; other columns of an export are left out when it is read.

==================  ===============  =====================================================
table               Chinese name     columns read
==================  ===============  =====================================================
``ST_STBPRP_B``     测站基本属性表   STCD, STNM, STTP, ADDVCD, LGTD, LTTD (DAMEL, DDZ)
``ST_PPTN_R``       降水量表         STCD, TM, DRP (mm), INTV (时段长, hh.nn), DYP (mm)
``ST_RSVR_R``       水库水情表       STCD, TM, RZ (m), INQ (m³/s), W (百万m³), OTQ (m³/s)
``ST_RIVER_R``      河道水情表       STCD, TM, Z (m), Q (m³/s)
``ST_RSVRFSR_B``    库（湖）汛限水位表 STCD, BGMD, EDMD (MMDD), FSLTDZ (m), FSLTDW (百万m³)
``ST_RSVRFCCH_B``   库（湖）防洪指标表 STCD, DAMEL 坝顶高程 (m), DDZ 死水位 (m)
==================  ===============  =====================================================
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Field",
    "Table",
    "TABLES",
    "STATIONS",
    "RAINFALL",
    "RESERVOIR",
    "RIVER",
    "FLOOD_LIMITS",
    "FLOOD_CONTROL",
    "TIMED_TABLES",
    "SOURCE_COLUMNS",
]

#: The kinds of values a column holds: text, a time, a number, a month-day (``0601``).
KINDS = ("str", "time", "float", "mmdd")


@dataclass(frozen=True)
class Field:
    """One column of a national table: its standard name, Chinese name, kind and unit."""

    name: str
    zh: str
    kind: str = "float"
    unit: str = ""
    required: bool = False


@dataclass(frozen=True)
class Table:
    """One national table: its standard name, Chinese name and the columns read."""

    name: str
    zh: str
    fields: tuple[Field, ...]

    @property
    def timed(self) -> bool:
        """Whether its records are stamped with a time ``TM`` (a ``_R`` table)."""
        return any(f.kind == "time" for f in self.fields)

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


_STCD = Field("STCD", "测站编码", "str", required=True)
_TM = Field("TM", "时间", "time", required=True)

STATIONS = Table(
    "ST_STBPRP_B",
    "测站基本属性表",
    (
        _STCD,
        Field("STNM", "测站名称", "str"),
        Field("STTP", "站类", "str"),
        Field("ADDVCD", "行政区划码", "str"),
        Field("LGTD", "经度", unit="°"),
        Field("LTTD", "纬度", unit="°"),
        # not SL 323 columns of this table, but read when a platform adds them here
        Field("DAMEL", "坝顶高程", unit="m"),
        Field("DDZ", "死水位", unit="m"),
    ),
)
RAINFALL = Table(
    "ST_PPTN_R",
    "降水量表",
    (
        _STCD,
        _TM,
        Field("DRP", "时段降水量", unit="mm"),
        Field("INTV", "时段长", unit="hh.nn"),
        Field("DYP", "日降水量", unit="mm"),
    ),
)
RESERVOIR = Table(
    "ST_RSVR_R",
    "水库水情表",
    (
        _STCD,
        _TM,
        Field("RZ", "库上水位", unit="m"),
        Field("INQ", "入库流量", unit="m³/s"),
        Field("W", "蓄水量", unit="百万m³"),
        Field("OTQ", "出库流量", unit="m³/s"),
    ),
)
RIVER = Table(
    "ST_RIVER_R",
    "河道水情表",
    (_STCD, _TM, Field("Z", "水位", unit="m"), Field("Q", "流量", unit="m³/s")),
)
FLOOD_LIMITS = Table(
    "ST_RSVRFSR_B",
    "库（湖）汛限水位表",
    (
        _STCD,
        Field("BGMD", "开始月日", "mmdd", required=True),
        Field("EDMD", "结束月日", "mmdd", required=True),
        Field("FSLTDZ", "汛限水位", unit="m", required=True),
        Field("FSLTDW", "汛限库容", unit="百万m³"),
    ),
)
FLOOD_CONTROL = Table(
    "ST_RSVRFCCH_B",
    "库（湖）防洪指标表",
    (_STCD, Field("DAMEL", "坝顶高程", unit="m"), Field("DDZ", "死水位", unit="m")),
)

#: Every table read, by its standard name.
TABLES: dict[str, Table] = {
    t.name: t for t in (STATIONS, RAINFALL, RESERVOIR, RIVER, FLOOD_LIMITS, FLOOD_CONTROL)
}

#: The tables of time-stamped records, stored as a partitioned dataset.
TIMED_TABLES: tuple[str, ...] = tuple(name for name, t in TABLES.items() if t.timed)

#: Columns added to every record read: the file it came from and its row as the file shows
#: it (a CSV's header is line 1, so its first record is row 2; a Parquet file's first record
#: is row 1).
SOURCE_COLUMNS = ("_file", "_row")
