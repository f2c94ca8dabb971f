"""Reading and checking a monitoring folder: every problem located, none silently dropped."""

from __future__ import annotations

import pandas as pd
import pytest

from wbanalysis.errors import MonitoringDataError
from wbanalysis.monitoring.folder import read_monitoring, validate_monitoring

NOW = pd.Timestamp("2023-10-01 00:00")


def _errors(problems):
    return [str(p) for p in problems if p.is_error]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_a_clean_folder_reads_in_any_encoding(make_folder, counties, encoding):
    data = read_monitoring(make_folder(encoding=encoding), counties=counties, now=NOW)
    assert data.stations.set_index("STCD")["STNM"].to_dict()["60201"] == "龙川水库"
    assert data.stations.set_index("STCD")["county"].to_dict() == {
        "60101": "青山区",
        "60102": "河东县",
        "60201": "河东县",  # 9-digit township code under 990121
    }
    rsvr = data["ST_RSVR_R"]
    assert rsvr["TM"].iloc[0] == pd.Timestamp("2023-08-31 22:00")
    assert rsvr["RZ"].tolist() == [100.5, 100.6, 100.7]
    assert data["ST_PPTN_R"]["_row"].tolist() == [2, 3, 4]


def test_every_problem_is_named_with_file_row_column_value(make_folder, counties):
    rain = (
        "STCD,TM,DRP,INTV\n"
        "60101,2023-07-01 09:00,-1.5,1.00\n"  # row 2: negative
        "69999,2023-07-01 09:00,1.0,1.00\n"  # row 3: unknown station
        "60101,2023-13-01 09:00,1.0,1.00\n"  # row 4: no such month
        "60102,2024-07-01 09:00,1.0,1.00\n"  # row 5: after NOW
        "60102,2023-07-02 09:00,abc,1.00\n"  # row 6: not a number
    )
    reservoir = "STCD,TM,RZ\n60201,2023-08-31 22:00,112.0\n"  # above the dam crest (110)
    _, problems = validate_monitoring(
        make_folder(ST_PPTN_R=rain, ST_RSVR_R=reservoir), counties=counties, now=NOW
    )
    assert _errors(problems) == [
        "文件 ST_PPTN_R.csv，第 4 行，列「TM」：时间无法识别（值：2023-13-01 09:00）；"
        "允许：日期时间，如 2023-07-01 08:00:00 或 2023/7/1 8:00",
        "文件 ST_PPTN_R.csv，第 6 行，列「DRP」：须为数值（值：abc）；允许：数值（如 12.5），无数据时留空",
        "文件 ST_PPTN_R.csv，第 2 行，列「DRP」：降水量不能为负（值：-1.5）；允许：≥ 0 的数值（mm），无数据时留空",
        "文件 ST_PPTN_R.csv，第 3 行，列「STCD」：测站编码不在测站基本属性表（ST_STBPRP_B）中（值：69999）；"
        "允许：ST_STBPRP_B 中列出的测站编码",
        "文件 ST_PPTN_R.csv，第 5 行，列「TM」：时间晚于当前时间（未来的记录）（值：2024-07-01 09:00:00）；"
        "允许：不晚于 2023-10-01 00:00 的北京时间",
        "文件 ST_RSVR_R.csv，第 2 行，列「RZ」：库上水位高于坝顶高程（值：112）；允许：不高于坝顶高程 DAMEL 的水位（m）",
    ]


def test_the_error_lists_every_problem_in_chinese(make_folder, counties):
    rain = "STCD,TM,DRP\n60101,2023-07-01 09:00,-1\n60101,2023-07-01 10:00,-2\n"
    with pytest.raises(MonitoringDataError) as caught:
        read_monitoring(make_folder(ST_PPTN_R=rain), counties=counties, now=NOW)
    text = str(caught.value)
    assert text.startswith("水雨情监测数据有 1 处问题：")
    assert "第 2–3 行（共 2 行），列「DRP」：降水量不能为负（值：-1、-2）" in text


def test_duplicates_are_reported_not_dropped(make_folder, counties):
    rain = (
        "STCD,TM,DRP\n"
        "60101,2023-07-01 09:00,1.0\n"
        "60101,2023-07-01 09:00,1.0\n"  # the same record again: a notice, counted once
        "60102,2023-07-01 09:00,1.0\n"
        "60102,2023-07-01 09:00,2.0\n"  # a different value: an error
    )
    data, problems = validate_monitoring(make_folder(ST_PPTN_R=rain), counties=counties, now=NOW)
    assert _errors(problems) == [
        "文件 ST_PPTN_R.csv，第 4–5 行（共 2 行），列「TM」：同一测站同一时间有 2 条以上数值不同的记录，"
        "无法确定哪条正确（值：60102 2023-07-01 09:00）；允许：每个测站每个时间只有一条记录（STCD 与 TM 不重复）"
    ]
    notices = [p for p in problems if not p.is_error]
    assert [(p.rows, p.value, p.values) for p in notices] == [
        ((2, 3), None, ("60101 2023-07-01 09:00",))
    ]
    assert len(data["ST_PPTN_R"]) == 4  # kept as read: the indicators count each key once


def test_duplicates_across_two_files_name_both(make_folder, counties):
    folder = make_folder()
    (folder / "ST_PPTN_R_2.csv").write_text("STCD,TM,DRP\n60101,2023-07-01 10:00,9.0\n")
    _, problems = validate_monitoring(folder, counties=counties, now=NOW)
    assert [(p.file, p.row) for p in problems if p.is_error] == [
        ("ST_PPTN_R.csv", 3),
        ("ST_PPTN_R_2.csv", 2),
    ]


def test_flood_limit_periods_must_not_overlap_and_month_days_are_checked(make_folder):
    limits = "STCD,BGMD,EDMD,FSLTDZ\n60201,601,0831,100\n60201,0815,0930,101\n60201,0230,1001,99\n"
    data, problems = validate_monitoring(make_folder(ST_RSVRFSR_B=limits), now=NOW)
    assert data.flood_limits["BGMD"].tolist()[:2] == ["0601", "0815"]  # 601 as Excel writes it
    assert _errors(problems) == [
        "文件 ST_RSVRFSR_B.csv，第 4 行，列「BGMD」：月日无法识别（值：0230）；允许：4 位月日 MMDD，如 0601",
        "文件 ST_RSVRFSR_B.csv，第 3 行，列「BGMD」：与同一测站另一汛限时段（第 2 行）重叠（值：0815）；"
        "允许：同一测站的各汛限时段（BGMD–EDMD）互不重叠",
    ]


def test_missing_columns_and_missing_station_table(make_folder):
    _, problems = validate_monitoring(
        make_folder(ST_STBPRP_B=None, ST_PPTN_R="STCD,DRP\n60101,1\n"), now=NOW
    )
    errors = _errors(problems)
    assert "监测数据文件夹 monitoring0 中没有测站基本属性表" in errors[0]
    assert (
        "文件 ST_PPTN_R.csv，第 1 行：缺少必需的列「TM」（时间）；允许：表头须包含 STCD、TM"
        in errors
    )


def test_stations_without_county_are_a_notice_and_the_mapping_wins(make_folder, counties):
    folder = make_folder()
    (folder / "测站县区对照.csv").write_text(
        "STCD,县区\n60101,河西县\n60102,河北县\n", encoding="gbk"
    )
    data, problems = validate_monitoring(folder, counties=counties, now=NOW)
    assert data.stations.set_index("STCD")["county"].to_dict() == {
        "60101": "河西县",
        "60102": "河北县",
        "60201": "河东县",
    }
    assert _errors(problems) == [
        "文件 测站县区对照.csv，第 3 行，列「县区」：县区不在《行政区划》台账中（值：河北县）；"
        "允许：是否为：河西县、河东县？"
    ]
    no_ledger, problems = validate_monitoring(make_folder(), now=NOW)
    assert no_ledger.stations["county"].isna().all()
    assert [p.level for p in problems] == ["notice"]
    assert "3 个测站未能对应到县区，只计入全市" in str(problems[0])


def test_parquet_files_read_with_their_types(make_folder, counties):
    folder = make_folder(ST_RSVR_R=None)
    pd.DataFrame(
        {
            "stcd": ["60201", "60201"],
            "tm": pd.to_datetime(["2023-07-01 08:00", "2023-07-01 09:00"]),
            "rz": [99.5, -1.0],
            "w": [3.0, -0.5],
        }
    ).to_parquet(folder / "ST_RSVR_R.parquet")
    data, problems = validate_monitoring(folder, counties=counties, now=NOW)
    assert data["ST_RSVR_R"]["RZ"].tolist() == [99.5, -1.0]
    assert _errors(problems) == [
        "文件 ST_RSVR_R.parquet，第 2 行，列「W」：蓄水量不能为负（值：-0.5）；允许：≥ 0 的数值（百万m³），无数据时留空"
    ]
    assert [str(p) for p in problems if not p.is_error] == [
        "文件 ST_RSVR_R.parquet，第 2 行，列「RZ」：库上水位低于死水位，请核实（值：-1）；允许：不低于死水位 DDZ 的水位（m）"
    ]


def test_reservoir_stations_link_to_the_reservoir_ledger(make_folder, counties):
    folder = make_folder()
    (folder / "测站县区对照.csv").write_text(
        "STCD,水库编号,县区\n60201,R002,\n60101,,河西县\n60102,R099,\n", encoding="utf-8"
    )
    ledger = pd.DataFrame({"reservoir_id": ["R001", "R002", "R009"]})
    data, problems = validate_monitoring(folder, counties=counties, reservoirs=ledger, now=NOW)
    stations = data.stations.set_index("STCD")
    assert stations["reservoir_id"].dropna().to_dict() == {"60102": "R099", "60201": "R002"}
    assert stations["county"].to_dict() == {"60101": "河西县", "60102": "河东县", "60201": "河东县"}
    assert _errors(problems) == [
        "文件 测站县区对照.csv，第 4 行，列「水库编号」：水库编号不在《水库名录》台账中（值：R099）；"
        "允许：是否为：R009、R002、R001？"
    ]
