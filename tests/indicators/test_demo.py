"""The catalogue on the demo ledgers: the seed's 2023 figures, and counties adding up."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from conftest import ROOT

from wbanalysis.cli import main
from wbanalysis.indicators import CATALOGUE, compute_indicators

# DOMAIN.md: the 2023 whole-city January–October figures.
SEED = {
    "funding.total": 3209,
    "funding.central": 1650.2,
    "funding.provincial": 436,
    "funding.city": 1122.8,
    "investment.fixed_asset": 119700,
    "investment.fixed_asset_yoy": 27.65,
    "rural_supply.total_investment": 12046,
    "rural_supply.completed_cumulative": 3900,
    "rural_supply.completed_year": 2100,
    "rural_supply.pipeline_km": 14,
    "storage.actual": 6636,
    "storage.target": 6415.36,
    "storage.surplus": 220.64,
    "rivers.chiefs": 425,
    "rivers.patrol_completion": 100,
    "rivers.issues_closed_rate": 100,
    "resources.metering_rectified": 85,
    "resources.wells_inspected": 74,
    "resources.water_fee": 6219.38,
    "resources.soil_fee": 145.1,
    "resources.soil_plans_approved": 13,
    "enforcement.sand_mining_cases": 2,
    "safety.hazards_rectified": 138,
    "rural_water.works": 1090,
}
AT_LEAST = {"flood.warnings_forwarded": 150, "rivers.patrols": 20000, "rivers.issues_found": 80}


@pytest.fixture(scope="module")
def cli_json():
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "wbanalysis",
            "indicators",
            "--year",
            "2023",
            "--through-month",
            "10",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(proc.stdout)


@pytest.mark.parametrize("key", list(SEED))
def test_seed_figure(cli_json, key):
    assert abs(cli_json[key] - SEED[key]) < 0.01


@pytest.mark.parametrize("key", list(AT_LEAST))
def test_seed_figure_at_least(cli_json, key):
    assert cli_json[key] >= AT_LEAST[key]
    assert cli_json[key] < AT_LEAST[key] * 1.1  # "150余次" is not 300


def test_json_carries_every_key_unrounded(cli_json):
    assert list(cli_json) == list(CATALOGUE)
    assert cli_json["investment.fixed_asset_yoy"] != round(
        cli_json["investment.fixed_asset_yoy"], 2
    )
    assert isinstance(cli_json["rivers.chiefs"], int)


def test_default_month_is_the_last_with_data(capsys):
    assert main(["indicators", "--year", "2023", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["investment.fixed_asset"] == pytest.approx(119700)


def test_table_format_is_in_the_bureaus_style(capsys):
    assert main(["indicators", "--year", "2023", "--through-month", "10"]) == 0
    out = capsys.readouterr().out
    assert "争取项目资金" in out and "3209万元" in out and "11.97亿元" in out
    assert "同比增27.65%" in out and "12046万元" in out and "425名" in out


@pytest.mark.parametrize(
    "argv,text",
    [
        (["--county", "东城区"], "未知的县区「东城区」"),
        (["--year", "2031"], "2031年没有数据"),
        (["--through-month", "13"], "截止月份须为 1～12"),
    ],
)
def test_bad_selection_exits_2(capsys, argv, text):
    args = ["indicators", "--year", "2023", *argv]
    if "--year" in argv:
        args = ["indicators", *argv]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert text in err and "Traceback" not in err


@pytest.mark.slow
@pytest.mark.parametrize("through_month", [10, 12])
def test_counties_add_up_to_the_city(demo, through_month):
    year = 2023 if through_month == 10 else 2022
    city = compute_indicators(demo, year=year, through_month=through_month)
    counties = [
        compute_indicators(demo, year=year, county=c, through_month=through_month)
        for c in demo.counties
    ]
    additive = [k for k, ind in CATALOGUE.items() if ind.additive]
    assert len(additive) >= 40
    for key in additive:
        total = sum(v[key] for v in counties)
        if isinstance(city[key], float) and math.isnan(city[key]):
            assert all(math.isnan(v[key]) for v in counties), key
        else:
            assert total == pytest.approx(city[key], abs=1e-6), key
