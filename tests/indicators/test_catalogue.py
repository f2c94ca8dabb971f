"""The indicator catalogue on a tiny hand-made Dataset: every value computed by hand."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from wbanalysis.dataset import Dataset
from wbanalysis.errors import ParameterError
from wbanalysis.indicators import (
    CATALOGUE,
    KINDS,
    Indicator,
    Selection,
    compute_indicators,
    indicator_table,
)
from wbanalysis.scope import CITY_SEGMENT, Scope

REQUIRED_KEYS = """
funding.total funding.central funding.provincial funding.city funding.county funding.arrived
funding.arrival_rate investment.fixed_asset investment.fixed_asset_yoy
rural_supply.total_investment rural_supply.completed_cumulative rural_supply.completed_year
rural_supply.pipeline_km rural_supply.subprojects storage.actual storage.target storage.surplus
storage.completion_rate flood.warnings_forwarded rivers.chiefs rivers.patrols
rivers.patrol_completion rivers.patrol_completion.province rivers.patrol_completion.city
rivers.patrol_completion.county rivers.patrol_completion.township
rivers.patrol_completion.village rivers.issues_found rivers.issues_closed
rivers.issues_closed_rate rivers.issues_open rivers.participants rivers.river_km_cleaned
rivers.rubbish_t rivers.remote_sensing_spots rivers.beautiful_rivers rivers.green_rivers
resources.metering_rectified resources.wells_inspected resources.permits_reviewed
resources.water_fee resources.soil_fee resources.soil_plans_approved
resources.soil_plans.report_book resources.soil_plans.report_form resources.water_use
resources.water_use_cap resources.water_use_per_gdp resources.water_use_per_industrial
enforcement.sand_mining_cases enforcement.cases safety.hazards_found safety.hazards_rectified
safety.rectification_rate safety.monitoring_coverage safety.eco_flow_compliance
rural_water.works rural_water.pricing_coverage rural_water.fee_collection_rate
rural_water.pricing_coverage.concentrated rural_water.pricing_coverage.dispersed
loans.drawdown_eur projects.milestones_due projects.milestones_late
projects.under_construction party.study_sessions party.center_group party.lectures
party.publicity plan.targets plan.met_on_time plan.met_late plan.open plan.overdue
""".split()


def _int(values):
    return pd.array(values, dtype="Int64")


def _date(values):
    return pd.to_datetime(pd.Series(values, dtype=object)).astype("datetime64[ns]")


def _bool(values):
    return pd.array(values, dtype="boolean")


def tiny_tables() -> dict[str, pd.DataFrame]:
    """Two counties, a few rows per ledger; the expected values are in EXPECTED."""
    return {
        "counties": pd.DataFrame(
            {"county": ["甲县", "乙县"], "code": [None, None], "city": ["某市", "某市"]}
        ),
        "funding": pd.DataFrame(
            {
                "record_id": ["F1", "F2", "F3", "F4"],
                "year": _int([2023, 2023, 2023, 2022]),
                "month": _int([3, 5, 11, 5]),
                "county": ["甲县", "乙县", "甲县", "甲县"],
                "level": ["中央", "省级", "市本级", "县级"],
                "programme": ["发展", "专项", "配套", "配套"],
                "secured": [1000.0, 400.0, 100.0, 50.0],
                "arrived": [800.0, 400.0, 0.0, 50.0],
                "project_id": [None] * 4,
                "channel": ["一般公共预算", "一般债", "专项债", None],
            }
        ),
        "fixed_asset_investment": pd.DataFrame(
            {
                "year": _int([2022, 2022, 2023, 2023]),
                "month": _int([3, 11, 3, 9]),
                "county": ["甲县", "乙县", "甲县", "乙县"],
                "amount": [80.0, 500.0, 60.0, 40.0],
            }
        ),
        "construction_investment": pd.DataFrame(
            {
                "year": _int([2022, 2023, 2023, 2023]),
                "month": _int([3, 3, 6, 11]),
                "county": ["甲县", "甲县", "乙县", "甲县"],
                "source": ["中央", "中央", "债券", "贷款"],
                "purpose": ["防洪工程", "防洪工程", "水资源工程", None],
                "investor": ["水利部门", "水利部门", "企业", None],
                "amount": [400.0, 300.0, 200.0, 50.0],
            }
        ),
        "projects": pd.DataFrame(
            {
                "project_id": ["RS", "RS1", "RS2", "RES", "CX"],
                "name": ["农村供水专项", "甲水厂", "乙管网", "某水库", "一库除险加固"],
                "county": ["甲县", "甲县", "乙县", "乙县", "甲县"],
                "category": ["农村供水", "农村供水", "农村供水", "水库", "除险加固"],
                "total_investment": [300.0, 200.0, 100.0, 1000.0, 400.0],
                "parent_id": [None, "RS", "RS", None, None],
                "reservoir_id": [None, None, None, None, "R1"],
            }
        ),
        "project_progress": pd.DataFrame(
            {
                "project_id": ["RS1", "RS1", "RS2", "RS2", "RES", "CX"],
                "year": _int([2022, 2023, 2023, 2023, 2023, 2023]),
                "month": _int([6, 2, 10, 11, 1, 4]),
                "investment": [50.0, 30.0, 20.0, 99.0, 500.0, 120.0],
                "pipeline_km": [2.0, 1.0, None, 5.0, None, None],
                "central": [20.0, 10.0, 8.0, 40.0, 200.0, 84.0],
            }
        ),
        "project_plans": pd.DataFrame(
            {
                "project_id": ["RS1", "RES", "CX", "RS1"],
                "year": _int([2023, 2023, 2023, 2022]),
                "planned": [60.0, 800.0, 150.0, 40.0],
                "planned_central": [30.0, None, 100.0, 20.0],
            }
        ),
        "milestones": pd.DataFrame(
            {
                "project_id": ["RES", "RES", "RS1", "CX", "CX", "CX"],
                "milestone": ["开工", "主体完工", "可研批复", "招标", "开工", "主体完工"],
                "planned_date": _date(
                    [
                        "2023-03-01",
                        "2023-09-30",
                        "2022-01-01",
                        "2022-10-01",
                        "2022-11-01",
                        "2023-05-31",
                    ]
                ),
                "actual_date": _date(
                    ["2023-03-15", None, "2022-01-01", "2022-10-08", "2022-11-20", "2023-05-20"]
                ),
            }
        ),
        "loan_drawdowns": pd.DataFrame(
            {
                "project_id": ["RES"],
                "lender": ["法开署"],
                "date": _date(["2023-11-06"]),
                "amount_eur": [341645.61],
            }
        ),
        "reservoirs": pd.DataFrame(
            {
                "reservoir_id": ["R1", "R2"],
                "name": ["一库", "二库"],
                "county": ["甲县", "乙县"],
                "scale": ["中型", "小(1)型"],
                "capacity": [5000.0, 300.0],
                "rain_monitoring": _bool([True, True]),
                "dam_monitoring": _bool([True, False]),
            }
        ),
        "storage": pd.DataFrame(
            {
                "reservoir_id": ["R1", "R2", "R1"],
                "season": ["2022－2023年冬春", "2022－2023年冬春", "2021－2022年冬春"],
                "target": [100.0, 50.0, 10.0],
                "actual": [120.0, 40.0, 10.0],
            }
        ),
        "flood_events": pd.DataFrame(
            {
                "event_id": ["E1", "E2", "E3", "E4"],
                "date": _date(["2023-07-10", "2023-08-02", "2023-11-05", "2022-07-01"]),
                "county": ["甲县", "乙县", "甲县", "乙县"],
                "kind": ["洪涝", "工程险情", "山洪", "干旱"],
                "grade": ["一般", "较大", None, None],
                "affected_population": _int([5000, None, 800, 1000]),
                "evacuated": _int([200, 30, 10, 0]),
                "dead_missing": _int([0, 0, 1, 0]),
                "direct_loss": [300.0, 50.0, 80.0, 20.0],
                "facility_loss": [120.0, 50.0, 30.0, 0.0],
                "description": [None] * 4,
            }
        ),
        "flood_preparedness": pd.DataFrame(
            {
                "record_id": [f"P{i}" for i in range(1, 7)],
                "date": _date(
                    [
                        "2023-04-01",
                        "2023-04-02",
                        "2023-05-01",
                        "2023-05-02",
                        "2023-03-01",
                        "2023-11-01",
                    ]
                ),
                "county": ["甲县", None, "乙县", "甲县", "乙县", "甲县"],
                "kind": ["抢险队伍", "抢险队伍", "应急演练", "防汛检查", "抗旱水泵", "抗旱机电井"],
                "count": _int([3, 1, 2, 6, 10, 2]),
                "people": _int([120, 60, 150, None, None, None]),
            }
        ),
        "warnings": pd.DataFrame(
            {
                "warning_id": ["W1", "W2", "W3"],
                "date": _date(["2023-05-01", "2023-07-01", "2023-11-01"]),
                "county": ["甲县", "乙县", "甲县"],
                "source": ["气象", "水文", "防办"],
                "level": [None, None, None],
            }
        ),
        "river_chiefs": pd.DataFrame(
            {
                "chief_id": ["C1", "T1", "V1"],
                "name": ["甲", "乙", "丙"],
                "level": ["市级", "乡级", "村级"],
                "county": ["甲县", "乙县", "甲县"],
                "river": ["大河"] * 3,
            }
        ),
        "patrols": pd.DataFrame(
            {
                "chief_id": ["C1", "T1", "V1", "V1"],
                "year": _int([2023] * 4),
                "month": _int([3, 2, 1, 11]),
                "patrols": _int([4, 10, 40, 5]),
            }
        ),
        "river_issues": pd.DataFrame(
            {
                "issue_id": ["I1", "I2", "I3"],
                "county": ["甲县", "乙县", "甲县"],
                "river": ["大河"] * 3,
                "issue_type": ["乱占", "乱采", "乱堆"],
                "found_date": _date(["2022-12-01", "2023-03-01", "2023-10-01"]),
                "closed_date": _date(["2023-01-05", "2023-03-10", None]),
                "chief_id": [None] * 3,
            }
        ),
        "activities": pd.DataFrame(
            {
                "activity_id": [f"A{i}" for i in range(1, 11)],
                "date": _date(
                    [
                        "2023-03-01",
                        "2023-04-01",
                        "2023-05-01",
                        "2023-06-01",
                        "2023-06-02",
                        "2023-02-01",
                        "2023-02-02",
                        "2023-03-03",
                        "2023-04-04",
                        "2023-05-05",
                    ]
                ),
                "county": ["甲县", "乙县", "甲县", "乙县", "乙县", None, None, "甲县", None, None],
                "activity_type": [
                    "清四乱",
                    "河长清河",
                    "遥感图斑复核",
                    "美丽河湖申报",
                    "绿美河湖申报",
                    "党组学习",
                    "中心组学习",
                    "党组学习",
                    "专题党课",
                    "主题宣讲",
                ],
                "participants": _int([100, 50] + [None] * 8),
                "river_km": [5.0, 3.0] + [None] * 8,
                "rubbish_t": [2.0, 1.0] + [None] * 8,
                "items": _int([None, None, 650, 5, 3] + [None] * 5),
            }
        ),
        "fees": pd.DataFrame(
            {
                "record_id": ["E1", "E2", "E3"],
                "year": _int([2023] * 3),
                "month": _int([3, 4, 5]),
                "county": ["甲县", "乙县", "甲县"],
                "fee_type": ["水资源费", "水资源费", "水土保持补偿费"],
                "amount": [6000.0, 219.38, 145.1],
            }
        ),
        "inspections": pd.DataFrame(
            {
                "record_id": ["X1", "X2", "X3", "X4"],
                "date": _date(["2023-03-01", "2023-04-01", "2023-05-01", "2023-06-01"]),
                "county": ["甲县", "乙县", "甲县", "乙县"],
                "inspection_type": [
                    "取水计量设施整改",
                    "取水计量设施整改",
                    "地下取水井排查",
                    "取水许可审查",
                ],
                "count": _int([80, 5, 74, 5]),
            }
        ),
        "soil_plans": pd.DataFrame(
            {
                "plan_id": ["P1", "P2", "P3"],
                "project_name": ["甲", "乙", "丙"],
                "county": ["甲县", "乙县", "乙县"],
                "plan_type": ["报告书", "报告书", "报告表"],
                "approval_date": _date(["2023-02-01", "2023-03-01", "2023-04-01"]),
            }
        ),
        "enforcement": pd.DataFrame(
            {
                "case_id": ["K1", "K2", "K3"],
                "date": _date(["2023-04-01", "2023-06-01", "2023-07-01"]),
                "county": ["甲县", "乙县", "乙县"],
                "case_type": ["非法采砂", "非法采砂", "河道违建"],
                "closed_date": _date([None] * 3),
            }
        ),
        "hazards": pd.DataFrame(
            {
                "hazard_id": ["H1", "H2", "H3"],
                "county": ["甲县", "乙县", "乙县"],
                "level": ["一般", "一般", "重大"],
                "description": [None] * 3,
                "found_date": _date(["2023-02-01", "2023-03-01", "2022-12-01"]),
                "rectified_date": _date(["2023-02-10", None, "2023-01-02"]),
            }
        ),
        "rural_water_works": pd.DataFrame(
            {
                "work_id": ["RW1", "RW2", "RW3"],
                "name": ["一", "二", "三"],
                "county": ["甲县", "乙县", "乙县"],
                "work_type": ["规模化供水", "小型集中供水", "分散供水"],
                "population": _int([100] * 3),
                "priced": _bool([True, False, True]),
                "price": [2.0, None, 2.0],
            }
        ),
        "rural_water_fees": pd.DataFrame(
            {
                "work_id": ["RW1", "RW2", "RW3"],
                "year": _int([2023] * 3),
                "month": _int([1, 2, 11]),
                "billed": [100.0, 100.0, 100.0],
                "collected": [90.0, 50.0, 100.0],
            }
        ),
        "hydropower": pd.DataFrame(
            {
                "station_id": ["S1", "S2", "S3"],
                "name": ["一", "二", "三"],
                "county": ["甲县", "乙县", "乙县"],
                "capacity_kw": [500.0] * 3,
                "eco_flow_required": _bool([True, True, False]),
            }
        ),
        "eco_flow": pd.DataFrame(
            {
                "station_id": ["S1", "S2"],
                "year": _int([2023, 2023]),
                "month": _int([1, 1]),
                "compliant": _bool([True, False]),
            }
        ),
        "water_use": pd.DataFrame(
            {
                "year": _int([2023, 2023]),
                "county": ["甲县", "乙县"],
                "total_use": [6000.0, 3000.0],
                "cap": [10000.0, 5000.0],
                "industrial_use": [600.0, 300.0],
                "irrigation_efficiency": [0.55, 0.56],
            }
        ),
        "county_statistics": pd.DataFrame(
            {
                "year": _int([2023, 2023, 2022]),
                "county": ["甲县", "乙县", "甲县"],
                "rural_population": _int([250, 150, 260]),
                "effective_irrigation_area": [5000.0, 3000.0, 4900.0],
            }
        ),
        "economy": pd.DataFrame(
            {
                "year": _int([2023, 2023]),
                "county": ["甲县", "乙县"],
                "gdp": [2.0e6, 1.0e6],
                "industrial_value_added": [5.0e5, 2.5e5],
                "price_basis": ["2020年可比价"] * 2,
            }
        ),
        "plan_targets": pd.DataFrame(
            {
                "target_id": ["T1", "T2", "T3", "T4", "T5"],
                "year": _int([2023] * 4 + [2024]),
                "project_id": ["RES", "RS1", None, "RES", "RES"],
                "description": ["开工", "初设", "监测全覆盖", "验收", "下年"],
                "due_date": _date(
                    ["2023-06-30", "2023-08-31", "2023-09-30", "2023-12-31", "2024-03-31"]
                ),
                "achieved_date": _date(["2023-06-01", "2023-09-10", None, None, None]),
            }
        ),
        "work_quantities": pd.DataFrame(
            {
                "project_id": ["CX", "RES", "RES", "RES", "RS1", "RES"],
                "year": _int([2023, 2023, 2023, 2023, 2022, 2023]),
                "month": _int([4, 5, 6, 11, 8, 7]),
                "kind": [
                    "土石方",
                    "河道治理长度",
                    "受益人口",
                    "受益人口",
                    "管道长度",
                    "新增灌溉面积",
                ],
                "quantity": [1.2, 3.5, 12000.0, 500.0, 4.0, 3000.0],
                "unit": [None, "km", "人", None, None, "亩"],
            }
        ),
        "assessments": pd.DataFrame(
            {
                "record_id": ["A1", "A2", "A3", "A4", "A5"],
                "assessed_year": _int([2022, 2021, 2022, 2022, 2022]),
                "announced_date": _date(
                    ["2023-05-20", "2022-05-20", "2023-03-20", "2023-03-20", "2023-11-20"]
                ),
                "county": [None, None, "甲县", "乙县", None],
                "assessment": [
                    "最严格水资源管理制度考核",
                    "最严格水资源管理制度考核",
                    "河湖长制考核",
                    "河湖长制考核",
                    "水利发展改革考核",
                ],
                "grade": ["优秀", "优秀", "优秀", "合格", "A"],
                "rank": _int([1, 2, 1, 2, None]),
                "rank_among": ["某市", "某市", "全市", "全市", None],
                "note": [None] * 5,
            }
        ),
        "work_notes": pd.DataFrame(
            {
                "note_id": ["N1"],
                "year": _int([2023]),
                "county": [None],
                "section": ["河湖长制"],
                "kind": ["措施"],
                "title": [None],
                "text": ["一月一通报。"],
                "order": _int([1]),
            }
        ),
    }


EXPECTED = {  # 2023, whole city, 1-10月
    "funding.total": 1400.0,
    "funding.central": 1000.0,
    "funding.provincial": 400.0,
    "funding.city": 0.0,
    "funding.county": 0.0,
    "funding.arrived": 1200.0,
    "funding.arrival_rate": 1200 / 1400 * 100,
    "investment.fixed_asset": 100.0,
    "investment.fixed_asset_yoy": 25.0,
    "rural_supply.subprojects": 2,
    "rural_supply.total_investment": 300.0,
    "rural_supply.completed_cumulative": 100.0,
    "rural_supply.completed_year": 50.0,
    "rural_supply.completion_rate": 100 / 3,
    "rural_supply.pipeline_km": 3.0,
    "funding.channel.budget": 1000.0,
    "funding.channel.central_budget_investment": 0.0,
    "funding.channel.additional_treasury_bonds": 0.0,
    "funding.channel.ultra_long_treasury_bonds": 0.0,
    "funding.channel.special_bonds": 0.0,
    "funding.channel.general_bonds": 400.0,
    "funding.channel.loans": 0.0,
    "funding.channel.social_capital": 0.0,
    "funding.channel.self_raised": 0.0,
    "funding.channel.integrated": 0.0,
    "funding.channel.other": 0.0,
    "funding.channel.unspecified": 0.0,
    # 全口径: 300 (中央, March) + 200 (债券, June); November's 50 is after the cut-off
    "construction.total": 500.0,
    "construction.yoy": 25.0,
    "construction.central": 300.0,
    "construction.local": 0.0,
    "construction.bonds": 200.0,
    "construction.loans": 0.0,
    "construction.social_capital": 0.0,
    "construction.other": 0.0,
    # plans of 2023: RS1 60, RES 800, CX 150; done in 1-10: 30 + 500 + 120;
    # central: RS1 30 and CX 100 planned (RES has no central part), 10 + 84 done
    "investment.plan": 1010.0,
    "investment.plan_completed": 650.0,
    "investment.plan_completion_rate": 650 / 1010 * 100,
    "investment.central_plan": 130.0,
    "investment.central_completed": 94.0,
    "investment.central_plan_completion_rate": 94 / 130 * 100,
    # RS1 前期 (可研 done), RS2 前期 (no milestone, but 20 invested in October: not 储备),
    # RES 新开工, CX 续建 and 完工
    "projects.reserve": 0,
    "projects.preliminary": 2,
    "projects.new_starts": 1,
    "projects.continuing": 1,
    "projects.completed": 1,
    "projects.accepted": 0,
    "projects.investment_year": 670.0,
    "reinforcement.new_starts": 0,
    "reinforcement.continuing": 1,
    "reinforcement.completed": 1,
    "reinforcement.reservoirs_completed": 1,
    "quantities.river_km": 3.5,
    "quantities.dike_km": 0.0,
    "quantities.canal_km": 0.0,
    "quantities.pipe_km": 0.0,
    "quantities.earthwork": 1.2,
    "quantities.sluices": 0,
    "quantities.pumping_stations": 0,
    "quantities.wells": 0,
    "irrigation.new_area": 3000.0,
    "irrigation.restored_area": 0.0,
    "irrigation.improved_area": 0.0,
    "irrigation.high_standard_farmland": 0.0,
    "soil.erosion_controlled": 0.0,
    "benefits.population": 12000,
    "benefits.towns": 0,
    "benefits.villages": 0,
    "benefits.schools": 0,
    "irrigation.effective_area": 8000.0,
    # E1 (洪涝) and E2 (工程险情, 较大) in 1-10月; E3 in November, E4 in 2022
    "flood.disasters": 1,
    "flood.dangers": 1,
    "flood.dangers_major": 1,
    "flood.affected_population": 5000,
    "flood.evacuated": 230,
    "flood.dead_missing": 0,
    "flood.direct_loss": 350.0,
    "flood.facility_loss": 170.0,
    "flood.rescue_teams": 4,
    "flood.rescue_members": 180,
    "flood.drills": 2,
    "flood.inspections": 6,
    "flood.drought_wells": 0,
    "flood.drought_pumps": 10,
    "rural_water.fee_collection_rate.concentrated": 70.0,
    "rural_water.fee_collection_rate.dispersed": math.nan,  # RW3 billed in November
    "rural_water.population_served": 300,
    "rural_water.rural_population": 400.0,
    "rural_water.tap_coverage": 50.0,
    "rural_water.large_scale_coverage": 25.0,
    # A1, A3, A4 announced in 1-10月 (A5 in November); the city's own river-chief result: none
    "assessment.results": 3,
    "assessment.excellent": 2,
    "assessment.water_resources_rank": 1.0,
    "assessment.river_chief_rank": math.nan,
    "assessment.development_rank": math.nan,
    "projects.under_construction": 2,  # 在建 = 新开工 RES + 续建 CX
    "projects.milestones_due": 3,
    "projects.milestones_late": 2,
    "projects.milestones_overdue_open": 1,
    "loans.drawdown_eur": 0.0,
    "flood.warnings_forwarded": 2,
    "storage.target": 150.0,
    "storage.actual": 160.0,
    "storage.surplus": 10.0,
    "storage.completion_rate": 160 / 150 * 100,
    "rivers.chiefs": 3,
    "rivers.patrols": 54,
    "rivers.patrol_completion": 100.0,
    "rivers.patrol_completion.province": math.nan,  # no 省级 chief: no value, never 0
    "rivers.patrol_completion.city": 100.0,
    "rivers.patrol_completion.county": math.nan,  # no 县级 chief
    "rivers.patrol_completion.township": 100.0,
    "rivers.patrol_completion.village": 100.0,
    "rivers.issues_found": 2,  # I2, I3
    "rivers.issues_closed": 1,  # I2 (I3 still open)
    "rivers.issues_closed_rate": 50.0,  # I1, found in December 2022, is not in it
    "rivers.issues_closed_carried_over": 1,  # I1
    "rivers.issues_open": 1,
    "rivers.participants": 150,
    "rivers.river_km_cleaned": 8.0,
    "rivers.rubbish_t": 3.0,
    "rivers.remote_sensing_spots": 650,
    "rivers.beautiful_rivers": 5,
    "rivers.green_rivers": 3,
    "resources.metering_rectified": 85,
    "resources.wells_inspected": 74,
    "resources.permits_reviewed": 5,
    "resources.water_fee": 6219.38,
    "resources.soil_fee": 145.1,
    "resources.soil_plans_approved": 3,
    "resources.soil_plans.report_book": 2,
    "resources.soil_plans.report_form": 1,
    "resources.water_use": 9000.0,
    "resources.water_use_cap": 15000.0,
    "resources.water_use_per_gdp": 30.0,
    "resources.water_use_per_industrial": 12.0,
    "enforcement.cases": 3,
    "enforcement.sand_mining_cases": 2,
    "safety.hazards_found": 2,
    "safety.hazards_rectified": 1,  # H1 of those found in the period (H1, H2)
    "safety.hazards_rectified.general": 1,  # H1
    "safety.hazards_rectified_carried_over": 1,  # H3, found in December 2022
    "safety.hazards_open": 1,
    "safety.rectification_rate": 50.0,  # H3 does not push it to 100
    "safety.monitoring_coverage": 50.0,
    "safety.monitoring_coverage.small": 0.0,
    "safety.eco_flow_compliance": 50.0,
    "rural_water.works": 3,
    "rural_water.pricing_coverage": 200 / 3,
    # concentrated: 规模化 (priced) + 小型集中 (not); dispersed: one, priced
    "rural_water.pricing_coverage.concentrated": 50.0,
    "rural_water.pricing_coverage.dispersed": 100.0,
    "rural_water.fees_billed": 200.0,
    "rural_water.fees_collected": 140.0,
    "rural_water.fee_collection_rate": 70.0,
    "party.study_sessions": 2,
    "party.center_group": 1,
    "party.lectures": 1,
    "party.publicity": 1,
    "plan.targets": 4,
    "plan.met_on_time": 1,
    "plan.met_late": 1,
    "plan.open": 1,
    "plan.overdue": 1,
    # no monitoring data (水雨情) with the tiny ledgers: every flood-season figure has no value,
    # never 0 (their values by hand: tests/monitoring/test_flood_season.py)
    **{
        f"flood.season.{name}": math.nan
        for name in (
            "rain_total",
            "rain_gauges",
            "area_rainfall",
            "max_1h_rainfall",
            "max_24h_rainfall",
            "rainstorm_station_days",
            "reservoirs_above",
            "hours_above",
            "max_exceedance",
            "records_received",
            "records_expected",
            "arrival_rate",
            "reservoirs_monitored",
            "reservoirs_reporting",
            "reporting_share",
        )
    },
}


@pytest.fixture(scope="module")
def tiny() -> Dataset:
    return Dataset(tiny_tables(), source="tiny")


def _same(a, b) -> bool:
    if isinstance(b, float) and math.isnan(b):
        return isinstance(a, float) and math.isnan(a)
    return a == pytest.approx(b)


def test_catalogue_has_every_required_key():
    assert set(REQUIRED_KEYS) <= set(CATALOGUE)
    assert all(key == ind.key for key, ind in CATALOGUE.items())


def test_catalogue_entries_are_well_formed():
    for ind in CATALOGUE.values():
        assert isinstance(ind, Indicator)
        assert ind.kind in KINDS, ind.key
        assert ind.name and ind.unit, ind.key
        if ind.kind == "count":
            assert ind.measure_word, ind.key
        if ind.kind in ("percent", "yoy", "ratio"):
            assert not ind.additive, ind.key


def test_every_value_by_hand(tiny):
    values = compute_indicators(tiny, year=2023, through_month=10)
    assert list(values) == list(CATALOGUE)
    assert set(EXPECTED) == set(CATALOGUE), "every indicator has a hand-computed value"
    wrong = {k: (values[k], EXPECTED[k]) for k in EXPECTED if not _same(values[k], EXPECTED[k])}
    assert not wrong


def test_counts_are_ints_and_the_rest_floats(tiny):
    """Counts (with a measure word: 425名, 1.25万人) are ints; sums, rates and ranks floats."""
    values = compute_indicators(tiny, year=2023, through_month=10)
    for key, value in values.items():
        if CATALOGUE[key].kind == "count":
            assert CATALOGUE[key].measure_word, key
        if isinstance(value, float) and math.isnan(value):
            continue  # no value (no monitoring data): NaN, never a 0 made up
        expected = int if CATALOGUE[key].measure_word else float
        assert type(value) is expected, key


def _cutoff(ds: Dataset, year: int, month: int) -> Scope:
    """The whole city through ``month``, made directly: the tiny ledgers' monthly tables end
    before some events of their year, and :meth:`Scope.of` refuses a cut-off past them (that
    rule is tested in ``tests/test_scope.py``); here the arithmetic of each cut-off is."""
    return Scope(year, month, None, ds.city, CITY_SEGMENT)


@pytest.mark.parametrize(
    "county, key, expected",
    [
        ("甲县", "funding.total", 1000.0),
        ("乙县", "storage.surplus", -10.0),
        ("乙县", "rural_supply.subprojects", 1),  # its parent is in 甲县; the leaf is still 乙县's
        ("甲县", "rivers.chiefs", 2),
        ("甲县", "party.study_sessions", 1),  # the city bureau's own session is not 甲县's
        ("乙县", "plan.overdue", 0),  # the city-wide target belongs to no county
        ("乙县", "resources.water_use_per_gdp", 30.0),
        ("乙县", "rural_water.fee_collection_rate", 50.0),
        ("全市", "funding.total", 1400.0),
        ("甲县", "projects.continuing", 1),
        ("乙县", "projects.new_starts", 1),
        ("乙县", "projects.reserve", 0),  # RS2 has investment by October: 前期
        ("乙县", "projects.preliminary", 1),
        ("甲县", "investment.plan", 210.0),
        ("乙县", "investment.central_plan", 0.0),
        ("甲县", "flood.rescue_teams", 3),  # the city bureau's own team is in no county
        ("乙县", "rural_water.tap_coverage", 100 / 150 * 100),
        ("乙县", "rural_water.large_scale_coverage", 0.0),
        ("甲县", "assessment.river_chief_rank", 1.0),
        ("乙县", "assessment.excellent", 0),
        ("乙县", "quantities.river_km", 3.5),
    ],
)
def test_county_values(tiny, county, key, expected):
    assert compute_indicators(tiny, year=2023, county=county, through_month=10)[key] == expected


@pytest.mark.parametrize(
    "through_month, key, expected",
    [
        (12, "loans.drawdown_eur", 341645.61),
        (12, "funding.city", 100.0),
        (12, "flood.warnings_forwarded", 3),
        (12, "rivers.patrols", 59),
        (12, "plan.open", 0),
        (12, "plan.overdue", 2),
        (12, "rural_water.fee_collection_rate", 80.0),
        (2, "rivers.patrol_completion.city", 0.0),  # C1 patrolled in March only
        (3, "rivers.patrol_completion.city", 100.0),
        (2, "storage.actual", 160.0),  # a season is a whole
        (12, "funding.channel.special_bonds", 100.0),
        (12, "construction.loans", 50.0),
        (12, "benefits.population", 12500),
        (12, "flood.dead_missing", 1),
        (12, "flood.drought_wells", 2),
        (12, "assessment.results", 4),
        (12, "assessment.excellent", 3),
        (6, "flood.disasters", 0),
        (5, "projects.completed", 1),
        (4, "projects.completed", 0),
    ],
)
def test_through_month(tiny, through_month, key, expected):
    values = compute_indicators(tiny, _cutoff(tiny, 2023, through_month))
    assert values[key] == pytest.approx(expected)


def test_empty_year_gives_zero_counts_and_nan_rates(tiny):
    values = compute_indicators(tiny, _cutoff(tiny, 2022, 12))
    assert values["funding.total"] == 50.0
    assert values["flood.warnings_forwarded"] == 0
    assert values["rivers.patrols"] == 0
    assert math.isnan(values["rivers.issues_closed_rate"]) is False  # I1 found in Dec 2022
    assert math.isnan(values["safety.rectification_rate"]) is False
    assert math.isnan(values["investment.fixed_asset_yoy"])
    assert math.isnan(values["rural_water.fee_collection_rate"])
    assert math.isnan(values["resources.water_use"])  # no 2022 row: unknown, not 0
    assert values["rivers.patrol_completion"] == 0.0


def test_additive_indicators_add_up(tiny):
    city = compute_indicators(tiny, year=2023, through_month=10)
    parts = [compute_indicators(tiny, year=2023, county=c, through_month=10) for c in tiny.counties]
    for key, ind in CATALOGUE.items():
        if ind.additive:
            assert sum(p[key] for p in parts) == pytest.approx(city[key]), key
    # and the flags are not decorative: the city bureau's sessions are in no county
    assert sum(p["party.study_sessions"] for p in parts) != city["party.study_sessions"]


@pytest.mark.slow
def test_fast_and_naive_agree(tiny):
    for county in (None, "甲县", "乙县"):
        for month in (1, 10, 12):
            scope = dataclasses.replace(_cutoff(tiny, 2023, month), county=county)
            fast = Selection(tiny, scope)
            naive = Selection(tiny, scope, fast=False)
            for key, ind in CATALOGUE.items():
                assert _same(ind.compute(fast), ind.compute(naive)), (county, month, key)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"year": 2023, "county": "丙县"}, "未知的县区"),
        ({"year": 2019}, "没有数据"),
        ({"year": 2023, "through_month": 13}, "1～12"),
        ({"year": 2023, "through_month": 0}, "1～12"),
    ],
)
def test_bad_selection(tiny, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        compute_indicators(tiny, **kwargs)


def test_keys_subset(tiny):
    values = compute_indicators(
        tiny, year=2023, through_month=10, keys=["rivers.chiefs", "funding.total"]
    )
    assert values == {"rivers.chiefs": 3, "funding.total": 1400.0}
    with pytest.raises(ParameterError, match="未知的指标"):
        compute_indicators(tiny, year=2023, keys=["funding.everything"])


def test_indicator_value(tiny):
    values = compute_indicators(tiny, year=2023, county="乙县", keys=["storage.surplus"])
    assert values == {"storage.surplus": -10.0}


def test_indicator_table(tiny):
    t = indicator_table(tiny, year=2023, through_month=10)
    assert list(t.columns) == ["key", "name", "unit", "value", "display"]
    assert t["key"].tolist() == list(CATALOGUE)
    shown = dict(zip(t["key"], t["display"], strict=True))
    assert shown["funding.total"] == "1400万元"
    assert shown["funding.arrival_rate"] == "85.71%"
    assert shown["investment.fixed_asset_yoy"] == "同比增25.00%"
    assert shown["rivers.chiefs"] == "3名"
    assert shown["storage.actual"] == "160万m³"
    assert shown["loans.drawdown_eur"] == "0.00欧元"
    assert shown["resources.water_use_per_gdp"] == "30m³/万元"
    assert shown["rural_supply.pipeline_km"] == "3km"
    assert shown["rivers.rubbish_t"] == "3吨"
    named = dict(zip(t["key"], t["name"], strict=True))
    assert named["funding.total"] == "争取项目资金"
    assert t.set_index("key").loc["rivers.patrols", "value"] == 54.0


def test_indicator_table_nan_display(tiny):
    t = indicator_table(tiny, _cutoff(tiny, 2022, 12)).set_index("key")
    assert t.loc["investment.fixed_asset_yoy", "display"] == "—"
    assert math.isnan(t.loc["investment.fixed_asset_yoy", "value"])


def test_dataset_not_mutated(tiny):
    before = {name: tiny[name].copy() for name in tiny}
    compute_indicators(tiny, year=2023, county="甲县", through_month=10)
    for name, table in before.items():
        pd.testing.assert_frame_equal(tiny[name], table)


@pytest.mark.parametrize("missing", list(tiny_tables()))
def test_a_missing_ledger_gives_no_value_never_another_value(tiny, missing):
    """Without a ledger, the indicators that read it have no value (NaN, shown "—"), and
    every indicator that still has one has the value it has with all ledgers."""
    full = compute_indicators(tiny, year=2023, through_month=10)
    tables = tiny_tables()
    del tables[missing]
    dataset = Dataset(tables, source="tiny")
    assert dataset.missing == (missing,)
    values = compute_indicators(dataset, year=2023, through_month=10)
    lost = {
        k
        for k, v in values.items()
        if isinstance(v, float)
        and math.isnan(v)
        and not (isinstance(full[k], float) and math.isnan(full[k]))
    }
    for key, value in values.items():
        if key not in lost:
            assert _same(value, full[key]), (missing, key, value, full[key])
    if missing not in ("counties", "work_notes"):  # the others feed some indicator
        assert lost, missing


def test_missing_funding_ledger_shows_a_dash_not_zero(tiny):
    tables = tiny_tables()
    del tables["funding"]
    t = indicator_table(Dataset(tables), year=2023, through_month=10).set_index("key")
    assert t.loc["funding.total", "display"] == "—"
    assert math.isnan(t.loc["funding.total", "value"])
    assert t.loc["funding.arrival_rate", "display"] == "—"
    assert t.loc["investment.fixed_asset", "display"] == "100万元"


def test_the_data_dictionary_explains_keys_of_the_catalogue():
    """Every key the 口径 table names (``projects.new_starts 等``, ``funding.channel.*``) is one
    of the catalogue or a prefix of some."""
    import re

    from wbanalysis.indicators import explanations

    for _, keys, rule in explanations():
        assert rule.endswith("。")
        for key in re.findall(r"[a-z_]+(?:\.[a-z_]+)*", keys):
            assert any(k.startswith(key) for k in CATALOGUE), key


def test_each_explanation_is_carried_by_the_indicators_it_names():
    """An indicator's 口径 (``explained``) is that of the family its keys name: every key the
    table names exactly carries it, and every carrier matches one of the named keys."""
    import re

    carriers: dict = {}
    for ind in CATALOGUE.values():
        if ind.explained is not None:
            carriers.setdefault(ind.explained, []).append(ind.key)
    assert sorted(x.position for x in carriers) == list(range(1, len(carriers) + 1))
    for explained, keys in carriers.items():
        named = re.findall(r"[a-z_]+(?:\.[a-z_]+)*(?:\.\*)?", explained.keys)
        for key in keys:
            assert any(
                key == n
                or (n.endswith("*") and key.startswith(n[:-1]))
                or explained.keys.endswith(" 等")
                for n in named
            ), key
        for n in named:
            if not n.endswith("*") and n in CATALOGUE:
                assert CATALOGUE[n].explained is explained, n


@pytest.mark.slow
def test_every_optional_column_read_is_declared():
    """Drop each optional column of every ledger in turn: every indicator whose value changes
    must have become NaN (no data) — never silently another value. (Without 所属项目编号 a
    bureau has no sub-projects: every project is a leaf, as it says; without an optional
    所属县区 every row is the city bureau's own, as a blank one says.)"""
    from wbanalysis.schema import LEDGERS

    full = compute_indicators(Dataset(tiny_tables()), year=2023, through_month=10)
    for name, ledger in LEDGERS.items():
        for col in ledger.columns:
            if (
                col.required
                or col.name == "county"
                or (name, col.name) == ("projects", "parent_id")
            ):
                continue
            tables = tiny_tables()
            if name not in tables or col.name not in tables[name].columns:
                continue
            tables[name] = tables[name].drop(columns=col.name)
            values = compute_indicators(Dataset(tables), year=2023, through_month=10)
            for key, value in values.items():
                if not (isinstance(value, float) and math.isnan(value)):
                    assert _same(value, full[key]), (f"{name}.{col.name}", key, value, full[key])
