"""Imports go down the layers only, with no cycle between the package's parts.

Every ``.py`` under ``wbanalysis/`` is read with :mod:`ast`; every import counts — at module
level or inside a function (a lazy import still goes somewhere), relative or absolute — except
those under ``if TYPE_CHECKING:``. Each import is mapped to its part (``io``, ``indicators``,
``scope`` …) and must go to the same part or to a lower layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "wbanalysis"

#: The layers, bottom → top: a part may import its own modules and the parts of lower layers.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "atomic", "shipped"),
    ("units",),
    ("schema",),
    ("scope",),
    ("dataset",),
    ("io",),
    ("metrics", "monitoring"),
    ("indicators",),
    ("narrative", "voice", "labels", "blocks", "plots"),
    ("render",),
    ("reporting", "check"),
    ("pipeline",),
    ("cli", "__main__"),
)
LAYER = {part: n for n, parts in enumerate(LAYERS) for part in parts}

#: Modules outside the rule: the package's lazy front door (it only names what to import).
EXEMPT = {"__init__"}


def _part(module: str) -> str:
    """``wbanalysis.io.header`` → ``io``; ``wbanalysis`` → ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _module_of(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    names = list(rel.parts)
    if names[-1] == "__init__":
        names.pop()
    return ".".join(names)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, imported module) of every import that runs, in the package or not."""
    package = module if is_package else module.rpartition(".")[0]
    out: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            out.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if node.module is None or node.level and not node.module:
                # ``from . import x`` / ``from .. import x``: each name may be a module
                out.extend((node.lineno, f"{target}.{alias.name}") for alias in node.names)
            else:
                out.append((node.lineno, target))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return out


def _edges() -> list[tuple[str, str, str, int, str]]:
    """(from part, to part, file, line, imported module) of every import inside the package."""
    edges = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_of(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, target in _imports(tree, module, path.name == "__init__.py"):
            if target != "wbanalysis" and not target.startswith("wbanalysis."):
                continue
            if target in ("wbanalysis", "wbanalysis.__version__"):
                continue  # ``from .. import __version__``
            edges.append((_part(module), _part(target), str(path.relative_to(ROOT)), line, target))
    return edges


def _parts() -> set[str]:
    found = set()
    for path in PACKAGE.iterdir():
        if path.suffix == ".py" or (path.is_dir() and (path / "__init__.py").exists()):
            found.add(path.stem if path.suffix == ".py" else path.name)
    return found - EXEMPT


def test_every_part_has_a_layer():
    unplaced = sorted(_parts() - set(LAYER))
    assert not unplaced, f"place these parts in LAYERS (and in docs/ARCHITECTURE.md): {unplaced}"


def test_imports_go_down_only():
    upward = [
        f"{file}:{line}: {src} (layer {LAYER[src]}) imports {target} (layer {LAYER[dst]})"
        for src, dst, file, line, target in _edges()
        if src not in EXEMPT and dst in LAYER and src in LAYER and LAYER[dst] > LAYER[src]
    ]
    assert not upward, "imports going up a layer:\n" + "\n".join(upward)


def test_no_cycle_between_parts():
    graph: dict[str, set[str]] = {}
    for src, dst, *_ in _edges():
        if src != dst and src not in EXEMPT and dst not in EXEMPT:
            graph.setdefault(src, set()).add(dst)
    cycles = []
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def walk(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" → ".join(path[path.index(nxt) :] + [nxt]))
            elif nxt not in state:
                walk(nxt, path + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            walk(node, [node])
    assert not cycles, "cycles between parts:\n" + "\n".join(cycles)


def test_the_architecture_names_every_layer():
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    unnamed = [part for part in LAYER if f"`{part}`" not in text]
    assert not unnamed, f"docs/ARCHITECTURE.md does not name: {unnamed}"


def test_the_import_walker_sees_lazy_relative_imports():
    tree = ast.parse(
        "def f():\n    from ..io import load\n    from . import catalogue\n"
        "if TYPE_CHECKING:\n    from ..dataset import Dataset\n"
    )
    assert _imports(tree, "wbanalysis.indicators.local", False) == [
        (2, "wbanalysis.io"),
        (3, "wbanalysis.indicators.catalogue"),
    ]
