"""The demo ledgers: reproducible byte for byte, and the 2023 figures of the summary."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLE

from wbanalysis.dataset import in_period
from wbanalysis.io import load

# seconds a test (subprocesses, large files, whole builds): left out of `make test-fast`
pytestmark = pytest.mark.slow


def test_generator_reproduces_the_files(tmp_path):
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_demo_data.py"), str(tmp_path)],
        check=True,
        cwd=ROOT,
    )
    committed = sorted(p.name for p in SAMPLE.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == committed
    for name in committed:
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name


def test_demo_is_small():
    assert sum(p.stat().st_size for p in SAMPLE.iterdir()) < 3_000_000


def test_readme_says_synthetic():
    text = (SAMPLE / "README.md").read_text(encoding="utf-8")
    assert "合成" in text and "数据字典" in text and "争取金额（万元）" in text


def _period(df, date=None):
    return df[in_period(df, year=2023, through_month=10, date=date)]


def test_2023_ledger_totals_match_the_summary(demo):
    f = _period(demo.funding)
    assert f["secured"].sum() == pytest.approx(3209, abs=0.005)
    by_level = f.groupby("level")["secured"].sum()
    assert by_level["中央"] == pytest.approx(1650.2)
    assert by_level["省级"] == pytest.approx(436)
    assert by_level["市本级"] == pytest.approx(1122.8)
    by_programme = f.groupby("programme")["secured"].sum()
    assert by_programme["中央水利发展资金"] == pytest.approx(1554.2)
    assert by_programme["中央农业防灾减灾和水利救灾资金"] == pytest.approx(96)
    fai = demo.fixed_asset_investment
    this = _period(fai)["amount"].sum()
    last = fai[in_period(fai, year=2022, through_month=10)]["amount"].sum()
    assert this == pytest.approx(119700)
    assert round((this - last) / last * 100, 2) == 27.65
    s = demo.storage[demo.storage["year"] == 2023]
    assert s["actual"].sum() == pytest.approx(6636)
    assert s["target"].sum() == pytest.approx(6415.36)
    assert len(demo.river_chiefs) == 425
    assert 20000 <= _period(demo.patrols)["patrols"].sum() < 21000
    assert len(_period(demo.warnings, "date")) >= 150
    assert len(demo.rural_water_works) == 1090
    fees = _period(demo.fees).groupby("fee_type")["amount"].sum()
    assert fees["水资源费"] == pytest.approx(6219.38)
    assert fees["水土保持补偿费"] == pytest.approx(145.1)


def test_the_demo_has_trouble_to_show(demo):
    s = demo.storage[demo.storage["year"] == 2023].groupby("county")[["target", "actual"]].sum()
    assert (s["actual"] < s["target"]).sum() == 1  # one county missed its target
    m = demo.milestones
    cutoff = "2023-10-31"
    open_late = m[(m["planned_date"] <= cutoff) & m["actual_date"].isna()]
    assert len(open_late) >= 2
    i = demo.river_issues
    open_2022 = i[(i["found_date"] <= "2022-10-31") & (i["closed_date"] > "2022-10-31")]
    assert len(open_2022) >= 1


@pytest.mark.slow
def test_a_province_of_n_counties_copies_the_demo_counties(tmp_path):
    """``--counties N``: the demo's counties copied under new names; each copy's figures are
    its model's, the province's are the sum of its counties'."""
    import math

    from wbanalysis.indicators import compute_indicators

    for n in (3, 10):
        out = tmp_path / f"p{n}"
        done = subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "make_demo_data.py"),
                str(out),
                "--counties",
                str(n),
            ],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        ds = load(out)
        assert len(ds.counties) == n and len(set(ds.counties)) == n
    copy, model = "青山02区", "青山区"
    assert copy in ds.counties
    mine = compute_indicators(ds, year=2023, county=copy)
    theirs = compute_indicators(ds, year=2023, county=model)
    for key in mine:
        a, b = mine[key], theirs[key]
        assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b), key
    city = compute_indicators(ds, year=2023)
    parts = [compute_indicators(ds, year=2023, county=c)["funding.total"] for c in ds.counties]
    assert city["funding.total"] == pytest.approx(sum(parts))


def test_the_script_reads_its_arguments_and_never_overwrites_the_demo_with_a_province(tmp_path):
    script = [sys.executable, str(ROOT / "scripts" / "make_demo_data.py")]
    sample = {p.name: p.read_bytes() for p in (ROOT / "data" / "sample").iterdir()}
    helped = subprocess.run([*script, "--help"], cwd=tmp_path, capture_output=True, text=True)
    assert helped.returncode == 0 and "--counties" in helped.stdout
    for bad in (
        ["--counties", "3"],
        ["--counties"],
        ["--counties", "abc", str(tmp_path / "x")],
        ["--counties", "0", str(tmp_path / "x")],
        ["--counties", "1_0", str(tmp_path / "x")],
    ):
        done = subprocess.run([*script, *bad], cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 2 and "Traceback" not in done.stderr, (bad, done.stderr)
    assert list(tmp_path.iterdir()) == []  # no "--help" or "x" folder
    assert {p.name: p.read_bytes() for p in (ROOT / "data" / "sample").iterdir()} == sample
    done = subprocess.run([*script, "--counties=3", str(tmp_path / "p3")], cwd=tmp_path)
    assert done.returncode == 0 and (tmp_path / "p3" / "counties.csv").exists()
