"""The package layout is the pipeline: lower stages never import higher ones, and no module cycle exists.

Every ``import`` counts, including those inside functions (a lazy import is still a dependency).
The order is the data flow: record files -> records -> triples -> store -> validate / publish /
access -> the API façade -> the notebook magic and the CLI.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ccuskg"

LAYERS = {
    "core": 0, "ingest": 1, "model": 2, "store": 3, "validation": 4, "publish": 4,
    "access": 5, "api": 6, "magics": 7, "cli": 7,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """The ccuskg modules a file imports: ``from ccuskg.x import y`` counts ``ccuskg.x.y`` when that is a module, else ``ccuskg.x``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("ccuskg")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ccuskg") and not node.level:
            for alias in node.names:  # a name that is a submodule imports that module, any other the package itself
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in known else node.module)
    return found


def graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    known = set(files)
    return {name: imported_modules(path, known) & known for name, path in files.items()}


def stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_every_package_of_ccuskg_has_a_place_in_the_layer_order():
    stages = {stage(m) for m in graph()} - {None}
    assert stages <= set(LAYERS), f"add {sorted(stages - set(LAYERS))} to the layer order in this test and docs/architecture.md"


def backwards_edges() -> list[str]:
    edges = []
    for module, imports in graph().items():
        here = stage(module)
        if here is None:  # the package root only re-exports the façade
            continue
        for target in imports:
            there = stage(target)
            if there is None:
                edges.append(f"{module} -> {target} (the package root sits above every stage)")
            elif there != here and LAYERS[there] >= LAYERS[here]:
                edges.append(f"{module} -> {target}")
    return sorted(edges)


def test_no_module_imports_a_higher_or_sibling_stage():
    assert backwards_edges() == []


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def test_there_is_no_import_cycle_between_modules():
    assert cycles(graph()) == []


@pytest.mark.parametrize("edges, expected", [
    ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
])
def test_the_cycle_finder_finds_cycles_and_only_cycles(edges, expected):
    assert cycles(edges) == expected


def test_test_modules_import_helpers_never_conftest_or_another_test_module():
    tests = Path(__file__).resolve().parent
    offending = []
    for path in sorted(tests.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offending += [f"{path.name} imports {n}" for n in names if n.split(".")[-1] == "conftest" or n.split(".")[-1].startswith("test_")]
    assert offending == []
