"""What to rebuild: the plan, and which reports are up to date (a tiny hand-made plan)."""

from __future__ import annotations

import pytest
from conftest import ROOT

from wbanalysis.errors import BuildError, WbAnalysisError
from wbanalysis.pipeline.facts import LedgerFacts
from wbanalysis.pipeline.options import BuildOptions
from wbanalysis.pipeline.skip import (
    InputKeys,
    ledgers_read,
    plan_site,
    split_unchanged,
    up_to_date,
)
from wbanalysis.schema import LEDGERS, MONITORING

NOTEBOOK = ROOT / "tests" / "data" / "notebooks" / "ok" / "a_funding.ipynb"
FACTS = LedgerFacts(
    years=[2022, 2023],
    counties=["白沙县", "河东县"],  # a city bureau: a 行政区划 of one county is a county's bureau
    codes={"白沙县": "990124", "河东县": "990121"},
    last_months={2022: 12, 2023: 10},
    city="XX市",
)


def _plans(tmp_path, **kw):
    kw.setdefault("counties", ("全市", "白沙县"))
    options = BuildOptions(notebooks=[str(NOTEBOOK)], years=[2023], **kw)
    return plan_site(FACTS, options, tmp_path)


def _keys(plans, **kw):
    args = dict(
        code="c1", fingerprints={"funding": "f1", "storage": "s1"}, formats=("html",), check=False
    )
    return InputKeys.of(plans, **{**args, **kw})


def _built(plans, key_of, out_dir, ledgers=("funding",)):
    """The manifest's reports after a build of ``plans`` that read ``ledgers``."""
    reports = {}
    for report in plans:
        page = out_dir / report.output
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("页面", encoding="utf-8")
        reports[report.key] = {
            "status": "ok",
            "ledgers": list(ledgers),
            "input": key_of(report, list(ledgers)),
        }
    return reports


def test_the_plan_comes_from_the_facts_alone(tmp_path):
    plans = _plans(tmp_path)
    assert [p.output for p in plans] == ["2023/city/a_funding.html", "2023/990124/a_funding.html"]
    assert plans[1].parameters["county"] == "白沙县" and plans[1].scope.through_month == 10


def test_a_county_bureau_plans_its_county_once_and_no_city(tmp_path):
    """The facts of a county bureau (its 行政区划 lists only itself): its reports alone, the
    全市 asked for is its county, and the index speaks as the county."""
    county = LedgerFacts(
        years=[2023],
        counties=["龙泉县"],
        codes={"龙泉县": "990123"},
        last_months={2023: 10},
        city="XX市",
    )
    for counties in (None, ("全市", "龙泉县")):
        options = BuildOptions(notebooks=[str(NOTEBOOK)], years=[2023], counties=counties)
        plans = plan_site(county, options, tmp_path)
        assert [p.output for p in plans] == ["2023/990123/a_funding.html"]
        assert plans[0].parameters["county"] == "龙泉县" and plans[0].scope.county_bureau
    assert county.bureau == "龙泉县" and FACTS.bureau == "XX市"


def test_nothing_to_build_is_a_build_error(tmp_path):
    empty = LedgerFacts(years=[], counties=[], city="XX市")
    with pytest.raises(BuildError, match="没有找到含年度数据的台账"):
        plan_site(empty, BuildOptions(), tmp_path)
    assert issubclass(BuildError, WbAnalysisError)


def test_a_new_site_builds_everything(tmp_path):
    plans = _plans(tmp_path)
    todo, unchanged = split_unchanged(plans, {}, _keys(plans), tmp_path)
    assert todo == plans and unchanged == []


def test_the_same_inputs_are_up_to_date(tmp_path):
    plans = _plans(tmp_path)
    key_of = _keys(plans)
    reports = _built(plans, key_of, tmp_path)
    assert split_unchanged(plans, reports, key_of, tmp_path) == ([], plans)
    assert split_unchanged(plans, reports, key_of, tmp_path, force=True) == (plans, [])


def test_a_ledger_the_report_did_not_read_changes_nothing(tmp_path):
    plans = _plans(tmp_path)
    reports = _built(plans, _keys(plans), tmp_path)
    other = _keys(plans, fingerprints={"funding": "f1", "storage": "s2"})
    assert split_unchanged(plans, reports, other, tmp_path) == ([], plans)
    read = _keys(plans, fingerprints={"funding": "f2", "storage": "s1"})
    assert split_unchanged(plans, reports, read, tmp_path) == (plans, [])


@pytest.mark.parametrize(
    "change", [dict(code="c2"), dict(formats=("html", "docx")), dict(check=True)]
)
def test_code_formats_or_check_rebuild(tmp_path, change):
    plans = _plans(tmp_path)
    reports = _built(plans, _keys(plans), tmp_path)
    assert split_unchanged(plans, reports, _keys(plans, **change), tmp_path) == (plans, [])


def test_a_missing_page_or_a_failed_report_is_built_again(tmp_path):
    plans = _plans(tmp_path)
    key_of = _keys(plans)
    reports = _built(plans, key_of, tmp_path)
    (tmp_path / plans[0].output).unlink()
    reports[plans[1].key]["status"] = "failed"
    assert not up_to_date(plans[0], reports[plans[0].key], key_of, tmp_path)
    assert not up_to_date(plans[1], reports[plans[1].key], key_of, tmp_path)


def test_ledgers_read_default_to_all():
    every = [*LEDGERS, MONITORING]  # the monitoring data (水雨情) too
    assert ledgers_read(None) == ledgers_read({}) == every
    assert ledgers_read({"ledgers": "funding"}) == every  # the wrong shape
    assert ledgers_read({"ledgers": ["funding"]}) == ["funding"]


@pytest.mark.skipif(not hasattr(__import__("os"), "symlink"), reason="no symbolic links")
def test_a_page_linked_out_of_the_site_is_refused_with_or_without_force(tmp_path):
    """Issue #24, 8: a page replaced by a symbolic link to a file outside the site was listed
    as 未变 on a plain rebuild (and refused only under --force): refused the same way now."""
    from wbanalysis.errors import SiteError
    from wbanalysis.pipeline.claim import inside

    site, outside = tmp_path / "site", tmp_path / "elsewhere.html"
    site.mkdir()
    outside.write_text("not the site's", encoding="utf-8")
    plans = _plans(site)
    key_of = _keys(plans)
    reports = _built(plans, key_of, site)
    page = site / plans[0].output
    page.unlink()
    try:
        page.symlink_to(outside)
    except OSError:  # Windows without the right to make links
        pytest.skip("cannot make a symbolic link here")
    with pytest.raises(SiteError) as forced:  # what writing the page says (--force)
        inside(site, plans[0].output)
    with pytest.raises(SiteError) as plain:
        split_unchanged(plans, reports, key_of, site)
    assert str(plain.value) == str(forced.value)
    assert "越出站点文件夹" in str(plain.value)
    assert outside.read_text(encoding="utf-8") == "not the site's"
