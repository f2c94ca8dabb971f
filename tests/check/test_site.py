"""Every report the demo site builds passes its own check: no relation its text states fails,
and every figure the catalogue covers agrees with the ledgers it was computed from."""

from __future__ import annotations

import pytest

from wbanalysis.check import check_text
from wbanalysis.check.document import html_text
from wbanalysis.pipeline.site import build_site

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("check") / "site"
    # 2022 too: its summary carries "三、2023年工作计划" before the appendix, which once made
    # the check read the appendix's figures as 2023's
    result = build_site(out_dir=out, years=[2022, 2023], counties=["全市", "白沙县"], jobs=2)
    assert not result.failed, result.failed
    return out, result


def test_every_report_of_two_years_passes_its_own_check(site, demo):
    out, result = site
    assert len(result.planned) >= 20
    totals = {"relations": 0, "reconciled": 0}
    for report in result.planned:
        page = (out / report.output).read_text(encoding="utf-8")
        text = html_text(page)
        checked = check_text(text, dataset=demo, scope=report.scope, source=report.output)
        problems = [r.computed + "：" + r.note for r in checked.failures] + [
            m.message for m in checked.mismatches
        ]
        assert checked.ok, (report.output, problems)
        assert checked.counts["reconciled"] > 0, report.output
        totals["relations"] += len(checked.relations)
        totals["reconciled"] += checked.counts["reconciled"]
    # the reports do state relations (the funding breakdown, the storage difference…)
    assert totals["relations"] >= 10 and totals["reconciled"] >= 200


def test_a_slip_in_a_report_is_caught(site, demo):
    out, result = site
    report = next(
        r
        for r in result.planned
        if r.scope.is_city and r.scope.year == 2023 and r.output.endswith("01_annual_summary.html")
    )
    text = html_text((out / report.output).read_text(encoding="utf-8"))
    assert "共争取项目资金3209万元" in text
    slipped = text.replace("共争取项目资金3209万元", "共争取项目资金3219万元")
    checked = check_text(slipped, dataset=demo, scope=report.scope)
    assert not checked.ok
    assert [r.kind for r in checked.failures] == ["total"]
    assert [m.message for m in checked.mismatches] == [
        "文中「共争取项目资金3219万元」，台账计算为3209万元"
    ]
