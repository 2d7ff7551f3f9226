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
    "segment",
    "__version__",
]


def __getattr__(name: str):
    # Lazy so that `import policylens` stays cheap (spaCy, sklearn, matplotlib load on first use).
    if name in ("load", "load_corpus"):
        from policylens import load as _load

        return getattr(_load, name)
    if name == "segment":
        from policylens.segment import segment

        return segment
    if name in ("classify", "ClauseClassifier"):
        from policylens import classify as _classify

        return getattr(_classify, name)
    if name == "extract":
        from policylens.extract import extract

        return extract
    if name in ("compare", "open"):
        from policylens import compare as _compare

        return getattr(_compare, name)
    if name == "analyze":
        from policylens.analyze import analyze

        return analyze
    if name in ("taxonomy", "datasets", "plotting"):
        import importlib

        return importlib.import_module(f"policylens.{name}")
    raise AttributeError(f"module 'policylens' has no attribute {name!r}")
