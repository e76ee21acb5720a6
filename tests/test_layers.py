"""The import rule of README's "Layout": layers import only downwards, and nothing
imports in a cycle (imports inside functions count; ``if TYPE_CHECKING:`` blocks,
which never run, do not)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each layer and the layers its modules may import (its own included).
ALLOWED = {
    "engine": {"engine"},
    "explain": {"engine", "explain"},
    "show": {"engine", "explain", "show"},
    "nn": {"engine", "nn"},
    "documents": {"engine", "explain", "show", "nn", "documents"},
    "cli": {"engine", "explain", "show", "nn", "documents", "cli"},
}
# The two package façades re-export lower layers eagerly and higher ones on first use.
FACADES = {"autograd", "nn"}


def layer_of(module: str) -> str | None:
    """The layer a project module belongs to (None for a façade or a foreign module)."""
    parts = module.split(".")
    if module in FACADES or parts[0] not in FACADES:
        return None
    if module == "nn.__main__":  # `python -m nn` runs the command line
        return "cli"
    if parts[0] == "autograd":
        return parts[1] if parts[1] in ALLOWED else None
    return "documents" if parts[1] == "documents" else "nn"


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in FACADES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """Project modules that ``path`` imports when it runs (anywhere in the file)."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    todo: list[ast.AST] = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            todo.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # "from autograd.engine import graph" imports the submodule graph; a name
            # that is not a submodule comes from the package's __init__.
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            found.update(name for name in names if name in modules)
            if any(name not in modules for name in names):
                found.add(node.module)
        todo.extend(ast.iter_child_nodes(node))
    return {name for name in found if name in modules}


MODULES = project_modules()
GRAPH = {name: imports_of(path, MODULES) for name, path in MODULES.items()}


def test_every_module_is_in_a_layer_or_a_facade() -> None:
    unplaced = [m for m in MODULES if layer_of(m) is None and m not in FACADES]
    assert unplaced == [] and {layer_of(m) for m in MODULES} - {None} == set(ALLOWED)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m not in FACADES))
def test_imports_point_down(module: str) -> None:
    layer = layer_of(module)
    assert layer is not None
    for imported in sorted(GRAPH[module]):
        assert imported not in FACADES, f"{module} imports the façade {imported}; name the layer"
        target = layer_of(imported)
        assert target in ALLOWED[layer], f"{module} ({layer}) imports {imported} ({target})"


def test_no_import_cycles() -> None:
    """Depth-first search with an explicit stack; a back edge is a cycle."""
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    for start in sorted(GRAPH):
        if start in state:
            continue
        path = [start]
        stack = [iter(sorted(GRAPH[start]))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(GRAPH[nxt])))


def test_the_facades_import_only_the_light_layers_eagerly() -> None:
    assert {layer_of(m) for m in GRAPH["autograd"]} == {"engine"}
    assert {layer_of(m) for m in GRAPH["nn"]} == {"nn"}


def test_the_engine_alone_loads_no_drawing_or_formula_library() -> None:
    """``import autograd``, arithmetic, backward, grad and the tape, in a fresh interpreter."""
    script = """
import sys
import autograd
from autograd import Tape, Value, grad
x = Value(0.5, label="x")
y = (x * x + 1).tanh()
y.backward()
(d,) = grad(y, [x], create_graph=True)
Tape(y).run()
heavy = ("graphviz", "IPython", "sympy", "numpy", "autograd.explain", "autograd.show",
         "autograd.cli")
print(sorted(m for m in sys.modules if m.startswith(heavy)))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"
