"""Checks of the segmentation invariants, shared by unit, property and corpus tests."""

from __future__ import annotations

import pandas as pd


def assert_segmentation_invariants(text: str, clauses: pd.DataFrame) -> None:
    """Offsets reproduce the clause text; every non-whitespace character is in exactly one clause."""
    owner = [-1] * len(text)
    for row in clauses.itertuples(index=False):
        assert text[row.start:row.end] == row.text, f"offsets of clause {row.clause_id} do not match"
        assert row.text == row.text.strip() and row.text, f"clause {row.clause_id} is empty/untrimmed"
        for k in range(row.start, row.end):
            assert owner[k] == -1, f"character {k} is in clauses {owner[k]} and {row.clause_id}"
            owner[k] = row.clause_id
    missing = [k for k, ch in enumerate(text) if not ch.isspace() and owner[k] == -1]
    assert not missing, f"{len(missing)} characters in no clause, first at {missing[0]}: " \
                        f"{text[max(0, missing[0] - 20):missing[0] + 20]!r}"
    assert list(clauses["clause_id"]) == list(range(len(clauses)))
    assert list(clauses["start"]) == sorted(clauses["start"])
