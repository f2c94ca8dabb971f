"""wb.compare and wb.compare_years on tiny ledgers, ranks computed by hand (ties, NaN)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import wbanalysis as wb
from wbanalysis.dataset import Dataset
from wbanalysis.errors import ParameterError

COUNTIES = ["甲县", "乙县", "丙县", "丁县"]


def _tiny() -> Dataset:
    rows = [  # (year, county, secured, arrived); 丁县 has no row in 2023
        (2023, "甲县", 10.0, 5.0),
        (2023, "乙县", 20.0, 20.0),
        (2023, "丙县", 10.0, 10.0),
        (2022, "甲县", 30.0, 30.0),
        (2022, "丁县", 4.0, 1.0),
    ]
    funding = pd.DataFrame(
        {
            "record_id": [f"F{n}" for n in range(len(rows))],
            "year": [r[0] for r in rows],
            "month": [3] * len(rows),
            "county": [r[1] for r in rows],
            "level": ["中央"] * len(rows),
            "programme": ["水利发展资金"] * len(rows),
            "secured": [r[2] for r in rows],
            "arrived": [r[3] for r in rows],
            "project_id": [None] * len(rows),
        }
    )
    counties = pd.DataFrame({"county": COUNTIES, "code": [None] * 4, "city": ["某市"] * 4})
    return Dataset({"counties": counties, "funding": funding})


def test_ranks_by_hand_with_ties_and_nan():
    t = wb.compare(_tiny(), ["funding.total", "funding.arrival_rate"], year=2023, through_month=3)
    assert list(t.index) == [*COUNTIES, "全市"]
    assert list(t.columns) == [
        "funding.total",
        "funding.total#rank",
        "funding.arrival_rate",
        "funding.arrival_rate#rank",
    ]
    # totals 10, 20, 10, 0: 乙 first, 甲 and 丙 share 2nd, 丁 4th (not 3rd)
    assert t["funding.total"].tolist() == [10.0, 20.0, 10.0, 0.0, 40.0]
    assert t["funding.total#rank"].tolist()[:4] == [2.0, 1.0, 2.0, 4.0]
    # rates 50 %, 100 %, 100 %, none (0 ÷ 0): 乙 and 丙 share 1st, 甲 3rd, 丁 unranked
    ranks = t["funding.arrival_rate#rank"]
    assert ranks[["甲县", "乙县", "丙县"]].tolist() == [3.0, 1.0, 1.0]
    assert math.isnan(ranks["丁县"]) and math.isnan(t.loc["丁县", "funding.arrival_rate"])
    # the city is never ranked; its rate is the city's own (35 ÷ 40), not a mean of rates
    assert math.isnan(t.loc["全市", "funding.total#rank"])
    assert t.loc["全市", "funding.arrival_rate"] == pytest.approx(87.5)


def test_one_key_and_chosen_counties():
    t = wb.compare(_tiny(), "funding.total", year=2023, through_month=3, counties=["丙县", "甲县"])
    assert list(t.index) == ["丙县", "甲县", "全市"]
    assert t["funding.total#rank"].tolist()[:2] == [1.0, 1.0]


def test_unknown_county_and_key_are_refused():
    with pytest.raises(ParameterError, match="未知的县区"):
        wb.compare(_tiny(), ["funding.total"], year=2023, counties=["乌有县"])
    with pytest.raises(ParameterError, match="未知的指标"):
        wb.compare(_tiny(), ["no.such"], year=2023)
    with pytest.raises(ParameterError):
        wb.compare(_tiny(), [], year=2023)


def test_compare_years_is_county_by_year():
    t = wb.compare_years(_tiny(), "funding.total", years=[2022, 2023])
    assert list(t.columns) == [2022, 2023]
    assert t.loc["甲县"].tolist() == [30.0, 10.0]
    assert t.loc["丁县"].tolist() == [4.0, 0.0]
    assert t.loc["全市"].tolist() == [34.0, 40.0]


def test_a_county_bureau_has_no_city_row():
    ds = _tiny()
    one = Dataset(
        {
            "counties": ds["counties"].iloc[:1],
            "funding": ds["funding"][ds["funding"]["county"] == "甲县"],
        }
    )
    t = wb.compare(one, ["funding.total"], year=2023, through_month=3)
    assert list(t.index) == ["甲县"] and t.loc["甲县", "funding.total#rank"] == 1.0


def test_demo_in_two_lines(demo):
    t = wb.compare(demo, ["funding.total", "investment.fixed_asset"], year=2023)
    additive = t.drop(index="全市")["funding.total"].sum()
    assert t.loc["全市", "funding.total"] == pytest.approx(additive) == pytest.approx(3209.0)
    assert sorted(t["funding.total#rank"].dropna().astype(int)) == list(range(1, 8))
