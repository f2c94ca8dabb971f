"""The package as it is distributed: dependencies, package data, portability, the wheel."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

# seconds a test (subprocesses, large files, whole builds): left out of `make test-fast`
pytestmark = pytest.mark.slow


try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

PACKAGE = ROOT / "wbanalysis"


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _name_and_bound(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject():
    wanted = dict(_name_and_bound(s) for s in _project()["project"]["dependencies"])
    listed = {}
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\s*-\s+([A-Za-z][A-Za-z0-9_.\-]*\s*[<>=!~].*)$", line)
        if m:
            name, bound = _name_and_bound(m.group(1))
            if name != "python":
                listed[name] = bound
    assert listed == wanted


def test_every_dependency_has_a_lower_bound():
    project = _project()["project"]
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        assert ">=" in spec, spec


def test_every_package_folder_is_listed_for_the_wheel():
    listed = set(_project()["tool"]["setuptools"]["packages"])
    folders = {".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py")}
    assert folders <= listed, folders - listed
    shipped = _project()["tool"]["setuptools"]["package-dir"]
    assert shipped == {"wbanalysis.notebooks": "notebooks", "wbanalysis.data.sample": "data/sample"}


def test_no_package_folder_has_a_name_tools_treat_as_build_output():
    for folder in PACKAGE.rglob("*"):
        if folder.is_dir() and folder.name != "__pycache__":
            assert folder.name not in {"build", "dist", "out", "tmp", "venv"}, folder


def test_doctests_of_every_package_folder_are_collected():
    """pytest skips folders such as build/ by default: every module with examples must run."""
    with_doctests = sorted(
        p.relative_to(ROOT).as_posix()
        for p in PACKAGE.rglob("*.py")
        if ">>> " in p.read_text(encoding="utf-8") and p.name != "__main__.py"
    )
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "wbanalysis",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout
    collected = {line.split("::")[0] for line in out.splitlines() if "::" in line}
    assert with_doctests and set(with_doctests) <= collected, set(with_doctests) - collected
    folders = {Path(p).parent.as_posix() for p in with_doctests}
    assert {"wbanalysis/pipeline", "wbanalysis/render"} <= folders


def test_every_module_imports_without_posix_only_modules():
    """Windows has no fcntl, termios, pwd, grp or resource: no module of ours names them, and
    every module imports when they are unimportable to our code (third-party packages such as
    locket and psutil import them on Linux only, and something else on Windows)."""
    import ast

    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for name in names:
                assert name.split(".")[0] not in {
                    "fcntl",
                    "termios",
                    "pwd",
                    "grp",
                    "resource",
                    "posix",
                }, (path, name)
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in PACKAGE.rglob("*.py")
        if p.name != "__main__.py"
    )
    modules = [m.removesuffix(".__init__") for m in modules]
    code = textwrap.dedent(f"""
        import builtins, importlib
        real = builtins.__import__
        def windows(name, globals=None, locals=None, fromlist=(), level=0):
            # as on Windows, for our code (third-party packages pick per platform themselves)
            if name.split(".")[0] in ("fcntl", "termios", "pwd", "grp", "resource") and \\
                    (globals or {{}}).get("__name__", "").startswith("wbanalysis"):
                raise ModuleNotFoundError(f"No module named {{name!r}}")
            return real(name, globals, locals, fromlist, level)
        builtins.__import__ = windows
        for module in {modules!r}:
            importlib.import_module(module)
        print("imported", len({modules!r}))
    """)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert f"imported {len(modules)}" in done.stdout


def test_no_whole_city_literal_outside_the_scope_module():
    """全市 is written in one place; everything else asks the Scope (a county report must
    never attribute its figures to the whole city)."""
    import ast

    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name in ("scope.py", "schema.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and "全市" in node.value
                and id(node) not in docstrings
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


@pytest.mark.slow
def test_the_wheel_works_from_an_empty_folder(tmp_path):
    """Built, installed in a fresh venv (dependencies from this one), run where nothing is."""
    dist = tmp_path / "dist"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    wheel = next(dist.glob("wbanalysis-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300
    )
    python = _venv_python(venv)
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # The dependencies come from this environment (no download); wbanalysis from the wheel.
    (Path(site_packages) / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # nbconvert's own templates are data files of the environment that installed it: with the
    # dependencies borrowed through a .pth file, point Jupyter at that environment's share/.
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")

    def wbanalysis(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(python), "-m", "wbanalysis", *args],
            cwd=empty,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    where = subprocess.run(
        [str(python), "-c", "import wbanalysis; print(wbanalysis.__file__)"],
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
    )
    assert str(ROOT) not in where.stdout and "site-packages" in where.stdout, where.stdout

    checked = wbanalysis("validate")
    assert checked.returncode == 0 and "台账检查通过" in checked.stdout, checked.stderr
    figures = wbanalysis("indicators", "--year", "2023", "--format", "json")
    assert figures.returncode == 0, figures.stderr
    assert '"funding.total": 3209.0' in figures.stdout
    copied = wbanalysis("notebooks", "nb")
    assert copied.returncode == 0 and len(list((empty / "nb").glob("*.ipynb"))) == 7
    site = wbanalysis(
        "build",
        "--out",
        "site",
        "--years",
        "2023",
        "--counties",
        "全市",
        "--notebooks",
        "nb/02_funds_investment.ipynb",
        "01_annual_summary",
    )
    assert site.returncode == 0, site.stderr
    assert (empty / "site/index.html").is_file()
    summary = (empty / "site/2023/city/01_annual_summary.html").read_text(encoding="utf-8")
    assert "3209万元" in summary
    assert (empty / "site/2023/city/02_funds_investment.html").is_file()
    nothing = wbanalysis("build", "--out", "site2", "--data", "no_such_folder")
    assert nothing.returncode == 2 and "找不到台账" in nothing.stderr
    assert "Traceback" not in nothing.stderr and not (empty / "site2").exists()
    template = wbanalysis("template")
    assert template.returncode == 0 and (empty / "台账模板.xlsx").is_file()
    assert sorted(p.name for p in empty.iterdir()) == ["nb", "site", "site.cache", "台账模板.xlsx"]


def test_every_package_the_code_imports_is_a_declared_dependency():
    """A module imported by wbanalysis but missing from pyproject.toml works in the developer's
    venv and fails on a fresh install (python-docx once did exactly that)."""
    import ast
    import importlib.metadata as md
    import sys as _sys

    declared = {_name_and_bound(s)[0] for s in _project()["project"]["dependencies"]}
    distributions = md.packages_distributions()
    missing = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top in _sys.stdlib_module_names or top == "wbanalysis":
                    continue
                dists = {d.lower().replace("_", "-") for d in distributions.get(top, [top])}
                if not dists & declared:
                    missing.add(f"{top} ({path.relative_to(ROOT)})")
    assert missing == set()
