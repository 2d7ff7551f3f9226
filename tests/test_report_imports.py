"""The report package's architecture: renderers never import the report object, no module-level
import cycle in policylens, and every report module imports on its own in a fresh interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import policylens

SRC = Path(policylens.__file__).resolve().parent
#: modules that render or compute plain tables: they must not know the report object
RENDERERS = ("html", "spreadsheet", "notebook", "plotting", "formatting", "tables", "sections",
             "glossary")


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    """policylens modules ``path`` imports (TYPE_CHECKING blocks excluded; with
    ``top_level_only``, imports inside functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if top_level_only and isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parent = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*parent, base]) if base else ".".join(parent)
                found.add(base)
                found.update(f"{base}.{a.name}" for a in child.names)
            visit(child)

    visit(tree)
    return {name for name in found if name.split(".")[0] == "policylens"}


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in SRC.rglob("*.py")}


def test_report_modules_exist():
    names = set(_modules())
    for module in ("comparison", "sources", *RENDERERS):
        assert f"policylens.report.{module}" in names, module


@pytest.mark.parametrize("module", RENDERERS)
def test_renderers_never_import_the_report_object(module):
    path = SRC / "report" / f"{module}.py"
    imported = _imports(path, top_level_only=False)
    assert not {m for m in imported if m.startswith(("policylens.report.comparison",
                                                      "policylens.report.sources"))}
    assert "policylens.report.ComparisonReport" not in imported
    assert "policylens.cli" not in imported


def test_cli_uses_public_report_functions_only():
    imported = _imports(SRC / "cli.py", top_level_only=False)
    private = {m for m in imported if any(part.startswith("_") and not part.endswith("__")
                                          for part in m.split("."))}
    assert not private


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := walk(node)):
            return found
    return None


def test_no_module_level_import_cycle_in_the_report_package():
    modules = _modules()
    graph = {name: {m for m in _imports(path, top_level_only=True) if m in modules and m != name}
             for name, path in modules.items() if name.startswith("policylens.report")}
    # a package's __init__ re-exports its modules: the edge module -> package is the cycle to avoid
    assert _cycle(graph) is None, _cycle(graph)


def test_cycle_detector_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_each_report_module_imports_alone():
    names = sorted(n for n in _modules() if n.startswith("policylens.report"))
    # a fresh interpreter; before each module every policylens module is forgotten, so each is
    # imported first (a cycle or a missing import shows as an ImportError); third-party
    # libraries stay loaded, which keeps this fast
    code = ("import importlib, sys\n"
            "for name in sys.argv[1:]:\n"
            "    for loaded in [m for m in sys.modules if m.split('.')[0] == 'policylens']:\n"
            "        del sys.modules[loaded]\n"
            "    importlib.import_module(name)\n")
    done = subprocess.run([sys.executable, "-c", code, *names], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
