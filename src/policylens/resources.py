"""Load the package's versioned data files (YAML/JSON) once."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import yaml

#: libyaml's loader when PyYAML was built with it (public API; ~10x faster, the same documents):
#: every worker process parses the rule files once, so this is part of analyze's start-up cost
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load_data(name: str) -> Any:
    """Parse ``policylens/data/<name>`` (YAML or JSON), cached for the process.

    Parameters
    ----------
    name : str
        A file name under ``policylens/data``.

    Returns
    -------
    data : object
        Shared between callers: do not modify.

    Examples
    --------
    >>> from policylens.resources import load_data
    >>> sorted(load_data("vocabulary.yaml"))
    ['aspects', 'version']
    """
    text = resources.files("policylens").joinpath("data", name).read_text(encoding="utf-8")
    if name.endswith(".json"):
        return json.loads(text)
    return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader


def vocabulary(aspect: str) -> list[str]:
    """Canonical ids for an aspect (``right``, ``transfer_mechanism``, ``legal_basis``, ``law``).

    Parameters
    ----------
    aspect : str

    Returns
    -------
    ids : list of str
        In vocabulary order (the column order of the report's matrices).

    Examples
    --------
    >>> from policylens.resources import vocabulary
    >>> vocabulary("right")[:4]
    ['access', 'rectification', 'erasure', 'restriction']
    """
    return list(load_data("vocabulary.yaml")["aspects"][aspect])
