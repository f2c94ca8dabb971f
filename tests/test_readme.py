"""Every code block of the README runs from an empty folder (issue #23 item 6).

Each ```python block runs on its own, in a fresh empty folder, in a new interpreter with only
the package importable; the cheap commands of the ```sh blocks (``wbanalysis validate``,
``indicators``, ``template``), their optional ``[…]`` parts left out, run there too.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^ *```(\w*)\n(.*?)^ *```", re.M | re.S)
#: Subcommands quick enough to run here (build and check have tests of their own).
CHEAP = ("validate", "indicators", "template")


def _blocks(language: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(README) if lang == language]


def _commands() -> list[str]:
    out = []
    for body in _blocks("sh"):
        for line in body.splitlines():
            line = line.split("#", 1)[0].strip()
            words = line.split()
            if len(words) > 1 and words[0] == "wbanalysis" and words[1] in CHEAP:
                out.append(re.sub(r"\s*\[[^\[\]]*\]", "", line))
    return out


def _run(argv: list[str], tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    env.pop("WBANALYSIS_DATA", None)
    return subprocess.run(
        argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_the_readme_has_blocks_to_run():
    assert len(_blocks("python")) >= 3
    assert {c.split()[1] for c in _commands()} == set(CHEAP)


@pytest.mark.slow
@pytest.mark.parametrize("n", range(len(_blocks("python"))))
def test_python_block_runs_from_an_empty_folder(n, tmp_path):
    code = _blocks("python")[n]
    done = _run([sys.executable, "-c", code], tmp_path)
    assert done.returncode == 0, f"{code}\n{done.stderr[-3000:]}"


@pytest.mark.slow
@pytest.mark.parametrize("command", _commands())
def test_cheap_command_runs_from_an_empty_folder(command, tmp_path):
    done = _run([sys.executable, "-m", "wbanalysis", *command.split()[1:]], tmp_path)
    assert done.returncode == 0, f"{command}\n{done.stderr[-3000:]}"
