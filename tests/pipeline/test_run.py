"""Running the reports: how many kernels, and what the user is told."""

from __future__ import annotations

import os

from wbanalysis.pipeline.run import pool_size, tell_fewer_jobs


def test_pool_size_is_at_most_the_cpu_count(capsys):
    cpus = os.cpu_count() or 1
    assert pool_size(None) == cpus and pool_size(1) == 1
    assert capsys.readouterr().err == ""
    assert pool_size(cpus + 5) == cpus
    assert f"--jobs {cpus + 5} 超过本机 CPU 核数，已降为 {cpus}" in capsys.readouterr().err


def test_fewer_reports_than_jobs_are_told(capsys, monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    tell_fewer_jobs(4, 4, ["a", "b"])
    assert "只有 2 份报告需要生成，--jobs 已降为 2" in capsys.readouterr().err
    tell_fewer_jobs(None, 8, ["a"])  # not asked: nothing to say
    tell_fewer_jobs(4, 4, [])  # nothing to build
    tell_fewer_jobs(2, 2, ["a", "b", "c"])  # enough reports
    assert capsys.readouterr().err == ""
