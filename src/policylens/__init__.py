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
    "segment",
    "__version__",
]


from policylens.extract import extract  # noqa: E402
from policylens.loader import load, load_corpus, load_text  # noqa: E402
from policylens.segment import segment  # noqa: E402


def __getattr__(name: str):
    # Stages whose modules share the function's name are bound eagerly above or below, so that
    # importing a submodule never shadows the function (``policylens.segment`` is the function).
    import importlib

    if name in ("classify", "ClauseClassifier"):
        return getattr(importlib.import_module("policylens.classify"), name)
    if name in ("compare", "open"):
        return getattr(importlib.import_module("policylens.compare"), name)
    if name == "analyze":
        return importlib.import_module("policylens.analyze").analyze
    if name in ("taxonomy", "datasets", "plotting"):
        return importlib.import_module(f"policylens.{name}")
    raise AttributeError(f"module 'policylens' has no attribute {name!r}")
