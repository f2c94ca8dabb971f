"""Progress of a build: a tqdm bar on a terminal, plain log lines otherwise; notices."""

from __future__ import annotations

import sys

__all__ = ["Progress", "notice"]


def notice(text: str) -> None:
    """One line for the user on stderr, outside the progress bar's lines."""
    print(f"wbanalysis：{text}", file=sys.stderr, flush=True)


class Progress:
    """A tqdm bar on a terminal; plain log lines otherwise."""

    def __init__(self, total: int, stream=None):
        self.stream = stream or sys.stderr
        self.total = total
        self.done = 0
        self.bar = None
        if total and self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(
                total=total, unit="份", desc="构建报告", file=self.stream, dynamic_ncols=True
            )

    def start(self, title: str) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(title[:40], refresh=True)

    def finish(self, title: str, status: str, seconds: float) -> None:
        self.done += 1
        mark = {"ok": "完成", "failed": "失败", "unchanged": "未变"}[status]
        if self.bar is not None:
            self.bar.update(1)
            if status == "failed":
                self.bar.write(f"失败：{title}", file=self.stream)
        else:
            print(
                f"[{self.done}/{self.total}] {mark} {title} ({seconds:.1f}s)",
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
