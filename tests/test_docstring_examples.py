"""The Examples sections of every module's docstrings run and print what they show (issue #13 item 7)."""

from __future__ import annotations

import ast
import doctest
import functools
import importlib
import importlib.util
import inspect
import pkgutil
from pathlib import Path

import pytest

import policylens

# Every module but ``__main__``, whose import runs the command line.
MODULES = ["policylens", *sorted(m.name for m in pkgutil.walk_packages(policylens.__path__, "policylens.")
                                 if not m.name.endswith(".__main__"))]
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


def find_examples(name: str) -> list[doctest.DocTest]:
    """The docstring tests of module ``name``, including those of ``functools.cached_property``
    attributes, which ``doctest.DocTestFinder`` does not look into."""
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    tests = finder.find(module, name)
    for cls_name, cls in vars(module).items():
        if inspect.isclass(cls) and cls.__module__ == name:
            for attr, value in vars(cls).items():
                if isinstance(value, functools.cached_property):
                    tests += finder.find(value.func, f"{name}.{cls_name}.{attr}", module=module,
                                         globs=vars(module))
    return tests


def run_examples(name: str) -> doctest.TestResults:
    """Run every example in module ``name``'s docstrings; failures are printed."""
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in find_examples(name):
        runner.run(test)
    return runner.summarize(verbose=False)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    result = run_examples(name)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (output above)"


def documented_examples(name: str) -> set[str]:
    """Qualified names of the public functions, classes and methods of module ``name`` whose
    docstring shows an example (``>>>``), read from the source."""
    tree = ast.parse(Path(importlib.import_module(name).__file__).read_text(encoding="utf-8"))
    out = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
            members = [(f"{node.name}.{n.name}", n) for n in node.body if isinstance(n, ast.FunctionDef)
                       and not n.name.startswith("_")] if isinstance(node, ast.ClassDef) else []
            for qualname, definition in [(node.name, node), *members]:
                if ">>>" in (ast.get_docstring(definition) or ""):
                    out.add(f"{name}.{qualname}")
    return out


@pytest.mark.parametrize("name", MODULES)
def test_every_example_in_the_source_is_run(name):
    """No example is silently left out (doctest skips some kinds of attribute on its own)."""
    run = {test.name for test in find_examples(name) if test.examples}
    assert documented_examples(name) <= run, sorted(documented_examples(name) - run)


def test_every_public_definition_has_an_examples_section():
    """``scripts/docstring_examples.py`` finds no public function, class or method of the package
    without an Examples section (issue #13 item 7), so the coverage cannot regress."""
    script = Path(__file__).resolve().parent.parent / "scripts" / "docstring_examples.py"
    spec = importlib.util.spec_from_file_location("docstring_examples", script)
    counter = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(counter)
    missing, total = counter.missing_examples()
    assert total > 0
    assert missing == []
