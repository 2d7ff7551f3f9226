"""Load the package's versioned data files (YAML/JSON) once."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load_data(name: str) -> Any:
    """Parse ``policylens/data/<name>`` (YAML or JSON), cached for the process."""
    text = resources.files("policylens").joinpath("data", name).read_text(encoding="utf-8")
    if name.endswith(".json"):
        return json.loads(text)
    return yaml.safe_load(text)


def vocabulary(aspect: str) -> list[str]:
    """Canonical ids for an aspect (``right``, ``transfer_mechanism``, ``legal_basis``, ``law``)."""
    return list(load_data("vocabulary.yaml")["aspects"][aspect])
