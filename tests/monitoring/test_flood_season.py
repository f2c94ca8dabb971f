"""The flood-season indicators of the catalogue (``flood.season.*``), hand-computed on a tiny
monitoring folder: exceedance across a 汛限 period boundary, arrival rate with gaps and
duplicates, area mean rainfall; their 出处; no value without monitoring data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from wbanalysis.dataset import Dataset
from wbanalysis.indicators import compute_indicators
from wbanalysis.indicators.explain import explain
from wbanalysis.monitoring.flood_season import flood_season, open_monitoring
from wbanalysis.schema import MONITORING

# Two 汛限 periods a day long each for 60201 (100.0 m on 31 August, 101.0 m on 1 September),
# one for 60202 (50.0 m): the 汛期 is 31 August 00:00 – 2 September 00:00, 48 hourly
# intervals.
LIMITS = """STCD,BGMD,EDMD,FSLTDZ
60201,0831,0831,100.0
60201,0901,0901,101.0
60202,0831,0901,50.0
"""

STATIONS = """STCD,STNM,STTP,ADDVCD,LGTD,LTTD
60101,青山站,PP,990102,110.1,30.1
60102,河东站,PP,990121,110.2,30.2
60201,龙川水库,RR,990121101,110.3,30.3
60202,青山水库,RR,990102,110.4,30.4
"""

CONTROL = """STCD,DAMEL,DDZ
60201,110.0,90.0
60202,60.0,40.0
"""

# 60201: above 100.0 at 22:00 and 23:00 on 31 August (one episode, 0.5 and 0.6 m); at 00:00
# on 1 September the limit is 101.0: 100.7 is below; 01:00 above (sent twice, counted once);
# 02:00 never sent; 03:00 above again: a gap, so a third episode. 60202 never above.
RESERVOIR = """STCD,TM,RZ,INQ,W,OTQ
60201,2023-08-31 22:00,100.5,12.0,3.1,5.0
60201,2023-08-31 23:00,100.6,13.0,3.2,5.0
60201,2023-09-01 00:00,100.7,11.0,3.3,5.0
60201,2023-09-01 01:00,101.2,14.0,3.4,5.0
60201,2023-09-01 01:00,101.2,14.0,3.4,5.0
60201,2023-09-01 03:00,101.3,15.0,3.5,5.0
60202,2023-08-31 12:00,49.0,2.0,1.0,1.0
"""

# 60101: 30 + 30 mm on the day of 31 August (8 时 to 8 时): a rainstorm day; 5 mm the next.
# 60102: 15 mm in the season; 100 mm on 30 August, before it, which counts nowhere.
RAIN = """STCD,TM,DRP,INTV
60101,2023-08-31 09:00,30.0,1.00
60101,2023-08-31 10:00,30.0,1.00
60101,2023-09-01 09:00,5.0,1.00
60102,2023-08-30 12:00,100.0,1.00
60102,2023-08-31 12:00,15.0,1.00
"""

MAPPING = """STCD,水库编号
60201,R1
60202,R2
"""


@pytest.fixture(scope="module")
def ledgers():
    counties = pd.DataFrame(
        {"county": ["青山区", "河东县"], "code": ["990102", "990121"], "city": ["某市"] * 2}
    )
    reservoirs = pd.DataFrame(
        {
            "reservoir_id": ["R1", "R2", "R3", "R4"],
            "name": ["龙川水库", "青山水库", "河东三号水库", "青山四号水库"],
            "county": ["河东县", "青山区", "河东县", "青山区"],
            "rain_monitoring": [True, True, True, False],
        }
    )
    # a monthly ledger with rows through October 2023: the year and cut-off a report can have
    funding = pd.DataFrame(
        {
            "record_id": ["F1"],
            "year": [2023],
            "month": [10],
            "county": ["河东县"],
            "level": ["中央"],
            "programme": ["水利发展资金"],
            "secured": [1.0],
            "arrived": [1.0],
            "project_id": [None],
        }
    )
    return counties, reservoirs, funding


@pytest.fixture(scope="module")
def monitored(tmp_path_factory, ledgers):
    folder = tmp_path_factory.mktemp("水雨情")
    for name, text in {
        "ST_STBPRP_B": STATIONS,
        "ST_RSVRFSR_B": LIMITS,
        "ST_RSVRFCCH_B": CONTROL,
        "ST_RSVR_R": RESERVOIR,
        "ST_PPTN_R": RAIN,
        "测站县区对照": MAPPING,
    }.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    counties, reservoirs, funding = ledgers
    tables = open_monitoring(
        folder, tmp_path_factory.mktemp("store"), counties=counties, reservoirs=reservoirs
    )
    dataset = Dataset({"counties": counties, "reservoirs": reservoirs, "funding": funding})
    dataset.monitoring = tables
    return dataset


def _season(values: dict) -> dict:
    return {k.removeprefix("flood.season."): v for k, v in values.items()}


def test_the_flood_season_is_the_flood_limits_periods_cut_at_the_cutoff():
    limits = pd.read_csv(pd.io.common.StringIO(LIMITS), dtype=str)
    assert flood_season(limits, 2023, 10) == (
        pd.Timestamp("2023-08-31"),
        pd.Timestamp("2023-09-02"),
    )
    assert flood_season(limits, 2023, 8) == (pd.Timestamp("2023-08-31"), pd.Timestamp("2023-09-01"))
    assert flood_season(limits, 2023, 7) is None
    # no flood limit at all: 1 June – 30 September
    assert flood_season(limits.iloc[0:0], 2023, 12) == (
        pd.Timestamp("2023-06-01"),
        pd.Timestamp("2023-10-01"),
    )


def test_city_figures_hand_computed(monitored):
    v = _season(compute_indicators(monitored, year=2023, through_month=10, keys=_keys()))
    # rain: 60101 has 30 + 30 + 5 = 65 mm, 60102 15 mm (its 100 mm of 30 August is before
    # the 汛期); area mean (65 + 15) / 2 = 40
    assert v["rain_total"] == pytest.approx(80.0)
    assert v["rain_gauges"] == 2
    assert v["area_rainfall"] == pytest.approx(40.0)
    assert v["max_1h_rainfall"] == pytest.approx(30.0)
    assert v["max_24h_rainfall"] == pytest.approx(60.0)
    assert v["rainstorm_station_days"] == 1  # 60 mm on 31 August at 60101
    # exceedance across the boundary of 31 August / 1 September: 22:00, 23:00 above 100.0;
    # 00:00 (100.7) below 101.0; 01:00 above (its duplicate once); 03:00 above after a gap
    assert v["reservoirs_above"] == 1
    assert v["hours_above"] == pytest.approx(4.0)
    assert v["max_exceedance"] == pytest.approx(0.6)
    # arrival: 48 hourly intervals owed by each station; 60201 sent 5 (01:00 twice counts
    # once, 02:00 missing), 60202 sent 1 → 6 / 96
    assert v["records_received"] == 6
    assert v["records_expected"] == 96
    assert v["arrival_rate"] == pytest.approx(6 / 96 * 100)
    # R1 and R2 report; R1, R2 and R3 have 水雨情 monitoring installed (R4 has none)
    assert v["reservoirs_reporting"] == 2
    assert v["reservoirs_monitored"] == 3
    assert v["reporting_share"] == pytest.approx(2 / 3 * 100)


def test_county_figures_hand_computed(monitored):
    v = _season(compute_indicators(monitored, year=2023, through_month=10, county="河东县"))
    assert v["area_rainfall"] == pytest.approx(15.0)  # 60102 alone
    assert v["hours_above"] == pytest.approx(4.0)  # 60201 (its ADDVCD is a township of 河东县)
    assert v["arrival_rate"] == pytest.approx(5 / 48 * 100)
    assert v["reporting_share"] == pytest.approx(50.0)  # R1 of R1, R3
    q = _season(compute_indicators(monitored, year=2023, through_month=10, county="青山区"))
    assert q["reservoirs_above"] == 0
    assert q["max_exceedance"] == 0.0  # a limit in force, never above
    assert q["arrival_rate"] == pytest.approx(1 / 48 * 100)


def test_a_cutoff_before_the_flood_season_has_no_figures(monitored):
    v = _season(compute_indicators(monitored, year=2023, through_month=7, keys=_keys()))
    assert all(math.isnan(x) for x in v.values())


def test_without_monitoring_data_every_figure_is_no_data_never_0(ledgers):
    counties, reservoirs, funding = ledgers
    dataset = Dataset({"counties": counties, "reservoirs": reservoirs, "funding": funding})
    v = compute_indicators(dataset, year=2023, through_month=10, keys=_keys())
    assert v and all(math.isnan(x) for x in v.values())
    assert MONITORING in dataset.ledgers_read  # a report reading them is rebuilt once given


def test_provenance_lists_the_stations(monitored):
    hours = explain(monitored, "flood.season.hours_above", year=2023, through_month=10)
    assert hours.complete
    assert hours.rows["测站编码"].tolist() == ["60201"]
    assert hours.rows["计入"].tolist() == [4.0]
    assert "《水库站汛期特征值》1行“超汛限小时数”之和" in hours.formula
    rate = explain(monitored, "flood.season.arrival_rate", year=2023, through_month=10)
    assert rate.formula == "水雨情到报率 = 水情到报条数 6 ÷ 水情应报条数 96 × 100 = 6.25%"
    area = explain(monitored, "flood.season.area_rainfall", year=2023, through_month=10)
    assert area.formula == "汛期面平均降雨量 = 各雨量站汛期降雨量之和 80 ÷ 雨量站 2 = 40mm"
    assert "算术平均" in area.explanation
    # stations counted are counted, whatever number column holds 1 on each of them
    gauges = explain(monitored, "flood.season.rain_gauges", year=2023, through_month=10)
    assert gauges.formula == "雨量站 = 《雨量站汛期特征值》2行计数 = 2个"


def _keys() -> list[str]:
    from wbanalysis.indicators import CATALOGUE

    return [k for k in CATALOGUE if k.startswith("flood.season.")]
