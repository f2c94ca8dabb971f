"""What a build did, and its exit status."""

from __future__ import annotations

from wbanalysis.pipeline.result import BuildResult


def test_exit_code_and_summary():
    result = BuildResult(planned=[], built=["a"], unchanged=["b", "c"], seconds=1.25)
    assert result.exit_code == 0
    assert result.summary() == "构建完成：新建 1 份，未变 2 份，失败 0 份，用时 1.2 秒"
    result.failed["d"] = "超时"
    assert result.exit_code == 1 and "失败 1 份" in result.summary()
