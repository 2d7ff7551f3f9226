"""Errors raised by policylens. Every message names the file and the problem."""

from __future__ import annotations

from pathlib import Path


class PolicyLensError(Exception):
    """Base class for all policylens errors.

    Examples
    --------
    >>> import policylens as pl
    >>> try:
    ...     pl.load_text("   ", id="blank")
    ... except pl.PolicyLensError as error:
    ...     print(type(error).__name__, error)
    PolicyLoadError <blank>: text is empty
    """


class PolicyLoadError(PolicyLensError):
    """A policy file could not be loaded (missing, empty, binary, too large, unsupported...).

    The message is ``"<path>: <problem>"``.

    Parameters
    ----------
    path : str or Path
    problem : str

    Attributes
    ----------
    path : str
    problem : str

    Examples
    --------
    >>> import policylens as pl
    >>> try:
    ...     pl.load("no/such/policy.txt")
    ... except pl.PolicyLoadError as error:
    ...     print(error.path, "|", error.problem)
    no/such/policy.txt | file not found
    """

    def __init__(self, path: str | Path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class CorpusError(PolicyLensError):
    """A corpus is inconsistent (e.g. duplicate policy ids that cannot be disambiguated).

    Examples
    --------
    >>> import policylens as pl
    >>> same = [pl.load_text("We collect data.", id="acme"), pl.load_text("We sell data.", id="acme")]
    >>> pl.compare(same)
    Traceback (most recent call last):
    ...
    policylens.errors.CorpusError: duplicate policy id 'acme'...
    """
