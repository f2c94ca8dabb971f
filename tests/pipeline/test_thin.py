"""Thin years and counties are not planned by default; named, they are built and said to be."""

from __future__ import annotations

import json

from wbanalysis.cli import main


def _thin(folder):
    """The demo plus a year only 规费征收 holds (one row of 2018), and a county with no row."""
    with (folder / "fees.csv").open("a", encoding="utf-8") as f:
        f.write("JF2018-0001,2018,3,青山区,水资源费,1.5\n")
    with (folder / "counties.csv").open("a", encoding="utf-8") as f:
        f.write("新区,990199,XX市\n")
    return folder


def _planned(capsys, *args):
    code = main(["build", "--dry-run", "--notebooks", "02_funds_investment", *args])
    out, err = capsys.readouterr()
    lines = [json.loads(line)["parameters"] for line in out.splitlines()]
    return code, {(p["year"], p["county"]) for p in lines}, err


def test_a_year_only_one_ledger_holds_is_left_out_and_told(demo_copy, capsys):
    code, planned, err = _planned(capsys, "--data", str(_thin(demo_copy)))
    assert code == 0
    assert {y for y, _ in planned} == {2019, 2020, 2021, 2022, 2023}
    line = next(x for x in err.splitlines() if "2018年" in x)
    # 规费征收 (the row added) and 项目节点 (milestones reached back then) hold rows of 2018
    assert "2018年未生成报告：只有《项目节点》、《规费征收》有2018年的数据" in line
    assert "中 2 个，不足一半" in line and "--years 2018" in line
    # the county with no row of any year: left out, one line
    assert not [c for _, c in planned if c == "新区"]
    (told,) = [x for x in err.splitlines() if "新区" in x]
    assert "新区2019、2020、2021、2022、2023年未生成报告" in told and "--counties 新区" in told
    assert ("2023", "白沙县") not in planned and (2023, "白沙县") in planned


def test_a_thin_year_named_is_built_and_said_to_be_thin(demo_copy, capsys):
    folder = str(_thin(demo_copy))
    code, planned, err = _planned(capsys, "--data", folder, "--years", "2018")
    assert code == 0 and (2018, "全市") in planned
    assert "2018年数据很少：只有《项目节点》、《规费征收》有2018年的数据" in err
    # in 2018 only the counties of those rows are planned
    from wbanalysis.io import load

    ds = load(folder)
    dated = ds["milestones"]
    held = set(dated.loc[dated["actual_date"].dt.year == 2018, "county"]) | {"青山区"}
    assert {c for _, c in planned} == {"全市", *held} and len(held) < len(ds.counties)
    code, planned, err = _planned(
        capsys, "--data", folder, "--years", "2023", "--counties", "全市", "新区"
    )
    assert code == 0 and planned == {(2023, "全市"), (2023, "新区")}
    assert "新区2023年没有任何记录" in err


def test_a_build_planning_from_its_manifest_leaves_out_the_same(demo_copy, tmp_path, capsys):
    from wbanalysis.io import load
    from wbanalysis.pipeline.facts import LedgerFacts
    from wbanalysis.pipeline.options import BuildOptions
    from wbanalysis.pipeline.skip import plan_site

    ds = load(_thin(demo_copy))
    facts = LedgerFacts.from_json(json.loads(json.dumps(LedgerFacts.from_dataset(ds).to_json())))
    assert facts == LedgerFacts.from_dataset(ds)
    options = BuildOptions(notebooks=["02_funds_investment"])
    from_facts = [p.output for p in plan_site(facts, options, tmp_path)]
    told = capsys.readouterr().err
    assert from_facts == [p.output for p in plan_site(ds, options, tmp_path)]
    assert capsys.readouterr().err == told and "2018年未生成报告" in told
    assert not [o for o in from_facts if o.startswith("2018/") or "/990199/" in o]
