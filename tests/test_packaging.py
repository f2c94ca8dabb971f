"""pyproject.toml and environment.yml list the same dependencies."""

from __future__ import annotations

import re

import tomllib
from conftest import ROOT


def _name_and_bound(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = dict(_name_and_bound(s) for s in project["dependencies"])
    listed = {}
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\s*-\s+([A-Za-z][A-Za-z0-9_.\-]*\s*[<>=!~].*)$", line)
        if m:
            name, bound = _name_and_bound(m.group(1))
            if name != "python":
                listed[name] = bound
    assert listed == wanted


def test_every_dependency_has_a_lower_bound():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        assert ">=" in spec, spec
