"""Corpus scale: ``analyze`` runs the pipeline over many files into Parquet tables.

- ``engine``: discovery, batching, the serial / process-pool / Dask engines, ``analyze``;
- ``batch``: the batch function each engine runs (load, pipeline, not-a-policy screen, write);
- ``store``: the Parquet store, its manifests and resuming;
- ``screen``: the not-a-policy screen.
"""

from __future__ import annotations

from policylens.corpus.engine import (
    DEFAULT_BATCH_SIZE,
    AnalyzeSummary,
    add_arguments,
    analyze,
    discover,
    main_from_args,
)
from policylens.corpus.screen import (
    DEFAULT_MIN_POLICY_SHARE,
    cue_share,
    not_a_policy,
    privacy_share,
)
from policylens.corpus.store import arrow_schema, read_manifests

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_MIN_POLICY_SHARE",
    "AnalyzeSummary",
    "add_arguments",
    "analyze",
    "arrow_schema",
    "cue_share",
    "discover",
    "main_from_args",
    "not_a_policy",
    "privacy_share",
    "read_manifests",
]
