"""The Examples sections of every module's docstrings run and print what they show (issue #13 item 7)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import policylens

# Every module but ``__main__``, whose import runs the command line.
MODULES = ["policylens", *sorted(m.name for m in pkgutil.walk_packages(policylens.__path__, "policylens.")
                                 if not m.name.endswith(".__main__"))]
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS

# Examples known to fail in files whose bodies are being edited in parallel; their docstrings are
# fixed once those edits land. strict: a module that starts passing must leave this list.
KNOWN_FAILING = {
    "policylens.compliance.checklist": "regimes_followed/scorecard show numpy 1 scalar reprs (np.True_ now)",
    "policylens.extract.rules": "RuleSet.candidates example reads .aspect of the (rule, i) pairs the set also holds",
}


def run_examples(name: str) -> doctest.TestResults:
    """Run every example in module ``name``'s docstrings; failures are printed."""
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in doctest.DocTestFinder(exclude_empty=True).find(module, name):
        runner.run(test)
    return runner.summarize(verbose=False)


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(reason=KNOWN_FAILING[n], strict=True))
                                  if n in KNOWN_FAILING else n for n in MODULES])
def test_docstring_examples_run(name):
    result = run_examples(name)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (output above)"
