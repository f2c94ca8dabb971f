"""构建结果 (what a build did): the reports planned, built, unchanged and failed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .plan import PlannedReport

__all__ = ["BuildResult"]


@dataclass
class BuildResult:
    """What a build did."""

    planned: list[PlannedReport]
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    out_dir: Path | None = None

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def summary(self) -> str:
        return (
            f"构建完成：新建 {len(self.built)} 份，未变 {len(self.unchanged)} 份，"
            f"失败 {len(self.failed)} 份，用时 {self.seconds:.1f} 秒"
        )
