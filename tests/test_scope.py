"""scope: one check of a selection — year, county, cut-off — for every path."""

from __future__ import annotations

import pytest

import wbanalysis.reporting as rp
from wbanalysis.cli import main
from wbanalysis.errors import ParameterError
from wbanalysis.indicators import compute_indicators
from wbanalysis.scope import Scope


def test_a_cut_off_past_the_ledgers_is_refused_where_the_scope_is_made(demo):
    # the demo's 2023 ends in October: 10 months must not be presented as 12 (a false 同比)
    assert demo.last_month(2023) == 10
    with pytest.raises(ParameterError, match="2023年的台账数据只到10月，不能计算截至12月的指标"):
        Scope.of(demo, year=2023, through_month=12)
    with pytest.raises(ParameterError, match="只到10月"):
        compute_indicators(demo, year=2023, through_month=11)
    with pytest.raises(ParameterError, match="只到10月"):
        rp.start(year=2023, through_month=12)
    assert Scope.of(demo, year=2023, through_month=10).period_label == "2023年1－10月"
    assert Scope.of(demo, year=2022, through_month=12).period_label == "2022年"


def test_the_command_line_refuses_it_in_chinese_with_exit_2(capsys):
    assert main(["indicators", "--year", "2023", "--through-month", "12"]) == 2
    err = capsys.readouterr().err
    assert "只到10月" in err and "Traceback" not in err


def test_the_year_over_year_growth_compares_the_same_months(demo):
    # through October both years: the comparable figure of the issue (同比增27.65%)
    values = compute_indicators(demo, year=2023, through_month=10)
    assert round(values["investment.fixed_asset_yoy"], 2) == 27.65


def test_a_stock_is_counted_at_the_end_of_the_month_or_year_never_at_年底底(demo):
    from pathlib import Path

    from wbanalysis.narrative import SummaryText

    october, year_end = Scope.of(demo, year=2023), Scope.of(demo, year=2022)
    assert (october.cutoff, october.as_of) == ("截至10月", "截至10月底")
    assert (year_end.cutoff, year_end.as_of) == ("截至年底", "截至年底")
    assert SummaryText.of(demo, year_end).basis(year_end).startswith("数据截至年底（2022年）")
    # no caption, title or sentence appends 底 to the cut-off itself
    root = Path(__file__).resolve().parent.parent
    for path in [*root.glob("wbanalysis/**/*.py"), *root.glob("notebooks/*.ipynb")]:
        assert "cutoff}底" not in path.read_text(encoding="utf-8"), path
