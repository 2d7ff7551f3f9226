"""Hang guards: a 1 MB clause of near-misses must finish in every extractor (linear-time rules).

The alarm is a hang guard, not a speed assertion; timings live in benchmarks/.
"""

from __future__ import annotations

import importlib

import pytest
from helpers_guard import hang_guard

from policylens.extract import MODULES, ClauseContext

CHUNKS = [
    "We keep logs for 12-24 months and as long as necessary; ",
    "under 13 years old, 16+, between 13 and 16; ",
    "we do not sell or share it@x.io for targeted advertising within 30 days; Last updated 1/2/2020 ",
    "You have the right to access, delete or port data to the U.S. under SCCs and GDPR; ",
    "a" * 997 + "\n",
]


@pytest.mark.parametrize("module", MODULES)
@pytest.mark.parametrize("chunk", CHUNKS, ids=range(len(CHUNKS)))
def test_a_one_megabyte_clause_does_not_hang(module, chunk):
    run = importlib.import_module(f"policylens.extract.{module}").extract_clause

    with hang_guard(90, module):
        run(ClauseContext(text=chunk * (1_000_000 // len(chunk))))
