"""Segmentation invariants on real pages nobody here wrote (skipped when the corpora are absent)."""

from __future__ import annotations

import pytest
from conftest import corpus_or_skip
from helpers_invariants import assert_segmentation_invariants

import policylens as pl

pytestmark = pytest.mark.corpora


@pytest.mark.parametrize(("corpus", "pattern"), [("policond2024", "cleaned/*.html"),
                                                  ("opp115", "sanitized_policies/*.html")])
def test_invariants_on_every_page(corpus, pattern):
    files = sorted(corpus_or_skip(corpus).glob(pattern))
    assert len(files) >= 100
    segmented = 0
    for path in files:
        try:
            policy = pl.load(path)
        except pl.PolicyLoadError:
            continue  # stubs/non-policies are reported by the loader, not segmented
        clauses = pl.segment(policy)
        assert_segmentation_invariants(policy.text, clauses)
        segmented += 1
    assert segmented >= len(files) - 5


def test_html_pages_have_sections_and_items():
    files = sorted(corpus_or_skip("policond2024").glob("cleaned/*.html"))
    with_headings = with_items = 0
    for path in files:
        clauses = pl.segment(pl.load(path))
        with_headings += (clauses["kind"] == "heading").sum() >= 3
        with_items += (clauses["kind"] == "item").sum() >= 1
    # Most real policies have several headings and at least one list.
    assert with_headings / len(files) > 0.7
    assert with_items / len(files) > 0.6
