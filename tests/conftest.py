"""Shared fixtures: the bundled seeds, and the external corpora (skipped when absent)."""

from __future__ import annotations

import pytest

import policylens as pl
from policylens import config


@pytest.fixture(scope="session")
def seeds() -> dict[str, pl.Policy]:
    return {p.id: p for p in pl.load_corpus()}


@pytest.fixture(scope="session")
def seed_clauses(seeds):
    return {pid: pl.segment(p) for pid, p in seeds.items()}


def corpus_or_skip(name: str):
    """The folder of an external corpus, or skip the test with the reason."""
    path = config.corpus_dir(name)
    if not path.is_dir():
        pytest.skip(f"external corpus {name!r} not found at {path} (set POLICYLENS_CORPORA)")
    return path
