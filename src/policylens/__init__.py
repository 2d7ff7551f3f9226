"""policylens: read privacy policies clause by clause.

load -> segment -> classify -> extract -> compare; ``analyze`` runs the same stages over corpora.
"""

from __future__ import annotations

from policylens.errors import CorpusError, PolicyLensError, PolicyLoadError
from policylens.policy import Block, Policy

__version__ = "0.1.0"

__all__ = [
    "Block",
    "CorpusError",
    "Policy",
    "PolicyLensError",
    "PolicyLoadError",
    "load",
    "load_corpus",
    "load_text",
    "extract",
    "classify",
    "ClauseClassifier",
    "compare",
    "ComparisonReport",
    "open",
    "read_results",
    "analyze",
    "segment",
    "__version__",
]


# Stages whose modules share the function's name are bound here, after their modules are imported,
# so that importing a submodule can never shadow the function (``policylens.segment`` is the
# function; the module stays importable by its full name).
from policylens.classify import ClauseClassifier, classify  # noqa: E402
from policylens.corpus import analyze  # noqa: E402
from policylens.extract import extract  # noqa: E402
from policylens.io import load, load_corpus, load_text  # noqa: E402
from policylens.report import ComparisonReport, compare, open, read_results  # noqa: E402, A004
from policylens.segment import segment  # noqa: E402


def __getattr__(name: str):
    import importlib

    if name in ("taxonomy", "datasets", "schema"):
        return importlib.import_module(f"policylens.{name}")
    raise AttributeError(f"module 'policylens' has no attribute {name!r}")
