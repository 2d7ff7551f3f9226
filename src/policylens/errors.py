"""Errors raised by policylens. Every message names the file and the problem."""

from __future__ import annotations

from pathlib import Path


class PolicyLensError(Exception):
    """Base class for all policylens errors."""


class PolicyLoadError(PolicyLensError):
    """A policy file could not be loaded (missing, empty, binary, too large, unsupported...)."""

    def __init__(self, path: str | Path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class CorpusError(PolicyLensError):
    """A corpus is inconsistent (e.g. duplicate policy ids that cannot be disambiguated)."""
