"""Write the demo ledgers of data/sample: a synthetic city, January 2019 – October 2023.

Seeded: running it again writes the same bytes. The 2023 whole-city January–October figures
equal those of the work summary (../shared/DOMAIN.md); county figures add up to the city's;
everything else is synthetic but plausible, with some realistic trouble (late milestones, a
county short of its storage target, a river issue open at a cut-off, weak rural fee
collection).

Usage: python scripts/make_demo_data.py [OUT_DIR] [--counties N | --county NAME]
       python scripts/make_demo_data.py --demo-monitoring DIR
       python scripts/make_demo_data.py [OUT_DIR] --monitoring DIR [--stations N]
           [--reservoirs M] [--step 1h] [--reservoir-step 15min] [--years 2023 …] [--counties N]

``--counties N`` writes a province of N counties instead (for the benchmarks): the demo's
seven counties copied under new names and codes — every county-level row of every ledger,
with its child rows and its IDs made unique — and the city bureau's own rows once. The
default (7) writes the demo itself, byte for byte.

``--county NAME`` writes a county bureau's own ledgers instead (the county demo, built by
``tests/pipeline/test_county_bureau.py``): 行政区划 holding only that county, every ledger only
its rows (with their child rows), none of the city bureau's own rows, and the county's own
文字材料 (:func:`county_notes`), as a county office keeps them.

``--demo-monitoring DIR`` writes the demo city's monitoring folder (水雨情: six stations of
its counties, June–September 2023 hourly, about 300 KB;
:func:`wbanalysis.monitoring.demo.write_demo_monitoring`), which ``make reports`` builds the
flood-season figures from.

``--monitoring DIR`` writes the monitoring folder (水雨情, the national tables of SL 323) of a
generated province into DIR (:func:`wbanalysis.monitoring.demo.write_province_monitoring`):
``--stations`` rain gauges reporting every ``--step`` and ``--reservoirs`` reservoir stations
every ``--reservoir-step``, one CSV file per table and month of ``--years``, written a block
of stations at a time (bounded memory at any size; 2,000 gauges hourly and 1,000 reservoirs
every 15 minutes for a year, 52 M records, 2.2 GB, take about a minute). Its stations lie in
the counties of ``--counties N`` (default: the demo's seven). The ledgers are written too only
when OUT_DIR is given.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wbanalysis.dataset import _COUNTY_FROM  # noqa: E402
from wbanalysis.indicators import explanations  # noqa: E402
from wbanalysis.io.templates import data_dictionary  # noqa: E402
from wbanalysis.monitoring.demo import (  # noqa: E402
    STEPS,
    write_demo_monitoring,
    write_province_monitoring,
)
from wbanalysis.schema import LEDGERS  # noqa: E402

SEED = 20231106
CITY = "XX市"
COUNTIES = ["青山区", "河东县", "河西县", "龙泉县", "白沙县", "永宁县", "清溪县"]
CODES = ["990102", "990121", "990122", "990123", "990124", "990125", "990126"]
YEARS = [2019, 2020, 2021, 2022, 2023]
LAST = (2023, 10)  # the summary was written at the end of October 2023

rng = np.random.default_rng(SEED)


# ---- helpers -------------------------------------------------------------------------------


def months(year: int) -> list[int]:
    return list(range(1, (LAST[1] if year == LAST[0] else 12) + 1))


def split_cents(total: float, weights, *, minimum: int = 0) -> list[float]:
    """Split ``total`` (2 decimals) into parts proportional to ``weights``, exactly."""
    cents = round(total * 100)
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    base = np.floor(w * (cents - minimum * len(w))).astype(np.int64) + minimum
    rest = cents - int(base.sum())
    order = np.argsort(-(w * cents - np.floor(w * cents)), kind="stable")
    for i in range(rest):
        base[order[i % len(base)]] += 1
    return [int(c) / 100 for c in base]


def split_int(total: int, weights, *, minimum: int = 0) -> list[int]:
    return [int(round(x * 100)) for x in split_cents(total / 100, weights, minimum=minimum)]


def weights(n: int, spread: float = 0.5) -> np.ndarray:
    return 1.0 + spread * rng.random(n)


def rand_date(year: int, month: int, day_max: int | None = None) -> dt.date:
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, int(rng.integers(1, (day_max or last) + 1)))


SEASONAL = np.array([0.55, 0.6, 0.9, 1.0, 1.05, 1.0, 0.95, 1.0, 1.05, 1.1, 1.2, 1.5])
COUNTY_SIZE = np.array([1.3, 1.1, 1.0, 0.9, 0.8, 0.95, 0.7])

SURNAMES = list("张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文斌云飞海燕")
RIVERS = {
    "青山区": ["青山河", "东沟", "城南河"],
    "河东县": ["河东大河", "龙川河", "小河沟"],
    "河西县": ["河西河", "三岔河", "黑水河"],
    "龙泉县": ["龙泉河", "龙潭沟", "槟榔江"],
    "白沙县": ["白沙河", "沙坝河", "明光河"],
    "永宁县": ["永宁河", "大盈江", "南底河"],
    "清溪县": ["清溪河", "清水河", "苏江"],
}


def person_name() -> str:
    given = "".join(rng.choice(GIVEN, size=int(rng.integers(1, 3))))
    return str(rng.choice(SURNAMES)) + given


# ---- the ledgers ---------------------------------------------------------------------------


def counties() -> list[dict]:
    return [{"county": c, "code": code, "city": CITY} for c, code in zip(COUNTIES, CODES)]


def projects() -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """Projects, milestones, monthly progress and loan drawdowns."""
    P, M = [], []

    def proj(pid, name, county, category, total, parent=None):
        P.append(
            {
                "project_id": pid,
                "name": name,
                "county": county,
                "category": category,
                "total_investment": total,
                "parent_id": parent,
            }
        )

    def ms(pid, milestone, planned, actual=None):
        M.append(
            {
                "project_id": pid,
                "milestone": milestone,
                "planned_date": planned,
                "actual_date": actual,
            }
        )

    d = dt.date
    # four reservoirs under construction (续建水库)
    proj("SK-01", "龙潭水库", "龙泉县", "水库", 38600)
    proj("SK-02", "青龙水库", "河东县", "水库", 52300)
    proj("SK-03", "白石水库", "白沙县", "水库", 29800)
    proj("SK-04", "清水河水库", "清溪县", "水库", 46150)
    for pid, k in (("SK-01", 0), ("SK-02", 1), ("SK-03", 2), ("SK-04", 3)):
        ms(pid, "可研批复", d(2016 + k % 2, 6, 30), d(2016 + k % 2, 8, 12 + k))
        ms(pid, "初设批复", d(2017 + k % 2, 6, 30), d(2017 + k % 2, 9, 3 + k))
        ms(pid, "开工", d(2018 + k % 2, 3, 31), d(2018 + k % 2, 4, 18 + k))
    ms("SK-01", "大坝封顶", d(2022, 10, 31), d(2022, 12, 20))
    ms("SK-01", "主体完工", d(2023, 9, 30), d(2023, 10, 15))
    ms("SK-01", "下闸蓄水验收", d(2024, 6, 30))
    ms("SK-02", "大坝封顶", d(2022, 6, 30), d(2022, 7, 28))
    ms("SK-02", "主体完工", d(2023, 6, 30), d(2023, 8, 20))
    ms("SK-02", "竣工验收", d(2024, 12, 31))
    ms("SK-03", "大坝封顶", d(2021, 11, 30), d(2021, 11, 26))
    ms("SK-03", "主体完工", d(2022, 10, 31), d(2022, 12, 5))
    ms("SK-03", "下闸蓄水验收", d(2023, 5, 31), d(2023, 9, 12))
    ms("SK-03", "竣工验收", d(2024, 12, 31))
    ms("SK-04", "大坝封顶", d(2023, 8, 31), d(2023, 8, 25))
    ms("SK-04", "主体完工", d(2023, 9, 30))  # delayed, still open at the cut-off
    # irrigation district, started 2023-10-29
    proj("GQ-01", "青山灌区", "青山区", "灌区", 186500)
    ms("GQ-01", "可研批复", d(2021, 12, 31), d(2021, 11, 22))
    ms("GQ-01", "初设批复", d(2022, 10, 31), d(2022, 12, 26))
    ms("GQ-01", "开工", d(2023, 6, 30), d(2023, 10, 29))
    # the AFD loan project
    proj("WZ-01", "法开署贷款大盈江流域生态保护和修复示范项目", "永宁县", "生态修复", 68000)
    ms("WZ-01", "可研批复", d(2023, 3, 31), d(2023, 4, 18))
    ms("WZ-01", "初设批复", d(2024, 3, 31))
    ms("WZ-01", "开工", d(2024, 6, 30))
    # reservoirs in preliminary work
    proj("QQ-01", "马鞍山水库", "河西县", "水库", 41200)
    ms("QQ-01", "可研批复", d(2023, 8, 31))  # submitted in May, awaiting approval
    ms("QQ-01", "初设批复", d(2024, 10, 31))
    ms("QQ-01", "专题报告批复", d(2024, 10, 31))
    ms("QQ-01", "开工", d(2024, 10, 31))
    proj("QQ-02", "黑龙潭水库", "永宁县", "水库", 23600)
    ms("QQ-02", "可研批复", d(2023, 6, 30), d(2023, 7, 14))
    ms("QQ-02", "专题报告批复", d(2024, 12, 31))
    proj("QQ-03", "杨柳河水库", "河东县", "水库", 19800)
    ms("QQ-03", "可研批复", d(2023, 9, 30), d(2023, 9, 21))
    ms("QQ-03", "专题报告批复", d(2024, 12, 31))
    # projects completed on schedule in 2023
    proj("XLY-01", "清水三家村小流域综合治理项目", "清溪县", "小流域", 1280)
    proj("GQ-02", "城郊灌区续建配套与节水改造项目", "青山区", "灌区", 3650)
    proj("HD-01", "龙川河河道治理工程", "河东县", "河道治理", 2480)
    proj("HD-02", "白沙河河道治理工程", "白沙县", "河道治理", 1960)
    for pid, start, done in (("XLY-01", 2, 9), ("GQ-02", 1, 10), ("HD-01", 3, 9), ("HD-02", 2, 8)):
        ms(pid, "初设批复", d(2022, 11, 30), d(2022, 11, 25))
        ms(pid, "开工", d(2023, start, 28), d(2023, start, 20))
        ms(pid, "主体完工", d(2023, done, 30), d(2023, done, 26))
    # earlier projects, for history
    for i, (county, year) in enumerate(zip(COUNTIES, (2019, 2019, 2020, 2020, 2021, 2021, 2022))):
        pid = f"HD-{i + 3:02d}"
        river = RIVERS[county][1]
        proj(pid, f"{river}河道治理工程", county, "河道治理", float(1200 + 150 * i))
        ms(pid, "开工", d(year, 3, 31), d(year, 3, 10 + i))
        late = 45 if i == 4 else 0
        ms(pid, "主体完工", d(year, 11, 30), d(year, 11, 10) + dt.timedelta(days=late))
        ms(pid, "竣工验收", d(year + 1, 6, 30), d(year + 1, 6, 12) + dt.timedelta(days=late))
    # the rural water supply programme: one programme, three sub-projects, 12046万元
    proj("NS-00", "农村供水专项行动项目", "河东县", "农村供水", 12046)
    proj("NS-01", "河东规模化水厂建设项目", "河东县", "农村供水", 5230, "NS-00")
    proj("NS-02", "蒲川规模化水厂建设项目", "河西县", "农村供水", 4290, "NS-00")
    proj("NS-03", "沿边村供水工程", "永宁县", "农村供水", 2526, "NS-00")
    for pid in ("NS-01", "NS-02", "NS-03"):
        ms(pid, "可研批复", d(2022, 3, 31), d(2022, 3, 18))
        ms(pid, "初设批复", d(2022, 5, 31), d(2022, 5, 26))
        ms(pid, "开工", d(2022, 6, 30), d(2022, 6, 15))
        ms(pid, "主体完工", d(2024, 12, 31))

    # monthly progress --------------------------------------------------------------------
    G = []

    def progress(pid, amounts: dict[tuple[int, int], float], km: dict | None = None):
        for (y, m), amount in sorted(amounts.items()):
            G.append(
                {
                    "project_id": pid,
                    "year": y,
                    "month": m,
                    "investment": amount,
                    "pipeline_km": (km or {}).get((y, m)),
                }
            )

    # rural supply: 1800 in Jun–Dec 2022 and 2100 in Jan–Oct 2023 = 3900; 14 km of pipe
    subs = ("NS-01", "NS-02", "NS-03")
    y22 = [(2022, m) for m in range(6, 13)]
    y23 = [(2023, m) for m in range(1, 11)]
    part22 = split_cents(1800, [0.42, 0.36, 0.22])
    part23 = split_cents(2100, [0.40, 0.37, 0.23])
    km22 = split_cents(5.0, [0.0001, 0.0001, 1.0])
    km23 = split_cents(9.0, [0.0001, 0.0001, 1.0])
    for i, pid in enumerate(subs):
        a = dict(zip(y22, split_cents(part22[i], weights(len(y22)))))
        a.update(zip(y23, split_cents(part23[i], weights(len(y23)))))
        km = {}
        if km22[i]:
            km.update(zip(y22, split_cents(km22[i], weights(len(y22)))))
            km.update(zip(y23, split_cents(km23[i], weights(len(y23)))))
        progress(pid, a, km)
    # reservoirs and other works
    for pid, total, start in (
        ("SK-01", 38600, 2019),
        ("SK-02", 52300, 2018),
        ("SK-03", 29800, 2019),
        ("SK-04", 46150, 2018),
        ("GQ-01", 186500, 2023),
        ("XLY-01", 1280, 2023),
        ("GQ-02", 3650, 2023),
        ("HD-01", 2480, 2023),
        ("HD-02", 1960, 2023),
    ):
        periods = [(y, m) for y in range(max(start, 2019), 2024) for m in months(y)]
        if pid == "GQ-01":
            periods = [(2023, 10)]
        share = 0.02 if pid == "GQ-01" else (0.78 if pid.startswith("SK") else 0.96)
        progress(pid, dict(zip(periods, split_cents(total * share, weights(len(periods))))))

    # foreign loan drawdowns: the first AFD drawdown, 2023-11-06 (after the October cut-off)
    L = [
        {"project_id": "WZ-01", "lender": "法开署", "date": d(2023, 11, 6), "amount_eur": 341645.61}
    ]
    return P, M, G, L


FUNDING_2023 = [  # (level, programme, 2023 Jan–Oct amount)
    ("中央", "中央水利发展资金", 1554.2),
    ("中央", "中央农业防灾减灾和水利救灾资金", 96),
    ("省级", "省级水利救灾资金", 60),
    ("省级", "省级水利专项资金", 132),
    ("省级", "小型水库安全运行省级一般债券补助资金", 244),
    ("市本级", "市本级水利建设资金", 1122.8),
]


def funding() -> list[dict]:
    rows = []
    factors = {2019: 0.78, 2020: 0.86, 2021: 1.07, 2022: 0.93, 2023: 1.0}
    for year in YEARS:
        plan = list(FUNDING_2023)
        if year < 2023:
            plan = [
                (lv, pg, round(a * factors[year] * (0.85 + 0.3 * rng.random()), 1))
                for lv, pg, a in plan
            ]
            plan.append(("县级", "县级水利配套资金", round(150 + 120 * rng.random(), 1)))
        n = 0
        for level, programme, amount in plan:
            k = int(rng.integers(2, 5))  # a programme arrives in a few allocations
            alloc_months = sorted(rng.choice(np.arange(2, 11), size=k, replace=False))
            amounts = split_cents(amount, weights(k))
            for month, part in zip(alloc_months, amounts):
                for county, share in zip(COUNTIES, split_cents(part, COUNTY_SIZE * weights(7))):
                    if share == 0:
                        continue
                    n += 1
                    # funds arrive late: about 80% arrived, less for recent allocations
                    ratio = min(1.0, 0.62 + 0.35 * rng.random() + 0.08 * (2023 - year))
                    rows.append(
                        {
                            "record_id": f"ZJ{year}-{n:03d}",
                            "year": year,
                            "month": int(month),
                            "county": county,
                            "level": level,
                            "programme": programme,
                            "secured": share,
                            "arrived": round(share * ratio, 2),
                            "project_id": None,
                        }
                    )
    return rows


def fixed_asset_investment() -> list[dict]:
    # Jan–Oct totals: 2023 = 119700 (11.97亿元), 2022 = 93772.03 so that YoY = 27.65%
    jan_oct = {2019: 61250.4, 2020: 70388.9, 2021: 81904.35, 2022: 93772.03, 2023: 119700.0}
    rows = []
    for year in YEARS:
        total_year = jan_oct[year]
        w = SEASONAL[:10] * weights(10, 0.2)
        by_month = dict(zip(range(1, 11), split_cents(total_year, w)))
        if year < 2023:
            for m in (11, 12):
                by_month[m] = round(float(by_month[10] * SEASONAL[m - 1] / SEASONAL[9]), 2)
        for month, amount in by_month.items():
            for county, part in zip(COUNTIES, split_cents(amount, COUNTY_SIZE * weights(7, 0.3))):
                rows.append({"year": year, "month": month, "county": county, "amount": part})
    return rows


def reservoirs() -> tuple[list[dict], list[dict]]:
    R, S = [], []
    scales = ["中型"] * 2 + ["小(1)型"] * 12 + ["小(2)型"] * 46
    names = ["龙潭", "青龙", "白石", "清水河"]  # under construction: not yet storing
    k = 0
    for i, scale in enumerate(scales):
        county = COUNTIES[i % 7]
        cap = {
            "中型": 1800 + 900 * rng.random(),
            "小(1)型": 180 + 700 * rng.random(),
            "小(2)型": 14 + 80 * rng.random(),
        }[scale]
        river = RIVERS[county][i % 3]
        name = (
            f"{river[:2]}{'一二三四五六七八九'[k % 9]}号水库"
            if scale != "中型"
            else f"{river[:2]}中型水库"
        )
        k += 1
        monitored = scale != "小(2)型" or rng.random() < 0.62
        R.append(
            {
                "reservoir_id": f"R{i + 1:03d}",
                "name": name,
                "county": county,
                "scale": scale,
                "capacity": round(cap, 2),
                "rain_monitoring": monitored,
                "dam_monitoring": monitored and (scale != "小(2)型" or rng.random() < 0.9),
            }
        )
    del names
    caps = np.array([r["capacity"] for r in R])
    # 2023: target 6415.36, actual 6636 — 白沙县 falls short, the others exceed
    totals = {
        2019: (5902.4, 5714.86),
        2020: (6010.75, 6120.3),
        2021: (6120.0, 6350.12),
        2022: (6250.0, 6024.5),
        2023: (6415.36, 6636.0),
    }
    for year, (target, actual) in totals.items():
        season = f"{year - 1}－{year}年冬春"
        tw = caps * weights(len(R), 0.1)
        targets = split_cents(target, tw)
        # actual per reservoir: close to target, short in 白沙县 (2023) / 河西县 (2022)
        short = {2023: "白沙县", 2022: "河西县"}.get(year)
        ratio = np.array([0.93 if r["county"] == short else 1.0 + 0.08 * rng.random() for r in R])
        actuals = split_cents(actual, np.array(targets) * ratio)
        for r, t, a in zip(R, targets, actuals):
            S.append(
                {"reservoir_id": r["reservoir_id"], "season": season, "target": t, "actual": a}
            )
    return R, S


def warnings_ledger() -> list[dict]:
    counts = {2019: 131, 2020: 142, 2021: 128, 2022: 147, 2023: 153}
    sources = ["气象", "水文", "防办", "水务"]
    levels = ["蓝色", "黄色", "橙色", "红色"]
    rows = []
    for year, n in counts.items():
        month_w = np.array([0.6, 1.0, 1.6, 1.7, 1.3, 0.8])  # May–October
        per_month = split_int(n, month_w)
        dates = []
        for m, c in zip(range(5, 11), per_month):
            dates += [rand_date(year, m) for _ in range(c)]
        for i, date in enumerate(sorted(dates), 1):
            rows.append(
                {
                    "warning_id": f"YJ{year}-{i:03d}",
                    "date": date,
                    "county": str(rng.choice(COUNTIES, p=COUNTY_SIZE / COUNTY_SIZE.sum())),
                    "source": str(rng.choice(sources, p=[0.4, 0.25, 0.2, 0.15])),
                    "level": str(rng.choice(levels, p=[0.5, 0.3, 0.15, 0.05])),
                }
            )
    return rows


def river_chiefs() -> list[dict]:
    levels = {
        "市级": split_int(15, np.ones(7)),
        "乡级": split_int(68, COUNTY_SIZE),
        "村级": split_int(342, COUNTY_SIZE),
    }
    rows = []
    n = 0
    for level, per_county in levels.items():
        for county, count in zip(COUNTIES, per_county):
            for j in range(count):
                n += 1
                rows.append(
                    {
                        "chief_id": f"HZ{n:04d}",
                        "name": person_name(),
                        "level": level,
                        "county": county,
                        "river": RIVERS[county][j % 3],
                    }
                )
    return rows


def patrols(chiefs: list[dict]) -> list[dict]:
    rows = []
    city_months = (1, 3, 5, 7, 9, 10)
    for c in chiefs:
        for year in YEARS:
            for m in months(year):
                if c["level"] == "村级":
                    n = int(rng.choice([4, 5, 6, 7], p=[0.1, 0.35, 0.35, 0.2]))
                    # 2021: village chiefs of 白沙县 fell behind in the rainy months
                    if year == 2021 and c["county"] == "白沙县" and m in (6, 7, 8):
                        n = int(rng.choice([1, 2, 3]))
                elif c["level"] == "乡级":
                    n = int(rng.choice([1, 2, 3]))
                else:
                    n = 1 if m in city_months else 0
                rows.append({"chief_id": c["chief_id"], "year": year, "month": m, "patrols": n})
    return rows


def river_issues(chiefs: list[dict]) -> list[dict]:
    counts = {2019: 64, 2020: 71, 2021: 77, 2022: 88, 2023: 83}
    types = ["乱占", "乱采", "乱堆", "乱建", "水污染", "其他"]
    rows = []
    for year, n in counts.items():
        last_month = 10 if year == 2023 else 12
        for i in range(1, n + 1):
            c = chiefs[int(rng.integers(0, len(chiefs)))]
            found = rand_date(year, int(rng.integers(1, last_month + 1)))
            closed = found + dt.timedelta(days=int(rng.integers(2, 40)))
            year_end = dt.date(year, last_month, 31 if last_month in (10, 12) else 30)
            closed = min(closed, year_end)
            rows.append(
                {
                    "issue_id": f"WT{year}-{i:03d}",
                    "county": c["county"],
                    "river": c["river"],
                    "issue_type": str(rng.choice(types)),
                    "found_date": found,
                    "closed_date": closed,
                    "chief_id": c["chief_id"],
                }
            )
    # trouble: an illegal structure found in September 2022, open at the October cut-off
    rows.append(
        {
            "issue_id": "WT2022-089",
            "county": "河西县",
            "river": "三岔河",
            "issue_type": "乱建",
            "found_date": dt.date(2022, 9, 14),
            "closed_date": dt.date(2022, 12, 20),
            "chief_id": None,
        }
    )
    # a 2021 backlog closed in 2022: 2022's closure rate exceeds 100%
    rows.append(
        {
            "issue_id": "WT2021-078",
            "county": "龙泉县",
            "river": "龙潭沟",
            "issue_type": "乱堆",
            "found_date": dt.date(2021, 12, 18),
            "closed_date": dt.date(2022, 2, 16),
            "chief_id": None,
        }
    )
    return rows


def activities() -> list[dict]:
    rows = []
    n = 0

    def add(date, county, kind, participants=None, km=None, tonnes=None, items=None):
        nonlocal n
        n += 1
        rows.append(
            {
                "activity_id": f"HD{date.year}-{n:04d}",
                "date": date,
                "county": county,
                "activity_type": kind,
                "participants": participants,
                "river_km": km,
                "rubbish_t": tonnes,
                "items": items,
            }
        )

    # (participants, km, tonnes, spots, 美丽河湖, 绿美河湖, 党组学习, 中心组, 党课, 宣讲)
    plan = {
        2019: (15800, 702.5, 1185.6, 0, 2, 0, 16, 9, 4, 1),
        2020: (17600, 768.3, 1242.0, 420, 3, 0, 18, 10, 4, 2),
        2021: (19200, 815.7, 1376.4, 510, 3, 1, 17, 10, 4, 2),
        2022: (20400, 862.9, 1428.5, 580, 4, 2, 18, 10, 4, 2),
        2023: (22000, 905.6, 1523.4, 650, 5, 3, 19, 10, 4, 2),
    }
    for year, (
        people,
        km,
        tonnes,
        spots,
        beautiful,
        green,
        study,
        group,
        lecture,
        talk,
    ) in plan.items():
        n = 0
        last = 10 if year == 2023 else 12
        events = [(m, county) for m in (3, 5, 8, 10) for county in COUNTIES]
        w = weights(len(events))
        for (m, county), p, k, t in zip(
            events, split_int(people, w), split_cents(km, w), split_cents(tonnes, w)
        ):
            kind = "清四乱" if m in (3, 8) else "河长清河"
            add(rand_date(year, m), county, kind, p, k, t)
        if spots:
            for county, s in zip(COUNTIES, split_int(spots, COUNTY_SIZE)):
                add(rand_date(year, 6), county, "遥感图斑复核", items=s)
        for kind, count in (("美丽河湖申报", beautiful), ("绿美河湖申报", green)):
            for j in range(count):
                add(rand_date(year, 4), COUNTIES[(j * 3) % 7], kind, items=1)
        for kind, count in (
            ("党组学习", study),
            ("中心组学习", group),
            ("专题党课", lecture),
            ("主题宣讲", talk),
        ):
            for j in range(count):
                add(rand_date(year, 1 + (j * last) // count), None, kind)
    return rows


def fees() -> list[dict]:
    totals = {
        2019: (5120.55, 98.6),
        2020: (5390.12, 112.4),
        2021: (5702.8, 121.35),
        2022: (5988.46, 133.9),
        2023: (6219.38, 145.1),
    }
    rows = []
    for year, (water, soil) in totals.items():
        n = 0
        ms = months(year)
        for fee_type, total in (("水资源费", water), ("水土保持补偿费", soil)):
            if year < 2023:
                total = total * (12 / 10)  # the totals above are January–October
            for m, amount in zip(ms, split_cents(total, weights(len(ms)))):
                for county, part in zip(COUNTIES, split_cents(amount, COUNTY_SIZE * weights(7))):
                    n += 1
                    rows.append(
                        {
                            "record_id": f"JF{year}-{n:04d}",
                            "year": year,
                            "month": m,
                            "county": county,
                            "fee_type": fee_type,
                            "amount": part,
                        }
                    )
    return rows


def inspections() -> list[dict]:
    totals = {
        2019: (32, 40, 3),
        2020: (41, 46, 4),
        2021: (55, 58, 4),
        2022: (63, 61, 6),
        2023: (85, 74, 5),
    }
    rows = []
    for year, (meters, wells, permits) in totals.items():
        n = 0
        for kind, total, m in (
            ("取水计量设施整改", meters, 4),
            ("地下取水井排查", wells, 6),
            ("取水许可审查", permits, 9),
        ):
            for county, count in zip(COUNTIES, split_int(total, COUNTY_SIZE * weights(7))):
                if count == 0:
                    continue
                n += 1
                rows.append(
                    {
                        "record_id": f"JC{year}-{n:03d}",
                        "date": rand_date(year, m),
                        "county": county,
                        "inspection_type": kind,
                        "count": count,
                    }
                )
    return rows


def soil_plans() -> list[dict]:
    totals = {2019: (5, 8), 2020: (6, 7), 2021: (5, 9), 2022: (8, 6), 2023: (7, 6)}
    kinds = ["公路", "光伏电站", "砂石料场", "工业园区", "房地产开发", "输变电工程", "水厂"]
    rows = []
    for year, (book, form) in totals.items():
        n = 0
        for plan_type, count in (("报告书", book), ("报告表", form)):
            for _ in range(count):
                n += 1
                county = str(rng.choice(COUNTIES))
                rows.append(
                    {
                        "plan_id": f"SB{year}-{n:02d}",
                        "project_name": f"{county}{rng.choice(kinds)}项目",
                        "county": county,
                        "plan_type": plan_type,
                        "approval_date": rand_date(year, int(rng.integers(1, 11))),
                    }
                )
    return rows


def enforcement() -> list[dict]:
    plan = {
        2019: {"非法采砂": 4, "河道违建": 2},
        2020: {"非法采砂": 3, "非法取水": 1},
        2021: {"非法采砂": 3, "河道违建": 1, "其他": 1},
        2022: {"非法采砂": 2, "非法取水": 2},
        2023: {"非法采砂": 2, "非法取水": 1, "河道违建": 1},
    }
    rows = []
    for year, kinds in plan.items():
        n = 0
        for kind, count in kinds.items():
            for _ in range(count):
                n += 1
                date = rand_date(year, int(rng.integers(1, 10)))
                rows.append(
                    {
                        "case_id": f"ZF{year}-{n:02d}",
                        "date": date,
                        "county": str(rng.choice(COUNTIES)),
                        "case_type": kind,
                        "closed_date": date + dt.timedelta(days=int(rng.integers(20, 60))),
                    }
                )
    return rows


def hazards() -> list[dict]:
    # 2023: 141 found January–October, 138 rectified, 3 still open at the cut-off
    plan = {2019: 96, 2020: 104, 2021: 117, 2022: 125, 2023: 141}
    things = [
        "溢洪道堵塞",
        "坝坡渗水",
        "启闭设备老化",
        "安全警示标志缺失",
        "防汛物资不足",
        "施工现场临边防护缺失",
        "电气线路老化",
        "放水设施锈蚀",
    ]
    rows = []
    for year, n in plan.items():
        last = 10 if year == 2023 else 12
        for i in range(1, n + 1):
            found = rand_date(year, int(rng.integers(1, last + 1)), 25)
            fixed = found + dt.timedelta(days=int(rng.integers(1, 6)))
            if year == 2023 and i > n - 3:
                found, fixed = rand_date(2023, 10, 25), None
            rows.append(
                {
                    "hazard_id": f"YH{year}-{i:03d}",
                    "county": str(rng.choice(COUNTIES)),
                    "level": "重大" if (year == 2020 and i == 7) else "一般",
                    "description": str(rng.choice(things)),
                    "found_date": found,
                    "rectified_date": fixed,
                }
            )
    return rows


def rural_water() -> tuple[list[dict], list[dict]]:
    works, fees_rows = [], []
    types = ["规模化供水"] * 10 + ["小型集中供水"] * 702 + ["分散供水"] * 378
    per_county = split_int(1090, COUNTY_SIZE)
    county_of = [c for c, k in zip(COUNTIES, per_county) for _ in range(k)]
    order = rng.permutation(1090)
    for i, t in enumerate(types):
        county = county_of[order[i]]
        pop = {
            "规模化供水": int(rng.integers(8000, 30000)),
            "小型集中供水": int(rng.integers(150, 2000)),
            "分散供水": int(rng.integers(10, 120)),
        }[t]
        priced = t != "分散供水"
        works.append(
            {
                "work_id": f"GS{i + 1:04d}",
                "name": f"{county}{t}工程{i + 1:04d}",
                "county": county,
                "work_type": t,
                "population": pop,
                "priced": priced,
                "price": round(float(rng.choice([1.5, 2.0, 2.5, 3.0])), 2) if priced else None,
            }
        )
    # quarterly billing of priced works; 永宁县 collects least
    for w in works:
        if not w["priced"]:
            continue
        per_quarter = w["population"] * 0.09 * 90 * w["price"] * 0.25  # 元
        for year in YEARS:
            for m in (3, 6, 9, 12):
                if (year, m) > LAST:
                    continue
                billed = round(per_quarter * (0.9 + 0.2 * rng.random()), 0)
                base = 0.45 if w["county"] == "永宁县" else 0.68
                rate = min(1.0, base + 0.025 * (year - 2019) + 0.25 * rng.random())
                fees_rows.append(
                    {
                        "work_id": w["work_id"],
                        "year": year,
                        "month": m,
                        "billed": billed,
                        "collected": round(billed * rate, 0),
                    }
                )
    return works, fees_rows


def hydropower() -> tuple[list[dict], list[dict]]:
    stations, checks = [], []
    for i in range(25):
        county = COUNTIES[i % 7]
        stations.append(
            {
                "station_id": f"SD{i + 1:03d}",
                "name": f"{RIVERS[county][i % 3]}{'一二三'[i % 3]}级电站",
                "county": county,
                "capacity_kw": float(int(rng.integers(4, 60)) * 100),
                "eco_flow_required": i < 21,
            }
        )
    for s in stations[:21]:
        for year in YEARS:
            for m in months(year):
                if s["station_id"] == "SD009" and year == 2023 and m in (4, 5):
                    continue  # did not report
                compliant = not (s["station_id"] == "SD014" and year >= 2022 and m == 3)
                if year <= 2020 and rng.random() < 0.04:
                    compliant = False
                checks.append(
                    {
                        "station_id": s["station_id"],
                        "year": year,
                        "month": m,
                        "compliant": compliant,
                    }
                )
    return stations, checks


def water_use_and_economy() -> tuple[list[dict], list[dict]]:
    use, eco = [], []
    for year in YEARS[:-1]:  # assessed after the year ends: 2023 not yet
        k = year - 2019
        for county, size in zip(COUNTIES, COUNTY_SIZE):
            gdp = round(size * 420000 * (1.065**k) * (0.95 + 0.1 * rng.random()), 2)
            iva = round(gdp * (0.22 + 0.04 * rng.random()), 2)
            total = round(size * 3100 * (0.985**k) * (0.97 + 0.06 * rng.random()), 2)
            use.append(
                {
                    "year": year,
                    "county": county,
                    "total_use": total,
                    "cap": round(size * 3400, 2),
                    "industrial_use": round(total * (0.16 - 0.005 * k), 2),
                    "irrigation_efficiency": round(0.512 + 0.006 * k, 3),
                }
            )
            eco.append(
                {
                    "year": year,
                    "county": county,
                    "gdp": gdp,
                    "industrial_value_added": iva,
                    "price_basis": "2020年可比价",
                }
            )
    return use, eco


def plan_targets() -> list[dict]:
    d = dt.date
    rows = [
        # the (synthetic) 2023 plan, tracked at the end of October 2023
        ("JH2023-01", 2023, "SK-02", "青龙水库主体工程完工", d(2023, 6, 30), d(2023, 8, 20)),
        ("JH2023-02", 2023, "SK-03", "白石水库完成下闸蓄水验收", d(2023, 5, 31), d(2023, 9, 12)),
        ("JH2023-03", 2023, "SK-04", "清水河水库大坝封顶", d(2023, 8, 31), d(2023, 8, 25)),
        ("JH2023-04", 2023, "SK-04", "清水河水库主体工程完工", d(2023, 9, 30), None),
        ("JH2023-05", 2023, "GQ-01", "青山灌区实质性开工", d(2023, 6, 30), d(2023, 10, 29)),
        ("JH2023-06", 2023, "WZ-01", "法开署贷款项目可研报告获批", d(2023, 3, 31), d(2023, 4, 18)),
        ("JH2023-07", 2023, "QQ-01", "马鞍山水库可研报告获批", d(2023, 8, 31), None),
        (
            "JH2023-08",
            2023,
            "XLY-01",
            "清水三家村小流域项目完成建设任务",
            d(2023, 9, 30),
            d(2023, 9, 26),
        ),
        (
            "JH2023-09",
            2023,
            None,
            "完成2022年度最严格水资源管理制度考核",
            d(2023, 6, 30),
            d(2023, 6, 16),
        ),
        ("JH2023-10", 2023, "WZ-01", "法开署贷款项目首次提款", d(2023, 12, 31), None),
        # the 2024 plan of the work summary
        ("JH2024-01", 2024, "GQ-01", "青山灌区完成水源工程招标", d(2024, 6, 30), None),
        ("JH2024-02", 2024, "GQ-01", "青山灌区完成界头片渠系工程施工招标", d(2024, 12, 31), None),
        (
            "JH2024-03",
            2024,
            "WZ-01",
            "法开署贷款大盈江流域项目实质性开工建设",
            d(2024, 6, 30),
            None,
        ),
        ("JH2024-04", 2024, "SK-04", "清水河水库完成主体工程建设", d(2024, 12, 31), None),
        ("JH2024-05", 2024, "SK-01", "龙潭水库完成蓄水验收", d(2024, 12, 31), None),
        ("JH2024-06", 2024, "SK-02", "青龙水库完成竣工验收", d(2024, 12, 31), None),
        ("JH2024-07", 2024, "SK-03", "推动白石水库移民搬迁", d(2024, 12, 31), None),
        (
            "JH2024-08",
            2024,
            "QQ-01",
            "马鞍山水库完成初设和专题报告批复并开工建设",
            d(2024, 10, 31),
            None,
        ),
        ("JH2024-09", 2024, "QQ-02", "黑龙潭水库完成可研及专题报告报批", d(2024, 12, 31), None),
        ("JH2024-10", 2024, "QQ-03", "推进杨柳河水库专题报告报批", d(2024, 12, 31), None),
        (
            "JH2024-11",
            2024,
            None,
            "完成所有小型水库水雨情监测及大坝安全监测系统安装",
            d(2024, 12, 31),
            None,
        ),
    ]
    return [
        {
            "target_id": t,
            "year": y,
            "project_id": p,
            "description": desc,
            "due_date": due,
            "achieved_date": done,
        }
        for t, y, p, desc, due, done in rows
    ]


def work_notes() -> list[dict]:
    """The seed summary's own prose (2023, the city bureau): what no ledger figure says."""
    items = [
        (
            "重点项目",
            "亮点",
            "重点项目推进有序",
            "XX灌区严格按照水利基建项目建设程序，组建了项目法人，并进行了法人备案。目前已完成施工监理、"
            "审计服务、XX县城片渠系工程施工、球墨铸铁管管材招标工作，并签订了合同。先期使用林地手续和"
            "XX、县城片渠系工程临时用地手续已办理完成，项目已于2023年10月29日实质性开工。",
        ),
        (
            "重点项目",
            "亮点",
            None,
            "稳步推进XXX、XXX、XXX、XXX 4座续建水库工程建设，目前，XXX、XXX水库主体工程已基本完工，"
            "XXX水库完成下闸蓄水验收，XXX水库大坝实现封顶。",
        ),
        (
            "重点项目",
            "亮点",
            None,
            "清水三家村小流域项目、城郊灌区项目、河道治理等项目按时序完成建设任务。",
        ),
        (
            "前期工作",
            "亮点",
            "前期工作进展顺利",
            "法开署贷款大盈江流域生态保护和修复示范项目资金申请报告已获国家发改委批复，可研报告获省发改委"
            "批复，已完成项目初设招标工作，11月6日完成项目首次提款341，645.61欧元。",
        ),
        (
            "前期工作",
            "亮点",
            None,
            "XXX水库取得可研审查意见，土地预审、社稳、地灾、矿压、防洪、取水许可、资金筹措方案等可研申报"
            "要件已齐备，已于今年5月报XXX市发改委审核待批复。XXX、XXX水库完成可研审查并取得技术审查意见，"
            "正在开展专题报告编报工作。",
        ),
        (
            "资金与投资",
            "措施",
            "资金争取和水利投资两手发力",
            "为促进水利可持续发展，抢抓地方政府债券用于水利项目建设机遇，积极争取项目资金。",
        ),
        (
            "农村供水",
            "亮点",
            "农村供水专项行动项目稳步推进",
            "项目分XX、蒲川两个规模化水厂建设和沿边村供水3个子项目，《可研报告》和实施方案已批复；项目"
            "不涉及征占地的供水管道已开工安装，水厂及泵站已完成用地预审及选址意见书办理，建设用地组件已报至"
            "XXX市自然资源局。",
        ),
        (
            "防汛抗旱",
            "措施",
            "防汛抗旱工作安全有效",
            "严格执行汛期领导带班和24小时值班值守制度，切实做好预警发布、工程巡查、工程调度、信息上报等"
            "各项工作，5月进入汛期以来保障了安全度汛。",
        ),
        (
            "防汛抗旱",
            "措施",
            None,
            "通过强化水库、坝塘运行管理，实施“一库一策”，在确保水库安全的前提下，积极推进蓄水工作，"
            "有效保证了群众生产生活用水。",
        ),
        (
            "河湖长制",
            "措施",
            "河湖长制工作成效明显",
            "修订印发了《XX市河湖长巡查工作细则》，严格执行河长巡查“一月一通报”制度，进一步强化河湖长"
            "履职尽责。",
        ),
        (
            "监督管理",
            "亮点",
            "日常监督管理工作常抓不懈",
            "完成了XX市2022年最严格水资源管理制度考核工作，考核成绩位列XXX市第一。全面开展了水资源管理"
            "取水计量设施专项整治行动，组织审查了腾猴高速公路沿线2个服务区、3个收费站的地下室取水许可审批。",
        ),
        (
            "监督管理",
            "措施",
            None,
            "持续加强水资源费和水土保持费用征收；依法依规开展水土保持方案审批；通过乡镇水务站配合巡查、"
            "“四不两直”、专项巡查等方式，及时发现并制止各种水事违法行为。",
        ),
        (
            "监督管理",
            "措施",
            None,
            "做好水库运行安全工作。严格落实安全管理责任，强化安全检查与安全监测，排查和整治安全隐患，"
            "确保水库安全运行。",
        ),
        (
            "监督管理",
            "措施",
            None,
            "全面加强农村饮水工程水费收缴工作，建立完善了农村供水工程的运行管理制度，督促落实了管理人员"
            "和经费，按月催促水费收缴进度。",
        ),
        (
            "监督管理",
            "措施",
            None,
            "加强小水电站安全监管工作，定期召开小水电站安全监管工作会议，落实小水电站安全生产三个责任人。",
        ),
        (
            "党的建设",
            "措施",
            "党的建设全面加强",
            "坚持以习近平新时代中国特色社会主义思想为指导，聚焦“基层党建提质增效年”重点任务，全面压实党的"
            "建设任务，以学习宣传贯彻党的XX大精神为主线，认真开展学习贯彻习近平新时代中国特色社会主义思想"
            "主题教育，从严从实抓好“躺平式”干部专项整治和全省水利行业不正之风及腐败问题整治工作。严格落实"
            "党组“第一议题”，持续推进理论武装工作。",
        ),
        (
            "党的建设",
            "措施",
            None,
            "以支部规范化建设为标准，全面抓好基层党组织“五个基本”和作用发挥，扎实开展年度党支部“扩先提中"
            "治软”行动，全面落实“我为群众办实事”。",
        ),
        (
            "困难和问题",
            "困难",
            "项目前期工作经费缺乏，建设资金落实困难",
            "除少数重点项目外，水利项目中央、省、市、县各级均无前期工作经费，极大制约项目前期工作进展，"
            "继而导致手续不齐备的项目在专项债、银行贷款等申报上产生影响。加之各级财政对水利投入大幅减少、"
            "地方财政困难以及水利建设项目纯公益性融资困难等因素，建设资金落实极为困难，而已落实的项目资金"
            "受多方影响也未能全部到位，很多项目推进缓慢，甚至处于半停工状态。",
        ),
        (
            "困难和问题",
            "困难",
            "项目建设用地落实困难",
            "由于政策调整，自2016年始，水库项目枢纽区、淹没区均要办理用地手续，因被征地农民保障金、耕地"
            "开垦费及耕地占用税等有关税费无概算经费，加之水库工程项目总占地规模较大，占补平衡难落实，建设"
            "用地指标难以保障，以及因水利工程建设用地政策再次发生变化等原因，导致在建的XXX、XXX、XXX、XXX"
            "水库一直无法完成农用地转用手续的办理，违法用地图斑整改困难。",
        ),
        (
            "困难和问题",
            "困难",
            "农村人饮管护意识淡薄",
            "农村饮水工程大部分属于政府投资建设，只有少部分属于村民自筹建设，长期以来群众吃水不用缴费"
            "（吃白水）的思想认识较为严重，导致工程建后资金投入不足，管理不到位，当工程因建设年限较长管网"
            "老化及受到自然灾害影响供水工程破损、漏水等情况发生时，无资金维修，工程难以长期发挥效益。",
        ),
        (
            "工作计划",
            "计划",
            "继续推进在建项目建设",
            "加强对在建项目的建设管理工作，积极向上争取中央预算内专项资金、中央水利发展资金、特别国债、"
            "地方政府专项债支持，争取省、市、县财政配套资金支持，进一步深化水价和水利投融资改革，同时通过"
            "与省水投合作、寻求金融机构信贷支持等方式多方筹措项目建设资金。XX灌区项目上半年完成水源工程"
            "招标，下半年完成界头片渠系工程施工招标；法开署贷款大盈江流域生态保护和修复示范项目上半年实现"
            "实质性开工建设。年内完成XXX水库主体工程建设，完成XXX水库蓄水验收、XXX水库竣工验收，推动XXX"
            "水库移民搬迁工作；按时序完成XX村小流域项目、城郊灌区项目、河道治理等项目建设任务。",
        ),
        (
            "工作计划",
            "计划",
            "紧抓项目前期工作",
            "进一步细化措施，抓实抓细项目前期工作，节点倒排、压实责任，实施项目前期工作月调度。XXX水库"
            "计划2024年10月完成初设和专题报告批复并开工建设；XXX水库计划完成可研及专题报告报批工作；推进"
            "XXX水库专题报告报批工作。",
        ),
        (
            "工作计划",
            "计划",
            "全力做好饮水安全保障",
            "指导乡镇做好脱贫攻坚饮水保障，对暴露出的饮水问题及时整改。同时，进一步加强农村饮水工程管理，"
            "强化农村人饮水费征收工作制度，保障农村人饮工程长期发挥效益。",
        ),
        (
            "工作计划",
            "计划",
            "稳步推进水库管理",
            "一是持续抓好全市水库安全运行管理；二是推进小型水库除险加固及维修养护工作；三是完成所有小型"
            "水库水雨情监测及大坝安全监测系统安装，确保所有水库数据信息传入省级平台。",
        ),
        (
            "工作计划",
            "计划",
            "全力以赴抓防汛抗旱",
            "严格执行领导带班和24小时值班制度，严禁脱岗情况发生，全面及时掌握反映水、雨、灾、险情等防汛"
            "抗旱信息，确保上下联动、信息畅通、步调一致，一旦发生险情灾情及时处置。",
        ),
        (
            "工作计划",
            "计划",
            "严格落实最严格水资源管理和水土保持“三同时”制度",
            "一是严格“三条红线”管控，着力强化计划用水管理、取水计量管理、地下水管理、饮用水水源地保护等"
            "工作；二是建立完善中小水电站生态流量管理措施，确保各水电站按要求足额泄放生态流量；三是推进"
            "节水型社会建设，巩固好XX市节水型城市创建成果，推进节水评价、节水管理和节水载体建设工作。",
        ),
        (
            "工作计划",
            "计划",
            "奋力推动河湖长制工作再上新台阶",
            "一是认真贯彻落实省、XXX市对河长制工作的决策部署，充分借鉴学习各地先进经验，扎实落实河长制"
            "责任，深入开展市级河长巡河工作，进一步规范乡、村两级河长巡河记录和巡河台账，提高巡河质量；"
            "二是以XX三江流域清四乱、清河行动、打击河道非法采砂等专项行动为抓手，理清问题清单，扎实整改"
            "落实，从源头上杜绝工业排污、畜禽废污等污染现象；三是持续推进绿美河湖、美丽河湖建设；四是持续"
            "落实水环境保护、水生态修复以及河湖长制宣传工作。",
        ),
        (
            "工作计划",
            "计划",
            "持续抓好党的建设",
            "坚持和加强党的全面领导，突出抓好党的政治建设，聚焦主题教育，全面加强政治忠诚教育和党性教育，"
            "严明党的政治纪律和政治规矩，严格执行党章和党内政治生活准则，扎实抓好意识形态工作，着力推动"
            "党建与业务深度融合，在围绕中心、建设队伍、服务群众上下更大功夫。",
        ),
    ]
    rows = []
    order: dict[str, int] = {}
    for i, (section, kind, title, text) in enumerate(items, 1):
        order[section] = order.get(section, 0) + 1
        rows.append(
            {
                "note_id": f"WZ2023-{i:02d}",
                "year": 2023,
                "county": None,
                "section": section,
                "kind": kind,
                "title": title,
                "text": text,
                "order": order[section],
            }
        )
    return rows


# ---- the wider ledgers (a bureau's other figures) ----------------------------------------------
# Drawn from their own generator, so that the ledgers above keep their bytes.

wide = np.random.default_rng(SEED + 12)


def wweights(n: int, spread: float = 0.5) -> np.ndarray:
    return 1.0 + spread * wide.random(n)


def wdate(year: int, month: int, day_max: int = 28) -> dt.date:
    return dt.date(year, month, int(wide.integers(1, day_max + 1)))


#: Share of a project's completed investment paid from the central budget, by category.
CENTRAL_SHARE = {
    "水库": 0.45,
    "灌区": 0.5,
    "小流域": 0.8,
    "河道治理": 0.6,
    "农村供水": 0.4,
    "生态修复": 0.0,
    "除险加固": 0.7,
    "中小河流治理": 0.6,
    "山洪灾害防治": 0.8,
    "水系连通": 0.5,
    "城乡供水一体化": 0.3,
    "水毁修复": 0.5,
    "水土保持": 0.7,
    "灌区续建配套": 0.6,
    "水电增效扩容": 0.3,
    "其他": 0.0,
}

#: 筹资渠道 of each programme of the funding ledger.
CHANNEL_OF = {
    "中央水利发展资金": "一般公共预算",
    "中央农业防灾减灾和水利救灾资金": "一般公共预算",
    "省级水利救灾资金": "一般公共预算",
    "省级水利专项资金": "一般公共预算",
    "小型水库安全运行省级一般债券补助资金": "一般债",
    "市本级水利建设资金": "专项债",
    "县级水利配套资金": "整合资金",
}


class _Works:
    """The rows of the project ledgers as they are written: projects (P), milestones (M),
    monthly investment (G) and work quantities (Q)."""

    def __init__(self) -> None:
        self.P: list[dict] = []
        self.M: list[dict] = []
        self.G: list[dict] = []
        self.Q: list[dict] = []

    def proj(self, pid, name, county, category, total, reservoir=None):
        self.P.append(
            {
                "project_id": pid,
                "name": name,
                "county": county,
                "category": category,
                "total_investment": total,
                "parent_id": None,
                "reservoir_id": reservoir,
            }
        )

    def ms(self, pid, milestone, planned, actual=None):
        self.M.append(
            {
                "project_id": pid,
                "milestone": milestone,
                "planned_date": planned,
                "actual_date": actual,
            }
        )

    def build_months(self, pid, total, start, end, share=0.96):
        """Investment of ``share`` × total spread over the months start..end (inclusive)."""
        periods, (y, m) = [], start
        while (y, m) <= end and (y, m) <= LAST:
            periods.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        for (y, m), amount in zip(periods, split_cents(total * share, wweights(len(periods)))):
            self.G.append({"project_id": pid, "year": y, "month": m, "investment": amount})
        return periods

    def quantity(self, pid, periods, kind, amount, unit=None):
        """``amount`` of ``kind`` recorded in the last months of the works."""
        last = periods[-2:] if len(periods) > 1 else periods
        parts = (
            split_cents(amount, np.ones(len(last)))
            if not float(amount).is_integer()
            else split_int(int(amount), np.ones(len(last)))
        )
        for (y, m), part in zip(last, parts):
            if part:
                self.Q.append(
                    {
                        "project_id": pid,
                        "year": y,
                        "month": m,
                        "kind": kind,
                        "quantity": part,
                        "unit": unit,
                    }
                )


def more_projects(R: list[dict]) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """Projects of the other categories: 除险加固 of small reservoirs every year, river works,
    flash-flood prevention, water-system connection, urban-rural supply, repairs of flood
    damage, soil conservation, irrigation renovation, and three in the project library (储备);
    with milestones (procedural ones too), monthly progress and work quantities."""
    w = _Works()
    _reinforcements(w, R)
    _river_and_other_works(w)
    _soil_conservation(w)
    _library(w)
    return w.P, w.M, w.G, w.Q


def _reinforcements(w: _Works, R: list[dict]) -> None:
    """病险水库除险加固: small reservoirs, a few every year."""
    proj, ms, build_months, quantity = w.proj, w.ms, w.build_months, w.quantity
    d = dt.date
    small = [r for r in R if r["scale"] in ("小(1)型", "小(2)型")]
    order = wide.permutation(len(small))
    k = 0
    for year, n in ((2019, 3), (2020, 4), (2021, 4), (2022, 5), (2023, 5)):
        for j in range(n):
            r = small[order[k]]
            k += 1
            pid = f"CX{year}-{j + 1:02d}"
            big = r["scale"] == "小(1)型"
            total = round(
                float((600 + 900 * wide.random()) if big else (150 + 300 * wide.random())), 2
            )
            proj(pid, f"{r['name']}除险加固工程", r["county"], "除险加固", total, r["reservoir_id"])
            start = (year, int(wide.integers(2, 5)))
            done_month = int(wide.integers(8, 12))
            ms(pid, "初设批复", d(year - 1, 11, 30), d(year - 1, 11, int(wide.integers(5, 29))))
            ms(
                pid,
                "招标",
                d(year, start[1] - 1, 28),
                d(year, start[1] - 1, int(wide.integers(5, 26))),
            )
            ms(pid, "合同签订", d(year, start[1], 10), d(year, start[1], int(wide.integers(1, 10))))
            ms(pid, "开工", d(year, start[1], 28), d(year, start[1], int(wide.integers(10, 28))))
            late = year == 2023 and j >= 3  # two of 2023 still building at the cut-off
            finished = None if late else d(year, done_month, int(wide.integers(1, 28)))
            ms(pid, "主体完工", d(year, done_month if not late else 11, 30), finished)
            ms(
                pid,
                "竣工验收",
                d(year + 1, 6, 30),
                d(year + 1, int(wide.integers(4, 7)), 15)
                if year + 1 < 2023 or (year + 1 == 2023 and j != 0)
                else None,
            )
            periods = build_months(pid, total, start, (year, done_month if not late else 12))
            quantity(pid, periods, "土石方", round(float(0.4 + 2.5 * wide.random()), 2))


def _river_and_other_works(w: _Works) -> None:
    """River works of middle and small rivers, and other programmes."""
    proj, ms, build_months, quantity = w.proj, w.ms, w.build_months, w.quantity
    d = dt.date
    others = [
        # (pid, name, county, category, total, start, end, quantities)
        (
            "ZX-01",
            "三岔河中小河流治理工程",
            "河西县",
            "中小河流治理",
            2860.0,
            (2020, 3),
            (2020, 12),
            [("河道治理长度", 9.6), ("堤防长度", 6.2), ("土石方", 14.8), ("水闸", 2)],
        ),
        (
            "ZX-02",
            "龙川河中小河流治理工程",
            "河东县",
            "中小河流治理",
            3120.0,
            (2021, 3),
            (2021, 11),
            [("河道治理长度", 11.3), ("堤防长度", 7.5), ("土石方", 16.2), ("泵站", 1)],
        ),
        (
            "ZX-03",
            "沙坝河中小河流治理工程",
            "白沙县",
            "中小河流治理",
            2450.0,
            (2022, 4),
            (2022, 12),
            [("河道治理长度", 8.4), ("堤防长度", 5.1), ("土石方", 10.6)],
        ),
        (
            "ZX-04",
            "清水河中小河流治理工程",
            "清溪县",
            "中小河流治理",
            3380.0,
            (2023, 3),
            (2024, 5),
            [("河道治理长度", 6.8), ("堤防长度", 4.2), ("土石方", 9.5), ("水闸", 1)],
        ),
        (
            "SH-01",
            "龙泉县山洪灾害防治项目",
            "龙泉县",
            "山洪灾害防治",
            420.0,
            (2021, 4),
            (2021, 9),
            [("受益人口", 18600), ("受益村", 14)],
        ),
        (
            "SH-02",
            "永宁县山洪灾害防治项目",
            "永宁县",
            "山洪灾害防治",
            465.0,
            (2023, 3),
            (2023, 8),
            [("受益人口", 21400), ("受益村", 17), ("受益学校", 5)],
        ),
        (
            "SX-01",
            "青山区水系连通及水美乡村建设项目",
            "青山区",
            "水系连通",
            4860.0,
            (2022, 3),
            (2023, 6),
            [("河道治理长度", 12.5), ("受益人口", 36500), ("受益村", 22)],
        ),
        (
            "GS-01",
            "青山区城乡供水一体化工程",
            "青山区",
            "城乡供水一体化",
            6200.0,
            (2021, 3),
            (2022, 9),
            [("管道长度", 35.0), ("受益人口", 42000), ("受益村", 28), ("受益学校", 6)],
        ),
        (
            "SH-03",
            "2020年水毁水利设施修复工程",
            "河西县",
            "水毁修复",
            186.0,
            (2020, 9),
            (2020, 12),
            [("堤防长度", 1.8)],
        ),
        (
            "SH-04",
            "2023年水毁水利设施修复工程",
            "白沙县",
            "水毁修复",
            238.0,
            (2023, 8),
            (2023, 10),
            [("堤防长度", 2.1), ("渠道长度", 3.4)],
        ),
        (
            "GQ-03",
            "永宁灌区续建配套与现代化改造项目",
            "永宁县",
            "灌区续建配套",
            5280.0,
            (2022, 3),
            (2023, 9),
            [
                ("渠道长度", 18.6),
                ("改善灌溉面积", 21500),
                ("新增灌溉面积", 3800),
                ("恢复灌溉面积", 2600),
                ("高标准农田", 8000),
            ],
        ),
        (
            "KH-01",
            "2023年抗旱应急水源工程",
            "龙泉县",
            "其他",
            356.0,
            (2023, 3),
            (2023, 6),
            [("机电井", 12), ("受益人口", 6800)],
        ),
        (
            "ZN-01",
            "南底河电站增效扩容改造",
            "永宁县",
            "水电增效扩容",
            780.0,
            (2020, 3),
            (2020, 10),
            [],
        ),
    ]
    for pid, name, county, category, total, start, end, kinds in others:
        proj(pid, name, county, category, total)
        ms(pid, "初设批复", d(start[0] - 1, 12, 31), d(start[0] - 1, 12, int(wide.integers(1, 28))))
        ms(pid, "招标", d(*start, 5), d(*start, int(wide.integers(1, 6))))
        ms(pid, "开工", d(*start, 28), d(*start, int(wide.integers(10, 28))))
        finished = d(*end, int(wide.integers(1, 28))) if end <= LAST else None
        ms(pid, "主体完工", d(*end, 28), finished)
        if end[0] < 2023:
            ms(pid, "竣工验收", d(end[0] + 1, 6, 30), d(end[0] + 1, int(wide.integers(3, 7)), 20))
        periods = build_months(pid, total, start, end)
        for kind, amount in kinds:
            quantity(pid, periods, kind, amount, "公里" if kind == "河道治理长度" else None)


def _soil_conservation(w: _Works) -> None:
    """Soil conservation: two counties a year."""
    proj, ms, build_months, quantity = w.proj, w.ms, w.build_months, w.quantity
    d = dt.date
    for year in YEARS:
        for j, county in enumerate(COUNTIES[(year - 2019) % 7 :][:2] or COUNTIES[:2]):
            pid = f"SB{year}-{j + 1}"
            total = round(float(400 + 500 * wide.random()), 2)
            proj(pid, f"{county}{year}年水土保持综合治理项目", county, "水土保持", total)
            ms(pid, "开工", d(year, 4, 30), d(year, 4, int(wide.integers(5, 28))))
            end = (year, 10) if year == 2023 else (year, 11)
            ms(pid, "主体完工", d(*end, 30), d(*end, int(wide.integers(5, 28))))
            periods = build_months(pid, total, (year, 4), end)
            quantity(pid, periods, "水土流失治理面积", round(float(8 + 12 * wide.random()), 2))


def _library(w: _Works) -> None:
    """Earlier and 2023's works of the demo's own projects; the project library (储备):
    nothing done yet."""
    proj, ms, quantity = w.proj, w.ms, w.quantity
    d = dt.date
    # earlier and 2023's works of the demo's own projects
    for pid, kinds in (
        ("HD-01", [("河道治理长度", 6.4), ("堤防长度", 4.8)]),
        ("HD-02", [("河道治理长度", 5.2), ("堤防长度", 3.6)]),
        ("XLY-01", [("水土流失治理面积", 12.5)]),
        ("GQ-02", [("渠道长度", 8.6), ("改善灌溉面积", 12000)]),
    ):
        periods = [(2023, 8), (2023, 9)]
        for kind, amount in kinds:
            quantity(pid, periods, kind, amount)
    # the project library (储备): nothing done yet
    for pid, name, county, category, total in (
        ("CB-01", "清溪县水系连通及水美乡村建设项目", "清溪县", "水系连通", 5600.0),
        ("CB-02", "黑水河中小河流治理工程", "河西县", "中小河流治理", 2980.0),
        ("CB-03", "永宁灌区节水配套改造二期工程", "永宁县", "灌区续建配套", 7450.0),
    ):
        proj(pid, name, county, category, total)
        ms(pid, "可研批复", d(2024, 9, 30))


def procedural_milestones() -> list[dict]:
    """Steps of the procedure of the demo's own projects (招标, 合同签订, 用地批复, 报审…)."""
    d = dt.date
    return [
        {"project_id": p, "milestone": m, "planned_date": planned, "actual_date": actual}
        for p, m, planned, actual in (
            ("GQ-01", "招标", d(2023, 7, 31), d(2023, 8, 15)),
            ("GQ-01", "合同签订", d(2023, 8, 31), d(2023, 9, 20)),
            ("GQ-01", "用地批复", d(2023, 9, 30), d(2023, 10, 10)),
            ("QQ-01", "报审", d(2023, 5, 31), d(2023, 5, 20)),
            ("WZ-01", "招标", d(2023, 9, 30), d(2023, 9, 26)),
            ("SK-03", "移民搬迁", d(2024, 12, 31), None),
            ("SK-01", "征地", d(2022, 12, 31), d(2023, 3, 16)),
        )
    ]


def project_plans(P: list[dict], G: list[dict]) -> list[dict]:
    """A plan for each project and year with investment: close to what was done (a full
    year; 2023's completion is through October)."""
    category = {p["project_id"]: p["category"] for p in P}
    done: dict[tuple[str, int], float] = {}
    for g in G:
        done[(g["project_id"], g["year"])] = (
            done.get((g["project_id"], g["year"]), 0.0) + g["investment"]
        )
    rows = []
    for (pid, year), amount in sorted(done.items()):
        full = amount * (12 / 10 if year == LAST[0] else 1.0)
        planned = round(full * float(0.92 + 0.3 * wide.random()), 2)
        share = CENTRAL_SHARE.get(category[pid], 0.0)
        rows.append(
            {
                "project_id": pid,
                "year": year,
                "planned": planned,
                "planned_central": round(planned * share, 2) if share else None,
            }
        )
    return rows


def central_parts(P: list[dict], G: list[dict]) -> None:
    """The central-budget part of each month's completed investment (its category's share)."""
    category = {p["project_id"]: p["category"] for p in P}
    for g in G:
        share = CENTRAL_SHARE.get(category[g["project_id"]], 0.0)
        g["central"] = round(g["investment"] * share, 2)


def construction_investment() -> list[dict]:
    """全口径水利建设投资: larger than the fixed-asset investment (other departments' and
    enterprises' works too), by county, month and source."""
    jan_oct = {2019: 98650.0, 2020: 112480.0, 2021: 125730.0, 2022: 129020.0, 2023: 152340.0}
    sources = ["中央", "地方", "债券", "贷款", "社会资本", "其他"]
    share = np.array([0.22, 0.30, 0.28, 0.12, 0.06, 0.02])
    purposes = ["防洪工程", "水资源工程", "水土保持及生态工程", "其他工程"]
    investors = ["水利部门", "其他部门", "企业"]
    rows = []
    for year in YEARS:
        by_month = dict(
            zip(range(1, 11), split_cents(jan_oct[year], SEASONAL[:10] * wweights(10, 0.2)))
        )
        if year < LAST[0]:
            for m in (11, 12):
                by_month[m] = round(float(by_month[10] * SEASONAL[m - 1] / SEASONAL[9]), 2)
        for month, amount in by_month.items():
            for county, part in zip(COUNTIES, split_cents(amount, COUNTY_SIZE * wweights(7, 0.3))):
                picked = sorted(wide.choice(6, size=3, replace=False, p=share))
                for source, piece in zip(picked, split_cents(part, share[picked] * wweights(3))):
                    rows.append(
                        {
                            "year": year,
                            "month": month,
                            "county": county,
                            "source": sources[source],
                            "purpose": str(wide.choice(purposes, p=[0.35, 0.4, 0.15, 0.1])),
                            "investor": str(wide.choice(investors, p=[0.7, 0.2, 0.1])),
                            "amount": piece,
                        }
                    )
    return rows


def flood_events() -> list[dict]:
    """Floods and flash floods in the rainy season, a spring drought, dangers at works."""
    rows = []
    plan = {2019: (3, 1, 4), 2020: (5, 0, 6), 2021: (4, 0, 5), 2022: (2, 1, 3), 2023: (3, 1, 4)}
    for year, (floods, droughts, dangers) in plan.items():
        n = 0
        last = 10 if year == LAST[0] else 12
        for kind, count, months_of in (
            ("洪涝", floods, (6, 7, 8)),
            ("山洪", 1, (7, 8)),
            ("干旱", droughts, (3, 4, 5)),
            ("工程险情", dangers, (6, 7, 8, 9)),
        ):
            for _ in range(count):
                n += 1
                month = int(wide.choice(months_of))
                if month > last:
                    continue
                people = int(wide.integers(800, 9000))
                event = {
                    "event_id": f"ZH{year}-{n:02d}",
                    "date": wdate(year, month),
                    "county": str(wide.choice(COUNTIES)),
                    "kind": kind,
                    "grade": "一般",
                    "affected_population": people,
                    "evacuated": int(people * wide.uniform(0.02, 0.08)),
                    "dead_missing": 0,
                    "direct_loss": round(float(people * wide.uniform(0.05, 0.2)), 2),
                    "facility_loss": None,
                    "description": None,
                }
                event["facility_loss"] = round(
                    event["direct_loss"] * float(wide.uniform(0.2, 0.5)), 2
                )
                if kind == "干旱":
                    event.update(
                        evacuated=0,
                        facility_loss=0.0,
                        description="春旱，部分小型水库和坝塘蓄水不足",
                    )
                if kind == "工程险情":
                    event.update(
                        affected_population=None,
                        evacuated=int(wide.integers(0, 60)),
                        direct_loss=round(float(wide.uniform(5, 60)), 2),
                        description=str(
                            wide.choice(["坝坡渗水", "溢洪道冲刷", "堤防管涌", "渠道垮塌"])
                        ),
                    )
                    event["facility_loss"] = event["direct_loss"]
                rows.append(event)
    # trouble: a major danger at a reservoir in July 2020, and one person missing
    rows.append(
        {
            "event_id": "ZH2020-90",
            "date": dt.date(2020, 7, 21),
            "county": "河西县",
            "kind": "工程险情",
            "grade": "较大",
            "affected_population": None,
            "evacuated": 420,
            "dead_missing": 0,
            "direct_loss": 265.0,
            "facility_loss": 265.0,
            "description": "水库坝体背水坡散浸",
        }
    )
    rows.append(
        {
            "event_id": "ZH2020-91",
            "date": dt.date(2020, 8, 3),
            "county": "龙泉县",
            "kind": "山洪",
            "grade": "较大",
            "affected_population": 12600,
            "evacuated": 1350,
            "dead_missing": 1,
            "direct_loss": 3160.5,
            "facility_loss": 980.0,
            "description": "强降雨引发山洪",
        }
    )
    return rows


def flood_preparedness() -> list[dict]:
    """Rescue teams before the rainy season, drills, inspections; wells and pumps in drought."""
    rows = []

    def add(year, county, kind, count, people=None, month=4):
        n = sum(r["date"].year == year for r in rows) + 1
        rows.append(
            {
                "record_id": f"FX{year}-{n:03d}",
                "date": wdate(year, month),
                "county": county,
                "kind": kind,
                "count": count,
                "people": people,
            }
        )

    for year in YEARS:
        for county, size in zip(COUNTIES, COUNTY_SIZE):
            teams = int(round(3 + 3 * size * wide.random()))
            add(year, county, "抢险队伍", teams, teams * int(wide.integers(25, 45)))
            add(year, county, "应急演练", int(wide.integers(1, 3)), int(wide.integers(60, 220)), 5)
            add(year, county, "防汛检查", int(wide.integers(4, 12)), None, 5)
            if year in (2019, 2023):  # spring droughts
                add(year, county, "抗旱水泵", int(wide.integers(6, 30)), None, 3)
                add(year, county, "抗旱机电井", int(wide.integers(0, 4)), None, 4)
        add(year, None, "抢险队伍", 1, 80)  # the city bureau's own team and drill
        add(year, None, "应急演练", 1, 150, 5)
    return rows


def assessments() -> list[dict]:
    """Results of the higher authorities' assessments, announced the next year; the 2022
    最严格水资源管理制度考核 ranks the city first (the seed)."""
    rows = []
    n = 0

    def add(year, county, name, grade, rank, among, month):
        nonlocal n
        n += 1
        rows.append(
            {
                "record_id": f"KH{n:03d}",
                "assessed_year": year,
                "announced_date": dt.date(year + 1, month, 20),
                "county": county,
                "assessment": name,
                "grade": grade,
                "rank": rank,
                "rank_among": among,
                "note": None,
            }
        )

    for year, rank in zip(range(2018, 2023), (2, 1, 3, 2, 1)):
        add(year, None, "最严格水资源管理制度考核", "优秀", rank, "XXX市", 5)
        add(year, None, "河湖长制考核", "优秀" if year >= 2020 else "良好", None, None, 4)
        add(year, None, "水利发展改革考核", "A" if year != 2019 else "B", None, None, 6)
        ranks = wide.permutation(len(COUNTIES)) + 1
        for county, r in zip(COUNTIES, ranks):
            grade = "优秀" if r <= 2 else "良好" if r <= 5 else "合格"
            add(year, county, "河湖长制考核", grade, int(r), "全市", 3)
    return rows


def county_statistics(works: list[dict]) -> list[dict]:
    """Rural population, so that tap-water coverage is 90–97 % in 2023 and rises over the
    years (the roster is today's); effective irrigation area growing slowly."""
    served = {c: 0 for c in COUNTIES}
    for w in works:
        if w["work_type"] != "分散供水":
            served[w["county"]] += w["population"]
    rows = []
    coverage = {c: float(wide.uniform(0.90, 0.97)) for c in COUNTIES}
    area = {c: float(size * wide.uniform(150000, 190000)) for c, size in zip(COUNTIES, COUNTY_SIZE)}
    for year in YEARS:
        for county in COUNTIES:
            people = served[county] / coverage[county] * 1.012 ** (LAST[0] - year)
            rows.append(
                {
                    "year": year,
                    "county": county,
                    "rural_population": int(round(people)),
                    "effective_irrigation_area": round(area[county] * 1.006 ** (year - LAST[0]), 0),
                }
            )
    return rows


# ---- writing -------------------------------------------------------------------------------


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text if text not in ("-0", "") else "0"
    return str(value)


def write_ledger(out: Path, name: str, rows: list[dict]) -> None:
    ledger = LEDGERS[name]
    with open(out / f"{name}.csv", "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([c.header for c in ledger.columns])
        for row in rows:
            writer.writerow([_cell(row.get(c.name)) for c in ledger.columns])


def build() -> dict[str, list[dict]]:
    P, M, G, L = projects()
    chiefs = river_chiefs()
    R, S = reservoirs()
    works, wfees = rural_water()
    stations, flows = hydropower()
    use, eco = water_use_and_economy()
    tables = {
        "counties": counties(),
        "projects": P,
        "milestones": M,
        "project_progress": G,
        "loan_drawdowns": L,
        "funding": funding(),
        "fixed_asset_investment": fixed_asset_investment(),
        "reservoirs": R,
        "storage": S,
        "warnings": warnings_ledger(),
        "river_chiefs": chiefs,
        "patrols": patrols(chiefs),
        "river_issues": river_issues(chiefs),
        "activities": activities(),
        "fees": fees(),
        "inspections": inspections(),
        "soil_plans": soil_plans(),
        "enforcement": enforcement(),
        "hazards": hazards(),
        "rural_water_works": works,
        "rural_water_fees": wfees,
        "hydropower": stations,
        "eco_flow": flows,
        "water_use": use,
        "economy": eco,
        "plan_targets": plan_targets(),
        "work_notes": work_notes(),
    }
    # the wider ledgers, from their own random generator
    P2, M2, G2, Q = more_projects(R)
    P += P2
    M += procedural_milestones() + M2
    G += G2
    central_parts(P, G)
    for row in tables["funding"]:
        row["channel"] = CHANNEL_OF[row["programme"]]
    tables.update(
        {
            "project_plans": project_plans(P, G),
            "construction_investment": construction_investment(),
            "flood_events": flood_events(),
            "flood_preparedness": flood_preparedness(),
            "county_statistics": county_statistics(works),
            "work_quantities": Q,
            "assessments": assessments(),
        }
    )
    return {name: tables[name] for name in LEDGERS}


def _county_name(i: int) -> tuple[str, str]:
    """The i-th county of a province: the demo's seven first, then numbered copies."""
    base = COUNTIES[i % len(COUNTIES)]
    if i < len(COUNTIES):
        return base, CODES[i]
    return f"{base[:-1]}{i // len(COUNTIES) + 1:02d}{base[-1]}", f"98{i:04d}"


def province(tables: dict[str, list[dict]], n: int) -> dict[str, list[dict]]:
    """The ledgers of ``n`` counties made from the demo's (see the module docstring)."""
    names = [_county_name(i) for i in range(n)]
    copies: dict[str, list[tuple[int, str]]] = {}  # demo county -> [(copy number, new name)]
    for i, (name, _code) in enumerate(names):
        copies.setdefault(COUNTIES[i % len(COUNTIES)], []).append((i // len(COUNTIES), name))
    ids = {name: [c.name for c in LEDGERS[name].columns if c.unique] for name in tables}
    county_of: dict[tuple[str, str], str | None] = {}  # (ledger, id) -> demo county
    out: dict[str, list[dict]] = {
        "counties": [{"county": c, "code": code, "city": CITY} for c, code in names]
    }

    def suffix(value: object, k: int) -> object:
        return value if k == 0 or value is None else f"{value}-{k}"

    order = ["reservoirs", "projects", "river_chiefs", "rural_water_works", "hydropower"]
    for name in order + [t for t in tables if t not in order and t != "counties"]:
        ledger = LEDGERS[name]
        refs = {c.name: c.ref.split(".")[0] for c in ledger.columns if c.ref}
        parent = _COUNTY_FROM.get(name)
        rows = []
        for row in tables[name]:
            county = row.get("county")
            if parent is not None:
                county = county_of.get((parent[0], row[parent[1]]))
            for key in ids[name]:
                county_of[(name, row[key])] = county
            if county is not None and county not in copies:
                continue  # a demo county beyond the first n
            for k, new_name in copies[county] if county else [(0, None)]:
                copy = dict(row)
                if county is not None and "county" in copy:
                    copy["county"] = new_name
                for key in ids[name]:
                    copy[key] = suffix(row[key], k)
                for column, target in refs.items():
                    if (
                        target != "counties"
                        and county_of.get((target, row.get(column))) is not None
                    ):
                        copy[column] = suffix(row[column], k)
                rows.append(copy)
        out[name] = rows
    return out


def county_bureau(tables: dict[str, list[dict]], county: str) -> dict[str, list[dict]]:
    """The ledgers a county bureau keeps: ``county``'s rows of the demo (see the module
    docstring), and its own 文字材料 in place of the city bureau's."""
    if county not in COUNTIES:
        raise SystemExit(f"未知的县区「{county}」；可选：" + "、".join(COUNTIES))
    kept: dict[str, set] = {}  # ledger -> ids of the county's rows
    out: dict[str, list[dict]] = {}
    order = ["reservoirs", "projects", "river_chiefs", "rural_water_works", "hydropower"]
    for name in order + [t for t in tables if t not in order]:
        parent = _COUNTY_FROM.get(name)
        if parent is not None:
            rows = [r for r in tables[name] if r[parent[1]] in kept[parent[0]]]
        else:
            rows = [r for r in tables[name] if r.get("county") == county]
        keys = [c.name for c in LEDGERS[name].columns if c.unique]
        if keys:
            kept[name] = {r[keys[0]] for r in rows}
        out[name] = rows
    # the city's chiefs on the county's rivers are, in the county's own roster, its 县级 chiefs
    out["river_chiefs"] = [
        {**r, "level": "县级" if r["level"] == "市级" else r["level"]} for r in out["river_chiefs"]
    ]
    # its own party activities, 所属县区 left blank as an office does for its own rows (the
    # bureau's own: counted for its county), here the demo city bureau's
    out["activities"] += [r for r in tables["activities"] if r.get("county") is None]
    out["work_notes"] = county_notes(county)
    return {name: out[name] for name in LEDGERS}


def county_notes(county: str) -> list[dict]:
    """A county bureau's own prose for 2023 (synthetic): what its ledgers cannot say."""
    items = [
        (
            "重点项目",
            "亮点",
            None,
            f"{county}城乡供水一体化项目完成管网主体工程，县城片区实现24小时供水。",
        ),
        (
            "河湖长制",
            "措施",
            None,
            f"{county}县级河长带头巡河，乡、村两级河长巡河记录全部规范归档。",
        ),
        ("困难和问题", "困难", "项目前期经费不足", f"{county}财力有限，水库前期工作经费缺口较大。"),
        (
            "工作计划",
            "计划",
            "加快在建项目建设",
            f"{county}将全力推进在建水利项目，确保年底完成投资任务。",
        ),
    ]
    # half with 所属县区 left blank: a county bureau's own material either way
    return [
        {
            "note_id": f"WZ2023-X{i:02d}",
            "year": 2023,
            "county": county if i % 2 else None,
            "section": section,
            "kind": kind,
            "title": title,
            "text": text,
            "order": 1,
        }
        for i, (section, kind, title, text) in enumerate(items, 1)
    ]


def _county_count(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1 or "_" in text:
        raise argparse.ArgumentTypeError(f"县区个数须为正整数，收到 {text!r}")
    return n


def _count(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0 or "_" in text:
        raise argparse.ArgumentTypeError(f"个数须为非负整数，收到 {text!r}")
    return n


def main(argv: list[str]) -> int:
    default = ROOT / "data" / "sample"
    ap = argparse.ArgumentParser(
        prog="make_demo_data.py",
        description="写出合成的示例台账（data/sample），或用 --counties N 写出 N 个县区的合成省份（供基准测试）。",
    )
    ap.add_argument(
        "out",
        nargs="?",
        type=Path,
        default=None,
        metavar="OUT_DIR",
        help=f"输出文件夹（默认：{default}，仅限 7 个县区的示例本身）",
    )
    ap.add_argument(
        "--counties",
        type=_county_count,
        default=len(COUNTIES),
        metavar="N",
        help=f"县区个数（默认 {len(COUNTIES)}，即示例本身）",
    )
    ap.add_argument(
        "--county",
        default=None,
        metavar="NAME",
        help="只写出一个县级水务局自己的台账（如 龙泉县）：县级水务局示例",
    )
    ap.add_argument(
        "--demo-monitoring",
        type=Path,
        default=None,
        metavar="DIR",
        help="写出示例城市的水雨情监测数据文件夹（6 个测站，2023 年 6－9 月逐时，约 300 KB；"
        "make reports 用它生成汛期降雨、超汛限和到报率）",
    )
    monitoring = ap.add_argument_group("水雨情监测数据（--monitoring）")
    monitoring.add_argument(
        "--monitoring",
        type=Path,
        default=None,
        metavar="DIR",
        help="写出合成省份的水雨情监测数据文件夹（国家标准 SL 323 表，每表每月一个 CSV 文件）",
    )
    monitoring.add_argument(
        "--stations", type=_count, default=2000, metavar="N", help="雨量站个数（默认 2000）"
    )
    monitoring.add_argument(
        "--reservoirs", type=_count, default=1000, metavar="M", help="水库站个数（默认 1000）"
    )
    monitoring.add_argument(
        "--step", choices=list(STEPS), default="1h", help="雨量站报讯间隔（默认 1h）"
    )
    monitoring.add_argument(
        "--reservoir-step",
        choices=list(STEPS),
        default="15min",
        help="水库站报讯间隔（默认 15min）",
    )
    monitoring.add_argument(
        "--years", type=int, nargs="+", default=[2023], metavar="YEAR", help="年份（默认 2023）"
    )
    args = ap.parse_args(argv)
    if args.demo_monitoring is not None:
        if args.demo_monitoring.exists() and not args.demo_monitoring.is_dir():
            ap.error(f"{args.demo_monitoring} 是一个文件，不是文件夹")
        written = write_demo_monitoring(args.demo_monitoring)
        print(f"已写出示例水雨情监测数据：{args.demo_monitoring}（{len(written)} 个文件）")
        if args.out is None and args.monitoring is None:
            return 0
    if args.monitoring is not None:
        if args.monitoring.exists() and not args.monitoring.is_dir():
            ap.error(f"{args.monitoring} 是一个文件，不是文件夹")
        written = write_province_monitoring(
            args.monitoring,
            gauges=args.stations,
            reservoirs=args.reservoirs,
            counties=[_county_name(i) for i in range(args.counties)],
            rain_step=args.step,
            reservoir_step=args.reservoir_step,
            years=args.years,
            progress=lambda name: print(name, file=sys.stderr),
        )
        print(
            f"已写出水雨情监测数据：{args.monitoring}（降水量 {written['ST_PPTN_R']:,} 条，"
            f"水库水情 {written['ST_RSVR_R']:,} 条）"
        )
        if args.out is None:
            return 0
    if args.out is None and (args.counties != len(COUNTIES) or args.county):
        what = f"{args.county}的台账" if args.county else f"{args.counties} 个县区的合成数据"
        ap.error(
            f"写出{what}时须指定输出文件夹 OUT_DIR："
            f"默认的 {default} 是各命令默认使用的示例台账，不能被覆盖"
        )
    out = args.out or default
    if out.exists() and not out.is_dir():
        ap.error(f"{out} 是一个文件，不是文件夹")
    out.mkdir(parents=True, exist_ok=True)
    tables = build()
    if args.counties != len(COUNTIES):
        tables = province(tables, args.counties)
    if args.county:
        tables = county_bureau(tables, args.county)
    for name, rows in tables.items():
        write_ledger(out, name, rows)
    readme = COUNTY_README.format(county=args.county) if args.county else README
    (out / "README.md").write_text(readme + data_dictionary(explanations()), encoding="utf-8")
    return 0


README = """# 示例台账（demo ledgers）

**这些数据是合成的（synthetic）**，由 `scripts/make_demo_data.py` 以固定随机种子生成，再次运行
逐字节相同（`make demo-data`）。虚构的“XX市”辖 7 个县（区），时间从 2019 年 1 月到 2023 年 10 月
（工作总结撰写之时）。

唯一的例外是 2023 年 1－10 月全市的下列数字，与真实工作总结（`shared/seed`）一致：争取项目资金
3209 万元（中央 1650.2、省级 436、市本级 1122.8）、水利管理业固定资产投资 11.97 亿元（同比增
27.65%）、农村供水专项（总投资 12046 万元，累计完成 3900 万元，其中 2023 年 2100 万元，管道 14km）、
冬春蓄水 6636 万m³（任务 6415.36 万m³）、预警转发 153 次、河湖长 425 名、巡查 2 万余次、问题 83 件
全部销号、计量设施整改 85 个、地下水井排查 74 口、水资源费 6219.38 万元、水土保持补偿费 145.1 万元、
水土保持方案 13 个（报告书 7、报告表 6）、非法采砂 2 起、一般隐患整治 138 处、农村供水工程 1090 件。
各县（区）数字之和等于全市。

为让报告有内容可看，示例数据中也有一些真实工作中常见的问题：里程碑延误（清水河水库主体完工、
马鞍山水库可研批复逾期未完成）、白沙县 2023 年冬春蓄水未完成任务、2022 年 10 月底仍未销号的河湖
问题、永宁县农村水费收缴率偏低、个别电站未报送生态流量。

其他地方水务局常报的内容也有示例（同样是合成的）：项目年度投资计划（含中央投资计划）、资金的筹资渠道、
全口径水利建设投资（与水利管理业固定资产投资口径不同，不可相加）、更多项目类别（病险水库除险加固、
中小河流治理、山洪灾害防治、水系连通、城乡供水一体化、水毁修复、水土保持、灌区续建配套）及招标、
合同签订、用地批复、报审、征地、移民搬迁等程序节点、储备项目、工程量与效益（河道、堤防、渠道长度，
土石方，水闸、泵站、机电井，灌溉面积，水土流失治理面积，受益人口、村、学校）、水旱灾害与工程险情及其
损失、防汛抗旱准备（抢险队伍、演练、检查、抗旱机电井和水泵）、上级考核结果（2022 年度最严格水资源
管理制度考核位列第一，与工作总结一致）、各县（区）农村人口和有效灌溉面积。没有《指标定义》：本地指标
的写法见模板的填表说明。

《文字材料》（`work_notes.csv`）是工作总结中台账算不出的文字：2023 年市局材料取自真实工作总结的原文
（工作亮点、措施、存在困难和问题、2024 年工作计划），报告按章节原样写入。

文件为 UTF-8（带 BOM）的 CSV，Excel 可直接打开；也可改用 GBK 编码的 CSV 或一个 Excel 工作簿
（每个台账一个工作表，工作表名用下表的中文台账名），见 `data/templates/`。

## 数据字典

"""

COUNTY_README = """# 县级水务局示例台账（{county}）

**合成数据**：由 `scripts/make_demo_data.py OUT_DIR --county {county}` 从示例台账（data/sample）
中取出{county}自己的各行写成，像一个县级水务局自己填的台账：《行政区划》只有{county}一行，
所以本局是{county}水务局（县级），报告的标题、索引和文字都以{county}的名义（全县、县级河湖长），
没有全市报告。《文字材料》是{county}自己的材料。

## 数据字典

"""


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
