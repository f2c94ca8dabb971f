"""`wbanalysis validate --monitoring DIR`: the ledgers and the monitoring folder checked."""

from __future__ import annotations

import pytest

from wbanalysis.cli import main
from wbanalysis.monitoring.demo import write_demo_monitoring


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("WBANALYSIS_CACHE", str(tmp_path / "cache"))


def test_the_demo_folder_passes(tmp_path, capsys):
    write_demo_monitoring(tmp_path / "水雨情")
    assert main(["validate", "--monitoring", str(tmp_path / "水雨情")]) == 0
    out = capsys.readouterr().out
    assert "台账检查通过" in out and "水雨情监测数据检查通过" in out
    assert "未能对应到县区" not in out  # the demo stations lie in the demo counties
    assert any(p.name.startswith("monitoring-of-") for p in (tmp_path / "cache").iterdir())


def test_every_problem_is_printed_and_the_exit_status_is_2(make_folder, capsys):
    folder = make_folder(
        ST_PPTN_R="STCD,TM,DRP\n60101,2023-07-01 09:00,-1\n69999,2023-07-01 09:00,1\n"
    )
    assert main(["validate", "--monitoring", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("水雨情监测数据有 2 处问题：")
    assert "文件 ST_PPTN_R.csv，第 2 行，列「DRP」：降水量不能为负（值：-1）" in err
    assert "文件 ST_PPTN_R.csv，第 3 行，列「STCD」：测站编码不在测站基本属性表" in err
    assert "Traceback" not in err


def test_a_missing_folder_is_told(tmp_path, capsys):
    assert main(["validate", "--monitoring", str(tmp_path / "无")]) == 2
    assert "水雨情监测数据文件夹不存在" in capsys.readouterr().err
