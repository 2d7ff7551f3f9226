"""The Examples sections of the classify package's docstrings run and print what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import policylens

MODULES = sorted(m.name for m in pkgutil.iter_modules(importlib.import_module("policylens.classify").__path__,
                                                        "policylens.classify."))


@pytest.mark.parametrize("name", ["policylens.classify", *MODULES])
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={"pl": policylens}, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert name == "policylens.classify" or result.attempted > 0  # every module shows examples
